//! Findings: the one shape every problem takes, from a file that does not
//! parse to a gate that fails.
//!
//! This module only describes findings; it never decides or prints them.

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem, with a stable code such as `task/invalid-yaml` or
/// `wip-limit/exceeded`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) evidence: Option<serde_json::Value>,
    /// 1-based line in the task file the finding is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Finding {
    pub(crate) fn new(
        code: impl Into<Code>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into().as_str(),
            severity,
            message: message.into(),
            help: None,
            evidence: None,
            line: None,
        }
    }

    pub(crate) fn error(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Finding::new(code, Severity::Error, message)
    }

    pub(crate) fn warning(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Finding::new(code, Severity::Warning, message)
    }

    /// `severity[code] message`, on one line and safe for a terminal.
    pub fn summary(&self) -> String {
        format!(
            "{}[{}] {}",
            self.severity.as_str(),
            self.code,
            crate::sanitize::one_line(&self.message)
        )
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(crate) fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    #[must_use]
    pub(crate) fn with_evidence(mut self, evidence: serde_json::Value) -> Self {
        self.evidence = Some(evidence);
        self
    }
}
/// A finding code as a finding is raised with: only the enums that
/// `declare_codes!` declares turn into one, so a code cannot be misspelt
/// where a finding is raised, and every code is listed in a `CODES` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Code(&'static str);

impl Code {
    /// For [`declare_codes!`] only: the code string of a declared variant.
    #[doc(hidden)]
    pub(crate) const fn declared(code: &'static str) -> Code {
        Code(code)
    }

    pub(crate) const fn as_str(self) -> &'static str {
        self.0
    }
}

/// Unit tests may raise findings with made-up codes (`x/y`).
#[cfg(test)]
impl From<&'static str> for Code {
    fn from(code: &'static str) -> Code {
        Code(code)
    }
}

/// Declares a module's finding codes in one place (cargo-deny's way): the
/// enum a finding is raised with, each variant's code string, and the
/// `CODES` table of their documentation that `gate explain`, SARIF rules
/// and the board cache read.
///
/// ```text
/// declare_codes! {
///     /// The codes of …
///     pub enum WipCode in CODES {
///         Exceeded = "wip-limit/exceeded", Error,
///             "the target column would exceed its WIP limit",
///             "Finish or move a task out of the column first; …";
///     }
/// }
/// ```
macro_rules! declare_codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident in $table:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal, $severity:ident, $summary:expr, $details:expr;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        // Not every module asks its codes for everything the macro offers.
        #[allow(dead_code)]
        impl $name {
            /// Every code, in the order of the table.
            $vis const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code as findings, JSON and SARIF spell it.
            $vis const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The code's documentation.
            $vis const fn doc(self) -> &'static $crate::finding::CodeDoc {
                &$table[self as usize]
            }

            /// The code spelt `code`, if it is one of these.
            $vis fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }

        /// The documentation of every code, for `gate explain` and SARIF.
        $vis const $table: &[$crate::finding::CodeDoc] = &[$(
            $crate::finding::CodeDoc {
                code: $code,
                severity: $crate::finding::Severity::$severity,
                summary: $summary,
                details: $details,
            },
        )+];

        impl From<$name> for $crate::finding::Code {
            fn from(code: $name) -> Self {
                $crate::finding::Code::declared(code.as_str())
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, code: &$name) -> bool {
                *self == code.as_str()
            }
        }
    };
}
pub(crate) use declare_codes;

/// Documentation of a gate or finding code, for `gate explain`.
#[derive(Clone, Copy, Debug)]
pub struct CodeDoc {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub details: &'static str,
}
