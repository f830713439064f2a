//! Which commit messages name a task: the id as a whole token, in the
//! places a person names the task a commit is for.
//!
//! An id matches only where no id character continues it: not preceded or
//! followed by a letter, digit or `_`, and not followed by `-` or `.` plus a
//! letter or digit (`BACK-56` is not in `BACK-565` nor in `BACK-56.1`; it is
//! in `BACK-56:`, `(BACK-56)` and at a sentence end, `BACK-56.`). Letters
//! compare case-insensitively (ASCII).
//!
//! By default a message names a task in its subject (the first paragraph,
//! as git's `%s`), in a git trailer whose key is one of [`TRAILER_KEYS`]
//! (the last paragraph, parsed as `git interpret-trailers` does), or on a
//! body line that starts with one of those words, with or without the
//! colon (`Refs 9dfb369b-…`). A keyword trailer or line names only the ids
//! its keyword governs: the list right after it (`Refs: A, B`, `Fixes A
//! and B`), which ends at the first word that is not an id or a separator
//! (see [`keyword_list`]), so `Task A done; B is still open` names A, not
//! B. A mention in prose does not count. An id of
//! digits only never matches bare (it collides with versions, PR numbers
//! and counts): only as an item of a keyword trailer's list (`Task: 3`) or
//! in one of the configured id forms (`task-{id}`).
//!
//! [`IdMatcher`] holds many ids and answers for all of them in one pass
//! over a message. This module is plain text: it reads no repository.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Serialize;

/// Trailer keys (and first words of body lines) that name a task,
/// compared case-insensitively.
pub(crate) const TRAILER_KEYS: &[&str] = &[
    "task",
    "refs",
    "ref",
    "closes",
    "fixes",
    "resolves",
    "implements",
    "part-of",
];

/// The placeholder for the id in an id form.
pub(crate) const ID_PLACEHOLDER: &str = "{id}";

/// Why a message that mentions an id does not name the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum NotNamed {
    /// The id is only part of a longer token (`BACK-565`, `BACK-56.1`).
    LongerId,
    /// A numeric id stands alone outside a trailer and every id form.
    BareNumber,
    /// The id stands only in the body's prose, outside the subject,
    /// trailers and keyword lines.
    Prose,
    /// The id stands on a keyword line (or in a keyword trailer) but not
    /// in the list of ids the keyword governs (`Task A done; B is open`).
    Unlisted,
}

impl NotNamed {
    /// The reason, for people; `token` is the text that held the id.
    pub(crate) fn describe(self, token: &str) -> String {
        match self {
            NotNamed::LongerId => format!("names only `{token}`, a longer id"),
            NotNamed::BareNumber => format!(
                "has the number `{token}` alone; a numeric id counts only in a trailer such as `Task: {token}` or a configured `id_forms` form"
            ),
            NotNamed::Prose => format!(
                "names `{token}` only in the body's prose, not in the subject, a trailer (`Task:`, `Refs:`, `Closes:`, …) or a line starting with one of those words"
            ),
            NotNamed::Unlisted => format!(
                "has `{token}` on a `Task:`/`Refs:`/`Closes:`/… line but not among the ids the keyword lists (the list ends at the first word that is not an id: `Task A done; B is open` names only A)"
            ),
        }
    }
}

/// What a message says about one id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// The message names the task.
    Names,
    /// The id appears, but does not name the task; `token` is the text
    /// that holds it, as written.
    Mentions { reason: NotNamed, token: String },
}

/// Which parts of a message name a task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Subject, trailers and keyword lines.
    #[default]
    SubjectOrTrailer,
    /// Anywhere in the message (still as a whole token; numeric ids still
    /// only in trailers or id forms).
    Anywhere,
}

/// One searched pattern: which id, and whether it is a numeric id bare.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    id: usize,
    bare_number: bool,
}

/// Ids to find in commit messages, all in one pass.
#[derive(Clone, Debug)]
pub(crate) struct IdMatcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    placement: Placement,
}

impl IdMatcher {
    /// A matcher for `ids` (index = position in the slice). Each id is
    /// searched as itself (unless it is digits only) and in each of
    /// `forms` (`{id}` replaced by it). Blank ids match nothing. (The
    /// gates give each id its spellings: [`IdMatcher::with_spellings`].)
    #[cfg(test)]
    pub(crate) fn new<S: AsRef<str>>(
        ids: &[S],
        forms: &[String],
        placement: Placement,
    ) -> IdMatcher {
        let spellings: Vec<[&str; 1]> = ids.iter().map(|id| [id.as_ref()]).collect();
        IdMatcher::with_spellings(&spellings, forms, placement)
    }

