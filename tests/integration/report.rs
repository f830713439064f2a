//! `gate report` figures against a known audit log and board, its four
//! formats (the three for people pinned byte for byte), and `gate watch`
//! end to end. Every run is at a fixed clock.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use super::support::{GitRepo, copy_tree, demo_board, empty_home, gate_process, manifest_dir};

/// The demo board with the P0 gate off, so the score counts columns and
/// files only (P0 rows are tested on their own).
fn board_without_p0() -> tempfile::TempDir {
    let board = demo_board();
    let path = board.path().join("gate.toml");
    let config = std::fs::read_to_string(&path).unwrap().replace(
        "[gates.p0-security]\nenabled = true",
        "[gates.p0-security]\nenabled = false",
    );
    std::fs::write(path, config).unwrap();
    board
}

fn gate_at(dir: &Path, now: &str, args: &[&str]) -> std::process::Output {
    gate_process(dir, empty_home())
        .env("__GATE_TEST_NOW", now)
        .args(args)
        .output()
        .unwrap()
}

/// Records a known history: 2 days, 6 decisions.
fn history(dir: &Path) {
    let day1 = "2025-10-30T10:00:00Z";
    let day2 = "2025-10-31T10:00:00Z";
    for (now, args) in [
        (day1, vec!["check", "add-csv-export", "--to", "todo"]),
        (
            day1,
            vec!["check", "paginate-audit-log-api", "--to", "in_progress"],
        ),
        (day1, vec!["check", "5e2a9c41", "--to", "done"]),
        (
            day2,
            vec![
                "check",
                "paginate-audit-log-api",
                "--to",
                "in_progress",
                "--force",
                "--reason",
                "hotfix",
            ],
        ),
        (
            day2,
            vec!["check", "add-login-rate-limit", "--to", "review"],
        ),
        (
            day2,
            vec!["check", "paginate-audit-log-api", "--to", "in_progress"],
        ),
    ] {
        gate_at(dir, now, &args);
    }
}

