//! Macro limits: for each benchmark (global chip sales, corporate debt issued, sovereign fund
//! assets …), the plan's yearly draw as a share of the benchmark, one bar per calendar year,
//! against the limit share drawn as a line. Bars above the limit are drawn in the alarm colour.
//! All benchmarks one above the other, or one picked.

use egui::{RichText, ScrollArea, Ui};
use egui_plot::{Bar, BarChart, HLine, HoverPosition, LineStyle};

use super::common::{YFormat, hover_x, mark_focus, note_ui, start_year, time_plot, y_axis};
use super::palette;
use super::series::year_at;
use crate::engine::{BenchmarkSeries, Outcome};
use crate::format::{percent, usd};

/// The macro limits tab's settings.
#[derive(Clone, Debug, Default)]
pub struct LimitsView {
    /// The benchmark shown alone; `None` shows all.
    pub selected: Option<usize>,
}

/// Smallest height of one benchmark's plot when all are shown; more scroll.
const MIN_PLOT_HEIGHT: f32 = 100.0;

/// Picks all benchmarks or one.
pub fn controls_ui(ui: &mut Ui, view: &mut LimitsView, o: &Outcome) {
    if o.benchmarks.is_empty() {
        return;
    }
    if view.selected.is_some_and(|k| k >= o.benchmarks.len()) {
        view.selected = None;
    }
    ui.label("Benchmark:");
    ui.selectable_value(&mut view.selected, None, "All")
        .on_hover_text("Every benchmark, one plot each");
    for (k, b) in o.benchmarks.iter().enumerate() {
        ui.selectable_value(&mut view.selected, Some(k), &b.name)
            .on_hover_text(format!(
                "The plan's {} per year as a share of {}",
                b.measure.label(),
                b.name
            ));
    }
}

/// Draws one plot per shown benchmark.
pub fn limits_ui(ui: &mut Ui, view: &LimitsView, o: &Outcome) {
    if o.benchmarks.is_empty() {
        note_ui(
            ui,
            "The scenario has no macro benchmarks: add one in the editor (e.g. global chip \
             sales) to check the plan's yearly draws against it.",
        );
        return;
    }
    let alarm = palette::alarm(ui);
    let gap = ui.spacing().item_spacing.y;
    let title = title_height(ui);
    match view.selected.filter(|k| *k < o.benchmarks.len()) {
        Some(k) => {
            let height = ui.available_height() - title - gap;
            benchmark_ui(ui, o, k, height, alarm);
        }
        None => {
            let n = o.benchmarks.len() as f32;
            // Each benchmark: a title row, a plot, and the spacing after each.
            let height =
                ((ui.available_height() - n * (title + 2.0 * gap)) / n).max(MIN_PLOT_HEIGHT);
            ScrollArea::vertical().show(ui, |ui| {
                for k in 0..o.benchmarks.len() {
                    benchmark_ui(ui, o, k, height, alarm);
                }
            });
        }
    }
}

/// Height of a plot's title row.
fn title_height(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body)
        .max(ui.spacing().interact_size.y)
}

/// The read-out of benchmark `b` in the year at `x`.
fn readout(o: &Outcome, b: &BenchmarkSeries, x: f64) -> Option<String> {
    let y = year_at(x, start_year(o), b.years.len())?;
    let year = b.years.get(y)?;
    let share = b.share.get(y).copied().unwrap_or(f64::NAN);
    let flag = if share > b.limit_share {
        " — above the limit"
    } else {
        ""
    };
    Some(format!(
        "{year}\n{} drawn: {}\n{}: {}\nShare: {} (limit {}){flag}",
        capitalised(b.measure.label()),
        usd(b.draw_usd.get(y).copied().unwrap_or_default()),
        b.name,
        usd(b.benchmark_usd.get(y).copied().unwrap_or_default()),
        percent(share),
        percent(b.limit_share),
    ))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn benchmark_ui(ui: &mut Ui, o: &Outcome, k: usize, height: f32, alarm: egui::Color32) {
    let Some(b) = o.benchmarks.get(k) else { return };
    let color = palette::benchmark(k);
    let breaches = b.share.iter().filter(|s| **s > b.limit_share).count();
    ui.horizontal(|ui| {
        ui.label(RichText::new(&b.name).strong().color(color));
        ui.label(format!(
            "— {} as a share of it, limit {}",
            b.measure.label(),
            percent(b.limit_share)
        ));
        if breaches > 0 {
            ui.label(
                RichText::new(format!(
                    "Above the limit in {breaches} year{}",
                    if breaches == 1 { "" } else { "s" }
                ))
                .color(alarm),
            );
        }
    });
    let bar = |y: usize, share: f64| {
        let year = b.years.get(y).copied().unwrap_or_default();
        Bar::new(f64::from(year) + 0.5, share).width(0.8)
    };
    let within: Vec<Bar> = b
        .share
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_finite() && **s <= b.limit_share)
        .map(|(y, s)| bar(y, *s).fill(color))
        .collect();
    let above: Vec<Bar> = b
        .share
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_finite() && **s > b.limit_share)
        .map(|(y, s)| bar(y, *s).fill(alarm))
        .collect();
    let tip = |bar: &Bar, _: &BarChart| {
        format!(
            "{}: {}",
            (bar.argument - 0.5).round() as i64,
            percent(bar.value)
        )
    };
    time_plot(
        o,
        ("plot-limits", k),
        vec![y_axis(YFormat::Percent, "Share of benchmark")],
    )
    .height(height)
    .include_y(b.limit_share * 1.15)
    .label_formatter(move |pos: &HoverPosition<'_>| readout(o, b, hover_x(pos)))
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        plot_ui.bar_chart(
            BarChart::new("Within the limit", within)
                .color(color)
                .element_formatter(Box::new(tip)),
        );
        plot_ui.bar_chart(
            BarChart::new("Above the limit", above)
                .color(alarm)
                .element_formatter(Box::new(tip)),
        );
        plot_ui.hline(
            HLine::new(format!("Limit {}", percent(b.limit_share)), b.limit_share)
                .color(alarm)
                .style(LineStyle::dashed_loose())
                .width(1.5),
        );
    });
}
