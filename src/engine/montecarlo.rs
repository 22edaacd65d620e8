//! Monte Carlo: the scenario simulated many times with its uncertain numbers drawn from their
//! distributions.
//!
//! Sample `j` draws its numbers from its own ChaCha8 stream — seeded with the run's seed, stream
//! `j` — one uniform per driver in list order, mapped through the driver's quantile function.
//! A sample therefore depends only on (seed, j): results are identical whatever the number of
//! threads, and a sweep split by sample ranges (`first_sample`) reproduces the samples of one
//! large run. Samples run in parallel with rayon.
//!
//! Each sample keeps every KPI and, of the output series, only those the run asks for
//! ([`FanSeries`]) at yearly resolution (a stock's end-of-year value, a flow's yearly sum, as
//! f32); fan charts take percentiles across samples. Each worker thread keeps its own copy of
//! the scenario, a [`Workspace`] and a sink that records just that, so that a sample allocates
//! nothing: 10,000 samples of the default scenario keeping only KPIs hold about 2 MB.
//!
//! **An optimal plan.** For an `Optimal` scenario the base case is optimised once and its
//! schedule held fixed in every sample: the plan is committed, the world varies (the engine's
//! rules still cap each scheduled spend by the cash a sample has). With
//! [`McSettings::reoptimise`] every sample is optimised anew — the value of being able to
//! re-plan once the numbers are known — at the cost of one linear programme per sample.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;

use super::metrics::kpi_values;
use super::optimal::{OptimalError, Options, is_optimal, optimise};
use super::sink::KpiSink;
use super::{ColumnId, Workspace, simulate, simulate_into};
use crate::model::{Distribution, Scenario, Slot, set_slot, slot};

/// The percentiles of a fan chart.
pub const FAN_PERCENTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct McSettings {
    pub samples: usize,
    pub seed: u64,
    /// Index of the first sample (to split a sweep into pieces).
    pub first_sample: u64,
    /// For an `Optimal` scenario: optimise every sample anew instead of holding the base
    /// case's plan fixed (see the module docs).
    pub reoptimise: bool,
}

/// Which output series a run keeps for each sample (every KPI is always kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FanSeries {
    /// Every series (the CLI's `--fan-csv`).
    All,
    /// These series, by their column name; none for KPIs only.
    Named(Vec<String>),
    #[default]
    None,
}

/// Why a run stopped without a result.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum McError {
    #[error("the run was cancelled")]
    Cancelled,
    #[error("no optimal plan for the base case: {0}")]
    Optimal(OptimalError),
    #[error("no optimal plan for sample {sample} (re-optimised): {error}")]
    SampleOptimal { sample: u64, error: OptimalError },
    #[error("the scenario has no uncertain numbers: add drivers to its `uncertainty` list")]
    NoDrivers,
    #[error("driver {0:?} names no number of the scenario")]
    UnknownPath(String),
}

/// Why pieces of a run cannot be joined into one.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("no pieces to join")]
    NoPieces,
    #[error("piece {piece} has other {what} than piece 1")]
    Disagree { piece: usize, what: &'static str },
    #[error("samples {first}–{last} are in two pieces")]
    Overlap { first: u64, last: u64 },
    #[error("samples {first}–{last} are in no piece")]
    Gap { first: u64, last: u64 },
    #[error("a piece's numbers do not match its shape")]
    Shape,
}

/// An output series, as kept per sample.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeriesMeta {
    pub name: String,
    pub unit: String,
    pub flow: bool,
}

/// A KPI's name and unit.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KpiMeta {
    pub key: String,
    pub label: String,
    pub unit: String,
}

/// All samples of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct McResult {
    pub settings: McSettings,
    /// Driver paths, in the scenario's order.
    pub drivers: Vec<String>,
    pub years: Vec<i32>,
    pub series: Vec<SeriesMeta>,
    pub kpis: Vec<KpiMeta>,
    /// `[sample][driver]`.
    driver_values: Vec<f64>,
    /// `[sample][series][year]`.
    series_values: Vec<f32>,
    /// `[sample][kpi]`.
    kpi_values: Vec<f64>,
}

/// P5, P25, P50, P75 and P95 of one series, per year.
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    pub years: Vec<i32>,
    /// `bands[k][year]` is percentile `FAN_PERCENTILES[k]`.
    pub bands: [Vec<f64>; 5],
}

/// Percentile `p` (0–1) of sorted values, interpolating linearly between order statistics.
pub fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The numbers of an [`McResult`], sample-major: `[sample][driver]`, `[sample][series][year]`
/// and `[sample][kpi]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct McValues {
    pub drivers: Vec<f64>,
    pub series: Vec<f32>,
    pub kpis: Vec<f64>,
}

impl McResult {
    /// Its numbers (to store a piece of a run).
    pub fn values(&self) -> McValues {
        McValues {
            drivers: self.driver_values.clone(),
            series: self.series_values.clone(),
            kpis: self.kpi_values.clone(),
        }
    }

