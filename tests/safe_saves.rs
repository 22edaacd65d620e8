//! Saves that fail for real — a read-only folder, a full disk — leave the file on disk as it
//! was, and in the window the edits stay in memory, unsaved, with the error shown. A save that
//! succeeds keeps the previous version as `FILE.bak`.
//!
//! Root ignores a folder's permissions, so as root the read-only folder is a tmpfs remounted
//! read-only; the full disk is a 64 KiB tmpfs. Both need `mount` (root, or a container that
//! allows it): where mounting is not permitted those two tests say SKIPPED on stderr and pass
//! without checking — except in CI (`BUILDOUT_NO_SKIPS`), where a skip fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod skip;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use buildout::io::{self, SaveError};
use buildout::model::Scenario;
use buildout::ui::BuildoutApp;
use buildout::ui::command::Command;
use egui_kittest::Harness;
use skip::skip;

/// A tmpfs mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` when mounting is not permitted here.
    fn mount(size: &str) -> Option<Self> {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("mnt");
        std::fs::create_dir(&dir).unwrap();
        let ok = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then_some(Self {
            dir,
            _parent: parent,
        })
    }

    fn remount_read_only(&self) -> bool {
        Process::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg("-l").arg(&self.dir).output();
    }
}

/// A folder that cannot be written, holding `plan.ron` with `bytes`: by permissions where
/// they apply (not root), else a read-only tmpfs. `None`: neither is possible here.
enum ReadOnly {
    Chmod(tempfile::TempDir),
    Mount(Tmpfs),
}

