//! List items: a header row per element (click to open or close its fields, a warning sign and
//! the count of its issues) with move up / move down / duplicate / remove buttons, and what those buttons do to a
//! plain list and to the selection.
//!
//! Buttons are named after their element (`Remove segment Fabs`, `Move segment Fabs up`) so
//! that each can be found by name.

use egui::{Align, Layout, Ui};

use super::icons::{Icon, disclosure_icon, icon_button};
use super::row::{count_ui, error_color};

/// What a list button asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAction {
    Up(usize),
    Down(usize),
    Duplicate(usize),
    Remove(usize),
}

impl ListAction {
    /// Follows the action with a selected index (the open item of an accordion).
    pub fn update_selection(self, selected: &mut Option<usize>) {
        let Some(s) = *selected else {
            if let Self::Duplicate(i) = self {
                *selected = Some(i + 1);
            }
            return;
        };
        *selected = match self {
            Self::Up(i) if s == i && i > 0 => Some(i - 1),
            Self::Up(i) if i > 0 && s == i - 1 => Some(i),
            Self::Down(i) if s == i => Some(i + 1),
            Self::Down(i) if s == i + 1 => Some(i),
            Self::Duplicate(i) => Some(i + 1),
            Self::Remove(i) if s == i => None,
            Self::Remove(i) if s > i => Some(s - 1),
            _ => Some(s),
        };
    }

    /// Applies the action to a list whose elements nothing else refers to.
    pub fn apply<T: Clone>(self, list: &mut Vec<T>) {
        match self {
            Self::Up(i) => {
                crate::model::move_up(list, i);
            }
            Self::Down(i) => {
                crate::model::move_down(list, i);
            }
            Self::Duplicate(i) => {
                if let Some(x) = list.get(i).cloned() {
                    list.insert(i + 1, x);
                }
            }
            Self::Remove(i) => {
                if i < list.len() {
                    list.remove(i);
                }
            }
        }
    }

    /// Applies the action to a list with one element per segment (shares, limits): a
    /// duplicate goes to `free`, the first segment without one, as `retarget` makes it, and
    /// does nothing when every segment has one. Updates the selection.
    pub fn apply_per_segment<T: Clone>(
        self,
        list: &mut Vec<T>,
        free: Option<&str>,
        selected: &mut Option<usize>,
        retarget: impl Fn(&T, &str) -> T,
    ) {
        match (self, free) {
            (Self::Duplicate(i), Some(f)) => {
                if let Some(x) = list.get(i) {
                    let copy = retarget(x, f);
                    list.insert(i + 1, copy);
                }
            }
            (Self::Duplicate(_), None) => {}
            _ => self.apply(list),
        }
        self.update_selection(selected);
    }
}

/// How one element's buttons read.
pub struct ItemButtons<'a> {
    /// What the element is called in button names, e.g. `segment Fabs` (`Remove segment Fabs`).
    pub name: &'a str,
    pub index: usize,
    pub len: usize,
    /// Hover text of the remove button (say what else goes with it).
    pub remove_hint: String,
    /// Hover text of the duplicate button; `None` disables it (with `no_duplicate` as reason).
    pub duplicate_hint: Option<String>,
    pub no_duplicate: &'a str,
}

/// The up / down / duplicate / remove buttons of one element, right-aligned.
pub fn item_buttons_ui(ui: &mut Ui, b: &ItemButtons<'_>) -> Option<ListAction> {
    let mut action = None;
    let (i, name) = (b.index, b.name);
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        if icon_button(
            ui,
            true,
            Icon::Remove,
            &format!("Remove {name}"),
            &b.remove_hint,
        ) {
            action = Some(ListAction::Remove(i));
        }
        let dup_hint = b.duplicate_hint.as_deref().unwrap_or(b.no_duplicate);
        if icon_button(
            ui,
            b.duplicate_hint.is_some(),
            Icon::Copy,
            &format!("Duplicate {name}"),
            dup_hint,
        ) {
            action = Some(ListAction::Duplicate(i));
        }
        if icon_button(
            ui,
            i + 1 < b.len,
            Icon::Down,
            &format!("Move {name} down"),
            "Move down the list",
        ) {
            action = Some(ListAction::Down(i));
        }
        if icon_button(
            ui,
            i > 0,
            Icon::Up,
            &format!("Move {name} up"),
            "Move up the list",
        ) {
            action = Some(ListAction::Up(i));
        }
    });
    action
}

/// The header row of one element of an accordion list: a toggle that opens its fields (only
/// one element of a list is open at a time) showing `title` and its issue count, and its
/// buttons. The toggle is named `toggle_name`, e.g. `Segment Fabs`.
pub fn item_header_ui(
    ui: &mut Ui,
    selected: &mut Option<usize>,
    title: &str,
    toggle_name: &str,
    issue_count: usize,
    b: &ItemButtons<'_>,
) -> Option<ListAction> {
    let open = *selected == Some(b.index);
    ui.horizontal(|ui| {
        disclosure_icon(ui, open);
        let title = if title.is_empty() { "(unnamed)" } else { title };
        let mut text = egui::RichText::new(title);
        if issue_count > 0 {
            text = text.color(error_color(ui));
        }
        let r = ui
            .selectable_label(open, text)
            .accessible_name(toggle_name)
            .on_hover_text(if open {
                "Close"
            } else {
                "Open to edit its fields"
            });
        if r.clicked() {
            *selected = if open { None } else { Some(b.index) };
        }
        count_ui(ui, issue_count);
        item_buttons_ui(ui, b)
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_follows_the_element() {
        let mut sel = Some(2);
        ListAction::Up(2).update_selection(&mut sel);
        assert_eq!(sel, Some(1));
        ListAction::Down(0).update_selection(&mut sel);
        assert_eq!(sel, Some(0));
        ListAction::Remove(3).update_selection(&mut sel);
        assert_eq!(sel, Some(0));
        ListAction::Remove(0).update_selection(&mut sel);
        assert_eq!(sel, None);
        ListAction::Duplicate(4).update_selection(&mut sel);
        assert_eq!(sel, Some(5));
        ListAction::Remove(1).update_selection(&mut sel);
        assert_eq!(sel, Some(4));
    }

    #[test]
    fn plain_lists_move_copy_and_remove() {
        let mut v = vec!['a', 'b', 'c'];
        ListAction::Down(0).apply(&mut v);
        ListAction::Duplicate(2).apply(&mut v);
        ListAction::Remove(0).apply(&mut v);
        ListAction::Remove(9).apply(&mut v);
        assert_eq!(v, ['a', 'c', 'c']);
    }
}
