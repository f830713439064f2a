//! Colour and terminal safety for human output.
//!
//! The colour decision is made once from `--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE` and whether stdout is a terminal, then passed down as a
//! [`Style`] value. Colour never carries meaning alone: every coloured word
//! is also written out.

use anstyle::{AnsiColor, Style as Ansi};

pub(crate) use crate::sanitize::{one_line, sanitize};

/// When to colour (`--color`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour, decided once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Style {
    pub color: bool,
}

impl Style {
    /// `no_color` and `force` are the values of `NO_COLOR` and `CLICOLOR_FORCE`.
    pub(crate) fn decide(
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

    pub(crate) fn good(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Green.into())).bold(),
            text,
        )
    }

    pub(crate) fn bad(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            text,
        )
    }

    pub(crate) fn warn(self, text: &str) -> String {
        self.paint(
            Ansi::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
            text,
        )
    }

    pub(crate) fn dim(self, text: &str) -> String {
        self.paint(Ansi::new().dimmed(), text)
    }

    pub(crate) fn bold(self, text: &str) -> String {
        self.paint(Ansi::new().bold(), text)
    }
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
}
