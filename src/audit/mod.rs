//! The audit log's record schema and hash chain (SPEC §8).
//!
//! A record is one compact JSON object per line; its last key `hash` is the
//! SHA-256 hex of the previous record's hash, a newline, and the line as
//! written without its `,"hash":"…"`. This module builds and checks records
//! as plain data; the file work (locking, appending, recovery) lives in
//! [`log`]. It never prints and never decides a transition.

pub mod log;

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::change::{AuditRef, CheckReport};
use crate::config::Settings;

/// The schema version written in `v`.
pub const VERSION: u32 = 1;

/// `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The `command` of the record a writer appends after cutting a torn tail.
pub const RECOVER: &str = "recover";

/// Why the audit log could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit log `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("audit log `{path}`: the last line is not a record the chain can continue from: {why}")]
    BadTail { path: PathBuf, why: String },
    #[error("audit record cannot be serialised: {0}")]
    Json(#[from] serde_json::Error),
}

/// One gate's verdict as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateRecord {
    pub id: String,
    pub verdict: String,
    pub codes: Vec<String>,
}

/// One audit record, as stored (field order is the line's key order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub v: u32,
    pub seq: u64,
    pub ts: String,
    pub actor: String,
    pub command: String,
    pub task_id: Option<String>,
    pub task_title: Option<String>,
    pub priority: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outcome: String,
    pub gates: Vec<GateRecord>,
    pub reason: Option<String>,
    pub prev: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
}

impl Record {
    /// The time of the record, if `ts` parses.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.ts)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    /// Whether this record is a decision (not a `recover` note).
    pub fn is_decision(&self) -> bool {
        self.command != RECOVER
    }
}

/// What a writer knows before it appends: everything but `seq`, `prev`
/// and `hash`, which come from the log's tail under the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub ts: DateTime<Utc>,
    pub actor: String,
    pub command: String,
    pub task_id: Option<String>,
    pub task_title: Option<String>,
    pub priority: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outcome: String,
    pub gates: Vec<GateRecord>,
    pub reason: Option<String>,
}

impl Draft {
    /// The draft of a judged transition.
    pub fn of_check(
        command: &str,
        report: &CheckReport,
        reason: Option<&str>,
        actor: String,
        now: DateTime<Utc>,
    ) -> Draft {
        Draft {
            ts: now,
            actor,
            command: command.to_owned(),
            task_id: report.task.id.clone(),
            task_title: Some(report.task.title.clone()),
            priority: report.task.priority.clone(),
            from: report.from.clone(),
            to: report.to.clone(),
            outcome: report.decision.outcome.as_str().to_owned(),
            gates: report
                .decision
                .gates
                .iter()
                .map(|g| GateRecord {
                    id: g.id.to_owned(),
                    verdict: g.verdict.as_str().to_owned(),
                    codes: problem_codes(&g.findings),
                })
                .collect(),
            reason: reason.map(ToOwned::to_owned),
        }
    }

    /// Turns the draft into the record that follows `prev_seq`/`prev_hash`.
    pub fn seal(self, prev_seq: u64, prev_hash: &str) -> Record {
        Record {
            v: VERSION,
            seq: prev_seq + 1,
            ts: self.ts.to_rfc3339_opts(SecondsFormat::Secs, true),
            actor: self.actor,
            command: self.command,
            task_id: self.task_id,
            task_title: self.task_title,
            priority: self.priority,
            from: self.from,
            to: self.to,
            outcome: self.outcome,
            gates: self.gates,
            reason: self.reason,
            prev: prev_hash.to_owned(),
            hash: String::new(),
        }
    }
}

/// The codes of a gate's warning and error findings, each once, in order;
/// info findings (evidence such as `p0-security/evidence`) are not problems
/// and are left out.
fn problem_codes(findings: &[crate::finding::Finding]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for f in findings
        .iter()
        .filter(|f| f.severity != crate::finding::Severity::Info)
    {
        if !codes.iter().any(|c| c == f.code) {
            codes.push(f.code.to_owned());
        }
    }
    codes
}

/// The line of a record (without the newline) and its hash: the record is
/// serialised without `hash`, hashed with `prev`, and `hash` appended last.
pub fn encode(record: &Record) -> Result<(String, String), AuditError> {
    let mut body = record.clone();
    body.hash = String::new();
    let json = serde_json::to_string(&body)?;
    let hash = chain_hash(&body.prev, &json);
    let mut line = json;
    line.pop(); // the closing brace
    line.push_str(",\"hash\":\"");
    line.push_str(&hash);
    line.push_str("\"}");
    Ok((line, hash))
}

