//! Comments in scenario files. Buildout writes a file fresh from the scenario, so comments a
//! person typed (sources, reasoning) would not survive a save. The window asks before such a
//! save and, if the person goes ahead, first keeps the commented file as a copy beside it.

use std::path::{Path, PathBuf};

use super::lex;

/// How many comments a person wrote in the file at `path` (0 if it cannot be read); the header
/// line Buildout writes itself does not count.
pub fn comments_in_file(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |text| {
        lex::comments(&text)
            .iter()
            .filter(|c| !c.text.starts_with(super::scenario_file::HEADER_COMMENT))
            .count()
    })
}

/// Where [`keep_commented_copy`] puts the copy: `plan.with-comments.ron` beside `plan.ron`
/// (`plan.with-comments-2.ron` … if that name is taken).
fn commented_copy_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(|| "ron".to_owned(), |e| e.to_string_lossy().into_owned());
    (1..)
        .map(|k| {
            let suffix = if k == 1 {
                String::new()
            } else {
                format!("-{k}")
            };
            path.with_file_name(format!("{stem}.with-comments{suffix}.{ext}"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_extension("with-comments.ron"))
}

/// Copies the file at `path`, comments and all, to a new file beside it that no save ever
/// overwrites; returns the copy's path.
pub fn keep_commented_copy(path: &Path) -> std::io::Result<PathBuf> {
    let copy = commented_copy_path(path);
    let bytes = std::fs::read(path)?;
    super::write_atomically(&copy, &bytes)?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_counted_and_kept_in_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        std::fs::write(
            &plan,
            "// source: IBS\n(version: 2, /* why */ name: \"a // b\")\n",
        )
        .unwrap();
        assert_eq!(comments_in_file(&plan), 2);
        assert_eq!(comments_in_file(&dir.path().join("missing.ron")), 0);
        // A file Buildout wrote has only its own header comment: none counts.
        let saved = dir.path().join("saved.ron");
        crate::io::save(&saved, &crate::model::Scenario::template()).unwrap();
        assert_eq!(comments_in_file(&saved), 0);
        let first = keep_commented_copy(&plan).unwrap();
        assert_eq!(first, dir.path().join("plan.with-comments.ron"));
        assert_eq!(
            std::fs::read(&first).unwrap(),
            std::fs::read(&plan).unwrap()
        );
        // A second copy never overwrites the first.
        let second = keep_commented_copy(&plan).unwrap();
        assert_eq!(second, dir.path().join("plan.with-comments-2.ron"));
    }
}
