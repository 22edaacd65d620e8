//! The whole app in an egui_kittest harness (no display, no GPU): commands, files, the close
//! guard, undo.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use buildout::io;
use buildout::ui::BuildoutApp;
use buildout::ui::command::Command;
use buildout::ui::dialogs::Guard;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The window on the default scenario, its optimal plan solved and shown (so that a test reads
/// the plan's outcome, not the seed's it replaces once solved).
fn harness() -> Harness<'static, BuildoutApp> {
    let mut h = Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| BuildoutApp::default());
    step_until(&mut h, "the default's optimal plan", |h| {
        h.state()
            .doc()
            .is_some_and(|d| d.plan_state() == buildout::ui::document::PlanState::Shown)
    });
    h
}

/// The window on the default scenario under `Balanced`, whose power starts run into their
/// supply cap (its optimal plan spends at the cap, never above it: no cap warning).
fn balanced_harness() -> Harness<'static, BuildoutApp> {
    let mut s = io::default_scenario();
    s.set_policy(buildout::model::Policy::Balanced);
    Harness::builder()
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| BuildoutApp::with_scenario(s))
}

#[test]
fn starts_on_the_default_scenario_clean() {
    let mut h = harness();
    h.run();
    let app = h.state();
    assert_eq!(app.docs.len(), 1);
    let doc = app.doc().unwrap();
    assert_eq!(doc.scenario, io::default_scenario());
    assert!(!doc.is_dirty());
    assert!(doc.outcome.is_some());
    assert!(doc.issues.is_empty());
}

/// Dropping the app cancels its analyses and waits for their threads — the tornado's
/// re-optimising solves among them — so that no solve runs when the process exits.
#[test]
fn dropping_the_window_waits_for_its_workers() {
    let h = harness();
    let workers = buildout::ui::analysis::job::Workers::of(&h.ctx);
    // The plan is shown; the tornado (two solves per driver) and Monte Carlo still run.
    assert!(workers.running() > 0);
    drop(h);
    assert_eq!(workers.running(), 0);
}

#[test]
fn save_through_the_command_layer_and_reload_equals_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ron");
    let mut h = harness();
    h.run();
    h.state_mut().doc_mut().unwrap().scenario.name = "Edited plan".into();
    h.run();
    assert!(h.state().doc().unwrap().is_dirty());
    h.state_mut().push(Command::SaveTo(path.clone()));
    h.run();
    let doc = h.state().doc().unwrap();
    assert!(!doc.is_dirty());
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    assert_eq!(io::load(&path).unwrap(), doc.scenario);
    assert_eq!(doc.tab_label(), "Edited plan");
    // It is now a recent file.
    assert!(h.state().recent.0.iter().any(|p| p.ends_with("saved.ron")));
    // Opening it again selects the open tab instead of a second copy.
    h.state_mut().push(Command::OpenPath(path.clone()));
    h.run();
    assert_eq!(h.state().docs.len(), 1);
}

#[test]
fn the_close_guard_appears_only_when_there_are_unsaved_changes() {
    // Clean: quitting just closes.
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::Quit);
    h.run();
    assert_eq!(h.state().guard, None);
    assert!(h.state().allowed_to_close);

    // Dirty: quitting asks; Cancel keeps everything.
    let mut h = harness();
    h.run();
    h.state_mut().doc_mut().unwrap().scenario.name = "Unsaved".into();
    h.state_mut().push(Command::Quit);
    h.run();
    assert_eq!(h.state().guard, Some(Guard::Window));
    assert!(!h.state().allowed_to_close);
    h.get_by_label_contains("Save the changes to “Unsaved”");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().guard, None);
    assert!(!h.state().allowed_to_close);
    assert_eq!(h.state().docs.len(), 1);

    // Closing the dirty tab asks too; Discard closes it without saving.
    h.state_mut().push(Command::CloseTab);
    h.run();
    let id = h.state().doc().unwrap().id;
    assert_eq!(h.state().guard, Some(Guard::Tab(id)));
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().docs.is_empty());
}

