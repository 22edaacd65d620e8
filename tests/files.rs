//! Scenario files: every shipped file loads, validates, simulates and round-trips; broken
//! files are refused with file:line:column; saves are atomic; CSV has a column per series.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod skip;

use std::path::{Path, PathBuf};

use buildout::engine::simulate;
use buildout::io::{self, LoadError};
use buildout::model::{FILE_VERSION, Scenario, validate};
use skip::skip;

fn shipped() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_three_shipped_scenarios_are_there() {
    let names: Vec<String> = shipped()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in [
        "accelerated-7t.ron",
        "baseline.ron",
        "power-constrained-5t.ron",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "missing {want} in {names:?}"
        );
    }
}

#[test]
fn every_shipped_scenario_loads_validates_simulates_and_round_trips() {
    for path in shipped() {
        let s = io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(validate(&s), vec![], "{}", path.display());
        let o = simulate(&s);
        assert_eq!(o.len(), s.horizon.len());
        for c in o.columns() {
            assert!(
                c.values.iter().all(|x| x.is_finite()),
                "{}: {}",
                path.display(),
                c.name
            );
        }
        assert!(
            o.kpis.spent_usd > 0.0,
            "{}: nothing is spent",
            path.display()
        );
        assert!(o.kpis.fleet_end > 0.0, "{}: no fleet", path.display());
        // Round trip through the writer: same scenario, and writing is stable.
        let text = io::to_ron(&s);
        let back = io::parse(&text, "round trip").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, s, "{}", path.display());
        assert_eq!(io::to_ron(&back), text);
        // Every number is cited or marked as an assumption: no bare number lines without a
        // comment nearby is too strict to check mechanically; check the file does cite.
        let raw = std::fs::read_to_string(&path).unwrap();
        assert!(
            raw.contains("assumption"),
            "{} marks no assumption",
            path.display()
        );
    }
}

#[test]
fn the_default_scenario_is_the_7t_file() {
    let file =
        io::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/accelerated-7t.ron"))
            .unwrap();
    assert_eq!(io::default_scenario(), file);
    assert_eq!(
        io::parse(io::DEFAULT_SCENARIO_RON, "default").unwrap(),
        file
    );
}

#[test]
fn the_template_is_valid_and_round_trips() {
    let s = Scenario::template();
    assert_eq!(validate(&s), vec![]);
    assert_eq!(io::parse(&io::to_ron(&s), "t").unwrap(), s);
}

fn template_text() -> String {
    io::to_ron(&Scenario::template())
}

/// The (line, column) of the first occurrence of `needle` in `text`, 1-based.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle present");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn a_syntax_error_names_line_and_column() {
    // Remove the comma after the name: the parser stops at the next field.
    let text = template_text().replacen("\"New scenario\",", "\"New scenario\"", 1);
    let err = io::parse(&text, "plan.ron").unwrap_err();
    let (line, col) = position_of(&text, "horizon:");
    assert_eq!(err.position(), Some((line, col)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("plan.ron:{line}:{col}: ")),
        "{msg}"
    );
}

#[test]
fn an_unknown_field_is_an_error_with_its_position() {
    let text = template_text().replacen("lead_time_years: 3.0,", "lead_time_yeers: 3.0,", 1);
    let err = io::parse(&text, "plan.ron").unwrap_err();
    let (line, _) = position_of(&text, "lead_time_yeers");
    assert_eq!(err.position().map(|p| p.0), Some(line), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("lead_time_yeers"), "{msg}");
    assert!(msg.contains("check the spelling"), "{msg}");
}

#[test]
fn non_finite_numbers_are_refused_where_they_are() {
    for bad in ["inf", "NaN", "-inf", "1e400"] {
        let text = template_text().replacen(
            "capex_usd_per_unit: 400000.0",
            &format!("capex_usd_per_unit: {bad}"),
            1,
        );
        let err = io::parse(&text, "plan.ron").unwrap_err();
        let (line, col) = position_of(&text, &format!("capex_usd_per_unit: {bad}"));
        let col = col + "capex_usd_per_unit: ".len();
        assert_eq!(err.position(), Some((line, col)), "{bad}: {err}");
        assert!(err.to_string().contains(bad), "{err}");
    }
}

#[test]
fn a_newer_file_is_refused_with_a_clear_message() {
    let text = template_text().replacen(
        &format!("version: {FILE_VERSION},"),
        &format!("version: {},", FILE_VERSION + 1),
        1,
    );
    let err = io::parse(&text, "plan.ron").unwrap_err();
    assert!(
        matches!(err, LoadError::NewerVersion { found, .. } if found == u64::from(FILE_VERSION) + 1)
    );
    assert!(err.to_string().contains("update Buildout"), "{err}");
}

