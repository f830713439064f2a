//! The parts of a Promethean `promethean.kanban.json` that gate reads; the
//! rest of the file is kept and ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrometheanConfig {
    pub(crate) tasks_dir: Option<String>,
    pub(crate) status_values: Option<Vec<String>>,
    pub(crate) wip_limits: Option<BTreeMap<String, serde_json::Value>>,
    pub(crate) transition_rules: Option<PrometheanRules>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PrometheanRules {
    #[serde(default)]
    pub(crate) rules: Vec<PrometheanRule>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PrometheanRule {
    #[serde(default)]
    pub(crate) from: Vec<String>,
    #[serde(default)]
    pub(crate) to: Vec<String>,
}
