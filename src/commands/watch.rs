//! `gate watch`: live compliance monitoring.
//!
//! Evaluates the board, prints every violation as `appeared`, then watches
//! the tasks directory (recursively) and every directory a config may
//! appear in with `notify`; a burst of file changes (reads are ignored) is
//! debounced until 200 ms pass without one (a moved `HEAD` or ref in the
//! git directory counts: it may bring commit evidence), the board is evaluated again
//! and the violations that appeared or cleared are printed. Evaluating
//! again is incremental: the board is re-read (a cheap pass) but only the
//! rows of the gates' tables (the P0 tasks, which read git) whose files
//! changed are judged again — every row when refs moved, everything when
//! the config changed. With `-v`, each burst
//! that was evaluated ends with `checked: N file events` on stderr, after
//! the events it printed. While the
//! config does not load, the last good verdicts stand and one
//! `config-invalid` violation carries the error. `--once` evaluates,
//! prints, and exits. Runs until interrupted (or stdout closes).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context as _, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use notify::{RecursiveMode, Watcher as _};
use serde::Serialize;

use super::Env;
use crate::board::{Board, Entry, EntryKey, EntryKind};
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
    // The verdicts of the last configuration that loaded: kept while the
    // config is broken, so nothing is said to clear that did not.
    // The board's files and each task's table rows' violations, between
    // events.
    let mut known: Option<Known> = None;
    // Before a first board that loads, the last verdicts are none.
    let mut good = State::new();
    let first = with_board(&mut good, evaluate(&settings, &mut known, Rejudge::All));
    emit(env, &State::new(), &first)?;
    if args.once || env.output_closed() {
        return Ok(Exit::Success);
    }
    let mut shown = first;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("starting the file watcher")?;
    let mut places = Places::of(env, &settings);
    let mut armed = BTreeMap::new();
    rearm(&mut watcher, &mut armed, &places.dirs)?;
    if !env.quiet {
        let also = settings
            .config_file
            .as_deref()
            .map_or_else(String::new, |c| {
                format!(" and `{}`", crate::board::display_path(&settings.root, c))
            });
        writeln!(
            env.err,
            "watching `{}`{also} (Ctrl-C to stop)",
            crate::board::display_path(&settings.root, &settings.board.tasks_dir)
        )?;
        env.err.flush()?;
    }
    // The error text of the broken config, once said.
    let mut broken: Option<String> = None;
    while let Ok(first) = rx.recv() {
        let mut touched = places.relevant(first);
        let mut events = 1usize;
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(more) => {
                    events += 1;
                    touched = touched.max(places.relevant(more));
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Success),
            }
        }
        if touched == Touched::Nothing {
            continue;
        }
        let next = match env.settings() {
            Ok(settings) => {
                // A config that changed (or loads again) may change every
                // verdict; moved refs the evidence of every table row; a
                // task file only its own row and the board-wide counts.
                let rejudge = if touched == Touched::Config || broken.is_some() {
                    known = None;
                    Rejudge::All
                } else if touched == Touched::Git {
                    Rejudge::AllRows
                } else {
                    Rejudge::Changed
                };
                broken = None;
                places = Places::of(env, &settings);
                if let Err(e) = rearm(&mut watcher, &mut armed, &places.dirs)
                    && !env.quiet
                {
                    writeln!(env.err, "warning: {}", crate::error::one_line_chain(&e))?;
                }
                with_board(&mut good, evaluate(&settings, &mut known, rejudge))
            }
            Err(e) => {
                let text = crate::error::one_line_chain(&e);
                if broken.as_deref() != Some(text.as_str()) && !env.quiet {
                    writeln!(env.err, "error: {text}")?;
                    env.err.flush()?;
                }
                let mut next = good.clone();
                let v = config_invalid(env, &e, &text);
                next.insert((v.kind, v.subject.clone(), v.code.clone()), v);
                broken = Some(text);
                next
            }
        };
        emit(env, &shown, &next)?;
        if env.output_closed() {
            return Ok(Exit::Success);
        }
        if env.verbose > 0 {
            // After the events it printed: whoever reads both streams in
            // order knows this burst is judged, and what it changed.
            writeln!(env.err, "checked: {events} file events")?;
            env.err.flush()?;
        }
        shown = next;
    }
    Ok(Exit::Success)
}

