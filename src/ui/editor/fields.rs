//! Field widgets shared by every section: labelled rows marked in place when their path has an
//! issue, number fields in their [`Unit`], text, pickers and optional values.
//!
//! [`field_ui`] is where every field of a row is drawn: framed in red when its path has an
//! issue, and — when the path names a number of the scenario — tinted when that number is
//! uncertain and given the "Make uncertain…" context menu ([`super::uncertain`]).
//!
//! Every input gets an accessible name: the visible label of its row (`labelled_by`), or an
//! explicit name where several rows share a label (curve fields, table rows).

use std::ops::RangeInclusive;

use egui::{
    Align, Color32, ComboBox, DragValue, Label, Layout, Response, RichText, Stroke, TextEdit, Ui,
    vec2,
};

use super::row::RowContext;
use super::uncertain::{menu_ui, tint_color};
pub use crate::format::units::{Unit, check_entry, param_unit, parse_number};
use crate::model::field_help;

/// Width of the label column: a share of the panel, so that narrow panels keep room for the
/// numbers and wide ones show whole labels.
fn label_width(ui: &Ui) -> f32 {
    (ui.available_width() * 0.36).clamp(80.0, 170.0)
}

/// A number field for `value` in `unit`; `range` (stored units) bounds what can be dragged,
/// but a value already outside it is left alone (validation reports it).
///
/// Typed text is never clamped: an entry outside `range` (or not a number) is kept as typed
/// in a red field with the reason, and `value` keeps its last valid number until the entry is
/// corrected (Enter or leaving the field) or dropped (Escape or ↺).
pub fn number_ui(
    ui: &mut Ui,
    value: &mut f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) -> Response {
    let (lo, hi) = (*range.start(), *range.end());
    // The id the drag value is about to get: the kept entry lives under it.
    let key = ui.next_auto_id().with("typed entry");
    if let Some(entry) = ui.data(|d| d.get_temp::<Entry>(key)) {
        return entry_ui(ui, key, entry, value, unit, (lo, hi));
    }
    if !value.is_finite() {
        // A DragValue cannot edit NaN (NaN ≠ NaN drops typed text every frame): offer a reset.
        ui.colored_label(ui.visuals().error_fg_color, format!("{value}"));
        let reset = 0.0_f64.max(lo).min(hi);
        let mut r = ui
            .button(format!("Set to {}", unit.show(reset)))
            .on_hover_text("This value is not a finite number");
        if r.clicked() {
            *value = reset;
            r.mark_changed();
        }
        return r;
    }
    let scale = unit.scale();
    let shown = *value * scale;
    let text = unit.format(shown);
    let exact = format!("{value}");
    let refused: std::cell::RefCell<Option<Entry>> = std::cell::RefCell::default();
    let drag = DragValue::from_get_set(|v| {
        // Writing back the value that is shown must not change it by a rounding error.
        if let Some(v) = v
            && v != *value * scale
        {
            *value = v / scale;
        }
        *value * scale
    })
    .speed(unit.speed(shown))
    .range(lo * scale..=hi * scale)
    .clamp_existing_to_range(false)
    .update_while_editing(false)
    .suffix(unit.suffix(shown))
    .custom_formatter(move |x, _| unit.format(x))
    // Committing the text as shown keeps the exact value (the text is rounded).
    .custom_parser(|s| {
        if s.trim() == text {
            return Some(shown);
        }
        match check_entry(s, unit, lo, hi) {
            Ok(v) => Some(v * scale),
            Err(reason) => {
                // Refused, not clamped: the entry stays on screen with its reason.
                *refused.borrow_mut() = Some(Entry {
                    text: s.to_owned(),
                    reason,
                });
                None
            }
        }
    });
    // egui's drag moves a tenth as fast with Shift held.
    let r = ui.add(drag).on_hover_text(format!(
        "{exact}\nDrag to change it (hold Shift for fine steps), or click to type a value"
    ));
    if let Some(entry) = refused.into_inner() {
        ui.data_mut(|d| d.insert_temp(key, entry));
        ui.ctx().request_repaint();
    }
    r
}

