//! Judging a change between two board states.
//!
//! This is the one place that decides what a change did to the board and
//! asks the gates about each part of it. `check` judges one requested
//! transition; the commit hook, `ci` and `move` judge "board before →
//! board after" with [`Judge::between`], which finds:
//!
//! - **transitions**: a task whose status differs. A task is known by its
//!   key ([`crate::board::EntryKey`]): its id under the board tool's rule,
//!   wherever its file is, or its path when it has no id. So a renamed
//!   file keeps its previous status, two files that swap contents are two
//!   transitions, and a file rewritten to hold another id is a new task
//!   (judged from nothing) plus whatever became of the old id;
//! - **removals**: a task whose key leaves the board — its file deleted,
//!   moved out of the tasks directory or rewritten to hold another task,
//!   or its status removed. A removal is a transition to nothing, judged
//!   by the transition gate — unless the file went to one of the board
//!   tool's own folders (Backlog.md's `completed/`, `archive/`, `drafts/`),
//!   which is the tool's operation ([`Judge::leaving`]);
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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::board::{Board, Entry, EntryKey, EntryKind};
use crate::config::Settings;
use crate::gates::{self, Decision, Gate, GateContext, Leaving, PendingCommit, Policy};
use crate::git::LazyRepo;
use crate::task::Task;

/// The task a result is about, as shown to people and machines.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TaskSummary {
    pub id: Option<String>,
    pub title: String,
    pub path: String,
    pub priority: Option<String>,
    pub status: Option<String>,
    /// The status as the file writes it (`In Review`).
    pub status_raw: Option<String>,
    pub status_line: Option<usize>,
}

impl TaskSummary {
    pub(crate) fn new(entry: &Entry, task: &Task) -> TaskSummary {
        TaskSummary {
            id: task.id.clone().map(String::from),
            title: task.title.clone(),
            path: entry.display.clone(),
            priority: task.priority.as_ref().map(ToString::to_string),
            status: task.status.clone().map(String::from),
            status_raw: task.status_raw.clone(),
            status_line: task.status_line,
        }
    }
}

/// Where a decision was recorded in the audit log.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AuditRef {
    pub seq: u64,
    pub hash: String,
}

/// What kind of change a report judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// A status change (or a new task's first status).
    Transition,
    /// The task leaves the board: `to` is `None`.
    Removal,
    /// The task's status is unchanged but it left the P0 security scope.
    ScopeExit,
}

impl ChangeKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Transition => "transition",
            ChangeKind::Removal => "removal",
            ChangeKind::ScopeExit => "scope-exit",
        }
    }
}

/// One judged change of one task.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CheckReport {
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
    pub(crate) fn to_label(&self) -> &str {
        self.to_name
            .as_deref()
            .or(self.to.as_deref())
            .unwrap_or("(leaves the board)")
    }
}

/// The commit a change was made in (`ci`, merges).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CommitRef {
    pub id: String,
    pub short: String,
    pub summary: String,
}

/// One judged change, with its commit when it came from history.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub report: CheckReport,
    pub commit: Option<CommitRef>,
}

/// The judged changes between two boards, and the changed task files that
/// cannot be read (each an error of the change).
#[derive(Clone, Debug, Default)]
pub(crate) struct Changes {
    pub items: Vec<Item>,
    pub unreadable: Vec<String>,
}

impl Changes {
    pub(crate) fn extend(&mut self, other: Changes) {
        self.items.extend(other.items);
        self.unreadable.extend(other.unreadable);
    }
}

/// What every judgement of a change runs with.
pub(crate) struct Judge<'a> {
    pub settings: &'a Settings,
    pub policy: &'a Policy<'a>,
    pub now: DateTime<Utc>,
    /// The revision at which P0 evidence is read; `None` for HEAD.
    pub rev: Option<&'a str>,
    /// The commit being made (`check --staged --message-file`): it counts
    /// as P0 evidence as it will once committed.
    pub pending: Option<&'a PendingCommit>,
    /// The tasks at the base of the whole change under review, by key,
    /// when it is judged commit by commit (`gate ci`: the range's base):
    /// a gate's rule reads a task's state there too
    /// ([`GateContext::origin`]). `None`: each change is the whole change.
    pub origin: Option<&'a HashMap<EntryKey, Vec<Task>>>,
}

