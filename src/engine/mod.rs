//! The simulation engine: [`simulate`] turns a [`Scenario`](crate::model::Scenario) into an
//! [`Outcome`]. Pure and deterministic: no I/O, no globals, no randomness.
//!
//! # The rules, period by period
//!
//! Time runs in periods of `Δt` years (1/12, 1/4 or 1). Curves are read at the start of each
//! period. Durations become whole periods, rounded to nearest: `L` (lead), `R` (ramp, at least
//! 1), `N` (lifetime). In period `i`:
//!
//! 1. **Funding.** Each source offers `inflow(t)·Δt`; the draw is that, capped by what is left
//!    of its calendar-year cap and of its total cap. `cash = treasury + Σ draws`.
//! 2. **Revenue** `= price(t) · utilisation(t) · F_active(i−1) · Δt`, on the hosted fleet at the
//!    start of the period (the initial fleet in period 0). `cash += revenue`.
//! 3. **Opex** `= Σ_s opex_s · in_service_s(i−1) · Δt` (installed base included). Paid from
//!    cash; what cash cannot cover is reported as opex shortfall.
//! 4. **Debt service.** Each debt source's scheduled payment (see [`finance`]) plus its arrears
//!    grown by one period's interest is due; cash pays all sources pro rata; the unpaid part
//!    becomes the source's arrears (reported as debt service shortfall, never dropped). Interest
//!    is `r` × the balance at the start of the period (plus `r` × arrears); the rest of a
//!    scheduled payment repays principal. Draws join the balance after this period's service.
//! 5. **Spend.** All remaining cash is the budget. `Shares`: segment `s` is offered
//!    `budget · share_s(t)` (shares scaled down if they sum above 1). `Schedule`: segment `s`
//!    is offered its scheduled `usd_per_year(t)·Δt`, all offers scaled down pro rata if they
//!    exceed the budget (see `schedule`). `Optimal` is simulated from the schedule its
//!    optimisation returns ([`optimal`]); unsolved, it follows `Balanced`. `Balanced`: fixed shares
//!    as above, the rest is water-filled across the chain segments (see `allocate`) on their
//!    committed capacity (in service or building) in accelerator equivalents — production
//!    `units · accelerators/unit-yr · accelerator lifetime`, hosting `units / units per
//!    accelerator` — paced to the links that take longer to reach full output: a link whose
//!    starts reach full output after `d = L + R − 1` periods may rise (in service at `i + d`:
//!    committed now, less scheduled retirements) only to what each slower link `r` of the same
//!    role (hosting or production) will have in service at `i + d` — its commitments up to
//!    `i + d − L_r`, its installed base and baseline additions by then — to everything a
//!    slower link of the other role has committed so far (a fleet fills its room over years),
//!    and to what a faster link with a supply-chain cap can reach by `i + d` (all it has
//!    committed plus its cap for the periods it can still start in), each plus a headroom of
//!    2 % ([`PACING_HEADROOM`]), so that the link setting the pace is the one that binds. Money
//!    that no link can use yet stays in the treasury. A segment spends
//!    `min(offer, cap(t)·Δt · capex)`; the rest stays in the treasury. Starts
//!    `= spend / capex_s(i)`, with Wright's law `capex_s = capex₀ · (Q/Q₀)^log₂(1 − learning
//!    rate)`, `Q = Q₀ +` capacity that has entered service so far, `Q₀` the learning base
//!    (default: installed base). Baseline additions `b(t)·Δt` enter service this period
//!    without cost. `treasury' = cash − spend`, so every period
//!    `treasury' = treasury + draws + revenue − opex paid − service paid − spend`.
//! 6. **Capacity.** Units started in `i` are under construction until `i + L`, enter service
//!    then, produce `min(1, (k+1)/R)` of nameplate in their `k`-th period of service and retire
//!    after `N` periods. The installed base ages uniformly: `base(i) = B₀·max(0, 1 − i·Δt/life)`.
//!    Interest during construction `= interest · (plan capital still building / plan capital
//!    spent)`, both at the start of the period.
//! 7. **Chain.** `P = min_s effective_s · accelerators_per_unit_year_s` over production links
//!    (0 without any), `H = min_h effective_h / units_per_accelerator_h` over hosting links (∞
//!    without any). Cohorts older than the accelerator lifetime leave the fleet (the initial
//!    fleet declines linearly over one lifetime) giving `F'`; then
//!    `installed = min(P·Δt, max(0, H − F'))` (and, under a `Schedule` that says, at most its
//!    `installations_per_year(t)·Δt`), `F = F' + installed`, idle output
//!    `= P·Δt − installed`. The binding segment is the production link with the smallest `P`
//!    when `P·Δt ≤ H − F'`, else the hosting link with the smallest `H`. Stranded
//!    `= max(0, F − H)`; compute `= Σ cohorts count · performance(install time) · min(1, H/F)`
//!    (the initial fleet at the performance of the start). Demand shortfall
//!    `= max(0, demand − compute)`.
//!
//! Benchmarks compare each calendar year's measured flow with the benchmark's value at the
//! start of that year. KPIs: totals, end values, capacity at the KPI years' ends, plan capital
//! per unit started, NPV at the revenue's discount rate and IRR of the cash flows
//! `revenue − opex − spend` plus, one period after the horizon, the residual value (each
//! start's cost depreciated straight-line over its lifetime from entering service, full while
//! building), each benchmark's peak share and breach years, and the first year each constraint
//! binds.

mod allocate;
mod columns;
pub mod finance;
mod funding;
pub mod goalseek;
mod kpis;
pub mod metrics;
pub mod montecarlo;
pub mod optimal;
mod outcome;
mod schedule;
mod segment;
pub mod sensitivity;
mod simulate;
mod sink;

pub use columns::{ColumnId, SegmentColumn};
pub use outcome::{
    BenchmarkKpi, BenchmarkSeries, CapacityAt, ChainSeries, Column, Kpis, LinkSeries, Outcome,
    Role, SegmentSeries, SourceSeries,
};
pub use simulate::{PACING_HEADROOM, Workspace, simulate, simulate_into};
pub use sink::{ChainRow, KpiSink, OutcomeSink, PeriodView, RunEnd, SegmentRow, Sink, SourceRow};

#[cfg(test)]
mod tests;
