//! Each mechanism of the engine on a scenario small enough to follow by hand. The expected
//! numbers are worked out in the comments.

use super::finance::pmt;
use super::simulate;
use crate::model::{
    Allocation, Chain, Curve, FundingKind, FundingSource, Horizon, HostingLink, Period,
    ProductionLink, Revenue, Scenario, Segment, SegmentKind, Share, validate,
};

/// A yearly scenario 2024–2035 with no money, no segments and an empty chain.
fn bare() -> Scenario {
    let mut s = Scenario::template();
    s.horizon = Horizon {
        start_year: 2024,
        end_year: 2035,
        period: Period::Year,
    };
    s.funding.clear();
    s.segments.clear();
    s.allocation = Allocation::Shares(Vec::new());
    s.chain = Chain {
        production: Vec::new(),
        hosting: Vec::new(),
        accelerator_lifetime_years: 10.0,
        installed_fleet_accelerators: 0.0,
        performance_per_accelerator: Curve::Constant(2.0),
        performance_unit: "PFLOP/s".into(),
    };
    s
}

fn grant(name: &str, points: &[(f64, f64)]) -> FundingSource {
    FundingSource::new(name, FundingKind::Grant, Curve::steps(points))
}

fn all_to(s: &mut Scenario, segment: &str) {
    s.allocation = Allocation::Shares(vec![Share {
        segment: segment.into(),
        share: Curve::Constant(1.0),
    }]);
}

fn assert_close(a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs())),
        "{a} != {b}"
    );
}

fn assert_series(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() < 1e-9 * (1.0 + e.abs()),
            "period {i}: {a} != {e} in {actual:?}"
        );
    }
}

/// 100 USD of grant in 2024, all to one segment at 10 USD/unit: 10 units start in 2024, build
/// for 2 years (lead), enter service in 2026, ramp linearly over 3 years (1/3, 2/3, 1 of
/// nameplate), serve 5 years (2026–2030) and retire at the start of 2031.
#[test]
fn capacity_goes_through_lead_time_ramp_and_retirement() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2025.0, 0.0)]));
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 10.0);
    fab.lead_time_years = 2.0;
    fab.ramp_years = 3.0;
    fab.lifetime_years = 5.0;
    s.segments.push(fab);
    all_to(&mut s, "Fabs");
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    let g = &o.segments[0];
    let z = 0.0;
    assert_series(&g.spend_usd, &[100.0, z, z, z, z, z, z, z, z, z, z, z]);
    assert_series(&g.starts_units, &[10.0, z, z, z, z, z, z, z, z, z, z, z]);
    assert_series(
        &g.under_construction_units,
        &[10.0, 10.0, z, z, z, z, z, z, z, z, z, z],
    );
    assert_series(
        &g.in_service_units,
        &[z, z, 10.0, 10.0, 10.0, 10.0, 10.0, z, z, z, z, z],
    );
    let third = 10.0 / 3.0;
    assert_series(
        &g.effective_units,
        &[z, z, third, 2.0 * third, 10.0, 10.0, 10.0, z, z, z, z, z],
    );
    assert_series(&g.retired_units, &[z, z, z, z, z, z, z, 10.0, z, z, z, z]);
    assert_series(&g.entered_units, &[z, z, 10.0, z, z, z, z, z, z, z, z, z]);
    assert_series(&o.treasury_usd, &[z; 12]);
    assert_eq!(o.kpis.capital_per_unit_usd, vec![Some(10.0)]);
}

/// A ramp longer than the life: 12 units, ramp 4 years, life 2 years, no lead. Output is
/// 3 then 6, then the cohort retires before reaching full output.
#[test]
fn a_cohort_can_retire_before_full_ramp() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 12.0), (2025.0, 0.0)]));
    let mut g = Segment::new("G", SegmentKind::Grid, "units", 1.0);
    g.lead_time_years = 0.0;
    g.ramp_years = 4.0;
    g.lifetime_years = 2.0;
    s.segments.push(g);
    all_to(&mut s, "G");
    let o = simulate(&s);
    let z = 0.0;
    assert_series(
        &o.segments[0].effective_units,
        &[3.0, 6.0, z, z, z, z, z, z, z, z, z, z],
    );
    assert_series(
        &o.segments[0].in_service_units,
        &[12.0, 12.0, z, z, z, z, z, z, z, z, z, z],
    );
}

