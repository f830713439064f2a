//! `gate init --from-history` (issue #23 item 10): the workflow a team
//! really uses, learned from the board's history. On a history built here:
//! the exact gate.toml written and the summary printed, and `gate ci` with
//! that file blocking only the moves it left commented; `--since`, a
//! shallow clone, no history; the real histories of
//! `../shared/corpus/histories` when they are there.

use super::support::GitRepo;

/// A Backlog.md task file as the tool writes it.
fn task(id: &str, status: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Task {id}\nstatus: {status}\nassignee: []\ncreated_date: '2026-08-03 10:00'\nlabels: []\ndependencies: []\n---\n\n## Description\n\nTask {id}.\n"
    )
}

/// The Backlog.md fixture with a history: a `Review` status added, used
/// and dropped again; tasks created in `To Do` and `Done`; everyday moves
/// made several times; one reopen, made once.
fn history() -> GitRepo {
    let repo = GitRepo::fixture("backlog-md");
    let config = repo.path().join("backlog/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    let statuses = |list: &str| {
        std::fs::write(
            &config,
            text.replace("[\"To Do\", \"In Progress\", \"Done\"]", list),
        )
        .unwrap();
    };
    statuses("[\"To Do\", \"In Progress\", \"Review\", \"Done\"]");
    repo.commit_all("Add a Review column");
    let set = |id: &str, status: &str| {
        let n = id.trim_start_matches("BACK-");
        std::fs::write(
            repo.path()
                .join(format!("backlog/tasks/back-{n} - Task-{n}.md")),
            task(id, status),
        )
        .unwrap();
        repo.commit_all(&format!("{id} - {status}"));
    };
    for id in [
        "BACK-10", "BACK-11", "BACK-12", "BACK-13", "BACK-14", "BACK-15",
    ] {
        set(id, "To Do");
    }
    for id in ["BACK-10", "BACK-11", "BACK-12", "BACK-15"] {
        set(id, "In Progress");
    }
    for id in ["BACK-10", "BACK-11", "BACK-12"] {
        set(id, "Done");
    }
    set("BACK-13", "Done");
    set("BACK-14", "Done");
    set("BACK-15", "Review");
    set("BACK-15", "Done");
    set("BACK-12", "In Progress");
    set("BACK-16", "Done");
    statuses("[\"To Do\", \"In Progress\", \"Done\"]");
    repo.commit_all("Drop the Review column");
    repo
}

