//! What the period loop hands a sink ([`super::sink`]) each period and at the end of a run:
//! views borrowed from the loop's state. Its own module so that the columns and the KPIs,
//! which read these views, and the sinks, which use the columns and the KPIs, import no
//! circle.

/// One period's values, borrowed from the loop's state. Per-segment and per-source records are
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
    /// Each source's values, in the scenario's order: one record per source, so that a rule
    /// or a sink reaches all of a source's numbers through one slice.
    pub sources: &'a [SourcePeriod],
    /// Each segment's values, in the scenario's order (one record per segment).
    pub segments: &'a [SegmentPeriod],
    pub chain: ChainRow<'a>,
}

/// One source's values in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SourcePeriod {
    pub drawn_usd: f64,
    pub interest_usd: f64,
    pub service_due_usd: f64,
    pub service_paid_usd: f64,
    pub outstanding_usd: f64,
}

/// One segment's values in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SegmentPeriod {
    pub opex_usd: f64,
    pub spend_usd: f64,
    pub starts_units: f64,
    pub unit_capex_usd: f64,
    pub capped_usd: f64,
    /// Whether the segment's supply-chain cap held starts back.
    pub held: bool,
    pub under_construction_units: f64,
    pub entered_units: f64,
    pub in_service_units: f64,
    pub effective_units: f64,
    pub retired_units: f64,
}

/// The chain in one period.
#[derive(Clone, Copy, Debug)]
pub struct ChainRow<'a> {
    /// Each link's capacity, production links first (as [`crate::engine::ChainSeries::links`]).
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
