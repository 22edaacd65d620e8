//! Uncertainty: the document's Monte Carlo run (its drivers sampled, the scenario simulated
//! once per sample, in the background) — a fan chart of any output series, P5–P95 and P25–P75
//! bands around the median with the base case dashed, and below it the distribution of a
//! chosen KPI: a histogram of the samples with P5, P50 and P95 marked and stated.
//!
//! Stocks are shown at the end of each year, flows as each year's total in its middle (as the
//! engine keeps them per sample). Percentiles are the engine's ([`McResult::fan`],
//! [`McResult::kpi_percentiles`]), computed once per result and choice, not per frame.

use std::sync::Arc;

use egui::{ComboBox, RichText, Ui, vec2};
use egui_plot::{
    AxisHints, Bar, BarChart, Corner, FilledArea, HoverPosition, LineStyle, Plot, VLine,
    uniform_grid_spacer,
};

use super::common::{
    YFormat, hover_x, legend, mark_focus, note_ui, plot_line, time_plot, value_steps, y_axis,
};
use super::palette;
use super::runs::{run_bar_ui, stale_note_ui, status_ui};
use super::stats::{Histogram, bin_count, histogram};
use crate::engine::Outcome;
use crate::engine::metrics::{kpi_values, series_at};
use crate::engine::montecarlo::{Fan, McResult};
use crate::engine::optimal::is_optimal;
use crate::format::value_with_unit;
use crate::format::{series_label, series_labels};
use crate::model::{Scenario, unit_label};
use crate::ui::analysis::{AnalysisState, Settings, Status};
use crate::ui::command::Command;

/// The percentiles stated under the histogram.
const KPI_PERCENTILES: [f64; 3] = [0.05, 0.5, 0.95];

/// What the Uncertainty tab shows.
pub struct UncertaintyView {
    /// The fan chart's series, by name.
    pub series: String,
    /// The distribution's KPI, by key.
    pub kpi: String,
    cache: Option<Cache>,
}

impl Default for UncertaintyView {
    fn default() -> Self {
        Self {
            series: "delivered compute".to_owned(),
            kpi: "compute_end".to_owned(),
            cache: None,
        }
    }
}

/// Percentiles of one result for the current choices.
struct Cache {
    result: Arc<McResult>,
    series: usize,
    fan: Fan,
    kpi: usize,
    histogram: Option<Histogram>,
    percentiles: Vec<f64>,
}

impl UncertaintyView {
    /// The fan chart on screen (the engine's percentiles of the chosen series).
    pub fn shown_fan(&self) -> Option<&Fan> {
        self.cache.as_ref().map(|c| &c.fan)
    }

    /// P5, P50 and P95 of the chosen KPI, as stated on screen.
    pub fn shown_kpi_percentiles(&self) -> Option<&[f64]> {
        self.cache.as_ref().map(|c| c.percentiles.as_slice())
    }

    /// The cache for `mc` and the current choices, recomputed when either changed.
    fn cached(&mut self, mc: &Arc<McResult>) -> Option<&Cache> {
        let series = mc.series.iter().position(|s| s.name == self.series);
        let kpi = mc.kpis.iter().position(|k| k.key == self.kpi);
        if mc.series.is_empty() || mc.kpis.is_empty() {
            self.cache = None;
            return None;
        }
        // A series the run does not have yet (just picked: Monte Carlo reruns for it) shows
        // the run's own until then; a KPI it does not have (another scenario's) falls back to
        // the first.
        let (series, kpi) = (series.unwrap_or(0), kpi.unwrap_or(0));
        self.kpi.clone_from(&mc.kpis[kpi].key);
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(&c.result, mc) && c.series == series && c.kpi == kpi);
        if !fresh {
            let samples = mc.kpi_samples(kpi);
            self.cache = Some(Cache {
                result: mc.clone(),
                series,
                fan: mc.fan(series),
                kpi,
                histogram: histogram(&samples, bin_count(samples.len())),
                percentiles: mc.kpi_percentiles(kpi, &KPI_PERCENTILES),
            });
        }
        self.cache.as_ref()
    }
}

/// The run bar, the run's status, and the series and KPI pickers.
///
/// Monte Carlo keeps only the fan chart's series per sample: picking another asks for a run
/// that keeps it (the same samples, since they depend only on the seed).
pub fn controls_ui(
    ui: &mut Ui,
    view: &mut UncertaintyView,
    runs: Option<&AnalysisState>,
    outcome: &Outcome,
    out: &mut Vec<Command>,
) {
    let Some(runs) = runs else {
        return;
    };
    run_bar_ui(ui, runs, out);
    status_ui(ui, "Monte Carlo", runs, &runs.mc);
    let Some(mc) = runs.mc.result() else {
        return;
    };
    ui.separator();
    let columns = outcome.columns();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let labels = series_labels(outcome);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    picker_ui(
        ui,
        "Series",
        "fan-series",
        &mut view.series,
        &names,
        &labels,
    );
    if view.series != runs.settings.fan_series {
        out.push(Command::SetAnalysisSettings(Settings {
            fan_series: view.series.clone(),
            ..runs.settings.clone()
        }));
    }
    let keys: Vec<&str> = mc.kpis.iter().map(|k| k.key.as_str()).collect();
    let labels: Vec<&str> = mc.kpis.iter().map(|k| k.label.as_str()).collect();
    picker_ui(ui, "KPI", "fan-kpi", &mut view.kpi, &keys, &labels);
}

