//! Files from the app's side: opening, saving (with its questions), exporting, and the
//! dialog defaults.

use super::*;
use crate::ui::analysis::job::Workers;

impl BuildoutApp {
    pub(in crate::ui) fn open_path(&mut self, path: &Path, now: f64) {
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
                self.docs[self.active].source = Some(loaded.text);
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
    pub(in crate::ui) fn save_to(&mut self, path: PathBuf, now: f64) {
        if self
            .doc()
            .is_some_and(|d| would_overwrite_a_change(d, &path))
        {
            self.overwrite = Some(path);
            return;
        }
        self.write_to(path, now);
    }

    /// Saves the active document to `path` without asking, patching the text it was loaded
    /// from so that comments and layout stay (see [`io::patch`]). A failed save changes
    /// nothing: the file on disk stays as it was and the edits stay, unsaved.
    pub(in crate::ui) fn write_to(&mut self, path: PathBuf, now: f64) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        match io::save_over(&path, &doc.scenario, doc.source.as_deref()) {
            Ok(saved) => {
                let rewritten = saved.written == io::Written::Rewritten;
                doc.mark_saved(path.clone(), Some(saved.stamp), saved.text);
                self.recent.add(&path);
                self.info(format!("Saved {}", path.display()), now);
                if rewritten {
                    self.error(
                        format!(
                            "Saved {}, but written afresh: its layout could not be followed, so \
                             its comments are only in the previous version, {}",
                            path.display(),
                            io::backup_path(&path).display()
                        ),
                        now,
                    );
                }
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

    pub(in crate::ui) fn dialog_dir(&self) -> Option<PathBuf> {
        self.doc()
            .and_then(|d| d.path.as_deref())
            .or_else(|| self.recent.0.first().map(PathBuf::as_path))
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    pub(in crate::ui) fn suggested_name(&self, ext: &str) -> String {
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

    pub(in crate::ui) fn ask_path(&mut self, ctx: &egui::Context, purpose: Purpose) {
        let dir = self.dialog_dir();
        let name = self.suggested_name(purpose.extension());
        self.dialogs.request(ctx, purpose, dir.as_deref(), &name);
    }

    pub(in crate::ui) fn export_csv(&mut self, path: &Path, now: f64) {
        let Some(doc) = self.doc().filter(|d| d.outcome.is_some()) else {
            self.error("Nothing to export: the scenario has never been valid.", now);
            return;
        };
        let Some(outcome) = doc.outcome.as_ref() else {
            return;
        };
        // The optimal plan's marginal values, when it is solved for the scenario shown.
        let optimum = &doc.analysis.optimum;
        let extra = optimum
            .result()
            .filter(|_| optimum.is_fresh() && !doc.is_stale())
            .map(|o| o.plan.csv_columns(&doc.scenario))
            .unwrap_or_default();
        match io::write_csv_file(outcome, &extra, path) {
            Ok(()) => self.info(format!("Exported {}", path.display()), now),
            Err(e) => self.error(format!("Could not write {}: {e}", path.display()), now),
        }
    }
}

impl BuildoutApp {
    /// Starts writing the active scenario's report to `path` on a worker thread (Monte Carlo
    /// and the optimal plan take seconds); [`Self::poll_report`] says when it is written.
    pub(in crate::ui) fn export_report(&mut self, ctx: &egui::Context, path: PathBuf, now: f64) {
        if self.report.is_some() {
            self.error("A report is being written: wait for it to finish.", now);
            return;
        }
        let Some(doc) = self.doc() else {
            return;
        };
        if !doc.issues.is_empty() {
            self.error(
                "The scenario has invalid values: fix them in the editor before exporting a report.",
                now,
            );
            return;
        }
        let scenario = doc.scenario.clone();
        let text = doc.source.clone();
        let name = doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let (tx, rx) = channel();
        let target = path.clone();
        let repaint = ctx.clone();
        let running = Workers::of(ctx).track();
        let spawned = std::thread::Builder::new()
            .name("report".to_owned())
            .spawn(move || {
                let _running = running;
                let mut input = ReportInput::new(&scenario, io::today_utc());
                input.file_text = text.as_deref();
                input.file_name = name.as_deref();
                let _ = tx.send(io::write_report(&target, &input));
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.report = Some(ReportJob { path, rx });
                self.info(
                    "Writing the report (Monte Carlo and the optimal plan)…",
                    now,
                );
            }
            Err(e) => self.error(format!("Could not start writing the report: {e}"), now),
        }
    }

    /// Takes in a finished report: says where it was written, or why not.
    pub(in crate::ui) fn poll_report(&mut self, now: f64) {
        let Some(job) = &self.report else {
            return;
        };
        let result = match job.rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(std::io::Error::other("the report stopped unexpectedly"))
            }
        };
        let path = job.path.clone();
        self.report = None;
        match result {
            Ok(()) => self.info(format!("Exported the report {}", path.display()), now),
            Err(e) => self.error(format!("Could not write {}: {e}", path.display()), now),
        }
    }
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
