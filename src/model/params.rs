//! Every parameter of a scenario by path — the one place that knows how to name a number.
//!
//! A path mirrors the file: fields joined by `.`, list elements keyed by their name, e.g.
//! `segments[Leading-edge fabs].lead_time_years`, `funding[Bonds].kind.rate`,
//! `funding[Bonds].inflow_usd_per_year.points[2].value`, `allocation[Power].share.value`,
//! `chain.hosting[Power].units_per_accelerator`. A curve's own path holds its kind
//! (`Constant`, `Growth`, …) and its numbers hang below it: a constant inflow is
//! `funding[Bonds].inflow_usd_per_year` = `Constant`, with its number at
//! `funding[Bonds].inflow_usd_per_year.value`.
//!
//! Uncertainty drivers, goal seek and `buildout diff` all use these paths.

use super::{Allocation, Curve, Distribution, FundingKind, Scenario, Segment, Share};

/// The value of one parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Number(f64),
    /// Names, kinds, units and other values that are not free numbers.
    Text(String),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(x) => write!(f, "{x}"),
            Self::Text(s) => write!(f, "{s:?}"),
        }
    }
}

/// One parameter: where it is, what it is, in which unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub path: String,
    pub value: ParamValue,
    pub unit: String,
}

trait Visit {
    fn number(&mut self, path: &str, value: &mut f64, unit: &str);
    fn text(&mut self, path: &str, value: &str);
}

/// Every parameter of the scenario, in file order.
pub fn params(scenario: &Scenario) -> Vec<Param> {
    struct Collect(Vec<Param>);
    impl Visit for Collect {
        fn number(&mut self, path: &str, value: &mut f64, unit: &str) {
            self.0.push(Param {
                path: path.to_owned(),
                value: ParamValue::Number(*value),
                unit: unit.to_owned(),
            });
        }
        fn text(&mut self, path: &str, value: &str) {
            self.0.push(Param {
                path: path.to_owned(),
                value: ParamValue::Text(value.to_owned()),
                unit: String::new(),
            });
        }
    }
    let mut c = Collect(Vec::new());
    walk(&mut scenario.clone(), &mut c, true);
    c.0
}

/// Calls `f(path, number)` for every free number of the scenario; `f` may change it.
pub fn for_each_param(scenario: &mut Scenario, f: impl FnMut(&str, &mut f64)) {
    struct Each<F>(F);
    impl<F: FnMut(&str, &mut f64)> Visit for Each<F> {
        fn number(&mut self, path: &str, value: &mut f64, _unit: &str) {
            (self.0)(path, value);
        }
        fn text(&mut self, _path: &str, _value: &str) {}
    }
    walk(scenario, &mut Each(f), true);
}

/// Calls `f(k, number)` for the `k`-th free number of the scenario, in the order of
/// [`for_each_param`], without naming them: the fast way to set numbers many times (Monte
/// Carlo sets a few numbers per sample by their [`Slot`]s instead).
pub fn for_each_number(scenario: &mut Scenario, mut f: impl FnMut(usize, &mut f64)) {
    struct Each<F>(F, usize);
    impl<F: FnMut(usize, &mut f64)> Visit for Each<F> {
        fn number(&mut self, _path: &str, value: &mut f64, _unit: &str) {
            (self.0)(self.1, value);
            self.1 += 1;
        }
        fn text(&mut self, _path: &str, _value: &str) {}
    }
    walk(scenario, &mut Each(&mut f, 0), false);
}

/// The number at `path`, if there is one.
pub fn param_value(scenario: &Scenario, path: &str) -> Option<f64> {
    let mut found = None;
    for_each_param(&mut scenario.clone(), |p, x| {
        if p == path {
            found = Some(*x);
        }
    });
    found
}

/// The unit text of the parameter at `path` (as [`params`] gives it), if there is one.
pub fn param_unit_text(scenario: &Scenario, path: &str) -> Option<String> {
    params(scenario)
        .into_iter()
        .find(|p| p.path == path)
        .map(|p| p.unit)
}

