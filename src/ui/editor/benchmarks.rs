//! Benchmarks: macro limits the plan's yearly draws are checked against — the list (add,
//! remove, duplicate, reorder) and the open benchmark's name, value curve, measured flow, limit
//! share and notes.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui, summary};
use super::fields::{Unit, combo_row, notes_row, number_row};
use super::list::{ItemButtons, ListAction, item_header_ui};
use super::names::name_row;
use super::row::RowContext;
use crate::model::{DrawMeasure, Scenario};

pub fn benchmarks_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "benchmarks");
    let len = s.benchmarks.len();
    let mut action = None;
    for i in 0..len {
        let name = s.benchmarks[i].name.clone();
        let path = format!("benchmarks[{name}]");
        let button_name = format!("benchmark {name}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint: format!("Remove the benchmark {name} (and uncertainty drivers on it)"),
            duplicate_hint: Some(format!("Add a copy of {name} below it")),
            no_duplicate: "",
        };
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_benchmark,
            &name,
            &format!("Benchmark {name}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        if state.selected_benchmark == Some(i) {
            ui.indent(("benchmark", i), |ui| {
                benchmark_ui(ui, state, cx, s, i, &path);
            });
        } else {
            let b = &s.benchmarks[i];
            let line = format!(
                "{} ≤ {} of {}",
                b.measure.label(),
                Unit::Percent("").show(b.limit_share),
                summary(&b.value_usd, Unit::Usd(""), &s.horizon)
            );
            ui.indent(("benchmark", i), |ui| ui.weak(line));
            cx.mark_under(&[&path]);
        }
    }
    if let Some(a) = action {
        match a {
            ListAction::Up(_) | ListAction::Down(_) => a.apply(&mut s.benchmarks),
            ListAction::Duplicate(i) => {
                s.duplicate_benchmark(i);
            }
            ListAction::Remove(i) => {
                s.remove_benchmark(i);
            }
        }
        a.update_selection(&mut state.selected_benchmark);
    }
    if ui
        .button("+ Add benchmark")
        .on_hover_text("A macro limit, e.g. yearly chip sales or corporate debt issued")
        .clicked()
    {
        state.selected_benchmark = Some(s.add_benchmark());
    }
}

fn benchmark_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    s: &mut Scenario,
    i: usize,
    path: &str,
) {
    cx.show_at(ui, path);
    let horizon = s.horizon;
    let current = s.benchmarks[i].name.clone();
    name_row(
        ui,
        cx,
        &mut state.names,
        ("benchmark name", i),
        &format!("{path}.name"),
        "Benchmark name",
        &current,
        |new| s.rename_benchmark(i, new),
    );
    let b = &mut s.benchmarks[i];
    let value_path = format!("{path}.value_usd");
    curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut b.value_usd,
        CurveSpec {
            path: &value_path,
            title: "Benchmark size",
            unit: Unit::Usd(""),
            range: (0.0, 1e17),
            horizon,
        },
    );
    let measures: Vec<(DrawMeasure, &str)> =
        DrawMeasure::ALL.iter().map(|m| (*m, m.label())).collect();
    combo_row(
        ui,
        cx,
        &format!("{path}.measure"),
        "Measure",
        &mut b.measure,
        &measures,
    )
    .on_hover_text("Which of the plan's yearly flows is compared with the benchmark");
    number_row(
        ui,
        cx,
        &format!("{path}.limit_share"),
        "Limit share",
        &mut b.limit_share,
        Unit::Percent(" of the benchmark"),
        0.0..=10.0,
    )
    .on_hover_text("A year whose draw exceeds this share of the benchmark is flagged");
    notes_row(
        ui,
        cx,
        &format!("{path}.notes"),
        "Benchmark notes",
        &mut b.notes,
    );
}