#[test]
fn a_file_without_version_says_what_to_add() {
    let text = template_text().replacen(&format!("version: {FILE_VERSION},"), "", 1);
    let err = io::parse(&text, "plan.ron").unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("add `version: {FILE_VERSION},`")),
        "{err}"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    let mut bytes = b"(\n  version: 1,\n  name: \"Caf".to_vec();
    bytes.push(0xE9); // é in Latin-1
    bytes.extend_from_slice(b"\",\n)");
    std::fs::write(&path, &bytes).unwrap();
    let err = io::load(&path).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::NotUtf8 {
                line: 3,
                col: 13,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("save it as UTF-8"));
}

#[test]
fn oversized_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(io::MAX_FILE_BYTES + 1).unwrap();
    assert!(matches!(io::load(&big), Err(LoadError::TooLarge { .. })));
    let err = io::load(&dir.path().join("missing.ron")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(err.to_string().contains("missing.ron"));
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let text = format!(
        "(version: 1, name: {}1{})",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let err = io::parse(&text, "deep.ron").unwrap_err();
    assert!(err.position().is_some(), "{err}");
}

#[test]
fn save_is_atomic_and_loads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let s = Scenario::template();
    io::save(&path, &s).unwrap();
    assert_eq!(io::load(&path).unwrap(), s);
    assert!(!io::backup_path(&path).exists(), "nothing to back up yet");
    // Overwrite: the new content replaces the old, the old is kept as plan.ron.bak, and no
    // temporary file is left behind.
    let mut t = s.clone();
    t.name = "Second".into();
    let saved = io::save(&path, &t).unwrap();
    assert_eq!(io::load(&path).unwrap(), t);
    assert_eq!(io::load(&dir.path().join("plan.ron.bak")).unwrap(), s);
    assert_eq!(
        saved.backup,
        io::Backup::Kept(dir.path().join("plan.ron.bak"))
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["plan.ron", "plan.ron.bak"]);
}

#[test]
fn a_failed_save_leaves_the_old_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("no-such-dir").join("plan.ron");
    let err = io::save(&missing_dir, &Scenario::template()).unwrap_err();
    assert!(err.to_string().contains("your edits are kept"), "{err}");
    assert!(!missing_dir.exists());
}

#[test]
fn csv_has_one_column_per_series_with_units() {
    let s = io::default_scenario();
    let o = simulate(&s);
    let mut buf = Vec::new();
    io::write_csv(&o, &mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    assert_eq!(header.len(), o.columns().len() + 3);
    assert_eq!(&header[0], "period");
    assert!(header.iter().any(|h| h == "treasury [USD]"), "{header:?}");
    assert!(
        header
            .iter()
            .any(|h| h.ends_with("in service [MW]") || h.ends_with("in service [GW]")),
        "{header:?}"
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), o.len());
    // Every numeric cell parses back to the exact value.
    let cols = o.columns();
    for (i, row) in rows.iter().enumerate() {
        for (k, c) in cols.iter().enumerate() {
            assert_eq!(row[k + 2].parse::<f64>().unwrap(), c.values[i]);
        }
        assert_eq!(&row[header.len() - 1], o.binding_name(i));
    }
}

/// pandas reads the CSV with a numeric dtype for every series column. Runs where pandas is
/// installed; CI sets BUILDOUT_NO_SKIPS=1 so that it cannot be skipped there.
#[test]
fn pandas_reads_the_csv() {
    let have = std::process::Command::new("python3")
        .args(["-c", "import pandas"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        skip("pandas is not installed: the CSV is not read by pandas");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let o = simulate(&io::default_scenario());
    io::write_csv_file(&o, &[], &path).unwrap();
    let script = format!(
        "import pandas as pd\n\
         df = pd.read_csv({:?})\n\
         num = df.drop(columns=['period', 'binding segment'])\n\
         assert all(pd.api.types.is_float_dtype(t) or pd.api.types.is_integer_dtype(t) for t in num.dtypes), num.dtypes\n\
         assert len(df) == {}, len(df)\n\
         assert abs(df['treasury [USD]'].iloc[-1] - {}) <= 1e-6 * max(1.0, abs({}))\n\
         print(df.shape)",
        path.display().to_string(),
        o.len(),
        o.treasury_usd[o.len() - 1],
        o.treasury_usd[o.len() - 1],
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example in the README is a valid scenario.
#[test]
fn the_readme_example_loads_and_validates() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let s = io::parse(&readme[start..end], "README.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&s), vec![]);
    assert!(simulate(&s).kpis.fleet_end > 0.0);
}
