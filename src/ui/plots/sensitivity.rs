//! Sensitivity: the tornado chart of a chosen KPI over the document's uncertain numbers. Each
//! driver is set to its P10 and to its P90 with every other number at its base value; its bar
//! spans the KPI's two values around the base case, the widest swing on top, each end labelled
//! with the driver's input value. A table under the chart lists the same bars in the same
//! order, with units, and beside them each driver's importance when all drivers move at once
//! (computed in the background): its rank correlation with the KPI and its first- and
//! total-order Sobol' indices, which see what the tornado cannot — drivers that matter only
//! together. "Goal seek…" opens the goal-seek dialog.

use egui::{Align2, Grid, RichText, ScrollArea, Ui};
use egui_plot::{
    AxisHints, Bar, BarChart, GridMark, Plot, PlotPoint, Text, VLine, uniform_grid_spacer,
};

use super::common::{YFormat, note_ui, value_steps};
use super::palette;
use super::runs::{run_bar_ui, stale_note_ui, status_ui};
use super::uncertainty::picker_ui;
use crate::engine::Outcome;
use crate::engine::importance::{DriverImportance, Importance};
use crate::engine::metrics::{kpi_values, metric_unit};
use crate::engine::optimal::is_optimal;
use crate::engine::sensitivity::{TORNADO_HIGH, TORNADO_LOW, Tornado, TornadoBar};
use crate::format::{index, metric_label, value_or_no_plan, value_with_unit};
use crate::model::{Scenario, param_label, param_name, params, unit_label};
use crate::ui::analysis::AnalysisState;
use crate::ui::command::Command;
use crate::ui::editor::param_unit;

/// Colours of the two ends of a bar.
const LOW: egui::Color32 = egui::Color32::from_rgb(0x4E, 0x79, 0xA7);
const HIGH: egui::Color32 = egui::Color32::from_rgb(0xF2, 0x8E, 0x2B);

/// The run bar, the KPI picker and the goal-seek button.
pub fn controls_ui(
    ui: &mut Ui,
    runs: Option<&AnalysisState>,
    outcome: &Outcome,
    out: &mut Vec<Command>,
) {
    if let Some(runs) = runs {
        run_bar_ui(ui, runs, out);
        ui.separator();
        let kpis = kpi_values(outcome);
        let keys: Vec<&str> = kpis.iter().map(|k| k.key.as_str()).collect();
        let labels: Vec<&str> = kpis.iter().map(|k| k.label.as_str()).collect();
        let mut metric = runs.settings.tornado_metric.clone();
        picker_ui(ui, "KPI", "tornado-kpi", &mut metric, &keys, &labels);
        if metric != runs.settings.tornado_metric {
            let mut s = runs.settings.clone();
            s.tornado_metric = metric;
            out.push(Command::SetAnalysisSettings(s));
        }
        status_ui(ui, "Tornado", runs, &runs.tornado);
        status_ui(ui, "Importance", runs, &runs.importance);
    }
    if ui
        .button(Command::GoalSeek.label())
        .on_hover_text("Which value of one number makes a KPI reach a target?")
        .clicked()
    {
        out.push(Command::GoalSeek);
    }
}

