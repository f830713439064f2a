//! Output CI systems read without a plugin: GitHub workflow commands and
//! step summary (`--format github`), GitLab code quality
//! (`--format codequality`), and fingerprints that match across runs.

use serde_json::Value;

use super::gitflow::{GitRepo, repo_with_branches};

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn ci_github_annotates_the_status_lines_and_appends_a_step_summary() {
    let repo = repo_with_branches();
    let summary = repo.path().join("step-summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = repo
        .gate()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args([
            "ci", "--base", "main", "--head", "jump", "--format", "github",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let short = repo.git(&["rev-parse", "--short", "jump"]);
    let short = short.trim();
    assert_eq!(
        stdout_of(&out),
        format!(
            "::error file=tasks/explore-dark-mode.md,line=4,title=transition/undefined::no transition from 'icebox' to 'accepted'; 'icebox' may move to: incoming (icebox -> accepted in commit {short})%0Ahelp: move in allowed steps, e.g. 'icebox' -> 'incoming'
::error file=tasks/sneaky.md,line=3,title=transition/not-a-start-state::a new task cannot start in 'ready' ((new) -> ready in commit {short})%0Ahelp: new tasks start in: icebox, incoming
2 transitions in main..jump: 0 allowed, 2 blocked, 0 overridden, 0 error
"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!(
            "earlier step
### gate: 2 transitions in main..jump: 0 allowed, 2 blocked, 0 overridden, 0 error

| commit | task | transition | outcome | gates |
|---|---|---|---|---|
| `{short}` | `tasks/explore-dark-mode.md` | icebox → accepted | **blocked** | transition: fail (`transition/undefined`) |
| `{short}` | `tasks/sneaky.md` | (new) → ready | **blocked** | transition: fail (`transition/not-a-start-state`) |

"
        )
    );
}

#[test]
fn an_unwritable_step_summary_warns_and_keeps_the_exit_code() {
    let repo = repo_with_branches();
    let out = repo
        .gate()
        .env(
            "GITHUB_STEP_SUMMARY",
            repo.path().join("no/such/dir/summary.md"),
        )
        .args([
            "ci", "--base", "main", "--head", "jump", "--format", "github",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: opening the step summary `"),
        "{stderr}"
    );
    assert_eq!(
        stdout_of(&out)
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        2
    );
}

/// Issue #22 item 17: a FIFO named by `$GITHUB_STEP_SUMMARY` (a job a
/// hostile step set up) is refused at once, as the log and the config
/// are; the verdict and its exit code stand. Before, the job hung forever.
#[cfg(unix)]
#[test]
fn a_fifo_step_summary_is_refused_not_waited_on() {
    let repo = repo_with_branches();
    let fifo = repo.path().join("summary.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = repo
        .gate()
        .env("GITHUB_STEP_SUMMARY", &fifo)
        .timeout(std::time::Duration::from_mins(1))
        .args([
            "ci", "--base", "main", "--head", "jump", "--format", "github",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: opening the step summary `")
            && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert_eq!(
        stdout_of(&out)
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        2
    );
}

#[test]
fn staged_and_lint_github_annotations() {
    let repo = GitRepo::demo();
    repo.set_status("explore-dark-mode", "done");
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--staged", "--format", "github"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(
        stdout_of(&out),
        "::error file=tasks/explore-dark-mode.md,line=4,title=transition/undefined::no transition from 'icebox' to 'done'; 'icebox' may move to: incoming (icebox -> done)%0Ahelp: move in allowed steps, e.g. 'icebox' -> 'incoming'\n1 transition staged: 0 allowed, 1 blocked, 0 overridden, 0 error\n"
    );
    let out = repo
        .gate()
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["lint", "--format", "github"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        stdout_of(&out),
        "::warning file=tasks/import-legacy-csv.md,title=task/missing-field::required field `id` is not set%0Ahelp: add it to the front-matter, or change `board.required_fields`
::warning file=tasks/import-legacy-csv.md,line=2,title=task/placeholder::`uuid` holds the placeholder `$(uuidgen)`; it counts as unset%0Ahelp: fill in a real value; the template that wrote this file did not expand it
13 files checked: 0 errors, 2 warnings
"
    );
}

/// The fingerprints of a SARIF log's results, in order.
fn sarif_fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["gateFinding/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn codequality_issues_and_fingerprints_stable_across_runs() {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "work"]);
    repo.set_status("explore-dark-mode", "accepted");
    repo.git(&["add", "-A"]);
    let run = |args: &[&str]| -> Value {
        let out = repo.gate().args(args).output().unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    // Before the commit, as the pre-commit check sees it.
    let staged = run(&["check", "--staged", "--format", "codequality"]);
    let staged_sarif = run(&["check", "--staged", "--format", "sarif"]);
    repo.git(&["commit", "-q", "-m", "jump"]);
    // After it, as CI sees it: another command, a commit in the message.
    let ci = run(&["ci", "--base", "main", "--format", "codequality"]);
    let ci_sarif = run(&["ci", "--base", "main", "--format", "sarif"]);
    let issues = ci.as_array().unwrap();
    assert_eq!(issues.len(), 1);
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "transition/undefined");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "tasks/explore-dark-mode.md");
    assert_eq!(issue["location"]["lines"]["begin"], 4);
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .starts_with("no transition from 'icebox' to 'accepted'"),
        "{issue}"
    );
    let keys: Vec<&str> = issue
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "description",
            "check_name",
            "fingerprint",
            "severity",
            "location"
        ]
    );
    // One fingerprint for the one problem, whichever command and run found it.
    assert_eq!(issue["fingerprint"], staged[0]["fingerprint"]);
    assert_eq!(
        sarif_fingerprints(&ci_sarif),
        [issue["fingerprint"].as_str().unwrap()]
    );
    assert_eq!(
        sarif_fingerprints(&staged_sarif),
        sarif_fingerprints(&ci_sarif)
    );
    // And lint's are stable between two runs too.
    let lint = run(&["lint", "--format", "codequality"]);
    assert_eq!(lint, run(&["lint", "--format", "codequality"]));
    assert_eq!(lint.as_array().unwrap().len(), 2);
    assert_eq!(lint[0]["severity"], "minor");
    assert_eq!(lint[0]["location"]["lines"]["begin"], 1);
}

#[test]
fn the_official_sarif_schema_rejects_a_broken_log() {
    let repo = GitRepo::demo();
    let out = repo
        .gate()
        .args(["lint", "--format", "sarif"])
        .output()
        .unwrap();
    let mut log: Value = serde_json::from_slice(&out.stdout).unwrap();
    super::schemas::assert_sarif(&log);
    // A `kind` SARIF does not define: only the official schema knows.
    log["runs"][0]["results"][0]["kind"] = Value::from("bogus");
    let broken = std::panic::catch_unwind(|| super::schemas::assert_sarif(&log));
    assert!(broken.is_err());
}
