//! Sparse checkouts: task files that the index holds but the work tree
//! does not (git's skip-worktree bit), which a board read from the work
//! tree would leave out of every count. Read-only.

use std::path::{Path, PathBuf};

use super::{GitError, open_repository};

/// The `skip-worktree` bit of an index entry's extended flags.
const SKIP_WORKTREE: u16 = 1 << 14;

/// The files below `tasks_dir` that a sparse checkout left out of the work
/// tree (paths relative to the work tree). Empty outside git and without
/// `core.sparseCheckout`; a sparse index (which gate's git library cannot
/// read) is [`GitError::SparseIndex`].
pub(crate) fn outside_cone(root: &Path, tasks_dir: &Path) -> Result<Vec<PathBuf>, GitError> {
    let Ok(repo) = open_repository(root) else {
        return Ok(Vec::new());
    };
    let sparse = repo
        .config()
        .and_then(|c| c.get_bool("core.sparseCheckout"))
        .unwrap_or(false);
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return Ok(Vec::new());
    };
    if !sparse {
        return Ok(Vec::new());
    }
    let index = repo.index().map_err(|e| index_error(root, &e))?;
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let Ok(rel) = canon(tasks_dir)
        .strip_prefix(canon(&workdir))
        .map(Path::to_path_buf)
    else {
        return Ok(Vec::new());
    };
    let prefix = rel.to_string_lossy().replace('\\', "/");
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    Ok(index
        .iter()
        .filter(|e| e.flags_extended & SKIP_WORKTREE != 0)
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .filter(|p| p.starts_with(&prefix))
        .map(PathBuf::from)
        .filter(|p| std::fs::symlink_metadata(workdir.join(p)).is_err())
        .collect())
}

/// The error of reading the index: a sparse index is named as such.
pub(crate) fn index_error(root: &Path, e: &git2::Error) -> GitError {
    if e.message().contains("'sdir'") {
        GitError::SparseIndex {
            path: root.to_path_buf(),
        }
    } else {
        GitError::Read {
            path: root.to_path_buf(),
            message: e.message().to_owned(),
        }
    }
}
