//! `gate ci --base <REV> [--head <REV>]`: every status change in the
//! commits of `base..head`, along first parents, oldest first (a merge
//! commit as the commits it brings in, see [`super::range`]). Each
//! commit's changes run from the parent's statuses and are judged against
//! the board as that commit leaves it — what `check --staged` saw when the
//! commit was made — with P0 evidence read as of that commit. Nothing is
//! recorded in the audit log unless `--audit`. The range is judged with the
//! configuration at `base` unless `--config-from head`.

use anyhow::{Context as _, Result, bail};

use crate::explain::CiCode;

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
    let at_head = head_settings(env, &trees, &here, &args.head)?;
    let source_at_head = at_head.as_ref().map(board_source);
    let settings = if args.config_from == ConfigFrom::Head {
        here
    } else {
        settings_at(env, &trees, here, &args.base, Some(&args.head))?
    };
    // The board's source (its tool's config, its tasks directory) is the
    // board itself: a range that changes it would judge one board and
    // leave the other unguarded once merged.
    if let Some(head_source) = source_at_head {
        let base_source = board_source(&settings);
        if head_source != base_source {
            let what = format!(
                "{}: the board's source changes between `{}` and `{}`: {base_source} -> {head_source}",
                CiCode::BoardSourceChanged.as_str(),
                args.base,
                args.head
            );
            if args.config_from == ConfigFrom::Head {
                writeln!(
                    env.err,
                    "warning: {what}; judging with the one at `{}` (--config-from head)",
                    args.head
                )?;
            } else {
                bail!(
                    "{what}\nhelp: a change of board is reviewed on its own; once it is on `{}` it applies, and `--config-from head` judges this range with the new board",
                    args.base
                );
            }
        }
    }
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
    // A base with no board at all (no config of any kind, no tasks
    // directory) judged with the built-in defaults would block the new
    // board's every task for a workflow nobody chose.
    if args.config_from != ConfigFrom::Head
        && settings.config_file.is_none()
        && !trees.has_tasks_dir(&args.base)?
    {
        bail!(
            "{}: `{}` has no board (no gate config, no board tool's config, no tasks directory `{}`): the range `{}..{}` adds it\nhelp: pass `--config-from head` to judge the range with the board as `{}` has it, or a `--base` that has the board",
            CiCode::NoBoardAtBase.as_str(),
            args.base,
            crate::config::util::shown(&settings.root, &settings.board.tasks_dir),
            args.base,
            args.head,
            args.head
        );
    }
    let commits = trees.first_parent_range(&args.base, &args.head, settings.history_limit())?;
    let policy = Policy::new(&settings, false, args.deny_warnings);
    let mut all = History::new(&settings, &trees, &policy, env.now)
        .one_change()
        .commits(&commits)?;
    if args.config_from != ConfigFrom::Head
        && let Some(at_head) = &at_head
    {
        explain_added_statuses(&mut all.items, at_head, &args.base, &args.head);
    }
    if args.audit {
        record_all(&settings, "ci", &mut all.items, env)?;
    }
    finish(env, &all, &format!("in {}..{}", args.base, args.head))
}

/// The board's source as `settings` has it: its tool's config file (or
/// gate's own config) and its tasks directory, relative to the root.
fn board_source(settings: &crate::config::Settings) -> String {
    let shown = |p: &std::path::Path| crate::config::util::shown(&settings.root, p);
    let tool = settings.tool_file.as_deref().map_or_else(
        || "no board tool's config".to_owned(),
        |f| format!("`{}`", shown(f)),
    );
    format!("{tool}, tasks in `{}`", shown(&settings.board.tasks_dir))
}

/// The configuration at `head`, when it loads and names a board the head
/// holds (its source is compared with the base's, [`board_source`]); a
/// configuration there that names two boards is an error. Not asked with
/// `--config`/`GATE_CONFIG`, which names the board itself.
fn head_settings(
    env: &mut Env<'_>,
    trees: &TaskTrees,
    here: &crate::config::Settings,
    head: &str,
) -> Result<Option<crate::config::Settings>> {
    if env.locate.config.is_some() {
        return Ok(None);
    }
    match settings_at(env, trees, here.clone(), head, None) {
        // A tool's config names a board; a tasks directory the head does
        // not hold (a config deleted, falling back to the default) is no
        // board, and judging with the base's configuration covers it.
        Ok(at_head)
            if at_head.tool_file.is_some()
                || TaskTrees::open(&at_head.root, &at_head.board.tasks_dir)
                    .and_then(|t| t.has_tasks_dir(head))
                    .unwrap_or(true) =>
        {
            Ok(Some(at_head))
        }
        Ok(_) => Ok(None),
        Err(e) => match e.downcast_ref::<crate::config::ConfigError>() {
            Some(crate::config::ConfigError::TwoTools { .. }) => {
                Err(e.context(format!("the configuration at `{head}`")))
            }
            _ => Ok(None),
        },
    }
}

/// A move to a status the range itself adds to the board's config is
/// judged with the base's statuses, where it is not one yet: its help says
/// so, and how the move passes (the config change first, or
/// `--config-from head`).
fn explain_added_statuses(
    items: &mut [crate::change::Item],
    at_head: &crate::config::Settings,
    base: &str,
    head: &str,
) {
    let config = at_head
        .tool_file
        .as_ref()
        .or(at_head.config_file.as_ref())
        .map_or_else(
            || "the board's config".to_owned(),
            |f| format!("`{}`", crate::config::util::shown(&at_head.root, f)),
        );
    for item in items {
        let Some(to) = item.report.to.clone() else {
            continue;
        };
        if !at_head.workflow.has_status(&to) {
            continue;
        }
        for finding in item
            .report
            .decision
            .gates
            .iter_mut()
            .flat_map(|g| g.findings.iter_mut())
            .filter(|f| f.code == crate::gates::transition::TransitionCode::NotAStatus.as_str())
        {
            finding.help = Some(format!(
                "{config} adds '{}' in `{base}..{head}`, and the range is judged with the configuration at `{base}`: once the config change is on `{base}` the move passes; `--config-from head` judges with the new one",
                at_head.workflow.name(&to)
            ));
        }
    }
}