/// One requested transition of one task.
pub(crate) struct Request<'a> {
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
    /// Every copy of the task with `key` at the base of the change under
    /// review.
    fn origin_of(&self, key: &EntryKey) -> &[Task] {
        self.origin
            .and_then(|o| o.get(key))
            .map_or(&[], Vec::as_slice)
    }

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
    pub(crate) fn transition(&self, board: &Board, req: Request<'_>) -> CheckReport {
        let git = LazyRepo::new(&self.settings.root, self.rev);
        self.transition_in(board, req, &git)
    }

    /// [`Judge::transition`], reading git through `git` (which may hold
    /// commit evidence walked ahead for it).
    fn transition_in(&self, board: &Board, req: Request<'_>, git: &LazyRepo) -> CheckReport {
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
        let ctx = GateContext::new(
            req.task,
            &req.entry.path,
            req.from.as_deref(),
            &req.to,
            board,
            self.settings,
            self.now,
            git,
        )
        .with_previous(req.previous)
        .with_origin(self.origin_of(&req.entry.key))
        .with_pending(self.pending);
        let decision = gates::decide(&gates::registry(self.settings), &ctx, self.policy);
        // A status the board does not have has no board spelling: shown as
        // the file spells it (`QA`), as the transition gate names it.
        let raw = req
            .task
            .status_raw
            .as_deref()
            .map(str::trim)
            .filter(|_| {
                !self.settings.workflow.has_status(&req.to)
                    && req.task.status.as_deref() == Some(req.to.as_str())
            })
            .map(str::to_owned);
        let mut report = self.report(
            summary,
            req.from,
            Some(req.to),
            ChangeKind::Transition,
            decision,
        );
        if raw.is_some() {
            report.to_name = raw;
        }
        report
    }

    /// Lets every gate fetch at once what judging the transitions of
    /// `moves` (entry, previous state, from) needs from git, leaving the
    /// answers in `git`.
    fn prefetch(
        &self,
        gates: &[Box<dyn Gate + '_>],
        board: &Board,
        moves: &[Move<'_>],
        git: &LazyRepo,
    ) {
        let contexts: Vec<GateContext<'_>> = moves
            .iter()
            .filter_map(|m| {
                let to = m.task.status.as_deref()?;
                (m.from.as_deref() != Some(to)).then(|| {
                    GateContext::new(
                        m.task,
                        &m.entry.path,
                        m.from.as_deref(),
                        to,
                        board,
                        self.settings,
                        self.now,
                        git,
                    )
                    .with_previous(m.previous)
                    .with_origin(self.origin_of(&m.entry.key))
                    .with_pending(self.pending)
                })
            })
            .collect();
        for gate in gates {
            gate.prefetch(&contexts);
        }
    }

    /// Judges a task whose file left the tasks directory: a removal,
    /// unless the file went to one of the board tool's own folders — one of
    /// the tool's operations (issue #23). Into Backlog.md's `completed/`
    /// (`backlog cleanup`) the task is done: nothing to judge from its final
    /// status, else judged as the move to it the tool counts it as. Into
    /// `archive/` or `drafts/`: allowed, unless a gate has a rule on
    /// parking a task ([`Leaving::Parked`]: the transition gate, when
    /// `removable_from` is configured). `None`: nothing to report.
    fn leaving(
        &self,
        after: &Board,
        entry: &Entry,
        task: &Task,
        from: String,
        git: &LazyRepo,
    ) -> Option<CheckReport> {
        use crate::config::native::FolderKind;
        let Some(kind) = self.parked(task) else {
            return Some(self.removal(entry, task, from));
        };
        let workflow = &self.settings.workflow;
        match kind {
            FolderKind::Completed => {
                let done = workflow
                    .finals()
                    .iter()
                    .rev()
                    .find(|s| !workflow.is_rejected_like(s))
                    .or(workflow.finals().last())?;
                if workflow.is_final(&from) {
                    return None;
                }
                let request = Request {
                    entry,
                    task,
                    previous: Some(task),
                    from: Some(from),
                    to: done.clone(),
                };
                Some(self.transition_in(after, request, git))
            }
            FolderKind::Archive | FolderKind::Drafts => {
                // The tool's own operation: judged only by a gate with a
                // rule on it.
                let results = self.removal_results(&from, Leaving::Parked);
                (!results.is_empty()).then(|| self.removal_report(entry, task, from, results))
            }
        }
    }

    /// The board tool's folder a task's file is in after the change, by
    /// its id in the file name (`task-37 - Title.md`), as the tool names
    /// its files: read at the commit judged, else in the work tree.
    fn parked(&self, task: &Task) -> Option<crate::config::native::FolderKind> {
        let folders = &self.settings.tool_folders;
        if folders.is_empty() {
            return None;
        }
        let ids = &self.settings.ids;
        let key = ids.key(task.id.as_deref()?);
        let root = &self.settings.root;
        folders.iter().find_map(|folder| {
            let names: Vec<String> = match self.rev {
                Some(rev) => {
                    let rel = folder.dir.strip_prefix(root).ok()?;
                    crate::git::file_names_at(root, rev, &rel.to_string_lossy().replace('\\', "/"))
                }
                None => crate::board::file_names(&folder.dir),
            };
            names
                .iter()
                .filter_map(|name| name.strip_suffix(".md"))
                .any(|stem| {
                    let id = stem.split(" - ").next().unwrap_or(stem).trim();
                    !id.is_empty() && ids.key(id) == key
                })
                .then_some(folder.kind)
        })
    }

    /// Judges a task leaving the board from `from` (a transition to
    /// nothing): each gate with a rule on removals decides (the transition
    /// gate, by `removable_from`).
    pub(crate) fn removal(&self, entry: &Entry, task: &Task, from: String) -> CheckReport {
        let results = self.removal_results(&from, Leaving::Removed);
        self.removal_report(entry, task, from, results)
    }

    /// What each gate with a rule on a task leaving the board from `from`
    /// as `how` says, after the policy.
    fn removal_results(&self, from: &str, how: Leaving) -> Vec<gates::GateResult> {
        gates::registry(self.settings)
            .iter()
            .filter_map(|gate| {
                let verdict = gate.removal(self.settings, from, how)?;
                Some(gates::judge(gate.id(), verdict, self.policy))
            })
            .collect()
    }

    fn removal_report(
        &self,
        entry: &Entry,
        task: &Task,
        from: String,
        results: Vec<gates::GateResult>,
    ) -> CheckReport {
        self.report(
            TaskSummary::new(entry, task),
            Some(from),
            None,
            ChangeKind::Removal,
            gates::combine(results),
        )
    }

    /// [`Judge::scope_exit_in`] with the registry's gates: what `between`
    /// does for such a task, alone (for tests that compare the two).
    #[cfg(test)]
    fn scope_exit(
        &self,
        board: &Board,
        entry: &Entry,
        task: &Task,
        previous: &Task,
    ) -> Option<CheckReport> {
        let git = LazyRepo::new(&self.settings.root, self.rev);
        let gates = gates::registry(self.settings);
        self.scope_exit_in(&gates, board, entry, task, previous, &git)
    }

    /// Judges a task whose status did not change: `None` unless a gate
    /// says the change took it out of its scope with its rule unmet (the
    /// P0 gate: `p0-security/left-scope`).
    fn scope_exit_in(
        &self,
        gates: &[Box<dyn Gate + '_>],
        board: &Board,
        entry: &Entry,
        task: &Task,
        previous: &Task,
        git: &LazyRepo,
    ) -> Option<CheckReport> {
        let status = task.status.as_deref()?;
        let ctx = GateContext::at_rest(
            task,
            &entry.path,
            status,
            board,
            self.settings,
            self.now,
            git,
        )
        .with_previous(Some(previous))
        .with_origin(self.origin_of(&entry.key));
        let results: Vec<_> = gates
            .iter()
            .filter_map(|gate| {
                let verdict = gate.unmoved(&ctx)?;
                Some(gates::judge(gate.id(), verdict, self.policy))
            })
            .collect();
        if results.is_empty() {
            return None;
        }
        Some(self.report(
            TaskSummary::new(entry, task),
            Some(status.to_owned()),
            Some(status.to_owned()),
            ChangeKind::ScopeExit,
            gates::combine(results),
        ))
    }

    /// Judges every change from `before` to `after`, against the `after`
    /// board; with `only`, just the task files at those paths (in either
    /// board): a file at another path that both boards have counts as
    /// unchanged (its entry after the change stands for both). `commit`
    /// labels every item.
    pub(crate) fn between(
        &self,
        before: &Board,
        after: &Board,
        only: Option<&BTreeSet<PathBuf>>,
        commit: Option<&CommitRef>,
    ) -> Changes {
        self.judge_sides(after, &Sides::between(before, after, only), commit)
    }

    /// [`Judge::between`] for a change known to touch only the task files
    /// at `changed` (every other file is the same in both boards), without
    /// reading the rest: `before` holds the entries the board had at those
    /// paths, `after` is the whole board after the change, its entries
    /// sorted by path (as boards read from git are). The same changes as
    /// `between(before board, after, Some(changed), commit)`, in the same
    /// order.
    pub(crate) fn between_changed(
        &self,
        before: &BTreeMap<PathBuf, Entry>,
        after: &Board,
        changed: &BTreeSet<PathBuf>,
        commit: Option<&CommitRef>,
    ) -> Changes {
        self.judge_sides(after, &Sides::changed(before, after, changed), commit)
    }

    /// The judging of [`Judge::between`] over what it needs of both boards:
    /// each task after the change from its state before it, in board
    /// order, then the tasks that left the board; beside them, the files
    /// that no longer read as tasks.
    fn judge_sides(&self, after: &Board, sides: &Sides<'_>, commit: Option<&CommitRef>) -> Changes {
        let pairs = Pairs::of(sides);
        let moves = moves(sides, &pairs);
        let git = LazyRepo::new(&self.settings.root, self.rev);
        let gates = gates::registry(self.settings);
        self.prefetch(&gates, after, &moves, &git);
        let mut reports: Vec<CheckReport> = moves
            .into_iter()
            .filter_map(|m| self.judge_move(&gates, after, m, &git))
            .collect();
        let stops = stops(sides, &pairs);
        let stopped: Vec<&Entry> = stops.iter().filter_map(|s| s.was).collect();
        reports.extend(
            left_board(sides, &pairs, &stopped)
                .into_iter()
                .filter_map(|entry| {
                    let task = entry.task()?;
                    let from = task.status.clone()?.into();
                    self.leaving(after, entry, task, from, &git)
                }),
        );
        let at = commit
            .map(|c| format!(" in commit {}", c.short))
            .unwrap_or_default();
        Changes {
            items: reports
                .into_iter()
                .map(|report| Item {
                    report,
                    commit: commit.cloned(),
                })
                .collect(),
            unreadable: stops.iter().map(|s| s.message(&at)).collect(),
        }
    }

    /// Judges one task of the board after the change from its state before
    /// it: its status gone is a removal from the status it had, the same
    /// status a possible scope exit, another status a transition. `None`:
    /// nothing to report.
    fn judge_move(
        &self,
        gates: &[Box<dyn Gate + '_>],
        after: &Board,
        m: Move<'_>,
        git: &LazyRepo,
    ) -> Option<CheckReport> {
        let Move {
            entry,
            task,
            previous,
            from,
        } = m;
        match task.status.clone().map(String::from) {
            None => {
                let from = from?;
                Some(self.removal(entry, previous.unwrap_or(task), from))
            }
            Some(to) if from.as_deref() == Some(to.as_str()) => {
                self.scope_exit_in(gates, after, entry, task, previous?, git)
            }
            Some(to) => {
                let request = Request {
                    entry,
                    task,
                    previous,
                    from,
                    to,
                };
                Some(self.transition_in(after, request, git))
            }
        }
    }
}

/// The keys of the entries judged, on either side of a change.
fn judged_keys<'b>(visit: &[&'b Entry], left: &[&'b Entry]) -> HashSet<&'b EntryKey> {
    visit.iter().chain(left).map(|e| &e.key).collect()
}

/// Each task of the board after the change to judge, in board order, with
/// its previous state: the task with its key before the change, wherever
/// its file was.
fn moves<'b>(sides: &Sides<'b>, pairs: &Pairs<'b>) -> Vec<Move<'b>> {
    sides
        .visit
        .iter()
        .filter_map(|&entry| {
            let task = entry.task()?;
            let previous = pairs.previous(entry).and_then(Entry::task);
            let from = previous.and_then(|t| t.status.clone()).map(String::from);
            Some(Move {
                entry,
                task,
                previous,
                from,
            })
        })
        .collect()
}

/// The judged files that no longer read as tasks and say so, in board
/// order.
fn stops<'b>(sides: &Sides<'b>, pairs: &Pairs<'b>) -> Vec<Stop<'b>> {
    sides
        .visit
        .iter()
        .filter_map(|&entry| Stop::of(sides, pairs, entry))
        .collect()
}

/// A file after the change that holds no task and is an error of the
/// change: it held a task before it ([`Stop::was`]), or it newly cannot
/// be read.
#[derive(Debug)]
struct Stop<'b> {
    entry: &'b Entry,
    /// The task the file held, reported as this and not as a removal.
    was: Option<&'b Entry>,
}

impl<'b> Stop<'b> {
    /// What became of the file of `entry`, one of `sides.visit`: `None`
    /// when it is a task, or no task as it was none before (or could not
    /// be read before either). The task the file held does not count
    /// when it lives on elsewhere (a renamed file) or is this very entry
    /// (a task without an id, known by its path).
    fn of(sides: &Sides<'b>, pairs: &Pairs<'b>, entry: &'b Entry) -> Option<Stop<'b>> {
        if entry.task().is_some() {
            return None;
        }
        let unreadable = |e: &Entry| matches!(e.kind, EntryKind::Unreadable(_));
        let old_entry = sides.left_at(&entry.path);
        let was = old_entry.filter(|e| {
            e.task().is_some() && pairs.next_of(e).is_none_or(|n| std::ptr::eq(n, entry))
        });
        let newly_unreadable = unreadable(entry) && old_entry.is_none_or(|e| !unreadable(e));
        (was.is_some() || newly_unreadable).then_some(Stop { entry, was })
    }

    /// The error line, `at` naming the commit (` in commit abc1234`) or
    /// empty.
    fn message(&self, at: &str) -> String {
        let why = self
            .entry
            .findings()
            .first()
            .map_or_else(String::new, |f| format!(": {}", f.summary()));
        let what = if self.was.is_some() {
            "was a task and no longer reads as one"
        } else {
            "cannot be read"
        };
        format!("task file `{}`{at} {what}{why}", self.entry.display)
    }
}

/// The tasks with a status before the change that left the board, in
/// board order: their key is on no task after the change (a file deleted,
/// or rewritten to hold another task), and their file did not just stop
/// reading as a task (`stopped`, reported as that). One copy of a
/// duplicated id removed while a copy in the same status stays is no
/// removal: the task is still on the board, where it was. A copy that
/// stays elsewhere (planted in the icebox) does not excuse the removal of
/// the one at work.
fn left_board<'b>(sides: &Sides<'b>, pairs: &Pairs<'b>, stopped: &[&Entry]) -> Vec<&'b Entry> {
    let copies_after: HashSet<(&EntryKey, &str)> = sides
        .visit
        .iter()
        .chain(&sides.others_after)
        .filter_map(|e| Some((&e.key, e.task()?.status.as_deref()?)))
        .collect();
    sides
        .left
        .iter()
        .copied()
        .filter(|&entry| {
            let Some(status) = entry.task().and_then(|t| t.status.as_deref()) else {
                return false;
            };
            pairs.next_of(entry).is_none()
                && !stopped.iter().any(|s| std::ptr::eq(*s, entry))
                && !copies_after.contains(&(&entry.key, status))
        })
        .collect()
}

/// A task of the board after a change, with its state before it.
struct Move<'b> {
    entry: &'b Entry,
    task: &'b Task,
    previous: Option<&'b Task>,
    from: Option<String>,
}

/// What judging a change needs of the boards before and after it.
struct Sides<'b> {
    /// The entries after the change to judge, in board order.
    visit: Vec<&'b Entry>,
    /// The entries before the change at the paths judged, in board order.
    left: Vec<&'b Entry>,
    /// Every other entry before the change whose key is among those of
    /// `visit` and `left`, in board order.
    others_before: Vec<&'b Entry>,
    /// Every other entry after the change whose key is among those of
    /// `visit` and `left`.
    others_after: Vec<&'b Entry>,
}

impl<'b> Sides<'b> {
    /// The sides of [`Judge::between`]: the entries of both whole boards
    /// at the paths in `only` (all with `None`).
    fn between(before: &'b Board, after: &'b Board, only: Option<&BTreeSet<PathBuf>>) -> Self {
        let judged = |path: &Path| only.is_none_or(|set| set.contains(path));
        let after_has = |path: &Path| {
            after
                .entries
                .binary_search_by(|e| e.path.as_path().cmp(path))
                .is_ok()
        };
        let visit: Vec<&Entry> = after.entries.iter().filter(|e| judged(&e.path)).collect();
        let left: Vec<&Entry> = before.entries.iter().filter(|e| judged(&e.path)).collect();
        let keys = judged_keys(&visit, &left);
        let others_after: Vec<&Entry> = after
            .entries
            .iter()
            .filter(|e| !judged(&e.path) && keys.contains(&e.key))
            .collect();
        // Before the change, outside `only`: the same entries as after it,
        // and those of files the board after it lacks.
        let mut others_before: Vec<&Entry> = before
            .entries
            .iter()
            .filter(|e| !judged(&e.path) && keys.contains(&e.key) && !after_has(&e.path))
            .collect();
        others_before.extend(others_after.iter().copied());
        others_before.sort_by(|a, b| a.path.cmp(&b.path));
        Sides {
            visit,
            left,
            others_before,
            others_after,
        }
    }

    /// The sides of [`Judge::between_changed`]: `before` the entries at
    /// the `changed` paths before the change, `after` the whole board.
    fn changed(
        before: &'b BTreeMap<PathBuf, Entry>,
        after: &'b Board,
        changed: &BTreeSet<PathBuf>,
    ) -> Self {
        let visit: Vec<&Entry> = changed
            .iter()
            .filter_map(|path| {
                after
                    .entries
                    .binary_search_by(|e| e.path.as_path().cmp(path))
                    .ok()
                    .map(|i| &after.entries[i])
            })
            .collect();
        let left: Vec<&Entry> = before.values().collect();
        let keys = judged_keys(&visit, &left);
        // The unchanged entries that share a key with a judged one: the
        // same before and after the change.
        let others: Vec<&Entry> = after
            .entries
            .iter()
            .filter(|e| keys.contains(&e.key) && !changed.contains(&e.path))
            .collect();
        Sides {
            visit,
            left,
            others_before: others.clone(),
            others_after: others,
        }
    }

    /// The entry before the change at a judged path.
    fn left_at(&self, path: &Path) -> Option<&'b Entry> {
        self.left
            .binary_search_by(|e| e.path.as_path().cmp(path))
            .ok()
            .map(|i| self.left[i])
    }
}

