//! A task is known by its id, not by its file: a change pairs a task's
//! states by id (its path only where it has none), in the commit hook and
//! in `ci` alike, and ids compare by the board tool's rule.

use std::process::Output;

use super::gitflow::GitRepo;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn run(repo: &GitRepo, args: &[&str], code: i32) -> serde_json::Value {
    let out = repo
        .gate()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .clone();
    json(&out)
}

/// `check --staged` on what is staged, then `ci` over the same change
/// committed on a branch `change`: both answer `code`.
fn staged_and_ci(repo: &GitRepo, code: i32) -> (serde_json::Value, serde_json::Value) {
    repo.git(&["add", "-A"]);
    let staged = run(repo, &["check", "--staged", "--dry-run"], code);
    repo.git(&["checkout", "-q", "-b", "change"]);
    repo.git(&["commit", "-q", "-m", "rewrite task files"]);
    let ci = run(repo, &["ci", "--base", "main", "--head", "change"], code);
    (staged, ci)
}

/// The results of a JSON document, as `(task id, from, to, outcome)`.
fn moves(doc: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
    let mut out: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                text(&r["task"]["id"]),
                text(&r["transition"]["from"]),
                text(&r["transition"]["to"]),
                text(&r["outcome"]),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(id: &str, from: &str, to: &str, outcome: &str) -> (String, String, String, String) {
    (id.into(), from.into(), to.into(), outcome.into())
}

/// A P0 security task as a file holds it.
fn p0_task(uuid: &str, status: &str) -> String {
    format!(
        "---\nuuid: \"{uuid}\"\ntitle: \"Patch the session fixation hole\"\nstatus: \"{status}\"\npriority: \"P0\"\nlabels: [\"security\"]\ncreated_at: \"2025-10-01T09:00:00Z\"\n---\n\nNo plan, no code, no review.\n"
    )
}

/// Issue 22, item 1 (a): the file of a finished P2 chore rewritten to
/// hold a new P0 security task already in `done` is a new task (judged
/// from nothing: start state, P0 requirements) and the chore's removal.
#[test]
fn a_new_task_in_an_old_file_is_a_new_task() {
    let repo = GitRepo::demo();
    let new = "0d5a3e21-7c4b-4e8f-9a16-b2c3d4e5f607";
    std::fs::write(repo.task("set-up-release-workflow"), p0_task(new, "done")).unwrap();
    let (staged, ci) = staged_and_ci(&repo, 1);
    for doc in [&staged, &ci] {
        assert_eq!(
            moves(doc),
            [
                row(new, "-", "done", "blocked"),
                row(
                    "cf0b9db8-07ad-4286-a4cb-6b3a8cad5e9c",
                    "done",
                    "-",
                    "allowed"
                ),
            ],
            "{doc:#}"
        );
        let new_task = doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["task"]["id"] == new)
            .unwrap();
        let codes: Vec<&str> = new_task["gates"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["findings"].as_array().unwrap())
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(codes.contains(&"transition/not-a-start-state"), "{codes:?}");
        assert!(
            codes.iter().any(|c| c.starts_with("p0-security/")),
            "{codes:?}"
        );
    }
}

/// Issue 22, item 1 (b): two files that swap contents are two
/// transitions: the P0 task in `todo` that lands in `in_progress` is
/// judged (and has no evidence), wherever its file is.
#[test]
fn swapped_files_are_two_transitions() {
    let repo = GitRepo::demo();
    let (a, b) = (
        repo.task("rotate-api-signing-keys"),
        repo.task("add-login-rate-limit"),
    );
    let (text_a, text_b) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    // The P0 task (todo) takes the file of a task in progress, and that
    // task takes its place, each with the other's status.
    std::fs::write(
        &a,
        text_b.replace("status: \"in_progress\"", "status: \"todo\""),
    )
    .unwrap();
    std::fs::write(
        &b,
        text_a.replace("status: \"todo\"", "status: \"in_progress\""),
    )
    .unwrap();
    let (staged, ci) = staged_and_ci(&repo, 1);
    for doc in [&staged, &ci] {
        assert_eq!(
            moves(doc),
            [
                row(
                    "3c5e8a17-92d4-4b60-a1f7-6e2b0d9c4f33",
                    "todo",
                    "in_progress",
                    "blocked"
                ),
                row(
                    "8b6d5f74-c369-4e42-a087-2d9c4e6f1a58",
                    "in_progress",
                    "todo",
                    "allowed"
                ),
            ],
            "{doc:#}"
        );
    }
}

