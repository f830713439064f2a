//! `[priorities]`: extra names for P0–P3, over the board tool's own.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::native::ToolConfig;
use super::problem::{ConfigProblem, Problems};
use super::sources::Sources;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPriorities {
    pub(crate) aliases: Option<BTreeMap<String, String>>,
}

/// The priority aliases in effect: the tool's names first, then the
/// user's over them; each must name P0, P1, P2 or P3.
pub(crate) fn validate(
    raw: Option<RawPriorities>,
    tool: Option<&ToolConfig>,
    sources: &mut Sources,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let user = raw.and_then(|p| p.aliases);
    let tool_aliases = tool.and_then(|t| t.priority_aliases.as_ref());
    let source = match (&user, tool_aliases) {
        (None, Some(o)) => sources.tool(o.key),
        (present, _) => sources.from(present.is_some()),
    };
    sources.set("priorities", source);
    let mut aliases = tool_aliases.map(|o| o.value.clone()).unwrap_or_default();
    aliases.extend(user.unwrap_or_default());
    aliases.retain(|alias, target| {
        let good = matches!(target.to_uppercase().as_str(), "P0" | "P1" | "P2" | "P3");
        if !good {
            problems.push(ConfigProblem::PriorityAliasTarget {
                alias: alias.clone(),
                target: target.clone(),
            });
        }
        good
    });
    aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_target_is_reported() {
        let raw = RawPriorities {
            aliases: Some(BTreeMap::from([
                ("urgent".to_owned(), "p0".to_owned()),
                ("meh".to_owned(), "P9".to_owned()),
                ("zzz".to_owned(), "low".to_owned()),
            ])),
        };
        let mut problems = Problems::default();
        let mut sources = Sources::new(Some("gate.toml".into()), None);
        let aliases = validate(Some(raw), None, &mut sources, &mut problems);
        assert_eq!(aliases.keys().collect::<Vec<_>>(), ["urgent"]);
        let shown: Vec<String> = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "`priorities.aliases.meh` must name P0, P1, P2 or P3, not `P9`",
                "`priorities.aliases.zzz` must name P0, P1, P2 or P3, not `low`"
            ]
        );
        assert_eq!(sources.map["priorities"], "gate.toml");
    }
}
