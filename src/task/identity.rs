//! Task identity: when two ids name the same task.
//!
//! Each board tool has its own rule ([`IdRule`], chosen by the tool's
//! adapter in `config::native`), and every place that compares ids —
//! naming a task on the command line, duplicate ids, P0 commit evidence,
//! pairing a task's states before and after a change, the WIP count, the
//! dependency gate — compares their [`TaskKey`]s under that one rule. Pure
//! text: no board, no files.

use std::fmt;

/// How a board compares task ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum IdRule {
    /// Letters compare case-insensitively (ASCII); everything else as
    /// written: `T-1` is `t-1`, `T-01` is not `T-1`. Gate's own boards,
    /// Promethean and beans.
    #[default]
    Folded,
    /// Backlog.md: case-insensitive, the board's `task_prefix` optional,
    /// numeric parts compared as numbers: `78`, `TASK-78` and `task-078`
    /// are one id, and `task-355.01` is `TASK-355.1`. `prefix` is the
    /// prefix lower-cased, without its `-`.
    Backlog { prefix: String },
    /// kanban-md: an id of digits is a number (`030` is `30`); any other
    /// id as [`IdRule::Folded`].
    Numeric,
}

impl IdRule {
    /// How a task on this board gets an id of its own, for the help of a
    /// duplicated `id`: in the board tool's way, not another board's.
    pub(crate) fn new_id_help(&self, id: &str) -> String {
        match self {
            IdRule::Backlog { .. } => {
                "give each task its own id: the next number after the highest on the board, as `backlog task create` numbers them".to_owned()
            }
            IdRule::Numeric => {
                "give each task its own id: kanban-md's next one is `next_id` in its config.yml".to_owned()
            }
            IdRule::Folded if looks_like_uuid(id) => "give each task its own id (a fresh UUID)".to_owned(),
            IdRule::Folded => "give each task its own id".to_owned(),
        }
    }
}

/// `8-4-4-4-12` hexadecimal digits.
fn looks_like_uuid(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An id as its board's rule compares it: two ids name the same task
/// exactly when their keys are equal. Built only by [`IdRule::key`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TaskKey(String);

impl fmt::Display for TaskKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Backlog.md's prefix when its config names none.
pub(crate) const BACKLOG_DEFAULT_PREFIX: &str = "task";

impl IdRule {
    /// Backlog.md's rule with the board's `task_prefix` (`None`: `task`).
    pub(crate) fn backlog(prefix: Option<&str>) -> IdRule {
        let prefix = prefix
            .map(|p| p.trim().trim_end_matches('-').to_ascii_lowercase())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| BACKLOG_DEFAULT_PREFIX.to_owned());
        IdRule::Backlog { prefix }
    }

    /// The key of `id`: equal keys, same task.
    pub(crate) fn key(&self, id: &str) -> TaskKey {
        let folded = id.trim().to_ascii_lowercase();
        TaskKey(match self {
            IdRule::Numeric if is_number(&folded) => numbers_folded(&folded),
            IdRule::Folded | IdRule::Numeric => folded,
            IdRule::Backlog { prefix } => {
                numbers_folded(without_legacy_prefix(without_prefix(&folded, prefix)))
            }
        })
    }

    /// Whether `a` and `b` name the same task.
    #[cfg(test)]
    pub(crate) fn same_id(&self, a: &str, b: &str) -> bool {
        self.key(a) == self.key(b)
    }

    /// The ways a commit message may spell `id` that name it: as written,
    /// and in the rule's canonical form (Backlog.md: `prefix-N.N`, and the
    /// number alone for `prefix-N`; kanban-md: the number without leading
    /// zeros). The
    /// first is `id` itself; no spelling is repeated.
    pub(crate) fn spellings(&self, id: &str) -> Vec<String> {
        let id = id.trim();
        let mut out = vec![id.to_owned()];
        let mut add = |s: String| {
            if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        };
        // Spelled from the board's own prefix only: a commit names a task
        // in the board's words (`back-7`, `7`), never in another prefix's.
        let key = match self {
            IdRule::Backlog { prefix } => {
                numbers_folded(without_prefix(&id.to_ascii_lowercase(), prefix))
            }
            _ => self.key(id).0,
        };
        match self {
            IdRule::Folded => {}
            IdRule::Numeric => add(key),
            IdRule::Backlog { prefix } => {
                if key.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
                    add(format!("{prefix}-{key}"));
                }
                // A bare number only (which counts only where a numeric id
                // does): `24.2` alone reads as a version.
                if is_number(&key) {
                    add(key);
                }
            }
        }
        out
    }
}

/// Whether `text` is digits only (and not empty).
fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `id` (lower-cased) without `prefix-` in front, when something follows.
fn without_prefix<'a>(id: &'a str, prefix: &str) -> &'a str {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(id)
}

/// `id`'s task number when it is a word prefix and a task number
/// (`task-354.01`, `back-354.01`): a Backlog.md board numbers its tasks
/// once, whatever the prefix. Backlog.md's prefix migration renames the
/// files (`task-354.01` to `back-354.01`), not the `dependencies` written
/// before it, and a range judged with the configuration from before the
/// migration still meets the new names.
fn without_legacy_prefix(id: &str) -> &str {
    match id.split_once('-') {
        Some((word, number))
            if !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_lowercase())
                && number.split('.').all(is_number) =>
        {
            number
        }
        _ => id,
    }
}

