//! `[overrides]`: what `--force` may do.

use serde::{Deserialize, Serialize};

use super::problem::{ConfigProblem, Problems};
use super::util::{nearest, strings};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverrides {
    pub(crate) require_reason: Option<bool>,
    pub(crate) allowed: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct OverrideSettings {
    pub(crate) require_reason: bool,
    pub(crate) allowed: Vec<String>,
}

/// The problem with gate id `id` named at `key`, if it names none of
/// `gates`.
pub(crate) fn check_gate_id(
    key: &'static str,
    id: &str,
    gates: &'static [&'static str],
) -> Option<ConfigProblem> {
    (!gates.contains(&id)).then(|| ConfigProblem::UnknownGate {
        key,
        id: id.to_owned(),
        gates,
        suggestion: nearest(id, gates.iter().copied()),
    })
}

/// `(settings, whether the file set any)`; `gates`: every gate's id.
pub(crate) fn validate(
    raw: Option<RawOverrides>,
    gates: &'static [&'static str],
    problems: &mut Problems,
) -> (OverrideSettings, bool) {
    let raw = raw.unwrap_or_default();
    let present = raw.require_reason.is_some() || raw.allowed.is_some();
    let allowed = raw.allowed.unwrap_or_else(|| strings(gates));
    for gate in &allowed {
        if let Some(problem) = check_gate_id("overrides.allowed", gate, gates) {
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

    const IDS: &[&str] = &["transition", "wip-limit", "p0-security"];

    #[test]
    fn every_unknown_gate_is_reported_with_a_suggestion() {
        let raw = RawOverrides {
            allowed: Some(strings(&["wip-limits", "transition", "nope"])),
            ..RawOverrides::default()
        };
        let mut problems = Problems::default();
        let (settings, present) = validate(Some(raw), IDS, &mut problems);
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
        let (settings, present) = validate(None, IDS, &mut problems);
        assert!(!present && problems.is_empty());
        assert_eq!(settings.allowed, IDS);
    }
}
