//! The KPI strip: the core's KPIs, formatted, with breaches shown as warnings.

use egui::{RichText, Ui};

use crate::engine::Outcome;
use crate::format::kpi_rows;
use crate::model::Scenario;

/// Draws the KPIs of `outcome` in a wrapping strip. `stale` greys them out.
pub fn kpi_strip_ui(ui: &mut Ui, scenario: &Scenario, outcome: &Outcome, stale: bool) {
    let rows = kpi_rows(scenario, outcome);
    let warn = ui.visuals().warn_fg_color;
    let weak = ui.visuals().weak_text_color();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        for row in rows {
            let mut value = RichText::new(&row.value).strong();
            let mut label = RichText::new(format!("{}:", row.label));
            if row.warning {
                value = value.color(warn);
                label = label.color(warn);
            }
            if stale {
                value = value.color(weak);
            }
            let response = ui
                .horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    if row.warning {
                        ui.label(RichText::new("⚠").color(warn));
                    }
                    ui.label(label);
                    ui.label(value);
                })
                .response;
            if !row.detail.is_empty() {
                response.on_hover_text(&row.detail);
            }
        }
    });
}
