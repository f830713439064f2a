//! SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab).
//!
//! One SARIF result per finding of a gate that did not pass (or of a lint
//! file); the rule id is the finding code and the location is the task
//! file at the line of its status key (lint: the finding's own line).
//! Renders finished data only.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::batch::Item;
use crate::finding::{Finding, Severity};
use crate::gates::VerdictKind;
use crate::lint::FileReport;

/// One SARIF result before rendering.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hit<'a> {
    pub finding: &'a Finding,
    pub level: &'static str,
    pub message: String,
    pub path: &'a str,
    pub line: Option<usize>,
    pub properties: Value,
    /// What makes this result the same one in the next run: the finding
    /// code, the file and the transition (a check) or the message (lint);
    /// never a line number or a commit. See [`fingerprints`].
    pub key: String,
}

/// A stable fingerprint of every hit, in order: the SHA-256 of its `key`,
/// and of `key` plus `#n` for the n-th repeat of a key, so that no two
/// hits of one run share one. Code scanning (`partialFingerprints`) and
/// GitLab's code quality widget match results across runs by it.
pub(crate) fn fingerprints(hits: &[Hit<'_>]) -> Vec<String> {
    use sha2::{Digest as _, Sha256};
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    hits.iter()
        .map(|hit| {
            let n = seen.entry(&hit.key).or_default();
            let key = if *n == 0 {
                hit.key.clone()
            } else {
                format!("{}#{n}", hit.key)
            };
            *n += 1;
            format!("{:x}", Sha256::digest(key.as_bytes()))
        })
        .collect()
}

/// The `partialFingerprints` key of gate's own fingerprint.
const FINGERPRINT: &str = "gateFinding/v1";

fn level_of(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The findings of every gate that failed, warned, errored or was
/// overridden (as `note`).
pub(crate) fn from_checks(items: &[Item]) -> Vec<Hit<'_>> {
    let mut hits = Vec::new();
    for item in items {
        let r = &item.report;
        let from = r.from_name.as_deref().unwrap_or("(new)");
        for gate in &r.decision.gates {
            let level = match gate.verdict {
                VerdictKind::Fail | VerdictKind::Error => None,
                VerdictKind::Warn => Some("warning"),
                VerdictKind::Overridden => Some("note"),
                VerdictKind::Pass | VerdictKind::Skip => continue,
            };
            for f in &gate.findings {
                let mut properties = json!({
                    "gate": gate.id,
                    "verdict": gate.verdict.as_str(),
                    "from": r.from,
                    "to": r.to,
                    "outcome": r.decision.outcome.as_str(),
                });
                if let Some(c) = &item.commit {
                    properties["commit"] = json!(c.id);
                }
                let at = item
                    .commit
                    .as_ref()
                    .map(|c| format!(" in commit {}", c.short))
                    .unwrap_or_default();
                hits.push(Hit {
                    finding: f,
                    level: level.unwrap_or_else(|| level_of(f.severity)),
                    message: format!("{} ({from} -> {}{at})", f.message, r.to_label()),
                    path: &r.task.path,
                    line: r.task.status_line.or(f.line),
                    properties,
                    key: format!("{}\0{}\0{from}\0{}", f.code, r.task.path, r.to_label()),
                });
            }
        }
    }
    hits
}

/// Every lint finding, at its own line.
pub(crate) fn from_lint(reports: &[FileReport]) -> Vec<Hit<'_>> {
    reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| Hit {
                finding: f,
                level: level_of(f.severity),
                message: f.message.clone(),
                path: &r.path,
                line: f.line,
                properties: json!({}),
                key: format!("{}\0{}\0{}", f.code, r.path, f.message),
            })
        })
        .collect()
}

/// Writes one SARIF 2.1.0 log with one run.
pub(crate) fn write(out: &mut dyn Write, hits: &[Hit<'_>]) -> io::Result<()> {
    let docs: BTreeMap<&str, &crate::gates::CodeDoc> =
        crate::explain::all_codes().map(|d| (d.code, d)).collect();
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for hit in hits {
        let next = rule_index.len();
        rule_index.entry(hit.finding.code).or_insert(next);
    }
    let mut rules: Vec<(&str, usize)> = rule_index.iter().map(|(c, i)| (*c, *i)).collect();
    rules.sort_by_key(|(_, i)| *i);
    let rules: Vec<Value> = rules
        .iter()
        .map(|(code, _)| {
            let mut rule = json!({"id": code, "name": code});
            if let Some(doc) = docs.get(code) {
                rule["shortDescription"] = json!({"text": doc.summary});
                rule["fullDescription"] = json!({"text": doc.details});
                rule["defaultConfiguration"] = json!({"level": level_of(doc.severity)});
            }
            rule
        })
        .collect();
    let results: Vec<Value> = hits
        .iter()
        .zip(fingerprints(hits))
        .map(|(hit, fingerprint)| {
            let mut physical = json!({"artifactLocation": artifact(hit.path)});
            if let Some(line) = hit.line.filter(|l| *l > 0) {
                physical["region"] = json!({"startLine": line});
            }
            let mut result = json!({
                "ruleId": hit.finding.code,
                "ruleIndex": rule_index[hit.finding.code],
                "level": hit.level,
                "message": {"text": match &hit.finding.help {
                    Some(help) => format!("{}\nhelp: {help}", hit.message),
                    None => hit.message.clone(),
                }},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {FINGERPRINT: fingerprint},
            });
            if hit.properties.as_object().is_some_and(|o| !o.is_empty()) {
                result["properties"] = hit.properties.clone();
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gate",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/kanban-gate",
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
            "results": results,
        }],
    });
    super::json::write(out, &log)
}

/// A relative path as `%SRCROOT%`-based URI; an absolute one as `file:`.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", percent_encode(path))})
    } else {
        json!({"uri": percent_encode(path), "uriBaseId": "%SRCROOT%"})
    }
}

/// Percent-encodes what is not allowed unencoded in a URI path.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            percent_encode("docs/my task #1.md"),
            "docs/my%20task%20%231.md"
        );
        assert_eq!(artifact("/x y.md")["uri"], "file:///x%20y.md");
    }
}
