//! Patch-saves on the shipped scenarios: a one-value edit is a one-line diff, and random
//! sequences of edits (numbers, renames, added / removed / reordered segments, funding
//! sources, benchmarks, curve points and uncertainty drivers) save to text that loads back to
//! the edited scenario with every comment kept, except those inside removed elements.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use buildout::io::patch::tree::{self, Kind, Node, line_end};
use buildout::io::{self, lex, line_diff};
use buildout::model::{Scenario, for_each_number};
use proptest::prelude::*;

fn shipped() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    files
}

fn comments(text: &str) -> Vec<String> {
    lex::comments(text)
        .iter()
        .map(|c| c.text.to_owned())
        .collect()
}

#[test]
fn one_value_changed_in_each_shipped_scenario_is_a_one_line_diff() {
    let dir = tempfile::tempdir().unwrap();
    for path in shipped() {
        let source = std::fs::read_to_string(&path).unwrap();
        let copy = dir.path().join(path.file_name().unwrap());
        std::fs::write(&copy, &source).unwrap();
        let loaded = io::load_file(&copy).unwrap();
        let mut s = loaded.scenario.clone();
        let before = s.segments[0].capex_usd_per_unit;
        s.segments[0].capex_usd_per_unit = before * 2.0;
        let saved = io::save_over(&copy, &s, Some(&loaded.text)).unwrap();
        assert_eq!(saved.written, io::Written::Patched);
        let after = std::fs::read_to_string(&copy).unwrap();
        assert_eq!(after, saved.text);
        let d = line_diff::changes(&source, &after);
        assert_eq!(d.removed.len(), 1, "{}: {d:?}", path.display());
        assert_eq!(d.added.len(), 1, "{}: {d:?}", path.display());
        let old_line = &d.removed[0];
        assert!(old_line.contains("capex_usd_per_unit: "), "{old_line}");
        let old_token = old_line.split(": ").nth(1).unwrap().trim_end_matches(',');
        let new_token = io::to_ron(&s)
            .lines()
            .find(|l| l.contains(&format!("capex_usd_per_unit: {}", fmt(before * 2.0))))
            .map(|_| fmt(before * 2.0))
            .unwrap();
        assert_eq!(d.added[0], old_line.replace(old_token, &new_token));
        assert_eq!(comments(&after), comments(&source), "{}", path.display());
        assert_eq!(io::load(&copy).unwrap(), s);
        // And the unified diff a reviewer sees has exactly that one change.
        let u = line_diff::unified(&source, &after, "a", "b");
        assert_eq!(u.lines().filter(|l| l.starts_with('-')).count(), 2, "{u}");
        assert_eq!(u.lines().filter(|l| l.starts_with('+')).count(), 2, "{u}");
    }
}

/// How the fresh writer spells a number (`to_ron`'s exponent form for large ones).
fn fmt(x: f64) -> String {
    let t = format!("{x:?}");
    if x.abs() >= 1e6 { format!("{x:e}") } else { t }
}

#[test]
fn an_unknown_field_inside_a_curve_is_refused() {
    let text = io::DEFAULT_SCENARIO_RON.replacen("interpolation: Step", "interpolaton: Step", 1);
    let err = io::parse(&text, "plan.ron").unwrap_err();
    assert!(err.to_string().contains("interpolaton"), "{err}");
}

