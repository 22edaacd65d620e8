//! Buildout: a scenario planner for large infrastructure build-outs — how capacity grows
//! against the capital that pays for it, which link of the chain binds, and where a plan breaks
//! a macro limit.
//!
//! - [`model`]: the scenario (plain data), validation, parameter paths and their names.
//! - [`engine`]: the simulation, its analyses (Monte Carlo, tornado, importance, goal seek,
//!   marginal value, comparison) and the optimal plan (a linear programme) — pure, no I/O.
//! - [`io`]: scenario files (RON: load, migrate, patch-save), crash recovery, CSV tables,
//!   pieces of sharded runs, the parameter diff.
//! - [`format`](mod@format): how numbers and units read, the KPI list.
//! - [`money`]: sources and uses of money, totals that add up.
//! - [`report`]: the self-contained HTML report (inline SVG plots, no egui).
//! - [`cli`]: the headless commands, one module each.
//! - `ui` (feature `gui`): the window.

pub mod cli;
pub mod engine;
pub mod format;
pub mod io;
pub mod model;
pub mod money;
pub mod report;
#[cfg(feature = "gui")]
pub mod ui;
