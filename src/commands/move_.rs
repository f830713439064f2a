//! `gate move <TASK> --to <STATUS>`: `check`, then, if allowed, rewrite the
//! status value in the task file. Only the value's bytes change (see
//! [`crate::task::rewrite`]); the file is replaced atomically (temp file in
//! the same directory, fsync, rename, permissions kept, directory fsynced).
//! Blocked or error: the file is not touched.
//!
//! The decision is recorded in the audit log (as `move`) before the file
//! is written. A task file without a status key is refused (exit 2): gate
//! does not guess where a new key should go.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Env;
use super::check::{exit_of, judge, loaded, policy, render, target_status};
use crate::cli::{Format, MoveArgs};
use crate::error::{Exit, UsageError};
use crate::gates::Outcome;
use crate::task::{Parsed, rewrite};

pub(super) fn run(env: &mut Env<'_>, args: &MoveArgs) -> Result<Exit> {
    env.require_format(&[Format::Human, Format::Json])?;
    let settings = env.settings()?;
    let mut board = env.board(&settings)?;
    crate::board::resolve::read_named(&mut board, &settings, &args.task, &env.locate.cwd);
    let entry = crate::board::resolve::resolve(&board, &args.task, &env.locate.cwd)
        .map_err(|e| UsageError(e.to_string()))?;
    let task = match loaded(entry) {
        Ok(task) => task,
        Err(e) => {
            return Err(super::audit::record_unreadable(
                &settings, "move", entry, &args.to, env.now, e,
            ));
        }
    };
    let to = target_status(&settings, &args.to)?;
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
    let target = entry
        .path
        .canonicalize()
        .with_context(|| format!("resolving `{}`", entry.display))?;
    let old = std::fs::read(&target).with_context(|| format!("reading `{}`", entry.display))?;
    // The board's own spelling (`In Progress`): tools that group columns by
    // name keep the task in its column.
    let new = rewrite::set_status(&old, line, settings.workflow.name(&to))
        .with_context(|| format!("cannot rewrite the status of `{}`", entry.display))?;
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
    if reread.as_deref() != Some(to.as_str()) {
        bail!(
            "cannot rewrite the status of `{}`: the rewritten file would not read back as `{to}`",
            entry.display
        );
    }
    let mut report = judge(
        &settings,
        &board,
        entry,
        task,
        task.status.clone(),
        &to,
        &policy,
        None,
        env,
    );
    // Recorded before the file is written: a move that cannot be recorded
    // is not made.
    if !report.no_op {
        report.audit = super::audit::record_check(
            &settings,
            "move",
            &report,
            reason.filter(|_| args.force),
            env.now,
        )?;
    }
    let outcome = report.decision.outcome;
    let write = matches!(outcome, Outcome::Allowed | Outcome::Overridden) && !report.no_op;
    if write {
        write_atomic(&target, &new).with_context(|| format!("writing `{}`", entry.display))?;
    }
    render(env, &report)?;
    if write && env.format == Format::Human && !env.quiet {
        writeln!(
            env.out,
            "  moved: {}:{line}: {} -> {}",
            crate::report::style::one_line(&entry.display),
            report.from_name.as_deref().unwrap_or("(none)"),
            report.to_name
        )?;
    }
    Ok(exit_of(outcome))
}

/// Replaces `path` with `bytes`: a temporary file beside it is written,
/// given the old file's permissions, fsynced and renamed over it; then
/// the directory is fsynced so the rename survives a crash.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let perms = std::fs::metadata(path)?.permissions();
    let tmp = dir.join(format!(".{name}.gate-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.set_permissions(perms)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    // Directories cannot be opened for syncing everywhere (Windows); the
    // rename has happened either way.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
