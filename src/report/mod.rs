//! Rendering finished results. Renderers take data and a writer and compute
//! nothing; they never read files, never call git and never decide.

pub(crate) mod batch;
pub(crate) mod codequality;
pub(crate) mod compliance;
pub(crate) mod github;
pub(crate) mod html;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod markdown;
pub(crate) mod sarif;
pub(crate) mod style;
pub(crate) mod text;

use crate::board::Entry;
pub(crate) use crate::change::{AuditRef, CheckReport, TaskSummary};

/// One column of the board.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ColumnRow {
    pub status: String,
    /// The status as the board spells it.
    pub name: String,
    pub count: usize,
    pub limit: Option<u32>,
    pub utilization: Option<f64>,
    pub state: ColumnState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnState {
    Ok,
    Warning,
    Over,
}

impl ColumnState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ColumnState::Ok => "ok",
            ColumnState::Warning => "warning",
            ColumnState::Over => "over",
        }
    }
}

/// The board's WIP state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BoardReport {
    pub columns: Vec<ColumnRow>,
    /// Statuses found in files that the workflow does not have, with counts.
    pub unconfigured: Vec<(String, usize)>,
    /// Files that could not be read: path, code, message.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Unreadable {
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

impl Unreadable {
    pub(crate) fn from_entry(entry: &Entry) -> Option<Unreadable> {
        matches!(entry.kind, crate::board::EntryKind::Unreadable(_)).then(|| {
            let first = entry.findings().first();
            Unreadable {
                path: entry.display.clone(),
                code: first.map_or(crate::task::TaskCode::Io.as_str(), |f| f.code),
                message: first.map_or_else(String::new, |f| f.message.clone()),
            }
        })
    }
}

/// Builds the board report from a loaded board.
pub(crate) fn board_report(
    board: &crate::board::Board,
    settings: &crate::config::Settings,
) -> BoardReport {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, task) in board.tasks() {
        if let Some(status) = task.status.as_deref() {
            *counts.entry(status).or_default() += 1;
        }
    }
    let columns = settings
        .workflow
        .statuses
        .iter()
        .map(|status| {
            let count = counts.get(status.as_str()).copied().unwrap_or(0);
            let column = crate::gates::wip_limit::column(settings, status, count);
            let (limit, utilization) = (column.limit, column.utilization);
            let state = if column.over {
                ColumnState::Over
            } else if column.near {
                ColumnState::Warning
            } else {
                ColumnState::Ok
            };
            ColumnRow {
                status: status.clone(),
                name: settings.workflow.name(status).to_owned(),
                count,
                limit,
                utilization,
                state,
            }
        })
        .collect();
    let unconfigured = counts
        .iter()
        .filter(|(s, _)| !settings.workflow.has_status(s))
        .map(|(s, n)| ((*s).to_owned(), *n))
        .collect();
    let unreadable = board
        .entries
        .iter()
        .filter_map(Unreadable::from_entry)
        .collect();
    BoardReport {
        columns,
        unconfigured,
        unreadable,
    }
}
