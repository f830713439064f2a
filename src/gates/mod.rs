//! Gates: the rules a requested transition must pass.
//!
//! A gate is a pure function of a [`GateContext`]: it reads the task, the
//! transition, the board and its settings, and returns a [`Verdict`]. It does
//! no I/O of its own and never prints. [`decide`] runs every enabled gate and
//! turns their verdicts, overrides and `--deny-warnings` into one
//! [`Decision`].

pub(crate) mod checklist;
pub(crate) mod dependencies;
pub(crate) mod p0_security;
pub(crate) mod table;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod transition;
pub(crate) mod wip_limit;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::board::Board;
use crate::config::{GateSection, Registry, SectionKind, Settings};
pub(crate) use crate::finding::CodeDoc;
use crate::finding::Finding;
use crate::task::Task;

crate::finding::declare_codes! {
    /// The codes of how gates were asked to be treated (`--force`).
    pub(crate) enum OverrideCode in OVERRIDE_CODES {
        NoReason = "override/no-reason", Error,
            "`--force` was given without `--reason`",
            "Every override is recorded in the audit log with its reason and actor; `overrides.require_reason` (default true) refuses an override without one. A reason without visible text (blank, or zero-width and format characters only) is none.";
    }
}

/// Everything a gate may look at besides its own settings: the task and
/// its move, the board, and the board's shared settings (`settings`: the
/// workflow, statuses, priorities, paths — a gate reads its own section
/// from itself, never another gate's).
pub(crate) struct GateContext<'a> {
    pub task: &'a Task,
    /// The task as it was before the change being judged, when known.
    pub previous: Option<&'a Task>,
    /// The task as it was at the base of the whole change under review,
    /// when that is further back than `previous` (`gate ci`: the range's
    /// base, while each commit is judged against its parent). A rule that
    /// a change must not dodge by editing the task first (lowering its
    /// priority, moving its created date back) reads this too. Every copy
    /// of the task's id there: a duplicate cannot hide the one in scope.
    pub origin: &'a [Task],
    /// The commit being made, when judged at `commit-msg` time.
    pub pending: Option<&'a PendingCommit>,
    /// The task file (excluded when counting its target column).
    pub path: &'a Path,
    /// The status the task moves from; `None` for a new task.
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub board: &'a Board,
    pub settings: &'a Settings,
    // No gate reads the clock yet (rustc says so since `GateDoc` no
    // longer makes the context public); set by `change`, which is being
    // reworked (#21).
    #[allow(dead_code)]
    pub(crate) now: DateTime<Utc>,
    /// The repository and `--rev`, opened only if a gate asks.
    pub git: &'a crate::git::LazyRepo,
}

impl<'a> GateContext<'a> {
    /// The context of `task` (at `path`) moving `from` → `to` on `board`;
    /// no previous state and no pending commit until set.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        task: &'a Task,
        path: &'a Path,
        from: Option<&'a str>,
        to: &'a str,
        board: &'a Board,
        settings: &'a Settings,
        now: DateTime<Utc>,
        git: &'a crate::git::LazyRepo,
    ) -> Self {
        GateContext {
            task,
            previous: None,
            origin: &[],
            pending: None,
            path,
            from,
            to,
            board,
            settings,
            now,
            git,
        }
    }

    /// The context of `task` as it stands at `status` (`from` and `to`
    /// both): how `watch`, `report`, `list` and `show` judge a task at
    /// rest.
    pub(crate) fn at_rest(
        task: &'a Task,
        path: &'a Path,
        status: &'a str,
        board: &'a Board,
        settings: &'a Settings,
        now: DateTime<Utc>,
        git: &'a crate::git::LazyRepo,
    ) -> Self {
        GateContext::new(task, path, Some(status), status, board, settings, now, git)
    }

    /// With the task's state before the change.
    pub(crate) fn with_previous(mut self, previous: Option<&'a Task>) -> Self {
        self.previous = previous;
        self
    }

    /// With the task at the base of the change under review.
    pub(crate) fn with_origin(mut self, origin: &'a [Task]) -> Self {
        self.origin = origin;
        self
    }

    /// With the commit being made.
    pub(crate) fn with_pending(mut self, pending: Option<&'a PendingCommit>) -> Self {
        self.pending = pending;
        self
    }
}

