//! Binding link: which segment of the chain limits the accelerators installed, period by period
//! — one row per chain link, a band in the segment's colour wherever it binds — and below it
//! the context in accelerators: each link's capacity, production P, hosting room H and the
//! fleet F.
//!
//! The engine installs `min(P·Δt, H − F')` each period: production binds when a period's
//! output fits in the room left, hosting binds otherwise. The read-out gives both terms.
//!
//! Under the plots is room for a strip that a later issue fills ("what one more billion buys"):
//! [`marginal_strip_height`] reserves its height and [`marginal_strip_ui`] draws it; both are
//! empty for now.

use egui::{Ui, Vec2b};
use egui_plot::{AxisHints, Corner, FilledArea, GridMark, HoverPosition, LineStyle};

use super::common::{
    Y_AXIS_WIDTH, YFormat, at, dt_years, hovered_period, legend, note_ui, period_label, plot_line,
    time_plot, y_axis,
};
use super::palette;
use super::series::{binding_runs, end_points};
use crate::engine::{Outcome, Role};
use crate::format::with_unit;
use crate::model::Scenario;

/// Height of one chain link's row in the band plot, in points.
const ROW_HEIGHT: f32 = 26.0;

/// Nothing to choose on this tab; a short reading guide instead.
pub fn controls_ui(ui: &mut Ui) {
    ui.label(
        egui::RichText::new("A band marks the link that limits installations in each period")
            .weak(),
    );
}

/// Draws the binding bands, the context plot and (later) the marginal strip.
pub fn binding_ui(ui: &mut Ui, scenario: &Scenario, o: &Outcome) {
    let links = &o.chain.links;
    if links.is_empty() {
        note_ui(
            ui,
            "The chain has no links: add production or hosting links in the editor to see \
             which one binds.",
        );
        return;
    }
    let gap = ui.spacing().item_spacing.y;
    let strip = marginal_strip_height(o);
    let bands = (links.len() as f32 * ROW_HEIGHT + 30.0).max(80.0);
    let context = (ui.available_height() - bands - strip - 2.0 * gap).max(120.0);
    // The row names set the left axis' width; both plots share it so their x positions match.
    let names: Vec<String> = links
        .iter()
        .map(|l| row_name(o, l.segment, l.role))
        .collect();
    let axis_width = names
        .iter()
        .map(|n| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(
                    n.clone(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            })
        })
        .fold(Y_AXIS_WIDTH, |w, x| w.max(x + 12.0));
    bands_ui(ui, o, names, axis_width, bands);
    context_ui(ui, o, axis_width, context);
    if strip > 0.0 {
        marginal_strip_ui(ui, scenario, o);
    }
}

/// `Fabs · makes` / `Power · hosts`.
fn row_name(o: &Outcome, segment: usize, role: Role) -> String {
    let name = o.segments.get(segment).map_or("?", |s| s.name.as_str());
    match role {
        Role::Production => format!("{name} · makes"),
        Role::Hosting => format!("{name} · hosts"),
    }
}

/// The read-out of the chain in period `i`.
fn readout(o: &Outcome, i: usize) -> String {
    let c = &o.chain;
    let dt = dt_years(o);
    let binding = match o.binding_name(i) {
        "" => "nothing binds".to_owned(),
        name => format!("binds: {name}"),
    };
    let p = at(&c.production_per_year, i);
    let h = at(&c.hosting_room, i);
    let f = at(&c.fleet, i);
    let room = if h.is_finite() {
        format!("Hosting room H: {}", with_unit(h, "accelerators"))
    } else {
        "Hosting room H: unlimited (no hosting links)".to_owned()
    };
    format!(
        "{} — {binding}\nProduction P: {}/yr (P·Δt = {} this period)\n{room}\n\
         Installed: {}, idle output: {}\nFleet F: {}",
        period_label(o, i),
        with_unit(p, "accelerators"),
        with_unit(p * dt, "accelerators"),
        with_unit(at(&c.installed, i), "accelerators"),
        with_unit(at(&c.idle_output, i), "accelerators"),
        with_unit(f, "accelerators"),
    )
}

