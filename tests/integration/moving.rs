//! `gate move` under pressure, and gate in unusual git set-ups: concurrent
//! moves and the board lock, writes that fail, `--from`, owner and group,
//! `GIT_DIR`/`GIT_WORK_TREE`, SHA-256 repositories, partial clones, sparse
//! checkouts, huge task ids, and config files that are not files
//! (issues #8 and #9 of the tracker, #13 item 4).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use super::support::{GitRepo, audit_records, demo_board, gate};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A board outside git with one slot in `in_progress` and `n` tasks in
/// `todo` named `t0`, `t1`, ….
fn one_slot_board(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("gate.toml"),
        "[board]\ntasks_dir = \"tasks\"\n\n[gates.wip-limit]\nlimits = { in_progress = 1 }\n",
    );
    for i in 0..n {
        write(
            &dir.path().join(format!("tasks/t{i}.md")),
            &format!("---\nid: t{i}\ntitle: Task {i}\nstatus: todo\npriority: P2\n---\nBody.\n"),
        );
    }
    dir
}

fn in_progress(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("tasks"))
        .unwrap()
        .filter(|e| {
            std::fs::read_to_string(e.as_ref().unwrap().path())
                .unwrap()
                .contains("status: in_progress")
        })
        .count()
}

/// A `gate` process in `dir`, in the tests' scrubbed environment.
fn gate_process(dir: &Path) -> Command {
    super::support::gate_process(dir, super::support::empty_home())
}

