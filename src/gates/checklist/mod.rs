//! # `checklist`
//!
//! **What it checks**: that a task's checklist is ticked before the task
//! enters the statuses that say the work is done, and (where configured)
//! that it has a checklist at all before it starts.
//!
//! **Why**: "a task can be marked done with its acceptance criteria
//! unticked, and every scan passes". The criteria are written in the task
//! file; gate reads them where the work lands.
//!
//! **The checklist**: task-list items (`- [ ] text`, `- [x] text`) in
//! Backlog.md's acceptance-criteria and Definition-of-Done blocks
//! (`<!-- AC:BEGIN -->` … `<!-- AC:END -->`, `<!-- DOD:BEGIN -->` …), under a
//! heading named in `headings` (default: Acceptance Criteria, Definition of
//! Done), and on a beans board every task-list item of the bean. Only `[x]`
//! and `[X]` are ticked; items in code, HTML comments and block quotes are
//! not items (`markdown::outline`).
//!
//! **Configuration**: `[gates.checklist]` `enabled` (default: on for
//! Backlog.md, kanban-md and beans boards, off elsewhere unless the
//! section is there), `headings`, `require_items_for` (default none) and
//! `require_ticked_for` (default: the board's final statuses that are not
//! rejected-like — Done, not Wontfix or scrapped).

pub(crate) mod settings;

use std::collections::BTreeSet;

use serde_json::json;

use super::{Gate, GateContext, GateDoc, Verdict};
use crate::config::SectionKind;
use crate::finding::Finding;
use crate::markdown::{self, HeadingRule};
use crate::sanitize::Shown;
use crate::task::{Task, TaskCode};
use settings::ChecklistSettings;

/// The gate's id.
pub(crate) const ID: &str = settings::ID;

pub(crate) const DOC: &str = "Checks that a task's checklist is ticked before it enters a status that says the work is done, and, where configured, that it has one before it starts. The checklist: task-list items (`- [ ] text`) in Backlog.md's acceptance-criteria and Definition-of-Done blocks (`<!-- AC:BEGIN -->`, `<!-- DOD:BEGIN -->`), under a heading named in `headings` (default: Acceptance Criteria, Definition of Done), and on a beans board every task-list item of the bean. Only `[x]`/`[X]` is ticked; items in code, HTML comments and quotes are not items. Each finding names the item, its text and line.\n\nOn with no config for Backlog.md, kanban-md and beans boards, at their final status. Configure with `[gates.checklist]` `headings`, `require_items_for` (e.g. `[\"in_progress\"]`: criteria must exist to start) and `require_ticked_for` (default: the final statuses that are not rejected-like).";

/// The gate over its settings.
pub(crate) struct ChecklistGate<'s>(&'s ChecklistSettings);

/// The gate, as the registry lists it.
pub(crate) const GATE: GateDoc = GateDoc {
    id: ID,
    summary: "a task's checklist must be ticked before it is done",
    doc: DOC,
    codes: CODES,
    section: SectionKind::of::<ChecklistSettings>(),
    new: |s| Some(Box::new(ChecklistGate(super::own(s)?))),
    table: None,
};

crate::finding::declare_codes! {
    /// The codes of the checklist gate's findings.
    pub(crate) enum ChecklistCode in CODES {
        Unticked = "checklist/unticked", Error,
            "a checklist item is not ticked as the task enters a status that needs it ticked",
            "Each unticked item of the task's checklist (acceptance criteria, Definition of Done) is one finding, with its text and line. Tick it (`- [x]`) when it is met, or remove it if it no longer applies; an exception can be recorded with `--force --reason`. A change that unticks (or adds unticked) items of a task already at such a status is reported the same way.";
        Empty = "checklist/empty", Warning,
            "a criteria section has no checklist items (`lint`)",
            "A Backlog.md AC or DoD block, or a section under a heading of `headings`, with no task-list item: the criteria are not written as items the gate can check. Write them as `- [ ] text`, or remove the empty section.";
        NoItems = "checklist/no-items", Error,
            "the task has no checklist items as it enters a status that needs them",
            "`[gates.checklist] require_items_for` lists the statuses a task may enter only with acceptance criteria written down: add task-list items (`- [ ] text`) under `## Acceptance Criteria` (or a heading of `headings`), or in Backlog.md's AC block.";
    }
}

