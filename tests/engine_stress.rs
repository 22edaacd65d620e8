//! The engine under stress (proptest): random valid scenarios at the extremes — zero lead
//! time, zero ramp, a single period, a hundred-year horizon, a thousand segments, every period
//! length — simulate without a panic, with every output finite and the money ledger balanced
//! in every period. Strategies and checks are shared with `engine_properties.rs` (`common/`).
//!
//! Case counts keep this under half a minute in a debug build; `STRESS_CASES=N` runs N cases of
//! each (the thousand-segment one: N / 16).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use buildout::engine::simulate;
use buildout::model::{Allocation, Curve, Period, Share, too_large, validate};
use common::{assemble, check_finite, check_ledger, parts_with, period, ran_away};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;

/// `STRESS_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("STRESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Durations that are zero half of the time.
fn zero_or(hi: f64) -> BoxedStrategy<f64> {
    prop_oneof![Just(0.0), 0.0..hi].boxed()
}

/// Horizons of one year (one period when yearly), a few years, or a hundred years.
fn extreme_years() -> BoxedStrategy<i32> {
    prop_oneof![Just(1), 2i32..12, Just(100)].boxed()
}

fn check(s: &buildout::model::Scenario) -> Result<(), TestCaseError> {
    prop_assert_eq!(validate(s), vec![]);
    let o = simulate(s);
    prop_assert_eq!(o.len(), s.horizon.len());
    if ran_away(s, &o) {
        return Ok(()); // reported by the outcome, shown as an issue; see `ran_away`
    }
    check_finite(&o)?;
    check_ledger(s, &o)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Zero lead and ramp times, one period to a hundred years, any period length.
    #[test]
    fn extreme_durations_and_horizons(
        p in parts_with(period().boxed(), extreme_years(), 1..5, zero_or(6.0), zero_or(3.0))
    ) {
        check(&assemble(p))?;
    }

    /// A single period: one year, simulated yearly.
    #[test]
    fn a_single_period(
        p in parts_with(Just(Period::Year).boxed(), Just(1).boxed(), 1..6, zero_or(3.0), zero_or(2.0))
    ) {
        let s = assemble(p);
        prop_assert_eq!(s.horizon.len(), 1);
        check(&s)?;
    }
}

proptest! {
    // A thousand segments is about a second a case in a debug build.
    #![proptest_config(ProptestConfig::with_cases(cases(48) / 16))]

    /// A thousand segments, quarterly or yearly over up to a hundred years, with every segment
    /// a chain link; allocation by shares, or Balanced when its pacing fits the size limits.
    #[test]
    fn a_thousand_segments(
        p in parts_with(
            prop_oneof![Just(Period::Quarter), Just(Period::Year)].boxed(),
            prop_oneof![Just(10), Just(100)].boxed(),
            1000..1001,
            zero_or(6.0),
            zero_or(3.0),
        )
    ) {
        let mut s = assemble(p);
        if too_large(&s).is_some() {
            // Balanced over a thousand links is beyond the pacing budget: use shares.
            let n = s.segments.len() as f64;
            s.allocation = Allocation::Shares(
                s.segments
                    .iter()
                    .map(|g| Share { segment: g.name.clone(), share: Curve::Constant(1.0 / n) })
                    .collect(),
            );
        }
        prop_assert_eq!(s.segments.len(), 1000);
        check(&s)?;
    }
}

/// A hundred years of months with a thousand segments is within the limits and simulates.
#[test]
fn a_thousand_segments_monthly_over_a_hundred_years() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let p = parts_with(
        Just(Period::Month).boxed(),
        Just(100).boxed(),
        1000..1001,
        zero_or(6.0),
        zero_or(3.0),
    )
    .new_tree(&mut runner)
    .unwrap()
    .current();
    let mut s = assemble(p);
    let n = s.segments.len() as f64;
    s.allocation = Allocation::Shares(
        s.segments
            .iter()
            .map(|g| Share {
                segment: g.name.clone(),
                share: Curve::Constant(1.0 / n),
            })
            .collect(),
    );
    assert_eq!(too_large(&s), None);
    let o = simulate(&s);
    assert_eq!(o.len(), 1200);
    assert!(o.segments.iter().all(|g| g.in_service_units.len() == 1200));
    assert_eq!(o.first_non_finite(), None);
}
