//! Goal seek: which value of one parameter makes a metric reach a target?
//!
//! The metric `g(x) = metric(x) − target` is evaluated on an even grid of
//! [`GRID`] points over `[low, high]`; the first interval where it changes sign is narrowed by
//! bisection to a relative width of 1e-10 (metrics of a simulation are continuous in most
//! parameters but may step, e.g. where a duration rounds to one more period — bisection still
//! finds the step). With no sign change on the grid the target is reported unreachable within
//! the bounds, with the range of the metric that the bounds do reach.
//!
//! An `Optimal` scenario is re-optimised at every value tried
//! ([`crate::engine::optimal::resolve`]): the answer is the value at which the *best plan*
//! reaches the target. A value at which no plan exists counts as no number.

use super::metrics::{AnalysisError, MetricKey, unknown_metric};
use super::optimal::planned_outcome;
use crate::model::{Scenario, param_mut, param_value};

/// Points on the bracketing grid.
pub const GRID: usize = 25;

/// The question.
#[derive(Clone, Debug, PartialEq)]
pub struct Seek {
    /// A parameter path, e.g. `segments[Power].capex_usd_per_unit`.
    pub path: String,
    /// A metric key (see [`super::metrics`]).
    pub metric: String,
    pub target: f64,
    pub low: f64,
    pub high: f64,
}

/// The answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SeekAnswer {
    Found {
        value: f64,
        /// The metric at `value` (equal to the target unless the metric steps there).
        achieved: f64,
        evaluations: usize,
    },
    Unreachable {
        /// Smallest and largest metric seen over the bounds.
        min_metric: f64,
        max_metric: f64,
        /// The parameter value whose metric came closest to the target.
        closest_value: f64,
        closest_metric: f64,
    },
}

/// Default bounds for a parameter: the support of its uncertainty driver if it has one
/// (widened to hold the current value, which fixed bounds may leave outside), else zero to
/// twice its value (or the value to zero when negative).
pub fn default_bounds(s: &Scenario, path: &str) -> Option<(f64, f64)> {
    let x = param_value(s, path)?;
    if let Some(d) = s.uncertainty.iter().find(|d| d.path == path) {
        let (lo, hi) = d.distribution.support();
        let (lo, hi) = (lo.min(x), hi.max(x));
        if lo.is_finite() && hi.is_finite() && lo < hi {
            return Some((lo, hi));
        }
    }
    Some(if x > 0.0 {
        (0.0, 2.0 * x)
    } else if x < 0.0 {
        (2.0 * x, 0.0)
    } else {
        (0.0, 1.0)
    })
}

/// Answers the question.
pub fn goal_seek(s: &Scenario, q: &Seek) -> Result<SeekAnswer, AnalysisError> {
    if param_value(s, &q.path).is_none() {
        return Err(AnalysisError::UnknownParam(q.path.clone()));
    }
    if !(q.low.is_finite() && q.high.is_finite() && q.low < q.high) {
        return Err(AnalysisError::BadBounds {
            low: q.low.to_string(),
            high: q.high.to_string(),
        });
    }
    let key = MetricKey::parse(&q.metric);
    let base = planned_outcome(s)?;
    if key.value(&base).is_none() {
        return Err(unknown_metric(&base, &q.metric));
    }
    let mut evaluations = 0;
    let mut eval = |x: f64| {
        evaluations += 1;
        let mut v = s.clone();
        param_mut(&mut v, &q.path, |p| *p = x);
        key.value_for(&v)
    };
    let grid: Vec<f64> = (0..GRID)
        .map(|k| q.low + (q.high - q.low) * k as f64 / (GRID - 1) as f64)
        .collect();
    let values: Vec<f64> = grid.iter().map(|&x| eval(x)).collect();
    let g = |m: f64| m - q.target;
    if let Some(k) = values.iter().position(|&m| g(m) == 0.0) {
        return Ok(SeekAnswer::Found {
            value: grid[k],
            achieved: values[k],
            evaluations,
        });
    }
    let bracket = (1..GRID).find(|&k| {
        let (a, b) = (g(values[k - 1]), g(values[k]));
        a.is_finite() && b.is_finite() && a.signum() != b.signum()
    });
    let Some(k) = bracket else {
        let finite = || values.iter().copied().filter(|m| m.is_finite());
        let (ci, cm) = grid
            .iter()
            .zip(&values)
            .filter(|(_, m)| m.is_finite())
            .min_by(|a, b| g(*a.1).abs().total_cmp(&g(*b.1).abs()))
            .map_or((f64::NAN, f64::NAN), |(x, m)| (*x, *m));
        return Ok(SeekAnswer::Unreachable {
            min_metric: finite().fold(f64::INFINITY, f64::min),
            max_metric: finite().fold(f64::NEG_INFINITY, f64::max),
            closest_value: ci,
            closest_metric: cm,
        });
    };
    let (mut a, mut b) = (grid[k - 1], grid[k]);
    let (mut ga, mut mb) = (g(values[k - 1]), values[k]);
    let scale = q.high.abs().max(q.low.abs()).max(f64::MIN_POSITIVE);
    while (b - a) > 1e-10 * scale {
        let mid = 0.5 * (a + b);
        let m = eval(mid);
        let gm = g(m);
        if gm == 0.0 {
            return Ok(SeekAnswer::Found {
                value: mid,
                achieved: m,
                evaluations,
            });
        }
        if gm.signum() == ga.signum() {
            a = mid;
            ga = gm;
        } else {
            b = mid;
            mb = m;
        }
    }
    Ok(SeekAnswer::Found {
        value: b,
        achieved: mb,
        evaluations,
    })
}
