//! Board tools' own config files as a config source: Backlog.md's
//! `backlog/config.yml`, kanban-md's `kanban/config.yml`, beans'
//! `.beans.yml`. Each tool is a
//! small adapter in its own file that reads the tool's file into a
//! [`ToolConfig`]; [`ADAPTERS`] is the one list to add the next tool to.
//!
//! An adapter only reports what the tool's file says (statuses with their
//! spelling, start state, tasks directory, limits, priorities), each value
//! with the key it came from. Validation, layering under `gate.toml` and
//! defaults are the config module's job.

mod backlog;
mod beans;
mod kanban_md;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike as _, SecondsFormat, Timelike as _, Utc};

use crate::task::frontmatter::{self, Entries, Value};
use crate::task::rewrite::{FieldEdit, Quote};

/// A board tool whose config `gate` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tool {
    BacklogMd,
    KanbanMd,
    Beans,
}

impl Tool {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tool::BacklogMd => "Backlog.md",
            Tool::KanbanMd => "kanban-md",
            Tool::Beans => "beans",
        }
    }
}

/// A value from the tool's config and the key that holds it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Origin<T> {
    pub(crate) value: T,
    /// The key in the tool's file (`statuses`, `defaults.status`, …).
    pub(crate) key: &'static str,
}

impl<T> Origin<T> {
    pub(crate) fn new(value: T, key: &'static str) -> Self {
        Origin { value, key }
    }
}

/// A kanban-md class of service (`classes: [{name, wip_limit,
/// bypass_column_wip}]`): a card of the class counts against the class's
/// own limit, and one that bypasses column limits passes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServiceClass {
    /// As the tool spells it.
    pub(crate) name: String,
    /// The most cards of the class on the board at once (kanban-md counts
    /// every card of the class; gate counts those not in a final status).
    pub(crate) wip_limit: Option<u32>,
    pub(crate) bypass_column_wip: bool,
}

/// What a board tool's own folder beside its tasks means: moving a task
/// file there is one of the tool's operations, not a removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FolderKind {
    /// Backlog.md's `completed/` (`backlog cleanup`): the task is done.
    Completed,
    /// Backlog.md's `archive/tasks/` (`backlog task archive`).
    Archive,
    /// Backlog.md's `drafts/` (`backlog task demote`).
    Drafts,
}

/// A tool's folder (absolute) and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ToolFolder {
    pub(crate) dir: PathBuf,
    pub(crate) kind: FolderKind,
}

/// What a tool's config file says, in gate's terms.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ToolConfig {
    pub(crate) tool: Tool,
    /// The tool's config file (absolute).
    pub(crate) file: PathBuf,
    /// The tasks directory (absolute); the key is empty when the tool's
    /// layout fixes it rather than a key.
    pub(crate) tasks_dir: Origin<PathBuf>,
    /// Statuses in board order, as the tool spells them.
    pub(crate) statuses: Option<Origin<Vec<String>>>,
    /// Where new tasks start.
    pub(crate) start: Option<Origin<Vec<String>>>,
    /// Column limits by status as the tool spells it.
    pub(crate) limits: Option<Origin<BTreeMap<String, u32>>>,
    /// Priority names mapped to `P0`..`P3`, beyond the built-in ones.
    pub(crate) priority_aliases: Option<Origin<BTreeMap<String, String>>>,
    /// The board's most urgent priority (`P0`..`P3`): the P0 gate's scope.
    pub(crate) top_priority: Option<Origin<String>>,
    /// The fields every task of this tool has (`gate lint`), when not the
    /// built-in list.
    pub(crate) required_fields: Option<Origin<Vec<String>>>,
    /// How the tool compares task ids.
    pub(crate) ids: crate::task::identity::IdRule,
    /// The final statuses as the tool defines them, as it spells them.
    pub(crate) finals: Option<Origin<Vec<String>>>,
    /// kanban-md's classes of service.
    pub(crate) classes: Vec<ServiceClass>,
    /// The tool's own folders beside the tasks (Backlog.md's).
    pub(crate) folders: Vec<ToolFolder>,
    /// The tool's priority names as it spells them, lowest first (for
    /// messages in the board's words).
    pub(crate) priority_words: Vec<String>,
    /// Statuses a card may enter only when claimed (`claimed_by` set), as
    /// the tool spells them: kanban-md's `require_claim: true`.
    pub(crate) require_claim: Vec<String>,
    /// What the tool writes beside the status when it moves a task.
    pub(crate) stamps: MoveStamps,
}