/// Runs `f` on the number at `path`; returns whether the path names a number.
pub fn param_mut(scenario: &mut Scenario, path: &str, mut f: impl FnMut(&mut f64)) -> bool {
    let mut found = false;
    for_each_param(scenario, |p, x| {
        if p == path {
            f(x);
            found = true;
        }
    });
    found
}

/// Why [`set_param`] refused an assignment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error(
        "`{0}` is not a parameter of this scenario; `buildout params FILE` lists the paths of \
         its numbers"
    )]
    NoSuchPath(String),
    #[error(
        "`{path}` is a number; `{value}` is not one (write e.g. 2.6e6, 2.6M, 28B, 12.5% or \
         1,200)"
    )]
    NotANumber { path: String, value: String },
    #[error(
        "`{0}` cannot be set this way; numbers, `name`, `description`, `chain.performance_unit` \
         and each segment's `unit` and `notes` (and each source's and benchmark's `notes`) can"
    )]
    NotSettable(String),
}

/// Sets the parameter at `path` (as [`params`] names it) from `value` as a person writes it:
/// a number with units for a number (`2.6M`, `28B`, `12.5%`; see [`super::parse_stored`]),
/// the text itself for a name, unit or note.
pub fn set_param(scenario: &mut Scenario, path: &str, value: &str) -> Result<(), SetError> {
    if param_value(scenario, path).is_some() {
        let x = super::parse_stored(value).ok_or_else(|| SetError::NotANumber {
            path: path.to_owned(),
            value: value.to_owned(),
        })?;
        // The distribution of an uncertain number follows it.
        super::set_number(scenario, path, x);
        return Ok(());
    }
    let known = params(scenario).iter().any(|p| p.path == path);
    match text_slot(scenario, path) {
        Some(slot) => {
            *slot = value.to_owned();
            Ok(())
        }
        None if known => Err(SetError::NotSettable(path.to_owned())),
        None => Err(SetError::NoSuchPath(path.to_owned())),
    }
}

/// The text field at `path` that [`set_param`] may set.
fn text_slot<'s>(s: &'s mut Scenario, path: &str) -> Option<&'s mut String> {
    match path {
        "name" => return Some(&mut s.name),
        "description" => return Some(&mut s.description),
        "chain.performance_unit" => return Some(&mut s.chain.performance_unit),
        _ => {}
    }
    let (list, rest) = path.split_once('[')?;
    let (name, field) = rest.rsplit_once("].")?;
    let seg = |s: &'s mut Scenario| s.segments.iter_mut().find(|x| x.name == name);
    match (list, field) {
        ("segments", "unit") => seg(s).map(|x| &mut x.unit),
        ("segments", "notes") => seg(s).map(|x| &mut x.notes),
        ("funding", "notes") => s
            .funding
            .iter_mut()
            .find(|x| x.name == name)
            .map(|x| &mut x.notes),
        ("benchmarks", "notes") => {
            let b = s.benchmarks.iter_mut().find(|x| x.name == name);
            b.map(|x| &mut x.notes)
        }
        _ => None,
    }
}

/// Builds paths in one reused buffer while walking.
struct Walker<'v> {
    path: String,
    visit: &'v mut dyn Visit,
    /// Build paths, units and texts (else only numbers are visited, with empty names).
    paths: bool,
}

