//! Shared by the property tests (`engine_properties.rs`, `engine_stress.rs`): strategies
//! for random valid scenarios, and the checks every outcome must pass.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use buildout::engine::{Outcome, metrics::kpi_values};
use buildout::model::{
    Allocation, Benchmark, Chain, Curve, DrawMeasure, FundingKind, FundingSource, Horizon,
    HostingLink, Period, ProductionLink, Revenue, Scenario, Segment, SegmentKind, Share,
};
use proptest::prelude::*;

pub fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        Just(Period::Month),
        Just(Period::Quarter),
        Just(Period::Year)
    ]
}

pub fn curve(lo: f64, hi: f64) -> impl Strategy<Value = Curve> {
    prop_oneof![
        (lo..hi).prop_map(Curve::Constant),
        (lo..hi, -0.1..0.3f64).prop_map(|(v, g)| Curve::Growth {
            start_year: 2024.0,
            start_value: v,
            rate_per_year: g,
        }),
        prop::collection::vec((0.0..30.0f64, lo..hi), 1..6).prop_map(|mut pts| {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let pts: Vec<_> = pts.into_iter().map(|(y, v)| (2024.0 + y, v)).collect();
            Curve::steps(&pts)
        }),
        (lo..hi, lo..hi, 0.1..2.0f64).prop_map(|(a, b, k)| Curve::Logistic {
            floor: a.min(b),
            ceiling: a.max(b),
            midpoint_year: 2030.0,
            steepness_per_year: k,
        }),
    ]
}

pub fn funding_kind() -> impl Strategy<Value = FundingKind> {
    prop_oneof![
        (0.0..0.2f64).prop_map(|r| FundingKind::Equity { required_return: r }),
        (0.0..0.15f64, 1.0..20.0f64, 0.0..5.0f64).prop_map(|(rate, t, g)| FundingKind::Debt {
            rate,
            tenor_years: g + t,
            grace_years: g,
        }),
        Just(FundingKind::Grant),
    ]
}

pub fn source(i: usize) -> impl Strategy<Value = FundingSource> {
    (
        funding_kind(),
        curve(0.0, 1e12),
        prop::option::of(1e9..1e12f64),
        prop::option::of(1e9..1e13f64),
    )
        .prop_map(move |(kind, inflow, cap_year, cap_total)| {
            let mut f = FundingSource::new(&format!("Source {i}"), kind, inflow);
            f.cap_usd_per_year = cap_year;
            f.cap_usd_total = cap_total;
            f
        })
}

pub fn segment(i: usize) -> impl Strategy<Value = Segment> {
    segment_with(i, (0.0..8.0f64).boxed(), (0.0..4.0f64).boxed())
}

/// A segment with lead and ramp times from the given strategies.
pub fn segment_with(
    i: usize,
    lead: BoxedStrategy<f64>,
    ramp: BoxedStrategy<f64>,
) -> impl Strategy<Value = Segment> {
    (
        (1e3..1e9f64, 0.0..1e5f64, 0.0..0.3f64),
        (lead, ramp, 1.0..40.0f64, 0.0..1e5f64),
        prop::option::of(curve(0.0, 1e4)),
        prop::option::of(curve(0.0, 1e3)),
    )
        .prop_map(
            move |((capex, base, learning), (lead, ramp, life, opex), cap, extra)| {
                let mut g = Segment::new(
                    &format!("Segment {i}"),
                    SegmentKind::Custom("x".into()),
                    "u",
                    capex,
                );
                g.installed_base_units = base;
                g.learning_rate = learning;
                g.learning_base_units = Some(base.max(1.0));
                g.lead_time_years = lead;
                g.ramp_years = ramp;
                g.lifetime_years = life;
                g.opex_usd_per_unit_year = opex;
                g.max_starts_units_per_year = cap;
                g.baseline_additions_units_per_year = extra;
                g
            },
        )
}

