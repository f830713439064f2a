//! # `p0-security`
//!
//! **What it checks**: that a P0 security task does not move forward on
//! paper while the work it claims does not exist. A task is in scope when
//! its canonical priority is in `priorities` and it has a label in `labels`
//! or a whole word of its title in `title_words`. Each requirement applies
//! when the target status is in its list:
//!
//! | requirement | default targets | evidence |
//! |---|---|---|
//! | implementation plan | `in_progress` … `done` | a section with visible text under a heading that is a `plan_headings` entry (whole words), Backlog.md's `SECTION:PLAN` block with text, or front-matter `implementation_plan` |
//! | code changes | `in_progress` … `done` | a commit reachable from `--rev` (HEAD), not older than the task's creation minus `commit_slack`, naming the task (see [`crate::git::evidence::message`]), changing code: a content change (not mode only, a pure rename, whitespace only or an empty file) to a file outside the board's files (tasks directory, the board tool's folder and config), gate's own files and `exclude_paths`, and inside `code_paths` when set |
//! | security review | review, testing | a `review_labels` label, or `security_review: approved`/`completed`/`true` |
//! | test coverage | testing | a section with visible text under a heading starting with the words of a `test_headings` entry, or `coverage_report` |
//! | documentation | done | a section with visible text under a heading starting with the word `documentation` or `docs`, a non-empty front-matter `documentation` list, or the label `documented` |
//!
//! Headings and sections are read by the `markdown` submodule (`CommonMark`, via
//! `pulldown-cmark`); headings compare after NFKC, without format characters,
//! case-insensitively, with leading emoji, punctuation and numbering
//! ignored. Every unmet requirement is listed; what satisfied the others is
//! shown as `p0-security/evidence` info findings (a passing gate shows them
//! too). A move back to an earlier column (in `workflow.statuses` order)
//! needs no evidence and the gate skips it.
//!
//! Git is read in-process, read-only, and only when the code-changes
//! requirement applies. The walk goes newest first and stops at the first
//! commit older than the lower bound, after `max_commits`, once five
//! evidence commits are found, or 200 commits after the first one (the
//! answer is known by then; the rest only illustrates it). A shallow clone
//! whose history ends before the bound is an error (`p0-security/shallow-history`), never a false
//! "no commits", and so is a walk that `max_commits` ended before the bound
//! (`p0-security/search-limit`); no repository or no commits is
//! `p0-security/no-git`.
//!
//! **Why**: a P0 security task that reads "in progress" or "done" while no
//! code exists tells everyone the hole is being closed when it is not.
//! Commits that only edit task files — the ones kanban tools write on every
//! status change — are exactly how that happens, so they never count.
//!
//! **Configuration**: `[gates.p0-security]` `enabled`, `priorities`,
//! `labels`, `title_words`, `commit_slack` (default `1d`), `max_commits`
//! (default 100 000), `exclude_paths` (globs relative to the repository
//! root), `evidence_in`, `id_forms`, `plan_required_for`, `commits_required_for`,
//! `review_required_for`, `tests_required_for`, `docs_required_for`,
//! `plan_headings`, `test_headings`, `review_labels`; `gate check --rev`.
//!
//! **Example**: `gate check harden-tokens --to in_progress` on a P0
//! `security` task without an `## Implementation Plan` section and without
//! a commit naming its id fails with `p0-security/no-implementation-plan`
//! and `p0-security/no-code-changes`.
//!
//! For reports of tasks "at their current stage", [`assess`] evaluates the
//! requirements of one stage and returns every requirement's result.

mod commits;

mod sections;
pub(crate) mod settings;
mod table;

use serde_json::json;

use self::commits::commit_evaluation;
use self::commits::{prefetch_commit_evidence, transition_walk};
use self::sections::{front_matter_items, section_evaluation};
use super::{Gate, GateContext, GateDoc, Verdict};
use crate::config::{SectionKind, Settings};
use crate::finding::{Finding, Severity};
use crate::markdown::HeadingRule;
use crate::task::Task;
pub(crate) use settings::P0Settings;

/// The gate over its settings.
pub(crate) struct P0SecurityGate<'s>(&'s P0Settings);

/// The gate's settings in `settings`; without its section (settings read
/// without the registry), settings that put no task in scope.
pub(crate) fn settings_of(settings: &Settings) -> &P0Settings {
    static NONE: std::sync::LazyLock<P0Settings> = std::sync::LazyLock::new(P0Settings::none);
    settings.section().unwrap_or(&NONE)
}

/// The gate's id.
pub(crate) const ID: &str = settings::ID;

/// Evidence commits listed before the walk stops.
const ENOUGH_COMMITS: usize = 5;

/// Commits read after the first evidence commit, looking for more.
const LINGER_COMMITS: usize = 200;

const DOC_HEADINGS: &[&str] = &["documentation", "docs"];
/// Backlog.md's front-matter list of documents.
const DOC_FIELD: &str = "documentation";
/// A front-matter field holding the plan itself.
const PLAN_FIELD: &str = "implementation_plan";
/// Backlog.md's `<!-- SECTION:PLAN:BEGIN -->` block.
const PLAN_BLOCK: &str = "PLAN";
const DOC_LABEL: &str = "documented";
const REVIEW_VALUES: &[&str] = &["approved", "completed", "true"];

pub(crate) const DOC: &str = "Keeps a P0 security task from moving forward on paper while the work does not exist. In scope: canonical priority in `priorities` (P0) and a label in `labels` (security, security-gates) or a whole title word in `title_words` (security, vulnerability); other tasks skip. Each requirement applies when the target status is in its list: an implementation plan (visible text under a heading such as `## Implementation Plan` — whole words, so `Implementation Notes` is not one — or Backlog.md's plan block) and code changes (a commit reachable from HEAD or `--rev`, not older than the task's creation minus `commit_slack`, whose subject or trailer names the task id as a whole token and that changes code: the content of a file outside the board's files, gate's own files and `exclude_paths`) from in_progress on; a security review (label `security-reviewed` or `security_review: approved`) for review and testing; a test plan or `coverage_report` for testing; documentation for done. All unmet requirements are listed; the evidence found is shown as `p0-security/evidence`. Moving back to an earlier column needs no evidence.\n\nGit is read in-process and read-only, only when commits are needed; the walk is bounded by the task's age and `max_commits`. Configure with `[gates.p0-security]` (`priorities`, `labels`, `title_words`, `commit_slack`, `max_commits`, `exclude_paths`, `code_paths`, `evidence_in`, `id_forms`, `*_required_for`, `plan_headings`, `test_headings`, `review_labels`).";

/// The gate, as the registry lists it.
pub(crate) const GATE: GateDoc = GateDoc {
    id: ID,
    summary: "P0 security tasks need a plan, commits, review, tests and docs as they advance",
    doc: DOC,
    codes: CODES,
    section: SectionKind::of::<P0Settings>(),
    new: |s| Some(Box::new(P0SecurityGate(super::own(s)?))),
    table: Some(&table::TABLE),
};

