//! What the programme needs that does not depend on the plan, read from the engine itself: the
//! scenario simulated with a schedule that spends nothing. With service paid in full, draws and
//! debt service depend on the inflow curves and caps only; the installed base and baseline
//! additions (ramped and retired) are what every segment has without the plan. So the programme
//! and [`crate::engine::simulate`] share those rules by construction, not by a copy.

use super::OptimalError;
use crate::engine::{Outcome, simulate};
use crate::model::{Allocation, Curve, Scenario, Schedule, simulated_periods};

fn sampled(c: &Curve, t0: f64, dt: f64, n: usize) -> Vec<f64> {
    let mut v = Vec::new();
    c.sample_into(t0, dt, n, &mut v);
    v
}

/// One segment, in whole periods, as the engine reads it.
#[derive(Clone, Debug)]
pub struct SegData {
    pub name: String,
    pub lead: usize,
    pub ramp: usize,
    pub life: usize,
    /// Unit capex per period (constant without learning).
    pub capex: Vec<f64>,
    /// Units per programme unit: `1e9 / capex₀` (1 when capex₀ is not a positive number).
    pub scale: f64,
    /// Most units the plan may start per period: `max(0, cap(t))·Δt`, ∞ without a cap.
    pub cap_units: Vec<f64>,
    pub opex: f64,
    /// Capacity without the plan, end of each period: effective (ramped) and nameplate.
    pub exo_effective: Vec<f64>,
    pub exo_in_service: Vec<f64>,
    pub base0: f64,
}

impl SegData {
    /// Share of nameplate a cohort produces in its `k`-th period of service (0 after retiring).
    pub fn ramp_weight(&self, k: usize) -> f64 {
        if k >= self.life {
            0.0
        } else {
            ((k + 1) as f64 / self.ramp as f64).min(1.0)
        }
    }

    /// Whether money can buy units of this segment at all.
    pub fn can_spend(&self) -> bool {
        self.capex
            .first()
            .is_some_and(|c| *c > 0.0 && c.is_finite())
    }
}

/// Everything the programme needs that does not depend on the plan.
#[derive(Clone, Debug)]
pub struct Data {
    pub n: usize,
    pub dt: f64,
    pub ppy: usize,
    pub segs: Vec<SegData>,
    /// (segment, accelerators per unit-year), the smallest if a segment is named twice.
    pub production: Vec<(usize, f64)>,
    /// (segment, units per accelerator > 0), the largest if a segment is named twice.
    pub hosting: Vec<(usize, f64)>,
    pub acc_life: usize,
    /// Initial fleet still in service in each period (linear decline over one lifetime).
    pub fleet0: Vec<f64>,
    pub fleet0_start: f64,
    pub perf: Vec<f64>,
    /// Revenue per accelerator hosted at the start of the period: `price·utilisation·Δt`.
    pub revenue_per_acc: Vec<f64>,
    /// Per-period discount factor for NPV, `(1 + rate)^−Δt` (1 without revenue).
    pub discount: f64,
    /// Funding drawn per period, all sources.
    pub draws: Vec<f64>,
    /// Debt service due per period when every payment is made in full.
    pub service: Vec<f64>,
    pub initial_treasury: f64,
    /// Demand for compute per period (0 without a demand curve).
    pub demand: Vec<f64>,
    /// Fixed shares (segment, share per period, scaled down where they sum above 1).
    pub fixed: Vec<(usize, Vec<f64>)>,
    /// The planner's limits (`Optimal` only), per period.
    pub limits: Vec<LimitData>,
}

/// One segment's limits per period, in USD per period (the change limit in USD per year,
/// per period).
#[derive(Clone, Debug, Default)]
pub struct LimitData {
    pub seg: usize,
    pub min: Option<Vec<f64>>,
    pub max: Option<Vec<f64>>,
    /// Committed spend in each period before the commitment's year, `None` after.
    pub committed: Vec<Option<f64>>,
    /// How far the spend per year may move from one period to the next (USD per year).
    pub change: Option<f64>,
}

impl LimitData {
    /// Whether a limit makes segment `seg` spend in period `i` (then its starts are free to
    /// be made, even where they could not enter service before the end).
    pub fn forces(&self, i: usize) -> bool {
        self.min.as_ref().is_some_and(|m| m[i] > 0.0)
            || self
                .committed
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|c| c > 0.0)
    }
}