/// The installed base ages uniformly: 100 units with a 4-year life serve 100, 75, 50, 25, 0.
#[test]
fn installed_base_retires_over_one_lifetime() {
    let mut s = bare();
    let mut g = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    g.installed_base_units = 100.0;
    g.lifetime_years = 4.0;
    g.opex_usd_per_unit_year = 2.0;
    s.segments.push(g);
    s.initial_treasury_usd = 1_000.0;
    let o = simulate(&s);
    let z = 0.0;
    let g = &o.segments[0];
    assert_series(
        &g.in_service_units,
        &[100.0, 75.0, 50.0, 25.0, z, z, z, z, z, z, z, z],
    );
    assert_series(
        &g.retired_units,
        &[z, 25.0, 25.0, 25.0, 25.0, z, z, z, z, z, z, z],
    );
    // Opex accrues on what was in service at the start of the period: 2·100, 2·100, 2·75, …
    assert_series(
        &g.opex_usd,
        &[200.0, 200.0, 150.0, 100.0, 50.0, z, z, z, z, z, z, z],
    );
    assert_close(o.kpis.treasury_end_usd, 1_000.0 - 700.0);
}

/// A debt draw of 1,000 at 10 %/yr, tenor 5 years with 2 years' grace, drawn in 2024:
/// interest only in 2025 and 2026 (100 each), then three level payments
/// PMT = 1000 · 0.1 / (1 − 1.1⁻³) = 402.1148 in 2027–2029. Its supply cap of zero keeps the
/// money in the treasury, which starts with 1,000 more, so every payment is made.
#[test]
fn debt_pays_interest_in_grace_then_level_annuity() {
    let mut s = bare();
    s.initial_treasury_usd = 1_000.0;
    s.funding.push(FundingSource::new(
        "Loan",
        FundingKind::Debt {
            rate: 0.1,
            tenor_years: 5.0,
            grace_years: 2.0,
        },
        Curve::steps(&[(2024.0, 1_000.0), (2025.0, 0.0)]),
    ));
    let mut g = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    g.max_starts_units_per_year = Some(Curve::Constant(0.0));
    s.segments.push(g);
    all_to(&mut s, "Fabs");
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    let p = pmt(0.1, 3, 1_000.0);
    assert_close(p, 1000.0 * 0.1 / (1.0 - 1.1f64.powi(-3)));
    assert_close(p, 402.114_803_625_377_6);
    let z = 0.0;
    assert_series(
        &o.debt_service_due_usd,
        &[z, 100.0, 100.0, p, p, p, z, z, z, z, z, z],
    );
    assert_series(&o.debt_service_paid_usd, &o.debt_service_due_usd);
    // Balances: 1000 → 1000 − (p − 100) → … → 0 after the third payment.
    let b3 = 1_000.0 - (p - 100.0);
    let b4 = b3 - (p - 0.1 * b3);
    assert_series(
        &o.interest_usd,
        &[z, 100.0, 100.0, 100.0, 0.1 * b3, 0.1 * b4, z, z, z, z, z, z],
    );
    assert_series(
        &o.debt_outstanding_usd,
        &[1_000.0, 1_000.0, 1_000.0, b3, b4, z, z, z, z, z, z, z],
    );
    assert_close(o.kpis.treasury_end_usd, 2_000.0 - 200.0 - 3.0 * p);
    assert_eq!(o.kpis.first_capped_year, vec![Some(2024)]);
    assert_eq!(o.kpis.first_debt_shortfall_year, None);
}