/// What a board tool writes into a task file beside the status when it
/// moves the task: `gate move` writes the same, so the file reads as if
/// the tool had moved it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum MoveStamps {
    /// Nothing (gate's own boards, Promethean, beans).
    #[default]
    None,
    /// Backlog.md: `updated_date`, now in UTC, in the board's
    /// `date_format`.
    BacklogMd { date_format: String },
    /// kanban-md: `updated` now; `started` on the first move out of the
    /// first status, or into a terminal one, never overwritten;
    /// `completed` on a move into a terminal status, removed on a move
    /// out of one (a reopen). Statuses as the tool spells them.
    KanbanMd {
        first: Option<String>,
        terminal: Vec<String>,
    },
}

impl MoveStamps {
    /// The edits a move from `from` to `to` (as the tool spells them)
    /// makes at `now`.
    pub(crate) fn edits(&self, from: Option<&str>, to: &str, now: DateTime<Utc>) -> Vec<FieldEdit> {
        const CREATED: &[&str] = &["created"];
        const UPDATED: &[&str] = &["updated", "created"];
        const STARTED: &[&str] = &["started", "updated", "created"];
        let set = |key, value: &String, after, quote, only_if_absent| FieldEdit::Set {
            key,
            value: value.clone(),
            after,
            quote,
            only_if_absent,
        };
        match self {
            MoveStamps::None => Vec::new(),
            MoveStamps::BacklogMd { date_format } => vec![set(
                "updated_date",
                &backlog_date(date_format, now),
                &["created_date"],
                Quote::Single,
                false,
            )],
            MoveStamps::KanbanMd { first, terminal } => {
                let now = now.to_rfc3339_opts(SecondsFormat::Secs, true);
                let is_terminal = |s: &str| terminal.iter().any(|t| t == s);
                let mut edits = vec![set("updated", &now, CREATED, Quote::Plain, false)];
                let leaves_first = first.as_deref().is_some_and(|f| from == Some(f) && to != f);
                if is_terminal(to) {
                    edits.push(set("started", &now, UPDATED, Quote::Plain, true));
                    edits.push(set("completed", &now, STARTED, Quote::Plain, false));
                } else {
                    if leaves_first {
                        edits.push(set("started", &now, UPDATED, Quote::Plain, true));
                    }
                    if from.is_some_and(is_terminal) {
                        edits.push(FieldEdit::Remove { key: "completed" });
                    }
                }
                edits
            }
        }
    }
}

/// `now` (UTC) in a Backlog.md `date_format`: `yyyy`, `mm`, `dd`, `hh`,
/// `ss`; an `mm` after `hh` is the minutes. A format with no year, month
/// and day is not one Backlog.md writes: its default is used.
fn backlog_date(format: &str, now: DateTime<Utc>) -> String {
    let format = if ["yyyy", "mm", "dd"].iter().all(|t| format.contains(t)) {
        format
    } else {
        BACKLOG_DATE_FORMAT
    };
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    let mut hours_seen = false;
    while let Some(c) = rest.chars().next() {
        let (token, value) = if rest.starts_with("yyyy") {
            (4, format!("{:04}", now.year()))
        } else if rest.starts_with("mm") {
            let v = if hours_seen {
                now.minute()
            } else {
                now.month()
            };
            (2, format!("{v:02}"))
        } else if rest.starts_with("dd") {
            (2, format!("{:02}", now.day()))
        } else if rest.starts_with("hh") {
            hours_seen = true;
            (2, format!("{:02}", now.hour()))
        } else if rest.starts_with("ss") {
            (2, format!("{:02}", now.second()))
        } else {
            (c.len_utf8(), c.to_string())
        };
        out.push_str(&value);
        rest = &rest[token..];
    }
    out
}

/// What Backlog.md writes when its config names no `date_format`.
pub(crate) const BACKLOG_DATE_FORMAT: &str = "yyyy-mm-dd hh:mm";

impl ToolConfig {
    /// Whether two readings of a tool's config set the same policy: every
    /// value gate reads, not the file's bookkeeping (kanban-md's `next_id`,
    /// which every new card bumps, its `tui` and `board` display keys).
    pub(crate) fn same_policy(&self, other: &ToolConfig) -> bool {
        ToolConfig {
            file: other.file.clone(),
            stamps: other.stamps.clone(),
            ..self.clone()
        } == *other
    }
}

/// One tool: where its config lives and how to read it.
pub(crate) struct Adapter {
    pub(crate) tool: Tool,
    /// Config files relative to the repository root, first found wins.
    pub(crate) files: &'static [&'static str],
    /// Reads the file's text (found at `path`) into a [`ToolConfig`].
    pub(crate) read: fn(path: &Path, text: &str) -> Result<ToolConfig, String>,
}

/// Every tool `gate` reads, in the order they are looked for.
pub(crate) const ADAPTERS: &[Adapter] = &[backlog::ADAPTER, kanban_md::ADAPTER, beans::ADAPTER];