/// The tornado chart and its table, or why there is none.
pub fn sensitivity_ui(
    ui: &mut Ui,
    runs: Option<&AnalysisState>,
    scenario: &Scenario,
    outcome: &Outcome,
) {
    let Some(runs) = runs else {
        note_ui(ui, "No tornado for this view.");
        return;
    };
    let Some(t) = runs.tornado.result() else {
        note_ui(
            ui,
            if scenario.uncertainty.is_empty() {
                "Right-click any number in the editor and choose “Make uncertain…”: the \
                 tornado shows how far each uncertain number moves the KPI."
            } else {
                "The tornado is computed in the background…"
            },
        );
        return;
    };
    stale_note_ui(ui, &runs.tornado);
    if is_optimal(scenario) {
        ui.weak(
            "Optimal plan: each bar is re-optimised, the best plan with that number at its P10 \
             and at its P90 (the importance below holds the base case's plan fixed, as Monte \
             Carlo does).",
        );
    }
    // Importance for this tornado's metric only (another metric's would mislead).
    let imp = runs
        .importance
        .result()
        .filter(|i| i.metric == t.metric && runs.importance.is_fresh());
    let unit = metric_unit(outcome, &t.metric).unwrap_or_default();
    let units = driver_units(scenario, t);
    let gap = ui.spacing().item_spacing.y;
    let row = ui.spacing().interact_size.y + gap;
    let metric_name = metric_label(outcome, &t.metric);
    key_ui(ui, t, &metric_name, &unit);
    // Every bar gets a row tall enough for its name on the axis (egui_plot leaves out tick
    // labels closer than their text); the table below takes what is left, at least two rows.
    let text = egui::TextStyle::Body.resolve(ui.style()).size;
    let chart_min = (t.bars.len() as f32 * (text + 6.0) + 56.0).max(160.0);
    let available = ui.available_height();
    let table = (row * (t.bars.len() as f32 + 1.5))
        .min(available * 0.35)
        .min(available - chart_min - 2.0 * gap)
        .max(row * 2.0);
    if chart_min + 2.0 * row + 2.0 * gap > available {
        // Too short a window for chart and table: both in one scrolling column, the chart at
        // the height its names need.
        ScrollArea::vertical()
            .id_salt("tornado-column")
            .show(ui, |ui| {
                tornado_ui(ui, t, &metric_name, &unit, &units, chart_min);
                table_ui(ui, t, imp, &metric_name, &unit, &units);
            });
        return;
    }
    let chart = (available - table - 2.0 * gap).max(chart_min);
    tornado_ui(ui, t, &metric_name, &unit, &units, chart);
    ScrollArea::both()
        .id_salt("tornado-table")
        .max_height(table)
        .show(ui, |ui| table_ui(ui, t, imp, &metric_name, &unit, &units));
}

/// The unit text of each bar's driver, from the scenario's parameters.
fn driver_units(scenario: &Scenario, t: &Tornado) -> Vec<String> {
    // One walk of the parameters per frame, not one per bar.
    let all = params(scenario);
    t.bars
        .iter()
        .map(|b| {
            all.iter()
                .find(|p| p.path == b.path)
                .map_or_else(String::new, |p| p.unit.clone())
        })
        .collect()
}

/// A driver's input value with its unit: `$2.40M per MW`, `3.5 years`.
fn input(x: f64, unit: &str) -> String {
    param_unit(unit).show(x)
}

/// The label at a bar's end: the input without what it is per (`$2.40M`, `3.5 years`), so
/// that it fits beside the bar; the whole value with its unit is in the bar's hover text.
fn end_text(x: f64, unit: &str) -> String {
    let whole = input(x, unit);
    whole
        .split_once(" per ")
        .map_or(whole.clone(), |(amount, _)| amount.to_owned())
}