#[test]
fn save_from_the_guard_saves_then_closes_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::SaveTo(path.clone()));
    h.run();
    h.state_mut().doc_mut().unwrap().scenario.description = "changed".into();
    h.state_mut().push(Command::CloseTab);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().docs.is_empty());
    assert_eq!(io::load(&path).unwrap().description, "changed");
}

#[test]
fn opening_a_malformed_file_shows_where_and_keeps_what_was_open() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n    version: 1,\n    name: \"x\"\n    horizon: (),\n)\n",
    )
    .unwrap();
    let mut h = harness();
    h.run();
    let before = h.state().doc().unwrap().scenario.clone();
    h.state_mut().push(Command::OpenPath(bad.clone()));
    h.run();
    let app = h.state();
    assert_eq!(app.docs.len(), 1);
    assert_eq!(app.doc().unwrap().scenario, before);
    let expected = format!("{}:4:5:", bad.display());
    assert!(
        app.notices
            .iter()
            .any(|n| n.error && n.text.contains(&expected)),
        "{:?}",
        app.notices
    );
    // The message is on screen.
    h.get_by_label_contains(&expected);
}

#[test]
fn undo_and_redo_restore_values() {
    let mut h = harness();
    h.run();
    let original = h.state().doc().unwrap().scenario.segments[0].capex_usd_per_unit;
    h.state_mut().doc_mut().unwrap().scenario.segments[0].capex_usd_per_unit = original * 2.0;
    // Let the edit settle into the undo history (one step once still for half a second).
    h.run_steps(60);
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(
        h.state().doc().unwrap().scenario.segments[0].capex_usd_per_unit,
        original
    );
    h.state_mut().push(Command::Redo);
    h.run();
    assert_eq!(
        h.state().doc().unwrap().scenario.segments[0].capex_usd_per_unit,
        original * 2.0
    );
}

#[test]
fn new_opens_a_second_tab_with_its_own_state() {
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::New);
    h.run();
    let app = h.state();
    assert_eq!(app.docs.len(), 2);
    assert_eq!(app.active, 1);
    assert_eq!(app.doc().unwrap().scenario.name, "New scenario");
    assert!(!app.doc().unwrap().is_dirty());
    assert_ne!(app.docs[0].id, app.docs[1].id);
}

#[test]
fn keyboard_shortcuts_run_commands() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert_eq!(h.state().docs.len(), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::W);
    h.run();
    assert_eq!(h.state().docs.len(), 1);
}

#[test]
fn export_csv_writes_every_series() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::ExportCsvTo(path.clone()));
    h.run();
    let text = std::fs::read_to_string(&path).unwrap();
    let periods = h.state().doc().unwrap().outcome.as_ref().unwrap().len();
    assert_eq!(text.lines().count(), periods + 1);
}

/// The whole window on the template scenario, tall enough that the editor needs no scrolling.
fn template_harness() -> Harness<'static, BuildoutApp> {
    Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 3000.0))
        .build_eframe(|_cc| BuildoutApp::with_scenario(buildout::model::Scenario::template()))
}

