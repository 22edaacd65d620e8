//! Segments: the list (add, remove with its references, duplicate, reorder) and the open
//! segment's fields — name (renames its references), kind, unit, installed base, capex,
//! learning, lead time, ramp, lifetime, opex, optional max starts and baseline additions, notes.
//! Numbers show the segment's own unit (`$400K per wafers/month`).

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, optional_curve_ui};
use super::fields::{
    Toggle, Unit, combo_row, notes_row, number_row, optional_number_row, text_row,
};
use super::list::{ItemButtons, ListAction, item_header_ui};
use super::names::name_row;
use super::row::RowContext;
use crate::model::{Curve, Scenario, SegmentKind};

pub fn segments_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "segments");
    let len = s.segments.len();
    let mut action = None;
    for i in 0..len {
        let name = s.segments[i].name.clone();
        let path = format!("segments[{name}]");
        let refs = s.segment_references(&name).describe();
        let remove_hint = if refs.is_empty() {
            format!("Remove {name} (nothing else refers to it)")
        } else {
            format!("Remove {name} and its {refs}")
        };
        let button_name = format!("segment {name}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint,
            duplicate_hint: Some(format!(
                "Add a copy of {name} below it (without its share or chain links)"
            )),
            no_duplicate: "",
        };
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_segment,
            &name,
            &format!("Segment {name}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        if state.selected_segment == Some(i) {
            ui.indent(("segment", i), |ui| segment_ui(ui, state, cx, s, i, &path));
        } else {
            let g = &s.segments[i];
            let line = format!(
                "{} · {} per {} · {} to build",
                g.kind.label(),
                crate::format::usd(g.capex_usd_per_unit),
                g.unit,
                Unit::Years.show(g.lead_time_years)
            );
            ui.indent(("segment", i), |ui| ui.weak(line));
            cx.mark_under(&[&path]);
        }
    }
    if let Some(a) = action {
        match a {
            ListAction::Up(_) | ListAction::Down(_) => a.apply(&mut s.segments),
            ListAction::Duplicate(i) => {
                s.duplicate_segment(i);
            }
            ListAction::Remove(i) => {
                s.remove_segment(i);
            }
        }
        a.update_selection(&mut state.selected_segment);
    }
    if ui
        .button("+ Add segment")
        .on_hover_text("A new segment, not yet funded or in the chain")
        .clicked()
    {
        state.selected_segment = Some(s.add_segment());
    }
}

/// Index of a kind in the picker; custom kinds are the last entry.
fn kind_index(k: &SegmentKind) -> usize {
    SegmentKind::BUILT_IN
        .iter()
        .position(|b| b == k)
        .unwrap_or(SegmentKind::BUILT_IN.len())
}

