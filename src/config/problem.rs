//! What can be wrong with a config, as typed values: [`ConfigProblem`] (one
//! variant per kind of mistake, rendering the message users see) and
//! [`Problems`], the list validation collects them in (cargo-deny's
//! `ValidationContext`), so a config with three bad settings reports all
//! three, each with its key and, in a gate.toml, its line.

use std::collections::BTreeMap;
use std::fmt;

/// ` help: did you mean …` after a message, when there is a suggestion.
fn hint(suggestion: Option<&String>) -> String {
    suggestion
        .as_ref()
        .map(|n| format!("\nhelp: did you mean `{n}`?"))
        .unwrap_or_default()
}

/// One thing wrong with a config file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub(crate) enum ConfigProblem {
    /// The file is not TOML, or a section does not fit its schema (an
    /// unknown key, a wrong type); the message is toml's, with a
    /// suggestion for an unknown key.
    #[error("{message}")]
    Toml { message: String },
    #[error("not a valid Promethean board config: {message}")]
    Promethean { message: String },
    #[error("not a valid {tool} config: {message}")]
    Tool { tool: &'static str, message: String },
    #[error("`{key}`: `{name}` is not a usable status name")]
    BadStatusName { key: &'static str, name: String },
    #[error(
        "`{key}` names status `{status}`, which is not in `{statuses_key}`{}",
        hint(suggestion.as_ref())
    )]
    UnknownStatus {
        key: String,
        status: String,
        statuses_key: &'static str,
        suggestion: Option<String>,
    },
    #[error("`workflow.aliases.{alias}`: {why}")]
    BadStatusAlias { alias: String, why: &'static str },
    #[error("`priorities.aliases.{alias}` must name P0, P1, P2 or P3, not `{target}`")]
    PriorityAliasTarget { alias: String, target: String },
    #[error("`{key}`: bad glob `{pattern}`: {error}")]
    BadGlob {
        key: &'static str,
        pattern: String,
        error: String,
    },
    #[error("`{key}`: {error}")]
    GlobSet { key: &'static str, error: String },
    #[error("`board.required_fields`: unknown field `{field}` (known: {}){}", known.join(", "), hint(suggestion.as_ref()))]
    UnknownField {
        field: String,
        known: &'static [&'static str],
        suggestion: Option<String>,
    },
    #[error("`gates.wip-limit.warn_at` must be in (0, 1], not {value}")]
    WarnAt { value: f64 },
    #[error("`wipLimits.{status}` must be a whole number, not {value}")]
    LimitNotWhole { status: String, value: String },
    #[error("`{key}`: `{priority}` is not a priority")]
    UnknownPriority { key: &'static str, priority: String },
    #[error("`gates.wip-limit.priority_allowance.{priority}` must be at least 1.0, not {factor}")]
    AllowanceBelowOne { priority: String, factor: f64 },
    #[error(
        "`{key}`: `{value}` is not a duration\nhelp: write a number and a unit: `90s`, `30m`, `12h`, `1d`, `2w`"
    )]
    BadDuration { key: &'static str, value: String },
    #[error(
        "`gates.p0-security.id_forms`: `{form}` has no `{{id}}`\nhelp: write where the id goes, e.g. `task-{{id}}`"
    )]
    IdFormWithoutId { form: String },
    #[error("`{key}`: unknown gate `{id}` (gates: {}){}", gates.join(", "), hint(suggestion.as_ref()))]
    UnknownGate {
        key: &'static str,
        id: String,
        gates: &'static [&'static str],
        suggestion: Option<String>,
    },
    #[error(
        "`audit.path = \"{path}\"` leads outside the repository\nhelp: keep the log inside the repository, or give an absolute path to keep it elsewhere"
    )]
    AuditOutside { path: String },
    /// A gate's own rule on one of its values, in its words.
    #[error("`{key}`: {message}")]
    Invalid { key: String, message: String },
    #[error("`{key}`: unknown workflow `{value}` (one of: any, forward, linear){}", hint(suggestion.as_ref()))]
    UnknownPreset {
        key: &'static str,
        value: String,
        suggestion: Option<String>,
    },
    #[error(
        "`workflow.transitions` and a workflow preset are both set: a preset is instead of a table; keep one"
    )]
    PresetAndTable,
}

