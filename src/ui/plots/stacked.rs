//! Stacked flows, shared by the capital-by-source and segment tabs: per calendar year as
//! stacked bars, or per period as stacked areas of the annualised flow — and their read-out.

use egui::Color32;
use egui_plot::{Bar, BarChart, FilledArea, PlotUi};

use super::Resolution;
use super::common::{dt_years, hover_x, per_year, period_label, plot_line, start_year};
use super::palette;
use super::series::{
    annualised, doubled, period_at, stack, step_points, step_xs, year_at, yearly_totals,
};
use crate::engine::Outcome;
use crate::format::usd;

/// One layer of a stack: a per-period flow in USD.
#[derive(Clone, Copy)]
pub struct Layer<'a> {
    pub name: &'a str,
    pub color: Color32,
    pub values: &'a [f64],
}

/// Width of a year's bar, in years.
const BAR_WIDTH: f64 = 0.8;

/// Adds `layers` stacked bottom-up: yearly bars or annualised areas.
pub fn add_stacked(
    plot_ui: &mut PlotUi<'_>,
    o: &Outcome,
    layers: &[Layer<'_>],
    resolution: Resolution,
) {
    match resolution {
        Resolution::Yearly => add_bars(plot_ui, o, layers),
        Resolution::Period => add_areas(plot_ui, o, layers),
    }
}

fn add_bars(plot_ui: &mut PlotUi<'_>, o: &Outcome, layers: &[Layer<'_>]) {
    let ppy = per_year(o);
    let totals: Vec<Vec<f64>> = layers
        .iter()
        .map(|l| yearly_totals(l.values, ppy))
        .collect();
    let refs: Vec<&[f64]> = totals.iter().map(Vec::as_slice).collect();
    let years = totals.first().map_or(0, Vec::len);
    let tops = stack(&refs, years);
    let y0 = f64::from(start_year(o));
    for (k, layer) in layers.iter().enumerate() {
        let bars = totals[k]
            .iter()
            .enumerate()
            .map(|(y, v)| {
                let below = if k == 0 { 0.0 } else { tops[k - 1][y] };
                Bar::new(y0 + y as f64 + 0.5, *v)
                    .base_offset(below)
                    .width(BAR_WIDTH)
                    .fill(layer.color)
            })
            .collect();
        let name = layer.name.to_owned();
        plot_ui.bar_chart(
            BarChart::new(layer.name, bars)
                .color(layer.color)
                .element_formatter(Box::new(move |bar, _| {
                    format!(
                        "{name}\n{}: {}",
                        (bar.argument - 0.5).round() as i64,
                        usd(bar.value)
                    )
                })),
        );
    }
}

fn add_areas(plot_ui: &mut PlotUi<'_>, o: &Outcome, layers: &[Layer<'_>]) {
    let dt = dt_years(o);
    let rates: Vec<Vec<f64>> = layers.iter().map(|l| annualised(l.values, dt)).collect();
    let refs: Vec<&[f64]> = rates.iter().map(Vec::as_slice).collect();
    let tops = stack(&refs, o.len());
    let xs = step_xs(&o.time, dt);
    let zero = vec![0.0; xs.len()];
    let mut below = zero;
    for (layer, top) in layers.iter().zip(&tops) {
        let upper = doubled(top);
        plot_ui.add(
            FilledArea::new(layer.name, &xs, &below, &upper)
                .fill_color(palette::fill(layer.color, 0.7))
                .allow_hover(false),
        );
        plot_ui.line(
            plot_line(layer.name, step_points(&o.time, dt, top))
                .color(layer.color)
                .width(1.0),
        );
        below = upper;
    }
}

/// The read-out of the stacked flows at `x`: the period (or year) label and one line per layer
/// plus the total. `None` outside the horizon.
pub fn readout(
    o: &Outcome,
    layers: &[Layer<'_>],
    resolution: Resolution,
    x: f64,
) -> Option<(String, Vec<String>)> {
    let (head, values): (String, Vec<f64>) = match resolution {
        Resolution::Yearly => {
            let ppy = per_year(o);
            let y = year_at(x, start_year(o), o.len().div_ceil(ppy.max(1)))?;
            let range = y * ppy..((y + 1) * ppy).min(o.len());
            let sums = layers
                .iter()
                .map(|l| l.values.get(range.clone()).map_or(0.0, |v| v.iter().sum()))
                .collect();
            (
                format!("{} (year total)", i64::from(start_year(o)) + y as i64),
                sums,
            )
        }
        Resolution::Period => {
            let dt = dt_years(o);
            let i = period_at(x, *o.time.first()?, dt, o.len())?;
            let rates = layers
                .iter()
                .map(|l| l.values.get(i).map_or(0.0, |v| v / dt))
                .collect();
            (format!("{} (per year)", period_label(o, i)), rates)
        }
    };
    let mut lines: Vec<String> = layers
        .iter()
        .zip(&values)
        .rev()
        .map(|(l, v)| format!("{}: {}", l.name, usd(*v)))
        .collect();
    lines.push(format!("Total: {}", usd(values.iter().sum())));
    Some((head, lines))
}

/// [`readout`] at a hover position.
pub fn readout_at(
    o: &Outcome,
    layers: &[Layer<'_>],
    resolution: Resolution,
    pos: &egui_plot::HoverPosition<'_>,
) -> Option<(String, Vec<String>)> {
    readout(o, layers, resolution, hover_x(pos))
}
