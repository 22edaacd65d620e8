//! Where a simulation's numbers go. The period loop ([`super::simulate_into`]) hands each
//! period's values to a [`Sink`] as a [`PeriodView`] and keeps none of them itself: the
//! [`OutcomeSink`] records every series into an [`Outcome`] (what [`super::simulate`]
//! returns, for plots, CSV and KPIs), while a sink for Monte Carlo keeps only the KPIs and the
//! series it is asked for. A sink reused across runs allocates nothing once warm.

use super::columns::ColumnId;
use super::kpis::KpiState;
use super::metrics::{KpiSource, kpi_numbers_of};
use super::outcome::{ChainSeries, Kpis, LinkSeries, Outcome, Role, SegmentSeries, SourceSeries};
use super::segment::{put, refill};
use crate::model::{FundingClass, Scenario};

pub use super::period::{ChainRow, PeriodView, RunEnd, SegmentPeriod, SourcePeriod};

/// Receives a run's periods.
pub trait Sink {
    /// Before the first period: the scenario and the number of periods that will follow (0
    /// when the scenario is too large to simulate), with the chain's links as
    /// `(segment, role)`, production links first.
    fn begin(&mut self, s: &Scenario, periods: usize, links: &[(usize, Role)]);
    /// Each period, in order.
    fn period(&mut self, p: &PeriodView<'_>);
    /// After the last period.
    fn end(&mut self, s: &Scenario, end: &RunEnd);
    /// Instead of all the above, for a scenario too large to simulate.
    fn not_simulated(&mut self, s: &Scenario);
}

/// Records every series and the KPIs into an [`Outcome`], reusing its vectors run after run.
#[derive(Default)]
pub struct OutcomeSink {
    outcome: Outcome,
    kpis: KpiState,
}

impl OutcomeSink {
    /// The outcome of the last run.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    pub fn into_outcome(self) -> Outcome {
        self.outcome
    }
}

impl Sink for OutcomeSink {
    /// Every series is sized to the run's `n` periods here, in zeros; each period then writes
    /// its slot ([`put`]).
    fn begin(&mut self, s: &Scenario, n: usize, links: &[(usize, Role)]) {
        let o = &mut self.outcome;
        let h = s.horizon;
        o.horizon = Some(h);
        o.time.clear();
        o.time.extend((0..n).map(|i| h.time(i)));
        for v in [
            &mut o.inflow_usd,
            &mut o.revenue_usd,
            &mut o.opex_usd,
            &mut o.opex_shortfall_usd,
            &mut o.spend_usd,
            &mut o.capped_usd,
            &mut o.interest_usd,
            &mut o.interest_during_construction_usd,
            &mut o.debt_service_due_usd,
            &mut o.debt_service_paid_usd,
            &mut o.debt_service_shortfall_usd,
            &mut o.debt_outstanding_usd,
            &mut o.treasury_usd,
        ] {
            refill(v, n, 0.0);
        }
        o.sources.truncate(s.funding.len());
        for (k, f) in s.funding.iter().enumerate() {
            if k == o.sources.len() {
                o.sources.push(SourceSeries {
                    name: String::new(),
                    kind: FundingClass::Grant,
                    drawn_usd: Vec::new(),
                    interest_usd: Vec::new(),
                    service_due_usd: Vec::new(),
                    service_paid_usd: Vec::new(),
                    outstanding_usd: Vec::new(),
                });
            }
            let out = &mut o.sources[k];
            out.name.clone_from(&f.name);
            out.kind = f.kind.class();
            for v in [
                &mut out.drawn_usd,
                &mut out.interest_usd,
                &mut out.service_due_usd,
                &mut out.service_paid_usd,
                &mut out.outstanding_usd,
            ] {
                refill(v, n, 0.0);
            }
        }
        o.segments.truncate(s.segments.len());
        o.segments
            .resize_with(s.segments.len(), SegmentSeries::default);
        for (out, g) in o.segments.iter_mut().zip(&s.segments) {
            out.name.clone_from(&g.name);
            out.unit.clone_from(&g.unit);
            for v in [
                &mut out.spend_usd,
                &mut out.starts_units,
                &mut out.unit_capex_usd,
                &mut out.under_construction_units,
                &mut out.entered_units,
                &mut out.in_service_units,
                &mut out.effective_units,
                &mut out.retired_units,
                &mut out.opex_usd,
                &mut out.capped_usd,
            ] {
                refill(v, n, 0.0);
            }
        }
        let c = &mut o.chain;
        c.links.truncate(links.len());
        for (k, &(segment, role)) in links.iter().enumerate() {
            if k == c.links.len() {
                c.links.push(LinkSeries {
                    segment,
                    role,
                    capacity: Vec::new(),
                });
            }
            c.links[k].segment = segment;
            c.links[k].role = role;
            refill(&mut c.links[k].capacity, n, 0.0);
        }
        c.performance_unit.clone_from(&s.chain.performance_unit);
        let ChainSeries {
            production_per_year,
            hosting_room,
            installed,
            retired,
            fleet,
            stranded,
            idle_output,
            compute,
            binding,
            demand,
            demand_shortfall,
            ..
        } = c;
        for v in [
            production_per_year,
            hosting_room,
            installed,
            retired,
            fleet,
            stranded,
            idle_output,
            compute,
            demand,
            demand_shortfall,
        ] {
            refill(v, n, 0.0);
        }
        binding.clear();
        binding.resize(n, None);
        self.kpis.begin(s, n);
    }

