//! Compare: two or more open scenarios side by side — any output series overlaid, one line
//! per scenario, and for each scenario against the first one checked, the parameters that
//! differ (with units) and the first year each output series parts ways — the same engine as
//! `buildout diff` ([`crate::io::param_changes`], [`crate::engine::compare`]).
//!
//! Every open document is compared unless unchecked here. Diffs simulate both scenarios, so
//! they are kept until either scenario changes.

use std::collections::HashSet;

use egui::{Grid, RichText, ScrollArea, Ui};
use egui_plot::{Corner, HoverPosition, uniform_grid_spacer};

use super::OpenDoc;
use super::common::{
    YFormat, at, hovered_period, legend, note_ui, period_label, plot_line, time_plot,
    time_plot_without_zero, y_axis,
};
use super::palette;
use super::series::end_points;
use super::uncertainty::picker_ui;
use crate::engine::Outcome;
use crate::engine::compare::{Divergence, divergence};
use crate::format::{series_label, series_labels, value_with_unit};
use crate::io::{ParamChange, param_changes};
use crate::model::{ParamValue, Scenario, capitalised, param_label, unit_label};
use crate::ui::editor::param_unit;

/// What the Compare tab shows.
pub struct CompareView {
    /// Open documents left out (by id); every other open document is compared.
    pub unchecked: HashSet<u64>,
    /// The overlaid series, by name.
    pub series: String,
    /// The overlay on a log10 axis (scenarios that grow at different rates read as slopes).
    pub log: bool,
    diffs: Vec<CachedDiff>,
}

impl Default for CompareView {
    fn default() -> Self {
        Self {
            unchecked: HashSet::new(),
            series: "delivered compute".to_owned(),
            log: false,
            diffs: Vec::new(),
        }
    }
}

/// What differs between two scenarios: parameters, and when their outcomes part ways.
struct Diff {
    changes: Vec<ParamChange>,
    divergence: Vec<Divergence>,
}

/// A diff and the two scenarios it was computed for.
struct CachedDiff {
    a: Scenario,
    b: Scenario,
    diff: Diff,
}

impl CompareView {
    /// The diff of `a` against `b`, computed once per pair of scenarios.
    fn diff(&mut self, a: &Scenario, b: &Scenario) -> &Diff {
        let k = match self.diffs.iter().position(|c| c.a == *a && c.b == *b) {
            Some(k) => k,
            None => {
                self.diffs.push(CachedDiff {
                    a: a.clone(),
                    b: b.clone(),
                    diff: Diff {
                        changes: param_changes(a, b),
                        divergence: divergence(a, b),
                    },
                });
                self.diffs.len() - 1
            }
        };
        &self.diffs[k].diff
    }
}

/// One checkbox per open document and the series picker.
pub fn controls_ui(ui: &mut Ui, view: &mut CompareView, docs: &[OpenDoc<'_>], o: &Outcome) {
    ui.label("Compare:");
    for d in docs {
        let mut on = !view.unchecked.contains(&d.id);
        if ui
            .checkbox(&mut on, &d.name)
            .on_hover_text("Include this scenario")
            .changed()
        {
            if on {
                view.unchecked.remove(&d.id);
            } else {
                view.unchecked.insert(d.id);
            }
        }
    }
    ui.separator();
    let names: Vec<String> = o.columns().into_iter().map(|c| c.name).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let labels = series_labels(o);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    picker_ui(
        ui,
        "Series",
        "compare-series",
        &mut view.series,
        &names,
        &labels,
    );
    ui.checkbox(&mut view.log, "Log scale").on_hover_text(
        "The series on a logarithmic axis: growth rates compare as slopes. Values at or \
         below zero have no logarithm and are left out.",
    );
}

/// The overlay and the diff tables.
pub fn compare_ui(ui: &mut Ui, view: &mut CompareView, docs: &[OpenDoc<'_>]) {
    let chosen: Vec<&OpenDoc<'_>> = docs
        .iter()
        .filter(|d| !view.unchecked.contains(&d.id))
        .collect();
    if docs.len() < 2 {
        note_ui(
            ui,
            "Open a second scenario to compare (File > Open, or + for a new one).",
        );
        return;
    }
    if chosen.len() < 2 {
        note_ui(ui, "Check at least two scenarios to compare.");
        return;
    }
    let gap = ui.spacing().item_spacing.y;
    let plot_height = ((ui.available_height() - gap) * 0.55).max(160.0);
    overlay_ui(ui, &view.series, view.log, &chosen, plot_height);
    let reference = chosen[0];
    // Keep only the diffs still on screen.
    view.diffs
        .retain(|c| c.a == *reference.scenario && chosen[1..].iter().any(|o| c.b == *o.scenario));
    ScrollArea::vertical()
        .id_salt("compare-diffs")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for other in &chosen[1..] {
                let d = view.diff(reference.scenario, other.scenario);
                diff_ui(ui, reference, other, d);
            }
        });
}

