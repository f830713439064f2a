//! Where each part of the settings came from (`gate config` prints it): the
//! config file, the board tool's file and key, or a built-in default.

use std::collections::BTreeMap;

/// The sources recorded so far, and the names they are given in.
#[derive(Debug)]
pub(crate) struct Sources {
    pub(crate) map: BTreeMap<&'static str, String>,
    /// The config file as shown, or `built-in default`.
    file: String,
    /// The board tool's file as shown, or empty.
    tool_file: String,
}

const DEFAULT: &str = "built-in default";

impl Sources {
    pub(crate) fn new(file: Option<String>, tool_file: Option<String>) -> Self {
        Sources {
            map: BTreeMap::new(),
            file: file.unwrap_or_else(|| DEFAULT.to_owned()),
            tool_file: tool_file.unwrap_or_default(),
        }
    }

    /// The config file.
    pub(crate) fn file(&self) -> String {
        self.file.clone()
    }

    /// A built-in default.
    #[allow(clippy::unused_self)] // read like `file()` and `tool()` at the call sites
    pub(crate) fn default(&self) -> String {
        DEFAULT.to_owned()
    }

    /// `backlog/config.yml (statuses)`: the tool's file and key.
    pub(crate) fn tool(&self, key: &str) -> String {
        if key.is_empty() {
            self.tool_file.clone()
        } else {
            format!("{} ({key})", self.tool_file)
        }
    }

    /// The config file when it sets the section, else the default.
    pub(crate) fn from(&self, present: bool) -> String {
        if present { self.file() } else { self.default() }
    }

    /// A gate section that is on with no config where the board has a
    /// tool: the tool's file when the section is absent, else as [`from`](Self::from).
    pub(crate) fn tool_or_from(&self, has_tool: bool, present: bool) -> String {
        if has_tool && !present {
            self.tool("")
        } else {
            self.from(present)
        }
    }

    pub(crate) fn set(&mut self, section: &'static str, source: String) {
        self.map.insert(section, source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let s = Sources::new(Some("gate.toml".into()), Some("kanban/config.yml".into()));
        assert_eq!(s.from(true), "gate.toml");
        assert_eq!(s.from(false), "built-in default");
        assert_eq!(s.tool("wip_limits"), "kanban/config.yml (wip_limits)");
        assert_eq!(s.tool(""), "kanban/config.yml");
        assert_eq!(Sources::new(None, None).file(), "built-in default");
    }
}