impl Walker<'_> {
    fn push(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if !self.paths {
            return len;
        }
        if !self.path.is_empty() && !key.starts_with('[') {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    fn push_keyed(&mut self, list: &str, name: &str) -> usize {
        if !self.paths {
            return 0;
        }
        // An empty list name keys the current path itself: `allocation[Fabs]`.
        let len = if list.is_empty() {
            self.path.len()
        } else {
            self.push(list)
        };
        self.path.push('[');
        self.path.push_str(name);
        self.path.push(']');
        len
    }

    fn num(&mut self, key: &str, value: &mut f64, unit: &str) {
        let len = self.push(key);
        self.visit.number(&self.path, value, unit);
        self.path.truncate(len);
    }

    fn opt_num(&mut self, key: &str, value: &mut Option<f64>, unit: &str) {
        if let Some(v) = value {
            self.num(key, v, unit);
        }
    }

    fn text(&mut self, key: &str, value: &str) {
        self.text_with(key, || value.to_owned());
    }

    /// A text parameter whose value is made only when paths are wanted.
    fn text_with(&mut self, key: &str, value: impl FnOnce() -> String) {
        if !self.paths {
            return;
        }
        let len = self.push(key);
        self.visit.text(&self.path, &value());
        self.path.truncate(len);
    }

    /// The text value of the current path itself (a kind).
    fn own_text(&mut self, value: &str) {
        if self.paths {
            self.visit.text(&self.path, value);
        }
    }

    fn curve(&mut self, key: &str, curve: &mut Curve, unit: &str) {
        let len = self.push(key);
        self.own_text(curve.kind_name());
        if let Curve::Points { interpolation, .. } = curve {
            self.text_with("interpolation", || format!("{interpolation:?}"));
        }
        let paths = self.paths;
        curve.numbers_mut(|field, x| {
            let field_unit = match field.name {
                f if f.ends_with("year") => "year",
                "rate_per_year" | "steepness_per_year" => "1/yr",
                _ => unit,
            };
            if paths && field.point.is_some() {
                self.num(&field.to_string(), x, field_unit);
            } else {
                self.num(field.name, x, field_unit);
            }
        });
        self.path.truncate(len);
    }

    fn opt_curve(&mut self, key: &str, curve: &mut Option<Curve>, unit: &str) {
        if let Some(c) = curve {
            self.curve(key, c, unit);
        }
    }

    fn share(&mut self, s: &mut Share) {
        let len = self.push_keyed("", &s.segment);
        self.curve("share", &mut s.share, "fraction");
        self.path.truncate(len);
    }

    fn segment(&mut self, s: &mut Segment) {
        let len = self.push_keyed("segments", &s.name);
        // Units are made only when they will be shown.
        let unit_with = |pattern: &str| {
            if self.paths {
                pattern.replace("{unit}", &s.unit)
            } else {
                String::new()
            }
        };
        let (unit, per_unit, per_unit_year, per_year) = (
            unit_with("{unit}"),
            unit_with("USD per {unit}"),
            unit_with("USD per {unit} per year"),
            unit_with("{unit} per year"),
        );
        self.text("kind", s.kind.label());
        self.text("unit", &unit);
        self.num("installed_base_units", &mut s.installed_base_units, &unit);
        self.num("capex_usd_per_unit", &mut s.capex_usd_per_unit, &per_unit);
        self.num("learning_rate", &mut s.learning_rate, "fraction");
        self.opt_num("learning_base_units", &mut s.learning_base_units, &unit);
        self.num("lead_time_years", &mut s.lead_time_years, "years");
        self.num("ramp_years", &mut s.ramp_years, "years");
        self.num("lifetime_years", &mut s.lifetime_years, "years");
        self.num(
            "opex_usd_per_unit_year",
            &mut s.opex_usd_per_unit_year,
            &per_unit_year,
        );
        self.opt_curve(
            "max_starts_units_per_year",
            &mut s.max_starts_units_per_year,
            &per_year,
        );
        self.opt_curve(
            "baseline_additions_units_per_year",
            &mut s.baseline_additions_units_per_year,
            &per_year,
        );
        self.text("notes", &s.notes);
        self.path.truncate(len);
    }
}

/// A part of a scenario that the walk can visit on its own: a [`Slot`] names a number by its
/// part and its place within the part, so that setting it walks only that part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Version, name, description, horizon and the initial treasury.
    Head,
    Funding(usize),
    Segment(usize),
    /// The allocation's kind.
    AllocationKind,
    /// One entry of the allocation: a share (fixed or not), then, under `Optimal`, a limit;
    /// under `Schedule`, a segment's spend, then the installations.
    AllocationEntry(usize),
    Objective,
    Production(usize),
    Hosting(usize),
    /// The chain's lifetime, installed fleet and performance.
    ChainRest,
    Demand,
    Revenue,
    Benchmark(usize),
    /// KPI years and the uncertainty list (texts only).
    Tail,
}