fn init(repo: &GitRepo, args: &[&str]) -> (i32, String, String) {
    let out = repo
        .gate()
        .args(["init", "--from-history"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `gate ci` over the whole history after the root commit with the
/// work tree's configuration: `from -> to: codes` of each blocked change.
fn ci_blocked(repo: &GitRepo) -> Vec<String> {
    let root = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let out = repo
        .gate()
        .args(["ci", "--base", root.trim(), "--head", "HEAD"])
        .args(["--config-from", "head", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] != "allowed")
        .map(|r| {
            let codes: Vec<String> = r["gates"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|g| g["findings"].as_array().cloned().unwrap_or_default())
                .filter(|f| f["severity"] == "error")
                .map(|f| text(&f["code"]))
                .collect();
            format!(
                "{} -> {}: {}",
                text(&r["transition"]["from"]),
                text(&r["transition"]["to"]),
                codes.join(", ")
            )
        })
        .collect()
}

#[test]
fn init_from_history_writes_the_moves_the_team_makes() {
    let repo = history();
    let before = ci_blocked(&repo);
    let (code, out, err) = init(&repo, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("wrote gate.toml\n"), "{err}");
    let written = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    snapbox::assert_data_eq!(written.clone(), snapbox::file!["learn.expected.toml"].raw());
    snapbox::assert_data_eq!(out, snapbox::file!["learn.expected.txt"].raw());
    // The file loads as gate's configuration, over the tool's.
    let validate = repo.gate().args(["config", "--validate"]).output().unwrap();
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    // With the tool's rules alone, only the move into a status the board
    // no longer has is blocked.
    assert_eq!(before, ["in_progress -> review: transition/not-a-status"]);
    // With the written workflow, the moves it left commented are blocked
    // too — the rare reopen, and the move out of the dropped status — and
    // nothing else: every everyday move passes.
    assert_eq!(
        ci_blocked(&repo),
        [
            "in_progress -> review: transition/not-a-status",
            "review -> done: transition/undefined",
            "done -> in_progress: transition/undefined",
        ]
    );
    // Uncommenting the rare move allows it, as the file says.
    let path = repo.path().join("gate.toml");
    std::fs::write(
        &path,
        written.replace(
            "  # \"In Progress\",  # 1 move",
            "  \"In Progress\",  # 1 move",
        ),
    )
    .unwrap();
    assert!(!ci_blocked(&repo).iter().any(|b| b.starts_with("done ->")));
}

/// An existing gate.toml is never overwritten, and a Promethean config
/// (which the file would replace) still needs `--force`.
#[test]
fn init_from_history_refuses_what_init_refuses() {
    let repo = history();
    std::fs::write(repo.path().join("gate.toml"), "# mine\n").unwrap();
    let (code, _, err) = init(&repo, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`gate.toml` already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("gate.toml")).unwrap(),
        "# mine\n"
    );
    let promethean = GitRepo::fixture("promethean-successor");
    let (code, _, err) = init(&promethean, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pass --force"), "{err}");
    let (code, _, err) = init(&promethean, &["--force"]);
    assert_eq!(code, 0, "{err}");
    let validate = promethean
        .gate()
        .args(["config", "--validate"])
        .output()
        .unwrap();
    assert!(validate.status.success());
}

/// `--since REV` learns from the commits after REV only; after the last
/// commit there is nothing to learn, and the board's own workflow is
/// written, saying so.
#[test]
fn init_since_a_revision_learns_from_what_follows() {
    let repo = history();
    let (code, out, err) = init(&repo, &["--since", "HEAD~4"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("replayed 4 commits (the commits after `HEAD~4`): 3 changes judged — 1 task created, 2 moves, 0 tasks left the board\n"),
        "{out}"
    );
    let written = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    assert!(
        written.contains("  \"Done\",  # 1 created here\n"),
        "{written}"
    );
    std::fs::remove_file(repo.path().join("gate.toml")).unwrap();
    let (code, out, err) = init(&repo, &["--since", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "no move between statuses to learn from: the workflow written is the board's own\n"
        ),
        "{out}"
    );
    let written = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    assert!(
        written.contains("# `gate init --from-history` found no move between statuses in the commits after `HEAD`\n# (0 commits, 0 tasks created)"),
        "{written}"
    );
    // The board's own rules, as a plain init writes them: any move.
    assert!(written.contains("# [workflow.transitions]\n"), "{written}");
    // Tasks created, none moved: no workflow to learn either (a table of
    // empty rows would let nothing move).
    std::fs::remove_file(repo.path().join("gate.toml")).unwrap();
    let (code, out, err) = init(&repo, &["--since", "HEAD~1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("no move between statuses to learn from"),
        "{out}"
    );
    let (code, out, err) = init(&repo, &["--since", "HEAD~2", "--path", "two.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 task created, 0 moves"), "{out}");
    assert!(
        out.contains("no move between statuses to learn from"),
        "{out}"
    );
    let (code, _, err) = init(&repo, &["--since", "no-such-rev", "--path", "other.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("`no-such-rev` cannot be resolved"), "{err}");
}

/// A shallow clone: the history is cut short, and gate says where; it
/// learns from the commits after the boundary.
#[test]
fn init_from_history_in_a_shallow_clone_says_it_is_cut_short() {
    let repo = history();
    let clone = tempfile::tempdir().unwrap();
    let dir = clone.path().join("c");
    let url = format!("file://{}", repo.path().display());
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "3",
        &url,
        &dir.display().to_string(),
    ]);
    let out = super::support::gate_at_home(&dir, repo.home())
        .args(["init", "--from-history"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let boundary = repo.git(&["rev-parse", "--short", "HEAD~2"]);
    assert!(
        stderr.contains(&format!(
            "warning: the history is cut short at commit {} (a shallow clone)",
            boundary.trim()
        )),
        "{stderr}"
    );
    assert!(
        stdout.starts_with("replayed 2 commits (the history the clone has):"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(dir.join("gate.toml")).unwrap();
    assert!(
        written.contains(&format!(
            "# The history is cut short at commit {} (a shallow clone)",
            boundary.trim()
        )),
        "{written}"
    );
}

/// A repository with no commit yet: nothing to learn; the board's own
/// workflow is written, and it loads.
#[test]
fn init_from_history_with_no_commits_writes_the_boards_own_rules() {
    let repo = GitRepo::unborn_fixture("backlog-md");
    repo.git(&["init", "-q", "-b", "main"]);
    let (code, out, err) = init(&repo, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("replayed 0 commits (the whole history): 0 changes judged"),
        "{out}"
    );
    assert!(check_loads(&repo));
}

fn check_loads(repo: &GitRepo) -> bool {
    repo.gate()
        .args(["config", "--validate"])
        .output()
        .unwrap()
        .status
        .success()
}

/// The real histories: the file written loads, and `gate ci` with it over
/// the same history blocks no more than the summary said.
#[test]
fn corpus_histories_learn_a_workflow_that_blocks_what_it_says() {
    let Some(histories) = super::support::corpus_dir("histories") else {
        return;
    };
    for bundle in ["backlog.md-history.bundle", "kanban-md-history.bundle"] {
        let repo = GitRepo::unborn();
        let bundle_path = histories.join(bundle).display().to_string();
        repo.git(&["clone", "-q", "-b", "main", &bundle_path, "."]);
        let gate = || repo.gate();
        let out = gate().args(["init", "--from-history"]).output().unwrap();
        let summary = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{bundle}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(check_loads(&repo), "{bundle}");
        let said: usize = summary
            .lines()
            .find_map(|l| l.trim().strip_prefix("with the written workflow: "))
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{bundle}: {summary}"));
        let root = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
        let out = gate()
            .args(["ci", "--base", root.trim(), "--head", "HEAD"])
            .args(["--config-from", "head", "--format", "json"])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let results = doc["results"].as_array().unwrap();
        let blocked = results.iter().filter(|r| r["outcome"] != "allowed").count();
        assert!(results.len() > 50, "{bundle}: {} judged", results.len());
        assert!(
            blocked <= said,
            "{bundle}: ci blocked {blocked}, the summary said {said}\n{summary}"
        );
    }
}

/// The README's transcript of `gate init --from-history` and the workflow
/// it shows are this history's, as written.
#[test]
fn readme_learn_transcript_is_real() {
    let readme = std::fs::read_to_string(super::support::manifest_dir().join("README.md")).unwrap();
    let block = |marker: &str, fence: &str| {
        let at = readme.find(marker).unwrap();
        let start = at + readme[at..].find(fence).unwrap() + fence.len();
        readme[start..start + readme[start..].find("```").unwrap()].to_owned()
    };
    let transcript = block("<!-- learn transcript -->", "```text\n");
    let (command, expected) = transcript.split_once('\n').unwrap();
    assert_eq!(command, "$ gate init --from-history");
    let repo = history();
    let (code, out, err) = init(&repo, &[]);
    assert_eq!(code, 0);
    snapbox::assert_data_eq!(format!("{out}{err}"), expected.to_owned());
    let written = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    let workflow = block("<!-- learned workflow -->", "```toml\n");
    assert!(written.contains(&workflow), "{workflow}\n---\n{written}");
}
