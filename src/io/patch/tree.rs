//! The text of a scenario file as a tree of RON values, each with the byte range of its text:
//! the document model that patch-saves edit. Built on the token scanner of `crate::io::lex`,
//! so strings, raw strings and comments are skipped exactly as everywhere else.
//!
//! Only the RON a scenario can hold is accepted: structs and tuples (named or not), lists,
//! numbers, strings and bare identifiers (unit variants, `true`). Maps, chars and byte strings
//! are refused ([`parse`] returns `None`), and the caller writes the file afresh.

use crate::io::lex::{self, Token, TokenKind};

/// Deepest nesting followed (the loader refuses deeper files anyway).
const MAX_DEPTH: usize = 128;

/// One value and where its text is.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Byte range of the value's text (name and brackets included).
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A number (its value), so that `2.8e10` and `28000000000.0` are the same.
    Number(f64),
    /// A string (its content, escapes resolved).
    Str(String),
    /// A bare identifier: a unit variant (`Step`, `Grant`), `true`, `None`.
    Ident(String),
    Seq(Seq),
}

/// `Name(…)`, `(…)` or `[…]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Seq {
    /// `Some("Points")` for `Points(…)`.
    pub name: Option<String>,
    /// `[` for a list, `(` for a struct or tuple.
    pub list: bool,
    /// Byte offsets of the opening and closing bracket.
    pub open: usize,
    pub close: usize,
    pub entries: Vec<Entry>,
}

/// A field (`key: value`) of a struct, or an element of a tuple or list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Option<String>,
    /// Where the entry's text starts: its key, or its value.
    pub start: usize,
    pub value: Node,
    /// The comma after the value, if there is one.
    pub comma: Option<usize>,
}

impl Entry {
    /// Where the entry's text ends: after its comma, or after its value.
    pub fn end(&self) -> usize {
        self.comma.map_or(self.value.end, |c| c + 1)
    }
}

impl Seq {
    /// A struct (every entry has a key; an empty `()` counts as one).
    pub fn is_struct(&self) -> bool {
        !self.list && self.entries.iter().all(|e| e.key.is_some())
    }

    /// A tuple: `(` entries without keys.
    pub fn is_tuple(&self) -> bool {
        !self.list && self.entries.iter().all(|e| e.key.is_none())
    }

    pub fn field(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.as_deref() == Some(key))
    }
}

/// A parsed file: its text, its root value and where its comments are.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub root: Node,
    /// Byte ranges of the comments, in order.
    pub comments: Vec<(usize, usize)>,
}

/// Parses `text` (one value, after optional `#![…]` attributes); `None` if it holds anything
/// else.
pub fn parse(text: &str) -> Option<Doc<'_>> {
    let all = lex::tokens_and_comments(text);
    let comments = all
        .iter()
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| (t.offset, t.offset + t.text.len()))
        .collect();
    let toks: Vec<Token<'_>> = all
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .collect();
    let mut p = Parser { toks: &toks, i: 0 };
    p.skip_attributes()?;
    let root = p.value(0)?;
    (p.i == toks.len()).then_some(Doc {
        text,
        root,
        comments,
    })
}

struct Parser<'a, 't> {
    toks: &'a [Token<'t>],
    i: usize,
}

impl<'t> Parser<'_, 't> {
    fn peek(&self, k: usize) -> Option<&Token<'t>> {
        self.toks.get(self.i + k)
    }

    fn is(&self, k: usize, punct: &str) -> bool {
        self.peek(k)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.text == punct)
    }

    /// `#![enable(implicit_some)]` and the like.
    fn skip_attributes(&mut self) -> Option<()> {
        while self.is(0, "#") {
            while !self.is(0, "[") {
                self.peek(0)?;
                self.i += 1;
            }
            let depth = self.peek(0)?.depth;
            while !(self.is(0, "]") && self.peek(0)?.depth == depth) {
                self.i += 1;
            }
            self.i += 1;
        }
        Some(())
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = *self.peek(0)?;
        match t.kind {
            TokenKind::Number => {
                self.i += 1;
                Some(atom(&t, Kind::Number(lex::number_value(t.text)?)))
            }
            TokenKind::Str => {
                self.i += 1;
                let s: String = ron::from_str(t.text).ok()?;
                Some(atom(&t, Kind::Str(s)))
            }
            TokenKind::Ident if self.is(1, "(") => {
                self.i += 1;
                self.seq(Some(unraw(t.text).to_owned()), t.offset, depth)
            }
            TokenKind::Ident => {
                self.i += 1;
                Some(atom(&t, Kind::Ident(unraw(t.text).to_owned())))
            }
            TokenKind::Punct if t.text == "(" || t.text == "[" => self.seq(None, t.offset, depth),
            _ => None,
        }
    }

    /// A bracketed sequence; the current token is its opening bracket.
    fn seq(&mut self, name: Option<String>, start: usize, depth: usize) -> Option<Node> {
        let open = *self.peek(0)?;
        let list = open.text == "[";
        let close_text = if list { "]" } else { ")" };
        self.i += 1;
        let mut entries = Vec::new();
        loop {
            if self.is(0, close_text) {
                break;
            }
            let first = *self.peek(0)?;
            let key = (!list && first.kind == TokenKind::Ident && self.is(1, ":"))
                .then(|| unraw(first.text).to_owned());
            if key.is_some() {
                self.i += 2;
            }
            let value = self.value(depth + 1)?;
            let comma = self.is(0, ",").then(|| self.toks[self.i].offset);
            if comma.is_some() {
                self.i += 1;
            }
            entries.push(Entry {
                key,
                start: first.offset,
                value,
                comma,
            });
            if comma.is_none() && !self.is(0, close_text) {
                return None;
            }
        }
        let close = self.peek(0)?.offset;
        self.i += 1;
        let seq = Seq {
            name,
            list,
            open: open.offset,
            close,
            entries,
        };
        // Keys on some fields and not others is not RON.
        if !seq.list && !seq.is_struct() && !seq.is_tuple() {
            return None;
        }
        Some(Node {
            start,
            end: close + 1,
            kind: Kind::Seq(seq),
        })
    }
}

