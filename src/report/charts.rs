//! The plots of the plan over time, from the outcome alone (and the scenario, for what it
//! declares), drawn with [`super::svg`] from the same series arithmetic as the window's plots
//! ([`crate::engine::series`], [`crate::money`]) and in the same colours
//! ([`crate::format::palette`]): capacity against capital, capital by source, sources and uses,
//! the binding link, demand against supply, and the macro limits.
//!
//! Flows are shown as calendar-year totals (bars), stocks at the end of each period.

use super::html::{Cell, Table, element, escape};
use super::svg::{Axis, Chart, Dash, Format, Key, Mark, Scale};
use crate::engine::series::{
    binding_runs, cumulative, end_points, max_finite, nice_ratio, stack, upper, yearly_totals,
};
use crate::engine::{Outcome, Role};
use crate::format::palette::{self, css};
use crate::format::{percent, usd};
use crate::model::{FundingClass, Scenario, unit_label};
use crate::money::{Flow, FlowKind, Flows, SourcesAndUses};

/// Breached limits and shortfalls.
pub const ALARM: u32 = 0xB3261E;
/// Reference lines (demand, the base case): the page's ink.
pub const INK: u32 = 0x1D2733;

/// Start of the horizon, period length (years), periods per year and first calendar year.
struct Time {
    t0: f64,
    dt: f64,
    per_year: usize,
    start_year: i32,
}

impl Time {
    fn of(o: &Outcome) -> Self {
        Self {
            t0: o.time.first().copied().unwrap_or_default(),
            dt: o.horizon.map_or(1.0, |h| h.dt_years()),
            per_year: o.horizon.map_or(1, |h| h.periods_per_year()).max(1),
            start_year: o.horizon.map_or(0, |h| h.start_year),
        }
    }
}

/// The time axis over the whole horizon, so that every plot spans the same years.
fn years(o: &Outcome) -> Axis {
    let t = Time::of(o);
    Axis::new(Scale::Years, "")
        .including(t.t0)
        .including(t.t0 + o.len() as f64 * t.dt)
}

fn line(points: Vec<[f64; 2]>, color: u32, width: f64, dash: Dash) -> Mark {
    Mark::Line {
        points,
        color,
        width,
        dash,
        right: false,
    }
}

/// A chart in a `<figure>` with a caption that says how to read it.
pub fn figure(chart: &Chart, caption: &str) -> String {
    format!(
        "<figure class=\"plot\" id=\"fig-{}\">{}<figcaption>{}</figcaption></figure>",
        escape(&chart.id),
        chart.svg(),
        escape(caption)
    )
}

/// The section of plots over time.
pub fn plan_over_time(s: &Scenario, o: &Outcome) -> String {
    let mut out = String::from("<section id=\"plots\"><h2>The plan over time</h2>");
    if o.is_empty() {
        out.push_str(&element(
            "p",
            "note",
            "Nothing to plot: the horizon has no periods.",
        ));
        out.push_str("</section>");
        return out;
    }
    out.push_str(&capacity(o));
    out.push_str(&capital_by_source(o));
    out.push_str(&sources_and_uses(s, o));
    out.push_str(&binding(o));
    out.push_str(&demand(s, o));
    out.push_str(&limits(o));
    out.push_str("</section>");
    out
}

/// Cumulative funding drawn and capital spent (left, USD) against delivered compute (right).
fn capacity(o: &Outcome) -> String {
    let t = Time::of(o);
    let drawn = cumulative(&o.inflow_usd);
    let spent = cumulative(&o.spend_usd);
    let compute = &o.chain.compute;
    let scale = nice_ratio(
        max_finite(&drawn).max(max_finite(&spent)),
        max_finite(compute),
    );
    // Cumulative sums start from zero at the start of the horizon.
    let from_zero = |ys: &[f64]| {
        let mut p = vec![[t.t0, 0.0]];
        p.extend(end_points(&o.time, t.dt, ys));
        p
    };
    let unit = unit_label(&o.chain.performance_unit);
    let mut c = Chart::new(
        "chart-capacity",
        "Capacity against capital",
        years(o),
        Axis::new(Scale::Linear(Format::Usd), "Capital, cumulative [$]"),
    )
    .subtitle("Funding drawn and capital spent to date (left axis) against the delivered compute they built (right axis)");
    c.right = Some((
        Axis::new(
            Scale::Linear(Format::Quantity),
            format!("Delivered compute [{unit}]"),
        ),
        scale,
    ));
    c.add(line(from_zero(&drawn), palette::FUNDING, 4.0, Dash::Solid));
    c.add(line(from_zero(&spent), palette::SPEND, 2.0, Dash::Solid));
    c.add(Mark::Line {
        points: end_points(&o.time, t.dt, compute),
        color: palette::COMPUTE,
        width: 2.5,
        dash: Dash::Solid,
        right: true,
    });
    c.key(Key::line(
        "Funding drawn (cumulative)",
        palette::FUNDING,
        Dash::Solid,
    ));
    c.key(Key::line(
        "Capital spent (cumulative)",
        palette::SPEND,
        Dash::Solid,
    ));
    c.key(Key::line(
        format!("Delivered compute, {unit} (right axis)"),
        palette::COMPUTE,
        Dash::Solid,
    ));
    figure(
        &c,
        "Capital spent can exceed funding drawn: the fleet's net revenue is reinvested. The \
         right axis is scaled so that both share the grid.",
    )
}

