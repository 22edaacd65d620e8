//! The app: open documents as tabs, the command queue, files, the close guard, and the frame
//! layout (menu, tabs, notices, editor on the left, KPIs and plots in the centre), the
//! goal-seek dialog, and each frame's update of the documents' background analysis. Keeping
//! the planner's work safe is delegated: [`super::recovery`] (copies of unsaved edits,
//! restore after a crash) and [`super::watch`] (files changed on disk by others).
//!
//! - this module: the app's state, start-up, preferences and the eframe hooks
//! - `commands`: running the command queue
//! - `files`: opening, saving (and its questions), exporting
//! - `frame`: the per-frame work and the window layout

mod commands;
mod files;
mod frame;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{Rect, ThemePreference, Ui, ViewportCommand};

use super::analysis::job::Workers;
use super::command::Command;
use super::dialogs::{
    Guard, GuardChoice, Notice, PathPrompt, command_for, guard_ui, notices_ui, path_prompt_ui,
};
use super::document::{Document, tab_labels};
use super::editor::editor_ui;
use super::files::{Answer, FileDialogs, Purpose, Recent};
use super::goal_seek::{GoalSeekDialog, goal_seek_ui};
use super::kpi::kpi_strip_ui;
use super::menu::{MenuState, menu_bar_ui};
use super::plots::{AnalysisView, Focus, OpenDoc, PlotsState, plots_ui};
use super::recovery::Recovery;
use super::screenshot::{ScreenshotJob, save_png};
use super::watch::{DiskWatch, disk_banner_ui, would_overwrite_a_change};
use crate::io::{self, Backup};
use crate::model::{Scenario, set_number};
use crate::report::ReportInput;

/// Preferences kept in eframe storage (never in scenario files).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Settings {
    recent: Recent,
    /// "system", "light" or "dark".
    theme: String,
}

const SETTINGS_KEY: &str = "buildout-settings";

/// What to do once a save has succeeded.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum AfterSave {
    CloseTab(u64),
    Quit,
}

/// A report being written on a worker thread.
struct ReportJob {
    path: PathBuf,
    rx: Receiver<std::io::Result<()>>,
}

/// A plot export waiting for the frame that draws its caption.
struct PngCaption {
    path: PathBuf,
    date: String,
}

/// Asks for a screenshot of this frame, to be saved to `path` (cropped to `crop`).
fn request_png(ctx: &egui::Context, path: PathBuf, crop: Option<Rect>) -> PngExport {
    let (tx, rx) = channel();
    ctx.request_screenshot(move |img| {
        let _ = tx.send(img);
    });
    PngExport {
        rx,
        path,
        crop,
        pixels_per_point: ctx.pixels_per_point(),
    }
}

/// A PNG export waiting for its screenshot.
struct PngExport {
    rx: Receiver<Arc<egui::ColorImage>>,
    path: PathBuf,
    crop: Option<Rect>,
    pixels_per_point: f32,
}

/// The Buildout window.
pub struct BuildoutApp {
    pub docs: Vec<Document>,
    /// Index into `docs` of the visible tab.
    pub active: usize,
    pub(super) next_id: u64,
    queue: Vec<Command>,
    pub recent: Recent,
    pub theme: ThemePreference,
    applied_theme: Option<ThemePreference>,
    dialogs: FileDialogs,
    pub(super) after_save: Option<AfterSave>,
    pub notices: Vec<Notice>,
    pub guard: Option<Guard>,
    prompt: Option<PathPrompt>,
    /// The goal-seek dialog, while open.
    pub goal_seek: Option<GoalSeekDialog>,
    /// The Help window's page, while it is open.
    pub help: Option<super::command::HelpPage>,
    pub plots: PlotsState,
    plot_rect: Option<Rect>,
    png: Option<PngExport>,
    png_caption: Option<PngCaption>,
    report: Option<ReportJob>,
    screenshot: Option<ScreenshotJob>,
    /// Set once the user agreed to close (or nothing was unsaved).
    pub allowed_to_close: bool,
    title: String,
    /// Recovery copies of unsaved edits, and the restore offer after a crash (off unless
    /// started with [`BuildoutApp::start`]).
    pub recovery: Recovery,
    /// Notices changes to the open files made by others.
    pub watch: DiskWatch,
    /// A save waiting for "Overwrite" because someone else changed the file.
    pub overwrite: Option<PathBuf>,
    /// The window's worker threads (known from the first frame), waited for when the app is
    /// dropped.
    workers: Option<Workers>,
}

/// Longest wait, when the app is dropped, for its cancelled workers to end: a solve under way
/// cannot be interrupted, and exiting under it can abort the process (see
/// `crate::engine::optimal::close_solver`).
pub const WORKERS_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Drop for BuildoutApp {
    /// Cancels every analysis, goal seek and report still running, then waits (at most
    /// [`WORKERS_WAIT`]) for their threads to end.
    fn drop(&mut self) {
        for d in &mut self.docs {
            d.analysis.cancel();
        }
        self.goal_seek = None;
        if let Some(w) = &self.workers {
            w.wait(WORKERS_WAIT);
        }
    }
}

