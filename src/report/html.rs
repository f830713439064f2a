//! `gate report --format html`: one self-contained page (inline CSS and
//! SVG; no scripts, fonts, images or styles from elsewhere) for a team
//! screen: the score, each column against its limit, outcomes over time,
//! the override rate, the gates' tables (P0), lint and the failed checks.
//!
//! Computes nothing beyond layout; every text from task files is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{Days, NaiveDate};

use super::compliance::{AuditStats, ComplianceReport, Outcomes, Table};
use super::text::percent;
use super::{ColumnRow, ColumnState};

const GREEN: &str = "#16a34a";
const AMBER: &str = "#d97706";
const RED: &str = "#dc2626";
const GREY: &str = "#94a3b8";
const BLUE: &str = "#2563eb";
const INK: &str = "#0f172a";
const MUTED: &str = "#64748b";

/// The most days the timeline shows (the latest ones).
const MAX_DAYS: u64 = 45;

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;background:#eef2f7;color:#0f172a;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:linear-gradient(120deg,#0f172a,#1e3a8a);color:#fff;padding:28px 40px;display:flex;align-items:center;gap:32px}
header h1{margin:0;font-size:28px;font-weight:650;letter-spacing:-.01em}
header p{margin:4px 0 0;color:#cbd5e1}
header .ring{flex:none}
main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:14px;margin-bottom:20px}
.kpi{background:#fff;border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px rgba(15,23,42,.06),0 4px 12px rgba(15,23,42,.04)}
.kpi .v{font-size:26px;font-weight:700;letter-spacing:-.02em}
.kpi .l{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.grid{display:grid;grid-template-columns:1.25fr 1fr;gap:20px;margin-bottom:20px}
.grid .card{margin-bottom:0}
.card{background:#fff;border-radius:14px;padding:18px 22px;box-shadow:0 1px 2px rgba(15,23,42,.06),0 4px 12px rgba(15,23,42,.04);margin-bottom:20px}
.card h2{margin:0 0 12px;font-size:16px;font-weight:650}
.card h2 small{color:#64748b;font-weight:400;margin-left:6px}
.wide{grid-column:1/-1}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;color:#64748b;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.05em;border-bottom:1px solid #e2e8f0;padding:8px 10px}
td{border-bottom:1px solid #f1f5f9;padding:8px 10px;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.chip{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;margin:1px 4px 1px 0;white-space:nowrap}
.ok{background:#dcfce7;color:#166534}.bad{background:#fee2e2;color:#991b1b}.warn{background:#fef3c7;color:#92400e}.skip{background:#f1f5f9;color:#475569}
.legend{display:flex;gap:14px;font-size:12px;color:#64748b;margin-top:6px;flex-wrap:wrap}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.empty{color:#64748b;font-style:italic}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
ul.checks{list-style:none;margin:0;padding:0;columns:2;column-gap:28px}
ul.checks li{break-inside:avoid;padding:4px 0;border-bottom:1px solid #f1f5f9;font-size:13.5px}
footer{color:#64748b;font-size:12px;text-align:center;margin-top:8px}
"#;

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

fn score_colour(score: Option<u32>) -> &'static str {
    match score {
        None => MUTED,
        Some(90..=100) => GREEN,
        Some(70..=89) => AMBER,
        Some(_) => RED,
    }
}

/// A score as shown: the number, or `n/a` when nothing was scored.
fn score_text(score: Option<u32>) -> String {
    score.map_or_else(|| "n/a".to_owned(), |s| s.to_string())
}

#[allow(clippy::cast_precision_loss)] // chart geometry from small counts
fn f(n: usize) -> f64 {
    n as f64
}

pub(crate) fn write(out: &mut dyn Write, r: &ComplianceReport) -> io::Result<()> {
    let mut h = String::with_capacity(32 * 1024);
    page(&mut h, r);
    out.write_all(h.as_bytes())
}

fn page(h: &mut String, r: &ComplianceReport) {
    let s = &r.score;
    let generated = r.generated.format("%Y-%m-%d %H:%M UTC");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>Board compliance: {}{}</title><style>{CSS}</style></head><body>\n",
        score_text(s.percent),
        if s.percent.is_some() { "/100" } else { "" }
    );
    let _ = write!(
        h,
        "<header><div class=\"ring\">{}</div><div><h1>Board compliance</h1><p>{} of {} checks passed · generated {generated}",
        score_ring(s.percent),
        s.passed,
        s.total
    );
    if let Some(since) = r.audit.as_ref().and_then(|a| a.since) {
        let _ = write!(h, " · audit since {}", since.format("%Y-%m-%d %H:%M UTC"));
    }
    if s.percent.is_none() {
        let _ = write!(h, "<br>{}", esc(super::compliance::UNSCORED));
    }
    h.push_str("</p></div></header>\n<main>\n");
    kpis(h, r);
    h.push_str("<div class=\"grid\">\n");
    let _ = write!(
        h,
        "<section class=\"card\"><h2>WIP by column<small>each column's count against its own limit</small></h2>{}",
        wip_chart(r)
    );
    let _ = write!(
        h,
        "<div class=\"legend\"><span><i style=\"background:{GREEN}\"></i>within limit</span><span><i style=\"background:{AMBER}\"></i>near limit</span><span><i style=\"background:{RED}\"></i>over limit</span><span><i style=\"background:{GREY}\"></i>no limit</span><span><i style=\"background:{INK}\"></i>limit</span></div></section>"
    );
    h.push('\n');
    h.push_str("<section class=\"card\"><h2>Decisions<small>override rate</small></h2>");
    match &r.audit {
        Some(a) => {
            h.push_str(&override_donut(a));
            outcome_legend(h);
        }
        None => h.push_str("<p class=\"empty\">The audit log is disabled.</p>"),
    }
    h.push_str("</section>\n<section class=\"card wide\"><h2>Outcomes over time<small>decisions per day, from the audit log</small></h2>");
    match &r.audit {
        Some(a) if !a.by_day.is_empty() => {
            h.push_str(&timeline(a));
            outcome_legend(h);
        }
        Some(_) => h.push_str("<p class=\"empty\">No decisions recorded in this period.</p>"),
        None => h.push_str("<p class=\"empty\">The audit log is disabled.</p>"),
    }
    h.push_str("</section>\n");
    for table in &r.tables {
        gate_table(h, table);
    }
    unfinished_table(h, r);
    gates_table(h, r);
    lint_card(h, r);
    checks_card(h, r);
    h.push_str("</div>\n<footer>gate report · kanban-gate</footer>\n</main></body></html>\n");
}

fn kpis(h: &mut String, r: &ComplianceReport) {
    let s = &r.score;
    let mut items: Vec<(String, &str, &str)> = vec![
        (score_text(s.percent), "score", score_colour(s.percent)),
        (format!("{}/{}", s.passed, s.total), "checks passed", INK),
    ];
    let over = r
        .board
        .columns
        .iter()
        .filter(|c| c.state == ColumnState::Over)
        .count();
    items.push((
        over.to_string(),
        "columns over limit",
        if over > 0 { RED } else { GREEN },
    ));
    if let Some(a) = &r.audit {
        let colour = if a.outcomes.overridden > 0 {
            AMBER
        } else {
            GREEN
        };
        items.push((a.outcomes.attempts.to_string(), "decisions", INK));
        items.push((percent(a.override_rate), "override rate", colour));
    } else {
        items.push(("–".to_owned(), "decisions", MUTED));
        items.push(("–".to_owned(), "override rate", MUTED));
    }
    items.push((
        r.lint.errors.to_string(),
        "lint errors",
        if r.lint.errors > 0 { RED } else { GREEN },
    ));
    h.push_str("<div class=\"kpis\">");
    for (v, l, c) in items {
        let _ = write!(
            h,
            "<div class=\"kpi\"><div class=\"v\" style=\"color:{c}\">{}</div><div class=\"l\">{l}</div></div>",
            esc(&v)
        );
    }
    h.push_str("</div>\n");
}

fn score_ring(score: Option<u32>) -> String {
    let r = 38.0_f64;
    let c = 2.0 * std::f64::consts::PI * r;
    let filled = c * f64::from(score.unwrap_or(0)) / 100.0;
    let label = score.map_or_else(|| "no score".to_owned(), |s| format!("score {s} of 100"));
    let shown = score_text(score);
    format!(
        "<svg width=\"96\" height=\"96\" viewBox=\"0 0 96 96\" role=\"img\" aria-label=\"{label}\">\
<circle cx=\"48\" cy=\"48\" r=\"{r}\" fill=\"none\" stroke=\"rgba(255,255,255,.15)\" stroke-width=\"10\"/>\
<circle cx=\"48\" cy=\"48\" r=\"{r}\" fill=\"none\" stroke=\"{}\" stroke-width=\"10\" stroke-linecap=\"round\" stroke-dasharray=\"{filled:.2} {c:.2}\" transform=\"rotate(-90 48 48)\"/>\
<text x=\"48\" y=\"56\" text-anchor=\"middle\" font-size=\"26\" font-weight=\"700\" fill=\"#fff\">{shown}</text></svg>",
        score_colour(score)
    )
}

/// One bar per column, each on its own scale: a column with a limit runs
/// from 0 to its limit (or its count, when over), so a column of 3 and one
/// of 15 both show how full they are. Columns without a limit — or with a
/// limit at `no_limit_at` or above, a "none" marker — share one scale: the
/// largest count among them.
fn wip_chart(r: &ComplianceReport) -> String {
    let limit_of = |c: &ColumnRow| c.limit.filter(|l| *l < r.no_limit_at);
    let cols: Vec<_> = r
        .board
        .columns
        .iter()
        .filter(|c| limit_of(c).is_some() || c.count > 0)
        .collect();
    if cols.is_empty() {
        return "<p class=\"empty\">No columns.</p>".to_owned();
    }
    let unlimited_max = cols
        .iter()
        .filter(|c| limit_of(c).is_none())
        .map(|c| c.count)
        .max()
        .unwrap_or(1)
        .max(1);
    let (label_w, plot_w, row_h, top) = (110.0, 420.0, 30.0, 6.0);
    let width = label_w + plot_w + 70.0;
    let height = top + row_h * f(cols.len()) + 4.0;
    let mut s = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"WIP by column\">"
    );
    for (i, c) in cols.iter().enumerate() {
        let limit = limit_of(c);
        let scale_max = limit.map_or(unlimited_max, |l| c.count.max(l as usize).max(1));
        let x = |n: usize| label_w + plot_w * f(n) / f(scale_max);
        let y = top + row_h * f(i);
        let colour = match (limit, c.state) {
            (None, _) => GREY,
            (_, ColumnState::Over) => RED,
            (_, ColumnState::Warning) => AMBER,
            _ => GREEN,
        };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"{INK}\">{}</text>\
<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{plot_w}\" height=\"16\" rx=\"4\" fill=\"#f1f5f9\"/>",
            label_w - 10.0,
            y + 14.0,
            esc(&c.name),
            y + 2.0
        );
        if c.count > 0 {
            let _ = write!(
                s,
                "<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" rx=\"4\" fill=\"{colour}\"/>",
                y + 2.0,
                x(c.count) - label_w
            );
        }
        if let Some(limit) = limit {
            let lx = x(limit as usize);
            let _ = write!(
                s,
                "<line x1=\"{lx:.1}\" x2=\"{lx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"2.5\"/>",
                y - 1.0,
                y + 21.0
            );
        }
        let label = limit.map_or_else(|| c.count.to_string(), |l| format!("{} / {l}", c.count));
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"600\" fill=\"{}\">{label}</text>",
            label_w + plot_w + 10.0,
            y + 14.0,
            if c.state == ColumnState::Over {
                RED
            } else {
                INK
            }
        );
    }
    s.push_str("</svg>");
    s
}

fn outcome_legend(h: &mut String) {
    let _ = write!(
        h,
        "<div class=\"legend\"><span><i style=\"background:{GREEN}\"></i>allowed</span><span><i style=\"background:{AMBER}\"></i>overridden</span><span><i style=\"background:{RED}\"></i>blocked</span><span><i style=\"background:{GREY}\"></i>error</span></div>"
    );
}

fn segments(o: &Outcomes) -> [(usize, &'static str); 4] {
    [
        (o.allowed, GREEN),
        (o.overridden, AMBER),
        (o.blocked, RED),
        (o.error, GREY),
    ]
}

#[allow(clippy::many_single_char_names)] // chart geometry reads best in its usual short names
fn override_donut(a: &AuditStats) -> String {
    let o = a.outcomes;
    let (cx, cy, r) = (110.0, 110.0, 80.0_f64);
    let c = 2.0 * std::f64::consts::PI * r;
    let mut s = format!(
        "<svg viewBox=\"0 0 400 220\" width=\"100%\" role=\"img\" aria-label=\"override rate\">\
<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"none\" stroke=\"#f1f5f9\" stroke-width=\"26\"/>"
    );
    if o.attempts > 0 {
        let mut offset = 0.0;
        for (n, colour) in segments(&o) {
            if n == 0 {
                continue;
            }
            let len = c * f(n) / f(o.attempts);
            let _ = write!(
                s,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"26\" stroke-dasharray=\"{len:.2} {c:.2}\" stroke-dashoffset=\"{:.2}\" transform=\"rotate(-90 {cx} {cy})\"/>",
                -offset
            );
            offset += len;
        }
    }
    let _ = write!(
        s,
        "<text x=\"{cx}\" y=\"{:.0}\" text-anchor=\"middle\" font-size=\"30\" font-weight=\"700\" fill=\"{}\">{}</text>\
<text x=\"{cx}\" y=\"{:.0}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\">overridden</text>",
        cy + 6.0,
        if o.overridden > 0 { AMBER } else { INK },
        percent(a.override_rate),
        cy + 26.0
    );
    let rows = [
        ("decisions", o.attempts, INK),
        ("allowed", o.allowed, GREEN),
        ("overridden", o.overridden, AMBER),
        ("blocked", o.blocked, RED),
        ("error", o.error, GREY),
    ];
    for (i, (label, n, colour)) in rows.iter().enumerate() {
        let y = 48.0 + 34.0 * f(i);
        let _ = write!(
            s,
            "<text x=\"235\" y=\"{y:.0}\" font-size=\"13\" fill=\"{MUTED}\">{label}</text>\
<text x=\"390\" y=\"{y:.0}\" text-anchor=\"end\" font-size=\"18\" font-weight=\"700\" fill=\"{colour}\">{n}</text>"
        );
    }
    s.push_str("</svg>");
    s
}

#[allow(clippy::many_single_char_names)] // chart geometry reads best in its usual short names
fn timeline(a: &AuditStats) -> String {
    let (Some(first), Some(last)) = (a.by_day.first().map(|d| d.0), a.by_day.last().map(|d| d.0))
    else {
        return String::new();
    };
    let span = u64::try_from((last - first).num_days()).unwrap_or(0) + 1;
    let start = if span > MAX_DAYS {
        last.checked_sub_days(Days::new(MAX_DAYS - 1))
            .unwrap_or(first)
    } else {
        first
    };
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= last).collect();
    let counts = |d: NaiveDate| {
        a.by_day
            .iter()
            .find(|(x, _)| *x == d)
            .map(|(_, o)| *o)
            .unwrap_or_default()
    };
    let max = days
        .iter()
        .map(|d| counts(*d).attempts)
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, top, plot_w, plot_h) = (44.0, 12.0, 1040.0, 190.0);
    let width = left + plot_w + 10.0;
    let height = top + plot_h + 30.0;
    let slot = plot_w / f(days.len());
    let bar = (slot * 0.7).clamp(2.0, 46.0);
    let mut s = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"outcomes per day\">"
    );
    for tick in [0, max / 2, max] {
        let y = top + plot_h - plot_h * f(tick) / f(max);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e2e8f0\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"{MUTED}\">{tick}</text>",
            left + plot_w,
            left - 8.0,
            y + 4.0
        );
    }
    for (i, day) in days.iter().enumerate() {
        let o = counts(*day);
        let x = left + slot * f(i) + (slot - bar) / 2.0;
        let mut y = top + plot_h;
        for (n, colour) in segments(&o) {
            if n == 0 {
                continue;
            }
            let hgt = plot_h * f(n) / f(max);
            y -= hgt;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{hgt:.1}\" fill=\"{colour}\"><title>{day}: {n}</title></rect>"
            );
        }
        let label_every = days.len().div_ceil(12).max(1);
        if i % label_every == 0 || i + 1 == days.len() {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{MUTED}\">{}</text>",
                x + bar / 2.0,
                top + plot_h + 18.0,
                day.format("%b %d")
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A gate's table ([`crate::gates::table`]): each task with its verdict and
/// every requirement of its stage.
fn gate_table(h: &mut String, table: &Table) {
    let _ = write!(
        h,
        "<section class=\"card wide\"><h2>{}<small>{}</small></h2>",
        esc(table.doc.title),
        esc(table.doc.subtitle)
    );
    if !table.enabled {
        let _ = writeln!(
            h,
            "<p class=\"empty\">The {} gate is not enabled.</p></section>",
            esc(table.gate)
        );
        return;
    }
    if table.rows.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"empty\">{}</p></section>",
            esc(&table.doc.empty_sentence())
        );
        return;
    }
    h.push_str("<table><tr><th>Task</th><th>Status</th><th>Verdict</th><th>Requirements</th></tr>");
    for row in &table.rows {
        let verdict_class = match row.verdict.as_str() {
            "pass" => "ok",
            "warn" => "warn",
            "skip" => "skip",
            _ => "bad",
        };
        let _ = write!(
            h,
            "<tr><td><strong>{}</strong><br><span class=\"mono\" style=\"color:{MUTED}\">{}</span></td><td>{}</td><td><span class=\"chip {verdict_class}\">{}</span></td><td>",
            esc(&row.task.title),
            esc(&row.task.path),
            esc(&row.name),
            row.verdict.as_str()
        );
        if row.requirements.is_empty() {
            h.push_str("<span class=\"chip skip\">none at this stage</span>");
        }
        for q in &row.requirements {
            let _ = write!(
                h,
                "<span class=\"chip {}\">{} {}</span>",
                if q.passed { "ok" } else { "bad" },
                if q.passed { "✓" } else { "✗" },
                esc(&q.words())
            );
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</table></section>\n");
}

/// The tasks the gates fault as they stand; nothing when there are none.
fn unfinished_table(h: &mut String, r: &ComplianceReport) {
    if r.unfinished.is_empty() {
        return;
    }
    h.push_str("<section class=\"card wide\"><h2>Unfinished work<small>unmet checklists and open dependencies</small></h2>");
    h.push_str("<table><tr><th>Task</th><th>Status</th><th>Gate</th><th>Findings</th></tr>");
    for row in &r.unfinished {
        let findings: Vec<String> = row.findings.iter().map(|f| esc(&f.message)).collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
            esc(&row.task.title),
            esc(&row.status),
            esc(row.gate),
            findings.join("<br>")
        );
    }
    h.push_str("</table></section>\n");
}

fn gates_table(h: &mut String, r: &ComplianceReport) {
    let Some(a) = &r.audit else { return };
    h.push_str("<section class=\"card\"><h2>By gate<small>verdicts recorded</small></h2>");
    if a.by_gate.is_empty() {
        h.push_str("<p class=\"empty\">No decisions recorded.</p>");
    } else {
        h.push_str("<table><tr><th>Gate</th><th>Pass</th><th>Warn</th><th>Fail</th><th>Overridden</th><th>Error</th><th>Skip</th></tr>");
        for (id, c) in &a.by_gate {
            let _ = write!(
                h,
                "<tr><td class=\"mono\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(id),
                c.pass,
                c.warn,
                c.fail,
                c.overridden,
                c.error,
                c.skip
            );
        }
        h.push_str("</table>");
    }
    if !a.top_violated_columns.is_empty() {
        h.push_str("<p style=\"margin:12px 0 0\">Top violated columns: ");
        for (col, n) in &a.top_violated_columns {
            let _ = write!(h, "<span class=\"chip bad\">{} · {n}</span>", esc(col));
        }
        h.push_str("</p>");
    }
    h.push_str("</section>\n");
}

fn lint_card(h: &mut String, r: &ComplianceReport) {
    let l = &r.lint;
    let _ = write!(
        h,
        "<section class=\"card\"><h2>Lint<small>{} files</small></h2><p><span class=\"chip {}\">{} error{}</span><span class=\"chip {}\">{} warning{}</span></p>",
        l.files,
        if l.errors > 0 { "bad" } else { "ok" },
        l.errors,
        if l.errors == 1 { "" } else { "s" },
        if l.warnings > 0 { "warn" } else { "ok" },
        l.warnings,
        if l.warnings == 1 { "" } else { "s" }
    );
    if !l.codes.is_empty() {
        let max = l.codes.first().map_or(1, |c| c.1).max(1);
        h.push_str("<table>");
        for (code, n) in l.codes.iter().take(8) {
            let w = 100.0 * f(*n) / f(max);
            let _ = write!(
                h,
                "<tr><td class=\"mono\">{}</td><td style=\"width:40%\"><div style=\"background:{BLUE};opacity:.8;height:10px;border-radius:3px;width:{w:.0}%\"></div></td><td class=\"n\">{n}</td></tr>",
                esc(code)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

fn checks_card(h: &mut String, r: &ComplianceReport) {
    let failed: Vec<_> = r.score.checks.iter().filter(|c| !c.passed).collect();
    let _ = write!(
        h,
        "<section class=\"card wide\"><h2>Failed checks<small>{} of {} checks failed; score = 100 × passed / total, rounded down</small></h2>",
        failed.len(),
        r.score.total
    );
    if failed.is_empty() {
        h.push_str("<p class=\"empty\">Every check passed.</p>");
    } else {
        h.push_str("<ul class=\"checks\">");
        for c in failed {
            let kind = c.kind.label();
            let _ = write!(
                h,
                "<li><span class=\"chip bad\">{kind}</span>{} <span class=\"mono\" style=\"color:{MUTED}\">{}</span></li>",
                esc(&c.subject),
                esc(&c.detail)
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::BoardReport;
    use crate::report::compliance::{LintSummary, Score};

    fn column(status: &str, count: usize, limit: Option<u32>, state: ColumnState) -> ColumnRow {
        ColumnRow {
            status: status.to_owned(),
            name: status.to_owned(),
            count,
            limit,
            utilization: None,
            state,
        }
    }

    fn with_columns(columns: Vec<ColumnRow>) -> ComplianceReport {
        ComplianceReport {
            generated: chrono::DateTime::UNIX_EPOCH,
            board: BoardReport {
                columns,
                unconfigured: Vec::new(),
                unreadable: Vec::new(),
            },
            tables: Vec::new(),
            unfinished: Vec::new(),
            audit: None,
            lint: LintSummary::default(),
            score: Score {
                percent: Some(100),
                passed: 0,
                total: 0,
                checks: Vec::new(),
            },
            no_limit_at: 9999,
        }
    }

    /// The `(fill, width)` of each count bar, in order.
    fn bars(svg: &str) -> Vec<(String, String)> {
        svg.split("<rect ")
            .skip(1)
            .filter(|r| !r.contains("fill=\"#f1f5f9\""))
            .map(|r| {
                let attr = |name: &str| {
                    let start = r.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    r[start..].split('"').next().unwrap().to_owned()
                };
                (attr("fill"), attr("width"))
            })
            .collect()
    }

    #[test]
    fn each_column_is_charted_against_its_own_limit() {
        let r = with_columns(vec![
            column("small", 3, Some(3), ColumnState::Warning),
            column("big", 15, Some(15), ColumnState::Warning),
            column("half", 5, Some(10), ColumnState::Ok),
            column("over", 6, Some(3), ColumnState::Over),
            column("marker", 2, Some(9999), ColumnState::Ok),
            column("free", 4, None, ColumnState::Ok),
            column("empty", 0, Some(9999), ColumnState::Ok),
        ]);
        let svg = wip_chart(&r);
        // Full columns fill their track whatever the limit; a limit at the
        // marker is none, and unlimited columns share the largest count.
        assert_eq!(
            bars(&svg),
            [
                (AMBER.to_owned(), "420.0".to_owned()),
                (AMBER.to_owned(), "420.0".to_owned()),
                (GREEN.to_owned(), "210.0".to_owned()),
                (RED.to_owned(), "420.0".to_owned()),
                (GREY.to_owned(), "210.0".to_owned()),
                (GREY.to_owned(), "420.0".to_owned()),
            ]
        );
        // The over-full column's limit line sits at half its track.
        assert!(svg.contains("<line x1=\"320.0\" x2=\"320.0\""), "{svg}");
        // Labels: count against limit, or the count alone.
        for label in [">3 / 3<", ">15 / 15<", ">6 / 3<", ">2<", ">4<"] {
            assert!(svg.contains(label), "{label} in {svg}");
        }
        assert!(!svg.contains("9999"), "{svg}");
        // An empty column without a (real) limit is left out.
        assert!(!svg.contains(">empty<"), "{svg}");
        // The marker is configurable.
        let mut r = r;
        r.no_limit_at = u32::MAX;
        assert!(wip_chart(&r).contains(">2 / 9999<"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>\"a\" & 'b'"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
    }
}