/// SHA-256 hex of `prev` + `"\n"` + `body`.
pub fn chain_hash(prev: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.as_bytes());
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Splits a stored line into the hashed body (the line without
/// `,"hash":"…"`) and the stored hash, if the line ends the way a record does.
pub fn split_hash(line: &str) -> Option<(String, &str)> {
    const KEY: &str = ",\"hash\":\"";
    let rest = line.strip_suffix("\"}")?;
    let at = rest.rfind(KEY)?;
    let hash = &rest[at + KEY.len()..];
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut body = rest[..at].to_owned();
    body.push('}');
    Some((body, hash))
}

/// Records a judged transition in the audit log, unless the log is
/// disabled (`None`). No-op moves are the caller's to skip.
pub fn record(
    settings: &Settings,
    command: &str,
    report: &CheckReport,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<AuditRef>, AuditError> {
    if !settings.audit.enabled {
        return Ok(None);
    }
    let actor = crate::git::actor::actor(&settings.root);
    let draft = Draft::of_check(command, report, reason, actor, now);
    log::append(&settings.audit.path, draft).map(Some)
}

/// The outcome of checking a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// Whole lines checked.
    pub records: u64,
    /// The last good record's seq and hash.
    pub head: Option<(u64, String)>,
    /// The first bad line and why.
    pub broken: Option<Broken>,
    /// Bytes after the last newline (a torn write awaiting recovery).
    pub torn_bytes: usize,
    /// Whether `--anchor` was found (None when no anchor was asked for).
    pub anchor_found: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// 1-based line number.
    pub line: u64,
    pub why: String,
}

/// Recomputes the chain over the log's bytes.
pub fn verify(bytes: &[u8], anchor: Option<&str>) -> Verification {
    let (whole, torn) = match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => (&bytes[..=i], bytes.len() - i - 1),
        None => (&bytes[..0], bytes.len()),
    };
    let mut v = Verification {
        records: 0,
        head: None,
        broken: None,
        torn_bytes: torn,
        anchor_found: anchor.map(|_| false),
    };
    let anchor = anchor.map(str::to_ascii_lowercase);
    let mut prev_hash = GENESIS.to_owned();
    let mut prev_seq = 0u64;
    let lines = whole.strip_suffix(b"\n").map(|w| w.split(|b| *b == b'\n'));
    for (i, raw) in lines.into_iter().flatten().enumerate() {
        let line_no = i as u64 + 1;
        let fail = |why: String| Some(Broken { line: line_no, why });
        let Ok(line) = std::str::from_utf8(raw) else {
            v.broken = fail("the line is not UTF-8".to_owned());
            return v;
        };
        let Some((body, stored)) = split_hash(line) else {
            v.broken = fail("the line does not end with `,\"hash\":\"<64 hex>\"}`".to_owned());
            return v;
        };
        let parsed: Record = match serde_json::from_str(&body) {
            Ok(r) => r,
            Err(e) => {
                v.broken = fail(format!("the line is not a valid record: {e}"));
                return v;
            }
        };
        let expected = chain_hash(&parsed.prev, &body);
        if expected != stored {
            v.broken = fail(format!(
                "record seq {} was edited: its hash does not match its contents (stored {}…, computed {}…)",
                parsed.seq,
                &stored[..12],
                &expected[..12]
            ));
            return v;
        }
        if parsed.seq != prev_seq + 1 {
            let why = if parsed.seq > prev_seq + 1 {
                format!(
                    "seq {} follows seq {prev_seq}: records {}..{} are missing here (removed or reordered)",
                    parsed.seq,
                    prev_seq + 1,
                    parsed.seq - 1
                )
            } else {
                format!(
                    "seq {} follows seq {prev_seq}: a record was inserted or records were reordered",
                    parsed.seq
                )
            };
            v.broken = fail(why);
            return v;
        }
        if parsed.prev != prev_hash {
            v.broken = fail(format!(
                "record seq {} does not link to the record before it (prev {}…, expected {}…): a record was removed, inserted, replaced or reordered",
                parsed.seq,
                parsed.prev.get(..12).unwrap_or(&parsed.prev),
                &prev_hash[..12]
            ));
            return v;
        }
        if anchor.as_deref() == Some(stored) {
            v.anchor_found = Some(true);
        }
        stored.clone_into(&mut prev_hash);
        prev_seq = parsed.seq;
        v.records = line_no;
        v.head = Some((prev_seq, prev_hash.clone()));
    }
    v
}