fn tornado_ui(
    ui: &mut Ui,
    t: &Tornado,
    metric_name: &str,
    unit: &str,
    units: &[String],
    height: f32,
) {
    let n = t.bars.len();
    let y_of = |k: usize| (n - 1 - k) as f64;
    let names: Vec<String> = t.bars.iter().map(|b| param_name(&b.path)).collect();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let axis_width = names
        .iter()
        .map(|s| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(s.clone(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            })
        })
        .fold(80.0_f32, f32::max)
        .min(ui.available_width() * 0.45)
        + 12.0;
    // Names wider than the axis are shortened (the bar's tooltip and the table have them whole).
    let names: Vec<String> = names
        .into_iter()
        .map(|s| fit_text(ui, &s, &font, axis_width - 12.0))
        .collect();
    let label_of = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        let k = n as f64 - 1.0 - mark.value;
        if (k - k.round()).abs() < 0.01 && k >= -0.01 {
            names.get(k.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let format = YFormat::for_unit(unit);
    let bar = |k: usize, b: &TornadoBar, at: f64, x: f64, which: &str, color: egui::Color32| {
        Bar::new(y_of(k), at - t.base)
            .base_offset(t.base)
            .width(0.6)
            .fill(palette::fill(color, 0.8))
            .stroke(egui::Stroke::new(1.0, color))
            .name(format!(
                "{}\n{which}: {} gives {}",
                param_label(&b.path, &units[k]),
                input(x, &units[k]),
                value_with_unit(at, unit)
            ))
    };
    // An end without a number (no optimal plan at that value) has no bar; the table says so.
    let lows: Vec<Bar> = (t.bars.iter().enumerate())
        .filter(|(_, b)| b.at_low.is_finite())
        .map(|(k, b)| bar(k, b, b.at_low, b.low_input, "P10", LOW))
        .collect();
    let highs: Vec<Bar> = (t.bars.iter().enumerate())
        .filter(|(_, b)| b.at_high.is_finite())
        .map(|(k, b)| bar(k, b, b.at_high, b.high_input, "P90", HIGH))
        .collect();
    let (text, strong) = palette::neutral(ui);
    let x_label = format!("{} [{}]", metric_name, unit_label(unit));
    // Room beyond the bars' ends for their input labels: as many data units as the widest
    // label takes of the plot's width.
    let (lo, hi) = t.extent();
    let small = egui::TextStyle::Small.resolve(ui.style());
    let label_px = (t.bars.iter().enumerate())
        .flat_map(|(k, b)| {
            [
                end_text(b.low_input, &units[k]),
                end_text(b.high_input, &units[k]),
            ]
        })
        .map(|s| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(format!(" {s} "), small.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            })
        })
        .fold(0.0_f32, f32::max);
    let plot_px = (ui.available_width() - axis_width).max(100.0);
    let usable = (plot_px - 2.0 * label_px).max(plot_px * 0.3);
    let pad = if hi > lo {
        (hi - lo) * f64::from(label_px / usable)
    } else {
        lo.abs().max(1.0) * 0.1
    };
    Plot::new("plot-tornado")
        .height(height)
        .custom_x_axes(vec![
            AxisHints::new_x()
                .formatter(move |m, r| format.tick(m, r))
                .label(x_label),
        ])
        .x_grid_spacer(uniform_grid_spacer(value_steps))
        .include_x(lo - pad)
        .include_x(hi + pad)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(label_of)
                .min_thickness(axis_width)
                .label_spacing(10.0..=12.0),
        ])
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|k| GridMark {
                    value: k as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .default_y_bounds(-0.6, n as f64 - 0.4)
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            let fmt = Box::new(|b: &Bar, _: &BarChart| b.name.clone());
            plot_ui.bar_chart(
                BarChart::new(format!("Driver at its P{:.0}", TORNADO_LOW * 100.0), lows)
                    .horizontal()
                    .color(LOW)
                    .element_formatter(fmt.clone()),
            );
            plot_ui.bar_chart(
                BarChart::new(format!("Driver at its P{:.0}", TORNADO_HIGH * 100.0), highs)
                    .horizontal()
                    .color(HIGH)
                    .element_formatter(fmt),
            );
            plot_ui.vline(
                VLine::new(
                    format!("Base case {}", value_with_unit(t.base, unit)),
                    t.base,
                )
                .color(strong)
                .width(1.5),
            );
            for (k, b) in t.bars.iter().enumerate() {
                for (at, x, anchor) in end_labels(b, t.base) {
                    plot_ui.text(
                        Text::new(
                            "",
                            PlotPoint::new(at, y_of(k)),
                            format!(" {} ", end_text(x, &units[k])),
                        )
                        .anchor(anchor)
                        .color(text),
                    );
                }
            }
        });
}

/// Where each end of a bar is labelled with its input: `(metric, input, anchor)`. A label
/// points away from the base, so that it sits beyond its end; when both ends lie on the same
/// side, the one nearer the base points back towards it, inside the longer bar.
fn end_labels(b: &TornadoBar, base: f64) -> [(f64, f64, Align2); 2] {
    let outward = |at: f64| {
        if at < base {
            Align2::RIGHT_CENTER
        } else {
            Align2::LEFT_CENTER
        }
    };
    let inward = |at: f64| {
        if at < base {
            Align2::LEFT_CENTER
        } else {
            Align2::RIGHT_CENTER
        }
    };
    let (low, high) = ((b.at_low, b.low_input), (b.at_high, b.high_input));
    let same_side = (b.at_low >= base) == (b.at_high >= base);
    let near_low = (b.at_low - base).abs() < (b.at_high - base).abs();
    match (same_side, near_low) {
        (false, _) => [
            (low.0, low.1, outward(low.0)),
            (high.0, high.1, outward(high.0)),
        ],
        (true, true) => [
            (low.0, low.1, inward(low.0)),
            (high.0, high.1, outward(high.0)),
        ],
        (true, false) => [
            (low.0, low.1, outward(low.0)),
            (high.0, high.1, inward(high.0)),
        ],
    }
}

/// `text` shortened with "…" to fit `max_px` in `font` (unchanged when it fits).
fn fit_text(ui: &Ui, text: &str, font: &egui::FontId, max_px: f32) -> String {
    let width = |s: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
    };
    if width(text) <= max_px {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = chars.len();
    while keep > 1 {
        keep -= 1;
        let candidate: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_owned()
            + "…";
        if width(&candidate) <= max_px {
            return candidate;
        }
    }
    "…".to_owned()
}

