//! Replacements of byte ranges of a text, the one way Buildout rewrites a file it did not
//! write itself: migrations (`super::migrate`) and patch-saves (`super::patch`) both produce
//! [`Edit`]s and [`apply`] them, so that everything outside the edited ranges stays byte for
//! byte.

use super::lex::Token;

/// A replacement of `text[start..end]` by `with` (an insertion when `start == end`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

impl Edit {
    /// Replaces the token's text.
    pub fn replace(t: &Token<'_>, with: impl Into<String>) -> Self {
        Self::range(t.offset, t.offset + t.text.len(), with)
    }

    /// Replaces `start..end`.
    pub fn range(start: usize, end: usize, with: impl Into<String>) -> Self {
        Self {
            start,
            end,
            with: with.into(),
        }
    }

    /// Inserts `with` at byte `at`.
    pub fn insert(at: usize, with: impl Into<String>) -> Self {
        Self::range(at, at, with)
    }
}

/// Applies non-overlapping edits (in any order; insertions at one place keep their order and
/// come before a replacement that starts there). An edit that overlaps an earlier one is
/// skipped: callers produce disjoint edits, and a skipped one shows when the result is checked.
pub fn apply(text: &str, edits: Vec<Edit>) -> String {
    apply_within(text, 0, text.len(), edits)
}

/// [`apply`] to `text[start..end]` only, returning that part; edits are in offsets of the whole
/// text and must lie within the range.
pub fn apply_within(text: &str, start: usize, end: usize, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(end.saturating_sub(start) + 64);
    let mut last = start;
    for e in edits {
        if e.start < last || e.end > end {
            continue;
        }
        out.push_str(text.get(last..e.start).unwrap_or_default());
        out.push_str(&e.with);
        last = e.end;
    }
    out.push_str(text.get(last..end).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_place_and_insertions_keep_their_order() {
        let text = "(a: 1, b: 2)";
        let edits = vec![
            Edit::range(10, 11, "3"),
            Edit::insert(6, " x: 0,"),
            Edit::insert(6, " y: 9,"),
            Edit::range(4, 5, "7"),
        ];
        assert_eq!(apply(text, edits), "(a: 7, x: 0, y: 9, b: 3)");
        assert_eq!(
            apply_within(text, 4, 11, vec![Edit::range(10, 11, "42")]),
            "1, b: 42"
        );
    }
}
