//! Files: scenarios as RON (versioned and migrated, checked, saved atomically with a backup by
//! patching the text they were loaded from), crash recovery, outcomes, Monte Carlo samples and
//! sweeps as CSV, pieces of sharded runs, the parameter diff of two scenarios, line diffs of
//! two texts, and HTML reports.
//!
//! Everything that touches the disk lives here; the model and engine stay pure.

mod check;
mod csv_export;
mod diff;
pub mod lex;
pub mod line_diff;
pub mod mc_piece;
pub mod migrate;
pub mod patch;
pub mod recovery;
mod report_file;
mod save;
mod scenario_file;
mod stamp;
mod tables;
pub mod text_edit;

pub use check::{Checked, check_bytes};
pub use csv_export::{write_csv, write_csv_file, write_csv_with};
pub use diff::{ParamChange, param_changes};
pub use patch::Written;
pub use report_file::{today_utc, write_report};
pub use save::{
    Backup, SaveError, Saved, backup_path, save, save_bytes, save_over, write_atomically,
};
pub use scenario_file::{
    DEFAULT_SCENARIO_RON, LoadError, Loaded, MAX_FILE_BYTES, default_scenario, load, load_file,
    parse, parse_bytes, parse_source, to_ron,
};
pub use stamp::FileStamp;
pub use tables::{fan_csv, samples_csv, sweep_csv};
