//! `gate list` and `gate show`.

use anyhow::Result;
use comfy_table::Cell;
use serde::Serialize;

use super::Env;
use super::check::target_status;
use crate::board::Entry;
use crate::cli::{Format, ListArgs, ShowArgs};
use crate::config::Settings;
use crate::config::workflow::Workflow;
use crate::error::Exit;
use crate::finding::Finding;
use crate::report::style::one_line;
use crate::report::{human, json};
use crate::task::Task;

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
    let says = |entry: &Entry| crate::gates::describe(&gates, &settings, &board, entry, now, &git);
    let filters = Filters::of(&settings, args)?;
    let mut tasks: Vec<(&Entry, &Task)> = board.tasks().filter(|(_, t)| filters.keep(t)).collect();
    tasks.sort_by(|(_, a), (_, b)| board_order(&settings.workflow, a, b));
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
        if !(unread && filters.is_empty()) {
            write_why_empty(env.err, &filters, &board)?;
        }
        return Ok(Exit::Success);
    }
    let words: Vec<Vec<(&str, String)>> = tasks.iter().map(|(e, _)| says(e)).collect();
    human::write_table(env.out, &list_table(&settings, &tasks, &words))?;
    Ok(Exit::Success)
}

/// `gate list`'s filters, as the board knows their values: a task is
/// listed when its status is one of `--status` (if any are given), its
/// priority one of `--priority` (if any), and it has every `--label`.
#[derive(Debug, Default)]
struct Filters {
    statuses: Vec<String>,
    priorities: Vec<String>,
    labels: Vec<String>,
}

impl Filters {
    fn of(settings: &Settings, args: &ListArgs) -> Result<Filters> {
        Ok(Filters {
            statuses: args
                .status
                .iter()
                .map(|s| target_status(settings, s))
                .collect::<Result<Vec<_>>>()?,
            priorities: args
                .priority
                .iter()
                .map(|p| settings.vocab.priority(p).to_string())
                .collect(),
            labels: args.label.iter().map(|l| l.trim().to_lowercase()).collect(),
        })
    }

    fn is_empty(&self) -> bool {
        self.statuses.is_empty() && self.priorities.is_empty() && self.labels.is_empty()
    }

    fn keep(&self, t: &Task) -> bool {
        (self.statuses.is_empty()
            || t.status
                .as_deref()
                .is_some_and(|s| self.statuses.iter().any(|want| want == s)))
            && (self.priorities.is_empty()
                || t.priority
                    .as_ref()
                    .is_some_and(|p| self.priorities.contains(&p.to_string())))
            && self.labels.iter().all(|l| t.labels.contains(l))
    }
}

/// The order of `gate list`: board order (a task without a status last),
/// then priority (none last), then title.
fn board_order(workflow: &Workflow, a: &Task, b: &Task) -> std::cmp::Ordering {
    let pos = |t: &Task| {
        t.status
            .as_deref()
            .map_or(usize::MAX, |s| workflow.position(s))
    };
    let rank = |t: &Task| {
        t.priority
            .as_ref()
            .map_or(u8::MAX, crate::task::Priority::rank)
    };
    pos(a)
        .cmp(&pos(b))
        .then(rank(a).cmp(&rank(b)))
        .then_with(|| a.title.cmp(&b.title))
}

/// Why `gate list` lists nothing: no task matches the filters, or the
/// board has none; and a `--priority` no task on the board has.
fn write_why_empty(
    err: &mut dyn std::io::Write,
    filters: &Filters,
    board: &crate::board::Board,
) -> std::io::Result<()> {
    writeln!(
        err,
        "{}",
        if filters.is_empty() {
            "the board has no tasks"
        } else {
            "no task matches these filters"
        }
    )?;
    if let Some(unknown) = filters.priorities.iter().find(|p| {
        !board
            .tasks()
            .any(|(_, t)| t.priority.as_ref().is_some_and(|q| q.to_string() == **p))
    }) {
        writeln!(err, "help: no task has priority `{}`", one_line(unknown))?;
    }
    Ok(())
}

/// `gate list`'s table of `tasks`, with a column for each gate that says
/// something of one of them (`words`, each task's).
fn list_table(
    settings: &Settings,
    tasks: &[(&Entry, &Task)],
    words: &[Vec<(&str, String)>],
) -> comfy_table::Table {
    let mut extra: Vec<&str> = words.iter().flatten().map(|(g, _)| *g).collect();
    extra.sort_unstable();
    extra.dedup();
    let mut header = vec!["status", "priority", "id", "title"];
    header.extend(&extra);
    let mut table = human::table(&header);
    for ((_, t), said) in tasks.iter().zip(words) {
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
    table
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

#[cfg(test)]
mod tests {
    use super::{Filters, Task, board_order};
    use crate::config::{Locate, Settings};

    fn settings(dir: &std::path::Path) -> Settings {
        crate::gates::load_settings(&Locate {
            cwd: dir.to_path_buf(),
            ..Locate::default()
        })
        .expect("default settings")
    }

    /// A task of `title` with these front-matter lines.
    fn task(settings: &Settings, title: &str, fields: &str) -> Task {
        let text = format!("---\ntitle: {title}\n{fields}---\n");
        match crate::task::parse(text, "t", &settings.vocab, 1 << 20) {
            crate::task::Parsed::Task(task) => *task,
            other => panic!("not a task: {other:?}"),
        }
    }

    /// Each filter given narrows the list: a status or a priority among
    /// those asked, every label asked; none given lists every task.
    #[test]
    fn a_task_is_listed_when_it_passes_every_filter_given() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path());
        let t = task(
            &settings,
            "A",
            "status: review\npriority: P1\nlabels: [api, security]\n",
        );
        let filters = |statuses: &[&str], priorities: &[&str], labels: &[&str]| {
            let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
            Filters {
                statuses: own(statuses),
                priorities: own(priorities),
                labels: own(labels),
            }
        };
        assert!(Filters::default().is_empty() && Filters::default().keep(&t));
        assert!(filters(&["todo", "review"], &[], &[]).keep(&t));
        assert!(!filters(&["todo"], &[], &[]).keep(&t));
        assert!(filters(&[], &["P0", "P1"], &[]).keep(&t));
        assert!(!filters(&[], &["P0"], &[]).keep(&t));
        assert!(filters(&[], &[], &["security", "api"]).keep(&t));
        assert!(!filters(&[], &[], &["security", "ui"]).keep(&t));
        assert!(!filters(&["review"], &["P1"], &["ui"]).keep(&t));
        let bare = task(&settings, "B", "");
        assert!(!filters(&["review"], &[], &[]).keep(&bare));
        assert!(!filters(&[], &["P1"], &[]).keep(&bare));
    }

    /// Board order first, then priority, then title; a task without a
    /// status or a priority sorts after those with one.
    #[test]
    fn tasks_list_in_board_order_then_priority_then_title() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path());
        let mut tasks = [
            task(&settings, "no status", "priority: P0\n"),
            task(&settings, "b", "status: todo\n"),
            task(&settings, "review", "status: review\npriority: P0\n"),
            task(&settings, "c", "status: todo\npriority: P2\n"),
            task(&settings, "a", "status: todo\n"),
            task(&settings, "urgent", "status: todo\npriority: P0\n"),
        ];
        tasks.sort_by(|a, b| board_order(&settings.workflow, a, b));
        let titles: Vec<&str> = tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["urgent", "c", "a", "b", "review", "no status"]);
    }
}
