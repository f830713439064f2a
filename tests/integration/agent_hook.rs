//! `gate hook agent`: recorded Claude Code `PreToolUse` payloads
//! (`fixtures/agents/claude-code/`) replayed through the binary against the
//! demo board in a git repository. Exit 0 allows, 2 blocks with the verdict
//! on stderr, 1 is the protocol's non-blocking error.

use std::path::Path;
use std::process::Output;

use super::gitflow::GitRepo;
use super::support::manifest_dir;

/// Where the payloads were recorded: replaced by the test repository.
const RECORDED_AT: &str = "/home/dev/project";

fn payload(name: &str, root: &Path) -> String {
    let text = std::fs::read_to_string(
        manifest_dir()
            .join("fixtures/agents/claude-code")
            .join(format!("{name}.json")),
    )
    .unwrap();
    text.replace(RECORDED_AT, &root.display().to_string())
}

fn hook(repo: &GitRepo, stdin: String, code: i32) -> Output {
    repo.gate()
        .args(["hook", "agent"])
        .stdin(stdin)
        .assert()
        .code(code)
        .get_output()
        .clone()
}

fn replay(repo: &GitRepo, name: &str, code: i32) -> String {
    let out = hook(repo, payload(name, repo.path()), code);
    assert!(
        out.stdout.is_empty(),
        "{name}: stdout is the agent's to parse"
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn recorded_payloads_are_judged() {
    let repo = GitRepo::demo();
    let before = repo.git(&["status", "--porcelain"]);
    // An allowed move: silent.
    assert_eq!(replay(&repo, "allowed-move", 0), "");
    // A WIP overflow, by MultiEdit: blocked with the verdict and its help.
    let wip = replay(&repo, "wip-overflow", 2);
    for says in [
        "this edit of the task file `tasks/paginate-audit-log-api.md` is blocked",
        "blocked: Paginate the audit log API",
        "error[wip-limit/exceeded]",
        "help: 'in_progress' holds:",
        "the commit hook and CI will refuse this change too",
    ] {
        assert!(wip.contains(says), "{says}\n{wip}");
    }
    // A P0 task jumping to done, by Write.
    let p0 = replay(&repo, "p0-jump", 2);
    for says in [
        "transition/undefined",
        "p0-security/no-code-changes",
        "p0-security/no-documentation",
    ] {
        assert!(p0.contains(says), "{says}\n{p0}");
    }
    // Files that are not tasks, and other tools: allowed without a word.
    assert_eq!(replay(&repo, "non-task-file", 0), "");
    assert_eq!(replay(&repo, "non-task-markdown", 0), "");
    assert_eq!(replay(&repo, "other-tool", 0), "");
    // Nothing was written or recorded.
    assert_eq!(repo.git(&["status", "--porcelain"]), before);
    assert!(!repo.path().join(".gate/audit.jsonl").exists());
}

/// A payload that cannot be read is the protocol's non-blocking error
/// (exit 1: shown to the user, the call goes ahead), never a block.
#[test]
fn a_malformed_payload_is_a_clear_error_that_does_not_block() {
    let repo = GitRepo::demo();
    let err = replay(&repo, "malformed", 1);
    assert!(
        err.contains("error[agent/malformed-payload]") && err.contains("cannot be read"),
        "{err}"
    );
    for stdin in [
        "",
        "[]",
        r#"{"hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"tasks/a.md","content":""}}"#,
        r#"{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"tasks/a.md"}}"#,
    ] {
        let out = hook(&repo, stdin.to_owned(), 1);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("agent/malformed-payload"),
            "{stdin}"
        );
    }
}

/// An edit of a task file that cannot be rebuilt (its text is not in the
/// file) is blocked: gate cannot say what it would do.
#[test]
fn an_edit_that_does_not_apply_is_blocked() {
    let repo = GitRepo::demo();
    let err = replay(&repo, "stale-edit", 2);
    assert!(err.contains("error[agent/edit-not-applicable]"), "{err}");
}

/// The ways around it: a relative path from the payload's `cwd`, `..`
/// through another directory, a new task file, emptying a task (a removal).
#[test]
fn every_path_to_a_task_file_is_judged() {
    let repo = GitRepo::demo();
    let root = repo.path().display().to_string();
    let write = |path: &str, content: &str| {
        serde_json::json!({
            "hook_event_name": "PreToolUse",
            "tool_name": "Write",
            "cwd": root,
            "tool_input": {"file_path": path, "content": content}
        })
        .to_string()
    };
    let done = std::fs::read_to_string(repo.task("paginate-audit-log-api"))
        .unwrap()
        .replace("status: \"todo\"", "status: \"done\"");
    for path in [
        "tasks/paginate-audit-log-api.md".to_owned(),
        format!("{root}/fixtures/../tasks/paginate-audit-log-api.md"),
        format!("{root}/tasks/PAGINATE.MD/../paginate-audit-log-api.md"),
    ] {
        let out = hook(&repo, write(&path, &done), 2);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("transition/undefined"), "{path}: {err}");
    }
    // A new task must start in a start state.
    let new = "---\ntitle: Sneaky\nstatus: in_progress\n---\n";
    hook(&repo, write("tasks/sub/sneaky.md", new), 2);
    hook(
        &repo,
        write("tasks/sub/sneaky.md", &new.replace("in_progress", "icebox")),
        0,
    );
    // Emptying a task in progress takes it off the board.
    let out = hook(&repo, write("tasks/add-login-rate-limit.md", ""), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("transition/removed"));
    // A hidden file below the tasks directory is not a task.
    hook(&repo, write("tasks/.draft.md", &done), 0);
}

/// The first JSON block of the README section headed `heading`, parsed.
pub(crate) fn readme_json(heading: &str) -> serde_json::Value {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let start = readme.find(heading).unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```json\n").unwrap() + 8..];
    serde_json::from_str(&block[..block.find("```").unwrap()]).unwrap()
}

/// The README's `settings.json` hook, as written: its matcher picks the
/// file tools, and its command, run by a shell with gate on `PATH`,
/// answers the recorded payloads.
#[test]
fn the_readme_hook_snippet_runs() {
    let settings = readme_json("### Claude Code: `gate hook agent`");
    let entry = &settings["hooks"]["PreToolUse"][0];
    let matcher =
        regex::Regex::new(&format!("^(?:{})$", entry["matcher"].as_str().unwrap())).unwrap();
    for tool in ["Write", "Edit", "MultiEdit"] {
        assert!(matcher.is_match(tool), "{tool}");
    }
    assert!(!matcher.is_match("Bash") && !matcher.is_match("Read"));
    let hook = &entry["hooks"][0];
    assert_eq!(hook["type"], "command");
    let command = hook["command"].as_str().unwrap();
    let repo = GitRepo::demo();
    for (name, code) in [
        ("allowed-move", 0),
        ("wip-overflow", 2),
        ("non-task-file", 0),
    ] {
        let mut child = super::support::command_in("sh", repo.path(), repo.home())
            .args(["-c", command])
            .env("PATH", super::support::path_with_gate())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(
            &mut child.stdin.take().unwrap(),
            payload(name, repo.path()).as_bytes(),
        )
        .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}: {out:?}");
    }
}

/// `gate explain` documents the agent surfaces by name.
#[test]
fn explain_covers_the_agent_commands() {
    let dir = tempfile::tempdir().unwrap();
    for (name, says) in [
        ("proposed", "gate check --proposed <FILE>"),
        ("hook-agent", "exit 2 blocks"),
        ("mcp", "--allow-move"),
    ] {
        let out = super::support::gate(dir.path())
            .args(["explain", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(says),
            "{name}"
        );
    }
}