/// `s` with a schedule that spends nothing (and installs all that fits).
pub fn spending_nothing(s: &Scenario) -> Scenario {
    let mut z = s.clone();
    z.allocation = Allocation::Schedule(Schedule::default());
    z
}

impl Data {
    /// Reads the scenario. `capex_path` (per segment, per period) fixes the unit costs when
    /// learning makes them depend on the plan; without it they are the engine's with nothing
    /// spent.
    pub fn new(s: &Scenario, capex_path: Option<&[Vec<f64>]>) -> Result<Self, OptimalError> {
        let h = s.horizon;
        let n = simulated_periods(s);
        let (t0, dt, ppy) = (h.time(0), h.dt_years(), h.periods_per_year());
        let zero = simulate(&spending_nothing(s));
        if zero.time.len() != n || n == 0 {
            return Err(OptimalError::NothingToPlan);
        }
        unpaid(s, &zero)?;
        let segs = s
            .segments
            .iter()
            .zip(&zero.segments)
            .enumerate()
            .map(|(k, (g, out))| {
                let c0 = g.capex_usd_per_unit;
                SegData {
                    name: g.name.clone(),
                    lead: h.periods_in(g.lead_time_years),
                    ramp: h.periods_in(g.ramp_years).max(1),
                    life: h.periods_in(g.lifetime_years).max(1),
                    capex: match capex_path {
                        Some(p) => p[k].clone(),
                        None => out.unit_capex_usd.clone(),
                    },
                    scale: if c0 > 0.0 && c0.is_finite() {
                        1e9 / c0
                    } else {
                        1.0
                    },
                    cap_units: match &g.max_starts_units_per_year {
                        Some(c) => sampled(c, t0, dt, n)
                            .iter()
                            .map(|x| x.max(0.0) * dt)
                            .collect(),
                        None => vec![f64::INFINITY; n],
                    },
                    opex: g.opex_usd_per_unit_year.max(0.0),
                    exo_effective: out.effective_units.clone(),
                    exo_in_service: out.in_service_units.clone(),
                    base0: g.installed_base_units.max(0.0),
                }
            })
            .collect::<Vec<_>>();
        let index = |name: &str| s.segment_index(name);
        let mut production: Vec<(usize, f64)> = Vec::new();
        for l in &s.chain.production {
            if let Some(k) = index(&l.segment) {
                match production.iter_mut().find(|(j, _)| *j == k) {
                    Some(p) => p.1 = p.1.min(l.accelerators_per_unit_year),
                    None => production.push((k, l.accelerators_per_unit_year)),
                }
            }
        }
        if production.is_empty() {
            return Err(OptimalError::NoProduction);
        }
        let mut hosting: Vec<(usize, f64)> = Vec::new();
        for l in &s.chain.hosting {
            if let Some(k) = index(&l.segment).filter(|_| l.units_per_accelerator > 0.0) {
                match hosting.iter_mut().find(|(j, _)| *j == k) {
                    Some(p) => p.1 = p.1.max(l.units_per_accelerator),
                    None => hosting.push((k, l.units_per_accelerator)),
                }
            }
        }
        let chain = &s.chain;
        let fleet0_start = chain.installed_fleet_accelerators.max(0.0);
        let life_years = chain.accelerator_lifetime_years;
        let fleet0 = (0..n)
            .map(|i| {
                if life_years > 0.0 {
                    fleet0_start * (1.0 - i as f64 * dt / life_years).max(0.0)
                } else {
                    0.0
                }
            })
            .collect();
        let revenue_per_acc = match &s.revenue {
            Some(r) => {
                let p = sampled(&r.price_usd_per_accelerator_year, t0, dt, n);
                let u = sampled(&r.utilisation, t0, dt, n);
                (0..n)
                    .map(|i| p[i].max(0.0) * u[i].clamp(0.0, 1.0) * dt)
                    .collect()
            }
            None => vec![0.0; n],
        };
        let fixed = match &s.allocation {
            Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => {
                let list: Vec<(usize, Vec<f64>)> = fixed
                    .iter()
                    .filter_map(|sh| Some((index(&sh.segment)?, sampled(&sh.share, t0, dt, n))))
                    .collect();
                let mut out = list.clone();
                for i in 0..n {
                    let sum: f64 = list.iter().map(|(_, v)| v[i].max(0.0)).sum();
                    let norm = if sum > 1.0 { 1.0 / sum } else { 1.0 };
                    for (o, l) in out.iter_mut().zip(&list) {
                        o.1[i] = l.1[i].max(0.0) * norm;
                    }
                }
                out
            }
            Allocation::Shares(_) | Allocation::Schedule(_) => Vec::new(),
        };
        let limits = match &s.allocation {
            Allocation::Optimal { limits, .. } => limits
                .iter()
                .filter_map(|l| {
                    let per_period = |c: &Option<crate::model::Curve>| {
                        c.as_ref().map(|c| {
                            sampled(c, t0, dt, n)
                                .iter()
                                .map(|x| x.max(0.0) * dt)
                                .collect()
                        })
                    };
                    Some(LimitData {
                        seg: index(&l.segment)?,
                        min: per_period(&l.min_usd_per_year),
                        max: per_period(&l.max_usd_per_year),
                        committed: match &l.committed {
                            Some(c) => {
                                let v = sampled(&c.usd_per_year, t0, dt, n);
                                (0..n)
                                    .map(|i| (h.time(i) < c.until_year).then(|| v[i].max(0.0) * dt))
                                    .collect()
                            }
                            None => vec![None; n],
                        },
                        change: l.max_change_usd_per_year.map(|x| x.max(0.0) * dt),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Self {
            n,
            dt,
            ppy,
            segs,
            production,
            hosting,
            acc_life: h.periods_in(chain.accelerator_lifetime_years).max(1),
            fleet0,
            fleet0_start,
            perf: zero_perf(s, t0, dt, n),
            revenue_per_acc,
            discount: s
                .revenue
                .as_ref()
                .map_or(1.0, |r| (1.0 + r.discount_rate).powf(-dt)),
            draws: zero.inflow_usd.clone(),
            service: zero.debt_service_due_usd.clone(),
            initial_treasury: s.initial_treasury_usd.max(0.0),
            demand: match &s.demand_compute {
                Some(c) => sampled(c, t0, dt, n).iter().map(|d| d.max(0.0)).collect(),
                None => vec![0.0; n],
            },
            fixed,
            limits,
        })
    }

    /// Whether a limit makes segment `s` spend in period `i`.
    pub fn forced(&self, s: usize, i: usize) -> bool {
        self.limits.iter().any(|l| l.seg == s && l.forces(i))
    }

    /// Performance of the initial fleet (that of the first period).
    pub fn perf0(&self) -> f64 {
        self.perf.first().copied().unwrap_or(0.0)
    }

    /// Calendar-year index of period `i` (0 for the first year).
    pub fn year_index(&self, i: usize) -> usize {
        i / self.ppy
    }
}

fn zero_perf(s: &Scenario, t0: f64, dt: f64, n: usize) -> Vec<f64> {
    sampled(&s.chain.performance_per_accelerator, t0, dt, n)
}

/// Item 3: opex and debt service are paid in full every period. If they are not even when
/// nothing is spent (all the money kept), no plan pays them: the scenario is infeasible, and
/// the first such period and the source (or opex) are named.
fn unpaid(s: &Scenario, zero: &Outcome) -> Result<(), OptimalError> {
    let h = s.horizon;
    let scale = |x: f64| 1e-9 * x.abs().max(1.0);
    for i in 0..zero.time.len() {
        let short_opex = zero.opex_shortfall_usd[i];
        let short_service = zero.debt_service_shortfall_usd[i];
        if short_service > scale(zero.debt_service_due_usd[i]) {
            let source = zero
                .sources
                .iter()
                .max_by(|a, b| {
                    let gap = |x: &crate::engine::SourceSeries| {
                        x.service_due_usd[i] - x.service_paid_usd[i]
                    };
                    gap(a).total_cmp(&gap(b))
                })
                .map(|x| x.name.clone())
                .unwrap_or_default();
            return Err(OptimalError::ServiceUnpaid {
                period: h.period_label(i),
                funding: source,
                short_usd: short_service,
            });
        }
        if short_opex > scale(zero.opex_usd[i]) {
            return Err(OptimalError::OpexUnpaid {
                period: h.period_label(i),
                short_usd: short_opex,
            });
        }
    }
    Ok(())
}
