//! Task files as git has them: in a commit's tree, in HEAD, or in the index
//! (what `git commit` is about to record), and the first-parent commits of
//! a range. Read-only: the index is read, never written.

use std::path::{Path, PathBuf};

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TreeError {
    #[error("the repository at `{}` has no work tree", path.display())]
    Bare { path: PathBuf },
    #[error("the tasks directory `{}` is not inside the repository `{}`", dir.display(), root.display())]
    OutsideRepo { dir: PathBuf, root: PathBuf },
    #[error(
        "revision `{rev}` cannot be resolved: {message}\nhelp: fetch it first (`git fetch origin <branch>`); in CI, fetch the full history (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)"
    )]
    BadRev { rev: String, message: String },
    #[error("`{base}..{head}` has more than {max} first-parent commits")]
    TooLong {
        base: String,
        head: String,
        max: usize,
    },
    #[error(
        "`{base}..{head}` crosses the shallow clone's boundary at commit {boundary}: its parent is not in the clone\nhelp: fetch the full history (`git fetch --unshallow`; in GitHub Actions, `actions/checkout` with `fetch-depth: 0`)"
    )]
    Shallow {
        base: String,
        head: String,
        boundary: String,
    },
    #[error(
        "`{head}` is an ancestor of `{base}`: `{base}..{head}` holds no commit to judge\nhelp: did you swap --base and --head? `--base` is the branch the pull request goes into"
    )]
    Reversed { base: String, head: String },
    #[error("reading git data: {0}")]
    Git(#[from] git2::Error),
    #[error(transparent)]
    Repo(#[from] super::GitError),
}

/// How two revisions of a range relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ancestry {
    /// `head` descends from `base` (or is it).
    Descends,
    /// Neither descends from the other: the range runs from their merge base.
    Diverged,
}

/// One file below the tasks directory: its path relative to the tasks
/// directory and its bytes.
pub(crate) type TaskFile = (PathBuf, Vec<u8>);

/// Task files by path (relative to the tasks directory) with their blob ids.
pub(crate) type Listing = std::collections::BTreeMap<PathBuf, String>;

/// How a listing changes: each changed path with its new blob id (`None`:
/// no longer listed), sorted by path.
pub(crate) type ListingChanges = Vec<(PathBuf, Option<String>)>;

/// A commit of a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CommitInfo {
    pub id: String,
    pub short: String,
    pub summary: String,
    /// The first parent; `None` for a root commit.
    pub parent: Option<String>,
    /// The other parents of a merge commit.
    pub merged: Vec<String>,
}

/// A repository opened to read task files.
pub(crate) struct TaskTrees {
    repo: git2::Repository,
    /// The tasks directory relative to the work tree, `/`-separated.
    prefix: String,
}

impl TaskTrees {
    /// Opens the repository at `root` to read the files below `tasks_dir`.
    pub(crate) fn open(root: &Path, tasks_dir: &Path) -> Result<TaskTrees, TreeError> {
        let repo = super::open_repository(root)?;
        let workdir = repo.workdir().ok_or_else(|| TreeError::Bare {
            path: root.to_path_buf(),
        })?;
        let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let (workdir, dir) = (canon(workdir), canon(tasks_dir));
        let rel = dir
            .strip_prefix(&workdir)
            .map_err(|_| TreeError::OutsideRepo {
                dir: tasks_dir.to_path_buf(),
                root: workdir.clone(),
            })?;
        let prefix = rel.to_string_lossy().replace('\\', "/");
        Ok(TaskTrees { repo, prefix })
    }

    /// The work tree, for messages.
    fn root(&self) -> PathBuf {
        self.repo
            .workdir()
            .unwrap_or_else(|| self.repo.path())
            .to_path_buf()
    }

