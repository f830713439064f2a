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
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Error => 2,
        }
    }

    /// The worse of two exits.
    #[must_use]
    pub fn max(self, other: Exit) -> Exit {
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
pub struct UsageError(pub String);

/// Whether an error chain is a broken pipe on stdout (exit 0, quietly).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