/// The parts of a random scenario, assembled by [`assemble`].
#[derive(Debug, Clone)]
pub struct Parts {
    pub period: Period,
    pub years: i32,
    pub sources: Vec<FundingSource>,
    pub segments: Vec<Segment>,
    pub weights: Vec<f64>,
    pub balanced: bool,
    pub roles: Vec<u8>,
    pub per_unit: Vec<f64>,
    pub revenue: Option<(f64, f64, f64)>,
    pub demand: Option<Curve>,
    pub treasury: f64,
    pub acc_life: f64,
    pub fleet0: f64,
}

pub fn parts() -> impl Strategy<Value = Parts> {
    parts_with(
        period().boxed(),
        (1i32..25).boxed(),
        1..6,
        (0.0..8.0f64).boxed(),
        (0.0..4.0f64).boxed(),
    )
}

/// [`parts`] with the period, horizon length (years), number of segments, and segment lead
/// and ramp times drawn from the given strategies.
pub fn parts_with(
    period: BoxedStrategy<Period>,
    years: BoxedStrategy<i32>,
    n_seg: std::ops::Range<usize>,
    lead: BoxedStrategy<f64>,
    ramp: BoxedStrategy<f64>,
) -> impl Strategy<Value = Parts> {
    (period, years, 0usize..4, n_seg).prop_flat_map(move |(period, years, n_src, n_seg)| {
        let (lead, ramp) = (lead.clone(), ramp.clone());
        (
            (
                Just(period),
                Just(years),
                (0..n_src).map(source).collect::<Vec<_>>(),
                (0..n_seg)
                    .map(|i| segment_with(i, lead.clone(), ramp.clone()))
                    .collect::<Vec<_>>(),
                prop::collection::vec(0.01..1.0f64, n_seg),
                any::<bool>(),
                prop::collection::vec(0u8..3, n_seg),
                prop::collection::vec(0.1..1e3f64, n_seg),
            ),
            (
                prop::option::of((0.0..1e5f64, 0.0..1.0f64, 0.0..0.2f64)),
                prop::option::of(curve(0.0, 1e9)),
                0.0..1e11f64,
                1.0..10.0f64,
                0.0..1e6f64,
            ),
        )
            .prop_map(
                |(
                    (period, years, sources, segments, weights, balanced, roles, per_unit),
                    (revenue, demand, treasury, acc_life, fleet0),
                )| Parts {
                    period,
                    years,
                    sources,
                    segments,
                    weights,
                    balanced,
                    roles,
                    per_unit,
                    revenue,
                    demand,
                    treasury,
                    acc_life,
                    fleet0,
                },
            )
    })
}

pub fn assemble(p: Parts) -> Scenario {
    let mut s = Scenario::template();
    s.horizon = Horizon {
        start_year: 2024,
        end_year: 2024 + p.years - 1,
        period: p.period,
    };
    s.initial_treasury_usd = p.treasury;
    s.funding = p.sources;
    let total: f64 = p.weights.iter().sum();
    let names: Vec<String> = p.segments.iter().map(|g| g.name.clone()).collect();
    s.segments = p.segments;
    let shares = names
        .iter()
        .zip(&p.weights)
        .map(|(n, w)| Share {
            segment: n.clone(),
            share: Curve::Constant(w / total),
        })
        .collect();
    s.chain = Chain {
        production: Vec::new(),
        hosting: Vec::new(),
        accelerator_lifetime_years: p.acc_life,
        installed_fleet_accelerators: p.fleet0,
        performance_per_accelerator: Curve::Growth {
            start_year: 2024.0,
            start_value: 1.0,
            rate_per_year: 0.3,
        },
        performance_unit: "PFLOP/s".into(),
    };
    for ((n, role), k) in names.iter().zip(&p.roles).zip(&p.per_unit) {
        match role {
            0 => s.chain.production.push(ProductionLink {
                segment: n.clone(),
                accelerators_per_unit_year: *k,
            }),
            1 => s.chain.hosting.push(HostingLink {
                segment: n.clone(),
                units_per_accelerator: 1.0 / k,
            }),
            _ => {}
        }
    }
    let has_chain = !(s.chain.production.is_empty() && s.chain.hosting.is_empty());
    s.allocation = if p.balanced && has_chain {
        Allocation::Balanced { fixed: Vec::new() }
    } else {
        Allocation::Shares(shares)
    };
    s.revenue = p
        .revenue
        .map(|(price, utilisation, discount_rate)| Revenue {
            price_usd_per_accelerator_year: Curve::Constant(price),
            utilisation: Curve::Constant(utilisation),
            discount_rate,
        });
    s.demand_compute = p.demand;
    s.benchmarks = vec![Benchmark {
        name: "Chip sales".into(),
        value_usd: Curve::Growth {
            start_year: 2024.0,
            start_value: 6e11,
            rate_per_year: 0.1,
        },
        measure: DrawMeasure::Funding,
        limit_share: 0.2,
        notes: String::new(),
    }];
    s
}

