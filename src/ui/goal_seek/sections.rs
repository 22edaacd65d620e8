//! The goal-seek dialog's sections: the parameter (searchable list), the metric and target,
//! the bounds, and the answer.

use egui::{ComboBox, RichText, ScrollArea, TextEdit, Ui};

use super::{GoalSeekDialog, Metric};
use crate::engine::Outcome;
use crate::engine::goalseek::SeekAnswer;
use crate::engine::metrics::{kpi_values, metric, metric_unit};
use crate::format::{metric_label, series_label, series_labels};
use crate::model::{ParamValue, Scenario, matches_words, param_label, param_name, params};
use crate::ui::command::Command;
use crate::ui::editor::{Unit, number_ui, param_unit};

/// The unit of parameter `path` in `s`, and its value.
fn param_info(s: &Scenario, path: &str) -> Option<(String, f64)> {
    params(s).into_iter().find_map(|p| match p.value {
        ParamValue::Number(x) if p.path == path => Some((p.unit, x)),
        _ => None,
    })
}

pub fn parameter_ui(ui: &mut Ui, d: &mut GoalSeekDialog, s: &Scenario) {
    let l = ui.label("Find a parameter");
    ui.add(
        TextEdit::singleline(&mut d.search)
            .hint_text("words, e.g. fabs capex, power lead time")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    // (path, name, unit, value) of every number whose name or path holds every word typed.
    let numbers: Vec<(String, String, String, f64)> = params(s)
        .into_iter()
        .filter_map(|p| match p.value {
            ParamValue::Number(x) => {
                let name = param_label(&p.path, &p.unit);
                matches_words(&d.search, &[&name, &p.path]).then_some((p.path, name, p.unit, x))
            }
            ParamValue::Text(_) => None,
        })
        .collect();
    let mut chosen = None;
    ScrollArea::vertical()
        .id_salt("goal-seek-params")
        .max_height(140.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (path, name, unit, x) in &numbers {
                let selected = d.path.as_deref() == Some(path.as_str());
                if ui
                    .selectable_label(selected, name)
                    .on_hover_text(format!("Now {}\n{path}", param_unit(unit).show(*x)))
                    .clicked()
                {
                    chosen = Some(path.clone());
                }
            }
            if numbers.is_empty() {
                ui.weak("No number's name holds all of those words.");
            }
        });
    if let Some(p) = chosen {
        d.choose(s, p);
    }
    match d
        .path
        .as_deref()
        .and_then(|p| param_info(s, p).map(|i| (p, i)))
    {
        Some((p, (unit, x))) => {
            ui.label(format!(
                "Parameter: {}, now {}",
                param_name(p),
                param_unit(&unit).show(x)
            ))
            .on_hover_text(p);
        }
        None => {
            ui.weak("Pick the parameter to vary from the list.");
        }
    }
}

