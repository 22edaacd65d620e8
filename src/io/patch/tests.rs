//! Each kind of edit a patch-save makes, on small texts with exact expectations.

use super::*;
use crate::model::{Curve, FundingKind, Scenario};

const FILE: &str = "\
// my plan
#![enable(implicit_some)]
(
    version: 5,
    name: \"Small\", // the name
    horizon: (start_year: 2025, end_year: 2030, period: Year),
    funding: [
        // the bonds
        (
            name: \"Bonds\",
            kind: Debt(rate: 0.06, tenor_years: 10.0, grace_years: 3.0),
            inflow_usd_per_year: Points(
                points: [
                    (year: 2025.0, value: 1e11), // first
                    (year: 2030.0, value: 0.0),
                ],
                interpolation: Step,
            ),
            cap_usd_total: 4e11, // the cap
        ),
    ],
    segments: [
        (
            name: \"Fabs\", kind: Fab, unit: \"wafers/month\",
            capex_usd_per_unit: 5.6e5,    // $28B per 50k wspm
            lead_time_years: 3.0, ramp_years: 1.0, lifetime_years: 20.0,
        ),
        // power
        (
            name: \"Power\", kind: Power, unit: \"MW\",
            capex_usd_per_unit: 2.4e6, lead_time_years: 4.0, lifetime_years: 30.0,
        ),
    ],
    allocation: Balanced(),
    chain: (
        production: [(segment: \"Fabs\", accelerators_per_unit_year: 300.0)],
        hosting: [(segment: \"Power\", units_per_accelerator: 0.00221)],
        accelerator_lifetime_years: 5.5,
        performance_per_accelerator: Constant(2.25), // PFLOP/s
        performance_unit: \"PFLOP/s\",
    ),
    kpi_years: [2027, 2030],
)
";

fn load() -> Scenario {
    parse(FILE, "<test>").unwrap()
}

/// The lines of `a` and `b` that differ: (removed, added).
fn changed(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let d = crate::io::line_diff::changes(a, b);
    (d.removed, d.added)
}

fn patched(s: &Scenario) -> String {
    let text = patch(FILE, s).expect("patches");
    assert_eq!(parse(&text, "<back>").unwrap(), *s, "{text}");
    text
}

#[test]
fn an_unchanged_scenario_is_its_file_byte_for_byte() {
    assert_eq!(patch(FILE, &load()).unwrap(), FILE);
}

#[test]
fn a_changed_number_replaces_its_token_only() {
    let mut s = load();
    s.segments[0].capex_usd_per_unit = 5.8e5;
    let text = patched(&s);
    assert_eq!(
        changed(FILE, &text),
        (
            vec!["            capex_usd_per_unit: 5.6e5,    // $28B per 50k wspm".to_owned()],
            vec!["            capex_usd_per_unit: 580000.0,    // $28B per 50k wspm".to_owned()]
        )
    );
    // A number on a line with others.
    let mut s = load();
    s.segments[1].lead_time_years = 5.0;
    let (_, added) = changed(FILE, &patched(&s));
    assert_eq!(
        added,
        ["            capex_usd_per_unit: 2.4e6, lead_time_years: 5.0, lifetime_years: 30.0,"]
    );
}

#[test]
fn strings_and_enums_replace_their_token() {
    let mut s = load();
    s.name = "Small \"v2\"".to_owned();
    s.horizon.period = crate::model::Period::Quarter;
    let (removed, added) = changed(FILE, &patched(&s));
    assert_eq!(
        removed,
        [
            "    name: \"Small\", // the name",
            "    horizon: (start_year: 2025, end_year: 2030, period: Year),"
        ]
    );
    assert_eq!(
        added,
        [
            "    name: \"Small \\\"v2\\\"\", // the name",
            "    horizon: (start_year: 2025, end_year: 2030, period: Quarter),"
        ]
    );
}

#[test]
fn an_optional_field_set_or_cleared_adds_or_removes_its_line() {
    let mut s = load();
    s.funding[0].cap_usd_total = None;
    s.funding[0].cap_usd_per_year = Some(2e11);
    let text = patched(&s);
    assert_eq!(
        changed(FILE, &text),
        (
            vec!["            cap_usd_total: 4e11, // the cap".to_owned()],
            vec!["            cap_usd_per_year: 2e11,".to_owned()]
        )
    );
    // In a struct written several fields to a line, the field goes inline.
    let mut s = load();
    s.segments[1].ramp_years = 0.5;
    s.segments[1].notes = "CCGT".to_owned();
    let (_, added) = changed(FILE, &patched(&s));
    assert_eq!(
        added,
        [
            "            capex_usd_per_unit: 2.4e6, lead_time_years: 4.0, ramp_years: 0.5, lifetime_years: 30.0,",
            "            notes: \"CCGT\","
        ]
    );
    // An optional curve appears on its own line, after the field it follows.
    let mut s = load();
    s.demand_compute = Some(Curve::Constant(1e6));
    let (_, added) = changed(FILE, &patched(&s));
    assert_eq!(added, ["    demand_compute: Constant(1e6),"]);
}

#[test]
fn a_variant_change_replaces_that_value_only() {
    let mut s = load();
    s.funding[0].kind = FundingKind::Equity {
        required_return: 0.1,
    };
    let (removed, added) = changed(FILE, &patched(&s));
    assert_eq!(
        removed,
        ["            kind: Debt(rate: 0.06, tenor_years: 10.0, grace_years: 3.0),"]
    );
    assert_eq!(added, ["            kind: Equity(required_return: 0.1),"]);
}

#[test]
fn a_curve_changing_kind_replaces_its_text_in_place() {
    let mut s = load();
    s.funding[0].inflow_usd_per_year = Curve::Constant(5e10);
    let text = patched(&s);
    assert!(text.contains("            inflow_usd_per_year: Constant(5e10),\n            cap_usd_total: 4e11, // the cap\n"), "{text}");
    let mut s = load();
    s.chain.performance_per_accelerator = Curve::linear(&[(2025.0, 2.25), (2030.0, 14.0)]);
    let text = patched(&s);
    assert!(
        text.contains("        performance_per_accelerator: Points(\n            points: [\n"),
        "{text}"
    );
    assert!(text.contains("), // PFLOP/s\n"), "{text}");
}

#[test]
fn curve_points_are_added_and_removed_as_lines() {
    let mut s = load();
    let Curve::Points { points, .. } = &mut s.funding[0].inflow_usd_per_year else {
        panic!()
    };
    points.insert(1, crate::model::Point::new(2027.0, 5e10));
    let (removed, added) = changed(FILE, &patched(&s));
    assert!(removed.is_empty());
    assert_eq!(added, ["                    (year: 2027.0, value: 5e10),"]);
    let mut s = load();
    let Curve::Points { points, .. } = &mut s.funding[0].inflow_usd_per_year else {
        panic!()
    };
    points.remove(0);
    let (removed, added) = changed(FILE, &patched(&s));
    assert_eq!(
        removed,
        ["                    (year: 2025.0, value: 1e11), // first"]
    );
    assert!(added.is_empty());
}

#[test]
fn removed_items_take_their_comments_and_reordered_items_keep_theirs() {
    let mut s = load();
    s.remove_segment(1);
    let text = patched(&s);
    assert!(!text.contains("// power"), "{text}");
    assert!(!text.contains("\"MW\""), "{text}");
    let mut s = load();
    s.segments.swap(0, 1);
    let text = patched(&s);
    let power = text.find("// power").unwrap();
    let fabs = text.find("name: \"Fabs\"").unwrap();
    assert!(power < fabs, "{text}");
    assert!(text.contains("capex_usd_per_unit: 5.6e5,    // $28B per 50k wspm"));
}

#[test]
fn a_renamed_segment_keeps_its_text() {
    let mut s = load();
    s.rename_segment(0, "Leading fabs").unwrap();
    let (removed, added) = changed(FILE, &patched(&s));
    assert_eq!(
        removed,
        [
            "            name: \"Fabs\", kind: Fab, unit: \"wafers/month\",",
            "        production: [(segment: \"Fabs\", accelerators_per_unit_year: 300.0)],"
        ]
    );
    assert_eq!(
        added,
        [
            "            name: \"Leading fabs\", kind: Fab, unit: \"wafers/month\",",
            "        production: [(segment: \"Leading fabs\", accelerators_per_unit_year: 300.0)],"
        ]
    );
}

#[test]
fn added_items_follow_the_list_style() {
    let mut s = load();
    s.kpi_years.push(2029);
    let mut seg = s.segments[1].clone();
    seg.name = "Grid".to_owned();
    s.segments.push(seg);
    let text = patched(&s);
    assert!(
        text.contains("    kpi_years: [2027, 2030, 2029],\n"),
        "{text}"
    );
    assert!(
        text.contains("        (\n            name: \"Grid\",\n            kind: Power,\n"),
        "{text}"
    );
}

#[test]
fn a_whole_allocation_replaced_by_explicit_shares() {
    let mut s = load();
    s.allocation = crate::model::Allocation::Shares(vec![
        crate::model::Share {
            segment: "Fabs".to_owned(),
            share: Curve::Constant(0.4),
        },
        crate::model::Share {
            segment: "Power".to_owned(),
            share: Curve::Constant(0.6),
        },
    ]);
    let text = patched(&s);
    let (removed, _) = changed(FILE, &text);
    assert_eq!(removed, ["    allocation: Balanced(),"]);
    assert!(text.contains("    allocation: Shares([\n"), "{text}");
    // Balanced with fixed shares fills the empty parentheses.
    let mut s = load();
    s.allocation = crate::model::Allocation::Balanced {
        fixed: vec![crate::model::Share {
            segment: "Fabs".to_owned(),
            share: Curve::Constant(0.1),
        }],
    };
    let text = patched(&s);
    assert!(text.contains("    allocation: Balanced(fixed: ["), "{text}");
}

#[test]
fn a_text_the_patcher_cannot_follow_is_written_afresh_and_says_so() {
    let s = load();
    let (text, how) = write(Some("not a scenario"), &s);
    assert_eq!(how, Written::Rewritten);
    assert_eq!(text, to_ron(&s));
    assert_eq!(write(None, &s), (to_ron(&s), Written::Fresh));
    assert_eq!(write(Some(FILE), &s), (FILE.to_owned(), Written::Patched));
}

/// A driver switched to fixed bounds (file version 3) gains the field in its own item; switched
/// back, the field goes.
#[test]
fn a_drivers_fixed_bounds_are_written_and_removed() {
    let file = FILE.replace(
        "    kpi_years: [2027, 2030],\n",
        "    kpi_years: [2027, 2030],\n    uncertainty: [\n        (path: \"segments[Fabs].lead_time_years\", distribution: Uniform(low: 2.0, high: 4.0)), // lead\n    ],\n",
    );
    let mut s = parse(&file, "<test>").unwrap();
    assert!(!s.uncertainty[0].fixed_bounds);
    s.uncertainty[0].fixed_bounds = true;
    let text = patch(&file, &s).expect("patches");
    let back = parse(&text, "<back>").unwrap();
    assert_eq!(back, s, "{text}");
    let (removed, added) = changed(&file, &text);
    assert_eq!(removed.len(), 1, "{text}");
    assert_eq!(added.len(), 1, "{text}");
    assert!(added[0].contains("fixed_bounds: true"), "{added:?}");
    assert!(
        added[0].ends_with("// lead"),
        "the comment stays: {added:?}"
    );
    s.uncertainty[0].fixed_bounds = false;
    assert_eq!(patch(&text, &s).expect("patches"), file);
}

#[test]
fn an_objective_and_a_schedule_are_patched_in() {
    let mut s = load();
    s.objective = crate::model::Objective::ComputeAtEnd;
    let text = patched(&s);
    let (removed, added) = changed(FILE, &text);
    assert_eq!(removed, Vec::<String>::new());
    assert_eq!(added, ["    objective: ComputeAtEnd,"]);
    s.allocation = crate::model::Allocation::Schedule(crate::model::Schedule {
        spend: vec![crate::model::SegmentSpend {
            segment: "Fabs".to_owned(),
            usd_per_year: Curve::steps(&[(2025.0, 1e10), (2027.0, 0.0)]),
        }],
        installations_per_year: None,
    });
    let text = patched(&s);
    let (removed, _) = changed(FILE, &text);
    assert_eq!(removed, ["    allocation: Balanced(),"]);
    assert_eq!(parse(&text, "<test>").unwrap(), s);
    assert!(text.contains("// the cap"), "{text}");
}
