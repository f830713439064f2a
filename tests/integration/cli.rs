//! End-to-end tests of the binary on the demo board: every verdict and
//! every usage error, with exit codes and output pinned.

use snapbox::str;

use super::support::{demo_board, gate};

#[test]
fn allowed_move_exits_0_with_json() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-login-rate-limit", "--to", "review", "--dry-run", "--format", "json"])
        .assert()
        .code(0)
        .stdout_eq(str![[r#"
{"version":1,"task":{"id":"8b6d5f74-c369-4e42-a087-2d9c4e6f1a58","title":"Add a rate limit to the login endpoint","path":"tasks/add-login-rate-limit.md","priority":"P1","status":"in_progress"},"transition":{"from":"in_progress","to":"review"},"outcome":"allowed","gates":[{"id":"transition","verdict":"pass","findings":[]},{"id":"wip-limit","verdict":"pass","findings":[]},{"id":"p0-security","verdict":"skip","reason":"not a P0 security task: priority P1","findings":[]}],"audit":{"recorded":false,"seq":null,"hash":null}}

"#]])
        .stderr_eq(str![""]);
}

#[test]
fn near_limit_warns_but_allows() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-csv-export", "--to", "todo", "--dry-run"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
allowed: Add CSV export to the reports page (2b94d1f3-7e05-4c8a-b216-0f3d9a4c7e58): ready -> todo
  pass        transition
  warn        wip-limit
              warning[wip-limit/near-limit]: Target column 'todo' will be at 80% of its WIP limit (4/5)
  skip        p0-security  (not a P0 security task: priority P2)

"]]);
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_1() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-csv-export", "--to", "todo", "--dry-run", "--deny-warnings", "--format", "json"])
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
{"version":1,"task":{"id":"2b94d1f3-7e05-4c8a-b216-0f3d9a4c7e58","title":"Add CSV export to the reports page","path":"tasks/add-csv-export.md","priority":"P2","status":"ready"},"transition":{"from":"ready","to":"todo"},"outcome":"blocked","gates":[{"id":"transition","verdict":"pass","findings":[]},{"id":"wip-limit","verdict":"fail","findings":[{"code":"wip-limit/near-limit","severity":"warning","message":"Target column 'todo' will be at 80% of its WIP limit (4/5)","evidence":{"column":"todo","count":4,"limit":5}}]},{"id":"p0-security","verdict":"skip","reason":"not a P0 security task: priority P2","findings":[]}],"audit":{"recorded":false,"seq":null,"hash":null}}

"#]]);
}

#[test]
fn full_column_blocks_with_exit_1() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "paginate-audit-log-api", "--to", "in_progress", "--dry-run"])
        .assert()
        .code(1)
        .stdout_eq(str![[r"
blocked: Paginate the audit log API (5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95): todo -> in_progress
  pass        transition
  fail        wip-limit
              error[wip-limit/exceeded]: Target column 'in_progress' would exceed WIP limit (4/3)
                help: 'in_progress' holds:
                        P3  Cache the rendered board between requests (7a0c4e63-b258-4d31-9e76-1f8a3b5c2d47)
                        P2  Migrate CI to cargo-nextest (6f8b3d52-1a47-4c9e-8f05-c2d6e4a7b106)
                        P1  Add a rate limit to the login endpoint (8b6d5f74-c369-4e42-a087-2d9c4e6f1a58)
                      finish or move one of them first, or move this task to: breakdown
  skip        p0-security  (not a P0 security task: priority P1)

"]])
        .stderr_eq(str![""]);
}

#[test]
fn undefined_transition_blocks_with_json() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "5e2a9c41", "--to", "done", "--dry-run", "--format", "json"])
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
{"version":1,"task":{"id":"5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95","title":"Paginate the audit log API","path":"tasks/paginate-audit-log-api.md","priority":"P1","status":"todo"},"transition":{"from":"todo","to":"done"},"outcome":"blocked","gates":[{"id":"transition","verdict":"fail","findings":[{"code":"transition/undefined","severity":"error","message":"no transition from 'todo' to 'done'; 'todo' may move to: in_progress, breakdown","help":"move in allowed steps, e.g. 'todo' -> 'in_progress'"}]},{"id":"wip-limit","verdict":"skip","reason":"'done' has no WIP limit","findings":[]},{"id":"p0-security","verdict":"skip","reason":"not a P0 security task: priority P1","findings":[]}],"audit":{"recorded":false,"seq":null,"hash":null}}

