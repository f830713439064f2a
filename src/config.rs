//! Configuration: finding the config file, reading it (a `gate.toml`, a
//! Promethean `promethean.kanban.json`, or a board tool's own config — see
//! [`native`]), and turning it into validated [`Settings`]. Everything after
//! this module trusts `Settings`.
//!
//! This module reads files but decides nothing about tasks.

pub mod native;
pub mod workflow;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::task::normalize::DEFAULT_STATUS_ALIASES;
use crate::task::{Vocabulary, status_key};
use workflow::{DEFAULT_START, DEFAULT_STATUSES, Workflow};

/// Where to look for things, from the command line and environment.
#[derive(Clone, Debug, Default)]
pub struct Locate {
    /// The directory `gate` runs in (after `-C`).
    pub cwd: PathBuf,
    /// `--config` or `GATE_CONFIG`.
    pub config: Option<PathBuf>,
    /// `--board` or `GATE_BOARD`.
    pub board: Option<PathBuf>,
}

/// A config problem: which file, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // The OS error is in the message, not the chain, so it prints once.
    #[error("cannot read config `{path}`: {error}")]
    Read {
        /// The file, relative to the repository root when inside it.
        path: String,
        error: std::io::Error,
    },
    #[error("invalid config `{path}`: {message}")]
    Invalid { path: String, message: String },
}

/// Which kind of file the settings came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    GateToml,
    Promethean,
    /// Backlog.md's `backlog/config.yml`, on its own.
    BacklogMd,
    /// kanban-md's `kanban/config.yml`, on its own.
    KanbanMd,
    /// beans' `.beans.yml`, on its own.
    Beans,
    Defaults,
}

/// Validated settings: what every command runs with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The repository root (git work-tree top, else the working directory).
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub source_kind: SourceKind,
    /// The board tool's config read under `config_file` (or as it, when
    /// there is no gate.toml).
    pub tool_file: Option<PathBuf>,
    /// Where each section came from, for `gate config`.
    pub sources: BTreeMap<&'static str, String>,
    pub board: BoardSettings,
    pub workflow: Workflow,
    pub vocab: Vocabulary,
    pub status_aliases: BTreeMap<String, String>,
    pub priority_aliases: BTreeMap<String, String>,
    pub transition: TransitionSettings,
    pub wip: WipSettings,
    pub p0: P0Settings,
    pub overrides: OverrideSettings,
    pub audit: AuditSettings,
    /// Whether commit evidence may go through the commit index; not read
    /// from a file: `--no-cache` turns it off.
    pub commit_index: bool,
}