/// One item of a task's checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CheckItem {
    pub ticked: bool,
    /// Its text as written, after the box.
    pub text: String,
    /// Its 1-based line in the file.
    pub line: usize,
    /// What it belongs to: `Acceptance Criteria`, `Definition of Done`, or
    /// the heading it stands under.
    pub group: String,
}

/// The checklist of `task` (`None`: its text was not read).
pub(crate) fn checklist(task: &Task, own: &ChecklistSettings) -> Option<Vec<CheckItem>> {
    let body = task.body()?;
    // Most bodies have no task list: no box, no outline.
    if !body.contains('[') {
        return Some(Vec::new());
    }
    let outline = markdown::outline(body);
    let headings: Vec<String> = own
        .headings
        .iter()
        .map(|h| markdown::heading_key(h))
        .collect();
    let named = |i: usize| {
        let key = markdown::heading_key(&outline.sections[i].text);
        headings
            .iter()
            .any(|h| markdown::heading_matches(&key, h, HeadingRule::Whole))
    };
    let items = outline
        .items
        .iter()
        .filter_map(|item| {
            let block = item
                .within
                .iter()
                .rev()
                .map(|&b| &outline.blocks[b])
                .find(|b| !b.section && matches!(b.name.as_str(), "AC" | "DOD"));
            let group = match block {
                Some(b) if b.name == "AC" => "Acceptance Criteria".to_owned(),
                Some(_) => "Definition of Done".to_owned(),
                None => match item.under.iter().rev().find(|&&i| named(i)) {
                    Some(&i) => outline.sections[i].text.clone(),
                    None if own.every_item => "checklist".to_owned(),
                    None => return None,
                },
            };
            Some(CheckItem {
                ticked: item.ticked,
                text: item.text.clone(),
                line: task.body_line + item.line,
                group,
            })
        })
        .collect();
    Some(items)
}

/// The criteria sections of `task` with no item: AC and `DoD` blocks and
/// sections under a heading of `headings`, by name and file line.
fn empty_sections(task: &Task, own: &ChecklistSettings) -> Vec<(String, usize)> {
    let Some(body) = task.body() else {
        return Vec::new();
    };
    let outline = markdown::outline(body);
    let headings: Vec<String> = own
        .headings
        .iter()
        .map(|h| markdown::heading_key(h))
        .collect();
    let mut out = Vec::new();
    for (b, block) in outline.blocks.iter().enumerate() {
        if !block.section
            && matches!(block.name.as_str(), "AC" | "DOD")
            && !outline.items.iter().any(|i| i.within.contains(&b))
        {
            let name = if block.name == "AC" {
                "the acceptance-criteria block"
            } else {
                "the Definition-of-Done block"
            };
            out.push((name.to_owned(), task.body_line + block.line));
        }
    }
    for (h, section) in outline.sections.iter().enumerate() {
        let key = markdown::heading_key(&section.text);
        let named = headings
            .iter()
            .any(|n| markdown::heading_matches(&key, n, HeadingRule::Whole));
        // A section holding a block is judged by its block.
        let holds_block = outline.blocks.iter().any(|b| {
            !b.section
                && b.line > section.line
                && outline.sections[h + 1..]
                    .iter()
                    .find(|s| s.level <= section.level)
                    .is_none_or(|next| b.line < next.line)
        });
        if named && !holds_block && !outline.items.iter().any(|i| i.under.contains(&h)) {
            out.push((
                format!("section '{}'", section.text),
                task.body_line + section.line,
            ));
        }
    }
    out
}

/// `ticked/total` of a checklist, for `list` and `show`.
pub(crate) fn progress(items: &[CheckItem]) -> (usize, usize) {
    (items.iter().filter(|i| i.ticked).count(), items.len())
}

