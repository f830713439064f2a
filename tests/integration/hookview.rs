//! The commit hook judges the commit git will record (issue 22, items 9–11):
//! an amended commit against its real parent, without the commit it
//! replaces as evidence; the message as git will store it; the
//! configuration HEAD has, and any other one named in the audit record.
//! Real `git commit` runs through the installed hook, in temporary
//! repositories with fixed dates and no user or system git config.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::support::{GIT_DATE, GitRepo, audit_records};

const ID: &str = "sec-7";
const PLAN: &str = "## Implementation Plan\n\n1. Compare tokens in constant time.\n";

/// A repository on the default board (`tasks/`), gate's hook installed,
/// and a directory outside it.
struct Repo {
    repo: GitRepo,
    outside: tempfile::TempDir,
}

impl Repo {
    /// A P0 security task in `todo` with a plan, committed with the hook.
    fn new() -> Repo {
        let repo = Repo {
            repo: GitRepo::empty(),
            outside: tempfile::tempdir().unwrap(),
        };
        repo.write("src/lib.rs", "// code\n");
        repo.set_task("todo");
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "Initial board"]);
        repo.repo.gate().args(["hook", "install"]).assert().code(0);
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

    fn set_task(&self, status: &str) {
        self.write(
            "tasks/task.md",
            &format!(
                "---\nid: {ID}\ntitle: Harden token checks\nstatus: {status}\npriority: P0\nlabels: [security]\ncreated_at: 2025-10-01T00:00:00Z\n---\n{PLAN}"
            ),
        );
    }

    /// Changes the code, so a commit counts as code.
    fn touch_code(&self, line: &str) {
        let path = self.root().join("src/lib.rs");
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, format!("{old}// {line}\n")).unwrap();
    }

    fn command(&self, env: &[(&str, &str)]) -> std::process::Command {
        let mut cmd = self.repo.git_command_in(self.repo.path(), GIT_DATE);
        cmd.env("GIT_EDITOR", "false");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.try_git(args, &[]);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn try_git(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(env).args(args).output().unwrap()
    }

    /// `git commit` with `args` through the hook: whether git made it, and
    /// what the hook said.
    fn commit(&self, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
        let mut all = vec!["commit", "-q"];
        all.extend(args);
        let out = self.try_git(&all, env);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    }

    fn subject(&self) -> String {
        self.git(&["log", "-1", "--format=%s"]).trim().to_owned()
    }
}

