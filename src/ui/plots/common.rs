//! What the plot tabs share: the time axis (years, linked across every tab), tick formatters
//! in readable units, the hover read-out's period lookup, and small layout helpers.

use std::ops::RangeInclusive;

use egui::{Color32, Id, RichText, Stroke, TextStyle, Ui};
use egui_plot::{
    AxisHints, ColorConflictHandling, Corner, GridInput, GridMark, HPlacement, HoverPosition,
    Legend, Line, Plot, PlotPoints, PlotUi, Span, uniform_grid_spacer,
};

use super::series::{period_at, year_at};
use crate::engine::Outcome;
use crate::format::{percent_tick, quantity_tick, usd_tick};

/// Width reserved for the left y axis' tick labels, the same on every plot so that plots
/// stacked in one tab share their x positions.
pub const Y_AXIS_WIDTH: f32 = 64.0;

/// The link group of every time plot: x range and cursor are shared across plots and tabs.
pub fn time_link() -> Id {
    Id::unique("buildout-plots-time")
}

/// Where this frame's marked year lives for the time plots ([`set_focus`], [`mark_focus`]):
/// in the frame's memory, so that a tab's plot closures need not carry it.
fn focus_id() -> Id {
    Id::unique("buildout-plots-focus")
}

/// Marks `year` (or nothing) on this frame's time plots.
pub fn set_focus(ctx: &egui::Context, year: Option<i32>) {
    ctx.data_mut(|d| {
        if let Some(y) = year {
            d.insert_temp(focus_id(), y);
        } else {
            d.remove::<i32>(focus_id());
        }
    });
}

/// The year marked on this frame's time plots, if any.
fn focus(ctx: &egui::Context) -> Option<i32> {
    ctx.data(|d| d.get_temp::<i32>(focus_id()))
}

/// Draws the marked calendar year, if any, as a band from its start to its end in the warning
/// colour. Unnamed, so that it stays out of the legend; what it marks is said above the plots.
pub fn mark_focus(plot_ui: &mut PlotUi<'_>) {
    let Some(year) = focus(plot_ui.ctx()) else {
        return;
    };
    let warn = plot_ui.ctx().global_style().visuals.warn_fg_color;
    plot_ui.span(
        Span::new("", f64::from(year)..=f64::from(year + 1))
            .fill(warn.gamma_multiply(0.12))
            .border(Stroke::new(1.0, warn)),
    );
}

/// A plot over time in years with the given y axes, linked with the other time plots.
/// Drag pans, Ctrl + wheel zooms, double-click resets; the plain wheel is left alone so that a
/// plot inside a scrolling list does not catch it.
pub fn time_plot<'a>(
    o: &Outcome,
    id_salt: impl egui::AsIdSalt,
    y_axes: Vec<AxisHints<'a>>,
) -> Plot<'a> {
    time_plot_without_zero(o, id_salt, y_axes).include_y(0.0)
}

/// [`time_plot`] without zero forced into the y range (for log scales).
///
/// Every time plot spans the whole horizon, whatever its items: plots stacked in a tab then
/// start and end at the same x (auto-bounds are computed per plot, even when linked).
pub fn time_plot_without_zero<'a>(
    o: &Outcome,
    id_salt: impl egui::AsIdSalt,
    y_axes: Vec<AxisHints<'a>>,
) -> Plot<'a> {
    let start = o.time.first().copied().unwrap_or_default();
    let end = o.time.last().map_or(start, |t| t + dt_years(o));
    Plot::new(id_salt)
        .link_axis(time_link(), [true, false])
        .link_cursor(time_link(), [true, false])
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(year_tick)
                .label_spacing(36.0..=48.0),
        ])
        .x_grid_spacer(uniform_grid_spacer(year_steps))
        .y_grid_spacer(uniform_grid_spacer(value_steps))
        .custom_y_axes(y_axes)
        .allow_scroll(false)
        .include_x(start)
        .include_x(end)
}

/// A line through `points`, drawn point by point: egui_plot would otherwise merge points that
/// share a pixel column into a band, which turns every step of a step outline into a ribbon.
pub fn plot_line<'a>(name: impl Into<String>, points: impl Into<PlotPoints<'a>>) -> Line<'a> {
    Line::new(name, points).allow_band(false)
}

