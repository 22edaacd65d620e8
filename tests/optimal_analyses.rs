//! Analyses of an optimal plan (issue 8, item 11): the tornado, goal seek and sweeps re-optimise
//! for every value, so that they compare optimum with optimum; Monte Carlo holds the base
//! case's plan fixed (the plan is committed, the world varies) unless asked to re-optimise
//! every sample. Each expectation is recomputed here from `optimise` and `simulate` directly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, AtomicUsize};

use buildout::engine::goalseek::{Seek, SeekAnswer, goal_seek};
use buildout::engine::metrics::MetricKey;
use buildout::engine::montecarlo::{FanSeries, McResult, McSettings, monte_carlo};
use buildout::engine::optimal::{Options, optimise, planned_outcome};
use buildout::engine::sensitivity::tornado;
use buildout::engine::simulate;
use buildout::io;
use buildout::model::{Period, Policy, Scenario, param_mut};

/// The default scenario under `Optimal`, in quarters (a quick programme).
fn optimal_default() -> Scenario {
    let mut s = io::default_scenario();
    s.horizon.period = Period::Quarter;
    s.set_policy(Policy::Optimal);
    s
}

/// `s` with `path` set to `x`.
fn with(s: &Scenario, path: &str, x: f64) -> Scenario {
    let mut v = s.clone();
    assert!(param_mut(&mut v, path, |p| *p = x), "{path}");
    v
}

/// `compute_end` of `s`'s own optimal plan, solved here.
fn optimum_compute_end(s: &Scenario) -> f64 {
    let plan = optimise(s, &Options::default()).unwrap();
    simulate(&plan.apply(s)).kpis.compute_end
}

#[test]
fn the_tornado_of_an_optimal_scenario_re_optimises_every_bar() {
    let s = optimal_default();
    let t = tornado(&s, "compute_end").unwrap();
    assert_eq!(t.base, optimum_compute_end(&s));
    // The base case's plan held fixed, for comparison: the bars are not that.
    let held = optimise(&s, &Options::default()).unwrap().apply(&s);
    let mut differs = false;
    for b in &t.bars {
        for (input, got) in [(b.low_input, b.at_low), (b.high_input, b.at_high)] {
            let want = optimum_compute_end(&with(&s, &b.path, input));
            assert_eq!(got, want, "{} at {input}", b.path);
            let fixed = simulate(&with(&held, &b.path, input)).kpis.compute_end;
            differs |= (fixed - want).abs() > 1e-9 * want.abs();
        }
    }
    assert!(
        differs,
        "every bar equals the held plan's: the tornado did not re-optimise"
    );
}

#[test]
fn goal_seek_of_an_optimal_scenario_finds_where_the_best_plan_reaches_the_target() {
    let s = optimal_default();
    let path = "segments[Power].capex_usd_per_unit";
    let key = MetricKey::parse("compute_end");
    // A target between what the best plan reaches at $2.4M and at $4M per MW.
    let (cheap, dear) = (
        key.value_for(&with(&s, path, 2.4e6)),
        key.value_for(&with(&s, path, 4.0e6)),
    );
    assert!(
        cheap > dear,
        "cheaper power gives no more compute: {cheap} vs {dear}"
    );
    let target = 0.5 * (cheap + dear);
    let answer = goal_seek(
        &s,
        &Seek {
            path: path.to_owned(),
            metric: "compute_end".to_owned(),
            target,
            low: 2.4e6,
            high: 4.0e6,
        },
    )
    .unwrap();
    let SeekAnswer::Found {
        value, achieved, ..
    } = answer
    else {
        panic!("{answer:?}");
    };
    assert_eq!(achieved, optimum_compute_end(&with(&s, path, value)));
    assert!(
        (achieved - target).abs() <= 1e-3 * target,
        "{achieved} vs {target}"
    );
}

/// The samples' `compute_end` and driver values of a run.
fn run(s: &Scenario, reoptimise: bool) -> McResult {
    let settings = McSettings {
        samples: 3,
        seed: 7,
        first_sample: 0,
        reoptimise,
    };
    let (progress, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    monte_carlo(s, settings, &FanSeries::None, &progress, &cancel).unwrap()
}

#[test]
fn monte_carlo_holds_the_plan_fixed_unless_asked_to_re_optimise() {
    let s = optimal_default();
    let held = optimise(&s, &Options::default()).unwrap().apply(&s);
    // The drivers set by their paths (their places differ between the optimal scenario and
    // its schedule, which adds numbers to the allocation).
    let set = |s: &Scenario, values: &[f64]| {
        let mut v = s.clone();
        for (d, x) in s.uncertainty.iter().zip(values) {
            assert!(param_mut(&mut v, &d.path, |p| *p = *x), "{}", d.path);
        }
        v
    };
    let n = s.uncertainty.len();
    let k = |r: &McResult| r.kpis.iter().position(|m| m.key == "compute_end").unwrap();
    let fixed = run(&s, false);
    let replanned = run(&s, true);
    let mut differs = false;
    for j in 0..3 {
        let drivers: Vec<f64> = (0..n).map(|d| fixed.driver_samples(d)[j]).collect();
        assert_eq!(
            drivers,
            (0..n)
                .map(|d| replanned.driver_samples(d)[j])
                .collect::<Vec<_>>()
        );
        let want_fixed = simulate(&set(&held, &drivers)).kpis.compute_end;
        assert_eq!(fixed.kpi_samples(k(&fixed))[j], want_fixed, "sample {j}");
        let want_replanned = planned_outcome(&set(&s, &drivers))
            .unwrap()
            .kpis
            .compute_end;
        assert_eq!(
            replanned.kpi_samples(k(&replanned))[j],
            want_replanned,
            "sample {j}"
        );
        differs |= (want_fixed - want_replanned).abs() > 1e-9 * want_replanned.abs();
    }
    assert!(differs, "re-planning changed no sample");
}
