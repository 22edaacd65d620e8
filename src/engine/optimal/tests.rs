//! The programme on small scenarios whose optimum is known by hand, and its errors.

use super::*;
use crate::engine::simulate;
use crate::model::testing::tiny;
use crate::model::{Curve, FundingKind, FundingSource, Period, Segment, SegmentKind};

/// One fab (lead 0, no ramp, long life), no hosting, a grant of `g` a year, constant
/// performance: every dollar is best spent at once, so the plan starts `g / c` units a year and
/// installs all they make.
fn one_fab(years: i32, g: f64) -> Scenario {
    let mut s = tiny();
    s.horizon.end_year = s.horizon.start_year + years - 1;
    s.horizon.period = Period::Year;
    s.funding = vec![FundingSource::new(
        "Grant",
        FundingKind::Grant,
        Curve::Constant(g),
    )];
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "wafers/month", 1e6);
    fab.lead_time_years = 0.0;
    fab.ramp_years = 0.0;
    fab.lifetime_years = 50.0;
    s.segments = vec![fab];
    s.allocation = Allocation::Optimal {
        fixed: Vec::new(),
        limits: Vec::new(),
    };
    s.chain.production = vec![crate::model::ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 10.0,
    }];
    s.chain.hosting.clear();
    s.chain.accelerator_lifetime_years = 20.0;
    s.chain.installed_fleet_accelerators = 0.0;
    s.chain.performance_per_accelerator = Curve::Constant(2.0);
    s
}

#[test]
fn cumulative_compute_of_a_one_fab_plan_is_the_hand_sum() {
    // Starts g/c a year; capacity (j+1)·g/c; installs a·(j+1)·g/c, each counted n − j years:
    // π·a·(g/c)·Σ_j (j+1)(n−j) = 2 · 10 · 1e3 · (3 + 4 + 3) = 2e5 for n = 3.
    let s = one_fab(3, 1e9);
    let plan = optimise(&s, &Options::default()).expect("solves");
    assert!((plan.value - 2e5).abs() < 1e-6 * 2e5, "{}", plan.value);
    let o = simulate(&plan.apply(&s));
    let got = objective_value(Objective::CumulativeCompute, &o);
    assert!((got - 2e5).abs() < 1e-6 * 2e5, "{got}");
    for i in 0..3 {
        assert!(
            (plan.spend_usd[0][i] - 1e9).abs() < 1e-6 * 1e9,
            "{:?}",
            plan.spend_usd
        );
    }
    assert!(plan.falls.is_empty());
}

#[test]
fn compute_at_the_end_of_a_one_fab_plan_is_the_hand_sum() {
    // π·a·(g/c)·(1 + 2 + 3) = 2 · 10 · 1e3 · 6.
    let mut s = one_fab(3, 1e9);
    s.objective = Objective::ComputeAtEnd;
    let plan = optimise(&s, &Options::default()).expect("solves");
    assert!((plan.value - 1.2e5).abs() < 1e-6 * 1.2e5, "{}", plan.value);
    let got = objective_value(Objective::ComputeAtEnd, &simulate(&plan.apply(&s)));
    assert!((got - 1.2e5).abs() < 1e-6 * 1.2e5, "{got}");
}

#[test]
fn unmet_demand_is_minimised_to_what_no_plan_can_meet() {
    // Demand 1e5 a year; at best compute is π·a·(g/c)·Σ_{j≤t}(j+1) = 2e4, 6e4, 1.2e5, so the
    // shortfall is 8e4 + 4e4 + 0 = 1.2e5 PFLOP/s·years.
    let mut s = one_fab(3, 1e9);
    s.objective = Objective::UnmetDemand;
    s.demand_compute = Some(Curve::Constant(1e5));
    let plan = optimise(&s, &Options::default()).expect("solves");
    assert!((plan.value - 1.2e5).abs() < 1e-6 * 1.2e5, "{}", plan.value);
    let got = objective_value(Objective::UnmetDemand, &simulate(&plan.apply(&s)));
    assert!((got - 1.2e5).abs() < 1e-6 * 1.2e5, "{got}");
}

#[test]
fn the_value_of_money_in_a_one_fab_plan_is_its_compute() {
    // $1B more in year y starts 1e3 more units, making 1e4 accelerators a year from then on,
    // each counted (n − j) years at π = 2: 2e4 · Σ_{j ≥ y} (n − j).
    let s = one_fab(3, 1e9);
    let m = optimise(&s, &Options::default()).expect("solves").marginal;
    let want = [2e4 * 6.0, 2e4 * 3.0, 2e4 * 1.0];
    for (got, want) in m.per_billion.iter().zip(want) {
        assert!((got - want).abs() < 1e-6 * want, "{:?}", m.per_billion);
    }
}