/// The left y axis of a plot with format `y`.
pub fn y_axis<'a>(y: YFormat, label: impl Into<egui::WidgetText>) -> AxisHints<'a> {
    AxisHints::new_y()
        .formatter(move |mark, range| y.tick(mark, range))
        .label(label)
        .min_thickness(Y_AXIS_WIDTH)
        .label_spacing(Y_LABEL_SPACING)
}

/// Tick labels on y show for marks at least this far apart (points): the middle step of
/// [`value_steps`], not the fine one.
const Y_LABEL_SPACING: std::ops::RangeInclusive<f32> = 28.0..=36.0;

/// A right-hand y axis showing `value / scale` in format `y` (for a series drawn scaled into
/// the left axis' range), its tick labels in `color`.
pub fn right_axis<'a>(
    y: YFormat,
    scale: f64,
    label: impl Into<egui::WidgetText>,
    color: Color32,
) -> AxisHints<'a> {
    AxisHints::new_y()
        .formatter(move |mark, range| {
            y.tick(
                GridMark {
                    value: mark.value / scale,
                    step_size: mark.step_size / scale,
                },
                &(range.start() / scale..=range.end() / scale),
            )
        })
        .label(label)
        .min_thickness(Y_AXIS_WIDTH)
        .placement(HPlacement::Right)
        .tick_label_color(color)
        .label_spacing(Y_LABEL_SPACING)
}

/// The default legend of the plot tabs: in the given corner, in the order items were added.
/// A filled area and the line along its top share a name (one legend entry); the legend takes
/// the line's opaque colour, added last.
pub fn legend(corner: Corner) -> Legend {
    Legend::default()
        .position(corner)
        .follow_insertion_order(true)
        .background_alpha(0.85)
        .color_conflict_handling(ColorConflictHandling::PickLast)
}

/// How flows are shown: totals per calendar year, or each period's flow as a yearly rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Resolution {
    /// Calendar-year totals, as bars.
    #[default]
    Yearly,
    /// Each period's flow ÷ the period's length, in $ per year.
    Period,
}

/// Picks the [`Resolution`] of flows.
pub fn resolution_ui(ui: &mut Ui, resolution: &mut Resolution) {
    ui.label("Flows:");
    ui.selectable_value(resolution, Resolution::Yearly, "Per year")
        .on_hover_text("Totals per calendar year, as stacked bars");
    ui.selectable_value(resolution, Resolution::Period, "Per period, annualised")
        .on_hover_text("Each period's flow as a rate per year (flow ÷ period length)");
    ui.separator();
}

/// How a y axis labels its ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YFormat {
    /// `$1.5T`
    Usd,
    /// `2.5M`
    Quantity,
    /// `25 %` (values are fractions)
    Percent,
    /// `10M` at whole decades of a log10 axis (values are log10 of the quantity).
    LogQuantity,
}

impl YFormat {
    /// The format of values in `unit` (the engine's unit texts): dollars for `USD…`,
    /// percentages for `fraction…`, else quantities.
    pub fn for_unit(unit: &str) -> Self {
        if unit.starts_with("USD") {
            Self::Usd
        } else if unit.starts_with("fraction") {
            Self::Percent
        } else {
            Self::Quantity
        }
    }

    /// The tick label of `mark`.
    pub fn tick(self, mark: GridMark, _range: &RangeInclusive<f64>) -> String {
        // A tick at "zero" can come out as ±1e-12 of float noise.
        let v = if mark.value.abs() < mark.step_size.abs() * 1e-6 {
            0.0
        } else {
            mark.value
        };
        match self {
            Self::Usd => usd_tick(v),
            Self::Quantity => quantity_tick(v),
            Self::Percent => percent_tick(v),
            Self::LogQuantity => {
                if (v - v.round()).abs() < 1e-6 {
                    quantity_tick(10f64.powf(v.round()))
                } else {
                    String::new()
                }
            }
        }
    }
}