/// `text` with every run of digits written as its number: leading zeros
/// dropped (`007` → `7`, `00` → `0`).
fn numbers_folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run_start: Option<usize> = None;
    for c in text.chars() {
        if c.is_ascii_digit() {
            match run_start {
                // Inside a run that so far is only zeros: replace it.
                Some(start) if out[start..] == *"0" => {
                    out.truncate(start);
                    out.push(c);
                }
                Some(_) => out.push(c),
                None => {
                    run_start = Some(out.len());
                    out.push(c);
                }
            }
        } else {
            run_start = None;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Backlog.md's prefix migration renames task files (`task-354.01` to
    /// `back-354.01`) but not the `dependencies` written before it: any
    /// prefix before a task number is the same task.
    #[test]
    fn the_legacy_task_prefix_names_the_same_task() {
        let rule = IdRule::backlog(Some("back"));
        assert!(rule.same_id("task-354.01", "BACK-354.1"));
        assert!(rule.same_id("TASK-7", "back-7"));
        assert!(rule.same_id("task-7", "7"));
        // Only before a task number: another word stays another id.
        assert!(!rule.same_id("task-abc", "back-abc"));
        assert!(!rule.same_id("task-7", "back-8"));
        assert!(!rule.same_id("task-7", "back-7.1"));
        // The configuration from before the migration meets the new names.
        assert!(IdRule::backlog(None).same_id("task-354.01", "BACK-354.01"));
    }

    #[test]
    fn a_new_id_is_asked_for_in_the_board_tool_s_way() {
        let uuid = "02c78938-cf9c-45a0-b5ff-6e7a212fb043";
        assert!(IdRule::Folded.new_id_help(uuid).contains("UUID"));
        assert!(!IdRule::Folded.new_id_help("T-1").contains("UUID"));
        let backlog = IdRule::backlog(Some("task"));
        assert!(!backlog.new_id_help("TASK-7").contains("UUID"));
        assert!(
            backlog
                .new_id_help("TASK-7")
                .contains("backlog task create")
        );
        assert!(IdRule::Numeric.new_id_help("7").contains("next_id"));
    }

    #[test]
    fn folded_compares_letters_without_case_only() {
        let r = IdRule::Folded;
        assert!(r.same_id("TASK-1", "task-1"));
        assert!(r.same_id(" T-1 ", "t-1"));
        assert!(!r.same_id("T-01", "T-1"));
        assert!(!r.same_id("T-1", "T-1.0"));
        // Non-ASCII letters are compared as written.
        assert!(!r.same_id("Ä-1", "ä-1"));
    }

    #[test]
    fn backlog_ids_as_backlog_md_accepts_them() {
        let r = IdRule::backlog(None);
        for same in ["78", "TASK-78", "task-78", "Task-078", "078"] {
            assert!(r.same_id("task-78", same), "{same}");
        }
        assert!(r.same_id("task-355.01", "TASK-355.1"));
        assert!(r.same_id("task-0", "TASK-00"));
        assert!(!r.same_id("task-78", "task-780"));
        assert!(!r.same_id("task-7.8", "task-78"));
        // A board numbers its tasks once, whatever the prefix.
        assert!(r.same_id("task-78", "back-78"));
        let back = IdRule::backlog(Some("BACK"));
        assert!(back.same_id("BACK-24.02", "back-24.2"));
        assert!(back.same_id("BACK-24.02", "24.2"));
        // Backlog.md's default prefix before a number is the board's task
        // too (`dependencies` written before a prefix migration).
        assert!(back.same_id("BACK-24", "task-24"));
        // A prefix alone is an id of its own.
        assert!(!back.same_id("back-", "back"));
        assert_eq!(IdRule::backlog(Some(" back- ")), back);
    }

    #[test]
    fn kanban_md_ids_are_numbers() {
        let r = IdRule::Numeric;
        assert!(r.same_id("30", "030"));
        assert!(r.same_id("0", "000"));
        assert!(!r.same_id("30", "300"));
        assert!(r.same_id("A-1", "a-1"));
        // Only an id of digits is a number.
        assert!(!r.same_id("a-01", "a-1"));
    }

    #[test]
    fn spellings_are_the_written_and_canonical_forms() {
        assert_eq!(IdRule::Folded.spellings("T-1"), ["T-1"]);
        assert_eq!(IdRule::Numeric.spellings("030"), ["030", "30"]);
        assert_eq!(IdRule::Numeric.spellings("30"), ["30"]);
        assert_eq!(
            IdRule::backlog(Some("back")).spellings("BACK-24.02"),
            ["BACK-24.02", "back-24.2"]
        );
        assert_eq!(IdRule::backlog(None).spellings("TASK-7"), ["TASK-7", "7"]);
        assert_eq!(IdRule::backlog(None).spellings("7"), ["7", "task-7"]);
        assert_eq!(IdRule::backlog(None).spellings("draft-7"), ["draft-7"]);
    }

    #[test]
    fn numbers_fold_run_by_run() {
        assert_eq!(numbers_folded("a007b0010.00"), "a7b10.0");
        assert_eq!(numbers_folded("x"), "x");
        assert_eq!(numbers_folded(""), "");
    }
}
