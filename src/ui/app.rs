//! The app: open documents as tabs, the command queue, files, the close guard, and the frame
//! layout (menu, tabs, notices, editor on the left, KPIs and plots in the centre), the
//! goal-seek dialog, and each frame's update of the documents' background analysis. Keeping
//! the planner's work safe is delegated: [`super::recovery`] (copies of unsaved edits,
//! restore after a crash) and [`super::watch`] (files changed on disk by others).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{Rect, ThemePreference, Ui, ViewportCommand};

use super::command::Command;
use super::dialogs::{
    Guard, GuardChoice, Notice, PathPrompt, command_for, guard_ui, notices_ui, path_prompt_ui,
};
use super::document::Document;
use super::editor::editor_ui;
use super::files::{Answer, FileDialogs, Purpose, Recent};
use super::goal_seek::{GoalSeekDialog, goal_seek_ui};
use super::kpi::kpi_strip_ui;
use super::menu::{MenuState, menu_bar_ui};
use super::plots::{AnalysisView, OpenDoc, PlotsState, plots_ui};
use super::recovery::Recovery;
use super::screenshot::{ScreenshotJob, save_png};
use super::watch::{DiskWatch, disk_banner_ui, would_overwrite_a_change};
use crate::io::{self, Backup};
use crate::model::{Scenario, param_mut};

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
    pub plots: PlotsState,
    plot_rect: Option<Rect>,
    png: Option<PngExport>,
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
    /// A save waiting for an answer because it would drop the file's comments: (path, count).
    pub comments: Option<(PathBuf, usize)>,
    /// Files whose comments the person agreed to drop (a commented copy was kept).
    comments_ok: Vec<PathBuf>,
}

impl Default for BuildoutApp {
    /// The app on the embedded default scenario, with no saved preferences.
    fn default() -> Self {
        Self::with_document(io::default_scenario(), None)
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
            plots: PlotsState::default(),
            plot_rect: None,
            png: None,
            screenshot: None,
            allowed_to_close: false,
            title: String::new(),
            recovery: Recovery::default(),
            watch: DiskWatch::default(),
            overwrite: None,
            comments: None,
            comments_ok: Vec::new(),
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

    pub(super) fn error(&mut self, text: impl Into<String>, now: f64) {
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

    fn open_path(&mut self, path: &Path, now: f64) {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(k) = self.docs.iter().position(|d| {
            d.path.as_deref().is_some_and(|p| {
                std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()) == canonical
            })
        }) {
            self.active = k;
            return;
        }
        match io::load_file(path) {
            Ok(loaded) => {
                self.recent.add(path);
                let scenario = loaded.scenario;
                let n = scenario.name.clone();
                self.add_document(scenario, Some(path.to_path_buf()));
                self.docs[self.active].disk = Some(loaded.stamp);
                if let Some(v) = loaded.migrated_from {
                    self.info(
                        format!(
                            "{} is in file format version {v}; it was upgraded and will be saved \
                             in version {} (older Buildouts cannot open that)",
                            path.display(),
                            crate::model::FILE_VERSION
                        ),
                        now,
                    );
                }
                let issues = self.docs[self.active].issues.len();
                if issues > 0 {
                    self.error(
                        format!(
                            "{}: opened “{n}”, but it has {issues} invalid value{} — marked in \
                             the editor",
                            path.display(),
                            if issues == 1 { "" } else { "s" }
                        ),
                        now,
                    );
                }
            }
            Err(e) => self.error(format!("Could not open the file. {e}"), now),
        }
    }

    /// Saves the active document to `path` — first asking, if someone else changed that file
    /// since the document read or wrote it; on success runs what was waiting for the save.
    fn save_to(&mut self, path: PathBuf, now: f64) {
        // A file with comments (sources, reasoning) would lose them: ask first, once.
        if !self.comments_ok.contains(&path) {
            let count = io::comments_in_file(&path);
            if count > 0 {
                self.comments = Some((path, count));
                return;
            }
        }
        if self
            .doc()
            .is_some_and(|d| would_overwrite_a_change(d, &path))
        {
            self.overwrite = Some(path);
            return;
        }
        self.write_to(path, now);
    }

    /// "Save without them": keeps the commented file as a copy, then saves over it.
    pub(super) fn drop_comments_and_save(&mut self, path: PathBuf, now: f64) {
        match io::keep_commented_copy(&path) {
            Ok(copy) => {
                self.info(
                    format!(
                        "Kept {} with its comments as {}",
                        path.display(),
                        copy.display()
                    ),
                    now,
                );
                self.comments_ok.push(path.clone());
                self.save_to(path, now);
            }
            Err(e) => {
                self.after_save = None;
                self.error(
                    format!(
                        "Not saved: could not keep a copy of {} with its comments: {e}",
                        path.display()
                    ),
                    now,
                );
            }
        }
    }

    /// Saves the active document to `path` without asking. A failed save changes nothing: the
    /// file on disk stays as it was and the edits stay, unsaved.
    pub(super) fn write_to(&mut self, path: PathBuf, now: f64) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        match io::save(&path, &doc.scenario) {
            Ok(saved) => {
                doc.mark_saved(path.clone(), Some(saved.stamp));
                self.recent.add(&path);
                self.info(format!("Saved {}", path.display()), now);
                if let Backup::Failed(why) = saved.backup {
                    self.error(
                        format!(
                            "Saved {}, but could not keep the previous version as {}: {why}",
                            path.display(),
                            io::backup_path(&path).display()
                        ),
                        now,
                    );
                }
                match self.after_save.take() {
                    Some(AfterSave::CloseTab(id)) => self.queue.push(Command::DiscardTab(id)),
                    Some(AfterSave::Quit) => self.queue.push(Command::Quit),
                    None => {}
                }
            }
            Err(e) => {
                self.after_save = None;
                self.error(e.to_string(), now);
            }
        }
    }

