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
        let settings = crate::config::load(&Locate {
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
                Entry {
                    path: PathBuf::from(format!("tasks/{id}.md")),
                    display: format!("tasks/{id}.md"),
                    kind: EntryKind::Task(t),
                }
            })
            .collect();
        let board = Board {
            tasks_dir: PathBuf::from("tasks"),
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

    pub(crate) fn eval(&self, gate: &dyn Gate, id: &str, from: Option<&str>, to: &str) -> Verdict {
        let entry = self
            .board
            .entries
            .iter()
            .find(|e| e.task().and_then(|t| t.id.as_deref()) == Some(id))
            .expect("fixture task exists");
        let ctx = GateContext {
            task: entry.task().expect("is a task"),
            previous: None,
            pending: None,
            path: &entry.path,
            from,
            to,
            board: &self.board,
            settings: &self.settings,
            now: now(),
            git: &self.git,
        };
        gate.evaluate(&ctx)
    }
}