/// One edit of a random sequence.
#[derive(Clone, Debug)]
enum Op {
    Number(usize, f64),
    RenameSegment(usize),
    RenameSource(usize),
    RenameBenchmark(usize),
    AddSegment(usize),
    RemoveSegment(usize),
    SwapSegments(usize, usize),
    AddSource(usize),
    RemoveSource(usize),
    SwapSources(usize, usize),
    AddBenchmark(usize),
    RemoveBenchmark(usize),
    SwapBenchmarks(usize, usize),
    AddPoint(usize, usize),
    RemovePoint(usize, usize),
    AddDriver(usize),
    RemoveDriver(usize),
    SwapDrivers(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..64;
    prop_oneof![
        4 => (0usize..10_000, prop_oneof![Just(0.5), Just(1.25), Just(3.0), Just(0.0)])
            .prop_map(|(k, f)| Op::Number(k, f)),
        1 => i.clone().prop_map(Op::RenameSegment),
        1 => i.clone().prop_map(Op::RenameSource),
        1 => i.clone().prop_map(Op::RenameBenchmark),
        1 => i.clone().prop_map(Op::AddSegment),
        1 => i.clone().prop_map(Op::RemoveSegment),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Op::SwapSegments(a, b)),
        1 => i.clone().prop_map(Op::AddSource),
        1 => i.clone().prop_map(Op::RemoveSource),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Op::SwapSources(a, b)),
        1 => i.clone().prop_map(Op::AddBenchmark),
        1 => i.clone().prop_map(Op::RemoveBenchmark),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Op::SwapBenchmarks(a, b)),
        2 => (i.clone(), i.clone()).prop_map(|(a, b)| Op::AddPoint(a, b)),
        2 => (i.clone(), i.clone()).prop_map(|(a, b)| Op::RemovePoint(a, b)),
        1 => i.clone().prop_map(Op::AddDriver),
        1 => i.clone().prop_map(Op::RemoveDriver),
        1 => (i.clone(), i).prop_map(|(a, b)| Op::SwapDrivers(a, b)),
    ]
}

/// Where each element of the edited scenario came from in the file (`None`: added since), so
/// that the comments of removed elements can be told apart.
#[derive(Clone, Debug)]
struct Origins {
    segments: Vec<Option<usize>>,
    funding: Vec<Option<usize>>,
    /// Per funding source, where each inflow point came from.
    points: Vec<Vec<Option<usize>>>,
    benchmarks: Vec<Option<usize>>,
    drivers: Vec<Option<usize>>,
    production: Vec<Option<usize>>,
    hosting: Vec<Option<usize>>,
}

impl Origins {
    fn of(s: &Scenario) -> Self {
        let all = |n: usize| (0..n).map(Some).collect::<Vec<_>>();
        Self {
            segments: all(s.segments.len()),
            funding: all(s.funding.len()),
            points: s
                .funding
                .iter()
                .map(|f| all(f.inflow_usd_per_year.points().map_or(0, <[_]>::len)))
                .collect(),
            benchmarks: all(s.benchmarks.len()),
            drivers: all(s.uncertainty.len()),
            production: all(s.chain.production.len()),
            hosting: all(s.chain.hosting.len()),
        }
    }
}

/// After removals: the origins of the elements of `after`, a subsequence of `before`.
fn follow<T: PartialEq>(before: &[T], after: &[T], origins: &mut Vec<Option<usize>>) {
    if after.len() == before.len() {
        return;
    }
    let mut kept = Vec::new();
    let mut k = 0;
    for (i, b) in before.iter().enumerate() {
        if k < after.len() && after[k] == *b {
            kept.push(origins[i]);
            k += 1;
        }
    }
    assert_eq!(kept.len(), after.len());
    *origins = kept;
}

fn swap<T>(v: &mut [T], a: usize, b: usize) {
    if !v.is_empty() {
        let n = v.len();
        v.swap(a % n, b % n);
    }
}

