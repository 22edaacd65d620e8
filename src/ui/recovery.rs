//! Crash recovery in the window: which documents need a recovery copy and when, and the
//! question at start-up after a crash. The files and the writer thread are
//! [`crate::io::recovery`].
//!
//! A document with unsaved edits is written [`QUIET_SECONDS`] after its last change (and at
//! least every [`MAX_WAIT_SECONDS`] while it keeps changing), off the UI thread; its copy is
//! removed once it is saved, or closed without saving. The folder is
//! `$BUILDOUT_RECOVERY_DIR`, else `recovery/` in eframe's storage folder
//! (`$XDG_DATA_HOME/buildout/recovery` on Linux).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use egui::{Id, Modal, RichText};

use super::document::Document;
use crate::io::recovery::{Orphan, Recovered, Writer, find_orphans};
use crate::model::Scenario;

/// Seconds of quiet after the last edit before a recovery copy is written.
pub const QUIET_SECONDS: f64 = 3.0;
/// Longest a changing document goes without a fresh recovery copy.
pub const MAX_WAIT_SECONDS: f64 = 10.0;
/// Environment variable naming the recovery folder (for tests and portable setups).
pub const DIR_VAR: &str = "BUILDOUT_RECOVERY_DIR";

/// The recovery folder: `$BUILDOUT_RECOVERY_DIR`, else eframe's storage folder + `recovery`.
pub fn default_dir() -> Option<PathBuf> {
    std::env::var_os(DIR_VAR)
        .map(PathBuf::from)
        .or_else(|| eframe::storage_dir("Buildout").map(|d| d.join("recovery")))
}

/// Per document: what it was when last looked at, and what its recovery copy holds.
struct Track {
    seen: Scenario,
    /// `egui` time of the last change seen.
    changed_at: f64,
    /// Since when the document has edits not yet in its recovery copy.
    pending_since: Option<f64>,
    /// What the recovery copy holds (`None`: there is none).
    written: Option<Scenario>,
}

/// Recovery copies of the open documents, and the offer to restore a crashed session's.
#[derive(Default)]
pub struct Recovery {
    writer: Option<Writer>,
    tracks: HashMap<u64, Track>,
    /// Sessions found at start-up, waiting for the person's answer.
    pub offer: Vec<Orphan>,
    /// Recovery copies written so far (for the headless test mode and tests).
    pub writes: usize,
}

/// The answer to the restore question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreChoice {
    Restore,
    Discard,
    /// Keep the files and ask again next time.
    Later,
}

impl Recovery {
    /// Starts recovery in `root`: a session of our own, and the sessions of Buildouts that are
    /// gone, to offer. Returns why recovery is off, if it could not start.
    pub fn start(root: &std::path::Path) -> Result<Self, String> {
        let writer = Writer::start(root).map_err(|e| {
            format!(
                "Crash recovery is off: cannot use {}: {e}. Save often.",
                root.display()
            )
        })?;
        Ok(Self {
            offer: find_orphans(root),
            writer: Some(writer),
            ..Self::default()
        })
    }

    pub fn is_on(&self) -> bool {
        self.writer.is_some()
    }

    /// This session's recovery folder.
    pub fn session_dir(&self) -> Option<&std::path::Path> {
        self.writer.as_ref().map(Writer::dir)
    }

    /// Waits until every recovery write queued so far is on disk (tests).
    pub fn flush(&self) {
        if let Some(w) = &self.writer {
            w.flush();
        }
    }

