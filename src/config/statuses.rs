//! `[workflow]`: the board's statuses, start states, transitions and status
//! aliases — from gate.toml, a Promethean config or the board tool's file —
//! validated into a [`Workflow`], and the status check every other section
//! uses for the statuses it names.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::native::ToolConfig;
use super::problem::{ConfigProblem, Problems};
use super::promethean::PrometheanConfig;
use super::sources::Sources;
use super::util::{nearest, strings};
use super::workflow::{DEFAULT_START, DEFAULT_STATUSES, Preset, Workflow};
use crate::task::normalize::DEFAULT_STATUS_ALIASES;
use crate::task::status_key;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWorkflow {
    pub(crate) statuses: Option<Vec<String>>,
    pub(crate) start: Option<Vec<String>>,
    pub(crate) transitions: Option<BTreeMap<String, Vec<String>>>,
    pub(crate) aliases: Option<BTreeMap<String, String>>,
    /// A named workflow instead of a table: `any`, `forward`, `linear`.
    pub(crate) preset: Option<String>,
    /// Set by the top-level `workflow = "<preset>"` form.
    #[serde(skip)]
    pub(crate) shorthand: bool,
}

/// The board's statuses, for checking the statuses other settings name.
#[derive(Debug)]
pub(crate) struct Statuses {
    /// The keys, in board order.
    pub(crate) list: Vec<String>,
    // Membership through a set: a config may list 200 000 statuses.
    known: HashSet<String>,
    /// The key the statuses are set by, as the config file spells it.
    key: &'static str,
    /// The statuses could not be read (their section is broken): other
    /// sections' statuses are not checked against a guess.
    unknown: bool,
}

impl Statuses {
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.known.contains(key)
    }

    /// The key of status `s` named by setting `what`; a problem when it is
    /// not a status of the board.
    pub(crate) fn check(&self, what: &str, s: &str, problems: &mut Problems) -> Option<String> {
        let key = status_key(s);
        if self.known.contains(&key) || self.unknown {
            return Some(key);
        }
        problems.push(ConfigProblem::UnknownStatus {
            key: what.to_owned(),
            status: s.to_owned(),
            statuses_key: self.key,
            suggestion: nearest(&key, self.list.iter().map(String::as_str)),
        });
        None
    }

    /// The keys of a list of statuses, each checked.
    pub(crate) fn check_all(
        &self,
        what: &str,
        list: &[String],
        problems: &mut Problems,
    ) -> Vec<String> {
        list.iter()
            .filter_map(|s| self.check(what, s, problems))
            .collect()
    }
}

/// What the workflow section gives the others.
pub(crate) struct WorkflowSection {
    pub(crate) workflow: Workflow,
    pub(crate) statuses: Statuses,
    pub(crate) status_aliases: BTreeMap<String, String>,
    /// The statuses come from the board tool's file.
    pub(crate) from_tool: bool,
}

/// Validates the workflow: statuses, start, transitions, aliases.
/// `broken`: gate.toml's `[workflow]` did not parse.
pub(crate) fn validate(
    raw: Option<&RawWorkflow>,
    promethean: Option<&PrometheanConfig>,
    tool: Option<&ToolConfig>,
    broken: bool,
    sources: &mut Sources,
    problems: &mut Problems,
) -> WorkflowSection {
    let listed = listed_statuses(raw, promethean, tool, broken, sources, problems);
    let statuses = listed.statuses;
    let start = start_states(raw, tool, &statuses, sources, problems);
    let preset = preset(raw, problems);
    let (table, derived) = transitions(
        &Origins {
            raw,
            promethean,
            tool,
        },
        preset,
        listed.configured,
        &statuses,
        sources,
        problems,
    );
    let status_aliases = status_aliases(raw, &statuses, sources, problems);
    let mut workflow = Workflow::new(statuses.list.clone(), start, table, derived, listed.names);
    // Final statuses: the tool's, where the board has them; else the
    // statuses the workflow never leaves.
    let tool_finals = tool
        .and_then(|t| t.finals.as_ref())
        .map(|o| known_keys(&o.value, &statuses))
        .unwrap_or_default();
    let finals = if tool_finals.is_empty() {
        workflow.dead_ends()
    } else {
        tool_finals
    };
    workflow.set_finals(finals);
    workflow.require_claim = tool
        .map(|t| known_keys(&t.require_claim, &statuses))
        .unwrap_or_default();
    WorkflowSection {
        workflow,
        statuses,
        status_aliases,
        from_tool: listed.from_tool,
    }
}