/// `r#segment` names `segment`.
fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn atom(t: &Token<'_>, kind: Kind) -> Node {
    Node {
        start: t.offset,
        end: t.offset + t.text.len(),
        kind,
    }
}

/// Byte offset of the start of the line holding byte `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |k| k + 1)
}

/// Byte offset just after the end of the line holding byte `at` (after its `\n`).
pub fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |k| at + k + 1)
}

/// The whitespace that starts the line holding byte `at`.
pub fn indent_at(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let line = text.get(start..).unwrap_or_default();
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

impl Doc<'_> {
    /// Whether only whitespace precedes byte `at` on its line.
    pub fn first_on_line(&self, at: usize) -> bool {
        self.text
            .get(line_start(self.text, at)..at)
            .is_some_and(|s| s.trim().is_empty())
    }

    /// Whether only whitespace and comments follow byte `at` on its line.
    pub fn rest_of_line_is_free(&self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        let mut i = at;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => return true,
                b' ' | b'\t' | b'\r' => i += 1,
                _ => match self.comments.binary_search_by_key(&i, |c| c.0) {
                    // A line comment ends at the line's end; a block comment may run on.
                    Ok(k) => i = self.comments[k].1.max(i + 1),
                    Err(_) => return false,
                },
            }
        }
        true
    }

    /// Whether the entry stands on lines of its own: nothing before it on its first line,
    /// nothing but comments after it on its last.
    pub fn entry_on_own_lines(&self, e: &Entry) -> bool {
        self.first_on_line(e.start) && self.rest_of_line_is_free(e.end())
    }

    /// The comments that lie within `start..end`, as text.
    pub fn comments_within(&self, start: usize, end: usize) -> Vec<&str> {
        self.comments
            .iter()
            .filter(|c| c.0 >= start && c.1 <= end)
            .filter_map(|c| self.text.get(c.0..c.1))
            .collect()
    }

    /// The file's indentation step: the indentation of its first indented line (4 spaces
    /// if none is).
    pub fn indent_unit(&self) -> String {
        self.text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
            .find(|w| !w.is_empty())
            .unwrap_or("    ")
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(n: &Node) -> &Seq {
        match &n.kind {
            Kind::Seq(s) => s,
            k => panic!("not a sequence: {k:?}"),
        }
    }

    #[test]
    fn values_have_their_spans() {
        let text = "#![enable(implicit_some)]\n(\n    a: 2.8e10, // c\n    b: Points(points: [(year: 1, value: 2)], interpolation: Step),\n    c: \"x\\\"y\",\n)\n";
        let doc = parse(text).expect("parses");
        let root = seq(&doc.root);
        assert!(root.is_struct());
        let a = root.field("a").expect("a");
        assert_eq!(&text[a.value.start..a.value.end], "2.8e10");
        assert_eq!(a.value.kind, Kind::Number(2.8e10));
        let b = root.field("b").expect("b");
        let bs = seq(&b.value);
        assert_eq!(bs.name.as_deref(), Some("Points"));
        assert_eq!(
            &text[b.value.start..b.value.end],
            "Points(points: [(year: 1, value: 2)], interpolation: Step)"
        );
        let c = root.field("c").expect("c");
        assert_eq!(c.value.kind, Kind::Str("x\"y".to_owned()));
        assert_eq!(doc.comments_within(0, text.len()), vec!["// c"]);
        assert!(doc.entry_on_own_lines(a));
        assert_eq!(doc.indent_unit(), "    ");
    }

    #[test]
    fn what_a_scenario_cannot_hold_is_refused() {
        for text in [
            "{a: 1}",
            "(a: 1, 2)",
            "(a: 1 b: 2)",
            "(a: 'x')",
            "(a: 1))",
            "(a: [1, 2)",
        ] {
            assert!(parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn block_comments_span_their_text() {
        let text = "(a: 1, /* x\n y */ b: 2)";
        let doc = parse(text).expect("parses");
        assert_eq!(doc.comments_within(0, text.len()), vec!["/* x\n y */"]);
        let root = seq(&doc.root);
        assert!(!doc.rest_of_line_is_free(root.entries[0].end()));
    }
}
