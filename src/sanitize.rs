//! Terminal safety for text that came from outside: task files, commits,
//! the audit log. Such text may hold escape sequences or bidi controls
//! that rewrite the reader's screen, newlines that forge output lines, or
//! the start of a CI runner's workflow command (`::add-mask::…`,
//! `##[error]…`, `##vso[…]`), which a runner obeys when a line of its log
//! begins with one; everything printed goes through here first. A leaf: it
//! imports nothing of the crate.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must not reach a terminal: control characters other than
/// newline and tab, and the Unicode bidi controls.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Only the controls [`sanitize`] removes, for text that is escaped
/// further and never starts a line (a workflow command's property value).
pub(crate) fn without_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        Cow::Owned(text.chars().filter(|c| !is_unsafe(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a log line whose text starts with `text` is a CI runner's command:
/// GitHub Actions obeys `::name …::` and `##[name]` once leading blanks are
/// trimmed, Azure Pipelines `##vso[…]`.
fn starts_a_command(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("::") || t.starts_with("##[") || t.starts_with("##vso[")
}

/// Where `text` needs a `\` so that no runner reads it as a command: before
/// its first non-blank character, when it [starts a command](starts_a_command).
fn command_neutraliser(text: &str) -> Option<usize> {
    starts_a_command(text).then(|| text.len() - text.trim_start().len())
}

/// Removes control characters (except newline and tab) and Unicode bidi
/// controls from text that came from outside, and neutralises every line of
/// it that would start a CI runner's command (a `\` before it): wherever the
/// text lands, at the start of an output line or after a prefix, it cannot
/// become `::add-mask::` or `::error file=…::` in a CI log.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    let needs_neutralising = || text.split('\n').any(starts_a_command);
    if !text.chars().any(is_unsafe) && !needs_neutralising() {
        return Cow::Borrowed(text);
    }
    let clean: String = text.chars().filter(|c| !is_unsafe(*c)).collect();
    let mut out = String::with_capacity(clean.len() + 8);
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(at) = command_neutraliser(line) {
            out.push_str(&line[..at]);
            out.push('\\');
            out.push_str(&line[at..]);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`], and newlines and tabs become spaces: for one-line fields.
pub(crate) fn one_line(text: &str) -> String {
    Shown(text).to_string()
}

/// Outside text shown on one line: `Display` prints it as [`one_line`]
/// does, so `format!("{}", Shown(&title))` can never forge a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown<'a>(pub &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Judged on the text as shown: tabs and newlines become spaces, and
        // the controls dropped cannot hide a leading `::`.
        let shown = || {
            self.0
                .chars()
                .filter(|c| !is_unsafe(*c))
                .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        };
        let blanks = shown().take_while(|c| c.is_whitespace()).count();
        let rest: String = shown().skip(blanks).take(6).collect();
        let neutralise = starts_a_command(&rest);
        for (i, c) in shown().enumerate() {
            if neutralise && i == blanks {
                f.write_str("\\")?;
            }
            fmt::Write::write_char(f, c)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_controls_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\u{7}"), "a[31mbc");
        assert_eq!(sanitize("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(one_line("a\nb"), "a b");
    }

    #[test]
    fn shown_is_one_line_and_safe() {
        let forged = "P1\u{1b}]0;owned\u{7}\u{1b}[2J\nallowed: everything is fine";
        assert_eq!(
            Shown(forged).to_string(),
            "P1]0;owned[2J allowed: everything is fine"
        );
        assert_eq!(Shown(forged).to_string(), one_line(forged));
    }

    /// Issue #22 item 15: text from a file never starts a runner's command,
    /// on one line or on any line of many, with blanks, tabs or controls
    /// in front of it.
    #[test]
    fn workflow_commands_are_neutralised() {
        for forged in [
            "::add-mask::secret",
            "  ::error file=x.md::forged",
            "\t::warning::x",
            "\u{200E}::add-mask::x",
            "##[error]forged",
            "##vso[task.setvariable variable=x]1",
        ] {
            let shown = Shown(forged).to_string();
            assert!(!starts_a_command(&shown), "{shown:?}");
            assert!(shown.contains('\\'), "{shown:?}");
            let many = format!("fine\n{forged}\n  {forged}");
            for line in sanitize(&many).lines() {
                assert!(!starts_a_command(line), "{line:?}");
            }
        }
        // Text that only contains `::` further on, or a lone `:`, is unchanged.
        for fine in ["P1", "a::b", ": x", "#1 item", "## Plan"] {
            assert_eq!(Shown(fine).to_string(), fine);
            assert_eq!(sanitize(fine), fine);
        }
    }
}
