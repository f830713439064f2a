//! A task: one Markdown file's front-matter read into typed fields.
//!
//! Parsing is pure: it takes the file's bytes and the board's vocabulary and
//! returns a [`Parsed`] value. It never reads files, never panics, and keeps
//! every problem it meets as a [`Finding`].

pub(crate) mod date;
pub(crate) mod frontmatter;
pub(crate) mod identity;
pub(crate) mod normalize;
pub(crate) mod rewrite;
mod simple_yaml;
mod value;

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use regex::Regex;

use crate::finding::Finding;
use frontmatter::{SplitError, Value};
pub(crate) use normalize::status_key;
pub use normalize::{Priority, Vocabulary};

crate::finding::declare_codes! {
    /// The codes of findings about one task file, for `gate explain`.
    pub(crate) enum TaskCode in CODES {
        InvalidYaml = "task/invalid-yaml", Warning,
            "the front-matter is not valid YAML",
            "The file still loads: its fields are read from top-level `key: value` lines. The message gives the YAML parser's line and column. Quote values that contain `: `, start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backtick, and keep nested keys indented consistently.";
        Placeholder = "task/placeholder", Warning,
            "a field holds an unexpanded template such as `$(uuidgen)` or an empty string",
            "The field counts as unset. Fill in the real value (e.g. run `uuidgen` yourself).";
        BadDate = "task/bad-date", Warning,
            "the created date is in no form gate understands",
            "Accepted: RFC 3339 (`2025-10-17T01:20:00Z`, with or without fraction and zone), a date (`2025-10-17`), `2025-10-19 10:50:14 -0500`, `2025-06-08 21:37` (minutes, no zone: UTC), and JavaScript's `Sun Oct 12 2025 18:59:36 GMT-0500 (…)`. The date counts as unset, so the P0 gate cannot bound its git search by it.";
        BadValue = "task/bad-value", Warning,
            "a field that should be one value holds a list or a map",
            "The field is ignored. Write a single value, e.g. `status: todo`.";
        UnknownPriority = "task/unknown-priority", Warning,
            "the priority is not P0–P3 or one of their names",
            "`P0`/`0`/`critical`, `P1`/`1`/`high`, `P2`/`2`/`medium`, `P3`/`3`/`low` are understood (case-insensitive); `[priorities.aliases]` adds more. An unknown priority is kept as written and ranks last.";
        UnknownStatus = "task/unknown-status", Warning,
            "the status is not a column of the workflow",
            "The task is on no column and counts towards no WIP limit. Use one of `workflow.statuses`, or add an alias in `[workflow.aliases]`.";
        MissingField = "task/missing-field", Warning,
            "a field listed in `board.required_fields` is not set",
            "Add the field to the front-matter, or change `board.required_fields` (default: id, title, status, priority).";
        DuplicateId = "task/duplicate-id", Error,
            "two task files carry the same id",
            "A task's id names it in commands, commit messages and the audit log; two files with one id make all of these ambiguous, and a P0 task whose id another task shares gets no commit evidence. Ids are compared by the board tool's rule: `task-1` and `TASK-1` are one id everywhere; on a Backlog.md board so are `78`, `TASK-78` and `task-078` (its `task_prefix`, numeric parts as numbers), on a kanban-md board `30` and `030`. Give one of them a fresh id.";
        DuplicateTitle = "task/duplicate-title", Warning,
            "two task files carry the same title",
            "Naming a task by its title becomes ambiguous. Usually one file is a stale copy.";
        NoFrontMatter = "task/no-front-matter", Warning,
            "the file has no front-matter and is not on the board",
            "A task file starts with a `---` line, its YAML fields, and a closing `---` (or `...`) line. Markdown files without it (notes, process documents) are skipped; exclude them with `board.exclude` to silence this.";
        UnclosedFrontMatter = "task/unclosed-front-matter", Error,
            "the front-matter is opened by `---` but never closed",
            "Add a `---` line after the last field. The file cannot be read until then.";
        ConflictMarkers = "task/conflict-markers", Error,
            "the front-matter contains git conflict markers",
            "A merge left `<<<<<<<`, `=======` and `>>>>>>>` lines in the file; which status is true cannot be known. Resolve the conflict. The task counts as unreadable until then.";
        DuplicateKey = "task/duplicate-key", Error,
            "the front-matter sets a field twice: a key written twice, or two of `status`, `state` and `column`",
            "YAML tools disagree on a repeated key (most take the last, gate read the first), so a file with `status: todo` and then `status: done` shows different columns to different readers. Every key gate reads counts (its aliases too, for the status). Keep one and delete the other. The task counts as unreadable until then, and a staged change that introduces it is refused (exit 2).";
        NotUtf8 = "task/not-utf8", Error,
            "the file is not UTF-8",
            "Re-save the file as UTF-8. The message gives the byte offset of the first invalid byte.";
        TooLarge = "task/too-large", Error,
            "the file is larger than `board.max_task_bytes`",
            "The default limit is 8 MiB. Such files are usually generated; split them or raise the limit.";
        Io = "task/io", Error,
            "the file could not be read",
            "An I/O error (permissions, a vanished file). The message gives the system's reason.";
        OutsideBoard = "task/outside-board", Error,
            "a task path names a file outside the tasks directory",
            "After resolving `..` and links, a task named by path must lie inside the tasks directory. gate never reads files outside it.";
    }
}

