//! Files changed behind the window's back.
//!
//! A thread looks at each open document's file every [`POLL`] (and at once when the window
//! regains focus): modification time and size first, the content hash when they differ, so a
//! file merely touched is not "changed". A change shows a banner over the document with
//! **Reload** (their version; undo brings yours back) and **Keep mine**. Saving over a file
//! that changed since the document read or wrote it asks first — and even then their version is
//! kept as the `.bak` backup — so nobody's change is ever overwritten silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use egui::{Id, Modal, RichText, Ui};

use super::document::Document;
use crate::io::FileStamp;

/// How often files are looked at.
pub const POLL: Duration = Duration::from_secs(2);

/// A file to watch, as the document knows it.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    path: PathBuf,
    known: Option<FileStamp>,
}

enum Req {
    Watch(HashMap<u64, Entry>),
    PollNow,
    Interval(Duration),
    Repaint(egui::Context),
}

/// A file differs from what document `id` knows (`base`); `now` is `None` when it is gone.
struct Change {
    id: u64,
    base: Option<FileStamp>,
    now: Option<FileStamp>,
}

/// The watcher of the open documents' files.
pub struct DiskWatch {
    tx: Sender<Req>,
    rx: Receiver<Change>,
    sent: HashMap<u64, Entry>,
    has_ctx: bool,
}

impl Default for DiskWatch {
    fn default() -> Self {
        Self::new(POLL)
    }
}

impl DiskWatch {
    /// Starts the watcher thread, looking every `interval`. If the thread cannot start, the
    /// check before saving still protects other people's changes.
    pub fn new(interval: Duration) -> Self {
        let (tx, req_rx) = channel();
        let (change_tx, rx) = channel();
        let _ = std::thread::Builder::new()
            .name("buildout-watch".into())
            .spawn(move || watch_loop(&req_rx, &change_tx, interval));
        Self {
            tx,
            rx,
            sent: HashMap::new(),
            has_ctx: false,
        }
    }

    /// Looks at the files now (instead of at the next interval).
    pub fn poll_now(&self) {
        let _ = self.tx.send(Req::PollNow);
    }

    pub fn set_interval(&self, interval: Duration) {
        let _ = self.tx.send(Req::Interval(interval));
    }

    /// Once per frame: tell the thread what to watch, and mark documents whose file changed.
    pub fn tick(&mut self, ctx: &egui::Context, docs: &mut [Document]) {
        if !self.has_ctx {
            let _ = self.tx.send(Req::Repaint(ctx.clone()));
            self.has_ctx = true;
        }
        let want: HashMap<u64, Entry> = docs
            .iter()
            .filter_map(|d| {
                let path = d.path.clone()?;
                Some((
                    d.id,
                    Entry {
                        path,
                        known: d.disk,
                    },
                ))
            })
            .collect();
        if want != self.sent {
            let _ = self.tx.send(Req::Watch(want.clone()));
            self.sent = want;
        }
        if ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        }) {
            self.poll_now();
        }
        for c in self.rx.try_iter() {
            // Stale when the document saved or reloaded since the thread looked.
            if let Some(d) = docs.iter_mut().find(|d| d.id == c.id && d.disk == c.base) {
                d.disk_change = Some(c.now);
            }
        }
    }
}

