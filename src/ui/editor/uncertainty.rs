//! Uncertainty drivers: which number of the scenario is uncertain (a parameter path, picked
//! from every number the scenario has) and its distribution — the list (add, remove,
//! duplicate, reorder) and the open driver's fields.

use egui::Ui;

use super::EditorState;
use super::distribution::{FieldsSpec, around, fields_ui};
use super::fields::{combo_row, param_unit};
use super::list::{ItemButtons, item_header_ui};
use super::row::RowContext;
use crate::model::{Driver, ParamValue, Scenario, param_label, param_name, param_value, params};

pub fn uncertainty_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "uncertainty");
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
        let dname = param_name(&dpath);
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
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_driver,
            &dname,
            &format!("Driver {dname}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        if state.selected_driver == Some(i) {
            let current = param_value(s, &dpath);
            ui.indent(("driver", i), |ui| {
                driver_ui(ui, cx, &mut s.uncertainty[i], &path, &numbers, current);
            });
        } else {
            cx.mark_under(&[&path]);
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
                fixed_bounds: false,
            });
            state.selected_driver = Some(s.uncertainty.len() - 1);
        }
    }
}

fn driver_ui(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    d: &mut Driver,
    path: &str,
    numbers: &[(String, String)],
    current: Option<f64>,
) {
    cx.show_at(ui, path);
    let labels: Vec<String> = numbers.iter().map(|(p, u)| param_label(p, u)).collect();
    let mut options: Vec<(String, &str)> = numbers
        .iter()
        .zip(&labels)
        .map(|((p, _), l)| (p.clone(), l.as_str()))
        .collect();
    let missing = format!("{} (no such number)", d.path);
    if !numbers.iter().any(|(p, _)| *p == d.path) {
        options.push((d.path.clone(), &missing));
    }
    combo_row(
        ui,
        cx,
        &format!("{path}.path"),
        "Driver number",
        &mut d.path,
        &options,
    );
    let unit = param_unit(
        numbers
            .iter()
            .find(|(p, _)| *p == d.path)
            .map_or("", |(_, u)| u.as_str()),
    );
    if let Some(v) = current {
        ui.weak(format!("Now {}", unit.show(v)));
    }
    fields_ui(
        ui,
        cx,
        &mut d.distribution,
        FieldsSpec {
            path: &format!("{path}.distribution"),
            prefix: "Driver",
            unit,
            current: current.unwrap_or(0.0),
        },
    );
}
