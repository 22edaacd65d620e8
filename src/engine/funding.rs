//! One funding source's running state: its draws against its caps and, for debt, its loan
//! book (schedule, balance, arrears). The formulas are in [`super::finance`].

use super::outcome::SourceSeries;
use super::segment::bump;

/// One funding source's running state.
pub(super) struct SourceRun {
    pub(super) debt: Option<DebtRun>,
    /// 0 equity, 1 debt, 2 grant: the row of `kind_draws`.
    pub(super) kind_index: usize,
    pub(super) inflow: Vec<f64>,
    pub(super) cap_year: f64,
    pub(super) cap_total: f64,
    pub(super) drawn_year: f64,
    pub(super) drawn_total: f64,
    pub(super) out: SourceSeries,
}

/// Loan book of one debt source (see [`super::finance`]).
pub(super) struct DebtRun {
    pub(super) rate: f64,
    pub(super) grace: usize,
    pub(super) amort: usize,
    /// Level payment per unit drawn.
    pub(super) factor: f64,
    /// First differences of scheduled service.
    pub(super) schedule: Vec<f64>,
    pub(super) scheduled: f64,
    pub(super) balance: f64,
    pub(super) arrears: f64,
    /// Draws whose last scheduled payment falls in each period (negative counts), and the
    /// number of draws not yet repaid: when it reaches 0 the balance is exactly 0, whatever
    /// rounding the payments left behind.
    pub(super) maturing: Vec<i64>,
    pub(super) live_draws: i64,
}

impl DebtRun {
    /// Registers the draw `d` of period `i`: its payments from `i + 1` and its maturity.
    pub(super) fn draw(&mut self, d: f64, i: usize) {
        if d <= 0.0 {
            return;
        }
        let (r, a) = (self.rate, self.factor);
        let first = i + 1;
        let amortising = first.saturating_add(self.grace);
        if self.grace > 0 {
            bump(&mut self.schedule, first, d * r);
            bump(&mut self.schedule, amortising, d * (a - r));
        } else {
            bump(&mut self.schedule, first, d * a);
        }
        let end = amortising.saturating_add(self.amort);
        bump(&mut self.schedule, end, -d * a);
        self.live_draws += 1;
        if let Some(m) = self.maturing.get_mut(end - 1) {
            *m -= 1;
        }
    }

    /// After period `i`'s payment: the loans that made their last payment are repaid in full.
    pub(super) fn mature(&mut self, i: usize) {
        self.live_draws += self.maturing[i];
        if self.live_draws == 0 {
            self.balance = 0.0;
        }
    }
}
