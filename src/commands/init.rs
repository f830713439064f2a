//! `gate init`: write a commented gate.toml holding what is in effect now —
//! the tasks directory found, the board's statuses, limits and policy — so
//! that writing it changes nothing. Where a Promethean or board tool config
//! is the source, it refuses without `--force`; with it, a tool's values
//! are written as comments (gate.toml layers over the tool's file) and a
//! Promethean config's as values (gate.toml replaces it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::Env;
use crate::config::{Settings, SourceKind};
use crate::error::{Exit, UsageError};

/// The gate.toml text for `settings`, written at `file`. Values the board
/// tool's own config supplies stay there and are written as comments.
pub(crate) fn render(settings: &Settings, file: &Path) -> String {
    let s = settings;
    let wf = &s.workflow;
    let here = file.parent().unwrap_or(Path::new(""));
    let layered = s.tool_file.is_some();
    let from_tool = |section: &str| {
        layered
            && s.sources.get(section).is_some_and(|src| {
                s.tool_file
                    .as_ref()
                    .is_some_and(|t| src.starts_with(&crate::board::display_path(&s.root, t)))
                    || src.starts_with("derived")
            })
    };
    // `key = value`, or `# key = value` when the tool's file holds it.
    let line = |section: &str, key: &str, value: String| {
        if from_tool(section) {
            format!("# {key} = {value}   # from {}", s.sources[section])
        } else {
            format!("{key} = {value}")
        }
    };
    let list = |items: &[String]| toml_list(items.iter().map(String::as_str));
    let statuses: Vec<String> = wf.statuses.iter().map(|k| wf.name(k).to_owned()).collect();
    let mut out = String::new();
    let tool_note = s.tool_file.as_ref().map_or_else(String::new, |t| {
        format!(
            "# It layers over `{}`: the values commented out below come from there;\n# uncomment one to override it.\n",
            crate::board::display_path(&s.root, t)
        )
    });
    let _ = write!(
        out,
        r"# gate.toml — configuration of `gate`, the kanban transition guard.
# Every value below is what `gate` runs with now; delete what you do not change.
{tool_note}# Paths are relative to this file's directory.

[board]
# Where task files live (*.md, searched recursively; dot-files are skipped).
{tasks_dir}
# Globs (relative to tasks_dir) of files that are not tasks.
exclude = {exclude}
# Files larger than this are reported as task/too-large and not read.
max_task_bytes = {max}
# Fields `gate lint` expects in every task: id, title, status, priority, created, labels, slug.
required_fields = {required}

[workflow]
# The columns, in board order, as the board spells them.
{statuses}
# Where new tasks may start.
{start}

# Which moves are allowed: from = [to, ...]. Setting this table replaces the
# whole table; without it a list of statuses gets a derived one (forward to
# the next status, back to any earlier one, the last final).
{transitions_header}
",
        tasks_dir = line(
            "board.tasks_dir",
            "tasks_dir",
            toml_string(&relative(here, &s.board.tasks_dir)),
        ),
        exclude = list(&s.board.exclude),
        max = s.board.max_task_bytes,
        required = list(&s.board.required_fields),
        statuses = line("workflow.statuses", "statuses", list(&statuses)),
        start = line(
            "workflow.start",
            "start",
            toml_list(wf.start.iter().map(|k| wf.name(k)))
        ),
        transitions_header = if from_tool("workflow.transitions") {
            "# [workflow.transitions]"
        } else {
            "[workflow.transitions]"
        },
    );
    for status in &wf.statuses {
        let targets = wf.targets(status);
        let row = format!("{status} = {}", toml_list(targets.into_iter()));
        if from_tool("workflow.transitions") {
            let _ = writeln!(out, "# {row}");
        } else {
            let _ = writeln!(out, "{row}");
        }
    }
    let builtin_aliases: BTreeMap<String, String> = crate::task::normalize::DEFAULT_STATUS_ALIASES
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let _ = writeln!(
        out,
        r#"
# Extra status names, e.g. in_review = "review". Built in: in_review and
# code_review → review; inprogress, doing, wip → in_progress; to_do → todo;
# ice_box → icebox; completed → done; docs, documentation → document; qa → testing.
[workflow.aliases]"#
    );
    for (alias, target) in &s.status_aliases {
        if builtin_aliases.get(alias) != Some(target) {
            let _ = writeln!(out, "{alias} = {}", toml_string(target));
        }
    }
    let _ = writeln!(
        out,
        "\n# Extra priority names, e.g. urgent = \"P0\".\n[priorities.aliases]"
    );
    for (alias, target) in &s.priority_aliases {
        let row = format!("{} = {}", toml_key(alias), toml_string(target));
        if from_tool("priorities") {
            let _ = writeln!(out, "# {row}");
        } else {
            let _ = writeln!(out, "{row}");
        }
    }
    let limits = {
        let items: Vec<String> = s
            .wip
            .limits
            .iter()
            .map(|(k, n)| format!("{k} = {n}"))
            .collect();
        if items.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{ {} }}", items.join(", "))
        }
    };
    let allowance: Vec<String> = s
        .wip
        .priority_allowance
        .iter()
        .map(|(k, f)| format!("{k} = {f:?}"))
        .collect();
    let p0 = &s.p0;
    let _ = write!(
        out,
        r"
[gates.transition]
enabled = {transition}

[gates.wip-limit]
enabled = {wip}
# Warn when a move fills a column to this share of its limit.
warn_at = {warn_at:?}
# Column limits; a column not listed (or 0) is unlimited.
{limits}
# Multiply the limit for urgent work, e.g. {{ P0 = 1.2, P1 = 1.1 }} (rounded down).
priority_allowance = {allowance}

[gates.p0-security]
enabled = {p0_enabled}
# A task is in scope when its priority is listed here AND it has one of the
# labels or one of the title words.
{priorities}
labels = {labels}
title_words = {title_words}
# Commits this long before the task was created still count as its work.
commit_slack = {commit_slack}
# Stop walking history after this many commits.
max_commits = {max_commits}
# Paths (globs) whose changes are not code evidence, besides the tasks directory.
exclude_paths = {exclude_paths}
# Which target statuses need which evidence.
plan_required_for = {plan}
commits_required_for = {commits}
review_required_for = {review}
tests_required_for = {tests}
docs_required_for = {docs}
plan_headings = {plan_headings}
test_headings = {test_headings}
review_labels = {review_labels}
# Where a commit message names a task: subject-or-trailer (the subject, a
# `Task:`/`Refs:`/`Closes:`/… trailer, or a line starting with such a word)
# or anywhere (prose too). Ids always match as whole tokens.
evidence_in = {evidence_in}
# Other forms the id is written in, e.g. ['task-{{id}}']; numeric ids (`id: 3`)
# match outside a `Task: 3` trailer only in these.
id_forms = {id_forms}

[overrides]
# `--force` must come with `--reason`.
require_reason = {require_reason}
# Gates whose failures `--force` may override (errors never can be).
allowed = {allowed}

[audit]
enabled = {audit}
path = {audit_path}
",
        transition = s.transition.enabled,
        wip = s.wip.enabled,
        warn_at = s.wip.warn_at,
        limits = line("gates.wip-limit.limits", "limits", limits),
        allowance = if allowance.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{ {} }}", allowance.join(", "))
        },
        p0_enabled = p0.enabled,
        priorities = line(
            "gates.p0-security.priorities",
            "priorities",
            list(&p0.priorities)
        ),
        labels = list(&p0.labels),
        title_words = list(&p0.title_words),
        commit_slack = toml_string(&p0.commit_slack),
        max_commits = p0.max_commits,
        exclude_paths = list(&p0.exclude_paths),
        plan = list(&p0.plan_required_for),
        commits = list(&p0.commits_required_for),
        review = list(&p0.review_required_for),
        tests = list(&p0.tests_required_for),
        docs = list(&p0.docs_required_for),
        plan_headings = list(&p0.plan_headings),
        test_headings = list(&p0.test_headings),
        review_labels = list(&p0.review_labels),
        evidence_in = match p0.evidence_in {
            crate::config::EvidenceIn::SubjectOrTrailer => "\"subject-or-trailer\"",
            crate::config::EvidenceIn::Anywhere => "\"anywhere\"",
        },
        id_forms = list(&p0.id_forms),
        require_reason = s.overrides.require_reason,
        allowed = list(&s.overrides.allowed),
        audit = s.audit.enabled,
        audit_path = toml_string(&relative(here, &s.audit.path)),
    );
    out
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn toml_key(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        text.to_owned()
    } else {
        toml_string(text)
    }
}

