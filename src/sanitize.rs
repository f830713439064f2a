//! Terminal safety for text that came from outside: task files, commits,
//! the audit log. Such text may hold escape sequences or bidi controls
//! that rewrite the reader's screen, or newlines that forge output lines;
//! everything printed for people goes through here first. A leaf: it
//! imports nothing of the crate.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must not reach a terminal: control characters other than
/// newline and tab, and the Unicode bidi controls.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Removes control characters (except newline and tab) and Unicode bidi
/// controls from text that came from outside.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        Cow::Owned(text.chars().filter(|c| !is_unsafe(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// [`sanitize`], and newlines and tabs become spaces: for one-line fields.
pub(crate) fn one_line(text: &str) -> String {
    sanitize(text).replace(['\n', '\t'], " ")
}

/// Outside text shown on one line: `Display` prints it as [`one_line`]
/// does, so `format!("{}", Shown(&title))` can never forge a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown<'a>(pub &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c == '\n' || c == '\t' {
                f.write_str(" ")?;
            } else if !is_unsafe(c) {
                fmt::Write::write_char(f, c)?;
            }
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
}