impl Default for BuildoutApp {
    /// The app on the embedded default scenario, with no saved preferences.
    fn default() -> Self {
        let mut app = Self::with_document(io::default_scenario(), None);
        // Saved as a file, the built-in scenario keeps the shipped file's citations.
        if let Some(doc) = app.docs.first_mut() {
            doc.source = Some(io::DEFAULT_SCENARIO_RON.to_owned());
        }
        app
    }
}

impl BuildoutApp {
    /// The app on one unsaved scenario (for tests and embedding).
    pub fn with_scenario(scenario: Scenario) -> Self {
        Self::with_document(scenario, None)
    }

    fn with_document(scenario: Scenario, path: Option<PathBuf>) -> Self {
        Self {
            docs: vec![Document::new(1, scenario, path)],
            active: 0,
            next_id: 2,
            queue: Vec::new(),
            recent: Recent::default(),
            theme: ThemePreference::System,
            applied_theme: None,
            dialogs: FileDialogs::default(),
            after_save: None,
            notices: Vec::new(),
            guard: None,
            prompt: None,
            goal_seek: None,
            help: None,
            plots: PlotsState::default(),
            plot_rect: None,
            png: None,
            png_caption: None,
            report: None,
            screenshot: None,
            allowed_to_close: false,
            title: String::new(),
            recovery: Recovery::default(),
            watch: DiskWatch::default(),
            overwrite: None,
            workers: None,
        }
    }

    /// The app as it starts, before preferences: `file` (or the default scenario), and crash
    /// recovery in `recovery_dir` — whose copies of a crashed session are offered for restoring
    /// (`None`: no recovery). The window and the headless test mode start through here.
    pub fn start(file: Option<PathBuf>, recovery_dir: Option<PathBuf>) -> Self {
        let mut app = Self::default();
        if let Some(path) = file {
            app.open_path(&path, 0.0);
            // Replace the default tab when the file opened.
            if app.docs.len() == 2 {
                app.docs.remove(0);
                app.active = 0;
            }
        }
        match recovery_dir.map(|d| Recovery::start(&d)) {
            Some(Ok(r)) => app.recovery = r,
            Some(Err(why)) => app.error(why, 0.0),
            None => {}
        }
        app
    }

    /// The app as eframe starts it: [`BuildoutApp::start`] with the recovery folder, then
    /// preferences from storage. A file that cannot be opened is reported in the window.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        file: Option<PathBuf>,
        screenshot: Option<ScreenshotJob>,
    ) -> Self {
        // A screenshot run is not a working session: no recovery, unless a folder is named.
        let recovery_dir = if screenshot.is_none() {
            super::recovery::default_dir()
        } else {
            std::env::var_os(super::recovery::DIR_VAR).map(PathBuf::from)
        };
        let no_folder = screenshot.is_none() && recovery_dir.is_none();
        let mut app = Self::start(file, recovery_dir);
        if no_folder {
            app.error(
                "Crash recovery is off: no folder for it (set BUILDOUT_RECOVERY_DIR). Save often.",
                0.0,
            );
        }
        if let Some(settings) = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY))
        {
            app.recent = settings.recent;
            app.theme = match settings.theme.as_str() {
                "light" => ThemePreference::Light,
                "dark" => ThemePreference::Dark,
                _ => ThemePreference::System,
            };
        }
        // For screenshots of the Help page: `BUILDOUT_HELP=1 buildout --screenshot help.png`.
        if screenshot.is_some() && std::env::var_os(super::help::HELP_ENV).is_some() {
            app.help = Some(super::command::HelpPage::Computes);
        }
        app.screenshot = screenshot;
        app
    }

    /// The visible document.
    pub fn doc(&self) -> Option<&Document> {
        self.docs.get(self.active)
    }

    pub fn doc_mut(&mut self) -> Option<&mut Document> {
        self.docs.get_mut(self.active)
    }

    /// Queues a command, run at the end of the frame.
    pub fn push(&mut self, cmd: Command) {
        self.queue.push(cmd);
    }

    pub(in crate::ui) fn error(&mut self, text: impl Into<String>, now: f64) {
        let text = text.into();
        if self.notices.iter().any(|n| n.error && n.text == text) {
            return; // already shown and not yet dismissed
        }
        self.notices.push(Notice {
            text,
            error: true,
            since: now,
        });
    }

    fn info(&mut self, text: impl Into<String>, now: f64) {
        self.notices.push(Notice {
            text: text.into(),
            error: false,
            since: now,
        });
    }

    fn add_document(&mut self, scenario: Scenario, path: Option<PathBuf>) {
        self.docs.push(Document::new(self.next_id, scenario, path));
        self.next_id += 1;
        self.active = self.docs.len() - 1;
    }
}

impl BuildoutApp {
    /// What `eframe::App::logic` does every frame (also without a window: the headless test
    /// mode runs it).
    pub fn tick(&mut self, ctx: &egui::Context) {
        self.frame_logic(ctx);
        self.run_queue(ctx);
    }
}

impl eframe::App for BuildoutApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.tick(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.dialogs.is_open() {
            super::files::close_dialog_children();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let theme = match self.theme {
            ThemePreference::Light => "light",
            ThemePreference::Dark => "dark",
            ThemePreference::System => "system",
        };
        eframe::set_value(
            storage,
            SETTINGS_KEY,
            &Settings {
                recent: self.recent.clone(),
                theme: theme.to_owned(),
            },
        );
    }
}
