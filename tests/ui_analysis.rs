//! The analyst's questions in a headless window (egui_kittest): making a number uncertain from
//! its context menu, background Monte Carlo runs (progress, cancel, results on the Uncertainty
//! tab), the tornado, goal seek and Compare.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use buildout::engine::goalseek::SeekAnswer;
use buildout::format::value_with_unit;
use buildout::io;
use buildout::model::{
    Allocation, Curve, Distribution, FundingKind, FundingSource, Horizon, Issue, Period,
    ProductionLink, Scenario, Segment, SegmentKind, Share, validate,
};
use buildout::ui::BuildoutApp;
use buildout::ui::analysis::{AnalysisState, MAX_SAMPLES, Settings, Status};
use buildout::ui::command::Command;
use buildout::ui::editor::{EditorState, editor_ui};
use buildout::ui::goal_seek::GoalSeekDialog;
use buildout::ui::plots::PlotTab;
use egui::Vec2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

struct Editing {
    editor: EditorState,
    scenario: Scenario,
    issues: Vec<Issue>,
}

/// The editor alone on `scenario`, tall enough that nothing scrolls.
fn editor_harness(scenario: Scenario) -> Harness<'static, Editing> {
    let issues = validate(&scenario);
    Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
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

// ---------------------------------------------------------------------------------------------
// The whole app: background runs and the analysis tabs.

/// The app on `scenario` in a window tall enough for the tornado's table.
fn app_harness(scenario: Scenario) -> Harness<'static, BuildoutApp> {
    Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1400.0, 1300.0))
        .build_eframe(move |_cc| BuildoutApp::with_scenario(scenario))
}

fn analysis<'a>(h: &'a Harness<'_, BuildoutApp>) -> &'a AnalysisState {
    &h.state().doc().expect("a document").analysis
}

/// Runs frames until the visible document's analysis is done (at most two minutes), then
/// until the window settles. Frame by frame: a spinner repaints while a job runs.
fn wait_for_analysis(h: &mut Harness<'_, BuildoutApp>) {
    let start = Instant::now();
    // A click's command is applied at the end of its frame and noticed by the next one.
    h.run_steps(2);
    while analysis(h).is_busy() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the analysis did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    // New tables lay out over a few frames.
    h.run_steps(4);
    h.run();
}

/// The default scenario (ten drivers) with a small Monte Carlo run.
/// The default scenario in quarters: its optimal plan (and the tornado's, which re-optimises
/// every bar) solves in a tenth of the monthly time, so that these tests of the window do not
/// wait on the solver. The monthly programme is measured in `benches/optimal.rs`.
fn quick_default() -> Scenario {
    let mut s = io::default_scenario();
    s.horizon.period = Period::Quarter;
    s
}

fn small_run() -> Harness<'static, BuildoutApp> {
    let mut h = app_harness(quick_default());
    h.state_mut().docs[0].analysis.settings.samples = 200;
    wait_for_analysis(&mut h);
    h
}

#[test]
fn a_run_can_be_cancelled_and_the_window_stays_responsive() {
    let mut h = app_harness(quick_default());
    // A run large enough to be cancelled long before it ends, started at once.
    let settings = Settings {
        samples: MAX_SAMPLES,
        ..Settings::default()
    };
    h.state_mut().push(Command::SetAnalysisSettings(settings));
    h.state_mut().push(Command::RunAnalysis);
    h.state_mut()
        .push(Command::ShowPlotTab(PlotTab::Uncertainty));
    // Frames return while the run goes on in the background.
    h.run();
    h.run();
    assert!(analysis(&h).mc.is_running());
    assert_eq!(analysis(&h).mc.status(), &Status::Running);
    assert!(
        analysis(&h)
            .mc
            .progress()
            .is_some_and(|(_, n)| n == MAX_SAMPLES)
    );
    h.get_by_label("Cancel run").click();
    h.run();
    assert_eq!(analysis(&h).mc.status(), &Status::Cancelled);
    assert!(!analysis(&h).is_running());
    h.get_by_label("Monte Carlo: cancelled (Run now restarts it)");
    // Still responsive: another tab opens, and nothing restarts by itself.
    h.get_by_label("Sensitivity").click();
    h.run();
    assert_eq!(h.state().plots.tab, PlotTab::Sensitivity);
    h.run_steps(8);
    assert!(!analysis(&h).mc.is_running());
    // Run now starts it again.
    h.state_mut().docs[0].analysis.settings.samples = 100;
    h.get_by_label("Run now").click();
    wait_for_analysis(&mut h);
    assert_eq!(analysis(&h).mc.status(), &Status::Done);
    assert_eq!(analysis(&h).mc.result().map(|r| r.len()), Some(100));
}

