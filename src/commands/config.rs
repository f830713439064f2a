//! `gate config`: the effective configuration and where each part came from.

use anyhow::Result;
use serde_json::json;

use super::Env;
use crate::cli::{ConfigArgs, Format};
use crate::config::Settings;
use crate::error::Exit;
use crate::report::json;

pub(super) fn run(env: &mut Env<'_>, args: &ConfigArgs) -> Result<Exit> {
    env.require_format(&[Format::Human, Format::Json])?;
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
    let doc = effective(&settings);
    if env.format == Format::Json {
        json::write(
            env.out,
            &json!({
                "version": 1,
                "config_file": settings.config_file.as_ref().map(|p| crate::board::display_path(&settings.root, p)),
                "tool_file": settings.tool_file.as_ref().map(|p| crate::board::display_path(&settings.root, p)),
                "sources": settings.sources,
                "config": doc,
            }),
        )?;
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
    let text = toml::to_string_pretty(&doc).unwrap_or_default();
    env.out.write_all(text.as_bytes())?;
    Ok(Exit::Success)
}

/// The settings as a document in gate.toml's shape.
pub(super) fn effective(s: &Settings) -> serde_json::Value {
    json!({
        "board": {
            "tasks_dir": crate::board::display_path(&s.root, &s.board.tasks_dir),
            "exclude": s.board.exclude,
            "max_task_bytes": s.board.max_task_bytes,
            "required_fields": s.board.required_fields,
        },
        "workflow": {
            // As the board spells them; each reads back as its key.
            "statuses": s.workflow.statuses.iter().map(|k| s.workflow.name(k)).collect::<Vec<_>>(),
            "start": s.workflow.start.iter().map(|k| s.workflow.name(k)).collect::<Vec<_>>(),
            "transitions": s.workflow.transitions,
            "aliases": s.status_aliases,
        },
        "priorities": { "aliases": s.priority_aliases },
        "gates": {
            "transition": s.transition,
            "wip-limit": s.wip,
            "p0-security": {
                "enabled": s.p0.enabled,
                "priorities": s.p0.priorities,
                "labels": s.p0.labels,
                "title_words": s.p0.title_words,
                "commit_slack": s.p0.commit_slack,
                "max_commits": s.p0.max_commits,
                "exclude_paths": s.p0.exclude_paths,
                "plan_required_for": s.p0.plan_required_for,
                "commits_required_for": s.p0.commits_required_for,
                "review_required_for": s.p0.review_required_for,
                "tests_required_for": s.p0.tests_required_for,
                "docs_required_for": s.p0.docs_required_for,
                "plan_headings": s.p0.plan_headings,
                "test_headings": s.p0.test_headings,
                "review_labels": s.p0.review_labels,
            },
        },
        "overrides": s.overrides,
        "audit": { "enabled": s.audit.enabled, "path": crate::board::display_path(&s.root, &s.audit.path) },
    })
}