fn unticked_finding(item: &CheckItem, status: &str) -> Finding {
    Finding::error(
        ChecklistCode::Unticked,
        format!(
            "{} item at line {} is not ticked: {}",
            item.group,
            item.line,
            Shown(&item.text)
        ),
    )
    .with_line(item.line)
    .with_help(format!(
        "tick it (`- [x]`) once it is met, or remove it if it no longer applies, before the task is at '{status}'"
    ))
    .with_evidence(json!({"group": item.group, "text": item.text, "line": item.line}))
}

fn unread() -> Verdict {
    Verdict::Error(vec![
        Finding::error(TaskCode::Io, "the task's text was not read")
            .with_help("run the command again with --no-cache"),
    ])
}

impl ChecklistGate<'_> {
    /// The verdict on `task` being at (or entering) `to`.
    fn judge(&self, task: &Task, to: &str, name: &str) -> Verdict {
        let own = self.0;
        let ticked = own.require_ticked_for.iter().any(|s| s == to);
        let needs_items = own.require_items_for.iter().any(|s| s == to);
        if !ticked && !needs_items {
            return Verdict::Skip(format!("'{name}' needs no checklist"));
        }
        let Some(items) = checklist(task, own) else {
            return unread();
        };
        let mut findings = Vec::new();
        if needs_items && items.is_empty() {
            findings.push(
                Finding::error(
                    ChecklistCode::NoItems,
                    format!("the task has no checklist items, which '{name}' needs"),
                )
                .with_help(format!(
                    "write its acceptance criteria as task-list items (`- [ ] text`) under a heading such as `## {}`",
                    own.headings.first().map_or("Acceptance Criteria", String::as_str)
                )),
            );
        }
        if ticked {
            findings.extend(
                items
                    .iter()
                    .filter(|i| !i.ticked)
                    .map(|i| unticked_finding(i, name)),
            );
        }
        if findings.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail(findings)
        }
    }
}

