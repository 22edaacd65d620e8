//! The structural diff of two documents: the edits that make the old text (the file as it was
//! loaded) say what the new text (the scenario written afresh) says, touching only what
//! differs.
//!
//! - Values are compared by meaning: numbers by value (an unchanged `2.8e10` keeps its
//!   spelling), strings by content.
//! - A changed number, string or identifier replaces its own token; a value whose kind or
//!   variant changed (`Equity(…)` → `Debt(…)`, `Constant(…)` → `Points(…)`) is replaced
//!   whole, in the new text's layout, indented where it stands.
//! - A struct keeps its fields in the file's order. A field the new text drops (an optional
//!   field cleared) loses its line; a field it adds is written after the field it follows in
//!   the new text, on a line of its own if its neighbour has one. A field the new text leaves
//!   out because it holds its default (`ramp_years: 0.0`) is neither removed nor added.
//! - List elements are matched by their `name`, `path` or `segment` when every element has one
//!   (so a reordered or renamed segment keeps its text and comments), else by equality, with
//!   changed elements paired by similarity. Removed elements take their lines with them,
//!   comments included (the comment lines just above an element belong to it); added ones are
//!   written in the list's own indentation, one per line or inline as the list is.

use std::collections::HashMap;

use super::tree::{Doc, Entry, Kind, Node, Seq, indent_at, line_end, line_start};
use crate::io::text_edit::{Edit, apply_within};
use crate::model::{Interpolation, Period};

/// Largest middle part of two lists compared element by element, and largest set of changed
/// elements compared pair by pair (beyond it, changed elements are paired by position).
const MAX_LCS_CELLS: usize = 40_000;

/// Fields that name a list element.
const KEY_FIELDS: [&str; 3] = ["name", "path", "segment"];

/// Longest line a value replaced on one line may make; longer ones take the new layout.
const MAX_INLINE_WIDTH: usize = 100;

pub struct Patcher<'a> {
    pub base: &'a Doc<'a>,
    pub new: &'a Doc<'a>,
    /// The file's indentation step.
    pub unit: String,
    /// Leave out added fields that hold their default (the new text writes some defaults).
    pub omit_defaults: bool,
    /// Segments renamed between the two texts (old name, new name), so that the lists that
    /// name segments (chain links, shares) match their elements under the new name.
    pub renames: Vec<(String, String)>,
}

