//! # `dependencies`
//!
//! **What it checks**: that a task does not enter the statuses that say
//! its work is done while a task it depends on is not finished.
//!
//! **Why**: a dependency "enforced only at task creation… can be moved to
//! `in_progress` and then completed" while still open. Gate reads each board
//! tool's own encoding where the work lands.
//!
//! **What blocks**: each id of `dependencies` (Backlog.md, gate's own and
//! Promethean boards), `depends_on` (kanban-md) or `blocked_by` (beans),
//! and each bean whose `blocking` names this one, while that task is not at
//! a done, final or rejected-like status; a missing id (unless `missing =
//! "satisfied"`, kanban-md's reading), an id two tasks have, a Backlog.md
//! task in `archive/`; kanban-md's `blocked: true`; on beans a blocked
//! parent. A Backlog.md task in `completed/` is finished. Ids compare by
//! the board tool's rule (`task::identity`: Backlog.md case-insensitively,
//! numeric parts as numbers, `task-355.01` is `TASK-355.1`). A cycle is
//! reported once, with its members.
//!
//! **Configuration**: `[gates.dependencies]` `enabled` (default: on for
//! Backlog.md, kanban-md and beans boards), `require_finished_for`
//! (default: the final statuses that are not rejected-like) and `missing`.

pub(crate) mod settings;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde_json::json;

use super::{Gate, GateContext, GateDoc, Verdict};
use crate::board::{Board, Entry};
use crate::config::SectionKind;
use crate::config::native::Tool;
use crate::finding::Finding;
use crate::sanitize::Shown;
use crate::task::Task;
use crate::task::identity::{IdRule, TaskKey};
use settings::{DependencySettings, Missing};

/// The gate's id.
pub(crate) const ID: &str = settings::ID;

pub(crate) const DOC: &str = "Checks that a task does not enter a status that says its work is done while a task it depends on is not finished. Read per board tool: `dependencies` (Backlog.md, gate and Promethean boards), `depends_on` (kanban-md), `blocked_by` and the other bean's `blocking` (beans, both sides count; a blocked parent blocks its children), kanban-md's `blocked: true` (an open blocker of its own). A blocker at a done, final or rejected-like status (a scrapped bean) is resolved, as is a Backlog.md task in `completed/`; a missing id blocks (kanban-md: satisfied, unless `missing = \"blocks\"`), as do an id two tasks have and a Backlog.md task in `archive/`. Ids compare case-insensitively, numeric parts as numbers. The dependency's state is read from the same board state as the task's, so finishing both in one commit passes. A cycle is reported once, with its members.\n\nOn with no config for Backlog.md, kanban-md and beans boards, at their final status. Configure with `[gates.dependencies]` `require_finished_for` (add active statuses to block starting too) and `missing`.";

/// The gate over its settings.
pub(crate) struct DependencyGate<'s> {
    own: &'s DependencySettings,
    /// The index of the board last judged on (by address and size).
    index: RefCell<Option<(usize, usize, std::rc::Rc<Index>)>>,
    /// Backlog.md's completed and archived ids, listed once.
    folders: RefCell<Option<std::rc::Rc<Folders>>>,
}

/// The gate, as the registry lists it.
pub(crate) const GATE: GateDoc = GateDoc {
    id: ID,
    summary: "a task may not be done while a task it depends on is open",
    doc: DOC,
    codes: CODES,
    section: SectionKind::of::<DependencySettings>(),
    new: |s| {
        Some(Box::new(DependencyGate {
            own: super::own(s)?,
            index: RefCell::new(None),
            folders: RefCell::new(None),
        }))
    },
    table: None,
};

crate::finding::declare_codes! {
    /// The codes of the dependency gate's findings.
    pub(crate) enum DependencyCode in CODES {
        Open = "dependencies/open", Error,
            "a task this one depends on is not finished",
            "The finding names the blocker and its status. Finish it first (both may be finished in one commit: the dependency is read from the same board state), remove the dependency if it no longer holds, or record an exception with `--force --reason`.";
        Missing = "dependencies/missing", Error,
            "a dependency names an id no task on the board has",
            "A dependency that cannot be found cannot be known to be finished. Fix the id, or remove it; on kanban-md boards a missing id is satisfied (kanban-md's own reading) unless `[gates.dependencies] missing = \"blocks\"`. `gate lint` lists every dangling id.";
        Ambiguous = "dependencies/ambiguous", Error,
            "a dependency names an id several tasks have",
            "Two task files have the id, so which one must be finished is not known: give one of them another id.";
        Archived = "dependencies/archived", Error,
            "a dependency is an archived Backlog.md task",
            "A task in Backlog.md's `archive/` was set aside, not finished: restore and finish it, or remove the dependency.";
        Flagged = "dependencies/flagged", Error,
            "the task is marked blocked",
            "kanban-md's `blocked: true` (with `block_reason`) is an open blocker of the task itself: clear it once the reason is gone.";
        Dangling = "dependencies/dangling", Warning,
            "a dependency names an id no task on the board has (`lint`)",
            "`gate lint` lists every dependency id that names no task, on every board (on kanban-md, where a missing id is satisfied, too): a typo, or a task that was deleted. Fix or remove the id.";
        Cycle = "dependencies/cycle", Error,
            "the task's dependencies form a cycle",
            "Tasks that wait for each other can never be finished in order; the finding lists the cycle's members once. Remove one of the dependencies.";
    }
}