impl Gate for ChecklistGate<'_> {
    fn doc(&self) -> &'static GateDoc {
        &GATE
    }

    fn evaluate(&self, ctx: &GateContext<'_>) -> Verdict {
        let name = ctx.settings.workflow.name(ctx.to);
        self.judge(ctx.task, ctx.to, name)
    }

    /// A task already at a status that needs its checklist ticked, whose
    /// change unticked items or added unticked ones.
    fn unmoved(&self, ctx: &GateContext<'_>) -> Option<Verdict> {
        let previous = ctx.previous?;
        if !self.0.require_ticked_for.iter().any(|s| s == ctx.to)
            || previous.body() == ctx.task.body()
        {
            return None;
        }
        let now = checklist(ctx.task, self.0)?;
        let before = checklist(previous, self.0)?;
        let was_open: BTreeSet<(&str, &str)> = before
            .iter()
            .filter(|i| !i.ticked)
            .map(|i| (i.group.as_str(), i.text.as_str()))
            .collect();
        let name = ctx.settings.workflow.name(ctx.to);
        let findings: Vec<Finding> = now
            .iter()
            .filter(|i| !i.ticked && !was_open.contains(&(i.group.as_str(), i.text.as_str())))
            .map(|i| unticked_finding(i, name))
            .collect();
        (!findings.is_empty()).then_some(Verdict::Fail(findings))
    }

    fn reads_text(&self) -> bool {
        true
    }

    fn describe(&self, ctx: &GateContext<'_>) -> Option<String> {
        let items = checklist(ctx.task, self.0)?;
        let (done, total) = progress(&items);
        (total > 0).then(|| format!("{done}/{total} ticked"))
    }

    fn lint(
        &self,
        board: &crate::board::Board,
        _settings: &crate::config::Settings,
    ) -> Vec<(usize, Finding)> {
        let mut out = Vec::new();
        for (at, entry) in board.entries.iter().enumerate() {
            let Some(task) = entry.task() else { continue };
            for (name, line) in empty_sections(task, self.0) {
                out.push((
                    at,
                    Finding::warning(
                        ChecklistCode::Empty,
                        format!("{name} has no checklist items"),
                    )
                    .with_line(line)
                    .with_help("write each criterion as `- [ ] text`, or remove the empty section"),
                ));
            }
        }
        out
    }

    fn at_rest(&self, ctx: &GateContext<'_>) -> Option<Vec<Finding>> {
        let name = ctx.settings.workflow.name(ctx.to);
        match self.judge(ctx.task, ctx.to, name) {
            Verdict::Fail(findings) | Verdict::Error(findings) => Some(findings),
            _ => Some(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gates::testing::Fixture;

    fn own(fx: &mut Fixture) -> &mut ChecklistSettings {
        fx.settings.gates.of_mut().unwrap()
    }

    const BACKLOG: &str = "## Description\n\ntext\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 First criterion\n- [ ] #2 Second criterion\n<!-- AC:END -->\n\n## Definition of Done\n<!-- DOD:BEGIN -->\n- [X] #1 tests pass\n- [ ] #2 docs updated\n<!-- DOD:END -->\n";

    fn codes(v: &Verdict) -> Vec<&'static str> {
        match v {
            Verdict::Fail(f) | Verdict::Error(f) | Verdict::Warn(f) => {
                f.iter().map(|f| f.code).collect()
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn backlog_md_blocks_and_named_headings_are_the_checklist() {
        let mut fx = Fixture::new(&[]);
        own(&mut fx).every_item = false;
        let t = fx.task_with_body("t1", "in_progress", BACKLOG);
        let items = checklist(&t, own(&mut fx)).unwrap();
        let seen: Vec<(bool, &str, &str)> = items
            .iter()
            .map(|i| (i.ticked, i.group.as_str(), i.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (true, "Acceptance Criteria", "#1 First criterion"),
                (false, "Acceptance Criteria", "#2 Second criterion"),
                (true, "Definition of Done", "#1 tests pass"),
                (false, "Definition of Done", "#2 docs updated"),
            ]
        );
        // The file line: front-matter (5 lines) then the body.
        assert_eq!(items[1].line, t.body_line + 7);
        let body = "## Acceptance criteria:\n- [ ] a\n### Backend\n- [x] b\n## Notes\n- [ ] not a criterion\n```\n- [ ] code\n```\n> - [ ] quoted\n<!--\n- [ ] commented\n-->\n";
        let t = fx.task_with_body("t2", "in_progress", body);
        let items = checklist(&t, own(&mut fx)).unwrap();
        let seen: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.group.as_str(), i.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("Acceptance criteria:", "a"), ("Acceptance criteria:", "b")]
        );
    }

    #[test]
    fn done_needs_every_item_ticked_and_names_each_unticked_one() {
        let fx = Fixture::new(&[]);
        let t = fx.task_with_body("t1", "review", BACKLOG);
        let gate = fx.gate(ID);
        let v = gate.evaluate(&fx.ctx(&t, Some("review"), "done"));
        let Verdict::Fail(f) = &v else {
            panic!("{v:?}")
        };
        assert_eq!(codes(&v), ["checklist/unticked", "checklist/unticked"]);
        assert_eq!(
            f[0].message,
            format!(
                "Acceptance Criteria item at line {} is not ticked: #2 Second criterion",
                t.body_line + 7
            )
        );
        assert_eq!(f[0].line, Some(t.body_line + 7));
        assert!(f[1].message.starts_with("Definition of Done item"));
        // Earlier columns need nothing.
        let v = gate.evaluate(&fx.ctx(&t, Some("todo"), "in_progress"));
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // All ticked, or no checklist at all: done passes.
        let all = BACKLOG.replace("- [ ]", "- [x]");
        let t = fx.task_with_body("t2", "review", &all);
        assert_eq!(
            gate.evaluate(&fx.ctx(&t, Some("review"), "done")),
            Verdict::Pass
        );
        let t = fx.task_with_body("t3", "review", "## Notes\n- [ ] a note, not a criterion\n");
        assert_eq!(
            gate.evaluate(&fx.ctx(&t, Some("review"), "done")),
            Verdict::Pass
        );
        // Rejected is not done.
        let t = fx.task_with_body("t4", "review", BACKLOG);
        assert!(matches!(
            gate.evaluate(&fx.ctx(&t, Some("review"), "rejected")),
            Verdict::Skip(_)
        ));
    }

    #[test]
    fn require_items_for_needs_a_checklist_to_start() {
        let mut fx = Fixture::new(&[]);
        own(&mut fx).require_items_for = vec!["in_progress".to_owned()];
        let gate = fx.gate(ID);
        let t = fx.task_with_body("t1", "todo", "## Description\nno criteria\n");
        let v = gate.evaluate(&fx.ctx(&t, Some("todo"), "in_progress"));
        assert_eq!(codes(&v), ["checklist/no-items"]);
        let t = fx.task_with_body("t2", "todo", "## Acceptance Criteria\n- [ ] works\n");
        let v = gate.evaluate(&fx.ctx(&t, Some("todo"), "in_progress"));
        assert!(codes(&v).is_empty(), "{v:?}");
    }

    #[test]
    fn unticking_a_finished_task_is_caught_and_ticking_is_not() {
        let fx = Fixture::new(&[]);
        let gate = fx.gate(ID);
        let all = BACKLOG.replace("- [ ]", "- [x]");
        let before = fx.task_with_body("t1", "done", &all);
        let after = fx.task_with_body("t1", "done", BACKLOG);
        let v = gate
            .unmoved(
                &fx.ctx(&after, Some("done"), "done")
                    .with_previous(Some(&before)),
            )
            .unwrap();
        assert_eq!(codes(&v), ["checklist/unticked", "checklist/unticked"]);
        // The other way round, or an unchanged body: nothing to say.
        assert_eq!(
            gate.unmoved(
                &fx.ctx(&before, Some("done"), "done")
                    .with_previous(Some(&after))
            ),
            None
        );
        assert_eq!(
            gate.unmoved(
                &fx.ctx(&after, Some("done"), "done")
                    .with_previous(Some(&after))
            ),
            None
        );
    }

    #[test]
    fn lint_names_empty_criteria_sections() {
        let mut fx = Fixture::new(&[]);
        let text = "---\nid: t1\ntitle: T\nstatus: todo\n---\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n<!-- AC:END -->\n\n## Definition of Done\n\nprose only\n\n## Notes\n";
        fx.board.entries = vec![crate::board::Entry::new(
            &fx.board.ids,
            "tasks/t1.md".into(),
            "tasks/t1.md".into(),
            crate::board::EntryKind::Task(Box::new(fx.task_from("t1", text))),
        )];
        let found: Vec<(String, Option<usize>)> = fx
            .gate(ID)
            .lint(&fx.board, &fx.settings)
            .into_iter()
            .map(|(_, f)| (f.message, f.line))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "the acceptance-criteria block has no checklist items".to_owned(),
                    Some(7)
                ),
                (
                    "section 'Definition of Done' has no checklist items".to_owned(),
                    Some(10)
                ),
            ]
        );
        // Filled in: nothing to say.
        let full = text
            .replace("<!-- AC:END -->", "- [ ] #1 a\n<!-- AC:END -->")
            .replace("prose only", "- [x] done");
        fx.board.entries[0].kind =
            crate::board::EntryKind::Task(Box::new(fx.task_from("t1", &full)));
        assert!(fx.gate(ID).lint(&fx.board, &fx.settings).is_empty());
    }

    #[test]
    fn a_beans_board_counts_every_item() {
        let mut fx = Fixture::new(&[]);
        own(&mut fx).every_item = true;
        let t = fx.task_with_body("b1", "todo", "Some text\n\n- [x] one\n- [ ] two\n");
        let items = checklist(&t, own(&mut fx)).unwrap();
        assert_eq!(progress(&items), (1, 2));
    }
}
