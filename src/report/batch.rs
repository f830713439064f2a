//! Many judged transitions at once — `check --staged` and `ci` — as one
//! human listing or one JSON document (`results` and a `summary`).
//! Renders finished data only.

use std::io::{self, Write};

use serde::Serialize;

use super::style::{Style, one_line};
use super::{human, json};
use crate::gates::Outcome;

pub(crate) use crate::change::Item;

/// Counts of outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub allowed: usize,
    pub blocked: usize,
    pub overridden: usize,
    pub error: usize,
}

impl Summary {
    pub(crate) fn of(items: &[Item]) -> Summary {
        let mut s = Summary::default();
        for item in items {
            match item.report.decision.outcome {
                Outcome::Allowed => s.allowed += 1,
                Outcome::Blocked => s.blocked += 1,
                Outcome::Overridden => s.overridden += 1,
                Outcome::Error => s.error += 1,
            }
        }
        s
    }
}

#[derive(Serialize)]
struct ResultsDoc<'a> {
    version: u32,
    results: Vec<ResultDoc<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct ResultDoc<'a> {
    #[serde(flatten)]
    check: json::CheckDoc<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<CommitDoc<'a>>,
}

#[derive(Serialize)]
struct CommitDoc<'a> {
    id: &'a str,
    short: &'a str,
    summary: &'a str,
}

/// `{"version": 1, "results": [<check documents>], "summary": {…}}`; a
/// result from `ci` also has `commit: {id, short, summary}`.
pub(crate) fn write_json(out: &mut dyn Write, items: &[Item]) -> io::Result<()> {
    let doc = ResultsDoc {
        version: 1,
        results: items
            .iter()
            .map(|i| ResultDoc {
                check: json::check_doc(&i.report),
                commit: i.commit.as_ref().map(|c| CommitDoc {
                    id: &c.id,
                    short: &c.short,
                    summary: &c.summary,
                }),
            })
            .collect(),
        summary: Summary::of(items),
    };
    json::write(out, &doc)
}

/// Each transition as `gate check` prints it, under its commit, then a
/// summary line.
pub(crate) fn write_human(
    out: &mut dyn Write,
    items: &[Item],
    style: Style,
    what: &str,
) -> io::Result<()> {
    let mut last_commit: Option<&str> = None;
    for item in items {
        if let Some(c) = &item.commit
            && last_commit != Some(c.id.as_str())
        {
            writeln!(
                out,
                "{}",
                style.bold(&format!("commit {} {}", c.short, one_line(&c.summary)))
            )?;
            last_commit = Some(&c.id);
        }
        write!(out, "{}: ", one_line(&item.report.task.path))?;
        human::check(out, &item.report, style)?;
    }
    writeln!(out, "{}", summary_line(items, what))?;
    Ok(())
}

/// The last line of the human listing: how many transitions `what` (e.g.
/// `staged`, `in a..b`) and their outcomes.
pub(crate) fn summary_line(items: &[Item], what: &str) -> String {
    let s = Summary::of(items);
    match items.len() {
        0 => format!("no status changes {what}"),
        n => format!(
            "{n} transition{} {what}: {} allowed, {} blocked, {} overridden, {} error",
            if n == 1 { "" } else { "s" },
            s.allowed,
            s.blocked,
            s.overridden,
            s.error
        ),
    }
}
