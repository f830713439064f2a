//! `gate report`: gathers the board, the gates' tables (the P0 tasks judged
//! at their current stage), the audit log and lint, and hands them to a
//! renderer.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Env;
use crate::board::{Board, Entry, EntryKey, is_task_path};
use crate::cli::{Format, ReportArgs};
use crate::config::Settings;
use crate::error::Exit;
use crate::gates::{self, GateContext};
use crate::git::blob_id;
use crate::git::tree::{Listing, TaskTrees};
use crate::report::compliance::{self, ComplianceReport, FileLoad, Row, Table};
use crate::report::{TaskSummary, board_report, html, json, markdown, text};

pub(super) fn run(env: &mut Env<'_>, args: &ReportArgs) -> Result<Exit> {
    let since = super::since(args.since.as_deref(), env.now)?;
    let settings = env.settings()?;
    // The compliance checks read P0 tasks' sections.
    let board = env.board_with_texts(&settings)?;
    super::warn_unread(env, &settings, &board)?;
    let audit = if settings.audit.enabled {
        let bytes = crate::audit::log::read(&settings.audit.path)?.unwrap_or_default();
        let (records, bad) = crate::audit::parse_all(&bytes);
        if !bad.is_empty() && !env.quiet {
            let shown = crate::board::display_path(&settings.root, &settings.audit.path);
            writeln!(
                env.err,
                "warning: {shown}: {} line(s) are not records and are not counted; run `gate audit verify`",
                bad.len()
            )?;
        }
        Some(compliance::audit_stats(&records, since))
    } else {
        None
    };
    let report = gather(&settings, &board, audit, env.now, args.no_limit_at);
    if env.quiet {
        return Ok(Exit::Success);
    }
    match env.format {
        Format::Json => json::write(env.out, &compliance::json_doc(&report))?,
        Format::Markdown => markdown::write(env.out, &report)?,
        Format::Html => html::write(env.out, &report)?,
        _ => text::write(env.out, &report, env.style)?,
    }
    Ok(Exit::Success)
}

/// Builds the report from loaded parts.
pub(super) fn gather(
    settings: &Settings,
    board: &Board,
    audit: Option<compliance::AuditStats>,
    now: DateTime<Utc>,
    no_limit_at: u32,
) -> ComplianceReport {
    let board_rep = board_report(board, settings);
    let tables = tables(settings, board, now);
    // A file passes unless lint finds an error in it: its own (it does not
    // load) or one across files (its id is another file's too).
    let lint_reports = crate::lint::lint(board, settings);
    let first_error: std::collections::HashMap<&str, &str> = lint_reports
        .iter()
        .filter_map(|r| {
            let f = r
                .findings
                .iter()
                .find(|f| f.severity == crate::finding::Severity::Error)?;
            Some((r.path.as_str(), f.code))
        })
        .collect();
    let files: Vec<FileLoad> = board
        .entries
        .iter()
        .map(|e| FileLoad {
            path: e.display.clone(),
            error: first_error.get(e.display.as_str()).map(|c| (*c).to_owned()),
        })
        .collect();
    let read = board.tasks().any(|(_, t)| t.status.is_some());
    let score = compliance::score(&board_rep, &tables, &files, read);
    let lint = compliance::lint_summary(board.entries.len(), &lint_reports);
    let unfinished = crate::gates::at_rest(settings, board, now)
        .into_iter()
        .filter_map(|(gate, at, findings)| {
            let entry = &board.entries[at];
            let task = entry.task()?;
            let status = task.status.as_deref()?;
            Some(compliance::GateRow {
                gate,
                task: TaskSummary::new(entry, task),
                status: settings.workflow.name(status).to_owned(),
                findings,
            })
        })
        .collect();
    ComplianceReport {
        generated: now,
        board: board_rep,
        tables,
        unfinished,
        audit,
        lint,
        score,
        no_limit_at,
    }
}

/// Every gate's table ([`crate::gates::table`]), in the registry's order,
/// with a row for each task of `board` the gate has one for, judged as it
/// stands (`from = to = status`, beside the task as HEAD has it). A
/// disabled gate's table is empty and says so.
pub(super) fn tables(settings: &Settings, board: &Board, now: DateTime<Utc>) -> Vec<Table> {
    tables_of(settings, board, now, None)
}