/// Which entry after a change continues which entry before it: the one
/// with the same key ([`crate::board::EntryKey`]: the task's id under the
/// board's rule, or the path of a file without one). Where a key is on
/// several entries (a duplicated id), an entry that kept its path keeps
/// its pair, and the rest pair in board order; an entry left over on the
/// side after the change is new, one on the side before it left.
struct Pairs<'b> {
    /// After-entry (by address) → before-entry.
    previous: HashMap<*const Entry, &'b Entry>,
    /// Before-entry (by address) → after-entry.
    next: HashMap<*const Entry, &'b Entry>,
}

impl<'b> Pairs<'b> {
    fn of(sides: &Sides<'b>) -> Pairs<'b> {
        type Group<'b> = (Vec<&'b Entry>, Vec<&'b Entry>);
        let mut groups: BTreeMap<&EntryKey, Group<'b>> = BTreeMap::new();
        for &e in sides.left.iter().chain(&sides.others_before) {
            groups.entry(&e.key).or_default().0.push(e);
        }
        for &e in sides.visit.iter().chain(&sides.others_after) {
            groups.entry(&e.key).or_default().1.push(e);
        }
        let mut pairs = Pairs {
            previous: HashMap::new(),
            next: HashMap::new(),
        };
        for (mut before, mut after) in groups.into_values() {
            if before.is_empty() || after.is_empty() {
                continue;
            }
            before.sort_by(|a, b| a.path.cmp(&b.path));
            after.sort_by(|a, b| a.path.cmp(&b.path));
            // Same path first, then the rest in board order.
            after.retain(|&a| match before.iter().position(|b| b.path == a.path) {
                Some(i) => {
                    pairs.link(before.remove(i), a);
                    false
                }
                None => true,
            });
            for (b, a) in before.into_iter().zip(after) {
                pairs.link(b, a);
            }
        }
        pairs
    }

    fn link(&mut self, before: &'b Entry, after: &'b Entry) {
        self.previous.insert(std::ptr::from_ref(after), before);
        self.next.insert(std::ptr::from_ref(before), after);
    }

    /// The entry before the change that `after` continues.
    fn previous(&self, after: &Entry) -> Option<&'b Entry> {
        self.previous.get(&std::ptr::from_ref(after)).copied()
    }

