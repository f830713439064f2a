//! `gate check --proposed`: an edit of one task file judged before it is
//! made, through the same judge of a change as the commit hook.

use std::process::Output;

use serde_json::Value;

use super::gitflow::GitRepo;
use super::support::{demo_board, gate};

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The demo task `name` with its status line set to `status`.
fn with_status(root: &std::path::Path, name: &str, status: &str) -> String {
    let text = std::fs::read_to_string(root.join("tasks").join(format!("{name}.md"))).unwrap();
    let line = text.lines().find(|l| l.starts_with("status:")).unwrap();
    text.replacen(line, &format!("status: \"{status}\""), 1)
}

fn propose(dir: &std::path::Path, file: &str, content: &str, code: i32) -> Output {
    gate(dir)
        .args(["check", "--proposed", file, "--format", "json"])
        .stdin(content.to_owned())
        .assert()
        .code(code)
        .get_output()
        .clone()
}

#[test]
fn an_allowed_move_is_judged_and_nothing_is_written() {
    let board = demo_board();
    let file = board.path().join("tasks/add-csv-export.md");
    let before = std::fs::read(&file).unwrap();
    let doc = json(&propose(
        board.path(),
        "tasks/add-csv-export.md",
        &with_status(board.path(), "add-csv-export", "todo"),
        0,
    ));
    let result = &doc["results"][0];
    assert_eq!(result["outcome"], "allowed");
    assert_eq!(result["transition"]["from"], "ready");
    assert_eq!(result["transition"]["to"], "todo");
    assert_eq!(result["audit"]["recorded"], false);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(!board.path().join(".gate").exists(), "nothing recorded");
}

