//! Exits while two threads solve optimal plans, to show why the window closes the solver's
//! gate before it returns from `main` (see `engine::optimal::close_solver`):
//!
//! ```text
//! cargo build --release --example exit_race
//! for k in $(seq 200); do target/release/examples/exit_race $((k % 50 + 5)) --no-gate; done
//! for k in $(seq 200); do target/release/examples/exit_race $((k % 50 + 5)); done
//! ```
//!
//! The first argument is how long (ms) the threads solve before `main` returns. With
//! `--no-gate`, HiGHS's static objects are destroyed under a running solve and some exits
//! abort ("double free or corruption", "malloc_consolidate(): unaligned fastbin chunk
//! detected", a segmentation fault): 12 of 400 on this machine. With the gate closed first,
//! none of 500.
#![allow(clippy::print_stderr, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use buildout::engine::optimal::{Options, close_solver, optimise};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = buildout::io::load(&root.join("tests/golden/scenarios/chain.ron"))
        .expect("the golden chain scenario loads");
    for _ in 0..2 {
        let s = s.clone();
        std::thread::spawn(move || {
            loop {
                let _ = optimise(&s, &Options::default());
            }
        });
    }
    let mut args = std::env::args().skip(1);
    let ms = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let gate = args.next().as_deref() != Some("--no-gate");
    std::thread::sleep(Duration::from_millis(ms));
    if gate && !close_solver(Duration::from_secs(10)) {
        eprintln!("a solve was still running after 10 s");
    }
}
