// The engine's rules live in `rules.md`: the same text is the window's Help page "How
// Buildout computes" (`crate::ui::help`), so the two cannot drift apart.
#![doc = include_str!("rules.md")]

mod allocate;
mod columns;
pub mod compare;
pub mod finance;
mod funding;
pub mod goalseek;
pub mod importance;
mod kpis;
pub mod metrics;
pub mod montecarlo;
pub mod optimal;
mod outcome;
mod period;
mod schedule;
mod segment;
pub mod sensitivity;
pub mod series;
mod simulate;
mod sink;

pub use columns::{ColumnId, SegmentColumn};
pub use outcome::{
    BenchmarkKpi, BenchmarkSeries, CapacityAt, ChainSeries, Column, Kpis, LinkSeries, Outcome,
    Role, SegmentSeries, SourceSeries,
};
pub use simulate::{PACING_HEADROOM, Workspace, simulate, simulate_into};
pub use sink::{
    ChainRow, KpiSink, OutcomeSink, PeriodView, RunEnd, SegmentPeriod, Sink, SourcePeriod,
};

#[cfg(test)]
mod tests;