/// The parts of `s`, in file order.
fn parts(s: &Scenario) -> impl Iterator<Item = Part> + use<> {
    let entries = match &s.allocation {
        Allocation::Shares(list) | Allocation::Balanced { fixed: list } => list.len(),
        Allocation::Optimal { fixed, limits } => fixed.len() + limits.len(),
        Allocation::Schedule(plan) => plan.spend.len() + 1,
    };
    let c = &s.chain;
    let (nf, ns, np, nh, nb) = (
        s.funding.len(),
        s.segments.len(),
        c.production.len(),
        c.hosting.len(),
        s.benchmarks.len(),
    );
    std::iter::once(Part::Head)
        .chain((0..nf).map(Part::Funding))
        .chain((0..ns).map(Part::Segment))
        .chain([Part::AllocationKind])
        .chain((0..entries).map(Part::AllocationEntry))
        .chain([Part::Objective])
        .chain((0..np).map(Part::Production))
        .chain((0..nh).map(Part::Hosting))
        .chain([Part::ChainRest, Part::Demand, Part::Revenue])
        .chain((0..nb).map(Part::Benchmark))
        .chain([Part::Tail])
}

/// Where a number of a scenario is, resolved once from its path ([`slot`]) and set many times
/// ([`set_slot`]) without walking the rest of the scenario: how Monte Carlo and the importance
/// analysis set their drivers for every sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    part: Part,
    /// Its place among the numbers of its part.
    index: usize,
}

/// The slot of the number at `path` (the last, should two share a path), if there is one.
pub fn slot(scenario: &Scenario, path: &str) -> Option<Slot> {
    struct Find<'p> {
        want: &'p str,
        part: Part,
        index: usize,
        found: Option<Slot>,
    }
    impl Visit for Find<'_> {
        fn number(&mut self, path: &str, _value: &mut f64, _unit: &str) {
            if path == self.want {
                self.found = Some(Slot {
                    part: self.part,
                    index: self.index,
                });
            }
            self.index += 1;
        }
        fn text(&mut self, _path: &str, _value: &str) {}
    }
    let mut s = scenario.clone();
    let mut find = Find {
        want: path,
        part: Part::Head,
        index: 0,
        found: None,
    };
    let mut path_buf = String::with_capacity(96);
    for part in parts(&s) {
        find.part = part;
        find.index = 0;
        let mut w = Walker {
            path: std::mem::take(&mut path_buf),
            visit: &mut find,
            paths: true,
        };
        w.part(&mut s, part);
        path_buf = w.path;
        path_buf.clear();
    }
    find.found
}

/// Sets the number at `at` to `x`; returns whether the scenario still has it (a slot belongs
/// to the scenario, or a clone of it, that it was resolved in).
pub fn set_slot(scenario: &mut Scenario, at: Slot, x: f64) -> bool {
    struct Set {
        index: usize,
        seen: usize,
        x: f64,
        done: bool,
    }
    impl Visit for Set {
        fn number(&mut self, _path: &str, value: &mut f64, _unit: &str) {
            if self.seen == self.index {
                *value = self.x;
                self.done = true;
            }
            self.seen += 1;
        }
        fn text(&mut self, _path: &str, _value: &str) {}
    }
    let mut set = Set {
        index: at.index,
        seen: 0,
        x,
        done: false,
    };
    let mut w = Walker {
        path: String::new(),
        visit: &mut set,
        paths: false,
    };
    w.part(scenario, at.part);
    set.done
}

fn walk(s: &mut Scenario, visit: &mut dyn Visit, paths: bool) {
    let mut w = Walker {
        path: String::with_capacity(if paths { 96 } else { 0 }),
        visit,
        paths,
    };
    for part in parts(s) {
        w.part(s, part);
    }
}

