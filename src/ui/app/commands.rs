//! Running the command queue: every [`Command`] the menus, shortcuts and buttons emit.

use super::*;

impl BuildoutApp {
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
            Command::ExportReport => self.ask_path(ctx, Purpose::ExportReport),
            Command::ExportReportTo(path) => self.export_report(ctx, path, now),
            Command::ExportPlotPng => self.ask_path(ctx, Purpose::ExportPlotPng),
            Command::ExportWindowPng => self.ask_path(ctx, Purpose::ExportWindowPng),
            Command::ExportPngTo {
                path,
                whole_window: true,
            } => self.png = Some(request_png(ctx, path, None)),
            // The next frame draws the plot with its caption, then takes the screenshot.
            Command::ExportPngTo {
                path,
                whole_window: false,
            } => {
                self.png_caption = Some(PngCaption {
                    path,
                    date: io::today_utc(),
                });
                ctx.request_repaint();
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
                    .is_some_and(|d| set_number(&mut d.scenario, &path, value));
                if !found {
                    self.error(format!("{path} names no number of the scenario"), now);
                }
            }
            Command::ShowPlotTab(tab) => self.plots.tab = tab,
            Command::ShowPeriod { tab, year, about } => {
                self.plots.tab = tab;
                self.plots.focus = self.doc().map(|d| Focus {
                    doc: d.id,
                    year,
                    about,
                });
            }
            Command::Help(page) => self.help = Some(page),
            Command::WidenBounds(path) => {
                if let Some(d) = self.doc_mut() {
                    let x = crate::model::param_value(&d.scenario, &path);
                    for driver in d.scenario.uncertainty.iter_mut().filter(|v| v.path == path) {
                        if let Some(x) = x {
                            driver.distribution = driver.distribution.widened_to(x);
                        }
                    }
                }
            }
        }
    }

    pub(in crate::ui) fn guard_choice(&mut self, choice: GuardChoice) {
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
}