"#]]);
}

#[test]
fn force_with_reason_overrides() {
    let board = demo_board();
    gate(board.path())
        .args([
            "check", "paginate-audit-log-api", "--to", "in_progress", "--dry-run", "--force", "--reason", "incident 42",
            "--format", "json",
        ])
        .assert()
        .code(0)
        .stdout_eq(str![[r#"
{"version":1,"task":{"id":"5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95","title":"Paginate the audit log API","path":"tasks/paginate-audit-log-api.md","priority":"P1","status":"todo"},"transition":{"from":"todo","to":"in_progress"},"outcome":"overridden","gates":[{"id":"transition","verdict":"pass","findings":[]},{"id":"wip-limit","verdict":"overridden","findings":[{"code":"wip-limit/exceeded","severity":"error","message":"Target column 'in_progress' would exceed WIP limit (4/3)","help":"'in_progress' holds:/n  P3  Cache the rendered board between requests (7a0c4e63-b258-4d31-9e76-1f8a3b5c2d47)/n  P2  Migrate CI to cargo-nextest (6f8b3d52-1a47-4c9e-8f05-c2d6e4a7b106)/n  P1  Add a rate limit to the login endpoint (8b6d5f74-c369-4e42-a087-2d9c4e6f1a58)/nfinish or move one of them first, or move this task to: breakdown","evidence":{"column":"in_progress","count":4,"limit":3}}]},{"id":"p0-security","verdict":"skip","reason":"not a P0 security task: priority P1","findings":[]}],"audit":{"recorded":false,"seq":null,"hash":null}}

"#]]);
}

#[test]
fn force_without_reason_is_a_usage_error() {
    let board = demo_board();
    gate(board.path())
        .args([
            "check",
            "paginate-audit-log-api",
            "--to",
            "in_progress",
            "--dry-run",
            "--force",
        ])
        .assert()
        .code(2)
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
error: override/no-reason: --force needs --reason "<why>"
help: every override is recorded with its reason

"#]]);
}

/// Issue 22 item 14: a reason of zero-width or format characters only is
/// no reason, by the rule plan headings follow; a reason with visible text
/// among them is accepted as written.
#[test]
fn force_with_an_invisible_reason_is_a_usage_error() {
    let board = demo_board();
    for command in ["check", "move"] {
        for reason in [
            "\u{200b}",
            " \u{2060}\u{feff} ",
            "\u{202e}\u{200d}",
            "\u{3164}",
        ] {
            // A refused move writes nothing, so it runs without `--dry-run`.
            let dry = (command == "check").then_some("--dry-run");
            gate(board.path())
                .args([command, "paginate-audit-log-api", "--to", "in_progress"])
                .args(dry)
                .args(["--force", "--reason", reason])
                .assert()
                .code(2)
                .stdout_eq(str![""])
                .stderr_eq(str![[r#"
error: override/no-reason: --force needs --reason "<why>"
help: every override is recorded with its reason

"#]]);
        }
    }
    gate(board.path())
        .args([
            "check",
            "paginate-audit-log-api",
            "--to",
            "in_progress",
            "--dry-run",
            "--force",
            "--reason",
            "\u{200b}緊急 incident",
        ])
        .assert()
        .code(0);
}

#[test]
fn force_without_reason_overrides_when_the_config_allows_it() {
    let board = demo_board();
    let config = board.path().join("gate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text + "\n[overrides]\nrequire_reason = false\n").unwrap();
    for command in ["check", "move"] {
        let mut args = vec![
            command,
            "paginate-audit-log-api",
            "--to",
            "done",
            "--force",
            "--format",
            "json",
        ];
        if command == "check" {
            args.push("--dry-run");
        }
        let out = gate(board.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {out:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["outcome"], "overridden", "{command}");
    }
}

#[test]
fn moving_to_the_current_status_is_a_no_op() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-login-rate-limit", "--to", "In Progress", "--dry-run"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
allowed: Add a rate limit to the login endpoint (8b6d5f74-c369-4e42-a087-2d9c4e6f1a58): in_progress -> in_progress (already there; nothing to do)

"]]);
}

#[test]
fn from_overrides_the_current_status() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "explore-dark-mode", "--from", "done", "--to", "review", "--dry-run"])
        .assert()
        .code(1)
        .stdout_eq(str![[r"
blocked: Explore a dark mode for the board view (1a7c2e90-4b1d-4f6e-9c3a-5d8e7f601a21): done -> review
  fail        transition
              error[transition/undefined]: no transition from 'done' to 'review': 'done' is a final status
                help: a task in a final status does not move
  pass        wip-limit
  skip        p0-security  (not a P0 security task: priority P3)

"]]);
}

#[test]
fn unknown_status_suggests_the_nearest() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-login-rate-limit", "--to", "reviw"])
        .assert()
        .code(2)
        .stdout_eq(str![""])
        .stderr_eq(str![[r"
error: `reviw` is not a status of this board
help: did you mean `review`?

"]]);
}

#[test]
fn unknown_task_lists_the_closest_names() {
    let board = demo_board();
    gate(board.path())
        .args(["check", "add-login-limit", "--to", "review"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: no task named `add-login-limit`
help: the closest names are: add-login-rate-limit, add-csv-export

"]]);
}

#[test]
fn ambiguous_task_lists_the_matches() {
    let board = demo_board();
    std::fs::write(
        board.path().join("tasks/copy.md"),
        "---\nid: 8b6d0000\ntitle: Copy\nstatus: todo\npriority: P2\n---\n",
    )
    .unwrap();
    gate(board.path())
        .args(["check", "8b6d", "--to", "review"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: `8b6d` matches 2 tasks:
  8b6d5f74-c369-4e42-a087-2d9c4e6f1a58 (Add a rate limit to the login endpoint) tasks/add-login-rate-limit.md
  8b6d0000 (Copy) tasks/copy.md

"]]);
}

#[test]
fn a_path_outside_the_board_is_refused() {
    let board = demo_board();
    std::fs::write(
        board.path().join("outside.md"),
        "---\nid: x\nstatus: todo\n---\n",
    )
    .unwrap();
    gate(board.path())
        .args(["check", "tasks/../outside.md", "--to", "in_progress"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: `tasks/../outside.md` is outside the tasks directory
help: gate only reads task files below the tasks directory (after resolving `..` and links)

"]]);
}

#[test]
fn an_unreadable_task_cannot_be_checked() {
    let board = demo_board();
    std::fs::write(
        board.path().join("tasks/conflicted.md"),
        "---\nid: c0nf1\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> main\n---\n",
    )
    .unwrap();
    gate(board.path())
        .args(["check", "tasks/conflicted.md", "--to", "in_progress"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
warning: tasks/conflicted.md: error[task/conflict-markers] front-matter contains git conflict markers (line 3)
error: task file `tasks/conflicted.md` cannot be read: error[task/conflict-markers] front-matter contains git conflict markers (line 3)
help: resolve the merge conflict and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines

"]]);
}

#[test]
fn an_unreadable_file_elsewhere_does_not_change_the_exit_code() {
    let board = demo_board();
    std::fs::write(
        board.path().join("tasks/binary.md"),
        b"---\nstatus: \xff\xfe\n---\n",
    )
    .unwrap();
    gate(board.path())
        .args([
            "check",
            "add-login-rate-limit",
            "--to",
            "review",
            "--dry-run",
            "-q",
        ])
        .assert()
        .code(0)
        .stdout_eq(str![""])
        .stderr_eq(str![""]);
    gate(board.path())
        .args(["board", "--format", "json"])
        .assert()
        .code(0)
        .stdout_eq(str![[r#"
{"version":1,"columns":[{"status":"icebox","name":"icebox","count":1,"limit":null,"utilization":null,"state":"ok"},{"status":"incoming","name":"incoming","count":1,"limit":null,"utilization":null,"state":"ok"},{"status":"accepted","name":"accepted","count":0,"limit":5,"utilization":0.0,"state":"ok"},{"status":"breakdown","name":"breakdown","count":0,"limit":5,"utilization":0.0,"state":"ok"},{"status":"blocked","name":"blocked","count":0,"limit":3,"utilization":0.0,"state":"ok"},{"status":"ready","name":"ready","count":1,"limit":10,"utilization":0.1,"state":"ok"},{"status":"todo","name":"todo","count":3,"limit":5,"utilization":0.6,"state":"ok"},{"status":"in_progress","name":"in_progress","count":3,"limit":3,"utilization":1.0,"state":"warning"},{"status":"review","name":"review","count":1,"limit":3,"utilization":0.333,"state":"ok"},{"status":"testing","name":"testing","count":1,"limit":2,"utilization":0.5,"state":"ok"},{"status":"document","name":"document","count":1,"limit":2,"utilization":0.5,"state":"ok"},{"status":"done","name":"done","count":1,"limit":null,"utilization":null,"state":"ok"},{"status":"rejected","name":"rejected","count":0,"limit":null,"utilization":null,"state":"ok"}],"unconfigured":[],"unreadable":[{"path":"tasks/binary.md","code":"task/not-utf8","message":"file is not UTF-8 (invalid byte at offset 12)"}]}

"#]])
        .stderr_eq(str![[r"
warning: tasks/binary.md: error[task/not-utf8] file is not UTF-8 (invalid byte at offset 12)

"]]);
}

#[test]
fn a_new_task_must_start_in_a_start_state() {
    let board = demo_board();
    std::fs::write(
        board.path().join("tasks/new.md"),
        "---\nid: n3w0\ntitle: New\npriority: P2\n---\n",
    )
    .unwrap();
    gate(board.path())
        .args(["check", "n3w0", "--to", "todo", "--dry-run", "--format", "json"])
        .assert()
        .code(1)
        .stdout_eq(str![[r#"
{"version":1,"task":{"id":"n3w0","title":"New","path":"tasks/new.md","priority":"P2","status":null},"transition":{"from":null,"to":"todo"},"outcome":"blocked","gates":[{"id":"transition","verdict":"fail","findings":[{"code":"transition/not-a-start-state","severity":"error","message":"a new task cannot start in 'todo'","help":"new tasks start in: icebox, incoming"}]},{"id":"wip-limit","verdict":"warn","findings":[{"code":"wip-limit/near-limit","severity":"warning","message":"Target column 'todo' will be at 80% of its WIP limit (4/5)","evidence":{"column":"todo","count":4,"limit":5}}]},{"id":"p0-security","verdict":"skip","reason":"not a P0 security task: priority P2","findings":[]}],"audit":{"recorded":false,"seq":null,"hash":null}}

"#]]);
    gate(board.path())
        .args(["check", "n3w0", "--to", "incoming", "--dry-run", "-q"])
        .assert()
        .code(0);
}

#[test]
fn board_counts_match_the_files() {
    let board = demo_board();
    gate(board.path())
        .args(["board"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
column       count  limit  use   state
icebox           1      -     -  ok
incoming         1      -     -  ok
accepted         0      5    0%  ok
breakdown        0      5    0%  ok
blocked          0      3    0%  ok
ready            1     10   10%  ok
todo             3      5   60%  ok
in_progress      3      3  100%  warning
review           1      3   33%  ok
testing          1      2   50%  ok
document         1      2   50%  ok
done             1      -     -  ok
rejected         0      -     -  ok

"]]);
}

#[test]
fn list_filters_and_prints_json() {
    let board = demo_board();
    gate(board.path())
        .args(["list", "--status", "in progress", "--format", "json"])
        .assert()
        .code(0)
        .stdout_eq(str![[r#"
{"version":1,"tasks":[{"id":"8b6d5f74-c369-4e42-a087-2d9c4e6f1a58","title":"Add a rate limit to the login endpoint","status":"in_progress","priority":"P1","labels":["auth","api"],"created":"2025-08-05T09:00:00Z","path":"tasks/add-login-rate-limit.md"},{"id":"6f8b3d52-1a47-4c9e-8f05-c2d6e4a7b106","title":"Migrate CI to cargo-nextest","status":"in_progress","priority":"P2","labels":["ci","tooling"],"created":"2025-04-22T13:00:00Z","path":"tasks/migrate-ci-to-nextest.md"},{"id":"7a0c4e63-b258-4d31-9e76-1f8a3b5c2d47","title":"Cache the rendered board between requests","status":"in_progress","priority":"P3","labels":["performance"],"created":"2025-05-30T15:40:00Z","path":"tasks/cache-board-rendering.md"}]}

"#]]);
    gate(board.path())
        .args(["list", "--priority", "critical", "--label", "security"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
status  priority  id        title
todo    P0        4d1f6b28  Harden password reset tokens
todo    P0        3c5e8a17  Rotate the API signing keys

"]]);
}

#[test]
fn show_prints_fields_and_findings() {
    let board = demo_board();
    gate(board.path())
        .args(["show", "import-legacy-csv"])
        .assert()
        .code(0)
        .stdout_eq(str![[r"
path:      tasks/import-legacy-csv.md
id:        -
title:     Import tasks from the legacy CSV export
status:    incoming
priority:  P2
labels:    migration
created:   2025-06-18T14:02:11+00:00
findings:
  warning[task/missing-field]: required field `id` is not set
    help: add it to the front-matter, or change `board.required_fields`
  line 2: warning[task/placeholder]: `uuid` holds the placeholder `$(uuidgen)`; it counts as unset
    help: fill in a real value; the template that wrote this file did not expand it

"]]);
}

#[test]
fn lint_exits_1_only_on_errors() {
    let board = demo_board();
    gate(board.path()).args(["lint"]).assert().code(0).stdout_eq(str![[r"
tasks/import-legacy-csv.md: warning[task/missing-field]: required field `id` is not set
  help: add it to the front-matter, or change `board.required_fields`
tasks/import-legacy-csv.md:2: warning[task/placeholder]: `uuid` holds the placeholder `$(uuidgen)`; it counts as unset
  help: fill in a real value; the template that wrote this file did not expand it
13 files checked: 0 errors, 2 warnings

"]]);
    std::fs::write(board.path().join("tasks/dup.md"), "---\nid: 8b6d5f74-c369-4e42-a087-2d9c4e6f1a58\ntitle: Dup\nstatus: todo\npriority: P2\n---\n").unwrap();
    gate(board.path()).args(["lint", "--format", "json"]).assert().code(1).stdout_eq(str![[r#"
{"version":1,"files":[{"path":"tasks/add-login-rate-limit.md","findings":[{"code":"task/duplicate-id","severity":"error","message":"id `8b6d5f74-c369-4e42-a087-2d9c4e6f1a58` is also used by: tasks/dup.md","help":"give each task its own id (a fresh UUID)"}]},{"path":"tasks/dup.md","findings":[{"code":"task/duplicate-id","severity":"error","message":"id `8b6d5f74-c369-4e42-a087-2d9c4e6f1a58` is also used by: tasks/add-login-rate-limit.md","help":"give each task its own id (a fresh UUID)"}]},{"path":"tasks/import-legacy-csv.md","findings":[{"code":"task/missing-field","severity":"warning","message":"required field `id` is not set","help":"add it to the front-matter, or change `board.required_fields`"},{"code":"task/placeholder","severity":"warning","message":"`uuid` holds the placeholder `$(uuidgen)`; it counts as unset","help":"fill in a real value; the template that wrote this file did not expand it","line":2}]}],"summary":{"files":14,"errors":2,"warnings":2}}

"#]]);
}

#[test]
fn unsupported_format_is_a_usage_error() {
    let board = demo_board();
    gate(board.path())
        .args(["board", "--format", "html"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: this command does not print `--format html`
help: use one of: human, json

"]]);
}

#[test]
fn explain_documents_codes() {
    let board = demo_board();
    gate(board.path()).args(["explain", "wip-limit/exceeded"]).assert().code(0).stdout_eq(str![[r"
wip-limit/exceeded (error)

The target column would exceed its WIP limit.

Finish or move a task out of the column first; the help lists the column's tasks, lowest priority first, and columns under 70 % use the task may legally move to instead. An urgent exception can be recorded with `--force --reason`.

"]]);
    gate(board.path())
        .args(["explain", "wip-limit/exeeded"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: no gate or finding code `wip-limit/exeeded`
help: did you mean `wip-limit/exceeded`?

"]]);
}

#[test]
fn init_writes_defaults_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    gate(dir.path()).args(["init"]).assert().code(0);
    gate(dir.path())
        .args(["config", "--validate"])
        .assert()
        .code(0);
    gate(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: `gate.toml` already exists; not overwriting it
help: remove it first, or pass --path to write elsewhere

"]]);
}

#[test]
fn bad_config_names_file_key_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gate.toml"),
        "[gates.wip-limit]\nlimit = { todo = 3 }\n",
    )
    .unwrap();
    gate(dir.path()).args(["board"]).assert().code(2).stderr_eq(str![[r"
error: invalid config `gate.toml`: line 2, column 1: unknown field `limit`, expected one of `enabled`, `warn_at`, `limits`, `priority_allowance`
help: did you mean `limits`?

"]]);
}

/// Every problem of a config is reported, each at its line, not only the
/// first: a bad glob, an unknown field name, a value out of range, a bad
/// duration, an unknown gate and an unknown key, in six sections.
#[test]
fn every_config_problem_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gate.toml"),
        "[board]\nexclude = [\"a[\"]\nrequired_fields = [\"id\", \"titel\"]\n\n[gates.wip-limit]\nwarn_at = 1.5\n\n[gates.p0-security]\ncommit_slack = \"soon\"\n\n[overrides]\nallowed = [\"wip-limits\"]\n\n[audit]\npth = \"x\"\n",
    )
    .unwrap();
    let expected = str![[r"
error: invalid config `gate.toml`: 6 problems
- line 2: `board.exclude`: bad glob `a[`: error parsing glob 'a[': unclosed character class; missing ']'
- line 3: `board.required_fields`: unknown field `titel` (known: id, title, status, priority, created, labels, slug)
  help: did you mean `title`?
- line 6: `gates.wip-limit.warn_at` must be in (0, 1], not 1.5
- line 9: `gates.p0-security.commit_slack`: `soon` is not a duration
  help: write a number and a unit: `90s`, `30m`, `12h`, `1d`, `2w`
- line 12: `overrides.allowed`: unknown gate `wip-limits` (gates: transition, wip-limit, p0-security, checklist, dependencies)
  help: did you mean `wip-limit`?
- line 15, column 1: unknown field `pth`, expected `enabled` or `path`
  help: did you mean `path`?

"]];
    gate(dir.path())
        .args(["board"])
        .assert()
        .code(2)
        .stderr_eq(expected.clone());
    gate(dir.path())
        .args(["config", "--validate"])
        .assert()
        .code(2)
        .stderr_eq(expected);
}

#[test]
fn config_shows_sources() {
    let board = demo_board();
    gate(board.path())
        .args(["config", "--format", "json"])
        .assert()
        .code(0);
    gate(board.path())
        .args(["config"])
        .assert()
        .code(0)
        .stdout_eq(str![[r#"
# config file: gate.toml
# audit: built-in default
# board: built-in default
# board.tasks_dir: gate.toml
# gates.checklist: built-in default
# gates.dependencies: built-in default
# gates.p0-security: gate.toml
# gates.transition: built-in default
# gates.wip-limit: gate.toml
# overrides: built-in default
# priorities: built-in default
# workflow.aliases: built-in default
# workflow.start: gate.toml
# workflow.statuses: gate.toml
# workflow.transitions: built-in default
[board]
tasks_dir = "tasks"
exclude = []
max_task_bytes = 8388608
required_fields = [
    "id",
    "title",
    "status",
    "priority",
]

[workflow]
statuses = [
    "icebox",
    "incoming",
    "accepted",
    "breakdown",
    "blocked",
    "ready",
    "todo",
    "in_progress",
    "review",
    "testing",
    "document",
    "done",
    "rejected",
]
start = [
    "icebox",
    "incoming",
]

[workflow.transitions]
accepted = [
    "breakdown",
    "icebox",
]
blocked = ["breakdown"]
breakdown = [
    "ready",
    "blocked",
    "icebox",
    "rejected",
]
document = [
    "done",
    "review",
]
done = []
icebox = ["incoming"]
in_progress = [
    "review",
    "todo",
    "breakdown",
]
incoming = [
    "accepted",
    "rejected",
    "icebox",
]
ready = [
    "todo",
    "breakdown",
]
rejected = ["icebox"]
review = [
    "testing",
    "in_progress",
    "todo",
    "breakdown",
]
testing = [
    "document",
    "in_progress",
    "review",
]
todo = [
    "in_progress",
    "breakdown",
]

[workflow.aliases]
code_review = "review"
completed = "done"
docs = "document"
documentation = "document"
doing = "in_progress"
ice_box = "icebox"
in_review = "review"
inprogress = "in_progress"
qa = "testing"
to_do = "todo"
wip = "in_progress"

[priorities.aliases]

[gates.transition]
enabled = true

[gates.wip-limit]
enabled = true
warn_at = 0.8

[gates.wip-limit.limits]
accepted = 5
blocked = 3
breakdown = 5
document = 2
in_progress = 3
ready = 10
review = 3
testing = 2
todo = 5

[gates.wip-limit.priority_allowance]

[gates.p0-security]
enabled = true
priorities = ["P0"]
labels = [
    "security",
    "security-gates",
]
title_words = [
    "security",
    "vulnerability",
]
commit_slack = "1d"
max_commits = 100000
exclude_paths = [
    "**/.gitattributes",
    "**/.gitignore",
    "**/commit-msg",
    "**/*.gate-chained",
]
code_paths = []
plan_required_for = [
    "in_progress",
    "review",
    "testing",
    "document",
    "done",
]
commits_required_for = [
    "in_progress",
    "review",
    "testing",
    "document",
    "done",
]
review_required_for = [
    "review",
    "testing",
]
tests_required_for = ["testing"]
docs_required_for = ["done"]
plan_headings = [
    "implementation plan",
    "implementation details",
    "implementation",
    "technical approach",
    "technical details",
    "technical design",
    "solution design",
    "approach",
    "plan",
]
test_headings = [
    "test plan",
    "test coverage",
    "testing strategy",
    "testing",
    "tests",
    "test cases",
]
review_labels = [
    "security-reviewed",
    "security-approved",
    "security-sign-off",
]
evidence_in = "subject-or-trailer"
id_forms = []

[gates.checklist]
enabled = false
headings = [
    "Acceptance Criteria",
    "Definition of Done",
]
require_items_for = []
require_ticked_for = ["done"]

[gates.dependencies]
enabled = false
require_finished_for = ["done"]
missing = "blocks"

[overrides]
require_reason = true
allowed = [
    "transition",
    "wip-limit",
    "p0-security",
    "checklist",
    "dependencies",
]

[audit]
enabled = true
path = ".gate/audit.jsonl"

"#]]);
}

#[test]
fn missing_tasks_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    gate(dir.path())
        .args(["board"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: loading the board: tasks directory `tasks`: No such file or directory (os error 2)
help: set `board.tasks_dir` in gate.toml, or pass --board <DIR>

"]]);
}

#[test]
fn a_broken_pipe_exits_0_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    // The list must outgrow the pipe (64 KiB on Linux) so that gate is still
    // writing when the reader hangs up: 600 lines of over 400 bytes, about
    // 240 KB (what 3000 tasks of 80-byte lines made, in a fifth of the files).
    for i in 0..600 {
        let title = format!("A task with a fairly long title to fill the pipe {i:04}; ").repeat(7);
        std::fs::write(
            dir.path().join(format!("tasks/t{i:04}.md")),
            format!("---\nid: t{i:04}\ntitle: {title}\nstatus: todo\npriority: P2\n---\n"),
        )
        .unwrap();
    }
    let mut child = super::support::gate_process(dir.path(), super::support::empty_home())
        .arg("list")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then hang up: the rest of the output hits a closed pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Issue 22 item 13: the test clock and the move pause are compiled into
/// debug builds only (the ones `cargo test` runs), so a release binary
/// holds no test hook. `cargo test --release --test integration
/// cli::test_hooks` checks the release side; `bench/common.sh` checks the
/// binary it builds.
#[test]
fn test_hooks_reach_debug_builds_only() {
    let bin = std::fs::read(env!("CARGO_BIN_EXE_gate")).unwrap();
    for hook in [
        "__GATE_TEST_NOW",
        "__GATE_TEST_MOVE_PAUSE",
        "__GATE_TEST_CACHE_AHEAD",
    ] {
        let found = bin.windows(hook.len()).any(|w| w == hook.as_bytes());
        assert_eq!(found, cfg!(debug_assertions), "{hook}");
    }
}
