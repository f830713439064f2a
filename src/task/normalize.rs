//! The one normalisation of status names, priorities and labels.
//!
//! Every comparison of a status anywhere in `gate` goes through
//! [`status_key`]; nothing else lowercases or trims a status.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Normalises a status name to its key: Unicode NFKD, lowercase, trimmed, a
/// trailing count such as ` (12)` removed, runs of whitespace and `-` turned
/// into one `_`, everything outside `[a-z0-9_]` dropped, and `_` trimmed
/// from both ends (so `🟡 In Progress` is `in_progress`).
pub(crate) fn status_key(raw: &str) -> String {
    let lowered: String = raw.nfkd().collect::<String>().to_lowercase();
    let trimmed = strip_trailing_count(lowered.trim());
    let mut key = String::with_capacity(trimmed.len());
    let mut in_gap = false;
    for c in trimmed.chars() {
        if c.is_whitespace() || c == '-' {
            in_gap = true;
            continue;
        }
        if in_gap {
            key.push('_');
            in_gap = false;
        }
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            key.push(c);
        }
    }
    key.trim_matches('_').to_owned()
}

fn strip_trailing_count(s: &str) -> &str {
    let Some(open) = s.rfind('(') else { return s };
    let tail = &s[open + 1..];
    let Some(digits) = tail.strip_suffix(')') else {
        return s;
    };
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        s[..open].trim_end()
    } else {
        s
    }
}

/// The built-in status aliases of SPEC §2, applied after [`status_key`].
pub(crate) const DEFAULT_STATUS_ALIASES: &[(&str, &str)] = &[
    ("in_review", "review"),
    ("code_review", "review"),
    ("inprogress", "in_progress"),
    ("doing", "in_progress"),
    ("wip", "in_progress"),
    ("to_do", "todo"),
    ("ice_box", "icebox"),
    ("completed", "done"),
    ("docs", "document"),
    ("documentation", "document"),
    ("qa", "testing"),
];

/// A task's priority after canonicalisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Priority {
    /// `P0` .. `P3`; the number is the rank (0 is most urgent).
    Ranked(u8),
    /// Text that names no known priority; kept as written.
    Unranked(String),
}

impl Priority {
    /// Sort key: most urgent first, unranked last.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Priority::Ranked(n) => *n,
            Priority::Unranked(_) => u8::MAX,
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Priority::Ranked(n) => write!(f, "P{n}"),
            Priority::Unranked(text) => f.write_str(text),
        }
    }
}

/// What a board calls its statuses and priorities: the configured status
/// keys, status aliases and priority aliases. Built once from the settings.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    // Read only through `Debug`: the board cache's fingerprint hashes it,
    // so a change of the statuses' order is a new fingerprint.
    #[allow(dead_code)]
    statuses: Vec<String>,
    /// The same keys as a set, for lookups on boards of very many statuses
    /// (ordered, so that the `Debug` form the caches hash is stable).
    known: BTreeSet<String>,
    status_aliases: BTreeMap<String, String>,
    priority_aliases: BTreeMap<String, String>,
}

impl Vocabulary {
    /// `statuses` must already be keys; aliases map keys to keys.
    pub(crate) fn new(
        statuses: Vec<String>,
        status_aliases: BTreeMap<String, String>,
        priority_aliases: BTreeMap<String, String>,
    ) -> Self {
        let priority_aliases = priority_aliases
            .into_iter()
            .map(|(k, v)| (k.trim().to_lowercase(), v))
            .collect();
        Vocabulary {
            known: statuses.iter().cloned().collect(),
            statuses,
            status_aliases,
            priority_aliases,
        }
    }

    pub(crate) fn is_status(&self, key: &str) -> bool {
        self.known.contains(key)
    }

    /// The board column a raw status names: its key, mapped through the
    /// aliases unless the key is itself a configured status.
    pub(crate) fn status(&self, raw: &str) -> String {
        let key = status_key(raw);
        if self.is_status(&key) {
            return key;
        }
        match self.status_aliases.get(&key) {
            Some(target) => target.clone(),
            None => key,
        }
    }

    /// Canonical priority of a raw value (`P0`/`p0`/`0`/`critical` → `P0`, …).
    pub(crate) fn priority(&self, raw: &str) -> Priority {
        let lowered = raw.trim().to_lowercase();
        let lowered = self
            .priority_aliases
            .get(&lowered)
            .map_or(lowered.as_str(), |target| target.as_str())
            .to_lowercase();
        let rank = match lowered.as_str() {
            "p0" | "0" | "critical" => Some(0),
            "p1" | "1" | "high" => Some(1),
            "p2" | "2" | "medium" => Some(2),
            "p3" | "3" | "low" => Some(3),
            _ => None,
        };
        match rank {
            Some(n) => Priority::Ranked(n),
            None => Priority::Unranked(raw.trim().to_owned()),
        }
    }
}

