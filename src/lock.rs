//! The board lock: one exclusive advisory lock per board, held by every
//! command that writes task files, so that a decision read from the board
//! (a WIP count, the task's own status) still holds when the file is
//! written.
//!
//! The lock belongs to the board, wherever its tasks directory is (links
//! resolved): `<git dir>/gate/board.lock` of the work tree that holds the
//! board (one per work tree: each work tree has its own files), else
//! `.<tasks dir name>.gate-lock` beside the tasks directory — so a board
//! outside the repository that two work trees share has one lock. It is locked
//! with std's `File::lock` (`flock(2)` on Unix, `LockFileEx` on Windows),
//! which the system releases when the holder exits, so a crashed `gate`
//! never leaves a stale lock; the file itself is never removed (removing a
//! lock file while another process waits on it would let two holders in).
//!
//! Readers (`check` without a write, `board`, `lint`) never take it. This
//! module decides nothing about tasks and prints nothing.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another one before giving up.
pub(crate) const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// Why the board lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LockError {
    #[error("cannot take the board lock `{}`", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the board lock `{}` is not a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error("another `gate` held the board lock `{}` for more than {} s", path.display(), waited.as_secs())]
    Busy { path: PathBuf, waited: Duration },
}

/// Where the board lock of a board lives: in the git directory when there
/// is one, else beside the tasks directory.
pub(crate) fn board_lock_path(git_dir: Option<&Path>, tasks_dir: &Path) -> PathBuf {
    if let Some(git_dir) = git_dir {
        return git_dir.join("gate").join("board.lock");
    }
    match (tasks_dir.parent(), tasks_dir.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            let mut file = std::ffi::OsString::from(".");
            file.push(name);
            file.push(".gate-lock");
            parent.join(file)
        }
        _ => tasks_dir.join(".gate-lock"),
    }
}

/// A held board lock; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct BoardLock {
    file: File,
}

impl BoardLock {
    /// Takes the lock at `path`, creating the file (and its directory) if
    /// needed, waiting at most `wait` for another holder. A symlink or any
    /// other non-regular file at `path` is refused, never followed.
    pub(crate) fn acquire(path: &Path, wait: Duration) -> Result<BoardLock, LockError> {
        let io = |source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = open_no_follow(path).map_err(|e| {
            if is_link_refusal(&e) {
                LockError::NotAFile {
                    path: path.to_path_buf(),
                }
            } else {
                io(e)
            }
        })?;
        if !file.metadata().map_err(io)?.is_file() {
            return Err(LockError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(BoardLock { file });
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(LockError::Busy {
                            path: path.to_path_buf(),
                            waited: wait,
                        });
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
    }
}

impl Drop for BoardLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking is explicit.
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(i32::try_from(flags.bits()).unwrap_or(0))
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("the lock file is a symbolic link"));
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// `O_NOFOLLOW` on a symlink fails with `ELOOP`.
fn is_link_refusal(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        e.kind() == std::io::ErrorKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_lives_in_the_git_dir_or_beside_the_tasks_dir() {
        assert_eq!(
            board_lock_path(Some(Path::new("/r/.git")), Path::new("/r/tasks")),
            PathBuf::from("/r/.git/gate/board.lock")
        );
        assert_eq!(
            board_lock_path(None, Path::new("/b/docs/tasks")),
            PathBuf::from("/b/docs/.tasks.gate-lock")
        );
    }

    #[test]
    fn a_second_holder_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gate/board.lock");
        let held = BoardLock::acquire(&path, DEFAULT_WAIT).unwrap();
        let err = BoardLock::acquire(&path, Duration::from_millis(20)).unwrap_err();
        assert!(matches!(err, LockError::Busy { .. }), "{err}");
        drop(held);
        BoardLock::acquire(&path, Duration::from_millis(20)).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let path = dir.path().join("board.lock");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let err = BoardLock::acquire(&path, DEFAULT_WAIT).unwrap_err();
        assert!(matches!(err, LockError::NotAFile { .. }), "{err}");
        assert!(!target.exists());
    }
}
