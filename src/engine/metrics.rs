//! Numbers read off an outcome by name: the KPIs, and any series at the end of a year.
//!
//! Monte Carlo distributions, the tornado chart and goal seek all ask for a *metric* by key:
//! a KPI key such as `compute_end`, `npv_usd` or `capacity_end[Fabs]`, or a series at a year,
//! `SERIES@YEAR`, e.g. `delivered compute@2030` (a stock's value at the end of that year, a
//! flow's sum over it). `buildout mc FILE` lists the KPI keys.

use super::optimal::planned_outcome;
use super::{Kpis, Outcome};
use crate::model::Scenario;

/// One named KPI value.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiValue {
    /// Stable key, e.g. `compute_end`.
    pub key: String,
    pub label: String,
    pub unit: String,
    pub value: f64,
}

/// Every numeric KPI of the outcome.
pub fn kpi_values(o: &Outcome) -> Vec<KpiValue> {
    let mut v = Vec::with_capacity(16 + 2 * o.segments.len());
    visit_kpis(o, &mut |names, unit, value| {
        let (key, label) = names();
        v.push(KpiValue {
            key,
            label,
            unit: unit.to_owned(),
            value,
        });
    });
    v
}

/// The values of [`kpi_values`], in the same order, without making names (Monte Carlo).
pub fn kpi_numbers(o: &Outcome, out: &mut Vec<f64>) {
    out.clear();
    visit_kpis(o, &mut |_, _, value| out.push(value));
}

/// What the KPI list reads: the KPIs, each segment's name, unit and capacity at the end, and
/// the chain's performance unit — from an outcome, or from a run that kept no series.
pub(super) trait KpiSource {
    fn kpis(&self) -> &Kpis;
    fn segments(&self) -> usize;
    /// Segment `k`'s name and unit.
    fn segment(&self, k: usize) -> (&str, &str);
    fn capacity_end(&self, k: usize) -> f64;
    fn performance_unit(&self) -> &str;
}

impl KpiSource for Outcome {
    fn kpis(&self) -> &Kpis {
        &self.kpis
    }
    fn segments(&self) -> usize {
        self.segments.len()
    }
    fn segment(&self, k: usize) -> (&str, &str) {
        (&self.segments[k].name, &self.segments[k].unit)
    }
    fn capacity_end(&self, k: usize) -> f64 {
        self.segments[k]
            .effective_units
            .last()
            .copied()
            .unwrap_or(0.0)
    }
    fn performance_unit(&self) -> &str {
        &self.chain.performance_unit
    }
}

/// The values of [`kpi_values`] from `k`, in the same order, into `out` (Monte Carlo).
pub(super) fn kpi_numbers_of(k: &dyn KpiSource, out: &mut [f64]) {
    let mut at = 0;
    visit_kpis(k, &mut |_, _, value| {
        if let Some(slot) = out.get_mut(at) {
            *slot = value;
        }
        at += 1;
    });
}

/// Makes a KPI's (key, label) when asked.
type Names<'a> = &'a dyn Fn() -> (String, String);

/// The one list of KPIs: `f(names, unit, value)`.
fn visit_kpis(inputs: &dyn KpiSource, f: &mut dyn FnMut(Names<'_>, &str, f64)) {
    let k = inputs.kpis();
    let perf = inputs.performance_unit();
    let fixed = |key: &'static str, label: &'static str| move || (key.to_owned(), label.to_owned());
    f(
        &fixed("compute_end", "Delivered compute at end"),
        perf,
        k.compute_end,
    );
    f(
        &fixed("fleet_end", "Fleet at end"),
        "accelerators",
        k.fleet_end,
    );
    f(
        &fixed("committed_usd", "Funding committed"),
        "USD",
        k.committed_usd,
    );
    f(&fixed("spent_usd", "Capital spent"), "USD", k.spent_usd);
    f(&fixed("revenue_usd", "Revenue"), "USD", k.revenue_usd);
    f(&fixed("interest_usd", "Interest"), "USD", k.interest_usd);
    f(
        &fixed("treasury_end_usd", "Treasury at end"),
        "USD",
        k.treasury_end_usd,
    );
    f(
        &fixed("debt_outstanding_end_usd", "Debt outstanding at end"),
        "USD",
        k.debt_outstanding_end_usd,
    );
    f(
        &fixed("debt_arrears_end_usd", "Unpaid debt service at end"),
        "USD",
        k.debt_arrears_end_usd,
    );
    // Present whenever the scenario has revenue, so that every sample of a Monte Carlo run
    // has the same KPIs; an IRR that does not exist is NaN.
    if let Some(npv) = k.npv_usd {
        f(&fixed("npv_usd", "NPV"), "USD", npv);
        f(
            &fixed("irr", "IRR"),
            "fraction per year",
            k.irr.unwrap_or(f64::NAN),
        );
    }
    for g in 0..inputs.segments() {
        let (name, unit) = inputs.segment(g);
        f(
            &|| {
                (
                    format!("capacity_end[{name}]"),
                    format!("{name} capacity at end"),
                )
            },
            unit,
            inputs.capacity_end(g),
        );
    }
    for b in &k.benchmarks {
        f(
            &|| {
                (
                    format!("peak_share[{}]", b.name),
                    format!("Peak draw vs {}", b.name),
                )
            },
            "fraction",
            b.peak_share,
        );
    }
}

/// The value of a series (by its column name) at the end of `year`: a stock's value in the
/// year's last period, a flow's sum over the year.
pub fn series_at(o: &Outcome, series: &str, year: i32) -> Option<f64> {
    let h = o.horizon?;
    let end = o.year_end_index(year)?;
    let start = end + 1 - h.periods_per_year();
    let col = o.columns().into_iter().find(|c| c.name == series)?;
    Some(if col.flow {
        col.values[start..=end].iter().sum()
    } else {
        col.values[end]
    })
}

/// A metric key, parsed once: a KPI key, or a series at the end of a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetricKey {
    Kpi(String),
    SeriesAt {
        series: String,
        year: i32,
    },
    /// `SERIES@YEAR` whose year is not a number: no outcome has it.
    Malformed(String),
}

