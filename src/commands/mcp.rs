//! `gate mcp`: gate's commands as MCP tools over stdio (the `rmcp` SDK).
//!
//! Each tool call runs the command it names through [`super::run_with_input`]
//! with `--format json`, as a command line would (with the server's `-C`,
//! `--config`, `--board` and `--no-cache`): the answer is the document the
//! CLI prints, parsed into `structuredContent` and as text. A blocked verdict
//! is an answer (its `outcome` says so); what the CLI answers with exit 2 —
//! a usage error, a gate that could not decide, an unreadable task — is an
//! MCP error whose `data` carries the finding codes. `check` judges without
//! recording; `move` is refused unless the server was started with
//! `--allow-move`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::{ErrorData as McpError, ServerHandler, ServiceExt as _};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::Env;
use crate::agent::AgentCode;
use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, Format, GlobalArgs, ListArgs, McpArgs,
    MoveArgs, ShowArgs,
};
use crate::error::{Exit, UsageError};

pub(super) fn run(env: &mut Env<'_>, args: &McpArgs) -> Result<Exit> {
    let server = Server {
        cwd: env.locate.cwd.clone(),
        config: env.locate.config.clone(),
        board: env.locate.board.clone(),
        no_cache: !env.cache,
        allow_move: args.allow_move,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("starting the MCP server")?;
    runtime.block_on(async {
        let service = server
            .serve(rmcp::transport::stdio())
            .await
            .context("starting the MCP session")?;
        // Until the client closes standard input.
        service.waiting().await.context("serving MCP")?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(Exit::Success)
}

/// The server: the global options every call runs with.
struct Server {
    cwd: PathBuf,
    config: Option<PathBuf>,
    board: Option<PathBuf>,
    no_cache: bool,
    allow_move: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListIn {
    #[serde(default)]
    status: Vec<String>,
    #[serde(default)]
    priority: Vec<String>,
    #[serde(default)]
    label: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskIn {
    task: String,
}

/// The arguments of `check` and `move` (`rev`: `check` only).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Moving {
    task: String,
    to: String,
    from: Option<String>,
    #[serde(default)]
    force: bool,
    reason: Option<String>,
    #[serde(default)]
    deny_warnings: bool,
    rev: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposeIn {
    file: PathBuf,
    content: Option<String>,
    #[serde(default)]
    remove: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExplainIn {
    code: Option<String>,
}

fn schema(properties: &Value, required: &[&str]) -> Arc<serde_json::Map<String, Value>> {
    let doc = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    match doc {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(serde_json::Map::new()),
    }
}

/// The tools, with their arguments as JSON Schemas.
fn tools() -> Vec<Tool> {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let moving = json!({
        "task": {"type": "string", "description": "the task: an id, a unique id prefix (4+ chars), a path, a slug, a file name or a title"},
        "to": {"type": "string", "description": "the status to move to"},
        "from": {"type": "string", "description": "judge the move from this status instead of the task's current one"},
        "force": {"type": "boolean", "description": "override failed gates (needs reason); recorded in the audit log"},
        "reason": {"type": "string", "description": "why the override is needed"},
        "deny_warnings": {"type": "boolean", "description": "treat warnings as failures"}
    });
    let mut check = moving.clone();
    check["rev"] = json!({"type": "string", "description": "read P0 commit evidence from this revision instead of HEAD"});
    vec![
        Tool::new(
            "board",
            "Each column's count against its WIP limit (`gate board --format json`)",
            schema(&json!({}), &[]),
        ),
        Tool::new(
            "list",
            "The tasks, filtered by status, priority and label (`gate list --format json`)",
            schema(
                &json!({"status": strings, "priority": strings, "label": strings}),
                &[],
            ),
        ),
        Tool::new(
            "show",
            "One task's parsed fields and findings (`gate show --format json`)",
            schema(&json!({"task": moving["task"]}), &["task"]),
        ),
        Tool::new(
            "check",
            "Judge moving a task to a status, without moving it or recording anything: every gate's verdict, each finding with its help (`gate check --dry-run --format json`)",
            schema(&check, &["task", "to"]),
        ),
        Tool::new(
            "propose",
            "Judge an edit of one task file before it is made: its whole new content (or removing it), judged as the commit hook will judge it (`gate check --proposed --format json`)",
            schema(
                &json!({
                    "file": {"type": "string", "description": "the task file, relative to the server's directory"},
                    "content": {"type": "string", "description": "the file's proposed content (empty: the file is deleted)"},
                    "remove": {"type": "boolean", "description": "judge deleting the file"}
                }),
                &["file"],
            ),
        ),
        Tool::new(
            "move",
            "Move a task: judge it and, if allowed, rewrite its status in the board's spelling, under the board lock, recorded in the audit log (`gate move --format json`). Refused unless the server runs with --allow-move",
            schema(&moving, &["task", "to"]),
        ),
        Tool::new(
            "explain",
            "The documentation of a gate or finding code; without one, the list of them (`gate explain`)",
            schema(
                &json!({"code": {"type": "string", "description": "a gate id (wip-limit) or finding code (wip-limit/exceeded)"}}),
                &[],
            ),
        ),
    ]
}

/// Arguments of `tool`, or an MCP error with `agent/bad-arguments`.
fn args<T: DeserializeOwned>(
    tool: &str,
    arguments: serde_json::Map<String, Value>,
) -> Result<T, McpError> {
    serde_json::from_value(Value::Object(arguments)).map_err(|e| {
        refusal(
            AgentCode::BadArguments,
            format!("the arguments of `{tool}` are not what it takes: {e}"),
        )
    })
}

/// An MCP error (invalid params) carrying one of the agent codes.
fn refusal(code: AgentCode, message: String) -> McpError {
    let data = json!({"codes": [code.as_str()], "exit": 2, "message": &message});
    McpError::invalid_params(message, Some(data))
}

impl Server {
    fn global(&self, json: bool) -> GlobalArgs {
        GlobalArgs {
            dir: Some(self.cwd.clone()),
            config: self.config.clone(),
            board: self.board.clone(),
            format: if json { Format::Json } else { Format::Human },
            color: ColorChoice::Never,
            quiet: false,
            verbose: 0,
            no_cache: self.no_cache,
        }
    }

    /// The command a tool call names.
    fn command(
        &self,
        tool: &str,
        arguments: serde_json::Map<String, Value>,
    ) -> Result<(Command, Option<Vec<u8>>), McpError> {
        let check = |m: Moving, dry_run: bool| CheckArgs {
            task: Some(m.task),
            to: Some(m.to),
            from: m.from,
            staged: false,
            message_file: None,
            proposed: None,
            content_file: None,
            remove: false,
            record: false,
            dry_run,
            force: m.force,
            reason: m.reason,
            deny_warnings: m.deny_warnings,
            rev: m.rev,
        };
        Ok(match tool {
            "board" => {
                let NoArgs {} = args(tool, arguments)?;
                (Command::Board, None)
            }
            "list" => {
                let a: ListIn = args(tool, arguments)?;
                (
                    Command::List(ListArgs {
                        status: a.status,
                        priority: a.priority,
                        label: a.label,
                    }),
                    None,
                )
            }
            "show" => {
                let a: TaskIn = args(tool, arguments)?;
                (Command::Show(ShowArgs { task: a.task }), None)
            }
            "check" => {
                let a: Moving = args(tool, arguments)?;
                (Command::Check(check(a, true)), None)
            }
            "propose" => {
                let a: ProposeIn = args(tool, arguments)?;
                if a.remove == a.content.is_some() {
                    return Err(refusal(
                        AgentCode::BadArguments,
                        "`propose` takes `content` or `remove: true`, one of them".to_owned(),
                    ));
                }
                let args = CheckArgs {
                    task: None,
                    to: None,
                    from: None,
                    proposed: Some(a.file),
                    remove: a.remove,
                    ..check(Moving::default(), false)
                };
                (
                    Command::Check(args),
                    Some(a.content.unwrap_or_default().into_bytes()),
                )
            }
            "move" => {
                let a: Moving = args(tool, arguments)?;
                if a.rev.is_some() {
                    return Err(refusal(
                        AgentCode::BadArguments,
                        "`move` takes no `rev`: it reads evidence at HEAD".to_owned(),
                    ));
                }
                if !self.allow_move {
                    return Err(refusal(
                        AgentCode::ReadOnly,
                        "this gate MCP server is read-only: `move` needs `gate mcp --allow-move`; `check` and `propose` judge a move without making it".to_owned(),
                    ));
                }
                (
                    Command::Move(MoveArgs {
                        task: a.task,
                        to: a.to,
                        from: a.from,
                        force: a.force,
                        reason: a.reason,
                        deny_warnings: a.deny_warnings,
                    }),
                    None,
                )
            }
            "explain" => {
                let a: ExplainIn = args(tool, arguments)?;
                (Command::Explain(ExplainArgs { code: a.code }), None)
            }
            other => {
                return Err(refusal(
                    AgentCode::BadArguments,
                    format!(
                        "no tool `{other}`; the tools are board, list, show, check, propose, move, explain"
                    ),
                ));
            }
        })
    }

    /// Runs the command a tool call names and turns its output into the
    /// tool's answer.
    fn call(
        &self,
        tool: &str,
        arguments: serde_json::Map<String, Value>,
    ) -> Result<CallToolResult, McpError> {
        let (command, input) = self.command(tool, arguments)?;
        let json = crate::cli::formats_of(command.path()).contains(&Format::Json);
        let cli = Cli {
            global: self.global(json),
            command,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let ran = super::run_with_input(cli, &mut out, &mut err, input);
        let text = String::from_utf8_lossy(&out).trim_end().to_owned();
        let doc: Option<Value> = if json {
            serde_json::from_str(&text).ok()
        } else {
            None
        };
        let stderr = String::from_utf8_lossy(&err).trim_end().to_owned();
        match ran {
            Ok(Exit::Success | Exit::Failure) => {
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                result.structured_content = doc;
                Ok(result)
            }
            Ok(Exit::Error) => {
                let message = stderr.lines().find(|l| l.starts_with("error")).map_or_else(
                    || format!("gate could not decide (`{tool}` exits 2)"),
                    str::to_owned,
                );
                Err(failure(&message, &stderr, doc, false))
            }
            Err(e) => {
                let usage = e.downcast_ref::<UsageError>().is_some()
                    || e.downcast_ref::<clap::Error>().is_some();
                Err(failure(
                    &crate::error::one_line_chain(&e),
                    &stderr,
                    doc,
                    usage,
                ))
            }
        }
    }
}

/// The MCP error for a command that exited 2: its message, the finding
/// codes of its document and its text, and the document when there is one.
fn failure(message: &str, stderr: &str, doc: Option<Value>, usage: bool) -> McpError {
    let mut codes: Vec<String> = Vec::new();
    if let Some(doc) = &doc {
        finding_codes(doc, &mut codes);
    }
    for known in crate::explain::all_codes() {
        if (message.contains(known.code) || stderr.contains(known.code))
            && !codes.iter().any(|c| c == known.code)
        {
            codes.push(known.code.to_owned());
        }
    }
    if !usage && codes.is_empty() {
        codes.push(AgentCode::CannotDecide.as_str().to_owned());
    }
    let data = json!({
        "codes": codes,
        "exit": 2,
        "message": message,
        "stderr": stderr,
        "document": doc,
    });
    drop(doc);
    if usage {
        McpError::invalid_params(message.to_owned(), Some(data))
    } else {
        McpError::internal_error(message.to_owned(), Some(data))
    }
}

/// The codes of the findings in a gate document, errors first as found.
fn finding_codes(value: &Value, codes: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(code)), Some(Value::String(severity))) =
                (map.get("code"), map.get("severity"))
                && severity == "error"
                && !codes.contains(code)
            {
                codes.push(code.clone());
            }
            for v in map.values() {
                finding_codes(v, codes);
            }
        }
        Value::Array(items) => {
            for v in items {
                finding_codes(v, codes);
            }
        }
        _ => {}
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("gate", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "gate guards status changes on this Markdown kanban board. Before moving a task or \
                 editing a task file, ask `check` (a move) or `propose` (an edit's new content): \
                 the verdict is the one the commit hook and CI will give. Each finding has a code \
                 (`explain` documents it) and a help line saying what to do instead.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        self.call(&request.name, request.arguments.unwrap_or_default())
            .map(Into::into)
    }
}
