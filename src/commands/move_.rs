//! `gate move <TASK> --to <STATUS>`: `check`, then, if allowed, rewrite the
//! status value in the task file. Only the value's bytes change (see
//! [`crate::task::rewrite`]); the file is replaced atomically (temp file in
//! the same directory, owner, group and permissions kept, fsync, rename,
//! directory fsynced). Blocked or error: the file is not touched.
//!
//! A move holds the board lock ([`crate::lock`]) from before it reads the
//! board until the decision is recorded, so two moves never both take the
//! last WIP slot, and the file is written only if it still holds the bytes
//! the decision was made on (an editor's save in between is kept: exit 2).
//!
//! The decision is recorded in the audit log after the file is written: a
//! write that fails is recorded as `error`, and a move that cannot be
//! recorded is undone (the old bytes are put back). A task file without a
//! status key is refused (exit 2): gate does not guess where a new key
//! should go.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Env;
use super::check::{loaded, policy, render, target_status};
use crate::change::{Judge, Request};
use crate::cli::{Format, MoveArgs};
use crate::config::Settings;
use crate::error::{Exit, UsageError};
use crate::gates::Outcome;
use crate::lock::{BoardLock, DEFAULT_WAIT, board_lock_path};
use crate::task::{Parsed, Task, rewrite};

pub(super) fn run(env: &mut Env<'_>, args: &MoveArgs) -> Result<Exit> {
    let settings = env.settings()?;
    super::refuse_sparse(&settings)?;
    // Taken before the board is read: every count and the task itself are
    // read inside the lock, and hold until the file is written.
    let lock = board_lock(&settings)?;
    let mut board = env.board(&settings)?;
    crate::board::resolve::read_named(&mut board, &settings, &args.task, &env.locate.cwd);
    let entry = crate::board::resolve::resolve(&board, &args.task, &env.locate.cwd)?;
    let task = match loaded(entry) {
        Ok(task) => task,
        Err(e) => {
            return Err(super::audit::record_unreadable(
                &settings, "move", entry, &args.to, env.now, e,
            ));
        }
    };
    let to = target_status(&settings, &args.to)?;
    let from = from_status(&settings, task, &entry.display, args.from.as_deref())?;
    let Some(line) = task.status_line else {
        bail!(UsageError(format!(
            "task file `{}` has no status key to rewrite\nhelp: add a `status: <status>` line to its front-matter",
            entry.display
        )));
    };
    let (policy, reason) = policy(
        &settings,
        args.force,
        args.reason.as_deref(),
        args.deny_warnings,
    )?;
    // Work out the new bytes before judging: a file gate cannot rewrite
    // safely is an error, not a half-done move.
    let (target, old, new) = rewritten(env, &settings, entry, task, &to, line)?;
    let judge = Judge {
        settings: &settings,
        policy: &policy,
        now: env.now,
        rev: None,
        pending: None,
        origin: None,
    };
    let committed = super::check::committed_state(&settings, entry);
    let request = Request {
        entry,
        task,
        previous: super::check::same_task(committed.as_ref(), entry),
        from: from.judged,
        to: to.clone(),
    };
    let mut report = judge.transition(&board, request);
    // The content the move leaves: committing it records nothing again.
    report.blob = crate::git::blob_id(&new);
    if report.from.is_none() {
        report.from = from.shown;
    }
    let reason = reason.filter(|_| args.force);
    let outcome = report.decision.outcome;
    let write = matches!(outcome, Outcome::Allowed | Outcome::Overridden) && !report.no_op;
    if write {
        test_pause();
    }
    if write && let Err(e) = replace_if_unchanged(&target, &old, &new) {
        // The move did not happen: recorded as the error it is.
        report.decision.outcome = Outcome::Error;
        let e = anyhow::Error::new(e).context(format!(
            "the move of `{}` was allowed, but the file could not be written; nothing was changed",
            entry.display
        ));
        return Err(
            match super::audit::record_check(&settings, "move", &report, reason, env.now) {
                Ok(_) => e,
                Err(r) => e.context(crate::error::one_line_chain(&r)),
            },
        );
    }
    // Recorded after the file is written: a move that cannot be recorded
    // is undone.
    if !report.no_op {
        match super::audit::record_check(&settings, "move", &report, reason, env.now) {
            Ok(audit) => report.audit = audit,
            Err(e) if write => {
                let undo = match replace_if_unchanged(&target, &new, &old) {
                    Ok(()) => "the file was put back as it was".to_owned(),
                    Err(u) => format!("and putting the file back failed: {u}"),
                };
                return Err(e.context(format!(
                    "the move of `{}` was not recorded, so it is not made; {undo}",
                    entry.display
                )));
            }
            Err(e) => return Err(e),
        }
    }
    drop(lock);
    render(env, &report)?;
    if write && env.format == Format::Human && !env.quiet {
        writeln!(
            env.out,
            "  moved: {}:{line}: {} -> {}",
            crate::report::style::one_line(&entry.display),
            report.from_name.as_deref().unwrap_or("(none)"),
            report.to_label()
        )?;
    }
    Ok(outcome.exit())
}