/// [`tables`] with the rows of the tasks whose files are at `only` (their
/// display paths), or of every task: a row depends on its task's file and
/// those sharing its key only ([`crate::gates::Gate::row`]).
pub(super) fn tables_of(
    settings: &Settings,
    board: &Board,
    now: DateTime<Utc>,
    only: Option<&std::collections::BTreeSet<String>>,
) -> Vec<Table> {
    let gates = gates::registry(settings);
    let mut tables: Vec<(Table, Option<&dyn gates::Gate>)> = gates::ALL
        .iter()
        .filter_map(|doc| {
            let gate = gates.iter().find(|g| g.id() == doc.id).map(AsRef::as_ref);
            let table = Table {
                gate: doc.id,
                doc: doc.table?,
                enabled: gate.is_some(),
                rows: Vec::new(),
            };
            Some((table, gate))
        })
        .collect();
    if tables.iter().all(|(_, gate)| gate.is_none()) {
        return tables.into_iter().map(|(t, _)| t).collect();
    }
    // One repository for every task, opened only if a gate needs git.
    let git = crate::git::LazyRepo::new(&settings.root, None);
    let head = head_versions(settings, board);
    let wanted = |entry: &Entry| only.is_none_or(|set| set.contains(&entry.display));
    let (tasks, contexts): (Vec<_>, Vec<_>) = board
        .tasks()
        .filter(|(entry, _)| wanted(entry))
        .filter_map(|(entry, task)| {
            let status = task.status.as_deref()?;
            let previous = head.get(&entry.key).and_then(Entry::task);
            let ctx = GateContext::at_rest(task, &entry.path, status, board, settings, now, &git)
                .with_previous(previous);
            Some(((entry, task), ctx))
        })
        .unzip();
    for (table, gate) in &mut tables {
        let Some(gate) = gate else { continue };
        // One walk of history for every task that needs one.
        gate.prefetch(&contexts);
        for ((entry, task), ctx) in tasks.iter().zip(&contexts) {
            let Some(row) = gate.row(ctx) else { continue };
            table.rows.push(Row {
                task: TaskSummary::new(entry, task),
                status: ctx.to.to_owned(),
                name: settings.workflow.name(ctx.to).to_owned(),
                verdict: row.result.verdict,
                findings: row.result.findings,
                requirements: row.requirements,
            });
        }
    }
    tables.into_iter().map(|(t, _)| t).collect()
}

/// The task files HEAD has that differ from the work tree's (or that the
/// work tree lacks: a renamed file), as HEAD has them, by key (a task's
/// id, wherever its file was): the state a gate compares a task with (has
/// the work tree taken it out of the P0 scope?). Empty outside git or before the first commit.
fn head_versions(settings: &Settings, board: &Board) -> HashMap<EntryKey, Entry> {
    let dir = &settings.board.tasks_dir;
    let Ok(trees) = TaskTrees::open(&settings.root, dir) else {
        return HashMap::new();
    };
    let Some(head) = trees.head() else {
        return HashMap::new();
    };
    let keep = |rel: &Path| is_task_path(settings, rel);
    let Ok(listing) = trees.list_commit(Some(&head), &keep) else {
        return HashMap::new();
    };
    let now: HashMap<&Path, Option<String>> = board
        .entries
        .iter()
        .map(|e| {
            let text = e.task().and_then(|t| t.text.as_deref());
            (e.path.as_path(), text.and_then(|x| blob_id(x.as_bytes())))
        })
        .collect();
    // Only files whose content differs, or that are gone, need reading.
    let changed: Listing = listing
        .into_iter()
        .filter(|(rel, id)| {
            now.get(dir.join(rel).as_path())
                .is_none_or(|blob| blob.as_ref() != Some(id))
        })
        .collect();
    let Ok(files) = trees.read(&changed) else {
        return HashMap::new();
    };
    let mut by_key = HashMap::new();
    for entry in Board::from_files(settings, files).entries {
        by_key.entry(entry.key.clone()).or_insert(entry);
    }
    by_key
}
