//! The `p0-security` gate end to end: real repositories built at test time
//! (fixed dates, no user or system git config), judged through the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::support::{GitRepo, assert_json_snapshot, gate, gate_at_home, git_command, git_ok};

const ID: &str = "sec-42a";
const CREATED: &str = "2025-10-01T00:00:00Z";
const PLAN: &str = "## Implementation Plan\n\n1. Compare tokens in constant time.\n";

/// A temporary git repository ([`GitRepo`]) with a `tasks/` board, and a
/// directory beside it (for clones and linked work trees).
struct Repo {
    repo: GitRepo,
    beside: tempfile::TempDir,
}

impl Repo {
    /// A board directory that is no repository.
    fn no_git() -> Repo {
        let repo = GitRepo::unborn();
        std::fs::create_dir_all(repo.path().join("tasks")).unwrap();
        Repo {
            repo,
            beside: tempfile::tempdir().unwrap(),
        }
    }

    /// An empty repository: `git init`, no commits.
    fn empty() -> Repo {
        let repo = Repo::no_git();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A repository whose first commit (2025-09-01) adds the task file.
    fn with_task(front: &str, body: &str) -> Repo {
        let repo = Repo::empty();
        repo.write("README.md", "demo\n");
        repo.task(front, body);
        repo.commit("Initial board", "2025-09-01T10:00:00Z");
        repo
    }

    fn root(&self) -> PathBuf {
        self.repo.path().to_path_buf()
    }

    fn home(&self) -> PathBuf {
        self.repo.home().to_path_buf()
    }

    fn write(&self, rel: &str, text: &str) {
        self.repo.write(rel, text);
    }

    /// `gate` in the repository.
    fn gate(&self) -> snapbox::cmd::Command {
        self.repo.gate()
    }

    /// Writes `tasks/task.md`: a P0 task in `todo` unless `front` says
    /// otherwise (its lines come first and win).
    fn task(&self, front: &str, body: &str) {
        let mut text = format!("---\nid: {ID}\n");
        for (key, value) in [
            ("title", "Harden token checks"),
            ("status", "todo"),
            ("priority", "P0"),
            ("labels", "[security]"),
            ("created_at", CREATED),
        ] {
            if !front.lines().any(|l| l.starts_with(&format!("{key}:"))) {
                writeln!(text, "{key}: {value}").unwrap();
            }
        }
        text.push_str(front);
        if !front.is_empty() && !front.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("---\n");
        text.push_str(body);
        self.write("tasks/task.md", &text);
    }

    fn git(&self, args: &[&str]) -> String {
        self.repo.git_at("2025-09-01T10:00:00Z", args)
    }

    /// Commits everything at `date` (author and committer).
    fn commit(&self, message: &str, date: &str) {
        self.repo.git_at(date, &["add", "-A"]);
        self.repo
            .git_at(date, &["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// Changes a source file and commits it.
    fn code_commit(&self, file: &str, message: &str, date: &str) {
        let path = self.root().join(file);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        self.write(file, &format!("{old}// {message}\n"));
        self.commit(message, date);
    }

    /// `gate check task --to <to> --dry-run --format json [extra]` in the
    /// repository: exit code and document.
    fn check(&self, to: &str, extra: &[&str]) -> (i32, Value) {
        check_in(&self.root(), &self.home(), to, extra)
    }
}

/// git in `dir` (a clone) with `home`, committing at `date`; it must succeed.
fn git_in(dir: &Path, home: &Path, args: &[&str], date: &str) -> String {
    git_ok(git_command(dir, home, date).args(args), args)
}

fn check_in(dir: &Path, home: &Path, to: &str, extra: &[&str]) -> (i32, Value) {
    let out = gate_at_home(dir, home)
        .args([
            "check",
            "tasks/task.md",
            "--to",
            to,
            "--dry-run",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc)
}

/// The p0-security gate's entry in a check document.
fn p0(doc: &Value) -> &Value {
    doc["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "p0-security")
        .unwrap_or_else(|| panic!("no p0-security gate: {doc}"))
}

fn verdict(doc: &Value) -> &str {
    p0(doc)["verdict"].as_str().unwrap()
}

/// The codes of the gate's findings, evidence left out.
fn problems(doc: &Value) -> Vec<String> {
    p0(doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .filter(|c| c != "p0-security/evidence")
        .collect()
}

/// Subjects of the evidence commits.
fn evidence_subjects(doc: &Value) -> Vec<String> {
    p0(doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["evidence"]["commit"]["subject"].as_str())
        .map(str::to_owned)
        .collect()
}

/// A check's exit code, outcome and the p0-security gate's whole entry
/// (verdict, every finding with its message, help and evidence), for a
/// snapshot ([`assert_json_snapshot`]): what field-by-field assertions
/// would pin, and the rest. Commit hashes are `[..]` in the snapshots.
fn p0_entry(code: i32, doc: &Value) -> Value {
    serde_json::json!({
        "exit": code,
        "outcome": doc["outcome"],
        "p0-security": p0(doc),
    })
}

fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    p0(doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code}: {doc}"))
}

#[test]
fn commit_naming_the_task_and_changing_code_allows_starting() {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit(
        "src/auth.rs",
        "sec-42a: compare tokens in constant time",
        "2025-10-02T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["outcome"], "allowed");
    assert_eq!(verdict(&doc), "pass");
    assert_eq!(
        evidence_subjects(&doc),
        ["sec-42a: compare tokens in constant time"]
    );
    let commit = &finding(&doc, "p0-security/evidence")["evidence"];
    let sha = repo.git(&["rev-parse", "HEAD"]);
    assert!(
        p0(&doc)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["evidence"]["commit"]["sha"] == sha.trim()),
        "{commit}"
    );

    // Human output shows the evidence: short sha and subject.
    let out = repo
        .gate()
        .args(["check", ID, "--to", "in_progress", "--dry-run"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let short = &sha.trim()[..7];
    assert!(
        text.contains(&format!(
            "info[p0-security/evidence]: code change: {short} sec-42a: compare tokens in constant time"
        )),
        "{text}"
    );
    assert!(
        text.contains("info[p0-security/evidence]: implementation plan: section 'Implementation Plan' (line 9)"),
        "{text}"
    );
}

#[test]
fn no_commit_blocks_starting() {
    let repo = Repo::with_task("", PLAN);
    let (code, doc) = repo.check("in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-code-changes",
        "severity": "error",
        "message": "P0 security tasks require committed code changes to move to in-progress",
        "help": "commit the work with the task id `sec-42a` in the subject or a trailer such as `Task: sec-42a`; searched 0 commit(s) from HEAD since 2025-09-30T00:00:00Z",
        "evidence": {
          "rev": "HEAD",
          "since": "2025-09-30T00:00:00Z",
          "searched": 0,
          "stop": "bound",
          "task_files_only": [],
          "not_counted": []
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );
}

#[test]
fn commits_that_only_touch_task_files_do_not_count() {
    let repo = Repo::with_task("", PLAN);
    repo.task("status: in_progress", PLAN);
    repo.commit("sec-42a: move to in_progress", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("review", &["--from", "in_progress"]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-code-changes",
        "severity": "error",
        "message": "P0 security tasks require committed code changes to move to in-progress",
        "help": "commit the work with the task id `sec-42a` in the subject or a trailer such as `Task: sec-42a`; searched 1 commit(s) from HEAD since 2025-09-30T00:00:00Z\nthese mention the task but do not count:\n  [..] sec-42a: move to in_progress — changes only the board's files (tasks, the board tool's folders and config)",
        "evidence": {
          "rev": "HEAD",
          "since": "2025-09-30T00:00:00Z",
          "searched": 1,
          "stop": "bound",
          "task_files_only": [
            {
              "sha": "[..]",
              "short_sha": "[..]",
              "subject": "sec-42a: move to in_progress",
              "time": "2025-10-02T09:00:00Z"
            }
          ],
          "not_counted": [
            {
              "commit": {
                "sha": "[..]",
                "short_sha": "[..]",
                "subject": "sec-42a: move to in_progress",
                "time": "2025-10-02T09:00:00Z"
              },
              "reason": "only-task-files",
              "detail": "changes only the board's files (tasks, the board tool's folders and config)"
            }
          ]
        }
      },
      {
        "code": "p0-security/no-security-review",
        "severity": "error",
        "message": "P0 security tasks require completed security review before testing",
        "help": "once the review is done, add a label such as `security-reviewed` or set `security_review: approved` in the front-matter"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );
}

#[test]
fn commits_older_than_the_task_do_not_count_but_the_slack_does() {
    // Created 2025-10-01; the slack is one day.
    let repo = Repo::with_task("", PLAN);
    repo.code_commit("src/a.rs", "early work on sec-42a", "2025-09-20T00:00:00Z");
    repo.code_commit("src/b.rs", "unrelated", "2025-10-03T00:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);

    let repo = Repo::with_task("", PLAN);
    repo.code_commit("src/a.rs", "prep for sec-42a", "2025-09-30T12:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["prep for sec-42a"]);
}

#[test]
fn the_id_may_be_in_the_body_and_in_any_case() {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit(
        "src/auth.rs",
        "Compare tokens in constant time\n\nRefs: SEC-42A",
        "2025-10-02T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Compare tokens in constant time"]);
}

#[test]
fn an_empty_plan_does_not_count() {
    let repo = Repo::with_task(
        "",
        "## Implementation Plan\n\n<!-- to do -->\n\n## Context\n\nTokens leak.\n",
    );
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    // The commit evidence is shown on a failing gate too.
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-implementation-plan",
        "severity": "error",
        "message": "P0 security tasks require an implementation plan before starting work",
        "help": "the section 'Implementation Plan' (line 9) is empty; add a section such as `## Implementation Plan` and write the plan under it"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "code change: [..] sec-42a fix (changes src/auth.rs)",
        "evidence": {
          "requirement": "code-changes",
          "commit": {
            "sha": "[..]",
            "short_sha": "[..]",
            "subject": "sec-42a fix",
            "time": "2025-10-02T09:00:00Z",
            "file": "src/auth.rs"
          }
        }
      }
    ]
  }
}

"#]],
    );
}

#[test]
fn a_plan_inside_a_code_fence_does_not_count() {
    let repo = Repo::with_task(
        "",
        "## Context\n\nA template:\n\n```markdown\n## Implementation Plan\n\n1. steps\n```\n",
    );
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-implementation-plan"]);
}

#[test]
fn all_unmet_requirements_are_listed() {
    let repo = Repo::with_task("", "## Context\n\nTokens leak.\n");
    let (code, doc) = repo.check("review", &["--from", "in_progress"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        problems(&doc),
        [
            "p0-security/no-implementation-plan",
            "p0-security/no-code-changes",
            "p0-security/no-security-review"
        ]
    );
}

#[test]
fn review_needs_a_security_review() {
    let repo = Repo::with_task("status: in_progress", PLAN);
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("review", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-security-review",
        "severity": "error",
        "message": "P0 security tasks require completed security review before testing",
        "help": "once the review is done, add a label such as `security-reviewed` or set `security_review: approved` in the front-matter"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "code change: [..] sec-42a fix (changes src/auth.rs)",
        "evidence": {
          "requirement": "code-changes",
          "commit": {
            "sha": "[..]",
            "short_sha": "[..]",
            "subject": "sec-42a fix",
            "time": "2025-10-02T09:00:00Z",
            "file": "src/auth.rs"
          }
        }
      }
    ]
  }
}

"#]],
    );

    repo.task(
        "status: in_progress\nlabels: [security, security-reviewed]",
        PLAN,
    );
    let (code, doc) = repo.check("review", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(verdict(&doc), "pass");

    repo.task("status: in_progress\nsecurity_review: approved", PLAN);
    let (code, _) = repo.check("review", &[]);
    assert_eq!(code, 0);
}

#[test]
fn testing_needs_a_test_plan_or_coverage_report() {
    let front = "status: review\nlabels: [security, security-approved]";
    let repo = Repo::with_task(front, PLAN);
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("testing", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-test-coverage",
        "severity": "error",
        "message": "P0 security tasks require defined test coverage plan before testing",
        "help": "add a section such as `## Test Plan` describing the tests, or set `coverage_report` in the front-matter (headings that count: test plan, test coverage, testing strategy, testing, tests, test cases)"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "code change: [..] sec-42a fix (changes src/auth.rs)",
        "evidence": {
          "requirement": "code-changes",
          "commit": {
            "sha": "[..]",
            "short_sha": "[..]",
            "subject": "sec-42a fix",
            "time": "2025-10-02T09:00:00Z",
            "file": "src/auth.rs"
          }
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "security review: label 'security-approved'",
        "evidence": {
          "requirement": "security-review",
          "label": "security-approved"
        }
      }
    ]
  }
}

"#]],
    );

    repo.task(
        front,
        &format!("{PLAN}\n## Testing Strategy\n\n- unit tests\n"),
    );
    assert_eq!(repo.check("testing", &[]).0, 0);

    repo.task(
        &format!("{front}\ncoverage_report: coverage/index.html"),
        PLAN,
    );
    assert_eq!(repo.check("testing", &[]).0, 0);
}

#[test]
fn done_needs_documentation() {
    let repo = Repo::with_task("status: document", PLAN);
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("done", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-documentation",
        "severity": "error",
        "message": "P0 security tasks require updated documentation before completion",
        "help": "add a `## Documentation` section saying what was documented, a `documentation:` list in the front-matter, or the label `documented` (headings that count: documentation, docs)"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "code change: [..] sec-42a fix (changes src/auth.rs)",
        "evidence": {
          "requirement": "code-changes",
          "commit": {
            "sha": "[..]",
            "short_sha": "[..]",
            "subject": "sec-42a fix",
            "time": "2025-10-02T09:00:00Z",
            "file": "src/auth.rs"
          }
        }
      }
    ]
  }
}

