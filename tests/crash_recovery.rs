//! Crash recovery, for real: the `buildout` binary makes an unsaved edit (its headless test
//! mode, `BUILDOUT_TEST_EDIT`), writes its recovery copy and is killed with SIGKILL; the next
//! start — `BuildoutApp::start`, as the window starts — offers the copy, and Restore opens the
//! edited scenario as an unsaved tab. Also the restore question in egui_kittest, and when
//! copies are written and removed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

use buildout::io::{self, recovery};
use buildout::model::Scenario;
use buildout::ui::BuildoutApp;
use buildout::ui::command::Command;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn harness(app: BuildoutApp) -> Harness<'static, BuildoutApp> {
    Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| app)
}

/// Every recovery file under `root`, in any session.
fn recovery_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for session in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(session.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if f.file_name().to_string_lossy().starts_with("doc-") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    out
}

/// Starts the real binary on `file` in its test mode, waits until its recovery copy is on
/// disk, and kills it with SIGKILL.
fn edit_and_kill(file: &Path, recovery_dir: &Path, new_name: &str) {
    let mut child = Process::new(env!("CARGO_BIN_EXE_buildout"))
        .arg(file)
        .env("BUILDOUT_TEST_EDIT", new_name)
        .env("BUILDOUT_RECOVERY_DIR", recovery_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the buildout binary starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let written = loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains("recovery copy written") => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    // SIGKILL: no destructor, no clean-up, as in a crash or `kill -9`.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(written, "no recovery copy within 60 s; stderr: {seen:?}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(status.signal(), Some(9), "{status:?}");
    }
}

#[test]
fn a_buildout_killed_with_sigkill_keeps_its_edits_and_the_next_start_restores_them() {
    let work = tempfile::tempdir().unwrap();
    let plan = work.path().join("plan.ron");
    io::save(&plan, &Scenario::template()).unwrap();
    let on_disk = std::fs::read(&plan).unwrap();
    let root = work.path().join("recovery");

    edit_and_kill(&plan, &root, "Edited before the crash");

    // The copy is there, names its file, and holds the edit; the file itself is untouched.
    let files = recovery_files(&root);
    assert_eq!(files.len(), 1, "{files:?}");
    let copy = recovery::read_file(&files[0]);
    assert_eq!(copy.original.as_deref(), Some(plan.as_path()));
    let edited = copy.scenario.clone().unwrap();
    assert_eq!(edited.name, "Edited before the crash");
    assert_eq!(std::fs::read(&plan).unwrap(), on_disk);

    // The next start finds it and asks.
    let mut h = harness(BuildoutApp::start(None, Some(root.clone())));
    h.run();
    assert_eq!(h.state().recovery.offer.len(), 1);
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Edited before the crash");
    h.get_by_label(&plan.display().to_string());
    h.get_by_label("Restore").click();
    h.run();

    let app = h.state();
    assert!(app.recovery.offer.is_empty());
    assert_eq!(app.docs.len(), 2, "the default tab and the restored one");
    let doc = app.doc().unwrap();
    assert_eq!(doc.scenario, edited);
    assert_eq!(doc.path.as_deref(), Some(plan.as_path()));
    assert!(doc.is_dirty(), "a restored document is unsaved");
    assert_eq!(doc.tab_label(), "Edited before the crash •");
    assert_eq!(doc.disk_change, None, "the file did not change since");

    // The old session is gone; the restored document has a copy in the new session at once.
    app.recovery.flush();
    let files = recovery_files(&root);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with(app.recovery.session_dir().unwrap()));
    assert_eq!(recovery::read_file(&files[0]).scenario, Ok(edited));

    // Saving it removes the copy; a clean exit leaves nothing behind.
    h.state_mut().push(Command::Save);
    h.run();
    assert!(!h.state().doc().unwrap().is_dirty());
    assert_eq!(io::load(&plan).unwrap().name, "Edited before the crash");
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());
    drop(h);
    assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
}

