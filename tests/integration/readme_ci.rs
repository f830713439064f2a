//! The README's GitHub Actions and GitLab CI jobs, run as written against a
//! fixture repository: every command of each job except the install, whose
//! pinned form is checked instead (it would build gate from the network).

use std::collections::BTreeMap;

use serde_json::Value;

use super::gitflow::{GitRepo, repo_with_branches};
use super::support::{command_in, manifest_dir, path_with_gate};

/// The YAML blocks of the README's "CI: `gate ci`" section, parsed.
fn ci_jobs() -> Vec<Value> {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let start = readme.find("### CI: `gate ci`").unwrap();
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n### ").unwrap() + 4];
    section
        .split("```yaml\n")
        .skip(1)
        .map(|block| {
            let yaml = &block[..block.find("```").unwrap()];
            serde_saphyr::from_str::<Value>(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        })
        .collect()
}

/// The install every job must use: from git, with the crate's version pinned.
fn check_install(command: &str, repo_var: &str, repo_url: &Value) {
    assert_eq!(
        command,
        format!(
            "cargo install --locked --git \"${repo_var}\" --tag v{} kanban-gate",
            env!("CARGO_PKG_VERSION")
        )
    );
    let url = repo_url.as_str().unwrap();
    assert!(
        url.contains("CHANGE-ME"),
        "the placeholder is marked: {url}"
    );
}

/// Runs `script` with bash -e in `dir`, with gate first on PATH.
fn bash(repo: &GitRepo, script: &str, env: &BTreeMap<String, String>) -> std::process::Output {
    command_in("bash", repo.path(), repo.home())
        .args(["-e", "-c", script])
        .env("PATH", path_with_gate())
        .envs(env)
        .output()
        .unwrap()
}

fn sha(repo: &GitRepo, rev: &str) -> String {
    repo.git(&["rev-parse", rev]).trim().to_owned()
}

/// Runs the GitHub job's steps in order as Actions would (a failed step
/// skips the later ones unless `if: always()`); the exit code of each.
fn run_github_job(job: &Value, repo: &GitRepo, head: &str) -> Vec<(String, Option<i32>)> {
    let summary = repo.path().join("step-summary.md");
    let mut env = BTreeMap::new();
    for (key, value) in job["env"].as_object().unwrap() {
        let value = value.as_str().unwrap();
        let value = match value {
            "${{ github.event.pull_request.base.sha }}" => sha(repo, "main"),
            "${{ github.event.pull_request.head.sha }}" => sha(repo, head),
            other => {
                assert!(!other.contains("${{"), "unknown expression {other}");
                other.to_owned()
            }
        };
        env.insert(key.clone(), value);
    }
    env.insert("GITHUB_ACTIONS".into(), "true".into());
    env.insert("GITHUB_STEP_SUMMARY".into(), summary.display().to_string());
    let mut failed = false;
    let mut ran = Vec::new();
    for step in job["steps"].as_array().unwrap() {
        let always = step["if"] == "always()";
        if failed && !always {
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            if uses.starts_with("actions/checkout@") {
                // The history gate ci walks: all of it.
                assert_eq!(step["with"]["fetch-depth"], 0);
            } else if uses.starts_with("github/codeql-action/upload-sarif@") {
                let file = repo
                    .path()
                    .join(step["with"]["sarif_file"].as_str().unwrap());
                let log: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
                super::schemas::assert_sarif(&log);
                ran.push((uses.to_owned(), Some(0)));
            } else {
                panic!("unknown action {uses}");
            }
            continue;
        }
        let run = step["run"].as_str().unwrap().trim();
        if run.starts_with("cargo install") {
            check_install(run, "GATE_REPO", &job["env"]["GATE_REPO"]);
            continue;
        }
        let out = bash(repo, run, &env);
        let code = out.status.code();
        failed |= code != Some(0);
        ran.push((run.to_owned(), code));
    }
    ran
}

#[test]
fn the_github_actions_job_runs_as_written() {
    let jobs = ci_jobs();
    let job = &jobs[0]["jobs"]["gate"];
    let repo = repo_with_branches();
    // Two legal steps: every step passes.
    let ran = run_github_job(job, &repo, "legal");
    assert_eq!(ran.len(), 3, "{ran:?}");
    assert!(ran.iter().all(|(_, code)| *code == Some(0)), "{ran:?}");
    let summary = std::fs::read_to_string(repo.path().join("step-summary.md")).unwrap();
    assert!(
        summary.starts_with("### gate: 2 transitions in "),
        "{summary}"
    );
    // An illegal jump fails the job at the judging step; the SARIF is
    // written and uploaded all the same.
    std::fs::remove_file(repo.path().join("step-summary.md")).unwrap();
    let ran = run_github_job(job, &repo, "jump");
    let codes: Vec<Option<i32>> = ran.iter().map(|(_, c)| *c).collect();
    assert_eq!(codes, [Some(1), Some(0), Some(0)], "{ran:?}");
    let summary = std::fs::read_to_string(repo.path().join("step-summary.md")).unwrap();
    assert!(summary.contains("| **blocked** |"), "{summary}");
}

#[test]
fn the_gitlab_job_runs_as_written() {
    let jobs = ci_jobs();
    let job = &jobs[1]["gate"];
    assert_eq!(job["variables"]["GIT_DEPTH"], 0);
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    check_install(script[0], "GATE_REPO", &job["variables"]["GATE_REPO"]);
    let reports = &job["artifacts"]["reports"];
    assert_eq!(job["artifacts"]["when"], "always");
    for (head, exit) in [("legal", Some(0)), ("jump", Some(1))] {
        let repo = repo_with_branches();
        let env = BTreeMap::from([
            (
                "CI_MERGE_REQUEST_DIFF_BASE_SHA".to_owned(),
                sha(&repo, "main"),
            ),
            ("CI_COMMIT_SHA".to_owned(), sha(&repo, head)),
        ]);
        // GitLab runs the script lines in one shell and stops at a failure.
        let out = bash(&repo, &script[1..].join("\n"), &env);
        assert_eq!(out.status.code(), exit, "{head}: {out:?}");
        let quality = repo.path().join(reports["codequality"].as_str().unwrap());
        let issues: Value = serde_json::from_slice(&std::fs::read(quality).unwrap()).unwrap();
        assert_eq!(
            issues.as_array().unwrap().len(),
            if head == "jump" { 2 } else { 0 }
        );
        let junit = repo.path().join(reports["junit"].as_str().unwrap());
        super::schemas::assert_junit(&std::fs::read_to_string(junit).unwrap());
    }
}

/// The shell example that fails a script on a blocked transition must not
/// pass when gate cannot decide (exit 2, nothing on stdout), even with a jq
/// that says yes to anything.
#[test]
fn the_shell_example_does_not_fail_open() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let start = readme
        .find("# Fail a script on any blocked transition")
        .unwrap();
    let block = &readme[start..];
    let block = &block[..block.find("```").unwrap()];
    let repo = GitRepo::demo();
    let stub = tempfile::tempdir().unwrap();
    let jq = stub.path().join("jq");
    std::fs::write(&jq, "#!/bin/sh\ncat > /dev/null\nexit 0\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&jq, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = std::env::join_paths(
        std::iter::once(stub.path().to_path_buf()).chain(std::env::split_paths(&path_with_gate())),
    )
    .unwrap();
    // No `origin/main` in the fixture: gate exits 2.
    let out = command_in("bash", repo.path(), repo.home())
        .args(["-c", block])
        .env("PATH", path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{out:?}");
}
