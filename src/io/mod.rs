//! Files: scenarios as RON (versioned and migrated, checked, saved atomically with a backup),
//! crash recovery, outcomes as CSV, and the comparison of two scenarios.
//!
//! Everything that touches the disk lives here; the model and engine stay pure.

mod check;
mod comments;
mod csv_export;
mod diff;
pub mod lex;
pub mod migrate;
pub mod recovery;
mod save;
mod scenario_file;
mod stamp;

pub use check::{Checked, check_bytes};
pub use comments::{comments_in_file, keep_commented_copy};
pub use csv_export::{write_csv, write_csv_file};
pub use diff::{Diff, Divergence, ParamChange, diff};
pub use save::{Backup, SaveError, Saved, backup_path, save, save_bytes, write_atomically};
pub use scenario_file::{
    DEFAULT_SCENARIO_RON, LoadError, Loaded, MAX_FILE_BYTES, default_scenario, load, load_file,
    parse, parse_bytes, to_ron,
};
pub use stamp::FileStamp;
