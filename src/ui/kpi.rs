//! The KPI strip: the headline KPIs as cards, every warning (breached limits, unpaid
//! obligations, binding caps) in words, and the full list one click away.

use egui::{RichText, Ui, vec2};

use crate::engine::Outcome;
use crate::format::{KpiRow, kpi_rows};
use crate::model::Scenario;

const CARD_WIDTH: f32 = 150.0;

/// Draws the KPIs of `outcome`. `stale` greys the values (they belong to an earlier, valid
/// version of the scenario).
pub fn kpi_strip_ui(ui: &mut Ui, scenario: &Scenario, outcome: &Outcome, stale: bool) {
    let rows = kpi_rows(scenario, outcome);
    ui.horizontal_wrapped(|ui| {
        for row in rows.iter().filter(|r| r.headline) {
            card_ui(ui, row, stale);
        }
    });
    let warnings: Vec<&KpiRow> = rows.iter().filter(|r| r.warning).collect();
    let warn = ui.visuals().warn_fg_color;
    ui.horizontal_wrapped(|ui| {
        for row in &warnings {
            let text = RichText::new(format!("⚠ {}: {}", row.label, row.value)).color(warn);
            let response = ui.label(text);
            if !row.detail.is_empty() {
                response.on_hover_text(&row.detail);
            }
        }
    });
    egui::CollapsingHeader::new(format!("All KPIs ({})", rows.len()))
        .id_salt("all-kpis")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| all_kpis_ui(ui, &rows, stale));
        });
}

fn card_ui(ui: &mut Ui, row: &KpiRow, stale: bool) {
    let response = ui
        .allocate_ui(vec2(CARD_WIDTH, 36.0), |ui| {
            ui.set_width(CARD_WIDTH);
            ui.vertical(|ui| {
                ui.label(RichText::new(&row.label).small().weak());
                let mut value = RichText::new(&row.value).strong().size(15.0);
                if stale {
                    value = value.color(ui.visuals().weak_text_color());
                } else if row.warning {
                    value = value.color(ui.visuals().warn_fg_color);
                }
                ui.label(value);
            });
        })
        .response;
    let response = if row.detail.is_empty() {
        response
    } else {
        response.on_hover_text(&row.detail)
    };
    // One accessible name for the card, "Fleet at end: 17.4M accelerators", for screen readers
    // and tests.
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Label,
            true,
            format!("{}: {}", row.label, row.value),
        )
    });
}

fn all_kpis_ui(ui: &mut Ui, rows: &[KpiRow], stale: bool) {
    egui::Grid::new("all-kpis-grid")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for row in rows {
                let label = ui.label(&row.label);
                if !row.detail.is_empty() {
                    label.on_hover_text(&row.detail);
                }
                let mut value = RichText::new(&row.value);
                if row.warning {
                    value = value.color(ui.visuals().warn_fg_color);
                }
                if stale {
                    value = value.weak();
                }
                ui.label(value);
                ui.end_row();
            }
        });
}
