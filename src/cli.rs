//! Headless commands: `run`, `check`, `diff`, `params`. Each prints to stdout/stderr and
//! returns the process exit code: 0 ok, 1 invalid input (or a file that cannot be written),
//! 2 usage.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::engine::simulate;
use crate::format::{kpi_rows, usd};
use crate::io::{self, LoadError};
use crate::model::{ParamValue, Scenario, params, validate};

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
    Run {
        /// The scenario file (.ron).
        file: PathBuf,
        /// Also write every output series to this CSV file (one column per series).
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
    },
    /// Validate scenario files; print each problem with file:line:column or the field's path.
    Check {
        /// One or more scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compare two scenarios: changed parameters (with units) and the first year each output
    /// series diverges.
    Diff { a: PathBuf, b: PathBuf },
    /// List every parameter of a scenario with its path, value and unit (paths are what
    /// uncertainty drivers and goal seek refer to).
    Params { file: PathBuf },
}

/// Runs a headless command and returns the exit code.
pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Run { file, csv } => run_cmd(&file, csv.as_deref()),
        Command::Check { files } => check_cmd(&files),
        Command::Diff { a, b } => diff_cmd(&a, &b),
        Command::Params { file } => params_cmd(&file),
    };
    ExitCode::from(code)
}

/// Loads and validates; prints what is wrong and returns `None` if anything is.
fn load_valid(path: &Path) -> Option<Scenario> {
    let s = match io::load(path) {
        Ok(s) => s,
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

fn run_cmd(file: &Path, csv: Option<&Path>) -> u8 {
    let Some(s) = load_valid(file) else {
        return EXIT_INVALID;
    };
    let o = simulate(&s);
    println!(
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
        println!("  {}{}  {}{mark}", r.label, " ".repeat(pad), r.value);
        if r.warning && !r.detail.is_empty() {
            println!("  {}  {}", " ".repeat(width), r.detail);
        }
    }
    if let Some(out) = csv {
        if let Err(e) = io::write_csv_file(&o, out) {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        println!("wrote {} ({} rows)", out.display(), o.len());
    }
    EXIT_OK
}

fn check_cmd(files: &[PathBuf]) -> u8 {
    let mut ok = true;
    for f in files {
        if load_valid(f).is_some() {
            println!("{}: ok", f.display());
        } else {
            ok = false;
        }
    }
    if ok { EXIT_OK } else { EXIT_INVALID }
}

fn show(v: &Option<ParamValue>, unit: &str) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(ParamValue::Number(x)) if unit.starts_with("USD") => {
            format!("{} ({x})", usd(*x))
        }
        Some(v) => v.to_string(),
    }
}

fn diff_cmd(a: &Path, b: &Path) -> u8 {
    let (Some(sa), Some(sb)) = (load_valid(a), load_valid(b)) else {
        return EXIT_INVALID;
    };
    let d = io::diff(&sa, &sb);
    println!("Parameters: {} changed", d.changes.len());
    for c in &d.changes {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.unit)
        };
        println!(
            "  {}{unit}: {} → {}",
            c.path,
            show(&c.a, &c.unit),
            show(&c.b, &c.unit)
        );
    }
    let (diverging, same): (Vec<_>, Vec<_>) =
        d.divergence.iter().partition(|x| x.first_year.is_some());
    println!(
        "Outputs: {} diverge, {} identical",
        diverging.len(),
        same.len()
    );
    for x in diverging {
        println!(
            "  {}: from {}",
            x.series,
            x.first_year.map_or(String::new(), |y| y.to_string())
        );
    }
    EXIT_OK
}

fn params_cmd(file: &Path) -> u8 {
    let s = match io::load(file) {
        Ok(s) => s,
        Err(e) => {
            report_load_error(&e);
            return EXIT_INVALID;
        }
    };
    for p in params(&s) {
        if let ParamValue::Number(x) = p.value {
            println!("{}\t{x}\t{}", p.path, p.unit);
        }
    }
    EXIT_OK
}