impl ReadOnly {
    fn with_plan(bytes: &[u8]) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt as _;
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("plan.ron"), bytes).unwrap();
        std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(t.path().join("probe"), b"x").is_err() {
            return Some(Self::Chmod(t));
        }
        // Root: permissions do not stop it.
        let _ = std::fs::remove_file(t.path().join("probe"));
        std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let fs = Tmpfs::mount("1m")?;
        std::fs::write(fs.dir.join("plan.ron"), bytes).unwrap();
        fs.remount_read_only().then_some(Self::Mount(fs))
    }

    fn dir(&self) -> &Path {
        match self {
            Self::Chmod(t) => t.path(),
            Self::Mount(m) => &m.dir,
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if let Self::Chmod(t) = self {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// A tiny tmpfs holding `plan.ron` with `bytes`, filled up so that nothing bigger fits.
fn full_disk_with_plan(bytes: &[u8]) -> Option<Tmpfs> {
    let fs = Tmpfs::mount("64k")?;
    std::fs::write(fs.dir.join("plan.ron"), bytes).unwrap();
    // Fill what is left, a block at a time, until the disk refuses.
    use std::io::Write as _;
    let mut filler = std::fs::File::create(fs.dir.join("filler")).unwrap();
    let block = [0u8; 1024];
    while filler
        .write_all(&block)
        .and_then(|()| filler.sync_all())
        .is_ok()
    {}
    Some(fs)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn original() -> (Scenario, Vec<u8>) {
    let s = Scenario::template();
    (s.clone(), io::to_ron(&s).into_bytes())
}

/// A bigger edit than the original, so that it cannot fit where the original just did.
fn edited() -> Scenario {
    let mut s = Scenario::template();
    s.name = "Edited".into();
    s.description = "A long description. ".repeat(500);
    s
}

fn app_on(path: &Path) -> Harness<'static, BuildoutApp> {
    let path = path.to_path_buf();
    let mut h = Harness::builder()
        // Background analysis may finish mid-run and ask for a few more frames.
        .with_max_steps(64)
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| BuildoutApp::start(Some(path), None));
    h.run();
    h
}

/// In the window: edit, Save, and the save fails — error shown, edits kept and unsaved, file
/// on disk unchanged.
fn failed_save_in_the_window(dir: &Path, on_disk: &[u8]) {
    let plan = dir.join("plan.ron");
    let mut h = app_on(&plan);
    assert_eq!(
        h.state().doc().unwrap().path.as_deref(),
        Some(plan.as_path())
    );
    h.state_mut().doc_mut().unwrap().scenario = edited();
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    let app = h.state();
    let doc = app.doc().unwrap();
    assert_eq!(doc.scenario, edited(), "the edits are still in memory");
    assert!(doc.is_dirty(), "and still marked unsaved");
    assert!(doc.tab_label().ends_with('•'));
    let error = app
        .notices
        .iter()
        .find(|n| n.error && n.text.contains("cannot save"))
        .expect("the error is shown");
    assert!(error.text.contains("your edits are kept"), "{}", error.text);
    assert_eq!(std::fs::read(&plan).unwrap(), on_disk);
}

#[test]
fn a_save_into_a_read_only_folder_fails_and_changes_nothing() {
    let (_, bytes) = original();
    let Some(ro) = ReadOnly::with_plan(&bytes) else {
        skip("no read-only folder possible here (root, and mount not permitted)");
        return;
    };
    let plan = ro.dir().join("plan.ron");
    let err = io::save(&plan, &edited()).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err}");
    assert!(err.to_string().contains("your edits are kept"), "{err}");
    assert_eq!(std::fs::read(&plan).unwrap(), bytes);
    assert_eq!(
        files_in(ro.dir()),
        ["plan.ron"],
        "no temporary file is left"
    );
    failed_save_in_the_window(ro.dir(), &bytes);
    assert_eq!(files_in(ro.dir()), ["plan.ron"]);
}

#[test]
fn a_save_onto_a_full_disk_fails_and_changes_nothing() {
    let (_, bytes) = original();
    let Some(fs) = full_disk_with_plan(&bytes) else {
        skip("mounting a tmpfs is not permitted here; the full-disk save is untested");
        return;
    };
    let plan = fs.dir.join("plan.ron");
    let err = io::save(&plan, &edited()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("No space left on device"), "{msg}");
    assert!(msg.contains("your edits are kept"), "{msg}");
    assert_eq!(std::fs::read(&plan).unwrap(), bytes);
    assert_eq!(
        files_in(&fs.dir),
        ["filler", "plan.ron"],
        "no temporary file is left"
    );
    failed_save_in_the_window(&fs.dir, &bytes);
    assert_eq!(files_in(&fs.dir), ["filler", "plan.ron"]);
    // Once there is room again, the same save succeeds and keeps the old version.
    std::fs::remove_file(fs.dir.join("filler")).unwrap();
    let saved = io::save(&plan, &edited()).unwrap();
    assert_eq!(saved.backup, io::Backup::Kept(fs.dir.join("plan.ron.bak")));
    assert_eq!(std::fs::read(fs.dir.join("plan.ron.bak")).unwrap(), bytes);
    assert_eq!(io::load(&plan).unwrap(), edited());
}

#[test]
fn a_successful_save_in_the_window_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let (s, bytes) = original();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, &bytes).unwrap();
    let mut h = app_on(&plan);
    h.state_mut().doc_mut().unwrap().scenario = edited();
    h.run();
    h.state_mut().push(Command::Save);
    h.run();
    assert!(!h.state().doc().unwrap().is_dirty());
    assert_eq!(io::load(&plan).unwrap(), edited());
    assert_eq!(io::load(&dir.path().join("plan.ron.bak")).unwrap(), s);
    assert_eq!(files_in(dir.path()), ["plan.ron", "plan.ron.bak"]);
}

#[test]
fn a_scenario_too_large_to_open_again_is_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = original();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, &bytes).unwrap();
    let mut huge = Scenario::template();
    huge.description = "x".repeat(io::MAX_FILE_BYTES as usize);
    let err = io::save(&plan, &huge).unwrap_err();
    assert!(matches!(err, SaveError::TooLarge { .. }), "{err}");
    assert!(
        err.to_string().contains("could not be opened again"),
        "{err}"
    );
    assert_eq!(std::fs::read(&plan).unwrap(), bytes);
}
