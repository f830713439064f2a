//! Human output: verdict lines, tables and findings, for a terminal or a
//! log. Text from task files passes through [`sanitize`] first.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};

use super::style::{Style, one_line, sanitize};
use super::{BoardReport, CheckReport, ColumnState};
use crate::finding::{Finding, Severity};
use crate::gates::{Outcome, VerdictKind};
use crate::sanitize::Shown;

/// The verdict line and one block per gate.
pub(crate) fn check(out: &mut dyn Write, r: &CheckReport, style: Style) -> io::Result<()> {
    let outcome = r.decision.outcome;
    let word = match outcome {
        Outcome::Allowed => style.good("allowed"),
        Outcome::Overridden => style.warn("overridden"),
        Outcome::Blocked | Outcome::Error => style.bad(outcome.as_str()),
    };
    let from = Shown(r.from_name.as_deref().unwrap_or("(new)"));
    let name = match &r.task.id {
        Some(id) => format!("{} ({})", one_line(&r.task.title), one_line(id)),
        None => one_line(&r.task.title),
    };
    let suffix = if r.no_op {
        " (already there; nothing to do)"
    } else {
        ""
    };
    writeln!(
        out,
        "{word}: {name}: {from} -> {}{suffix}",
        Shown(r.to_label())
    )?;
    for gate in &r.decision.gates {
        let verdict = gate.verdict.as_str();
        let painted = match gate.verdict {
            VerdictKind::Pass => style.good(verdict),
            VerdictKind::Warn | VerdictKind::Overridden => style.warn(verdict),
            VerdictKind::Fail | VerdictKind::Error => style.bad(verdict),
            VerdictKind::Skip => style.dim(verdict),
        };
        let pad = " ".repeat(12usize.saturating_sub(verdict.len()));
        match &gate.note {
            Some(note) => writeln!(
                out,
                "  {painted}{pad}{}  {}",
                gate.id,
                style.dim(&format!("({})", Shown(note)))
            )?,
            None => writeln!(out, "  {painted}{pad}{}", gate.id)?,
        }
        for finding in &gate.findings {
            finding_lines(out, finding, style, "              ")?;
        }
    }
    if let Some(audit) = &r.audit {
        writeln!(
            out,
            "  {}",
            style.dim(&format!("recorded in the audit log as #{}", audit.seq))
        )?;
    }
    Ok(())
}

/// `severity[code]: message`, then `help:` lines, indented.
pub(crate) fn finding_lines(
    out: &mut dyn Write,
    f: &Finding,
    style: Style,
    indent: &str,
) -> io::Result<()> {
    let sev = match f.severity {
        Severity::Error => style.bad("error"),
        Severity::Warning => style.warn("warning"),
        Severity::Info => style.dim("info"),
    };
    writeln!(out, "{indent}{sev}[{}]: {}", f.code, one_line(&f.message))?;
    if let Some(help) = &f.help {
        let help = sanitize(help);
        let mut lines = help.lines();
        if let Some(first) = lines.next() {
            writeln!(out, "{indent}  help: {first}")?;
        }
        for line in lines {
            writeln!(out, "{indent}        {line}")?;
        }
    }
    Ok(())
}

/// A table with stable layout: no wrapping, no terminal width.
pub(crate) fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(Cell::new));
    table
}

/// Trailing spaces that comfy-table pads its last column with, removed.
pub(crate) fn write_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    for line in table.to_string().lines() {
        // The preset pads every cell by one space; drop the left margin.
        let line = line.strip_prefix(' ').unwrap_or(line);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub(crate) fn board(out: &mut dyn Write, b: &BoardReport, style: Style) -> io::Result<()> {
    let mut t = table(&["column", "count", "limit", "use", "state"]);
    for c in &b.columns {
        let limit = c.limit.map_or_else(|| "-".to_owned(), |l| l.to_string());
        let used = c
            .utilization
            .map_or_else(|| "-".to_owned(), |u| format!("{:.0}%", u * 100.0));
        let state = match c.state {
            ColumnState::Ok => style.good("ok"),
            ColumnState::Warning => style.warn("warning"),
            ColumnState::Over => style.bad("over"),
        };
        t.add_row(vec![
            Cell::new(one_line(&c.name)),
            Cell::new(c.count).set_alignment(CellAlignment::Right),
            Cell::new(limit).set_alignment(CellAlignment::Right),
            Cell::new(used).set_alignment(CellAlignment::Right),
            Cell::new(state),
        ]);
    }
    write_table(out, &t)?;
    if !b.unconfigured.is_empty() {
        writeln!(out, "\nstatuses not in the workflow:")?;
        for (status, count) in &b.unconfigured {
            writeln!(out, "  {} ({count})", one_line(status))?;
        }
    }
    if !b.unreadable.is_empty() {
        writeln!(out, "\nunreadable files (counted nowhere):")?;
        for u in &b.unreadable {
            writeln!(
                out,
                "  {}: {}[{}] {}",
                one_line(&u.path),
                style.bad("error"),
                u.code,
                one_line(&u.message)
            )?;
        }
    }
    Ok(())
}
