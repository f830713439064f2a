//! The compliance report as data: the score of SPEC §5 with every check
//! that went into it, the gates' tables (P0), and audit-log statistics.
//!
//! Pure: it is handed a board report, the gates' tables, load findings and
//! audit records, and computes. It reads no files, runs no gates and
//! prints nothing; `commands/report.rs` gathers, the renderers show.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{BoardReport, TaskSummary};
use crate::audit::{Record, RecordOutcome};
use crate::finding::Finding;
use crate::gates::VerdictKind;
use crate::gates::table::{Requirement, TableDoc};

/// A gate's table ([`crate::gates::table`]): its rows, or that the gate
/// is not enabled.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table {
    /// The gate that keeps it.
    pub gate: &'static str,
    pub doc: &'static TableDoc,
    /// Whether the gate is enabled (a disabled gate's table is empty).
    pub enabled: bool,
    pub rows: Vec<Row>,
}

/// A task in a gate's table, judged as it stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub task: TaskSummary,
    /// The status's key.
    pub status: String,
    /// The status as the board spells it.
    pub name: String,
    pub verdict: VerdictKind,
    pub findings: Vec<Finding>,
    pub requirements: Vec<Requirement>,
}

/// What a compliance check is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CheckKind {
    /// A column with a WIP limit is within it.
    Column,
    /// A requirement of a gate's table is met at the task's current stage
    /// (the P0 table's: `p0`).
    Requirement(&'static TableDoc),
    /// A task file has no error-severity lint finding: it loads, and no
    /// error spans it and another file (a duplicate id).
    File,
}

impl CheckKind {
    /// As JSON and the human report name it: `column`, the table's key, `file`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            CheckKind::Column => "column",
            CheckKind::Requirement(table) => table.key,
            CheckKind::File => "file",
        }
    }

    /// As Markdown and HTML show it: `column`, the table's label, `file`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            CheckKind::Requirement(table) => table.label,
            other => other.key(),
        }
    }
}

impl Serialize for CheckKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// Why a report has no score ([`Score::percent`] is `None`).
pub(crate) const UNSCORED: &str =
    "nothing was scored: no task on the board has a status gate reads";

/// One check of the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Check {
    pub kind: CheckKind,
    pub subject: String,
    pub passed: bool,
    pub detail: String,
}

/// The compliance score and its checks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Score {
    /// 100 × passed / total, rounded down, so 100 means nothing failed;
    /// `None` when nothing was scored: no check, or a board on which no
    /// task has a status gate reads (its columns are empty whatever the
    /// team does, so passing them says nothing).
    pub percent: Option<u32>,
    pub passed: usize,
    pub total: usize,
    pub checks: Vec<Check>,
}

/// A file's result: its path and its first error-severity finding, its
/// own or one lint found across files (a duplicate id).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FileLoad {
    pub path: String,
    pub error: Option<String>,
}

/// The score over columns with a limit, the requirements of the gates'
/// tables and task files; `read` says whether any task on the board has a
/// status.
pub(crate) fn score(
    board: &BoardReport,
    tables: &[Table],
    files: &[FileLoad],
    read: bool,
) -> Score {
    let mut checks = Vec::new();
    for c in &board.columns {
        if let Some(limit) = c.limit {
            checks.push(Check {
                kind: CheckKind::Column,
                subject: c.status.clone(),
                // The WIP gate's rule, as the board report applied it.
                passed: c.state != super::ColumnState::Over,
                detail: format!("{}/{limit}", c.count),
            });
        }
    }
    for (table, row) in tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t.doc, r)))
    {
        let name = row.task.id.as_deref().map_or_else(
            || row.task.title.clone(),
            |id| format!("{} ({id})", row.task.title),
        );
        for r in &row.requirements {
            checks.push(Check {
                kind: CheckKind::Requirement(table),
                subject: format!("{name} at {}", row.status),
                passed: r.passed,
                detail: r.code.to_owned(),
            });
        }
    }
    for f in files {
        checks.push(Check {
            kind: CheckKind::File,
            subject: f.path.clone(),
            passed: f.error.is_none(),
            detail: f.error.clone().unwrap_or_else(|| "loads".to_owned()),
        });
    }
    let total = checks.len();
    let passed = checks.iter().filter(|c| c.passed).count();
    // Rounded down: 255 of 256 is 99, never 100; nothing to check scores
    // nothing. passed ≤ total, so the result is within 0..=100.
    let score = (passed * 100)
        .checked_div(total)
        .filter(|_| read)
        .map(|s| u32::try_from(s).unwrap_or(100));
    Score {
        percent: score,
        passed,
        total,
        checks,
    }
}

