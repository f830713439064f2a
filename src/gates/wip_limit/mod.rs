//! # `wip-limit`
//!
//! **What it checks**: that the target column stays within its WIP limit
//! once the task arrives. The limit is `limits[<target>]` (missing or 0:
//! unlimited, the gate skips); the count is every task on the board in the
//! target column except the moving task.
//!
//! **Why**: a column over its limit means work is started faster than it is
//! finished; the limit is how a team keeps flow.
//!
//! **Configuration**: `[gates.wip-limit] limits`, `warn_at` (default 0.8) and
//! `priority_allowance` (e.g. `{ P0 = 1.2 }`: a P0 task may fill the column
//! to 120 % of its limit, rounded down).
//!
//! **Example**: with `in_progress = 3` and three tasks in progress, moving a
//! fourth fails with "Target column '`in_progress`' would exceed WIP limit (4/3)".

use std::fmt::Write as _;

pub(crate) mod settings;

use super::{Gate, GateContext, GateDoc, Verdict};
use crate::config::{SectionKind, Settings};
use crate::finding::Finding;
use crate::sanitize::Shown;
use crate::task::Task;
use settings::WipSettings;

/// The gate over its settings.
pub(crate) struct WipLimitGate<'s>(&'s WipSettings);

pub(crate) const DOC: &str = "Checks that the target column stays within its WIP limit once the task arrives (the moving task is not counted twice). A column without a limit, or with limit 0, is unlimited.\n\nConfigure with `[gates.wip-limit] limits = { in_progress = 3, ... }`, `warn_at = 0.8` and `priority_allowance = { P0 = 1.2 }`.";

/// The gate's id.
pub(crate) const ID: &str = settings::ID;

/// The gate, as the registry lists it.
pub(crate) const GATE: GateDoc = GateDoc {
    id: ID,
    summary: "the target column must stay within its WIP limit",
    doc: DOC,
    codes: CODES,
    section: SectionKind::of::<WipSettings>(),
    new: |s| Some(Box::new(WipLimitGate(super::own(s)?))),
    table: None,
};

/// A column measured against its WIP limit: the one rule `check`, `report`
/// and `watch` share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Column {
    /// The limit (`None`: unlimited, or 0).
    pub limit: Option<u32>,
    /// `count / limit`.
    pub utilization: Option<f64>,
    /// Over the limit.
    pub over: bool,
    /// At `warn_at` of the limit or more (and not over).
    pub near: bool,
}

/// Column `status` holding `count` tasks, against the WIP gate's settings
/// in `settings` (unlimited when the gate is not there).
pub(crate) fn column(settings: &Settings, status: &str, count: usize) -> Column {
    let wip = settings.section::<WipSettings>();
    let limit = wip
        .and_then(|w| w.limits.get(status).copied())
        .filter(|l| *l > 0);
    #[allow(clippy::cast_precision_loss)] // board sizes are far below 2^52
    let utilization = limit.map(|l| count as f64 / f64::from(l));
    let over = utilization.is_some_and(|u| u > 1.0);
    let near = !over && utilization.is_some_and(|u| wip.is_some_and(|w| u >= w.warn_at));
    Column {
        limit,
        utilization,
        over,
        near,
    }
}

crate::finding::declare_codes! {
    /// The codes of the WIP-limit gate's findings.
    pub(crate) enum WipCode in CODES {
        Exceeded = "wip-limit/exceeded", Error,
            "the target column would exceed its WIP limit",
            "Finish or move a task out of the column first; the help lists the column's tasks, lowest priority first, and columns under 70 % use the task may legally move to instead. An urgent exception can be recorded with `--force --reason`.";
        ClassExceeded = "wip-limit/class-exceeded", Error,
            "the task's class of service would exceed its WIP limit",
            "kanban-md's classes of service (`classes: [{name, wip_limit, bypass_column_wip}]`) limit how many cards of a class are under way at once, across the board: gate counts the cards of the class not in a final status. A card of a class with `bypass_column_wip: true` (kanban-md's `expedite`) passes column limits but counts against its class's limit. Finish one of the class's cards first, or give this task another class.";
        NearLimit = "wip-limit/near-limit", Warning,
            "the target column reaches `warn_at` of its WIP limit",
            "A warning only: the move is allowed (unless `--deny-warnings`). It says the column is about to be full.";
    }
}