/// The value shown on the KPI card `label`, e.g. "17.4M accelerators" for "Fleet at end".
fn kpi_text(h: &Harness<'_, BuildoutApp>, label: &str) -> String {
    let prefix = format!("{label}: ");
    h.query_all_by_label_contains(&prefix)
        // Labels keep their text as the accessible value.
        .filter_map(|n| n.accesskit_node().value())
        .find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn changing_a_segments_capex_by_its_label_changes_the_kpis_on_screen() {
    let mut h = template_harness();
    h.run();
    let fleet_before = kpi_text(&h, "Fleet at end");
    assert!(!fleet_before.is_empty(), "the fleet KPI is on screen");
    h.get_by_label("Segment Power").click();
    h.run();
    // Power four times as dear: less power, room for fewer accelerators.
    h.get_by_label("Capex per unit").set_value_accesskit(9.6e6);
    h.run();
    assert_eq!(
        h.state().doc().unwrap().scenario.segments[1].capex_usd_per_unit,
        9.6e6
    );
    let fleet_after = kpi_text(&h, "Fleet at end");
    assert_ne!(fleet_before, fleet_after);
    let doc = h.state().doc().unwrap();
    assert!(doc.is_dirty());
    assert_eq!(
        fleet_after,
        buildout::format::with_unit(doc.outcome.as_ref().unwrap().kpis.fleet_end, "accelerators")
    );
}

#[test]
fn an_invalid_value_shows_its_message_and_keeps_the_last_outcome() {
    let mut h = template_harness();
    h.run();
    let before = h.state().doc().unwrap().outcome.clone().unwrap();
    h.get_by_label("Segment Fabs").click();
    h.run();
    h.get_by_label("Lead time").set_value_accesskit(-1.0);
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.segments[0].lead_time_years, -1.0);
    assert!(doc.is_stale());
    assert_eq!(
        doc.outcome.as_ref(),
        Some(&before),
        "the last valid outcome stays"
    );
    h.get_by_label_contains("must be ≥ 0, got -1");
    h.get_by_label_contains("Showing the last valid result");
    // Fixing it brings a fresh outcome back.
    h.get_by_label("Lead time").set_value_accesskit(3.0);
    h.run();
    assert!(!h.state().doc().unwrap().is_stale());
}

#[test]
fn add_and_remove_a_segment_in_the_window() {
    let mut h = template_harness();
    h.run();
    h.get_by_label("+ Add segment").click();
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.segments.len(), 4);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    h.get_by_label("Remove segment Power").click();
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.segments.len(), 3);
    assert!(
        doc.scenario
            .chain
            .hosting
            .iter()
            .all(|l| l.segment != "Power")
    );
    assert!(doc.outcome.is_some());
}

/// A file dropped on the window (what the platform integration hands egui).
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_ron_file_opens_it_and_other_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("dropped.ron");
    let mut s = buildout::model::Scenario::template();
    s.name = "Dropped plan".into();
    io::save(&plan, &s).unwrap();
    let note = dir.path().join("notes.txt");
    std::fs::write(&note, "hello").unwrap();

    let mut h = harness();
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(plan.clone())));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(note.clone())));
    h.run();
    let app = h.state();
    assert_eq!(app.docs.len(), 2);
    assert_eq!(app.doc().unwrap().scenario.name, "Dropped plan");
    assert!(
        app.notices
            .iter()
            .any(|n| n.error && n.text.contains("notes.txt is not a scenario")),
        "{:?}",
        app.notices
    );
}

#[test]
fn closing_the_window_with_unsaved_work_asks_first() {
    let close = |h: &mut Harness<'_, BuildoutApp>| {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        h.run();
    };
    // Clean: no question.
    let mut h = harness();
    h.run();
    close(&mut h);
    assert_eq!(h.state().guard, None);
    // Dirty: the close is cancelled and the guard asks.
    h.state_mut().doc_mut().unwrap().scenario.name = "Unsaved".into();
    h.run();
    close(&mut h);
    assert_eq!(h.state().guard, Some(Guard::Window));
    h.get_by_label("Save the changes to “Unsaved” (not saved yet) before quitting?");
}

