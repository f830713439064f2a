//! Coding agents' hooks: what an agent's "about to call a tool" payload asks
//! (an edit of which file, to what), and how the hook answers.
//!
//! Each agent's format is one [`Adapter`]: it turns the payload into a
//! [`Call`] and names the exit codes its [`Protocol`] reads. Rebuilding the
//! content an edit leaves ([`Edit::apply`]) and judging it are shared
//! (`commands/agent_hook.rs`, through `check --proposed`'s judge). Adding an
//! agent is one file here, its constructor, and its name in `cli::AgentKind`.
//!
//! Pure: payload bytes and file text in, values out. No I/O.

mod claude;

use std::path::PathBuf;

crate::finding::declare_codes! {
    /// The codes of the agent surfaces: `gate hook agent` and `gate mcp`.
    pub(crate) enum AgentCode in CODES {
        MalformedPayload = "agent/malformed-payload", Error,
            "the hook payload cannot be read",
            "`gate hook agent` reads the agent's hook payload (Claude Code: a PreToolUse JSON object with `hook_event_name`, `tool_name` and `tool_input`) on standard input. A payload that is not one cannot say which file is edited, so gate allows nothing and blocks nothing: it exits with the agent's non-blocking error code (Claude Code: 1), which the agent shows to the user. Check the hook's `matcher` and the agent's version.";
        EditNotApplicable = "agent/edit-not-applicable", Error,
            "the edit of a task file cannot be rebuilt",
            "An `Edit`/`MultiEdit` of a task file whose `old_string` is not in the file (or not unique without `replace_all`) cannot be turned into the file it would leave, so gate cannot judge it and blocks it (fail closed); the agent's tool would refuse the same edit. Read the file again and send an edit that applies, or a `Write` of the whole file.";
        CannotDecide = "agent/cannot-decide", Error,
            "gate could not judge an edit of a task file",
            "The edit is of a task file, but gate could not decide (the configuration does not load, the board cannot be read, a gate could not be evaluated). The hook blocks it (fail closed) and says why; `gate mcp` answers with an error carrying this code.";
        ReadOnly = "agent/read-only", Error,
            "`gate mcp` was started without `--allow-move`",
            "The MCP server judges and reports but changes no file unless started with `gate mcp --allow-move`; its `move` tool is refused until then. `check` and `propose` judge a move without making it.";
        BadArguments = "agent/bad-arguments", Error,
            "an MCP tool call's arguments are not what the tool takes",
            "Each tool of `gate mcp` declares its arguments as a JSON Schema (`tools/list`); a call with an unknown tool, a missing or mistyped argument, or an unknown one is refused with this code, as the CLI refuses a bad command line (exit 2).";
    }
}

/// What a hook payload asks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Call {
    /// Not an edit of a file (another tool): allowed without looking.
    Other,
    /// An edit of the file at `path` (absolute, or relative to `cwd`).
    Edit {
        path: PathBuf,
        cwd: Option<PathBuf>,
        edit: Edit,
    },
}

/// How an agent's tool changes a file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Edit {
    /// The whole new content.
    Write(String),
    /// String replacements, each applied to the result of the one before.
    Replace(Vec<Replacement>),
}

/// One string replacement of an edit.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Replacement {
    pub old: String,
    pub new: String,
    /// Every occurrence; otherwise `old` must occur exactly once.
    pub all: bool,
}

/// Why an edit cannot be applied to the file as it is.
#[derive(Debug, PartialEq, thiserror::Error)]
pub(crate) enum EditError {
    #[error("edit {index}: the text to replace is not in the file")]
    NotFound { index: usize },
    #[error(
        "edit {index}: the text to replace occurs {count} times and the edit does not replace all"
    )]
    NotUnique { index: usize, count: usize },
    #[error("edit {index}: the file does not exist, and only an edit of empty text creates one")]
    NoFile { index: usize },
}

impl Edit {
    /// The content the edit leaves, from the file's content now (`None`:
    /// there is no file). As the agents' edit tools do: an empty `old` on a
    /// missing or empty file creates it; otherwise `old` must be found, and
    /// be unique unless every occurrence is replaced.
    pub(crate) fn apply(&self, current: Option<&str>) -> Result<String, EditError> {
        let edits = match self {
            Edit::Write(content) => return Ok(content.clone()),
            Edit::Replace(edits) => edits,
        };
        let mut text: Option<String> = current.map(str::to_owned);
        for (i, r) in edits.iter().enumerate() {
            let index = i + 1;
            let now = match text.as_deref() {
                None | Some("") if r.old.is_empty() => {
                    text = Some(r.new.clone());
                    continue;
                }
                None => return Err(EditError::NoFile { index }),
                Some(now) => now,
            };
            if r.old.is_empty() {
                return Err(EditError::NotFound { index });
            }
            let count = now.matches(r.old.as_str()).count();
            if count == 0 {
                return Err(EditError::NotFound { index });
            }
            let next = if r.all {
                now.replace(r.old.as_str(), &r.new)
            } else if count == 1 {
                now.replacen(r.old.as_str(), &r.new, 1)
            } else {
                return Err(EditError::NotUnique { index, count });
            };
            text = Some(next);
        }
        Ok(text.unwrap_or_default())
    }
}

/// The exit codes an agent reads from its hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Protocol {
    /// Let the tool call go ahead.
    pub allow: u8,
    /// Stop the tool call; standard error is the reason the agent is shown.
    pub block: u8,
    /// The hook failed: shown to the user, the call goes ahead.
    pub error: u8,
}

/// A payload that cannot be read, with what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct PayloadError(pub String);

/// One agent's hook format.
pub(crate) trait Adapter {
    /// The agent's name, as `--agent` takes it.
    fn name(&self) -> &'static str;
    /// What `payload` asks.
    fn read(&self, payload: &[u8]) -> Result<Call, PayloadError>;
    /// The exit codes the agent reads.
    fn protocol(&self) -> Protocol;
}

/// Claude Code's adapter.
pub(crate) fn claude_code() -> &'static dyn Adapter {
    &claude::ClaudeCode
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(old: &str, new: &str, all: bool) -> Replacement {
        Replacement {
            old: old.into(),
            new: new.into(),
            all,
        }
    }

    #[test]
    fn edits_apply_as_the_tools_do() {
        let one = Edit::Replace(vec![replace("todo", "done", false)]);
        assert_eq!(one.apply(Some("status: todo\n")).unwrap(), "status: done\n");
        assert_eq!(
            one.apply(Some("todo todo")),
            Err(EditError::NotUnique { index: 1, count: 2 })
        );
        assert_eq!(
            one.apply(Some("nothing")),
            Err(EditError::NotFound { index: 1 })
        );
        assert_eq!(one.apply(None), Err(EditError::NoFile { index: 1 }));
        let all = Edit::Replace(vec![replace("a", "b", true)]);
        assert_eq!(all.apply(Some("a a")).unwrap(), "b b");
        // Each edit sees the one before.
        let chain = Edit::Replace(vec![replace("x", "y", false), replace("y", "z", false)]);
        assert_eq!(chain.apply(Some("x")).unwrap(), "z");
        let create = Edit::Replace(vec![replace("", "new\n", false)]);
        assert_eq!(create.apply(None).unwrap(), "new\n");
        assert_eq!(create.apply(Some("")).unwrap(), "new\n");
        assert_eq!(
            create.apply(Some("old")),
            Err(EditError::NotFound { index: 1 })
        );
        assert_eq!(Edit::Write("w".into()).apply(Some("x")).unwrap(), "w");
    }
}