#[test]
fn the_fan_chart_shows_the_runs_percentiles() {
    let mut h = small_run();
    h.get_by_label("Uncertainty").click();
    h.run();
    let mc = analysis(&h)
        .mc
        .result()
        .expect("a Monte Carlo result")
        .clone();
    assert_eq!(mc.len(), 200);
    let k = mc
        .series
        .iter()
        .position(|s| s.name == "delivered compute")
        .expect("a compute series");
    let view = &h.state().plots.uncertainty;
    assert_eq!(view.shown_fan(), Some(&mc.fan(k)));
    // The KPI panel states the engine's percentiles of delivered compute at the end.
    let kpi = mc.kpis.iter().position(|m| m.key == "compute_end").unwrap();
    let p = mc.kpi_percentiles(kpi, &[0.05, 0.5, 0.95]);
    assert_eq!(view.shown_kpi_percentiles(), Some(p.as_slice()));
    let unit = &mc.kpis[kpi].unit;
    for (name, v) in ["P5", "P50", "P95"].iter().zip(&p) {
        let text = format!("{name} {}", value_with_unit(*v, unit));
        assert!(h.query_by_label(&text).is_some(), "{text} is on screen");
    }
}

#[test]
fn the_tornado_lists_drivers_in_swing_order() {
    let mut h = small_run();
    h.get_by_label("Sensitivity").click();
    h.run();
    let t = analysis(&h).tornado.result().expect("a tornado").clone();
    assert_eq!(t.metric, "compute_end");
    assert!(t.bars.len() >= 5);
    // Largest swing first; a bar with an end where no optimal plan exists (NaN) last.
    let key = |b: &buildout::engine::sensitivity::TornadoBar| {
        Some(b.swing()).filter(|x| x.is_finite()).unwrap_or(-1.0)
    };
    assert!(t.bars.windows(2).all(|w| key(&w[0]) >= key(&w[1])));
    // Rows of the table, top to bottom, in the same order, by the drivers' names (the
    // right-most node of each name: the editor's Uncertainty section names drivers too).
    let ys: Vec<f32> = t
        .bars
        .iter()
        .map(|b| {
            assert!(
                h.query_all_by_label(&b.path).next().is_none(),
                "{} shown as a path",
                b.path
            );
            let name = buildout::model::param_name(&b.path);
            h.query_all_by_label(&name)
                .map(|n| n.rect())
                .max_by(|a, b| a.min.x.total_cmp(&b.min.x))
                .unwrap_or_else(|| panic!("{name} is listed"))
                .min
                .y
        })
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    // Another KPI reruns the tornado for it.
    h.get_by_label("KPI").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Fleet at end")
        .click();
    wait_for_analysis(&mut h);
    assert_eq!(
        analysis(&h).tornado.result().map(|t| t.metric.as_str()),
        Some("fleet_end")
    );
}

