//! Git access: the only module that names git2 types. Read-only: it never
//! writes the index or refs of the repository it reads.
//!
//! The facade asks domain questions (which commits name a task and change
//! code?) and answers in plain data, so gates never see git2. A repository
//! is opened lazily ([`LazyRepo`]): only when a gate needs git evidence.

pub(crate) mod actor;
pub(crate) mod evidence;
pub(crate) mod hooks;
pub(crate) mod sparse;
pub(crate) mod tree;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why git could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GitError {
    #[error("`{}` is not in a git repository\nhelp: run gate in a git clone (or pass -C <DIR>); in CI, check the repository out first", path.display())]
    NotARepo { path: PathBuf },
    #[error("the repository at `{}` has no commits yet", path.display())]
    NoCommits { path: PathBuf },
    #[error("revision `{rev}` cannot be resolved: {message}")]
    BadRev { rev: String, message: String },
    #[error("reading the repository at `{}`: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error(
        "the repository at `{}` uses SHA-256 object names, which gate cannot read (its git library supports SHA-1 repositories only)\nhelp: gate needs a SHA-1 repository for `check --staged`, `ci` and commit evidence",
        path.display()
    )]
    Sha256 { path: PathBuf },
    #[error(
        "{what} is missing from the repository at `{}`: it is a partial clone (`--filter`), and gate cannot fetch missing objects\nhelp: fetch them first (`git config --unset remote.origin.partialclonefilter && git fetch --refetch origin`), or clone without `--filter`",
        path.display()
    )]
    PartialClone {
        path: PathBuf,
        /// `object <id>`, or `an object` when git did not say which.
        what: String,
    },
    #[error(
        "the index of the repository at `{}` is a sparse index, which gate cannot read\nhelp: turn it into a full index (`git sparse-checkout init --no-sparse-index`); the sparse checkout itself can stay",
        path.display()
    )]
    SparseIndex { path: PathBuf },
}

/// A non-empty environment variable (git treats an empty `GIT_DIR=` as
/// unset too).
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Opens the repository of the work tree `root` as git would: `GIT_DIR`
/// names the git directory, and then the work tree is `root` (which
/// [`find_root`] took from `GIT_WORK_TREE`, or the current
/// directory, git's rule when `GIT_DIR` is set alone); `GIT_WORK_TREE`
/// alone names the work tree of the repository found from the current
/// directory. Without either, the repository at `root`. A SHA-256
/// repository is refused with [`GitError::Sha256`].
pub(crate) fn open_repository(root: &Path) -> Result<git2::Repository, GitError> {
    let git_dir = env_path("GIT_DIR");
    let work_tree = env_path("GIT_WORK_TREE");
    let opened = match (&git_dir, &work_tree) {
        (Some(dir), _) => git2::Repository::open_ext(
            std::path::absolute(dir).unwrap_or_else(|_| dir.clone()),
            git2::RepositoryOpenFlags::NO_SEARCH | git2::RepositoryOpenFlags::NO_DOTGIT,
            std::iter::empty::<&std::ffi::OsStr>(),
        ),
        (None, Some(_)) => std::env::current_dir()
            .map_err(|e| git2::Error::from_str(&e.to_string()))
            .and_then(git2::Repository::discover),
        (None, None) => git2::Repository::open(root),
    };
    let repo = opened.map_err(|e| open_error(root, &e))?;
    if (git_dir.is_some() || work_tree.is_some()) && (work_tree.is_some() || !repo.is_bare()) {
        repo.set_workdir(root, false)
            .map_err(|e| open_error(root, &e))?;
    }
    Ok(repo)
}

/// The git blob id of `bytes` (as `git hash-object` computes it).
pub(crate) fn blob_id(bytes: &[u8]) -> Option<String> {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .ok()
        .map(|id| id.to_string())
}

