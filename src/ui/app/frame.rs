//! One frame: the work done every frame (also when the window is hidden) and the layout.

use super::*;

impl BuildoutApp {
    /// Work that happens every frame, also when the window is hidden behind a dialog.
    pub(in crate::ui) fn frame_logic(&mut self, ctx: &egui::Context) {
        if self.workers.is_none() {
            self.workers = Some(Workers::of(ctx));
        }
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
        self.poll_report(now);
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
            d.take_plan();
        }
        // A screenshot of a tab with background results waits for them; every tab waits for
        // the optimum, which the KPI strip shows.
        let busy = self.doc().is_some_and(|d| {
            (self.plots.tab.shows_analysis() && d.analysis.is_busy())
                || d.analysis.optimum.is_running()
                || (d.analysis.is_runnable() && !d.analysis.optimum.is_fresh())
        });
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

    pub(in crate::ui) fn tabs_ui(&mut self, ui: &mut Ui) {
        let labels = tab_labels(&self.docs);
        ui.horizontal_wrapped(|ui| {
            for (k, (d, label)) in self.docs.iter().zip(labels).enumerate() {
                let selected = k == self.active;
                let tab = ui.selectable_label(selected, label).on_hover_text(
                    d.path
                        .as_ref()
                        .map_or_else(|| "Not saved yet".to_owned(), |p| p.display().to_string()),
                );
                if tab.clicked() {
                    self.queue.push(Command::SelectTab(d.id));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Close {}", d.guard_name()))
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
    pub(in crate::ui) fn goal_seek_ui(&mut self, ctx: &egui::Context) {
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
            let doc = self.docs.get(self.active);
            let edit_names = || doc.map_or((None, None), |d| (d.undo_name(), d.redo_name()));
            menu_bar_ui(
                ui,
                MenuState {
                    recent: &self.recent.0,
                    can_undo,
                    can_redo,
                    theme: &mut self.theme,
                    analysis_running,
                    has_document: !self.docs.is_empty(),
                    edit_names: &edit_names,
                },
                &mut self.queue,
            );
        });
        egui::Panel::top("tabs").show(ui, |ui| self.tabs_ui(ui));
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
                    doc.editor.plan_ready = doc.issues.is_empty()
                        && doc.analysis.optimum.is_fresh()
                        && doc.analysis.optimum.result().is_some();
                    editor_ui(ui, &mut doc.editor, &mut doc.scenario, &doc.issues);
                });
            if std::mem::take(&mut doc.editor.apply_plan)
                && let Some(o) = doc.analysis.optimum.result()
                && doc.analysis.optimum.is_fresh()
            {
                doc.editor.keep_allocation(&doc.scenario.allocation);
                doc.scenario = o.plan.apply(&doc.scenario);
            }
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
            // A year marked for another document's warning does not carry over to this one.
            if plots.focus.as_ref().is_some_and(|f| f.doc != doc.id) {
                plots.focus = None;
            }
            let (caption_for, png) = (&mut self.png_caption, &mut self.png);
            egui::CentralPanel::default_margins().show(ui, |ui| match &doc.outcome {
                Some(outcome) => {
                    kpi_strip_ui(
                        ui,
                        &doc.scenario,
                        outcome,
                        stale,
                        (doc.known_caps.as_ref(), Some(&doc.analysis.optimum)),
                        queue,
                    );
                    if let Some(m) = doc.plan_state().message() {
                        ui.colored_label(ui.visuals().warn_fg_color, m);
                    }
                    if !doc.issues.is_empty() {
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
                    // A plot being exported carries its title, the scenario and the date.
                    let caption = caption_for.as_ref().map(|c| {
                        ui.label(
                            egui::RichText::new(format!(
                                "{} — {} — {}",
                                plots.tab.label(),
                                doc.scenario.name,
                                c.date
                            ))
                            .strong(),
                        )
                        .rect
                    });
                    *plot_rect =
                        plots_ui(ui, plots, &doc.scenario, outcome, stale, &analysis, queue);
                    if let (Some(c), Some(title)) = (caption_for.take(), caption) {
                        let crop = plot_rect.map_or(title, |r| r.union(title));
                        *png = Some(request_png(ui.ctx(), c.path, Some(crop)));
                    }
                }
                None => {
                    if let Some(c) = caption_for.take() {
                        *png = Some(request_png(ui.ctx(), c.path, None));
                    }
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
        super::super::help::help_ui(&ctx, &mut self.help);
        if let Some(guard) = self.guard.clone() {
            let names: Vec<String> = self
                .docs
                .iter()
                .filter(|d| d.is_dirty() && (guard == Guard::Window || guard == Guard::Tab(d.id)))
                .map(Document::guard_name)
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
        notices_ui(&ctx, &mut self.notices);
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
