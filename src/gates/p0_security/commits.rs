//! The P0 gate's code-changes requirement: the commit walk a judgement
//! needs, the shared walk for many tasks, and the findings for what the
//! walk found, missed or could not read. Git is read through
//! [`crate::git::evidence`] only.

use std::fmt::Write as _;
use std::path::Path;

use chrono::DateTime;
use serde_json::json;

use super::settings::{EvidenceIn, P0Settings};
use super::{
    ENOUGH_COMMITS, Evaluation, LINGER_COMMITS, P0Code, Requirement, before, evidence, is_backward,
    missing, scope_of, settings_of,
};
use crate::board::EntryKey;
use crate::finding::Finding;
use crate::gates::GateContext;
use crate::git::GitError;
use crate::git::evidence::message::{IdMatcher, Naming, Placement};
use crate::git::evidence::{CommitQuery, CommitRef, CommitSearch, Stop};
use crate::task::Task;

/// The lower bound of a task's commit walk: its creation minus the slack.
/// With the task's states before the change (`before`: before the commit,
/// at the base of the change under review), the latest of the created
/// dates any of them has: the change being judged cannot widen its own
/// window by moving `created` back or deleting it, nor a pull request in
/// an earlier commit.
pub(super) fn commit_since<'t>(
    task: &Task,
    before: impl IntoIterator<Item = &'t Task>,
    p0: &P0Settings,
) -> Option<i64> {
    let created = std::iter::once(task.created)
        .chain(before.into_iter().map(|t| t.created))
        .flatten()
        .max();
    created.map(|c| c.timestamp() - p0.commit_slack_secs)
}

