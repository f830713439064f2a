//! JSON documents: the stable machine contract (SPEC §7). Field order is the
//! declaration order here; every document has `"version": 1`.

use serde::Serialize;

use crate::change::ChangeKind;

use super::{AuditRef, BoardReport, CheckReport, TaskSummary};
use crate::finding::Finding;
use crate::gates::GateResult;

#[derive(Serialize)]
pub(crate) struct CheckDoc<'a> {
    pub version: u32,
    pub task: TaskDoc<'a>,
    pub transition: TransitionDoc<'a>,
    pub outcome: &'static str,
    pub gates: Vec<GateDoc<'a>>,
    pub audit: AuditDoc<'a>,
}

#[derive(Serialize)]
pub(crate) struct TaskDoc<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub path: &'a str,
    pub priority: Option<&'a str>,
    pub status: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct TransitionDoc<'a> {
    pub from: Option<&'a str>,
    /// `None` when the task leaves the board.
    pub to: Option<&'a str>,
    /// `removal` or `scope-exit`; absent for a status change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<&'static str>,
}

#[derive(Serialize)]
pub(crate) struct GateDoc<'a> {
    pub id: &'a str,
    pub verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    pub findings: &'a [Finding],
}

#[derive(Serialize)]
pub(crate) struct AuditDoc<'a> {
    pub recorded: bool,
    pub seq: Option<u64>,
    pub hash: Option<&'a str>,
}

impl<'a> TaskDoc<'a> {
    pub(crate) fn new(t: &'a TaskSummary) -> Self {
        TaskDoc {
            id: t.id.as_deref(),
            title: &t.title,
            path: &t.path,
            priority: t.priority.as_deref(),
            status: t.status.as_deref(),
        }
    }
}

pub(crate) fn gate_doc(g: &GateResult) -> GateDoc<'_> {
    GateDoc {
        id: g.id,
        verdict: g.verdict.as_str(),
        reason: g.note.as_deref(),
        findings: &g.findings,
    }
}

pub(crate) fn check_doc(r: &CheckReport) -> CheckDoc<'_> {
    CheckDoc {
        version: 1,
        task: TaskDoc::new(&r.task),
        transition: TransitionDoc {
            from: r.from.as_deref(),
            to: r.to.as_deref(),
            change: (r.kind != ChangeKind::Transition).then(|| r.kind.as_str()),
        },
        outcome: r.decision.outcome.as_str(),
        gates: r.decision.gates.iter().map(gate_doc).collect(),
        audit: audit_doc(r.audit.as_ref()),
    }
}

pub(crate) fn audit_doc(a: Option<&AuditRef>) -> AuditDoc<'_> {
    AuditDoc {
        recorded: a.is_some(),
        seq: a.map(|a| a.seq),
        hash: a.map(|a| a.hash.as_str()),
    }
}

#[derive(Serialize)]
pub(crate) struct BoardDoc<'a> {
    pub version: u32,
    pub columns: Vec<ColumnDoc<'a>>,
    pub unconfigured: Vec<UnconfiguredDoc<'a>>,
    pub unreadable: Vec<UnreadableDoc<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ColumnDoc<'a> {
    pub status: &'a str,
    /// The status as the board spells it.
    pub name: &'a str,
    pub count: usize,
    pub limit: Option<u32>,
    pub utilization: Option<f64>,
    pub state: &'static str,
}

#[derive(Serialize)]
pub(crate) struct UnconfiguredDoc<'a> {
    pub status: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub(crate) struct UnreadableDoc<'a> {
    pub path: &'a str,
    pub code: &'a str,
    pub message: &'a str,
}

pub(crate) fn board_doc(b: &BoardReport) -> BoardDoc<'_> {
    BoardDoc {
        version: 1,
        columns: b
            .columns
            .iter()
            .map(|c| ColumnDoc {
                status: &c.status,
                name: &c.name,
                count: c.count,
                limit: c.limit,
                utilization: c.utilization.map(|u| (u * 1000.0).round() / 1000.0),
                state: c.state.as_str(),
            })
            .collect(),
        unconfigured: b
            .unconfigured
            .iter()
            .map(|(s, n)| UnconfiguredDoc {
                status: s,
                count: *n,
            })
            .collect(),
        unreadable: unreadable_docs(&b.unreadable),
    }
}

pub(crate) fn unreadable_docs(list: &[super::Unreadable]) -> Vec<UnreadableDoc<'_>> {
    list.iter()
        .map(|u| UnreadableDoc {
            path: &u.path,
            code: u.code,
            message: &u.message,
        })
        .collect()
}

/// One task in `list` output.
#[derive(Serialize)]
pub(crate) struct ListTaskDoc<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub status: Option<&'a str>,
    pub priority: Option<String>,
    pub labels: &'a [String],
    pub created: Option<String>,
    pub path: &'a str,
    /// What the gates say of it (`checklist`: `2/5 ticked`), when anything.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub gates: std::collections::BTreeMap<&'static str, String>,
}

impl<'a> ListTaskDoc<'a> {
    pub(crate) fn new(entry: &'a crate::board::Entry, t: &'a crate::task::Task) -> Self {
        ListTaskDoc {
            id: t.id.as_deref(),
            title: &t.title,
            status: t.status.as_deref(),
            priority: t.priority.as_ref().map(ToString::to_string),
            labels: &t.labels,
            created: t
                .created
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            path: &entry.display,
            gates: std::collections::BTreeMap::new(),
        }
    }
}

/// Serialises a document as one compact line.
pub(crate) fn write<T: Serialize>(out: &mut dyn std::io::Write, doc: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, doc)?;
    out.write_all(b"\n")
}
