//! The `.gitattributes` line that lets a committed audit log survive
//! merges: git's `union` merge driver keeps the lines both branches
//! appended (ours first, then theirs) instead of a conflict, and the log's
//! hash graph (records whose `prev` may name several heads) verifies the
//! result. `gate init` and `gate hook install` call [`ensure_union`].

use std::io::{self, Write as _};
use std::path::Path;

/// The attribute line for the log at `path` below `root`, or `None` when
/// the log is outside the repository.
pub(crate) fn union_line(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut pattern = String::from("/");
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            pattern.push('/');
        }
        // Glob characters are escaped as fnmatch reads them.
        for c in part.as_os_str().to_str()?.chars() {
            if matches!(c, '*' | '?' | '[' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
    }
    if pattern.contains(|c: char| c.is_whitespace() || c == '"') {
        // A pattern with spaces is quoted, C style, as git reads it.
        pattern = format!("\"{}\"", pattern.replace('\\', "\\\\").replace('"', "\\\""));
    }
    Some(format!("{pattern} merge=union"))
}

/// What [`ensure_union`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Union {
    /// The line was added to `.gitattributes`.
    Added(String),
    /// `.gitattributes` already sets a merge driver for the log.
    Present,
    /// The log is outside the repository: nothing to set.
    Outside,
}

/// Makes sure `root/.gitattributes` sets `merge=union` for the log at
/// `path`, appending one line when it does not; other lines are left as
/// they are.
pub(crate) fn ensure_union(root: &Path, path: &Path) -> io::Result<Union> {
    let Some(line) = union_line(root, path) else {
        return Ok(Union::Outside);
    };
    let file = root.join(".gitattributes");
    let existing = match crate::fsutil::read_regular_string(&file, crate::fsutil::Links::Refuse) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let pattern = line.trim_end_matches(" merge=union");
    let pattern = pattern.trim_matches('"');
    let unanchored = pattern.trim_start_matches('/');
    if existing.lines().any(|l| {
        let mut words = l.split_whitespace();
        words
            .next()
            .is_some_and(|p| p == pattern || p == unanchored)
            && words.any(|w| w.starts_with("merge"))
    }) {
        return Ok(Union::Present);
    }
    let mut out = crate::fsutil::open_regular(
        &file,
        std::fs::OpenOptions::new().append(true).create(true),
        crate::fsutil::Links::Refuse,
    )?;
    let mut text = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "# gate: keep both branches' audit records on merge (gate audit verify checks them)\n",
    );
    text.push_str(&line);
    text.push('\n');
    out.write_all(text.as_bytes())?;
    out.sync_all()?;
    Ok(Union::Added(line))
}

/// [`ensure_union`] for a git repository at `root` (nothing elsewhere),
/// as the line `gate init` and `gate hook install` print (`None`: nothing
/// to say).
pub(crate) fn set_up(root: &Path, path: &Path) -> Option<String> {
    if !root.join(".git").exists() {
        return None;
    }
    match ensure_union(root, path) {
        Ok(Union::Added(line)) => Some(format!(
            "added `{line}` to .gitattributes: branches' audit records are kept on merge (commit it with the log)"
        )),
        Ok(Union::Present | Union::Outside) => None,
        Err(e) => Some(format!(
            "warning: could not add `merge=union` for the audit log to .gitattributes: {e}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_added_once_and_kept_apart_from_other_lines() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(".gitattributes"), "*.png binary").unwrap();
        let log = root.join(".gate/audit.jsonl");
        assert_eq!(
            ensure_union(root, &log).unwrap(),
            Union::Added("/.gate/audit.jsonl merge=union".to_owned())
        );
        assert_eq!(ensure_union(root, &log).unwrap(), Union::Present);
        let text = std::fs::read_to_string(root.join(".gitattributes")).unwrap();
        assert!(text.starts_with("*.png binary\n# gate:"), "{text}");
        assert_eq!(text.matches("merge=union").count(), 1);
        assert_eq!(
            ensure_union(root, Path::new("/elsewhere/log")).unwrap(),
            Union::Outside
        );
        assert_eq!(
            union_line(root, &root.join("my logs/a.jsonl")).unwrap(),
            "\"/my logs/a.jsonl\" merge=union"
        );
    }
}
