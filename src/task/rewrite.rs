//! Rewriting a task's status in place: only the bytes of the status value
//! change.
//!
//! Pure: it takes the file's bytes and the 1-based line of the status key
//! (as [`crate::task::Task::status_line`] found it) and returns new bytes.
//! The key alias, the quoting style, a trailing comment, CRLF line ends, a
//! BOM and every other byte stay as they were. It never reads or writes
//! files; `crate::commands` does that, atomically.

use std::fmt::Write as _;

use super::frontmatter;

/// Why a status cannot be rewritten in place.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RewriteError {
    #[error("the file is not UTF-8")]
    NotUtf8,
    #[error("the file has no front-matter status line {line}")]
    NoSuchLine { line: usize },
    #[error("line {line} is not a top-level `key: value` entry")]
    NotAnEntry { line: usize },
    #[error("the status value on line {line} is not a one-line scalar ({why})")]
    Unsupported { line: usize, why: &'static str },
}

/// Replaces the status value on `line` (1-based, counted in the file) with
/// `value`. The old quoting is kept: a double-quoted value stays
/// double-quoted, a single-quoted one single-quoted; a plain value stays
/// plain unless the new value needs quotes, then it gets double quotes.
pub(crate) fn set_status(bytes: &[u8], line: usize, value: &str) -> Result<Vec<u8>, RewriteError> {
    let text = std::str::from_utf8(bytes).map_err(|_| RewriteError::NotUtf8)?;
    let (start, end) = value_span(text, line)?;
    let old = &text[start..end];
    let replacement = match old.as_bytes().first() {
        Some(b'"') => format!("\"{}\"", escape_double(value)),
        Some(b'\'') => format!("'{}'", value.replace('\'', "''")),
        _ if plain_safe(value) => value.to_owned(),
        _ => format!("\"{}\"", escape_double(value)),
    };
    let mut out = Vec::with_capacity(bytes.len() + replacement.len());
    out.extend_from_slice(&bytes[..start]);
    out.extend_from_slice(replacement.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    Ok(out)
}

/// How a new front-matter value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quote {
    Plain,
    /// `'…'`, as Backlog.md writes its dates.
    Single,
}

/// One change a board tool makes beside the status when it moves a task
/// (`updated_date`, `started`, `completed`). Values are dates: no quoting
/// or escaping is ever needed inside them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldEdit {
    /// Sets `key` to `value`. An existing one-line entry keeps its quoting;
    /// a new one is written with `quote` on the line after the entry of the
    /// first key of `after` the front-matter has, else after the status.
    Set {
        key: &'static str,
        value: String,
        after: &'static [&'static str],
        quote: Quote,
        /// Leaves a key that already has a value as it is.
        only_if_absent: bool,
    },
    /// Removes the entry of `key` (with its indented lines), if there is one.
    Remove { key: &'static str },
}

/// Applies `edits` in order to the front-matter of `bytes`, whose status
/// entry is on file line `status_line`. Every byte outside the edited
/// entries stays as it was; a new line takes the line end of the line
/// before it.
pub(crate) fn apply_edits(
    bytes: &[u8],
    status_line: usize,
    edits: &[FieldEdit],
) -> Result<Vec<u8>, RewriteError> {
    let mut text = std::str::from_utf8(bytes)
        .map_err(|_| RewriteError::NotUtf8)?
        .to_owned();
    for edit in edits {
        text = apply_edit(&text, status_line, edit)?;
    }
    Ok(text.into_bytes())
}

/// A front-matter entry: its key, its first file line and the line after
/// its last indented line.
type Entry<'a> = (&'a str, usize, usize);

/// The front-matter's entries, in file order.
fn entries(text: &str) -> Option<Vec<Entry<'_>>> {
    let split = frontmatter::split(text).ok()?;
    let close = split.body_line - 1;
    let mut out: Vec<Entry<'_>> = Vec::new();
    for line in split.yaml_line..close {
        let (_, body) = nth_line(text, line)?;
        if let Some((key, _)) = frontmatter::top_level_entry(body) {
            out.push((key, line, close));
            let count = out.len();
            if count > 1 {
                out[count - 2].2 = line;
            }
        }
    }
    Some(out)
}

