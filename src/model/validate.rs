//! Validation: every rule a scenario must meet before it is simulated, with messages that name
//! the field by its path (see [`crate::model::params`]) and say what is expected.
//!
//! The engine never panics on an invalid scenario, but its numbers only mean something for a
//! valid one; the CLI refuses to run and the window marks the fields and keeps the last good
//! outcome.

use std::collections::HashSet;

use super::limits::{MAX_HORIZON_YEARS, MAX_LIST_LEN, too_large};
use super::{
    Allocation, Curve, Distribution, FundingKind, Horizon, Objective, Scenario, Schedule, Share,
    SpendLimit, params,
};

/// One thing wrong with a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Where, e.g. `segments[Fabs].lead_time_years`.
    pub path: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every problem found, in file order; empty when the scenario is valid.
pub fn validate(s: &Scenario) -> Vec<Issue> {
    let mut c = Checker {
        issues: Vec::new(),
        horizon: s.horizon,
        segment_names: s.segments.iter().map(|g| g.name.as_str()).collect(),
    };
    // Non-finite numbers first; later range checks skip them so each is reported once.
    params::for_each_param(&mut s.clone(), |path, x| {
        if !x.is_finite() {
            c.push(path, format!("must be a finite number, got {x}"));
        }
    });
    c.horizon_rules(s);
    c.funding_rules(s);
    c.segment_rules(s);
    c.allocation_rules(s);
    c.chain_rules(s);
    c.output_rules(s);
    c.uncertainty_rules(s);
    if let Some(why) = too_large(s) {
        c.push("segments", why.to_string());
    }
    c.issues
}

struct Checker<'s> {
    issues: Vec<Issue>,
    horizon: Horizon,
    /// Names of the scenario's segments, to check references in constant time.
    segment_names: HashSet<&'s str>,
}