/// The commit `git commit` is making, as the commit-msg hook sees it: its
/// message and the paths it changes (relative to the work tree).
#[derive(Clone, Debug, Default)]
pub(crate) struct PendingCommit {
    /// The message as git may store it: one reading when the cleanup git
    /// applies is known, else one per cleanup it could apply. The commit
    /// names a task only when every reading does.
    pub messages: Vec<String>,
    /// What it changes: each staged file against the parent.
    pub changes: Vec<crate::git::evidence::FileChange>,
}

/// How a task leaves the board ([`Gate::removal`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Leaving {
    /// Its file deleted or moved out of the tasks directory, or its status
    /// removed.
    Removed,
    /// Its file moved to the board tool's archive or drafts folder: one of
    /// the tool's own operations (`backlog task archive`, demoting to a
    /// draft), a rule only where the team wrote one.
    Parked,
}

/// What a gate says about a transition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Verdict {
    Pass,
    /// Passes; the findings (severity info) show the evidence it rests on.
    PassWith(Vec<Finding>),
    Warn(Vec<Finding>),
    Fail(Vec<Finding>),
    /// The gate does not apply; the reason says why.
    Skip(String),
    /// The gate could not be evaluated.
    Error(Vec<Finding>),
}

/// A rule over transitions: every judgement a command asks of a gate is
/// one of these hooks, so commands iterate the registry and name no gate.
pub(crate) trait Gate {
    /// The gate's id, summary, documentation and codes.
    fn doc(&self) -> &'static GateDoc;
    /// Stable kebab-case id, e.g. `wip-limit`.
    fn id(&self) -> &'static str {
        self.doc().id
    }
    /// The verdict on the move in `ctx`.
    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict;
    /// Before judging many moves (`ci`, the hook, `report`): fetches at
    /// once what their judgements need from git (one walk of history),
    /// leaving the answers in their `git`. Each judgement must then say
    /// what it would have said alone.
    fn prefetch(&self, _moves: &[GateContext<'_>]) {}
    /// A task whose status did not change (`ctx.from` = `ctx.to`) and whose
    /// state before the change is `ctx.previous`: a verdict when the change
    /// took it out of the gate's scope with the rule unmet, else `None`.
    fn unmoved(&self, _ctx: &GateContext<'_>) -> Option<Verdict> {
        None
    }
    /// A task leaving the board from `from` as `how` says — a transition
    /// to nothing: the gate's verdict, or `None` when it has no rule on
    /// such a removal.
    fn removal(&self, _settings: &Settings, _from: &str, _how: Leaving) -> Option<Verdict> {
        None
    }
    /// The task in `ctx` as it stands at its status (`from` = `to`, for
    /// `watch` and `report`): the findings of the rule it breaks there
    /// (`None`: the gate judges moves only, or keeps a table, [`Gate::row`]).
    fn at_rest(&self, _ctx: &GateContext<'_>) -> Option<Vec<Finding>> {
        None
    }
    /// The task in `ctx` as it stands at its status (`from` = `to`;
    /// `previous`: the task as HEAD has it, when that differs) as a row of
    /// the gate's table ([`GateDoc::table`]); `None` when the task is not
    /// the table's. A row depends on the task's file, the files sharing its
    /// key, the settings and git only: `watch` judges it again only when
    /// one of those changed.
    fn row(&self, _ctx: &GateContext<'_>) -> Option<table::Row> {
        None
    }
    /// A few words on the task in `ctx` as the gate sees it, for `list` and
    /// `show` (`checklist` → `2/5 ticked`), under the gate's id; `None`
    /// when it has nothing to say.
    fn describe(&self, _ctx: &GateContext<'_>) -> Option<String> {
        None
    }
    /// Whether [`Gate::describe`] reads the task's text (which tasks from
    /// the board cache do not keep).
    fn reads_text(&self) -> bool {
        false
    }
    /// The whole board, for `lint`: findings about the gate's own data
    /// in task files (a dangling dependency id, an empty criteria
    /// section), by index into `board.entries`.
    fn lint(&self, _board: &Board, _settings: &Settings) -> Vec<(usize, Finding)> {
        Vec::new()
    }
}

/// What each enabled gate says of `entry`'s task ([`Gate::describe`]):
/// `(gate id, words)`.
pub(crate) fn describe(
    gates: &[Box<dyn Gate + '_>],
    settings: &Settings,
    board: &Board,
    entry: &crate::board::Entry,
    now: DateTime<Utc>,
    git: &crate::git::LazyRepo,
) -> Vec<(&'static str, String)> {
    let Some(task) = entry.task() else {
        return Vec::new();
    };
    let status = task.status.as_deref().unwrap_or("");
    let ctx = GateContext::at_rest(task, &entry.path, status, board, settings, now, git);
    gates
        .iter()
        .filter_map(|g| Some((g.id(), g.describe(&ctx)?)))
        .collect()
}

/// What each enabled gate says about every task of `board` as it stands at
/// its status (`Gate::at_rest`): `(gate, entry index, findings)` for the
/// tasks some gate faults, in board order. Tasks without their text (from
/// the board cache) are left out.
pub(crate) fn at_rest(
    settings: &Settings,
    board: &Board,
    now: DateTime<Utc>,
) -> Vec<(&'static str, usize, Vec<Finding>)> {
    let git = crate::git::LazyRepo::new(&settings.root, None);
    let gates = registry(settings);
    let mut out = Vec::new();
    for (at, entry) in board.entries.iter().enumerate() {
        let Some(task) = entry.task().filter(|t| t.body().is_some()) else {
            continue;
        };
        let Some(status) = task.status.as_deref() else {
            continue;
        };
        let ctx = GateContext::at_rest(task, &entry.path, status, board, settings, now, &git);
        for gate in &gates {
            if let Some(findings) = gate.at_rest(&ctx).filter(|f| !f.is_empty()) {
                out.push((gate.id(), at, findings));
            }
        }
    }
    out
}

/// What a gate says about itself, for `gate explain`, SARIF rules and the
/// registry. Each gate module owns one (`GATE`).
#[derive(Debug)]
pub struct GateDoc {
    /// Stable kebab-case id: the `[gates.<id>]` config section.
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    pub doc: &'static str,
    /// Every code the gate's findings carry.
    pub codes: &'static [CodeDoc],
    /// Its `[gates.<id>]` section: raw form, validation, settings.
    pub(crate) section: SectionKind,
    /// The gate over its own settings, for `registry()` (`None`: the
    /// section is not this gate's).
    pub(crate) new: for<'s> fn(&'s dyn GateSection) -> Option<Box<dyn Gate + 's>>,
    /// Its table in `gate report` and `watch` ([`Gate::row`]), if it keeps one.
    pub(crate) table: Option<&'static table::TableDoc>,
}

/// Every gate, in the order they run: the one list that config (each
/// gate's section), `gate explain`, SARIF rules and `registry()` come from.
/// Adding a gate is its folder and one line here.
pub const ALL: &[GateDoc] = &[
    transition::GATE,
    wip_limit::GATE,
    p0_security::GATE,
    checklist::GATE,
    dependencies::GATE,
];

const COUNT: usize = ALL.len();

const IDS: [&str; COUNT] = {
    let mut ids = [""; COUNT];
    let mut i = 0;
    while i < COUNT {
        ids[i] = ALL[i].id;
        i += 1;
    }
    ids
};

const SECTIONS: [SectionKind; COUNT] = {
    let mut sections = [ALL[0].section; COUNT];
    let mut i = 0;
    while i < COUNT {
        sections[i] = ALL[i].section;
        i += 1;
    }
    sections
};

/// What config reads of the gates: every id and section, from [`ALL`].
pub(crate) const REGISTRY: Registry = Registry {
    ids: &IDS,
    sections: &SECTIONS,
};

/// The settings with every gate's section ([`crate::config::load_with`]
/// and [`REGISTRY`]).
pub(crate) fn load_settings(
    locate: &crate::config::Locate,
) -> Result<Settings, crate::config::ConfigError> {
    crate::config::load_with(locate, &REGISTRY)
}

/// The enabled gates, in the order they run: those of [`ALL`] whose
/// `[gates.<id>]` section is enabled, each over its own settings.
pub(crate) fn registry(settings: &Settings) -> Vec<Box<dyn Gate + '_>> {
    ALL.iter()
        .filter_map(|g| {
            let section = settings.gates.get(g.id).filter(|s| s.enabled())?;
            (g.new)(section)
        })
        .collect()
}