/// The keys of `list` that are statuses of the board, in its order.
fn known_keys(list: &[String], statuses: &Statuses) -> Vec<String> {
    list.iter()
        .map(|s| status_key(s))
        .filter(|k| statuses.contains(k))
        .collect()
}

/// The three places a workflow may come from: gate.toml, a Promethean
/// config, the board tool's file.
struct Origins<'a> {
    raw: Option<&'a RawWorkflow>,
    promethean: Option<&'a PrometheanConfig>,
    tool: Option<&'a ToolConfig>,
}

/// The board's statuses as listed, and what the listing says.
struct Listed {
    statuses: Statuses,
    /// Each status's key and the name it is written with.
    names: BTreeMap<String, String>,
    /// A list other than the built-in columns.
    configured: bool,
    /// The statuses come from the board tool's file.
    from_tool: bool,
}

/// The board's statuses: the Promethean config's or gate.toml's, else the
/// board tool's, else the built-in columns.
fn listed_statuses(
    raw: Option<&RawWorkflow>,
    p: Option<&PrometheanConfig>,
    tool: Option<&ToolConfig>,
    broken: bool,
    sources: &mut Sources,
    problems: &mut Problems,
) -> Listed {
    let tool_statuses = tool.and_then(|t| t.statuses.as_ref());
    let statuses_raw: Vec<String> = match (
        p.and_then(|p| p.status_values.clone()),
        raw.and_then(|w| w.statuses.clone()),
    ) {
        (Some(values), _) | (None, Some(values)) => {
            sources.set("workflow.statuses", sources.file());
            values
        }
        (None, None) => {
            if let Some(o) = tool_statuses {
                sources.set("workflow.statuses", sources.tool(o.key));
                o.value.clone()
            } else {
                sources.set("workflow.statuses", sources.default());
                strings(DEFAULT_STATUSES)
            }
        }
    };
    // Messages name keys as the config file spells them.
    let statuses_key = if p.is_some_and(|p| p.status_values.is_some()) {
        "statusValues"
    } else {
        "workflow.statuses"
    };
    // A list of statuses other than the built-in columns, without
    // transitions, gets a derived workflow rather than the default table
    // (the built-in columns keep it, even when a file lists them).
    let configured = {
        let mut keys: Vec<String> = statuses_raw.iter().map(|s| status_key(s)).collect();
        keys.sort();
        keys.dedup();
        let mut default = strings(DEFAULT_STATUSES);
        default.sort();
        keys != default
    };
    let from_tool = tool_statuses.is_some()
        && p.and_then(|p| p.status_values.as_ref()).is_none()
        && raw.and_then(|w| w.statuses.as_ref()).is_none();
    let mut list: Vec<String> = Vec::new();
    let mut known = HashSet::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for s in &statuses_raw {
        let key = status_key(s);
        if key.is_empty() {
            problems.push(ConfigProblem::BadStatusName {
                key: statuses_key,
                name: s.clone(),
            });
            continue;
        }
        if known.insert(key.clone()) {
            names.insert(key.clone(), s.trim().to_owned());
            list.push(key);
        }
    }
    // A gate.toml that lists statuses by key (`in_progress`) over a tool's
    // board keeps the board's spelling (`In Progress`) for writing.
    for spelled in tool_statuses.map_or(&[][..], |o| o.value.as_slice()) {
        let key = status_key(spelled);
        if let Some(name) = names.get_mut(&key).filter(|n| **n == key) {
            spelled.trim().clone_into(name);
        }
    }
    Listed {
        statuses: Statuses {
            list,
            known,
            key: statuses_key,
            unknown: broken,
        },
        names,
        configured,
        from_tool,
    }
}

/// Start states: configured, else the defaults that exist here.
fn start_states(
    raw: Option<&RawWorkflow>,
    tool: Option<&ToolConfig>,
    statuses: &Statuses,
    sources: &mut Sources,
    problems: &mut Problems,
) -> Vec<String> {
    if let Some(start) = raw.and_then(|w| w.start.as_ref()) {
        sources.set("workflow.start", sources.file());
        statuses.check_all("workflow.start", start, problems)
    } else if let Some(o) = tool.and_then(|t| t.start.as_ref()) {
        sources.set("workflow.start", sources.tool(o.key));
        statuses.check_all(o.key, &o.value, problems)
    } else {
        sources.set("workflow.start", sources.default());
        let mut start: Vec<String> = strings(DEFAULT_START)
            .into_iter()
            .filter(|s| statuses.contains(s))
            .collect();
        if start.is_empty() {
            start.extend(statuses.list.first().cloned());
        }
        start
    }
}