    /// [`IdMatcher::new`] for ids that each have several spellings (the
    /// board's id rule: `BACK-24.02` is also `back-24.2`,
    /// [`crate::task::identity::IdRule::spellings`]): a message names the
    /// id at index `i` when it names any spelling of `ids[i]`.
    pub(crate) fn with_spellings<T: AsRef<[S]>, S: AsRef<str>>(
        ids: &[T],
        forms: &[String],
        placement: Placement,
    ) -> IdMatcher {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        let spelled = ids
            .iter()
            .enumerate()
            .flat_map(|(index, all)| all.as_ref().iter().map(move |id| (index, id)));
        for (index, id) in spelled {
            let id = id.as_ref().trim();
            if id.is_empty() {
                continue;
            }
            texts.push(id.to_owned());
            patterns.push(Pattern {
                id: index,
                bare_number: id.bytes().all(|b| b.is_ascii_digit()),
            });
            for form in forms {
                if form.contains(ID_PLACEHOLDER) {
                    texts.push(form.replace(ID_PLACEHOLDER, id));
                    patterns.push(Pattern {
                        id: index,
                        bare_number: false,
                    });
                }
            }
        }
        let automaton = if texts.is_empty() {
            None
        } else {
            // A long pattern (a pasted 600 KB "id") makes the DFA's
            // construction quadratic; the NFA builds in linear time.
            let long = texts.iter().any(|t| t.len() > 256);
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(long.then_some(AhoCorasickKind::NoncontiguousNFA))
                .build(&texts)
                .ok()
        };
        IdMatcher {
            automaton,
            patterns,
            placement,
        }
    }

    /// What `message` says about the first id (for one-id matchers).
    pub(crate) fn naming(&self, message: &[u8]) -> Option<Naming> {
        self.scan(message)
            .into_iter()
            .find(|(id, _)| *id == 0)
            .map(|(_, n)| n)
    }

    /// Every id `message` mentions, with what it says about each: ids it
    /// names, and ids that appear without naming the task (with the most
    /// telling reason). Ids it does not mention are left out.
    pub(crate) fn scan(&self, message: &[u8]) -> Vec<(usize, Naming)> {
        let mut out: Vec<(usize, Naming)> = Vec::new();
        let Some(automaton) = &self.automaton else {
            return out;
        };
        let mut layout: Option<Layout> = None;
        for m in automaton.find_overlapping_iter(message) {
            let pattern = self.patterns[m.pattern().as_usize()];
            let (start, end) = (m.start(), m.end());
            let naming = if is_token(message, start, end) {
                let layout = layout.get_or_insert_with(|| Layout::parse(message));
                let text = String::from_utf8_lossy(&message[start..end]).into_owned();
                if pattern.bare_number {
                    if layout.is_value_item(start, end) {
                        Naming::Names
                    } else {
                        Naming::Mentions {
                            reason: NotNamed::BareNumber,
                            token: text,
                        }
                    }
                } else if self.placement == Placement::Anywhere || layout.names(start, end) {
                    Naming::Names
                } else {
                    Naming::Mentions {
                        reason: if layout.on_keyword_line(start) {
                            NotNamed::Unlisted
                        } else {
                            NotNamed::Prose
                        },
                        token: text,
                    }
                }
            } else {
                Naming::Mentions {
                    reason: NotNamed::LongerId,
                    token: token_around(message, start, end),
                }
            };
            match out.iter_mut().find(|(id, _)| *id == pattern.id) {
                Some((_, known)) => {
                    if rank(&naming) > rank(known) {
                        *known = naming;
                    }
                }
                None => out.push((pattern.id, naming)),
            }
        }
        out
    }
}

/// Which of two namings tells more: naming the task, then a whole-token
/// mention, then a longer id.
fn rank(naming: &Naming) -> u8 {
    match naming {
        Naming::Names => 3,
        Naming::Mentions { reason, .. } => match reason {
            NotNamed::Prose | NotNamed::Unlisted | NotNamed::BareNumber => 2,
            NotNamed::LongerId => 1,
        },
    }
}

/// A letter, digit or `_`: what continues an id.
fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn char_before(text: &[u8], at: usize) -> Option<char> {
    let head = &text[..at];
    // At most four bytes back: one UTF-8 character.
    (1..=head.len().min(4)).find_map(|n| {
        std::str::from_utf8(&head[head.len() - n..])
            .ok()
            .and_then(|s| s.chars().next())
    })
}

