//! Human names for parameter paths: `segments[Power].lead_time_years` in years reads
//! "Power · lead time [years]". Paths stay the identity (files, the CLI, tooltips); these names
//! are what the window shows. And the word search that pickers use: every word of the query
//! must occur in the name or the path, so "fabs capex" finds
//! `segments[Leading-edge fabs].capex_usd_per_unit`.

/// The words of a field name (the last name of a path, or a list's own field).
fn field_words(field: &str) -> String {
    let known = match field {
        "initial_treasury_usd" => "initial treasury",
        "installed_base_units" => "installed base",
        "capex_usd_per_unit" => "capex per unit",
        "learning_rate" => "learning rate",
        "learning_base_units" => "learning base",
        "lead_time_years" => "lead time",
        "ramp_years" => "ramp time",
        "lifetime_years" => "lifetime",
        "opex_usd_per_unit_year" => "opex per unit-year",
        "max_starts_units_per_year" => "max starts",
        "baseline_additions_units_per_year" => "baseline additions",
        "required_return" => "required return",
        "rate" => "interest rate",
        "tenor_years" => "tenor",
        "grace_years" => "grace",
        "inflow_usd_per_year" => "inflow",
        "cap_usd_per_year" => "cap per year",
        "cap_usd_total" => "total cap",
        "accelerators_per_unit_year" => "accelerators per unit-year",
        "units_per_accelerator" => "units per accelerator",
        "accelerator_lifetime_years" => "accelerator lifetime",
        "installed_fleet_accelerators" => "installed fleet",
        "performance_per_accelerator" => "performance per accelerator",
        "demand_compute" => "demand for compute",
        "price_usd_per_accelerator_year" => "price per accelerator-year",
        "discount_rate" => "discount rate",
        "value_usd" => "value",
        "limit_share" => "limit share",
        "start_value" => "start value",
        "rate_per_year" => "growth rate",
        "steepness_per_year" => "steepness",
        "midpoint_year" => "midpoint year",
        _ => "",
    };
    if known.is_empty() {
        field.replace('_', " ")
    } else {
        known.to_owned()
    }
}

/// A unit as people read it: `USD per MW` → `$ per MW`, `fraction per year` → `%/yr`.
pub fn unit_label(unit: &str) -> String {
    if let Some(rest) = unit.strip_prefix("USD") {
        format!("${rest}")
    } else if let Some(rest) = unit.strip_prefix("fraction") {
        if rest.trim() == "per year" {
            "%/yr".to_owned()
        } else {
            format!("%{rest}")
        }
    } else if unit == "1/yr" {
        "per year".to_owned()
    } else {
        unit.to_owned()
    }
}

/// One step of a path: a field name, or a list element's key.
#[derive(Debug, PartialEq)]
enum Step<'p> {
    Field(&'p str),
    Key(&'p str),
}

/// Splits a path into fields and keys; a key may hold any character but `]`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            out.push(Step::Key(&r[..end]));
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let rest_trimmed = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trimmed.find(['.', '[']).unwrap_or(rest_trimmed.len());
            if end > 0 {
                out.push(Step::Field(&rest_trimmed[..end]));
            }
            rest = &rest_trimmed[end..];
        }
    }
    out
}

/// The human name of the parameter at `path` in `unit` (the unit text of
/// [`super::params`]): `Power · lead time [years]`, `Bonds · inflow, point 3 [$/yr]`,
/// `Allocation · Power share [%]`, `Initial treasury [$]`.
pub fn param_label(path: &str, unit: &str) -> String {
    let name = param_name(path);
    let unit = unit_label(unit);
    if unit.is_empty() {
        name
    } else {
        format!("{name} [{unit}]")
    }
}