/// Text typed into a number field that could not be taken, and why.
#[derive(Clone, Debug)]
struct Entry {
    text: String,
    reason: String,
}

/// A kept entry: the text as typed in a red field, the reason beside it, and ↺ to drop it.
/// Committing a valid number sets `value` and ends the entry.
fn entry_ui(
    ui: &mut Ui,
    key: egui::Id,
    mut entry: Entry,
    value: &mut f64,
    unit: Unit<'_>,
    (lo, hi): (f64, f64),
) -> Response {
    let mut done = false;
    let inner = ui.scope(|ui| {
        let r = marked(ui, true, |ui| {
            ui.add(
                TextEdit::singleline(&mut entry.text)
                    .id(key.with("text"))
                    .desired_width(90.0),
            )
        });
        let hover = format!(
            "{}: {}. The scenario keeps {} until this is corrected; Escape or ↺ drops the entry.",
            entry.text.trim(),
            entry.reason,
            unit.show(*value)
        );
        let mut r = r.on_hover_text(hover.clone());
        let revert = ui
            .small_button("↺")
            .on_hover_text(format!("Drop the entry and keep {}", unit.show(*value)));
        // The reason fits what is left of the row; the whole of it on hover.
        ui.add(
            Label::new(RichText::new(&entry.reason).color(ui.visuals().error_fg_color)).truncate(),
        )
        .on_hover_text(hover);
        if revert.clicked()
            || ((r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Escape)))
        {
            done = true;
        } else if r.lost_focus() && !ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            match check_entry(&entry.text, unit, lo, hi) {
                Ok(v) => {
                    *value = v;
                    r.mark_changed();
                    done = true;
                }
                Err(reason) => entry.reason = reason,
            }
        }
        r
    });
    if done {
        ui.data_mut(|d| d.remove::<Entry>(key));
    } else {
        ui.data_mut(|d| d.insert_temp(key, entry));
    }
    inner.inner
}

/// An `i32` year field (horizon and KPI years).
pub fn year_ui(ui: &mut Ui, year: &mut i32) -> Response {
    ui.add(
        DragValue::new(year)
            .range(1900..=2300)
            .clamp_existing_to_range(false)
            .update_while_editing(false)
            .speed(0.1),
    )
}

/// The label column of a row; its tooltip says what the field at `path` means, the rule that
/// uses it ([`field_help`]) and the path (what `buildout set` and `--set` take).
fn label_cell(ui: &mut Ui, label: &str, path: &str) -> Response {
    let (w, h) = (label_width(ui), ui.spacing().interact_size.y);
    let r = ui
        .allocate_ui_with_layout(vec2(w, h), Layout::left_to_right(Align::Center), |ui| {
            ui.set_min_width(w);
            ui.add(Label::new(label).truncate().sense(egui::Sense::hover()))
        })
        .inner;
    // Looked up only while hovered: every row draws a label every frame.
    r.on_hover_ui(|ui| {
        match field_help(path) {
            Some(help) => ui.label(format!("{label}: {help}\n{path}")),
            None => ui.label(path),
        };
    })
}

/// Runs `add` with a red stroke and background on its widgets when `bad`.
pub fn marked<R>(ui: &mut Ui, bad: bool, add: impl FnOnce(&mut Ui) -> R) -> R {
    if bad {
        let err = ui.visuals().error_fg_color;
        framed(ui, err, 1.5, add)
    } else {
        add(ui)
    }
}

/// Runs `add` with a `width` stroke of `color` and a faint `color` background on its widgets.
fn framed<R>(ui: &mut Ui, color: Color32, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.scope(|ui| {
        let fill = color.linear_multiply(0.18);
        let v = ui.visuals_mut();
        v.text_edit_bg_color = Some(fill);
        for w in [
            &mut v.widgets.inactive,
            &mut v.widgets.hovered,
            &mut v.widgets.active,
            &mut v.widgets.open,
        ] {
            w.bg_stroke = Stroke::new(width, color);
            w.weak_bg_fill = fill;
            w.bg_fill = fill;
        }
        add(ui)
    })
    .inner
}

