//! Writing settings back as gate.toml text (`gate init`): TOML spelling of
//! values, and a line commented out when the board tool's own file supplies
//! it (gate.toml layers over that file).

use super::Settings;
use super::util::shown;

/// The settings being written, for the lines of each section.
pub(crate) struct Template<'a> {
    settings: &'a Settings,
}

impl<'a> Template<'a> {
    pub(crate) fn new(settings: &'a Settings) -> Self {
        Template { settings }
    }

    /// Whether the value of `section` comes from the board tool's file (or
    /// is derived from it), so gate.toml should leave it there.
    #[allow(clippy::wrong_self_convention)] // "comes from the tool", not a constructor
    pub(crate) fn from_tool(&self, section: &str) -> bool {
        let s = self.settings;
        let Some(tool) = &s.tool_file else {
            return false;
        };
        s.sources
            .get(section)
            .is_some_and(|src| src.starts_with(&shown(&s.root, tool)) || src.starts_with("derived"))
    }

    /// `key = value`, or `# key = value   # from …` when the tool's file
    /// holds it.
    pub(crate) fn line(&self, section: &str, key: &str, value: &str) -> String {
        if self.from_tool(section) {
            format!(
                "# {key} = {value}   # from {}",
                self.settings.sources[section]
            )
        } else {
            format!("{key} = {value}")
        }
    }
}

/// A TOML string.
pub(crate) fn string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A TOML key: bare when it can be, else quoted.
pub(crate) fn key(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        text.to_owned()
    } else {
        string(text)
    }
}

/// A TOML array of strings.
pub(crate) fn list_of<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.map(string).collect();
    format!("[{}]", items.join(", "))
}

pub(crate) fn list(items: &[String]) -> String {
    list_of(items.iter().map(String::as_str))
}

/// An inline table `{ a = 1, b = 2 }` of already written values.
pub(crate) fn inline_table(items: impl Iterator<Item = (String, String)>) -> String {
    let items: Vec<String> = items.map(|(k, v)| format!("{} = {v}", key(&k))).collect();
    if items.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", items.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_spelling() {
        assert_eq!(string("a\"b"), "'a\"b'");
        assert_eq!(key("in_progress"), "in_progress");
        assert_eq!(key("In Progress"), "\"In Progress\"");
        assert_eq!(list(&["a".to_owned(), "b".to_owned()]), r#"["a", "b"]"#);
        assert_eq!(inline_table(std::iter::empty()), "{}");
        assert_eq!(
            inline_table([("P0".to_owned(), "1.2".to_owned())].into_iter()),
            "{ P0 = 1.2 }"
        );
    }
}
