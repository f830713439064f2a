//! Commit evidence: which commits name a task and change more than task
//! files and gate's own files.
//!
//! The walk starts at a revision, goes newest first by commit time, and is
//! bounded three ways: by a lower time bound (the task's creation minus the
//! slack), by a commit count, and by how much evidence is enough. Only
//! commits whose message names the task are diffed, against their first
//! parent (a root commit against the empty tree), and the diff compares tree
//! ids level by level, so unchanged directories and the tasks directory are
//! never opened. It reports shallow-clone boundaries instead of guessing
//! across them. Whether a message names the task is [`message`]'s rule;
//! commits that mention the id but do not count are kept, with the reason,
//! so that a person sees why.

mod index;
pub(crate) mod message;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Component, Path};

use globset::GlobSet;
use serde::Serialize;

use self::index::{CommitIndex, Fresh, Kept};
use self::message::{IdMatcher, Naming, NotNamed};
use super::{GitError, Repo};

/// Commits that mention the task without counting, kept to show why.
const NOT_COUNTED_KEPT: usize = 5;

/// What to look for.
pub(crate) struct CommitQuery<'a> {
    /// Which messages name the task: the matcher's first id.
    pub matcher: &'a IdMatcher,
    /// Commits committed before this (Unix seconds) end the walk.
    pub since: Option<i64>,
    /// At most this many commits are read.
    pub max_commits: usize,
    /// Stop once this many evidence commits are found.
    pub enough: usize,
    /// After the first evidence commit, read at most this many more
    /// commits looking for others: the answer is known, the rest is
    /// illustration and must stay cheap.
    pub linger: usize,
    /// The tasks directory, absolute or relative to the work tree.
    pub tasks_dir: &'a Path,
    /// The board tool's other files and folders (its config file, its
    /// drafts and archives), absolute or relative to the work tree: never
    /// evidence, as the tasks directory is not.
    pub board_files: &'a [&'a Path],
    /// Paths (relative to the work tree) whose changes are not evidence.
    pub exclude: &'a GlobSet,
    /// When not empty, only changes of files these match (themselves or a
    /// parent directory) are evidence.
    pub code_paths: &'a GlobSet,
    /// Gate's own files (audit log, config file), absolute or relative
    /// to the work tree: never evidence. Files named `gate.toml` or
    /// `.gate.toml` and the `.gate/` directory never are either.
    pub own_files: &'a [&'a Path],
    /// Whether commits may be read from, and added to, the commit index
    /// (`--no-cache` turns it off): the answer is the same either way.
    pub commit_index: bool,
}

/// A commit, as shown to people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct CommitRef {
    pub sha: String,
    pub short_sha: String,
    pub subject: String,
    /// Committer time, Unix seconds.
    pub time: i64,
    /// For evidence, the file whose change made the commit count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// Why the walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Stop {
    /// The history ended.
    End,
    /// A commit older than the lower bound was reached.
    Bound,
    /// `max_commits` commits were read.
    Limit,
    /// Enough evidence was found (or looked for after the first).
    Enough,
}

/// Why a commit that mentions the task is not evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Reason {
    /// Its message holds only a longer id (`BACK-565` for `BACK-56`).
    LongerId,
    /// Its message holds a numeric id alone, outside a trailer or form.
    BareNumber,
    /// Its message names the id only in the body's prose.
    Prose,
    /// Its message has the id on a keyword line, but outside the list of
    /// ids the keyword governs.
    Unlisted,
    /// It changes only task files.
    OnlyTaskFiles,
    /// It changes only gate's own files (audit log, config).
    OnlyGateFiles,
    /// It changes only paths in `exclude_paths`.
    OnlyExcludedPaths,
    /// It changes code files only by mode, by a pure rename, in
    /// whitespace or by empty files: no content.
    NoContentChange,
    /// It changes only task files, gate's files and excluded paths.
    OnlyNonCodePaths,
    /// It changes nothing against its first parent.
    NoChanges,
}

impl Reason {
    /// The reason for people, completing "this commit …".
    pub(crate) fn describe(self, token: &str) -> String {
        match self {
            Reason::LongerId => NotNamed::LongerId.describe(token),
            Reason::BareNumber => NotNamed::BareNumber.describe(token),
            Reason::Prose => NotNamed::Prose.describe(token),
            Reason::Unlisted => NotNamed::Unlisted.describe(token),
            Reason::OnlyTaskFiles => {
                "changes only the board's files (tasks, the board tool's folders and config)"
                    .to_owned()
            }
            Reason::OnlyGateFiles => "changes only gate's own files (audit log, config)".to_owned(),
            Reason::OnlyExcludedPaths => {
                "changes only paths in `exclude_paths` (or outside `code_paths`)".to_owned()
            }
            Reason::NoContentChange => {
                "changes no content: only a file's mode, a pure rename, whitespace or empty files"
                    .to_owned()
            }
            Reason::OnlyNonCodePaths => {
                "changes only the board's files, gate's own files, `exclude_paths` or no content"
                    .to_owned()
            }
            Reason::NoChanges => "changes nothing".to_owned(),
        }
    }
}

/// A commit that mentions the task but is not evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct NotCounted {
    pub commit: CommitRef,
    pub reason: Reason,
    /// The reason, for people.
    pub detail: String,
}

/// The result of a walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CommitSearch {
    /// Commits that name the task and change a path that counts.
    pub found: Vec<CommitRef>,
    /// Commits that name the task but change only task files, gate's own
    /// files or excluded paths (or nothing).
    pub task_files_only: Vec<CommitRef>,
    /// The newest few commits that mention the task but do not count, and
    /// why (message and path reasons alike).
    pub not_counted: Vec<NotCounted>,
    /// Commits read.
    pub walked: usize,
    pub stop: Stop,
    /// A shallow-clone boundary commit met before the walk ended; history
    /// beyond it is missing, so "no evidence" cannot be concluded.
    pub shallow_boundary: Option<CommitRef>,
}

/// One task of a walk for many ([`Repo::commits_mentioning_many`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TaskBound {
    /// The task's id: its index among the matcher's ids.
    pub id: usize,
    /// Commits committed before this (Unix seconds) end the task's walk.
    pub since: Option<i64>,
}

/// Whether the commit index held up against the object database.
enum Trust {
    Held,
    /// It said something of a commit the database does not.
    Belied,
}

/// A walked commit, as the judging of it needs it.
struct Step {
    oid: git2::Oid,
    /// Its first parent as stored (the walk's view, not a graft's).
    first_parent: Option<git2::Oid>,
    /// A shallow clone's boundary: its parents are not in the clone.
    is_boundary: bool,
}

/// One task's part of a walk for many.
struct TaskWalk {
    bound: TaskBound,
    search: CommitSearch,
    first_found_at: Option<usize>,
    /// Stopped, or failed.
    done: bool,
    error: Option<GitError>,
}

impl TaskWalk {
    /// A walk not yet begun.
    fn new(bound: TaskBound) -> TaskWalk {
        TaskWalk {
            bound,
            search: CommitSearch {
                found: Vec::new(),
                task_files_only: Vec::new(),
                not_counted: Vec::new(),
                walked: 0,
                stop: Stop::End,
                shallow_boundary: None,
            },
            first_found_at: None,
            done: false,
            error: None,
        }
    }
}

/// Ends `w`'s walk for `why` after `walked` commits, unless it has ended.
fn stop(w: &mut TaskWalk, why: Stop, walked: usize, open: &mut usize) {
    if !w.done {
        w.done = true;
        w.search.stop = why;
        w.search.walked = walked;
        *open -= 1;
    }
}

/// The tasks of a shared walk: found by id and by lower bound, and how
/// many are still open.
struct Tasks {
    /// The tasks of each id.
    by_id: HashMap<usize, Vec<usize>>,
    /// The tasks by lower bound, newest first: the tasks a commit's time
    /// ends are a prefix of that order, up to `next_bound`.
    by_bound: Vec<usize>,
    next_bound: usize,
    /// Tasks with evidence, reading on for `linger` commits.
    lingering: Vec<usize>,
    open: usize,
}

impl Tasks {
    fn new(walks: &[TaskWalk]) -> Tasks {
        let mut by_id: HashMap<usize, Vec<usize>> = HashMap::new();
        for (t, w) in walks.iter().enumerate() {
            by_id.entry(w.bound.id).or_default().push(t);
        }
        let mut by_bound: Vec<usize> = (0..walks.len()).collect();
        by_bound.sort_by_key(|&t| Reverse(walks[t].bound.since.unwrap_or(i64::MIN)));
        Tasks {
            by_id,
            by_bound,
            next_bound: 0,
            lingering: Vec::new(),
            open: walks.len(),
        }
    }

    /// Before the next commit, committed at `time` after `walked` commits:
    /// ends the walks its time takes below their bound, every walk at the
    /// commit limit, and those that lingered long enough after their
    /// first evidence. False when no walk is open.
    fn go_on(
        &mut self,
        walks: &mut [TaskWalk],
        time: i64,
        walked: usize,
        query: &CommitQuery<'_>,
    ) -> bool {
        while let Some(&t) = self.by_bound.get(self.next_bound) {
            if walks[t].bound.since.is_none_or(|since| time >= since) {
                break;
            }
            stop(&mut walks[t], Stop::Bound, walked, &mut self.open);
            self.next_bound += 1;
        }
        if walked >= query.max_commits {
            for w in walks.iter_mut() {
                stop(w, Stop::Limit, walked, &mut self.open);
            }
        }
        let open = &mut self.open;
        self.lingering.retain(|&t| {
            let w = &mut walks[t];
            let ends = w.done
                || w.first_found_at
                    .is_some_and(|at| walked - at >= query.linger);
            if ends {
                stop(w, Stop::Enough, walked, open);
            }
            !ends
        });
        self.open > 0
    }

