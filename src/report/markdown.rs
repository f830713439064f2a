//! `gate report --format markdown`: GitHub-flavoured Markdown fit for a
//! pull-request comment or a CI job summary (`$GITHUB_STEP_SUMMARY`).
//! Task text is escaped so it cannot break a table or inject markup.

use std::io::{self, Write};

use super::ColumnState;
use super::compliance::{CheckKind, ComplianceReport, Outcomes, Table};
use super::style::one_line;
use super::text::percent;

/// Outcome counts, one row per subject (a column, a day); subjects are
/// escaped by the caller.
fn outcomes_table(
    out: &mut dyn Write,
    subject: &str,
    rows: impl Iterator<Item = (String, Outcomes)>,
) -> io::Result<()> {
    writeln!(
        out,
        "| {subject} | Attempts | Allowed | Blocked | Overridden | Error |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for (name, o) in rows {
        writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            o.attempts, o.allowed, o.blocked, o.overridden, o.error
        )?;
    }
    Ok(())
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                s.push('\\');
                s.push(c);
            }
            _ => s.push(c),
        }
    }
    s
}

fn badge(score: u32) -> &'static str {
    match score {
        90..=100 => "🟢",
        70..=89 => "🟡",
        _ => "🔴",
    }
}

#[allow(clippy::too_many_lines)] // the report's sections in output order
pub(crate) fn write(out: &mut dyn Write, r: &ComplianceReport) -> io::Result<()> {
    let s = &r.score;
    match s.percent {
        Some(percent) => writeln!(out, "## {} Compliance score: {percent}/100", badge(percent))?,
        None => writeln!(
            out,
            "## ⚪ Compliance score: n/a\n\n{}",
            super::compliance::UNSCORED
        )?,
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} checks passed · generated {}",
        s.passed,
        s.total,
        r.generated
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )?;
    writeln!(out)?;

    writeln!(out, "### Board")?;
    writeln!(out)?;
    writeln!(out, "| Column | Count | Limit | Use | State |")?;
    writeln!(out, "|---|---:|---:|---:|---|")?;
    for c in &r.board.columns {
        let limit = c.limit.map_or_else(|| "–".to_owned(), |l| l.to_string());
        let used = c
            .utilization
            .map_or_else(|| "–".to_owned(), |u| format!("{:.0}%", u * 100.0));
        let state = match c.state {
            ColumnState::Ok => "✅ ok",
            ColumnState::Warning => "⚠️ warning",
            ColumnState::Over => "❌ over",
        };
        writeln!(
            out,
            "| {} | {} | {limit} | {used} | {state} |",
            cell(&c.name),
            c.count
        )?;
    }
    if !r.board.unreadable.is_empty() {
        writeln!(out)?;
        writeln!(out, "**Unreadable files** (counted nowhere):")?;
        writeln!(out)?;
        for u in &r.board.unreadable {
            writeln!(
                out,
                "- `{}` — {}: {}",
                u.path.replace('`', "'"),
                u.code,
                cell(&u.message)
            )?;
        }
    }
    writeln!(out)?;

    for table in &r.tables {
        gate_table(out, table)?;
        writeln!(out)?;
    }

    if !r.unfinished.is_empty() {
        writeln!(out, "### Unfinished work")?;
        writeln!(out)?;
        writeln!(out, "| Task | Status | Gate | Findings |")?;
        writeln!(out, "|---|---|---|---|")?;
        for row in &r.unfinished {
            let findings: Vec<String> = row.findings.iter().map(|f| cell(&f.message)).collect();
            writeln!(
                out,
                "| {} | {} | `{}` | {} |",
                cell(&row.task.title),
                cell(&row.status),
                row.gate,
                findings.join("<br>")
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "### Audit log")?;
    writeln!(out)?;
    match &r.audit {
        None => writeln!(out, "_The audit log is disabled._")?,
        Some(a) => {
            if let Some(since) = a.since {
                writeln!(
                    out,
                    "Since {}.",
                    since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                )?;
                writeln!(out)?;
            }
            let o = a.outcomes;
            writeln!(
                out,
                "| Attempts | Allowed | Blocked | Overridden | Error | Override rate |"
            )?;
            writeln!(out, "|---:|---:|---:|---:|---:|---:|")?;
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                o.attempts,
                o.allowed,
                o.blocked,
                o.overridden,
                o.error,
                percent(a.override_rate)
            )?;
            if !a.by_gate.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "| Gate | Pass | Warn | Fail | Overridden | Error | Skip |"
                )?;
                writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
                for (id, c) in &a.by_gate {
                    writeln!(
                        out,
                        "| `{id}` | {} | {} | {} | {} | {} | {} |",
                        c.pass, c.warn, c.fail, c.overridden, c.error, c.skip
                    )?;
                }
            }
            if !a.by_column.is_empty() {
                writeln!(out)?;
                let rows = a.by_column.iter().map(|(s, o)| (cell(s), *o));
                outcomes_table(out, "Target column", rows)?;
            }
            if !a.by_day.is_empty() {
                writeln!(out)?;
                let rows = a.by_day.iter().map(|(d, o)| (d.to_string(), *o));
                outcomes_table(out, "Day (UTC)", rows)?;
            }
            if !a.top_violated_columns.is_empty() {
                let top: Vec<String> = a
                    .top_violated_columns
                    .iter()
                    .map(|(s, n)| format!("`{s}` ({n})"))
                    .collect();
                writeln!(out)?;
                writeln!(out, "Top violated columns: {}", top.join(", "))?;
            }
        }
    }
    writeln!(out)?;

    writeln!(out, "### Lint")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} files: **{}** error(s), **{}** warning(s)",
        r.lint.files, r.lint.errors, r.lint.warnings
    )?;
    if !r.lint.codes.is_empty() {
        writeln!(out)?;
        for (code, n) in r.lint.codes.iter().take(8) {
            writeln!(out, "- `{code}` × {n}")?;
        }
    }
    writeln!(out)?;

    let failed: Vec<_> = s.checks.iter().filter(|c| !c.passed).collect();
    writeln!(
        out,
        "<details><summary>Checks: {} passed, {} failed</summary>",
        s.passed,
        failed.len()
    )?;
    writeln!(out)?;
    for c in &failed {
        writeln!(
            out,
            "- ❌ {} {}: {}",
            c.kind.label(),
            cell(&c.subject),
            cell(&c.detail)
        )?;
    }
    let passed = |k: CheckKind| s.checks.iter().filter(|c| c.passed && c.kind == k).count();
    let mut kinds = vec![format!("{} column", passed(CheckKind::Column))];
    for table in &r.tables {
        let kind = CheckKind::Requirement(table.doc);
        kinds.push(format!("{} {} requirement", passed(kind), kind.label()));
    }
    writeln!(
        out,
        "- ✅ passed: {} and {} file check(s)",
        kinds.join(", "),
        passed(CheckKind::File)
    )?;
    writeln!(out)?;
    writeln!(out, "</details>")?;
    Ok(())
}

/// A gate's table ([`crate::gates::table`]): each task with its verdict and
/// every requirement of its stage.
fn gate_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    writeln!(out, "### {}", table.doc.title)?;
    writeln!(out)?;
    if !table.enabled {
        return writeln!(out, "_The `{}` gate is not enabled._", table.gate);
    }
    if table.rows.is_empty() {
        return writeln!(out, "_{}_", table.doc.empty_sentence());
    }
    writeln!(out, "| Task | Status | Verdict | Requirements |")?;
    writeln!(out, "|---|---|---|---|")?;
    for row in &table.rows {
        let reqs: Vec<String> = row
            .requirements
            .iter()
            .map(|q| {
                format!(
                    "{} `{}`",
                    if q.passed { "✅" } else { "❌" },
                    q.short_code()
                )
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&row.task.title),
            cell(&row.name),
            row.verdict.as_str(),
            if reqs.is_empty() {
                "–".to_owned()
            } else {
                reqs.join("<br>")
            }
        )?;
    }
    Ok(())
}