#[derive(Clone, Debug)]
pub struct BoardSettings {
    /// Absolute tasks directory.
    pub tasks_dir: PathBuf,
    /// Whether the user named the tasks directory explicitly (`--board`,
    /// `GATE_BOARD`, or an absolute path in the config): only then may it
    /// resolve outside the repository root.
    pub tasks_dir_explicit: bool,
    pub exclude: Vec<String>,
    pub exclude_set: globset::GlobSet,
    pub max_task_bytes: u64,
    pub required_fields: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransitionSettings {
    pub enabled: bool,
    /// The statuses a task may leave the board from; `None`: the
    /// workflow's final statuses and `rejected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removable_from: Option<Vec<String>>,
}

impl TransitionSettings {
    /// The statuses a task may leave the board from.
    pub fn removable_from(&self, workflow: &Workflow) -> Vec<String> {
        if let Some(list) = &self.removable_from {
            return list.clone();
        }
        workflow
            .statuses
            .iter()
            .filter(|s| workflow.targets(s).is_empty() || s.as_str() == "rejected")
            .cloned()
            .collect()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct WipSettings {
    pub enabled: bool,
    pub warn_at: f64,
    pub limits: BTreeMap<String, u32>,
    pub priority_allowance: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct P0Settings {
    pub enabled: bool,
    pub priorities: Vec<String>,
    pub labels: Vec<String>,
    pub title_words: Vec<String>,
    /// Seconds before the task's creation that commits still count.
    pub commit_slack_secs: i64,
    pub commit_slack: String,
    pub max_commits: usize,
    pub exclude_paths: Vec<String>,
    /// `exclude_paths`, compiled.
    #[serde(skip)]
    pub exclude_set: globset::GlobSet,
    pub plan_required_for: Vec<String>,
    pub commits_required_for: Vec<String>,
    pub review_required_for: Vec<String>,
    pub tests_required_for: Vec<String>,
    pub docs_required_for: Vec<String>,
    pub plan_headings: Vec<String>,
    pub test_headings: Vec<String>,
    pub review_labels: Vec<String>,
    /// Where a commit message names a task.
    pub evidence_in: EvidenceIn,
    /// Forms an id is also written in, `{id}` standing for it
    /// (`task-{id}`); the only way a numeric id matches outside a trailer.
    pub id_forms: Vec<String>,
}

/// `gates.p0-security.evidence_in`: where a commit message names a task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceIn {
    /// The subject, a trailer, or a body line starting with a trailer word.
    #[default]
    SubjectOrTrailer,
    /// Anywhere in the message (a whole token still).
    Anywhere,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverrideSettings {
    pub require_reason: bool,
    pub allowed: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct AuditSettings {
    pub enabled: bool,
    /// Absolute path of the log.
    pub path: PathBuf,
}

/// The gate ids that config may name.
pub const GATE_IDS: &[&str] = &["transition", "wip-limit", "p0-security"];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

const EXECUTION_STAGES: &[&str] = &["in_progress", "review", "testing", "document", "done"];

pub const DEFAULT_PLAN_HEADINGS: &[&str] = &[
    "implementation plan",
    "implementation details",
    "implementation",
    "technical approach",
    "technical details",
    "technical design",
    "solution design",
    "approach",
    "plan",
];
pub const DEFAULT_TEST_HEADINGS: &[&str] = &[
    "test plan",
    "test coverage",
    "testing strategy",
    "testing",
    "tests",
    "test cases",
];

const DEFAULT_LIMITS: &[(&str, u32)] = &[
    ("accepted", 5),
    ("breakdown", 5),
    ("blocked", 3),
    ("ready", 10),
    ("todo", 15),
    ("in_progress", 3),
    ("review", 2),
    ("testing", 2),
    ("document", 2),
];

// ---------------------------------------------------------------------------
// The file as written (gate.toml). Every table denies unknown keys.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    board: Option<RawBoard>,
    workflow: Option<RawWorkflow>,
    priorities: Option<RawPriorities>,
    gates: Option<RawGates>,
    overrides: Option<RawOverrides>,
    audit: Option<RawAudit>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoard {
    tasks_dir: Option<String>,
    exclude: Option<Vec<String>>,
    max_task_bytes: Option<u64>,
    required_fields: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkflow {
    statuses: Option<Vec<String>>,
    start: Option<Vec<String>>,
    transitions: Option<BTreeMap<String, Vec<String>>>,
    aliases: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPriorities {
    aliases: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGates {
    transition: Option<RawTransition>,
    #[serde(rename = "wip-limit")]
    wip_limit: Option<RawWip>,
    #[serde(rename = "p0-security")]
    p0_security: Option<RawP0>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    enabled: Option<bool>,
    removable_from: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWip {
    enabled: Option<bool>,
    warn_at: Option<f64>,
    limits: Option<BTreeMap<String, u32>>,
    priority_allowance: Option<BTreeMap<String, f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawP0 {
    enabled: Option<bool>,
    priorities: Option<Vec<String>>,
    labels: Option<Vec<String>>,
    title_words: Option<Vec<String>>,
    commit_slack: Option<String>,
    max_commits: Option<usize>,
    exclude_paths: Option<Vec<String>>,
    plan_required_for: Option<Vec<String>>,
    commits_required_for: Option<Vec<String>>,
    review_required_for: Option<Vec<String>>,
    tests_required_for: Option<Vec<String>>,
    docs_required_for: Option<Vec<String>>,
    plan_headings: Option<Vec<String>>,
    test_headings: Option<Vec<String>>,
    review_labels: Option<Vec<String>>,
    evidence_in: Option<EvidenceIn>,
    id_forms: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverrides {
    require_reason: Option<bool>,
    allowed: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    enabled: Option<bool>,
    path: Option<String>,
}

/// The parts of `promethean.kanban.json` that `gate` uses; the rest is kept
/// and ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrometheanConfig {
    tasks_dir: Option<String>,
    status_values: Option<Vec<String>>,
    wip_limits: Option<BTreeMap<String, serde_json::Value>>,
    transition_rules: Option<PrometheanRules>,
}

#[derive(Debug, Default, Deserialize)]
struct PrometheanRules {
    #[serde(default)]
    rules: Vec<PrometheanRule>,
}

#[derive(Debug, Default, Deserialize)]
struct PrometheanRule {
    #[serde(default)]
    from: Vec<String>,
    #[serde(default)]
    to: Vec<String>,
}

// ---------------------------------------------------------------------------

/// A path for messages: relative to the root when inside it.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Walks up from `dir` to the top of the git work tree, if there is one.
/// `GIT_WORK_TREE` names the top; `GIT_DIR` alone makes `dir` the top, as
/// git does (empty values count as unset, as in git).
pub fn find_root(dir: &Path) -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(top) = var("GIT_WORK_TREE") {
        let top = dir.join(top);
        return std::path::absolute(&top).unwrap_or(top);
    }
    if var("GIT_DIR").is_some() {
        return dir.to_path_buf();
    }
    let mut at = Some(dir);
    while let Some(d) = at {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        at = d.parent();
    }
    dir.to_path_buf()
}

/// The config file that applies, first found wins (SPEC §1).
fn find_config(locate: &Locate, root: &Path) -> Option<(PathBuf, SourceKind)> {
    if let Some(path) = &locate.config {
        let path = locate.cwd.join(path);
        let kind = if path.extension().is_some_and(|e| e == "json") {
            SourceKind::Promethean
        } else {
            SourceKind::GateToml
        };
        return Some((path, kind));
    }
    // Like cargo with Cargo.toml: the nearest gate.toml from the working
    // directory up to the root, so `gate -C sub/board` finds sub/board's.
    for dir in locate.cwd.ancestors() {
        for name in ["gate.toml", ".gate.toml"] {
            let path = dir.join(name);
            // Anything by that name counts: a directory or a dangling link
            // is an error when read, never silently skipped.
            if path.symlink_metadata().is_ok() {
                return Some((path, SourceKind::GateToml));
            }
        }
        if dir == root {
            break;
        }
    }
    for dir in ["docs/agile/tasks", "docs/agile", "docs", ""] {
        let path = root.join(dir).join("promethean.kanban.json");
        if path.symlink_metadata().is_ok() {
            return Some((path, SourceKind::Promethean));
        }
    }
    None
}

/// Reads a config file that must be a regular file (after links).
fn read_regular(path: &Path) -> std::io::Result<String> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_ok() => {
            return Err(std::io::Error::new(
                e.kind(),
                "a symbolic link to a file that does not exist",
            ));
        }
        other => other?,
    };
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory, not a file"
        } else {
            "not a regular file"
        };
        return Err(std::io::Error::other(what));
    }
    std::fs::read_to_string(path)
}

/// Finds, reads and validates the configuration.
pub fn load(locate: &Locate) -> Result<Settings, ConfigError> {
    let root = find_root(&locate.cwd);
    let found = find_config(locate, &root);
    let text = match &found {
        None => None,
        Some((path, _)) => Some(read_regular(path).map_err(|error| ConfigError::Read {
            path: shown(&root, path),
            error,
        })?),
    };
    build(locate, root, found, text, None)
}

/// Reads a file by its path relative to the repository root
/// (`/`-separated): how [`load_text`] reads a commit's files.
pub type FileReader<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The config files a repository's root may hold, as the config search
/// looks for them from the root: paths relative to the root.
pub const ROOT_CANDIDATES: &[&str] = &[
    "gate.toml",
    ".gate.toml",
    "docs/agile/tasks/promethean.kanban.json",
    "docs/agile/promethean.kanban.json",
    "docs/promethean.kanban.json",
    "promethean.kanban.json",
];

/// The configuration from a text that is not read from the work tree (a
/// config file as a commit has it): `path` (relative to the root) names
/// it and decides its kind; `None` means no config file, the defaults.
/// `files` reads the board tool's own config (`backlog/config.yml`, …)
/// the same way; without it, that is read from the work tree.
pub fn load_text(
    locate: &Locate,
    path: Option<&Path>,
    text: Option<String>,
    files: Option<FileReader<'_>>,
) -> Result<Settings, ConfigError> {
    let root = find_root(&locate.cwd);
    let found = path.map(|p| {
        let kind = if p.extension().is_some_and(|e| e == "json") {
            SourceKind::Promethean
        } else {
            SourceKind::GateToml
        };
        (root.join(p), kind)
    });
    let text = if found.is_some() { text } else { None };
    build(locate, root, found, text, files)
}

fn build(
    locate: &Locate,
    root: PathBuf,
    found: Option<(PathBuf, SourceKind)>,
    text: Option<String>,
    files: Option<FileReader<'_>>,
) -> Result<Settings, ConfigError> {
    let (raw, promethean) = match (&found, text) {
        (None, _) | (Some(_), None) => (RawConfig::default(), None),
        (Some((path, kind)), Some(text)) => {
            let shown = shown(&root, path);
            if kind == &SourceKind::Promethean {
                let p: PrometheanConfig =
                    serde_json::from_str(&text).map_err(|e| ConfigError::Invalid {
                        path: shown.clone(),
                        message: format!("not a valid Promethean board config: {e}"),
                    })?;
                (RawConfig::default(), Some(p))
            } else {
                let raw: RawConfig = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
                    path: shown.clone(),
                    message: toml_message(&e),
                })?;
                (raw, None)
            }
        }
    };
    let (mut config_file, mut kind) = match found {
        Some((p, k)) => (Some(p), k),
        None => (None, SourceKind::Defaults),
    };
    // A board tool's config: the source on its own, or under a gate.toml.
    let tool = if matches!(kind, SourceKind::GateToml | SourceKind::Defaults) {
        match files {
            Some(files) => read_tool_from(&root, files)?,
            None => read_tool(&locate.cwd, &root)?,
        }
    } else {
        None
    };
    if let (Some(t), SourceKind::Defaults) = (&tool, kind) {
        config_file = Some(t.file.clone());
        kind = match t.tool {
            native::Tool::BacklogMd => SourceKind::BacklogMd,
            native::Tool::KanbanMd => SourceKind::KanbanMd,
            native::Tool::Beans => SourceKind::Beans,
        };
    }
    let builder = Builder {
        root,
        locate,
        config_file,
        kind,
    };
    builder.build(raw, promethean.as_ref(), tool.as_ref())
}

/// The board tool's own config found at `root`, read by its adapter.
fn read_tool(cwd: &Path, root: &Path) -> Result<Option<native::ToolConfig>, ConfigError> {
    let Some((adapter, path)) = native::find(cwd, root) else {
        return Ok(None);
    };
    let shown = shown(root, &path);
    let text = read_regular(&path).map_err(|error| ConfigError::Read {
        path: shown.clone(),
        error,
    })?;
    (adapter.read)(&path, &text)
        .map(Some)
        .map_err(|message| ConfigError::Invalid {
            path: shown,
            message: format!("not a valid {} config: {message}", adapter.tool.name()),
        })
}

/// The board tool's own config as `files` has it (a commit's tree), looked
/// for at the repository root.
fn read_tool_from(
    root: &Path,
    files: FileReader<'_>,
) -> Result<Option<native::ToolConfig>, ConfigError> {
    for adapter in native::ADAPTERS {
        for file in adapter.files {
            let Some(text) = files(file) else { continue };
            let path = root.join(file);
            return (adapter.read)(&path, &text).map(Some).map_err(|message| {
                ConfigError::Invalid {
                    path: (*file).to_owned(),
                    message: format!("not a valid {} config: {message}", adapter.tool.name()),
                }
            });
        }
    }
    Ok(None)
}

/// Parses a `gate.toml` text on its own (for `gate config --validate` and
/// tests). `path` names the file in messages.
pub fn validate_toml(text: &str, path: &Path) -> Result<(), ConfigError> {
    toml::from_str::<RawConfig>(text)
        .map(|_| ())
        .map_err(|e| ConfigError::Invalid {
            path: path.display().to_string(),
            message: toml_message(&e),
        })
}

/// A toml error as one readable message, with "did you mean" for unknown keys.
fn toml_message(err: &toml::de::Error) -> String {
    let mut message = err.message().trim().to_owned();
    if let Some(suggestion) = unknown_field_suggestion(&message) {
        let _ = write!(message, "\nhelp: did you mean `{suggestion}`?");
    }
    let full = err.to_string();
    if let Some(first) = full.lines().next().filter(|l| l.contains("line")) {
        message = format!(
            "{}: {message}",
            first.trim_start_matches("TOML parse error at ").trim()
        );
    }
    message
}

fn unknown_field_suggestion(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    nearest(field, candidates.iter().copied())
}

/// The candidate closest to `word`, when it is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

/// Parses a duration such as `1d`, `12h`, `30m`, `2w` or `90s` into seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    n.checked_mul(scale)
}

struct Builder<'a> {
    root: PathBuf,
    locate: &'a Locate,
    config_file: Option<PathBuf>,
    kind: SourceKind,
}

impl Builder<'_> {
    fn invalid(&self, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.config_file.as_deref().map_or_else(
                || "<built-in defaults>".to_owned(),
                |p| shown(&self.root, p),
            ),
            message: message.into(),
        }
    }

    /// The directory relative paths in the config file are resolved from.
    fn config_dir(&self) -> PathBuf {
        self.config_file
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| self.root.clone(), Path::to_path_buf)
    }

    fn source_name(&self) -> String {
        match &self.config_file {
            Some(p) => p
                .strip_prefix(&self.root)
                .unwrap_or(p)
                .display()
                .to_string(),
            None => "built-in default".to_owned(),
        }
    }

    fn build(
        self,
        raw: RawConfig,
        promethean: Option<&PrometheanConfig>,
        tool: Option<&native::ToolConfig>,
    ) -> Result<Settings, ConfigError> {
        let mut sources: BTreeMap<&'static str, String> = BTreeMap::new();
        // `backlog/config.yml (statuses)`: the tool's file and key.
        let tool_source = |key: &str| {
            let file = tool.map_or_else(String::new, |t| shown(&self.root, &t.file));
            if key.is_empty() {
                file
            } else {
                format!("{file} ({key})")
            }
        };
        let default_source = "built-in default".to_owned();
        let file = self.source_name();
        let from = |present: bool| {
            if present {
                file.clone()
            } else {
                default_source.clone()
            }
        };

        // Workflow statuses.
        let p = promethean;
        let tool_statuses = tool.and_then(|t| t.statuses.as_ref());
        let statuses_raw: Vec<String> = match (
            p.and_then(|p| p.status_values.clone()),
            raw.workflow.as_ref().and_then(|w| w.statuses.clone()),
        ) {
            (Some(values), _) | (None, Some(values)) => {
                sources.insert("workflow.statuses", file.clone());
                values
            }
            (None, None) => {
                if let Some(o) = tool_statuses {
                    sources.insert("workflow.statuses", tool_source(o.key));
                    o.value.clone()
                } else {
                    sources.insert("workflow.statuses", default_source.clone());
                    strings(DEFAULT_STATUSES)
                }
            }
        };
        // Messages name keys as the config file spells them.
        let statuses_key = if p.is_some_and(|p| p.status_values.is_some()) {
            "statusValues"
        } else {
            "workflow.statuses"
        };
        let mut statuses: Vec<String> = Vec::new();
        // Membership through a set: a config may list 200 000 statuses.
        let mut known = std::collections::HashSet::new();
        // A list of statuses other than the built-in columns, without
        // transitions, gets a derived workflow rather than the default table
        // (the built-in columns keep it, even when a file lists them).
        let statuses_configured = {
            let mut keys: Vec<String> = statuses_raw.iter().map(|s| status_key(s)).collect();
            keys.sort();
            keys.dedup();
            let mut default = strings(DEFAULT_STATUSES);
            default.sort();
            keys != default
        };
        let statuses_from_tool = tool_statuses.is_some()
            && p.and_then(|p| p.status_values.as_ref()).is_none()
            && raw
                .workflow
                .as_ref()
                .and_then(|w| w.statuses.as_ref())
                .is_none();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for s in &statuses_raw {
            let key = status_key(s);
            if key.is_empty() {
                return Err(self.invalid(format!(
                    "`{statuses_key}`: `{s}` is not a usable status name"
                )));
            }
            if known.insert(key.clone()) {
                names.insert(key.clone(), s.trim().to_owned());
                statuses.push(key);
            }
        }
        let known = &known;
        // A gate.toml that lists statuses by key (`in_progress`) over a tool's
        // board keeps the board's spelling (`In Progress`) for writing.
        for spelled in tool_statuses.map_or(&[][..], |o| o.value.as_slice()) {
            let key = status_key(spelled);
            if let Some(name) = names.get_mut(&key).filter(|n| **n == key) {
                spelled.trim().clone_into(name);
            }
        }
        let check_status = |what: &str, s: &str| -> Result<String, ConfigError> {
            let key = status_key(s);
            if known.contains(&key) {
                Ok(key)
            } else {
                let hint = nearest(&key, statuses.iter().map(String::as_str))
                    .map(|n| format!("\nhelp: did you mean `{n}`?"))
                    .unwrap_or_default();
                Err(self.invalid(format!(
                    "`{what}` names status `{s}`, which is not in `{statuses_key}`{hint}"
                )))
            }
        };

        // Start states: configured, else the defaults that exist here.
        let start = if let Some(start) = raw.workflow.as_ref().and_then(|w| w.start.clone()) {
            sources.insert("workflow.start", file.clone());
            start
                .iter()
                .map(|s| check_status("workflow.start", s))
                .collect::<Result<Vec<_>, _>>()?
        } else if let Some(o) = tool.and_then(|t| t.start.as_ref()) {
            sources.insert("workflow.start", tool_source(o.key));
            o.value
                .iter()
                .map(|s| check_status(o.key, s))
                .collect::<Result<Vec<_>, _>>()?
        } else {
            sources.insert("workflow.start", default_source.clone());
            let mut start: Vec<String> = strings(DEFAULT_START)
                .into_iter()
                .filter(|s| known.contains(s))
                .collect();
            if start.is_empty() {
                start.extend(statuses.first().cloned());
            }
            start
        };

        // Transitions.
        let mut derived = false;
        let table: BTreeMap<String, Vec<String>> = if let Some(rules) = p
            .and_then(|p| p.transition_rules.as_ref())
            .filter(|r| !r.rules.is_empty())
        {
            sources.insert("workflow.transitions", file.clone());
            let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for rule in &rules.rules {
                for f in &rule.from {
                    let f = check_status("transitionRules.rules[].from", f)?;
                    let row = table.entry(f).or_default();
                    for t in &rule.to {
                        let t = check_status("transitionRules.rules[].to", t)?;
                        if !row.contains(&t) {
                            row.push(t);
                        }
                    }
                }
            }
            table
        } else if let Some(t) = raw
            .workflow
            .as_ref()
            .and_then(|w| w.transitions.clone())
            // An empty table (a bare `[workflow.transitions]` header) sets nothing.
            .filter(|t| !t.is_empty())
        {
            sources.insert("workflow.transitions", file.clone());
            let mut table = BTreeMap::new();
            for (f, tos) in t {
                let f = check_status("workflow.transitions", &f)?;
                let tos = tos
                    .iter()
                    .map(|s| check_status("workflow.transitions", s))
                    .collect::<Result<Vec<_>, _>>()?;
                table.insert(f, tos);
            }
            table
        } else if statuses_configured {
            sources.insert(
                "workflow.transitions",
                "derived from workflow.statuses".to_owned(),
            );
            derived = true;
            Workflow::derived_table(&statuses)
        } else {
            sources.insert("workflow.transitions", default_source.clone());
            // The default table, restricted to the statuses this board has.
            Workflow::default_table()
                .into_iter()
                .filter(|(f, _)| known.contains(f))
                .map(|(f, tos)| (f, tos.into_iter().filter(|t| known.contains(t)).collect()))
                .collect()
        };
        let workflow = Workflow {
            statuses: statuses.clone(),
            start,
            transitions: table,
            back_to_earlier: derived,
            names,
        };

        // Status aliases: defaults whose target exists, then the user's.
        let mut status_aliases: BTreeMap<String, String> = DEFAULT_STATUS_ALIASES
            .iter()
            .filter(|(_, target)| known.contains(*target))
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let user_aliases = raw.workflow.as_ref().and_then(|w| w.aliases.clone());
        sources.insert("workflow.aliases", from(user_aliases.is_some()));
        for (alias, target) in user_aliases.unwrap_or_default() {
            let target = check_status("workflow.aliases", &target)?;
            status_aliases.insert(status_key(&alias), target);
        }

        let user_priorities = raw.priorities.as_ref().and_then(|p| p.aliases.clone());
        let tool_priorities = tool.and_then(|t| t.priority_aliases.as_ref());
        sources.insert(
            "priorities",
            match (&user_priorities, tool_priorities) {
                (None, Some(o)) => tool_source(o.key),
                (present, _) => from(present.is_some()),
            },
        );
        // The tool's names first, then the user's over them.
        let mut priority_aliases = tool_priorities.map(|o| o.value.clone()).unwrap_or_default();
        priority_aliases.extend(user_priorities.unwrap_or_default());
        for (alias, target) in &priority_aliases {
            if !matches!(target.to_uppercase().as_str(), "P0" | "P1" | "P2" | "P3") {
                return Err(self.invalid(format!(
                    "`priorities.aliases.{alias}` must name P0, P1, P2 or P3, not `{target}`"
                )));
            }
        }
        let vocab = Vocabulary::new(
            statuses.clone(),
            status_aliases.clone(),
            priority_aliases.clone(),
        );

        // Board.
        let rb = raw.board.unwrap_or_default();
        let config_dir = self.config_dir();
        let mut tasks_dir_explicit = true;
        let tasks_dir = if let Some(dir) = &self.locate.board {
            sources.insert("board.tasks_dir", "--board / GATE_BOARD".to_owned());
            self.locate.cwd.join(dir)
        } else if let Some(dir) = p.and_then(|p| p.tasks_dir.clone()) {
            sources.insert("board.tasks_dir", file.clone());
            tasks_dir_explicit = Path::new(&dir).is_absolute();
            // Promethean configs write tasksDir from the repository root even
            // when the file lives deeper; prefer the file's directory as the
            // spec says, and fall back to the root when that does not exist.
            let beside = config_dir.join(&dir);
            if beside.is_dir() {
                beside
            } else {
                self.root.join(&dir)
            }
        } else if let Some(dir) = &rb.tasks_dir {
            sources.insert("board.tasks_dir", file.clone());
            tasks_dir_explicit = Path::new(dir).is_absolute();
            config_dir.join(dir)
        } else if let Some(t) = tool {
            sources.insert("board.tasks_dir", tool_source(t.tasks_dir.key));
            t.tasks_dir.value.clone()
        } else {
            sources.insert("board.tasks_dir", default_source.clone());
            tasks_dir_explicit = false;
            let agile = self.root.join("docs/agile/tasks");
            if agile.is_dir() {
                agile
            } else {
                self.root.join("tasks")
            }
        };
        sources.insert(
            "board",
            from(
                rb.exclude.is_some() || rb.max_task_bytes.is_some() || rb.required_fields.is_some(),
            ),
        );
        let exclude = rb.exclude.unwrap_or_default();
        let mut globs = globset::GlobSetBuilder::new();
        for pattern in &exclude {
            let glob = globset::Glob::new(pattern)
                .map_err(|e| self.invalid(format!("`board.exclude`: bad glob `{pattern}`: {e}")))?;
            globs.add(glob);
        }
        let exclude_set = globs
            .build()
            .map_err(|e| self.invalid(format!("`board.exclude`: {e}")))?;
        let required_fields = rb.required_fields.unwrap_or_else(|| {
            tool.and_then(|t| t.required_fields.as_ref()).map_or_else(
                || strings(&["id", "title", "status", "priority"]),
                |o| o.value.clone(),
            )
        });
        for field in &required_fields {
            if !KNOWN_FIELDS.contains(&field.as_str()) {
                let hint = nearest(field, KNOWN_FIELDS.iter().copied())
                    .map(|n| format!("\nhelp: did you mean `{n}`?"))
                    .unwrap_or_default();
                return Err(self.invalid(format!(
                    "`board.required_fields`: unknown field `{field}` (known: {}){hint}",
                    KNOWN_FIELDS.join(", ")
                )));
            }
        }
        let board = BoardSettings {
            tasks_dir,
            tasks_dir_explicit,
            exclude,
            exclude_set,
            max_task_bytes: rb.max_task_bytes.unwrap_or(8 * 1024 * 1024),
            required_fields,
        };

        // Gates.
        let gates = raw.gates.unwrap_or_default();
        sources.insert("gates.transition", from(gates.transition.is_some()));
        let raw_transition = gates.transition.unwrap_or_default();
        let removable_from = raw_transition
            .removable_from
            .map(|list| {
                list.iter()
                    .map(|s| check_status("gates.transition.removable_from", s))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let transition = TransitionSettings {
            enabled: raw_transition.enabled.unwrap_or(true),
            removable_from,
        };

        let wip_present = gates.wip_limit.is_some() || p.is_some_and(|p| p.wip_limits.is_some());
        let tool_limits = tool.and_then(|t| t.limits.as_ref());
        let user_limits = gates.wip_limit.as_ref().is_some_and(|w| w.limits.is_some());
        sources.insert(
            "gates.wip-limit",
            match tool_limits {
                Some(o) if !wip_present => tool_source(o.key),
                _ => from(wip_present),
            },
        );
        let rw = gates.wip_limit.unwrap_or_default();
        let warn_at = rw.warn_at.unwrap_or(0.8);
        if !(warn_at > 0.0 && warn_at <= 1.0) {
            return Err(self.invalid(format!(
                "`gates.wip-limit.warn_at` must be in (0, 1], not {warn_at}"
            )));
        }
        let limits_key = if p.is_some_and(|p| p.wip_limits.is_some()) {
            "wipLimits"
        } else {
            "gates.wip-limit.limits"
        };
        let raw_limits: BTreeMap<String, u32> =
            if let Some(limits) = p.and_then(|p| p.wip_limits.as_ref()) {
                let mut out = BTreeMap::new();
                for (status, value) in limits {
                    let n = value
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| {
                            self.invalid(format!(
                                "`wipLimits.{status}` must be a whole number, not {value}"
                            ))
                        })?;
                    out.insert(status.clone(), n);
                }
                out
            } else if let Some(o) = tool_limits.filter(|_| !user_limits) {
                sources.insert("gates.wip-limit.limits", tool_source(o.key));
                o.value.clone()
            } else if statuses_from_tool && !user_limits {
                // The tool's board states no limits: gate adds none of its own.
                sources.insert("gates.wip-limit.limits", tool_source("no limits"));
                BTreeMap::new()
            } else {
                rw.limits.unwrap_or_else(|| {
                    DEFAULT_LIMITS
                        .iter()
                        .filter(|(s, _)| known.contains(*s))
                        .map(|(s, n)| ((*s).to_owned(), *n))
                        .collect()
                })
            };
        let mut limits = BTreeMap::new();
        // Limits read from the tool's file are named by its key there.
        let limits_key = match tool_limits {
            Some(o) if !user_limits => o.key,
            _ => limits_key,
        };
        for (status, n) in raw_limits {
            limits.insert(check_status(limits_key, &status)?, n);
        }
        let mut priority_allowance = BTreeMap::new();
        for (prio, factor) in rw.priority_allowance.unwrap_or_default() {
            let canonical = vocab.priority(&prio);
            if canonical.rank() == u8::MAX {
                return Err(self.invalid(format!(
                    "`gates.wip-limit.priority_allowance`: `{prio}` is not a priority"
                )));
            }
            if !(factor.is_finite() && factor >= 1.0) {
                return Err(self.invalid(format!(
                    "`gates.wip-limit.priority_allowance.{prio}` must be at least 1.0, not {factor}"
                )));
            }
            priority_allowance.insert(canonical.to_string(), factor);
        }
        let wip = WipSettings {
            enabled: rw.enabled.unwrap_or(true),
            warn_at,
            limits,
            priority_allowance,
        };

        sources.insert("gates.p0-security", from(gates.p0_security.is_some()));
        let rp = gates.p0_security.unwrap_or_default();
        let top_priority = match (&rp.priorities, tool.and_then(|t| t.top_priority.as_ref())) {
            (None, Some(o)) => {
                sources.insert("gates.p0-security.priorities", tool_source(o.key));
                o.value.clone()
            }
            _ => "P0".to_owned(),
        };
        let p0 = self.p0(rp, &check_status, &vocab, &top_priority)?;

        let ro = raw.overrides.unwrap_or_default();
        sources.insert(
            "overrides",
            from(ro.require_reason.is_some() || ro.allowed.is_some()),
        );
        let allowed = ro.allowed.unwrap_or_else(|| strings(GATE_IDS));
        for gate in &allowed {
            check_gate_id(gate).map_err(|m| self.invalid(format!("`overrides.allowed`: {m}")))?;
        }
        let overrides = OverrideSettings {
            require_reason: ro.require_reason.unwrap_or(true),
            allowed,
        };

        let ra = raw.audit.unwrap_or_default();
        sources.insert("audit", from(ra.enabled.is_some() || ra.path.is_some()));
        // A committed gate.toml must not aim the log outside the repository;
        // an absolute path is the user's own choice.
        if let Some(path) = ra.path.as_deref().filter(|p| Path::new(p).is_relative())
            && crate::fsutil::outside_root(&self.root, &config_dir.join(path))
        {
            return Err(self.invalid(format!(
                "`audit.path = \"{path}\"` leads outside the repository\nhelp: keep the log inside the repository, or give an absolute path to keep it elsewhere"
            )));
        }
        let audit = AuditSettings {
            enabled: ra.enabled.unwrap_or(true),
            path: match &ra.path {
                Some(path) => config_dir.join(path),
                None => self.root.join(".gate/audit.jsonl"),
            },
        };

        Ok(Settings {
            root: self.root.clone(),
            config_file: self.config_file.clone(),
            source_kind: self.kind,
            tool_file: tool.map(|t| t.file.clone()),
            sources,
            board,
            workflow,
            vocab,
            status_aliases,
            priority_aliases,
            transition,
            wip,
            p0,
            overrides,
            audit,
            commit_index: true,
        })
    }

    fn p0(
        &self,
        r: RawP0,
        check_status: &dyn Fn(&str, &str) -> Result<String, ConfigError>,
        vocab: &Vocabulary,
        top_priority: &str,
    ) -> Result<P0Settings, ConfigError> {
        let stages = |what: &str,
                      v: Option<Vec<String>>,
                      default: &[&str]|
         -> Result<Vec<String>, ConfigError> {
            match v {
                Some(list) => list.iter().map(|s| check_status(what, s)).collect(),
                // Defaults name the default workflow; keep those this board has.
                None => Ok(strings(default)
                    .into_iter()
                    .filter(|s| vocab.is_status(s))
                    .collect()),
            }
        };
        let lower = |v: Option<Vec<String>>, default: &[&str]| -> Vec<String> {
            v.unwrap_or_else(|| strings(default))
                .iter()
                .map(|s| s.trim().to_lowercase())
                .collect()
        };
        let commit_slack = r.commit_slack.unwrap_or_else(|| "1d".to_owned());
        let commit_slack_secs = parse_duration(&commit_slack).ok_or_else(|| {
            self.invalid(format!(
                "`gates.p0-security.commit_slack`: `{commit_slack}` is not a duration\nhelp: write a number and a unit: `90s`, `30m`, `12h`, `1d`, `2w`"
            ))
        })?;
        let mut priorities = Vec::new();
        for prio in r
            .priorities
            .unwrap_or_else(|| vec![top_priority.to_owned()])
        {
            let canonical = vocab.priority(&prio);
            if canonical.rank() == u8::MAX {
                return Err(self.invalid(format!(
                    "`gates.p0-security.priorities`: `{prio}` is not a priority"
                )));
            }
            priorities.push(canonical.to_string());
        }
        let exclude_paths = r.exclude_paths.unwrap_or_default();
        let mut globs = globset::GlobSetBuilder::new();
        for pattern in &exclude_paths {
            let glob = globset::Glob::new(pattern.trim_end_matches('/')).map_err(|e| {
                self.invalid(format!(
                    "`gates.p0-security.exclude_paths`: bad glob `{pattern}`: {e}"
                ))
            })?;
            globs.add(glob);
        }
        let exclude_set = globs
            .build()
            .map_err(|e| self.invalid(format!("`gates.p0-security.exclude_paths`: {e}")))?;
        let id_forms = r.id_forms.unwrap_or_default();
        if let Some(bad) = id_forms.iter().find(|f| !f.contains("{id}")) {
            return Err(self.invalid(format!(
                "`gates.p0-security.id_forms`: `{bad}` has no `{{id}}`\nhelp: write where the id goes, e.g. `task-{{id}}`"
            )));
        }
        Ok(P0Settings {
            enabled: r.enabled.unwrap_or(true),
            priorities,
            labels: lower(r.labels, &["security", "security-gates"]),
            title_words: lower(r.title_words, &["security", "vulnerability"]),
            commit_slack_secs,
            commit_slack,
            max_commits: r.max_commits.unwrap_or(100_000),
            exclude_paths,
            exclude_set,
            plan_required_for: stages(
                "gates.p0-security.plan_required_for",
                r.plan_required_for,
                EXECUTION_STAGES,
            )?,
            commits_required_for: stages(
                "gates.p0-security.commits_required_for",
                r.commits_required_for,
                EXECUTION_STAGES,
            )?,
            review_required_for: stages(
                "gates.p0-security.review_required_for",
                r.review_required_for,
                &["review", "testing"],
            )?,
            tests_required_for: stages(
                "gates.p0-security.tests_required_for",
                r.tests_required_for,
                &["testing"],
            )?,
            docs_required_for: stages(
                "gates.p0-security.docs_required_for",
                r.docs_required_for,
                &["done"],
            )?,
            plan_headings: lower(r.plan_headings, DEFAULT_PLAN_HEADINGS),
            test_headings: lower(r.test_headings, DEFAULT_TEST_HEADINGS),
            review_labels: lower(
                r.review_labels,
                &[
                    "security-reviewed",
                    "security-approved",
                    "security-sign-off",
                ],
            ),
            evidence_in: r.evidence_in.unwrap_or_default(),
            id_forms,
        })
    }
}