    fn dialog_dir(&self) -> Option<PathBuf> {
        self.doc()
            .and_then(|d| d.path.as_deref())
            .or_else(|| self.recent.0.first().map(PathBuf::as_path))
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    fn suggested_name(&self, ext: &str) -> String {
        let stem = self.doc().map_or_else(
            || "scenario".to_owned(),
            |d| {
                d.path.as_deref().and_then(Path::file_stem).map_or_else(
                    || slug(&d.scenario.name),
                    |s| s.to_string_lossy().into_owned(),
                )
            },
        );
        format!("{stem}.{ext}")
    }

    fn ask_path(&mut self, ctx: &egui::Context, purpose: Purpose) {
        let dir = self.dialog_dir();
        let name = self.suggested_name(purpose.extension());
        self.dialogs.request(ctx, purpose, dir.as_deref(), &name);
    }

    /// Runs one command.
    pub fn run_command(&mut self, ctx: &egui::Context, cmd: Command) {
        let now = ctx.input(|i| i.time);
        match cmd {
            Command::New => self.add_document(Scenario::template(), None),
            Command::Open => self.ask_path(ctx, Purpose::Open),
            Command::OpenPath(path) => self.open_path(&path, now),
            Command::Save => match self.doc().map(|d| d.path.clone()) {
                Some(Some(path)) => self.save_to(path, now),
                Some(None) => self.ask_path(ctx, Purpose::SaveAs),
                None => {}
            },
            Command::SaveAs => self.ask_path(ctx, Purpose::SaveAs),
            Command::SaveTo(path) => self.save_to(path, now),
            Command::ExportCsv => self.ask_path(ctx, Purpose::ExportCsv),
            Command::ExportCsvTo(path) => self.export_csv(&path, now),
            Command::ExportPlotPng => self.ask_path(ctx, Purpose::ExportPlotPng),
            Command::ExportWindowPng => self.ask_path(ctx, Purpose::ExportWindowPng),
            Command::ExportPngTo { path, whole_window } => {
                let (tx, rx) = channel();
                ctx.request_screenshot(move |img| {
                    let _ = tx.send(img);
                });
                self.png = Some(PngExport {
                    rx,
                    path,
                    crop: if whole_window { None } else { self.plot_rect },
                    pixels_per_point: ctx.pixels_per_point(),
                });
            }
            Command::Undo => {
                if let Some(d) = self.doc_mut() {
                    d.undo();
                }
            }
            Command::Redo => {
                if let Some(d) = self.doc_mut() {
                    d.redo();
                }
            }
            Command::CloseTab => {
                if let Some(d) = self.doc() {
                    if d.is_dirty() {
                        self.guard = Some(Guard::Tab(d.id));
                    } else {
                        self.queue.push(Command::DiscardTab(d.id));
                    }
                }
            }
            Command::DiscardTab(id) => {
                if let Some(k) = self.docs.iter().position(|d| d.id == id) {
                    self.docs.remove(k);
                    if self.active >= k && self.active > 0 {
                        self.active -= 1;
                    }
                }
            }
            Command::SelectTab(id) => {
                if let Some(k) = self.docs.iter().position(|d| d.id == id) {
                    self.active = k;
                }
            }
            Command::Quit => {
                if self.docs.iter().any(Document::is_dirty) {
                    self.guard = Some(Guard::Window);
                } else {
                    self.allowed_to_close = true;
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
            Command::DiscardAllAndQuit => {
                self.allowed_to_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Command::ClearRecent => self.recent.0.clear(),
            Command::RunAnalysis => {
                if let Some(d) = self.doc_mut() {
                    d.analysis.run_now();
                }
            }
            Command::CancelAnalysis => {
                if let Some(d) = self.doc_mut() {
                    d.analysis.cancel();
                }
            }
            Command::SetAnalysisSettings(settings) => {
                if let Some(d) = self.doc_mut() {
                    d.analysis.settings = settings;
                }
            }
            Command::GoalSeek => {
                if let Some(d) = self.doc() {
                    // Start from the number that moves the tornado's KPI most, if known.
                    let widest = d
                        .analysis
                        .tornado
                        .result()
                        .and_then(|t| t.bars.first())
                        .map(|b| b.path.clone());
                    self.goal_seek = Some(GoalSeekDialog::new(
                        d.id,
                        &d.scenario,
                        d.outcome.as_ref(),
                        widest,
                        &d.analysis.settings.tornado_metric,
                    ));
                }
            }
            Command::SetParameter { doc, path, value } => {
                let found = self
                    .docs
                    .iter_mut()
                    .find(|d| d.id == doc)
                    .is_some_and(|d| param_mut(&mut d.scenario, &path, |x| *x = value));
                if !found {
                    self.error(format!("{path} names no number of the scenario"), now);
                }
            }
            Command::ShowPlotTab(tab) => self.plots.tab = tab,
        }
    }

    fn export_csv(&mut self, path: &Path, now: f64) {
        let Some(outcome) = self.doc().and_then(|d| d.outcome.as_ref()) else {
            self.error("Nothing to export: the scenario has never been valid.", now);
            return;
        };
        match io::write_csv_file(outcome, path) {
            Ok(()) => self.info(format!("Exported {}", path.display()), now),
            Err(e) => self.error(format!("Could not write {}: {e}", path.display()), now),
        }
    }

    fn guard_choice(&mut self, choice: GuardChoice) {
        let Some(guard) = self.guard.take() else {
            return;
        };
        match (choice, guard) {
            (GuardChoice::Cancel, _) => {}
            (GuardChoice::Discard, Guard::Tab(id)) => self.queue.push(Command::DiscardTab(id)),
            (GuardChoice::Discard, Guard::Window) => self.queue.push(Command::DiscardAllAndQuit),
            (GuardChoice::Save, Guard::Tab(id)) => {
                if let Some(k) = self.docs.iter().position(|d| d.id == id) {
                    self.active = k;
                    self.after_save = Some(AfterSave::CloseTab(id));
                    self.queue.push(Command::Save);
                }
            }
            (GuardChoice::Save, Guard::Window) => {
                // Save every unsaved document that has a file; the first without one asks for
                // a path, and quitting is tried again after it.
                for d in self
                    .docs
                    .iter()
                    .filter(|d| d.is_dirty() && d.path.is_some())
                {
                    self.queue.push(Command::SelectTab(d.id));
                    self.queue.push(Command::Save);
                }
                if let Some(k) = self
                    .docs
                    .iter()
                    .position(|d| d.is_dirty() && d.path.is_none())
                {
                    self.queue.push(Command::SelectTab(self.docs[k].id));
                    self.after_save = Some(AfterSave::Quit);
                    self.queue.push(Command::SaveAs);
                } else {
                    self.queue.push(Command::Quit);
                }
            }
        }
    }

    /// Runs the queued commands, in order; commands they queue run too.
    pub fn run_queue(&mut self, ctx: &egui::Context) {
        // Commands may queue more (Save after a dialog, Quit after Save); bounded for safety.
        let mut guard = 0;
        while !self.queue.is_empty() && guard < 100 {
            let batch = std::mem::take(&mut self.queue);
            for cmd in batch {
                self.run_command(ctx, cmd);
            }
            guard += 1;
        }
    }

    /// Work that happens every frame, also when the window is hidden behind a dialog.
    fn frame_logic(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if let Some(e) = self.recovery.tick(ctx, &self.docs) {
            self.error(e, now);
        }
        self.watch.tick(ctx, &mut self.docs);
        if self.applied_theme != Some(self.theme) {
            ctx.set_theme(self.theme);
            self.applied_theme = Some(self.theme);
        }
        if let Some(answer) = self.dialogs.poll() {
            match answer {
                Answer::Chosen(purpose, path) => self.queue.push(command_for(purpose, path)),
                Answer::Cancelled => self.after_save = None,
                Answer::Unavailable(purpose) => {
                    self.prompt = Some(PathPrompt {
                        purpose,
                        text: self.dialog_dir().map_or_else(String::new, |d| {
                            d.join(self.suggested_name(purpose.extension()))
                                .display()
                                .to_string()
                        }),
                    });
                }
            }
        }
        self.queue.extend(Command::from_shortcuts(ctx));
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let p = file.path();
            if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
                self.queue.push(Command::OpenPath(p.to_path_buf()));
            } else {
                self.error(
                    format!(
                        "{} is not a scenario: only .ron files can be opened",
                        p.display()
                    ),
                    now,
                );
            }
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allowed_to_close
            && self.docs.iter().any(Document::is_dirty)
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.guard = Some(Guard::Window);
        }
        if let Some(png) = &self.png
            && let Ok(img) = png.rx.try_recv()
        {
            let result = save_png(&img, png.crop, png.pixels_per_point, &png.path);
            let path = png.path.clone();
            self.png = None;
            match result {
                Ok(()) => self.info(format!("Exported {}", path.display()), now),
                Err(e) => self.error(format!("Could not write {}: {e}", path.display()), now),
            }
        }
        let active = self.active;
        for (k, d) in self.docs.iter_mut().enumerate() {
            // Edits of the last frame (or an undo) are validated before anything runs.
            d.refresh();
            let valid = d.issues.is_empty();
            d.analysis.update(ctx, now, &d.scenario, valid, k == active);
        }
        // A screenshot of a tab with background results waits for them.
        let busy =
            self.plots.tab.shows_analysis() && self.doc().is_some_and(|d| d.analysis.is_busy());
        if let Some(job) = &mut self.screenshot
            && job.step(ctx, busy)
        {
            self.allowed_to_close = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        // A drag is one undo step: while a button is held the edit is still going on.
        if !ctx.input(|i| i.pointer.any_down()) {
            for d in &mut self.docs {
                d.feed_undo(now);
            }
        }
        let title = match self.doc() {
            Some(d) => format!(
                "{} — {}{} — Buildout",
                d.scenario.name,
                d.file_name(),
                if d.is_dirty() { " •" } else { "" }
            ),
            None => "Buildout".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn tabs_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            for (k, d) in self.docs.iter().enumerate() {
                let selected = k == self.active;
                let tab = ui.selectable_label(selected, d.tab_label()).on_hover_text(
                    d.path
                        .as_ref()
                        .map_or_else(|| "Not saved yet".to_owned(), |p| p.display().to_string()),
                );
                if tab.clicked() {
                    self.queue.push(Command::SelectTab(d.id));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", d.scenario.name))
                    .clicked()
                {
                    self.queue.push(Command::SelectTab(d.id));
                    self.queue.push(Command::CloseTab);
                }
                ui.separator();
            }
            if ui.small_button("+").on_hover_text("New scenario").clicked() {
                self.queue.push(Command::New);
            }
        });
    }

    /// The goal-seek dialog, on its document (closed with it).
    fn goal_seek_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.goal_seek else {
            return;
        };
        let closed = match self.docs.iter().find(|d| d.id == dialog.doc) {
            Some(d) => {
                let (commands, closed) = goal_seek_ui(ctx, dialog, &d.scenario, d.outcome.as_ref());
                self.queue.extend(commands);
                closed
            }
            None => true,
        };
        if closed {
            self.goal_seek = None;
        }
    }

    /// The whole window for one frame.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("menu").show(ui, |ui| {
            let (can_undo, can_redo) = self
                .doc()
                .map_or((false, false), |d| (d.can_undo(), d.can_redo()));
            let analysis_running = self.doc().is_some_and(|d| d.analysis.is_running());
            menu_bar_ui(
                ui,
                MenuState {
                    recent: &self.recent.0,
                    can_undo,
                    can_redo,
                    theme: &mut self.theme,
                    analysis_running,
                    has_document: !self.docs.is_empty(),
                },
                &mut self.queue,
            );
        });
        egui::Panel::top("tabs").show(ui, |ui| self.tabs_ui(ui));
        if !self.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| notices_ui(ui, &mut self.notices));
        }
        if let Some(doc) = self.doc().filter(|d| d.disk_change.is_some()) {
            let mut choice = None;
            egui::Panel::top("disk-change").show(ui, |ui| choice = disk_banner_ui(ui, doc));
            if let Some(c) = choice {
                self.disk_choice(c, ctx.input(|i| i.time));
            }
        }
        if let Some(doc) = self.docs.get_mut(self.active) {
            egui::Panel::left("editor")
                .resizable(true)
                .default_size(400.0)
                .min_size(280.0)
                .show(ui, |ui| {
                    editor_ui(ui, &mut doc.editor, &mut doc.scenario, &doc.issues);
                });
            // Edits made above show in the KPIs and plots of this same frame.
            doc.refresh();
        }
        if let Some(doc) = self.docs.get(self.active) {
            let stale = doc.is_stale();
            let open: Vec<OpenDoc<'_>> = self
                .docs
                .iter()
                .map(|d| OpenDoc {
                    id: d.id,
                    name: d.scenario.name.clone(),
                    scenario: &d.scenario,
                    outcome: d.outcome.as_ref(),
                })
                .collect();
            let analysis = AnalysisView {
                runs: Some(&doc.analysis),
                docs: &open,
            };
            let (plots, queue, plot_rect) = (&mut self.plots, &mut self.queue, &mut self.plot_rect);
            egui::CentralPanel::default_margins().show(ui, |ui| match &doc.outcome {
                Some(outcome) => {
                    kpi_strip_ui(ui, &doc.scenario, outcome, stale);
                    if stale {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!(
                                "Showing the last valid result: fix {} invalid value{} in the editor",
                                doc.issues.len(),
                                if doc.issues.len() == 1 { "" } else { "s" }
                            ),
                        );
                    }
                    ui.separator();
                    *plot_rect =
                        plots_ui(ui, plots, &doc.scenario, outcome, stale, &analysis, queue);
                }
                None => {
                    ui.heading("No result yet");
                    ui.label("The scenario has invalid values; fix them in the editor to simulate it.");
                }
            });
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(80.0);
                    ui.heading("No scenario open");
                    if ui.button("New scenario").clicked() {
                        self.queue.push(Command::New);
                    }
                    if ui.button("Open…").clicked() {
                        self.queue.push(Command::Open);
                    }
                    ui.label("…or drop a .ron file here.");
                });
            });
        }

        self.goal_seek_ui(&ctx);
        if let Some(guard) = self.guard.clone() {
            let names: Vec<String> = self
                .docs
                .iter()
                .filter(|d| d.is_dirty() && (guard == Guard::Window || guard == Guard::Tab(d.id)))
                .map(|d| d.scenario.name.clone())
                .collect();
            if let Some(choice) = guard_ui(&ctx, &guard, &names) {
                self.guard_choice(choice);
            }
        }
        if let Some(prompt) = &mut self.prompt {
            let (cmd, closed) = path_prompt_ui(&ctx, prompt);
            if let Some(cmd) = cmd {
                self.queue.push(cmd);
            }
            if closed {
                self.prompt = None;
            }
        }
        self.safety_ui(&ctx);
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            drop_overlay(&ctx);
        }
        self.run_queue(&ctx);
    }
}

fn drop_overlay(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop a .ron scenario to open it",
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}

/// A file-name-safe version of a scenario name.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "scenario".to_owned()
    } else {
        s
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
