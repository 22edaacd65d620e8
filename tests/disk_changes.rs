//! Files changed behind the window's back (egui_kittest, real files, the real watcher thread):
//! the banner appears, Reload loads their version (and Undo brings mine back), Keep mine then
//! Save asks before overwriting, and nothing is ever overwritten silently.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use buildout::io;
use buildout::model::Scenario;
use buildout::ui::BuildoutApp;
use buildout::ui::command::Command;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn scenario(name: &str) -> Scenario {
    let mut s = Scenario::template();
    s.name = name.into();
    s
}

/// The app on `plan.ron` (holding "Original") in a fresh folder, watching every `poll`.
fn app(poll: Duration) -> (tempfile::TempDir, PathBuf, Harness<'static, BuildoutApp>) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    io::save(&plan, &scenario("Original")).unwrap();
    let file = plan.clone();
    let mut h = Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| BuildoutApp::start(Some(file), None));
    h.state().watch.set_interval(poll);
    h.run();
    (dir, plan, h)
}

/// Runs frames until `done`, for at most 10 s of real time.
fn run_until(h: &mut Harness<'static, BuildoutApp>, done: impl Fn(&BuildoutApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run();
    }
}

fn edit_mine(h: &mut Harness<'static, BuildoutApp>) {
    h.state_mut().doc_mut().unwrap().scenario.name = "Mine".into();
    // Long enough for the undo history to keep it as a step.
    h.run_steps(4);
    assert!(h.state().doc().unwrap().is_dirty());
}

/// Someone else saves the file (atomically, as editors and git do).
fn theirs(plan: &Path) {
    io::write_atomically(plan, io::to_ron(&scenario("Theirs")).as_bytes()).unwrap();
}

#[test]
fn a_change_on_disk_shows_a_banner_and_reload_loads_it() {
    let (_dir, plan, mut h) = app(Duration::from_millis(50));
    edit_mine(&mut h);
    theirs(&plan);
    run_until(&mut h, |a| a.doc().unwrap().disk_change.is_some());
    h.get_by_label("plan.ron was changed on disk by another program.");
    h.get_by_label("Reload").click();
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.name, "Theirs");
    assert!(!doc.is_dirty());
    assert_eq!(doc.disk_change, None);
    assert!(h.query_by_label("Reload").is_none(), "the banner is gone");
    // Nothing was lost: Undo brings my version back.
    h.run_steps(4);
    h.state_mut().push(Command::Undo);
    h.run();
    assert_eq!(h.state().doc().unwrap().scenario.name, "Mine");
}

#[test]
fn keep_mine_then_save_asks_and_overwrites_only_when_confirmed() {
    let (dir, plan, mut h) = app(Duration::from_millis(50));
    edit_mine(&mut h);
    theirs(&plan);
    run_until(&mut h, |a| a.doc().unwrap().disk_change.is_some());
    h.get_by_label("Keep mine").click();
    h.run();
    assert_eq!(h.state().doc().unwrap().disk_change, None);
    assert_eq!(h.state().doc().unwrap().scenario.name, "Mine");

    // Save asks; Cancel leaves their file and my edits as they are.
    h.state_mut().push(Command::Save);
    h.run();
    h.get_by_label("The file changed on disk");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().overwrite, None);
    assert_eq!(io::load(&plan).unwrap().name, "Theirs");
    assert!(h.state().doc().unwrap().is_dirty());

    // Save again, Overwrite: mine is saved, theirs kept as the backup.
    h.state_mut().push(Command::Save);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert_eq!(io::load(&plan).unwrap().name, "Mine");
    assert_eq!(
        io::load(&dir.path().join("plan.ron.bak")).unwrap().name,
        "Theirs"
    );
    assert!(!h.state().doc().unwrap().is_dirty());
    // And the next save does not ask: the file is as this document wrote it.
    h.state_mut().doc_mut().unwrap().scenario.name = "Mine, again".into();
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    assert_eq!(h.state().overwrite, None);
    assert_eq!(io::load(&plan).unwrap().name, "Mine, again");
}

#[test]
fn a_save_right_after_a_change_asks_even_before_the_watcher_looked() {
    // The watcher looks only once a minute here: the check at save time catches it.
    let (_dir, plan, mut h) = app(Duration::from_secs(60));
    edit_mine(&mut h);
    theirs(&plan);
    h.state_mut().push(Command::Save);
    h.run();
    assert!(h.state().overwrite.is_some());
    h.get_by_label("The file changed on disk");
    assert_eq!(io::load(&plan).unwrap().name, "Theirs");
}

#[test]
fn regaining_focus_looks_at_once() {
    let (_dir, plan, mut h) = app(Duration::from_secs(60));
    theirs(&plan);
    h.event(egui::Event::WindowFocused(true));
    run_until(&mut h, |a| a.doc().unwrap().disk_change.is_some());
    h.get_by_label("Reload");
}

#[test]
fn a_file_rewritten_with_the_same_bytes_is_not_a_change() {
    let (_dir, plan, mut h) = app(Duration::from_millis(50));
    let bytes = std::fs::read(&plan).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    io::write_atomically(&plan, &bytes).unwrap();
    // Give the watcher several looks.
    let until = Instant::now() + Duration::from_millis(400);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
        h.run();
    }
    assert_eq!(h.state().doc().unwrap().disk_change, None);
    // Saving does not ask either.
    h.state_mut().doc_mut().unwrap().scenario.name = "Mine".into();
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    assert_eq!(h.state().overwrite, None);
    assert_eq!(io::load(&plan).unwrap().name, "Mine");
}

#[test]
fn a_deleted_file_is_said_and_saving_writes_it_again() {
    let (_dir, plan, mut h) = app(Duration::from_millis(50));
    edit_mine(&mut h);
    std::fs::remove_file(&plan).unwrap();
    run_until(&mut h, |a| a.doc().unwrap().disk_change.is_some());
    h.get_by_label("plan.ron was deleted or moved on disk. Saving will write it again.");
    h.get_by_label("Keep mine").click();
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    assert_eq!(h.state().overwrite, None);
    assert_eq!(io::load(&plan).unwrap().name, "Mine");
}
