//! A change between two board states, judged whole: tasks that leave the
//! board, files that stop being tasks, and P0 tasks that leave the gate's
//! scope — in `check --staged` and `ci` alike.

use std::process::Output;

use super::gitflow::GitRepo;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn staged(repo: &GitRepo, code: i32) -> Output {
    repo.gate()
        .args(["check", "--staged", "--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .clone()
}

/// Rewrites one front-matter line (`key: …`) of a demo task.
fn set_line(repo: &GitRepo, name: &str, key: &str, line: &str) {
    let path = repo.task(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let prefix = format!("{key}:");
    let out: String = text
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with(&prefix) {
                format!("{line}\n")
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert_ne!(out, text, "{name} has no `{key}:` line");
    std::fs::write(path, out).unwrap();
}

#[test]
fn deleting_a_task_in_progress_is_a_blocked_removal() {
    let repo = GitRepo::demo();
    std::fs::remove_file(repo.task("add-login-rate-limit")).unwrap();
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    let result = &doc["results"][0];
    assert_eq!(
        result["transition"],
        serde_json::json!({"from": "in_progress", "to": null, "change": "removal"})
    );
    assert_eq!(result["outcome"], "blocked");
    assert_eq!(result["gates"][0]["id"], "transition");
    assert_eq!(
        result["gates"][0]["findings"][0]["code"],
        "transition/removed"
    );
    assert_eq!(doc["summary"]["blocked"], 1);
}

#[test]
fn deleting_a_done_task_is_allowed() {
    let repo = GitRepo::demo();
    std::fs::remove_file(repo.task("set-up-release-workflow")).unwrap();
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 0));
    assert_eq!(doc["results"][0]["transition"]["change"], "removal");
    assert_eq!(doc["results"][0]["outcome"], "allowed");
}

#[test]
fn removable_from_is_configurable() {
    let repo = GitRepo::demo();
    let config = repo.path().join("gate.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[gates.transition]\nremovable_from = [\"in_progress\"]\n");
    std::fs::write(&config, text).unwrap();
    repo.commit_all("allow removals from in_progress");
    std::fs::remove_file(repo.task("add-login-rate-limit")).unwrap();
    repo.git(&["add", "-A"]);
    staged(&repo, 0);
    // …and done is no longer in the list.
    repo.git(&["reset", "-q", "--hard"]);
    std::fs::remove_file(repo.task("set-up-release-workflow")).unwrap();
    repo.git(&["add", "-A"]);
    staged(&repo, 1);
}

#[test]
fn moving_a_task_out_of_the_tasks_directory_is_a_removal() {
    let repo = GitRepo::demo();
    std::fs::create_dir(repo.path().join("notes")).unwrap();
    repo.git(&[
        "mv",
        "tasks/add-login-rate-limit.md",
        "notes/add-login-rate-limit.md",
    ]);
    let doc = json(&staged(&repo, 1));
    assert_eq!(doc["results"][0]["transition"]["change"], "removal");
    assert_eq!(
        doc["results"][0]["task"]["path"],
        "tasks/add-login-rate-limit.md"
    );
}

#[test]
fn renaming_a_task_file_is_not_a_removal() {
    let repo = GitRepo::demo();
    repo.git(&[
        "mv",
        "tasks/add-login-rate-limit.md",
        "tasks/rate-limit-logins.md",
    ]);
    let doc = json(&staged(&repo, 0));
    assert_eq!(doc["results"], serde_json::json!([]));
}

#[test]
fn removing_the_status_is_a_removal() {
    let repo = GitRepo::demo();
    let path = repo.task("add-login-rate-limit");
    let text = std::fs::read_to_string(&path).unwrap();
    let text: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("status:"))
        .collect();
    std::fs::write(&path, text).unwrap();
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    assert_eq!(
        doc["results"][0]["transition"],
        serde_json::json!({"from": "in_progress", "to": null, "change": "removal"})
    );
}

/// One commit moves a task into the full `in_progress` column (3/3) and
/// breaks another `in_progress` task's front-matter so it stops counting.
#[test]
fn a_task_that_stops_being_a_task_is_an_error_of_the_change() {
    let repo = GitRepo::demo();
    repo.set_status("add-csv-export", "todo");
    repo.commit_all("csv export ready for work");
    repo.set_status("add-csv-export", "in_progress");
    let path = repo.task("add-login-rate-limit");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\n{text}")).unwrap();
    repo.git(&["add", "-A"]);
    let out = staged(&repo, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "error: task file `tasks/add-login-rate-limit.md` was a task and no longer reads as one"
        ),
        "{stderr}"
    );
    // Emptied entirely: the same.
    std::fs::write(&path, "").unwrap();
    repo.git(&["add", "-A"]);
    staged(&repo, 2);
}