/// An editor (for `GIT_EDITOR`) that writes `message` over the file.
fn editor(dir: &Path, message: &str) -> String {
    let path = dir.join("editor.sh");
    std::fs::write(
        &path,
        format!("#!/bin/sh\ncat > \"$1\" <<'EOF'\n{message}EOF\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.to_str().unwrap().to_owned()
}

/// Item 9: `todo → in_progress` committed, then amended to `review`: git
/// records `todo → review` on the real parent, which the workflow does
/// not allow (and the review requirement is unmet).
#[cfg(unix)]
#[test]
fn an_amended_commit_is_judged_against_its_real_parent() {
    let repo = Repo::new();
    repo.set_task("in_progress");
    repo.touch_code("constant-time compare");
    let (made, said) = repo.commit(
        &["-a", "-m", &format!("{ID}: compare in constant time")],
        &[],
    );
    assert!(made, "{said}");
    repo.set_task("review");
    let (made, said) = repo.commit(&["-a", "--amend", "--no-edit"], &[]);
    assert!(
        !made,
        "the hook judged the amend against the replaced commit: {said}"
    );
    assert!(said.contains("todo -> review"), "{said}");
    // Spelled as a prefix and through an alias, it is still an amend.
    repo.git(&["config", "alias.fix", "commit --amen --no-edit"]);
    let out = repo.try_git(&["fix", "-q", "-a"], &[]);
    assert!(!out.status.success());
    assert_eq!(repo.subject(), format!("{ID}: compare in constant time"));
}

/// Item 9: the replaced commit named the task and changed code; the
/// amended one does neither by itself, so nothing is evidence for it.
#[cfg(unix)]
#[test]
fn the_replaced_commit_is_no_evidence_for_the_amended_one() {
    let repo = Repo::new();
    repo.touch_code("constant-time compare");
    let (made, said) = repo.commit(
        &["-a", "-m", &format!("{ID}: compare in constant time")],
        &[],
    );
    assert!(made, "{said}");
    repo.set_task("in_progress");
    let (made, said) = repo.commit(&["-a", "--amend", "-m", "Tidy up"], &[]);
    assert!(!made, "the replaced commit counted as evidence: {said}");
    assert!(said.contains("p0-security/no-code-changes"), "{said}");
    assert_eq!(repo.subject(), format!("{ID}: compare in constant time"));
}

/// Item 9, legitimate use: amending keeps the commit's own evidence (its
/// message names the task and it changes code against the real parent),
/// and rewording an allowed move stays allowed.
#[cfg(unix)]
#[test]
fn amending_a_legal_commit_stays_legal() {
    let repo = Repo::new();
    repo.touch_code("constant-time compare");
    repo.set_task("in_progress");
    let (made, said) = repo.commit(
        &["-a", "-m", &format!("{ID}: compare in constant time")],
        &[],
    );
    assert!(made, "{said}");
    // Forgot a file: amend with the same message.
    repo.touch_code("one more");
    let (made, said) = repo.commit(&["-a", "--amend", "--no-edit"], &[]);
    assert!(made, "{said}");
    // Reword it.
    let (made, said) = repo.commit(
        &[
            "--amend",
            "-m",
            &format!("{ID}: compare tokens in constant time"),
        ],
        &[],
    );
    assert!(made, "{said}");
    assert_eq!(
        repo.subject(),
        format!("{ID}: compare tokens in constant time")
    );
    // A plain commit after an amend is judged against HEAD as always.
    repo.write("notes.md", "x\n");
    repo.git(&["add", "notes.md"]);
    let (made, said) = repo.commit(&["-m", "Notes"], &[]);
    assert!(made, "{said}");
}

/// Item 10: `git commit -m` keeps `#` lines, so the subject git records
/// is `# wip` and the task id is in an ordinary body line: no evidence.
#[cfg(unix)]
#[test]
fn dash_m_comment_lines_are_part_of_the_message() {
    let repo = Repo::new();
    repo.touch_code("constant-time compare");
    repo.set_task("in_progress");
    let (made, said) = repo.commit(&["-a", "-m", "# wip", "-m", &format!("{ID} fix")], &[]);
    assert!(!made, "the hook dropped a line git keeps: {said}");
    assert!(said.contains("p0-security/no-code-changes"), "{said}");
    // `--cleanup=strip` drops it, as the hook then reads it.
    let (made, said) = repo.commit(
        &[
            "-a",
            "--cleanup=strip",
            "-m",
            "# wip",
            "-m",
            &format!("{ID} fix"),
        ],
        &[],
    );
    assert!(made, "{said}");
    assert_eq!(repo.subject(), format!("{ID} fix"));
}

/// Item 10, legitimate use: in the editor, `#` lines are comments git
/// drops; the task named on the first line that stays is evidence.
#[cfg(unix)]
#[test]
fn editor_comment_lines_are_dropped_as_git_drops_them() {
    let repo = Repo::new();
    repo.touch_code("constant-time compare");
    repo.set_task("in_progress");
    let edit = editor(
        &repo.home(),
        &format!(
            "# Say what the change does.\n{ID}: compare in constant time\n\n# Please enter the commit message\n"
        ),
    );
    let (made, said) = repo.commit(&["-a"], &[("GIT_EDITOR", &edit)]);
    assert!(made, "{said}");
    assert_eq!(repo.subject(), format!("{ID}: compare in constant time"));
}

/// A configuration that lets anything through.
const LOOSE: &str = "[workflow]\nstatuses = [\"todo\", \"in_progress\", \"review\", \"done\"]\nstart = [\"todo\"]\ntransitions = { todo = [\"in_progress\", \"done\"] }\n\n[gates.p0-security]\nenabled = false\n";

/// Item 11: a `GATE_CONFIG` inside the repository that HEAD does not have
/// does not judge the commit; HEAD's configuration does.
#[cfg(unix)]
#[test]
fn gate_config_in_the_work_tree_does_not_loosen_the_hook() {
    let repo = Repo::new();
    repo.write("loose.toml", LOOSE);
    repo.set_task("done");
    repo.git(&["add", "tasks"]);
    let (made, said) = repo.commit(&["-m", "Done"], &[("GATE_CONFIG", "loose.toml")]);
    assert!(
        !made,
        "an uncommitted GATE_CONFIG judged the commit: {said}"
    );
    assert!(said.contains("is not in"), "{said}");
}

/// Item 11: one outside the repository judges, and every record it
/// judges names it; the records go to the log HEAD's configuration keeps.
#[cfg(unix)]
#[test]
fn gate_config_outside_the_repository_is_named_in_the_audit_record() {
    let repo = Repo::new();
    let outside = repo.outside.path().join("loose.toml");
    std::fs::write(
        &outside,
        format!(
            "{LOOSE}\n[audit]\npath = \"{}\"\n",
            repo.outside.path().join("elsewhere.jsonl").display()
        ),
    )
    .unwrap();
    repo.set_task("done");
    repo.git(&["add", "tasks"]);
    let (made, said) = repo.commit(
        &["-m", "Done"],
        &[("GATE_CONFIG", outside.to_str().unwrap())],
    );
    assert!(made, "{said}");
    assert!(said.contains("outside the repository"), "{said}");
    let records = audit_records(&repo.root());
    let last = records.last().unwrap();
    assert_eq!(last["outcome"], "allowed");
    assert_eq!(last["config"], outside.to_str().unwrap());
    assert!(!repo.outside.path().join("elsewhere.jsonl").exists());
}

/// Item 11, legitimate use: `GATE_CONFIG` naming the committed config is
/// that config; records made with the repository's config name none.
#[cfg(unix)]
#[test]
fn gate_config_naming_the_committed_file_judges_as_usual() {
    let repo = Repo::new();
    repo.write(
        "gate.toml",
        "[workflow]\nstatuses = [\"todo\", \"in_progress\", \"review\", \"done\"]\nstart = [\"todo\"]\n",
    );
    repo.git(&["add", "gate.toml"]);
    let (made, said) = repo.commit(&["-m", "Config"], &[]);
    assert!(made, "{said}");
    repo.set_task("in_progress");
    repo.touch_code("constant-time compare");
    repo.git(&["add", "-A"]);
    let (made, said) = repo.commit(
        &["-m", &format!("{ID}: compare in constant time")],
        &[("GATE_CONFIG", "gate.toml")],
    );
    assert!(made, "{said}");
    let records = audit_records(&repo.root());
    let last = records.last().unwrap();
    assert_eq!(last["outcome"], "allowed");
    assert!(last.get("config").is_none(), "{last}");
}
