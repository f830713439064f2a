//! `gate audit verify` and `gate audit log`, and the one helper every
//! deciding command uses to record its decision.

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};
use comfy_table::Cell;
use serde::Serialize;

use super::Env;
use crate::audit::{self, Record, Word as _};
use crate::change::{AuditRef, CheckReport};
use crate::cli::{AuditCommand, AuditLogArgs, AuditVerifyArgs, Format};
use crate::config::Settings;
use crate::error::{Exit, UsageError};
use crate::report::style::{Style, one_line};
use crate::report::{human, json};

/// Records a decision. A decision that cannot be recorded does not count:
/// the error makes the command exit 2.
pub(super) fn record_check(
    settings: &Settings,
    command: &str,
    report: &CheckReport,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<AuditRef>> {
    audit::record(settings, command, report, reason, now).with_context(|| {
        format!(
            "the `{}` decision could not be recorded in the audit log, so it does not count",
            report.decision.outcome.as_str()
        )
    })
}

/// Records the `error` outcome of a transition asked of a task file that
/// cannot be read, and returns the error to report (with the recording
/// failure added when that failed too).
pub(super) fn record_unreadable(
    settings: &Settings,
    command: &str,
    entry: &crate::board::Entry,
    to: &str,
    now: DateTime<Utc>,
    error: anyhow::Error,
) -> anyhow::Error {
    let report = CheckReport {
        task: crate::report::TaskSummary {
            id: None,
            title: entry.display.clone(),
            path: entry.display.clone(),
            priority: None,
            status: None,
            status_raw: None,
            status_line: None,
        },
        from: None,
        to: Some(settings.vocab.status(to)),
        from_name: None,
        to_name: Some(
            settings
                .workflow
                .name(&settings.vocab.status(to))
                .to_owned(),
        ),
        kind: crate::change::ChangeKind::Transition,
        decision: crate::gates::Decision {
            outcome: crate::gates::Outcome::Error,
            gates: Vec::new(),
        },
        no_op: false,
        blob: None,
        audit: None,
    };
    match record_check(settings, command, &report, None, now) {
        Ok(_) => error,
        Err(e) => error.context(crate::error::one_line_chain(&e)),
    }
}

pub(super) fn run(env: &mut Env<'_>, cmd: &AuditCommand) -> Result<Exit> {
    match cmd {
        AuditCommand::Verify(args) => verify(env, args),
        AuditCommand::Log(args) => log(env, args),
    }
}

fn verify(env: &mut Env<'_>, args: &AuditVerifyArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let path = &settings.audit.path;
    let shown = crate::board::display_path(&settings.root, path);
    let bytes = audit::log::read(path)?;
    let anchor = match &args.anchor {
        Some(a) => Some(resolve_anchor(bytes.as_deref().unwrap_or_default(), a)?),
        None => None,
    };
    let Some(bytes) = bytes else {
        if !env.quiet {
            writeln!(env.err, "no audit log at `{shown}` yet: nothing to verify")?;
        }
        // An anchor cannot be in a log that does not exist.
        return Ok(if anchor.is_some() {
            Exit::Failure
        } else {
            Exit::Success
        });
    };
    let v = audit::verify(&bytes, anchor.as_deref());
    let ok = v.broken.is_none() && v.anchor_found != Some(false);
    if !env.quiet {
        if env.format == Format::Json {
            json::write(env.out, &VerifyDoc::new(&shown, ok, &v))?;
        } else {
            write_verification(env, &shown, &v, anchor.as_deref())?;
        }
        verify_warnings(env, &shown, &v)?;
    }
    Ok(if ok { Exit::Success } else { Exit::Failure })
}

/// The record `--anchor` names in the log `bytes`. A prefix must name one
/// record; anything else that is not a whole hash is a usage error, never
/// "tampered".
fn resolve_anchor(bytes: &[u8], anchor: &str) -> Result<String> {
    audit::resolve_anchor(bytes, anchor).map_err(|e| {
        UsageError(format!(
            "--anchor: {e}\nhelp: pass a head's hash as `gate audit verify` printed it (8 or more leading hex digits that name one record, or all 64)"
        ))
        .into()
    })
}

/// `audit verify`'s verdict for people: where the chain breaks, that the
/// anchor is not in it, or that it is intact and where its heads are.
fn write_verification(
    env: &mut Env<'_>,
    shown: &str,
    v: &audit::Verification,
    anchor: Option<&str>,
) -> Result<()> {
    if let Some(b) = &v.broken {
        writeln!(
            env.out,
            "{}: {shown}:{}: {}",
            env.style.bad("tampered"),
            b.line,
            one_line(&b.why)
        )?;
        writeln!(
            env.out,
            "  the {} record(s) before line {} verify",
            v.records, b.line
        )?;
    } else if v.anchor_found == Some(false) {
        writeln!(
            env.out,
            "{}: {shown}: anchor {} is not in the chain: the log was rewritten or cut since that head",
            env.style.bad("tampered"),
            anchor.unwrap_or_default()
        )?;
    } else {
        let anchored = if v.anchor_found == Some(true) {
            ", anchor found"
        } else {
            ""
        };
        writeln!(
            env.out,
            "{}: {shown}: {} records, chain intact{anchored}; {}",
            env.style.good("ok"),
            v.records,
            heads_text(&v.heads)
        )?;
    }
    Ok(())
}

/// The heads of an intact chain, for people: one on a straight chain,
/// several after a merge.
fn heads_text(heads: &[(u64, String)]) -> String {
    match heads {
        [] => "empty".to_owned(),
        [(seq, hash)] => format!("head seq {seq} {hash}"),
        many => format!(
            "{} heads (merged branches; the next record joins them): {}",
            many.len(),
            many.iter()
                .map(|(seq, hash)| format!("seq {seq} {hash}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What `audit verify` warns of on stderr, in every format: an anchor of
/// an older gate, a torn write at the end, a missing final newline.
fn verify_warnings(env: &mut Env<'_>, shown: &str, v: &audit::Verification) -> Result<()> {
    if v.anchor_complete == Some(false) && v.broken.is_none() {
        writeln!(
            env.err,
            "warning: the anchored record was written by an older gate and vouches only for the records it follows: a record added beside its chain before it is not caught\nhelp: anchor a record written since (the head `gate audit verify` prints after the next decision)"
        )?;
    }
    if v.torn_bytes > 0 {
        writeln!(
            env.err,
            "warning: {shown} ends with a torn write of {} bytes (an interrupted write); the next record keeps it in place and notes it with a `recover` record",
            v.torn_bytes
        )?;
    }
    if v.unterminated {
        writeln!(
            env.err,
            "warning: {shown}: the last record lacks its final newline; the next record adds it"
        )?;
    }
    Ok(())
}

/// `audit verify --format json`.
#[derive(Serialize)]
struct VerifyDoc {
    version: u32,
    path: String,
    ok: bool,
    records: u64,
    head: Option<RecordAt>,
    heads: Vec<RecordAt>,
    broken: Option<BrokenDoc>,
    anchor_found: Option<bool>,
    /// Whether the anchored record commits to every record before it
    /// (`false`: a record of an older gate, vouching for its own chain).
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor_complete: Option<bool>,
    torn_bytes: usize,
}

impl VerifyDoc {
    fn new(shown: &str, ok: bool, v: &audit::Verification) -> VerifyDoc {
        let at = |(seq, hash): &(u64, String)| RecordAt {
            seq: *seq,
            hash: hash.clone(),
        };
        VerifyDoc {
            version: 1,
            path: shown.to_owned(),
            ok,
            records: v.records,
            head: v.head.as_ref().map(at),
            heads: v.heads.iter().map(at).collect(),
            broken: v.broken.as_ref().map(|b| BrokenDoc {
                line: b.line,
                reason: b.why.clone(),
            }),
            anchor_found: v.anchor_found,
            anchor_complete: v.anchor_complete,
            torn_bytes: v.torn_bytes,
        }
    }
}

/// A record named by its seq and hash.
#[derive(Serialize)]
struct RecordAt {
    seq: u64,
    hash: String,
}

#[derive(Serialize)]
struct BrokenDoc {
    line: u64,
    reason: String,
}

/// `audit log --format json`.
#[derive(Serialize)]
struct LogDoc<'a> {
    version: u32,
    records: &'a [&'a Record],
}

fn log(env: &mut Env<'_>, args: &AuditLogArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let since = super::since(args.since.as_deref(), env.now)?;
    let bytes = audit::log::read(&settings.audit.path)?.unwrap_or_default();
    let (records, bad) = audit::parse_all(&bytes);
    if let Some(o) = &args.outcome {
        known_outcome(o, &records)?;
    }
    if !env.quiet {
        let shown = crate::board::display_path(&settings.root, &settings.audit.path);
        for (line, e) in &bad {
            writeln!(env.err, "warning: {shown}:{line}: not a record: {e}")?;
        }
        if audit::ends_torn(&bytes) {
            writeln!(
                env.err,
                "warning: {shown} ends with a torn line (an interrupted write); it is not listed"
            )?;
        }
    }
    let needle = args.task.as_deref().map(str::to_lowercase);
    let selected: Vec<&Record> = records
        .iter()
        .filter(|r| {
            needle
                .as_deref()
                .is_none_or(|n| names_task(n, r.task_id.as_deref(), r.task_title.as_deref()))
        })
        .filter(|r| {
            args.outcome
                .as_deref()
                .is_none_or(|o| r.outcome.as_str() == o)
        })
        .filter(|r| since.is_none_or(|s| r.time().is_some_and(|t| t >= s)))
        .collect();
    if env.quiet {
        return Ok(Exit::Success);
    }
    if env.format == Format::Json {
        json::write(
            env.out,
            &LogDoc {
                version: 1,
                records: &selected,
            },
        )?;
        return Ok(Exit::Success);
    }
    if selected.is_empty() {
        writeln!(env.out, "no audit records")?;
        return Ok(Exit::Success);
    }
    let mut t = human::table(&[
        "seq", "time", "actor", "command", "task", "move", "outcome", "reason",
    ]);
    for r in &selected {
        t.add_row(log_row(env.style, r));
    }
    human::write_table(env.out, &t)?;
    Ok(Exit::Success)
}

/// A usage error unless `outcome` is one gate writes or one the log
/// holds.
fn known_outcome(outcome: &str, records: &[Record]) -> Result<()> {
    let mut outcomes: Vec<&str> = audit::RecordOutcome::ALL
        .iter()
        .map(|o| o.as_str())
        .collect();
    for r in records {
        if !outcomes.contains(&r.outcome.as_str()) {
            outcomes.push(r.outcome.as_str());
        }
    }
    if !outcomes.contains(&outcome) {
        bail!(UsageError(format!(
            "unknown outcome `{}`\nhelp: use one of: {}",
            one_line(outcome),
            outcomes
                .iter()
                .map(|o| one_line(o))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// Whether `--task` (lowercased: `needle`) names the task of a record:
/// a prefix of its id or a part of its title, in any case.
fn names_task(needle: &str, id: Option<&str>, title: Option<&str>) -> bool {
    id.is_some_and(|id| id.to_lowercase().starts_with(needle))
        || title.is_some_and(|t| t.to_lowercase().contains(needle))
}

/// One record as a row of `audit log`'s table. Every field came from the
/// file: each is sanitised before it is printed (a forged record may
/// carry escape sequences).
fn log_row(style: Style, r: &Record) -> Vec<Cell> {
    let clean_outcome = one_line(r.outcome.as_str());
    let outcome = match r.outcome.known() {
        Some(audit::RecordOutcome::Allowed) => style.good(&clean_outcome),
        Some(audit::RecordOutcome::Blocked | audit::RecordOutcome::Error) => {
            style.bad(&clean_outcome)
        }
        _ => style.warn(&clean_outcome),
    };
    let task = task_cell(r.task_id.as_deref(), r.task_title.as_deref());
    vec![
        Cell::new(r.seq),
        Cell::new(one_line(&r.ts)),
        Cell::new(one_line(&r.actor)),
        Cell::new(one_line(&r.command)),
        Cell::new(one_line(&truncate(&task, 48))),
        Cell::new(one_line(&move_cell(r.from.as_deref(), r.to.as_deref()))),
        Cell::new(outcome),
        Cell::new(one_line(r.reason.as_deref().unwrap_or(""))),
    ]
}

/// A record's task for `audit log`: its short id and title, either alone,
/// or `-`.
fn task_cell(id: Option<&str>, title: Option<&str>) -> String {
    match (id, title) {
        (Some(id), Some(title)) => format!("{} {}", crate::task::short_id(id), title),
        (None, Some(title)) => title.to_owned(),
        (Some(id), None) => id.to_owned(),
        (None, None) => "-".to_owned(),
    }
}

/// A record's move for `audit log`: `from -> to`, `(new)` for a task
/// created, `-` for a removal's target or a record of no move.
fn move_cell(from: Option<&str>, to: Option<&str>) -> String {
    match (from, to) {
        (None, None) => "-".to_owned(),
        (from, to) => format!("{} -> {}", from.unwrap_or("(new)"), to.unwrap_or("-")),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{heads_text, move_cell, names_task, task_cell};

    #[test]
    fn an_intact_chain_names_its_one_head_or_all_of_them_after_a_merge() {
        assert_eq!(heads_text(&[]), "empty");
        assert_eq!(heads_text(&[(3, "ab".to_owned())]), "head seq 3 ab");
        assert_eq!(
            heads_text(&[(3, "ab".to_owned()), (4, "cd".to_owned())]),
            "2 heads (merged branches; the next record joins them): seq 3 ab, seq 4 cd"
        );
    }

    /// `--task` names a record's task by a prefix of its id or a part of
    /// its title, in any case; not by the middle of its id.
    #[test]
    fn task_matches_an_id_prefix_or_a_part_of_the_title() {
        assert!(names_task("t-1", Some("T-12"), None));
        assert!(!names_task("-12", Some("T-12"), None));
        assert!(names_task(
            "login",
            Some("T-12"),
            Some("Fix the Login page")
        ));
        assert!(!names_task("t-1", None, None));
    }

    #[test]
    fn a_record_shows_its_task_and_move_even_when_parts_are_missing() {
        let uuid = "0191f1a2-7b3c-7d4e-8f50-123456789abc";
        assert_eq!(task_cell(Some(uuid), Some("Login")), "0191f1a2 Login");
        assert_eq!(task_cell(Some(uuid), None), uuid);
        assert_eq!(task_cell(None, Some("Login")), "Login");
        assert_eq!(task_cell(None, None), "-");
        assert_eq!(move_cell(Some("todo"), Some("doing")), "todo -> doing");
        assert_eq!(move_cell(None, Some("todo")), "(new) -> todo");
        assert_eq!(move_cell(Some("doing"), None), "doing -> -");
        assert_eq!(move_cell(None, None), "-");
    }
}