    /// Whether a message `scanned` so names a task whose walk is open.
    fn names_open(&self, walks: &[TaskWalk], scanned: &[(usize, Naming)]) -> bool {
        scanned.iter().any(|(id, naming)| {
            *naming == Naming::Names
                && self
                    .by_id
                    .get(id)
                    .is_some_and(|ts| ts.iter().any(|&t| !walks[t].done))
        })
    }

    /// Every open task whose id the message `scanned` mentions, with what
    /// it says; on a boundary, every open task.
    fn asked<'s>(
        &self,
        walks: &[TaskWalk],
        scanned: &'s [(usize, Naming)],
        is_boundary: bool,
    ) -> Vec<(usize, Option<&'s Naming>)> {
        let mut asked = Vec::new();
        if is_boundary {
            for t in (0..walks.len()).filter(|&t| !walks[t].done) {
                let naming = scanned
                    .iter()
                    .find(|(id, _)| *id == walks[t].bound.id)
                    .map(|(_, n)| n);
                asked.push((t, naming));
            }
        } else {
            for (id, naming) in scanned {
                for &t in self.by_id.get(id).into_iter().flatten() {
                    if !walks[t].done {
                        asked.push((t, Some(naming)));
                    }
                }
            }
        }
        asked
    }
}

/// The commits of a walk, newest first by committer time, as `git log`
/// walks: a priority queue of commits whose children were read. (libgit2's
/// own sorted revwalk reads the whole history before yielding the first
/// commit.) Commits are read raw from the object database (or the index):
/// only parents, time and message are needed until one names a task.
struct Commits<'o> {
    odb: &'o git2::Odb<'o>,
    index: Option<&'o CommitIndex>,
    queue: BinaryHeap<(i64, Reverse<u64>, git2::Oid)>,
    seq: u64,
    /// Commits read to learn their time, waiting in the queue.
    pending: HashMap<git2::Oid, RawCommit<'o>>,
    /// Every commit met, with the child it was met through (`None`: the
    /// start): the walk's path back to its start.
    via: HashMap<git2::Oid, Option<git2::Oid>>,
}

impl<'o> Commits<'o> {
    /// The walk from `start`, read.
    fn start(
        odb: &'o git2::Odb<'o>,
        index: Option<&'o CommitIndex>,
        start: git2::Oid,
        fresh: &mut Fresh,
    ) -> Result<Commits<'o>, git2::Error> {
        let mut commits = Commits {
            odb,
            index,
            queue: BinaryHeap::new(),
            seq: 0,
            pending: HashMap::new(),
            via: HashMap::new(),
        };
        let head = commits.read(start, fresh)?;
        commits.queue.push((head.time, Reverse(0), start));
        commits.pending.insert(start, head);
        commits.via.insert(start, None);
        Ok(commits)
    }

    /// Commit `oid`: from the index while its object is there, else from
    /// the object database (added to `fresh` when there is an index). A
    /// missing one is read, and fails, as without the index: the end of a
    /// shallow clone's history, or a damaged repository. (Asking is cheap:
    /// nothing is inflated.)
    fn read(&self, oid: git2::Oid, fresh: &mut Fresh) -> Result<RawCommit<'o>, git2::Error> {
        if let Some(entry) = self.index.and_then(|i| i.get(oid))
            && self.odb.exists(oid)
        {
            return Ok(RawCommit {
                parents: entry.parents,
                time: entry.time,
                body: Body::Indexed(entry.message),
            });
        }
        let raw = RawCommit::parse(self.odb.read(oid)?)?;
        if self.index.is_some()
            && let Body::Object(object, message_at) = &raw.body
        {
            fresh.add(oid, raw.time, &raw.parents, object.data(), *message_at);
        }
        Ok(raw)
    }

    /// The newest commit in the queue, with its time.
    fn pop(&mut self) -> Option<(i64, git2::Oid)> {
        self.queue.pop().map(|(time, _, oid)| (time, oid))
    }

    /// Popped commit `oid`, as read when it was queued.
    fn take(&mut self, oid: git2::Oid, fresh: &mut Fresh) -> Result<RawCommit<'o>, git2::Error> {
        match self.pending.remove(&oid) {
            Some(c) => Ok(c),
            None => self.read(oid, fresh),
        }
    }

    /// Queues the `parents` of `oid` not met before. True when one is
    /// missing from a shallow clone (`shallow`): history ends there.
    fn push_parents(
        &mut self,
        oid: git2::Oid,
        parents: &[git2::Oid],
        shallow: bool,
        fresh: &mut Fresh,
    ) -> Result<bool, git2::Error> {
        let mut missing = false;
        for &parent in parents {
            match self.via.entry(parent) {
                std::collections::hash_map::Entry::Occupied(_) => continue,
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(Some(oid));
                }
            }
            match self.read(parent, fresh) {
                Ok(p) => {
                    self.seq += 1;
                    self.queue.push((p.time, Reverse(self.seq), parent));
                    self.pending.insert(parent, p);
                }
                Err(e) if shallow && e.code() == git2::ErrorCode::NotFound => missing = true,
                Err(e) => return Err(e),
            }
        }
        Ok(missing)
    }

    /// Whether the index's entries for `oid`, and for every commit on the
    /// walk's path from the start down to it, are those commits as
    /// stored: the same parents (so the path is real), time and message.
    /// Commits read from the database, or confirmed before on this walk,
    /// are not looked at again; entries in `verified` (whose bytes were
    /// found to be their commit's) are not hashed again.
    fn confirm(
        &self,
        oid: git2::Oid,
        confirmed: &mut HashSet<git2::Oid>,
        verified: &mut HashSet<git2::Oid>,
    ) -> bool {
        let Some(index) = self.index else {
            return true;
        };
        let mut at = Some(oid);
        while let Some(c) = at {
            if !confirmed.insert(c) {
                break;
            }
            if !verified.contains(&c)
                && let Some(entry) = index.get(c)
            {
                if !is_commit(c, &entry) {
                    return false;
                }
                verified.insert(c);
            }
            at = self.via.get(&c).copied().flatten();
        }
        true
    }
}

/// What one walked commit is, read at most once for every task that asks.
#[derive(Default)]
struct Seen<'r> {
    commit: Option<Result<git2::Commit<'r>, GitError>>,
    /// The file whose change counts, if one does, and what else it
    /// changes.
    diff: Option<Result<(Option<String>, Kinds), GitError>>,
}

impl Repo {
    /// The file of `changes` (paths relative to the work tree,
    /// `/`-separated) whose change is code by the rules of `query`, as a
    /// commit's diff is judged; `None` when none is. For the commit being
    /// made, whose changes come from the index.
    pub(crate) fn changes_code(
        &self,
        query: &CommitQuery<'_>,
        changes: &[FileChange],
    ) -> Result<Option<String>, GitError> {
        let filter = self.filter(query);
        let mut kinds = Kinds::default();
        let code: Vec<FileChange> = changes
            .iter()
            .filter(|c| match filter.class(&c.path) {
                Class::Code => true,
                class => {
                    kinds.add(class);
                    false
                }
            })
            .cloned()
            .collect();
        self.content_change(&code, &mut kinds)
            .map_err(|e| self.read_error(&e))
    }

