//! The scenario editor driven like a person would: find fields by their label, set values,
//! click buttons, drag curve points; then check the scenario. See `buildout::ui::editor` for
//! how inputs are named.
#![cfg(feature = "gui")]

use buildout::model::{Allocation, Curve, Distribution, Driver, Issue, Scenario, Share, validate};
use buildout::ui::editor::{EditorState, editor_ui, plot_bounds};
use egui::accesskit::Role;
use egui::{Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

struct State {
    editor: EditorState,
    scenario: Scenario,
    issues: Vec<Issue>,
}

/// The editor on `scenario` in a tall window (nothing needs scrolling), revalidating after
/// every frame like the app does.
fn harness(scenario: Scenario) -> Harness<'static, State> {
    let issues = validate(&scenario);
    Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(Vec2::new(480.0, 5000.0))
        .build_ui_state(
            |ui, state: &mut State| {
                editor_ui(ui, &mut state.editor, &mut state.scenario, &state.issues);
                state.issues = validate(&state.scenario);
            },
            State {
                editor: EditorState::default(),
                scenario,
                issues,
            },
        )
}

fn driver(path: &str) -> Driver {
    Driver {
        path: path.to_owned(),
        distribution: Distribution::Uniform {
            low: 1.0,
            high: 2.0,
        },
        fixed_bounds: false,
    }
}

/// The template with drivers on Fabs and Power, and a fixed share for Power.
fn scenario() -> Scenario {
    let mut s = Scenario::template();
    s.uncertainty = vec![
        driver("segments[Fabs].lead_time_years"),
        driver("segments[Power].lead_time_years"),
    ];
    s.allocation = Allocation::Balanced {
        fixed: vec![Share {
            segment: "Power".into(),
            share: Curve::Constant(0.1),
        }],
    };
    assert_eq!(validate(&s), vec![]);
    s
}

#[test]
fn a_segments_capex_is_found_by_its_label_and_set() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Capex per unit").set_value_accesskit(123e6);
    h.run();
    assert_eq!(h.state().scenario.segments[0].capex_usd_per_unit, 123e6);
    assert_eq!(h.state().issues, vec![]);
}

#[test]
fn money_can_be_typed_with_a_scale_suffix() {
    let mut h = harness(scenario());
    h.get_by_label("Initial treasury").click();
    h.run();
    // Clicking selects the text, so typing replaces it.
    h.get_by_label("Initial treasury").type_text("28B");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().scenario.initial_treasury_usd, 28e9);
    // Shown compactly with its unit.
    assert!(
        h.query_by_value("$28.0B").is_some(),
        "the treasury reads $28.0B"
    );
}

#[test]
fn percentages_are_entered_as_percent() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Learning rate").set_value_accesskit(20.0);
    h.run();
    assert!((h.state().scenario.segments[0].learning_rate - 0.2).abs() < 1e-12);
}

#[test]
fn adding_a_segment_keeps_the_scenario_valid() {
    let mut h = harness(scenario());
    h.get_by_label("+ Add segment").click();
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.segments.len(), 4);
    assert_eq!(s.segments[3].name, "New segment");
    assert_eq!(validate(s), vec![]);
    // The new segment is open for editing.
    assert_eq!(h.state().editor.selected_segment, Some(3));
    h.get_by_label("Segment name");
}

#[test]
fn removing_a_segment_removes_its_references() {
    let mut h = harness(scenario());
    h.get_by_label("Remove segment Power").click();
    h.run();
    let s = &h.state().scenario;
    assert!(s.segment_index("Power").is_none());
    assert!(s.chain.hosting.iter().all(|l| l.segment != "Power"));
    assert!(s.shares().is_empty());
    assert_eq!(s.uncertainty.len(), 1);
    assert_eq!(s.uncertainty[0].path, "segments[Fabs].lead_time_years");
    assert_eq!(validate(s), vec![]);
}

