//! The `Points` part of the curve editor: interpolation, a check that the points are in year
//! order, and the table of (year, value) rows with remove and insert-after buttons. Long tables
//! scroll on their own. Inputs are named `{curve} point {n} year` / `value`.

use egui::{ScrollArea, Ui};

use super::super::fields::{Unit, combo_ui, field_ui, number_ui, row_with};
use super::super::icons::{Icon, icon_button};
use super::super::row::RowContext;
use super::CurveSpec;
use crate::model::{Curve, Interpolation};

/// Interpolation, the order check and the table of points.
pub fn points_ui(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    curve: &mut Curve,
    spec: CurveSpec<'_>,
    show_table: bool,
) {
    if let Curve::Points { interpolation, .. } = curve {
        let options = [
            (Interpolation::Linear, "Linear"),
            (Interpolation::Step, "Steps"),
        ];
        row_with(
            ui,
            cx,
            &spec.sub("interpolation"),
            "Between points",
            Some(&spec.name("interpolation")),
            |ui| combo_ui(ui, (spec.path, "interpolation"), interpolation, &options),
        )
        .on_hover_text(
            "Linear joins points with lines; steps hold each value until the next point",
        );
    }
    if !curve.points_sorted() {
        ui.horizontal(|ui| {
            ui.colored_label(ui.visuals().error_fg_color, "Points are not in year order.");
            if ui.button("Sort by year").clicked() {
                curve.sort_points();
            }
        });
    }
    if !show_table {
        return;
    }
    let n = curve.points().map_or(0, <[_]>::len);
    let mut action = None;
    if n <= TABLE_ROWS {
        for i in 0..n {
            action = point_row_ui(ui, cx, curve, spec, i).or(action);
            cx.show_at(ui, &point_path(spec, i, "year"));
            cx.show_at(ui, &point_path(spec, i, "value"));
        }
    } else {
        // Long tables scroll on their own and lay out only the rows in view.
        let row_height = ui.spacing().interact_size.y;
        let height = (row_height + ui.spacing().item_spacing.y) * TABLE_ROWS as f32;
        ScrollArea::vertical()
            .id_salt((spec.path, "points"))
            .max_height(height)
            .show_rows(ui, row_height, n, |ui, rows| {
                for i in rows {
                    action = point_row_ui(ui, cx, curve, spec, i).or(action);
                }
            });
        for i in 0..n {
            cx.show_at(ui, &point_path(spec, i, "year"));
            cx.show_at(ui, &point_path(spec, i, "value"));
        }
    }
    let (insert_after, remove) = match action {
        Some(RowAction::InsertAfter(i)) => (Some(i), None),
        Some(RowAction::Remove(i)) => (None, Some(i)),
        None => (None, None),
    };
    if let Some(i) = insert_after {
        curve.insert_point_after(i);
    }
    if let Some(i) = remove {
        curve.remove_point(i);
    }
    if n == 0
        && ui
            .button(format!("Add a point to {}", spec.title))
            .clicked()
    {
        let (t0, _) = spec.span();
        curve.insert_point(t0, 0.0_f64.max(spec.range.0));
    }
}

/// Rows shown at once in a table of points; longer tables scroll.
const TABLE_ROWS: usize = 12;

/// What a row of the table of points asked for.
#[derive(Clone, Copy)]
enum RowAction {
    InsertAfter(usize),
    Remove(usize),
}

fn point_path(spec: CurveSpec<'_>, i: usize, field: &str) -> String {
    spec.sub(&format!("points[{i}].{field}"))
}

/// Row `i` of the table: number, year, value, remove and insert-after buttons.
fn point_row_ui(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    curve: &mut Curve,
    spec: CurveSpec<'_>,
    i: usize,
) -> Option<RowAction> {
    let (lo, hi) = curve.point_year_bounds(i);
    let year_path = point_path(spec, i, "year");
    let value_path = point_path(spec, i, "value");
    let Curve::Points { points, .. } = curve else {
        return None;
    };
    let n = points.len();
    let p = points.get_mut(i)?;
    let label = format!("point {}", i + 1);
    let mut action = None;
    ui.horizontal(|ui| {
        ui.weak(format!("{:>2}", i + 1));
        let years = lo.max(1900.0)..=hi.min(2300.0);
        field_ui(ui, cx, &year_path, |ui| {
            number_ui(ui, &mut p.year, Unit::Year, years)
        })
        .accessible_name(spec.name(&format!("{label} year")));
        field_ui(ui, cx, &value_path, |ui| {
            number_ui(ui, &mut p.value, spec.unit, spec.range())
        })
        .accessible_name(spec.name(&format!("{label} value")));
        if icon_button(
            ui,
            n > 1,
            Icon::Remove,
            &format!("Remove {}", spec.name(&label)),
            "Remove this point (a curve keeps at least one)",
        ) {
            action = Some(RowAction::Remove(i));
        }
        if icon_button(
            ui,
            true,
            Icon::Add,
            &format!("Add a point after {}", spec.name(&label)),
            "Insert a point half way to the next one (or a year after the last)",
        ) {
            action = Some(RowAction::InsertAfter(i));
        }
    });
    action
}
