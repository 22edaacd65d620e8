//! Headless commands, one module each: `run`, `check`, `diff`, `params`, `set`, `mc` (and its
//! sharded form with `mc-merge`, in `shard`), `sweep`, `tornado`, `seek`, `marginal`,
//! `optimise`, `report`; `what_if` holds `--set PATH=VALUE`, which every command that
//! computes takes.
//! This module defines the command line (clap), loads and validates scenario files for the
//! commands, and dispatches. Each command prints to stdout/stderr and returns the process exit
//! code: 0 ok, 1 invalid input (or a file that cannot be written), 2 usage.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` that stops quietly when the reader has gone (`buildout run … | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod check;
mod diff;
mod marginal;
mod mc;
mod optimise;
mod params;
mod report;
mod run;
mod seek;
mod set;
mod shard;
mod sweep;
mod tornado;
mod what_if;

use crate::io::{self, LoadError};
use crate::model::{Scenario, validate};
/// Exit code: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit code: a file could not be read, parsed or validated, or an output not written.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: u8 = 2;

const AFTER_HELP: &str = "\
Examples:
  buildout                                  open the window on the built-in $7T scenario
  buildout scenarios/baseline.ron           open a scenario in the window
  buildout run scenarios/baseline.ron       print the KPIs of a scenario
  buildout run plan.ron --csv plan.csv      ... and write every series as CSV
  buildout check a.ron b.ron                validate files (errors as file:line:column)
  buildout diff a.ron b.ron                 changed parameters, first year outcomes differ
  buildout params plan.ron                  every parameter path, value and unit
  buildout set plan.ron 'segments[Power].capex_usd_per_unit=2.6M' --dry-run
                                            edit a file in place (--dry-run: show the diff)
  buildout mc plan.ron --samples 10000 --seed 1 --csv samples.csv
                                            Monte Carlo over the file's uncertainty list
  buildout tornado plan.ron --kpi compute_end
                                            which uncertain number moves a KPI most
  buildout seek plan.ron --param 'segments[Power].capex_usd_per_unit' \
           --kpi 'delivered compute@2030' --target 5e8
                                            the value that makes a metric reach a target
  buildout marginal plan.ron                what one more $1B buys, per segment and year
  buildout optimise plan.ron --write best.ron
                                            the optimal plan, its marginal values, and the
                                            scenario with it as an editable schedule
  buildout run plan.ron --json              every KPI at full precision, and the objective
  buildout report plan.ron -o plan.html     one self-contained HTML report: KPIs, warnings,
                                            plots, uncertainty, the optimum, sources

Metrics (--kpi) are KPI keys (compute_end, fleet_end, npv_usd, capacity_end[SEGMENT], …; `mc`
lists them) or SERIES@YEAR with a series named as in the CSV header, e.g. 'fleet@2030'.

Exit codes: 0 ok, 1 invalid input, 2 usage error.
Scenario files are RON; see the README for the format.";