impl MetricKey {
    /// Reads `compute_end`, `capacity_end[Fabs]` or `delivered compute@2030`.
    pub fn parse(key: &str) -> Self {
        match key.rsplit_once('@') {
            Some((series, year)) => match year.trim().parse() {
                Ok(year) => Self::SeriesAt {
                    series: series.trim().to_owned(),
                    year,
                },
                Err(_) => Self::Malformed(key.to_owned()),
            },
            None => Self::Kpi(key.to_owned()),
        }
    }

    /// Its value in an outcome, if the outcome has it.
    pub fn value(&self, o: &Outcome) -> Option<f64> {
        match self {
            Self::Kpi(key) => kpi_values(o)
                .into_iter()
                .find(|k| &k.key == key)
                .map(|k| k.value),
            Self::SeriesAt { series, year } => series_at(o, series, *year),
            Self::Malformed(_) => None,
        }
    }

    /// Its value for a variant of a scenario in a tornado, a goal seek or a sweep: `s`
    /// simulated as analyses see it (re-optimised when `Optimal`, see
    /// [`crate::engine::optimal::resolve`]); NaN where the outcome lacks it or no optimal plan
    /// exists.
    pub fn value_for(&self, s: &Scenario) -> f64 {
        planned_outcome(s)
            .ok()
            .and_then(|o| self.value(&o))
            .unwrap_or(f64::NAN)
    }
}

/// A metric by key: a KPI key, or `SERIES@YEAR`.
pub fn metric(o: &Outcome, key: &str) -> Option<f64> {
    MetricKey::parse(key).value(o)
}

/// The unit of a metric, for messages and axes.
pub fn metric_unit(o: &Outcome, key: &str) -> Option<String> {
    if let Some((series, _)) = key.rsplit_once('@') {
        return o
            .columns()
            .into_iter()
            .find(|c| c.name == series.trim())
            .map(|c| c.unit);
    }
    kpi_values(o)
        .into_iter()
        .find(|k| k.key == key)
        .map(|k| k.unit)
}

/// Why a metric key was not found, listing what there is.
pub fn unknown_metric(o: &Outcome, key: &str) -> AnalysisError {
    AnalysisError::UnknownMetric {
        key: key.to_owned(),
        kpis: kpi_values(o)
            .into_iter()
            .map(|k| k.key)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Why a tornado or a goal seek has no answer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// The scenario's allocation is `Optimal` and its programme has no solution.
    #[error("no optimal plan: {0}")]
    Optimal(#[from] crate::engine::optimal::OptimalError),
    #[error("the scenario has no uncertain numbers: add drivers to its `uncertainty` list")]
    NoDrivers,
    #[error("driver {0:?} names no number of the scenario")]
    UnknownDriver(String),
    #[error("{0:?} names no number of the scenario (see `buildout params FILE`)")]
    UnknownParam(String),
    #[error(
        "no metric {key:?}: use a KPI ({kpis}) or SERIES@YEAR with a series from the CSV \
         header, e.g. \"delivered compute@2030\""
    )]
    UnknownMetric { key: String, kpis: String },
    #[error("the bounds must be finite with low < high, got {low} and {high}")]
    BadBounds { low: String, high: String },
    #[error("the run was cancelled")]
    Cancelled,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::simulate;
    use crate::model::Scenario;

    #[test]
    fn metrics_by_key_and_by_series_at_a_year() {
        let s = Scenario::template();
        let o = simulate(&s);
        assert_eq!(metric(&o, "compute_end"), Some(o.kpis.compute_end));
        assert_eq!(
            metric(&o, "capacity_end[Fabs]"),
            o.segments[0].effective_units.last().copied()
        );
        // A stock at the end of 2030: its December value (monthly periods from 2025).
        let dec_2030 = 6 * 12 - 1;
        assert_eq!(metric(&o, "fleet@2030"), Some(o.chain.fleet[dec_2030]));
        // A flow: the sum over the year's twelve months.
        let drawn_2026: f64 = o.inflow_usd[12..24].iter().sum();
        assert_eq!(metric(&o, "funding drawn@2026"), Some(drawn_2026));
        assert_eq!(metric(&o, "fleet@1999"), None);
        assert_eq!(metric(&o, "nope"), None);
        assert_eq!(
            metric_unit(&o, "fleet@2030").as_deref(),
            Some("accelerators")
        );
        assert!(
            unknown_metric(&o, "nope")
                .to_string()
                .contains("compute_end")
        );
    }
}
