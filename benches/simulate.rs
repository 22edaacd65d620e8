//! Simulation speed of each shipped scenario: `cargo bench --bench simulate`.
#![allow(clippy::print_stderr)]

use std::hint::black_box;

use buildout::engine::simulate;
use criterion::{Criterion, criterion_group, criterion_main};

fn shipped(c: &mut Criterion) {
    for name in ["accelerated-7t", "baseline", "power-constrained-5t"] {
        let path = format!("{}/scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"));
        let Ok(s) = buildout::io::load(std::path::Path::new(&path)) else {
            eprintln!("skipping {path}: it does not load");
            continue;
        };
        c.bench_function(&format!("simulate {name}"), |b| {
            b.iter(|| simulate(black_box(&s)))
        });
    }
}

criterion_group!(benches, shipped);
criterion_main!(benches);