#[test]
fn the_tornado_table_shows_each_drivers_importance_in_its_row() {
    let mut h = small_run();
    h.get_by_label("Sensitivity").click();
    h.run();
    let a = analysis(&h);
    let t = a.tornado.result().expect("a tornado").clone();
    let imp = a.importance.result().expect("the importance").clone();
    assert_eq!(imp.metric, "compute_end");
    assert_eq!(
        imp.runs,
        buildout::ui::analysis::IMPORTANCE_ROWS * (t.bars.len() + 2)
    );
    assert_eq!(imp.seed, a.settings.seed);
    for h_text in ["Rank corr.", "S1", "ST"] {
        assert!(h.query_by_label(h_text).is_some(), "{h_text} column");
    }
    // The first bar's row: its name, then its S1 and ST to the right at the same height.
    let top = &t.bars[0];
    let d = imp
        .drivers
        .iter()
        .find(|d| d.path == top.path)
        .expect("every driver has an importance");
    let name = buildout::model::param_name(&top.path);
    let row_y = h
        .query_all_by_label(&name)
        .map(|n| n.rect())
        .max_by(|a, b| a.min.x.total_cmp(&b.min.x))
        .expect("the driver's row")
        .center()
        .y;
    for text in [
        buildout::format::index(Some(d.first_order), false),
        buildout::format::index(Some(d.total_order), false),
    ] {
        assert!(
            h.query_all_by_label(&text)
                .any(|n| (n.rect().center().y - row_y).abs() < 2.0),
            "{text} in the row of {name}"
        );
    }
}

#[test]
fn an_edit_reruns_the_analysis_after_it_settles() {
    let mut h = small_run();
    let before = analysis(&h).mc.result().cloned().unwrap();
    let id = h.state().docs[0].id;
    h.state_mut().push(Command::SetParameter {
        doc: id,
        path: "segments[HBM memory].lead_time_years".into(),
        value: 3.0,
    });
    h.step();
    h.step();
    assert_eq!(analysis(&h).mc.status(), &Status::Waiting);
    assert!(!analysis(&h).is_running(), "waits for the edit to settle");
    assert!(!analysis(&h).mc.is_fresh());
    wait_for_analysis(&mut h);
    let after = analysis(&h).mc.result().cloned().unwrap();
    assert!(analysis(&h).mc.is_fresh());
    let k = after
        .series
        .iter()
        .position(|s| s.name == "delivered compute")
        .unwrap();
    assert_ne!(before.fan(k), after.fan(k));
    // The binding tab shows what one more billion buys, from the optimal plan's duals, once
    // it is solved (the default scenario is optimal: they are its own plan's).
    assert!(analysis(&h).optimum.result().is_some());
    h.get_by_label("Binding link").click();
    h.run();
    h.get_by_label("What one more $1B buys");
    h.get_by_label("— PFLOP/s·years, duals of the optimal plan");
}

/// G = 1000 of grant in 2024 buys fabs at capex c that last the whole horizon: the fabs'
/// capacity at the end is 1000 / c.
fn one_purchase(capex: f64) -> Scenario {
    let mut s = Scenario::template();
    s.horizon = Horizon {
        start_year: 2024,
        end_year: 2030,
        period: Period::Year,
    };
    s.funding = vec![FundingSource::new(
        "Grant",
        FundingKind::Grant,
        Curve::steps(&[(2024.0, 1000.0), (2025.0, 0.0)]),
    )];
    let mut fab = Segment::new("Fabs", SegmentKind::Fab, "units", capex);
    fab.lead_time_years = 0.0;
    fab.lifetime_years = 100.0;
    s.segments = vec![fab];
    s.allocation = Allocation::Shares(vec![Share {
        segment: "Fabs".into(),
        share: Curve::Constant(1.0),
    }]);
    s.chain.production = vec![ProductionLink {
        segment: "Fabs".into(),
        accelerators_per_unit_year: 1.0,
    }];
    s.chain.hosting.clear();
    s.uncertainty.clear();
    assert_eq!(validate(&s), vec![]);
    s
}