fn hover(o: &Outcome) -> impl Fn(&HoverPosition<'_>) -> Option<String> + '_ {
    move |pos| hovered_period(o, pos).map(|i| readout(o, i))
}

/// One row per chain link (first link on top), a band wherever its segment binds.
fn bands_ui(ui: &mut Ui, o: &Outcome, names: Vec<String>, axis_width: f32, height: f32) {
    let links = &o.chain.links;
    let rows = links.len();
    // Row of a segment: its first link; row k is drawn at y = rows − 1 − k.
    let row_of = |segment: usize| {
        links
            .iter()
            .position(|l| l.segment == segment)
            .map(|k| (rows - 1 - k) as f64)
    };
    let dt = dt_years(o);
    let label_of = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        let k = rows as f64 - 1.0 - mark.value;
        if (k - k.round()).abs() < 0.01 && k >= -0.01 {
            names.get(k.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    time_plot(
        o,
        "plot-binding-bands",
        vec![
            AxisHints::new_y()
                .formatter(label_of)
                .min_thickness(axis_width)
                .label_spacing(10.0..=12.0),
        ],
    )
    .height(height)
    .y_grid_spacer(move |_| {
        (0..rows)
            .map(|k| GridMark {
                value: k as f64,
                step_size: 1.0,
            })
            .collect()
    })
    .show_grid(Vec2b::new(true, false))
    .default_y_bounds(-0.6, rows as f64 - 0.4)
    .allow_drag([true, false])
    .allow_zoom([true, false])
    .allow_boxed_zoom(false)
    .label_formatter(hover(o))
    .show(ui, |plot_ui| {
        for run in binding_runs(&o.chain.binding) {
            let Some(y) = row_of(run.segment) else {
                continue;
            };
            let (Some(t0), Some(t1)) = (o.time.get(run.start), o.time.get(run.end - 1)) else {
                continue;
            };
            let name = o.segments.get(run.segment).map_or("?", |s| s.name.as_str());
            plot_ui.add(
                FilledArea::new(name, &[*t0, t1 + dt], &[y - 0.38; 2], &[y + 0.38; 2])
                    .fill_color(palette::segment(run.segment)),
            );
        }
    });
}

/// Each link's capacity (dashed, in the segment's colour) and the chain's P, H and F (in the
/// theme's text colours: P dotted, H a wide translucent ceiling, F solid), in accelerators.
fn context_ui(ui: &mut Ui, o: &Outcome, axis_width: f32, height: f32) {
    let c = &o.chain;
    let dt = dt_years(o);
    let (text, strong) = palette::neutral(ui);
    time_plot(
        o,
        "plot-binding-context",
        vec![y_axis(YFormat::Quantity, "Accelerators").min_thickness(axis_width)],
    )
    .height(height)
    .legend(legend(Corner::LeftTop))
    .label_formatter(hover(o))
    .show(ui, |plot_ui| {
        if c.links.iter().any(|l| l.role == Role::Hosting) {
            plot_ui.line(
                plot_line("Hosting room H", end_points(&o.time, dt, &c.hosting_room))
                    .color(palette::fill(text, 0.35))
                    .width(7.0),
            );
        }
        for l in &c.links {
            let Some(s) = o.segments.get(l.segment) else {
                continue;
            };
            let name = match l.role {
                Role::Production => format!("{} can make, per year", s.name),
                Role::Hosting => format!("{} can host", s.name),
            };
            plot_ui.line(
                plot_line(name, end_points(&o.time, dt, &l.capacity))
                    .color(palette::segment(l.segment))
                    .style(LineStyle::dashed_dense())
                    .width(1.5),
            );
        }
        if c.links.iter().any(|l| l.role == Role::Production) {
            plot_ui.line(
                plot_line(
                    "Production P, per year",
                    end_points(&o.time, dt, &c.production_per_year),
                )
                .color(text)
                .style(LineStyle::dotted_dense())
                .width(2.5),
            );
        }
        plot_ui.line(
            plot_line("Fleet F", end_points(&o.time, dt, &c.fleet))
                .color(strong)
                .width(2.5),
        );
    });
}

/// Height of the strip under the binding plots. Hook for the "what one more billion buys"
/// strip of a later issue: 0 while it draws nothing.
fn marginal_strip_height(_o: &Outcome) -> f32 {
    0.0
}

/// Draws the strip in the height [`marginal_strip_height`] reserved. Empty for now.
fn marginal_strip_ui(_ui: &mut Ui, _scenario: &Scenario, _o: &Outcome) {}
