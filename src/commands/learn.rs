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
#[allow(clippy::too_many_lines)] // one pass over history, then the proposal in output order (not yet split, #21)
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
    let mut learned = Learned::default();
    let (mut created, mut moves, mut left) = (0, 0, 0);
    for item in &now_rules.items {
        let r = &item.report;
        if let (Some(key), Some(raw)) = (r.task.status.as_deref(), r.task.status_raw.as_deref()) {
            learned.spell(key, raw);
        }
        match (r.kind, r.from.as_deref(), r.to.as_deref()) {
            (ChangeKind::Transition, from, Some(to)) if !r.no_op => {
                learned.add(from, to);
                if from.is_some() {
                    moves += 1;
                } else {
                    created += 1;
                }
            }
            (ChangeKind::Removal, ..) => left += 1,
            _ => {}
        }
    }
    let wf = &settings.workflow;
    let range = match since {
        Some(rev) => format!("the commits after `{rev}`"),
        None if boundary.is_some() => "the history the clone has".to_owned(),
        None => "the whole history".to_owned(),
    };
    let commits_n = commits.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let cut = boundary.as_ref().map_or_else(String::new, |b| {
        format!("# The history is cut short at commit {b} (a shallow clone): moves before it are not counted.\n")
    });
    // With no move between statuses there is no workflow to learn: a table
    // of empty rows would let nothing move. The board's own stays.
    let nothing = learned.total_moves() == 0;
    let header = if nothing {
        format!(
            "# `gate init --from-history` found no move between statuses in {range}\n# ({}, {}): nothing was learned, and the workflow below is the board's own.\n{cut}",
            plural(commits_n, "commit", "commits"),
            plural(learned.total_created(), "task created", "tasks created"),
        )
    } else {
        format!(
            "# The workflow below was learned by `gate init --from-history` from {range}\n# ({}: {}, {}), each move with how often the team made it.\n# A move made once, or in fewer than {RARE_PERCENT}% of the moves, is left commented out for you to decide.\n{cut}",
            plural(commits_n, "commit", "commits"),
            plural(learned.total_moves(), "move", "moves"),
            plural(learned.total_created(), "task created", "tasks created"),
        )
    };
    let text = if nothing {
        let section = LearnedText {
            header,
            start: None,
            transitions: String::new(),
        };
        // The board's own table, as a plain `gate init` writes it.
        let plain = render(None);
        let at = plain
            .find("# Every value below")
            .map_or(0, |i| i + plain[i..].find('\n').map_or(0, |n| n + 1));
        format!("{}{}{}", &plain[..at], section.header, &plain[at..])
    } else {
        let section = LearnedText {
            header,
            start: learned.start_text(wf),
            transitions: format!(
                "# Which moves are allowed: from = [to, ...], as this board's history made them.\n{}",
                learned.transitions_text(wf)
            ),
        };
        render(Some(&section))
    };
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

    let (moves_kept, starts_kept) = learned.tally(wf);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "replayed {} ({range}): {} judged — {}, {}, {}",
        plural(commits_n, "commit", "commits"),
        plural(now_rules.items.len(), "change", "changes"),
        plural(created, "task created", "tasks created"),
        plural(moves, "move", "moves"),
        plural(left, "task left the board", "tasks left the board"),
    );
    if nothing {
        let _ = writeln!(
            out,
            "no move between statuses to learn from: the workflow written is the board's own"
        );
    } else {
        let _ = writeln!(
            out,
            "workflow written: {} and {}; left commented: {} and {} (made once, or in under {RARE_PERCENT}% of them){}",
            plural(moves_kept[0], "move", "moves"),
            plural(starts_kept[0], "start status", "start statuses"),
            plural(moves_kept[1], "rare move", "rare moves"),
            plural(starts_kept[1], "rare start", "rare starts"),
            match (moves_kept[2], starts_kept[2]) {
                (0, 0) => String::new(),
                (m, 0) => format!(
                    "; comments only, with a status the board does not have: {}",
                    plural(m, "move", "moves")
                ),
                (0, n) => format!(
                    "; comments only, with a status the board does not have: {}",
                    plural(n, "start", "starts")
                ),
                (m, n) => format!(
                    "; comments only, with a status the board does not have: {} and {}",
                    plural(m, "move", "moves"),
                    plural(n, "start", "starts")
                ),
            }
        );
    }
    let _ = writeln!(out, "\ngate ci over this history would have blocked:");
    for (label, changes) in [
        ("with the rules in effect now", &now_rules),
        ("with the written workflow", &with_file),
    ] {
        let b = blocks(changes);
        let _ = writeln!(
            out,
            "  {label}: {} of {}{}",
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
    }
    if let Some(b) = &boundary {
        writeln!(
            env.err,
            "warning: the history is cut short at commit {b} (a shallow clone): gate learned from the commits after it, starting from the board as it was there\nhelp: `git fetch --unshallow` to learn from all of it"
        )?;
    }
    Ok((text, out))
}