/// A large loan, monthly: $100B drawn in January 2024 at 7 %/yr over 10 years, 3 of grace. Its
/// first payment is due a month after the draw (February 2024), 36 of interest only, then 84
/// level payments, the last in period 1 + 36 + 84 − 1 = 120, January 2034: from then on
/// nothing is outstanding, exactly, and no interest accrues.
#[test]
fn a_loan_is_repaid_exactly_at_maturity() {
    let mut s = bare();
    s.horizon.period = Period::Month;
    s.initial_treasury_usd = 1e12;
    s.funding.push(FundingSource::new(
        "Bonds",
        FundingKind::Debt {
            rate: 0.07,
            tenor_years: 10.0,
            grace_years: 3.0,
        },
        Curve::steps(&[(2024.0, 1.2e12), (2024.05, 0.0)]),
    ));
    let mut g = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    g.max_starts_units_per_year = Some(Curve::Constant(0.0));
    s.segments.push(g);
    all_to(&mut s, "Fabs");
    let o = simulate(&s);
    assert_close(o.sources[0].drawn_usd[0], 1e11);
    let last_payment = 1 + 36 + 84 - 1;
    assert_eq!(s.horizon.period_label(last_payment), "2034-01");
    let p = pmt(0.07 / 12.0, 84, 1e11);
    assert_close(o.debt_service_paid_usd[last_payment], p);
    assert!(o.debt_outstanding_usd[last_payment - 1] > 0.9 * p);
    for i in last_payment..o.len() {
        assert_eq!(
            o.debt_outstanding_usd[i],
            0.0,
            "{}",
            s.horizon.period_label(i)
        );
        assert_eq!(o.interest_usd[i + 1..].iter().sum::<f64>(), 0.0);
        assert_eq!(o.debt_service_due_usd[i + 1..].iter().sum::<f64>(), 0.0);
    }
    assert_eq!(o.kpis.debt_outstanding_end_usd, 0.0);
}

/// The same loan with no cash of its own: the 1,000 drawn pays 100 + 100 + p, then only
/// 1000 − 200 − p of the 2028 payment. The unpaid rest is arrears, due in 2029 with a year's
/// interest on top, and nothing pays it: it is reported, never dropped.
#[test]
fn unpaid_debt_service_is_reported_as_arrears() {
    let mut s = bare();
    s.funding.push(FundingSource::new(
        "Loan",
        FundingKind::Debt {
            rate: 0.1,
            tenor_years: 5.0,
            grace_years: 2.0,
        },
        Curve::steps(&[(2024.0, 1_000.0), (2025.0, 0.0)]),
    ));
    let mut g = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    g.max_starts_units_per_year = Some(Curve::Constant(0.0));
    s.segments.push(g);
    all_to(&mut s, "Fabs");
    let o = simulate(&s);
    let p = pmt(0.1, 3, 1_000.0);
    let short_2028 = p - (1_000.0 - 200.0 - p);
    assert_close(o.debt_service_shortfall_usd[4], short_2028);
    assert_close(o.debt_service_due_usd[5], p + 1.1 * short_2028);
    assert_close(
        o.kpis.debt_arrears_end_usd,
        (p + 1.1 * short_2028) * 1.1f64.powi(6),
    );
    assert_eq!(o.kpis.first_debt_shortfall_year, Some(2028));
    assert_close(o.treasury_usd[4], 0.0);
}

/// Wright's law with learning rate 1 − 2^(−1/2): two doublings of cumulative capacity halve the
/// unit cost. From a learning base of 100 units, 300 units entering service in 2024 make 400 —
/// two doublings — so the 2025 unit capex is half of 1.0.
#[test]
fn learning_halves_cost_after_two_doublings() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 300.0), (2025.0, 0.0)]));
    let mut g = Segment::new("Solar", SegmentKind::Power, "MW", 1.0);
    g.lead_time_years = 0.0;
    g.learning_rate = 1.0 - 0.5f64.sqrt();
    g.learning_base_units = Some(100.0);
    s.segments.push(g);
    all_to(&mut s, "Solar");
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    assert_close(o.segments[0].unit_capex_usd[0], 1.0);
    assert_close(o.segments[0].starts_units[0], 300.0);
    assert_close(o.segments[0].unit_capex_usd[1], 0.5);
}

