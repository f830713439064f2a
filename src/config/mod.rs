//! Configuration: finding the config file, reading it (a `gate.toml`, a
//! Promethean `promethean.kanban.json`, or a board tool's own config — see
//! `native`), and turning it into validated [`Settings`]. Everything after
//! this module trusts `Settings`.
//!
//! One file per concern: `discover` finds and reads the files, `raw`
//! reads gate.toml section by section, each section's file (`board`,
//! `statuses`, `priorities`, `overrides`, `audit`) holds its raw and
//! validated types and the one function that validates it, and `problem`
//! the typed problems they collect: every problem of a config is reported,
//! not only the first. Each gate's `[gates.<id>]` section lives in the
//! gate's folder and comes in through the registry (`section`). This file
//! composes them.
//!
//! This module reads files but decides nothing about tasks.

pub(crate) mod audit;
pub mod board;
pub(crate) mod discover;
pub(crate) mod learned;
pub(crate) mod native;
pub(crate) mod overrides;
pub(crate) mod priorities;
pub(crate) mod problem;
pub(crate) mod promethean;
pub(crate) mod raw;
pub(crate) mod section;
pub(crate) mod sources;
pub(crate) mod statuses;
pub(crate) mod template;
pub(crate) mod util;
pub(crate) mod workflow;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use board::BoardSettings;
pub use discover::ReaderError;
pub use problem::ProblemAt;

pub(crate) use crate::git::find_root;
pub(crate) use audit::AuditSettings;
pub(crate) use discover::{FileReader, ROOT_CANDIDATES, SourceKind};
pub(crate) use overrides::OverrideSettings;
pub(crate) use problem::ConfigProblem;
pub(crate) use section::{GateSection, GateSettings, Registry, Section, SectionKind, Shared};
pub(crate) use util::{nearest, parse_duration};

use crate::task::Vocabulary;
use crate::task::identity::IdRule;
use discover::Unread;
use problem::Problems;
use promethean::PrometheanConfig;
use raw::RawConfig;
use sources::Sources;
use util::shown;
use workflow::Workflow;

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
    /// Two board tools' configs, equally near, and no `[board] tool`.
    #[error(
        "two board tools' configs: {files}; gate cannot tell which one is the board\nhelp: name it in gate.toml: `[board] tool = \"kanban-md\"` (or \"backlog-md\", \"beans\", \"none\"), or remove the other file"
    )]
    TwoTools { files: String },
    /// The caller's file reader failed (`load_text`): its error.
    #[error("{0}")]
    Reader(discover::ReaderError),
    /// Every problem of the file, in the order of its lines.
    #[error("invalid config `{path}`: {}", problem::render(problems))]
    Invalid {
        path: String,
        problems: Vec<ProblemAt>,
    },
}

impl From<Unread> for ConfigError {
    fn from(unread: Unread) -> Self {
        match unread {
            Unread::Io { path, error } => ConfigError::Read { path, error },
            Unread::Invalid {
                path,
                tool,
                message,
            } => ConfigError::Invalid {
                path,
                problems: vec![ProblemAt::new(ConfigProblem::Tool { tool, message })],
            },
            Unread::Reader(error) => ConfigError::Reader(error),
            Unread::TwoTools { files } => ConfigError::TwoTools {
                files: files
                    .iter()
                    .map(|(file, tool)| format!("`{file}` ({tool})"))
                    .collect::<Vec<_>>()
                    .join(" and "),
            },
        }
    }
}

/// Validated settings: what every command runs with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The repository root (git work-tree top, else the working directory).
    pub(crate) root: PathBuf,
    pub(crate) config_file: Option<PathBuf>,
    pub(crate) source_kind: SourceKind,
    /// The board tool's config read under `config_file` (or as it, when
    /// there is no gate.toml).
    pub(crate) tool_file: Option<PathBuf>,
    /// Where each section came from, for `gate config`.
    pub(crate) sources: BTreeMap<&'static str, String>,
    pub board: BoardSettings,
    pub(crate) workflow: Workflow,
    pub vocab: Vocabulary,
    pub(crate) status_aliases: BTreeMap<String, String>,
    pub(crate) priority_aliases: BTreeMap<String, String>,
    /// The board tool's word for each priority rank (`1` → `high` on
    /// Backlog.md), for messages; empty without a tool.
    pub(crate) priority_words: BTreeMap<u8, String>,
    /// The board tool's own folders beside the tasks (Backlog.md's
    /// `completed/`, `archive/tasks/`, `drafts/`): a task file moved there
    /// is the tool's operation, not a removal.
    pub(crate) tool_folders: Vec<native::ToolFolder>,
    /// What the board tool writes beside the status when it moves a task;
    /// `gate move` writes the same.
    pub(crate) move_stamps: native::MoveStamps,
    /// Each gate's own section, in the registry's order.
    pub(crate) gates: GateSettings,
    /// How ids compare on this board: the board tool's rule, or
    /// [`IdRule::Folded`] for gate's own and Promethean boards.
    pub(crate) ids: IdRule,
    pub(crate) overrides: OverrideSettings,
    pub(crate) audit: AuditSettings,
    /// Whether commit evidence may go through the commit index; not read
    /// from a file: `--no-cache` turns it off.
    pub(crate) commit_index: bool,
    /// The configuration that judged, when it is not one of the
    /// repository's (a `--config`/`GATE_CONFIG` file outside it, or the
    /// work tree's file standing in for a commit's): every audit record
    /// made with these settings names it (`config`).
    pub(crate) judged_by: Option<String>,
}

