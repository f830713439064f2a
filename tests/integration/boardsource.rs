//! Which files are the board (issue 22 item 6): two board tools' configs
//! side by side are an error naming both until `gate.toml` names the
//! board (`[board] tool`), and `gate ci` refuses a range that changes the
//! board's source (its tool's config, its tasks directory).

use super::gitflow::GitRepo;
use super::support::manifest_dir;

fn add_backlog_config(repo: &GitRepo) {
    let from = manifest_dir().join("fixtures/boards/backlog-md/backlog/config.yml");
    std::fs::create_dir_all(repo.path().join("backlog")).unwrap();
    std::fs::copy(from, repo.path().join("backlog/config.yml")).unwrap();
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A pull request that only adds `backlog/config.yml` to a kanban-md
/// repository: every command is an error naming both files, and `ci`
/// exits 2, until `gate.toml` names the board.
#[test]
fn two_tools_configs_are_an_error_until_gate_toml_names_the_board() {
    let repo = GitRepo::fixture("kanban-md");
    repo.gate().args(["board"]).assert().code(0);
    repo.git(&["checkout", "-q", "-b", "pr"]);
    add_backlog_config(&repo);
    repo.commit_all("Add a Backlog.md config");
    for args in [&["board"][..], &["lint"], &["ci", "--base", "main"]] {
        let out = repo.gate().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let said = stderr(&out);
        assert!(
            said.contains("`kanban/config.yml` (kanban-md)")
                && said.contains("`backlog/config.yml` (Backlog.md)"),
            "{args:?}: {said}"
        );
        assert!(said.contains("[board] tool"), "{said}");
    }
    // Naming the board settles it: the kanban-md board, as before.
    std::fs::write(
        repo.path().join("gate.toml"),
        "[board]\ntool = \"kanban-md\"\n",
    )
    .unwrap();
    repo.commit_all("Name the board");
    let out = repo
        .gate()
        .args(["board", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("in-progress"));
    let out = repo.gate().args(["ci", "--base", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("board-source-changed"));
    // `gate config` shows the choice, and `gate init` writes it back: the
    // file it writes reads back as the same board.
    let out = repo.gate().args(["config"]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("[board]\ntool = \"kanban-md\"\n"), "{shown}");
    let out = repo
        .gate()
        .args(["init", "--path", "again.toml", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(repo.path().join("again.toml")).unwrap();
    assert!(written.contains("\ntool = \"kanban-md\"\n"), "{written}");
    let out = repo
        .gate()
        .args(["--config", "again.toml", "board", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("in-progress"));
}

/// A range that switches the board to the other tool's config, or moves
/// its tasks directory, is an error in `ci` (exit 2), not a warning.
#[test]
fn ci_refuses_a_change_of_the_boards_source() {
    let repo = GitRepo::fixture("kanban-md");
    add_backlog_config(&repo);
    std::fs::write(
        repo.path().join("gate.toml"),
        "[board]\ntool = \"kanban-md\"\n",
    )
    .unwrap();
    repo.commit_all("Both configs, the board named");
    repo.git(&["checkout", "-q", "-b", "switch"]);
    std::fs::write(
        repo.path().join("gate.toml"),
        "[board]\ntool = \"backlog-md\"\n",
    )
    .unwrap();
    repo.commit_all("Switch the board");
    let out = repo.gate().args(["ci", "--base", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ci/board-source-changed")
            && stderr(&out).contains("`kanban/config.yml`")
            && stderr(&out).contains("`backlog/config.yml`"),
        "{}",
        stderr(&out)
    );
    // gate's own board: moving its tasks directory is a change of source.
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "move"]);
    let config = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    std::fs::write(
        repo.path().join("gate.toml"),
        config.replace("tasks_dir = \"tasks\"", "tasks_dir = \"elsewhere\""),
    )
    .unwrap();
    std::fs::create_dir_all(repo.path().join("elsewhere")).unwrap();
    std::fs::write(
        repo.path().join("elsewhere/x.md"),
        "---\nid: x\ntitle: X\nstatus: icebox\n---\n",
    )
    .unwrap();
    repo.commit_all("Move the board");
    let out = repo.gate().args(["ci", "--base", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ci/board-source-changed"),
        "{}",
        stderr(&out)
    );
}

/// Legitimate use: a range that changes the policy but not the board (a
/// WIP limit) gets the config warning only; a sub-project's own board,
/// nearer than the root's, is its board, not a second one.
#[test]
fn a_policy_change_and_a_nearer_board_are_no_board_change() {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "limits"]);
    let config = std::fs::read_to_string(repo.path().join("gate.toml")).unwrap();
    std::fs::write(
        repo.path().join("gate.toml"),
        config.replace("todo = 5", "todo = 6"),
    )
    .unwrap();
    repo.commit_all("Raise a limit");
    let out = repo.gate().args(["ci", "--base", "main"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("ci/config-changed"));
    assert!(!stderr(&out).contains("board-source-changed"));

    let repo = GitRepo::fixture("kanban-md");
    add_backlog_config(&repo);
    // The root holds both; the sub-project holds one, and it is nearer.
    let sub = repo.path().join("sub");
    super::support::copy_tree(&manifest_dir().join("fixtures/boards/kanban-md"), &sub);
    repo.commit_all("A sub-project");
    repo.gate()
        .current_dir(&sub)
        .args(["board"])
        .assert()
        .code(0);
}