/// The front-matter keys read for each field, first present wins.
pub(crate) const ID_KEYS: &[&str] = &["uuid", "id", "task_id", "task-id", "taskId"];
pub(crate) const TITLE_KEYS: &[&str] = &["title", "name"];
pub(crate) const STATUS_KEYS: &[&str] = &["status", "state", "column"];
pub(crate) const PRIORITY_KEYS: &[&str] = &["priority", "prio"];
/// `created_date` is Backlog.md's.
pub(crate) const CREATED_KEYS: &[&str] = &["created_at", "created", "txn", "created_date"];
pub(crate) const LABEL_KEYS: &[&str] = &["labels", "tags", "hashtags"];

/// The names [`Task::fields`] holds.
const FIELD_NAMES: &[&str] = &[
    "id",
    "title",
    "slug",
    "status",
    "priority",
    "created",
    "labels",
    "security_review",
    "coverage_report",
    "class",
    "claimed_by",
];

/// The field name `name` as [`Task::fields`] holds it.
pub(crate) fn field_name(name: &str) -> Option<&'static str> {
    FIELD_NAMES.iter().copied().find(|&known| known == name)
}

/// A string with a meaning of its own: built only from text already
/// checked for that meaning, read as a `&str`, serialised as the string.
macro_rules! text_type {
    ($(#[$meta:meta])* $name:ident, $(#[$new_meta:meta])* fn $new:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            $(#[$new_meta])*
            pub fn $new(text: impl Into<String>) -> $name {
                $name(text.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> String {
                text.0
            }
        }
    };
}

text_type! {
    /// A board column: a status key after normalisation and aliases
    /// (`status_key`), as the workflow names it — never the text as
    /// written (`Task::status_raw`), so the two cannot be mixed up.
    Status,
    /// A status key already normalised (the workflow's own names).
    fn from_key
}

text_type! {
    /// A task's id as its file states it (trimmed, never blank): what
    /// commit messages, the audit log and `gate check <TASK>` name it by.
    TaskId,
    /// An id read from a task file.
    fn from_file
}

/// What a task file says about other tasks: the ids it waits for and
/// blocks, its parent, and an open blocker of its own. Read for every
/// board; the dependency gate gives each tool's fields their meaning.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Links {
    /// `dependencies` (Backlog.md, gate, Promethean), `depends_on`
    /// (kanban-md, gate) and `blocked_by` (beans), as written.
    pub(crate) depends_on: Vec<String>,
    /// beans' `blocking`: the tasks this one blocks.
    pub(crate) blocking: Vec<String>,
    /// beans' `parent`.
    pub(crate) parent: Option<String>,
    /// kanban-md's `blocked: true`: its `block_reason` (empty when none).
    pub(crate) blocked: Option<String>,
    /// The id a leading front-matter comment holds (`# beans-1a2b`): where
    /// beans keeps a bean's id.
    pub(crate) comment_id: Option<String>,
}

impl Links {}

/// The front-matter keys of [`Links::depends_on`].
pub(crate) const DEPENDS_KEYS: &[&str] = &["dependencies", "depends_on", "blocked_by"];

/// A task as read from its file.
#[derive(Clone, Debug)]
pub struct Task {
    pub id: Option<TaskId>,
    pub(crate) title: String,
    pub(crate) slug: Option<String>,
    /// The status as written.
    pub(crate) status_raw: Option<String>,
    /// The board column: the status key after normalisation and aliases.
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub labels: Vec<String>,
    pub created: Option<DateTime<FixedOffset>>,
    pub(crate) security_review: Option<String>,
    pub(crate) coverage_report: Option<String>,
    /// kanban-md's class of service (`class: expedite`).
    pub(crate) class: Option<String>,
    /// Who claimed the task (kanban-md's `claimed_by`).
    pub(crate) claimed_by: Option<String>,
    /// What it says about other tasks.
    pub(crate) links: Links,
    /// Canonical names (`id`, `title`, …) of the fields the file sets.
    pub(crate) fields: Vec<&'static str>,
    /// 1-based file line of the status key.
    pub(crate) status_line: Option<usize>,
    /// The whole file, the body its tail from `body_start`; `None` for a
    /// task taken from the board cache, which keeps no texts.
    pub(crate) text: Option<String>,
    pub(crate) body_start: usize,
    /// 1-based file line where the body starts.
    pub(crate) body_line: usize,
    pub findings: Vec<Finding>,
}

impl Task {
    /// The Markdown after the front-matter; `None` when the task came from
    /// the board cache (read the file again to see it).
    pub(crate) fn body(&self) -> Option<&str> {
        self.text.as_deref().map(|text| &text[self.body_start..])
    }

    /// Whether the task's labels include any of `wanted`, both compared
    /// folded ([`normalize::fold_text`]: case, compatibility forms and
    /// invisible format characters do not count).
    pub(crate) fn has_label(&self, wanted: &[String]) -> bool {
        let wanted: Vec<String> = wanted
            .iter()
            .filter_map(|w| normalize::clean_label(w))
            .collect();
        self.labels
            .iter()
            .any(|l| wanted.iter().any(|w| *w == normalize::fold_text(l)))
    }

    /// The task's name for messages: its id, else its title.
    pub(crate) fn display_id(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.title)
    }
}

