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
use crate::report::style::one_line;
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

#[allow(clippy::too_many_lines)] // renders the verification in output order (not yet split, #21)
fn verify(env: &mut Env<'_>, args: &AuditVerifyArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let path = &settings.audit.path;
    let shown = crate::board::display_path(&settings.root, path);
    let bytes = audit::log::read(path)?;
    // A prefix must name one record; anything else that is not a whole
    // hash is a usage error, never "tampered".
    let anchor = match &args.anchor {
        Some(a) => Some(
            audit::resolve_anchor(bytes.as_deref().unwrap_or_default(), a).map_err(|e| {
                UsageError(format!(
                    "--anchor: {e}\nhelp: pass a head's hash as `gate audit verify` printed it (8 or more leading hex digits that name one record, or all 64)"
                ))
            })?,
        ),
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
    if env.format == Format::Json {
        let at = |(seq, hash): &(u64, String)| RecordAt {
            seq: *seq,
            hash: hash.clone(),
        };
        let doc = VerifyDoc {
            version: 1,
            path: shown.clone(),
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
        };
        if !env.quiet {
            json::write(env.out, &doc)?;
        }
    } else if !env.quiet {
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
                anchor.as_deref().unwrap_or_default()
            )?;
        } else {
            let head = match v.heads.as_slice() {
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
            };
            let anchored = if v.anchor_found == Some(true) {
                ", anchor found"
            } else {
                ""
            };
            writeln!(
                env.out,
                "{}: {shown}: {} records, chain intact{anchored}; {head}",
                env.style.good("ok"),
                v.records
            )?;
        }
    }
    if v.anchor_complete == Some(false) && v.broken.is_none() && !env.quiet {
        writeln!(
            env.err,
            "warning: the anchored record was written by an older gate and vouches only for the records it follows: a record added beside its chain before it is not caught\nhelp: anchor a record written since (the head `gate audit verify` prints after the next decision)"
        )?;
    }
    if v.torn_bytes > 0 && !env.quiet {
        writeln!(
            env.err,
            "warning: {shown} ends with a torn write of {} bytes (an interrupted write); the next record keeps it in place and notes it with a `recover` record",
            v.torn_bytes
        )?;
    }
    if v.unterminated && !env.quiet {
        writeln!(
            env.err,
            "warning: {shown}: the last record lacks its final newline; the next record adds it"
        )?;
    }
    Ok(if ok { Exit::Success } else { Exit::Failure })
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

#[allow(clippy::too_many_lines)] // renders the log in output order (not yet split, #21)
fn log(env: &mut Env<'_>, args: &AuditLogArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let since = super::since(args.since.as_deref(), env.now)?;
    let bytes = audit::log::read(&settings.audit.path)?.unwrap_or_default();
    let (records, bad) = audit::parse_all(&bytes);
    if let Some(o) = &args.outcome {
        // The outcomes gate writes, and any other the log holds.
        let mut outcomes: Vec<&str> = audit::RecordOutcome::ALL
            .iter()
            .map(|o| o.as_str())
            .collect();
        for r in &records {
            if !outcomes.contains(&r.outcome.as_str()) {
                outcomes.push(r.outcome.as_str());
            }
        }
        if !outcomes.contains(&o.as_str()) {
            bail!(UsageError(format!(
                "unknown outcome `{}`\nhelp: use one of: {}",
                one_line(o),
                outcomes
                    .iter()
                    .map(|o| one_line(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
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
            needle.as_deref().is_none_or(|n| {
                r.task_id
                    .as_deref()
                    .is_some_and(|id| id.to_lowercase().starts_with(n))
                    || r.task_title
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().contains(n))
            })
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
    let mut t = human::table(&[
        "seq", "time", "actor", "command", "task", "move", "outcome", "reason",
    ]);
    for r in &selected {
        let task = match (&r.task_id, &r.task_title) {
            (Some(id), Some(title)) => format!("{} {}", crate::task::short_id(id), title),
            (None, Some(title)) => title.clone(),
            (Some(id), None) => id.clone(),
            (None, None) => "-".to_owned(),
        };
        let moved = match (&r.from, &r.to) {
            (None, None) => "-".to_owned(),
            (from, to) => format!(
                "{} -> {}",
                from.as_deref().unwrap_or("(new)"),
                to.as_deref().unwrap_or("-")
            ),
        };
        // Every field came from the file: each is sanitised before it is
        // printed (a forged record may carry escape sequences).
        let clean_outcome = one_line(r.outcome.as_str());
        let outcome = match r.outcome.known() {
            Some(audit::RecordOutcome::Allowed) => env.style.good(&clean_outcome),
            Some(audit::RecordOutcome::Blocked | audit::RecordOutcome::Error) => {
                env.style.bad(&clean_outcome)
            }
            _ => env.style.warn(&clean_outcome),
        };
        t.add_row(vec![
            Cell::new(r.seq),
            Cell::new(one_line(&r.ts)),
            Cell::new(one_line(&r.actor)),
            Cell::new(one_line(&r.command)),
            Cell::new(one_line(&truncate(&task, 48))),
            Cell::new(one_line(&moved)),
            Cell::new(outcome),
            Cell::new(one_line(r.reason.as_deref().unwrap_or(""))),
        ]);
    }
    if selected.is_empty() {
        writeln!(env.out, "no audit records")?;
    } else {
        human::write_table(env.out, &t)?;
    }
    Ok(Exit::Success)
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
