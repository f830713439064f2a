//! `JUnit` XML output, for CI systems that show test reports: one test suite
//! per judged transition and one test case per gate. A failed gate is a
//! `<failure>`, a gate that could not be evaluated an `<error>`, a skipped
//! gate `<skipped>`; warnings and overrides pass and are told in
//! `<system-out>`. Renders finished data only.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::batch::Item;
use crate::finding::Finding;
use crate::gates::VerdictKind;

/// Writes one `<testsuites>` document.
#[allow(clippy::many_single_char_names)] // t/f/e/s: the four JUnit counters
pub(crate) fn write(out: &mut dyn Write, items: &[Item]) -> io::Result<()> {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for item in items {
        let r = &item.report;
        let from = r.from_name.as_deref().unwrap_or("(new)");
        let mut name = format!("{}: {from} -> {}", r.task.path, r.to_label());
        if let Some(c) = &item.commit {
            name = format!("commit {}: {name}", c.short);
        }
        let mut cases = String::new();
        let (mut t, mut f, mut e, mut s) = (0, 0, 0, 0);
        if r.no_op {
            t += 1;
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"no-op\"/>",
                attr(&r.task.path)
            );
        }
        for gate in &r.decision.gates {
            t += 1;
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                attr(&r.task.path),
                attr(gate.id)
            );
            match gate.verdict {
                VerdictKind::Pass if gate.findings.is_empty() => {
                    let _ = writeln!(cases, "{open}/>");
                }
                VerdictKind::Pass | VerdictKind::Warn | VerdictKind::Overridden => {
                    let label = if gate.verdict == VerdictKind::Overridden {
                        "overridden: "
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        cases,
                        "{open}>\n      <system-out>{label}{}</system-out>\n    </testcase>",
                        text(&details(&gate.findings))
                    );
                }
                VerdictKind::Skip => {
                    s += 1;
                    let note = gate.note.as_deref().unwrap_or("does not apply");
                    let _ = writeln!(
                        cases,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        attr(note)
                    );
                }
                VerdictKind::Fail | VerdictKind::Error => {
                    let tag = if gate.verdict == VerdictKind::Fail {
                        f += 1;
                        "failure"
                    } else {
                        e += 1;
                        "error"
                    };
                    let first = gate.findings.first();
                    let _ = writeln!(
                        cases,
                        "{open}>\n      <{tag} type=\"{}\" message=\"{}\">{}</{tag}>\n    </testcase>",
                        attr(first.map_or(gate.id, |f| f.code)),
                        attr(first.map_or("", |f| f.message.as_str())),
                        text(&details(&gate.findings)),
                    );
                }
            }
        }
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{f}\" errors=\"{e}\" skipped=\"{s}\">\n{cases}  </testsuite>",
            attr(&name)
        );
        tests += t;
        failures += f;
        errors += e;
        skipped += s;
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}

/// Every finding as `severity[code]: message` and `help:` lines.
fn details(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let message = crate::sanitize::sanitize(&f.message);
        let _ = writeln!(s, "{}[{}]: {message}", f.severity.as_str(), f.code);
        if let Some(help) = &f.help {
            let _ = writeln!(s, "help: {}", crate::sanitize::sanitize(help));
        }
    }
    s
}

/// XML text: escaped, with characters XML 1.0 cannot hold dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

/// An XML attribute value (quotes and line ends escaped too).
fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(text("a<b & \u{1}c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(attr("say \"hi\"\n"), "say &quot;hi&quot;&#10;");
    }
}