#[test]
fn saving_a_shipped_file_changes_only_what_was_edited_and_asks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    let shipped = io::DEFAULT_SCENARIO_RON;
    std::fs::write(&plan, shipped).unwrap();

    let mut h = harness();
    h.run();
    h.state_mut().push(Command::OpenPath(plan.clone()));
    h.run();
    h.get_by_label("Segment Power").click();
    h.run();
    h.get_by_label("Capex per unit").set_value_accesskit(2.6e6);
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    // No question: saved at once, comments and layout kept; the number's line changed, and
    // its driver's, whose distribution followed it (same ratio).
    let saved = std::fs::read_to_string(&plan).unwrap();
    assert!(!h.state().doc().unwrap().is_dirty());
    let d = io::line_diff::changes(shipped, &saved);
    let driver = |d: &str| {
        format!(
            "        (path: \"segments[Power].capex_usd_per_unit\", distribution: Triangular({d})),"
        )
    };
    assert_eq!(
        d.removed,
        [
            "            capex_usd_per_unit: 2.4e6,".to_owned(),
            driver("low: 2.4e6, mode: 2.4e6, high: 4.0e6")
        ]
    );
    assert_eq!(
        d.added,
        [
            "            capex_usd_per_unit: 2.6e6,".to_owned(),
            driver("low: 2.6e6, mode: 2.6e6, high: 4.333333333333333e6")
        ]
    );
    assert_eq!(
        io::lex::comments(&saved).len(),
        io::lex::comments(shipped).len()
    );
    assert!(!dir.path().join("plan.with-comments.ron").exists());
    // The next save patches what was saved.
    h.state_mut().doc_mut().unwrap().scenario.name = "Edited".into();
    h.state_mut().push(Command::Save);
    h.run();
    let again = std::fs::read_to_string(&plan).unwrap();
    let d = io::line_diff::changes(&saved, &again);
    assert_eq!(
        d.removed,
        ["    name: \"Accelerated $7T build-out (2024 plan)\","]
    );
    assert_eq!(d.added, ["    name: \"Edited\","]);
    assert_eq!(
        std::fs::read_to_string(io::backup_path(&plan)).unwrap(),
        saved
    );
}

/// The KPI strip shows revenue and what it reinvested beside capital spent, and the card of
/// capital spent says how it adds up when hovered.
#[test]
fn the_kpi_strip_explains_why_spending_exceeds_funding() {
    let mut h = harness();
    h.run();
    let o = h.state().doc().unwrap().outcome.clone().unwrap();
    let usd = buildout::format::usd;
    assert_eq!(kpi_text(&h, "Revenue"), usd(o.kpis.revenue_usd));
    let s = h.state().doc().unwrap().scenario.clone();
    let m = buildout::money::SourcesAndUses::of(&s, &o);
    assert_eq!(
        kpi_text(&h, "Net revenue reinvested"),
        usd(m.net_revenue_reinvested_usd())
    );
    let card = format!("Capital spent: {}", usd(o.kpis.spent_usd));
    h.get_by_label(&card).hover();
    h.run_steps(8);
    assert!(
        h.query_by_label_contains(&format!(
            "= funding committed {} + net revenue reinvested",
            usd(o.kpis.committed_usd)
        ))
        .is_some(),
        "the tooltip of capital spent adds it up"
    );
}

/// Notices are toasts over the window: a "Saved …" confirmation coming and an error staying
/// never move the editor under the pointer.
#[test]
fn notices_never_move_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ron");
    let mut h = harness();
    h.run();
    // Where the field sits vertically: saved elsewhere, the editor's citations (looked up
    // beside the file) may change its width, not its top.
    let field = |h: &Harness<'_, BuildoutApp>| {
        let r = h
            .get_by_role_and_label(egui::accesskit::Role::TextInput, "Scenario name")
            .rect();
        (r.top(), r.height())
    };
    let before = field(&h);
    h.state_mut().push(Command::SaveTo(path.clone()));
    h.run();
    let saved = format!("Saved {}", path.display());
    assert!(
        h.query_all_by_value(&saved).next().is_some(),
        "the confirmation is on screen"
    );
    assert_eq!(field(&h), before, "a confirmation moved the editor");
    // An error stays until dismissed, also without moving anything.
    h.state_mut()
        .push(Command::OpenPath(dir.path().join("missing.ron")));
    h.run();
    assert_eq!(field(&h), before, "an error moved the editor");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().notices.iter().all(|n| !n.error));
    assert_eq!(field(&h), before);
}

