//! Replays the fuzzer's finds without the fuzzer: every file under `tests/fuzz_regressions/`
//! (crashes found once, see its README), the seed corpus `tests/fuzz_corpus/` and the shipped
//! scenarios go through `buildout::io::check_bytes`, the function the fuzz target runs. CI runs
//! this with `cargo test`; no nightly, no cargo fuzz.
//!
//! The seed corpus is the fuzzer's own corpus after its last run (`cargo fuzz cmin`), cut to
//! the inputs of at most 1,000 bytes and merged again (`-merge=1`) so that each adds coverage,
//! plus the 25 smallest inputs that parse but are invalid and 5 valid ones (up to 3,000 bytes)
//! and the two fixtures: about 820 files, 330 KB.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use buildout::io::{Checked, check_bytes};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    out.sort();
    out
}

fn replay(dir: &str) -> Vec<(PathBuf, Checked)> {
    let list = files(dir);
    assert!(!list.is_empty(), "{dir} is empty");
    list.into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let checked =
                check_bytes(&bytes).unwrap_or_else(|why| panic!("{}: {why}", p.display()));
            (p, checked)
        })
        .collect()
}

#[test]
fn every_regression_passes() {
    let done = replay("tests/fuzz_regressions");
    let named = |name: &str| {
        &done
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap_or_else(|| panic!("{name} is missing"))
            .1
    };
    // What each became, now that it is fixed.
    assert!(matches!(
        named("irr-missing-listed-as-nan.ron"),
        Checked::Valid { .. }
    ));
    assert!(matches!(
        named("lead-time-1e300-overflows-pace.ron"),
        Checked::Valid { .. }
    ));
    assert!(matches!(
        named("extreme-year-written-as-float.ron"),
        Checked::Invalid { .. }
    ));
    assert!(matches!(
        named("performance-1e300-overflows.ron"),
        Checked::Overflows { .. }
    ));
    // 37–2035 is more than 100 years.
    assert!(matches!(
        named("hex-year-not-followed-by-patch.ron"),
        Checked::Invalid { .. }
    ));
}

#[test]
fn the_seed_corpus_passes() {
    let done = replay("tests/fuzz_corpus");
    // The corpus reaches every verdict, not only refusals.
    assert!(done.iter().any(|(_, c)| matches!(c, Checked::Refused(_))));
    assert!(
        done.iter()
            .any(|(_, c)| matches!(c, Checked::Invalid { .. }))
    );
    assert!(done.iter().any(|(_, c)| matches!(c, Checked::Valid { .. })));
}

#[test]
fn the_shipped_scenarios_and_fixtures_pass() {
    for dir in ["scenarios", "tests/fixtures"] {
        for (p, c) in replay(dir) {
            assert!(matches!(c, Checked::Valid { .. }), "{}: {c:?}", p.display());
        }
    }
}

#[test]
fn the_seed_corpus_stays_small() {
    let total: u64 = files("tests/fuzz_corpus")
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    assert!(
        total < 400_000,
        "tests/fuzz_corpus is {total} bytes; keep it small"
    );
}