/// Walks up from `dir` to the top of the git work tree, if there is one.
/// `GIT_WORK_TREE` names the top; `GIT_DIR` alone makes `dir` the top, as
/// git does (empty values count as unset, as in git).
pub(crate) fn find_root(dir: &Path) -> PathBuf {
    if let Some(top) = env_path("GIT_WORK_TREE") {
        let top = dir.join(top);
        return std::path::absolute(&top).unwrap_or(top);
    }
    if env_path("GIT_DIR").is_some() {
        return dir.to_path_buf();
    }
    let mut at = Some(dir);
    while let Some(d) = at {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        at = d.parent();
    }
    dir.to_path_buf()
}

/// The git directory of the work tree at `root` without opening the
/// repository (no libgit2, no `GIT_DIR`): `.git` itself, or where a `.git`
/// file (linked work trees, submodules) points. For the board cache, which
/// `gate board` reads without ever opening git; [`git_dir`] is the answer
/// of the repository itself.
pub(crate) fn dot_git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let meta = std::fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let dir = root.join(target);
    dir.is_dir().then_some(dir)
}

/// The git directory of the repository at `root`, if `root` is in one.
pub(crate) fn git_dir(root: &Path) -> Option<PathBuf> {
    open_repository(root).ok().map(|r| r.path().to_path_buf())
}

/// The git directory of the work tree that holds the board at `tasks_dir`
/// (links resolved): the repository at `root` (`GIT_DIR` honoured) when
/// the board is in its work tree, else the repository whose work tree
/// holds it (a board in another work tree, named by an absolute
/// `tasks_dir`); `None` for a board in no work tree. Each work tree of a
/// repository has its own git directory, so a board shared by several
/// work trees has one answer, the same from each.
pub(crate) fn board_git_dir(root: &Path, tasks_dir: &Path) -> Option<PathBuf> {
    let canon = |p: &Path| p.canonicalize().ok();
    let Some(board) = canon(tasks_dir) else {
        // Not there (yet): the repository at `root`, as before.
        return git_dir(root);
    };
    let holds = |repo: &git2::Repository| {
        repo.workdir()
            .and_then(canon)
            .is_some_and(|work| board.starts_with(work))
    };
    if let Ok(repo) = open_repository(root)
        && holds(&repo)
    {
        return Some(repo.path().to_path_buf());
    }
    git2::Repository::discover(&board)
        .ok()
        .filter(|repo| holds(repo))
        .map(|repo| repo.path().to_path_buf())
}

fn open_error(root: &Path, e: &git2::Error) -> GitError {
    let path = root.to_path_buf();
    if e.message().contains("object format") {
        GitError::Sha256 { path }
    } else if e.code() == git2::ErrorCode::NotFound {
        GitError::NotARepo { path }
    } else {
        GitError::Read {
            path,
            message: e.message().to_owned(),
        }
    }
}

/// Whether `repo` is a partial clone: objects it lacks are expected, and
/// "object not found" means "not fetched".
fn is_partial_clone(repo: &git2::Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_string("extensions.partialclone").is_ok() {
        return true;
    }
    let Ok(mut entries) = config.entries(Some(r"remote\..*\.promisor")) else {
        return false;
    };
    let mut promisor = false;
    while let Some(Ok(entry)) = entries.next() {
        promisor |= entry
            .value()
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    }
    promisor
}

/// The error of a failed object read (`id` empty when unknown): a missing
/// object in a partial clone names the cause and the fix; anything else is
/// a read error.
pub(crate) fn object_error(
    repo: &git2::Repository,
    root: &Path,
    id: &str,
    e: &git2::Error,
) -> GitError {
    if e.code() == git2::ErrorCode::NotFound && is_partial_clone(repo) {
        GitError::PartialClone {
            path: root.to_path_buf(),
            what: if id.is_empty() {
                "an object".to_owned()
            } else {
                format!("object {id}")
            },
        }
    } else {
        GitError::Read {
            path: root.to_path_buf(),
            message: e.message().to_owned(),
        }
    }
}

/// An open repository.
pub(crate) struct Repo {
    inner: git2::Repository,
    /// Where the repository was opened from, for messages.
    root: PathBuf,
}

impl Repo {
    /// Opens the repository whose work tree (or git directory) is `root`.
    /// Does not search parent directories: the root was found already.
    pub(crate) fn open(root: &Path) -> Result<Repo, GitError> {
        open_repository(root).map(|inner| Repo {
            inner,
            root: root.to_path_buf(),
        })
    }

