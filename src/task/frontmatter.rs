//! Splitting a task file into front-matter and body, and reading the
//! front-matter as YAML — or, when it is not valid YAML, as plain
//! `key: value` lines.
//!
//! The only module that names the YAML crate. It never panics and is bounded
//! on any input: nesting depth, alias expansion and event counts are capped
//! by the parser's budget, and the fallback is a single linear pass.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

pub(crate) use super::value::{Entries, Value};

/// Where the front-matter and body lie in a file's text.
#[derive(Debug, PartialEq)]
pub(crate) struct Split<'a> {
    pub(crate) yaml: &'a str,
    /// 1-based file line of the first front-matter line.
    pub(crate) yaml_line: usize,
    pub(crate) body: &'a str,
    /// 1-based file line of the first body line.
    pub(crate) body_line: usize,
}

/// Why a file has no usable front-matter.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// `---` opens it but no `---` or `...` line closes it.
    Unclosed,
}

/// Finds the front-matter: an opening `---` line at the top (after an
/// optional BOM), closed by the next `---` or `...` line. CRLF is accepted.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = LineIter::new(text);
    let Some((_, first)) = lines.next() else {
        return Err(SplitError::Missing);
    };
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = lines.pos;
    for (index, (start, line)) in lines.by_ref().enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: 2,
                body: &text[lines.pos..],
                body_line: index + 3,
            });
        }
    }
    Err(SplitError::Unclosed)
}

/// Lines with their byte offsets; the line excludes `\n` and a final `\r`.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str) -> Self {
        LineIter { text, pos: 0 }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// The 1-based lines (relative to the front-matter) holding git conflict
/// markers.
pub(crate) fn conflict_marker_lines(yaml: &str) -> Vec<usize> {
    LineIter::new(yaml)
        .enumerate()
        .filter(|(_, (_, line))| {
            line.starts_with("<<<<<<<")
                || line.starts_with(">>>>>>>")
                || line.trim_end() == "======="
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// The 1-based line of the text (lines end at `\n`) holding the YAML
/// parser's 1-based `yaml_line`, for which `\r\n`, `\r` and `\n` all end a
/// line.
pub(crate) fn file_line(text: &str, yaml_line: usize) -> usize {
    let bytes = text.as_bytes();
    let mut breaks = 0;
    let mut offset = bytes.len();
    let mut i = 0;
    while i < bytes.len() {
        if breaks + 1 >= yaml_line {
            offset = i;
            break;
        }
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                breaks += 1;
                i += 2;
                continue;
            }
            b'\r' | b'\n' => breaks += 1,
            _ => {}
        }
        i += 1;
    }
    text[..offset].matches('\n').count() + 1
}

/// A YAML error with the parser's position, relative to the front-matter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    /// 1-based line within the front-matter, when the parser knows it.
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
}

/// Parses front-matter YAML into a list of top-level entries. A document
/// that is empty or not a mapping has no entries.
pub(crate) fn parse_yaml(yaml: &str) -> Result<Entries<'_>, YamlError> {
    if let Some(entries) = super::simple_yaml::parse(yaml) {
        return Ok(entries);
    }
    parse_yaml_full(yaml)
}

/// [`parse_yaml`] without the fast path: always the full YAML parser.
pub(crate) fn parse_yaml_full(yaml: &str) -> Result<Entries<'static>, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(Vec::new());
    }
    // Bounded on any input (measured in bench/yaml-parsers), and typed like
    // YAML 1.2's core schema: `yes`, `0755` and `1_000` stay strings.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
            flow_nesting_limit: 64,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 250_000,
            max_events: 1_000_000,
            max_total_scalar_bytes: 16 << 20,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
        // Every entry reaches the visitor, duplicates too (and in linear
        // time): the task reader decides what a repeated key means.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        // `1e310` is valid YAML (an infinite float), not a syntax error.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Value<'static>>(yaml, options) {
        Ok(Value::Map(entries)) => Ok(entries),
        Ok(_) => Ok(Vec::new()),
        Err(err) => {
            let location = err.location();
            let message = first_line(&err.to_string());
            Err(YamlError {
                message,
                line: location.map(|l| usize::try_from(l.line()).unwrap_or(usize::MAX)),
                column: location.map(|l| usize::try_from(l.column()).unwrap_or(usize::MAX)),
            })
        }
    }
}