/// Runs frames until the goal-seek dialog has its answer (a spinner repaints meanwhile).
fn wait_for_answer(h: &mut Harness<'_, BuildoutApp>) {
    let start = Instant::now();
    h.step();
    while h
        .state()
        .goal_seek
        .as_ref()
        .is_some_and(|d| d.answer.is_none())
    {
        assert!(start.elapsed() < Duration::from_secs(60), "no answer");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

#[test]
fn goal_seek_recovers_a_planted_capex_and_applies_it_as_one_undo_step() {
    // Planted: capex 2.5 gives 400 units; the scenario has 1.5.
    let mut h = app_harness(one_purchase(1.5));
    h.run();
    h.state_mut().push(Command::GoalSeek);
    h.run();
    h.get_by_label("Find a parameter").click();
    // Words, not a path: every word must occur in the parameter's name.
    h.get_by_label("Find a parameter").type_text("fabs capex");
    h.run();
    assert!(
        h.query_by_label_contains("Fabs · lead time").is_none(),
        "only numbers named by both words are listed"
    );
    h.get_by_label_contains("Fabs · capex per unit [$ per")
        .click();
    h.run();
    h.get_by_label("KPI to reach").click();
    h.run();
    h.get_by_label("Fabs capacity at end").click();
    h.run();
    h.get_by_label("Target").set_value_accesskit(400.0);
    h.run();
    let dialog = h.state().goal_seek.as_ref().expect("the dialog is open");
    assert_eq!((dialog.low, dialog.high), (0.0, 3.0), "default bounds");
    h.get_by_label("Seek").click();
    wait_for_answer(&mut h);
    let (q, answer) = h
        .state()
        .goal_seek
        .as_ref()
        .unwrap()
        .answer
        .clone()
        .unwrap();
    assert_eq!(q.metric, "capacity_end[Fabs]");
    let Ok(SeekAnswer::Found { value, .. }) = answer else {
        panic!("not found: {answer:?}");
    };
    assert!((value - 2.5).abs() < 1e-6, "{value}");
    // The dialog's button, not the allocation section's "Apply the optimal plan…".
    h.query_all_by_label_contains("Apply ")
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| !l.contains("optimal plan"))
        })
        .unwrap()
        .click();
    h.run();
    let capex = |h: &Harness<'_, BuildoutApp>| {
        h.state().doc().unwrap().scenario.segments[0].capex_usd_per_unit
    };
    assert!((capex(&h) - 2.5).abs() < 1e-6);
    // One undo step takes it back.
    h.run_steps(4);
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(capex(&h), 1.5);
}

#[test]
fn goal_seek_says_when_the_target_is_out_of_reach() {
    let mut h = app_harness(one_purchase(1.5));
    h.run();
    let id = h.state().docs[0].id;
    let s = h.state().docs[0].scenario.clone();
    let mut dialog = GoalSeekDialog::new(
        id,
        &s,
        None,
        Some("segments[Fabs].capex_usd_per_unit".into()),
        "capacity_end[Fabs]",
    );
    // 100 units need capex 10; capex 0.5 to 3 gives 2000 down to 333.
    dialog.target = 100.0;
    (dialog.low, dialog.high) = (0.5, 3.0);
    h.state_mut().goal_seek = Some(dialog);
    h.run();
    h.get_by_label("Seek").click();
    wait_for_answer(&mut h);
    let answer = h.state().goal_seek.as_ref().unwrap().answer.clone();
    assert!(
        matches!(answer, Some((_, Ok(SeekAnswer::Unreachable { .. })))),
        "{answer:?}"
    );
    h.get_by_label_contains("Unreachable within bounds: the metric ranges from");
}