#[test]
fn a_duplicate_gets_a_unique_name() {
    let mut h = harness(scenario());
    h.get_by_label("Duplicate segment Fabs").click();
    h.run();
    h.get_by_label("Duplicate segment Fabs").click();
    h.run();
    let s = &h.state().scenario;
    let names: Vec<&str> = s.segments.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Fabs",
            "Fabs (copy) 2",
            "Fabs (copy)",
            "Power",
            "Data centres"
        ]
    );
    assert_eq!(validate(s), vec![]);
}

#[test]
fn segments_move_up_and_down() {
    let mut h = harness(scenario());
    h.get_by_label("Move segment Power up").click();
    h.run();
    assert_eq!(h.state().scenario.segments[0].name, "Power");
    h.get_by_label("Move segment Power down").click();
    h.run();
    assert_eq!(h.state().scenario.segments[1].name, "Power");
}

#[test]
fn a_rename_carries_through_to_every_reference() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Segment name")
        .set_text_value_accesskit("Leading-edge fabs");
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.segments[0].name, "Leading-edge fabs");
    assert_eq!(s.chain.production[0].segment, "Leading-edge fabs");
    assert_eq!(
        s.uncertainty[0].path,
        "segments[Leading-edge fabs].lead_time_years"
    );
    assert_eq!(validate(s), vec![]);
}

#[test]
fn a_typed_name_is_committed_on_enter_only() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Power").click();
    h.run();
    h.get_by_label("Segment name").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Segment name").type_text("Grid");
    h.run();
    // Half typed: nothing renamed yet.
    assert_eq!(h.state().scenario.segments[1].name, "Power");
    h.key_press(egui::Key::Enter);
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.segments[1].name, "Grid");
    assert_eq!(s.chain.hosting[0].segment, "Grid");
    assert_eq!(s.shares()[0].segment, "Grid");
}

#[test]
fn a_rename_to_a_taken_name_is_refused_in_place() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Segment name")
        .set_text_value_accesskit("Power");
    h.run();
    assert_eq!(h.state().scenario.segments[0].name, "Fabs");
    h.get_by_label_contains("Not renamed: another item is already called \"Power\"");
}

#[test]
fn an_invalid_value_shows_its_message_in_place() {
    let mut s = scenario();
    s.segments[0].lead_time_years = -1.0;
    let mut h = harness(s);
    h.run();
    // Closed: the segment's header counts the issue.
    h.get_by_label_contains("Segments (3), 1 problem");
    h.get_by_label_contains("1 problem: fix");
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label_contains("must be ≥ 0, got -1");
    // The field is still editable and fixing it clears the message.
    h.get_by_label("Lead time").set_value_accesskit(2.0);
    h.run();
    h.run();
    assert_eq!(h.state().scenario.segments[0].lead_time_years, 2.0);
    assert!(h.query_by_label_contains("must be ≥ 0").is_none());
    assert_eq!(h.state().issues, vec![]);
}

#[test]
fn section_issues_show_at_the_section() {
    let mut s = scenario();
    s.set_policy(buildout::model::Policy::Shares);
    if let Allocation::Shares(sh) = &mut s.allocation {
        sh[0].share = Curve::Constant(0.5);
    }
    let mut h = harness(s);
    h.run();
    h.get_by_label_contains("shares must sum to 1 in every period");
    h.get_by_label_contains("Allocation, 1 problem");
}