fn chars_after(text: &[u8], at: usize) -> impl Iterator<Item = char> + '_ {
    let tail = &text[at..text.len().min(at + 8)];
    let valid = match std::str::from_utf8(tail) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&tail[..e.valid_up_to()]).unwrap_or_default(),
    };
    valid.chars()
}

/// Whether `text[start..end]` stands as a whole token.
fn is_token(text: &[u8], start: usize, end: usize) -> bool {
    if char_before(text, start).is_some_and(is_id_char) {
        return false;
    }
    let mut after = chars_after(text, end);
    match after.next() {
        Some(c) if is_id_char(c) => false,
        Some('-' | '.') => !after.next().is_some_and(char::is_alphanumeric),
        _ => true,
    }
}

/// The whole token around a match that another id character continues.
fn token_around(text: &[u8], start: usize, end: usize) -> String {
    let part = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') || b >= 0x80;
    let mut from = start;
    while from > 0 && part(text[from - 1]) {
        from -= 1;
    }
    let mut to = end;
    while to < text.len() && part(text[to]) {
        to += 1;
    }
    // A sentence's full stop is not part of the token.
    while to > end && matches!(text[to - 1], b'.' | b'-') {
        to -= 1;
    }
    String::from_utf8_lossy(&text[from..to]).into_owned()
}

/// Where a message names tasks: the subject's byte range, and the ids
/// each keyword governs (see [`keyword_list`]).
#[derive(Debug, Default)]
struct Layout {
    /// The subject: a whole-token id anywhere in it names the task.
    subject: Option<Range<usize>>,
    /// Keyword lines and keyword trailers' values: an id there that is no
    /// item of the keyword's list is [`NotNamed::Unlisted`].
    keyword_lines: Vec<Range<usize>>,
    /// The items of keyword lists: the exact bytes of each listed id.
    items: Vec<Item>,
}

/// One item of a keyword's list of ids.
#[derive(Clone, Debug)]
struct Item {
    range: Range<usize>,
    /// In a keyword trailer (where a numeric id may stand).
    trailer: bool,
}

/// One line of a message: its range without the line break.
#[derive(Clone, Debug)]
struct Line {
    start: usize,
    end: usize,
}

impl Layout {
    fn parse(message: &[u8]) -> Layout {
        let lines = split_lines(message);
        let blank = |l: &Line| message[l.start..l.end].iter().all(u8::is_ascii_whitespace);
        let mut layout = Layout::default();
        // The subject: the first paragraph (leading blank lines skipped).
        let mut at = 0;
        while at < lines.len() && blank(&lines[at]) {
            at += 1;
        }
        let subject_start = at;
        while at < lines.len() && !blank(&lines[at]) {
            at += 1;
        }
        if at > subject_start {
            layout.subject = Some(lines[subject_start].start..lines[at - 1].end);
        }
        let body = &lines[at..];
        // Body lines that start with a keyword.
        for line in body {
            let text = &message[line.start..line.end];
            let indent = text.len() - text.trim_ascii_start().len();
            if let Some(len) = keyword_at(&text[indent..]) {
                let from = line.start + indent + len;
                layout.keyword_lines.push(line.start..line.end);
                keyword_list(
                    message,
                    std::slice::from_ref(&(from..line.end)),
                    false,
                    &mut layout.items,
                );
            }
        }
        // The trailer block: the last paragraph, if git would parse it as
        // one.
        let mut last = body.len();
        while last > 0 && blank(&body[last - 1]) {
            last -= 1;
        }
        let mut first = last;
        while first > 0 && !blank(&body[first - 1]) {
            first -= 1;
        }
        if first < last {
            layout.trailers(message, &body[first..last]);
        }
        layout
    }

