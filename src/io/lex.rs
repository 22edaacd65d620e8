//! A small RON token scanner, for what serde cannot tell us with a position: non-finite
//! numbers, the file's `version` before the full parse, and the places of values and comments
//! that patch-saves (`super::patch`) and migrations rewrite.
//!
//! It knows just enough RON to skip strings, raw strings, chars and (nested) comments.

/// A number, identifier, string or punctuation token with its place in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    /// Byte offset of the token.
    pub offset: usize,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub col: usize,
    /// Bracket depth at the token: 1 inside the outermost `( … )`.
    pub depth: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Number,
    Ident,
    /// A single punctuation character such as `:` or `(`.
    Punct,
    /// A string literal, quotes included (`"…"` or a raw `r#"…"#`).
    Str,
    /// A comment, `// …` or `/* … */` (only from [`comments`]).
    Comment,
}

/// Line and column of byte offsets, computed incrementally so that a long line costs linear
/// time (offsets are asked for in increasing order within a line).
struct Cursor<'t> {
    text: &'t str,
    line: usize,
    /// Byte offset of the last offset asked for on this line, and its column.
    at: usize,
    col: usize,
    /// Characters counted for columns so far: the work, at most the text's length.
    counted: usize,
}

impl Cursor<'_> {
    /// A line starts at byte `next`.
    fn newline(&mut self, next: usize) {
        self.line += 1;
        self.at = next;
        self.col = 1;
    }

    /// The column (1-based, in characters) of byte `i` on the current line.
    fn col(&mut self, i: usize) -> usize {
        if i > self.at {
            let n = self.text.get(self.at..i).map_or(0, |s| s.chars().count());
            self.col += n;
            self.counted += n;
            self.at = i;
        }
        self.col
    }
}

/// The numbers, identifiers, strings and punctuation of `text`, outside comments. Linear in the
/// length of the text.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    scan(text, false)
}

/// The comments of `text` (outside strings), in order.
pub fn comments(text: &str) -> Vec<Token<'_>> {
    scan(text, true)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Comment)
        .collect()
}

/// Every token of `text`, comments included, in order.
pub fn tokens_and_comments(text: &str) -> Vec<Token<'_>> {
    scan(text, true)
}

/// The end of the identifier characters starting at `i`.
fn ident_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    i
}

fn scan(text: &str, keep_comments: bool) -> Vec<Token<'_>> {
    scan_counting(text, keep_comments).0
}