/// The commit that moves a P0 security task lowers its priority; the next
/// restores it. Scope is read before and after the change.
#[test]
fn lowering_the_priority_in_the_moving_commit_does_not_dodge_the_p0_gate() {
    let repo = GitRepo::demo();
    let task = "rotate-api-signing-keys";
    repo.set_status(task, "in_progress");
    set_line(&repo, task, "priority", "priority: \"P1\"");
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    let gates = doc["results"][0]["gates"].as_array().unwrap();
    let p0 = gates.iter().find(|g| g["id"] == "p0-security").unwrap();
    assert_eq!(p0["verdict"], "fail", "{p0}");
    // Dropping the label instead: the same.
    repo.git(&["reset", "-q", "--hard"]);
    repo.set_status(task, "in_progress");
    set_line(&repo, task, "labels", "labels: [\"api\"]");
    repo.git(&["add", "-A"]);
    staged(&repo, 1);
    // And `ci` over the two-commit dodge.
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["checkout", "-q", "-b", "dodge"]);
    repo.set_status(task, "in_progress");
    set_line(&repo, task, "priority", "priority: \"P1\"");
    repo.commit_all("start key rotation");
    set_line(&repo, task, "priority", "priority: \"P0\"");
    repo.commit_all("restore priority");
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "dodge", "--format", "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let doc = json(&out);
    assert_eq!(doc["results"][0]["commit"]["summary"], "start key rotation");
    assert_eq!(doc["results"][0]["outcome"], "blocked");
}

/// A P0 task already in progress without its evidence (committed past the
/// hook) is taken out of scope by a later commit: that is a finding.
#[test]
fn taking_a_p0_task_out_of_scope_with_work_outstanding_is_blocked() {
    let repo = GitRepo::demo();
    let task = "rotate-api-signing-keys";
    repo.set_status(task, "in_progress");
    repo.commit_all("start key rotation without a plan");
    set_line(&repo, task, "priority", "priority: \"P2\"");
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    let result = &doc["results"][0];
    assert_eq!(
        result["transition"],
        serde_json::json!({"from": "in_progress", "to": "in_progress", "change": "scope-exit"})
    );
    let finding = &result["gates"][0]["findings"][0];
    assert_eq!(finding["code"], "p0-security/left-scope");
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("priority P2"), "{message}");
    assert!(message.contains("implementation plan"), "{message}");
    // In ci too.
    repo.commit_all("lower the priority");
    let out = repo
        .gate()
        .args(["ci", "--base", "HEAD~1", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        json(&out)["results"][0]["gates"][0]["findings"][0]["code"],
        "p0-security/left-scope"
    );
    // A task out of scope both before and after: nothing to say.
    set_line(&repo, task, "priority", "priority: \"P3\"");
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 0));
    assert_eq!(doc["results"], serde_json::json!([]));
}

/// A pull request that switches the transition gate off and jumps a task
/// from todo to done is judged by the rules at its base.
#[test]
fn ci_judges_with_the_configuration_at_base() {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "loosen"]);
    let config = repo.path().join("gate.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[gates.transition]\nenabled = false\n");
    std::fs::write(&config, text).unwrap();
    repo.set_status("paginate-audit-log-api", "done");
    repo.commit_all("ship pagination");
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "loosen", "--format", "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let doc = json(&out);
    assert_eq!(
        doc["results"][0]["gates"][0]["findings"][0]["code"],
        "transition/undefined"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning: ci/config-changed: `gate.toml` differs between `main` and `loosen`"
        ),
        "{stderr}"
    );
    // Opting in to the head's configuration.
    repo.gate()
        .args([
            "ci",
            "--base",
            "main",
            "--head",
            "loosen",
            "--config-from",
            "head",
        ])
        .assert()
        .code(0);
    // The pre-commit check judges with HEAD's configuration: loosening
    // the config in the same commit does not help.
    repo.git(&["checkout", "-q", "main"]);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[gates.transition]\nenabled = false\n");
    std::fs::write(&config, text).unwrap();
    repo.set_status("paginate-audit-log-api", "done");
    repo.git(&["add", "-A"]);
    staged(&repo, 1);
}