    /// Adds the keyword trailers of `para` if it is a trailer block by
    /// `git interpret-trailers` rules: every line a trailer (or its
    /// continuation), or a recognised trailer present and trailers at
    /// least a quarter of the lines.
    fn trailers(&mut self, message: &[u8], para: &[Line]) {
        let mut trailer_lines = 0usize;
        let mut non_trailer = 0usize;
        let mut continuations = 0usize;
        let mut recognised = false;
        // (value range, is a keyword trailer) of each trailer, with its
        // continuation lines appended.
        let mut found: Vec<(Vec<Range<usize>>, bool)> = Vec::new();
        for line in para {
            let text = &message[line.start..line.end];
            if text.starts_with(b"#") {
                continue;
            }
            if text.starts_with(b"Signed-off-by: ")
                || text.starts_with(b"(cherry picked from commit ")
            {
                trailer_lines += 1;
                continuations = 0;
                recognised = true;
                found.push((vec![], false));
                continue;
            }
            if let Some(sep) = separator(text) {
                trailer_lines += 1;
                continuations = 0;
                let key = text[..sep].trim_ascii_end();
                let keyword = TRAILER_KEYS
                    .iter()
                    .any(|k| k.as_bytes().eq_ignore_ascii_case(key));
                recognised |= keyword;
                let value = line.start + sep + 1..line.end;
                found.push((std::iter::once(value).collect(), keyword));
            } else if text.first().is_some_and(u8::is_ascii_whitespace) {
                continuations += 1;
                if let Some((values, _)) = found.last_mut() {
                    values.push(line.start..line.end);
                }
            } else {
                non_trailer += continuations + 1;
                continuations = 0;
            }
        }
        let is_block = trailer_lines > 0
            && (non_trailer == 0 || (recognised && trailer_lines * 3 >= non_trailer));
        if !is_block {
            return;
        }
        for (values, keyword) in found {
            if keyword {
                self.keyword_lines.extend(values.iter().cloned());
                keyword_list(message, &values, true, &mut self.items);
            }
        }
    }

    /// Whether the whole token `message[start..end]` names a task where it
    /// stands: in the subject, or as an item of a keyword's list.
    fn names(&self, start: usize, end: usize) -> bool {
        self.subject.as_ref().is_some_and(|s| s.contains(&start))
            || self.items.iter().any(|i| i.range == (start..end))
    }

    /// Whether `message[start..end]` is an item of a keyword trailer's
    /// list: the only place a numeric id stands alone.
    fn is_value_item(&self, start: usize, end: usize) -> bool {
        self.items
            .iter()
            .any(|i| i.trailer && i.range == (start..end))
    }

    /// Whether `at` lies on a keyword line or in a keyword trailer's value.
    fn on_keyword_line(&self, at: usize) -> bool {
        self.keyword_lines.iter().any(|r| r.contains(&at))
    }
}

/// Brackets and quotes that may open an item (`(A`, `[A]`, `` `A` ``).
const OPENERS: &[u8] = b"([{<\"'`";
/// Brackets and quotes that may close an item.
const CLOSERS: &[u8] = b")]}>\"'`";
/// Punctuation after an item that ends the list (`Fixes A.`, `A; B`).
const ENDERS: &[u8] = b".:;!?";

/// The ids a keyword governs: the list that follows it in `segments` (a
/// keyword line after its keyword, or a trailer's value with its
/// continuation lines), pushed to `items`.
///
/// The grammar: items separated by commas, the word `and`, `&` or spaces.
/// An item is a word, optionally in brackets or quotes; after the first,
/// every item must look like an id — hold a digit, `-` or `_` — so the
/// list ends at the first word that is not an id or a separator (`Task A
/// done; B is open` lists only `A`; `Fixes the bug in A` lists only
/// `the`). It also ends after an item followed by `.`, `:`, `;`, `!` or
/// `?`, or by a bracket it did not open (`Refs (A, B) and C` lists A and
/// B), and at a bracket opened after the first item (`Closes A (B is
/// separate)` lists only A).
fn keyword_list(message: &[u8], segments: &[Range<usize>], trailer: bool, items: &mut Vec<Item>) {
    let mut first = true;
    for segment in segments {
        let text = &message[segment.clone()];
        let mut at = 0;
        // After the keyword, its colon.
        if first {
            let lead = text.len() - text.trim_ascii_start().len();
            if text.get(lead) == Some(&b':') {
                at = lead + 1;
            }
        }
        while at < text.len() {
            let b = text[at];
            if b.is_ascii_whitespace() || b == b',' {
                at += 1;
                continue;
            }
            let end = text[at..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b',')
                .map_or(text.len(), |i| at + i);
            let word = &text[at..end];
            let word_at = at;
            at = end;
            if word.eq_ignore_ascii_case(b"and") || word == b"&" {
                continue;
            }
            let mut from = 0;
            while from < word.len() && OPENERS.contains(&word[from]) {
                from += 1;
            }
            let mut to = word.len();
            let mut closers = 0usize;
            let mut ends = false;
            while to > from {
                let c = word[to - 1];
                if ENDERS.contains(&c) {
                    ends = true;
                } else if CLOSERS.contains(&c) {
                    closers += 1;
                } else {
                    break;
                }
                to -= 1;
            }
            let core = &word[from..to];
            let opened = from > closers;
            let id_like = core
                .iter()
                .any(|c| c.is_ascii_digit() || matches!(c, b'-' | b'_'));
            if core.is_empty() || (!first && (opened || !id_like)) {
                return;
            }
            let start = segment.start + word_at;
            items.push(Item {
                range: start + from..start + to,
                trailer,
            });
            first = false;
            if ends || closers > from {
                return;
            }
        }
    }
}

