//! The KPIs and the benchmarks, accumulated period by period as a run goes, so that a sink
//! that keeps no series (Monte Carlo) computes exactly the KPIs an [`Outcome`] holds.
//!
//! [`Outcome`]: super::Outcome

use super::finance::{irr, npv};
use super::outcome::{BenchmarkKpi, BenchmarkSeries, CapacityAt, Kpis};
use super::period::{PeriodView, RunEnd};
use super::segment::{put, refill};
use crate::model::{DrawMeasure, FundingClass, Scenario};

/// What the KPIs need of the periods so far. Reused across runs without allocating.
#[derive(Default)]
pub(super) struct KpiState {
    committed_usd: f64,
    spent_usd: f64,
    revenue_usd: f64,
    opex_usd: f64,
    interest_usd: f64,
    idc_usd: f64,
    opex_shortfall_usd: f64,
    last_arrears_usd: f64,
    last_outstanding_usd: f64,
    last_treasury_usd: f64,
    last_fleet: f64,
    last_compute: f64,
    seg_spend_usd: Vec<f64>,
    seg_starts_units: Vec<f64>,
    /// Effective capacity per segment in the last period.
    pub(super) capacity_end_units: Vec<f64>,
    /// Capacity at the KPI years that are in the horizon, and the period each is read at.
    capacity_at: Vec<CapacityAt>,
    capacity_period: Vec<usize>,
    /// Per period, whether some KPI year reads its capacity.
    reads_capacity: Vec<bool>,
    /// `revenue − opex − spend` per period.
    cash_flows_usd: Vec<f64>,
    first_binding: Vec<Option<usize>>,
    first_capped: Vec<Option<usize>>,
    demand_shortfall: Vec<f64>,
    debt_shortfall_usd: Vec<f64>,
    opex_shortfall_series_usd: Vec<f64>,
    /// Each calendar year's flow of each [`DrawMeasure`] (`[measure][year]`), and the
    /// benchmarks' values at the start of each year (`[benchmark][year]`).
    yearly_usd: [Vec<f64>; 5],
    benchmark_usd: Vec<f64>,
    years: Vec<i32>,
    ppy: usize,
}

fn measure_index(m: DrawMeasure) -> usize {
    match m {
        DrawMeasure::Funding => 0,
        DrawMeasure::Equity => 1,
        DrawMeasure::Debt => 2,
        DrawMeasure::Grant => 3,
        DrawMeasure::Spend => 4,
    }
}

impl KpiState {
    /// Starts a run of `n` periods of `s`.
    pub(super) fn begin(&mut self, s: &Scenario, n: usize) {
        let h = s.horizon;
        let nseg = s.segments.len();
        self.ppy = h.periods_per_year();
        let n_years = n / self.ppy;
        self.committed_usd = 0.0;
        self.spent_usd = 0.0;
        self.revenue_usd = 0.0;
        self.opex_usd = 0.0;
        self.interest_usd = 0.0;
        self.idc_usd = 0.0;
        self.opex_shortfall_usd = 0.0;
        self.last_arrears_usd = 0.0;
        self.last_outstanding_usd = 0.0;
        self.last_treasury_usd = 0.0;
        self.last_fleet = 0.0;
        self.last_compute = 0.0;
        refill(&mut self.seg_spend_usd, nseg, 0.0);
        refill(&mut self.seg_starts_units, nseg, 0.0);
        refill(&mut self.capacity_end_units, nseg, 0.0);
        refill(&mut self.first_binding, nseg, None);
        refill(&mut self.first_capped, nseg, None);
        for v in [
            &mut self.cash_flows_usd,
            &mut self.demand_shortfall,
            &mut self.debt_shortfall_usd,
            &mut self.opex_shortfall_series_usd,
        ] {
            // Room for the residual value that `finish_into` appends to the cash flows.
            v.clear();
            v.reserve(n + 1);
            v.resize(n, 0.0);
        }
        for v in &mut self.yearly_usd {
            refill(v, n_years, 0.0);
        }
        self.years.clear();
        self.years
            .extend((0..n_years).map(|k| h.year_of(k * self.ppy)));
        self.benchmark_usd.clear();
        for b in &s.benchmarks {
            self.benchmark_usd.extend(
                self.years
                    .iter()
                    .map(|&y| b.value_usd.value_at(f64::from(y))),
            );
        }
        self.capacity_period.clear();
        let mut used = 0;
        for year in s.report_years() {
            let Some(k) = usize::try_from(i64::from(year) - i64::from(h.start_year)).ok() else {
                continue;
            };
            let i = (k + 1) * self.ppy - 1;
            if i >= n {
                continue;
            }
            if used == self.capacity_at.len() {
                self.capacity_at.push(CapacityAt {
                    year,
                    segments: Vec::new(),
                    fleet: 0.0,
                    compute: 0.0,
                });
            }
            let c = &mut self.capacity_at[used];
            c.year = year;
            refill(&mut c.segments, nseg, 0.0);
            self.capacity_period.push(i);
            used += 1;
        }
        self.capacity_at.truncate(used);
        refill(&mut self.reads_capacity, n, false);
        for &i in &self.capacity_period {
            if let Some(x) = self.reads_capacity.get_mut(i) {
                *x = true;
            }
        }
    }