#[test]
fn dragging_a_curve_point_changes_the_curve() {
    let mut h = harness(scenario());
    h.get_by_label("Funding source Equity").click();
    h.run();
    let s = h.state().scenario.clone();
    let curve = s.funding[0].inflow_usd_per_year.clone();
    let (bx, by) = plot_bounds(&curve, &s.horizon);
    let rect = h.get_by_label("Inflow plot").rect();
    let to_screen = |year: f64, value: f64| {
        Pos2::new(
            rect.left() + ((year - bx[0]) / (bx[1] - bx[0])) as f32 * rect.width(),
            rect.bottom() - ((value - by[0]) / (by[1] - by[0])) as f32 * rect.height(),
        )
    };
    let p = curve.points().unwrap()[0];
    let start = to_screen(p.year, p.value);
    let end = start + Vec2::new(0.0, 30.0);
    h.hover_at(start);
    h.run();
    h.drag_at(start);
    h.run();
    for k in 1..=3 {
        h.hover_at(start + Vec2::new(0.0, 10.0 * k as f32));
        h.run();
    }
    h.drop_at(end);
    h.run();
    let after = &h.state().scenario.funding[0].inflow_usd_per_year;
    let q = after.points().unwrap()[0];
    assert_eq!(q.year, p.year);
    let expected = p.value - 30.0 / f64::from(rect.height()) * (by[1] - by[0]);
    assert!(
        q.value < p.value && (q.value - expected).abs() < 0.02 * p.value,
        "dragged 30 points down: {} → {} (expected about {expected})",
        p.value,
        q.value
    );
    assert!(after.points_sorted());
}

#[test]
fn curve_kinds_switch_and_points_are_added_in_the_table() {
    let mut h = harness(scenario());
    h.get_by_label("Funding source Equity").click();
    h.run();
    h.get_by_label("Add a point after Inflow point 1").click();
    h.run();
    let c = &h.state().scenario.funding[0].inflow_usd_per_year;
    assert_eq!(c.points().unwrap().len(), 3);
    h.get_by_label("Inflow point 2 value")
        .set_value_accesskit(5e9);
    h.run();
    assert_eq!(
        h.state().scenario.funding[0]
            .inflow_usd_per_year
            .points()
            .unwrap()[1]
            .value,
        5e9
    );
    h.get_by_label("Inflow kind").click();
    h.run();
    h.get_by_label("Constant").click();
    h.run();
    assert!(matches!(
        h.state().scenario.funding[0].inflow_usd_per_year,
        Curve::Constant(v) if v == 100e9
    ));
    h.get_by_label("Inflow value");
}

#[test]
fn the_allocation_policy_switches_to_valid_shares_and_back() {
    let mut h = harness(scenario());
    h.get_by_label("Allocation policy").click();
    h.run();
    h.get_by_label("Shares").click();
    h.run();
    let s = &h.state().scenario;
    assert!(matches!(s.allocation, Allocation::Shares(_)));
    assert_eq!(s.shares().len(), 3);
    assert_eq!(validate(s), vec![]);
    h.get_by_label("Allocation policy").click();
    h.run();
    h.get_by_label("Balanced").click();
    h.run();
    // The fixed share put aside is back.
    assert_eq!(h.state().scenario.allocation, scenario().allocation);
    // Optimal keeps Balanced's fixed shares; a schedule is not offered until there is one.
    h.get_by_label("Allocation policy").click();
    h.run();
    assert!(h.query_by_label("Schedule").is_none());
    h.get_by_label("Optimal").click();
    h.run();
    let Allocation::Balanced { fixed } = scenario().allocation else {
        panic!("the fixture is balanced");
    };
    assert_eq!(
        h.state().scenario.allocation,
        Allocation::Optimal {
            fixed,
            limits: Vec::new()
        }
    );
    h.get_by_label_contains("solved as a linear programme");
    // The objective is picked beside the policy; one the scenario cannot define is named.
    h.get_by_label("Objective").click();
    h.run();
    h.get_by_label("NPV").click();
    h.run();
    assert_eq!(
        h.state().scenario.objective,
        buildout::model::Objective::Npv
    );
    h.get_by_label_contains("NPV needs revenue");
    // Without a solved plan (this harness runs no analysis) it cannot be applied; with one,
    // the button asks the window to apply it.
    h.get_by_label("Apply the optimal plan as a schedule")
        .click();
    h.run();
    assert!(!h.state().editor.apply_plan);
    h.state_mut().editor.plan_ready = true;
    h.run();
    h.get_by_label("Apply the optimal plan as a schedule")
        .click();
    h.run();
    assert!(h.state().editor.apply_plan);
}

