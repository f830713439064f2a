//! `gate report` figures against a known audit log and board, its four
//! formats (the three for people pinned byte for byte), and `gate watch`
//! end to end. Every run is at a fixed clock.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use super::audit::gate_cmd;
use super::support::{copy_tree, demo_board, manifest_dir};

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
    gate_cmd(dir, dir)
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

/// The next JSON line `gate watch` prints, within [`PATIENCE`], checked
/// against its schema.
fn next_event(out: &mpsc::Receiver<String>, missing: &str) -> Value {
    let line = out.recv_timeout(PATIENCE).expect(missing);
    let event = serde_json::from_str(&line).unwrap();
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

const PATIENCE: Duration = Duration::from_mins(1);

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
    let mut child = gate_cmd(dir, dir)
        .env("__GATE_TEST_NOW", "2025-11-01T12:00:00Z")
        .args(["watch", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines_of(child.stdout.take().unwrap());
    let err = lines_of(child.stderr.take().unwrap());
    // The watcher is set up once it says so.
    let ready = err
        .recv_timeout(PATIENCE)
        .expect("watch never said it was watching");
    assert!(ready.starts_with("watching `tasks`"), "{ready}");

    let task = dir.join("tasks/paginate-audit-log-api.md");
    let original = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        original.replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let event = next_event(&out, "no event for the overfilled column");
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
    let event = next_event(&out, "no event for the cleared column");
    assert_eq!(
        (
            event["event"].as_str(),
            event["kind"].as_str(),
            event["subject"].as_str()
        ),
        (
            Some("cleared"),
            Some("column-over-limit"),
            Some("in_progress")
        )
    );

    // A file that stops loading is an event too.
    std::fs::write(
        dir.join("tasks/broken.md"),
        "---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> x\n---\n",
    )
    .unwrap();
    let event = next_event(&out, "no event for the broken file");
    assert_eq!(
        (
            event["event"].as_str(),
            event["kind"].as_str(),
            event["subject"].as_str()
        ),
        (
            Some("appeared"),
            Some("file-unreadable"),
            Some("tasks/broken.md")
        )
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// A running `gate watch --format json` in `dir`: its event lines and its
/// stderr lines after `watching …`.
fn spawn_watch(
    dir: &Path,
) -> (
    std::process::Child,
    mpsc::Receiver<String>,
    mpsc::Receiver<String>,
) {
    let mut child = gate_cmd(dir, dir)
        .args(["watch", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines_of(child.stdout.take().unwrap());
    let err = lines_of(child.stderr.take().unwrap());
    let ready = err
        .recv_timeout(PATIENCE)
        .expect("watch never said it was watching");
    assert!(ready.starts_with("watching `tasks`"), "{ready}");
    (child, out, err)
}

/// How long a watch that has nothing to say is given to say it anyway.
const QUIET: Duration = Duration::from_millis(1500);

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
    let (mut child, out, err) = spawn_watch(dir);
    let event = next_event(&out, "no event for the overfilled column");
    assert_eq!(
        what(&event),
        ("appeared", "column-over-limit", "in_progress")
    );

    let config = dir.join("gate.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\n[board\n")).unwrap();
    let event = next_event(&out, "no event for the broken config");
    assert_eq!(what(&event), ("appeared", "config-invalid", "gate.toml"));
    let message = event["message"].as_str().unwrap();
    assert!(message.contains("invalid config `gate.toml`"), "{message}");
    assert!(
        out.recv_timeout(QUIET).is_err(),
        "nothing else is said while the config is broken"
    );
    // A task file changing while the config is broken says nothing new.
    std::fs::write(
        &task,
        format!("{}\n", std::fs::read_to_string(&task).unwrap()),
    )
    .unwrap();
    assert!(
        out.recv_timeout(QUIET).is_err(),
        "no event for the same broken config"
    );
    let errors: Vec<String> = err.try_iter().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: invalid config `gate.toml`"),
        "{errors:#?}"
    );

    // Fixed: the config violation clears, the column's stays (no event).
    std::fs::write(&config, &good).unwrap();
    let event = next_event(&out, "no event for the fixed config");
    assert_eq!(what(&event), ("cleared", "config-invalid", "gate.toml"));
    assert!(
        out.recv_timeout(QUIET).is_err(),
        "the column's violation did not change"
    );
    child.kill().unwrap();
    child.wait().unwrap();
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
    let (mut child, out, _err) = spawn_watch(dir);
    let event = next_event(&out, "no event for the overfilled column");
    assert_eq!(
        what(&event),
        ("appeared", "column-over-limit", "in_progress")
    );
    std::fs::rename(dir.join("tasks"), dir.join("tasks.away")).unwrap();
    let event = next_event(&out, "no event for the unreadable board");
    assert_eq!(what(&event), ("appeared", "board-unreadable", "tasks"));
    assert!(
        out.recv_timeout(QUIET).is_err(),
        "nothing else is said while the board is unreadable"
    );
    std::fs::rename(dir.join("tasks.away"), dir.join("tasks")).unwrap();
    let event = next_event(&out, "no event for the board read again");
    assert_eq!(what(&event), ("cleared", "board-unreadable", "tasks"));
    assert!(
        out.recv_timeout(QUIET).is_err(),
        "the column's violation did not change"
    );
    child.kill().unwrap();
    child.wait().unwrap();
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
    let mut child = gate_cmd(dir, dir)
        .args(["watch", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines_of(child.stdout.take().unwrap());
    let err = lines_of(child.stderr.take().unwrap());
    let ready = err
        .recv_timeout(PATIENCE)
        .expect("watch never said it was watching");
    assert!(ready.starts_with("watching `kanban/tasks`"), "{ready}");
    // Whatever else the board holds, not this: two in progress, limit 2.
    let over = ("appeared", "column-over-limit", "in_progress");
    while let Ok(line) = out.recv_timeout(QUIET) {
        let event: Value = serde_json::from_str(&line).unwrap();
        assert_ne!(what(&event), over, "{event}");
    }
    let config = dir.join("kanban/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("    in-progress: 2\n"), "{text}");
    std::fs::write(
        &config,
        text.replace("    in-progress: 2\n", "    in-progress: 1\n"),
    )
    .unwrap();
    let event = next_event(&out, "no event for the lowered limit");
    assert_eq!(what(&event), over);
    child.kill().unwrap();
    child.wait().unwrap();
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
    let (mut child, out, _err) = spawn_watch(dir);
    assert!(out.recv_timeout(QUIET).is_err(), "the board starts clean");

    std::fs::write(
        dir.join("gate.toml"),
        good.replace("in_progress = 3,", "in_progress = 2,"),
    )
    .unwrap();
    let event = next_event(&out, "no event for the new config");
    assert_eq!(
        what(&event),
        ("appeared", "column-over-limit", "in_progress")
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

// Issue #12 item 5: a config that moves the tasks directory moves the
// watch with it.
#[test]
fn watch_follows_a_new_tasks_dir() {
    let board = board_without_p0();
    let dir = board.path();
    let (mut child, out, _err) = spawn_watch(dir);
    assert!(out.recv_timeout(QUIET).is_err(), "the board starts clean");
    std::fs::create_dir(dir.join("board2")).unwrap();
    let config = dir.join("gate.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        good.replace("tasks_dir = \"tasks\"", "tasks_dir = \"board2\""),
    )
    .unwrap();
    // Nothing is wrong with an empty board; a task written there is read.
    assert!(out.recv_timeout(QUIET).is_err(), "an empty board is clean");
    let task = "---\nid: x-1\ntitle: Broken\nstatus: todo\n<<<<<<< HEAD\n---\n";
    std::fs::write(dir.join("board2/broken.md"), task).unwrap();
    let event = next_event(&out, "no event from the new tasks directory");
    assert_eq!(
        what(&event),
        ("appeared", "file-unreadable", "board2/broken.md")
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Runs git in `dir` with a fixed identity and dates, isolated from the
/// developer's configuration.
fn git(dir: &Path, args: &[&str]) {
    let ok = super::support::git_command(dir, dir, "2025-10-20T12:00:00Z")
        .args(args)
        .status()
        .unwrap();
    assert!(ok.success(), "git {args:?}");
}

// Issue #12 item 4: a commit that brings evidence clears the violation
// without any task file changing (watch listens to HEAD and refs too).
#[test]
fn watch_sees_a_commit_that_brings_evidence() {
    let board = demo_board();
    let dir = board.path();
    let task = dir.join("tasks/harden-password-reset-tokens.md");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        text.replace("status: \"todo\"", "status: \"review\""),
    )
    .unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "Board"]);
    let (mut child, out, _err) = spawn_watch(dir);
    let mut first = Vec::new();
    while let Ok(line) = out.recv_timeout(QUIET) {
        let event: Value = serde_json::from_str(&line).unwrap();
        first.push((event["kind"].clone(), event["code"].clone()));
    }
    assert!(
        first.contains(&(
            json!("p0-requirement"),
            json!("p0-security/no-code-changes")
        )),
        "{first:?}"
    );
    // Code outside the tasks directory, then a commit naming the task.
    std::fs::write(dir.join("reset.rs"), "// single-use reset tokens\n").unwrap();
    git(dir, &["add", "reset.rs"]);
    git(
        dir,
        &[
            "commit",
            "-q",
            "-m",
            "Harden reset tokens (4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64)",
        ],
    );
    let event = next_event(&out, "no event for the commit with evidence");
    assert_eq!(
        (what(&event), event["code"].as_str()),
        (
            (
                "cleared",
                "p0-requirement",
                "tasks/harden-password-reset-tokens.md"
            ),
            Some("p0-security/no-code-changes")
        )
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn report_judges_p0_tasks_at_their_current_stage() {
    let board = demo_board();
    let dir = board.path();
    let task = dir.join("tasks/harden-password-reset-tokens.md");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        text.replace("status: \"todo\"", "status: \"review\""),
    )
    .unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "Board"]);
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
    let codes: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "p0-requirement")
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "p0-security/no-code-changes",
            "p0-security/no-security-review"
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
    git(dir, &["add", "-A"]);
    git(
        dir,
        &[
            "commit",
            "-q",
            "-m",
            "Harden reset tokens (4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64)",
        ],
    );
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
