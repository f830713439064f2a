//! A workflow learned from a board's history (`gate init --from-history`):
//! how often each move between statuses was made and in which statuses
//! tasks were created, which of them are common enough to write as the
//! workflow, and the gate.toml text of that workflow (`start` and
//! `[workflow.transitions]`, each entry with its count as a comment).
//!
//! Pure: counts in, text out. Statuses are keys; the text spells them as
//! the board does ([`Workflow::name`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::template;
use super::workflow::Workflow;

/// A move (or a start) made in fewer than this percent of all moves (of all
/// creations) is rare, and so is one made once: it is written as a comment
/// for the team to decide.
pub(crate) const RARE_PERCENT: usize = 1;

/// What a board's history did: moves between statuses and creations, by
/// status key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Learned {
    /// `(from, to)` → how many times.
    pub(crate) moves: BTreeMap<(String, String), usize>,
    /// The status a task was created in → how many tasks.
    pub(crate) created: BTreeMap<String, usize>,
    /// How the task files spelled a status the board no longer names
    /// (`review` → `Review`).
    pub(crate) spelled: BTreeMap<String, String>,
}

/// How an observed move or start is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// Written as part of the workflow.
    Written,
    /// Made rarely: written as a comment, to uncomment.
    Rare,
    /// Names a status the board no longer has: a comment only (a table may
    /// name only the board's statuses).
    Gone,
}

impl Learned {
    /// Counts a task's first status (`from` is `None`) or a move.
    pub(crate) fn add(&mut self, from: Option<&str>, to: &str) {
        match from {
            None => *self.created.entry(to.to_owned()).or_default() += 1,
            Some(from) if from != to => {
                *self
                    .moves
                    .entry((from.to_owned(), to.to_owned()))
                    .or_default() += 1;
            }
            Some(_) => {}
        }
    }

    /// Notes how a task file spells status `key`.
    pub(crate) fn spell(&mut self, key: &str, raw: &str) {
        let raw = raw.trim();
        if !raw.is_empty() {
            self.spelled
                .entry(key.to_owned())
                .or_insert_with(|| raw.to_owned());
        }
    }

