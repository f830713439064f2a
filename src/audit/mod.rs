//! The audit log's record schema and hash graph (SPEC §8 as amended).
//!
//! A record is one compact JSON object per line; its last key `hash` is the
//! SHA-256 hex of the record's `prev` text, a newline, and the line as
//! written without its `,"hash":"…"`. `prev` names the heads the record
//! follows: one hash (a string) on a straight chain, several (an array)
//! where branches of a committed log were merged, so the records form a
//! hash DAG like git's commits. A line that is not a record (a torn write)
//! may stand only directly before a `recover` record naming its bytes.
//! This module builds and checks records as plain data; the file work
//! (locking, appending, recovery) lives in [`log`]. It never prints and
//! never decides a transition.

pub(crate) mod gitattributes;
pub(crate) mod log;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::change::{AuditRef, CheckReport};
use crate::config::Settings;
use crate::gates::{Outcome, VerdictKind};

/// The schema version written in `v`.
pub(crate) const VERSION: u32 = 1;

/// `prev` of the first record.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The `command` of the record a writer appends after a torn write.
pub(crate) const RECOVER: &str = "recover";

/// A value of a record as stored: one this version knows, or the text as
/// written (a newer version's word, a hand-edited line). Reading a record
/// and writing it again never changes it, so its hash still verifies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Stored<T> {
    Known(T),
    Other(String),
}

/// A closed set of words stored in records.
pub(crate) trait Word: Copy {
    /// The word as written.
    fn as_str(self) -> &'static str;
}

impl<T: Word> Stored<T> {
    /// The known value, if it is one.
    pub(crate) fn known(&self) -> Option<T> {
        match self {
            Stored::Known(t) => Some(*t),
            Stored::Other(_) => None,
        }
    }

    /// The text as stored.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Stored::Known(t) => t.as_str(),
            Stored::Other(s) => s,
        }
    }
}

impl Word for VerdictKind {
    fn as_str(self) -> &'static str {
        VerdictKind::as_str(self)
    }
}

/// The `outcome` of a record: a decision's, or a `recover` note's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RecordOutcome {
    Allowed,
    Blocked,
    Overridden,
    Error,
    /// The outcome of a `recover` record.
    Recovered,
}

impl RecordOutcome {
    /// Every outcome gate writes, in the order `audit log --outcome` lists them.
    pub(crate) const ALL: [RecordOutcome; 5] = [
        RecordOutcome::Allowed,
        RecordOutcome::Blocked,
        RecordOutcome::Overridden,
        RecordOutcome::Error,
        RecordOutcome::Recovered,
    ];
}

impl Word for RecordOutcome {
    fn as_str(self) -> &'static str {
        match self {
            RecordOutcome::Allowed => "allowed",
            RecordOutcome::Blocked => "blocked",
            RecordOutcome::Overridden => "overridden",
            RecordOutcome::Error => "error",
            RecordOutcome::Recovered => "recovered",
        }
    }
}

impl From<Outcome> for RecordOutcome {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Allowed => RecordOutcome::Allowed,
            Outcome::Blocked => RecordOutcome::Blocked,
            Outcome::Overridden => RecordOutcome::Overridden,
            Outcome::Error => RecordOutcome::Error,
        }
    }
}

/// Why the audit log could not be written or read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AuditError {
    // The cause is in the message, not also a `source`: printed once.
    #[error("audit log `{path}`: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("audit log `{path}`: the last line is not a record the chain can continue from: {why}")]
    BadTail { path: PathBuf, why: String },
    #[error(
        "audit log `{path}`: line {line} is not a record and no `recover` record names it: {why}\nhelp: run `gate audit verify`; the log needs a person to look at it"
    )]
    BadLine {
        path: PathBuf,
        line: u64,
        why: String,
    },
    #[error(
        "audit log `{path}`: the last record has seq {seq}, the largest there is; no record can follow it\nhelp: run `gate audit verify`; a real log never gets there, so the record is likely forged"
    )]
    SeqExhausted { path: PathBuf, seq: u64 },
    #[error(
        "audit log `{path}`: the file was replaced {attempts} times while gate tried to write to it; nothing was recorded\nhelp: retry when whatever rewrites the log (a checkout, a pull, a sync tool) has finished"
    )]
    Replaced { path: PathBuf, attempts: u32 },
    #[error("audit log `{path}`: {why}")]
    Outside { path: PathBuf, why: String },
    #[error("audit record cannot be serialised: {0}")]
    Json(#[from] serde_json::Error),
}

/// The heads a record follows: one hash, or several after a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Prev {
    One(String),
    Many(Vec<String>),
}

impl Prev {
    /// The `prev` of a record that follows `heads` (in the order given):
    /// the genesis hash when there are none.
    pub(crate) fn of_heads(heads: &[String]) -> Prev {
        match heads {
            [] => Prev::One(GENESIS.to_owned()),
            [one] => Prev::One(one.clone()),
            many => Prev::Many(many.to_vec()),
        }
    }