/// X tick labels: whole years as `2030`, finer marks as `2030-04`.
pub fn year_tick(mark: GridMark, _range: &RangeInclusive<f64>) -> String {
    if mark.step_size >= 0.999 {
        format!("{}", mark.value.round() as i64)
    } else {
        let months = (mark.value * 12.0).round() as i64;
        format!("{}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
    }
}

/// Grid steps on the time axis: months, quarters, years, 5, 10, 50, 100 years — the three
/// finest of these that are at least the plot's minimum spacing.
pub fn year_steps(input: GridInput) -> [f64; 3] {
    const STEPS: [f64; 8] = [1.0 / 12.0, 0.25, 1.0, 5.0, 10.0, 50.0, 100.0, 500.0];
    let k = STEPS
        .iter()
        .position(|s| *s >= input.base_step_size)
        .unwrap_or(STEPS.len() - 3)
        .min(STEPS.len() - 3);
    [STEPS[k], STEPS[k + 1], STEPS[k + 2]]
}

/// Grid steps on a value axis, 1-2-5 style: a labelled step of `{1, 2, 5} × 10^k` at least five
/// minimum grid spacings apart (≈ 40 points), a finer unlabelled step that divides it, and a
/// coarser one that it divides.
pub fn value_steps(input: GridInput) -> [f64; 3] {
    let base = input.base_step_size.abs();
    if !(base > 0.0 && base.is_finite()) {
        return [1.0, 5.0, 10.0];
    }
    let labelled = nice_at_least(5.0 * base);
    let p = 10f64.powf(labelled.log10().floor());
    let lead = (labelled / p).round();
    let (finer, coarser) = if lead == 2.0 {
        (4.0, 5.0)
    } else if lead == 5.0 {
        (5.0, 2.0)
    } else {
        (5.0, 5.0)
    };
    [labelled / finer, labelled, labelled * coarser]
}

/// The smallest `{1, 2, 5} × 10^k` not below `x` (> 0).
fn nice_at_least(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let lead = if m <= 1.0 + 1e-9 {
        1.0
    } else if m <= 2.0 + 1e-9 {
        2.0
    } else if m <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    lead * p
}

/// The x of a hover position (the data point's, or the pointer's away from data).
pub fn hover_x(pos: &HoverPosition<'_>) -> f64 {
    match pos {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => {
            position.x
        }
    }
}

/// The period under a hover position, if it is within the horizon.
pub fn hovered_period(o: &Outcome, pos: &HoverPosition<'_>) -> Option<usize> {
    let t0 = *o.time.first()?;
    period_at(hover_x(pos), t0, dt_years(o), o.len())
}

/// `xs[i]`, or 0 past the end (a series shorter than the horizon reads as zero).
pub fn at(xs: &[f64], i: usize) -> f64 {
    xs.get(i).copied().unwrap_or(0.0)
}

/// The last period of the calendar year that `x` falls in.
pub fn year_end_at(o: &Outcome, x: f64) -> Option<usize> {
    let ppy = per_year(o);
    let y = year_at(x, start_year(o), o.len().div_ceil(ppy))?;
    Some(((y + 1) * ppy).min(o.len()).saturating_sub(1))
}

/// The label of period `i`: `2027-03`, `2027-Q2` or `2027`.
pub fn period_label(o: &Outcome, i: usize) -> String {
    o.horizon.map_or_else(String::new, |h| h.period_label(i))
}

/// Length of a period in years.
pub fn dt_years(o: &Outcome) -> f64 {
    o.horizon.map_or(1.0, |h| h.dt_years())
}

/// Periods per calendar year.
pub fn per_year(o: &Outcome) -> usize {
    o.horizon.map_or(1, |h| h.periods_per_year()).max(1)
}

/// First calendar year of the horizon.
pub fn start_year(o: &Outcome) -> i32 {
    o.horizon.map_or(0, |h| h.start_year)
}

/// A one-line note in the plot area (for tabs with nothing to show).
pub fn note_ui(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak().italics());
}

/// Splits `height` into `parts` (fractions summing to at most 1) with `gap` between them;
/// every part gets at least `min`.
pub fn split_height(height: f32, parts: &[f32], gap: f32, min: f32) -> Vec<f32> {
    let usable = (height - gap * parts.len().saturating_sub(1) as f32).max(0.0);
    parts.iter().map(|p| (usable * p).max(min)).collect()
}

