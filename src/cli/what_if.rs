//! Scripted what-ifs: `--set PATH=VALUE` on the commands that compute (a changed number for
//! this run only, the file untouched); `buildout sweep` ([`super::sweep`]) applies the same
//! assignment once per value. Paths are those `buildout params` prints and values are read
//! as `buildout set` and the editor read them (`2.6M`, `12.5%`, `5 years`); a number with an
//! uncertainty driver moves its distribution with it by the model's rule
//! ([`crate::model::set_param`]), and the command says so.

use std::path::Path;

use super::params::shown;
use super::{EXIT_INVALID, EXIT_USAGE, load_valid};
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
