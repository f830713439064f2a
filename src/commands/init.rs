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
use super::learn::LearnedText;
use crate::config::template::{self, Template};
use crate::config::{Settings, SourceKind};
use crate::error::{Exit, UsageError};

/// The gate.toml text for `settings`, written at `file`. Values the board
/// tool's own config supplies stay there and are written as comments.
pub(crate) fn render(settings: &Settings, file: &Path) -> String {
    render_with(settings, file, None)
}

/// [`render`], with the workflow learned from history when given.
pub(super) fn render_with(
    settings: &Settings,
    file: &Path,
    learned: Option<&LearnedText>,
) -> String {
    let s = settings;
    let wf = &s.workflow;
    let here = file.parent().unwrap_or(Path::new(""));
    let t = Template::new(s);
    // `key = value`, or `# key = value` when the tool's file holds it.
    let line = |section: &str, key: &str, value: String| t.line(section, key, &value);
    let list = |items: &[String]| template::list(items);
    let statuses: Vec<String> = wf.statuses.iter().map(|k| wf.name(k).to_owned()).collect();
    let mut out = String::new();
    let tool_note = s.tool_file.as_ref().map_or_else(String::new, |t| {
        format!(
            "# It layers over `{}`: the values commented out below come from there;\n# uncomment one to override it.\n",
            crate::board::display_path(&s.root, t)
        )
    });
    let learned_note = learned.map_or("", |l| l.header.as_str());
    let _ = write!(
        out,
        r"# gate.toml — configuration of `gate`, the kanban transition guard.
# Every value below is what `gate` runs with now; delete what you do not change.
{learned_note}{tool_note}# Paths are relative to this file's directory.

[board]
{tool}# Where task files live (*.md, searched recursively; dot-files are skipped).
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
",
        start = learned.and_then(|l| l.start.as_deref()).map_or_else(
            || line(
                "workflow.start",
                "start",
                template::list_of(wf.start.iter().map(|k| wf.name(k)))
            ),
            |s| s.trim_end().to_owned()
        ),
        tool = s.board.tool.map_or_else(String::new, |t| format!(
            "# The board tool whose config is the board's, where one directory holds two.\ntool = {}\n",
            template::string(t.name())
        )),
        tasks_dir = line(
            "board.tasks_dir",
            "tasks_dir",
            template::string(&relative(here, &s.board.tasks_dir)),
        ),
        exclude = list(&s.board.exclude),
        max = s.board.max_task_bytes,
        required = list(&s.board.required_fields),
        statuses = line("workflow.statuses", "statuses", list(&statuses)),
    );
    if let Some(learned) = learned {
        out.push('\n');
        out.push_str(&learned.transitions);
    } else {
        write_table(&mut out, s, &t);
    }
    render_rest(&mut out, s, &t, here);
    out
}

/// The transition table in effect, commented out when the board tool's
/// file gives it.
fn write_table(out: &mut String, s: &Settings, t: &Template<'_>) {
    let wf = &s.workflow;
    let from_tool = |section: &str| t.from_tool(section);
    let _ = writeln!(
        out,
        r"
# Which moves are allowed: from = [to, ...]. Setting this table replaces the
# whole table; without it a list of statuses gets a derived one (forward to
# the next status, back to any earlier one, the last final).
{}",
        if from_tool("workflow.transitions") {
            "# [workflow.transitions]"
        } else {
            "[workflow.transitions]"
        },
    );
    for status in &wf.statuses {
        let targets = wf.targets(status);
        let row = format!("{status} = {}", template::list_of(targets.into_iter()));
        if from_tool("workflow.transitions") {
            let _ = writeln!(out, "# {row}");
        } else {
            let _ = writeln!(out, "{row}");
        }
    }
}

