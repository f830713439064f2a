//! The documentation of every gate and finding code, for `gate explain`.
//! Codes are public interface: a test keeps them unique and pinned.

use crate::finding::Severity;
use crate::gates::{CodeDoc, p0_security, transition, wip_limit};

/// A gate's documentation.
pub struct GateDoc {
    pub id: &'static str,
    pub summary: &'static str,
    pub doc: &'static str,
    pub codes: &'static [CodeDoc],
}

pub const GATES: &[GateDoc] = &[
    GateDoc {
        id: "transition",
        summary: "the move must be an edge of the workflow",
        doc: transition::DOC,
        codes: transition::CODES,
    },
    GateDoc {
        id: "wip-limit",
        summary: "the target column must stay within its WIP limit",
        doc: wip_limit::DOC,
        codes: wip_limit::CODES,
    },
    GateDoc {
        id: "p0-security",
        summary: "P0 security tasks need a plan, commits, review, tests and docs as they advance",
        doc: p0_security::DOC,
        codes: p0_security::CODES,
    },
];

/// Codes that belong to no gate: task files, the board, overrides.
pub const OTHER_CODES: &[CodeDoc] = &[
    CodeDoc {
        code: "task/invalid-yaml",
        severity: Severity::Warning,
        summary: "the front-matter is not valid YAML",
        details: "The file still loads: its fields are read from top-level `key: value` lines. The message gives the YAML parser's line and column. Quote values that contain `: `, start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backtick, and keep nested keys indented consistently.",
    },
    CodeDoc {
        code: "task/placeholder",
        severity: Severity::Warning,
        summary: "a field holds an unexpanded template such as `$(uuidgen)` or an empty string",
        details: "The field counts as unset. Fill in the real value (e.g. run `uuidgen` yourself).",
    },
    CodeDoc {
        code: "task/bad-date",
        severity: Severity::Warning,
        summary: "the created date is in no form gate understands",
        details: "Accepted: RFC 3339 (`2025-10-17T01:20:00Z`, with or without fraction and zone), a date (`2025-10-17`), `2025-10-19 10:50:14 -0500`, `2025-06-08 21:37` (minutes, no zone: UTC), and JavaScript's `Sun Oct 12 2025 18:59:36 GMT-0500 (…)`. The date counts as unset, so the P0 gate cannot bound its git search by it.",
    },
    CodeDoc {
        code: "task/bad-value",
        severity: Severity::Warning,
        summary: "a field that should be one value holds a list or a map",
        details: "The field is ignored. Write a single value, e.g. `status: todo`.",
    },
    CodeDoc {
        code: "task/unknown-priority",
        severity: Severity::Warning,
        summary: "the priority is not P0–P3 or one of their names",
        details: "`P0`/`0`/`critical`, `P1`/`1`/`high`, `P2`/`2`/`medium`, `P3`/`3`/`low` are understood (case-insensitive); `[priorities.aliases]` adds more. An unknown priority is kept as written and ranks last.",
    },
    CodeDoc {
        code: "task/unknown-status",
        severity: Severity::Warning,
        summary: "the status is not a column of the workflow",
        details: "The task is on no column and counts towards no WIP limit. Use one of `workflow.statuses`, or add an alias in `[workflow.aliases]`.",
    },
    CodeDoc {
        code: "task/missing-field",
        severity: Severity::Warning,
        summary: "a field listed in `board.required_fields` is not set",
        details: "Add the field to the front-matter, or change `board.required_fields` (default: id, title, status, priority).",
    },
    CodeDoc {
        code: "task/duplicate-id",
        severity: Severity::Error,
        summary: "two task files carry the same id",
        details: "A task's id names it in commands, commit messages and the audit log; two files with one id make all of these ambiguous. Give one of them a fresh id.",
    },
    CodeDoc {
        code: "task/duplicate-title",
        severity: Severity::Warning,
        summary: "two task files carry the same title",
        details: "Naming a task by its title becomes ambiguous. Usually one file is a stale copy.",
    },
    CodeDoc {
        code: "task/no-front-matter",
        severity: Severity::Warning,
        summary: "the file has no front-matter and is not on the board",
        details: "A task file starts with a `---` line, its YAML fields, and a closing `---` (or `...`) line. Markdown files without it (notes, process documents) are skipped; exclude them with `board.exclude` to silence this.",
    },
    CodeDoc {
        code: "task/unclosed-front-matter",
        severity: Severity::Error,
        summary: "the front-matter is opened by `---` but never closed",
        details: "Add a `---` line after the last field. The file cannot be read until then.",
    },
    CodeDoc {
        code: "task/conflict-markers",
        severity: Severity::Error,
        summary: "the front-matter contains git conflict markers",
        details: "A merge left `<<<<<<<`, `=======` and `>>>>>>>` lines in the file; which status is true cannot be known. Resolve the conflict. The task counts as unreadable until then.",
    },
    CodeDoc {
        code: "task/duplicate-key",
        severity: Severity::Error,
        summary: "the front-matter sets a field twice: a key written twice, or two of `status`, `state` and `column`",
        details: "YAML tools disagree on a repeated key (most take the last, gate read the first), so a file with `status: todo` and then `status: done` shows different columns to different readers. Every key gate reads counts (its aliases too, for the status). Keep one and delete the other. The task counts as unreadable until then, and a staged change that introduces it is refused (exit 2).",
    },
    CodeDoc {
        code: "task/not-utf8",
        severity: Severity::Error,
        summary: "the file is not UTF-8",
        details: "Re-save the file as UTF-8. The message gives the byte offset of the first invalid byte.",
    },
    CodeDoc {
        code: "task/too-large",
        severity: Severity::Error,
        summary: "the file is larger than `board.max_task_bytes`",
        details: "The default limit is 8 MiB. Such files are usually generated; split them or raise the limit.",
    },
    CodeDoc {
        code: "task/io",
        severity: Severity::Error,
        summary: "the file could not be read",
        details: "An I/O error (permissions, a vanished file). The message gives the system's reason.",
    },
    CodeDoc {
        code: "task/outside-board",
        severity: Severity::Error,
        summary: "a task path names a file outside the tasks directory",
        details: "After resolving `..` and links, a task named by path must lie inside the tasks directory. gate never reads files outside it.",
    },
    CodeDoc {
        code: "board/link-outside",
        severity: Severity::Error,
        summary: "a symbolic link in the tasks directory points outside it",
        details: "The link is reported and never read: a board must not pull in files from elsewhere. Move the file into the tasks directory or remove the link.",
    },
    CodeDoc {
        code: "board/not-a-file",
        severity: Severity::Error,
        summary: "a `*.md` entry in the tasks directory is not a regular file",
        details: "Pipes, sockets and devices are reported and never opened: opening a pipe would wait for a writer forever. Replace it with a regular file or remove it.",
    },
    CodeDoc {
        code: "board/dangling-link",
        severity: Severity::Error,
        summary: "a symbolic link in the tasks directory points to nothing",
        details: "The file it named is gone (or not checked out), so nothing is read and the task it was is counted nowhere: column counts may be low. Restore the file or remove the link.",
    },
    CodeDoc {
        code: "board/duplicate-link",
        severity: Severity::Warning,
        summary: "a symbolic link in the tasks directory points to a task file that is already on the board",
        details: "The task is read and counted once, under its own name; the link is not read, so the task does not count twice toward its column's WIP limit. Remove the link.",
    },
    CodeDoc {
        code: "board/unreadable-dir",
        severity: Severity::Error,
        summary: "a directory below the tasks directory cannot be read",
        details: "Its tasks are not counted, so every column count may be low: `lint` exits 1 and `check` warns. Give gate read access (the message gives the system's reason) or exclude the directory with `board.exclude`.",
    },
    CodeDoc {
        code: "board/name-not-utf8",
        severity: Severity::Warning,
        summary: "a task file's name is not UTF-8",
        details: "The file is read and counted like any other; its name is shown with the bytes that are not UTF-8 escaped (`caf\\xe9.md`). Name the task by its id, or rename the file to a UTF-8 name.",
    },
    CodeDoc {
        code: "override/no-reason",
        severity: Severity::Error,
        summary: "`--force` was given without `--reason`",
        details: "Every override is recorded in the audit log with its reason and actor; `overrides.require_reason` (default true) refuses an override without one.",
    },
];

/// Every documented code: gates' codes, then the others.
pub fn all_codes() -> impl Iterator<Item = &'static CodeDoc> {
    GATES
        .iter()
        .flat_map(|g| g.codes.iter())
        .chain(OTHER_CODES.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_namespaced() {
        let mut seen = std::collections::BTreeSet::new();
        for doc in all_codes() {
            assert!(seen.insert(doc.code), "duplicate code {}", doc.code);
            let (ns, name) = doc.code.split_once('/').expect("codes are ns/name");
            assert!(!ns.is_empty() && !name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{}",
                doc.code
            );
        }
        for gate in GATES {
            for c in gate.codes {
                assert!(
                    c.code.starts_with(&format!("{}/", gate.id)),
                    "{} under {}",
                    c.code,
                    gate.id
                );
            }
        }
    }

    #[test]
    fn gate_ids_match_the_config_list() {
        for gate in GATES {
            assert!(crate::config::GATE_IDS.contains(&gate.id), "{}", gate.id);
        }
    }
}
