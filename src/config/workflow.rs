//! The workflow: which statuses exist, where new tasks start, and which
//! moves between statuses are allowed.

use std::collections::BTreeMap;

/// The default columns, in board order (SPEC §3).
pub const DEFAULT_STATUSES: &[&str] = &[
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
pub const DEFAULT_START: &[&str] = &["icebox", "incoming"];

/// The default transition table (SPEC §3).
pub const DEFAULT_TRANSITIONS: &[(&str, &[&str])] = &[
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

/// A validated workflow: every status named in `start` and `transitions` is
/// one of `statuses`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workflow {
    pub statuses: Vec<String>,
    pub start: Vec<String>,
    pub transitions: BTreeMap<String, Vec<String>>,
}

impl Workflow {
    pub fn default_table() -> BTreeMap<String, Vec<String>> {
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

    pub fn has_status(&self, key: &str) -> bool {
        self.statuses.iter().any(|s| s == key)
    }

    pub fn is_start(&self, key: &str) -> bool {
        self.start.iter().any(|s| s == key)
    }

    /// The statuses a task in `from` may move to.
    pub fn targets(&self, from: &str) -> &[String] {
        self.transitions.get(from).map_or(&[], Vec::as_slice)
    }

    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.targets(from).iter().any(|t| t == to)
    }

    /// Board order of a status (unknown statuses sort last).
    pub fn position(&self, key: &str) -> usize {
        self.statuses
            .iter()
            .position(|s| s == key)
            .unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Workflow {
        Workflow {
            statuses: DEFAULT_STATUSES.iter().map(|s| (*s).to_owned()).collect(),
            start: DEFAULT_START.iter().map(|s| (*s).to_owned()).collect(),
            transitions: Workflow::default_table(),
        }
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
}
