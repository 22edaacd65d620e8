//! Native file dialogs that never block the window, and the recent-files list.
//!
//! A dialog runs on its own thread and sends its answer over a channel; the app polls it every
//! frame. When no dialog can be shown (no desktop portal and no zenity), rfd answers `None`
//! within milliseconds; the app then offers a plain path field instead.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    ExportCsv,
    ExportReport,
    ExportPlotPng,
    ExportWindowPng,
}

impl Purpose {
    pub fn title(self) -> &'static str {
        match self {
            Self::Open => "Open scenario",
            Self::SaveAs => "Save scenario as",
            Self::ExportCsv => "Export CSV",
            Self::ExportReport => "Export report",
            Self::ExportPlotPng => "Export plot as PNG",
            Self::ExportWindowPng => "Export window as PNG",
        }
    }

    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::Open | Self::SaveAs => ("Buildout scenario", &["ron"]),
            Self::ExportCsv => ("CSV", &["csv"]),
            Self::ExportReport => ("HTML report", &["html"]),
            Self::ExportPlotPng | Self::ExportWindowPng => ("PNG image", &["png"]),
        }
    }

    /// The extension a chosen path gets when it has none.
    pub fn extension(self) -> &'static str {
        self.filter().1[0]
    }

    fn is_save(self) -> bool {
        self != Self::Open
    }
}

/// The answer of a dialog.
#[derive(Debug, PartialEq)]
pub enum Answer {
    Chosen(Purpose, PathBuf),
    Cancelled,
    /// No dialog could be shown: ask for a path by hand.
    Unavailable(Purpose),
}

/// The dialog in flight, if any (one at a time, like a native app).
#[derive(Default)]
pub struct FileDialogs {
    pending: Option<Pending>,
}

struct Pending {
    purpose: Purpose,
    started: Instant,
    rx: Receiver<Option<PathBuf>>,
}

/// An answer faster than this, with nothing chosen, means no dialog was shown.
const TOO_FAST: Duration = Duration::from_millis(150);

impl FileDialogs {
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts a dialog on a background thread. `suggested` names the file for save dialogs.
    pub fn request(
        &mut self,
        ctx: &egui::Context,
        purpose: Purpose,
        dir: Option<&Path>,
        suggested: &str,
    ) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let (name, exts) = purpose.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title(purpose.title())
            .add_filter(name, exts);
        if let Some(dir) = dir {
            dialog = dialog.set_directory(dir);
        }
        if purpose.is_save() {
            dialog = dialog.set_file_name(suggested);
        }
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let picked = if purpose.is_save() {
                    dialog.save_file()
                } else {
                    dialog.pick_file()
                };
                // The app may have gone; nothing to do then.
                let _ = tx.send(picked);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.pending = Some(Pending {
                purpose,
                started: Instant::now(),
                rx,
            });
        }
    }

    /// The dialog's answer once it has one.
    pub fn poll(&mut self) -> Option<Answer> {
        let p = self.pending.as_ref()?;
        let answer = match p.rx.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(Some(path)) => {
                Answer::Chosen(p.purpose, with_extension(path, p.purpose.extension()))
            }
            Ok(None) if p.started.elapsed() < TOO_FAST && !dialog_tool_present() => {
                Answer::Unavailable(p.purpose)
            }
            Ok(None) => Answer::Cancelled,
            Err(TryRecvError::Disconnected) => Answer::Unavailable(p.purpose),
        };
        self.pending = None;
        Some(answer)
    }
}

/// Ends dialog programs (zenity) that this process started and that are still open — called
/// when the app exits, so that no dialog is left orphaned on the desktop. Linux only; a no-op
/// where /proc is not available.
pub fn close_dialog_children() {
    let me = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so split at ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head.split_once('(').map_or("", |(_, c)| c);
        let ppid = rest.split_whitespace().nth(1).unwrap_or("");
        if ppid == me && comm == "zenity" {
            let _ = std::process::Command::new("kill").arg(&pid).status();
        }
    }
}

/// Whether a desktop portal or zenity could have shown a dialog.
fn dialog_tool_present() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        })
}

/// Adds `ext` when the path has no extension (save dialogs do not always).
pub fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(ext)
    }
}

/// Most recently used files first, without duplicates, at most [`Recent::MAX`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Recent(pub Vec<PathBuf>);

impl Recent {
    pub const MAX: usize = 10;

    pub fn add(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.0.retain(|p| p != &path);
        self.0.insert(0, path);
        self.0.truncate(Self::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_keeps_the_latest_first_without_duplicates() {
        let mut r = Recent::default();
        for i in 0..12 {
            r.add(Path::new(&format!("plans/none-{i}.ron")));
        }
        r.add(Path::new("plans/none-5.ron"));
        assert_eq!(r.0.len(), Recent::MAX);
        assert_eq!(r.0[0], PathBuf::from("plans/none-5.ron"));
        assert_eq!(r.0.iter().filter(|p| p.ends_with("none-5.ron")).count(), 1);
    }

    /// A stand-in "zenity" (a copy of `sleep`) started by this process is ended; another
    /// program is left alone.
    #[test]
    fn dialogs_left_open_are_closed_on_exit() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("zenity");
        std::fs::copy("/bin/sleep", &fake).unwrap();
        let mut dialog = std::process::Command::new(&fake).arg("30").spawn().unwrap();
        let mut other = std::process::Command::new("/bin/sleep")
            .arg("30")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        close_dialog_children();
        let status = dialog.wait().unwrap();
        assert!(!status.success(), "the dialog was ended");
        assert!(
            other.try_wait().unwrap().is_none(),
            "other children live on"
        );
        other.kill().unwrap();
        other.wait().unwrap();
    }

    #[test]
    fn save_paths_get_an_extension() {
        assert_eq!(
            with_extension("a/plan".into(), "ron"),
            PathBuf::from("a/plan.ron")
        );
        assert_eq!(
            with_extension("a/plan.txt".into(), "ron"),
            PathBuf::from("a/plan.txt")
        );
    }
}