/// A preset named in gate.toml; a problem when it is unknown, or set
/// beside a transitions table.
fn preset(raw: Option<&RawWorkflow>, problems: &mut Problems) -> Option<Preset> {
    let preset = raw
        .and_then(|w| w.preset.as_ref().map(|p| (p, w.shorthand)))
        .and_then(|(text, shorthand)| {
            let key = if shorthand {
                "workflow"
            } else {
                "workflow.preset"
            };
            let found = Preset::parse(text);
            if found.is_none() {
                problems.push(ConfigProblem::UnknownPreset {
                    key,
                    value: text.clone(),
                    suggestion: nearest(text, Preset::ALL.iter().map(|p| p.name())),
                });
            }
            found
        });
    let table_set = raw
        .and_then(|w| w.transitions.as_ref())
        .is_some_and(|t| !t.is_empty());
    if preset.is_some() && table_set {
        problems.push(ConfigProblem::PresetAndTable);
    }
    preset
}

/// The transitions table, and the preset it was derived from if any: the
/// Promethean rules, gate.toml's table, a preset, any-to-any for a board
/// tool's plain list, derived from a configured list, or the default
/// table restricted to the board's statuses.
fn transitions(
    from: &Origins<'_>,
    preset: Option<Preset>,
    statuses_configured: bool,
    statuses: &Statuses,
    sources: &mut Sources,
    problems: &mut Problems,
) -> (BTreeMap<String, Vec<String>>, Option<Preset>) {
    let tool_statuses = from.tool.and_then(|t| t.statuses.as_ref());
    if let Some(rules) = from
        .promethean
        .and_then(|p| p.transition_rules.as_ref())
        .filter(|r| !r.rules.is_empty())
    {
        sources.set("workflow.transitions", sources.file());
        (rules_table(&rules.rules, statuses, problems), None)
    } else if let Some(t) = from
        .raw
        .and_then(|w| w.transitions.as_ref())
        // An empty table (a bare `[workflow.transitions]` header) sets nothing.
        .filter(|t| !t.is_empty())
    {
        sources.set("workflow.transitions", sources.file());
        let mut table = BTreeMap::new();
        for (f, tos) in t {
            // Named by the row's key, so that a problem is placed at its line.
            let row = format!("workflow.transitions.{f}");
            let f = statuses.check(&row, f, problems);
            let tos = statuses.check_all(&row, tos, problems);
            if let Some(f) = f {
                table.insert(f, tos);
            }
        }
        (table, None)
    } else if let Some(preset) = preset {
        sources.set("workflow.transitions", sources.file());
        let table = Workflow::with_preset(statuses.list.clone(), Vec::new(), preset).transitions;
        (table, Some(preset))
    } else if let Some(o) = tool_statuses {
        // A board tool's plain list of statuses: the tool moves any status
        // to any other, so gate does too.
        sources.set(
            "workflow.transitions",
            sources.tool(&format!("{}: any status to any other", o.key)),
        );
        (BTreeMap::new(), Some(Preset::Any))
    } else if statuses_configured {
        sources.set(
            "workflow.transitions",
            "derived from workflow.statuses".to_owned(),
        );
        (
            Workflow::derived_table(&statuses.list),
            Some(Preset::Linear),
        )
    } else {
        sources.set("workflow.transitions", sources.default());
        // The default table, restricted to the statuses this board has.
        let table = Workflow::default_table()
            .into_iter()
            .filter(|(f, _)| statuses.contains(f))
            .map(|(f, tos)| {
                let tos = tos.into_iter().filter(|t| statuses.contains(t)).collect();
                (f, tos)
            })
            .collect();
        (table, None)
    }
}

/// The Promethean `transitionRules` as a table: each `from` status's
/// targets, each once, in the order the rules give them.
fn rules_table(
    rules: &[super::promethean::PrometheanRule],
    statuses: &Statuses,
    problems: &mut Problems,
) -> BTreeMap<String, Vec<String>> {
    let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Each row's targets so far: a rule may list 200 000 statuses.
    let mut in_row: HashSet<(String, String)> = HashSet::new();
    for rule in rules {
        for f in &rule.from {
            let Some(f) = statuses.check("transitionRules.rules[].from", f, problems) else {
                continue;
            };
            let row = table.entry(f.clone()).or_default();
            for t in &rule.to {
                let Some(t) = statuses.check("transitionRules.rules[].to", t, problems) else {
                    continue;
                };
                if in_row.insert((f.clone(), t.clone())) {
                    row.push(t);
                }
            }
        }
    }
    table
}