    /// Takes in one period.
    pub(super) fn period(&mut self, p: &PeriodView<'_>) {
        let i = p.period;
        self.committed_usd += p.inflow_usd;
        self.spent_usd += p.spend_usd;
        self.revenue_usd += p.revenue_usd;
        self.opex_usd += p.opex_usd;
        self.interest_usd += p.interest_usd;
        self.idc_usd += p.interest_during_construction_usd;
        self.opex_shortfall_usd += p.opex_shortfall_usd;
        self.last_arrears_usd = p.debt_service_shortfall_usd;
        self.last_outstanding_usd = p.debt_outstanding_usd;
        self.last_treasury_usd = p.treasury_usd;
        self.last_fleet = p.chain.fleet;
        self.last_compute = p.chain.compute;
        let seg = p.segments;
        for (k, g) in seg.iter().enumerate() {
            self.seg_spend_usd[k] += g.spend_usd;
            self.seg_starts_units[k] += g.starts_units;
            self.capacity_end_units[k] = g.effective_units;
            if g.held && self.first_capped[k].is_none() {
                self.first_capped[k] = Some(i);
            }
        }
        if let Some(k) = p.chain.binding
            && let Some(first) = self.first_binding.get_mut(k)
            && first.is_none()
        {
            *first = Some(i);
        }
        // Most periods are read by no KPI year: one flag, not a scan of the years.
        if self.reads_capacity.get(i).copied().unwrap_or(false) {
            self.read_capacity(p);
        }
        put(
            &mut self.cash_flows_usd,
            i,
            p.revenue_usd - p.opex_usd - p.spend_usd,
        );
        put(&mut self.demand_shortfall, i, p.chain.demand_shortfall);
        put(
            &mut self.debt_shortfall_usd,
            i,
            p.debt_service_shortfall_usd,
        );
        put(&mut self.opex_shortfall_series_usd, i, p.opex_shortfall_usd);
        let y = i / self.ppy;
        if y < self.years.len() {
            let by_class = |c: FundingClass| p.drawn_by_class_usd[c.index()];
            for (m, x) in [
                (DrawMeasure::Funding, p.inflow_usd),
                (DrawMeasure::Equity, by_class(FundingClass::Equity)),
                (DrawMeasure::Debt, by_class(FundingClass::Debt)),
                (DrawMeasure::Grant, by_class(FundingClass::Grant)),
                (DrawMeasure::Spend, p.spend_usd),
            ] {
                self.yearly_usd[measure_index(m)][y] += x;
            }
        }
    }

    /// The capacity, fleet and compute of period `p` at every KPI year read at it.
    fn read_capacity(&mut self, p: &PeriodView<'_>) {
        let i = p.period;
        for (c, _) in self
            .capacity_at
            .iter_mut()
            .zip(&self.capacity_period)
            .filter(|(_, at)| **at == i)
        {
            for (to, g) in c.segments.iter_mut().zip(p.segments) {
                *to = g.effective_units;
            }
            c.fleet = p.chain.fleet;
            c.compute = p.chain.compute;
        }
    }

    /// Benchmark `b`'s share in year index `y`: the year's draw over the benchmark.
    fn share(&self, s: &Scenario, b: usize, y: usize) -> f64 {
        let d = self.yearly_usd[measure_index(s.benchmarks[b].measure)][y];
        let v = self.benchmark_usd[b * self.years.len() + y];
        if v > 0.0 { d / v } else { 0.0 }
    }

    /// The benchmarks year by year, written into `out` (reusing its vectors).
    pub(super) fn benchmarks_into(&self, s: &Scenario, out: &mut Vec<BenchmarkSeries>) {
        let ny = self.years.len();
        out.truncate(s.benchmarks.len());
        for (b, bm) in s.benchmarks.iter().enumerate() {
            if b == out.len() {
                out.push(BenchmarkSeries {
                    name: String::new(),
                    measure: bm.measure,
                    limit_share: 0.0,
                    years: Vec::new(),
                    draw_usd: Vec::new(),
                    benchmark_usd: Vec::new(),
                    share: Vec::new(),
                });
            }
            let o = &mut out[b];
            o.name.clone_from(&bm.name);
            o.measure = bm.measure;
            o.limit_share = bm.limit_share;
            o.years.clone_from(&self.years);
            o.draw_usd
                .clone_from(&self.yearly_usd[measure_index(bm.measure)]);
            o.benchmark_usd.clear();
            o.benchmark_usd
                .extend_from_slice(&self.benchmark_usd[b * ny..(b + 1) * ny]);
            o.share.clear();
            o.share.extend((0..ny).map(|y| self.share(s, b, y)));
        }
    }

