//! The git workflow end to end, in temporary repositories built at test
//! time: `move`, `check --staged`, the installed pre-commit hook, `ci`
//! over commit ranges, and their SARIF and `JUnit` output.

use std::path::PathBuf;
use std::process::Output;

use super::support::{audit_records, gate, manifest_dir};

pub(crate) use super::support::GitRepo;

fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn blocked_move_leaves_the_file_byte_identical() {
    let repo = GitRepo::demo();
    let path = repo.task("paginate-audit-log-api");
    let before = std::fs::read(&path).unwrap();
    repo.gate()
        .args(["move", "paginate-audit-log-api", "--to", "in_progress"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // An illegal edge, and an unknown status, leave it alone too.
    repo.gate()
        .args(["move", "paginate-audit-log-api", "--to", "done"])
        .assert()
        .code(1);
    repo.gate()
        .args(["move", "paginate-audit-log-api", "--to", "nowhere"])
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(repo.git(&["status", "--porcelain", "--", "tasks"]), "");
    // Both blocked moves are in the audit log; the usage error is not.
    let records = audit_records(repo.path());
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .all(|r| r["command"] == "move" && r["outcome"] == "blocked")
    );
}

#[test]
fn allowed_move_changes_exactly_the_status_bytes() {
    let repo = GitRepo::demo();
    let path = repo.task("quirky");
    let before = "\u{feff}---\r\nuuid: \"0f0e0d0c-0000-4000-8000-000000000001\"\r\ntitle: Quirky file\r\nstate:   'todo'   # set by hand\r\npriority: P2\r\n---\r\nBody with status: todo\r\n";
    std::fs::write(&path, before).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    repo.gate()
        .args(["move", "quirky", "--to", "breakdown"])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r"
allowed: Quirky file (0f0e0d0c-0000-4000-8000-000000000001): todo -> breakdown
  pass        transition
  pass        wip-limit
  skip        p0-security  (not a P0 security task: priority P2)
  recorded in the audit log as #1
  moved: tasks/quirky.md:4: todo -> breakdown

"]]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, before.replace("'todo'   #", "'breakdown'   #"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // The move is a no-op the second time: allowed, nothing written.
    repo.gate()
        .args(["move", "quirky", "--to", "breakdown"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn move_refuses_a_task_without_a_status_key() {
    let repo = GitRepo::demo();
    let path = repo.task("no-status");
    let before = "---\ntitle: No status\npriority: P3\n---\n";
    std::fs::write(&path, before).unwrap();
    repo.gate()
        .args(["move", "no-status", "--to", "icebox"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(snapbox::str![[r"
error: task file `tasks/no-status.md` has no status key to rewrite
help: add a `status: <status>` line to its front-matter

"]]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn staged_swap_out_of_a_full_column_is_legal() {
    let repo = GitRepo::demo();
    // in_progress is full (3/3): one task leaves for review, another comes in.
    repo.set_status("add-login-rate-limit", "review");
    repo.set_status("paginate-audit-log-api", "in_progress");
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .args(["check", "--staged", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"allowed": 2, "blocked": 0, "overridden": 0, "error": 0})
    );
    // Unstaged edits do not count: only the index does.
    repo.set_status("explore-dark-mode", "done");
    repo.gate().args(["check", "--staged"]).assert().code(0);
    // Only moving in, without the swap, is blocked.
    repo.git(&["reset", "-q", "--hard"]);
    repo.set_status("paginate-audit-log-api", "in_progress");
    repo.git(&["add", "-A"]);
    repo.gate()
        .args(["check", "--staged"])
        .assert()
        .code(1)
        .stdout_eq(snapbox::str![[r"
tasks/paginate-audit-log-api.md: blocked: Paginate the audit log API (5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95): todo -> in_progress
  pass        transition
  fail        wip-limit
...
1 transition staged: 0 allowed, 1 blocked, 0 overridden, 0 error

"]]);
}

#[test]
fn staged_new_file_must_start_in_a_start_state() {
    let repo = GitRepo::demo();
    std::fs::write(
        repo.task("new-idea"),
        "---\ntitle: New idea\nstatus: todo\n---\n",
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .args(["check", "--staged", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    assert_eq!(
        doc["results"][0]["transition"],
        serde_json::json!({"from": null, "to": "todo"})
    );
    assert_eq!(
        doc["results"][0]["gates"][0]["findings"][0]["code"],
        "transition/not-a-start-state"
    );
    std::fs::write(
        repo.task("new-idea"),
        "---\ntitle: New idea\nstatus: icebox\n---\n",
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    repo.gate().args(["check", "--staged"]).assert().code(0);
    // A renamed file keeps its history: it is not a new task.
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["mv", "tasks/upgrade-tls-config.md", "tasks/tls.md"]);
    repo.gate()
        .args(["check", "--staged"])
        .assert()
        .code(0)
        .stdout_eq("no status changes staged\n");
}

/// Installs gate's hook, with a pre-existing hook that leaves a mark.
fn repo_with_hooks(hooks_path: Option<&str>) -> (GitRepo, PathBuf) {
    let repo = GitRepo::demo();
    let dir = match hooks_path {
        Some(p) => {
            repo.git(&["config", "core.hooksPath", p]);
            repo.path().join(p)
        }
        None => repo.path().join(".git/hooks"),
    };
    std::fs::create_dir_all(&dir).unwrap();
    let theirs = "#!/bin/sh\necho ran >> \"$(git rev-parse --show-toplevel)/theirs.log\"\n";
    std::fs::write(dir.join("commit-msg"), theirs).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(
            dir.join("commit-msg"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    repo.gate().args(["hook", "install"]).assert().code(0);
    (repo, dir)
}

#[cfg(unix)]
#[test]
fn installed_hook_refuses_an_illegal_commit_and_accepts_a_legal_one() {
    let (repo, dir) = repo_with_hooks(None);
    std::fs::write(repo.path().join(".gitignore"), "theirs.log\n").unwrap();
    repo.commit_all("ignore the hook log");
    std::fs::remove_file(repo.path().join("theirs.log")).unwrap();
    // An illegal hand edit: icebox straight to done.
    repo.set_status("explore-dark-mode", "done");
    repo.git(&["add", "-A"]);
    let out = repo.try_git(&["commit", "-q", "-m", "jump"]);
    assert!(
        !out.status.success(),
        "the hook let an illegal move through"
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("transition/undefined"), "{said}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("theirs.log")).unwrap(),
        "ran\n"
    );
    // `commit -a` uses a temporary index: the hook must read that one.
    repo.git(&["reset", "-q"]);
    assert!(
        !repo
            .try_git(&["commit", "-q", "-a", "-m", "jump"])
            .status
            .success()
    );
    // A legal step is accepted, and the chained hook ran again.
    repo.set_status("explore-dark-mode", "incoming");
    repo.git(&["commit", "-q", "-a", "-m", "legal step"]);
    assert_eq!(repo.git(&["log", "-1", "--format=%s"]), "legal step\n");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("theirs.log")).unwrap(),
        "ran\nran\nran\n"
    );
    // Idempotent; uninstall restores the original hook.
    let again = repo
        .gate()
        .args(["hook", "install"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(again)
            .unwrap()
            .ends_with("commit-msg` is already installed\n")
    );
    assert!(dir.join("commit-msg.gate-chained").exists());
    repo.gate().args(["hook", "uninstall"]).assert().code(0);
    assert!(!dir.join("commit-msg.gate-chained").exists());
    assert!(
        std::fs::read_to_string(dir.join("commit-msg"))
            .unwrap()
            .contains("theirs.log")
    );
}

#[cfg(unix)]
#[test]
fn hook_install_respects_core_hooks_path() {
    let (repo, dir) = repo_with_hooks(Some(".githooks"));
    assert!(
        std::fs::read_to_string(dir.join("commit-msg"))
            .unwrap()
            .contains("gate-managed-hook")
    );
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    repo.set_status("explore-dark-mode", "accepted");
    repo.git(&["add", "tasks"]);
    assert!(
        !repo
            .try_git(&["commit", "-q", "-m", "jump"])
            .status
            .success()
    );
    repo.gate().args(["hook", "uninstall"]).assert().code(0);
    assert!(
        !std::fs::read_to_string(dir.join("commit-msg"))
            .unwrap()
            .contains("gate-managed-hook")
    );
}

/// `main`, then a branch `legal` of two legal steps and a branch `jump`
/// with one illegal jump and a new task outside a start state.
pub(crate) fn repo_with_branches() -> GitRepo {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "legal"]);
    repo.set_status("explore-dark-mode", "incoming");
    repo.commit_all("dark mode: incoming");
    repo.set_status("explore-dark-mode", "accepted");
    repo.commit_all("dark mode: accepted");
    repo.git(&["checkout", "-q", "-b", "jump", "main"]);
    std::fs::write(repo.path().join("README.txt"), "unrelated\n").unwrap();
    repo.commit_all("no task change");
    repo.set_status("explore-dark-mode", "accepted");
    std::fs::write(
        repo.task("sneaky"),
        "---\ntitle: Sneaky\nstatus: ready\n---\n",
    )
    .unwrap();
    repo.commit_all("dark mode: straight to accepted");
    repo
}

#[test]
fn ci_passes_two_legal_steps_and_fails_an_illegal_jump() {
    let repo = repo_with_branches();
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "legal", "--format", "json",
        ])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    let steps: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["transition"].clone(), r["commit"]["summary"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                serde_json::json!({"from": "icebox", "to": "incoming"}),
                serde_json::json!("dark mode: incoming")
            ),
            (
                serde_json::json!({"from": "incoming", "to": "accepted"}),
                serde_json::json!("dark mode: accepted")
            ),
        ]
    );
    repo.gate()
        .args(["ci", "--base", "main", "--head", "jump"])
        .assert()
        .code(1)
        .stdout_eq(snapbox::str![[r"
commit [..] dark mode: straight to accepted
tasks/explore-dark-mode.md: blocked: Explore a dark mode for the board view (1a7c2e90-4b1d-4f6e-9c3a-5d8e7f601a21): icebox -> accepted
  fail        transition
              error[transition/undefined]: no transition from 'icebox' to 'accepted'; 'icebox' may move to: incoming
                help: move in allowed steps, e.g. 'icebox' -> 'incoming'
  pass        wip-limit
  skip        p0-security  (not a P0 security task: priority P3)
tasks/sneaky.md: blocked: Sneaky: (new) -> ready
  fail        transition
              error[transition/not-a-start-state]: [..]
...
2 transitions in main..jump: 0 allowed, 2 blocked, 0 overridden, 0 error

"]]);
    // The same range with HEAD checked out: --head defaults to HEAD.
    repo.git(&["checkout", "-q", "legal"]);
    repo.gate().args(["ci", "--base", "main"]).assert().code(0);
    repo.gate().args(["ci", "--base", "nope"]).assert().code(2);
    // Nothing recorded without --audit; with it, one record per transition.
    assert!(!repo.path().join(".gate/audit.jsonl").exists());
    repo.gate()
        .args(["ci", "--base", "main", "--audit"])
        .assert()
        .code(0);
    let records = audit_records(repo.path());
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .all(|r| r["command"] == "ci" && r["outcome"] == "allowed")
    );
}

#[test]
fn ci_reads_p0_evidence_as_of_each_commit() {
    let repo = GitRepo::demo();
    let code = |repo: &GitRepo| {
        std::fs::create_dir_all(repo.path().join("src")).unwrap();
        std::fs::write(repo.path().join("src/reset.rs"), "// 32-byte tokens\n").unwrap();
        repo.commit_all("4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64: 32-byte reset tokens");
    };
    // A swap out of the full in_progress column: P0 task in, another out.
    let start = |repo: &GitRepo| {
        repo.set_status("harden-password-reset-tokens", "in_progress");
        repo.set_status("add-login-rate-limit", "review");
        repo.commit_all("start the reset token work");
    };
    repo.git(&["checkout", "-q", "-b", "code-first", "main"]);
    code(&repo);
    start(&repo);
    repo.git(&["checkout", "-q", "-b", "start-first", "main"]);
    start(&repo);
    code(&repo);
    repo.gate()
        .args(["ci", "--base", "main", "--head", "code-first"])
        .assert()
        .code(0);
    // At the commit that started the task the code did not exist yet,
    // though it does at the branch's head.
    let out = repo
        .gate()
        .args([
            "ci",
            "--base",
            "main",
            "--head",
            "start-first",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let doc = stdout_json(&out);
    let p0 = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"]["priority"] == "P0")
        .unwrap();
    assert_eq!(p0["outcome"], "blocked");
    let codes: Vec<&str> = p0["gates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["findings"].as_array().unwrap())
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["p0-security/no-code-changes"]);
}

#[test]
fn ci_sarif_points_at_the_status_line() {
    let repo = repo_with_branches();
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "jump", "--format", "sarif",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let log = stdout_json(&out);
    super::schemas::assert_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "transition/undefined");
    assert_eq!(results[0]["level"], "error");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tasks/explore-dark-mode.md"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 4);
    assert_eq!(results[1]["ruleId"], "transition/not-a-start-state");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["transition/undefined", "transition/not-a-start-state"]
    );
}

#[test]
fn ci_junit_has_one_case_per_transition_and_gate() {
    let repo = repo_with_branches();
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "jump", "--format", "junit",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let xml = String::from_utf8(out.stdout).unwrap();
    super::schemas::assert_junit(&xml);
    assert!(
        xml.contains(r#"<testsuites name="gate" tests="6" failures="2" errors="0" skipped="2">"#),
        "{xml}"
    );
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert_eq!(xml.matches("<testcase ").count(), 6);
    assert!(xml.contains(r#"<failure type="transition/undefined" message="no transition from &apos;icebox&apos; to &apos;accepted&apos;; &apos;icebox&apos; may move to: incoming">"#), "{xml}");
    let legal = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "legal", "--format", "junit",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let legal = String::from_utf8(legal).unwrap();
    super::schemas::assert_junit(&legal);
    assert!(
        legal.contains(r#"tests="6" failures="0" errors="0" skipped="3""#),
        "{legal}"
    );
}

#[test]
fn check_and_staged_print_sarif_and_junit() {
    let repo = GitRepo::demo();
    let out = repo
        .gate()
        .args([
            "check",
            "paginate-audit-log-api",
            "--to",
            "in_progress",
            "--dry-run",
            "--format",
            "sarif",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let log = stdout_json(&out);
    super::schemas::assert_sarif(&log);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "wip-limit/exceeded");
    let out = repo
        .gate()
        .args([
            "check",
            "paginate-audit-log-api",
            "--to",
            "in_progress",
            "--dry-run",
            "--format",
            "junit",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    super::schemas::assert_junit(&String::from_utf8(out.stdout).unwrap());
    repo.set_status("explore-dark-mode", "done");
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .args(["check", "--staged", "--format", "sarif"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let log = stdout_json(&out);
    super::schemas::assert_sarif(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"],
        "transition/undefined"
    );
    repo.gate()
        .args(["board", "--format", "sarif"])
        .assert()
        .code(2);
    let out = repo
        .gate()
        .args(["lint", "--format", "sarif"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let log = stdout_json(&out);
    super::schemas::assert_sarif(&log);
    let placeholder = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "task/placeholder")
        .unwrap();
    assert_eq!(placeholder["level"], "warning");
    assert_eq!(
        placeholder["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tasks/import-legacy-csv.md"
    );
    assert_eq!(
        placeholder["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn committed_completions_match_the_binary() {
    // Regenerate with `SNAPSHOTS=overwrite cargo test --test integration completions`.
    for (shell, file) in [
        ("bash", "gate.bash"),
        ("zsh", "_gate"),
        ("fish", "gate.fish"),
        ("powershell", "_gate.ps1"),
        ("elvish", "gate.elv"),
    ] {
        gate(&manifest_dir())
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout_eq(
                snapbox::Data::read_from(&manifest_dir().join("completions").join(file), None)
                    .raw(),
            );
    }
}

#[test]
fn man_page_is_roff_and_names_the_commands() {
    let out = gate(&manifest_dir()).args(["man"]).output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH gate"),
        "{page}"
    );
    for command in ["check", "move", "ci", "hook", "completions"] {
        assert!(page.contains(command), "{command}");
    }
}

#[test]
fn staged_before_the_first_commit_treats_every_task_as_new() {
    let repo = GitRepo::demo();
    std::fs::remove_dir_all(repo.path().join(".git")).unwrap();
    repo.git(&["init", "-q", "-b", "main"]);
    std::fs::remove_dir_all(repo.path().join("tasks")).unwrap();
    std::fs::create_dir(repo.path().join("tasks")).unwrap();
    std::fs::write(
        repo.task("first"),
        "---\ntitle: First\nstatus: incoming\n---\n",
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    repo.gate()
        .args(["check", "--staged"])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r"
tasks/first.md: allowed: First: (new) -> incoming
  pass        transition
  skip        wip-limit  ('incoming' has no WIP limit)
  skip        p0-security  (not a P0 security task: no priority)
  recorded in the audit log as #1
1 transition staged: 1 allowed, 0 blocked, 0 overridden, 0 error

"]]);
}

#[test]
fn staged_results_are_the_same_from_the_blob_cache() {
    let repo = GitRepo::demo();
    repo.set_status("add-login-rate-limit", "review");
    repo.set_status("paginate-audit-log-api", "in_progress");
    repo.git(&["add", "-A"]);
    // The document and what -v says about the cache.
    let run = |extra: &[&str]| {
        let out = repo
            .gate()
            .arg("-v")
            .args(extra)
            .args(["check", "--staged", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let mut doc = stdout_json(&out);
        // Each run is a new audit record; the judgements must be equal.
        for result in doc["results"].as_array_mut().unwrap() {
            result.as_object_mut().unwrap().remove("audit");
        }
        let err = String::from_utf8(out.stderr).unwrap();
        let said = err
            .lines()
            .find_map(|l| l.strip_prefix("gate: staged board "))
            .unwrap_or_default()
            .to_owned();
        (doc, said)
    };
    let (cold, said) = run(&[]);
    assert_eq!(said, "(13 files, 0 unchanged files from the blob cache)");
    let cache = repo.path().join(".git/gate/blob-cache");
    assert!(cache.is_file());
    // The two staged tasks are read from git again; the rest come from the cache.
    let (warm, said) = run(&[]);
    assert_eq!(said, "(13 files, 11 unchanged files from the blob cache)");
    assert_eq!(warm, cold);
    let (uncached, said) = run(&["--no-cache"]);
    assert_eq!(said, "(13 files)");
    assert_eq!(uncached, cold);
    std::fs::write(&cache, b"\x01\x02 not a cache").unwrap();
    let (again, said) = run(&[]);
    assert_eq!(said, "(13 files, 0 unchanged files from the blob cache)");
    assert_eq!(again, cold, "a damaged cache is ignored");
    // Another staged change: the other tasks come from the cache and still
    // count towards the limit.
    repo.set_status("explore-dark-mode", "in_progress");
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .args(["check", "--staged", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc = stdout_json(&out);
    let blocked: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "blocked")
        .map(|r| {
            (
                r["task"]["path"].as_str(),
                r["gates"][1]["verdict"].as_str(),
            )
        })
        .collect();
    // Both tasks entering the full column fail the WIP gate; the tasks
    // already there were taken from the cache.
    assert_eq!(
        blocked,
        [
            (Some("tasks/explore-dark-mode.md"), Some("fail")),
            (Some("tasks/paginate-audit-log-api.md"), Some("fail"))
        ],
        "{doc}"
    );
}
