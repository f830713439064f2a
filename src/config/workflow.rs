//! The workflow: which statuses exist, how the board spells them, where
//! new tasks start, and which moves between statuses are allowed.

use std::collections::BTreeMap;

/// The default columns, in board order (SPEC §3).
pub(crate) const DEFAULT_STATUSES: &[&str] = &[
    "icebox",
    "incoming",
    "accepted",
    "breakdown",
    "blocked",
    "ready",
    "todo",
    "in_progress",
    "review",
    "testing",
    "document",
    "done",
    "rejected",
];

/// The default start states.
pub(crate) const DEFAULT_START: &[&str] = &["icebox", "incoming"];

/// The default transition table (SPEC §3).
pub(crate) const DEFAULT_TRANSITIONS: &[(&str, &[&str])] = &[
    ("icebox", &["incoming"]),
    ("incoming", &["accepted", "rejected", "icebox"]),
    ("accepted", &["breakdown", "icebox"]),
    ("breakdown", &["ready", "blocked", "icebox", "rejected"]),
    ("blocked", &["breakdown"]),
    ("ready", &["todo", "breakdown"]),
    ("todo", &["in_progress", "breakdown"]),
    ("in_progress", &["review", "todo", "breakdown"]),
    ("review", &["testing", "in_progress", "todo", "breakdown"]),
    ("testing", &["document", "in_progress", "review"]),
    ("document", &["done", "review"]),
    ("rejected", &["icebox"]),
    ("done", &[]),
];

/// A workflow named in one word (`workflow = "any"` in gate.toml), instead
/// of a table. Kept as a rule, not a table: the table of a long list would
/// be quadratic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Preset {
    /// Any status to any other; a new task may start in any status. What
    /// Backlog.md, kanban-md and beans allow: the default on their boards.
    Any,
    /// Toward the end of the list only, any number of statuses at once
    /// (`To Do` → `Done` is fine, `Done` → `To Do` is not); a new task may
    /// start in any status.
    Forward,
    /// The next status, or back to any earlier one; the last status is
    /// final; a new task starts in a start state. The workflow gate derives
    /// for a list of statuses in gate.toml without transitions.
    Linear,
}

impl Preset {
    pub(crate) const ALL: [Preset; 3] = [Preset::Any, Preset::Forward, Preset::Linear];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Preset::Any => "any",
            Preset::Forward => "forward",
            Preset::Linear => "linear",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == text.trim())
    }
}

/// Status names that mean the work was dropped, not done (`rejected`,
/// `Won't fix`, beans' `scrapped`), as status keys.
pub(crate) const REJECTED_LIKE: &[&str] = &[
    "rejected",
    "cancelled",
    "canceled",
    "wontfix",
    "wont_fix",
    "won_t_fix",
    "will_not_fix",
    "scrapped",
    "abandoned",
    "declined",
    "dropped",
    "discarded",
    "obsolete",
    "invalid",
    "duplicate",
    "not_planned",
];

/// A validated workflow: every status named in `start` and `transitions` is
/// one of `statuses`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Workflow {
    /// Status keys (see [`crate::task::status_key`]), in board order.
    pub(crate) statuses: Vec<String>,
    pub(crate) start: Vec<String>,
    /// The table; with a preset, the preset's forward edges (`Linear`:
    /// each status to the next) or nothing.
    pub(crate) transitions: BTreeMap<String, Vec<String>>,
    /// The moves come from a preset rather than (only) the table.
    pub(crate) preset: Option<Preset>,
    /// The board's own spelling of each key (`in_progress` → `In Progress`),
    /// as its config writes it; a key without an entry is spelled as is.
    pub(crate) names: BTreeMap<String, String>,
    /// The final statuses as the board's tool defines them (Backlog.md:
    /// the last listed; kanban-md: the one before `archived`, and
    /// `archived`; beans: `completed`, `scrapped`), else the statuses the
    /// workflow never leaves. See [`Workflow::is_final`]; set with
    /// [`Workflow::set_finals`], which keeps the lookups right.
    finals: Vec<String>,
    /// Statuses a task may enter only when claimed (`claimed_by` set):
    /// kanban-md's `require_claim`.
    pub(crate) require_claim: Vec<String>,
    /// Each status's position and the final statuses, as sets.
    lookup: Lookup,
}