#[test]
fn compare_shows_the_changed_parameters_and_when_outcomes_part() {
    let dir = tempfile::tempdir().unwrap();
    let mut variant = quick_default();
    variant.name = "Variant".into();
    variant.segments[3].capex_usd_per_unit *= 1.5;
    let path = dir.path().join("variant.ron");
    io::save(&path, &variant).unwrap();
    let mut h = app_harness(quick_default());
    h.run();
    h.state_mut().push(Command::OpenPath(path));
    h.state_mut().push(Command::ShowPlotTab(PlotTab::Compare));
    h.run();
    assert_eq!(h.state().docs.len(), 2);
    let base_name = h.state().docs[0].scenario.name.clone();
    // One checkbox per open scenario (the plot's legend has entries by the same names).
    let checkbox = |h: &Harness<'_, BuildoutApp>, name: &str, click: bool| {
        let node = h
            .query_all_by_role_and_label(Role::CheckBox, name)
            .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
            .unwrap_or_else(|| panic!("a checkbox for {name}"));
        if click {
            node.click();
        }
    };
    checkbox(&h, &base_name, false);
    let seg = &variant.segments[3];
    // Parameters by their names with units; paths only in tooltips.
    let changed = format!("{} · capex per unit [$ per {}]", seg.name, seg.unit);
    h.get_by_label(&changed);
    h.get_by_label("Name");
    h.get_by_label_contains("vs Variant: 2 changed parameters");
    h.get_by_label("First year each output series differs");
    h.get_by_label_contains(&format!("{} spend", seg.name));
    // The overlay can go on a log axis.
    assert!(!h.state().plots.compare.log);
    h.get_by_role_and_label(Role::CheckBox, "Log scale").click();
    h.run();
    assert!(h.state().plots.compare.log);
    // Unchecking one leaves nothing to compare.
    checkbox(&h, "Variant", true);
    h.run();
    assert!(h.query_by_label(&changed).is_none());
    h.get_by_label("Check at least two scenarios to compare.");
}

#[test]
fn an_invalid_scenario_keeps_the_last_results_and_waits() {
    let mut h = small_run();
    let id = h.state().docs[0].id;
    h.state_mut().push(Command::SetParameter {
        doc: id,
        path: "segments[HBM memory].lifetime_years".into(),
        value: -1.0,
    });
    h.state_mut()
        .push(Command::ShowPlotTab(PlotTab::Uncertainty));
    h.run_steps(8);
    assert!(!h.state().docs[0].issues.is_empty());
    assert!(
        !analysis(&h).is_running(),
        "nothing runs on an invalid scenario"
    );
    assert_eq!(analysis(&h).mc.status(), &Status::Waiting);
    assert!(analysis(&h).mc.result().is_some());
    h.get_by_label("Monte Carlo: waiting for a valid scenario");
    h.get_by_label("Showing the result for the scenario before the latest edits");
}

/// Goal seek's bounds always hold the number as it is, also when the driver's fixed bounds
/// do not.
#[test]
fn goal_seek_bounds_include_the_current_value() {
    let mut s = quick_default();
    let path = format!("segments[{}].lead_time_years", s.segments[0].name);
    s.segments[0].lead_time_years = 0.0;
    s.uncertainty = vec![buildout::model::Driver {
        path: path.clone(),
        distribution: buildout::model::Distribution::Triangular {
            low: 2.0,
            mode: 3.0,
            high: 4.0,
        },
        fixed_bounds: true,
    }];
    let d = GoalSeekDialog::new(1, &s, None, Some(path), "compute_end");
    assert_eq!((d.low, d.high), (0.0, 4.0));
}

/// How many visible text labels there are (at least partly inside `screen`), and the pairs of
/// them whose boxes overlap by more than a sliver.
fn overlapping_labels(h: &Harness<'_, BuildoutApp>, screen: egui::Rect) -> (usize, Vec<String>) {
    use egui_kittest::kittest::NodeT as _;
    // Every node that shows text: labels, buttons, fields, tabs (not the panels, scroll areas
    // and plots that hold them).
    let shows_text = |r: Role| {
        !matches!(
            r,
            Role::Window
                | Role::GenericContainer
                | Role::ScrollView
                | Role::Group
                | Role::Pane
                | Role::Unknown
                | Role::Canvas
                | Role::Image
                | Role::TabList
                | Role::TabPanel
                | Role::MenuBar
                | Role::Menu
                | Role::ListBox
                | Role::List
                | Role::Grid
                | Role::Table
        )
    };
    let labels: Vec<(String, egui::Rect)> = h
        .query_all(
            egui_kittest::kittest::By::new()
                .predicate(move |n| shows_text(n.role()) && n.label().is_some()),
        )
        .map(|n| {
            let text = n.accesskit_node().label().unwrap_or_default();
            (format!("{:?} {text}", n.accesskit_node().role()), n.rect())
        })
        .filter(|(t, r)| !t.trim().is_empty() && r.area() > 0.0 && screen.intersects(*r))
        .collect();
    let mut out = Vec::new();
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            let o = ra.intersect(*rb);
            if o.width() > 1.0 && o.height() > 1.0 {
                out.push(format!("{a:?} {ra:?} × {b:?} {rb:?}"));
            }
        }
    }
    (labels.len(), out)
}