/// Where a board tool's config may be, nearest first: each adapter's files
/// in the working directory, then in each directory above it up to the
/// root, as `/`-separated paths relative to the root. The one search order
/// of the work tree ([`find`]) and of a commit's tree (`gate ci` at the
/// base), so the two cannot look in different places.
pub(crate) fn candidates(cwd: &Path, root: &Path) -> Vec<(&'static Adapter, String)> {
    levels(cwd, root).into_iter().flatten().collect()
}

/// [`candidates`] by directory, nearest first: the places of one level
/// are equally near, so two tools' configs there are two boards.
pub(crate) fn levels(cwd: &Path, root: &Path) -> Vec<Vec<(&'static Adapter, String)>> {
    let Ok(below) = cwd.strip_prefix(root) else {
        // A working directory outside the root: the root alone.
        return levels(root, root);
    };
    let mut out = Vec::new();
    for dir in below.ancestors() {
        let dir = dir.to_string_lossy().replace('\\', "/");
        let mut level = Vec::new();
        for adapter in ADAPTERS {
            for file in adapter.files {
                level.push((
                    adapter,
                    if dir.is_empty() {
                        (*file).to_owned()
                    } else {
                        format!("{dir}/{file}")
                    },
                ));
            }
        }
        out.push(level);
    }
    out
}

/// The folder a board tool keeps as its own, found from its config file:
/// Backlog.md's `backlog/` (tasks, drafts, completed, archive, docs,
/// decisions and `config.yml`; also `.backlog/`, and the `backlog/` beside
/// `backlog.config.yml`) and kanban-md's `kanban/`. None for a tool whose
/// config sits among the project's own files (beans' `.beans.yml`).
pub(crate) fn board_folder(tool_file: &Path) -> Option<PathBuf> {
    let dir = tool_file.parent()?;
    let name = tool_file.file_name()?.to_str()?;
    if name == "backlog.config.yml" {
        return Some(dir.join("backlog"));
    }
    let folder = dir.file_name()?.to_str()?;
    (name == "config.yml" && matches!(folder, "backlog" | ".backlog" | "kanban"))
        .then(|| dir.to_path_buf())
}

/// Which board tool's config `gate.toml` names (`[board] tool`): the
/// choice when a directory holds two tools' configs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ToolChoice {
    #[serde(alias = "backlog", alias = "Backlog.md")]
    BacklogMd,
    #[serde(alias = "kanban")]
    KanbanMd,
    Beans,
    /// No tool's config: gate.toml alone.
    None,
}

impl ToolChoice {
    /// As `[board] tool` spells it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ToolChoice::BacklogMd => "backlog-md",
            ToolChoice::KanbanMd => "kanban-md",
            ToolChoice::Beans => "beans",
            ToolChoice::None => "none",
        }
    }

    /// Whether `tool` is the one chosen.
    pub(crate) fn is(self, tool: Tool) -> bool {
        matches!(
            (self, tool),
            (ToolChoice::BacklogMd, Tool::BacklogMd)
                | (ToolChoice::KanbanMd, Tool::KanbanMd)
                | (ToolChoice::Beans, Tool::Beans)
        )
    }
}

/// Parses a tool's YAML config into its top-level entries.
pub(crate) fn parse(text: &str) -> Result<Entries<'_>, String> {
    frontmatter::parse_yaml(text).map_err(|e| {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
            (Some(l), None) => format!(" at line {l}"),
            _ => String::new(),
        };
        format!("not valid YAML{at}: {}", e.message)
    })
}

/// The value of a top-level key.
pub(crate) fn get<'e, 'a>(entries: &'e Entries<'a>, key: &str) -> Option<&'e Value<'a>> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A scalar value as trimmed text; `None` when absent, null or empty.
pub(crate) fn text(value: Option<&Value<'_>>) -> Option<String> {
    value
        .and_then(Value::as_scalar)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// A list of names: scalars, or maps whose `name` is the name (kanban-md's
/// `{name: …}` objects). `key` names the list in messages.
pub(crate) fn names(value: &Value<'_>, key: &str) -> Result<Vec<String>, String> {
    let Value::Seq(items) = value else {
        return Err(format!("`{key}` must be a list"));
    };
    items
        .iter()
        .map(|item| match item {
            Value::Map(entries) => text(get(entries, "name")),
            other => text(Some(other)),
        })
        .map(|name| name.ok_or_else(|| format!("`{key}` holds an entry without a name")))
        .collect()
}

/// The entries of a list of `{name: …, <flag>: true}` objects whose flag is
/// true, by name; scalars and objects without the flag are skipped.
pub(crate) fn flagged(value: &Value<'_>, flag: &str) -> Vec<String> {
    let Value::Seq(items) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Map(entries) if matches!(get(entries, flag), Some(Value::Bool(true))) => {
                text(get(entries, "name"))
            }
            _ => None,
        })
        .collect()
}