/// The tasks of a board by id key, and who blocks whom through beans'
/// `blocking`: one pass over the board.
#[derive(Default)]
struct Index {
    by_key: HashMap<TaskKey, Vec<usize>>,
    /// Key of a task → the tasks whose `blocking` names it.
    blocked_by: HashMap<TaskKey, Vec<usize>>,
}

/// Backlog.md's finished and archived ids.
#[derive(Default)]
struct Folders {
    completed: HashSet<TaskKey>,
    archived: HashSet<TaskKey>,
}

/// The ids `task` (at `path`) is known by: its id, and on beans the id of
/// its leading comment or its file name (`<id>--<slug>.md`).
pub(crate) fn ids_of(task: &Task, path: &Path, tool: Option<Tool>) -> Vec<String> {
    let mut ids: Vec<String> = task.id.iter().map(ToString::to_string).collect();
    if tool == Some(Tool::Beans) {
        ids.extend(task.links.comment_id.clone());
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if let Some((id, _)) = stem.split_once("--") {
            ids.push(id.to_owned());
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

fn index(board: &Board, tool: Option<Tool>) -> Index {
    let mut index = Index::default();
    for (at, entry) in board.entries.iter().enumerate() {
        let Some(task) = entry.task() else { continue };
        let mut keys: Vec<TaskKey> = ids_of(task, &entry.path, tool)
            .iter()
            .map(|id| board.ids.key(id))
            .collect();
        keys.dedup();
        for key in keys {
            index.by_key.entry(key).or_default().push(at);
        }
        for blocked in &task.links.blocking {
            index
                .blocked_by
                .entry(board.ids.key(blocked))
                .or_default()
                .push(at);
        }
    }
    index
}

/// The tasks one task waits for: `(id as written, entry index)`.
type Edges = Vec<(String, usize)>;

/// What `lint` finds: dangling ids and cycles, by the entry naming them.
type Linted = (Vec<(usize, String)>, Vec<(usize, Vec<String>)>);

/// One reason a task is blocked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Blocker {
    /// A task that is not finished: its id as written, title, status (as
    /// the board spells it) and file.
    Open {
        id: String,
        title: String,
        status: String,
        path: String,
        /// Through the task's parent (beans), not a dependency of its own.
        via_parent: bool,
    },
    Missing(String),
    Ambiguous(String, Vec<String>),
    Archived(String),
    Flagged(String),
    Cycle(Vec<String>),
}

impl Blocker {
    fn finding(&self) -> Finding {
        match self {
            Blocker::Open {
                id,
                title,
                status,
                path,
                via_parent,
            } => {
                let what = if *via_parent {
                    "its parent"
                } else {
                    "it depends on"
                };
                Finding::error(
                    DependencyCode::Open,
                    format!(
                        "blocked by {} '{}' ({what}), at '{}'",
                        Shown(id),
                        Shown(title),
                        Shown(status)
                    ),
                )
                .with_help("finish that task first (both may be finished in one commit), or remove the dependency")
                .with_evidence(json!({"blocker": id, "status": status, "path": path}))
            }
            Blocker::Missing(id) => Finding::error(
                DependencyCode::Missing,
                format!("depends on {}, which no task on the board has", Shown(id)),
            )
            .with_help("fix the id, or remove the dependency")
            .with_evidence(json!({"blocker": id})),
            Blocker::Ambiguous(id, paths) => Finding::error(
                DependencyCode::Ambiguous,
                format!(
                    "depends on {}, which {} tasks have: {}",
                    Shown(id),
                    paths.len(),
                    Shown(&paths.join(", "))
                ),
            )
            .with_evidence(json!({"blocker": id, "paths": paths})),
            Blocker::Archived(id) => Finding::error(
                DependencyCode::Archived,
                format!("depends on {}, which is archived, not finished", Shown(id)),
            )
            .with_evidence(json!({"blocker": id})),
            Blocker::Flagged(reason) => Finding::error(
                DependencyCode::Flagged,
                if reason.is_empty() {
                    "the task is marked blocked".to_owned()
                } else {
                    format!("the task is marked blocked: {}", Shown(reason))
                },
            )
            .with_help("clear `blocked` once the reason is gone"),
            Blocker::Cycle(members) => Finding::error(
                DependencyCode::Cycle,
                format!(
                    "the dependencies form a cycle: {}",
                    Shown(&members.join(" → "))
                ),
            )
            .with_evidence(json!({"cycle": members})),
        }
    }
}

/// What judging needs: the settings, the board and its index.
struct Resolver<'r> {
    own: &'r DependencySettings,
    settings: &'r crate::config::Settings,
    board: &'r Board,
    index: &'r Index,
    folders: &'r dyn Fn() -> std::rc::Rc<Folders>,
}

impl Resolver<'_> {
    fn tool(&self) -> Option<Tool> {
        self.own.tool
    }

    /// The entries with id `id`.
    fn lookup(&self, id: &str) -> &[usize] {
        self.index
            .by_key
            .get(&self.board.ids.key(id))
            .map_or(&[], Vec::as_slice)
    }

    fn resolved(&self, task: &Task) -> bool {
        task.status
            .as_deref()
            .is_some_and(|s| self.own.resolved.iter().any(|r| r == s))
    }

    /// The tasks `task` waits for: its dependencies, and (beans) the
    /// tasks whose `blocking` names it, as board entries, with the ids
    /// that name no task or several.
    fn edges(&self, task: &Task, path: &Path) -> (Vec<(String, usize)>, Vec<Blocker>) {
        let mut found = Vec::new();
        let mut problems = Vec::new();
        for id in &task.links.depends_on {
            match self.lookup(id) {
                [] => {
                    let folders = (self.folders)();
                    let key = self.board.ids.key(id);
                    if folders.completed.contains(&key) {
                        continue;
                    }
                    if folders.archived.contains(&key) {
                        problems.push(Blocker::Archived(id.clone()));
                    } else if self.own.missing == Missing::Blocks {
                        problems.push(Blocker::Missing(id.clone()));
                    }
                }
                [one] => found.push((id.clone(), *one)),
                many => problems.push(Blocker::Ambiguous(
                    id.clone(),
                    many.iter()
                        .map(|&i| self.board.entries[i].display.clone())
                        .collect(),
                )),
            }
        }
        for id in ids_of(task, path, self.tool()) {
            if let Some(blockers) = self.index.blocked_by.get(&self.board.ids.key(&id)) {
                for &at in blockers {
                    let other = &self.board.entries[at];
                    let name = other
                        .task()
                        .and_then(|t| ids_of(t, &other.path, self.tool()).into_iter().next())
                        .unwrap_or_else(|| other.display.clone());
                    if !found.iter().any(|(_, f)| *f == at) {
                        found.push((name, at));
                    }
                }
            }
        }
        (found, problems)
    }

    fn open(&self, id: &str, at: usize, via_parent: bool) -> Option<Blocker> {
        let entry: &Entry = &self.board.entries[at];
        let other = entry.task()?;
        (!self.resolved(other)).then(|| Blocker::Open {
            id: id.to_owned(),
            title: other.title.clone(),
            status: other.status.as_deref().map_or_else(
                || "(no status)".to_owned(),
                |s| self.settings.workflow.name(s).to_owned(),
            ),
            path: entry.display.clone(),
            via_parent,
        })
    }

    /// Every open blocker of `task` (at `path`).
    fn blockers(&self, task: &Task, path: &Path) -> Vec<Blocker> {
        let mut out = Vec::new();
        if let Some(reason) = &task.links.blocked {
            out.push(Blocker::Flagged(reason.clone()));
        }
        let (edges, problems) = self.edges(task, path);
        out.extend(problems);
        for (id, at) in &edges {
            // A dependency on itself is a cycle, reported below.
            if self.board.entries[*at].path != path {
                out.extend(self.open(id, *at, false));
            }
        }
        if self.tool() == Some(Tool::Beans) {
            out.extend(self.parent_blockers(task));
        }
        if let Some(cycle) = self.cycle(task, path) {
            out.push(Blocker::Cycle(cycle));
        }
        out
    }

    /// beans: a parent (or its parent, …) that is blocked blocks its
    /// children.
    fn parent_blockers(&self, task: &Task) -> Vec<Blocker> {
        let mut seen = BTreeSet::new();
        let mut parent = task.links.parent.clone();
        while let Some(id) = parent.take() {
            let [at] = self.lookup(&id) else { break };
            if !seen.insert(*at) {
                break;
            }
            let entry = &self.board.entries[*at];
            let Some(p) = entry.task() else { break };
            let flagged = p.links.blocked.is_some();
            let (edges, _) = self.edges(p, &entry.path);
            let open = edges
                .iter()
                .any(|(bid, b)| self.open(bid, *b, false).is_some());
            if flagged || open {
                return vec![Blocker::Open {
                    id,
                    title: p.title.clone(),
                    status: "blocked".to_owned(),
                    path: entry.display.clone(),
                    via_parent: true,
                }];
            }
            parent.clone_from(&p.links.parent);
        }
        Vec::new()
    }

    /// The cycle through `task`, if its dependencies lead back to it: its
    /// members' ids from the task round to it, each once.
    fn cycle(&self, task: &Task, path: &Path) -> Option<Vec<String>> {
        let start_name = ids_of(task, path, self.tool())
            .into_iter()
            .next()
            .unwrap_or_else(|| path.display().to_string());
        // Depth-first over the board's dependency edges, each entry once.
        let mut visited = HashSet::new();
        let mut stack: Vec<(Vec<String>, Edges)> =
            vec![(vec![start_name.clone()], self.edges(task, path).0)];
        while let Some((trail, mut next)) = stack.pop() {
            let Some((id, at)) = next.pop() else { continue };
            stack.push((trail.clone(), next));
            let entry = &self.board.entries[at];
            if entry.path == path {
                return Some(trail);
            }
            if !visited.insert(at) {
                continue;
            }
            let Some(t) = entry.task() else { continue };
            let mut longer = trail;
            longer.push(id);
            let edges = self.edges(t, &entry.path).0;
            stack.push((longer, edges));
        }
        None
    }
}