/// A supply-chain cap of 5 units/yr at 10 USD/unit: of 100 USD in 2024 only 50 is spent, the
/// other 50 stays in the treasury and is spent in 2025.
#[test]
fn starts_above_the_cap_leave_money_in_the_treasury() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2025.0, 0.0)]));
    let mut g = Segment::new("Turbines", SegmentKind::Power, "GW", 10.0);
    g.max_starts_units_per_year = Some(Curve::Constant(5.0));
    s.segments.push(g);
    all_to(&mut s, "Turbines");
    let o = simulate(&s);
    let z = 0.0;
    assert_series(&o.segments[0].starts_units[..3], &[5.0, 5.0, z]);
    assert_series(&o.treasury_usd[..3], &[50.0, z, z]);
    assert_series(&o.capped_usd[..3], &[50.0, z, z]);
    assert_eq!(o.kpis.first_capped_year, vec![Some(2024)]);
}

/// The chain: fabs make 100 accelerators/yr, power hosts 350; both bases have a 1,000-year
/// life, so they shrink by 0.1 % a year: P = 100·(1 − i/1000), H = 350·(1 − i/1000).
/// Fleet: 100, 199.9, 299.7 while production binds; in 2027 the room left is
/// 348.95 − 299.7 = 49.25 < 99.7, so power binds, 50.45 accelerators sit idle.
#[test]
fn the_binding_link_switches_when_room_runs_out() {
    let mut s = bare();
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.installed_base_units = 100.0;
    fab.lifetime_years = 1_000.0;
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.installed_base_units = 350.0;
    power.lifetime_years = 1_000.0;
    s.segments = vec![fab, power];
    s.allocation = Allocation::Shares(vec![
        Share {
            segment: "Fabs".into(),
            share: Curve::Constant(0.5),
        },
        Share {
            segment: "Power".into(),
            share: Curve::Constant(0.5),
        },
    ]);
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.hosting.push(HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    });
    s.demand_compute = Some(Curve::Constant(500.0));
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    let c = &o.chain;
    // In 2028 power shrinks to 348.6 below the fleet of 348.95: 0.35 accelerators stranded.
    assert_series(&c.fleet[..5], &[100.0, 199.9, 299.7, 348.95, 348.95]);
    assert_close(c.stranded[4], 348.95 - 348.6);
    assert_series(&c.installed[..4], &[100.0, 99.9, 99.8, 49.25]);
    assert_series(&c.idle_output[..4], &[0.0, 0.0, 0.0, 99.7 - 49.25]);
    assert_eq!(
        &c.binding[..5],
        &[Some(0), Some(0), Some(0), Some(1), Some(1)]
    );
    assert_eq!(o.binding_name(3), "Power");
    // Compute at 2 PFLOP/s per accelerator; demand 500 is short by 500 − 2·fleet.
    assert_close(c.compute[2], 599.4);
    assert_close(c.demand_shortfall[0], 300.0);
    assert_close(c.demand_shortfall[2], 0.0);
    assert_eq!(o.kpis.first_binding_year, vec![Some(2024), Some(2027)]);
    assert_eq!(o.kpis.first_demand_shortfall_year, Some(2024));
}

/// When hosting shrinks below the fleet, the excess is stranded and earns no compute; newer
/// accelerators count at the performance of their install year.
#[test]
fn stranded_fleet_does_not_count_and_generations_keep_their_speed() {
    let mut s = bare();
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.installed_base_units = 100.0;
    fab.lifetime_years = 1e300;
    // Power: 400 MW that all retire after 2 years (life 2 → 400, 200, 0 by uniform ageing).
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.installed_base_units = 400.0;
    power.lifetime_years = 2.0;
    s.segments = vec![fab, power];
    s.allocation = Allocation::Shares(vec![Share {
        segment: "Fabs".into(),
        share: Curve::Constant(1.0),
    }]);
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.hosting.push(HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    });
    s.chain.performance_per_accelerator = Curve::linear(&[(2024.0, 1.0), (2025.0, 3.0)]);
    let o = simulate(&s);
    let c = &o.chain;
    // 2024: 100 installed at 1.0 → compute 100. 2025: 100 more at 3.0 → 400 (room 200).
    // 2026: power 0 → no room; the 200 accelerators are stranded, compute 0.
    assert_series(&c.fleet[..3], &[100.0, 200.0, 200.0]);
    assert_series(&c.compute[..3], &[100.0, 400.0, 0.0]);
    assert_series(&c.stranded[..3], &[0.0, 0.0, 200.0]);
}

