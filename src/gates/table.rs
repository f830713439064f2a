//! A gate's own table in `gate report` and its violations in `gate watch`:
//! every task the gate has a say on, judged as it stands, with each
//! requirement of its stage met or not.
//!
//! A gate that keeps such a table names it in its [`GateDoc`](super::GateDoc)
//! (`table`) and answers [`Gate::row`](super::Gate::row) for one task; the
//! report and `watch` iterate the registry and name no gate. The P0
//! security gate's table is SPEC §7's `p0`.

use super::GateResult;

/// How a gate's table is named and shown.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TableDoc {
    /// Its key in `report --format json` and the kind of its checks in the
    /// score (`p0`).
    pub key: &'static str,
    /// What a row is, in a check's kind and `watch`'s words (`P0`: a `P0`
    /// requirement, `P0 task 'x' is at 'y'`).
    pub label: &'static str,
    /// The kind of `watch`'s violation for a requirement a row misses
    /// (`p0-requirement`).
    pub violation: &'static str,
    /// The table's heading (`P0 security tasks`).
    pub title: &'static str,
    /// A few words under the heading, in HTML (`judged at their current stage`).
    pub subtitle: &'static str,
    /// Said instead of an empty table, lower case without a full stop
    /// (`no in-scope P0 tasks`).
    pub empty: &'static str,
}

/// One requirement of a row: its finding code, and whether it is met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub code: &'static str,
    pub passed: bool,
}

/// A task's row: the gate's result on it as it stands (after the default
/// policy) and every requirement of its stage (none at a stage without).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub result: GateResult,
    pub requirements: Vec<Requirement>,
}

impl Requirement {
    /// The requirement in a few words: its code without the gate's id and
    /// a leading `no-` (`p0-security/no-code-changes` → `code changes`).
    pub(crate) fn words(&self) -> String {
        self.short_code()
            .trim_start_matches("no-")
            .replace('-', " ")
    }

    /// The code without the gate's id (`no-code-changes`).
    pub(crate) fn short_code(&self) -> &'static str {
        self.code
            .split_once('/')
            .map_or(self.code, |(_, name)| name)
    }
}

impl TableDoc {
    /// [`TableDoc::empty`] as a sentence: capitalised, with a full stop.
    pub(crate) fn empty_sentence(&self) -> String {
        let mut chars = self.empty.chars();
        chars.next().map_or_else(String::new, |first| {
            format!("{}{}.", first.to_uppercase(), chars.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_reads_as_its_code_without_the_gate_and_no() {
        let q = Requirement {
            code: "p0-security/no-code-changes",
            passed: false,
        };
        assert_eq!(q.words(), "code changes");
        assert_eq!(q.short_code(), "no-code-changes");
        let q = Requirement {
            code: "plain",
            passed: true,
        };
        assert_eq!((q.words().as_str(), q.short_code()), ("plain", "plain"));
    }

    #[test]
    fn the_empty_table_is_said_as_a_sentence() {
        let doc = TableDoc {
            key: "k",
            label: "K",
            violation: "k-requirement",
            title: "t",
            subtitle: "s",
            empty: "no in-scope P0 tasks",
        };
        assert_eq!(doc.empty_sentence(), "No in-scope P0 tasks.");
    }
}
