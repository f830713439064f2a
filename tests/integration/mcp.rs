//! `gate mcp`: an MCP client session over the binary's stdio, line by line
//! as JSON-RPC 2.0 — initialize, list the tools, call each one, malformed
//! calls, closed stdin — with every answer compared to the CLI's
//! `--format json` for the same question.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use serde_json::{Value, json};

use super::support::{demo_board, empty_home, gate, gate_process};

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    next: u64,
}

impl Session {
    fn start(dir: &Path, args: &[&str]) -> Session {
        let mut child = gate_process(dir, empty_home())
            .arg("mcp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut session = Session {
            child,
            stdin,
            stdout,
            next: 0,
        };
        let init = session.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "gate-tests", "version": "1"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "gate", "{init}");
        assert!(init["result"]["capabilities"]["tools"].is_object());
        session.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        session
    }

    fn send(&mut self, message: &Value) {
        self.send_line(&message.to_string());
    }

    fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a request and reads until its response.
    #[allow(clippy::needless_pass_by_value)] // called with `json!` literals
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "server hung up"
            );
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == id {
                return message;
            }
        }
    }

    #[allow(clippy::needless_pass_by_value)] // called with `json!` literals
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        self.request("tools/call", json!({"name": tool, "arguments": arguments}))
    }

    /// A successful call's document, checked against its text.
    fn document(&mut self, tool: &str, arguments: Value) -> Value {
        let answer = self.call(tool, arguments);
        let result = &answer["result"];
        assert!(result.is_object(), "{tool}: {answer}");
        assert_ne!(result["isError"], true, "{answer}");
        let text: Value =
            serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(text, result["structuredContent"], "{tool}");
        text
    }

    /// Closes stdin; the server must end, exit 0.
    fn close(mut self) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
    }
}

/// The CLI's JSON document for `args` in `dir`.
fn cli(dir: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    let mut cmd = gate(dir).args(args).args(["--format", "json"]);
    if let Some(input) = stdin {
        cmd = cmd.stdin(input.to_owned());
    }
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn with_status(root: &Path, name: &str, status: &str) -> String {
    let text = std::fs::read_to_string(root.join("tasks").join(format!("{name}.md"))).unwrap();
    let line = text.lines().find(|l| l.starts_with("status:")).unwrap();
    text.replacen(line, &format!("status: \"{status}\""), 1)
}

#[test]
fn every_tool_answers_as_the_cli_does() {
    let board = demo_board();
    let dir = board.path();
    let mut s = Session::start(dir, &[]);
    let tools = s.request("tools/list", json!({}));
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "board", "list", "show", "check", "propose", "move", "explain"
        ]
    );
    for tool in tools["result"]["tools"].as_array().unwrap() {
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }

    assert_eq!(s.document("board", json!({})), cli(dir, &["board"], None));
    assert_eq!(
        s.document("list", json!({"status": ["todo"], "priority": ["P0"]})),
        cli(dir, &["list", "--status", "todo", "--priority", "P0"], None)
    );
    assert_eq!(
        s.document("show", json!({"task": "add-csv-export"})),
        cli(dir, &["show", "add-csv-export"], None)
    );
    // check: a dry run, blocked, with every finding's help.
    let checked = s.document(
        "check",
        json!({"task": "paginate-audit-log-api", "to": "in_progress"}),
    );
    assert_eq!(
        checked,
        cli(
            dir,
            &[
                "check",
                "paginate-audit-log-api",
                "--to",
                "in_progress",
                "--dry-run"
            ],
            None
        )
    );
    assert_eq!(checked["outcome"], "blocked");
    assert!(checked["gates"][1]["findings"][0]["help"].is_string());
    // propose: the content as an argument, as `--proposed` reads it on stdin.
    let content = with_status(dir, "add-csv-export", "todo");
    assert_eq!(
        s.document(
            "propose",
            json!({"file": "tasks/add-csv-export.md", "content": content})
        ),
        cli(
            dir,
            &["check", "--proposed", "tasks/add-csv-export.md"],
            Some(&content)
        )
    );
    assert_eq!(
        s.document(
            "propose",
            json!({"file": "tasks/add-csv-export.md", "remove": true})
        ),
        cli(
            dir,
            &["check", "--proposed", "tasks/add-csv-export.md", "--remove"],
            None
        )
    );
    // explain: its text.
    let explained = s.call("explain", json!({"code": "wip-limit/exceeded"}));
    let out = gate(dir)
        .args(["explain", "wip-limit/exceeded"])
        .output()
        .unwrap();
    assert_eq!(
        explained["result"]["content"][0]["text"].as_str().unwrap(),
        String::from_utf8(out.stdout).unwrap().trim_end()
    );
    // move: refused by a read-only server; nothing changed, nothing recorded.
    let refused = s.call("move", json!({"task": "add-csv-export", "to": "todo"}));
    assert_eq!(
        refused["error"]["data"]["codes"],
        json!(["agent/read-only"])
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("tasks/add-csv-export.md")).unwrap(),
        std::fs::read_to_string(
            super::support::manifest_dir().join("fixtures/boards/demo/tasks/add-csv-export.md")
        )
        .unwrap()
    );
    assert!(
        !dir.join(".gate").exists(),
        "a read-only server records nothing"
    );
    s.close();
}

