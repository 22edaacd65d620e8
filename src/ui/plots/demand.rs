//! Demand vs supply: delivered compute against the demand curve, the shortfall shaded between
//! them — on a log axis by default, since both grow a hundredfold and a linear axis hides the
//! early years; below, in accelerators, the output that could not be installed (idle, as a
//! yearly rate) and the fleet stranded beyond the hosting room.
//!
//! The log axis plots log10 of each value (egui_plot has no log axis) with ticks at whole
//! decades; the read-out shows the values themselves.

use egui::Ui;
use egui_plot::{Corner, FilledArea, HoverPosition, LineStyle, uniform_grid_spacer};

use super::common::{
    YFormat, at, dt_years, hovered_period, legend, mark_focus, note_ui, period_label, plot_line,
    split_height, time_plot, time_plot_without_zero, y_axis,
};
use super::palette;
use super::series::{annualised, end_points, max_finite, step_points, upper};
use crate::engine::Outcome;
use crate::format::{percent, with_unit};
use crate::model::Scenario;

/// The demand tab's settings.
#[derive(Clone, Debug)]
pub struct DemandView {
    /// Compute and demand on a log10 axis (both often grow a hundredfold).
    pub log: bool,
}

impl Default for DemandView {
    fn default() -> Self {
        Self { log: true }
    }
}

/// The log switch; says when the scenario has no demand curve.
pub fn controls_ui(ui: &mut Ui, view: &mut DemandView, scenario: &Scenario) {
    ui.checkbox(&mut view.log, "Log scale")
        .on_hover_text("Compute and demand on a logarithmic axis, to read the early years");
    if scenario.demand_compute.is_none() {
        note_ui(
            ui,
            "No demand curve in this scenario: add one in the editor to see the shortfall.",
        );
    }
}

/// Draws compute vs demand and, below, idle output and stranded fleet.
pub fn demand_ui(ui: &mut Ui, view: &DemandView, scenario: &Scenario, o: &Outcome) {
    let gap = ui.spacing().item_spacing.y;
    let heights = split_height(ui.available_height(), &[0.65, 0.35], gap, 110.0);
    let has_demand = scenario.demand_compute.is_some();
    compute_ui(ui, o, has_demand, view.log, heights[0]);
    losses_ui(ui, o, heights[1]);
}

fn compute_ui(ui: &mut Ui, o: &Outcome, has_demand: bool, log: bool, height: f32) {
    let c = &o.chain;
    let dt = dt_years(o);
    let unit = c.performance_unit.as_str();
    let alarm = palette::alarm(ui);
    let demand_color = palette::demand(ui);
    let readout = move |pos: &HoverPosition<'_>| {
        let i = hovered_period(o, pos)?;
        let compute = at(&c.compute, i);
        let mut text = format!(
            "{}\nDelivered compute: {}",
            period_label(o, i),
            with_unit(compute, unit)
        );
        if has_demand {
            let demand = at(&c.demand, i);
            text += &format!("\nDemand: {}", with_unit(demand, unit));
            if demand > 0.0 {
                text += &format!(" ({} met)", percent((compute / demand).min(1.0)));
            }
            let short = at(&c.demand_shortfall, i);
            if short > 0.0 {
                text += &format!("\nShortfall: {}", with_unit(short, unit));
            } else {
                text += &format!("\nSurplus: {}", with_unit(compute - demand, unit));
            }
        }
        Some(text)
    };
    // On a log axis values are log10, floored a millionth below the largest (zero has no log);
    // with nothing above zero the axis stays linear.
    let max = max_finite(&c.compute).max(max_finite(&c.demand));
    let log = log && max > 0.0;
    let floor = max * 1e-6;
    let y = |v: f64| if log { v.max(floor).log10() } else { v };
    let ys = |vs: &[f64]| -> Vec<f64> { vs.iter().map(|v| y(*v)).collect() };
    let compute = ys(&c.compute);
    let demand = ys(&c.demand);
    // Lines leave out what a log axis cannot show (zero); the shortfall area keeps the floor.
    let line = |raw: &[f64], shown: &[f64]| -> Vec<[f64; 2]> {
        o.time
            .iter()
            .zip(shown.iter().zip(raw))
            .filter(|(_, (y, v))| y.is_finite() && (!log || **v > 0.0))
            .map(|(t, (y, _))| [t + dt, *y])
            .collect()
    };
    let compute_line = line(&c.compute, &compute);
    let demand_line = line(&c.demand, &demand);
    let label = format!("Compute [{unit}]");
    let plot = if log {
        time_plot_without_zero(
            o,
            "plot-demand",
            vec![y_axis(YFormat::LogQuantity, format!("{label}, log scale"))],
        )
        .y_grid_spacer(uniform_grid_spacer(|_| [1.0, 1.0, 10.0]))
    } else {
        time_plot(o, "plot-demand", vec![y_axis(YFormat::Quantity, label)])
    };
    plot.height(height)
        .legend(legend(Corner::LeftTop))
        .label_formatter(readout)
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            if has_demand {
                let xs: Vec<f64> = o.time.iter().map(|t| t + dt).collect();
                let top = upper(&compute, &demand);
                // FilledArea wants equal lengths; a consistent outcome has them anyway.
                let n = xs.len().min(top.len()).min(compute.len());
                plot_ui.add(
                    FilledArea::new("Shortfall", &xs[..n], &compute[..n], &top[..n])
                        .fill_color(palette::fill(alarm, 0.35)),
                );
                plot_ui.line(
                    plot_line("Demand", demand_line)
                        .color(demand_color)
                        .style(LineStyle::dashed_loose())
                        .width(2.0),
                );
            }
            plot_ui.line(
                plot_line("Delivered compute", compute_line)
                    .color(palette::COMPUTE)
                    .width(2.5),
            );
        });
}

fn losses_ui(ui: &mut Ui, o: &Outcome, height: f32) {
    let c = &o.chain;
    let dt = dt_years(o);
    let idle = annualised(&c.idle_output, dt);
    let readout = move |pos: &HoverPosition<'_>| {
        let i = hovered_period(o, pos)?;
        Some(format!(
            "{}\nIdle output: {} this period ({}/yr)\nStranded fleet: {}",
            period_label(o, i),
            with_unit(at(&c.idle_output, i), "accelerators"),
            with_unit(at(&c.idle_output, i) / dt, "accelerators"),
            with_unit(at(&c.stranded, i), "accelerators"),
        ))
    };
    let idle_points = step_points(&o.time, dt, &idle);
    time_plot(
        o,
        "plot-demand-losses",
        vec![y_axis(YFormat::Quantity, "Accelerators")],
    )
    .height(height)
    .legend(legend(Corner::LeftTop))
    .label_formatter(readout)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        plot_ui.line(
            plot_line("Idle output, per year", idle_points)
                .color(palette::IDLE)
                .width(2.0),
        );
        plot_ui.line(
            plot_line("Stranded fleet", end_points(&o.time, dt, &c.stranded))
                .color(palette::STRANDED)
                .style(LineStyle::dashed_loose())
                .width(2.0),
        );
    });
}