#[test]
fn a_schedule_is_edited_curve_by_curve() {
    use buildout::model::{Schedule, SegmentSpend};
    let mut s = scenario();
    let name = s.segments[0].name.clone();
    s.allocation = Allocation::Schedule(Schedule {
        spend: vec![SegmentSpend {
            segment: name.clone(),
            usd_per_year: Curve::Constant(5e9),
        }],
        installations_per_year: None,
    });
    let mut h = harness(s);
    h.run();
    h.get_by_label_contains("An explicit plan");
    h.get_by_label_contains("Installations: everything production and room allow");
    h.get_by_label(&format!("{name} spend value"))
        .set_value_accesskit(7e9);
    h.run();
    let Allocation::Schedule(plan) = &h.state().scenario.allocation else {
        panic!("still a schedule");
    };
    assert_eq!(plan.spend[0].usd_per_year, Curve::Constant(7e9));
    // Once there, Schedule is among the policies, and leaving it keeps it for this session.
    h.get_by_label("Allocation policy").click();
    h.run();
    h.get_by_label("Balanced").click();
    h.run();
    h.get_by_label("Allocation policy").click();
    h.run();
    h.get_by_label("Schedule").click();
    h.run();
    assert!(matches!(
        &h.state().scenario.allocation,
        Allocation::Schedule(p) if p.spend[0].usd_per_year == Curve::Constant(7e9)
    ));
}

#[test]
fn optional_values_toggle_on_and_off() {
    let mut h = harness(scenario());
    h.get_by_label("Funding source Equity").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Cap per year")
        .click();
    h.run();
    assert_eq!(h.state().scenario.funding[0].cap_usd_per_year, Some(1e9));
    h.get_by_label("Cap per year").set_value_accesskit(5e9);
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Cap per year")
        .click();
    h.run();
    assert_eq!(h.state().scenario.funding[0].cap_usd_per_year, None);
    h.get_by_role_and_label(Role::CheckBox, "Cap per year")
        .click();
    h.run();
    assert_eq!(h.state().scenario.funding[0].cap_usd_per_year, Some(5e9));
}

#[test]
fn odd_values_never_panic() {
    let mut s = scenario();
    s.initial_treasury_usd = f64::NAN;
    s.segments[0].capex_usd_per_unit = f64::INFINITY;
    s.segments[0].lead_time_years = -1e300;
    s.segments[1].installed_base_units = 1e308;
    s.segments[2].name = String::new();
    s.funding[0].inflow_usd_per_year =
        Curve::linear(&[(2030.0, f64::NAN), (2020.0, -5.0), (f64::INFINITY, 1e308)]);
    s.chain.performance_per_accelerator = Curve::Growth {
        start_year: 2025.0,
        start_value: 1e300,
        rate_per_year: 1e6,
    };
    s.horizon.end_year = s.horizon.start_year - 3;
    s.kpi_years = vec![i32::MIN, i32::MAX];
    s.demand_compute = Some(Curve::Logistic {
        floor: f64::NAN,
        ceiling: -1.0,
        midpoint_year: f64::NEG_INFINITY,
        steepness_per_year: 1e300,
    });
    let mut h = harness(s);
    h.state_mut().editor.selected_segment = Some(0);
    h.state_mut().editor.selected_funding = Some(0);
    h.state_mut().editor.selected_driver = Some(0);
    h.run();
    h.state_mut().editor.selected_segment = Some(2);
    h.run();
    assert!(!h.state().issues.is_empty());
    // A NaN can be reset to a number.
    h.get_by_label("Initial treasury").click();
    h.run();
    assert_eq!(h.state().scenario.initial_treasury_usd, 0.0);
}

