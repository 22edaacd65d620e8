//! Unit cost: each segment's unit capital cost over time — its learning curve.
//!
//! Units differ (USD per wafer/month, per MW …), so by default every segment is shown relative
//! to its cost in the first period (100 %), with that start cost in the legend; "USD per unit"
//! switches to one small plot per segment in USD per its unit. Unit cost holds through a
//! period, so it is drawn as steps.

use egui::{RichText, Ui};
use egui_plot::{Corner, HoverPosition};

use super::common::{
    YFormat, at, dt_years, hovered_period, legend, mark_focus, period_label, plot_line,
    small_multiples_ui, time_plot, y_axis,
};
use super::palette;
use super::series::{normalised, step_points};
use crate::engine::Outcome;
use crate::format::{percent, usd};

/// The unit cost tab's settings.
#[derive(Clone, Debug)]
pub struct UnitCostView {
    /// Relative to the first period's cost (one plot) rather than in USD (one plot each).
    pub normalised: bool,
}

impl Default for UnitCostView {
    fn default() -> Self {
        Self { normalised: true }
    }
}

/// The normalised / absolute switch; says when no unit cost changes.
pub fn controls_ui(ui: &mut Ui, view: &mut UnitCostView, o: &Outcome) {
    ui.label("Show:");
    ui.selectable_value(&mut view.normalised, true, "% of start")
        .on_hover_text("Every segment's unit cost relative to its first period");
    ui.selectable_value(&mut view.normalised, false, "USD per unit")
        .on_hover_text("One plot per segment, in USD per its capacity unit");
    let flat = o.segments.iter().all(|s| {
        s.unit_capex_usd
            .windows(2)
            .all(|w| (w[1] - w[0]).abs() <= 1e-9 * w[0].abs())
    });
    if flat && !o.segments.is_empty() {
        ui.separator();
        super::common::note_ui(
            ui,
            "No segment learns (learning rate 0): unit costs stay at their start values.",
        );
    }
}

/// Draws unit capex per segment.
pub fn unit_cost_ui(ui: &mut Ui, view: &UnitCostView, o: &Outcome) {
    if o.segments.is_empty() {
        super::common::note_ui(ui, "The scenario has no segments.");
        return;
    }
    if view.normalised {
        normalised_ui(ui, o);
    } else {
        let height = ui.available_height();
        absolute_ui(ui, o, height);
    }
}

fn normalised_ui(ui: &mut Ui, o: &Outcome) {
    let dt = dt_years(o);
    let readout = move |pos: &HoverPosition<'_>| {
        let i = hovered_period(o, pos)?;
        let mut text = period_label(o, i);
        for s in &o.segments {
            let c = at(&s.unit_capex_usd, i);
            let start = at(&s.unit_capex_usd, 0);
            let share = if start > 0.0 {
                format!(" ({} of start)", percent(c / start))
            } else {
                String::new()
            };
            text += &format!("\n{}: {} per {}{share}", s.name, usd(c), s.unit);
        }
        Some(text)
    };
    time_plot(
        o,
        "plot-unit-cost",
        vec![y_axis(YFormat::Percent, "Unit capex, % of start")],
    )
    .legend(legend(Corner::LeftBottom))
    .label_formatter(readout)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        for (k, s) in o.segments.iter().enumerate() {
            let start = at(&s.unit_capex_usd, 0);
            plot_ui.line(
                plot_line(
                    format!("{} ({} per {} at start)", s.name, usd(start), s.unit),
                    step_points(&o.time, dt, &normalised(&s.unit_capex_usd, start)),
                )
                .color(palette::segment(k))
                .width(2.0),
            );
        }
    });
}

fn absolute_ui(ui: &mut Ui, o: &Outcome, height: f32) {
    let dt = dt_years(o);
    small_multiples_ui(ui, o.segments.len(), height, |ui, k, plot_height| {
        let Some(s) = o.segments.get(k) else { return };
        let color = palette::segment(k);
        ui.label(
            RichText::new(format!("{} [USD per {}]", s.name, s.unit))
                .color(color)
                .strong(),
        );
        time_plot(o, ("plot-unit-cost-usd", k), vec![y_axis(YFormat::Usd, "")])
            .height(plot_height)
            .label_formatter(move |pos| {
                let i = hovered_period(o, pos)?;
                Some(format!(
                    "{}\n{}: {} per {}",
                    period_label(o, i),
                    s.name,
                    usd(at(&s.unit_capex_usd, i)),
                    s.unit
                ))
            })
            .show(ui, |plot_ui| {
                mark_focus(plot_ui);
                plot_ui.line(
                    plot_line("Unit capex", step_points(&o.time, dt, &s.unit_capex_usd))
                        .color(color)
                        .width(2.0),
                );
            });
    });
}