impl DependencyGate<'_> {
    fn index_for(&self, board: &Board) -> std::rc::Rc<Index> {
        let key = (std::ptr::from_ref(board) as usize, board.entries.len());
        let mut slot = self.index.borrow_mut();
        if let Some((at, len, index)) = slot.as_ref()
            && (*at, *len) == key
        {
            return index.clone();
        }
        let index = std::rc::Rc::new(index(board, self.own.tool));
        *slot = Some((key.0, key.1, index.clone()));
        index
    }

    /// Backlog.md's completed and archived ids: as the commit judged holds
    /// them (`gate ci`: `git` names it), else in the work tree.
    fn folders(&self, ids: &IdRule, at: Option<(&std::path::Path, &str)>) -> std::rc::Rc<Folders> {
        let mut slot = self.folders.borrow_mut();
        if let Some(f) = slot.as_ref() {
            return f.clone();
        }
        let list = |dir: Option<&std::path::PathBuf>| -> HashSet<TaskKey> {
            let Some(dir) = dir else {
                return HashSet::new();
            };
            let names = match at {
                Some((root, rev)) => dir.strip_prefix(root).map_or_else(
                    |_| Vec::new(),
                    |rel| {
                        crate::git::file_names_at(
                            root,
                            rev,
                            &rel.to_string_lossy().replace('\\', "/"),
                        )
                    },
                ),
                None => crate::board::file_names(dir),
            };
            names
                .into_iter()
                .filter(|name| {
                    std::path::Path::new(name)
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
                })
                .map(|name| {
                    let id = name.split(" - ").next().unwrap_or(&name);
                    ids.key(id.trim_end_matches(".md"))
                })
                .collect()
        };
        let folders = std::rc::Rc::new(Folders {
            completed: list(self.own.completed_dir.as_ref()),
            archived: list(self.own.archive_dir.as_ref()),
        });
        *slot = Some(folders.clone());
        folders
    }

    /// The open blockers of the task in `ctx`.
    fn blockers(&self, ctx: &GateContext<'_>) -> Vec<Blocker> {
        let index = self.index_for(ctx.board);
        let at = ctx
            .git
            .given_rev()
            .map(|rev| (ctx.settings.root.as_path(), rev));
        let folders = || self.folders(&ctx.board.ids, at);
        let resolver = Resolver {
            own: self.own,
            settings: ctx.settings,
            board: ctx.board,
            index: &index,
            folders: &folders,
        };
        resolver.blockers(ctx.task, ctx.path)
    }

    fn judge(&self, ctx: &GateContext<'_>) -> Verdict {
        let name = ctx.settings.workflow.name(ctx.to);
        if !self.own.require_finished_for.iter().any(|s| s == ctx.to) {
            return Verdict::Skip(format!("'{name}' needs no finished dependencies"));
        }
        let blockers = self.blockers(ctx);
        if blockers.is_empty() {
            return Verdict::Pass;
        }
        Verdict::Fail(blockers.iter().map(Blocker::finding).collect())
    }
}