/// The tokens, and the characters counted to find their columns (the work that a quadratic
/// column count would make grow with the square of a line's length).
fn scan_counting(text: &str, keep_comments: bool) -> (Vec<Token<'_>>, usize) {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = Cursor {
        text,
        line: 1,
        at: 0,
        col: 1,
        counted: 0,
    };
    let (mut i, mut depth) = (0, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                i += 1;
                pos.newline(i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let (start, line, col) = (i, pos.line, pos.col(i));
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                if keep_comments {
                    out.push(Token {
                        kind: TokenKind::Comment,
                        text: text.get(start..i).unwrap_or_default(),
                        offset: start,
                        line,
                        col,
                        depth,
                    });
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let (start, line, col) = (i, pos.line, pos.col(i));
                let mut nest = 0usize;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        nest += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        nest -= 1;
                        i += 2;
                        if nest == 0 {
                            break;
                        }
                    } else {
                        if bytes[i] == b'\n' {
                            pos.newline(i + 1);
                        }
                        i += 1;
                    }
                }
                if keep_comments {
                    out.push(Token {
                        kind: TokenKind::Comment,
                        text: text.get(start..i.min(bytes.len())).unwrap_or_default(),
                        offset: start,
                        line,
                        col,
                        depth,
                    });
                }
            }
            b'"' => {
                let (start, line, col) = (i, pos.line, pos.col(i));
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&b'\n') {
                        pos.newline(i + 1);
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token {
                    kind: TokenKind::Str,
                    text: text.get(start..i.min(bytes.len())).unwrap_or_default(),
                    offset: start,
                    line,
                    col,
                    depth,
                });
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                // Raw string r#"…"#: count the hashes, find the matching close.
                let mut j = i + 1;
                while bytes.get(j) == Some(&b'#') {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'"') {
                    // A raw identifier, `r#name`: one identifier token.
                    if j == i + 2
                        && bytes
                            .get(j)
                            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                    {
                        let start = i;
                        i = ident_end(bytes, j);
                        out.push(Token {
                            kind: TokenKind::Ident,
                            text: &text[start..i],
                            offset: start,
                            line: pos.line,
                            col: pos.col(start),
                            depth,
                        });
                        continue;
                    }
                    i += 1;
                    continue;
                }
                let (start, line, col) = (i, pos.line, pos.col(i));
                let hashes = j - i - 1;
                let mut close = String::from("\"");
                close.push_str(&"#".repeat(hashes));
                let body = j + 1;
                let end = text[body..]
                    .find(&close)
                    .map_or(bytes.len(), |k| body + k + close.len());
                for (k, c) in text[body..end].char_indices() {
                    if c == '\n' {
                        pos.newline(body + k + 1);
                    }
                }
                i = end;
                out.push(Token {
                    kind: TokenKind::Str,
                    text: &text[start..end],
                    offset: start,
                    line,
                    col,
                    depth,
                });
            }
            b'\'' => {
                // A char literal: 'x', '\n', '\''.
                i += 1;
                if bytes.get(i) == Some(&b'\\') {
                    i += 1;
                }
                while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
                    i += 1;
                }
                i += 1;
            }
            b'0'..=b'9' | b'+' | b'-' | b'.'
                if b.is_ascii_digit()
                    || bytes
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_digit() || *c == b'i')
                    // A signed fraction: `+.5`, `-.5`.
                    || (matches!(b, b'+' | b'-')
                        && bytes.get(i + 1) == Some(&b'.')
                        && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    let c = bytes[i];
                    let exp_sign = (c == b'+' || c == b'-') && matches!(bytes[i - 1], b'e' | b'E');
                    if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exp_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let kind = if text[start..i]
                    .trim_start_matches(['+', '-'])
                    .starts_with("inf")
                {
                    TokenKind::Ident
                } else {
                    TokenKind::Number
                };
                out.push(Token {
                    kind,
                    text: &text[start..i],
                    offset: start,
                    line: pos.line,
                    col: pos.col(start),
                    depth,
                });
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                i = ident_end(bytes, i);
                out.push(Token {
                    kind: TokenKind::Ident,
                    text: &text[start..i],
                    offset: start,
                    line: pos.line,
                    col: pos.col(start),
                    depth,
                });
            }
            c if c.is_ascii_punctuation() => {
                if matches!(c, b')' | b']' | b'}') {
                    depth = depth.saturating_sub(1);
                }
                out.push(Token {
                    kind: TokenKind::Punct,
                    text: &text[i..=i],
                    offset: i,
                    line: pos.line,
                    col: pos.col(i),
                    depth,
                });
                if matches!(c, b'(' | b'[' | b'{') {
                    depth += 1;
                }
                i += 1;
            }
            _ => {
                // Whitespace and any other character (multi-byte UTF-8 included).
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    (out, pos.counted)
}

/// The value of a RON number token (underscores and type suffixes removed).
pub fn number_value(text: &str) -> Option<f64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    // Whole numbers in hex, octal or binary (`0x25`): RON reads them as integers.
    let (sign, digits) = match clean.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(d) = digits.strip_prefix(prefix) {
            let d = ["i64", "i32", "i16", "i8", "u64", "u32", "u16", "u8"]
                .iter()
                .find_map(|s| d.strip_suffix(s))
                .unwrap_or(d);
            return i128::from_str_radix(d, radix).ok().map(|v| sign * v as f64);
        }
    }
    let clean = [
        "f64", "f32", "i64", "i32", "u64", "u32", "u8", "i8", "u16", "i16",
    ]
    .iter()
    .find_map(|s| clean.strip_suffix(s).map(str::to_owned))
    .unwrap_or(clean);
    clean.parse().ok()
}

/// The first number that is not finite: `inf`, `NaN`, or a literal too large for f64.
pub fn first_non_finite<'a>(toks: &[Token<'a>]) -> Option<(Token<'a>, &'static str)> {
    toks.iter().enumerate().find_map(|(k, t)| {
        let is_field = toks.get(k + 1).is_some_and(|n| n.text == ":");
        match t.kind {
            TokenKind::Ident if !is_field => {
                let bare = t.text.trim_start_matches(['+', '-']);
                matches!(bare, "inf" | "NaN" | "nan" | "infinity" | "Infinity")
                    .then_some((*t, "is not a finite number; write a number such as 1.5e12"))
            }
            TokenKind::Number => number_value(t.text)
                .is_some_and(|v| v.is_infinite())
                .then_some((*t, "is too large for a number (the limit is about 1.8e308)")),
            _ => None,
        }
    })
}

