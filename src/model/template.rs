//! The starting point of File ▸ New: a small, valid scenario with one of each part.

use super::{
    Allocation, Chain, Curve, FILE_VERSION, FundingKind, FundingSource, Horizon, HostingLink,
    Objective, Period, ProductionLink, Scenario, Segment, SegmentKind,
};

impl Segment {
    /// A segment with the given identity and costs, no installed base, no learning, no caps.
    pub fn new(name: &str, kind: SegmentKind, unit: &str, capex_usd_per_unit: f64) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            unit: unit.to_owned(),
            installed_base_units: 0.0,
            capex_usd_per_unit,
            learning_rate: 0.0,
            learning_base_units: None,
            lead_time_years: 1.0,
            ramp_years: 0.0,
            lifetime_years: 20.0,
            opex_usd_per_unit_year: 0.0,
            max_starts_units_per_year: None,
            baseline_additions_units_per_year: None,
            notes: String::new(),
        }
    }
}

impl FundingSource {
    pub fn new(name: &str, kind: FundingKind, inflow_usd_per_year: Curve) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            inflow_usd_per_year,
            cap_usd_per_year: None,
            cap_usd_total: None,
            notes: String::new(),
        }
    }
}

impl Scenario {
    /// A new scenario: $100B/yr of equity for five years into fabs, power and data centres.
    pub fn template() -> Self {
        let mut fab = Segment::new("Fabs", SegmentKind::Fab, "wafers/month", 400_000.0);
        fab.lead_time_years = 3.0;
        fab.ramp_years = 1.0;
        let mut power = Segment::new("Power", SegmentKind::Power, "MW", 2_400_000.0);
        power.lead_time_years = 4.0;
        power.lifetime_years = 30.0;
        let mut dc = Segment::new(
            "Data centres",
            SegmentKind::DataCentre,
            "MW IT",
            11_700_000.0,
        );
        dc.lead_time_years = 2.0;
        Self {
            version: FILE_VERSION,
            name: "New scenario".to_owned(),
            description: String::new(),
            horizon: Horizon {
                start_year: 2025,
                end_year: 2035,
                period: Period::Month,
            },
            initial_treasury_usd: 0.0,
            funding: vec![FundingSource::new(
                "Equity",
                FundingKind::Equity {
                    required_return: 0.1,
                },
                Curve::steps(&[(2025.0, 100e9), (2030.0, 0.0)]),
            )],
            segments: vec![fab, power, dc],
            allocation: Allocation::Balanced { fixed: Vec::new() },
            objective: Objective::default(),
            chain: Chain {
                production: vec![ProductionLink {
                    segment: "Fabs".to_owned(),
                    accelerators_per_unit_year: 600.0,
                }],
                hosting: vec![
                    HostingLink {
                        segment: "Power".to_owned(),
                        units_per_accelerator: 0.0022,
                    },
                    HostingLink {
                        segment: "Data centres".to_owned(),
                        units_per_accelerator: 0.0017,
                    },
                ],
                accelerator_lifetime_years: 5.0,
                installed_fleet_accelerators: 0.0,
                performance_per_accelerator: Curve::Growth {
                    start_year: 2025.0,
                    start_value: 2.25,
                    rate_per_year: 0.4,
                },
                performance_unit: "PFLOP/s".to_owned(),
            },
            demand_compute: None,
            revenue: None,
            benchmarks: Vec::new(),
            kpi_years: Vec::new(),
            uncertainty: Vec::new(),
        }
    }
}
