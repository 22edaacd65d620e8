//! `buildout marginal FILE [--usd X] [--json]`: what one more unit of money buys — extra
//! delivered compute at the end of the horizon from spending it in each segment in each year
//! (one simulation per cell). For an `Optimal` scenario the answer comes from the optimum's
//! duals instead ([`super::optimise::print_marginal`]). `--json` gives the table at full
//! precision.

use std::path::PathBuf;

use serde::Serialize;

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, optimise, print_json};
use crate::engine::optimal;
use crate::engine::sensitivity::{Marginal, marginal};
use crate::format::{quantity, usd};
use crate::model::Allocation;

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, default_value_t = 1e9)]
    pub usd: f64,
    /// Print the table as JSON (full precision, with its unit).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

/// `marginal --json`: `gain[y][k]` is what `usd` more spent on segment `k` in `years[y]` adds
/// to delivered compute at the end (for an optimal plan, `per_billion` and
/// `segment_per_billion[k][y]` in the objective's unit instead).
#[derive(Serialize)]
struct MarginalJson {
    source: &'static str,
    usd: f64,
    unit: String,
    years: Vec<i32>,
    segments: Vec<String>,
    gain: Option<Vec<Vec<f64>>>,
    best: Option<Vec<Option<String>>>,
    per_billion: Option<Vec<f64>>,
    segment_per_billion: Option<Vec<Vec<f64>>>,
}

pub(super) fn run(a: &Args) -> u8 {
    let s = match load_with(&a.file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let segments: Vec<String> = s.segments.iter().map(|g| g.name.clone()).collect();
    if matches!(s.allocation, Allocation::Optimal { .. }) {
        return match optimal::optimise(&s, &Default::default()) {
            Ok(plan) => {
                let unit = optimal::objective_unit(&s, plan.objective);
                if a.json {
                    return print_json(&MarginalJson {
                        source: "duals of the optimal plan",
                        usd: 1e9,
                        unit,
                        years: plan.marginal.years.clone(),
                        segments,
                        gain: None,
                        best: None,
                        per_billion: Some(plan.marginal.per_billion.clone()),
                        segment_per_billion: Some(plan.marginal.segment_per_billion.clone()),
                    });
                }
                optimise::print_marginal(&s, &plan.marginal, &unit);
                EXIT_OK
            }
            Err(e) => {
                eprintln!("{}: no optimal plan: {e}", a.file.display());
                EXIT_INVALID
            }
        };
    }
    let m = marginal(&s, a.usd);
    if a.json {
        return print_json(&MarginalJson {
            source: "one simulation per segment and year",
            usd: m.usd,
            unit: m.unit.clone(),
            years: m.years.clone(),
            best: Some(
                (0..m.years.len())
                    .map(|y| m.best(y).map(|k| m.segments[k].clone()))
                    .collect(),
            ),
            segments,
            gain: Some(m.gain.clone()),
            per_billion: None,
            segment_per_billion: None,
        });
    }
    print_table(&m, s.horizon.end_year);
    EXIT_OK
}

fn print_table(m: &Marginal, end_year: i32) {
    out!(
        "What {} more buys: extra delivered compute at the end of {end_year} [{}], by the year \
         and segment it is spent in",
        usd(m.usd),
        m.unit
    );
    let width = m
        .segments
        .iter()
        .map(|n| n.chars().count().max(10))
        .collect::<Vec<_>>();
    let header: Vec<String> = m
        .segments
        .iter()
        .zip(&width)
        .map(|(n, w)| format!("{n:>w$}"))
        .collect();
    out!("  year  {}  best", header.join("  "));
    for (y, year) in m.years.iter().enumerate() {
        let cells: Vec<String> = m.gain[y]
            .iter()
            .zip(&width)
            .map(|(g, w)| format!("{:>w$}", quantity(*g)))
            .collect();
        let best = m.best(y).map_or("—", |k| m.segments[k].as_str());
        out!("  {year}  {}  {best}", cells.join("  "));
    }
}
