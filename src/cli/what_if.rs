//! Scripted what-ifs: `--set PATH=VALUE` on the commands that compute (a changed number for
//! this run only, the file untouched), and `buildout sweep FILE --param PATH --values A,B,C`,
//! the one-parameter table a planner would otherwise build by hand. Paths are those `buildout
//! params` prints and values are read as `buildout set` and the editor read them (`2.6M`,
//! `12.5%`, `5 years`); a number with an uncertainty driver moves its distribution with it by
//! the model's rule ([`crate::model::set_param`]), and the command says so.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, load_valid, shown};
use crate::engine::metrics::{MetricKey, metric_unit};
use crate::engine::simulate;
use crate::format::value_with_unit;
use crate::model::{Scenario, set_param, validate};

/// `--set PATH=VALUE`, repeatable.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct WhatIf {
    /// Change a number (or name) for this run only, e.g. --set
    /// 'segments[Power].lead_time_years=5 years'; repeatable. Paths as `buildout params`
    /// prints them; the file is not changed.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
}

/// Why an assignment cannot be made.
pub(super) enum AssignError {
    /// Not of the form PATH=VALUE.
    Usage(String),
    /// An unknown path or a value that does not read.
    Invalid(String),
}

/// Applies one `PATH=VALUE` to `s`; says what changed (`PATH: old → new`), and how a driver
/// on the number moved with it.
pub(super) fn assign(s: &mut Scenario, assignment: &str) -> Result<String, AssignError> {
    let Some((path, value)) = assignment.split_once('=') else {
        return Err(AssignError::Usage(format!(
            "`{assignment}`: write PATH=VALUE, e.g. 'segments[Power].capex_usd_per_unit=2.6M' \
             (`buildout params FILE` lists the paths)"
        )));
    };
    let path = path.trim();
    let before = shown(s, path);
    let driver_before = driver_of(s, path);
    set_param(s, path, value.trim()).map_err(|e| AssignError::Invalid(e.to_string()))?;
    let mut change = format!("{path}: {before} → {}", shown(s, path));
    if let (Some(a), Some(b)) = (driver_before, driver_of(s, path))
        && a != b
    {
        change.push_str(&format!(" (its uncertainty moves with it: {a} → {b})"));
    }
    Ok(change)
}

/// The distribution of the driver on `path`, as the file writes it.
fn driver_of(s: &Scenario, path: &str) -> Option<String> {
    s.uncertainty
        .iter()
        .find(|d| d.path == path)
        .map(|d| ron::to_string(&d.distribution).unwrap_or_default())
}

/// Loads and validates `file`, applies the what-ifs and validates again; prints each change
/// (stderr) and what is wrong, and returns the exit code to stop with if anything is.
pub(super) fn load_with(file: &Path, w: &WhatIf) -> Result<Scenario, u8> {
    let mut s = load_valid(file).ok_or(EXIT_INVALID)?;
    apply(file, &mut s, w)?;
    Ok(s)
}

/// Applies the what-ifs to `s` (of `file`) and validates the result; prints each change
/// (stderr) and what is wrong, and returns the exit code to stop with if anything is.
pub(super) fn apply(file: &Path, s: &mut Scenario, w: &WhatIf) -> Result<(), u8> {
    for a in &w.sets {
        match assign(s, a) {
            Ok(change) => eprintln!("{}: --set {change}", file.display()),
            Err(AssignError::Usage(m)) => {
                eprintln!("{m}");
                return Err(EXIT_USAGE);
            }
            Err(AssignError::Invalid(m)) => {
                eprintln!("{}: --set {m}", file.display());
                return Err(EXIT_INVALID);
            }
        }
    }
    if !w.sets.is_empty() {
        let issues = validate(s);
        if !issues.is_empty() {
            for i in &issues {
                eprintln!("{}: with --set: {i}", file.display());
            }
            return Err(EXIT_INVALID);
        }
    }
    Ok(())
}