    /// A result from its parts, if the numbers fit the shape.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        settings: McSettings,
        drivers: Vec<String>,
        years: Vec<i32>,
        series: Vec<SeriesMeta>,
        kpis: Vec<KpiMeta>,
        values: McValues,
    ) -> Option<Self> {
        let n = settings.samples;
        let fits = values.drivers.len() == n * drivers.len()
            && values.series.len() == n * series.len() * years.len()
            && values.kpis.len() == n * kpis.len();
        fits.then_some(Self {
            settings,
            drivers,
            years,
            series,
            kpis,
            driver_values: values.drivers,
            series_values: values.series,
            kpi_values: values.kpis,
        })
    }

    /// Joins pieces of one run (same seed, drivers, years, series and KPIs; contiguous sample
    /// ranges, in any order) into the result of one run of all their samples, which must be
    /// samples `first ..first + total`.
    pub fn join(mut pieces: Vec<Self>, first: u64, total: usize) -> Result<Self, JoinError> {
        pieces.sort_by_key(|p| p.settings.first_sample);
        let Some(head) = pieces.first() else {
            return Err(JoinError::NoPieces);
        };
        for (k, p) in pieces.iter().enumerate().skip(1) {
            let what = if p.settings.seed != head.settings.seed {
                Some("seed")
            } else if p.settings.reoptimise != head.settings.reoptimise {
                Some("re-planning (--reoptimise)")
            } else if p.drivers != head.drivers {
                Some("drivers")
            } else if p.years != head.years || p.series != head.series {
                Some("series")
            } else if p.kpis != head.kpis {
                Some("KPIs")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(JoinError::Disagree { piece: k + 1, what });
            }
        }
        let mut next = first;
        for p in &pieces {
            let (a, n) = (p.settings.first_sample, p.settings.samples as u64);
            if a > next {
                return Err(JoinError::Gap {
                    first: next,
                    last: a - 1,
                });
            }
            if a < next {
                return Err(JoinError::Overlap {
                    first: a,
                    last: next.min(a + n) - 1,
                });
            }
            next = a + n;
        }
        let end = first + total as u64;
        if next < end {
            return Err(JoinError::Gap {
                first: next,
                last: end - 1,
            });
        }
        if next > end {
            return Err(JoinError::Overlap {
                first: end,
                last: next - 1,
            });
        }
        let mut values = McValues::default();
        for p in &pieces {
            values.drivers.extend_from_slice(&p.driver_values);
            values.series.extend_from_slice(&p.series_values);
            values.kpis.extend_from_slice(&p.kpi_values);
        }
        let head = &pieces[0];
        Self::from_parts(
            McSettings {
                samples: total,
                seed: head.settings.seed,
                first_sample: first,
                reoptimise: head.settings.reoptimise,
            },
            head.drivers.clone(),
            head.years.clone(),
            head.series.clone(),
            head.kpis.clone(),
            values,
        )
        .ok_or(JoinError::Shape)
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.settings.samples
    }

    pub fn is_empty(&self) -> bool {
        self.settings.samples == 0
    }

    /// Values of KPI `k` over the samples, in sample order.
    pub fn kpi_samples(&self, k: usize) -> Vec<f64> {
        let n = self.kpis.len();
        (0..self.len())
            .map(|s| self.kpi_values[s * n + k])
            .collect()
    }

    /// Sampled values of driver `d`, in sample order.
    pub fn driver_samples(&self, d: usize) -> Vec<f64> {
        let n = self.drivers.len();
        (0..self.len())
            .map(|s| self.driver_values[s * n + d])
            .collect()
    }

    /// Values of series `k` in year index `y`, in sample order.
    pub fn series_samples(&self, k: usize, y: usize) -> Vec<f64> {
        let per_sample = self.series.len() * self.years.len();
        let at = k * self.years.len() + y;
        (0..self.len())
            .map(|s| f64::from(self.series_values[s * per_sample + at]))
            .collect()
    }

    /// The fan chart of series `k`.
    pub fn fan(&self, k: usize) -> Fan {
        let mut bands: [Vec<f64>; 5] = Default::default();
        for y in 0..self.years.len() {
            let mut v = self.series_samples(k, y);
            v.retain(|x| !x.is_nan());
            v.sort_by(f64::total_cmp);
            for (band, p) in bands.iter_mut().zip(FAN_PERCENTILES) {
                band.push(percentile_sorted(&v, p));
            }
        }
        Fan {
            years: self.years.clone(),
            bands,
        }
    }

    /// Percentiles `ps` of KPI `k` over the samples where it exists (an IRR may not: NaN).
    pub fn kpi_percentiles(&self, k: usize, ps: &[f64]) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .kpi_samples(k)
            .into_iter()
            .filter(|x| !x.is_nan())
            .collect();
        v.sort_by(f64::total_cmp);
        ps.iter().map(|&p| percentile_sorted(&v, p)).collect()
    }
}

