//! The report's analyses: uncertainty (the fan chart of delivered compute, the KPI
//! percentiles, the tornado of compute at the end) and the optimum (the allocation's gap to
//! it; for an `Optimal` scenario its schedule and marginal values).

use std::collections::HashMap;

use super::charts::{INK, figure};
use super::html::{Cell, Table, element, escape};
use super::svg::{Axis, Chart, Dash, Format, Key, Mark, Scale};
use super::{Report, TORNADO_METRIC, Uncertainty};
use crate::engine::metrics::{kpi_values, metric_unit, series_at};
use crate::engine::montecarlo::{FAN_PERCENTILES, McResult};
use crate::engine::optimal::{Gap, Plan, is_optimal, objective_unit};
use crate::engine::sensitivity::{TORNADO_HIGH, TORNADO_LOW, Tornado};
use crate::format::palette;
use crate::format::{
    metric_label, param_unit, percent, quantity, usd, value_or_no_plan, value_with_unit,
};
use crate::model::{Scenario, param_name, param_unit_text, unit_label};

/// A value with its unit; `—` where there is none (an IRR that does not exist).
fn value(x: f64, unit: &str) -> String {
    if x.is_finite() {
        value_with_unit(x, unit)
    } else {
        "—".to_owned()
    }
}

/// The uncertainty section.
pub fn uncertainty(r: &Report<'_>, u: &Uncertainty) -> String {
    let s = r.input.scenario;
    let mut out = String::from("<section id=\"uncertainty\"><h2>Uncertainty</h2>");
    out.push_str(&element(
        "p",
        "lede",
        &format!(
            "{} numbers of the scenario are uncertain, each with a distribution. Monte Carlo \
             simulates the plan once per sample with every uncertain number drawn at random; \
             the tornado moves one number at a time to its P{:.0} and P{:.0}.",
            s.uncertainty.len(),
            TORNADO_LOW * 100.0,
            TORNADO_HIGH * 100.0
        ),
    ));
    match &u.mc {
        Ok(mc) => {
            out.push_str(&fan(r, mc));
            out.push_str(&percentiles(r, mc));
        }
        Err(e) => out.push_str(&element(
            "p",
            "note",
            &format!("Monte Carlo could not run: {e}."),
        )),
    }
    match &u.tornado {
        Ok(t) => out.push_str(&tornado(r, t)),
        Err(e) => out.push_str(&element(
            "p",
            "note",
            &format!("The tornado could not be computed: {e}."),
        )),
    }
    out.push_str("</section>");
    out
}

/// P5–P95 and P25–P75 bands of delivered compute per year, the median and the base case.
fn fan(r: &Report<'_>, mc: &McResult) -> String {
    let Some(meta) = mc.series.first() else {
        return element("p", "note", "The run kept no series for a fan chart.");
    };
    let f = mc.fan(0);
    // A stock at the end of its year, a flow in its middle.
    let offset = if meta.flow { 0.5 } else { 1.0 };
    let xs: Vec<f64> = f.years.iter().map(|y| f64::from(*y) + offset).collect();
    let base: Vec<[f64; 2]> = xs
        .iter()
        .zip(&f.years)
        .filter_map(|(x, y)| Some([*x, series_at(&r.outcome, &meta.name, *y)?]))
        .collect();
    let unit = unit_label(&meta.unit);
    let start = r.outcome.time.first().copied().unwrap_or_default();
    let mut c = Chart::new(
        "chart-fan",
        "Delivered compute under uncertainty",
        Axis::new(Scale::Years, "").including(start),
        Axis::new(
            Scale::Linear(Format::Quantity),
            format!("Delivered compute [{unit}]"),
        ),
    )
    .subtitle(format!(
        "Percentiles over {} samples at the end of each year (seed {})",
        mc.len(),
        mc.settings.seed
    ));
    let band = |lo: usize, hi: usize, opacity: f64| Mark::Band {
        xs: xs.clone(),
        lower: f.bands[lo].clone(),
        upper: f.bands[hi].clone(),
        color: palette::COMPUTE,
        opacity,
    };
    c.add(band(0, 4, 0.2));
    c.add(band(1, 3, 0.4));
    let median = xs.iter().zip(&f.bands[2]).map(|(x, y)| [*x, *y]).collect();
    c.add(Mark::Line {
        points: median,
        color: palette::COMPUTE,
        width: 2.5,
        dash: Dash::Solid,
        right: false,
    });
    c.add(Mark::Line {
        points: base,
        color: INK,
        width: 1.5,
        dash: Dash::Dashed,
        right: false,
    });
    c.key(Key::filled("P5–P95", 0xD7C4E0));
    c.key(Key::filled("P25–P75", 0xBB9BCB));
    c.key(Key::line("Median (P50)", palette::COMPUTE, Dash::Solid));
    c.key(Key::line("Base case", INK, Dash::Dashed));
    figure(
        &c,
        "Nine in ten samples lie within the light band, half within the dark one. The base \
         case is the scenario with every number at its stated value.",
    )
}