crate::finding::declare_codes! {
    /// The codes of the P0 security gate's findings.
    pub(crate) enum P0Code in CODES {
        NoImplementationPlan = "p0-security/no-implementation-plan", Error,
            "P0 security tasks require an implementation plan before starting work",
            "Add a Markdown heading (ATX `##` or setext) that is one of `plan_headings` (default: implementation plan, implementation details, implementation, technical approach, technical details, technical design, solution design, approach, plan) and write the plan under it. The heading must be the entry's whole words — `Implementation Notes` or `Planetary` are not plans; a subtitle after `:` or a dash and a trailing parenthesis are allowed (`Plan: phase 1`, `Implementation Plan (v2)`). Case, Unicode compatibility forms (NFKC), format characters (zero-width spaces), leading emoji, punctuation and numbering are ignored. Headings inside code fences or HTML comments do not count, nor does a section without visible text before the next heading of its level: comments, markup (`<br>`, `&nbsp;`), zero-width characters, a lone `-` and empty code fences are not text. Also satisfied by Backlog.md's `<!-- SECTION:PLAN:BEGIN -->` … `END` block holding visible text, or by a front-matter `implementation_plan` value. Required for `plan_required_for` (default in_progress, review, testing, document, done).";
        NoCodeChanges = "p0-security/no-code-changes", Error,
            "P0 security tasks require committed code changes to move to in-progress",
            "Commit the work naming the task: its id as a whole token (any case; `BACK-56` is not named by `BACK-565` or `BACK-56.1`) in the subject, in a git trailer `Task:`, `Refs:`, `Ref:`, `Closes:`, `Fixes:`, `Resolves:`, `Implements:` or `Part-of:` (the message's last paragraph, as `git interpret-trailers` reads it), or on a body line starting with one of those words (`Refs BACK-56`). A trailer or keyword line names only the ids its keyword governs: the list right after it, items separated by commas, `and`, `&` or spaces, possibly in brackets or quotes; the first item may be any word, every later one must hold a digit, `-` or `_`, and the list ends at the first word that is not an id or a separator, after an item followed by `.`, `:`, `;`, `!`, `?` or a bracket it did not open, and at a bracket opened after the first item (`Task A done; B is still open` names only A; `Refs: A, B` names both). A mention in the body's prose does not count (`evidence_in = \"anywhere\"` allows it). An id of digits only (`id: 3`) counts only as a trailer item (`Task: 3`) or in a form from `id_forms` (`task-{id}`). The commit must be reachable from HEAD (or `--rev`; in `gate ci` from the commit being judged), committed no earlier than the task's created time minus `commit_slack` (default 1d), and change code: the content of a file outside the board's files (the tasks directory, the board tool's config and its own folder — Backlog.md's `backlog/` with drafts, completed and archive, kanban-md's `kanban/`), gate's own files (the audit log, the config file, `.gate/`, any `gate.toml`) and `exclude_paths` (default: `**/.gitattributes`, `**/.gitignore` and the hook files `gate hook install` writes), and matched by `code_paths` when that is set. A change of mode only, a pure rename, a whitespace-only change and an empty (or blank) file added or deleted are no content change. Commits that only edit task files, as kanban tools write on every status change, are not evidence; the evidence line names the file that made a commit count. The help and `evidence.not_counted` list the newest few commits that mention the id but do not count, each with its reason (`only-task-files`, `only-gate-files`, `only-excluded-paths`, `no-content-change`, `only-non-code-paths`, `no-changes`, `prose`, `unlisted`, `longer-id`, `bare-number`). Required for `commits_required_for` (default in_progress, review, testing, document, done).";
        NoSecurityReview = "p0-security/no-security-review", Error,
            "P0 security tasks require completed security review before testing",
            "Once the security review is done, add a label from `review_labels` (default security-reviewed, security-approved, security-sign-off) or set `security_review: approved` (or `completed`, `true`) in the front-matter. Required for `review_required_for` (default review, testing).";
        NoTestCoverage = "p0-security/no-test-coverage", Error,
            "P0 security tasks require defined test coverage plan before testing",
            "Add a section with visible text whose heading starts with the whole words of one of `test_headings` (default: test plan, test coverage, testing strategy, testing, tests, test cases; `Testing Strategy` counts for `testing`, `Testable` does not), or set `coverage_report` in the front-matter (e.g. a path or URL). Required for `tests_required_for` (default testing).";
        NoDocumentation = "p0-security/no-documentation", Error,
            "P0 security tasks require updated documentation before completion",
            "Add a section with visible text whose heading starts with the word `documentation` or `docs` saying what was documented, a non-empty front-matter `documentation:` list (Backlog.md's list of documents), or the label `documented`. Required for `docs_required_for` (default done).";
        Evidence = "p0-security/evidence", Info,
            "what satisfied a requirement: a section, a label, a commit",
            "Shown for every met requirement, on passing and failing gates alike: the section and its line, the label or front-matter field, or each commit (short sha and subject; `evidence` holds the full sha and time) that names the task and changes code. Newest first; the search lists at most five, and looks at most 200 commits past the first one it finds.";
        LeftScope = "p0-security/left-scope", Error,
            "a change takes a P0 security task out of scope while its stage's requirements are unmet",
            "A task is judged in scope when it is a P0 security task before or after a change, so a commit that lowers the priority (or drops the `security` label or title word) while moving the task is judged as a P0 move. A change that only takes the task out of scope while it sits at a stage whose requirements are unmet is itself blocked, in `check --staged`, `ci` and the compliance report: meet the requirements first, or restore the priority or label. Overridable where `p0-security` is in `overrides.allowed`.";
        ShallowHistory = "p0-security/shallow-history", Error,
            "the clone is shallow and its history ends before the task was created",
            "No commit naming the task was found, but the history stops at a shallow-clone boundary newer than the search's lower bound, so the answer is unknown: gate does not report a false \"no commits\". Fetch the full history (`git fetch --unshallow`; in GitHub Actions `actions/checkout` with `fetch-depth: 0`). Exit code 2; cannot be overridden.";
        SearchLimit = "p0-security/search-limit", Error,
            "`max_commits` ended the commit search before it could answer",
            "No commit naming the task was found in the newest `max_commits` commits, and older commits that might hold the evidence were not read: the task has no created date, or more than `max_commits` commits are newer than its creation minus `commit_slack`. \"No code changes\" is not known, so gate does not say it. Raise `gates.p0-security.max_commits`, or give the task a `created` date (the search then stops there). Exit code 2; cannot be overridden.";
        NoGit = "p0-security/no-git", Error,
            "commit evidence is needed but there is no repository or no commit",
            "The repository root (the git work-tree top containing the working directory, or `-C <DIR>`) is not a git repository, or its HEAD has no commits yet. Run gate inside the repository that holds the board. Only moves whose target needs code changes open git. Exit code 2; cannot be overridden.";
        GitError = "p0-security/git-error", Error,
            "the repository could not be read, or `--rev` names no commit",
            "The message gives git's reason: an unknown revision passed to `--rev`, or a damaged repository. Exit code 2; cannot be overridden.";
    }
}

