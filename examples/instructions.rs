//! Runs one of the simulation benchmarks' workloads a given number of times, for counting
//! instructions with valgrind — a measure that, unlike wall time on a shared 2-core VM, does
//! not move with the neighbours:
//!
//! ```text
//! cargo build --release --example instructions
//! valgrind --tool=callgrind target/release/examples/instructions WORKLOAD 0
//! valgrind --tool=callgrind target/release/examples/instructions WORKLOAD 50
//! ```
//!
//! The difference of the two totals over 50 is the instructions of one run. `WORKLOAD` is
//! one of `one-segment` (`benches/pysd/one-segment.ron`, KPIs only), `kpis` (the default
//! scenario under `Balanced`, KPIs only), `schedule` (the default's optimal schedule, KPIs
//! only: a Monte Carlo sample), `warm` (the default into a reused outcome) and `fresh`
//! (`simulate` of the default) — the workloads of `benches/simulate.rs`.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use buildout::engine::optimal::{Options, optimise};
use buildout::engine::{KpiSink, OutcomeSink, Workspace, simulate, simulate_into};

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args
        .next()
        .expect("a workload: one-segment, kpis, schedule, warm, fresh");
    let runs: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number of runs");
    let file = if workload == "one-segment" {
        "benches/pysd/one-segment.ron"
    } else {
        "scenarios/accelerated-7t.ron"
    };
    let s = buildout::io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        .expect("the scenario loads");
    if !["one-segment", "kpis", "schedule", "warm", "fresh"].contains(&workload.as_str()) {
        eprintln!("no workload {workload}: one-segment, kpis, schedule, warm or fresh");
        std::process::exit(2);
    }
    let s = match workload.as_str() {
        "schedule" => optimise(&s, &Options::default())
            .expect("the default scenario has an optimal plan")
            .apply(&s),
        _ => s,
    };
    let (mut ws, mut kpis, mut outcome) = (
        Workspace::default(),
        KpiSink::default(),
        OutcomeSink::default(),
    );
    for _ in 0..runs {
        match workload.as_str() {
            "one-segment" | "kpis" | "schedule" => {
                simulate_into(black_box(&s), &mut ws, &mut kpis);
            }
            "warm" => simulate_into(black_box(&s), &mut ws, &mut outcome),
            _ => drop(black_box(simulate(black_box(&s)))),
        }
    }
    println!("{runs} runs of {workload}");
}