/// Status aliases: the defaults whose target exists, then the user's.
fn status_aliases(
    raw: Option<&RawWorkflow>,
    statuses: &Statuses,
    sources: &mut Sources,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let mut status_aliases: BTreeMap<String, String> = DEFAULT_STATUS_ALIASES
        .iter()
        .filter(|(_, target)| statuses.contains(target))
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let user_aliases = raw.and_then(|w| w.aliases.as_ref());
    sources.set("workflow.aliases", sources.from(user_aliases.is_some()));
    for (alias, target) in user_aliases.into_iter().flatten() {
        let key = format!("workflow.aliases.{alias}");
        let from = status_key(alias);
        // An alias that folds to nothing would name every status without
        // letters (an unreadable one); one that is a status could never
        // apply, as the status wins.
        let why = if from.is_empty() {
            Some("has no letters or digits, so it would name every status that has none")
        } else if statuses.contains(&from) {
            Some("is a status itself; an alias cannot rename one")
        } else {
            None
        };
        if let Some(why) = why {
            problems.push(ConfigProblem::BadStatusAlias {
                alias: alias.clone(),
                why,
            });
        } else if let Some(target) = statuses.check(&key, target, problems) {
            status_aliases.insert(from, target);
        }
    }
    status_aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &RawWorkflow) -> (WorkflowSection, Vec<String>) {
        let mut sources = Sources::new(Some("gate.toml".into()), None);
        let mut problems = Problems::default();
        let section = validate(Some(raw), None, None, false, &mut sources, &mut problems);
        let shown = problems
            .into_vec()
            .iter()
            .map(ToString::to_string)
            .collect();
        (section, shown)
    }

    #[test]
    fn a_promethean_rules_targets_are_each_listed_once_in_order() {
        let p: PrometheanConfig = serde_json::from_str(
            r#"{"statusValues": ["a", "b", "c"], "transitionRules": {"rules": [
                {"from": ["a"], "to": ["c", "b", "c"]},
                {"from": ["a", "b"], "to": ["b", "a", "nope"]}]}}"#,
        )
        .unwrap();
        let mut sources = Sources::new(Some("promethean.kanban.json".into()), None);
        let mut problems = Problems::default();
        let section = validate(None, Some(&p), None, false, &mut sources, &mut problems);
        assert_eq!(section.workflow.transitions["a"], ["c", "b", "a"]);
        assert_eq!(section.workflow.transitions["b"], ["b", "a"]);
        assert_eq!(problems.into_vec().len(), 2, "`nope`, once per row");
    }

    #[test]
    fn every_unknown_status_is_reported() {
        let raw = RawWorkflow {
            statuses: Some(strings(&["todo", "doing", "done"])),
            start: Some(strings(&["tdo"])),
            transitions: Some(BTreeMap::from([(
                "todo".to_owned(),
                strings(&["doign", "done"]),
            )])),
            aliases: Some(BTreeMap::from([("wip".to_owned(), "nope".to_owned())])),
            ..RawWorkflow::default()
        };
        let (section, problems) = run(&raw);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("`workflow.start` names status `tdo`"));
        assert!(problems[1].contains("did you mean `doing`?"));
        assert!(problems[2].contains("`workflow.aliases.wip` names status `nope`"));
        assert_eq!(section.workflow.transitions["todo"], ["done"]);
    }

    #[test]
    fn a_status_without_a_name_is_a_problem() {
        let raw = RawWorkflow {
            statuses: Some(strings(&["todo", " ", "done"])),
            ..RawWorkflow::default()
        };
        let (section, problems) = run(&raw);
        assert_eq!(
            problems,
            ["`workflow.statuses`: ` ` is not a usable status name"]
        );
        assert_eq!(section.workflow.statuses, ["todo", "done"]);
    }

    #[test]
    fn statuses_that_could_not_be_read_are_not_guessed_at() {
        let mut problems = Problems::default();
        let mut sources = Sources::new(None, None);
        let raw = RawWorkflow {
            start: Some(strings(&["custom"])),
            ..RawWorkflow::default()
        };
        validate(Some(&raw), None, None, true, &mut sources, &mut problems);
        assert!(problems.is_empty());
    }
}