impl Gate for DependencyGate<'_> {
    fn doc(&self) -> &'static GateDoc {
        &GATE
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        self.judge(ctx)
    }

    /// A finished task whose change gave it an open blocker it did not
    /// have (a dependency added, `blocked: true` set).
    fn unmoved(&self, ctx: &GateContext<'_>) -> Option<Verdict> {
        let previous = ctx.previous?;
        if previous.links == ctx.task.links
            || !self.own.require_finished_for.iter().any(|s| s == ctx.to)
        {
            return None;
        }
        let now = self.blockers(ctx);
        let before = self.blockers(&GateContext {
            task: previous,
            ..*ctx
        });
        let new: Vec<Finding> = now
            .iter()
            .filter(|b| !before.contains(b))
            .map(Blocker::finding)
            .collect();
        (!new.is_empty()).then_some(Verdict::Fail(new))
    }

    fn describe(&self, ctx: &GateContext<'_>) -> Option<String> {
        let blockers = self.blockers(ctx);
        let words: Vec<String> = blockers
            .iter()
            .map(|b| match b {
                Blocker::Open { id, status, .. } => format!("{id} ({status})"),
                Blocker::Missing(id) => format!("{id} (missing)"),
                Blocker::Ambiguous(id, _) => format!("{id} (ambiguous)"),
                Blocker::Archived(id) => format!("{id} (archived)"),
                Blocker::Flagged(reason) if reason.is_empty() => "blocked".to_owned(),
                Blocker::Flagged(reason) => format!("blocked: {reason}"),
                Blocker::Cycle(members) => format!("cycle {}", members.join(" → ")),
            })
            .collect();
        (!words.is_empty()).then(|| format!("blocked by {}", words.join(", ")))
    }

    fn at_rest(&self, ctx: &GateContext<'_>) -> Option<Vec<Finding>> {
        match self.judge(ctx) {
            Verdict::Fail(findings) => Some(findings),
            _ => Some(Vec::new()),
        }
    }

    fn lint(&self, board: &Board, settings: &crate::config::Settings) -> Vec<(usize, Finding)> {
        let (dangling, cycles) = dangling_and_cycles(self.own, settings, board);
        let mut out: Vec<(usize, Finding)> = dangling
            .into_iter()
            .map(|(at, id)| {
                (
                    at,
                    Finding::warning(
                        DependencyCode::Dangling,
                        format!("dependency {} names no task on the board", Shown(&id)),
                    )
                    .with_help("fix the id, or remove the dependency"),
                )
            })
            .collect();
        out.extend(
            cycles
                .into_iter()
                .map(|(at, members)| (at, Blocker::Cycle(members).finding())),
        );
        out
    }
}

