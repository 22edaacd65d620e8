//! One code path for any bytes a planner might open — parse, validate, simulate — and the
//! properties that must hold for every input, whatever its bytes.
//!
//! The fuzz target (`fuzz/fuzz_targets/open_file.rs`) runs [`check_bytes`] on random bytes;
//! `tests/fuzz_replay.rs` runs it on the committed seed corpus and on every file under
//! `tests/fuzz_regressions/`, so that CI replays them without the fuzzer.

use super::patch::{self, Written};
use super::{LoadError, MAX_FILE_BYTES, parse_bytes, parse_source, to_ron};
use crate::engine::{metrics::kpi_values, simulate};
use crate::model::{Scenario, for_each_number, simulated_periods, validate};

/// What became of the bytes.
#[derive(Debug)]
pub enum Checked {
    /// Not a scenario; the error says why and where.
    Refused(LoadError),
    /// A scenario with `issues` problems; simulated anyway, over `periods` periods.
    Invalid { issues: usize, periods: usize },
    /// A valid scenario, simulated over `periods` periods.
    Valid { periods: usize },
    /// A valid scenario whose results outgrow f64 (absurd magnitudes); the window reports it
    /// as an issue (see [`crate::engine::Outcome::first_non_finite`]).
    Overflows { what: String },
}

/// Parses, validates and simulates `bytes` — simulating invalid scenarios too, since the engine
/// must never panic on any scenario. Never panics itself; returns `Err` with a description when
/// one of these properties fails:
///
/// - a scenario that loads writes back (`to_ron`) to text that loads to the same scenario (or,
///   when that text is beyond [`MAX_FILE_BYTES`], is refused by `save`);
/// - a patch-save of the unchanged scenario gives its text byte for byte, and one of an edited
///   copy (numbers halved, renamed, a segment removed, another added, the segments
///   reversed) loads back to the
///   edited copy, without falling back to a fresh write;
/// - every series of the outcome has one value per simulated period (none when the scenario is
///   too large to simulate);
/// - the outcome of a *valid* scenario is finite everywhere (every series and KPI), or says
///   where it is not ([`Checked::Overflows`]) so that the window reports it.
pub fn check_bytes(bytes: &[u8]) -> Result<Checked, String> {
    let (scenario, source) = match parse_source(bytes, "<fuzz>") {
        Ok((s, _, text)) => (s, text),
        Err(e) => return Ok(Checked::Refused(e)),
    };
    patch_saves(&source, &scenario)?;
    let text = to_ron(&scenario);
    match parse_bytes(text.as_bytes(), "<written>") {
        Ok((back, _)) if back == scenario => {}
        Err(LoadError::TooLarge { .. }) if text.len() as u64 > MAX_FILE_BYTES => {}
        Ok((back, _)) => {
            return Err(format!(
                "written and read back, the scenario changed:\n{scenario:?}\n→\n{back:?}"
            ));
        }
        Err(e) => return Err(format!("the written scenario does not load: {e}\n{text}")),
    }
    let issues = validate(&scenario);
    let outcome = simulate(&scenario);
    let periods = outcome.len();
    let expected = if crate::model::too_large(&scenario).is_some() {
        0
    } else {
        simulated_periods(&scenario)
    };
    if periods != expected {
        return Err(format!("{periods} periods simulated, expected {expected}"));
    }
    for c in outcome.columns() {
        if c.values.len() != periods {
            return Err(format!(
                "series {} has {} values for {periods} periods",
                c.name,
                c.values.len()
            ));
        }
    }
    if !issues.is_empty() {
        return Ok(Checked::Invalid {
            issues: issues.len(),
            periods,
        });
    }
    // A missing IRR is listed as NaN: not an infinity.
    let missing = |key: &str| key == "irr" && outcome.kpis.irr.is_none();
    let listed = outcome
        .columns()
        .iter()
        .any(|c| c.values.iter().any(|x| !x.is_finite()))
        || kpi_values(&outcome)
            .iter()
            .any(|k| !k.value.is_finite() && !missing(&k.key));
    match outcome.first_non_finite() {
        None if listed => Err("an infinity or NaN that first_non_finite misses".to_owned()),
        None => Ok(Checked::Valid { periods }),
        Some(what) => Ok(Checked::Overflows { what }),
    }
}

/// The patch-save properties of [`check_bytes`].
fn patch_saves(source: &str, scenario: &Scenario) -> Result<(), String> {
    match patch::write(Some(source), scenario) {
        (text, Written::Patched) if text == source => {}
        (text, how) => {
            return Err(format!(
                "a patch-save of the unchanged scenario is not its text ({how:?}):\n{text}"
            ));
        }
    }
    let mut edited = scenario.clone();
    let mut k = 0usize;
    for_each_number(&mut edited, |_, x| {
        if k.is_multiple_of(3) {
            *x /= 2.0;
        }
        k += 1;
    });
    edited.name.push_str(" (edited)");
    if edited.segments.len() > 1 {
        edited.remove_segment(0);
    }
    edited.duplicate_segment(0);
    edited.segments.reverse();
    match patch::write(Some(source), &edited) {
        (_, Written::Patched) => Ok(()),
        (text, how) => Err(format!(
            "an edited copy could not be patch-saved ({how:?}):\n{text}"
        )),
    }
}
