//! `gate lint`: every file's findings; exit 1 on any error.

use anyhow::Result;
use serde_json::json;

use super::Env;
use crate::cli::Format;
use crate::error::Exit;
use crate::lint::{lint, totals};
use crate::report::human;
use crate::report::json;
use crate::report::style::one_line;

pub(super) fn run(env: &mut Env<'_>) -> Result<Exit> {
    env.require_format(&[Format::Human, Format::Json, Format::Sarif])?;
    let settings = env.settings()?;
    // Lint reports unreadable files itself, so not through `env.board`.
    let board = if env.cache {
        crate::board::Board::load_cached(&settings)?
    } else {
        crate::board::Board::load(&settings)?
    };
    let reports = lint(&board, &settings);
    let (errors, warnings) = totals(&reports);
    let exit = if errors > 0 {
        Exit::Failure
    } else {
        Exit::Success
    };
    if env.quiet {
        return Ok(exit);
    }
    if env.format == Format::Sarif {
        crate::report::sarif::write(env.out, &crate::report::sarif::from_lint(&reports))?;
        return Ok(exit);
    }
    if env.format == Format::Json {
        let files: Vec<_> = reports
            .iter()
            .map(|r| json!({"path": r.path, "findings": r.findings}))
            .collect();
        let doc = json!({
            "version": 1,
            "files": files,
            "summary": {"files": board.entries.len(), "errors": errors, "warnings": warnings},
        });
        json::write(env.out, &doc)?;
        return Ok(exit);
    }
    for report in &reports {
        for f in &report.findings {
            let at = f.line.map_or_else(
                || one_line(&report.path),
                |l| format!("{}:{l}", one_line(&report.path)),
            );
            write!(env.out, "{at}: ")?;
            human::finding_lines(env.out, f, env.style, "")?;
        }
    }
    writeln!(
        env.out,
        "{} files checked: {errors} error{}, {warnings} warning{}",
        board.entries.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    )?;
    Ok(exit)
}