pub fn metric_ui(ui: &mut Ui, d: &mut GoalSeekDialog, o: Option<&Outcome>) {
    let Some(o) = o else {
        ui.weak("The scenario has no valid result to take metrics from.");
        return;
    };
    let before = d.metric.clone();
    ui.horizontal(|ui| {
        let l = ui.label("Metric kind");
        let mut series = matches!(d.metric, Metric::Series(..));
        let r = ui.radio_value(&mut series, false, "A KPI");
        r.labelled_by(l.id);
        ui.radio_value(&mut series, true, "A series in a year");
        match (&d.metric, series) {
            (Metric::Kpi(_), true) => {
                let year = o.horizon.map_or(2030, |h| h.end_year);
                d.metric = Metric::Series("delivered compute".to_owned(), year);
            }
            (Metric::Series(..), false) => d.metric = Metric::Kpi("compute_end".to_owned()),
            _ => {}
        }
    });
    match &mut d.metric {
        Metric::Kpi(key) => {
            let kpis = kpi_values(o);
            let shown = kpis
                .iter()
                .find(|k| k.key == *key)
                .map_or(key.clone(), |k| k.label.clone());
            let l = ui.label("KPI to reach");
            ComboBox::from_id_salt("goal-seek-kpi")
                .selected_text(shown)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for k in &kpis {
                        ui.selectable_value(key, k.key.clone(), &k.label);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        Metric::Series(name, year) => {
            let l = ui.label("Series to reach");
            ComboBox::from_id_salt("goal-seek-series")
                .selected_text(series_label(o, name))
                .height(300.0)
                .show_ui(ui, |ui| {
                    for (c, label) in o.columns().into_iter().zip(series_labels(o)) {
                        ui.selectable_value(name, c.name.clone(), label);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                let l = ui.label("Year to reach");
                let (lo, hi) = o
                    .horizon
                    .map_or((1900, 2300), |h| (h.start_year, h.end_year));
                ui.add(egui::DragValue::new(year).range(lo..=hi).speed(0.1))
                    .labelled_by(l.id);
            });
        }
    }
    let key = d.metric.key();
    let now = metric(o, &key);
    if d.metric != before {
        // A new metric: start from its present value.
        d.target = now.unwrap_or(d.target);
        d.answer = None;
    }
    let unit = metric_unit(o, &key).unwrap_or_default();
    let u = param_unit(&unit);
    ui.horizontal(|ui| {
        let l = ui.label("Target");
        number_ui(ui, &mut d.target, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        if let Some(v) = now {
            ui.weak(format!("now {}", u.show(v)));
        }
    });
}

pub fn bounds_ui(ui: &mut Ui, d: &mut GoalSeekDialog, s: &Scenario) {
    let Some((unit, _)) = d.path.as_deref().and_then(|p| param_info(s, p)) else {
        return;
    };
    let u = param_unit(&unit);
    ui.horizontal(|ui| {
        let l = ui.label("Lowest value");
        number_ui(ui, &mut d.low, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        let l = ui.label("Highest value");
        number_ui(ui, &mut d.high, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        if ui
            .button("Reset")
            .on_hover_text(
                "The driver's range if the number is uncertain, else zero to twice its value",
            )
            .clicked()
            && let Some(p) = d.path.clone()
        {
            d.choose(s, p);
        }
    });
}

pub fn answer_ui(
    ui: &mut Ui,
    d: &GoalSeekDialog,
    s: &Scenario,
    o: Option<&Outcome>,
    out: &mut Vec<Command>,
) {
    let Some((q, answer)) = &d.answer else {
        return;
    };
    let p_unit = param_info(s, &q.path).map_or_else(String::new, |(u, _)| u);
    let pu: Unit<'_> = param_unit(&p_unit);
    let m_unit = o
        .and_then(|o| metric_unit(o, &q.metric))
        .unwrap_or_default();
    let mu = param_unit(&m_unit);
    match answer {
        Ok(SeekAnswer::Found {
            value,
            achieved,
            evaluations,
        }) => {
            ui.label(
                RichText::new(format!(
                    "Found: {} = {} gives {} = {}",
                    param_name(&q.path),
                    pu.show(*value),
                    o.map_or_else(|| q.metric.clone(), |o| metric_label(o, &q.metric)),
                    mu.show(*achieved)
                ))
                .strong(),
            );
            ui.weak(format!("{evaluations} simulations"));
            if (achieved - q.target).abs() > 1e-6 * q.target.abs().max(1.0) {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "The metric steps across {} here rather than reaching it: no value \
                         within the bounds gives it exactly.",
                        mu.show(q.target)
                    ),
                );
            }
            if ui
                .button(format!("Apply {}", pu.show(*value)))
                .on_hover_text("Set the parameter to this value (one undo step)")
                .clicked()
            {
                out.push(Command::SetParameter {
                    doc: d.doc,
                    path: q.path.clone(),
                    value: *value,
                });
            }
        }
        Ok(SeekAnswer::Unreachable {
            min_metric,
            max_metric,
            closest_value,
            closest_metric,
        }) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Unreachable within bounds: the metric ranges from {} to {}",
                    mu.show(*min_metric),
                    mu.show(*max_metric)
                ),
            );
            ui.weak(format!(
                "Closest: {} = {} gives {}. Widen the bounds or pick another parameter.",
                param_name(&q.path),
                pu.show(*closest_value),
                mu.show(*closest_metric)
            ));
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
}