/// One requirement of the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Requirement {
    Plan,
    CodeChanges,
    SecurityReview,
    TestCoverage,
    Documentation,
}

impl Requirement {
    /// In the order they are checked and reported.
    pub(crate) const ALL: [Requirement; 5] = [
        Requirement::Plan,
        Requirement::CodeChanges,
        Requirement::SecurityReview,
        Requirement::TestCoverage,
        Requirement::Documentation,
    ];

    /// The finding code when it is not met.
    pub(crate) fn code(self) -> P0Code {
        match self {
            Requirement::Plan => P0Code::NoImplementationPlan,
            Requirement::CodeChanges => P0Code::NoCodeChanges,
            Requirement::SecurityReview => P0Code::NoSecurityReview,
            Requirement::TestCoverage => P0Code::NoTestCoverage,
            Requirement::Documentation => P0Code::NoDocumentation,
        }
    }

    /// The message when it is not met (SPEC §4.2): its code's summary.
    pub(crate) fn message(self) -> &'static str {
        self.code().doc().summary
    }

    /// [`Requirement::message`] in the board's words: on a board tool's
    /// board, the priority as the tool names it (`high security tasks`,
    /// not `P0`) and the status as the board spells it (`'In Progress'`).
    /// Gate's own boards keep the spec's text.
    pub(crate) fn message_on(self, settings: &crate::config::Settings, p0: &P0Settings) -> String {
        let text = self.message();
        if settings.priority_words.is_empty() {
            return text.to_owned();
        }
        let words: Vec<String> = p0
            .priorities
            .iter()
            .map(|p| settings.priority_name(&settings.vocab.priority(p)))
            .collect();
        let mut text = text.replacen(
            "P0 security tasks",
            &format!("{} security tasks", words.join("/")),
            1,
        );
        if let Some(first) = self.required_for(p0).first() {
            text = text.replacen(
                "in-progress",
                &format!("'{}'", settings.workflow.name(first)),
                1,
            );
        }
        text
    }

    /// Stable name in evidence JSON.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Requirement::Plan => "implementation-plan",
            Requirement::CodeChanges => "code-changes",
            Requirement::SecurityReview => "security-review",
            Requirement::TestCoverage => "test-coverage",
            Requirement::Documentation => "documentation",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Requirement::Plan => "implementation plan",
            Requirement::CodeChanges => "code change",
            Requirement::SecurityReview => "security review",
            Requirement::TestCoverage => "test coverage",
            Requirement::Documentation => "documentation",
        }
    }

    /// The statuses at which it applies.
    pub(crate) fn required_for(self, p0: &P0Settings) -> &[String] {
        match self {
            Requirement::Plan => &p0.plan_required_for,
            Requirement::CodeChanges => &p0.commits_required_for,
            Requirement::SecurityReview => &p0.review_required_for,
            Requirement::TestCoverage => &p0.tests_required_for,
            Requirement::Documentation => &p0.docs_required_for,
        }
    }
}

/// The result of one requirement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Evaluation {
    /// Met; info findings show the evidence.
    Met(Vec<Finding>),
    /// Not met; the error finding says what is missing.
    Missing(Finding),
    /// Could not be evaluated (git could not answer).
    Unknown(Finding),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Check {
    pub requirement: Requirement,
    pub evaluation: Evaluation,
}

/// A task judged at one stage.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Assessment {
    /// Not a P0 security task; the reason says why.
    OutOfScope(String),
    /// In scope: every requirement that applies at the stage, in
    /// [`Requirement::ALL`] order (empty when none applies).
    Checked(Vec<Check>),
}

impl Gate for P0SecurityGate<'_> {
    fn doc(&self) -> &'static GateDoc {
        &GATE
    }

    fn prefetch(&self, moves: &[GateContext<'_>]) {
        // Not with a pending commit, which may be the evidence itself; not
        // for one walk, which the gate makes as cheaply.
        if moves.iter().any(|m| m.pending.is_some()) {
            return;
        }
        let walks: Vec<(String, Option<i64>)> = moves.iter().filter_map(transition_walk).collect();
        if let (true, Some(first)) = (walks.len() > 1, moves.first()) {
            prefetch_commit_evidence(first.settings, first.git, &walks);
        }
    }

    fn unmoved(&self, ctx: &GateContext<'_>) -> Option<Verdict> {
        let p0 = self.0;
        if scope(ctx.previous?, p0, ctx.settings).is_err() {
            return None;
        }
        let why_out = scope(ctx.task, p0, ctx.settings).err()?;
        let status = ctx.to;
        let Assessment::Checked(checks) = assess(ctx, status) else {
            return None;
        };
        let unmet: Vec<&str> = checks
            .iter()
            .filter(|c| !matches!(c.evaluation, Evaluation::Met(_)))
            .map(|c| c.requirement.label())
            .collect();
        if unmet.is_empty() {
            return None;
        }
        let finding = Finding::error(
            P0Code::LeftScope,
            format!(
                "the task leaves the P0 security scope ({}) while at '{status}' with unmet requirements: {}",
                why_out.trim_start_matches("not a P0 security task: "),
                unmet.join(", ")
            ),
        )
        .with_help(
            "restore the priority, labels or title, or meet the stage's requirements first; \
             a P0 task does not leave the gate's scope with work outstanding",
        );
        Some(Verdict::Fail(vec![finding]))
    }

    fn row(&self, ctx: &GateContext<'_>) -> Option<super::table::Row> {
        // A task the work tree took out of scope (HEAD has it in scope)
        // with its stage's requirements unmet is judged as leaving
        // (`left-scope`); any other as it stands.
        let verdict = self.unmoved(ctx).unwrap_or_else(|| self.evaluate(ctx));
        let result = super::judge(ID, verdict, &super::Policy::default());
        // A skip is out of scope, unless the task is in scope and simply
        // at a stage with no requirement: that task is listed, with none.
        if result.verdict == super::VerdictKind::Skip && scope_of(ctx).is_err() {
            return None;
        }
        Some(table::row(ctx.to, result, self.0))
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        if let Err(reason) = scope_of(ctx) {
            return Verdict::Skip(reason);
        }
        if let Some(from) = ctx.from
            && is_backward(&ctx.settings.workflow.statuses, from, ctx.to)
        {
            return Verdict::Skip(format!(
                "moving back from '{from}' to '{}' needs no evidence",
                ctx.to
            ));
        }
        let stages = stages_through(&ctx.settings.workflow, ctx.from, ctx.to);
        verdict(ctx.to, assess_through(ctx, &stages))
    }
}