/// Legitimate use: files renamed and swapped without a status change are
/// no change; a renamed file that moves one step keeps its previous
/// status.
#[test]
fn renames_and_swaps_without_a_status_change_pass() {
    let repo = GitRepo::demo();
    let (a, b) = (
        repo.task("rotate-api-signing-keys"),
        repo.task("harden-password-reset-tokens"),
    );
    let (text_a, text_b) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    // Both in todo: swapping their files changes nothing on the board.
    std::fs::write(&a, &text_b).unwrap();
    std::fs::write(&b, &text_a).unwrap();
    repo.git(&[
        "mv",
        "tasks/paginate-audit-log-api.md",
        "tasks/paginate-audit-api.md",
    ]);
    let (staged, ci) = staged_and_ci(&repo, 0);
    assert_eq!(staged["results"], serde_json::json!([]));
    assert_eq!(ci["results"], serde_json::json!([]));
    // A rename that also moves the task one step is that step.
    repo.git(&["mv", "tasks/paginate-audit-api.md", "tasks/paginate.md"]);
    repo.set_status("paginate", "in_progress");
    repo.set_status("add-login-rate-limit", "review");
    repo.git(&["add", "-A"]);
    let doc = run(&repo, &["check", "--staged", "--dry-run"], 0);
    assert_eq!(
        moves(&doc),
        [
            row(
                "5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95",
                "todo",
                "in_progress",
                "allowed"
            ),
            row(
                "8b6d5f74-c369-4e42-a087-2d9c4e6f1a58",
                "in_progress",
                "review",
                "allowed"
            ),
        ],
        "{doc:#}"
    );
}

/// A P0 security task with its plan, created before the demo's commits.
fn planned_p0(id: &str, priority: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: \"Harden token checks {id}\"\nstatus: todo\npriority: {priority}\nlabels: [security]\ncreated_at: \"2025-10-01T00:00:00Z\"\n---\n\n## Implementation Plan\n\n1. Compare tokens in constant time.\n"
    )
}

/// Issue 22, item 4: `task-1` and `TASK-1` are one id on gate's own
/// boards (letters compare case-insensitively), so they are duplicates,
/// and a commit naming one is no evidence for the P0 task that shares it.
#[test]
fn case_variant_ids_are_duplicates_and_share_no_evidence() {
    let repo = GitRepo::demo();
    // Room in progress.
    repo.set_status("add-login-rate-limit", "review");
    std::fs::write(
        repo.path().join("tasks/sec-1.md"),
        planned_p0("sec-1", "P0"),
    )
    .unwrap();
    repo.commit_all("plan sec-1");
    std::fs::create_dir_all(repo.path().join("src")).unwrap();
    std::fs::write(repo.path().join("src/auth.rs"), "// constant time\n").unwrap();
    repo.commit_all("SEC-1: compare tokens in constant time");
    // Alone, the task is named in any case: the commit counts.
    let doc = run(
        &repo,
        &["check", "sec-1", "--to", "in_progress", "--dry-run"],
        0,
    );
    assert_eq!(doc["outcome"], "allowed", "{doc:#}");
    // Another task whose id is the same id in another case.
    std::fs::write(
        repo.path().join("tasks/other.md"),
        planned_p0("SEC-1", "P2"),
    )
    .unwrap();
    repo.commit_all("add another task");
    let doc = run(&repo, &["lint"], 1);
    let text = doc.to_string();
    assert!(text.contains("task/duplicate-id"), "{doc:#}");
    assert!(text.contains("as `SEC-1`"), "{doc:#}");
    let out = repo
        .gate()
        .args([
            "check",
            "tasks/sec-1.md",
            "--to",
            "in_progress",
            "--dry-run",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("p0-security/no-code-changes"), "{text}");
    assert!(text.contains("is also the id of tasks/other.md"), "{text}");
}

/// Ids as the board tool accepts them: `2` names `BACK-2` on a Backlog.md
/// board whose prefix is `back`, in any case and with leading zeros.
#[test]
fn a_task_is_named_by_its_id_as_the_tool_compares_ids() {
    let repo = GitRepo::fixture("backlog-md");
    for name in ["BACK-2", "back-2", "2", "back-02"] {
        let doc = run(&repo, &["show", name], 0);
        assert_eq!(doc["task"]["id"], "BACK-2", "{name}: {doc:#}");
    }
    let doc = run(&repo, &["show", "back-3.01"], 0);
    assert_eq!(doc["task"]["id"], "BACK-3.1", "{doc:#}");
}

/// `gate report` compares a task with HEAD's version of the same id, not
/// of the same file: a P0 task renamed and taken out of scope in the work
/// tree with work outstanding is `p0-security/left-scope`.
#[test]
fn report_finds_a_renamed_task_that_left_the_p0_scope() {
    let repo = GitRepo::demo();
    repo.set_status("rotate-api-signing-keys", "in_progress");
    repo.set_status("add-login-rate-limit", "review");
    repo.commit_all("start key rotation without a plan");
    let report = |repo: &GitRepo| {
        let out = repo
            .gate()
            .args(["report", "--format", "json"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // Renamed only: still in scope, no scope exit.
    repo.git(&[
        "mv",
        "tasks/rotate-api-signing-keys.md",
        "tasks/rotate-keys.md",
    ]);
    let text = report(&repo);
    assert!(!text.contains("p0-security/left-scope"), "{text}");
    assert!(
        text.contains("p0-security/no-implementation-plan"),
        "{text}"
    );
    // Renamed and lowered: it left the scope with its plan missing.
    let path = repo.task("rotate-keys");
    let body = std::fs::read_to_string(&path)
        .unwrap()
        .replace("priority: \"P0\"", "priority: \"P2\"");
    std::fs::write(&path, body).unwrap();
    let text = report(&repo);
    assert!(text.contains("p0-security/left-scope"), "{text}");
}
