//! `[audit]`: whether and where decisions are logged.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::problem::{ConfigProblem, Problems};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAudit {
    pub(crate) enabled: Option<bool>,
    pub(crate) path: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct AuditSettings {
    pub(crate) enabled: bool,
    /// Absolute path of the log.
    pub(crate) path: PathBuf,
}

/// `(settings, whether the file set any)`. A committed gate.toml must not
/// aim the log outside the repository; an absolute path is the user's own
/// choice.
pub(crate) fn validate(
    raw: Option<RawAudit>,
    root: &Path,
    config_dir: &Path,
    problems: &mut Problems,
) -> (AuditSettings, bool) {
    let ra = raw.unwrap_or_default();
    let present = ra.enabled.is_some() || ra.path.is_some();
    if let Some(path) = ra.path.as_deref().filter(|p| Path::new(p).is_relative())
        && crate::fsutil::outside_root(root, &config_dir.join(path))
    {
        problems.push(ConfigProblem::AuditOutside {
            path: path.to_owned(),
        });
    }
    let settings = AuditSettings {
        enabled: ra.enabled.unwrap_or(true),
        path: match &ra.path {
            Some(path) => config_dir.join(path),
            None => root.join(".gate/audit.jsonl"),
        },
    };
    (settings, present)
}
