//! The segments' running state, as struct-of-arrays: one vector per quantity, indexed by
//! segment, and the events of the construction pipeline (entries, retirements, ramp changes)
//! as period-major difference arrays — `[period · segments + segment]` — so that each period
//! costs the same whatever the number of cohorts and reads one contiguous row. Also the
//! installed base, learning, and what pacing needs to know of each segment.

use crate::model::{Curve, Scenario};

/// Adds `x` at `i` if `i` is inside the array (events past the horizon are dropped).
#[inline]
pub(super) fn bump(v: &mut [f64], i: usize, x: f64) {
    if let Some(slot) = v.get_mut(i) {
        *slot += x;
    }
}

/// Samples `c` at the start of each of `n` periods into `out` (reusing its allocation).
pub(super) fn sample(c: &Curve, t0: f64, dt: f64, n: usize, out: &mut Vec<f64>) {
    c.sample_into(t0, dt, n, out);
}

/// Resizes `v` to `len` copies of `x`, reusing its allocation.
pub(super) fn refill<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

/// Every segment's parameters, state and events.
#[derive(Default)]
pub(super) struct Segments {
    /// Number of segments.
    pub(super) len: usize,
    /// Periods simulated.
    n: usize,
    pub(super) lead_periods: Vec<usize>,
    ramp_periods: Vec<usize>,
    life_periods: Vec<usize>,
    /// Periods from a start to its full output: lead + ramp − 1.
    pub(super) pace_periods: Vec<usize>,
    base0_units: Vec<f64>,
    /// Installed base retired per period: `base0 · Δt / lifetime`.
    base_step_units: Vec<f64>,
    capex0_usd: Vec<f64>,
    /// Unit capex for the current period (after learning).
    pub(super) capex_usd: Vec<f64>,
    /// Wright exponent `log2(1 − learning_rate)`; 0 without learning.
    learn_exp: Vec<f64>,
    learn_base_units: Vec<f64>,
    cum_entered_units: Vec<f64>,
    pub(super) opex_usd_per_unit_year: Vec<f64>,
    /// `1 / life` (periods).
    inv_life_periods: Vec<f64>,
    /// Accelerator equivalents per unit, when the segment is a chain link.
    pub(super) chain_k: Vec<Option<f64>>,
    /// A hosting link (else a production link, when `chain_k` is set).
    pub(super) hosts: Vec<bool>,
    /// Whether segment `k` has a supply-chain limit on starts, and that limit in units per
    /// period, sampled, `[period · len + k]` (∞ without one).
    pub(super) has_cap: Vec<bool>,
    cap_units: Vec<f64>,
    /// Baseline additions in units per period (≥ 0), sampled, `[period · len + k]`.
    baseline_units: Vec<f64>,
    /// What a segment has in service whatever the plan does: the installed base aged to each
    /// period plus the baseline additions entered by its end, `[(period + 1) · len + k]`,
    /// with row 0 the installed base at the start.
    exogenous_units: Vec<f64>,
    // State.
    nameplate_units: Vec<f64>,
    ramped_units: Vec<f64>,
    ramp_slope_units: Vec<f64>,
    building_units: Vec<f64>,
    pub(super) capital_building_usd: Vec<f64>,
    /// In service at the end of the previous period.
    pub(super) in_service_prev_units: Vec<f64>,
    /// In service and under construction at the end of the previous period.
    pub(super) committed_prev_units: Vec<f64>,
    /// Cohort retirements scheduled in periods `i ..= i + pace` (for the current period `i`).
    retiring_soon_units: Vec<f64>,
    /// Book value at the end of the horizon of the plan's starts so far.
    pub(super) residual_usd: Vec<f64>,
    // Events, period-major. First differences: nameplate, under construction, capital under
    // construction; second differences of ramped output; entries and retirements.
    d_nameplate: Vec<f64>,
    d_building: Vec<f64>,
    d_capital_building: Vec<f64>,
    d2_ramped: Vec<f64>,
    entered: Vec<f64>,
    retired: Vec<f64>,
    /// Units in service or under construction at the end of each period so far, less the
    /// exogenous part (see `exogenous_units`): `[(period + 1) · len + k]`, row 0 all zeros.
    net_committed_hist: Vec<f64>,
    scratch: Vec<f64>,
}

/// Wright's law: unit capex after `entered` units entered service on a learning base.
#[inline]
fn wright(capex0: f64, exponent: f64, base: f64, entered: f64) -> f64 {
    let doublings = ((base + entered) / base).log2();
    capex0 * (exponent * doublings).exp2()
}

