//! Capacity vs capital: cumulative funding drawn and capital spent (left axis, USD) against
//! what the money built (right axis): delivered compute, the accelerator fleet, or one
//! segment's effective capacity in its own unit.
//!
//! Two y axes: egui_plot has one coordinate system, so the right-hand series is drawn
//! multiplied by `scale` — [`nice_ratio`] of the two maxima, a `{1, 2, 5} × 10^k` so that it
//! fills the left range and the right ticks stay round — and the right axis' formatter
//! divides the tick values by `scale` again. Hover read-outs show the unscaled values.

use egui::{Color32, Ui};
use egui_plot::Corner;

use super::common::{
    YFormat, at, dt_years, hovered_period, legend, mark_focus, period_label, plot_line, right_axis,
    time_plot, y_axis,
};
use super::palette;
use super::series::{cumulative, end_points, max_finite, nice_ratio};
use crate::engine::Outcome;
use crate::format::{usd, with_unit};

/// What the right axis shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Delivered compute, in the chain's performance unit.
    #[default]
    Compute,
    /// Accelerators in the fleet.
    Fleet,
    /// Effective (ramped) capacity of segment `i`, in its unit.
    Segment(usize),
}

impl Measure {
    /// `self`, or `Compute` if it names a segment the outcome does not have.
    fn resolve(self, o: &Outcome) -> Self {
        match self {
            Self::Segment(i) if i >= o.segments.len() => Self::Compute,
            m => m,
        }
    }

    fn label(self, o: &Outcome) -> String {
        match self {
            Self::Compute => "Delivered compute".to_owned(),
            Self::Fleet => "Fleet".to_owned(),
            Self::Segment(i) => o
                .segments
                .get(i)
                .map_or_else(String::new, |s| format!("{} effective capacity", s.name)),
        }
    }

    fn unit(self, o: &Outcome) -> &str {
        match self {
            Self::Compute => &o.chain.performance_unit,
            Self::Fleet => "accelerators",
            Self::Segment(i) => o.segments.get(i).map_or("", |s| s.unit.as_str()),
        }
    }

    fn values(self, o: &Outcome) -> &[f64] {
        match self {
            Self::Compute => &o.chain.compute,
            Self::Fleet => &o.chain.fleet,
            Self::Segment(i) => o.segments.get(i).map_or(&[], |s| &s.effective_units),
        }
    }

    fn color(self) -> Color32 {
        match self {
            Self::Compute => palette::COMPUTE,
            Self::Fleet => palette::FLEET,
            Self::Segment(i) => palette::segment(i),
        }
    }
}

/// Picks what the right axis shows.
pub fn controls_ui(ui: &mut Ui, measure: &mut Measure, o: &Outcome) {
    ui.label("Right axis:");
    ui.selectable_value(measure, Measure::Compute, "Delivered compute")
        .on_hover_text(format!("Delivered compute in {}", o.chain.performance_unit));
    ui.selectable_value(measure, Measure::Fleet, "Fleet")
        .on_hover_text("Accelerators in the fleet");
    for (i, s) in o.segments.iter().enumerate() {
        ui.selectable_value(measure, Measure::Segment(i), &s.name)
            .on_hover_text(format!("Effective capacity of {} in {}", s.name, s.unit));
    }
}

/// Draws cumulative capital against `measure`.
pub fn capacity_ui(ui: &mut Ui, measure: Measure, o: &Outcome) {
    let m = measure.resolve(o);
    let dt = dt_years(o);
    let t0 = o.time.first().copied().unwrap_or_default();
    let drawn = cumulative(&o.inflow_usd);
    let spent = cumulative(&o.spend_usd);
    let right = m.values(o);
    let scale = nice_ratio(
        max_finite(&drawn).max(max_finite(&spent)),
        max_finite(right),
    );
    let label = m.label(o);
    let unit = m.unit(o).to_owned();
    let color = m.color();

    // Cumulative sums start from zero at the start of the horizon.
    let from_zero = |ys: &[f64]| {
        let mut p = vec![[t0, 0.0]];
        p.extend(end_points(&o.time, dt, ys));
        p
    };
    let drawn_points = from_zero(&drawn);
    let spent_points = from_zero(&spent);
    let scaled: Vec<f64> = right.iter().map(|y| y * scale).collect();
    let right_points = end_points(&o.time, dt, &scaled);
    let right_name = format!("{label} (right axis)");

    let readout = {
        let (label, unit) = (label.clone(), unit.clone());
        move |pos: &egui_plot::HoverPosition<'_>| {
            let i = hovered_period(o, pos)?;
            let value = at(right, i);
            let mut text = format!(
                "{}\nFunding drawn to date: {}\nCapital spent to date: {}\n{label}: {}",
                period_label(o, i),
                usd(at(&drawn, i)),
                usd(at(&spent, i)),
                with_unit(value, &unit),
            );
            match m {
                // A segment's own spend, not the whole plan's.
                Measure::Segment(k) => {
                    if let Some(s) = o.segments.get(k) {
                        let own: f64 = s.spend_usd.iter().take(i + 1).sum();
                        text += &format!("\nSpent on {} to date: {}", s.name, usd(own));
                    }
                }
                Measure::Compute | Measure::Fleet if value > 0.0 => {
                    text += &format!(
                        "\nCapital spent per {}: {}",
                        singular(&unit),
                        usd(at(&spent, i) / value)
                    );
                }
                _ => {}
            }
            Some(text)
        }
    };

    time_plot(
        o,
        "plot-capacity",
        vec![
            y_axis(YFormat::Usd, "Capital, cumulative"),
            right_axis(YFormat::Quantity, scale, format!("{label} [{unit}]"), color),
        ],
    )
    .legend(legend(Corner::LeftTop))
    .label_formatter(readout)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        // Drawn wide under spent: when everything drawn is spent at once, both stay visible.
        plot_ui.line(
            plot_line("Funding drawn (cumulative)", drawn_points)
                .color(palette::FUNDING)
                .width(4.0),
        );
        plot_ui.line(
            plot_line("Capital spent (cumulative)", spent_points)
                .color(palette::SPEND)
                .width(1.8),
        );
        plot_ui.line(plot_line(right_name, right_points).color(color).width(2.5));
    });
}

/// `accelerators` → `accelerator`, for "per …".
fn singular(unit: &str) -> &str {
    match unit {
        "" => "unit",
        "accelerators" => "accelerator",
        u => u,
    }
}
