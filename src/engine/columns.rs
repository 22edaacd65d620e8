//! The output series, one list: [`ColumnId`] names each by what it measures, in the order of
//! the CSV, and gives its name, unit and kind — and its values, from a stored [`Outcome`] or
//! from one period's [`PeriodView`], so that a sink that keeps only some series (Monte Carlo)
//! reads exactly what the outcome would hold.

use super::outcome::{Column, Outcome, Role};
use super::period::PeriodView;
use crate::model::FundingClass;

/// A series of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentColumn {
    Spend,
    Starts,
    UnderConstruction,
    Entering,
    InService,
    Effective,
    Retired,
    UnitCapex,
    Opex,
}

impl SegmentColumn {
    const ALL: [Self; 9] = [
        Self::Spend,
        Self::Starts,
        Self::UnderConstruction,
        Self::Entering,
        Self::InService,
        Self::Effective,
        Self::Retired,
        Self::UnitCapex,
        Self::Opex,
    ];
}

/// One output series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnId {
    FundingDrawn,
    SourceDrawn(usize),
    Revenue,
    Opex,
    OpexShortfall,
    Spend,
    Capped,
    Interest,
    InterestDuringConstruction,
    ServiceDue,
    ServicePaid,
    ServiceShortfall,
    DebtOutstanding,
    /// A debt source's principal plus arrears, interest and service paid.
    SourceOutstanding(usize),
    SourceInterest(usize),
    SourceServicePaid(usize),
    Treasury,
    Segment(usize, SegmentColumn),
    /// A chain link's capacity, in the order of [`super::ChainSeries::links`].
    Link(usize),
    Production,
    HostingRoom,
    Installed,
    Retired,
    Fleet,
    Stranded,
    IdleOutput,
    Compute,
    Demand,
    DemandShortfall,
}

/// Flows are per period (a year's value is their sum), stocks at the end of the period.
const FLOW: bool = true;
const STOCK: bool = false;

impl ColumnId {
    /// Whether the series is a flow.
    #[inline]
    pub fn flow(self) -> bool {
        use ColumnId as C;
        match self {
            C::ServiceShortfall
            | C::DebtOutstanding
            | C::SourceOutstanding(_)
            | C::Treasury
            | C::Link(_)
            | C::Production
            | C::HostingRoom
            | C::Fleet
            | C::Stranded
            | C::Compute
            | C::Demand
            | C::DemandShortfall => STOCK,
            C::Segment(_, g) => matches!(
                g,
                SegmentColumn::Spend
                    | SegmentColumn::Starts
                    | SegmentColumn::Entering
                    | SegmentColumn::Retired
                    | SegmentColumn::Opex
            ),
            _ => FLOW,
        }
    }

    /// The series' value in one period.
    #[inline]
    pub fn value(self, p: &PeriodView<'_>) -> f64 {
        use ColumnId as C;
        let (src, seg, c) = (p.sources, p.segments, &p.chain);
        match self {
            C::FundingDrawn => p.inflow_usd,
            C::SourceDrawn(k) => src[k].drawn_usd,
            C::Revenue => p.revenue_usd,
            C::Opex => p.opex_usd,
            C::OpexShortfall => p.opex_shortfall_usd,
            C::Spend => p.spend_usd,
            C::Capped => p.capped_usd,
            C::Interest => p.interest_usd,
            C::InterestDuringConstruction => p.interest_during_construction_usd,
            C::ServiceDue => p.debt_service_due_usd,
            C::ServicePaid => p.debt_service_paid_usd,
            C::ServiceShortfall => p.debt_service_shortfall_usd,
            C::DebtOutstanding => p.debt_outstanding_usd,
            C::SourceOutstanding(k) => src[k].outstanding_usd,
            C::SourceInterest(k) => src[k].interest_usd,
            C::SourceServicePaid(k) => src[k].service_paid_usd,
            C::Treasury => p.treasury_usd,
            C::Segment(k, g) => match g {
                SegmentColumn::Spend => seg[k].spend_usd,
                SegmentColumn::Starts => seg[k].starts_units,
                SegmentColumn::UnderConstruction => seg[k].under_construction_units,
                SegmentColumn::Entering => seg[k].entered_units,
                SegmentColumn::InService => seg[k].in_service_units,
                SegmentColumn::Effective => seg[k].effective_units,
                SegmentColumn::Retired => seg[k].retired_units,
                SegmentColumn::UnitCapex => seg[k].unit_capex_usd,
                SegmentColumn::Opex => seg[k].opex_usd,
            },
            C::Link(l) => c.link_capacity[l],
            C::Production => c.production_per_year,
            C::HostingRoom => c.hosting_room,
            C::Installed => c.installed,
            C::Retired => c.retired,
            C::Fleet => c.fleet,
            C::Stranded => c.stranded,
            C::IdleOutput => c.idle_output,
            C::Compute => c.compute,
            C::Demand => c.demand,
            C::DemandShortfall => c.demand_shortfall,
        }
    }
}

