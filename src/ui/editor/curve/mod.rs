//! The curve editor, used for every curve of a scenario: its kind (switching converts the
//! curve, see [`Curve::converted`]), its numbers, for `Points` a table of (year, value) rows, and
//! a small plot ([`plot`]) in which points can be dragged; `table` holds the points' rows.
//!
//! Several curves are on screen at once, so every input of a curve is named after the curve's
//! title: `Inflow value`, `Inflow growth rate`, `Inflow point 2 year`, `Remove Inflow point 2`.

use std::collections::HashSet;
use std::ops::RangeInclusive;

use egui::{Frame, Ui};

pub mod plot;
mod table;

use super::fields::{Toggle, Unit, combo_ui, number_ui, row_with};
use super::icons::{Icon, icon_toggle};
use super::row::Stash;
use super::row::{RowContext, header_text};
use crate::model::{Curve, CurveKind, Horizon};
use plot::{PointDrag, curve_plot_ui};
use table::points_ui;

/// What a curve is and how its values read.
#[derive(Clone, Copy)]
pub struct CurveSpec<'s> {
    /// Path of the curve, e.g. `funding[Bonds].inflow_usd_per_year` (issues, view state).
    pub path: &'s str,
    /// Shown above the curve and prefixed to the names of its inputs, e.g. `Inflow`.
    pub title: &'s str,
    pub unit: Unit<'s>,
    /// The values that can be typed or dragged (stored units).
    pub range: (f64, f64),
    pub horizon: Horizon,
}

impl<'s> CurveSpec<'s> {
    /// A curve of dollars per year, from 0 to 1e16.
    pub fn usd_per_year(path: &'s str, title: &'s str, horizon: Horizon) -> Self {
        Self {
            path,
            title,
            unit: Unit::Usd("/yr"),
            range: (0.0, 1e16),
            horizon,
        }
    }
}

impl CurveSpec<'_> {
    /// The values that can be typed or dragged.
    pub fn range(&self) -> RangeInclusive<f64> {
        self.range.0..=self.range.1
    }

    /// Path of one of the curve's fields.
    pub fn sub(&self, field: &str) -> String {
        format!("{}.{field}", self.path)
    }

    /// Accessible name of one of the curve's inputs.
    pub fn name(&self, field: &str) -> String {
        format!("{} {field}", self.title)
    }

    /// First and last simulated year.
    pub fn span(&self) -> (f64, f64) {
        (
            f64::from(self.horizon.start_year),
            f64::from(self.horizon.end_year),
        )
    }
}

/// View state of the curve editors: which tables and plots are hidden, the point being dragged,
/// optional curves switched off.
#[derive(Default)]
pub struct CurveViews {
    hidden_tables: HashSet<String>,
    hidden_plots: HashSet<String>,
    pub(super) drag: Option<PointDrag>,
    pub(super) stash: Stash<Curve>,
}

fn toggle_set(set: &mut HashSet<String>, key: &str, shown: bool) {
    if shown {
        set.remove(key);
    } else {
        set.insert(key.to_owned());
    }
}

/// Edits `curve` in a framed box.
pub fn curve_ui(
    ui: &mut Ui,
    views: &mut CurveViews,
    cx: &RowContext<'_>,
    curve: &mut Curve,
    spec: CurveSpec<'_>,
) {
    let mut frame = Frame::group(ui.style());
    if cx.has(spec.path) {
        // An issue on the curve as a whole (its range, its points' order) frames it in red.
        frame = frame.stroke(egui::Stroke::new(1.5, ui.visuals().error_fg_color));
    }
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        header_ui(ui, views, cx, curve, spec);
        cx.show_at(ui, spec.path);
        match curve {
            Curve::Constant(v) => {
                number_field(ui, cx, spec, "value", "Value", "value", v, spec.unit);
            }
            Curve::Growth {
                start_year,
                start_value,
                rate_per_year,
            } => {
                let year = Unit::Year;
                number_field(
                    ui,
                    cx,
                    spec,
                    "start_year",
                    "From year",
                    "start year",
                    start_year,
                    year,
                );
                number_field(
                    ui,
                    cx,
                    spec,
                    "start_value",
                    "Value then",
                    "start value",
                    start_value,
                    spec.unit,
                );
                let r = row_with(
                    ui,
                    cx,
                    &spec.sub("rate_per_year"),
                    "Growth",
                    Some(&spec.name("growth rate")),
                    |ui| number_ui(ui, rate_per_year, Unit::Percent("/yr"), -1.0..=10.0),
                );
                r.on_hover_text("Compound growth per year; negative for decline");
            }
            Curve::Points { .. } => {
                let table = !views.hidden_tables.contains(spec.path);
                points_ui(ui, cx, curve, spec, table);
            }
            Curve::Logistic {
                floor,
                ceiling,
                midpoint_year,
                steepness_per_year,
            } => {
                number_field(ui, cx, spec, "floor", "From", "floor", floor, spec.unit);
                number_field(ui, cx, spec, "ceiling", "To", "ceiling", ceiling, spec.unit);
                number_field(
                    ui,
                    cx,
                    spec,
                    "midpoint_year",
                    "Half way in",
                    "midpoint year",
                    midpoint_year,
                    Unit::Year,
                );
                row_with(
                    ui,
                    cx,
                    &spec.sub("steepness_per_year"),
                    "Steepness",
                    Some(&spec.name("steepness")),
                    |ui| number_ui(ui, steepness_per_year, Unit::Amount("/yr"), 0.0..=20.0),
                )
                .on_hover_text("How fast it turns: about 4.4 / steepness years from 10 % to 90 %");
            }
        }
        if !views.hidden_plots.contains(spec.path) {
            curve_plot_ui(ui, &mut views.drag, curve, &spec);
        }
    });
}

