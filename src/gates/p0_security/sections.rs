//! The P0 gate's document requirements (plan, tests, documentation):
//! a section with visible text under a heading that counts, Backlog.md's
//! plan block, or a front-matter field. Reads the task's text only.

use std::fmt::Write as _;

use serde_json::json;

use super::{Evaluation, PLAN_BLOCK, Requirement, evidence, missing};
use crate::finding::Finding;
use crate::markdown::{self, HeadingRule, Outline};
use crate::task::{Task, TaskCode, frontmatter};

/// A requirement met by a section with visible text under one of
/// `headings` (matched by its rule), by Backlog.md's plan block for the
/// plan, or by `other` evidence.
pub(super) fn section_evaluation(
    task: &Task,
    requirement: Requirement,
    (headings, rule): (&[String], HeadingRule),
    other: Option<(String, serde_json::Value)>,
    help: &str,
) -> Evaluation {
    let Some(body) = task.body() else {
        // Only tasks from the board cache have no text, and every command
        // that judges a task reads it from disk first.
        return Evaluation::Unknown(
            Finding::error(TaskCode::Io, "the task's text was not read")
                .with_help("run the command again with --no-cache"),
        );
    };
    let outline = markdown::outline(body);
    match find_section(&outline, headings, rule) {
        SectionMatch::Found { text, index } => {
            let line = task.body_line + index;
            Evaluation::Met(vec![
                evidence(
                    requirement,
                    &format!("section '{text}' (line {line})"),
                    json!({"heading": text, "line": line}),
                )
                .with_line(line),
            ])
        }
        found => {
            if requirement == Requirement::Plan
                && let Some(block) = plan_block(&outline)
            {
                let line = task.body_line + block.line;
                return Evaluation::Met(vec![
                    evidence(
                        requirement,
                        &format!("Backlog.md plan block (line {line})"),
                        json!({"block": format!("SECTION:{}", block.name), "line": line}),
                    )
                    .with_line(line),
                ]);
            }
            if let Some((message, detail)) = other {
                return Evaluation::Met(vec![evidence(requirement, &message, detail)]);
            }
            let mut help = match found {
                SectionMatch::Empty { text, index } => format!(
                    "the section '{text}' (line {}) is empty; {help}",
                    task.body_line + index
                ),
                _ => format!("{help} (headings that count: {})", headings.join(", ")),
            };
            if requirement == Requirement::Plan {
                if let Some(block) = outline.block(PLAN_BLOCK) {
                    let _ = write!(
                        help,
                        "\nBacklog.md's plan block (line {}) holds no text",
                        task.body_line + block.line
                    );
                }
                // Headings that start like a plan heading but are not one.
                let near: Vec<&str> = outline
                    .sections
                    .iter()
                    .filter(|h| {
                        let key = markdown::heading_key(&h.text);
                        let by = |rule| {
                            headings
                                .iter()
                                .any(|e| markdown::heading_matches(&key, e, rule))
                        };
                        by(HeadingRule::Words) && !by(rule)
                    })
                    .map(|h| h.text.as_str())
                    .collect();
                if !near.is_empty() {
                    let _ = write!(
                        help,
                        "\nnot plan headings (a plan heading is a whole entry, not a longer title): '{}'",
                        near.join("', '")
                    );
                }
            }
            missing(requirement, help)
        }
    }
}

/// Backlog.md's plan block, when it holds visible text.
fn plan_block(outline: &Outline) -> Option<&markdown::Block> {
    outline.block(PLAN_BLOCK).filter(|b| b.visible)
}

/// A front-matter field the loader does not keep, read again from the
/// task's text: its value when a scalar with visible text, its visible
/// items when a list; empty otherwise.
pub(super) fn front_matter_items(task: &Task, key: &str) -> Vec<String> {
    let Some(text) = task.text.as_deref() else {
        return Vec::new();
    };
    let Ok(split) = frontmatter::split(text) else {
        return Vec::new();
    };
    let entries = frontmatter::parse_yaml(split.yaml)
        .unwrap_or_else(|_| frontmatter::parse_fallback(split.yaml));
    let Some((_, value)) = entries.iter().find(|(k, _)| k == key) else {
        return Vec::new();
    };
    let items = match value {
        frontmatter::Value::Seq(items) => items
            .iter()
            .filter_map(frontmatter::Value::as_scalar)
            .collect(),
        other => other.as_scalar().into_iter().collect::<Vec<_>>(),
    };
    items
        .into_iter()
        .filter(|item| markdown::is_visible(item))
        .map(|item| item.trim().to_owned())
        .collect()
}

/// How a body answers "is there a section under one of these headings?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SectionMatch {
    /// The first matching heading with visible text; `index` is its
    /// 0-based line in the body.
    Found {
        text: String,
        index: usize,
    },
    /// Matching headings exist, all without visible text; the first one.
    Empty {
        text: String,
        index: usize,
    },
    Missing,
}

pub(super) fn find_section(
    outline: &Outline,
    entries: &[String],
    rule: HeadingRule,
) -> SectionMatch {
    let mut empty = None;
    for h in &outline.sections {
        let key = markdown::heading_key(&h.text);
        if !entries
            .iter()
            .any(|entry| markdown::heading_matches(&key, entry, rule))
        {
            continue;
        }
        if h.visible {
            return SectionMatch::Found {
                text: h.text.clone(),
                index: h.line,
            };
        }
        empty.get_or_insert((h.text.clone(), h.line));
    }
    match empty {
        Some((text, index)) => SectionMatch::Empty { text, index },
        None => SectionMatch::Missing,
    }
}
