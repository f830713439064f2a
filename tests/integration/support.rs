//! Helpers shared by the integration tests.

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

/// A `gate` command isolated from the developer's environment, running in `dir`.
pub(crate) fn gate(dir: &Path) -> snapbox::cmd::Command {
    snapbox::cmd::Command::new(gate_bin())
        .current_dir(dir)
        .env_remove("GATE_CONFIG")
        .env_remove("GATE_BOARD")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .env("__GATE_TEST_NOW", "2025-11-01T12:00:00Z")
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

/// A `git` command in `dir`, isolated from the developer's git: `home` as
/// `HOME` (its global config `home/.gitconfig`, no system config), a fixed
/// author and committer at `date`, and no `GIT_DIR`, `GIT_WORK_TREE` or
/// `GIT_INDEX_FILE` leaking in from a hook that runs the tests.
pub(crate) fn git_command(dir: &Path, home: &Path, date: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    cmd
}