fn segment_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    s: &mut Scenario,
    i: usize,
    path: &str,
) {
    cx.show_at(ui, path);
    let horizon = s.horizon;
    let current = s.segments[i].name.clone();
    name_row(
        ui,
        cx,
        &mut state.names,
        ("segment name", i),
        &format!("{path}.name"),
        "Segment name",
        &current,
        |new| s.rename_segment(i, new),
    );
    let g = &mut s.segments[i];
    let p = |field: &str| format!("{path}.{field}");

    let mut k = kind_index(&g.kind);
    let mut options: Vec<(usize, &str)> = SegmentKind::BUILT_IN
        .iter()
        .enumerate()
        .map(|(j, b)| (j, b.label()))
        .collect();
    options.push((SegmentKind::BUILT_IN.len(), "Custom…"));
    if combo_row(ui, cx, &p("kind"), "Segment kind", &mut k, &options).changed() {
        g.kind = SegmentKind::BUILT_IN
            .get(k)
            .cloned()
            .unwrap_or_else(|| SegmentKind::Custom("Custom".to_owned()));
    }
    if let SegmentKind::Custom(label) = &mut g.kind {
        text_row(
            ui,
            cx,
            &p("kind.custom"),
            "Custom kind",
            label,
            "e.g. Cooling",
        );
    }
    text_row(
        ui,
        cx,
        &p("unit"),
        "Unit",
        &mut g.unit,
        "e.g. GW, wafers/month",
    )
    .on_hover_text("The capacity unit; every number below is per this unit");

    // Numbers still say what they are per while the unit is being typed.
    let unit = if g.unit.trim().is_empty() {
        "unit".to_owned()
    } else {
        g.unit.clone()
    };
    number_row(
        ui,
        cx,
        &p("installed_base_units"),
        "Installed base",
        &mut g.installed_base_units,
        Unit::Amount(&unit),
        0.0..=1e15,
    )
    .on_hover_text("In service at the start; ages uniformly and retires over one lifetime");
    let per_unit = format!(" per {unit}");
    number_row(
        ui,
        cx,
        &p("capex_usd_per_unit"),
        "Capex per unit",
        &mut g.capex_usd_per_unit,
        Unit::Usd(&per_unit),
        0.0..=1e15,
    )
    .on_hover_text("Capital cost of one unit of capacity, before learning");
    number_row(
        ui,
        cx,
        &p("learning_rate"),
        "Learning rate",
        &mut g.learning_rate,
        Unit::Percent(" per doubling"),
        0.0..=0.99,
    )
    .on_hover_text(
        "Wright's law: each doubling of cumulative capacity multiplies unit capex by 1 − rate",
    );
    let default_base = if g.installed_base_units > 0.0 {
        g.installed_base_units
    } else {
        1.0
    };
    optional_number_row(
        ui,
        cx,
        &p("learning_base_units"),
        Toggle {
            label: "Learning base",
            hint: "Cumulative capacity at which the capex above holds (default: the installed base)",
        },
        &mut g.learning_base_units,
        default_base,
        Unit::Amount(&unit),
        0.0..=1e15,
    );
    number_row(
        ui,
        cx,
        &p("lead_time_years"),
        "Lead time",
        &mut g.lead_time_years,
        Unit::Years,
        0.0..=50.0,
    )
    .on_hover_text("From spending to entering service (rounded to whole periods)");
    number_row(
        ui,
        cx,
        &p("ramp_years"),
        "Ramp",
        &mut g.ramp_years,
        Unit::Years,
        0.0..=50.0,
    )
    .on_hover_text("From entering service to full output (linear)");
    number_row(
        ui,
        cx,
        &p("lifetime_years"),
        "Lifetime",
        &mut g.lifetime_years,
        Unit::Years,
        0.0..=100.0,
    )
    .on_hover_text("In service for this long, then retired");
    let per_unit_year = format!(" per {unit} per year");
    number_row(
        ui,
        cx,
        &p("opex_usd_per_unit_year"),
        "Opex per unit-year",
        &mut g.opex_usd_per_unit_year,
        Unit::Usd(&per_unit_year),
        0.0..=1e15,
    )
    .on_hover_text("Operating cost of one unit in service for one year");

    let per_year = format!("{unit} per year");
    let max_path = p("max_starts_units_per_year");
    let default_max = (g.installed_base_units * 0.25).max(1.0);
    optional_curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut g.max_starts_units_per_year,
        Toggle {
            label: "Max starts per year",
            hint: "Supply-chain limit on new starts funded by the plan; money that cannot \
                   start stays in the treasury",
        },
        || Curve::Constant(default_max),
        CurveSpec {
            path: &max_path,
            title: "Max starts",
            unit: Unit::Amount(&per_year),
            range: (0.0, 1e15),
            horizon,
        },
    );
    let base_path = p("baseline_additions_units_per_year");
    optional_curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut g.baseline_additions_units_per_year,
        Toggle {
            label: "Baseline additions per year",
            hint: "Capacity added outside the plan (not paid by it), entering service as it comes",
        },
        || Curve::Constant(0.0),
        CurveSpec {
            path: &base_path,
            title: "Baseline additions",
            unit: Unit::Amount(&per_year),
            range: (0.0, 1e15),
            horizon,
        },
    );
    notes_row(ui, cx, &p("notes"), "Segment notes", &mut g.notes);
}
