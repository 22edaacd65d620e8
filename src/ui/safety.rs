//! The window's side of keeping the planner's work: the answers to the restore question
//! ([`super::recovery`]), to the changed-on-disk banner and to the overwrite question
//! ([`super::watch`]). An `impl` of the app kept apart from `app.rs`.

use super::app::BuildoutApp;
use super::document::Document;
use super::recovery::{RestoreChoice, restore_ui};
use super::watch::{DiskChoice, overwrite_ui};
use crate::io::{self, FileStamp};

impl BuildoutApp {
    /// The answer to the changed-on-disk banner of the active document.
    pub(super) fn disk_choice(&mut self, choice: DiskChoice, now: f64) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        match (choice, doc.path.clone()) {
            (DiskChoice::Reload, Some(path)) => match io::load_file(&path) {
                Ok(loaded) => doc.reload(loaded.scenario, loaded.stamp, loaded.text),
                Err(e) => {
                    self.error(format!("Could not reload; your version is kept. {e}"), now);
                }
            },
            // Keep mine: the document still knows the old file, so saving will ask first.
            _ => doc.disk_change = None,
        }
    }

    /// Opens the documents of the crash recovery offer as unsaved tabs.
    fn restore(&mut self, now: f64) {
        let first = self.docs.len();
        let recovered: Vec<_> = self
            .recovery
            .offer
            .iter()
            .flat_map(|o| &o.docs)
            .cloned()
            .collect();
        for r in recovered {
            let Ok(scenario) = r.scenario.clone() else {
                continue;
            };
            let current = r.original.as_deref().and_then(|p| io::load_file(p).ok());
            // What the document knew of its file before the crash, so that a change made since
            // shows as changed on disk.
            let knew = r.on_disk.map(|(len, hash)| FileStamp {
                modified: None,
                len,
                hash,
            });
            let disk = knew.or(current.as_ref().map(|l| l.stamp));
            let (saved, source) = current.map(|l| (l.scenario, l.text)).unzip();
            let mut doc =
                Document::recovered(self.next_id, scenario, r.original.clone(), saved, disk);
            // A save patches the file as it is now.
            doc.source = source;
            self.docs.push(doc);
            self.next_id += 1;
        }
        let restored: Vec<&Document> = self.docs[first..].iter().collect();
        let kept = self.recovery.adopt(&restored);
        if self.docs.len() > first {
            self.active = first;
        }
        for dir in kept {
            self.error(
                format!(
                    "Some recovery copies could not be read; they are left in {}",
                    dir.display()
                ),
                now,
            );
        }
    }

    /// Crash recovery, files changed on disk, and the questions about them.
    pub(super) fn safety_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if !self.recovery.offer.is_empty()
            && let Some(choice) = restore_ui(ctx, &self.recovery.offer)
        {
            match choice {
                RestoreChoice::Restore => self.restore(now),
                RestoreChoice::Discard => {
                    for dir in self.recovery.discard_offer() {
                        self.error(
                            format!("Unreadable recovery copies are left in {}", dir.display()),
                            now,
                        );
                    }
                }
                RestoreChoice::Later => self.recovery.offer.clear(),
            }
        }
        if let Some(path) = self.overwrite.clone() {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            match overwrite_ui(ctx, &name) {
                Some(true) => {
                    self.overwrite = None;
                    self.write_to(path, now);
                }
                Some(false) => {
                    self.overwrite = None;
                    self.after_save = None;
                }
                None => {}
            }
        }
    }
}