/// The commit query of the code-changes requirement for `ids` (the
/// matcher's, in order), `since` unset: one place, so that a walk for many
/// tasks asks exactly what each task's own walk asks.
fn with_query<R>(
    settings: &crate::config::Settings,
    ids: &[&str],
    f: impl FnOnce(&CommitQuery<'_>) -> R,
) -> R {
    let p0 = settings_of(settings);
    let placement = match p0.evidence_in {
        EvidenceIn::SubjectOrTrailer => Placement::SubjectOrTrailer,
        EvidenceIn::Anywhere => Placement::Anywhere,
    };
    // Each id as the board's rule spells it: ids that are the same task
    // share evidence, ids that are not never do.
    let spellings: Vec<Vec<String>> = ids.iter().map(|id| settings.ids.spellings(id)).collect();
    let matcher = IdMatcher::with_spellings(&spellings, &p0.id_forms, placement);
    let mut own_files: Vec<&Path> = vec![&settings.audit.path];
    if let Some(config) = &settings.config_file {
        own_files.push(config);
    }
    // The board tool's config, and the folder it keeps drafts, completed
    // and archived tasks in.
    let folder = settings
        .tool_file
        .as_deref()
        .and_then(crate::config::native::board_folder);
    let board_files: Vec<&Path> = settings
        .tool_file
        .as_deref()
        .into_iter()
        .chain(folder.as_deref())
        .collect();
    f(&CommitQuery {
        matcher: &matcher,
        since: None,
        max_commits: p0.max_commits,
        enough: ENOUGH_COMMITS,
        linger: LINGER_COMMITS,
        tasks_dir: &settings.board.tasks_dir,
        board_files: &board_files,
        exclude: &p0.exclude_set,
        code_paths: &p0.code_set,
        own_files: &own_files,
        commit_index: settings.commit_index,
    })
}

/// The commit walk judging the task in `ctx` on a move reaching `stages`
/// needs: the task's id and lower bound; `None` when it needs none (out of
/// scope, no code-changes requirement at those stages, no id).
fn commit_walk_through(ctx: &GateContext<'_>, stages: &[&str]) -> Option<(String, Option<i64>)> {
    let p0 = settings_of(ctx.settings);
    scope_of(ctx).ok()?;
    if !Requirement::CodeChanges
        .required_for(p0)
        .iter()
        .any(|s| stages.contains(&s.as_str()))
    {
        return None;
    }
    let id = ctx.task.id.as_deref().filter(|id| !id.trim().is_empty())?;
    Some((id.to_owned(), commit_since(ctx.task, before(ctx), p0)))
}

/// The commit walk the gate's judging of the transition in `ctx` needs
/// (`ctx.from` → `ctx.to`), as [`commit_walk_through`] gives it; `None` also for a
/// move back, which needs no evidence.
pub(crate) fn transition_walk(ctx: &GateContext<'_>) -> Option<(String, Option<i64>)> {
    if let Some(from) = ctx.from
        && is_backward(&ctx.settings.workflow.statuses, from, ctx.to)
    {
        return None;
    }
    let stages = super::stages_through(&ctx.settings.workflow, ctx.from, ctx.to);
    commit_walk_through(ctx, &stages)
}

/// Walks history once for the commit evidence of many tasks (id and
/// lower bound, as [`transition_walk`] gives them) and leaves each answer in
/// `git`, where the gate finds it: the verdicts are those of one walk per
/// task. Nothing is left when the repository does not open (each task
/// then says why itself).
pub(crate) fn prefetch_commit_evidence(
    settings: &crate::config::Settings,
    git: &crate::git::LazyRepo,
    walks: &[(String, Option<i64>)],
) {
    if walks.is_empty() {
        return;
    }
    let Ok(repo) = git.get() else {
        return;
    };
    let mut ids: Vec<&str> = Vec::new();
    let mut bounds = Vec::new();
    for (id, since) in walks {
        let at = ids.iter().position(|known| known == id).unwrap_or_else(|| {
            ids.push(id);
            ids.len() - 1
        });
        bounds.push(crate::git::evidence::TaskBound {
            id: at,
            since: *since,
        });
    }
    let results = with_query(settings, &ids, |query| {
        repo.commits_mentioning_many(git.rev(), query, &bounds)
    });
    for ((id, since), result) in walks.iter().zip(results) {
        git.set_evidence(id, *since, result);
    }
}

/// The code-changes requirement for the task in `ctx`: met by a commit
/// that names the task and changes code (the commit being made, or one in
/// history since the task's creation), else missing, or unknown when git
/// cannot tell.
pub(super) fn commit_evaluation(ctx: &GateContext<'_>) -> Evaluation {
    let requirement = Requirement::CodeChanges;
    let Some(id) = ctx.task.id.as_deref().filter(|id| !id.trim().is_empty()) else {
        return missing(
            requirement,
            "the task has no id, so no commit can name it; give it an `id` (or `uuid`) and name it in the commit messages".to_owned(),
        );
    };
    // An id another task shares (under the board's rule: `task-1` and
    // `TASK-1`) cannot be told apart in a commit message.
    let twins = id_twins(ctx);
    if !twins.is_empty() {
        return missing(
            requirement,
            format!(
                "the id `{id}` is also the id of {}: a commit that names it names both tasks, so none counts for this one; give each task its own id (`task/duplicate-id`)",
                twins.join(", ")
            ),
        );
    }
    if let Some(met) = pending_evidence(ctx, id) {
        return met;
    }
    let p0 = settings_of(ctx.settings);
    let since = commit_since(ctx.task, before(ctx), p0);
    let search = match search_history(ctx, id, since) {
        Ok(search) => search,
        Err(e) => return Evaluation::Unknown(git_finding(&e)),
    };
    if search.found.is_empty() {
        no_evidence(id, ctx.git.rev(), since, p0.max_commits, &search)
    } else {
        Evaluation::Met(search.found.iter().map(commit_evidence).collect())
    }
}

/// Where the other tasks with the id of the task in `ctx` (under the
/// board's rule) are, as shown to people.
fn id_twins<'b>(ctx: &GateContext<'b>) -> Vec<&'b str> {
    let key = EntryKey::of_task(&ctx.board.ids, ctx.path, ctx.task);
    ctx.board
        .entries
        .iter()
        .filter(|e| e.key == key && !e.is(ctx.path, &key))
        .map(|e| e.display.as_str())
        .collect()
}

