//! `gate ci --base <REV> [--head <REV>]`: every status change in the
//! commits of `base..head`, along first parents, oldest first (a merge
//! commit as the commits it brings in, see [`super::range`]). Each
//! commit's changes run from the parent's statuses and are judged against
//! the board as that commit leaves it — what `check --staged` saw when the
//! commit was made — with P0 evidence read as of that commit. Nothing is
//! recorded in the audit log unless `--audit`. The range is judged with the
//! configuration at `base` unless `--config-from head`.

use anyhow::{Context as _, Result, bail};

use super::range::History;
use super::{Env, finish, record_all, settings_at};
use crate::cli::{CiArgs, ConfigFrom};
use crate::error::Exit;
use crate::gates::Policy;
use crate::git::tree::{Ancestry, TaskTrees};

pub(super) fn run(env: &mut Env<'_>, args: &CiArgs) -> Result<Exit> {
    let here = env.settings()?;
    let trees = TaskTrees::open(&here.root, &here.board.tasks_dir)
        .context("reading task files from git")?;
    if trees.ancestry(&args.base, &args.head)? == Ancestry::Diverged {
        writeln!(
            env.err,
            "warning: `{}` does not descend from `{}`: judging the commits of `{}` that `{}` does not have",
            args.head, args.base, args.head, args.base
        )?;
    }
    let settings = if args.config_from == ConfigFrom::Head {
        here
    } else {
        settings_at(env, &trees, here, &args.base, Some(&args.head))?
    };
    let trees = TaskTrees::open(&settings.root, &settings.board.tasks_dir)
        .context("reading task files from git")?;
    // A board that is in neither commit is a mistake (a wrong
    // `tasks_dir`, gate run in the wrong directory), not "no changes".
    if !trees.has_tasks_dir(&args.base)? && !trees.has_tasks_dir(&args.head)? {
        bail!(
            "the tasks directory `{}` is in neither `{}` nor `{}`\nhelp: set `board.tasks_dir` in gate.toml, or run gate where the board's config is (or pass --board <DIR>)",
            crate::config::util::shown(&settings.root, &settings.board.tasks_dir),
            args.base,
            args.head
        );
    }
    let commits = trees.first_parent_range(
        &args.base,
        &args.head,
        crate::gates::p0_security::settings_of(&settings).max_commits,
    )?;
    let policy = Policy::new(&settings, false, args.deny_warnings);
    let mut all = History::new(&settings, &trees, &policy, env.now).commits(&commits)?;
    if args.audit {
        record_all(&settings, "ci", &mut all.items, env)?;
    }
    finish(env, &all, &format!("in {}..{}", args.base, args.head))
}