pub fn scenario() -> impl Strategy<Value = Scenario> {
    parts().prop_map(assemble)
}

pub fn rel_close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.max(1.0)
}

pub fn check_ledger(s: &Scenario, o: &Outcome) -> Result<(), TestCaseError> {
    let mut prev = s.initial_treasury_usd;
    for i in 0..o.len() {
        let opex_paid = o.opex_usd[i] - o.opex_shortfall_usd[i];
        let expected = prev + o.inflow_usd[i] + o.revenue_usd[i]
            - opex_paid
            - o.debt_service_paid_usd[i]
            - o.spend_usd[i];
        let scale = prev.abs()
            + o.inflow_usd[i]
            + o.revenue_usd[i]
            + o.opex_usd[i]
            + o.debt_service_due_usd[i]
            + o.spend_usd[i];
        prop_assert!(
            rel_close(o.treasury_usd[i], expected, scale),
            "period {i}: treasury {} but the ledger gives {expected}",
            o.treasury_usd[i]
        );
        prop_assert!(o.treasury_usd[i] >= 0.0);
        prop_assert!(
            o.debt_service_paid_usd[i] <= o.debt_service_due_usd[i] * (1.0 + 1e-12) + 1e-9
        );
        prev = o.treasury_usd[i];
    }
    for i in 0..o.len() {
        let by_source: f64 = o.sources.iter().map(|x| x.drawn_usd[i]).sum();
        prop_assert!(rel_close(by_source, o.inflow_usd[i], o.inflow_usd[i]));
        let by_segment: f64 = o.segments.iter().map(|g| g.spend_usd[i]).sum();
        prop_assert!(rel_close(by_segment, o.spend_usd[i], o.spend_usd[i]));
    }
    Ok(())
}

/// Whether the outcome ran away beyond f64 (and says so: `first_non_finite`). Only revenue
/// reinvested at an absurd payback — a unit that pays for itself within months, with learning
/// and no hosting limit — compounds that fast; without revenue the money is bounded by the
/// inflows and this never happens. The window reports such a scenario as an issue.
pub fn ran_away(s: &Scenario, o: &Outcome) -> bool {
    s.revenue.is_some() && o.first_non_finite().is_some()
}

/// Every series has a value per period and every value is finite; so is every KPI (a missing
/// IRR is listed as NaN: it must be missing, not broken).
pub fn check_finite(o: &Outcome) -> Result<(), TestCaseError> {
    for c in o.columns() {
        prop_assert_eq!(c.values.len(), o.len(), "{}", c.name);
        for (i, x) in c.values.iter().enumerate() {
            prop_assert!(x.is_finite(), "{} is {x} in period {i}", c.name);
        }
    }
    for k in kpi_values(o) {
        if k.key == "irr" && o.kpis.irr.is_none() {
            continue;
        }
        prop_assert!(k.value.is_finite(), "KPI {} is {}", k.key, k.value);
    }
    for k in [o.kpis.npv_usd, o.kpis.irr].into_iter().flatten() {
        prop_assert!(k.is_finite());
    }
    prop_assert_eq!(o.first_non_finite(), None);
    Ok(())
}
