//! The evidence ships with the scenarios: `scenarios/SOURCES.md` holds every cited row, the
//! scenarios cite its rows by name, the README links it, and no shipped file holds a path of a
//! build machine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use buildout::io;
use buildout::model::{citations, cited, source_rows};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenario_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_citation_in_the_shipped_scenarios_is_a_row_of_sources_md() {
    let rows = source_rows();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let mut used = Vec::new();
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let found = citations(&text);
        assert!(found.len() >= 10, "{}: {found:?}", path.display());
        for c in found {
            assert!(
                names.contains(&c),
                "{} cites [{c}], which SOURCES.md does not have",
                path.display()
            );
            used.push(c.to_owned());
        }
        // Every note of a segment, funding source and benchmark cites the rows it uses.
        let s = io::load(&path).unwrap();
        let notes = s
            .segments
            .iter()
            .map(|x| (&x.name, &x.notes))
            .chain(s.funding.iter().map(|x| (&x.name, &x.notes)))
            .chain(s.benchmarks.iter().map(|x| (&x.name, &x.notes)));
        for (name, note) in notes {
            assert!(
                !cited(&rows, note).is_empty(),
                "{}: the note of {name} cites no row: {note}",
                path.display()
            );
        }
        // The description names the file as it ships, not a path.
        assert!(
            s.description.contains("scenarios/SOURCES.md"),
            "{}",
            s.description
        );
    }
    // Most rows are used by some scenario (the rest are context for readers).
    used.sort();
    used.dedup();
    assert!(used.len() >= 35, "only {} rows cited", used.len());
}

#[test]
fn the_readme_links_the_sources() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("](scenarios/SOURCES.md)"),
        "README has no link"
    );
}

/// Prefixes of absolute paths on build machines and developers' computers.
const MACHINE_PATHS: [&str; 10] = [
    "/work/", "/home/", "/tmp/", "/root/", "/Users/", "/mnt/", "/var/", "/opt/", "/srv/", "C:\\",
];

fn shipped_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            shipped_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_shipped_file_holds_a_path_of_a_build_machine() {
    let mut files = vec![root().join("README.md"), root().join("Cargo.toml")];
    for dir in ["scenarios", "assets", "src"] {
        shipped_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 50, "{} files", files.len());
    let mut found = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (k, line) in text.lines().enumerate() {
            for p in MACHINE_PATHS {
                // A path starts the text or follows a quote, space, bracket or `file://`.
                let hit = line.match_indices(p).any(|(i, _)| {
                    i == 0
                        || matches!(
                            line.as_bytes()[i - 1],
                            b'"' | b'\'' | b' ' | b'(' | b'[' | b'`' | b'=' | b'/' | b':'
                        )
                });
                if hit {
                    found.push(format!("{}:{}: {line}", f.display(), k + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "absolute paths:\n{}", found.join("\n"));
}
