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

use super::segment::{Sampled, refill};
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
    /// The schedule's curves, sampled (re-sampled only when one changes: a Monte Carlo
    /// worker holding a plan fixed samples it once).
    spend_curves: Vec<Sampled>,
    install_curve: Sampled,
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
        self.spend_curves
            .resize_with(plan.spend.len(), Sampled::default);
        for (x, sampled) in plan.spend.iter().zip(&mut self.spend_curves) {
            let Some(k) = segment(&x.segment) else {
                continue;
            };
            for (i, v) in sampled
                .sample(&x.usd_per_year, t0, dt, n)
                .iter()
                .enumerate()
            {
                self.spend_usd[i * self.nseg + k] += (v * dt).max(0.0);
            }
        }
        self.has_install = plan.installations_per_year.is_some();
        if let Some(c) = &plan.installations_per_year {
            let curve = self.install_curve.sample(c, t0, dt, n);
            self.install.clear();
            self.install.extend(curve.iter().map(|x| (x * dt).max(0.0)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Curve, Schedule, SegmentSpend, testing::tiny};

    /// A workspace reused on the same plan samples its curves once; an edit to one curve
    /// re-samples that curve alone, and the sampled plan is what the curves say.
    #[test]
    fn a_plan_is_sampled_again_only_where_it_changed() {
        let mut s = tiny();
        let spend = |name: &str, usd: f64| SegmentSpend {
            segment: name.into(),
            usd_per_year: Curve::steps(&[(2024.0, usd), (2028.0, 2.0 * usd)]),
        };
        s.allocation = Allocation::Schedule(Schedule {
            spend: vec![spend("Fabs", 4.0), spend("Power", 6.0)],
            installations_per_year: Some(Curve::Constant(3.0)),
        });
        let names = ["Fabs", "Power"];
        let segment = |n: &str| names.iter().position(|x| *x == n);
        let n = 10;
        let mut run = ScheduleRun::default();
        let counts = |r: &ScheduleRun| {
            let mut c: Vec<u64> = r.spend_curves.iter().map(Sampled::samplings).collect();
            c.push(r.install_curve.samplings());
            c
        };
        run.prepare(&s, n, &segment);
        run.prepare(&s, n, &segment);
        assert_eq!(counts(&run), [1, 1, 1]);
        if let Allocation::Schedule(plan) = &mut s.allocation {
            plan.spend[1].usd_per_year = Curve::Constant(5.0);
        }
        run.prepare(&s, n, &segment);
        assert_eq!(counts(&run), [1, 2, 1]);
        // Yearly periods: the spend per period is the curve's value.
        let mut offer = [0.0; 2];
        assert!(run.allocate(1, 1e9, &mut offer));
        assert_eq!(offer, [4.0, 5.0]);
        assert!(run.allocate(5, 1e9, &mut offer));
        assert_eq!(offer, [8.0, 5.0]);
        // Short of cash, pro rata.
        assert!(run.allocate(5, 6.5, &mut offer));
        assert_eq!(offer, [4.0, 2.5]);
        assert_eq!(run.install_limit(3), 3.0);
    }
}
