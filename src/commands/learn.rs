//! `gate init --from-history [--since REV]`: replays the board's
//! first-parent history the way `gate ci` does ([`super::range::History`]:
//! each commit's changed task files parsed once, tasks paired by id),
//! counts the moves the team made ([`crate::config::learned`]), renders a
//! gate.toml whose workflow is those moves, and judges the same history
//! again with that file's settings — so the summary says exactly what
//! `gate ci` would block with the rules in effect now and with the file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::Env;
use super::range::History;
use crate::change::{ChangeKind, Changes};
use crate::config::Settings;
use crate::config::learned::{Learned, RARE_PERCENT};
use crate::config::workflow::Workflow;
use crate::gates::{Outcome, Policy, VerdictKind};
use crate::git::tree::TaskTrees;

/// The workflow `--from-history` learned, as gate.toml text: it replaces
/// the start states (when tasks were created) and the transition table.
pub(crate) struct LearnedText {
    /// Comment lines said at the top: where it was learned.
    pub header: String,
    pub start: Option<String>,
    /// The whole `[workflow.transitions]` table with its comment.
    pub transitions: String,
}

/// What a replay of the history blocked: how many changes, and the codes
/// that blocked them (each counted once per change).
struct Blocks {
    blocked: usize,
    undecided: usize,
    codes: BTreeMap<&'static str, usize>,
}

fn blocks(changes: &Changes) -> Blocks {
    let mut out = Blocks {
        blocked: 0,
        undecided: changes.unreadable.len(),
        codes: BTreeMap::new(),
    };
    for item in &changes.items {
        let decision = &item.report.decision;
        match decision.outcome {
            Outcome::Blocked => out.blocked += 1,
            Outcome::Error => out.undecided += 1,
            Outcome::Allowed | Outcome::Overridden => continue,
        }
        let mut codes: Vec<&'static str> = decision
            .gates
            .iter()
            .filter(|g| matches!(g.verdict, VerdictKind::Fail | VerdictKind::Error))
            .flat_map(|g| g.findings.iter().map(|f| f.code))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            *out.codes.entry(code).or_default() += 1;
        }
    }
    out
}

/// The gate.toml text learned from the history of `settings`' board, to
/// be written at `target`, and the summary to print. `render` writes the
/// whole file (`gate init`'s), with the learned workflow when given.
pub(super) fn learn(
    env: &mut Env<'_>,
    settings: &Settings,
    target: &Path,
    since: Option<&str>,
    render: &dyn Fn(Option<&LearnedText>) -> String,
) -> Result<(String, String)> {
    let trees = TaskTrees::open(&settings.root, &settings.board.tasks_dir)
        .context("reading the board's history from git")?;
    let (commits, boundary) = match trees.head() {
        Some(head) => trees.first_parent_history(since, &head)?,
        None if since.is_some() => bail!(
            "`--since {}`: the repository has no commits yet",
            since.unwrap_or_default()
        ),
        None => (Vec::new(), None),
    };
    let policy = Policy::new(settings, false, false);
    let now_rules = History::new(settings, &trees, &policy, env.now).commits(&commits)?;
    let counted = Counted::of(&now_rules);
    let wf = &settings.workflow;
    let range = range_text(since, boundary.is_some());
    let header = header(&counted.learned, &range, commits.len(), boundary.as_deref());
    let text = proposal(&counted.learned, wf, header, render);
    // The file as it will load, judged over the same history.
    let rel = target.strip_prefix(&settings.root).unwrap_or(target);
    let mut written = crate::config::load_text(
        &env.locate,
        &crate::gates::REGISTRY,
        Some(rel),
        Some(text.clone()),
        None,
    )
    .context("the gate.toml learned from history does not load (a bug: please report it)")?;
    written.commit_index = settings.commit_index;
    let policy = Policy::new(&written, false, false);
    let with_file = History::new(&written, &trees, &policy, env.now).commits(&commits)?;

    let mut out = format!(
        "replayed {} ({range}): {} judged — {}, {}, {}\n",
        plural(commits.len(), "commit", "commits"),
        plural(now_rules.items.len(), "change", "changes"),
        plural(counted.created, "task created", "tasks created"),
        plural(counted.moves, "move", "moves"),
        plural(counted.left, "task left the board", "tasks left the board"),
    );
    out.push_str(&workflow_line(&counted.learned, wf));
    out.push_str("\ngate ci over this history would have blocked:\n");
    for (label, changes) in [
        ("with the rules in effect now", &now_rules),
        ("with the written workflow", &with_file),
    ] {
        out.push_str(&blocked_lines(label, changes));
    }
    if let Some(b) = &boundary {
        writeln!(
            env.err,
            "warning: the history is cut short at commit {b} (a shallow clone): gate learned from the commits after it, starting from the board as it was there\nhelp: `git fetch --unshallow` to learn from all of it"
        )?;
    }
    Ok((text, out))
}