    /// The entry after the change that continues `before`.
    fn next_of(&self, before: &Entry) -> Option<&'b Entry> {
        self.next.get(&std::ptr::from_ref(before)).copied()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::{Board, Entry, Judge, Pairs, Sides, left_board, moves, stops};
    use crate::config::{Locate, Settings};
    use crate::gates::Policy;

    /// One file's content: a task (id, status, P0 security or not), a file
    /// that is no task, or one that cannot be read.
    fn content() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            8 => (0..2usize, 0..4usize, any::<bool>()).prop_map(|(id, status, p0)| {
                let status = ["todo", "in_progress", "review", "done"][status];
                let labels = if p0 { "priority: P0\nlabels: [security]\n" } else { "priority: P2\n" };
                format!("---\nid: T-{id}\ntitle: Task {id}\nstatus: {status}\n{labels}---\n").into_bytes()
            }),
            1 => Just(b"no front-matter here\n".to_vec()),
            1 => Just(b"\xff\xfe".to_vec()),
            1 => Just(b"---\nid: T-1\ntitle: no status\n---\n".to_vec()),
        ]
    }

    /// A board of up to six files (some absent), by name.
    fn files() -> impl Strategy<Value = BTreeMap<String, Vec<u8>>> {
        proptest::collection::vec(proptest::option::of(content()), 6).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .filter_map(|(i, c)| Some((format!("f{i}.md"), c?)))
                .collect()
        })
    }

    /// A judge of `settings` with `policy`, at the fixed clock, reading
    /// HEAD, no commit pending, each change the whole change.
    fn judge<'a>(settings: &'a Settings, policy: &'a Policy<'a>) -> Judge<'a> {
        Judge {
            settings,
            policy,
            now: crate::gates::testing::now(),
            rev: None,
            pending: None,
            origin: None,
        }
    }

    fn settings(dir: &std::path::Path) -> Settings {
        crate::gates::load_settings(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
        .expect("default settings")
    }

    fn board(settings: &Settings, files: &BTreeMap<String, Vec<u8>>) -> Board {
        Board::from_files(
            settings,
            files
                .iter()
                .map(|(name, bytes)| (PathBuf::from(name), bytes.clone()))
                .collect(),
        )
    }

    /// One task as a file holds it: its id (`None`: no id), status and
    /// whether it is a P0 security task.
    #[derive(Clone, Debug)]
    struct Spec {
        id: Option<usize>,
        status: usize,
        p0: bool,
    }

    impl Spec {
        fn text(&self) -> Vec<u8> {
            let status = ["todo", "in_progress", "review", "done"][self.status];
            let labels = if self.p0 {
                "priority: P0\nlabels: [security]\n"
            } else {
                "priority: P2\n"
            };
            let (id, title) = match self.id {
                Some(id) => (format!("id: T-{id}\n"), format!("Task {id}")),
                None => (String::new(), "A task".to_owned()),
            };
            format!("---\n{id}title: {title}\nstatus: {status}\n{labels}---\n").into_bytes()
        }
    }

    /// A board before a change and the board after it: tasks with
    /// distinct ids (some without one) in files `f0.md`…, and after the
    /// change each id rewritten or not, kept in its file or moved to any
    /// other (another task's file included: a swap, or a new id at an old
    /// path), or gone; new ids appear.
    fn change() -> impl Strategy<Value = (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>)> {
        let task = (0..4usize, any::<bool>());
        let side = (proptest::option::of(0..6usize), task.clone());
        proptest::collection::vec(
            (
                proptest::option::of((0..6usize, task)),
                proptest::option::of(side),
                any::<bool>(),
            ),
            5,
        )
        .prop_map(|ids| {
            let mut before: BTreeMap<String, Vec<u8>> = BTreeMap::new();
            let mut after: BTreeMap<String, Vec<u8>> = BTreeMap::new();
            for (n, (old, new, keep_id)) in ids.into_iter().enumerate() {
                // The last id is none: such tasks are known by their path.
                let id = (n < 4).then_some(n);
                let mut old_file = None;
                if let Some((file, (status, p0))) = old {
                    let name = format!("f{file}.md");
                    if !before.contains_key(&name) {
                        before.insert(name.clone(), Spec { id, status, p0 }.text());
                        old_file = Some(name);
                    }
                }
                if let Some((file, (status, p0))) = new {
                    let name = match (file, &old_file) {
                        (None, Some(name)) => name.clone(),
                        (Some(file), _) => format!("f{file}.md"),
                        (None, None) => format!("f{n}.md"),
                    };
                    let id = if keep_id { id } else { id.map(|i| i + 10) };
                    after
                        .entry(name)
                        .or_insert_with(|| Spec { id, status, p0 }.text());
                }
            }
            (before, after)
        })
    }

    /// Issue #23 item 3: one copy of a duplicated id removed while a copy
    /// in the same status stays is no removal (the task is still on the
    /// board, where it was); a copy in another status does not excuse it,
    /// nor is the last copy's removal excused.
    #[test]
    fn removing_one_copy_of_a_duplicated_id_is_no_removal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = settings(dir.path());
        let policy = Policy::default();
        let judge = judge(&settings, &policy);
        let task = |status: usize| {
            Spec {
                id: Some(1),
                status,
                p0: false,
            }
            .text()
        };
        let copies = |a: usize, b: usize| -> BTreeMap<String, Vec<u8>> {
            [("f0.md".to_owned(), task(a)), ("f1.md".to_owned(), task(b))].into()
        };
        let before = copies(1, 1);
        for kept in ["f0.md", "f1.md"] {
            let after: BTreeMap<String, Vec<u8>> = [(kept.to_owned(), before[kept].clone())].into();
            let found = judge.between(
                &board(&settings, &before),
                &board(&settings, &after),
                None,
                None,
            );
            assert!(found.items.is_empty(), "{kept}: {:?}", found.items);
        }
        // A copy in another status stays: the one at work was removed.
        let before = copies(1, 0);
        let after: BTreeMap<String, Vec<u8>> = [("f1.md".to_owned(), task(0))].into();
        let found = judge.between(
            &board(&settings, &before),
            &board(&settings, &after),
            None,
            None,
        );
        assert_eq!(found.items.len(), 1, "{:?}", found.items);
        assert_eq!(found.items[0].report.kind.as_str(), "removal");
        // The last copy: a removal of the task in progress.
        let last: BTreeMap<String, Vec<u8>> = [("f0.md".to_owned(), task(1))].into();
        let found = judge.between(
            &board(&settings, &last),
            &board(&settings, &BTreeMap::new()),
            None,
            None,
        );
        assert_eq!(found.items.len(), 1);
        assert_eq!(found.items[0].report.kind.as_str(), "removal");
    }

    /// Boards of `files` (name, content) before and after a change.
    fn boards(
        settings: &Settings,
        before: &[(&str, &[u8])],
        after: &[(&str, &[u8])],
    ) -> (Board, Board) {
        let files = |list: &[(&str, &[u8])]| -> BTreeMap<String, Vec<u8>> {
            list.iter()
                .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
                .collect()
        };
        (
            board(settings, &files(before)),
            board(settings, &files(after)),
        )
    }

    const NOT_A_TASK: &[u8] = b"no front-matter here\n";
    const UNREADABLE: &[u8] = b"\xff\xfe";

    fn task(id: usize, status: usize) -> Vec<u8> {
        Spec {
            id: Some(id),
            status,
            p0: false,
        }
        .text()
    }

    /// A file that held a task and holds none after the change stopped
    /// being one, and its task is reported as that, not as a removal too;
    /// a task that lives on in another file (a rename) leaves behind no
    /// stopped file, and keeps its previous state.
    #[test]
    fn a_file_stops_being_a_task_unless_its_task_lives_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = settings(dir.path());
        let t1 = task(1, 1);
        let (before, after) = boards(&settings, &[("f0.md", &t1)], &[("f0.md", NOT_A_TASK)]);
        let sides = Sides::between(&before, &after, None);
        let pairs = Pairs::of(&sides);
        let found = stops(&sides, &pairs);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .was
                .is_some_and(|e| e.path == before.entries[0].path)
        );
        let message = found[0].message(" in commit abc1234");
        let expected = format!(
            "task file `{}` in commit abc1234 was a task and no longer reads as one",
            after.entries[0].display
        );
        assert!(message.starts_with(&expected), "{message}");
        let stopped: Vec<&Entry> = found.iter().filter_map(|s| s.was).collect();
        assert!(left_board(&sides, &pairs, &stopped).is_empty());
        assert_eq!(left_board(&sides, &pairs, &[]).len(), 1);

        // Renamed to f1.md, f0.md left holding no task.
        let (before, after) = boards(
            &settings,
            &[("f0.md", &t1)],
            &[("f0.md", NOT_A_TASK), ("f1.md", &t1)],
        );
        let sides = Sides::between(&before, &after, None);
        let pairs = Pairs::of(&sides);
        assert!(stops(&sides, &pairs).is_empty());
        assert!(left_board(&sides, &pairs, &[]).is_empty());
        let found = moves(&sides, &pairs);
        assert_eq!(found.len(), 1);
        assert!(found[0].entry.path.ends_with("f1.md"));
        assert!(found[0].previous.is_some());
        assert_eq!(found[0].from.as_deref(), Some("in_progress"));
    }

    /// A file rewritten to hold another id is a new task (no previous
    /// state) and the old id left the board.
    #[test]
    fn a_file_rewritten_to_another_id_is_a_new_task_and_a_removal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = settings(dir.path());
        let (before, after) = boards(
            &settings,
            &[("f0.md", &task(1, 1))],
            &[("f0.md", &task(11, 1))],
        );
        let sides = Sides::between(&before, &after, None);
        let pairs = Pairs::of(&sides);
        let found = moves(&sides, &pairs);
        assert_eq!(found.len(), 1);
        assert!(found[0].previous.is_none() && found[0].from.is_none());
        let left = left_board(&sides, &pairs, &[]);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].path, before.entries[0].path);
    }

    /// A file that cannot be read is an error of the change when it newly
    /// cannot be read, though it held no task; unreadable before and
    /// after, it says nothing new.
    #[test]
    fn a_file_that_newly_cannot_be_read_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = settings(dir.path());
        let (before, after) = boards(
            &settings,
            &[("f0.md", NOT_A_TASK)],
            &[("f0.md", UNREADABLE)],
        );
        let sides = Sides::between(&before, &after, None);
        let found = stops(&sides, &Pairs::of(&sides));
        assert_eq!(found.len(), 1);
        assert!(found[0].was.is_none());
        let message = found[0].message("");
        let expected = format!("task file `{}` cannot be read", after.entries[0].display);
        assert!(message.starts_with(&expected), "{message}");

        let (before, after) = boards(
            &settings,
            &[("f0.md", UNREADABLE)],
            &[("f0.md", UNREADABLE)],
        );
        let sides = Sides::between(&before, &after, None);
        assert!(stops(&sides, &Pairs::of(&sides)).is_empty());
        let (before, after) = boards(&settings, &[], &[("f0.md", NOT_A_TASK)]);
        let sides = Sides::between(&before, &after, None);
        assert!(stops(&sides, &Pairs::of(&sides)).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// What `change` finds is what judging each task on its own finds:
        /// a task (by key: its id, or its path without one) judged from
        /// its state before the change to its state after it, wherever its
        /// file was — a transition, a removal, a scope exit, or nothing.
        #[test]
        fn between_judges_each_task_by_its_key((before, after) in change()) {
            let dir = tempfile::tempdir().expect("tempdir");
            let settings = settings(dir.path());
            let (old, new) = (board(&settings, &before), board(&settings, &after));
            let policy = Policy::default();
            let judge = judge(&settings, &policy);
            let found = judge.between(&old, &new, None, None);
            prop_assert!(found.unreadable.is_empty());
            let mut expected = Vec::new();
            let keys: BTreeSet<&super::EntryKey> =
                old.entries.iter().chain(&new.entries).map(|e| &e.key).collect();
            for key in keys {
                let was = old.entries.iter().find(|e| e.key == *key);
                let is = new.entries.iter().find(|e| e.key == *key);
                let was_task = was.and_then(super::Entry::task);
                let from = was_task.and_then(|t| t.status.clone()).map(String::from);
                match (is, is.and_then(super::Entry::task), from) {
                    (Some(entry), Some(task), from) => match task.status.clone().map(String::from) {
                        Some(to) if from.as_deref() == Some(to.as_str()) => {
                            expected.extend(was_task.and_then(|w| judge.scope_exit(&new, entry, task, w)));
                        }
                        Some(to) => expected.push(judge.transition(&new, super::Request {
                            entry, task, previous: was_task, from, to,
                        })),
                        None => expected.extend(from.map(|from| judge.removal(entry, was_task.unwrap_or(task), from))),
                    },
                    (_, _, Some(from)) => {
                        let was = was.expect("a status before");
                        expected.push(judge.removal(was, was_task.expect("a task"), from));
                    }
                    _ => {}
                }
            }
            let order = |r: &super::CheckReport| format!("{:?}{:?}{}", r.task.id, r.task.path, r.kind.as_str());
            let mut got: Vec<super::CheckReport> = found.items.into_iter().map(|i| i.report).collect();
            got.sort_by_key(order);
            expected.sort_by_key(order);
            prop_assert_eq!(got, expected);
        }

        /// Judging only the changed files, with the rest of the board
        /// unread, finds exactly what judging both whole boards finds
        /// among them: transitions, renames (a duplicate id included),
        /// removals, files that stop loading.
        #[test]
        fn between_changed_is_between(before in files(), after in files(), extra in 0..6usize) {
            let dir = tempfile::tempdir().expect("tempdir");
            let settings = settings(dir.path());
            let (old, new) = (board(&settings, &before), board(&settings, &after));
            let tasks_dir = &settings.board.tasks_dir;
            let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            // The paths whose files differ, and one that may not.
            let changed: BTreeSet<PathBuf> = names
                .iter()
                .enumerate()
                .filter(|(i, name)| before.get(**name) != after.get(**name) || *i == extra)
                .map(|(_, name)| tasks_dir.join(name))
                .collect();
            let at_changed: BTreeMap<PathBuf, super::Entry> = old
                .entries
                .iter()
                .filter(|e| changed.contains(&e.path))
                .map(|e| (e.path.clone(), e.clone()))
                .collect();
            let policy = Policy::default();
            let judge = judge(&settings, &policy);
            let whole = judge.between(&old, &new, Some(&changed), None);
            let part = judge.between_changed(&at_changed, &new, &changed, None);
            prop_assert_eq!(whole.items, part.items);
            prop_assert_eq!(whole.unreadable, part.unreadable);
        }
    }
}
