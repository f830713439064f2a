//! Test support: a board built in memory from `(id, status, priority)`,
//! judged at a fixed time.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{Gate, GateContext, Verdict};
use crate::board::{Board, Entry, EntryKind};
use crate::config::{Locate, Settings};
use crate::git::LazyRepo;
use crate::task::{self, Parsed};

/// The time every fixture judges at: tests never read the real clock.
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-11-01T12:00:00Z")
        .expect("a valid time")
        .with_timezone(&Utc)
}

pub(crate) struct Fixture {
    pub(crate) settings: Settings,
    pub(crate) board: Board,
    /// Points at the fixture's directory, which is no repository.
    pub(crate) git: LazyRepo,
    _dir: tempfile::TempDir,
}

impl Fixture {
    /// Tasks `(id, status, priority)`, titled `Task <id>`; a priority of
    /// `-` leaves the field out.
    pub(crate) fn new(tasks: &[(&str, &str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = super::load_settings(&Locate {
            cwd: dir.path().to_path_buf(),
            ..Locate::default()
        })
        .expect("default settings");
        let entries = tasks
            .iter()
            .map(|(id, status, prio)| {
                let prio = if *prio == "-" {
                    String::new()
                } else {
                    format!("priority: {prio}\n")
                };
                let text =
                    format!("---\nid: {id}\ntitle: Task {id}\nstatus: {status}\n{prio}---\n");
                let Parsed::Task(t) = task::parse(text.as_bytes(), id, &settings.vocab, 1 << 20)
                else {
                    panic!("fixture task {id} did not parse");
                };
                Entry::new(
                    &settings.ids,
                    PathBuf::from(format!("tasks/{id}.md")),
                    format!("tasks/{id}.md"),
                    EntryKind::Task(t),
                )
            })
            .collect();
        let board = Board {
            tasks_dir: PathBuf::from("tasks"),
            ids: settings.ids.clone(),
            entries,
            from_cache: None,
        };
        Fixture {
            settings,
            board,
            git: LazyRepo::new(dir.path(), None),
            _dir: dir,
        }
    }

    /// A board of task files `(name, text)` in `tasks/`.
    pub(crate) fn with_files(files: &[(String, String)]) -> Fixture {
        Fixture::with_files_ruled(files, crate::task::identity::IdRule::Folded)
    }

    /// [`Fixture::with_files`] on a board whose ids compare by `ids`.
    pub(crate) fn with_files_ruled(
        files: &[(String, String)],
        ids: crate::task::identity::IdRule,
    ) -> Fixture {
        let mut fx = Fixture::new(&[]);
        fx.board.ids = ids.clone();
        fx.settings.ids = ids;
        fx.board.entries = files
            .iter()
            .map(|(name, text)| {
                let t = fx.task_from(name.trim_end_matches(".md"), text);
                Entry::new(
                    &fx.board.ids,
                    PathBuf::from(format!("tasks/{name}")),
                    format!("tasks/{name}"),
                    EntryKind::Task(Box::new(t)),
                )
            })
            .collect();
        fx.board.entries.sort_by(|a, b| a.path.cmp(&b.path));
        fx
    }

    /// A task `id` at `status` with `body` (not on the board).
    pub(crate) fn task_with_body(&self, id: &str, status: &str, body: &str) -> task::Task {
        self.task_from(
            id,
            &format!("---\nid: {id}\ntitle: Task {id}\nstatus: {status}\n---\n{body}"),
        )
    }

    /// The task a whole file's `text` reads as.
    pub(crate) fn task_from(&self, name: &str, text: &str) -> task::Task {
        let Parsed::Task(t) = task::parse(text.as_bytes(), name, &self.settings.vocab, 1 << 20)
        else {
            panic!("fixture task {name} did not parse");
        };
        *t
    }

    /// The context of `task` moving `from` → `to` on the fixture's board.
    pub(crate) fn ctx<'a>(
        &'a self,
        task: &'a task::Task,
        from: Option<&'a str>,
        to: &'a str,
    ) -> GateContext<'a> {
        GateContext::new(
            task,
            std::path::Path::new("tasks/x.md"),
            from,
            to,
            &self.board,
            &self.settings,
            now(),
            &self.git,
        )
    }

    /// The gate `id` of the registry, over the fixture's settings.
    pub(crate) fn gate(&self, id: &str) -> Box<dyn Gate + '_> {
        let doc = super::ALL
            .iter()
            .find(|g| g.id == id)
            .expect("a gate of the registry");
        (doc.new)(self.settings.gates.get(id).expect("its section")).expect("its settings")
    }

    /// Gate `gate` judging task `id` moving `from` → `to`.
    pub(crate) fn eval(&self, gate: &str, id: &str, from: Option<&str>, to: &str) -> Verdict {
        let gate = self.gate(gate);
        let entry = self
            .board
            .entries
            .iter()
            .find(|e| e.task().and_then(|t| t.id.as_deref()) == Some(id))
            .expect("fixture task exists");
        let ctx = GateContext::new(
            entry.task().expect("is a task"),
            &entry.path,
            from,
            to,
            &self.board,
            &self.settings,
            now(),
            &self.git,
        );
        gate.evaluate(&ctx)
    }
}