/// The field of `path`: framed in red when it has an issue, else tinted when it is an
/// uncertain number; a number of the scenario gets the uncertainty context menu and, when
/// uncertain, a `~` badge after it.
pub fn field_ui(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    let bad = cx.has(path);
    let uncertain = cx.uncertain().filter(|u| u.is_number(path));
    let tinted = uncertain.is_some_and(|u| u.driver(path).is_some());
    let r = if bad {
        marked(ui, true, add)
    } else if tinted {
        let color = tint_color(ui);
        framed(ui, color, 1.0, add)
    } else {
        add(ui)
    };
    if let Some(u) = uncertain {
        menu_ui(ui, u, path, &r);
    }
    r
}

/// `label | widget` on one line, the widget named by the label (or by `name` when given) and
/// marked when `path` has an issue; the issue messages follow on their own lines.
pub fn row_with(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    name: Option<&str>,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    let r = ui
        .horizontal(|ui| {
            let l = label_cell(ui, label, path);
            let r = field_ui(ui, cx, path, add);
            match name {
                Some(name) => r.accessible_name(name),
                None => r.labelled_by(l.id),
            }
        })
        .inner;
    cx.show_at(ui, path);
    r
}

/// `label | widget`, named by its label. See [`row_with`].
pub fn row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    row_with(ui, cx, path, label, None, add)
}

/// A number row. See [`number_ui`].
pub fn number_row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    value: &mut f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) -> Response {
    row(ui, cx, path, label, |ui| number_ui(ui, value, unit, range))
}

/// A one-line text row.
pub fn text_row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    text: &mut String,
    hint: &str,
) -> Response {
    row(ui, cx, path, label, |ui| {
        ui.add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
    })
}

/// A multi-line notes field under its label, with the rows of `SOURCES.md` it cites below it.
pub fn notes_row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    text: &mut String,
) -> Response {
    let l = ui.label(label);
    let r = ui
        .add(
            TextEdit::multiline(text)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Where the figures come from"),
        )
        .labelled_by(l.id);
    cx.show_at(ui, path);
    super::citations::cited_rows_ui(ui, text);
    r
}

/// A picker among `options` (value, label).
pub fn combo_row<T: PartialEq + Clone>(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    label: &str,
    current: &mut T,
    options: &[(T, &str)],
) -> Response {
    row(ui, cx, path, label, |ui| {
        combo_ui(ui, (path, label), current, options)
    })
}

/// A picker among `options` (value, label), without a row.
pub fn combo_ui<T: PartialEq + Clone>(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: &mut T,
    options: &[(T, &str)],
) -> Response {
    let selected = options
        .iter()
        .find(|(v, _)| v == current)
        .map_or("—", |(_, l)| *l);
    let mut changed = false;
    let mut r = ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            for (v, l) in options {
                if ui.selectable_label(v == current, *l).clicked() && v != current {
                    *current = v.clone();
                    changed = true;
                }
            }
        })
        .response;
    if changed {
        r.mark_changed();
    }
    r
}

/// The checkbox that switches an optional field on and off.
#[derive(Clone, Copy)]
pub struct Toggle<'a> {
    pub label: &'a str,
    /// Hover text: what the field means.
    pub hint: &'a str,
}

/// An optional number: a checkbox in the label column and the number when on; the number is
/// named by the checkbox.
#[expect(
    clippy::too_many_arguments,
    reason = "a row's place, switch, value and number format, each used once"
)]
pub fn optional_number_row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    path: &str,
    toggle: Toggle<'_>,
    value: &mut Option<f64>,
    default: f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) {
    ui.horizontal(|ui| {
        let mut on = value.is_some();
        let (w, h) = (label_width(ui), ui.spacing().interact_size.y);
        let check = ui
            .allocate_ui_with_layout(vec2(w, h), Layout::left_to_right(Align::Center), |ui| {
                ui.set_min_width(w);
                ui.checkbox(&mut on, toggle.label)
                    .on_hover_text(toggle.hint)
            })
            .inner;
        cx.toggle_number(path, value, on, || default);
        if let Some(v) = value {
            field_ui(ui, cx, path, |ui| number_ui(ui, v, unit, range)).labelled_by(check.id);
        } else {
            ui.weak("none");
        }
    });
    cx.show_at(ui, path);
}
