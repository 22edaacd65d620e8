//! The row context: what every row of the editor reads and keeps in one frame, passed to every
//! row as one value ([`RowContext`]):
//!
//! - the current [`Issue`]s by path, remembering which ones the editor has put on screen this
//!   frame, so that none is ever hidden. A field shows the issues whose path is exactly its own;
//!   a section or list item shows the issues on itself and counts (a warning sign and n)
//!   everything below it. What was shown nowhere is listed at the end of the editor;
//! - the frame's [`Uncertain`] numbers, so that every row that marks its issues also marks (and
//!   offers to change) the number's uncertainty;
//! - the numbers put aside when an optional number is switched off ([`Stash`]), restored when it
//!   is switched on again.
//!
//! Also here: how issues are drawn (messages, counts, header colours).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use egui::{Color32, Label, RichText, Ui};

use super::icons::warning_icon;
use super::uncertain::Uncertain;
use crate::model::Issue;

/// What the editor's rows share in one frame: its issues by path, its uncertain numbers and
/// the numbers put aside by optional rows.
pub struct RowContext<'a> {
    list: &'a [Issue],
    shown: Vec<Cell<bool>>,
    uncertain: Option<&'a Uncertain>,
    numbers: RefCell<Stash<f64>>,
}

/// Values put aside when an optional field is switched off, restored when it is switched on
/// again (view state, keyed by path).
pub struct Stash<T>(HashMap<String, T>);

impl<T> Default for Stash<T> {
    fn default() -> Self {
        Self(HashMap::new())
    }
}

impl<T: Clone> Stash<T> {
    pub fn put(&mut self, key: &str, value: T) {
        self.0.insert(key.to_owned(), value);
    }

    pub fn take(&mut self, key: &str) -> Option<T> {
        self.0.remove(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Toggles `value` between `Some` and `None` by `on`, stashing or restoring it.
    pub fn toggle(
        &mut self,
        key: &str,
        value: &mut Option<T>,
        on: bool,
        default: impl FnOnce() -> T,
    ) {
        match (on, value.is_some()) {
            (true, false) => *value = Some(self.0.remove(key).unwrap_or_else(default)),
            (false, true) => {
                if let Some(v) = value.take() {
                    self.0.insert(key.to_owned(), v);
                }
            }
            _ => {}
        }
    }
}

/// Whether `path` is `prefix` or lies below it (`prefix.x`, `prefix[x]`).
pub fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

impl<'a> RowContext<'a> {
    pub fn new(list: &'a [Issue]) -> Self {
        Self {
            list,
            shown: list.iter().map(|_| Cell::new(false)).collect(),
            uncertain: None,
            numbers: RefCell::default(),
        }
    }

    /// The same, with the numbers put aside in earlier frames (see [`Self::into_numbers`]).
    pub fn with_numbers(mut self, numbers: Stash<f64>) -> Self {
        self.numbers = RefCell::new(numbers);
        self
    }

    /// The numbers put aside, to keep for the next frame.
    pub fn into_numbers(self) -> Stash<f64> {
        self.numbers.into_inner()
    }

    /// Switches the optional number at `path` on or off, putting it aside or restoring it.
    pub fn toggle_number(
        &self,
        path: &str,
        value: &mut Option<f64>,
        on: bool,
        default: impl FnOnce() -> f64,
    ) {
        self.numbers.borrow_mut().toggle(path, value, on, default);
    }

    /// The same, with the uncertain numbers that number rows mark and edit.
    pub fn with_uncertain(mut self, uncertain: &'a Uncertain) -> Self {
        self.uncertain = Some(uncertain);
        self
    }

    /// The frame's uncertain numbers, if the rows offer them.
    pub fn uncertain(&self) -> Option<&'a Uncertain> {
        self.uncertain
    }

    fn paths(&self) -> impl Iterator<Item = &'a str> {
        self.list.iter().map(|i| i.path.as_str())
    }

    /// How many issues there are in all.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Messages of the issues at exactly `path`; marks them shown.
    pub fn at(&self, path: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for (k, p) in self.paths().enumerate() {
            if p == path {
                self.shown[k].set(true);
                out.push(self.list[k].message.as_str());
            }
        }
        out
    }

    /// Whether there is an issue at exactly `path` (without marking it shown).
    pub fn has(&self, path: &str) -> bool {
        self.paths().any(|p| p == path)
    }

    /// How many issues lie at or below any of `prefixes`.
    pub fn count_under(&self, prefixes: &[&str]) -> usize {
        self.paths()
            .filter(|p| prefixes.iter().any(|pre| is_under(p, pre)))
            .count()
    }