/// [`param_label`] without the unit: `Power · lead time`.
pub fn param_name(path: &str) -> String {
    let steps = steps(path);
    // The element the number belongs to: the last list key (a segment, source, benchmark or
    // chain link), else the section.
    let mut owner: Option<String> = None;
    let mut words: Vec<String> = Vec::new();
    let mut point: Option<usize> = None;
    for (k, step) in steps.iter().enumerate() {
        match *step {
            Step::Key(key) if k > 0 && steps[k - 1] == Step::Field("points") => {
                point = key.parse::<usize>().ok();
            }
            Step::Key(key) => match steps.first() {
                Some(Step::Field("allocation")) => {
                    owner = Some("Allocation".to_owned());
                    words.push(key.to_owned());
                }
                _ => owner = Some(key.to_owned()),
            },
            Step::Field("points" | "kind") => {}
            // A constant curve's number is the curve itself.
            Step::Field("value") if k > 0 => {}
            Step::Field(
                "segments" | "funding" | "benchmarks" | "production" | "hosting" | "allocation",
            ) => {}
            Step::Field(f @ ("chain" | "revenue")) if k == 0 => {
                owner = Some(capitalised(f));
            }
            Step::Field("year") if point.is_some() => words.push("year".to_owned()),
            Step::Field(f) => words.push(field_words(f)),
        }
    }
    let mut what = words.join(" ");
    if let Some(i) = point {
        let (head, year) = match what.strip_suffix(" year") {
            Some(h) => (h.to_owned(), " year"),
            None => (what.clone(), ""),
        };
        what = format!("{head}, point {}{year}", i + 1);
    }
    match owner {
        Some(o) => format!("{o} · {what}"),
        None => capitalised(&what),
    }
}

/// `s` with its first letter in upper case.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether every word of `query` occurs (ignoring case) in one of `texts`: the picker's
/// search. An empty query matches everything.
pub fn matches_words(query: &str, texts: &[&str]) -> bool {
    let hay: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    query
        .split_whitespace()
        .map(str::to_lowercase)
        .all(|w| hay.iter().any(|h| h.contains(&w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params;

    #[test]
    fn paths_read_as_names_with_units() {
        assert_eq!(
            param_label("segments[Power].lead_time_years", "years"),
            "Power · lead time [years]"
        );
        assert_eq!(
            param_label("segments[AI servers].capex_usd_per_unit", "USD per MW"),
            "AI servers · capex per unit [$ per MW]"
        );
        assert_eq!(
            param_label("funding[Bonds].kind.rate", "fraction per year"),
            "Bonds · interest rate [%/yr]"
        );
        assert_eq!(
            param_label("funding[Bonds].inflow_usd_per_year.value", "USD/yr"),
            "Bonds · inflow [$/yr]"
        );
        assert_eq!(
            param_label(
                "funding[Bonds].inflow_usd_per_year.points[2].value",
                "USD/yr"
            ),
            "Bonds · inflow, point 3 [$/yr]"
        );
        assert_eq!(
            param_label("funding[Bonds].inflow_usd_per_year.points[0].year", "year"),
            "Bonds · inflow, point 1 year [year]"
        );
        assert_eq!(
            param_label("allocation[Power].share.value", "fraction"),
            "Allocation · Power share [%]"
        );
        assert_eq!(
            param_label(
                "chain.hosting[Power].units_per_accelerator",
                "units per accelerator"
            ),
            "Power · units per accelerator [units per accelerator]"
        );
        assert_eq!(
            param_label("chain.accelerator_lifetime_years", "years"),
            "Chain · accelerator lifetime [years]"
        );
        assert_eq!(
            param_label("revenue.utilisation.value", "fraction"),
            "Revenue · utilisation [%]"
        );
        assert_eq!(
            param_label("initial_treasury_usd", "USD"),
            "Initial treasury [$]"
        );
        assert_eq!(
            param_label("segments[a.b].ramp_years", "years"),
            "a.b · ramp time [years]"
        );
        assert_eq!(
            param_label("funding[Bonds].inflow_usd_per_year.rate_per_year", "1/yr"),
            "Bonds · inflow growth rate [per year]"
        );
    }

    /// Every number of the shipped default scenario has a name of its own.
    #[test]
    fn every_number_of_the_default_scenario_has_a_distinct_name() {
        let s = crate::io::default_scenario();
        let mut names: Vec<String> = params(&s)
            .into_iter()
            .filter(|p| matches!(p.value, crate::model::ParamValue::Number(_)))
            .map(|p| param_label(&p.path, &p.unit))
            .collect();
        assert!(names.iter().all(|n| !n.contains('_')), "{names:?}");
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn search_words_match_names_and_paths() {
        let path = "segments[Leading-edge fabs].capex_usd_per_unit";
        let name = param_label(path, "USD per wafers/month");
        assert!(matches_words("fabs capex", &[&name, path]));
        assert!(matches_words("  CAPEX   Fabs ", &[&name, path]));
        assert!(matches_words("", &[&name, path]));
        assert!(matches_words("capex_usd", &[&name, path]));
        assert!(!matches_words("fabs lifetime", &[&name, path]));
    }
}
