//! What a file on disk looked like when Buildout last read or wrote it, to tell when someone
//! else has changed it since.
//!
//! Modification time and size are a cheap first look; the content hash decides, so that a file
//! merely touched (or rewritten with the same bytes) does not count as changed.

use std::hash::{DefaultHasher, Hasher as _};
use std::path::Path;
use std::time::SystemTime;

/// A file's modification time, size and content hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
    /// A hash of the bytes (to notice changes, not for security).
    pub hash: u64,
}

impl FileStamp {
    /// The stamp of `bytes`, read from a file whose metadata was `meta` (taken before reading,
    /// so that a change made while reading shows as a newer time later).
    pub fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> Self {
        Self {
            modified: meta.modified().ok(),
            len: bytes.len() as u64,
            hash: hash(bytes),
        }
    }

    /// The stamp of the file at `path` now; `None` when there is no file.
    pub fn read(path: &Path) -> std::io::Result<Option<Self>> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let bytes = std::fs::read(path)?;
        Ok(Some(Self::of(&meta, &bytes)))
    }

    /// Whether the file at `path` may differ from this stamp, judged by time and size alone.
    pub fn looks_changed(&self, meta: &std::fs::Metadata) -> bool {
        meta.len() != self.len || meta.modified().ok() != self.modified
    }

    /// Same bytes (times may differ).
    pub fn same_content(&self, other: &Self) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.ron");
        std::fs::write(&p, "one").expect("write");
        let a = FileStamp::read(&p).expect("read").expect("exists");
        std::fs::write(&p, "one").expect("write");
        let b = FileStamp::read(&p).expect("read").expect("exists");
        assert!(a.same_content(&b));
        std::fs::write(&p, "two").expect("write");
        let c = FileStamp::read(&p).expect("read").expect("exists");
        assert!(!a.same_content(&c));
        std::fs::remove_file(&p).expect("remove");
        assert_eq!(FileStamp::read(&p).expect("read"), None);
    }
}