/// Two files of one scenario: the tabs name their files, and the quit question lists the
/// files with unsaved changes.
#[test]
fn tabs_and_the_quit_question_name_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = io::default_scenario();
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    io::save(&a, &s).unwrap();
    io::save(&b, &s).unwrap();
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::OpenPath(a.clone()));
    h.state_mut().push(Command::OpenPath(b.clone()));
    h.run();
    let name = &s.name;
    h.get_by_label(&format!("{name} — a.ron"));
    h.get_by_label(&format!("{name} — b.ron"));
    // The built-in scenario's tab has the same name and no file.
    h.get_by_label(&format!("{name} — Untitled"));
    for d in &mut h.state_mut().docs[1..] {
        d.scenario.description.push_str(" (edited)");
    }
    h.run();
    h.state_mut().push(Command::Quit);
    h.run();
    h.get_by_label("2 files have unsaved changes: “a.ron”, “b.ron”. Save them before quitting?");
}

/// F1 opens Help on how Buildout computes — the engine's own rules — with the shortcuts and
/// About one click away; the Help menu opens the same pages.
#[test]
fn f1_opens_help_with_the_engines_rules_shortcuts_and_about() {
    use buildout::ui::command::HelpPage;
    let mut h = harness();
    h.run();
    assert_eq!(h.state().help, None);
    h.key_press(egui::Key::F1);
    h.run();
    assert_eq!(h.state().help, Some(HelpPage::Computes));
    assert!(
        h.query_all_by_value("The rules, period by period")
            .next()
            .is_some(),
        "the engine's heading"
    );
    h.get_by_label("Keyboard shortcuts").click();
    h.run();
    assert_eq!(h.state().help, Some(HelpPage::Shortcuts));
    assert!(h.query_all_by_value("Save as…").next().is_some());
    h.get_by_label("About Buildout").click();
    h.run();
    let version = format!("Buildout {}", env!("CARGO_PKG_VERSION"));
    assert!(h.query_all_by_value(&version).next().is_some());
    // Closed, then opened from the menu.
    h.state_mut().help = None;
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Buildout").click();
    h.run();
    assert_eq!(h.state().help, Some(HelpPage::About));
}

/// Undo and Redo say what they change, by name with both values.
#[test]
fn undo_and_redo_name_the_change() {
    let mut h = harness();
    h.run();
    let k = h
        .state()
        .doc()
        .unwrap()
        .scenario
        .segments
        .iter()
        .position(|g| g.name == "Power")
        .unwrap();
    let lead = h.state().doc().unwrap().scenario.segments[k].lead_time_years;
    assert_eq!(lead, 4.0);
    h.state_mut().doc_mut().unwrap().scenario.segments[k].lead_time_years = 5.0;
    h.run_steps(60);
    assert_eq!(
        h.state().doc().unwrap().undo_name().as_deref(),
        Some("Power · lead time: 4 years to 5 years")
    );
    h.get_by_label("Edit").click();
    h.run();
    // The menu item: the change, then its shortcut.
    h.get_by_label_contains("Undo: Power · lead time: 4 years to 5 years")
        .click();
    h.run();
    assert_eq!(
        h.state().doc().unwrap().scenario.segments[k].lead_time_years,
        4.0
    );
    assert_eq!(
        h.state().doc().unwrap().redo_name().as_deref(),
        Some("Power · lead time: 4 years to 5 years")
    );
}

