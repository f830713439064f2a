//! `gate check --staged`: the commit hook's check. Every task file whose
//! status differs between the commit's parent and the index is judged
//! against the staged board — the board as the commit will leave it — with
//! the configuration the parent has. The parent is HEAD, except for `git
//! commit --amend` (read from git's command line, see [`super::commit_call`]),
//! whose commit replaces HEAD: it is judged against HEAD's parents, and the
//! commit it replaces is no evidence for it.
//! What changed is judged by [`crate::change`], as `ci` judges a commit.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::commit_call::{self, CommitCall};
use super::range::History;
use super::{Env, finish, record_all};
use crate::board::cache::BlobCache;
use crate::board::{Board, Entry, is_task_path};
use crate::change::{Changes, Judge};
use crate::cli::CheckArgs;
use crate::config::Settings;
use crate::error::Exit;
use crate::gates::{PendingCommit, Policy};
use crate::git::tree::{Listing, TaskTrees};

/// The commit the commit being made follows: its first parent (`None`
/// before the first commit), the second parent of a merge, and whether it
/// replaces HEAD (`--amend`).
struct Parents {
    first: Option<String>,
    merged: Option<String>,
    amend: bool,
}

impl Parents {
    fn of(trees: &TaskTrees, call: Option<&CommitCall>) -> Result<Parents> {
        let head = trees.head();
        match head {
            Some(head) if call.is_some_and(|c| c.amend) => {
                let parents = trees.parents(&head)?;
                Ok(Parents {
                    first: parents.first().cloned(),
                    merged: parents.get(1).cloned(),
                    amend: true,
                })
            }
            head => Ok(Parents {
                first: head,
                merged: trees.merge_head()?,
                amend: false,
            }),
        }
    }
}

pub(super) fn run(env: &mut Env<'_>, args: &CheckArgs) -> Result<Exit> {
    let here = env.settings()?;
    let trees = TaskTrees::open(&here.root, &here.board.tasks_dir)
        .context("reading the staged task files")?;
    let call = commit_call::find(&|name| trees.config_value(&format!("alias.{name}")));
    let parents = Parents::of(&trees, call.as_ref())?;
    if env.verbose > 0 && parents.amend {
        writeln!(
            env.err,
            "gate: `git commit --amend`: judged against HEAD's parents"
        )?;
    }
    // Judged with the parent's configuration: a commit cannot loosen the
    // rules it is judged by (before the first commit, the work tree's; an
    // amended first commit, the replaced one's).
    let config_at = parents.first.clone().or_else(|| trees.head());
    let settings = super::committed_settings_at(env, &trees, here, config_at.as_deref())?;
    let trees = TaskTrees::open(&settings.root, &settings.board.tasks_dir)
        .context("reading the staged task files")?;
    let keep = |rel: &Path| is_task_path(&settings, rel);
    // git points hooks of `commit -a` and `commit <paths>` at a temporary index.
    let index_file = std::env::var_os("GIT_INDEX_FILE")
        .map(|p| std::path::absolute(&p).unwrap_or_else(|_| p.into()));
    let head = trees.list_commit(parents.first.as_deref(), &keep)?;
    let index = trees.list_index(index_file.as_deref(), &keep)?;
    // Only files whose blob changed can have changed status; a file gone
    // from the index is read too, for a rename's previous status. The
    // staged board is read whole: WIP counts need every task.
    let touched: BTreeSet<PathBuf> = index
        .iter()
        .filter(|(path, id)| head.get(*path) != Some(*id))
        .map(|(path, _)| settings.board.tasks_dir.join(path))
        .collect();
    let old: Listing = head
        .into_iter()
        .filter(|(path, id)| index.get(path) != Some(id))
        .collect();
    // Nothing changed or left the board.
    if touched.is_empty() && old.is_empty() {
        return finish(env, &Changes::default(), "staged");
    }
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
    let policy = Policy::new(&settings, false, args.deny_warnings);
    // Evidence is read from the first parent: an amended commit's HEAD is
    // the commit it replaces, which will not exist. An amended first
    // commit has no history to read (its search fails closed).
    let rev = match (&parents.first, parents.amend) {
        (Some(first), true) => Some(first.as_str()),
        (None, true) => Some("HEAD^"),
        _ => None,
    };
    let mut found = if let Some(merged) = &parents.merged
        && let Some(head_id) = &parents.first
    {
        // Concluding a merge: the commits it brings in, each against its
        // parent, and what the staged result changes beyond both sides.
        History::new(&settings, &trees, &policy, env.now)
            .one_change()
            .merge_into(head_id, merged, &index, &after, rev, None)?
    } else {
        let pending = match &args.message_file {
            Some(file) => Some(PendingCommit {
                messages: commit_messages(&trees, call.as_ref(), &env.locate.cwd.join(file))?,
                changes: trees.staged_changes(index_file.as_deref(), parents.first.as_deref())?,
            }),
            None => None,
        };
        let judge = Judge {
            settings: &settings,
            policy: &policy,
            now: env.now,
            rev,
            pending: pending.as_ref(),
            origin: None,
        };
        let mut only = touched;
        only.extend(old.keys().map(|p| settings.board.tasks_dir.join(p)));
        judge.between(&before, &after, Some(&only), None)
    };
    // Each decision names the staged content it was made on.
    let blobs: HashMap<&str, &String> = after
        .entries
        .iter()
        .filter_map(|e| {
            let rel = e.path.strip_prefix(&settings.board.tasks_dir).ok()?;
            Some((e.display.as_str(), index.get(rel)?))
        })
        .collect();
    for item in &mut found.items {
        if item.report.to.is_some() && item.commit.is_none() {
            item.report.blob = blobs
                .get(item.report.task.path.as_str())
                .map(|b| (*b).clone());
        }
    }
    if !args.dry_run {
        record_all(&settings, "check --staged", &mut found.items, env)?;
    }
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
                Some(Entry::new(
                    &settings.ids,
                    path.clone(),
                    crate::board::display_path(&settings.root, &path),
                    kind,
                ))
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
        ids: settings.ids.clone(),
        entries,
        from_cache: Some(hits),
    })
}

/// The message of the commit being made as git will store it: the
/// hook's file cleaned up as `call` and the git configuration say
/// (`--cleanup`, `commit.cleanup`, whether an editor was used, the comment
/// character); every reading git could store when that is not known. A
/// task is named only if every reading names it.
fn commit_messages(
    trees: &TaskTrees,
    call: Option<&CommitCall>,
    path: &Path,
) -> Result<Vec<String>> {
    let text = crate::fsutil::read_regular_string(path, crate::fsutil::Links::Follow)
        .with_context(|| format!("reading the commit message `{}`", path.display()))?;
    let config_cleanup = trees.config_value("commit.cleanup");
    let comment = trees
        .config_value("core.commentString")
        .or_else(|| trees.config_value("core.commentChar"));
    let config_verbose = trees.config_value("commit.verbose").is_some_and(|v| {
        matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on")
            || v.parse::<i64>().is_ok_and(|n| n > 0)
    });
    Ok(commit_call::readings(
        &text,
        &commit_call::MessageSetup {
            call,
            config_cleanup: config_cleanup.as_deref(),
            config_verbose,
            comment: comment.as_deref(),
        },
    ))
}
