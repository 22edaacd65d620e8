//! The headless commands, run as a user would: exit codes and messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn buildout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildout"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `run` on the golden copy of the $7T scenario, whose numbers `tests/golden.rs` pins: the
/// title, then one line per KPI, label and value with its unit; warnings under their KPI.
#[test]
fn run_prints_the_kpis_and_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out.csv");
    let out = buildout(&[
        "run",
        "tests/golden/scenarios/accelerated-7t.ron",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "Accelerated $7T build-out (2024 plan) — 2024–2040, month periods",
            "  Funding committed                                $7.00T",
            // Why spending exceeds funding: $7.00T + $10.6T reinvested − $694B left = $16.9T.
            "  Revenue                                          $16.6T",
            "  Net revenue reinvested                           $10.6T",
            "  Capital spent                                    $16.9T",
            "  Treasury at end                                  $694B",
        ]
    );
    for line in [
        "  Delivered compute at end                         41.9G PFLOP/s",
        "  NPV at 8.0 %                                     -$781B",
        "  IRR                                              5.6 %",
        "  Power capital per unit                           $2.40M per MW",
        "  Peak draw vs Global chip sales                   87.2 % in 2028  ⚠",
    ] {
        assert!(lines.contains(&line), "no line {line:?} in\n{stdout}");
    }
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("period,year,funding drawn [USD],"));
    assert_eq!(written.lines().count(), 1 + 17 * 12);
}

#[test]
fn check_accepts_the_shipped_scenarios() {
    let out = buildout(&[
        "check",
        "scenarios/accelerated-7t.ron",
        "scenarios/baseline.ron",
        "scenarios/power-constrained-5t.ron",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).matches(": ok").count(), 3);
}

#[test]
fn check_reports_a_malformed_file_with_line_and_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n    version: 1,\n    name: \"x\"\n    horizon: (),\n)\n",
    )
    .unwrap();
    let out = buildout(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{}:4:5:", bad.display())), "{err}");
}

#[test]
fn check_names_the_field_of_an_invalid_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invalid.ron");
    let mut s = buildout::model::Scenario::template();
    s.segments[0].lead_time_years = -1.0;
    buildout::io::save(&path, &s).unwrap();
    let out = buildout(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("segments[Fabs].lead_time_years: must be ≥ 0, got -1"),
        "{err}"
    );
    // run refuses too.
    assert_eq!(
        buildout(&["run", path.to_str().unwrap()]).status.code(),
        Some(1)
    );
}

#[test]
fn a_missing_file_exits_1_and_says_which() {
    let out = buildout(&["run", "no/such/file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no/such/file.ron"));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(buildout(&["run"]).status.code(), Some(2));
    assert_eq!(buildout(&["frobnicate", "x", "y"]).status.code(), Some(2));
    assert_eq!(
        buildout(&["run", "a.ron", "--bogus"]).status.code(),
        Some(2)
    );
    let help = buildout(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let h = text(&help.stdout);
    assert!(h.contains("Examples:") && h.contains("buildout run"), "{h}");
}

#[test]
fn diff_lists_changed_parameters_with_units_and_divergence() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    let s = buildout::model::Scenario::template();
    let mut t = s.clone();
    t.segments[1].lead_time_years = 6.0;
    buildout::io::save(&a, &s).unwrap();
    buildout::io::save(&b, &t).unwrap();
    let out = buildout(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    assert!(o.contains("Parameters: 1 changed"), "{o}");
    assert!(
        o.contains("segments[Power].lead_time_years [years]: 4 → 6"),
        "{o}"
    );
    // Power built with a 4-year lead enters service in 2029 instead of 2031.
    assert!(o.contains("Power in service: from 2029"), "{o}");
    assert!(Path::new(env!("CARGO_BIN_EXE_buildout")).exists());
}

#[test]
fn an_older_file_is_checked_and_said_to_be_upgraded() {
    let out = buildout(&["check", "tests/fixtures/v1.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "format version 1, upgraded to version {}",
            buildout::model::FILE_VERSION
        )),
        "{err}"
    );
    assert!(text(&out.stdout).contains("v1.ron: ok"));
}

