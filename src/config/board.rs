//! `[board]`: where the task files are and which of them count.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::native::ToolConfig;
use super::problem::{ConfigProblem, Problems};
use super::promethean::PrometheanConfig;
use super::sources::Sources;
use super::util::{nearest, strings};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoard {
    /// The board tool whose config is the board's (`[board] tool`), when
    /// a directory holds two tools' configs.
    pub(crate) tool: Option<super::native::ToolChoice>,
    pub(crate) tasks_dir: Option<String>,
    pub(crate) exclude: Option<Vec<String>>,
    pub max_task_bytes: Option<u64>,
    pub(crate) required_fields: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct BoardSettings {
    /// The board tool `[board] tool` names, when it names one (`gate
    /// config` and `gate init` write it back).
    pub(crate) tool: Option<super::native::ToolChoice>,
    /// Absolute tasks directory.
    pub(crate) tasks_dir: PathBuf,
    /// Whether the user named the tasks directory explicitly (`--board`,
    /// `GATE_BOARD`, or an absolute path in the config): only then may it
    /// resolve outside the repository root.
    pub(crate) tasks_dir_explicit: bool,
    pub(crate) exclude: Vec<String>,
    pub(crate) exclude_set: globset::GlobSet,
    pub max_task_bytes: u64,
    pub(crate) required_fields: Vec<String>,
}

/// Field names `board.required_fields` may list.
pub(crate) const KNOWN_FIELDS: &[&str] = &[
    "id", "title", "status", "priority", "created", "labels", "slug",
];

/// The places the tasks directory may be named, besides `[board]`.
pub(crate) struct Where<'a> {
    pub(crate) root: &'a Path,
    /// The directory relative paths in the config file are resolved from.
    pub(crate) config_dir: &'a Path,
    /// `--board` / `GATE_BOARD`, resolved from the working directory.
    pub(crate) board_flag: Option<PathBuf>,
    pub(crate) promethean: Option<&'a PrometheanConfig>,
    pub(crate) tool: Option<&'a ToolConfig>,
}

pub(crate) fn validate(
    raw: Option<RawBoard>,
    at: &Where<'_>,
    sources: &mut Sources,
    problems: &mut Problems,
) -> BoardSettings {
    let rb = raw.unwrap_or_default();
    let (tasks_dir, tasks_dir_explicit) = tasks_dir(&rb, at, sources);
    sources.set(
        "board",
        sources.from(
            rb.exclude.is_some() || rb.max_task_bytes.is_some() || rb.required_fields.is_some(),
        ),
    );
    let exclude = rb.exclude.unwrap_or_default();
    let exclude_set = globs("board.exclude", &exclude, |p| p, problems);
    let required_fields = rb.required_fields.unwrap_or_else(|| {
        at.tool
            .and_then(|t| t.required_fields.as_ref())
            .map_or_else(
                || strings(&["id", "title", "status", "priority"]),
                |o| o.value.clone(),
            )
    });
    for field in &required_fields {
        if !KNOWN_FIELDS.contains(&field.as_str()) {
            problems.push(ConfigProblem::UnknownField {
                field: field.clone(),
                known: KNOWN_FIELDS,
                suggestion: nearest(field, KNOWN_FIELDS.iter().copied()),
            });
        }
    }
    BoardSettings {
        tool: rb.tool,
        tasks_dir,
        tasks_dir_explicit,
        exclude,
        exclude_set,
        max_task_bytes: rb.max_task_bytes.unwrap_or(8 * 1024 * 1024),
        required_fields,
    }
}

/// The tasks directory, and whether the user named it explicitly.
fn tasks_dir(rb: &RawBoard, at: &Where<'_>, sources: &mut Sources) -> (PathBuf, bool) {
    if let Some(dir) = &at.board_flag {
        sources.set("board.tasks_dir", "--board / GATE_BOARD".to_owned());
        return (dir.clone(), true);
    }
    if let Some(dir) = at.promethean.and_then(|p| p.tasks_dir.as_ref()) {
        sources.set("board.tasks_dir", sources.file());
        // Promethean configs write tasksDir from the repository root even
        // when the file lives deeper; prefer the file's directory as the
        // spec says, and fall back to the root when that does not exist.
        let beside = at.config_dir.join(dir);
        let path = if beside.is_dir() {
            beside
        } else {
            at.root.join(dir)
        };
        return (path, Path::new(dir).is_absolute());
    }
    if let Some(dir) = &rb.tasks_dir {
        sources.set("board.tasks_dir", sources.file());
        return (at.config_dir.join(dir), Path::new(dir).is_absolute());
    }
    if let Some(t) = at.tool {
        sources.set("board.tasks_dir", sources.tool(t.tasks_dir.key));
        return (t.tasks_dir.value.clone(), true);
    }
    sources.set("board.tasks_dir", sources.default());
    let agile = at.root.join("docs/agile/tasks");
    let path = if agile.is_dir() {
        agile
    } else {
        at.root.join("tasks")
    };
    (path, false)
}

/// `patterns` compiled (each through `prepare`), every bad one a problem.
pub(crate) fn globs(
    key: &'static str,
    patterns: &[String],
    prepare: impl Fn(&str) -> &str,
    problems: &mut Problems,
) -> globset::GlobSet {
    let mut globs = globset::GlobSetBuilder::new();
    for pattern in patterns {
        match globset::Glob::new(prepare(pattern)) {
            Ok(glob) => {
                globs.add(glob);
            }
            Err(e) => problems.push(ConfigProblem::BadGlob {
                key,
                pattern: pattern.clone(),
                error: e.to_string(),
            }),
        }
    }
    globs.build().unwrap_or_else(|e| {
        problems.push(ConfigProblem::GlobSet {
            key,
            error: e.to_string(),
        });
        globset::GlobSet::empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_glob_and_field_is_reported() {
        let root = Path::new("/r");
        let at = Where {
            root,
            config_dir: root,
            board_flag: None,
            promethean: None,
            tool: None,
        };
        let raw = RawBoard {
            exclude: Some(strings(&["a[", "ok/**", "b{"])),
            required_fields: Some(strings(&["id", "titel"])),
            ..RawBoard::default()
        };
        let mut problems = Problems::default();
        let mut sources = Sources::new(Some("gate.toml".into()), None);
        let board = validate(Some(raw), &at, &mut sources, &mut problems);
        let shown: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("`board.exclude`: bad glob `a[`"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("`board.exclude`: bad glob `b{`"),
            "{shown:#?}"
        );
        assert!(shown[2].ends_with("did you mean `title`?"), "{shown:#?}");
        assert_eq!(board.tasks_dir, root.join("tasks"));
        assert!(!board.tasks_dir_explicit);
        assert_eq!(sources.map["board.tasks_dir"], "built-in default");
    }
}