/// Draws `n` small plots in a grid filling `height`: `cell(ui, k, plot_height)` draws the
/// `k`-th (a title line and a plot of `plot_height`).
pub fn small_multiples_ui(
    ui: &mut Ui,
    n: usize,
    height: f32,
    mut cell: impl FnMut(&mut Ui, usize, f32),
) {
    let (cols, rows) = grid_shape(n);
    let gap = ui.spacing().item_spacing.y;
    let title = ui.text_style_height(&TextStyle::Body) + gap;
    let cell_height = split_height(height, &vec![1.0 / rows as f32; rows], gap, 90.0)[0];
    for r in 0..rows {
        ui.columns(cols, |columns| {
            for (c, column) in columns.iter_mut().enumerate() {
                let k = r * cols + c;
                if k < n {
                    cell(column, k, (cell_height - title).max(60.0));
                }
            }
        });
    }
}

/// Columns and rows of a grid of `n` small plots.
pub fn grid_shape(n: usize) -> (usize, usize) {
    let cols = match n {
        0 | 1 => 1,
        2 | 4 => 2,
        _ => 3,
    };
    (cols, n.div_ceil(cols).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ticks_read_as_years_or_months() {
        let m = |value, step_size| GridMark { value, step_size };
        assert_eq!(year_tick(m(2030.0, 1.0), &(0.0..=1.0)), "2030");
        assert_eq!(year_tick(m(2030.0, 5.0), &(0.0..=1.0)), "2030");
        assert_eq!(year_tick(m(2030.25, 0.25), &(0.0..=1.0)), "2030-04");
        assert_eq!(
            year_tick(m(2030.0 + 11.0 / 12.0, 1.0 / 12.0), &(0.0..=1.0)),
            "2030-12"
        );
    }

    #[test]
    fn time_grid_picks_the_finest_steps_that_fit() {
        let steps = |base_step_size| {
            year_steps(GridInput {
                bounds: (2024.0, 2040.0),
                base_step_size,
            })
        };
        assert_eq!(steps(0.15), [0.25, 1.0, 5.0]);
        assert_eq!(steps(0.01), [1.0 / 12.0, 0.25, 1.0]);
        assert_eq!(steps(3.0), [5.0, 10.0, 50.0]);
        assert_eq!(steps(1e6), [50.0, 100.0, 500.0]);
    }

    #[test]
    fn value_grid_is_one_two_five() {
        let steps = |base_step_size| {
            value_steps(GridInput {
                bounds: (0.0, 1.0),
                base_step_size,
            })
        };
        // $7T over 400 points: 8 points ≈ $140B, labels every $1T (57 points apart).
        assert_eq!(steps(140e9), [200e9, 1e12, 5e12]);
        assert_eq!(steps(50e9), [100e9, 500e9, 1e12]);
        assert_eq!(steps(0.03), [0.05, 0.2, 1.0]);
        assert_eq!(steps(0.0), [1.0, 5.0, 10.0]);
        assert_eq!(nice_at_least(1.0), 1.0);
        assert_eq!(nice_at_least(1.01), 2.0);
        assert_eq!(nice_at_least(7.0), 10.0);
        assert_eq!(nice_at_least(0.3), 0.5);
    }

    #[test]
    fn y_ticks_snap_float_noise_to_zero() {
        let t = |v| {
            YFormat::Usd.tick(
                GridMark {
                    value: v,
                    step_size: 1e11,
                },
                &(0.0..=1.0),
            )
        };
        assert_eq!(t(-1e-3), "$0");
        assert_eq!(t(5e11), "$500B");
        let log = |v| {
            YFormat::LogQuantity.tick(
                GridMark {
                    value: v,
                    step_size: 1.0,
                },
                &(0.0..=1.0),
            )
        };
        assert_eq!(log(7.0), "10M");
        assert_eq!(log(0.0), "1");
        assert_eq!(log(6.5), "");
        assert_eq!(
            YFormat::Percent.tick(
                GridMark {
                    value: 0.25,
                    step_size: 0.05
                },
                &(0.0..=1.0)
            ),
            "25 %"
        );
    }

    #[test]
    fn layout_helpers_split_space() {
        assert_eq!(
            split_height(210.0, &[0.5, 0.5], 10.0, 0.0),
            vec![100.0, 100.0]
        );
        assert_eq!(
            split_height(10.0, &[0.5, 0.5], 10.0, 40.0),
            vec![40.0, 40.0]
        );
        assert_eq!(grid_shape(1), (1, 1));
        assert_eq!(grid_shape(3), (3, 1));
        assert_eq!(grid_shape(4), (2, 2));
        assert_eq!(grid_shape(6), (3, 2));
        assert_eq!(grid_shape(7), (3, 3));
    }
}
