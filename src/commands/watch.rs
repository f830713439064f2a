//! `gate watch`: live compliance monitoring.
//!
//! Evaluates the board, prints every violation as `appeared`, then watches
//! the tasks directory (recursively) and the config file's directory with
//! `notify`; a burst of file events is debounced until 200 ms pass without
//! one, the board is evaluated again and the violations that appeared or
//! cleared are printed. `--once` evaluates, prints, and exits. Runs until
//! interrupted (or stdout closes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context as _, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use notify::{RecursiveMode, Watcher as _};
use serde::Serialize;

use super::Env;
use crate::board::Board;
use crate::cli::{Format, WatchArgs};
use crate::config::Settings;
use crate::error::Exit;
use crate::finding::Severity;
use crate::report::style::one_line;

/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// One violation, keyed by kind, subject and code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Violation {
    kind: &'static str,
    subject: String,
    code: String,
    message: String,
}

type State = BTreeMap<(&'static str, String, String), Violation>;

#[derive(Serialize)]
struct EventDoc<'a> {
    version: u32,
    event: &'a str,
    ts: String,
    kind: &'a str,
    subject: &'a str,
    code: &'a str,
    message: &'a str,
}

pub(super) fn run(env: &mut Env<'_>, args: &WatchArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let mut state = evaluate(env, Some(&settings));
    emit(env, &State::new(), &state)?;
    if args.once || env.output_closed() {
        return Ok(Exit::Success);
    }
    let tasks_dir = settings.board.tasks_dir.clone();
    let config = settings.config_file.clone();
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("starting the file watcher")?;
    watcher
        .watch(&tasks_dir, RecursiveMode::Recursive)
        .with_context(|| format!("watching `{}`", tasks_dir.display()))?;
    let config_dir = config
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf);
    if let Some(dir) = config_dir.as_deref().filter(|d| !d.starts_with(&tasks_dir)) {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching `{}`", dir.display()))?;
    }
    if !env.quiet {
        let also = config.as_deref().map_or_else(String::new, |c| {
            format!(" and `{}`", crate::board::display_path(&settings.root, c))
        });
        writeln!(
            env.err,
            "watching `{}`{also} (Ctrl-C to stop)",
            crate::board::display_path(&settings.root, &tasks_dir)
        )?;
        env.err.flush()?;
    }
    let relevant = |paths: &[PathBuf]| {
        paths.is_empty()
            || paths
                .iter()
                .any(|p| p.starts_with(&tasks_dir) || config.as_deref().is_some_and(|c| p == c))
    };
    while let Ok(first) = rx.recv() {
        let mut touched = first.map_or(true, |e| relevant(&e.paths));
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(more) => touched |= more.map_or(true, |e| relevant(&e.paths)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Success),
            }
        }
        if !touched {
            continue;
        }
        let settings = match env.settings() {
            Ok(s) => Some(s),
            Err(e) => {
                if !env.quiet {
                    writeln!(env.err, "error: {e:#}")?;
                }
                None
            }
        };
        let next = evaluate(env, settings.as_ref());
        emit(env, &state, &next)?;
        if env.output_closed() {
            return Ok(Exit::Success);
        }
        state = next;
    }
    Ok(Exit::Success)
}

/// The violations of the board now; `None` settings means the config
/// stopped loading, which is itself the one violation.
fn evaluate(env: &Env<'_>, settings: Option<&Settings>) -> State {
    let mut out = State::new();
    let mut add = |v: Violation| {
        out.insert((v.kind, v.subject.clone(), v.code.clone()), v);
    };
    let Some(settings) = settings else {
        add(Violation {
            kind: "config-invalid",
            subject: env
                .locate
                .config
                .as_deref()
                .map_or_else(|| "config".to_owned(), |p| p.display().to_string()),
            code: "config/invalid".to_owned(),
            message: "the configuration does not load; nothing else is evaluated until it does"
                .to_owned(),
        });
        return out;
    };
    let board = match Board::load(settings) {
        Ok(b) => b,
        Err(e) => {
            add(Violation {
                kind: "board-unreadable",
                subject: crate::board::display_path(&settings.root, &settings.board.tasks_dir),
                code: "board/unreadable".to_owned(),
                message: e.to_string(),
            });
            return out;
        }
    };
    for c in crate::report::board_report(&board, settings).columns {
        if let Some(limit) = c.limit.filter(|l| c.count > *l as usize) {
            add(Violation {
                kind: "column-over-limit",
                message: format!(
                    "column '{}' holds {} tasks, over its WIP limit of {limit}",
                    c.name, c.count
                ),
                subject: c.status,
                code: "wip-limit/exceeded".to_owned(),
            });
        }
    }
    let (_, rows) = super::report::p0_rows(settings, &board, now());
    for row in rows {
        for q in row.requirements.iter().filter(|q| !q.passed) {
            // The gate's own words: the requirement's finding, else why the
            // gate could not tell (no git, shallow history).
            let why = row
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .find(|f| f.code == q.code)
                .or_else(|| row.findings.iter().find(|f| f.severity == Severity::Error))
                .map_or_else(
                    || "this stage's requirement is not met".to_owned(),
                    |f| one_line(&f.message),
                );
            add(Violation {
                kind: "p0-requirement",
                subject: row.task.path.clone(),
                code: q.code.to_owned(),
                message: format!(
                    "P0 task '{}' is at '{}': {why}",
                    one_line(&row.task.title),
                    row.status
                ),
            });
        }
    }
    for entry in &board.entries {
        if let Some(f) = entry
            .findings()
            .iter()
            .find(|f| f.severity == Severity::Error)
        {
            add(Violation {
                kind: "file-unreadable",
                subject: entry.display.clone(),
                code: f.code.to_owned(),
                message: one_line(&f.message),
            });
        }
    }
    out
}

fn now() -> DateTime<Utc> {
    super::now()
}

/// Prints what cleared (first) and what appeared between two states.
fn emit(env: &mut Env<'_>, before: &State, after: &State) -> Result<()> {
    if env.quiet {
        return Ok(());
    }
    let ts = now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let cleared = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, v)| ("cleared", v));
    let appeared = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, v)| ("appeared", v));
    for (event, v) in cleared.chain(appeared) {
        if env.format == Format::Json {
            let doc = EventDoc {
                version: 1,
                event,
                ts: ts.clone(),
                kind: v.kind,
                subject: &v.subject,
                code: &v.code,
                message: &v.message,
            };
            crate::report::json::write(env.out, &doc)?;
        } else {
            let word = if event == "cleared" {
                env.style.good("cleared ")
            } else {
                env.style.bad("appeared")
            };
            writeln!(
                env.out,
                "{ts} {word} {} {}: {} [{}]",
                v.kind,
                one_line(&v.subject),
                v.message,
                v.code
            )?;
        }
    }
    env.out.flush()?;
    Ok(())
}
