//! How the engine applies an explicit plan ([`Allocation::Schedule`]), the policy the optimal
//! plan is written as. The period loop calls two hooks, one in rule 5 and one in rule 7:
//!
//! - **Spend** (rule 5): segment `s` is offered its scheduled `usd_per_year(t) · Δt`. Opex and
//!   debt service have been paid first (rules 3–4), so the budget is the cash left; a schedule
//!   that asks for more than the budget is scaled down pro rata (the treasury never goes
//!   negative). Each segment's spend is then capped by its supply-chain limit as under every
//!   policy, and what is not spent stays in the treasury.
//! - **Installation** (rule 7): with `installations_per_year`, the period installs
//!   `min(P·Δt, max(0, H − F′), installations(t)·Δt)` — installation is a decision carried by
//!   the schedule, never above what production makes and the room allows. Without it, all that
//!   fits is installed, as under the other policies.
//!
//! The optimal plan ([`crate::engine::optimal`]) keeps the fleet within the room in every
//! period and pays opex and service in full, so applied here it reproduces the programme's
//! objective; a hand-edited schedule may strand accelerators or fall short of cash, and the
//! outcome reports it as for any allocation.

use super::segment::refill;
use crate::model::{Allocation, Scenario};

/// A schedule sampled per period; inactive for the other policies.
#[derive(Default)]
pub(super) struct ScheduleRun {
    active: bool,
    nseg: usize,
    /// Scheduled spend per period, USD, `[period · segments + k]`.
    spend_usd: Vec<f64>,
    /// Most accelerators installed per period, when the schedule says (`has_install`).
    install: Vec<f64>,
    has_install: bool,
    curve: Vec<f64>,
}

impl ScheduleRun {
    /// Samples the schedule of `s` (if it has one) for `n` periods; `segment` finds a
    /// segment's index by name.
    pub(super) fn prepare(
        &mut self,
        s: &Scenario,
        n: usize,
        segment: &dyn Fn(&str) -> Option<usize>,
    ) {
        let Allocation::Schedule(plan) = &s.allocation else {
            self.active = false;
            self.has_install = false;
            return;
        };
        let h = s.horizon;
        let (t0, dt) = (h.time(0), h.dt_years());
        self.active = true;
        self.nseg = s.segments.len();
        refill(&mut self.spend_usd, n * self.nseg, 0.0);
        for x in &plan.spend {
            let Some(k) = segment(&x.segment) else {
                continue;
            };
            x.usd_per_year.sample_into(t0, dt, n, &mut self.curve);
            for (i, v) in self.curve.iter().enumerate() {
                self.spend_usd[i * self.nseg + k] += (v * dt).max(0.0);
            }
        }
        self.has_install = plan.installations_per_year.is_some();
        if let Some(c) = &plan.installations_per_year {
            c.sample_into(t0, dt, n, &mut self.install);
            self.install
                .iter_mut()
                .for_each(|x| *x = (*x * dt).max(0.0));
        }
    }

    /// Rule 5 under a schedule: writes each segment's offer for period `i` into `alloc_usd`
    /// and returns `true`; returns `false` (and writes nothing) for the other policies.
    pub(super) fn allocate(&self, i: usize, budget: f64, alloc_usd: &mut [f64]) -> bool {
        if !self.active {
            return false;
        }
        let row = &self.spend_usd[i * self.nseg..(i + 1) * self.nseg];
        let total: f64 = row.iter().sum();
        let scale = if total > budget.max(0.0) {
            budget.max(0.0) / total
        } else {
            1.0
        };
        for (a, x) in alloc_usd.iter_mut().zip(row) {
            *a = x * scale;
        }
        true
    }

    /// Rule 7 under a schedule: the most accelerators period `i` may install (∞ when the
    /// schedule does not say, or for the other policies).
    pub(super) fn install_limit(&self, i: usize) -> f64 {
        if self.active && self.has_install {
            self.install.get(i).copied().unwrap_or(0.0)
        } else {
            f64::INFINITY
        }
    }
}
