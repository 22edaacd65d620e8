//! `buildout params FILE`: every number of a scenario with its path, value and unit, one per
//! line, tab-separated (the paths `set`, `--set`, `seek`, `sweep` and uncertainty drivers
//! use). Also how the commands show one parameter's value ([`shown`]).

use std::path::PathBuf;

use super::{EXIT_INVALID, EXIT_OK, report_load_error};
use crate::format::usd;
use crate::io;
use crate::model::{ParamValue, Scenario, params};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
}

pub(super) fn run(a: &Args) -> u8 {
    let s = match io::load(&a.file) {
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

/// A parameter's value as `diff` shows it: money readable with the exact number beside it,
/// `$2.40M (2400000)`; `(absent)` where a side does not have it.
pub(super) fn show(v: &Option<ParamValue>, unit: &str) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(ParamValue::Number(x)) if unit.starts_with("USD") => {
            format!("{} ({x})", usd(*x))
        }
        Some(v) => v.to_string(),
    }
}

/// The parameter's value and unit, as `buildout diff` shows them: `$2.40M (2400000) [USD per MW]`.
pub(super) fn shown(s: &Scenario, path: &str) -> String {
    let p = params(s).into_iter().find(|p| p.path == path);
    let unit = p.as_ref().map_or("", |p| p.unit.as_str());
    let value = show(&p.as_ref().map(|p| p.value.clone()), unit);
    if unit.is_empty() {
        value
    } else {
        format!("{value} [{unit}]")
    }
}
