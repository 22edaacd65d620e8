//! One segment's running state: its construction pipeline, ramps and retirements (kept as
//! difference arrays so that each period costs the same whatever the number of cohorts), its
//! installed base, learning, and what pacing needs to know of it.

use std::collections::HashMap;

use super::outcome::SegmentSeries;
use crate::model::{Curve, Scenario, Segment};

/// Segment names to indices, and the first chain link naming each segment, built once so that
/// no lookup walks a list (a hostile file may hold thousands of segments and links).
pub(super) struct Lookup<'s> {
    pub(super) index: HashMap<&'s str, usize>,
    /// Accelerators per unit-year of the production link.
    pub(super) production: HashMap<&'s str, f64>,
    /// Units per accelerator of the hosting link.
    pub(super) hosting: HashMap<&'s str, f64>,
}

impl<'s> Lookup<'s> {
    pub(super) fn new(s: &'s Scenario) -> Self {
        let mut index = HashMap::with_capacity(s.segments.len());
        for (k, g) in s.segments.iter().enumerate() {
            index.entry(g.name.as_str()).or_insert(k);
        }
        let mut production = HashMap::new();
        for l in &s.chain.production {
            production
                .entry(l.segment.as_str())
                .or_insert(l.accelerators_per_unit_year);
        }
        let mut hosting = HashMap::new();
        for l in &s.chain.hosting {
            hosting
                .entry(l.segment.as_str())
                .or_insert(l.units_per_accelerator);
        }
        Self {
            index,
            production,
            hosting,
        }
    }