    /// The path filter of `query`.
    fn filter<'q>(&self, query: &CommitQuery<'q>) -> PathFilter<'q> {
        let rel = |paths: &mut dyn Iterator<Item = &Path>| -> Vec<String> {
            paths.filter_map(|p| self.relative(p)).collect()
        };
        let own = rel(&mut query.own_files.iter().copied())
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let mut board: Vec<String> = self.relative(query.tasks_dir).into_iter().collect();
        board.extend(
            rel(&mut query.board_files.iter().copied())
                .into_iter()
                .filter(|p| !p.is_empty()),
        );
        PathFilter {
            board,
            exclude: query.exclude,
            code_paths: query.code_paths,
            own,
        }
    }

    /// Walks from `rev` looking for commits that are evidence of work on a
    /// task (see [`CommitQuery`]).
    ///
    /// # Panics
    ///
    /// Never: a walk for one task answers for one task.
    pub(crate) fn commits_mentioning(
        &self,
        rev: &str,
        query: &CommitQuery<'_>,
    ) -> Result<CommitSearch, GitError> {
        let task = TaskBound {
            id: 0,
            since: query.since,
        };
        self.commits_mentioning_many(rev, query, &[task])
            .pop()
            .expect("one result per task")
    }

    /// The walk of [`Repo::commits_mentioning`] for many tasks at once: one
    /// walk from `rev`, one scan of each message for every task's id
    /// (`query.matcher` holds them all; `query.since` is not used, each
    /// task brings its own), each commit that names one diffed once. Each
    /// task's result, in the order of `tasks`, is the one its own walk
    /// would give: every walk visits commits in the same order, so a task's
    /// walk is a prefix of the shared one, which goes on until the last
    /// task's stops.
    pub(crate) fn commits_mentioning_many(
        &self,
        rev: &str,
        query: &CommitQuery<'_>,
        tasks: &[TaskBound],
    ) -> Vec<Result<CommitSearch, GitError>> {
        let mut walks: Vec<TaskWalk> = tasks.iter().map(|&bound| TaskWalk::new(bound)).collect();
        if let Err(e) = self.walk_many(rev, query, &mut walks) {
            for w in walks.iter_mut().filter(|w| !w.done) {
                w.error = Some(e.clone());
            }
        }
        walks
            .into_iter()
            .map(|w| match w.error {
                Some(e) => Err(e),
                None => Ok(w.search),
            })
            .collect()
    }

    /// The shared walk; an error ends the walk of every task not yet done.
    /// Commits come from the commit index when it has them (unless
    /// `query.commit_index` is off); those read from the repository are
    /// added to it afterwards, whatever the walk's outcome.
    ///
    /// The index only proposes: a commit whose message names a task is
    /// evidence only once it, and every commit on the walk's path from
    /// `rev` down to it, is confirmed: its entry's bytes hash to its id and
    /// hold what the index said (parents, time, message). An index that
    /// said otherwise (planted, or left by a runner that keeps `.git`
    /// between jobs) is dropped whole and the walk made again from the
    /// repository alone.
    fn walk_many(
        &self,
        rev: &str,
        query: &CommitQuery<'_>,
        walks: &mut [TaskWalk],
    ) -> Result<(), GitError> {
        let mut kept = query
            .commit_index
            .then(|| Kept::take(self.inner.commondir()));
        let mut fresh = Fresh::default();
        let mut no_index = HashSet::new();
        let (index, verified) = match kept.as_mut() {
            Some(k) => (Some(&mut k.index), &mut k.verified),
            None => (None, &mut no_index),
        };
        let mut walked =
            self.walk_indexed(rev, query, walks, index.as_deref(), verified, &mut fresh);
        if matches!(walked, Ok(Trust::Belied)) {
            if let Some(index) = index {
                index.forget();
            }
            verified.clear();
            for w in walks.iter_mut() {
                *w = TaskWalk::new(w.bound);
            }
            fresh = Fresh::default();
            let index = kept.as_ref().map(|k| &k.index);
            walked = self.walk_indexed(rev, query, walks, index, &mut HashSet::new(), &mut fresh);
        }
        if let Some(kept) = kept {
            // The index is a cache: a file that cannot be written leaves
            // the next walk as this one was.
            kept.put_back(&fresh);
        }
        walked.map(|_| ())
    }

    /// [`Repo::walk_many`] with the index as read; the commits read from
    /// the repository go to `fresh`. [`Trust::Belied`] when the object
    /// database contradicts the index on the path to a commit that names a
    /// task: the walk stops there, its results worth nothing.
    fn walk_indexed(
        &self,
        rev: &str,
        query: &CommitQuery<'_>,
        walks: &mut [TaskWalk],
        index: Option<&CommitIndex>,
        verified: &mut HashSet<git2::Oid>,
        fresh: &mut Fresh,
    ) -> Result<Trust, GitError> {
        let start = self.resolve(rev)?;
        let shallow = self.shallow_commits();
        let filter = self.filter(query);
        let mut tasks = Tasks::new(walks);
        let odb = self.inner.odb().map_err(|e| self.read_error(&e))?;
        let mut commits =
            Commits::start(&odb, index, start, fresh).map_err(|e| self.read_error(&e))?;
        // Commits whose index entry was confirmed.
        let mut confirmed: HashSet<git2::Oid> = HashSet::new();
        let mut walked = 0usize;
        while let Some((time, oid)) = commits.pop() {
            if !tasks.go_on(walks, time, walked, query) {
                return Ok(Trust::Held);
            }
            walked += 1;
            let raw = commits.take(oid, fresh).map_err(|e| self.read_error(&e))?;
            // A shallow boundary's parents are not in the clone; a parent
            // missing from a shallow clone makes one too.
            let is_boundary = shallow.contains(&oid)
                || commits
                    .push_parents(oid, &raw.parents, !shallow.is_empty(), fresh)
                    .map_err(|e| self.read_error(&e))?;
            let scanned = query.matcher.scan(raw.message());
            // The diff's parent is the walk's: the commit as stored, not
            // as `.git/info/grafts` would rewrite it.
            let first_parent = raw.parents.first().copied();
            drop(raw);
            // A commit that names a task is confirmed, with its path from
            // `rev`, before it counts.
            if index.is_some()
                && tasks.names_open(walks, &scanned)
                && !commits.confirm(oid, &mut confirmed, verified)
            {
                return Ok(Trust::Belied);
            }
            let step = Step {
                oid,
                first_parent,
                is_boundary,
            };
            let asked = tasks.asked(walks, &scanned, is_boundary);
            self.judge_asked(&step, &asked, &filter, walks, &mut tasks, walked, query);
        }
        for w in walks.iter_mut() {
            stop(w, Stop::End, walked, &mut tasks.open);
        }
        Ok(Trust::Held)
    }

    /// Each asked task's reading of the walked commit `step`, the
    /// `walked`-th: evidence found, enough of it, or an error, each
    /// recorded in its walk.
    #[allow(clippy::too_many_arguments)] // the walk's state, lent for one commit
    fn judge_asked(
        &self,
        step: &Step,
        asked: &[(usize, Option<&Naming>)],
        filter: &PathFilter<'_>,
        walks: &mut [TaskWalk],
        tasks: &mut Tasks,
        walked: usize,
        query: &CommitQuery<'_>,
    ) {
        let mut this = Seen::default();
        for &(t, naming) in asked {
            let w = &mut walks[t];
            w.search.walked = walked;
            match self.judge(step, naming, filter, &mut this, w) {
                Ok(true) => {
                    if w.first_found_at.is_none() {
                        w.first_found_at = Some(walked);
                        tasks.lingering.push(t);
                    }
                    if w.search.found.len() >= query.enough {
                        stop(w, Stop::Enough, walked, &mut tasks.open);
                    }
                }
                Ok(false) => {}
                Err(e) => {
                    w.error = Some(e);
                    stop(w, Stop::End, walked, &mut tasks.open);
                }
            }
        }
    }

    /// One task's reading of a walked commit its message mentions (or a
    /// shallow boundary): `Ok(true)` when it is new evidence.
    fn judge<'r>(
        &'r self,
        step: &Step,
        naming: Option<&Naming>,
        filter: &PathFilter<'_>,
        this: &mut Seen<'r>,
        w: &mut TaskWalk,
    ) -> Result<bool, GitError> {
        let (oid, is_boundary) = (step.oid, step.is_boundary);
        let repo = &self.inner;
        let commit = |this: &mut Seen<'r>| -> Result<git2::Commit<'r>, GitError> {
            this.commit
                .get_or_insert_with(|| repo.find_commit(oid).map_err(|e| self.read_error(&e)))
                .clone()
        };
        let search = &mut w.search;
        let names_task = naming == Some(&Naming::Names);
        if let Some(Naming::Mentions { reason, token }) = naming
            && search.not_counted.len() < NOT_COUNTED_KEPT
        {
            let commit = commit(this)?;
            let reason = match reason {
                NotNamed::LongerId => Reason::LongerId,
                NotNamed::BareNumber => Reason::BareNumber,
                NotNamed::Prose => Reason::Prose,
                NotNamed::Unlisted => Reason::Unlisted,
            };
            search.not_counted.push(NotCounted {
                commit: commit_ref(&commit),
                reason,
                detail: reason.describe(token),
            });
        }
        if !is_boundary && !names_task {
            return Ok(false);
        }
        let commit = commit(this)?;
        if is_boundary {
            // A boundary commit's parent is missing: its diff is unknown.
            if search.shallow_boundary.is_none() {
                search.shallow_boundary = Some(commit_ref(&commit));
            }
            return Ok(false);
        }
        let (file, kinds) = this
            .diff
            .get_or_insert_with(|| {
                let mut kinds = Kinds::default();
                self.changes_counting_path(&commit, step.first_parent, filter, &mut kinds)
                    .map(|file| (file, kinds))
                    .map_err(|e| self.read_error(&e))
            })
            .clone()?;
        if let Some(file) = file {
            search.found.push(CommitRef {
                file: Some(file),
                ..commit_ref(&commit)
            });
            Ok(true)
        } else {
            search.task_files_only.push(commit_ref(&commit));
            if search.not_counted.len() < NOT_COUNTED_KEPT {
                let reason = kinds.reason();
                search.not_counted.push(NotCounted {
                    commit: commit_ref(&commit),
                    reason,
                    detail: reason.describe(""),
                });
            }
            Ok(false)
        }
    }

    /// The commit `rev` names.
    fn resolve(&self, rev: &str) -> Result<git2::Oid, GitError> {
        let repo = &self.inner;
        if rev == "HEAD" {
            match repo.head() {
                Err(e)
                    if matches!(
                        e.code(),
                        git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                    ) =>
                {
                    return Err(GitError::NoCommits {
                        path: self.root.clone(),
                    });
                }
                Err(e) => return Err(self.read_error(&e)),
                Ok(_) => {}
            }
        }
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| GitError::BadRev {
                rev: rev.to_owned(),
                message: e.message().to_owned(),
            })
    }

    /// The commits at which a shallow clone's history was cut.
    fn shallow_commits(&self) -> HashSet<git2::Oid> {
        if !self.inner.is_shallow() {
            return HashSet::new();
        }
        let text = std::fs::read_to_string(self.inner.commondir().join("shallow"))
            .or_else(|_| std::fs::read_to_string(self.inner.path().join("shallow")))
            .unwrap_or_default();
        text.lines()
            .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// `path` (the tasks directory, a file of gate's) as a `/`-separated
    /// path inside the work tree; `None` when it lies outside.
    fn relative(&self, path: &Path) -> Option<String> {
        let workdir = self.inner.workdir()?;
        let rel = if path.is_absolute() {
            let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
            let workdir = canon(workdir);
            if let Ok(rel) = canon(path).strip_prefix(&workdir) {
                rel.to_path_buf()
            } else {
                // A file that does not exist yet (an audit log not written):
                // its parent may still resolve.
                let parent = canon(path.parent()?);
                parent.strip_prefix(&workdir).ok()?.join(path.file_name()?)
            }
        } else {
            path.to_path_buf()
        };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                Component::CurDir => {}
                _ => return None,
            }
        }
        Some(parts.join("/"))
    }

    /// The file whose change makes `commit` count as code, against
    /// `first_parent` (its first parent as stored, which the walk
    /// followed); `None` when no change does. `kinds` collects what the
    /// changes that do not count are.
    fn changes_counting_path(
        &self,
        commit: &git2::Commit<'_>,
        first_parent: Option<git2::Oid>,
        filter: &PathFilter<'_>,
        kinds: &mut Kinds,
    ) -> Result<Option<String>, git2::Error> {
        let tree = commit.tree()?;
        let parent = match first_parent {
            Some(p) => Some(self.inner.find_commit(p)?.tree()?),
            None => None,
        };
        let mut changes = Vec::new();
        self.changed_files(
            Some(&tree),
            parent.as_ref(),
            "",
            filter,
            kinds,
            &mut changes,
        )?;
        self.content_change(&changes, kinds)
    }

    /// Compares two trees (either may be absent: added or deleted) entry by
    /// entry, descending only into subtrees whose ids differ and whose
    /// changes may count; pushes each changed file that may count to
    /// `changes`, and the class of the others to `kinds`.
    fn changed_files(
        &self,
        new: Option<&git2::Tree<'_>>,
        old: Option<&git2::Tree<'_>>,
        prefix: &str,
        filter: &PathFilter<'_>,
        kinds: &mut Kinds,
        changes: &mut Vec<FileChange>,
    ) -> Result<(), git2::Error> {
        if let Some(new) = new {
            for entry in new {
                let name = String::from_utf8_lossy(entry.name_bytes());
                let other = old.and_then(|o| o.get_name_bytes(entry.name_bytes()));
                if other
                    .as_ref()
                    .is_some_and(|o| o.id() == entry.id() && o.filemode() == entry.filemode())
                {
                    continue;
                }
                let path = join(prefix, &name);
                self.changed_entry(&path, Some(&entry), other.as_ref(), filter, kinds, changes)?;
            }
        }
        if let Some(old) = old {
            for entry in old {
                if new.is_some_and(|n| n.get_name_bytes(entry.name_bytes()).is_some()) {
                    continue;
                }
                let name = String::from_utf8_lossy(entry.name_bytes());
                let path = join(prefix, &name);
                self.changed_entry(&path, None, Some(&entry), filter, kinds, changes)?;
            }
        }
        Ok(())
    }

    /// A changed entry: a file (or submodule) whose change may count, or a
    /// directory to look into.
    fn changed_entry(
        &self,
        path: &str,
        new: Option<&git2::TreeEntry<'_>>,
        old: Option<&git2::TreeEntry<'_>>,
        filter: &PathFilter<'_>,
        kinds: &mut Kinds,
        changes: &mut Vec<FileChange>,
    ) -> Result<(), git2::Error> {
        let is_tree = |e: &&git2::TreeEntry<'_>| e.kind() == Some(git2::ObjectType::Tree);
        let new_tree = new.filter(is_tree);
        let old_tree = old.filter(is_tree);
        let side = |e: Option<&git2::TreeEntry<'_>>| {
            e.filter(|e| !is_tree(e)).map(|e| Side {
                id: e.id(),
                mode: e.filemode(),
            })
        };
        let (new_file, old_file) = (side(new), side(old));
        if new_file.is_some() || old_file.is_some() {
            match filter.class(path) {
                Class::Code => changes.push(FileChange {
                    path: path.to_owned(),
                    old: old_file,
                    new: new_file,
                }),
                class => kinds.add(class),
            }
        }
        if new_tree.is_some() || old_tree.is_some() {
            match filter.dir_class(path) {
                Class::Code => {
                    let repo = &self.inner;
                    let new_t = new_tree.map(|e| repo.find_tree(e.id())).transpose()?;
                    let old_t = old_tree.map(|e| repo.find_tree(e.id())).transpose()?;
                    self.changed_files(
                        new_t.as_ref(),
                        old_t.as_ref(),
                        path,
                        filter,
                        kinds,
                        changes,
                    )?;
                }
                class => kinds.add(class),
            }
        }
        Ok(())
    }

    /// The first of `changes` (files whose paths may count) that changes
    /// content: not only the mode, not a pure rename (a file deleted and
    /// the same bytes added elsewhere in the change), not only whitespace,
    /// not an empty (or whitespace-only) file added or deleted. A
    /// submodule's change always counts. What does not count goes to
    /// `kinds`.
    fn content_change(
        &self,
        changes: &[FileChange],
        kinds: &mut Kinds,
    ) -> Result<Option<String>, git2::Error> {
        const GITLINK: i32 = 0o160_000;
        let is_link = |s: &Side| s.mode == GITLINK;
        // Blobs both added and deleted, paired: renames.
        let mut added: HashMap<git2::Oid, usize> = HashMap::new();
        let mut deleted: HashMap<git2::Oid, usize> = HashMap::new();
        for c in changes {
            match (&c.old, &c.new) {
                (None, Some(n)) if !is_link(n) => *added.entry(n.id).or_default() += 1,
                (Some(o), None) if !is_link(o) => *deleted.entry(o.id).or_default() += 1,
                _ => {}
            }
        }
        let mut pairs: HashMap<git2::Oid, usize> = added
            .iter()
            .filter_map(|(id, n)| Some((*id, (*n).min(*deleted.get(id)?))))
            .collect();
        let mut pairs_old = pairs.clone();
        let take = |pairs: &mut HashMap<git2::Oid, usize>, id: git2::Oid| {
            pairs.get_mut(&id).is_some_and(|n| {
                let had = *n > 0;
                *n = n.saturating_sub(1);
                had
            })
        };
        for c in changes {
            let counts = match (&c.old, &c.new) {
                (Some(o), Some(n)) if o.id == n.id => {
                    kinds.content = true;
                    false
                }
                (Some(o), Some(n)) if is_link(o) || is_link(n) => true,
                (Some(o), Some(n)) => {
                    let same = self.same_but_whitespace(o.id, n.id)?;
                    kinds.content |= same;
                    !same
                }
                (None, Some(side)) | (Some(side), None) => {
                    let pairs = if c.new.is_some() {
                        &mut pairs
                    } else {
                        &mut pairs_old
                    };
                    if is_link(side) {
                        true
                    } else if take(pairs, side.id) || self.is_blank(side.id)? {
                        kinds.content = true;
                        false
                    } else {
                        true
                    }
                }
                (None, None) => false,
            };
            if counts {
                return Ok(Some(c.path.clone()));
            }
        }
        Ok(None)
    }

    /// Whether two blobs differ only in ASCII whitespace.
    fn same_but_whitespace(&self, a: git2::Oid, b: git2::Oid) -> Result<bool, git2::Error> {
        let (a, b) = (self.inner.find_blob(a)?, self.inner.find_blob(b)?);
        let text = |blob: &'_ git2::Blob<'_>| -> Vec<u8> {
            blob.content()
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .collect()
        };
        Ok(text(&a) == text(&b))
    }

    /// Whether a blob holds nothing but ASCII whitespace.
    fn is_blank(&self, id: git2::Oid) -> Result<bool, git2::Error> {
        Ok(self
            .inner
            .find_blob(id)?
            .content()
            .iter()
            .all(u8::is_ascii_whitespace))
    }
}