// Issue #8 item 2: two moves into the last free slot, started together,
// in a bounded loop: exactly one wins every round.
#[test]
fn concurrent_moves_never_both_take_the_last_wip_slot() {
    const ROUNDS: usize = 12;
    let start = Instant::now();
    for round in 0..ROUNDS {
        let board = one_slot_board(2);
        let children: Vec<_> = (0..2)
            .map(|i| {
                gate_process(board.path())
                    .args(["-q", "move", &format!("t{i}"), "--to", "in_progress"])
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [0, 1],
            "round {round}: one move wins, one is blocked"
        );
        assert_eq!(
            in_progress(board.path()),
            1,
            "round {round}: 1/1, never 2/1"
        );
        let records = audit_records(board.path());
        let outcomes: Vec<_> = records.iter().map(|r| r["outcome"].clone()).collect();
        assert_eq!(outcomes.len(), 2, "round {round}: {outcomes:?}");
    }
    assert!(
        start.elapsed() < Duration::from_mins(2),
        "{ROUNDS} rounds took {:?}",
        start.elapsed()
    );
}

// The lock does not make a move wait on a `check`: readers take no lock.
#[test]
fn check_takes_no_board_lock() {
    let board = one_slot_board(1);
    let lock = board.path().join(".tasks.gate-lock");
    let held = std::fs::File::create(&lock).unwrap();
    held.lock().unwrap();
    gate(board.path())
        .args(["check", "t0", "--to", "in_progress", "--dry-run"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(0);
    drop(held);
    gate(board.path())
        .args(["-q", "move", "t0", "--to", "in_progress"])
        .assert()
        .code(0);
    assert!(lock.is_file(), "the lock file stays (it is never removed)");
}

/// Makes a directory unwritable for the test's user: `chmod` for a user,
/// `chattr +i` for root (whom modes do not stop). `None` when neither
/// works here.
struct Unwritable(PathBuf, bool);

impl Unwritable {
    fn new(dir: &Path) -> Option<Unwritable> {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let probe = dir.join(".probe");
        std::fs::write(&probe, "").unwrap();
        let root = std::fs::metadata(&probe).unwrap().uid() == 0;
        std::fs::remove_file(&probe).unwrap();
        if root {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .output()
                .is_ok_and(|o| o.status.success());
            ok.then(|| Unwritable(dir.to_path_buf(), true))
        } else {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            Some(Unwritable(dir.to_path_buf(), false))
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        } else {
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }
}

// Issue #9 item 10: a move whose file cannot be written is recorded as an
// error, never as "allowed".
#[test]
fn a_move_that_cannot_be_written_is_recorded_as_an_error() {
    let board = one_slot_board(1);
    let task = board.path().join("tasks/t0.md");
    let before = std::fs::read(&task).unwrap();
    let Some(_guard) = Unwritable::new(&board.path().join("tasks")) else {
        eprintln!("note: cannot make a directory unwritable here (root without chattr)");
        return;
    };
    let out = gate(board.path())
        .args(["move", "t0", "--to", "in_progress"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("could not be written"), "{stderr}");
    assert_eq!(std::fs::read(&task).unwrap(), before);
    let records = audit_records(board.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["outcome"], "error");
    assert_eq!(records[0]["command"], "move");
}

// Issue #13 item 4: `--from` on move, as the transition help promises.
#[test]
fn move_from_a_status_outside_the_workflow_reenters_at_a_start_state() {
    let board = demo_board();
    let task = board.path().join("tasks/archived.md");
    write(
        &task,
        "---\nid: arch-1\ntitle: Archived thing\nstatus: \"archived\"\npriority: P3\n---\nBody.\n",
    );
    // Without --from: blocked, and the help names --from.
    let out = gate(board.path())
        .args(["move", "arch-1", "--to", "icebox"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--from"));
    // --from naming its status: only a start state is a way back in.
    gate(board.path())
        .args(["-q", "move", "arch-1", "--from", "archived", "--to", "done"])
        .assert()
        .code(1);
    gate(board.path())
        .args(["move", "arch-1", "--from", "archived", "--to", "icebox"])
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(&task)
            .unwrap()
            .contains("status: \"icebox\"")
    );
    let last = audit_records(board.path()).pop().unwrap();
    assert_eq!(last["from"], "archived");
    assert_eq!(last["to"], "icebox");
}

// `--from` never lets a move be judged from a status the task is not in.
#[test]
fn move_from_a_status_the_task_is_not_in_is_refused() {
    let board = demo_board();
    let task = board.path().join("tasks/paginate-audit-log-api.md");
    let before = std::fs::read(&task).unwrap();
    let out = gate(board.path())
        .args([
            "move",
            "paginate-audit-log-api",
            "--from",
            "review",
            "--to",
            "done",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("is in `todo`, not `review`"));
    assert_eq!(std::fs::read(&task).unwrap(), before);
}

// Issue #9 item 11: run as root on another user's file, move keeps its
// owner and group (as a user, the file simply stays the user's).
#[test]
fn move_keeps_owner_and_group() {
    use std::os::unix::fs::MetadataExt as _;
    let board = one_slot_board(1);
    let task = board.path().join("tasks/t0.md");
    let me = std::fs::metadata(&task).unwrap();
    let want = if me.uid() == 0 {
        std::os::unix::fs::chown(&task, Some(4242), Some(4343)).unwrap();
        (4242, 4343)
    } else {
        (me.uid(), me.gid())
    };
    gate(board.path())
        .args(["-q", "move", "t0", "--to", "in_progress"])
        .assert()
        .code(0);
    let after = std::fs::metadata(&task).unwrap();
    assert_eq!((after.uid(), after.gid()), want);
    assert_eq!(in_progress(board.path()), 1);
}

// Issue #8 item 12: a config file that is a dangling link or a directory
// is an error, not the built-in defaults.
#[test]
fn a_config_that_is_no_file_is_an_error() {
    let board = demo_board();
    let config = board.path().join("gate.toml");
    std::fs::remove_file(&config).unwrap();
    std::os::unix::fs::symlink(board.path().join("gone.toml"), &config).unwrap();
    let out = gate(board.path()).arg("board").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("does not exist"),
        "{}",
        stderr_of(&out)
    );
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir(&config).unwrap();
    let out = gate(board.path()).arg("board").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("a directory"),
        "{}",
        stderr_of(&out)
    );
}

// Issue #9 item 16: an empty GATE_CONFIG is unset; causes print once.
#[test]
fn empty_gate_config_is_unset_and_causes_print_once() {
    let board = demo_board();
    gate(board.path())
        .env("GATE_CONFIG", "")
        .arg("board")
        .assert()
        .code(0);
    let out = gate(board.path())
        .args(["--config", "missing.toml", "board"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}

/// A git repository built at test time ([`GitRepo`]), and a directory
/// beside it for clones and moved git directories.
struct Git {
    repo: GitRepo,
    tmp: tempfile::TempDir,
}

impl Git {
    fn new() -> Git {
        Git {
            repo: GitRepo::unborn(),
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn work(&self) -> PathBuf {
        self.repo.path().to_path_buf()
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> Output {
        self.repo
            .git_command_in(dir, super::support::GIT_DATE)
            .args(args)
            .output()
            .unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        self.git_at(&self.work(), args)
    }

    fn git_at(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_in(dir, args);
        assert!(out.status.success(), "git {args:?}: {}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    /// The demo board in `work`, committed.
    fn demo(&self, init: &[&str]) {
        super::support::copy_tree(
            &super::support::manifest_dir().join("fixtures/boards/demo"),
            &self.work(),
        );
        let mut args = vec!["init", "-q", "-b", "main"];
        args.extend_from_slice(init);
        self.git(&args);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "demo board"]);
    }

    fn gate_at(&self, dir: &Path) -> snapbox::cmd::Command {
        super::support::gate_at_home(dir, self.repo.home())
    }
}

// Issue #9 item 15: GIT_DIR and GIT_WORK_TREE are honoured as git does.
#[test]
fn git_dir_and_work_tree_from_the_environment() {
    let g = Git::new();
    g.demo(&[]);
    // Move the git directory away from the work tree.
    let git_dir = g.tmp.path().join("store.git");
    std::fs::rename(g.work().join(".git"), &git_dir).unwrap();
    g.set_status_staged(&git_dir, "paginate-audit-log-api", "in_progress");
    // Without the variables, gate finds no repository.
    let out = g
        .gate_at(&g.work())
        .args(["check", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // With them, it reads this index: a full column blocks the move.
    let out = g
        .gate_at(&g.work())
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", g.work())
        .args(["check", "--staged", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("wip-limit"));
    // GIT_DIR alone: the current directory is the top of the work tree.
    let out = g
        .gate_at(&g.work())
        .env("GIT_DIR", &git_dir)
        .args(["check", "--staged", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    // And a move locks inside that git directory.
    g.gate_at(&g.work())
        .env("GIT_DIR", &git_dir)
        .args(["-q", "move", "rotate-api-signing-keys", "--to", "breakdown"])
        .assert()
        .code(0);
    assert!(git_dir.join("gate/board.lock").is_file());
}

impl Git {
    /// Sets a demo task's status in the work tree and stages it through
    /// `git_dir`.
    fn set_status_staged(&self, git_dir: &Path, name: &str, status: &str) {
        let path = self.work().join(format!("tasks/{name}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen("status: \"todo\"", &format!("status: \"{status}\""), 1);
        std::fs::write(&path, text).unwrap();
        let dir = format!("--git-dir={}", git_dir.display());
        let tree = format!("--work-tree={}", self.work().display());
        self.git(&[&dir, &tree, "add", "-A"]);
    }
}

// Issue #9 item 15: a SHA-256 repository is refused in plain words.
#[test]
fn a_sha256_repository_is_refused_plainly() {
    let g = Git::new();
    let probe = g.git_in(
        g.tmp.path(),
        &["init", "-q", "--object-format=sha256", "probe"],
    );
    if !probe.status.success() {
        eprintln!("note: this git cannot make SHA-256 repositories");
        return;
    }
    g.demo(&["--object-format=sha256"]);
    let out = g
        .gate_at(&g.work())
        .args(["check", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("SHA-256"), "{stderr}");
    assert!(!stderr.contains("not in a git repository"), "{stderr}");
}

// Issue #9 item 15: a blobless clone names the cause and the fix.
#[test]
fn a_blobless_clone_names_the_cause_and_the_fix() {
    let g = Git::new();
    g.demo(&[]);
    g.git(&["config", "uploadpack.allowFilter", "true"]);
    let path = g.work().join("tasks/paginate-audit-log-api.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("status: \"todo\"", "status: \"in_progress\"", 1),
    )
    .unwrap();
    g.git(&["commit", "-q", "-am", "start paginate"]);
    let url = format!("file://{}", g.work().display());
    g.git_at(
        g.tmp.path(),
        &["clone", "-q", "--filter=blob:none", &url, "clone"],
    );
    let clone = g.tmp.path().join("clone");
    let out = g
        .gate_at(&clone)
        .args(["ci", "--base", "HEAD~1", "--head", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("partial clone"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

// Issue #8 item 17: a sparse checkout that leaves task files out of the
// work tree is refused, not counted low.
#[test]
fn a_sparse_checkout_is_never_counted_low() {
    let g = Git::new();
    g.demo(&[]);
    // Keep the config and one task file; the rest of tasks/ is not checked out.
    g.git(&[
        "sparse-checkout",
        "set",
        "--no-cone",
        "/gate.toml",
        "/tasks/p*",
    ]);
    assert!(!g.work().join("tasks/upgrade-tls-config.md").exists());
    for args in [
        &["move", "paginate-audit-log-api", "--to", "in_progress"][..],
        &["check", "paginate-audit-log-api", "--to", "in_progress"][..],
    ] {
        let out = g.gate_at(&g.work()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = stderr_of(&out);
        assert!(stderr.contains("outside the sparse checkout"), "{stderr}");
        assert!(stderr.contains("git sparse-checkout add tasks"), "{stderr}");
    }
    // Commands that only show the board say so.
    let out = g.gate_at(&g.work()).arg("board").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("outside the sparse checkout: counts may be low"),
        "{}",
        stderr_of(&out)
    );
}

// Issue #8 item 17: a sparse index is named, with the fix.
#[test]
fn a_sparse_index_is_named_with_the_fix() {
    let g = Git::new();
    g.demo(&[]);
    std::fs::create_dir_all(g.work().join("src")).unwrap();
    std::fs::write(g.work().join("src/lib.rs"), "\n").unwrap();
    g.git(&["add", "-A"]);
    g.git(&["commit", "-q", "-m", "code"]);
    g.git(&["sparse-checkout", "init", "--cone", "--sparse-index"]);
    g.git(&["sparse-checkout", "set", "src"]);
    let out = g
        .gate_at(&g.work())
        .args(["check", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(stderr.contains("sparse index"), "{stderr}");
    assert!(stderr.contains("--no-sparse-index"), "{stderr}");
}

// Issue #9 item 15: a huge task id is searched for, not a regex error.
#[test]
fn a_huge_task_id_is_no_git_error() {
    let g = Git::new();
    let id = "x".repeat(600 * 1024);
    write(
        &g.work().join("tasks/huge.md"),
        &format!(
            "---\nid: {id}\ntitle: Huge security id\nstatus: todo\npriority: P0\nlabels: [security]\ncreated_at: 2025-10-01T00:00:00Z\n---\n## Implementation Plan\n\n1. Fix it.\n"
        ),
    );
    g.git(&["init", "-q", "-b", "main"]);
    g.git(&["add", "-A"]);
    g.git(&["commit", "-q", "-m", "board"]);
    let out = g
        .gate_at(&g.work())
        .args([
            "check",
            "tasks/huge.md",
            "--to",
            "in_progress",
            "--dry-run",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stdout.contains("p0-security/no-code-changes"),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    assert!(!stdout.contains("p0-security/git-error"));
}

// Issue #9 item 15: the P0 gate's commit walk in a treeless clone names
// the cause and the fix too, instead of "object not found".
#[test]
fn a_treeless_clone_names_the_cause_for_commit_evidence() {
    let g = Git::new();
    g.demo(&[]);
    g.git(&["config", "uploadpack.allowFilter", "true"]);
    std::fs::create_dir_all(g.work().join("code")).unwrap();
    std::fs::write(g.work().join("code/a.rs"), "\n").unwrap();
    g.git(&["add", "-A"]);
    g.git(&[
        "commit",
        "-q",
        "-m",
        "Fix 4d1f6b28-05c3-4e9a-8d72-b3a5c1e09f64 tokens",
    ]);
    std::fs::write(g.work().join("code/b.rs"), "\n").unwrap();
    g.git(&["add", "-A"]);
    g.git(&["commit", "-q", "-m", "other work"]);
    let url = format!("file://{}", g.work().display());
    g.git_at(
        g.tmp.path(),
        &["clone", "-q", "--filter=tree:0", &url, "clone"],
    );
    let out = g
        .gate_at(&g.tmp.path().join("clone"))
        .args([
            "check",
            "harden-password-reset-tokens",
            "--to",
            "in_progress",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("partial clone"), "{stdout}");
    assert!(stdout.contains("git fetch --refetch"), "{stdout}");
}

// Issue #9 item 9: an edit saved while a move runs is never overwritten:
// the move exits 2, the edit stays, and the record says `error`. (The
// move pauses before writing through a test-only variable.)
#[test]
fn an_edit_saved_during_a_move_is_kept() {
    let board = one_slot_board(1);
    let task = board.path().join("tasks/t0.md");
    let go = board.path().join("go");
    let ready = board.path().join("go.ready");
    let child = gate_process(board.path())
        .env("__GATE_TEST_MOVE_PAUSE", &go)
        .args(["move", "t0", "--to", "in_progress"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the move never got ready"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let edited =
        "---\nid: t0\ntitle: Task 0, edited\nstatus: todo\npriority: P2\n---\nThe editor's save.\n";
    std::fs::write(&task, edited).unwrap();
    std::fs::write(&go, "").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("changed while gate was deciding"));
    assert_eq!(std::fs::read_to_string(&task).unwrap(), edited);
    let records = audit_records(board.path());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["outcome"], "error");
    // Without an edit in between, the same paused move writes.
    std::fs::remove_file(&go).unwrap();
    std::fs::remove_file(&ready).unwrap();
    let child = gate_process(board.path())
        .env("__GATE_TEST_MOVE_PAUSE", &go)
        .args(["-q", "move", "t0", "--to", "in_progress"])
        .spawn()
        .unwrap();
    while !ready.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "the move never got ready"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::write(&go, "").unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&task)
            .unwrap()
            .contains("status: in_progress")
    );
}

// A move whose decision cannot be recorded is not made: recorded after the
// write, so the write is undone.
#[test]
fn a_move_that_cannot_be_recorded_is_undone() {
    let board = one_slot_board(1);
    let task = board.path().join("tasks/t0.md");
    let before = std::fs::read(&task).unwrap();
    // The audit log's directory is a file: no record can be written.
    std::fs::write(board.path().join(".gate"), "").unwrap();
    let out = gate(board.path())
        .args(["move", "t0", "--to", "in_progress"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("was not recorded, so it is not made"),
        "{stderr}"
    );
    assert!(stderr.contains("put back"), "{stderr}");
    assert_eq!(std::fs::read(&task).unwrap(), before);
}

// Issue 22 item 7: a board outside the repository (an absolute
// `tasks_dir`) shared by two work trees has one lock, so two moves from the
// two work trees into its last free slot, started together, never both
// get it. Repeated rounds; no sleeps.
#[test]
fn two_work_trees_sharing_a_board_share_its_lock() {
    const ROUNDS: usize = 10;
    let g = Git::new();
    let shared = g.tmp.path().join("shared");
    let tasks = shared.join("tasks");
    let config = format!(
        "[board]\ntasks_dir = \"{}\"\n\n[gates.wip-limit]\nlimits = {{ in_progress = 1 }}\n",
        tasks.display()
    );
    write(&g.work().join("gate.toml"), &config);
    g.git(&["init", "-q", "-b", "main"]);
    g.git(&["add", "-A"]);
    g.git(&["commit", "-q", "-m", "config"]);
    let second = g.tmp.path().join("second");
    g.git(&["worktree", "add", "-q", second.to_str().unwrap()]);
    let reset = || {
        for i in 0..2 {
            write(
                &tasks.join(format!("t{i}.md")),
                &format!(
                    "---\nid: t{i}\ntitle: Task {i}\nstatus: todo\npriority: P2\n---\nBody.\n"
                ),
            );
        }
    };
    for round in 0..ROUNDS {
        reset();
        let children: Vec<_> = [g.work(), second.clone()]
            .iter()
            .enumerate()
            .map(|(i, dir)| {
                super::support::gate_process(dir, g.repo.home())
                    .args(["-q", "move", &format!("t{i}"), "--to", "in_progress"])
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [0, 1],
            "round {round}: one move wins, one is blocked"
        );
        assert_eq!(in_progress(&shared), 1, "round {round}: 1/1, never 2/1");
    }
    // The lock is the board's, beside its tasks directory; neither work
    // tree's git directory holds one.
    assert!(shared.join(".tasks.gate-lock").is_file());
    assert!(!g.work().join(".git/gate/board.lock").exists());
}

// Issue 22 item 7, legitimate use: a board inside the work tree keeps its
// lock in that work tree's git directory (each work tree has its own
// files, so two work trees move their own copies side by side), also when
// another work tree names it by its absolute path.
#[test]
fn a_board_in_a_work_tree_is_locked_in_that_work_tree() {
    let g = Git::new();
    g.demo(&[]);
    let second = g.tmp.path().join("second");
    g.git(&["worktree", "add", "-q", second.to_str().unwrap()]);
    for dir in [g.work(), second.clone()] {
        g.gate_at(&dir)
            .args(["-q", "move", "rotate-api-signing-keys", "--to", "breakdown"])
            .assert()
            .code(0);
    }
    assert!(g.work().join(".git/gate/board.lock").is_file());
    let linked = g.work().join(".git/worktrees/second");
    assert!(linked.join("gate/board.lock").is_file());
    // The second work tree names the first one's board by its path: the
    // first work tree's lock, not a second one.
    let _ = std::fs::remove_file(linked.join("gate/board.lock"));
    let text = std::fs::read_to_string(second.join("gate.toml")).unwrap();
    let tasks = g.work().join("tasks").canonicalize().unwrap();
    std::fs::write(
        second.join("gate.toml"),
        text.replace(
            "tasks_dir = \"tasks\"",
            &format!("tasks_dir = \"{}\"", tasks.display()),
        ),
    )
    .unwrap();
    g.gate_at(&second)
        .args(["-q", "move", "add-csv-export", "--to", "todo"])
        .assert()
        .code(0);
    assert!(!linked.join("gate/board.lock").exists());
    assert!(!tasks.parent().unwrap().join(".tasks.gate-lock").exists());
}
