//! Speed of the analyst's questions on the default scenario: a 10,000-sample Monte Carlo on one
//! and on two threads, the tornado over its drivers, one goal seek, and the marginal value of
//! one more $1B. `cargo bench --bench analysis`.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use buildout::engine::goalseek::{Seek, goal_seek};
use buildout::engine::montecarlo::{FanSeries, McSettings, monte_carlo};
use buildout::engine::sensitivity::{marginal, tornado};
use criterion::{Criterion, criterion_group, criterion_main};

fn analysis(c: &mut Criterion) {
    let s = buildout::io::default_scenario();
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(
            format!("monte carlo 10k samples, {threads} thread(s)"),
            |b| {
                b.iter(|| {
                    pool.install(|| {
                        monte_carlo(
                            black_box(&s),
                            McSettings {
                                samples: 10_000,
                                seed: 1,
                                first_sample: 0,
                                reoptimise: false,
                            },
                            &FanSeries::None,
                            &AtomicUsize::new(0),
                            &AtomicBool::new(false),
                        )
                        .unwrap()
                    })
                });
            },
        );
    }
    group.bench_function(
        format!("tornado over {} drivers", s.uncertainty.len()),
        |b| {
            b.iter(|| tornado(black_box(&s), "compute_end").unwrap());
        },
    );
    let seek = Seek {
        path: "segments[Power].capex_usd_per_unit".into(),
        metric: "delivered compute@2030".into(),
        target: 5e8,
        low: 1e6,
        high: 5e6,
    };
    group.bench_function("goal seek", |b| {
        b.iter(|| goal_seek(black_box(&s), &seek).unwrap());
    });
    group.bench_function("marginal value of $1B", |b| {
        b.iter(|| marginal(black_box(&s), 1e9));
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
