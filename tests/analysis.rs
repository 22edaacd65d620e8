//! Monte Carlo, tornado, goal seek and marginal value on scenarios whose answers are known in
//! closed form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, AtomicUsize};

use buildout::engine::goalseek::{Seek, SeekAnswer, goal_seek};
use buildout::engine::metrics::{AnalysisError, MetricKey};
use buildout::engine::montecarlo::{
    FAN_PERCENTILES, FanSeries, McSettings, apply_drivers, monte_carlo, sample_drivers,
};
use buildout::engine::sensitivity::{marginal, tornado};
use buildout::engine::simulate;
use buildout::model::{
    Allocation, Curve, Distribution, Driver, FundingKind, FundingSource, HostingLink, Period,
    ProductionLink, Scenario, Segment, SegmentKind, Share, validate,
};

const G: f64 = 1000.0;

/// G = 1000 of grant in 2024 buys fabs at capex c, entering service at once and lasting 100
/// years: capacity = G / c for the whole horizon 2024–2030 (yearly).
fn one_purchase(capex: Distribution) -> Scenario {
    let mut s = Scenario::template();
    s.horizon.start_year = 2024;
    s.horizon.end_year = 2030;
    s.horizon.period = Period::Year;
    s.funding = vec![FundingSource::new(
        "Grant",
        FundingKind::Grant,
        Curve::steps(&[(2024.0, G), (2025.0, 0.0)]),
    )];
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.5);
    fab.lead_time_years = 0.0;
    fab.lifetime_years = 100.0;
    s.segments = vec![fab];
    s.allocation = Allocation::Shares(vec![Share {
        segment: "Fabs".into(),
        share: Curve::Constant(1.0),
    }]);
    s.chain.production = vec![ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    }];
    s.chain.hosting.clear();
    s.uncertainty = vec![Driver {
        path: "segments[Fabs].capex_usd_per_unit".into(),
        distribution: capex,
        fixed_bounds: false,
    }];
    assert_eq!(validate(&s), vec![]);
    s
}

fn run(
    s: &Scenario,
    samples: usize,
    seed: u64,
    first_sample: u64,
) -> buildout::engine::montecarlo::McResult {
    monte_carlo(
        s,
        McSettings {
            samples,
            seed,
            first_sample,
            reoptimise: false,
        },
        &FanSeries::All,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// Capacity = G / c with c ~ Uniform(1, 2). Capacity falls as c rises, so its p-quantile is
/// G / (c's (1 − p)-quantile) = G / (2 − p): P5 = 512.8, P50 = 666.7, P95 = 952.4.
#[test]
fn monte_carlo_percentiles_match_the_closed_form() {
    let s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    let r = run(&s, 10_000, 42, 0);
    let k = r
        .kpis
        .iter()
        .position(|k| k.key == "capacity_end[Fabs]")
        .unwrap();
    let got = r.kpi_percentiles(k, &FAN_PERCENTILES);
    for (p, x) in FAN_PERCENTILES.iter().zip(&got) {
        let exact = G / (2.0 - p);
        // Sampling error of a quantile of 10,000 uniforms is about 0.5 % of the range.
        assert!(
            (x - exact).abs() < 0.01 * exact,
            "P{}: {x} vs {exact}",
            p * 100.0
        );
    }
    // The fan chart of the series agrees in every year.
    let series = r
        .series
        .iter()
        .position(|c| c.name == "Fabs in service")
        .unwrap();
    let fan = r.fan(series);
    assert_eq!(fan.years, (2024..=2030).collect::<Vec<_>>());
    for (band, p) in fan.bands.iter().zip(FAN_PERCENTILES) {
        let exact = G / (2.0 - p);
        assert!(
            band.iter().all(|x| (x - exact).abs() < 0.01 * exact),
            "{band:?}"
        );
    }
    // The drivers really were drawn from Uniform(1, 2).
    let drawn = r.driver_samples(0);
    assert!(drawn.iter().all(|c| (1.0..=2.0).contains(c)));
    let mean = drawn.iter().sum::<f64>() / drawn.len() as f64;
    assert!((mean - 1.5).abs() < 0.01, "{mean}");
}

#[test]
fn same_seed_same_results_on_one_and_two_threads() {
    let s = one_purchase(Distribution::Triangular {
        low: 1.0,
        mode: 1.2,
        high: 2.0,
    });
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run(&s, 500, 7, 0))
    };
    assert_eq!(on(1), on(2));
    // Another seed gives other samples.
    assert_ne!(
        run(&s, 50, 7, 0).driver_samples(0),
        run(&s, 50, 8, 0).driver_samples(0)
    );
}

