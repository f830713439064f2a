//! `--format codequality`: the GitLab Code Quality report (a JSON array of
//! issues) that the merge request widget reads from
//! `artifacts: reports: codequality:`. Each SARIF hit becomes one issue;
//! the fingerprint is the one SARIF's `partialFingerprints` carries, so it
//! stays the same across runs. Renders finished data only.

use std::io::{self, Write};

use serde::Serialize;

use super::sarif::{Hit, fingerprints};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's severity (`info`, `minor`, `major`, `critical`, `blocker`) of a
/// SARIF level: an error is `major`, a warning `minor`, a note `info`.
fn severity_of(level: &str) -> &'static str {
    match level {
        "error" => "major",
        "warning" => "minor",
        _ => "info",
    }
}

/// Writes the issues as one JSON array; a hit without a line is at line 1
/// (GitLab needs one).
pub(crate) fn write(out: &mut dyn Write, hits: &[Hit<'_>]) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = hits
        .iter()
        .zip(fingerprints(hits))
        .map(|(hit, fingerprint)| Issue {
            description: match &hit.finding.help {
                Some(help) => format!("{} (help: {help})", hit.message),
                None => hit.message.clone(),
            },
            check_name: hit.finding.code,
            fingerprint,
            severity: severity_of(hit.level),
            location: Location {
                path: hit.path,
                lines: Lines {
                    begin: hit.line.filter(|l| *l > 0).unwrap_or(1),
                },
            },
        })
        .collect();
    super::json::write(out, &issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;

    #[test]
    fn one_issue_per_hit_with_a_stable_fingerprint() {
        let f = Finding::error("transition/undefined", "no way").with_help("go via review");
        let hit = |line| Hit {
            finding: &f,
            level: "error",
            message: f.message.clone(),
            path: "tasks/a.md",
            line,
            properties: serde_json::json!({}),
            key: "transition/undefined\0tasks/a.md\0todo\0done".to_owned(),
        };
        let mut out = Vec::new();
        write(&mut out, &[hit(Some(4)), hit(None)]).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc[0]["description"], "no way (help: go via review)");
        assert_eq!(doc[0]["check_name"], "transition/undefined");
        assert_eq!(doc[0]["severity"], "major");
        assert_eq!(doc[0]["location"]["path"], "tasks/a.md");
        assert_eq!(doc[0]["location"]["lines"]["begin"], 4);
        assert_eq!(doc[1]["location"]["lines"]["begin"], 1);
        // The same key twice gets two fingerprints, each the same every run.
        assert_ne!(doc[0]["fingerprint"], doc[1]["fingerprint"]);
        let again = fingerprints(&[hit(Some(9))]);
        assert_eq!(doc[0]["fingerprint"], again[0].as_str());
        assert_eq!(again[0].len(), 64);
    }
}