/// Where [`Segments::advance_all`] writes what every segment did in a period.
pub(super) struct AdvancedRow<'a> {
    pub(super) entered: &'a mut [f64],
    pub(super) in_service: &'a mut [f64],
    pub(super) effective: &'a mut [f64],
    pub(super) building: &'a mut [f64],
    pub(super) retired: &'a mut [f64],
}

impl Segments {
    /// Sets every segment up for a run of `n` periods, reusing the allocations of the last run.
    /// `links[k]` holds the accelerators per unit-year of the first production link naming
    /// segment `k` and the units per accelerator of the first hosting link naming it.
    pub(super) fn prepare(&mut self, s: &Scenario, links: &[(Option<f64>, Option<f64>)], n: usize) {
        let h = &s.horizon;
        let (t0, dt) = (h.time(0), h.dt_years());
        let len = s.segments.len();
        self.len = len;
        self.n = n;
        let zero = |v: &mut Vec<f64>, rows: usize| refill(v, rows * len, 0.0);
        for v in [
            &mut self.capex_usd,
            &mut self.cum_entered_units,
            &mut self.nameplate_units,
            &mut self.ramped_units,
            &mut self.ramp_slope_units,
            &mut self.building_units,
            &mut self.capital_building_usd,
            &mut self.retiring_soon_units,
            &mut self.residual_usd,
        ] {
            zero(v, 1);
        }
        for v in [
            &mut self.d_nameplate,
            &mut self.d_building,
            &mut self.d_capital_building,
            &mut self.entered,
            &mut self.retired,
        ] {
            zero(v, n + 1);
        }
        zero(&mut self.d2_ramped, n + 2);
        self.net_committed_hist.clear();
        self.net_committed_hist.reserve((n + 1) * len);
        self.net_committed_hist.resize(len, 0.0);
        for v in [
            &mut self.lead_periods,
            &mut self.ramp_periods,
            &mut self.life_periods,
            &mut self.pace_periods,
        ] {
            v.clear();
        }
        for v in [
            &mut self.base0_units,
            &mut self.base_step_units,
            &mut self.capex0_usd,
            &mut self.learn_exp,
            &mut self.learn_base_units,
            &mut self.opex_usd_per_unit_year,
            &mut self.inv_life_periods,
            &mut self.in_service_prev_units,
            &mut self.committed_prev_units,
        ] {
            v.clear();
        }
        self.chain_k.clear();
        self.hosts.clear();
        self.has_cap.clear();
        let mut curve = std::mem::take(&mut self.scratch);
        refill(&mut self.cap_units, n * len, f64::INFINITY);
        zero(&mut self.baseline_units, n);
        zero(&mut self.exogenous_units, n + 1);
        for (k, g) in s.segments.iter().enumerate() {
            let lead = h.periods_in(g.lead_time_years);
            let ramp = h.periods_in(g.ramp_years).max(1);
            let life = h.periods_in(g.lifetime_years).max(1);
            self.lead_periods.push(lead);
            self.ramp_periods.push(ramp);
            self.life_periods.push(life);
            // Saturating: a lead time of 1e300 years is invalid but must not overflow.
            self.pace_periods.push(lead.saturating_add(ramp - 1));
            let base0 = g.installed_base_units.max(0.0);
            self.base0_units.push(base0);
            self.base_step_units.push(if g.lifetime_years > 0.0 {
                base0 * dt / g.lifetime_years
            } else {
                base0
            });
            self.capex0_usd.push(g.capex_usd_per_unit);
            self.capex_usd[k] = g.capex_usd_per_unit;
            let learn_base = g.learning_base_units.unwrap_or(g.installed_base_units);
            self.learn_base_units.push(learn_base);
            self.learn_exp.push(
                if g.learning_rate > 0.0 && g.learning_rate < 1.0 && learn_base > 0.0 {
                    (1.0 - g.learning_rate).log2()
                } else {
                    0.0
                },
            );
            self.opex_usd_per_unit_year.push(g.opex_usd_per_unit_year);
            self.inv_life_periods.push(1.0 / life as f64);
            self.in_service_prev_units.push(base0);
            self.committed_prev_units.push(base0);
            let (produces, hosts) = links[k];
            let production = produces.map(|a| a * s.chain.accelerator_lifetime_years);
            self.hosts.push(production.is_none());
            self.chain_k.push(
                production
                    .or_else(|| hosts.map(|u| 1.0 / u))
                    .filter(|k| k.is_finite() && *k > 0.0),
            );
            self.has_cap.push(g.max_starts_units_per_year.is_some());
            if let Some(c) = &g.max_starts_units_per_year {
                sample(c, t0, dt, n, &mut curve);
                for (i, x) in curve.iter().enumerate() {
                    self.cap_units[i * len + k] = x.max(0.0) * dt;
                }
            }
            if let Some(c) = &g.baseline_additions_units_per_year {
                sample(c, t0, dt, n, &mut curve);
                for (i, x) in curve.iter().enumerate() {
                    self.baseline_units[i * len + k] = x.max(0.0) * dt;
                }
            }
            // The exogenous capacity, period by period.
            let mut added = 0.0;
            self.exogenous_units[k] = base0;
            for i in 0..n {
                added += self.baseline_units[i * len + k];
                self.exogenous_units[(i + 1) * len + k] = self.base(k, i) + added;
            }
        }
        self.scratch = curve;
    }