/// The percentiles of every KPI over the samples, with the base case.
fn percentiles(r: &Report<'_>, mc: &McResult) -> String {
    let base: HashMap<String, f64> = kpi_values(&r.outcome)
        .into_iter()
        .map(|k| (k.key, k.value))
        .collect();
    let mut header = vec![("KPI".to_owned(), false)];
    header.extend(
        FAN_PERCENTILES
            .iter()
            .map(|p| (format!("P{:.0}", p * 100.0), true)),
    );
    header.push(("Base case".to_owned(), true));
    let mut t = Table::new(
        "kpi-percentiles",
        format!(
            "The KPIs over {} samples: percentiles (P50 is the median)",
            mc.len()
        ),
    )
    .header_owned(header);
    for (k, meta) in mc.kpis.iter().enumerate() {
        let mut cells = vec![Cell::text(&meta.label)];
        cells.extend(
            mc.kpi_percentiles(k, &FAN_PERCENTILES)
                .into_iter()
                .map(|v| Cell::number(value(v, &meta.unit))),
        );
        let b = base.get(&meta.key).copied().unwrap_or(f64::NAN);
        cells.push(Cell::number(value(b, &meta.unit)));
        t.row("", cells);
    }
    t.html()
}

/// The tornado of compute at the end, as horizontal bars from the base case, and its table.
fn tornado(r: &Report<'_>, t: &Tornado) -> String {
    let o = &r.outcome;
    let unit = metric_unit(o, TORNADO_METRIC).unwrap_or_default();
    let metric = metric_label(o, TORNADO_METRIC);
    // Each driver's unit, looked up once.
    let units: HashMap<&str, String> = t
        .bars
        .iter()
        .map(|b| {
            let unit = param_unit_text(&r.reported, &b.path).unwrap_or_default();
            (b.path.as_str(), unit)
        })
        .collect();
    let input = |path: &str, x: f64| param_unit(units.get(path).map_or("", String::as_str)).show(x);
    let names: Vec<String> = t.bars.iter().map(|b| param_name(&b.path)).collect();
    let (lo, hi) = t.extent();
    // Room beyond the bars' ends for their labels.
    let pad = if hi > lo { (hi - lo) * 0.25 } else { 1.0 };
    let (low_color, high_color) = (palette::segment(0), palette::segment(1));
    let mut c = Chart::new(
        "chart-tornado",
        &format!("Tornado: {metric}"),
        Axis::new(
            Scale::Span(Format::Quantity),
            format!("{metric} [{}]", unit_label(&unit)),
        )
        .including(lo - pad)
        .including(hi + pad),
        Axis::new(Scale::Rows(names.clone()), ""),
    )
    .subtitle(format!(
        "Each uncertain number at its P{:.0} and P{:.0}, the others at their stated values; \
         the widest swing on top",
        TORNADO_LOW * 100.0,
        TORNADO_HIGH * 100.0
    ))
    .height((t.bars.len() as f64 * 30.0).max(120.0));
    for (k, b) in t.bars.iter().enumerate() {
        let row = k as f64;
        let same_side = (b.at_low >= t.base) == (b.at_high >= t.base);
        let low_nearer = (b.at_low - t.base).abs() < (b.at_high - t.base).abs();
        for (at, x, color, which, nearer) in [
            (b.at_low, b.low_input, low_color, TORNADO_LOW, low_nearer),
            (
                b.at_high,
                b.high_input,
                high_color,
                TORNADO_HIGH,
                !low_nearer,
            ),
        ] {
            // An end with no number (no optimal plan at that value) has no bar; the table
            // says so.
            if !at.is_finite() {
                continue;
            }
            c.add(Mark::Rect {
                x: [t.base, at],
                y: [row - 0.3, row + 0.3],
                color,
                tip: format!(
                    "{} at its P{:.0}, {}: {}",
                    names[k],
                    which * 100.0,
                    input(&b.path, x),
                    value_with_unit(at, &unit)
                ),
            });
            // A label sits beyond its end; when both ends lie on one side, the nearer one's
            // label sits inside the longer bar.
            let left = at < t.base;
            c.add(Mark::Label {
                at: [at, row],
                text: input(&b.path, x),
                end: if same_side && nearer { !left } else { left },
            });
        }
    }
    c.add(Mark::VLine {
        x: t.base,
        color: INK,
        dash: Dash::Solid,
    });
    c.key(Key::filled(
        format!("At its P{:.0}", TORNADO_LOW * 100.0),
        low_color,
    ));
    c.key(Key::filled(
        format!("At its P{:.0}", TORNADO_HIGH * 100.0),
        high_color,
    ));
    c.key(Key::line(
        format!("Base case {}", value_with_unit(t.base, &unit)),
        INK,
        Dash::Solid,
    ));
    let mut table = Table::new(
        "tornado-table",
        format!("{metric} with one uncertain number at its P10 and at its P90"),
    )
    .header(&[
        ("Uncertain number", false),
        ("P10 → P90", true),
        ("At P10", true),
        ("At P90", true),
        ("Swing", true),
    ]);
    for (k, b) in t.bars.iter().enumerate() {
        table.row(
            "",
            vec![
                Cell::Html(format!(
                    "{}<br><code class=\"path\">{}</code>",
                    escape(&names[k]),
                    escape(&b.path)
                )),
                Cell::number(format!(
                    "{} → {}",
                    input(&b.path, b.low_input),
                    input(&b.path, b.high_input)
                )),
                Cell::number(value_or_no_plan(b.at_low, &unit)),
                Cell::number(value_or_no_plan(b.at_high, &unit)),
                Cell::number(value_or_no_plan(b.swing(), &unit)),
            ],
        );
    }
    figure(
        &c,
        "How far each uncertain number alone moves delivered compute at the end of the horizon.",
    ) + &table.html()
}

