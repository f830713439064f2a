//! Real output validated against the JSON Schemas in `schemas/`, and the
//! structure of SARIF and `JUnit` output checked.

use serde_json::{Value, json};

use super::gitflow::GitRepo;
use super::support::manifest_dir;

/// Validates `doc` against `schemas/<name>`.
pub(crate) fn assert_valid(name: &str, doc: &Value) {
    let path = manifest_dir().join("schemas").join(name);
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let index = compiler
        .compile(path.to_str().unwrap(), &mut schemas)
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e:#}"));
    if let Err(e) = schemas.validate(doc, index) {
        panic!("output does not match {name}: {e:#}\n{doc}");
    }
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The parts of SARIF 2.1.0 that code-scanning uploads rely on.
pub(crate) fn assert_sarif(log: &Value) {
    let location = json!({
        "type": "object",
        "required": ["physicalLocation"],
        "properties": {"physicalLocation": {
            "type": "object",
            "required": ["artifactLocation"],
            "properties": {
                "artifactLocation": {"type": "object", "required": ["uri"], "properties": {"uri": {"type": "string", "format": "uri-reference"}, "uriBaseId": {"type": "string"}}},
                "region": {"type": "object", "required": ["startLine"], "properties": {"startLine": {"type": "integer", "minimum": 1}}}
            }
        }}
    });
    let level = json!({"enum": ["none", "note", "warning", "error"]});
    let rule = json!({
        "type": "object", "required": ["id"],
        "properties": {"id": {"type": "string"}, "shortDescription": {"type": "object", "required": ["text"]},
            "defaultConfiguration": {"type": "object", "properties": {"level": level}}}
    });
    let driver = json!({
        "type": "object", "required": ["name", "rules"],
        "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": rule}}
    });
    let result = json!({
        "type": "object",
        "required": ["ruleId", "level", "message", "locations"],
        "properties": {
            "ruleId": {"type": "string"},
            "ruleIndex": {"type": "integer", "minimum": 0},
            "level": level,
            "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
            "locations": {"type": "array", "minItems": 1, "items": location}
        }
    });
    let run = json!({
        "type": "object",
        "required": ["tool", "results"],
        "properties": {
            "tool": {"type": "object", "required": ["driver"], "properties": {"driver": driver}},
            "results": {"type": "array", "items": result}
        }
    });
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "version": {"const": "2.1.0"},
            "$schema": {"type": "string", "format": "uri"},
            "runs": {"type": "array", "minItems": 1, "items": run}
        }
    });
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource("urn:gate:sarif-subset", schema)
        .unwrap();
    let index = compiler
        .compile("urn:gate:sarif-subset", &mut schemas)
        .unwrap();
    if let Err(e) = schemas.validate(log, index) {
        panic!("not SARIF 2.1.0 as uploads need it: {e:#}\n{log}");
    }
    // Every result's ruleIndex names its rule.
    for run in log["runs"].as_array().unwrap() {
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for result in run["results"].as_array().unwrap() {
            let i = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[i]["id"], result["ruleId"]);
        }
    }
}

/// `JUnit` XML: well-formed (balanced tags, quoted attributes, escaped
/// text), one root `<testsuites>`, suites holding test cases, and counts
/// that add up.
pub(crate) fn assert_junit(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    let (mut cases, mut failures) = (0, 0);
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split_whitespace().next().unwrap().to_owned();
        check_attributes(&tag[name.len()..]);
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "testsuites" => {
                assert!(parent.is_none());
                roots += 1;
            }
            "testsuite" => assert_eq!(parent, Some("testsuites")),
            "testcase" => {
                assert_eq!(parent, Some("testsuite"));
                cases += 1;
            }
            "failure" => {
                assert_eq!(parent, Some("testcase"));
                failures += 1;
            }
            "error" | "skipped" | "system-out" => assert_eq!(parent, Some("testcase")),
            other => panic!("unexpected element <{other}>"),
        }
        if !self_closing {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(rest.trim(), "");
    assert_eq!(roots, 1);
    assert!(
        body.starts_with(&format!(
            "<testsuites name=\"gate\" tests=\"{cases}\" failures=\"{failures}\""
        )),
        "{body}"
    );
}