fn toml_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(toml_string).collect();
    format!("[{}]", items.join(", "))
}

/// `path` relative to `from` (both absolute), with `/` separators.
fn relative(from: &Path, path: &Path) -> String {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = path.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    let text = rel.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}

pub(super) fn run(env: &mut Env<'_>, args: &crate::cli::InitArgs) -> Result<Exit> {
    let path = env.locate.cwd.join(&args.path);
    if path.exists() {
        bail!(UsageError(format!(
            "`{}` already exists; not overwriting it\nhelp: remove it first, or pass --path to write elsewhere",
            args.path.display()
        )));
    }
    let settings = env.settings()?;
    if let Some(source) = settings.config_file.as_ref().filter(|_| {
        matches!(
            settings.source_kind,
            SourceKind::Promethean
                | SourceKind::BacklogMd
                | SourceKind::KanbanMd
                | SourceKind::Beans
        )
    }) && !args.force
    {
        let shown = crate::board::display_path(&settings.root, source);
        let what = match settings.source_kind {
            SourceKind::Promethean => "a Promethean board config",
            SourceKind::BacklogMd => "Backlog.md's config",
            SourceKind::Beans => "beans' config",
            _ => "kanban-md's config",
        };
        let help = if settings.source_kind == SourceKind::Promethean {
            "pass --force to write a gate.toml holding the values in effect (it then replaces that file as gate's config)"
        } else {
            "pass --force to write a gate.toml that layers gate's policy over it"
        };
        bail!(UsageError(format!(
            "this board is already configured by `{shown}` ({what}); gate reads it with no gate.toml\nhelp: {help}"
        )));
    }
    // Written where the file will be, so its paths resolve the same.
    let text = render(
        &settings,
        &std::path::absolute(&path).unwrap_or(path.clone()),
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("creating `{}`", path.display()))?;
    file.write_all(text.as_bytes())
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
    use super::render;
    use crate::config::{Locate, Settings, SourceKind, load};
    use std::path::Path;

    fn settings(dir: &Path) -> Settings {
        load(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
        .unwrap()
    }

    /// Writes `gate init`'s text into `dir` and returns the settings before
    /// and after: the effective configuration must not change.
    fn init_in(dir: &Path) -> (Settings, Settings, String) {
        let before = settings(dir);
        let text = render(&before, &dir.join("gate.toml"));
        std::fs::write(dir.join("gate.toml"), &text).unwrap();
        let after = settings(dir);
        assert_eq!(after.source_kind, SourceKind::GateToml, "{text}");
        (before, after, text)
    }

    fn same(before: &Settings, after: &Settings, text: &str) {
        assert_eq!(
            serde_json::to_value(super::super::config::effective(before)).unwrap(),
            serde_json::to_value(super::super::config::effective(after)).unwrap(),
            "{text}"
        );
        // The same moves, whether derived or written out as a table.
        let (b, a) = (&before.workflow, &after.workflow);
        assert_eq!(
            (&b.statuses, &b.start, &b.names, b.table()),
            (&a.statuses, &a.start, &a.names, a.table()),
            "{text}"
        );
        assert_eq!(before.priority_aliases, after.priority_aliases, "{text}");
    }

    /// With no config, what init writes is exactly what runs without it.
    #[test]
    fn init_writes_the_defaults_in_effect() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/agile/tasks")).unwrap();
        let (before, after, text) = init_in(dir.path());
        assert_eq!(before.source_kind, SourceKind::Defaults);
        same(&before, &after, &text);
        assert!(text.contains("tasks_dir = \"docs/agile/tasks\""), "{text}");
    }

    /// Issue #11 item 4: a repository whose board is `tasks/` keeps it.
    #[test]
    fn init_keeps_the_tasks_directory_it_found() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tasks")).unwrap();
        let (before, after, text) = init_in(dir.path());
        same(&before, &after, &text);
        assert!(text.contains("tasks_dir = \"tasks\""), "{text}");
        assert_eq!(after.board.tasks_dir, dir.path().join("tasks"));
    }

    /// Over a Backlog.md config, the tool's values stay in its file: they are
    /// comments, and nothing in effect changes.
    #[test]
    fn init_over_a_tool_config_layers_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("backlog/tasks")).unwrap();
        std::fs::write(
            dir.path().join("backlog/config.yml"),
            "default_status: \"To Do\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\n",
        )
        .unwrap();
        let (before, after, text) = init_in(dir.path());
        assert_eq!(before.source_kind, SourceKind::BacklogMd);
        same(&before, &after, &text);
        assert!(
            text.contains("# statuses = [\"To Do\", \"In Progress\", \"Done\"]"),
            "{text}"
        );
        assert!(after.tool_file.is_some());
    }

    /// Next to a Promethean config, init writes its values: the limits and
    /// the tasks directory do not silently change.
    #[test]
    fn init_over_a_promethean_config_keeps_its_values() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/agile/tasks")).unwrap();
        std::fs::write(
            dir.path().join("promethean.kanban.json"),
            r#"{"tasksDir": "docs/agile/tasks", "statusValues": ["todo", "in_progress", "done"],
                "wipLimits": {"in_progress": 10, "done": 9999}}"#,
        )
        .unwrap();
        let (before, after, text) = init_in(dir.path());
        assert_eq!(before.source_kind, SourceKind::Promethean);
        same(&before, &after, &text);
        assert_eq!(after.wip.limits.get("done"), Some(&9999));
    }

    /// kanban-md's limits and priorities come along as comments.
    #[test]
    fn init_over_kanban_md_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("kanban/tasks")).unwrap();
        std::fs::write(
            dir.path().join("kanban/config.yml"),
            "statuses:\n  - name: backlog\n  - name: in-progress\n  - done\npriorities: [minor, major]\ndefaults:\n  status: backlog\nwip_limits:\n  in-progress: 2\n",
        )
        .unwrap();
        let (before, after, text) = init_in(dir.path());
        assert_eq!(before.source_kind, SourceKind::KanbanMd);
        same(&before, &after, &text);
        assert_eq!(after.wip.limits.get("in_progress"), Some(&2));
    }
}
