//! Which parameters changed between two scenarios (by path, with units). When their outcomes
//! part ways is the engine's ([`crate::engine::compare`]): it simulates.

use crate::model::{ParamValue, Scenario, params};

/// One parameter that differs (`None` where a side does not have it).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamChange {
    pub path: String,
    pub unit: String,
    pub a: Option<ParamValue>,
    pub b: Option<ParamValue>,
}

/// The parameters that differ between scenario `a` and scenario `b`, matched by path: those
/// of `a` in its order (with `b`'s value, or `None`), then those only `b` has.
pub fn param_changes(a: &Scenario, b: &Scenario) -> Vec<ParamChange> {
    let pa = params(a);
    let pb = params(b);
    let find =
        |list: &[crate::model::Param], path: &str| list.iter().find(|p| p.path == path).cloned();
    let mut changes = Vec::new();
    for p in &pa {
        match find(&pb, &p.path) {
            Some(q) if q.value == p.value => {}
            q => changes.push(ParamChange {
                path: p.path.clone(),
                unit: p.unit.clone(),
                a: Some(p.value.clone()),
                b: q.map(|q| q.value),
            }),
        }
    }
    for q in pb.iter().filter(|q| find(&pa, &q.path).is_none()) {
        changes.push(ParamChange {
            path: q.path.clone(),
            unit: q.unit.clone(),
            a: None,
            b: Some(q.value.clone()),
        });
    }
    changes
}