/// The `version` field of the outermost struct, if present: its name token and value token.
pub fn version_field<'a, 't>(toks: &'a [Token<'t>]) -> Option<(&'a Token<'t>, &'a Token<'t>)> {
    toks.windows(3).find_map(|w| {
        (w[0].kind == TokenKind::Ident
            && w[0].text == "version"
            && w[0].depth == 1
            && w[1].text == ":")
            .then_some((&w[0], &w[2]))
    })
}

/// The `version: N` field of the outermost struct, if present and a whole number.
pub fn top_level_version(toks: &[Token<'_>]) -> Option<u64> {
    version_field(toks).and_then(|(_, v)| integer_value(v))
}

/// The value of a whole-number token such as `2` or `1_000`.
pub fn integer_value(t: &Token<'_>) -> Option<u64> {
    (t.kind == TokenKind::Number)
        .then(|| t.text.replace('_', "").parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_non_finite_outside_strings_and_comments() {
        let text = "(\n  name: \"inf NaN\", // NaN here\n  /* inf */ x: 1e999,\n  y: -inf,\n)";
        let toks = tokens(text);
        let (t, _) = first_non_finite(&toks).expect("found");
        assert_eq!((t.text, t.line, t.col), ("1e999", 3, 16));
        let toks = tokens("(a: 1.5, b: -inf)");
        let (t, _) = first_non_finite(&toks).expect("found");
        assert_eq!((t.text, t.line, t.col), ("-inf", 1, 13));
        assert!(first_non_finite(&tokens("(a: 1.5e300, b: r#\"NaN\"#)")).is_none());
    }

    #[test]
    fn a_raw_identifier_is_one_token() {
        let toks = tokens("(r#segment: \"x\", b: r#\"y\"#)");
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            [
                "(",
                "r#segment",
                ":",
                "\"x\"",
                ",",
                "b",
                ":",
                "r#\"y\"#",
                ")"
            ]
        );
    }

    #[test]
    fn signed_fractions_are_one_number() {
        let toks = tokens("(a: +.5, b: -.25, c: .5)");
        let nums: Vec<&str> = toks
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| t.text)
            .collect();
        assert_eq!(nums, ["+.5", "-.25", ".5"]);
        assert_eq!(number_value("+.5"), Some(0.5));
    }

    #[test]
    fn numbers_are_read_in_every_base_ron_has() {
        assert_eq!(number_value("2.8e10"), Some(2.8e10));
        assert_eq!(number_value("1_000"), Some(1000.0));
        assert_eq!(number_value("0x25"), Some(37.0));
        assert_eq!(number_value("-0b101"), Some(-5.0));
        assert_eq!(number_value("0o17u8"), Some(15.0));
        assert_eq!(number_value("0x1f32"), Some(7986.0));
        assert_eq!(number_value("0xzz"), None);
    }

    #[test]
    fn reads_the_top_level_version_only() {
        let toks = tokens("(inner: (version: 9), version: 3)");
        assert_eq!(top_level_version(&toks), Some(3));
        assert_eq!(
            top_level_version(&tokens("#![enable(implicit_some)]\n(version: 2)")),
            Some(2)
        );
    }

    #[test]
    fn strings_are_tokens_with_their_positions() {
        let toks = tokens("(a: \"x\\\"y\",\n b: r#\"q\"#, é: \"z\")");
        let strs: Vec<_> = toks
            .iter()
            .filter(|t| t.kind == TokenKind::Str)
            .map(|t| (t.text, t.line, t.col))
            .collect();
        assert_eq!(
            strs,
            vec![("\"x\\\"y\"", 1, 5), ("r#\"q\"#", 2, 5), ("\"z\"", 2, 16)]
        );
    }

    #[test]
    fn a_long_line_is_scanned_in_linear_time() {
        // 400k tokens on one line: counting each column from the line's start would count
        // 8e10 characters; counting on from the last token counts each character once.
        let line = "1,".repeat(200_000);
        let (toks, work) = scan_counting(&line, false);
        assert_eq!(toks.len(), 400_000);
        assert_eq!(toks.last().map(|t| t.col), Some(400_000));
        assert!(
            work < line.len(),
            "{work} characters counted for {}",
            line.len()
        );
        // Comments and multi-byte text too: never more than one count per character.
        let text = "/* é */ (a: \"ü\", // ö\n b: 1.5e3)\n".repeat(10_000);
        let (_, work) = scan_counting(&text, true);
        assert!(work <= text.chars().count(), "{work}");
    }

    #[test]
    fn unterminated_strings_comments_and_chars_end_the_scan() {
        for text in [
            "(a: \"abc",
            "(a: r#\"abc",
            "(a: /* /* */",
            "(a: '\\",
            "\"\\",
            "r#",
        ] {
            let _ = tokens(text);
        }
    }
}
