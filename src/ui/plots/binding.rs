//! Binding link: which segment of the chain limits the accelerators installed, period by period
//! — one row per chain link, a band in the segment's colour wherever it binds — and below it
//! the context in accelerators: each link's capacity, production P, hosting room H and the
//! fleet F.
//!
//! The engine installs `min(P·Δt, H − F')` each period: production binds when a period's
//! output fits in the room left, hosting binds otherwise. The read-out gives both terms.
//!
//! Under the plots, once the document's background job has computed it, a strip shows what one
//! more billion buys ([`crate::engine::sensitivity::marginal`]): per year, the segment in which
//! $1B more spent that year adds the most delivered compute by the end of the horizon, in the
//! segment's colour, with every segment's gain in the hover text.

use egui::{Ui, Vec2b};
use egui_plot::{AxisHints, Corner, FilledArea, GridMark, HoverPosition, LineStyle};

use super::common::{
    Y_AXIS_WIDTH, YFormat, at, dt_years, hovered_period, legend, mark_focus, note_ui, period_label,
    plot_line, time_plot, y_axis,
};
use super::palette;
use super::series::{binding_runs, end_points};
use crate::engine::sensitivity::Marginal;
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
pub fn binding_ui(ui: &mut Ui, scenario: &Scenario, o: &Outcome, marginal: Option<&Marginal>) {
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
    let strip = marginal_strip_height(o, marginal);
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
    if let Some(m) = marginal.filter(|_| strip > 0.0) {
        marginal_strip_ui(ui, scenario, o, m, axis_width, strip);
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
        mark_focus(plot_ui);
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
    let plot = time_plot(
        o,
        "plot-binding-context",
        vec![y_axis(YFormat::Quantity, "Accelerators").min_thickness(axis_width)],
    )
    .height(height)
    .label_formatter(hover(o));
    // A legend taller than half the plot would cover its lines (a small window): then the
    // hover read-out, which names every line, stands in for it.
    let entries = c.links.len() + 3;
    let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let plot = if row * entries as f32 <= height * 0.5 {
        plot.legend(legend(Corner::LeftTop))
    } else {
        plot
    };
    plot.show(ui, |plot_ui| {
        mark_focus(plot_ui);
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

/// Height of the strip under the binding plots: a title line and a band per year, once the
/// background job has computed what one more billion buys.
fn marginal_strip_height(o: &Outcome, m: Option<&Marginal>) -> f32 {
    match m {
        Some(m) if !m.years.is_empty() && !o.segments.is_empty() => 78.0,
        _ => 0.0,
    }
}

/// The "what one more billion buys" strip: each year coloured like the segment in which
/// `m.usd` more spent that year buys the most delivered compute by the end of the horizon,
/// named where that segment leads for two years or more; the hover text gives every
/// segment's gain.
fn marginal_strip_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    o: &Outcome,
    m: &Marginal,
    axis_width: f32,
    height: f32,
) {
    let end = scenario.horizon.end_year;
    let money = crate::format::usd_tick(m.usd);
    ui.horizontal(|ui| {
        ui.strong(format!("What one more {money} buys"));
        ui.weak(format!(
            "— where {money} more spent in a year adds the most delivered compute by the end \
             of {end}"
        ));
    });
    let title = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let best: Vec<Option<usize>> = (0..m.years.len()).map(|y| m.best(y)).collect();
    let first = m.years.first().copied().unwrap_or_default();
    let hover = move |pos: &HoverPosition<'_>| {
        let y = (super::common::hover_x(pos).floor() as i64 - i64::from(first))
            .try_into()
            .ok()?;
        marginal_readout(m, y, end)
    };
    time_plot(
        o,
        "plot-marginal",
        vec![
            AxisHints::new_y()
                .formatter(|_, _| String::new())
                .min_thickness(axis_width),
        ],
    )
    .height((height - title).max(40.0))
    .show_grid(Vec2b::new(true, false))
    .default_y_bounds(0.0, 1.0)
    .allow_drag([true, false])
    .allow_zoom([true, false])
    .allow_boxed_zoom(false)
    .label_formatter(hover)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        for (y, b) in best.iter().enumerate() {
            let Some(k) = *b else { continue };
            let x = f64::from(m.years[y]);
            let name = m.segments.get(k).map_or("?", String::as_str);
            plot_ui.add(
                FilledArea::new(name, &[x, x + 1.0], &[0.12; 2], &[0.88; 2])
                    .fill_color(palette::segment(k)),
            );
        }
        for run in binding_runs(&best) {
            if run.end - run.start < 2 {
                continue;
            }
            let name = m.segments.get(run.segment).map_or("?", String::as_str);
            let mid = f64::from(m.years[run.start]) + (run.end - run.start) as f64 / 2.0;
            plot_ui.text(
                egui_plot::Text::new("", egui_plot::PlotPoint::new(mid, 0.5), name)
                    .color(egui::Color32::BLACK),
            );
        }
    });
}

/// The hover text of year index `y`: the best segment and every segment's gain.
fn marginal_readout(m: &Marginal, y: usize, end: i32) -> Option<String> {
    let year = *m.years.get(y)?;
    let row = m.gain.get(y)?;
    let money = crate::format::usd_tick(m.usd);
    let gain = |v: f64| {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", with_unit(v, &m.unit))
    };
    let head = match m.best(y) {
        Some(k) => format!(
            "{year}: {money} more on {} buys {} by the end of {end}",
            m.segments.get(k).map_or("?", String::as_str),
            gain(row[k])
        ),
        None => format!("{year}: {money} more buys no extra compute by the end of {end}"),
    };
    let mut order: Vec<usize> = (0..row.len()).collect();
    order.sort_by(|a, b| row[*b].total_cmp(&row[*a]));
    let lines: Vec<String> = order
        .iter()
        .map(|&k| {
            format!(
                "  {}: {}",
                m.segments.get(k).map_or("?", String::as_str),
                gain(row[k])
            )
        })
        .collect();
    Some(format!("{head}\n{}", lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readout_names_the_best_segment_and_every_gain() {
        let m = Marginal {
            usd: 1e9,
            years: vec![2030, 2031],
            segments: vec!["Fabs".into(), "Power".into()],
            gain: vec![vec![2e6, 5e6], vec![0.0, 0.0]],
            unit: "PFLOP/s".into(),
        };
        assert_eq!(
            marginal_readout(&m, 0, 2040).as_deref(),
            Some(
                "2030: $1B more on Power buys +5.00M PFLOP/s by the end of 2040\n  \
                 Power: +5.00M PFLOP/s\n  Fabs: +2.00M PFLOP/s"
            )
        );
        assert!(
            marginal_readout(&m, 1, 2040)
                .is_some_and(|t| t.starts_with("2031: $1B more buys no extra compute"))
        );
        assert_eq!(marginal_readout(&m, 2, 2040), None);
    }
}
