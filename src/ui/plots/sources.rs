//! Capital by source: funding drawn per source, stacked (per calendar year as bars, or per
//! period as areas of the annualised draw), with the treasury (cash) and debt outstanding as
//! end-of-period lines that can be switched off.

use egui::Ui;
use egui_plot::{Corner, LineStyle};

use super::Resolution;
use super::common::{
    YFormat, at, dt_years, hover_x, hovered_period, legend, mark_focus, plot_line, time_plot,
    y_axis, year_end_at,
};
use super::palette;
use super::series::end_points;
use super::stacked::{Layer, add_stacked, readout_at};
use crate::engine::Outcome;
use crate::format::usd;
use crate::model::FundingClass;

/// The capital-by-source tab's settings.
#[derive(Clone, Debug)]
pub struct SourcesView {
    /// Show the treasury line.
    pub treasury: bool,
    /// Show the debt outstanding line.
    pub debt: bool,
}

impl Default for SourcesView {
    fn default() -> Self {
        Self {
            treasury: true,
            debt: true,
        }
    }
}

/// The treasury and debt switches.
pub fn controls_ui(ui: &mut Ui, view: &mut SourcesView) {
    ui.checkbox(&mut view.treasury, "Treasury")
        .on_hover_text("Cash in the treasury at the end of each period");
    ui.checkbox(&mut view.debt, "Debt outstanding")
        .on_hover_text("Principal plus arrears at the end of each period");
}

/// Draws funding drawn per source, stacked, and the treasury and debt lines.
pub fn sources_ui(ui: &mut Ui, view: &SourcesView, resolution: Resolution, o: &Outcome) {
    let layers: Vec<Layer<'_>> = o
        .sources
        .iter()
        .enumerate()
        .map(|(k, s)| Layer {
            name: &s.name,
            color: palette::source(k),
            values: &s.drawn_usd,
        })
        .collect();
    let dt = dt_years(o);
    let treasury = view.treasury;
    let debt = view.debt;
    let has_debt = o.sources.iter().any(|s| s.kind == FundingClass::Debt);
    let readout_layers = layers.clone();
    let readout = move |pos: &egui_plot::HoverPosition<'_>| {
        let (head, mut lines) = readout_at(o, &readout_layers, resolution, pos)?;
        // Stocks at the end of the hovered period (the year's last one for yearly totals).
        let i = match resolution {
            Resolution::Period => hovered_period(o, pos),
            Resolution::Yearly => year_end_at(o, hover_x(pos)),
        };
        if let Some(i) = i {
            if treasury {
                lines.push(format!("Treasury at end: {}", usd(at(&o.treasury_usd, i))));
            }
            if debt && has_debt {
                lines.push(format!(
                    "Debt outstanding at end: {}",
                    usd(at(&o.debt_outstanding_usd, i))
                ));
            }
        }
        Some(format!("{head}\n{}", lines.join("\n")))
    };
    let y_label = match resolution {
        Resolution::Yearly => "Funding drawn per year",
        Resolution::Period => "Funding drawn, $ per year",
    };
    time_plot(o, "plot-sources", vec![y_axis(YFormat::Usd, y_label)])
        .legend(legend(Corner::LeftTop))
        .label_formatter(readout)
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            add_stacked(plot_ui, o, &layers, resolution);
            if treasury {
                plot_ui.line(
                    plot_line(
                        "Treasury (end of period)",
                        end_points(&o.time, dt, &o.treasury_usd),
                    )
                    .color(palette::TREASURY)
                    .width(2.0),
                );
            }
            if debt && has_debt {
                plot_ui.line(
                    plot_line(
                        "Debt outstanding (end of period)",
                        end_points(&o.time, dt, &o.debt_outstanding_usd),
                    )
                    .color(palette::DEBT)
                    .style(LineStyle::dashed_loose())
                    .width(2.0),
                );
            }
        });
}