fn apply_edit(text: &str, status_line: usize, edit: &FieldEdit) -> Result<String, RewriteError> {
    let entries = entries(text).ok_or(RewriteError::NoSuchLine { line: status_line })?;
    let find = |key: &str| entries.iter().find(|(k, ..)| *k == key).copied();
    match edit {
        FieldEdit::Remove { key } => Ok(match find(key) {
            Some((_, first, next)) => splice_lines(text, first, next, ""),
            None => text.to_owned(),
        }),
        FieldEdit::Set {
            key,
            value,
            after,
            quote,
            only_if_absent,
        } => {
            if let Some((_, line, next)) = find(key) {
                let (_, body) = nth_line(text, line).ok_or(RewriteError::NoSuchLine { line })?;
                let current = frontmatter::top_level_entry(body).map_or("", |(_, v)| v);
                let empty = matches!(current, "" | "~" | "null" | "''" | "\"\"");
                if *only_if_absent && !empty {
                    return Ok(text.to_owned());
                }
                if empty {
                    // `key:` or `key: null`: the whole entry is rewritten.
                    let eol = line_end(text, line);
                    let entry = format!("{key}: {}{eol}", quoted(value, *quote));
                    return Ok(splice_lines(text, line, next, &entry));
                }
                let (start, end) = value_span(text, line)?;
                let replacement = match text.as_bytes()[start] {
                    b'"' => format!("\"{value}\""),
                    b'\'' => format!("'{value}'"),
                    _ => value.clone(),
                };
                let mut out = String::with_capacity(text.len() + replacement.len());
                out.push_str(&text[..start]);
                out.push_str(&replacement);
                out.push_str(&text[end..]);
                return Ok(out);
            }
            let next = after
                .iter()
                .find_map(|k| find(k))
                .or_else(|| entries.iter().find(|(_, l, _)| *l == status_line).copied())
                .map(|(_, _, next)| next)
                .ok_or(RewriteError::NoSuchLine { line: status_line })?;
            let eol = line_end(text, next - 1);
            let entry = format!("{key}: {}{eol}", quoted(value, *quote));
            Ok(splice_lines(text, next, next, &entry))
        }
    }
}

fn quoted(value: &str, quote: Quote) -> String {
    match quote {
        Quote::Plain => value.to_owned(),
        Quote::Single => format!("'{value}'"),
    }
}

/// The line end of file line `line`: `\r\n` when it has one, else `\n`.
fn line_end(text: &str, line: usize) -> &'static str {
    match nth_line(text, line) {
        Some((start, body)) if text[start + body.len()..].starts_with("\r\n") => "\r\n",
        _ => "\n",
    }
}

/// `text` with file lines `first..next` replaced by `with`.
fn splice_lines(text: &str, first: usize, next: usize, with: &str) -> String {
    let offset = |line: usize| nth_line(text, line).map_or(text.len(), |(start, _)| start);
    let (a, b) = (offset(first), offset(next));
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..a]);
    out.push_str(with);
    out.push_str(&text[b..]);
    out
}

/// The byte range of the value on `line`, quotes included, comment and
/// trailing blanks excluded.
pub(crate) fn value_span(text: &str, line: usize) -> Result<(usize, usize), RewriteError> {
    let (line_start, line_text) = nth_line(text, line).ok_or(RewriteError::NoSuchLine { line })?;
    let (_, value) =
        frontmatter::top_level_entry(line_text).ok_or(RewriteError::NotAnEntry { line })?;
    let colon = line_text
        .find(':')
        .ok_or(RewriteError::NotAnEntry { line })?;
    let after = &line_text[colon + 1..];
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let value_start = colon + 1 + lead;
    let rest = &line_text[value_start..];
    if value.is_empty() || rest.starts_with('#') {
        return Err(RewriteError::Unsupported {
            line,
            why: "the value is empty or on the next lines",
        });
    }
    let len = match rest.as_bytes()[0] {
        b'"' => closing_double(rest).ok_or(RewriteError::Unsupported {
            line,
            why: "unclosed double quote",
        })?,
        b'\'' => closing_single(rest).ok_or(RewriteError::Unsupported {
            line,
            why: "unclosed single quote",
        })?,
        b'|' | b'>' => {
            return Err(RewriteError::Unsupported {
                line,
                why: "a block scalar",
            });
        }
        b'[' | b'{' => {
            return Err(RewriteError::Unsupported {
                line,
                why: "a list or map",
            });
        }
        b'&' | b'*' | b'!' => {
            return Err(RewriteError::Unsupported {
                line,
                why: "an anchor, alias or tag",
            });
        }
        _ => plain_len(rest),
    };
    Ok((line_start + value_start, line_start + value_start + len))
}