/// A uniform number in the open interval (0, 1).
pub(super) fn open_unit(rng: &mut ChaCha8Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// The driver values of sample `j`, written into `out` (one per distribution).
pub fn sample_drivers_into(seed: u64, j: u64, dists: &[Distribution], out: &mut [f64]) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(j);
    for (x, d) in out.iter_mut().zip(dists) {
        *x = d.quantile(open_unit(&mut rng));
    }
}

/// The driver values of sample `j`.
pub fn sample_drivers(seed: u64, j: u64, dists: &[Distribution]) -> Vec<f64> {
    let mut out = vec![0.0; dists.len()];
    sample_drivers_into(seed, j, dists, &mut out);
    out
}

/// Sets the numbers at `at` (resolved once with [`slot`]) to `values`, walking only the parts
/// of the scenario that hold them.
pub fn apply_drivers(s: &mut Scenario, at: &[Slot], values: &[f64]) {
    for (&place, &x) in at.iter().zip(values) {
        set_slot(s, place, x);
    }
}

/// Runs `settings.samples` samples, keeping every KPI and the series `fan` names. `progress`
/// counts finished samples; setting `cancel` stops the run soon after.
pub fn monte_carlo(
    s: &Scenario,
    settings: McSettings,
    fan: &FanSeries,
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<McResult, McError> {
    if s.uncertainty.is_empty() {
        return Err(McError::NoDrivers);
    }
    let replan = is_optimal(s) && settings.reoptimise;
    let held;
    let s = if is_optimal(s) && !replan {
        held = optimise(s, &Options::default())
            .map_err(McError::Optimal)?
            .apply(s);
        &held
    } else {
        s
    };
    // Driver places are found in the scenario that is sampled (a held plan's schedule adds
    // numbers to the allocation, which moves the places after it).
    let paths: Vec<String> = s.uncertainty.iter().map(|d| d.path.clone()).collect();
    let dists: Vec<Distribution> = s.uncertainty.iter().map(|d| d.distribution).collect();
    let at = paths
        .iter()
        .map(|p| slot(s, p).ok_or_else(|| McError::UnknownPath(p.clone())))
        .collect::<Result<Vec<Slot>, McError>>()?;
    let base = simulate(s);
    let h = s.horizon;
    let ppy = h.periods_per_year();
    let n_years = base.len() / ppy;
    let years: Vec<i32> = (0..n_years).map(|y| h.year_of(y * ppy)).collect();
    let kept: Vec<ColumnId> = base
        .column_ids()
        .into_iter()
        .filter(|&id| match fan {
            FanSeries::All => true,
            FanSeries::Named(names) => {
                let name = base.column(id).name;
                names.contains(&name)
            }
            FanSeries::None => false,
        })
        .collect();
    let series: Vec<SeriesMeta> = kept
        .iter()
        .map(|&id| {
            let c = base.column(id);
            SeriesMeta {
                name: c.name,
                unit: c.unit,
                flow: c.flow,
            }
        })
        .collect();
    let kpis: Vec<KpiMeta> = kpi_values(&base)
        .into_iter()
        .map(|k| KpiMeta {
            key: k.key,
            label: k.label,
            unit: k.unit,
        })
        .collect();
    let (nd, nk, per_sample) = (paths.len(), kpis.len(), series.len() * n_years);
    let n = settings.samples;
    let mut driver_values = vec![0.0; n * nd];
    // One slot per sample even when no series is kept, so that the chunks below pair up with
    // the samples (truncated to none after the run).
    let mut series_values = vec![0.0f32; n * per_sample.max(1)];
    let mut kpi_out = vec![0.0; n * nk];
    driver_values
        .par_chunks_mut(nd.max(1))
        .zip(series_values.par_chunks_mut(per_sample.max(1)))
        .zip(kpi_out.par_chunks_mut(nk.max(1)))
        .enumerate()
        // Each worker thread keeps its own copy of the scenario, workspace and sink: every
        // sample sets all the drivers, so nothing needs restoring between samples.
        .try_for_each_init(
            || (s.clone(), Workspace::default(), KpiSink::new(kept.clone())),
            |(scenario, ws, sink), (i, ((dv, sv), kv))| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(McError::Cancelled);
                }
                let j = settings.first_sample + i as u64;
                sample_drivers_into(settings.seed, j, &dists, dv);
                apply_drivers(scenario, &at, dv);
                let planned;
                let run = if replan {
                    planned = optimise(scenario, &Options::default())
                        .map_err(|error| McError::SampleOptimal { sample: j, error })?
                        .apply(scenario);
                    &planned
                } else {
                    &*scenario
                };
                simulate_into(run, ws, sink);
                for (out, x) in sv.iter_mut().zip(sink.yearly()) {
                    *out = *x as f32;
                }
                // The KPI list has the same shape in every sample (see `kpi_numbers`).
                sink.kpi_numbers(run, kv);
                progress.fetch_add(1, Ordering::Relaxed);
                Ok(())
            },
        )?;
    series_values.truncate(n * per_sample);
    Ok(McResult {
        settings,
        drivers: paths,
        years,
        series,
        kpis,
        driver_values,
        series_values,
        kpi_values: kpi_out,
    })
}
