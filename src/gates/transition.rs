//! # `transition`
//!
//! **What it checks**: that the move is an edge of the workflow — `from → to`
//! is listed in the transition table — and that a new task (one with no
//! status yet) starts in a start state.
//!
//! **Why**: a board is a state machine. Jumping from `todo` straight to
//! `done` skips review, testing and documentation without a trace.
//!
//! **Configuration**: `[workflow] statuses`, `start` and
//! `[workflow.transitions]` in gate.toml (or `transitionRules.rules` in a
//! Promethean config); `[gates.transition] enabled`.
//!
//! **Example**: `gate check my-task --to done` on a task in `todo` fails with
//! `transition/undefined` and names the statuses `todo` may move to.

use super::{CodeDoc, Gate, GateContext, Verdict};
use crate::finding::{Finding, Severity};

pub struct TransitionGate;

pub const DOC: &str = "Checks that the move is an edge of the workflow's transition table, and that a new task starts in a start state.\n\nConfigure with `[workflow] statuses`, `start` and `[workflow.transitions]` (or `transitionRules.rules` in promethean.kanban.json); turn off with `[gates.transition] enabled = false`.";

pub const CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "transition/undefined",
        severity: Severity::Error,
        summary: "the workflow has no edge from the current status to the target",
        details: "The transition table lists, for each status, the statuses a task may move to. The message names the allowed targets. Move in allowed steps (e.g. todo → in_progress → review), or change `[workflow.transitions]` if the workflow itself is wrong.",
    },
    CodeDoc {
        code: "transition/not-a-start-state",
        severity: Severity::Error,
        summary: "a new task does not start in a start state",
        details: "A task that has no status yet (a new file, or `--from` not given and no status) must start in one of `workflow.start` (default: icebox, incoming).",
    },
];

impl Gate for TransitionGate {
    fn id(&self) -> &'static str {
        "transition"
    }

    fn summary(&self) -> &'static str {
        "the move must be an edge of the workflow"
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        let workflow = &ctx.settings.workflow;
        // Statuses as the board spells them (`In Progress`).
        let names = |keys: &[String]| {
            keys.iter()
                .map(|k| workflow.name(k))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let to = workflow.name(ctx.to);
        match ctx.from {
            None => {
                if workflow.is_start(ctx.to) {
                    Verdict::Pass
                } else {
                    Verdict::Fail(vec![
                        Finding::error(
                            "transition/not-a-start-state",
                            format!("a new task cannot start in '{to}'"),
                        )
                        .with_help(format!("new tasks start in: {}", names(&workflow.start))),
                    ])
                }
            }
            Some(from) if workflow.allows(from, ctx.to) => Verdict::Pass,
            Some(from) => {
                let targets = workflow.targets(from);
                let known = workflow.has_status(from);
                let from = workflow.name(from);
                let (message, help) = if !known {
                    (
                        format!(
                            "current status '{from}' is not in the workflow, so it has no move to '{to}'"
                        ),
                        format!(
                            "statuses are: {}; fix the status in the file, or pass --from",
                            names(&workflow.statuses)
                        ),
                    )
                } else if targets.is_empty() {
                    (
                        format!(
                            "no transition from '{from}' to '{to}': '{from}' is a final status"
                        ),
                        "a task in a final status does not move".to_owned(),
                    )
                } else {
                    (
                        format!(
                            "no transition from '{from}' to '{to}'; '{from}' may move to: {}",
                            names(targets)
                        ),
                        format!(
                            "move in allowed steps, e.g. '{from}' -> '{}'",
                            workflow.name(&targets[0])
                        ),
                    )
                };
                Verdict::Fail(vec![
                    Finding::error("transition/undefined", message).with_help(help),
                ])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::testing::Fixture;

    #[test]
    fn table() {
        let fx = Fixture::new(&[("t1", "todo", "P2")]);
        let cases = [
            (Some("todo"), "in_progress", None),
            (Some("todo"), "done", Some("transition/undefined")),
            (Some("done"), "review", Some("transition/undefined")),
            (Some("someday"), "todo", Some("transition/undefined")),
            (None, "incoming", None),
            (None, "todo", Some("transition/not-a-start-state")),
        ];
        for (from, to, want) in cases {
            let got = match fx.eval(&TransitionGate, "t1", from, to) {
                Verdict::Pass => None,
                Verdict::Fail(f) => Some(f[0].code),
                other => panic!("{other:?}"),
            };
            assert_eq!(got, want, "{from:?} -> {to}");
        }
    }

    #[test]
    fn message_names_allowed_targets() {
        let fx = Fixture::new(&[("t1", "todo", "P2")]);
        let Verdict::Fail(f) = fx.eval(&TransitionGate, "t1", Some("todo"), "done") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "no transition from 'todo' to 'done'; 'todo' may move to: in_progress, breakdown"
        );
    }

    /// Issue #11 item 2: messages spell statuses as the board does.
    #[test]
    fn messages_use_the_board_spelling() {
        let mut fx = Fixture::new(&[("t1", "todo", "P2")]);
        let names = &mut fx.settings.workflow.names;
        names.insert("todo".into(), "To Do".into());
        names.insert("in_progress".into(), "In Progress".into());
        let Verdict::Fail(f) = fx.eval(&TransitionGate, "t1", Some("todo"), "done") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "no transition from 'To Do' to 'done'; 'To Do' may move to: In Progress, breakdown"
        );
        assert_eq!(
            f[0].help.as_deref(),
            Some("move in allowed steps, e.g. 'To Do' -> 'In Progress'")
        );
    }
}