/// Accelerators leave the fleet after their lifetime: with a 2-year life and 100 made each
/// year, the fleet holds 100, 200, 200, …
#[test]
fn accelerators_retire_after_their_lifetime() {
    let mut s = bare();
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.installed_base_units = 100.0;
    fab.lifetime_years = 1e300;
    s.segments = vec![fab];
    all_to(&mut s, "Fabs");
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.accelerator_lifetime_years = 2.0;
    let o = simulate(&s);
    assert_series(&o.chain.fleet[..4], &[100.0, 200.0, 200.0, 200.0]);
    assert_series(&o.chain.retired[..4], &[0.0, 0.0, 100.0, 100.0]);
}

/// Balanced allocation: fabs cost 5 USD per unit and a unit makes 1 accelerator/yr, which
/// with a 5-year accelerator life is 5 accelerator equivalents — 1 USD each. Power costs 1 USD
/// per unit hosting 1 accelerator — also 1 USD each. From equal (zero) levels, 100 USD is
/// split to raise both equally: 50 USD each (10 fab units, 50 MW).
/// 100 USD in 2024 for two chain links under Balanced: fabs at 5 USD a unit making one
/// accelerator a unit-year, power at 1 USD a MW hosting one accelerator a MW.
fn fabs_and_power() -> Scenario {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2025.0, 0.0)]));
    let fab = Segment::new("Fabs", SegmentKind::Fab, "units", 5.0);
    let power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    s.segments = vec![fab, power];
    s.allocation = Allocation::Balanced { fixed: Vec::new() };
    s.chain.accelerator_lifetime_years = 5.0;
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.hosting.push(HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    });
    s
}

#[test]
fn balanced_allocation_funds_the_weaker_link() {
    let mut s = fabs_and_power();
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    assert_close(o.segments[0].spend_usd[0], 50.0);
    assert_close(o.segments[1].spend_usd[0], 50.0);
    assert_close(o.segments[0].starts_units[0], 10.0);

    // With 100 MW of power already there (100 accelerator equivalents), the first 100 USD all
    // go to the fabs.
    s.segments[1].installed_base_units = 100.0;
    s.segments[1].lifetime_years = 1e300;
    let o = simulate(&s);
    assert_close(o.segments[0].spend_usd[0], 100.0);
    assert_close(o.segments[1].spend_usd[0], 0.0);
}

/// A unit capex that is not positive and finite (0, NaN, ∞ — invalid, but the engine must
/// still run it) starts nothing and spends nothing: under Balanced the other link takes the
/// whole 100 USD, under a fixed share the money stays in the treasury.
#[test]
fn a_segment_whose_capex_is_not_positive_and_finite_spends_nothing() {
    let mut s = fabs_and_power();
    for capex in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        s.segments[0].capex_usd_per_unit = capex;
        s.allocation = Allocation::Balanced { fixed: Vec::new() };
        let o = simulate(&s);
        assert_eq!(o.segments[0].spend_usd[0], 0.0, "capex {capex}");
        assert_eq!(o.segments[0].starts_units[0], 0.0, "capex {capex}");
        assert_close(o.segments[1].spend_usd[0], 100.0);
        all_to(&mut s, "Fabs");
        let o = simulate(&s);
        assert_eq!(o.segments[0].spend_usd[0], 0.0, "capex {capex}");
        assert_eq!(o.spend_usd[0], 0.0, "capex {capex}");
        assert_close(o.treasury_usd[0], 100.0);
    }
    // With a valid capex again the fabs take their half (the engine keeps no stale state).
    s.segments[0].capex_usd_per_unit = 5.0;
    s.allocation = Allocation::Balanced { fixed: Vec::new() };
    assert_close(simulate(&s).segments[0].spend_usd[0], 50.0);
}