    fn period(&mut self, p: &PeriodView<'_>) {
        let (o, i) = (&mut self.outcome, p.period);
        put(&mut o.inflow_usd, i, p.inflow_usd);
        put(&mut o.revenue_usd, i, p.revenue_usd);
        put(&mut o.opex_usd, i, p.opex_usd);
        put(&mut o.opex_shortfall_usd, i, p.opex_shortfall_usd);
        put(&mut o.spend_usd, i, p.spend_usd);
        put(&mut o.capped_usd, i, p.capped_usd);
        put(&mut o.interest_usd, i, p.interest_usd);
        put(
            &mut o.interest_during_construction_usd,
            i,
            p.interest_during_construction_usd,
        );
        put(&mut o.debt_service_due_usd, i, p.debt_service_due_usd);
        put(&mut o.debt_service_paid_usd, i, p.debt_service_paid_usd);
        put(
            &mut o.debt_service_shortfall_usd,
            i,
            p.debt_service_shortfall_usd,
        );
        put(&mut o.debt_outstanding_usd, i, p.debt_outstanding_usd);
        put(&mut o.treasury_usd, i, p.treasury_usd);
        for (out, src) in o.sources.iter_mut().zip(p.sources) {
            put(&mut out.drawn_usd, i, src.drawn_usd);
            put(&mut out.interest_usd, i, src.interest_usd);
            put(&mut out.service_due_usd, i, src.service_due_usd);
            put(&mut out.service_paid_usd, i, src.service_paid_usd);
            put(&mut out.outstanding_usd, i, src.outstanding_usd);
        }
        for (out, seg) in o.segments.iter_mut().zip(p.segments) {
            put(&mut out.opex_usd, i, seg.opex_usd);
            put(&mut out.capped_usd, i, seg.capped_usd);
            put(&mut out.spend_usd, i, seg.spend_usd);
            put(&mut out.starts_units, i, seg.starts_units);
            put(&mut out.unit_capex_usd, i, seg.unit_capex_usd);
            put(&mut out.entered_units, i, seg.entered_units);
            put(&mut out.in_service_units, i, seg.in_service_units);
            put(&mut out.effective_units, i, seg.effective_units);
            put(
                &mut out.under_construction_units,
                i,
                seg.under_construction_units,
            );
            put(&mut out.retired_units, i, seg.retired_units);
        }
        let (c, row) = (&mut o.chain, &p.chain);
        for (l, x) in c.links.iter_mut().zip(row.link_capacity) {
            put(&mut l.capacity, i, *x);
        }
        put(&mut c.production_per_year, i, row.production_per_year);
        put(&mut c.hosting_room, i, row.hosting_room);
        put(&mut c.installed, i, row.installed);
        put(&mut c.retired, i, row.retired);
        put(&mut c.fleet, i, row.fleet);
        put(&mut c.stranded, i, row.stranded);
        put(&mut c.idle_output, i, row.idle_output);
        put(&mut c.compute, i, row.compute);
        if let Some(b) = c.binding.get_mut(i) {
            *b = row.binding;
        }
        put(&mut c.demand, i, row.demand);
        put(&mut c.demand_shortfall, i, row.demand_shortfall);
        self.kpis.period(p);
    }

