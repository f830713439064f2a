//! `gate list` and `gate show`.

use anyhow::Result;
use comfy_table::Cell;
use serde::Serialize;

use super::Env;
use super::check::target_status;
use crate::cli::{Format, ListArgs, ShowArgs};
use crate::error::Exit;
use crate::finding::Finding;
use crate::report::style::one_line;
use crate::report::{human, json};

/// `{"version": 1, "tasks": [...]}`.
#[derive(Serialize)]
struct ListDoc<'a> {
    version: u32,
    tasks: Vec<json::ListTaskDoc<'a>>,
}

/// `{"version": 1, "path", "task": {…} | null, "findings": [...]}`.
#[derive(Serialize)]
struct ShowDoc<'a> {
    version: u32,
    path: &'a str,
    task: Option<ShowTaskDoc<'a>>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct ShowTaskDoc<'a> {
    id: Option<&'a str>,
    title: &'a str,
    slug: Option<&'a str>,
    status: Option<&'a str>,
    status_raw: Option<&'a str>,
    priority: Option<String>,
    labels: &'a [String],
    created: Option<String>,
    security_review: Option<&'a str>,
    coverage_report: Option<&'a str>,
    /// What the gates say of it (`checklist`: `2/5 ticked`), when anything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    gates: Vec<GateWords>,
}

#[derive(Serialize)]
struct GateWords {
    gate: &'static str,
    says: String,
}

#[allow(clippy::too_many_lines)] // filters, sorts and renders in output order (not yet split, #21)
pub(super) fn run(env: &mut Env<'_>, args: &ListArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let now = env.now;
    // Gates that describe a task read its text, which the cache keeps not.
    let gates = crate::gates::registry(&settings);
    let git = crate::git::LazyRepo::new(&settings.root, None);
    let board = if gates.iter().any(|g| g.reads_text()) {
        env.load_board(&settings, false)?
    } else {
        env.board(&settings)?
    };
    let unread = super::warn_unread(env, &settings, &board)?;
    let says = |entry: &crate::board::Entry| {
        crate::gates::describe(&gates, &settings, &board, entry, now, &git)
    };
    let statuses = args
        .status
        .iter()
        .map(|s| target_status(&settings, s))
        .collect::<Result<Vec<_>>>()?;
    let priorities: Vec<String> = args
        .priority
        .iter()
        .map(|p| settings.vocab.priority(p).to_string())
        .collect();
    let labels: Vec<String> = args.label.iter().map(|l| l.trim().to_lowercase()).collect();
    let mut tasks: Vec<_> = board
        .tasks()
        .filter(|(_, t)| {
            statuses.is_empty()
                || t.status
                    .as_deref()
                    .is_some_and(|s| statuses.iter().any(|want| want == s))
        })
        .filter(|(_, t)| {
            priorities.is_empty()
                || t.priority
                    .as_ref()
                    .is_some_and(|p| priorities.contains(&p.to_string()))
        })
        .filter(|(_, t)| labels.iter().all(|l| t.labels.contains(l)))
        .collect();
    // Board order, then priority, then title.
    tasks.sort_by(|(_, a), (_, b)| {
        let pos = |t: &crate::task::Task| {
            t.status
                .as_deref()
                .map_or(usize::MAX, |s| settings.workflow.position(s))
        };
        let rank = |t: &crate::task::Task| {
            t.priority
                .as_ref()
                .map_or(u8::MAX, crate::task::Priority::rank)
        };
        pos(a)
            .cmp(&pos(b))
            .then(rank(a).cmp(&rank(b)))
            .then_with(|| a.title.cmp(&b.title))
    });
    if env.quiet {
        return Ok(Exit::Success);
    }
    if env.format == Format::Json {
        let doc = ListDoc {
            version: 1,
            tasks: tasks
                .iter()
                .map(|(e, t)| {
                    let mut doc = json::ListTaskDoc::new(e, t);
                    doc.gates = says(e).into_iter().collect();
                    doc
                })
                .collect(),
        };
        json::write(env.out, &doc)?;
        return Ok(Exit::Success);
    }
    if tasks.is_empty() {
        // An empty table says nothing about why.
        let filters =
            !(args.status.is_empty() && args.priority.is_empty() && args.label.is_empty());
        if unread && !filters {
            return Ok(Exit::Success);
        }
        writeln!(
            env.err,
            "{}",
            if filters {
                "no task matches these filters"
            } else {
                "the board has no tasks"
            }
        )?;
        if let Some(unknown) = priorities.iter().find(|p| {
            !board
                .tasks()
                .any(|(_, t)| t.priority.as_ref().is_some_and(|q| q.to_string() == **p))
        }) {
            writeln!(
                env.err,
                "help: no task has priority `{}`",
                one_line(unknown)
            )?;
        }
        return Ok(Exit::Success);
    }
    let words: Vec<Vec<(&str, String)>> = tasks.iter().map(|(e, _)| says(e)).collect();
    let mut extra: Vec<&str> = words.iter().flatten().map(|(g, _)| *g).collect();
    extra.sort_unstable();
    extra.dedup();
    let mut header = vec!["status", "priority", "id", "title"];
    header.extend(&extra);
    let mut table = human::table(&header);
    for ((_, t), said) in tasks.iter().zip(&words) {
        let mut row = vec![
            // As the board spells it (`In Progress`).
            Cell::new(one_line(
                t.status
                    .as_deref()
                    .map_or("-", |s| settings.workflow.name(s)),
            )),
            Cell::new(
                t.priority
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |p| one_line(&p.to_string())),
            ),
            Cell::new(one_line(&short_id(t.id.as_deref()))),
            Cell::new(one_line(&t.title)),
        ];
        for gate in &extra {
            let cell = said
                .iter()
                .find(|(g, _)| g == gate)
                .map_or_else(|| "-".to_owned(), |(_, w)| one_line(w));
            row.push(Cell::new(cell));
        }
        table.add_row(row);
    }
    human::write_table(env.out, &table)?;
    Ok(Exit::Success)
}