#[test]
fn chain_links_are_added_relinked_and_removed() {
    let mut h = harness(scenario());
    h.get_by_label("+ Add production link").click();
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.chain.production.len(), 2);
    assert_eq!(s.chain.production[1].segment, "Power");
    h.get_by_label("Accelerators per unit-year of Power")
        .set_value_accesskit(250.0);
    h.run();
    assert_eq!(
        h.state().scenario.chain.production[1].accelerators_per_unit_year,
        250.0
    );
    h.get_by_label("Production segment 2").click();
    h.run();
    h.get_by_label("Data centres").click();
    h.run();
    assert_eq!(
        h.state().scenario.chain.production[1].segment,
        "Data centres"
    );
    h.get_by_label("Remove production link Data centres")
        .click();
    h.run();
    assert_eq!(h.state().scenario.chain.production.len(), 1);
    assert_eq!(h.state().issues, vec![]);
}

#[test]
fn benchmarks_and_drivers_are_added_and_renamed() {
    let mut h = harness(scenario());
    h.get_by_label("+ Add benchmark").click();
    h.run();
    h.get_by_label("Limit share").set_value_accesskit(15.0);
    h.run();
    assert!((h.state().scenario.benchmarks[0].limit_share - 0.15).abs() < 1e-12);
    h.state_mut()
        .scenario
        .uncertainty
        .push(driver("benchmarks[New benchmark].limit_share"));
    h.run();
    h.get_by_label("Benchmark name")
        .set_text_value_accesskit("Chip sales");
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.benchmarks[0].name, "Chip sales");
    assert_eq!(s.uncertainty[2].path, "benchmarks[Chip sales].limit_share");
    h.get_by_label("+ Add uncertainty driver").click();
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.uncertainty.len(), 4);
    assert_eq!(validate(s), vec![]);
    // The new driver is open: its distribution can be edited.
    h.get_by_label("Driver high").set_value_accesskit(1e12);
    h.run();
    assert_eq!(validate(&h.state().scenario), vec![]);
}

#[test]
fn kpi_years_are_added_and_a_year_outside_the_horizon_is_marked() {
    let mut h = harness(scenario());
    h.get_by_label("+ Add KPI year").click();
    h.run();
    assert_eq!(h.state().scenario.kpi_years, vec![2035]);
    h.get_by_label("KPI year 1").set_value_accesskit(2040.0);
    h.run();
    h.run();
    h.get_by_label_contains("2040 is outside the horizon 2025–2035");
    h.get_by_label("Remove KPI year 1").click();
    h.run();
    assert!(h.state().scenario.kpi_years.is_empty());
}

#[test]
fn long_point_tables_scroll_and_the_rest_still_edits() {
    let mut s = scenario();
    let points: Vec<(f64, f64)> = (0..60).map(|k| (2025.0 + k as f64 / 6.0, 1e9)).collect();
    s.funding[0].inflow_usd_per_year = Curve::linear(&points);
    let mut h = harness(s);
    h.get_by_label("Funding source Equity").click();
    h.run();
    // Only the rows in view are laid out.
    assert!(h.query_by_label("Inflow point 1 value").is_some());
    assert!(h.query_by_label("Inflow point 60 value").is_none());
    h.get_by_label("Inflow point 3 value")
        .set_value_accesskit(2e9);
    h.run();
    let c = &h.state().scenario.funding[0].inflow_usd_per_year;
    assert_eq!(c.points().unwrap()[2].value, 2e9);
}

#[test]
fn a_segment_can_be_made_custom() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Data centres").click();
    h.run();
    h.get_by_label("Segment kind").click();
    h.run();
    h.get_by_label("Custom…").click();
    h.run();
    h.get_by_label("Custom kind")
        .set_text_value_accesskit("Cooling");
    h.run();
    assert_eq!(
        h.state().scenario.segments[2].kind,
        buildout::model::SegmentKind::Custom("Cooling".into())
    );
}

