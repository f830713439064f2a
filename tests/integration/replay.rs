//! Replaying a team's history through `gate ci` with no gate config (issue
//! #23): every block must have a reason the board tool's rules or config
//! give. The histories are built here, in the shape of real Backlog.md and
//! kanban-md boards; the real ones of `../shared/corpus/histories` are
//! replayed by `corpus_histories_block_only_for_stated_rules` when the
//! corpus is there.

use super::gitflow::GitRepo;

/// A Backlog.md task file as the tool writes it.
fn backlog_task(id: &str, title: &str, status: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\nassignee: []\ncreated_date: '2025-10-01 10:00'\nlabels: []\ndependencies: []\n{extra}---\n\n## Description\n\n{title}.\n"
    )
}

fn file_name(id: &str, title: &str) -> String {
    format!("{} - {}.md", id.to_lowercase(), title.replace(' ', "-"))
}

/// One judged change: outcome, from, to and its error codes.
type Judged = (String, String, String, Vec<String>);

/// `gate ci` over the whole history, as JSON: (outcome, from, to, codes)
/// of every judged change, and stderr.
fn replay(repo: &GitRepo, base: &str) -> (Vec<Judged>, String) {
    replay_with(repo, base, &[])
}

/// [`replay`] with more arguments for `gate ci`.
fn replay_with(repo: &GitRepo, base: &str, extra: &[&str]) -> (Vec<Judged>, String) {
    let out = repo
        .gate()
        .args(["ci", "--base", base, "--head", "HEAD", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_owned();
    let items = doc["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"))
        .iter()
        .map(|r| {
            let codes = r["gates"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|g| g["findings"].as_array().cloned().unwrap_or_default())
                .filter(|f| f["severity"] == "error")
                .map(|f| text(&f["code"]))
                .collect();
            (
                text(&r["outcome"]),
                text(&r["transition"]["from"]),
                text(&r["transition"]["to"]),
                codes,
            )
        })
        .collect();
    (items, stderr)
}

fn blocked(items: &[Judged]) -> Vec<String> {
    items
        .iter()
        .filter(|(outcome, ..)| outcome != "allowed")
        .map(|(_, from, to, codes)| format!("{from} -> {to}: {}", codes.join(", ")))
        .collect()
}

/// A Backlog.md team's everyday moves — a task created as done, `To Do`
/// straight to `Done`, a reopen, a status listed after `Done` — pass with no
/// config; a status the board does not have does not.
#[test]
fn a_backlog_md_history_blocks_only_what_breaks_its_rules() {
    let repo = GitRepo::fixture("backlog-md");
    let tasks = repo.path().join("backlog/tasks");
    let config = repo.path().join("backlog/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "statuses: [\"To Do\", \"In Progress\", \"Done\"]",
            "statuses: [\"To Do\", \"In Progress\", \"Done\", \"Wontfix\"]",
        ),
    )
    .unwrap();
    repo.commit_all("A status after Done");
    let base = repo.git(&["rev-parse", "HEAD"]);
    let write = |id: &str, title: &str, status: &str| {
        std::fs::write(
            tasks.join(file_name(id, title)),
            backlog_task(id, title, status, "priority: medium\n"),
        )
        .unwrap();
    };
    write("BACK-10", "Already shipped", "Done");
    repo.commit_all("BACK-10 - Record shipped work");
    write("BACK-11", "Quick fix", "To Do");
    repo.commit_all("BACK-11 - Add task");
    write("BACK-11", "Quick fix", "Done");
    repo.commit_all("BACK-11 - Done");
    write("BACK-11", "Quick fix", "In Progress");
    repo.commit_all("BACK-11 - Reopen");
    write("BACK-11", "Quick fix", "Wontfix");
    repo.commit_all("BACK-11 - Won't fix");
    write("BACK-12", "Typo status", "In Review");
    repo.commit_all("BACK-12 - A status the board lacks");
    let (items, stderr) = replay(&repo, base.trim());
    assert_eq!(items.len(), 6, "{items:?}\n{stderr}");
    assert_eq!(
        blocked(&items),
        [" -> in_review: transition/not-a-status"],
        "{stderr}"
    );
}

/// Issue #23 item 8: a move to a status the board lacks says "not a
/// status" in the file's spelling; when the range itself adds the status
/// to the tool's config, the help says so and how the move passes.
#[test]
fn a_status_the_range_adds_is_named_as_such() {
    let repo = GitRepo::fixture("backlog-md");
    let base = repo.git(&["rev-parse", "HEAD"]);
    let config = repo.path().join("backlog/config.yml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace(
            "\"In Progress\", \"Done\"]",
            "\"In Progress\", \"QA\", \"Done\"]",
        ),
    )
    .unwrap();
    let tasks = repo.path().join("backlog/tasks");
    std::fs::write(
        tasks.join(file_name("BACK-20", "Check the export")),
        backlog_task("BACK-20", "Check the export", "QA", ""),
    )
    .unwrap();
    std::fs::write(
        tasks.join(file_name("BACK-21", "Typo")),
        backlog_task("BACK-21", "Typo", "Donee", ""),
    )
    .unwrap();
    repo.commit_all("Add a QA column and a task in it");
    let out = repo
        .gate()
        .args(["ci", "--base", base.trim(), "--head", "HEAD"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error[transition/not-a-status]: 'QA' is not a status of this board"),
        "{stdout}"
    );
    // The verdict line spells it as the file does too.
    assert!(stdout.contains("(BACK-20): (new) -> QA"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "help: `backlog/config.yml` adds 'QA' in `{}..HEAD`, and the range is judged with the configuration at `{}`",
            base.trim(),
            base.trim()
        )),
        "{stdout}"
    );
    // A status neither side has: the board's statuses, in its words.
    assert!(
        stdout.contains("'Donee' is not a status of this board"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "help: the statuses are: To Do, In Progress, Done; fix the status in the file"
        ),
        "{stdout}"
    );
    // With the new configuration, the QA task passes; the typo does not.
    let (items, stderr) = replay_with(&repo, base.trim(), &["--config-from", "head"]);
    assert_eq!(items.len(), 2, "{items:?}\n{stderr}");
    assert_eq!(
        blocked(&items),
        [" -> donee: transition/not-a-status"],
        "{stderr}"
    );
}

