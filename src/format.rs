//! How numbers are shown to people: `$1.2T`, `3.4 GW`, `12.5 %`, and the KPI list that the
//! CLI prints and the window's KPI strip shows. Pure functions, no egui.
//!
//! - [`units`]: a parameter's value with its unit (`$2.40M per MW`, `3.5 years`).
//! - [`palette`]: the colours of series, the same in the window and the HTML report.

pub mod palette;
pub mod units;

pub use units::{Unit, param_unit};

use crate::engine::Outcome;
use crate::model::Scenario;
use crate::money::SourcesAndUses;

/// Dollars with a scale suffix: `$7.00T`, `$456B`, `$12.3M`, `$950K`, `$12`. Less than half a
/// cent (float residue of a balance that is spent down) is `$0`.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return format!("${x}");
    }
    if x.abs() < 0.005 {
        return "$0".to_owned();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}${}", scaled(x.abs(), &["", "K", "M", "B", "T"]))
}

/// A count or quantity with a scale suffix: `1.23M`, `456k`, `12.3`.
pub fn quantity(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!(
        "{sign}{}",
        scaled(x.abs(), &["", "k", "M", "G", "T", "P", "E"])
    )
}

/// A quantity with its unit: `3.4k MW`, `12.3M PFLOP/s`.
pub fn with_unit(x: f64, unit: &str) -> String {
    if unit.is_empty() {
        quantity(x)
    } else {
        format!("{} {unit}", quantity(x))
    }
}

/// A value in the given unit: dollars for `USD`, a percentage for fractions, else a
/// quantity with its unit.
pub fn value_with_unit(x: f64, unit: &str) -> String {
    match unit {
        "USD" => usd(x),
        u if u.starts_with("fraction") => percent(x),
        u => with_unit(x, u),
    }
}

/// An analysis' value with its unit, or "no optimal plan" where it has no number (NaN: an
/// optimal scenario re-optimised at that value has no plan).
pub fn value_or_no_plan(x: f64, unit: &str) -> String {
    if x.is_nan() {
        "no optimal plan".to_owned()
    } else {
        value_with_unit(x, unit)
    }
}