fn apply(s: &mut Scenario, o: &mut Origins, op: &Op, step: usize) {
    let before = s.clone();
    let pick = |n: usize, i: usize| (n > 0).then(|| i % n);
    match *op {
        Op::Number(k, f) => {
            let count = {
                let mut n = 0;
                for_each_number(&mut s.clone(), |_, _| n += 1);
                n
            };
            let mut j = 0;
            for_each_number(s, |_, x| {
                if j == k % count.max(1) {
                    *x *= f;
                }
                j += 1;
            });
        }
        Op::RenameSegment(i) => {
            if let Some(i) = pick(s.segments.len(), i) {
                let _ = s.rename_segment(i, &format!("Renamed {step}"));
            }
        }
        Op::RenameSource(i) => {
            if let Some(i) = pick(s.funding.len(), i) {
                let _ = s.rename_funding(i, &format!("Source {step}"));
            }
        }
        Op::RenameBenchmark(i) => {
            if let Some(i) = pick(s.benchmarks.len(), i) {
                let _ = s.rename_benchmark(i, &format!("Benchmark {step}"));
            }
        }
        Op::AddSegment(i) => {
            if let Some(i) = pick(s.segments.len(), i) {
                s.duplicate_segment(i);
                o.segments.insert(i + 1, None);
            } else {
                s.add_segment();
                o.segments.push(None);
            }
        }
        Op::RemoveSegment(i) => {
            if let Some(i) = pick(s.segments.len(), i) {
                s.remove_segment(i);
                o.segments.remove(i);
            }
        }
        Op::SwapSegments(a, b) => {
            swap(&mut s.segments, a, b);
            swap(&mut o.segments, a, b);
        }
        Op::AddSource(i) => {
            if let Some(i) = pick(s.funding.len(), i) {
                s.duplicate_funding(i);
                o.funding.insert(i + 1, None);
                let n = o.points[i].len();
                o.points.insert(i + 1, vec![None; n]);
            }
        }
        Op::RemoveSource(i) => {
            if let Some(i) = pick(s.funding.len(), i) {
                s.remove_funding(i);
                o.funding.remove(i);
                o.points.remove(i);
            }
        }
        Op::SwapSources(a, b) => {
            swap(&mut s.funding, a, b);
            swap(&mut o.funding, a, b);
            swap(&mut o.points, a, b);
        }
        Op::AddBenchmark(i) => {
            if let Some(i) = pick(s.benchmarks.len(), i) {
                s.duplicate_benchmark(i);
                o.benchmarks.insert(i + 1, None);
            }
        }
        Op::RemoveBenchmark(i) => {
            if let Some(i) = pick(s.benchmarks.len(), i) {
                s.remove_benchmark(i);
                o.benchmarks.remove(i);
            }
        }
        Op::SwapBenchmarks(a, b) => {
            swap(&mut s.benchmarks, a, b);
            swap(&mut o.benchmarks, a, b);
        }
        Op::AddPoint(f, i) => {
            if let Some(f) = pick(s.funding.len(), f) {
                let curve = &mut s.funding[f].inflow_usd_per_year;
                if let Some(i) = pick(curve.points().map_or(0, <[_]>::len), i)
                    && let Some(at) = curve.insert_point_after(i)
                {
                    o.points[f].insert(at, None);
                }
            }
        }
        Op::RemovePoint(f, i) => {
            if let Some(f) = pick(s.funding.len(), f) {
                let curve = &mut s.funding[f].inflow_usd_per_year;
                if let Some(i) = pick(curve.points().map_or(0, <[_]>::len), i)
                    && curve.remove_point(i)
                {
                    o.points[f].remove(i);
                }
            }
        }
        Op::AddDriver(i) => {
            if let Some(i) = pick(s.uncertainty.len(), i) {
                let mut d = s.uncertainty[i].clone();
                d.path = "chain.accelerator_lifetime_years".to_owned();
                d.distribution = buildout::model::Distribution::Uniform {
                    low: 4.0 + step as f64,
                    high: 9.0 + step as f64,
                };
                s.uncertainty.insert(i, d);
                o.drivers.insert(i, None);
            }
        }
        Op::RemoveDriver(i) => {
            if let Some(i) = pick(s.uncertainty.len(), i) {
                s.uncertainty.remove(i);
                o.drivers.remove(i);
            }
        }
        Op::SwapDrivers(a, b) => {
            swap(&mut s.uncertainty, a, b);
            swap(&mut o.drivers, a, b);
        }
    }
    // Removing a segment, source or benchmark removes what refers to it.
    if !matches!(
        op,
        Op::RemoveDriver(_) | Op::AddDriver(_) | Op::SwapDrivers(..)
    ) {
        follow(&before.uncertainty, &s.uncertainty, &mut o.drivers);
    }
    follow(
        &before.chain.production,
        &s.chain.production,
        &mut o.production,
    );
    follow(&before.chain.hosting, &s.chain.hosting, &mut o.hosting);
}

