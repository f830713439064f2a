//! A fast path for the front-matter most task files have: top-level
//! `key: value` lines with plain, quoted or `[flow, list]` scalars, and
//! one level of nested `key: value` or `- item` lines.
//!
//! It accepts only a strict subset of YAML and gives up (`None`) on
//! anything else, which then goes to the full parser. Within the subset it
//! must agree exactly with the full parser as configured in
//! `frontmatter.rs` (its differential property test checks that), and it
//! knows nothing of that module: `frontmatter` calls in, never the reverse.
//! Every entry is kept, duplicates included, as the full parser does: what
//! a duplicate key means is the task reader's decision. Profiling
//! showed the full parser is three quarters of the cost of loading a board.

use std::borrow::Cow;

use super::value::{Entries, Value};

/// Parses `yaml` when it lies inside the subset; `None` otherwise.
pub(super) fn parse(yaml: &str) -> Option<Entries<'_>> {
    let mut entries: Entries<'_> = Vec::new();
    // The key whose value is an indented block still being read.
    let mut open: Option<(&str, Block<'_>)> = None;
    for raw in yaml.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.bytes().any(|b| b == b'\t' || b == b'\r') {
            return None;
        }
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 && !trimmed.starts_with("- ") && trimmed != "-" {
            if let Some((key, block)) = open.take() {
                push(&mut entries, key, block.finish());
            }
            let (key, rest) = split_key(trimmed)?;
            if rest.is_empty() {
                open = Some((key, Block::Empty));
            } else {
                push(&mut entries, key, value(rest)?);
            }
            continue;
        }
        // An indented line (or a `- item` at column 0) belongs to the open key.
        let (_, block) = open.as_mut()?;
        block.add(indent, trimmed)?;
    }
    if let Some((key, block)) = open.take() {
        push(&mut entries, key, block.finish());
    }
    Some(entries)
}

/// Every entry is kept, duplicates too, as the full parser is configured.
fn push<'a>(entries: &mut Entries<'a>, key: &'a str, value: Value<'a>) {
    entries.push((Cow::Borrowed(key), value));
}

/// The value of a key written on the following, indented lines.
enum Block<'a> {
    Empty,
    Map {
        indent: usize,
        entries: Entries<'a>,
    },
    Seq {
        indent: usize,
        items: Vec<Value<'a>>,
    },
}

impl<'a> Block<'a> {
    fn add(&mut self, indent: usize, line: &'a str) -> Option<()> {
        let item = line.strip_prefix("- ").map(str::trim_start);
        match self {
            Block::Empty => {
                *self = match item {
                    Some(_) => Block::Seq {
                        indent,
                        items: Vec::new(),
                    },
                    None if indent > 0 => Block::Map {
                        indent,
                        entries: Vec::new(),
                    },
                    None => return None,
                };
                self.add(indent, line)
            }
            Block::Map {
                indent: want,
                entries,
            } => {
                if indent != *want || item.is_some() {
                    return None;
                }
                let (key, rest) = split_key(line)?;
                if rest.is_empty() {
                    return None; // a deeper level: leave it to the full parser
                }
                push(entries, key, value(rest)?);
                Some(())
            }
            Block::Seq {
                indent: want,
                items,
            } => {
                if indent != *want {
                    return None;
                }
                items.push(value(item?)?);
                Some(())
            }
        }
    }

    fn finish(self) -> Value<'a> {
        match self {
            Block::Empty => Value::Null,
            Block::Map { entries, .. } => Value::Map(entries),
            Block::Seq { items, .. } => Value::Seq(items),
        }
    }
}

/// `key: rest` with a simple key; `rest` is trimmed.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let rest = &line[colon + 1..];
    let simple = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !["null", "true", "false"]
            .iter()
            .any(|word| key.eq_ignore_ascii_case(word));
    (simple && (rest.is_empty() || rest.starts_with(' '))).then(|| (key, rest.trim()))
}

/// One scalar or one-line flow list, with an optional trailing comment.
fn value(text: &str) -> Option<Value<'_>> {
    if let Some(inner) = text.strip_prefix('[') {
        let (items, rest) = flow_items(inner)?;
        return comment_only(rest).then_some(Value::Seq(items));
    }
    let (scalar, rest) = scalar(text, false)?;
    comment_only(rest).then_some(scalar)
}

/// Whatever follows a value must be nothing or a comment (which YAML
/// requires to be separated by a space).
fn comment_only(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (rest.starts_with(' ') && trimmed.starts_with('#'))
}

/// The items of `a, "b", 'c']` (the text after `[`) and the text after `]`.
fn flow_items(mut text: &str) -> Option<(Vec<Value<'_>>, &str)> {
    let mut items = Vec::new();
    loop {
        text = text.trim_start_matches(' ');
        if let (true, Some(rest)) = (items.is_empty(), text.strip_prefix(']')) {
            return Some((items, rest));
        }
        let (item, rest) = scalar(text, true)?;
        items.push(item);
        let rest = rest.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(',') {
            if after.trim_start_matches(' ').starts_with(']') {
                return None; // a trailing comma: leave it to the full parser
            }
            text = after;
        } else {
            return rest.strip_prefix(']').map(|after| (items, after));
        }
    }
}

