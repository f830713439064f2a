//! beans (`.beans.yml` at the root): tasks in `beans.path` (default
//! `.beans`) beside the config. beans' statuses are fixed by the tool —
//! `draft`, `todo`, `in-progress`, `completed`, `scrapped` — and new beans
//! start in `beans.default_status` (default `todo`) or as drafts; its
//! priorities are `critical` (the top), `high`, `normal`, `low`, `deferred`.
//! A bean keeps its id in a YAML comment, so gate names beans by file.

use std::collections::BTreeMap;
use std::path::Path;

use super::{self as native, Adapter, Origin, Tool, ToolConfig};
use crate::task::frontmatter::Value;

pub(super) const ADAPTER: Adapter = Adapter {
    tool: Tool::Beans,
    files: &[".beans.yml"],
    read,
};

/// beans' built-in statuses, in the order work moves through them.
const STATUSES: &[&str] = &["draft", "todo", "in-progress", "completed", "scrapped"];

fn read(path: &Path, text: &str) -> Result<ToolConfig, String> {
    let entries = native::parse(text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let beans = match native::get(&entries, "beans") {
        Some(Value::Map(beans)) => Some(beans),
        None | Some(Value::Null) => None,
        Some(_) => return Err("`beans` must be a map".to_owned()),
    };
    let key = |name: &str| beans.and_then(|b| native::text(native::get(b, name)));
    let tasks_dir = match key("path") {
        Some(p) => Origin::new(dir.join(p), "beans.path"),
        None => Origin::new(dir.join(".beans"), ""),
    };
    let start = match key("default_status") {
        Some(s) => Origin::new(vec!["draft".to_owned(), s], "beans.default_status"),
        None => Origin::new(vec!["draft".to_owned(), "todo".to_owned()], ""),
    };
    let mut start = start;
    start.value.dedup();
    let priorities: BTreeMap<String, String> = [("normal", "P2")]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Ok(ToolConfig {
        tool: Tool::Beans,
        file: path.to_path_buf(),
        tasks_dir,
        statuses: Some(Origin::new(
            STATUSES.iter().map(|s| (*s).to_owned()).collect(),
            "",
        )),
        start: Some(start),
        limits: None,
        priority_aliases: Some(Origin::new(priorities, "")),
        top_priority: Some(Origin::new("P0".to_owned(), "")),
        // A bean's id is a YAML comment, not a field.
        required_fields: Some(Origin::new(
            vec!["title".to_owned(), "status".to_owned()],
            "",
        )),
        ids: crate::task::identity::IdRule::Folded,
        finals: Some(Origin::new(
            vec!["completed".to_owned(), "scrapped".to_owned()],
            "",
        )),
        classes: Vec::new(),
        folders: Vec::new(),
        require_claim: Vec::new(),
        stamps: native::MoveStamps::None,
        priority_words: ["deferred", "low", "normal", "high", "critical"]
            .map(str::to_owned)
            .to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_beans_config() {
        let c = read(
            Path::new("/r/.beans.yml"),
            "project:\n  name: x\nbeans:\n  path: .tasks\n  prefix: x-\n  default_status: draft\n",
        )
        .unwrap();
        assert_eq!(c.tasks_dir.value, Path::new("/r/.tasks"));
        assert_eq!(c.start.unwrap().value, ["draft"]);
        assert_eq!(c.statuses.unwrap().value.len(), 5);
        let c = read(Path::new("/r/.beans.yml"), "project:\n  name: x\n").unwrap();
        assert_eq!(c.tasks_dir.value, Path::new("/r/.beans"));
        assert_eq!(c.start.unwrap().value, ["draft", "todo"]);
        assert!(read(Path::new("/r/.beans.yml"), "beans: [1]\n").is_err());
    }
}