impl ConfigProblem {
    /// The config key the problem is about, dotted as the file nests it
    /// (`gates.wip-limit.warn_at`), when it names one.
    pub(crate) fn key(&self) -> Option<String> {
        Some(match self {
            ConfigProblem::Toml { .. }
            | ConfigProblem::Promethean { .. }
            | ConfigProblem::Tool { .. } => return None,
            ConfigProblem::BadStatusName { key, .. }
            | ConfigProblem::BadGlob { key, .. }
            | ConfigProblem::GlobSet { key, .. }
            | ConfigProblem::UnknownPriority { key, .. }
            | ConfigProblem::BadDuration { key, .. }
            | ConfigProblem::UnknownGate { key, .. }
            | ConfigProblem::UnknownPreset { key, .. } => (*key).to_owned(),
            ConfigProblem::PresetAndTable => "workflow.transitions".to_owned(),
            ConfigProblem::UnknownStatus { key, .. } | ConfigProblem::Invalid { key, .. } => {
                key.clone()
            }
            ConfigProblem::BadStatusAlias { alias, .. } => format!("workflow.aliases.{alias}"),
            ConfigProblem::PriorityAliasTarget { alias, .. } => {
                format!("priorities.aliases.{alias}")
            }
            ConfigProblem::UnknownField { .. } => "board.required_fields".to_owned(),
            ConfigProblem::WarnAt { .. } => "gates.wip-limit.warn_at".to_owned(),
            ConfigProblem::LimitNotWhole { status, .. } => format!("wipLimits.{status}"),
            ConfigProblem::AllowanceBelowOne { priority, .. } => {
                format!("gates.wip-limit.priority_allowance.{priority}")
            }
            ConfigProblem::IdFormWithoutId { .. } => "gates.p0-security.id_forms".to_owned(),
            ConfigProblem::AuditOutside { .. } => "audit.path".to_owned(),
        })
    }
}

/// A problem and where in the file it is, when known.
#[derive(Clone, Debug, PartialEq)]
pub struct ProblemAt {
    /// 1-based line and column.
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) problem: ConfigProblem,
}

impl ProblemAt {
    pub(crate) fn new(problem: ConfigProblem) -> Self {
        ProblemAt {
            line: None,
            column: None,
            problem,
        }
    }
}

impl fmt::Display for ProblemAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        write!(f, "{}", self.problem)
    }
}

/// Several problems as one message: the first line counts them, each
/// follows on its own line (its help lines indented under it).
pub(crate) fn render(problems: &[ProblemAt]) -> String {
    match problems {
        [one] => one.to_string(),
        all => {
            let mut out = format!("{} problems", all.len());
            for p in all {
                out.push_str("\n- ");
                out.push_str(&p.to_string().replace('\n', "\n  "));
            }
            out
        }
    }
}

/// The line of every key a gate.toml sets, by its dotted path.
pub(crate) type KeyLines = BTreeMap<String, usize>;

/// The problems validation has found so far (cargo-deny's
/// `ValidationContext`): every section is validated, each problem pushed
/// here, and loading fails at the end if there are any.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<ProblemAt>,
    /// Where a gate.toml's keys are; empty for other files.
    lines: KeyLines,
}

impl Problems {
    pub(crate) fn new(lines: KeyLines) -> Self {
        Problems {
            list: Vec::new(),
            lines,
        }
    }

    /// Adds a problem, at the line of its key (or of the nearest enclosing
    /// key the file has).
    pub(crate) fn push(&mut self, problem: ConfigProblem) {
        let line = problem.key().and_then(|key| {
            let mut key = key.as_str();
            loop {
                if let Some(line) = self.lines.get(key) {
                    return Some(*line);
                }
                key = key.rsplit_once('.')?.0;
            }
        });
        self.list.push(ProblemAt {
            line,
            column: None,
            problem,
        });
    }

    /// Adds a problem whose place is already known.
    pub(crate) fn push_at(&mut self, problem: ProblemAt) {
        self.list.push(problem);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn into_vec(self) -> Vec<ProblemAt> {
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_placed_at_its_key_or_the_nearest_enclosing_one() {
        let lines = KeyLines::from([
            ("gates".to_owned(), 1),
            ("gates.wip-limit".to_owned(), 3),
            ("gates.wip-limit.warn_at".to_owned(), 4),
        ]);
        let mut problems = Problems::new(lines);
        problems.push(ConfigProblem::WarnAt { value: 2.0 });
        problems.push(ConfigProblem::AllowanceBelowOne {
            priority: "P0".to_owned(),
            factor: 0.5,
        });
        problems.push(ConfigProblem::AuditOutside {
            path: "../x".to_owned(),
        });
        let lines: Vec<Option<usize>> = problems.into_vec().iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(4), Some(3), None]);
    }

    #[test]
    fn one_problem_reads_as_before_and_several_are_listed() {
        let warn = ProblemAt {
            line: Some(4),
            column: None,
            problem: ConfigProblem::WarnAt { value: 2.0 },
        };
        assert_eq!(
            render(std::slice::from_ref(&warn)),
            "line 4: `gates.wip-limit.warn_at` must be in (0, 1], not 2"
        );
        let slack = ProblemAt::new(ConfigProblem::BadDuration {
            key: "gates.p0-security.commit_slack",
            value: "soon".to_owned(),
        });
        assert_eq!(
            render(&[warn, slack]),
            "2 problems\n- line 4: `gates.wip-limit.warn_at` must be in (0, 1], not 2\n- `gates.p0-security.commit_slack`: `soon` is not a duration\n  help: write a number and a unit: `90s`, `30m`, `12h`, `1d`, `2w`"
        );
    }

    #[test]
    fn suggestions_follow_the_message() {
        let p = ConfigProblem::UnknownStatus {
            key: "workflow.start".to_owned(),
            status: "tdo".to_owned(),
            statuses_key: "workflow.statuses",
            suggestion: Some("todo".to_owned()),
        };
        assert_eq!(
            p.to_string(),
            "`workflow.start` names status `tdo`, which is not in `workflow.statuses`\nhelp: did you mean `todo`?"
        );
    }
}
