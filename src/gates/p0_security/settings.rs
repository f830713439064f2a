//! `[gates.p0-security]`: the P0 security gate's settings.

use serde::{Deserialize, Serialize};

use crate::config::board::globs;
use crate::config::problem::{ConfigProblem, Problems};
use crate::config::sources::Sources;
use crate::config::statuses::Statuses;
use crate::config::template::{self, Template};
use crate::config::util::{parse_duration, strings};
use crate::config::{GateSection, Section, Shared};
use crate::task::Vocabulary;

/// The gate's id: its `[gates.<id>]` section.
pub(crate) const ID: &str = "p0-security";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawP0 {
    pub(crate) enabled: Option<bool>,
    pub(crate) priorities: Option<Vec<String>>,
    pub(crate) labels: Option<Vec<String>>,
    pub(crate) title_words: Option<Vec<String>>,
    pub(crate) commit_slack: Option<String>,
    pub(crate) max_commits: Option<usize>,
    pub(crate) exclude_paths: Option<Vec<String>>,
    pub(crate) code_paths: Option<Vec<String>>,
    pub(crate) plan_required_for: Option<Vec<String>>,
    pub(crate) commits_required_for: Option<Vec<String>>,
    pub(crate) review_required_for: Option<Vec<String>>,
    pub(crate) tests_required_for: Option<Vec<String>>,
    pub(crate) docs_required_for: Option<Vec<String>>,
    pub(crate) plan_headings: Option<Vec<String>>,
    pub(crate) test_headings: Option<Vec<String>>,
    pub(crate) review_labels: Option<Vec<String>>,
    pub(crate) evidence_in: Option<EvidenceIn>,
    pub(crate) id_forms: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct P0Settings {
    pub(crate) enabled: bool,
    pub(crate) priorities: Vec<String>,
    pub(crate) labels: Vec<String>,
    pub(crate) title_words: Vec<String>,
    /// Seconds before the task's creation that commits still count.
    #[serde(skip)]
    pub(crate) commit_slack_secs: i64,
    pub(crate) commit_slack: String,
    pub(crate) max_commits: usize,
    pub(crate) exclude_paths: Vec<String>,
    /// `exclude_paths`, compiled.
    #[serde(skip)]
    pub(crate) exclude_set: globset::GlobSet,
    /// When not empty, only files these match are code.
    pub(crate) code_paths: Vec<String>,
    /// `code_paths`, compiled.
    #[serde(skip)]
    pub(crate) code_set: globset::GlobSet,
    pub(crate) plan_required_for: Vec<String>,
    pub(crate) commits_required_for: Vec<String>,
    pub(crate) review_required_for: Vec<String>,
    pub(crate) tests_required_for: Vec<String>,
    pub(crate) docs_required_for: Vec<String>,
    pub(crate) plan_headings: Vec<String>,
    pub(crate) test_headings: Vec<String>,
    pub(crate) review_labels: Vec<String>,
    /// Where a commit message names a task.
    pub(crate) evidence_in: EvidenceIn,
    /// Forms an id is also written in, `{id}` standing for it
    /// (`task-{id}`); the only way a numeric id matches outside a trailer.
    pub(crate) id_forms: Vec<String>,
}

/// `gates.p0-security.evidence_in`: where a commit message names a task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum EvidenceIn {
    /// The subject, a trailer, or a body line starting with a trailer word.
    #[default]
    SubjectOrTrailer,
    /// Anywhere in the message (a whole token still).
    Anywhere,
}

const EXECUTION_STAGES: &[&str] = &["in_progress", "review", "testing", "document", "done"];

/// What `exclude_paths` is unless set: git's own files and the hook files
/// `gate hook install` may write into a tracked hooks directory.
pub(crate) const DEFAULT_EXCLUDE_PATHS: &[&str] = &[
    "**/.gitattributes",
    "**/.gitignore",
    "**/commit-msg",
    "**/*.gate-chained",
];

pub(crate) const DEFAULT_PLAN_HEADINGS: &[&str] = &[
    "implementation plan",
    "implementation details",
    "implementation",
    "technical approach",
    "technical details",
    "technical design",
    "solution design",
    "approach",
    "plan",
];
pub(crate) const DEFAULT_TEST_HEADINGS: &[&str] = &[
    "test plan",
    "test coverage",
    "testing strategy",
    "testing",
    "tests",
    "test cases",
];

impl P0Settings {
    /// Settings that put no task in scope (no priorities).
    pub(crate) fn none() -> P0Settings {
        P0Settings {
            enabled: false,
            priorities: Vec::new(),
            labels: Vec::new(),
            title_words: Vec::new(),
            commit_slack_secs: 0,
            commit_slack: String::new(),
            max_commits: 0,
            exclude_paths: Vec::new(),
            exclude_set: globset::GlobSet::empty(),
            code_paths: Vec::new(),
            code_set: globset::GlobSet::empty(),
            plan_required_for: Vec::new(),
            commits_required_for: Vec::new(),
            review_required_for: Vec::new(),
            tests_required_for: Vec::new(),
            docs_required_for: Vec::new(),
            plan_headings: Vec::new(),
            test_headings: Vec::new(),
            review_labels: Vec::new(),
            evidence_in: EvidenceIn::default(),
            id_forms: Vec::new(),
        }
    }
}