    /// The full id of `rev`'s commit.
    pub(crate) fn resolve(&self, rev: &str) -> Result<String, TreeError> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id().to_string())
            .map_err(|e| TreeError::BadRev {
                rev: rev.to_owned(),
                message: e.message().to_owned(),
            })
    }

    /// Whether `rev`'s tree holds the tasks directory.
    pub(crate) fn has_tasks_dir(&self, rev: &str) -> Result<bool, TreeError> {
        let id = self.resolve(rev)?;
        let tree = self.repo.find_commit(git2::Oid::from_str(&id)?)?.tree()?;
        if self.prefix.is_empty() {
            return Ok(true);
        }
        Ok(tree
            .get_path(Path::new(&self.prefix))
            .is_ok_and(|e| e.kind() == Some(git2::ObjectType::Tree)))
    }

    /// The HEAD commit, or `None` before the first commit.
    pub(crate) fn head(&self) -> Option<String> {
        self.repo
            .head()
            .ok()?
            .peel_to_commit()
            .ok()
            .map(|c| c.id().to_string())
    }

    /// The task files of a commit's tree with their blob ids, without
    /// reading them.
    pub(crate) fn list_commit(
        &self,
        commit: Option<&str>,
        keep: &dyn Fn(&Path) -> bool,
    ) -> Result<Listing, TreeError> {
        let mut files = Listing::new();
        let Some(id) = commit else {
            return Ok(files);
        };
        let tree = self.repo.find_commit(git2::Oid::from_str(id)?)?.tree()?;
        let sub = if self.prefix.is_empty() {
            tree
        } else {
            let Ok(entry) = tree.get_path(Path::new(&self.prefix)) else {
                return Ok(files);
            };
            match entry.to_object(&self.repo)?.into_tree() {
                Ok(t) => t,
                Err(_) => return Ok(files),
            }
        };
        // By hand rather than `Tree::walk`, whose callback takes the
        // directory as `&str` and aborts the walk at the first name that is
        // not UTF-8: names are bytes here, and every one is listed.
        let mut stack = vec![(PathBuf::new(), sub)];
        while let Some((dir, tree)) = stack.pop() {
            for entry in &tree {
                let name = entry.name_bytes();
                if name.starts_with(b".") {
                    continue;
                }
                let rel = dir.join(path_of_bytes(name));
                match entry.kind() {
                    Some(git2::ObjectType::Tree) => {
                        stack.push((rel, self.repo.find_tree(entry.id())?));
                    }
                    Some(git2::ObjectType::Blob) if is_listed_blob(&entry) && keep(&rel) => {
                        files.insert(rel, entry.id().to_string());
                    }
                    _ => {}
                }
            }
        }
        Ok(files)
    }

    /// What changed in the listing of [`TaskTrees::list_commit`] from
    /// commit `from` (`None`: the empty tree) to commit `to`, for each
    /// `(from, to)` of `steps`: each path whose entry differs, with its
    /// blob id in `to` (`None`: not listed there). One diff of the two
    /// tasks-directory trees per step; unchanged directories are not
    /// opened, and a step from the commit the previous step went to reads
    /// that tree once. Applying a step's changes to `from`'s listing gives
    /// `to`'s.
    pub(crate) fn diff_listings(
        &self,
        steps: &[(Option<&str>, &str)],
        keep: &dyn Fn(&Path) -> bool,
    ) -> Result<Vec<ListingChanges>, TreeError> {
        let mut last: Option<(&str, Option<git2::Tree<'_>>)> = None;
        let mut out = Vec::with_capacity(steps.len());
        for &(from, to) in steps {
            let old = match (from, last.take()) {
                (Some(from), Some((id, tree))) if id == from => tree,
                (from, _) => self.tasks_tree(from)?,
            };
            let new = self.tasks_tree(Some(to))?;
            out.push(self.diff_trees(old.as_ref(), new.as_ref(), keep)?);
            last = Some((to, new));
        }
        Ok(out)
    }

    /// The tasks directory's tree in a commit; `None` for no commit, or a
    /// commit without that directory.
    fn tasks_tree(&self, commit: Option<&str>) -> Result<Option<git2::Tree<'_>>, TreeError> {
        let Some(id) = commit else {
            return Ok(None);
        };
        let tree = self.repo.find_commit(git2::Oid::from_str(id)?)?.tree()?;
        if self.prefix.is_empty() {
            return Ok(Some(tree));
        }
        let Ok(entry) = tree.get_path(Path::new(&self.prefix)) else {
            return Ok(None);
        };
        Ok(entry.to_object(&self.repo)?.into_tree().ok())
    }

    /// The listing changes from one tasks tree to another.
    fn diff_trees(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        keep: &dyn Fn(&Path) -> bool,
    ) -> Result<ListingChanges, TreeError> {
        if old.map(git2::Tree::id) == new.map(git2::Tree::id) {
            return Ok(Vec::new());
        }
        let mut opts = git2::DiffOptions::new();
        opts.include_typechange(true).ignore_submodules(true);
        let diff = self.repo.diff_tree_to_tree(old, new, Some(&mut opts))?;
        // No rename detection: each delta is one path, both sides. Its new
        // side is listed if it is a file (not a link, a directory or a
        // submodule) that `list_commit` would list.
        let mut out: std::collections::BTreeMap<PathBuf, Option<String>> =
            std::collections::BTreeMap::new();
        for delta in diff.deltas() {
            let (old_file, new_file) = (delta.old_file(), delta.new_file());
            let Some(bytes) = new_file.path_bytes().or_else(|| old_file.path_bytes()) else {
                continue;
            };
            let rel = path_of_bytes(bytes);
            if bytes
                .split(|b| *b == b'/')
                .any(|part| part.starts_with(b"."))
                || !keep(&rel)
            {
                continue;
            }
            // The new side as `list_commit` reads it: the tree entry itself,
            // not the delta's mode (git2 panics on a mode it does not know,
            // and a pushed tree may hold any).
            let listed = new
                .and_then(|tree| tree.get_path(&rel).ok())
                .filter(is_listed_blob);
            let id = listed.map(|entry| entry.id().to_string());
            let slot = out.entry(rel).or_default();
            *slot = slot.take().or(id);
        }
        Ok(out.into_iter().collect())
    }

    /// The task files of the index (stage 0) with their blob ids.
    pub(crate) fn list_index(
        &self,
        index_file: Option<&Path>,
        keep: &dyn Fn(&Path) -> bool,
    ) -> Result<Listing, TreeError> {
        let index = match index_file {
            Some(path) => git2::Index::open(path),
            None => self.repo.index(),
        }
        .map_err(|e| super::sparse::index_error(&self.root(), &e))?;
        let prefix = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut files = Listing::new();
        for entry in index.iter() {
            // The path as bytes, as the commit listing takes it: a name
            // that is not UTF-8 is the same path in both.
            let Some(rel) = entry.path.strip_prefix(prefix.as_bytes()) else {
                continue;
            };
            // Stage bits (conflicts) live in flags 0x3000; only stage 0 is staged content.
            let stage = (entry.flags >> 12) & 0x3;
            let is_link = entry.mode & 0o170_000 == 0o120_000;
            let hidden = rel.split(|b| *b == b'/').any(|part| part.starts_with(b"."));
            let rel = path_of_bytes(rel);
            if stage == 0 && !is_link && !hidden && keep(&rel) {
                files.insert(rel, entry.id.to_string());
            }
        }
        Ok(files)
    }

    /// Reads the blobs of a listing.
    pub(crate) fn read(&self, listing: &Listing) -> Result<Vec<TaskFile>, TreeError> {
        listing
            .iter()
            .map(|(rel, id)| {
                let blob = self
                    .repo
                    .find_blob(git2::Oid::from_str(id)?)
                    .map_err(|e| super::object_error(&self.repo, &self.root(), id, &e))?;
                Ok((rel.clone(), blob.content().to_vec()))
            })
            .collect()
    }

    /// The commit being merged while a merge is concluded (`MERGE_HEAD`;
    /// the first of an octopus), or `None` when no merge is in progress.
    pub(crate) fn merge_head(&self) -> Result<Option<String>, TreeError> {
        let text = match std::fs::read_to_string(self.repo.path().join("MERGE_HEAD")) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(TreeError::Git(git2::Error::from_str(&format!(
                    "reading MERGE_HEAD: {e}"
                ))));
            }
        };
        let Some(first) = text.split_whitespace().next() else {
            return Ok(None);
        };
        Ok(Some(git2::Oid::from_str(first)?.to_string()))
    }

    /// The parents of commit `id`, first parent first.
    pub(crate) fn parents(&self, id: &str) -> Result<Vec<String>, TreeError> {
        let commit = self.repo.find_commit(git2::Oid::from_str(id)?)?;
        Ok(commit.parent_ids().map(|p| p.to_string()).collect())
    }

    /// A value of the repository's git configuration (local, global and
    /// system, as git reads them), when set and text.
    pub(crate) fn config_value(&self, key: &str) -> Option<String> {
        self.repo.config().ok()?.get_string(key).ok()
    }

    /// Every file (path relative to the work tree, `/`-separated) whose
    /// staged content or mode differs from commit `base`'s (`None`: the
    /// empty tree), with its blob and mode on each side: what the commit
    /// being made on `base` changes.
    pub(crate) fn staged_changes(
        &self,
        index_file: Option<&Path>,
        base: Option<&str>,
    ) -> Result<Vec<super::evidence::FileChange>, TreeError> {
        let index = match index_file {
            Some(file) => git2::Index::open(file)?,
            None => self.repo.index()?,
        };
        let head = match base {
            Some(id) => Some(self.repo.find_commit(git2::Oid::from_str(id)?)?.tree()?),
            None => None,
        };
        let diff = self
            .repo
            .diff_tree_to_index(head.as_ref(), Some(&index), None)?;
        let side = |file: git2::DiffFile<'_>| {
            (!file.id().is_zero() && file.mode() != git2::FileMode::Unreadable).then(|| {
                super::evidence::Side {
                    id: file.id(),
                    mode: i32::from(file.mode()),
                }
            })
        };
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or_else(|| delta.old_file().path()) else {
                continue;
            };
            changes.push(super::evidence::FileChange {
                path: path.to_string_lossy().replace('\\', "/"),
                old: side(delta.old_file()),
                new: side(delta.new_file()),
            });
        }
        Ok(changes)
    }

    /// The bytes of the task file at `rel` (relative to the tasks
    /// directory) in a commit; `None` when the commit has no such file.
    pub(crate) fn task_file_at(
        &self,
        commit: &str,
        rel: &Path,
    ) -> Result<Option<Vec<u8>>, TreeError> {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let path = if self.prefix.is_empty() {
            rel
        } else {
            format!("{}/{rel}", self.prefix)
        };
        self.file_at(commit, &path)
    }

    /// The bytes of the file at `path` (relative to the work tree's top,
    /// `/`-separated) in a commit; `None` when the commit has no such file.
    pub(crate) fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, TreeError> {
        let tree = self
            .repo
            .find_commit(git2::Oid::from_str(commit)?)?
            .tree()?;
        let Ok(entry) = tree.get_path(Path::new(path)) else {
            return Ok(None);
        };
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return Ok(None);
        }
        Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec()))
    }

    /// The commits at a shallow clone's boundary (git's `shallow` file):
    /// their parents are not in the clone.
    fn shallow_boundary(&self) -> std::collections::HashSet<String> {
        if !self.repo.is_shallow() {
            return std::collections::HashSet::new();
        }
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// How `head` relates to `base`; a `head` that is a strict ancestor of
    /// `base` is an error (a range that was written backwards).
    pub(crate) fn ancestry(&self, base: &str, head: &str) -> Result<Ancestry, TreeError> {
        let base_id = git2::Oid::from_str(&self.resolve(base)?)?;
        let head_id = git2::Oid::from_str(&self.resolve(head)?)?;
        if base_id == head_id || self.repo.graph_descendant_of(head_id, base_id)? {
            return Ok(Ancestry::Descends);
        }
        if self.repo.graph_descendant_of(base_id, head_id)? {
            return Err(TreeError::Reversed {
                base: base.to_owned(),
                head: head.to_owned(),
            });
        }
        Ok(Ancestry::Diverged)
    }

    /// The commits of `base..head` along first parents, oldest first, as
    /// `git log --first-parent base..head` lists them; more than `max` is
    /// an error.
    pub(crate) fn first_parent_range(
        &self,
        base: &str,
        head: &str,
        max: usize,
    ) -> Result<Vec<CommitInfo>, TreeError> {
        let base_id = git2::Oid::from_str(&self.resolve(base)?)?;
        let head_id = git2::Oid::from_str(&self.resolve(head)?)?;
        let mut walk = self.repo.revwalk()?;
        walk.push(head_id)?;
        walk.hide(base_id)?;
        walk.simplify_first_parent()?;
        let shallow = self.shallow_boundary();
        let mut commits = Vec::new();
        for id in walk {
            let id = id?;
            if commits.len() >= max {
                return Err(TreeError::TooLong {
                    base: base.to_owned(),
                    head: head.to_owned(),
                    max,
                });
            }
            let commit = self.repo.find_commit(id)?;
            // A shallow clone's boundary commits look like root commits:
            // judging from there would take every task as new.
            if shallow.contains(&id.to_string()) {
                return Err(TreeError::Shallow {
                    base: base.to_owned(),
                    head: head.to_owned(),
                    boundary: id.to_string().chars().take(12).collect(),
                });
            }
            commits.push(info(&commit)?);
        }
        commits.reverse();
        Ok(commits)
    }

    /// The first-parent history of `head`, oldest first: all of it, or the
    /// commits after `since` (`since..head`). A shallow clone's history
    /// stops at its boundary: the commits after it are listed, and the
    /// boundary (whose parent the clone lacks) is returned, short, beside
    /// them — it is the board they start from, not a commit to judge.
    pub(crate) fn first_parent_history(
        &self,
        since: Option<&str>,
        head: &str,
    ) -> Result<(Vec<CommitInfo>, Option<String>), TreeError> {
        let head_id = git2::Oid::from_str(&self.resolve(head)?)?;
        let mut walk = self.repo.revwalk()?;
        walk.push(head_id)?;
        if let Some(since) = since {
            walk.hide(git2::Oid::from_str(&self.resolve(since)?)?)?;
        }
        walk.simplify_first_parent()?;
        let shallow = self.shallow_boundary();
        let mut commits = Vec::new();
        let mut boundary = None;
        for id in walk {
            let id = id?;
            let commit = self.repo.find_commit(id)?;
            if shallow.contains(&id.to_string()) {
                boundary = Some(info(&commit)?.short);
                break;
            }
            commits.push(info(&commit)?);
        }
        commits.reverse();
        Ok((commits, boundary))
    }
}

/// A commit as a range lists it.
fn info(commit: &git2::Commit<'_>) -> Result<CommitInfo, git2::Error> {
    Ok(CommitInfo {
        id: commit.id().to_string(),
        short: commit
            .as_object()
            .short_id()?
            .as_str()
            .unwrap_or("")
            .to_owned(),
        summary: commit.summary().unwrap_or("").to_owned(),
        parent: commit.parent_id(0).ok().map(|p| p.to_string()),
        merged: commit.parent_ids().skip(1).map(|p| p.to_string()).collect(),
    })
}

/// Whether a tree entry is a task file `list_commit` lists: a blob that is
/// not a symbolic link, by git's normalised mode.
fn is_listed_blob(entry: &git2::TreeEntry<'_>) -> bool {
    entry.kind() == Some(git2::ObjectType::Blob) && entry.filemode() != 0o120_000
}

/// A path git stores as bytes (`/`-separated), as a path of this system.
#[cfg(unix)]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt as _;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_git_is_not_a_repo() {
        let dir = tempfile::tempdir().unwrap();
        let err = TaskTrees::open(dir.path(), dir.path()).err().unwrap();
        assert!(matches!(
            err,
            TreeError::Repo(crate::git::GitError::NotARepo { .. })
        ));
    }
}
