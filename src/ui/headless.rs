//! A test mode of the binary, for crash recovery: with `BUILDOUT_TEST_EDIT=<name>` set,
//! `buildout [FILE]` starts the app without a window — through [`BuildoutApp::start`], as the
//! window does, recovery folder included — renames the scenario to `<name>` (an unsaved edit),
//! and runs the app's per-frame logic in real time until it is killed. It prints
//! `recovery copy written` on stderr once the copy is on disk, so a test can kill it with
//! SIGKILL and start Buildout again (`tests/crash_recovery.rs`). It needs no display.
#![allow(clippy::print_stderr)] // the test reads its progress on stderr

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::BuildoutApp;
use super::recovery::default_dir;

/// The environment variable that selects this mode, holding the new scenario name.
pub const EDIT_VAR: &str = "BUILDOUT_TEST_EDIT";

/// How long it waits to be killed before giving up (a test that forgot to kill it).
const GIVE_UP: Duration = Duration::from_secs(120);

/// Runs the mode (see the module docs).
pub fn edit_until_killed(file: Option<PathBuf>, name: &str) -> ExitCode {
    let mut app = BuildoutApp::start(file, default_dir());
    for n in &app.notices {
        eprintln!("buildout: {}", n.text);
    }
    if !app.recovery.is_on() {
        return ExitCode::from(1);
    }
    let Some(doc) = app.doc_mut() else {
        return ExitCode::from(1);
    };
    doc.scenario.name = name.to_owned();
    let ctx = egui::Context::default();
    let started = Instant::now();
    let mut reported = false;
    while started.elapsed() < GIVE_UP {
        let input = egui::RawInput {
            time: Some(started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| app.tick(ui.ctx()));
        out.textures_delta.clear(); // nothing is drawn

        if !reported && app.recovery.writes > 0 {
            app.recovery.flush();
            eprintln!("buildout: recovery copy written");
            reported = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("buildout: not killed within {GIVE_UP:?}; exiting");
    ExitCode::from(3)
}