/// Parses every whole line of a log; lines that are not records are
/// returned as (line number, error) and skipped.
pub fn parse_all(bytes: &[u8]) -> (Vec<Record>, Vec<(u64, String)>) {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let end = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    for (i, raw) in bytes[..end].split(|b| *b == b'\n').enumerate() {
        if raw.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Record>(raw) {
            Ok(r) => records.push(r),
            Err(e) => bad.push((i as u64 + 1, e.to_string())),
        }
    }
    (records, bad)
}

/// Parses `--since`: an RFC 3339 time, a date (midnight UTC), or a
/// duration back from `now` such as `7d`, `24h`, `2w`.
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    let secs = crate::config::parse_duration(text)?;
    now.checked_sub_signed(chrono::TimeDelta::try_seconds(secs)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(outcome: &str) -> Draft {
        Draft {
            ts: DateTime::parse_from_rfc3339("2025-11-01T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            actor: "Ada <ada@example.com>".to_owned(),
            command: "check".to_owned(),
            task_id: Some("abc".to_owned()),
            task_title: Some("A \"quoted\" title".to_owned()),
            priority: Some("P0".to_owned()),
            from: Some("todo".to_owned()),
            to: Some("in_progress".to_owned()),
            outcome: outcome.to_owned(),
            gates: vec![GateRecord {
                id: "wip-limit".to_owned(),
                verdict: "fail".to_owned(),
                codes: vec!["wip-limit/exceeded".to_owned()],
            }],
            reason: None,
        }
    }

    fn chain(n: u64) -> String {
        let mut out = String::new();
        let mut prev = GENESIS.to_owned();
        for seq in 0..n {
            let (line, hash) = encode(&draft("blocked").seal(seq, &prev)).unwrap();
            out.push_str(&line);
            out.push('\n');
            prev = hash;
        }
        out
    }

    #[test]
    fn record_line_has_the_spec_keys_in_order_and_hash_last() {
        let (line, hash) = encode(&draft("blocked").seal(0, GENESIS)).unwrap();
        assert_eq!(
            line.replace(&hash, "<HASH>"),
            r#"{"v":1,"seq":1,"ts":"2025-11-01T12:00:00Z","actor":"Ada <ada@example.com>","command":"check","task_id":"abc","task_title":"A \"quoted\" title","priority":"P0","from":"todo","to":"in_progress","outcome":"blocked","gates":[{"id":"wip-limit","verdict":"fail","codes":["wip-limit/exceeded"]}],"reason":null,"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"<HASH>"}"#
        );
        let (body, stored) = split_hash(&line).unwrap();
        assert_eq!(stored, hash);
        assert_eq!(chain_hash(GENESIS, &body), hash);
    }

    #[test]
    fn an_intact_chain_verifies_and_an_edit_does_not() {
        let log = chain(3);
        let v = verify(log.as_bytes(), None);
        assert_eq!((v.records, v.broken.clone()), (3, None));
        let edited = log
            .replacen("\"to\":\"in_progress\"", "\"to\":\"done\"", 2)
            .replacen("\"to\":\"done\"", "\"to\":\"in_progress\"", 1);
        let v = verify(edited.as_bytes(), None);
        assert_eq!(v.broken.unwrap().line, 2);
    }

    #[test]
    fn anchors_are_found_only_in_the_chain() {
        let log = chain(2);
        let (_, first) = split_hash(log.lines().next().unwrap()).unwrap();
        assert_eq!(verify(log.as_bytes(), Some(first)).anchor_found, Some(true));
        assert_eq!(
            verify(log.as_bytes(), Some(GENESIS)).anchor_found,
            Some(false)
        );
    }

    #[test]
    fn since_accepts_dates_times_and_durations() {
        let now = DateTime::parse_from_rfc3339("2025-11-08T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_since("7d", now).unwrap().to_rfc3339(),
            "2025-11-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_since("2025-11-02", now).unwrap().to_rfc3339(),
            "2025-11-02T00:00:00+00:00"
        );
        assert!(parse_since("soon", now).is_none());
    }
}