/// One side of a changed file: its blob (or submodule commit) and mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Side {
    pub(crate) id: git2::Oid,
    pub(crate) mode: i32,
}

/// A changed file: its path (relative to the work tree, `/`-separated) and
/// each side (`None`: absent on that side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileChange {
    pub(crate) path: String,
    pub(crate) old: Option<Side>,
    pub(crate) new: Option<Side>,
}

/// A commit read raw: what the walk needs before a commit names the task.
struct RawCommit<'o> {
    parents: Vec<git2::Oid>,
    /// Committer time, Unix seconds.
    time: i64,
    body: Body<'o>,
}

/// Where a raw commit's message is.
enum Body<'o> {
    /// In the object, from this offset.
    Object(git2::OdbObject<'o>, usize),
    /// In the commit index.
    Indexed(&'o [u8]),
}

impl<'o> RawCommit<'o> {
    fn parse(object: git2::OdbObject<'o>) -> Result<Self, git2::Error> {
        if object.kind() != git2::ObjectType::Commit {
            return Err(git2::Error::from_str("not a commit"));
        }
        let (parents, time, message_at) = Self::header(object.data())?;
        Ok(RawCommit {
            parents,
            time,
            body: Body::Object(object, message_at),
        })
    }

    /// The parents, committer time and the message's offset of a commit
    /// object's bytes.
    fn header(data: &[u8]) -> Result<(Vec<git2::Oid>, i64, usize), git2::Error> {
        let bad = || git2::Error::from_str("malformed commit object");
        let mut parents = Vec::new();
        let mut time = None;
        let mut at = 0;
        while at < data.len() {
            let end = data[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(data.len(), |i| at + i);
            let line = &data[at..end];
            at = end + 1;
            if line.is_empty() {
                break;
            }
            if let Some(hex) = line.strip_prefix(b"parent ") {
                let hex = std::str::from_utf8(hex).map_err(|_| bad())?;
                parents.push(git2::Oid::from_str(hex.trim())?);
            } else if let Some(who) = line.strip_prefix(b"committer ") {
                // `Name <email> 1700000000 +0000`
                let after = who.iter().rposition(|b| *b == b'>').ok_or_else(bad)?;
                let rest = std::str::from_utf8(&who[after + 1..]).map_err(|_| bad())?;
                time = rest.split_whitespace().next().and_then(|t| t.parse().ok());
            }
        }
        let message_at = at.min(data.len());
        Ok((parents, time.ok_or_else(bad)?, message_at))
    }

    fn message(&self) -> &[u8] {
        match &self.body {
            Body::Object(object, at) => &object.data()[*at..],
            Body::Indexed(message) => message,
        }
    }
}

/// Whether an index entry is commit `id` as the object database stores
/// it: its object bytes hash to `id` (git's own hash, with its collision
/// detection), so they are the commit's, and they hold the parents, time
/// and message the entry gave the walk. One hash, no read of the
/// database.
fn is_commit(id: git2::Oid, entry: &index::Entry<'_>) -> bool {
    if git2::Oid::hash_object(git2::ObjectType::Commit, entry.object).ok() != Some(id) {
        return false;
    }
    RawCommit::header(entry.object).is_ok_and(|(parents, time, message_at)| {
        parents == entry.parents
            && time == entry.time
            && entry.object.get(message_at..) == Some(entry.message)
    })
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

fn commit_ref(commit: &git2::Commit<'_>) -> CommitRef {
    let sha = commit.id().to_string();
    CommitRef {
        short_sha: sha.chars().take(7).collect(),
        sha,
        subject: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
        time: commit.time().seconds(),
        file: None,
    }
}

/// What a changed path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Code,
    Task,
    /// Gate's own files: audit log, config, `.gate/`.
    Gate,
    Excluded,
}

/// The kinds of paths a commit changed that did not count.
#[allow(clippy::struct_excessive_bools)] // independent flags, one per kind
#[derive(Clone, Copy, Debug, Default)]
struct Kinds {
    task: bool,
    gate: bool,
    excluded: bool,
    /// Code files changed without content: mode, rename, whitespace,
    /// empty files.
    content: bool,
}

impl Kinds {
    fn add(&mut self, class: Class) {
        match class {
            Class::Code => {}
            Class::Task => self.task = true,
            Class::Gate => self.gate = true,
            Class::Excluded => self.excluded = true,
        }
    }

    fn reason(self) -> Reason {
        match (self.task, self.gate, self.excluded, self.content) {
            (false, false, false, false) => Reason::NoChanges,
            (true, false, false, false) => Reason::OnlyTaskFiles,
            (false, true, false, false) => Reason::OnlyGateFiles,
            (false, false, true, false) => Reason::OnlyExcludedPaths,
            (false, false, false, true) => Reason::NoContentChange,
            _ => Reason::OnlyNonCodePaths,
        }
    }
}

/// File names that are always gate's configuration.
const GATE_CONFIG_NAMES: &[&str] = &["gate.toml", ".gate.toml"];

/// Gate's own directory at the repository root (the default audit log's).
const GATE_DIR: &str = ".gate";

/// Which changed paths count as evidence: not the board's files (the
/// tasks directory, the board tool's folders and config), not gate's own
/// files, not matched (themselves or a parent directory) by an exclude
/// glob, and matched by a `code_paths` glob when there are any.
struct PathFilter<'a> {
    /// The board's files and folders inside the work tree; `""` is the
    /// root (a tasks directory there).
    board: Vec<String>,
    exclude: &'a GlobSet,
    code_paths: &'a GlobSet,
    /// Gate's own files, relative to the work tree.
    own: Vec<String>,
}

impl PathFilter<'_> {
    fn is_own(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        path == GATE_DIR
            || path
                .strip_prefix(GATE_DIR)
                .is_some_and(|rest| rest.starts_with('/'))
            || GATE_CONFIG_NAMES.contains(&name)
            || self.own.iter().any(|own| own == path)
    }

    /// What a changed file at `path` is.
    fn class(&self, path: &str) -> Class {
        self.file_class(self.is_own(path), path)
    }

    /// What every change below the directory `path` is; `Code` when the
    /// directory must be looked into.
    fn dir_class(&self, path: &str) -> Class {
        self.class_of(path == GATE_DIR, path)
    }

    /// The class of `path`, gate's own when `own`.
    fn class_of(&self, own: bool, path: &str) -> Class {
        if own {
            Class::Gate
        } else if self.in_board(path) {
            Class::Task
        } else if matches_path(self.exclude, path) {
            Class::Excluded
        } else {
            Class::Code
        }
    }

    /// What a changed file at `path` is: [`PathFilter::dir_class`], and
    /// outside `code_paths` (when set) excluded.
    fn file_class(&self, own: bool, path: &str) -> Class {
        match self.class_of(own, path) {
            Class::Code if !self.code_paths.is_empty() && !matches_path(self.code_paths, path) => {
                Class::Excluded
            }
            class => class,
        }
    }

    fn in_board(&self, path: &str) -> bool {
        self.board.iter().any(|b| {
            b.is_empty()
                || path == b
                || path
                    .strip_prefix(b.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Whether `globs` match `path` or one of its parent directories.
fn matches_path(globs: &GlobSet, path: &str) -> bool {
    if globs.is_empty() {
        return false;
    }
    let mut at = path;
    loop {
        if globs.is_match(at) {
            return true;
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_found_ignoring_case_at_any_length() {
        use message::{IdMatcher, Naming, Placement};
        let m = IdMatcher::new(&["BACK-56"], &[], Placement::SubjectOrTrailer);
        assert_eq!(m.naming(b"Fix back-56: tokens"), Some(Naming::Names));
        assert_eq!(m.naming(b"Fix back-5"), None);
        // A 600 KB id is a search like any other, never a regex size error.
        let huge = "x".repeat(600 * 1024);
        let m = IdMatcher::new(&[huge.as_str()], &[], Placement::SubjectOrTrailer);
        assert_eq!(m.naming(b"short message"), None);
        let message = format!("{}: done", huge.to_uppercase());
        assert_eq!(m.naming(message.as_bytes()), Some(Naming::Names));
    }

    /// A tree of `files` (`dir/name` or `name`), built in `repo`.
    fn tree(repo: &git2::Repository, files: &[(String, String)]) -> git2::Oid {
        // The same blob as `repo.blob`, written whole: `repo.blob` streams
        // it through a temporary file even when the object exists, and
        // [`random_history`] writes every file again for each commit.
        let odb = repo.odb().unwrap();
        let blob = |text: &str| odb.write(git2::ObjectType::Blob, text.as_bytes()).unwrap();
        let mut dirs: std::collections::BTreeMap<&str, Vec<(&str, &str)>> =
            std::collections::BTreeMap::new();
        let mut root = repo.treebuilder(None).unwrap();
        for (path, text) in files {
            if let Some((dir, name)) = path.split_once('/') {
                dirs.entry(dir).or_default().push((name, text));
            } else {
                root.insert(path, blob(text), 0o100_644).unwrap();
            }
        }
        for (dir, entries) in dirs {
            let mut sub = repo.treebuilder(None).unwrap();
            for (name, text) in entries {
                let blob = blob(text);
                sub.insert(name, blob, 0o100_644).unwrap();
            }
            root.insert(dir, sub.write().unwrap(), 0o040_000).unwrap();
        }
        root.write().unwrap()
    }

    /// The ids of [`random_history`]'s messages.
    const IDS: [&str; 7] = ["T-1", "T-2", "T-3", "T-10", "t-4", "T-5", "T-6"];

    /// A random history of `commits` commits in `dir` (branches, merges,
    /// clock skew; messages that name [`IDS`], mention them in prose or as
    /// longer ids; changes to code, tasks, gate's config or nothing),
    /// `main` at its newest tip. The same `seed` gives the same history.
    fn random_history(dir: &Path, seed: u64, commits: usize) {
        let repo = git2::Repository::init(dir).unwrap();
        let ids = IDS;
        // A small deterministic random source.
        let mut state = seed | 1;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut files: Vec<(String, String)> = vec![("README".into(), "x".into())];
        let mut tips: Vec<git2::Oid> = Vec::new();
        let mut time = 1_700_000_000_i64;
        for i in 0..commits {
            // Mostly forward in time, sometimes behind the parent (skew).
            time += i64::try_from(next(600)).unwrap() - 60;
            let id = ids[usize::try_from(next(ids.len() as u64)).unwrap()];
            let message = match next(9) {
                0 => format!("[{id}] fix {i}"),
                1 => format!("work {i}\n\nTask: {id}"),
                2 => format!("work {i}\n\nsee {id} for context"),
                3 => format!("[{id}0] other {i}"),
                4 => format!("chore(kanban): move {id}"),
                5 => format!("[{id}] [T-2] both {i}"),
                _ => format!("plain {i}"),
            };
            match next(4) {
                0 => files.push((format!("tasks/{i}.md"), format!("{i}"))),
                1 => files.push(("gate.toml".to_owned(), format!("{i}"))),
                2 => {}
                _ => files.push((format!("src/f{}.rs", next(20)), format!("{i}"))),
            }
            let tree = repo.find_tree(tree(&repo, &files)).unwrap();
            let sig = git2::Signature::new("Ada", "a@b", &git2::Time::new(time, 0)).unwrap();
            let parents: Vec<git2::Commit<'_>> = match tips.len() {
                0 => vec![],
                // Now and then a side branch, merged later.
                n if n > 1 && next(5) == 0 => {
                    let side = tips.remove(0);
                    vec![
                        repo.find_commit(tips[0]).unwrap(),
                        repo.find_commit(side).unwrap(),
                    ]
                }
                n => vec![
                    repo.find_commit(tips[usize::try_from(next(n as u64)).unwrap()])
                        .unwrap(),
                ],
            };
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let oid = repo
                .commit(None, &sig, &sig, &message, &tree, &refs)
                .unwrap();
            for p in &parents {
                tips.retain(|t| *t != p.id());
            }
            if next(8) == 0 && !tips.is_empty() {
                tips.push(parents.first().map_or(oid, git2::Commit::id));
            }
            tips.push(oid);
        }
        let head = *tips.last().unwrap();
        repo.reference("refs/heads/main", head, true, "t").unwrap();
        repo.set_head("refs/heads/main").unwrap();
    }

    // Issue #12 item 1: one walk for many tasks answers each task as its
    // own walk does, stop, count and evidence alike.
    #[test]
    fn one_walk_for_many_tasks_gives_each_task_its_own_walk() {
        use message::{IdMatcher, Placement};
        let dir = tempfile::tempdir().unwrap();
        random_history(dir.path(), 0x2545_f491_4f6c_dd1d, 250);
        let ids = IDS;
        let gate = Repo::open(dir.path()).unwrap();
        let none = globs(&[]);
        let own: Vec<&Path> = Vec::new();
        let start = 1_700_000_000_i64;
        let bounds: Vec<Option<i64>> = vec![
            None,
            Some(start),
            Some(start + 40_000),
            Some(start + 90_000),
            Some(start + 200_000),
        ];
        for (max_commits, enough, linger) in [(10_000, 5, 200), (150, 3, 20), (40, 1, 0)] {
            let all = IdMatcher::new(&ids, &[], Placement::SubjectOrTrailer);
            let base = CommitQuery {
                matcher: &all,
                since: None,
                max_commits,
                enough,
                linger,
                tasks_dir: Path::new("tasks"),
                board_files: &[],
                exclude: &none,
                code_paths: &none,
                own_files: &own,
                commit_index: false,
            };
            let tasks: Vec<TaskBound> = (0..ids.len())
                .flat_map(|id| bounds.iter().map(move |&since| TaskBound { id, since }))
                .collect();
            let many = gate.commits_mentioning_many("HEAD", &base, &tasks);
            assert_eq!(many.len(), tasks.len());
            let mut stops = HashSet::new();
            // (some task has evidence, some a commit that does not count)
            let mut kinds = (false, false);
            for (task, got) in tasks.iter().zip(many) {
                let one = IdMatcher::new(&[ids[task.id]], &[], Placement::SubjectOrTrailer);
                let alone = gate.commits_mentioning(
                    "HEAD",
                    &CommitQuery {
                        matcher: &one,
                        since: task.since,
                        ..base
                    },
                );
                let got = got.unwrap();
                stops.insert(format!("{:?}", got.stop));
                kinds.0 |= !got.found.is_empty();
                kinds.1 |= !got.not_counted.is_empty();
                assert_eq!(got, alone.unwrap(), "{task:?} max {max_commits}");
            }
            // The cases are not all alike.
            assert!(
                stops.len() >= 2 && kinds == (true, true),
                "{stops:?} {kinds:?}"
            );
        }
    }

    /// Every task's walk of a [`random_history`] (each id without and
    /// with a lower bound), through the commit index when `index`.
    fn walks(gate: &Repo, index: bool, max_commits: usize) -> Vec<Result<CommitSearch, GitError>> {
        use message::{IdMatcher, Placement};
        let all = IdMatcher::new(&IDS, &[], Placement::SubjectOrTrailer);
        let none = globs(&[]);
        let own: Vec<&Path> = Vec::new();
        let query = CommitQuery {
            matcher: &all,
            since: None,
            max_commits,
            enough: 3,
            linger: 30,
            tasks_dir: Path::new("tasks"),
            board_files: &[],
            exclude: &none,
            code_paths: &none,
            own_files: &own,
            commit_index: index,
        };
        let tasks: Vec<TaskBound> = (0..IDS.len())
            .flat_map(|id| {
                [None, Some(1_700_000_000 + 40_000)].map(move |since| TaskBound { id, since })
            })
            .collect();
        gate.commits_mentioning_many("HEAD", &query, &tasks)
    }

    fn index_file(dir: &Path) -> std::path::PathBuf {
        dir.join(".git/gate/commits")
    }

    /// Adds to `fresh` a forged entry for `id`: a commit object of the
    /// given parents, time and message, whose fields agree with its
    /// bytes (only the id they should hash to tells the lie).
    fn forge(fresh: &mut Fresh, id: git2::Oid, time: i64, parents: &[git2::Oid], message: &[u8]) {
        use std::fmt::Write as _;
        let mut head = format!("tree {}\n", git2::Oid::zero());
        for p in parents {
            let _ = writeln!(head, "parent {p}");
        }
        let _ = write!(
            head,
            "author Eve <e@b> {time} +0000\ncommitter Eve <e@b> {time} +0000\n\n"
        );
        let object = [head.as_bytes(), message].concat();
        fresh.add(id, time, parents, &object, head.len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        // Issue #12 item 2: the index changes what a walk costs, never
        // what it answers, whether it holds none, part or all of history.
        #[test]
        fn a_walk_through_the_index_is_the_walk_without(
            seed in proptest::prelude::any::<u64>(),
            commits in 1usize..70,
            first in 1usize..80,
        ) {
            let dir = tempfile::tempdir().unwrap();
            random_history(dir.path(), seed, commits);
            let gate = Repo::open(dir.path()).unwrap();
            let plain = walks(&gate, false, 10_000);
            proptest::prop_assert!(!index_file(dir.path()).exists());
            // A walk cut short fills part of the index; the next reads it
            // and the repository, the last only the index.
            let _ = walks(&gate, true, first);
            proptest::prop_assert!(index_file(dir.path()).is_file());
            proptest::prop_assert_eq!(&walks(&gate, true, 10_000), &plain);
            proptest::prop_assert_eq!(&walks(&gate, true, 10_000), &plain);
            let gate = Repo::open(dir.path()).unwrap();
            proptest::prop_assert_eq!(&walks(&gate, true, 10_000), &plain);
        }
    }

    /// A commit in `dir`'s repository that no branch holds: a child of
    /// HEAD that names every task and changes code.
    fn dangling_commit(dir: &Path) -> git2::Oid {
        let repo = git2::Repository::open(dir).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let tree = tree(&repo, &[("src/forged.rs".to_owned(), "x".to_owned())]);
        let tree = repo.find_tree(tree).unwrap();
        let sig = git2::Signature::new("Eve", "e@b", &git2::Time::new(1_800_000_000, 0)).unwrap();
        repo.commit(None, &sig, &sig, &IDS.join(" "), &tree, &[&head])
            .unwrap()
    }

    #[test]
    fn entries_of_commits_outside_the_walk_are_never_asked() {
        let dir = tempfile::tempdir().unwrap();
        random_history(dir.path(), 7, 80);
        let gate = Repo::open(dir.path()).unwrap();
        let plain = walks(&gate, false, 10_000);
        let head = gate.resolve("HEAD").unwrap();
        // Entries for commits the history does not hold — one no branch
        // has, one that does not exist — naming every task: never asked.
        let everything = IDS.join(" ");
        let mut forged = Fresh::default();
        forge(
            &mut forged,
            dangling_commit(dir.path()),
            i64::MAX,
            &[head],
            everything.as_bytes(),
        );
        let nowhere = git2::Oid::from_bytes(&[7; 20]).unwrap();
        forge(
            &mut forged,
            nowhere,
            i64::MAX,
            &[head],
            everything.as_bytes(),
        );
        let git_dir = dir.path().join(".git");
        CommitIndex::open(&git_dir).save(&forged).unwrap();
        assert_eq!(walks(&gate, true, 10_000), plain);
        assert_eq!(walks(&gate, true, 10_000), plain);
    }

    // Issue #22 item 5: an entry planted in the index (a runner that keeps
    // `.git/gate` between jobs) proposes evidence; the object database
    // decides. A lying index is dropped and the answer is the walk's
    // without it.
    #[test]
    fn a_planted_entry_never_makes_evidence() {
        let dir = tempfile::tempdir().unwrap();
        random_history(dir.path(), 7, 80);
        let gate = Repo::open(dir.path()).unwrap();
        let plain = walks(&gate, false, 10_000);
        let head = gate.resolve("HEAD").unwrap();
        let raw = gate.inner.find_commit(head).unwrap();
        let parents: Vec<git2::Oid> = raw.parent_ids().collect();
        let time = raw.time().seconds();
        let everything = IDS.join(" ");
        let git_dir = dir.path().join(".git");
        let dangling = dangling_commit(dir.path());
        let save = |forged: &Fresh| {
            let _ = std::fs::remove_file(index_file(dir.path()));
            CommitIndex::open(&git_dir).save(forged).unwrap();
        };
        let plant = |id: git2::Oid, time: i64, parents: &[git2::Oid], message: &str| {
            let mut forged = Fresh::default();
            forge(&mut forged, id, time, parents, message.as_bytes());
            save(&forged);
        };
        // The commit's true bytes, with fields that lie about them.
        let object = gate
            .inner
            .odb()
            .unwrap()
            .read(head)
            .unwrap()
            .data()
            .to_vec();
        let message_at = object.len() - raw.message_bytes().len();
        let mislabel = |time: i64, parents: &[git2::Oid], message_at: usize| {
            let mut forged = Fresh::default();
            forged.add(head, time, parents, &object, message_at);
            save(&forged);
        };
        #[allow(clippy::type_complexity)] // a table of named plantings
        let cases: [(&str, Box<dyn Fn()>); 6] = [
            // A real commit with a forged message naming every task.
            (
                "message",
                Box::new(|| plant(head, time, &parents, &everything)),
            ),
            // A real commit whose forged parent is a commit no branch has
            // (which names every task and changes code).
            (
                "parents",
                Box::new(|| {
                    plant(
                        head,
                        time,
                        &[dangling],
                        std::str::from_utf8(raw.message_bytes()).unwrap(),
                    );
                }),
            ),
            // A forged time: an old commit made to look new.
            (
                "time",
                Box::new(|| plant(head, i64::MAX / 2, &parents, &everything)),
            ),
            // The commit's own bytes under forged fields: parents, time,
            // or where its message starts.
            (
                "true bytes, forged parents",
                Box::new(|| mislabel(time, &[dangling], message_at)),
            ),
            (
                "true bytes, forged time",
                Box::new(|| mislabel(i64::MAX / 2, &parents, message_at)),
            ),
            (
                "true bytes, forged message start",
                Box::new(|| mislabel(time, &parents, 0)),
            ),
        ];
        for (what, plant) in cases {
            plant();
            assert_eq!(walks(&gate, true, 10_000), plain, "{what}");
            // The lie is gone from the file: the next walk from the index
            // answers alike.
            let index = CommitIndex::open(&git_dir);
            let entry = index.get(head).expect("the walk rewrote the index");
            assert_eq!(entry.parents, parents, "{what}");
            assert_eq!(entry.message, raw.message_bytes(), "{what}");
            assert_eq!(walks(&gate, true, 10_000), plain, "{what}");
            assert_eq!(walks(&gate, false, 10_000), plain, "{what}");
        }
    }

    // Issue #22 item 5: the walk and the diff read parents alike, as the
    // commits store them: `.git/info/grafts` changes neither.
    #[test]
    fn grafts_change_neither_the_walk_nor_the_diff() {
        use message::{IdMatcher, Placement};
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let sig = |t: i64| git2::Signature::new("Ada", "a@b", &git2::Time::new(t, 0)).unwrap();
        let mut files = vec![("README".to_owned(), "x".to_owned())];
        let commit = |files: &[(String, String)], message: &str, t: i64, parents: &[git2::Oid]| {
            let tree = repo.find_tree(tree(&repo, files)).unwrap();
            let parents: Vec<git2::Commit<'_>> = parents
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            repo.commit(None, &sig(t), &sig(t), message, &tree, &refs)
                .unwrap()
        };
        let root = commit(&files, "root", 1_700_000_000, &[]);
        files.push(("src/a.rs".to_owned(), "code".to_owned()));
        let code = commit(&files, "unrelated code", 1_700_000_100, &[root]);
        files.push(("tasks/t.md".to_owned(), "moved".to_owned()));
        let task_only = commit(&files, "T-1: move the card", 1_700_000_200, &[code]);
        repo.reference("refs/heads/main", task_only, true, "t")
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();
        let search = |gate: &Repo| {
            let m = IdMatcher::new(&["T-1"], &[], Placement::SubjectOrTrailer);
            let none = globs(&[]);
            let own: Vec<&Path> = Vec::new();
            gate.commits_mentioning(
                "HEAD",
                &CommitQuery {
                    matcher: &m,
                    since: None,
                    max_commits: 100,
                    enough: 5,
                    linger: 10,
                    tasks_dir: Path::new("tasks"),
                    board_files: &[],
                    exclude: &none,
                    code_paths: &none,
                    own_files: &own,
                    commit_index: false,
                },
            )
            .unwrap()
        };
        let before = search(&Repo::open(dir.path()).unwrap());
        assert!(before.found.is_empty(), "{before:?}");
        // A graft makes the card move's parent the root: compared with it,
        // the commit would add `src/a.rs`.
        std::fs::create_dir_all(dir.path().join(".git/info")).unwrap();
        std::fs::write(
            dir.path().join(".git/info/grafts"),
            format!("{task_only} {root}\n"),
        )
        .unwrap();
        let grafted = Repo::open(dir.path()).unwrap();
        // libgit2 honours the graft (the diff once followed it) …
        let seen = grafted.inner.find_commit(task_only).unwrap();
        assert_eq!(seen.parent_ids().collect::<Vec<_>>(), [root]);
        // … the evidence does not.
        assert_eq!(search(&grafted), before);
    }

    #[test]
    fn shallow_boundaries_and_missing_objects_are_as_without_the_index() {
        let dir = tempfile::tempdir().unwrap();
        random_history(dir.path(), 11, 60);
        let gate = Repo::open(dir.path()).unwrap();
        // The index holds the whole history.
        let full = walks(&gate, true, 10_000);
        let repo = git2::Repository::open(dir.path()).unwrap();
        let mut walk = repo.revwalk().unwrap();
        walk.push_head().unwrap();
        let history: Vec<git2::Oid> = walk.map(Result::unwrap).collect();
        let object = |id: git2::Oid| {
            let hex = id.to_string();
            dir.path()
                .join(".git/objects")
                .join(&hex[..2])
                .join(&hex[2..])
        };
        // Made shallow at a commit after the index was filled.
        std::fs::write(
            dir.path().join(".git/shallow"),
            format!(
                "{}
",
                history[20]
            ),
        )
        .unwrap();
        let gate = Repo::open(dir.path()).unwrap();
        let shallow = walks(&gate, false, 10_000);
        assert_eq!(walks(&gate, true, 10_000), shallow);
        assert_ne!(shallow, full);
        // A parent missing from the clone is a boundary too.
        std::fs::remove_file(object(history[10])).unwrap();
        let gate = Repo::open(dir.path()).unwrap();
        let missing = walks(&gate, false, 10_000);
        assert_ne!(missing, shallow);
        let gate = Repo::open(dir.path()).unwrap();
        assert_eq!(walks(&gate, true, 10_000), missing);
        // Outside a shallow clone a missing object is an error, as it is
        // without the index.
        std::fs::remove_file(dir.path().join(".git/shallow")).unwrap();
        let gate = Repo::open(dir.path()).unwrap();
        let broken = walks(&gate, false, 10_000);
        assert!(broken.iter().any(Result::is_err), "{broken:?}");
        let gate = Repo::open(dir.path()).unwrap();
        assert_eq!(walks(&gate, true, 10_000), broken);
    }

    /// A tree of `files` (`(path, content, mode)`, paths of any depth).
    fn tree_of(repo: &git2::Repository, files: &[(&str, &str, i32)]) -> git2::Oid {
        let mut here = repo.treebuilder(None).unwrap();
        let mut dirs: std::collections::BTreeMap<&str, Vec<(&str, &str, i32)>> =
            std::collections::BTreeMap::new();
        for &(path, text, mode) in files {
            if let Some((dir, rest)) = path.split_once('/') {
                dirs.entry(dir).or_default().push((rest, text, mode));
            } else {
                let blob = repo.blob(text.as_bytes()).unwrap();
                here.insert(path, blob, mode).unwrap();
            }
        }
        for (dir, inner) in dirs {
            here.insert(dir, tree_of(repo, &inner), 0o040_000).unwrap();
        }
        here.write().unwrap()
    }

    // Issue #22 item 8: code is a content change to a file outside the
    // board's and gate's own files; the evidence names the file.
    #[test]
    #[allow(clippy::too_many_lines)] // a table of cases
    fn only_a_content_change_is_code() {
        use message::{IdMatcher, Placement};
        const FILE: i32 = 0o100_644;
        const EXEC: i32 = 0o100_755;
        let base: &[(&str, &str, i32)] = &[
            ("README", "x", FILE),
            ("src/a.rs", "fn a() {}\n", FILE),
            ("tasks/t.md", "card", FILE),
        ];
        #[allow(clippy::type_complexity)] // the table: files, the file that counts, the reason
        let cases: &[(&str, &[(&str, &str, i32)], Option<&str>, Reason)] = &[
            (
                "mode",
                &[("src/a.rs", "fn a() {}\n", EXEC)],
                None,
                Reason::NoContentChange,
            ),
            (
                "whitespace",
                &[("src/a.rs", "fn  a()\n{\n}\n\n", FILE)],
                None,
                Reason::NoContentChange,
            ),
            (
                "empty file",
                &[("src/a.rs", "fn a() {}\n", FILE), ("src/new.rs", "", FILE)],
                None,
                Reason::NoContentChange,
            ),
            (
                "blank file",
                &[
                    ("src/a.rs", "fn a() {}\n", FILE),
                    ("src/new.rs", " \n\t\n", FILE),
                ],
                None,
                Reason::NoContentChange,
            ),
            (
                "drafts",
                &[
                    ("src/a.rs", "fn a() {}\n", FILE),
                    ("backlog/drafts/d.md", "draft", FILE),
                ],
                None,
                Reason::OnlyTaskFiles,
            ),
            (
                "tool config",
                &[
                    ("src/a.rs", "fn a() {}\n", FILE),
                    ("backlog/config.yml", "x: 1", FILE),
                ],
                None,
                Reason::OnlyTaskFiles,
            ),
            (
                "outside code_paths",
                &[
                    ("src/a.rs", "fn a() {}\n", FILE),
                    ("docs/x.md", "words", FILE),
                ],
                None,
                Reason::OnlyExcludedPaths,
            ),
            (
                "content",
                &[("src/a.rs", "fn a() { b() }\n", FILE)],
                Some("src/a.rs"),
                Reason::NoChanges,
            ),
            (
                "new code",
                &[
                    ("src/a.rs", "fn a() {}\n", FILE),
                    ("src/b.rs", "fn b() {}\n", FILE),
                ],
                Some("src/b.rs"),
                Reason::NoChanges,
            ),
            ("deleted code", &[], Some("src/a.rs"), Reason::NoChanges),
            (
                "renamed and edited",
                &[("src/c.rs", "fn a() { c() }\n", FILE)],
                Some("src/c.rs"),
                Reason::NoChanges,
            ),
        ];
        for &(what, files, want, reason) in cases {
            let dir = tempfile::tempdir().unwrap();
            let repo = git2::Repository::init(dir.path()).unwrap();
            let sig = |t: i64| git2::Signature::new("Ada", "a@b", &git2::Time::new(t, 0)).unwrap();
            let root_tree = repo.find_tree(tree_of(&repo, base)).unwrap();
            let root = repo
                .commit(
                    None,
                    &sig(1_700_000_000),
                    &sig(1_700_000_000),
                    "root",
                    &root_tree,
                    &[],
                )
                .unwrap();
            let root = repo.find_commit(root).unwrap();
            let mut files: Vec<(&str, &str, i32)> = files.to_vec();
            files.push(("README", "x", FILE));
            files.push(("tasks/t.md", "card moved", FILE));
            let tree = repo.find_tree(tree_of(&repo, &files)).unwrap();
            let head = repo
                .commit(
                    None,
                    &sig(1_700_000_100),
                    &sig(1_700_000_100),
                    "T-1: work",
                    &tree,
                    &[&root],
                )
                .unwrap();
            repo.reference("refs/heads/main", head, true, "t").unwrap();
            repo.set_head("refs/heads/main").unwrap();
            let gate = Repo::open(dir.path()).unwrap();
            let m = IdMatcher::new(&["T-1"], &[], Placement::SubjectOrTrailer);
            let none = globs(&[]);
            let code = if what == "outside code_paths" {
                globs(&["src/**"])
            } else {
                globs(&[])
            };
            let board: Vec<&Path> = vec![Path::new("backlog/config.yml"), Path::new("backlog")];
            let own: Vec<&Path> = Vec::new();
            let found = gate
                .commits_mentioning(
                    "HEAD",
                    &CommitQuery {
                        matcher: &m,
                        since: None,
                        max_commits: 100,
                        enough: 5,
                        linger: 10,
                        tasks_dir: Path::new("tasks"),
                        board_files: &board,
                        exclude: &none,
                        code_paths: &code,
                        own_files: &own,
                        commit_index: false,
                    },
                )
                .unwrap();
            assert_eq!(
                found.found.first().and_then(|c| c.file.as_deref()),
                want,
                "{what}: {found:?}"
            );
            if want.is_none() {
                let reasons: Vec<Reason> = found.not_counted.iter().map(|n| n.reason).collect();
                // The card moved too: the board's files are among the
                // changes, so a commit with no content change of code reads
                // as "only non-code" unless only the board changed.
                let want = if reason == Reason::OnlyTaskFiles {
                    Reason::OnlyTaskFiles
                } else {
                    Reason::OnlyNonCodePaths
                };
                assert_eq!(reasons, [want], "{what}");
            }
        }
    }

    // A pure rename, in the index as in a commit, is no content change;
    // the staged changes are judged by the same rule.
    #[test]
    fn a_pure_rename_is_no_content_change() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let gate = Repo::open(dir.path()).unwrap();
        let id = repo.blob(b"fn a() {}\n").unwrap();
        let other = repo.blob(b"fn b() {}\n").unwrap();
        let side = |id| {
            Some(Side {
                id,
                mode: 0o100_644,
            })
        };
        let change = |path: &str, old, new| FileChange {
            path: path.to_owned(),
            old,
            new,
        };
        let none = globs(&[]);
        let own: Vec<&Path> = Vec::new();
        let m = message::IdMatcher::new(&["T-1"], &[], message::Placement::SubjectOrTrailer);
        let query = CommitQuery {
            matcher: &m,
            since: None,
            max_commits: 100,
            enough: 5,
            linger: 10,
            tasks_dir: Path::new("tasks"),
            board_files: &[],
            exclude: &none,
            code_paths: &none,
            own_files: &own,
            commit_index: false,
        };
        let renamed = [
            change("src/a.rs", side(id), None),
            change("src/b.rs", None, side(id)),
        ];
        assert_eq!(gate.changes_code(&query, &renamed).unwrap(), None);
        // Two files deleted, one of them re-added elsewhere: the other
        // deletion is code.
        let more = [
            change("src/a.rs", side(id), None),
            change("src/z.rs", side(other), None),
            change("src/b.rs", None, side(id)),
        ];
        assert_eq!(
            gate.changes_code(&query, &more).unwrap().as_deref(),
            Some("src/z.rs")
        );
        // The same bytes added twice, deleted once: one is new content.
        let copied = [
            change("src/a.rs", side(id), None),
            change("src/b.rs", None, side(id)),
            change("src/c.rs", None, side(id)),
        ];
        assert_eq!(
            gate.changes_code(&query, &copied).unwrap().as_deref(),
            Some("src/c.rs")
        );
    }

    fn globs(patterns: &[&str]) -> GlobSet {
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            b.add(globset::Glob::new(p).unwrap());
        }
        b.build().unwrap()
    }

    #[test]
    fn path_filter_table() {
        let ex = globs(&["docs", "*.lock", "vendor/**"]);
        let none = globs(&[]);
        let f = PathFilter {
            board: vec!["docs/agile/tasks".into()],
            exclude: &ex,
            code_paths: &none,
            own: vec![],
        };
        let g = PathFilter {
            board: vec!["tasks".into()],
            exclude: &none,
            code_paths: &none,
            own: vec!["logs/audit.jsonl".into()],
        };
        let cases = [
            (&f, "src/main.rs", true),
            (&f, "docs/agile/tasks/a.md", false),
            (&f, "docs/readme.md", false),
            (&f, "Cargo.lock", false),
            (&f, "sub/Cargo.lock", false),
            (&f, "vendor/x/y.c", false),
            (&g, "tasks/a.md", false),
            (&g, "tasks", false),
            (&g, "tasksx/a.md", true),
            (&g, "README.md", true),
            // Gate's own files.
            (&g, "logs/audit.jsonl", false),
            (&g, "logs/other.jsonl", true),
            (&g, ".gate/audit.jsonl", false),
            (&g, "gate.toml", false),
            (&g, "sub/.gate.toml", false),
            (&g, ".gatekeeper/x", true),
            (&g, "src/gate.toml.rs", true),
        ];
        for (filter, path, want) in cases {
            assert_eq!(filter.class(path) == Class::Code, want, "{path}");
        }
        assert_eq!(g.class("logs/audit.jsonl"), Class::Gate);
        assert_eq!(g.class("tasks/a.md"), Class::Task);
        assert_eq!(f.class("Cargo.lock"), Class::Excluded);
        assert_eq!(f.dir_class("docs/agile/tasks"), Class::Task);
        assert_eq!(f.dir_class("docs"), Class::Excluded);
        assert_eq!(g.dir_class(".gate"), Class::Gate);
        assert_eq!(g.dir_class("src"), Class::Code);
    }
}
