//! Segments: capital spent per segment (stacked, like funding by source) above, and each
//! segment's capacity below — effective (ramped, solid) and in service (nameplate, dashed).
//!
//! Segments have different units, so capacity is either normalised — every segment as a share
//! of its capacity in service at the end (or at its peak, if it ends at zero), the unit and
//! that reference named in the legend — or shown as small multiples, one plot per segment on
//! its own axis in its own unit.

use egui::{RichText, Ui};
use egui_plot::{Corner, HoverPosition, LineStyle};

use super::Resolution;
use super::common::{
    YFormat, at, dt_years, hovered_period, legend, mark_focus, period_label, plot_line,
    small_multiples_ui, split_height, time_plot, y_axis,
};
use super::palette;
use super::series::{end_points, normalised, reference_value};
use super::stacked::{Layer, add_stacked, readout_at};
use crate::engine::Outcome;
use crate::format::{percent, with_unit};

/// How the capacity plot shows segments with different units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CapacityView {
    /// One plot, each segment as a share of its final capacity in service.
    #[default]
    Normalised,
    /// One plot per segment, in its unit.
    OwnUnits,
}

/// The segment tab's settings.
#[derive(Clone, Debug)]
pub struct SegmentsView {
    pub capacity: CapacityView,
    /// Also draw nameplate capacity in service (dashed).
    pub in_service: bool,
}

impl Default for SegmentsView {
    fn default() -> Self {
        Self {
            capacity: CapacityView::default(),
            in_service: true,
        }
    }
}

/// The capacity view switches.
pub fn controls_ui(ui: &mut Ui, view: &mut SegmentsView) {
    ui.label("Capacity:");
    ui.selectable_value(&mut view.capacity, CapacityView::Normalised, "% of final")
        .on_hover_text(
            "Every segment as a share of its capacity in service at the end of the horizon \
         (its peak if it ends at zero)",
        );
    ui.selectable_value(&mut view.capacity, CapacityView::OwnUnits, "Own units")
        .on_hover_text("One plot per segment, in its capacity unit");
    ui.checkbox(&mut view.in_service, "In service (dashed)")
        .on_hover_text("Nameplate capacity in service, besides the effective (ramped) capacity");
}

/// Draws spend per segment and capacity per segment.
pub fn segments_ui(ui: &mut Ui, view: &SegmentsView, resolution: Resolution, o: &Outcome) {
    if o.segments.is_empty() {
        super::common::note_ui(ui, "The scenario has no segments.");
        return;
    }
    let gap = ui.spacing().item_spacing.y;
    let heights = split_height(ui.available_height(), &[0.42, 0.58], gap, 120.0);
    spend_ui(ui, resolution, o, heights[0]);
    match view.capacity {
        CapacityView::Normalised => normalised_ui(ui, view.in_service, o, heights[1]),
        CapacityView::OwnUnits => own_units_ui(ui, view.in_service, o, heights[1]),
    }
}

fn spend_ui(ui: &mut Ui, resolution: Resolution, o: &Outcome, height: f32) {
    let layers: Vec<Layer<'_>> = o
        .segments
        .iter()
        .enumerate()
        .map(|(k, s)| Layer {
            name: &s.name,
            color: palette::segment(k),
            values: &s.spend_usd,
        })
        .collect();
    let readout_layers = layers.clone();
    let y_label = match resolution {
        Resolution::Yearly => "Capital spent per year",
        Resolution::Period => "Capital spent, $ per year",
    };
    time_plot(o, "plot-segment-spend", vec![y_axis(YFormat::Usd, y_label)])
        .height(height)
        .legend(legend(Corner::LeftTop))
        .label_formatter(move |pos| {
            let (head, lines) = readout_at(o, &readout_layers, resolution, pos)?;
            Some(format!("{head}\n{}", lines.join("\n")))
        })
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            add_stacked(plot_ui, o, &layers, resolution);
        });
}

/// Each segment's capacity as a share of its reference (final or peak) capacity in service.
fn normalised_ui(ui: &mut Ui, in_service: bool, o: &Outcome, height: f32) {
    let dt = dt_years(o);
    let bases: Vec<Option<f64>> = o
        .segments
        .iter()
        .map(|s| {
            reference_value(&s.in_service_units).or_else(|| reference_value(&s.effective_units))
        })
        .collect();
    let readout = {
        let bases = bases.clone();
        move |pos: &HoverPosition<'_>| {
            let i = hovered_period(o, pos)?;
            let mut text = period_label(o, i);
            for (s, base) in o.segments.iter().zip(&bases) {
                let eff = at(&s.effective_units, i);
                let share = base.map_or(String::new(), |b| format!("{} · ", percent(eff / b)));
                text += &format!("\n{}: {share}{} effective", s.name, with_unit(eff, &s.unit));
                if in_service {
                    text += &format!(
                        ", {} in service",
                        with_unit(at(&s.in_service_units, i), &s.unit)
                    );
                }
            }
            Some(text)
        }
    };
    time_plot(
        o,
        "plot-segment-capacity",
        vec![y_axis(YFormat::Percent, "Capacity, % of final in service")],
    )
    .height(height)
    .legend(legend(Corner::RightBottom))
    .label_formatter(readout)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        for (k, (s, base)) in o.segments.iter().zip(&bases).enumerate() {
            let b = base.unwrap_or(0.0);
            let name = match base {
                Some(b) => format!("{} (100 % = {})", s.name, with_unit(*b, &s.unit)),
                None => format!("{} (no capacity)", s.name),
            };
            let color = palette::segment(k);
            if in_service {
                plot_ui.line(
                    plot_line(
                        name.clone(),
                        end_points(&o.time, dt, &normalised(&s.in_service_units, b)),
                    )
                    .color(color)
                    .style(LineStyle::dashed_dense())
                    .width(1.2),
                );
            }
            plot_ui.line(
                plot_line(
                    name,
                    end_points(&o.time, dt, &normalised(&s.effective_units, b)),
                )
                .color(color)
                .width(2.0),
            );
        }
    });
}

/// One small plot per segment, in its unit.
fn own_units_ui(ui: &mut Ui, in_service: bool, o: &Outcome, height: f32) {
    let dt = dt_years(o);
    small_multiples_ui(ui, o.segments.len(), height, |ui, k, plot_height| {
        let Some(s) = o.segments.get(k) else { return };
        let color = palette::segment(k);
        ui.label(
            RichText::new(format!("{} [{}]", s.name, s.unit))
                .color(color)
                .strong(),
        );
        time_plot(
            o,
            ("plot-segment-units", k),
            vec![y_axis(YFormat::Quantity, "")],
        )
        .height(plot_height)
        .label_formatter(move |pos| {
            let i = hovered_period(o, pos)?;
            let mut text = format!(
                "{}\n{}: {} effective",
                period_label(o, i),
                s.name,
                with_unit(at(&s.effective_units, i), &s.unit)
            );
            if in_service {
                text += &format!(
                    "\n{} in service",
                    with_unit(at(&s.in_service_units, i), &s.unit)
                );
            }
            Some(text)
        })
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            if in_service {
                plot_ui.line(
                    plot_line("In service", end_points(&o.time, dt, &s.in_service_units))
                        .color(color)
                        .style(LineStyle::dashed_dense())
                        .width(1.2),
                );
            }
            plot_ui.line(
                plot_line("Effective", end_points(&o.time, dt, &s.effective_units))
                    .color(color)
                    .width(2.0),
            );
        });
    });
}
