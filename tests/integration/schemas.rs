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

/// Valid against the official SARIF 2.1.0 schema (vendored in
/// `tests/schemas/`), and with the parts code-scanning uploads rely on.
pub(crate) fn assert_sarif(log: &Value) {
    let official = manifest_dir().join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let index = compiler
        .compile(official.to_str().unwrap(), &mut schemas)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e:#}"));
    if let Err(e) = schemas.validate(log, index) {
        panic!("not valid SARIF 2.1.0: {e:#}\n{log}");
    }
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
        "properties": {
            "ruleId": {"type": "string"},
            "ruleIndex": {"type": "integer", "minimum": 0},
            "level": level,
            "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
            "locations": {"type": "array", "minItems": 1, "items": location},
            "partialFingerprints": {
                "type": "object", "required": ["gateFinding/v1"],
                "properties": {"gateFinding/v1": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}
            }
        },
        "required": ["ruleId", "level", "message", "locations", "partialFingerprints"]
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

/// `JUnit` XML as an independent parser (`roxmltree`) reads it: well-formed,
/// one root `<testsuites>`, suites holding test cases holding only
/// `<failure>`, `<error>`, `<skipped>` and `<system-out>`, and counts that
/// add up on every suite and on the root.
fn elements<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(roxmltree::Node::is_element)
        .collect()
}

pub(crate) fn assert_junit(xml: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("name"), Some("gate"));
    let count = |node: roxmltree::Node<'_, '_>, name: &str| -> usize {
        node.attribute(name)
            .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
            .parse()
            .unwrap()
    };
    let mut totals = [0usize; 4];
    for suite in elements(root) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        assert!(suite.attribute("name").is_some());
        let mut found = [0usize; 4];
        for case in elements(suite) {
            assert_eq!(case.tag_name().name(), "testcase");
            assert!(case.attribute("classname").is_some() && case.attribute("name").is_some());
            found[0] += 1;
            for child in elements(case) {
                match child.tag_name().name() {
                    "failure" => found[1] += 1,
                    "error" => found[2] += 1,
                    "skipped" => found[3] += 1,
                    "system-out" => {}
                    other => panic!("unexpected element <{other}>"),
                }
                assert!(
                    elements(child).is_empty(),
                    "markup inside <{}>",
                    child.tag_name().name()
                );
            }
        }
        for (i, name) in ["tests", "failures", "errors", "skipped"]
            .iter()
            .enumerate()
        {
            assert_eq!(
                count(suite, name),
                found[i],
                "{name} of {:?}",
                suite.attribute("name")
            );
            totals[i] += found[i];
        }
    }
    for (i, name) in ["tests", "failures", "errors", "skipped"]
        .iter()
        .enumerate()
    {
        assert_eq!(count(root, name), totals[i], "{name} of <testsuites>");
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