const CONFIG_INVALID: &str = "config-invalid";

/// File names a config may have (`find_config`'s).
const CONFIG_NAMES: &[&str] = &["gate.toml", ".gate.toml", "promethean.kanban.json"];

/// Where watch listens: the tasks directory (recursively), and every
/// directory a config may appear in (the working directory up to the
/// repository root, the config file's directory, the directories of the
/// root's config candidates, the places of a board tool's config), each by
/// itself.
struct Places {
    tasks_dir: PathBuf,
    config: Option<PathBuf>,
    /// Where a board tool's config may be: a change there is a config change.
    tool_files: Vec<PathBuf>,
    /// The git directory: a moved `HEAD` or ref may bring commit evidence.
    git_dir: Option<PathBuf>,
    /// Directory → recursive?
    dirs: BTreeMap<PathBuf, bool>,
}

impl Places {
    fn of(env: &Env<'_>, settings: &Settings) -> Places {
        let tasks_dir = settings.board.tasks_dir.clone();
        let mut dirs = BTreeMap::new();
        let mut add = |dir: &Path, recursive: bool| {
            if dir.is_dir() && (recursive || !dir.starts_with(&tasks_dir)) {
                dirs.insert(dir.to_path_buf(), recursive);
            }
        };
        add(&tasks_dir, true);
        let cwd = std::path::absolute(&env.locate.cwd).unwrap_or_else(|_| env.locate.cwd.clone());
        for dir in cwd.ancestors() {
            add(dir, false);
            if dir == settings.root || !dir.starts_with(&settings.root) {
                break;
            }
        }
        add(&settings.root, false);
        for candidate in crate::config::ROOT_CANDIDATES {
            if let Some(dir) = settings.root.join(candidate).parent() {
                add(dir, false);
            }
        }
        let config = settings
            .config_file
            .clone()
            .or_else(|| env.locate.config.as_ref().map(|c| env.locate.cwd.join(c)));
        if let Some(dir) = config.as_deref().and_then(Path::parent) {
            add(dir, false);
        }
        // A board tool's config (`kanban/config.yml`, …): where the
        // search looks, nearest first, whether or not a gate.toml layers
        // over it.
        let tool_files: Vec<PathBuf> = crate::config::native::candidates(&cwd, &settings.root)
            .into_iter()
            .map(|(_, rel)| settings.root.join(rel))
            .collect();
        for dir in tool_files.iter().filter_map(|f| f.parent()) {
            add(dir, false);
        }
        let git_dir = crate::git::git_dir(&settings.root);
        if let Some(git) = &git_dir {
            add(git, false);
            add(&git.join("refs"), true);
        }
        Places {
            tasks_dir,
            config,
            tool_files,
            git_dir,
            dirs,
        }
    }

    /// What an event may change: a change (not a read) in the tasks
    /// directory, of a moved `HEAD` or ref, to the config file or a file
    /// named like one. An event that names no path (the watcher lost
    /// track) may have changed anything.
    fn relevant(&self, event: notify::Result<notify::Event>) -> Touched {
        let Ok(event) = event else {
            return Touched::Config;
        };
        if let notify::EventKind::Access(access) = event.kind
            && !matches!(
                access,
                notify::event::AccessKind::Close(notify::event::AccessMode::Write)
            )
        {
            // Reading a file (gate's own evaluation does) changes nothing.
            return Touched::Nothing;
        }
        if event.paths.is_empty() {
            return Touched::Config;
        }
        let mut touched = Touched::Nothing;
        for p in &event.paths {
            let this = if let Some(git) = self.git_dir.as_deref().filter(|g| p.starts_with(g)) {
                // A new commit or a moved branch; nothing else in git.
                if p.starts_with(git.join("refs"))
                    || p == &git.join("HEAD")
                    || p == &git.join("packed-refs")
                {
                    Touched::Git
                } else {
                    Touched::Nothing
                }
            } else if self.config.as_deref() == Some(p.as_path())
                || self.tool_files.contains(p)
                || p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| CONFIG_NAMES.contains(&n))
            {
                Touched::Config
            } else if p.starts_with(&self.tasks_dir) {
                Touched::Tasks
            } else {
                Touched::Nothing
            };
            touched = touched.max(this);
        }
        touched
    }
}

