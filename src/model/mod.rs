//! The scenario model: what a planner writes down, with no behaviour beyond small helpers.
//!
//! A [`Scenario`] describes one system — a build-out programme or a whole industry — over a
//! horizon of periods: where the money comes from ([`FundingSource`]), what it buys
//! ([`Segment`]), how it is split ([`Allocation`]), how segments become delivered AI compute
//! ([`Chain`]), what the compute is worth ([`Revenue`]), what it is measured against
//! ([`Benchmark`], demand) and which numbers are uncertain ([`Driver`]).
//!
//! Everything here is plain data (serde) and pure functions. Money is in US dollars, time in
//! years, capacity in each segment's own unit. Field names carry their unit.
//! What the numbers *mean* when simulated is written in [`crate::engine`].

mod curve;
mod edit;
mod follow;
mod help;
mod labels;
mod limits;
mod params;
mod sources;
mod template;
#[cfg(test)]
pub(crate) mod testing;
mod uncertainty;
mod units;
mod validate;

pub use curve::{Curve, CurveField, Interpolation, Point};
pub use edit::{CurveKind, RenameError, SegmentRefs, move_down, move_up, unique_name};
pub use follow::{follow_edits, outside_fixed_bounds, set_number};
pub use help::field_help;
pub use labels::{capitalised, matches_words, param_label, param_name, unit_label};
pub use limits::{
    MAX_HORIZON_YEARS, MAX_LIST_LEN, MAX_PACING_STEPS, MAX_SIMULATION_CELLS, TooLarge,
    pacing_steps, simulated_periods, simulation_cells, too_large,
};
pub use params::{
    Param, ParamValue, SetError, Slot, for_each_number, for_each_param, param_mut, param_unit_text,
    param_value, params, set_param, set_slot, slot,
};
pub use sources::{SOURCES_MD, SourceRow, citations, cited, source_rows};
pub use uncertainty::{Distribution, Driver};
pub use units::{parse_number, parse_stored};
pub use validate::{Issue, validate};

use serde::{Deserialize, Serialize};

/// The file format version this build writes. Older files are migrated on load (see
/// `crate::io::migrate`, which lists what changed in each version).
pub const FILE_VERSION: u32 = 5;

/// A complete scenario, as stored in a `.ron` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// File format version ([`FILE_VERSION`]).
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub horizon: Horizon,
    /// Cash in the treasury at the start of the horizon.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub initial_treasury_usd: f64,
    pub funding: Vec<FundingSource>,
    pub segments: Vec<Segment>,
    pub allocation: Allocation,
    /// What the optimal plan maximises, what the gap of any allocation to it is measured in,
    /// and the unit of the marginal values.
    #[serde(default, skip_serializing_if = "Objective::is_default")]
    pub objective: Objective,
    pub chain: Chain,
    /// Demand for delivered compute, in the chain's performance unit (total, not per year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_compute: Option<Curve>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<Revenue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benchmarks: Vec<Benchmark>,
    /// Calendar years at whose end capacity KPIs are reported (the last year if empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpi_years: Vec<i32>,
    /// Uncertain inputs, for Monte Carlo and sensitivity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertainty: Vec<Driver>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// The simulated time span: whole calendar years `start_year..=end_year`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    pub start_year: i32,
    /// Last simulated year (inclusive).
    pub end_year: i32,
    #[serde(default)]
    pub period: Period,
}

impl Horizon {
    pub fn periods_per_year(&self) -> usize {
        self.period.per_year()
    }

    /// Length of one period in years.
    pub fn dt_years(&self) -> f64 {
        1.0 / self.period.per_year() as f64
    }

    /// Number of simulated years (0 when the horizon is empty or reversed).
    pub fn years(&self) -> usize {
        usize::try_from(i64::from(self.end_year) - i64::from(self.start_year) + 1).unwrap_or(0)
    }