/// What a replay's judged changes teach: the moves between statuses (and
/// the statuses tasks were created in), and how many tasks were created,
/// moved and left the board. A change that moved nothing teaches nothing.
#[derive(Debug, Default)]
struct Counted {
    learned: Learned,
    created: usize,
    moves: usize,
    left: usize,
}

impl Counted {
    fn of(changes: &Changes) -> Counted {
        let mut out = Counted::default();
        for item in &changes.items {
            let r = &item.report;
            if let (Some(key), Some(raw)) = (r.task.status.as_deref(), r.task.status_raw.as_deref())
            {
                out.learned.spell(key, raw);
            }
            match (r.kind, r.from.as_deref(), r.to.as_deref()) {
                (ChangeKind::Transition, from, Some(to)) if !r.no_op => {
                    out.learned.add(from, to);
                    if from.is_some() {
                        out.moves += 1;
                    } else {
                        out.created += 1;
                    }
                }
                (ChangeKind::Removal, ..) => out.left += 1,
                _ => {}
            }
        }
        out
    }
}

/// `n` and the noun for it: `1 move`, `2 moves`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The history a replay read, for people.
fn range_text(since: Option<&str>, shallow: bool) -> String {
    match since {
        Some(rev) => format!("the commits after `{rev}`"),
        None if shallow => "the history the clone has".to_owned(),
        None => "the whole history".to_owned(),
    }
}

/// The comment lines above the workflow written: where it was learned
/// from `commits` commits of `range`, what was learned (nothing, when no
/// task moved between statuses) and where a shallow clone's history is
/// cut (`boundary`).
fn header(learned: &Learned, range: &str, commits: usize, boundary: Option<&str>) -> String {
    let cut = boundary.map_or_else(String::new, |b| {
        format!("# The history is cut short at commit {b} (a shallow clone): moves before it are not counted.\n")
    });
    if learned.total_moves() == 0 {
        format!(
            "# `gate init --from-history` found no move between statuses in {range}\n# ({}, {}): nothing was learned, and the workflow below is the board's own.\n{cut}",
            plural(commits, "commit", "commits"),
            plural(learned.total_created(), "task created", "tasks created"),
        )
    } else {
        format!(
            "# The workflow below was learned by `gate init --from-history` from {range}\n# ({}: {}, {}), each move with how often the team made it.\n# A move made once, or in fewer than {RARE_PERCENT}% of the moves, is left commented out for you to decide.\n{cut}",
            plural(commits, "commit", "commits"),
            plural(learned.total_moves(), "move", "moves"),
            plural(learned.total_created(), "task created", "tasks created"),
        )
    }
}

/// The gate.toml text: `render`'s file with the learned workflow under
/// `header`. With no move between statuses there is no workflow to
/// learn (a table of empty rows would let nothing move): the board's own
/// stays, as a plain `gate init` writes it, with `header` above it.
fn proposal(
    learned: &Learned,
    wf: &Workflow,
    header: String,
    render: &dyn Fn(Option<&LearnedText>) -> String,
) -> String {
    if learned.total_moves() == 0 {
        let plain = render(None);
        let at = plain
            .find("# Every value below")
            .map_or(0, |i| i + plain[i..].find('\n').map_or(0, |n| n + 1));
        return format!("{}{header}{}", &plain[..at], &plain[at..]);
    }
    render(Some(&LearnedText {
        header,
        start: learned.start_text(wf),
        transitions: format!(
            "# Which moves are allowed: from = [to, ...], as this board's history made them.\n{}",
            learned.transitions_text(wf)
        ),
    }))
}