fn report_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let out = gate_at(dir, "2025-11-01T12:00:00Z", &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn report_figures_match_a_known_log_and_board() {
    let board = board_without_p0();
    let dir = board.path();
    history(dir);
    let doc = report_json(dir, &[]);
    // 9 columns with a limit, all within; 13 files that load: 22 of 22.
    assert_eq!(doc["score"], 100);
    assert_eq!(doc["checks"]["total"], 22);
    assert_eq!(doc["p0"], json!([]));
    assert_eq!(
        doc["audit"],
        json!({
            "since": null, "attempts": 6, "allowed": 2, "blocked": 3, "overridden": 1, "error": 0,
            "override_rate": 0.167,
            "by_gate": {
                "transition": {"pass": 5, "warn": 0, "fail": 1, "overridden": 0, "error": 0, "skip": 0},
                "wip-limit": {"pass": 1, "warn": 1, "fail": 2, "overridden": 1, "error": 0, "skip": 1}
            },
            "by_column": {
                "done": {"attempts": 1, "allowed": 0, "blocked": 1, "overridden": 0, "error": 0},
                "in_progress": {"attempts": 3, "allowed": 0, "blocked": 2, "overridden": 1, "error": 0},
                "review": {"attempts": 1, "allowed": 1, "blocked": 0, "overridden": 0, "error": 0},
                "todo": {"attempts": 1, "allowed": 1, "blocked": 0, "overridden": 0, "error": 0}
            },
            "top_violated_columns": [{"status": "in_progress", "violations": 3}],
            "by_day": [
                {"date": "2025-10-30", "allowed": 1, "blocked": 2, "overridden": 0, "error": 0},
                {"date": "2025-10-31", "allowed": 1, "blocked": 1, "overridden": 1, "error": 0}
            ]
        })
    );
    assert_eq!(doc["lint"], json!({"errors": 0, "warnings": 2}));
    assert_eq!(
        doc["board"]["columns"][7],
        json!({"status": "in_progress", "name": "in_progress", "count": 3, "limit": 3, "utilization": 1.0, "state": "warning"})
    );

    // Since the second day only.
    let since = report_json(dir, &["--since", "2025-10-31"]);
    assert_eq!(since["audit"]["since"], "2025-10-31T00:00:00Z");
    assert_eq!(
        (
            since["audit"]["attempts"].clone(),
            since["audit"]["override_rate"].clone()
        ),
        (3.into(), 0.333.into())
    );

    // Overfill a column and break a file: 20 of 22 checks, 91.
    let task = dir.join("tasks/paginate-audit-log-api.md");
    std::fs::write(
        &task,
        std::fs::read_to_string(&task)
            .unwrap()
            .replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    std::fs::write(
        dir.join("tasks/broken.md"),
        "---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> x\n---\n",
    )
    .unwrap();
    let doc = report_json(dir, &[]);
    assert_eq!(
        (
            doc["score"].clone(),
            doc["checks"]["passed"].clone(),
            doc["checks"]["total"].clone()
        ),
        (91.into(), 21.into(), 23.into())
    );
    let failed: Vec<&Value> = doc["checks"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .collect();
    assert_eq!(
        failed,
        [
            &json!({"kind": "column", "subject": "in_progress", "passed": false, "detail": "4/3"}),
            &json!({"kind": "file", "subject": "tasks/broken.md", "passed": false, "detail": "task/conflict-markers"})
        ]
    );
}

/// Rewrites one file of a board.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn cross_file_errors_fail_the_file_checks() {
    let board = board_without_p0();
    let dir = board.path();
    // A copy of a task under another name: both files carry one id.
    std::fs::copy(
        dir.join("tasks/add-csv-export.md"),
        dir.join("tasks/add-csv-export-copy.md"),
    )
    .unwrap();
    let doc = report_json(dir, &[]);
    let failed: Vec<&Value> = doc["checks"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .collect();
    assert_eq!(
        failed,
        [
            &json!({"kind": "file", "subject": "tasks/add-csv-export-copy.md", "passed": false, "detail": "task/duplicate-id"}),
            &json!({"kind": "file", "subject": "tasks/add-csv-export.md", "passed": false, "detail": "task/duplicate-id"})
        ]
    );
    // 21 of 23: 91, and the lint summary agrees.
    assert_eq!(
        (
            doc["score"].clone(),
            doc["checks"]["passed"].clone(),
            doc["lint"]["errors"].clone()
        ),
        (91.into(), 21.into(), 2.into())
    );
}

/// The demo board with a history, an overfilled column, a P0 task at a
/// stage it has not earned, a duplicated id and a hostile title: every
/// part of the report has something to show.
fn eventful_board() -> tempfile::TempDir {
    let board = demo_board();
    let dir = board.path();
    history(dir);
    let tasks = dir.join("tasks");
    edit(
        &tasks.join("paginate-audit-log-api.md"),
        "status: \"todo\"",
        "status: \"in_progress\"",
    );
    edit(
        &tasks.join("harden-password-reset-tokens.md"),
        "status: \"todo\"",
        "status: \"review\"",
    );
    std::fs::copy(
        tasks.join("add-csv-export.md"),
        tasks.join("add-csv-export-copy.md"),
    )
    .unwrap();
    edit(
        &tasks.join("harden-password-reset-tokens.md"),
        "title: \"Harden password reset tokens\"",
        "title: \"<script>alert(1)</script> | *Harden* `reset` tokens\"",
    );
    // A "no limit" marker, as Promethean boards write it.
    edit(
        &dir.join("gate.toml"),
        "limits = { accepted = 5,",
        "limits = { icebox = 9999, accepted = 5,",
    );
    board
}

fn report_as(dir: &Path, format: &str) -> String {
    let out = gate_at(
        dir,
        "2025-11-01T12:00:00Z",
        &["report", "--since", "2025-10-01", "--format", format],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// The three renderers, byte for byte, at a fixed clock. After a deliberate
// change, regenerate with `SNAPSHOTS=overwrite cargo test --test integration report_`.
#[test]
fn report_human_is_pinned() {
    let board = eventful_board();
    snapbox::assert_data_eq!(
        report_as(board.path(), "human"),
        snapbox::file!["report-human.expected.txt"].raw()
    );
}

#[test]
fn report_markdown_is_pinned() {
    let board = eventful_board();
    snapbox::assert_data_eq!(
        report_as(board.path(), "markdown"),
        snapbox::file!["report-markdown.expected.md"].raw()
    );
}

#[test]
fn report_html_is_pinned() {
    let board = eventful_board();
    let html = report_as(board.path(), "html");
    // The hostile title is on the page, escaped; the page loads nothing
    // from elsewhere.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for banned in [
        "<script", "<link", "src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!html.contains(banned), "html contains {banned}");
    }
    snapbox::assert_data_eq!(html, snapbox::file!["report-html.expected.html"].raw());
}

const PATIENCE: Duration = Duration::from_mins(1);

/// A running `gate -v watch --format json`, its stdout and stderr through
/// one pipe, so its lines come in the order it wrote them. Each burst of
/// file events it judged ends with `checked: N file events` (`-v`), after
/// the events it printed: a test changes a file and reads the burst, and
/// "nothing else was said" is a fact, not a wait. Killed when dropped.
struct Watch {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

/// What watch printed up to a `checked:` line: its events (each checked
/// against the event schema) and its other stderr lines.
#[derive(Debug, Default)]
struct Burst {
    events: Vec<Value>,
    said: Vec<String>,
}

impl Burst {
    /// (event, kind, subject) of each event.
    fn what(&self) -> Vec<(&str, &str, &str)> {
        self.events.iter().map(what).collect()
    }
}

impl Watch {
    /// Starts watch in `dir` (a git work tree's home, or none) and returns
    /// it with the events it printed before `watching …`, the board as it
    /// was; the first line of stderr must start with `ready`.
    fn start(dir: &Path, home: Option<&Path>, ready: &str) -> (Watch, Vec<Value>) {
        let (reader, writer) = std::io::pipe().unwrap();
        let child = gate_process(dir, home.unwrap_or_else(|| empty_home()))
            .args(["-v", "watch", "--format", "json"])
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .spawn()
            .unwrap();
        // The parent's copies of the writer are gone with the command:
        // the pipe ends when the child does.
        let lines = lines_of(reader);
        let mut first = Vec::new();
        loop {
            let line = lines
                .recv_timeout(PATIENCE)
                .expect("watch never said it was watching");
            if line.starts_with('{') {
                first.push(event_of(&line));
            } else {
                assert!(line.starts_with(ready), "{line}");
                break;
            }
        }
        (Watch { child, lines }, first)
    }

    /// What watch printed for the next burst of file events it judged.
    fn burst(&self, missing: &str) -> Burst {
        let mut burst = Burst::default();
        loop {
            let line = self.lines.recv_timeout(PATIENCE).expect(missing);
            if line.starts_with('{') {
                burst.events.push(event_of(&line));
            } else if line.starts_with("checked: ") {
                assert!(line.ends_with(" file events"), "{line}");
                return burst;
            } else {
                burst.said.push(line);
            }
        }
    }

    /// The next burst that printed an event: the ones before it (a change
    /// seen in two bursts) printed nothing and said nothing.
    fn events(&self, missing: &str) -> Burst {
        loop {
            let burst = self.burst(missing);
            if !burst.events.is_empty() {
                return burst;
            }
            assert_eq!(burst.said, Vec::<String>::new());
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A line of `watch --format json`, checked against its schema.
fn event_of(line: &str) -> Value {
    let event = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    super::schemas::assert_valid("watch-event.json", &event);
    event
}

/// Lines of a child's stream, through a channel, read on a thread.
fn lines_of(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn watch_once_prints_the_current_violations() {
    let board = board_without_p0();
    let dir = board.path();
    let task = dir.join("tasks/paginate-audit-log-api.md");
    std::fs::write(
        &task,
        std::fs::read_to_string(&task)
            .unwrap()
            .replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let out = gate_at(
        dir,
        "2025-11-01T12:00:00Z",
        &["watch", "--once", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    snapbox::assert_data_eq!(
        String::from_utf8(out.stdout).unwrap(),
        snapbox::str![[r#"
{"version":1,"event":"appeared","ts":"2025-11-01T12:00:00Z","kind":"column-over-limit","subject":"in_progress","code":"wip-limit/exceeded","message":"column 'in_progress' holds 4 tasks, over its WIP limit of 3"}

"#]]
    );
}

#[test]
fn watch_reports_a_column_overfilling_and_clearing() {
    let board = board_without_p0();
    let dir = board.path();
    let (watch, first) = Watch::start(dir, None, "watching `tasks`");
    assert!(first.is_empty(), "{first:?}");

    let task = dir.join("tasks/paginate-audit-log-api.md");
    let original = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        original.replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let burst = watch.events("no event for the overfilled column");
    assert_eq!(burst.events.len(), 1, "{burst:?}");
    let event = &burst.events[0];
    assert_eq!(
        (
            event["event"].as_str(),
            event["kind"].as_str(),
            event["subject"].as_str(),
            event["code"].as_str()
        ),
        (
            Some("appeared"),
            Some("column-over-limit"),
            Some("in_progress"),
            Some("wip-limit/exceeded")
        )
    );

    std::fs::write(&task, &original).unwrap();
    let burst = watch.events("no event for the cleared column");
    assert_eq!(
        burst.what(),
        [("cleared", "column-over-limit", "in_progress")]
    );

    // A file that stops loading is an event too.
    std::fs::write(
        dir.join("tasks/broken.md"),
        "---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> x\n---\n",
    )
    .unwrap();
    let burst = watch.events("no event for the broken file");
    assert_eq!(
        burst.what(),
        [("appeared", "file-unreadable", "tasks/broken.md")]
    );
}

/// (event, kind, subject) of a watch event.
fn what(event: &Value) -> (&str, &str, &str) {
    (
        event["event"].as_str().unwrap(),
        event["kind"].as_str().unwrap(),
        event["subject"].as_str().unwrap(),
    )
}

// Issue #12 item 5: while the config does not load, the last verdicts
// stand (nothing clears), the error is said once, in the event too.
#[test]
fn watch_keeps_its_verdicts_while_the_config_is_broken() {
    let board = board_without_p0();
    let dir = board.path();
    let task = dir.join("tasks/paginate-audit-log-api.md");
    let original = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        original.replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let (watch, first) = Watch::start(dir, None, "watching `tasks`");
    assert_eq!(
        first.iter().map(what).collect::<Vec<_>>(),
        [("appeared", "column-over-limit", "in_progress")]
    );

    let config = dir.join("gate.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\n[board\n")).unwrap();
    // Nothing else is said while the config is broken.
    let burst = watch.events("no event for the broken config");
    assert_eq!(burst.what(), [("appeared", "config-invalid", "gate.toml")]);
    let message = burst.events[0]["message"].as_str().unwrap();
    assert!(message.contains("invalid config `gate.toml`"), "{message}");
    let mut errors = burst.said;
    // A task file changing while the config is broken says nothing new.
    std::fs::write(
        &task,
        format!("{}\n", std::fs::read_to_string(&task).unwrap()),
    )
    .unwrap();
    let burst = watch.burst("the task file's change was never judged");
    assert!(
        burst.events.is_empty(),
        "no event for the same broken config: {burst:?}"
    );
    errors.extend(burst.said);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: invalid config `gate.toml`"),
        "{errors:#?}"
    );

    // Fixed: the config violation clears, the column's stays (no event).
    std::fs::write(&config, &good).unwrap();
    let burst = watch.events("no event for the fixed config");
    assert_eq!(
        burst.what(),
        [("cleared", "config-invalid", "gate.toml")],
        "the column's violation did not change"
    );
}

/// A board that cannot be read for a moment (the tasks directory moved
/// away mid-checkout) is one violation beside the last verdicts: nothing is
/// said to clear that did not.
#[test]
fn watch_keeps_its_verdicts_while_the_board_is_unreadable() {
    let board = board_without_p0();
    let dir = board.path();
    let task = dir.join("tasks/paginate-audit-log-api.md");
    let original = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        original.replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let (watch, first) = Watch::start(dir, None, "watching `tasks`");
    assert_eq!(
        first.iter().map(what).collect::<Vec<_>>(),
        [("appeared", "column-over-limit", "in_progress")]
    );
    std::fs::rename(dir.join("tasks"), dir.join("tasks.away")).unwrap();
    let burst = watch.events("no event for the unreadable board");
    assert_eq!(
        burst.what(),
        [("appeared", "board-unreadable", "tasks")],
        "nothing else is said while the board is unreadable"
    );
    std::fs::rename(dir.join("tasks.away"), dir.join("tasks")).unwrap();
    let burst = watch.events("no event for the board read again");
    assert_eq!(
        burst.what(),
        [("cleared", "board-unreadable", "tasks")],
        "the column's violation did not change"
    );
}

/// A board tool's config under a gate.toml is a config too: lowering its
/// WIP limit while watch runs is noticed.
#[test]
fn watch_notices_the_board_tools_config_under_a_gate_toml() {
    let board = tempfile::tempdir().unwrap();
    let dir = board.path();
    copy_tree(&manifest_dir().join("fixtures/boards/kanban-md"), dir);
    std::fs::write(
        dir.join("gate.toml"),
        "[gates.transition]\nenabled = true\n",
    )
    .unwrap();
    let (watch, first) = Watch::start(dir, None, "watching `kanban/tasks`");
    // Whatever else the board holds, not this: two in progress, limit 2.
    let over = ("appeared", "column-over-limit", "in_progress");
    for event in &first {
        assert_ne!(what(event), over, "{event}");
    }
    let config = dir.join("kanban/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("    in-progress: 2\n"), "{text}");
    std::fs::write(
        &config,
        text.replace("    in-progress: 2\n", "    in-progress: 1\n"),
    )
    .unwrap();
    let burst = watch.events("no event for the lowered limit");
    assert_eq!(burst.what(), [over]);
}

// Issue #12 item 5: a config created while watch runs is read.
#[test]
fn watch_notices_a_config_created_while_it_runs() {
    let board = board_without_p0();
    let dir = board.path();
    // The config starts as `.gate.toml`; a `gate.toml` beside it wins.
    let good = std::fs::read_to_string(dir.join("gate.toml")).unwrap();
    std::fs::remove_file(dir.join("gate.toml")).unwrap();
    std::fs::write(dir.join(".gate.toml"), &good).unwrap();
    let (watch, first) = Watch::start(dir, None, "watching `tasks`");
    assert!(first.is_empty(), "the board starts clean: {first:?}");

    std::fs::write(
        dir.join("gate.toml"),
        good.replace("in_progress = 3,", "in_progress = 2,"),
    )
    .unwrap();
    let burst = watch.events("no event for the new config");
    assert_eq!(
        burst.what(),
        [("appeared", "column-over-limit", "in_progress")]
    );
}

// Issue #12 item 5: a config that moves the tasks directory moves the
// watch with it.
#[test]
fn watch_follows_a_new_tasks_dir() {
    let board = board_without_p0();
    let dir = board.path();
    let (watch, first) = Watch::start(dir, None, "watching `tasks`");
    assert!(first.is_empty(), "the board starts clean: {first:?}");
    std::fs::create_dir(dir.join("board2")).unwrap();
    let config = dir.join("gate.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        good.replace("tasks_dir = \"tasks\"", "tasks_dir = \"board2\""),
    )
    .unwrap();
    // Nothing is wrong with an empty board; a task written there is read.
    let burst = watch.burst("the new config was never judged");
    assert!(
        burst.events.is_empty(),
        "an empty board is clean: {burst:?}"
    );
    let task = "---\nid: x-1\ntitle: Broken\nstatus: todo\n<<<<<<< HEAD\n---\n";
    std::fs::write(dir.join("board2/broken.md"), task).unwrap();
    let burst = watch.events("no event from the new tasks directory");
    assert_eq!(
        burst.what(),
        [("appeared", "file-unreadable", "board2/broken.md")]
    );
}

/// The commits of the P0 tests below.
const COMMIT_DATE: &str = "2025-10-20T12:00:00Z";

/// The demo board with `harden-password-reset-tokens` in review, committed
/// once (`git init` without a branch name).
fn board_with_a_p0_task_in_review() -> GitRepo {
    let repo = GitRepo::unborn_fixture("demo");
    let task = repo.task("harden-password-reset-tokens");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        text.replace("status: \"todo\"", "status: \"review\""),
    )
    .unwrap();
    repo.git_at(COMMIT_DATE, &["init", "-q"]);
    repo.git_at(COMMIT_DATE, &["add", "-A"]);
    repo.git_at(COMMIT_DATE, &["commit", "-q", "-m", "Board"]);
    repo
}

/// Commits everything changed with a message naming the P0 task
/// `harden-password-reset-tokens`: with code among it, its evidence.
fn commit_evidence(repo: &GitRepo) {
    repo.git_at(COMMIT_DATE, &["add", "-A"]);
    repo.git_at(
        COMMIT_DATE,
        &[
            "commit",
            "-q",
            "-m",
            "Harden reset tokens (4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64)",
        ],
    );
}

// Issue #12 item 4: a commit that brings evidence clears the violation
// without any task file changing (watch listens to HEAD and refs too).
#[test]
fn watch_sees_a_commit_that_brings_evidence() {
    let repo = board_with_a_p0_task_in_review();
    let dir = repo.path();
    let (watch, first) = Watch::start(dir, Some(repo.home()), "watching `tasks`");
    let first: Vec<_> = first
        .iter()
        .map(|event| (event["kind"].clone(), event["code"].clone()))
        .collect();
    assert!(
        first.contains(&(
            json!("p0-requirement"),
            json!("p0-security/no-code-changes")
        )),
        "{first:?}"
    );
    // Code outside the tasks directory, then a commit naming the task.
    std::fs::write(dir.join("reset.rs"), "// single-use reset tokens\n").unwrap();
    commit_evidence(&repo);
    let burst = watch.events("no event for the commit with evidence");
    let event = &burst.events[0];
    assert_eq!(
        (what(event), event["code"].as_str()),
        (
            (
                "cleared",
                "p0-requirement",
                "tasks/harden-password-reset-tokens.md"
            ),
            Some("p0-security/no-code-changes")
        )
    );
}

#[test]
fn report_judges_p0_tasks_at_their_current_stage() {
    let repo = board_with_a_p0_task_in_review();
    let dir = repo.path();
    let task = repo.task("harden-password-reset-tokens");
    let doc = report_json(dir, &[]);
    let p0 = doc["p0"].as_array().unwrap();
    // The other P0 security task sits in `todo`: listed, nothing required yet.
    assert_eq!(p0.len(), 2, "{p0:#?}");
    assert_eq!(
        (p0[1]["task"]["path"].as_str(), p0[1]["verdict"].as_str()),
        (Some("tasks/rotate-api-signing-keys.md"), Some("skip"))
    );
    assert_eq!(p0[1]["requirements"], json!([]));
    assert_eq!(
        p0[0]["task"]["path"],
        "tasks/harden-password-reset-tokens.md"
    );
    assert_eq!(p0[0]["status"], "review");
    assert_eq!(
        p0[0]["requirements"],
        json!([
            {"code": "p0-security/no-implementation-plan", "passed": true},
            {"code": "p0-security/no-code-changes", "passed": false},
            {"code": "p0-security/no-security-review", "passed": false}
        ])
    );
    // 9 columns + 3 requirements (1 met) + 13 files: 23 of 25.
    assert_eq!(
        (
            doc["score"].clone(),
            doc["checks"]["passed"].clone(),
            doc["checks"]["total"].clone()
        ),
        (92.into(), 23.into(), 25.into())
    );
    let out = gate_at(
        dir,
        "2025-11-01T12:00:00Z",
        &["watch", "--once", "--format", "json"],
    );
    let events: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e["kind"] == "p0-requirement")
        .map(|e| (e["code"].as_str().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    // Each unmet requirement in the gate's own words: its finding's.
    assert_eq!(
        codes,
        [
            (
                "p0-security/no-code-changes",
                "P0 task 'Harden password reset tokens' is at 'review': P0 security tasks require committed code changes to move to in-progress"
            ),
            (
                "p0-security/no-security-review",
                "P0 task 'Harden password reset tokens' is at 'review': P0 security tasks require completed security review before testing"
            )
        ]
    );

    // The evidence arrives: a commit naming the task that changes code, and the review label.
    std::fs::write(
        dir.join("reset.rs"),
        "// single-use, expiring reset tokens\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        text.replace(
            "labels: [\"security\", \"auth\"]",
            "labels: [\"security\", \"auth\", \"security-reviewed\"]",
        ),
    )
    .unwrap();
    commit_evidence(&repo);
    let doc = report_json(dir, &[]);
    assert_eq!(doc["score"], 100);
    assert!(
        doc["p0"][0]["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["passed"] == true)
    );
}

// Issue #21 item 1: a gate's table holds that gate's verdict only. A P0
// task that meets every requirement of its stage, whose checklist the work
// tree unticks, is a pass in the P0 table and an unticked item under
// unfinished work, not a P0 failure.
#[test]
fn a_gate_s_table_holds_its_own_verdict_only() {
    let repo = board_with_a_p0_task_in_review();
    let dir = repo.path();
    let task = repo.task("harden-password-reset-tokens");
    let config = std::fs::read_to_string(dir.join("gate.toml")).unwrap();
    std::fs::write(
        dir.join("gate.toml"),
        format!("{config}\n[gates.checklist]\nenabled = true\nrequire_ticked_for = [\"review\"]\n"),
    )
    .unwrap();
    let text = std::fs::read_to_string(&task).unwrap();
    let ticked = text.replace(
        "labels: [\"security\", \"auth\"]",
        "labels: [\"security\", \"auth\", \"security-reviewed\"]",
    ) + "\n## Acceptance Criteria\n\n- [x] a used token is rejected\n";
    std::fs::write(&task, &ticked).unwrap();
    std::fs::write(dir.join("reset.rs"), "// single-use reset tokens\n").unwrap();
    commit_evidence(&repo);
    let doc = report_json(dir, &[]);
    assert_eq!(doc["p0"][0]["verdict"], "pass", "{:#}", doc["p0"]);
    assert!(doc.get("unfinished").is_none(), "{doc:#}");

    std::fs::write(&task, ticked.replace("- [x]", "- [ ]")).unwrap();
    let doc = report_json(dir, &[]);
    let row = &doc["p0"][0];
    assert_eq!(
        (&row["task"]["path"], &row["verdict"]),
        (
            &json!("tasks/harden-password-reset-tokens.md"),
            &json!("pass")
        ),
        "{row:#}"
    );
    assert!(
        row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"].as_str().unwrap().starts_with("p0-security/")),
        "{row:#}"
    );
    let unfinished = &doc["unfinished"];
    assert_eq!(
        (
            &unfinished[0]["gate"],
            &unfinished[0]["findings"][0]["code"]
        ),
        (&json!("checklist"), &json!("checklist/unticked")),
        "{unfinished:#}"
    );
}

// A commit requirement git cannot answer (no repository) is unmet, and
// watch says why in the gate's words, not a requirement's stock text.
#[test]
fn watch_says_why_a_commit_requirement_is_unproven() {
    let repo = GitRepo::unborn_fixture("demo");
    let task = repo.task("harden-password-reset-tokens");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        text.replace("status: \"todo\"", "status: \"review\""),
    )
    .unwrap();
    let out = gate_at(
        repo.path(),
        "2025-11-01T12:00:00Z",
        &["watch", "--once", "--format", "json"],
    );
    let events: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let unproven: Vec<&str> = events
        .iter()
        .filter(|e| e["code"] == "p0-security/no-code-changes")
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(unproven.len(), 1, "{events:#?}");
    assert!(
        unproven[0].starts_with(
            "P0 task 'Harden password reset tokens' is at 'review': cannot look for commits: "
        ) && unproven[0].ends_with("is not in a git repository"),
        "{}",
        unproven[0]
    );
}