/// A labelled picker of `keys` shown as `labels`.
pub fn picker_ui(
    ui: &mut Ui,
    label: &str,
    id: &str,
    current: &mut String,
    keys: &[&str],
    labels: &[&str],
) {
    let l = ui.label(label);
    let shown = keys
        .iter()
        .position(|k| *k == current.as_str())
        .and_then(|k| labels.get(k))
        .map_or(current.as_str(), |s| s);
    let r = ComboBox::from_id_salt(id)
        .selected_text(shown.to_owned())
        .height(400.0)
        .show_ui(ui, |ui| {
            for (k, l) in keys.iter().zip(labels) {
                if ui.selectable_label(current.as_str() == *k, *l).clicked() {
                    *current = (*k).to_owned();
                }
            }
        });
    r.response.labelled_by(l.id);
}

/// The fan chart and the KPI distribution, or why there is none yet.
pub fn uncertainty_ui(
    ui: &mut Ui,
    view: &mut UncertaintyView,
    runs: Option<&AnalysisState>,
    scenario: &Scenario,
    outcome: &Outcome,
) {
    let Some(runs) = runs else {
        note_ui(ui, "No Monte Carlo run for this view.");
        return;
    };
    let Some(mc) = runs.mc.result().cloned() else {
        let text = match runs.mc.status() {
            Status::Failed(_) => {
                "Right-click any number in the editor and choose “Make uncertain…” to give it a \
                 distribution; Monte Carlo then runs by itself."
            }
            Status::Cancelled => "The run was cancelled.",
            _ => "Monte Carlo is running in the background…",
        };
        note_ui(ui, text);
        return;
    };
    stale_note_ui(ui, &runs.mc);
    if is_optimal(scenario) {
        ui.weak(
            "Optimal plan: the base case's plan is held fixed in every sample (the plan is \
             committed, the world varies); `buildout mc --reoptimise` re-plans each sample.",
        );
    }
    let Some(cache) = view.cached(&mc) else {
        note_ui(ui, "The run has no series to show.");
        return;
    };
    let gap = ui.spacing().item_spacing.y;
    let height = ui.available_height();
    let fan_height = ((height - gap) * 0.6).max(160.0);
    fan_ui(ui, &mc, cache, outcome, fan_height);
    let rest = (ui.available_height() - gap).max(120.0);
    kpi_ui(ui, &mc, cache, outcome, rest);
}

/// x of year index `y` for a stock (end of year) or a flow (mid-year).
fn year_x(mc: &McResult, series: usize, y: usize) -> f64 {
    let year = f64::from(mc.years[y]);
    if mc.series[series].flow {
        year + 0.5
    } else {
        year + 1.0
    }
}

fn fan_ui(ui: &mut Ui, mc: &McResult, c: &Cache, outcome: &Outcome, height: f32) {
    let meta = &mc.series[c.series];
    let unit = meta.unit.clone();
    let format = YFormat::for_unit(&unit);
    let xs: Vec<f64> = (0..mc.years.len())
        .map(|y| year_x(mc, c.series, y))
        .collect();
    let base: Vec<f64> = mc
        .years
        .iter()
        .map(|&y| series_at(outcome, &meta.name, y).unwrap_or(f64::NAN))
        .collect();
    let b = &c.fan.bands;
    let color = palette::COMPUTE;
    let (_, strong) = palette::neutral(ui);
    let when = if meta.flow {
        "total over the year"
    } else {
        "end of year"
    };
    let readout = {
        let (xs, bands, base, years) = (xs.clone(), b.clone(), base.clone(), mc.years.clone());
        let unit = unit.clone();
        move |pos: &HoverPosition<'_>| {
            let x = hover_x(pos);
            let k =
                (0..xs.len()).min_by(|&i, &j| (xs[i] - x).abs().total_cmp(&(xs[j] - x).abs()))?;
            if (xs[k] - x).abs() > 0.5 {
                return None;
            }
            let v = |p: &[f64]| value_with_unit(p[k], &unit);
            Some(format!(
                "{} ({when})\nP95: {}\nP75: {}\nMedian: {}\nP25: {}\nP5: {}\nBase case: {}",
                years[k],
                v(&bands[4]),
                v(&bands[3]),
                v(&bands[2]),
                v(&bands[1]),
                v(&bands[0]),
                v(&base),
            ))
        }
    };
    let shown = series_label(outcome, &meta.name);
    let label = if unit.is_empty() {
        shown
    } else {
        format!("{shown} [{}]", unit_label(&unit))
    };
    time_plot(outcome, "plot-fan", vec![y_axis(format, label)])
        .height(height)
        .legend(legend(Corner::LeftTop))
        .label_formatter(readout)
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            plot_ui.add(
                FilledArea::new("P5–P95", &xs, &b[0], &b[4]).fill_color(palette::fill(color, 0.22)),
            );
            plot_ui.add(
                FilledArea::new("P25–P75", &xs, &b[1], &b[3])
                    .fill_color(palette::fill(color, 0.45)),
            );
            let points = |ys: &[f64]| -> Vec<[f64; 2]> {
                xs.iter().zip(ys).map(|(x, y)| [*x, *y]).collect()
            };
            plot_ui.line(
                plot_line("Median (P50)", points(&b[2]))
                    .color(color)
                    .width(2.5),
            );
            plot_ui.line(
                plot_line("Base case", points(&base))
                    .color(strong)
                    .style(LineStyle::dashed_dense())
                    .width(1.5),
            );
        });
}