/// What a burst of events may have changed, each more than the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Touched {
    Nothing,
    /// Files in the tasks directory.
    Tasks,
    /// `HEAD` or a ref: commit evidence.
    Git,
    /// The configuration, or anything.
    Config,
}

/// Watches the directories of `want`, and stops watching those no longer
/// in it.
fn rearm(
    watcher: &mut notify::RecommendedWatcher,
    armed: &mut BTreeMap<PathBuf, bool>,
    want: &BTreeMap<PathBuf, bool>,
) -> Result<()> {
    let stale: Vec<PathBuf> = armed
        .iter()
        .filter(|(dir, recursive)| want.get(*dir) != Some(*recursive))
        .map(|(dir, _)| dir.clone())
        .collect();
    for dir in stale {
        // A directory that went away is no longer watched anyway.
        let _ = watcher.unwatch(&dir);
        armed.remove(&dir);
    }
    for (dir, &recursive) in want {
        if armed.contains_key(dir) {
            continue;
        }
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        watcher
            .watch(dir, mode)
            .with_context(|| format!("watching `{}`", dir.display()))?;
        armed.insert(dir.clone(), recursive);
    }
    Ok(())
}

/// The violation of a config that stopped loading: the file the error
/// names, and the error itself.
/// What to show after an evaluation: its state, kept as the last good one;
/// or, when the board did not load, the last good state with the board's
/// violation beside it.
fn with_board(good: &mut State, evaluated: Result<State, Violation>) -> State {
    match evaluated {
        Ok(state) => {
            *good = state;
            good.clone()
        }
        Err(v) => {
            let mut next = good.clone();
            next.insert((v.kind, v.subject.clone(), v.code.clone()), v);
            next
        }
    }
}

fn config_invalid(env: &Env<'_>, error: &anyhow::Error, text: &str) -> Violation {
    let subject = match error.downcast_ref::<crate::config::ConfigError>() {
        Some(
            crate::config::ConfigError::Read { path, .. }
            | crate::config::ConfigError::Invalid { path, .. },
        ) => path.clone(),
        Some(crate::config::ConfigError::TwoTools { files }) => files.clone(),
        // Only `load_text` with a reader makes one; `ci` unwraps it.
        Some(crate::config::ConfigError::Reader(_)) | None => env
            .locate
            .config
            .as_deref()
            .map_or_else(|| "config".to_owned(), |p| p.display().to_string()),
    };
    Violation {
        kind: CONFIG_INVALID,
        subject,
        code: "config/invalid".to_owned(),
        message: format!(
            "{}; the last verdicts are kept until it loads",
            one_line(text)
        ),
    }
}

/// What watch keeps between events to judge again only what changed.
struct Known {
    /// Every file of the board by display path, as its content reads.
    files: HashMap<String, String>,
    /// The violations of each task file's table rows, by display path.
    rows: BTreeMap<String, Vec<Violation>>,
    /// Each file's key (`EntryKey`), by display path.
    keys: HashMap<String, EntryKey>,
}

