//! How far a scenario's own allocation falls short of its optimum, in the objective's units,
//! and the outcome a report shows for a scenario: an `Optimal` one is optimised and its
//! schedule simulated, anything else simulated as it is.

use std::borrow::Cow;

use super::{OptimalError, Options, Plan, objective_value, optimise};
use crate::engine::{Outcome, simulate};
use crate::model::{Allocation, Objective, Scenario};

/// The unit of an objective's values for a scenario: `PFLOP/s·years`, `PFLOP/s` or `USD`.
pub fn objective_unit(s: &Scenario, objective: Objective) -> String {
    let perf = &s.chain.performance_unit;
    match objective {
        Objective::CumulativeCompute | Objective::UnmetDemand => format!("{perf}·years"),
        Objective::ComputeAtEnd => perf.clone(),
        Objective::Npv => "USD".to_owned(),
    }
}

/// Whether `s` is optimised before it is simulated.
pub fn is_optimal(s: &Scenario) -> bool {
    matches!(s.allocation, Allocation::Optimal { .. })
}

/// The outcome reported for `s`: an `Optimal` scenario is optimised (default options) and its
/// plan simulated, with the plan; anything else is simulated as it is.
pub fn resolved_outcome(s: &Scenario) -> Result<(Outcome, Option<Plan>), OptimalError> {
    if is_optimal(s) {
        let plan = optimise(s, &Options::default())?;
        Ok((simulate(&plan.apply(s)), Some(plan)))
    } else {
        Ok((simulate(s), None))
    }
}

/// `s` as analyses simulate it: an `Optimal` scenario with its optimal plan (default options)
/// applied as a schedule — solved anew for every scenario asked, so that a tornado, a goal seek
/// or a sweep of an optimal scenario compares optimum with optimum — and any other as it is.
pub fn resolve(s: &Scenario) -> Result<Cow<'_, Scenario>, OptimalError> {
    if is_optimal(s) {
        Ok(Cow::Owned(optimise(s, &Options::default())?.apply(s)))
    } else {
        Ok(Cow::Borrowed(s))
    }
}

/// The outcome of [`resolve`]d `s`.
pub fn planned_outcome(s: &Scenario) -> Result<Outcome, OptimalError> {
    resolve(s).map(|r| simulate(&r))
}

/// A scenario's allocation against the optimal plan, in the plan's objective.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    pub objective: Objective,
    /// The objective of the plan's schedule, simulated.
    pub optimum: f64,
    /// The objective of the scenario's own allocation (the optimum for an `Optimal` one).
    pub own: f64,
    /// Whether the scenario's allocation is the optimal plan itself.
    pub own_is_optimal: bool,
}

impl Gap {
    /// `plan` (of `s`) against `own`, the outcome of `s` as it stands (ignored for an
    /// `Optimal` scenario, whose own allocation is the plan).
    pub fn of(s: &Scenario, plan: &Plan, own: &Outcome) -> Self {
        Self::between(s, plan.objective, &simulate(&plan.apply(s)), own)
    }

    /// The same, for a caller that has already simulated the plan's schedule (`best`).
    pub fn between(s: &Scenario, objective: Objective, best: &Outcome, own: &Outcome) -> Self {
        let optimum = objective_value(objective, best);
        let own_is_optimal = is_optimal(s);
        Self {
            objective,
            optimum,
            own: if own_is_optimal {
                optimum
            } else {
                objective_value(objective, own)
            },
            own_is_optimal,
        }
    }

    /// The share of the optimum the own allocation reaches, for an objective that is
    /// maximised and a positive optimum.
    pub fn share(&self) -> Option<f64> {
        (self.objective.maximised() && self.optimum > 0.0).then(|| self.own / self.optimum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_is_of_a_positive_maximised_optimum() {
        let gap = |objective, optimum, own| Gap {
            objective,
            optimum,
            own,
            own_is_optimal: false,
        };
        assert_eq!(
            gap(Objective::CumulativeCompute, 200.0, 150.0).share(),
            Some(0.75)
        );
        assert_eq!(gap(Objective::CumulativeCompute, 0.0, 0.0).share(), None);
        assert_eq!(gap(Objective::UnmetDemand, 10.0, 20.0).share(), None);
        let s = crate::io::default_scenario();
        assert_eq!(
            objective_unit(&s, Objective::ComputeAtEnd),
            s.chain.performance_unit
        );
        assert_eq!(objective_unit(&s, Objective::Npv), "USD");
    }
}
