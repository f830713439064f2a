//! `[gates.wip-limit]`: the WIP-limit gate's settings, from gate.toml, a
//! Promethean config's `wipLimits` or the board tool's limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::problem::{ConfigProblem, Problems};
use crate::config::sources::Sources;
use crate::config::template::{self, Template};
use crate::config::{GateSection, Section, Shared};

/// The gate's id: its `[gates.<id>]` section.
pub(crate) const ID: &str = "wip-limit";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWip {
    pub(crate) enabled: Option<bool>,
    pub(crate) warn_at: Option<f64>,
    pub(crate) limits: Option<BTreeMap<String, u32>>,
    pub(crate) priority_allowance: Option<BTreeMap<String, f64>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct WipSettings {
    pub(crate) enabled: bool,
    pub(crate) warn_at: f64,
    pub(crate) limits: BTreeMap<String, u32>,
    pub(crate) priority_allowance: BTreeMap<String, f64>,
    /// kanban-md's classes of service, from its config (not a gate.toml
    /// key: `gate config` does not show them).
    #[serde(skip)]
    pub(crate) classes: Vec<ServiceClass>,
}

pub(crate) use crate::config::native::ServiceClass;

impl WipSettings {
    /// The class of service a task's `class` names (case aside).
    pub(crate) fn class(&self, name: &str) -> Option<&ServiceClass> {
        let name = name.trim();
        self.classes
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

const DEFAULT_LIMITS: &[(&str, u32)] = &[
    ("accepted", 5),
    ("breakdown", 5),
    ("blocked", 3),
    ("ready", 10),
    ("todo", 15),
    ("in_progress", 3),
    ("review", 2),
    ("testing", 2),
    ("document", 2),
];

impl Section for WipSettings {
    const ID: &'static str = ID;
    type Raw = RawWip;

    fn validate(
        raw: Option<RawWip>,
        shared: &Shared<'_>,
        sources: &mut Sources,
        problems: &mut Problems,
    ) -> WipSettings {
        validate(raw, shared, sources, problems)
    }
}

fn validate(
    raw: Option<RawWip>,
    cx: &Shared<'_>,
    sources: &mut Sources,
    problems: &mut Problems,
) -> WipSettings {
    let p = cx.promethean;
    let wip_present = raw.is_some() || p.is_some_and(|p| p.wip_limits.is_some());
    let tool_limits = cx.tool.and_then(|t| t.limits.as_ref());
    let user_limits = raw.as_ref().is_some_and(|w| w.limits.is_some());
    let source = match tool_limits {
        Some(o) if !wip_present => sources.tool(o.key),
        _ => sources.from(wip_present),
    };
    sources.set("gates.wip-limit", source);
    let rw = raw.unwrap_or_default();
    let warn_at = rw.warn_at.unwrap_or(0.8);
    if !(warn_at > 0.0 && warn_at <= 1.0) {
        problems.push(ConfigProblem::WarnAt { value: warn_at });
    }
    let limits_key = if p.is_some_and(|p| p.wip_limits.is_some()) {
        "wipLimits"
    } else {
        "gates.wip-limit.limits"
    };
    let raw_limits: BTreeMap<String, u32> =
        if let Some(limits) = p.and_then(|p| p.wip_limits.as_ref()) {
            let mut out = BTreeMap::new();
            for (status, value) in limits {
                match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => {
                        out.insert(status.clone(), n);
                    }
                    None => problems.push(ConfigProblem::LimitNotWhole {
                        status: status.clone(),
                        value: value.to_string(),
                    }),
                }
            }
            out
        } else if let Some(o) = tool_limits.filter(|_| !user_limits) {
            sources.set("gates.wip-limit.limits", sources.tool(o.key));
            o.value.clone()
        } else if cx.statuses_from_tool && !user_limits {
            // The tool's board states no limits: gate adds none of its own.
            sources.set("gates.wip-limit.limits", sources.tool("no limits"));
            BTreeMap::new()
        } else {
            rw.limits.unwrap_or_else(|| {
                DEFAULT_LIMITS
                    .iter()
                    .filter(|(s, _)| cx.statuses.contains(s))
                    .map(|(s, n)| ((*s).to_owned(), *n))
                    .collect()
            })
        };
    // Limits read from the tool's file are named by its key there.
    let limits_key = match tool_limits {
        Some(o) if !user_limits => o.key,
        _ => limits_key,
    };
    let mut limits = BTreeMap::new();
    for (status, n) in raw_limits {
        let entry = format!("{limits_key}.{status}");
        if let Some(key) = cx.statuses.check(&entry, &status, problems) {
            limits.insert(key, n);
        }
    }
    let mut priority_allowance = BTreeMap::new();
    for (prio, factor) in rw.priority_allowance.unwrap_or_default() {
        let canonical = cx.vocab.priority(&prio);
        if canonical.rank() == u8::MAX {
            problems.push(ConfigProblem::UnknownPriority {
                key: "gates.wip-limit.priority_allowance",
                priority: prio,
            });
            continue;
        }
        if !(factor.is_finite() && factor >= 1.0) {
            problems.push(ConfigProblem::AllowanceBelowOne {
                priority: prio,
                factor,
            });
            continue;
        }
        priority_allowance.insert(canonical.to_string(), factor);
    }
    WipSettings {
        enabled: rw.enabled.unwrap_or(true),
        warn_at,
        limits,
        priority_allowance,
        classes: cx.tool.map(|t| t.classes.clone()).unwrap_or_default(),
    }
}

impl GateSection for WipSettings {
    fn id(&self) -> &'static str {
        ID
    }

    fn enabled(&self) -> bool {
        self.enabled
    }

    fn effective(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn template(&self, t: &Template<'_>) -> String {
        let limits = template::inline_table(
            self.limits
                .iter()
                .map(|(status, n)| (status.clone(), n.to_string())),
        );
        let allowance = template::inline_table(
            self.priority_allowance
                .iter()
                .map(|(prio, f)| (prio.clone(), format!("{f:?}"))),
        );
        format!(
            r"[gates.wip-limit]
enabled = {enabled}
# Warn when a move fills a column to this share of its limit.
warn_at = {warn_at:?}
# Column limits; a column not listed (or 0) is unlimited.
{limits}
# Multiply the limit for urgent work, e.g. {{ P0 = 1.2, P1 = 1.1 }} (rounded down).
priority_allowance = {allowance}
",
            enabled = self.enabled,
            warn_at = self.warn_at,
            limits = t.line("gates.wip-limit.limits", "limits", &limits),
        )
    }

    fn clone_box(&self) -> Box<dyn GateSection> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::statuses::{self, RawWorkflow};
    use crate::task::Vocabulary;

    fn flow() -> statuses::WorkflowSection {
        let mut sources = Sources::new(None, None);
        let mut problems = Problems::default();
        statuses::validate(
            Some(&RawWorkflow::default()),
            None,
            None,
            false,
            &mut sources,
            &mut problems,
        )
    }

    #[test]
    fn every_bad_setting_is_reported_and_the_good_ones_kept() {
        let flow = flow();
        let statuses = &flow.statuses;
        let vocab = Vocabulary::new(statuses.list.clone(), BTreeMap::new(), BTreeMap::new());
        let raw = RawWip {
            warn_at: Some(0.0),
            limits: Some(BTreeMap::from([
                ("in_progres".to_owned(), 3),
                ("review".to_owned(), 1),
            ])),
            priority_allowance: Some(BTreeMap::from([
                ("P0".to_owned(), 0.5),
                ("P1".to_owned(), 1.5),
                ("P7".to_owned(), 2.0),
            ])),
            ..RawWip::default()
        };
        let cx = Shared {
            promethean: None,
            tool: None,
            statuses,
            workflow: &flow.workflow,
            statuses_from_tool: false,
            vocab: &vocab,
        };
        let mut sources = Sources::new(Some("gate.toml".into()), None);
        let mut problems = Problems::default();
        let wip = validate(Some(raw), &cx, &mut sources, &mut problems);
        let shown: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "`gates.wip-limit.warn_at` must be in (0, 1], not 0",
                "`gates.wip-limit.limits.in_progres` names status `in_progres`, which is not in `workflow.statuses`\nhelp: did you mean `in_progress`?",
                "`gates.wip-limit.priority_allowance.P0` must be at least 1.0, not 0.5",
                "`gates.wip-limit.priority_allowance`: `P7` is not a priority",
            ]
        );
        assert_eq!(wip.limits, BTreeMap::from([("review".to_owned(), 1)]));
        assert_eq!(wip.priority_allowance.keys().collect::<Vec<_>>(), ["P1"]);
        assert_eq!(sources.map["gates.wip-limit"], "gate.toml");
    }
}
