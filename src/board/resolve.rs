//! Naming a task on the command line (SPEC §2, "Naming a task").
//!
//! Resolution order: the id, by the board tool's rule
//! ([`crate::task::identity::IdRule`]); a path to a task file (which must lie inside
//! the tasks directory); a unique id prefix of at least 4 characters; exact
//! slug; file stem; title (case-insensitive).

use std::path::Path;

use super::{Board, Entry};
use crate::config::Settings;

/// Why a task name did not resolve to exactly one file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveError {
    #[error("`{name}` matches {} tasks:\n{}", .matches.len(), .matches.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n"))]
    Ambiguous { name: String, matches: Vec<String> },
    #[error("no task named `{name}`{}", suggestions(.closest))]
    NotFound { name: String, closest: Vec<String> },
    #[error(
        "no task named `{name}`\nhelp: id prefixes need 4+ characters; `{name}` begins the id of: {}",
        .ids.join(", ")
    )]
    ShortPrefix { name: String, ids: Vec<String> },
    #[error(
        "`{name}` is outside the tasks directory\nhelp: gate only reads task files below the tasks directory (after resolving `..` and links)"
    )]
    OutsideBoard { name: String },
}

fn suggestions(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!("\nhelp: the closest names are: {}", closest.join(", "))
    }
}

/// Finds the one entry `name` refers to. `cwd` resolves relative paths.
/// Reads the file that `name` resolves to again when its task came from
/// the board cache, so that its text is there to judge; [`resolve`] then
/// finds it (or says why not).
pub(crate) fn read_named(board: &mut Board, settings: &Settings, name: &str, cwd: &Path) {
    if let Ok(entry) = resolve(board, name, cwd) {
        let path = entry.path.clone();
        board.reread(settings, &path);
    }
}

pub(crate) fn resolve<'a>(
    board: &'a Board,
    name: &str,
    cwd: &Path,
) -> Result<&'a Entry, ResolveError> {
    let one = |matches: Vec<&'a Entry>| -> Option<Result<&'a Entry, ResolveError>> {
        match matches.len() {
            0 => None,
            1 => Some(Ok(matches[0])),
            _ => Some(Err(ResolveError::Ambiguous {
                name: name.to_owned(),
                matches: matches.iter().map(|e| describe(e)).collect(),
            })),
        }
    };
    let tasks: Vec<(&Entry, &crate::task::Task)> = board.tasks().collect();

    // The id, as the board's tool compares ids (`78` is `TASK-78` on a
    // Backlog.md board).
    let key = board.key_of(name);
    if let Some(r) = one(tasks
        .iter()
        .filter(|(e, t)| t.id.is_some() && e.key == key)
        .map(|(e, _)| *e)
        .collect())
    {
        return r;
    }
    if looks_like_path(name) {
        let candidate = cwd.join(name);
        if candidate.exists() {
            return by_path(board, &candidate, name);
        }
    }
    if name.chars().count() >= 4 {
        let lower = name.to_lowercase();
        let matches = tasks
            .iter()
            .filter(|(_, t)| {
                t.id.as_deref()
                    .is_some_and(|id| id.to_lowercase().starts_with(&lower))
            })
            .map(|(e, _)| *e)
            .collect();
        if let Some(r) = one(matches) {
            return r;
        }
    }
    if let Some(r) = one(tasks
        .iter()
        .filter(|(_, t)| t.slug.as_deref() == Some(name))
        .map(|(e, _)| *e)
        .collect())
    {
        return r;
    }
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if let Some(r) = one(board.entries.iter().filter(|e| e.stem() == stem).collect()) {
        return r;
    }
    if let Some(r) = one(tasks
        .iter()
        .filter(|(_, t)| t.title.to_lowercase() == name.to_lowercase())
        .map(|(e, _)| *e)
        .collect())
    {
        return r;
    }
    let lower = name.to_lowercase();
    let ids: Vec<String> = tasks
        .iter()
        .filter_map(|(_, t)| t.id.as_deref())
        .filter(|id| !name.is_empty() && id.to_lowercase().starts_with(&lower))
        .take(3)
        .map(str::to_owned)
        .collect();
    if !ids.is_empty() {
        return Err(ResolveError::ShortPrefix {
            name: name.to_owned(),
            ids,
        });
    }
    Err(ResolveError::NotFound {
        name: name.to_owned(),
        closest: closest(board, name),
    })
}

fn looks_like_path(name: &str) -> bool {
    name.contains('/')
        || name.contains('\\')
        || name.starts_with('.')
        || Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The entry at `path`, which must lie inside the tasks directory once
/// `..` and links are resolved.
fn by_path<'a>(board: &'a Board, path: &Path, name: &str) -> Result<&'a Entry, ResolveError> {
    let outside = || ResolveError::OutsideBoard {
        name: name.to_owned(),
    };
    let canonical = path.canonicalize().map_err(|_| outside())?;
    let dir = board.tasks_dir.canonicalize().map_err(|_| outside())?;
    if !canonical.starts_with(&dir) {
        return Err(outside());
    }
    board
        .entries
        .iter()
        .find(|e| e.path.canonicalize().is_ok_and(|p| p == canonical))
        .ok_or_else(|| ResolveError::NotFound {
            name: name.to_owned(),
            closest: Vec::new(),
        })
}

fn describe(entry: &Entry) -> String {
    match entry.task() {
        Some(t) => format!("{} ({}) {}", t.display_id(), t.title, entry.display),
        None => entry.display.clone(),
    }
}

/// Up to three names close to `name`: ids, slugs, stems and titles.
fn closest(board: &Board, name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(f64, String)> = Vec::new();
    for entry in &board.entries {
        let mut names = vec![entry.stem().to_owned()];
        if let Some(t) = entry.task() {
            names.extend(t.id.clone().map(String::from));
            names.push(t.title.clone());
        }
        let best = names
            .iter()
            .map(|n| strsim::jaro_winkler(&lower, &n.to_lowercase()))
            .fold(0.0, f64::max);
        scored.push((best, entry.stem().to_owned()));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .filter(|(s, _)| *s > 0.6)
        .take(3)
        .map(|(_, n)| n)
        .collect()
}