    /// The KPIs of the run, written into `k` (reusing its vectors).
    pub(super) fn finish_into(&mut self, s: &Scenario, end: &RunEnd, k: &mut Kpis) {
        let h = s.horizon;
        let year = |i: Option<usize>| i.map(|i| h.year_of(i));
        let first_positive = |v: &[f64]| {
            let threshold = 1e-9 * (1.0 + v.iter().fold(0.0f64, |m, y| m.max(y.abs())));
            year(v.iter().position(|&x| x > threshold))
        };
        // Project cash flows, and the plan's capital still on its books as a last inflow one
        // period after the horizon.
        self.cash_flows_usd.push(end.residual_usd);
        let (npv_usd, irr_v) = match &s.revenue {
            Some(r) => (
                Some(npv(r.discount_rate, h.dt_years(), &self.cash_flows_usd)),
                irr(h.dt_years(), &self.cash_flows_usd),
            ),
            None => (None, None),
        };
        k.committed_usd = self.committed_usd;
        k.spent_usd = self.spent_usd;
        k.revenue_usd = self.revenue_usd;
        k.opex_usd = self.opex_usd;
        k.interest_usd = self.interest_usd;
        k.interest_during_construction_usd = self.idc_usd;
        k.residual_value_usd = end.residual_usd;
        k.opex_shortfall_usd = self.opex_shortfall_usd;
        k.debt_arrears_end_usd = self.last_arrears_usd;
        k.debt_outstanding_end_usd = self.last_outstanding_usd;
        k.treasury_end_usd = self.last_treasury_usd;
        k.fleet_end = self.last_fleet;
        k.compute_end = self.last_compute;
        k.capital_per_unit_usd.clear();
        k.capital_per_unit_usd.extend(
            self.seg_spend_usd
                .iter()
                .zip(&self.seg_starts_units)
                .map(|(usd, units)| (*units > 0.0).then(|| usd / units)),
        );
        k.capacity_at.truncate(self.capacity_at.len());
        for (j, c) in self.capacity_at.iter().enumerate() {
            if j == k.capacity_at.len() {
                k.capacity_at.push(CapacityAt {
                    year: c.year,
                    segments: Vec::new(),
                    fleet: 0.0,
                    compute: 0.0,
                });
            }
            let out = &mut k.capacity_at[j];
            out.year = c.year;
            out.segments.clear();
            out.segments.extend_from_slice(&c.segments);
            out.fleet = c.fleet;
            out.compute = c.compute;
        }
        k.npv_usd = npv_usd;
        k.irr = irr_v;
        k.benchmarks.truncate(s.benchmarks.len());
        for (b, bm) in s.benchmarks.iter().enumerate() {
            let ny = self.years.len();
            let peak = (0..ny).map(|y| self.share(s, b, y)).enumerate().fold(
                None,
                |best: Option<(usize, f64)>, (y, x)| match best {
                    Some((_, v)) if v >= x => best,
                    _ => Some((y, x)),
                },
            );
            if b == k.benchmarks.len() {
                k.benchmarks.push(BenchmarkKpi {
                    name: String::new(),
                    peak_share: 0.0,
                    peak_year: None,
                    limit_share: 0.0,
                    breach_years: Vec::new(),
                });
            }
            let out = &mut k.benchmarks[b];
            out.name.clone_from(&bm.name);
            out.peak_share = peak.map_or(0.0, |(_, v)| v);
            out.peak_year = peak.map(|(y, _)| self.years[y]);
            out.limit_share = bm.limit_share;
            out.breach_years.clear();
            out.breach_years.extend(
                (0..ny)
                    .filter(|&y| self.share(s, b, y) > bm.limit_share)
                    .map(|y| self.years[y]),
            );
        }
        k.first_binding_year.clear();
        k.first_binding_year
            .extend(self.first_binding.iter().map(|&i| year(i)));
        k.first_capped_year.clear();
        k.first_capped_year
            .extend(self.first_capped.iter().map(|&i| year(i)));
        k.first_demand_shortfall_year = s
            .demand_compute
            .as_ref()
            .and_then(|_| first_positive(&self.demand_shortfall));
        k.first_debt_shortfall_year = first_positive(&self.debt_shortfall_usd);
        k.first_opex_shortfall_year = first_positive(&self.opex_shortfall_series_usd);
    }
}