    /// Number of periods simulated.
    pub fn len(&self) -> usize {
        self.years() * self.periods_per_year()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Start time of period `i`, in fractional years.
    pub fn time(&self, i: usize) -> f64 {
        f64::from(self.start_year) + i as f64 * self.dt_years()
    }

    /// `2026-03` for monthly, `2026-Q2` for quarterly, `2026` for yearly periods.
    pub fn period_label(&self, i: usize) -> String {
        let per = self.periods_per_year();
        let year = i64::from(self.start_year) + (i / per) as i64;
        match self.period {
            Period::Month => format!("{year}-{:02}", i % per + 1),
            Period::Quarter => format!("{year}-Q{}", i % per + 1),
            Period::Year => format!("{year}"),
        }
    }

    /// Calendar year of period `i`.
    pub fn year_of(&self, i: usize) -> i32 {
        let y = i64::from(self.start_year) + (i / self.periods_per_year()) as i64;
        i32::try_from(y).unwrap_or(i32::MAX)
    }

    /// A duration in years as a whole number of periods, rounded to nearest (halves up).
    pub fn periods_in(&self, years: f64) -> usize {
        let p = (years * self.periods_per_year() as f64).round();
        if p.is_finite() && p > 0.0 {
            p as usize
        } else {
            0
        }
    }
}

/// Length of a simulation period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    #[default]
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Self; 3] = [Self::Month, Self::Quarter, Self::Year];

    pub fn per_year(self) -> usize {
        match self {
            Self::Month => 12,
            Self::Quarter => 4,
            Self::Year => 1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Month => "Month",
            Self::Quarter => "Quarter",
            Self::Year => "Year",
        }
    }
}

/// Where money comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    pub name: String,
    pub kind: FundingKind,
    /// Money offered per year; the plan draws all of it (within the caps).
    pub inflow_usd_per_year: Curve,
    /// Most that can be drawn in one calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_usd_per_year: Option<f64>,
    /// Most that can be drawn over the whole horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_usd_total: Option<f64>,
    /// Where the figures come from; kept when the window saves (file comments are not).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The terms of a funding source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FundingKind {
    /// Owners' money; `required_return` (per year) is reported, not paid.
    Equity { required_return: f64 },
    /// A loan per draw: interest only for `grace_years`, then level (annuity) payments so that
    /// the loan is repaid `tenor_years` after the draw.
    Debt {
        /// Nominal interest rate per year.
        rate: f64,
        /// Total life of each draw, grace included.
        tenor_years: f64,
        grace_years: f64,
    },
    /// Grants and subsidies: no cost, no repayment.
    Grant,
}

impl FundingKind {
    pub fn name(&self) -> &'static str {
        self.class().name()
    }

    /// The kind without its terms.
    pub fn class(&self) -> FundingClass {
        match self {
            Self::Equity { .. } => FundingClass::Equity,
            Self::Debt { .. } => FundingClass::Debt,
            Self::Grant => FundingClass::Grant,
        }
    }
}

/// What kind of money a source is, without its terms: what benchmarks measure, plots group
/// and the editor offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FundingClass {
    Equity,
    Debt,
    Grant,
}

impl FundingClass {
    pub const ALL: [Self; 3] = [Self::Equity, Self::Debt, Self::Grant];

    pub fn name(self) -> &'static str {
        match self {
            Self::Equity => "Equity",
            Self::Debt => "Debt",
            Self::Grant => "Grant",
        }
    }

    /// Its place in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One link of the build-out: fabs, power, data centres …
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub name: String,
    pub kind: SegmentKind,
    /// The capacity unit, e.g. `"wafers/month"`, `"GW"`, `"MW IT"`.
    pub unit: String,
    /// Capacity in service at the start of the horizon (ages uniformly, retires over one lifetime).
    #[serde(default)]
    pub installed_base_units: f64,
    /// Capital cost of one unit of capacity, before learning.
    pub capex_usd_per_unit: f64,
    /// Wright's law: each doubling of cumulative installed capacity multiplies unit capex by
    /// `1 − learning_rate`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub learning_rate: f64,
    /// Cumulative capacity at which `capex_usd_per_unit` holds (default: the installed base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_base_units: Option<f64>,
    /// From spending to entering service.
    pub lead_time_years: f64,
    /// From entering service to full output (linear).
    #[serde(default)]
    pub ramp_years: f64,
    /// In service for this long, then retired.
    pub lifetime_years: f64,
    /// Operating cost of one unit in service for one year.
    #[serde(default)]
    pub opex_usd_per_unit_year: f64,
    /// Supply-chain limit on new starts funded by the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_starts_units_per_year: Option<Curve>,
    /// Capacity added outside the plan (not paid by it), entering service as it comes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_additions_units_per_year: Option<Curve>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// What a segment is; `Custom` carries its own label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SegmentKind {
    Fab,
    Packaging,
    Memory,
    Power,
    DataCentre,
    Grid,
    Custom(String),
}

impl SegmentKind {
    pub const BUILT_IN: [Self; 6] = [
        Self::Fab,
        Self::Packaging,
        Self::Memory,
        Self::Power,
        Self::DataCentre,
        Self::Grid,
    ];