/// Outcome counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Outcomes {
    pub attempts: usize,
    pub allowed: usize,
    pub blocked: usize,
    pub overridden: usize,
    pub error: usize,
}

impl Outcomes {
    /// Counts one record's outcome; one this version does not know counts
    /// as an error (it is not a decision gate made).
    fn add(&mut self, outcome: Option<RecordOutcome>) {
        self.attempts += 1;
        match outcome {
            Some(RecordOutcome::Allowed) => self.allowed += 1,
            Some(RecordOutcome::Blocked) => self.blocked += 1,
            Some(RecordOutcome::Overridden) => self.overridden += 1,
            Some(RecordOutcome::Error | RecordOutcome::Recovered) | None => self.error += 1,
        }
    }
}

/// Verdict counts of one gate over the records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct GateCounts {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub overridden: usize,
    pub error: usize,
    pub skip: usize,
}

/// Statistics over the audit log's decisions (`recover` notes excluded).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct AuditStats {
    pub since: Option<DateTime<Utc>>,
    pub outcomes: Outcomes,
    /// overridden / attempts (0 when there are none).
    pub override_rate: f64,
    pub by_gate: BTreeMap<String, GateCounts>,
    /// By target column.
    pub by_column: BTreeMap<String, Outcomes>,
    /// Target columns by wip-limit failures and overrides, most first (top 5).
    pub top_violated_columns: Vec<(String, usize)>,
    /// Outcomes per UTC day, oldest first.
    pub by_day: Vec<(NaiveDate, Outcomes)>,
}

/// Computes the statistics of the decisions recorded since `since`.
pub(crate) fn audit_stats(records: &[Record], since: Option<DateTime<Utc>>) -> AuditStats {
    let mut s = AuditStats {
        since,
        ..AuditStats::default()
    };
    let mut violated: BTreeMap<String, usize> = BTreeMap::new();
    let mut days: BTreeMap<NaiveDate, Outcomes> = BTreeMap::new();
    for r in records.iter().filter(|r| r.is_decision()) {
        let time = r.time();
        if since.is_some_and(|s| time.is_none_or(|t| t < s)) {
            continue;
        }
        let outcome = r.outcome.known();
        s.outcomes.add(outcome);
        if let Some(t) = time {
            days.entry(t.date_naive()).or_default().add(outcome);
        }
        if let Some(to) = &r.to {
            s.by_column.entry(to.clone()).or_default().add(outcome);
        }
        for g in &r.gates {
            let c = s.by_gate.entry(g.id.clone()).or_default();
            let verdict = g.verdict.known();
            match verdict {
                Some(VerdictKind::Pass) => c.pass += 1,
                Some(VerdictKind::Warn) => c.warn += 1,
                Some(VerdictKind::Fail) => c.fail += 1,
                Some(VerdictKind::Overridden) => c.overridden += 1,
                Some(VerdictKind::Skip) => c.skip += 1,
                Some(VerdictKind::Error) | None => c.error += 1,
            }
            if g.id == crate::gates::wip_limit::ID
                && matches!(verdict, Some(VerdictKind::Fail | VerdictKind::Overridden))
                && let Some(to) = &r.to
            {
                *violated.entry(to.clone()).or_default() += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    if s.outcomes.attempts > 0 {
        s.override_rate = s.outcomes.overridden as f64 / s.outcomes.attempts as f64;
    }
    let mut top: Vec<(String, usize)> = violated.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(5);
    s.top_violated_columns = top;
    s.by_day = days.into_iter().collect();
    s
}

/// Lint totals for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LintSummary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Finding codes by count, most first.
    pub codes: Vec<(String, usize)>,
}

/// Summarises lint reports.
pub(crate) fn lint_summary(files: usize, reports: &[crate::lint::FileReport]) -> LintSummary {
    let (errors, warnings) = crate::lint::totals(reports);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *codes.entry(f.code).or_default() += 1;
    }
    let mut codes: Vec<(String, usize)> =
        codes.into_iter().map(|(c, n)| (c.to_owned(), n)).collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    LintSummary {
        files,
        errors,
        warnings,
        codes,
    }
}

/// A task a gate faults as it stands at its status: an unmet checklist,
/// an open dependency (`Gate::at_rest`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GateRow {
    pub gate: &'static str,
    pub task: TaskSummary,
    /// The status as the board spells it.
    pub status: String,
    pub findings: Vec<Finding>,
}