impl Checker<'_> {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn at_least(&mut self, path: impl Into<String>, x: f64, lo: f64) {
        if x.is_finite() && x < lo {
            self.push(path, format!("must be ≥ {lo}, got {x}"));
        }
    }

    fn above(&mut self, path: impl Into<String>, x: f64, lo: f64) {
        if x.is_finite() && x <= lo {
            self.push(path, format!("must be > {lo}, got {x}"));
        }
    }

    fn list_len(&mut self, path: &str, n: usize) {
        if n > MAX_LIST_LEN {
            self.push(
                path,
                format!("has {n} entries; at most {MAX_LIST_LEN} are allowed"),
            );
        }
    }

    fn unique_names<'a>(&mut self, list: &str, names: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for name in names {
            if name.trim().is_empty() {
                self.push(format!("{list}[{name}].name"), "must not be empty");
            } else if !seen.insert(name) {
                self.push(
                    format!("{list}[{name}]"),
                    format!("the name {name:?} is used twice; names must be unique"),
                );
            }
        }
    }

    /// Structural rules of a curve plus a lower (and optional upper) bound over the horizon.
    fn curve(&mut self, path: &str, curve: &Curve, lo: f64, hi: Option<f64>) {
        if let Curve::Points { points, .. } = curve {
            if points.is_empty() {
                self.push(path, "needs at least one point");
                return;
            }
            self.list_len(&format!("{path}.points"), points.len());
            if let Some(k) = points.windows(2).position(|w| w[1].year < w[0].year) {
                self.push(
                    format!("{path}.points[{}].year", k + 1),
                    format!(
                        "points must be in year order: {} comes after {}",
                        points[k + 1].year,
                        points[k].year
                    ),
                );
                return;
            }
        }
        let (t0, t1) = self.span();
        let (min, max) = curve.range_over(t0, t1);
        if min.is_finite() && min < lo {
            self.push(
                path,
                format!("must stay ≥ {lo} over the horizon, falls to {min}"),
            );
        }
        if let Some(hi) = hi.filter(|&hi| max.is_finite() && max > hi) {
            self.push(
                path,
                format!("must stay ≤ {hi} over the horizon, rises to {max}"),
            );
        }
        if (!min.is_finite() || !max.is_finite()) && curve_numbers_finite(curve) {
            self.push(path, "grows beyond the largest number over the horizon");
        }
    }

    fn span(&self) -> (f64, f64) {
        let n = self.horizon.len().max(1);
        (self.horizon.time(0), self.horizon.time(n - 1))
    }

    /// At least one period long, so that rounding to whole periods keeps it.
    fn one_period(&mut self, path: &str, years: f64) {
        if years.is_finite() && years > 0.0 && self.horizon.periods_in(years) == 0 {
            self.push(
                path,
                format!(
                    "{years} years is less than half a period ({} per year); use at least {}",
                    self.horizon.periods_per_year(),
                    0.5 * self.horizon.dt_years()
                ),
            );
        }
    }

    fn horizon_rules(&mut self, s: &Scenario) {
        let h = s.horizon;
        if !(1900..=2300).contains(&h.start_year) {
            self.push(
                "horizon.start_year",
                format!("must be between 1900 and 2300, got {}", h.start_year),
            );
        }
        if h.end_year < h.start_year {
            self.push(
                "horizon.end_year",
                format!(
                    "must not be before start_year {}, got {}",
                    h.start_year, h.end_year
                ),
            );
        } else if h.years() > MAX_HORIZON_YEARS {
            self.push(
                "horizon.end_year",
                format!(
                    "the horizon is {} years; at most {MAX_HORIZON_YEARS} are allowed",
                    h.years()
                ),
            );
        }
        if s.version != super::FILE_VERSION {
            self.push(
                "version",
                format!("must be {}, got {}", super::FILE_VERSION, s.version),
            );
        }
        if s.name.trim().is_empty() {
            self.push("name", "must not be empty");
        }
        self.at_least("initial_treasury_usd", s.initial_treasury_usd, 0.0);
    }

    fn funding_rules(&mut self, s: &Scenario) {
        self.list_len("funding", s.funding.len());
        self.unique_names("funding", s.funding.iter().map(|f| f.name.as_str()));
        for f in &s.funding {
            let p = format!("funding[{}]", f.name);
            self.curve(
                &format!("{p}.inflow_usd_per_year"),
                &f.inflow_usd_per_year,
                0.0,
                None,
            );
            if let Some(cap) = f.cap_usd_per_year {
                self.at_least(format!("{p}.cap_usd_per_year"), cap, 0.0);
            }
            if let Some(cap) = f.cap_usd_total {
                self.at_least(format!("{p}.cap_usd_total"), cap, 0.0);
            }
            match f.kind {
                FundingKind::Equity { required_return } => {
                    self.above(format!("{p}.kind.required_return"), required_return, -1.0);
                }
                FundingKind::Debt {
                    rate,
                    tenor_years,
                    grace_years,
                } => {
                    self.at_least(format!("{p}.kind.rate"), rate, 0.0);
                    self.at_least(format!("{p}.kind.grace_years"), grace_years, 0.0);
                    let (tenor, grace) = (
                        self.horizon.periods_in(tenor_years),
                        self.horizon.periods_in(grace_years),
                    );
                    if tenor_years.is_finite() && grace_years.is_finite() && tenor <= grace {
                        self.push(
                            format!("{p}.kind.tenor_years"),
                            format!(
                                "must exceed grace_years ({grace_years}) by at least one period, \
                                 got {tenor_years}"
                            ),
                        );
                    }
                }
                FundingKind::Grant => {}
            }
        }
    }

    fn segment_rules(&mut self, s: &Scenario) {
        self.list_len("segments", s.segments.len());
        self.unique_names("segments", s.segments.iter().map(|g| g.name.as_str()));
        for g in &s.segments {
            let p = format!("segments[{}]", g.name);
            if g.unit.trim().is_empty() {
                self.push(
                    format!("{p}.unit"),
                    "must name the capacity unit, e.g. \"GW\"",
                );
            }
            self.at_least(
                format!("{p}.installed_base_units"),
                g.installed_base_units,
                0.0,
            );
            self.above(format!("{p}.capex_usd_per_unit"), g.capex_usd_per_unit, 0.0);
            if g.learning_rate.is_finite() && !(0.0..1.0).contains(&g.learning_rate) {
                self.push(
                    format!("{p}.learning_rate"),
                    format!("must be ≥ 0 and < 1, got {}", g.learning_rate),
                );
            }
            if let Some(b) = g.learning_base_units {
                self.above(format!("{p}.learning_base_units"), b, 0.0);
            } else if g.learning_rate > 0.0 && g.installed_base_units <= 0.0 {
                self.push(
                    format!("{p}.learning_base_units"),
                    "learning needs a starting cumulative capacity: set learning_base_units \
                     (or an installed base)",
                );
            }
            self.at_least(format!("{p}.lead_time_years"), g.lead_time_years, 0.0);
            self.at_least(format!("{p}.ramp_years"), g.ramp_years, 0.0);
            self.above(format!("{p}.lifetime_years"), g.lifetime_years, 0.0);
            self.one_period(&format!("{p}.lifetime_years"), g.lifetime_years);
            self.at_least(
                format!("{p}.opex_usd_per_unit_year"),
                g.opex_usd_per_unit_year,
                0.0,
            );
            if let Some(c) = &g.max_starts_units_per_year {
                self.curve(&format!("{p}.max_starts_units_per_year"), c, 0.0, None);
            }
            if let Some(c) = &g.baseline_additions_units_per_year {
                self.curve(
                    &format!("{p}.baseline_additions_units_per_year"),
                    c,
                    0.0,
                    None,
                );
            }
        }
    }

    /// The fixed shares of `Balanced` and `Optimal`: a valid list that never sums above 1.
    fn fixed_shares(&mut self, s: &Scenario, fixed: &[Share]) {
        self.share_list(s, fixed);
        let h = self.horizon;
        if fixed.len() > MAX_LIST_LEN {
            return; // reported by share_list; not summed
        }
        let sum_at = |t: f64| fixed.iter().map(|x| x.share.value_at(t)).sum::<f64>();
        let periods = h.len().min(MAX_HORIZON_YEARS * 12);
        if let Some(i) = (0..periods).find(|&i| sum_at(h.time(i)) > 1.0 + 1e-6) {
            self.push(
                "allocation",
                format!(
                    "fixed shares must not sum to more than 1; they sum to {:.4} at {}",
                    sum_at(h.time(i)),
                    h.period_label(i)
                ),
            );
        }
    }

    /// The planner's limits of an optimal plan: known segments, each once, no negative spend,
    /// and limits that do not contradict each other (a minimum above the maximum, committed
    /// spend outside them), each named with its first period.
    fn spend_limits(&mut self, s: &Scenario, limits: &[SpendLimit]) {
        self.list_len("allocation.limits", limits.len());
        let mut seen = HashSet::new();
        let h = self.horizon;
        let periods = h.len().min(MAX_HORIZON_YEARS * 12);
        for l in limits {
            let p = format!("allocation.limits[{}]", l.segment);
            let twice = "this segment has two sets of limits; merge them into one";
            self.segment_entry(s, &p, &l.segment, &mut seen, twice);
            for (name, c) in [
                ("min_usd_per_year", &l.min_usd_per_year),
                ("max_usd_per_year", &l.max_usd_per_year),
            ] {
                if let Some(c) = c {
                    self.curve(&format!("{p}.{name}"), c, 0.0, None);
                }
            }
            if let Some(c) = &l.committed {
                self.curve(
                    &format!("{p}.committed.usd_per_year"),
                    &c.usd_per_year,
                    0.0,
                    None,
                );
            }
            if let Some(x) = l.max_change_usd_per_year {
                self.at_least(format!("{p}.max_change_usd_per_year"), x, 0.0);
            }
            let at = |c: &Option<Curve>, t: f64| c.as_ref().map(|c| c.value_at(t));
            let clash = (0..periods).find_map(|i| {
                let t = h.time(i);
                let (lo, hi) = (at(&l.min_usd_per_year, t), at(&l.max_usd_per_year, t));
                let committed = l
                    .committed
                    .as_ref()
                    .filter(|c| t < c.until_year)
                    .map(|c| c.usd_per_year.value_at(t));
                let usd = |x: f64| format!("{x:e} USD");
                match (lo, hi, committed) {
                    (Some(lo), Some(hi), _) if lo > hi => Some(format!(
                        "the minimum spend ({}/yr) is above the maximum ({}/yr) in {}",
                        usd(lo),
                        usd(hi),
                        h.period_label(i)
                    )),
                    (_, Some(hi), Some(c)) if c > hi => Some(format!(
                        "the committed spend ({}/yr) is above the maximum ({}/yr) in {}",
                        usd(c),
                        usd(hi),
                        h.period_label(i)
                    )),
                    (Some(lo), _, Some(c)) if c < lo => Some(format!(
                        "the committed spend ({}/yr) is below the minimum ({}/yr) in {}",
                        usd(c),
                        usd(lo),
                        h.period_label(i)
                    )),
                    _ => None,
                }
            });
            if let Some(m) = clash {
                self.push(p, m);
            }
        }
    }

    /// One entry of a list keyed by segment at `p`: its segment must exist and appear once
    /// (`twice` says what to do otherwise).
    fn segment_entry<'a>(
        &mut self,
        s: &Scenario,
        p: &str,
        segment: &'a str,
        seen: &mut HashSet<&'a str>,
        twice: &str,
    ) {
        if !self.segment_names.contains(segment) {
            self.push(p, format!("names no segment; known: {}", segment_names(s)));
        }
        if !seen.insert(segment) {
            self.push(p, twice);
        }
    }

    fn share_list(&mut self, s: &Scenario, shares: &[Share]) {
        self.list_len("allocation", shares.len());
        let mut seen = HashSet::new();
        for sh in shares {
            let p = format!("allocation[{}]", sh.segment);
            let twice = "this segment has two shares; give it one";
            self.segment_entry(s, &p, &sh.segment, &mut seen, twice);
            self.curve(&format!("{p}.share"), &sh.share, 0.0, Some(1.0));
        }
    }

    fn allocation_rules(&mut self, s: &Scenario) {
        let h = self.horizon;
        let sum_at =
            |shares: &[Share], t: f64| shares.iter().map(|x| x.share.value_at(t)).sum::<f64>();
        let periods = h.len().min(MAX_HORIZON_YEARS * 12);
        let too_many = |shares: &[Share]| shares.len() > MAX_LIST_LEN; // reported; not summed
        match &s.allocation {
            Allocation::Shares(shares) => {
                self.share_list(s, shares);
                if shares.is_empty() && !s.segments.is_empty() {
                    self.push(
                        "allocation",
                        "give each funded segment a share (shares sum to 1)",
                    );
                    return;
                }
                if let Some(i) = (0..periods)
                    .filter(|_| !too_many(shares))
                    .find(|&i| (sum_at(shares, h.time(i)) - 1.0).abs() > 1e-6)
                {
                    let t = h.time(i);
                    self.push(
                        "allocation",
                        format!(
                            "shares must sum to 1 in every period; they sum to {:.4} at {}",
                            sum_at(shares, t),
                            h.period_label(i)
                        ),
                    );
                }
            }
            Allocation::Balanced { fixed } => {
                self.fixed_shares(s, fixed);
                if s.chain.production.is_empty() && s.chain.hosting.is_empty() {
                    self.push(
                        "allocation",
                        "Balanced sends money to the chain, but the chain has no segments",
                    );
                }
            }
            Allocation::Optimal { fixed, limits } => {
                self.fixed_shares(s, fixed);
                self.spend_limits(s, limits);
                if s.chain.production.is_empty() {
                    self.push(
                        "allocation",
                        "the optimal plan maximises what the chain delivers, but the chain has \
                         no production link: add one under chain.production",
                    );
                }
            }
            Allocation::Schedule(plan) => self.schedule_rules(s, plan),
        }
        self.objective_rules(s);
    }

    fn schedule_rules(&mut self, s: &Scenario, plan: &Schedule) {
        self.list_len("allocation", plan.spend.len());
        let mut seen = HashSet::new();
        for x in &plan.spend {
            let p = format!("allocation[{}]", x.segment);
            let twice = "this segment is scheduled twice; give it one spend curve";
            self.segment_entry(s, &p, &x.segment, &mut seen, twice);
            self.curve(&format!("{p}.usd_per_year"), &x.usd_per_year, 0.0, None);
        }
        if let Some(c) = &plan.installations_per_year {
            self.curve("allocation.installations_per_year", c, 0.0, None);
        }
    }

    fn objective_rules(&mut self, s: &Scenario) {
        let missing = match s.objective {
            Objective::UnmetDemand if s.demand_compute.is_none() => {
                "unmet demand needs a demand curve: add demand_compute, or pick another objective"
            }
            Objective::Npv if s.revenue.is_none() => {
                "NPV needs revenue: add revenue, or pick another objective"
            }
            _ => return,
        };
        self.push("objective", missing);
    }

    fn chain_rules(&mut self, s: &Scenario) {
        let c = &s.chain;
        let links = |names: Vec<&str>, list: &str, ck: &mut Self| {
            ck.list_len(list, names.len());
            let mut seen = HashSet::new();
            for name in names {
                let p = format!("{list}[{name}]");
                if !ck.segment_names.contains(name) {
                    ck.push(
                        p.clone(),
                        format!("names no segment; known: {}", segment_names(s)),
                    );
                }
                if !seen.insert(name) {
                    ck.push(p, "listed twice; list each segment once");
                }
            }
        };
        links(
            c.production.iter().map(|l| l.segment.as_str()).collect(),
            "chain.production",
            self,
        );
        links(
            c.hosting.iter().map(|l| l.segment.as_str()).collect(),
            "chain.hosting",
            self,
        );
        for l in &c.production {
            self.above(
                format!("chain.production[{}].accelerators_per_unit_year", l.segment),
                l.accelerators_per_unit_year,
                0.0,
            );
        }
        for l in &c.hosting {
            self.above(
                format!("chain.hosting[{}].units_per_accelerator", l.segment),
                l.units_per_accelerator,
                0.0,
            );
        }
        self.above(
            "chain.accelerator_lifetime_years",
            c.accelerator_lifetime_years,
            0.0,
        );
        self.one_period(
            "chain.accelerator_lifetime_years",
            c.accelerator_lifetime_years,
        );
        self.at_least(
            "chain.installed_fleet_accelerators",
            c.installed_fleet_accelerators,
            0.0,
        );
        self.curve(
            "chain.performance_per_accelerator",
            &c.performance_per_accelerator,
            0.0,
            None,
        );
        if c.performance_unit.trim().is_empty() {
            self.push(
                "chain.performance_unit",
                "must name the unit, e.g. \"PFLOP/s\"",
            );
        }
    }

    fn output_rules(&mut self, s: &Scenario) {
        if let Some(d) = &s.demand_compute {
            self.curve("demand_compute", d, 0.0, None);
        }
        if let Some(r) = &s.revenue {
            self.curve(
                "revenue.price_usd_per_accelerator_year",
                &r.price_usd_per_accelerator_year,
                0.0,
                None,
            );
            self.curve("revenue.utilisation", &r.utilisation, 0.0, Some(1.0));
            self.above("revenue.discount_rate", r.discount_rate, -1.0);
        }
        self.list_len("benchmarks", s.benchmarks.len());
        self.unique_names("benchmarks", s.benchmarks.iter().map(|b| b.name.as_str()));
        for b in &s.benchmarks {
            let p = format!("benchmarks[{}]", b.name);
            self.curve(
                &format!("{p}.value_usd"),
                &b.value_usd,
                f64::MIN_POSITIVE,
                None,
            );
            self.above(format!("{p}.limit_share"), b.limit_share, 0.0);
        }
        let h = self.horizon;
        self.list_len("kpi_years", s.kpi_years.len());
        for &y in s.kpi_years.iter().take(MAX_LIST_LEN) {
            if y < h.start_year || y > h.end_year {
                self.push(
                    "kpi_years",
                    format!("{y} is outside the horizon {}–{}", h.start_year, h.end_year),
                );
            }
        }
    }

    fn uncertainty_rules(&mut self, s: &Scenario) {
        self.list_len("uncertainty", s.uncertainty.len());
        let mut seen = HashSet::new();
        // Every number's path, once (not a walk of the whole scenario per driver).
        let mut known = HashSet::new();
        if !s.uncertainty.is_empty() {
            params::for_each_param(&mut s.clone(), |path, _| {
                known.insert(path.to_owned());
            });
        }
        for d in &s.uncertainty {
            let p = format!("uncertainty[{}]", d.path);
            if !seen.insert(d.path.as_str()) {
                self.push(p.clone(), "this number has two distributions; keep one");
            }
            if !known.contains(&d.path) {
                self.push(
                    p.clone(),
                    "the path names no number of this scenario (see `buildout params FILE`)",
                );
            }
            if let Some(msg) = distribution_problem(&d.distribution) {
                self.push(format!("{p}.distribution"), msg);
            }
        }
    }
}

