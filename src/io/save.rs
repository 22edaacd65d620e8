//! Saving: the new version replaces the file atomically, and the version it replaced is kept
//! as a backup beside it (`plan.ron` → `plan.ron.bak`). What is written is the text the
//! scenario was loaded from, patched where the scenario changed ([`super::patch`]).
//!
//! The new bytes go to a temporary file in the same folder, are flushed to disk, and the
//! temporary file is renamed over the target; the folder is flushed too. A crash, a kill or a
//! full disk at any moment leaves either the old file or the new one, never half of one, and an
//! error leaves the old file untouched. The backup is taken as a hard link to the old file
//! before the rename (no second write, no extra space on a full disk) and moved to `.bak` only
//! after the new file is in place; where hard links are not possible the old bytes are written
//! to `.bak` afterwards. A failed backup never fails the save: it is reported beside it.
//!
//! A symbolic link is saved through (its target is replaced, the link stays), and the file's
//! permissions are kept.

use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use super::patch::{self, Written};
use super::stamp::FileStamp;
use crate::model::Scenario;

/// Why a scenario could not be saved. The file on disk is unchanged when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {path}: {source}. The file on disk was not changed; your edits are kept")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot save {path}: written out, the scenario is {size} bytes, more than the {MAX_FILE_BYTES} \
         bytes a scenario file may have, so it could not be opened again. Remove points, \
         segments or drivers. The file on disk was not changed; your edits are kept"
    )]
    TooLarge { path: String, size: u64 },
}

/// What a successful save did.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The file as written, to notice later changes by others.
    pub stamp: FileStamp,
    pub backup: Backup,
    /// The text written: what the next save patches.
    pub text: String,
    /// Whether the text was patched from the source or written afresh.
    pub written: Written,
}

/// The previous version of a saved file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backup {
    /// There was no previous file.
    NoPrevious,
    /// Kept at this path.
    Kept(PathBuf),
    /// The save succeeded but the previous version could not be kept, for this reason.
    Failed(String),
}

/// `plan.ron` → `plan.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves a scenario that has no source text, as pretty RON (see the module docs).
pub fn save(path: &Path, s: &Scenario) -> Result<Saved, SaveError> {
    save_over(path, s, None)
}

/// Saves the scenario by patching `source`, the text it was loaded from (or last saved as), so
/// that only what changed changes (see [`super::patch`]); with no source, as pretty RON. A
/// scenario too large to be opened again is not written.
pub fn save_over(path: &Path, s: &Scenario, source: Option<&str>) -> Result<Saved, SaveError> {
    let (text, written) = patch::write(source, s);
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(SaveError::TooLarge {
            path: path.display().to_string(),
            size: text.len() as u64,
        });
    }
    let saved = save_bytes(path, text.as_bytes())?;
    Ok(Saved {
        text,
        written,
        ..saved
    })
}

/// Saves `bytes` to `path`, atomically and keeping the previous version (see the module docs).
/// The returned [`Saved::text`] is the bytes as text (lossy), [`Saved::written`] `Fresh`.
pub fn save_bytes(path: &Path, bytes: &[u8]) -> Result<Saved, SaveError> {
    let error = |source| SaveError::Io {
        path: path.display().to_string(),
        source,
    };
    // Save through a symbolic link rather than replacing it with a file.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(error)?,
        _ => path.to_path_buf(),
    };
    let old = std::fs::metadata(&target).ok().filter(|m| m.is_file());
    // Hold on to the old version: a hard link (free, atomic), else its bytes.
    let mut keep = old.as_ref().map(|_| hold_previous(&target));
    if let Err(e) = write_atomically(&target, bytes) {
        if let Some(Previous::Linked(tmp)) = &keep {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(error(e));
    }
    let backup = match keep.take() {
        None => Backup::NoPrevious,
        Some(previous) => keep_backup(&target, previous),
    };
    let meta = std::fs::metadata(&target).map_err(error)?;
    Ok(Saved {
        stamp: FileStamp::of(&meta, bytes),
        backup,
        text: String::from_utf8_lossy(bytes).into_owned(),
        written: Written::Fresh,
    })
}

/// The previous version, held until the new one is in place.
enum Previous {
    /// A hard link to the old file under a temporary name.
    Linked(PathBuf),
    /// The old file's bytes.
    Bytes(Vec<u8>),
    Unreadable(String),
}

fn hold_previous(target: &Path) -> Previous {
    if let Ok(tmp) = temp_name(target, ".bak") {
        // The name is only reserved: remove the empty file so that the link can take it.
        if std::fs::remove_file(&tmp).is_ok() && std::fs::hard_link(target, &tmp).is_ok() {
            return Previous::Linked(tmp);
        }
    }
    match std::fs::read(target) {
        Ok(bytes) => Previous::Bytes(bytes),
        Err(e) => Previous::Unreadable(e.to_string()),
    }
}

fn keep_backup(target: &Path, previous: Previous) -> Backup {
    let bak = backup_path(target);
    let result = match previous {
        Previous::Linked(tmp) => std::fs::rename(&tmp, &bak).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        }),
        Previous::Bytes(bytes) => write_atomically(&bak, &bytes),
        Previous::Unreadable(why) => return Backup::Failed(why),
    };
    match result {
        Ok(()) => Backup::Kept(bak),
        Err(e) => Backup::Failed(e.to_string()),
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A fresh hidden name beside `path` (`.plan.ron-XXXXXX.bak`), reserved by an empty file.
fn temp_name(path: &Path, suffix: &str) -> std::io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let file = tempfile::Builder::new()
        .prefix(&format!(".{name}-"))
        .suffix(suffix)
        .tempfile_in(parent_dir(path))?;
    file.into_temp_path().keep().map_err(|e| e.error)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over it, and the folder flushed. On any error the old file is untouched and the
/// temporary file removed. An existing file's permissions are kept.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent_dir(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    let new_file_mode = {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::Permissions::from_mode(0o666) // less the umask, as for any new file
    };
    #[cfg(unix)]
    builder.permissions(new_file_mode);
    let mut tmp = builder.tempfile_in(&dir)?;
    if let Ok(old) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    use std::io::Write as _;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable. Not possible everywhere (Windows cannot open a folder).
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backup_holds_the_previous_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.ron");
        let first = save_bytes(&p, b"one").expect("saved");
        assert_eq!(first.backup, Backup::NoPrevious);
        let second = save_bytes(&p, b"two").expect("saved");
        assert_eq!(second.backup, Backup::Kept(dir.path().join("plan.ron.bak")));
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        assert_eq!(std::fs::read(backup_path(&p)).expect("read"), b"one");
        save_bytes(&p, b"three").expect("saved");
        assert_eq!(std::fs::read(backup_path(&p)).expect("read"), b"two");
        // Nothing else is left behind.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["plan.ron", "plan.ron.bak"]);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_and_symlinks_are_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.ron");
        std::fs::write(&real, "old").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        save_bytes(&link, b"new").expect("saved");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(std::fs::read(backup_path(&real)).expect("read"), b"old");
    }
}