    fn read_error(&self, e: &git2::Error) -> GitError {
        object_error(&self.inner, &self.root, "", e)
    }
}

/// The answer of one task's commit walk.
type Walked = Result<evidence::CommitSearch, GitError>;

/// A repository opened on first use, with the revision gates read from
/// (`--rev`, default `HEAD`). Commands build one per run; a gate that needs
/// no git never opens it.
pub(crate) struct LazyRepo {
    root: PathBuf,
    rev: String,
    /// `rev` was named (a commit judged), not HEAD by default.
    given: bool,
    cell: OnceCell<Result<Repo, GitError>>,
    /// Commit evidence walked ahead for many tasks at once, by task id and
    /// lower bound (one run's settings: the query is the same for all).
    evidence: RefCell<HashMap<(String, Option<i64>), Walked>>,
}

/// The names of the files directly in directory `dir` (relative to the
/// work tree, `/`-separated) of commit `rev`'s tree; empty when the
/// repository, the commit or the directory is not there. Read for a board
/// tool's own folders (Backlog.md's `completed/`, `archive/tasks/`).
pub(crate) fn file_names_at(root: &Path, rev: &str, dir: &str) -> Vec<String> {
    let names = || -> Option<Vec<String>> {
        let repo = open_repository(root).ok()?;
        let tree = repo.revparse_single(rev).ok()?.peel_to_tree().ok()?;
        let sub = tree
            .get_path(Path::new(dir))
            .ok()?
            .to_object(&repo)
            .ok()?
            .into_tree()
            .ok()?;
        Some(
            sub.iter()
                .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
                .map(|e| String::from_utf8_lossy(e.name_bytes()).into_owned())
                .collect(),
        )
    };
    names().unwrap_or_default()
}

impl LazyRepo {
    pub(crate) fn new(root: &Path, rev: Option<&str>) -> LazyRepo {
        LazyRepo {
            root: root.to_path_buf(),
            given: rev.is_some(),
            rev: rev.unwrap_or("HEAD").to_owned(),
            cell: OnceCell::new(),
            evidence: RefCell::new(HashMap::new()),
        }
    }

    /// Leaves the answer of a walk for the task `id` with lower bound
    /// `since`, walked ahead with others.
    pub(crate) fn set_evidence(
        &self,
        id: &str,
        since: Option<i64>,
        result: Result<evidence::CommitSearch, GitError>,
    ) {
        self.evidence
            .borrow_mut()
            .insert((id.to_owned(), since), result);
    }

    /// The answer walked ahead for the task `id` with lower bound `since`,
    /// if there is one.
    pub(crate) fn evidence(
        &self,
        id: &str,
        since: Option<i64>,
    ) -> Option<Result<evidence::CommitSearch, GitError>> {
        self.evidence.borrow().get(&(id.to_owned(), since)).cloned()
    }

    /// The revision evidence is read from.
    pub(crate) fn rev(&self) -> &str {
        &self.rev
    }

    /// The repository, opened now if it was not yet.
    pub(crate) fn get(&self) -> Result<&Repo, GitError> {
        self.cell
            .get_or_init(|| Repo::open(&self.root))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The revision named when this was made (`gate ci`'s commit), not the
    /// default HEAD: the state judged is that commit's, not the work tree's.
    pub(crate) fn given_rev(&self) -> Option<&str> {
        self.given.then_some(self.rev.as_str())
    }

    /// Whether something asked for the repository (tests: moves that need
    /// no evidence must never open it).
    #[cfg(test)]
    pub(crate) fn was_opened(&self) -> bool {
        self.cell.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_git_directory_is_found_through_a_git_file() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.git");
        std::fs::create_dir_all(&real).unwrap();
        let tree = tmp.path().join("tree");
        std::fs::create_dir_all(&tree).unwrap();
        assert_eq!(dot_git_dir(&tree), None);
        std::fs::write(tree.join(".git"), format!("gitdir: {}\n", real.display())).unwrap();
        assert_eq!(dot_git_dir(&tree), Some(real));
    }
}
