//! The scenario's own fields: name, description, horizon (years and period), the treasury at
//! the start, and the years at which capacity KPIs are reported.

use egui::Ui;

use super::fields::{Unit, combo_row, notes_row, number_row, row, text_row, year_ui};
use super::icons::{Icon, icon_button};
use super::row::RowContext;
use crate::model::{MAX_HORIZON_YEARS, Period, Scenario};

pub fn scenario_ui(ui: &mut Ui, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "version");
    text_row(
        ui,
        cx,
        "name",
        "Scenario name",
        &mut s.name,
        "e.g. Accelerated build-out",
    );
    notes_row(ui, cx, "description", "Description", &mut s.description);
    row(ui, cx, "horizon.start_year", "Start year", |ui| {
        year_ui(ui, &mut s.horizon.start_year)
    })
    .on_hover_text("First simulated calendar year (from 1 January)");
    row(ui, cx, "horizon.end_year", "End year", |ui| {
        year_ui(ui, &mut s.horizon.end_year)
    })
    .on_hover_text(format!(
        "Last simulated calendar year, inclusive (at most {MAX_HORIZON_YEARS} years in all)"
    ));
    let periods: Vec<(Period, &str)> = Period::ALL.iter().map(|p| (*p, p.name())).collect();
    combo_row(
        ui,
        cx,
        "horizon.period",
        "Period",
        &mut s.horizon.period,
        &periods,
    )
    .on_hover_text("Length of one simulation step");
    let h = s.horizon;
    ui.weak(format!(
        "{} years, {} periods; durations round to whole periods.",
        h.years(),
        h.len()
    ));
    number_row(
        ui,
        cx,
        "initial_treasury_usd",
        "Initial treasury",
        &mut s.initial_treasury_usd,
        Unit::Usd(""),
        0.0..=1e16,
    )
    .on_hover_text("Cash in the treasury at the start of the horizon");
    kpi_years_ui(ui, cx, s);
}

/// The KPI years as a row of year fields with remove buttons, and an add button.
fn kpi_years_ui(ui: &mut Ui, cx: &RowContext<'_>, s: &mut Scenario) {
    let bad = cx.has("kpi_years");
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("KPI years")
            .on_hover_text("Capacity KPIs are reported at the end of these years");
        for (i, y) in s.kpi_years.iter_mut().enumerate() {
            let outside = *y < s.horizon.start_year || *y > s.horizon.end_year;
            super::fields::marked(ui, bad && outside, |ui| year_ui(ui, y))
                .accessible_name(format!("KPI year {}", i + 1));
            if icon_button(
                ui,
                true,
                Icon::Remove,
                &format!("Remove KPI year {}", i + 1),
                "Stop reporting this year",
            ) {
                remove = Some(i);
            }
        }
        if s.kpi_years.is_empty() {
            ui.weak(format!("(the end of {})", s.horizon.end_year));
        }
        if ui
            .button("+ Add KPI year")
            .on_hover_text("Report capacity at the end of another year")
            .clicked()
        {
            // The last year not reported yet (the fields can then move it).
            let h = s.horizon;
            let free = (h.start_year..=h.end_year)
                .rev()
                .find(|y| !s.kpi_years.contains(y));
            s.kpi_years.push(free.unwrap_or(h.end_year));
            s.kpi_years.sort_unstable();
        }
    });
    if let Some(i) = remove {
        s.kpi_years.remove(i);
    }
    cx.show_at(ui, "kpi_years");
}
