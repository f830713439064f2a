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

/// Whether `text` holds visible text: a character that is not whitespace,
/// a control character, a format character ([`is_format`]) or one of the
/// code points Unicode marks as default-ignorable or blank fillers (Hangul
/// fillers, the combining grapheme joiner, variation selectors, the blank
/// Braille pattern). One rule for plan headings, sections and override
/// reasons: a zero-width space alone is not text.
pub(crate) fn is_visible(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !is_format(c) && !is_blank(c))
}

/// Code points that render as nothing or as blank space without being
/// whitespace or format characters.
fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Unicode general category Cf (format characters), as of Unicode 15.
pub(crate) fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
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

    #[test]
    fn visible_text_needs_a_visible_character() {
        for blank in [
            "",
            " \t\n",
            "\u{200B}",
            "\u{200B}\u{2060}\u{FEFF}",
            "\u{202E}\u{200D}",
            "\u{3164}\u{115F}",
            "\u{7}\u{1b}",
            "\u{2800} \u{FE0F}",
        ] {
            assert!(!is_visible(blank), "{blank:?}");
        }
        for text in ["x", "\u{200B}hotfix", "緊急", "🔥", " a "] {
            assert!(is_visible(text), "{text:?}");
        }
    }
}
