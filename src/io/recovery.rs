//! Crash recovery: unsaved edits are written to recovery files in the background, and found
//! again by the next Buildout after a crash, a kill or a power cut.
//!
//! Under the recovery folder each running Buildout has a session folder,
//! `<start time>-<pid>/`, holding a `lock` file that the session keeps locked while it runs (the
//! operating system releases the lock when the process ends, however it ends) and one
//! `doc-<id>.ron` per document with unsaved edits. A session folder whose lock is free belongs
//! to a Buildout that is gone: its files are offered for restoring. A clean exit removes its
//! own session folder.
//!
//! A recovery file is a scenario file with a header of comments, so that it can also be opened
//! by hand:
//!
//! ```text
//! // Buildout recovery file: unsaved edits, written 1764387000 (Unix time).
//! // original: "plans/plan.ron"
//! // on-disk: 31325 1234567890123456789
//! <the scenario, as pretty RON>
//! ```
//!
//! `original` is the file the document belongs to (absent for an unsaved new scenario; a path
//! that is not UTF-8 is not recorded); `on-disk` the length and hash of that file as the
//! document last knew it, to notice a change made after the crash.
//!
//! All disk work runs on one writer thread fed over a channel ([`Writer`]), so the window never
//! waits for the disk.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::stamp::FileStamp;
use super::{parse, to_ron, write_atomically};
use crate::model::Scenario;

const LOCK: &str = "lock";
const HEADER: &str = "// Buildout recovery file: unsaved edits, written ";

/// The running session's folder, locked for as long as it lives.
#[derive(Debug)]
pub struct Session {
    dir: PathBuf,
    _lock: File,
}

impl Session {
    /// Creates and locks a new session folder under `root`.
    pub fn start(root: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(root)?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = root.join(format!("{nanos}-{}", std::process::id()));
        std::fs::create_dir(&dir)?;
        let lock = File::create(dir.join(LOCK))?;
        lock.try_lock().map_err(std::io::Error::other)?;
        Ok(Self { dir, _lock: lock })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, doc: u64) -> PathBuf {
        self.dir.join(format!("doc-{doc}.ron"))
    }
}

/// One recovered document.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The recovery file.
    pub file: PathBuf,
    /// The scenario's own file, if it had one.
    pub original: Option<PathBuf>,
    /// Length and hash of the original file as the document last knew it.
    pub on_disk: Option<(u64, u64)>,
    /// When the recovery file was written.
    pub written: SystemTime,
    /// The unsaved scenario, or why the recovery file could not be read.
    pub scenario: Result<Scenario, String>,
}

impl Recovered {
    /// Whether `stamp` is the file the document last knew.
    pub fn knew(&self, stamp: &FileStamp) -> bool {
        self.on_disk == Some((stamp.len, stamp.hash))
    }
}

/// The files of a Buildout that is gone, locked by us while they are offered so that a second
/// Buildout starting at the same time does not offer them too.
#[derive(Debug)]
pub struct Orphan {
    pub dir: PathBuf,
    pub docs: Vec<Recovered>,
    _lock: Option<File>,
}

/// Session folders under `root` whose Buildout is gone and that hold recovery files, oldest
/// first. Unreadable entries are skipped; empty leftovers are removed.
pub fn find_orphans(root: &Path) -> Vec<Orphan> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let lock = match File::options().write(true).open(dir.join(LOCK)) {
            Ok(f) => match f.try_lock() {
                Ok(()) => Some(f),
                Err(_) => continue, // a running Buildout (this one included) holds it
            },
            Err(_) => None,
        };
        let docs = read_docs(&dir);
        if docs.is_empty() {
            let _ = std::fs::remove_dir_all(&dir);
            continue;
        }
        out.push(Orphan {
            dir,
            docs,
            _lock: lock,
        });
    }
    out
}

fn read_docs(dir: &Path) -> Vec<Recovered> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("doc-") && n.ends_with(".ron"))
        })
        .collect();
    files.sort();
    files.into_iter().map(|f| read_file(&f)).collect()
}