/// The gap to the optimum, and an `Optimal` scenario's schedule and marginal values.
pub fn optimum(r: &Report<'_>) -> String {
    let s = r.input.scenario;
    let mut out = String::from("<section id=\"optimum\"><h2>Against the optimal plan</h2>");
    out.push_str(&element(
        "p",
        "lede",
        &format!(
            "The optimal plan is the allocation that maximises the scenario's objective, {}, \
             under exactly the engine's rules, solved as a linear programme.",
            s.objective.label()
        ),
    ));
    match (&r.plan, &r.gap) {
        (Ok(plan), Some(gap)) => {
            out.push_str(&gap_table(s, plan, gap));
            if is_optimal(s) {
                out.push_str(&schedule(s, plan));
                out.push_str(&marginal(s, plan));
            }
        }
        (Err(e), _) => {
            let fallback = if is_optimal(s) {
                " The figures above show the scenario as it stands, under the Balanced rule \
                 the optimisation starts from."
            } else {
                ""
            };
            out.push_str(&format!(
                "<p class=\"warnings\" id=\"optimum-gap\"><strong>No optimal plan.</strong> The \
                 solver could not solve this scenario: {}. The gap to the optimum is not \
                 known.{fallback}</p>",
                escape(&e.to_string())
            ));
        }
        (Ok(_), None) => {}
    }
    out.push_str("</section>");
    out
}

