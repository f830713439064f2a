//! `gate ci --base <REV> [--head <REV>]`: every status change in the
//! commits of `base..head`, along first parents, oldest first. Each
//! commit's changes run from the parent's statuses and are judged against
//! the board as that commit leaves it — what `check --staged` saw when the
//! commit was made — with P0 evidence read as of that commit. Nothing is
//! recorded in the audit log unless `--audit`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Env;
use super::staged::{Changes, changes, finish};
use crate::board::{Board, Entry, is_task_path};
use crate::cli::CiArgs;
use crate::error::Exit;
use crate::gates::Policy;
use crate::git::tree::{Listing, TaskTrees};
use crate::report::batch::CommitRef;

/// Task files already parsed, by path and blob id: a file unchanged
/// between commits is parsed once.
type Parsed = BTreeMap<(PathBuf, String), Entry>;

pub(super) fn run(env: &mut Env<'_>, args: &CiArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let trees = TaskTrees::open(&settings.root, &settings.board.tasks_dir)
        .context("reading task files from git")?;
    let commits = trees.first_parent_range(&args.base, &args.head, settings.p0.max_commits)?;
    let keep = |rel: &Path| is_task_path(&settings, rel);
    let policy = Policy {
        force: false,
        allowed_overrides: &settings.overrides.allowed,
        deny_warnings: args.deny_warnings,
    };
    let mut all = Changes {
        items: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut previous: Option<(String, Board)> = None;
    let mut cache = Parsed::new();
    for commit in &commits {
        // A commit that leaves the tasks directory's tree as it was moves no task.
        if trees.tasks_tree_id(commit.parent.as_deref())?
            == trees.tasks_tree_id(Some(&commit.id))?
        {
            previous = previous
                .filter(|(id, _)| commit.parent.as_deref() == Some(id.as_str()))
                .map(|(_, b)| (commit.id.clone(), b));
            continue;
        }
        let before = match previous.take() {
            Some((id, board)) if commit.parent.as_deref() == Some(id.as_str()) => board,
            _ => load(
                &trees,
                &settings,
                commit.parent.as_deref(),
                &keep,
                &mut cache,
            )?,
        };
        let after = load(&trees, &settings, Some(&commit.id), &keep, &mut cache)?;
        let at = CommitRef {
            id: commit.id.clone(),
            short: commit.short.clone(),
            summary: commit.summary.clone(),
        };
        let found = changes(&settings, &before, &after, None, &policy, env, Some(&at));
        all.items.extend(found.items);
        all.unreadable.extend(found.unreadable);
        previous = Some((commit.id.clone(), after));
    }
    if args.audit {
        super::staged::record_all(&settings, "ci", &mut all.items, env)?;
    }
    finish(env, &all, &format!("in {}..{}", args.base, args.head))
}

/// The board in a commit's tree, parsing only blobs not seen before.
fn load(
    trees: &TaskTrees,
    settings: &crate::config::Settings,
    commit: Option<&str>,
    keep: &dyn Fn(&Path) -> bool,
    cache: &mut Parsed,
) -> Result<Board> {
    let listing = trees.list_commit(commit, keep)?;
    let missing: Listing = listing
        .iter()
        .filter(|(path, id)| !cache.contains_key(&((*path).clone(), (*id).clone())))
        .map(|(path, id)| (path.clone(), id.clone()))
        .collect();
    let fresh = Board::from_files(settings, trees.read(&missing)?);
    let dir = &settings.board.tasks_dir;
    for entry in fresh.entries {
        let rel = entry
            .path
            .strip_prefix(dir)
            .unwrap_or(&entry.path)
            .to_path_buf();
        if let Some(id) = missing.get(&rel) {
            cache.insert((rel, id.clone()), entry);
        }
    }
    let entries = listing
        .into_iter()
        .filter_map(|key| cache.get(&key).cloned())
        .collect();
    Ok(Board {
        tasks_dir: dir.clone(),
        entries,
        from_cache: None,
    })
}