impl Walker<'_> {
    /// Visits one part of the scenario (with its path from the root).
    fn part(&mut self, s: &mut Scenario, part: Part) {
        let paths = self.paths;
        match part {
            Part::Head => {
                self.text_with("version", || s.version.to_string());
                self.text("name", &s.name);
                self.text("description", &s.description);
                self.text_with("horizon.start_year", || s.horizon.start_year.to_string());
                self.text_with("horizon.end_year", || s.horizon.end_year.to_string());
                self.text("horizon.period", s.horizon.period.name());
                self.num("initial_treasury_usd", &mut s.initial_treasury_usd, "USD");
            }
            Part::Funding(k) => {
                if let Some(f) = s.funding.get_mut(k) {
                    self.funding(f);
                }
            }
            Part::Segment(k) => {
                if let Some(g) = s.segments.get_mut(k) {
                    self.segment(g);
                }
            }
            Part::AllocationKind => {
                let len = self.push("allocation");
                self.own_text(match &s.allocation {
                    Allocation::Shares(_) => "Shares",
                    Allocation::Balanced { .. } => "Balanced",
                    Allocation::Optimal { .. } => "Optimal",
                    Allocation::Schedule(_) => "Schedule",
                });
                self.path.truncate(len);
            }
            Part::AllocationEntry(k) => {
                let len = self.push("allocation");
                self.allocation_entry(&mut s.allocation, k);
                self.path.truncate(len);
            }
            Part::Objective => self.text("objective", s.objective.key()),
            Part::Production(k) => {
                if let Some(p) = s.chain.production.get_mut(k) {
                    let len = self.push("chain");
                    self.push_keyed("production", &p.segment);
                    self.num(
                        "accelerators_per_unit_year",
                        &mut p.accelerators_per_unit_year,
                        "accelerators per unit-year",
                    );
                    self.path.truncate(len);
                }
            }
            Part::Hosting(k) => {
                if let Some(h) = s.chain.hosting.get_mut(k) {
                    let len = self.push("chain");
                    self.push_keyed("hosting", &h.segment);
                    self.num(
                        "units_per_accelerator",
                        &mut h.units_per_accelerator,
                        "units per accelerator",
                    );
                    self.path.truncate(len);
                }
            }
            Part::ChainRest => {
                let c = &mut s.chain;
                let len = self.push("chain");
                self.num(
                    "accelerator_lifetime_years",
                    &mut c.accelerator_lifetime_years,
                    "years",
                );
                self.num(
                    "installed_fleet_accelerators",
                    &mut c.installed_fleet_accelerators,
                    "accelerators",
                );
                let perf_unit = if paths {
                    format!("{} per accelerator", c.performance_unit)
                } else {
                    String::new()
                };
                self.curve(
                    "performance_per_accelerator",
                    &mut c.performance_per_accelerator,
                    &perf_unit,
                );
                self.text("performance_unit", &c.performance_unit);
                self.path.truncate(len);
            }
            Part::Demand => {
                let compute_unit = if paths {
                    s.chain.performance_unit.clone()
                } else {
                    String::new()
                };
                self.opt_curve("demand_compute", &mut s.demand_compute, &compute_unit);
            }
            Part::Revenue => {
                if let Some(r) = &mut s.revenue {
                    let len = self.push("revenue");
                    self.curve(
                        "price_usd_per_accelerator_year",
                        &mut r.price_usd_per_accelerator_year,
                        "USD per accelerator-year",
                    );
                    self.curve("utilisation", &mut r.utilisation, "fraction");
                    self.num("discount_rate", &mut r.discount_rate, "fraction per year");
                    self.path.truncate(len);
                }
            }
            Part::Benchmark(k) => {
                if let Some(b) = s.benchmarks.get_mut(k) {
                    let len = self.push_keyed("benchmarks", &b.name);
                    self.curve("value_usd", &mut b.value_usd, "USD");
                    self.text("measure", b.measure.label());
                    self.num("limit_share", &mut b.limit_share, "fraction");
                    self.text("notes", &b.notes);
                    self.path.truncate(len);
                }
            }
            Part::Tail => {
                self.text_with("kpi_years", || {
                    let years: Vec<String> = s.kpi_years.iter().map(i32::to_string).collect();
                    years.join(", ")
                });
                if paths {
                    for d in &s.uncertainty {
                        let len = self.push_keyed("uncertainty", &d.path);
                        self.own_text(&distribution_text(&d.distribution));
                        self.path.truncate(len);
                    }
                }
            }
        }
    }

    fn funding(&mut self, f: &mut super::FundingSource) {
        let len = self.push_keyed("funding", &f.name);
        let kind_len = self.push("kind");
        self.own_text(f.kind.name());
        match &mut f.kind {
            FundingKind::Equity { required_return } => {
                self.num("required_return", required_return, "fraction per year");
            }
            FundingKind::Debt {
                rate,
                tenor_years,
                grace_years,
            } => {
                self.num("rate", rate, "fraction per year");
                self.num("tenor_years", tenor_years, "years");
                self.num("grace_years", grace_years, "years");
            }
            FundingKind::Grant => {}
        }
        self.path.truncate(kind_len);
        self.curve("inflow_usd_per_year", &mut f.inflow_usd_per_year, "USD/yr");
        self.opt_num("cap_usd_per_year", &mut f.cap_usd_per_year, "USD/yr");
        self.opt_num("cap_usd_total", &mut f.cap_usd_total, "USD");
        self.text("notes", &f.notes);
        self.path.truncate(len);
    }

    /// Entry `k` of the allocation (see [`Part::AllocationEntry`]), below `allocation`.
    fn allocation_entry(&mut self, a: &mut Allocation, k: usize) {
        match a {
            Allocation::Shares(list) | Allocation::Balanced { fixed: list } => {
                if let Some(sh) = list.get_mut(k) {
                    self.share(sh);
                }
            }
            Allocation::Optimal { fixed, limits } => {
                if let Some(sh) = fixed.get_mut(k) {
                    self.share(sh);
                } else if let Some(l) = limits.get_mut(k - fixed.len()) {
                    let len = self.push_keyed("limits", &l.segment);
                    self.opt_curve("min_usd_per_year", &mut l.min_usd_per_year, "USD/yr");
                    self.opt_curve("max_usd_per_year", &mut l.max_usd_per_year, "USD/yr");
                    if let Some(c) = &mut l.committed {
                        let inner = self.push("committed");
                        self.num("until_year", &mut c.until_year, "year");
                        self.curve("usd_per_year", &mut c.usd_per_year, "USD/yr");
                        self.path.truncate(inner);
                    }
                    self.opt_num(
                        "max_change_usd_per_year",
                        &mut l.max_change_usd_per_year,
                        "USD/yr per year",
                    );
                    self.path.truncate(len);
                }
            }
            Allocation::Schedule(plan) => {
                if let Some(x) = plan.spend.get_mut(k) {
                    let l = self.push_keyed("", &x.segment);
                    self.curve("usd_per_year", &mut x.usd_per_year, "USD per year");
                    self.path.truncate(l);
                } else if k == plan.spend.len() {
                    self.opt_curve(
                        "installations_per_year",
                        &mut plan.installations_per_year,
                        "accelerators per year",
                    );
                }
            }
        }
    }
}

