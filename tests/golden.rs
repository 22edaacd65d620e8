//! The golden snapshot: every CSV column and every KPI of the scenarios in
//! `tests/golden/scenarios/` — copies of the three shipped scenarios as they were when the
//! snapshot was taken, and one small scenario per mechanism of the engine — compared with the
//! files beside them (`NAME.csv`: `buildout run --csv`'s columns; `NAME.kpis`: every field of
//! the KPIs, then the benchmarks year by year).
//!
//! Numbers are compared at 1e-12 of the largest magnitude in their column (a CSV column, or a
//! KPI field across the file, e.g. every `peak_share`); text (period labels, the binding
//! segment, names, `None`) must be equal. A change of results that is meant updates the
//! snapshot in the same commit, which says why:
//!
//! ```sh
//! BUILDOUT_UPDATE_GOLDEN=1 cargo test --test golden
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use buildout::engine::simulate;
use buildout::io;
use buildout::model::validate;

/// Relative tolerance, against the largest magnitude of the column.
const TOLERANCE: f64 = 1e-12;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir().join("scenarios"))
        .expect("tests/golden/scenarios exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The two snapshot texts of a scenario: its CSV and its KPIs.
fn snapshot(path: &Path) -> (String, String) {
    let s = io::load(path).unwrap_or_else(|e| panic!("{e}"));
    let issues = validate(&s);
    assert!(issues.is_empty(), "{}: {issues:?}", path.display());
    let o = simulate(&s);
    let mut csv = Vec::new();
    io::write_csv(&o, &mut csv).expect("CSV written");
    (
        String::from_utf8(csv).expect("CSV is UTF-8"),
        format!("{:#?}\n{:#?}\n", o.kpis, o.benchmarks),
    )
}

#[test]
fn every_golden_scenario_matches_its_snapshot() {
    let update = std::env::var_os("BUILDOUT_UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let files = scenarios();
    assert!(files.len() >= 9, "the fixtures are there: {files:?}");
    for path in &files {
        let name = stem(path);
        let (csv, kpis) = snapshot(path);
        let csv_file = dir().join(format!("{name}.csv"));
        let kpi_file = dir().join(format!("{name}.kpis"));
        if update {
            std::fs::write(&csv_file, &csv).unwrap();
            std::fs::write(&kpi_file, &kpis).unwrap();
            continue;
        }
        let golden_csv = std::fs::read_to_string(&csv_file)
            .unwrap_or_else(|e| panic!("{}: {e} (BUILDOUT_UPDATE_GOLDEN=1)", csv_file.display()));
        let golden_kpis = std::fs::read_to_string(&kpi_file)
            .unwrap_or_else(|e| panic!("{}: {e} (BUILDOUT_UPDATE_GOLDEN=1)", kpi_file.display()));
        failures.extend(
            compare_csv(&golden_csv, &csv)
                .into_iter()
                .map(|f| format!("{name}.csv: {f}")),
        );
        failures.extend(
            compare_text(&golden_kpis, &kpis)
                .into_iter()
                .map(|f| format!("{name}.kpis: {f}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{} differences from the golden snapshot (first 20):\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every snapshot file belongs to a fixture: none is left behind when a fixture goes.
#[test]
fn no_snapshot_without_its_scenario() {
    let names: Vec<String> = scenarios().iter().map(|p| stem(p)).collect();
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let n = stem(&p);
            assert!(names.contains(&n), "{} has no scenario", p.display());
        }
    }
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.expect("CSV row").iter().map(str::to_owned).collect())
        .collect()
}

fn close(golden: f64, new: f64, scale: f64) -> bool {
    golden == new || (golden.is_nan() && new.is_nan()) || (golden - new).abs() <= TOLERANCE * scale
}

/// The differences between two CSV texts: header, row count, text cells exactly, numbers at
/// [`TOLERANCE`] of their column's largest magnitude in the golden file.
fn compare_csv(golden: &str, new: &str) -> Vec<String> {
    let (g, n) = (rows(golden), rows(new));
    let mut out = Vec::new();
    let (Some(gh), Some(nh)) = (g.first(), n.first()) else {
        return vec!["empty".into()];
    };
    if gh != nh {
        return vec![format!("header changed:\n  {gh:?}\n→ {nh:?}")];
    }
    if g.len() != n.len() {
        return vec![format!("{} rows → {}", g.len() - 1, n.len() - 1)];
    }
    for (j, col) in gh.iter().enumerate() {
        let scale = g[1..]
            .iter()
            .filter_map(|r| r[j].parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .fold(0.0, |m: f64, x| m.max(x.abs()));
        for (gr, nr) in g[1..].iter().zip(&n[1..]) {
            let ok = match (gr[j].parse::<f64>(), nr[j].parse::<f64>()) {
                (Ok(a), Ok(b)) => close(a, b, scale),
                _ => gr[j] == nr[j],
            };
            if !ok {
                out.push(format!("{col} in {}: {} → {}", gr[0], gr[j], nr[j]));
            }
        }
    }
    out
}

/// A line of text split into its numbers and the text around them.
fn split_numbers(line: &str) -> (String, Vec<f64>) {
    let b = line.as_bytes();
    let (mut skeleton, mut numbers) = (String::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        let starts =
            b[i].is_ascii_digit() || (b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if starts && !after_word {
            let mut j = i + 1;
            while j < b.len() {
                let c = b[j];
                let exp_sign = (c == b'-' || c == b'+') && matches!(b[j - 1], b'e' | b'E');
                if c.is_ascii_digit() || c == b'.' || c == b'e' || c == b'E' || exp_sign {
                    j += 1;
                } else {
                    break;
                }
            }
            match line[i..j].parse::<f64>() {
                Ok(x) => {
                    numbers.push(x);
                    skeleton.push('#');
                }
                Err(_) => skeleton.push_str(&line[i..j]),
            }
            i = j;
        } else {
            skeleton.push(b[i] as char);
            i += 1;
        }
    }
    (skeleton, numbers)
}

/// The field path of every line of a pretty `Debug` text (`capacity_at.segments` for the numbers
/// of a `CapacityAt`'s `segments`): the "column" a KPI number belongs to.
fn field_paths(text: &str) -> Vec<String> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            while stack.last().is_some_and(|(d, _)| *d >= indent) {
                stack.pop();
            }
            let t = line.trim();
            let field = t
                .split_once(": ")
                .filter(|(k, _)| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .map(|(k, _)| k.to_owned());
            let mut path: Vec<&str> = stack.iter().map(|(_, n)| n.as_str()).collect();
            if let Some(f) = &field {
                path.push(f);
            }
            let joined = path.join(".");
            if let Some(f) = field
                && (t.ends_with('[') || t.ends_with('{') || t.ends_with('('))
            {
                stack.push((indent, f));
            }
            joined
        })
        .collect()
}

/// The differences between two pretty `Debug` texts: the text around numbers exactly, numbers at
/// [`TOLERANCE`] of the largest magnitude of their field in the golden text.
fn compare_text(golden: &str, new: &str) -> Vec<String> {
    let (gl, nl): (Vec<&str>, Vec<&str>) = (golden.lines().collect(), new.lines().collect());
    if gl.len() != nl.len() {
        return vec![format!("{} lines → {}", gl.len(), nl.len())];
    }
    let paths = field_paths(golden);
    let mut scale: HashMap<&str, f64> = HashMap::new();
    for (line, path) in gl.iter().zip(&paths) {
        let m = scale.entry(path).or_insert(0.0);
        for x in split_numbers(line).1.into_iter().filter(|x| x.is_finite()) {
            *m = m.max(x.abs());
        }
    }
    let mut out = Vec::new();
    for ((g, n), path) in gl.iter().zip(&nl).zip(&paths) {
        let ((gs, gx), (ns, nx)) = (split_numbers(g), split_numbers(n));
        let s = scale[path.as_str()];
        if gs != ns || gx.len() != nx.len() || gx.iter().zip(&nx).any(|(a, b)| !close(*a, *b, s)) {
            out.push(format!("{path}: {} → {}", g.trim(), n.trim()));
        }
    }
    out
}

#[test]
fn the_comparison_sees_a_change_beyond_the_tolerance_and_not_within() {
    let golden = "period,year,a [USD]\n2025-01,2025,1000000\n2025-02,2025.0833,0\n";
    assert!(compare_csv(golden, golden).is_empty());
    // 1e-13 of the column's largest value: within; 1e-11: a difference, even on the zero.
    let within = "period,year,a [USD]\n2025-01,2025,1000000.0000001\n2025-02,2025.0833,1e-7\n";
    assert!(compare_csv(golden, within).is_empty());
    let beyond = "period,year,a [USD]\n2025-01,2025,1000000\n2025-02,2025.0833,1e-5\n";
    assert_eq!(
        compare_csv(golden, beyond),
        ["a [USD] in 2025-02: 0 → 1e-5"]
    );
    let halved = "period,year,a [USD]\n2025-01,2025,500000\n2025-02,2025.0833,0\n";
    assert_eq!(compare_csv(golden, halved).len(), 1);
    let relabelled = "period,year,a [USD]\n2025-01,2025,1000000\n2025-03,2025.0833,0\n";
    assert_eq!(compare_csv(golden, relabelled).len(), 1);
    let renamed = "period,year,b [USD]\n2025-01,2025,1000000\n2025-02,2025.0833,0\n";
    assert!(compare_csv(golden, renamed)[0].starts_with("header changed"));
}

#[test]
fn kpi_numbers_are_compared_within_their_field() {
    let golden = "Kpis {\n    spent_usd: 7000000000000.0,\n    irr: Some(\n        0.056,\n    ),\n    capacity_at: [\n        CapacityAt {\n            year: 2040,\n            segments: [\n                1e-3,\n                2.0,\n            ],\n        },\n    ],\n    name: \"Chip sales 2023\",\n}\n";
    assert_eq!(
        field_paths(golden)[9],
        "capacity_at.segments",
        "{:?}",
        field_paths(golden)
    );
    assert_eq!(field_paths(golden)[3], "irr");
    assert!(compare_text(golden, golden).is_empty());
    // 2.0 sets the scale of `segments`: 1e-3 may move by 1e-13 but not by 1e-11.
    let within = golden.replace("1e-3", "0.0010000000000001");
    assert!(compare_text(golden, &within).is_empty());
    let beyond = golden.replace("1e-3", "0.00100000001");
    assert_eq!(compare_text(golden, &beyond).len(), 1);
    let irr = golden.replace("0.056", "0.0560000001");
    assert_eq!(compare_text(golden, &irr), ["irr: 0.056, → 0.0560000001,"]);
    let none = golden.replace("Some(\n        0.056,\n    ),", "None,");
    assert_eq!(compare_text(golden, &none).len(), 1, "a line count change");
    let text = golden.replace("2023", "2024");
    assert_eq!(compare_text(golden, &text).len(), 1);
    assert_eq!(
        split_numbers("year_2: -1.5e-3,"),
        ("year_2: #,".to_owned(), vec![-1.5e-3])
    );
}

/// Balanced spends every dollar when nothing is capped; what `cash − spend` then leaves is the
/// rounding of the water-fill (a few ulps of billions), not money, and the treasury reads 0
/// (the engine's rule 5). The learning fixture is such a plan: before the rule its treasury
/// wandered over 0–8.6e-6 USD in 29 of its 60 quarters, and a restructure that only reordered
/// the rounding moved those numbers by more than the snapshot's tolerance.
#[test]
fn spending_all_the_cash_leaves_an_empty_treasury() {
    let s = io::load(&dir().join("scenarios/learning.ron")).unwrap_or_else(|e| panic!("{e}"));
    let o = simulate(&s);
    assert!(o.spend_usd.iter().all(|x| *x > 1e9), "{:?}", o.spend_usd);
    assert!(o.capped_usd.iter().all(|x| *x == 0.0), "{:?}", o.capped_usd);
    assert_eq!(o.treasury_usd, vec![0.0; o.treasury_usd.len()]);
}
