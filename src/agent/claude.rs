//! Claude Code's `PreToolUse` hook: a JSON object on standard input with
//! `hook_event_name`, `tool_name`, `tool_input` and `cwd`; exit 0 lets the
//! tool call go ahead, exit 2 blocks it and shows standard error to the
//! model, and any other code is an error shown to the user while the call
//! goes ahead. The file tools: `Write` (`file_path`, `content`), `Edit`
//! (`file_path`, `old_string`, `new_string`, `replace_all`) and `MultiEdit`
//! (`file_path`, `edits`: a list of `Edit`'s three).

use std::path::PathBuf;

use serde::Deserialize;

use super::{Adapter, Call, Edit, PayloadError, Protocol, Replacement};

pub(super) struct ClaudeCode;

#[derive(Deserialize)]
struct Payload {
    hook_event_name: String,
    tool_name: String,
    #[serde(default)]
    tool_input: serde_json::Value,
    cwd: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Write {
    file_path: PathBuf,
    content: String,
}

#[derive(Deserialize)]
struct EditInput {
    file_path: PathBuf,
    #[serde(flatten)]
    edit: OneEdit,
}

#[derive(Deserialize)]
struct OneEdit {
    old_string: String,
    new_string: String,
    #[serde(default)]
    replace_all: bool,
}

#[derive(Deserialize)]
struct MultiEdit {
    file_path: PathBuf,
    edits: Vec<OneEdit>,
}

impl From<OneEdit> for Replacement {
    fn from(e: OneEdit) -> Replacement {
        Replacement {
            old: e.old_string,
            new: e.new_string,
            all: e.replace_all,
        }
    }
}

fn input<'de, T: Deserialize<'de>>(
    tool: &str,
    value: &'de serde_json::Value,
) -> Result<T, PayloadError> {
    T::deserialize(value).map_err(|e| {
        PayloadError(format!(
            "the `tool_input` of a `{tool}` call cannot be read: {e}"
        ))
    })
}

impl Adapter for ClaudeCode {
    fn name(&self) -> &'static str {
        "claude-code"
    }

    fn read(&self, payload: &[u8]) -> Result<Call, PayloadError> {
        let payload: Payload = serde_json::from_slice(payload).map_err(|e| {
            PayloadError(format!(
                "the payload is not a Claude Code hook payload (a JSON object with `hook_event_name`, `tool_name` and `tool_input`): {e}"
            ))
        })?;
        if payload.hook_event_name != "PreToolUse" {
            return Err(PayloadError(format!(
                "a `{}` payload: gate judges an edit before it is made, so it runs as a `PreToolUse` hook",
                payload.hook_event_name
            )));
        }
        let tool = payload.tool_name.as_str();
        let (path, edit) = match tool {
            "Write" => {
                let w: Write = input(tool, &payload.tool_input)?;
                (w.file_path, Edit::Write(w.content))
            }
            "Edit" => {
                let e: EditInput = input(tool, &payload.tool_input)?;
                (e.file_path, Edit::Replace(vec![e.edit.into()]))
            }
            "MultiEdit" => {
                let m: MultiEdit = input(tool, &payload.tool_input)?;
                let edits = m.edits.into_iter().map(Replacement::from).collect();
                (m.file_path, Edit::Replace(edits))
            }
            _ => return Ok(Call::Other),
        };
        Ok(Call::Edit {
            path,
            cwd: payload.cwd,
            edit,
        })
    }

    fn protocol(&self) -> Protocol {
        Protocol {
            allow: 0,
            block: 2,
            error: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Call, PayloadError> {
        ClaudeCode.read(json.as_bytes())
    }

    #[test]
    fn the_file_tools_are_read() {
        let write = read(
            r#"{"hook_event_name":"PreToolUse","tool_name":"Write","cwd":"/p","tool_input":{"file_path":"t/a.md","content":"x"}}"#,
        )
        .unwrap();
        assert_eq!(
            write,
            Call::Edit {
                path: "t/a.md".into(),
                cwd: Some("/p".into()),
                edit: Edit::Write("x".into())
            }
        );
        let multi = read(
            r#"{"hook_event_name":"PreToolUse","tool_name":"MultiEdit","tool_input":{"file_path":"/a.md","edits":[{"old_string":"a","new_string":"b"},{"old_string":"c","new_string":"d","replace_all":true}]}}"#,
        )
        .unwrap();
        let Call::Edit {
            edit: Edit::Replace(edits),
            ..
        } = multi
        else {
            panic!("{multi:?}")
        };
        assert_eq!(edits.len(), 2);
        assert!(edits[1].all && !edits[0].all);
        let other = read(
            r#"{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#,
        )
        .unwrap();
        assert_eq!(other, Call::Other);
    }

    #[test]
    fn a_malformed_payload_says_what_is_wrong() {
        for (json, says) in [
            ("not json", "not a Claude Code hook payload"),
            (r#"{"tool_name":"Write"}"#, "hook_event_name"),
            (
                r#"{"hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{}}"#,
                "`PostToolUse` payload",
            ),
            (
                r#"{"hook_event_name":"PreToolUse","tool_name":"Edit","tool_input":{"file_path":"a.md"}}"#,
                "`Edit` call cannot be read",
            ),
            (
                r#"{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"a.md","content":3}}"#,
                "`Write` call cannot be read",
            ),
        ] {
            let e = read(json).unwrap_err().to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