impl Known {
    /// What is known of `board` now: its files and keys, and the rows of
    /// the gates' tables, judged again as `rejudge` says and taken from
    /// what `was` known otherwise (the rows of files that changed, or that
    /// share a key with one that changed or went, are judged again).
    fn judge(settings: &Settings, board: &Board, was: Option<Known>, rejudge: Rejudge) -> Known {
        let files: HashMap<String, String> = board
            .entries
            .iter()
            .map(|e| (e.display.clone(), fingerprint(e)))
            .collect();
        let keys: HashMap<String, EntryKey> = board
            .entries
            .iter()
            .map(|e| (e.display.clone(), e.key.clone()))
            .collect();
        let mut rows = match was {
            Some(was) if rejudge == Rejudge::Changed => {
                let mut changed: BTreeSet<String> = files
                    .iter()
                    .filter(|(path, text)| was.files.get(*path) != Some(*text))
                    .map(|(path, _)| path.clone())
                    .collect();
                // The tasks that share a key with a changed or removed file, as
                // it was or is: a duplicate that came or went.
                let touched: HashSet<&EntryKey> = was
                    .keys
                    .iter()
                    .filter(|(path, _)| changed.contains(*path) || !files.contains_key(*path))
                    .map(|(_, key)| key)
                    .chain(changed.iter().filter_map(|path| keys.get(path)))
                    .collect();
                changed.extend(
                    keys.iter()
                        .filter(|(_, key)| touched.contains(key))
                        .map(|(path, _)| path.clone()),
                );
                let mut rows = was.rows;
                rows.retain(|path, _| files.contains_key(path) && !changed.contains(path));
                rows.extend(row_violations(settings, board, Some(&changed)));
                rows
            }
            _ => row_violations(settings, board, None),
        };
        rows.retain(|_, found| !found.is_empty());
        Known { files, rows, keys }
    }
}

/// Which rows of the gates' tables an evaluation judges again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rejudge {
    /// Those whose files changed since the last evaluation.
    Changed,
    /// Every one (refs moved: evidence may have come).
    AllRows,
    /// Everything, forgetting what is known.
    All,
}

/// What an entry's file says, to tell whether it changed.
fn fingerprint(entry: &Entry) -> String {
    match &entry.kind {
        EntryKind::Task(task) => task.text.clone().unwrap_or_else(|| format!("{task:?}")),
        other => format!("{other:?}"),
    }
}