/// The parser's first message line, without the positions it embeds (they
/// are relative to the front-matter; callers report file lines instead).
fn first_line(message: &str) -> String {
    static POSITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r" at line \d+,? column \d+").expect("position regex is valid")
    });
    let line = message.lines().next().unwrap_or("").trim();
    POSITION.replace_all(line, "").into_owned()
}

/// Reads top-level `key: value` lines, for front-matter that is not valid
/// YAML. A quoted value is read as YAML reads it (what follows the closing
/// quote, such as a comment, is not part of it); `[a, b]` becomes a list.
/// Every line is kept, repeated keys too, in file order.
pub(crate) fn parse_fallback(yaml: &str) -> Entries<'_> {
    LineIter::new(yaml)
        .filter_map(|(_, line)| top_level_entry(line))
        .map(|(key, value)| (Cow::Borrowed(key), fallback_value(value)))
        .collect()
}

/// `key: value` at column 0, the key made of `[A-Za-z0-9_-]`.
pub(crate) fn top_level_entry(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let valid = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let value = &line[colon + 1..];
    (valid && (value.is_empty() || value.starts_with([' ', '\t']))).then(|| (key, value.trim()))
}

fn fallback_value(raw: &str) -> Value<'_> {
    if let Some((value, _)) = super::simple_yaml::quoted(raw) {
        return value;
    }
    let raw = strip_comment(raw);
    if raw.is_empty() {
        return Value::Null;
    }
    if let Some(inner) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return Value::Seq(
            inner
                .split(',')
                .map(|item| unquote(item.trim()))
                .filter(|item| !item.is_empty())
                .map(|item| Value::Str(Cow::Borrowed(item)))
                .collect(),
        );
    }
    Value::Str(Cow::Borrowed(unquote(raw)))
}

fn strip_comment(raw: &str) -> &str {
    if raw.starts_with(['"', '\'']) {
        return raw;
    }
    match raw.find(" #") {
        Some(i) => raw[..i].trim_end(),
        None => raw,
    }
}

fn unquote(raw: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) {
            return inner;
        }
    }
    raw
}

