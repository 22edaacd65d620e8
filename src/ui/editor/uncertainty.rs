//! Uncertainty drivers: which number of the scenario is uncertain (a parameter path, picked
//! from every number the scenario has) and its distribution — the list (add, remove,
//! duplicate, reorder) and the open driver's fields.

use egui::Ui;

use super::EditorState;
use super::fields::{Toggle, Unit, combo_row, number_ui, optional_number_row, row_with};
use super::issues::Issues;
use super::list::{ItemButtons, item_header_ui};
use crate::model::{Distribution, Driver, ParamValue, Scenario, param_value, params};

const KINDS: [(u8, &str); 4] = [
    (0, "Uniform"),
    (1, "Triangular"),
    (2, "Normal"),
    (3, "LogNormal"),
];

fn kind_index(d: &Distribution) -> u8 {
    match d {
        Distribution::Uniform { .. } => 0,
        Distribution::Triangular { .. } => 1,
        Distribution::Normal { .. } => 2,
        Distribution::LogNormal { .. } => 3,
    }
}

/// A distribution of kind `k` around `v` (±20 %).
fn around(k: u8, v: f64) -> Distribution {
    let v = if v.is_finite() { v } else { 0.0 };
    let d = (v.abs() * 0.2).max(f64::EPSILON);
    match k {
        0 => Distribution::Uniform {
            low: v - d,
            high: v + d,
        },
        1 => Distribution::around(v, 0.2),
        2 => Distribution::Normal {
            mean: v,
            sd: d / 2.0,
            low: None,
            high: None,
        },
        _ => Distribution::LogNormal {
            median: if v > 0.0 { v } else { 1.0 },
            sigma: 0.2,
            low: None,
            high: None,
        },
    }
}

pub fn uncertainty_ui(ui: &mut Ui, state: &mut EditorState, issues: &Issues<'_>, s: &mut Scenario) {
    issues.show_at(ui, "uncertainty");
    ui.weak("Uncertain numbers, for Monte Carlo and the tornado chart.");
    let numbers: Vec<(String, String)> =
        if s.uncertainty.is_empty() && state.selected_driver.is_none() {
            Vec::new()
        } else {
            params(s)
                .into_iter()
                .filter(|p| matches!(p.value, ParamValue::Number(_)))
                .map(|p| (p.path, p.unit))
                .collect()
        };
    let len = s.uncertainty.len();
    let mut action = None;
    for i in 0..len {
        let dpath = s.uncertainty[i].path.clone();
        let path = format!("uncertainty[{dpath}]");
        let button_name = format!("driver {dpath}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint: "Remove this driver".to_owned(),
            duplicate_hint: Some("Add a copy below it (then pick another number)".to_owned()),
            no_duplicate: "",
        };
        let count = issues.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_driver,
            &dpath,
            &format!("Driver {dpath}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        if state.selected_driver == Some(i) {
            let current = param_value(s, &dpath);
            ui.indent(("driver", i), |ui| {
                driver_ui(
                    ui,
                    state,
                    issues,
                    &mut s.uncertainty[i],
                    &path,
                    &numbers,
                    current,
                );
            });
        } else {
            issues.mark_under(&[&path]);
        }
    }
    if let Some(a) = action {
        a.apply(&mut s.uncertainty);
        a.update_selection(&mut state.selected_driver);
    }
    if ui
        .button("+ Add uncertainty driver")
        .on_hover_text("±20 % on the first number that has no driver yet")
        .clicked()
    {
        let all = params(s);
        let free = all.iter().find_map(|p| match p.value {
            ParamValue::Number(v) if !s.uncertainty.iter().any(|d| d.path == p.path) => {
                Some((p.path.clone(), v))
            }
            _ => None,
        });
        if let Some((path, v)) = free {
            s.uncertainty.push(Driver {
                path,
                distribution: around(1, v),
            });
            state.selected_driver = Some(s.uncertainty.len() - 1);
        }
    }
}

fn driver_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    issues: &Issues<'_>,
    d: &mut Driver,
    path: &str,
    numbers: &[(String, String)],
    current: Option<f64>,
) {
    issues.show_at(ui, path);
    let mut options: Vec<(String, &str)> = numbers
        .iter()
        .map(|(p, _)| (p.clone(), p.as_str()))
        .collect();
    let missing = format!("{} (no such number)", d.path);
    if !numbers.iter().any(|(p, _)| *p == d.path) {
        options.push((d.path.clone(), &missing));
    }
    combo_row(
        ui,
        issues,
        &format!("{path}.path"),
        "Driver number",
        &mut d.path,
        &options,
    );
    let unit = numbers
        .iter()
        .find(|(p, _)| *p == d.path)
        .map_or("", |(_, u)| u.as_str());
    if let Some(v) = current {
        ui.weak(format!("Now {}", Unit::Amount(unit).show(v)));
    }
    let dist_path = format!("{path}.distribution");
    let mut k = kind_index(&d.distribution);
    if combo_row(ui, issues, &dist_path, "Distribution", &mut k, &KINDS).changed() {
        d.distribution = around(k, current.unwrap_or(0.0));
    }
    let amount = Unit::Amount(unit);
    let plain = Unit::Amount("");
    let all = f64::MIN..=f64::MAX;
    let num = |ui: &mut Ui, label: &str, x: &mut f64, u: Unit<'_>| {
        row_with(
            ui,
            issues,
            "",
            label,
            Some(&format!("Driver {}", label.to_lowercase())),
            |ui| number_ui(ui, x, u, all.clone()),
        );
    };
    let mut bounds = |ui: &mut Ui, low: &mut Option<f64>, high: &mut Option<f64>, mid: f64| {
        for (label, v) in [("Lower bound", low), ("Upper bound", high)] {
            optional_number_row(
                ui,
                issues,
                &mut state.numbers,
                &format!("{dist_path}.{label}"),
                Toggle {
                    label,
                    hint: "Truncate the distribution here",
                },
                v,
                mid,
                amount,
                all.clone(),
            );
        }
    };
    match &mut d.distribution {
        Distribution::Uniform { low, high } => {
            num(ui, "Low", low, amount);
            num(ui, "High", high, amount);
        }
        Distribution::Triangular { low, mode, high } => {
            num(ui, "Low", low, amount);
            num(ui, "Mode", mode, amount);
            num(ui, "High", high, amount);
        }
        Distribution::Normal {
            mean,
            sd,
            low,
            high,
        } => {
            num(ui, "Mean", mean, amount);
            num(ui, "SD", sd, amount);
            let m = *mean;
            bounds(ui, low, high, m);
        }
        Distribution::LogNormal {
            median,
            sigma,
            low,
            high,
        } => {
            num(ui, "Median", median, amount);
            num(ui, "Sigma", sigma, plain);
            let m = *median;
            bounds(ui, low, high, m);
        }
    }
}
