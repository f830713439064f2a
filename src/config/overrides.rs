//! `[overrides]`: what `--force` may do.

use serde::{Deserialize, Serialize};

use super::GATE_IDS;
use super::problem::{ConfigProblem, Problems};
use super::util::{nearest, strings};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverrides {
    pub require_reason: Option<bool>,
    pub allowed: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverrideSettings {
    pub require_reason: bool,
    pub allowed: Vec<String>,
}

/// The problem with gate id `id` named at `key`, if it names no gate.
pub fn check_gate_id(key: &'static str, id: &str) -> Option<ConfigProblem> {
    (!GATE_IDS.contains(&id)).then(|| ConfigProblem::UnknownGate {
        key,
        id: id.to_owned(),
        gates: GATE_IDS,
        suggestion: nearest(id, GATE_IDS.iter().copied()),
    })
}

/// `(settings, whether the file set any)`.
pub fn validate(raw: Option<RawOverrides>, problems: &mut Problems) -> (OverrideSettings, bool) {
    let raw = raw.unwrap_or_default();
    let present = raw.require_reason.is_some() || raw.allowed.is_some();
    let allowed = raw.allowed.unwrap_or_else(|| strings(GATE_IDS));
    for gate in &allowed {
        if let Some(problem) = check_gate_id("overrides.allowed", gate) {
            problems.push(problem);
        }
    }
    let settings = OverrideSettings {
        require_reason: raw.require_reason.unwrap_or(true),
        allowed,
    };
    (settings, present)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_gate_is_reported_with_a_suggestion() {
        let raw = RawOverrides {
            allowed: Some(strings(&["wip-limits", "transition", "nope"])),
            ..RawOverrides::default()
        };
        let mut problems = Problems::default();
        let (settings, present) = validate(Some(raw), &mut problems);
        assert!(present && settings.require_reason);
        let shown: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "`overrides.allowed`: unknown gate `wip-limits` (gates: transition, wip-limit, p0-security)\nhelp: did you mean `wip-limit`?",
                "`overrides.allowed`: unknown gate `nope` (gates: transition, wip-limit, p0-security)"
            ]
        );
    }

    #[test]
    fn by_default_every_gate_may_be_overridden() {
        let mut problems = Problems::default();
        let (settings, present) = validate(None, &mut problems);
        assert!(!present && problems.is_empty());
        assert_eq!(settings.allowed, GATE_IDS);
    }
}
