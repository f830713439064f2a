//! `[gates.transition]`: the transition gate's settings.

use serde::{Deserialize, Serialize};

use crate::config::problem::Problems;
use crate::config::sources::Sources;
use crate::config::template::{self, Template};
use crate::config::workflow::Workflow;
use crate::config::{GateSection, Section, Shared};

/// The gate's id: its `[gates.<id>]` section.
pub(crate) const ID: &str = "transition";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransition {
    pub(crate) enabled: Option<bool>,
    pub(crate) removable_from: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct TransitionSettings {
    pub(crate) enabled: bool,
    /// The statuses a task may leave the board from; `None`: those where
    /// no work is under way — the start states, the final statuses and the
    /// rejected-like ones ([`Workflow::is_idle`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) removable_from: Option<Vec<String>>,
}

impl TransitionSettings {
    /// The statuses a task may leave the board from.
    pub(crate) fn removable_from(&self, workflow: &Workflow) -> Vec<String> {
        if let Some(list) = &self.removable_from {
            return list.clone();
        }
        workflow
            .statuses
            .iter()
            .filter(|s| workflow.is_idle(s))
            .cloned()
            .collect()
    }
}

impl Section for TransitionSettings {
    const ID: &'static str = ID;
    type Raw = RawTransition;

    fn validate(
        raw: Option<RawTransition>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> TransitionSettings {
        sources.set("gates.transition", sources.from(raw.is_some()));
        let raw = raw.unwrap_or_default();
        TransitionSettings {
            enabled: raw.enabled.unwrap_or(true),
            removable_from: raw.removable_from.map(|list| {
                shared
                    .statuses
                    .check_all("gates.transition.removable_from", &list, problems)
            }),
        }
    }
}

impl GateSection for TransitionSettings {
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

    fn clone_box(&self) -> Box<dyn GateSection> {
        Box::new(self.clone())
    }
}
