//! Test support: a board built in memory from `(id, status, priority)`.

use std::path::PathBuf;

use super::{Gate, GateContext, Verdict};
use crate::board::{Board, Entry, EntryKind};
use crate::config::{Locate, Settings};
use crate::git::LazyRepo;
use crate::task::{self, Parsed};

pub(crate) struct Fixture {
    pub(crate) settings: Settings,
    pub(crate) board: Board,
    /// Points at the fixture's directory, which is no repository.
    pub(crate) git: LazyRepo,
    _dir: tempfile::TempDir,
}

impl Fixture {
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
                let text = format!(
                    "---\nid: {id}\ntitle: Task {id}\nstatus: {status}\npriority: {prio}\n---\n"
                );
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
            path: &entry.path,
            from,
            to,
            board: &self.board,
            settings: &self.settings,
            now: chrono::Utc::now(),
            git: &self.git,
        };
        gate.evaluate(&ctx)
    }
}
