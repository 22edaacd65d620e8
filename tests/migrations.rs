//! File versions: a fixture per version under `tests/fixtures/` (`v1.ron`, `v2.ron`, …, the
//! same scenario in each), every older one loads and equals the current one; the shipped files
//! are current; a newer file is refused (see also `tests/files.rs`).
//!
//! `cargo test --test migrations -- --ignored` upgrades `scenarios/` and the README example in
//! place with the same migration code, comments kept (run it after adding a version).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use buildout::engine::simulate;
use buildout::io::{self, LoadError, lex, migrate};
use buildout::model::{FILE_VERSION, validate};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(version: u32) -> PathBuf {
    root().join(format!("tests/fixtures/v{version}.ron"))
}

fn version_of(text: &str) -> u64 {
    lex::top_level_version(&lex::tokens(text)).expect("a version field")
}

#[test]
fn there_is_a_fixture_per_version_and_each_says_its_version() {
    for v in 1..=FILE_VERSION {
        let text = std::fs::read_to_string(fixture(v)).unwrap_or_else(|e| panic!("v{v}: {e}"));
        assert_eq!(version_of(&text), u64::from(v));
    }
    assert!(!fixture(FILE_VERSION + 1).exists());
}

#[test]
fn every_older_version_loads_and_equals_the_current_fixture() {
    let current = io::load_file(&fixture(FILE_VERSION)).unwrap();
    assert_eq!(current.migrated_from, None);
    assert_eq!(current.scenario.version, FILE_VERSION);
    assert_eq!(validate(&current.scenario), vec![]);
    for v in 1..FILE_VERSION {
        let old = io::load_file(&fixture(v)).unwrap_or_else(|e| panic!("v{v}: {e}"));
        assert_eq!(old.migrated_from, Some(v));
        assert_eq!(
            old.scenario, current.scenario,
            "v{v} differs after migration"
        );
    }
}

#[test]
fn v1_utilisation_becomes_a_curve_and_its_driver_follows() {
    let s = io::load(&fixture(1)).unwrap();
    let r = s.revenue.as_ref().expect("revenue");
    assert_eq!(r.utilisation, buildout::model::Curve::Constant(0.7));
    assert_eq!(s.uncertainty[0].path, "revenue.utilisation.value");
    assert_eq!(
        buildout::model::param_value(&s, &s.uncertainty[0].path),
        Some(0.7)
    );
    // And the migrated scenario simulates to the same outcome as the current fixture.
    let current = io::load(&fixture(FILE_VERSION)).unwrap();
    assert_eq!(simulate(&s), simulate(&current));
    assert!(simulate(&s).kpis.revenue_usd > 0.0);
}

#[test]
fn the_migrated_text_keeps_every_comment() {
    let v1 = std::fs::read_to_string(fixture(1)).unwrap();
    let upgraded = migrate::migrate(&v1, 1).unwrap();
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter_map(|l| l.find("//").map(|k| l[k..].to_owned()))
            .collect()
    };
    assert_eq!(comments(&v1), comments(&upgraded));
    assert_eq!(v1.lines().count(), upgraded.lines().count());
    assert_eq!(version_of(&upgraded), u64::from(FILE_VERSION));
}

#[test]
fn saving_a_migrated_file_writes_the_current_version_and_keeps_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ron");
    std::fs::copy(fixture(1), &path).unwrap();
    let v1 = std::fs::read_to_string(&path).unwrap();
    let loaded = io::load_file(&path).unwrap();
    let mut s = loaded.scenario;
    s.name = "Upgraded and edited".to_owned();
    let saved = io::save_over(&path, &s, Some(&loaded.text)).unwrap();
    assert_eq!(saved.written, io::Written::Patched);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(version_of(&text), u64::from(FILE_VERSION));
    assert_eq!(io::load(&path).unwrap(), s);
    // Every comment of the version 1 file is still there; only the upgraded lines (version,
    // utilisation, the driver's path) and the name changed.
    let comments = |t: &str| -> Vec<String> {
        io::lex::comments(t)
            .iter()
            .map(|c| c.text.to_owned())
            .collect()
    };
    assert!(!comments(&v1).is_empty());
    assert_eq!(comments(&v1), comments(&text));
    let d = io::line_diff::changes(&v1, &text);
    assert_eq!(d.removed.len(), 4, "{d:?}");
    assert!(
        d.added
            .iter()
            .any(|l| l.contains("name: \"Upgraded and edited\""))
    );
    // The version 1 file is kept as the backup.
    let bak = std::fs::read_to_string(io::backup_path(&path)).unwrap();
    assert_eq!(version_of(&bak), 1);
}

