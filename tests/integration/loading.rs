//! Loading the board so that nothing can be walked around: repeated keys,
//! unreadable directories, names that are not UTF-8, links, and a tasks
//! directory that leads out of the repository (#8, #9).

use super::gitflow::GitRepo;
use super::support::{demo_board, gate};

/// #8 item 4: the hook reads `todo`, every YAML tool `done`. A staged
/// change that writes a second status is refused, and lint calls it an
/// error.
#[test]
fn a_second_status_key_is_refused_staged_and_by_lint() {
    let repo = GitRepo::demo();
    let path = repo.task("explore-dark-mode");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("priority: \"P3\"\n", "priority: \"P3\"\nstatus: \"done\"\n"),
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    let out = repo
        .gate()
        .args(["check", "--staged"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tasks/explore-dark-mode.md") && stderr.contains("task/duplicate-key"),
        "{stderr}"
    );
    repo.gate()
        .args(["lint"])
        .assert()
        .code(1)
        .stdout_eq(snapbox::str![[r"
...
tasks/explore-dark-mode.md:6: error[task/duplicate-key]: `status` is set more than once; gate cannot know which value holds (YAML tools take the last, the first was read before)
...
"]]);
}

/// #8 item 4: `state` beside `status` is as ambiguous: the task is not
/// counted or judged.
#[test]
fn status_and_state_together_make_the_task_unreadable() {
    let board = demo_board();
    let path = board.path().join("tasks/explore-dark-mode.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("priority: \"P3\"\n", "state: \"done\"\npriority: \"P3\"\n"),
    )
    .unwrap();
    let out = gate(board.path())
        .args(["check", "explore-dark-mode", "--to", "incoming"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`status` and `state`"), "{stderr}");
}

/// #9 item 14: duplicate checks are linear. A config of 200 000 statuses
/// and a task of 80 000 keys and 100 000 labels (under the size cap) load.
/// No timed assertion: the quadratic checks took minutes, which a run of
/// the suite shows plainly, and figures belong to the benchmark.
#[test]
fn huge_status_lists_keys_and_labels_load() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut config = String::from("[board]\ntasks_dir = \"tasks\"\n[workflow]\nstatuses = [");
    for i in 0..200_000 {
        write!(config, "\"s{i}\", ").unwrap();
    }
    config.push_str("\"todo\"]\nstart = [\"todo\"]\n");
    std::fs::write(dir.path().join("gate.toml"), config).unwrap();
    std::fs::create_dir(dir.path().join("tasks")).unwrap();
    let mut task = String::from("---\nid: big\nstatus: s7\n");
    for i in 0..80_000 {
        writeln!(task, "k{i}: v").unwrap();
    }
    task.push_str("labels: [");
    for i in 0..100_000 {
        write!(task, "l{i}, ").unwrap();
    }
    task.push_str("last]\n---\n");
    std::fs::write(dir.path().join("tasks/big.md"), task).unwrap();
    gate(dir.path())
        .args(["show", "big", "--format", "json"])
        .assert()
        .code(0);
}

/// `gate config --validate` looks for dead ends of a derived workflow of
/// 200 000 statuses in linear time: each status listed the earlier ones it
/// may move back to (half a minute for this config, optimised).
#[test]
fn a_huge_derived_workflow_validates_in_linear_time() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut config = String::from("[workflow]\nstatuses = [");
    for i in 0..200_000 {
        write!(config, "\"s{i}\", ").unwrap();
    }
    config.push_str("]\nstart = [\"s0\", \"s1\"]\n");
    std::fs::write(dir.path().join("gate.toml"), config).unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(0)
        .stderr_eq(snapbox::str![[r"
`[..]gate.toml`: valid

"]]);
}

/// A config of 100 000 keys, and one of 100 000 mistakes, are read in
/// linear time: placing each key at its line counted the lines before it
/// from the top of the file (a minute for this config).
#[test]
fn a_config_of_many_keys_loads_and_reports_in_linear_time() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut aliases = String::from("[workflow.aliases]\n");
    let mut unknown = String::new();
    for i in 0..100_000 {
        writeln!(aliases, "a{i} = \"todo\"").unwrap();
        writeln!(unknown, "k{i} = 1").unwrap();
    }
    let timeout = std::time::Duration::from_mins(1);
    std::fs::write(dir.path().join("gate.toml"), aliases).unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .timeout(timeout)
        .assert()
        .code(0);
    std::fs::write(dir.path().join("gate.toml"), unknown).unwrap();
    let out = gate(dir.path())
        .args(["config", "--validate"])
        .timeout(timeout)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("100000 problems\n- line 1, column 1: unknown field `k0`")
            && stderr.contains("- line 100000, column 1: unknown field `k99999`"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
}

/// #8 item 13: a zero-width space inside the `security` label, or inside a
/// title word, displays as the word and keeps the task in the P0 gate's
/// scope.
#[test]
fn invisible_characters_do_not_take_a_task_out_of_p0_scope() {
    for (from, to) in [
        ("\"security\", \"auth\"", "\"secu\u{200b}rity\", \"auth\""),
        ("\"security\", \"auth\"", "\"ｓｅｃｕｒｉｔｙ\""),
        ("labels: [\"security\", \"auth\"]\n", "labels: [\"auth\"]\n"),
    ] {
        let board = demo_board();
        let path = board.path().join("tasks/harden-password-reset-tokens.md");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replace(from, to);
        if !to.contains("secu") {
            // No label: the title word must carry the scope, hidden joiner and all.
            text = text.replace(
                "title: \"Harden password reset tokens\"",
                "title: \"Fix a vul\u{200d}nerability in password reset\"",
            );
        }
        std::fs::write(&path, text).unwrap();
        let out = gate(board.path())
            .args([
                "check",
                "harden-password-reset-tokens",
                "--to",
                "in_progress",
                "--dry-run",
            ])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("error       p0-security"), "{to}: {stdout}");
        assert!(!stdout.contains("not a P0 security task"), "{to}: {stdout}");
    }
}

/// A file name that is not UTF-8 (`café` in Latin-1).
#[cfg(unix)]
fn latin1_name() -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt as _;
    std::ffi::OsStr::from_bytes(b"caf\xe9.md").to_owned()
}

#[cfg(unix)]
const LATIN1_TASK: &str =
    "---\nuuid: \"c0ffee00\"\ntitle: \"Cafe\"\nstatus: \"in_progress\"\npriority: \"P2\"\n---\n";

/// #8 item 6: a task file whose name is not UTF-8 is counted (the full
/// `in_progress` column reads 4/3, not 3/3) and listed with its name
/// escaped.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_counted_and_shown() {
    let board = demo_board();
    std::fs::write(board.path().join("tasks").join(latin1_name()), LATIN1_TASK).unwrap();
    gate(board.path())
        .args(["board"])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r"
...
in_progress      4      3  133%  over
...
"]]);
    // Read raw: snapbox would turn the escape's `\` into a path `/`.
    let out = gate(board.path())
        .args(["lint"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("tasks/caf\\xe9.md: warning[board/name-not-utf8]: the file name is not UTF-8; it is shown as `caf\\xe9.md`, and the task can be named by its id"),
        "{stdout}"
    );
    gate(board.path())
        .args(["show", "c0ffee00"])
        .assert()
        .code(0);
}

/// #8 item 6: the pre-commit check reads such a name from HEAD and from
/// the index as the same path, so the committed task is not "new" on every
/// later commit (it sits in `todo`, not a start state, and would block
/// every unrelated commit).
#[cfg(unix)]
#[test]
fn a_committed_name_that_is_not_utf8_is_not_new_on_later_commits() {
    let repo = GitRepo::demo();
    std::fs::write(
        repo.path().join("tasks").join(latin1_name()),
        LATIN1_TASK.replace("in_progress", "todo"),
    )
    .unwrap();
    repo.git(&["add", "-A"]);
    // Added as new in `todo`: blocked, as any new task outside a start state.
    repo.gate().args(["check", "--staged"]).assert().code(1);
    repo.git(&["commit", "-q", "--no-verify", "-m", "add a latin-1 name"]);
    // An unrelated, legal change: the Latin-1 task is unchanged, not new.
    repo.set_status("explore-dark-mode", "incoming");
    repo.git(&["add", "-A"]);
    repo.gate()
        .args(["check", "--staged"])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r"
tasks/explore-dark-mode.md: allowed: [..]: icebox -> incoming
...
1 transition staged: 1 allowed, 0 blocked, 0 overridden, 0 error

"]]);
}

/// Issue 12 item 16: a link to a task already on the board counts once,
/// and a dangling link is called dangling, not "outside".
#[cfg(unix)]
#[test]
fn links_inside_the_board_count_once_and_dangling_ones_say_so() {
    let board = demo_board();
    let tasks = board.path().join("tasks");
    std::os::unix::fs::symlink("add-login-rate-limit.md", tasks.join("alias.md")).unwrap();
    gate(board.path())
        .args(["board"])
        .assert()
        .code(0)
        .stdout_eq(snapbox::str![[r"
...
in_progress      3      3  100%  warning
...
"]]);
    std::os::unix::fs::symlink("missing.md", tasks.join("gone.md")).unwrap();
    gate(board.path())
        .args(["lint"])
        .assert()
        .code(1)
        .stdout_eq(snapbox::str![[r"
tasks/alias.md: warning[board/duplicate-link]: symbolic link to `tasks/add-login-rate-limit.md`, which is already on the board; it is counted once, under its own name
  help: remove the link: a task file belongs in one place on the board
tasks/gone.md: error[board/dangling-link]: symbolic link to `missing.md` leads nowhere (No such file or directory (os error 2)); nothing was read, so column counts may be low
  help: restore the file it points to, or remove the link
...
"]]);
}

/// Runs `gate` as an unprivileged user when the tests run as root (who
/// reads any directory); `None` when that is not possible here.
#[cfg(unix)]
fn gate_without_privileges(dir: &std::path::Path) -> Option<snapbox::cmd::Command> {
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| {
        use std::os::unix::fs::MetadataExt as _;
        m.uid() == 0
    });
    if !root {
        return Some(gate(dir));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    Some(
        snapbox::cmd::Command::from_std(super::support::command_in(
            setpriv,
            dir,
            super::support::empty_home(),
        ))
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(super::support::gate_bin()),
    )
}

/// #8 item 16: a subdirectory gate cannot read is an error, not a silent
/// gap in the counts: lint exits 1, and check warns the count may be low.
#[cfg(unix)]
#[test]
fn an_unreadable_subdirectory_is_an_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let board = demo_board();
    let locked = board.path().join("tasks/locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("hidden-wip.md"), LATIN1_TASK_UTF8).unwrap();
    for dir in [board.path(), &board.path().join("tasks")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(lint) = gate_without_privileges(board.path()) else {
        eprintln!("skipped: running as root without setpriv");
        return;
    };
    lint.args(["lint"]).assert().code(1).stdout_eq(snapbox::str![[r"
...
tasks/locked: error[board/unreadable-dir]: directory cannot be read (Permission denied (os error 13)); the tasks in it are not counted, so column counts may be low
...
"]]);
    let check = gate_without_privileges(board.path()).unwrap();
    check
        .args(["check", "paginate-audit-log-api", "--to", "in_progress", "--dry-run"])
        .assert()
        .code(1)
        .stderr_eq(snapbox::str![[r"
warning: tasks/locked: error[board/unreadable-dir] directory cannot be read (Permission denied (os error 13)); the tasks in it are not counted, so column counts may be low
...
"]]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
const LATIN1_TASK_UTF8: &str = "---\nuuid: \"hidden01\"\ntitle: \"Hidden work\"\nstatus: \"in_progress\"\npriority: \"P2\"\n---\n";

/// #8 item 18: a tasks directory that is a link out of the repository is
/// refused (nothing read, nothing written there); named in gate.toml as
/// an absolute path, it is the user's choice and allowed.
#[cfg(unix)]
#[test]
fn a_tasks_directory_outside_the_repository_is_refused_unless_absolute() {
    let repo = GitRepo::demo();
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("tasks");
    std::fs::rename(repo.path().join("tasks"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.path().join("tasks")).unwrap();
    let out = repo
        .gate()
        .args(["move", "explore-dark-mode", "--to", "incoming"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("outside the repository"), "{stderr}");
    let moved = std::fs::read_to_string(outside.join("explore-dark-mode.md")).unwrap();
    assert!(moved.contains("status: \"icebox\""), "{moved}");
    repo.gate().args(["lint"]).assert().code(2);
    // Named as an absolute path, it is the user's decision.
    let config = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    let absolute = format!("tasks_dir = \"{}\"", outside.display());
    std::fs::write(
        repo.path().join("gate.toml"),
        config.replace("tasks_dir = \"tasks\"", &absolute),
    )
    .unwrap();
    repo.gate().args(["lint"]).assert().code(0);
}

/// #21 item 5: the workflow's checks are linear in the statuses. An alias
/// was looked for among the statuses one by one, and a Promethean rule's
/// target among the row's targets so far: 50 000 aliases, or one rule to
/// 200 000 statuses, over 200 000 statuses took minutes. (Every status
/// leads back to `s0`: a workflow of 200 000 final statuses is slow
/// elsewhere, `Workflow::is_final`.) The timeout only
/// ends a hang; figures belong to the benchmark.
#[test]
fn many_aliases_and_rule_targets_over_many_statuses_validate() {
    use std::fmt::Write as _;
    let statuses: Vec<String> = (0..200_000).map(|i| format!("\"s{i}\"")).collect();
    let statuses = statuses.join(", ");
    let timeout = std::time::Duration::from_mins(1);
    let dir = tempfile::tempdir().unwrap();
    let mut config = format!("[workflow]\nstatuses = [{statuses}]\n[workflow.aliases]\n");
    for i in 0..50_000 {
        writeln!(config, "a{i} = \"s{i}\"").unwrap();
    }
    std::fs::write(dir.path().join("gate.toml"), config).unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .timeout(timeout)
        .assert()
        .code(0);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("promethean.kanban.json"),
        format!(
            r#"{{"statusValues": [{statuses}], "transitionRules": {{"rules": [{{"from": ["s0"], "to": [{statuses}, "s1", "s0"]}}, {{"from": [{statuses}], "to": ["s0"]}}]}}}}"#
        ),
    )
    .unwrap();
    gate(dir.path())
        .args(["config", "--validate"])
        .timeout(timeout)
        .assert()
        .code(0);
}

/// #22's gap: a workflow of 100 000 statuses, all but the first final (no
/// move leaves them). `is_final`, `has_status` and a status's position
/// scanned the whole list on every call, once per status or task: `gate
/// config --validate` took about two minutes (four at 200 000). The
/// workflow's lookups are sets now.
/// The timeout only ends a hang; figures belong to the benchmark.
#[test]
fn a_workflow_of_many_final_statuses_loads_and_judges() {
    let statuses: Vec<String> = (0..100_000).map(|i| format!("\"s{i}\"")).collect();
    let timeout = std::time::Duration::from_mins(1);
    let repo = GitRepo::unborn();
    repo.write(
        "gate.toml",
        &format!(
            "[workflow]\nstatuses = [{}]\nstart = [\"s0\"]\ntransitions = {{ s0 = [\"s1\"] }}\n",
            statuses.join(", ")
        ),
    );
    repo.write("tasks/t1.md", "---\nid: t1\ntitle: One\nstatus: s0\n---\n");
    repo.gate()
        .args(["config", "--validate"])
        .timeout(timeout)
        .assert()
        .code(0);
    repo.gate()
        .args(["check", "t1", "--to", "s1", "--dry-run"])
        .timeout(timeout)
        .assert()
        .code(0);
    repo.gate()
        .args(["check", "t1", "--to", "s2", "--dry-run"])
        .timeout(timeout)
        .assert()
        .code(1);
}