fn check_text(text: &str) {
    assert!(
        !text.contains('<') && !text.contains('>'),
        "raw markup in text {text:?}"
    );
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity)
                || entity.starts_with("&#"),
            "bad entity {entity:?}"
        );
    }
}

fn check_attributes(attrs: &str) {
    let mut rest = attrs.trim();
    while !rest.is_empty() {
        let eq = rest.find("=\"").expect("attribute without a quoted value");
        let name = &rest[..eq];
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "bad attribute name {name:?}"
        );
        let end = rest[eq + 2..].find('"').expect("unclosed attribute") + eq + 2;
        let value = &rest[eq + 2..end];
        check_text(value);
        assert!(!value.contains('\n'), "raw newline in attribute");
        rest = rest[end + 1..].trim_start();
    }
}

#[test]
fn every_schema_compiles() {
    for entry in std::fs::read_dir(manifest_dir().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let mut schemas = boon::Schemas::new();
        boon::Compiler::new()
            .compile(path.to_str().unwrap(), &mut schemas)
            .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
    }
}

#[test]
fn board_list_show_lint_and_check_output_match_their_schemas() {
    let repo = GitRepo::demo();
    let run = |args: &[&str]| json_of(&repo.gate().args(args).output().unwrap());
    assert_valid("board.json", &run(&["board", "--format", "json"]));
    assert_valid("list.json", &run(&["list", "--format", "json"]));
    assert_valid(
        "show.json",
        &run(&["show", "add-csv-export", "--format", "json"]),
    );
    assert_valid("lint.json", &run(&["lint", "--format", "json"]));
    assert_valid("config.json", &run(&["config", "--format", "json"]));
    for (task, to) in [
        ("add-csv-export", "todo"),
        ("paginate-audit-log-api", "in_progress"),
        ("explore-dark-mode", "done"),
        ("upgrade-tls-config", "review"),
    ] {
        assert_valid(
            "check.json",
            &run(&["check", task, "--to", to, "--dry-run", "--format", "json"]),
        );
    }
    assert_valid(
        "check.json",
        &run(&["move", "add-csv-export", "--to", "todo", "--format", "json"]),
    );
    // The move and a check are recorded: the audit documents.
    run(&[
        "check",
        "paginate-audit-log-api",
        "--to",
        "in_progress",
        "--format",
        "json",
    ]);
    assert_valid("report.json", &run(&["report", "--format", "json"]));
    let log = run(&["audit", "log", "--format", "json"]);
    assert_eq!(log["records"].as_array().unwrap().len(), 2);
    assert_valid("audit-log.json", &log);
    assert_valid(
        "audit-verify.json",
        &run(&["audit", "verify", "--format", "json"]),
    );
    for record in super::support::audit_records(repo.path()) {
        assert_valid("audit-record.json", &record);
    }
}

#[test]
fn staged_and_ci_output_match_the_results_schema() {
    let repo = GitRepo::demo();
    repo.git(&["checkout", "-q", "-b", "work"]);
    repo.set_status("explore-dark-mode", "incoming");
    repo.set_status("paginate-audit-log-api", "in_progress");
    std::fs::write(repo.task("new"), "---\ntitle: New\nstatus: todo\n---\n").unwrap();
    repo.git(&["add", "-A"]);
    let staged = json_of(
        &repo
            .gate()
            .args(["check", "--staged", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(staged["results"].as_array().unwrap().len(), 3);
    assert_valid("results.json", &staged);
    repo.git(&["commit", "-q", "-m", "three moves"]);
    let ci = json_of(
        &repo
            .gate()
            .args(["ci", "--base", "main", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(ci["results"].as_array().unwrap().len(), 3);
    assert_valid("results.json", &ci);
    // And a document that breaks the contract is caught.
    let mut broken = ci.clone();
    broken["results"][0]["outcome"] = json!("maybe");
    let path = manifest_dir().join("schemas/results.json");
    let mut schemas = boon::Schemas::new();
    let index = boon::Compiler::new()
        .compile(path.to_str().unwrap(), &mut schemas)
        .unwrap();
    assert!(schemas.validate(&broken, index).is_err());
}
