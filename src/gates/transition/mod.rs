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

pub(crate) mod settings;

use super::{Gate, GateContext, GateDoc, Verdict};
use crate::config::SectionKind;
use crate::finding::Finding;
use settings::TransitionSettings;

/// The gate over its settings.
pub(crate) struct TransitionGate<'s>(&'s TransitionSettings);

/// The gate's id.
pub(crate) const ID: &str = settings::ID;

pub(crate) const DOC: &str = "Checks that the move is an edge of the workflow's transition table, and that a new task starts in a start state.\n\nConfigure with `[workflow] statuses`, `start` and `[workflow.transitions]` (or `transitionRules.rules` in promethean.kanban.json); turn off with `[gates.transition] enabled = false`.";

/// The gate, as the registry lists it.
pub(crate) const GATE: GateDoc = GateDoc {
    id: ID,
    summary: "the move must be an edge of the workflow",
    doc: DOC,
    codes: CODES,
    section: SectionKind::of::<TransitionSettings>(),
    new: |s| Some(Box::new(TransitionGate(super::own(s)?))),
    table: None,
};

crate::finding::declare_codes! {
    /// The codes of the transition gate's findings.
    pub(crate) enum TransitionCode in CODES {
        Undefined = "transition/undefined", Error,
            "the workflow has no edge from the current status to the target",
            "The transition table lists, for each status, the statuses a task may move to. The message names the allowed targets. Move in allowed steps (e.g. todo → in_progress → review), or change `[workflow.transitions]` if the workflow itself is wrong.";
        NotAStartState = "transition/not-a-start-state", Error,
            "a new task does not start in a start state",
            "A task that has no status yet (a new file, or `--from` not given and no status) must start in one of `workflow.start` (default: icebox, incoming).";
        NotAStatus = "transition/not-a-status", Error,
            "the target is not a status of the board",
            "The status a task moves to (or a new task starts in) must be one of the board's statuses: `workflow.statuses`, or the board tool's own list (Backlog.md's and kanban-md's `statuses`). The message lists them as the board spells them. Fix the status in the file, or add it to the board's config — in `gate ci` the configuration at the base applies, so a status the same pull request adds is not one yet (`--config-from head` judges with the new one).";
        ClaimRequired = "transition/claim-required", Error,
            "the status may be entered only by a claimed task",
            "kanban-md's `require_claim: true` on a status: a card enters it only when someone has claimed it (`claimed_by` set, as `kanban-md move ID STATUS --claim NAME` writes). Claim the task in the same change.";
        Removed = "transition/removed", Error,
            "a task leaves the board from a status it may not leave",
            "Between two board states (a commit, a pull request), a task that leaves the board is a transition to nothing: its file deleted or moved out of the tasks directory, or its status removed. That is allowed only from `[gates.transition] removable_from` (default: where no work is under way — a start state, a final status such as done, or a rejected-like one such as rejected) and blocked elsewhere, so a task cannot escape a full column or the P0 gate by disappearing. Move the task to a final status first, or override where `transition` is in `overrides.allowed`. A file that was a task and no longer reads as one (front-matter broken or removed) is an error of the change (exit 2).";
    }
}