/// The byte offset and text (without `\n` and a final `\r`) of a 1-based
/// line. A BOM belongs to line 1's bytes but not to its text.
fn nth_line(text: &str, line: usize) -> Option<(usize, &str)> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut start = bom;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    if start > text.len() || (start == text.len() && line > 1) {
        return None;
    }
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    let body = &rest[..end];
    Some((start, body.strip_suffix('\r').unwrap_or(body)))
}

/// Length of a double-quoted scalar including both quotes.
fn closing_double(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Length of a single-quoted scalar including both quotes (`''` escapes).
fn closing_single(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Length of a plain scalar: up to a ` #` comment, trailing blanks dropped.
fn plain_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    for i in 1..bytes.len() {
        if bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t') {
            end = i;
            break;
        }
    }
    s[..end].trim_end_matches([' ', '\t']).len()
}

/// Whether `value` reads back as the same string when written plain.
fn plain_safe(value: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let first_ok = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && !value.ends_with(' ')
        && !SPECIAL.contains(&value.to_ascii_lowercase().as_str())
}

fn escape_double(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edits(text: &str, status_line: usize, edits: &[FieldEdit]) -> String {
        String::from_utf8(apply_edits(text.as_bytes(), status_line, edits).unwrap()).unwrap()
    }

    fn set_edit(key: &'static str, after: &'static [&'static str], only: bool) -> FieldEdit {
        FieldEdit::Set {
            key,
            value: "2026-01-02".to_owned(),
            after,
            quote: Quote::Single,
            only_if_absent: only,
        }
    }

    #[test]
    fn a_new_field_goes_after_its_anchor_and_its_indented_lines() {
        let text = "---\nid: 1\nstatus: todo\ncreated: x\ntags:\n  - a\n- b\nnote: n\n---\nbody: not front-matter\n";
        assert_eq!(
            edits(text, 3, &[set_edit("updated", &["tags", "created"], false)]),
            "---\nid: 1\nstatus: todo\ncreated: x\ntags:\n  - a\n- b\nupdated: '2026-01-02'\nnote: n\n---\nbody: not front-matter\n"
        );
        // No anchor: after the status entry.
        assert_eq!(
            edits(text, 3, &[set_edit("updated", &["nope"], false)]),
            "---\nid: 1\nstatus: todo\nupdated: '2026-01-02'\ncreated: x\ntags:\n  - a\n- b\nnote: n\n---\nbody: not front-matter\n"
        );
        // The last entry: before the closing line, with its line end.
        let crlf = "---\r\nstatus: todo\r\ncreated: x\r\n---\r\n";
        assert_eq!(
            edits(crlf, 2, &[set_edit("updated", &["created"], false)]),
            "---\r\nstatus: todo\r\ncreated: x\r\nupdated: '2026-01-02'\r\n---\r\n"
        );
    }

    #[test]
    fn an_existing_field_keeps_its_quoting_and_comment() {
        for (before, after) in [
            ("u: 'old'", "u: '2026-01-02'"),
            ("u: \"old\" # c", "u: \"2026-01-02\" # c"),
            ("u: old", "u: 2026-01-02"),
            ("u:", "u: '2026-01-02'"),
            ("u: null", "u: '2026-01-02'"),
        ] {
            let text = format!("---\nstatus: todo\n{before}\n---\n");
            assert_eq!(
                edits(&text, 2, &[set_edit("u", &[], false)]),
                format!("---\nstatus: todo\n{after}\n---\n"),
                "{before}"
            );
        }
        // Only if absent: a value is kept, an empty one is filled.
        let text = "---\nstatus: todo\nu: old\n---\n";
        assert_eq!(edits(text, 2, &[set_edit("u", &[], true)]), text);
    }

    #[test]
    fn a_removed_field_takes_its_indented_lines_and_nothing_else() {
        let text = "---\nstatus: todo\ncompleted: x\n  more\nnext: y\n---\ncompleted: body\n";
        assert_eq!(
            edits(text, 2, &[FieldEdit::Remove { key: "completed" }]),
            "---\nstatus: todo\nnext: y\n---\ncompleted: body\n"
        );
        let none = "---\nstatus: todo\n---\n";
        assert_eq!(
            edits(none, 2, &[FieldEdit::Remove { key: "completed" }]),
            none
        );
    }

    #[test]
    fn a_file_without_front_matter_is_an_error_not_a_guess() {
        assert!(apply_edits(b"status: todo\n", 1, &[set_edit("u", &[], false)]).is_err());
        assert!(
            apply_edits(
                b"---\nstatus: todo\nu: [a, b]\n---\n",
                2,
                &[set_edit("u", &[], false)]
            )
            .is_err()
        );
    }

    fn set(text: &str, line: usize, value: &str) -> String {
        String::from_utf8(set_status(text.as_bytes(), line, value).unwrap()).unwrap()
    }

    #[test]
    fn keeps_quote_style_key_alias_and_comment() {
        let cases = [
            (
                "---\nstatus: \"todo\"\n---\n",
                "---\nstatus: \"in_progress\"\n---\n",
            ),
            (
                "---\nstatus: 'todo'\n---\n",
                "---\nstatus: 'in_progress'\n---\n",
            ),
            (
                "---\nstatus: todo\n---\n",
                "---\nstatus: in_progress\n---\n",
            ),
            (
                "---\nstate:   todo   # moved by hand\n---\n",
                "---\nstate:   in_progress   # moved by hand\n---\n",
            ),
            (
                "---\ncolumn: \"To Do\" # c\n---\n",
                "---\ncolumn: \"in_progress\" # c\n---\n",
            ),
            (
                "---\nstatus:\t'it''s todo'\n---\n",
                "---\nstatus:\t'in_progress'\n---\n",
            ),
        ];
        for (before, after) in cases {
            assert_eq!(set(before, 2, "in_progress"), after, "{before:?}");
        }
    }

    #[test]
    fn keeps_crlf_and_bom() {
        let before = "\u{feff}---\r\nstatus: todo\r\ntitle: x\r\n---\r\nbody\r\n";
        assert_eq!(
            set(before, 2, "review"),
            "\u{feff}---\r\nstatus: review\r\ntitle: x\r\n---\r\nbody\r\n"
        );
        let first = "\u{feff}status: todo\n";
        assert_eq!(set(first, 1, "review"), "\u{feff}status: review\n");
    }

    #[test]
    fn quotes_a_plain_value_only_when_needed() {
        assert_eq!(
            set("---\nstatus: todo\n---\n", 2, "null"),
            "---\nstatus: \"null\"\n---\n"
        );
        assert_eq!(
            set("---\nstatus: todo\n---\n", 2, "1x"),
            "---\nstatus: \"1x\"\n---\n"
        );
        assert_eq!(
            set("---\nstatus: \"todo\"\n---\n", 2, "a\"b"),
            "---\nstatus: \"a\\\"b\"\n---\n"
        );
        assert_eq!(
            set("---\nstatus: 'todo'\n---\n", 2, "it's"),
            "---\nstatus: 'it''s'\n---\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_rewrite_safely() {
        let err = |t: &str| set_status(t.as_bytes(), 2, "x").unwrap_err();
        assert!(matches!(
            err("---\nstatus:\n  todo\n---\n"),
            RewriteError::Unsupported { .. }
        ));
        assert!(matches!(
            err("---\nstatus: |\n  todo\n---\n"),
            RewriteError::Unsupported { .. }
        ));
        assert!(matches!(
            err("---\nstatus: [a]\n---\n"),
            RewriteError::Unsupported { .. }
        ));
        assert!(matches!(
            err("---\nstatus: \"open\n---\n"),
            RewriteError::Unsupported { .. }
        ));
        assert!(matches!(
            err("---\n  status: x\n---\n"),
            RewriteError::NotAnEntry { .. }
        ));
        assert!(matches!(
            set_status(b"---\n", 9, "x").unwrap_err(),
            RewriteError::NoSuchLine { .. }
        ));
        assert_eq!(
            set_status(b"\xff\n", 1, "x").unwrap_err(),
            RewriteError::NotUtf8
        );
    }

    #[test]
    fn rewritten_files_parse_to_the_new_status() {
        let vocab = crate::task::Vocabulary::default();
        for before in [
            "---\nstatus: \"todo\"\n---\n",
            "---\nstate: todo # x\n---\n",
            "---\r\nstatus: 'todo'\r\n---\r\n",
        ] {
            let crate::task::Parsed::Task(t) =
                crate::task::parse(before.as_bytes(), "x", &vocab, 1 << 20)
            else {
                panic!()
            };
            let after =
                set_status(before.as_bytes(), t.status_line.unwrap(), "in_progress").unwrap();
            let crate::task::Parsed::Task(t) =
                crate::task::parse(after.as_slice(), "x", &vocab, 1 << 20)
            else {
                panic!()
            };
            assert_eq!(t.status.as_deref(), Some("in_progress"));
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::task::{Parsed, Vocabulary, parse};
    use proptest::prelude::*;

    fn quoted(value: &str, style: u8) -> String {
        match style {
            0 => value.to_owned(),
            1 => format!("\"{value}\""),
            _ => format!("'{value}'"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// On generated files (any key alias, quoting, line ends, BOM,
        /// comment and neighbours), the rewrite changes exactly the status
        /// value's bytes, and the file then reads back with the new status.
        #[test]
        fn changes_exactly_the_status_bytes(
            key in prop::sample::select(vec!["status", "state", "column"]),
            old in "[a-z][a-z_]{1,10}",
            new in "[a-z][a-z_]{1,10}",
            style in 0u8..3,
            before in proptest::collection::vec("[a-z]{1,6}: [a-z0-9 ]{0,10}", 0..4),
            after in proptest::collection::vec("[a-z]{1,6}: [a-z0-9 ]{0,10}", 0..4),
            comment in any::<bool>(),
            crlf in any::<bool>(),
            bom in any::<bool>(),
            body in "[a-zA-Z0-9 #\n-]{0,60}",
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from(if bom { "\u{feff}---" } else { "---" });
            text.push_str(nl);
            for line in before.iter().filter(|l| !l.starts_with(key)) {
                text.push_str(line);
                text.push_str(nl);
            }
            let status_line = text.matches('\n').count() + 1;
            let prefix = format!("{key}: ");
            let start = text.len() + prefix.len();
            text.push_str(&prefix);
            text.push_str(&quoted(&old, style));
            let end = text.len();
            if comment {
                text.push_str("  # moved by gate");
            }
            text.push_str(nl);
            for line in after.iter().filter(|l| !l.starts_with(key)) {
                text.push_str(line);
                text.push_str(nl);
            }
            text.push_str("---");
            text.push_str(nl);
            text.push_str(&body);

            let out = set_status(text.as_bytes(), status_line, &new).unwrap();
            // A plain `no`, `on`, `null`, … is quoted: YAML 1.1 readers
            // would take it for a boolean or null.
            let expected_value = if style == 0 && !plain_safe(&new) {
                quoted(&new, 1)
            } else {
                quoted(&new, style)
            };
            prop_assert_eq!(&out[..start], &text.as_bytes()[..start]);
            prop_assert_eq!(&out[start..start + expected_value.len()], expected_value.as_bytes());
            prop_assert_eq!(&out[start + expected_value.len()..], &text.as_bytes()[end..]);
            match parse(out.as_slice(), "t", &Vocabulary::default(), 1 << 20) {
                Parsed::Task(t) => prop_assert_eq!(t.status_raw.as_deref(), Some(new.as_str())),
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