impl Patcher<'_> {
    /// Pushes the edits that turn the text of `b` (in the old text) into what `n` (in the new
    /// text) says.
    pub fn node(&self, b: &Node, n: &Node, out: &mut Vec<Edit>) {
        match (&b.kind, &n.kind) {
            (Kind::Number(x), Kind::Number(y)) if x == y => {}
            (Kind::Str(x), Kind::Str(y)) | (Kind::Ident(x), Kind::Ident(y)) if x == y => {}
            (Kind::Seq(bs), Kind::Seq(ns)) if bs.list && ns.list => self.list(b, n, bs, ns, out),
            (Kind::Seq(bs), Kind::Seq(ns)) if !bs.list && !ns.list && bs.name == ns.name => {
                if bs.is_struct() && ns.is_struct() {
                    self.fields(bs, ns, out);
                } else if bs.is_tuple() && ns.is_tuple() && bs.entries.len() == ns.entries.len() {
                    for (be, ne) in bs.entries.iter().zip(&ns.entries) {
                        self.node(&be.value, &ne.value, out);
                    }
                } else {
                    self.replace(b, n, out);
                }
            }
            // `Some(x)` in the file, `x` in the new text (implicit_some).
            (Kind::Seq(bs), _) if bs.name.as_deref() == Some("Some") && bs.entries.len() == 1 => {
                self.node(&bs.entries[0].value, n, out);
            }
            _ => self.replace(b, n, out),
        }
    }

    /// Whether `b` already says what `n` says.
    fn same(&self, b: &Node, n: &Node) -> bool {
        let mut edits = Vec::new();
        self.node(b, n, &mut edits);
        edits.is_empty()
    }

    /// Replaces `b` whole: on one line if it was on one line (and stays short), else in the
    /// new text's layout.
    fn replace(&self, b: &Node, n: &Node, out: &mut Vec<Edit>) {
        let text = self.base.text;
        let one_line = !text.get(b.start..b.end).unwrap_or_default().contains('\n');
        let inline = self.inline(n);
        let width = b.start - line_start(text, b.start) + inline.len();
        let with = if one_line && width <= MAX_INLINE_WIDTH {
            inline
        } else {
            self.render(n, indent_at(text, b.start))
        };
        out.push(Edit::range(b.start, b.end, with));
    }

    /// The new text of `n` on one line: `Debt(rate: 0.06, tenor_years: 10.0)`.
    fn inline(&self, n: &Node) -> String {
        let Kind::Seq(s) = &n.kind else {
            return self
                .new
                .text
                .get(n.start..n.end)
                .unwrap_or_default()
                .to_owned();
        };
        let entries: Vec<String> = s
            .entries
            .iter()
            .map(|e| match &e.key {
                Some(k) => format!("{k}: {}", self.inline(&e.value)),
                None => self.inline(&e.value),
            })
            .collect();
        let (open, close) = if s.list { ("[", "]") } else { ("(", ")") };
        format!(
            "{}{open}{}{close}",
            s.name.as_deref().unwrap_or_default(),
            entries.join(", ")
        )
    }

    /// The new text of `n`, its lines after the first indented from `indent` in the file's
    /// indentation step.
    fn render(&self, n: &Node, indent: &str) -> String {
        let text = self.new.text.get(n.start..n.end).unwrap_or_default();
        let base = indent_at(self.new.text, n.start).len();
        let mut out = String::with_capacity(text.len());
        for (k, line) in text.split('\n').enumerate() {
            if k == 0 {
                out.push_str(line);
                continue;
            }
            out.push('\n');
            let body = line.trim_start_matches(' ');
            if body.is_empty() {
                continue;
            }
            let level = (line.len() - body.len()).saturating_sub(base) / 4;
            out.push_str(indent);
            for _ in 0..level {
                out.push_str(&self.unit);
            }
            out.push_str(body);
        }
        out
    }

    fn fields(&self, bs: &Seq, ns: &Seq, out: &mut Vec<Edit>) {
        for (i, be) in bs.entries.iter().enumerate() {
            let Some(key) = be.key.as_deref() else {
                continue;
            };
            match ns.field(key) {
                Some(ne) => self.node(&be.value, &ne.value, out),
                // Written out at its default, left out of the new text: the same value.
                None if is_default(&be.value.kind) => {}
                None => out.push(self.remove_field(bs, i)),
            }
        }
        let mut anchor = None;
        for ne in &ns.entries {
            match bs.entries.iter().position(|be| be.key == ne.key) {
                Some(i) => anchor = Some(i),
                None if self.omit_defaults && is_default(&ne.value.kind) => {}
                None => self.insert_field(bs, anchor, ne, out),
            }
        }
    }

    fn remove_field(&self, bs: &Seq, i: usize) -> Edit {
        let text = self.base.text;
        let e = &bs.entries[i];
        if self.base.entry_on_own_lines(e) {
            return Edit::range(line_start(text, e.start), line_end(text, e.end()), "");
        }
        if e.comma.is_some() {
            let end = e.end() + spaces_at(text, e.end());
            return Edit::range(e.start, end, "");
        }
        match i.checked_sub(1).map(|k| &bs.entries[k]) {
            // The last field: drop it and the comma before it.
            Some(prev) => Edit::range(prev.value.end, e.value.end, ""),
            None => Edit::range(e.start, e.value.end, ""),
        }
    }

    fn insert_field(&self, bs: &Seq, anchor: Option<usize>, ne: &Entry, out: &mut Vec<Edit>) {
        let text = self.base.text;
        let key = ne.key.as_deref().unwrap_or_default();
        let own_line =
            |indent: &str| format!("{indent}{key}: {},\n", self.render(&ne.value, indent));
        match anchor.map(|a| &bs.entries[a]) {
            // After a field that ends its line, in a struct laid out one field (or a few) to a
            // line: a line of its own.
            Some(ae)
                if self.base.rest_of_line_is_free(ae.end())
                    && self.base.rest_of_line_is_free(bs.open + 1) =>
            {
                if ae.comma.is_none() {
                    out.push(Edit::insert(ae.value.end, ","));
                }
                let indent = indent_at(text, ae.start);
                out.push(Edit::insert(line_end(text, ae.end()), own_line(indent)));
            }
            Some(ae) => {
                let value = self.inline(&ne.value);
                match ae.comma {
                    Some(c) => out.push(Edit::insert(c + 1, format!(" {key}: {value},"))),
                    None => out.push(Edit::insert(ae.value.end, format!(", {key}: {value}"))),
                }
            }
            None if self.base.rest_of_line_is_free(bs.open + 1) => {
                let indent = match bs.entries.first() {
                    Some(f) if self.base.first_on_line(f.start) => {
                        indent_at(text, f.start).to_owned()
                    }
                    _ => format!("{}{}", indent_at(text, bs.open), self.unit),
                };
                out.push(Edit::insert(line_end(text, bs.open), own_line(&indent)));
            }
            None => {
                let value = self.inline(&ne.value);
                let after = if bs.entries.is_empty() { "" } else { ", " };
                out.push(Edit::insert(bs.open + 1, format!("{key}: {value}{after}")));
            }
        }
    }

    fn list(&self, b: &Node, n: &Node, bs: &Seq, ns: &Seq, out: &mut Vec<Edit>) {
        if bs.entries.is_empty() {
            if !ns.entries.is_empty() {
                self.replace(b, n, out);
            }
            return;
        }
        let pairs = self.match_items(&bs.entries, &ns.entries);
        let matched: Vec<usize> = pairs.iter().flatten().copied().collect();
        let unchanged = matched.len() == bs.entries.len()
            && matched.len() == ns.entries.len()
            && matched.windows(2).all(|w| w[0] < w[1]);
        if unchanged {
            for (ne, i) in ns.entries.iter().zip(&matched) {
                self.node(&bs.entries[*i].value, &ne.value, out);
            }
            return;
        }
        self.rebuild(bs, ns, &pairs, out);
    }

    /// Rewrites a list whose elements were added, removed or reordered: matched elements keep
    /// their text (patched), new ones are written in the list's style.
    fn rebuild(&self, bs: &Seq, ns: &Seq, pairs: &[Option<usize>], out: &mut Vec<Edit>) {
        let text = self.base.text;
        let (bi, ni) = (&bs.entries, &ns.entries);
        let Some(last) = bi.last() else {
            return;
        };
        let multiline = self.base.rest_of_line_is_free(bs.open + 1)
            && bi.iter().all(|e| self.base.entry_on_own_lines(e));
        let patched = |i: usize, j: usize, start: usize, end: usize, comma: bool| {
            let mut edits = Vec::new();
            self.node(&bi[i].value, &ni[j].value, &mut edits);
            if comma && bi[i].comma.is_none() {
                edits.push(Edit::insert(bi[i].value.end, ","));
            }
            apply_within(text, start, end, edits)
        };
        if multiline {
            let first = line_end(text, bs.open);
            let region_end = line_end(text, last.end());
            if ni.is_empty() && self.base.comments_within(bs.open, bs.close).is_empty() {
                out.push(Edit::range(bs.open, bs.close + 1, "[]"));
                return;
            }
            // An element's lines run from the end of the previous element's line.
            let chunk = |i: usize| {
                let start = if i == 0 {
                    first
                } else {
                    line_end(text, bi[i - 1].end())
                };
                (start, line_end(text, bi[i].end()))
            };
            let indent = indent_at(text, bi[0].start);
            let mut s = String::new();
            for (j, pair) in pairs.iter().enumerate() {
                match pair {
                    Some(i) => {
                        let (start, end) = chunk(*i);
                        s.push_str(&patched(*i, j, start, end, true));
                    }
                    None => {
                        s.push_str(indent);
                        s.push_str(&self.render(&ni[j].value, indent));
                        s.push_str(",\n");
                    }
                }
            }
            out.push(Edit::range(first, region_end, s));
        } else {
            let sep = match bi.get(1) {
                Some(second) => text.get(bi[0].value.end..second.start).unwrap_or(", "),
                None => ", ",
            };
            let sep = if sep.contains('/') || sep.contains('\n') {
                ", "
            } else {
                sep
            };
            let items: Vec<String> = pairs
                .iter()
                .enumerate()
                .map(|(j, pair)| match pair {
                    Some(i) => patched(*i, j, bi[*i].value.start, bi[*i].value.end, false),
                    None => self.inline(&ni[j].value),
                })
                .collect();
            let end = if ni.is_empty() {
                last.end()
            } else {
                last.value.end
            };
            out.push(Edit::range(bi[0].start, end, items.join(sep)));
        }
    }

    /// For each new element, the old element it continues, if any.
    fn match_items<'a>(&'a self, bi: &'a [Entry], ni: &[Entry]) -> Vec<Option<usize>> {
        let mut pairs = vec![None; ni.len()];
        let renamed = |(field, key): (&str, &'a str)| -> &'a str {
            match self
                .renames
                .iter()
                .find(|(old, _)| field == "segment" && old == key)
            {
                Some((_, new)) => new.as_str(),
                None => key,
            }
        };
        let bk: Option<Vec<&str>> = bi
            .iter()
            .map(|e| key_field(&e.value).map(renamed))
            .collect();
        let nk: Option<Vec<&str>> = ni.iter().map(|e| key_of(&e.value)).collect();
        if let (Some(bk), Some(nk)) = (bk, nk) {
            // By key; among elements sharing a key, equal ones first, then in order.
            let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, k) in bk.iter().enumerate() {
                by_key.entry(k).or_default().push(i);
            }
            let mut used = vec![false; bi.len()];
            for exact in [true, false] {
                for (j, k) in nk.iter().enumerate() {
                    if pairs[j].is_some() {
                        continue;
                    }
                    let found = by_key.get(k).and_then(|same_key| {
                        same_key.iter().copied().find(|&i| {
                            !used[i] && (!exact || self.same(&bi[i].value, &ni[j].value))
                        })
                    });
                    if let Some(i) = found {
                        used[i] = true;
                        pairs[j] = Some(i);
                    }
                }
            }
            let free_b: Vec<usize> = (0..bi.len()).filter(|&i| !used[i]).collect();
            let free_n: Vec<usize> = (0..ni.len()).filter(|&j| pairs[j].is_none()).collect();
            // Renamed elements: the same element under a new name, mostly alike, or standing
            // between the same neighbours.
            self.pair_alike(bi, ni, &free_b, &free_n, &mut pairs, false);
            same_slot(bi.len(), &mut pairs);
            return pairs;
        }
        // Common ends, then the longest common subsequence of the middle.
        let mut lo = 0;
        while lo < bi.len() && lo < ni.len() && self.same(&bi[lo].value, &ni[lo].value) {
            pairs[lo] = Some(lo);
            lo += 1;
        }
        let mut tail = 0;
        while tail < bi.len() - lo
            && tail < ni.len() - lo
            && self.same(
                &bi[bi.len() - 1 - tail].value,
                &ni[ni.len() - 1 - tail].value,
            )
        {
            pairs[ni.len() - 1 - tail] = Some(bi.len() - 1 - tail);
            tail += 1;
        }
        let (bm, nm) = (lo..bi.len() - tail, lo..ni.len() - tail);
        let mut anchors = Vec::new();
        if bm.len() * nm.len() <= MAX_LCS_CELLS {
            anchors = self.lcs(bi, ni, bm.clone(), nm.clone());
        }
        for &(i, j) in &anchors {
            pairs[j] = Some(i);
        }
        // The gaps between anchors: changed elements.
        let mut bounds = vec![(bm.start, nm.start)];
        bounds.extend(anchors.iter().map(|&(i, j)| (i + 1, j + 1)));
        let ends: Vec<(usize, usize)> = anchors
            .iter()
            .copied()
            .chain(std::iter::once((bm.end, nm.end)))
            .collect();
        for (&(b0, n0), &(b1, n1)) in bounds.iter().zip(&ends) {
            let free_b: Vec<usize> = (b0..b1).collect();
            let free_n: Vec<usize> = (n0..n1).collect();
            self.pair_alike(bi, ni, &free_b, &free_n, &mut pairs, true);
        }
        pairs
    }

    /// Pairs unmatched elements that are mostly alike (at least half their fields); with
    /// `by_position`, those left over are paired in order when as many remain on each side.
    fn pair_alike(
        &self,
        bi: &[Entry],
        ni: &[Entry],
        free_b: &[usize],
        free_n: &[usize],
        pairs: &mut [Option<usize>],
        by_position: bool,
    ) {
        let mut taken = vec![false; free_b.len()];
        // Comparing every pair of a large change would take quadratic time: there, only pair
        // by position.
        let compare = free_b.len() * free_n.len() <= MAX_LCS_CELLS;
        for &j in free_n.iter().filter(|_| compare) {
            let best = free_b
                .iter()
                .enumerate()
                .filter(|(k, _)| !taken[*k])
                .map(|(k, &i)| (k, i, self.similarity(&bi[i].value, &ni[j].value)))
                .filter(|(_, _, s)| *s >= 0.5)
                .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)));
            if let Some((k, i, _)) = best {
                taken[k] = true;
                pairs[j] = Some(i);
            }
        }
        let left_b: Vec<usize> = (0..free_b.len())
            .filter(|k| !taken[*k])
            .map(|k| free_b[k])
            .collect();
        let left_n: Vec<usize> = free_n
            .iter()
            .copied()
            .filter(|&j| pairs[j].is_none())
            .collect();
        if by_position && left_b.len() == left_n.len() {
            for (i, j) in left_b.into_iter().zip(left_n) {
                pairs[j] = Some(i);
            }
        }
    }

    /// The share of `n`'s numbers, strings and names that `b` already has, looking into
    /// nested fields and lists (a renamed source with one point more is still mostly alike).
    fn similarity(&self, b: &Node, n: &Node) -> f64 {
        let (alike, total) = self.overlap(b, n);
        if total == 0 {
            0.0
        } else {
            alike as f64 / total as f64
        }
    }

    /// (leaves of `n` that `b` has alike, leaves of the larger of the two).
    fn overlap(&self, b: &Node, n: &Node) -> (usize, usize) {
        let total = leaves(b).max(leaves(n));
        let (Kind::Seq(bs), Kind::Seq(ns)) = (&b.kind, &n.kind) else {
            return (if self.same(b, n) { total } else { 0 }, total);
        };
        if bs.list != ns.list || bs.name != ns.name {
            return (0, total);
        }
        if !bs.list && bs.is_struct() && ns.is_struct() {
            let mut acc = (0, 0);
            for ne in &ns.entries {
                let (a, t) = match ne.key.as_deref().and_then(|k| bs.field(k)) {
                    Some(be) => self.overlap(&be.value, &ne.value),
                    None => (0, leaves(&ne.value)),
                };
                acc = (acc.0 + a, acc.1 + t);
            }
            let only_b = bs
                .entries
                .iter()
                .filter(|be| be.key.as_deref().is_none_or(|k| ns.field(k).is_none()));
            acc.1 += only_b.map(|be| leaves(&be.value)).sum::<usize>();
            return acc;
        }
        // Elements: each new one that the old sequence holds counts whole.
        let alike: usize = if bs.entries.len() * ns.entries.len() <= MAX_LCS_CELLS {
            ns.entries
                .iter()
                .filter(|ne| bs.entries.iter().any(|be| self.same(&be.value, &ne.value)))
                .map(|ne| leaves(&ne.value))
                .sum()
        } else {
            bs.entries
                .iter()
                .zip(&ns.entries)
                .map(|(be, ne)| self.overlap(&be.value, &ne.value).0)
                .sum()
        };
        (alike, total)
    }

    /// Index pairs of a longest common subsequence of equal elements.
    fn lcs(
        &self,
        bi: &[Entry],
        ni: &[Entry],
        bm: std::ops::Range<usize>,
        nm: std::ops::Range<usize>,
    ) -> Vec<(usize, usize)> {
        let (h, w) = (bm.len(), nm.len());
        let eq: Vec<bool> = bm
            .clone()
            .flat_map(|i| nm.clone().map(move |j| (i, j)))
            .map(|(i, j)| self.same(&bi[i].value, &ni[j].value))
            .collect();
        let mut len = vec![0usize; (h + 1) * (w + 1)];
        for a in (0..h).rev() {
            for c in (0..w).rev() {
                len[a * (w + 1) + c] = if eq[a * w + c] {
                    len[(a + 1) * (w + 1) + c + 1] + 1
                } else {
                    len[(a + 1) * (w + 1) + c].max(len[a * (w + 1) + c + 1])
                };
            }
        }
        let (mut a, mut c, mut out) = (0, 0, Vec::new());
        while a < h && c < w {
            if eq[a * w + c] {
                out.push((bm.start + a, nm.start + c));
                a += 1;
                c += 1;
            } else if len[(a + 1) * (w + 1) + c] >= len[a * (w + 1) + c + 1] {
                a += 1;
            } else {
                c += 1;
            }
        }
        out
    }
}

