//! Importance of the uncertainty drivers beyond the tornado: what matters when several numbers
//! move at once.
//!
//! The tornado moves one driver at a time, so it cannot see two drivers that matter only
//! together (`y = a·b` with `a` and `b` about 0: each alone moves nothing). Two measures from
//! joint samples can:
//!
//! - **Rank correlation** (Spearman's ρ) of each driver's sampled values with the metric's:
//!   monotone influence, sign included, from ordinary Monte Carlo samples.
//! - **Sobol' indices** (variance-based): the first-order index `S_i = Var(E[y | x_i]) /
//!   Var(y)` is the share of the metric's variance a driver explains alone; the total-order
//!   index `ST_i = E[Var(y | x_~i)] / Var(y)` the share it has a hand in, interactions
//!   included. Estimated with the Saltelli design — two independent sample matrices `A` and
//!   `B` (`N` rows, one column per driver) and, for each driver `i`, `A` with column `i` taken
//!   from `B` — `N·(k + 2)` runs in all, and the estimators of Saltelli et al. (2010) for `S_i`
//!   and of Jansen (1999) for `ST_i`:
//!
//!   `S_i = (1/N) Σ_j (f(B)_j − f̄) · (f(A_B^i)_j − f(A)_j) / V`,
//!   `ST_i = (1/2N) Σ_j (f(A)_j − f(A_B^i)_j)² / V`,
//!
//!   with `f̄` and `V` the mean and variance of the `2N` values of `f(A)` and `f(B)` (the
//!   mean taken out of `f(B)` changes nothing in expectation and cuts the estimator's noise
//!   when the metric is far from 0, as a KPI in dollars is). The rows of `A` and `B`
//!   are the drivers' quantiles of uniforms from a ChaCha8 stream of the seed, so that a result
//!   depends only on (seed, N), whatever the number of threads.
//!
//! An `Optimal` scenario's plan is solved once for the base case and held fixed in every run,
//! as in Monte Carlo (whose samples the rank correlations read).
//!
//! Why not a crate: no maintained Rust crate offers the Saltelli design or these estimators
//! (SALib, the reference, is Python); they are the few lines below, and the tests check them
//! against closed forms.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rayon::prelude::*;

use super::metrics::{AnalysisError, MetricKey, unknown_metric};
use super::montecarlo::{apply_drivers, open_unit};
use super::optimal::resolve;
use super::sink::OutcomeSink;
use super::{Workspace, simulate, simulate_into};
use crate::model::{Distribution, Scenario, Slot, slot};

/// Spearman's rank correlation of `x` and `y` (ties share their mean rank): Pearson's
/// correlation of the ranks. `None` with fewer than 3 pairs, or when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 3 {
        return None;
    }
    let (rx, ry) = (ranks(&x[..n]), ranks(&y[..n]));
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        let (da, db) = (a - mean, b - mean);
        sxy += da * db;
        sxx += da * da;
        syy += db * db;
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The ranks (1-based) of `v`, ties given their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut k = 0;
    while k < order.len() {
        let mut end = k + 1;
        while end < order.len() && v[order[end]] == v[order[k]] {
            end += 1;
        }
        // Positions k..end (0-based) share ranks k+1..=end.
        let rank = (k + 1 + end) as f64 / 2.0;
        for &i in &order[k..end] {
            out[i] = rank;
        }
        k = end;
    }
    out
}

/// The Saltelli design for `k` inputs and `n` base rows: `n·(k + 2)` rows of `k` uniforms in
/// (0, 1), row-major — `A` (rows `0..n`), `B` (`n..2n`), then `A_B^i` for each input `i`.
pub fn saltelli_design(k: usize, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut rows = vec![0.0; n * (k + 2) * k];
    for x in &mut rows[..2 * n * k] {
        *x = open_unit(&mut rng);
    }
    for i in 0..k {
        for j in 0..n {
            let at = (2 + i) * n + j;
            let (a, b) = (j * k, (n + j) * k);
            for c in 0..k {
                rows[at * k + c] = if c == i { rows[b + c] } else { rows[a + c] };
            }
        }
    }
    rows
}

