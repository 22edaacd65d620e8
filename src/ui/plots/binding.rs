//! Binding link: which segment of the chain limits the accelerators installed, period by period
//! — one row per chain link, a band in the segment's colour wherever it binds — and below it
//! the context in accelerators: each link's capacity, production P, hosting room H and the
//! fleet F.
//!
//! The engine installs `min(P·Δt, H − F')` each period: production binds when a period's
//! output fits in the room left, hosting binds otherwise. The read-out gives both terms.
//!
//! Under the plots, once the optimal plan is solved in the background, a strip shows what one
//! more billion buys, from the plan's duals ([`crate::engine::optimal::Marginal`]): per year, a
//! bar of what $1B more in that year is worth in the objective's units (never negative, never
//! rising: money can wait), in the colour of a segment whose supply-chain cap keeps the plan
//! from spending more there, where one does; the hover text gives every segment's value. For a
//! scenario that is not `Optimal` the values are the best plan's, and the strip says so.

use egui::{RichText, Ui, Vec2b};
use egui_plot::{AxisHints, Corner, FilledArea, GridMark, HoverPosition, LineStyle};

use super::common::{
    Y_AXIS_WIDTH, YFormat, at, dt_years, hovered_period, legend, mark_focus, note_ui, period_label,
    plot_line, time_plot, y_axis,
};
use super::palette;
use super::series::{binding_runs, end_points};
use crate::engine::optimal::Marginal;
use crate::engine::{Outcome, Role};
use crate::format::with_unit;
use crate::model::Objective;

/// The optimal plan's marginal values, for the strip under the binding plots.
pub struct MarginalStrip<'a> {
    pub m: &'a Marginal,
    pub objective: Objective,
    /// The objective's unit (`PFLOP/s·years`).
    pub unit: String,
    /// Whether the plan is the scenario's own (an `Optimal` scenario) rather than the best
    /// plan beside another allocation.
    pub own: bool,
    /// Whether the plan is of an earlier version of the scenario (drawn faint).
    pub stale: bool,
}

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
pub fn binding_ui(ui: &mut Ui, o: &Outcome, marginal: Option<&MarginalStrip<'_>>) {
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
        ui.scope(|ui| {
            if m.stale {
                ui.multiply_opacity(0.5);
            }
            marginal_strip_ui(ui, o, m, axis_width, strip);
        });
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

/// Height of the strip under the binding plots: a title line and a bar per year, once the
/// optimal plan is solved.
fn marginal_strip_height(o: &Outcome, m: Option<&MarginalStrip<'_>>) -> f32 {
    match m {
        Some(m) if !m.m.years.is_empty() && !o.segments.is_empty() => 120.0,
        _ => 0.0,
    }
}

/// The segment, if any, whose value in year index `y` exceeds the money's: its cap keeps the
/// plan from spending more there.
fn capped_segment(m: &Marginal, y: usize) -> Option<usize> {
    let money = *m.per_billion.get(y)?;
    let (k, v) = m
        .segment_per_billion
        .iter()
        .enumerate()
        .filter_map(|(k, row)| Some((k, *row.get(y)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (v > money + 1e-6 * money.abs().max(1e-12)).then_some(k)
}

/// The "what one more billion buys" strip: a bar per year of what $1B more then is worth, in
/// the colour of a capped segment where one would be worth more still.
fn marginal_strip_ui(
    ui: &mut Ui,
    o: &Outcome,
    s: &MarginalStrip<'_>,
    axis_width: f32,
    height: f32,
) {
    let m = s.m;
    ui.horizontal(|ui| {
        ui.strong("What one more $1B buys");
        let whose = if s.own {
            "the optimal plan"
        } else {
            "the best plan, not of this allocation"
        };
        ui.add(
            egui::Label::new(RichText::new(format!("— {}, duals of {whose}", s.unit)).weak())
                .truncate(),
        )
        .on_hover_text(format!(
            "What $1B more in each year is worth in {} ({}), read from the duals of {whose}",
            s.objective.label(),
            s.unit
        ));
    });
    let title = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let first = m.years.first().copied().unwrap_or_default();
    let names: Vec<String> = o.segments.iter().map(|g| g.name.clone()).collect();
    let hover_names = names.clone();
    let hover = move |pos: &HoverPosition<'_>| {
        let y = (super::common::hover_x(pos).floor() as i64 - i64::from(first))
            .try_into()
            .ok()?;
        marginal_readout(s, &hover_names, y)
    };
    let (text, _) = palette::neutral(ui);
    let bars: Vec<(Option<usize>, egui_plot::Bar)> = m
        .years
        .iter()
        .zip(&m.per_billion)
        .enumerate()
        .map(|(y, (year, v))| {
            let capped = capped_segment(m, y);
            let colour = capped.map_or(palette::fill(text, 0.45), palette::segment);
            let bar = egui_plot::Bar::new(f64::from(*year) + 0.5, *v)
                .width(0.8)
                .fill(colour)
                .stroke(egui::Stroke::NONE);
            (capped, bar)
        })
        .collect();
    time_plot(
        o,
        "plot-marginal",
        vec![y_axis(YFormat::Quantity, "").min_thickness(axis_width)],
    )
    .height((height - title).max(40.0))
    .show_grid(Vec2b::new(true, false))
    .allow_drag([true, false])
    .allow_zoom([true, false])
    .allow_boxed_zoom(false)
    .label_formatter(hover)
    .show(ui, |plot_ui| {
        mark_focus(plot_ui);
        let mut groups: Vec<(Option<usize>, Vec<egui_plot::Bar>)> = Vec::new();
        for (k, bar) in bars {
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, v)) => v.push(bar),
                None => groups.push((k, vec![bar])),
            }
        }
        for (k, group) in groups {
            let name = match k {
                Some(k) => format!("{} capped", names.get(k).map_or("?", String::as_str)),
                None => "One more $1B".to_owned(),
            };
            plot_ui.bar_chart(egui_plot::BarChart::new(name, group));
        }
    });
}

