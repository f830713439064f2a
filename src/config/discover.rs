//! Finding the configuration: the repository root, the config file that
//! applies (SPEC §1), the board tool's own config, and reading them as
//! regular files.

use std::path::{Path, PathBuf};

use super::native;
use super::util::shown;

/// Which kind of file the settings came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SourceKind {
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

impl SourceKind {
    /// The kind a config file's name says: JSON is Promethean's.
    pub(crate) fn of(path: &Path) -> SourceKind {
        if path.extension().is_some_and(|e| e == "json") {
            SourceKind::Promethean
        } else {
            SourceKind::GateToml
        }
    }
}

/// A file that could not be read or does not hold a valid tool config.
#[derive(Debug)]
pub(crate) enum Unread {
    Io {
        path: String,
        error: std::io::Error,
    },
    Invalid {
        path: String,
        tool: &'static str,
        message: String,
    },
    /// Two tools' configs, equally near: (file, tool) each.
    TwoTools {
        files: Vec<(String, &'static str)>,
    },
    /// The [`FileReader`] failed: its error, handed back as it was.
    Reader(ReaderError),
}

/// Why a `FileReader` could not read a file: the caller's own error,
/// which loading returns untouched (`ConfigError::Reader`).
#[derive(Debug)]
pub struct ReaderError(pub anyhow::Error);

impl std::fmt::Display for ReaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

/// The config files a repository's root may hold, as the config search
/// looks for them from the root: paths relative to the root.
pub(crate) const ROOT_CANDIDATES: &[&str] = &[
    "gate.toml",
    ".gate.toml",
    "docs/agile/tasks/promethean.kanban.json",
    "docs/agile/promethean.kanban.json",
    "docs/promethean.kanban.json",
    "promethean.kanban.json",
];

/// The config file that applies, first found wins (SPEC §1): `explicit`
/// (`--config`, `GATE_CONFIG`), else the nearest gate.toml from `cwd` up to
/// `root`, else a Promethean config at the root.
pub(crate) fn find_config(
    cwd: &Path,
    explicit: Option<&Path>,
    root: &Path,
) -> Option<(PathBuf, SourceKind)> {
    if let Some(path) = explicit {
        let path = cwd.join(path);
        let kind = SourceKind::of(&path);
        return Some((path, kind));
    }
    // Like cargo with Cargo.toml: the nearest gate.toml from the working
    // directory up to the root, so `gate -C sub/board` finds sub/board's.
    for dir in cwd.ancestors() {
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

/// Reads a config file that must be a regular file (after links): opened
/// non-blocking and checked on the open handle (as every file gate reads by
/// name), so a FIFO swapped in after a look at the name cannot hang the read.
pub(crate) fn read_regular(path: &Path) -> std::io::Result<String> {
    match crate::fsutil::read_regular_string(path, crate::fsutil::Links::Follow) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_ok() => {
            Err(std::io::Error::new(
                e.kind(),
                "a symbolic link to a file that does not exist",
            ))
        }
        other => other,
    }
}

/// Reads a file by its path relative to the repository root
/// (`/`-separated): how a commit's files are read. `Ok(None)`: there is
/// no such file.
pub(crate) type FileReader<'a> = &'a dyn Fn(&str) -> Result<Option<String>, ReaderError>;

/// The board tool config that applies, nearest first as
/// [`native::levels`] orders the places; `exists` says whether a place
/// holds a file. Two tools' configs at the nearest level that has one are
/// two boards: an error naming both, unless `[board] tool` names one
/// (`none`: no tool's config is read).
fn pick(
    cwd: &Path,
    root: &Path,
    choice: Option<native::ToolChoice>,
    exists: &dyn Fn(&str) -> Result<bool, Unread>,
) -> Result<Option<(&'static native::Adapter, String)>, Unread> {
    if choice == Some(native::ToolChoice::None) {
        return Ok(None);
    }
    for level in native::levels(cwd, root) {
        let mut found: Vec<(&'static native::Adapter, String)> = Vec::new();
        for (adapter, rel) in level {
            if choice.is_some_and(|c| !c.is(adapter.tool))
                || found.iter().any(|(a, _)| a.tool == adapter.tool)
            {
                continue;
            }
            if exists(&rel)? {
                found.push((adapter, rel));
            }
        }
        match found.len() {
            0 => {}
            1 => return Ok(found.pop()),
            _ => {
                return Err(Unread::TwoTools {
                    files: found
                        .iter()
                        .map(|(a, rel)| (rel.clone(), a.tool.name()))
                        .collect(),
                });
            }
        }
    }
    Ok(None)
}

/// The board tool's own config in the work tree (chosen as `pick` chooses).
pub(crate) fn read_tool(
    cwd: &Path,
    root: &Path,
    choice: Option<native::ToolChoice>,
) -> Result<Option<native::ToolConfig>, Unread> {
    let Some((adapter, rel)) = pick(cwd, root, choice, &|rel| Ok(root.join(rel).is_file()))? else {
        return Ok(None);
    };
    let path = root.join(&rel);
    let shown = shown(root, &path);
    let text = read_regular(&path).map_err(|error| Unread::Io {
        path: shown.clone(),
        error,
    })?;
    (adapter.read)(&path, &text)
        .map(Some)
        .map_err(|message| Unread::Invalid {
            path: shown,
            tool: adapter.tool.name(),
            message,
        })
}

/// The board tool's own config as `files` has it (a commit's tree), looked
/// for as [`read_tool`] looks.
pub(crate) fn read_tool_from(
    cwd: &Path,
    root: &Path,
    files: FileReader<'_>,
    choice: Option<native::ToolChoice>,
) -> Result<Option<native::ToolConfig>, Unread> {
    let read = |rel: &str| files(rel).map_err(Unread::Reader);
    let Some((adapter, rel)) = pick(cwd, root, choice, &|rel| Ok(read(rel)?.is_some()))? else {
        return Ok(None);
    };
    let Some(text) = read(&rel)? else {
        return Ok(None);
    };
    let path = root.join(&rel);
    (adapter.read)(&path, &text)
        .map(Some)
        .map_err(|message| Unread::Invalid {
            path: rel,
            tool: adapter.tool.name(),
            message,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_gate_toml_wins_up_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/board")).unwrap();
        std::fs::write(root.join("gate.toml"), "").unwrap();
        std::fs::write(root.join("sub/.gate.toml"), "").unwrap();
        let found = find_config(&root.join("sub/board"), None, root);
        assert_eq!(
            found,
            Some((root.join("sub/.gate.toml"), SourceKind::GateToml))
        );
        let found = find_config(root, Some(Path::new("x.json")), root);
        assert_eq!(found, Some((root.join("x.json"), SourceKind::Promethean)));
    }

    #[test]
    fn a_directory_is_not_a_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a directory; gate opens only regular files here"
        );
    }
}
