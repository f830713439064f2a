//! Judging a change between two board states.
//!
//! This is the one place that decides what a change did to the board and
//! asks the gates about each part of it. `check` judges one requested
//! transition; the commit hook, `ci` and `move` judge "board before →
//! board after" with [`Judge::between`], which finds:
//!
//! - **transitions**: a task whose status differs (a renamed file keeps
//!   its previous status through its id; a new file starts from nothing);
//! - **removals**: a task that leaves the board — its file deleted or moved
//!   out of the tasks directory, or its status removed. A removal is a
//!   transition to nothing, judged by the transition gate;
//! - **scope exits**: a P0 security task that stops being one (priority,
//!   labels, title words) while requirements of its stage are unmet;
//! - **files that stop loading**: a task file that was a task and no longer
//!   reads as one. That is an error of the change, not a warning.
//!
//! A transition is judged with the task in the P0 scope if it is in scope
//! before *or* after the change, so lowering the priority in the same
//! commit that moves the task does not dodge the gate.
//!
//! Pure over its inputs: the boards, the settings, the clock and the git
//! revision at which gates read evidence. No I/O of its own, no printing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::board::{Board, Entry, EntryKind};
use crate::config::Settings;
use crate::finding::Finding;
use crate::gates::{self, Decision, GateContext, PendingCommit, Policy, Verdict, p0_security};
use crate::git::LazyRepo;
use crate::task::Task;

/// The task a result is about, as shown to people and machines.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSummary {
    pub id: Option<String>,
    pub title: String,
    pub path: String,
    pub priority: Option<String>,
    pub status: Option<String>,
    pub status_line: Option<usize>,
}

impl TaskSummary {
    pub fn new(entry: &Entry, task: &Task) -> TaskSummary {
        TaskSummary {
            id: task.id.clone(),
            title: task.title.clone(),
            path: entry.display.clone(),
            priority: task.priority.as_ref().map(ToString::to_string),
            status: task.status.clone(),
            status_line: task.status_line,
        }
    }
}

/// Where a decision was recorded in the audit log.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRef {
    pub seq: u64,
    pub hash: String,
}

/// What kind of change a report judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// A status change (or a new task's first status).
    Transition,
    /// The task leaves the board: `to` is `None`.
    Removal,
    /// The task's status is unchanged but it left the P0 security scope.
    ScopeExit,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Transition => "transition",
            ChangeKind::Removal => "removal",
            ChangeKind::ScopeExit => "scope-exit",
        }
    }
}

/// One judged change of one task.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    pub task: TaskSummary,
    pub from: Option<String>,
    /// The status moved to; `None` when the task leaves the board.
    pub to: Option<String>,
    /// `from` and `to` as the board spells them (`In Progress`), for people.
    pub from_name: Option<String>,
    pub to_name: Option<String>,
    pub kind: ChangeKind,
    pub decision: Decision,
    /// `true` when the target is the current status: nothing to judge.
    pub no_op: bool,
    pub audit: Option<AuditRef>,
    /// The git blob id of the task file as the change leaves it, when
    /// known (`move`, `check --staged`): a decision already recorded for
    /// the same file content is not recorded again.
    pub blob: Option<String>,
}

impl CheckReport {
    /// The target as printed: the status as the board spells it, or a
    /// note that the task leaves.
    pub fn to_label(&self) -> &str {
        self.to_name
            .as_deref()
            .or(self.to.as_deref())
            .unwrap_or("(leaves the board)")
    }
}

/// The commit a change was made in (`ci`, merges).
#[derive(Clone, Debug, PartialEq)]
pub struct CommitRef {
    pub id: String,
    pub short: String,
    pub summary: String,
}

/// One judged change, with its commit when it came from history.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub report: CheckReport,
    pub commit: Option<CommitRef>,
}

/// The judged changes between two boards, and the changed task files that
/// cannot be read (each an error of the change).
#[derive(Clone, Debug, Default)]
pub struct Changes {
    pub items: Vec<Item>,
    pub unreadable: Vec<String>,
}

impl Changes {
    pub fn extend(&mut self, other: Changes) {
        self.items.extend(other.items);
        self.unreadable.extend(other.unreadable);
    }
}

/// What every judgement of a change runs with.
pub struct Judge<'a> {
    pub settings: &'a Settings,
    pub policy: &'a Policy<'a>,
    pub now: DateTime<Utc>,
    /// The revision at which P0 evidence is read; `None` for HEAD.
    pub rev: Option<&'a str>,
    /// The commit being made (`check --staged --message-file`): it counts
    /// as P0 evidence as it will once committed.
    pub pending: Option<&'a PendingCommit>,
}

