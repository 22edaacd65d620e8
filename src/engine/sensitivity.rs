//! Sensitivity: the tornado chart over the uncertainty drivers, and what one more unit of money
//! buys in each segment and year.
//!
//! **Tornado.** For each driver, the metric is computed with that driver at its P10 and at its
//! P90 (every other number at the scenario's own value). Bars are sorted by their swing
//! `|metric(P90) − metric(P10)|`, largest first. An `Optimal` scenario is re-optimised at
//! every value ([`crate::engine::optimal::resolve`]), so the bars compare optimum with optimum;
//! a value at which no optimal plan exists gives no number (NaN, drawn as a missing end).
//!
//! **What one more billion buys.** For each calendar year `y` and segment `s`, the scenario is
//! simulated again with `usd` more spent on `s` during `y` (spread evenly over the year's
//! periods, as far as the segment's supply cap allows); the gain is the difference in delivered
//! compute at the end of the horizon. A link that does not bind buys nothing; money spent too
//! late to enter service by the end buys nothing either.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::metrics::{AnalysisError, MetricKey, unknown_metric};
use super::optimal::planned_outcome;
use super::simulate;
use super::simulate::{Extra, simulate_with_extra};
use crate::model::{Scenario, param_mut};

/// The percentiles a tornado bar spans.
pub const TORNADO_LOW: f64 = 0.1;
pub const TORNADO_HIGH: f64 = 0.9;

/// One driver's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoBar {
    pub path: String,
    /// The driver's P10 and P90.
    pub low_input: f64,
    pub high_input: f64,
    /// The metric with the driver at P10 and at P90.
    pub at_low: f64,
    pub at_high: f64,
}

impl TornadoBar {
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// A tornado chart of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    pub metric: String,
    pub base: f64,
    /// Largest swing first.
    pub bars: Vec<TornadoBar>,
}

impl Tornado {
    /// The smallest and largest finite value the chart spans: the bars' ends and the base
    /// (`(∞, −∞)` when none is finite).
    pub fn extent(&self) -> (f64, f64) {
        self.bars
            .iter()
            .flat_map(|b| [b.at_low, b.at_high])
            .chain([self.base])
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(x), h.max(x))
            })
    }
}

/// The tornado chart of `metric_key` (see [`super::metrics`]) over the scenario's drivers.
pub fn tornado(s: &Scenario, metric_key: &str) -> Result<Tornado, AnalysisError> {
    tornado_with(s, metric_key, &AtomicUsize::new(0), &AtomicBool::new(false))
}

/// [`tornado`], counting finished bar ends in `progress` (two per driver) and stopping soon
/// after `cancel` is set (an optimal scenario's tornado solves a programme per end).
pub fn tornado_with(
    s: &Scenario,
    metric_key: &str,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<Tornado, AnalysisError> {
    if s.uncertainty.is_empty() {
        return Err(AnalysisError::NoDrivers);
    }
    let key = MetricKey::parse(metric_key);
    let base_outcome = planned_outcome(s)?;
    let base = key
        .value(&base_outcome)
        .ok_or_else(|| unknown_metric(&base_outcome, metric_key))?;
    let mut bars = s
        .uncertainty
        .par_iter()
        .map(|d| {
            let low_input = d.distribution.quantile(TORNADO_LOW);
            let high_input = d.distribution.quantile(TORNADO_HIGH);
            let at = |x: f64| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(AnalysisError::Cancelled);
                }
                let mut v = s.clone();
                if !param_mut(&mut v, &d.path, |p| *p = x) {
                    return Err(AnalysisError::UnknownDriver(d.path.clone()));
                }
                let value = key.value_for(&v);
                progress.fetch_add(1, Ordering::Relaxed);
                Ok(value)
            };
            Ok(TornadoBar {
                path: d.path.clone(),
                low_input,
                high_input,
                at_low: at(low_input)?,
                at_high: at(high_input)?,
            })
        })
        .collect::<Result<Vec<_>, AnalysisError>>()?;
    // Largest swing first; a bar with an end that has no number (no optimal plan there) last.
    let key = |b: &TornadoBar| Some(b.swing()).filter(|x| x.is_finite()).unwrap_or(-1.0);
    bars.sort_by(|a, b| key(b).total_cmp(&key(a)));
    Ok(Tornado {
        metric: metric_key.to_owned(),
        base,
        bars,
    })
}

/// Extra delivered compute at the end of the horizon from `usd` more spent in each segment
/// and year.
#[derive(Clone, Debug, PartialEq)]
pub struct Marginal {
    pub usd: f64,
    pub years: Vec<i32>,
    pub segments: Vec<String>,
    /// `gain[year][segment]`, in the chain's performance unit.
    pub gain: Vec<Vec<f64>>,
    pub unit: String,
}

impl Marginal {
    /// The segment that buys the most in year index `y`, if any buys anything.
    pub fn best(&self, y: usize) -> Option<usize> {
        let row = self.gain.get(y)?;
        let (k, v) = row.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        (*v > 0.0).then_some(k)
    }
}

/// What `usd` more buys, per year and segment (see the module docs).
pub fn marginal(s: &Scenario, usd: f64) -> Marginal {
    let base = simulate(s);
    let h = s.horizon;
    let ppy = h.periods_per_year();
    let n_years = base.len() / ppy;
    let base_end = base.kpis.compute_end;
    let cells: Vec<(usize, usize)> = (0..n_years)
        .flat_map(|y| (0..s.segments.len()).map(move |k| (y, k)))
        .collect();
    let gains: Vec<f64> = cells
        .par_iter()
        .map(|&(y, k)| {
            let o = simulate_with_extra(
                s,
                Extra {
                    segment: k,
                    periods: y * ppy..(y + 1) * ppy,
                    usd_per_period: usd / ppy as f64,
                },
            );
            let gain = o.kpis.compute_end - base_end;
            // Differences at the level of rounding are no gain at all.
            if gain.abs() <= 1e-9 * base_end.abs().max(1.0) {
                0.0
            } else {
                gain
            }
        })
        .collect();
    Marginal {
        usd,
        years: (0..n_years).map(|y| h.year_of(y * ppy)).collect(),
        segments: s.segments.iter().map(|g| g.name.clone()).collect(),
        gain: gains
            .chunks(s.segments.len().max(1))
            .map(<[f64]>::to_vec)
            .collect(),
        unit: base.chain.performance_unit.clone(),
    }
}