#[test]
fn optimise_prints_the_optimum_and_writes_a_schedule_that_runs_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("plan.ron");
    let text_in = std::fs::read_to_string("tests/golden/scenarios/chain.ron").unwrap();
    std::fs::write(&src, &text_in).unwrap();
    let best = dir.path().join("best.ron");
    let out = buildout(&[
        "optimise",
        src.to_str().unwrap(),
        "--write",
        best.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    assert!(
        o.contains("optimal plan for cumulative delivered compute"),
        "{o}"
    );
    assert!(o.contains("% of the best plan"), "{o}");
    assert!(o.contains("What one more $1B buys"), "{o}");
    // The written file keeps the source's comments and runs to the optimum.
    let written = std::fs::read_to_string(&best).unwrap();
    assert!(
        written.contains("// Golden fixture: the chain."),
        "{written}"
    );
    assert!(written.contains("allocation: Schedule("), "{written}");
    let run = buildout(&["run", best.to_str().unwrap(), "--json"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let json = text(&run.stdout);
    let value = |key: &str| -> f64 {
        let at = json
            .find(&format!("\"{key}\": "))
            .unwrap_or_else(|| panic!("{key}: {json}"));
        let rest = &json[at + key.len() + 4..];
        let end = rest.find([',', '}']).unwrap();
        rest[..end].trim().parse().unwrap()
    };
    let plan = buildout::engine::optimal::optimise(
        &buildout::io::load(&src).unwrap(),
        &Default::default(),
    )
    .unwrap();
    let got = value("objective_value");
    assert!(
        (got - plan.value).abs() <= 1e-6 * plan.value.abs(),
        "{got} vs {}",
        plan.value
    );
    assert!(value("compute_end") > 0.0 && json.contains("\"residual_value_usd\": "));
    // Service that no cash covers is named with its period and source.
    let v3 = buildout(&["optimise", "tests/fixtures/v4.ron"]);
    assert_eq!(v3.status.code(), Some(1));
    let err = text(&v3.stderr);
    assert!(
        err.contains("debt service cannot be paid in 2034-Q4") && err.contains("Bonds"),
        "{err}"
    );
    // An unknown objective is a usage error.
    let bad = buildout(&[
        "optimise",
        src.to_str().unwrap(),
        "--objective",
        "happiness",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// `--mps` writes the programme before it is solved — one that cannot be solved too — in free
/// MPS whose header, rows and entries are the size `optimise` prints.
#[test]
fn optimise_writes_its_programme_as_mps() {
    let dir = tempfile::tempdir().unwrap();
    let mps = dir.path().join("chain.mps");
    let out = buildout(&[
        "optimise",
        "tests/golden/scenarios/chain.ron",
        "--mps",
        mps.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    let lines: Vec<&str> = o.lines().collect();
    assert_eq!(
        lines[0],
        format!("wrote {} (the programme, free MPS)", mps.display())
    );
    // "  programme: R rows, C columns, N nonzeros; …"
    let size = lines
        .iter()
        .find_map(|l| l.strip_prefix("  programme: "))
        .unwrap();
    let n: Vec<usize> = size
        .split(';')
        .next()
        .unwrap()
        .split(", ")
        .map(|w| w.split(' ').next().unwrap().parse().unwrap())
        .collect();
    let file = std::fs::read_to_string(&mps).unwrap();
    // The comments say what the scenario's segments are, then the size.
    let header: Vec<&str> = file.lines().take(7).collect();
    assert_eq!(
        header[2],
        "* segments: [0] Fabs, [1] Power, [2] Data centres"
    );
    assert_eq!(
        header[4..],
        [
            format!(
                "* MAXIMISE the row `objective`: {} rows, {} columns, {} nonzeros",
                n[0], n[1], n[2]
            )
            .as_str(),
            "NAME buildout",
            "ROWS"
        ]
    );
    let section = |name: &str| -> Vec<&str> {
        file.lines()
            .skip_while(|l| *l != name)
            .skip(1)
            .take_while(|l| l.starts_with(' '))
            .collect()
    };
    assert_eq!(
        section("ROWS").len(),
        n[0] + 1,
        "the rows and the objective"
    );
    let entries = section("COLUMNS");
    let not_objective = entries
        .iter()
        .filter(|l| l.split(' ').nth(2) != Some("objective"));
    assert_eq!(not_objective.count(), n[2]);
    assert_eq!(file.lines().last(), Some("ENDATA"));
    // Service that no cash covers has no programme to write: the message says why.
    let v4 = dir.path().join("v4.mps");
    let out = buildout(&[
        "optimise",
        "tests/fixtures/v4.ron",
        "--mps",
        v4.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{}: no programme: debt service cannot be paid in 2034-Q4",
            v4.display()
        )),
        "{err}"
    );
    assert!(!v4.exists());
    // Where it cannot be written, the file is named and nothing is solved.
    let nowhere = dir.path().join("no-such-folder").join("x.mps");
    let out = buildout(&[
        "optimise",
        "tests/golden/scenarios/chain.ron",
        "--mps",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("{}: cannot write: ", nowhere.display())),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "");
}

// `buildout set`: edits a file in place with the patching writer, refuses invalid results,
// and `--dry-run` prints the diff.

/// A copy of a shipped scenario in a fresh folder.
fn copy_of(name: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    let original = std::fs::read_to_string(src).unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &original).unwrap();
    let p = path.to_str().unwrap().to_owned();
    (dir, p, original)
}

const POWER_CAPEX: &str = "segments[Power].capex_usd_per_unit=2.6M";

/// The edited line, and — the number being uncertain — its driver's line: the distribution
/// follows the number (same ratio: 2.4e6 → 2.6e6 takes the high end 4.0e6 to 4.33e6).
#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let (_dir, path, original) = copy_of("accelerated-7t.ron");
    let out = buildout(&["set", &path, POWER_CAPEX, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let line = original
        .lines()
        .position(|l| l == "            capex_usd_per_unit: 2.4e6,")
        .unwrap()
        + 1;
    let context: Vec<&str> = original.lines().collect();
    let mut want = format!(
        "--- a/{path}\n+++ b/{path}\n@@ -{},7 +{},7 @@\n",
        line - 3,
        line - 3
    );
    for l in &context[line - 4..line - 1] {
        want.push_str(&format!(" {l}\n"));
    }
    want.push_str(
        "-            capex_usd_per_unit: 2.4e6,\n+            capex_usd_per_unit: 2.6e6,\n",
    );
    for l in &context[line..line + 3] {
        want.push_str(&format!(" {l}\n"));
    }
    assert!(stdout.starts_with(&want), "{stdout}");
    let rest = &stdout[want.len()..];
    assert!(
        rest.contains("-        (path: \"segments[Power].capex_usd_per_unit\", distribution: Triangular(low: 2.4e6, mode: 2.4e6, high: 4.0e6)),\n+        (path: \"segments[Power].capex_usd_per_unit\", distribution: Triangular(low: 2.6e6, mode: 2.6e6, high: 4.333333333333333e6)),"),
        "{rest}"
    );
    assert_eq!(rest.matches("\n-").count(), 1, "{rest}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn set_edits_in_place_with_a_backup_and_says_what_changed() {
    let (_dir, path, original) = copy_of("baseline.ron");
    let out = buildout(&[
        "set",
        &path,
        "segments[Power].lead_time_years=6 years",
        "funding[Stargate].kind.required_return=12%",
    ]);
    let stderr = text(&out.stderr);
    if out.status.code() != Some(0) {
        // The baseline may name its sources differently: list what it has.
        panic!("{stderr}\n{}", text(&buildout(&["params", &path]).stdout));
    }
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("segments[Power].lead_time_years: "),
        "{stdout}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let d = buildout::io::line_diff::changes(&original, &after);
    assert_eq!(d.removed.len(), d.added.len(), "{d:?}");
    assert!(
        d.added.iter().any(|l| l.contains("lead_time_years: 6.0")),
        "{d:?}"
    );
    assert!(
        d.added.contains(
            &"            kind: Equity(required_return: 0.12), // assumption, as above".to_owned()
        ),
        "{d:?}"
    );
    assert_eq!(
        std::fs::read_to_string(buildout::io::backup_path(Path::new(&path))).unwrap(),
        original
    );
    assert_eq!(
        buildout::io::lex::comments(&after).len(),
        buildout::io::lex::comments(&original).len()
    );
}

#[test]
fn an_invalid_result_is_refused_with_the_fields_message_and_nothing_written() {
    let (_dir, path, original) = copy_of("accelerated-7t.ron");
    let out = buildout(&["set", &path, "segments[Power].lifetime_years=-3"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("segments[Power].lifetime_years"),
        "{stderr}"
    );
    assert!(stderr.contains("not changed"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Unknown paths and values that are not numbers: exit 1, with what to do.
    let out = buildout(&["set", &path, "segments[Nope].lead_time_years=3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("buildout params FILE"));
    let out = buildout(&["set", &path, "segments[Power].lead_time_years=soon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not one"));
    // A malformed assignment is a usage error.
    let out = buildout(&["set", &path, "segments[Power].lead_time_years"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PATH=VALUE"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn the_readme_shows_the_real_dry_run_output() {
    let (dir, _path, _) = copy_of("accelerated-7t.ron");
    let out = Command::new(env!("CARGO_BIN_EXE_buildout"))
        .args(["set", "accelerated-7t.ron", POWER_CAPEX, "--dry-run"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown = format!("--dry-run\n{}```", text(&out.stdout));
    assert!(
        readme.contains(&shown),
        "README's example is stale:\n{}",
        text(&out.stdout)
    );
}

/// The README's `sweep` example is what the command prints.
#[test]
fn the_readme_shows_the_real_sweep_output() {
    let args = [
        "sweep",
        "scenarios/accelerated-7t.ron",
        "--param",
        "segments[Power].lead_time_years",
        "--values",
        "3,4,5,6,7",
    ];
    let out = buildout(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown = format!(
        "$ buildout sweep scenarios/accelerated-7t.ron --param '{}' --values 3,4,5,6,7\n{}```",
        args[3],
        text(&out.stdout)
    );
    assert!(
        readme.contains(&shown),
        "README's example is stale:\n{}",
        text(&out.stdout)
    );
}

const CAPEX_DRIVER: &str = "(path: \"segments[Fabs].capex_usd_per_unit\", distribution: \
                            Uniform(low: 4.0e5, high: 7.0e5))";

/// The one-segment pipeline of the PySD comparison with these uncertainty drivers, written
/// into `dir`.
fn one_segment_with(dir: &Path, drivers: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pysd/one-segment.ron"),
    )
    .unwrap();
    let end = text.rfind(')').unwrap();
    let path = dir.join("one.ron");
    std::fs::write(
        &path,
        format!("{}    uncertainty: [{drivers}],\n)\n", &text[..end]),
    )
    .unwrap();
    path
}

/// `tornado --importance` on the one-segment pipeline with its capex uncertain: the tornado,
/// then the importance header with the design's size (N·(k + 2) runs) and one line per
/// driver. With one driver, compute at the end falls strictly as capex rises: ρ = −1 exactly,
/// and that driver holds about all the variance. `--samples` alone is a usage error.
#[test]
fn tornado_importance_prints_rank_correlation_and_sobol_indices() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_segment_with(dir.path(), CAPEX_DRIVER);
    let p = path.to_str().unwrap();
    let out = buildout(&[
        "tornado",
        p,
        "--kpi",
        "compute_end",
        "--importance",
        "--samples",
        "500",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("Importance of"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(
        lines[at],
        "Importance of compute_end — 500 base rows, 1500 runs, seed 1"
    );
    let row = lines[at + 2];
    let rest = row
        .strip_prefix("  segments[Fabs].capex_usd_per_unit: ρ -1.00, S1 ")
        .unwrap_or_else(|| panic!("{row}"));
    let (s1, st) = rest.split_once(", ST ").unwrap();
    for x in [s1, st] {
        let v: f64 = x.parse().unwrap();
        assert!((0.8..=1.2).contains(&v), "{row}");
    }
    assert_eq!(lines.len(), at + 3, "{stdout}");
    let usage = buildout(&["tornado", p, "--kpi", "compute_end", "--samples", "64"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// A run split into 4 pieces (`mc --shard K/4 --piece`) and joined (`mc-merge`) prints the
/// same percentiles and writes the same samples CSV and fan CSV, byte for byte, as one run of
/// all the samples; pieces that overlap, leave a gap or belong to another run are refused
/// with a message naming the problem.
#[test]
fn four_shards_merge_into_exactly_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let two = format!(
        "{CAPEX_DRIVER}, (path: \"segments[Fabs].lead_time_years\", distribution: \
         Triangular(low: 1.5, mode: 2.0, high: 3.0))"
    );
    let path = one_segment_with(dir.path(), &two);
    let p = path.to_str().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let one = buildout(&[
        "mc",
        p,
        "--samples",
        "41",
        "--seed",
        "5",
        "--threads",
        "1",
        "--csv",
        &at("one.csv"),
        "--fan-csv",
        &at("one-fan.csv"),
    ]);
    assert!(one.status.success(), "{}", text(&one.stderr));
    let mut pieces = Vec::new();
    for k in 1..=4 {
        let piece = at(&format!("piece{k}"));
        let out = buildout(&[
            "mc",
            p,
            "--samples",
            "41",
            "--seed",
            "5",
            "--shard",
            &format!("{k}/4"),
            "--piece",
            &piece,
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        pieces.push(piece);
    }
    // In any order.
    let order = [&pieces[2], &pieces[0], &pieces[3], &pieces[1]];
    let mut args = vec!["mc-merge"];
    args.extend(order.iter().map(|s| s.as_str()));
    let (csv, fan) = (at("merged.csv"), at("merged-fan.csv"));
    args.extend(["--csv", &csv, "--fan-csv", &fan]);
    let merged = buildout(&args);
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let (a, b) = (text(&one.stdout), text(&merged.stdout));
    // The first line says how the numbers were made (time and threads, or pieces); the rest
    // is the same, but for the names of the CSV files written.
    let table = |t: &str| -> Vec<String> {
        t.lines()
            .skip(1)
            .filter(|l| !l.starts_with("wrote "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(table(&a), table(&b));
    assert!(table(&a).len() > 10, "{a}");
    assert!(
        b.lines()
            .next()
            .unwrap()
            .ends_with("41 samples (seed 5, first sample 0) over 2 drivers, joined from 4 pieces"),
        "{b}"
    );
    for (x, y) in [("one.csv", "merged.csv"), ("one-fan.csv", "merged-fan.csv")] {
        assert_eq!(
            std::fs::read(at(x)).unwrap(),
            std::fs::read(at(y)).unwrap(),
            "{x} and {y} differ"
        );
    }

    let refused = |args: &[&str], says: &str| {
        let mut all = vec!["mc-merge"];
        all.extend(args);
        let out = buildout(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    refused(
        &[&pieces[0], &pieces[1], &pieces[3]],
        "samples 20–29 are in no piece",
    );
    refused(
        &[&pieces[0], &pieces[1], &pieces[1], &pieces[2], &pieces[3]],
        "are in two pieces",
    );
    let other = at("other-seed");
    let out = buildout(&[
        "mc",
        p,
        "--samples",
        "41",
        "--seed",
        "6",
        "--shard",
        "4/4",
        "--piece",
        &other,
    ]);
    assert!(out.status.success());
    refused(
        &[&pieces[0], &pieces[1], &pieces[2], &other],
        "has other seed",
    );
    std::fs::write(at("junk"), "not a piece").unwrap();
    refused(
        &[&pieces[0], &at("junk")],
        "not a Buildout Monte Carlo piece",
    );
    let usage = buildout(&["mc", p, "--shard", "5/4", "--piece", &other]);
    assert_eq!(usage.status.code(), Some(2));
}

/// `--set` changes a number for one run and leaves the file alone: `run --set` prints what
/// `buildout set` and then `run` print, says what it changed (and how the driver on the number
/// moved with it, by the model's rule), and an unknown path or a value that does not read
/// exits 1 naming it.
#[test]
fn set_on_a_run_is_the_edit_without_the_file() {
    let (_dir, p, original) = copy_of("accelerated-7t.ron");
    let lead = "segments[Power].lead_time_years=5 years";
    let with = buildout(&["run", &p, "--set", lead]);
    assert!(with.status.success(), "{}", text(&with.stderr));
    assert!(
        text(&with.stderr).contains(
            "--set segments[Power].lead_time_years: 4 [years] → 5 [years] (its uncertainty \
             moves with it: Triangular(low:3.0,mode:4.0,high:7.0) → \
             Triangular(low:3.75,mode:5.0,high:8.75))"
        ),
        "{}",
        text(&with.stderr)
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), original);
    assert!(buildout(&["set", &p, lead]).status.success());
    let edited = buildout(&["run", &p]);
    assert_eq!(text(&with.stdout), text(&edited.stdout));
    assert_ne!(
        text(&with.stdout),
        text(&buildout(&["run", &format!("{p}.bak")]).stdout)
    );

    let unknown = buildout(&["run", &p, "--set", "segments[Nope].capex_usd_per_unit=1"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr).contains("`segments[Nope].capex_usd_per_unit` is not a parameter")
    );
    let bad = buildout(&[
        "tornado",
        &p,
        "--kpi",
        "compute_end",
        "--set",
        "segments[Power].lead_time_years=abc",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("`abc` is not one"),
        "{}",
        text(&bad.stderr)
    );
    let invalid = buildout(&["marginal", &p, "--set", "segments[Power].lifetime_years=-3"]);
    assert_eq!(invalid.status.code(), Some(1), "{}", text(&invalid.stderr));
    assert!(
        text(&invalid.stderr).contains("with --set"),
        "{}",
        text(&invalid.stderr)
    );
}

/// `sweep` prints one row per value with the KPIs, and its CSV holds the very numbers the
/// engine gives for each value (full precision, read back by the library).
#[test]
fn sweep_tabulates_the_kpis_of_each_value() {
    let (dir, p, _) = copy_of("accelerated-7t.ron");
    let csv = dir.path().join("sweep.csv");
    let path = "segments[Power].lead_time_years";
    let out = buildout(&[
        "sweep",
        &p,
        "--param",
        path,
        "--values",
        "3,5 years,7",
        "--kpi",
        "compute_end",
        "--kpi",
        "delivered compute@2030",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("Sweep of {path} in {p}"));
    assert!(
        lines[1]
            .split_whitespace()
            .eq([path, "compute_end", "delivered", "compute@2030"]),
        "{stdout}"
    );
    for (line, v) in lines[2..5].iter().zip(["3 years", "5 years", "7 years"]) {
        assert!(line.trim_start().starts_with(v), "{stdout}");
    }
    let rows: Vec<Vec<f64>> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    let s = buildout::io::load(Path::new(&p)).unwrap();
    for (row, years) in rows.iter().zip([3.0, 5.0, 7.0]) {
        let mut c = s.clone();
        buildout::model::set_param(&mut c, path, &years.to_string()).unwrap();
        // The shipped file is optimal: each value is its own optimum.
        let o = buildout::engine::optimal::planned_outcome(&c).unwrap();
        let at_2030 = buildout::engine::metrics::MetricKey::parse("delivered compute@2030")
            .value(&o)
            .unwrap();
        assert_eq!(row, &vec![years, o.kpis.compute_end, at_2030]);
    }
    let bad = buildout(&["sweep", &p, "--param", path, "--values", "3,x"]);
    assert_eq!(bad.status.code(), Some(1));
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// `tornado`, `seek`, `marginal` and `sweep` show values with their units as the window does
/// (`$2.40M per MW`, `5 years`), never as raw floats, and `--json` gives the engine's very
/// numbers (bit for bit) with their units.
#[test]
fn analyses_read_with_units_and_give_exact_json() {
    use buildout::format::param_unit;
    // Quarterly: the tornado and goal seek of the optimal plan re-optimise every value.
    let (_dir, p) = optimal_copy();
    let s = buildout::io::load(Path::new(&p)).unwrap();
    let unit_of = |path: &str| buildout::model::param_unit_text(&s, path).unwrap();

    let t = buildout::engine::sensitivity::tornado(&s, "compute_end").unwrap();
    let out = buildout(&["tornado", &p, "--kpi", "compute_end"]);
    let stdout = text(&out.stdout);
    for b in &t.bars {
        let u = unit_of(&b.path);
        let shown = format!(
            "  {}: {} → {} gives",
            b.path,
            param_unit(&u).show(b.low_input),
            param_unit(&u).show(b.high_input)
        );
        assert!(stdout.contains(&shown), "{shown:?} in\n{stdout}");
        let raw = b.low_input.to_string();
        assert!(
            raw.len() < 8 || !stdout.contains(&raw),
            "raw float {raw} in\n{stdout}"
        );
    }
    let j = json(&buildout(&[
        "tornado",
        &p,
        "--kpi",
        "compute_end",
        "--json",
    ]));
    assert_eq!(j["base"].as_f64(), Some(t.base));
    let bars = j["bars"].as_array().unwrap();
    assert_eq!(bars.len(), t.bars.len());
    for (jb, b) in bars.iter().zip(&t.bars) {
        assert_eq!(jb["path"].as_str(), Some(b.path.as_str()));
        assert_eq!(jb["input_unit"].as_str(), Some(unit_of(&b.path).as_str()));
        assert_eq!(jb["low_input"].as_f64(), Some(b.low_input));
        // A value at which no optimal plan exists is NaN, written as null.
        assert_eq!(
            jb["at_high"].as_f64(),
            Some(b.at_high).filter(|x| x.is_finite())
        );
    }
    assert!(j["importance"].is_null());

    let param = "segments[Power].capex_usd_per_unit";
    let target = 0.8 * s_compute_end(&s);
    let q = buildout::engine::goalseek::Seek {
        path: param.to_owned(),
        metric: "compute_end".to_owned(),
        target,
        low: 1e5,
        high: 2e7,
    };
    let buildout::engine::goalseek::SeekAnswer::Found { value, .. } =
        buildout::engine::goalseek::goal_seek(&s, &q).unwrap()
    else {
        panic!("the target is reachable")
    };
    let args = [
        "seek",
        &p,
        "--param",
        param,
        "--kpi",
        "compute_end",
        "--target",
        &target.to_string(),
        "--low",
        "1e5",
        "--high",
        "2e7",
    ];
    let out = buildout(&args);
    let expected = format!(
        "{param} = {} makes",
        param_unit(&unit_of(param)).show(value)
    );
    assert!(
        text(&out.stdout).starts_with(&expected),
        "{}",
        text(&out.stdout)
    );
    assert!(
        expected.contains(" = $"),
        "money shown as money: {expected}"
    );
    let j = json(&buildout(&[&args[..], &["--json"]].concat()));
    assert_eq!(j["found"].as_bool(), Some(true));
    assert_eq!(j["value"].as_f64(), Some(value));
    assert_eq!(j["param_unit"].as_str(), Some(unit_of(param).as_str()));

    let dir = tempfile::tempdir().unwrap();
    let one = one_segment_with(dir.path(), CAPEX_DRIVER);
    let one_s = buildout::io::load(&one).unwrap();
    let m = buildout::engine::sensitivity::marginal(&one_s, 1e9);
    let j = json(&buildout(&["marginal", one.to_str().unwrap(), "--json"]));
    assert_eq!(j["unit"].as_str(), Some(m.unit.as_str()));
    assert_eq!(j["years"].as_array().unwrap().len(), m.years.len());
    for (row, expected) in j["gain"].as_array().unwrap().iter().zip(&m.gain) {
        assert_eq!(&numbers(row), expected);
    }

    let lead = "segments[Power].lead_time_years";
    let j = json(&buildout(&[
        "sweep",
        &p,
        "--param",
        lead,
        "--values",
        "3,6",
        "--kpi",
        "compute_end",
        "--json",
    ]));
    assert_eq!(numbers(&j["values"]), vec![3.0, 6.0]);
    assert_eq!(j["param_unit"].as_str(), Some("years"));
    for (row, years) in j["rows"].as_array().unwrap().iter().zip([3.0, 6.0]) {
        let mut c = s.clone();
        buildout::model::set_param(&mut c, lead, &years.to_string()).unwrap();
        assert_eq!(
            numbers(row),
            vec![
                buildout::engine::optimal::planned_outcome(&c)
                    .unwrap()
                    .kpis
                    .compute_end
            ]
        );
    }
}

fn s_compute_end(s: &buildout::model::Scenario) -> f64 {
    buildout::engine::optimal::planned_outcome(s)
        .unwrap()
        .kpis
        .compute_end
}

/// `run` shows the allocation against the optimal plan in the objective's units and as a
/// share of the best plan, and `run --json` gives both numbers in full.
#[test]
fn run_shows_the_allocation_against_the_optimal_plan() {
    use buildout::engine::optimal::{Gap, optimise};
    // The shipped file is the optimal plan itself, and says so.
    let own = text(&buildout(&["run", "scenarios/accelerated-7t.ron"]).stdout);
    assert!(
        own.lines().any(|l| l
            == "Against the optimal plan (cumulative delivered compute): the file's allocation \
                is the optimal plan: 167G [PFLOP/s·years]"),
        "{own}"
    );
    // Under Balanced, the share of the best plan it reaches.
    let (_dir, p, original) = copy_of("accelerated-7t.ron");
    std::fs::write(
        &p,
        original.replacen("allocation: Optimal(),", "allocation: Balanced(),", 1),
    )
    .unwrap();
    let p = p.as_str();
    let s = buildout::io::load(Path::new(p)).unwrap();
    let plan = optimise(&s, &Default::default()).unwrap();
    let gap = Gap::of(&s, &plan, &buildout::engine::simulate(&s));
    let share = gap.share().unwrap();
    assert!(share > 0.0 && share <= 1.0 + 1e-9, "{share}");
    let out = buildout(&["run", p]);
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Against the optimal plan (cumulative delivered compute): "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.ends_with(&format!("— {:.1} % of the best plan", 100.0 * share)),
        "{line}"
    );
    let j = json(&buildout(&["run", p, "--json"]));
    assert_eq!(j["optimum_value"].as_f64(), Some(gap.optimum));
    assert_eq!(j["objective_value"].as_f64(), Some(gap.own));
}

/// The $7T scenario (an `Optimal` one) in quarters (a quick programme), in a temporary file.
fn optimal_copy() -> (tempfile::TempDir, String) {
    let (dir, p, original) = copy_of("accelerated-7t.ron");
    assert!(original.contains("allocation: Optimal(),"));
    let text = original.replacen("period: Month,", "period: Quarter,", 1);
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

/// A sweep of an `Optimal` scenario re-optimises for every value: each row is the optimum of
/// that value's scenario; Monte Carlo says whether it holds the plan or re-plans.
#[test]
fn sweep_and_mc_of_an_optimal_scenario_say_how_they_treat_the_plan() {
    use buildout::engine::optimal::planned_outcome;
    let (_dir, p) = optimal_copy();
    let path = "segments[Power].capex_usd_per_unit";
    let out = buildout(&[
        "sweep",
        &p,
        "--param",
        path,
        "--values",
        "2.4M,3.2M",
        "--kpi",
        "compute_end",
        "--json",
    ]);
    let j = json(&out);
    let s = buildout::io::load(Path::new(&p)).unwrap();
    for (row, v) in j["rows"].as_array().unwrap().iter().zip(["2.4M", "3.2M"]) {
        let mut c = s.clone();
        buildout::model::set_param(&mut c, path, v).unwrap();
        let want = planned_outcome(&c).unwrap().kpis.compute_end;
        assert_eq!(numbers(row), vec![want], "{v}");
    }
    let held = buildout(&["mc", &p, "--samples", "2"]);
    assert!(held.status.success(), "{}", text(&held.stderr));
    assert!(
        text(&held.stdout).lines().any(|l| l
            == "The base case's optimal plan held fixed in every sample (the plan is committed, \
                the world varies); --reoptimise re-plans each."),
        "{}",
        text(&held.stdout)
    );
    let replanned = buildout(&["mc", &p, "--samples", "2", "--reoptimise"]);
    assert!(replanned.status.success(), "{}", text(&replanned.stderr));
    assert!(
        text(&replanned.stdout).lines().any(|l| l
            == "Each sample's optimal plan solved anew (--reoptimise): the world varies and the \
                plan follows it."),
        "{}",
        text(&replanned.stdout)
    );
}

/// `run --csv` adds the optimal plan's marginal values: what $1B more is worth in each period,
/// and spent on each segment in that period's year, in the objective's unit.
#[test]
fn run_csv_carries_the_optimal_plans_marginal_values() {
    let (dir, p) = optimal_copy();
    let csv = dir.path().join("run.csv");
    let out = buildout(&["run", &p, "--csv", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = buildout::io::load(Path::new(&p)).unwrap();
    let plan = buildout::engine::optimal::optimise(&s, &Default::default()).unwrap();
    let mut r = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
    };
    let money = col("value of $1B more [PFLOP/s·years]");
    let power = col("value of $1B more on Power in its year [PFLOP/s·years]");
    let k = s.segment_index("Power").unwrap();
    let ppy = s.horizon.periods_per_year();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), plan.installed.len());
    for (t, row) in rows.iter().enumerate() {
        let x = |c: usize| row[c].parse::<f64>().unwrap();
        assert_eq!(x(money), plan.marginal.treasury_per_usd[t] * 1e9, "{t}");
        assert_eq!(
            x(power),
            plan.marginal.segment_per_billion[k][t / ppy],
            "{t}"
        );
    }
    assert_eq!(header.last().map(String::as_str), Some("binding segment"));
}