fn watch_loop(rx: &Receiver<Req>, changes: &Sender<Change>, mut interval: Duration) {
    let mut entries: HashMap<u64, Entry> = HashMap::new();
    // What was last reported per document (so a change is reported once).
    let mut reported: HashMap<u64, Option<FileStamp>> = HashMap::new();
    let mut ctx: Option<egui::Context> = None;
    loop {
        match rx.recv_timeout(interval) {
            Ok(Req::Watch(e)) => {
                reported.retain(|id, _| e.get(id) == entries.get(id));
                entries = e;
                continue;
            }
            Ok(Req::Interval(i)) => {
                interval = i;
                continue;
            }
            Ok(Req::Repaint(c)) => {
                ctx = Some(c);
                continue;
            }
            Ok(Req::PollNow) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let mut any = false;
        for (&id, e) in &entries {
            let last = reported.get(&id).copied().flatten().or(e.known);
            let Some(now) = look(&e.path, last.as_ref()) else {
                continue; // unchanged by time and size, or unreadable for now
            };
            let differs = |a: &Option<FileStamp>, b: &Option<FileStamp>| match (a, b) {
                (Some(a), Some(b)) => !a.same_content(b),
                (None, None) => false,
                _ => true,
            };
            if !differs(&e.known, &now) {
                reported.remove(&id);
                continue;
            }
            if reported.get(&id).is_some_and(|r| !differs(r, &now)) {
                continue;
            }
            reported.insert(id, now);
            any = true;
            let _ = changes.send(Change {
                id,
                base: e.known,
                now,
            });
        }
        if any && let Some(c) = &ctx {
            c.request_repaint();
        }
    }
}

/// The file's stamp now, or `None` (outer) when time and size say it is as `last`, or it cannot
/// be read at the moment. `Some(None)`: the file is gone.
#[allow(clippy::option_option)]
fn look(path: &Path, last: Option<&FileStamp>) -> Option<Option<FileStamp>> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(None),
        Err(_) => None,
        Ok(meta) if last.is_some_and(|l| !l.looks_changed(&meta)) => None,
        Ok(meta) => {
            let bytes = std::fs::read(path).ok()?;
            Some(Some(FileStamp::of(&meta, &bytes)))
        }
    }
}

/// Whether saving `doc` to `path` would overwrite a change someone else made to that file
/// since the document read or wrote it.
pub fn would_overwrite_a_change(doc: &Document, path: &Path) -> bool {
    let same = |a: &Path, b: &Path| {
        a == b
            || std::fs::canonicalize(a)
                .ok()
                .is_some_and(|a| std::fs::canonicalize(b).ok() == Some(a))
    };
    if !doc.path.as_deref().is_some_and(|p| same(p, path)) {
        return false; // Save as: the file dialog asked about replacing it
    }
    match FileStamp::read(path) {
        Ok(Some(now)) => doc.disk.is_none_or(|known| !known.same_content(&now)),
        // Gone (nothing to overwrite) or unreadable (the save will say why).
        Ok(None) | Err(_) => false,
    }
}

/// The answer to the changed-on-disk banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskChoice {
    Reload,
    KeepMine,
}

/// The banner over a document whose file changed on disk.
pub fn disk_banner_ui(ui: &mut Ui, doc: &Document) -> Option<DiskChoice> {
    let change = doc.disk_change?;
    let mut choice = None;
    let color = ui.visuals().warn_fg_color;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("⚠").color(color));
        match change {
            Some(_) => {
                ui.label(
                    RichText::new(format!(
                        "{} was changed on disk by another program.",
                        doc.file_name()
                    ))
                    .color(color),
                );
                if ui
                    .button("Reload")
                    .on_hover_text("Open the version on disk; Undo brings yours back")
                    .clicked()
                {
                    choice = Some(DiskChoice::Reload);
                }
                if ui
                    .button("Keep mine")
                    .on_hover_text("Keep your version; saving will ask before replacing theirs")
                    .clicked()
                {
                    choice = Some(DiskChoice::KeepMine);
                }
            }
            None => {
                ui.label(
                    RichText::new(format!(
                        "{} was deleted or moved on disk. Saving will write it again.",
                        doc.file_name()
                    ))
                    .color(color),
                );
                if ui.button("Keep mine").clicked() {
                    choice = Some(DiskChoice::KeepMine);
                }
            }
        }
    });
    choice
}

/// Asks before saving over a file that someone else changed. `Some(true)`: overwrite.
pub fn overwrite_ui(ctx: &egui::Context, file_name: &str) -> Option<bool> {
    let mut answer = None;
    let modal = Modal::new(Id::unique("overwrite-changed-file")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("The file changed on disk");
        ui.label(format!(
            "{file_name} was changed by another program since you opened or saved it. Replace \
             it with your version?"
        ));
        ui.label(
            RichText::new(format!(
                "Their version will be kept as {file_name}.bak. To compare first, cancel and \
                 use Save as."
            ))
            .weak(),
        );
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Overwrite").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(false);
    }
    answer
}
