//! Issue #23 item 9: a board gate cannot read says so. An early Promethean
//! board keeps its columns in an Obsidian kanban file and its task files
//! carry no status: `board`, `report` and `list` warn (naming how many files
//! were read and where the statuses seem to be) and exit 0, and `report`
//! scores nothing instead of 100.

use std::path::Path;

use super::schemas::assert_valid;
use super::support::{copy_tree, corpus_dir, gate, manifest_dir};

/// A copy of `fixtures/boards/promethean-obsidian` in a git repository.
fn obsidian_board() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("fixtures/boards/promethean-obsidian"),
        dir.path(),
    );
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = gate(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const WARNING: &str = "warning: gate read 3 files in `docs/agile/tasks`, and none has a status gate can read: its columns and score say nothing about it
help: statuses seem to live in `docs/agile/boards/kanban.md` (an Obsidian kanban board: `## Column` headings over `[[task]]` items), which gate does not read; give each task file a `status:` in its front-matter, or point gate at the real tasks directory (`[board] tasks_dir`)
";

#[test]
fn a_board_of_files_without_statuses_says_where_they_seem_to_be() {
    let board = obsidian_board();
    for args in [
        &["board"][..],
        &["report"],
        &["list"],
        &["board", "--format", "json"],
        &["report", "--format", "json"],
        &["list", "--format", "json"],
    ] {
        let (code, _, err) = run(board.path(), args);
        assert_eq!(code, 0, "{args:?}");
        assert_eq!(err, WARNING, "{args:?}");
    }
    // -q: no warnings.
    assert_eq!(run(board.path(), &["-q", "board"]).2, "");
}

#[test]
fn a_report_of_nothing_scores_nothing_in_every_format() {
    let board = obsidian_board();
    let (_, human, _) = run(board.path(), &["report"]);
    assert!(
        human.starts_with(
            "compliance score: n/a (nothing was scored: no task on the board has a status gate reads)\n"
        ),
        "{human}"
    );
    let (_, json, _) = run(board.path(), &["report", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["score"], serde_json::Value::Null, "{json}");
    assert_valid("report.json", &doc);
    let (_, md, _) = run(board.path(), &["report", "--format", "markdown"]);
    assert!(md.starts_with("## ⚪ Compliance score: n/a\n"), "{md}");
    assert!(!md.contains("100/100"), "{md}");
    let (_, html, _) = run(board.path(), &["report", "--format", "html"]);
    assert!(
        html.contains("<title>Board compliance: n/a</title>"),
        "{html}"
    );
    assert!(html.contains("aria-label=\"no score\""), "{html}");
    assert!(!html.contains("100/100"), "{html}");
}

/// Legitimate use: once one task carries a status, the board is read as
/// it always was — no warning, a real score — and a notes page of links
/// beside a board is no kanban file.
#[test]
fn a_board_with_one_readable_task_is_scored_without_warning() {
    let board = obsidian_board();
    let task = board
        .path()
        .join("docs/agile/tasks/Write the onboarding walkthrough.md");
    let text = std::fs::read_to_string(&task).unwrap();
    std::fs::write(
        &task,
        format!("---\nuuid: 7d1c\ntitle: Write the onboarding walkthrough\nstatus: todo\npriority: P2\n---\n{text}"),
    )
    .unwrap();
    for args in [&["board"][..], &["report"], &["list"]] {
        let (code, _, err) = run(board.path(), args);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    }
    let (_, json, _) = run(board.path(), &["report", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(doc["score"].is_u64(), "{json}");
}

/// No task file at all: said plainly; with no kanban file near, the help
/// says what a task is. A page of links under headings is not a board.
#[test]
fn an_empty_board_says_it_has_no_task_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("tasks")).unwrap();
    std::fs::write(
        dir.path().join("notes.md"),
        "## Related\n\n- [[one]]\n- [[two]]\n\n## More\n\n- [[three]]\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["list"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        "warning: the board has no task files in `tasks`: its columns and score say nothing about it\nhelp: a task is a Markdown file whose front-matter has a `status:` field; point gate at the real tasks directory (`[board] tasks_dir`, or --board)\n"
    );
    let (_, json, _) = run(dir.path(), &["report", "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["score"],
        serde_json::Value::Null
    );
}

/// The real early Promethean task files (no front-matter), read where they
/// are: gate says it read them and found no status.
#[test]
fn the_real_legacy_promethean_files_are_reported_unreadable() {
    let Some(dir) = corpus_dir("promethean/legacy-2025-08-no-frontmatter") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let out = gate(work.path())
        .args(["--board"])
        .arg(&dir)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("warning: gate read 2 files in `")
            && err.contains("and none has a status gate can read"),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["score"], serde_json::Value::Null);
}
