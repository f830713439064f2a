//! `gate check <TASK> --to <STATUS>`.

use anyhow::{Result, bail};

use super::Env;
use crate::board::{Entry, EntryKind};
use crate::change::{CheckReport, Item, Judge, Request};
use crate::cli::{CheckArgs, Format};
use crate::config::{Settings, nearest};
use crate::error::{Exit, UsageError};
use crate::gates::{OverrideCode, Policy};
use crate::report::{human, json};
use crate::task::Task;

pub(super) fn run(env: &mut Env<'_>, args: &CheckArgs) -> Result<Exit> {
    if args.staged {
        return super::staged::run(env, args);
    }
    let (Some(name), Some(to)) = (args.task.as_deref(), args.to.as_deref()) else {
        bail!(UsageError(
            "`gate check` needs <TASK> and --to <STATUS>, or --staged".to_owned()
        ));
    };
    let settings = env.settings()?;
    super::refuse_sparse(&settings)?;
    let mut board = env.board(&settings)?;
    crate::board::resolve::read_named(&mut board, &settings, name, &env.locate.cwd);
    let entry = crate::board::resolve::resolve(&board, name, &env.locate.cwd)?;
    let task = match loaded(entry) {
        Ok(task) => task,
        Err(e) if !args.dry_run => {
            return Err(super::audit::record_unreadable(
                &settings, "check", entry, to, env.now, e,
            ));
        }
        Err(e) => return Err(e),
    };
    let to = target_status(&settings, to)?;
    let from = match &args.from {
        Some(raw) => Some(target_status(&settings, raw)?),
        None => task.status.clone().map(String::from),
    };
    let (policy, reason) = policy(
        &settings,
        args.force,
        args.reason.as_deref(),
        args.deny_warnings,
    )?;
    let judge = Judge {
        settings: &settings,
        policy: &policy,
        now: env.now,
        rev: args.rev.as_deref(),
        pending: None,
        origin: None,
    };
    let committed = committed_state(&settings, entry);
    let request = Request {
        entry,
        task,
        previous: same_task(committed.as_ref(), entry),
        from,
        to,
    };
    let mut report = judge.transition(&board, request);
    if !args.dry_run && !report.no_op {
        report.audit = super::audit::record_check(
            &settings,
            "check",
            &report,
            reason.filter(|_| args.force),
            env.now,
        )?;
    }
    render(env, &report)?;
    Ok(report.decision.outcome.exit())
}

/// The gate policy of `--force`, `--reason` and `--deny-warnings`, and the
/// reason trimmed (`None` without visible text: blank, or only zero-width
/// and format characters, by the rule plan headings follow). An override
/// without a reason is refused (`override/no-reason`) unless the config
/// allows it.
pub(super) fn policy<'a, 'r>(
    settings: &'a Settings,
    force: bool,
    reason: Option<&'r str>,
    deny_warnings: bool,
) -> Result<(Policy<'a>, Option<&'r str>)> {
    let reason = reason
        .map(str::trim)
        .filter(|r| crate::sanitize::is_visible(r));
    if force && settings.overrides.require_reason && reason.is_none() {
        bail!(UsageError(format!(
            "{}: --force needs --reason \"<why>\"\nhelp: every override is recorded with its reason",
            OverrideCode::NoReason.as_str()
        )));
    }
    let policy = Policy::new(settings, force, deny_warnings);
    Ok((policy, reason))
}

/// The task file of `entry` as HEAD holds it (`None`: no repository, no
/// commit, no such file at HEAD, or a board outside the repository): the
/// state a move of the work tree's file starts from, so that an edit not
/// yet committed (a `created` date moved back, a priority lowered) is
/// judged as `check --staged` will judge it once staged.
pub(super) fn committed_state(settings: &Settings, entry: &Entry) -> Option<Entry> {
    let trees =
        crate::git::tree::TaskTrees::open(&settings.root, &settings.board.tasks_dir).ok()?;
    let head = trees.head()?;
    let rel = entry.path.strip_prefix(&settings.board.tasks_dir).ok()?;
    let bytes = trees.task_file_at(&head, rel).ok()??;
    crate::board::Board::from_files(settings, vec![(rel.to_path_buf(), bytes)])
        .entries
        .pop()
}

/// The task of `committed` when it is the same task as `entry`'s (the
/// same id, by the board tool's rule): its state before the change.
pub(super) fn same_task<'a>(committed: Option<&'a Entry>, entry: &Entry) -> Option<&'a Task> {
    let committed = committed?;
    let has_id = |e: &Entry| e.task().is_some_and(|t| t.id.is_some());
    (has_id(committed) && has_id(entry) && committed.key == entry.key)
        .then(|| committed.task())
        .flatten()
}

/// The task in `entry`, or an error saying why it cannot be judged.
pub(super) fn loaded(entry: &Entry) -> Result<&Task> {
    match &entry.kind {
        EntryKind::Task(t) => Ok(t),
        EntryKind::NotATask(f) | EntryKind::Unreadable(f) => {
            let why = f
                .first()
                .map_or_else(String::new, |f| format!(": {}", f.summary()));
            let help = f
                .first()
                .and_then(|f| f.help.as_deref())
                .map(|h| format!("\nhelp: {h}"))
                .unwrap_or_default();
            bail!("task file `{}` cannot be read{why}{help}", entry.display)
        }
    }
}

/// A status named on the command line, as a configured column key.
pub(super) fn target_status(settings: &Settings, raw: &str) -> Result<String> {
    let key = settings.vocab.status(raw);
    if settings.workflow.has_status(&key) {
        return Ok(key);
    }
    // In the board's words: `In Progress`, not `in_progress`.
    let wf = &settings.workflow;
    let hint = nearest(&key, wf.statuses.iter().map(String::as_str)).map_or_else(
        || {
            format!(
                "\nhelp: the statuses are: {}",
                wf.statuses
                    .iter()
                    .map(|s| wf.name(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        |n| format!("\nhelp: did you mean `{}`?", wf.name(&n)),
    );
    bail!(UsageError(format!(
        "`{raw}` is not a status of this board{hint}"
    )))
}

pub(super) fn render(env: &mut Env<'_>, report: &CheckReport) -> Result<()> {
    if env.quiet {
        return Ok(());
    }
    match env.format {
        Format::Json => json::write(env.out, &json::check_doc(report))?,
        Format::Sarif | Format::Junit | Format::Github | Format::Codequality => {
            let items = [Item {
                report: report.clone(),
                commit: None,
            }];
            super::render_items(env, &items, "checked")?;
        }
        _ => human::check(env.out, report, env.style)?,
    }
    Ok(())
}