/// Priorities listed lowest first, mapped from the top: the last is `P0`,
/// the one before `P1`, down to `P3`. Only names the built-in mapping does
/// not already rank the same way become aliases.
pub(crate) fn rank_lowest_first(names: &[String]) -> (BTreeMap<String, String>, Option<String>) {
    let mut aliases = BTreeMap::new();
    for (rank, name) in names.iter().rev().take(4).enumerate() {
        let canonical = format!("P{rank}");
        let lowered = name.trim().to_lowercase();
        let builtin = crate::task::Vocabulary::default().priority(&lowered);
        if builtin.to_string() != canonical {
            aliases.insert(lowered, canonical);
        }
    }
    let top = (!names.is_empty()).then(|| "P0".to_owned());
    (aliases, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_strings_and_name_objects() {
        let entries =
            parse("a: [x, y]\nb:\n  - name: In Progress\n    wip: 3\n  - done\n").unwrap();
        assert_eq!(names(get(&entries, "a").unwrap(), "a").unwrap(), ["x", "y"]);
        assert_eq!(
            names(get(&entries, "b").unwrap(), "b").unwrap(),
            ["In Progress", "done"]
        );
        let entries = parse("c: text\nd: [{wip: 3}]\n").unwrap();
        assert!(names(get(&entries, "c").unwrap(), "c").is_err());
        assert!(names(get(&entries, "d").unwrap(), "d").is_err());
    }

    #[test]
    fn lowest_first_priorities_rank_from_the_top() {
        let list = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (aliases, top) = rank_lowest_first(&list(&["low", "medium", "high", "critical"]));
        assert!(aliases.is_empty(), "{aliases:?}");
        assert_eq!(top.as_deref(), Some("P0"));
        let (aliases, _) = rank_lowest_first(&list(&["minor", "major", "blocker"]));
        assert_eq!(aliases.get("blocker").map(String::as_str), Some("P0"));
        assert_eq!(aliases.get("major").map(String::as_str), Some("P1"));
        assert_eq!(aliases.get("minor").map(String::as_str), Some("P2"));
        // Built-in names ranked elsewhere are remapped too: here high is the top.
        let (aliases, _) = rank_lowest_first(&list(&["low", "medium", "high"]));
        assert_eq!(aliases.get("high").map(String::as_str), Some("P0"));
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn backlog_dates_follow_the_board_format() {
        let now = at("2026-03-04T05:06:07Z");
        assert_eq!(backlog_date("yyyy-mm-dd hh:mm", now), "2026-03-04 05:06");
        assert_eq!(backlog_date("yyyy-mm-dd", now), "2026-03-04");
        assert_eq!(backlog_date("dd/mm/yyyy", now), "04/03/2026");
        assert_eq!(
            backlog_date("mm/dd/yyyy hh:mm:ss", now),
            "03/04/2026 05:06:07"
        );
        // Not a date format: Backlog.md's default.
        assert_eq!(backlog_date("whenever", now), "2026-03-04 05:06");
    }

    fn keys(edits: &[FieldEdit]) -> Vec<String> {
        edits
            .iter()
            .map(|e| match e {
                FieldEdit::Set {
                    key,
                    only_if_absent,
                    ..
                } => format!("{key}{}", if *only_if_absent { "?" } else { "" }),
                FieldEdit::Remove { key } => format!("-{key}"),
            })
            .collect()
    }

    #[test]
    fn kanban_md_stamps_follow_its_lifecycle() {
        let stamps = MoveStamps::KanbanMd {
            first: Some("backlog".to_owned()),
            terminal: vec!["done".to_owned(), "archived".to_owned()],
        };
        let now = at("2026-03-04T05:06:07Z");
        let case = |from: Option<&str>, to| keys(&stamps.edits(from, to, now));
        assert_eq!(case(Some("backlog"), "todo"), ["updated", "started?"]);
        assert_eq!(case(Some("todo"), "review"), ["updated"]);
        assert_eq!(
            case(Some("todo"), "done"),
            ["updated", "started?", "completed"]
        );
        assert_eq!(
            case(Some("backlog"), "archived"),
            ["updated", "started?", "completed"]
        );
        assert_eq!(case(Some("done"), "todo"), ["updated", "-completed"]);
        assert_eq!(case(Some("done"), "backlog"), ["updated", "-completed"]);
        assert_eq!(case(None, "todo"), ["updated"]);
        match &stamps.edits(Some("todo"), "review", now)[0] {
            FieldEdit::Set { value, .. } => assert_eq!(value, "2026-03-04T05:06:07Z"),
            other @ FieldEdit::Remove { .. } => panic!("{other:?}"),
        }
        assert!(MoveStamps::None.edits(Some("a"), "b", now).is_empty());
    }
}
