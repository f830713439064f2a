//! Done means done (issue #24): the checklist and dependency gates on a
//! Backlog.md board, with no gate config, through `check`, `move`, the
//! commit hook and `ci`.

use std::process::Output;

use super::gitflow::GitRepo;

const BACK_1: &str = "backlog/tasks/back-1 - Add-a-search-box-to-the-board.md";
const BACK_2: &str = "backlog/tasks/back-2 - Export-tasks-as-CSV.md";

fn edit(repo: &GitRepo, rel: &str, from: &str, to: &str) {
    let path = repo.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn codes(out: &Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let mut codes = Vec::new();
    let results = doc["results"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![doc.clone()]);
    for r in results {
        for g in r["gates"].as_array().into_iter().flatten() {
            for f in g["findings"].as_array().into_iter().flatten() {
                codes.push(f["code"].as_str().unwrap().to_owned());
            }
        }
    }
    codes
}

fn run(repo: &GitRepo, args: &[&str], code: i32) -> Output {
    repo.gate()
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .clone()
}

/// Walking around the rule: marking the task done in a commit with a
/// criterion unticked and a dependency open is refused by the hook and by
/// `ci`; each finding names its item or blocker.
#[test]
fn done_with_an_unticked_criterion_or_an_open_dependency_is_blocked() {
    let repo = GitRepo::fixture("backlog-md");
    repo.git(&["checkout", "-q", "-b", "ship"]);
    edit(&repo, BACK_1, "status: In Progress", "status: Done");
    repo.git(&["add", "-A"]);
    let out = run(&repo, &["check", "--staged", "--format", "json"], 1);
    assert_eq!(
        codes(&out),
        ["checklist/unticked", "dependencies/open"],
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("#2 Clearing the box shows every card again"),
        "{text}"
    );
    assert!(text.contains("\"blocker\":\"BACK-2\""), "{text}");
    repo.git(&["commit", "-q", "--no-verify", "-m", "BACK-1 done"]);
    let out = run(
        &repo,
        &["ci", "--base", "main", "--head", "ship", "--format", "json"],
        1,
    );
    assert_eq!(codes(&out), ["checklist/unticked", "dependencies/open"]);
}

/// Legitimate use: ticking the criterion and finishing the dependency in
/// the same commit passes, since the dependency is read from the same
/// board state; earlier moves are not gated.
#[test]
fn finishing_the_dependency_in_the_same_commit_passes() {
    let repo = GitRepo::fixture("backlog-md");
    repo.git(&["checkout", "-q", "-b", "ship"]);
    edit(&repo, BACK_2, "status: To Do", "status: In Progress");
    repo.commit_all("BACK-2 started");
    edit(&repo, BACK_2, "status: In Progress", "status: Done");
    edit(&repo, BACK_1, "status: In Progress", "status: Done");
    edit(&repo, BACK_1, "- [ ] #2", "- [x] #2");
    repo.git(&["add", "-A"]);
    run(&repo, &["check", "--staged"], 0);
    repo.commit_all("BACK-1 and BACK-2 done");
    run(&repo, &["ci", "--base", "main", "--head", "ship"], 0);
}

/// `move` is blocked the same way, and `--force --reason` records an
/// override like any gate's.
#[test]
fn move_is_blocked_and_can_be_overridden_with_a_reason() {
    let repo = GitRepo::fixture("backlog-md");
    let out = run(
        &repo,
        &["move", "BACK-1", "--to", "Done", "--format", "json"],
        1,
    );
    assert_eq!(codes(&out), ["checklist/unticked", "dependencies/open"]);
    run(
        &repo,
        &[
            "move",
            "BACK-1",
            "--to",
            "Done",
            "--force",
            "--reason",
            "shipped behind a flag",
        ],
        0,
    );
    let text = std::fs::read_to_string(repo.path().join(BACK_1)).unwrap();
    assert!(text.contains("status: Done"), "{text}");
    let log = std::fs::read_to_string(repo.path().join(".gate/audit.jsonl")).unwrap();
    let last = log.lines().last().unwrap();
    assert!(
        last.contains("\"outcome\":\"overridden\"")
            && last.contains("shipped behind a flag")
            && last.contains("checklist/unticked"),
        "{last}"
    );
}

/// `report` and `watch`'s view of the board: the unfinished work of tasks
/// already done, in every format; `lint` names dangling ids.
#[test]
fn report_lists_unfinished_work_and_lint_names_dangling_ids() {
    let repo = GitRepo::fixture("backlog-md");
    edit(&repo, BACK_1, "status: In Progress", "status: Done");
    edit(&repo, BACK_1, "  - BACK-2\n", "  - BACK-2\n  - BACK-99\n");
    let out = run(&repo, &["report", "--format", "json"], 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = doc["unfinished"].as_array().unwrap();
    let gates: Vec<&str> = rows.iter().map(|r| r["gate"].as_str().unwrap()).collect();
    assert_eq!(gates, ["checklist", "dependencies"], "{doc}");
    for format in ["human", "markdown", "html"] {
        let out = run(&repo, &["report", "--format", format], 0);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Clearing the box shows every card again"),
            "{format}: {text}"
        );
    }
    let out = run(&repo, &["lint", "--format", "json"], 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("dependencies/dangling") && text.contains("BACK-99"),
        "{text}"
    );
}

/// On the real Backlog.md board every alarm is a real unticked item: the
/// line each `checklist/unticked` finding names holds an unticked box with
/// the finding's text, and every unticked item of a Done task is named.
#[test]
fn on_the_real_backlog_md_board_every_alarm_is_a_real_unticked_item() {
    let Some(corpus) = super::support::corpus_dir("backlog.md") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    super::support::copy_tree(&corpus, dir.path());
    let out = super::support::gate(dir.path())
        .args(["report", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut named = 0;
    for row in doc["unfinished"].as_array().into_iter().flatten() {
        let path = dir.path().join(
            row["task"]["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./"),
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for f in row["findings"].as_array().unwrap() {
            if f["code"] != "checklist/unticked" {
                continue;
            }
            let line = usize::try_from(f["line"].as_u64().unwrap()).unwrap();
            let at = text.lines().nth(line - 1).unwrap();
            let item = f["evidence"]["text"].as_str().unwrap();
            assert!(
                at.trim_start().starts_with("- [ ]") && at.ends_with(item),
                "{path:?}:{line}: {at}"
            );
            named += 1;
        }
    }
    // Every unticked item in a Done task's AC or DoD block is named.
    let mut expected = 0;
    for entry in std::fs::read_dir(dir.path().join("backlog/tasks")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if !text.contains("\nstatus: Done\n") {
            continue;
        }
        let mut inside = false;
        for line in text.lines() {
            match line.trim() {
                "<!-- AC:BEGIN -->" | "<!-- DOD:BEGIN -->" => inside = true,
                "<!-- AC:END -->" | "<!-- DOD:END -->" => inside = false,
                l if inside && l.starts_with("- [ ]") => expected += 1,
                _ => {}
            }
        }
    }
    assert_eq!(named, expected);
}