/// Whether `task` is a P0 security task; `Err` says why not.
pub(crate) fn scope(
    task: &Task,
    p0: &P0Settings,
    settings: &crate::config::Settings,
) -> Result<(), String> {
    match &task.priority {
        Some(p) if p0.priorities.iter().any(|want| *want == p.to_string()) => {}
        Some(p) => {
            return Err(format!(
                "not a P0 security task: priority {}",
                settings.priority_name(p)
            ));
        }
        None => return Err("not a P0 security task: no priority".to_owned()),
    }
    if task.has_label(&p0.labels) || has_title_word(&task.title, &p0.title_words) {
        Ok(())
    } else {
        Err("not a P0 security task: no security label or title word".to_owned())
    }
}

/// Whether the task in `ctx` is in scope: it is, if it is a P0 security
/// task before or after the change, or at the base of the change under
/// review (a change cannot lower the priority to dodge the gate, nor a
/// pull request in an earlier commit). `Err` says why not.
pub(crate) fn scope_of(ctx: &GateContext<'_>) -> Result<(), String> {
    let p0 = settings_of(ctx.settings);
    scope(ctx.task, p0, ctx.settings).or_else(|why| {
        if before(ctx).any(|t| scope(t, p0, ctx.settings).is_ok()) {
            Ok(())
        } else {
            Err(why)
        }
    })
}

/// The task's states before the change in `ctx`: before the commit, and
/// every copy at the base of the change under review.
pub(super) fn before<'a>(ctx: &GateContext<'a>) -> impl Iterator<Item = &'a Task> {
    ctx.previous.into_iter().chain(ctx.origin)
}