/// Legend names: the scenario names, numbered where two are the same.
fn legend_names(docs: &[&OpenDoc<'_>]) -> Vec<String> {
    docs.iter()
        .enumerate()
        .map(|(k, d)| {
            let same = docs[..k].iter().filter(|e| e.name == d.name).count();
            if same == 0 {
                d.name.clone()
            } else {
                format!("{} ({})", d.name, same + 1)
            }
        })
        .collect()
}

/// The values a series is drawn at: as they are, or on a log axis their log10 (values at or
/// below zero, which have none, as NaN: left out of the line).
fn plotted(values: &[f64], log: bool) -> Vec<f64> {
    if !log {
        return values.to_vec();
    }
    values
        .iter()
        .map(|v| if *v > 0.0 { v.log10() } else { f64::NAN })
        .collect()
}

fn overlay_ui(ui: &mut Ui, series: &str, log: bool, docs: &[&OpenDoc<'_>], height: f32) {
    let Some(first) = docs.iter().find_map(|d| d.outcome) else {
        note_ui(ui, "None of these scenarios has a result yet.");
        return;
    };
    let unit = first
        .columns()
        .into_iter()
        .find(|c| c.name == series)
        .map_or_else(String::new, |c| c.unit);
    let shown = series_label(first, series);
    let label = if unit.is_empty() {
        shown
    } else {
        format!("{shown} [{}]", unit_label(&unit))
    };
    let names = legend_names(docs);
    let readout = {
        let lines: Vec<(String, &Outcome)> = docs
            .iter()
            .zip(&names)
            .filter_map(|(d, n)| d.outcome.map(|o| (n.clone(), o)))
            .collect();
        let (series, unit) = (series.to_owned(), unit.clone());
        move |pos: &HoverPosition<'_>| {
            let mut text = Vec::new();
            for (name, o) in &lines {
                let Some(i) = hovered_period(o, pos) else {
                    continue;
                };
                let Some(col) = o.columns().into_iter().find(|c| c.name == series) else {
                    continue;
                };
                if text.is_empty() {
                    text.push(period_label(o, i));
                }
                text.push(format!(
                    "{name}: {}",
                    value_with_unit(at(col.values, i), &unit)
                ));
            }
            (!text.is_empty()).then(|| text.join("\n"))
        }
    };
    let plot = if log {
        time_plot_without_zero(
            first,
            "plot-compare",
            vec![y_axis(YFormat::LogQuantity, format!("{label}, log scale"))],
        )
        .y_grid_spacer(uniform_grid_spacer(|_| [1.0, 1.0, 10.0]))
    } else {
        time_plot(
            first,
            "plot-compare",
            vec![y_axis(YFormat::for_unit(&unit), label)],
        )
    };
    plot.height(height)
        .legend(legend(Corner::LeftTop))
        .label_formatter(readout)
        .show(ui, |plot_ui| {
            for (k, d) in docs.iter().enumerate() {
                let Some(o) = d.outcome else { continue };
                let Some(col) = o.columns().into_iter().find(|c| c.name == series) else {
                    continue;
                };
                let dt = o.horizon.map_or(1.0, |h| h.dt_years());
                plot_ui.line(
                    plot_line(
                        names[k].clone(),
                        end_points(&o.time, dt, &plotted(col.values, log)),
                    )
                    .color(palette::segment(k))
                    .width(2.0),
                );
            }
        });
}

/// Longest text value shown in a cell (the whole text is in its hover text).
const TEXT_CHARS: usize = 40;

/// A parameter value with its unit, or `—` where a scenario does not have it; long texts
/// are cut to [`TEXT_CHARS`] characters.
fn shown(v: Option<&ParamValue>, unit: &str) -> String {
    match v {
        None => "—".to_owned(),
        Some(ParamValue::Number(x)) => param_unit(unit).show(*x),
        Some(ParamValue::Text(t)) if t.chars().count() > TEXT_CHARS => {
            let cut: String = t.chars().take(TEXT_CHARS - 1).collect();
            format!("{}…", cut.trim_end())
        }
        Some(ParamValue::Text(t)) => t.clone(),
    }
}

/// The widths of a table of `columns` (two or more) columns that fits `width`: the first (a
/// name) takes half of it, at most `NAME_WIDTH_MAX`, the others share the rest; `gap` lies
/// between columns. A cell whose text is wider is shortened, the whole text on hover.
fn column_widths(width: f32, gap: f32, columns: usize) -> (f32, f32) {
    let inner = (width - gap * (columns - 1) as f32).max(0.0);
    let name = (inner * 0.5).min(NAME_WIDTH_MAX);
    (name, (inner - name) / (columns - 1) as f32)
}

/// The widest the name column of a Compare table gets.
const NAME_WIDTH_MAX: f32 = 420.0;

/// One cell `width` wide: its text shortened to fit, the whole text on hover.
fn cell_ui(ui: &mut Ui, width: f32, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ui.spacing().interact_size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).truncate())
        },
    )
    .inner
}

