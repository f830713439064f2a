//! `gate init`: write a commented gate.toml with the defaults.

use std::io::Write;

use anyhow::{Context as _, Result, bail};

use super::Env;
use crate::error::{Exit, UsageError};

/// The defaults of SPEC §9, commented. A test checks that it parses to the
/// same settings as no config at all.
pub(crate) const TEMPLATE: &str = r#"# gate.toml — configuration of `gate`, the kanban transition guard.
# Every value below is the built-in default; delete what you do not change.
# Paths are relative to this file's directory.

[board]
# Where task files live (*.md, searched recursively; dot-files are skipped).
tasks_dir = "docs/agile/tasks"
# Globs (relative to tasks_dir) of files that are not tasks.
exclude = []
# Files larger than this are reported as task/too-large and not read.
max_task_bytes = 8388608
# Fields `gate lint` expects in every task: id, title, status, priority, created, labels, slug.
required_fields = ["id", "title", "status", "priority"]

[workflow]
# The columns, in board order.
statuses = ["icebox", "incoming", "accepted", "breakdown", "blocked", "ready", "todo",
            "in_progress", "review", "testing", "document", "done", "rejected"]
# Where new tasks may start.
start = ["icebox", "incoming"]

# Which moves are allowed: from = [to, ...]. Setting this table replaces the
# whole default table.
[workflow.transitions]
icebox = ["incoming"]
incoming = ["accepted", "rejected", "icebox"]
accepted = ["breakdown", "icebox"]
breakdown = ["ready", "blocked", "icebox", "rejected"]
blocked = ["breakdown"]
ready = ["todo", "breakdown"]
todo = ["in_progress", "breakdown"]
in_progress = ["review", "todo", "breakdown"]
review = ["testing", "in_progress", "todo", "breakdown"]
testing = ["document", "in_progress", "review"]
document = ["done", "review"]
rejected = ["icebox"]
done = []

# Extra status names, e.g. in_review = "review". Built in: in_review and
# code_review → review; inprogress, doing, wip → in_progress; to_do → todo;
# ice_box → icebox; completed → done; docs, documentation → document; qa → testing.
[workflow.aliases]

# Extra priority names, e.g. urgent = "P0".
[priorities.aliases]

[gates.transition]
enabled = true

[gates.wip-limit]
enabled = true
# Warn when a move fills a column to this share of its limit.
warn_at = 0.8
# Column limits; a column not listed (or 0) is unlimited.
limits = { accepted = 5, breakdown = 5, blocked = 3, ready = 10, todo = 15, in_progress = 3, review = 2, testing = 2, document = 2 }
# Multiply the limit for urgent work, e.g. { P0 = 1.2, P1 = 1.1 } (rounded down).
priority_allowance = {}

[gates.p0-security]
enabled = true
# A task is in scope when its priority is listed here AND it has one of the
# labels or one of the title words.
priorities = ["P0"]
labels = ["security", "security-gates"]
title_words = ["security", "vulnerability"]
# Commits this long before the task was created still count as its work.
commit_slack = "1d"
# Stop walking history after this many commits.
max_commits = 100000
# Paths (globs) whose changes are not code evidence, besides the tasks directory.
exclude_paths = []
# Which target statuses need which evidence.
plan_required_for = ["in_progress", "review", "testing", "document", "done"]
commits_required_for = ["in_progress", "review", "testing", "document", "done"]
review_required_for = ["review", "testing"]
tests_required_for = ["testing"]
docs_required_for = ["done"]
plan_headings = ["implementation plan", "implementation details", "implementation",
                 "technical approach", "technical details", "technical design",
                 "solution design", "approach", "plan"]
test_headings = ["test plan", "test coverage", "testing strategy", "testing", "tests", "test cases"]
review_labels = ["security-reviewed", "security-approved", "security-sign-off"]
# Where a commit message names a task: "subject-or-trailer" (the subject, a
# `Task:`/`Refs:`/`Closes:`/… trailer, or a line starting with such a word)
# or "anywhere" (prose too). Ids always match as whole tokens.
evidence_in = "subject-or-trailer"
# Other forms the id is written in, e.g. ["task-{id}"]; numeric ids (`id: 3`)
# match outside a `Task: 3` trailer only in these.
id_forms = []

[overrides]
# `--force` must come with `--reason`.
require_reason = true
# Gates whose failures `--force` may override (errors never can be).
allowed = ["transition", "wip-limit", "p0-security"]

[audit]
enabled = true
path = ".gate/audit.jsonl"
"#;

pub(super) fn run(env: &mut Env<'_>, args: &crate::cli::InitArgs) -> Result<Exit> {
    let path = env.locate.cwd.join(&args.path);
    if path.exists() {
        bail!(UsageError(format!(
            "`{}` already exists; not overwriting it\nhelp: remove it first, or pass --path to write elsewhere",
            args.path.display()
        )));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("creating `{}`", path.display()))?;
    file.write_all(TEMPLATE.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing `{}`", path.display()))?;
    if !env.quiet {
        writeln!(env.err, "wrote {}", args.path.display())?;
    }
    let root = crate::config::find_root(&env.locate.cwd);
    let log = path.parent().unwrap_or(&root).join(".gate/audit.jsonl");
    if let Some(note) = crate::audit::gitattributes::set_up(&root, &log)
        && !env.quiet
    {
        writeln!(env.err, "{note}")?;
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::TEMPLATE;
    use crate::config::{Locate, Settings, load};

    fn settings(dir: &std::path::Path) -> Settings {
        std::fs::create_dir_all(dir.join("docs/agile/tasks")).unwrap();
        load(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
        .unwrap()
    }

    /// What the template writes is exactly what runs with no config at all.
    #[test]
    fn the_template_holds_the_defaults() {
        let bare = tempfile::tempdir().unwrap();
        let with = tempfile::tempdir().unwrap();
        std::fs::write(with.path().join("gate.toml"), TEMPLATE).unwrap();
        let (d, t) = (settings(bare.path()), settings(with.path()));
        assert!(t.config_file.is_some() && d.config_file.is_none());
        assert_eq!(t.workflow, d.workflow);
        assert_eq!(t.status_aliases, d.status_aliases);
        assert_eq!(t.priority_aliases, d.priority_aliases);
        assert_eq!(
            t.board.tasks_dir.strip_prefix(with.path()).unwrap(),
            d.board.tasks_dir.strip_prefix(bare.path()).unwrap()
        );
        assert_eq!(
            (
                &t.board.exclude,
                t.board.max_task_bytes,
                &t.board.required_fields
            ),
            (
                &d.board.exclude,
                d.board.max_task_bytes,
                &d.board.required_fields
            )
        );
        assert_eq!(json(&t.transition), json(&d.transition));
        assert_eq!(json(&t.wip), json(&d.wip));
        assert_eq!(json(&t.p0), json(&d.p0));
        assert_eq!(json(&t.overrides), json(&d.overrides));
        assert_eq!(
            (
                t.audit.enabled,
                t.audit.path.strip_prefix(with.path()).unwrap()
            ),
            (
                d.audit.enabled,
                d.audit.path.strip_prefix(bare.path()).unwrap()
            )
        );
    }

    fn json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }
}