impl Gate for WipLimitGate<'_> {
    fn doc(&self) -> &'static GateDoc {
        &GATE
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        let wip = self.0;
        // The column as the board spells it (`In Progress`).
        let name = ctx.settings.workflow.name(ctx.to);
        let class = ctx.task.class.as_deref().and_then(|c| wip.class(c));
        if let Some(class) = class
            && let Some(verdict) = class_limit(ctx, class)
        {
            return verdict;
        }
        let Some(&base) = wip.limits.get(ctx.to).filter(|l| **l > 0) else {
            return Verdict::Skip(format!("'{name}' has no WIP limit"));
        };
        if let Some(class) = class.filter(|c| c.bypass_column_wip) {
            return Verdict::Skip(format!(
                "a '{}' card passes the column limit of '{name}' (it counts against its class's limit)",
                class.name
            ));
        }
        let limit = allowed_limit(base, ctx.task, &wip.priority_allowance);
        // The moving task is counted once, as the `+ 1`: by its file and
        // its key, so a duplicate of its id elsewhere still counts.
        let me = moving_key(ctx);
        let mut column: Vec<(&crate::board::Entry, &Task)> =
            ctx.board.in_status(ctx.to, Some((ctx.path, &me))).collect();
        let after = column.len() + 1;
        if after > limit {
            let help = column_help(wip, ctx, name, &mut column);
            let limit_text = if limit == usize::try_from(base).unwrap_or(usize::MAX) {
                limit.to_string()
            } else {
                format!(
                    "{limit}, with the {} allowance",
                    priority_text(ctx.settings, ctx.task)
                )
            };
            return Verdict::Fail(vec![
                Finding::error(
                    WipCode::Exceeded,
                    format!("Target column '{name}' would exceed WIP limit ({after}/{limit_text})"),
                )
                .with_help(help)
                .with_evidence(
                    serde_json::json!({"column": ctx.to, "count": after, "limit": limit}),
                ),
            ]);
        }
        #[allow(clippy::cast_precision_loss)] // board sizes are far below 2^52
        let usage = after as f64 / limit as f64;
        if usage >= wip.warn_at {
            return Verdict::Warn(vec![
                Finding::warning(
                    WipCode::NearLimit,
                    format!(
                        "Target column '{name}' will be at {:.0}% of its WIP limit ({after}/{limit})",
                        usage * 100.0
                    ),
                )
                .with_evidence(
                    serde_json::json!({"column": ctx.to, "count": after, "limit": limit}),
                ),
            ]);
        }
        Verdict::Pass
    }
}

