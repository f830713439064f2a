//! A fast path for the front-matter most task files have: top-level
//! `key: value` lines with plain, quoted or `[flow, list]` scalars, and
//! one level of nested `key: value` or `- item` lines.
//!
//! It accepts only a strict subset of YAML and gives up (`None`) on
//! anything else, which then goes to the full parser. Within the subset it
//! must agree exactly with the full parser as configured in
//! [`super::frontmatter`]: a differential property test checks that. Profiling
//! showed the full parser is three quarters of the cost of loading a board.

use std::borrow::Cow;

use super::frontmatter::{Entries, Value};

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

/// First key wins, as the full parser is configured.
fn push<'a>(entries: &mut Entries<'a>, key: &'a str, value: Value<'a>) {
    if !entries.iter().any(|(k, _)| k == key) {
        entries.push((Cow::Borrowed(key), value));
    }
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
    use super::super::frontmatter::parse_yaml_full;
    use super::*;
    use proptest::prelude::*;

    /// When the fast path answers, the full parser gives the same entries.
    fn agrees(yaml: &str) -> Result<bool, TestCaseError> {
        let Some(fast) = parse(yaml) else {
            return Ok(false);
        };
        let full = parse_yaml_full(yaml);
        prop_assert_eq!(Ok(fast), full, "on {:?}", yaml);
        Ok(true)
    }

    #[test]
    fn typical_front_matter_takes_the_fast_path() {
        let yaml = "uuid: \"a666f910\"\ntitle: 'It''s \"done\"'\nstatus: In Progress # col\npriority: P0\nlabels: [\"security-gates\", wip, 'x y']\ncreated_at: 2025-10-17T01:20:00.000Z\nestimates:\n  complexity: \"\"\n  scale: 3\ntags:\n- a\n- b\nempty:\nn: ~\nflag: true\nyes: yes\n";
        assert!(agrees(yaml).unwrap());
    }

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

    /// Scalars as task files write them, and some that look like others.
    fn scalar_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z][a-zA-Z0-9 _./()-]{0,12}",
            "\"[a-zA-Z0-9 :#,'\\[\\]{}-]{0,12}\"",
            "'[a-zA-Z0-9 :#,\"\\[\\]-]{0,12}'",
            "[0-9]{1,6}",
            "20[0-9]{2}-[01][0-9]-[0-3][0-9](T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?Z)?",
            Just("~".to_owned()),
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("False".to_owned()),
            Just("yes".to_owned()),
            Just("0".to_owned()),
            Just("''".to_owned()),
            Just("\"\"".to_owned()),
            Just("\"a\\\"b\\\\c\\nd\"".to_owned()),
            "[a-z]{1,5} #[a-z ]{0,5}",
            "[a-z]{1,5}#[a-z]{1,3}",
        ]
    }

    fn value_text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => scalar_text(),
            1 => proptest::collection::vec(scalar_text(), 0..4).prop_map(|items| format!("[{}]", items.join(", "))),
            1 => Just(String::new()),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => ("[a-z_][a-z0-9_-]{0,8}", value_text()).prop_map(|(k, v)| format!("{k}: {v}")),
            1 => ("[a-z]{1,6}", "[a-z]{1,6}", scalar_text()).prop_map(|(k, n, v)| format!("{k}:\n  {n}: {v}")),
            1 => ("[a-z]{1,6}", proptest::collection::vec(scalar_text(), 1..3))
                .prop_map(|(k, items)| format!("{k}:\n{}", items.iter().map(|i| format!("  - {i}")).collect::<Vec<_>>().join("\n"))),
            1 => Just("# comment".to_owned()),
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_path_agrees_with_the_full_parser(lines in proptest::collection::vec(line(), 0..8), crlf in any::<bool>()) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let yaml = lines.join(nl) + nl;
            agrees(&yaml)?;
        }
    }

    /// Every real front-matter the fast path takes agrees with the full
    /// parser (corpus beside the clone, and our fixtures).
    #[test]
    fn fast_path_agrees_on_real_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut taken = 0;
        for dir in ["../shared/corpus/promethean", "fixtures"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                let Ok(read) = std::fs::read_dir(&d) else {
                    continue;
                };
                for entry in read.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if let Some(split) = std::fs::read_to_string(&path)
                        .ok()
                        .as_deref()
                        .and_then(|t| {
                            super::super::frontmatter::split(t)
                                .ok()
                                .map(|s| s.yaml.to_owned())
                        })
                    {
                        taken += usize::from(agrees(&split).unwrap());
                    }
                }
            }
        }
        assert!(taken > 20, "only {taken} files took the fast path");
    }
}