/// Everything `gate report` shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ComplianceReport {
    pub generated: DateTime<Utc>,
    pub board: BoardReport,
    /// The gates' tables, in the registry's order (SPEC §7's `p0`).
    pub tables: Vec<Table>,
    /// Tasks the gates fault as they stand (checklists, dependencies).
    pub unfinished: Vec<GateRow>,
    /// `None` when the audit log is disabled.
    pub audit: Option<AuditStats>,
    pub lint: LintSummary,
    pub score: Score,
    /// A WIP limit at or above this is a "no limit" marker (Promethean
    /// boards write 9999): the HTML chart shows such a column as unlimited.
    pub no_limit_at: u32,
}

/// Rounds a ratio to three decimals for JSON.
fn ratio(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The `report --format json` document (SPEC §7), plus the checks of the
/// score and per-day outcomes (additive keys).
#[derive(Serialize)]
pub(crate) struct JsonDoc<'a> {
    version: u32,
    /// `null` when nothing was scored ([`Score::percent`]).
    score: Option<u32>,
    board: super::json::BoardDoc<'a>,
    /// Each gate's table under its key (`p0`).
    #[serde(flatten)]
    tables: TablesDoc<'a>,
    /// Tasks the gates fault as they stand (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unfinished: Vec<GateRowDoc<'a>>,
    audit: Option<AuditDoc<'a>>,
    lint: LintDoc,
    checks: ChecksDoc<'a>,
}

/// The gates' tables as keys of the report document, in registry order.
struct TablesDoc<'a>(&'a [Table]);

impl Serialize for TablesDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|t| {
            let rows: Vec<RowDoc<'_>> = t.rows.iter().map(RowDoc::new).collect();
            (t.doc.key, rows)
        }))
    }
}

#[derive(Serialize)]
struct RowDoc<'a> {
    task: super::json::TaskDoc<'a>,
    status: &'a str,
    verdict: VerdictKind,
    findings: &'a [Finding],
    requirements: Vec<RequirementDoc>,
}

