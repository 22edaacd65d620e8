//! `buildout optimise FILE [--objective …] [--write OUT.ron] [--mps OUT.mps]`: solves the optimal plan
//! ([`crate::engine::optimal`]) and prints its objective, the share of it the file's own
//! allocation reaches, the links and caps that bind, where compute had to fall, and what one
//! more $1B buys each year. `--write` saves the scenario with the plan as its `Schedule` (the
//! file's comments and layout kept, as `set` does); `--mps` the programme itself, for another
//! solver.
//!
//! Also the JSON of `buildout run --json`, and the duals behind `buildout marginal` for an
//! `Optimal` scenario.

use std::path::PathBuf;

use super::what_if::WhatIf;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::engine::metrics::kpi_values;
use crate::engine::optimal::{self, Gap, Marginal, Options, objective_unit, objective_value};
use crate::engine::{Outcome, simulate};
use crate::format::{gap_text, quantity};
use crate::io;
use crate::model::{Objective, Scenario, validate};

/// Parses `--objective` (a file's spelling, any case, or the human name).
pub(super) fn parse_objective(text: &str) -> Option<Objective> {
    let t = text.trim().to_lowercase().replace(['-', '_', ' '], "");
    Objective::ALL
        .into_iter()
        .find(|o| o.key().to_lowercase() == t || o.label().to_lowercase().replace(' ', "") == t)
}

/// `buildout run --json`: every KPI at full precision, keyed as the KPI keys, plus
/// `residual_value_usd`, `objective_value` (the scenario's objective for this outcome) and
/// `optimum_value` (the optimal plan's; `null` when there is none). Non-finite numbers are
/// `null`.
pub(super) fn run_json(s: &Scenario, o: &Outcome, gap: Option<&Gap>) -> serde_json::Value {
    let mut fields: serde_json::Map<String, serde_json::Value> = kpi_values(o)
        .into_iter()
        .map(|k| (k.key, k.value.into()))
        .collect();
    fields.insert(
        "residual_value_usd".to_owned(),
        o.kpis.residual_value_usd.into(),
    );
    fields.insert(
        "objective_value".to_owned(),
        objective_value(s.objective, o).into(),
    );
    fields.insert(
        "optimum_value".to_owned(),
        gap.map_or(serde_json::Value::Null, |g| g.optimum.into()),
    );
    serde_json::Value::Object(fields)
}

/// Prints the marginal values of an optimal plan (`optimise`, and `marginal` for an `Optimal`
/// scenario).
pub(super) fn print_marginal(s: &Scenario, m: &Marginal, unit: &str) {
    out!("What one more $1B buys, from the duals of the optimum [{unit}]:");
    let names: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    let width: Vec<usize> = names.iter().map(|n| n.chars().count().max(10)).collect();
    let header: Vec<String> = names
        .iter()
        .zip(&width)
        .map(|(n, w)| format!("{n:>w$}"))
        .collect();
    out!("  year  {:>10}  {}", "any use", header.join("  "));
    for (y, year) in m.years.iter().enumerate() {
        let cells: Vec<String> = m
            .segment_per_billion
            .iter()
            .zip(&width)
            .map(|(v, w)| {
                let mark = if v[y] < 0.0 { "*" } else { " " };
                format!("{:>w$}{mark}", quantity(v[y]), w = w - 1)
            })
            .collect();
        out!(
            "  {year}  {:>10}  {}",
            quantity(m.per_billion[y]),
            cells.join("  ")
        );
    }
    out!("  (* the optimum would not spend there: the money is worth more elsewhere or later)");
}

fn print_links(m: &Marginal, unit: &str) {
    if m.links.is_empty() {
        return;
    }
    out!(
        "Binding links, caps and limits (the value of each, summed over the periods of a year) \
         [{unit}]:"
    );
    for l in &m.links {
        let years: Vec<String> = m
            .years
            .iter()
            .zip(&l.per_year)
            .filter(|(_, v)| **v != 0.0)
            .map(|(y, v)| format!("{y}: {}", quantity(*v)))
            .collect();
        out!(
            "  {} — {}: {}",
            l.segment,
            l.kind.describe(),
            years.join(", ")
        );
    }
}

