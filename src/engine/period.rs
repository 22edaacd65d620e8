//! What the period loop hands a sink ([`super::sink`]) each period and at the end of a run:
//! views borrowed from the loop's state. Its own module so that the columns and the KPIs,
//! which read these views, and the sinks, which use the columns and the KPIs, import no
//! circle.

/// One period's values, borrowed from the loop's state. Per-segment and per-source slices are
/// indexed as the scenario's lists.
#[derive(Clone, Copy, Debug)]
pub struct PeriodView<'a> {
    pub period: usize,
    pub inflow_usd: f64,
    /// Drawn this period by each kind of source, indexed by [`crate::model::FundingClass::index`].
    pub drawn_by_class_usd: [f64; 3],
    pub revenue_usd: f64,
    pub opex_usd: f64,
    pub opex_shortfall_usd: f64,
    pub spend_usd: f64,
    pub capped_usd: f64,
    pub interest_usd: f64,
    pub interest_during_construction_usd: f64,
    pub debt_service_due_usd: f64,
    pub debt_service_paid_usd: f64,
    pub debt_service_shortfall_usd: f64,
    pub debt_outstanding_usd: f64,
    pub treasury_usd: f64,
    pub sources: SourceRow<'a>,
    pub segments: SegmentRow<'a>,
    pub chain: ChainRow<'a>,
}

/// Every source's values in one period.
#[derive(Clone, Copy, Debug)]
pub struct SourceRow<'a> {
    pub drawn_usd: &'a [f64],
    pub interest_usd: &'a [f64],
    pub service_due_usd: &'a [f64],
    pub service_paid_usd: &'a [f64],
    pub outstanding_usd: &'a [f64],
}

/// Every segment's values in one period.
#[derive(Clone, Copy, Debug)]
pub struct SegmentRow<'a> {
    pub opex_usd: &'a [f64],
    pub spend_usd: &'a [f64],
    pub starts_units: &'a [f64],
    pub unit_capex_usd: &'a [f64],
    pub capped_usd: &'a [f64],
    /// Whether the segment's supply-chain cap held starts back.
    pub held: &'a [bool],
    pub under_construction_units: &'a [f64],
    pub entered_units: &'a [f64],
    pub in_service_units: &'a [f64],
    pub effective_units: &'a [f64],
    pub retired_units: &'a [f64],
}

/// The chain in one period.
#[derive(Clone, Copy, Debug)]
pub struct ChainRow<'a> {
    /// Each link's capacity, production links first (as [`ChainSeries::links`]).
    pub link_capacity: &'a [f64],
    pub production_per_year: f64,
    /// The hosting room (0, not ∞, without hosting links).
    pub hosting_room: f64,
    pub installed: f64,
    pub retired: f64,
    pub fleet: f64,
    pub stranded: f64,
    pub idle_output: f64,
    pub compute: f64,
    pub binding: Option<usize>,
    pub demand: f64,
    pub demand_shortfall: f64,
}

/// What the loop knows once it has run every period.
#[derive(Clone, Copy, Debug)]
pub struct RunEnd {
    /// Book value of the plan's capital at the end of the horizon.
    pub residual_usd: f64,
}