fn seq(n: &Node) -> &tree::Seq {
    match &n.kind {
        Kind::Seq(s) => s,
        k => panic!("not a sequence: {k:?}"),
    }
}

/// The byte range of element `i` of a list laid out one element per line: from the end of the
/// previous element's line (so the comment lines above it belong to it) to the end of its own.
fn chunk(text: &str, list: &tree::Seq, i: usize) -> (usize, usize) {
    let start = if i == 0 {
        line_end(text, list.open)
    } else {
        line_end(text, list.entries[i - 1].end())
    };
    (start, line_end(text, list.entries[i].end()))
}

/// The comments of the file that must survive: all but those inside removed elements.
fn surviving_comments(source: &str, o: &Origins) -> HashMap<String, usize> {
    let doc = tree::parse(source).unwrap();
    let root = seq(&doc.root);
    let list = |key: &str| seq(&root.field(key).unwrap().value);
    let chain = seq(&root.field("chain").unwrap().value);
    let mut lost = Vec::new();
    let mut removed = |l: &tree::Seq, kept: &[Option<usize>]| {
        for i in 0..l.entries.len() {
            if !kept.contains(&Some(i)) {
                lost.push(chunk(source, l, i));
            }
        }
    };
    removed(list("segments"), &o.segments);
    removed(list("funding"), &o.funding);
    removed(list("benchmarks"), &o.benchmarks);
    removed(list("uncertainty"), &o.drivers);
    removed(
        seq(&chain.field("production").unwrap().value),
        &o.production,
    );
    removed(seq(&chain.field("hosting").unwrap().value), &o.hosting);
    for (k, f) in o.funding.iter().enumerate() {
        let Some(f) = f else { continue };
        let source_entry = &list("funding").entries[*f].value;
        let inflow = &seq(source_entry)
            .field("inflow_usd_per_year")
            .unwrap()
            .value;
        if let Kind::Seq(c) = &inflow.kind
            && let Some(points) = c.field("points")
        {
            removed(seq(&points.value), &o.points[k]);
        }
    }
    let mut count = HashMap::new();
    for c in lex::comments(source) {
        let inside = lost.iter().any(|&(a, b)| c.offset >= a && c.offset < b);
        if !inside {
            *count.entry(c.text.to_owned()).or_insert(0) += 1;
        }
    }
    count
}

fn sources() -> Vec<(String, Scenario)> {
    shipped()
        .iter()
        .map(|p| {
            let l = io::load_file(p).unwrap();
            (l.text, l.scenario)
        })
        .collect()
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=N runs more.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn random_edits_patch_save_load_back_and_keep_the_comments(
        file in 0usize..3,
        ops in prop::collection::vec(op(), 1..10),
    ) {
        let (source, original) = sources().swap_remove(file);
        let mut s = original.clone();
        let mut o = Origins::of(&s);
        for (step, op) in ops.iter().enumerate() {
            apply(&mut s, &mut o, op, step);
        }
        let text = io::patch::patch(&source, &s);
        prop_assert!(text.is_some(), "could not patch");
        let text = text.unwrap();
        let back = io::parse(&text, "<patched>");
        prop_assert!(back.is_ok(), "{:?}\n{text}", back.err());
        prop_assert_eq!(back.unwrap(), s.clone());
        let mut have: HashMap<String, usize> = HashMap::new();
        for c in comments(&text) {
            *have.entry(c).or_insert(0) += 1;
        }
        for (c, n) in surviving_comments(&source, &o) {
            let got = have.get(&c).copied().unwrap_or(0);
            prop_assert!(got >= n, "comment lost ({got} of {n}): {c}\n{text}");
        }
        // Nothing changed: the file byte for byte.
        if s == original {
            prop_assert_eq!(text, source);
        }
    }
}
