//! What a simulation returns: every series per period, and the KPIs.
//!
//! Flows (`*_usd` spend, draws, payments; starts; retirements) are per period. Stocks (treasury,
//! debt outstanding, capacity, fleet) are at the end of the period. [`Outcome::columns`] lists
//! every series with its unit, for CSV export and plots.

use crate::model::{DrawMeasure, FundingClass, Horizon, Period};

/// The result of [`crate::engine::simulate`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub horizon: Option<Horizon>,
    /// Start of each period in fractional years.
    pub time: Vec<f64>,
    /// Funding drawn from all sources.
    pub inflow_usd: Vec<f64>,
    pub revenue_usd: Vec<f64>,
    /// Operating cost due.
    pub opex_usd: Vec<f64>,
    /// Operating cost the treasury could not pay.
    pub opex_shortfall_usd: Vec<f64>,
    /// Capital spent on all segments.
    pub spend_usd: Vec<f64>,
    /// Capital allocated but not spent because of supply-chain caps (stays in the treasury).
    pub capped_usd: Vec<f64>,
    pub interest_usd: Vec<f64>,
    /// Interest attributable to capital still under construction.
    pub interest_during_construction_usd: Vec<f64>,
    pub debt_service_due_usd: Vec<f64>,
    pub debt_service_paid_usd: Vec<f64>,
    /// Service due and unpaid at the end of the period: arrears, carried with interest.
    pub debt_service_shortfall_usd: Vec<f64>,
    /// Principal outstanding plus arrears, end of period.
    pub debt_outstanding_usd: Vec<f64>,
    /// Cash at the end of the period.
    pub treasury_usd: Vec<f64>,
    pub sources: Vec<SourceSeries>,
    pub segments: Vec<SegmentSeries>,
    pub chain: ChainSeries,
    pub benchmarks: Vec<BenchmarkSeries>,
    pub kpis: Kpis,
}

/// Per funding source.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSeries {
    pub name: String,
    pub kind: FundingClass,
    pub drawn_usd: Vec<f64>,
    pub interest_usd: Vec<f64>,
    pub service_due_usd: Vec<f64>,
    pub service_paid_usd: Vec<f64>,
    /// Principal plus arrears, end of period.
    pub outstanding_usd: Vec<f64>,
}

/// Per segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentSeries {
    pub name: String,
    pub unit: String,
    pub spend_usd: Vec<f64>,
    /// Units started by the plan.
    pub starts_units: Vec<f64>,
    /// Unit capital cost this period (after learning).
    pub unit_capex_usd: Vec<f64>,
    pub under_construction_units: Vec<f64>,
    /// Units entering service this period (plan and baseline additions).
    pub entered_units: Vec<f64>,
    /// Nameplate capacity in service.
    pub in_service_units: Vec<f64>,
    /// Capacity in service weighted by each cohort's ramp.
    pub effective_units: Vec<f64>,
    pub retired_units: Vec<f64>,
    pub opex_usd: Vec<f64>,
    /// Money allocated to the segment but not spent because of its supply-chain cap.
    pub capped_usd: Vec<f64>,
}

/// Whether a chain link makes or houses accelerators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Production,
    Hosting,
}

/// A chain segment's capacity in accelerator terms.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSeries {
    pub segment: usize,
    pub role: Role,
    /// Production: accelerators per year. Hosting: accelerators it can house.
    pub capacity: Vec<f64>,
}

/// The chain from segments to delivered compute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChainSeries {
    pub links: Vec<LinkSeries>,
    /// P: accelerators per year the production links can make (min over them).
    pub production_per_year: Vec<f64>,
    /// H: accelerators the hosting links can house (min over them; infinite with none).
    pub hosting_room: Vec<f64>,
    pub installed: Vec<f64>,
    pub retired: Vec<f64>,
    /// Accelerators in the fleet, end of period.
    pub fleet: Vec<f64>,
    /// Fleet beyond the hosting room, not counted toward compute.
    pub stranded: Vec<f64>,
    /// Production not installed for lack of room.
    pub idle_output: Vec<f64>,
    /// Delivered compute, in the chain's performance unit.
    pub compute: Vec<f64>,
    /// Index of the segment that binds the chain in each period.
    pub binding: Vec<Option<usize>>,
    pub demand: Vec<f64>,
    /// Demand not met (0 when no demand is given).
    pub demand_shortfall: Vec<f64>,
    pub performance_unit: String,
}

/// One benchmark's check, year by year.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchmarkSeries {
    pub name: String,
    pub measure: DrawMeasure,
    pub limit_share: f64,
    /// Calendar years of the horizon.
    pub years: Vec<i32>,
    /// The plan's measured flow in each year.
    pub draw_usd: Vec<f64>,
    /// The benchmark's value at the start of each year.
    pub benchmark_usd: Vec<f64>,
    /// `draw / benchmark`.
    pub share: Vec<f64>,
}