#[test]
fn ci_refuses_a_reversed_range_and_warns_about_diverged_ones() {
    let repo = GitRepo::demo();
    repo.set_status("explore-dark-mode", "incoming");
    repo.commit_all("dark mode: incoming");
    repo.set_status("explore-dark-mode", "accepted");
    repo.commit_all("dark mode: accepted");
    let out = repo
        .gate()
        .args(["ci", "--base", "HEAD", "--head", "HEAD~2"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`HEAD~2` is an ancestor of `HEAD`") && stderr.contains("swap"),
        "{stderr}"
    );
    // Diverged: main moved on after the branch was cut.
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
    repo.set_status("import-legacy-csv", "accepted");
    repo.commit_all("legacy import accepted");
    let out = repo
        .gate()
        .args(["ci", "--base", "main", "--head", "side", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(json(&out)["summary"]["allowed"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`side` does not descend from `main`"));
}

#[test]
fn ci_across_a_shallow_boundary_is_an_error() {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    for status in ["incoming", "accepted", "breakdown"] {
        repo.set_status("explore-dark-mode", status);
        repo.commit_all(&format!("dark mode: {status}"));
    }
    // As CI checks out a pull request: the head, one commit deep, and the
    // base branch fetched one commit deep too.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let target = clone.path().join("c");
    let git = |args: &[&str], dir: &std::path::Path| {
        super::support::git_ok(
            repo.git_command_in(dir, super::support::GIT_DATE)
                .args(args),
            args,
        );
    };
    git(
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, "c",
        ],
        clone.path(),
    );
    git(
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
        &target,
    );
    let out = super::support::gate(&target)
        .args(["ci", "--base", "origin/main"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("crosses the shallow clone's boundary")
            && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing judged from a false root");
}

/// `feature` takes a task two legal steps (icebox → incoming → accepted)
/// while `main` moves another task on.
fn repo_with_a_branch() -> GitRepo {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.set_status("explore-dark-mode", "incoming");
    repo.commit_all("dark mode: incoming");
    repo.set_status("explore-dark-mode", "accepted");
    repo.commit_all("dark mode: accepted");
    repo.git(&["checkout", "-q", "main"]);
    repo.set_status("import-legacy-csv", "accepted");
    repo.commit_all("legacy import accepted");
    repo
}

#[test]
fn concluding_a_merge_judges_the_commits_it_brings_in() {
    let repo = repo_with_a_branch();
    repo.git(&["merge", "-q", "--no-commit", "--no-ff", "feature"]);
    let doc = json(&staged(&repo, 0));
    let steps: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["transition"].clone())
        .collect();
    assert_eq!(
        steps,
        vec![
            serde_json::json!({"from": "icebox", "to": "incoming"}),
            serde_json::json!({"from": "incoming", "to": "accepted"}),
        ]
    );
    // What the merge result itself changes is judged too.
    repo.set_status("paginate-audit-log-api", "done");
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    let last = doc["results"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["transition"],
        serde_json::json!({"from": "todo", "to": "done"})
    );
    assert_eq!(last["outcome"], "blocked");
}

#[test]
fn an_illegal_jump_committed_on_a_branch_is_caught_at_the_merge() {
    let repo = repo_with_a_branch();
    repo.git(&["checkout", "-q", "feature"]);
    repo.set_status("write-onboarding-guide", "in_progress");
    repo.commit_all("onboarding: back to work, skipping review");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-commit", "--no-ff", "feature"]);
    let doc = json(&staged(&repo, 1));
    let blocked: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "blocked")
        .map(|r| r["commit"]["summary"].clone())
        .collect();
    assert_eq!(
        blocked,
        vec![serde_json::json!(
            "onboarding: back to work, skipping review"
        )]
    );
}

#[test]
fn ci_judges_a_merge_commit_as_the_commits_it_brings_in() {
    let repo = repo_with_a_branch();
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    let out = repo
        .gate()
        .args(["ci", "--base", base.trim(), "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let doc = json(&out);
    assert_eq!(doc["summary"]["allowed"], 2, "{doc}");
    assert_eq!(doc["summary"]["blocked"], 0);
}

#[test]
fn staged_dry_run_records_nothing_and_staged_refuses_rev_and_reason() {
    let repo = GitRepo::demo();
    repo.set_status("explore-dark-mode", "incoming");
    repo.git(&["add", "-A"]);
    let doc = json(
        &repo
            .gate()
            .args(["check", "--staged", "--dry-run", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .clone(),
    );
    assert_eq!(doc["results"][0]["audit"]["recorded"], false);
    assert!(!repo.path().join(".gate/audit.jsonl").exists());
    for extra in [["--rev", "HEAD"], ["--reason", "because"]] {
        repo.gate()
            .args(["check", "--staged"])
            .args(extra)
            .assert()
            .code(2);
    }
}

/// The hook runs at commit-msg time: one commit that holds both the fix
/// (naming the task, changing code) and the P0 move passes, as `ci` will
/// pass it; the same move without code is refused.
#[cfg(unix)]
#[test]
fn the_commit_being_made_is_evidence_for_its_own_p0_move() {
    let repo = GitRepo::demo();
    repo.gate().args(["hook", "install"]).assert().code(0);
    assert!(repo.path().join(".git/hooks/commit-msg").exists());
    // (With the `.gitattributes` line install added: a change, not code.)
    repo.set_status("add-login-rate-limit", "review");
    repo.commit_all("rate limit: to review");
    let task = "harden-password-reset-tokens";
    let message = "Harden reset tokens\n\nTask: 4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64";
    // The move alone: no code, refused.
    repo.set_status(task, "in_progress");
    repo.git(&["add", "-A"]);
    let out = repo.try_git(&["commit", "-q", "-m", message]);
    assert!(
        !out.status.success(),
        "a P0 move without code was committed"
    );
    // git hands a hook's output to its own stderr.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("p0-security/no-code-changes"), "{said}");
    // With the code in the same commit: accepted, and `ci` agrees.
    std::fs::create_dir_all(repo.path().join("src")).unwrap();
    std::fs::write(repo.path().join("src/reset.rs"), "fn harden() {}\n").unwrap();
    repo.git(&["add", "-A"]);
    let out = repo.try_git(&["commit", "-q", "-m", message]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    repo.gate()
        .args(["ci", "--base", "HEAD~1"])
        .assert()
        .code(0);
}

#[cfg(unix)]
#[test]
fn hook_install_migrates_the_older_pre_commit_hook() {
    let repo = GitRepo::demo();
    let hooks = repo.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    // What an older gate installed: marked as gate's.
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\n# gate-managed-hook v1: installed by `gate hook install`\nexec gate check --staged\n",
    )
    .unwrap();
    let out = repo
        .gate()
        .args(["hook", "install"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("removed gate's older `pre-commit` hook"),
        "{stdout}"
    );
    assert!(!hooks.join("pre-commit").exists());
    assert!(hooks.join("commit-msg").exists());
    repo.gate().args(["hook", "uninstall"]).assert().code(0);
    assert!(!hooks.join("commit-msg").exists());
}

/// `git merge` runs the commit-msg hook for the merge commit it makes: an
/// illegal jump committed on the branch past the hook is refused there.
#[cfg(unix)]
#[test]
fn a_clean_merge_is_judged_by_the_hook() {
    let repo = repo_with_a_branch();
    repo.git(&["checkout", "-q", "feature"]);
    repo.set_status("write-onboarding-guide", "in_progress");
    repo.commit_all("onboarding: back to work, skipping review");
    repo.git(&["checkout", "-q", "main"]);
    repo.gate().args(["hook", "install"]).assert().code(0);
    let out = repo.try_git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    assert!(!out.status.success(), "the merge went through");
    // The legal branch alone merges.
    repo.git(&["merge", "--abort"]);
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.git(&["checkout", "-q", "main"]);
    let out = repo.try_git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A transition is recorded once: `gate move` records it, and committing
/// what it wrote records nothing again; a second `check --staged` on the
/// same staged content neither.
#[test]
fn a_decision_on_the_same_content_is_recorded_once() {
    let repo = GitRepo::demo();
    repo.gate()
        .args(["move", "explore-dark-mode", "--to", "incoming"])
        .assert()
        .code(0);
    repo.git(&["add", "-A"]);
    for _ in 0..2 {
        let doc = json(&staged(&repo, 0));
        assert_eq!(doc["results"][0]["audit"]["recorded"], true);
        assert_eq!(doc["results"][0]["audit"]["seq"], 1);
    }
    let records = super::support::audit_records(repo.path());
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["command"], "move");
    assert!(records[0]["blob"].is_string());
    // Other content is another decision.
    let path = repo.task("explore-dark-mode");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nA note.\n");
    std::fs::write(&path, text).unwrap();
    repo.git(&["add", "-A"]);
    staged(&repo, 0);
    assert_eq!(super::support::audit_records(repo.path()).len(), 2);
}

/// A commit that repairs a broken committed config is judged with the
/// work tree's config, not refused because HEAD's does not load.
#[test]
fn a_broken_committed_config_does_not_block_its_own_fix() {
    let repo = GitRepo::demo();
    let config = repo.path().join("gate.toml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, "[gates.wip-limit\n").unwrap();
    repo.commit_all("break the config");
    std::fs::write(&config, good).unwrap();
    repo.set_status("explore-dark-mode", "incoming");
    repo.git(&["add", "-A"]);
    let out = staged(&repo, 0);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("HEAD's configuration does not load"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A task deleted while another file already carries its id (a duplicate
/// added earlier) is removed, not renamed.
#[test]
fn a_duplicate_id_does_not_turn_a_deletion_into_a_rename() {
    let repo = GitRepo::demo();
    let text = std::fs::read_to_string(repo.task("add-login-rate-limit")).unwrap();
    let copy = text.replace("status: \"in_progress\"", "status: \"icebox\"");
    std::fs::write(repo.task("rate-limit-copy"), copy).unwrap();
    repo.commit_all("a copy in the icebox");
    std::fs::remove_file(repo.task("add-login-rate-limit")).unwrap();
    repo.git(&["add", "-A"]);
    let doc = json(&staged(&repo, 1));
    assert_eq!(doc["results"][0]["transition"]["change"], "removal");
}

/// `gate report` compares each task with HEAD: a P0 task the work tree
/// took out of scope with its stage's requirements unmet is listed, failing
/// `p0-security/left-scope`.
#[test]
fn the_report_names_a_p0_task_taken_out_of_scope() {
    let repo = GitRepo::demo();
    let task = "rotate-api-signing-keys";
    repo.set_status(task, "in_progress");
    repo.commit_all("start key rotation without a plan");
    let report = |repo: &GitRepo| {
        let out = repo
            .gate()
            .args(["report", "--format", "json"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!report(&repo).contains("p0-security/left-scope"));
    set_line(&repo, task, "priority", "priority: \"P2\"");
    let doc = report(&repo);
    assert!(doc.contains("p0-security/left-scope"), "{doc}");
    assert!(doc.contains("Rotate the API signing keys"), "{doc}");
}

/// A pull request that deletes the gate.toml, or replaces it with one that
/// does not load, does not fall back to the built-in defaults (a todo
/// limit of 15, not the base's 3): the base's configuration judges it, and
/// a broken one in the work tree is an error, never a pass.
#[test]
fn ci_without_or_with_a_broken_gate_toml_is_not_judged_by_the_defaults() {
    let repo = GitRepo::demo();
    let config = repo.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains(" todo = 5,"), "{text}");
    std::fs::write(&config, text.replace(" todo = 5,", " todo = 3,")).unwrap();
    repo.commit_all("three in todo at most");
    for (branch, head_config) in [("deleted", None), ("broken", Some("[gates.wip-limit\n"))] {
        repo.git(&["checkout", "-q", "-b", branch, "main"]);
        match head_config {
            None => std::fs::remove_file(&config).unwrap(),
            Some(text) => std::fs::write(&config, text).unwrap(),
        }
        repo.set_status("add-csv-export", "todo");
        repo.commit_all("one more in todo");
        let out = repo
            .gate()
            .args(["ci", "--base", "main", "--head", branch, "--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if head_config.is_none() {
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            let doc = json(&out);
            assert_eq!(
                doc["results"][0]["gates"][1]["findings"][0]["code"], "wip-limit/exceeded",
                "{doc}"
            );
            assert!(
                stderr.contains("ci/config-changed: `gate.toml`"),
                "{stderr}"
            );
            // The defaults would let it through.
            repo.gate()
                .args(["ci", "--base", "main", "--head", branch])
                .args(["--config-from", "head"])
                .assert()
                .code(0);
        } else {
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("invalid config `gate.toml`"), "{stderr}");
        }
    }
}

/// A pull request cannot loosen a board tool's own config either: `ci`
/// reads `backlog/config.yml` as the base has it. Here the branch adds a
/// status after Done, so Done → Archived would be a forward step under the
/// branch's config, and is no move at all under the base's.
#[test]
fn ci_reads_the_board_tools_config_at_base() {
    let repo = GitRepo::demo();
    let dir = tempfile::tempdir().unwrap();
    super::support::copy_tree(
        &super::support::manifest_dir().join("fixtures/boards/backlog-md"),
        dir.path(),
    );
    // A repository holding the Backlog.md board alone.
    let root = repo.path();
    std::fs::remove_dir_all(root.join("tasks")).unwrap();
    std::fs::remove_file(root.join("gate.toml")).unwrap();
    super::support::copy_tree(dir.path(), root);
    repo.commit_all("a Backlog.md board");
    repo.git(&["checkout", "-q", "-b", "loosen"]);
    let config = root.join("backlog/config.yml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "statuses: [\"To Do\", \"In Progress\", \"Done\"]",
        "statuses: [\"To Do\", \"In Progress\", \"Done\", \"Archived\"]",
    );
    std::fs::write(&config, text).unwrap();
    let task = root.join("backlog/tasks/back-4 - Document-the-config-keys.md");
    let body = std::fs::read_to_string(&task).unwrap();
    assert!(body.contains("status: Done"), "{body}");
    std::fs::write(&task, body.replace("status: Done", "status: Archived")).unwrap();
    repo.commit_all("archive BACK-4");
    let out = repo
        .gate()
        .args(["ci", "--base", "main", "--head", "loosen"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ci/config-changed: `backlog/config.yml`"),
        "{stderr}"
    );
    // With the branch's config, the move is a legal step.
    repo.gate()
        .args([
            "ci",
            "--base",
            "main",
            "--head",
            "loosen",
            "--config-from",
            "head",
        ])
        .assert()
        .code(0);
}

/// A board tool's config at the base that cannot be read as text is an
/// error, not "no config": judging with defaults would be a weaker gate.
#[test]
fn ci_refuses_a_base_tool_config_it_cannot_read() {
    let repo = GitRepo::demo();
    let root = repo.path();
    std::fs::remove_dir_all(root.join("tasks")).unwrap();
    std::fs::remove_file(root.join("gate.toml")).unwrap();
    super::support::copy_tree(
        &super::support::manifest_dir().join("fixtures/boards/backlog-md"),
        root,
    );
    let config = root.join("backlog/config.yml");
    let good = std::fs::read(&config).unwrap();
    let mut bad = good.clone();
    bad.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(&config, &bad).unwrap();
    repo.commit_all("a Backlog.md board whose config is not UTF-8");
    repo.git(&["checkout", "-q", "-b", "fix"]);
    std::fs::write(&config, &good).unwrap();
    repo.commit_all("fix the config");
    let out = repo
        .gate()
        .args(["ci", "--base", "main", "--head", "fix"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`backlog/config.yml` at `main` is not UTF-8 text"),
        "{stderr}"
    );
}

/// `ci` run in a subdirectory reads the config the base has there: a
/// pull request that deletes `sub/gate.toml` is still judged by it (the
/// search is the work tree's — nearest `gate.toml` from the working
/// directory up — made in the base's tree).
#[test]
fn ci_in_a_subdirectory_reads_the_base_config_there() {
    let repo = GitRepo::demo();
    let root = repo.path();
    let text = std::fs::read_to_string(root.join("gate.toml")).unwrap();
    assert!(text.contains(" todo = 5,"), "{text}");
    std::fs::create_dir(root.join("sub")).unwrap();
    repo.git(&["mv", "gate.toml", "tasks", "sub/"]);
    std::fs::write(
        root.join("sub/gate.toml"),
        text.replace(" todo = 5,", " todo = 3,"),
    )
    .unwrap();
    repo.commit_all("the board lives in sub/, three in todo at most");
    repo.git(&["checkout", "-q", "-b", "deleted"]);
    repo.git(&["rm", "-q", "sub/gate.toml"]);
    let task = root.join("sub/tasks/add-csv-export.md");
    let body = std::fs::read_to_string(&task).unwrap();
    assert!(body.contains("status: \"ready\""), "{body}");
    std::fs::write(&task, body.replace("status: \"ready\"", "status: todo")).unwrap();
    repo.commit_all("one more in todo, and no config");
    let out = super::support::gate(&root.join("sub"))
        .args([
            "ci", "--base", "main", "--head", "deleted", "--format", "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let doc = json(&out);
    assert_eq!(
        doc["results"][0]["gates"][1]["findings"][0]["code"], "wip-limit/exceeded",
        "{doc}"
    );
    assert!(
        stderr.contains("ci/config-changed: `sub/gate.toml`"),
        "{stderr}"
    );
}

/// A tasks directory that is in neither end of the range is a mistake
/// (a wrong `tasks_dir`, gate run in the wrong directory), not "no status
/// changes": exit 2, not 0.
#[test]
fn ci_refuses_a_tasks_directory_in_neither_commit() {
    let repo = GitRepo::demo();
    let config = repo.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("tasks_dir = \"tasks\""), "{text}");
    std::fs::write(
        &config,
        text.replace("tasks_dir = \"tasks\"", "tasks_dir = \"board\""),
    )
    .unwrap();
    repo.commit_all("a tasks directory that does not exist");
    repo.git(&["checkout", "-q", "-b", "next"]);
    repo.set_status("add-csv-export", "done");
    repo.commit_all("an illegal jump the gate must not miss");
    let out = repo
        .gate()
        .args(["ci", "--base", "main", "--head", "next"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the tasks directory `board` is in neither `main` nor `next`"),
        "{stderr}"
    );
}

/// A config named by `GATE_CONFIG` (or `--config`) inside the repository
/// is read as the base has it: the pull request cannot loosen the file CI
/// points at. A file the base lacks cannot be judged "at the base".
#[test]
fn ci_reads_a_named_config_inside_the_repository_at_base() {
    let repo = GitRepo::demo();
    let root = repo.path();
    // The board stays at the root; the config in ci/ names it from there.
    let text = std::fs::read_to_string(root.join("gate.toml"))
        .unwrap()
        .replace("tasks_dir = \"tasks\"", "tasks_dir = \"../tasks\"");
    assert!(
        text.contains(" todo = 5,") && text.contains("../tasks"),
        "{text}"
    );
    std::fs::create_dir(root.join("ci")).unwrap();
    repo.git(&["mv", "gate.toml", "ci/strict.toml"]);
    std::fs::write(
        root.join("ci/strict.toml"),
        text.replace(" todo = 5,", " todo = 3,"),
    )
    .unwrap();
    repo.commit_all("CI's config, three in todo at most");
    repo.git(&["checkout", "-q", "-b", "loosen"]);
    std::fs::write(
        root.join("ci/strict.toml"),
        text.replace(" todo = 5,", " todo = 99,"),
    )
    .unwrap();
    repo.set_status("add-csv-export", "todo");
    repo.commit_all("one more in todo, and a looser limit");
    let out = repo
        .gate()
        .env("GATE_CONFIG", "ci/strict.toml")
        .args([
            "ci", "--base", "main", "--head", "loosen", "--format", "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        json(&out)["results"][0]["gates"][1]["findings"][0]["code"],
        "wip-limit/exceeded"
    );
    assert!(
        stderr.contains("ci/config-changed: `ci/strict.toml`"),
        "{stderr}"
    );
    // Named from a subdirectory through `..`, it is the same file.
    std::fs::create_dir_all(root.join("docs")).unwrap();
    let out = repo
        .gate()
        .current_dir(root.join("docs"))
        .args(["--config", "../ci/strict.toml"])
        .args(["ci", "--base", "main", "--head", "loosen"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The branch's file is what `--config-from head` asks for.
    repo.gate()
        .env("GATE_CONFIG", "ci/strict.toml")
        .args([
            "ci",
            "--base",
            "main",
            "--head",
            "loosen",
            "--config-from",
            "head",
        ])
        .assert()
        .code(0);
    // A named file the base does not have: an error, not the defaults.
    repo.git(&["checkout", "-q", "-b", "new-file", "main"]);
    std::fs::write(root.join("ci/other.toml"), &text).unwrap();
    repo.commit_all("another config");
    let out = repo
        .gate()
        .args(["--config", "ci/other.toml"])
        .args(["ci", "--base", "main", "--head", "new-file"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`ci/other.toml` (named by --config or GATE_CONFIG) is not in `main`"),
        "{stderr}"
    );
}

/// A pushed tree may hold a file mode git2 has no name for (`100600`,
/// which git writes with `hash-object --literally`): `ci` judges the file
/// as it judges `100644` (the normalised mode), and never panics.
#[test]
fn ci_judges_a_task_file_with_an_unusual_mode_as_any_other() {
    let repo = GitRepo::demo();
    let tasks_tree = repo.git(&["rev-parse", "HEAD:tasks"]);
    let listing = repo.git(&["ls-tree", tasks_tree.trim()]);
    let new_task = repo.path().join("new-task.md");
    std::fs::write(&new_task, "---\ntitle: Odd mode\nstatus: done\n---\n").unwrap();
    let blob = repo.git(&["hash-object", "-w", new_task.to_str().unwrap()]);
    std::fs::remove_file(&new_task).unwrap();
    let mut heads = Vec::new();
    for (branch, mode) in [("odd", "100600"), ("plain", "100644")] {
        // The tasks tree with one more file, in git's binary tree format.
        let mut entries: Vec<(String, String, String)> = listing
            .lines()
            .map(|l| {
                let (meta, name) = l.split_once('\t').unwrap();
                let mut meta = meta.split(' ');
                let mode = meta.next().unwrap().to_owned();
                meta.next();
                (name.to_owned(), mode, meta.next().unwrap().to_owned())
            })
            .collect();
        entries.push((
            "zz-odd.md".to_owned(),
            mode.to_owned(),
            blob.trim().to_owned(),
        ));
        entries.sort();
        let mut bytes = Vec::new();
        for (name, mode, id) in &entries {
            bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            for i in (0..id.len()).step_by(2) {
                bytes.push(u8::from_str_radix(&id[i..i + 2], 16).unwrap());
            }
        }
        let raw = repo.path().join("tree.bin");
        std::fs::write(&raw, bytes).unwrap();
        let tree = repo.git(&[
            "hash-object",
            "-t",
            "tree",
            "--literally",
            "-w",
            raw.to_str().unwrap(),
        ]);
        std::fs::remove_file(&raw).unwrap();
        let root = repo
            .git(&["ls-tree", "HEAD"])
            .replace(tasks_tree.trim(), tree.trim());
        let root_file = repo.path().join("root.txt");
        std::fs::write(&root_file, root).unwrap();
        let root_tree = super::support::command_in("sh", repo.path(), repo.home())
            .args(["-c", "git mktree < root.txt"])
            .output()
            .unwrap();
        assert!(root_tree.status.success(), "git mktree failed");
        std::fs::remove_file(&root_file).unwrap();
        let root_tree = String::from_utf8(root_tree.stdout).unwrap();
        let commit = repo.git(&[
            "commit-tree",
            root_tree.trim(),
            "-p",
            "HEAD",
            "-m",
            "a new task",
        ]);
        repo.git(&["branch", branch, commit.trim()]);
        heads.push(branch);
    }
    let judged: Vec<(Option<i32>, serde_json::Value)> = heads
        .iter()
        .map(|head| {
            let out = repo
                .gate()
                .args(["ci", "--base", "main", "--head", head, "--format", "json"])
                .output()
                .unwrap();
            let mut doc = json(&out);
            doc["results"][0]["commit"] = serde_json::Value::Null;
            (out.status.code(), doc["results"].clone())
        })
        .collect();
    assert_eq!(judged[0].0, Some(1), "{judged:?}");
    assert_eq!(judged[0], judged[1]);
}

/// A board tool's config in a subdirectory (`sub/kanban/config.yml`) is
/// read at the base where the work tree finds it: a pull request that
/// raises its WIP limit is judged by the base's limit.
#[test]
fn ci_reads_a_board_tools_config_in_a_subdirectory_at_base() {
    let repo = GitRepo::demo();
    let root = repo.path();
    std::fs::remove_dir_all(root.join("tasks")).unwrap();
    std::fs::remove_file(root.join("gate.toml")).unwrap();
    super::support::copy_tree(
        &super::support::manifest_dir().join("fixtures/boards/kanban-md"),
        &root.join("sub"),
    );
    repo.commit_all("a kanban-md board in sub/");
    repo.git(&["checkout", "-q", "-b", "loosen"]);
    let config = root.join("sub/kanban/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("    in-progress: 2\n"), "{text}");
    std::fs::write(
        &config,
        text.replace("    in-progress: 2\n", "    in-progress: 5\n"),
    )
    .unwrap();
    let task = root.join("sub/kanban/tasks/004-rate-limit-login.md");
    let body = std::fs::read_to_string(&task).unwrap();
    assert!(body.contains("status: todo"), "{body}");
    std::fs::write(&task, body.replace("status: todo", "status: in-progress")).unwrap();
    repo.commit_all("a third task in progress, and a looser limit");
    let out = repo
        .gate()
        .current_dir(root.join("sub"))
        .args([
            "ci", "--base", "main", "--head", "loosen", "--format", "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let doc = json(&out);
    assert_eq!(
        doc["results"][0]["gates"][1]["findings"][0]["code"], "wip-limit/exceeded",
        "{doc}"
    );
    assert!(
        stderr.contains("ci/config-changed: `sub/kanban/config.yml`"),
        "{stderr}"
    );
}