/// Balanced allocation paces short lead times to long ones: power takes 3 years to build and
/// data centres 1, so halls started now would wait two years for power. Halls get nothing
/// until 2026, when they may catch up with the power committed two years earlier (100 MW =
/// 100 accelerators) plus the 2 % headroom: the whole 100 USD of 2026 fits under 102.
#[test]
fn balanced_allocation_paces_short_leads_to_long_ones() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2027.0, 0.0)]));
    let mut dc = Segment::new("Halls", SegmentKind::DataCentre, "MW IT", 1.0);
    dc.lead_time_years = 1.0;
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.lead_time_years = 3.0;
    s.segments = vec![dc, power];
    s.allocation = Allocation::Balanced { fixed: Vec::new() };
    for name in ["Halls", "Power"] {
        s.chain.hosting.push(HostingLink {
            segment: name.into(),
            units_per_accelerator: 1.0,
        });
    }
    assert_eq!(validate(&s), vec![]);
    let o = simulate(&s);
    assert_series(&o.segments[0].spend_usd[..4], &[0.0, 0.0, 100.0, 0.0]);
    assert_series(&o.segments[1].spend_usd[..4], &[100.0, 100.0, 0.0, 0.0]);
    assert_series(&o.treasury_usd[..4], &[0.0; 4]);
    // Pacing is not a supply cap.
    assert_eq!(o.kpis.first_capped_year, vec![None, None]);
}

/// Across roles a link is paced to everything the slower one has committed: fabs (lead 1)
/// may not run ahead of the power (lead 3) committed so far. In 2024 nothing is committed, so
/// power takes all 100 USD; in 2025 fabs may rise to the 100 accelerators of power committed
/// (+2 %) and, being lower, take the year's 100 USD first (20 units × 5 equivalents = 100).
#[test]
fn production_is_paced_to_the_hosting_room_committed() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2026.0, 0.0)]));
    let fab = Segment::new("Fabs", SegmentKind::Fab, "units", 5.0);
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.lead_time_years = 3.0;
    s.segments = vec![fab, power];
    s.allocation = Allocation::Balanced { fixed: Vec::new() };
    s.chain.accelerator_lifetime_years = 5.0;
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.hosting.push(HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    });
    let o = simulate(&s);
    assert_series(&o.segments[0].spend_usd[..3], &[0.0, 100.0, 0.0]);
    assert_series(&o.segments[1].spend_usd[..3], &[100.0, 0.0, 0.0]);
}

/// A slow link is paced to what a faster but capped link can reach: fabs take 4 years, power
/// 1 year but only 10 MW a year can be started. Fabs started in 2024 arrive in 2028, by when
/// power can have at most 4 years × 10 MW: so fabs get 40 accelerator equivalents (+2 %),
/// not the whole 1,000, and the rest waits. Power, paced to the fabs committed before it,
/// starts in 2025 at its cap.
#[test]
fn a_slow_link_is_paced_to_what_a_capped_link_can_reach() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 1000.0), (2025.0, 0.0)]));
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.lead_time_years = 4.0;
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.max_starts_units_per_year = Some(Curve::Constant(10.0));
    s.segments = vec![fab, power];
    s.allocation = Allocation::Balanced { fixed: Vec::new() };
    s.chain.accelerator_lifetime_years = 1.0;
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.chain.hosting.push(HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    });
    let o = simulate(&s);
    assert_series(&o.segments[0].spend_usd[..2], &[40.8, 0.0]);
    assert_series(&o.segments[1].spend_usd[..3], &[0.0, 10.0, 10.0]);
    assert_close(o.treasury_usd[0], 1000.0 - 40.8);
}