/// At 1024×700 and at 2560×1440, no two text labels of any tab overlap.
#[test]
fn no_two_labels_overlap_on_any_tab_at_small_and_large_sizes() {
    for size in [egui::vec2(1024.0, 700.0), egui::vec2(2560.0, 1440.0)] {
        let mut h = Harness::builder()
            .with_max_steps(64)
            .with_size(size)
            .build_eframe(|_cc| BuildoutApp::with_scenario(quick_default()));
        h.state_mut().docs[0].analysis.settings.samples = 200;
        wait_for_analysis(&mut h);
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
        let mut found = Vec::new();
        for tab in PlotTab::ALL {
            h.state_mut().push(Command::ShowPlotTab(tab));
            h.run();
            let (count, overlaps) = overlapping_labels(&h, screen);
            // The editor and the KPI strip alone show dozens: the check sees the window.
            assert!(count >= 40, "{size:?} {tab:?}: only {count} labels");
            for o in overlaps {
                found.push(format!("{size:?} {tab:?}: {o}"));
            }
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}

/// Compare's tables fit the window at 1024×700 whatever the scenarios' names: a long name is
/// shortened in its column header (whole on hover), no cell reaches past the window's edge.
#[test]
fn the_compare_tables_fit_the_window_with_long_names() {
    let size = egui::vec2(1024.0, 700.0);
    let dir = tempfile::tempdir().unwrap();
    let mut variant = quick_default();
    variant.name = format!(
        "A variant with a very long name {}",
        "that goes on ".repeat(8)
    );
    variant.segments[3].capex_usd_per_unit *= 1.5;
    variant.segments[1].lead_time_years += 1.0;
    let path = dir.path().join("variant.ron");
    io::save(&path, &variant).unwrap();
    let mut h = Harness::builder()
        .with_max_steps(64)
        .with_size(size)
        .build_eframe(|_cc| BuildoutApp::with_scenario(quick_default()));
    h.run();
    h.state_mut().push(Command::OpenPath(path));
    h.state_mut().push(Command::ShowPlotTab(PlotTab::Compare));
    h.run();
    let seg = &variant.segments[3];
    let label = format!("{} · capex per unit [$ per {}]", seg.name, seg.unit);
    let changed = h.get_by_label(&label);
    let row_top = changed.rect().top();
    // The cells of the changed parameter's row: its name and both values.
    // (Right of the name's left edge: the editor beside it has rows of its own.)
    let left = changed.rect().left() - 1.0;
    let row: Vec<egui::Rect> = h
        .query_all_by_role(Role::Label)
        .map(|n| n.rect())
        .filter(|r| (r.top() - row_top).abs() < 2.0 && r.left() >= left)
        .collect();
    assert_eq!(row.len(), 3, "name and two values: {row:?}");
    for r in &row {
        assert!(r.right() <= size.x, "a cell past the window's edge: {r:?}");
    }
    // The table's header row: "Parameter" and the two scenarios' names.
    let header_top = h.get_by_label("Parameter").rect().top();
    let header = h
        .query_all_by_label_contains("A variant with a very long name")
        .map(|n| n.rect())
        .filter(|r| (r.top() - header_top).abs() < 2.0)
        .collect::<Vec<_>>();
    assert_eq!(header.len(), 1, "the long name heads its column");
    for r in &header {
        assert!(
            r.right() <= size.x,
            "a header past the window's edge: {r:?}"
        );
    }
}
