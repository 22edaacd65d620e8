//! `buildout mc FILE [--samples N] [--seed S] [--csv OUT] [--fan-csv OUT] [--reoptimise]`:
//! Monte Carlo over the scenario's uncertainty drivers, printing KPI percentiles (an `Optimal`
//! scenario's plan is solved once and held fixed; `--reoptimise` solves every sample anew); `--shard K/N --piece OUT`
//! hands over to [`super::shard`]. Also the percentile table and CSVs that a joined sharded
//! run prints and writes, so that the two cannot differ.

use std::path::{Path, PathBuf};

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, shard, write_output};
use crate::engine::montecarlo::{FAN_PERCENTILES, FanSeries, McResult, McSettings, monte_carlo};
use crate::format::value_with_unit;
use crate::io;
use crate::model::Scenario;

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, default_value_t = 1000)]
    pub samples: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Index of the first sample, to split a large sweep into pieces that together equal
    /// one run (e.g. 0 and 5000 for two halves of 10,000).
    #[arg(long, default_value_t = 0)]
    pub first_sample: u64,
    /// Threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Write one row per sample: its index, the drivers' values and every KPI.
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Write P5–P95 of every series per year (long format).
    #[arg(long, value_name = "OUT.csv")]
    pub fan_csv: Option<PathBuf>,
    /// Run only the K-th of N contiguous ranges of the samples (1-based, e.g. 3/8) and
    /// write them as a piece (`--piece`) for `buildout mc-merge`.
    #[arg(long, value_name = "K/N", value_parser = shard::parse_shard, requires = "piece",
          conflicts_with_all = ["first_sample", "csv", "fan_csv"])]
    pub shard: Option<(usize, usize)>,
    /// For an `Optimal` scenario: optimise every sample anew (what re-planning once the
    /// numbers are known is worth) instead of holding the base case's plan fixed.
    #[arg(long)]
    pub reoptimise: bool,
    /// Where `--shard` writes its piece.
    #[arg(long, value_name = "OUT", requires = "shard")]
    pub piece: Option<PathBuf>,
    #[command(flatten)]
    pub what_if: WhatIf,
}

pub(super) fn run(a: &Args) -> u8 {
    let settings = McSettings {
        samples: a.samples,
        seed: a.seed,
        first_sample: a.first_sample,
        reoptimise: a.reoptimise,
    };
    if let (Some(k_of_n), Some(piece)) = (a.shard, &a.piece) {
        return shard::shard_cmd(&a.file, settings, a.threads, k_of_n, piece, &a.what_if);
    }
    let s = match load_with(&a.file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Per sample, every KPI; the series only when their fan chart is asked for.
    let fan = if a.fan_csv.is_some() {
        FanSeries::All
    } else {
        FanSeries::None
    };
    let Some(run) = run_mc(&a.file, &s, settings, a.threads, &fan) else {
        return EXIT_INVALID;
    };
    let r = run.result;
    out!(
        "{} — {} samples (seed {}, first sample {}) over {} drivers in {:.2} s on {} threads",
        s.name,
        r.len(),
        settings.seed,
        settings.first_sample,
        r.drivers.len(),
        run.seconds,
        run.threads
    );
    if crate::engine::optimal::is_optimal(&s) {
        out!(
            "{}",
            if settings.reoptimise {
                "Each sample's optimal plan solved anew (--reoptimise): the world varies and the plan follows it."
            } else {
                "The base case's optimal plan held fixed in every sample (the plan is committed, the world varies); --reoptimise re-plans each."
            }
        );
    }
    report(&r, a.csv.as_deref(), a.fan_csv.as_deref())
}

/// A finished Monte Carlo run: its result, its wall time in seconds and its threads.
pub(super) struct McRun {
    pub result: McResult,
    pub seconds: f64,
    pub threads: usize,
}

/// Runs Monte Carlo on `threads` worker threads (default: all cores), keeping the series
/// `fan` names; a message on stderr when it cannot.
pub(super) fn run_mc(
    file: &Path,
    s: &Scenario,
    settings: McSettings,
    threads: Option<usize>,
    fan: &FanSeries,
) -> Option<McRun> {
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("cannot start the worker threads: {e}");
            return None;
        }
    };
    let started = std::time::Instant::now();
    let progress = std::sync::atomic::AtomicUsize::new(0);
    let cancel = std::sync::atomic::AtomicBool::new(false);
    match pool.install(|| monte_carlo(s, settings, fan, &progress, &cancel)) {
        Ok(result) => Some(McRun {
            result,
            seconds: started.elapsed().as_secs_f64(),
            threads: pool.current_num_threads(),
        }),
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            None
        }
    }
}

/// The KPI percentiles of a run, and its CSVs where asked: the same for one run and for the
/// pieces of a sharded run joined.
pub(super) fn report(r: &McResult, csv: Option<&Path>, fan_csv: Option<&Path>) -> u8 {
    let width = r
        .kpis
        .iter()
        .map(|k| k.key.chars().count())
        .max()
        .unwrap_or(0);
    out!(
        "  {:width$}  {:>12} {:>12} {:>12} {:>12} {:>12}",
        "KPI",
        "P5",
        "P25",
        "P50",
        "P75",
        "P95"
    );
    for (k, meta) in r.kpis.iter().enumerate() {
        let ps = r.kpi_percentiles(k, &FAN_PERCENTILES);
        let cells: Vec<String> = ps
            .iter()
            .map(|v| format!("{:>12}", value_with_unit(*v, &meta.unit)))
            .collect();
        out!("  {:width$}  {}", meta.key, cells.join(" "));
    }
    if let Some(out) = csv {
        if let Err(code) = write_output(out, "CSV", io::samples_csv(r)) {
            return code;
        }
        out!("wrote {} ({} rows)", out.display(), r.len());
    }
    if let Some(out) = fan_csv {
        if let Err(code) = write_output(out, "CSV", io::fan_csv(r)) {
            return code;
        }
        out!("wrote {}", out.display());
    }
    EXIT_OK
}