/// One requested transition of one task.
pub struct Request<'a> {
    pub entry: &'a Entry,
    pub task: &'a Task,
    /// The task as it was before the change, when known: its P0 scope
    /// counts too.
    pub previous: Option<&'a Task>,
    pub from: Option<String>,
    pub to: String,
}

/// A status as the board spells it.
fn name(settings: &Settings, key: Option<&str>) -> Option<String> {
    key.map(|k| settings.workflow.name(k).to_owned())
}

impl Judge<'_> {
    /// The report of a change of `summary`'s task from `from` to `to`.
    fn report(
        &self,
        summary: TaskSummary,
        from: Option<String>,
        to: Option<String>,
        kind: ChangeKind,
        decision: Decision,
    ) -> CheckReport {
        CheckReport {
            task: summary,
            from_name: name(self.settings, from.as_deref()),
            to_name: name(self.settings, to.as_deref()),
            from,
            to,
            kind,
            decision,
            no_op: false,
            audit: None,
            blob: None,
        }
    }

    /// Judges one transition against `board` (the board after the change).
    pub fn transition(&self, board: &Board, req: Request<'_>) -> CheckReport {
        let summary = TaskSummary::new(req.entry, req.task);
        if req.from.as_deref() == Some(req.to.as_str()) {
            let decision = gates::combine(Vec::new());
            return CheckReport {
                no_op: true,
                ..self.report(
                    summary,
                    req.from,
                    Some(req.to),
                    ChangeKind::Transition,
                    decision,
                )
            };
        }
        let git = LazyRepo::new(&self.settings.root, self.rev);
        let ctx = GateContext {
            task: req.task,
            previous: req.previous,
            pending: self.pending,
            path: &req.entry.path,
            from: req.from.as_deref(),
            to: &req.to,
            board,
            settings: self.settings,
            now: self.now,
            git: &git,
        };
        let decision = gates::decide(&gates::registry(self.settings), &ctx, self.policy);
        self.report(
            summary,
            req.from,
            Some(req.to),
            ChangeKind::Transition,
            decision,
        )
    }

    /// Judges a task leaving the board from `from` (a transition to
    /// nothing): the transition gate decides, by `removable_from`.
    pub fn removal(&self, entry: &Entry, task: &Task, from: String) -> CheckReport {
        let mut results = Vec::new();
        if self.settings.transition.enabled {
            let verdict = gates::transition::removal(self.settings, &from);
            results.push(gates::judge(gates::transition::ID, verdict, self.policy));
        }
        self.report(
            TaskSummary::new(entry, task),
            Some(from),
            None,
            ChangeKind::Removal,
            gates::combine(results),
        )
    }

    /// Judges a task whose status did not change: `None` unless it was a
    /// P0 security task before and is not one now while requirements of
    /// its stage are unmet (`p0-security/left-scope`).
    pub fn scope_exit(
        &self,
        board: &Board,
        entry: &Entry,
        task: &Task,
        previous: &Task,
    ) -> Option<CheckReport> {
        let p0 = &self.settings.p0;
        if !self.settings.p0.enabled || p0_security::scope(previous, p0).is_err() {
            return None;
        }
        let why_out = p0_security::scope(task, p0).err()?;
        let status = task.status.as_deref()?;
        let git = LazyRepo::new(&self.settings.root, self.rev);
        let ctx = GateContext {
            task,
            previous: Some(previous),
            pending: None,
            path: &entry.path,
            from: Some(status),
            to: status,
            board,
            settings: self.settings,
            now: self.now,
            git: &git,
        };
        let p0_security::Assessment::Checked(checks) = p0_security::assess(&ctx, status) else {
            return None;
        };
        let unmet: Vec<&str> = checks
            .iter()
            .filter(|c| !matches!(c.evaluation, p0_security::Evaluation::Met(_)))
            .map(|c| c.requirement.label())
            .collect();
        if unmet.is_empty() {
            return None;
        }
        let finding = Finding::error(
            p0_security::P0Code::LeftScope,
            format!(
                "the task leaves the P0 security scope ({}) while at '{status}' with unmet requirements: {}",
                why_out.trim_start_matches("not a P0 security task: "),
                unmet.join(", ")
            ),
        )
        .with_help(
            "restore the priority, labels or title, or meet the stage's requirements first; \
             a P0 task does not leave the gate's scope with work outstanding",
        );
        let result = gates::judge(p0_security::ID, Verdict::Fail(vec![finding]), self.policy);
        Some(self.report(
            TaskSummary::new(entry, task),
            Some(status.to_owned()),
            Some(status.to_owned()),
            ChangeKind::ScopeExit,
            gates::combine(vec![result]),
        ))
    }

    /// Judges every change from `before` to `after`, against the `after`
    /// board; with `only`, just the task files at those paths (in either
    /// board). `commit` labels every item.
    pub fn between(
        &self,
        before: &Board,
        after: &Board,
        only: Option<&BTreeSet<PathBuf>>,
        commit: Option<&CommitRef>,
    ) -> Changes {
        let old_by_path: HashMap<&Path, &Entry> = before
            .entries
            .iter()
            .map(|e| (e.path.as_path(), e))
            .collect();
        let old_by_id: BTreeMap<&str, (&Entry, &Task)> = before
            .tasks()
            .filter_map(|(e, t)| t.id.as_deref().map(|id| (id, (e, t))))
            .collect();
        let new_paths: BTreeSet<&Path> = after.entries.iter().map(|e| e.path.as_path()).collect();
        // Ids of tasks at paths the change added (new to `before`, and
        // among `only` when given): where a renamed file went. (A task elsewhere that merely shares the id —
        // a duplicate — does not make a deletion a rename.)
        let moved_ids: BTreeSet<&str> = after
            .tasks()
            .filter(|(e, _)| {
                !old_by_path.contains_key(e.path.as_path())
                    && only.is_none_or(|set| set.contains(&e.path))
            })
            .filter_map(|(_, t)| t.id.as_deref())
            .collect();
        let mut out = Changes::default();
        let at = commit
            .map(|c| format!(" in commit {}", c.short))
            .unwrap_or_default();
        let push = |out: &mut Changes, report: CheckReport| {
            out.items.push(Item {
                report,
                commit: commit.cloned(),
            });
        };
        for entry in &after.entries {
            if only.is_some_and(|set| !set.contains(&entry.path)) {
                continue;
            }
            let old_entry = old_by_path.get(entry.path.as_path()).copied();
            let old_task = old_entry.and_then(Entry::task);
            match &entry.kind {
                EntryKind::Task(task) => {
                    // A new path takes its previous state from a task with
                    // the same id (a renamed file).
                    let previous = old_task.or_else(|| {
                        let id = task.id.as_deref()?;
                        let (e, t) = old_by_id.get(id)?;
                        (!new_paths.contains(e.path.as_path())).then_some(*t)
                    });
                    let from = previous.and_then(|t| t.status.clone());
                    match (task.status.clone(), from) {
                        (None, Some(from)) => {
                            let was = previous.unwrap_or(task);
                            push(&mut out, self.removal(entry, was, from));
                        }
                        (None, None) => {}
                        (Some(to), from) if from.as_deref() == Some(to.as_str()) => {
                            if let Some(previous) = previous
                                && let Some(report) = self.scope_exit(after, entry, task, previous)
                            {
                                push(&mut out, report);
                            }
                        }
                        (Some(to), from) => {
                            let report = self.transition(
                                after,
                                Request {
                                    entry,
                                    task,
                                    previous,
                                    from,
                                    to,
                                },
                            );
                            push(&mut out, report);
                        }
                    }
                }
                EntryKind::Unreadable(findings) | EntryKind::NotATask(findings) => {
                    let was_task = old_task.is_some();
                    let newly_unreadable = matches!(entry.kind, EntryKind::Unreadable(_))
                        && old_entry.is_none_or(|e| !matches!(e.kind, EntryKind::Unreadable(_)));
                    if was_task || newly_unreadable {
                        let why = findings
                            .first()
                            .map_or_else(String::new, |f| format!(": {}", f.summary()));
                        let what = if was_task {
                            "was a task and no longer reads as one"
                        } else {
                            "cannot be read"
                        };
                        out.unreadable
                            .push(format!("task file `{}`{at} {what}{why}", entry.display));
                    }
                }
            }
        }
        // Tasks whose file is gone from the board, not renamed.
        for entry in &before.entries {
            let Some(task) = entry.task() else { continue };
            if only.is_some_and(|set| !set.contains(&entry.path))
                || new_paths.contains(entry.path.as_path())
            {
                continue;
            }
            if task.id.as_deref().is_some_and(|id| moved_ids.contains(id)) {
                continue;
            }
            if let Some(from) = task.status.clone() {
                push(&mut out, self.removal(entry, task, from));
            }
        }
        out
    }
}