    fn not_simulated(&mut self, s: &Scenario) {
        self.outcome = Outcome {
            horizon: Some(s.horizon),
            ..Outcome::default()
        };
    }

    fn end(&mut self, s: &Scenario, end: &RunEnd) {
        let o = &mut self.outcome;
        self.kpis.benchmarks_into(s, &mut o.benchmarks);
        self.kpis.finish_into(s, end, &mut o.kpis);
    }
}

/// Keeps the KPIs of a run and the yearly values of some series (a stock's end-of-year value,
/// a flow's sum over the year) — what Monte Carlo keeps of a sample, with no other series.
#[derive(Default)]
pub struct KpiSink {
    state: KpiState,
    kpis: Kpis,
    columns: Vec<ColumnId>,
    years: usize,
    ppy: usize,
    /// `[series][year]` of the last run.
    yearly: Vec<f64>,
}

impl KpiSink {
    /// A sink that keeps the series `columns` (ids of [`Outcome::column_ids`] of the same
    /// scenario's shape) besides the KPIs.
    pub fn new(columns: Vec<ColumnId>) -> Self {
        Self {
            columns,
            ..Self::default()
        }
    }

    /// The KPIs of the last run.
    pub fn kpis(&self) -> &Kpis {
        &self.kpis
    }

    /// The kept series' yearly values of the last run, `[series][year]`.
    pub fn yearly(&self) -> &[f64] {
        &self.yearly
    }

    /// The last run's KPI values in the order of [`super::metrics::kpi_values`], written into
    /// `out` (as many as fit); `s` is the scenario run.
    pub fn kpi_numbers(&self, s: &Scenario, out: &mut [f64]) {
        kpi_numbers_of(&SinkKpis { sink: self, s }, out);
    }
}

impl Sink for KpiSink {
    fn begin(&mut self, s: &Scenario, periods: usize, _links: &[(usize, Role)]) {
        self.ppy = s.horizon.periods_per_year();
        self.years = periods / self.ppy;
        self.state.begin(s, periods);
        self.yearly.clear();
        self.yearly.resize(self.columns.len() * self.years, 0.0);
    }

    fn period(&mut self, p: &PeriodView<'_>) {
        self.state.period(p);
        let (y, last) = (p.period / self.ppy, (p.period + 1).is_multiple_of(self.ppy));
        if y >= self.years {
            return;
        }
        for (c, id) in self.columns.iter().enumerate() {
            let slot = &mut self.yearly[c * self.years + y];
            if id.flow() {
                *slot += id.value(p);
            } else if last {
                *slot = id.value(p);
            }
        }
    }

    fn end(&mut self, s: &Scenario, end: &RunEnd) {
        self.state.finish_into(s, end, &mut self.kpis);
    }

    fn not_simulated(&mut self, s: &Scenario) {
        self.begin(s, 0, &[]);
        self.end(s, &RunEnd { residual_usd: 0.0 });
    }
}

/// A [`KpiSink`]'s KPIs, named from the scenario it ran.
struct SinkKpis<'a> {
    sink: &'a KpiSink,
    s: &'a Scenario,
}

impl KpiSource for SinkKpis<'_> {
    fn kpis(&self) -> &Kpis {
        &self.sink.kpis
    }
    fn segments(&self) -> usize {
        self.s.segments.len()
    }
    fn segment(&self, k: usize) -> (&str, &str) {
        let g = &self.s.segments[k];
        (&g.name, &g.unit)
    }
    fn capacity_end(&self, k: usize) -> f64 {
        self.sink.state.capacity_end_units[k]
    }
    fn performance_unit(&self) -> &str {
        &self.s.chain.performance_unit
    }
}