/// The KPIs a sweep shows when none is asked for.
const SWEEP_KPIS: [&str; 4] = ["compute_end", "fleet_end", "spent_usd", "npv_usd"];

pub(super) fn sweep_cmd(
    file: &Path,
    param: &str,
    values: &[String],
    kpis: &[String],
    csv: Option<&Path>,
    w: &WhatIf,
) -> u8 {
    let s = match load_with(file, w) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let kpis: Vec<String> = if kpis.is_empty() {
        SWEEP_KPIS
            .iter()
            .filter(|k| *k != &"npv_usd" || s.revenue.is_some())
            .map(|k| (*k).to_owned())
            .collect()
    } else {
        kpis.to_vec()
    };
    let base = simulate(&s);
    let keys: Vec<MetricKey> = kpis.iter().map(|k| MetricKey::parse(k)).collect();
    for (k, key) in kpis.iter().zip(&keys) {
        if key.value(&base).is_none() {
            eprintln!(
                "{}: {}",
                file.display(),
                crate::engine::metrics::unknown_metric(&base, k)
            );
            return EXIT_INVALID;
        }
    }
    // Each value on a copy of the scenario, validated, before anything runs.
    let mut cases = Vec::with_capacity(values.len());
    for v in values {
        let mut c = s.clone();
        let shown_value = match assign(&mut c, &format!("{param}={v}")) {
            Ok(_) => super::shown(&c, param),
            Err(AssignError::Usage(m) | AssignError::Invalid(m)) => {
                eprintln!("{}: {m}", file.display());
                return EXIT_INVALID;
            }
        };
        let issues = validate(&c);
        if let Some(i) = issues.first() {
            eprintln!("{}: {param} = {v}: {i}", file.display());
            return EXIT_INVALID;
        }
        let x = crate::model::param_value(&c, param).unwrap_or(f64::NAN);
        cases.push((c, shown_value, x));
    }
    let rows: Vec<Vec<f64>> = cases
        .par_iter()
        .map(|(c, _, _)| {
            let o = simulate(c);
            keys.iter()
                .map(|k| k.value(&o).unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    let units: Vec<String> = kpis
        .iter()
        .map(|k| metric_unit(&base, k).unwrap_or_default())
        .collect();
    out!("Sweep of {param} in {}", file.display());
    let mut table = vec![{
        let mut h = vec![param.to_owned()];
        h.extend(kpis.iter().cloned());
        h
    }];
    for ((_, shown_value, _), row) in cases.iter().zip(&rows) {
        let mut line = vec![shown_value.clone()];
        line.extend(row.iter().zip(&units).map(|(x, u)| value_with_unit(*x, u)));
        table.push(line);
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in &table {
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
    if let Some(out) = csv {
        let param_unit = crate::model::params(&s)
            .into_iter()
            .find(|p| p.path == param)
            .map(|p| p.unit)
            .unwrap_or_default();
        if let Err(e) = write_sweep_csv(out, param, &param_unit, &kpis, &units, &cases, &rows) {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        out!("wrote {} ({} rows)", out.display(), rows.len());
    }
    EXIT_OK
}

fn write_sweep_csv(
    out: &Path,
    param: &str,
    param_unit: &str,
    kpis: &[String],
    units: &[String],
    cases: &[(Scenario, String, f64)],
    rows: &[Vec<f64>],
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![format!("{param} [{param_unit}]")];
    header.extend(kpis.iter().zip(units).map(|(k, u)| format!("{k} [{u}]")));
    w.write_record(&header)?;
    for ((_, _, x), row) in cases.iter().zip(rows) {
        let mut line = vec![x.to_string()];
        line.extend(row.iter().map(f64::to_string));
        w.write_record(&line)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    crate::io::write_atomically(out, &bytes)
}

/// The CLI arguments of `buildout sweep`.
#[derive(clap::Args, Clone, Debug)]
pub struct SweepArgs {
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
    #[command(flatten)]
    pub what_if: WhatIf,
}