/// Reads one recovery file (never fails: a broken file says why in `scenario`).
pub fn read_file(file: &Path) -> Recovered {
    let mut r = Recovered {
        file: file.to_path_buf(),
        original: None,
        on_disk: None,
        written: SystemTime::UNIX_EPOCH,
        scenario: Err(String::new()),
    };
    let text = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            r.scenario = Err(e.to_string());
            return r;
        }
    };
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        if let Some(secs) = line.strip_prefix(HEADER) {
            let secs = secs.split_whitespace().next().unwrap_or("");
            if let Ok(s) = secs.parse::<u64>() {
                r.written = UNIX_EPOCH + Duration::from_secs(s);
            }
        } else if let Some(p) = line.strip_prefix("// original: ") {
            r.original = ron::from_str::<String>(p).ok().map(PathBuf::from);
        } else if let Some(d) = line.strip_prefix("// on-disk: ") {
            let mut parts = d.split_whitespace().map(str::parse::<u64>);
            if let (Some(Ok(len)), Some(Ok(hash))) = (parts.next(), parts.next()) {
                r.on_disk = Some((len, hash));
            }
        }
    }
    r.scenario = parse(&text, &file.display().to_string()).map_err(|e| e.to_string());
    r
}

/// The text of a recovery file.
pub fn recovery_text(
    scenario: &Scenario,
    original: Option<&Path>,
    on_disk: Option<&FileStamp>,
    written: SystemTime,
) -> String {
    let secs = written
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut out = format!("{HEADER}{secs} (Unix time).\n");
    if let Some(p) = original.and_then(Path::to_str) {
        out.push_str(&format!("// original: {p:?}\n"));
    }
    if let Some(d) = on_disk {
        out.push_str(&format!("// on-disk: {} {}\n", d.len, d.hash));
    }
    out.push_str(&to_ron(scenario));
    out
}

/// A request to the writer thread.
enum Msg {
    Write {
        doc: u64,
        scenario: Box<Scenario>,
        original: Option<PathBuf>,
        on_disk: Option<FileStamp>,
    },
    Remove(u64),
    /// Remove another session's folder (restored or discarded), releasing its lock.
    Drop(Orphan),
    Flush(Sender<()>),
}

/// The recovery writer: a thread that owns the session folder and does all recovery disk work.
/// Dropping it finishes the queued work and removes the session folder (a clean exit).
#[derive(Debug)]
pub struct Writer {
    tx: Option<Sender<Msg>>,
    errors: Receiver<String>,
    thread: Option<JoinHandle<()>>,
    dir: PathBuf,
}

impl Writer {
    /// Starts a session under `root` and its writer thread.
    pub fn start(root: &Path) -> std::io::Result<Self> {
        let session = Session::start(root)?;
        let dir = session.dir().to_path_buf();
        let (tx, rx) = channel();
        let (err_tx, errors) = channel();
        let thread = std::thread::Builder::new()
            .name("buildout-recovery".into())
            .spawn(move || writer_loop(&session, &rx, &err_tx))?;
        Ok(Self {
            tx: Some(tx),
            errors,
            thread: Some(thread),
            dir,
        })
    }