fn distribution_text(d: &Distribution) -> String {
    let mut d = *d;
    let mut parts = Vec::new();
    d.numbers_mut(|k, x| parts.push(format!("{k}: {x}")));
    format!("{}({})", d.name(), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::tiny;

    #[test]
    fn paths_name_elements_by_name() {
        let s = tiny();
        let all = params(&s);
        let lead = all
            .iter()
            .find(|p| p.path == "segments[Fabs].lead_time_years")
            .expect("lead time path");
        assert_eq!(lead.value, ParamValue::Number(2.0));
        assert_eq!(lead.unit, "years");
        assert!(all.iter().any(|p| p.path == "funding[Bonds].kind.rate"));
        assert!(
            all.iter()
                .any(|p| p.path == "funding[Bonds].inflow_usd_per_year.value")
        );
        assert!(
            all.iter()
                .any(|p| p.path == "chain.hosting[Power].units_per_accelerator")
        );
        // Paths are unique.
        let mut paths: Vec<_> = all.iter().map(|p| p.path.as_str()).collect();
        paths.sort_unstable();
        let n = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), n);
    }

    #[test]
    fn numbers_in_order_match_the_named_walk() {
        let mut s = tiny();
        s.funding[0].inflow_usd_per_year = Curve::linear(&[(2024.0, 1.0), (2030.0, 2.0)]);
        let mut named = Vec::new();
        for_each_param(&mut s.clone(), |p, x| named.push((p.to_owned(), *x)));
        let mut plain = Vec::new();
        for_each_number(&mut s.clone(), |k, x| plain.push((k, *x)));
        assert_eq!(named.len(), plain.len());
        for (k, ((_, a), (i, b))) in named.iter().zip(&plain).enumerate() {
            assert_eq!((k, a), (*i, b));
        }
    }

    /// A slot sets the number its path names (`tests/analysis.rs` checks every number of the
    /// shipped and golden scenarios, and that no other changes).
    #[test]
    fn a_slot_sets_the_number_its_path_names_and_no_other() {
        let mut s = tiny();
        s.funding[0].inflow_usd_per_year = Curve::linear(&[(2024.0, 1.0), (2030.0, 2.0)]);
        let path = "funding[Bonds].inflow_usd_per_year.points[1].value";
        let at = slot(&s, path).unwrap();
        assert!(set_slot(&mut s, at, 5.0));
        assert_eq!(param_value(&s, path), Some(5.0));
        assert_eq!(slot(&s, "funding[Bonds].kind"), None);
        assert_eq!(slot(&s, "segments[Nope].capex_usd_per_unit"), None);

        // A slot past what its part holds (the scenario changed since) sets nothing.
        let mut fewer = s.clone();
        fewer.funding[0].inflow_usd_per_year = Curve::Constant(1.0);
        assert!(!set_slot(&mut fewer, at, 7.0));
    }

    #[test]
    fn set_and_get_by_path() {
        let mut s = tiny();
        assert!(param_mut(
            &mut s,
            "segments[Fabs].capex_usd_per_unit",
            |x| *x = 42.0
        ));
        assert_eq!(s.segments[0].capex_usd_per_unit, 42.0);
        assert_eq!(
            param_value(&s, "segments[Fabs].capex_usd_per_unit"),
            Some(42.0)
        );
        assert!(!param_mut(
            &mut s,
            "segments[Nope].capex_usd_per_unit",
            |_| {}
        ));
        assert_eq!(param_value(&s, "segments[Fabs].kind"), None);
    }

    #[test]
    fn set_param_reads_units_and_names_what_it_refuses() {
        let mut s = tiny();
        set_param(&mut s, "segments[Fabs].capex_usd_per_unit", "2.6M").unwrap();
        assert_eq!(s.segments[0].capex_usd_per_unit, 2.6e6);
        set_param(&mut s, "funding[Bonds].kind.rate", "6.5%").unwrap();
        assert_eq!(
            s.funding[0].kind,
            FundingKind::Debt {
                rate: 0.065,
                tenor_years: 10.0,
                grace_years: 2.0
            }
        );
        set_param(&mut s, "segments[Fabs].notes", "IBS 2023").unwrap();
        assert_eq!(s.segments[0].notes, "IBS 2023");
        set_param(&mut s, "name", "Renamed").unwrap();
        assert_eq!(s.name, "Renamed");
        assert_eq!(
            set_param(&mut s, "segments[Fabs].capex_usd_per_unit", "lots"),
            Err(SetError::NotANumber {
                path: "segments[Fabs].capex_usd_per_unit".into(),
                value: "lots".into()
            })
        );
        assert_eq!(
            set_param(&mut s, "segments[Nope].lead_time_years", "3"),
            Err(SetError::NoSuchPath(
                "segments[Nope].lead_time_years".into()
            ))
        );
        assert_eq!(
            set_param(&mut s, "segments[Fabs].kind", "Power"),
            Err(SetError::NotSettable("segments[Fabs].kind".into()))
        );
    }
}
