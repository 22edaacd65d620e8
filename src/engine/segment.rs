//! The segments' running state: per segment, its parameters for the run ([`Params`]) and its
//! state ([`State`]), each one record, and the events of the construction pipeline (entries,
//! retirements, ramp changes) as period-major difference records — `[period · segments +
//! segment]` — so that each period costs the same whatever the number of cohorts and reads one
//! contiguous row. Also the installed base, learning, and what pacing needs to know of each
//! segment.

use super::period::SegmentPeriod;
use crate::model::{Curve, Scenario};

/// Adds `x` at `i` if `i` is inside the array (events past the horizon are dropped).
#[inline]
pub(super) fn bump(v: &mut [f64], i: usize, x: f64) {
    if let Some(slot) = v.get_mut(i) {
        *slot += x;
    }
}

/// Writes `x` to slot `i` of a series sized for the run (a slot past its end is none): what
/// a sink does each period instead of a push, which costs more (a capacity check and a
/// length to store back).
#[inline]
pub(super) fn put(v: &mut [f64], i: usize, x: f64) {
    if let Some(slot) = v.get_mut(i) {
        *slot = x;
    }
}

/// A curve sampled at the start of each period of a run, re-sampled only when the curve or
/// the periods differ from the last run's: a workspace reused across Monte Carlo samples
/// re-samples just the curves the drivers touch, and an edit in the window just the curve
/// edited. Reads as the slice of its values.
#[derive(Default)]
pub(super) struct Sampled {
    /// The curve and periods last sampled (`None` before the first run).
    of: Option<(Curve, f64, f64, usize)>,
    values: Vec<f64>,
    /// How many times it has sampled a curve.
    samplings: u64,
}

impl Sampled {
    /// `c` at the start of each of `n` periods from `t0` in steps of `dt`.
    pub(super) fn sample(&mut self, c: &Curve, t0: f64, dt: f64, n: usize) -> &[f64] {
        match &mut self.of {
            Some((last, a, b, m)) if *last == *c && *a == t0 && *b == dt && *m == n => {}
            Some((last, a, b, m)) => {
                assign(last, c);
                (*a, *b, *m) = (t0, dt, n);
                c.sample_into(t0, dt, n, &mut self.values);
                self.samplings += 1;
            }
            None => {
                self.of = Some((c.clone(), t0, dt, n));
                c.sample_into(t0, dt, n, &mut self.values);
                self.samplings += 1;
            }
        }
        &self.values
    }
}

#[cfg(test)]
impl Sampled {
    /// How many times it has sampled a curve.
    pub(super) fn samplings(&self) -> u64 {
        self.samplings
    }
}

impl std::ops::Deref for Sampled {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.values
    }
}

/// `*slot = c.clone()`, reusing the points' allocation when both have points.
fn assign(slot: &mut Curve, c: &Curve) {
    match (slot, c) {
        (
            Curve::Points {
                points,
                interpolation,
            },
            Curve::Points {
                points: from,
                interpolation: how,
            },
        ) => {
            points.clone_from(from);
            *interpolation = *how;
        }
        (slot, c) => *slot = c.clone(),
    }
}

/// Resizes `v` to `len` copies of `x`, reusing its allocation.
pub(super) fn refill<T: Clone>(v: &mut Vec<T>, len: usize, x: T) {
    v.clear();
    v.resize(len, x);
}

/// A segment's parameters for the run.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Params {
    pub(super) lead_periods: usize,
    ramp_periods: usize,
    /// `1 / ramp` (periods).
    inv_ramp_periods: f64,
    life_periods: usize,
    /// Periods from a start to its full output: lead + ramp − 1.
    pub(super) pace_periods: usize,
    base0_units: f64,
    /// Installed base retired per period: `base0 · Δt / lifetime`.
    base_step_units: f64,
    capex0_usd: f64,
    /// Wright exponent `log2(1 − learning_rate)`; 0 without learning.
    learn_exp: f64,
    learn_base_units: f64,
    pub(super) opex_usd_per_unit_year: f64,
    /// `1 / life` (periods).
    inv_life_periods: f64,
    /// Accelerator equivalents per unit, when the segment is a chain link.
    pub(super) chain_k: Option<f64>,
    /// A hosting link (else a production link, when `chain_k` is set).
    pub(super) hosts: bool,
    /// Whether the segment has a supply-chain limit on starts.
    pub(super) has_cap: bool,
}

impl Params {
    /// Installed base still in service in period `i` (uniform ages: linear decline over a
    /// life).
    #[inline]
    fn base(&self, i: usize) -> f64 {
        (self.base0_units - i as f64 * self.base_step_units).max(0.0)
    }
}

