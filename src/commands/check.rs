//! `gate check <TASK> --to <STATUS>`.

use anyhow::{Result, bail};

use super::Env;
use crate::board::{Board, Entry, EntryKind};
use crate::cli::{CheckArgs, Format};
use crate::config::{Settings, nearest};
use crate::error::{Exit, UsageError};
use crate::gates::{self, GateContext, Outcome, Policy};
use crate::git::LazyRepo;
use crate::report::{CheckReport, TaskSummary, human, json};
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
    env.require_format(&[Format::Human, Format::Json, Format::Sarif, Format::Junit])?;
    let settings = env.settings()?;
    let mut board = env.board(&settings)?;
    crate::board::resolve::read_named(&mut board, &settings, name, &env.locate.cwd);
    let entry = crate::board::resolve::resolve(&board, name, &env.locate.cwd)
        .map_err(|e| UsageError(e.to_string()))?;
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
        None => task.status.clone(),
    };
    let (policy, reason) = policy(
        &settings,
        args.force,
        args.reason.as_deref(),
        args.deny_warnings,
    )?;
    let mut report = judge(
        &settings,
        &board,
        entry,
        task,
        from,
        &to,
        &policy,
        args.rev.as_deref(),
        env,
    );
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
    Ok(exit_of(report.decision.outcome))
}

/// The gate policy of `--force`, `--reason` and `--deny-warnings`, and the
/// reason trimmed (`None` when blank). An override without a reason is
/// refused (`override/no-reason`) unless the config allows it.
pub(super) fn policy<'a, 'r>(
    settings: &'a Settings,
    force: bool,
    reason: Option<&'r str>,
    deny_warnings: bool,
) -> Result<(Policy<'a>, Option<&'r str>)> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if force && settings.overrides.require_reason && reason.is_none() {
        bail!(UsageError(
            "override/no-reason: --force needs --reason \"<why>\"\nhelp: every override is recorded with its reason".to_owned()
        ));
    }
    let policy = Policy {
        force,
        allowed_overrides: &settings.overrides.allowed,
        deny_warnings,
    };
    Ok((policy, reason))
}

/// The exit code of an outcome.
pub(super) fn exit_of(outcome: Outcome) -> Exit {
    match outcome {
        Outcome::Allowed | Outcome::Overridden => Exit::Success,
        Outcome::Blocked => Exit::Failure,
        Outcome::Error => Exit::Error,
    }
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
    let hint = nearest(&key, settings.workflow.statuses.iter().map(String::as_str)).map_or_else(
        || {
            format!(
                "\nhelp: statuses are: {}",
                settings.workflow.statuses.join(", ")
            )
        },
        |n| format!("\nhelp: did you mean `{n}`?"),
    );
    bail!(UsageError(format!("unknown status `{raw}`{hint}")))
}

/// Judges one transition of one task against a board.
#[allow(clippy::too_many_arguments)] // the one place all inputs of a decision meet
pub fn judge(
    settings: &Settings,
    board: &Board,
    entry: &Entry,
    task: &Task,
    from: Option<String>,
    to: &str,
    policy: &Policy<'_>,
    rev: Option<&str>,
    env: &Env<'_>,
) -> CheckReport {
    let summary = TaskSummary::new(entry, task);
    if from.as_deref() == Some(to) {
        return CheckReport {
            task: summary,
            from_name: from
                .as_deref()
                .map(|f| settings.workflow.name(f).to_owned()),
            to_name: settings.workflow.name(to).to_owned(),
            from,
            to: to.to_owned(),
            decision: gates::combine(Vec::new()),
            no_op: true,
            audit: None,
        };
    }
    let git = LazyRepo::new(&settings.root, rev);
    let ctx = GateContext {
        task,
        path: &entry.path,
        from: from.as_deref(),
        to,
        board,
        settings,
        now: env.now,
        git: &git,
    };
    let decision = gates::decide(&gates::registry(settings), &ctx, policy);
    CheckReport {
        task: summary,
        from_name: from
            .as_deref()
            .map(|f| settings.workflow.name(f).to_owned()),
        to_name: settings.workflow.name(to).to_owned(),
        from,
        to: to.to_owned(),
        decision,
        no_op: false,
        audit: None,
    }
}

pub(super) fn render(env: &mut Env<'_>, report: &CheckReport) -> Result<()> {
    if env.quiet {
        return Ok(());
    }
    match env.format {
        Format::Json => json::write(env.out, &json::check_doc(report))?,
        Format::Sarif | Format::Junit => {
            let items = [crate::report::batch::Item {
                report: report.clone(),
                commit: None,
            }];
            super::staged::render_items(env, &items, "")?;
        }
        _ => human::check(env.out, report, env.style)?,
    }
    Ok(())
}
