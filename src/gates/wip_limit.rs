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

use super::{CodeDoc, Gate, GateContext, Verdict};
use crate::finding::{Finding, Severity};
use crate::task::Task;

pub struct WipLimitGate;

pub const DOC: &str = "Checks that the target column stays within its WIP limit once the task arrives (the moving task is not counted twice). A column without a limit, or with limit 0, is unlimited.\n\nConfigure with `[gates.wip-limit] limits = { in_progress = 3, ... }`, `warn_at = 0.8` and `priority_allowance = { P0 = 1.2 }`.";

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "wip-limit/exceeded",
        severity: Severity::Error,
        summary: "the target column would exceed its WIP limit",
        details: "Finish or move a task out of the column first; the help lists the column's tasks, lowest priority first, and columns under 70 % use the task may legally move to instead. An urgent exception can be recorded with `--force --reason`.",
    },
    CodeDoc {
        code: "wip-limit/near-limit",
        severity: Severity::Warning,
        summary: "the target column reaches `warn_at` of its WIP limit",
        details: "A warning only: the move is allowed (unless `--deny-warnings`). It says the column is about to be full.",
    },
];

impl Gate for WipLimitGate {
    fn id(&self) -> &'static str {
        "wip-limit"
    }

    fn summary(&self) -> &'static str {
        "the target column must stay within its WIP limit"
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        let wip = &ctx.settings.wip;
        // The column as the board spells it (`In Progress`).
        let name = ctx.settings.workflow.name(ctx.to);
        let Some(&base) = wip.limits.get(ctx.to).filter(|l| **l > 0) else {
            return Verdict::Skip(format!("'{name}' has no WIP limit"));
        };
        let limit = allowed_limit(base, ctx.task, &wip.priority_allowance);
        let mut column: Vec<(&crate::board::Entry, &Task)> =
            ctx.board.in_status(ctx.to, Some(ctx.path)).collect();
        let after = column.len() + 1;
        if after > limit {
            column.sort_by(|(_, a), (_, b)| {
                let rank = |t: &Task| {
                    t.priority
                        .as_ref()
                        .map_or(u8::MAX, crate::task::Priority::rank)
                };
                rank(b).cmp(&rank(a)).then_with(|| a.title.cmp(&b.title))
            });
            let mut help = format!("'{name}' holds:");
            for (entry, t) in &column {
                let prio = t
                    .priority
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string);
                // A task without an id is named by its file, not its title twice.
                let _ = write!(
                    help,
                    "\n  {prio:<3} {} ({})",
                    t.title,
                    t.id.as_deref().unwrap_or(&entry.display)
                );
            }
            let room = roomy_targets(ctx);
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
            let limit_text = if limit == usize::try_from(base).unwrap_or(usize::MAX) {
                limit.to_string()
            } else {
                format!("{limit}, with the {} allowance", priority_text(ctx.task))
            };
            return Verdict::Fail(vec![
                Finding::error(
                    "wip-limit/exceeded",
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
                    "wip-limit/near-limit",
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

fn priority_text(task: &Task) -> String {
    task.priority
        .as_ref()
        .map_or_else(String::new, ToString::to_string)
}

/// The limit for this task: the base times its priority's allowance,
/// rounded down, never below the base.
fn allowed_limit(
    base: u32,
    task: &Task,
    allowance: &std::collections::BTreeMap<String, f64>,
) -> usize {
    let base_usize = usize::try_from(base).unwrap_or(usize::MAX);
    let Some(factor) = task
        .priority
        .as_ref()
        .and_then(|p| allowance.get(&p.to_string()))
    else {
        return base_usize;
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // factor ≥ 1, checked in config
    let scaled = (f64::from(base) * factor).floor() as usize;
    scaled.max(base_usize)
}

/// Columns the task may legally move to instead that are under 70 % use.
fn roomy_targets(ctx: &GateContext<'_>) -> Vec<String> {
    let Some(from) = ctx.from else {
        return Vec::new();
    };
    ctx.settings
        .workflow
        .targets(from)
        .iter()
        .filter(|t| t.as_str() != ctx.to)
        .filter(|t| {
            let count = ctx.board.in_status(t, Some(ctx.path)).count();
            match ctx.settings.wip.limits.get(t.as_str()).filter(|l| **l > 0) {
                #[allow(clippy::cast_precision_loss)]
                Some(&limit) => ((count + 1) as f64 / f64::from(limit)) < 0.7,
                None => true,
            }
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
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
            assert_eq!(
                code(&fx.eval(&WipLimitGate, task, from, to)),
                want,
                "{task} -> {to}"
            );
        }
    }

    #[test]
    fn exceeded_message_and_help() {
        let fx = board();
        let Verdict::Fail(f) = fx.eval(&WipLimitGate, "d", Some("todo"), "in_progress") else {
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
        let Verdict::Fail(f) = fx.eval(&WipLimitGate, "d", Some("todo"), "in_progress") else {
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
        fx.settings.wip.priority_allowance.insert("P0".into(), 1.4);
        // 3 × 1.4 = 4.2 → 4: a P0 task may be the fourth.
        assert_eq!(
            code(&fx.eval(&WipLimitGate, "d", Some("todo"), "in_progress")),
            "wip-limit/near-limit"
        );
    }
}
