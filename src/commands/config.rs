//! `gate config`: the effective configuration and where each part came from.

use std::collections::BTreeMap;

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::Env;
use crate::cli::{ConfigArgs, Format};
use crate::config::{OverrideSettings, Settings};
use crate::error::Exit;
use crate::report::json;

pub(super) fn run(env: &mut Env<'_>, args: &ConfigArgs) -> Result<Exit> {
    let settings = env.settings()?;
    if args.validate {
        if !env.quiet {
            let name = settings.config_file.as_ref().map_or_else(
                || "built-in defaults".to_owned(),
                |p| format!("`{}`", p.display()),
            );
            // A workflow with dead ends is valid but likely not meant.
            for problem in settings.workflow.problems() {
                writeln!(env.err, "warning: {name}: workflow: {problem}")?;
            }
            writeln!(env.err, "{name}: valid")?;
        }
        return Ok(Exit::Success);
    }
    if env.quiet {
        return Ok(Exit::Success);
    }
    let doc = effective(&settings)?;
    if env.format == Format::Json {
        let doc = ConfigDoc {
            version: 1,
            config_file: settings
                .config_file
                .as_ref()
                .map(|p| crate::board::display_path(&settings.root, p)),
            tool_file: settings
                .tool_file
                .as_ref()
                .map(|p| crate::board::display_path(&settings.root, p)),
            sources: &settings.sources,
            config: doc,
        };
        json::write(env.out, &doc)?;
        return Ok(Exit::Success);
    }
    let file = settings.config_file.as_ref().map_or_else(
        || "none (built-in defaults)".to_owned(),
        |p| crate::board::display_path(&settings.root, p),
    );
    writeln!(env.out, "# config file: {file}")?;
    if let Some(tool) = settings
        .tool_file
        .as_ref()
        .filter(|t| settings.config_file.as_ref() != Some(*t))
    {
        let tool = crate::board::display_path(&settings.root, tool);
        writeln!(env.out, "# layered over: {tool}")?;
    }
    for (section, source) in &settings.sources {
        writeln!(env.out, "# {section}: {source}")?;
    }
    let text = toml::to_string_pretty(&doc).context("writing the configuration as TOML")?;
    env.out.write_all(text.as_bytes())?;
    Ok(Exit::Success)
}

/// `{"version": 1, "config_file", "sources", "config": <EffectiveDoc>}`.
#[derive(Serialize)]
struct ConfigDoc<'a> {
    version: u32,
    config_file: Option<String>,
    /// The tool's own config a gate.toml is layered over.
    tool_file: Option<String>,
    sources: &'a BTreeMap<&'static str, String>,
    config: EffectiveDoc<'a>,
}

/// The settings as a document in gate.toml's shape.
#[derive(Serialize)]
pub(super) struct EffectiveDoc<'a> {
    board: BoardDoc<'a>,
    workflow: WorkflowDoc<'a>,
    priorities: AliasesDoc<'a>,
    /// `[gates.<id>]`: each gate's section, as the registry lists them.
    gates: serde_json::Map<String, serde_json::Value>,
    overrides: &'a OverrideSettings,
    audit: AuditDoc,
}

#[derive(Serialize)]
struct BoardDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    tool: Option<crate::config::native::ToolChoice>,
    tasks_dir: String,
    exclude: &'a [String],
    max_task_bytes: u64,
    required_fields: &'a [String],
}

#[derive(Serialize)]
struct WorkflowDoc<'a> {
    /// As the board spells them; each reads back as its key.
    statuses: Vec<&'a str>,
    start: Vec<&'a str>,
    transitions: BTreeMap<String, Vec<String>>,
    aliases: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct AliasesDoc<'a> {
    aliases: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct AuditDoc {
    enabled: bool,
    path: String,
}

/// The settings as a document in gate.toml's shape.
pub(super) fn effective(s: &Settings) -> Result<EffectiveDoc<'_>> {
    let mut gates = serde_json::Map::new();
    for section in s.gates.iter() {
        let doc = section
            .effective()
            .with_context(|| format!("writing `gates.{}`", section.id()))?;
        gates.insert(section.id().to_owned(), doc);
    }
    Ok(EffectiveDoc {
        board: BoardDoc {
            tool: s.board.tool,
            tasks_dir: crate::board::display_path(&s.root, &s.board.tasks_dir),
            exclude: &s.board.exclude,
            max_task_bytes: s.board.max_task_bytes,
            required_fields: &s.board.required_fields,
        },
        workflow: WorkflowDoc {
            statuses: s
                .workflow
                .statuses
                .iter()
                .map(|k| s.workflow.name(k))
                .collect(),
            start: s
                .workflow
                .start
                .iter()
                .map(|k| s.workflow.name(k))
                .collect(),
            transitions: s.workflow.table(),
            aliases: &s.status_aliases,
        },
        priorities: AliasesDoc {
            aliases: &s.priority_aliases,
        },
        gates,
        overrides: &s.overrides,
        audit: AuditDoc {
            enabled: s.audit.enabled,
            path: crate::board::display_path(&s.root, &s.audit.path),
        },
    })
}