impl Section for P0Settings {
    const ID: &'static str = ID;
    type Raw = RawP0;

    fn validate(
        raw: Option<RawP0>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> P0Settings {
        sources.set("gates.p0-security", sources.from(raw.is_some()));
        let rp = raw.unwrap_or_default();
        let top_priority = match (
            &rp.priorities,
            shared.tool.and_then(|t| t.top_priority.as_ref()),
        ) {
            (None, Some(o)) => {
                sources.set("gates.p0-security.priorities", sources.tool(o.key));
                o.value.clone()
            }
            _ => "P0".to_owned(),
        };
        validate(rp, shared.statuses, shared.vocab, &top_priority, problems)
    }
}

/// `top_priority`: the board's most urgent priority, the default of
/// `priorities` (P0, or the tool's name for it).
#[allow(clippy::too_many_lines)] // each key of `[gates.p0-security]` in turn, as the docs list them
fn validate(
    r: RawP0,
    statuses: &Statuses,
    vocab: &Vocabulary,
    top_priority: &str,
    problems: &mut Problems,
) -> P0Settings {
    let mut stages = |what: &str, v: Option<Vec<String>>, default: &[&str]| -> Vec<String> {
        match v {
            Some(list) => statuses.check_all(what, &list, problems),
            // Defaults name the default workflow; keep those this board has.
            None => strings(default)
                .into_iter()
                .filter(|s| vocab.is_status(s))
                .collect(),
        }
    };
    let plan_required_for = stages(
        "gates.p0-security.plan_required_for",
        r.plan_required_for,
        EXECUTION_STAGES,
    );
    let commits_required_for = stages(
        "gates.p0-security.commits_required_for",
        r.commits_required_for,
        EXECUTION_STAGES,
    );
    let review_required_for = stages(
        "gates.p0-security.review_required_for",
        r.review_required_for,
        &["review", "testing"],
    );
    let tests_required_for = stages(
        "gates.p0-security.tests_required_for",
        r.tests_required_for,
        &["testing"],
    );
    let docs_required_for = stages(
        "gates.p0-security.docs_required_for",
        r.docs_required_for,
        &["done"],
    );
    let lower = |v: Option<Vec<String>>, default: &[&str]| -> Vec<String> {
        v.unwrap_or_else(|| strings(default))
            .iter()
            .map(|s| s.trim().to_lowercase())
            .collect()
    };
    let commit_slack = r.commit_slack.unwrap_or_else(|| "1d".to_owned());
    let commit_slack_secs = parse_duration(&commit_slack).unwrap_or_else(|| {
        problems.push(ConfigProblem::BadDuration {
            key: "gates.p0-security.commit_slack",
            value: commit_slack.clone(),
        });
        0
    });
    let mut priorities = Vec::new();
    for prio in r
        .priorities
        .unwrap_or_else(|| vec![top_priority.to_owned()])
    {
        let canonical = vocab.priority(&prio);
        if canonical.rank() == u8::MAX {
            problems.push(ConfigProblem::UnknownPriority {
                key: "gates.p0-security.priorities",
                priority: prio,
            });
            continue;
        }
        priorities.push(canonical.to_string());
    }
    let exclude_paths = r
        .exclude_paths
        .unwrap_or_else(|| strings(DEFAULT_EXCLUDE_PATHS));
    let exclude_set = globs(
        "gates.p0-security.exclude_paths",
        &exclude_paths,
        |p| p.trim_end_matches('/'),
        problems,
    );
    let code_paths = r.code_paths.unwrap_or_default();
    let code_set = globs(
        "gates.p0-security.code_paths",
        &code_paths,
        |p| p.trim_end_matches('/'),
        problems,
    );
    let id_forms = r.id_forms.unwrap_or_default();
    for bad in id_forms.iter().filter(|f| !f.contains("{id}")) {
        problems.push(ConfigProblem::IdFormWithoutId { form: bad.clone() });
    }
    P0Settings {
        enabled: r.enabled.unwrap_or(true),
        priorities,
        labels: lower(r.labels, &["security", "security-gates"]),
        title_words: lower(r.title_words, &["security", "vulnerability"]),
        commit_slack_secs,
        commit_slack,
        max_commits: r.max_commits.unwrap_or(100_000),
        exclude_paths,
        exclude_set,
        code_paths,
        code_set,
        plan_required_for,
        commits_required_for,
        review_required_for,
        tests_required_for,
        docs_required_for,
        plan_headings: lower(r.plan_headings, DEFAULT_PLAN_HEADINGS),
        test_headings: lower(r.test_headings, DEFAULT_TEST_HEADINGS),
        review_labels: lower(
            r.review_labels,
            &[
                "security-reviewed",
                "security-approved",
                "security-sign-off",
            ],
        ),
        evidence_in: r.evidence_in.unwrap_or_default(),
        id_forms,
    }
}

impl GateSection for P0Settings {
    fn id(&self) -> &'static str {
        ID
    }

