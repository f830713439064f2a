//! `gate check --staged`: the pre-commit check. Every task file whose
//! status differs between HEAD and the index is judged against the staged
//! board — the board as the commit will leave it.
//!
//! Also home of what `ci` shares with it: finding the status changes
//! between two boards and printing many results.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Env;
use super::check::{exit_of, judge};
use crate::board::cache::BlobCache;
use crate::board::{Board, Entry, EntryKind, is_task_path};
use crate::cli::{CheckArgs, Format};
use crate::config::Settings;
use crate::error::Exit;
use crate::gates::Policy;
use crate::git::tree::{Listing, TaskTrees};
use crate::report::batch::{self, CommitRef, Item};
use crate::report::{codequality, junit, sarif};

pub(super) fn run(env: &mut Env<'_>, args: &CheckArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let trees = TaskTrees::open(&settings.root, &settings.board.tasks_dir)
        .context("reading the staged task files")?;
    let keep = |rel: &Path| is_task_path(&settings, rel);
    // git points hooks of `commit -a` and `commit <paths>` at a temporary index.
    let index_file = std::env::var_os("GIT_INDEX_FILE")
        .map(|p| std::path::absolute(&p).unwrap_or_else(|_| p.into()));
    let head = trees.list_commit(trees.head().as_deref(), &keep)?;
    let index = trees.list_index(index_file.as_deref(), &keep)?;
    // Only files whose blob changed can have changed status; a file gone
    // from the index is read too, for a rename's previous status. The
    // staged board is read whole: WIP counts need every task.
    let touched: BTreeSet<PathBuf> = index
        .iter()
        .filter(|(path, id)| head.get(*path) != Some(*id))
        .map(|(path, _)| settings.board.tasks_dir.join(path))
        .collect();
    if touched.is_empty() {
        return finish(env, &Changes::default(), "staged");
    }
    let old: Listing = head
        .into_iter()
        .filter(|(path, id)| index.get(path) != Some(id))
        .collect();
    let before = Board::from_files(&settings, trees.read(&old)?);
    let after = staged_board(&settings, &trees, &index, &touched, env.cache)?;
    if env.verbose > 0 {
        let cached = after
            .from_cache
            .map(|n| format!(", {n} unchanged files from the blob cache"))
            .unwrap_or_default();
        writeln!(
            env.err,
            "gate: staged board ({} files{cached})",
            after.entries.len()
        )?;
    }
    let policy = Policy {
        force: false,
        allowed_overrides: &settings.overrides.allowed,
        deny_warnings: args.deny_warnings,
    };
    let found = changes(
        &settings,
        &before,
        &after,
        Some(&touched),
        &policy,
        env,
        None,
    );
    let mut found = found;
    record_all(&settings, "check --staged", &mut found.items, env)?;
    finish(env, &found, "staged")
}

/// The board of the index. Blobs parsed before come from the blob cache
/// (see [`BlobCache`]); the rest, and always the `fresh` files (the tasks
/// being judged, whose text the gates read), from git.
fn staged_board(
    settings: &Settings,
    trees: &TaskTrees,
    index: &Listing,
    fresh: &BTreeSet<PathBuf>,
    cached: bool,
) -> Result<Board> {
    let dir = &settings.board.tasks_dir;
    let Some(mut cache) = cached.then(|| BlobCache::open(settings)).flatten() else {
        return Ok(Board::from_files(settings, trees.read(index)?));
    };
    let fresh: HashSet<&Path> = fresh
        .iter()
        .filter_map(|p| p.strip_prefix(dir).ok())
        .collect();
    // In the index's order, which is the board's: what the cache knows, or
    // `None` for the files to read.
    let mut known = Vec::with_capacity(index.len());
    let mut unknown = Listing::new();
    for (rel, id) in index {
        let hit = if fresh.contains(rel.as_path()) {
            None
        } else {
            cache.take(&BlobCache::key(id, rel))
        };
        if hit.is_none() {
            unknown.insert(rel.clone(), id.clone());
        }
        known.push(hit);
    }
    let hits = known.iter().flatten().count();
    let mut read = Board::from_files(settings, trees.read(&unknown)?)
        .entries
        .into_iter();
    let entries = index
        .keys()
        .zip(known)
        .map(|(rel, hit)| match hit {
            Some(kind) => {
                let path = dir.join(rel);
                Some(Entry {
                    display: crate::board::display_path(&settings.root, &path),
                    path,
                    kind,
                })
            }
            // Both lists are in path order: the next one read is this one.
            None => read
                .next()
                .filter(|e| e.path.strip_prefix(dir).ok() == Some(rel.as_path())),
        })
        .collect::<Option<Vec<_>>>()
        .context("the staged files read from git do not match the index listing")?;
    if !unknown.is_empty() || !cache.all_taken() {
        let keyed = index
            .iter()
            .zip(&entries)
            .map(|((rel, id), entry)| (BlobCache::key(id, rel), &entry.kind));
        // A cache that cannot be written only costs speed.
        let _ = cache.store(keyed);
    }
    Ok(Board {
        tasks_dir: dir.clone(),
        entries,
        from_cache: Some(hits),
    })
}