/// A warning is a button that opens the tab it is about with its year marked on the plots, and
/// says so above them; the mark clears on request and does not follow to another document. The
/// supply caps the scenario sets are folded into one count until asked for.
#[test]
fn a_warning_opens_its_tab_at_its_year() {
    use buildout::ui::plots::PlotTab;
    let mut h = balanced_harness();
    h.run();
    let (id, kpis, segments) = {
        let d = h.state().doc().unwrap();
        let o = d.outcome.as_ref().unwrap();
        let names: Vec<String> = o.segments.iter().map(|g| g.name.clone()).collect();
        (d.id, o.kpis.clone(), names)
    };
    let marked = |h: &Harness<'_, BuildoutApp>| h.state().plots.focus.as_ref().map(|f| f.year);
    assert_eq!(marked(&h), None);

    let power = segments.iter().position(|n| n == "Power").unwrap();
    assert!(
        h.query_by_label_contains("supply cap first holds")
            .is_none(),
        "folded"
    );
    h.get_by_label("1 supply cap holds").click();
    h.run();
    h.get_by_label_contains("Power supply cap first holds")
        .click();
    h.run();
    assert_eq!(h.state().plots.tab, PlotTab::Segments);
    let year = kpis.first_capped_year[power].unwrap();
    assert_eq!(marked(&h), Some(year));
    assert_eq!(h.state().plots.focus.as_ref().unwrap().doc, id);
    h.get_by_label_contains(&format!("Marked: {year} — Power supply cap first holds"));

    h.get_by_label_contains("Demand first unmet").click();
    h.run();
    assert_eq!(h.state().plots.tab, PlotTab::Demand);
    assert_eq!(marked(&h), kpis.first_demand_shortfall_year);
    assert!(marked(&h).is_some());

    let chips = kpis
        .benchmarks
        .iter()
        .find(|b| b.name == "Global chip sales")
        .unwrap();
    h.get_by_label_contains("Peak draw vs Global chip sales")
        .click();
    h.run();
    assert_eq!(h.state().plots.tab, PlotTab::Limits);
    assert_eq!(marked(&h), chips.breach_years.first().copied());
    assert!(marked(&h).is_some());

    // Plain tab changes keep the mark; the button clears it.
    h.get_by_label("Capacity vs capital").click();
    h.run();
    assert_eq!(marked(&h), chips.breach_years.first().copied());
    h.get_by_label("Clear the mark").click();
    h.run();
    assert_eq!(marked(&h), None);
    assert!(h.query_by_label_contains("Marked: ").is_none());

    // A mark belongs to its document.
    h.get_by_label_contains("Demand first unmet").click();
    h.run();
    assert!(marked(&h).is_some());
    h.state_mut().push(Command::New);
    h.run();
    assert_eq!(marked(&h), None, "another document's plots carry no mark");
}

/// The top of the "Funding sources (N)" header of the editor of the active document.
fn funding_header_top(h: &Harness<'_, BuildoutApp>) -> f32 {
    h.query_all_by_label_contains("Funding sources (")
        .map(|n| n.rect().top())
        .fold(f32::INFINITY, f32::min)
}

/// A newly opened file shows the top of its editor, wherever the editor of the tab before it
/// was scrolled to; going back to that tab finds it where it was.
#[test]
fn a_newly_opened_file_shows_the_top_of_its_editor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, io::to_ron(&io::default_scenario())).unwrap();
    let mut h = harness();
    h.run();
    let top = funding_header_top(&h);
    let over_editor = egui::pos2(150.0, 400.0);
    h.hover_at(over_editor);
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -600.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run();
    let scrolled = funding_header_top(&h);
    assert!(
        scrolled < top - 300.0,
        "the editor scrolled: {top} → {scrolled}"
    );
    h.state_mut().push(Command::OpenPath(path.clone()));
    h.run();
    assert_eq!(h.state().docs.len(), 2);
    assert_eq!(
        funding_header_top(&h),
        top,
        "the new file's editor starts at the top"
    );
    h.state_mut().active = 0;
    h.run();
    assert_eq!(
        funding_header_top(&h),
        scrolled,
        "the first tab kept its place"
    );
}

