//! The whole app in an egui_kittest harness (no display, no GPU): commands, files, the close
//! guard, undo.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use buildout::io;
use buildout::ui::BuildoutApp;
use buildout::ui::command::Command;
use buildout::ui::dialogs::Guard;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn harness() -> Harness<'static, BuildoutApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| BuildoutApp::default())
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
