//! Every file of the real-world corpus (`../shared/corpus/promethean`) loads
//! or is reported cleanly, file by file. The corpus is third-party data kept
//! beside the project, never copied into it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kanban_gate::config::{Locate, load};
use kanban_gate::task::{Parsed, parse};

fn corpus_dir() -> Option<PathBuf> {
    super::support::corpus_dir("promethean")
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            md_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// One line per file: the status it loads with and the codes of its
/// findings (with lines), or what it is instead.
fn describe_files(dir: &Path, settings: &kanban_gate::config::Settings) -> String {
    let mut files = Vec::new();
    md_files(dir, &mut files);
    let mut table = String::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let rel = path.strip_prefix(dir).unwrap().display().to_string();
        let describe = |f: &kanban_gate::finding::Finding| match f.line {
            Some(l) => format!("{}@{l}", f.code),
            None => f.code.to_owned(),
        };
        let line = match parse(bytes, stem, &settings.vocab, settings.board.max_task_bytes) {
            Parsed::Task(t) => {
                let codes: Vec<String> = t.findings.iter().map(describe).collect();
                format!(
                    "task status={} priority={} id={} created={} labels={} {}",
                    t.status.as_deref().unwrap_or("-"),
                    t.priority
                        .as_ref()
                        .map_or_else(|| "-".to_owned(), ToString::to_string),
                    t.id.as_deref().map_or("-", |id| &id[..id.len().min(8)]),
                    t.created.map_or_else(|| "-".to_owned(), |d| d.to_rfc3339()),
                    t.labels.join("|"),
                    codes.join(",")
                )
            }
            Parsed::NotATask(f) => format!(
                "not-a-task {}",
                f.iter().map(describe).collect::<Vec<_>>().join(",")
            ),
            Parsed::Unreadable(f) => format!(
                "unreadable {}",
                f.iter().map(describe).collect::<Vec<_>>().join(",")
            ),
        };
        writeln!(table, "{rel}: {}", line.trim_end()).unwrap();
    }
    table
}

#[test]
fn every_corpus_file_loads_or_is_reported() {
    let Some(dir) = corpus_dir() else { return };
    let settings = load(&Locate {
        cwd: dir.clone(),
        config: Some(dir.join("promethean.kanban.json")),
        board: Some(dir.clone()),
    })
    .unwrap();
    snapbox::assert_data_eq!(
        describe_files(&dir, &settings),
        snapbox::file!["corpus.expected.txt"]
    );
}

/// Our own quirk files (fixtures/quirks, described in its EXPECTED.md),
/// with the built-in defaults. Dot-files are read here on purpose: the
/// board walk is what skips them.
#[test]
fn every_quirk_file_loads_as_expected() {
    let dir = super::support::manifest_dir().join("fixtures/quirks");
    let settings = load(&Locate {
        cwd: dir.clone(),
        config: None,
        board: Some(dir.clone()),
    })
    .unwrap();
    snapbox::assert_data_eq!(
        describe_files(&dir, &settings),
        snapbox::file!["quirks.expected.txt"]
    );
}

/// `gate lint` over the corpus finishes, lists every problem with file and
/// line, and fails (it has duplicate ids).
#[test]
fn lint_over_the_corpus() {
    let Some(dir) = corpus_dir() else { return };
    super::support::gate(&dir)
        .args(["--config", "promethean.kanban.json", "--board", ".", "lint"])
        .assert()
        .code(1)
        .stdout_eq(snapbox::file!["corpus-lint.expected.txt"]);
}

/// `gate board` counts agree with the statuses in the files.
#[test]
fn board_over_the_corpus() {
    let Some(dir) = corpus_dir() else { return };
    super::support::gate(&dir)
        .args([
            "--config",
            "promethean.kanban.json",
            "--board",
            ".",
            "board",
            "--format",
            "json",
        ])
        .assert()
        .code(0)
        .stdout_eq(snapbox::file!["corpus-board.expected.json"]);
}
