//! `buildout set FILE PATH=VALUE…`: edits a scenario file in place with the patching writer,
//! so the file changes only where the values are (comments and layout stay). Paths are those
//! `buildout params` prints; values are read as the editor reads them (`2.6M`, `28B`, `12.5%`).
//! The edited scenario is validated first: an invalid result is refused with the field's
//! message and nothing is written. `--dry-run` prints the diff instead of writing.

use std::path::Path;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, report_load_error};
use crate::io;
use crate::model::{params, set_param, validate};

pub(super) fn set_cmd(file: &Path, assignments: &[String], dry_run: bool) -> u8 {
    let loaded = match io::load_file(file) {
        Ok(l) => l,
        Err(e) => {
            report_load_error(&e);
            return EXIT_INVALID;
        }
    };
    let mut s = loaded.scenario.clone();
    let mut changes = Vec::new();
    for a in assignments {
        let Some((path, value)) = a.split_once('=') else {
            eprintln!(
                "`{a}`: write PATH=VALUE, e.g. 'segments[Power].capex_usd_per_unit=2.6M' \
                 (`buildout params {}` lists the paths)",
                file.display()
            );
            return EXIT_USAGE;
        };
        let path = path.trim();
        let before = shown(&s, path);
        if let Err(e) = set_param(&mut s, path, value.trim()) {
            eprintln!("{}: {e}", file.display());
            return EXIT_INVALID;
        }
        changes.push(format!("{path}: {before} → {}", shown(&s, path)));
    }
    let issues = validate(&s);
    if !issues.is_empty() {
        for i in &issues {
            eprintln!("{}: {i}", file.display());
        }
        eprintln!(
            "{}: not changed (the result would be invalid)",
            file.display()
        );
        return EXIT_INVALID;
    }
    let (text, written) = io::patch::write(Some(&loaded.text), &s);
    if written == io::Written::Rewritten {
        eprintln!(
            "{}: the file's layout could not be followed, so it is written afresh; its comments \
             stay in {}",
            file.display(),
            io::backup_path(file).display()
        );
    }
    if dry_run {
        let on_disk = std::fs::read_to_string(file).unwrap_or_else(|_| loaded.text.clone());
        let name = file.display();
        out!(
            "{}",
            io::line_diff::unified(&on_disk, &text, &format!("a/{name}"), &format!("b/{name}"))
                .trim_end()
        );
        return EXIT_OK;
    }
    if let Err(e) = io::save_bytes(file, text.as_bytes()) {
        eprintln!("{e}");
        return EXIT_INVALID;
    }
    for c in &changes {
        out!("{}: {c}", file.display());
    }
    EXIT_OK
}

/// The parameter's value and unit, as `buildout diff` shows them: `$2.40M (2400000) [USD per MW]`.
fn shown(s: &crate::model::Scenario, path: &str) -> String {
    let p = params(s).into_iter().find(|p| p.path == path);
    let unit = p.as_ref().map_or("", |p| p.unit.as_str());
    let value = super::show(&p.as_ref().map(|p| p.value.clone()), unit);
    if unit.is_empty() {
        value
    } else {
        format!("{value} [{unit}]")
    }
}