/// First- and total-order Sobol' indices, one per input.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndices {
    pub first: Vec<f64>,
    pub total: Vec<f64>,
    /// The variance of the output over `A` and `B`.
    pub variance: f64,
}

/// The indices from the outputs `y` of the [`saltelli_design`] rows (`n·(k + 2)` values, in
/// the design's order). All zero when the output does not vary.
pub fn sobol_indices(k: usize, n: usize, y: &[f64]) -> SobolIndices {
    let (ya, yb) = (&y[..n], &y[n..2 * n]);
    let both = &y[..2 * n];
    let mean = both.iter().sum::<f64>() / (2 * n) as f64;
    let variance = both.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (2 * n) as f64;
    let (mut first, mut total) = (vec![0.0; k], vec![0.0; k]);
    if variance > 0.0 {
        for i in 0..k {
            let yab = &y[(2 + i) * n..(3 + i) * n];
            let (mut s, mut t) = (0.0, 0.0);
            for j in 0..n {
                s += (yb[j] - mean) * (yab[j] - ya[j]);
                t += (ya[j] - yab[j]).powi(2);
            }
            first[i] = s / n as f64 / variance;
            total[i] = t / (2 * n) as f64 / variance;
        }
    }
    SobolIndices {
        first,
        total,
        variance,
    }
}

/// One driver's importance for a metric.
#[derive(Clone, Debug, PartialEq)]
pub struct DriverImportance {
    pub path: String,
    /// Rank correlation with the metric over the `2N` independent samples (`A` and `B`).
    pub spearman: Option<f64>,
    pub first_order: f64,
    pub total_order: f64,
}

/// The importance of every driver of a scenario for one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Importance {
    pub metric: String,
    /// Base rows `N` of the design, and the runs it took (`N·(k + 2)`).
    pub base_rows: usize,
    pub runs: usize,
    pub seed: u64,
    /// The metric's variance over the independent samples.
    pub variance: f64,
    /// In the scenario's order of drivers.
    pub drivers: Vec<DriverImportance>,
}

