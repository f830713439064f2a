//! `[gates.dependencies]`: the dependency gate's settings.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::native::Tool;
use crate::config::problem::Problems;
use crate::config::sources::Sources;
use crate::config::template::{self, Template};
use crate::config::{GateSection, Section, Shared};

/// The gate's id: its `[gates.<id>]` section.
pub(crate) const ID: &str = "dependencies";

/// What a dependency on an id no task has means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Missing {
    /// It blocks (Backlog.md, beans, gate's own boards).
    Blocks,
    /// It is satisfied (kanban-md's own reading).
    Satisfied,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDependencies {
    pub(crate) enabled: Option<bool>,
    pub(crate) require_finished_for: Option<Vec<String>>,
    pub(crate) missing: Option<Missing>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct DependencySettings {
    pub(crate) enabled: bool,
    /// A task may not enter these statuses while a dependency is open.
    pub(crate) require_finished_for: Vec<String>,
    pub(crate) missing: Missing,
    /// The statuses at which a blocker no longer blocks: the board's final
    /// statuses and rejected-like ones (a scrapped blocker is resolved).
    #[serde(skip)]
    pub(crate) resolved: Vec<String>,
    /// The board tool, whose encoding of ids is read.
    #[serde(skip)]
    pub(crate) tool: Option<Tool>,
    /// Backlog.md's `completed/` (finished tasks) and `archive/tasks/`
    /// (archived ones) beside its tasks directory.
    #[serde(skip)]
    pub(crate) completed_dir: Option<PathBuf>,
    #[serde(skip)]
    pub(crate) archive_dir: Option<PathBuf>,
}

impl Section for DependencySettings {
    const ID: &'static str = ID;
    type Raw = RawDependencies;

    fn validate(
        raw: Option<RawDependencies>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> DependencySettings {
        let present = raw.is_some();
        let tool = shared.tool.map(|t| t.tool);
        sources.set(
            "gates.dependencies",
            sources.tool_or_from(tool.is_some(), present),
        );
        let raw = raw.unwrap_or_default();
        let done = shared.workflow.done_statuses();
        let require_finished_for = match raw.require_finished_for {
            Some(list) => shared.statuses.check_all(
                "gates.dependencies.require_finished_for",
                &list,
                problems,
            ),
            None => done.clone(),
        };
        let w = shared.workflow;
        let resolved = w
            .statuses
            .iter()
            .filter(|s| w.is_final(s) || w.is_rejected_like(s))
            .cloned()
            .collect();
        let home = shared
            .tool
            .filter(|t| t.tool == Tool::BacklogMd)
            .and_then(|t| t.tasks_dir.value.parent().map(PathBuf::from));
        DependencySettings {
            enabled: raw.enabled.unwrap_or(present || tool.is_some()),
            require_finished_for,
            missing: raw.missing.unwrap_or(if tool == Some(Tool::KanbanMd) {
                Missing::Satisfied
            } else {
                Missing::Blocks
            }),
            resolved,
            tool,
            completed_dir: home.as_ref().map(|h| h.join("completed")),
            archive_dir: home.as_ref().map(|h| h.join("archive").join("tasks")),
        }
    }
}

impl GateSection for DependencySettings {
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
            r#"[gates.dependencies]
enabled = {enabled}
# A task may not enter these statuses while a task it depends on is not
# finished (add active ones, e.g. "in_progress", to block starting too).
require_finished_for = {statuses}
# A dependency on an id no task has: "blocks" or "satisfied".
missing = {missing}
"#,
            enabled = self.enabled,
            statuses = template::list(&self.require_finished_for),
            missing = template::string(match self.missing {
                Missing::Blocks => "blocks",
                Missing::Satisfied => "satisfied",
            }),
        )
    }

    fn clone_box(&self) -> Box<dyn GateSection> {
        Box::new(self.clone())
    }
}