impl Settings {
    /// A priority as the board spells it: the tool's word for its rank
    /// (`high`, not `P1`, on a Backlog.md board), else `P0`..`P3`.
    pub(crate) fn priority_name(&self, priority: &crate::task::Priority) -> String {
        match priority {
            crate::task::Priority::Ranked(rank) => self
                .priority_words
                .get(rank)
                .cloned()
                .unwrap_or_else(|| priority.to_string()),
            crate::task::Priority::Unranked(text) => text.clone(),
        }
    }

    /// The most commits `gate ci` walks in a range: the largest
    /// [`GateSection::history_limit`] of the board's gates, or
    /// [`DEFAULT_HISTORY_LIMIT`] when no gate reads history.
    pub(crate) fn history_limit(&self) -> usize {
        self.gates
            .iter()
            .filter_map(GateSection::history_limit)
            .max()
            .unwrap_or(DEFAULT_HISTORY_LIMIT)
    }

    /// The settings of the gate whose section is `S`, when the registry
    /// the settings were read with has it.
    pub(crate) fn section<S: Section>(&self) -> Option<&S> {
        self.gates.of()
    }
}

/// The most commits `gate ci` walks when no gate names a limit.
pub(crate) const DEFAULT_HISTORY_LIMIT: usize = 100_000;

/// Finds, reads and validates the board's shared settings, no gate's
/// section: `load_with` reads the gates' too.
pub fn load(locate: &Locate) -> Result<Settings, ConfigError> {
    load_with(locate, &Registry::NONE)
}

/// Finds, reads and validates the configuration, with the sections of
/// the gates of `registry` (`gates::REGISTRY`).
pub(crate) fn load_with(locate: &Locate, registry: &Registry) -> Result<Settings, ConfigError> {
    let root = find_root(&locate.cwd);
    let found = discover::find_config(&locate.cwd, locate.config.as_deref(), &root);
    let text = match &found {
        None => None,
        Some((path, _)) => {
            Some(
                discover::read_regular(path).map_err(|error| ConfigError::Read {
                    path: shown(&root, path),
                    error,
                })?,
            )
        }
    };
    build(locate, registry, &root, found, text, None)
}

/// The configuration from a text that is not read from the work tree (a
/// config file as a commit has it): `path` (relative to the root) names
/// it and decides its kind; `None` means no config file, the defaults.
/// `files` reads the board tool's own config (`backlog/config.yml`, …)
/// the same way; without it, that is read from the work tree. A failure
/// of `files` is [`ConfigError::Reader`], its error as it was.
pub(crate) fn load_text(
    locate: &Locate,
    registry: &Registry,
    path: Option<&Path>,
    text: Option<String>,
    files: Option<FileReader<'_>>,
) -> Result<Settings, ConfigError> {
    let root = find_root(&locate.cwd);
    let found = path.map(|p| (root.join(p), SourceKind::of(p)));
    let text = if found.is_some() { text } else { None };
    build(locate, registry, &root, found, text, files)
}