/// The importance of the scenario's drivers for `metric_key` (see [`super::metrics`]), from a
/// Saltelli design of `n` base rows. Runs in parallel; `progress` counts finished runs and
/// `cancel` stops the work soon after it is set.
pub fn importance(
    s: &Scenario,
    metric_key: &str,
    n: usize,
    seed: u64,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<Importance, AnalysisError> {
    if s.uncertainty.is_empty() {
        return Err(AnalysisError::NoDrivers);
    }
    let key = MetricKey::parse(metric_key);
    let held = resolve(s)?;
    let s = &*held;
    let base = simulate(s);
    key.value(&base)
        .ok_or_else(|| unknown_metric(&base, metric_key))?;
    let at = s
        .uncertainty
        .iter()
        .map(|d| slot(s, &d.path).ok_or_else(|| AnalysisError::UnknownDriver(d.path.clone())))
        .collect::<Result<Vec<Slot>, AnalysisError>>()?;
    let dists: Vec<Distribution> = s.uncertainty.iter().map(|d| d.distribution).collect();
    let k = dists.len();
    let n = n.max(2);
    let mut rows = saltelli_design(k, n, seed);
    for row in rows.chunks_mut(k) {
        for (x, d) in row.iter_mut().zip(&dists) {
            *x = d.quantile(*x);
        }
    }
    let y = rows
        .par_chunks(k)
        .map_init(
            || (s.clone(), Workspace::default(), OutcomeSink::default()),
            |(scenario, ws, sink), row| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                apply_drivers(scenario, &at, row);
                simulate_into(scenario, ws, sink);
                progress.fetch_add(1, Ordering::Relaxed);
                Some(key.value(sink.outcome()).unwrap_or(f64::NAN))
            },
        )
        .collect::<Option<Vec<f64>>>()
        .ok_or(AnalysisError::Cancelled)?;
    let sobol = sobol_indices(k, n, &y);
    let samples = &y[..2 * n];
    let drivers = s
        .uncertainty
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let xs: Vec<f64> = (0..2 * n).map(|j| rows[j * k + i]).collect();
            DriverImportance {
                path: d.path.clone(),
                spearman: spearman(&xs, samples),
                first_order: sobol.first[i],
                total_order: sobol.total[i],
            }
        })
        .collect();
    Ok(Importance {
        metric: metric_key.to_owned(),
        base_rows: n,
        runs: y.len(),
        seed,
        variance: sobol.variance,
        drivers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluates `f` on the design's rows mapped from (0, 1) to (lo, hi).
    fn indices(k: usize, n: usize, lo: f64, hi: f64, f: impl Fn(&[f64]) -> f64) -> SobolIndices {
        let rows = saltelli_design(k, n, 7);
        let y: Vec<f64> = rows
            .chunks(k)
            .map(|r| {
                let x: Vec<f64> = r.iter().map(|u| lo + (hi - lo) * u).collect();
                f(&x)
            })
            .collect();
        sobol_indices(k, n, &y)
    }

    /// `y = a·b`, both uniform on (−1, 1): neither explains anything alone (first order 0,
    /// and a tornado about the base 0 would show no swing), each has a hand in all of it
    /// (total order 1): `Var(y) = 1/9`, `E[Var(y | b)] = E[b²]·Var(a) = 1/9`.
    #[test]
    fn a_product_about_zero_is_all_interaction() {
        let s = indices(2, 8192, -1.0, 1.0, |x| x[0] * x[1]);
        for i in 0..2 {
            assert!(s.first[i].abs() < 0.05, "{s:?}");
            assert!((s.total[i] - 1.0).abs() < 0.05, "{s:?}");
        }
        assert!((s.variance - 1.0 / 9.0).abs() < 0.01, "{s:?}");
    }

    /// `y = 2a + b + 0·c`, uniform on (0, 1): additive, so first and total order agree with the
    /// closed form `S_a = 4/5`, `S_b = 1/5` (`Var = (4 + 1)/12`), and an input without effect
    /// gets exactly 0.
    #[test]
    fn an_additive_function_has_its_closed_form_indices() {
        let s = indices(3, 8192, 0.0, 1.0, |x| 2.0 * x[0] + x[1] + 0.0 * x[2]);
        for (i, want) in [0.8, 0.2].into_iter().enumerate() {
            assert!((s.first[i] - want).abs() < 0.03, "{i}: {s:?}");
            assert!((s.total[i] - want).abs() < 0.03, "{i}: {s:?}");
        }
        assert_eq!((s.first[2], s.total[2]), (0.0, 0.0));
    }

    #[test]
    fn the_design_swaps_one_column_from_b() {
        let (k, n) = (3, 4);
        let rows = saltelli_design(k, n, 1);
        assert_eq!(rows.len(), n * (k + 2) * k);
        assert!(rows.iter().all(|u| *u > 0.0 && *u < 1.0));
        for i in 0..k {
            for j in 0..n {
                let (a, b, ab) = (j * k, (n + j) * k, ((2 + i) * n + j) * k);
                for c in 0..k {
                    let from = if c == i { rows[b + c] } else { rows[a + c] };
                    assert_eq!(rows[ab + c], from);
                }
            }
        }
    }

    #[test]
    fn spearman_sees_monotone_relations_and_ties() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        // Monotone but not linear: ρ = 1 exactly (Pearson would not be 1).
        let y: Vec<f64> = x.iter().map(|v: &f64| v.powi(3)).collect();
        assert_eq!(spearman(&x, &y), Some(1.0));
        let down: Vec<f64> = x.iter().map(|v| -v).collect();
        assert_eq!(spearman(&x, &down), Some(-1.0));
        assert_eq!(spearman(&x, &[2.0; 5]), None);
        assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
        // Ranks 1, 2, 3, 4 against 2, 1, 4, 3: Σd² = 4, ρ = 1 − 6·4/(4·15) = 0.6.
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[2.0, 1.0, 4.0, 3.0]).unwrap_or(f64::NAN);
        assert!((rho - 0.6).abs() < 1e-15, "{rho}");
    }
}
