//! `buildout set FILE PATH=VALUE…`: edits a scenario file in place with the patching writer,
//! so the file changes only where the values are (comments and layout stay). Paths are those
//! `buildout params` prints; values are read as the editor reads them (`2.6M`, `28B`, `12.5%`).
//! The edited scenario is validated first: an invalid result is refused with the field's
//! message and nothing is written. `--dry-run` prints the diff instead of writing.

use std::path::PathBuf;

use super::what_if::{AssignError, assign};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::io;
use crate::model::validate;

#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    /// One or more PATH=VALUE, e.g. 'segments[Power].capex_usd_per_unit=2.6M'.
    #[arg(required = true, value_name = "PATH=VALUE")]
    pub assignments: Vec<String>,
    /// Print the diff of the file instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(a: &Args) -> u8 {
    let (file, assignments, dry_run) = (a.file.as_path(), &a.assignments, a.dry_run);
    let Some(loaded) = super::load_reported(file) else {
        return EXIT_INVALID;
    };
    let mut s = loaded.scenario.clone();
    let mut changes = Vec::new();
    for a in assignments {
        match assign(&mut s, a) {
            Ok(change) => changes.push(change),
            Err(AssignError::Usage(m)) => {
                eprintln!("{m}");
                return EXIT_USAGE;
            }
            Err(AssignError::Invalid(m)) => {
                eprintln!("{}: {m}", file.display());
                return EXIT_INVALID;
            }
        }
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