// The full parser's values are owned: it is the slow path for unusual files.
impl<'de> Deserialize<'de> for Value<'static> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value<'static>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value<'static>, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value<'static>, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string().into()), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value<'static>, E> {
        Ok(Value::Str(v.to_string().into()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value<'static>, E> {
        Ok(Value::Str(v.to_string().into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value<'static>, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'static>, E> {
        Ok(Value::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'static>, E> {
        Ok(Value::Str(Cow::Owned(v)))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value<'static>, E> {
        Ok(Value::Str(Cow::Owned(
            String::from_utf8_lossy(v).into_owned(),
        )))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value<'static>, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value<'static>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'static>, D::Error> {
        Value::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value<'static>, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'static>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'static>, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Value<'static>, Value<'static>>()? {
            let key = key.as_scalar().map_or(Cow::Borrowed("<complex key>"), |k| {
                Cow::Owned(k.into_owned())
            });
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_crlf_and_dots() {
        let s = split("\u{feff}---\r\ntitle: x\r\n...\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn empty_front_matter() {
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(parse_yaml(s.yaml), Ok(Vec::new()));
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("# title\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split("----\n---\n"), Err(SplitError::Missing));
    }

    #[test]
    fn yaml_errors_carry_a_position() {
        let err = parse_yaml("title: ok\nstatus: [unclosed\nx: y\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
    }

    #[test]
    fn nesting_and_alias_bombs_are_refused() {
        let deep = "a: ".to_owned() + &"[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse_yaml(&deep).is_err());
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            writeln!(bomb, "{name}: &{name} [{refs}]").unwrap();
        }
        assert!(parse_yaml(&bomb).is_err());
    }

    #[test]
    fn fallback_reads_top_level_lines() {
        let entries = parse_fallback(
            "title: Fix: colon\nstatus: \"todo\"\n  nested: no\nlabels: [a, 'b']\nempty:\nprio: p1 # comment\n",
        );
        assert_eq!(
            entries,
            vec![
                ("title".into(), Value::Str("Fix: colon".into())),
                ("status".into(), Value::Str("todo".into())),
                (
                    "labels".into(),
                    Value::Seq(vec![Value::Str("a".into()), Value::Str("b".into())])
                ),
                ("empty".into(), Value::Null),
                ("prio".into(), Value::Str("p1".into())),
            ]
        );
    }

    /// #8 item 19: an out-of-range float is valid YAML (infinity), not a
    /// syntax error that sends the file to the fallback.
    #[test]
    fn an_out_of_range_float_is_a_value() {
        let entries = parse_yaml("status: \"todo\"  # note\nbig: 1e310\n").unwrap();
        assert_eq!(entries[0], ("status".into(), Value::Str("todo".into())));
        assert_eq!(entries[1], ("big".into(), Value::Float(f64::INFINITY)));
    }

    /// #8 item 19: the fallback reads a quoted scalar as YAML does; the
    /// comment after the closing quote is not part of it.
    #[test]
    fn fallback_reads_quoted_scalars_as_yaml_does() {
        let entries = parse_fallback(
            "status: \"todo\"  # note\ntitle: 'It''s'  # c\nx: \"a\\\"b\" # q\nopen: \"never closed # c\n",
        );
        let values: Vec<_> = entries
            .iter()
            .map(|(_, v)| v.as_scalar().unwrap().into_owned())
            .collect();
        assert_eq!(values, ["todo", "It's", "a\"b", "\"never closed # c"]);
    }

    /// Repeated keys reach the reader, every one, from both parsers.
    #[test]
    fn repeated_keys_are_all_kept() {
        let yaml = "status: todo\nstatus: done\n";
        let want: Entries<'_> = vec![
            ("status".into(), Value::Str("todo".into())),
            ("status".into(), Value::Str("done".into())),
        ];
        assert_eq!(parse_yaml_full(yaml).unwrap(), want);
        assert_eq!(parse_fallback(yaml), want);
    }

    #[test]
    fn conflict_markers_are_found() {
        let yaml = "a: 1\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> branch\n";
        assert_eq!(conflict_marker_lines(yaml), [2, 4, 6]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Splitting and parsing never panic, whatever the text.
        #[test]
        fn never_panics(text in any::<String>()) {
            if let Ok(split) = split(&text) {
                let _ = parse_yaml(split.yaml);
                let _ = parse_fallback(split.yaml);
                let _ = conflict_marker_lines(split.yaml);
            }
        }

        /// YAML-shaped noise (the characters YAML gives meaning to) never
        /// panics the parser either.
        #[test]
        fn yaml_noise_never_panics(text in "[-:\\[\\]{}&*!|>'\"#%@`, \\n\\ta-c0-9]{0,400}") {
            let _ = parse_yaml(&text);
            let _ = parse_fallback(&text);
        }

        /// Front-matter and body put back together give the text again.
        #[test]
        fn split_round_trips(yaml in "([a-z]{1,8}: [a-z0-9 ]{0,12}\n){0,6}", body in "[^\u{0}]{0,80}", crlf in any::<bool>()) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let yaml = yaml.replace('\n', nl);
            let text = format!("---{nl}{yaml}---{nl}{body}");
            let s = split(&text).unwrap();
            prop_assert_eq!(s.yaml, yaml.as_str());
            prop_assert_eq!(s.body, body.as_str());
            prop_assert_eq!(format!("---{nl}{}---{nl}{}", s.yaml, s.body), text);
        }
    }
}

/// The fast path ([`super::simple_yaml`]) against the full parser: within
/// its subset it must give exactly the same entries.
#[cfg(test)]
mod fast_path_agrees {
    use super::super::simple_yaml::parse;
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
        let dirs = [
            Some(root.join("fixtures")),
            crate::testutil::corpus_dir("promethean"),
        ];
        for dir in dirs.into_iter().flatten() {
            let mut stack = vec![dir];
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
                        .and_then(|t| split(t).ok().map(|s| s.yaml.to_owned()))
                    {
                        taken += usize::from(agrees(&split).unwrap());
                    }
                }
            }
        }
        assert!(taken > 20, "only {taken} files took the fast path");
    }
}