/// The board's lock, wherever the board is: a board outside the work tree
/// (an absolute `tasks_dir` two work trees share) has one lock.
fn board_lock(settings: &Settings) -> Result<BoardLock> {
    let tasks_dir = &settings.board.tasks_dir;
    let git_dir = crate::git::board_git_dir(&settings.root, tasks_dir);
    let board_dir = tasks_dir
        .canonicalize()
        .unwrap_or_else(|_| tasks_dir.clone());
    let lock_path = board_lock_path(git_dir.as_deref(), &board_dir);
    Ok(BoardLock::acquire(&lock_path, DEFAULT_WAIT)?)
}

/// The task file (resolved) and its bytes before and after its status is
/// set to `to` at `line` (and stamped as the tool stamps a move); an error
/// when the rewritten file would not read back as `to`.
fn rewritten(
    env: &mut Env<'_>,
    settings: &Settings,
    entry: &crate::board::Entry,
    task: &Task,
    to: &str,
    line: usize,
) -> Result<(std::path::PathBuf, Vec<u8>, Vec<u8>)> {
    let target = entry
        .path
        .canonicalize()
        .with_context(|| format!("resolving `{}`", entry.display))?;
    let old = std::fs::read(&target).with_context(|| format!("reading `{}`", entry.display))?;
    // The board's own spelling (`In Progress`): tools that group columns by
    // name keep the task in its column.
    let new = rewrite::set_status(&old, line, settings.workflow.name(to))
        .with_context(|| format!("cannot rewrite the status of `{}`", entry.display))?;
    let new = stamped(env, settings, entry, task, to, line, new)?;
    let stem = entry.stem();
    let reread = match crate::task::parse(
        new.as_slice(),
        stem,
        &settings.vocab,
        settings.board.max_task_bytes,
    ) {
        Parsed::Task(t) => t.status,
        _ => None,
    };
    if reread.as_deref() != Some(to) {
        bail!(
            "cannot rewrite the status of `{}`: the rewritten file would not read back as `{to}`",
            entry.display
        );
    }
    Ok((target, old, new))
}

/// The moved file with what the board tool writes on a move beside the
/// status (Backlog.md's `updated_date`, kanban-md's `updated`, `started`,
/// `completed`). A file whose dates gate cannot rewrite in place is moved
/// without them, with a warning: the status is what the move is for.
fn stamped(
    env: &mut Env<'_>,
    settings: &Settings,
    entry: &crate::board::Entry,
    task: &Task,
    to: &str,
    line: usize,
    moved: Vec<u8>,
) -> Result<Vec<u8>> {
    let spelled = |key: &str| settings.workflow.name(key).to_owned();
    let from = task.status.as_deref().map(spelled);
    let edits = settings
        .move_stamps
        .edits(from.as_deref(), &spelled(to), env.now);
    match rewrite::apply_edits(&moved, line, &edits) {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            writeln!(
                env.err,
                "warning: `{}`: the dates the board tool writes on a move were not updated: {e}",
                crate::report::style::one_line(&entry.display)
            )?;
            Ok(moved)
        }
    }
}