fn split_lines(message: &[u8]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < message.len() {
        let end = message[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(message.len(), |i| start + i);
        let trimmed = if end > start && message[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        lines.push(Line {
            start,
            end: trimmed,
        });
        start = end + 1;
    }
    lines
}

/// The length of the keyword that starts `text` as a whole word (followed
/// by a colon, a space or the end), if one does.
fn keyword_at(text: &[u8]) -> Option<usize> {
    TRAILER_KEYS.iter().map(|k| k.as_bytes()).find_map(|k| {
        let n = k.len();
        let whole = text
            .get(..n)
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
            && text
                .get(n)
                .is_none_or(|b| *b == b':' || b.is_ascii_whitespace());
        whole.then_some(n)
    })
}

/// Where a trailer line's `:` stands: after a token of letters, digits and
/// `-` (and optional spaces), as git's `find_separator`.
fn separator(text: &[u8]) -> Option<usize> {
    let token = text
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(text.len());
    if token == 0 {
        return None;
    }
    let spaces = text[token..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len() - token);
    (text.get(token + spaces) == Some(&b':')).then_some(token + spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming(id: &str, message: &str) -> Option<Naming> {
        IdMatcher::new(&[id], &[], Placement::SubjectOrTrailer).naming(message.as_bytes())
    }

    fn names(id: &str, message: &str) -> bool {
        naming(id, message) == Some(Naming::Names)
    }

    fn reason(id: &str, message: &str) -> Option<(NotNamed, String)> {
        match naming(id, message)? {
            Naming::Names => None,
            Naming::Mentions { reason, token } => Some((reason, token)),
        }
    }

    #[test]
    fn whole_tokens_only() {
        let cases = [
            ("BACK-56: fix it", true),
            ("fix (BACK-56)", true),
            ("fixes the bug in BACK-56.", true),
            ("back-56 lower case", true),
            ("[BACK-56] bracketed", true),
            ("feature/BACK-56 merged", true),
            ("BACK-565: other task", false),
            ("BACK-56.1 - Polish the subtask", false),
            ("BACK-56-followup", false),
            ("XBACK-56 prefixed", false),
            ("BACK-56_x", false),
            ("BACK-56é", false),
            ("BACK-56", true),
            ("BACK-56. Next sentence", true),
            ("BACK-56- dash then space", true),
        ];
        for (message, want) in cases {
            assert_eq!(names("BACK-56", message), want, "{message}");
        }
        assert_eq!(
            reason("BACK-56", "BACK-565: other"),
            Some((NotNamed::LongerId, "BACK-565".to_owned()))
        );
        assert_eq!(
            reason("BACK-222", "BACK-222.1 - Polish"),
            Some((NotNamed::LongerId, "BACK-222.1".to_owned()))
        );
        assert_eq!(
            reason("SEC-1", "SEC-12: rotate keys"),
            Some((NotNamed::LongerId, "SEC-12".to_owned()))
        );
        assert_eq!(naming("BACK-56", "unrelated"), None);
    }

    #[test]
    fn an_overlapping_failed_match_does_not_hide_a_good_one() {
        // The first occurrence is continued by `-a`; the second, starting
        // inside it, stands alone.
        assert!(names("a-a", "a-a-a"));
        assert!(names("BACK-56", "BACK-565 and BACK-56"));
    }

    #[test]
    fn where_a_message_names_a_task() {
        let cases = [
            ("Fix the token check\n\nTask: BACK-56", true),
            (
                "Fix the token check\n\nRefs: BACK-56\nSigned-off-by: A <a@b>",
                true,
            ),
            ("Fix\n\nCloses BACK-56", true),
            (
                "Fix\n\nsome text\n  Refs 9dfb BACK-56 continued\nmore",
                true,
            ),
            ("Fix\n\nPart-of: BACK-56", true),
            ("Fix\n\nfixes: back-56", true),
            (
                "Fix\n\nThe old schedule differed from the one BACK-56 will need.",
                false,
            ),
            ("Fix\n\nReferences BACK-56 here", false),
            ("Fix\n\nRefsBACK-56", false),
            // A trailer under another key is not a keyword trailer.
            ("Fix\n\nSee-also: BACK-56", false),
            // The subject is the first paragraph, as git's %s.
            ("Fix the check for\nBACK-56\n\nbody", true),
        ];
        for (message, want) in cases {
            assert_eq!(names("BACK-56", message), want, "{message:?}");
        }
        assert_eq!(
            reason("BACK-56", "Fix\n\nthe one BACK-56 will need"),
            Some((NotNamed::Prose, "BACK-56".to_owned()))
        );
    }

    // Issue #22 item 2: a keyword line names the ids its keyword governs,
    // not every id in the sentence that follows.
    #[test]
    fn a_keyword_names_only_the_ids_it_lists() {
        let ids = ["p0sec-0001", "p0sec-0002", "BACK-7", "login", "3"];
        let m = IdMatcher::new(&ids, &[], Placement::SubjectOrTrailer);
        let named = |message: &str| -> Vec<&str> {
            let mut got: Vec<&str> = m
                .scan(message.as_bytes())
                .into_iter()
                .filter(|(_, n)| *n == Naming::Names)
                .map(|(i, _)| ids[i])
                .collect();
            got.sort_unstable();
            got
        };
        let cases: &[(&str, &[&str])] = &[
            // The case, on a body line and as a trailer.
            (
                "Fix\n\nTask p0sec-0002 done; p0sec-0001 is still open",
                &["p0sec-0002"],
            ),
            (
                "Fix\n\nTask: p0sec-0002 done; p0sec-0001 is still open",
                &["p0sec-0002"],
            ),
            (
                "Fix\n\nx\n\nTask: p0sec-0002 done, p0sec-0001 next",
                &["p0sec-0002"],
            ),
            // Lists: commas, `and`, `&`, spaces, brackets.
            (
                "Fix\n\nRefs: p0sec-0001, p0sec-0002",
                &["p0sec-0001", "p0sec-0002"],
            ),
            (
                "Fix\n\nFixes p0sec-0001 and BACK-7",
                &["BACK-7", "p0sec-0001"],
            ),
            (
                "Fix\n\nRefs p0sec-0001 & p0sec-0002.",
                &["p0sec-0001", "p0sec-0002"],
            ),
            (
                "Fix\n\nRefs p0sec-0001 p0sec-0002",
                &["p0sec-0001", "p0sec-0002"],
            ),
            (
                "Fix\n\nRefs: p0sec-0001, and p0sec-0002",
                &["p0sec-0001", "p0sec-0002"],
            ),
            (
                "Fix\n\nRefs ([p0sec-0001], `BACK-7`)",
                &["BACK-7", "p0sec-0001"],
            ),
            (
                "Fix\n\nRefs (p0sec-0001, BACK-7) and p0sec-0002",
                &["BACK-7", "p0sec-0001"],
            ),
            (
                "Fix\n\nRefs: p0sec-0001,\n  BACK-7",
                &["BACK-7", "p0sec-0001"],
            ),
            // The list ends at a word that is no id, punctuation that ends
            // a clause, or a bracket opened after the first item.
            ("Fix\n\nFixes p0sec-0001. BACK-7 is next", &["p0sec-0001"]),
            ("Fix\n\nFixes p0sec-0001; BACK-7 is next", &["p0sec-0001"]),
            (
                "Fix\n\nCloses p0sec-0001 (BACK-7 is separate)",
                &["p0sec-0001"],
            ),
            ("Fix\n\nFixes the bug in p0sec-0001", &[]),
            ("Fix\n\nTask: see p0sec-0001", &["p0sec-0001"]),
            // A one-word id counts as the first item.
            ("Fix\n\nFixes login", &["login"]),
            ("Fix\n\nFixes BACK-7, login", &["BACK-7"]),
            // Numeric ids: items of a keyword trailer only.
            ("Fix\n\nTask: 3, BACK-7", &["3", "BACK-7"]),
            ("Fix\n\nTask: BACK-7 done, 3 open", &["BACK-7"]),
            ("Fix\n\nSome prose.\nTask 3 and BACK-7", &["BACK-7"]),
            // The subject still names every id in it.
            (
                "Task p0sec-0002 done; p0sec-0001 is still open",
                &["p0sec-0001", "p0sec-0002"],
            ),
        ];
        for (message, want) in cases {
            assert_eq!(named(message), *want, "{message:?}");
        }
        assert_eq!(
            reason(
                "p0sec-0001",
                "Fix\n\nTask p0sec-0002 done; p0sec-0001 is still open"
            ),
            Some((NotNamed::Unlisted, "p0sec-0001".to_owned()))
        );
    }

    #[test]
    fn an_id_is_named_by_any_spelling_its_board_gives_it() {
        use crate::task::identity::IdRule;
        let names = |rule: &IdRule, id: &str, message: &str| {
            IdMatcher::with_spellings(&[rule.spellings(id)], &[], Placement::SubjectOrTrailer)
                .naming(message.as_bytes())
                == Some(Naming::Names)
        };
        let backlog = IdRule::backlog(Some("back"));
        assert!(names(&backlog, "BACK-24.02", "back-24.2: fix the parser"));
        assert!(names(&backlog, "BACK-24.02", "BACK-24.02: fix the parser"));
        assert!(!names(&backlog, "BACK-24.02", "BACK-24.20: fix the parser"));
        assert!(!names(&backlog, "BACK-24.02", "Release 24.2"));
        // The number alone counts only where a numeric id does.
        assert!(!names(&backlog, "BACK-7", "Fix 7 typos"));
        assert!(names(&backlog, "BACK-7", "Fix typos\n\nTask: 7"));
        let kanban = IdRule::Numeric;
        assert!(names(&kanban, "030", "Fix\n\nTask: 30"));
        assert!(names(&kanban, "030", "Fix\n\nTask: 030"));
        assert!(!names(&kanban, "030", "Fix\n\nTask: 300"));
        // Different ids under the rule never share evidence.
        assert!(!names(&IdRule::Folded, "T-1", "T-01: fix"));
        assert!(!names(&backlog, "BACK-1", "task-1: fix"));
    }

    #[test]
    fn anywhere_keeps_whole_tokens() {
        let m = IdMatcher::new(&["BACK-56"], &[], Placement::Anywhere);
        assert_eq!(
            m.naming(b"Fix\n\nthe one BACK-56 will need"),
            Some(Naming::Names)
        );
        assert!(matches!(
            m.naming(b"Fix\n\nBACK-565"),
            Some(Naming::Mentions {
                reason: NotNamed::LongerId,
                ..
            })
        ));
    }

    #[test]
    fn numeric_ids_match_only_in_trailers_and_forms() {
        let plain = |message: &str| {
            IdMatcher::new(&["3"], &[], Placement::Anywhere).naming(message.as_bytes())
        };
        assert_eq!(
            plain("chore(release): bump version to 0.3.0"),
            Some(Naming::Mentions {
                reason: NotNamed::LongerId,
                token: "0.3.0".to_owned()
            })
        );
        assert_eq!(
            plain("3: fix it"),
            Some(Naming::Mentions {
                reason: NotNamed::BareNumber,
                token: "3".to_owned()
            })
        );
        assert!(matches!(
            plain("Fix (#3)"),
            Some(Naming::Mentions {
                reason: NotNamed::BareNumber,
                ..
            })
        ));
        assert_eq!(plain("Fix the flow\n\nTask: 3"), Some(Naming::Names));
        assert_eq!(plain("Fix the flow\n\nRefs: 2, 3"), Some(Naming::Names));
        assert_eq!(
            plain("Fix\n\nTask: 3\nSigned-off-by: A <a@b>"),
            Some(Naming::Names)
        );
        // `#3` in a trailer names an issue or pull request, not task 3.
        assert!(matches!(
            plain("Fix\n\nFixes: #3"),
            Some(Naming::Mentions { .. })
        ));
        assert!(matches!(
            plain("Fix\n\nTask: 33"),
            Some(Naming::Mentions { .. })
        ));
        let forms = vec!["task-{id}".to_owned(), "KM-{id}".to_owned()];
        let m = IdMatcher::new(&["3"], &forms, Placement::SubjectOrTrailer);
        assert_eq!(m.naming(b"task-3: auth flow"), Some(Naming::Names));
        assert_eq!(m.naming(b"km-3 auth flow"), Some(Naming::Names));
        assert!(matches!(
            m.naming(b"task-30: other"),
            Some(Naming::Mentions {
                reason: NotNamed::LongerId,
                ..
            })
        ));
    }

    #[test]
    fn trailer_blocks_follow_git() {
        // All lines trailers: a block, even under a foreign key.
        assert!(names("3", "Fix\n\nTask: 3\nReviewed-by: B"));
        // One trailer among four prose lines: under a quarter, no block.
        assert!(!names(
            "3",
            "Fix\n\nline one\nline two\nline three\nline four\nTask: 3"
        ));
        // A keyword line in prose names a task by its id, not by a number.
        assert!(names(
            "BACK-56",
            "Fix\n\nline one\nline two\nline three\nline four\nTask: BACK-56"
        ));
        // Recognised keyword with at least a quarter of the lines: block.
        assert!(names("3", "Fix\n\nline one\nline two\nTask: 3"));
        // Trailers only count in the last paragraph.
        assert!(!names(
            "3",
            "Fix\n\nTask: 3\nfoo: bar\n\nA closing paragraph."
        ));
        // A continuation line belongs to the trailer above it.
        assert!(names("3", "Fix\n\nRefs: 1,\n  3\nAcked-by: C"));
        // The subject is never a trailer block.
        assert!(!names("3", "Task: 3"));
    }

    #[test]
    fn many_ids_in_one_pass() {
        let ids = ["BACK-56", "BACK-565", "BACK-9002", "7"];
        let m = IdMatcher::new(&ids, &[], Placement::SubjectOrTrailer);
        let mut got = m.scan(b"BACK-565: ship it\n\nUnlike BACK-9002 this needs care.\n\nTask: 7");
        got.sort_by_key(|(i, _)| *i);
        assert_eq!(
            got,
            [
                (
                    0,
                    Naming::Mentions {
                        reason: NotNamed::LongerId,
                        token: "BACK-565".to_owned()
                    }
                ),
                (1, Naming::Names),
                (
                    2,
                    Naming::Mentions {
                        reason: NotNamed::Prose,
                        token: "BACK-9002".to_owned()
                    }
                ),
                (3, Naming::Names),
            ]
        );
        assert!(
            IdMatcher::new(&[" "], &[], Placement::Anywhere)
                .scan(b" x ")
                .is_empty()
        );
    }

    /// The ids of the corpus's Backlog.md and kanban-md task files, when
    /// the corpus is beside the clone.
    fn corpus_ids() -> Option<Vec<String>> {
        let root = crate::testutil::corpus_dir("")?;
        let mut ids = Vec::new();
        for dir in [
            "backlog.md/backlog/tasks",
            "backlog.md/backlog/completed",
            "kanban-md/v1/tasks",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let id = text
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .expect("every sample has an id");
                ids.push(id.trim().to_owned());
            }
        }
        Some(ids)
    }

    #[test]
    fn corpus_ids_name_only_themselves() {
        let Some(ids) = corpus_ids() else { return };
        assert!(ids.iter().any(|i| i == "BACK-222") && ids.iter().any(|i| i == "BACK-222.1"));
        assert!(ids.iter().any(|i| i == "3"));
        let m = IdMatcher::new(&ids, &[], Placement::SubjectOrTrailer);
        for (i, id) in ids.iter().enumerate() {
            // The forms the projects' commits use: `BACK-222.1 - Polish …`
            // in the subject, `Task: BACK-620` as a trailer.
            for message in [
                format!("{id} - Polish the view"),
                format!("Polish the view\n\nTask: {id}"),
            ] {
                let named: Vec<usize> = m
                    .scan(message.as_bytes())
                    .into_iter()
                    .filter(|(_, n)| *n == Naming::Names)
                    .map(|(j, _)| j)
                    .collect();
                // A numeric id (kanban-md) only in the trailer.
                let numeric = id.bytes().all(|b| b.is_ascii_digit());
                let want: &[usize] = if numeric && !message.contains("Task:") {
                    &[]
                } else {
                    &[i]
                };
                assert_eq!(
                    named,
                    want,
                    "{message:?} names {:?}",
                    named.iter().map(|&j| &ids[j]).collect::<Vec<_>>()
                );
            }
        }
        // A prose mention names none of them.
        for id in &ids {
            let message = format!("Polish the view\n\nUnlike {id}, this keeps the layout.");
            assert!(
                m.scan(message.as_bytes())
                    .iter()
                    .all(|(_, n)| *n != Naming::Names),
                "{message}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn scanning_never_panics(message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), id in "[a-zA-Z0-9.-]{0,6}") {
            let m = IdMatcher::new(&[id.as_str(), "1"], &["t-{id}".to_owned()], Placement::SubjectOrTrailer);
            let _ = m.scan(&message);
        }
    }
}
