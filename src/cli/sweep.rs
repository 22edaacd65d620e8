//! `buildout sweep FILE --param PATH --values A,B,C [--kpi K]… [--csv OUT] [--json]`: the
//! KPIs for each value of one parameter — the one-parameter table a planner would otherwise
//! build by hand. Each value is applied as `--set PATH=VALUE` would apply it (a driver on the
//! number moves with it) and validated before anything runs; the cases run in parallel.
//! Values are shown with their units; `--csv` and `--json` give them at full precision.
//! An `Optimal` scenario is re-optimised for every value (the sweep compares optimum with
//! optimum); a value at which no plan exists says why on stderr and gives no numbers (NaN).

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::what_if::{AssignError, WhatIf, assign, load_with};
use super::{EXIT_INVALID, EXIT_OK, print_json, write_output};
use crate::engine::metrics::{MetricKey, metric_unit, unknown_metric};
use crate::engine::optimal::planned_outcome;
use crate::format::{param_unit, value_with_unit};
use crate::io;
use crate::model::{param_unit_text, param_value, validate};

/// The arguments of `buildout sweep`.
#[derive(clap::Args, Clone, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// The parameter to vary (see `buildout params FILE`).
    #[arg(long)]
    pub param: String,
    /// Its values, comma-separated, read as `buildout set` reads them: 3,4,5 or 2.4M,3M.
    #[arg(long, value_delimiter = ',', required = true)]
    pub values: Vec<String>,
    /// A KPI key or SERIES@YEAR to show (repeatable; default: compute_end, fleet_end,
    /// spent_usd and, with revenue, npv_usd).
    #[arg(long = "kpi")]
    pub kpis: Vec<String>,
    /// Also write the table as CSV (full precision).
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Print the table as JSON (full precision, with units) instead.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

/// The KPIs a sweep shows when none is asked for.
const SWEEP_KPIS: [&str; 4] = ["compute_end", "fleet_end", "spent_usd", "npv_usd"];

/// `sweep --json`: `rows[i][j]` is metric `j` at `values[i]`.
#[derive(Serialize)]
struct SweepJson {
    param: String,
    param_unit: String,
    values: Vec<f64>,
    metrics: Vec<MetricJson>,
    rows: Vec<Vec<f64>>,
}

#[derive(Serialize)]
struct MetricJson {
    key: String,
    unit: String,
}

pub(super) fn run(a: &Args) -> u8 {
    let file = &a.file;
    let param = a.param.as_str();
    let s = match load_with(file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let kpis: Vec<String> = if a.kpis.is_empty() {
        SWEEP_KPIS
            .iter()
            .filter(|k| *k != &"npv_usd" || s.revenue.is_some())
            .map(|k| (*k).to_owned())
            .collect()
    } else {
        a.kpis.clone()
    };
    let base = match planned_outcome(&s) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}: no optimal plan: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    let keys: Vec<MetricKey> = kpis.iter().map(|k| MetricKey::parse(k)).collect();
    for (k, key) in kpis.iter().zip(&keys) {
        if key.value(&base).is_none() {
            eprintln!("{}: {}", file.display(), unknown_metric(&base, k));
            return EXIT_INVALID;
        }
    }
    // Each value on a copy of the scenario, validated, before anything runs.
    let mut cases = Vec::with_capacity(a.values.len());
    for v in &a.values {
        let mut c = s.clone();
        if let Err(AssignError::Usage(m) | AssignError::Invalid(m)) =
            assign(&mut c, &format!("{param}={v}"))
        {
            eprintln!("{}: {m}", file.display());
            return EXIT_INVALID;
        }
        if let Some(i) = validate(&c).first() {
            eprintln!("{}: {param} = {v}: {i}", file.display());
            return EXIT_INVALID;
        }
        let x = param_value(&c, param).unwrap_or(f64::NAN);
        cases.push((c, x));
    }
    let rows: Vec<Vec<f64>> = cases
        .par_iter()
        .map(|(c, _)| planned_outcome(c))
        .collect::<Vec<_>>()
        .into_iter()
        .zip(&a.values)
        .map(|(o, v)| match o {
            Ok(o) => keys
                .iter()
                .map(|k| k.value(&o).unwrap_or(f64::NAN))
                .collect(),
            Err(e) => {
                eprintln!("{}: {param} = {v}: no optimal plan: {e}", file.display());
                vec![f64::NAN; keys.len()]
            }
        })
        .collect();
    let units: Vec<String> = kpis
        .iter()
        .map(|k| metric_unit(&base, k).unwrap_or_default())
        .collect();
    let p_unit = param_unit_text(&s, param).unwrap_or_default();
    let xs: Vec<f64> = cases.iter().map(|(_, x)| *x).collect();
    let metrics: Vec<(String, String)> = kpis.iter().cloned().zip(units.iter().cloned()).collect();
    if a.json {
        return print_json(&SweepJson {
            param: param.to_owned(),
            param_unit: p_unit,
            values: xs,
            metrics: metrics
                .into_iter()
                .map(|(key, unit)| MetricJson { key, unit })
                .collect(),
            rows,
        });
    }
    out!("Sweep of {param} in {}", file.display());
    let mut table = vec![{
        let mut h = vec![param.to_owned()];
        h.extend(kpis.iter().cloned());
        h
    }];
    for (x, row) in xs.iter().zip(&rows) {
        let mut line = vec![param_unit(&p_unit).show(*x)];
        line.extend(row.iter().zip(&units).map(|(x, u)| value_with_unit(*x, u)));
        table.push(line);
    }
    print_aligned(&table);
    if let Some(out) = &a.csv {
        let bytes = io::sweep_csv((param, &p_unit), &metrics, &xs, &rows);
        if let Err(code) = write_output(out, "CSV", bytes) {
            return code;
        }
        out!("wrote {} ({} rows)", out.display(), rows.len());
    }
    EXIT_OK
}

/// Prints a table: the first column left-aligned, the others right-aligned.
fn print_aligned(table: &[Vec<String>]) {
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in table {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (x, w))| {
                if c == 0 {
                    format!("{x:<w$}")
                } else {
                    format!("{x:>w$}")
                }
            })
            .collect();
        out!("  {}", cells.join("  ").trim_end());
    }
}