fn curve_numbers_finite(curve: &Curve) -> bool {
    let mut ok = true;
    curve.clone().numbers_mut(|_, x| ok &= x.is_finite());
    ok
}

/// The segments' names for a message: the first dozen (a hostile file may have thousands).
fn segment_names(s: &Scenario) -> String {
    const SHOWN: usize = 12;
    let names: Vec<String> = s
        .segments
        .iter()
        .take(SHOWN)
        .map(|g| format!("{:?}", g.name))
        .collect();
    match s.segments.len() {
        0 => "none".to_owned(),
        n if n > SHOWN => format!("{} and {} more", names.join(", "), n - SHOWN),
        _ => names.join(", "),
    }
}

fn distribution_problem(d: &Distribution) -> Option<String> {
    match *d {
        Distribution::Uniform { low, high } if low > high => {
            Some(format!("low ({low}) must not exceed high ({high})"))
        }
        Distribution::Triangular { low, mode, high } if low > mode || mode > high => Some(format!(
            "needs low ≤ mode ≤ high, got {low}, {mode}, {high}"
        )),
        Distribution::Normal { sd, .. } if sd <= 0.0 => Some(format!("sd must be > 0, got {sd}")),
        Distribution::LogNormal { median, .. } if median <= 0.0 => {
            Some(format!("median must be > 0, got {median}"))
        }
        Distribution::LogNormal { sigma, .. } if sigma <= 0.0 => {
            Some(format!("sigma must be > 0, got {sigma}"))
        }
        Distribution::Normal {
            low: Some(l),
            high: Some(h),
            ..
        }
        | Distribution::LogNormal {
            low: Some(l),
            high: Some(h),
            ..
        } if l >= h => Some(format!("low ({l}) must be below high ({h})")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::tiny;
    use crate::model::{Curve, Distribution, Driver};

    fn messages(s: &Scenario) -> Vec<String> {
        validate(s).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_fixture_is_valid() {
        assert_eq!(messages(&tiny()), Vec::<String>::new());
    }

    #[test]
    fn a_negative_duration_names_its_field() {
        let mut s = tiny();
        s.segments[0].lead_time_years = -1.0;
        assert_eq!(
            messages(&s),
            vec!["segments[Fabs].lead_time_years: must be ≥ 0, got -1"]
        );
    }

    #[test]
    fn shares_must_sum_to_one_in_every_period() {
        let mut s = tiny();
        if let Allocation::Shares(sh) = &mut s.allocation {
            sh[1].share = Curve::steps(&[(2024.0, 0.5), (2027.0, 0.4)]);
        }
        assert_eq!(
            messages(&s),
            vec!["allocation: shares must sum to 1 in every period; they sum to 0.9000 at 2027"]
        );
    }

    #[test]
    fn a_bad_schedule_is_named_entry_by_entry() {
        use crate::model::{Schedule, SegmentSpend};
        let mut s = tiny();
        let spend = |name: &str, v: f64| SegmentSpend {
            segment: name.into(),
            usd_per_year: Curve::Constant(v),
        };
        s.allocation = Allocation::Schedule(Schedule {
            spend: vec![
                spend("Fabs", 1e9),
                spend("Fabs", 1e9),
                spend("Fbas", 1e9),
                spend("Power", -1.0),
            ],
            installations_per_year: Some(Curve::Constant(-1.0)),
        });
        assert_eq!(
            messages(&s),
            vec![
                "allocation[Fabs]: this segment is scheduled twice; give it one spend curve",
                "allocation[Fbas]: names no segment; known: \"Fabs\", \"Power\"",
                "allocation[Power].usd_per_year: must stay ≥ 0 over the horizon, falls to -1",
                "allocation.installations_per_year: must stay ≥ 0 over the horizon, falls to -1",
            ]
        );
    }

    #[test]
    fn an_objective_the_scenario_cannot_define_is_named() {
        let mut s = tiny();
        s.objective = crate::model::Objective::Npv;
        assert_eq!(
            messages(&s),
            vec!["objective: NPV needs revenue: add revenue, or pick another objective"]
        );
    }

    #[test]
    fn planner_limits_that_contradict_each_other_are_named_with_their_period() {
        use crate::model::{Commitment, SpendLimit};
        let mut s = tiny();
        let seg = s.segments[0].name.clone();
        let limit = SpendLimit {
            min_usd_per_year: Some(Curve::steps(&[(2000.0, 1e9), (2026.0, 5e9)])),
            max_usd_per_year: Some(Curve::Constant(2e9)),
            committed: Some(Commitment {
                until_year: 2025.0,
                usd_per_year: Curve::Constant(3e9),
            }),
            max_change_usd_per_year: Some(-1.0),
            ..SpendLimit::new(&seg)
        };
        s.allocation = Allocation::Optimal {
            fixed: Vec::new(),
            limits: vec![limit.clone(), SpendLimit::new("Nowhere")],
        };
        let start = s.horizon.start_year;
        assert_eq!(
            messages(&s),
            vec![
                format!("allocation.limits[{seg}].max_change_usd_per_year: must be ≥ 0, got -1"),
                format!(
                    "allocation.limits[{seg}]: the committed spend (3e9 USD/yr) is above the \
                     maximum (2e9 USD/yr) in {}",
                    s.horizon.period_label(0)
                ),
                format!(
                    "allocation.limits[Nowhere]: names no segment; known: {}",
                    s.segments
                        .iter()
                        .map(|g| format!("{:?}", g.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ]
        );
        assert_eq!(start, 2024);
        // Without the commitment, the minimum above the maximum from 2026.
        let mut l = limit;
        l.committed = None;
        l.max_change_usd_per_year = None;
        s.allocation = Allocation::Optimal {
            fixed: Vec::new(),
            limits: vec![l],
        };
        let first_2026 = (0..s.horizon.len())
            .find(|&i| s.horizon.year_of(i) == 2026)
            .unwrap_or_default();
        assert_eq!(
            messages(&s),
            vec![format!(
                "allocation.limits[{seg}]: the minimum spend (5e9 USD/yr) is above the maximum \
                 (2e9 USD/yr) in {}",
                s.horizon.period_label(first_2026)
            )]
        );
    }

    #[test]
    fn unknown_segments_in_the_chain_and_allocation_are_named() {
        let mut s = tiny();
        s.chain.hosting[0].segment = "Powr".into();
        let m = messages(&s);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("chain.hosting[Powr]: names no segment; known: \"Fabs\", \"Power\"")
        );
    }

    #[test]
    fn non_finite_numbers_are_reported_once() {
        let mut s = tiny();
        s.segments[1].capex_usd_per_unit = f64::NAN;
        s.funding[0].inflow_usd_per_year = Curve::Constant(f64::INFINITY);
        assert_eq!(
            messages(&s),
            vec![
                "funding[Bonds].inflow_usd_per_year.value: must be a finite number, got inf",
                "segments[Power].capex_usd_per_unit: must be a finite number, got NaN",
            ]
        );
    }

    #[test]
    fn horizons_are_bounded() {
        let mut s = tiny();
        s.horizon.end_year = s.horizon.start_year + MAX_HORIZON_YEARS as i32;
        assert_eq!(
            messages(&s),
            vec!["horizon.end_year: the horizon is 101 years; at most 100 are allowed"]
        );
        s.horizon.end_year = s.horizon.start_year - 1;
        assert_eq!(messages(&s).len(), 1);
    }

    #[test]
    fn duplicate_names_and_bad_debt_terms() {
        let mut s = tiny();
        s.segments[1].name = "Fabs".into();
        s.funding[0].kind = FundingKind::Debt {
            rate: 0.05,
            tenor_years: 2.0,
            grace_years: 2.0,
        };
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|x| x
                    == "segments[Fabs]: the name \"Fabs\" is used twice; names must be unique"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("funding[Bonds].kind.tenor_years: must exceed grace_years")),
            "{m:?}"
        );
    }

    #[test]
    fn drivers_must_name_a_number_and_be_well_formed() {
        let mut s = tiny();
        s.uncertainty = vec![
            Driver {
                path: "segments[Fabs].lead_time_years".into(),
                distribution: Distribution::Triangular {
                    low: 3.0,
                    mode: 2.0,
                    high: 4.0,
                },
                fixed_bounds: false,
            },
            Driver {
                path: "segments[Nope].lead_time_years".into(),
                distribution: Distribution::Uniform {
                    low: 1.0,
                    high: 2.0,
                },
                fixed_bounds: false,
            },
        ];
        assert_eq!(
            messages(&s),
            vec![
                "uncertainty[segments[Fabs].lead_time_years].distribution: needs low ≤ mode ≤ high, got 3, 2, 4",
                "uncertainty[segments[Nope].lead_time_years]: the path names no number of this scenario (see `buildout params FILE`)",
            ]
        );
    }

    #[test]
    fn curves_must_stay_in_range_over_the_horizon() {
        let mut s = tiny();
        s.funding[0].inflow_usd_per_year = Curve::linear(&[(2024.0, 10.0), (2030.0, -5.0)]);
        assert_eq!(
            messages(&s),
            vec!["funding[Bonds].inflow_usd_per_year: must stay ≥ 0 over the horizon, falls to -5"]
        );
    }
}