/// Yearly totals of each layer, stacked from zero up (`sign` 1) or down (`sign` −1), as bars.
fn stacked_bars(c: &mut Chart, t: &Time, layers: &[Flow], colors: &[u32], sign: f64) {
    let totals: Vec<Vec<f64>> = layers
        .iter()
        .map(|l| yearly_totals(&l.usd, t.per_year))
        .collect();
    let refs: Vec<&[f64]> = totals.iter().map(Vec::as_slice).collect();
    let n_years = totals.first().map_or(0, Vec::len);
    let tops = stack(&refs, n_years);
    for (k, layer) in layers.iter().enumerate() {
        if totals[k].iter().all(|v| *v == 0.0) {
            continue;
        }
        for (y, v) in totals[k].iter().enumerate() {
            if *v == 0.0 {
                continue;
            }
            let below = if k == 0 { 0.0 } else { tops[k - 1][y] };
            let x0 = f64::from(t.start_year) + y as f64;
            c.add(Mark::Rect {
                x: [x0 + 0.12, x0 + 0.88],
                y: [sign * below, sign * tops[k][y]],
                color: colors[k],
                tip: format!("{} in {}: {}", layer.name, t.start_year + y as i32, usd(*v)),
            });
        }
        c.key(Key::filled(&layer.name, colors[k]));
    }
}

/// A stock at the end of each period as a line, with its legend entry.
fn stock_line(c: &mut Chart, o: &Outcome, values: &[f64], name: &str, color: u32, dash: Dash) {
    let dt = Time::of(o).dt;
    c.add(line(end_points(&o.time, dt, values), color, 2.0, dash));
    c.key(Key::line(format!("{name} (end of period)"), color, dash));
}

/// Funding drawn per source per year (stacked), with the treasury and debt outstanding.
fn capital_by_source(o: &Outcome) -> String {
    let t = Time::of(o);
    let mut c = Chart::new(
        "chart-sources",
        "Capital by source",
        years(o),
        Axis::new(Scale::Linear(Format::Usd), "Per year; stocks at period end [$]"),
    )
    .subtitle("Funding drawn per source in each calendar year (stacked bars), with cash in the treasury and debt outstanding");
    let flows = Flows::of(o);
    let funding: Vec<Flow> = flows
        .sources
        .into_iter()
        .filter(|f| matches!(f.kind, FlowKind::Funding(_)))
        .collect();
    let colors: Vec<u32> = funding.iter().map(|f| palette::flow(f.kind)).collect();
    stacked_bars(&mut c, &t, &funding, &colors, 1.0);
    stock_line(
        &mut c,
        o,
        &o.treasury_usd,
        "Treasury",
        palette::TREASURY,
        Dash::Solid,
    );
    if o.sources.iter().any(|s| s.kind == FundingClass::Debt) {
        let debt = &o.debt_outstanding_usd;
        stock_line(
            &mut c,
            o,
            debt,
            "Debt outstanding",
            palette::DEBT,
            Dash::Dashed,
        );
    }
    figure(
        &c,
        "Money drawn but not yet spent waits in the treasury; debt outstanding is principal \
         plus any unpaid service.",
    )
}

/// A colour swatch before a name in a table.
fn swatch(color: Option<u32>, name: &str) -> Cell {
    let mark = color.map_or_else(
        || "<span class=\"swatch\"></span>".to_owned(),
        |c| {
            format!(
                "<span class=\"swatch\" style=\"background:{}\"></span>",
                css(c)
            )
        },
    );
    Cell::Html(format!("{mark}{}", escape(name)))
}

/// One side of sources and uses: a line per flow (and the stocks given), and its total.
fn side_table(id: &str, title: &str, lines: &[(Option<u32>, &str, f64)], total: f64) -> String {
    let mut table = Table::new(id, "").header(&[(title, false), ("Over the horizon", true)]);
    for (color, name, usd_value) in lines {
        table.row(
            "",
            vec![swatch(*color, name), Cell::number(usd(*usd_value))],
        );
    }
    table.row(
        "total",
        vec![
            Cell::text(format!("Total {}", title.to_lowercase())),
            Cell::number(usd(total)),
        ],
    );
    table.html()
}