/// The proposal and `check --dry-run` of the same move give the same
/// document: one judge.
#[test]
fn a_proposal_judges_as_check_does() {
    let board = demo_board();
    for (name, to) in [
        ("paginate-audit-log-api", "in_progress"),
        ("add-csv-export", "todo"),
        ("write-onboarding-guide", "done"),
        ("explore-dark-mode", "done"),
    ] {
        let file = format!("tasks/{name}.md");
        let proposed = gate(board.path())
            .args(["check", "--proposed", &file, "--format", "json"])
            .stdin(with_status(board.path(), name, to))
            .output()
            .unwrap();
        let checked = gate(board.path())
            .args(["check", &file, "--to", to, "--dry-run", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(proposed.status.code(), checked.status.code(), "{name}");
        let mut proposed = json(&proposed)["results"][0].clone();
        let checked = json(&checked);
        proposed["transition"]
            .as_object_mut()
            .unwrap()
            .remove("change");
        assert_eq!(proposed["outcome"], checked["outcome"], "{name}");
        assert_eq!(proposed["gates"], checked["gates"], "{name}");
        assert_eq!(proposed["transition"], checked["transition"], "{name}");
    }
}

#[test]
fn a_wip_overflow_is_blocked() {
    let board = demo_board();
    let doc = json(&propose(
        board.path(),
        "tasks/paginate-audit-log-api.md",
        &with_status(board.path(), "paginate-audit-log-api", "in_progress"),
        1,
    ));
    assert_eq!(doc["results"][0]["outcome"], "blocked");
    assert_eq!(
        doc["results"][0]["gates"][1]["findings"][0]["code"],
        "wip-limit/exceeded"
    );
}

#[test]
fn removing_a_task_is_judged_as_a_removal() {
    let board = demo_board();
    // By flag, and by empty content.
    let removed = gate(board.path())
        .args([
            "check",
            "--proposed",
            "tasks/add-csv-export.md",
            "--remove",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let emptied = propose(board.path(), "tasks/add-csv-export.md", "", 1);
    for out in [removed, emptied] {
        let doc = json(&out);
        assert_eq!(doc["results"][0]["transition"]["change"], "removal");
        assert_eq!(
            doc["results"][0]["gates"][0]["findings"][0]["code"],
            "transition/removed"
        );
    }
    // A finished task may leave.
    propose(board.path(), "tasks/set-up-release-workflow.md", "", 0);
}

#[test]
fn a_new_task_must_start_in_a_start_state() {
    let board = demo_board();
    let task = "---\ntitle: A new task\nstatus: done\npriority: P2\n---\nBody\n";
    let doc = json(&propose(board.path(), "tasks/new/brand-new.md", task, 1));
    assert_eq!(
        doc["results"][0]["gates"][0]["findings"][0]["code"],
        "transition/not-a-start-state"
    );
    let task = task.replace("status: done", "status: icebox");
    propose(board.path(), "tasks/new/brand-new.md", &task, 0);
    assert!(!board.path().join("tasks/new").exists());
}

/// Walking around the gate by changing the id along with the status: a
/// task is known by its id, so the file holds a new task (which may not
/// start in `done`) and the old one left the board from `todo`.
#[test]
fn a_new_id_does_not_make_a_move_a_new_task() {
    let board = demo_board();
    let text = with_status(board.path(), "paginate-audit-log-api", "done")
        .replace("5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95", "fresh-id");
    let doc = json(&propose(
        board.path(),
        "tasks/paginate-audit-log-api.md",
        &text,
        1,
    ));
    let results = doc["results"].as_array().unwrap();
    let new = results
        .iter()
        .find(|r| r["task"]["id"] == "fresh-id")
        .unwrap();
    assert_eq!(new["transition"]["from"], serde_json::Value::Null);
    assert_eq!(new["outcome"], "blocked");
    let old = results
        .iter()
        .find(|r| r["task"]["id"] == "5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95")
        .unwrap();
    assert_eq!(
        old["transition"],
        serde_json::json!({"from": "todo", "to": null, "change": "removal"})
    );
    assert_eq!(old["outcome"], "blocked");
}

#[test]
fn content_that_stops_reading_as_a_task_is_an_error() {
    let board = demo_board();
    let out = propose(
        board.path(),
        "tasks/add-csv-export.md",
        "no front-matter any more\n",
        2,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("was a task and no longer reads as one"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_a_task_file_is_a_usage_error() {
    let board = demo_board();
    std::fs::write(board.path().join("notes.md"), "x").unwrap();
    for file in [
        "notes.md",
        "tasks/.hidden.md",
        "tasks/image.png",
        "../elsewhere.md",
    ] {
        let out = propose(board.path(), file, "---\nstatus: done\n---\n", 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("is not a task file of the board"),
            "{file}: {stderr}"
        );
    }
}

#[test]
fn content_file_and_record() {
    let board = demo_board();
    let content = board.path().join("proposed.md");
    std::fs::write(
        &content,
        with_status(board.path(), "add-csv-export", "todo"),
    )
    .unwrap();
    let out = gate(board.path())
        .args([
            "check",
            "--proposed",
            "tasks/add-csv-export.md",
            "--content-file",
            "proposed.md",
            "--record",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(json(&out)["results"][0]["audit"]["recorded"], true);
    let records = super::support::audit_records(board.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["command"], "check --proposed");
    assert_eq!(records[0]["to"], "todo");
}

/// A proposal is judged with the configuration HEAD has, as the commit
/// hook will judge it: loosening the work tree's limits first does not
/// let the move through.
#[test]
fn the_committed_configuration_judges() {
    let repo = GitRepo::demo();
    let config = repo.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("in_progress = 3", "in_progress = 30")).unwrap();
    let out = propose(
        repo.path(),
        "tasks/paginate-audit-log-api.md",
        &with_status(repo.path(), "paginate-audit-log-api", "in_progress"),
        1,
    );
    assert_eq!(json(&out)["results"][0]["outcome"], "blocked");
    // Committed, the new limit applies.
    repo.commit_all("raise the limit");
    propose(
        repo.path(),
        "tasks/paginate-audit-log-api.md",
        &with_status(repo.path(), "paginate-audit-log-api", "in_progress"),
        0,
    );
}
