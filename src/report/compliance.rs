//! The compliance report as data: the score of SPEC §5 with every check
//! that went into it, the P0 table, and audit-log statistics.
//!
//! Pure: it is handed a board report, judged P0 results, load findings and
//! audit records, and computes. It reads no files, runs no gates and
//! prints nothing; `commands/report.rs` gathers, the renderers show.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{BoardReport, TaskSummary};
use crate::audit::{Record, RecordOutcome};
use crate::finding::Finding;
use crate::gates::p0_security::P0Settings;
use crate::gates::p0_security::Requirement as P0Requirement;
use crate::gates::{GateResult, VerdictKind};

/// The P0 requirements (their finding codes) that apply at `status`: the
/// gate's own list, so the report and the gate cannot disagree.
pub(crate) fn requirements_at(p0: &P0Settings, status: &str) -> Vec<&'static str> {
    P0Requirement::ALL
        .into_iter()
        .filter(|r| r.required_for(p0).iter().any(|s| s == status))
        .map(|r| r.code().as_str())
        .collect()
}

/// One requirement of one P0 task at its current stage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Requirement {
    pub code: &'static str,
    pub passed: bool,
}

/// An in-scope P0 task judged at its current status.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct P0Row {
    pub task: TaskSummary,
    pub status: String,
    /// The status as the board spells it (the key until the caller sets it).
    pub name: String,
    pub verdict: VerdictKind,
    pub findings: Vec<Finding>,
    pub requirements: Vec<Requirement>,
}

/// Builds a P0 row from the gate's result at `from = to = status`. A
/// requirement passes unless the gate names its code in an error-severity
/// finding; when the gate could not be evaluated (`error`: no git, shallow
/// history), the commit requirement is unproven and fails too.
pub(crate) fn p0_row(
    task: TaskSummary,
    status: &str,
    result: GateResult,
    p0: &P0Settings,
) -> P0Row {
    let requirements = requirements_at(p0, status)
        .into_iter()
        .map(|code| {
            let named = result
                .findings
                .iter()
                .any(|f| f.code == code && f.severity == crate::finding::Severity::Error);
            let unproven = result.verdict == VerdictKind::Error
                && code == P0Requirement::CodeChanges.code().as_str();
            Requirement {
                code,
                passed: !named && !unproven,
            }
        })
        .collect();
    P0Row {
        task,
        status: status.to_owned(),
        name: status.to_owned(),
        verdict: result.verdict,
        findings: result.findings,
        requirements,
    }
}

/// What a compliance check is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CheckKind {
    /// A column with a WIP limit is within it.
    Column,
    /// A P0 requirement is met at the task's current stage.
    P0,
    /// A task file has no error-severity lint finding: it loads, and no
    /// error spans it and another file (a duplicate id).
    File,
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

/// The score over columns with a limit, P0 requirements and task files;
/// `read` says whether any task on the board has a status.
pub(crate) fn score(board: &BoardReport, p0: &[P0Row], files: &[FileLoad], read: bool) -> Score {
    let mut checks = Vec::new();
    for c in &board.columns {
        if let Some(limit) = c.limit {
            checks.push(Check {
                kind: CheckKind::Column,
                subject: c.status.clone(),
                passed: c.count <= limit as usize,
                detail: format!("{}/{limit}", c.count),
            });
        }
    }
    for row in p0 {
        let name = row.task.id.as_deref().map_or_else(
            || row.task.title.clone(),
            |id| format!("{} ({id})", row.task.title),
        );
        for r in &row.requirements {
            checks.push(Check {
                kind: CheckKind::P0,
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
    /// Whether the `p0-security` gate is enabled (and built in).
    pub p0_gate: bool,
    pub p0: Vec<P0Row>,
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
    p0: Vec<P0Doc<'a>>,
    /// Tasks the gates fault as they stand (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unfinished: Vec<GateRowDoc<'a>>,
    audit: Option<AuditDoc<'a>>,
    lint: LintDoc,
    checks: ChecksDoc<'a>,
}

#[derive(Serialize)]
struct P0Doc<'a> {
    task: super::json::TaskDoc<'a>,
    status: &'a str,
    verdict: VerdictKind,
    findings: &'a [Finding],
    requirements: Vec<RequirementDoc>,
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
    let p0 =
        r.p0.iter()
            .map(|row| P0Doc {
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
            })
            .collect();
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
        p0,
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
            state: ColumnState::Ok,
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

    #[test]
    fn p0_requirements_pass_unless_named_and_git_is_unproven_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let p0 = crate::gates::load_settings(&crate::config::Locate {
            cwd: dir.path().to_path_buf(),
            ..crate::config::Locate::default()
        })
        .unwrap()
        .section::<P0Settings>()
        .unwrap()
        .clone();
        let task = TaskSummary {
            id: Some("t".to_owned()),
            title: "T".to_owned(),
            path: "tasks/t.md".to_owned(),
            priority: Some("P0".to_owned()),
            status: Some("review".to_owned()),
            status_raw: None,
            status_line: None,
        };
        let result = |verdict, codes: &[&'static str]| GateResult {
            id: crate::gates::p0_security::ID,
            verdict,
            findings: codes.iter().map(|c| Finding::error(*c, "x")).collect(),
            note: None,
        };
        let failed = |row: P0Row| -> Vec<&'static str> {
            row.requirements
                .iter()
                .filter(|q| !q.passed)
                .map(|q| q.code)
                .collect()
        };
        let row = p0_row(
            task.clone(),
            "review",
            result(VerdictKind::Fail, &["p0-security/no-security-review"]),
            &p0,
        );
        assert_eq!(row.requirements.len(), 3);
        assert_eq!(failed(row), ["p0-security/no-security-review"]);
        let row = p0_row(
            task,
            "review",
            result(VerdictKind::Error, &["p0-security/no-git"]),
            &p0,
        );
        assert_eq!(failed(row), ["p0-security/no-code-changes"]);
    }

    #[test]
    fn requirements_follow_the_configured_stages() {
        let dir = tempfile::tempdir().unwrap();
        let p0 = crate::gates::load_settings(&crate::config::Locate {
            cwd: dir.path().to_path_buf(),
            ..crate::config::Locate::default()
        })
        .unwrap()
        .section::<P0Settings>()
        .unwrap()
        .clone();
        assert_eq!(requirements_at(&p0, "todo"), Vec::<&str>::new());
        assert_eq!(
            requirements_at(&p0, "testing"),
            [
                "p0-security/no-implementation-plan",
                "p0-security/no-code-changes",
                "p0-security/no-security-review",
                "p0-security/no-test-coverage"
            ]
        );
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
