//! `buildout seek FILE --param PATH --kpi K --target T [--low L] [--high H] [--json]`: the value
//! of one parameter that makes a metric reach a target, or, when no value between the bounds
//! does, how far the metric gets. Values are shown with their units (`$2.40M per MW`);
//! `--json` gives them at full precision.

use std::path::PathBuf;

use serde::Serialize;

use super::what_if::{WhatIf, load_with};
use super::{EXIT_INVALID, EXIT_OK, print_json};
use crate::engine::goalseek::{Seek, SeekAnswer, default_bounds, goal_seek};
use crate::engine::metrics::metric_unit;
use crate::engine::simulate;
use crate::format::{param_unit, value_with_unit};
use crate::model::param_unit_text;

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// The parameter's path (see `buildout params FILE`).
    #[arg(long)]
    pub param: String,
    /// A KPI key or SERIES@YEAR.
    #[arg(long)]
    pub kpi: String,
    #[arg(long, allow_hyphen_values = true)]
    pub target: f64,
    /// Lowest value to try (default: its driver's range, or 0).
    #[arg(long, allow_hyphen_values = true)]
    pub low: Option<f64>,
    /// Highest value to try (default: its driver's range, or twice its value).
    #[arg(long, allow_hyphen_values = true)]
    pub high: Option<f64>,
    /// Print the answer as JSON (full precision, with units).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub what_if: WhatIf,
}

/// `seek --json`: the question, and either `value` (found) or the metric's range (not).
#[derive(Serialize)]
struct SeekJson {
    param: String,
    param_unit: String,
    metric: String,
    metric_unit: String,
    target: f64,
    low: f64,
    high: f64,
    found: bool,
    value: Option<f64>,
    achieved: Option<f64>,
    evaluations: Option<usize>,
    min_metric: Option<f64>,
    max_metric: Option<f64>,
    closest_value: Option<f64>,
    closest_metric: Option<f64>,
}

pub(super) fn run(a: &Args) -> u8 {
    let s = match load_with(&a.file, &a.what_if) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some((dlow, dhigh)) = default_bounds(&s, &a.param) else {
        eprintln!(
            "{}: {:?} names no number of the scenario (see `buildout params FILE`)",
            a.file.display(),
            a.param
        );
        return EXIT_INVALID;
    };
    let q = Seek {
        path: a.param.clone(),
        metric: a.kpi.clone(),
        target: a.target,
        low: a.low.unwrap_or(dlow),
        high: a.high.unwrap_or(dhigh),
    };
    let unit = metric_unit(&simulate(&s), &q.metric).unwrap_or_default();
    let p_unit = param_unit_text(&s, &q.path).unwrap_or_default();
    let answer = match goal_seek(&s, &q) {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!("{}: {e}", a.file.display());
            return EXIT_INVALID;
        }
    };
    if a.json {
        return print_json(&json(&q, &answer, &p_unit, &unit));
    }
    let input = |x: f64| param_unit(&p_unit).show(x);
    let metric = |x: f64| value_with_unit(x, &unit);
    match answer {
        SeekAnswer::Found {
            value,
            achieved,
            evaluations,
        } => out!(
            "{} = {} makes {} reach {} (target {}; {evaluations} simulations)",
            q.path,
            input(value),
            q.metric,
            metric(achieved),
            metric(q.target)
        ),
        SeekAnswer::Unreachable {
            min_metric,
            max_metric,
            closest_value,
            closest_metric,
        } => out!(
            "{} cannot reach {} with {} between {} and {}: it ranges from {} to {}; the \
             closest is {} at {}",
            q.metric,
            metric(q.target),
            q.path,
            input(q.low),
            input(q.high),
            metric(min_metric),
            metric(max_metric),
            metric(closest_metric),
            input(closest_value),
        ),
    }
    EXIT_OK
}

fn json(q: &Seek, answer: &SeekAnswer, p_unit: &str, unit: &str) -> SeekJson {
    let mut j = SeekJson {
        param: q.path.clone(),
        param_unit: p_unit.to_owned(),
        metric: q.metric.clone(),
        metric_unit: unit.to_owned(),
        target: q.target,
        low: q.low,
        high: q.high,
        found: false,
        value: None,
        achieved: None,
        evaluations: None,
        min_metric: None,
        max_metric: None,
        closest_value: None,
        closest_metric: None,
    };
    match *answer {
        SeekAnswer::Found {
            value,
            achieved,
            evaluations,
        } => {
            j.found = true;
            j.value = Some(value);
            j.achieved = Some(achieved);
            j.evaluations = Some(evaluations);
        }
        SeekAnswer::Unreachable {
            min_metric,
            max_metric,
            closest_value,
            closest_metric,
        } => {
            j.min_metric = Some(min_metric);
            j.max_metric = Some(max_metric);
            j.closest_value = Some(closest_value);
            j.closest_metric = Some(closest_metric);
        }
    }
    j
}
