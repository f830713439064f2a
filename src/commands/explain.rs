//! `gate explain [CODE]`.

use anyhow::{Result, bail};

use super::Env;
use crate::config::nearest;
use crate::error::{Exit, UsageError};
use crate::explain::{GATES, SURFACES, all_codes, other_codes};

pub(super) fn run(env: &mut Env<'_>, args: &crate::cli::ExplainArgs) -> Result<Exit> {
    let out = &mut *env.out;
    let Some(code) = args.code.as_deref() else {
        // One column for every name, as wide as the longest (codes are
        // indented by two under their gate).
        let width = GATES
            .iter()
            .map(|g| g.id.len())
            .chain(GATES.iter().flat_map(|g| g.codes).map(|c| c.code.len() + 2))
            .chain(other_codes().map(|c| c.code.len()))
            .max()
            .unwrap_or(0);
        for gate in GATES {
            writeln!(out, "{:<width$}  {}", gate.id, gate.summary)?;
            for c in gate.codes {
                writeln!(out, "  {:<w$}  {}", c.code, c.summary, w = width - 2)?;
            }
        }
        writeln!(out)?;
        for c in other_codes() {
            writeln!(out, "{:<width$}  {}", c.code, c.summary)?;
        }
        return Ok(Exit::Success);
    };
    if let Some(gate) = GATES.iter().find(|g| g.id == code) {
        writeln!(
            out,
            "{} — {}\n\n{}\n\ncodes:",
            gate.id, gate.summary, gate.doc
        )?;
        for c in gate.codes {
            writeln!(out, "  {} ({}): {}", c.code, c.severity.as_str(), c.summary)?;
        }
        return Ok(Exit::Success);
    }
    if let Some((_, doc)) = SURFACES.iter().find(|(name, _)| *name == code) {
        writeln!(out, "{doc}")?;
        return Ok(Exit::Success);
    }
    if let Some(doc) = all_codes().find(|c| c.code == code) {
        writeln!(
            out,
            "{} ({})\n\n{}.\n\n{}",
            doc.code,
            doc.severity.as_str(),
            capitalize(doc.summary),
            doc.details
        )?;
        return Ok(Exit::Success);
    }
    let names = GATES
        .iter()
        .map(|g| g.id)
        .chain(all_codes().map(|c| c.code))
        .chain(SURFACES.iter().map(|(name, _)| *name));
    let hint = nearest(code, names).map_or_else(
        || "\nhelp: `gate explain` lists them all".to_owned(),
        |n| format!("\nhelp: did you mean `{n}`?"),
    );
    bail!(UsageError(format!(
        "no gate or finding code `{code}`{hint}"
    )))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
