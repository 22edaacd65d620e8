//! The small plot under each curve: the curve over the horizon and, for `Points`, its points,
//! which can be dragged with the mouse (a point keeps between its neighbours, so the points stay
//! in year order) or added by double-clicking. The bounds are fixed while a point is dragged so
//! that the plot does not run away under the pointer.
//!
//! The plot is named `{title} plot` for assistive technology and tests; [`plot_bounds`] gives
//! the area it shows, so a test can aim at a point.

use egui::accesskit::Role;
use egui::{CursorIcon, Pos2, Ui, WidgetInfo};
use egui_plot::{GridInput, GridMark, HoverPosition, Line, Plot, PlotBounds, PlotPoint, Points};

use super::CurveSpec;
use crate::model::{Curve, Horizon};

/// Height of a curve plot, in points.
pub const PLOT_HEIGHT: f32 = 110.0;
/// How close (in points) the pointer must be to a point to grab it.
const GRAB_RADIUS: f32 = 12.0;

/// A point being dragged, and the plot area frozen at the start of the drag.
#[derive(Clone, Debug, PartialEq)]
pub struct PointDrag {
    pub path: String,
    pub index: usize,
    pub bounds: Bounds,
}

/// `([x_min, x_max], [y_min, y_max])` in years and stored units.
pub type Bounds = ([f64; 2], [f64; 2]);

/// The area a curve's plot shows: the horizon (and every point) across, zero and the curve's
/// range up, with a small margin.
pub fn plot_bounds(curve: &Curve, horizon: &Horizon) -> Bounds {
    let mut x0 = f64::from(horizon.start_year);
    let mut x1 = f64::from(horizon.end_year) + 1.0;
    let (mut lo, mut hi) = curve.range_over(x0, x1);
    for p in curve.points().unwrap_or_default() {
        if p.year.is_finite() {
            x0 = x0.min(p.year);
            x1 = x1.max(p.year);
        }
        lo = lo.min(p.value);
        hi = hi.max(p.value);
    }
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(0.0), hi.max(0.0))
    } else {
        (0.0, 1.0)
    };
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let pad_x = (x1 - x0) * 0.03;
    (
        [x0 - pad_x, x1 + pad_x],
        [lo - span * 0.08, lo + span * 1.08],
    )
}

/// Where a point dragged to `pointer` (plot coordinates) goes: the year to whole months, the
/// value to about three significant digits of the plot's height `y_span`, within `range`.
pub fn drag_target(pointer: PlotPoint, y_span: f64, range: (f64, f64)) -> (f64, f64) {
    let year = (pointer.x * 12.0).round() / 12.0;
    let step = if y_span.is_finite() && y_span > 0.0 {
        10f64.powf(y_span.log10().floor() - 2.0)
    } else {
        1.0
    };
    let value = ((pointer.y / step).round() * step)
        .max(range.0)
        .min(range.1);
    (year, value)
}