/// For `lint`: each dependency id no task has, by the entry naming it,
/// and each cycle once (at its first member's entry).
pub(crate) fn dangling_and_cycles(
    own: &DependencySettings,
    settings: &crate::config::Settings,
    board: &Board,
) -> Linted {
    // Every missing id is dangling, whatever it means to a move.
    let strict = DependencySettings {
        missing: Missing::Blocks,
        ..own.clone()
    };
    let gate = DependencyGate {
        own: &strict,
        index: RefCell::new(None),
        folders: RefCell::new(None),
    };
    let index = gate.index_for(board);
    let folders = || gate.folders(&board.ids, None);
    let resolver = Resolver {
        own: &strict,
        settings,
        board,
        index: &index,
        folders: &folders,
    };
    let mut dangling = Vec::new();
    let mut cycles = Vec::new();
    let mut in_cycle: HashSet<String> = HashSet::new();
    for (at, entry) in board.entries.iter().enumerate() {
        let Some(task) = entry.task() else { continue };
        if task.links.depends_on.is_empty() && task.links.blocking.is_empty() {
            continue;
        }
        let (_, problems) = resolver.edges(task, &entry.path);
        for p in problems {
            if let Blocker::Missing(id) = p {
                dangling.push((at, id));
            }
        }
        if let Some(cycle) = resolver.cycle(task, &entry.path)
            && !cycle.iter().any(|m| in_cycle.contains(m))
        {
            in_cycle.extend(cycle.iter().cloned());
            cycles.push((at, cycle));
        }
    }
    (dangling, cycles)
}

#[cfg(test)]
mod tests;
