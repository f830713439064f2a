//! Lint: every problem on the board, file by file.
//!
//! Per-file findings come from parsing; this module adds the checks that
//! need the whole board or the settings: unknown statuses, duplicate ids and
//! titles, and missing required fields. Pure: it reads nothing.

use std::collections::BTreeMap;

use crate::board::Board;
use crate::config::Settings;
use crate::finding::{Finding, Severity};
use crate::task::TaskCode;

/// The findings of one file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FileReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

/// All findings of a board, files in path order; files without findings
/// are left out.
pub(crate) fn lint(board: &Board, settings: &Settings) -> Vec<FileReport> {
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut by_title: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (entry, task) in board.tasks() {
        if let Some(id) = task.id.as_deref() {
            by_id.entry(id).or_default().push(&entry.display);
        }
        by_title
            .entry(task.title.to_lowercase())
            .or_default()
            .push(&entry.display);
    }
    let mut reports = Vec::new();
    for entry in &board.entries {
        let mut findings = entry.findings().to_vec();
        if let Some(task) = entry.task() {
            if let Some(status) = task.status.as_deref()
                && !settings.workflow.has_status(status)
            {
                let mut f = Finding::warning(
                    TaskCode::UnknownStatus,
                    format!("status `{status}` is not in the workflow; the task is on no column"),
                )
                .with_help(format!(
                    "use one of: {}",
                    settings.workflow.statuses.join(", ")
                ));
                if let Some(line) = task.status_line {
                    f = f.with_line(line);
                }
                findings.push(f);
            }
            for field in &settings.board.required_fields {
                if !task.fields.contains(&field.as_str()) {
                    findings.push(
                        Finding::warning(
                            TaskCode::MissingField,
                            format!("required field `{field}` is not set"),
                        )
                        .with_help("add it to the front-matter, or change `board.required_fields`"),
                    );
                }
            }
            if let Some(id) = task.id.as_deref() {
                let others: Vec<&str> = by_id[id]
                    .iter()
                    .copied()
                    .filter(|p| *p != entry.display)
                    .collect();
                if !others.is_empty() {
                    findings.push(
                        Finding::error(
                            TaskCode::DuplicateId,
                            format!("id `{id}` is also used by: {}", others.join(", ")),
                        )
                        .with_help("give each task its own id (a fresh UUID)"),
                    );
                }
            }
            let others: Vec<&str> = by_title[&task.title.to_lowercase()]
                .iter()
                .copied()
                .filter(|p| *p != entry.display)
                .collect();
            if !others.is_empty() {
                findings.push(Finding::warning(
                    TaskCode::DuplicateTitle,
                    format!(
                        "title `{}` is also used by: {}",
                        task.title,
                        others.join(", ")
                    ),
                ));
            }
        }
        if !findings.is_empty() {
            findings.sort_by_key(|f| (f.line.unwrap_or(0), f.severity));
            reports.push(FileReport {
                path: entry.display.clone(),
                findings,
            });
        }
    }
    reports
}

/// Counts of error- and warning-severity findings.
pub(crate) fn totals(reports: &[FileReport]) -> (usize, usize) {
    let count = |sev| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == sev)
            .count()
    };
    (count(Severity::Error), count(Severity::Warning))
}