#[test]
fn a_sweep_split_by_sample_range_equals_one_run() {
    let s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    let whole = run(&s, 100, 3, 0).driver_samples(0);
    let mut parts = run(&s, 60, 3, 0).driver_samples(0);
    parts.extend(run(&s, 40, 3, 60).driver_samples(0));
    assert_eq!(whole, parts);
}

#[test]
fn a_run_can_be_cancelled_and_needs_drivers() {
    let s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    let cancel = AtomicBool::new(true);
    let r = monte_carlo(
        &s,
        McSettings {
            samples: 1000,
            seed: 1,
            first_sample: 0,
            reoptimise: false,
        },
        &FanSeries::None,
        &AtomicUsize::new(0),
        &cancel,
    );
    assert_eq!(r, Err(buildout::engine::montecarlo::McError::Cancelled));
    let mut none = s.clone();
    none.uncertainty.clear();
    let r = monte_carlo(
        &none,
        McSettings {
            samples: 10,
            seed: 1,
            first_sample: 0,
            reoptimise: false,
        },
        &FanSeries::None,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    );
    assert_eq!(r, Err(buildout::engine::montecarlo::McError::NoDrivers));
}

/// Capacity = G / c. Drivers: c ~ U(1, 2) (P10 1.1, P90 1.9: capacity 909.1 to 526.3, swing
/// 382.8), G ~ U(900, 1100) (P10 920, P90 1080 at c = 1.5: 613.3 to 720, swing 106.7), and a
/// lead time ~ U(0, 0.01) that rounds to no period either way (swing 0). The tornado lists
/// them in that order.
#[test]
fn tornado_orders_drivers_by_swing() {
    let mut s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    s.uncertainty.push(Driver {
        path: "segments[Fabs].lead_time_years".into(),
        distribution: Distribution::Uniform {
            low: 0.0,
            high: 0.01,
        },
        fixed_bounds: false,
    });
    s.uncertainty.push(Driver {
        path: "funding[Grant].inflow_usd_per_year.points[0].value".into(),
        distribution: Distribution::Uniform {
            low: 900.0,
            high: 1100.0,
        },
        fixed_bounds: false,
    });
    assert_eq!(validate(&s), vec![]);
    let t = tornado(&s, "capacity_end[Fabs]").unwrap();
    let order: Vec<&str> = t.bars.iter().map(|b| b.path.as_str()).collect();
    assert_eq!(
        order,
        [
            "segments[Fabs].capex_usd_per_unit",
            "funding[Grant].inflow_usd_per_year.points[0].value",
            "segments[Fabs].lead_time_years",
        ]
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
    assert!(close(t.base, G / 1.5));
    assert!(close(t.bars[0].at_low, G / 1.1) && close(t.bars[0].at_high, G / 1.9));
    assert!(close(t.bars[1].at_low, 920.0 / 1.5) && close(t.bars[1].at_high, 1080.0 / 1.5));
    assert_eq!(t.bars[2].swing(), 0.0);
    match tornado(&s, "no such metric").unwrap_err() {
        AnalysisError::UnknownMetric { key, kpis } => {
            assert_eq!(key, "no such metric");
            assert!(kpis.starts_with("compute_end, fleet_end, "), "{kpis}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        tornado(&s, "delivered compute@next year"),
        Err(AnalysisError::UnknownMetric { .. })
    ));
}

/// Goal seek: capacity = 1000 / c reaches 800 at c = 1.25 — planted, and recovered.
#[test]
fn goal_seek_recovers_a_planted_value_and_says_when_it_cannot() {
    let s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    let q = Seek {
        path: "segments[Fabs].capex_usd_per_unit".into(),
        metric: "Fabs in service@2028".into(),
        target: 800.0,
        low: 0.5,
        high: 5.0,
    };
    match goal_seek(&s, &q).unwrap() {
        SeekAnswer::Found {
            value, achieved, ..
        } => {
            assert!((value - 1.25).abs() < 1e-8, "{value}");
            assert!((achieved - 800.0).abs() < 1e-5, "{achieved}");
        }
        other => panic!("{other:?}"),
    }
    // 5,000 would need c = 0.2, below the bounds: the most the bounds reach is 1000/0.5.
    let q = Seek {
        target: 5000.0,
        ..q
    };
    match goal_seek(&s, &q).unwrap() {
        SeekAnswer::Unreachable {
            max_metric,
            closest_value,
            ..
        } => {
            assert!((max_metric - 2000.0).abs() < 1e-9);
            assert_eq!(closest_value, 0.5);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        goal_seek(
            &s,
            &Seek {
                path: "nope".into(),
                ..q.clone()
            }
        )
        .is_err()
    );
}

/// Fabs could make 1,000 accelerators a year but power hosts only 100: power binds. One more
/// 50 USD on power (1 USD/MW, 1 MW per accelerator) in 2024 hosts 50 more accelerators, worth
/// 2 PFLOP/s each at the end; more fabs buy nothing.
#[test]
fn one_more_unit_of_money_buys_compute_only_at_the_binding_link() {
    let mut s = Scenario::template();
    s.horizon.start_year = 2024;
    s.horizon.end_year = 2028;
    s.horizon.period = Period::Year;
    s.funding.clear();
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", 1.0);
    fab.installed_base_units = 1000.0;
    fab.lifetime_years = 1e300;
    let mut power = Segment::new("Power", SegmentKind::Power, "MW", 1.0);
    power.installed_base_units = 100.0;
    power.lifetime_years = 1e300;
    power.lead_time_years = 0.0;
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
    s.chain.production = vec![ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    }];
    s.chain.hosting = vec![HostingLink {
        segment: "Power".into(),
        units_per_accelerator: 1.0,
    }];
    s.chain.accelerator_lifetime_years = 100.0;
    s.chain.performance_per_accelerator = Curve::Constant(2.0);
    assert_eq!(validate(&s), vec![]);
    let m = marginal(&s, 50.0);
    assert_eq!(m.years, vec![2024, 2025, 2026, 2027, 2028]);
    assert_eq!(m.segments, vec!["Fabs", "Power"]);
    for y in 0..5 {
        assert_eq!(m.gain[y][0], 0.0, "fabs in {}", m.years[y]);
        assert!(
            (m.gain[y][1] - 100.0).abs() < 1e-9,
            "power in {}: {}",
            m.years[y],
            m.gain[y][1]
        );
        assert_eq!(m.best(y), Some(1));
    }
}

/// Every sample's KPIs line up with their names, also when a KPI (here the IRR) exists in some
/// samples and not in others: the fab capacity of sample i is G / (its capex).
#[test]
fn monte_carlo_kpis_stay_aligned_when_an_irr_is_missing() {
    let mut s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    // Nothing can be started after 2024, so revenue stays in the treasury.
    s.segments[0].max_starts_units_per_year = Some(Curve::steps(&[(2024.0, 1e9), (2025.0, 0.0)]));
    s.revenue = Some(buildout::model::Revenue {
        price_usd_per_accelerator_year: Curve::Constant(1.0),
        utilisation: Curve::Constant(1.0),
        discount_rate: 0.05,
    });
    s.uncertainty.push(Driver {
        path: "revenue.price_usd_per_accelerator_year.value".into(),
        distribution: Distribution::Uniform {
            low: 0.0,
            high: 2.0,
        },
        fixed_bounds: false,
    });
    assert_eq!(validate(&s), vec![]);
    let r = run(&s, 300, 11, 0);
    let cap = r
        .kpis
        .iter()
        .position(|k| k.key == "capacity_end[Fabs]")
        .unwrap();
    let irr = r.kpis.iter().position(|k| k.key == "irr").unwrap();
    let capex = r.driver_samples(0);
    let caps = r.kpi_samples(cap);
    for (c, x) in capex.iter().zip(&caps) {
        assert!((x - G / c).abs() < 1e-6 * x, "{x} vs {}", G / c);
    }
    assert!(r.kpi_percentiles(irr, &[0.5])[0].is_finite());
    // With no revenue at all there is no IRR, but the KPI is still listed (as NaN), so the
    // KPI list has the same shape in every sample.
    let mut free = s.clone();
    free.revenue
        .as_mut()
        .unwrap()
        .price_usd_per_accelerator_year = Curve::Constant(0.0);
    free.segments[0].lifetime_years = 1.0; // worth nothing by the end: no inflow at all
    let o = simulate(&free);
    assert_eq!(o.kpis.irr, None);
    let keys = |o: &buildout::engine::Outcome| {
        buildout::engine::metrics::kpi_values(o)
            .into_iter()
            .map(|k| k.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&o), keys(&simulate(&s)));
    assert!(
        buildout::engine::metrics::metric(&o, "irr")
            .unwrap()
            .is_nan()
    );
}

/// A run keeps every KPI whatever series it keeps, and each sample's KPIs are exactly those of
/// simulating that sample's scenario into a full outcome: the sample sink and the outcome
/// compute the same numbers.
#[test]
fn monte_carlo_keeps_only_the_series_asked_for_and_the_same_kpis() {
    // Balanced: each sample is then the scenario's own simulation (an optimal plan held fixed
    // is tested in tests/optimal_analyses.rs).
    let mut s = buildout::io::default_scenario();
    s.set_policy(buildout::model::Policy::Balanced);
    let settings = McSettings {
        samples: 6,
        seed: 9,
        first_sample: 3,
        reoptimise: false,
    };
    let go = |fan: &FanSeries| {
        monte_carlo(
            &s,
            settings,
            fan,
            &AtomicUsize::new(0),
            &AtomicBool::new(false),
        )
        .unwrap()
    };
    let all = go(&FanSeries::All);
    let none = go(&FanSeries::None);
    let one = go(&FanSeries::Named(vec!["treasury".into()]));
    assert_eq!(all.series.len(), simulate(&s).columns().len());
    assert!(none.series.is_empty());
    assert_eq!(one.series.len(), 1);
    assert_eq!(one.series[0].name, "treasury");
    let k = all
        .series
        .iter()
        .position(|m| m.name == "treasury")
        .unwrap();
    for y in 0..all.years.len() {
        assert_eq!(one.series_samples(0, y), all.series_samples(k, y));
    }
    let at: Vec<buildout::model::Slot> = s
        .uncertainty
        .iter()
        .map(|d| buildout::model::slot(&s, &d.path).unwrap())
        .collect();
    let dists: Vec<_> = s.uncertainty.iter().map(|d| d.distribution).collect();
    for i in 0..settings.samples {
        let mut v = s.clone();
        let values = sample_drivers(settings.seed, settings.first_sample + i as u64, &dists);
        apply_drivers(&mut v, &at, &values);
        let mut expected = Vec::new();
        buildout::engine::metrics::kpi_numbers(&simulate(&v), &mut expected);
        for (k, x) in expected.iter().enumerate() {
            for r in [&all, &none, &one] {
                let got = r.kpi_samples(k)[i];
                assert!(
                    got == *x || (got.is_nan() && x.is_nan()),
                    "{i} {k}: {got} {x}"
                );
            }
        }
    }
}

/// A metric key is read once: a KPI key, a series at a year, or neither.
#[test]
fn metric_keys_are_parsed() {
    assert_eq!(
        MetricKey::parse("compute_end"),
        MetricKey::Kpi("compute_end".into())
    );
    assert_eq!(
        MetricKey::parse(" delivered compute @ 2030"),
        MetricKey::SeriesAt {
            series: "delivered compute".into(),
            year: 2030
        }
    );
    assert_eq!(
        MetricKey::parse("fleet@soon"),
        MetricKey::Malformed("fleet@soon".into())
    );
    let o = simulate(&buildout::io::default_scenario());
    assert_eq!(
        MetricKey::parse("compute_end").value(&o),
        Some(o.kpis.compute_end)
    );
    assert_eq!(MetricKey::parse("fleet@soon").value(&o), None);
}

/// Importance on `one_purchase` with a second driver that cannot matter (opex is never paid
/// before the metric is settled: the grant is all spent in 2024, and opex touches no capacity):
/// the capex driver explains all the variance of compute at the end, first and total order
/// (within the design's noise), and ranks perfectly against it (more capex, fewer fabs: ρ = −1
/// exactly); the opex driver gets exactly 0. The result depends only on the seed, not on
/// the threads.
#[test]
fn importance_finds_the_driver_that_matters() {
    use buildout::engine::importance::importance;
    let mut s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    s.uncertainty.push(Driver {
        path: "segments[Fabs].opex_usd_per_unit_year".into(),
        distribution: Distribution::Uniform {
            low: 0.0,
            high: 10.0,
        },
        fixed_bounds: false,
    });
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            importance(
                &s,
                "compute_end",
                512,
                3,
                &AtomicUsize::new(0),
                &AtomicBool::new(false),
            )
        })
        .unwrap()
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!((one.base_rows, one.runs), (512, 512 * 4));
    let (capex, opex) = (&one.drivers[0], &one.drivers[1]);
    assert_eq!(capex.spearman, Some(-1.0));
    assert!((capex.first_order - 1.0).abs() < 0.1, "{one:?}");
    assert!((capex.total_order - 1.0).abs() < 0.1, "{one:?}");
    assert_eq!((opex.first_order, opex.total_order), (0.0, 0.0));
    assert!(opex.spearman.is_some_and(|r| r.abs() < 0.15), "{one:?}");
    let cancelled = importance(
        &s,
        "compute_end",
        512,
        3,
        &AtomicUsize::new(0),
        &AtomicBool::new(true),
    );
    assert_eq!(cancelled, Err(AnalysisError::Cancelled));
}