    /// The hashes named.
    pub(crate) fn hashes(&self) -> &[String] {
        match self {
            Prev::One(one) => std::slice::from_ref(one),
            Prev::Many(many) => many,
        }
    }

    /// The text hashed before the line: the hash, or the hashes joined
    /// by `,`.
    pub(crate) fn text(&self) -> String {
        self.hashes().join(",")
    }
}

impl Default for Prev {
    fn default() -> Self {
        Prev::One(GENESIS.to_owned())
    }
}

/// One gate's verdict as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GateRecord {
    pub id: String,
    pub verdict: Stored<VerdictKind>,
    pub codes: Vec<String>,
}

/// One audit record, as stored (field order is the line's key order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Record {
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
    pub outcome: Stored<RecordOutcome>,
    pub gates: Vec<GateRecord>,
    pub reason: Option<String>,
    /// The git blob id of the task file the decision left (`move`,
    /// `check --staged`): the same decision on the same content is
    /// recorded once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob: Option<String>,
    /// The configuration that judged, when it was not the repository's
    /// (`Settings::judged_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// On a `recover` record only: the byte ranges `[start, end)` of the
    /// torn lines just before it (each without its newline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub torn: Option<Vec<[u64; 2]>>,
    /// How many records the log held, in file order, when this one was
    /// appended ([`Prior`]); absent on records of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<u64>,
    /// The SHA-256 (hex) over those records' hashes, each followed by a
    /// newline: with `prior`, the record commits to every record before
    /// it, so an anchor on it catches a record added before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_digest: Option<String>,
    pub prev: Prev,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
}

impl Record {
    /// The time of the record, if `ts` parses.
    pub(crate) fn time(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.ts)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    /// Whether this record is a decision (not a `recover` note).
    pub(crate) fn is_decision(&self) -> bool {
        self.command != RECOVER
    }
}

/// What a writer knows before it appends: everything but `seq`, `prev`
/// and `hash`, which come from the log's tail under the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Draft {
    pub ts: DateTime<Utc>,
    pub actor: String,
    pub command: String,
    pub task_id: Option<String>,
    pub task_title: Option<String>,
    pub priority: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outcome: RecordOutcome,
    pub gates: Vec<GateRecord>,
    pub reason: Option<String>,
    pub blob: Option<String>,
    pub config: Option<String>,
}