/// The settings of type `S` out of a gate's section, for its `new`.
pub(crate) fn own<S: crate::config::Section>(section: &dyn GateSection) -> Option<&S> {
    (section as &dyn std::any::Any).downcast_ref()
}

/// A gate's verdict kind after overrides, as printed and recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum VerdictKind {
    Pass,
    Warn,
    Fail,
    Skip,
    Error,
    Overridden,
}

impl VerdictKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Pass => "pass",
            VerdictKind::Warn => "warn",
            VerdictKind::Fail => "fail",
            VerdictKind::Skip => "skip",
            VerdictKind::Error => "error",
            VerdictKind::Overridden => "overridden",
        }
    }
}

/// One gate's result in a decision.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GateResult {
    pub id: &'static str,
    pub verdict: VerdictKind,
    pub findings: Vec<Finding>,
    /// Why the gate was skipped.
    pub note: Option<String>,
}

/// The answer to a requested transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    Allowed,
    Blocked,
    Overridden,
    Error,
}

impl Outcome {
    /// The exit code of a decision with this outcome.
    pub(crate) fn exit(self) -> crate::error::Exit {
        use crate::error::Exit;
        match self {
            Outcome::Allowed | Outcome::Overridden => Exit::Success,
            Outcome::Blocked => Exit::Failure,
            Outcome::Error => Exit::Error,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Blocked => "blocked",
            Outcome::Overridden => "overridden",
            Outcome::Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Decision {
    pub outcome: Outcome,
    pub gates: Vec<GateResult>,
}

/// How the caller asked gates to be treated.
#[derive(Clone, Debug, Default)]
pub(crate) struct Policy<'a> {
    /// `--force`: failed gates listed in `overrides.allowed` become
    /// `overridden`. The reason has been checked by the caller.
    pub force: bool,
    pub allowed_overrides: &'a [String],
    /// `--deny-warnings`: a warning blocks like a failure.
    pub deny_warnings: bool,
}

impl<'a> Policy<'a> {
    /// The policy of a command run with `settings`: `force` (its reason
    /// already checked) and `deny_warnings` as given.
    pub(crate) fn new(settings: &'a Settings, force: bool, deny_warnings: bool) -> Policy<'a> {
        Policy {
            force,
            allowed_overrides: &settings.overrides.allowed,
            deny_warnings,
        }
    }
}

/// Runs every gate and combines the verdicts.
pub(crate) fn decide(
    gates: &[Box<dyn Gate + '_>],
    ctx: &GateContext<'_>,
    policy: &Policy<'_>,
) -> Decision {
    let results = gates
        .iter()
        .map(|gate| judge(gate.id(), gate.evaluate(ctx), policy))
        .collect();
    combine(results)
}

/// Applies the policy to one verdict.
pub(crate) fn judge(id: &'static str, verdict: Verdict, policy: &Policy<'_>) -> GateResult {
    let (mut kind, findings, note) = match verdict {
        Verdict::Pass => (VerdictKind::Pass, Vec::new(), None),
        Verdict::PassWith(f) => (VerdictKind::Pass, f, None),
        Verdict::Warn(f) => (VerdictKind::Warn, f, None),
        Verdict::Fail(f) => (VerdictKind::Fail, f, None),
        Verdict::Skip(reason) => (VerdictKind::Skip, Vec::new(), Some(reason)),
        Verdict::Error(f) => (VerdictKind::Error, f, None),
    };
    if kind == VerdictKind::Warn && policy.deny_warnings {
        kind = VerdictKind::Fail;
    }
    if kind == VerdictKind::Fail && policy.force && policy.allowed_overrides.iter().any(|g| g == id)
    {
        kind = VerdictKind::Overridden;
    }
    GateResult {
        id,
        verdict: kind,
        findings,
        note,
    }
}

/// The outcome of a set of gate results: any error decides `error`, then
/// any failure `blocked`, then any override `overridden`, else `allowed`.
pub(crate) fn combine(gates: Vec<GateResult>) -> Decision {
    let has = |k: VerdictKind| gates.iter().any(|g| g.verdict == k);
    let outcome = if has(VerdictKind::Error) {
        Outcome::Error
    } else if has(VerdictKind::Fail) {
        Outcome::Blocked
    } else if has(VerdictKind::Overridden) {
        Outcome::Overridden
    } else {
        Outcome::Allowed
    };
    Decision { outcome, gates }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &'static str, v: Verdict, policy: &Policy<'_>) -> GateResult {
        judge(id, v, policy)
    }

    #[test]
    fn the_config_knows_every_gate_of_the_registry() {
        let ids: Vec<&str> = ALL.iter().map(|g| g.id).collect();
        assert_eq!(ids, REGISTRY.ids);
        let fx = testing::Fixture::new(&[]);
        let sections: Vec<&str> = fx.settings.gates.iter().map(GateSection::id).collect();
        assert_eq!(sections, ids);
        for g in ALL {
            assert_eq!(g.section.id, g.id);
            let section = fx.settings.gates.get(g.id).unwrap();
            assert_eq!(
                (g.new)(section).unwrap().id(),
                g.id,
                "the registry builds the gate it names"
            );
        }
    }

    /// A gate runs only when its section is enabled, in the registry's order.
    #[test]
    fn the_registry_runs_the_enabled_gates() {
        let mut fx = testing::Fixture::new(&[]);
        let ids =
            |s: &Settings| -> Vec<&'static str> { registry(s).iter().map(|g| g.id()).collect() };
        assert_eq!(
            ids(&fx.settings),
            ["transition", "wip-limit", "p0-security"]
        );
        let gates = &mut fx.settings.gates;
        gates
            .of_mut::<wip_limit::settings::WipSettings>()
            .unwrap()
            .enabled = false;
        assert_eq!(ids(&fx.settings), ["transition", "p0-security"]);
        let gates = &mut fx.settings.gates;
        gates
            .of_mut::<transition::settings::TransitionSettings>()
            .unwrap()
            .enabled = false;
        gates
            .of_mut::<p0_security::settings::P0Settings>()
            .unwrap()
            .enabled = false;
        assert!(ids(&fx.settings).is_empty());
    }

    #[test]
    fn outcomes_combine_in_order() {
        let p = Policy::default();
        let fail = || Verdict::Fail(vec![Finding::error("x/y", "no")]);
        assert_eq!(
            combine(vec![result("a", Verdict::Pass, &p)]).outcome,
            Outcome::Allowed
        );
        assert_eq!(
            combine(vec![result("a", fail(), &p)]).outcome,
            Outcome::Blocked
        );
        assert_eq!(
            combine(vec![
                result("a", fail(), &p),
                result("b", Verdict::Error(vec![]), &p)
            ])
            .outcome,
            Outcome::Error
        );
    }

    #[test]
    fn overrides_apply_only_to_allowed_gates_and_never_to_errors() {
        let allowed = vec!["a".to_owned()];
        let p = Policy {
            force: true,
            allowed_overrides: &allowed,
            deny_warnings: false,
        };
        let fail = || Verdict::Fail(vec![Finding::error("x/y", "no")]);
        assert_eq!(result("a", fail(), &p).verdict, VerdictKind::Overridden);
        assert_eq!(result("b", fail(), &p).verdict, VerdictKind::Fail);
        assert_eq!(
            result("a", Verdict::Error(vec![]), &p).verdict,
            VerdictKind::Error
        );
        assert_eq!(
            combine(vec![result("a", fail(), &p)]).outcome,
            Outcome::Overridden
        );
    }

    #[test]
    fn deny_warnings_blocks() {
        let p = Policy {
            deny_warnings: true,
            ..Policy::default()
        };
        let warn = Verdict::Warn(vec![Finding::warning("x/y", "hm")]);
        assert_eq!(
            combine(vec![result("a", warn, &p)]).outcome,
            Outcome::Blocked
        );
    }
}