/// What a file turned out to be.
#[derive(Clone, Debug)]
pub enum Parsed {
    /// A task on the board (possibly with warnings).
    Task(Box<Task>),
    /// A Markdown file without front-matter: not on the board.
    NotATask(Vec<Finding>),
    /// A task file that cannot be read: counted nowhere.
    Unreadable(Vec<Finding>),
}

/// An id as tables show it: a long id (a UUID) by its first eight
/// characters, which are enough to name it; a short one (`BACK-1234`,
/// `task-12`) whole, since cutting it would name another task.
pub(crate) fn short_id(id: &str) -> &str {
    let mut ends = id.char_indices().map(|(at, _)| at);
    match (ends.nth(8), ends.nth(3)) {
        // A ninth character starts at `cut`, and there are more than 12.
        (Some(cut), Some(_)) => &id[..cut],
        _ => id,
    }
}

/// Parses one task file. `stem` is the file name without `.md`, the title
/// of last resort; `max_bytes` is the size cap. A `Vec<u8>` is kept as the
/// task's text without a copy.
pub fn parse(bytes: impl Into<Vec<u8>>, stem: &str, vocab: &Vocabulary, max_bytes: u64) -> Parsed {
    let text = match decode(bytes.into(), max_bytes) {
        Ok(text) => text,
        Err(unreadable) => return unreadable,
    };
    let split = match front_matter(&text) {
        Ok(split) => split,
        Err(not_a_task) => return not_a_task,
    };
    let mut findings = Vec::new();
    let entries = yaml_entries(&split, &mut findings);
    if let Some(finding) = duplicate_key_finding(&entries, split.yaml, split.yaml_line) {
        // The reason the file is unreadable comes first: it is the one
        // commands name.
        findings.insert(0, finding);
        return Parsed::Unreadable(findings);
    }

    let mut reader = FieldReader {
        entries: &entries,
        yaml: split.yaml,
        first_line: split.yaml_line,
        findings,
        fields: Vec::new(),
    };
    let id = reader.scalar("id", ID_KEYS);
    let title = reader.scalar("title", TITLE_KEYS);
    let slug = reader.scalar("slug", &["slug"]);
    let status_found = reader.scalar_with_key("status", STATUS_KEYS);
    let priority_raw = reader.scalar("priority", PRIORITY_KEYS);
    let created_raw = reader.scalar("created", CREATED_KEYS);
    let labels = reader.labels();
    let security_review = reader.scalar("security_review", &["security_review"]);
    let coverage_report = reader.scalar("coverage_report", &["coverage_report"]);
    let class = reader.scalar("class", &["class"]);
    let claimed_by = reader.scalar("claimed_by", &["claimed_by"]);
    let links = reader.links(split.yaml);

    let created = created_raw.as_deref().and_then(|raw| reader.created(raw));
    let priority = priority_raw
        .as_deref()
        .map(|raw| reader.priority(vocab, raw));
    let (status_raw, status_line) = match status_found {
        Some((key, raw)) => {
            let line = key_line(split.yaml, key).map(|l| l + split.yaml_line - 1);
            (Some(raw), line)
        }
        None => (None, None),
    };
    let status = status_raw
        .as_deref()
        .map(|raw| vocab.status(raw))
        .filter(|key| !key.is_empty());
    // The body is a suffix of the text.
    let body_start = text.len() - split.body.len();
    let body_line = split.body_line;
    let FieldReader {
        findings, fields, ..
    } = reader;

    Parsed::Task(Box::new(Task {
        id: id.map(TaskId::from_file),
        title: title.unwrap_or_else(|| stem.to_owned()),
        slug,
        status_raw,
        status: status.map(Status::from_key),
        priority,
        labels,
        created,
        security_review,
        coverage_report,
        class,
        claimed_by,
        links,
        fields,
        status_line,
        text: Some(text),
        body_start,
        body_line,
        findings,
    }))
}

