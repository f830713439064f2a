//! `[gates.transition]`: the transition gate's settings.

use serde::{Deserialize, Serialize};

use super::problem::Problems;
use super::statuses::Statuses;
use super::template::{self, Template};
use super::workflow::Workflow;

/// The gate's id: its `[gates.<id>]` section.
pub const ID: &str = "transition";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransition {
    pub enabled: Option<bool>,
    pub removable_from: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TransitionSettings {
    pub enabled: bool,
    /// The statuses a task may leave the board from; `None`: the
    /// workflow's final statuses and `rejected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removable_from: Option<Vec<String>>,
}

impl TransitionSettings {
    /// The statuses a task may leave the board from.
    pub fn removable_from(&self, workflow: &Workflow) -> Vec<String> {
        if let Some(list) = &self.removable_from {
            return list.clone();
        }
        workflow
            .statuses
            .iter()
            .filter(|s| workflow.targets(s).is_empty() || s.as_str() == "rejected")
            .cloned()
            .collect()
    }
}

pub fn validate(
    raw: Option<RawTransition>,
    statuses: &Statuses,
    problems: &mut Problems,
) -> TransitionSettings {
    let raw = raw.unwrap_or_default();
    TransitionSettings {
        enabled: raw.enabled.unwrap_or(true),
        removable_from: raw
            .removable_from
            .map(|list| statuses.check_all("gates.transition.removable_from", &list, problems)),
    }
}
impl super::GateSection for TransitionSettings {
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
        let mut out = format!("[gates.transition]\nenabled = {}\n", self.enabled);
        if let Some(list) = &self.removable_from {
            out.push_str("# The statuses a task may leave the board from.\nremovable_from = ");
            out.push_str(&template::list(list));
            out.push('\n');
        }
        out
    }
}
