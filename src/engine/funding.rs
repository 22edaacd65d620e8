//! One funding source's running state: its draws against its caps and, for debt, its loan
//! book (schedule, balance, arrears). The formulas are in [`super::finance`].

use super::finance::pmt;
use super::segment::{Sampled, bump, refill};
use crate::model::{FundingClass, FundingKind, FundingSource, Horizon};

/// One funding source's running state.
pub(super) struct SourceRun {
    pub(super) class: FundingClass,
    pub(super) is_debt: bool,
    pub(super) debt: DebtRun,
    pub(super) inflow_usd_per_year: Sampled,
    pub(super) cap_year_usd: f64,
    pub(super) cap_total_usd: f64,
    pub(super) drawn_year_usd: f64,
    pub(super) drawn_total_usd: f64,
}

impl Default for SourceRun {
    fn default() -> Self {
        Self {
            class: FundingClass::Grant,
            is_debt: false,
            debt: DebtRun::default(),
            inflow_usd_per_year: Sampled::default(),
            cap_year_usd: f64::INFINITY,
            cap_total_usd: f64::INFINITY,
            drawn_year_usd: 0.0,
            drawn_total_usd: 0.0,
        }
    }
}

impl SourceRun {
    /// Sets the source up for a run of `n` periods, reusing its allocations.
    pub(super) fn prepare(&mut self, f: &FundingSource, h: &Horizon, n: usize) {
        let dt = h.dt_years();
        self.class = f.kind.class();
        self.is_debt = false;
        if let FundingKind::Debt {
            rate,
            tenor_years,
            grace_years,
        } = f.kind
        {
            self.is_debt = true;
            let grace = h.periods_in(grace_years);
            let amort = h.periods_in(tenor_years).saturating_sub(grace).max(1);
            self.debt.prepare(rate * dt, grace, amort, n);
        }
        self.inflow_usd_per_year
            .sample(&f.inflow_usd_per_year, h.time(0), dt, n);
        self.cap_year_usd = f.cap_usd_per_year.unwrap_or(f64::INFINITY);
        self.cap_total_usd = f.cap_usd_total.unwrap_or(f64::INFINITY);
        self.drawn_year_usd = 0.0;
        self.drawn_total_usd = 0.0;
    }

    /// Draws period `i`'s inflow within the yearly and total caps.
    #[inline]
    pub(super) fn draw(&mut self, i: usize, dt: f64) -> f64 {
        let offered = (self.inflow_usd_per_year[i] * dt).max(0.0);
        let room = (self.cap_year_usd - self.drawn_year_usd)
            .min(self.cap_total_usd - self.drawn_total_usd);
        let d = offered.min(room.max(0.0));
        self.drawn_year_usd += d;
        self.drawn_total_usd += d;
        d
    }
}

/// Loan book of one debt source (see [`super::finance`]).
#[derive(Default)]
pub(super) struct DebtRun {
    pub(super) rate_per_period: f64,
    grace_periods: usize,
    amort_periods: usize,
    /// Level payment per unit drawn.
    factor: f64,
    /// First differences of scheduled service.
    schedule: Vec<f64>,
    pub(super) scheduled: f64,
    pub(super) balance: f64,
    pub(super) arrears: f64,
    /// Draws whose last scheduled payment falls in each period (negative counts), and the
    /// number of draws not yet repaid: when it reaches 0 the balance is exactly 0, whatever
    /// rounding the payments left behind.
    maturing: Vec<i64>,
    live_draws: i64,
}

impl DebtRun {
    fn prepare(&mut self, rate_per_period: f64, grace: usize, amort: usize, n: usize) {
        self.rate_per_period = rate_per_period;
        self.grace_periods = grace;
        self.amort_periods = amort;
        self.factor = pmt(rate_per_period, amort, 1.0);
        refill(&mut self.schedule, n + 1, 0.0);
        refill(&mut self.maturing, n, 0);
        self.scheduled = 0.0;
        self.balance = 0.0;
        self.arrears = 0.0;
        self.live_draws = 0;
    }

    /// Service due in period `i`: the scheduled payment plus arrears grown by a period's
    /// interest.
    #[inline]
    pub(super) fn due(&mut self, i: usize) -> f64 {
        self.scheduled += self.schedule[i];
        self.scheduled.max(0.0) + self.arrears * (1.0 + self.rate_per_period)
    }

    /// After `paid` of `due` in period `i`, with `drawn` drawn this period: interest, the
    /// principal repaid, arrears and the new balance. Returns (interest, principal + arrears).
    #[inline]
    pub(super) fn settle(&mut self, due: f64, paid: f64, drawn: f64, i: usize) -> (f64, f64) {
        let r = self.rate_per_period;
        let scheduled = self.scheduled.max(0.0);
        let int = r * self.balance;
        let principal = (scheduled - int).clamp(0.0, self.balance);
        let int_total = int + self.arrears * r;
        self.arrears = (due - paid).max(0.0);
        self.balance = (self.balance - principal).max(0.0);
        self.mature(i);
        self.balance += drawn;
        self.draw(drawn, i);
        (int_total, self.balance + self.arrears)
    }

    /// Registers the draw `d` of period `i`: its payments from `i + 1` and its maturity.
    fn draw(&mut self, d: f64, i: usize) {
        if d <= 0.0 {
            return;
        }
        let (r, a) = (self.rate_per_period, self.factor);
        let first = i + 1;
        let amortising = first.saturating_add(self.grace_periods);
        if self.grace_periods > 0 {
            bump(&mut self.schedule, first, d * r);
            bump(&mut self.schedule, amortising, d * (a - r));
        } else {
            bump(&mut self.schedule, first, d * a);
        }
        let end = amortising.saturating_add(self.amort_periods);
        bump(&mut self.schedule, end, -d * a);
        self.live_draws += 1;
        if let Some(m) = self.maturing.get_mut(end - 1) {
            *m -= 1;
        }
    }

    /// After period `i`'s payment: the loans that made their last payment are repaid in full.
    fn mature(&mut self, i: usize) {
        self.live_draws += self.maturing[i];
        if self.live_draws == 0 {
            self.balance = 0.0;
        }
    }
}
