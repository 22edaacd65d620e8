//! Hostile and broken files, made by hand: each goes through `buildout::io::check_bytes`
//! (parse → validate → simulate, also when invalid) and must come out without a panic, a
//! hang or a broken property, refused or invalid where it should be, with a position where a
//! position exists. The fuzzer (`fuzz/`) tries the bytes nobody thought of; its finds are
//! replayed by `tests/fuzz_replay.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use buildout::engine::{Outcome, simulate};
use buildout::io::{self, Checked, LoadError, check_bytes};
use buildout::model::{MAX_LIST_LEN, simulation_cells, validate};

const BASE: &str = include_str!("fixtures/v2.ron");

/// The base scenario with `from` replaced by `to` (once; `from` must be there).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from:?} is not in the base file");
    BASE.replacen(from, to, 1)
}

/// Every number an outcome keeps: its series, the chain's binding link, the benchmarks' years
/// and the KPIs' capacity at chosen years.
fn outcome_cells(o: &Outcome) -> u64 {
    let series: usize = o.columns().iter().map(|c| c.values.len()).sum();
    let benchmarks: usize = o.benchmarks.iter().map(|b| 3 * b.years.len()).sum();
    let capacity: usize = o
        .kpis
        .capacity_at
        .iter()
        .map(|c| c.segments.len() + 3)
        .sum();
    (series + o.time.len() + o.chain.binding.len() + benchmarks + capacity) as u64
}

/// Checks `text` without breaking a property, and with bounded work: a scenario it simulates
/// keeps no more numbers than [`simulation_cells`] allows for it — the bound under which the
/// size limits keep every file's simulation to seconds, counted rather than timed.
fn check(text: &str) -> Checked {
    let result = check_bytes(text.as_bytes()).unwrap_or_else(|why| panic!("{why}"));
    if !matches!(result, Checked::Refused(_)) {
        let s = io::parse(text, "t").unwrap();
        let cells = outcome_cells(&simulate(&s));
        assert!(
            cells <= simulation_cells(&s),
            "{cells} numbers kept, {} estimated",
            simulation_cells(&s)
        );
    }
    result
}

fn refused(text: &str) -> LoadError {
    match check(text) {
        Checked::Refused(e) => e,
        other => panic!("not refused: {other:?}"),
    }
}

fn invalid(text: &str) -> Vec<String> {
    match check(text) {
        Checked::Invalid { .. } => {}
        other => panic!("not invalid: {other:?}"),
    }
    let s = io::parse(text, "t").unwrap();
    validate(&s).iter().map(ToString::to_string).collect()
}

#[test]
fn the_base_file_is_valid() {
    assert!(matches!(check(BASE), Checked::Valid { periods: 44 }));
}

#[test]
fn a_truncated_file_is_refused_at_every_length() {
    // Every prefix: refused or parsed, never a panic (and none of these is valid).
    let bytes = BASE.as_bytes();
    for n in (0..bytes.len()).step_by(7) {
        let _ = check_bytes(&bytes[..n]).unwrap_or_else(|why| panic!("at {n}: {why}"));
    }
    let err = refused(&BASE[..BASE.len() / 2]);
    assert!(err.position().is_some(), "{err}");
}

#[test]
fn a_duplicate_field_is_refused_where_it_is() {
    let text = with(
        "lead_time_years: 4.0,",
        "lead_time_years: 4.0, lead_time_years: 5.0,",
    );
    let err = refused(&text);
    let msg = err.to_string();
    assert!(msg.contains("lead_time_years"), "{msg}");
    assert!(msg.contains("remove one of the two"), "{msg}");
    let (line, _) = err.position().unwrap();
    assert_eq!(
        text.lines()
            .nth(line - 1)
            .map(|l| l.contains("lead_time_years")),
        Some(true),
        "{msg}"
    );
}