/// The workflow's lookups, built on first use from its statuses and
/// finals: a board may list 200 000 statuses, and a scan of the list for
/// every question asked of every status or task made commands quadratic
/// (`gate config` took minutes). Derived data: it never makes two
/// workflows differ.
#[derive(Clone, Debug, Default)]
struct Lookup(std::sync::OnceLock<Index>);

#[derive(Clone, Debug)]
struct Index {
    /// Status key → its position in board order (the first, if listed twice).
    at: std::collections::HashMap<String, usize>,
    finals: std::collections::HashSet<String>,
}

impl PartialEq for Lookup {
    fn eq(&self, _: &Lookup) -> bool {
        true
    }
}

impl Eq for Lookup {}

/// Something `config --validate` warns about in a workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// No transition reaches the status and new tasks cannot start there.
    Unreachable(String),
    /// A start state that no transition leaves: new tasks are stuck.
    StuckStart(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreachable(s) => write!(
                f,
                "no transition reaches status `{s}` and it is not a start state"
            ),
            Problem::StuckStart(s) => write!(
                f,
                "no transition leaves start state `{s}`: new tasks cannot move on"
            ),
        }
    }
}

impl Workflow {
    /// A workflow of `statuses`, in board order, starting in `start` and
    /// moving by `transitions` (and `preset`), with no final status yet
    /// ([`Workflow::set_finals`]).
    pub(crate) fn new(
        statuses: Vec<String>,
        start: Vec<String>,
        transitions: BTreeMap<String, Vec<String>>,
        preset: Option<Preset>,
        names: BTreeMap<String, String>,
    ) -> Workflow {
        Workflow {
            statuses,
            start,
            transitions,
            preset,
            names,
            finals: Vec::new(),
            require_claim: Vec::new(),
            lookup: Lookup::default(),
        }
    }

    /// The final statuses, in board order ([`Workflow::is_final`]).
    pub(crate) fn finals(&self) -> &[String] {
        &self.finals
    }

    /// Sets the final statuses.
    pub(crate) fn set_finals(&mut self, finals: Vec<String>) {
        self.finals = finals;
        self.lookup = Lookup::default();
    }

    fn index(&self) -> &Index {
        self.lookup.0.get_or_init(|| {
            let mut at = std::collections::HashMap::with_capacity(self.statuses.len());
            for (i, s) in self.statuses.iter().enumerate() {
                at.entry(s.clone()).or_insert(i);
            }
            Index {
                at,
                finals: self.finals.iter().cloned().collect(),
            }
        })
    }

    /// The position of `key` in board order, if it is a status.
    fn at(&self, key: &str) -> Option<usize> {
        self.index().at.get(key).copied()
    }

    pub(crate) fn default_table() -> BTreeMap<String, Vec<String>> {
        DEFAULT_TRANSITIONS
            .iter()
            .map(|(from, to)| {
                (
                    (*from).to_owned(),
                    to.iter().map(|s| (*s).to_owned()).collect(),
                )
            })
            .collect()
    }

    /// The forward edges of a plain list of statuses: each moves to the
    /// next; the last is final. Under [`Preset::Linear`] this is the
    /// derived workflow: forward one, back to any earlier one.
    pub(crate) fn derived_table(statuses: &[String]) -> BTreeMap<String, Vec<String>> {
        let last = statuses.len().saturating_sub(1);
        statuses
            .iter()
            .enumerate()
            .map(|(i, status)| {
                let targets = if i == last {
                    Vec::new()
                } else {
                    vec![statuses[i + 1].clone()]
                };
                (status.clone(), targets)
            })
            .collect()
    }

    /// A workflow of `statuses` moving by `preset`, starting in `start`;
    /// its final statuses are those it never leaves.
    pub(crate) fn with_preset(
        statuses: Vec<String>,
        start: Vec<String>,
        preset: Preset,
    ) -> Workflow {
        let transitions = match preset {
            Preset::Linear => Workflow::derived_table(&statuses),
            Preset::Any | Preset::Forward => BTreeMap::new(),
        };
        let mut wf = Workflow::new(statuses, start, transitions, Some(preset), BTreeMap::new());
        wf.set_finals(wf.dead_ends());
        wf
    }