/// The colour key of the chart: the two ends and the base line.
fn key_ui(ui: &mut Ui, t: &Tornado, metric_name: &str, unit: &str) {
    ui.horizontal_wrapped(|ui| {
        for (color, text) in [
            (LOW, format!("at its P{:.0}", TORNADO_LOW * 100.0)),
            (HIGH, format!("at its P{:.0}", TORNADO_HIGH * 100.0)),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            ui.label(text);
        }
        ui.label(
            RichText::new(format!(
                "Each bar: {} with one uncertain number at its P10 and P90, the others at their \
             base values; the line is the base case, {}.",
                metric_name,
                value_with_unit(t.base, unit)
            ))
            .weak(),
        );
    });
}

/// The importance of the driver on `path`, if computed.
fn importance_of<'i>(imp: Option<&'i Importance>, path: &str) -> Option<&'i DriverImportance> {
    imp?.drivers.iter().find(|d| d.path == path)
}

/// What the importance columns mean.
const IMPORTANCE_HELP: [(&str, &str); 3] = [
    (
        "Rank corr.",
        "Spearman rank correlation of the driver with the KPI over samples where every \
         driver is drawn at once: the sign says which way it pushes.",
    ),
    (
        "S1",
        "First-order Sobol' index: the share of the KPI's variance this driver explains \
         on its own.",
    ),
    (
        "ST",
        "Total-order Sobol' index: the share it takes part in, alone or together with others. \
         ST well above S1 means the driver matters through interactions the tornado cannot \
         show.",
    ),
];

/// The bars as rows, widest swing first, with each driver's importance beside its bar.
fn table_ui(
    ui: &mut Ui,
    t: &Tornado,
    imp: Option<&Importance>,
    metric_name: &str,
    unit: &str,
    units: &[String],
) {
    Grid::new("tornado-rows")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for h in [
                "Driver",
                "Input at P10 to P90",
                &format!("{metric_name} at P10 to P90"),
                "Swing",
            ] {
                ui.label(RichText::new(h).strong());
            }
            for (h, help) in IMPORTANCE_HELP {
                ui.label(RichText::new(h).strong()).on_hover_text(help);
            }
            ui.end_row();
            for (k, b) in t.bars.iter().enumerate() {
                ui.label(param_name(&b.path)).on_hover_text(&b.path);
                ui.label(format!(
                    "{} to {}",
                    input(b.low_input, &units[k]),
                    input(b.high_input, &units[k])
                ));
                ui.label(format!(
                    "{} to {}",
                    value_or_no_plan(b.at_low, unit),
                    value_or_no_plan(b.at_high, unit)
                ));
                ui.label(value_or_no_plan(b.swing(), unit));
                let d = importance_of(imp, &b.path);
                ui.label(index(d.and_then(|d| d.spearman), true));
                ui.label(index(d.map(|d| d.first_order), false));
                ui.label(index(d.map(|d| d.total_order), false));
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(at_low: f64, at_high: f64) -> TornadoBar {
        TornadoBar {
            path: "x".into(),
            low_input: 1.0,
            high_input: 2.0,
            at_low,
            at_high,
        }
    }

    #[test]
    fn end_labels_leave_out_what_the_input_is_per() {
        assert_eq!(input(2.4e6, "USD per MW"), "$2.40M per MW");
        assert_eq!(end_text(2.4e6, "USD per MW"), "$2.40M");
        assert_eq!(end_text(3.5, "years"), input(3.5, "years"));
    }

    #[test]
    fn end_labels_sit_beyond_their_ends() {
        let [l, h] = end_labels(&bar(5.0, 15.0), 10.0);
        assert_eq!((l.2, h.2), (Align2::RIGHT_CENTER, Align2::LEFT_CENTER));
        let [l, h] = end_labels(&bar(15.0, 5.0), 10.0);
        assert_eq!((l.2, h.2), (Align2::LEFT_CENTER, Align2::RIGHT_CENTER));
        // Both above the base: the nearer end's label points back towards it.
        let [l, h] = end_labels(&bar(11.0, 15.0), 10.0);
        assert_eq!((l.2, h.2), (Align2::RIGHT_CENTER, Align2::LEFT_CENTER));
        let [l, h] = end_labels(&bar(4.0, 9.0), 10.0);
        assert_eq!((l.2, h.2), (Align2::RIGHT_CENTER, Align2::LEFT_CENTER));
        assert_eq!((l.1, h.1), (1.0, 2.0));
    }
}
