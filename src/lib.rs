//! Buildout: a scenario planner for large infrastructure build-outs — how capacity grows
//! against the capital that pays for it, which link of the chain binds, and where a plan breaks
//! a macro limit.
//!
//! - [`model`]: the scenario (plain data), validation and parameter paths.
//! - [`engine`]: the simulation, finance and KPIs — pure, no I/O.
//! - [`io`]: scenario files (RON) and CSV export.
//! - [`money`]: sources and uses of money, totals that add up.
//! - [`cli`]: the headless commands.
//! - `ui` (feature `gui`): the window.

pub mod cli;
pub mod engine;
pub mod format;
pub mod io;
pub mod model;
pub mod money;
#[cfg(feature = "gui")]
pub mod ui;