fn short_id(id: Option<&str>) -> String {
    id.map_or_else(|| "-".to_owned(), |id| crate::task::short_id(id).to_owned())
}

pub(super) fn show(env: &mut Env<'_>, args: &ShowArgs) -> Result<Exit> {
    let settings = env.settings()?;
    let board = env.board(&settings)?;
    let entry = crate::board::resolve::resolve(&board, &args.task, &env.locate.cwd)?;
    if env.quiet {
        return Ok(Exit::Success);
    }
    // The task as its file reads now: the gates that describe it read its text.
    let fresh = crate::board::Entry::new(
        &board.ids,
        entry.path.clone(),
        entry.display.clone(),
        crate::board::load_file(&settings, &entry.path),
    );
    let gates = crate::gates::registry(&settings);
    let git = crate::git::LazyRepo::new(&settings.root, None);
    let said = crate::gates::describe(&gates, &settings, &board, &fresh, env.now, &git);
    let task = entry.task();
    // The findings `gate lint` reports for this file, cross-file ones too.
    let findings: Vec<Finding> = crate::lint::lint(&board, &settings)
        .into_iter()
        .find(|r| r.path == entry.display)
        .map(|r| r.findings)
        .unwrap_or_default();
    if env.format == Format::Json {
        let doc = ShowDoc {
            version: 1,
            path: &entry.display,
            task: task.map(|t| ShowTaskDoc {
                id: t.id.as_deref(),
                title: &t.title,
                slug: t.slug.as_deref(),
                status: t.status.as_deref(),
                status_raw: t.status_raw.as_deref(),
                priority: t.priority.as_ref().map(ToString::to_string),
                labels: &t.labels,
                created: t
                    .created
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
                security_review: t.security_review.as_deref(),
                coverage_report: t.coverage_report.as_deref(),
                gates: said
                    .iter()
                    .map(|(gate, says)| GateWords {
                        gate,
                        says: says.clone(),
                    })
                    .collect(),
            }),
            findings: &findings,
        };
        json::write(env.out, &doc)?;
        return Ok(Exit::Success);
    }
    let out = &mut *env.out;
    writeln!(out, "path:      {}", one_line(&entry.display))?;
    if let Some(t) = task {
        write_fields(out, t, &said)?;
    }
    if findings.is_empty() {
        writeln!(out, "findings:  none")?;
    } else {
        writeln!(out, "findings:")?;
        for f in &findings {
            let mut lines = Vec::new();
            human::finding_lines(&mut lines, f, env.style, "  ")?;
            let lines = String::from_utf8_lossy(&lines);
            match f.line {
                // `  line 2: warning[…]`, as lint's `path:2: warning[…]`.
                Some(line) => write!(out, "  line {line}: {}", &lines[2..])?,
                None => out.write_all(lines.as_bytes())?,
            }
        }
    }
    Ok(Exit::Success)
}

/// `gate show`'s fields of task `t`, one a line, then what each gate says.
fn write_fields(
    out: &mut dyn std::io::Write,
    t: &crate::task::Task,
    said: &[(&'static str, String)],
) -> std::io::Result<()> {
    let or_dash = |v: Option<String>| v.map_or_else(|| "-".to_owned(), |s| one_line(&s));
    writeln!(
        out,
        "id:        {}",
        or_dash(t.id.clone().map(String::from))
    )?;
    writeln!(out, "title:     {}", one_line(&t.title))?;
    let status = match (&t.status, &t.status_raw) {
        (Some(key), Some(raw)) if key.as_str() != raw => {
            format!("{key} (written `{}`)", one_line(raw))
        }
        (Some(key), _) => key.to_string(),
        _ => "-".to_owned(),
    };
    writeln!(out, "status:    {status}")?;
    writeln!(
        out,
        "priority:  {}",
        or_dash(t.priority.as_ref().map(ToString::to_string))
    )?;
    writeln!(
        out,
        "labels:    {}",
        if t.labels.is_empty() {
            "-".to_owned()
        } else {
            one_line(&t.labels.join(", "))
        }
    )?;
    writeln!(
        out,
        "created:   {}",
        or_dash(t.created.map(|d| d.to_rfc3339()))
    )?;
    for (gate, says) in said {
        writeln!(out, "{:<10} {}", format!("{gate}:"), one_line(says))?;
    }
    Ok(())
}