/// Headline figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kpis {
    /// All funding drawn over the horizon.
    pub committed_usd: f64,
    pub spent_usd: f64,
    pub revenue_usd: f64,
    pub opex_usd: f64,
    pub interest_usd: f64,
    pub interest_during_construction_usd: f64,
    /// Book value at the end of the horizon of the capital the plan spent (straight-line over
    /// each cohort's life from entering service; full value while under construction).
    pub residual_value_usd: f64,
    /// Operating cost left unpaid over the horizon.
    pub opex_shortfall_usd: f64,
    /// Debt service due and unpaid at the end of the horizon.
    pub debt_arrears_end_usd: f64,
    pub debt_outstanding_end_usd: f64,
    pub treasury_end_usd: f64,
    pub fleet_end: f64,
    pub compute_end: f64,
    /// Plan capital per unit started, per segment (`None` where nothing was started).
    pub capital_per_unit_usd: Vec<Option<f64>>,
    pub capacity_at: Vec<CapacityAt>,
    pub npv_usd: Option<f64>,
    pub irr: Option<f64>,
    pub benchmarks: Vec<BenchmarkKpi>,
    /// Per segment: first year it binds the chain.
    pub first_binding_year: Vec<Option<i32>>,
    /// Per segment: first year its supply-chain cap held starts back.
    pub first_capped_year: Vec<Option<i32>>,
    pub first_demand_shortfall_year: Option<i32>,
    pub first_debt_shortfall_year: Option<i32>,
    pub first_opex_shortfall_year: Option<i32>,
}

/// Capacity at the end of a chosen year.
#[derive(Clone, Debug, PartialEq)]
pub struct CapacityAt {
    pub year: i32,
    /// Effective capacity per segment, in its unit.
    pub segments: Vec<f64>,
    pub fleet: f64,
    pub compute: f64,
}

/// A benchmark's headline.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchmarkKpi {
    pub name: String,
    pub peak_share: f64,
    pub peak_year: Option<i32>,
    pub limit_share: f64,
    /// Years in which the draw exceeded the limit.
    pub breach_years: Vec<i32>,
}

/// One output series with its name and unit.
#[derive(Clone, Debug)]
pub struct Column<'a> {
    pub name: String,
    pub unit: String,
    pub values: &'a [f64],
    /// A flow (per period: sums over a year) rather than a stock (end of period).
    pub flow: bool,
}

impl Column<'_> {
    /// `name [unit]`, the CSV header.
    pub fn header(&self) -> String {
        format!("{} [{}]", self.name, self.unit)
    }
}

impl Outcome {
    /// The first number of the outcome that is not finite — a series value or a KPI — named,
    /// e.g. `delivered compute in period 29`. Only absurd inputs (a price of 1e300 dollars, a
    /// loan at 1e10 %/yr) make numbers outgrow f64 (about 1.8e308); the window then reports
    /// the scenario as invalid instead of showing infinities.
    pub fn first_non_finite(&self) -> Option<String> {
        for c in self.columns() {
            if let Some(i) = c.values.iter().position(|x| !x.is_finite()) {
                return Some(format!("{} in period {}", c.name, i + 1));
            }
        }
        super::metrics::kpi_values(self)
            .into_iter()
            // A missing IRR is listed as NaN.
            .filter(|k| !(k.key == "irr" && self.kpis.irr.is_none()))
            .find(|k| !k.value.is_finite())
            .map(|k| k.label)
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Name of the binding segment in period `i`, or `""`.
    pub fn binding_name(&self, i: usize) -> &str {
        self.chain
            .binding
            .get(i)
            .copied()
            .flatten()
            .and_then(|s| self.segments.get(s))
            .map_or("", |s| s.name.as_str())
    }

    /// Every per-period numeric series, one column each, named and with units.
    pub fn columns(&self) -> Vec<Column<'_>> {
        self.column_ids()
            .into_iter()
            .map(|id| self.column(id))
            .collect()
    }

    /// Index of the last period of calendar year `year`, if it is in the horizon.
    pub fn year_end_index(&self, year: i32) -> Option<usize> {
        let h = self.horizon?;
        let k = usize::try_from(i64::from(year) - i64::from(h.start_year)).ok()?;
        let i = (k + 1) * h.periods_per_year() - 1;
        (i < self.len()).then_some(i)
    }

    /// Period labels: `2026-03`, `2026-Q2` or `2026`.
    pub fn period_labels(&self) -> Vec<String> {
        match self.horizon {
            Some(h) => (0..self.len()).map(|i| h.period_label(i)).collect(),
            None => Vec::new(),
        }
    }

    /// The period length of the horizon.
    pub fn period(&self) -> Period {
        self.horizon.map(|h| h.period).unwrap_or_default()
    }
}