#[test]
fn huge_and_tiny_numbers_are_refused_or_stay_finite() {
    let mut failed = Vec::new();
    for (from, to) in [
        ("value: 1e11", "value: 1e300"),
        (
            "value: 1e11",
            "value: 179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
        ),
        ("capex_usd_per_unit: 5.6e5", "capex_usd_per_unit: 1e-300"),
        ("capex_usd_per_unit: 5.6e5", "capex_usd_per_unit: 5e-324"),
        (
            "accelerators_per_unit_year: 300.0",
            "accelerators_per_unit_year: 1e300",
        ),
        (
            "units_per_accelerator: 0.00221",
            "units_per_accelerator: 1e-300",
        ),
        ("start_value: 2.25", "start_value: 1e300"),
        ("rate_per_year: 0.4", "rate_per_year: 1e10"),
        ("rate: 0.06", "rate: 1e10"),
        ("rate: 0.06", "rate: 1e300"),
        ("discount_rate: 0.08", "discount_rate: -0.99999999"),
        ("discount_rate: 0.08", "discount_rate: 1e300"),
        ("Constant(17000.0)", "Constant(1e300)"),
        ("lifetime_years: 20.0", "lifetime_years: 1e300"),
        ("lead_time_years: 3.0", "lead_time_years: 1e300"),
        ("ramp_years: 1.0", "ramp_years: 1e300"),
        ("tenor_years: 10.0", "tenor_years: 1e300"),
        (
            "accelerator_lifetime_years: 5.5",
            "accelerator_lifetime_years: 1e300",
        ),
        ("cap_usd_total: 4e11", "cap_usd_total: 1e300"),
        (
            "capex_usd_per_unit: 2.4e6",
            "capex_usd_per_unit: 2.4e6, installed_base_units: 1e300",
        ),
        (
            "capex_usd_per_unit: 2.4e6",
            "capex_usd_per_unit: 2.4e6, learning_rate: 0.9999999, learning_base_units: 1e-300",
        ),
        (
            "value: 1e11",
            "value: 99999999999999999999999999999999999999",
        ),
        ("value: 1e11", "value: -0.0"),
    ] {
        let text = with(from, to);
        if let Err(why) = check_bytes(text.as_bytes()) {
            failed.push(format!("{to}: {why}"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn non_finite_numbers_are_refused_with_a_position() {
    for bad in ["inf", "-inf", "NaN", "1e400", "-1e999"] {
        let err = refused(&with("rate: 0.06", &format!("rate: {bad}")));
        assert!(err.position().is_some(), "{bad}: {err}");
        assert!(err.to_string().contains(bad), "{err}");
    }
}

#[test]
fn absurd_horizons_are_invalid_and_cost_nothing() {
    for (from, to) in [
        ("end_year: 2035", "end_year: 2147483647"),
        ("start_year: 2025", "start_year: -2147483648"),
        ("end_year: 2035", "end_year: -2147483648"),
        (
            "end_year: 2035, period: Quarter",
            "end_year: 2300, period: Month",
        ),
    ] {
        let issues = invalid(&with(from, to));
        assert!(
            issues.iter().any(|i| i.starts_with("horizon.")),
            "{to}: {issues:?}"
        );
    }
    // Integers beyond i32 do not parse.
    let err = refused(&with("end_year: 2035", "end_year: 99999999999"));
    assert!(err.position().is_some(), "{err}");
}

#[test]
fn chains_that_name_themselves_or_nothing_are_invalid() {
    for (from, to, expect) in [
        (
            "(segment: \"Power\", units_per_accelerator: 0.00221)",
            "(segment: \"Nowhere\", units_per_accelerator: 0.00221)",
            "chain.hosting[Nowhere]: names no segment",
        ),
        (
            "hosting: [(segment: \"Power\", units_per_accelerator: 0.00221)]",
            "hosting: [(segment: \"Fabs\", units_per_accelerator: 0.00221)]",
            "",
        ),
        (
            "production: [(segment: \"Fabs\", accelerators_per_unit_year: 300.0)]",
            "production: [(segment: \"Fabs\", accelerators_per_unit_year: 300.0), (segment: \"Fabs\", accelerators_per_unit_year: 1.0)]",
            "chain.production[Fabs]: listed twice",
        ),
        (
            "name: \"Power\"",
            "name: \"Fabs\"",
            "segments[Fabs]: the name \"Fabs\" is used twice",
        ),
        (
            "name: \"Fabs\"",
            "name: \"\"",
            "segments[].name: must not be empty",
        ),
        (
            "(path: \"funding[Bonds].kind.rate\"",
            "(path: \"uncertainty[revenue.utilisation.value].distribution\"",
            "the path names no number",
        ),
    ] {
        let text = with(from, to);
        let checked = check(&text);
        if expect.is_empty() {
            // A segment that both makes and hosts: odd but allowed, and it simulates.
            assert!(
                matches!(checked, Checked::Valid { .. }),
                "{to}: {checked:?}"
            );
            continue;
        }
        let issues = invalid(&text);
        assert!(
            issues.iter().any(|i| i.contains(expect)),
            "{to}: {issues:?}"
        );
    }
}

#[test]
fn huge_lists_are_invalid_and_bounded() {
    // More segments than allowed, each named in the chain: reported, and not simulated.
    let n = MAX_LIST_LEN + 1;
    let segments: String = (0..n)
        .map(|i| {
            format!(
                "(name: \"S{i}\", kind: Fab, unit: \"u\", capex_usd_per_unit: 1.0, \
                 lead_time_years: {}.0, lifetime_years: 20.0),",
                i % 7
            )
        })
        .collect();
    let links: String = (0..n)
        .map(|i| format!("(segment: \"S{i}\", accelerators_per_unit_year: 1.0),"))
        .collect();
    let text = with("segments: [", &format!("segments: [{segments}"));
    let text = text.replacen("production: [", &format!("production: [{links}"), 1);
    let issues = invalid(&text);
    assert!(
        issues
            .iter()
            .any(|i| i.contains("at most 10000 are allowed")),
        "{:?}",
        &issues[..issues.len().min(5)]
    );
    assert!(
        issues.iter().any(|i| i.contains("too large to simulate")),
        "{:?}",
        &issues[..issues.len().min(5)]
    );
    // A curve with many points.
    let points: String = (0..n)
        .map(|i| format!("(year: {}.0, value: 1.0),", 2025 + i / 1000))
        .collect();
    let text = with("points: [", &format!("points: [{points}"));
    let issues = invalid(&text);
    assert!(
        issues
            .iter()
            .any(|i| i.contains("points: has 10003 entries")),
        "{issues:?}"
    );
    // More KPI years than allowed (each would hold a number per segment).
    let years = "2030,".repeat(MAX_LIST_LEN + 1);
    let text = with(
        "allocation:",
        &format!("kpi_years: [{years}],\n    allocation:"),
    );
    let issues = invalid(&text);
    assert!(
        issues.iter().any(|i| i.starts_with("kpi_years: has")),
        "{:?}",
        &issues[..1]
    );
}

#[test]
fn deep_nesting_and_odd_bytes_are_refused() {
    let deep = format!(
        "(version: 2, name: {}1{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(refused(&deep).position().is_some());
    for bytes in [
        &b""[..],
        b"\xff\xfe(\x00v\x00",
        b"(version: 2",
        b"(version: 2, name: \"unterminated",
        b"(version: 2, name: r##\"raw\"#",
        b"/* unterminated comment",
        b"(version: 2, /* /* nested */ name: \"x\")",
        b"\xef\xbb\xbf(version: 2)",
        b"(version: 18446744073709551616)",
        b"(version: 2_0)",
        b"(version: 0x2)",
        b"(version: -1)",
        b"(version: 1, revenue: (utilisation: Constant(1.0)))",
        b"(version: 1, revenue: (utilisation: ",
    ] {
        let _ = check_bytes(bytes).unwrap_or_else(|why| panic!("{bytes:?}: {why}"));
    }
}

#[test]
fn a_one_line_file_of_maximum_size_loads_in_linear_time() {
    // ~8 MiB on one line: the lexer's column counting once made this quadratic.
    let filler = "1,".repeat((io::MAX_FILE_BYTES as usize - 200) / 2);
    let text = format!("(version: 2, kpi_years: [{filler}], name: inf)");
    let err = refused(&text);
    assert_eq!(err.position().map(|p| p.0), Some(1), "{err}");
}

#[test]
fn absurd_magnitudes_in_a_valid_scenario_are_reported_not_shown_as_infinity() {
    for (from, to) in [
        ("start_value: 2.25", "start_value: 1e300"),
        ("rate: 0.06", "rate: 1e300"),
        ("Constant(17000.0)", "Constant(1e300)"),
    ] {
        match check(&with(from, to)) {
            Checked::Overflows { what } => assert!(!what.is_empty()),
            other => panic!("{to}: {other:?}"),
        }
    }
}