    pub fn label(&self) -> &str {
        match self {
            Self::Fab => "Fab",
            Self::Packaging => "Packaging",
            Self::Memory => "Memory",
            Self::Power => "Power",
            Self::DataCentre => "Data centre",
            Self::Grid => "Grid",
            Self::Custom(s) => s,
        }
    }
}

/// How each period's capital spend is split across segments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Allocation {
    /// A share curve per segment; shares must sum to 1 at every period.
    Shares(Vec<Share>),
    /// `fixed` shares go to the named segments; the rest goes to the chain segments, lowest
    /// committed capacity (in accelerator equivalents) first, so that the chain stays balanced,
    /// each paced to the links that take longer to build.
    Balanced {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fixed: Vec<Share>,
    },
    /// The plan that maximises the scenario's [`Objective`] under the engine's rules, solved as
    /// a linear programme by [`crate::engine::optimal`]; `fixed` shares are shares of each
    /// period's total spend. `simulate` never solves: an optimal scenario is optimised, and
    /// the [`Schedule`] that comes out is simulated. Simulated as it stands (unsolved), it
    /// follows the `Balanced` rule, the seed of the optimisation.
    Optimal {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fixed: Vec<Share>,
        /// The planner's own limits on the plan, per segment (see [`SpendLimit`]).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        limits: Vec<SpendLimit>,
    },
    /// An explicit plan (see [`Schedule`]).
    Schedule(Schedule),
}

/// The kinds of [`Allocation`], for pickers and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Shares,
    Balanced,
    Optimal,
    Schedule,
}

impl Policy {
    pub const ALL: [Self; 4] = [Self::Shares, Self::Balanced, Self::Optimal, Self::Schedule];

    /// The name written in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Shares => "Shares",
            Self::Balanced => "Balanced",
            Self::Optimal => "Optimal",
            Self::Schedule => "Schedule",
        }
    }
}

impl Allocation {
    pub fn policy(&self) -> Policy {
        match self {
            Self::Shares(_) => Policy::Shares,
            Self::Balanced { .. } => Policy::Balanced,
            Self::Optimal { .. } => Policy::Optimal,
            Self::Schedule(_) => Policy::Schedule,
        }
    }
}

/// What a plan is judged by: the quantity the optimal plan maximises (or, for unmet demand,
/// minimises), computed from a simulated outcome by [`crate::engine::optimal::objective_value`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Objective {
    /// Delivered compute summed over the horizon: `Σ compute · Δt`, in the performance unit
    /// times years (PFLOP/s·years).
    #[default]
    CumulativeCompute,
    /// Delivered compute in the last period.
    ComputeAtEnd,
    /// The summed demand shortfall `Σ max(0, demand − compute) · Δt`, minimised (needs a
    /// demand curve).
    UnmetDemand,
    /// NPV of `revenue − opex − spend` (and the residual value) at the revenue's discount
    /// rate, in USD (needs revenue).
    Npv,
}

impl Objective {
    pub const ALL: [Self; 4] = [
        Self::CumulativeCompute,
        Self::ComputeAtEnd,
        Self::UnmetDemand,
        Self::Npv,
    ];

    fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Human name, for the window and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            Self::CumulativeCompute => "cumulative delivered compute",
            Self::ComputeAtEnd => "delivered compute at the end",
            Self::UnmetDemand => "unmet demand",
            Self::Npv => "NPV",
        }
    }

    /// The name written in files and accepted by `--objective`.
    pub fn key(self) -> &'static str {
        match self {
            Self::CumulativeCompute => "CumulativeCompute",
            Self::ComputeAtEnd => "ComputeAtEnd",
            Self::UnmetDemand => "UnmetDemand",
            Self::Npv => "Npv",
        }
    }

    /// Whether more is better (all but unmet demand).
    pub fn maximised(self) -> bool {
        self != Self::UnmetDemand
    }
}

/// An explicit plan: what each segment spends over time and, optionally, how many accelerators
/// are installed. The optimal plan is written as one ([`crate::engine::optimal`]); the engine
/// applies it under the rules of [`crate::engine`] (rule 5: a scheduled spend is capped by the
/// supply-chain cap and by the cash left after opex and debt service; rule 7: installation is
/// capped by production and room).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Spend per segment; a segment not listed spends nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spend: Vec<SegmentSpend>,
    /// Accelerators installed per year. Without it, everything production and room allow is
    /// installed, as under the other policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installations_per_year: Option<Curve>,
}

