//! `buildout run FILE [--csv OUT] [--json]`: simulates a scenario (an `Optimal` one optimised
//! first, then its schedule simulated) and prints its KPIs as the window's KPI strip shows
//! them, and its allocation against the optimal plan ("87.0 % of the best plan"); `--csv`
//! writes every series, `--json` every KPI at full precision.

use std::path::PathBuf;

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, optimise, print_json, write_output};
use crate::engine::optimal::{self, Gap, Options, objective_unit, resolved_outcome};
use crate::format::{gap_text, kpi_rows};
use crate::io;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario file (.ron).
    pub file: PathBuf,
    /// Also write every output series to this CSV file (one column per series).
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Print every KPI at full precision as one JSON object (and `objective_value`)
    /// instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

pub(super) fn run(a: &Args) -> u8 {
    let s = match load_with(&a.file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (o, plan) = match resolved_outcome(&s) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: no optimal plan: {e}", a.file.display());
            return EXIT_INVALID;
        }
    };
    // The allocation against the best plan (the plan itself for an `Optimal` scenario).
    // (For an `Optimal` scenario `o` is already its plan's outcome.)
    let (plan, gap) = match plan {
        Some(p) => {
            let gap = Gap::between(&s, p.objective, &o, &o);
            (Ok(p), Some(gap))
        }
        None => {
            let plan = optimal::optimise(&s, &Options::default());
            let gap = plan.as_ref().ok().map(|p| Gap::of(&s, p, &o));
            (plan, gap)
        }
    };
    if !a.json {
        out!(
            "{} — {}–{}, {} periods",
            s.name,
            s.horizon.start_year,
            s.horizon.end_year,
            s.horizon.period.name().to_lowercase()
        );
        let rows = kpi_rows(&s, &o);
        let width = rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0);
        for r in &rows {
            let mark = if r.warning { "  ⚠" } else { "" };
            let pad = width - r.label.chars().count();
            out!("  {}{}  {}{mark}", r.label, " ".repeat(pad), r.value);
            if r.warning && !r.detail.is_empty() {
                out!("  {}  {}", " ".repeat(width), r.detail);
            }
        }
        match (&gap, &plan) {
            (Some(g), _) => out!(
                "Against the optimal plan ({}): {}",
                g.objective.label().to_lowercase(),
                gap_text(g, &objective_unit(&s, g.objective))
            ),
            (None, Err(e)) => out!("Against the optimal plan: none found ({e})"),
            (None, Ok(_)) => {}
        }
    }
    if let Some(out) = &a.csv {
        let mut bytes = Vec::new();
        // With the optimal plan's marginal values (the best plan's for another allocation).
        let extra = plan.as_ref().map(|p| p.csv_columns(&s)).unwrap_or_default();
        let written = io::write_csv_with(&o, &extra, &mut bytes)
            .map(|()| bytes)
            .map_err(std::io::Error::other);
        if let Err(code) = write_output(out, "CSV", written) {
            return code;
        }
        if !a.json {
            out!("wrote {} ({} rows)", out.display(), o.len());
        }
    }
    if a.json {
        return print_json(&optimise::run_json(&s, &o, gap.as_ref()));
    }
    EXIT_OK
}