/// In the whole window: a drag is one undo step (the app feeds its undo history every frame).
#[test]
fn in_the_app_one_drag_is_one_undo_step() {
    use buildout::ui::BuildoutApp;
    use buildout::ui::command::Command;
    let mut h = Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(Vec2::new(1280.0, 2400.0))
        .build_eframe(|_cc| BuildoutApp::with_scenario(scenario()));
    h.run();
    let before = h.state().doc().unwrap().scenario.clone();
    h.get_by_label("Funding source Equity").click();
    h.run();
    let curve = before.funding[0].inflow_usd_per_year.clone();
    let (bx, by) = plot_bounds(&curve, &before.horizon);
    let rect = h.get_by_label("Inflow plot").rect();
    let p = curve.points().unwrap()[0];
    let start = Pos2::new(
        rect.left() + ((p.year - bx[0]) / (bx[1] - bx[0])) as f32 * rect.width(),
        rect.bottom() - ((p.value - by[0]) / (by[1] - by[0])) as f32 * rect.height(),
    );
    // One frame (0.25 s) per move: the pointer never rests long enough (0.5 s) for the undo
    // history to take a snapshot in the middle of the drag.
    h.drag_at(start);
    h.step();
    for k in 1..=4 {
        h.hover_at(start + Vec2::new(0.0, 8.0 * k as f32));
        h.step();
    }
    h.drop_at(start + Vec2::new(0.0, 32.0));
    h.step();
    // Let the undo history see the scenario still for a while.
    for _ in 0..4 {
        h.step();
    }
    let dragged = h.state().doc().unwrap().scenario.clone();
    assert_ne!(dragged, before);
    h.state_mut().push(Command::Undo);
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(
        doc.scenario, before,
        "one undo brings back the scenario before the drag"
    );
    assert!(!doc.can_undo());
}

#[test]
fn a_segments_notes_show_the_rows_they_cite_and_the_description_its_file_name() {
    let mut h = harness(buildout::io::default_scenario());
    h.run();
    // The description names the shipped file, not a path of a build machine, and shows the row
    // it cites.
    assert!(
        h.state()
            .scenario
            .description
            .contains("Sources: rows of scenarios/SOURCES.md")
    );
    h.get_by_label_contains("[wsj-raise] target raise for AI chip, energy and data-centre capacity: 5–7 $T (2024) — The Wall Street Journal, “Sam Altman Seeks Trillions");
    h.get_by_label("Segment Power").click();
    h.run();
    // Under the description and under the open segment's and source's notes.
    assert!(
        h.query_all_by_label_contains("Cited in scenarios/SOURCES.md:")
            .count()
            >= 2
    );
    h.get_by_label_contains("[ccgt-capex] CCGT capex: 2,400 (up to 4,000) $/kW (2025)");
    h.get_by_label_contains("[turbine-output] world large gas-turbine output: ~30 GW/yr (2025)");
    // A row with a public address has a link to it.
    h.get_by_label_contains("[iea-dc-electricity] global data-centre electricity");
    assert!(
        h.query_all_by_label("open").count() >= 2,
        "the cited rows with an address have links"
    );
}

/// The text of the kept entry named `label` (a text input where a number field was).
fn typed(h: &Harness<'_, State>, label: &str) -> Option<String> {
    use egui_kittest::kittest::NodeT as _;
    h.query_by_role_and_label(Role::TextInput, label)
        .and_then(|n| n.accesskit_node().value())
}

/// Whether a label reads `text` (a label and its text run both carry it).
fn shows(h: &Harness<'_, State>, text: &str) -> bool {
    h.query_all_by_value(text).next().is_some()
}

