//! A verdict holds however gate is run: a closed pipe keeps the exit code.

use std::process::Stdio;

use super::gitflow::GitRepo;

/// Runs gate with standard output a pipe whose reader is already gone.
fn exit_with_closed_stdout(repo: &GitRepo, args: &[&str]) -> Option<i32> {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = repo
        .gate_process()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    status.code()
}

#[test]
fn a_closed_stdout_keeps_the_decisions_exit_code() {
    let repo = GitRepo::demo();
    for format in ["human", "json"] {
        let blocked = [
            "check",
            "explore-dark-mode",
            "--to",
            "done",
            "--format",
            format,
        ];
        assert_eq!(
            exit_with_closed_stdout(&repo, &blocked),
            Some(1),
            "{format}"
        );
        let allowed = [
            "check",
            "explore-dark-mode",
            "--to",
            "incoming",
            "--format",
            format,
        ];
        assert_eq!(
            exit_with_closed_stdout(&repo, &allowed),
            Some(0),
            "{format}"
        );
        let error = [
            "check",
            "explore-dark-mode",
            "--to",
            "nowhere",
            "--format",
            format,
        ];
        assert_eq!(exit_with_closed_stdout(&repo, &error), Some(2), "{format}");
    }
    repo.set_status("explore-dark-mode", "done");
    repo.commit_all("dark mode: done at once");
    let ci = ["ci", "--base", "HEAD~1"];
    assert_eq!(exit_with_closed_stdout(&repo, &ci), Some(1));
    let ci_json = ["ci", "--base", "HEAD~1", "--format", "json"];
    assert_eq!(exit_with_closed_stdout(&repo, &ci_json), Some(1));
    // A command that decided nothing still ends quietly.
    assert_eq!(exit_with_closed_stdout(&repo, &["explain"]), Some(0));
}

/// Text from a task file reaches the terminal on one line and without
/// escape sequences: the P0 skip note's priority, a title inside the WIP
/// help, in `check`, `check --staged` and `ci`.
#[test]
fn task_text_cannot_write_to_the_terminal_or_forge_lines() {
    let repo = GitRepo::demo();
    let evil = "---\nid: evil\ntitle: \"Evil\\nallowed: everything is fine\"\nstatus: in_progress\npriority: \"P1\\e]0;owned\\a\\e[2J\"\n---\n";
    std::fs::write(repo.task("evil"), evil).unwrap();
    repo.commit_all("an evil task");
    let check = |args: &[&str]| {
        let out = repo.gate().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("allowed: everything")),
            "{text}"
        );
        text
    };
    let skip = check(&["check", "evil", "--to", "review", "--dry-run"]);
    assert!(skip.contains("priority P1]0;owned[2J"), "{skip}");
    let wip = check(&[
        "check",
        "harden-password-reset-tokens",
        "--to",
        "in_progress",
        "--dry-run",
    ]);
    assert!(
        wip.contains("Evil allowed: everything is fine (evil)"),
        "{wip}"
    );
    repo.set_status("evil", "review");
    repo.git(&["add", "-A"]);
    check(&["check", "--staged", "--dry-run"]);
    repo.commit_all("evil to review");
    check(&["ci", "--base", "HEAD~1"]);
}

/// `--since` reads the same way, with the same message, in `audit log` and
/// `report` (one parser).
#[test]
fn since_is_read_once_for_audit_log_and_report() {
    let repo = GitRepo::demo();
    for args in [
        &["audit", "log", "--since", "lately"][..],
        &["report", "--since", "lately"],
    ] {
        let out = repo.gate().args(args).assert().code(2).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("cannot read `--since lately`") && stderr.contains("help: give a date"),
            "{args:?}: {stderr}"
        );
    }
    repo.gate()
        .args(["audit", "log", "--since", "7d"])
        .assert()
        .code(0);
}