/// A segment's running state.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct State {
    /// Unit capex for the current period (after learning); set by [`State::set_capex`].
    pub(super) capex_usd: f64,
    /// `1 / capex_usd`, kept with it by [`State::set_capex`].
    inv_capex_usd: f64,
    /// Whether `capex_usd` is positive and finite — whether money can start anything —,
    /// kept with it by [`State::set_capex`].
    pub(super) capex_ok: bool,
    cum_entered_units: f64,
    nameplate_units: f64,
    ramped_units: f64,
    ramp_slope_units: f64,
    building_units: f64,
    pub(super) capital_building_usd: f64,
    /// In service at the end of the previous period.
    pub(super) in_service_prev_units: f64,
    /// In service and under construction at the end of the previous period.
    pub(super) committed_prev_units: f64,
    /// Cohort retirements scheduled in periods `i ..= i + pace` (for the current period `i`).
    retiring_soon_units: f64,
    /// Book value at the end of the horizon of the plan's starts so far.
    pub(super) residual_usd: f64,
}

impl State {
    /// Sets the unit capex, and its reciprocal with it.
    #[inline]
    fn set_capex(&mut self, usd: f64) {
        self.capex_usd = usd;
        self.inv_capex_usd = 1.0 / usd;
        self.capex_ok = usd > 0.0 && usd.is_finite();
    }

    /// The units `usd` of spend starts at this period's unit capex.
    #[inline]
    pub(super) fn units_for(&self, usd: f64) -> f64 {
        usd * self.inv_capex_usd
    }
}

/// A segment's events in one period: first differences of nameplate, under construction and
/// capital under construction, the second difference of ramped output, entries and
/// retirements.
#[derive(Clone, Copy, Debug, Default)]
struct Events {
    nameplate: f64,
    building: f64,
    capital_building: f64,
    ramp2: f64,
    entered: f64,
    retired: f64,
}

/// Every segment's parameters, state and events.
#[derive(Default)]
pub(super) struct Segments {
    /// Number of segments.
    pub(super) len: usize,
    /// Periods simulated.
    n: usize,
    pub(super) params: Vec<Params>,
    pub(super) state: Vec<State>,
    /// `[period · len + k]`, rows `0 ..= n + 1` (events past the horizon are dropped).
    events: Vec<Events>,
    /// Supply-chain limit on starts in units per period, sampled, `[period · len + k]` (∞
    /// without one).
    cap_units: Vec<f64>,
    /// Baseline additions in units per period (≥ 0), sampled, `[period · len + k]`.
    baseline_units: Vec<f64>,
    /// What a segment has in service whatever the plan does: the installed base aged to each
    /// period plus the baseline additions entered by its end, `[(period + 1) · len + k]`,
    /// with row 0 the installed base at the start.
    exogenous_units: Vec<f64>,
    /// Units in service or under construction at the end of each period so far, less the
    /// exogenous part (see `exogenous_units`): `[(period + 1) · len + k]`, row 0 all zeros
    /// (rows of the periods still to come are 0 until they are run).
    net_committed_hist: Vec<f64>,
    /// Each segment's supply-chain cap and baseline additions, sampled.
    cap_curves: Vec<Sampled>,
    baseline_curves: Vec<Sampled>,
}

