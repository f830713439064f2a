//! The parts of a Promethean `promethean.kanban.json` that gate reads; the
//! rest of the file is kept and ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrometheanConfig {
    pub tasks_dir: Option<String>,
    pub status_values: Option<Vec<String>>,
    pub wip_limits: Option<BTreeMap<String, serde_json::Value>>,
    pub transition_rules: Option<PrometheanRules>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PrometheanRules {
    #[serde(default)]
    pub rules: Vec<PrometheanRule>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PrometheanRule {
    #[serde(default)]
    pub from: Vec<String>,
    #[serde(default)]
    pub to: Vec<String>,
}
