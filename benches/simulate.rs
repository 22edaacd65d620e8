//! Simulation speed: `cargo bench --bench simulate`.
//!
//! - `simulate NAME`: each shipped scenario, a fresh outcome per run (what the window does on
//!   an edit).
//! - `simulate_into accelerated-7t, warm`: the default scenario in a reused workspace and
//!   outcome sink (no allocation).
//! - `simulate accelerated-7t, optimal schedule` and `simulate_into …, optimal schedule, warm,
//!   KPIs only`: the default scenario's optimal plan applied as a schedule — what the window
//!   simulates after a solve, and what each Monte Carlo sample runs (the plan held fixed).
//! - `simulate_into one segment 192 months`: the construction pipeline alone
//!   (`benches/pysd/one-segment.ron`), warm, with the sink Monte Carlo uses (KPIs only) —
//!   the run `benches/pysd/compare.py` times against PySD on the same model.
#![allow(clippy::print_stderr, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use buildout::engine::optimal::{Options, optimise};
use buildout::engine::{KpiSink, OutcomeSink, Workspace, simulate, simulate_into};
use criterion::{Criterion, criterion_group, criterion_main};

fn load(path: &str) -> buildout::model::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    buildout::io::load(&path).expect("the benchmark's scenario loads")
}

fn shipped(c: &mut Criterion) {
    for name in ["accelerated-7t", "baseline", "power-constrained-5t"] {
        let s = load(&format!("scenarios/{name}.ron"));
        c.bench_function(&format!("simulate {name}"), |b| {
            b.iter(|| simulate(black_box(&s)))
        });
    }
    let s = load("scenarios/accelerated-7t.ron");
    let (mut ws, mut sink) = (Workspace::default(), OutcomeSink::default());
    c.bench_function("simulate_into accelerated-7t, warm", |b| {
        b.iter(|| simulate_into(black_box(&s), &mut ws, &mut sink))
    });
    let mut kpis = KpiSink::default();
    c.bench_function("simulate_into accelerated-7t, warm, KPIs only", |b| {
        b.iter(|| simulate_into(black_box(&s), &mut ws, &mut kpis))
    });
    let plan = optimise(&s, &Options::default())
        .expect("the default scenario has an optimal plan")
        .apply(&s);
    c.bench_function("simulate accelerated-7t, optimal schedule", |b| {
        b.iter(|| simulate(black_box(&plan)))
    });
    c.bench_function(
        "simulate_into accelerated-7t, optimal schedule, warm, KPIs only",
        |b| b.iter(|| simulate_into(black_box(&plan), &mut ws, &mut kpis)),
    );
    let one = load("benches/pysd/one-segment.ron");
    c.bench_function("simulate_into one segment 192 months", |b| {
        b.iter(|| simulate_into(black_box(&one), &mut ws, &mut kpis))
    });
}

criterion_group!(benches, shipped);
criterion_main!(benches);