/// The name, path or segment that identifies a list element.
fn key_of(n: &Node) -> Option<&str> {
    key_field(n).map(|(_, v)| v)
}

/// [`key_of`], with the field it is in.
fn key_field(n: &Node) -> Option<(&'static str, &str)> {
    let Kind::Seq(s) = &n.kind else {
        return None;
    };
    KEY_FIELDS
        .iter()
        .find_map(|k| match &s.field(k)?.value.kind {
            Kind::Str(v) => Some((*k, v.as_str())),
            _ => None,
        })
}

impl Patcher<'_> {
    /// The segments of the root struct renamed from the old text to the new (matched as any
    /// list is), for [`Patcher::renames`].
    pub fn segment_renames(&self) -> Vec<(String, String)> {
        let list = |n: &Node| match &n.kind {
            Kind::Seq(root) => match &root.field("segments")?.value.kind {
                Kind::Seq(l) if l.list => Some(l.entries.clone()),
                _ => None,
            },
            _ => None,
        };
        let (Some(bi), Some(ni)) = (list(&self.base.root), list(&self.new.root)) else {
            return Vec::new();
        };
        let pairs = self.match_items(&bi, &ni);
        pairs
            .iter()
            .enumerate()
            .filter_map(|(j, i)| {
                let (old, new) = (key_of(&bi[(*i)?].value)?, key_of(&ni[j].value)?);
                (old != new).then(|| (old.to_owned(), new.to_owned()))
            })
            .collect()
    }
}