/// The commit being made (the commit-msg hook) as evidence for task `id`:
/// it counts as `ci` will count it once it exists, when every message
/// names the task and it changes code. `None`: no commit being made, or
/// not evidence.
fn pending_evidence(ctx: &GateContext<'_>, id: &str) -> Option<Evaluation> {
    let pending = ctx.pending?;
    let repo = ctx.git.get().ok()?;
    let file = with_query(ctx.settings, &[id], |query| {
        let named = !pending.messages.is_empty()
            && pending
                .messages
                .iter()
                .all(|m| query.matcher.naming(m.as_bytes()) == Some(Naming::Names));
        // A diff that cannot be read is no evidence; the walk of history
        // then answers as it would without the commit being made.
        named
            .then(|| repo.changes_code(query, &pending.changes).ok().flatten())
            .flatten()
    })?;
    let subject = pending
        .messages
        .first()
        .and_then(|m| m.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .trim();
    Some(Evaluation::Met(vec![evidence(
        Requirement::CodeChanges,
        &format!("the commit being made: {subject} (changes {file})"),
        json!({"commit": {"pending": true, "subject": subject, "file": file}}),
    )]))
}

/// The walk of history for task `id` down to `since`: the answer a walk
/// for many tasks left in `ctx.git` (`gate report`), else a walk now.
fn search_history(
    ctx: &GateContext<'_>,
    id: &str,
    since: Option<i64>,
) -> Result<CommitSearch, GitError> {
    ctx.git.evidence(id, since).unwrap_or_else(|| {
        ctx.git.get().and_then(|repo| {
            with_query(ctx.settings, &[id], |query| {
                repo.commits_mentioning(ctx.git.rev(), &CommitQuery { since, ..*query })
            })
        })
    })
}

/// A commit that is evidence, as an info finding.
fn commit_evidence(c: &CommitRef) -> Finding {
    evidence(
        Requirement::CodeChanges,
        &match &c.file {
            Some(file) => format!("{} {} (changes {file})", c.short_sha, c.subject),
            None => format!("{} {}", c.short_sha, c.subject),
        },
        json!({"commit": commit_json(c)}),
    )
}

/// What a walk from `rev` down to `since` that found no evidence for task
/// `id` means: unknown when it could not see all of that history (a
/// shallow clone's boundary first, then `max_commits`), else missing.
fn no_evidence(
    id: &str,
    rev: &str,
    since: Option<i64>,
    max_commits: usize,
    search: &CommitSearch,
) -> Evaluation {
    let requirement = Requirement::CodeChanges;
    let since_text = since.map_or_else(
        || "(the task has no created date)".to_owned(),
        |s| format!("since {}", rfc3339(s)),
    );
    if let Some(boundary) = &search.shallow_boundary {
        return Evaluation::Unknown(shallow_history(
            id,
            rev,
            since,
            &since_text,
            search,
            boundary,
        ));
    }
    let detail = json!({
        "rev": rev,
        "since": since.map(rfc3339),
        "searched": search.walked,
        "stop": search.stop,
        "task_files_only": search.task_files_only.iter().map(commit_json).collect::<Vec<_>>(),
        "not_counted": search.not_counted.iter().map(|n| json!({
            "commit": commit_json(&n.commit),
            "reason": n.reason,
            "detail": n.detail,
        })).collect::<Vec<_>>(),
    });
    if search.stop == Stop::Limit {
        // The walk ended before the lower bound: older commits were not
        // read, so "no evidence" is not known.
        return Evaluation::Unknown(
            search_limit(id, rev, since, max_commits, search).with_evidence(detail),
        );
    }
    Evaluation::Missing(
        Finding::error(requirement.code(), requirement.message())
            .with_help(commit_help(id, rev, &since_text, search))
            .with_evidence(detail),
    )
}

/// The finding for a walk that met a shallow clone's `boundary` above the
/// lower bound.
fn shallow_history(
    id: &str,
    rev: &str,
    since: Option<i64>,
    since_text: &str,
    search: &CommitSearch,
    boundary: &CommitRef,
) -> Finding {
    Finding::error(
        P0Code::ShallowHistory,
        format!(
            "the clone is shallow: its history ends at {}, newer than the search's lower bound, and no evidence for task `{id}` was found above it",
            boundary.short_sha
        ),
    )
    .with_help(format!(
        "fetch the full history: `git fetch --unshallow` (in CI, e.g. actions/checkout with `fetch-depth: 0`); commits {since_text} are needed"
    ))
    .with_evidence(json!({
        "rev": rev,
        "since": since.map(rfc3339),
        "searched": search.walked,
        "boundary": commit_json(boundary),
    }))
}

/// The finding for a walk that `max_commits` ended before the lower bound.
fn search_limit(
    id: &str,
    rev: &str,
    since: Option<i64>,
    max_commits: usize,
    search: &CommitSearch,
) -> Finding {
    let bound = if since.is_some() {
        "the task's creation"
    } else {
        "the history's start (the task has no created date)"
    };
    let help = match since {
        Some(s) => format!(
            "raise `gates.p0-security.max_commits` (now {max_commits}) so the search reaches {}, the task's creation minus `commit_slack`",
            rfc3339(s)
        ),
        None => format!(
            "give the task a `created` date, which bounds the search, or raise `gates.p0-security.max_commits` (now {max_commits})"
        ),
    };
    Finding::error(
        P0Code::SearchLimit,
        format!(
            "no evidence for task `{id}` in the newest {} commit(s) from {rev}; `max_commits` ended the search before {bound}",
            search.walked
        ),
    )
    .with_help(format!("{help}{}", not_counted_help(search)))
}

fn commit_help(id: &str, rev: &str, since: &str, search: &CommitSearch) -> String {
    let mut help = format!(
        "commit the work with the task id `{id}` in the subject or a trailer such as `Task: {id}`; searched {} commit(s) from {rev} {since}",
        search.walked
    );
    help.push_str(&not_counted_help(search));
    help
}

/// The commits that mention the task but do not count, one per line with
/// the reason; empty when there are none.
fn not_counted_help(search: &CommitSearch) -> String {
    let mut help = String::new();
    if search.not_counted.is_empty() {
        return help;
    }
    let _ = write!(help, "\nthese mention the task but do not count:");
    for n in &search.not_counted {
        let _ = write!(
            help,
            "\n  {} {} — {}",
            n.commit.short_sha, n.commit.subject, n.detail
        );
    }
    help
}

fn git_finding(e: &GitError) -> Finding {
    match e {
        GitError::NotARepo { .. } | GitError::NoCommits { .. } => Finding::error(
            P0Code::NoGit,
            format!("cannot look for commits: {}", first_line(e)),
        )
        .with_help(
            "P0 security tasks need commit evidence; run gate inside the repository that holds the board (or pass -C <DIR>), with the work committed",
        ),
        GitError::BadRev { .. } | GitError::Read { .. } => Finding::error(
            P0Code::GitError,
            format!("cannot look for commits: {e}"),
        )
        .with_help("check `--rev`, or run `git fsck` if the repository is damaged"),
        GitError::Sha256 { .. } | GitError::PartialClone { .. } | GitError::SparseIndex { .. } => {
            let text = e.to_string();
            let (message, help) = text.split_once("\nhelp: ").unwrap_or((&text, ""));
            Finding::error(
                P0Code::GitError,
                format!("cannot look for commits: {message}"),
            )
            .with_help(help.to_owned())
        }
    }
}

/// An error's message without its `help:` line (a finding has its own).
fn first_line(e: &GitError) -> String {
    let text = e.to_string();
    text.split_once("\nhelp: ")
        .map_or(text.clone(), |(message, _)| message.to_owned())
}

fn commit_json(c: &CommitRef) -> serde_json::Value {
    let mut value = json!({
        "sha": c.sha,
        "short_sha": c.short_sha,
        "subject": c.subject,
        "time": rfc3339(c.time),
    });
    if let (Some(file), Some(map)) = (&c.file, value.as_object_mut()) {
        map.insert("file".to_owned(), json!(file));
    }
    value
}

fn rfc3339(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0).map_or_else(
        || secs.to_string(),
        |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

#[cfg(test)]
mod tests {
    use super::{CommitRef, CommitSearch, Evaluation, Stop, no_evidence};
    use crate::git::evidence::{NotCounted, Reason};

    fn commit(short: &str, subject: &str) -> CommitRef {
        CommitRef {
            sha: format!("{short}0000"),
            short_sha: short.to_owned(),
            subject: subject.to_owned(),
            time: 1_700_000_000,
            file: None,
        }
    }

    fn search(stop: Stop, shallow: bool) -> CommitSearch {
        let mention = commit("bbbbbbb", "T-1: update the board");
        CommitSearch {
            found: Vec::new(),
            task_files_only: vec![mention.clone()],
            not_counted: vec![NotCounted {
                commit: mention,
                reason: Reason::OnlyTaskFiles,
                detail: "changes only the board's files".to_owned(),
            }],
            walked: 3,
            stop,
            shallow_boundary: shallow.then(|| commit("aaaaaaa", "first")),
        }
    }

    /// The code and help of what `no_evidence` says.
    fn said(evaluation: &Evaluation) -> (&'static str, &str, bool) {
        match evaluation {
            Evaluation::Missing(f) => (f.code, f.help.as_deref().unwrap_or(""), true),
            Evaluation::Unknown(f) => (f.code, f.help.as_deref().unwrap_or(""), false),
            Evaluation::Met(_) => panic!("no evidence cannot be met"),
        }
    }

    /// No evidence is "missing" only when the walk saw the whole window:
    /// a shallow clone's boundary makes it unknown (whatever stopped the
    /// walk), as does `max_commits` ending it; each help says what to do,
    /// and lists the commits that mention the task but do not count.
    #[test]
    fn no_evidence_is_missing_only_when_the_walk_saw_the_whole_window() {
        let since = Some(1_690_000_000);
        for stop in [Stop::Limit, Stop::Bound, Stop::End] {
            let found = no_evidence("T-1", "HEAD", since, 3, &search(stop, true));
            let (code, help, missing) = said(&found);
            assert_eq!(code, "p0-security/shallow-history", "{stop:?}");
            assert!(!missing && help.contains("git fetch --unshallow"), "{help}");
        }

        let found = no_evidence("T-1", "HEAD", since, 3, &search(Stop::Limit, false));
        let (code, help, missing) = said(&found);
        assert_eq!(code, "p0-security/search-limit");
        assert!(!missing);
        assert!(
            help.starts_with("raise `gates.p0-security.max_commits` (now 3)"),
            "{help}"
        );
        assert!(
            help.contains("bbbbbbb T-1: update the board — changes only"),
            "{help}"
        );
        let found = no_evidence("T-1", "HEAD", None, 3, &search(Stop::Limit, false));
        assert!(said(&found).1.starts_with("give the task a `created` date"));

        for stop in [Stop::Bound, Stop::End] {
            let found = no_evidence("T-1", "HEAD", since, 3, &search(stop, false));
            let (code, help, missing) = said(&found);
            assert_eq!(code, "p0-security/no-code-changes", "{stop:?}");
            assert!(missing && help.contains("`Task: T-1`"), "{help}");
            assert!(help.contains("bbbbbbb T-1: update the board"), "{help}");
        }
    }
}