/// Wright's law: unit capex after `entered` units entered service on a learning base.
#[inline]
fn wright(capex0: f64, exponent: f64, base: f64, entered: f64) -> f64 {
    let doublings = ((base + entered) / base).log2();
    capex0 * (exponent * doublings).exp2()
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
        refill(&mut self.events, (n + 2) * len, Events::default());
        refill(&mut self.state, len, State::default());
        self.params.clear();
        refill(&mut self.net_committed_hist, (n + 1) * len, 0.0);
        self.cap_curves.resize_with(len, Sampled::default);
        self.baseline_curves.resize_with(len, Sampled::default);
        refill(&mut self.cap_units, n * len, f64::INFINITY);
        refill(&mut self.baseline_units, n * len, 0.0);
        refill(&mut self.exogenous_units, (n + 1) * len, 0.0);
        for (k, g) in s.segments.iter().enumerate() {
            let lead = h.periods_in(g.lead_time_years);
            let ramp = h.periods_in(g.ramp_years).max(1);
            let life = h.periods_in(g.lifetime_years).max(1);
            let base0 = g.installed_base_units.max(0.0);
            let learn_base = g.learning_base_units.unwrap_or(g.installed_base_units);
            let (produces, hosts) = links[k];
            let production = produces.map(|a| a * s.chain.accelerator_lifetime_years);
            let p = Params {
                lead_periods: lead,
                ramp_periods: ramp,
                inv_ramp_periods: 1.0 / ramp as f64,
                life_periods: life,
                // Saturating: a lead time of 1e300 years is invalid but must not overflow.
                pace_periods: lead.saturating_add(ramp - 1),
                base0_units: base0,
                base_step_units: if g.lifetime_years > 0.0 {
                    base0 * dt / g.lifetime_years
                } else {
                    base0
                },
                capex0_usd: g.capex_usd_per_unit,
                learn_exp: if g.learning_rate > 0.0 && g.learning_rate < 1.0 && learn_base > 0.0 {
                    (1.0 - g.learning_rate).log2()
                } else {
                    0.0
                },
                learn_base_units: learn_base,
                opex_usd_per_unit_year: g.opex_usd_per_unit_year,
                inv_life_periods: 1.0 / life as f64,
                chain_k: production
                    .or_else(|| hosts.map(|u| 1.0 / u))
                    .filter(|k| k.is_finite() && *k > 0.0),
                hosts: production.is_none(),
                has_cap: g.max_starts_units_per_year.is_some(),
            };
            self.params.push(p);
            self.state[k] = State {
                in_service_prev_units: base0,
                committed_prev_units: base0,
                ..State::default()
            };
            self.state[k].set_capex(g.capex_usd_per_unit);
            if let Some(c) = &g.max_starts_units_per_year {
                let curve = self.cap_curves[k].sample(c, t0, dt, n);
                for (i, x) in curve.iter().enumerate() {
                    self.cap_units[i * len + k] = x.max(0.0) * dt;
                }
            }
            if let Some(c) = &g.baseline_additions_units_per_year {
                let curve = self.baseline_curves[k].sample(c, t0, dt, n);
                for (i, x) in curve.iter().enumerate() {
                    self.baseline_units[i * len + k] = x.max(0.0) * dt;
                }
            }
            // The exogenous capacity, period by period.
            let mut added = 0.0;
            self.exogenous_units[k] = base0;
            for i in 0..n {
                added += self.baseline_units[i * len + k];
                self.exogenous_units[(i + 1) * len + k] = p.base(i) + added;
            }
        }
    }

    /// Segment `k`'s events in period `i`, if the period has a row below `rows`.
    #[inline]
    fn event(&mut self, rows: usize, i: usize, k: usize) -> Option<&mut Events> {
        if i < rows {
            self.events.get_mut(i * self.len + k)
        } else {
            None
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

    /// The exogenous capacity of segment `k` at the end of period `t`.
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
            .checked_sub(self.params[k].lead_periods)
            .map_or(0, |j| (j + 1).min(i));
        self.net_committed_hist[row * self.len + k] + self.exogenous(k, t)
    }

    /// Capacity segment `k` will have in service when starts made in period `i` reach full
    /// output (`i + pace`): what is committed, less the retirements already scheduled by then,
    /// with the installed base aged and the baseline additions arrived.
    #[inline]
    pub(super) fn at_arrival(&self, k: usize, i: usize) -> f64 {
        let t = i
            .saturating_add(self.params[k].pace_periods)
            .min(self.n.saturating_sub(1));
        self.net_committed_hist[i * self.len + k] - self.state[k].retiring_soon_units
            + self.exogenous(k, t)
    }

    /// `x` units of segment `k` that enter service at period `e`, registered in period `now`:
    /// ramp, retirement, and the events.
    #[inline]
    pub(super) fn add_cohort(&mut self, k: usize, x: f64, e: usize, now: usize) {
        // Saturating: absurd durations push events past the horizon, never overflow.
        let p = self.params[k];
        let (r, life) = (p.ramp_periods, p.life_periods);
        let end = e.saturating_add(life);
        let (rows, rows2) = (self.n + 1, self.n + 2);
        if let Some(ev) = self.event(rows, e, k) {
            ev.entered += x;
            ev.nameplate += x;
        }
        if let Some(ev) = self.event(rows, end, k) {
            ev.nameplate -= x;
            ev.retired += x;
        }
        if end <= now.saturating_add(p.pace_periods) && end < rows {
            self.state[k].retiring_soon_units += x;
        }
        let step = x * p.inv_ramp_periods;
        let mut ramp = |at: usize, dx: f64| {
            if let Some(ev) = self.event(rows2, at, k) {
                ev.ramp2 += dx;
            }
        };
        ramp(e, step);
        if r < life {
            ramp(e.saturating_add(r), -step);
            ramp(end, -x);
            ramp(end.saturating_add(1), x);
        } else {
            // Retired before reaching full output: drop from life·x/r to 0.
            ramp(end, -(life as f64 + 1.0) * step);
            ramp(end.saturating_add(1), life as f64 * step);
        }
    }

    /// A plan start of `x` units of segment `k` costing `usd` in period `i`.
    #[inline]
    pub(super) fn start(&mut self, k: usize, x: f64, usd: f64, i: usize) {
        let p = self.params[k];
        let e = i.saturating_add(p.lead_periods);
        // Straight-line depreciation from entering service; full value while building.
        let served = self.n.saturating_sub(e) as f64;
        self.state[k].residual_usd += usd * (1.0 - served * p.inv_life_periods).clamp(0.0, 1.0);
        let rows = self.n + 1;
        if let Some(ev) = self.event(rows, i, k) {
            ev.building += x;
            ev.capital_building += usd;
        }
        if let Some(ev) = self.event(rows, e, k) {
            ev.building -= x;
            ev.capital_building -= usd;
        }
        self.add_cohort(k, x, e, i);
    }

    /// Applies period `i`'s events to every segment and writes what each has in service into
    /// its record of `out` (one per segment): entered, in service, effective, under
    /// construction and retired.
    pub(super) fn advance_all(&mut self, i: usize, out: &mut [SegmentPeriod]) {
        let len = self.len;
        let rows = self.n + 1;
        let (now, later) = self.events.split_at(((i + 1) * len).min(self.events.len()));
        let now = &now[i * len..];
        let row = (i + 1) * len..(i + 2) * len;
        let exogenous = &self.exogenous_units[row.clone()];
        let net_committed = &mut self.net_committed_hist[row];
        for (k, (((st, p), ev), out)) in self
            .state
            .iter_mut()
            .zip(&self.params)
            .zip(now)
            .zip(out.iter_mut())
            .enumerate()
        {
            st.nameplate_units += ev.nameplate;
            st.ramp_slope_units += ev.ramp2;
            st.ramped_units += st.ramp_slope_units;
            st.building_units += ev.building;
            st.capital_building_usd += ev.capital_building;
            let base = p.base(i);
            let base_retired = if i == 0 { 0.0 } else { p.base(i - 1) - base };
            let in_service = (base + st.nameplate_units).max(0.0);
            let building = st.building_units.max(0.0);
            if ev.entered != 0.0 {
                st.cum_entered_units += ev.entered;
                if p.learn_exp != 0.0 {
                    st.set_capex(wright(
                        p.capex0_usd,
                        p.learn_exp,
                        p.learn_base_units,
                        st.cum_entered_units,
                    ));
                }
            }
            st.in_service_prev_units = in_service;
            st.committed_prev_units = in_service + building;
            net_committed[k] = st.committed_prev_units - exogenous[k];
            // Slide the window of scheduled retirements to periods i + 1 ..= i + 1 + pace.
            st.retiring_soon_units -= ev.retired;
            let a = p.pace_periods.saturating_add(i + 1);
            if a < rows
                && let Some(ahead) = later.get((a - i - 1) * len + k)
            {
                st.retiring_soon_units += ahead.retired;
            }
            out.entered_units = ev.entered;
            out.in_service_units = in_service;
            out.effective_units = (base + st.ramped_units).clamp(0.0, in_service);
            out.under_construction_units = building;
            out.retired_units = ev.retired + base_retired;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interpolation, Point};

    fn points(values: &[f64]) -> Curve {
        Curve::Points {
            points: values
                .iter()
                .enumerate()
                .map(|(k, &value)| Point {
                    year: 2024.0 + k as f64,
                    value,
                })
                .collect(),
            interpolation: Interpolation::Step,
        }
    }

    /// A curve is sampled again only when it or the periods change.
    #[test]
    fn a_sampled_curve_is_resampled_only_when_it_changes() {
        let mut s = Sampled::default();
        assert_eq!(
            s.sample(&points(&[1.0, 2.0]), 2024.0, 0.5, 4),
            [1.0, 1.0, 2.0, 2.0]
        );
        assert_eq!(
            s.sample(&points(&[1.0, 2.0]), 2024.0, 0.5, 4),
            [1.0, 1.0, 2.0, 2.0]
        );
        assert_eq!(s.samplings, 1);
        // A driver moved a point.
        assert_eq!(
            s.sample(&points(&[1.0, 3.0]), 2024.0, 0.5, 4),
            [1.0, 1.0, 3.0, 3.0]
        );
        assert_eq!(s.samplings, 2);
        // Other periods, another kind of curve.
        assert_eq!(s.sample(&points(&[1.0, 3.0]), 2024.0, 1.0, 2), [1.0, 3.0]);
        assert_eq!(s.sample(&Curve::Constant(7.0), 2024.0, 1.0, 2), [7.0, 7.0]);
        assert_eq!(s.samplings, 4);
        // NaN never equals itself: such a curve is always sampled afresh.
        s.sample(&Curve::Constant(f64::NAN), 2024.0, 1.0, 2);
        s.sample(&Curve::Constant(f64::NAN), 2024.0, 1.0, 2);
        assert_eq!(s.samplings, 6);
    }
}
