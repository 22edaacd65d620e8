//! The `buildout` binary: parse the command line, then run a headless command or open the
//! window.

use std::process::ExitCode;

use buildout::cli::{self, Cli, EXIT_USAGE};
use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; real usage errors exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Some(command) => cli::run(command),
        None => open_window(cli.file, cli.screenshot),
    }
}

#[cfg(feature = "gui")]
fn open_window(
    file: Option<std::path::PathBuf>,
    screenshot: Option<std::path::PathBuf>,
) -> ExitCode {
    // The crash-recovery test mode: no window (see `buildout::ui::headless`).
    if let Ok(name) = std::env::var(buildout::ui::headless::EDIT_VAR) {
        return buildout::ui::headless::edit_until_killed(file, &name);
    }
    buildout::ui::run(file, screenshot)
}

#[cfg(not(feature = "gui"))]
fn open_window(
    _file: Option<std::path::PathBuf>,
    _screenshot: Option<std::path::PathBuf>,
) -> ExitCode {
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "this buildout was built without the window (feature `gui`); use a command such as \
             `buildout run FILE` (see `buildout --help`)"
        );
    }
    ExitCode::from(EXIT_USAGE)
}
