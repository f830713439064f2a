//! kanban-md (`kanban/config.yml`): tasks in `tasks_dir` (default `tasks`)
//! beside the config, statuses as strings or `{name: …}` objects,
//! `defaults.status` as the start state, column limits from the top-level
//! `wip_limits:` map, priorities listed lowest first (the last is `P0`).

use std::collections::BTreeMap;
use std::path::Path;

use super::{self as native, Adapter, Origin, Tool, ToolConfig};
use crate::task::frontmatter::Value;

/// kanban-md's soft-delete status.
const ARCHIVED: &str = "archived";

pub(super) const ADAPTER: Adapter = Adapter {
    tool: Tool::KanbanMd,
    files: &["kanban/config.yml"],
    read,
};

#[allow(clippy::too_many_lines)] // the tool's config keys, one after another
fn read(path: &Path, text: &str) -> Result<ToolConfig, String> {
    let entries = native::parse(text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let tasks_dir = match native::text(native::get(&entries, "tasks_dir")) {
        Some(d) => Origin::new(dir.join(d), "tasks_dir"),
        None => Origin::new(dir.join("tasks"), ""),
    };
    let statuses = native::get(&entries, "statuses")
        .map(|v| native::names(v, "statuses"))
        .transpose()?
        .filter(|s| !s.is_empty());
    let start = match native::get(&entries, "defaults") {
        Some(Value::Map(defaults)) => native::text(native::get(defaults, "status")),
        _ => None,
    }
    .map(|s| Origin::new(vec![s], "defaults.status"));
    let limits = match native::get(&entries, "wip_limits") {
        None | Some(Value::Null) => None,
        Some(Value::Map(map)) => {
            let mut limits = BTreeMap::new();
            for (status, value) in map {
                let n = match value {
                    Value::Int(n) => u32::try_from(*n).ok(),
                    _ => None,
                }
                .ok_or_else(|| format!("`wip_limits.{status}` must be a whole number"))?;
                limits.insert(status.to_string(), n);
            }
            Some(Origin::new(limits, "wip_limits"))
        }
        Some(_) => return Err("`wip_limits` must be a map of status to limit".to_owned()),
    };
    let priorities = native::get(&entries, "priorities")
        .map(|v| native::names(v, "priorities"))
        .transpose()?
        .unwrap_or_default();
    let (aliases, top) = native::rank_lowest_first(&priorities);
    // kanban-md's terminal statuses: the one before `archived` and
    // `archived` when the list ends with it, else the last.
    let finals = statuses.as_ref().and_then(|list| match list.as_slice() {
        [.., before, last] if last == ARCHIVED => Some(vec![before.clone(), last.clone()]),
        [.., last] => Some(vec![last.clone()]),
        [] => None,
    });
    let require_claim = native::get(&entries, "statuses")
        .map(|v| native::flagged(v, "require_claim"))
        .unwrap_or_default();
    let classes = match native::get(&entries, "classes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Seq(items)) => {
            let mut classes = Vec::new();
            for item in items {
                let (name, limit, bypass) = match item {
                    Value::Map(map) => (
                        native::text(native::get(map, "name")),
                        native::get(map, "wip_limit"),
                        native::get(map, "bypass_column_wip"),
                    ),
                    other => (native::text(Some(other)), None, None),
                };
                let name = name.ok_or("`classes` holds an entry without a name")?;
                let wip_limit = match limit {
                    None | Some(Value::Null) => None,
                    Some(Value::Int(n)) => Some(u32::try_from(*n).map_err(|_| {
                        format!("`classes` entry `{name}`: `wip_limit` must be a whole number")
                    })?),
                    Some(_) => {
                        return Err(format!(
                            "`classes` entry `{name}`: `wip_limit` must be a whole number"
                        ));
                    }
                };
                let bypass_column_wip = matches!(bypass, Some(Value::Bool(true)));
                classes.push(native::ServiceClass {
                    // 0 is kanban-md's "no limit".
                    wip_limit: wip_limit.filter(|n| *n > 0),
                    name,
                    bypass_column_wip,
                });
            }
            classes
        }
        Some(_) => return Err("`classes` must be a list".to_owned()),
    };
    let stamps = native::MoveStamps::KanbanMd {
        first: statuses.as_ref().and_then(|s| s.first().cloned()),
        terminal: finals.clone().unwrap_or_default(),
    };
    Ok(ToolConfig {
        tool: Tool::KanbanMd,
        file: path.to_path_buf(),
        tasks_dir,
        stamps,
        finals: finals.map(|f| Origin::new(f, "statuses")),
        classes,
        folders: Vec::new(),
        require_claim,
        priority_words: if priorities.is_empty() {
            ["low", "medium", "high", "critical"]
                .map(str::to_owned)
                .to_vec()
        } else {
            priorities.clone()
        },
        statuses: statuses.map(|s| Origin::new(s, "statuses")),
        start,
        limits,
        priority_aliases: (!aliases.is_empty()).then(|| Origin::new(aliases, "priorities")),
        top_priority: top.map(|t| Origin::new(t, "priorities")),
        required_fields: None,
        ids: crate::task::identity::IdRule::Numeric,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(path: &Path) -> ToolConfig {
        read(path, &std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Every config version: the three of `fixtures/boards/kanban-md-versions`
    /// (written here in the shapes kanban-md writes), and the real ones beside
    /// the clone when they are there.
    #[test]
    fn reads_every_config_version() {
        let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/boards/kanban-md-versions");
        let roots = std::iter::once(ours).chain(crate::testutil::corpus_dir("kanban-md"));
        for root in roots {
            let v1 = config(&root.join("v1/config.yml"));
            assert_eq!(
                v1.statuses.unwrap().value,
                ["backlog", "todo", "in-progress", "review", "done"]
            );
            assert_eq!(v1.start.unwrap().value, ["backlog"]);
            assert!(v1.limits.is_none());
            assert!(v1.tasks_dir.value.ends_with("v1/tasks"));
            for version in ["v6", "v10"] {
                let c = config(&root.join(version).join("config.yml"));
                assert_eq!(
                    c.statuses.unwrap().value,
                    [
                        "backlog",
                        "todo",
                        "in-progress",
                        "review",
                        "done",
                        "archived"
                    ],
                    "{version}"
                );
                let limits = c.limits.unwrap().value;
                assert_eq!(limits.get("in-progress"), Some(&3), "{version}");
                assert_eq!(limits.get("review"), Some(&2), "{version}");
                assert!(c.priority_aliases.is_none(), "{version}");
                assert_eq!(c.top_priority.unwrap().value, "P0");
            }
        }
    }

    #[test]
    fn bad_limits_are_errors() {
        let err = read(Path::new("/k/config.yml"), "wip_limits:\n  review: lots\n").unwrap_err();
        assert!(err.contains("wip_limits.review"), "{err}");
    }
}
