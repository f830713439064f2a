//! The outline of a task's Markdown body, for any gate that reads one:
//! which headings it has, where, and whether visible text stands under
//! each; its marker blocks; and its task-list items (`- [ ] text`), each
//! with its ticked state, line, heading and block.
//!
//! Parsing is `pulldown-cmark`'s (CommonMark): ATX and setext headings,
//! code fences, indented code and HTML blocks and comments are what that
//! parser says they are. Text is *visible* when something other than
//! whitespace and Unicode format characters (Cf: zero-width spaces, joiners,
//! bidi marks) remains: comments, markup (`<br>`, `&nbsp;`), an empty list
//! item (a lone `-`), an empty code fence and task-list boxes are not text.
//! Backlog.md's `<!-- SECTION:NAME:BEGIN -->` … `<!-- SECTION:NAME:END -->`
//! blocks are reported too, each with whether it holds visible text, and
//! so are its bare `<!-- AC:BEGIN -->` … `<!-- AC:END -->` blocks
//! (acceptance criteria, `DOD` the Definition of Done).
//!
//! A task-list item is a list item whose text starts with a box: `[ ]`,
//! `[x]` or `[X]` (ticked: only these two), or any other single character
//! (`[-]`, `[~]`: an item, not ticked). Items in code (fenced or
//! indented), in HTML comments and in block quotes are not items.
//!
//! Pure: no I/O, no knowledge of gates.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// A heading and the section under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) level: u8,
    /// The heading's text as written (inline markup dropped).
    pub(crate) text: String,
    /// The heading's 0-based line in the body.
    pub(crate) line: usize,
    /// Visible text stands under it before the next heading of its level
    /// or higher (text under sub-headings counts; their titles do not).
    pub(crate) visible: bool,
}

/// A Backlog.md `SECTION:NAME` comment block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// `PLAN`, `NOTES`, … as written (upper case in Backlog.md).
    pub(crate) name: String,
    /// The 0-based body line of its BEGIN marker.
    pub(crate) line: usize,
    pub(crate) visible: bool,
    /// A `SECTION:NAME` block; else a bare `NAME:BEGIN` one (`AC`, `DOD`).
    pub(crate) section: bool,
}

/// A task-list item: `- [ ] text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// `[x]` or `[X]`.
    pub(crate) ticked: bool,
    /// The character in the box as written (` `, `x`, `-`, …).
    pub(crate) mark: char,
    /// The item's first line after the box, as written, trimmed.
    pub(crate) text: String,
    /// Its 0-based line in the body.
    pub(crate) line: usize,
    /// The sections it stands under (indices into [`Outline::sections`]),
    /// outermost first.
    pub(crate) under: Vec<usize>,
    /// The marker blocks it stands in (indices into [`Outline::blocks`]),
    /// outermost first.
    pub(crate) within: Vec<usize>,
}

/// What a body holds: its sections, marker blocks and task-list items, in
/// order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    pub(crate) sections: Vec<Section>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) items: Vec<Item>,
}

impl Outline {
    /// The first `SECTION:NAME` block named `name` (ASCII
    /// case-insensitive) with visible text, else the first one named so.
    pub(crate) fn block(&self, name: &str) -> Option<&Block> {
        let mut named = self
            .blocks
            .iter()
            .filter(|b| b.section && b.name.eq_ignore_ascii_case(name));
        let first = named.clone().next();
        named.find(|b| b.visible).or(first)
    }
}

