//! The analyst's questions in a headless window (egui_kittest): making a number uncertain from
//! its context menu, background Monte Carlo runs (progress, cancel, results on the Uncertainty
//! tab), the tornado, goal seek and Compare.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use buildout::model::{Distribution, Issue, Scenario, validate};
use buildout::ui::editor::{EditorState, editor_ui};
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

struct Editing {
    editor: EditorState,
    scenario: Scenario,
    issues: Vec<Issue>,
}

/// The editor alone on `scenario`, tall enough that nothing scrolls.
fn editor_harness(scenario: Scenario) -> Harness<'static, Editing> {
    let issues = validate(&scenario);
    Harness::builder()
        .with_size(Vec2::new(480.0, 5000.0))
        .build_ui_state(
            |ui, e: &mut Editing| {
                editor_ui(ui, &mut e.editor, &mut e.scenario, &e.issues);
                e.issues = validate(&e.scenario);
            },
            Editing {
                editor: EditorState::default(),
                scenario,
                issues,
            },
        )
}

#[test]
fn a_number_is_made_uncertain_from_its_context_menu() {
    let mut s = Scenario::template();
    s.uncertainty.clear();
    let lead = s.segments[0].lead_time_years;
    let mut h = editor_harness(s);
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Lead time").click_secondary();
    h.run();
    h.get_by_label("Make uncertain…").click();
    h.run();
    assert_eq!(
        h.state().editor.uncertain_dialog(),
        Some("segments[Fabs].lead_time_years")
    );
    // Pick a normal distribution; it starts centred on the number.
    h.get_by_label("Distribution kind").click();
    h.run();
    h.get_by_label("Normal").click();
    h.run();
    h.get_by_label("Distribution sd").set_value_accesskit(0.25);
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let e = h.state();
    assert_eq!(e.editor.uncertain_dialog(), None);
    assert_eq!(e.scenario.uncertainty.len(), 1);
    let d = &e.scenario.uncertainty[0];
    assert_eq!(d.path, "segments[Fabs].lead_time_years");
    assert_eq!(
        d.distribution,
        Distribution::Normal {
            mean: lead,
            sd: 0.25,
            low: None,
            high: None
        }
    );
    assert_eq!(e.issues, vec![]);
    // The field is marked, and its menu now offers to undo it.
    assert!(
        h.query_by_label("~").is_some(),
        "an uncertain number shows its ~ badge"
    );
    h.get_by_label("Lead time").click_secondary();
    h.run();
    h.get_by_label("Make certain").click();
    h.run();
    assert!(h.state().scenario.uncertainty.is_empty());
}

#[test]
fn curve_points_and_chain_links_are_uncertain_by_their_parameter_paths() {
    let mut s = Scenario::template();
    s.uncertainty.clear();
    let mut h = editor_harness(s);
    h.get_by_label("Funding source Equity").click();
    h.run();
    for field in ["Inflow point 1 value", "Accelerators per unit-year of Fabs"] {
        h.get_by_label(field).click_secondary();
        h.run();
        h.get_by_label("Make uncertain…").click();
        h.run();
        h.get_by_label("Apply").click();
        h.run();
    }
    let paths: Vec<&str> = h
        .state()
        .scenario
        .uncertainty
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "funding[Equity].inflow_usd_per_year.points[0].value",
            "chain.production[Fabs].accelerators_per_unit_year",
        ]
    );
    assert_eq!(h.state().issues, vec![]);
}
