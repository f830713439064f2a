//! Colour and terminal safety for human output.
//!
//! The colour decision is made once from `--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE` and whether stdout is a terminal, then passed down as a
//! [`Style`] value. Colour never carries meaning alone: every coloured word
//! is also written out.

use std::borrow::Cow;

use anstyle::{AnsiColor, Style as Ansi};

use crate::cli::ColorChoice;

/// Whether to colour, decided once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// `no_color` and `force` are the values of `NO_COLOR` and `CLICOLOR_FORCE`.
    pub fn decide(
        choice: ColorChoice,
        is_terminal: bool,
        no_color: Option<&str>,
        force: Option<&str>,
    ) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if no_color.is_some_and(|v| !v.is_empty()) {
                    false
                } else if force.is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else {
                    is_terminal
                }
            }
        };
        Style { color }
    }

    fn paint(self, style: Ansi, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    pub fn good(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Green.into())).bold(),
            text,
        )
    }

    pub fn bad(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            text,
        )
    }

    pub fn warn(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
            text,
        )
    }

    pub fn dim(self, text: &str) -> String {
        self.paint(Ansi::new().dimmed(), text)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint(Ansi::new().bold(), text)
    }
}

/// Removes control characters (except newline and tab) and Unicode bidi
/// controls from text that came from a task file.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    };
    if text.chars().any(bad) {
        Cow::Owned(text.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// [`sanitize`], and newlines and tabs too: for one-line fields.
pub fn one_line(text: &str) -> String {
    sanitize(text).replace(['\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_decision() {
        use ColorChoice::{Always, Auto, Never};
        assert!(Style::decide(Always, false, Some("1"), None).color);
        assert!(!Style::decide(Never, true, None, Some("1")).color);
        assert!(!Style::decide(Auto, true, Some("1"), None).color);
        assert!(Style::decide(Auto, true, Some(""), None).color);
        assert!(Style::decide(Auto, false, None, Some("1")).color);
        assert!(!Style::decide(Auto, false, None, Some("0")).color);
        assert!(!Style::decide(Auto, false, None, None).color);
    }

    #[test]
    fn strips_controls_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\u{7}"), "a[31mbc");
        assert_eq!(sanitize("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(one_line("a\nb"), "a b");
    }
}