impl Draft {
    /// The draft of a judged transition.
    pub(crate) fn of_check(
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
            outcome: report.decision.outcome.into(),
            gates: report
                .decision
                .gates
                .iter()
                .map(|g| GateRecord {
                    id: g.id.to_owned(),
                    verdict: Stored::Known(g.verdict),
                    codes: problem_codes(&g.findings),
                })
                .collect(),
            reason: reason.map(ToOwned::to_owned),
            blob: report.blob.clone(),
            config: None,
        }
    }

    /// Turns the draft into the record with `seq` that follows `prev`.
    pub(crate) fn seal(self, seq: u64, prev: Prev) -> Record {
        Record {
            v: VERSION,
            seq,
            ts: self.ts.to_rfc3339_opts(SecondsFormat::Secs, true),
            actor: self.actor,
            command: self.command,
            task_id: self.task_id,
            task_title: self.task_title,
            priority: self.priority,
            from: self.from,
            to: self.to,
            outcome: Stored::Known(self.outcome),
            gates: self.gates,
            reason: self.reason,
            blob: self.blob,
            config: self.config,
            torn: None,
            prior: None,
            prior_digest: None,
            prev,
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
pub(crate) fn encode(record: &Record) -> Result<(String, String), AuditError> {
    let mut body = record.clone();
    body.hash = String::new();
    let json = serde_json::to_string(&body)?;
    let hash = chain_hash(&body.prev.text(), &json);
    let mut line = json;
    line.pop(); // the closing brace
    line.push_str(",\"hash\":\"");
    line.push_str(&hash);
    line.push_str("\"}");
    Ok((line, hash))
}

/// The records of a log up to some point, in file order: how many, and a
/// running SHA-256 over their hashes (each followed by `"\n"`). A writer
/// stamps each record with the state before it (`prior`,
/// `prior_digest`); `verify --anchor` recomputes it at the anchored record.
#[derive(Clone, Default)]
pub(crate) struct Prior {
    count: u64,
    hasher: Sha256,
}

impl Prior {
    /// Counts one more record, by its hash.
    pub(crate) fn push(&mut self, hash: &str) {
        self.count += 1;
        self.hasher.update(hash.as_bytes());
        self.hasher.update(b"\n");
    }

    pub(crate) fn count(&self) -> u64 {
        self.count
    }

    /// The digest over the hashes pushed so far.
    pub(crate) fn digest(&self) -> String {
        hex(&self.hasher.clone().finalize())
    }

    /// Stamps `record` with this state.
    pub(crate) fn stamp(&self, record: &mut Record) {
        record.prior = Some(self.count);
        record.prior_digest = Some(self.digest());
    }
}

impl std::fmt::Debug for Prior {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Prior({}, {})", self.count, self.digest())
    }
}

/// SHA-256 hex of the `prev` text + `"\n"` + `body`.
pub(crate) fn chain_hash(prev: &str, body: &str) -> String {
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
pub(crate) fn split_hash(line: &str) -> Option<(String, &str)> {
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

/// The decisions already in the log that name the file content they left
/// (`blob`): a decision made again on the same content — a commit of what
/// `gate move` wrote, or `check --staged` run twice — is not recorded
/// again.
/// A decision as [`Recorded`] knows it: task id, from, to, blob, outcome.
type DecisionKey = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    RecordOutcome,
);

#[derive(Debug, Default)]
pub(crate) struct Recorded {
    by_key: HashMap<DecisionKey, AuditRef>,
}

impl Recorded {
    /// The decisions the log holds on any of `blobs` (nothing when the log
    /// is disabled or absent). Only the lines that name one of them are
    /// decoded: a hooked commit does not parse the whole log.
    pub(crate) fn load(settings: &Settings, blobs: &[&str]) -> Result<Recorded, AuditError> {
        if !settings.audit.enabled || blobs.is_empty() {
            return Ok(Recorded::default());
        }
        let Some(bytes) = log::read(&settings.audit.path)? else {
            return Ok(Recorded::default());
        };
        let needles: Vec<String> = blobs.iter().map(|b| format!("\"blob\":\"{b}\"")).collect();
        let named = bytes.split(|b| *b == b'\n').filter(|line| {
            needles
                .iter()
                .any(|n| line.windows(n.len()).any(|w| w == n.as_bytes()))
        });
        let mut by_key = HashMap::new();
        for r in named.filter_map(|line| serde_json::from_slice::<Record>(line).ok()) {
            if let (Some(blob), Some(outcome)) = (
                r.blob
                    .clone()
                    .filter(|_| r.is_decision() && r.config == settings.judged_by),
                r.outcome.known(),
            ) {
                let key = (
                    r.task_id.clone(),
                    r.from.clone(),
                    r.to.clone(),
                    blob,
                    outcome,
                );
                by_key.insert(
                    key,
                    AuditRef {
                        seq: r.seq,
                        hash: r.hash.clone(),
                    },
                );
            }
        }
        Ok(Recorded { by_key })
    }

    /// The record of the same decision on the same content, if any.
    pub(crate) fn find(&self, report: &CheckReport) -> Option<AuditRef> {
        let key = (
            report.task.id.clone(),
            report.from.clone(),
            report.to.clone(),
            report.blob.clone()?,
            report.decision.outcome.into(),
        );
        self.by_key.get(&key).cloned()
    }
}

/// Records a judged transition in the audit log, unless the log is
/// disabled (`None`). No-op moves are the caller's to skip.
pub(crate) fn record(
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
    let mut draft = Draft::of_check(command, report, reason, actor, now);
    draft.config.clone_from(&settings.judged_by);
    log::check_place(&settings.root, &settings.audit.path)?;
    log::append(&settings.audit.path, draft).map(Some)
}

/// The outcome of checking a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verification {
    /// Records checked and found intact.
    pub records: u64,
    /// The last good record in file order: its seq and hash.
    pub head: Option<(u64, String)>,
    /// The good records no later record follows, in file order: one on a
    /// straight chain, several after a merge until the next record joins
    /// them.
    pub heads: Vec<(u64, String)>,
    /// The first bad line and why.
    pub broken: Option<Broken>,
    /// Bytes of torn writes at the end not yet noted by a `recover` record.
    pub torn_bytes: usize,
    /// Whether the last record lacks its final newline (the next writer
    /// adds it).
    pub unterminated: bool,
    /// Whether `--anchor` was found (None when no anchor was asked for).
    pub anchor_found: Option<bool>,
    /// Whether the anchored record commits to every record before it
    /// (`prior`, written by gate since issue 22): `false` for a record of
    /// an older version, which vouches for its own chain only.
    pub anchor_complete: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Broken {
    /// 1-based line number.
    pub line: u64,
    pub why: String,
}

/// One line of the log: its 1-based number, its byte range without the
/// newline, and whether a newline ends it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    pub line: u64,
    pub start: usize,
    pub end: usize,
    pub terminated: bool,
}

/// The lines of a log; a last line without a newline is included (not
/// terminated), an empty file has none.
pub(crate) fn spans(bytes: &[u8]) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    let mut line = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        line += 1;
        let span = match bytes[start..].iter().position(|b| *b == b'\n') {
            Some(i) => Span {
                line,
                start,
                end: start + i,
                terminated: true,
            },
            None => Span {
                line,
                start,
                end: bytes.len(),
                terminated: false,
            },
        };
        start = span.end + 1;
        Some(span)
    })
}