/// Tests only: with `__GATE_TEST_MOVE_PAUSE=<file>`, a move that is about
/// to write creates `<file>.ready` and waits (10 s at most) until `<file>`
/// exists, so a test can save an edit in the middle of a move. Compiled
/// only into debug builds, as the test clock is.
#[cfg(debug_assertions)]
fn test_pause() {
    let Some(go) = std::env::var_os("__GATE_TEST_MOVE_PAUSE").map(std::path::PathBuf::from) else {
        return;
    };
    let mut ready = go.clone().into_os_string();
    ready.push(".ready");
    let _ = std::fs::write(ready, "");
    let start = std::time::Instant::now();
    while !go.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A release build has no test pause.
#[cfg(not(debug_assertions))]
fn test_pause() {}

/// The status a move is judged from, and the one reports show.
struct From {
    judged: Option<String>,
    shown: Option<String>,
}

/// `--from` names the status the task is in: it must match the file (a
/// move never judges from a status the task is not in). A status outside
/// the workflow is acknowledged this way and judged as no status, so the
/// task re-enters the workflow at a start state.
fn from_status(settings: &Settings, task: &Task, display: &str, raw: Option<&str>) -> Result<From> {
    let Some(raw) = raw else {
        return Ok(From {
            judged: task.status.clone().map(String::from),
            shown: None,
        });
    };
    let key = settings.vocab.status(raw);
    if task.status.as_deref() != Some(key.as_str()) {
        let actual = task
            .status
            .as_deref()
            .map_or_else(|| "no status".to_owned(), |s| format!("`{s}`"));
        bail!(UsageError(format!(
            "`{}` is in {actual}, not `{raw}`\nhelp: `--from` names the status the task is in now; leave it out to move from its current status",
            crate::report::style::one_line(display)
        )));
    }
    if settings.workflow.has_status(&key) {
        Ok(From {
            judged: Some(key),
            shown: None,
        })
    } else {
        Ok(From {
            judged: None,
            shown: Some(key),
        })
    }
}

/// Why a task file was not replaced.
#[derive(Debug, thiserror::Error)]
enum WriteError {
    #[error(
        "`{}` changed while gate was deciding (an edit saved meanwhile?); it was left as it is now\nhelp: run the move again",
        path.display()
    )]
    Changed { path: std::path::PathBuf },
    #[error("writing `{}`", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Replaces `path` with `bytes` if it still holds `expected`
/// ([`crate::fsutil::replace_file_if`]: a synced temporary file beside it,
/// given the old file's owner, group (when permitted) and permissions; the
/// file is read again and compared right before the rename; the directory
/// synced after it). A hard link to the old file keeps the old bytes: the
/// name is replaced, not the inode.
fn replace_if_unchanged(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let replaced = crate::fsutil::replace_file_if(
        path,
        |file| {
            file.write_all(bytes)?;
            keep_owner(file, &meta);
            file.set_permissions(meta.permissions())
        },
        || Ok(std::fs::read(path)? == expected),
    )
    .map_err(io)?;
    if replaced {
        Ok(())
    } else {
        Err(WriteError::Changed {
            path: path.to_path_buf(),
        })
    }
}

/// Gives the new file the old one's owner and group, as far as permitted:
/// root may keep both; another user may keep a group it belongs to.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt as _;
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _old: &std::fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_saved_meanwhile_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.md");
        std::fs::write(&path, "status: todo\nthe editor's text\n").unwrap();
        let err = replace_if_unchanged(&path, b"status: todo\n", b"status: done\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "status: todo\nthe editor's text\n"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.md");
        std::fs::write(&path, "status: todo\n").unwrap();
        replace_if_unchanged(&path, b"status: todo\n", b"status: done\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "status: done\n");
    }

    #[cfg(unix)]
    #[test]
    fn owner_group_and_mode_are_kept() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.md");
        std::fs::write(&path, "status: todo\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let me = std::fs::metadata(&path).unwrap();
        // As root, hand the file to another user first: the move must not
        // take it over. Otherwise the file stays the runner's own.
        let (uid, gid) = if me.uid() == 0 {
            std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
            (4242, 4343)
        } else {
            (me.uid(), me.gid())
        };
        replace_if_unchanged(&path, b"status: todo\n", b"status: done\n").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (uid, gid));
        assert_eq!(after.permissions().mode() & 0o777, 0o640);
    }
}