/// Field names `board.required_fields` may list.
pub const KNOWN_FIELDS: &[&str] = &[
    "id", "title", "status", "priority", "created", "labels", "slug",
];

/// `Ok` when `id` names a gate, else a message with a suggestion.
pub fn check_gate_id(id: &str) -> Result<(), String> {
    if GATE_IDS.contains(&id) {
        return Ok(());
    }
    let hint = nearest(id, GATE_IDS.iter().copied())
        .map(|n| format!("\nhelp: did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!(
        "unknown gate `{id}` (gates: {}){hint}",
        GATE_IDS.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_from(dir: &Path, toml: &str) -> Result<Settings, ConfigError> {
        std::fs::write(dir.join("gate.toml"), toml).unwrap();
        load(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
    }

    #[test]
    fn defaults_match_the_spec() {
        let dir = tempfile::tempdir().unwrap();
        let s = load(&Locate {
            cwd: dir.path().to_path_buf(),
            ..Locate::default()
        })
        .unwrap();
        assert_eq!(s.source_kind, SourceKind::Defaults);
        assert_eq!(s.workflow.statuses.len(), 13);
        assert_eq!(s.wip.limits.get("in_progress"), Some(&3));
        assert_eq!(s.wip.limits.get("todo"), Some(&15));
        assert_eq!(s.board.tasks_dir, dir.path().join("tasks"));
        assert_eq!(s.board.max_task_bytes, 8_388_608);
        assert_eq!(s.p0.commit_slack_secs, 86_400);
        assert_eq!(
            s.p0.plan_required_for,
            ["in_progress", "review", "testing", "document", "done"]
        );
        assert_eq!(s.audit.path, dir.path().join(".gate/audit.jsonl"));
        assert!(s.workflow.allows("todo", "in_progress"));
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(dir.path(), "[board]\ntasks_dirr = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("tasks_dirr"), "{err}");
        assert!(err.contains("did you mean `tasks_dir`"), "{err}");
        assert!(err.contains("gate.toml"), "{err}");
    }

    #[test]
    fn wrong_types_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(dir.path(), "[gates.wip-limit]\nwarn_at = \"high\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("warn_at") || err.contains("invalid type"),
            "{err}"
        );
    }

    #[test]
    fn statuses_in_limits_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(
            dir.path(),
            "[gates.wip-limit]\nlimits = { in_progres = 3 }\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("did you mean `in_progress`"), "{err}");
    }

    #[test]
    fn transitions_replace_the_table() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings_from(
            dir.path(),
            "[workflow]\nstatuses = [\"todo\", \"doing\", \"done\"]\nstart = [\"todo\"]\n[workflow.transitions]\ntodo = [\"doing\"]\ndoing = [\"done\"]\n",
        )
        .unwrap();
        assert!(s.workflow.allows("todo", "doing"));
        assert!(!s.workflow.allows("todo", "done"));
        assert_eq!(s.vocab.status("Doing"), "doing");
    }

    /// Issue #11: a bare `[workflow.transitions]` header (as the README
    /// block had) used to freeze every task.
    #[test]
    fn an_empty_transitions_table_sets_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings_from(dir.path(), "[workflow.transitions]\n").unwrap();
        assert_eq!(s.workflow.transitions, Workflow::default_table());
        let s = settings_from(
            dir.path(),
            "[workflow]\nstatuses = [\"todo\", \"doing\", \"done\"]\n[workflow.transitions]\n",
        )
        .unwrap();
        assert!(s.workflow.allows("todo", "doing") && s.workflow.allows("doing", "done"));
        assert_eq!(
            s.sources["workflow.transitions"],
            "derived from workflow.statuses"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration("12h"), Some(43_200));
        assert_eq!(parse_duration("2w"), Some(1_209_600));
        assert_eq!(parse_duration("1 d"), Some(86_400));
        assert_eq!(parse_duration("d"), None);
        assert_eq!(parse_duration("3y"), None);
    }

    fn load_in(dir: &Path) -> Result<Settings, ConfigError> {
        load(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
    }

    /// Issue #11 item 7: built-in limits apply only to the statuses the
    /// board has; a tool's board that states no limits gets none.
    #[test]
    fn default_limits_only_for_statuses_the_board_has() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings_from(
            dir.path(),
            "[workflow]\nstatuses = [\"todo\", \"in_progress\", \"done\"]\n",
        )
        .unwrap();
        assert_eq!(
            s.wip.limits.into_iter().collect::<Vec<_>>(),
            [("in_progress".to_owned(), 3), ("todo".to_owned(), 15)]
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("backlog")).unwrap();
        std::fs::write(
            dir.path().join("backlog/config.yml"),
            "statuses: [\"To Do\", \"In Progress\", \"Done\"]\n",
        )
        .unwrap();
        let s = load_in(dir.path()).unwrap();
        assert!(s.wip.limits.is_empty(), "{:?}", s.wip.limits);
    }

    /// Backlog.md's three config locations, and a broken one named in the error.
    #[test]
    fn backlog_md_config_locations() {
        for (file, tasks) in [
            ("backlog/config.yml", "backlog/tasks"),
            (".backlog/config.yml", ".backlog/tasks"),
            ("backlog.config.yml", "backlog/tasks"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(
                &path,
                "statuses: [Todo, Doing, Done]\ndefault_status: Todo\n",
            )
            .unwrap();
            let s = load_in(dir.path()).unwrap();
            assert_eq!(s.source_kind, SourceKind::BacklogMd, "{file}");
            assert_eq!(s.board.tasks_dir, dir.path().join(tasks), "{file}");
            assert_eq!(s.workflow.statuses, ["todo", "doing", "done"], "{file}");
            assert_eq!(s.workflow.name("doing"), "Doing");
            assert_eq!(s.workflow.start, ["todo"]);
            // Derived: forward one, back any, the last final.
            assert!(s.workflow.allows("todo", "doing") && s.workflow.allows("doing", "todo"));
            assert!(!s.workflow.allows("todo", "done") && s.workflow.targets("done").is_empty());
            std::fs::write(&path, "statuses: [Todo\n").unwrap();
            let err = load_in(dir.path()).unwrap_err().to_string();
            assert!(
                err.contains(file) && err.contains("not a valid Backlog.md config"),
                "{err}"
            );
        }
    }

    /// A gate.toml layers over the tool's config: what it sets wins, the
    /// rest comes from the tool, and the sources say which.
    #[test]
    fn gate_toml_layers_over_kanban_md() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("kanban")).unwrap();
        std::fs::write(
            dir.path().join("kanban/config.yml"),
            "tasks_dir: cards\nstatuses: [backlog, in-progress, done]\ndefaults: {status: backlog}\nwip_limits: {in-progress: 2}\npriorities: [minor, major]\n",
        )
        .unwrap();
        let s = load_in(dir.path()).unwrap();
        assert_eq!(s.source_kind, SourceKind::KanbanMd);
        assert_eq!(s.board.tasks_dir, dir.path().join("kanban/cards"));
        assert_eq!(s.wip.limits.get("in_progress"), Some(&2));
        assert_eq!(s.vocab.priority("major").to_string(), "P0");
        assert_eq!(
            s.sources["gates.wip-limit"],
            "kanban/config.yml (wip_limits)"
        );
        let s = settings_from(
            dir.path(),
            "[workflow]\nstart = [\"in-progress\"]\n[gates.wip-limit]\nwarn_at = 0.5\n",
        )
        .unwrap();
        assert_eq!(s.source_kind, SourceKind::GateToml);
        assert_eq!(s.tool_file, Some(dir.path().join("kanban/config.yml")));
        assert_eq!(s.workflow.start, ["in_progress"]);
        assert_eq!(s.sources["workflow.start"], "gate.toml");
        assert_eq!(s.workflow.name("in_progress"), "in-progress");
        assert_eq!(
            s.sources["workflow.statuses"],
            "kanban/config.yml (statuses)"
        );
        assert_eq!(s.wip.limits.get("in_progress"), Some(&2));
        assert!((s.wip.warn_at - 0.5).abs() < f64::EPSILON);
        assert_eq!(s.board.tasks_dir, dir.path().join("kanban/cards"));
    }

    /// A gate.toml that lists statuses by key over a Backlog.md board keeps
    /// Backlog.md's spelling, which `move` writes.
    #[test]
    fn gate_toml_statuses_by_key_keep_the_tool_spelling() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("backlog")).unwrap();
        std::fs::write(
            dir.path().join("backlog/config.yml"),
            "statuses: [\"To Do\", \"In Progress\", \"Done\"]\n",
        )
        .unwrap();
        let s = settings_from(
            dir.path(),
            "[workflow]\nstatuses = [\"to_do\", \"in_progress\", \"Review\", \"done\"]\n",
        )
        .unwrap();
        assert_eq!(s.workflow.name("in_progress"), "In Progress");
        assert_eq!(s.workflow.name("review"), "Review");
        assert_eq!(s.sources["workflow.statuses"], "gate.toml");
    }

    #[test]
    fn promethean_import() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/agile/tasks")).unwrap();
        std::fs::write(
            dir.path().join("promethean.kanban.json"),
            r#"{"tasksDir": "docs/agile/tasks", "statusValues": ["todo", "In Progress", "done"],
                "wipLimits": {"in_progress": 2, "done": 9999},
                "transitionRules": {"rules": [{"from": ["todo"], "to": ["in_progress"]}]}}"#,
        )
        .unwrap();
        let s = load(&Locate {
            cwd: dir.path().to_path_buf(),
            ..Locate::default()
        })
        .unwrap();
        assert_eq!(s.source_kind, SourceKind::Promethean);
        assert_eq!(s.workflow.statuses, ["todo", "in_progress", "done"]);
        assert_eq!(s.wip.limits.get("in_progress"), Some(&2));
        assert!(s.workflow.allows("todo", "in_progress"));
        assert!(!s.workflow.allows("in_progress", "done"));
        assert_eq!(s.board.tasks_dir, dir.path().join("docs/agile/tasks"));
    }
}