/// Index of the point nearest to `pos` within `radius`, if any.
pub fn nearest_point(screen: impl Iterator<Item = Pos2>, pos: Pos2, radius: f32) -> Option<usize> {
    screen
        .enumerate()
        .map(|(i, p)| (i, p.distance(pos)))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Grid lines at 1, 2 or 5 × 10ⁿ, about three labelled ones across the plot (egui_plot's
/// default powers of ten leave a small plot with a single label), with faint lines between.
pub fn nice_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / 3.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let minor = step / 5.0;
    let first = (lo / minor).ceil() as i64;
    let last = (hi / minor).floor() as i64;
    if last < first || last - first > 1000 {
        return Vec::new();
    }
    (first..=last)
        .map(|k| {
            let value = k as f64 * minor;
            let major = k % 5 == 0;
            GridMark {
                value,
                step_size: if major { step } else { minor },
            }
        })
        .collect()
}

/// Samples the curve across the plot (with the exact points of a `Points` curve).
fn sampled(curve: &Curve, x: [f64; 2]) -> Vec<[f64; 2]> {
    const N: usize = 160;
    let mut out: Vec<[f64; 2]> = (0..=N)
        .map(|k| x[0] + (x[1] - x[0]) * k as f64 / N as f64)
        .chain(curve.points().unwrap_or_default().iter().map(|p| p.year))
        .filter(|t| t.is_finite())
        .map(|t| [t, curve.value_at(t)])
        .filter(|p| p[1].is_finite())
        .collect();
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    out
}

/// The plot of `curve`; drags its points when it is a `Points` curve.
pub fn curve_plot_ui(
    ui: &mut Ui,
    drag: &mut Option<PointDrag>,
    curve: &mut Curve,
    spec: &CurveSpec<'_>,
) {
    let mine = drag.as_ref().filter(|d| d.path == spec.path);
    let (bx, by) = mine.map_or_else(|| plot_bounds(curve, &spec.horizon), |d| d.bounds);
    let dragged = mine.map(|d| d.index);
    let unit = spec.unit;
    let points: Vec<[f64; 2]> = curve
        .points()
        .unwrap_or_default()
        .iter()
        .map(|p| [p.year, p.value])
        .collect();
    let editable = curve.points().is_some();
    let line = sampled(curve, bx);
    let accent = ui.visuals().selection.bg_fill;
    let ink = ui.visuals().strong_text_color();
    let resp = Plot::new(("curve plot", spec.path))
        .height(PLOT_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_background(true)
        .x_grid_spacer(nice_grid)
        .y_grid_spacer(nice_grid)
        .x_axis_formatter(|m, _| format!("{:.0}", m.value))
        .y_axis_formatter(move |m, _| unit.format(m.value * unit.scale()))
        .label_formatter(move |hp| {
            let p = match hp {
                HoverPosition::NearDataPoint { position, .. }
                | HoverPosition::Elsewhere { position } => position,
            };
            Some(format!("{:.2}: {}", p.x, unit.show(p.y)))
        })
        .show(ui, |pui| {
            pui.set_plot_bounds(PlotBounds::from_min_max([bx[0], by[0]], [bx[1], by[1]]));
            pui.line(Line::new(spec.title, line).color(accent).width(2.0));
            if editable {
                pui.points(
                    Points::new(format!("{} points", spec.title), points.clone())
                        .radius(4.0)
                        .color(ink)
                        .filled(true),
                );
            }
            if let Some(p) = dragged.and_then(|i| points.get(i)) {
                pui.points(
                    Points::new("dragged", vec![*p])
                        .radius(7.0)
                        .color(accent)
                        .filled(false),
                );
            }
        });
    let r = resp.response;
    let title = spec.title;
    r.widget_info(|| WidgetInfo::labeled(Role::Figure, true, format!("{title} plot")));
    if !editable {
        return;
    }
    let tf = resp.transform;
    let screen = || {
        points
            .iter()
            .map(|p| tf.position_from_point(&PlotPoint::new(p[0], p[1])))
    };
    if let Some(pos) = r.hover_pos()
        && nearest_point(screen(), pos, GRAB_RADIUS).is_some()
    {
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    if r.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        && let Some(index) = nearest_point(screen(), origin, GRAB_RADIUS)
    {
        *drag = Some(PointDrag {
            path: spec.path.to_owned(),
            index,
            bounds: (bx, by),
        });
    }
    if let Some(d) = drag.as_ref().filter(|d| d.path == spec.path) {
        if r.dragged()
            && let Some(pos) = ui.input(|i| i.pointer.latest_pos())
        {
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            let (year, value) = drag_target(tf.value_from_position(pos), by[1] - by[0], spec.range);
            curve.move_point(d.index, year, value);
        }
        if r.drag_stopped() || !r.dragged() {
            *drag = None;
        }
    } else if r.double_clicked()
        && let Some(pos) = r.interact_pointer_pos()
    {
        let (year, value) = drag_target(tf.value_from_position(pos), by[1] - by[0], spec.range);
        curve.insert_point(year, value);
    }
    r.on_hover_text("Drag a point to move it; double-click to add one");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn horizon() -> Horizon {
        Horizon {
            start_year: 2025,
            end_year: 2034,
            period: Period::Year,
        }
    }

    #[test]
    fn the_plot_shows_the_horizon_zero_and_every_point() {
        let c = Curve::linear(&[(2020.0, 10.0), (2030.0, 50.0)]);
        let (x, y) = plot_bounds(&c, &horizon());
        assert!(x[0] < 2020.0 && x[1] > 2035.0);
        assert!(y[0] < 0.0 && y[1] > 50.0);
        let (_, y) = plot_bounds(&Curve::Constant(f64::NAN), &horizon());
        assert!(y[0].is_finite() && y[1] > y[0]);
        let (_, y) = plot_bounds(&Curve::Constant(0.0), &horizon());
        assert!(y[1] > y[0]);
    }

    #[test]
    fn a_dragged_point_snaps_to_months_and_round_values() {
        let (y, v) = drag_target(PlotPoint::new(2027.04, 123.456), 200.0, (0.0, 1e9));
        assert_eq!(y, 2027.0);
        assert_eq!(v, 123.0);
        let (_, v) = drag_target(PlotPoint::new(2027.0, -5.0), 200.0, (0.0, 1e9));
        assert_eq!(v, 0.0);
        let (_, v) = drag_target(PlotPoint::new(2027.0, 0.5234), 1.2, (0.0, 1.0));
        assert!((v - 0.52).abs() < 1e-12);
    }

    #[test]
    fn grid_lines_fall_on_round_numbers() {
        let marks = nice_grid(GridInput {
            bounds: (2024.6, 2036.4),
            base_step_size: 0.1,
        });
        let major: Vec<f64> = marks
            .iter()
            .filter(|m| m.step_size == 5.0)
            .map(|m| m.value)
            .collect();
        assert_eq!(major, [2025.0, 2030.0, 2035.0]);
        assert!(
            nice_grid(GridInput {
                bounds: (0.0, f64::NAN),
                base_step_size: 0.1
            })
            .is_empty()
        );
    }

    #[test]
    fn the_nearest_point_within_reach_is_grabbed() {
        let pts = [
            Pos2::new(0.0, 0.0),
            Pos2::new(10.0, 0.0),
            Pos2::new(50.0, 0.0),
        ];
        assert_eq!(
            nearest_point(pts.into_iter(), Pos2::new(8.0, 1.0), 12.0),
            Some(1)
        );
        assert_eq!(
            nearest_point(pts.into_iter(), Pos2::new(30.0, 0.0), 12.0),
            None
        );
    }

    #[test]
    fn dragging_moves_a_point_and_keeps_year_order() {
        let mut c = Curve::linear(&[(2025.0, 1.0), (2028.0, 2.0), (2031.0, 3.0)]);
        let (year, value) = drag_target(PlotPoint::new(2035.3, 7.77), 10.0, (0.0, 100.0));
        assert!(c.move_point(1, year, value));
        assert_eq!(c.points().unwrap()[1].year, 2031.0);
        assert!((c.points().unwrap()[1].value - 7.8).abs() < 1e-12);
        assert!(c.points_sorted());
    }
}