/// Buildout — plan large infrastructure build-outs: capacity against the capital that pays
/// for it, the binding link of the chain, and the macro limits a plan breaks.
#[derive(Debug, Parser)]
#[command(name = "buildout", version, after_help = AFTER_HELP)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A scenario file to open in the window (the built-in $7T scenario if none).
    pub file: Option<PathBuf>,
    /// Open a real window, draw until the plots are laid out, save a PNG of it to this path,
    /// and exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and print its KPIs.
    Run(run::Args),
    /// Solve the optimal plan: the allocation that maximises the objective under the engine's
    /// rules (a linear programme); print it against the file's own allocation, with the
    /// binding links and what one more $1B buys each year.
    Optimise(optimise::Args),
    /// Validate scenario files; print each problem with file:line:column or the field's path.
    Check(check::Args),
    /// Compare two scenarios: changed parameters (with units) and the first year each output
    /// series diverges.
    Diff(diff::Args),
    /// List every parameter of a scenario with its path, value and unit (paths are what
    /// uncertainty drivers and goal seek refer to).
    Params(params::Args),
    /// Set parameters of a scenario file in place (paths as `params` prints them, values as
    /// the editor reads them: 2.6M, 28B, 12.5%); only those values' text changes. An invalid
    /// result is refused and nothing is written.
    Set(set::Args),
    /// Monte Carlo over the scenario's uncertainty drivers: KPI percentiles, optionally every
    /// sample as CSV. Results depend only on the seed and sample indices, not on threads.
    Mc(mc::Args),
    /// KPIs for each of several values of one parameter: the one-parameter table.
    Sweep(sweep::Args),
    /// Join the pieces of a sharded Monte Carlo run (`mc --shard K/N --piece OUT`) into the
    /// percentiles and CSVs of one run of all the samples; refuses pieces of other runs, pieces
    /// that overlap, and gaps.
    McMerge(shard::MergeArgs),
    /// Tornado chart of one metric over the uncertainty drivers (each at its P10 and P90).
    Tornado(tornado::Args),
    /// Goal seek: the value of one parameter that makes a metric reach a target.
    Seek(seek::Args),
    /// What one more unit of money buys: extra delivered compute at the end of the horizon
    /// from spending it in each segment in each year.
    Marginal(marginal::Args),
    /// Write a self-contained HTML report of a scenario (no network, no external assets):
    /// KPIs, warnings, plots as inline SVG, uncertainty where the file has drivers, the gap
    /// to the optimum and the cited sources.
    Report(report::Args),
}

/// Runs a headless command and returns the exit code.
pub fn run(command: Command) -> ExitCode {
    let code = match &command {
        Command::Run(a) => run::run(a),
        Command::Optimise(a) => optimise::run(a),
        Command::Check(a) => check::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Params(a) => params::run(a),
        Command::Set(a) => set::run(a),
        Command::Mc(a) => mc::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::McMerge(a) => shard::merge(a),
        Command::Tornado(a) => tornado::run(a),
        Command::Seek(a) => seek::run(a),
        Command::Marginal(a) => marginal::run(a),
        Command::Report(a) => report::run(a),
    };
    ExitCode::from(code)
}

/// Reads a scenario file; prints why it cannot be read (file, line, column) and returns `None`
/// if it cannot.
fn load_reported(path: &Path) -> Option<io::Loaded> {
    io::load_file(path).map_err(|e| report_load_error(&e)).ok()
}

/// Loads and validates; prints what is wrong and returns `None` if anything is.
fn load_valid(path: &Path) -> Option<Scenario> {
    let s = match io::load_file(path) {
        Ok(loaded) => {
            if let Some(v) = loaded.migrated_from {
                eprintln!(
                    "{}: format version {v}, upgraded to version {} in memory (the file is \
                     unchanged; saving it from the window writes the new version)",
                    path.display(),
                    crate::model::FILE_VERSION
                );
            }
            loaded.scenario
        }
        Err(e) => {
            report_load_error(&e);
            return None;
        }
    };
    let issues = validate(&s);
    if issues.is_empty() {
        Some(s)
    } else {
        for i in &issues {
            eprintln!("{}: {i}", path.display());
        }
        eprintln!(
            "{}: {} problem{} found; fix {} and run again",
            path.display(),
            issues.len(),
            if issues.len() == 1 { "" } else { "s" },
            if issues.len() == 1 { "it" } else { "them" },
        );
        None
    }
}

fn report_load_error(e: &LoadError) {
    eprintln!("{e}");
}

/// Writes `bytes` to `out` (atomically); on failure says so, naming the file and what it is,
/// and returns the exit code to stop with.
fn write_output(out: &Path, what: &str, bytes: std::io::Result<Vec<u8>>) -> Result<(), u8> {
    match bytes.and_then(|b| io::write_atomically(out, &b)) {
        Ok(()) => Ok(()),
        Err(e) => {
            eprintln!("{}: cannot write the {what}: {e}", out.display());
            Err(EXIT_INVALID)
        }
    }
}

/// Prints `value` as JSON (pretty, one document) on stdout.
fn print_json(value: &impl serde::Serialize) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            out!("{text}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("cannot write the JSON: {e}");
            EXIT_INVALID
        }
    }
}