    /// The statuses no move leaves (in board order). Under `any`, none.
    pub(crate) fn dead_ends(&self) -> Vec<String> {
        let last = self.statuses.len().saturating_sub(1);
        self.statuses
            .iter()
            .enumerate()
            .filter(|(at, s)| match self.preset {
                Some(Preset::Any) => false,
                Some(Preset::Forward | Preset::Linear) => *at == last,
                None => self.transitions.get(*s).is_none_or(Vec::is_empty),
            })
            .map(|(_, s)| s.clone())
            .collect()
    }

    /// Whether `key` is a final status of the board (see
    /// [`Workflow::finals`]): the work is over. Shared board fact for every
    /// gate that asks "is this task finished?".
    pub(crate) fn is_final(&self, key: &str) -> bool {
        self.index().finals.contains(key)
    }

    /// Whether `key` is a status that means the work was dropped rather than
    /// done (`rejected`, `cancelled`, `Won't Fix`, `scrapped`, …: the
    /// words of [`REJECTED_LIKE`]), whether or not it is final.
    #[allow(clippy::unused_self)] // asked of the workflow, as `is_final` is
    pub(crate) fn is_rejected_like(&self, key: &str) -> bool {
        is_rejected_like(key)
    }

    /// The statuses where the work is done: the final statuses (as the
    /// board's tool defines them) that do not mean the work was dropped
    /// (rejected, Wontfix, scrapped, …).
    pub(crate) fn done_statuses(&self) -> Vec<String> {
        self.finals
            .iter()
            .filter(|s| !is_rejected_like(s))
            .cloned()
            .collect()
    }

    /// Whether a task in `key` is not being worked on: in a start state
    /// (not begun), a final status or a rejected-like one.
    pub(crate) fn is_idle(&self, key: &str) -> bool {
        self.start.iter().any(|s| s == key) || self.is_final(key) || is_rejected_like(key)
    }

    /// The whole table, the derived rule spelled out: for output (`gate
    /// config`, `gate init`), never for judging. Every status has its row,
    /// a final one an empty row: a table of empty rows read back is still
    /// a table (an empty one would mean "derived", where everything moves).
    pub(crate) fn table(&self) -> BTreeMap<String, Vec<String>> {
        self.statuses
            .iter()
            .map(|s| {
                (
                    s.clone(),
                    self.targets(s).into_iter().map(str::to_owned).collect(),
                )
            })
            .chain(
                self.transitions
                    .iter()
                    .filter(|(from, _)| !self.has_status(from))
                    .map(|(f, t)| (f.clone(), t.clone())),
            )
            .collect()
    }

    /// The board's spelling of a status key.
    pub(crate) fn name<'a>(&'a self, key: &'a str) -> &'a str {
        self.names.get(key).map_or(key, String::as_str)
    }