/// Revenue is earned on the hosted fleet at the start of each period:
/// price 10 × utilisation 0.5 × fleet. With 100 accelerators made each year (no hosting
/// limit): 0 in 2024 (no fleet yet), then 500 and 1000. The 500 of 2025 buys 500 more fab
/// units that enter service in 2026, so the 2026 fleet is 300 + 500 and 2027's revenue 4000.
#[test]
fn revenue_follows_the_fleet() {
    let mut s = bare();
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.installed_base_units = 100.0;
    fab.lifetime_years = 1e300;
    s.segments = vec![fab];
    all_to(&mut s, "Fabs");
    s.chain.production.push(ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    });
    s.revenue = Some(Revenue {
        price_usd_per_accelerator_year: Curve::Constant(10.0),
        utilisation: Curve::Constant(0.5),
        discount_rate: 0.1,
    });
    let o = simulate(&s);
    assert_series(&o.revenue_usd[..4], &[0.0, 500.0, 1000.0, 4000.0]);
    // Utilisation is a curve: sold out from 2026, revenue doubles from then on.
    if let Some(r) = &mut s.revenue {
        r.utilisation = Curve::steps(&[(2024.0, 0.5), (2026.0, 1.0)]);
    }
    let o = simulate(&s);
    assert_series(&o.revenue_usd[..4], &[0.0, 500.0, 2000.0, 8000.0]);
    // The revenue is spent on more fabs the same year: 500 USD → 500 units entering in 2026
    // (lead 1 year).
    assert_close(o.segments[0].starts_units[1], 500.0);
    assert!(o.kpis.npv_usd.is_some());
}

/// Interest during construction: 1,000 borrowed at 10 % with 10 years' grace, all spent in
/// 2024 on units that take 3 years to build; a grant of 100 a year from 2025 pays the
/// interest. The interest of 2025, 2026 and 2027 (100 each, accrued while the units were
/// building) is interest during construction; later interest is not.
#[test]
fn interest_during_construction_counts_the_building_years() {
    let mut s = bare();
    s.funding.push(FundingSource::new(
        "Loan",
        FundingKind::Debt {
            rate: 0.1,
            tenor_years: 11.0,
            grace_years: 10.0,
        },
        Curve::steps(&[(2024.0, 1_000.0), (2025.0, 0.0)]),
    ));
    s.funding
        .push(grant("Interest", &[(2024.0, 0.0), (2025.0, 100.0)]));
    let mut g = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    g.lead_time_years = 3.0;
    s.segments.push(g);
    all_to(&mut s, "Fabs");
    let o = simulate(&s);
    let z = 0.0;
    assert_series(
        &o.interest_during_construction_usd[..6],
        &[z, 100.0, 100.0, 100.0, z, z],
    );
    assert_close(o.kpis.interest_during_construction_usd, 300.0);
}

/// Yearly and total caps on a source: 100/yr offered monthly, capped at 60 a year and 150 in
/// all → 60, 60, 30, 0.
#[test]
fn funding_caps_hold_per_year_and_in_total() {
    let mut s = bare();
    s.horizon.period = Period::Month;
    let mut f = FundingSource::new("Equity", FundingKind::Grant, Curve::Constant(100.0));
    f.cap_usd_per_year = Some(60.0);
    f.cap_usd_total = Some(150.0);
    s.funding.push(f);
    let o = simulate(&s);
    let yearly: Vec<f64> = o.inflow_usd.chunks(12).map(|c| c.iter().sum()).collect();
    assert_series(&yearly[..4], &[60.0, 60.0, 30.0, 0.0]);
    // Monthly draws are 100/12 until the cap: the 8th month of 2024 is cut to 60 − 7·100/12.
    assert_close(o.inflow_usd[6], 100.0 / 12.0);
    assert_close(o.inflow_usd[7], 60.0 - 7.0 * 100.0 / 12.0);
    assert_close(o.inflow_usd[8], 0.0);
}