/// A value serde fills in when its field is left out: zero, empty, `None`, and the default
/// period and interpolation.
fn is_default(k: &Kind) -> bool {
    match k {
        Kind::Number(x) => *x == 0.0,
        Kind::Str(s) => s.is_empty(),
        Kind::Ident(s) => {
            s == "None"
                || s == Period::default().name()
                || *s == format!("{:?}", Interpolation::default())
        }
        Kind::Seq(s) => s.list && s.entries.is_empty(),
    }
}

/// Pairs each unmatched new element with the unmatched old one in the same place: after the
/// old element its predecessor continues (or both first), before the one its successor
/// continues (or both last).
fn same_slot(old_len: usize, pairs: &mut [Option<usize>]) {
    let n = pairs.len();
    let mut used = vec![false; old_len];
    for i in pairs.iter().flatten() {
        used[*i] = true;
    }
    for j in 0..n {
        if pairs[j].is_some() {
            continue;
        }
        let Some(i) = (match j.checked_sub(1) {
            None => Some(0),
            Some(p) => pairs[p].map(|i| i + 1),
        }) else {
            continue;
        };
        let next_fits = match pairs.get(j + 1) {
            None => i + 1 == old_len,
            Some(next) => *next == Some(i + 1),
        };
        if i < old_len && !used[i] && next_fits {
            used[i] = true;
            pairs[j] = Some(i);
        }
    }
}

/// How many numbers, strings and names a value holds (an empty one counts as one).
fn leaves(n: &Node) -> usize {
    match &n.kind {
        Kind::Seq(s) => s
            .entries
            .iter()
            .map(|e| leaves(&e.value))
            .sum::<usize>()
            .max(1),
        _ => 1,
    }
}

fn spaces_at(text: &str, at: usize) -> usize {
    text.get(at..)
        .map_or(0, |s| s.len() - s.trim_start_matches([' ', '\t']).len())
}
