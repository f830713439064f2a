//! How a run ends: the exit code of every outcome, in one place.

use std::process::ExitCode;

/// The result of a command that ran to the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Allowed, or the command succeeded.
    Success,
    /// Blocked by a gate, lint errors, tampering, or `--deny-warnings`.
    Failure,
    /// Could not decide (a gate error, an unreadable task).
    Error,
}

impl Exit {
    pub(crate) fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Error => 2,
        }
    }

    /// The worse of two exits.
    #[must_use]
    pub(crate) fn max(self, other: Exit) -> Exit {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A mistake in how `gate` was called that clap cannot see (an unknown
/// status, a task name that matches nothing): exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// An error and its causes on one line, as `{err:#}` prints them, but
/// without a cause whose text the message already ends with (an error that
/// shows its source and also returns it as `source()` would otherwise print
/// it twice: "Is a directory (os error 21): Is a directory (os error 21)").
pub fn one_line_chain(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.is_empty() {
            line = text;
        } else if !line.ends_with(&text) && !line.contains(&format!("{text}\n")) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

/// Whether an error chain is a broken pipe on stdout (exit 0, quietly).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_shown_is_not_printed_twice() {
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read config `d`: {source}")]
        struct Read {
            source: std::io::Error,
        }
        let io = std::io::Error::from_raw_os_error(21);
        let shown = io.to_string();
        let err = anyhow::Error::new(Read { source: io }).context("loading");
        assert_eq!(
            one_line_chain(&err),
            format!("loading: cannot read config `d`: {shown}")
        );
        let plain = anyhow::anyhow!("inner").context("outer");
        assert_eq!(one_line_chain(&plain), "outer: inner");
    }
}
