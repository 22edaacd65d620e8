//! Files: scenarios as RON (versioned, checked, saved atomically), outcomes as CSV, and the
//! comparison of two scenarios.
//!
//! Everything that touches the disk lives here; the model and engine stay pure.

mod csv_export;
mod diff;
pub mod lex;
mod scenario_file;

pub use csv_export::{write_csv, write_csv_file};
pub use diff::{Diff, Divergence, ParamChange, diff};
pub use scenario_file::write_atomically;
pub use scenario_file::{
    DEFAULT_SCENARIO_RON, LoadError, MAX_FILE_BYTES, SaveError, default_scenario, load, parse,
    save, to_ron,
};