fn build(
    locate: &Locate,
    registry: &Registry,
    root: &Path,
    found: Option<(PathBuf, SourceKind)>,
    text: Option<String>,
    files: Option<FileReader<'_>>,
) -> Result<Settings, ConfigError> {
    let (raw, promethean, mut problems) = match (&found, text) {
        (None, _) | (Some(_), None) => (RawConfig::default(), None, Problems::default()),
        (Some((_, kind)), Some(text)) => {
            if kind == &SourceKind::Promethean {
                match serde_json::from_str::<PrometheanConfig>(&text) {
                    Ok(p) => (RawConfig::default(), Some(p), Problems::default()),
                    Err(e) => {
                        let mut problems = Problems::default();
                        problems.push(ConfigProblem::Promethean {
                            message: e.to_string(),
                        });
                        (RawConfig::default(), None, problems)
                    }
                }
            } else {
                let (raw, problems) = raw::parse_toml(&text, &section::tables(registry).tables());
                (raw, None, problems)
            }
        }
    };
    let (mut config_file, mut kind) = match found {
        Some((p, k)) => (Some(p), k),
        None => (None, SourceKind::Defaults),
    };
    // A board tool's config: the source on its own, or under a gate.toml.
    let tool = if matches!(kind, SourceKind::GateToml | SourceKind::Defaults) {
        let choice = raw.board.as_ref().and_then(|b| b.tool);
        match files {
            Some(files) => discover::read_tool_from(&locate.cwd, root, files, choice)?,
            None => discover::read_tool(&locate.cwd, root, choice)?,
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
    let settings = compose(
        Composer {
            root,
            locate,
            config_file: config_file.as_deref(),
            kind,
            registry,
        },
        raw,
        promethean.as_ref(),
        tool.as_ref(),
        &mut problems,
    );
    if problems.is_empty() {
        return Ok(settings);
    }
    let mut problems = problems.into_vec();
    // In the order of the file's lines; those without a line keep theirs.
    problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
    Err(ConfigError::Invalid {
        path: config_file
            .as_deref()
            .map_or_else(|| "<built-in defaults>".to_owned(), |p| shown(root, p)),
        problems,
    })
}

/// What the sections are composed from.
#[derive(Clone, Copy)]
struct Composer<'a> {
    root: &'a Path,
    locate: &'a Locate,
    config_file: Option<&'a Path>,
    kind: SourceKind,
    registry: &'a Registry,
}

/// Validates every section in turn, each pushing its problems; the
/// settings are complete either way (with defaults where a section was
/// wrong), and only count when there are no problems.
fn compose(
    c: Composer<'_>,
    raw: RawConfig,
    promethean: Option<&PrometheanConfig>,
    tool: Option<&native::ToolConfig>,
    problems: &mut Problems,
) -> Settings {
    let mut sources = Sources::new(
        c.config_file.map(|p| shown(c.root, p)),
        tool.map(|t| shown(c.root, &t.file)),
    );
    // The directory relative paths in the config file are resolved from.
    let config_dir = c
        .config_file
        .and_then(Path::parent)
        .map_or_else(|| c.root.to_path_buf(), Path::to_path_buf);

    let flow = statuses::validate(
        raw.workflow.as_ref(),
        promethean,
        tool,
        raw.workflow_broken,
        &mut sources,
        problems,
    );
    let priority_aliases = priorities::validate(raw.priorities, tool, &mut sources, problems);
    let vocab = Vocabulary::new(
        flow.statuses.list.clone(),
        flow.status_aliases.clone(),
        priority_aliases.clone(),
    );
    let mut priority_words = BTreeMap::new();
    for word in tool.map_or(&[][..], |t| t.priority_words.as_slice()) {
        if let crate::task::Priority::Ranked(rank) = vocab.priority(word) {
            priority_words.entry(rank).or_insert_with(|| word.clone());
        }
    }
    let board = board::validate(
        raw.board,
        &board::Where {
            root: c.root,
            config_dir: &config_dir,
            board_flag: c.locate.board.as_ref().map(|dir| c.locate.cwd.join(dir)),
            promethean,
            tool,
        },
        &mut sources,
        problems,
    );

    let shared = Shared {
        promethean,
        tool,
        statuses: &flow.statuses,
        workflow: &flow.workflow,
        statuses_from_tool: flow.from_tool,
        vocab: &vocab,
    };
    let mut raw_gates = raw.gates;
    let gates = GateSettings::new(
        c.registry
            .sections
            .iter()
            .map(|kind| {
                let raw = raw_gates.take(kind.id);
                kind.validate(raw, &shared, &mut sources, problems)
            })
            .collect(),
    );

    let (overrides, present) = overrides::validate(raw.overrides, c.registry.ids, problems);
    sources.set("overrides", sources.from(present));
    let (audit, present) = audit::validate(raw.audit, c.root, &config_dir, problems);
    sources.set("audit", sources.from(present));

    Settings {
        root: c.root.to_path_buf(),
        config_file: c.config_file.map(Path::to_path_buf),
        source_kind: c.kind,
        tool_file: tool.map(|t| t.file.clone()),
        sources: sources.map,
        board,
        workflow: flow.workflow,
        vocab,
        status_aliases: flow.status_aliases,
        priority_aliases,
        priority_words,
        tool_folders: tool.map(|t| t.folders.clone()).unwrap_or_default(),
        move_stamps: tool.map(|t| t.stamps.clone()).unwrap_or_default(),
        gates,
        ids: tool.map(|t| t.ids.clone()).unwrap_or_default(),
        overrides,
        audit,
        commit_index: true,
        judged_by: c
            .config_file
            .filter(|p| crate::fsutil::outside_root(c.root, p))
            .map(|p| p.display().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::p0_security::settings::P0Settings;
    use crate::gates::wip_limit::settings::WipSettings;

    /// The configuration with every gate's section.
    fn load(locate: &Locate) -> Result<Settings, ConfigError> {
        load_with(locate, &crate::gates::REGISTRY)
    }

    fn wip(s: &Settings) -> &WipSettings {
        s.section().unwrap()
    }

    fn p0(s: &Settings) -> &P0Settings {
        s.section().unwrap()
    }

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
        assert_eq!(wip(&s).limits.get("in_progress"), Some(&3));
        assert_eq!(wip(&s).limits.get("todo"), Some(&15));
        assert_eq!(s.board.tasks_dir, dir.path().join("tasks"));
        assert_eq!(s.board.max_task_bytes, 8_388_608);
        assert_eq!(p0(&s).commit_slack_secs, 86_400);
        assert_eq!(
            p0(&s).plan_required_for,
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

    /// A `[workflow]` that does not parse leaves the statuses unknown: the
    /// statuses other sections name are not reported against the defaults.
    #[test]
    fn a_broken_workflow_does_not_cascade() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(
            dir.path(),
            "[workflow]\nstatuses = \"todo\"\n[gates.wip-limit]\nlimits = { custom = 1 }\n",
        )
        .unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(problems.len(), 1, "{err}");
        assert_eq!(problems[0].line, Some(2), "{err}");
    }

    /// Problems are listed in the order of the file's lines.
    #[test]
    fn problems_follow_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(
            dir.path(),
            "[gates.p0-security]\nid_forms = [\"x\"]\n[workflow]\nstart = [\"nope\"]\n",
        )
        .unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else {
            panic!("{err}")
        };
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(4)], "{err}");
    }

    /// A status named in a table's entry is placed at the entry, not at the
    /// table's header, and the message names the entry's key.
    #[test]
    fn statuses_in_table_entries_are_placed_at_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let err = settings_from(
            dir.path(),
            "[workflow.transitions]\ntodo = [\"in_progress\"]\nnope = []\nreview = [\"dne\"]\n[workflow.aliases]\nok = \"todo\"\nwip2 = \"nope\"\n[gates.wip-limit.limits]\ntodo = 1\nin_progres = 2\n",
        )
        .unwrap_err();
        let ConfigError::Invalid { problems, .. } = &err else {
            panic!("{err}")
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{err}");
        assert!(
            shown[0].starts_with("line 3: `workflow.transitions.nope` names status `nope`")
                && shown[1].starts_with("line 4: `workflow.transitions.review` names status `dne`")
                && shown[2].starts_with("line 7: `workflow.aliases.wip2` names status `nope`")
                && shown[3].starts_with(
                    "line 10: `gates.wip-limit.limits.in_progres` names status `in_progres`"
                ),
            "{shown:#?}"
        );
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
            wip(&s).limits.clone().into_iter().collect::<Vec<_>>(),
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
        assert!(wip(&s).limits.is_empty(), "{:?}", wip(&s).limits);
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
            // Backlog.md's rules: any status to any other, a new task in
            // any status; the last listed is final.
            for (from, to) in [("todo", "done"), ("done", "todo"), ("doing", "todo")] {
                assert!(s.workflow.allows(from, to), "{from} -> {to}");
            }
            assert!(s.workflow.is_start("done") && !s.workflow.allows("todo", "nope"));
            assert_eq!(s.workflow.finals(), ["done"]);
            assert_eq!(s.workflow.preset, Some(workflow::Preset::Any));
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
        assert_eq!(wip(&s).limits.get("in_progress"), Some(&2));
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
        assert_eq!(wip(&s).limits.get("in_progress"), Some(&2));
        assert!((wip(&s).warn_at - 0.5).abs() < f64::EPSILON);
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
        assert_eq!(wip(&s).limits.get("in_progress"), Some(&2));
        assert!(s.workflow.allows("todo", "in_progress"));
        assert!(!s.workflow.allows("in_progress", "done"));
        assert_eq!(s.board.tasks_dir, dir.path().join("docs/agile/tasks"));
    }

    /// Issue #23: a preset in one line, over a tool's statuses or
    /// gate.toml's; a wrong one, or one beside a table, is a problem.
    #[test]
    fn workflow_presets() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("backlog")).unwrap();
        std::fs::write(
            dir.path().join("backlog/config.yml"),
            "statuses: [\"To Do\", \"In Progress\", \"Done\"]\ndefault_status: To Do\n",
        )
        .unwrap();
        // No gate.toml: any to any.
        let s = load_in(dir.path()).unwrap();
        assert!(s.workflow.allows("done", "to_do") && s.workflow.is_start("done"));
        let s = settings_from(dir.path(), "workflow = \"forward\"\n").unwrap();
        assert_eq!(s.workflow.preset, Some(workflow::Preset::Forward));
        assert!(s.workflow.allows("to_do", "done") && !s.workflow.allows("done", "to_do"));
        assert_eq!(s.workflow.name("in_progress"), "In Progress");
        assert_eq!(s.workflow.finals(), ["done"]);
        let s = settings_from(dir.path(), "[workflow]\npreset = \"linear\"\n").unwrap();
        assert!(!s.workflow.allows("to_do", "done") && !s.workflow.allows("done", "to_do"));
        assert!(s.workflow.allows("in_progress", "to_do") && !s.workflow.is_start("done"));
        // gate.toml's transitions replace the tool's "any".
        let s = settings_from(
            dir.path(),
            "[workflow.transitions]\n\"To Do\" = [\"In Progress\"]\n\"In Progress\" = [\"Done\"]\n",
        )
        .unwrap();
        assert!(!s.workflow.allows("to_do", "done") && s.workflow.preset.is_none());
        let err = settings_from(dir.path(), "workflow = \"forwards\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown workflow `forwards`") && err.contains("did you mean `forward`"),
            "{err}"
        );
        let err = settings_from(
            dir.path(),
            "[workflow]\npreset = \"any\"\n[workflow.transitions]\n\"To Do\" = [\"Done\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("exclude each other") || err.contains("both set"),
            "{err}"
        );
    }

    /// Issue #23: each tool's final statuses, and kanban-md's own rules.
    #[test]
    fn tool_finals_classes_and_claims() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("kanban")).unwrap();
        std::fs::write(
            dir.path().join("kanban/config.yml"),
            "statuses:\n  - backlog\n  - name: in-progress\n    require_claim: true\n  - done\n  - archived\nclasses:\n  - name: expedite\n    wip_limit: 1\n    bypass_column_wip: true\n  - standard\nnext_id: 7\n",
        )
        .unwrap();
        let s = load_in(dir.path()).unwrap();
        assert_eq!(s.workflow.finals(), ["done", "archived"]);
        assert_eq!(s.workflow.require_claim, ["in_progress"]);
        let tool = (native::ADAPTERS[1].read)(
            &dir.path().join("kanban/config.yml"),
            &std::fs::read_to_string(dir.path().join("kanban/config.yml")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            tool.classes,
            [
                native::ServiceClass {
                    name: "expedite".into(),
                    wip_limit: Some(1),
                    bypass_column_wip: true
                },
                native::ServiceClass {
                    name: "standard".into(),
                    wip_limit: None,
                    bypass_column_wip: false
                }
            ]
        );
        assert!(s.workflow.allows("done", "backlog") && s.workflow.is_start("in_progress"));
        // Without `archived`, the last status.
        std::fs::write(
            dir.path().join("kanban/config.yml"),
            "statuses: [backlog, doing, shipped]\n",
        )
        .unwrap();
        assert_eq!(load_in(dir.path()).unwrap().workflow.finals(), ["shipped"]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".beans.yml"), "beans:\n  path: .beans\n").unwrap();
        let s = load_in(dir.path()).unwrap();
        assert_eq!(s.workflow.finals(), ["completed", "scrapped"]);
        assert!(s.workflow.is_idle("scrapped") && !s.workflow.is_idle("in_progress"));
    }

    /// kanban-md's `next_id` is bookkeeping: the policy is the same.
    #[test]
    fn bookkeeping_is_not_policy() {
        let read = |text: &str| {
            let adapter = &native::ADAPTERS[1];
            (adapter.read)(Path::new("/r/kanban/config.yml"), text).unwrap()
        };
        let base = "statuses: [a, b]\nwip_limits: {b: 2}\nnext_id: 3\ntui: {title_lines: 2}\n";
        assert!(read(base).same_policy(&read(&base.replace("next_id: 3", "next_id: 4"))));
        assert!(read(base).same_policy(&read(&base.replace("title_lines: 2", "title_lines: 3"))));
        assert!(!read(base).same_policy(&read(&base.replace("b: 2", "b: 3"))));
    }
}