    pub(super) fn segment(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

/// Adds `x` at `i` if `i` is inside the array (events past the horizon are dropped).
pub(super) fn bump(v: &mut [f64], i: usize, x: f64) {
    if let Some(slot) = v.get_mut(i) {
        *slot += x;
    }
}

pub(super) fn sampled(c: &Curve, t0: f64, dt: f64, n: usize) -> Vec<f64> {
    let mut v = Vec::new();
    c.sample_into(t0, dt, n, &mut v);
    v
}

/// One segment's running state.
pub(super) struct SegRun {
    pub(super) lead: usize,
    pub(super) ramp: usize,
    pub(super) life: usize,
    pub(super) base0: f64,
    /// Installed base retired per period: `base0 · Δt / lifetime`.
    pub(super) base_step: f64,
    pub(super) capex0: f64,
    /// Unit capex for the current period (after learning).
    pub(super) capex_now: f64,
    /// Wright exponent `log2(1 − learning_rate)`; 0 without learning.
    pub(super) learn_exp: f64,
    pub(super) learn_base: f64,
    pub(super) cum_entered: f64,
    pub(super) opex: f64,
    pub(super) cap: Option<Vec<f64>>,
    pub(super) baseline: Option<Vec<f64>>,
    /// Baseline additions entered by each period (cumulative; empty without any), for pacing.
    pub(super) baseline_cum: Vec<f64>,
    /// This period's supply-chain limit on starts, in units (∞ without one).
    pub(super) cap_units: f64,
    /// First differences: nameplate, under construction, capital under construction.
    pub(super) d_nameplate: Vec<f64>,
    pub(super) d_building: Vec<f64>,
    pub(super) d_capital_building: Vec<f64>,
    /// Second differences of ramped output.
    pub(super) d2_ramped: Vec<f64>,
    pub(super) entered: Vec<f64>,
    pub(super) retired: Vec<f64>,
    pub(super) nameplate: f64,
    pub(super) ramped: f64,
    pub(super) ramp_slope: f64,
    pub(super) building: f64,
    pub(super) capital_building: f64,
    /// In service and under construction at the end of the previous period.
    pub(super) in_service_prev: f64,
    pub(super) committed_prev: f64,
    /// Units in service or under construction at the end of each period so far.
    pub(super) committed_hist: Vec<f64>,
    /// Cohort retirements scheduled in periods `i ..= i + pace` (for the current period `i`).
    pub(super) retiring_soon: f64,
    /// Periods from a start to its full output: lead + ramp − 1.
    pub(super) pace: usize,
    /// `1 / life` (periods).
    pub(super) inv_life: f64,
    /// Book value at the end of the horizon of the plan's starts so far.
    pub(super) residual_usd: f64,
    /// Number of periods simulated.
    pub(super) n: usize,
    /// Accelerator equivalents per unit, when the segment is a chain link.
    pub(super) chain_k: Option<f64>,
    /// A hosting link (else a production link, when `chain_k` is set).
    pub(super) hosts: bool,
    pub(super) out: SegmentSeries,
}

impl SegRun {
    pub(super) fn new(
        g: &Segment,
        s: &Scenario,
        look: &Lookup<'_>,
        t0: f64,
        dt: f64,
        n: usize,
    ) -> Self {
        let h = &s.horizon;
        let learn_base = g.learning_base_units.unwrap_or(g.installed_base_units);
        let learn_exp = if g.learning_rate > 0.0 && g.learning_rate < 1.0 && learn_base > 0.0 {
            (1.0 - g.learning_rate).log2()
        } else {
            0.0
        };
        let production = look
            .production
            .get(g.name.as_str())
            .map(|a| a * s.chain.accelerator_lifetime_years);
        let hosts = production.is_none();
        let chain_k = production
            .or_else(|| look.hosting.get(g.name.as_str()).map(|u| 1.0 / u))
            .filter(|k| k.is_finite() && *k > 0.0);
        let series = || Vec::with_capacity(n);
        let baseline = g
            .baseline_additions_units_per_year
            .as_ref()
            .map(|c| sampled(c, t0, dt, n));
        Self {
            lead: h.periods_in(g.lead_time_years),
            ramp: h.periods_in(g.ramp_years).max(1),
            life: h.periods_in(g.lifetime_years).max(1),
            base0: g.installed_base_units.max(0.0),
            base_step: if g.lifetime_years > 0.0 {
                g.installed_base_units.max(0.0) * dt / g.lifetime_years
            } else {
                g.installed_base_units.max(0.0)
            },
            capex0: g.capex_usd_per_unit,
            capex_now: g.capex_usd_per_unit,
            learn_exp,
            learn_base,
            cum_entered: 0.0,
            opex: g.opex_usd_per_unit_year,
            cap: g
                .max_starts_units_per_year
                .as_ref()
                .map(|c| sampled(c, t0, dt, n)),
            baseline_cum: baseline
                .as_ref()
                .map(|b| {
                    let mut total = 0.0;
                    b.iter()
                        .map(|x| {
                            total += x.max(0.0) * dt;
                            total
                        })
                        .collect()
                })
                .unwrap_or_default(),
            baseline,
            cap_units: f64::INFINITY,
            d_nameplate: vec![0.0; n + 1],
            d_building: vec![0.0; n + 1],
            d_capital_building: vec![0.0; n + 1],
            d2_ramped: vec![0.0; n + 2],
            entered: vec![0.0; n + 1],
            retired: vec![0.0; n + 1],
            nameplate: 0.0,
            ramped: 0.0,
            ramp_slope: 0.0,
            building: 0.0,
            capital_building: 0.0,
            in_service_prev: g.installed_base_units.max(0.0),
            committed_prev: g.installed_base_units.max(0.0),
            committed_hist: Vec::with_capacity(n),
            retiring_soon: 0.0,
            // Saturating: a lead time of 1e300 years is invalid but must not overflow.
            pace: h
                .periods_in(g.lead_time_years)
                .saturating_add(h.periods_in(g.ramp_years).max(1) - 1),
            residual_usd: 0.0,
            inv_life: 1.0 / h.periods_in(g.lifetime_years).max(1) as f64,
            n,
            chain_k,
            hosts,
            out: SegmentSeries {
                name: g.name.clone(),
                unit: g.unit.clone(),
                spend_usd: series(),
                starts_units: series(),
                unit_capex_usd: series(),
                under_construction_units: series(),
                entered_units: series(),
                in_service_units: series(),
                effective_units: series(),
                retired_units: series(),
                opex_usd: series(),
                capped_usd: series(),
            },
        }
    }

    /// Capacity this segment will have in service at period `t` (> `i`, the current period)
    /// from what it has committed so far — for a segment whose lead time reaches past `t`,
    /// all it can have then: its commitments up to `t − L`, plus the baseline additions that
    /// arrive by `t`, with the installed base aged to `t` (retirements of cohorts ignored).
    pub(super) fn projected(&self, t: usize, i: usize) -> f64 {
        let t = t.min(self.n.saturating_sub(1));
        let baseline_by = |p: Option<usize>| p.map_or(0.0, |p| self.baseline_entered(p));
        // Commitments made by then: in service by t (perhaps still ramping, so that the link
        // that sets the pace is the one to bind).
        let (committed, then) = match (t + 1).checked_sub(self.lead.saturating_add(1)) {
            Some(j) if j < i => (self.committed_hist[j], Some(j)),
            Some(_) => (self.committed_prev, i.checked_sub(1)),
            None => (self.base0, None),
        };
        let base_then = then.map_or(self.base0, |j| self.base(j));
        committed - base_then - baseline_by(then) + self.base(t) + baseline_by(Some(t))
    }

    /// Unit capex after learning on the capacity that entered service so far.
    pub(super) fn capex(&self) -> f64 {
        self.capex_now
    }

    /// Wright's law on the cumulative capacity; recomputed only when capacity entered service.
    pub(super) fn update_capex(&mut self) {
        if self.learn_exp != 0.0 {
            let doublings = ((self.learn_base + self.cum_entered) / self.learn_base).log2();
            self.capex_now = self.capex0 * (self.learn_exp * doublings).exp2();
        }
    }

    /// Installed base still in service in period `i` (uniform ages: linear decline over a life).
    pub(super) fn base(&self, i: usize) -> f64 {
        (self.base0 - i as f64 * self.base_step).max(0.0)
    }

    /// `x` units that enter service at period `e`, registered in period `now`: ramp,
    /// retirement, and the events.
    pub(super) fn add_cohort(&mut self, x: f64, e: usize, now: usize) {
        // Saturating: absurd durations push events past the horizon, never overflow.
        let (r, life) = (self.ramp, self.life);
        let end = e.saturating_add(life);
        bump(&mut self.entered, e, x);
        bump(&mut self.d_nameplate, e, x);
        bump(&mut self.d_nameplate, end, -x);
        bump(&mut self.retired, end, x);
        if end <= now.saturating_add(self.pace) && end < self.retired.len() {
            self.retiring_soon += x;
        }
        let step = x / r as f64;
        bump(&mut self.d2_ramped, e, step);
        if r < life {
            bump(&mut self.d2_ramped, e.saturating_add(r), -step);
            bump(&mut self.d2_ramped, end, -x);
            bump(&mut self.d2_ramped, end.saturating_add(1), x);
        } else {
            // Retired before reaching full output: drop from life·x/r to 0.
            bump(&mut self.d2_ramped, end, -(life as f64 + 1.0) * step);
            bump(
                &mut self.d2_ramped,
                end.saturating_add(1),
                life as f64 * step,
            );
        }
    }

    /// A plan start of `x` units costing `usd` in period `i`.
    pub(super) fn start(&mut self, x: f64, usd: f64, i: usize) {
        let e = i.saturating_add(self.lead);
        // Straight-line depreciation from entering service; full value while building.
        let served = self.n.saturating_sub(e) as f64;
        self.residual_usd += usd * (1.0 - served * self.inv_life).clamp(0.0, 1.0);
        bump(&mut self.d_building, i, x);
        bump(&mut self.d_building, e, -x);
        bump(&mut self.d_capital_building, i, usd);
        bump(&mut self.d_capital_building, e, -usd);
        self.add_cohort(x, e, i);
    }

    /// Capacity this segment will have in service when starts made in period `i` reach full
    /// output (`i + pace`): what is committed, less the retirements already scheduled by then,
    /// with the installed base aged and the baseline additions arrived.
    pub(super) fn at_arrival(&self, i: usize) -> f64 {
        let t = i.saturating_add(self.pace).min(self.n.saturating_sub(1));
        let (base_now, added_now) = match i.checked_sub(1) {
            Some(p) => (self.base(p), self.baseline_entered(p)),
            None => (self.base0, 0.0),
        };
        self.committed_prev - self.retiring_soon + self.base(t) - base_now
            + self.baseline_entered(t)
            - added_now
    }

    /// Baseline additions entered by the end of period `p`.
    pub(super) fn baseline_entered(&self, p: usize) -> f64 {
        self.baseline_cum.get(p).copied().unwrap_or(0.0)
    }

    /// Applies period `i`'s events and records the capacity series.
    pub(super) fn advance(&mut self, i: usize) {
        self.nameplate += self.d_nameplate[i];
        self.ramp_slope += self.d2_ramped[i];
        self.ramped += self.ramp_slope;
        self.building += self.d_building[i];
        self.capital_building += self.d_capital_building[i];
        let base = self.base(i);
        let base_retired = if i == 0 { 0.0 } else { self.base(i - 1) - base };
        let in_service = (base + self.nameplate).max(0.0);
        let building = self.building.max(0.0);
        if self.entered[i] != 0.0 {
            self.cum_entered += self.entered[i];
            self.update_capex();
        }
        self.out.entered_units.push(self.entered[i]);
        self.out.in_service_units.push(in_service);
        self.out
            .effective_units
            .push((base + self.ramped).clamp(0.0, in_service));
        self.out.under_construction_units.push(building);
        self.out.retired_units.push(self.retired[i] + base_retired);
        self.in_service_prev = in_service;
        self.committed_prev = in_service + building;
        self.committed_hist.push(self.committed_prev);
        // Slide the window of scheduled retirements to periods i + 1 ..= i + 1 + pace.
        self.retiring_soon -= self.retired[i];
        if let Some(x) = self.retired.get(self.pace.saturating_add(i + 1)) {
            self.retiring_soon += x;
        }
    }
}
