//! One code path for any bytes a planner might open — parse, validate, simulate — and the
//! properties that must hold for every input, whatever its bytes.
//!
//! The fuzz target (`fuzz/fuzz_targets/open_file.rs`) runs [`check_bytes`] on random bytes;
//! `tests/fuzz_replay.rs` runs it on the committed seed corpus and on every file under
//! `tests/fuzz_regressions/`, so that CI replays them without the fuzzer.

use super::{LoadError, MAX_FILE_BYTES, parse_bytes, to_ron};
use crate::engine::{metrics::kpi_values, simulate};
use crate::model::{simulated_periods, validate};

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
/// - every series of the outcome has one value per simulated period (none when the scenario is
///   too large to simulate);
/// - the outcome of a *valid* scenario is finite everywhere (every series and KPI), or says
///   where it is not ([`Checked::Overflows`]) so that the window reports it.
pub fn check_bytes(bytes: &[u8]) -> Result<Checked, String> {
    let scenario = match parse_bytes(bytes, "<fuzz>") {
        Ok((s, _)) => s,
        Err(e) => return Ok(Checked::Refused(e)),
    };
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
