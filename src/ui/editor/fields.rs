//! Field widgets shared by every section: labelled rows marked in place when their path has an
//! issue, number fields that show their unit and read what people type (`$28B`, `2.8e10`,
//! `12.5 %`), names that are committed on Enter, pickers and optional values.
//!
//! Every input gets an accessible name: the visible label of its row (`labelled_by`), or an
//! explicit name where several rows share a label (curve fields, table rows).

use std::collections::HashMap;
use std::ops::RangeInclusive;

use egui::{
    Align, ComboBox, DragValue, Id, Key, Label, Layout, Response, Stroke, TextEdit, Ui, vec2,
};

use super::issues::{Issues, message_ui};
use crate::format;
use crate::model::RenameError;

/// Width of the label column.
pub const LABEL_WIDTH: f32 = 128.0;

/// How a number is shown, read and dragged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit<'s> {
    /// Dollars (`$28.0B`); the text follows the amount, e.g. `"/yr"` or `" per MW"`.
    Usd(&'s str),
    /// A fraction shown as a percentage; the text follows the `%`, e.g. `"/yr"`.
    Percent(&'s str),
    /// A duration in years.
    Years,
    /// A calendar year (fractions allowed: 2030.5 is mid-2030).
    Year,
    /// A quantity in the given unit (`400k wafers/month`).
    Amount(&'s str),
}

impl Unit<'_> {
    /// Display units per stored unit.
    fn scale(self) -> f64 {
        match self {
            Self::Percent(_) => 100.0,
            _ => 1.0,
        }
    }

    /// The text after a number of `shown` display units.
    pub fn suffix(self, shown: f64) -> String {
        match self {
            Self::Usd(s) => s.to_owned(),
            Self::Percent(s) => format!(" %{s}"),
            Self::Years if shown == 1.0 => " year".to_owned(),
            Self::Years => " years".to_owned(),
            Self::Year => String::new(),
            Self::Amount("") => String::new(),
            Self::Amount(u) => format!(" {u}"),
        }
    }

    /// The number (in display units) as shown.
    pub fn format(self, shown: f64) -> String {
        match self {
            Self::Usd(_) => format::usd(shown),
            Self::Amount(_) => amount(shown),
            Self::Percent(_) | Self::Years | Self::Year => trimmed(shown, 2),
        }
    }

    /// A stored value as text with its unit, e.g. for summaries: `$28.0B/yr`, `12.5 %`.
    pub fn show(self, value: f64) -> String {
        let shown = value * self.scale();
        format!("{}{}", self.format(shown), self.suffix(shown))
    }

    /// The unit on its own, for headers: `USD/yr`, `%`, `GW per year`.
    pub fn name(self) -> String {
        match self {
            Self::Usd(s) => format!("USD{s}"),
            Self::Percent(s) => format!("%{s}"),
            Self::Years => "years".to_owned(),
            Self::Year => "year".to_owned(),
            Self::Amount(u) => u.to_owned(),
        }
    }

    /// Drag speed (display units per point) for a value of `shown` display units: money and
    /// quantities move by 0.5 % of their size per point, so large and small numbers both drag
    /// comfortably.
    fn speed(self, shown: f64) -> f64 {
        let s = match self {
            Self::Usd(_) => (shown.abs() * 0.005).max(1_000.0),
            Self::Amount(_) => (shown.abs() * 0.005).max(0.001),
            Self::Percent(_) => 0.1,
            Self::Years | Self::Year => 0.05,
        };
        if s.is_finite() && s > 0.0 { s } else { 1.0 }
    }
}

/// A quantity: `3.40k` from a thousand up (see [`format::quantity`]), four significant digits
/// below (`0.0022`, `2.25`), scientific notation for the very small.
fn amount(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() || a >= 999.5 {
        format::quantity(x)
    } else if a == 0.0 {
        "0".to_owned()
    } else if a >= 1e-4 {
        // 1e-4 ≤ a < 1000, so the exponent is in −4..=2.
        let decimals = (3 - a.log10().floor() as i64).clamp(0, 8) as usize;
        trimmed(x, decimals)
    } else {
        format!("{x:.2e}")
    }
}

/// `x` with at most `decimals` decimals and no trailing zeros.
fn trimmed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// Reads a number as people write it: `28B`, `$2.8e10`, `1,200`, `950k`, `12.5%`, `3 years`.
/// Scale suffixes: k = 10³, M/m/mn = 10⁶, B/G/bn = 10⁹, T = 10¹², P = 10¹⁵. Only finite
/// numbers are accepted.
pub fn parse_number(text: &str) -> Option<f64> {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '_' | '$'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect::<String>()
        .to_ascii_lowercase();
    for unit in ["years", "year", "yrs", "yr", "/yr", "%"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.to_owned();
            break;
        }
    }
    let scales = [
        ("bn", 1e9),
        ("mn", 1e6),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
        ("g", 1e9),
        ("t", 1e12),
        ("p", 1e15),
    ];
    let (num, mult) = scales
        .iter()
        .find_map(|&(s, m)| t.strip_suffix(s).map(|n| (n, m)))
        .unwrap_or((t.as_str(), 1.0));
    num.parse::<f64>()
        .ok()
        .map(|x| x * mult)
        .filter(|x| x.is_finite())
}

