//! `[gates.checklist]`: the checklist gate's settings.

use serde::{Deserialize, Serialize};

use crate::config::native::Tool;
use crate::config::problem::{ConfigProblem, Problems};
use crate::config::sources::Sources;
use crate::config::template::{self, Template};
use crate::config::{GateSection, Section, Shared};

/// The gate's id: its `[gates.<id>]` section.
pub(crate) const ID: &str = "checklist";

/// The headings whose task-list items are checklist items, by default.
pub(crate) const DEFAULT_HEADINGS: &[&str] = &["Acceptance Criteria", "Definition of Done"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChecklist {
    pub(crate) enabled: Option<bool>,
    pub(crate) headings: Option<Vec<String>>,
    pub(crate) require_items_for: Option<Vec<String>>,
    pub(crate) require_ticked_for: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChecklistSettings {
    pub(crate) enabled: bool,
    /// Task-list items under these headings (and in Backlog.md's AC and
    /// `DoD` blocks) are the task's checklist.
    pub(crate) headings: Vec<String>,
    /// Entering these statuses needs at least one checklist item.
    pub(crate) require_items_for: Vec<String>,
    /// Entering these statuses needs every checklist item ticked.
    pub(crate) require_ticked_for: Vec<String>,
    /// Every task-list item of the body is a checklist item (beans).
    #[serde(skip)]
    pub(crate) every_item: bool,
}

impl Section for ChecklistSettings {
    const ID: &'static str = ID;
    type Raw = RawChecklist;

    fn validate(
        raw: Option<RawChecklist>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> ChecklistSettings {
        let present = raw.is_some();
        let tool = shared.tool.map(|t| t.tool);
        // On with no config where the board's tool has checklists
        // (Backlog.md, kanban-md, beans); elsewhere when the section is set.
        sources.set(
            "gates.checklist",
            sources.tool_or_from(tool.is_some(), present),
        );
        let raw = raw.unwrap_or_default();
        let mut statuses =
            |key: &'static str, list: Option<Vec<String>>, default: Vec<String>| match list {
                Some(list) => shared.statuses.check_all(key, &list, problems),
                None => default,
            };
        let require_items_for = statuses(
            "gates.checklist.require_items_for",
            raw.require_items_for,
            Vec::new(),
        );
        let require_ticked_for = statuses(
            "gates.checklist.require_ticked_for",
            raw.require_ticked_for,
            shared.workflow.done_statuses(),
        );
        let headings: Vec<String> = raw
            .headings
            .unwrap_or_else(|| DEFAULT_HEADINGS.iter().map(|h| (*h).to_owned()).collect());
        for heading in &headings {
            if crate::markdown::heading_key(heading).is_empty() {
                problems.push(ConfigProblem::Invalid {
                    key: "gates.checklist.headings".to_owned(),
                    message: format!("`{heading}` is not a heading (no letters)"),
                });
            }
        }
        ChecklistSettings {
            enabled: raw.enabled.unwrap_or(present || tool.is_some()),
            headings,
            require_items_for,
            require_ticked_for,
            every_item: tool == Some(Tool::Beans),
        }
    }
}

impl GateSection for ChecklistSettings {
    fn id(&self) -> &'static str {
        ID
    }

    fn enabled(&self) -> bool {
        self.enabled
    }

    fn effective(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn template(&self, _: &Template<'_>) -> String {
        format!(
            r"[gates.checklist]
enabled = {enabled}
# Task-list items (`- [ ] text`) under these headings, and in Backlog.md's
# acceptance-criteria and Definition-of-Done blocks, are the checklist.
headings = {headings}
# Entering these statuses needs at least one checklist item.
require_items_for = {items}
# Entering these statuses needs every checklist item ticked (`[x]`).
require_ticked_for = {ticked}
",
            enabled = self.enabled,
            headings = template::list(&self.headings),
            items = template::list(&self.require_items_for),
            ticked = template::list(&self.require_ticked_for),
        )
    }

    fn clone_box(&self) -> Box<dyn GateSection> {
        Box::new(self.clone())
    }
}