/// A task file's bytes as text: unreadable when over `max_bytes` or not
/// UTF-8.
fn decode(bytes: Vec<u8>, max_bytes: u64) -> Result<String, Parsed> {
    if bytes.len() as u64 > max_bytes {
        return Err(Parsed::Unreadable(vec![too_large_finding(
            bytes.len() as u64,
            max_bytes,
        )]));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let (bytes, err) = (err.as_bytes(), err.utf8_error());
            #[allow(clippy::naive_bytecount)] // once per broken file; no crate for this
            let line = bytes[..err.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(Parsed::Unreadable(vec![
                Finding::error(
                    TaskCode::NotUtf8,
                    format!(
                        "file is not UTF-8 (invalid byte at offset {})",
                        err.valid_up_to()
                    ),
                )
                .with_line(line)
                .with_help("re-save the file as UTF-8"),
            ]))
        }
    }
}

/// The front-matter and body of a task file's text; not a task without
/// front-matter, unreadable when it is never closed or holds conflict
/// markers.
fn front_matter(text: &str) -> Result<frontmatter::Split<'_>, Parsed> {
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::Missing) => {
            return Err(Parsed::NotATask(vec![
                Finding::warning(
                    TaskCode::NoFrontMatter,
                    "file has no front-matter; it is not on the board",
                )
                .with_line(1)
                .with_help(
                    "start the file with a `---` line, the YAML fields, and a closing `---` line",
                ),
            ]));
        }
        Err(SplitError::Unclosed) => {
            return Err(Parsed::Unreadable(vec![
                Finding::error(
                    TaskCode::UnclosedFrontMatter,
                    "front-matter opened on line 1 is never closed",
                )
                .with_line(1)
                .with_help("add a `---` line after the last front-matter field"),
            ]));
        }
    };
    let markers = frontmatter::conflict_marker_lines(split.yaml);
    if let Some(first) = markers.first() {
        let line = first + split.yaml_line - 1;
        return Err(Parsed::Unreadable(vec![
            Finding::error(
                TaskCode::ConflictMarkers,
                format!("front-matter contains git conflict markers (line {line})"),
            )
            .with_line(line)
            .with_help("resolve the merge conflict and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines"),
        ]));
    }
    Ok(split)
}

/// The front-matter's entries: parsed as YAML, else (with a finding) read
/// from its top-level `key: value` lines.
fn yaml_entries<'a>(
    split: &frontmatter::Split<'a>,
    findings: &mut Vec<Finding>,
) -> frontmatter::Entries<'a> {
    match frontmatter::parse_yaml(split.yaml) {
        Ok(entries) => entries,
        Err(err) => {
            let line = err
                .line
                .map(|l| frontmatter::file_line(split.yaml, l) + split.yaml_line - 1);
            let at = match (line, err.column) {
                (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
                (Some(l), None) => format!(" at line {l}"),
                _ => String::new(),
            };
            let mut finding = Finding::warning(
                TaskCode::InvalidYaml,
                format!("front-matter is not valid YAML{at}: {}", err.message),
            )
            .with_help("fields were read from top-level `key: value` lines; quote values that contain `: ` or start with a special character");
            if let Some(l) = line {
                finding = finding.with_line(l);
            }
            findings.push(finding);
            frontmatter::parse_fallback(split.yaml)
        }
    }
}

/// The keys whose repetition makes a task ambiguous: every key a field is
/// read from. Two keys of one group also are, for the status: which of
/// `status`, `state` and `column` another tool reads is not known.
const READ_KEY_GROUPS: &[&[&str]] = &[
    ID_KEYS,
    TITLE_KEYS,
    STATUS_KEYS,
    PRIORITY_KEYS,
    CREATED_KEYS,
    LABEL_KEYS,
    &["slug"],
    &["security_review"],
    &["coverage_report"],
    &["class"],
    &["claimed_by"],
];