/// Issue #23 item 8: a base with no board at all is not judged with the
/// built-in defaults (which would block the new board's every task for a
/// workflow nobody chose): exit 2, and the help names `--config-from head`,
/// which judges the range with the board as the head has it.
#[test]
fn a_base_with_no_board_names_config_from_head() {
    let repo = GitRepo::empty();
    std::fs::write(repo.path().join("README.md"), "A project.\n").unwrap();
    repo.commit_all("Start");
    let base = repo.git(&["rev-parse", "HEAD"]);
    let base = base.trim();
    super::support::copy_tree(
        &super::support::manifest_dir().join("fixtures/boards/demo"),
        repo.path(),
    );
    repo.commit_all("Add the board");
    let out = repo
        .gate()
        .args(["ci", "--base", base, "--head", "HEAD"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("error: ci/no-board-at-base: `{base}` has no board (no gate config, no board tool's config, no tasks directory `tasks`)")),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: pass `--config-from head`"),
        "{stderr}"
    );
    let out = repo
        .gate()
        .args([
            "ci",
            "--base",
            base,
            "--head",
            "HEAD",
            "--config-from",
            "head",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("transitions in {base}..HEAD")),
        "{stdout}"
    );
}

/// `gate ci`'s range is bounded by the largest history limit of the
/// board's gates (the P0 gate's `max_commits`), read through the registry:
/// a longer range is an error, never a range judged in part.
#[test]
fn ci_ranges_are_bounded_by_the_gates_history_limit() {
    let repo = GitRepo::demo();
    let config = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    std::fs::write(
        repo.path().join("gate.toml"),
        config.replace(
            "[gates.p0-security]\n",
            "[gates.p0-security]\nmax_commits = 2\n",
        ),
    )
    .unwrap();
    repo.commit_all("A short history limit");
    let base = repo.git(&["rev-parse", "HEAD"]);
    for n in 0..3 {
        std::fs::write(repo.path().join(format!("notes-{n}.txt")), "n\n").unwrap();
        repo.commit_all(&format!("Note {n}"));
    }
    let out = repo
        .gate()
        .args(["ci", "--base", base.trim(), "--head", "HEAD"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("has more than 2 first-parent commits"),
        "{stderr}"
    );
    let out = repo
        .gate()
        .args(["ci", "--base", "HEAD~2", "--head", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// kanban-md bumps `next_id` in its config on every new card: that is not
/// a config change. A card created in `todo` and moved `backlog` → `done`
/// passes; entering a `require_claim` status unclaimed, and a second
/// expedite card, do not.
#[test]
fn a_kanban_md_history_blocks_only_what_breaks_its_rules() {
    let repo = GitRepo::fixture("kanban-md");
    let kanban = repo.path().join("kanban");
    let config = std::fs::read_to_string(kanban.join("config.yml")).unwrap();
    let card = |id: u32, status: &str, extra: &str| {
        std::fs::write(
            kanban.join(format!("tasks/{id:03}-card-{id}.md")),
            format!(
                "---\nid: {id}\ntitle: Card {id}\nstatus: {status}\npriority: medium\ncreated: 2026-02-03T08:00:00Z\nupdated: 2026-02-03T08:00:00Z\n{extra}---\n"
            ),
        )
        .unwrap();
        std::fs::write(
            kanban.join("config.yml"),
            config.replace("next_id: 6", &format!("next_id: {}", id + 1)),
        )
        .unwrap();
    };
    card(6, "todo", "class: standard\n");
    repo.commit_all("Create card 6 in todo");
    card(7, "backlog", "class: standard\n");
    repo.commit_all("Create card 7");
    card(7, "done", "class: standard\n");
    repo.commit_all("Card 7 done");
    card(8, "review", "class: standard\n");
    repo.commit_all("Card 8 straight to review, unclaimed");
    card(9, "todo", "class: expedite\nclaimed_by: ana\n");
    repo.commit_all("Expedite card 9");
    card(10, "todo", "class: expedite\nclaimed_by: ana\n");
    repo.commit_all("A second expedite card");
    let (items, stderr) = replay(&repo, "main~6");
    assert!(!stderr.contains("ci/config-changed"), "{stderr}");
    assert_eq!(
        blocked(&items),
        [
            " -> review: transition/claim-required",
            " -> todo: wip-limit/class-exceeded"
        ],
        "{items:?}\n{stderr}"
    );
    // A change to a key gate reads is one.
    std::fs::write(
        kanban.join("config.yml"),
        std::fs::read_to_string(kanban.join("config.yml"))
            .unwrap()
            .replace("in-progress: 2", "in-progress: 4"),
    )
    .unwrap();
    repo.commit_all("Raise a limit");
    let (_, stderr) = replay(&repo, "main~7");
    assert!(
        stderr.contains("ci/config-changed: `kanban/config.yml`"),
        "{stderr}"
    );
}

/// Backlog.md's own folders are operations, not removals: `archive/tasks/`
/// and `drafts/` from any status, `completed/` counted as done (nothing to
/// judge from `Done`). A file deleted while its work is under way is a
/// removal; one deleted from `To Do` is not blocked. A `removable_from`
/// in gate.toml judges an archived task as a removal again.
#[test]
fn backlog_md_folders_are_the_tools_operations() {
    let repo = GitRepo::fixture("backlog-md");
    let backlog = repo.path().join("backlog");
    let write = |id: &str, title: &str, status: &str| {
        std::fs::write(
            backlog.join("tasks").join(file_name(id, title)),
            backlog_task(id, title, status, ""),
        )
        .unwrap();
    };
    for (id, status) in [
        ("BACK-20", "In Progress"),
        ("BACK-21", "Done"),
        ("BACK-22", "To Do"),
        ("BACK-23", "In Progress"),
        ("BACK-24", "To Do"),
        ("BACK-25", "In Progress"),
    ] {
        write(id, &format!("Task {id}"), status);
    }
    repo.commit_all("Tasks");
    let base = repo.git(&["rev-parse", "HEAD"]);
    std::fs::create_dir_all(backlog.join("archive/tasks")).unwrap();
    let moved = |id: &str, to: &str| {
        let name = file_name(id, &format!("Task {id}"));
        repo.git(&[
            "mv",
            &format!("backlog/tasks/{name}"),
            &format!("backlog/{to}/{name}"),
        ]);
    };
    moved("BACK-20", "archive/tasks");
    repo.commit_all("BACK-20 - Archive");
    moved("BACK-21", "completed");
    moved("BACK-22", "completed");
    repo.commit_all("Clean up");
    moved("BACK-23", "drafts");
    repo.commit_all("BACK-23 - Demote");
    repo.git(&[
        "rm",
        "-q",
        &format!("backlog/tasks/{}", file_name("BACK-24", "Task BACK-24")),
    ]);
    repo.git(&[
        "rm",
        "-q",
        &format!("backlog/tasks/{}", file_name("BACK-25", "Task BACK-25")),
    ]);
    repo.commit_all("Delete two tasks");
    let (items, stderr) = replay(&repo, base.trim());
    let shown: Vec<String> = items
        .iter()
        .map(|(o, from, to, codes)| format!("{o}: {from} -> {to} {}", codes.join(",")))
        .collect();
    assert_eq!(
        shown,
        [
            "allowed: to_do -> done ",
            "allowed: to_do ->  ",
            "blocked: in_progress ->  transition/removed",
        ],
        "{stderr}"
    );
    // Configured, an archived task is judged as a removal (a config file
    // outside the repository is used as given).
    let outside = tempfile::tempdir().unwrap();
    let config = outside.path().join("gate.toml");
    std::fs::write(&config, "[gates.transition]\nremovable_from = [\"Done\"]\n").unwrap();
    let out = repo
        .gate()
        .args([
            "ci",
            "--base",
            base.trim(),
            "--head",
            "HEAD",
            "--format",
            "json",
        ])
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let removed = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "blocked")
        .count();
    assert_eq!(removed, 4, "{doc}");
}

/// Issue #23 item 11: the real histories of `../shared/corpus/histories`
/// (a Backlog.md board and a kanban-md board nobody here wrote), replayed
/// with no gate config: every block has a reason the tool's rules or its
/// config give — a status the board lacks, a declared limit, a claim, a P0
/// task without its evidence, a task removed while its work was under way,
/// the checklist and dependency gates — never a workflow the tool does not
/// have.
#[test]
fn corpus_histories_block_only_for_stated_rules() {
    let Some(histories) = super::support::corpus_dir("histories") else {
        return;
    };
    let stated = [
        "transition/not-a-status",
        "transition/claim-required",
        "transition/removed",
        "wip-limit/exceeded",
        "wip-limit/class-exceeded",
    ];
    for bundle in ["backlog.md-history.bundle", "kanban-md-history.bundle"] {
        let home = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = super::support::git_command(dir.path(), home.path(), "2026-01-01T00:00:00Z")
            .args(["clone", "-q", "-b", "main"])
            .arg(histories.join(bundle))
            .arg("repo")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let repo = dir.path().join("repo");
        let first = super::support::git_command(&repo, home.path(), "2026-01-01T00:00:00Z")
            .args(["rev-list", "--max-parents=0", "HEAD"])
            .output()
            .unwrap();
        let first = String::from_utf8(first.stdout).unwrap();
        let out = super::support::gate_at_home(&repo, home.path())
            .args([
                "ci",
                "--base",
                first.trim(),
                "--head",
                "main",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // kanban-md bumps `next_id` on every card: bookkeeping, not a
        // config change. (The Backlog.md board's config really changes:
        // its `task_prefix`.)
        if bundle.starts_with("kanban-md") {
            assert!(!stderr.contains("ci/config-changed"), "{bundle}: {stderr}");
        }
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{bundle}: {e}: {stderr}"));
        let results = doc["results"].as_array().unwrap();
        assert!(results.len() > 50, "{bundle}: {} judged", results.len());
        let mut blocked = 0;
        for r in results.iter().filter(|r| r["outcome"] != "allowed") {
            blocked += 1;
            let codes: Vec<&str> = r["gates"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|g| g["findings"].as_array().into_iter().flatten())
                .filter(|f| f["severity"] == "error")
                .filter_map(|f| f["code"].as_str())
                .collect();
            assert!(
                codes.iter().all(|c| stated.contains(c)
                    || ["p0-security/", "checklist/", "dependencies/"]
                        .iter()
                        .any(|gate| c.starts_with(gate))),
                "{bundle}: a block without a stated reason: {r}"
            );
        }
        // Far below the hundreds the derived workflow blocked.
        assert!(
            blocked * 10 <= results.len(),
            "{bundle}: {blocked} blocked of {}",
            results.len()
        );
    }
}

/// The demo board with room in `in_progress` (and, with `plant`, a P2
/// copy of the P0 task's id in a file that sorts first), committed as the
/// base; then a range that lowers the P0 security task's priority, moves
/// it to `in_progress` and raises the priority back. The base and what
/// `gate ci` over the range judged.
fn lower_move_raise(plant: bool) -> (GitRepo, String, Vec<Judged>) {
    let repo = GitRepo::fixture("demo");
    let config = repo.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("in_progress = 3", "in_progress = 9")).unwrap();
    let task = repo.task("harden-password-reset-tokens");
    if plant {
        let text = std::fs::read_to_string(&task).unwrap();
        repo.write(
            "tasks/aaa-copy.md",
            &text.replacen("priority: \"P0\"", "priority: \"P2\"", 1),
        );
    }
    repo.commit_all("Room in progress");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let edit = |from: &str, to: &str, message: &str| {
        let text = std::fs::read_to_string(&task).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&task, text.replacen(from, to, 1)).unwrap();
        repo.commit_all(message);
    };
    edit(
        "priority: \"P0\"",
        "priority: \"P2\"",
        "Not urgent after all",
    );
    edit("status: \"todo\"", "status: \"in_progress\"", "Start");
    edit("priority: \"P2\"", "priority: \"P0\"", "Urgent again");
    let (items, stderr) = replay(&repo, &base);
    assert!(!items.is_empty(), "{stderr}");
    (repo, base, items)
}

/// The move of [`lower_move_raise`]'s range: blocked by the P0 gate.
fn assert_move_blocked(items: &[Judged]) {
    let moves: Vec<_> = items
        .iter()
        .filter(|(_, from, to, _)| from == "todo" && to == "in_progress")
        .collect();
    assert_eq!(moves.len(), 1, "{items:?}");
    let (outcome, _, _, codes) = moves[0];
    assert_eq!(outcome, "blocked", "{items:?}");
    assert!(
        codes.iter().any(|c| c == "p0-security/no-code-changes"),
        "{codes:?}"
    );
}

/// A pull request is one change under review: the P0 gate reads a task's
/// state at the range's base too. Lowering a P0 security task's priority
/// in one commit, moving it in the next and raising the priority back in
/// a third passed each commit alone; `gate ci` blocks the move, as it
/// blocks a commit that lowers the priority and moves at once.
#[test]
fn a_range_cannot_lower_the_priority_first_and_move_after() {
    let (repo, _, items) = lower_move_raise(false);
    assert_move_blocked(&items);
    // A range whose base already has the lower priority judges the task as
    // the base has it: the lowering was a change of its own, reviewed
    // (and merged) before.
    let (items, _) = replay(&repo, "HEAD~2");
    assert!(
        items.iter().all(|(outcome, ..)| outcome == "allowed"),
        "{items:?}"
    );
}

/// Every copy of the id at the base counts: a P2 copy planted in a file
/// that sorts first does not take the P0 one out of scope.
#[test]
fn a_copy_at_the_base_does_not_hide_the_task_in_scope() {
    let (_, _, items) = lower_move_raise(true);
    assert_move_blocked(&items);
}

/// The other half of a range reviewed as one change: a commit that only
/// moves a P0 task's `created` back does not widen the evidence window of
/// a move later in the range. The window starts at the latest created date
/// the task had at the base or since, so a code commit older than the
/// task's real creation (an id reused, say) is no evidence.
#[test]
fn a_range_cannot_move_created_back_first_and_move_after() {
    let repo = GitRepo::unborn_fixture("demo");
    let config = repo.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("in_progress = 3", "in_progress = 9")).unwrap();
    repo.git_at("2025-07-01T12:00:00Z", &["init", "-q", "-b", "main"]);
    repo.git_at("2025-07-01T12:00:00Z", &["add", "-A"]);
    repo.git_at("2025-07-01T12:00:00Z", &["commit", "-q", "-m", "Board"]);
    // Code naming the task, a month before the task was created.
    repo.write("reset.rs", "// tokens\n");
    repo.git_at("2025-07-20T12:00:00Z", &["add", "-A"]);
    repo.git_at(
        "2025-07-20T12:00:00Z",
        &[
            "commit",
            "-q",
            "-m",
            "Reset tokens (4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64)",
        ],
    );
    let base = repo.git(&["rev-parse", "HEAD"]);
    let task = repo.task("harden-password-reset-tokens");
    let edit = |from: &str, to: &str, message: &str| {
        let text = std::fs::read_to_string(&task).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&task, text.replacen(from, to, 1)).unwrap();
        repo.git_at("2025-09-01T12:00:00Z", &["add", "-A"]);
        repo.git_at("2025-09-01T12:00:00Z", &["commit", "-q", "-m", message]);
    };
    edit(
        "created_at: \"2025-08-21T16:20:00Z\"",
        "created_at: \"2025-06-01T00:00:00Z\"",
        "Fix the created date",
    );
    edit("status: \"todo\"", "status: \"in_progress\"", "Start");
    let (items, stderr) = replay(&repo, base.trim());
    assert_eq!(items.len(), 1, "{items:?} {stderr}");
    let (outcome, from, to, codes) = &items[0];
    assert_eq!(
        (outcome.as_str(), from.as_str(), to.as_str()),
        ("blocked", "todo", "in_progress"),
        "{items:?}"
    );
    assert_eq!(codes, &["p0-security/no-code-changes"], "{items:?}");
}