"#]],
    );

    repo.task(
        "status: document",
        &format!("{PLAN}\n## 📚 Documentation\n\nREADME updated.\n"),
    );
    assert_eq!(repo.check("done", &[]).0, 0);

    repo.task("status: document\nlabels: [security, documented]", PLAN);
    assert_eq!(repo.check("done", &[]).0, 0);
}

#[test]
fn excluded_paths_are_not_evidence() {
    let repo = Repo::with_task("", PLAN);
    repo.write(
        "gate.toml",
        "[gates.p0-security]\nexclude_paths = [\"docs/**\", \"*.lock\"]\n",
    );
    repo.commit("config", "2025-09-02T00:00:00Z");
    repo.code_commit("docs/notes.md", "sec-42a notes", "2025-10-02T09:00:00Z");
    repo.code_commit("Cargo.lock", "sec-42a bump", "2025-10-02T10:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    let only = &finding(&doc, "p0-security/no-code-changes")["evidence"]["task_files_only"];
    assert_eq!(only.as_array().unwrap().len(), 2, "{only}");
}

#[test]
fn rev_chooses_where_evidence_is_read() {
    let repo = Repo::with_task("", PLAN);
    repo.git(&["checkout", "-q", "-b", "fix"]);
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    assert_eq!(repo.check("in_progress", &[]).0, 1);
    let (code, doc) = repo.check("in_progress", &["--rev", "fix"]);
    assert_eq!(code, 0, "{doc}");
    let (code, doc) = repo.check("in_progress", &["--rev", "no-such-branch"]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 2,
  "outcome": "error",
  "p0-security": {
    "id": "p0-security",
    "verdict": "error",
    "findings": [
      {
        "code": "p0-security/git-error",
        "severity": "error",
        "message": "cannot look for commits: revision `no-such-branch` cannot be resolved: revspec 'no-such-branch' not found",
        "help": "check `--rev`, or run `git fsck` if the repository is damaged"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );
}

#[test]
fn root_commit_counts_against_the_empty_tree() {
    let repo = Repo::empty();
    repo.task("", PLAN);
    repo.write("src/auth.rs", "fn main() {}\n");
    repo.commit("sec-42a: first cut", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["sec-42a: first cut"]);
}

#[test]
fn without_a_created_date_max_commits_bounds_the_walk() {
    let repo = Repo::with_task("created_at: \"\"", PLAN);
    repo.write("gate.toml", "[gates.p0-security]\nmax_commits = 2\n");
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    repo.code_commit("src/a.rs", "unrelated one", "2025-10-03T09:00:00Z");
    repo.code_commit("src/a.rs", "unrelated two", "2025-10-04T09:00:00Z");
    // Stopped before the answer was known: an error (exit 2), not a "no".
    let (code, doc) = repo.check("in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 2,
  "outcome": "error",
  "p0-security": {
    "id": "p0-security",
    "verdict": "error",
    "findings": [
      {
        "code": "p0-security/search-limit",
        "severity": "error",
        "message": "no evidence for task `sec-42a` in the newest 2 commit(s) from HEAD; `max_commits` ended the search before the history's start (the task has no created date)",
        "help": "give the task a `created` date, which bounds the search, or raise `gates.p0-security.max_commits` (now 2)",
        "evidence": {
          "rev": "HEAD",
          "since": null,
          "searched": 2,
          "stop": "limit",
          "task_files_only": [],
          "not_counted": []
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );
    // An error cannot be overridden.
    let (code, doc) = repo.check("in_progress", &["--force", "--reason", "urgent"]);
    assert_eq!(code, 2, "{doc}");

    repo.write("gate.toml", "[gates.p0-security]\nmax_commits = 3\n");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");

    // With a created date the walk must reach it (2025-09-30, a day of
    // slack before 2025-10-01) to answer.
    let repo = Repo::with_task("", PLAN);
    repo.write("gate.toml", "[gates.p0-security]\nmax_commits = 1\n");
    repo.code_commit("src/a.rs", "unrelated one", "2025-10-03T09:00:00Z");
    repo.code_commit("src/a.rs", "unrelated two", "2025-10-04T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 2,
  "outcome": "error",
  "p0-security": {
    "id": "p0-security",
    "verdict": "error",
    "findings": [
      {
        "code": "p0-security/search-limit",
        "severity": "error",
        "message": "no evidence for task `sec-42a` in the newest 1 commit(s) from HEAD; `max_commits` ended the search before the task's creation",
        "help": "raise `gates.p0-security.max_commits` (now 1) so the search reaches 2025-09-30T00:00:00Z, the task's creation minus `commit_slack`",
        "evidence": {
          "rev": "HEAD",
          "since": "2025-09-30T00:00:00Z",
          "searched": 1,
          "stop": "limit",
          "task_files_only": [],
          "not_counted": []
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );

    // A walk that reads the whole history and finds nothing is a plain no.
    let repo = Repo::with_task("created_at: \"\"", PLAN);
    repo.write("gate.toml", "[gates.p0-security]\nmax_commits = 3\n");
    repo.code_commit("src/a.rs", "unrelated one", "2025-10-03T09:00:00Z");
    repo.code_commit("src/a.rs", "unrelated two", "2025-10-04T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
}

#[test]
fn a_merge_is_compared_with_its_first_parent() {
    let repo = Repo::with_task("", PLAN);
    repo.git(&["checkout", "-q", "-b", "fix"]);
    repo.code_commit(
        "src/auth.rs",
        "constant-time compare",
        "2025-10-02T09:00:00Z",
    );
    repo.git(&["checkout", "-q", "main"]);
    git_in(
        &repo.root(),
        &repo.home(),
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge fix for sec-42a",
            "fix",
        ],
        "2025-10-03T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Merge fix for sec-42a"]);
}

/// An origin with the evidence commit under two newer unrelated commits.
fn origin_with_history() -> Repo {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit("src/auth.rs", "sec-42a fix", "2025-10-02T09:00:00Z");
    repo.code_commit("src/other.rs", "unrelated one", "2025-10-03T09:00:00Z");
    repo.code_commit("src/other.rs", "unrelated two", "2025-10-04T09:00:00Z");
    repo
}

fn shallow_clone(origin: &Repo, depth: &str) -> PathBuf {
    let url = format!("file://{}", origin.root().display());
    let target = origin.beside.path().join(format!("clone-{depth}"));
    git_in(
        origin.beside.path(),
        &origin.home(),
        &[
            "clone",
            "-q",
            "--depth",
            depth,
            &url,
            target.to_str().unwrap(),
        ],
        "2025-10-05T00:00:00Z",
    );
    target
}

#[test]
fn a_shallow_clone_is_an_error_not_a_false_no() {
    let origin = origin_with_history();
    let clone = shallow_clone(&origin, "1");
    let (code, doc) = check_in(&clone, &origin.home(), "in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 2,
  "outcome": "error",
  "p0-security": {
    "id": "p0-security",
    "verdict": "error",
    "findings": [
      {
        "code": "p0-security/shallow-history",
        "severity": "error",
        "message": "the clone is shallow: its history ends at [..], newer than the search's lower bound, and no evidence for task `sec-42a` was found above it",
        "help": "fetch the full history: `git fetch --unshallow` (in CI, e.g. actions/checkout with `fetch-depth: 0`); commits since 2025-09-30T00:00:00Z are needed",
        "evidence": {
          "rev": "HEAD",
          "since": "2025-09-30T00:00:00Z",
          "searched": 1,
          "boundary": {
            "sha": "[..]",
            "short_sha": "[..]",
            "subject": "unrelated two",
            "time": "2025-10-04T09:00:00Z"
          }
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );

    // Deep enough to hold the evidence below the boundary: it is found.
    let clone = shallow_clone(&origin, "4");
    let (code, doc) = check_in(&clone, &origin.home(), "in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["sec-42a fix"]);

    // A boundary older than the search's lower bound (2025-09-30) does not
    // matter: the answer is a plain no.
    let repo = Repo::with_task("", PLAN);
    repo.code_commit("src/other.rs", "unrelated", "2025-09-10T09:00:00Z");
    repo.code_commit("src/other.rs", "unrelated", "2025-10-04T09:00:00Z");
    let clone = shallow_clone(&repo, "2");
    let (code, doc) = check_in(&clone, &repo.home(), "in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
}

#[test]
fn no_repository_is_an_error() {
    let repo = Repo::no_git();
    repo.task("", PLAN);
    let (code, doc) = repo.check("in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 2,
  "outcome": "error",
  "p0-security": {
    "id": "p0-security",
    "verdict": "error",
    "findings": [
      {
        "code": "p0-security/no-git",
        "severity": "error",
        "message": "cannot look for commits: `[..]` is not in a git repository",
        "help": "P0 security tasks need commit evidence; run gate inside the repository that holds the board (or pass -C <DIR>), with the work committed"
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );

    // Moves that need no commits never look for the repository.
    let (code, doc) = repo.check("breakdown", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(verdict(&doc), "skip");
    let (code, doc) = repo.check("in_progress", &["--from", "review"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(verdict(&doc), "skip");
    assert_eq!(
        p0(&doc)["reason"],
        "moving back from 'review' to 'in_progress' needs no evidence"
    );
}

#[test]
fn a_repository_without_commits_is_an_error() {
    let repo = Repo::empty();
    repo.task("", PLAN);
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 2, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-git"]);
}

#[test]
fn tasks_out_of_scope_skip() {
    let repo = Repo::empty();
    for (front, reason) in [
        ("priority: P1", "not a P0 security task: priority P1"),
        (
            "labels: [auth]",
            "not a P0 security task: no security label or title word",
        ),
    ] {
        repo.task(front, "");
        let (code, doc) = repo.check("in_progress", &[]);
        assert_eq!(code, 0, "{doc}");
        assert_eq!(verdict(&doc), "skip");
        assert_eq!(p0(&doc)["reason"], reason);
    }
    // In scope by a whole title word.
    repo.task("labels: [auth]\ntitle: Patch the login vulnerability", "");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 2, "{doc}");
}

#[test]
fn explain_states_the_evidence_rules() {
    let dir = tempfile::tempdir().unwrap();
    // The evidence rules as `gate explain` states them.
    let out = gate(dir.path())
        .args(["explain", "p0-security/no-code-changes"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in [
        "`BACK-56` is not named by `BACK-565` or `BACK-56.1`",
        "`git interpret-trailers`",
        "`evidence_in = \"anywhere\"`",
        "`id_forms`",
        "gate's own files",
        "`prose`, `unlisted`, `longer-id`, `bare-number`",
        "`Task A done; B is still open` names only A",
    ] {
        assert!(text.contains(rule), "{rule}: {text}");
    }
    let out = gate(dir.path())
        .args(["explain", "p0-security/search-limit"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("p0-security/search-limit (error)"),
        "{text}"
    );
    assert!(text.contains("Exit code 2; cannot be overridden"), "{text}");
}

/// `gate -v <args>` in the repository: stdout and stderr.
fn verbose_run(repo: &Repo, args: &[&str]) -> (String, String) {
    let out = repo
        .gate()
        .env("__GATE_TEST_CACHE_AHEAD", "60")
        .arg("-v")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_board_cache_answers_like_the_files() {
    let repo = Repo::with_task("", PLAN);
    repo.write(
        "tasks/other.md",
        "---\nid: o-1\ntitle: Other\nstatus: todo\n---\n",
    );
    repo.code_commit(
        "src/auth.rs",
        "sec-42a: compare tokens in constant time",
        "2025-10-02T09:00:00Z",
    );
    // Files changed in the last 3 seconds are never recorded: the cache's
    // clock runs a minute ahead here, so these count as settled.
    let cache = repo.root().join(".git/gate/board-cache");
    let (cold, err) = verbose_run(&repo, &["list"]);
    assert!(
        err.contains("0 unchanged files from the board cache"),
        "{err}"
    );
    assert!(cache.is_file());
    let (warm, err) = verbose_run(&repo, &["list"]);
    assert!(
        err.contains("2 unchanged files from the board cache"),
        "{err}"
    );
    assert_eq!(cold, warm);
    let (uncached, err) = verbose_run(&repo, &["--no-cache", "list"]);
    assert!(!err.contains("board cache"), "{err}");
    assert_eq!(cold, uncached);

    // The task being judged is read again: its plan is found.
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(verdict(&doc), "pass");

    // An edit that keeps the file's size is still seen.
    repo.write(
        "tasks/other.md",
        "---\nid: o-1\ntitle: Other\nstatus: done\n---\n",
    );
    let (edited, err) = verbose_run(&repo, &["list"]);
    assert!(
        err.contains("1 unchanged files from the board cache"),
        "{err}"
    );
    assert!(edited.contains("done"), "{edited}");
    assert_ne!(edited, warm);

    // A damaged cache is ignored, and replaced.
    std::fs::write(&cache, b"\xff\x00 not a cache").unwrap();
    let (again, err) = verbose_run(&repo, &["list"]);
    assert!(
        err.contains("0 unchanged files from the board cache"),
        "{err}"
    );
    assert_eq!(again, edited);
}

impl Repo {
    /// Writes `tasks/task.md` with its own id: a P0 security task in
    /// `todo`, created 2025-10-01.
    fn task_with_id(&self, id: &str, extra: &str, body: &str) {
        self.write(
            "tasks/task.md",
            &format!(
                "---\nid: {id}\ntitle: Harden token checks\nstatus: todo\npriority: P0\nlabels: [security]\ncreated_at: {CREATED}\n{extra}---\n{body}"
            ),
        );
    }
}

/// `(reason, subject)` of each commit the failing finding lists as not
/// counting.
fn not_counted(doc: &Value) -> Vec<(String, String)> {
    let code = if problems(doc).contains(&"p0-security/search-limit".to_owned()) {
        "p0-security/search-limit"
    } else {
        "p0-security/no-code-changes"
    };
    finding(doc, code)["evidence"]["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["reason"].as_str().unwrap().to_owned(),
                n["commit"]["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_longer_id_is_another_task() {
    let repo = Repo::empty();
    repo.write("README.md", "demo\n");
    repo.task_with_id("BACK-56", "", PLAN);
    repo.commit("Initial board", "2025-09-01T10:00:00Z");
    repo.code_commit(
        "src/a.rs",
        "BACK-565: speed up the board",
        "2025-10-02T09:00:00Z",
    );
    repo.code_commit(
        "src/b.rs",
        "BACK-56.1 - Polish the subtask",
        "2025-10-03T09:00:00Z",
    );
    repo.code_commit(
        "src/c.rs",
        "BACK-569 - Bring Windows CI below three minutes",
        "2025-10-04T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
    assert_eq!(
        not_counted(&doc),
        [
            (
                "longer-id".to_owned(),
                "BACK-569 - Bring Windows CI below three minutes".to_owned()
            ),
            (
                "longer-id".to_owned(),
                "BACK-56.1 - Polish the subtask".to_owned()
            ),
            (
                "longer-id".to_owned(),
                "BACK-565: speed up the board".to_owned()
            ),
        ]
    );
    let help = finding(&doc, "p0-security/no-code-changes")["help"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        help.contains("BACK-56.1 - Polish the subtask — names only `BACK-56.1`, a longer id"),
        "{help}"
    );
    // The id itself, at a sentence end, names it.
    repo.code_commit(
        "src/d.rs",
        "Fix the token check for BACK-56.",
        "2025-10-05T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        evidence_subjects(&doc),
        ["Fix the token check for BACK-56."]
    );
}

#[test]
fn a_shorter_id_is_not_named_by_a_longer_one() {
    // `SEC-12: rotate keys` is not evidence for SEC-1.
    let repo = Repo::empty();
    repo.write("README.md", "demo\n");
    repo.task_with_id("SEC-1", "", PLAN);
    repo.commit("Initial board", "2025-09-01T10:00:00Z");
    repo.code_commit("src/keys.rs", "SEC-12: rotate keys", "2025-10-02T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        not_counted(&doc),
        [("longer-id".to_owned(), "SEC-12: rotate keys".to_owned())]
    );
}

#[test]
fn a_mention_in_prose_is_not_evidence() {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit(
        "src/schedule.rs",
        "Rework the scheduler\n\nThe old schedule differed from the one sec-42a will need.",
        "2025-10-02T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_json_snapshot(
        &p0_entry(code, &doc),
        snapbox::str![[r#"
{
  "exit": 1,
  "outcome": "blocked",
  "p0-security": {
    "id": "p0-security",
    "verdict": "fail",
    "findings": [
      {
        "code": "p0-security/no-code-changes",
        "severity": "error",
        "message": "P0 security tasks require committed code changes to move to in-progress",
        "help": "commit the work with the task id `sec-42a` in the subject or a trailer such as `Task: sec-42a`; searched 1 commit(s) from HEAD since 2025-09-30T00:00:00Z\nthese mention the task but do not count:\n  [..] Rework the scheduler — names `sec-42a` only in the body's prose, not in the subject, a trailer (`Task:`, `Refs:`, `Closes:`, …) or a line starting with one of those words",
        "evidence": {
          "rev": "HEAD",
          "since": "2025-09-30T00:00:00Z",
          "searched": 1,
          "stop": "bound",
          "task_files_only": [],
          "not_counted": [
            {
              "commit": {
                "sha": "[..]",
                "short_sha": "[..]",
                "subject": "Rework the scheduler",
                "time": "2025-10-02T09:00:00Z"
              },
              "reason": "prose",
              "detail": "names `sec-42a` only in the body's prose, not in the subject, a trailer (`Task:`, `Refs:`, `Closes:`, …) or a line starting with one of those words"
            }
          ]
        }
      },
      {
        "code": "p0-security/evidence",
        "severity": "info",
        "message": "implementation plan: section 'Implementation Plan' (line 9)",
        "evidence": {
          "requirement": "implementation-plan",
          "heading": "Implementation Plan",
          "line": 9
        },
        "line": 9
      }
    ]
  }
}

"#]],
    );

    // The looser rule, when configured.
    repo.write(
        "gate.toml",
        "[gates.p0-security]\nevidence_in = \"anywhere\"\n",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Rework the scheduler"]);
    repo.write(
        "gate.toml",
        "[gates.p0-security]\nevidence_in = \"everywhere\"\n",
    );
    config_error(
        &repo,
        "unknown variant `everywhere`, expected `subject-or-trailer` or `anywhere`",
    );
    std::fs::remove_file(repo.root().join("gate.toml")).unwrap();

    // A body line that starts with a trailer word, without the colon.
    repo.code_commit(
        "src/auth.rs",
        "Compare tokens in constant time\n\nCloses sec-42a\n\nThe rest of the story.",
        "2025-10-03T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Compare tokens in constant time"]);
}

// Issue #22 item 2: a keyword line names the ids its keyword governs.
#[test]
fn a_keyword_line_names_only_the_ids_it_lists() {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit(
        "src/other.rs",
        "Finish the other task\n\nTask sec-7 done; sec-42a is still open",
        "2025-10-02T09:00:00Z",
    );
    repo.code_commit(
        "src/more.rs",
        "Follow-up\n\nThe rest.\n\nFixes: sec-7, then sec-42a later",
        "2025-10-02T10:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        not_counted(&doc),
        [
            ("unlisted".to_owned(), "Follow-up".to_owned()),
            ("unlisted".to_owned(), "Finish the other task".to_owned()),
        ]
    );
    // A list that holds it, after another id.
    repo.code_commit(
        "src/auth.rs",
        "Compare tokens in constant time\n\nRefs: sec-7, sec-42a",
        "2025-10-03T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Compare tokens in constant time"]);
}

#[test]
fn numeric_ids_count_only_in_a_trailer_or_a_form() {
    let repo = Repo::empty();
    repo.write("README.md", "demo\n");
    repo.task_with_id("3", "", PLAN);
    repo.commit("Initial board", "2025-09-01T10:00:00Z");
    repo.code_commit(
        "package.json",
        "chore(release): bump version to 0.3.0",
        "2025-10-02T09:00:00Z",
    );
    repo.code_commit("src/a.rs", "Fix 3 flaky tests (#3)", "2025-10-03T09:00:00Z");
    repo.code_commit("src/b.rs", "Auth flow\n\nFixes: #3", "2025-10-04T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        not_counted(&doc),
        [
            ("bare-number".to_owned(), "Auth flow".to_owned()),
            (
                "bare-number".to_owned(),
                "Fix 3 flaky tests (#3)".to_owned()
            ),
            (
                "longer-id".to_owned(),
                "chore(release): bump version to 0.3.0".to_owned()
            ),
        ]
    );

    // A configured form names it anywhere a subject would.
    repo.write(
        "gate.toml",
        "[gates.p0-security]\nid_forms = [\"task-{id}\", \"KM-{id}\"]\n",
    );
    repo.commit("config", "2025-10-05T09:00:00Z");
    repo.code_commit("src/c.rs", "km-3: token refresh", "2025-10-06T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["km-3: token refresh"]);
    repo.write("gate.toml", "[gates.p0-security]\nid_forms = [\"task-\"]\n");
    config_error(&repo, "`gates.p0-security.id_forms`: `task-` has no `{id}`");
    std::fs::remove_file(repo.root().join("gate.toml")).unwrap();

    // A trailer names it.
    repo.code_commit(
        "src/d.rs",
        "Token refresh\n\nTask: 3",
        "2025-10-07T09:00:00Z",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Token refresh"]);
}

#[test]
fn gate_files_are_not_code() {
    let repo = Repo::with_task("", PLAN);
    repo.write(".gate/audit.jsonl", "{}\n");
    repo.commit("sec-42a: record the move", "2025-10-02T09:00:00Z");
    repo.write("gate.toml", "[audit]\npath = \"logs/audit.jsonl\"\n");
    repo.commit("sec-42a: configure gate", "2025-10-03T09:00:00Z");
    repo.write("logs/audit.jsonl", "{}\n");
    repo.commit("sec-42a: record it elsewhere", "2025-10-04T09:00:00Z");
    repo.write("logs/audit.jsonl", "{}\n{}\n");
    repo.task("", &format!("{PLAN}\nmore\n"));
    repo.commit("sec-42a: record and edit the task", "2025-10-05T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        not_counted(&doc),
        [
            (
                "only-non-code-paths".to_owned(),
                "sec-42a: record and edit the task".to_owned()
            ),
            (
                "only-gate-files".to_owned(),
                "sec-42a: record it elsewhere".to_owned()
            ),
            (
                "only-gate-files".to_owned(),
                "sec-42a: configure gate".to_owned()
            ),
            (
                "only-gate-files".to_owned(),
                "sec-42a: record the move".to_owned()
            ),
        ]
    );
    let help = finding(&doc, "p0-security/no-code-changes")["help"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        help.contains(
            "sec-42a: record the move — changes only gate's own files (audit log, config)"
        ),
        "{help}"
    );
    // Another file in the same directory is code.
    repo.write("logs/server.log.rs", "x\n");
    repo.commit("sec-42a: log", "2025-10-06T09:00:00Z");
    assert_eq!(repo.check("in_progress", &[]).0, 0);
}

#[test]
fn plans_are_plans() {
    let repo = Repo::no_git();
    repo.write(
        "gate.toml",
        "[gates.p0-security]\ncommits_required_for = []\n",
    );
    let cases = [
        ("", "## Implementation Notes\n\nDid it.\n", false),
        ("", "## Planetary notes\n\nx\n", false),
        ("", "## Implementation\n\nSteps.\n", true),
        (
            "",
            "## Plan\n\n\u{200B}\n&nbsp;\n<br>\n-\n\n```\n```\n\n## Context\n\nx\n",
            false,
        ),
        (
            "",
            "## Implementation Plan\n\n<!-- SECTION:PLAN:BEGIN --><!-- SECTION:PLAN:END -->\n\n## Implementation Notes\n\n<!-- SECTION:NOTES:BEGIN -->\nNotes.\n<!-- SECTION:NOTES:END -->\n",
            false,
        ),
        (
            "",
            "<!-- SECTION:PLAN:BEGIN -->\n1. Rotate\n<!-- SECTION:PLAN:END -->\n",
            true,
        ),
        (
            "implementation_plan: rotate the keys, then revoke\n",
            "",
            true,
        ),
        ("implementation_plan: \"\"\n", "", false),
        (
            "",
            "Implementation Plan\n===================\n\nSteps.\n",
            true,
        ),
    ];
    for (front, body, want) in cases {
        repo.write(
            "tasks/task.md",
            &format!("---\nid: {ID}\ntitle: Harden token checks\nstatus: todo\npriority: P0\nlabels: [security]\n{front}---\n{body}"),
        );
        let (code, doc) = repo.check("in_progress", &[]);
        assert_eq!(code, i32::from(!want), "{body:?}: {doc}");
        if !want {
            assert_eq!(
                problems(&doc),
                ["p0-security/no-implementation-plan"],
                "{body:?}"
            );
        }
        if body.contains("SECTION:PLAN:BEGIN --><!--") {
            let help = finding(&doc, "p0-security/no-implementation-plan")["help"]
                .as_str()
                .unwrap();
            assert!(
                help.contains("\nBacklog.md's plan block (line 10) holds no text"),
                "{help}"
            );
        }
    }
    // What satisfied it, and where.
    repo.write(
        "tasks/task.md",
        &format!("---\nid: {ID}\ntitle: Harden token checks\nstatus: todo\npriority: P0\nlabels: [security]\n---\n## Context\n\n<!-- SECTION:PLAN:BEGIN -->\n1. Rotate\n<!-- SECTION:PLAN:END -->\n"),
    );
    let (_, doc) = repo.check("in_progress", &[]);
    let e = finding(&doc, "p0-security/evidence");
    assert_eq!(
        e["message"],
        "implementation plan: Backlog.md plan block (line 10)"
    );
    assert_eq!(e["evidence"]["requirement"], "implementation-plan");
    assert_eq!(e["evidence"]["block"], "SECTION:PLAN");
    assert_eq!(e["line"], 10);
}

#[test]
fn a_documentation_list_satisfies_docs() {
    let repo = Repo::no_git();
    repo.write(
        "gate.toml",
        "[gates.p0-security]\ncommits_required_for = []\n",
    );
    let task = |front: &str| {
        repo.write(
            "tasks/task.md",
            &format!("---\nid: {ID}\ntitle: Harden token checks\nstatus: document\npriority: P0\nlabels: [security]\n{front}---\n{PLAN}"),
        );
    };
    task("documentation:\n  - docs/tokens.md\n  - README.md#security\n");
    let (code, doc) = repo.check("done", &[]);
    assert_eq!(code, 0, "{doc}");
    let docs: Vec<&Value> = p0(&doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["evidence"]["requirement"] == "documentation")
        .collect();
    assert_eq!(docs.len(), 1, "{doc}");
    assert_eq!(
        docs[0]["message"],
        "documentation: front-matter documentation: docs/tokens.md, README.md#security"
    );
    task("documentation: []\n");
    let (code, doc) = repo.check("done", &[]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-documentation"]);
}

#[test]
fn ci_reads_evidence_only_on_the_judged_line_of_history() {
    // The fix is committed on a side branch (newer than the start), never
    // merged: the start on `main..start` has no evidence.
    let repo = Repo::with_task("", PLAN);
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.code_commit(
        "src/auth.rs",
        "sec-42a: constant-time compare",
        "2025-10-05T09:00:00Z",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "start"]);
    repo.task("status: in_progress", PLAN);
    repo.commit("start sec-42a", "2025-10-03T09:00:00Z");
    let out = repo
        .gate()
        .args([
            "ci", "--base", "main", "--head", "start", "--format", "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("p0-security/no-code-changes"), "{text}");
    assert!(!text.contains("constant-time compare"), "{text}");
    // `check --rev side` reads the side branch and finds it.
    assert_eq!(
        repo.check("in_progress", &["--from", "todo", "--rev", "side"])
            .0,
        0
    );
}

/// `gate check` in `repo` fails on its config (exit 2) with `message`.
fn config_error(repo: &Repo, message: &str) {
    let out = repo
        .gate()
        .args(["check", ID, "--to", "in_progress", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(message), "{stderr}");
}

/// The real boards in `../shared/corpus`, when present beside the clone.
fn corpus(name: &str) -> Option<PathBuf> {
    super::support::corpus_dir(name)
}

/// `gate check <path> --from "To Do" --to "In Progress"` in `root`, as
/// JSON: Backlog.md's own statuses, read from its `backlog/config.yml`.
fn check_path(repo: &Repo, path: &str) -> (i32, Value) {
    let out = repo
        .gate()
        .args([
            "check",
            path,
            "--from",
            "To Do",
            "--to",
            "In Progress",
            "--dry-run",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code().unwrap(), doc)
}

#[test]
fn backlog_md_corpus_ids_plans_and_notes() {
    let Some(board) = corpus("backlog.md/backlog") else {
        return;
    };
    let repo = Repo::empty();
    super::support::copy_tree(&board, &repo.root().join("backlog"));
    // In scope without editing the files: by priority and title word.
    repo.write(
        "gate.toml",
        "[board]\ntasks_dir = \"backlog/tasks\"\n[gates.p0-security]\npriorities = [\"P1\", \"P3\"]\ntitle_words = [\"windows\", \"tui\"]\n",
    );
    repo.write("README.md", "demo\n");
    repo.commit("Initial board", "2025-09-01T10:00:00Z");
    let windows = "backlog/tasks/back-569 - Bring-Windows-CI-tests-below-three-minutes.md";
    // After the task's `created_date` (2026-08-03 16:30, in Backlog.md's
    // date format) less a day's slack.
    repo.code_commit("src/ci.ts", "BACK-5690 - Unrelated", "2026-08-03T09:00:00Z");
    repo.code_commit(
        "src/ci.ts",
        "BACK-569.1 - Shard the Windows job",
        "2026-08-03T10:00:00Z",
    );
    repo.code_commit(
        "src/ci.ts",
        "Cache bun installs\n\nThe cache cost differs from what BACK-569 measured.",
        "2026-08-03T11:00:00Z",
    );
    let (code, doc) = check_path(&repo, windows);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
    assert_eq!(
        not_counted(&doc),
        [
            ("prose".to_owned(), "Cache bun installs".to_owned()),
            (
                "longer-id".to_owned(),
                "BACK-569.1 - Shard the Windows job".to_owned()
            ),
            ("longer-id".to_owned(), "BACK-5690 - Unrelated".to_owned()),
        ]
    );
    // The project's trailer form names it; its plan section is found.
    repo.code_commit(
        "src/ci.ts",
        "Run platform contracts on Windows\n\nTask: BACK-569",
        "2026-08-04T09:00:00Z",
    );
    let (code, doc) = check_path(&repo, windows);
    assert_eq!(code, 0, "{doc}");
    let messages: Vec<&str> = p0(&doc)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("implementation plan: section 'Implementation Plan' (line ")),
        "{messages:?}"
    );

    // Implementation Notes are not a plan.
    let notes =
        "backlog/tasks/back-24.02 - CLI-TUI-Add-milestone-swimlanes-to-interactive-board-view.md";
    repo.code_commit(
        "src/tui.ts",
        "BACK-24.02 - Close as done",
        "2026-08-05T09:00:00Z",
    );
    let (code, doc) = check_path(&repo, notes);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-implementation-plan"]);
    let help = finding(&doc, "p0-security/no-implementation-plan")["help"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        help.ends_with("\nnot plan headings (a plan heading is a whole entry, not a longer title): 'Implementation Notes'"),
        "{help}"
    );
}

#[test]
fn kanban_md_corpus_numeric_ids() {
    let Some(board) = corpus("kanban-md/v1") else {
        return;
    };
    let repo = Repo::empty();
    super::support::copy_tree(&board, &repo.root().join("kanban"));
    repo.write(
        "gate.toml",
        "[board]\ntasks_dir = \"kanban/tasks\"\n[gates.p0-security]\nplan_required_for = []\n",
    );
    repo.commit("Initial board", "2026-01-15T10:00:00Z");
    // Task 3 (critical, tagged security) is in scope as it stands.
    let auth = "kanban/tasks/003-auth-flow.md";
    repo.code_commit(
        "CHANGELOG.md",
        "chore(release): bump version to 0.3.0",
        "2026-01-18T09:00:00Z",
    );
    repo.code_commit("src/db.go", "Fix 3 migrations", "2026-01-19T09:00:00Z");
    let (code, doc) = check_path(&repo, auth);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
    assert_eq!(
        not_counted(&doc),
        [
            ("bare-number".to_owned(), "Fix 3 migrations".to_owned()),
            (
                "longer-id".to_owned(),
                "chore(release): bump version to 0.3.0".to_owned()
            ),
        ]
    );
    repo.code_commit(
        "src/auth.go",
        "Add the login handler\n\nTask: 3",
        "2026-01-20T09:00:00Z",
    );
    // (The board's in-progress column is full: the WIP gate fails.)
    let (_, doc) = check_path(&repo, auth);
    assert_eq!(verdict(&doc), "pass", "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Add the login handler"]);
}

// The commit index (`.git/gate/commits`, issue #12 item 2) changes what a
// walk costs, never what it answers.

fn index_of(root: &Path) -> PathBuf {
    root.join(".git/gate/commits")
}

/// `gate check tasks/task.md --to in_progress` in `dir` without the index,
/// then through it twice (the first run adds what it read): the three
/// answers are one, returned.
fn check_every_way(dir: &Path, home: &Path) -> (i32, Value) {
    let plain = check_in(dir, home, "in_progress", &["--no-cache"]);
    let cold = check_in(dir, home, "in_progress", &[]);
    let warm = check_in(dir, home, "in_progress", &[]);
    assert_eq!(cold, plain, "filling the index");
    assert_eq!(warm, plain, "from the index");
    plain
}

#[test]
fn the_commit_index_answers_as_the_history_does() {
    let repo = Repo::with_task("", PLAN);
    repo.code_commit("src/a.rs", "unrelated", "2025-10-02T09:00:00Z");
    repo.code_commit(
        "src/b.rs",
        "sec-42ab: the other task",
        "2025-10-02T10:00:00Z",
    );
    repo.code_commit(
        "src/c.rs",
        "Tidy up\n\nThis prepares sec-42a.",
        "2025-10-02T11:00:00Z",
    );
    repo.write("tasks/notes.md", "notes\n");
    repo.commit("sec-42a: notes", "2025-10-02T12:00:00Z");
    let (code, doc) = check_in(&repo.root(), &repo.home(), "in_progress", &["--no-cache"]);
    assert!(!index_of(&repo.root()).exists(), "--no-cache wrote it");
    // Mentions that do not count, each with its reason.
    assert_eq!(code, 1, "{doc}");
    assert_eq!(not_counted(&doc).len(), 3, "{doc}");
    assert_eq!(check_every_way(&repo.root(), &repo.home()), (code, doc));
    assert!(index_of(&repo.root()).is_file());

    // New commits, a merge among them: read from the repository and added.
    repo.git(&["checkout", "-q", "-b", "fix"]);
    repo.code_commit(
        "src/auth.rs",
        "constant-time compare",
        "2025-10-03T09:00:00Z",
    );
    repo.git(&["checkout", "-q", "main"]);
    git_in(
        &repo.root(),
        &repo.home(),
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge fix for sec-42a",
            "fix",
        ],
        "2025-10-04T09:00:00Z",
    );
    let (code, doc) = check_every_way(&repo.root(), &repo.home());
    assert_eq!(code, 0, "{doc}");
    assert_eq!(evidence_subjects(&doc), ["Merge fix for sec-42a"]);

    // The walk for every task at once (`gate report`) too, of the task
    // where code changes are required.
    repo.task("status: in_progress", PLAN);
    repo.commit("Start", "2025-10-05T09:00:00Z");
    let report = |extra: &[&str]| {
        let out = repo
            .gate()
            .args(["report", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(report(&[]).contains("Merge fix for sec-42a"));
    assert_eq!(report(&[]), report(&["--no-cache"]));
}

#[test]
fn the_commit_index_keeps_shallow_boundaries() {
    let origin = origin_with_history();
    let home = origin.home();
    for (depth, want) in [("1", 2), ("4", 0)] {
        let clone = shallow_clone(&origin, depth);
        assert_eq!(check_every_way(&clone, &home).0, want, "depth {depth}");
    }
    // The index filled from the whole history, then the clone made
    // shallow: the boundary counts as the shallow file says.
    let clone = shallow_clone(&origin, "100");
    assert_eq!(check_every_way(&clone, &home).0, 0);
    let boundary = git_in(&clone, &home, &["rev-parse", "HEAD~1"], CREATED);
    std::fs::write(clone.join(".git/shallow"), &boundary).unwrap();
    let (code, doc) = check_every_way(&clone, &home);
    assert_eq!(code, 2, "{doc}");
    assert_eq!(problems(&doc), ["p0-security/shallow-history"]);
    // Unshallowed: the same commits, the whole history again.
    std::fs::remove_file(clone.join(".git/shallow")).unwrap();
    assert_eq!(check_every_way(&clone, &home).0, 0);
}

#[test]
fn a_damaged_commit_index_is_rebuilt() {
    let repo = origin_with_history();
    let (root, home) = (repo.root(), repo.home());
    let answer = check_every_way(&root, &home);
    assert_eq!(answer.0, 0, "{}", answer.1);
    let index = index_of(&root);
    let good = std::fs::read(&index).unwrap();
    let mut other_version = good.clone();
    other_version[8] = other_version[8].wrapping_add(1);
    let damaged: [(&str, Vec<u8>); 4] = [
        ("truncated", good[..good.len() - 5].to_vec()),
        ("garbage", b"\xff\x00 not an index at all".to_vec()),
        ("another version", other_version),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&index, &bytes).unwrap();
        assert_eq!(check_in(&root, &home, "in_progress", &[]), answer, "{what}");
        let rebuilt = std::fs::read(&index).unwrap();
        assert_eq!(
            (rebuilt.len(), &rebuilt[..12]),
            (good.len(), &good[..12]),
            "{what}"
        );
        assert_eq!(check_in(&root, &home, "in_progress", &[]), answer, "{what}");
    }
}

#[test]
fn an_unwritable_commit_index_still_answers() {
    let repo = origin_with_history();
    let (root, home) = (repo.root(), repo.home());
    let answer = check_in(&root, &home, "in_progress", &["--no-cache"]);
    assert_eq!(answer.0, 0, "{}", answer.1);
    let gate_dir = root.join(".git/gate");
    // Something else where the file or its directory would be.
    std::fs::create_dir_all(index_of(&root)).unwrap();
    assert_eq!(check_in(&root, &home, "in_progress", &[]), answer);
    assert!(index_of(&root).is_dir());
    std::fs::remove_dir_all(&gate_dir).unwrap();
    std::fs::write(&gate_dir, "not a directory").unwrap();
    assert_eq!(check_in(&root, &home, "in_progress", &[]), answer);
    std::fs::remove_file(&gate_dir).unwrap();
    // A read-only index in a read-only directory (which binds users other
    // than root), lacking the newest commit: it is read, not written.
    assert_eq!(check_in(&root, &home, "in_progress", &[]), answer);
    repo.code_commit("src/other.rs", "unrelated three", "2025-10-05T09:00:00Z");
    let answer = check_in(&root, &home, "in_progress", &["--no-cache"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |m: u32| std::fs::Permissions::from_mode(m);
        std::fs::set_permissions(index_of(&root), mode(0o444)).unwrap();
        std::fs::set_permissions(&gate_dir, mode(0o555)).unwrap();
        let got = check_in(&root, &home, "in_progress", &[]);
        std::fs::set_permissions(&gate_dir, mode(0o755)).unwrap();
        assert_eq!(got, answer);
    }
}

#[test]
fn no_cache_neither_writes_nor_replaces_the_commit_index() {
    let repo = origin_with_history();
    let (root, home) = (repo.root(), repo.home());
    let answer = check_in(&root, &home, "in_progress", &["--no-cache"]);
    assert!(!index_of(&root).exists());
    std::fs::create_dir_all(root.join(".git/gate")).unwrap();
    std::fs::write(index_of(&root), "garbage").unwrap();
    assert_eq!(
        check_in(&root, &home, "in_progress", &["--no-cache"]),
        answer
    );
    assert_eq!(std::fs::read(index_of(&root)).unwrap(), b"garbage");
    // Without the flag it is replaced.
    assert_eq!(check_in(&root, &home, "in_progress", &[]), answer);
    assert_ne!(std::fs::read(index_of(&root)).unwrap(), b"garbage");
}

#[test]
fn linked_work_trees_share_one_commit_index() {
    let repo = origin_with_history();
    let linked = repo.beside.path().join("linked");
    repo.git(&["worktree", "add", "-q", linked.to_str().unwrap()]);
    assert_eq!(check_every_way(&linked, &repo.home()).0, 0);
    assert!(index_of(&repo.root()).is_file());
    let private = repo.root().join(".git/worktrees/linked/gate/commits");
    assert!(!private.exists());
}

/// `report` walks history once for every P0 task; each task gets its own
/// evidence, not another's, whatever the board's order.
#[test]
fn report_gives_each_p0_task_its_own_evidence() {
    let repo = Repo::empty();
    repo.write("README.md", "demo\n");
    for (file, id) in [("a", "sec-a1"), ("b", "sec-b2"), ("c", "sec-c3")] {
        repo.write(
            &format!("tasks/{file}.md"),
            &format!(
                "---\nid: {id}\ntitle: Harden {id}\nstatus: in_progress\npriority: P0\nlabels: [security]\ncreated_at: {CREATED}\n---\n## Implementation Plan\nDo it.\n"
            ),
        );
    }
    repo.commit("Initial board", "2025-10-01T10:00:00Z");
    repo.code_commit("src/a.rs", "sec-a1: check tokens", "2025-10-02T10:00:00Z");
    repo.code_commit("src/c.rs", "sec-c3: check nonces", "2025-10-03T10:00:00Z");
    let out = repo
        .gate()
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let commits_met: Vec<(String, bool)> = doc["p0"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let met = row["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["code"] == "p0-security/no-code-changes")
                .map(|q| q["passed"].as_bool().unwrap())
                .unwrap();
            (row["task"]["id"].as_str().unwrap().to_owned(), met)
        })
        .collect();
    assert_eq!(
        commits_met,
        [
            ("sec-a1".to_owned(), true),
            ("sec-b2".to_owned(), false),
            ("sec-c3".to_owned(), true)
        ],
        "{doc}"
    );
}

/// `gate <args> --format json` in `repo`: exit code and stdout.
fn run_json(repo: &Repo, args: &[&str]) -> (i32, String) {
    let out = repo
        .gate()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

// Issue #22 item 3: the change that moves a P0 task cannot widen its own
// evidence window by moving `created_at` back or deleting it — in
// `check`, `check --staged` and `ci` alike.
#[test]
fn the_moving_change_cannot_widen_its_evidence_window() {
    let repo = Repo::with_task("", PLAN);
    // Work from long before the task was created (2025-10-01).
    repo.code_commit("src/old.rs", "sec-42a: old work", "2025-06-01T09:00:00Z");
    repo.git(&["branch", "base"]);
    for created in ["created_at: 2025-05-01T00:00:00Z", "(deleted)"] {
        if created == "(deleted)" {
            repo.write(
                "tasks/task.md",
                &format!("---\nid: {ID}\ntitle: Harden token checks\nstatus: in_progress\npriority: P0\nlabels: [security]\n---\n{PLAN}"),
            );
        } else {
            repo.task(&format!("status: in_progress\n{created}"), PLAN);
        }
        // `check` of the edited work tree, against HEAD's state.
        let (code, doc) = repo.check("in_progress", &["--from", "todo"]);
        assert_eq!(code, 1, "{created}: {doc}");
        assert_eq!(problems(&doc), ["p0-security/no-code-changes"]);
        // The hook's check of the staged change.
        repo.git(&["add", "-A"]);
        let (code, text) = run_json(&repo, &["check", "--staged", "--dry-run"]);
        assert_eq!(code, 1, "{created}: {text}");
        assert!(text.contains("p0-security/no-code-changes"), "{text}");
        // `ci` of the commit.
        repo.git(&["checkout", "-q", "-b", "moved"]);
        repo.commit("start sec-42a", "2025-10-03T09:00:00Z");
        let (code, text) = run_json(&repo, &["ci", "--base", "base", "--head", "moved"]);
        assert_eq!(code, 1, "{created}: {text}");
        assert!(text.contains("p0-security/no-code-changes"), "{text}");
        repo.git(&["checkout", "-q", "main"]);
        repo.git(&["branch", "-q", "-D", "moved"]);
    }

    // The legitimate flow: work inside the window, the date kept (or
    // moved later), passes every way.
    repo.code_commit(
        "src/auth.rs",
        "sec-42a: constant-time compare",
        "2025-10-02T09:00:00Z",
    );
    repo.git(&["branch", "-f", "base"]);
    repo.task(
        "status: in_progress\ncreated_at: 2025-10-01T12:00:00Z",
        PLAN,
    );
    assert_eq!(repo.check("in_progress", &["--from", "todo"]).0, 0);
    repo.git(&["add", "-A"]);
    let (code, text) = run_json(&repo, &["check", "--staged", "--dry-run"]);
    assert_eq!(code, 0, "{text}");
    repo.commit("start sec-42a", "2025-10-03T09:00:00Z");
    let (code, text) = run_json(&repo, &["ci", "--base", "base", "--head", "main"]);
    assert_eq!(code, 0, "{text}");
}

// Issue #22 item 8: code is a content change to a file outside the board's
// and gate's own files; the evidence line says which file made it count.
#[test]
fn only_a_content_change_to_code_is_evidence() {
    let repo = Repo::with_task("", PLAN);
    repo.write("src/auth.rs", "fn check() {}\n");
    repo.commit("add the auth module", "2025-10-01T09:00:00Z");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let file = repo.root().join("src/auth.rs");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
        repo.commit("sec-42a: make it executable", "2025-10-02T09:00:00Z");
    }
    repo.write("src/auth.rs", "fn  check()\n{}\n\n");
    repo.commit("sec-42a: reformat", "2025-10-02T10:00:00Z");
    repo.git(&["mv", "src/auth.rs", "src/check.rs"]);
    repo.commit("sec-42a: rename", "2025-10-02T11:00:00Z");
    repo.write("src/placeholder.rs", "");
    repo.commit("sec-42a: placeholder", "2025-10-02T12:00:00Z");
    repo.write(".gitattributes", ".gate/audit.jsonl merge=union\n");
    repo.commit("sec-42a: attributes", "2025-10-02T13:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
    let reasons: Vec<String> = not_counted(&doc).into_iter().map(|(r, _)| r).collect();
    let mut want = vec![
        "only-excluded-paths",
        "no-content-change",
        "no-content-change",
        "no-content-change",
    ];
    if cfg!(unix) {
        want.push("no-content-change");
    }
    assert_eq!(reasons, want, "{doc}");

    // Real work counts, and the evidence names the file.
    repo.write("src/check.rs", "fn check() { constant_time() }\n");
    repo.commit("sec-42a: compare in constant time", "2025-10-03T09:00:00Z");
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 0, "{doc}");
    let found = finding(&doc, "p0-security/evidence");
    let shown = p0(&doc)["findings"].to_string();
    assert!(
        shown.contains("sec-42a: compare in constant time (changes src/check.rs)"),
        "{shown}"
    );
    assert!(found.is_object());
    assert!(shown.contains("\"file\":\"src/check.rs\""), "{shown}");

    // An allow-list that leaves `src/` out: nothing counts.
    repo.write(
        "gate.toml",
        "[gates.p0-security]\ncode_paths = [\"lib/**\"]\n",
    );
    let (code, doc) = repo.check("in_progress", &[]);
    assert_eq!(code, 1, "{doc}");
}

// Issue #22 item 8: Backlog.md's own folders are the board's files.
#[test]
fn backlog_md_folders_are_not_code() {
    let repo = Repo::empty();
    repo.write(
        "backlog/config.yml",
        "project_name: demo\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\ndefault_status: \"To Do\"\n",
    );
    repo.write(
        "backlog/tasks/task-1 - Harden-tokens.md",
        &format!("---\nid: task-1\ntitle: Harden tokens\nstatus: To Do\npriority: high\nlabels: [security]\ncreated_date: '2025-10-01 00:00'\n---\n\n{PLAN}"),
    );
    repo.write("README.md", "demo\n");
    repo.commit("Initial board", "2025-09-01T10:00:00Z");
    for (file, message) in [
        ("backlog/drafts/draft-1 - Idea.md", "task-1: a draft"),
        ("backlog/completed/task-0 - Old.md", "task-1: completed"),
        ("backlog/archive/tasks/task-9 - Gone.md", "task-1: archive"),
        ("backlog/docs/doc-1.md", "task-1: notes"),
    ] {
        repo.write(file, "---\nid: x\ntitle: x\n---\nsome text\n");
        repo.commit(message, "2025-10-02T09:00:00Z");
    }
    let check = || {
        let out = repo
            .gate()
            .args([
                "check",
                "task-1",
                "--to",
                "In Progress",
                "--dry-run",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap(), doc)
    };
    let (code, doc) = check();
    assert_eq!(code, 1, "{doc}");
    assert!(
        not_counted(&doc)
            .iter()
            .all(|(r, _)| r == "only-task-files"),
        "{doc}"
    );
    repo.code_commit(
        "src/auth.rs",
        "task-1: constant-time compare",
        "2025-10-03T09:00:00Z",
    );
    let (code, doc) = check();
    assert_eq!(code, 0, "{doc}");
}