/// The help of a full column: the tasks it holds, most urgent first, and
/// the columns with room the task could move to instead.
fn column_help(
    wip: &WipSettings,
    ctx: &GateContext<'_>,
    name: &str,
    column: &mut [(&crate::board::Entry, &Task)],
) -> String {
    column.sort_by(|(_, a), (_, b)| {
        let rank = |t: &Task| {
            t.priority
                .as_ref()
                .map_or(u8::MAX, crate::task::Priority::rank)
        };
        rank(b).cmp(&rank(a)).then_with(|| a.title.cmp(&b.title))
    });
    let mut help = format!("'{name}' holds:");
    // Priority words line up: `high`, `medium`, or `P0`..`P3`.
    let width = column
        .iter()
        .map(|(_, t)| {
            t.priority
                .as_ref()
                .map_or(1, |p| ctx.settings.priority_name(p).chars().count())
        })
        .max()
        .unwrap_or(0)
        .max(3);
    for (entry, t) in column.iter() {
        let prio = t
            .priority
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| ctx.settings.priority_name(p));
        // A task without an id is named by its file, not its title twice.
        // Text from the files, one line each: a title cannot forge
        // a line of the help.
        let prio = Shown(&prio).to_string();
        let _ = write!(
            help,
            "\n  {prio:<width$} {} ({})",
            Shown(&t.title),
            Shown(t.id.as_deref().unwrap_or(&entry.display))
        );
    }
    let room = roomy_targets(wip, ctx);
    if room.is_empty() {
        help.push_str("\nfinish or move one of them first");
    } else {
        let _ = write!(
            help,
            "\nfinish or move one of them first, or move this task to: {}",
            room.iter()
                .map(|t| ctx.settings.workflow.name(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    help
}

/// The verdict of a class of service's own limit on the move: `None`
/// when it has none, or the task is leaving work (a final status).
fn class_limit(ctx: &GateContext<'_>, class: &settings::ServiceClass) -> Option<Verdict> {
    let limit = usize::try_from(class.wip_limit?).unwrap_or(usize::MAX);
    let workflow = &ctx.settings.workflow;
    if workflow.is_final(ctx.to) {
        return None;
    }
    let others: Vec<(&crate::board::Entry, &Task)> = ctx
        .board
        .tasks()
        .filter(|(e, t)| {
            e.path != ctx.path
                && t.class
                    .as_deref()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(&class.name))
                && t.status.as_deref().is_some_and(|s| !workflow.is_final(s))
        })
        .collect();
    let after = others.len() + 1;
    if after <= limit {
        return None;
    }
    let mut help = format!("'{}' cards under way:", class.name);
    for (entry, t) in &others {
        let status = t.status.as_deref().map_or("-", |s| workflow.name(s));
        let _ = write!(
            help,
            "\n  {} ({}) in '{}'",
            Shown(&t.title),
            Shown(t.id.as_deref().unwrap_or(&entry.display)),
            Shown(status)
        );
    }
    help.push_str("\nfinish one of them first, or give this task another class");
    Some(Verdict::Fail(vec![
        Finding::error(
            WipCode::ClassExceeded,
            format!(
                "class '{}' would exceed its WIP limit ({after}/{limit})",
                class.name
            ),
        )
        .with_help(help)
        .with_evidence(serde_json::json!({"class": class.name, "count": after, "limit": limit})),
    ]))
}

fn priority_text(settings: &crate::config::Settings, task: &Task) -> String {
    task.priority
        .as_ref()
        .map_or_else(String::new, |p| settings.priority_name(p))
}

/// The limit for this task: the base times its priority's allowance,
/// rounded down, never below the base.
fn allowed_limit(
    base: u32,
    task: &Task,
    allowance: &std::collections::BTreeMap<String, f64>,
) -> usize {
    let base_usize = usize::try_from(base).unwrap_or(usize::MAX);
    let Some(&factor) = task
        .priority
        .as_ref()
        .and_then(|p| allowance.get(&p.to_string()))
    else {
        return base_usize;
    };
    scale(base, factor).max(base_usize)
}

/// `base × factor` rounded down, in integers. The factor is read as the
/// decimal it was written as — the shortest decimal that reads back as the
/// same `f64`, e.g. `1.14` — so 50 × 1.14 is 57, where floating point gives
/// 56.999… and rounds down to 56. A product too large for `usize` is
/// `usize::MAX`: no board reaches it.
fn scale(base: u32, factor: f64) -> usize {
    let text = factor.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let exact = || -> Option<usize> {
        let digits: u128 = format!("{whole}{fraction}").parse().ok()?;
        let denominator = 10_u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        let product = u128::from(base).checked_mul(digits)? / denominator;
        usize::try_from(product).ok()
    };
    exact().unwrap_or(usize::MAX)
}

/// The key of the task `ctx` moves, as the board keys its entries.
fn moving_key(ctx: &GateContext<'_>) -> crate::board::EntryKey {
    crate::board::EntryKey::of_task(&ctx.board.ids, ctx.path, ctx.task)
}

/// Columns the task may legally move to instead that are under 70 % use.
fn roomy_targets(wip: &WipSettings, ctx: &GateContext<'_>) -> Vec<String> {
    let Some(from) = ctx.from else {
        return Vec::new();
    };
    let me = moving_key(ctx);
    ctx.settings
        .workflow
        .targets(from)
        .into_iter()
        .filter(|t| *t != ctx.to)
        // Finishing or dropping the task is no alternative to starting it.
        .filter(|t| {
            !ctx.settings.workflow.is_final(t) && !ctx.settings.workflow.is_rejected_like(t)
        })
        .filter(|t| {
            let count = ctx.board.in_status(t, Some((ctx.path, &me))).count();
            match wip.limits.get(*t).filter(|l| **l > 0) {
                #[allow(clippy::cast_precision_loss)]
                Some(&limit) => ((count + 1) as f64 / f64::from(limit)) < 0.7,
                None => true,
            }
        })
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wip(fx: &mut Fixture) -> &mut WipSettings {
        fx.settings.gates.of_mut().unwrap()
    }
    use crate::gates::testing::Fixture;

    fn board() -> Fixture {
        // Default limits: in_progress 3, review 2, todo 15.
        Fixture::new(&[
            ("a", "in_progress", "P1"),
            ("b", "in_progress", "P3"),
            ("c", "in_progress", "P2"),
            ("d", "todo", "P0"),
            ("e", "review", "P2"),
            ("f", "testing", "P2"),
        ])
    }

    fn code(v: &Verdict) -> &'static str {
        match v {
            Verdict::Pass | Verdict::PassWith(_) => "pass",
            Verdict::Skip(_) => "skip",
            Verdict::Warn(f) | Verdict::Fail(f) | Verdict::Error(f) => f[0].code,
        }
    }

    #[test]
    fn table() {
        let fx = board();
        let cases = [
            ("d", Some("todo"), "in_progress", "wip-limit/exceeded"),
            (
                "a",
                Some("in_progress"),
                "in_progress",
                "wip-limit/near-limit",
            ),
            ("f", Some("testing"), "review", "wip-limit/near-limit"),
            ("d", Some("todo"), "done", "skip"),
            ("d", Some("todo"), "breakdown", "pass"),
        ];
        for (task, from, to, want) in cases {
            assert_eq!(code(&fx.eval(ID, task, from, to)), want, "{task} -> {to}");
        }
    }

    #[test]
    fn exceeded_message_and_help() {
        let fx = board();
        let Verdict::Fail(f) = fx.eval(ID, "d", Some("todo"), "in_progress") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' would exceed WIP limit (4/3)"
        );
        let help = f[0].help.as_deref().unwrap();
        // Lowest priority first, then the legal alternative with room.
        let b = help.find("(b)").unwrap();
        let c = help.find("(c)").unwrap();
        let a = help.find("(a)").unwrap();
        assert!(b < c && c < a, "{help}");
        assert!(help.ends_with("or move this task to: breakdown"), "{help}");
    }

    /// Issue #11 items 2 and 7: the board's spelling in messages, and a task
    /// without an id named by its file rather than its title twice.
    #[test]
    fn messages_use_the_board_spelling_and_files_for_tasks_without_id() {
        let mut fx = board();
        fx.settings
            .workflow
            .names
            .insert("in_progress".into(), "In Progress".into());
        if let crate::board::EntryKind::Task(t) = &mut fx.board.entries[1].kind {
            t.id = None;
        }
        let Verdict::Fail(f) = fx.eval(ID, "d", Some("todo"), "in_progress") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'In Progress' would exceed WIP limit (4/3)"
        );
        let help = f[0].help.as_deref().unwrap();
        assert!(help.starts_with("'In Progress' holds:"), "{help}");
        assert!(help.contains("Task b (tasks/b.md)"), "{help}");
        assert!(!help.contains("Task b (Task b)"), "{help}");
    }

    #[test]
    fn priority_allowance_raises_the_limit() {
        let mut fx = board();
        wip(&mut fx).priority_allowance.insert("P0".into(), 1.4);
        // 3 × 1.4 = 4.2 → 4: a P0 task may be the fourth.
        assert_eq!(
            code(&fx.eval(ID, "d", Some("todo"), "in_progress")),
            "wip-limit/near-limit"
        );
    }

    fn task(priority: Option<&str>) -> Task {
        let fx = Fixture::new(&[("t", "todo", priority.unwrap_or("-"))]);
        fx.board.entries[0].task().unwrap().clone()
    }

    #[test]
    fn allowance_is_the_product_rounded_down_and_exact() {
        let p0 = task(Some("P0"));
        let allowance = |factor: f64| [("P0".to_owned(), factor)].into_iter().collect();
        for (base, factor, want) in [
            // 56.999… in floating point: exact decimal arithmetic gives 57.
            (50, 1.14, 57),
            (10, 1.5, 15),
            (3, 1.4, 4),
            (7, 1.0, 7),
            (100, 1.01, 101),
            (3, 2.0, 6),
            (1, 1.999, 1),
            // Never below the base, even for a factor config would refuse.
            (10, 0.5, 10),
            // Too large for any board: no limit in practice.
            (3, 1e300, usize::MAX),
        ] {
            assert_eq!(
                allowed_limit(base, &p0, &allowance(factor)),
                want,
                "{base} × {factor}"
            );
        }
        // Only the task's own priority has an allowance.
        let p1 = task(Some("P1"));
        assert_eq!(allowed_limit(50, &p1, &allowance(1.14)), 50);
        assert_eq!(allowed_limit(50, &task(None), &allowance(1.14)), 50);
    }

    /// `d` (P0) moving into a column of `n` P2 tasks with a limit of `limit`.
    fn p0_into_full_column(n: usize, limit: u32, factor: f64) -> Verdict {
        let mut tasks: Vec<(String, &str, &str)> = (0..n)
            .map(|i| (format!("w{i:02}"), "in_progress", "P2"))
            .collect();
        tasks.push(("d".to_owned(), "todo", "P0"));
        let tasks: Vec<(&str, &str, &str)> =
            tasks.iter().map(|(i, s, p)| (i.as_str(), *s, *p)).collect();
        let mut fx = Fixture::new(&tasks);
        wip(&mut fx).limits.insert("in_progress".into(), limit);
        wip(&mut fx).limits.insert("breakdown".into(), 1);
        wip(&mut fx).priority_allowance.insert("P0".into(), factor);
        fx.eval(ID, "d", Some("todo"), "in_progress")
    }

    #[test]
    fn the_message_names_the_allowance_only_when_it_raised_the_limit() {
        let Verdict::Fail(f) = p0_into_full_column(4, 3, 1.4) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' would exceed WIP limit (5/4, with the P0 allowance)"
        );
        assert_eq!(
            f[0].evidence,
            Some(serde_json::json!({"column": "in_progress", "count": 5, "limit": 4}))
        );
        // 3 × 1.2 = 3.6 → 3: the allowance changed nothing, so it is not named.
        let Verdict::Fail(f) = p0_into_full_column(3, 3, 1.2) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' would exceed WIP limit (4/3)"
        );
        // 50 × 1.14 = 57: the 57th P0 task is allowed, the 58th is not.
        assert!(matches!(
            p0_into_full_column(56, 50, 1.14),
            Verdict::Warn(_)
        ));
        let Verdict::Fail(f) = p0_into_full_column(57, 50, 1.14) else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' would exceed WIP limit (58/57, with the P0 allowance)"
        );
    }

    #[test]
    fn limit_zero_or_missing_means_unlimited() {
        let mut fx = board();
        wip(&mut fx).limits.insert("in_progress".into(), 0);
        assert_eq!(
            fx.eval(ID, "d", Some("todo"), "in_progress"),
            Verdict::Skip("'in_progress' has no WIP limit".to_owned())
        );
        wip(&mut fx).limits.remove("in_progress");
        assert_eq!(
            fx.eval(ID, "d", Some("todo"), "in_progress"),
            Verdict::Skip("'in_progress' has no WIP limit".to_owned())
        );
    }

    #[test]
    fn warns_from_warn_at_and_says_how_full() {
        // in_progress holds a, b, c; limit 5: the fourth is at 80 %.
        let mut fx = board();
        wip(&mut fx).limits.insert("in_progress".into(), 5);
        let Verdict::Warn(f) = fx.eval(ID, "d", Some("todo"), "in_progress") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' will be at 80% of its WIP limit (4/5)"
        );
        assert_eq!(
            f[0].evidence,
            Some(serde_json::json!({"column": "in_progress", "count": 4, "limit": 5}))
        );
        // Just under `warn_at`: 4/6 is 67 %.
        wip(&mut fx).limits.insert("in_progress".into(), 6);
        assert_eq!(fx.eval(ID, "d", Some("todo"), "in_progress"), Verdict::Pass);
        // Exactly full is a warning, not a failure.
        wip(&mut fx).limits.insert("in_progress".into(), 4);
        let Verdict::Warn(f) = fx.eval(ID, "d", Some("todo"), "in_progress") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "Target column 'in_progress' will be at 100% of its WIP limit (4/4)"
        );
    }

    #[test]
    fn the_help_lists_the_column_lowest_priority_first_then_by_title() {
        let fx = Fixture::new(&[
            ("x", "in_progress", "P1"),
            ("q", "in_progress", "-"),
            ("m", "in_progress", "P1"),
            ("d", "todo", "P0"),
        ]);
        let mut fx = fx;
        wip(&mut fx).limits.insert("in_progress".into(), 3);
        wip(&mut fx).limits.insert("breakdown".into(), 1);
        let Verdict::Fail(f) = fx.eval(ID, "d", Some("todo"), "in_progress") else {
            panic!()
        };
        assert_eq!(
            f[0].help.as_deref(),
            Some(
                "'in_progress' holds:\n  -   Task q (q)\n  P1  Task m (m)\n  P1  Task x (x)\nfinish or move one of them first"
            )
        );
    }

    /// The help of `x` moving from `in_progress` into a full `review`, with
    /// `todo` and `breakdown` (its other legal targets) holding the given
    /// number of tasks under the given limits.
    fn alternatives(todo: (usize, u32), breakdown: (usize, u32)) -> String {
        let mut tasks = vec![
            ("x".to_owned(), "in_progress"),
            ("r1".to_owned(), "review"),
            ("r2".to_owned(), "review"),
        ];
        tasks.extend((0..todo.0).map(|i| (format!("t{i}"), "todo")));
        tasks.extend((0..breakdown.0).map(|i| (format!("b{i}"), "breakdown")));
        let tasks: Vec<(&str, &str, &str)> =
            tasks.iter().map(|(i, s)| (i.as_str(), *s, "P2")).collect();
        let mut fx = Fixture::new(&tasks);
        wip(&mut fx).limits.insert("review".into(), 2);
        wip(&mut fx).limits.insert("todo".into(), todo.1);
        wip(&mut fx).limits.insert("breakdown".into(), breakdown.1);
        let Verdict::Fail(f) = fx.eval(ID, "x", Some("in_progress"), "review") else {
            panic!()
        };
        let help = f[0].help.clone().unwrap();
        help.lines().last().unwrap().to_owned()
    }

    #[test]
    fn alternatives_are_legal_targets_under_70_percent_or_unlimited() {
        // todo would be at 7/10 = 70 %: not offered; breakdown at 6/10 is.
        assert_eq!(
            alternatives((6, 10), (5, 10)),
            "finish or move one of them first, or move this task to: breakdown"
        );
        // Both under 70 %, in workflow order.
        assert_eq!(
            alternatives((0, 10), (5, 10)),
            "finish or move one of them first, or move this task to: todo, breakdown"
        );
        // A column with limit 0 has no limit: always room.
        assert_eq!(
            alternatives((6, 0), (7, 10)),
            "finish or move one of them first, or move this task to: todo"
        );
        // Nothing with room.
        assert_eq!(
            alternatives((6, 10), (7, 10)),
            "finish or move one of them first"
        );
    }

    #[test]
    fn a_new_task_is_offered_no_alternatives() {
        let fx = board();
        let mut fx = fx;
        wip(&mut fx).limits.insert("in_progress".into(), 1);
        let entry = &fx.board.entries[3];
        let ctx = GateContext {
            task: entry.task().unwrap(),
            previous: None,
            origin: &[],
            pending: None,
            path: &entry.path,
            from: None,
            to: "in_progress",
            board: &fx.board,
            settings: &fx.settings,
            now: crate::gates::testing::now(),
            git: &fx.git,
        };
        let Verdict::Fail(f) = fx.gate(ID).evaluate(&ctx) else {
            panic!()
        };
        assert!(
            f[0].help
                .as_deref()
                .unwrap()
                .ends_with("\nfinish or move one of them first"),
            "{:?}",
            f[0].help
        );
    }

    #[test]
    fn id_and_summary_match_the_explain_registry() {
        // The gate answers to its id, and the registry lists this gate
        // under it (not another gate's documentation).
        assert_eq!(GATE.id, "wip-limit");
        let doc = crate::explain::GATES
            .iter()
            .find(|g| g.id == "wip-limit")
            .expect("documented");
        assert_eq!((doc.summary, doc.codes.len()), (GATE.summary, CODES.len()));
        assert!(CODES.iter().all(|c| c.code.starts_with("wip-limit/")));
    }

    /// Issue #23: kanban-md's classes of service. An expedite card passes
    /// the column limit and counts against its class's limit, across the
    /// board; a finished one does not count; a standard card is held by
    /// the column as before.
    #[test]
    fn classes_of_service() {
        use super::settings::{ServiceClass, WipSettings};
        use crate::board::EntryKind;
        let mut fx = Fixture::new(&[
            ("a", "in_progress", "P2"),
            ("b", "in_progress", "P2"),
            ("c", "in_progress", "P2"),
            ("x", "todo", "P2"),
            ("y", "todo", "P2"),
            ("z", "done", "P2"),
        ]);
        fx.settings
            .gates
            .of_mut::<WipSettings>()
            .expect("the WIP section")
            .classes = vec![
            ServiceClass {
                name: "expedite".into(),
                wip_limit: Some(1),
                bypass_column_wip: true,
            },
            ServiceClass {
                name: "standard".into(),
                wip_limit: None,
                bypass_column_wip: false,
            },
        ];
        let set_class = |fx: &mut Fixture, id: &str, class: &str| {
            for e in &mut fx.board.entries {
                if let EntryKind::Task(t) = &mut e.kind
                    && t.id.as_deref() == Some(id)
                {
                    t.class = Some(class.to_owned());
                }
            }
        };
        set_class(&mut fx, "x", "Expedite");
        set_class(&mut fx, "y", "standard");
        set_class(&mut fx, "z", "expedite");
        // The column is full (3/3): the expedite card passes, the standard one does not.
        assert!(
            matches!(fx.eval(ID, "x", Some("todo"), "in_progress"), Verdict::Skip(ref r) if r.contains("passes the column limit")),
        );
        let Verdict::Fail(f) = fx.eval(ID, "y", Some("todo"), "in_progress") else {
            panic!("a standard card passed a full column")
        };
        assert_eq!(f[0].code, "wip-limit/exceeded");
        // A second expedite card under way is over the class's limit (2/1),
        // wherever it goes; moving it to done is always fine.
        set_class(&mut fx, "a", "expedite");
        let Verdict::Fail(f) = fx.eval(ID, "x", Some("todo"), "review") else {
            panic!("a second expedite card passed its class limit")
        };
        assert_eq!(f[0].code, "wip-limit/class-exceeded");
        assert_eq!(
            f[0].message,
            "class 'expedite' would exceed its WIP limit (2/1)"
        );
        assert!(
            f[0].help
                .as_deref()
                .unwrap_or("")
                .contains("Task a (a) in 'in_progress'")
        );
        assert!(!matches!(
            fx.eval(ID, "x", Some("todo"), "done"),
            Verdict::Fail(_)
        ));
    }
}