/// The totals of sources and uses over the horizon, side by side: they add up.
fn sources_and_uses_tables(t: &SourcesAndUses, flows: &Flows) -> String {
    let total = |f: &Flow| f.usd.iter().sum::<f64>();
    let mut sources: Vec<(Option<u32>, &str, f64)> = Vec::new();
    if t.opening_treasury_usd != 0.0 {
        sources.push((None, "Opening treasury", t.opening_treasury_usd));
    }
    sources.extend(
        flows
            .sources
            .iter()
            .map(|f| (Some(palette::flow(f.kind)), f.name.as_str(), total(f))),
    );
    let mut uses: Vec<(Option<u32>, &str, f64)> = flows
        .uses
        .iter()
        .map(|f| (Some(palette::flow(f.kind)), f.name.as_str(), total(f)))
        .collect();
    uses.push((
        Some(palette::TREASURY),
        "Treasury at end",
        t.closing_treasury_usd,
    ));
    format!(
        "<div class=\"pair\" id=\"sources-uses-table\">{}{}</div>",
        side_table("sources-table", "Sources", &sources, t.sources_usd()),
        side_table("uses-table", "Uses", &uses, t.uses_usd())
    )
}

/// Where the money came from and where it went: totals that add up, and the flows per year.
fn sources_and_uses(s: &Scenario, o: &Outcome) -> String {
    let t = Time::of(o);
    let totals = SourcesAndUses::of(s, o);
    let flows = Flows::of(o);
    let mut c = Chart::new(
        "chart-sources-uses",
        "Sources and uses",
        years(o),
        Axis::new(Scale::Linear(Format::Usd), "Per year [$]"),
    )
    .subtitle("Sources (up) and uses (down) in each calendar year, with the treasury at the end of each period")
    .height(300.0);
    for (side, sign) in [(&flows.sources, 1.0), (&flows.uses, -1.0)] {
        let colors: Vec<u32> = side.iter().map(|f| palette::flow(f.kind)).collect();
        stacked_bars(&mut c, &t, side, &colors, sign);
    }
    stock_line(
        &mut c,
        o,
        &o.treasury_usd,
        "Treasury",
        palette::TREASURY,
        Dash::Dashed,
    );
    format!(
        "<div id=\"sources-uses\">{}{}</div>",
        figure(
            &c,
            "Opening cash + funding + revenue = capital spent + opex paid + debt service paid \
             + cash at the end: the engine's ledger balances every period.",
        ),
        sources_and_uses_tables(&totals, &flows)
    )
}

/// Which link of the chain binds, period by period: one row per link.
fn binding(o: &Outcome) -> String {
    let links = &o.chain.links;
    if links.is_empty() {
        return element(
            "p",
            "note",
            "Binding link: the chain has no links, so nothing binds.",
        );
    }
    let t = Time::of(o);
    let name = |k: usize| o.segments.get(k).map_or("?", |g| g.name.as_str());
    let rows: Vec<String> = links
        .iter()
        .map(|l| {
            let role = match l.role {
                Role::Production => "makes",
                Role::Hosting => "hosts",
            };
            format!("{} · {role}", name(l.segment))
        })
        .collect();
    let n_rows = rows.len();
    let mut c = Chart::new(
        "chart-binding",
        "Binding link",
        years(o),
        Axis::new(Scale::Rows(rows), ""),
    )
    .subtitle(
        "A band marks the link of the chain that limits the accelerators installed in each period",
    )
    .height((n_rows as f64 * 30.0).max(90.0));
    let mut keyed: Vec<usize> = Vec::new();
    for run in binding_runs(&o.chain.binding) {
        let Some(row) = links.iter().position(|l| l.segment == run.segment) else {
            continue;
        };
        let (Some(start), Some(last)) = (o.time.get(run.start), o.time.get(run.end - 1)) else {
            continue;
        };
        let label = |i: usize| o.horizon.map_or_else(String::new, |h| h.period_label(i));
        c.add(Mark::Rect {
            x: [*start, last + t.dt],
            y: [row as f64 - 0.34, row as f64 + 0.34],
            color: palette::segment(run.segment),
            tip: format!(
                "{} binds from {} to {}",
                name(run.segment),
                label(run.start),
                label(run.end - 1)
            ),
        });
        if !keyed.contains(&run.segment) {
            keyed.push(run.segment);
        }
    }
    for k in keyed {
        c.key(Key::filled(
            format!("{} binds", name(k)),
            palette::segment(k),
        ));
    }
    figure(
        &c,
        "The engine installs the smaller of what production makes in the period and the room \
         the hosting links have left: production binds when its output fits, hosting otherwise.",
    )
}