    /// The index of segment `k`'s event in period `i`, if the period has a row.
    #[inline]
    fn at(&self, rows: usize, i: usize, k: usize) -> Option<usize> {
        (i < rows).then(|| i * self.len + k)
    }

    #[inline]
    fn bump_event(v: &mut [f64], at: Option<usize>, x: f64) {
        if let Some(at) = at {
            bump(v, at, x);
        }
    }

    /// Segment `k`'s limit on starts in period `i`, in units (∞ without one).
    #[inline]
    pub(super) fn cap_units(&self, k: usize, i: usize) -> f64 {
        self.cap_units[i * self.len + k]
    }

    /// Segment `k`'s baseline additions in period `i`, in units (0 without any).
    #[inline]
    pub(super) fn baseline_units(&self, k: usize, i: usize) -> f64 {
        self.baseline_units[i * self.len + k]
    }

    /// Installed base of segment `k` still in service in period `i` (uniform ages: linear
    /// decline over a life).
    #[inline]
    pub(super) fn base(&self, k: usize, i: usize) -> f64 {
        (self.base0_units[k] - i as f64 * self.base_step_units[k]).max(0.0)
    }

    /// The exogenous capacity of segment `k` at the end of period `t` (the installed base at
    /// the start for `t = None`).
    #[inline]
    fn exogenous(&self, k: usize, t: usize) -> f64 {
        self.exogenous_units[(t + 1) * self.len + k]
    }

    /// Capacity segment `k` will have in service at period `t` (> `i`, the current period)
    /// from what it has committed so far — for a segment whose lead time reaches past `t`,
    /// all it can have then: its commitments up to `t − L`, plus the baseline additions that
    /// arrive by `t`, with the installed base aged to `t` (retirements of cohorts ignored).
    #[inline]
    pub(super) fn projected(&self, k: usize, t: usize, i: usize) -> f64 {
        let t = t.min(self.n.saturating_sub(1));
        // Commitments made by then (in service by t, perhaps still ramping, so that the link
        // that sets the pace is the one to bind), at most those of the periods so far.
        let row = t
            .checked_sub(self.lead_periods[k])
            .map_or(0, |j| (j + 1).min(i));
        self.net_committed_hist[row * self.len + k] + self.exogenous(k, t)
    }

    /// Capacity segment `k` will have in service when starts made in period `i` reach full
    /// output (`i + pace`): what is committed, less the retirements already scheduled by then,
    /// with the installed base aged and the baseline additions arrived.
    #[inline]
    pub(super) fn at_arrival(&self, k: usize, i: usize) -> f64 {
        let t = i
            .saturating_add(self.pace_periods[k])
            .min(self.n.saturating_sub(1));
        self.net_committed_hist[i * self.len + k] - self.retiring_soon_units[k]
            + self.exogenous(k, t)
    }