/// A quoted scalar at the start of `text` (`"…"` with the escapes this
/// subset knows, or `'…'`), and the text after its closing quote; `None`
/// when `text` does not start with one or it is not closed.
pub(super) fn quoted(text: &str) -> Option<(Value<'_>, &str)> {
    if let Some(inner) = text.strip_prefix('"') {
        return double_quoted(inner);
    }
    single_quoted(text.strip_prefix('\'')?)
}

/// A quoted or plain scalar at the start of `text`, and the rest. In a flow
/// list, a plain scalar ends at `,` or `]`.
fn scalar(text: &str, in_flow: bool) -> Option<(Value<'_>, &str)> {
    if let Some(inner) = text.strip_prefix('"') {
        return double_quoted(inner);
    }
    if let Some(inner) = text.strip_prefix('\'') {
        return single_quoted(inner);
    }
    let end = if in_flow {
        text.find([',', ']']).unwrap_or(text.len())
    } else {
        text.find(" #").unwrap_or(text.len())
    };
    let plain = text[..end].trim_end_matches(' ');
    if in_flow && plain.contains('#') {
        return None;
    }
    Some((plain_value(plain, in_flow)?, &text[end..]))
}

/// The text after an opening `"`: the value up to the closing `"`, borrowed
/// unless it holds escapes.
fn double_quoted(text: &str) -> Option<(Value<'_>, &str)> {
    let end = text.find(['"', '\\'])?;
    if text.as_bytes()[end] == b'"' {
        return Some((Value::Str(Cow::Borrowed(&text[..end])), &text[end + 1..]));
    }
    let mut out = String::with_capacity(text.len().min(256));
    out.push_str(&text[..end]);
    let mut chars = text[end..].char_indices().map(|(i, c)| (i + end, c));
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Value::Str(Cow::Owned(out)), &text[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                out.push(match e {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'n' => '\n',
                    't' => '\t',
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

/// The text after an opening `'`: the value up to the closing `'`, borrowed
/// unless it holds a doubled `''`.
fn single_quoted(text: &str) -> Option<(Value<'_>, &str)> {
    let end = text.find('\'')?;
    if !text[end + 1..].starts_with('\'') {
        return Some((Value::Str(Cow::Borrowed(&text[..end])), &text[end + 1..]));
    }
    let mut out = String::new();
    let mut rest = text;
    loop {
        let i = rest.find('\'')?;
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return Some((Value::Str(Cow::Owned(out)), rest)),
        }
    }
}

/// A plain scalar typed as YAML 1.2's core schema with the full parser's
/// options; anything not clearly a string, null, boolean or integer is
/// left to the full parser.
fn plain_value(s: &str, in_flow: bool) -> Option<Value<'_>> {
    let first = s.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.contains(": ") || s.ends_with(':') {
        return None;
    }
    if in_flow && s.contains(['{', '}', '[']) {
        return None;
    }
    match s {
        "null" | "Null" | "NULL" | "~" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if first.is_ascii_digit() || first == '+' || first == '.' {
        let digits = s.strip_prefix('+').unwrap_or(s);
        if digits.chars().all(|c| c.is_ascii_digit())
            && !(digits.len() > 1 && digits.starts_with('0'))
        {
            return digits.parse::<i64>().ok().map(Value::Int);
        }
        return is_date_like(s).then_some(Value::Str(Cow::Borrowed(s)));
    }
    Some(Value::Str(Cow::Borrowed(s)))
}

/// `2025-10-17…`: dates stay strings in the core schema.
fn is_date_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && s[10..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '-' | '+' | 'T' | 'Z'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_unusual_goes_to_the_full_parser() {
        for yaml in [
            "a: |\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: {b: c}\n",
            "a: 1.5\n",
            "a: -1\n",
            "a: \"multi\n  line\"\n",
            "a: b: c\n",
            "a:\n  b:\n    c: d\n",
            "  a: b\n",
            "a: b\n  continued\n",
            "a: [x, [y]]\n",
            "a: [x,]\n",
            "a: \"\\x41\"\n",
            "a:\tb\n",
            "a: 0755\n",
            "? complex\n: key\n",
        ] {
            assert!(parse(yaml).is_none(), "{yaml:?}");
        }
    }

    #[test]
    fn duplicate_keys_are_all_kept() {
        let entries = parse("status: todo\nstatus: done\n").unwrap();
        assert_eq!(
            entries,
            vec![
                ("status".into(), Value::Str("todo".into())),
                ("status".into(), Value::Str("done".into())),
            ]
        );
    }
}