/// A fraction as a percentage: `0.125` → `12.5 %`.
pub fn percent(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let p = x * 100.0;
    if p.abs() >= 100.0 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

/// A scenario's allocation against the optimal plan, as the CLI and the window say it: `the
/// file's own allocation: 115G of 167G [PFLOP/s·years] — 69.1 % of the best plan` (the share
/// only where the objective is maximised and the optimum positive).
pub fn gap_text(g: &crate::engine::optimal::Gap, unit: &str) -> String {
    if g.own_is_optimal {
        return format!(
            "the file's allocation is the optimal plan: {} [{unit}]",
            quantity(g.optimum)
        );
    }
    let share = g.share().map_or_else(String::new, |x| {
        format!(" — {:.1} % of the best plan", 100.0 * x)
    });
    format!(
        "the file's own allocation: {} of {} [{unit}]{share}",
        quantity(g.own),
        quantity(g.optimum)
    )
}

/// An index or correlation to two decimals (`0.31`, `+0.82` with `signed`), `—` when there is
/// none. An estimate that rounds to zero reads `0.00`, never `-0.00`.
pub fn index(x: Option<f64>, signed: bool) -> String {
    match x {
        Some(x) if x.is_finite() => {
            let x = if x.abs() < 0.005 { 0.0 } else { x };
            if signed {
                format!("{x:+.2}")
            } else {
                format!("{x:.2}")
            }
        }
        _ => "—".to_owned(),
    }
}

/// Dollars for axis ticks: like [`usd`] without trailing zeros (`$1T`, `$1.5T`, `$250B`).
pub fn usd_tick(x: f64) -> String {
    trim_zeros(&usd(x))
}

/// A quantity for axis ticks: like [`quantity`] without trailing zeros (`2M`, `2.5k`, `0`).
pub fn quantity_tick(x: f64) -> String {
    trim_zeros(&quantity(x))
}

/// A fraction as a percentage for axis ticks: `0.25` → `25 %`, `0.125` → `12.5 %`.
pub fn percent_tick(x: f64) -> String {
    trim_zeros(&percent(x))
}

/// Drops trailing zeros (and a bare decimal point) from the number in `s`: `$1.50T` → `$1.5T`.
fn trim_zeros(s: &str) -> String {
    let Some(dot) = s.find('.') else {
        return s.to_owned();
    };
    let digits_end = s[dot + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(s.len(), |k| dot + 1 + k);
    // Scientific notation (`1.00e-3`) keeps its mantissa as it is.
    if s[digits_end..].starts_with('e') {
        return s.to_owned();
    }
    let kept = s[dot + 1..digits_end].trim_end_matches('0');
    if kept.is_empty() {
        format!("{}{}", &s[..dot], &s[digits_end..])
    } else {
        format!("{}.{kept}{}", &s[..dot], &s[digits_end..])
    }
}

/// Three significant figures with the largest suffix that keeps the number ≥ 1.
fn scaled(x: f64, suffixes: &[&str]) -> String {
    let mut v = x;
    let mut k = 0;
    while v >= 999.5 && k + 1 < suffixes.len() {
        v /= 1000.0;
        k += 1;
    }
    let digits = if v >= 99.95 || v == 0.0 {
        0
    } else if v >= 9.995 {
        1
    } else if k == 0 && v < 0.01 {
        return format!("{x:.2e}");
    } else {
        2
    };
    format!("{v:.digits$}{}", suffixes[k])
}

/// The human name of a metric key (see [`crate::engine::metrics`]): a KPI's label
/// ("Delivered compute at end" for `compute_end`), or a series in a year ("Treasury in 2030"
/// for `treasury@2030`). An unknown key is shown as it is.
pub fn metric_label(o: &Outcome, key: &str) -> String {
    if let Some((series, year)) = key.rsplit_once('@') {
        return format!(
            "{} in {}",
            crate::model::capitalised(series.trim()),
            year.trim()
        );
    }
    crate::engine::metrics::kpi_values(o)
        .into_iter()
        .find(|k| k.key == key)
        .map_or_else(|| key.to_owned(), |k| k.label)
}

/// The display name of every series of `o`, in the order of [`Outcome::columns`]: the series'
/// name capitalised ("Delivered compute"); where two would read alike — the debt outstanding
/// of a source called "Debt" and the total debt outstanding — the total reads "Total debt
/// outstanding". Display only: CSV headers and `SERIES@YEAR` keep the series' own names.
pub fn series_labels(o: &Outcome) -> Vec<String> {
    use crate::engine::ColumnId as C;
    let ids = o.column_ids();
    let names: Vec<String> = ids
        .iter()
        .map(|id| crate::model::capitalised(&o.column(*id).name))
        .collect();
    let total = |id: &C| {
        !matches!(
            id,
            C::SourceDrawn(_)
                | C::SourceOutstanding(_)
                | C::SourceInterest(_)
                | C::SourceServicePaid(_)
                | C::Segment(..)
                | C::Link(_)
        )
    };
    let mut labels: Vec<String> = names
        .iter()
        .zip(&ids)
        .map(|(n, id)| {
            let clash = names
                .iter()
                .filter(|m| m.to_lowercase() == n.to_lowercase())
                .count()
                > 1;
            if clash && total(id) {
                format!("Total {}", n.to_lowercase())
            } else {
                n.clone()
            }
        })
        .collect();
    // Any names still alike (two sources of one name) are numbered.
    number_alike(&mut labels);
    labels
}

/// Numbers the labels that read like an earlier one: the second "Debt" becomes "Debt (2)".
pub fn number_alike(labels: &mut [String]) {
    for k in 0..labels.len() {
        let same = (0..k).filter(|&j| labels[j] == labels[k]).count();
        if same > 0 {
            labels[k] = format!("{} ({})", labels[k], same + 1);
        }
    }
}

/// The display name of the series called `name` (see [`series_labels`]).
pub fn series_label(o: &Outcome, name: &str) -> String {
    o.columns()
        .iter()
        .zip(series_labels(o))
        .find(|(c, _)| c.name == name)
        .map_or_else(|| crate::model::capitalised(name), |(_, l)| l)
}

/// One line of the KPI list.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiRow {
    pub label: String,
    pub value: String,
    /// A breached limit or unpaid obligation: shown as a warning.
    pub warning: bool,
    /// Longer explanation (tooltip in the window).
    pub detail: String,
    /// One of the few figures always shown in the window's KPI strip.
    pub headline: bool,
    /// What part of the plan the KPI is about (where the window leads a warning).
    pub topic: Option<KpiTopic>,
    /// The calendar year a warning is about (the window marks it on the plots).
    pub year: Option<i32>,
}

/// The part of a plan a KPI is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiTopic {
    /// Funding, the treasury and debt.
    Money,
    /// Segment `i`'s supply-chain cap: it restates the scenario's own limit.
    SupplyCap(usize),
    /// Delivered compute against demand.
    Demand,
    /// Benchmark `i`, a macro limit.
    Benchmark(usize),
}