    /// Statuses no transition reaches (and that are not start states), and
    /// start states no transition leaves, in board order.
    pub(crate) fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        // Every status some other status moves to, in one pass.
        let mut reached = std::collections::HashSet::new();
        for (from, tos) in &self.transitions {
            reached.extend(tos.iter().filter(|t| *t != from).map(String::as_str));
        }
        if matches!(self.preset, Some(Preset::Any | Preset::Forward)) {
            // Every status is reachable and a start state.
            return out;
        }
        if self.preset == Some(Preset::Linear) && self.statuses.len() > 1 {
            // Every status but the last is reached back from the last but one.
            let until = self.statuses.len().saturating_sub(2);
            reached.extend(self.statuses[..until].iter().map(String::as_str));
        }
        // By position and through sets: `targets` lists a derived
        // workflow's earlier statuses, which for every status is quadratic.
        let start: std::collections::HashSet<&str> =
            self.start.iter().map(String::as_str).collect();
        let last = self.statuses.len().saturating_sub(1);
        for (at, status) in self.statuses.iter().enumerate() {
            let back = self.preset == Some(Preset::Linear) && at > 0 && at < last;
            let leaves = back || self.transitions.get(status).is_some_and(|t| !t.is_empty());
            let reached = reached.contains(status.as_str());
            if start.contains(status.as_str()) {
                if !leaves && self.statuses.len() > 1 {
                    out.push(Problem::StuckStart(status.clone()));
                }
            } else if !reached {
                out.push(Problem::Unreachable(status.clone()));
            }
        }
        out
    }

    pub(crate) fn has_status(&self, key: &str) -> bool {
        self.at(key).is_some()
    }

    /// Whether a new task may start in any status (the `any` and `forward`
    /// presets).
    pub(crate) fn starts_anywhere(&self) -> bool {
        matches!(self.preset, Some(Preset::Any | Preset::Forward))
    }

    /// Whether a new task may start in `key`: a start state, or (with the
    /// `any` and `forward` presets) any status of the board.
    pub(crate) fn is_start(&self, key: &str) -> bool {
        match self.preset {
            Some(Preset::Any | Preset::Forward) => self.has_status(key),
            _ => self.start.iter().any(|s| s == key),
        }
    }

    /// The statuses a task in `from` may move to: the table's, then (in a
    /// derived workflow) the earlier ones, nearest first; under `any`
    /// every other status, under `forward` every later one, in board order.
    pub(crate) fn targets(&self, from: &str) -> Vec<&str> {
        if let Some(Preset::Any | Preset::Forward) = self.preset {
            let Some(at) = self.at(from) else {
                return Vec::new();
            };
            let forward_only = self.preset == Some(Preset::Forward);
            return self
                .statuses
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at && (!forward_only || *i > at))
                .map(|(_, s)| s.as_str())
                .collect();
        }
        let mut out: Vec<&str> = self
            .transitions
            .get(from)
            .map(|t| t.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if let Some(at) = self.back_from(from) {
            out.extend(self.statuses[..at].iter().rev().map(String::as_str));
        }
        out
    }

    /// In a derived workflow, the position of `from` when it may move back
    /// (it is in the list and not the last).
    fn back_from(&self, from: &str) -> Option<usize> {
        if self.preset != Some(Preset::Linear) {
            return None;
        }
        let at = self.at(from)?;
        (at + 1 < self.statuses.len()).then_some(at)
    }

    pub(crate) fn allows(&self, from: &str, to: &str) -> bool {
        if let Some(Preset::Any | Preset::Forward) = self.preset {
            let (Some(f), Some(t)) = (self.at(from), self.at(to)) else {
                return false;
            };
            return f != t && (self.preset == Some(Preset::Any) || t > f);
        }
        if self
            .transitions
            .get(from)
            .is_some_and(|t| t.iter().any(|t| t == to))
        {
            return true;
        }
        // An earlier status (one listed twice counts where first listed).
        self.back_from(from)
            .is_some_and(|at| self.at(to).is_some_and(|t| t < at))
    }

    /// Board order of a status (unknown statuses sort last).
    pub(crate) fn position(&self, key: &str) -> usize {
        self.at(key).unwrap_or(usize::MAX)
    }
}

