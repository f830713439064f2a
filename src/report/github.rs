//! `--format github`: GitHub Actions workflow commands, which the Actions
//! log turns into annotations on the task file, and the Markdown step
//! summary.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step (and
//! 10 notices), so errors come first, then warnings, then notices, each in
//! the order found, and one last notice says how many were left out. The
//! step summary is capped at [`SUMMARY_CAP`] bytes, well under GitHub's
//! 1 MiB. Renders finished data only: the caller decides where the
//! summary goes.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::batch::Item;
use super::sarif::Hit;
use super::style::{one_line, sanitize};
use crate::gates::VerdictKind;

/// Annotations GitHub shows per step and level.
pub(crate) const PER_LEVEL: usize = 10;

/// The most the step summary adds: GitHub takes up to 1 MiB per step.
pub(crate) const SUMMARY_CAP: usize = 128 * 1024;

/// The workflow command of a SARIF level.
fn command_of(level: &str) -> &'static str {
    match level {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    }
}

fn rank(command: &str) -> usize {
    match command {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// A workflow command's message: `%`, CR and LF escaped.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,` escaped.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per hit, the most important first and at most
/// [`PER_LEVEL`] of each level, then a notice counting the rest.
pub(crate) fn write_annotations(out: &mut dyn Write, hits: &[Hit<'_>]) -> io::Result<()> {
    let mut order: Vec<&Hit<'_>> = hits.iter().collect();
    order.sort_by_key(|h| rank(command_of(h.level)));
    let mut shown = [0usize; 3];
    let mut left = [0usize; 3];
    for hit in order {
        let command = command_of(hit.level);
        let r = rank(command);
        if shown[r] == PER_LEVEL {
            left[r] += 1;
            continue;
        }
        shown[r] += 1;
        // A file name may hold ESC or OSC sequences like any other outside text.
        let mut props = format!(
            "file={}",
            escape_property(&crate::sanitize::without_controls(hit.path))
        );
        if let Some(line) = hit.line.filter(|l| *l > 0) {
            let _ = write!(props, ",line={line}");
        }
        let _ = write!(props, ",title={}", escape_property(hit.finding.code));
        let message = match &hit.finding.help {
            Some(help) => format!("{}\nhelp: {help}", hit.message),
            None => hit.message.clone(),
        };
        // Terminal escapes from a task file are dropped, as in human output.
        writeln!(
            out,
            "::{command} {props}::{}",
            escape_data(&sanitize(&message))
        )?;
    }
    if left.iter().any(|n| *n > 0) {
        let parts: Vec<String> = ["error", "warning", "notice"]
            .iter()
            .zip(left)
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{n} {name}{}", if n == 1 { "" } else { "s" }))
            .collect();
        writeln!(
            out,
            "::notice title=gate::{}",
            escape_data(&format!(
                "{} not shown as annotations (GitHub shows {PER_LEVEL} of each per step); the step summary and --format human list every result",
                parts.join(", ")
            ))
        )?;
    }
    Ok(())
}

/// A Markdown table cell: on one line, with `|` escaped.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

/// Adds `row` to `doc` unless that passes the cap; counts what is left out.
fn push_capped(doc: &mut String, row: &str, left: &mut usize, reserve: usize) {
    if *left > 0 || doc.len() + row.len() + reserve > SUMMARY_CAP {
        *left += 1;
    } else {
        doc.push_str(row);
    }
}

/// Room kept for the closing line under the cap.
const RESERVE: usize = 256;

/// The step summary of judged transitions: a heading with the counts and
/// one table row per transition with each gate that did not pass.
pub(crate) fn checks_summary(items: &[Item], headline: &str) -> String {
    let mut doc = format!("### gate: {}\n\n", cell(headline));
    if items.is_empty() {
        return doc;
    }
    let commits = items.iter().any(|i| i.commit.is_some());
    doc.push_str(if commits {
        "| commit | task | transition | outcome | gates |\n|---|---|---|---|---|\n"
    } else {
        "| task | transition | outcome | gates |\n|---|---|---|---|\n"
    });
    let mut left = 0;
    for item in items {
        let r = &item.report;
        let gates: Vec<String> = r
            .decision
            .gates
            .iter()
            .filter(|g| !matches!(g.verdict, VerdictKind::Pass | VerdictKind::Skip))
            .map(|g| {
                let codes: Vec<&str> = g.findings.iter().map(|f| f.code).collect();
                if codes.is_empty() {
                    format!("{}: {}", g.id, g.verdict.as_str())
                } else {
                    format!(
                        "{}: {} (`{}`)",
                        g.id,
                        g.verdict.as_str(),
                        codes.join("`, `")
                    )
                }
            })
            .collect();
        let gates = if gates.is_empty() {
            "all passed".to_owned()
        } else {
            gates.join("; ")
        };
        let commit = item
            .commit
            .as_ref()
            .map(|c| format!("| `{}` ", cell(&c.short)))
            .unwrap_or_default();
        let row = format!(
            "{commit}| `{}` | {} → {} | **{}** | {} |\n",
            cell(&r.task.path),
            cell(r.from.as_deref().unwrap_or("(new)")),
            cell(r.to_label()),
            r.decision.outcome.as_str(),
            cell(&gates)
        );
        push_capped(&mut doc, &row, &mut left, RESERVE);
    }
    if left > 0 {
        let _ = writeln!(
            doc,
            "\n_{left} more transition{} not shown (the summary is capped); `--format human` lists them all._",
            if left == 1 { "" } else { "s" }
        );
    }
    doc.push('\n');
    doc
}

/// The step summary of `lint`: the counts and one row per finding.
pub(crate) fn lint_summary(hits: &[Hit<'_>], headline: &str) -> String {
    let mut doc = format!("### gate lint: {}\n\n", cell(headline));
    if hits.is_empty() {
        return doc;
    }
    doc.push_str("| file | severity | code | message |\n|---|---|---|---|\n");
    let mut left = 0;
    for hit in hits {
        let at = hit.line.map_or_else(
            || hit.path.to_owned(),
            |line| format!("{}:{line}", hit.path),
        );
        let row = format!(
            "| `{}` | {} | `{}` | {} |\n",
            cell(&at),
            hit.finding.severity.as_str(),
            hit.finding.code,
            cell(&hit.message)
        );
        push_capped(&mut doc, &row, &mut left, RESERVE);
    }
    if left > 0 {
        let _ = writeln!(
            doc,
            "\n_{left} more finding{} not shown (the summary is capped); `gate lint` lists them all._",
            if left == 1 { "" } else { "s" }
        );
    }
    doc.push('\n');
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;

    fn hit<'a>(finding: &'a Finding, level: &'static str, path: &'a str) -> Hit<'a> {
        Hit {
            finding,
            level,
            message: finding.message.clone(),
            path,
            line: Some(3),
            properties: serde_json::json!({}),
            key: String::new(),
        }
    }

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn an_annotation_names_file_line_and_code() {
        let f = Finding::error("wip-limit/exceeded", "over: 4/3, 100%").with_help("move one");
        let mut out = Vec::new();
        write_annotations(&mut out, &[hit(&f, "error", "tasks/a,b:c.md")]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=tasks/a%2Cb%3Ac.md,line=3,title=wip-limit/exceeded::over: 4/3, 100%25%0Ahelp: move one\n"
        );
    }

    #[test]
    fn a_message_cannot_start_a_workflow_command_or_colour_the_log() {
        let f = Finding::error("x/e", "title\n::add-mask::secret \u{1b}[31mred\r");
        let mut out = Vec::new();
        write_annotations(&mut out, &[hit(&f, "error", "t.md")]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=t.md,line=3,title=x/e::title%0A\\::add-mask::secret [31mred\n"
        );
    }

    /// Issue #22 item 16: a file name's ESC and OSC sequences are dropped
    /// from `file=` as from the message.
    #[test]
    fn a_file_name_cannot_colour_or_retitle_the_log() {
        let f = Finding::error("x/e", "m");
        let mut out = Vec::new();
        let path = "tasks/\u{1b}]0;owned\u{7}a\u{1b}[31m.md";
        write_annotations(&mut out, &[hit(&f, "error", path)]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "::error file=tasks/]0;owneda[31m.md,line=3,title=x/e::m\n"
        );
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'));
    }

    #[test]
    fn errors_come_first_and_the_rest_are_counted() {
        let e = Finding::error("x/e", "e");
        let w = Finding::warning("x/w", "w");
        let mut hits = Vec::new();
        for _ in 0..12 {
            hits.push(hit(&w, "warning", "t.md"));
        }
        for _ in 0..11 {
            hits.push(hit(&e, "error", "t.md"));
        }
        hits.push(hit(&w, "note", "t.md"));
        let mut out = Vec::new();
        write_annotations(&mut out, &hits).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 10 + 10 + 1 + 1);
        assert!(lines[..10].iter().all(|l| l.starts_with("::error ")));
        assert!(lines[10..20].iter().all(|l| l.starts_with("::warning ")));
        assert!(lines[20].starts_with("::notice file="));
        assert_eq!(
            lines[21],
            "::notice title=gate::1 error, 2 warnings not shown as annotations (GitHub shows 10 of each per step); the step summary and --format human list every result"
        );
    }

    #[test]
    fn table_cells_stay_one_cell() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn the_lint_summary_stays_under_its_cap() {
        let f = Finding::error("task/duplicate-id", "x".repeat(500));
        let hits: Vec<Hit<'_>> = (0..1000).map(|_| hit(&f, "error", "t.md")).collect();
        let doc = lint_summary(&hits, "1000 errors");
        assert!(doc.len() <= SUMMARY_CAP, "{}", doc.len());
        assert!(doc.ends_with("`gate lint` lists them all._\n\n"), "{doc}");
        let shown = doc.matches("| `t.md:3` |").count();
        assert!(doc.contains(&format!("_{} more findings not shown", 1000 - shown)));
    }
}
