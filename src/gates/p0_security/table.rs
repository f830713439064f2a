//! The P0 gate's table in `gate report` and `watch` (SPEC §7's `p0`):
//! every in-scope P0 task judged at its current stage, with each of the
//! stage's requirements met or not.

use super::Requirement;
use super::settings::P0Settings;
use crate::finding::Severity;
use crate::gates::table::{Requirement as Met, Row, TableDoc};
use crate::gates::{GateResult, VerdictKind};

/// The table, as the gate's doc names it.
pub(super) const TABLE: TableDoc = TableDoc {
    key: "p0",
    label: "P0",
    violation: "p0-requirement",
    title: "P0 security tasks",
    subtitle: "judged at their current stage",
    empty: "no in-scope P0 tasks",
};

/// The requirements (their finding codes) that apply at `status`: the
/// gate's own list, so the table and the gate cannot disagree.
pub(super) fn requirements_at(p0: &P0Settings, status: &str) -> Vec<&'static str> {
    Requirement::ALL
        .into_iter()
        .filter(|r| r.required_for(p0).iter().any(|s| s == status))
        .map(|r| r.code().as_str())
        .collect()
}

/// The row of the gate's `result` on a task at `status`. A requirement is
/// met unless the gate names its code in an error-severity finding; when
/// the gate could not be evaluated (`error`: no git, shallow history), the
/// commit requirement is unproven and unmet too.
pub(super) fn row(status: &str, result: GateResult, p0: &P0Settings) -> Row {
    let requirements = requirements_at(p0, status)
        .into_iter()
        .map(|code| {
            let named = result
                .findings
                .iter()
                .any(|f| f.code == code && f.severity == Severity::Error);
            let unproven = result.verdict == VerdictKind::Error
                && code == Requirement::CodeChanges.code().as_str();
            Met {
                code,
                passed: !named && !unproven,
            }
        })
        .collect();
    Row {
        result,
        requirements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;

    fn settings() -> P0Settings {
        let dir = tempfile::tempdir().unwrap();
        crate::gates::load_settings(&crate::config::Locate {
            cwd: dir.path().to_path_buf(),
            ..crate::config::Locate::default()
        })
        .unwrap()
        .section::<P0Settings>()
        .unwrap()
        .clone()
    }

    #[test]
    fn requirements_pass_unless_named_and_git_is_unproven_on_error() {
        let p0 = settings();
        let result = |verdict, codes: &[&'static str]| GateResult {
            id: super::super::ID,
            verdict,
            findings: codes.iter().map(|c| Finding::error(*c, "x")).collect(),
            note: None,
        };
        let failed = |row: Row| -> Vec<&'static str> {
            row.requirements
                .iter()
                .filter(|q| !q.passed)
                .map(|q| q.code)
                .collect()
        };
        let at_review = row(
            "review",
            result(VerdictKind::Fail, &["p0-security/no-security-review"]),
            &p0,
        );
        assert_eq!(at_review.requirements.len(), 3);
        assert_eq!(failed(at_review), ["p0-security/no-security-review"]);
        let no_git = row(
            "review",
            result(VerdictKind::Error, &["p0-security/no-git"]),
            &p0,
        );
        assert_eq!(failed(no_git), ["p0-security/no-code-changes"]);
        // A warning naming a requirement does not unmeet it.
        let warned = row(
            "review",
            GateResult {
                findings: vec![Finding::warning("p0-security/no-security-review", "x")],
                ..result(VerdictKind::Warn, &[])
            },
            &p0,
        );
        assert!(failed(warned).is_empty());
    }

    #[test]
    fn requirements_follow_the_configured_stages() {
        let p0 = settings();
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
}