/// A number of the curve, labelled `label`, named `{title} {name}`.
#[expect(
    clippy::too_many_arguments,
    reason = "private helper: field, label, name and unit of one number"
)]
fn number_field(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    spec: CurveSpec<'_>,
    field: &str,
    label: &str,
    name: &str,
    value: &mut f64,
    unit: Unit<'_>,
) {
    let range = if unit == Unit::Year {
        1900.0..=2300.0
    } else {
        spec.range()
    };
    row_with(
        ui,
        cx,
        &spec.sub(field),
        label,
        Some(&spec.name(name)),
        |ui| number_ui(ui, value, unit, range),
    );
}

/// Title, unit, kind picker and view toggles.
fn header_ui(
    ui: &mut Ui,
    views: &mut CurveViews,
    cx: &RowContext<'_>,
    curve: &mut Curve,
    spec: CurveSpec<'_>,
) {
    ui.horizontal_wrapped(|ui| {
        let count = cx.count_under(&[spec.path]);
        ui.label(header_text(ui, spec.title, count).strong());
        let unit = spec.unit.name();
        if !unit.trim().is_empty() {
            ui.weak(format!("({})", unit.trim()));
        }
        let mut kind = curve.kind();
        let options: Vec<(CurveKind, &str)> =
            CurveKind::ALL.iter().map(|k| (*k, k.name())).collect();
        let r = combo_ui(ui, (spec.path, "kind"), &mut kind, &options)
            .accessible_name(spec.name("kind"))
            .on_hover_text(
                "Constant, compound growth, points (drag them in the plot) or an S-curve; \
                 switching keeps the curve's shape over the horizon as well as it can",
            );
        if r.changed() {
            let (t0, t1) = spec.span();
            *curve = curve.converted(kind, t0, t1);
        }
        let mut plot = !views.hidden_plots.contains(spec.path);
        if icon_toggle(
            ui,
            &mut plot,
            Icon::Plot,
            &spec.name("plot toggle"),
            "Show or hide the plot",
        )
        .changed()
        {
            toggle_set(&mut views.hidden_plots, spec.path, plot);
        }
        if curve.kind() == CurveKind::Points {
            let mut table = !views.hidden_tables.contains(spec.path);
            if icon_toggle(
                ui,
                &mut table,
                Icon::Table,
                &spec.name("table toggle"),
                "Show or hide the table of points",
            )
            .changed()
            {
                toggle_set(&mut views.hidden_tables, spec.path, table);
            }
        }
    });
}

/// A curve that may be absent: a checkbox and the curve when on.
/// Switching it off puts the curve aside for this session; switching it on brings it back (or
/// `default`).
pub fn optional_curve_ui(
    ui: &mut Ui,
    views: &mut CurveViews,
    cx: &RowContext<'_>,
    curve: &mut Option<Curve>,
    toggle: Toggle<'_>,
    default: impl FnOnce() -> Curve,
    spec: CurveSpec<'_>,
) {
    let mut on = curve.is_some();
    let count = cx.count_under(&[spec.path]);
    let text = header_text(ui, toggle.label, if on { 0 } else { count });
    ui.checkbox(&mut on, text).on_hover_text(toggle.hint);
    views.stash.toggle(spec.path, curve, on, default);
    if let Some(c) = curve {
        curve_ui(ui, views, cx, c, spec);
    }
}

/// A short summary of a curve over the horizon: `$10.0B/yr`, `40 % to 60 %`.
pub fn summary(curve: &Curve, unit: Unit<'_>, horizon: &Horizon) -> String {
    let (t0, t1) = (f64::from(horizon.start_year), f64::from(horizon.end_year));
    let (a, b) = (curve.value_at(t0), curve.value_at(t1));
    if a == b || (a.is_nan() && b.is_nan()) {
        unit.show(a)
    } else {
        format!("{} to {}", unit.show(a), unit.show(b))
    }
}
