//! `buildout mc --shard K/N --piece OUT` and `buildout mc-merge PIECES…`: a Monte Carlo run
//! split over machines (see the README's recipes for GNU parallel and Slurm) and joined again
//! into exactly what one run of all the samples prints and writes. The piece format is
//! [`crate::io::mc_piece`]'s.

use std::path::{Path, PathBuf};

use super::mc::{McRun, report, run_mc};
use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK};
use crate::engine::montecarlo::{FanSeries, McSettings};
use crate::io::mc_piece::{Piece, merge_pieces, scenario_hash, shard_range, write_piece};

/// Reads `K/N` (1 ≤ K ≤ N).
pub(super) fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{text}`: write K/N with 1 ≤ K ≤ N, e.g. 3/8");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (k, n) = (
        k.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    shard_range(k, n, 0).map(|_| (k, n)).ok_or_else(bad)
}

pub(super) fn shard_cmd(
    file: &Path,
    settings: McSettings,
    threads: Option<usize>,
    (k, n): (usize, usize),
    piece: &Path,
    what_if: &WhatIf,
) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(range) = shard_range(k, n, settings.samples) else {
        return EXIT_INVALID;
    };
    let part = McSettings {
        samples: range.len(),
        first_sample: range.start as u64,
        ..settings
    };
    // A piece keeps every series, so that the joined run can write any fan chart.
    let Some(McRun {
        result, seconds, ..
    }) = run_mc(file, &s, part, threads, &FanSeries::All)
    else {
        return EXIT_INVALID;
    };
    let p = Piece {
        scenario_name: s.name.clone(),
        scenario_hash: scenario_hash(&s),
        total_samples: settings.samples,
        result,
    };
    if let Err(e) = write_piece(piece, &p) {
        eprintln!("{}: cannot write the piece: {e}", piece.display());
        return EXIT_INVALID;
    }
    out!(
        "{} — piece {k}/{n}: samples {}–{} of {} (seed {}) in {seconds:.2} s, written to {}",
        s.name,
        range.start,
        range.end.saturating_sub(1),
        settings.samples,
        settings.seed,
        piece.display()
    );
    EXIT_OK
}

/// The arguments of `buildout mc-merge`.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    #[arg(required = true, value_name = "PIECES")]
    pub pieces: Vec<PathBuf>,
    /// Write one row per sample, as `mc --csv`.
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Write P5–P95 of every series per year, as `mc --fan-csv`.
    #[arg(long, value_name = "OUT.csv")]
    pub fan_csv: Option<PathBuf>,
}

pub(super) fn merge(a: &MergeArgs) -> u8 {
    let pieces = &a.pieces;
    let paths: Vec<&Path> = pieces.iter().map(PathBuf::as_path).collect();
    let joined = match merge_pieces(&paths) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    let r = &joined.result;
    out!(
        "{} — {} samples (seed {}, first sample {}) over {} drivers, joined from {} pieces",
        joined.scenario_name,
        r.len(),
        r.settings.seed,
        r.settings.first_sample,
        r.drivers.len(),
        pieces.len()
    );
    report(r, a.csv.as_deref(), a.fan_csv.as_deref())
}