/// The supply caps a file sets are folded into a count; a cap warning that an edit makes new
/// shows on its own, and is folded again once the file is saved with it.
#[test]
fn a_cap_warning_made_new_by_an_edit_shows_until_saved() {
    use buildout::format::kpi_rows;
    use buildout::model::Curve;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let mut h = balanced_harness();
    h.run();
    let cap_buttons = |h: &Harness<'_, BuildoutApp>| {
        let doc = h.state().doc().unwrap();
        let rows = kpi_rows(&doc.scenario, doc.outcome.as_ref().unwrap());
        rows.iter()
            .filter(|r| r.warning && r.label.contains("supply cap"))
            .filter(|r| {
                h.query_by_label(&format!("⚠ {}: {}", r.label, r.value))
                    .is_some()
            })
            .count()
    };
    let known = h.state().doc().unwrap().known_caps.clone().unwrap();
    assert!(!known.is_empty(), "the default scenario's own caps hold");
    assert_eq!(cap_buttons(&h), 0, "folded into a count");
    h.get_by_label_contains("supply cap");
    // A cap on a segment that had none: a new warning, shown on its own.
    let k = h
        .state()
        .doc()
        .unwrap()
        .scenario
        .segments
        .iter()
        .position(|s| s.max_starts_units_per_year.is_none())
        .unwrap();
    h.state_mut().doc_mut().unwrap().scenario.segments[k].max_starts_units_per_year =
        Some(Curve::Constant(1.0));
    h.run();
    assert_eq!(cap_buttons(&h), 1, "the new cap warning shows");
    h.state_mut().push(Command::SaveTo(path));
    h.run();
    assert_eq!(cap_buttons(&h), 0, "saved, it is the file's own cap");
}

/// Steps frames (20 a second) until `done`, for background work; fails after five minutes.
fn step_until(
    h: &mut Harness<'_, BuildoutApp>,
    what: &str,
    done: impl Fn(&Harness<'_, BuildoutApp>) -> bool,
) {
    let start = std::time::Instant::now();
    while !done(h) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(300),
            "{what}: not after five minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
    }
}

/// File ▸ Export report… writes the report on a worker thread while the window keeps
/// drawing, and says where it went.
#[test]
fn export_report_writes_the_html_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.html");
    let mut h = harness();
    h.run();
    h.state_mut().push(Command::ExportReportTo(path.clone()));
    h.step();
    // Frames keep coming while it is written.
    step_until(&mut h, "the report written", |h| {
        path.exists() && h.query_by_label_contains("Exported the report").is_some()
    });
    let html = std::fs::read_to_string(&path).unwrap();
    let name = &h.state().doc().unwrap().scenario.name;
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains(name.as_str()), "the scenario's name");
    assert!(html.matches("<svg").count() >= 6, "the plots");
}

/// An exported plot carries its title, the scenario's name and the date: the frame that is
/// captured draws them above the plot.
#[test]
fn an_exported_plot_is_captioned_with_its_title_scenario_and_date() {
    let mut h = harness();
    h.run();
    let name = h.state().doc().unwrap().scenario.name.clone();
    let caption = format!("Capacity vs capital — {name} — {}", io::today_utc());
    assert!(h.query_by_label(&caption).is_none());
    h.state_mut().push(Command::ExportPngTo {
        path: std::env::temp_dir().join("never-written.png"),
        whole_window: false,
    });
    h.step();
    h.get_by_label(&caption);
    // Only the captured frame has it.
    h.step();
    h.step();
    assert!(h.query_by_label(&caption).is_none());
}

/// The KPI strip says how far the scenario's allocation is from the optimal plan, solved in
/// the background, in the words and numbers `buildout run` prints.
#[test]
fn the_kpi_strip_shows_the_allocation_against_the_optimal_plan() {
    use buildout::engine::optimal::{Gap, objective_unit, optimise};
    let mut h = harness();
    h.run();
    step_until(&mut h, "the optimum", |h| {
        h.state().doc().unwrap().analysis.optimum.result().is_some()
    });
    h.step();
    let s = h.state().doc().unwrap().scenario.clone();
    let plan = optimise(&s, &Default::default()).unwrap();
    let gap = Gap::of(&s, &plan, &buildout::engine::simulate(&s));
    assert_eq!(
        h.state()
            .doc()
            .unwrap()
            .analysis
            .optimum
            .result()
            .map(|o| o.gap),
        Some(gap)
    );
    let line = format!(
        "Against the optimal plan ({}): {}",
        gap.objective.label().to_lowercase(),
        buildout::format::gap_text(&gap, &objective_unit(&s, gap.objective))
    );
    // The default scenario is optimal: its allocation is the plan.
    assert!(
        line.ends_with("the file's allocation is the optimal plan: 167G [PFLOP/s·years]"),
        "{line}"
    );
    h.get_by_label(&line);
}

