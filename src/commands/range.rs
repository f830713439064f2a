//! Judging commits of history: what `ci` does for `base..head`, and what
//! the commit hook does for the commits a merge brings in. Loads each
//! commit's board from git (parsing each blob once) and hands every pair
//! of boards to [`crate::change`].
//!
//! A merge commit is judged as the commits it brings in, each against its
//! own parent, plus whatever the merge result itself changes relative to
//! both parents — so two legal steps on a branch stay legal after the
//! merge, and an illegal jump committed on the branch is still caught.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::board::{Board, Entry, EntryKey, is_task_path};
use crate::change::{Changes, CommitRef, Judge};
use crate::config::Settings;
use crate::gates::Policy;
use crate::git::tree::{CommitInfo, Listing, ListingChanges, TaskTrees};
use crate::task::Task;

/// Commits and boards of one repository, judged with one configuration.
pub(super) struct History<'a> {
    pub(super) settings: &'a Settings,
    pub(super) trees: &'a TaskTrees,
    pub(super) policy: &'a Policy<'a>,
    pub(super) now: DateTime<Utc>,
    /// Task files already parsed, by path and blob id: a file unchanged
    /// between commits is parsed once.
    parsed: BTreeMap<(PathBuf, String), Entry>,
    /// Whether the commits judged are one change under review (`ci`'s
    /// range, a merge being committed): then [`History::origin`] is kept.
    as_one: bool,
    /// The tasks at the base of the change under review (the parent of the
    /// first commit judged), by key: a task's state there counts in every
    /// commit's judgement ([`Judge::origin`]), so a pull request cannot
    /// lower a task's priority in one commit and move it in the next.
    origin: Option<HashMap<EntryKey, Vec<Task>>>,
}

