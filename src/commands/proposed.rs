//! `gate check --proposed <FILE>`: an edit of one task file judged before
//! it is made. The board after the edit is the board as it is with that one
//! file replaced (or removed), and [`crate::change`] judges the change
//! between the two exactly as the commit hook judges a commit: a status
//! change, a new task, a removal, a file that stops reading as a task, a P0
//! task leaving its scope. The configuration is the one the commit hook
//! uses (HEAD's). Nothing is written; nothing is recorded unless
//! `--record`. `gate hook agent` and `gate mcp`'s `propose` judge through
//! [`judge`] too.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::{Env, finish};
use crate::board::{Board, Entry, is_task_path};
use crate::change::{Changes, Judge};
use crate::cli::CheckArgs;
use crate::config::Settings;
use crate::error::{Exit, UsageError};
use crate::gates::Policy;

pub(super) fn run(env: &mut Env<'_>, args: &CheckArgs, file: &Path) -> Result<Exit> {
    let content = if args.remove {
        None
    } else {
        Some(read_content(env, args.content_file.as_deref())?)
    };
    let here = env.settings()?;
    let settings = super::committed_settings(env, here)?;
    let path = env.locate.cwd.join(file);
    let Some(rel) = on_board(&settings, &path) else {
        bail!(UsageError(format!(
            "`{}` is not a task file of the board\nhelp: task files are `*.md` files below the tasks directory `{}` (not hidden, not excluded)",
            file.display(),
            crate::board::display_path(&settings.root, &settings.board.tasks_dir)
        )));
    };
    let (policy, reason) = super::check::policy(
        &settings,
        args.force,
        args.reason.as_deref(),
        args.deny_warnings,
    )?;
    let mut changes = judge(env, &settings, &policy, args.rev.as_deref(), &rel, content)?;
    if args.record {
        for item in changes.items.iter_mut().filter(|i| !i.report.no_op) {
            item.report.audit = super::audit::record_check(
                &settings,
                "check --proposed",
                &item.report,
                reason.filter(|_| args.force),
                env.now,
            )?;
        }
    }
    finish(env, &changes, "proposed")
}

/// The proposed content: the file named, or standard input for `-` or none.
fn read_content(env: &mut Env<'_>, file: Option<&Path>) -> Result<Vec<u8>> {
    match file {
        Some(f) if f != Path::new("-") => {
            let path = env.locate.cwd.join(f);
            std::fs::read(&path)
                .with_context(|| format!("reading the proposed content `{}`", f.display()))
        }
        _ if env.input.is_some() => Ok(env.input.take().unwrap_or_default()),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading the proposed content from standard input")?;
            Ok(bytes)
        }
    }
}

/// Where `path` (absolute) lies below the tasks directory, when it is a
/// task file of the board: `..` and links in the part that exists are
/// resolved first, as writing to the path would (a file that does not
/// exist yet, in a directory that may not either, is a new task file).
/// `None` for any other file.
pub(crate) fn on_board(settings: &Settings, path: &Path) -> Option<PathBuf> {
    let path = crate::fsutil::lexical(path);
    let dir = settings.board.tasks_dir.canonicalize().ok()?;
    // The deepest part of the path that exists, with links resolved, and
    // the rest as written.
    let (existing, rest) = path.ancestors().find_map(|a| {
        let real = a.canonicalize().ok()?;
        Some((real, path.strip_prefix(a).ok()?.to_path_buf()))
    })?;
    let rel = existing.join(rest).strip_prefix(&dir).ok()?.to_path_buf();
    (!rel.as_os_str().is_empty() && is_task_path(settings, &rel)).then_some(rel)
}

/// Judges replacing the task file at `rel` (below the tasks directory)
/// with `content`, or removing it (`None`, or empty content), against
/// the board as it is now.
pub(crate) fn judge(
    env: &mut Env<'_>,
    settings: &Settings,
    policy: &Policy<'_>,
    rev: Option<&str>,
    rel: &Path,
    content: Option<Vec<u8>>,
) -> Result<Changes> {
    super::refuse_sparse(settings)?;
    let mut board = env.board(settings)?;
    let path = settings.board.tasks_dir.join(rel);
    // The file as it is, with its text (the gates may read it).
    board.reread(settings, &path);
    let mut before = BTreeMap::new();
    let at = board
        .entries
        .binary_search_by(|e| e.path.as_path().cmp(&path));
    if let Ok(i) = at {
        let old = board.entries.remove(i);
        before.insert(old.path.clone(), old);
    }
    if let Some(bytes) = content.filter(|c| !c.is_empty()) {
        let new: Option<Entry> = Board::from_files(settings, vec![(rel.to_path_buf(), bytes)])
            .entries
            .pop();
        if let Some(new) = new {
            let i = at.unwrap_or_else(|i| i);
            board.entries.insert(i, new);
        }
    }
    let judge = Judge {
        settings,
        policy,
        now: env.now,
        rev,
        pending: None,
        origin: None,
    };
    let changed = BTreeSet::from([path]);
    Ok(judge.between_changed(&before, &board, &changed, None))
}
