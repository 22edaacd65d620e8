//! Headless commands: `run`, `check`, `diff`, `params`, `set` (in `cli/set.rs`), `mc`,
//! `tornado`, `seek`, `marginal`, `optimise` (in `cli/optimise.rs`). Each prints to stdout/stderr and
//! returns the process exit code: 0 ok, 1 invalid input (or a file that cannot be written),
//! 2 usage.
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

mod optimise;
mod set;
mod shard;
mod what_if;

use what_if::{WhatIf, load_with};

use crate::engine::goalseek::{Seek, SeekAnswer, default_bounds, goal_seek};
use crate::engine::importance::importance;
use crate::engine::metrics::metric_unit;
use crate::engine::montecarlo::{FAN_PERCENTILES, FanSeries, McResult, McSettings, monte_carlo};
use crate::engine::sensitivity::{marginal, tornado};
use crate::engine::simulate;
use crate::format::{kpi_rows, usd, value_with_unit};
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
    Run {
        /// The scenario file (.ron).
        file: PathBuf,
        /// Also write every output series to this CSV file (one column per series).
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
        /// Print every KPI at full precision as one JSON object (and `objective_value`)
        /// instead of the table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// Solve the optimal plan: the allocation that maximises the objective under the engine's
    /// rules (a linear programme); print it against the file's own allocation, with the
    /// binding links and what one more $1B buys each year.
    Optimise {
        file: PathBuf,
        /// CumulativeCompute (default: the file's), ComputeAtEnd, UnmetDemand.
        #[arg(long)]
        objective: Option<String>,
        /// Write the scenario with the optimal plan as its allocation (a Schedule).
        #[arg(long, value_name = "OUT.ron")]
        write: Option<PathBuf>,
        /// Let delivered compute fall from one period to the next (the unconstrained optimum,
        /// which may run the fleet down and build late).
        #[arg(long)]
        allow_falls: bool,
        #[command(flatten)]
        what_if: WhatIf,
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
    /// Set parameters of a scenario file in place (paths as `params` prints them, values as
    /// the editor reads them: 2.6M, 28B, 12.5%); only those values' text changes. An invalid
    /// result is refused and nothing is written.
    Set {
        file: PathBuf,
        /// One or more PATH=VALUE, e.g. 'segments[Power].capex_usd_per_unit=2.6M'.
        #[arg(required = true, value_name = "PATH=VALUE")]
        assignments: Vec<String>,
        /// Print the diff of the file instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Monte Carlo over the scenario's uncertainty drivers: KPI percentiles, optionally every
    /// sample as CSV. Results depend only on the seed and sample indices, not on threads.
    Mc {
        file: PathBuf,
        #[arg(long, default_value_t = 1000)]
        samples: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Index of the first sample, to split a large sweep into pieces that together equal
        /// one run (e.g. 0 and 5000 for two halves of 10,000).
        #[arg(long, default_value_t = 0)]
        first_sample: u64,
        /// Threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Write one row per sample: its index, the drivers' values and every KPI.
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
        /// Write P5–P95 of every series per year (long format).
        #[arg(long, value_name = "OUT.csv")]
        fan_csv: Option<PathBuf>,
        /// Run only the K-th of N contiguous ranges of the samples (1-based, e.g. 3/8) and
        /// write them as a piece (`--piece`) for `buildout mc-merge`.
        #[arg(long, value_name = "K/N", value_parser = shard::parse_shard, requires = "piece",
              conflicts_with_all = ["first_sample", "csv", "fan_csv"])]
        shard: Option<(usize, usize)>,
        /// Where `--shard` writes its piece.
        #[arg(long, value_name = "OUT", requires = "shard")]
        piece: Option<PathBuf>,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// KPIs for each of several values of one parameter: the one-parameter table.
    Sweep(what_if::SweepArgs),
    /// Join the pieces of a sharded Monte Carlo run (`mc --shard K/N --piece OUT`) into the
    /// percentiles and CSVs of one run of all the samples; refuses pieces of other runs, pieces
    /// that overlap, and gaps.
    McMerge {
        #[arg(required = true, value_name = "PIECES")]
        pieces: Vec<PathBuf>,
        /// Write one row per sample, as `mc --csv`.
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
        /// Write P5–P95 of every series per year, as `mc --fan-csv`.
        #[arg(long, value_name = "OUT.csv")]
        fan_csv: Option<PathBuf>,
    },
    /// Tornado chart of one metric over the uncertainty drivers (each at its P10 and P90).
    Tornado {
        file: PathBuf,
        /// A KPI key or SERIES@YEAR.
        #[arg(long)]
        kpi: String,
        /// Also each driver's rank correlation with the metric and its Sobol' indices (first
        /// and total order), from a Saltelli design of SAMPLES base rows: SAMPLES·(drivers + 2)
        /// runs.
        #[arg(long)]
        importance: bool,
        #[arg(long, default_value_t = 1000, requires = "importance")]
        samples: usize,
        #[arg(long, default_value_t = 1, requires = "importance")]
        seed: u64,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// Goal seek: the value of one parameter that makes a metric reach a target.
    Seek {
        file: PathBuf,
        /// The parameter's path (see `buildout params FILE`).
        #[arg(long)]
        param: String,
        /// A KPI key or SERIES@YEAR.
        #[arg(long)]
        kpi: String,
        #[arg(long, allow_hyphen_values = true)]
        target: f64,
        /// Lowest value to try (default: its driver's range, or 0).
        #[arg(long, allow_hyphen_values = true)]
        low: Option<f64>,
        /// Highest value to try (default: its driver's range, or twice its value).
        #[arg(long, allow_hyphen_values = true)]
        high: Option<f64>,
        #[command(flatten)]
        what_if: WhatIf,
    },
    /// What one more unit of money buys: extra delivered compute at the end of the horizon
    /// from spending it in each segment in each year.
    Marginal {
        file: PathBuf,
        #[arg(long, default_value_t = 1e9)]
        usd: f64,
        #[command(flatten)]
        what_if: WhatIf,
    },
}

/// Runs a headless command and returns the exit code.
pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Run {
            file,
            csv,
            json,
            what_if,
        } => run_cmd(&file, csv.as_deref(), json, &what_if),
        Command::Optimise {
            file,
            objective,
            write,
            allow_falls,
            what_if,
        } => optimise::optimise_cmd(
            &file,
            objective.as_deref(),
            write.as_deref(),
            allow_falls,
            &what_if,
        ),
        Command::Check { files } => check_cmd(&files),
        Command::Diff { a, b } => diff_cmd(&a, &b),
        Command::Params { file } => params_cmd(&file),
        Command::Set {
            file,
            assignments,
            dry_run,
        } => set::set_cmd(&file, &assignments, dry_run),
        Command::Mc {
            file,
            samples,
            seed,
            first_sample,
            threads,
            csv,
            fan_csv,
            shard,
            piece,
            what_if,
        } => {
            let settings = McSettings {
                samples,
                seed,
                first_sample,
            };
            match (shard, piece) {
                (Some(shard), Some(piece)) => {
                    shard::shard_cmd(&file, settings, threads, shard, &piece, &what_if)
                }
                _ => mc_cmd(
                    &file,
                    settings,
                    threads,
                    csv.as_deref(),
                    fan_csv.as_deref(),
                    &what_if,
                ),
            }
        }
        Command::McMerge {
            pieces,
            csv,
            fan_csv,
        } => shard::merge_cmd(&pieces, csv.as_deref(), fan_csv.as_deref()),
        Command::Tornado {
            file,
            kpi,
            importance,
            samples,
            seed,
            what_if,
        } => tornado_cmd(&file, &kpi, importance.then_some((samples, seed)), &what_if),
        Command::Sweep(a) => what_if::sweep_cmd(
            &a.file,
            &a.param,
            &a.values,
            &a.kpis,
            a.csv.as_deref(),
            &a.what_if,
        ),
        Command::Seek {
            file,
            param,
            kpi,
            target,
            low,
            high,
            what_if,
        } => seek_cmd(&file, param, kpi, target, (low, high), &what_if),
        Command::Marginal { file, usd, what_if } => marginal_cmd(&file, usd, &what_if),
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

fn run_cmd(file: &Path, csv: Option<&Path>, json: bool, what_if: &WhatIf) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let o = match optimise::resolved_outcome(&s) {
        Ok((o, _)) => o,
        Err(e) => {
            eprintln!("{}: no optimal plan: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    if json {
        out!("{}", optimise::run_json(&s, &o));
        if let Some(out) = csv
            && let Err(e) = io::write_csv_file(&o, out)
        {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        return EXIT_OK;
    }
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
    if let Some(out) = csv {
        if let Err(e) = io::write_csv_file(&o, out) {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        out!("wrote {} ({} rows)", out.display(), o.len());
    }
    EXIT_OK
}

fn check_cmd(files: &[PathBuf]) -> u8 {
    let mut ok = true;
    for f in files {
        if load_valid(f).is_some() {
            out!("{}: ok", f.display());
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
    out!("Parameters: {} changed", d.changes.len());
    for c in &d.changes {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.unit)
        };
        out!(
            "  {}{unit}: {} → {}",
            c.path,
            show(&c.a, &c.unit),
            show(&c.b, &c.unit)
        );
    }
    let (diverging, same): (Vec<_>, Vec<_>) =
        d.divergence.iter().partition(|x| x.first_year.is_some());
    out!(
        "Outputs: {} diverge, {} identical",
        diverging.len(),
        same.len()
    );
    for x in diverging {
        out!(
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
            out!("{}\t{x}\t{}", p.path, p.unit);
        }
    }
    EXIT_OK
}

/// A finished Monte Carlo run: its result, its wall time in seconds and its threads.
struct McRun {
    result: McResult,
    seconds: f64,
    threads: usize,
}

/// Runs Monte Carlo on `threads` worker threads (default: all cores), keeping the series
/// `fan` names; a message on stderr when it cannot.
fn run_mc(
    file: &Path,
    s: &crate::model::Scenario,
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

fn mc_cmd(
    file: &Path,
    settings: McSettings,
    threads: Option<usize>,
    csv: Option<&Path>,
    fan_csv: Option<&Path>,
    what_if: &WhatIf,
) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Per sample, every KPI; the series only when their fan chart is asked for.
    let fan = if fan_csv.is_some() {
        FanSeries::All
    } else {
        FanSeries::None
    };
    let Some(run) = run_mc(file, &s, settings, threads, &fan) else {
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
    report_mc(&r, csv, fan_csv)
}

/// The KPI percentiles of a run, and its CSVs where asked: the same for one run and for the
/// pieces of a sharded run joined.
fn report_mc(r: &McResult, csv: Option<&Path>, fan_csv: Option<&Path>) -> u8 {
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
        if let Err(e) = write_samples_csv(r, out) {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        out!("wrote {} ({} rows)", out.display(), r.len());
    }
    if let Some(out) = fan_csv {
        if let Err(e) = write_fan_csv(r, out) {
            eprintln!("{}: cannot write the CSV: {e}", out.display());
            return EXIT_INVALID;
        }
        out!("wrote {}", out.display());
    }
    EXIT_OK
}

fn write_samples_csv(r: &McResult, out: &Path) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["sample".to_owned()];
    header.extend(r.drivers.iter().cloned());
    header.extend(r.kpis.iter().map(|k| format!("{} [{}]", k.key, k.unit)));
    w.write_record(&header)?;
    let drivers: Vec<Vec<f64>> = (0..r.drivers.len()).map(|d| r.driver_samples(d)).collect();
    let kpis: Vec<Vec<f64>> = (0..r.kpis.len()).map(|k| r.kpi_samples(k)).collect();
    for i in 0..r.len() {
        let mut row = vec![(r.settings.first_sample + i as u64).to_string()];
        row.extend(drivers.iter().map(|d| d[i].to_string()));
        row.extend(kpis.iter().map(|k| k[i].to_string()));
        w.write_record(&row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    io::write_atomically(out, &bytes)
}

fn write_fan_csv(r: &McResult, out: &Path) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["series", "unit", "year", "P5", "P25", "P50", "P75", "P95"])?;
    for (k, meta) in r.series.iter().enumerate() {
        let fan = r.fan(k);
        for (y, year) in fan.years.iter().enumerate() {
            let mut row = vec![meta.name.clone(), meta.unit.clone(), year.to_string()];
            row.extend(fan.bands.iter().map(|b| b[y].to_string()));
            w.write_record(&row)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    io::write_atomically(out, &bytes)
}

fn tornado_cmd(
    file: &Path,
    kpi: &str,
    with_importance: Option<(usize, u64)>,
    what_if: &WhatIf,
) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let t = match tornado(&s, kpi) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    let unit = metric_unit(&simulate(&s), kpi).unwrap_or_default();
    out!("Tornado of {kpi} — base {}", value_with_unit(t.base, &unit));
    out!("  (each driver at its P10 and P90, every other number at its base value)");
    for b in &t.bars {
        out!(
            "  {}: {} → {} gives {} → {} (swing {})",
            b.path,
            b.low_input,
            b.high_input,
            value_with_unit(b.at_low, &unit),
            value_with_unit(b.at_high, &unit),
            value_with_unit(b.swing(), &unit)
        );
    }
    let Some((samples, seed)) = with_importance else {
        return EXIT_OK;
    };
    let imp = match importance(
        &s,
        kpi,
        samples,
        seed,
        &std::sync::atomic::AtomicUsize::new(0),
        &std::sync::atomic::AtomicBool::new(false),
    ) {
        Ok(imp) => imp,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    out!(
        "Importance of {kpi} — {} base rows, {} runs, seed {}",
        imp.base_rows,
        imp.runs,
        imp.seed
    );
    out!(
        "  (all drivers drawn together; ρ: rank correlation, S1 and ST: Sobol' first and total order)"
    );
    for d in &imp.drivers {
        let rho = d
            .spearman
            .map_or_else(|| "—".to_owned(), |r| format!("{r:+.2}"));
        out!(
            "  {}: ρ {rho}, S1 {:.2}, ST {:.2}",
            d.path,
            d.first_order,
            d.total_order
        );
    }
    EXIT_OK
}

fn seek_cmd(
    file: &Path,
    param: String,
    kpi: String,
    target: f64,
    (low, high): (Option<f64>, Option<f64>),
    what_if: &WhatIf,
) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some((dlow, dhigh)) = default_bounds(&s, &param) else {
        eprintln!(
            "{}: {param:?} names no number of the scenario (see `buildout params FILE`)",
            file.display()
        );
        return EXIT_INVALID;
    };
    let q = Seek {
        path: param,
        metric: kpi,
        target,
        low: low.unwrap_or(dlow),
        high: high.unwrap_or(dhigh),
    };
    let unit = metric_unit(&simulate(&s), &q.metric).unwrap_or_default();
    match goal_seek(&s, &q) {
        Ok(SeekAnswer::Found {
            value,
            achieved,
            evaluations,
        }) => {
            out!(
                "{} = {value} makes {} reach {} (target {}; {evaluations} simulations)",
                q.path,
                q.metric,
                value_with_unit(achieved, &unit),
                value_with_unit(q.target, &unit)
            );
            EXIT_OK
        }
        Ok(SeekAnswer::Unreachable {
            min_metric,
            max_metric,
            closest_value,
            closest_metric,
        }) => {
            out!(
                "{} cannot reach {} with {} between {} and {}: it ranges from {} to {}; the \
                 closest is {} at {closest_value}",
                q.metric,
                value_with_unit(q.target, &unit),
                q.path,
                q.low,
                q.high,
                value_with_unit(min_metric, &unit),
                value_with_unit(max_metric, &unit),
                value_with_unit(closest_metric, &unit),
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            EXIT_INVALID
        }
    }
}

fn marginal_cmd(file: &Path, extra_usd: f64, what_if: &WhatIf) -> u8 {
    let s = match load_with(file, what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if matches!(s.allocation, crate::model::Allocation::Optimal { .. }) {
        return match crate::engine::optimal::optimise(&s, &Default::default()) {
            Ok(plan) => {
                let unit = optimise::objective_unit(&s, plan.objective);
                optimise::print_marginal(&s, &plan.marginal, &unit);
                EXIT_OK
            }
            Err(e) => {
                eprintln!("{}: no optimal plan: {e}", file.display());
                EXIT_INVALID
            }
        };
    }
    let m = marginal(&s, extra_usd);
    out!(
        "What {} more buys: extra delivered compute at the end of {} [{}], by the year and \
         segment it is spent in",
        usd(extra_usd),
        s.horizon.end_year,
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
            .map(|(g, w)| format!("{:>w$}", crate::format::quantity(*g)))
            .collect();
        let best = m.best(y).map_or("—", |k| m.segments[k].as_str());
        out!("  {year}  {}  {best}", cells.join("  "));
    }
    EXIT_OK
}

/// The parameter's value and unit, as `buildout diff` shows them: `$2.40M (2400000) [USD per MW]`.
fn shown(s: &Scenario, path: &str) -> String {
    let p = crate::model::params(s).into_iter().find(|p| p.path == path);
    let unit = p.as_ref().map_or("", |p| p.unit.as_str());
    let value = show(&p.as_ref().map(|p| p.value.clone()), unit);
    if unit.is_empty() {
        value
    } else {
        format!("{value} [{unit}]")
    }
}