/// The hover text of year index `y`: what $1B more is worth, and forced into each segment.
fn marginal_readout(s: &MarginalStrip<'_>, names: &[String], y: usize) -> Option<String> {
    let m = s.m;
    let year = *m.years.get(y)?;
    let money = *m.per_billion.get(y)?;
    let value = |v: f64| {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", with_unit(v, &s.unit))
    };
    let head = format!(
        "{year}: one more $1B is worth {} ({}; it can wait in the treasury)",
        value(money),
        s.objective.label()
    );
    let mut rows: Vec<(usize, f64)> = m
        .segment_per_billion
        .iter()
        .enumerate()
        .filter_map(|(k, row)| Some((k, *row.get(y)?)))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let lines: Vec<String> = rows
        .iter()
        .map(|&(k, v)| {
            let name = names.get(k).map_or("?", String::as_str);
            let why = if v < money - 1e-6 * money.abs().max(1e-12) {
                " — worth less than where the plan spends it"
            } else if v > money + 1e-6 * money.abs().max(1e-12) {
                " — more than the money: its cap binds"
            } else {
                ""
            };
            format!("  forced into {name}: {}{why}", value(v))
        })
        .collect();
    Some(format!("{head}\n{}", lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readout_gives_the_moneys_value_and_each_segments() {
        let m = Marginal {
            years: vec![2030, 2031],
            per_billion: vec![3e6, 2e6],
            segment_per_billion: vec![vec![3e6, 1e6], vec![5e6, 2e6]],
            ..Marginal::default()
        };
        let s = MarginalStrip {
            m: &m,
            objective: Objective::CumulativeCompute,
            unit: "PFLOP/s·years".into(),
            own: true,
            stale: false,
        };
        let names = ["Fabs".to_owned(), "Power".to_owned()];
        assert_eq!(
            marginal_readout(&s, &names, 0).as_deref(),
            Some(
                "2030: one more $1B is worth +3.00M PFLOP/s·years (cumulative delivered \
                 compute; it can wait in the treasury)\n  forced into Power: +5.00M \
                 PFLOP/s·years — more than the money: its cap binds\n  forced into Fabs: \
                 +3.00M PFLOP/s·years"
            )
        );
        assert!(marginal_readout(&s, &names, 1).is_some_and(|t| t.ends_with(
            "forced into Fabs: +1.00M PFLOP/s·years — worth less than where the plan spends it"
        )));
        assert_eq!(marginal_readout(&s, &names, 2), None);
        assert_eq!(capped_segment(&m, 0), Some(1));
        assert_eq!(capped_segment(&m, 1), None);
    }
}