/// A typed entry out of range is kept as typed and marked with its reason; the scenario keeps
/// its last valid value (nothing clamped) until the entry is corrected.
#[test]
fn an_entry_out_of_range_is_kept_as_typed_not_clamped() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    let before = h.state().scenario.segments[0].lead_time_years;
    h.get_by_label("Lead time").click();
    h.run();
    h.get_by_label("Lead time").type_text("-2");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().scenario.segments[0].lead_time_years, before);
    assert_eq!(
        typed(&h, "Lead time").as_deref(),
        Some("-2"),
        "the entry stays as typed"
    );
    assert!(
        shows(&h, "must be between 0 and 50 years"),
        "the reason is shown"
    );
    // Corrected: the scenario takes it and the mark goes.
    h.get_by_label("Lead time").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Lead time").type_text("5");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().scenario.segments[0].lead_time_years, 5.0);
    assert!(!shows(&h, "must be between 0 and 50 years"));
}

/// 600k typed into a learning rate (a percentage below 100 %) is refused with the range, not
/// turned into 99 %.
#[test]
fn a_learning_rate_typed_far_too_high_is_refused_with_its_range() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    let before = h.state().scenario.segments[0].learning_rate;
    h.get_by_label("Learning rate").click();
    h.run();
    h.get_by_label("Learning rate").type_text("600k");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().scenario.segments[0].learning_rate, before);
    assert_eq!(typed(&h, "Learning rate").as_deref(), Some("600k"));
    assert!(shows(&h, "must be between 0 and 99 % per doubling"));
    // ↺ drops the entry: the field shows the number again.
    h.get_by_label("↺").click();
    h.run();
    assert_eq!(typed(&h, "Learning rate"), None);
    assert!(!shows(&h, "must be between 0 and 99 % per doubling"));
}

/// Editing an uncertain number moves its distribution with it (same ratio); with fixed bounds
/// the distribution stays, the field warns while the number lies outside, and one click widens
/// the bounds to include it.
#[test]
fn uncertainty_follows_its_number_unless_its_bounds_are_fixed() {
    let uniform = |low: f64, high: f64| Distribution::Uniform { low, high };
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    let lead = h.state().scenario.segments[0].lead_time_years;
    h.get_by_label("Lead time").set_value_accesskit(2.0 * lead);
    h.run();
    assert_eq!(
        h.state().scenario.uncertainty[0].distribution,
        uniform(2.0, 4.0)
    );

    h.state_mut().scenario.uncertainty[0].fixed_bounds = true;
    h.run();
    h.get_by_label("Lead time").set_value_accesskit(0.0);
    h.run();
    let s = &h.state().scenario;
    assert_eq!(s.segments[0].lead_time_years, 0.0);
    assert_eq!(s.uncertainty[0].distribution, uniform(2.0, 4.0), "fixed");
    assert!(shows(&h, "⚠ outside its bounds"), "the field warns");
    h.get_by_label("Widen bounds").click();
    h.run();
    assert_eq!(
        h.state().scenario.uncertainty[0].distribution,
        uniform(0.0, 4.0)
    );
    assert!(!shows(&h, "⚠ outside its bounds"));
}

/// Drags the "Lead time" field of the open segment 40 points to the right, with `modifiers`
/// held, and returns how far the value moved.
fn drag_lead_time(modifiers: egui::Modifiers) -> f64 {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    let before = h.state().scenario.segments[0].lead_time_years;
    let start = h.get_by_label("Lead time").rect().center();
    h.event(egui::Event::ModifiersChanged(modifiers));
    h.drag_at(start);
    h.step();
    for k in 1..=4 {
        h.hover_at(start + Vec2::new(10.0 * k as f32, 0.0));
        h.step();
    }
    h.drop_at(start + Vec2::new(40.0, 0.0));
    h.step();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
    h.state().scenario.segments[0].lead_time_years - before
}