/// The error for a front-matter that sets a field twice: a key gate reads
/// written twice (gate would take the first, YAML tools the last), or two
/// of the status keys. One pass over the entries, whatever their number.
fn duplicate_key_finding(
    entries: &[(std::borrow::Cow<'_, str>, Value<'_>)],
    yaml: &str,
    first_line: usize,
) -> Option<Finding> {
    let keys: Vec<&str> = READ_KEY_GROUPS
        .iter()
        .flat_map(|g| g.iter().copied())
        .collect();
    let mut seen = vec![0usize; keys.len()];
    for (key, _) in entries {
        if let Some(i) = keys.iter().position(|k| *k == key.as_ref()) {
            seen[i] += 1;
        }
    }
    let count = |key: &str| keys.iter().position(|k| *k == key).map_or(0, |i| seen[i]);
    let repeated = keys.iter().copied().find(|k| count(k) > 1);
    let (message, lines) = if let Some(key) = repeated {
        (
            format!(
                "`{key}` is set more than once; gate cannot know which value holds (YAML tools take the last, the first was read before)"
            ),
            key_lines(yaml, |k| k == key),
        )
    } else {
        let present: Vec<&str> = STATUS_KEYS
            .iter()
            .copied()
            .filter(|k| count(k) > 0)
            .collect();
        if present.len() < 2 {
            return None;
        }
        (
            format!(
                "the status is set by {} at once; gate cannot know which one other tools read",
                present
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            key_lines(yaml, |k| STATUS_KEYS.contains(&k)),
        )
    };
    let mut finding = Finding::error(TaskCode::DuplicateKey, message)
        .with_help("keep one of them and delete the others; the task is unreadable until then");
    // The second setting is the one in doubt.
    if let Some(line) = lines.get(1).or(lines.first()) {
        finding = finding.with_line(line + first_line - 1);
    }
    Some(finding)
}

/// The 1-based lines (relative to the front-matter) of the top-level keys
/// `wanted` accepts.
fn key_lines(yaml: &str, wanted: impl Fn(&str) -> bool) -> Vec<usize> {
    yaml.lines()
        .enumerate()
        .filter(|(_, line)| frontmatter::top_level_entry(line).is_some_and(|(k, _)| wanted(k)))
        .map(|(i, _)| i + 1)
        .collect()
}

/// The size-cap finding; the board loader also uses it for files it
/// refuses to read at all.
pub(crate) fn too_large_finding(len: u64, max: u64) -> Finding {
    Finding::error(
        TaskCode::TooLarge,
        format!("file is {len} bytes, over the {max}-byte limit"),
    )
    .with_help("split the file, or raise `board.max_task_bytes` in gate.toml")
}

/// The 1-based line (relative to the front-matter) of a top-level key.
fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|line| frontmatter::top_level_entry(line).is_some_and(|(k, _)| k == key))
        .map(|i| i + 1)
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\$\(.*\)|\$\{.*\}|\(\s*(?:uuidgen|date)\b.*\))$")
        .expect("placeholder regex is valid")
});

/// Whether a value is an unexpanded template: empty, `$(uuidgen)`,
/// `(uuidgen)`, `$(date -Iseconds)`, `${VAR}`.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || PLACEHOLDER.is_match(v)
}

struct FieldReader<'a> {
    entries: &'a [(std::borrow::Cow<'a, str>, Value<'a>)],
    /// The front-matter text and its first file line, to place findings.
    yaml: &'a str,
    first_line: usize,
    findings: Vec<Finding>,
    fields: Vec<&'static str>,
}

impl<'a> FieldReader<'a> {
    /// The created date written `raw`; a finding when gate cannot read it.
    fn created(&mut self, raw: &str) -> Option<DateTime<FixedOffset>> {
        let parsed = date::parse(raw);
        if parsed.is_none() {
            let mut finding = Finding::warning(
                TaskCode::BadDate,
                format!("created date `{raw}` is not a date gate understands"),
            )
            .with_help("use RFC 3339, e.g. `2025-10-17T01:20:00Z`, `2025-10-17 01:20`, or a plain date `2025-10-17`");
            if let Some(line) = self.line_of_field(CREATED_KEYS) {
                finding = finding.with_line(line);
            }
            self.findings.push(finding);
        }
        parsed
    }

    /// The priority written `raw`; a finding when it is not one of the
    /// board's.
    fn priority(&mut self, vocab: &Vocabulary, raw: &str) -> Priority {
        let priority = vocab.priority(raw);
        if let Priority::Unranked(text) = &priority {
            let mut finding = Finding::warning(TaskCode::UnknownPriority, format!("priority `{text}` is not P0–P3"))
                .with_help("use P0, P1, P2 or P3 (or critical, high, medium, low), or add it to `[priorities.aliases]`");
            if let Some(line) = self.line_of_field(PRIORITY_KEYS) {
                finding = finding.with_line(line);
            }
            self.findings.push(finding);
        }
        priority
    }