impl Outcome {
    /// Every series, in the CSV's order.
    pub fn column_ids(&self) -> Vec<ColumnId> {
        use ColumnId as C;
        let mut ids = vec![C::FundingDrawn];
        ids.extend((0..self.sources.len()).map(C::SourceDrawn));
        ids.extend([
            C::Revenue,
            C::Opex,
            C::OpexShortfall,
            C::Spend,
            C::Capped,
            C::Interest,
            C::InterestDuringConstruction,
            C::ServiceDue,
            C::ServicePaid,
            C::ServiceShortfall,
            C::DebtOutstanding,
        ]);
        for (k, s) in self.sources.iter().enumerate() {
            if s.kind == FundingClass::Debt {
                ids.extend([
                    C::SourceOutstanding(k),
                    C::SourceInterest(k),
                    C::SourceServicePaid(k),
                ]);
            }
        }
        ids.push(C::Treasury);
        for k in 0..self.segments.len() {
            ids.extend(SegmentColumn::ALL.iter().map(|&g| C::Segment(k, g)));
        }
        ids.extend((0..self.chain.links.len()).map(C::Link));
        ids.extend([
            C::Production,
            C::HostingRoom,
            C::Installed,
            C::Retired,
            C::Fleet,
            C::Stranded,
            C::IdleOutput,
            C::Compute,
            C::Demand,
            C::DemandShortfall,
        ]);
        ids
    }

    /// One series with its name and unit.
    pub fn column(&self, id: ColumnId) -> Column<'_> {
        use ColumnId as C;
        fn usd(name: String, values: &[f64]) -> (String, String, &[f64]) {
            (name, "USD".to_owned(), values)
        }
        let c = &self.chain;
        let perf = || c.performance_unit.clone();
        let (name, unit, values): (String, String, &[f64]) = match id {
            C::FundingDrawn => usd("funding drawn".into(), &self.inflow_usd),
            C::SourceDrawn(k) => {
                let s = &self.sources[k];
                usd(format!("{} drawn", s.name), &s.drawn_usd)
            }
            C::Revenue => usd("revenue".into(), &self.revenue_usd),
            C::Opex => usd("opex".into(), &self.opex_usd),
            C::OpexShortfall => usd("opex shortfall".into(), &self.opex_shortfall_usd),
            C::Spend => usd("capital spent".into(), &self.spend_usd),
            C::Capped => usd("capital held back by caps".into(), &self.capped_usd),
            C::Interest => usd("interest".into(), &self.interest_usd),
            C::InterestDuringConstruction => usd(
                "interest during construction".into(),
                &self.interest_during_construction_usd,
            ),
            C::ServiceDue => usd("debt service due".into(), &self.debt_service_due_usd),
            C::ServicePaid => usd("debt service paid".into(), &self.debt_service_paid_usd),
            C::ServiceShortfall => usd(
                "debt service shortfall".into(),
                &self.debt_service_shortfall_usd,
            ),
            C::DebtOutstanding => usd("debt outstanding".into(), &self.debt_outstanding_usd),
            C::SourceOutstanding(k) => {
                let s = &self.sources[k];
                usd(format!("{} outstanding", s.name), &s.outstanding_usd)
            }
            C::SourceInterest(k) => {
                let s = &self.sources[k];
                usd(format!("{} interest", s.name), &s.interest_usd)
            }
            C::SourceServicePaid(k) => {
                let s = &self.sources[k];
                usd(format!("{} service paid", s.name), &s.service_paid_usd)
            }
            C::Treasury => usd("treasury".into(), &self.treasury_usd),
            C::Segment(k, g) => {
                let s = &self.segments[k];
                let (what, values) = match g {
                    SegmentColumn::Spend => ("spend", &s.spend_usd),
                    SegmentColumn::Starts => ("starts", &s.starts_units),
                    SegmentColumn::UnderConstruction => {
                        ("under construction", &s.under_construction_units)
                    }
                    SegmentColumn::Entering => ("entering service", &s.entered_units),
                    SegmentColumn::InService => ("in service", &s.in_service_units),
                    SegmentColumn::Effective => ("effective capacity", &s.effective_units),
                    SegmentColumn::Retired => ("retired", &s.retired_units),
                    SegmentColumn::UnitCapex => ("unit capex", &s.unit_capex_usd),
                    SegmentColumn::Opex => ("opex", &s.opex_usd),
                };
                let unit = match g {
                    SegmentColumn::Spend | SegmentColumn::Opex => "USD".to_owned(),
                    SegmentColumn::UnitCapex => format!("USD per {}", s.unit),
                    _ => s.unit.clone(),
                };
                (format!("{} {what}", s.name), unit, values)
            }
            C::Link(l) => {
                let link = &c.links[l];
                let name = self
                    .segments
                    .get(link.segment)
                    .map_or("?", |s| s.name.as_str());
                match link.role {
                    Role::Production => (
                        format!("{name} production capacity"),
                        "accelerators/yr".into(),
                        &link.capacity,
                    ),
                    Role::Hosting => (
                        format!("{name} hosting room"),
                        "accelerators".into(),
                        &link.capacity,
                    ),
                }
            }
            C::Production => (
                "production".into(),
                "accelerators/yr".into(),
                &c.production_per_year,
            ),
            C::HostingRoom => (
                "hosting room".into(),
                "accelerators".into(),
                &c.hosting_room,
            ),
            C::Installed => (
                "accelerators installed".into(),
                "accelerators".into(),
                &c.installed,
            ),
            C::Retired => (
                "accelerators retired".into(),
                "accelerators".into(),
                &c.retired,
            ),
            C::Fleet => ("fleet".into(), "accelerators".into(), &c.fleet),
            C::Stranded => ("stranded fleet".into(), "accelerators".into(), &c.stranded),
            C::IdleOutput => ("idle output".into(), "accelerators".into(), &c.idle_output),
            C::Compute => ("delivered compute".into(), perf(), &c.compute),
            C::Demand => ("demand".into(), perf(), &c.demand),
            C::DemandShortfall => ("demand shortfall".into(), perf(), &c.demand_shortfall),
        };
        Column {
            name,
            unit,
            values,
            flow: id.flow(),
        }
    }
}
