//! `gate lint`: every file's findings; exit 1 on any error.

use anyhow::Result;
use serde::Serialize;

use super::Env;
use crate::cli::Format;
use crate::error::Exit;
use crate::finding::Finding;
use crate::lint::{FileReport, lint, totals};
use crate::report::style::one_line;
use crate::report::{codequality, github, human, json, sarif};

/// `{"version": 1, "files": [{path, findings}], "summary": {…}}`.
#[derive(Serialize)]
struct LintDoc<'a> {
    version: u32,
    files: Vec<FileDoc<'a>>,
    summary: LintSummary,
}

#[derive(Serialize)]
struct FileDoc<'a> {
    path: &'a str,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct LintSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

pub(super) fn run(env: &mut Env<'_>) -> Result<Exit> {
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
    let files = board.entries.len();
    match env.format {
        Format::Sarif => sarif::write(env.out, &sarif::from_lint(&reports))?,
        Format::Codequality => codequality::write(env.out, &sarif::from_lint(&reports))?,
        Format::Json => {
            let doc = LintDoc {
                version: 1,
                files: reports
                    .iter()
                    .map(|r| FileDoc {
                        path: &r.path,
                        findings: &r.findings,
                    })
                    .collect(),
                summary: LintSummary {
                    files,
                    errors,
                    warnings,
                },
            };
            json::write(env.out, &doc)?;
        }
        Format::Github => {
            let hits = sarif::from_lint(&reports);
            github::write_annotations(env.out, &hits)?;
            let line = summary_line(files, errors, warnings);
            writeln!(env.out, "{line}")?;
            super::step_summary(env, &github::lint_summary(&hits, &line))?;
        }
        _ => human_listing(env, &reports, files, errors, warnings)?,
    }
    Ok(exit)
}

fn human_listing(
    env: &mut Env<'_>,
    reports: &[FileReport],
    files: usize,
    errors: usize,
    warnings: usize,
) -> Result<()> {
    for report in reports {
        for f in &report.findings {
            let at = f.line.map_or_else(
                || one_line(&report.path),
                |l| format!("{}:{l}", one_line(&report.path)),
            );
            write!(env.out, "{at}: ")?;
            human::finding_lines(env.out, f, env.style, "")?;
        }
    }
    writeln!(env.out, "{}", summary_line(files, errors, warnings))?;
    Ok(())
}

/// `14 files checked: 2 errors, 1 warning`.
fn summary_line(files: usize, errors: usize, warnings: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{files} file{} checked: {errors} error{}, {warnings} warning{}",
        s(files),
        s(errors),
        s(warnings)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_counts_in_the_singular_too() {
        assert_eq!(summary_line(1, 1, 1), "1 file checked: 1 error, 1 warning");
        assert_eq!(
            summary_line(0, 2, 0),
            "0 files checked: 2 errors, 0 warnings"
        );
    }
}