/// A line read as a record.
pub(crate) enum Line {
    /// A record (with its stored `hash`) and the hash its contents give.
    Record {
        record: Box<Record>,
        computed: String,
    },
    /// Not a record, and why.
    Not(String),
}

/// Reads one line (without its newline) as a record.
pub(crate) fn read_line(raw: &[u8]) -> Line {
    let Ok(line) = std::str::from_utf8(raw) else {
        return Line::Not("the line is not UTF-8".to_owned());
    };
    let Some((body, stored)) = split_hash(line) else {
        return Line::Not("the line does not end with `,\"hash\":\"<64 hex>\"}`".to_owned());
    };
    match serde_json::from_str::<Record>(&body) {
        Ok(mut record) => {
            let computed = chain_hash(&record.prev.text(), &body);
            stored.clone_into(&mut record.hash);
            Line::Record {
                record: Box::new(record),
                computed,
            }
        }
        Err(e) => Line::Not(format!("the line is not a valid record: {e}")),
    }
}

/// Whether bytes that are not a record look like the start of one cut
/// short (a torn write): only such bytes are ever noted by `recover`.
pub(crate) fn looks_torn(bytes: &[u8]) -> bool {
    const START: &[u8] = b"{\"v\":";
    !bytes.is_empty() && (START.starts_with(bytes) || bytes.starts_with(START))
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn ranges_text(ranges: &[[u64; 2]]) -> String {
    ranges
        .iter()
        .map(|[a, b]| format!("{a}..{b}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Recomputes the hash graph over the log's bytes: every record's hash
/// matches its contents, every hash its `prev` names is a record earlier in
/// the file, its `seq` is one more than the largest of theirs (1 after the
/// genesis hash), no record appears twice, and a line that is not a record
/// stands only directly before a `recover` record naming its bytes (or, cut
/// short, at the very end, awaiting the next writer). Forks are accepted:
/// branches of a committed log merged by git's union driver put each
/// side's new lines after the common ones.
pub(crate) fn verify(bytes: &[u8], anchor: Option<&str>) -> Verification {
    let mut chain = Chain::new(anchor);
    for span in spans(bytes) {
        if let Err(broken) = chain.read(bytes, span) {
            chain.v.broken = Some(broken);
            return chain.v;
        }
    }
    chain.finish(bytes)
}

/// [`verify`]'s pass over the log: what the lines read so far establish.
struct Chain {
    /// The verification so far (its `heads` set at the end).
    v: Verification,
    /// The `--anchor` asked for, lowercased.
    anchor: Option<String>,
    /// The records read, in file order ([`Prior`]).
    prior: Prior,
    /// Each record read: hash -> (seq, line).
    known: HashMap<String, (u64, u64)>,
    /// The records no later record follows yet.
    heads: Vec<(u64, String)>,
    /// Lines that are not records, waiting for the `recover` that names
    /// them: line, byte range, why.
    pending: Vec<(u64, [u64; 2], String)>,
}

impl Chain {
    fn new(anchor: Option<&str>) -> Chain {
        Chain {
            v: Verification {
                records: 0,
                head: None,
                heads: Vec::new(),
                broken: None,
                torn_bytes: 0,
                unterminated: false,
                anchor_found: anchor.map(|_| false),
                anchor_complete: None,
            },
            anchor: anchor.map(str::to_ascii_lowercase),
            prior: Prior::default(),
            known: HashMap::new(),
            heads: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Reads the line at `span`: a line that is not a record waits for
    /// its `recover`; a record must match its hash, follow the torn lines
    /// before it as their `recover`, link to records before it and, when
    /// anchored, still commit to them. `Err`: where the chain breaks.
    fn read(&mut self, bytes: &[u8], span: Span) -> Result<(), Broken> {
        let (record, computed) = match read_line(&bytes[span.start..span.end]) {
            Line::Not(why) => {
                let range = [span.start as u64, span.end as u64];
                self.pending.push((span.line, range, why));
                return Ok(());
            }
            Line::Record { record, computed } => (record, computed),
        };
        let broken = |why: String| Broken {
            line: span.line,
            why,
        };
        if computed != record.hash {
            return Err(broken(format!(
                "record seq {} was edited: its hash does not match its contents (stored {}…, computed {}…)",
                record.seq,
                short(&record.hash),
                short(&computed)
            )));
        }
        self.recover_torn(&record, span.line)?;
        if let Some(why) = link_problem(&self.known, &record) {
            return Err(broken(why));
        }
        if let Some(why) = self.anchor_problem(&record) {
            return Err(broken(why));
        }
        self.prior.push(&record.hash);
        let prevs = record.prev.hashes();
        self.heads.retain(|(_, h)| !prevs.contains(h));
        self.heads.push((record.seq, record.hash.clone()));
        self.known
            .insert(record.hash.clone(), (record.seq, span.line));
        self.v.unterminated = !span.terminated;
        self.v.records += 1;
        self.v.head = Some((record.seq, record.hash));
        Ok(())
    }

    /// Checks the torn lines waiting before `record` (on `line`): it must
    /// be the `recover` record naming exactly their bytes, and a record
    /// naming torn bytes must have them just before it.
    fn recover_torn(&mut self, record: &Record, line: u64) -> Result<(), Broken> {
        let named = record.torn.as_deref().unwrap_or_default();
        if self.pending.is_empty() {
            if named.is_empty() {
                return Ok(());
            }
            return Err(Broken {
                line,
                why: format!(
                    "the `recover` record seq {} names torn bytes {} but no torn line stands just before it",
                    record.seq,
                    ranges_text(named)
                ),
            });
        }
        let ranges: Vec<[u64; 2]> = self.pending.iter().map(|p| p.1).collect();
        if record.command != RECOVER || named != ranges.as_slice() {
            let (line, [a, b], why) = &self.pending[0];
            return Err(Broken {
                line: *line,
                why: format!(
                    "{why}; the record after it is not a `recover` record naming its bytes {a}..{b}, and only a torn write noted that way may stand in the log"
                ),
            });
        }
        self.pending.clear();
        Ok(())
    }

    /// When `record` is the anchor: notes it found, and says what is wrong
    /// when it commits to other records before it than the log holds. The
    /// anchor commits to every record before it in the file: a record
    /// added there (a forged fork off an early record) or taken away
    /// changes them.
    fn anchor_problem(&mut self, record: &Record) -> Option<String> {
        if self.anchor.as_deref() != Some(record.hash.as_str()) {
            return None;
        }
        self.v.anchor_found = Some(true);
        self.v.anchor_complete = Some(record.prior.is_some());
        let then = record.prior?;
        let digest = self.prior.digest();
        if then == self.prior.count() && record.prior_digest.as_deref() == Some(digest.as_str()) {
            return None;
        }
        Some(format!(
            "the anchored record seq {} was written after {then} records (digest {}…); the log now holds {} records before it (digest {}…): records were added, removed or reordered before the anchor",
            record.seq,
            short(record.prior_digest.as_deref().unwrap_or_default()),
            self.prior.count(),
            short(&digest)
        ))
    }

    /// The verification of the whole log: lines still waiting for their
    /// `recover` at the end are torn writes awaiting the next writer when
    /// they look like a record cut short, else the chain breaks there.
    fn finish(mut self, bytes: &[u8]) -> Verification {
        for (line, [a, b], why) in self.pending {
            let (a, b) = (
                usize::try_from(a).unwrap_or(usize::MAX),
                usize::try_from(b).unwrap_or(usize::MAX),
            );
            if looks_torn(bytes.get(a..b).unwrap_or_default()) {
                self.v.torn_bytes += b - a;
            } else {
                self.v.broken = Some(Broken { line, why });
                return self.v;
            }
        }
        self.v.heads = self.heads;
        self.v
    }
}

/// What is wrong with how `record` links to the records before it
/// (`known`: hash -> (seq, line)), if anything: a `prev` list must name
/// two or more different heads, every `prev` must be a record earlier in
/// the log (or the genesis hash alone), its seq must be one more than the
/// largest of theirs, and it must not repeat a record.
fn link_problem(known: &HashMap<String, (u64, u64)>, record: &Record) -> Option<String> {
    let prevs = record.prev.hashes();
    if matches!(record.prev, Prev::Many(_)) {
        let mut seen = std::collections::HashSet::new();
        if prevs.len() < 2 || !prevs.iter().all(|p| seen.insert(p)) {
            return Some(format!(
                "record seq {} has a `prev` list that does not name two or more different heads",
                record.seq
            ));
        }
    }
    let mut parent_seq = 0u64;
    for p in prevs {
        if p == GENESIS && prevs.len() == 1 {
            continue;
        }
        match known.get(p) {
            Some((seq, _)) => parent_seq = parent_seq.max(*seq),
            None => {
                return Some(format!(
                    "record seq {} follows {}…, which is not a record earlier in the log: a record was removed, replaced or reordered",
                    record.seq,
                    short(p)
                ));
            }
        }
    }
    if record.seq == u64::MAX {
        return Some(format!(
            "record seq {} has the largest seq there is (u64::MAX); no record can follow it, and a real log never gets there: forged",
            record.seq
        ));
    }
    let expected = parent_seq + 1; // parent seqs are below u64::MAX
    if record.seq > expected {
        return Some(format!(
            "seq {} follows seq {parent_seq}: records {expected}..{} are missing here (removed or reordered)",
            record.seq,
            record.seq - 1
        ));
    }
    if record.seq < expected {
        return Some(format!(
            "seq {} follows seq {parent_seq}: a record was inserted or records were reordered",
            record.seq
        ));
    }
    let (_, line) = known.get(&record.hash)?;
    Some(format!(
        "record seq {} repeats line {line}: a record was copied",
        record.seq
    ))
}

/// Why an `--anchor` does not name a record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AnchorError {
    #[error(
        "`{0}` is not a hash: give a record's 64-digit hash, or a prefix of 8 or more hex digits"
    )]
    NotAHash(String),
    #[error("no record's hash starts with `{0}`")]
    NoMatch(String),
    #[error("`{0}` is the start of {1} records' hashes; give more digits")]
    Ambiguous(String, usize),
}

/// Resolves an `--anchor`: a whole hash is taken as given (it may name a
/// head the log lost); a prefix of 8 to 63 hex digits must name exactly one
/// record of the log.
pub(crate) fn resolve_anchor(bytes: &[u8], anchor: &str) -> Result<String, AnchorError> {
    let text = anchor.trim().to_ascii_lowercase();
    if text.len() < 8 || text.len() > 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AnchorError::NotAHash(anchor.to_owned()));
    }
    if text.len() == 64 {
        return Ok(text);
    }
    let mut found: Vec<String> = Vec::new();
    for span in spans(bytes) {
        let Ok(line) = std::str::from_utf8(&bytes[span.start..span.end]) else {
            continue;
        };
        if let Some((_, hash)) = split_hash(line) {
            let hash = hash.to_ascii_lowercase();
            if hash.starts_with(&text) && !found.contains(&hash) {
                found.push(hash);
            }
        }
    }
    match found.len() {
        0 => Err(AnchorError::NoMatch(anchor.to_owned())),
        1 => Ok(found.remove(0)),
        n => Err(AnchorError::Ambiguous(anchor.to_owned(), n)),
    }
}

/// Parses every line of a log; lines that are not records are returned
/// as (line number, error) and skipped, except torn writes a `recover`
/// record names and a torn last line (awaiting the next writer). A last
/// record lacking only its newline is kept.
pub(crate) fn parse_all(bytes: &[u8]) -> (Vec<Record>, Vec<(u64, String)>) {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    let mut pending: Vec<(u64, [u64; 2], String)> = Vec::new();
    for span in spans(bytes) {
        let raw = &bytes[span.start..span.end];
        if raw.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Record>(raw) {
            Ok(r) => {
                let ranges: Vec<[u64; 2]> = pending.iter().map(|p| p.1).collect();
                if !(r.command == RECOVER && r.torn.as_deref() == Some(ranges.as_slice())) {
                    bad.extend(pending.drain(..).map(|(line, _, why)| (line, why)));
                }
                pending.clear();
                records.push(r);
            }
            Err(e) if span.terminated => {
                pending.push((
                    span.line,
                    [span.start as u64, span.end as u64],
                    e.to_string(),
                ));
            }
            Err(_) => {}
        }
    }
    for (line, [a, b], why) in pending {
        let torn = usize::try_from(a)
            .ok()
            .zip(usize::try_from(b).ok())
            .and_then(|(a, b)| bytes.get(a..b))
            .is_some_and(looks_torn);
        if !torn {
            bad.push((line, why));
        }
    }
    (records, bad)
}

/// Whether the log ends with a torn write (a last line, without its
/// newline, that is not a record).
pub(crate) fn ends_torn(bytes: &[u8]) -> bool {
    spans(bytes).last().is_some_and(|s| {
        !s.terminated && serde_json::from_slice::<Record>(&bytes[s.start..s.end]).is_err()
    })
}

/// Parses `--since`: an RFC 3339 time, a date (midnight UTC), or a
/// duration back from `now` such as `7d`, `24h`, `2w`.
pub(crate) fn parse_since(text: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
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
            outcome: serde_json::from_value(serde_json::json!(outcome)).unwrap(),
            gates: vec![GateRecord {
                id: "wip-limit".to_owned(),
                verdict: Stored::Known(VerdictKind::Fail),
                codes: vec!["wip-limit/exceeded".to_owned()],
            }],
            reason: None,
            blob: None,
            config: None,
        }
    }

    fn chain(n: u64) -> String {
        let mut out = String::new();
        let mut prev = GENESIS.to_owned();
        for seq in 0..n {
            let (line, hash) =
                encode(&draft("blocked").seal(seq + 1, Prev::One(prev.clone()))).unwrap();
            out.push_str(&line);
            out.push('\n');
            prev = hash;
        }
        out
    }

    #[test]
    fn record_line_has_the_spec_keys_in_order_and_hash_last() {
        let (line, hash) = encode(&draft("blocked").seal(1, Prev::default())).unwrap();
        assert_eq!(
            line.replace(&hash, "<HASH>"),
            r#"{"v":1,"seq":1,"ts":"2025-11-01T12:00:00Z","actor":"Ada <ada@example.com>","command":"check","task_id":"abc","task_title":"A \"quoted\" title","priority":"P0","from":"todo","to":"in_progress","outcome":"blocked","gates":[{"id":"wip-limit","verdict":"fail","codes":["wip-limit/exceeded"]}],"reason":null,"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"<HASH>"}"#
        );
        let (body, stored) = split_hash(&line).unwrap();
        assert_eq!(stored, hash);
        assert_eq!(chain_hash(GENESIS, &body), hash);
    }

    #[test]
    fn words_this_version_does_not_know_are_kept_as_written() {
        let (line, _) = encode(&draft("blocked").seal(1, Prev::default())).unwrap();
        let known: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(known.outcome, Stored::Known(RecordOutcome::Blocked));
        assert_eq!(known.gates[0].verdict, Stored::Known(VerdictKind::Fail));

        // A newer version's words (or a hand edit): read, kept, written back
        // byte for byte, so the hash still verifies.
        let line = line
            .replace(r#""outcome":"blocked""#, r#""outcome":"deferred""#)
            .replace(r#""verdict":"fail""#, r#""verdict":"Fail""#);
        let other: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(other.outcome, Stored::Other("deferred".to_owned()));
        assert_eq!(other.outcome.known(), None);
        assert_eq!(other.gates[0].verdict.as_str(), "Fail");
        assert_eq!(serde_json::to_string(&other).unwrap(), line);
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

    fn line(seq: u64, prev: Prev) -> (String, String) {
        tagged(seq, prev, "")
    }

    fn tagged(seq: u64, prev: Prev, tag: &str) -> (String, String) {
        let mut d = draft("allowed");
        d.task_title = Some(format!("{seq}{tag}"));
        let (mut line, hash) = encode(&d.seal(seq, prev)).unwrap();
        line.push('\n');
        (line, hash)
    }

    /// base, then two branches each appending, merged by git's union
    /// driver (ours first, then theirs), then a record joining both heads.
    fn merged() -> (Vec<String>, String, String) {
        let (l1, h1) = line(1, Prev::default());
        let (a2, ha2) = line(2, Prev::One(h1.clone()));
        let (a3, ha3) = line(3, Prev::One(ha2));
        let (b2, hb2) = tagged(2, Prev::One(h1), " on the other branch");
        let (join, _) = line(4, Prev::Many(vec![ha3.clone(), hb2.clone()]));
        (vec![l1, a2, a3, b2, join], ha3, hb2)
    }

    #[test]
    fn forks_that_rejoin_verify_and_any_edit_removal_or_reorder_does_not() {
        let (lines, ours, theirs) = merged();
        let v = verify(lines[..4].concat().as_bytes(), None);
        assert_eq!(v.broken, None);
        assert_eq!(
            v.heads.iter().map(|h| h.1.clone()).collect::<Vec<_>>(),
            [ours, theirs]
        );
        let v = verify(lines.concat().as_bytes(), None);
        assert_eq!((v.records, v.broken, v.heads.len()), (5, None, 1));
        for drop in 0..4 {
            let mut cut = lines.clone();
            cut.remove(drop);
            assert!(
                verify(cut.concat().as_bytes(), None).broken.is_some(),
                "removing line {} went unnoticed",
                drop + 1
            );
        }
        let mut swapped = lines.clone();
        swapped.swap(1, 2);
        assert_eq!(
            verify(swapped.concat().as_bytes(), None)
                .broken
                .unwrap()
                .line,
            2
        );
        let mut copied = lines.clone();
        copied.push(lines[4].clone());
        let b = verify(copied.concat().as_bytes(), None).broken.unwrap();
        assert!(b.why.contains("repeats line 5"), "{}", b.why);
        let mut edited = lines.clone();
        edited[3] = edited[3].replace("allowed", "blocked");
        assert_eq!(
            verify(edited.concat().as_bytes(), None)
                .broken
                .unwrap()
                .line,
            4
        );
    }

    #[test]
    fn a_torn_line_stands_only_before_a_recover_record_naming_it() {
        let (l1, h1) = line(1, Prev::default());
        let torn = "{\"v\":1,\"seq\":2,\"ts";
        let start = l1.len() as u64;
        let range = [start, start + torn.len() as u64];
        let mut note = draft("recovered").seal(2, Prev::One(h1.clone()));
        note.command = RECOVER.to_owned();
        note.torn = Some(vec![range]);
        let (note_line, _) = encode(&note).unwrap();
        let good = format!("{l1}{torn}\n{note_line}\n");
        assert_eq!(verify(good.as_bytes(), None).broken, None);
        // Awaiting recovery at the end: a warning, not a break.
        let v = verify(format!("{l1}{torn}").as_bytes(), None);
        assert_eq!((v.broken, v.torn_bytes), (None, torn.len()));
        // The same torn line followed by an ordinary record: broken.
        let (l2, _) = line(2, Prev::One(h1.clone()));
        let b = verify(format!("{l1}{torn}\n{l2}").as_bytes(), None)
            .broken
            .unwrap();
        assert_eq!(b.line, 2);
        // A recover record naming other bytes: broken.
        note.torn = Some(vec![[start, start + 3]]);
        let (wrong, _) = encode(&note).unwrap();
        assert!(
            verify(format!("{l1}{torn}\n{wrong}\n").as_bytes(), None)
                .broken
                .is_some()
        );
        // Garbage that is no record cut short is never awaiting recovery.
        let b = verify(format!("{l1}hello\n").as_bytes(), None)
            .broken
            .unwrap();
        assert_eq!(b.line, 2);
    }

    /// How a record links to those before it, judged by itself: its
    /// `prev`s must be records read (or the genesis hash alone), a `prev`
    /// list two or more different heads, its seq one more than the
    /// largest of theirs, and its hash new.
    #[test]
    fn a_record_links_only_to_records_before_it_with_the_next_seq() {
        let hash = |c: char| c.to_string().repeat(64);
        let known: HashMap<String, (u64, u64)> = [
            (hash('a'), (1, 1)),
            (hash('b'), (2, 2)),
            (hash('c'), (2, 3)),
        ]
        .into();
        let record = |seq: u64, prev: Prev, own: char| {
            let mut r = draft("allowed").seal(seq, prev);
            r.hash = hash(own);
            r
        };
        let problem = |r: &Record| link_problem(&known, r);
        assert_eq!(problem(&record(1, Prev::default(), 'x')), None);
        assert_eq!(problem(&record(3, Prev::One(hash('b')), 'x')), None);
        let joined = Prev::Many(vec![hash('b'), hash('a')]);
        assert_eq!(problem(&record(3, joined, 'x')), None);

        let said = |r: Record| problem(&r).unwrap_or_default();
        let twice = Prev::Many(vec![hash('b'), hash('b')]);
        assert!(said(record(3, twice, 'x')).contains("does not name two or more different heads"));
        let alone = Prev::Many(vec![hash('b')]);
        assert!(said(record(3, alone, 'x')).contains("two or more"));
        let unknown = said(record(2, Prev::One(hash('d')), 'x'));
        assert!(
            unknown.contains("follows dddddddddddd…, which is not a record earlier"),
            "{unknown}"
        );
        let gap = said(record(5, Prev::One(hash('b')), 'x'));
        assert!(
            gap.contains("seq 5 follows seq 2: records 3..4 are missing"),
            "{gap}"
        );
        let back = said(record(2, Prev::One(hash('b')), 'x'));
        assert!(
            back.contains("a record was inserted or records were reordered"),
            "{back}"
        );
        let copy = said(record(2, Prev::One(hash('a')), 'b'));
        assert!(copy.contains("repeats line 2"), "{copy}");
        // Genesis counts only alone: in a list it is no record read.
        let with_genesis = Prev::Many(vec![GENESIS.to_owned(), hash('a')]);
        assert!(said(record(2, with_genesis, 'x')).contains("not a record earlier"));
    }

    #[test]
    fn a_last_record_without_its_newline_is_a_record() {
        let log = chain(2);
        let v = verify(log.trim_end().as_bytes(), None);
        assert_eq!(
            (v.records, v.broken, v.unterminated, v.torn_bytes),
            (2, None, true, 0)
        );
        let (records, bad) = parse_all(log.trim_end().as_bytes());
        assert_eq!((records.len(), bad.len()), (2, 0));
    }

    #[test]
    fn verify_names_a_seq_of_u64_max() {
        let (l1, h1) = line(1, Prev::default());
        let (forged, _) = line(u64::MAX, Prev::One(h1));
        let b = verify(format!("{l1}{forged}").as_bytes(), None)
            .broken
            .unwrap();
        assert_eq!(b.line, 2);
        assert!(b.why.contains("u64::MAX"), "{}", b.why);
    }

    #[test]
    fn anchors_resolve_from_prefixes_that_name_one_record() {
        let log = chain(2);
        let (_, first) = split_hash(log.lines().next().unwrap()).unwrap();
        assert_eq!(resolve_anchor(log.as_bytes(), &first[..8]).unwrap(), first);
        assert_eq!(
            resolve_anchor(log.as_bytes(), &first.to_ascii_uppercase()[..10]).unwrap(),
            first
        );
        assert_eq!(resolve_anchor(log.as_bytes(), GENESIS).unwrap(), GENESIS);
        assert!(matches!(
            resolve_anchor(log.as_bytes(), "deadbeef"),
            Err(AnchorError::NoMatch(_))
        ));
        for bad in ["8c49dd1", "not-a-hash!", "", &"a".repeat(65)] {
            assert!(matches!(
                resolve_anchor(log.as_bytes(), bad),
                Err(AnchorError::NotAHash(_))
            ));
        }
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