    fn history_limit(&self) -> Option<usize> {
        Some(self.max_commits)
    }

    fn enabled(&self) -> bool {
        self.enabled
    }

    fn effective(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn template(&self, t: &Template<'_>) -> String {
        use template::list;
        format!(
            r"[gates.p0-security]
enabled = {enabled}
# A task is in scope when its priority is listed here AND it has one of the
# labels or one of the title words.
{priorities}
labels = {labels}
title_words = {title_words}
# Commits this long before the task was created still count as its work.
commit_slack = {commit_slack}
# Stop walking history after this many commits.
max_commits = {max_commits}
# Paths (globs) whose changes are not code evidence, besides the board's and
# gate's own files (the default: git's and gate's hook files; setting it
# replaces the default).
exclude_paths = {exclude_paths}
# When not empty, only files these globs match are code evidence.
code_paths = {code_paths}
# Which target statuses need which evidence.
plan_required_for = {plan}
commits_required_for = {commits}
review_required_for = {review}
tests_required_for = {tests}
docs_required_for = {docs}
plan_headings = {plan_headings}
test_headings = {test_headings}
review_labels = {review_labels}
# Where a commit message names a task: subject-or-trailer (the subject, a
# `Task:`/`Refs:`/`Closes:`/… trailer, or a line starting with such a word)
# or anywhere (prose too). Ids always match as whole tokens.
evidence_in = {evidence_in}
# Other forms the id is written in, e.g. ['task-{{id}}']; numeric ids (`id: 3`)
# match outside a `Task: 3` trailer only in these.
id_forms = {id_forms}
",
            enabled = self.enabled,
            priorities = t.line(
                "gates.p0-security.priorities",
                "priorities",
                &list(&self.priorities)
            ),
            labels = list(&self.labels),
            title_words = list(&self.title_words),
            commit_slack = template::string(&self.commit_slack),
            max_commits = self.max_commits,
            exclude_paths = list(&self.exclude_paths),
            code_paths = list(&self.code_paths),
            plan = list(&self.plan_required_for),
            commits = list(&self.commits_required_for),
            review = list(&self.review_required_for),
            tests = list(&self.tests_required_for),
            docs = list(&self.docs_required_for),
            plan_headings = list(&self.plan_headings),
            test_headings = list(&self.test_headings),
            review_labels = list(&self.review_labels),
            evidence_in = match self.evidence_in {
                EvidenceIn::SubjectOrTrailer => "\"subject-or-trailer\"",
                EvidenceIn::Anywhere => "\"anywhere\"",
            },
            id_forms = list(&self.id_forms),
        )
    }

    fn clone_box(&self) -> Box<dyn GateSection> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::sources::Sources;
    use crate::config::statuses::{self, RawWorkflow};
    use std::collections::BTreeMap;

    #[test]
    fn every_bad_setting_is_reported() {
        let mut sources = Sources::new(None, None);
        let mut problems = Problems::default();
        let flow = statuses::validate(
            Some(&RawWorkflow::default()),
            None,
            None,
            false,
            &mut sources,
            &mut problems,
        );
        let vocab = Vocabulary::new(flow.statuses.list.clone(), BTreeMap::new(), BTreeMap::new());
        let raw = RawP0 {
            priorities: Some(strings(&["P0", "urgent"])),
            commit_slack: Some("1y".to_owned()),
            exclude_paths: Some(strings(&["docs/", "a["])),
            review_required_for: Some(strings(&["reveiw"])),
            id_forms: Some(strings(&["task-{id}", "task-"])),
            ..RawP0::default()
        };
        let p0 = validate(raw, &flow.statuses, &vocab, "P0", &mut problems);
        let shown: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown.len(), 5, "{shown:#?}");
        assert!(shown[0].contains("names status `reveiw`"), "{shown:#?}");
        assert!(shown[1].starts_with("`gates.p0-security.commit_slack`: `1y` is not a duration"));
        assert_eq!(
            shown[2],
            "`gates.p0-security.priorities`: `urgent` is not a priority"
        );
        assert!(shown[3].starts_with("`gates.p0-security.exclude_paths`: bad glob `a[`"));
        assert!(shown[4].starts_with("`gates.p0-security.id_forms`: `task-` has no `{id}`"));
        assert_eq!(p0.priorities, ["P0"]);
        assert!(p0.exclude_set.is_match("docs"));
    }

    #[test]
    fn defaults_keep_only_the_stages_the_board_has() {
        let mut sources = Sources::new(None, None);
        let mut problems = Problems::default();
        let raw = RawWorkflow {
            statuses: Some(strings(&["todo", "in_progress", "done"])),
            ..RawWorkflow::default()
        };
        let flow = statuses::validate(Some(&raw), None, None, false, &mut sources, &mut problems);
        let vocab = Vocabulary::new(flow.statuses.list.clone(), BTreeMap::new(), BTreeMap::new());
        let p0 = validate(
            RawP0::default(),
            &flow.statuses,
            &vocab,
            "P0",
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(p0.plan_required_for, ["in_progress", "done"]);
        assert!(p0.review_required_for.is_empty());
        assert_eq!(p0.commit_slack_secs, 86_400);
    }
}
