//! `buildout set`: edits a file in place with the patching writer, refuses invalid results,
//! and `--dry-run` prints the diff.

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

#[test]
fn dry_run_prints_a_one_line_diff_and_writes_nothing() {
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
    assert_eq!(stdout, want);
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