/// Delivered compute against demand, on a log axis, the shortfall shaded.
fn demand(s: &Scenario, o: &Outcome) -> String {
    let c = &o.chain;
    let t = Time::of(o);
    let has_demand = s.demand_compute.is_some();
    let max = max_finite(&c.compute).max(max_finite(&c.demand));
    // log10 of each value; zero has no log, so lines leave it out.
    let log = max > 0.0;
    let y = |v: f64| if log { v.max(max * 1e-6).log10() } else { v };
    let points = |vs: &[f64]| -> Vec<[f64; 2]> {
        o.time
            .iter()
            .zip(vs)
            .filter(|(_, v)| v.is_finite() && (!log || **v > 0.0))
            .map(|(x, v)| [x + t.dt, y(*v)])
            .collect()
    };
    let unit = unit_label(&c.performance_unit);
    let scale = if log {
        Scale::Log(Format::Quantity)
    } else {
        Scale::Linear(Format::Quantity)
    };
    let axis_label = if log {
        format!("Compute [{unit}], log scale")
    } else {
        format!("Compute [{unit}]")
    };
    let mut chart = Chart::new(
        "chart-demand",
        "Demand against supply",
        years(o),
        Axis::new(scale, axis_label),
    )
    .subtitle(if has_demand {
        "Delivered compute against the demand for it; the shortfall is shaded"
    } else {
        "Delivered compute (the scenario has no demand curve)"
    });
    if has_demand {
        // The shortfall where both are positive.
        let both: Vec<usize> = (0..o.len().min(c.compute.len()).min(c.demand.len()))
            .filter(|&i| c.compute[i] > 0.0 && c.demand[i] > 0.0)
            .collect();
        let compute: Vec<f64> = both.iter().map(|&i| y(c.compute[i])).collect();
        let demand: Vec<f64> = both.iter().map(|&i| y(c.demand[i])).collect();
        chart.add(Mark::Band {
            xs: both.iter().map(|&i| o.time[i] + t.dt).collect(),
            upper: upper(&compute, &demand),
            lower: compute,
            color: ALARM,
            opacity: 0.3,
        });
        chart.add(line(points(&c.demand), INK, 2.0, Dash::Dashed));
        chart.key(Key::filled("Shortfall", 0xE8A5A0));
        chart.key(Key::line("Demand", INK, Dash::Dashed));
    }
    chart.add(line(points(&c.compute), palette::COMPUTE, 2.5, Dash::Solid));
    chart.key(Key::line(
        "Delivered compute",
        palette::COMPUTE,
        Dash::Solid,
    ));
    figure(
        &chart,
        "Both often grow a hundredfold over the horizon, so the axis is logarithmic: equal \
         steps are equal ratios.",
    )
}

/// One plot per macro benchmark: the plan's yearly draw as a share of it, against its limit.
fn limits(o: &Outcome) -> String {
    if o.benchmarks.is_empty() {
        return element(
            "p",
            "note",
            "Macro limits: the scenario has no benchmarks to check its yearly draws against.",
        );
    }
    let mut out = String::from("<div id=\"limits\">");
    for (k, b) in o.benchmarks.iter().enumerate() {
        let color = palette::benchmark(k);
        let mut c = Chart::new(
            &format!("chart-limits-{k}"),
            &format!("Macro limit: {}", b.name),
            years(o),
            Axis::new(Scale::Linear(Format::Percent), "Share of the benchmark")
                .including(b.limit_share * 1.15),
        )
        .subtitle(format!(
            "The plan's {} per year as a share of {}; limit {}",
            b.measure.label(),
            b.name,
            percent(b.limit_share)
        ))
        .height(140.0);
        let mut above = 0;
        for (y, share) in b.share.iter().enumerate() {
            let (Some(year), true) = (b.years.get(y), share.is_finite()) else {
                continue;
            };
            let breach = *share > b.limit_share;
            above += usize::from(breach);
            let x0 = f64::from(*year);
            c.add(Mark::Rect {
                x: [x0 + 0.12, x0 + 0.88],
                y: [0.0, *share],
                color: if breach { ALARM } else { color },
                tip: format!("{year}: {} of {}", percent(*share), b.name),
            });
        }
        c.add(Mark::HLine {
            y: b.limit_share,
            color: ALARM,
            dash: Dash::Dashed,
        });
        c.key(Key::filled("Within the limit", color));
        if above > 0 {
            c.key(Key::filled(
                format!(
                    "Above the limit ({above} year{})",
                    if above == 1 { "" } else { "s" }
                ),
                ALARM,
            ));
        }
        c.key(Key::line(
            format!("Limit {}", percent(b.limit_share)),
            ALARM,
            Dash::Dashed,
        ));
        out.push_str(&figure(
            &c,
            &format!(
                "Flagged in a year whose {} exceeds {} of {}.",
                b.measure.label(),
                percent(b.limit_share),
                b.name
            ),
        ));
    }
    out.push_str("</div>");
    out
}
