//! Helpers shared by the integration tests: the one scrubbed environment
//! every process starts in, the one repository builder (`GitRepo`), JSON
//! snapshots, the corpus. Use these; do not build a `Command` by hand.

use std::path::{Path, PathBuf};

/// The binary under test.
pub(crate) fn gate_bin() -> &'static str {
    env!("CARGO_BIN_EXE_gate")
}

/// The repository's own directory.
pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus/<rel>`, the real boards kept beside this project's own
/// checkouts (never beside a user's clone, never copied into it).
///
/// `None`, with a note on stderr, when the corpus is absent — unless
/// `GATE_REQUIRE_CORPUS` is set (`.ci/run` sets it), where that fails the
/// test, so CI can never skip the corpus tests silently.
pub(crate) fn corpus_dir(rel: &str) -> Option<PathBuf> {
    let root = manifest_dir().join("../shared/corpus");
    if root.is_dir() {
        return Some(root.join(rel));
    }
    assert!(
        std::env::var_os("GATE_REQUIRE_CORPUS").is_none_or(|v| v.is_empty() || v == "0"),
        "GATE_REQUIRE_CORPUS is set but the corpus is not at {}",
        root.display()
    );
    eprintln!(
        "note: {} is absent; skipping the test against the real corpus ({rel})",
        root.display()
    );
    None
}

/// The clock of every `gate` the tests run (`__GATE_TEST_NOW`, debug
/// builds only).
pub(crate) const NOW: &str = "2025-11-01T12:00:00Z";

/// The author and committer date of commits made without one of their own.
pub(crate) const GIT_DATE: &str = "2025-10-20T10:00:00Z";

/// What is kept of the environment the tests run in: where programs are,
/// where temporary files go (and, on Windows, what a process needs to
/// start). Everything else — `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`
/// from a hook running the tests, `GATE_*`, `CI`, `GITHUB_*`, the locale,
/// colour settings — is dropped; a test sets what it needs on purpose.
const KEPT: &[&str] = &[
    "PATH",
    "TMPDIR",
    "TEMP",
    "TMP",
    "SYSTEMROOT",
    "LLVM_PROFILE_FILE",
];

/// The one environment every process of the tests (git and gate) starts
/// with: [`KEPT`], `home` as `HOME` and `XDG_CONFIG_HOME` with its
/// `.gitconfig` as git's global config and no system config (so neither the
/// developer's `~/.gitconfig` nor `/etc/gitconfig` is read, by git or by
/// libgit2), a fixed author and committer at [`GIT_DATE`], the login
/// `tester`, no colour, and the test clock at [`NOW`].
pub(crate) fn scrub(cmd: &mut std::process::Command, home: &Path) {
    // Each variable removed rather than `env_clear` and `PATH` set again:
    // a command whose `PATH` is set is started by fork and exec (the
    // program looked up in the new `PATH`), which copies the whole test
    // process; left alone, it is started by `posix_spawn`.
    for (key, _) in std::env::vars_os() {
        if !KEPT.iter().any(|kept| key == *kept) {
            cmd.env_remove(key);
        }
    }
    cmd.envs(fixed_vars(home));
}

/// The variables [`scrub`] sets, `home` as the home.
pub(crate) fn fixed_vars(home: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    let mut vars: Vec<(&'static str, std::ffi::OsString)> = vec![
        ("HOME", home.into()),
        ("XDG_CONFIG_HOME", home.into()),
        ("GIT_CONFIG_GLOBAL", home.join(".gitconfig").into()),
    ];
    vars.extend(
        [
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_AUTHOR_NAME", "Test"),
            ("GIT_AUTHOR_EMAIL", "test@example.com"),
            ("GIT_COMMITTER_NAME", "Test"),
            ("GIT_COMMITTER_EMAIL", "test@example.com"),
            ("GIT_AUTHOR_DATE", GIT_DATE),
            ("GIT_COMMITTER_DATE", GIT_DATE),
            ("USER", "tester"),
            ("NO_COLOR", "1"),
            ("__GATE_TEST_NOW", NOW),
        ]
        .map(|(k, v)| (k, v.into())),
    );
    vars
}

/// What [`scrub`] drops that would change what gate or git does, for a
/// runner that can only set variables (trycmd): each set empty, which both
/// read as unset.
pub(crate) const LEAKS: &[&str] = &[
    "GATE_CONFIG",
    "GATE_BOARD",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "CLICOLOR_FORCE",
    "GITHUB_STEP_SUMMARY",
];

/// A home with nothing in it (an empty `.gitconfig`), for the processes of
/// tests that need no home of their own. Created once per test run, below
/// Cargo's temporary directory for this target.
pub(crate) fn empty_home() -> &'static Path {
    static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("empty-home");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join(".gitconfig"), "").unwrap();
        home
    })
}

/// `program` in `dir`, in the scrubbed environment with `home`: for a
/// shell that runs git or gate itself (with [`path_with_gate`] as `PATH`).
pub(crate) fn command_in(
    program: impl AsRef<std::ffi::OsStr>,
    dir: &Path,
    home: &Path,
) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    scrub(&mut cmd, home);
    cmd.current_dir(dir);
    cmd
}

/// `PATH` with the directory of the binary under test first, so a script
/// that runs `gate` runs it.
pub(crate) fn path_with_gate() -> std::ffi::OsString {
    let bin = Path::new(gate_bin()).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap()
}

/// A `gate` process in `dir`, in the scrubbed environment with `home`
/// (for `spawn` and pipes; [`gate`] for one run and its output).
pub(crate) fn gate_process(dir: &Path, home: &Path) -> std::process::Command {
    command_in(gate_bin(), dir, home)
}

/// A `gate` command in `dir`, in the scrubbed environment with an empty
/// home ([`empty_home`]).
pub(crate) fn gate(dir: &Path) -> snapbox::cmd::Command {
    gate_at_home(dir, empty_home())
}

/// A `gate` command in `dir`, in the scrubbed environment with `home`.
pub(crate) fn gate_at_home(dir: &Path, home: &Path) -> snapbox::cmd::Command {
    snapbox::cmd::Command::from_std(gate_process(dir, home))
}

/// A `git` command in `dir`, in the scrubbed environment with `home`, its
/// commits made at `date`.
pub(crate) fn git_command(dir: &Path, home: &Path, date: &str) -> std::process::Command {
    let mut cmd = command_in("git", dir, home);
    cmd.env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    cmd
}

/// Copies a directory tree (fixtures into a temporary directory).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture board (outside any git repository).
pub(crate) fn demo_board() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("fixtures/boards/demo"), dir.path());
    dir
}

/// The records of the audit log at its default place below `root`.
pub(crate) fn audit_records(root: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(root.join(".gate/audit.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// A git repository in a temporary directory, with a home of its own
/// (an empty `.gitconfig`): every git and gate process in it runs in the
/// scrubbed environment ([`scrub`]), commits at [`GIT_DATE`] unless a
/// test names a date. The one way the tests build a repository.
pub(crate) struct GitRepo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl GitRepo {
    /// `git init` on `main`, nothing committed.
    pub(crate) fn empty() -> GitRepo {
        let repo = GitRepo::unborn();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A directory and its home, no repository yet.
    pub(crate) fn unborn() -> GitRepo {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".gitconfig"), "").unwrap();
        GitRepo {
            dir: tempfile::tempdir().unwrap(),
            home,
        }
    }

    /// The demo board, committed once on `main`.
    pub(crate) fn demo() -> GitRepo {
        GitRepo::fixture("demo")
    }

    /// A copy of the fixture board `fixtures/boards/<name>`, no repository
    /// yet (a test changes it, then runs `git init`).
    pub(crate) fn unborn_fixture(name: &str) -> GitRepo {
        let repo = GitRepo::unborn();
        copy_tree(
            &manifest_dir().join("fixtures/boards").join(name),
            repo.path(),
        );
        repo
    }

    /// The fixture board `fixtures/boards/<name>`, committed once on `main`.
    pub(crate) fn fixture(name: &str) -> GitRepo {
        let repo = GitRepo::unborn_fixture(name);
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit_all(&format!("{name} board"));
        repo
    }

    /// The work tree.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `HOME` of every process in this repository.
    pub(crate) fn home(&self) -> &Path {
        self.home.path()
    }

    /// A git command in `dir` (this work tree, or another one of it) with
    /// this repository's home, committing at `date`.
    pub(crate) fn git_command_in(&self, dir: &Path, date: &str) -> std::process::Command {
        git_command(dir, self.home(), date)
    }

    /// Runs git in the work tree; it must succeed. Its stdout.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        self.git_at(GIT_DATE, args)
    }

    /// [`GitRepo::git`], committing at `date`.
    pub(crate) fn git_at(&self, date: &str, args: &[&str]) -> String {
        git_ok(self.git_command_in(self.path(), date).args(args), args)
    }

    /// Runs git in the work tree, whatever it answers.
    pub(crate) fn try_git(&self, args: &[&str]) -> std::process::Output {
        self.git_command_in(self.path(), GIT_DATE)
            .args(args)
            .output()
            .unwrap()
    }

    /// Commits everything in the work tree.
    pub(crate) fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Writes `text` to `rel` in the work tree, creating its directory.
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `gate` in the work tree.
    pub(crate) fn gate(&self) -> snapbox::cmd::Command {
        gate_at_home(self.path(), self.home())
    }

    /// `gate` in the work tree, for `spawn` and pipes.
    pub(crate) fn gate_process(&self) -> std::process::Command {
        gate_process(self.path(), self.home())
    }

    /// The demo board's task file `tasks/<name>.md`.
    pub(crate) fn task(&self, name: &str) -> PathBuf {
        self.path().join("tasks").join(format!("{name}.md"))
    }

    /// Rewrites the status line of a demo task by hand.
    pub(crate) fn set_status(&self, name: &str, status: &str) {
        let path = self.task(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            if line.starts_with("status:") {
                out.push_str("status: \"");
                out.push_str(status);
                out.push_str("\"\n");
            } else {
                out.push_str(line);
            }
        }
        std::fs::write(path, out).unwrap();
    }
}

/// Runs `cmd` (git `args`); it must succeed. Its stdout.
pub(crate) fn git_ok(cmd: &mut std::process::Command, args: &[&str]) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `snapbox::assert_data_eq!` for a JSON document printed pretty: `[..]`
/// in the snapshot matches the rest of a line (a hash, a time, a temporary
/// path), `SNAPSHOTS=overwrite` rewrites an inline `str![]`, and
/// backslashes are compared as they are (`\n` in a JSON string is no path).
#[track_caller]
pub(crate) fn assert_json_snapshot(actual: &serde_json::Value, expected: impl snapbox::IntoData) {
    let mut text = serde_json::to_string_pretty(actual).unwrap();
    text.push('\n');
    snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .normalize_paths(false)
        .eq(text, expected);
}

/// The scrubbed environment is all a process gets: `env` run through it
/// sees [`KEPT`] and [`fixed_vars`] only (and what the shell adds itself).
#[cfg(unix)]
#[test]
fn a_process_sees_the_scrubbed_environment_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = command_in("sh", dir.path(), empty_home())
        .args(["-c", "env"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let fixed = fixed_vars(empty_home());
    let mut seen = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (key, value) = line.split_once('=').unwrap();
        if ["PWD", "OLDPWD", "SHLVL", "_"].contains(&key) {
            continue;
        }
        match fixed.iter().find(|(k, _)| *k == key) {
            Some((_, want)) => assert_eq!(std::ffi::OsStr::new(value), want, "{key}"),
            None => assert!(KEPT.contains(&key), "{key} leaked into the tests"),
        }
        seen.push(key.to_owned());
    }
    for (key, _) in &fixed {
        assert!(seen.iter().any(|k| k == key), "{key} is not set");
    }
}

/// Every process the integration tests start goes through this module:
/// no other file builds a `Command` for gate, git or a shell (only for
/// helpers such as `chattr` and `mkfifo`, which read no environment of
/// ours).
#[test]
fn no_test_builds_its_own_command() {
    let dir = manifest_dir().join("tests/integration");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.extension().is_none_or(|e| e != "rs") || name == "support.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(at) = line.find("Command::new(") else {
                continue;
            };
            let program = &line[at + "Command::new(".len()..];
            if !["\"chattr\"", "\"mkfifo\""]
                .iter()
                .any(|p| program.starts_with(p))
            {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "start gate, git and shells through support (gate, gate_process, GitRepo, command_in):\n{}",
        found.join("\n")
    );
}