/// The verdict on a task leaving the board from `from` (outside the board
/// tool's own operations: those are not removals).
fn removal(own: &TransitionSettings, settings: &crate::config::Settings, from: &str) -> Verdict {
    let workflow = &settings.workflow;
    let allowed = own.removable_from(workflow);
    if allowed.iter().any(|s| s == from) {
        return Verdict::Pass;
    }
    let configured = own.removable_from.is_some();
    let from_name = workflow.name(from);
    let why = if configured {
        "`[gates.transition] removable_from` does not list it".to_owned()
    } else {
        "work on it is under way (not a start, final or rejected status)".to_owned()
    };
    Verdict::Fail(vec![
        Finding::error(
            TransitionCode::Removed,
            format!("the task leaves the board from '{from_name}': {why}"),
        )
        .with_help(format!(
            "a task may leave the board only from: {}; move it there first{}",
            if allowed.is_empty() {
                "(no status)".to_owned()
            } else {
                allowed
                    .iter()
                    .map(|s| workflow.name(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if settings
                .tool_folders
                .iter()
                .any(|f| f.kind == crate::config::native::FolderKind::Archive)
            {
                ", or archive it as the tool does (`backlog task archive <id>`)"
            } else {
                ""
            },
        )),
    ])
}

impl Gate for TransitionGate<'_> {
    fn doc(&self) -> &'static GateDoc {
        &GATE
    }

    fn removal(
        &self,
        settings: &crate::config::Settings,
        from: &str,
        how: super::Leaving,
    ) -> Option<Verdict> {
        // Archiving or demoting a task as the tool does is judged only
        // where the team configured `removable_from`.
        if how == super::Leaving::Parked && self.0.removable_from.is_none() {
            return None;
        }
        Some(removal(self.0, settings, from))
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        let workflow = &ctx.settings.workflow;
        // Statuses as the board spells them (`In Progress`).
        let names = |keys: &mut dyn Iterator<Item = &str>| {
            keys.map(|k| workflow.name(k))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let to = workflow.name(ctx.to);
        if !workflow.has_status(ctx.to) {
            // Not the board's status, so no board spelling: the file's own
            // (`QA`), when the task is in it.
            let to = match (&ctx.task.status, &ctx.task.status_raw) {
                (Some(key), Some(raw)) if key.as_str() == ctx.to => raw.trim(),
                _ => to,
            };
            return Verdict::Fail(vec![
                Finding::error(
                    TransitionCode::NotAStatus,
                    format!("'{to}' is not a status of this board"),
                )
                .with_help(format!(
                    "the statuses are: {}; fix the status in the file, or add it to the board's config",
                    names(&mut workflow.statuses.iter().map(String::as_str))
                )),
            ]);
        }
        if workflow.require_claim.iter().any(|s| s == ctx.to)
            && ctx
                .task
                .claimed_by
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
        {
            return Verdict::Fail(vec![
                Finding::error(
                    TransitionCode::ClaimRequired,
                    format!("'{to}' may be entered only by a claimed task, and this one has no `claimed_by`"),
                )
                .with_help(format!(
                    "claim it as the move does: `kanban-md move {} {to} --claim <name>`, or set `claimed_by` in the same change",
                    ctx.task.display_id()
                )),
            ]);
        }
        // Where any status may start (Backlog.md, kanban-md, beans), a task
        // in a status the board does not have enters the workflow as a new
        // task does; a table asks for `--from` (below).
        let from = ctx
            .from
            .filter(|f| workflow.has_status(f) || !workflow.starts_anywhere());
        match from {
            None => {
                if workflow.is_start(ctx.to) {
                    Verdict::Pass
                } else {
                    Verdict::Fail(vec![
                        Finding::error(
                            TransitionCode::NotAStartState,
                            format!("a new task cannot start in '{to}'"),
                        )
                        .with_help(format!(
                            "new tasks start in: {}",
                            names(&mut workflow.start.iter().map(String::as_str))
                        )),
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
                            "current status '{from}' is not a status of this board, so it has no move to '{to}'"
                        ),
                        format!(
                            "the statuses are: {}; fix the status in the file, or pass --from",
                            names(&mut workflow.statuses.iter().map(String::as_str))
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
                            names(&mut targets.iter().copied())
                        ),
                        format!(
                            "move in allowed steps, e.g. '{from}' -> '{}'",
                            workflow.name(targets[0])
                        ),
                    )
                };
                Verdict::Fail(vec![
                    Finding::error(TransitionCode::Undefined, message).with_help(help),
                ])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::Leaving;
    use crate::gates::testing::Fixture;

    #[test]
    fn table() {
        let fx = Fixture::new(&[("t1", "todo", "P2")]);
        let cases = [
            (Some("todo"), "in_progress", None),
            (Some("todo"), "done", Some("transition/undefined")),
            (Some("done"), "review", Some("transition/undefined")),
            // Out of a status the board lacks: `--from` acknowledges it.
            (Some("someday"), "todo", Some("transition/undefined")),
            (Some("someday"), "icebox", Some("transition/undefined")),
            (None, "incoming", None),
            (None, "todo", Some("transition/not-a-start-state")),
            (Some("todo"), "someday", Some("transition/not-a-status")),
            (None, "someday", Some("transition/not-a-status")),
        ];
        for (from, to, want) in cases {
            let got = match fx.eval(ID, "t1", from, to) {
                Verdict::Pass => None,
                Verdict::Fail(f) => Some(f[0].code),
                other => panic!("{other:?}"),
            };
            assert_eq!(got, want, "{from:?} -> {to}");
        }
    }

    #[test]
    fn removal_is_allowed_only_where_no_work_is_under_way() {
        let mut fx = Fixture::new(&[("t1", "todo", "P2")]);
        let removal = |fx: &Fixture, from| {
            fx.gate(ID)
                .removal(&fx.settings, from, Leaving::Removed)
                .unwrap()
        };
        let parked = |fx: &Fixture, from| fx.gate(ID).removal(&fx.settings, from, Leaving::Parked);
        // Archiving as the tool does is no rule of the gate's by default.
        assert_eq!(parked(&fx, "in_progress"), None);
        for idle in ["icebox", "incoming", "done", "rejected"] {
            assert_eq!(removal(&fx, idle), Verdict::Pass, "{idle}");
        }
        let Verdict::Fail(f) = removal(&fx, "in_progress") else {
            panic!("leaving from in_progress passed")
        };
        assert_eq!(f[0].code, "transition/removed");
        assert_eq!(
            f[0].message,
            "the task leaves the board from 'in_progress': work on it is under way (not a start, final or rejected status)"
        );
        assert_eq!(
            f[0].help.as_deref(),
            Some(
                "a task may leave the board only from: icebox, incoming, done, rejected; move it there first"
            )
        );
        // In the board's words; a configured list says so.
        fx.settings
            .workflow
            .names
            .insert("in_progress".into(), "In Progress".into());
        fx.settings
            .gates
            .of_mut::<TransitionSettings>()
            .expect("the transition section")
            .removable_from = Some(vec!["done".into()]);
        let Verdict::Fail(f) = removal(&fx, "in_progress") else {
            panic!("leaving from in_progress passed")
        };
        assert_eq!(
            f[0].message,
            "the task leaves the board from 'In Progress': `[gates.transition] removable_from` does not list it"
        );
        assert!(matches!(removal(&fx, "incoming"), Verdict::Fail(_)));
        // Once the team wrote `removable_from`, parking is judged by it.
        assert!(matches!(parked(&fx, "in_progress"), Some(Verdict::Fail(_))));
        assert_eq!(parked(&fx, "done"), Some(Verdict::Pass));
    }

    #[test]
    fn message_names_allowed_targets() {
        let fx = Fixture::new(&[("t1", "todo", "P2")]);
        let Verdict::Fail(f) = fx.eval(ID, "t1", Some("todo"), "done") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "no transition from 'todo' to 'done'; 'todo' may move to: in_progress, breakdown"
        );
    }

    /// The message and help of a failed move.
    fn refusal(from: Option<&str>, to: &str) -> (String, String) {
        let fx = Fixture::new(&[("t1", "todo", "P2")]);
        let Verdict::Fail(f) = fx.eval(ID, "t1", from, to) else {
            panic!("{from:?} -> {to} passed")
        };
        assert_eq!(f.len(), 1);
        (f[0].message.clone(), f[0].help.clone().unwrap_or_default())
    }

    #[test]
    fn each_refusal_says_why_and_what_to_do() {
        assert_eq!(
            refusal(Some("todo"), "done"),
            (
                "no transition from 'todo' to 'done'; 'todo' may move to: in_progress, breakdown"
                    .to_owned(),
                "move in allowed steps, e.g. 'todo' -> 'in_progress'".to_owned()
            )
        );
        assert_eq!(
            refusal(Some("done"), "review"),
            (
                "no transition from 'done' to 'review': 'done' is a final status".to_owned(),
                "a task in a final status does not move".to_owned()
            )
        );
        assert_eq!(
            refusal(Some("someday"), "todo"),
            (
                "current status 'someday' is not a status of this board, so it has no move to 'todo'"
                    .to_owned(),
                "the statuses are: icebox, incoming, accepted, breakdown, blocked, ready, todo, in_progress, review, testing, document, done, rejected; fix the status in the file, or pass --from"
                    .to_owned()
            )
        );
        assert_eq!(
            refusal(Some("todo"), "someday"),
            (
                "'someday' is not a status of this board".to_owned(),
                "the statuses are: icebox, incoming, accepted, breakdown, blocked, ready, todo, in_progress, review, testing, document, done, rejected; fix the status in the file, or add it to the board's config"
                    .to_owned()
            )
        );
        assert_eq!(
            refusal(None, "todo"),
            (
                "a new task cannot start in 'todo'".to_owned(),
                "new tasks start in: icebox, incoming".to_owned()
            )
        );
    }

    #[test]
    fn a_status_in_the_workflow_without_targets_is_final() {
        // A status listed in `statuses` but absent from the table is final;
        // one absent from `statuses` is unknown, even if it has targets.
        let mut fx = Fixture::new(&[("t1", "todo", "P2")]);
        fx.settings.workflow.transitions.remove("review");
        let Verdict::Fail(f) = fx.eval(ID, "t1", Some("review"), "testing") else {
            panic!()
        };
        assert_eq!(
            f[0].message,
            "no transition from 'review' to 'testing': 'review' is a final status"
        );
    }

    #[test]
    fn id_and_summary_match_the_explain_registry() {
        // The gate answers to its id, and the registry lists this gate
        // under it (not another gate's documentation).
        assert_eq!(GATE.id, "transition");
        let doc = crate::explain::GATES
            .iter()
            .find(|g| g.id == "transition")
            .expect("documented");
        assert_eq!((doc.summary, doc.codes.len()), (GATE.summary, CODES.len()));
        assert!(CODES.iter().all(|c| c.code.starts_with("transition/")));
    }

    /// Issue #11 item 2: messages spell statuses as the board does.
    #[test]
    fn messages_use_the_board_spelling() {
        let mut fx = Fixture::new(&[("t1", "todo", "P2")]);
        let names = &mut fx.settings.workflow.names;
        names.insert("todo".into(), "To Do".into());
        names.insert("in_progress".into(), "In Progress".into());
        let Verdict::Fail(f) = fx.eval(ID, "t1", Some("todo"), "done") else {
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
