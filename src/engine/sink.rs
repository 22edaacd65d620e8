//! Where a simulation's numbers go. The period loop ([`super::simulate_into`]) hands each
//! period's values to a [`Sink`] as a [`PeriodView`] and keeps none of them itself: the
//! [`OutcomeSink`] records every series into an [`Outcome`] (what [`super::simulate`]
//! returns, for plots, CSV and KPIs), while a sink for Monte Carlo keeps only the KPIs and the
//! series it is asked for. A sink reused across runs allocates nothing once warm.

use super::columns::ColumnId;
use super::kpis::KpiState;
use super::metrics::{KpiSource, kpi_numbers_of};
use super::outcome::{ChainSeries, Kpis, LinkSeries, Outcome, Role, SegmentSeries, SourceSeries};
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

fn reset(v: &mut Vec<f64>, n: usize) {
    v.clear();
    v.reserve(n);
}

impl Sink for OutcomeSink {
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
            reset(v, n);
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
                reset(v, n);
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
                reset(v, n);
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
            reset(&mut c.links[k].capacity, n);
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
            reset(v, n);
        }
        binding.clear();
        binding.reserve(n);
        self.kpis.begin(s, n);
    }

    fn period(&mut self, p: &PeriodView<'_>) {
        let o = &mut self.outcome;
        o.inflow_usd.push(p.inflow_usd);
        o.revenue_usd.push(p.revenue_usd);
        o.opex_usd.push(p.opex_usd);
        o.opex_shortfall_usd.push(p.opex_shortfall_usd);
        o.spend_usd.push(p.spend_usd);
        o.capped_usd.push(p.capped_usd);
        o.interest_usd.push(p.interest_usd);
        o.interest_during_construction_usd
            .push(p.interest_during_construction_usd);
        o.debt_service_due_usd.push(p.debt_service_due_usd);
        o.debt_service_paid_usd.push(p.debt_service_paid_usd);
        o.debt_service_shortfall_usd
            .push(p.debt_service_shortfall_usd);
        o.debt_outstanding_usd.push(p.debt_outstanding_usd);
        o.treasury_usd.push(p.treasury_usd);
        for (out, src) in o.sources.iter_mut().zip(p.sources) {
            out.drawn_usd.push(src.drawn_usd);
            out.interest_usd.push(src.interest_usd);
            out.service_due_usd.push(src.service_due_usd);
            out.service_paid_usd.push(src.service_paid_usd);
            out.outstanding_usd.push(src.outstanding_usd);
        }
        for (out, seg) in o.segments.iter_mut().zip(p.segments) {
            out.opex_usd.push(seg.opex_usd);
            out.capped_usd.push(seg.capped_usd);
            out.spend_usd.push(seg.spend_usd);
            out.starts_units.push(seg.starts_units);
            out.unit_capex_usd.push(seg.unit_capex_usd);
            out.entered_units.push(seg.entered_units);
            out.in_service_units.push(seg.in_service_units);
            out.effective_units.push(seg.effective_units);
            out.under_construction_units
                .push(seg.under_construction_units);
            out.retired_units.push(seg.retired_units);
        }
        let (c, row) = (&mut o.chain, &p.chain);
        for (l, x) in c.links.iter_mut().zip(row.link_capacity) {
            l.capacity.push(*x);
        }
        c.production_per_year.push(row.production_per_year);
        c.hosting_room.push(row.hosting_room);
        c.installed.push(row.installed);
        c.retired.push(row.retired);
        c.fleet.push(row.fleet);
        c.stranded.push(row.stranded);
        c.idle_output.push(row.idle_output);
        c.compute.push(row.compute);
        c.binding.push(row.binding);
        c.demand.push(row.demand);
        c.demand_shortfall.push(row.demand_shortfall);
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