/// Durations become whole periods rounded to nearest: 0.4 years of lead time is 4.8 months,
/// so monthly units enter service in their 6th month (5 periods later).
#[test]
fn lead_times_round_to_whole_periods() {
    let mut s = bare();
    s.horizon.period = Period::Month;
    s.funding
        .push(grant("Grant", &[(2024.0, 120.0), (2024.05, 0.0)]));
    let mut g = Segment::new("DC", SegmentKind::DataCentre, "MW IT", 1.0);
    g.lead_time_years = 0.4;
    s.segments.push(g);
    all_to(&mut s, "DC");
    let o = simulate(&s);
    let entered = &o.segments[0].entered_units;
    assert_close(entered[5], 10.0);
    assert_eq!(entered.iter().filter(|x| **x > 0.0).count(), 1);
}

/// Benchmarks compare each calendar year's draws with the benchmark at the start of that
/// year: 60 drawn in 2024 against 200 is 30 %, above a 25 % limit.
#[test]
fn benchmark_shares_are_yearly_draws_over_the_benchmark() {
    let mut s = bare();
    s.funding.push(grant(
        "Grant",
        &[(2024.0, 60.0), (2025.0, 20.0), (2026.0, 0.0)],
    ));
    s.benchmarks.push(crate::model::Benchmark {
        name: "Debt market".into(),
        value_usd: Curve::Growth {
            start_year: 2024.0,
            start_value: 200.0,
            rate_per_year: 0.0,
        },
        measure: crate::model::DrawMeasure::Funding,
        limit_share: 0.25,
        notes: String::new(),
    });
    let o = simulate(&s);
    let b = &o.benchmarks[0];
    assert_series(&b.share[..3], &[0.3, 0.1, 0.0]);
    let k = &o.kpis.benchmarks[0];
    assert_close(k.peak_share, 0.3);
    assert_eq!(k.peak_year, Some(2024));
    assert_eq!(k.breach_years, vec![2024]);
}

/// A benchmark on one kind of funding adds every source of that kind: two grants of 60 and 20
/// in 2024 against 200 are 40 %.
#[test]
fn a_benchmark_by_kind_adds_all_sources_of_that_kind() {
    let mut s = bare();
    s.funding
        .push(grant("Grant A", &[(2024.0, 60.0), (2025.0, 0.0)]));
    s.funding
        .push(grant("Grant B", &[(2024.0, 20.0), (2025.0, 0.0)]));
    s.benchmarks.push(crate::model::Benchmark {
        name: "Budget".into(),
        value_usd: Curve::Constant(200.0),
        measure: crate::model::DrawMeasure::Grant,
        limit_share: 0.5,
        notes: String::new(),
    });
    let o = simulate(&s);
    assert_close(o.benchmarks[0].share[0], 0.4);
    assert_close(o.benchmarks[0].draw_usd[0], 80.0);
}

/// NPV and IRR count what the plan still owns at the end: 100 spent in 2024 on units that
/// enter service in 2026 with a 20-year life have served 10 years by the end of 2035, so half
/// their cost (50) comes back one period after the horizon. With no revenue:
/// NPV at 10 % = −100 + 50 · 1.1⁻¹², IRR = 0.5^(1/12) − 1.
#[test]
fn npv_and_irr_include_the_residual_value() {
    let mut s = bare();
    s.funding
        .push(grant("Grant", &[(2024.0, 100.0), (2025.0, 0.0)]));
    let mut g = Segment::new("Fabs", SegmentKind::Fab, "units", 10.0);
    g.lead_time_years = 2.0;
    g.lifetime_years = 20.0;
    s.segments.push(g);
    all_to(&mut s, "Fabs");
    s.revenue = Some(Revenue {
        price_usd_per_accelerator_year: Curve::Constant(0.0),
        utilisation: Curve::Constant(1.0),
        discount_rate: 0.1,
    });
    let o = simulate(&s);
    assert_close(o.kpis.residual_value_usd, 50.0);
    assert_close(o.kpis.npv_usd.unwrap(), -100.0 + 50.0 * 1.1f64.powi(-12));
    let irr = o.kpis.irr.unwrap();
    assert!(
        (irr - (0.5f64.powf(1.0 / 12.0) - 1.0)).abs() < 1e-9,
        "{irr}"
    );
}
