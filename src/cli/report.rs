//! `buildout report FILE -o OUT.html [--samples N] [--seed S] [--set PATH=VALUE]…`: writes the
//! scenario's report ([`crate::report`]), one self-contained HTML file dated today (UTC): the
//! KPIs, warnings and plots, the uncertainty analyses where the file has drivers, the gap to
//! the optimum, and the cited sources.

use std::path::PathBuf;

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::io;
use crate::model::Scenario;
use crate::report::{DEFAULT_SAMPLES, DEFAULT_SEED, ReportInput};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// Where to write the report.
    #[arg(short = 'o', long = "out", value_name = "OUT.html")]
    pub out: PathBuf,
    /// Monte Carlo samples for the fan chart and the percentiles.
    #[arg(long, default_value_t = DEFAULT_SAMPLES)]
    pub samples: usize,
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub what_if: WhatIf,
}

pub(super) fn run(a: &Args) -> u8 {
    if a.samples == 0 {
        eprintln!("--samples must be at least 1");
        return EXIT_USAGE;
    }
    match load_with(&a.file, &a.what_if) {
        Ok(s) => write(a, &s),
        Err(code) => code,
    }
}

/// Writes the report of `s`, loaded from `a.file`.
fn write(a: &Args, s: &Scenario) -> u8 {
    // The file's text, for the sources its comments cite (it was just read).
    let text = std::fs::read_to_string(&a.file).ok();
    let name = a.file.display().to_string();
    let mut input = ReportInput::new(s, io::today_utc());
    input.file_text = text.as_deref();
    input.file_name = Some(&name);
    input.samples = a.samples;
    input.seed = a.seed;
    let started = std::time::Instant::now();
    match io::write_report(&a.out, &input) {
        Ok(()) => {
            out!(
                "wrote {} — report of {} ({:.1} s)",
                a.out.display(),
                s.name,
                started.elapsed().as_secs_f64()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("{}: cannot write the report: {e}", a.out.display());
            EXIT_INVALID
        }
    }
}
