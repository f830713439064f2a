//! Lint: every problem on the board, file by file.
//!
//! Per-file findings come from parsing; this module adds the checks that
//! need the whole board or the settings: unknown statuses, duplicate ids and
//! titles, missing required fields, and what each gate finds wrong with its
//! own data (`Gate::lint`). Pure: it reads nothing.

use std::collections::BTreeMap;

use crate::board::{Board, EntryKey};
use crate::config::Settings;
use crate::finding::{Finding, Severity};
use crate::task::{Task, TaskCode};

/// The findings of one file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FileReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

/// All findings of a board, files in path order; files without findings
/// are left out.
pub(crate) fn lint(board: &Board, settings: &Settings) -> Vec<FileReport> {
    // By key: ids that are one id under the board tool's rule (`task-1`
    // and `TASK-1`) are duplicates.
    let mut by_id: BTreeMap<&EntryKey, Vec<(&str, &str)>> = BTreeMap::new();
    let mut by_title: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (entry, task) in board.tasks() {
        if let Some(id) = task.id.as_deref() {
            by_id
                .entry(&entry.key)
                .or_default()
                .push((&entry.display, id));
        }
        by_title
            .entry(task.title.to_lowercase())
            .or_default()
            .push(&entry.display);
    }
    // What the gates say about their own data in the files.
    let mut from_gates: BTreeMap<usize, Vec<Finding>> = BTreeMap::new();
    for gate in crate::gates::registry(settings) {
        for (at, finding) in gate.lint(board, settings) {
            from_gates.entry(at).or_default().push(finding);
        }
    }
    let mut reports = Vec::new();
    for (at, entry) in board.entries.iter().enumerate() {
        let mut findings = entry.findings().to_vec();
        findings.extend(from_gates.remove(&at).unwrap_or_default());
        if let Some(task) = entry.task() {
            findings.extend(unknown_status(task, settings));
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
                let others: Vec<String> = by_id[&entry.key]
                    .iter()
                    .filter(|(p, _)| *p != entry.display)
                    .map(|(p, other)| {
                        if *other == id {
                            (*p).to_owned()
                        } else {
                            format!("{p} (as `{other}`)")
                        }
                    })
                    .collect();
                if !others.is_empty() {
                    findings.push(
                        Finding::error(
                            TaskCode::DuplicateId,
                            format!("id `{id}` is also used by: {}", others.join(", ")),
                        )
                        .with_help(settings.ids.new_id_help(id)),
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

/// A task whose status is not one of the board's: on no column.
fn unknown_status(task: &Task, settings: &Settings) -> Option<Finding> {
    let status = task.status.as_deref()?;
    if settings.workflow.has_status(status) {
        return None;
    }
    // The file's spelling and the board's: `QA`, `In Progress`.
    let shown = task.status_raw.as_deref().map_or(status, str::trim);
    let mut f = Finding::warning(
        TaskCode::UnknownStatus,
        format!("status `{shown}` is not a status of this board; the task is on no column"),
    )
    .with_help(format!(
        "use one of: {}",
        settings
            .workflow
            .statuses
            .iter()
            .map(|s| settings.workflow.name(s))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some(line) = task.status_line {
        f = f.with_line(line);
    }
    Some(f)
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Locate;
    use crate::task::identity::IdRule;

    fn duplicates(ids: IdRule, files: &[(&str, &str)]) -> Vec<(String, String)> {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut settings = crate::config::load(&Locate {
            cwd: dir.path().to_path_buf(),
            ..Locate::default()
        })
        .expect("default settings");
        settings.ids = ids;
        let files = files
            .iter()
            .map(|(name, id)| {
                let text =
                    format!("---\nid: {id}\ntitle: {name}\nstatus: todo\npriority: P2\n---\n");
                (PathBuf::from(name), text.into_bytes())
            })
            .collect();
        let board = Board::from_files(&settings, files);
        lint(&board, &settings)
            .into_iter()
            .flat_map(|r| {
                r.findings
                    .into_iter()
                    .filter(|f| f.code == TaskCode::DuplicateId.as_str())
                    .map(move |f| (r.path.clone(), f.message))
            })
            .collect()
    }

    #[test]
    fn ids_that_are_one_id_under_the_rule_are_duplicates() {
        let found = duplicates(IdRule::Folded, &[("a.md", "task-1"), ("b.md", "TASK-1")]);
        assert_eq!(
            found,
            [
                (
                    "tasks/a.md".to_owned(),
                    "id `task-1` is also used by: tasks/b.md (as `TASK-1`)".to_owned()
                ),
                (
                    "tasks/b.md".to_owned(),
                    "id `TASK-1` is also used by: tasks/a.md (as `task-1`)".to_owned()
                ),
            ]
        );
        let backlog = IdRule::backlog(Some("back"));
        let found = duplicates(
            backlog.clone(),
            &[
                ("a.md", "BACK-355.01"),
                ("b.md", "back-355.1"),
                ("c.md", "355.1"),
                // Backlog.md's default prefix (a file from before the
                // board's prefix migration) names the same task.
                ("d.md", "task-355.1"),
            ],
        );
        assert_eq!(found.len(), 4, "{found:?}");
        let found = duplicates(IdRule::Numeric, &[("a.md", "30"), ("b.md", "030")]);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn ids_that_differ_under_the_rule_are_not_duplicates() {
        assert_eq!(
            duplicates(IdRule::Folded, &[("a.md", "T-01"), ("b.md", "T-1")]),
            []
        );
        let backlog = IdRule::backlog(Some("back"));
        assert_eq!(
            duplicates(
                backlog,
                &[
                    ("a.md", "BACK-35.51"),
                    ("b.md", "BACK-355.1"),
                    ("c.md", "task-355.2")
                ]
            ),
            []
        );
        assert_eq!(
            duplicates(IdRule::Numeric, &[("a.md", "30"), ("b.md", "300")]),
            []
        );
    }
}