#[test]
fn errors_in_an_old_file_still_name_their_line() {
    // A typo on a line the migration does not touch keeps its exact position.
    let v1 = std::fs::read_to_string(fixture(1))
        .unwrap()
        .replace("lead_time_years: 4.0", "lead_time_yeers: 4.0");
    let err = io::parse(&v1, "old.ron").unwrap_err();
    let line = v1
        .lines()
        .position(|l| l.contains("lead_time_yeers"))
        .unwrap()
        + 1;
    let col = v1
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("lead_time_yeers")
        .unwrap()
        + 1;
    assert_eq!(err.position(), Some((line, col)), "{err}");
}

#[test]
fn versions_that_do_not_exist_are_refused_clearly() {
    let v2 = std::fs::read_to_string(fixture(FILE_VERSION)).unwrap();
    for (bad, expect) in [
        ("version: 0,", "1 to"),
        ("version: 1.5,", "1 to"),
        ("version: \"2\",", "1 to"),
    ] {
        let text = v2.replacen(&format!("version: {FILE_VERSION},"), bad, 1);
        let err = io::parse(&text, "odd.ron").unwrap_err();
        assert!(err.to_string().contains(expect), "{bad}: {err}");
        assert!(err.position().is_some(), "{bad}: {err}");
    }
    let newer = v2.replacen(
        &format!("version: {FILE_VERSION},"),
        &format!("version: {},", FILE_VERSION + 7),
        1,
    );
    let err = io::parse(&newer, "new.ron").unwrap_err();
    assert!(matches!(err, LoadError::NewerVersion { .. }), "{err}");
    assert!(err.to_string().contains("update Buildout"), "{err}");
}

fn shipped_texts() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn readme_example(readme: &str) -> (usize, usize) {
    let start = readme.find("```ron\n").expect("a ron block") + "```ron\n".len();
    (start, start + readme[start..].find("```").unwrap())
}

#[test]
fn shipped_files_are_current() {
    for path in shipped_texts() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            version_of(&text),
            u64::from(FILE_VERSION),
            "{} is not current: run `cargo test --test migrations -- --ignored`",
            path.display()
        );
        assert!(
            text.starts_with(&format!(
                "// Buildout scenario (file format version {FILE_VERSION})."
            )),
            "{}: first line names another version",
            path.display()
        );
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (a, b) = readme_example(&readme);
    assert_eq!(version_of(&readme[a..b]), u64::from(FILE_VERSION));
}

/// Upgrades the shipped scenarios and the README example in place (comments kept).
#[test]
#[ignore = "rewrites scenarios/ and README.md; run by hand after adding a file version"]
fn upgrade_shipped_files_in_place() {
    let upgrade = |text: &str| -> String {
        let from = u32::try_from(version_of(text)).unwrap();
        let mut out = migrate::migrate(text, from).unwrap();
        for v in from..FILE_VERSION {
            out = out.replacen(
                &format!("// Buildout scenario (file format version {v})."),
                &format!("// Buildout scenario (file format version {}).", v + 1),
                1,
            );
        }
        out
    };
    for path in shipped_texts() {
        let text = std::fs::read_to_string(&path).unwrap();
        io::write_atomically(&path, upgrade(&text).as_bytes()).unwrap();
    }
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (a, b) = readme_example(&readme);
    let out = format!("{}{}{}", &readme[..a], upgrade(&readme[a..b]), &readme[b..]);
    io::write_atomically(&path, out.as_bytes()).unwrap();
}