    /// Once per frame: queue recovery writes and removals. Returns a write error to show.
    pub fn tick(&mut self, ctx: &egui::Context, docs: &[Document]) -> Option<String> {
        let writer = self.writer.as_ref()?;
        let now = ctx.input(|i| i.time);
        for d in docs {
            let t = self.tracks.entry(d.id).or_insert_with(|| Track {
                seen: d.scenario.clone(),
                changed_at: now,
                pending_since: None,
                written: None,
            });
            if t.seen != d.scenario {
                t.seen = d.scenario.clone();
                t.changed_at = now;
            }
            if !d.is_dirty() {
                t.pending_since = None;
                if t.written.take().is_some() {
                    writer.remove(d.id);
                }
                continue;
            }
            if t.written.as_ref() == Some(&d.scenario) {
                t.pending_since = None;
                continue;
            }
            let since = *t.pending_since.get_or_insert(t.changed_at);
            let due = (t.changed_at + QUIET_SECONDS).min(since + MAX_WAIT_SECONDS);
            if now >= due {
                writer.write(d.id, d.scenario.clone(), d.path.clone(), d.disk);
                t.written = Some(d.scenario.clone());
                t.pending_since = None;
                self.writes += 1;
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(due - now));
            }
        }
        // Closed documents: their copies go (closing is an answer: saved or discarded).
        self.tracks.retain(|id, t| {
            let open = docs.iter().any(|d| d.id == *id);
            if !open && t.written.is_some() {
                writer.remove(*id);
            }
            open
        });
        writer.take_error()
    }

    /// After restoring: copies of the restored documents at once, then the old session goes
    /// (see [`Recovery::discard_offer`]).
    pub fn adopt(&mut self, restored: &[&Document]) -> Vec<PathBuf> {
        if let Some(writer) = &self.writer {
            for d in restored {
                writer.write(d.id, d.scenario.clone(), d.path.clone(), d.disk);
                self.tracks.insert(
                    d.id,
                    Track {
                        seen: d.scenario.clone(),
                        changed_at: f64::NEG_INFINITY,
                        pending_since: None,
                        written: Some(d.scenario.clone()),
                    },
                );
            }
        }
        self.discard_offer()
    }

    /// Deletes the offered sessions' files (after any writes already queued) — except those
    /// with a copy that could not be read, which stay for the person to look at; returns their
    /// folders.
    pub fn discard_offer(&mut self) -> Vec<PathBuf> {
        let mut kept = Vec::new();
        let offer = std::mem::take(&mut self.offer);
        if let Some(writer) = &self.writer {
            for o in offer {
                if o.docs.iter().all(|r| r.scenario.is_ok()) {
                    writer.drop_orphan(o);
                } else {
                    kept.push(o.dir.clone());
                }
            }
        }
        kept
    }
}

/// How long ago, in words.
fn ago(t: SystemTime) -> String {
    let secs = SystemTime::now()
        .duration_since(t)
        .map_or(0, |d| d.as_secs());
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86_400 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

fn describe(r: &Recovered) -> (String, String) {
    let name = match &r.scenario {
        Ok(s) => s.name.clone(),
        Err(_) => "(unreadable)".to_owned(),
    };
    let file = r
        .original
        .as_ref()
        .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
    (name, file)
}

/// Asks whether to restore the offered documents. Returns the answer once given.
pub fn restore_ui(ctx: &egui::Context, offer: &[Orphan]) -> Option<RestoreChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::unique("restore-unsaved-work")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("Restore unsaved work?");
        ui.label(
            "Buildout did not close normally last time. It kept copies of the changes you had \
             not saved:",
        );
        ui.add_space(4.0);
        egui::Grid::new("recovered-docs")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                ui.label(RichText::new("Scenario").strong());
                ui.label(RichText::new("File").strong());
                ui.label(RichText::new("Copied").strong());
                ui.end_row();
                for r in offer.iter().flat_map(|o| &o.docs) {
                    let (name, file) = describe(r);
                    ui.label(name);
                    ui.label(file);
                    ui.label(ago(r.written));
                    ui.end_row();
                }
            });
        ui.add_space(4.0);
        ui.label(
            RichText::new(
                "Restored scenarios open as unsaved tabs; your files are not changed until you \
                 save. Discard deletes the copies.",
            )
            .weak(),
        );
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                choice = Some(RestoreChoice::Restore);
            }
            if ui.button("Discard").clicked() {
                choice = Some(RestoreChoice::Discard);
            }
            if ui.button("Decide later").clicked() {
                choice = Some(RestoreChoice::Later);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(RestoreChoice::Later);
    }
    choice
}