/// A value's cell, with the whole text on hover where it was cut.
fn value_cell_ui(ui: &mut Ui, width: f32, v: Option<&ParamValue>, unit: &str) {
    let r = cell_ui(ui, width, shown(v, unit));
    if let Some(ParamValue::Text(t)) = v
        && t.chars().count() > TEXT_CHARS
    {
        r.on_hover_text(t);
    }
}

fn diff_ui(ui: &mut Ui, a: &OpenDoc<'_>, b: &OpenDoc<'_>, d: &Diff) {
    ui.add_space(6.0);
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "{} vs {}: {} changed parameter{}",
                a.name,
                b.name,
                d.changes.len(),
                if d.changes.len() == 1 { "" } else { "s" }
            ))
            .strong(),
        )
        .wrap(),
    );
    let gap = ui.spacing().item_spacing.x;
    // The tables fit the width they are given, whatever the names' lengths.
    let width = ui.available_width();
    if !d.changes.is_empty() {
        let (name_w, value_w) = column_widths(width, gap, 3);
        Grid::new(("diff-changes", a.id, b.id))
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                cell_ui(ui, name_w, RichText::new("Parameter").weak());
                for h in [a.name.as_str(), b.name.as_str()] {
                    cell_ui(ui, value_w, RichText::new(h).weak());
                }
                ui.end_row();
                for c in &d.changes {
                    cell_ui(ui, name_w, param_label(&c.path, &c.unit))
                        .on_hover_text(c.path.as_str());
                    value_cell_ui(ui, value_w, c.a.as_ref(), &c.unit);
                    value_cell_ui(ui, value_w, c.b.as_ref(), &c.unit);
                    ui.end_row();
                }
            });
    }
    let mut parted: Vec<_> = d
        .divergence
        .iter()
        .filter_map(|v| v.first_year.map(|y| (y, v)))
        .collect();
    parted.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.series.cmp(&y.1.series)));
    let same = d.divergence.len() - parted.len();
    ui.add_space(4.0);
    ui.label(RichText::new("First year each output series differs").strong());
    if parted.is_empty() {
        ui.weak("The outcomes are the same in every year.");
        return;
    }
    let (name_w, year_w) = column_widths(width, gap, 2);
    Grid::new(("diff-divergence", a.id, b.id))
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for (year, v) in parted {
                let shown = a
                    .outcome
                    .map_or_else(|| capitalised(&v.series), |o| series_label(o, &v.series));
                let name = if v.unit.is_empty() {
                    shown
                } else {
                    format!("{shown} [{}]", unit_label(&v.unit))
                };
                cell_ui(ui, name_w, name);
                cell_ui(ui, year_w.min(80.0), year.to_string());
                ui.end_row();
            }
        });
    if same > 0 {
        ui.weak(format!("{same} series are the same throughout."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_axis_plots_log10_and_leaves_out_what_has_none() {
        let v = [0.0, 10.0, 1e6, -3.0, 2.5];
        assert_eq!(plotted(&v, false), v.to_vec());
        let l = plotted(&v, true);
        assert!(l[0].is_nan() && l[3].is_nan());
        assert_eq!((l[1], l[2]), (1.0, 6.0));
        assert_eq!(l[4], 2.5f64.log10());
        // Left out of the line, not drawn at zero.
        let pts = end_points(&[0.0, 1.0, 2.0, 3.0, 4.0], 1.0, &l);
        assert_eq!(
            pts.iter().map(|p| p[0]).collect::<Vec<_>>(),
            [2.0, 3.0, 5.0]
        );
    }

    #[test]
    fn legend_names_number_repeated_scenario_names() {
        let s = Scenario::template();
        let doc = |id, name: &str| OpenDoc {
            id,
            name: name.to_owned(),
            scenario: &s,
            outcome: None,
        };
        let docs = [doc(1, "A"), doc(2, "B"), doc(3, "A")];
        let refs: Vec<&OpenDoc<'_>> = docs.iter().collect();
        assert_eq!(legend_names(&refs), ["A", "B", "A (2)"]);
        // Columns that fit: the name half the width (at most NAME_WIDTH_MAX), the rest shared.
        assert_eq!(column_widths(508.0, 4.0, 3), (250.0, 125.0));
        assert_eq!(column_widths(2008.0, 4.0, 3), (420.0, 790.0));
        assert_eq!(column_widths(104.0, 4.0, 2), (50.0, 50.0));
        assert_eq!(shown(None, "USD"), "—");
        assert_eq!(
            shown(Some(&ParamValue::Number(2.5e9)), "USD/yr"),
            "$2.50B/yr"
        );
        assert_eq!(
            shown(Some(&ParamValue::Number(0.05)), "fraction per year"),
            "5 %/yr"
        );
    }
}
