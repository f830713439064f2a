//! What gate says when something is off: `show`'s findings and the
//! messages of #13 item 9 (each fixed one pinned here).

use snapbox::str;

use super::support::{demo_board, gate};

#[test]
fn show_reports_what_lint_reports() {
    // The human form, with line numbers: `cli::show_prints_fields_and_findings`.
    let board = demo_board();
    // The same findings as lint's, cross-file ones included.
    std::fs::write(
        board.path().join("tasks/dup.md"),
        "---\nid: 8b6d5f74-c369-4e42-a087-2d9c4e6f1a58\ntitle: Dup\nstatus: todo\n---\n",
    )
    .unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        serde_json::from_slice(&gate(board.path()).args(args).output().unwrap().stdout).unwrap()
    };
    let lint = json(&["lint", "--format", "json"]);
    for file in lint["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let show = json(&["show", path, "--format", "json"]);
        assert_eq!(show["findings"], file["findings"], "{path}");
    }
}

#[test]
fn a_short_id_prefix_says_prefixes_need_four_characters() {
    let board = demo_board();
    gate(board.path())
        .args(["show", "5e2"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: no task named `5e2`
help: id prefixes need 4+ characters; `5e2` begins the id of: 5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95

"]]);
}

#[test]
fn an_empty_list_says_why() {
    let board = demo_board();
    gate(board.path())
        .args(["list", "--priority", "P9"])
        .assert()
        .code(0)
        .stdout_eq("")
        .stderr_eq(str![[r"
no task matches these filters
help: no task has priority `P9`

"]]);
}

#[test]
fn a_missing_directory_is_named_as_missing() {
    let board = demo_board();
    gate(board.path())
        .args(["-C", "nonexistent", "board"])
        .assert()
        .code(2)
        .stderr_eq("error: cannot change to `nonexistent`: no such directory\n");
    gate(board.path())
        .args(["-C", "gate.toml", "board"])
        .assert()
        .code(2)
        .stderr_eq("error: cannot change to `gate.toml`: not a directory\n");
}

#[test]
fn explain_aligns_every_summary_in_one_column() {
    let board = demo_board();
    let out = gate(board.path()).args(["explain"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let columns: Vec<usize> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let name_end = l.trim_start().find(' ').unwrap() + (l.len() - l.trim_start().len());
            name_end + l[name_end..].find(|c: char| c != ' ').unwrap()
        })
        .collect();
    assert!(columns.len() > 20);
    assert!(columns.iter().all(|c| *c == columns[0]), "{text}");
}

#[test]
fn lint_counts_one_file_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    std::fs::write(
        dir.path().join("tasks/a.md"),
        "---\nid: a1b2\ntitle: A\nstatus: todo\npriority: P2\n---\n",
    )
    .unwrap();
    gate(dir.path())
        .args(["lint"])
        .assert()
        .code(0)
        .stdout_eq("1 file checked: 0 errors, 0 warnings\n");
}

#[test]
fn a_missing_config_file_names_the_os_error_once() {
    let board = demo_board();
    gate(board.path())
        .args(["--config", "missing.toml", "board"])
        .assert()
        .code(2)
        .stderr_eq(
            "error: cannot read config `missing.toml`: No such file or directory (os error 2)\n",
        );
}

#[test]
fn git_errors_say_how_to_get_the_history() {
    let board = demo_board();
    gate(board.path())
        .args(["ci", "--base", "main"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: reading task files from git: `[..]` is not in a git repository
help: run gate in a git clone (or pass -C <DIR>); in CI, check the repository out first

"]]);
    let repo = super::gitflow::GitRepo::demo();
    repo.gate()
        .args(["ci", "--base", "origin/main"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: revision `origin/main` cannot be resolved: revspec 'origin/main' not found
help: fetch it first (`git fetch origin <branch>`); in CI, fetch the full history (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`)

"]]);
}

#[test]
fn a_promethean_config_error_speaks_its_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("promethean.kanban.json");
    std::fs::write(
        &config,
        r#"{"statusValues": ["todo", "doing", "done"], "wipLimits": {"doign": 2}}"#,
    )
    .unwrap();
    gate(dir.path()).args(["board"]).assert().code(2).stderr_eq(str![[r"
error: invalid config `promethean.kanban.json`: `wipLimits.doign` names status `doign`, which is not in `statusValues`
help: did you mean `doing`?

"]]);
    std::fs::write(&config, r#"{"statusValues": ["todo", "doing", "done"]}"#).unwrap();
    gate(dir.path())
        .args(["board"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: loading the board: tasks directory `tasks`: No such file or directory (os error 2)
help: set `tasksDir` in promethean.kanban.json, or pass --board <DIR>

"]]);
}
