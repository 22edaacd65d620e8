//! `buildout check FILE…`: validates scenario files and prints each problem with
//! file:line:column (a file that does not read) or the field's path (a value out of range).

use std::path::PathBuf;

use super::{EXIT_INVALID, EXIT_OK, load_valid};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// One or more scenario files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub(super) fn run(a: &Args) -> u8 {
    let mut ok = true;
    for f in &a.files {
        if load_valid(f).is_some() {
            out!("{}: ok", f.display());
        } else {
            ok = false;
        }
    }
    if ok { EXIT_OK } else { EXIT_INVALID }
}