impl<'a> History<'a> {
    pub(super) fn new(
        settings: &'a Settings,
        trees: &'a TaskTrees,
        policy: &'a Policy<'a>,
        now: DateTime<Utc>,
    ) -> History<'a> {
        History {
            settings,
            trees,
            policy,
            now,
            parsed: BTreeMap::new(),
            as_one: false,
            origin: None,
        }
    }

    /// Judges the commits as one change under review: a task's state at
    /// the base counts in each commit's judgement, as it does when a
    /// change is one commit.
    pub(super) fn one_change(mut self) -> Self {
        self.as_one = true;
        self
    }

    fn judge<'r>(&'r self, rev: Option<&'r str>) -> Judge<'r> {
        Judge {
            settings: self.settings,
            policy: self.policy,
            now: self.now,
            rev,
            pending: None,
            origin: self.origin.as_ref(),
        }
    }

    /// Judges `commits` (oldest first, as [`TaskTrees::first_parent_range`]
    /// lists them), each against its first parent; merges as the module
    /// says. The board is carried from commit to commit: each commit's
    /// tree diff says which task files changed, only those are parsed (if
    /// their blob is new) and judged.
    pub(super) fn commits(&mut self, commits: &[CommitInfo]) -> Result<Changes> {
        let mut all = Changes::default();
        let mut previous: Option<Carried> = None;
        let settings = self.settings;
        let keep = |rel: &Path| is_task_path(settings, rel);
        // Every commit's changes but merges', in one pass over the trees.
        let steps: Vec<(Option<&str>, &str)> = commits
            .iter()
            .filter(|c| c.merged.is_empty())
            .map(|c| (c.parent.as_deref(), c.id.as_str()))
            .collect();
        let mut diffs = self.trees.diff_listings(&steps, &keep)?.into_iter();
        if let (true, None, Some(first)) = (self.as_one, &self.origin, commits.first()) {
            // The base's board: every copy of each key, and the board the
            // first commit is judged against (read once).
            let (_, base) = self.board(first.parent.as_deref())?;
            let mut origin: HashMap<EntryKey, Vec<Task>> = HashMap::new();
            for (entry, task) in base.tasks() {
                origin
                    .entry(entry.key.clone())
                    .or_default()
                    .push(task.clone());
            }
            self.origin = Some(origin);
            previous = Some(Carried {
                commit: first.parent.clone().unwrap_or_default(),
                board: base,
            });
        }
        for commit in commits {
            let at = CommitRef {
                id: commit.id.clone(),
                short: commit.short.clone(),
                summary: commit.summary.clone(),
            };
            if let (Some(first), [second, ..]) =
                (commit.parent.as_deref(), commit.merged.as_slice())
            {
                previous = None;
                all.extend(self.merge(first, second, &commit.id, &at)?);
                continue;
            }
            let mut carried = match previous.take() {
                Some(c) if commit.parent.as_deref() == Some(c.commit.as_str()) => c,
                _ => Carried {
                    commit: commit.parent.clone().unwrap_or_default(),
                    board: self.board(commit.parent.as_deref())?.1,
                },
            };
            let diff = diffs.next().unwrap_or_default();
            if !diff.is_empty() {
                let (before, changed) = self.apply(&mut carried.board, diff)?;
                all.extend(self.judge(Some(&commit.id)).between_changed(
                    &before,
                    &carried.board,
                    &changed,
                    Some(&at),
                ));
            }
            carried.commit.clone_from(&commit.id);
            previous = Some(carried);
        }
        Ok(all)
    }

    /// Applies a commit's changes of task files ([`TaskTrees::diff_listings`])
    /// to `board`, parsing blobs not seen before; returns what the board
    /// had at the changed paths, and those paths.
    fn apply(
        &mut self,
        board: &mut Board,
        diff: ListingChanges,
    ) -> Result<(BTreeMap<PathBuf, Entry>, BTreeSet<PathBuf>)> {
        let new: Listing = diff
            .iter()
            .filter_map(|(rel, id)| Some((rel.clone(), id.clone()?)))
            .collect();
        self.parse_missing(&new)?;
        let dir = &self.settings.board.tasks_dir;
        let mut before = BTreeMap::new();
        let mut changed = BTreeSet::new();
        for (rel, id) in diff {
            let path = dir.join(&rel);
            let entry = id.and_then(|id| self.parsed.get(&(rel, id)).cloned());
            match (
                board
                    .entries
                    .binary_search_by(|e| e.path.as_path().cmp(&path)),
                entry,
            ) {
                (Ok(i), Some(entry)) => {
                    before.insert(
                        path.clone(),
                        std::mem::replace(&mut board.entries[i], entry),
                    );
                }
                (Ok(i), None) => {
                    before.insert(path.clone(), board.entries.remove(i));
                }
                (Err(i), Some(entry)) => board.entries.insert(i, entry),
                (Err(_), None) => {}
            }
            changed.insert(path);
        }
        Ok((before, changed))
    }

    /// Judges the merge of `second` into `first` whose result is commit
    /// `result`: the commits it brings in, then what the result changes.
    fn merge(
        &mut self,
        first: &str,
        second: &str,
        result: &str,
        at: &CommitRef,
    ) -> Result<Changes> {
        let (listing, board) = self.board(Some(result))?;
        self.merge_into(first, second, &listing, &board, Some(result), Some(at))
    }

    /// Judges a merge of `second` into `first` whose result is `board`
    /// (listed as `listing`), with P0 evidence read at `rev`.
    pub(super) fn merge_into(
        &mut self,
        first: &str,
        second: &str,
        listing: &Listing,
        board: &Board,
        rev: Option<&str>,
        at: Option<&CommitRef>,
    ) -> Result<Changes> {
        let brought =
            self.trees
                .first_parent_range(first, second, self.settings.history_limit())?;
        let mut all = self.commits(&brought)?;
        let (first_listing, first_board) = self.board(Some(first))?;
        let (second_listing, _) = self.board(Some(second))?;
        let dir = &self.settings.board.tasks_dir;
        // What the result holds that neither side brought: files that
        // differ from the second parent's (the first parent's side is what
        // `between` compares against), and files the result dropped.
        let mut only: BTreeSet<PathBuf> = listing
            .iter()
            .filter(|(path, id)| {
                second_listing.get(*path) != Some(*id) && first_listing.get(*path) != Some(*id)
            })
            .map(|(path, _)| dir.join(path))
            .collect();
        only.extend(
            first_listing
                .keys()
                .filter(|path| !listing.contains_key(*path) && second_listing.contains_key(*path))
                .map(|path| dir.join(path)),
        );
        if !only.is_empty() {
            all.extend(
                self.judge(rev)
                    .between(&first_board, board, Some(&only), at),
            );
        }
        Ok(all)
    }

    /// The board in a commit's tree (`None`: the empty board before a root
    /// commit), and its listing; parses only blobs not seen before.
    pub(super) fn board(&mut self, commit: Option<&str>) -> Result<(Listing, Board)> {
        let settings = self.settings;
        let keep = |rel: &Path| is_task_path(settings, rel);
        let listing = self.trees.list_commit(commit, &keep)?;
        Ok((listing.clone(), self.board_of(listing)?))
    }

    /// The board of a listing, parsing only blobs not seen before.
    pub(super) fn board_of(&mut self, listing: Listing) -> Result<Board> {
        self.parse_missing(&listing)?;
        let dir = &self.settings.board.tasks_dir;
        let entries = listing
            .into_iter()
            .filter_map(|key| self.parsed.get(&key).cloned())
            .collect();
        Ok(Board {
            tasks_dir: dir.clone(),
            ids: self.settings.ids.clone(),
            entries,
            from_cache: None,
        })
    }

    /// Reads and parses the blobs of `listing` not parsed before.
    fn parse_missing(&mut self, listing: &Listing) -> Result<()> {
        let missing: Listing = listing
            .iter()
            .filter(|(path, id)| !self.parsed.contains_key(&((*path).clone(), (*id).clone())))
            .map(|(path, id)| (path.clone(), id.clone()))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let fresh = Board::from_files(self.settings, self.trees.read(&missing)?);
        let dir = &self.settings.board.tasks_dir;
        for entry in fresh.entries {
            let rel = entry
                .path
                .strip_prefix(dir)
                .unwrap_or(&entry.path)
                .to_path_buf();
            if let Some(id) = missing.get(&rel) {
                self.parsed.insert((rel, id.clone()), entry);
            }
        }
        Ok(())
    }
}

/// A commit's board, carried to judge its child against.
struct Carried {
    /// The commit (empty: before a root commit).
    commit: String,
    board: Board,
}