#[test]
fn move_needs_allow_move_and_answers_as_gate_move() {
    let (served, by_cli) = (demo_board(), demo_board());
    let mut s = Session::start(served.path(), &["--allow-move"]);
    let moved = s.document("move", json!({"task": "add-csv-export", "to": "todo"}));
    let expected = cli(
        by_cli.path(),
        &["move", "add-csv-export", "--to", "todo"],
        None,
    );
    assert_eq!(moved, expected);
    assert_eq!(moved["outcome"], "allowed");
    assert!(
        std::fs::read_to_string(served.path().join("tasks/add-csv-export.md"))
            .unwrap()
            .contains("status: \"todo\"")
    );
    // A blocked move is an answer, not an error: the file is untouched.
    let blocked = s.document(
        "move",
        json!({"task": "paginate-audit-log-api", "to": "in_progress"}),
    );
    assert_eq!(blocked["outcome"], "blocked");
    s.close();
}

#[test]
fn malformed_calls_are_mcp_errors_with_codes() {
    let board = demo_board();
    let mut s = Session::start(board.path(), &[]);
    for (tool, arguments) in [
        ("check", json!({"task": 5, "to": "todo"})),
        ("check", json!({"task": "add-csv-export"})),
        ("board", json!({"verbose": true})),
        ("propose", json!({"file": "tasks/add-csv-export.md"})),
        ("teleport", json!({})),
    ] {
        let answer = s.call(tool, arguments);
        assert_eq!(answer["error"]["code"], -32602, "{tool}: {answer}");
        assert_eq!(
            answer["error"]["data"]["codes"],
            json!(["agent/bad-arguments"]),
            "{tool}"
        );
    }
    // What the CLI answers with exit 2 is an error too, with its codes.
    let unknown = s.call("check", json!({"task": "add-csv-export", "to": "nowhere"}));
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`nowhere`"),
        "{unknown}"
    );
    assert_eq!(unknown["error"]["data"]["exit"], 2);
    let outside = s.call(
        "propose",
        json!({"file": "notes.md", "content": "---\nstatus: done\n---\n"}),
    );
    assert!(
        outside["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not a task file of the board")
    );
    let broken = s.call(
        "propose",
        json!({"file": "tasks/add-csv-export.md", "content": "no front-matter\n"}),
    );
    assert_eq!(broken["error"]["data"]["exit"], 2, "{broken}");
    // A line that is not JSON-RPC does not end the session.
    s.send_line("this is not json");
    assert_eq!(
        s.document("board", json!({})),
        cli(board.path(), &["board"], None)
    );
    s.close();
}

/// The README's MCP configuration, as written: its command and arguments,
/// with gate on `PATH`, serve a session.
#[test]
fn the_readme_mcp_snippet_serves() {
    let config = super::agent_hook::readme_json("### MCP: `gate mcp`");
    let server = &config["mcpServers"]["gate"];
    assert_eq!(server["command"], "gate");
    let args: Vec<&str> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args.first(), Some(&"mcp"));
    let board = demo_board();
    let mut s = Session::start(board.path(), &args[1..]);
    assert_eq!(
        s.document("board", json!({})),
        cli(board.path(), &["board"], None)
    );
    s.close();
}