/// Goal seek's default bounds hold the number as it is, also when a driver's fixed bounds
/// leave it outside (the CLI's `seek` and the window use the same bounds).
#[test]
fn default_bounds_hold_the_current_value() {
    use buildout::engine::goalseek::default_bounds;
    let mut s = one_purchase(Distribution::Uniform {
        low: 1.0,
        high: 2.0,
    });
    let path = "segments[Fabs].capex_usd_per_unit";
    assert_eq!(default_bounds(&s, path), Some((1.0, 2.0)));
    s.uncertainty[0].fixed_bounds = true;
    s.segments[0].capex_usd_per_unit = 3.5;
    assert_eq!(default_bounds(&s, path), Some((1.0, 3.5)));
    s.segments[0].capex_usd_per_unit = 0.25;
    assert_eq!(default_bounds(&s, path), Some((0.25, 2.0)));
}

/// Every number of the shipped and golden scenarios (all allocation kinds, limits, a schedule,
/// revenue, benchmarks) can be resolved to a slot, and setting the slot changes that number
/// and no other parameter.
#[test]
fn every_number_resolves_to_a_slot_that_sets_it_alone() {
    use buildout::model::{ParamValue, params, set_slot, slot};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["scenarios", "tests/golden/scenarios"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    let mut kinds = std::collections::BTreeSet::new();
    for file in &files {
        let s = buildout::io::load(file).unwrap();
        kinds.insert(format!("{:?}", std::mem::discriminant(&s.allocation)));
        let before = params(&s);
        for (k, p) in before.iter().enumerate() {
            if !matches!(p.value, ParamValue::Number(_)) {
                assert_eq!(slot(&s, &p.path), None, "{}", p.path);
                continue;
            }
            let at = slot(&s, &p.path).unwrap_or_else(|| panic!("{file:?} {}", p.path));
            let mut t = s.clone();
            let marker = -1e6 - k as f64;
            assert!(set_slot(&mut t, at, marker));
            let after = params(&t);
            assert_eq!(after.len(), before.len());
            for (x, y) in before.iter().zip(&after) {
                let want = if x.path == p.path {
                    ParamValue::Number(marker)
                } else {
                    x.value.clone()
                };
                assert_eq!(
                    (&y.path, &y.value),
                    (&x.path, &want),
                    "{file:?}: {}",
                    p.path
                );
            }
        }
    }
    assert_eq!(
        kinds.len(),
        4,
        "every allocation kind is covered: {kinds:?}"
    );
}