/// The plan year by year: spend per segment, and the fleet, compute and treasury at each
/// year's end.
fn print_years(s: &Scenario, o: &Outcome) {
    let ppy = s.horizon.periods_per_year();
    let names: Vec<&str> = o.segments.iter().map(|g| g.name.as_str()).collect();
    let width: Vec<usize> = names.iter().map(|n| n.chars().count().max(9)).collect();
    let header: Vec<String> = names
        .iter()
        .zip(&width)
        .map(|(n, w)| format!("{n:>w$}"))
        .collect();
    out!("The plan by year (spend in USD; fleet, compute and treasury at the year's end):");
    out!(
        "  year  {}  {:>9}  {:>9}  {:>9}",
        header.join("  "),
        "fleet",
        "compute",
        "treasury"
    );
    for (y, start) in (0..o.len()).step_by(ppy).enumerate() {
        let end = (start + ppy).min(o.len()) - 1;
        let cells: Vec<String> = o
            .segments
            .iter()
            .zip(&width)
            .map(|(g, w)| format!("{:>w$}", quantity(g.spend_usd[start..=end].iter().sum())))
            .collect();
        out!(
            "  {}  {}  {:>9}  {:>9}  {:>9}",
            s.horizon.start_year + y as i32,
            cells.join("  "),
            quantity(o.chain.fleet[end]),
            quantity(o.chain.compute[end]),
            quantity(o.treasury_usd[end])
        );
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// CumulativeCompute (default: the file's), ComputeAtEnd, UnmetDemand.
    #[arg(long)]
    pub objective: Option<String>,
    /// Write the scenario with the optimal plan as its allocation (a Schedule).
    #[arg(long, value_name = "OUT.ron")]
    pub write: Option<PathBuf>,
    /// Write the programme in free MPS before solving it (so a programme whose limits
    /// contradict each other can be read too): for another LP solver, or to read what is
    /// optimised.
    #[arg(long, value_name = "OUT.mps")]
    pub mps: Option<PathBuf>,
    /// Let delivered compute fall from one period to the next (the unconstrained optimum,
    /// which may run the fleet down and build late).
    #[arg(long)]
    pub allow_falls: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

pub(super) fn run(a: &Args) -> u8 {
    let (file, objective, write) = (a.file.as_path(), a.objective.as_deref(), a.write.as_deref());
    let Some(loaded) = super::load_reported(file) else {
        return EXIT_INVALID;
    };
    let mut s = loaded.scenario.clone();
    if let Err(code) = super::what_if::apply(file, &mut s, &a.what_if) {
        return code;
    }
    if let Some(text) = objective {
        let Some(o) = parse_objective(text) else {
            let known: Vec<&str> = Objective::ALL.iter().map(|o| o.key()).collect();
            eprintln!(
                "--objective {text:?}: not an objective; known: {}",
                known.join(", ")
            );
            return EXIT_USAGE;
        };
        s.objective = o;
    }
    let issues = validate(&s);
    if !issues.is_empty() {
        for i in &issues {
            eprintln!("{}: {i}", file.display());
        }
        return EXIT_INVALID;
    }
    let started = std::time::Instant::now();
    let mut options = Options::default();
    options.rules.compute_never_falls = !a.allow_falls;
    if let Some(out) = &a.mps {
        let written = optimal::programme_mps(&s, &options)
            .map_err(|e| format!("no programme: {e}"))
            .and_then(|text| {
                io::write_atomically(out, text.as_bytes()).map_err(|e| format!("cannot write: {e}"))
            });
        match written {
            Ok(()) => out!("wrote {} (the programme, free MPS)", out.display()),
            Err(e) => {
                eprintln!("{}: {e}", out.display());
                return EXIT_INVALID;
            }
        }
    }
    let plan = match optimal::optimise(&s, &options) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}: no optimal plan: {e}", file.display());
            return EXIT_INVALID;
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let unit = objective_unit(&s, plan.objective);
    let best = simulate(&plan.apply(&s));
    let gap = Gap::between(&s, plan.objective, &best, &simulate(&s));
    out!(
        "{} — optimal plan for {} [{unit}]",
        s.name,
        plan.objective.label()
    );
    out!(
        "  programme: {} rows, {} columns, {} nonzeros; {} simplex iterations, {secs:.2} s",
        plan.size.rows,
        plan.size.cols,
        plan.size.nonzeros,
        plan.iterations
    );
    out!(
        "  optimum: {} (programme {})",
        quantity(gap.optimum),
        quantity(plan.value)
    );
    out!("  {}", gap_text(&gap, &unit));
    if let Some(l) = &plan.learning {
        out!(
            "  learning: {} successive programmes{}, the best simulated plan kept (round {}); its \
             programme gives {}, its simulation {} (gap {}) — a heuristic, not a proven optimum",
            l.rounds,
            if l.settled {
                " (the unit costs settled)"
            } else {
                " (the unit costs had not settled)"
            },
            l.kept,
            quantity(l.programme_value),
            quantity(plan.value),
            quantity(l.gap(&plan))
        );
    }
    if !plan.falls.is_empty() {
        let h = s.horizon;
        let list: Vec<String> = plan
            .falls
            .iter()
            .map(|(t, v)| format!("{} ({})", h.period_label(*t), quantity(*v)))
            .collect();
        out!(
            "  compute had to fall in {} period(s), where no plan avoids it: {}",
            plan.falls.len(),
            list.join(", ")
        );
    }
    print_years(&s, &best);
    print_links(&plan.marginal, &unit);
    print_marginal(&s, &plan.marginal, &unit);
    if let Some(out) = write {
        let applied = plan.apply(&s);
        match io::save_over(out, &applied, Some(&loaded.text)) {
            Ok(_) => out!(
                "wrote {} (allocation: the plan as a Schedule)",
                out.display()
            ),
            Err(e) => {
                eprintln!("{}: cannot write: {e}", out.display());
                return EXIT_INVALID;
            }
        }
    }
    EXIT_OK
}
