//! Git access: the only module that names git2 types. Read-only: it never
//! writes the index or refs of the repository it reads.
//!
//! The facade asks domain questions (which commits name a task and change
//! code?) and answers in plain data, so gates never see git2. A repository
//! is opened lazily ([`LazyRepo`]): only when a gate needs git evidence.

pub mod actor;
pub mod evidence;
pub mod hooks;
pub mod tree;

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// Why git could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    #[error("`{}` is not in a git repository", path.display())]
    NotARepo { path: PathBuf },
    #[error("the repository at `{}` has no commits yet", path.display())]
    NoCommits { path: PathBuf },
    #[error("revision `{rev}` cannot be resolved: {message}")]
    BadRev { rev: String, message: String },
    #[error("reading the repository at `{}`: {message}", path.display())]
    Read { path: PathBuf, message: String },
}

/// An open repository.
pub struct Repo {
    inner: git2::Repository,
    /// Where the repository was opened from, for messages.
    root: PathBuf,
}

impl Repo {
    /// Opens the repository whose work tree (or git directory) is `root`.
    /// Does not search parent directories: the root was found already.
    pub fn open(root: &Path) -> Result<Repo, GitError> {
        match git2::Repository::open(root) {
            Ok(inner) => Ok(Repo {
                inner,
                root: root.to_path_buf(),
            }),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(GitError::NotARepo {
                path: root.to_path_buf(),
            }),
            Err(e) => Err(GitError::Read {
                path: root.to_path_buf(),
                message: e.message().to_owned(),
            }),
        }
    }

    /// The work tree's top directory; `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.inner.workdir()
    }

    fn read_error(&self, e: &git2::Error) -> GitError {
        GitError::Read {
            path: self.root.clone(),
            message: e.message().to_owned(),
        }
    }
}

/// A repository opened on first use, with the revision gates read from
/// (`--rev`, default `HEAD`). Commands build one per run; a gate that needs
/// no git never opens it.
pub struct LazyRepo {
    root: PathBuf,
    rev: String,
    cell: OnceCell<Result<Repo, GitError>>,
}

impl LazyRepo {
    pub fn new(root: &Path, rev: Option<&str>) -> LazyRepo {
        LazyRepo {
            root: root.to_path_buf(),
            rev: rev.unwrap_or("HEAD").to_owned(),
            cell: OnceCell::new(),
        }
    }

    /// The revision evidence is read from.
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// The repository, opened now if it was not yet.
    pub fn get(&self) -> Result<&Repo, GitError> {
        self.cell
            .get_or_init(|| Repo::open(&self.root))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether something asked for the repository (tests: moves that need
    /// no evidence must never open it).
    pub fn was_opened(&self) -> bool {
        self.cell.get().is_some()
    }
}