/// The judged status changes between two boards, and the changed task
/// files that cannot be read.
#[derive(Default)]
pub(super) struct Changes {
    pub items: Vec<Item>,
    pub unreadable: Vec<String>,
}

/// Judges every task whose status differs from `before` to `after`, against
/// the `after` board; with `only`, just the tasks at those paths. A path new to `after` takes its previous status from
/// a task with the same id (a renamed file); otherwise it is new and must
/// start in a start state.
pub(super) fn changes(
    settings: &Settings,
    before: &Board,
    after: &Board,
    only: Option<&BTreeSet<PathBuf>>,
    policy: &Policy<'_>,
    env: &Env<'_>,
    commit: Option<&CommitRef>,
) -> Changes {
    let by_path: BTreeMap<&Path, &crate::board::Entry> = before
        .entries
        .iter()
        .map(|e| (e.path.as_path(), e))
        .collect();
    let by_id: BTreeMap<&str, Option<&str>> = before
        .tasks()
        .filter_map(|(_, t)| t.id.as_deref().map(|id| (id, t.status.as_deref())))
        .collect();
    let mut out = Changes {
        items: Vec::new(),
        unreadable: Vec::new(),
    };
    for entry in &after.entries {
        if only.is_some_and(|set| !set.contains(&entry.path)) {
            continue;
        }
        let old = by_path.get(entry.path.as_path()).copied();
        match &entry.kind {
            EntryKind::Task(task) => {
                let Some(to) = task.status.clone() else {
                    continue; // no status now: nothing moved anywhere
                };
                let from = match old.and_then(|e| e.task()) {
                    Some(t) => t.status.clone(),
                    None => task
                        .id
                        .as_deref()
                        .and_then(|id| by_id.get(id).copied().flatten())
                        .map(str::to_owned),
                };
                if from.as_deref() == Some(to.as_str()) {
                    continue;
                }
                let report = judge(
                    settings,
                    after,
                    entry,
                    task,
                    from,
                    &to,
                    policy,
                    commit.map(|c| c.id.as_str()),
                    env,
                );
                out.items.push(Item {
                    report,
                    commit: commit.cloned(),
                });
            }
            EntryKind::Unreadable(findings) => {
                let was_readable = old.is_none_or(|e| !matches!(e.kind, EntryKind::Unreadable(_)));
                if was_readable {
                    let why = findings
                        .first()
                        .map_or_else(String::new, |f| format!(": {}", f.summary()));
                    let at = commit
                        .map(|c| format!(" in commit {}", c.short))
                        .unwrap_or_default();
                    out.unreadable.push(format!(
                        "task file `{}`{at} cannot be read{why}",
                        entry.display
                    ));
                }
            }
            EntryKind::NotATask(_) => {}
        }
    }
    out
}

/// Records every judged transition in the audit log (`command` names
/// the caller); a decision that cannot be recorded makes the run fail.
pub(super) fn record_all(
    settings: &Settings,
    command: &str,
    items: &mut [Item],
    env: &Env<'_>,
) -> Result<()> {
    for item in items.iter_mut().filter(|i| !i.report.no_op) {
        item.report.audit =
            super::audit::record_check(settings, command, &item.report, None, env.now)?;
    }
    Ok(())
}

/// Prints the results in the chosen format; the worst outcome decides
/// the exit code, and an unreadable changed file makes it 2.
pub(super) fn finish(env: &mut Env<'_>, changes: &Changes, what: &str) -> Result<Exit> {
    for problem in &changes.unreadable {
        writeln!(env.err, "error: {problem}")?;
    }
    render_items(env, &changes.items, what)?;
    let mut exit = changes.items.iter().fold(Exit::Success, |e, i| {
        e.max(exit_of(i.report.decision.outcome))
    });
    if !changes.unreadable.is_empty() {
        exit = exit.max(Exit::Error);
    }
    Ok(exit)
}

/// Renders judged transitions as `--format` asks.
pub(super) fn render_items(env: &mut Env<'_>, items: &[Item], what: &str) -> Result<()> {
    if env.quiet {
        return Ok(());
    }
    match env.format {
        Format::Json => batch::write_json(env.out, items)?,
        Format::Sarif => sarif::write(env.out, &sarif::from_checks(items))?,
        Format::Junit => junit::write(env.out, items)?,
        Format::Github => super::github_checks(env, items, what)?,
        Format::Codequality => codequality::write(env.out, &sarif::from_checks(items))?,
        _ => batch::write_human(env.out, items, env.style, what)?,
    }
    Ok(())
}