/// A planner's own limits on one segment's spend under `Optimal`: linear constraints of the
/// programme, each with its marginal value ([`crate::engine::optimal::LinkKind`]). Spend is the
/// capital spent per year, as in a [`Schedule`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendLimit {
    pub segment: String,
    /// At least this much is spent per year (USD per year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_usd_per_year: Option<Curve>,
    /// At most this much is spent per year (USD per year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_usd_per_year: Option<Curve>,
    /// Spend already committed: exactly this, before a year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<Commitment>,
    /// Yearly spend rises or falls by at most this much per year (USD per year, per year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_change_usd_per_year: Option<f64>,
}

impl SpendLimit {
    /// A limit on `segment` that limits nothing yet.
    pub fn new(segment: &str) -> Self {
        Self {
            segment: segment.to_owned(),
            min_usd_per_year: None,
            max_usd_per_year: None,
            committed: None,
            max_change_usd_per_year: None,
        }
    }
}

/// Spend a plan must keep: periods already committed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Periods that start before this year (fractions allowed: 2026.5 is mid-2026) spend
    /// exactly `usd_per_year`.
    pub until_year: f64,
    pub usd_per_year: Curve,
}

/// What one segment spends under a [`Schedule`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentSpend {
    pub segment: String,
    /// Capital spent per year (spend in a period is this × the period's length).
    pub usd_per_year: Curve,
}

/// A segment's share of spend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub segment: String,
    /// Fraction of the period's spend, 0–1.
    pub share: Curve,
}

/// How segments turn into delivered AI compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// Segments that make accelerators; production is the minimum over them.
    pub production: Vec<ProductionLink>,
    /// Segments that house the installed fleet; room is the minimum over them.
    pub hosting: Vec<HostingLink>,
    /// Accelerators leave the fleet this long after installation.
    pub accelerator_lifetime_years: f64,
    /// Fleet in service at the start (ages uniformly, retires over one lifetime).
    #[serde(default)]
    pub installed_fleet_accelerators: f64,
    /// Performance of one accelerator installed at a given time, e.g. dense BF16 PFLOP/s.
    pub performance_per_accelerator: Curve,
    /// Unit of [`Chain::performance_per_accelerator`] and of compute, e.g. `"PFLOP/s"`.
    pub performance_unit: String,
}

/// A production segment and what one unit of its capacity makes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductionLink {
    pub segment: String,
    /// Accelerators made per year by one capacity unit at full output.
    pub accelerators_per_unit_year: f64,
}

/// A hosting segment and how much of it one installed accelerator needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostingLink {
    pub segment: String,
    /// Capacity units one accelerator occupies (e.g. GW per accelerator, PUE included).
    pub units_per_accelerator: f64,
}

/// What the delivered fleet earns, for cash flows, NPV and IRR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revenue {
    pub price_usd_per_accelerator_year: Curve,
    /// Fraction of the hosted fleet that is sold, 0–1, over time (a plain number in version 1
    /// files).
    pub utilisation: Curve,
    /// Per year, for NPV.
    pub discount_rate: f64,
}

/// A macro limit the plan's yearly draws are checked against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub name: String,
    /// The benchmark's size (a yearly flow such as chip sales, or a stock such as fund assets).
    pub value_usd: Curve,
    /// Which of the plan's flows is compared.
    pub measure: DrawMeasure,
    /// The plan is flagged in a year whose draw exceeds this share of the benchmark.
    pub limit_share: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A yearly flow of the plan, for benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrawMeasure {
    /// All funding drawn.
    Funding,
    Equity,
    Debt,
    Grant,
    /// Capital spent on segments.
    Spend,
}

impl DrawMeasure {
    pub const ALL: [Self; 5] = [
        Self::Funding,
        Self::Equity,
        Self::Debt,
        Self::Grant,
        Self::Spend,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Funding => "all funding drawn",
            Self::Equity => "equity drawn",
            Self::Debt => "debt drawn",
            Self::Grant => "grants drawn",
            Self::Spend => "capital spent",
        }
    }
}

impl Scenario {
    /// Index of the segment called `name`.
    pub fn segment_index(&self, name: &str) -> Option<usize> {
        self.segments.iter().position(|s| s.name == name)
    }

    /// Years at whose end capacity KPIs are reported.
    pub fn report_years(&self) -> impl Iterator<Item = i32> + '_ {
        let end = self.kpi_years.is_empty().then_some(self.horizon.end_year);
        self.kpi_years.iter().copied().chain(end)
    }
}
