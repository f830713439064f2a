//! Boards as their own tools keep them (issue #11): Backlog.md and kanban-md
//! read with no gate config, `gate.toml` layered over them, the board's
//! spelling kept, `gate init` that breaks nothing, and adoption.

use std::path::Path;

use snapbox::str;

use super::gitflow::GitRepo;
use super::support::{copy_tree, corpus_dir, demo_board, gate, manifest_dir};

/// One of this repository's boards (`fixtures/boards/<rel>`).
fn ours(rel: &str) -> std::path::PathBuf {
    manifest_dir().join("fixtures/boards").join(rel)
}

fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("fixtures/boards").join(name),
        dir.path(),
    );
    dir
}

fn stdout_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = gate(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(status, name, count, limit)` of each board column.
fn columns(dir: &Path) -> Vec<(String, String, u64, Option<u64>)> {
    let doc = stdout_json(dir, &["board", "--format", "json"]);
    doc["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
                c["limit"].as_u64(),
            )
        })
        .collect()
}

fn col(
    status: &str,
    name: &str,
    count: u64,
    limit: Option<u64>,
) -> (String, String, u64, Option<u64>) {
    (status.to_owned(), name.to_owned(), count, limit)
}

/// A Backlog.md board loads with no config: its statuses with their
/// spelling, its tasks directory, its start state. Ours, then the real one
/// beside the clone when it is there.
#[test]
fn backlog_md_boards_need_no_config() {
    let ours = (
        ours("backlog-md/backlog"),
        [3, 1, 1],
        "BACK-2",
        "2026-08-05T00:00:00Z",
    );
    let real = corpus_dir("backlog.md/backlog")
        .map(|dir| (dir, [7, 0, 18], "BACK-200", "2025-07-23T00:00:00Z"));
    for (src, [to_do, in_progress, done], id, created) in std::iter::once(ours).chain(real) {
        backlog_md_board_needs_no_config(&src, [to_do, in_progress, done], id, created);
    }
}

fn backlog_md_board_needs_no_config(src: &Path, counts: [u64; 3], id: &str, created: &str) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(src, &dir.path().join("backlog"));
    assert_eq!(
        columns(dir.path()),
        [
            col("to_do", "To Do", counts[0], None),
            col("in_progress", "In Progress", counts[1], None),
            col("done", "Done", counts[2], None),
        ],
        "{}",
        src.display()
    );
    let doc = stdout_json(dir.path(), &["config", "--format", "json"]);
    assert_eq!(doc["config_file"], "backlog/config.yml");
    assert_eq!(
        doc["sources"]["workflow.statuses"],
        "backlog/config.yml (statuses)"
    );
    assert_eq!(
        doc["sources"]["workflow.start"],
        "backlog/config.yml (default_status)"
    );
    assert_eq!(
        doc["config"]["workflow"]["start"],
        serde_json::json!(["To Do"])
    );
    // High is the board's top priority: the P0 gate's scope.
    assert_eq!(
        doc["config"]["gates"]["p0-security"]["priorities"],
        serde_json::json!(["P1"])
    );
    // The start state moves on: it used to be a dead end ("a final status").
    gate(dir.path())
        .args(["check", id, "--to", "In Progress", "--dry-run"])
        .assert()
        .code(0);
    // Backlog.md's created_date is the created date.
    let list = stdout_json(dir.path(), &["list", "--format", "json"]);
    let task = list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap();
    assert_eq!(task["created"], created);
    assert_eq!(task["status"], "to_do");
}

/// Every kanban-md config version, laid out as a repository keeps it
/// (`kanban/config.yml`, `kanban/tasks/`): ours, then the real ones beside the
/// clone when they are there.
#[test]
fn kanban_md_config_versions_need_no_config() {
    let roots = std::iter::once(ours("kanban-md-versions")).chain(corpus_dir("kanban-md"));
    for root in roots {
        kanban_md_versions_need_no_config(&root);
    }
}

fn kanban_md_versions_need_no_config(root: &Path) {
    for (version, limits) in [("v1", None), ("v6", Some(3)), ("v10", Some(3))] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root.join(version), &dir.path().join("kanban"));
        let cols = columns(dir.path());
        let names: Vec<&str> = cols.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(
            names[..5],
            ["backlog", "todo", "in-progress", "review", "done"],
            "{version}"
        );
        let in_progress = cols.iter().find(|c| c.0 == "in_progress").unwrap();
        assert_eq!(in_progress.3, limits, "{version}");
        let doc = stdout_json(dir.path(), &["config", "--format", "json"]);
        assert_eq!(
            doc["config"]["workflow"]["start"],
            serde_json::json!(["backlog"])
        );
        assert_eq!(
            doc["config"]["gates"]["p0-security"]["priorities"],
            serde_json::json!(["P0"])
        );
        gate(dir.path()).args(["lint"]).assert().code(0);
    }
}

/// Issue #11 item 2: `move` writes `In Progress`, not `in_progress`, so
/// Backlog.md keeps the task in its column.
#[test]
fn move_writes_the_board_spelling() {
    let dir = fixture("backlog-md");
    let path = dir
        .path()
        .join("backlog/tasks/back-2 - Export-tasks-as-CSV.md");
    let before = std::fs::read_to_string(&path).unwrap();
    gate(dir.path())
        .args(["move", "BACK-2", "--to", "in_progress"])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(&path).unwrap();
    // The status, and the `updated_date` Backlog.md writes on a move (in
    // its `date_format`, UTC, after `created_date`): nothing else.
    assert_eq!(
        after,
        before
            .replace("status: To Do", "status: In Progress")
            .replace(
                "created_date: '2026-08-05'\n",
                "created_date: '2026-08-05'\nupdated_date: '2025-11-01 12:00'\n"
            )
    );
    assert_eq!(
        columns(dir.path())[1],
        col("in_progress", "In Progress", 2, None)
    );
    // kanban-md spells it in-progress.
    let dir = fixture("kanban-md");
    gate(dir.path())
        .args([
            "move",
            "4",
            "--to",
            "In Progress",
            "--force",
            "--reason",
            "test",
        ])
        .assert()
        .code(0);
    let text =
        std::fs::read_to_string(dir.path().join("kanban/tasks/004-rate-limit-login.md")).unwrap();
    assert!(text.contains("\nstatus: in-progress\n"), "{text}");
}

/// Issue #23 item 7: `move` writes the dates kanban-md writes on a move
/// (`updated`; `started` on leaving the first status, never overwritten;
/// `completed` on entering done, removed on a reopen), and Backlog.md's
/// `updated_date` in the board's own `date_format`. Nothing else changes.
#[test]
fn move_writes_the_dates_the_tool_writes() {
    let dir = fixture("kanban-md");
    let path = dir.path().join("kanban/tasks/005-write-user-guide.md");
    let original = std::fs::read_to_string(&path).unwrap();
    assert!(original.contains("status: backlog\n"), "{original}");
    assert!(!original.contains("\nstarted:"), "{original}");
    let moved = |to: &str, now: &str| {
        gate(dir.path())
            .env("__GATE_TEST_NOW", now)
            .args(["move", "5", "--to", to])
            .assert()
            .code(0);
        std::fs::read_to_string(&path).unwrap()
    };
    let field = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_owned))
    };
    let todo = moved("todo", "2026-03-01T08:00:00Z");
    assert_eq!(
        field(&todo, "updated").as_deref(),
        Some("2026-03-01T08:00:00Z")
    );
    assert_eq!(
        field(&todo, "started").as_deref(),
        Some("2026-03-01T08:00:00Z")
    );
    assert_eq!(field(&todo, "completed"), None);
    let done = moved("done", "2026-03-02T09:30:00Z");
    // `started` is never overwritten.
    assert_eq!(
        field(&done, "started").as_deref(),
        Some("2026-03-01T08:00:00Z")
    );
    assert_eq!(
        field(&done, "completed").as_deref(),
        Some("2026-03-02T09:30:00Z")
    );
    assert_eq!(
        field(&done, "updated").as_deref(),
        Some("2026-03-02T09:30:00Z")
    );
    let reopened = moved("todo", "2026-03-03T10:00:00Z");
    assert_eq!(field(&reopened, "completed"), None);
    assert_eq!(
        field(&reopened, "started").as_deref(),
        Some("2026-03-01T08:00:00Z")
    );
    // Every other line is as it was, in its place.
    let keep = |text: &str| {
        text.lines()
            .filter(|l| {
                !["status:", "updated:", "started:", "completed:"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(keep(&reopened), keep(&original));
    let order: Vec<_> = reopened
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .filter(|k| ["created", "updated", "started"].contains(k))
        .collect();
    assert_eq!(order, ["created", "updated", "started"], "{reopened}");

    // Backlog.md: an existing `updated_date` is rewritten in place, in the
    // board's `date_format`, its quoting kept; CRLF stays CRLF.
    let dir = fixture("backlog-md");
    let config = dir.path().join("backlog/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("date_format: yyyy-mm-dd hh:mm", "date_format: dd/mm/yyyy"),
    )
    .unwrap();
    let path = dir
        .path()
        .join("backlog/tasks/back-2 - Export-tasks-as-CSV.md");
    let before = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "created_date: '2026-08-05'\n",
            "created_date: '2026-08-05'\nupdated_date: \"2026-08-06\" # by hand\n",
        )
        .replace('\n', "\r\n");
    std::fs::write(&path, &before).unwrap();
    gate(dir.path())
        .args(["move", "back-2", "--to", "In Progress"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before
            .replace("status: To Do", "status: In Progress")
            .replace(
                "updated_date: \"2026-08-06\"",
                "updated_date: \"01/11/2025\""
            )
    );
}

/// A gate.toml adds policy over the tool's config and may override it; the
/// rest still comes from the tool, and `gate config` says which is which.
#[test]
fn gate_toml_layers_over_a_tool_config() {
    let dir = fixture("backlog-md");
    std::fs::write(
        dir.path().join("gate.toml"),
        "[gates.wip-limit]\nlimits = { \"In Progress\" = 1 }\n",
    )
    .unwrap();
    assert_eq!(
        columns(dir.path()),
        [
            col("to_do", "To Do", 3, None),
            col("in_progress", "In Progress", 1, Some(1)),
            col("done", "Done", 1, None),
        ]
    );
    gate(dir.path())
        .args(["check", "BACK-2", "--to", "In Progress", "--dry-run"])
        .assert()
        .code(1)
        .stdout_eq(str![[r"
blocked: Export tasks as CSV (BACK-2): To Do -> In Progress
  pass        transition
  fail        wip-limit
              error[wip-limit/exceeded]: Target column 'In Progress' would exceed WIP limit (2/1)
                help: 'In Progress' holds:
                        medium Add a search box to the board (BACK-1)
                      finish or move one of them first
  skip        p0-security  (not a P0 security task: priority low)
  skip        checklist  ('In Progress' needs no checklist)
  skip        dependencies  ('In Progress' needs no finished dependencies)

"]]);
    let text = gate(dir.path()).args(["config"]).output().unwrap().stdout;
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.starts_with("# config file: gate.toml\n# layered over: backlog/config.yml\n"),
        "{text}"
    );
    assert!(
        text.contains("# workflow.statuses: backlog/config.yml (statuses)\n"),
        "{text}"
    );
    assert!(text.contains("# gates.wip-limit: gate.toml\n"), "{text}");
}

/// Issue #11 item 4: next to a tool config `init` refuses without --force;
/// with it, nothing in effect changes.
#[test]
fn init_refuses_over_a_tool_config_and_changes_nothing_with_force() {
    for board in ["backlog-md", "kanban-md"] {
        let dir = fixture(board);
        let before = stdout_json(dir.path(), &["config", "--format", "json"]);
        let out = gate(dir.path()).args(["init"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{board}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is already configured by"), "{err}");
        assert!(err.contains("--force"), "{err}");
        assert!(!dir.path().join("gate.toml").exists());
        gate(dir.path()).args(["init", "--force"]).assert().code(0);
        let after = stdout_json(dir.path(), &["config", "--format", "json"]);
        assert_eq!(after["config_file"], "gate.toml", "{board}");
        assert_eq!(before["config"], after["config"], "{board}");
        gate(dir.path())
            .args(["config", "--validate"])
            .assert()
            .code(0)
            .stderr_eq(str![[r"
`[..]gate.toml`: valid

"]]);
    }
}

/// Issue #11 item 4: `init` on a board in `tasks/` keeps `tasks/` (it used
/// to write `docs/agile/tasks`, and the board stopped loading).
#[test]
fn init_keeps_a_board_in_tasks_working() {
    let dir = demo_board();
    std::fs::remove_file(dir.path().join("gate.toml")).unwrap();
    let before = columns(dir.path());
    assert!(before.iter().map(|c| c.2).sum::<u64>() > 0);
    gate(dir.path()).args(["init"]).assert().code(0);
    assert_eq!(columns(dir.path()), before);
    let text = std::fs::read_to_string(dir.path().join("gate.toml")).unwrap();
    assert!(text.contains("\ntasks_dir = \"tasks\"\n"), "{text}");
}

/// Issue #11 item 4: the README's Configuration block, pasted as the demo
/// board's gate.toml, is valid, warns about nothing, and tasks still move.
#[test]
fn readme_configuration_block_keeps_the_demo_board_working() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let section = &readme[readme.find("\n## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let dir = demo_board();
    std::fs::write(dir.path().join("gate.toml"), block).unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .assert()
        .code(0)
        .stderr_eq(str![[r"
`[..]gate.toml`: valid

"]]);
    gate(dir.path()).args(["board"]).assert().code(0);
    // Every step of a task's way still moves.
    for (task, to) in [
        ("add-login-rate-limit", "review"),
        ("upgrade-tls-config", "testing"),
        ("explore-dark-mode", "incoming"),
    ] {
        gate(dir.path())
            .args(["move", task, "--to", to])
            .assert()
            .code(0);
    }
}

/// Issue #11 item 3: `config --validate` warns about a workflow with dead
/// ends (an empty row for the start state, a status nothing reaches).
#[test]
fn validate_warns_about_dead_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gate.toml"),
        "[workflow]\nstatuses = [\"to_do\", \"in_progress\", \"in_review\", \"done\"]\nstart = [\"to_do\"]\n[workflow.transitions]\nto_do = []\nin_progress = [\"done\"]\n",
    )
    .unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .assert()
        .code(0)
        .stderr_eq(str![[r"
warning: `[..]gate.toml`: workflow: no transition leaves start state `to_do`: new tasks cannot move on
warning: `[..]gate.toml`: workflow: no transition reaches status `in_progress` and it is not a start state
warning: `[..]gate.toml`: workflow: no transition reaches status `in_review` and it is not a start state
`[..]gate.toml`: valid

"]]);
}

/// Issue #11 item 3: statuses without transitions get a derived workflow:
/// forward one, back any, the last final.
#[test]
fn a_plain_list_of_statuses_gets_a_derived_workflow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    std::fs::write(
        dir.path().join("gate.toml"),
        "[workflow]\nstatuses = [\"To Do\", \"In Progress\", \"Review\", \"Done\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tasks/a.md"),
        "---\nid: A-1\ntitle: A\nstatus: Review\n---\n",
    )
    .unwrap();
    for (to, code) in [("Done", 0), ("In Progress", 0), ("To Do", 0), ("Review", 0)] {
        gate(dir.path())
            .args(["check", "A-1", "--to", to, "--dry-run"])
            .assert()
            .code(code);
    }
    gate(dir.path())
        .args([
            "check",
            "A-1",
            "--from",
            "To Do",
            "--to",
            "Review",
            "--dry-run",
        ])
        .assert()
        .code(1);
    gate(dir.path())
        .args([
            "check",
            "A-1",
            "--from",
            "Done",
            "--to",
            "Review",
            "--dry-run",
        ])
        .assert()
        .code(1);
    gate(dir.path())
        .args(["config", "--validate"])
        .assert()
        .code(0)
        .stderr_eq(str![[r"
`[..]gate.toml`: valid

"]]);
}

/// Splits a transcript command line into words (double quotes group).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// Issue #11 item 5: the README's adoption path is real output — replayed
/// here in a fresh repository holding the Backlog.md example board. The
/// board that exists when gate arrives blocks nothing.
#[cfg(unix)]
#[test]
fn readme_adoption_transcript_is_real_output() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let at = readme.find("<!-- adoption transcript -->").unwrap();
    let start = at + readme[at..].find("```text\n").unwrap() + "```text\n".len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let repo = GitRepo::fixture("backlog-md");
    let mut steps: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push((command.to_owned(), String::new()));
        } else {
            let (_, expected) = steps.last_mut().unwrap();
            expected.push_str(line);
            expected.push('\n');
        }
    }
    assert!(steps.len() > 5, "{block}");
    for (command, expected) in steps {
        let args = words(&command);
        let out = match args[0].as_str() {
            "gate" => repo.gate().args(&args[1..]).output().unwrap(),
            "git" => {
                let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
                repo.try_git(&args)
            }
            other => panic!("the transcript runs gate and git, not {other}"),
        };
        let actual = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        snapbox::assert_data_eq!(actual, expected);
    }
}

/// Issue #11 item 3: the successor Promethean board (statuses, no rules)
/// used to be a dead end: `in_progress` could not reach `in_review`. Ours,
/// then the real one beside the clone when it is there.
#[test]
fn successor_promethean_board_reaches_review() {
    let real = corpus_dir("promethean/successor-riatzukiza-devel-spec").map(|dir| {
        let task = dir.join("2026-02-24-opencode-snapshot-stability-fork-tales.md");
        (dir.clone(), dir, task)
    });
    let ours = ours("promethean-successor");
    let ours = (
        ours.clone(),
        ours.join("spec"),
        ours.join("spec/2026-03-01-cache-eviction-spec.md"),
    );
    for (config_dir, board, task) in std::iter::once(ours).chain(real) {
        successor_board_reaches_review(&config_dir.join("promethean.kanban.json"), &board, &task);
    }
}

fn successor_board_reaches_review(config: &Path, board: &Path, task: &Path) {
    let args = |extra: &[&str]| {
        let mut v: Vec<String> = vec![
            "--config".into(),
            config.display().to_string(),
            "--board".into(),
            board.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        v
    };
    gate(&manifest_dir())
        .args(args(&[
            "check",
            &task.display().to_string(),
            "--to",
            "in_review",
            "--dry-run",
        ]))
        .assert()
        .code(0);
    gate(&manifest_dir())
        .args(args(&["config", "--validate"]))
        .assert()
        .code(0)
        .stderr_eq(str![[r"
`[..]promethean.kanban.json`: valid

"]]);
}

/// Issue #11 item 7: a task without an id is named by its file — in the WIP
/// help (not its title twice), and as the `<TASK>` of `show` and `check`.
#[test]
fn tasks_without_an_id_are_named_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    std::fs::write(
        dir.path().join("gate.toml"),
        "[workflow]\nstatuses = [\"Todo\", \"Doing\", \"Done\"]\n[gates.wip-limit]\nlimits = { Doing = 1 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tasks/fix-login.md"),
        "---\ntitle: Fix login\nstatus: Doing\npriority: low\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tasks/add-export.md"),
        "---\ntitle: Add export\nstatus: Todo\n---\n",
    )
    .unwrap();
    gate(dir.path())
        .args(["check", "tasks/add-export.md", "--to", "doing", "--dry-run"])
        .assert()
        .code(1)
        .stdout_eq(str![[r"
blocked: Add export: Todo -> Doing
  pass        transition
  fail        wip-limit
              error[wip-limit/exceeded]: Target column 'Doing' would exceed WIP limit (2/1)
                help: 'Doing' holds:
                        P3  Fix login (tasks/fix-login.md)
                      finish or move one of them first
  skip        p0-security  (not a P0 security task: no priority)

"]]);
    gate(dir.path())
        .args(["show", "tasks/fix-login.md"])
        .assert()
        .code(0);
}

/// Issue #11 item 2: reports show the board's spelling, board and P0 rows.
#[test]
fn reports_show_the_board_spelling() {
    let dir = fixture("backlog-md");
    for format in ["human", "markdown", "html"] {
        let out = gate(dir.path())
            .args(["report", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("In Progress"), "{format}: {text}");
        assert!(!text.contains("in_progress"), "{format}: {text}");
        assert!(!text.contains("to_do"), "{format}: {text}");
    }
}

/// beans (`.beans.yml`): its fixed statuses, tasks in `.beans/`, ids kept in
/// a YAML comment — the beans are named by file and lint asks for no id.
#[test]
fn beans_board_needs_no_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".beans")).unwrap();
    std::fs::write(
        dir.path().join(".beans.yml"),
        "project:\n  name: demo\nbeans:\n  path: .beans\n  prefix: demo-\n  default_status: todo\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".beans/demo-a1b2--fix-login.md"),
        "---\n# demo-a1b2\ntitle: Fix login\nstatus: in-progress\ntype: bug\npriority: normal\ncreated_at: 2026-01-05T10:00:00Z\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".beans/demo-c3d4--add-export.md"),
        "---\n# demo-c3d4\ntitle: Add export\nstatus: todo\ntype: feature\npriority: high\n---\n",
    )
    .unwrap();
    assert_eq!(
        columns(dir.path()),
        [
            col("draft", "draft", 0, None),
            col("todo", "todo", 1, None),
            col("in_progress", "in-progress", 1, None),
            col("completed", "completed", 0, None),
            col("scrapped", "scrapped", 0, None),
        ]
    );
    gate(dir.path())
        .args(["lint"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
2 files checked: 0 errors, 0 warnings

"]]);
    gate(dir.path())
        .args([
            "move",
            ".beans/demo-c3d4--add-export.md",
            "--to",
            "in_progress",
        ])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(dir.path().join(".beans/demo-c3d4--add-export.md")).unwrap();
    assert!(text.contains("\nstatus: in-progress\n"), "{text}");
    let list = stdout_json(dir.path(), &["list", "--format", "json"]);
    let prio: Vec<&str> = list["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["priority"].as_str().unwrap())
        .collect();
    assert_eq!(prio, ["P1", "P2"]);
}

/// `gate init`'s gate.toml, and `gate config`'s output written back as the
/// gate.toml, run with the settings they were written from: on the demo
/// board, our Backlog.md, kanban-md and Promethean boards (and the real ones
/// beside the clone when they are there), and a Promethean board whose rules let
/// nothing move (an empty table read back used to mean "derived": every
/// status could move).
#[test]
fn init_and_config_output_read_back_as_the_same_settings() {
    let frozen = tempfile::tempdir().unwrap();
    std::fs::create_dir(frozen.path().join("tasks")).unwrap();
    std::fs::write(
        frozen.path().join("promethean.kanban.json"),
        r#"{"tasksDir": "tasks", "statusValues": ["todo", "doing", "done"],
            "transitionRules": {"rules": [{"from": [], "to": []}]}}"#,
    )
    .unwrap();
    let board = |src: &Path, under: &str| {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(src, &dir.path().join(under));
        dir
    };
    let mut boards = vec![
        demo_board(),
        frozen,
        board(&ours("backlog-md/backlog"), "backlog"),
        board(&ours("kanban-md-versions/v10"), "kanban"),
        board(&ours("promethean-successor"), ""),
    ];
    if let Some(real) = corpus_dir("") {
        boards.push(board(&real.join("backlog.md/backlog"), "backlog"));
        boards.push(board(&real.join("kanban-md/v10"), "kanban"));
        boards.push(board(&real.join("promethean"), ""));
    }
    for dir in &boards {
        let dir = dir.path();
        let before = stdout_json(dir, &["config", "--format", "json"]);
        let shown = gate(dir).args(["config"]).output().unwrap().stdout;
        gate(dir)
            .args(["init", "--force", "--path", "init.toml"])
            .assert()
            .code(0);
        let init = std::fs::read(dir.join("init.toml")).unwrap();
        std::fs::remove_file(dir.join("init.toml")).unwrap();
        for (what, text) in [("gate init", init), ("gate config", shown)] {
            std::fs::write(dir.join("gate.toml"), &text).unwrap();
            let after = stdout_json(dir, &["config", "--format", "json"]);
            assert_eq!(
                before["config"],
                after["config"],
                "{what} in {}:\n{}",
                dir.display(),
                String::from_utf8_lossy(&text)
            );
        }
    }
}

/// Issue #23 item 5: the P0 gate's findings name the priority and the
/// status as the board does (`high`, `'In Progress'`), not the spec's `P0`
/// and `in-progress`; gate's own boards keep the spec's text.
#[test]
fn p0_findings_speak_the_board_s_words() {
    let repo = GitRepo::fixture("backlog-md");
    let out = repo
        .gate()
        .args(["check", "BACK-3", "--to", "Done", "--dry-run"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for message in [
        "error[p0-security/no-implementation-plan]: high security tasks require an implementation plan before starting work",
        "error[p0-security/no-code-changes]: high security tasks require committed code changes to move to 'In Progress'",
        "error[p0-security/no-documentation]: high security tasks require updated documentation before completion",
    ] {
        assert!(stdout.contains(message), "{message}\n{stdout}");
    }
    assert!(!stdout.contains("P0 security tasks require"), "{stdout}");
}

/// A date gate cannot rewrite in place (a list where the date should be)
/// is left as it is, with a warning; the status still moves, and nothing
/// else changes.
#[test]
fn a_date_that_cannot_be_rewritten_is_left_with_a_warning() {
    let dir = fixture("backlog-md");
    let path = dir
        .path()
        .join("backlog/tasks/back-2 - Export-tasks-as-CSV.md");
    let before = std::fs::read_to_string(&path).unwrap().replace(
        "created_date: '2026-08-05'\n",
        "created_date: '2026-08-05'\nupdated_date: [a, b]\n",
    );
    std::fs::write(&path, &before).unwrap();
    let out = gate(dir.path())
        .args(["move", "BACK-2", "--to", "In Progress"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the dates the board tool writes on a move were not updated"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before.replace("status: To Do", "status: In Progress")
    );
}