/// A number field for `value` in `unit`; `range` (stored units) bounds what can be typed or
/// dragged, but a value already outside it is left alone (validation reports it).
pub fn number_ui(
    ui: &mut Ui,
    value: &mut f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) -> Response {
    let (lo, hi) = (*range.start(), *range.end());
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
    .custom_parser(move |s| {
        if s.trim() == text {
            Some(shown)
        } else {
            parse_number(s)
        }
    });
    ui.add(drag).on_hover_text(exact)
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

/// The label column of a row.
fn label_cell(ui: &mut Ui, label: &str) -> Response {
    let h = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        vec2(LABEL_WIDTH, h),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(LABEL_WIDTH);
            ui.add(Label::new(label).truncate())
        },
    )
    .inner
}

/// Runs `add` with a red stroke and background on its widgets when `bad`.
pub fn marked<R>(ui: &mut Ui, bad: bool, add: impl FnOnce(&mut Ui) -> R) -> R {
    if !bad {
        return add(ui);
    }
    ui.scope(|ui| {
        let err = ui.visuals().error_fg_color;
        let fill = err.linear_multiply(0.18);
        let v = ui.visuals_mut();
        v.text_edit_bg_color = Some(fill);
        for w in [
            &mut v.widgets.inactive,
            &mut v.widgets.hovered,
            &mut v.widgets.active,
            &mut v.widgets.open,
        ] {
            w.bg_stroke = Stroke::new(1.5, err);
            w.weak_bg_fill = fill;
            w.bg_fill = fill;
        }
        add(ui)
    })
    .inner
}

/// `label | widget` on one line, the widget named by the label (or by `name` when given) and
/// marked when `path` has an issue; the issue messages follow on their own lines.
pub fn row_with(
    ui: &mut Ui,
    issues: &Issues<'_>,
    path: &str,
    label: &str,
    name: Option<&str>,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    let bad = issues.has(path);
    let r = ui
        .horizontal(|ui| {
            let l = label_cell(ui, label);
            let r = marked(ui, bad, add);
            match name {
                Some(name) => r.accessible_name(name),
                None => r.labelled_by(l.id),
            }
        })
        .inner;
    issues.show_at(ui, path);
    r
}

/// `label | widget`, named by its label. See [`row_with`].
pub fn row(
    ui: &mut Ui,
    issues: &Issues<'_>,
    path: &str,
    label: &str,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    row_with(ui, issues, path, label, None, add)
}

/// A number row. See [`number_ui`].
pub fn number_row(
    ui: &mut Ui,
    issues: &Issues<'_>,
    path: &str,
    label: &str,
    value: &mut f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) -> Response {
    row(ui, issues, path, label, |ui| {
        number_ui(ui, value, unit, range)
    })
}

/// A one-line text row.
pub fn text_row(
    ui: &mut Ui,
    issues: &Issues<'_>,
    path: &str,
    label: &str,
    text: &mut String,
    hint: &str,
) -> Response {
    row(ui, issues, path, label, |ui| {
        ui.add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
    })
}

/// A multi-line notes field under its label (notes are kept when the window saves).
pub fn notes_row(
    ui: &mut Ui,
    issues: &Issues<'_>,
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
    issues.show_at(ui, path);
    r
}

