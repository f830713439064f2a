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
pub enum RewriteError {
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
pub fn set_status(bytes: &[u8], line: usize, value: &str) -> Result<Vec<u8>, RewriteError> {
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

/// The byte range of the value on `line`, quotes included, comment and
/// trailing blanks excluded.
pub fn value_span(text: &str, line: usize) -> Result<(usize, usize), RewriteError> {
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