/// An `Optimal` scenario shows its plan, solved off the UI thread: the seed (marked) until the
/// first plan is solved, the last plan (marked) while an edit's is solved, then the new one;
/// "Apply the optimal plan as a schedule" turns it into an editable schedule in one undo step.
#[test]
fn an_optimal_scenario_shows_its_plan_solved_in_the_background() {
    use buildout::engine::optimal::{Options, optimise};
    use buildout::engine::simulate;
    use buildout::model::{Allocation, Period, Policy};
    use buildout::ui::document::{PlanState, Shown};
    let mut s = io::default_scenario();
    s.horizon.period = Period::Quarter;
    s.set_policy(Policy::Optimal);
    let plan_outcome = |s: &buildout::model::Scenario| {
        simulate(&optimise(s, &Options::default()).unwrap().apply(s))
    };
    let mut h = Harness::builder()
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 3000.0))
        .build_eframe({
            let s = s.clone();
            move |_cc| BuildoutApp::with_scenario(s)
        });
    // Before any frame has run (the first solve starts at once and may be done by the next).
    let app = BuildoutApp::with_scenario(s.clone());
    let doc = app.doc().unwrap();
    assert_eq!(doc.plan_state(), PlanState::Solving(Shown::Seed));
    assert_eq!(doc.outcome.as_ref(), Some(&simulate(&s)));
    assert!(doc.is_stale());
    assert_eq!(
        doc.plan_state().message().as_deref(),
        Some(
            "Solving the optimal plan… until it is ready, the Balanced rule's result (the seed \
             of the optimisation) is shown"
        )
    );
    step_until(&mut h, "the first plan", |h| {
        h.state().doc().unwrap().plan_state() == PlanState::Shown
    });
    h.step();
    let first = plan_outcome(&s);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.outcome.as_ref(), Some(&first));
    assert!(!doc.is_stale());
    assert!(
        h.query_by_label_contains("Solving the optimal plan")
            .is_none()
    );
    // An edit: the last plan stays on screen, marked, until the edit's plan is solved.
    h.state_mut().doc_mut().unwrap().scenario.segments[1].capex_usd_per_unit *= 1.5;
    h.step();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.plan_state(), PlanState::Solving(Shown::EarlierPlan));
    assert_eq!(doc.outcome.as_ref(), Some(&first));
    h.get_by_label_contains("the plan of the previous version is shown");
    step_until(&mut h, "the edit's plan", |h| {
        h.state().doc().unwrap().plan_state() == PlanState::Shown
    });
    let edited = h.state().doc().unwrap().scenario.clone();
    let second = plan_outcome(&edited);
    assert_ne!(second, first);
    assert_eq!(h.state().doc().unwrap().outcome.as_ref(), Some(&second));
    // Applied as a schedule: the same numbers, now an explicit plan; Undo brings Optimal back.
    h.step();
    h.get_by_label("Apply the optimal plan as a schedule")
        .click();
    h.step();
    h.step();
    let doc = h.state().doc().unwrap();
    let Allocation::Schedule(applied) = &doc.scenario.allocation else {
        panic!("not applied: {:?}", doc.scenario.allocation.policy());
    };
    assert_eq!(
        applied,
        &optimise(&edited, &Options::default()).unwrap().schedule
    );
    let o = doc.outcome.as_ref().unwrap();
    assert_eq!(doc.plan_state(), PlanState::NotOptimal);
    let rel = (o.kpis.compute_end - second.kpis.compute_end).abs() / second.kpis.compute_end;
    assert!(rel < 1e-9, "the schedule simulates to the plan: {rel:e}");
    h.run_steps(60);
    h.state_mut().push(Command::Undo);
    h.step();
    assert_eq!(h.state().doc().unwrap().scenario, edited);
}
