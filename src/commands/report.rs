//! `gate report`: gathers the board, the P0 tasks judged at their current
//! stage, the audit log and lint, and hands them to a renderer.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Env;
use crate::board::{Board, Entry, EntryKey, is_task_path};
use crate::change::Judge;
use crate::cli::{Format, ReportArgs};
use crate::config::Settings;
use crate::error::Exit;
use crate::gates::{self, GateContext, Policy, VerdictKind};
use crate::git::blob_id;
use crate::git::tree::{Listing, TaskTrees};
use crate::report::compliance::{self, ComplianceReport, FileLoad, P0Row};
use crate::report::{TaskSummary, board_report, html, json, markdown, text};

/// The id of the gate the P0 table is judged with.
pub(super) const P0_GATE: &str = crate::gates::p0_security::ID;

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
    let (p0_gate, p0) = p0_rows(settings, board, now);
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
    let score = compliance::score(&board_rep, &p0, &files, read);
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
        p0_gate,
        p0,
        unfinished,
        audit,
        lint,
        score,
        no_limit_at,
    }
}

/// Every in-scope P0 task judged by the `p0-security` gate at its current
/// status (`from = to = status`); tasks at a stage without requirements are
/// listed with none. Empty when the gate is disabled or not
/// built in; the flag says whether it ran.
pub(super) fn p0_rows(
    settings: &Settings,
    board: &Board,
    now: DateTime<Utc>,
) -> (bool, Vec<P0Row>) {
    p0_rows_of(settings, board, now, None)
}

/// [`p0_rows`] of the tasks whose files are at `only` (their display
/// paths), or of every task: one task's row does not depend on the others'.
pub(super) fn p0_rows_of(
    settings: &Settings,
    board: &Board,
    now: DateTime<Utc>,
    only: Option<&std::collections::BTreeSet<String>>,
) -> (bool, Vec<P0Row>) {
    let wanted = |entry: &Entry| only.is_none_or(|set| set.contains(&entry.display));
    let gates = gates::registry(settings);
    let Some(gate) = gates.iter().find(|g| g.id() == P0_GATE) else {
        return (false, Vec::new());
    };
    let p0 = gates::p0_security::settings_of(settings);
    // One repository for every task, opened only if the gate needs git.
    let git = crate::git::LazyRepo::new(&settings.root, None);
    // One walk of history for every task that needs commit evidence.
    let walks: Vec<(String, Option<i64>)> = board
        .tasks()
        .filter(|(entry, _)| wanted(entry))
        .filter_map(|(entry, task)| {
            let status = task.status.as_deref()?;
            let ctx = GateContext::at_rest(task, &entry.path, status, board, settings, now, &git);
            gates::p0_security::commit_walk(&ctx, status)
        })
        .collect();
    gates::p0_security::prefetch_commit_evidence(settings, &git, &walks);
    let head = head_versions(settings, board);
    let judge = Judge {
        settings,
        policy: &Policy::default(),
        now,
        rev: None,
        pending: None,
    };
    let mut rows = Vec::new();
    for (entry, task) in board.tasks().filter(|(entry, _)| wanted(entry)) {
        let Some(status) = task.status.as_deref() else {
            continue;
        };
        let previous = head.get(&entry.key).and_then(Entry::task);
        let ctx = GateContext::at_rest(task, &entry.path, status, board, settings, now, &git)
            .with_previous(previous);
        let mut result = gates::judge(gate.id(), gate.evaluate(&ctx), &Policy::default());
        // A P0 task the work tree took out of scope (HEAD has it in scope)
        // with its stage's requirements unmet: `p0-security/left-scope`.
        if let Some(previous) = previous
            && let Some(exit) = judge.scope_exit(board, entry, task, previous)
            && let Some(gate_result) = exit.decision.gates.into_iter().next()
        {
            result = gate_result;
        }
        // A skip is out of scope, unless the task is in scope and simply
        // at a stage with no requirement: that task is listed, with none.
        if result.verdict == VerdictKind::Skip && gates::p0_security::scope_of(&ctx).is_err() {
            continue;
        }
        let mut row = compliance::p0_row(TaskSummary::new(entry, task), status, result, p0);
        settings.workflow.name(status).clone_into(&mut row.name);
        rows.push(row);
    }
    (true, rows)
}

/// The task files HEAD has that differ from the work tree's (or that the
/// work tree lacks: a renamed file), as HEAD has them, by key (a task's
/// id, wherever its file was): the state a report compares a task's P0
/// scope with. Empty outside git or before the first commit.
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