/// Reads the outline of `body`.
pub(crate) fn outline(body: &str) -> Outline {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut out = Outline::default();
    // Indices into `out.sections` of the sections still open, outermost
    // first; the heading being read; the marker blocks still open.
    let mut open: Vec<usize> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut open_blocks: Vec<usize> = Vec::new();
    // An HTML block comes one line per event: a comment may span several.
    let mut in_comment = false;
    // Block quotes open around the event.
    let mut quotes = 0_usize;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            in_comment = false;
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes = quotes.saturating_sub(1),
            Event::Start(Tag::Item) if quotes == 0 => {
                if let Some((mark, text)) = body.get(range.clone()).and_then(task_box) {
                    out.items.push(Item {
                        ticked: matches!(mark, 'x' | 'X'),
                        mark,
                        text: text.to_owned(),
                        line: line_of(range.start),
                        under: open.clone(),
                        within: open_blocks.clone(),
                    });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as u8;
                while open.last().is_some_and(|&i| out.sections[i].level >= level) {
                    open.pop();
                }
                heading = Some(out.sections.len());
                out.sections.push(Section {
                    level,
                    text: String::new(),
                    line: line_of(range.start),
                    visible: false,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(i) = heading.take() {
                    let text = out.sections[i].text.trim().to_owned();
                    out.sections[i].text = text;
                    open.push(i);
                }
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                if let Some(i) = heading {
                    out.sections[i].text.push_str(&text);
                } else if is_visible(&text) {
                    mark(&mut out, &open, &open_blocks);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = heading {
                    out.sections[i].text.push(' ');
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let start_line = line_of(range.start);
                for piece in html_pieces(&html, &mut in_comment) {
                    match piece {
                        Piece::Text(text) => {
                            if heading.is_none() && html_text_is_visible(text) {
                                mark(&mut out, &open, &open_blocks);
                            }
                        }
                        Piece::Comment(comment) => {
                            read_marker(&mut out, &mut open_blocks, comment, start_line);
                        }
                    }
                }
            }
            Event::FootnoteReference(_) if heading.is_none() => {
                mark(&mut out, &open, &open_blocks);
            }
            _ => {}
        }
    }
    out
}

/// An HTML comment on body line `line`: a BEGIN marker opens a block
/// (inside those open, `open_blocks`); an END marker closes the innermost
/// open block of its name and kind, and every block opened inside it. Any
/// other comment is no marker.
fn read_marker(out: &mut Outline, open_blocks: &mut Vec<usize>, comment: &str, line: usize) {
    match marker(comment) {
        Some((name, section, true)) => {
            open_blocks.push(out.blocks.len());
            out.blocks.push(Block {
                name: name.to_owned(),
                line,
                visible: false,
                section,
            });
        }
        Some((name, section, false)) => {
            if let Some(at) = open_blocks
                .iter()
                .rposition(|&i| out.blocks[i].name == name && out.blocks[i].section == section)
            {
                open_blocks.truncate(at);
            }
        }
        None => {}
    }
}

/// Visible text was met: every open section and block has some.
fn mark(out: &mut Outline, open: &[usize], open_blocks: &[usize]) {
    for &i in open {
        out.sections[i].visible = true;
    }
    for &i in open_blocks {
        out.blocks[i].visible = true;
    }
}

/// Part of an HTML event: a comment's inside, or what lies between
/// comments.
enum Piece<'a> {
    Text(&'a str),
    Comment(&'a str),
}

/// Splits raw HTML into comments and the rest. `in_comment` says whether
/// the text starts inside a comment, and is left saying whether it ends
/// inside one.
fn html_pieces<'a>(mut html: &'a str, in_comment: &mut bool) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    loop {
        if *in_comment {
            let Some(end) = html.find("-->") else {
                pieces.push(Piece::Comment(html));
                return pieces;
            };
            pieces.push(Piece::Comment(&html[..end]));
            html = &html[end + 3..];
            *in_comment = false;
        }
        let Some(start) = html.find("<!--") else {
            pieces.push(Piece::Text(html));
            return pieces;
        };
        pieces.push(Piece::Text(&html[..start]));
        html = &html[start + 4..];
        *in_comment = true;
    }
}

/// `(NAME, is_section, is_begin)` of a `SECTION:NAME:BEGIN` / `END`
/// comment, or of a bare `NAME:BEGIN` / `END` one (`NAME` in capitals,
/// digits and `_`: `AC`, `DOD`).
fn marker(comment: &str) -> Option<(&str, bool, bool)> {
    let comment = comment.trim();
    let (rest, section) = match comment.strip_prefix("SECTION:") {
        Some(rest) => (rest, true),
        None => (comment, false),
    };
    let (name, end) = rest.rsplit_once(':')?;
    let begin = match end.trim() {
        "BEGIN" => true,
        "END" => false,
        _ => return None,
    };
    let bare_name = |n: &str| {
        n.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    (!name.is_empty() && (section || bare_name(name))).then_some((name, section, begin))
}

/// The box and first line of a list item's source (`- [ ] text`, `1. [x]
/// text`): `(mark, text)`, or `None` when the item has no box.
fn task_box(item: &str) -> Option<(char, &str)> {
    let line = item.lines().next()?.trim_start();
    let rest = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 || digits > 9 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    // One to four spaces (or a tab) between the bullet and the box.
    let boxed = rest.trim_start_matches([' ', '\t']);
    if boxed.len() == rest.len() || rest.len() - boxed.len() > 4 && !rest.starts_with('\t') {
        return None;
    }
    let mut chars = boxed.strip_prefix('[')?.chars();
    let mark = chars.next()?;
    let after = chars.as_str().strip_prefix(']')?;
    if mark == ']' || mark == '[' || mark == '\n' {
        return None;
    }
    // The box stands alone: text follows after a space, or nothing.
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((mark, after.trim()))
}

/// Entities that stand for invisible characters.
const INVISIBLE_ENTITIES: &[&str] = &[
    "nbsp",
    "#160",
    "#xa0",
    "ensp",
    "emsp",
    "thinsp",
    "zwnj",
    "zwj",
    "shy",
    "#173",
    "#xad",
    "#8203",
    "#x200b",
    "zerowidthspace",
    "#8204",
    "#x200c",
    "#8205",
    "#x200d",
    "#65279",
    "#xfeff",
];

/// Whether raw HTML text (comments removed) shows anything: tags and
/// invisible entities are not text.
fn html_text_is_visible(text: &str) -> bool {
    let mut rest = text;
    loop {
        // Text up to the next tag or entity.
        let next = rest.find(['<', '&']).unwrap_or(rest.len());
        if is_visible(&rest[..next]) {
            return true;
        }
        rest = &rest[next..];
        if rest.is_empty() {
            return false;
        }
        if rest.starts_with('<') {
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                // A lone `<` is text.
                None => return true,
            }
        } else {
            let end = rest.find(';').filter(|&e| e <= 32);
            match end {
                Some(end)
                    if INVISIBLE_ENTITIES
                        .iter()
                        .any(|n| rest[1..end].eq_ignore_ascii_case(n)) =>
                {
                    rest = &rest[end + 1..];
                }
                _ => return true,
            }
        }
    }
}

pub(crate) use crate::sanitize::{is_format, is_visible};

/// A heading's text for matching: NFKC, format characters removed, lower
/// case, leading emoji, punctuation and numbering dropped, a trailing
/// parenthesis, colon or punctuation dropped, spaces collapsed.
pub(crate) fn heading_key(text: &str) -> String {
    let clean: String = text.nfkc().filter(|c| !is_format(*c)).collect();
    let mut key = clean
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    loop {
        let trimmed = key.trim_end();
        let trimmed = if trimmed.ends_with(')') {
            trimmed.rfind('(').map_or(trimmed, |at| &trimmed[..at])
        } else {
            trimmed.trim_end_matches(|c: char| !c.is_alphanumeric())
        };
        if trimmed.len() == key.len() {
            break;
        }
        key = trimmed.to_owned();
    }
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a heading key matches an entry of a heading list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeadingRule {
    /// The whole heading is the entry, or the entry and a subtitle after
    /// `:`, `-`, `–` or `—` (`Implementation Plan: phase 1`); not a
    /// longer heading (`Implementation Notes`, `Planetary`).
    Whole,
    /// The heading starts with the entry's whole words (`Testing
    /// Strategy` for `testing`; not `Testable`).
    Words,
}

/// Whether the heading key `key` matches `entry` by `rule`.
pub(crate) fn heading_matches(key: &str, entry: &str, rule: HeadingRule) -> bool {
    let entry = entry.trim();
    if entry.is_empty() {
        return false;
    }
    let Some(rest) = key.strip_prefix(entry) else {
        return false;
    };
    match rule {
        HeadingRule::Whole => {
            rest.is_empty() || rest.trim_start().starts_with([':', '-', '–', '—'])
        }
        HeadingRule::Words => !rest.starts_with(char::is_alphanumeric),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An END marker closes the innermost open block of its name and kind
    /// and every block opened inside it; one of another kind (a bare `AC`
    /// for a `SECTION:AC`) or name closes nothing, nor does a comment that
    /// is no marker.
    #[test]
    fn an_end_marker_closes_its_own_block_and_those_inside_it() {
        let mut out = Outline::default();
        let mut open = Vec::new();
        for (line, comment) in [
            " SECTION:PLAN:BEGIN ",
            "AC:BEGIN",
            "SECTION:AC:BEGIN",
            "a note",
            "AC:END",
        ]
        .into_iter()
        .enumerate()
        {
            read_marker(&mut out, &mut open, comment, line);
        }
        let names: Vec<(&str, bool, usize)> = out
            .blocks
            .iter()
            .map(|b| (b.name.as_str(), b.section, b.line))
            .collect();
        assert_eq!(
            names,
            [("PLAN", true, 0), ("AC", false, 1), ("AC", true, 2)]
        );
        // `AC:END` closed the bare AC block and the section opened in it.
        assert_eq!(open, [0]);
        read_marker(&mut out, &mut open, "SECTION:NOTES:END", 5);
        read_marker(&mut out, &mut open, "PLAN:END", 6);
        assert_eq!(open, [0], "another name or kind closes nothing");
        read_marker(&mut out, &mut open, "SECTION:PLAN:END", 7);
        assert!(open.is_empty());
        assert_eq!(out.blocks.len(), 3);
    }

    fn sections(body: &str) -> Vec<(u8, String, usize, bool)> {
        outline(body)
            .sections
            .into_iter()
            .map(|s| (s.level, s.text, s.line, s.visible))
            .collect()
    }

    fn s(level: u8, text: &str, line: usize, visible: bool) -> (u8, String, usize, bool) {
        (level, text.to_owned(), line, visible)
    }

    #[test]
    fn headings_and_their_lines() {
        assert_eq!(
            sections("# T\n\n## Plan ##\nstep\n\nSetext\n------\n\ntext\n"),
            [
                s(1, "T", 0, true),
                s(2, "Plan", 2, true),
                s(2, "Setext", 5, true)
            ]
        );
        assert_eq!(sections("##Plan\nno space\n"), []);
        assert_eq!(sections("    ## Plan\n    indented code\n"), []);
        assert_eq!(
            sections("## `C#` and *emphasis*\nx\n"),
            [s(2, "C# and emphasis", 0, true)]
        );
    }

    #[test]
    fn fences_hide_headings_and_a_heading_after_a_closed_fence_counts() {
        assert_eq!(sections("```\n## Plan\nsteps\n```\n"), []);
        assert_eq!(
            sections("~~~~md\n## Plan\n~~~\nstill fenced\n~~~~\n## Other\nx\n"),
            [s(2, "Other", 5, true)]
        );
        assert_eq!(
            sections("```sh\nrun\n```\n\n## Plan\n\nstep one\n"),
            [s(2, "Plan", 4, true)]
        );
        assert_eq!(sections("- item\n  ```\n  ## Plan\n  ```\n"), []);
    }

    #[test]
    fn invisible_content_is_not_text() {
        let empty = [
            "## Plan\n",
            "## Plan\n\n<!-- write the plan -->\n",
            "## Plan\n<!--\nmulti-line\ncomment\n-->\n",
            "## Plan\n\u{200B}\n",
            "## Plan\n&nbsp;\n",
            "## Plan\n<br>\n",
            "## Plan\n<p>&nbsp;<br/></p>\n",
            "## Plan\n-\n",
            "## Plan\n- [ ]\n",
            "## Plan\n```\n```\n",
            "## Plan\n---\n",
            "## Plan\n\u{FEFF}\u{2060}\n",
        ];
        for body in empty {
            assert_eq!(sections(body), [s(2, "Plan", 0, false)], "{body:?}");
        }
        let full = [
            "## Plan\nstep\n",
            "## Plan\n<!-- note --> step\n",
            "## Plan\n```\ncode\n```\n",
            "## Plan\n<b>bold</b>\n",
            "## Plan\n- [ ] step\n",
            "## Plan\n&amp;\n",
            "## Plan\n| a |\n|---|\n| b |\n",
        ];
        for body in full {
            assert_eq!(sections(body), [s(2, "Plan", 0, true)], "{body:?}");
        }
    }

    #[test]
    fn text_under_sub_headings_counts_for_the_parent() {
        assert_eq!(
            sections("### Plan\n#### Phase 1\n- do a\n### Risks\n"),
            [
                s(3, "Plan", 0, true),
                s(4, "Phase 1", 1, true),
                s(3, "Risks", 3, false)
            ]
        );
        assert_eq!(
            sections("### Plan\n#### Phase 1\n### Risks\nx\n"),
            [
                s(3, "Plan", 0, false),
                s(4, "Phase 1", 1, false),
                s(3, "Risks", 2, true)
            ]
        );
    }

    #[test]
    fn a_comment_hides_headings_until_it_closes() {
        assert_eq!(
            sections("<!--\n## Plan\nsteps\n-->\n## Next\nx\n"),
            [s(2, "Next", 4, true)]
        );
    }

    #[test]
    fn backlog_md_blocks() {
        let body = "## Implementation Plan\n\n<!-- SECTION:PLAN:BEGIN -->\n1. Do it\n<!-- SECTION:PLAN:END -->\n\n## Implementation Notes\n\n<!-- SECTION:NOTES:BEGIN -->\nNotes.\n<!-- SECTION:NOTES:END -->\n";
        let o = outline(body);
        assert_eq!(
            o.blocks,
            [
                Block {
                    name: "PLAN".into(),
                    line: 2,
                    visible: true,
                    section: true
                },
                Block {
                    name: "NOTES".into(),
                    line: 8,
                    visible: true,
                    section: true
                }
            ]
        );
        let empty = outline(
            "## Implementation Plan\n\n<!-- SECTION:PLAN:BEGIN --><!-- SECTION:PLAN:END -->\n\n## Implementation Notes\n\nnotes\n",
        );
        assert_eq!(empty.block("plan").map(|b| b.visible), Some(false));
        assert!(!empty.sections[0].visible);
        let blank =
            outline("<!-- SECTION:PLAN:BEGIN -->\n\u{200B}&nbsp;\n<!-- SECTION:PLAN:END -->\n");
        assert_eq!(blank.block("PLAN").map(|b| b.visible), Some(false));
        let inline = outline("<!-- SECTION:PLAN:BEGIN -->Do it<!-- SECTION:PLAN:END -->\n");
        assert_eq!(inline.block("PLAN").map(|b| b.visible), Some(true));
        assert_eq!(outline("no blocks").block("PLAN"), None);
    }

    #[test]
    fn heading_keys() {
        let cases = [
            ("Implementation Plan", "implementation plan"),
            ("🔧 3. implementation  PLAN", "implementation plan"),
            ("Implementation Plan (draft)", "implementation plan"),
            ("Plan:", "plan"),
            ("Pl\u{200B}an", "plan"),
            ("ＰＬＡＮ", "plan"),
            ("Plan ✅", "plan"),
            ("📚 Documentation", "documentation"),
        ];
        for (text, want) in cases {
            assert_eq!(heading_key(text), want, "{text}");
        }
    }

    #[test]
    fn heading_rules() {
        let cases = [
            (
                "implementation plan",
                "implementation plan",
                HeadingRule::Whole,
                true,
            ),
            ("implementation", "implementation", HeadingRule::Whole, true),
            (
                "implementation notes",
                "implementation",
                HeadingRule::Whole,
                false,
            ),
            ("planetary notes", "plan", HeadingRule::Whole, false),
            ("plan: phase 1", "plan", HeadingRule::Whole, true),
            ("plan — phase 1", "plan", HeadingRule::Whole, true),
            ("plans", "plan", HeadingRule::Whole, false),
            ("testing strategy", "testing", HeadingRule::Words, true),
            ("testable things", "test", HeadingRule::Words, false),
            ("docs", "docs", HeadingRule::Words, true),
            ("anything", "", HeadingRule::Words, false),
        ];
        for (key, entry, rule, want) in cases {
            assert_eq!(heading_matches(key, entry, rule), want, "{key} / {entry}");
        }
    }

    fn items(body: &str) -> Vec<(bool, char, String, usize)> {
        outline(body)
            .items
            .into_iter()
            .map(|i| (i.ticked, i.mark, i.text, i.line))
            .collect()
    }

    #[test]
    fn task_list_items_with_their_state_and_line() {
        let body = "## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 First\n- [x] #2 Second\n- [X] #3 Third\n<!-- AC:END -->\n\n1. [ ] numbered\n* [-] dashed box\n- [ ]\n- plain item\n- [link](x) is not a box\n";
        assert_eq!(
            items(body),
            [
                (false, ' ', "#1 First".to_owned(), 2),
                (true, 'x', "#2 Second".to_owned(), 3),
                (true, 'X', "#3 Third".to_owned(), 4),
                (false, ' ', "numbered".to_owned(), 7),
                (false, '-', "dashed box".to_owned(), 8),
                (false, ' ', String::new(), 9),
            ]
        );
        let o = outline(body);
        assert_eq!(o.items[0].under, [0]);
        let ac = &o.blocks[o.items[0].within[0]];
        assert_eq!((ac.name.as_str(), ac.section), ("AC", false));
        assert!(o.items[3].within.is_empty(), "the block closed");
        assert_eq!(o.block("AC"), None, "a bare block is no SECTION block");
    }

    #[test]
    fn items_in_code_comments_and_quotes_are_not_items() {
        let body = "```\n- [ ] fenced\n```\n\n    - [ ] indented code\n\n<!--\n- [ ] commented\n-->\n> - [ ] quoted\n>\n> > - [ ] deeper\n\n- [ ] real\n  - [x] nested\n";
        assert_eq!(
            items(body),
            [
                (false, ' ', "real".to_owned(), 13),
                (true, 'x', "nested".to_owned(), 14),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn outline_never_panics(body in "[#`~ <!>&;a-zé🔧\u{200B}\t\n:\\[\\]xX*+.0-9-]{0,300}") {
            let o = outline(&body);
            for i in &o.items {
                proptest::prop_assert!(i.line <= body.matches('\n').count());
            }
            for s in &o.sections {
                proptest::prop_assert!((1..=6).contains(&s.level));
                proptest::prop_assert!(s.line <= body.matches('\n').count());
            }
            let _ = heading_key(&body);
        }
    }
}
