//! The config files as written: gate.toml's schema (each section's raw type
//! lives with its section; this file composes them).
//!
//! A gate.toml is read section by section, so an unknown key in `[board]`
//! and a wrong type in `[gates.wip-limit]` are both reported; within one
//! section, a table serde refuses is read again key by key, so every bad
//! key is reported too.

use std::fmt::Write as _;

use serde::de::{DeserializeOwned, Error as _};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::audit::RawAudit;
use super::board::RawBoard;
use super::overrides::RawOverrides;
use super::priorities::RawPriorities;
use super::problem::{ConfigProblem, KeyLines, ProblemAt, Problems};
use super::statuses::RawWorkflow;
use super::util::nearest;

/// gate.toml as written. Every table denies unknown keys.
#[derive(Debug, Default)]
pub(crate) struct RawConfig {
    pub(crate) board: Option<RawBoard>,
    pub(crate) workflow: Option<RawWorkflow>,
    pub(crate) priorities: Option<RawPriorities>,
    pub(crate) gates: RawGates,
    pub(crate) overrides: Option<RawOverrides>,
    pub(crate) audit: Option<RawAudit>,
    /// `[workflow]` is there but did not fit its schema: its statuses are
    /// unknown.
    pub(crate) workflow_broken: bool,
}

/// The top-level tables of a gate.toml.
const SECTIONS: &[&str] = &[
    "board",
    "workflow",
    "priorities",
    "gates",
    "overrides",
    "audit",
];

/// `[gates.<id>]`: the raw section of each gate the file sets and whose
/// section fits its schema, by id (each read by its gate's
/// [`SectionKind`](super::section::SectionKind)).
#[derive(Debug, Default)]
pub(crate) struct RawGates {
    pub(crate) sections: Vec<(&'static str, Box<dyn std::any::Any>)>,
}

impl RawGates {
    /// The raw section of gate `id`, taken out.
    pub(crate) fn take(&mut self, id: &str) -> Option<Box<dyn std::any::Any>> {
        let at = self.sections.iter().position(|(k, _)| *k == id)?;
        Some(self.sections.remove(at).1)
    }
}

mod schema {
    /// `[gates]` as serde names it when it is not a table.
    #[derive(serde::Deserialize)]
    pub(super) struct RawGates {}
}

/// How a gate's `[gates.<id>]` table is read into its raw type (boxed),
/// pushing its problems.
pub(crate) type ReadSection =
    fn(RawSection<'_, '_>, &mut Problems) -> Option<Box<dyn std::any::Any>>;

/// The `[gates.<id>]` sections a gate.toml may have: every gate's id, and
/// how each table is read.
pub(crate) struct GateTables<'r> {
    pub(crate) ids: &'static [&'static str],
    pub(crate) read: &'r [(&'static str, ReadSection)],
}

/// One table of a gate.toml, still to be read into its raw type.
pub(crate) struct RawSection<'v, 't> {
    value: Spanned<DeValue<'v>>,
    text: &'t Text<'t>,
}

impl RawSection<'_, '_> {
    /// The section read into `T`, or its problems.
    pub(crate) fn read<T: DeserializeOwned>(self, problems: &mut Problems) -> Option<T> {
        section(self.value, self.text, problems)
    }
}