/// A picker among `options` (value, label).
pub fn combo_row<T: PartialEq + Clone>(
    ui: &mut Ui,
    issues: &Issues<'_>,
    path: &str,
    label: &str,
    current: &mut T,
    options: &[(T, &str)],
) -> Response {
    row(ui, issues, path, label, |ui| {
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
    issues: &Issues<'_>,
    stash: &mut Stash<f64>,
    path: &str,
    toggle: Toggle<'_>,
    value: &mut Option<f64>,
    default: f64,
    unit: Unit<'_>,
    range: RangeInclusive<f64>,
) {
    let bad = issues.has(path);
    ui.horizontal(|ui| {
        let mut on = value.is_some();
        let h = ui.spacing().interact_size.y;
        let check = ui
            .allocate_ui_with_layout(
                vec2(LABEL_WIDTH, h),
                Layout::left_to_right(Align::Center),
                |ui| {
                    ui.set_min_width(LABEL_WIDTH);
                    ui.checkbox(&mut on, toggle.label)
                        .on_hover_text(toggle.hint)
                },
            )
            .inner;
        stash.toggle(path, value, on, || default);
        if let Some(v) = value {
            marked(ui, bad, |ui| number_ui(ui, v, unit, range)).labelled_by(check.id);
        } else {
            ui.weak("none");
        }
    });
    issues.show_at(ui, path);
}

/// The pending text of a name field and the last refused rename (view state).
#[derive(Default)]
pub struct NameEdits {
    editing: Option<(Id, String)>,
    refused: Option<(Id, String)>,
}

/// A name that others refer to: edited as text and applied by `rename` only when committed
/// (Enter, leaving the field, or a value set by assistive technology), so that references
/// never pass through a half-typed name. Escape drops the edit. A refused rename says why.
#[expect(
    clippy::too_many_arguments,
    reason = "a row's place and label, the name and how to apply it, each used once"
)]
pub fn name_row(
    ui: &mut Ui,
    issues: &Issues<'_>,
    edits: &mut NameEdits,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    path: &str,
    label: &str,
    current: &str,
    rename: impl FnOnce(&str) -> Result<(), RenameError>,
) {
    let id = ui.make_persistent_id(id_salt);
    let mut text = match &edits.editing {
        Some((e, t)) if *e == id => t.clone(),
        _ => current.to_owned(),
    };
    let r = row(ui, issues, path, label, |ui| {
        ui.add(
            TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(f32::INFINITY),
        )
        .on_hover_text("Press Enter to rename; references follow the new name")
    });
    if r.changed() {
        edits.editing = Some((id, text.clone()));
    }
    let escape = ui.input(|i| i.key_pressed(Key::Escape));
    let commit = (r.lost_focus() && !escape) || (r.changed() && !r.has_focus());
    if r.lost_focus() && escape && edits.editing.as_ref().is_some_and(|(e, _)| *e == id) {
        edits.editing = None;
    }
    if commit {
        if edits.editing.as_ref().is_some_and(|(e, _)| *e == id) {
            edits.editing = None;
        }
        edits.refused = match rename(&text) {
            Ok(()) => None,
            Err(e) => Some((id, format!("Not renamed: {e}"))),
        };
    }
    if let Some((e, msg)) = &edits.refused
        && *e == id
    {
        message_ui(ui, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_write_them() {
        assert_eq!(parse_number("28B"), Some(28e9));
        assert_eq!(parse_number("$2.8e10"), Some(2.8e10));
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number(" 950 k "), Some(950e3));
        assert_eq!(parse_number("1.5T"), Some(1.5e12));
        assert_eq!(parse_number("12.5 %"), Some(12.5));
        assert_eq!(parse_number("3 years"), Some(3.0));
        assert_eq!(parse_number("−4"), Some(-4.0));
        assert_eq!(parse_number("7bn"), Some(7e9));
        assert_eq!(parse_number("nan"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1e999"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn numbers_show_with_their_unit() {
        assert_eq!(Unit::Usd("/yr").show(2.8e10), "$28.0B/yr");
        assert_eq!(Unit::Percent("").show(0.125), "12.5 %");
        assert_eq!(Unit::Percent("/yr").show(0.4), "40 %/yr");
        assert_eq!(Unit::Years.show(2.5), "2.5 years");
        assert_eq!(Unit::Year.show(2030.0), "2030");
        assert_eq!(Unit::Amount("GW").show(3400.0), "3.40k GW");
        assert_eq!(Unit::Amount("MW").show(0.0022), "0.0022 MW");
        assert_eq!(Unit::Amount("").show(2.25), "2.25");
        assert_eq!(Unit::Amount("").show(123.456), "123.5");
        assert_eq!(Unit::Amount("").show(0.0), "0");
        assert_eq!(Unit::Amount("").show(1.5e-7), "1.50e-7");
        assert_eq!(Unit::Years.show(1.0), "1 year");
        assert_eq!(Unit::Usd("").speed(f64::NAN), 1_000.0);
        assert_eq!(Unit::Amount("").speed(f64::INFINITY), 1.0);
        assert_eq!(Unit::Usd("").speed(1e12), 5e9);
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
}