    fn scalar(&mut self, field: &'static str, keys: &[&'a str]) -> Option<String> {
        self.scalar_with_key(field, keys).map(|(_, v)| v)
    }

    /// The first alias with a usable value, and which key held it.
    /// Placeholders count as unset and leave a warning.
    fn scalar_with_key(
        &mut self,
        field: &'static str,
        keys: &[&'a str],
    ) -> Option<(&'a str, String)> {
        for key in keys {
            let Some(value) = self.get(key) else { continue };
            match value {
                Value::Null => {}
                Value::Seq(_) | Value::Map(_) => {
                    let finding = self.at(
                        key,
                        Finding::warning(
                            TaskCode::BadValue,
                            format!(
                                "`{key}` should be a single value, not a list or map; it is ignored"
                            ),
                        ),
                    );
                    self.findings.push(finding);
                }
                scalar => {
                    let text = scalar.as_scalar().unwrap_or_default();
                    if is_placeholder(&text) {
                        let message = if text.trim().is_empty() {
                            format!("`{key}` is empty; it counts as unset")
                        } else {
                            format!(
                                "`{key}` holds the placeholder `{}`; it counts as unset",
                                text.trim()
                            )
                        };
                        let finding = self.at(
                            key,
                            Finding::warning(TaskCode::Placeholder, message)
                                .with_help("fill in a real value; the template that wrote this file did not expand it"),
                        );
                        self.findings.push(finding);
                        continue;
                    }
                    self.fields.push(field);
                    return Some((key, text.trim().to_owned()));
                }
            }
        }
        None
    }

    fn labels(&mut self) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        // Seen labels in a set: a file may hold a hundred thousand of them.
        let mut seen = std::collections::HashSet::new();
        for key in LABEL_KEYS {
            let Some(value) = self.get(key) else { continue };
            let mut add = |label: String| {
                if seen.insert(label.clone()) {
                    labels.push(label);
                }
            };
            match value {
                Value::Seq(items) => {
                    for item in items {
                        if let Some(text) = item.as_scalar() {
                            normalize::split_labels(&text).for_each(&mut add);
                        }
                    }
                }
                other => {
                    if let Some(text) = other.as_scalar() {
                        normalize::split_labels(&text).for_each(&mut add);
                    }
                }
            }
        }
        if !labels.is_empty() {
            self.fields.push("labels");
        }
        labels
    }

    /// The ids listed at the first of `keys` present: a list of scalars,
    /// or one scalar of comma-separated ids (`[a, b]` read loosely).
    fn ids(&self, keys: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |text: &str| {
            for id in text.split(',') {
                let id = id.trim().trim_matches(|c| c == '[' || c == ']').trim();
                let id = id.trim_matches(|c| c == '"' || c == '\'').trim();
                if !id.is_empty() && !out.iter().any(|o| o == id) {
                    out.push(id.to_owned());
                }
            }
        };
        for key in keys {
            match self.get(key) {
                Some(Value::Seq(items)) => {
                    for item in items {
                        if let Some(text) = item.as_scalar() {
                            add(&text);
                        }
                    }
                }
                Some(other) => {
                    if let Some(text) = other.as_scalar() {
                        add(&text);
                    }
                }
                None => {}
            }
        }
        out
    }

    /// What the front-matter says about other tasks.
    fn links(&self, yaml: &str) -> Links {
        let scalar = |key: &str| {
            self.get(key)
                .and_then(Value::as_scalar)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let blocked = match self.get("blocked") {
            Some(Value::Bool(true)) => true,
            Some(v) => v
                .as_scalar()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("true")),
            None => false,
        };
        // beans writes the id as the front-matter's first line: `# id`.
        let comment_id = yaml
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .and_then(|l| l.strip_prefix('#'))
            .map(str::trim)
            .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
            .map(ToOwned::to_owned);
        Links {
            depends_on: self.ids(DEPENDS_KEYS),
            blocking: self.ids(&["blocking"]),
            parent: scalar("parent"),
            blocked: blocked.then(|| scalar("block_reason").unwrap_or_default()),
            comment_id,
        }
    }

    /// `finding`, placed on the file line of the top-level `key`.
    fn at(&self, key: &str, finding: Finding) -> Finding {
        match key_line(self.yaml, key) {
            Some(line) => finding.with_line(line + self.first_line - 1),
            None => finding,
        }
    }

    /// The file line of the first of `keys` present at top level.
    fn line_of_field(&self, keys: &[&str]) -> Option<usize> {
        keys.iter()
            .find_map(|k| key_line(self.yaml, k))
            .map(|line| line + self.first_line - 1)
    }

    fn get(&self, key: &str) -> Option<&'a Value<'a>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use std::collections::BTreeMap;

    fn vocab() -> Vocabulary {
        let statuses = ["todo", "in_progress", "review", "done"]
            .map(String::from)
            .to_vec();
        let aliases = normalize::DEFAULT_STATUS_ALIASES
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Vocabulary::new(statuses, aliases, BTreeMap::new())
    }

    fn task(text: &str) -> Task {
        match parse(text.as_bytes(), "stem", &vocab(), 1 << 20) {
            Parsed::Task(task) => *task,
            other => panic!("not a task: {other:?}"),
        }
    }

    fn codes(task: &Task) -> Vec<&'static str> {
        task.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn the_column_and_the_text_as_written_are_different_types() {
        let text = b"---\nid: ' BACK-7 '\nstatus: In Progress\n---\n";
        let Parsed::Task(t) = parse(&text[..], "t", &vocab(), 1 << 20) else {
            panic!("parses")
        };
        assert_eq!(t.status_raw.as_deref(), Some("In Progress"));
        let status: &Status = t.status.as_ref().unwrap();
        assert_eq!(status, &"in_progress");
        assert_eq!(serde_json::to_string(status).unwrap(), "\"in_progress\"");
        assert_eq!(t.id.as_deref(), Some("BACK-7"));
    }

    #[test]
    fn short_ids_cut_only_long_ids() {
        assert_eq!(short_id("5e2a9c41-d86b-4f17-b3e0-7a4c2d1f8b95"), "5e2a9c41");
        assert_eq!(short_id("BACK-1234"), "BACK-1234");
        assert_eq!(short_id("task-123456A"), "task-123456A");
        assert_eq!(short_id("task-1234567A"), "task-123");
        // Never inside a character.
        assert_eq!(short_id("éééééééééééé"), "éééééééééééé");
        assert_eq!(short_id("aaaaaaaéééééé"), "aaaaaaaé");
    }

    #[test]
    fn reads_the_documented_fields() {
        let t = task(
            "---\nuuid: \"a666f910\"\ntitle: \"WIP gate\"\nstatus: \"In Progress\"\npriority: \"p0\"\nlabels: [\"Security-Gates\", wip]\ncreated_at: \"2025-10-17T01:20:00.000Z\"\n---\nbody\n",
        );
        assert_eq!(t.id.as_deref(), Some("a666f910"));
        assert_eq!(t.title, "WIP gate");
        assert_eq!(t.status.as_deref(), Some("in_progress"));
        assert_eq!(t.status_line, Some(4));
        assert_eq!(t.priority, Some(Priority::Ranked(0)));
        assert_eq!(t.labels, ["security-gates", "wip"]);
        assert!(t.created.is_some());
        assert_eq!(t.body(), Some("body\n"));
        assert!(t.findings.is_empty(), "{:?}", t.findings);
    }

    #[test]
    fn aliases_first_present_wins() {
        let t = task(
            "---\ntask_id: t-1\nname: Named\nstate: doing\nprio: high\ntags: a, b\nhashtags: \"#c #a\"\ncreated: 2025-01-02\n---\n",
        );
        assert_eq!(t.id.as_deref(), Some("t-1"));
        assert_eq!(t.title, "Named");
        assert_eq!(t.status.as_deref(), Some("in_progress"));
        assert_eq!(t.priority, Some(Priority::Ranked(1)));
        assert_eq!(t.labels, ["a", "b", "c"]);
        assert_eq!(
            t.created.map(|d| d.to_rfc3339()).as_deref(),
            Some("2025-01-02T00:00:00+00:00")
        );
    }

    #[test]
    fn placeholders_are_unset() {
        let t = task(
            "---\nuuid: \"$(uuidgen)\"\nid: (uuidgen)\ntitle: \"\"\ncreated_at: $(date -Iseconds)\nstatus: todo\n---\n",
        );
        assert_eq!(t.id, None);
        assert_eq!(t.title, "stem");
        assert_eq!(t.created, None);
        assert_eq!(codes(&t), ["task/placeholder"; 4]);
    }

    #[test]
    fn invalid_yaml_falls_back_with_position() {
        let t = task("---\nuuid: u1\ntitle: Fix: it\nstatus: todo\n  bad: [\n---\n");
        assert_eq!(t.status.as_deref(), Some("todo"));
        assert_eq!(t.title, "Fix: it");
        let f = &t.findings[0];
        assert_eq!(f.code, "task/invalid-yaml");
        assert!(f.line.is_some_and(|l| (2..=6).contains(&l)), "{f:?}");
    }

    #[test]
    fn unreadable_and_not_a_task() {
        let v = vocab();
        let code = |p: Parsed| match p {
            Parsed::Unreadable(f) | Parsed::NotATask(f) => f[0].code,
            Parsed::Task(_) => "task",
        };
        assert_eq!(
            code(parse(b"# just markdown\n", "s", &v, 100)),
            "task/no-front-matter"
        );
        assert_eq!(
            code(parse(b"---\nstatus: \xff\n---\n", "s", &v, 100)),
            "task/not-utf8"
        );
        assert_eq!(code(parse([b'a'; 101], "s", &v, 100)), "task/too-large");
        assert_eq!(
            code(parse(
                b"---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> x\n---\n",
                "s",
                &v,
                1000
            )),
            "task/conflict-markers"
        );
    }

    fn unreadable(text: &str) -> Vec<Finding> {
        match parse(text.as_bytes(), "stem", &vocab(), 1 << 20) {
            Parsed::Unreadable(findings) => findings,
            other => panic!("readable: {other:?}"),
        }
    }

    /// #8 item 4: a repeated key gate reads is an error and the task is
    /// unreadable, from the fast path, the full parser and the fallback.
    #[test]
    fn a_repeated_key_makes_the_task_unreadable() {
        for text in [
            "---\nstatus: \"todo\"\ntitle: x\nstatus: \"done\"\n---\n",
            "---\nstatus: todo\nx: &a 1\nstatus: done\n---\n",
            "---\nstatus: todo\nx: [unclosed\nstatus: done\n---\n",
            "---\nstatus: todo\nlabels: [a]\nlabels: [security]\n---\n",
            "---\nstatus: todo\npriority: P2\npriority: P0\n---\n",
        ] {
            let findings = unreadable(text);
            let f = &findings[0];
            assert_eq!(f.code, "task/duplicate-key", "{text:?}: {findings:?}");
            assert_eq!(f.severity, Severity::Error);
            assert_eq!(f.line, Some(4), "{text:?}");
        }
    }

    /// #8 item 4: two of the status aliases are as ambiguous as one key
    /// written twice.
    #[test]
    fn two_status_aliases_make_the_task_unreadable() {
        let findings = unreadable("---\nstate: todo\ntitle: x\ncolumn: done\n---\n");
        assert_eq!(findings[0].code, "task/duplicate-key");
        assert!(
            findings[0].message.contains("`state` and `column`"),
            "{findings:?}"
        );
        assert_eq!(findings[0].line, Some(4));
    }

    /// Keys gate does not read may repeat (nested ones too): nothing reads
    /// them, so nothing is ambiguous.
    #[test]
    fn repeated_keys_gate_does_not_read_are_ignored() {
        let t = task("---\nstatus: todo\nnote: a\nnote: b\nmeta:\n  k: 1\n  k: 2\n---\n");
        assert_eq!(t.status.as_deref(), Some("todo"));
        assert!(t.findings.is_empty(), "{:?}", t.findings);
    }

    /// #8 item 19, end to end: an out-of-range float beside a quoted,
    /// commented status leaves the status as written.
    #[test]
    fn an_out_of_range_float_leaves_the_status_alone() {
        let t = task("---\nstatus: \"todo\"  # note\nbig: 1e310\n---\n");
        assert_eq!(t.status.as_deref(), Some("todo"));
        assert!(t.findings.is_empty(), "{:?}", t.findings);
        // And when the file is invalid YAML for another reason, the
        // fallback reads the quoted status as YAML would.
        let t = task("---\nstatus: \"todo\"  # note\nbad: [\n---\n");
        assert_eq!(t.status.as_deref(), Some("todo"));
        assert_eq!(codes(&t), ["task/invalid-yaml"]);
    }

    /// #9 item 14: very many keys and labels load (the duplicate checks are
    /// linear: sets, not `iter().any`).
    #[test]
    fn very_many_keys_and_labels_load() {
        use std::fmt::Write as _;
        let mut text = String::from("---\nstatus: todo\n");
        for i in 0..80_000 {
            writeln!(text, "k{i}: v").unwrap();
        }
        text.push_str("labels: [");
        for i in 0..100_000 {
            write!(text, "l{i}, ").unwrap();
        }
        text.push_str("last]\n---\n");
        let Parsed::Task(t) = parse(text.as_bytes(), "stem", &vocab(), 8 << 20) else {
            panic!("not a task");
        };
        assert_eq!(t.labels.len(), 100_001);
        // How long it takes is the benchmark's to say, not a test's: the
        // quadratic checks this replaced took seconds here.
    }

    #[test]
    fn yaml_error_lines_count_lone_carriage_returns() {
        // Found by the fuzzer: YAML breaks lines at a lone `\r`, the file
        // does not; the finding must name a line of the file.
        let text = "---\nuuid: \"1102\r\r\r\r\r-0002\"\ntitle: x\n---\n";
        let t = task(text);
        let f = &t.findings[0];
        assert_eq!(f.code, "task/invalid-yaml");
        assert!(f.line.is_some_and(|l| (1..=5).contains(&l)), "{f:?}");
    }

    #[test]
    fn bad_dates_and_priorities_warn() {
        let t = task("---\nstatus: todo\npriority: someday\ncreated_at: last tuesday\n---\n");
        assert_eq!(codes(&t), ["task/bad-date", "task/unknown-priority"]);
        assert_eq!(t.priority, Some(Priority::Unranked("someday".into())));
    }

    #[test]
    fn placeholder_detection() {
        for v in [
            "",
            "  ",
            "$(uuidgen)",
            "(uuidgen)",
            "$(date -Iseconds)",
            "${UUID}",
        ] {
            assert!(is_placeholder(v), "{v:?}");
        }
        for v in ["(draft) plan", "todo", "a666f910"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Loading never panics on arbitrary bytes, and only ever reports
        /// lines that exist in the file.
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600), fm in any::<bool>()) {
            let mut input = if fm { b"---\n".to_vec() } else { Vec::new() };
            input.extend_from_slice(&bytes);
            if fm { input.extend_from_slice(b"\n---\n"); }
            let lines = input.split(|b| *b == b'\n').count();
            let findings = match parse(input.as_slice(), "stem", &Vocabulary::default(), 1 << 20) {
                Parsed::Task(t) => t.findings,
                Parsed::NotATask(f) | Parsed::Unreadable(f) => f,
            };
            for f in findings {
                if let Some(line) = f.line {
                    prop_assert!(line >= 1 && line <= lines, "{f:?} in {lines} lines");
                }
            }
        }
    }
}