impl<'a> RowDoc<'a> {
    fn new(row: &'a Row) -> Self {
        RowDoc {
            task: super::json::TaskDoc::new(&row.task),
            status: &row.status,
            verdict: row.verdict,
            findings: &row.findings,
            requirements: row
                .requirements
                .iter()
                .map(|q| RequirementDoc {
                    code: q.code,
                    passed: q.passed,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct GateRowDoc<'a> {
    gate: &'static str,
    task: super::json::TaskDoc<'a>,
    status: &'a str,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct RequirementDoc {
    code: &'static str,
    passed: bool,
}

#[derive(Serialize)]
struct AuditDoc<'a> {
    since: Option<String>,
    #[serde(flatten)]
    outcomes: Outcomes,
    override_rate: f64,
    by_gate: &'a BTreeMap<String, GateCounts>,
    by_column: &'a BTreeMap<String, Outcomes>,
    top_violated_columns: Vec<ColumnViolations<'a>>,
    by_day: Vec<DayDoc>,
}

#[derive(Serialize)]
struct ColumnViolations<'a> {
    status: &'a str,
    violations: usize,
}

/// One day's outcomes (without `attempts`).
#[derive(Serialize)]
struct DayDoc {
    date: String,
    allowed: usize,
    blocked: usize,
    overridden: usize,
    error: usize,
}

#[derive(Serialize)]
struct LintDoc {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct ChecksDoc<'a> {
    passed: usize,
    total: usize,
    list: &'a [Check],
}

/// Builds the `report --format json` document.
pub(crate) fn json_doc(r: &ComplianceReport) -> JsonDoc<'_> {
    let audit = r.audit.as_ref().map(|a| AuditDoc {
        since: a
            .since
            .map(|s| s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        outcomes: a.outcomes,
        override_rate: ratio(a.override_rate),
        by_gate: &a.by_gate,
        by_column: &a.by_column,
        top_violated_columns: a
            .top_violated_columns
            .iter()
            .map(|(status, violations)| ColumnViolations {
                status,
                violations: *violations,
            })
            .collect(),
        by_day: a
            .by_day
            .iter()
            .map(|(date, o)| DayDoc {
                date: date.to_string(),
                allowed: o.allowed,
                blocked: o.blocked,
                overridden: o.overridden,
                error: o.error,
            })
            .collect(),
    });
    JsonDoc {
        version: 1,
        score: r.score.percent,
        board: super::json::board_doc(&r.board),
        tables: TablesDoc(&r.tables),
        unfinished: r
            .unfinished
            .iter()
            .map(|row| GateRowDoc {
                gate: row.gate,
                task: super::json::TaskDoc::new(&row.task),
                status: &row.status,
                findings: &row.findings,
            })
            .collect(),
        audit,
        lint: LintDoc {
            errors: r.lint.errors,
            warnings: r.lint.warnings,
        },
        checks: ChecksDoc {
            passed: r.score.passed,
            total: r.score.total,
            list: &r.score.checks,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ColumnRow, ColumnState};

    fn column(status: &str, count: usize, limit: Option<u32>) -> ColumnRow {
        ColumnRow {
            name: status.to_owned(),
            status: status.to_owned(),
            count,
            limit,
            utilization: None,
            // As the WIP gate's rule sets it.
            state: if limit.is_some_and(|l| count > l as usize) {
                ColumnState::Over
            } else {
                ColumnState::Ok
            },
        }
    }

    #[test]
    fn score_rounds_passed_over_total() {
        let board = BoardReport {
            columns: vec![
                column("todo", 6, Some(5)),
                column("review", 1, Some(2)),
                column("done", 9, None),
            ],
            unconfigured: Vec::new(),
            unreadable: Vec::new(),
        };
        let files = vec![
            FileLoad {
                path: "a.md".to_owned(),
                error: None,
            },
            FileLoad {
                path: "b.md".to_owned(),
                error: Some("task/conflict-markers".to_owned()),
            },
            FileLoad {
                path: "c.md".to_owned(),
                error: None,
            },
        ];
        let s = score(&board, &[], &files, true);
        // 3 of 5 checks: 60.
        assert_eq!((s.percent, s.passed, s.total), (Some(60), 3, 5));
        assert_eq!(
            s.checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| c.subject.as_str())
                .collect::<Vec<_>>(),
            ["todo", "b.md"]
        );
        let none = BoardReport {
            columns: Vec::new(),
            unconfigured: Vec::new(),
            unreadable: Vec::new(),
        };
        // Issue #23 item 9: nothing to check scores nothing, not 100.
        assert_eq!(score(&none, &[], &[], true).percent, None);
        let two_of_three = &files[..];
        let s = score(&none, &[], two_of_three, true);
        assert_eq!(s.percent, Some(66));
    }

    /// Issue #23 item 9: a board on which no task has a status gate reads
    /// (an early Promethean board: files with no front-matter) scores
    /// nothing, though its empty columns pass their limits and its files
    /// load; the checks are still listed.
    #[test]
    fn a_board_with_no_readable_task_scores_nothing() {
        let board = BoardReport {
            columns: vec![column("todo", 0, Some(5)), column("review", 0, Some(2))],
            unconfigured: Vec::new(),
            unreadable: Vec::new(),
        };
        let files = [FileLoad {
            path: "a.md".to_owned(),
            error: None,
        }];
        let s = score(&board, &[], &files, false);
        assert_eq!((s.percent, s.passed, s.total), (None, 3, 3));
        // The same board with one task read scores.
        assert_eq!(score(&board, &[], &files, true).percent, Some(100));
    }

    #[test]
    fn score_is_100_only_when_nothing_failed() {
        let none = BoardReport {
            columns: Vec::new(),
            unconfigured: Vec::new(),
            unreadable: Vec::new(),
        };
        let files = |total: usize, failed: usize| -> Vec<FileLoad> {
            (0..total)
                .map(|i| FileLoad {
                    path: format!("{i}.md"),
                    error: (i < failed).then(|| "task/duplicate-id".to_owned()),
                })
                .collect()
        };
        for (total, failed, want) in [
            (256, 1, 99),
            (703, 2, 99),
            (200, 1, 99),
            (200, 0, 100),
            (3, 3, 0),
            (8, 1, 87),
        ] {
            let s = score(&none, &[], &files(total, failed), true);
            assert_eq!(
                (s.percent, s.passed, s.total),
                (Some(want), total - failed, total),
                "{failed} of {total} failed"
            );
        }
    }

    fn record(ts: &str, to: &str, outcome: &str, gates: &[(&str, &str)]) -> Record {
        let gates: Vec<_> = gates
            .iter()
            .map(|(id, verdict)| serde_json::json!({"id": id, "verdict": verdict, "codes": []}))
            .collect();
        serde_json::from_value(serde_json::json!({
            "v": 1, "seq": 1, "ts": ts, "actor": "a", "command": "check",
            "task_id": "t", "task_title": "T", "priority": null,
            "from": "todo", "to": to, "outcome": outcome, "gates": gates,
            "reason": null, "prev": crate::audit::GENESIS,
        }))
        .unwrap()
    }

    #[test]
    fn audit_stats_count_outcomes_verdicts_and_wip_violations() {
        let day1 = "2025-11-01T10:00:00Z";
        let day2 = "2025-11-02T10:00:00Z";
        let records = [
            record(day1, "doing", "allowed", &[("wip-limit", "pass")]),
            record(day1, "doing", "blocked", &[("wip-limit", "fail")]),
            record(day2, "doing", "overridden", &[("wip-limit", "overridden")]),
            record(day2, "review", "blocked", &[("p0-security", "fail")]),
            record(day2, "review", "error", &[("p0-security", "error")]),
            // Words this version does not know count as errors.
            record(day2, "review", "deferred", &[("p0-security", "maybe")]),
            record(
                day2,
                "done",
                "allowed",
                &[("transition", "warn"), ("p0-security", "skip")],
            ),
        ];
        let s = audit_stats(&records, None);
        let o = s.outcomes;
        assert_eq!(
            (o.attempts, o.allowed, o.blocked, o.overridden, o.error),
            (7, 2, 2, 1, 2)
        );
        assert!((s.override_rate - 1.0 / 7.0).abs() < 1e-9);
        let wip = s.by_gate["wip-limit"];
        assert_eq!((wip.pass, wip.fail, wip.overridden), (1, 1, 1));
        let p0 = s.by_gate["p0-security"];
        assert_eq!((p0.fail, p0.error, p0.skip), (1, 2, 1));
        assert_eq!(s.by_gate["transition"].warn, 1);
        // Only wip-limit failures and overrides make a column "violated".
        assert_eq!(s.top_violated_columns, [("doing".to_owned(), 2)]);
        assert_eq!(s.by_column["review"].error, 2);
        let per_day: Vec<_> = s
            .by_day
            .iter()
            .map(|(d, o)| (d.to_string(), o.attempts))
            .collect();
        assert_eq!(
            per_day,
            [("2025-11-01".to_owned(), 2), ("2025-11-02".to_owned(), 5)]
        );

        let since = DateTime::parse_from_rfc3339(day2)
            .unwrap()
            .with_timezone(&Utc);
        let later = audit_stats(&records, Some(since));
        assert_eq!((later.outcomes.attempts, later.outcomes.allowed), (5, 1));
        assert_eq!(later.top_violated_columns, [("doing".to_owned(), 1)]);
    }
}
