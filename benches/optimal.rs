//! The optimal plan's programme: `cargo bench --bench optimal`.
//!
//! The default scenario (`scenarios/accelerated-7t.ron`) in monthly, quarterly and yearly
//! periods: building and solving the programme (first stage, the optimum and its duals), and
//! the whole `optimise` with the tie-break's second solve. The programme's size is printed
//! once per variant. Solver settings are those of `engine::optimal` (single-threaded).
#![allow(clippy::print_stderr, clippy::expect_used)]

use std::hint::black_box;

use buildout::engine::optimal::{Options, optimise};
use buildout::model::Period;
use criterion::{Criterion, criterion_group, criterion_main};

fn programme(c: &mut Criterion) {
    let mut group = c.benchmark_group("optimal");
    group.sample_size(10);
    for period in [Period::Month, Period::Quarter, Period::Year] {
        let mut s = buildout::io::default_scenario();
        s.horizon.period = period;
        let first = Options {
            tie_break: false,
            ..Options::default()
        };
        let plan = optimise(&s, &first).expect("the default scenario solves");
        eprintln!(
            "accelerated-7t {}: {} rows, {} columns, {} nonzeros, {} iterations",
            period.name(),
            plan.size.rows,
            plan.size.cols,
            plan.size.nonzeros,
            plan.iterations
        );
        group.bench_function(format!("solve accelerated-7t {}", period.name()), |b| {
            b.iter(|| optimise(black_box(&s), &first))
        });
        group.bench_function(
            format!("solve + tie-break accelerated-7t {}", period.name()),
            |b| b.iter(|| optimise(black_box(&s), &Options::default())),
        );
    }
    group.finish();
}

criterion_group!(benches, programme);
criterion_main!(benches);