/// Text as it compares: Unicode NFKC, without format characters (Unicode
/// `Cf`: zero-width spaces and joiners, bidi controls, soft hyphens), and
/// lowercased. `secu\u{200b}rity` and `ｓｅｃｕｒｉｔｙ` both fold to
/// `security`: what displays as a word compares as that word.
pub(crate) fn fold_text(raw: &str) -> String {
    static FORMAT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\p{Cf}+").expect("format-character regex is valid"));
    if raw.is_ascii() {
        // NFKC leaves ASCII alone, and it holds no format characters.
        return raw.to_ascii_lowercase();
    }
    let composed: String = raw.nfkc().collect();
    FORMAT.replace_all(&composed, "").to_lowercase()
}

/// Splits a label string (`"a, b c"`, `"[a, b]"`, `"#a #b"`) into labels.
pub(crate) fn split_labels(raw: &str) -> impl Iterator<Item = String> + '_ {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(clean_label)
}

/// Trims stray brackets, quotes and `#` from one label and folds it
/// ([`fold_text`]).
pub(crate) fn clean_label(raw: &str) -> Option<String> {
    let folded = fold_text(raw);
    let cleaned = folded
        .trim()
        .trim_matches(|c: char| matches!(c, '[' | ']' | '#' | '"' | '\'') || c.is_whitespace());
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let statuses = ["todo", "in_progress", "review", "testing", "done"]
            .map(String::from)
            .to_vec();
        let aliases = DEFAULT_STATUS_ALIASES
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut prio = BTreeMap::new();
        prio.insert("Urgent".to_owned(), "P0".to_owned());
        Vocabulary::new(statuses, aliases, prio)
    }

    #[test]
    fn status_keys() {
        let cases = [
            ("In Progress", "in_progress"),
            ("in-progress", "in_progress"),
            ("IN_PROGRESS", "in_progress"),
            ("  In Progress (12) ", "in_progress"),
            ("in - progress", "in_progress"),
            ("🟡 In Progress", "in_progress"),
            ("Ｔｏｄｏ", "todo"),
            ("Café", "cafe"),
            ("count (x)", "count_x"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(status_key(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn status_key_is_idempotent() {
        for raw in ["In Progress (3)", "--a--b--", "Ice Box", "x (1) (2)"] {
            let once = status_key(raw);
            assert_eq!(status_key(&once), once, "{raw:?}");
        }
    }

    #[test]
    fn aliases_apply_only_to_unconfigured_keys() {
        let v = vocab();
        assert_eq!(v.status("Doing"), "in_progress");
        assert_eq!(v.status("In Review"), "review");
        assert_eq!(v.status("QA"), "testing");
        assert_eq!(v.status("To Do"), "todo");
        assert_eq!(v.status("someday"), "someday");
    }

    #[test]
    fn priorities() {
        let v = vocab();
        for (raw, want) in [
            ("P0", "P0"),
            ("p0", "P0"),
            ("0", "P0"),
            ("Critical", "P0"),
            ("high", "P1"),
            ("2", "P2"),
            ("LOW", "P3"),
            ("urgent", "P0"),
            ("whenever", "whenever"),
        ] {
            assert_eq!(v.priority(raw).to_string(), want, "{raw:?}");
        }
        assert_eq!(v.priority("whenever").rank(), u8::MAX);
    }

    #[test]
    fn labels_are_split_and_trimmed() {
        let got: Vec<_> = split_labels("[Security, #wip-limits  docs]").collect();
        assert_eq!(got, ["security", "wip-limits", "docs"]);
        assert_eq!(clean_label(" # "), None);
    }

    /// #8 item 13: a zero-width space (or any format character) inside a
    /// label, or full-width letters, do not make it another label.
    #[test]
    fn labels_fold_format_characters_and_compatibility_forms() {
        for raw in [
            "secu\u{200b}rity",
            "\u{200b}Security\u{200d}",
            "ｓｅｃｕｒｉｔｙ",
            "secu\u{ad}rity",
            "\u{202e}security",
            "\u{feff}security",
        ] {
            assert_eq!(clean_label(raw).as_deref(), Some("security"), "{raw:?}");
        }
        assert_eq!(clean_label("\u{200b}"), None);
        assert_eq!(
            fold_text("Fix a Vul\u{200b}nerability"),
            "fix a vulnerability"
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Normalising a key again changes nothing, and keys only hold
        /// `[a-z0-9_]` without `_` at either end.
        #[test]
        fn status_key_is_idempotent_and_clean(raw in any::<String>()) {
            let key = status_key(&raw);
            prop_assert_eq!(status_key(&key), key.clone());
            prop_assert!(key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            prop_assert!(!key.starts_with('_') && !key.ends_with('_'));
        }
    }
}