fn gap_table(s: &Scenario, plan: &Plan, gap: &Gap) -> String {
    let unit = objective_unit(s, plan.objective);
    let objective = format!(
        "{} [{}]",
        crate::model::capitalised(plan.objective.label()),
        unit_label(&unit)
    );
    let mut t = Table::new("optimum-gap", "").header(&[
        ("Plan", false),
        (&objective, true),
        ("Share of the optimum", false),
    ]);
    t.row(
        "",
        vec![
            Cell::text("The optimal plan"),
            Cell::number(value_with_unit(gap.optimum, &unit)),
            Cell::text(""),
        ],
    );
    let reach = if is_optimal(s) {
        "the scenario's allocation is the optimal plan".to_owned()
    } else {
        match gap.share() {
            Some(share) => format!("{} of the optimum", percent(share)),
            None if !gap.objective.maximised() => "lower is better".to_owned(),
            None => String::new(),
        }
    };
    t.row(
        "total",
        vec![
            Cell::text("This scenario's allocation"),
            Cell::number(value_with_unit(gap.own, &unit)),
            Cell::text(reach),
        ],
    );
    let mut out = t.html();
    if !plan.falls.is_empty() {
        out.push_str(&element(
            "p",
            "note",
            &format!(
                "Delivered compute had to fall in {} period(s), where no plan avoids it.",
                plan.falls.len()
            ),
        ));
    }
    out
}

/// Year `y`'s periods of a per-period series.
fn year_sum(xs: &[f64], y: usize, per_year: usize) -> f64 {
    xs.iter().skip(y * per_year).take(per_year).sum()
}

/// The optimal schedule: spend per segment in each calendar year.
fn schedule(s: &Scenario, plan: &Plan) -> String {
    let ppy = s.horizon.periods_per_year();
    let mut header = vec![("Year".to_owned(), false)];
    header.extend(s.segments.iter().map(|g| (g.name.clone(), true)));
    header.push(("Total".to_owned(), true));
    let mut t = Table::new(
        "schedule",
        "The optimal schedule: capital spent per segment in each year",
    )
    .header_owned(header);
    for y in 0..s.horizon.years() {
        let spend: Vec<f64> = plan.spend_usd.iter().map(|v| year_sum(v, y, ppy)).collect();
        let mut cells = vec![Cell::text((s.horizon.start_year + y as i32).to_string())];
        cells.extend(spend.iter().map(|v| Cell::number(usd(*v))));
        cells.push(Cell::number(usd(spend.iter().sum())));
        t.row("", cells);
    }
    t.html()
}

/// What one more $1B buys in each year, from the duals of the optimum.
fn marginal(s: &Scenario, plan: &Plan) -> String {
    let m = &plan.marginal;
    let unit = unit_label(&objective_unit(s, plan.objective));
    let mut header = vec![("Year".to_owned(), false), ("Any use".to_owned(), true)];
    header.extend(s.segments.iter().map(|g| (g.name.clone(), true)));
    let mut t = Table::new(
        "marginal-values",
        format!(
            "What one more $1B buys in each year [{unit}]; on a segment, spent there (* where \
             the optimum would not spend: the money is worth more elsewhere or later)"
        ),
    )
    .header_owned(header);
    for (y, year) in m.years.iter().enumerate() {
        let mut cells = vec![
            Cell::text(year.to_string()),
            Cell::number(quantity(m.per_billion.get(y).copied().unwrap_or(0.0))),
        ];
        cells.extend(m.segment_per_billion.iter().map(|v| {
            let x = v.get(y).copied().unwrap_or(0.0);
            let mark = if x < 0.0 { "*" } else { "" };
            Cell::number(format!("{}{mark}", quantity(x)))
        }));
        t.row("", cells);
    }
    t.html()
}