#[test]
fn service_that_no_cash_covers_names_the_period_and_the_source() {
    // One draw of $10B at 50 %, repaid over 4 years: PMT = 0.5 / (1 − 1.5⁻⁴) = 0.623 of it a
    // year from 2025, so holding the draw pays 2025 ($3.77B left) and falls short in 2026.
    let mut s = one_fab(5, 0.0);
    s.funding = vec![FundingSource::new(
        "Bonds",
        FundingKind::Debt {
            rate: 0.5,
            tenor_years: 4.0,
            grace_years: 0.0,
        },
        Curve::steps(&[(2024.0, 1e10), (2025.0, 0.0)]),
    )];
    match optimise(&s, &Options::default()) {
        Err(OptimalError::ServiceUnpaid {
            period, funding, ..
        }) => {
            assert_eq!((period.as_str(), funding.as_str()), ("2026", "Bonds"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_chain_without_production_and_an_undefined_objective_are_errors() {
    let mut s = one_fab(3, 1e9);
    s.chain.production.clear();
    assert_eq!(
        optimise(&s, &Options::default()),
        Err(OptimalError::NoProduction)
    );
    let mut s = one_fab(3, 1e9);
    s.objective = Objective::UnmetDemand;
    assert!(matches!(
        optimise(&s, &Options::default()),
        Err(OptimalError::Undefined(..))
    ));
}

#[test]
fn a_fixed_share_that_cannot_be_spent_keeps_the_plan_from_building() {
    // A fixed share for a segment that can never enter service before the end (lead 10 years
    // in a 3-year horizon) forces every period's spend to zero: feasible, nothing built.
    let mut s = one_fab(3, 1e9);
    let mut late = Segment::new("Late", SegmentKind::Power, "MW", 1e6);
    late.lead_time_years = 10.0;
    s.segments.push(late);
    s.allocation = Allocation::Optimal {
        fixed: vec![crate::model::Share {
            segment: "Late".into(),
            share: Curve::Constant(0.5),
        }],
        limits: Vec::new(),
    };
    let plan = optimise(&s, &Options::default()).expect("solves");
    assert!(plan.spend_usd.iter().flatten().all(|x| *x < 1e-3));
    assert!(plan.value.abs() < 1e-9, "{}", plan.value);
}

#[test]
fn the_tiny_plan_simulates_to_its_objective() {
    let s = tiny();
    let plan = optimise(&s, &Options::default()).expect("solves");
    let o = simulate(&plan.apply(&s));
    let got = objective_value(plan.objective, &o);
    assert!(
        (got - plan.value).abs() <= 1e-6 * plan.value.abs().max(1.0),
        "{got} vs {}",
        plan.value
    );
}

/// `s` (an optimal one) with `limit` as its only planner's limit.
fn limited(mut s: Scenario, limit: crate::model::SpendLimit) -> Scenario {
    if let Allocation::Optimal { limits, .. } = &mut s.allocation {
        *limits = vec![limit];
    }
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_maximum_spend_holds_the_plan_and_its_dual_is_what_more_room_buys() {
    use crate::model::SpendLimit;
    // Grant $1B a year, at most $0.5B a year spent: half the plan of the unlimited one.
    let base = one_fab(3, 1e9);
    let max = |first: f64| SpendLimit {
        max_usd_per_year: Some(Curve::steps(&[(2000.0, first), (2025.0, 0.5e9)])),
        ..SpendLimit::new("Fabs")
    };
    let s = limited(base.clone(), max(0.5e9));
    let plan = optimise(&s, &Options::default()).expect("solves");
    assert!(
        plan.spend_usd[0].iter().all(|x| close(*x, 0.5e9)),
        "{:?}",
        plan.spend_usd
    );
    assert!(close(plan.value, 1e5), "{}", plan.value);
    assert!(close(
        objective_value(plan.objective, &simulate(&plan.apply(&s))),
        plan.value
    ));
    // $1B a year more room in the first year is worth 2 · 10 · 1e3 · (3 + 2 + 1) = 1.2e5 (its
    // units make accelerators in each of the three years, each counted for the years left);
    // a re-solve with $0.1B more says the same.
    let m = plan
        .marginal
        .links
        .iter()
        .find(|l| l.kind == LinkKind::MaxSpend)
        .expect("the maximum binds");
    assert!(close(m.per_year[0], 1.2e5), "{:?}", m.per_year);
    let more = optimise(&limited(base, max(0.6e9)), &Options::default()).unwrap();
    assert!(close((more.value - plan.value) / 0.1, m.per_year[0]));
}

#[test]
fn committed_spend_is_kept_and_a_change_limit_spreads_spend() {
    use crate::model::{Commitment, SpendLimit};
    // Committed $0.3B in the first year: the other $0.7B waits and is spent the year after.
    let s = limited(
        one_fab(3, 1e9),
        SpendLimit {
            committed: Some(Commitment {
                until_year: 2025.0,
                usd_per_year: Curve::Constant(0.3e9),
            }),
            ..SpendLimit::new("Fabs")
        },
    );
    let start = s.horizon.start_year;
    assert_eq!(start, 2024);
    let plan = optimise(&s, &Options::default()).expect("solves");
    let spend = &plan.spend_usd[0];
    assert!(
        close(spend[0], 0.3e9) && close(spend[1], 1.7e9) && close(spend[2], 1e9),
        "{spend:?}"
    );
    // $3B at once, spend moving by at most $1B a year from one year to the next: 2, 1, 0.
    let mut s = one_fab(3, 0.0);
    s.funding[0].inflow_usd_per_year = Curve::steps(&[(2024.0, 3e9), (2025.0, 0.0)]);
    let free = optimise(&s, &Options::default()).expect("solves");
    assert!(close(free.spend_usd[0][0], 3e9), "{:?}", free.spend_usd);
    let s = limited(
        s,
        SpendLimit {
            max_change_usd_per_year: Some(1e9),
            ..SpendLimit::new("Fabs")
        },
    );
    let plan = optimise(&s, &Options::default()).expect("solves");
    let spend = &plan.spend_usd[0];
    assert!(
        close(spend[0], 2e9) && close(spend[1], 1e9) && spend[2] < 1.0,
        "{spend:?}"
    );
    assert!(plan.value < free.value);
    assert!(close(
        objective_value(plan.objective, &simulate(&plan.apply(&s))),
        plan.value
    ));
}

#[test]
fn a_minimum_no_money_can_meet_names_the_segment_period_and_amount() {
    use crate::model::SpendLimit;
    // $1.5B a year wanted, $1B a year granted: the first year is $0.5B a year short.
    let s = limited(
        one_fab(3, 1e9),
        SpendLimit {
            min_usd_per_year: Some(Curve::Constant(1.5e9)),
            ..SpendLimit::new("Fabs")
        },
    );
    let err = optimise(&s, &Options::default()).unwrap_err();
    let OptimalError::LimitUnmet {
        limit,
        segment,
        period,
        off_usd_per_year,
    } = &err
    else {
        panic!("{err}");
    };
    assert_eq!(
        (*limit, segment.as_str(), period.as_str()),
        ("minimum spend", "Fabs", "2024")
    );
    assert!(close(*off_usd_per_year, 0.5e9), "{err}");
    assert!(
        err.to_string()
            .starts_with("the minimum spend of Fabs cannot be met in 2024")
    );
}

#[test]
fn a_fleet_already_over_its_room_is_named_not_called_a_contradiction() {
    // One fab and a power segment of 100 MW (lead 4 years) hosting 0.01 MW per accelerator:
    // room for 10k; the initial fleet of 25k is 15k over it from the first year.
    let mut s = one_fab(6, 1e9);
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 2e6);
    power.lead_time_years = 4.0;
    power.installed_base_units = 100.0;
    power.lifetime_years = 50.0;
    s.segments.push(power);
    s.chain.hosting = vec![crate::model::HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 0.01,
    }];
    s.chain.installed_fleet_accelerators = 25e3;
    match optimise(&s, &Options::default()) {
        Err(e @ OptimalError::FleetOverRoom { .. }) => {
            let OptimalError::FleetOverRoom {
                segment,
                period,
                excess,
            } = &e
            else {
                unreachable!()
            };
            assert_eq!((segment.as_str(), period.as_str()), ("Power", "2024"));
            assert!(close(*excess, 15e3), "{e}");
            assert!(e.to_string().contains("never strands accelerators"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn with_learning_successive_programmes_keep_the_best_simulated_plan() {
    // Fabs whose cost falls 20 % per doubling of what has been built: the unit costs depend
    // on the plan, so programmes are solved until the path settles.
    let mut s = one_fab(6, 1e9);
    s.segments[0].learning_rate = 0.2;
    s.segments[0].installed_base_units = 100.0;
    let plan = optimise(&s, &Options::default()).expect("solves");
    let l = plan.learning.clone().expect("learning is reported");
    assert!(l.rounds >= 2 && l.rounds <= LEARNING_ROUNDS, "{l:?}");
    // Here the first programme (at the costs with nothing spent) spends at once, as Balanced
    // does, and is kept; the programme's own value leaves out the cost falls.
    assert!(l.kept >= 1 && l.kept <= l.rounds, "{l:?}");
    assert!(l.programme_value < plan.value, "{l:?}");
    // The value is the kept plan's simulation, exactly; the programme's own is beside it.
    let o = simulate(&plan.apply(&s));
    assert_eq!(plan.value, objective_value(plan.objective, &o));
    assert!(l.gap(&plan).is_finite());
    // It does at least as well as the first round (the programme at the seed's costs)
    // and as the Balanced rule.
    let mut seed = s.clone();
    seed.set_policy(crate::model::Policy::Balanced);
    let balanced = objective_value(plan.objective, &simulate(&seed));
    assert!(
        plan.value >= balanced * (1.0 - 1e-9),
        "{} < {balanced}",
        plan.value
    );
    // Without learning there are no rounds.
    let plain = optimise(&one_fab(6, 1e9), &Options::default()).unwrap();
    assert_eq!(plain.learning, None);
}
