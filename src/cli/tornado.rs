//! `buildout tornado FILE --kpi K [--importance [--samples N] [--seed S]] [--json]`: how far
//! each uncertainty driver, at its P10 and P90 with every other number at its base value,
//! moves one metric; with `--importance`, each driver's rank correlation with the metric and
//! its Sobol' indices from all drivers drawn together. Inputs and results are shown with
//! their units as the window shows them (`$11.6K per accelerator-year`); `--json` gives the
//! same at full precision.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use serde::Serialize;

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, print_json};
use crate::engine::importance::{Importance, importance};
use crate::engine::metrics::metric_unit;
use crate::engine::sensitivity::{TORNADO_HIGH, TORNADO_LOW, Tornado, tornado};
use crate::engine::simulate;
use crate::format::{index, param_unit, value_or_no_plan, value_with_unit};
use crate::model::{Scenario, param_unit_text};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// A KPI key or SERIES@YEAR.
    #[arg(long)]
    pub kpi: String,
    /// Also each driver's rank correlation with the metric and its Sobol' indices (first
    /// and total order), from a Saltelli design of SAMPLES base rows: SAMPLES·(drivers + 2)
    /// runs.
    #[arg(long)]
    pub importance: bool,
    #[arg(long, default_value_t = 1000, requires = "importance")]
    pub samples: usize,
    #[arg(long, default_value_t = 1, requires = "importance")]
    pub seed: u64,
    /// Print the result as JSON (full precision, with units) instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

/// `tornado --json`.
#[derive(Serialize)]
struct TornadoJson {
    metric: String,
    unit: String,
    base: f64,
    low_quantile: f64,
    high_quantile: f64,
    bars: Vec<BarJson>,
    importance: Option<ImportanceJson>,
}

#[derive(Serialize)]
struct BarJson {
    path: String,
    input_unit: String,
    low_input: f64,
    high_input: f64,
    at_low: f64,
    at_high: f64,
    swing: f64,
}

#[derive(Serialize)]
struct ImportanceJson {
    base_rows: usize,
    runs: usize,
    seed: u64,
    variance: f64,
    drivers: Vec<DriverJson>,
}

#[derive(Serialize)]
struct DriverJson {
    path: String,
    spearman: Option<f64>,
    first_order: f64,
    total_order: f64,
}

pub(super) fn run(a: &Args) -> u8 {
    let s = match load_with(&a.file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let t = match tornado(&s, &a.kpi) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", a.file.display());
            return EXIT_INVALID;
        }
    };
    let unit = metric_unit(&simulate(&s), &a.kpi).unwrap_or_default();
    let imp = if a.importance {
        match importance(
            &s,
            &a.kpi,
            a.samples,
            a.seed,
            &AtomicUsize::new(0),
            &AtomicBool::new(false),
        ) {
            Ok(imp) => Some(imp),
            Err(e) => {
                eprintln!("{}: {e}", a.file.display());
                return EXIT_INVALID;
            }
        }
    } else {
        None
    };
    if a.json {
        return print_json(&json(&s, &t, &unit, imp.as_ref()));
    }
    print_tornado(&s, &t, &unit);
    if let Some(imp) = &imp {
        print_importance(imp);
    }
    EXIT_OK
}

fn input_unit(s: &Scenario, path: &str) -> String {
    param_unit_text(s, path).unwrap_or_default()
}

fn print_tornado(s: &Scenario, t: &Tornado, unit: &str) {
    out!(
        "Tornado of {} — base {}",
        t.metric,
        value_with_unit(t.base, unit)
    );
    out!("  (each driver at its P10 and P90, every other number at its base value)");
    if crate::engine::optimal::is_optimal(s) {
        out!("  (an optimal plan: each value re-optimised)");
    }
    let metric = |x: f64| value_or_no_plan(x, unit);
    for b in &t.bars {
        let u = input_unit(s, &b.path);
        let shown = |x: f64| param_unit(&u).show(x);
        let swing = format!("swing {}", metric(b.swing()));
        out!(
            "  {}: {} → {} gives {} → {} ({swing})",
            b.path,
            shown(b.low_input),
            shown(b.high_input),
            metric(b.at_low),
            metric(b.at_high),
        );
    }
}

fn print_importance(imp: &Importance) {
    out!(
        "Importance of {} — {} base rows, {} runs, seed {}",
        imp.metric,
        imp.base_rows,
        imp.runs,
        imp.seed
    );
    out!(
        "  (all drivers drawn together, largest total order first; ρ: rank correlation, S1 and \
         ST: Sobol' first and total order)"
    );
    let mut ranked: Vec<_> = imp.drivers.iter().collect();
    ranked.sort_by(|a, b| b.total_order.total_cmp(&a.total_order));
    for d in ranked {
        out!(
            "  {}: ρ {}, S1 {}, ST {}",
            d.path,
            index(d.spearman, true),
            index(Some(d.first_order), false),
            index(Some(d.total_order), false)
        );
    }
}

fn json(s: &Scenario, t: &Tornado, unit: &str, imp: Option<&Importance>) -> TornadoJson {
    TornadoJson {
        metric: t.metric.clone(),
        unit: unit.to_owned(),
        base: t.base,
        low_quantile: TORNADO_LOW,
        high_quantile: TORNADO_HIGH,
        bars: t
            .bars
            .iter()
            .map(|b| BarJson {
                path: b.path.clone(),
                input_unit: input_unit(s, &b.path),
                low_input: b.low_input,
                high_input: b.high_input,
                at_low: b.at_low,
                at_high: b.at_high,
                swing: b.swing(),
            })
            .collect(),
        importance: imp.map(|imp| ImportanceJson {
            base_rows: imp.base_rows,
            runs: imp.runs,
            seed: imp.seed,
            variance: imp.variance,
            drivers: imp
                .drivers
                .iter()
                .map(|d| DriverJson {
                    path: d.path.clone(),
                    spearman: d.spearman,
                    first_order: d.first_order,
                    total_order: d.total_order,
                })
                .collect(),
        }),
    }
}