/// Reads a gate.toml: the sections that fit their schema, the problems of
/// those that do not, and the line of every key (for later problems).
/// `gates` says which `[gates.<id>]` sections there are.
pub(crate) fn parse_toml(text: &str, gates: &GateTables<'_>) -> (RawConfig, Problems) {
    let mut raw = RawConfig::default();
    let text = &Text::new(text);
    let root = match DeTable::parse(text.text) {
        Ok(root) => root,
        Err(e) => {
            let mut problems = Problems::default();
            problems.push_at(toml_problem(e.message(), e.span(), text));
            return (raw, problems);
        }
    };
    let mut lines = KeyLines::new();
    key_lines(root.get_ref(), "", text, &mut lines);
    let mut problems = Problems::new(lines);
    for (key, value) in root.into_inner() {
        match key.get_ref().as_ref() {
            "board" => raw.board = section(value, text, &mut problems),
            "workflow" => {
                // `workflow = "forward"`: a preset, the statuses the board's.
                if let DeValue::String(preset) = value.get_ref() {
                    raw.workflow = Some(RawWorkflow {
                        preset: Some(preset.to_string()),
                        shorthand: true,
                        ..RawWorkflow::default()
                    });
                    continue;
                }
                raw.workflow = section(value, text, &mut problems);
                raw.workflow_broken = raw.workflow.is_none();
            }
            "priorities" => raw.priorities = section(value, text, &mut problems),
            "overrides" => raw.overrides = section(value, text, &mut problems),
            "audit" => raw.audit = section(value, text, &mut problems),
            "gates" => raw.gates = gates_of(value, gates, text, &mut problems),
            other => unknown(other, SECTIONS, key.span(), text, &mut problems),
        }
    }
    (raw, problems)
}

/// `[gates]`: each gate's section on its own, when it is a table.
fn gates_of(
    value: Spanned<DeValue<'_>>,
    registry: &GateTables<'_>,
    text: &Text<'_>,
    problems: &mut Problems,
) -> RawGates {
    if !value.get_ref().is_table() {
        // Not a table: serde says what was expected.
        let _ = section::<schema::RawGates>(value, text, problems);
        return RawGates::default();
    }
    let DeValue::Table(table) = value.into_inner() else {
        return RawGates::default();
    };
    let mut gates = RawGates::default();
    for (key, value) in table {
        let id = key.get_ref().as_ref();
        match registry.read.iter().find(|(known, _)| *known == id) {
            Some(&(id, read)) => {
                if let Some(raw) = read(RawSection { value, text }, problems) {
                    gates.sections.push((id, raw));
                }
            }
            None => unknown(id, registry.ids, key.span(), text, problems),
        }
    }
    gates
}

/// One section read into its raw type, or its problem.
fn section<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    text: &Text<'_>,
    problems: &mut Problems,
) -> Option<T> {
    let span = value.span();
    let whole = value.clone();
    match T::deserialize(ValueDeserializer::from(whole)) {
        Ok(section) => Some(section),
        Err(e) => {
            // serde stops at the first problem of a table: ask again key by
            // key, so that every bad key of the section is reported.
            let mut found = false;
            if let DeValue::Table(table) = value.into_inner() {
                for (key, entry) in table {
                    let mut one = DeTable::new();
                    one.insert(key, entry);
                    let alone = Spanned::new(span.clone(), DeValue::Table(one));
                    if let Err(e) = T::deserialize(ValueDeserializer::from(alone)) {
                        problems.push_at(toml_problem(e.message(), e.span(), text));
                        found = true;
                    }
                }
            }
            if !found {
                problems.push_at(toml_problem(e.message(), e.span(), text));
            }
            None
        }
    }
}

/// A key no section has, worded as serde words it.
fn unknown(
    key: &str,
    expected: &'static [&'static str],
    span: std::ops::Range<usize>,
    text: &Text<'_>,
    problems: &mut Problems,
) {
    let e = toml::de::Error::unknown_field(key, expected);
    problems.push_at(toml_problem(e.message(), Some(span), text));
}

/// A toml error as one readable problem, with "did you mean" for unknown
/// keys, at the line and column of its span.
fn toml_problem(message: &str, span: Option<std::ops::Range<usize>>, text: &Text<'_>) -> ProblemAt {
    let mut message = message.trim().to_owned();
    if let Some(suggestion) = unknown_field_suggestion(&message) {
        let _ = write!(message, "\nhelp: did you mean `{suggestion}`?");
    }
    let (line, column) = span
        .map(|span| text.position(span.start))
        .map_or((None, None), |(l, c)| (Some(l), Some(c)));
    ProblemAt {
        line,
        column,
        problem: ConfigProblem::Toml { message },
    }
}