    /// `x` units of segment `k` that enter service at period `e`, registered in period `now`:
    /// ramp, retirement, and the events.
    #[inline]
    pub(super) fn add_cohort(&mut self, k: usize, x: f64, e: usize, now: usize) {
        // Saturating: absurd durations push events past the horizon, never overflow.
        let (r, life) = (self.ramp_periods[k], self.life_periods[k]);
        let end = e.saturating_add(life);
        let (rows, rows2) = (self.n + 1, self.n + 2);
        let (entry, exit) = (self.at(rows, e, k), self.at(rows, end, k));
        Self::bump_event(&mut self.entered, entry, x);
        Self::bump_event(&mut self.d_nameplate, entry, x);
        Self::bump_event(&mut self.d_nameplate, exit, -x);
        Self::bump_event(&mut self.retired, exit, x);
        if end <= now.saturating_add(self.pace_periods[k]) && end < rows {
            self.retiring_soon_units[k] += x;
        }
        let step = x / r as f64;
        let (entry2, exit2) = (self.at(rows2, e, k), self.at(rows2, end, k));
        let after = self.at(rows2, end.saturating_add(1), k);
        Self::bump_event(&mut self.d2_ramped, entry2, step);
        if r < life {
            let ramped = self.at(rows2, e.saturating_add(r), k);
            Self::bump_event(&mut self.d2_ramped, ramped, -step);
            Self::bump_event(&mut self.d2_ramped, exit2, -x);
            Self::bump_event(&mut self.d2_ramped, after, x);
        } else {
            // Retired before reaching full output: drop from life·x/r to 0.
            Self::bump_event(&mut self.d2_ramped, exit2, -(life as f64 + 1.0) * step);
            Self::bump_event(&mut self.d2_ramped, after, life as f64 * step);
        }
    }

    /// A plan start of `x` units of segment `k` costing `usd` in period `i`.
    #[inline]
    pub(super) fn start(&mut self, k: usize, x: f64, usd: f64, i: usize) {
        let e = i.saturating_add(self.lead_periods[k]);
        // Straight-line depreciation from entering service; full value while building.
        let served = self.n.saturating_sub(e) as f64;
        self.residual_usd[k] += usd * (1.0 - served * self.inv_life_periods[k]).clamp(0.0, 1.0);
        let rows = self.n + 1;
        let (now, then) = (self.at(rows, i, k), self.at(rows, e, k));
        Self::bump_event(&mut self.d_building, now, x);
        Self::bump_event(&mut self.d_building, then, -x);
        Self::bump_event(&mut self.d_capital_building, now, usd);
        Self::bump_event(&mut self.d_capital_building, then, -usd);
        self.add_cohort(k, x, e, i);
    }

    /// Applies period `i`'s events to every segment and writes what each has in service into
    /// `out` (one slot per segment in each of its slices).
    pub(super) fn advance_all(&mut self, i: usize, out: AdvancedRow<'_>) {
        let len = self.len;
        let row = i * len..(i + 1) * len;
        // Rows of this period's events (every array has a row for each period up to `n`).
        let (d_np, d2, d_b, d_cap, entered, retired) = (
            &self.d_nameplate[row.clone()],
            &self.d2_ramped[row.clone()],
            &self.d_building[row.clone()],
            &self.d_capital_building[row.clone()],
            &self.entered[row.clone()],
            &self.retired[row],
        );
        let rows = self.n + 1;
        for k in 0..len {
            self.nameplate_units[k] += d_np[k];
            self.ramp_slope_units[k] += d2[k];
            self.ramped_units[k] += self.ramp_slope_units[k];
            self.building_units[k] += d_b[k];
            self.capital_building_usd[k] += d_cap[k];
            let base = (self.base0_units[k] - i as f64 * self.base_step_units[k]).max(0.0);
            let base_retired = if i == 0 {
                0.0
            } else {
                (self.base0_units[k] - (i - 1) as f64 * self.base_step_units[k]).max(0.0) - base
            };
            let in_service = (base + self.nameplate_units[k]).max(0.0);
            let building = self.building_units[k].max(0.0);
            if entered[k] != 0.0 {
                self.cum_entered_units[k] += entered[k];
                if self.learn_exp[k] != 0.0 {
                    self.capex_usd[k] = wright(
                        self.capex0_usd[k],
                        self.learn_exp[k],
                        self.learn_base_units[k],
                        self.cum_entered_units[k],
                    );
                }
            }
            self.in_service_prev_units[k] = in_service;
            self.committed_prev_units[k] = in_service + building;
            // Slide the window of scheduled retirements to periods i + 1 ..= i + 1 + pace.
            self.retiring_soon_units[k] -= retired[k];
            let a = self.pace_periods[k].saturating_add(i + 1);
            if a < rows {
                self.retiring_soon_units[k] += self.retired[a * len + k];
            }
            out.entered[k] = entered[k];
            out.in_service[k] = in_service;
            out.effective[k] = (base + self.ramped_units[k]).clamp(0.0, in_service);
            out.building[k] = building;
            out.retired[k] = retired[k] + base_retired;
        }
        let exogenous = &self.exogenous_units[(i + 1) * len..(i + 2) * len];
        self.net_committed_hist.extend(
            self.committed_prev_units[..len]
                .iter()
                .zip(exogenous)
                .map(|(c, x)| c - x),
        );
    }
}