#[test]
fn a_file_changed_after_the_crash_shows_as_changed_on_disk() {
    let work = tempfile::tempdir().unwrap();
    let plan = work.path().join("plan.ron");
    io::save(&plan, &Scenario::template()).unwrap();
    let root = work.path().join("recovery");
    edit_and_kill(&plan, &root, "Mine");
    // Someone else saves the file before Buildout is started again.
    let mut theirs = Scenario::template();
    theirs.name = "Theirs".into();
    io::save(&plan, &theirs).unwrap();

    let mut h = harness(BuildoutApp::start(None, Some(root)));
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.name, "Mine");
    // Saving would replace their change: it asks first.
    h.state_mut().push(Command::Save);
    h.run();
    assert!(h.state().overwrite.is_some());
    h.get_by_label("The file changed on disk");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(io::load(&plan).unwrap().name, "Theirs");
    assert!(h.state().doc().unwrap().is_dirty());
}

fn crashed_session(root: &Path, names: &[&str]) {
    let dir = root.join("1-1");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lock"), "").unwrap();
    for (k, name) in names.iter().enumerate() {
        let mut s = Scenario::template();
        s.name = (*name).into();
        let text = recovery::recovery_text(&s, None, None, std::time::SystemTime::now());
        std::fs::write(dir.join(format!("doc-{k}.ron")), text).unwrap();
    }
}

#[test]
fn discard_deletes_the_copies_and_later_keeps_them_for_the_next_start() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("recovery");
    crashed_session(&root, &["First draft", "Second draft"]);

    // Decide later: nothing opens, nothing is deleted, the next start asks again.
    let mut h = harness(BuildoutApp::start(None, Some(root.clone())));
    h.run();
    h.get_by_label("First draft");
    h.get_by_label("Second draft");
    assert_eq!(h.get_all_by_label("not saved yet").count(), 2);
    h.get_by_label("Decide later").click();
    h.run();
    assert!(h.state().recovery.offer.is_empty());
    assert_eq!(h.state().docs.len(), 1);
    drop(h);
    assert_eq!(recovery_files(&root).len(), 2);

    // Discard: the copies go, nothing opens.
    let mut h = harness(BuildoutApp::start(None, Some(root.clone())));
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().docs.len(), 1);
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());

    // Restoring new (never saved) scenarios opens them as Untitled, unsaved tabs.
    crashed_session(&root, &["Draft"]);
    let mut h = harness(BuildoutApp::start(None, Some(root)));
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.scenario.name, "Draft");
    assert_eq!(doc.path, None);
    assert!(doc.is_dirty());
}

#[test]
fn copies_are_written_after_a_quiet_spell_and_removed_on_save_and_close() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("recovery");
    let plan = work.path().join("plan.ron");
    io::save(&plan, &Scenario::template()).unwrap();
    let mut h = harness(BuildoutApp::start(Some(plan.clone()), Some(root.clone())));
    h.run();
    assert!(h.state().recovery.offer.is_empty());
    // A clean document has no copy.
    h.run_steps(20);
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());

    // An edit: no copy during the quiet time (3 s = 12 steps of 0.25 s), one after it.
    h.state_mut().doc_mut().unwrap().scenario.name = "Edited".into();
    h.run_steps(4);
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());
    h.run_steps(12);
    h.state().recovery.flush();
    let files = recovery_files(&root);
    assert_eq!(files.len(), 1);
    assert_eq!(
        recovery::read_file(&files[0]).scenario.unwrap().name,
        "Edited"
    );

    // Saved: the copy goes.
    h.state_mut().push(Command::Save);
    h.run_steps(2);
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());

    // Edited again, then the tab closed without saving: the copy goes too.
    h.state_mut().doc_mut().unwrap().scenario.name = "Edited again".into();
    h.run_steps(16);
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root).len(), 1);
    h.state_mut().push(Command::CloseTab);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    h.state().recovery.flush();
    assert_eq!(recovery_files(&root), Vec::<PathBuf>::new());
}