/// Whether a whole word (or phrase) of `title` is one of `words`.
fn has_title_word(title: &str, words: &[String]) -> bool {
    // Folded (NFKC, no format characters, lowercase): a zero-width space
    // inside `security` does not take the task out of scope (#8 item 13).
    let fold = crate::task::normalize::fold_text;
    let title = fold(title);
    words
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.is_empty())
        .any(|word| {
            title.match_indices(word.as_str()).any(|(at, m)| {
                let before = title[..at].chars().next_back();
                let after = title[at + m.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
}

/// Whether `to` comes before `from` in the board's column order.
fn is_backward(statuses: &[String], from: &str, to: &str) -> bool {
    let at = |s: &str| statuses.iter().position(|x| x == s);
    matches!((at(from), at(to)), (Some(f), Some(t)) if t < f)
}

/// Judges the task in `ctx` at `stage`: every requirement whose list holds
/// `stage`. This is the gate without its backward-move rule, for reports
/// of tasks at their current stage (`stage` = the current status). Git is
/// opened only if the code-changes requirement applies.
pub(crate) fn assess(ctx: &GateContext<'_>, stage: &str) -> Assessment {
    assess_through(ctx, &[stage])
}

/// The stages a move from `from` to `to` reaches, for the requirements
/// that apply: the P0 gate is cumulative, so a jump meets every stage's
/// requirements on the way (`To Do` → `Done` needs what `In Progress`
/// needs too). Every status after `from` up to `to` in board order (from
/// the first status for a new task, or one from a status the board lacks),
/// leaving out rejected-like statuses on the way; `to` alone when it is
/// rejected-like, not on the board, or not after `from`.
pub(crate) fn stages_through<'a>(
    workflow: &'a crate::config::workflow::Workflow,
    from: Option<&str>,
    to: &'a str,
) -> Vec<&'a str> {
    let at = |s: &str| workflow.statuses.iter().position(|x| x == s);
    let Some(end) = at(to).filter(|_| !workflow.is_rejected_like(to)) else {
        return vec![to];
    };
    let begin = match from.and_then(at) {
        Some(f) if f < end => f + 1,
        Some(_) => return vec![to],
        None => 0,
    };
    workflow.statuses[begin..=end]
        .iter()
        .map(String::as_str)
        .filter(|s| *s == to || !workflow.is_rejected_like(s))
        .collect()
}

/// [`assess`] for a move reaching `stages` ([`stages_through`]): every
/// requirement whose list holds one of them.
pub(crate) fn assess_through(ctx: &GateContext<'_>, stages: &[&str]) -> Assessment {
    let p0 = settings_of(ctx.settings);
    if let Err(reason) = scope_of(ctx) {
        return Assessment::OutOfScope(reason);
    }
    let checks = Requirement::ALL
        .into_iter()
        .filter(|r| {
            r.required_for(p0)
                .iter()
                .any(|s| stages.contains(&s.as_str()))
        })
        .map(|requirement| Check {
            requirement,
            evaluation: match evaluate_requirement(ctx, requirement) {
                Evaluation::Missing(mut finding) => {
                    finding.message = requirement.message_on(ctx.settings, p0);
                    Evaluation::Missing(finding)
                }
                other => other,
            },
        })
        .collect();
    Assessment::Checked(checks)
}

/// The gate's verdict for an assessment at `stage`.
pub(crate) fn verdict(stage: &str, assessment: Assessment) -> Verdict {
    let checks = match assessment {
        Assessment::OutOfScope(reason) => return Verdict::Skip(reason),
        Assessment::Checked(checks) if checks.is_empty() => {
            return Verdict::Skip(format!("no P0 security requirement applies to '{stage}'"));
        }
        Assessment::Checked(checks) => checks,
    };
    let mut unknown = Vec::new();
    let mut missing = Vec::new();
    let mut evidence = Vec::new();
    for check in checks {
        match check.evaluation {
            Evaluation::Met(found) => evidence.extend(found),
            Evaluation::Missing(f) => missing.push(f),
            Evaluation::Unknown(f) => unknown.push(f),
        }
    }
    if !unknown.is_empty() {
        unknown.extend(missing);
        unknown.extend(evidence);
        Verdict::Error(unknown)
    } else if !missing.is_empty() {
        missing.extend(evidence);
        Verdict::Fail(missing)
    } else {
        Verdict::PassWith(evidence)
    }
}

fn evidence(requirement: Requirement, message: &str, detail: serde_json::Value) -> Finding {
    let mut value = json!({ "requirement": requirement.name() });
    if let (Some(map), serde_json::Value::Object(extra)) = (value.as_object_mut(), detail) {
        map.extend(extra);
    }
    Finding::new(
        P0Code::Evidence,
        Severity::Info,
        format!("{}: {message}", requirement.label()),
    )
    .with_evidence(value)
}

fn missing(requirement: Requirement, help: String) -> Evaluation {
    Evaluation::Missing(Finding::error(requirement.code(), requirement.message()).with_help(help))
}

fn evaluate_requirement(ctx: &GateContext<'_>, requirement: Requirement) -> Evaluation {
    let task = ctx.task;
    let p0 = settings_of(ctx.settings);
    match requirement {
        Requirement::Plan => section_evaluation(
            task,
            requirement,
            (&p0.plan_headings, HeadingRule::Whole),
            front_matter_items(task, PLAN_FIELD).first().map(|plan| {
                (
                    format!("front-matter {PLAN_FIELD}"),
                    json!({ PLAN_FIELD: plan }),
                )
            }),
            "add a section such as `## Implementation Plan` and write the plan under it",
        ),
        Requirement::TestCoverage => section_evaluation(
            task,
            requirement,
            (&p0.test_headings, HeadingRule::Words),
            task.coverage_report.as_deref().map(|r| {
                (
                    format!("front-matter coverage_report: {r}"),
                    json!({"coverage_report": r}),
                )
            }),
            "add a section such as `## Test Plan` describing the tests, or set `coverage_report` in the front-matter",
        ),
        Requirement::Documentation => {
            let headings: Vec<String> = DOC_HEADINGS.iter().map(|s| (*s).to_owned()).collect();
            let label = task
                .labels
                .iter()
                .find(|l| l.eq_ignore_ascii_case(DOC_LABEL))
                .map(|l| (format!("label '{l}'"), json!({"label": l})));
            let docs = front_matter_items(task, DOC_FIELD);
            let listed = (!docs.is_empty()).then(|| {
                (
                    format!("front-matter {DOC_FIELD}: {}", docs.join(", ")),
                    json!({ DOC_FIELD: docs }),
                )
            });
            section_evaluation(
                task,
                requirement,
                (&headings, HeadingRule::Words),
                label.or(listed),
                "add a `## Documentation` section saying what was documented, a `documentation:` list in the front-matter, or the label `documented`",
            )
        }
        Requirement::SecurityReview => {
            if let Some(label) = task
                .labels
                .iter()
                .find(|l| p0.review_labels.iter().any(|w| w.eq_ignore_ascii_case(l)))
            {
                return Evaluation::Met(vec![evidence(
                    requirement,
                    &format!("label '{label}'"),
                    json!({"label": label}),
                )]);
            }
            if let Some(value) = task.security_review.as_deref().filter(|v| {
                REVIEW_VALUES
                    .iter()
                    .any(|ok| v.trim().eq_ignore_ascii_case(ok))
            }) {
                return Evaluation::Met(vec![evidence(
                    requirement,
                    &format!("front-matter security_review: {value}"),
                    json!({"security_review": value}),
                )]);
            }
            let now = task
                .security_review
                .as_deref()
                .map(|v| format!(" (`security_review` is `{v}`)"))
                .unwrap_or_default();
            missing(
                requirement,
                format!(
                    "once the review is done, add a label such as `{}` or set `security_review: approved` in the front-matter{now}",
                    p0.review_labels
                        .first()
                        .map_or("security-reviewed", String::as_str)
                ),
            )
        }
        Requirement::CodeChanges => commit_evaluation(ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::commits::commit_since;
    use super::sections::{SectionMatch, find_section};
    use super::*;
    use crate::gates::testing::Fixture;
    use crate::task::{self, Parsed};

    fn p0(fx: &mut Fixture) -> &mut P0Settings {
        fx.settings.gates.of_mut().unwrap()
    }

    /// front-matter, body, from, to, expected codes
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, &'a [&'a str]);

    fn task(fx: &Fixture, front: &str, body: &str) -> Task {
        let title = if front.contains("title:") {
            ""
        } else {
            "title: Task\n"
        };
        let text = format!("---\nid: t-1\n{title}{front}\n---\n{body}");
        let Parsed::Task(t) = task::parse(text.as_bytes(), "t", &fx.settings.vocab, 1 << 20) else {
            panic!("does not parse: {text}");
        };
        *t
    }

    fn eval(fx: &Fixture, t: &Task, from: Option<&str>, to: &str) -> Verdict {
        let ctx = GateContext {
            task: t,
            previous: None,
            origin: &[],
            pending: None,
            path: std::path::Path::new("tasks/t.md"),
            from,
            to,
            board: &fx.board,
            settings: &fx.settings,
            now: crate::gates::testing::now(),
            git: &fx.git,
        };
        fx.gate(ID).evaluate(&ctx)
    }

    fn codes(v: &Verdict) -> Vec<&'static str> {
        match v {
            Verdict::Pass => vec!["pass"],
            Verdict::Skip(_) => vec!["skip"],
            Verdict::PassWith(f) | Verdict::Warn(f) | Verdict::Fail(f) | Verdict::Error(f) => {
                f.iter().map(|f| f.code).collect()
            }
        }
    }

    #[test]
    fn scope_table() {
        let fx = Fixture::new(&[]);
        let cases = [
            ("priority: P0\nlabels: [security]", "", true),
            ("priority: p0\nlabels: [Security-Gates]", "", true),
            ("priority: critical\ntags: security", "", true),
            ("priority: P1\nlabels: [security]", "", false),
            ("labels: [security]", "", false),
            ("priority: P0\nlabels: [auth]", "", false),
            (
                "priority: P0\ntitle: Fix a Vulnerability in login",
                "",
                true,
            ),
            ("priority: P0\ntitle: Security-hardening sprint", "", true),
            ("priority: P0\ntitle: Insecurity of the mind", "", false),
            ("priority: P0\ntitle: Securityish things", "", false),
        ];
        for (front, body, want) in cases {
            let t = task(&fx, front, body);
            assert_eq!(
                scope(&t, settings_of(&fx.settings), &fx.settings).is_ok(),
                want,
                "{front}"
            );
        }
    }

    #[test]
    fn title_words_are_whole_words() {
        let words = vec!["security".to_owned(), "vulnerability".to_owned()];
        let cases = [
            ("Fix security bug", true),
            ("SECURITY: rotate keys", true),
            ("security", true),
            ("cybersecurity review", false),
            ("securityfix", false),
            ("Patch CVE (vulnerability)", true),
        ];
        for (title, want) in cases {
            assert_eq!(has_title_word(title, &words), want, "{title}");
        }
    }

    #[test]
    #[allow(clippy::too_many_lines)] // a table of cases
    fn heading_table() {
        let plan = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let p = plan(&["implementation plan", "plan", "approach"]);
        let cases: &[(&str, SectionMatch)] = &[
            (
                "## Implementation Plan\n\n1. do it\n",
                SectionMatch::Found {
                    text: "Implementation Plan".into(),
                    index: 0,
                },
            ),
            (
                "# T\n## 🔧 implementation PLAN ##\ntext\n",
                SectionMatch::Found {
                    text: "🔧 implementation PLAN".into(),
                    index: 1,
                },
            ),
            (
                "## 3. Plan\nstep\n",
                SectionMatch::Found {
                    text: "3. Plan".into(),
                    index: 0,
                },
            ),
            (
                "## Implementation Plan\n\n## Context\ntext\n",
                SectionMatch::Empty {
                    text: "Implementation Plan".into(),
                    index: 0,
                },
            ),
            (
                "## Plan\n<!-- write the plan -->\n\n## Next\nx\n",
                SectionMatch::Empty {
                    text: "Plan".into(),
                    index: 0,
                },
            ),
            (
                "```\n## Implementation Plan\nsteps\n```\n",
                SectionMatch::Missing,
            ),
            (
                "~~~~md\n## Plan\n~~~\nstill fenced\n~~~~\n## Other\nx\n",
                SectionMatch::Missing,
            ),
            ("- item\n  ```\n  ## Plan\n  ```\n", SectionMatch::Missing),
            ("    ## Plan\n    indented code\n", SectionMatch::Missing),
            ("##Plan\nno space\n", SectionMatch::Missing),
            (
                "### Implementation Plan\n#### Phase 1\n- do a\n### Risks\n",
                SectionMatch::Found {
                    text: "Implementation Plan".into(),
                    index: 0,
                },
            ),
            (
                "### Implementation Plan\n#### Phase 1\n### Risks\nx\n",
                SectionMatch::Empty {
                    text: "Implementation Plan".into(),
                    index: 0,
                },
            ),
            (
                "## Plan\n\n## Approach\n```sh\nrun\n```\n",
                SectionMatch::Found {
                    text: "Approach".into(),
                    index: 2,
                },
            ),
            ("## Planet names\nx\n", SectionMatch::Missing),
            ("## Planetary notes\nx\n", SectionMatch::Missing),
            ("## Context\nplan: do it\n", SectionMatch::Missing),
            // A heading after a closed fence is a heading.
            (
                "```\n## Plan\n```\n\n## Plan\n\nstep\n",
                SectionMatch::Found {
                    text: "Plan".into(),
                    index: 4,
                },
            ),
            // A multi-line comment is no content, and hides a heading.
            (
                "## Plan\n<!--\nfill in\nlater\n-->\n<!--\n## Approach\nx\n-->\n",
                SectionMatch::Empty {
                    text: "Plan".into(),
                    index: 0,
                },
            ),
            // Setext headings count.
            (
                "Implementation Plan\n===\n\nsteps\n",
                SectionMatch::Found {
                    text: "Implementation Plan".into(),
                    index: 0,
                },
            ),
            // Invisible content is not a plan.
            (
                "## Plan\n\u{200B}\n&nbsp;\n<br>\n-\n```\n```\n",
                SectionMatch::Empty {
                    text: "Plan".into(),
                    index: 0,
                },
            ),
        ];
        for (body, want) in cases {
            assert_eq!(
                &find_section(&crate::markdown::outline(body), &p, HeadingRule::Whole),
                want,
                "{body:?}"
            );
        }
    }

    #[test]
    fn plan_headings_are_whole_headings() {
        let p = settings::DEFAULT_PLAN_HEADINGS
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>();
        let cases = [
            ("## Implementation Notes\nnotes\n", false),
            ("## Implementation\nsteps\n", true),
            ("## Implementation Plan (v2)\nsteps\n", true),
            ("## Plan: phase one\nsteps\n", true),
            ("## Planetary notes\nx\n", false),
            ("## Technical Implementation Details\nx\n", false),
            ("## Pl\u{200B}an\nsteps\n", true),
        ];
        for (body, want) in cases {
            let found = find_section(&crate::markdown::outline(body), &p, HeadingRule::Whole);
            assert_eq!(
                matches!(found, SectionMatch::Found { .. }),
                want,
                "{body:?}"
            );
        }
    }

    #[test]
    fn requirements_by_target_without_git() {
        let fx = Fixture::new(&[]);
        let full = "## Implementation Plan\nsteps\n## Test Plan\ntests\n## Documentation\nREADME\n";
        let front = "priority: P0\nlabels: [security]";
        let cases: &[Case<'_>] = &[
            // Out of scope and backward moves never reach git.
            ("priority: P1", "", Some("todo"), "in_progress", &["skip"]),
            (front, "", Some("review"), "in_progress", &["skip"]),
            (front, "", Some("in_progress"), "todo", &["skip"]),
            (front, "", Some("todo"), "breakdown", &["skip"]),
            // Review stage: review label needed; git is out of reach here.
            (
                "priority: P0\nlabels: [security, security-reviewed]",
                full,
                Some("review"),
                "testing",
                &[
                    "p0-security/no-git",
                    "p0-security/evidence",
                    "p0-security/evidence",
                    "p0-security/evidence",
                ],
            ),
            (
                front,
                "",
                Some("in_progress"),
                "review",
                &[
                    "p0-security/no-git",
                    "p0-security/no-implementation-plan",
                    "p0-security/no-security-review",
                ],
            ),
        ];
        for (front, body, from, to, want) in cases {
            let t = task(&fx, front, body);
            assert_eq!(
                codes(&eval(&fx, &t, *from, to)),
                *want,
                "{front} {from:?}->{to}"
            );
        }
    }

    #[test]
    fn review_and_docs_evidence_without_commit_stages() {
        let mut fx = Fixture::new(&[]);
        // Without the commit requirement, git is never opened.
        p0(&mut fx).commits_required_for.clear();
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "priority: P0\nlabels: [security]\nsecurity_review: Approved",
                "## Plan\nx\n## Tests\ny\n",
                "testing",
                &[
                    "p0-security/evidence",
                    "p0-security/evidence",
                    "p0-security/evidence",
                ],
            ),
            (
                "priority: P0\nlabels: [security]\nsecurity_review: pending",
                "## Plan\nx\n",
                "testing",
                &[
                    "p0-security/no-security-review",
                    "p0-security/no-test-coverage",
                    "p0-security/evidence",
                ],
            ),
            (
                "priority: P0\nlabels: [security]\ncoverage_report: cov/index.html\nsecurity_review: true",
                "## Plan\nx\n",
                "testing",
                &[
                    "p0-security/evidence",
                    "p0-security/evidence",
                    "p0-security/evidence",
                ],
            ),
            (
                "priority: P0\nlabels: [security, documented]",
                "## Plan\nx\n",
                "done",
                &["p0-security/evidence", "p0-security/evidence"],
            ),
            (
                "priority: P0\nlabels: [security]",
                "## Plan\nx\n## Docs\n\n",
                "done",
                &["p0-security/no-documentation", "p0-security/evidence"],
            ),
            (
                "priority: P0\nlabels: [security]",
                "## Plan\nx\n## Docs\nupdated\n",
                "done",
                &["p0-security/evidence", "p0-security/evidence"],
            ),
        ];
        for (front, body, to, want) in cases {
            let t = task(&fx, front, body);
            // From the stage before: the stages on the way are not asked.
            let from = (*to == "done").then_some("document");
            let v = eval(&fx, &t, from, to);
            assert_eq!(codes(&v), *want, "{front} -> {to}");
        }
        assert!(!fx.git.was_opened());
    }

    /// Issue #23: the gate is cumulative. A jump (or a new task) meets the
    /// requirements of every stage on the way; one step asks only its own;
    /// a move into a rejected-like status asks none of the stages it skips.
    #[test]
    fn a_jump_meets_every_stage_on_the_way() {
        let mut fx = Fixture::new(&[]);
        p0(&mut fx).commits_required_for.clear();
        let t = task(
            &fx,
            "priority: P0\nlabels: [security, documented]",
            "## Plan\nx\n",
        );
        let jump = [
            "p0-security/no-security-review",
            "p0-security/no-test-coverage",
        ];
        for from in [None, Some("todo"), Some("in_progress")] {
            let got = codes(&eval(&fx, &t, from, "done"));
            assert_eq!(got[..2], jump, "{from:?} -> done");
        }
        let step = codes(&eval(&fx, &t, Some("document"), "done"));
        assert!(!step.iter().any(|c| jump.contains(c)), "{step:?}");
        let wf = &fx.settings.workflow;
        assert_eq!(
            stages_through(wf, Some("todo"), "review"),
            ["in_progress", "review"]
        );
        assert_eq!(stages_through(wf, Some("review"), "rejected"), ["rejected"]);
        assert_eq!(stages_through(wf, Some("done"), "todo"), ["todo"]);
        assert_eq!(stages_through(wf, Some("todo"), "nowhere"), ["nowhere"]);
        assert!(!stages_through(wf, None, "done").contains(&"rejected"));
    }

    /// The findings of a move to `to` of a P0 security task with `front`
    /// (added to its scope) and `body`, commits not required.
    fn findings_at(front: &str, body: &str, to: &str) -> (Vec<Finding>, usize) {
        let mut fx = Fixture::new(&[]);
        p0(&mut fx).commits_required_for.clear();
        let front = format!("priority: P0\nlabels: [security{front}]");
        let t = task(&fx, &front, body);
        let findings = match eval(&fx, &t, Some("todo"), to) {
            Verdict::PassWith(f) | Verdict::Warn(f) | Verdict::Fail(f) | Verdict::Error(f) => f,
            other => panic!("no findings: {other:?}"),
        };
        (findings, t.body_line)
    }

    fn finding_of(findings: &[Finding], code: P0Code) -> &Finding {
        findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {}: {findings:?}", code.as_str()))
    }

    #[test]
    fn plan_evidence_names_the_line_of_its_heading() {
        let (findings, body_line) =
            findings_at("", "intro\n\n## Implementation Plan\nDo x\n", "in_progress");
        let evidence = finding_of(&findings, P0Code::Evidence);
        let line = body_line + 2;
        assert_eq!(evidence.line, Some(line));
        assert!(
            evidence.message.contains(&format!("(line {line})")),
            "{}",
            evidence.message
        );
    }

    #[test]
    fn a_backlog_plan_block_is_a_plan_and_only_a_plan() {
        let block = "intro\n<!-- SECTION:PLAN:BEGIN -->\n1. Do x\n<!-- SECTION:PLAN:END -->\n";
        let (findings, body_line) = findings_at("", block, "in_progress");
        let evidence = finding_of(&findings, P0Code::Evidence);
        assert_eq!(evidence.line, Some(body_line + 1));
        assert!(
            evidence
                .message
                .contains(&format!("Backlog.md plan block (line {})", body_line + 1)),
            "{}",
            evidence.message
        );
        // At testing the same block is no test plan.
        let (findings, _) = findings_at(", security-reviewed", block, "testing");
        let missing = finding_of(&findings, P0Code::NoTestCoverage);
        assert_eq!(missing.severity, Severity::Error);
        assert!(
            !findings
                .iter()
                .any(|f| f.code == P0Code::NoImplementationPlan)
        );
    }

    #[test]
    fn the_plan_help_names_an_empty_block_and_near_headings_only_for_the_plan() {
        let body =
            "<!-- SECTION:PLAN:BEGIN -->\n<!-- SECTION:PLAN:END -->\n## Implementation Notes\nx\n";
        let (findings, body_line) = findings_at("", body, "in_progress");
        let help = finding_of(&findings, P0Code::NoImplementationPlan)
            .help
            .clone()
            .unwrap_or_default();
        assert!(
            help.contains(&format!(
                "Backlog.md's plan block (line {body_line}) holds no text"
            )),
            "{help}"
        );
        assert!(help.contains("not plan headings (a plan heading is a whole entry, not a longer title): 'Implementation Notes'"), "{help}");
        // No near heading: no such line.
        let (findings, _) = findings_at("", "## Notes\nx\n", "in_progress");
        let help = finding_of(&findings, P0Code::NoImplementationPlan)
            .help
            .clone()
            .unwrap_or_default();
        assert!(!help.contains("not plan headings"), "{help}");
        assert!(!help.contains("plan block"), "{help}");
        // Another requirement's help says nothing of plans.
        let body = "## Implementation Plan\nx\n<!-- SECTION:PLAN:BEGIN -->\n<!-- SECTION:PLAN:END -->\n## Test Notes\ny\n";
        let (findings, _) = findings_at(", security-reviewed", body, "testing");
        let help = finding_of(&findings, P0Code::NoTestCoverage)
            .help
            .clone()
            .unwrap_or_default();
        assert!(
            !help.contains("plan block") && !help.contains("not plan headings"),
            "{help}"
        );
    }

    #[test]
    fn no_requirement_at_a_stage_is_a_skip_that_names_it() {
        assert_eq!(
            verdict("ready", Assessment::Checked(Vec::new())),
            Verdict::Skip("no P0 security requirement applies to 'ready'".to_owned())
        );
    }

    #[test]
    fn the_walk_a_judgement_needs() {
        let fx = Fixture::new(&[]);
        let walk = |front: &str, from: &str, to: &str| {
            let t = task(&fx, front, "");
            let ctx = GateContext {
                task: &t,
                previous: None,
                origin: &[],
                pending: None,
                path: std::path::Path::new("tasks/t.md"),
                from: Some(from),
                to,
                board: &fx.board,
                settings: &fx.settings,
                now: crate::gates::testing::now(),
                git: &fx.git,
            };
            transition_walk(&ctx)
        };
        let p0 = "priority: P0\nlabels: [security]\ncreated: 2025-10-01T00:00:00Z";
        let since = chrono::DateTime::parse_from_rfc3339("2025-10-01T00:00:00Z")
            .unwrap()
            .timestamp()
            - settings_of(&fx.settings).commit_slack_secs;
        assert_eq!(
            walk(p0, "todo", "in_progress"),
            Some(("t-1".to_owned(), Some(since)))
        );
        // A move back, a stage without the requirement, a task out of scope.
        assert_eq!(walk(p0, "review", "in_progress"), None);
        assert_eq!(walk(p0, "icebox", "todo"), None);
        assert_eq!(
            walk("priority: P2\nlabels: [security]", "todo", "in_progress"),
            None
        );
    }

    #[test]
    fn the_walk_starts_at_creation_minus_the_slack() {
        let fx = Fixture::new(&[]);
        let t = task(&fx, "created: 2025-10-01T00:00:00Z", "");
        let created = t.created.unwrap().timestamp();
        let mut p0 = settings_of(&fx.settings).clone();
        p0.commit_slack_secs = 86_400;
        assert_eq!(commit_since(&t, [], &p0), Some(created - 86_400));
        let undated = task(&fx, "", "");
        assert_eq!(commit_since(&undated, [], &p0), None);
    }

    // Issue #22 item 3: the change being judged cannot widen its own
    // evidence window by moving `created` back or deleting it.
    #[test]
    fn the_window_starts_at_the_later_created_date_of_before_and_after() {
        let fx = Fixture::new(&[]);
        let mut p0 = settings_of(&fx.settings).clone();
        p0.commit_slack_secs = 0;
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        let before = task(&fx, "created: 2025-10-01T00:00:00Z", "");
        let moved_back = task(&fx, "created: 2020-01-01T00:00:00Z", "");
        let undated = task(&fx, "", "");
        let later = task(&fx, "created: 2025-11-01T00:00:00Z", "");
        let cases = [
            (&moved_back, Some(&before), Some(at("2025-10-01T00:00:00Z"))),
            (&undated, Some(&before), Some(at("2025-10-01T00:00:00Z"))),
            (&before, Some(&undated), Some(at("2025-10-01T00:00:00Z"))),
            (&later, Some(&before), Some(at("2025-11-01T00:00:00Z"))),
            (&before, Some(&before), Some(at("2025-10-01T00:00:00Z"))),
            (&undated, Some(&undated), None),
            (&undated, None, None),
        ];
        for (now, previous, want) in cases {
            assert_eq!(commit_since(now, previous, &p0), want);
        }
    }

    #[test]
    fn a_change_that_lowers_the_priority_stays_in_scope() {
        let fx = Fixture::new(&[]);
        let p0 = task(&fx, "priority: P0\nlabels: [security]", "");
        let p2 = task(&fx, "priority: P2\nlabels: [security]", "");
        let in_scope = |task: &Task, previous: Option<&Task>| {
            let ctx = GateContext {
                task,
                previous,
                origin: &[],
                pending: None,
                path: std::path::Path::new("tasks/t.md"),
                from: Some("todo"),
                to: "in_progress",
                board: &fx.board,
                settings: &fx.settings,
                now: crate::gates::testing::now(),
                git: &fx.git,
            };
            scope_of(&ctx)
        };
        assert_eq!(in_scope(&p0, None), Ok(()));
        // In scope before the change: still in scope, whatever it says now.
        assert_eq!(in_scope(&p2, Some(&p0)), Ok(()));
        // In scope neither before nor after: out, with today's reason.
        assert_eq!(
            in_scope(&p2, Some(&p2)),
            Err("not a P0 security task: priority P2".to_owned())
        );
        assert_eq!(in_scope(&p2, None), in_scope(&p2, Some(&p2)));
        // Raising the priority brings a task into scope.
        assert_eq!(in_scope(&p0, Some(&p2)), Ok(()));
    }

    #[test]
    fn assess_judges_a_task_at_its_current_stage() {
        let mut fx = Fixture::new(&[]);
        p0(&mut fx).commits_required_for.clear();
        let t = task(
            &fx,
            "priority: P0\nlabels: [security, security-reviewed]\nstatus: testing",
            "## Plan\nx\n",
        );
        let ctx = GateContext {
            task: &t,
            previous: None,
            origin: &[],
            pending: None,
            path: std::path::Path::new("tasks/t.md"),
            from: Some("testing"),
            to: "testing",
            board: &fx.board,
            settings: &fx.settings,
            now: crate::gates::testing::now(),
            git: &fx.git,
        };
        let Assessment::Checked(checks) = assess(&ctx, "testing") else {
            panic!("in scope")
        };
        let got: Vec<(Requirement, bool)> = checks
            .iter()
            .map(|c| (c.requirement, matches!(c.evaluation, Evaluation::Met(_))))
            .collect();
        assert_eq!(
            got,
            [
                (Requirement::Plan, true),
                (Requirement::SecurityReview, true),
                (Requirement::TestCoverage, false)
            ]
        );
        // from == to is not a move back: the gate judges the stage too.
        assert_eq!(
            codes(&fx.gate(ID).evaluate(&ctx)),
            [
                "p0-security/no-test-coverage",
                "p0-security/evidence",
                "p0-security/evidence"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn heading_scan_never_panics(body in "[#`~ <!>a-zé🔧\t\n-]{0,300}", word in "[a-z# ]{0,8}") {
            let outline = crate::markdown::outline(&body);
            let _ = find_section(&outline, std::slice::from_ref(&word), HeadingRule::Whole);
            let _ = find_section(&outline, std::slice::from_ref(&word), HeadingRule::Words);
            let _ = has_title_word(&body, &[word]);
        }
    }

    #[test]
    fn evidence_names_its_requirement_and_the_file_line() {
        let mut fx = Fixture::new(&[]);
        p0(&mut fx).commits_required_for.clear();
        // Front-matter: 6 lines with the fences, so the body starts on line 7.
        let t = task(
            &fx,
            "priority: P0\nlabels: [security]",
            "intro\n\n```\n## Tests\n```\n\n## Test Plan\n<!--\nlater\n-->\n\n## Plan\n\n- step\n",
        );
        assert_eq!(t.body_line, 7);
        let Verdict::Fail(findings) = eval(&fx, &t, Some("review"), "testing") else {
            panic!("the review is missing")
        };
        let plan = findings
            .iter()
            .find(|f| f.code == "p0-security/evidence")
            .expect("plan evidence");
        // `## Plan` is body line 11 (0-based), file line 18.
        assert_eq!(plan.line, Some(18));
        assert_eq!(
            plan.evidence,
            Some(json!({"requirement": "implementation-plan", "heading": "Plan", "line": 18}))
        );
        assert_eq!(
            plan.message,
            "implementation plan: section 'Plan' (line 18)"
        );
        // The test plan holds only a comment: empty, at its own line.
        let tests = findings
            .iter()
            .find(|f| f.code == "p0-security/no-test-coverage")
            .expect("no test coverage");
        assert!(
            tests
                .help
                .as_deref()
                .is_some_and(|h| h.starts_with("the section 'Test Plan' (line 13) is empty")),
            "{tests:?}"
        );
        // Evidence of each requirement names it.
        let t = task(
            &fx,
            "priority: P0\nlabels: [security, security-reviewed]\ncoverage_report: cov.html\ndocumentation: [a.md]",
            "## Plan\nx\n",
        );
        let Verdict::PassWith(found) = eval(&fx, &t, None, "testing") else {
            panic!("all met")
        };
        let names: Vec<&str> = found
            .iter()
            .map(|f| {
                f.evidence.as_ref().unwrap()["requirement"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            names,
            ["implementation-plan", "security-review", "test-coverage"]
        );
        let Verdict::PassWith(found) = eval(&fx, &t, None, "done") else {
            panic!("all met")
        };
        let docs = found.last().unwrap();
        assert_eq!(
            docs.evidence,
            Some(json!({"requirement": "documentation", "documentation": ["a.md"]}))
        );
    }

    #[test]
    fn messages_are_the_spec_table() {
        let messages: Vec<&str> = Requirement::ALL.iter().map(|r| r.message()).collect();
        assert_eq!(
            messages,
            [
                "P0 security tasks require an implementation plan before starting work",
                "P0 security tasks require committed code changes to move to in-progress",
                "P0 security tasks require completed security review before testing",
                "P0 security tasks require defined test coverage plan before testing",
                "P0 security tasks require updated documentation before completion",
            ]
        );
    }
}