/// Shift while dragging a value moves it finely: a tenth as far for the same distance.
#[test]
fn shift_while_dragging_moves_a_value_finely() {
    let coarse = drag_lead_time(egui::Modifiers::NONE);
    let fine = drag_lead_time(egui::Modifiers::SHIFT);
    assert!(
        coarse > 0.5,
        "a plain drag of 40 points moves the lead time: {coarse}"
    );
    assert!(
        (fine / coarse - 0.1).abs() < 0.03,
        "a Shift drag moves a tenth as far: {fine} against {coarse}"
    );
}

/// Every parameter of every shipped scenario, number or text, has a text saying what it
/// means (the label's tooltip).
#[test]
fn every_parameter_of_the_shipped_scenarios_is_explained() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut missing = std::collections::BTreeSet::new();
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            files += 1;
            let s = buildout::io::load(&path).unwrap();
            for p in buildout::model::params(&s) {
                if buildout::model::field_help(&p.path).is_none() {
                    missing.insert(p.path);
                }
            }
        }
    }
    assert!(files >= 3, "the shipped scenarios: {files}");
    assert!(missing.is_empty(), "no help for {missing:?}");
}

/// Hovering a field's label shows what it means, the rule that uses it and its path.
#[test]
fn a_fields_label_explains_it_on_hover() {
    let mut h = harness(scenario());
    h.get_by_label("Segment Fabs").click();
    h.run();
    let label = h
        .get_by_role_and_label(egui::accesskit::Role::Label, "Lead time")
        .rect();
    h.hover_at(label.center());
    // Tooltips show after a short delay.
    for _ in 0..10 {
        h.step();
    }
    h.run();
    let help = buildout::model::field_help("segments[Fabs].lead_time_years").unwrap();
    // The whole tooltip, exactly.
    h.get_by_label(&format!(
        "Lead time: {help}\nsegments[Fabs].lead_time_years"
    ));
}

/// The planner's limits of an optimal plan are added and set in the allocation section, and
/// what they are in the file is what the editor shows.
#[test]
fn planner_limits_are_added_and_set_in_the_allocation_section() {
    use buildout::model::{Commitment, Policy, SpendLimit};
    let mut s = scenario();
    s.set_policy(Policy::Optimal);
    let first = s.segments[0].name.clone();
    let mut h = harness(s);
    h.run();
    h.get_by_label("+ Add limit").click();
    h.run();
    let limits = |h: &Harness<'_, State>| match &h.state().scenario.allocation {
        Allocation::Optimal { limits, .. } => limits.clone(),
        a => panic!("{:?}", a.policy()),
    };
    assert_eq!(limits(&h), vec![SpendLimit::new(&first)]);
    h.get_by_label("Maximum spend").click();
    h.run();
    h.get_by_label(&format!("{first} maximum spend value"))
        .set_value_accesskit(25e9);
    h.run();
    h.get_by_label("Committed spend").click();
    h.run();
    h.get_by_label("Committed until")
        .set_value_accesskit(2027.0);
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Max change per year")
        .click();
    h.run();
    h.get_by_label("Max change per year")
        .set_value_accesskit(5e9);
    h.run();
    assert_eq!(
        limits(&h),
        vec![SpendLimit {
            max_usd_per_year: Some(Curve::Constant(25e9)),
            committed: Some(Commitment {
                until_year: 2027.0,
                usd_per_year: Curve::Constant(0.0),
            }),
            max_change_usd_per_year: Some(5e9),
            ..SpendLimit::new(&first)
        }]
    );
    assert_eq!(validate(&h.state().scenario), vec![]);
    // Switched off and on again, the commitment comes back as it was.
    h.get_by_label("Committed spend").click();
    h.run();
    assert_eq!(limits(&h)[0].committed, None);
    h.get_by_label("Committed spend").click();
    h.run();
    assert_eq!(
        limits(&h)[0].committed.as_ref().map(|c| c.until_year),
        Some(2027.0)
    );
}