/// The violations of the board now. The board is read again in full (a
/// cheap pass), the WIP counts, what the gates fault at rest and unreadable
/// files taken from it; the rows of the gates' tables are judged again as
/// `rejudge` says, the others taken from `known`, which is brought up to
/// date. The same state as an evaluation from nothing: a row depends on its
/// task's file, the tasks that share its key (a duplicated id is no
/// evidence), the settings and git only ([`crate::gates::Gate::row`]).
///
/// A board that does not load is `Err` with its violation: nothing can be
/// said of the columns and tasks then, so the caller keeps the last
/// verdicts beside it (none is "cleared" that was not).
fn evaluate(
    settings: &Settings,
    known: &mut Option<Known>,
    rejudge: Rejudge,
) -> Result<State, Violation> {
    let mut out = State::new();
    let mut add = |v: Violation| {
        out.insert((v.kind, v.subject.clone(), v.code.clone()), v);
    };
    let board = match Board::load(settings) {
        Ok(b) => b,
        Err(e) => {
            *known = None;
            return Err(Violation {
                kind: "board-unreadable",
                subject: crate::board::display_path(&settings.root, &settings.board.tasks_dir),
                code: "board/unreadable".to_owned(),
                message: e.to_string(),
            });
        }
    };
    for c in crate::report::board_report(&board, settings).columns {
        // Over its limit as the WIP gate's one rule says (`ColumnState`).
        if let Some(limit) = c
            .limit
            .filter(|_| c.state == crate::report::ColumnState::Over)
        {
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
    let next = Known::judge(settings, &board, known.take(), rejudge);
    for v in next.rows.values().flatten() {
        add(v.clone());
    }
    // What the gates fault in each task as it stands (checklists,
    // dependencies): one violation per finding, at its line.
    for (gate, at, findings) in crate::gates::at_rest(settings, &board, now()) {
        let entry = &board.entries[at];
        for f in findings {
            add(Violation {
                kind: gate,
                subject: f.line.map_or_else(
                    || entry.display.clone(),
                    |line| format!("{}:{line}", entry.display),
                ),
                code: f.code.to_owned(),
                message: one_line(&f.message),
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
    *known = Some(next);
    Ok(out)
}

/// The violations in the gates' tables of the tasks at `only` (display
/// paths), or of every task, by display path: each requirement a row
/// misses.
fn row_violations(
    settings: &Settings,
    board: &Board,
    only: Option<&BTreeSet<String>>,
) -> BTreeMap<String, Vec<Violation>> {
    let mut out: BTreeMap<String, Vec<Violation>> = BTreeMap::new();
    if only.is_some_and(BTreeSet::is_empty) {
        return out;
    }
    for table in super::report::tables_of(settings, board, now(), only) {
        for row in table.rows {
            for q in row.requirements.iter().filter(|q| !q.passed) {
                // The gate's own words: the requirement's finding, else why
                // the gate could not tell (no git, shallow history).
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
                out.entry(row.task.path.clone())
                    .or_default()
                    .push(Violation {
                        kind: table.doc.violation,
                        subject: row.task.path.clone(),
                        code: q.code.to_owned(),
                        message: format!(
                            "{} task '{}' is at '{}': {why}",
                            table.doc.label,
                            one_line(&row.task.title),
                            row.status
                        ),
                    });
            }
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
        .filter(|(k, v)| {
            // A config broken in a new way is said again, with its error.
            before
                .get(*k)
                .is_none_or(|was| v.kind == CONFIG_INVALID && was.message != v.message)
        })
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Known, Rejudge, evaluate};
    use crate::config::Locate;

    /// One file's content: a task (status, P0 security or not), a file
    /// that does not load, or none.
    fn content() -> impl Strategy<Value = Option<Vec<u8>>> {
        prop_oneof![
            6 => (0..4usize, any::<bool>(), any::<bool>()).prop_map(|(status, p0, plan)| {
                let status = ["todo", "in_progress", "review", "done"][status];
                let scope = if p0 { "priority: P0\nlabels: [security]\n" } else { "priority: P2\n" };
                let plan = if plan { "\n## Implementation Plan\n\n1. Do it.\n" } else { "" };
                Some(format!("---\nid: T\ntitle: Task\nstatus: {status}\n{scope}---\n{plan}").into_bytes())
            }),
            1 => Just(Some(b"---\nid: broken\n".to_vec())),
            1 => Just(Some(b"\xff\xfe".to_vec())),
            2 => Just(None),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// After any sequence of edits, watch's incremental state (only
        /// changed files' P0 tasks judged again) is a fresh evaluation's.
        #[test]
        fn incremental_state_is_a_fresh_evaluation(
            edits in proptest::collection::vec((0..4usize, content()), 1..12)
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            let tasks = dir.path().join("docs/agile/tasks");
            std::fs::create_dir_all(&tasks).expect("tasks dir");
            std::fs::write(
                dir.path().join("gate.toml"),
                "[board]\ntasks_dir = \"docs/agile/tasks\"\n\n[gates.wip-limit]\nlimits = { todo = 1, in_progress = 1 }\n",
            )
            .expect("config");
            let settings = crate::gates::load_settings(&Locate {
                cwd: dir.path().to_path_buf(),
                ..Locate::default()
            })
            .expect("settings");
            let mut known: Option<Known> = None;
            let _ = evaluate(&settings, &mut known, Rejudge::All);
            for (file, text) in edits {
                let path = tasks.join(format!("t{file}.md"));
                match text {
                    Some(bytes) => std::fs::write(&path, bytes).expect("write"),
                    None => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
                let incremental = evaluate(&settings, &mut known, Rejudge::Changed);
                let fresh = evaluate(&settings, &mut None, Rejudge::All);
                prop_assert_eq!(incremental, fresh);
            }
        }
    }
}