/// The summary's line on the workflow written: what was kept, what was
/// left commented out as rare, and what only a comment can hold.
fn workflow_line(learned: &Learned, wf: &Workflow) -> String {
    if learned.total_moves() == 0 {
        return "no move between statuses to learn from: the workflow written is the board's own\n"
            .to_owned();
    }
    let (moves_kept, starts_kept) = learned.tally(wf);
    format!(
        "workflow written: {} and {}; left commented: {} and {} (made once, or in under {RARE_PERCENT}% of them){}\n",
        plural(moves_kept[0], "move", "moves"),
        plural(starts_kept[0], "start status", "start statuses"),
        plural(moves_kept[1], "rare move", "rare moves"),
        plural(starts_kept[1], "rare start", "rare starts"),
        comments_only(moves_kept[2], starts_kept[2]),
    )
}

/// The summary's note on the `moves` and `starts` learned with a status
/// the board does not have (written as comments only); empty for none.
fn comments_only(moves: usize, starts: usize) -> String {
    let what = match (moves, starts) {
        (0, 0) => return String::new(),
        (m, 0) => plural(m, "move", "moves"),
        (0, n) => plural(n, "start", "starts"),
        (m, n) => format!(
            "{} and {}",
            plural(m, "move", "moves"),
            plural(n, "start", "starts")
        ),
    };
    format!("; comments only, with a status the board does not have: {what}")
}

/// The summary's lines on what `gate ci` would have blocked judging with
/// the rules of `changes` (labelled `label`): how many of the changes,
/// and the five codes that blocked most.
fn blocked_lines(label: &str, changes: &Changes) -> String {
    let b = blocks(changes);
    let mut out = format!(
        "  {label}: {} of {}{}\n",
        b.blocked,
        plural(changes.items.len(), "change", "changes"),
        if b.undecided > 0 {
            format!(" ({} could not be decided)", b.undecided)
        } else {
            String::new()
        }
    );
    let mut codes: Vec<(&str, usize)> = b.codes.into_iter().collect();
    codes.sort_by_key(|(code, n)| (std::cmp::Reverse(*n), *code));
    for (code, n) in codes.iter().take(5) {
        let _ = writeln!(out, "    {n:>5}  {code}");
    }
    if codes.len() > 5 {
        let _ = writeln!(out, "    and {} more codes", codes.len() - 5);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Learned, comments_only, header};

    /// Nothing learned says so and that the board's own workflow stays;
    /// a shallow clone's cut is said either way.
    #[test]
    fn the_header_says_what_was_learned_and_where_history_is_cut() {
        let mut learned = Learned::default();
        learned.add(None, "todo");
        let text = header(&learned, "the whole history", 1, None);
        assert_eq!(
            text,
            "# `gate init --from-history` found no move between statuses in the whole history\n# (1 commit, 1 task created): nothing was learned, and the workflow below is the board's own.\n"
        );
        learned.add(Some("todo"), "done");
        let text = header(&learned, "the history the clone has", 2, Some("abc1234"));
        assert!(
            text.starts_with("# The workflow below was learned by `gate init --from-history` from the history the clone has\n# (2 commits: 1 move, 1 task created)"),
            "{text}"
        );
        assert!(
            text.ends_with("# The history is cut short at commit abc1234 (a shallow clone): moves before it are not counted.\n"),
            "{text}"
        );
    }

    #[test]
    fn moves_and_starts_with_unknown_statuses_are_named_only_when_there_are_some() {
        let note = "; comments only, with a status the board does not have: ";
        assert_eq!(comments_only(0, 0), "");
        assert_eq!(comments_only(1, 0), format!("{note}1 move"));
        assert_eq!(comments_only(0, 2), format!("{note}2 starts"));
        assert_eq!(comments_only(2, 1), format!("{note}2 moves and 1 start"));
    }
}