/// Everything after the transition table: aliases, priorities, gates,
/// overrides, audit.
fn render_rest(out: &mut String, s: &Settings, t: &Template<'_>, here: &Path) {
    let from_tool = |section: &str| t.from_tool(section);
    let list = |items: &[String]| template::list(items);
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
            let _ = writeln!(
                out,
                "{} = {}",
                template::key(alias),
                template::string(target)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n# Extra priority names, e.g. urgent = \"P0\".\n[priorities.aliases]"
    );
    for (alias, target) in &s.priority_aliases {
        let row = format!("{} = {}", template::key(alias), template::string(target));
        if from_tool("priorities") {
            let _ = writeln!(out, "# {row}");
        } else {
            let _ = writeln!(out, "{row}");
        }
    }
    for section in s.gates.iter() {
        let _ = write!(out, "\n{}", section.template(t));
    }
    let _ = write!(
        out,
        r"
[overrides]
# `--force` must come with `--reason`.
require_reason = {require_reason}
# Gates whose failures `--force` may override (errors never can be).
allowed = {allowed}

[audit]
enabled = {audit}
path = {audit_path}
",
        require_reason = s.overrides.require_reason,
        allowed = list(&s.overrides.allowed),
        audit = s.audit.enabled,
        audit_path = template::string(&relative(here, &s.audit.path)),
    );
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
    // A tool's config needs `--force` for a plain init (gate reads it with
    // no gate.toml); a workflow learned from history is what the tool's
    // file lacks, layered over it. A Promethean config is replaced by the
    // file written, so it needs `--force` either way.
    let refuse = if args.from_history {
        matches!(settings.source_kind, SourceKind::Promethean)
    } else {
        matches!(
            settings.source_kind,
            SourceKind::Promethean
                | SourceKind::BacklogMd
                | SourceKind::KanbanMd
                | SourceKind::Beans
        )
    };
    if let Some(source) = settings.config_file.as_ref().filter(|_| refuse)
        && !args.force
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
    let target = std::path::absolute(&path).unwrap_or(path.clone());
    let (text, summary) = if args.from_history {
        let render = |learned: Option<&LearnedText>| render_with(&settings, &target, learned);
        let (text, summary) =
            super::learn::learn(env, &settings, &target, args.since.as_deref(), &render)?;
        (text, Some(summary))
    } else {
        (render(&settings, &target), None)
    };
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
        if let Some(summary) = summary {
            env.out.write_all(summary.as_bytes())?;
        }
    }
    // The log the written file names (its `[audit] path`), not one guessed
    // beside the file.
    let root = crate::config::find_root(&env.locate.cwd);
    if let Some(note) = crate::audit::gitattributes::set_up(&root, &settings.audit.path)
        && !env.quiet
    {
        writeln!(env.err, "{note}")?;
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::config::{Locate, Settings, SourceKind};
    use crate::gates::load_settings as load;
    use crate::gates::transition::settings::TransitionSettings;
    use crate::gates::wip_limit::settings::WipSettings;
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
            serde_json::to_value(super::super::config::effective(before).unwrap()).unwrap(),
            serde_json::to_value(super::super::config::effective(after).unwrap()).unwrap(),
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
        assert_eq!(
            after.section::<WipSettings>().unwrap().limits.get("done"),
            Some(&9999)
        );
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
        assert_eq!(
            after
                .section::<WipSettings>()
                .unwrap()
                .limits
                .get("in_progress"),
            Some(&2)
        );
    }

    /// Every gate's section is written from the section itself: a setting
    /// only some boards set (`removable_from`) is kept too.
    #[test]
    fn init_keeps_every_gate_setting() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tasks")).unwrap();
        std::fs::write(
            dir.path().join("gate.toml"),
            "[gates.transition]\nremovable_from = [\"done\"]\n[gates.wip-limit]\npriority_allowance = { P0 = 1.5 }\n[gates.p0-security]\nid_forms = [\"t-{id}\"]\nevidence_in = \"anywhere\"\n",
        )
        .unwrap();
        let before = settings(dir.path());
        let text = render(&before, &dir.path().join("gate.toml"));
        std::fs::write(dir.path().join("gate.toml"), &text).unwrap();
        let after = settings(dir.path());
        same(&before, &after, &text);
        assert_eq!(
            after
                .section::<TransitionSettings>()
                .unwrap()
                .removable_from
                .as_deref(),
            Some(&["done".to_owned()][..])
        );
        for id in crate::gates::REGISTRY.ids {
            assert!(text.contains(&format!("\n[gates.{id}]\n")), "{text}");
        }
    }

    /// Every status alias is written as a key that reads back (quoted):
    /// `"en revue"` round-trips. An alias with no letters (`"---"`) used to
    /// be written bare, and invalid; it is now refused when the config loads
    /// (it would name every status that has no letters).
    #[test]
    fn init_quotes_every_status_alias() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tasks")).unwrap();
        std::fs::write(
            dir.path().join("gate.toml"),
            "[workflow.aliases]\n\"en revue\" = \"review\"\n",
        )
        .unwrap();
        let (before, after, text) = init_in(dir.path());
        same(&before, &after, &text);
        assert_eq!(
            after.status_aliases.get("en_revue"),
            Some(&"review".to_owned())
        );
        std::fs::write(
            dir.path().join("gate.toml"),
            "[workflow.aliases]\n\"---\" = \"todo\"\ntodo = \"review\"\n",
        )
        .unwrap();
        let err = load(&Locate {
            cwd: dir.path().to_path_buf(),
            ..Locate::default()
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`workflow.aliases.---`: has no letters or digits"),
            "{err}"
        );
        assert!(
            err.contains("`workflow.aliases.todo`: is a status itself"),
            "{err}"
        );
    }
}