fn unknown_field_suggestion(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    nearest(field, candidates.iter().copied())
}

/// A gate.toml's text and where its lines start, so that placing each of
/// its keys does not count the lines before it again.
struct Text<'a> {
    text: &'a str,
    /// The byte offset of each line's start, in order.
    starts: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(n, _)| n + 1))
            .collect();
        Text { text, starts }
    }

    /// The 1-based line of byte `at`.
    fn line(&self, at: usize) -> usize {
        self.starts.partition_point(|&start| start <= at)
    }

    /// The 1-based line and column (in characters) of byte `at`, as toml
    /// counts them.
    fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let line = self.line(at);
        let start = self.starts[line - 1];
        let column = self.text.get(start..at).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// Records the line of every key below `table`, by its dotted path.
fn key_lines(table: &DeTable<'_>, prefix: &str, text: &Text<'_>, out: &mut KeyLines) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        out.insert(path.clone(), text.line(key.span().start));
        if let DeValue::Table(inner) = value.get_ref() {
            key_lines(inner, &path, text, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (RawConfig, Problems) {
        let sections = crate::config::section::tables(&crate::gates::REGISTRY);
        parse_toml(text, &sections.tables())
    }

    #[test]
    fn every_section_is_read_and_each_bad_one_reported() {
        let text = "[board]\ntasks_dirr = \"x\"\n\n[gates.wip-limit]\nwarn_at = \"high\"\n\n[gates.transition]\nenabled = false\n[gatez]\n";
        let (mut raw, problems) = parse(text);
        let transition = raw
            .gates
            .take("transition")
            .expect("a good section is kept");
        let transition = transition
            .downcast::<crate::gates::transition::settings::RawTransition>()
            .unwrap();
        assert_eq!(transition.enabled, Some(false));
        let problems = problems.into_vec();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("line 2, column 1: unknown field `tasks_dirr`")
                && shown[0].ends_with("help: did you mean `tasks_dir`?"),
            "{shown:#?}"
        );
        assert!(shown[1].starts_with("line 5, column 11: "), "{shown:#?}");
        assert!(
            shown[2]
                .starts_with("line 9, column 2: unknown field `gatez`, expected one of `board`"),
            "{shown:#?}"
        );
    }

    #[test]
    fn every_bad_key_of_a_section_is_reported() {
        let text = "[gates.p0-security]\nevidence_in = \"body\"\nmax_commits = \"many\"\nenabled = true\ncommit_slack = 5\n";
        let (mut raw, problems) = parse(text);
        assert!(
            raw.gates.take("p0-security").is_none(),
            "a bad section is not used"
        );
        let mut lines: Vec<Option<usize>> = problems.into_vec().iter().map(|p| p.line).collect();
        lines.sort_unstable();
        assert_eq!(lines, [Some(2), Some(3), Some(5)]);
        // A section that is not a table at all: serde's one problem.
        let (_, problems) = parse("board = 3\n");
        assert_eq!(problems.into_vec().len(), 1);
    }

    #[test]
    fn keys_have_lines() {
        let (_, problems) = parse("[audit]\n\npath = \"x\"\n");
        let mut problems = problems;
        problems.push(ConfigProblem::AuditOutside {
            path: "x".to_owned(),
        });
        assert_eq!(problems.into_vec()[0].line, Some(3));
    }

    #[test]
    fn a_syntax_error_is_one_problem_with_its_place() {
        let (_, problems) = parse("[board\n");
        let problems = problems.into_vec();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(Text::new("ab\ncé\nx").position(6), (2, 3));
        assert_eq!(Text::new("ab\r\ncé\r\n").position(4), (2, 1));
        assert_eq!(Text::new("ab\n").position(3), (2, 1));
        assert_eq!(Text::new("").position(0), (1, 1));
    }
}