/// Whether a status key names dropped work ([`REJECTED_LIKE`]): the key
/// is one of the words, or ends with one (`closed_wontfix`).
pub(crate) fn is_rejected_like(key: &str) -> bool {
    REJECTED_LIKE
        .iter()
        .any(|w| key == *w || key.strip_suffix(w).is_some_and(|head| head.ends_with('_')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Workflow {
        Workflow::new(
            DEFAULT_STATUSES.iter().map(|s| (*s).to_owned()).collect(),
            DEFAULT_START.iter().map(|s| (*s).to_owned()).collect(),
            Workflow::default_table(),
            None,
            BTreeMap::new(),
        )
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn derived_table_goes_forward_one_and_back_any() {
        let statuses = list(&["todo", "doing", "review", "done"]);
        let wf = Workflow::new(
            statuses.clone(),
            list(&["todo"]),
            Workflow::derived_table(&statuses),
            Some(Preset::Linear),
            BTreeMap::new(),
        );
        // Brute force: forward exactly one step, back any number, none from the last.
        for (i, from) in statuses.iter().enumerate() {
            for (j, to) in statuses.iter().enumerate() {
                let expected = i + 1 < statuses.len() && (j == i + 1 || j < i);
                assert_eq!(wf.allows(from, to), expected, "{from} -> {to}");
            }
        }
        assert!(wf.problems().is_empty(), "{:?}", wf.problems());
        assert!(Workflow::derived_table(&[]).is_empty());
        assert!(Workflow::derived_table(&list(&["only"]))["only"].is_empty());
        assert_eq!(wf.targets("review"), vec!["done", "doing", "todo"]);
        assert_eq!(wf.table()["review"], list(&["done", "doing", "todo"]));
        assert!(wf.table()["done"].is_empty());
    }

    #[test]
    fn the_default_workflow_has_no_problems() {
        assert_eq!(default().problems(), []);
    }

    #[test]
    fn unreachable_statuses_and_stuck_starts_are_problems() {
        // The successor Promethean board's dead end: nothing reaches in_review.
        let mut transitions = BTreeMap::new();
        transitions.insert("to_do".to_owned(), Vec::new());
        transitions.insert("in_progress".to_owned(), list(&["done"]));
        let wf = Workflow::new(
            list(&["to_do", "in_progress", "in_review", "done"]),
            list(&["to_do"]),
            transitions,
            None,
            BTreeMap::new(),
        );
        assert_eq!(
            wf.problems(),
            [
                Problem::StuckStart("to_do".into()),
                Problem::Unreachable("in_progress".into()),
                Problem::Unreachable("in_review".into()),
            ]
        );
    }

    #[test]
    fn names_keep_the_board_spelling() {
        let mut wf = default();
        wf.names.insert("in_progress".into(), "In Progress".into());
        assert_eq!(wf.name("in_progress"), "In Progress");
        assert_eq!(wf.name("done"), "done");
    }

    #[test]
    fn default_table_agrees_with_the_spec_table() {
        let wf = default();
        // Brute force over every pair: allowed exactly when listed.
        let listed: Vec<(&str, &str)> = DEFAULT_TRANSITIONS
            .iter()
            .flat_map(|(from, to)| to.iter().map(move |t| (*from, *t)))
            .collect();
        for from in DEFAULT_STATUSES {
            for to in DEFAULT_STATUSES {
                assert_eq!(
                    wf.allows(from, to),
                    listed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
        assert!(wf.targets("done").is_empty());
        assert!(wf.is_start("incoming") && !wf.is_start("todo"));
    }

    #[test]
    fn every_default_status_has_a_row() {
        for s in DEFAULT_STATUSES {
            assert!(DEFAULT_TRANSITIONS.iter().any(|(from, _)| from == s), "{s}");
        }
    }

    /// Issue #23: the presets, by brute force over every pair.
    #[test]
    fn presets_allow_what_they_say() {
        let statuses = list(&["todo", "doing", "review", "done"]);
        for preset in Preset::ALL {
            let wf = Workflow::with_preset(statuses.clone(), list(&["todo"]), preset);
            for (i, from) in statuses.iter().enumerate() {
                for (j, to) in statuses.iter().enumerate() {
                    let expected = i != j
                        && match preset {
                            Preset::Any => true,
                            Preset::Forward => j > i,
                            Preset::Linear => i + 1 < statuses.len() && (j == i + 1 || j < i),
                        };
                    assert_eq!(wf.allows(from, to), expected, "{preset:?}: {from} -> {to}");
                    assert_eq!(
                        wf.targets(from).contains(&to.as_str()),
                        expected,
                        "{preset:?}: targets of {from}"
                    );
                }
                assert_eq!(
                    wf.is_start(from),
                    preset != Preset::Linear || from == "todo",
                    "{preset:?}: start {from}"
                );
                assert!(!wf.allows(from, "nope") && !wf.allows("nope", from));
            }
            assert!(!wf.is_start("nope"));
            assert!(wf.problems().is_empty(), "{preset:?}: {:?}", wf.problems());
            let finals: &[&str] = if preset == Preset::Any {
                &[]
            } else {
                &["done"]
            };
            assert_eq!(wf.finals(), finals, "{preset:?}");
            assert_eq!(Preset::parse(preset.name()), Some(preset));
        }
        assert_eq!(Preset::parse("strict"), None);
    }

    #[test]
    fn rejected_like_statuses_are_named_for_dropped_work() {
        for key in [
            "rejected",
            "cancelled",
            "wontfix",
            "won_t_fix",
            "scrapped",
            "closed_duplicate",
        ] {
            assert!(is_rejected_like(key), "{key}");
        }
        for key in ["done", "todo", "in_progress", "invalidated", "dropdown"] {
            assert!(!is_rejected_like(key), "{key}");
        }
        let mut wf = default();
        wf.set_finals(vec!["done".into()]);
        assert!(wf.is_idle("icebox") && wf.is_idle("done") && wf.is_idle("rejected"));
        assert!(!wf.is_idle("in_progress") && !wf.is_idle("review"));
    }
}