    /// Status `key` as the board spells it: its config's name, else the
    /// task files' spelling.
    fn name<'a>(&'a self, wf: &'a Workflow, key: &'a str) -> &'a str {
        if wf.names.contains_key(key) || wf.has_status(key) {
            return wf.name(key);
        }
        self.spelled.get(key).map_or(key, String::as_str)
    }

    pub(crate) fn total_moves(&self) -> usize {
        self.moves.values().sum()
    }

    pub(crate) fn total_created(&self) -> usize {
        self.created.values().sum()
    }

    /// Whether `count` of `total` is rare ([`RARE_PERCENT`], or once).
    fn rare(count: usize, total: usize) -> bool {
        count <= 1 || count * 100 < total * RARE_PERCENT
    }

    /// How the move `from → to` is written.
    pub(crate) fn move_kept(&self, wf: &Workflow, from: &str, to: &str, count: usize) -> Kept {
        if !wf.has_status(from) || !wf.has_status(to) {
            Kept::Gone
        } else if Learned::rare(count, self.total_moves()) {
            Kept::Rare
        } else {
            Kept::Written
        }
    }

    /// How a start in `status` is written: the most common start of the
    /// board is always written (new tasks must start somewhere).
    pub(crate) fn start_kept(&self, wf: &Workflow, status: &str, count: usize) -> Kept {
        let top = self
            .created
            .iter()
            .filter(|(s, _)| wf.has_status(s))
            .max_by_key(|(s, n)| (**n, std::cmp::Reverse(wf.position(s))))
            .map(|(s, _)| s.as_str());
        if !wf.has_status(status) {
            Kept::Gone
        } else if top == Some(status) || !Learned::rare(count, self.total_created()) {
            Kept::Written
        } else {
            Kept::Rare
        }
    }

    /// How many moves and starts are written, rare and gone, each counted
    /// once per distinct move: `[written, rare, gone]` for moves, then for
    /// starts.
    pub(crate) fn tally(&self, wf: &Workflow) -> ([usize; 3], [usize; 3]) {
        let slot = |k: Kept| match k {
            Kept::Written => 0,
            Kept::Rare => 1,
            Kept::Gone => 2,
        };
        let mut moves = [0; 3];
        for ((from, to), n) in &self.moves {
            moves[slot(self.move_kept(wf, from, to, *n))] += 1;
        }
        let mut starts = [0; 3];
        for (status, n) in &self.created {
            starts[slot(self.start_kept(wf, status, *n))] += 1;
        }
        (moves, starts)
    }

    /// The `start = [...]` entry: each status of the board tasks were
    /// created in, by count, rare ones commented; `None` when no task was
    /// created in one (the board's own start states stay). Creations in a
    /// status the board no longer has are listed by
    /// [`Learned::transitions_text`].
    pub(crate) fn start_text(&self, wf: &Workflow) -> Option<String> {
        let mut rows: Vec<(&String, &usize)> = self
            .created
            .iter()
            .filter(|(s, _)| wf.has_status(s))
            .collect();
        if rows.is_empty() {
            return None;
        }
        rows.sort_by_key(|(s, n)| (std::cmp::Reverse(**n), wf.position(s)));
        let entries: Vec<(Kept, String, usize)> = rows
            .into_iter()
            .map(|(s, n)| (self.start_kept(wf, s, *n), wf.name(s).to_owned(), *n))
            .collect();
        let mut out = String::from("start = [\n");
        array_entries(&mut out, &entries, "created here");
        out.push_str("]\n");
        Some(out)
    }

    /// The `[workflow.transitions]` table: one row per status in board
    /// order, each target with its count, rare ones commented; then the
    /// moves with statuses the board no longer has, as comments.
    pub(crate) fn transitions_text(&self, wf: &Workflow) -> String {
        let mut out = String::from("[workflow.transitions]\n");
        for from in &wf.statuses {
            let mut targets: Vec<(&String, usize)> = self
                .moves
                .iter()
                .filter(|((f, _), _)| f == from)
                .map(|((_, t), n)| (t, *n))
                .filter(|(t, _)| wf.has_status(t))
                .collect();
            targets.sort_by_key(|(t, n)| (std::cmp::Reverse(*n), wf.position(t)));
            // Quoted always, so that every row reads alike.
            let key = template::string(wf.name(from));
            if targets.is_empty() {
                let _ = writeln!(out, "{key} = []");
                continue;
            }
            let entries: Vec<(Kept, String, usize)> = targets
                .into_iter()
                .map(|(t, n)| (self.move_kept(wf, from, t, n), wf.name(t).to_owned(), n))
                .collect();
            let _ = writeln!(out, "{key} = [");
            array_entries(&mut out, &entries, "moves");
            out.push_str("]\n");
        }
        let gone: Vec<String> = self
            .moves
            .iter()
            .filter(|((f, t), _)| !wf.has_status(f) || !wf.has_status(t))
            .map(|((f, t), n)| {
                format!(
                    "#   {} -> {}: {n} {}",
                    template::string(self.name(wf, f)),
                    template::string(self.name(wf, t)),
                    if *n == 1 { "move" } else { "moves" }
                )
            })
            .chain(
                self.created
                    .iter()
                    .filter(|(s, _)| !wf.has_status(s))
                    .map(|(s, n)| {
                        format!(
                            "#   created in {}: {n} {}",
                            template::string(self.name(wf, s)),
                            if *n == 1 { "task" } else { "tasks" }
                        )
                    }),
            )
            .collect();
        if !gone.is_empty() {
            out.push_str(
                "# Made in the history with a status the board does not have (not written:\n# the workflow names only the board's statuses):\n",
            );
            for line in gone {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}

/// The lines of a multi-line TOML array: `  "Done",  # 12 moves`, a rare
/// or gone entry commented out with why.
fn array_entries(out: &mut String, entries: &[(Kept, String, usize)], what: &str) {
    // Each entry as written, commented out unless it is written: the
    // counts line up after the longest.
    let shown: Vec<String> = entries
        .iter()
        .map(|(kept, name, _)| {
            let lead = if *kept == Kept::Written { "  " } else { "  # " };
            format!("{lead}{},", template::string(name))
        })
        .collect();
    let width = shown.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for ((kept, _, n), value) in entries.iter().zip(&shown) {
        let pad = " ".repeat(width - value.chars().count());
        let why = match kept {
            Kept::Written => String::new(),
            Kept::Rare => ": rare, uncomment to allow".to_owned(),
            Kept::Gone => ": not a status of the board now".to_owned(),
        };
        let what = match (what, *n) {
            ("moves", 1) => "move",
            ("created here", _) => "created here",
            (w, _) => w,
        };
        let _ = writeln!(out, "{value}{pad}  # {n} {what}{why}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::workflow::Preset;

    fn board() -> Workflow {
        let keys = ["to_do", "in_progress", "done"];
        let mut wf = Workflow::with_preset(
            keys.iter().map(|s| (*s).to_owned()).collect(),
            vec!["to_do".to_owned()],
            Preset::Any,
        );
        for (k, n) in keys.iter().zip(["To Do", "In Progress", "Done"]) {
            wf.names.insert((*k).to_owned(), n.to_owned());
        }
        wf
    }

    fn learned() -> Learned {
        let mut l = Learned::default();
        for _ in 0..5 {
            l.add(None, "to_do");
            l.add(Some("to_do"), "in_progress");
            l.add(Some("in_progress"), "done");
        }
        l.add(None, "done");
        l.add(Some("to_do"), "done");
        l.add(Some("to_do"), "done");
        l.add(Some("done"), "to_do");
        l.add(Some("review"), "done");
        l.spell("review", " In Review ");
        l.spell("review", "review");
        l.add(Some("done"), "done");
        l
    }

    #[test]
    fn counts_moves_and_creations_but_not_standing_still() {
        let l = learned();
        assert_eq!(l.total_moves(), 14);
        assert_eq!(l.total_created(), 6);
        assert_eq!(l.moves.get(&("done".into(), "done".into())), None);
    }

    /// A move made once is rare; so is one under 1% of the moves however
    /// often it was made; a status the board lost is gone.
    #[test]
    fn rare_means_once_or_under_one_percent() {
        let (wf, l) = (board(), learned());
        assert_eq!(l.move_kept(&wf, "to_do", "done", 2), Kept::Written);
        assert_eq!(l.move_kept(&wf, "done", "to_do", 1), Kept::Rare);
        assert_eq!(l.move_kept(&wf, "review", "done", 1), Kept::Gone);
        let mut big = Learned::default();
        for _ in 0..300 {
            big.add(Some("to_do"), "in_progress");
        }
        for _ in 0..2 {
            big.add(Some("to_do"), "done");
        }
        assert_eq!(big.move_kept(&wf, "to_do", "done", 2), Kept::Rare);
        assert_eq!(
            big.move_kept(&wf, "to_do", "in_progress", 300),
            Kept::Written
        );
        // The commonest start is kept even when it is rare by count.
        let mut once = Learned::default();
        once.add(None, "done");
        assert_eq!(once.start_kept(&wf, "done", 1), Kept::Written);
        assert_eq!(l.start_kept(&wf, "done", 1), Kept::Rare);
        assert_eq!(l.tally(&wf), ([3, 1, 1], [1, 1, 0]));
    }

    #[test]
    fn the_text_spells_statuses_as_the_board_does() {
        let (wf, l) = (board(), learned());
        assert_eq!(
            l.start_text(&wf).unwrap(),
            "start = [\n  \"To Do\",   # 5 created here\n  # \"Done\",  # 1 created here: rare, uncomment to allow\n]\n"
        );
        assert_eq!(
            l.transitions_text(&wf),
            "[workflow.transitions]
\"To Do\" = [
  \"In Progress\",  # 5 moves
  \"Done\",         # 2 moves
]
\"In Progress\" = [
  \"Done\",  # 5 moves
]
\"Done\" = [
  # \"To Do\",  # 1 move: rare, uncomment to allow
]
# Made in the history with a status the board does not have (not written:
# the workflow names only the board's statuses):
#   \"In Review\" -> \"Done\": 1 move
"
        );
        assert_eq!(Learned::default().start_text(&wf), None);
    }
}