fn kpi_ui(ui: &mut Ui, mc: &McResult, c: &Cache, outcome: &Outcome, height: f32) {
    let meta = &mc.kpis[c.kpi];
    let unit = meta.unit.clone();
    let base = kpi_values(outcome)
        .into_iter()
        .find(|k| k.key == meta.key)
        .map(|k| k.value);
    let text_width = 240.0;
    ui.horizontal_top(|ui| {
        let plot_width = (ui.available_width() - text_width).max(200.0);
        ui.allocate_ui(vec2(plot_width, height), |ui| {
            histogram_ui(ui, c, &meta.label, &unit, base, height);
        });
        ui.vertical(|ui| {
            ui.set_width(text_width - ui.spacing().item_spacing.x);
            ui.label(RichText::new(&meta.label).strong());
            for (name, v) in ["P5", "P50", "P95"].iter().zip(&c.percentiles) {
                ui.label(format!("{name} {}", value_with_unit(*v, &unit)));
            }
            if let Some(b) = base {
                ui.label(format!("Base case {}", value_with_unit(b, &unit)));
            }
            let counted = c.histogram.as_ref().map_or(0, Histogram::total);
            ui.weak(format!("{} samples, seed {}", mc.len(), mc.settings.seed));
            if counted < mc.len() {
                ui.weak(format!(
                    "{} samples have no value (e.g. an IRR that does not exist)",
                    mc.len() - counted
                ));
            }
            ui.weak(format!("Over {} uncertain numbers", mc.drivers.len()));
        });
    });
}

fn histogram_ui(ui: &mut Ui, c: &Cache, label: &str, unit: &str, base: Option<f64>, h: f32) {
    let Some(hist) = &c.histogram else {
        note_ui(ui, "No sample has a value for this KPI.");
        return;
    };
    let format = YFormat::for_unit(unit);
    let x_label = if unit.is_empty() {
        label.to_owned()
    } else {
        format!("{label} [{unit}]")
    };
    let bars: Vec<Bar> = hist
        .counts
        .iter()
        .enumerate()
        .map(|(k, n)| {
            Bar::new(hist.center(k), *n as f64)
                .width(hist.width * 0.95)
                .fill(palette::fill(palette::COMPUTE, 0.7))
                .stroke(egui::Stroke::new(1.0, palette::COMPUTE))
        })
        .collect();
    let (text, strong) = palette::neutral(ui);
    let unit_owned = unit.to_owned();
    let width = hist.width;
    Plot::new("plot-kpi-histogram")
        .height(h)
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(move |m, r| format.tick(m, r))
                .label(x_label)
                .label_spacing(48.0..=64.0),
        ])
        .x_grid_spacer(uniform_grid_spacer(value_steps))
        .y_grid_spacer(uniform_grid_spacer(value_steps))
        .custom_y_axes(vec![y_axis(YFormat::Quantity, "Samples")])
        .allow_scroll(false)
        .include_y(0.0)
        .legend(legend(Corner::RightTop))
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Samples", bars)
                    .color(palette::COMPUTE)
                    .element_formatter(Box::new(move |bar, _| {
                        format!(
                            "{} to {}: {} samples",
                            value_with_unit(bar.argument - width / 2.0, &unit_owned),
                            value_with_unit(bar.argument + width / 2.0, &unit_owned),
                            bar.value
                        )
                    })),
            );
            for (name, v) in ["P5", "P50", "P95"].iter().zip(&c.percentiles) {
                if v.is_finite() {
                    plot_ui.vline(
                        VLine::new(*name, *v)
                            .color(text)
                            .style(LineStyle::dashed_dense()),
                    );
                }
            }
            if let Some(b) = base.filter(|b| b.is_finite()) {
                plot_ui.vline(VLine::new("Base case", b).color(strong).width(2.0));
            }
        });
}