impl KpiRow {
    fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            warning: false,
            detail: String::new(),
            headline: false,
            topic: None,
            year: None,
        }
    }

    fn headline(mut self) -> Self {
        self.headline = true;
        self
    }

    fn about(mut self, topic: KpiTopic) -> Self {
        self.topic = Some(topic);
        self
    }

    fn in_year(mut self, year: Option<i32>) -> Self {
        self.year = year;
        self
    }

    fn warn(mut self, warning: bool) -> Self {
        self.warning = warning;
        self
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

fn year_or_never(y: Option<i32>) -> String {
    y.map_or_else(|| "never".to_owned(), |y| y.to_string())
}

/// How capital spent adds up: `spent = opening cash + funding + net revenue reinvested − cash at
/// the end` (see [`SourcesAndUses`]).
fn spent_detail(m: &SourcesAndUses) -> String {
    let mut parts = vec![format!("funding committed {}", usd(m.funding_usd()))];
    if m.opening_treasury_usd != 0.0 {
        parts.push(format!("+ opening cash {}", usd(m.opening_treasury_usd)));
    }
    if m.revenue_usd != 0.0 {
        parts.push(format!(
            "+ net revenue reinvested {}",
            usd(m.net_revenue_reinvested_usd())
        ));
    } else if m.debt_service_paid_usd + m.opex_paid_usd != 0.0 {
        parts.push(format!(
            "− opex and debt service paid {}",
            usd(m.opex_paid_usd + m.debt_service_paid_usd)
        ));
    }
    parts.push(format!("− treasury at end {}", usd(m.closing_treasury_usd)));
    format!(
        "Capital spent on all {} segments over the horizon: {} = {}",
        m.spend.len(),
        usd(m.spend_usd()),
        parts.join(" ")
    )
}

/// The KPIs of an outcome, formatted, in the order the CLI and the window show them.
pub fn kpi_rows(s: &Scenario, o: &Outcome) -> Vec<KpiRow> {
    let k = &o.kpis;
    let perf = &o.chain.performance_unit;
    let money = SourcesAndUses::of(s, o);
    let mut rows = vec![
        KpiRow::new("Funding committed", usd(k.committed_usd))
            .detail(format!(
                "All funding drawn over the horizon, summed over {} source{}",
                money.funding.len(),
                if money.funding.len() == 1 { "" } else { "s" }
            ))
            .headline(),
    ];
    if s.revenue.is_some() {
        rows.push(
            KpiRow::new("Revenue", usd(money.revenue_usd))
                .detail("Revenue earned by the hosted fleet, summed over the horizon")
                .headline(),
        );
        rows.push(
            KpiRow::new(
                "Net revenue reinvested",
                usd(money.net_revenue_reinvested_usd()),
            )
            .detail(format!(
                "Revenue {} less the opex paid {} and debt service paid {}: what revenue added \
                 to the money for capital",
                usd(money.revenue_usd),
                usd(money.opex_paid_usd),
                usd(money.debt_service_paid_usd)
            ))
            .headline(),
        );
    }
    rows.extend([
        KpiRow::new("Capital spent", usd(k.spent_usd))
            .detail(spent_detail(&money))
            .headline(),
        KpiRow::new("Treasury at end", usd(k.treasury_end_usd))
            .detail("Cash left unspent at the end of the horizon")
            .headline(),
        KpiRow::new("Debt outstanding at end", usd(k.debt_outstanding_end_usd))
            .detail("Principal plus unpaid service of every debt source at the end of the horizon")
            .headline(),
        KpiRow::new("Interest paid or due", usd(k.interest_usd))
            .detail(format!(
                "Interest on every debt source summed over the horizon; of which during \
                 construction: {}",
                usd(k.interest_during_construction_usd)
            ))
            .headline(),
        KpiRow::new("Residual value at end", usd(k.residual_value_usd)).detail(
            "What the plan's capital is still worth at the end: each start's cost, \
             depreciated straight-line over its lifetime from entering service",
        ),
        KpiRow::new("Fleet at end", with_unit(k.fleet_end, "accelerators"))
            .detail("Accelerators installed and not yet retired at the end of the horizon")
            .headline(),
        KpiRow::new("Delivered compute at end", with_unit(k.compute_end, perf))
            .detail(
                "The fleet's compute at the end: each cohort's count × the performance of its \
                 install year, less any stranded fleet",
            )
            .headline(),
    ]);
    if k.debt_arrears_end_usd > 0.0 || k.first_debt_shortfall_year.is_some() {
        rows.push(
            KpiRow::new("Unpaid debt service at end", usd(k.debt_arrears_end_usd))
                .warn(true)
                .about(KpiTopic::Money)
                .in_year(k.first_debt_shortfall_year)
                .detail(format!(
                    "The treasury could not pay debt service from {}",
                    year_or_never(k.first_debt_shortfall_year)
                )),
        );
    }
    if k.opex_shortfall_usd > 0.0 {
        rows.push(
            KpiRow::new("Unpaid operating cost", usd(k.opex_shortfall_usd))
                .warn(true)
                .about(KpiTopic::Money)
                .in_year(k.first_opex_shortfall_year)
                .detail(format!(
                    "The treasury could not pay opex from {}",
                    year_or_never(k.first_opex_shortfall_year)
                )),
        );
    }
    if let Some(npv) = k.npv_usd {
        let rate = s.revenue.as_ref().map_or(0.0, |r| r.discount_rate);
        rows.push(
            KpiRow::new(format!("NPV at {}", percent(rate)), usd(npv))
                .detail("Of revenue − opex − capital spent, within the horizon")
                .headline(),
        );
        rows.push(
            KpiRow::new("IRR", k.irr.map_or_else(|| "none".to_owned(), percent))
                .detail("Of revenue − opex − capital spent, within the horizon")
                .headline(),
        );
    }
    for cap in &k.capacity_at {
        for (g, x) in o.segments.iter().zip(&cap.segments) {
            rows.push(
                KpiRow::new(
                    format!("{} at end of {}", g.name, cap.year),
                    with_unit(*x, &g.unit),
                )
                .detail(format!(
                    "Capacity in service at the end of {}, each cohort weighted by its ramp \
                     (installed base, baseline additions and the plan's starts)",
                    cap.year
                )),
            );
        }
        rows.push(
            KpiRow::new(
                format!("Compute at end of {}", cap.year),
                with_unit(cap.compute, perf),
            )
            .detail(format!(
                "Delivered compute of the fleet at the end of {}",
                cap.year
            )),
        );
    }
    for (g, c) in o.segments.iter().zip(&k.capital_per_unit_usd) {
        if let Some(c) = c {
            rows.push(
                KpiRow::new(
                    format!("{} capital per unit", g.name),
                    format!("{} per {}", usd(*c), g.unit),
                )
                .detail("Capital the plan spent on the segment ÷ the units it started"),
            );
        }
    }
    for (g, y) in o.segments.iter().zip(&k.first_binding_year) {
        if let Some(y) = y {
            rows.push(
                KpiRow::new(format!("{} first binds", g.name), y.to_string())
                    .detail("The first year in which this link limits the accelerators installed"),
            );
        }
    }
    for (i, (g, y)) in o.segments.iter().zip(&k.first_capped_year).enumerate() {
        if let Some(y) = y {
            rows.push(
                KpiRow::new(format!("{} supply cap first holds", g.name), y.to_string())
                    .warn(true)
                    .about(KpiTopic::SupplyCap(i))
                    .in_year(Some(*y))
                    .detail("Starts were limited by the segment's max starts per year"),
            );
        }
    }
    if s.demand_compute.is_some() {
        rows.push(
            KpiRow::new(
                "Demand first unmet",
                year_or_never(k.first_demand_shortfall_year),
            )
            .warn(k.first_demand_shortfall_year.is_some())
            .about(KpiTopic::Demand)
            .in_year(k.first_demand_shortfall_year)
            .detail("The first year in which delivered compute falls short of demand"),
        );
    }
    for (i, b) in k.benchmarks.iter().enumerate() {
        let breach = !b.breach_years.is_empty();
        let detail = if breach {
            format!(
                "Above the limit of {} in {}",
                percent(b.limit_share),
                b.breach_years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("Within the limit of {}", percent(b.limit_share))
        };
        rows.push(
            KpiRow::new(
                format!("Peak draw vs {}", b.name),
                format!(
                    "{} in {}",
                    percent(b.peak_share),
                    year_or_never(b.peak_year)
                ),
            )
            .warn(breach)
            .about(KpiTopic::Benchmark(i))
            .in_year(b.breach_years.first().copied())
            .detail(detail),
        );
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_read_to_two_decimals_without_a_negative_zero() {
        assert_eq!(index(Some(0.3149), false), "0.31");
        assert_eq!(index(Some(0.824), true), "+0.82");
        assert_eq!(index(Some(-0.551), true), "-0.55");
        assert_eq!(index(Some(-0.004), false), "0.00");
        assert_eq!(index(Some(-0.004), true), "+0.00");
        assert_eq!(index(Some(f64::NAN), false), "—");
        assert_eq!(index(None, true), "—");
    }

    #[test]
    fn money_and_quantities_read_well() {
        assert_eq!(usd(7e12), "$7.00T");
        assert_eq!(usd(456e9), "$456B");
        assert_eq!(usd(12.34e6), "$12.3M");
        assert_eq!(usd(-950e3), "-$950K");
        assert_eq!(usd(0.0), "$0");
        assert_eq!(quantity(3400.0), "3.40k");
        assert_eq!(with_unit(1.5e6, "accelerators"), "1.50M accelerators");
        assert_eq!(percent(0.125), "12.5 %");
        assert_eq!(usd(999_600.0), "$1.00M");
        assert_eq!(usd(3.66e-4), "$0");
        assert_eq!(usd(-1e-9), "$0");
        assert_eq!(usd(0.25), "$0.25");
    }

    /// Every KPI says what it sums or measures; with revenue, the strip shows it and what it
    /// reinvested, and "Capital spent" spells out how it adds up.
    #[test]
    fn every_kpi_is_explained_and_spending_adds_up() {
        let s = crate::io::default_scenario();
        assert!(s.revenue.is_some(), "the default scenario earns revenue");
        let o = crate::engine::simulate(&s);
        let rows = kpi_rows(&s, &o);
        for r in &rows {
            assert!(!r.detail.is_empty(), "{} has no explanation", r.label);
        }
        let labels: Vec<&str> = rows
            .iter()
            .filter(|r| r.headline)
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(
            labels[..4],
            [
                "Funding committed",
                "Revenue",
                "Net revenue reinvested",
                "Capital spent"
            ]
        );
        let m = SourcesAndUses::of(&s, &o);
        let spent = rows
            .iter()
            .find(|r| r.label == "Capital spent")
            .map(|r| r.detail.clone());
        assert_eq!(
            spent.as_deref(),
            Some(
                format!(
                    "Capital spent on all {} segments over the horizon: {} = funding committed \
                     {} + net revenue reinvested {} − treasury at end {}",
                    s.segments.len(),
                    usd(o.kpis.spent_usd),
                    usd(o.kpis.committed_usd),
                    usd(m.net_revenue_reinvested_usd()),
                    usd(o.kpis.treasury_end_usd)
                )
                .as_str()
            )
        );
    }

    /// One display name per series: a source called "Debt" has "Debt outstanding", the total
    /// is "Total debt outstanding".
    #[test]
    fn every_series_has_one_display_name() {
        let s = crate::io::default_scenario();
        assert!(s.funding.iter().any(|f| f.name == "Debt"));
        let o = crate::engine::simulate(&s);
        let labels = series_labels(&o);
        assert_eq!(labels.len(), o.columns().len());
        let lower: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
        for (k, l) in lower.iter().enumerate() {
            assert!(!lower[..k].contains(l), "{l} twice");
        }
        assert_eq!(
            series_label(&o, "debt outstanding"),
            "Total debt outstanding"
        );
        assert_eq!(series_label(&o, "Debt outstanding"), "Debt outstanding");
        assert_eq!(series_label(&o, "delivered compute"), "Delivered compute");
    }

    #[test]
    fn metrics_read_as_names() {
        let s = crate::io::default_scenario();
        let o = crate::engine::simulate(&s);
        assert_eq!(metric_label(&o, "compute_end"), "Delivered compute at end");
        assert_eq!(metric_label(&o, "treasury@2030"), "Treasury in 2030");
        assert_eq!(metric_label(&o, "no_such_kpi"), "no_such_kpi");
    }

    #[test]
    fn ticks_drop_trailing_zeros() {
        assert_eq!(usd_tick(1e12), "$1T");
        assert_eq!(usd_tick(1.5e12), "$1.5T");
        assert_eq!(usd_tick(250e9), "$250B");
        assert_eq!(usd_tick(-2.5e9), "-$2.5B");
        assert_eq!(usd_tick(0.0), "$0");
        assert_eq!(quantity_tick(2e6), "2M");
        assert_eq!(quantity_tick(2.25e3), "2.25k");
        assert_eq!(quantity_tick(20.0), "20");
        assert_eq!(quantity_tick(0.001), "1.00e-3");
        assert_eq!(percent_tick(0.25), "25 %");
        assert_eq!(percent_tick(0.125), "12.5 %");
        assert_eq!(percent_tick(1.5), "150 %");
        assert_eq!(percent_tick(0.0), "0 %");
    }
}
