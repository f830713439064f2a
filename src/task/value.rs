//! The front-matter value type, shared by the YAML reader
//! ([`super::frontmatter`]) and its fast path ([`super::simple_yaml`]),
//! which both produce it and depend on nothing else of each other's.

use std::borrow::Cow;

/// A front-matter value, independent of the YAML crate. Text borrows from
/// the file where it can: a board load reads thousands of files, and
/// copying every key and value was most of its allocations.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Seq(Vec<Value<'a>>),
    Map(Entries<'a>),
}

/// A mapping's entries in file order, every one of them: a repeated key
/// appears as often as it is written (the task reader decides what that
/// means).
pub(crate) type Entries<'a> = Vec<(Cow<'a, str>, Value<'a>)>;

impl Value<'_> {
    /// The value as text when it is a scalar (numbers and booleans as YAML
    /// writes them); `None` for null, lists and maps.
    pub(crate) fn as_scalar(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Int(n) => Some(Cow::Owned(n.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }
}
