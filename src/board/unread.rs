//! A board gate cannot read: task files of which none carries a status gate
//! reads (or no task files at all), and where the statuses seem to live
//! instead — an Obsidian kanban file (`kanban-plugin` front-matter, or
//! `## Column` headings over `- [ ] [[task]]` items), as early Promethean
//! boards kept theirs in `boards/kanban.md`.
//!
//! Reads only small Markdown files near the tasks directory, a bounded
//! number of them; decides nothing about any task.

use std::path::{Path, PathBuf};

use super::{Board, display_path};
use crate::config::Settings;

/// How deep below the tasks directory's parent the search for a kanban
/// file goes, how many entries it looks at, and the largest file it reads.
const DEPTH: usize = 3;
const MAX_ENTRIES: usize = 2_000;
const MAX_BYTES: u64 = 1024 * 1024;

/// A board with no task whose status gate reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unread {
    /// The `*.md` files read in the tasks directory.
    pub files: usize,
    /// The tasks directory, as shown to people.
    pub tasks_dir: String,
    /// A file that seems to hold the board's statuses, as shown to people.
    pub elsewhere: Option<String>,
}

impl Unread {
    /// `Some` when no task on `board` has a status: the board's columns
    /// and score would say nothing about it.
    pub(crate) fn of(board: &Board, settings: &Settings) -> Option<Unread> {
        if board.tasks().any(|(_, t)| t.status.is_some()) {
            return None;
        }
        let elsewhere = kanban_file(&board.tasks_dir, &settings.root)
            .map(|path| display_path(&settings.root, &path));
        Some(Unread {
            files: board.entries.len(),
            tasks_dir: display_path(&settings.root, &board.tasks_dir),
            elsewhere,
        })
    }

    /// The warning, and its help line.
    pub(crate) fn message(&self) -> String {
        let what = match self.files {
            0 => format!("the board has no task files in `{}`", self.tasks_dir),
            1 => format!(
                "gate read 1 file in `{}`, and it has no status gate can read",
                self.tasks_dir
            ),
            n => format!(
                "gate read {n} files in `{}`, and none has a status gate can read",
                self.tasks_dir
            ),
        };
        let help = match &self.elsewhere {
            Some(file) => format!(
                "statuses seem to live in `{file}` (an Obsidian kanban board: `## Column` headings over `[[task]]` items), which gate does not read; give each task file a `status:` in its front-matter, or point gate at the real tasks directory (`[board] tasks_dir`)"
            ),
            None => "a task is a Markdown file whose front-matter has a `status:` field; point gate at the real tasks directory (`[board] tasks_dir`, or --board)".to_owned(),
        };
        format!("warning: {what}: its columns and score say nothing about it\nhelp: {help}")
    }
}

/// The Obsidian kanban file nearest the tasks directory: searched from its
/// parent (within the repository), a few levels deep, skipping
/// dot-directories; the one with the most task items wins (then the
/// shortest path).
fn kanban_file(tasks_dir: &Path, root: &Path) -> Option<PathBuf> {
    let top = tasks_dir
        .parent()
        .filter(|p| p.starts_with(root))
        .unwrap_or(tasks_dir);
    let mut best: Option<(usize, PathBuf)> = None;
    let mut seen = 0;
    let mut stack = vec![(top.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            seen += 1;
            if seen > MAX_ENTRIES {
                return best.map(|(_, p)| p);
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            // Not through links: the search stays where the board is.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if depth < DEPTH {
                    stack.push((path, depth + 1));
                }
            } else if kind.is_file()
                && name.to_ascii_lowercase().ends_with(".md")
                && entry.metadata().is_ok_and(|m| m.len() <= MAX_BYTES)
                && let Ok(text) = std::fs::read_to_string(&path)
                && let Some(items) = kanban_items(&text)
                && best.as_ref().is_none_or(|(n, p)| {
                    items > *n
                        || (items == *n && path.components().count() < p.components().count())
                })
            {
                best = Some((items, path));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// The number of task items when `text` reads as an Obsidian kanban board:
/// `kanban-plugin` in its front-matter, or at least two `## ` headings and
/// two checkbox items holding a link (`- [ ] [[task]]`).
fn kanban_items(text: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let plugin = text.starts_with("---")
        && text
            .lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .any(|l| l.trim_start().starts_with("kanban-plugin"));
    let mut headings = 0;
    let mut items = 0;
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("## ") {
            headings += 1;
        } else if headings > 0
            && let Some(rest) = ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] "]
                .iter()
                .find_map(|m| line.strip_prefix(m))
            && (rest.contains("[[") || rest.contains("]("))
        {
            items += 1;
        }
    }
    (plugin || (headings >= 2 && items >= 2)).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::kanban_items;

    #[test]
    fn an_obsidian_kanban_file_is_recognised() {
        let board = "---\n\nkanban-plugin: basic\n\n---\n\n## Todo\n\n- [ ] [[Write the parser]]\n- [ ] [[Smart Task templater]]\n\n## Done\n\n- [x] [[Create permission gating layer]]\n";
        assert_eq!(kanban_items(board), Some(3));
        // Without the plugin's front-matter, by its shape.
        let bare = "# Board\n\n## Todo\n- [ ] [[a]]\n## Done\n- [x] [b](tasks/b.md)\n";
        assert_eq!(kanban_items(bare), Some(2));
        // An empty board the plugin made still is one.
        assert_eq!(kanban_items("---\nkanban-plugin: basic\n---\n"), Some(0));
    }

    /// A task's own checklist or a notes page of links is no board.
    #[test]
    fn a_checklist_or_a_page_of_links_is_not_a_board() {
        let task = "## Goals\n\n- [ ] Prevent unauthorized commands\n- [ ] Log denials\n\n## Subtasks\n\n- [ ] Add tests\n";
        assert_eq!(kanban_items(task), None);
        let notes = "## Related\n\n- [[one]]\n- [[two]]\n";
        assert_eq!(kanban_items(notes), None);
        let one_column = "## Todo\n- [ ] [[a]]\n- [ ] [[b]]\n";
        assert_eq!(kanban_items(one_column), None);
        assert_eq!(kanban_items(""), None);
    }
}
