//! `gate report` for a terminal: score, board, the gates' tables (P0), audit statistics,
//! lint, and the checks that failed. Computes nothing.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment};

use super::compliance::{AuditStats, ComplianceReport, Outcomes, Table};
use super::human;
use super::style::{Style, one_line};

/// A percentage with one decimal.
pub(crate) fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

pub(crate) fn write(out: &mut dyn Write, r: &ComplianceReport, style: Style) -> io::Result<()> {
    let s = &r.score;
    match s.percent {
        Some(percent) => {
            let painted = match percent {
                90..=100 => style.good(&percent.to_string()),
                70..=89 => style.warn(&percent.to_string()),
                _ => style.bad(&percent.to_string()),
            };
            writeln!(
                out,
                "compliance score: {painted}/100 ({} of {} checks passed)",
                s.passed, s.total
            )?;
        }
        None => writeln!(
            out,
            "compliance score: n/a ({})",
            super::compliance::UNSCORED
        )?,
    }
    writeln!(out)?;
    writeln!(out, "{}", style.bold("board"))?;
    human::board(out, &r.board, style)?;
    writeln!(out)?;
    for table in &r.tables {
        gate_table(out, table, style)?;
        writeln!(out)?;
    }
    if !r.unfinished.is_empty() {
        writeln!(out, "{}", style.bold("unfinished work"))?;
        let mut t = human::table(&["task", "status", "gate", "finding"]);
        for row in &r.unfinished {
            for f in &row.findings {
                t.add_row(vec![
                    Cell::new(one_line(&row.task.title)),
                    Cell::new(one_line(&row.status)),
                    Cell::new(row.gate),
                    Cell::new(one_line(&f.message)),
                ]);
            }
        }
        human::write_table(out, &t)?;
        writeln!(out)?;
    }
    match &r.audit {
        Some(a) => audit(out, a, style)?,
        None => writeln!(
            out,
            "{}\n  the audit log is disabled",
            style.bold("audit log")
        )?,
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}: {} file{}, {} error{}, {} warning{}",
        style.bold("lint"),
        r.lint.files,
        if r.lint.files == 1 { "" } else { "s" },
        r.lint.errors,
        if r.lint.errors == 1 { "" } else { "s" },
        r.lint.warnings,
        if r.lint.warnings == 1 { "" } else { "s" }
    )?;
    for (code, n) in r.lint.codes.iter().take(5) {
        writeln!(out, "  {n:>4}  {code}")?;
    }
    let failed: Vec<_> = s.checks.iter().filter(|c| !c.passed).collect();
    if !failed.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("failed checks"))?;
        for c in failed {
            let kind = c.kind.key();
            writeln!(
                out,
                "  {} {kind:<6} {}: {}",
                style.bad("x"),
                one_line(&c.subject),
                one_line(&c.detail)
            )?;
        }
    }
    Ok(())
}

fn audit(out: &mut dyn Write, a: &AuditStats, style: Style) -> io::Result<()> {
    let since = a.since.map_or_else(String::new, |s| {
        format!(
            " since {}",
            s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    });
    let o = a.outcomes;
    writeln!(out, "{}{since}", style.bold("audit log"))?;
    writeln!(
        out,
        "  {} attempts: {} allowed, {} blocked, {} overridden, {} error; override rate {}",
        o.attempts,
        o.allowed,
        o.blocked,
        o.overridden,
        o.error,
        percent(a.override_rate)
    )?;
    if !a.by_gate.is_empty() {
        let mut t = human::table(&[
            "gate",
            "pass",
            "warn",
            "fail",
            "overridden",
            "error",
            "skip",
        ]);
        for (id, c) in &a.by_gate {
            let mut row = vec![Cell::new(id)];
            for n in [c.pass, c.warn, c.fail, c.overridden, c.error, c.skip] {
                row.push(Cell::new(n).set_alignment(CellAlignment::Right));
            }
            t.add_row(row);
        }
        human::write_table(out, &t)?;
    }
    if !a.by_column.is_empty() {
        writeln!(out)?;
        let rows = a.by_column.iter().map(|(s, o)| (one_line(s), *o));
        outcomes_table(out, "target column", rows)?;
    }
    if !a.by_day.is_empty() {
        writeln!(out)?;
        let rows = a.by_day.iter().map(|(d, o)| (d.to_string(), *o));
        outcomes_table(out, "day (UTC)", rows)?;
    }
    if !a.top_violated_columns.is_empty() {
        let top: Vec<String> = a
            .top_violated_columns
            .iter()
            .map(|(s, n)| format!("{s} ({n})"))
            .collect();
        writeln!(out)?;
        writeln!(out, "  top violated columns: {}", top.join(", "))?;
    }
    Ok(())
}

/// Outcome counts, one row per subject (a column, a day).
fn outcomes_table(
    out: &mut dyn Write,
    subject: &str,
    rows: impl Iterator<Item = (String, Outcomes)>,
) -> io::Result<()> {
    let mut t = human::table(&[
        subject,
        "attempts",
        "allowed",
        "blocked",
        "overridden",
        "error",
    ]);
    for (name, o) in rows {
        let mut row = vec![Cell::new(name)];
        for n in [o.attempts, o.allowed, o.blocked, o.overridden, o.error] {
            row.push(Cell::new(n).set_alignment(CellAlignment::Right));
        }
        t.add_row(row);
    }
    human::write_table(out, &t)
}

/// A gate's table ([`crate::gates::table`]): each task with its verdict and
/// the requirements it misses.
fn gate_table(out: &mut dyn Write, table: &Table, style: Style) -> io::Result<()> {
    writeln!(out, "{}", style.bold(table.doc.title))?;
    if !table.enabled {
        return writeln!(out, "  the {} gate is not enabled", table.gate);
    }
    if table.rows.is_empty() {
        return writeln!(out, "  {}", table.doc.empty);
    }
    let mut t = human::table(&["task", "status", "verdict", "missing"]);
    for row in &table.rows {
        let missing: Vec<&str> = row
            .requirements
            .iter()
            .filter(|q| !q.passed)
            .map(|q| q.code)
            .collect();
        let title = row.task.id.as_deref().map_or_else(
            || one_line(&row.task.title),
            |id| {
                format!(
                    "{} ({})",
                    one_line(&row.task.title),
                    crate::task::short_id(id)
                )
            },
        );
        t.add_row(vec![
            Cell::new(title),
            Cell::new(one_line(&row.name)),
            Cell::new(row.verdict.as_str()),
            Cell::new(if missing.is_empty() {
                "-".to_owned()
            } else {
                missing.join(", ")
            }),
        ]);
    }
    human::write_table(out, &t)
}