    /// This session's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn send(&self, msg: Msg) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(msg);
        }
    }

    /// Writes (or rewrites) the recovery file of document `doc`.
    pub fn write(
        &self,
        doc: u64,
        scenario: Scenario,
        original: Option<PathBuf>,
        on_disk: Option<FileStamp>,
    ) {
        self.send(Msg::Write {
            doc,
            scenario: Box::new(scenario),
            original,
            on_disk,
        });
    }

    /// Removes the recovery file of document `doc` (saved, or closed without saving).
    pub fn remove(&self, doc: u64) {
        self.send(Msg::Remove(doc));
    }

    /// Removes an orphaned session's folder, after everything queued before.
    pub fn drop_orphan(&self, orphan: Orphan) {
        self.send(Msg::Drop(orphan));
    }

    /// Waits until everything queued so far is on disk.
    pub fn flush(&self) {
        let (tx, rx) = channel();
        self.send(Msg::Flush(tx));
        let _ = rx.recv_timeout(Duration::from_secs(30));
    }

    /// A write that failed since the last call, if any (e.g. the disk is full).
    pub fn take_error(&self) -> Option<String> {
        self.errors.try_iter().last()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.tx = None; // ends the thread's loop once the queue is empty
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn writer_loop(session: &Session, rx: &Receiver<Msg>, errors: &Sender<String>) {
    for msg in rx {
        match msg {
            Msg::Write {
                doc,
                scenario,
                original,
                on_disk,
            } => {
                let text = recovery_text(
                    &scenario,
                    original.as_deref(),
                    on_disk.as_ref(),
                    SystemTime::now(),
                );
                if let Err(e) = write_atomically(&session.file(doc), text.as_bytes()) {
                    let _ = errors.send(format!(
                        "Could not write the recovery copy of “{}” to {}: {e}",
                        scenario.name,
                        session.dir().display()
                    ));
                }
            }
            Msg::Remove(doc) => {
                let _ = std::fs::remove_file(session.file(doc));
            }
            Msg::Drop(orphan) => {
                let _ = std::fs::remove_dir_all(&orphan.dir);
            }
            Msg::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
    // The window closed cleanly: nothing of this session needs recovering.
    let _ = std::fs::remove_dir_all(session.dir());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_file_reads_back_with_its_header() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Scenario::template();
        s.name = "Edited".into();
        let stamp = FileStamp {
            modified: None,
            len: 12,
            hash: 34,
        };
        let original = Path::new("/plans/a \"quoted\" plan.ron");
        let text = recovery_text(&s, Some(original), Some(&stamp), UNIX_EPOCH);
        let f = dir.path().join("doc-1.ron");
        std::fs::write(&f, text).expect("write");
        let r = read_file(&f);
        assert_eq!(r.scenario, Ok(s));
        assert_eq!(r.original.as_deref(), Some(original));
        assert!(r.knew(&stamp));
        assert_eq!(r.written, UNIX_EPOCH);
    }

    #[test]
    fn a_live_session_is_not_an_orphan_and_a_clean_exit_leaves_nothing() {
        let root = tempfile::tempdir().expect("tempdir");
        let w = Writer::start(root.path()).expect("start");
        w.write(7, Scenario::template(), None, None);
        w.flush();
        assert!(w.dir().join("doc-7.ron").exists());
        assert!(
            find_orphans(root.path()).is_empty(),
            "our own session is alive"
        );
        w.remove(7);
        w.flush();
        assert!(!w.dir().join("doc-7.ron").exists());
        drop(w);
        assert_eq!(std::fs::read_dir(root.path()).expect("list").count(), 0);
    }

    #[test]
    fn files_of_a_session_whose_lock_is_free_are_orphans() {
        let root = tempfile::tempdir().expect("tempdir");
        // A session that died: its folder with a file and an unlocked lock.
        let dead = root.path().join("1-1");
        std::fs::create_dir(&dead).expect("mkdir");
        std::fs::write(dead.join(LOCK), "").expect("lock");
        let text = recovery_text(&Scenario::template(), None, None, SystemTime::now());
        std::fs::write(dead.join("doc-3.ron"), text).expect("doc");
        // And an empty leftover, which is cleaned up.
        std::fs::create_dir(root.path().join("2-2")).expect("mkdir");
        let orphans = find_orphans(root.path());
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].docs.len(), 1);
        assert_eq!(orphans[0].docs[0].scenario, Ok(Scenario::template()));
        // While we hold it, nobody else sees it.
        assert!(find_orphans(root.path()).is_empty());
        assert!(!root.path().join("2-2").exists());
        let w = Writer::start(root.path()).expect("start");
        w.drop_orphan(orphans.into_iter().next().expect("one"));
        w.flush();
        assert!(!dead.exists());
    }
}
