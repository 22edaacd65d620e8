//! When the outcomes of two scenarios part ways: both simulated, each headline series matched
//! by name, and the first calendar year they differ. (Which parameters differ is
//! [`crate::io::param_changes`].)

use super::{Outcome, simulate};
use crate::model::Scenario;

/// When one headline series first differs between the two scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    pub series: String,
    pub unit: String,
    /// First calendar year in which the series differ, `None` if they never do.
    pub first_year: Option<i32>,
}

/// Simulates both scenarios and finds where each headline series diverges.
pub fn divergence(a: &Scenario, b: &Scenario) -> Vec<Divergence> {
    outcome_divergence(&simulate(a), &simulate(b))
}

/// Headline series of both outcomes, matched by name, and the first year each pair differs
/// by more than one part in a billion of their scale.
pub fn outcome_divergence(a: &Outcome, b: &Outcome) -> Vec<Divergence> {
    let cb = b.columns();
    let mut out = Vec::new();
    for ca in a.columns() {
        let Some(other) = cb.iter().find(|c| c.name == ca.name) else {
            continue;
        };
        let first = first_difference(a, b, ca.values, other.values);
        out.push(Divergence {
            series: ca.name.clone(),
            unit: ca.unit.clone(),
            first_year: first,
        });
    }
    let binding = (0..a.len().min(b.len()))
        .find(|&i| a.binding_name(i) != b.binding_name(i))
        .and_then(|i| a.horizon.map(|h| h.year_of(i)));
    out.push(Divergence {
        series: "binding segment".into(),
        unit: String::new(),
        first_year: binding,
    });
    out
}

fn first_difference(a: &Outcome, b: &Outcome, x: &[f64], y: &[f64]) -> Option<i32> {
    let scale = x.iter().chain(y).fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = 1e-9 * scale.max(f64::MIN_POSITIVE);
    // Compare on calendar time: the two horizons may start in different years or periods.
    let (ha, hb) = (a.horizon?, b.horizon?);
    for (i, &t) in a.time.iter().enumerate() {
        let j = b.time.iter().position(|&u| (u - t).abs() < 1e-9);
        let differs = match j {
            Some(j) => (x[i] - y[j]).abs() > tol,
            None => x[i].abs() > tol,
        };
        if differs {
            return Some(ha.year_of(i));
        }
    }
    let _ = hb;
    None
}