    /// Marks every issue at or below `prefixes` as shown (their count is on screen).
    pub fn mark_under(&self, prefixes: &[&str]) {
        for (k, p) in self.paths().enumerate() {
            if prefixes.iter().any(|pre| is_under(p, pre)) {
                self.shown[k].set(true);
            }
        }
    }

    /// The issues not shown anywhere yet.
    pub fn unshown(&self) -> impl Iterator<Item = &'a Issue> + '_ {
        self.list
            .iter()
            .zip(&self.shown)
            .filter(|(_, s)| !s.get())
            .map(|(i, _)| i)
    }

    /// Shows the issues at exactly `path` as error lines; returns whether there were any.
    pub fn show_at(&self, ui: &mut Ui, path: &str) -> bool {
        let messages = self.at(path);
        for m in &messages {
            message_ui(ui, m);
        }
        !messages.is_empty()
    }
}

/// One issue message: a warning sign and the message in the error colour, wrapped.
pub fn message_ui(ui: &mut Ui, message: &str) {
    let color = ui.visuals().error_fg_color;
    ui.horizontal_top(|ui| {
        warning_icon(ui);
        ui.add(Label::new(RichText::new(message).color(color)).wrap());
    });
}

/// `1 problem`, `2 problems`.
pub fn problems(count: usize) -> String {
    if count == 1 {
        "1 problem".to_owned()
    } else {
        format!("{count} problems")
    }
}

/// A warning sign and the count, when there are issues below a header; returns the accessible
/// suffix for the header (`, 2 problems`) or `""`.
pub fn count_ui(ui: &mut Ui, count: usize) -> String {
    if count == 0 {
        return String::new();
    }
    let r = warning_icon(ui);
    let text = ui.colored_label(error_color(ui), count.to_string());
    let label = problems(count);
    r.union(text)
        .on_hover_text(format!("{label} below; open to see where"));
    format!(", {label}")
}

/// A header text, in the error colour when something below it has issues.
pub fn header_text(ui: &Ui, title: &str, count: usize) -> RichText {
    let text = RichText::new(title);
    if count > 0 {
        text.color(error_color(ui))
    } else {
        text
    }
}

pub fn error_color(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(path: &str) -> Issue {
        Issue {
            path: path.into(),
            message: format!("bad {path}"),
        }
    }

    #[test]
    fn paths_match_whole_elements() {
        assert!(is_under("segments[Fabs].lead_time_years", "segments[Fabs]"));
        assert!(is_under("segments[Fabs]", "segments[Fabs]"));
        assert!(is_under("segments[Fabs]", "segments"));
        assert!(!is_under("segments[Fabsy].x", "segments[Fabs]"));
        assert!(!is_under("segmentsx", "segments"));
    }

    #[test]
    fn issues_are_counted_and_tracked() {
        let list = [
            issue("segments[Fabs].lead_time_years"),
            issue("allocation[Fabs].share.value"),
            issue("allocation"),
            issue("kpi_years"),
        ];
        let ix = RowContext::new(&list);
        assert_eq!(ix.count_under(&["segments", "allocation"]), 3);
        assert_eq!(
            ix.at("segments[Fabs].lead_time_years"),
            ["bad segments[Fabs].lead_time_years"]
        );
        assert!(ix.has("allocation[Fabs].share.value"));
        ix.mark_under(&["allocation"]);
        let rest: Vec<_> = ix.unshown().map(|i| i.path.as_str()).collect();
        assert_eq!(rest, ["kpi_years"]);
    }
    #[test]
    fn the_stash_restores_what_was_switched_off() {
        let mut stash = Stash::default();
        let mut v = Some(5.0);
        stash.toggle("a", &mut v, false, || 1.0);
        assert_eq!(v, None);
        stash.toggle("a", &mut v, true, || 1.0);
        assert_eq!(v, Some(5.0));
        let mut w = None;
        stash.toggle("b", &mut w, true, || 1.0);
        assert_eq!(w, Some(1.0));
    }

    #[test]
    fn the_row_context_keeps_the_numbers_put_aside_across_frames() {
        let mut stash = Stash::default();
        stash.put("b", 7.0);
        let cx = RowContext::new(&[]).with_numbers(stash);
        let mut v = Some(5.0);
        cx.toggle_number("a", &mut v, false, || 1.0);
        assert_eq!(v, None);
        let mut w = None;
        cx.toggle_number("b", &mut w, true, || 1.0);
        assert_eq!(w, Some(7.0), "restored from an earlier frame");
        // The next frame's context gets what this one put aside.
        let next = RowContext::new(&[]).with_numbers(cx.into_numbers());
        next.toggle_number("a", &mut v, true, || 1.0);
        assert_eq!(v, Some(5.0));
    }
}
