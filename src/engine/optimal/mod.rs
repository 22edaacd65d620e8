//! The optimal plan: the allocation that maximises the scenario's [`Objective`] under the
//! engine's rules, solved as a linear programme by HiGHS, and its marginal values. Pure: no
//! I/O, no window. [`optimise`] returns a [`Plan`] whose [`Schedule`] is simulated by
//! [`crate::engine::simulate`] like any other allocation — `simulate` itself never solves.
//!
//! # The programme
//!
//! It chooses, for every segment and period, how many units the plan starts, and for every
//! period how many accelerators are installed. What the engine decides greedily — installing
//! all that fits, paying what cash allows — is a decision or a constraint here, and the same
//! rule is applied by `simulate` to the schedule that comes out (see `schedule` in the engine):
//!
//! - installation is a decision: installed ≤ `P·Δt` and ≤ room `H − F′` (the programme may
//!   keep room for a later, faster cohort);
//! - no stranding: the fleet never exceeds the hosting room, in any period;
//! - opex and debt service are paid in full every period (a scenario in which even spending
//!   nothing cannot pay them is infeasible: [`OptimalError`] names the period and source);
//! - a fixed share (under `Optimal`) is a share of the period's total spend.
//!
//! Everything that does not depend on the plan — draws, debt service, the installed base and
//! baseline additions, the initial fleet, prices — is data, read from the engine itself by
//! simulating the scenario with nothing spent (see `data`).
//!
//! **Time and data.** Periods `i = 0 … n−1` of `Δt` years; durations in whole periods as the
//! engine rounds them: lead `L_s`, ramp `R_s ≥ 1`, life `N_s ≥ 1`, accelerator lifetime `A`. A
//! cohort produces `w_s(k) = min(1, (k+1)/R_s)` of nameplate in its `k`-th period of service,
//! `0 ≤ k < N_s`. `Xᵉ_s(t)`, `X_s(t)`: effective and nameplate capacity without the plan.
//! `c_s(t)`: unit capex; `ū_s(t) = max(0, cap_s(t))·Δt`; `D(t)`, `S(t)`: draws and service;
//! `f₀(t)`: the initial fleet left; `π(t)`: performance of an accelerator installed in `t`;
//! `ρ(t) = price·utilisation·Δt`.
//!
//! **Units.** Money in $B, accelerators in millions, compute and the objective in billions of
//! the performance unit, segment `s` in "units $1B buys at the initial capex".
//!
//! **Columns.** `u_s(i)` starts (`0 ≤ u ≤ ū_s(i)`; 0 when no capex or when `i + L_s ≥ n`: it
//! could never enter service), `K_s(t)` plan nameplate, `y(t)` installations, `F(t)` fleet,
//! `T(t) ≥ 0` treasury; `φ(t) ≥ 0` the fall of compute (never-falls rule), `z(t) ≥ 0` unmet
//! demand (that objective only).
//!
//! **Rows.**
//!
//! ```text
//! Nameplate  K_s(t) − K_s(t−1) − u_s(t−L_s) + u_s(t−L_s−N_s) = 0
//!            E_s(t) = K_s(t) − Σ_{k<min(R_s,N_s)} (1 − w_s(k))·u_s(t−L_s−k)     (effective)
//! Production y(t) ≤ Δt·a_s·(Xᵉ_s(t) + E_s(t))                        per production link
//! Hosting    F(t) ≤ (Xᵉ_h(t) + E_h(t)) / q_h                          per hosting link
//! Fleet      F(t) − F(t−1) − y(t) + y(t−A) = f₀(t) − f₀(t−1)
//! Treasury   T(t) − T(t−1) + Σ_s c_s(t)u_s(t) + Σ_s opex_s·Δt·K_s(t−1) − ρ(t)·F(t−1)
//!              = D(t) − S(t) − Σ_s opex_s·Δt·X_s(t−1)
//! Fixed      c_s(t)u_s(t) − φ_s(t)·Σ_k c_k(t)u_k(t) = 0                per fixed share
//! NeverFalls π(t)y(t) − π(t−A)y(t−A) + φ(t) ≥ −(f₀(t) − f₀(t−1))·π₀   t ≥ 1
//! Demand     z(t) + Σ_{t−A<j≤t} π(j)y(j) ≥ demand(t) − f₀(t)·π₀       unmet demand only
//! MinSpend   c_s(t)u_s(t) ≥ min_s(t)·Δt                                the planner's limits
//! MaxSpend   c_s(t)u_s(t) ≤ max_s(t)·Δt                                (`Optimal` only)
//! Committed  c_s(t)u_s(t) = k_s(t)·Δt            periods starting before the commitment's year
//! Change     −r_s·Δt ≤ (c_s(t)u_s(t) − c_s(t−1)u_s(t−1))/Δt ≤ r_s·Δt       t ≥ 1
//! ```
//!
//! **The planner's limits** ([`crate::model::SpendLimit`]) bound a segment's spend per year
//! (`min`, `max`), hold spend already committed (`k`), and bound how fast the spend per year
//! moves (`r`, USD per year per year). A start a minimum or a commitment makes the plan pay
//! for is allowed even where it cannot enter service before the end. Each row's dual is in
//! [`Marginal::links`] ([`LinkKind::MinSpend`] …). Limits no plan can meet — more than the
//! money, the supply-chain cap or the other limits allow — are named by
//! [`OptimalError::LimitUnmet`]: the first period in which the programme with each limit made
//! elastic (a violation column of cost −1 on each side, every other cost 0) still violates one.
//!
//! The hosting row is at once "installation within the room left" and "the fleet never
//! exceeds the room". Revenue is earned on the fleet at the start of the period, opex on the
//! capacity in service at the start (rules 2–3); in period 0 the initial treasury, fleet and
//! installed base go to the right-hand side.
//!
//! **Objective.** Cumulative compute: each accelerator installed in `j` counts
//! `π(j)·Δt·min(A, n − j)`, plus the initial fleet's `Σ_t f₀(t)·π₀·Δt`. Compute at the end:
//! `π(j)` for `j > n − 1 − A`, plus `f₀(n−1)·π₀`. Unmet demand: minimise `Σ_t z(t)·Δt`. NPV:
//! the engine's cash flows `ρ(t)·F(t−1) − opex(t) − Σ_s c_s(t)u_s(t)` discounted by
//! `v^t = (1 + rate)^(−tΔt)`, plus each start's book value `c·u·clamp(1 − (n − i − L)/N, 0, 1)`
//! at `v^n` (the residual value the KPIs add one period after the horizon).
//!
//! # The plan a planner accepts: compute never falls
//!
//! Undiscounted cumulative compute with performance growing ~40 %/yr rewards building late: a
//! dollar spent on accelerators in 2034 buys ~15× the compute-years of one spent in 2026, and
//! money waits in the treasury at no cost. Measured on the shipped scenarios, the unconstrained
//! optimum of `baseline` lets the fleet run down to nothing for five years and builds from
//! 2034. So, by default ([`Rules::compute_never_falls`]) and for the two compute objectives
//! (not for unmet demand or NPV, which judge a fall themselves), delivered compute may not fall from
//! one period to the next. Where a fall is forced — the hosting installed base retiring faster
//! than anything can replace it — the rule cannot hold: the fall `φ(t)` is allowed at a
//! penalty (`Rules::fall_penalty`) that outweighs any gain from waiting, so falls happen only
//! where no plan avoids them, and each is reported ([`Plan::falls`]). The objective reported
//! and reproduced by `simulate` is the objective proper, without the penalty.
//!
//! Measured on the shipped scenarios (monthly, `buildout optimise FILE [--allow-falls]`): in
//! `baseline` the unconstrained optimum lets compute fall from 5.5M to 0 PFLOP/s (2030–2033);
//! with the rule compute stays at 6.45M (the fleet is renewed with fewer, faster accelerators)
//! and the optimum is 63.0G instead of 63.5G PFLOP/s·years (−0.8 %); in
//! `power-constrained-5t` 54.8G instead of 54.9G; no period had to fall in any of the three.
//! The rule does not make money start early: with power capped, both plans still hold
//! $1.3–2.1T in the treasury for years and build the fleet late, because a dollar spent
//! later buys faster accelerators. Bounding that is the planner's own limits (a minimum
//! spend, commitments, a limit on the change of spend) or the unmet-demand objective.
//!
//! # Ties
//!
//! Many plans reach the same objective. A second solve holds the objective (to a relative
//! 1e-9) and minimises spend weighted `1 + i/n` (earlier is preferred) plus the change of each
//! segment's spend from one period to the next (smoother is preferred), so a plan does not
//! jump between two edits that do not change the optimum.
//!
//! # What it does not do
//!
//! - **Learning** makes unit costs depend on the plan, which a linear programme cannot say.
//!   Where a segment learns, successive programmes are solved ([`Learning`]): the first at the
//!   unit costs with nothing spent (a path with falls the plan does not pay for — the
//!   `Balanced` rule's, say — makes a programme at fixed costs wait for them), each next one
//!   halfway between the last path and the one the engine gives the last plan (the full step
//!   swings back and forth). Each plan is
//!   simulated — as planned and installing all that fits — and the best *simulated* one is
//!   kept, the `Balanced` rule's own spend (the seed) among them, with its objective as
//!   simulated. This is a
//!   heuristic: it stops when the path settles (or after [`LEARNING_ROUNDS`]), it is never
//!   worse than `Balanced` but need not reach the best plan under learning, and the marginal
//!   values are those of the kept round's programme, at its path. [`Learning::gap`] says how
//!   far that programme's objective is from its plan's simulation.
//! - **End of the horizon.** Capacity that helps only after the end has no value: the optimum
//!   stops building it.

mod data;
mod gap;
mod lp;
mod marginal;
mod programme;
mod solve;

use std::time::Duration;

pub use gap::{Gap, is_optimal, objective_unit, planned_outcome, resolve, resolved_outcome};
pub use marginal::{LinkKind, LinkValue, Marginal};
pub use solve::{HOLD_TOLERANCE, close_solver};

use crate::engine::Outcome;
use crate::model::{Allocation, Curve, Objective, Point, Scenario, Schedule, SegmentSpend};
use data::Data;
use programme::Programme;
use solve::Status;

/// Why there is no optimal plan. Each message names the cause and, where there is one, the
/// period.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum OptimalError {
    #[error("the scenario has no periods to plan (check the horizon)")]
    NothingToPlan,
    #[error(
        "debt service cannot be paid in {period}, even spending nothing: {funding} is short by \
         ${short_usd:.3e}. Lower its draws, lengthen its grace or add equity"
    )]
    ServiceUnpaid {
        period: String,
        funding: String,
        short_usd: f64,
    },
    #[error(
        "opex cannot be paid in {period}, even spending nothing: short by ${short_usd:.3e}. Add \
         funding or lower the installed base's opex"
    )]
    OpexUnpaid { period: String, short_usd: f64 },
    #[error("the chain has no production link: nothing can be installed (add chain.production)")]
    NoProduction,
    #[error("the objective {0} needs {1}")]
    Undefined(&'static str, &'static str),
    #[error(
        "the plan's limits contradict each other: no plan meets them all (fixed shares, caps \
         and the money available){}", period.as_ref().map(|p| format!(", first in {p}")).unwrap_or_default()
    )]
    Infeasible { period: Option<String> },
    #[error(
        "the {limit} of {segment} cannot be met in {period} (off by ${off_usd_per_year:.3e} \
         per year): the money, the supply-chain cap or the other limits do not allow it. Loosen \
         the limit or add funding"
    )]
    LimitUnmet {
        limit: &'static str,
        segment: String,
        period: String,
        off_usd_per_year: f64,
    },
    #[error(
        "the fleet already installed needs more room than {segment} has in {period} \
         ({excess:.3e} accelerators over, even with nothing spent), and an optimal plan never \
         strands accelerators: raise {segment}'s installed base or lower its units per \
         accelerator"
    )]
    FleetOverRoom {
        segment: String,
        period: String,
        excess: f64,
    },
    #[error("the programme is unbounded: {0}")]
    Unbounded(String),
    #[error("the solver reached its time limit of {0:.1} s; try quarterly or yearly periods")]
    TimeLimit(f64),
    #[error("the solver stopped: {0}")]
    Solver(String),
}

/// Rules of the programme beyond the engine's (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// Delivered compute never falls from one period to the next, except where it must.
    pub compute_never_falls: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            compute_never_falls: true,
        }
    }
}

impl Rules {
    /// Objective units (programme scale) lost per programme unit of compute that falls: 1000 ×
    /// the horizon in years, more than one unit of compute can earn in cumulative compute over
    /// the whole horizon, many times over.
    fn fall_penalty(&self, d: &Data) -> f64 {
        1e3 * (d.n as f64 * d.dt).max(1.0)
    }
}

/// How to optimise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// What to maximise; `None`: the scenario's own.
    pub objective: Option<Objective>,
    pub rules: Rules,
    /// Second solve that breaks ties (see the module docs).
    pub tie_break: bool,
    pub time_limit: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            objective: None,
            rules: Rules::default(),
            tie_break: true,
            time_limit: Duration::from_secs(60),
        }
    }
}

/// Successive programmes solved at most, where a segment learns (see the module docs).
pub const LEARNING_ROUNDS: usize = 6;

/// How the plan of a scenario with learning was found (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Learning {
    /// Programmes solved.
    pub rounds: usize,
    /// The round whose plan was kept (1-based): the best simulated; 0 when none beat the
    /// seed, whose spend is then the plan (with the first round's marginal values).
    pub kept: usize,
    /// The kept round's programme objective, at its unit-cost path.
    pub programme_value: f64,
    /// Whether the path settled (the last plan's unit costs equal the path it was solved at,
    /// to 1e-6) before the rounds ran out.
    pub settled: bool,
}

impl Learning {
    /// The kept programme's objective less its plan's simulated one ([`Plan::value`]).
    pub fn gap(&self, plan: &Plan) -> f64 {
        self.programme_value - plan.value
    }
}

/// The programme's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub rows: usize,
    pub cols: usize,
    pub nonzeros: usize,
}

/// An optimal plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub objective: Objective,
    /// The programme's objective, in the objective's units (PFLOP/s·years …); simulating
    /// [`Plan::schedule`] reproduces it.
    pub value: f64,
    /// The plan as an explicit schedule.
    pub schedule: Schedule,
    /// Spend per segment (scenario order) and period, USD.
    pub spend_usd: Vec<Vec<f64>>,
    /// Accelerators installed per period.
    pub installed: Vec<f64>,
    /// Periods where compute had to fall (never-falls rule), and by how much (performance
    /// units).
    pub falls: Vec<(usize, f64)>,
    pub marginal: Marginal,
    pub size: Size,
    pub iterations: u64,
    /// Where a segment learns: the successive programmes (and [`Plan::value`] is the kept
    /// plan's simulated objective); `None` without learning.
    pub learning: Option<Learning>,
    /// Whether the tie-break chose the plan (else it is the first solve's optimum: the second
    /// solve did not finish, which happens on numerically hard programmes).
    pub tie_broken: bool,
}

impl Plan {
    /// The plan's marginal values as CSV columns for `s`'s outcome (see
    /// [`Marginal::columns`]), in the objective's unit.
    pub fn csv_columns(&self, s: &Scenario) -> Vec<(String, Vec<f64>)> {
        let names: Vec<String> = s.segments.iter().map(|g| g.name.clone()).collect();
        let unit = objective_unit(s, self.objective);
        self.marginal.columns(
            &names,
            &unit,
            self.installed.len(),
            s.horizon.periods_per_year(),
        )
    }

    /// `s` with this plan as its allocation (the "apply as schedule" of the window and
    /// `--write`).
    pub fn apply(&self, s: &Scenario) -> Scenario {
        let mut out = s.clone();
        out.allocation = Allocation::Schedule(self.schedule.clone());
        out
    }
}

/// A per-period series (per period amounts) as a step curve in amounts per year, a point
/// wherever the value changes; `None` when it is zero throughout.
fn step_curve(s: &Scenario, per_period: &[f64]) -> Option<Curve> {
    let h = s.horizon;
    let dt = h.dt_years();
    let mut points: Vec<Point> = Vec::new();
    for (i, x) in per_period.iter().enumerate() {
        let v = x / dt;
        if points.last().is_none_or(|p| p.value != v) {
            points.push(Point::new(h.time(i), v));
        }
    }
    if points.iter().all(|p| p.value == 0.0) {
        return None;
    }
    Some(Curve::Points {
        points,
        interpolation: crate::model::Interpolation::Step,
    })
}

/// The objective's value for a simulated outcome of `s` (what the optimum maximises and
/// what the gap of any allocation is measured in).
pub fn objective_value(objective: Objective, outcome: &Outcome) -> f64 {
    let dt = outcome.horizon.map_or(1.0, |h| h.dt_years());
    let c = &outcome.chain;
    match objective {
        Objective::CumulativeCompute => c.compute.iter().sum::<f64>() * dt,
        Objective::ComputeAtEnd => c.compute.last().copied().unwrap_or(0.0),
        Objective::UnmetDemand => c.demand_shortfall.iter().sum::<f64>() * dt,
        Objective::Npv => outcome.kpis.npv_usd.unwrap_or(f64::NAN),
    }
}

/// Solves the optimal plan of `s` (whatever its allocation; fixed shares are kept under
/// `Balanced` and `Optimal`).
pub fn optimise(s: &Scenario, options: &Options) -> Result<Plan, OptimalError> {
    let objective = defined_objective(s, options)?;
    if !s.segments.iter().any(|g| g.learning_rate > 0.0) {
        return solve_at(s, objective, options, None);
    }
    // Successive programmes: the first at the seed's unit costs (the Balanced rule's run).
    let path_of = |o: &Outcome| -> Vec<Vec<f64>> {
        o.segments
            .iter()
            .map(|g| g.unit_capex_usd.clone())
            .collect()
    };
    let better = |a: f64, b: f64| if objective.maximised() { a > b } else { a < b };
    // The first programme at the unit costs with nothing spent — no cost fall it does not
    // pay for — the next ones at paths the plans give (see the module docs).
    let seed = crate::engine::simulate(s);
    let mut path = path_of(&crate::engine::simulate(&data::spending_nothing(s)));
    let mut best: Option<(Plan, usize)> = None;
    let (mut rounds, mut settled) = (0, false);
    while rounds < LEARNING_ROUNDS && !settled {
        rounds += 1;
        let (mut plan, o) = simulated_round(s, objective, options, &path)?;
        let next = path_of(&o);
        settled = next
            .iter()
            .flatten()
            .zip(path.iter().flatten())
            .all(|(a, b)| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(f64::MIN_POSITIVE));
        let programme_value = plan.value;
        plan.value = objective_value(objective, &o);
        plan.learning = Some(Learning {
            rounds,
            kept: rounds,
            programme_value,
            settled,
        });
        if best
            .as_ref()
            .is_none_or(|(b, _)| better(plan.value, b.value))
        {
            best = Some((plan, rounds));
        }
        // Halfway to the path the plan gives: a path that sees costs fall because of spend
        // the plan then does not make (a programme at fixed costs waits for them) swings back.
        for (p, n) in path.iter_mut().flatten().zip(next.iter().flatten()) {
            *p = 0.5 * (*p + n);
        }
    }
    let (mut plan, mut kept) = best.ok_or(OptimalError::NothingToPlan)?;
    // The seed itself — the Balanced rule's spend as a schedule — if no round beats it.
    let seed_value = objective_value(objective, &seed);
    if better(seed_value, plan.value) {
        plan.schedule = spend_schedule(s, &seed);
        plan.spend_usd = seed.segments.iter().map(|g| g.spend_usd.clone()).collect();
        plan.installed = seed.chain.installed.clone();
        plan.value = objective_value(objective, &crate::engine::simulate(&plan.apply(s)));
        kept = 0;
    }
    if let Some(l) = &mut plan.learning {
        l.rounds = rounds;
        l.kept = kept;
        l.settled = settled;
    }
    Ok(plan)
}

/// The objective `options` ask for (else the scenario's), if the scenario can define it.
fn defined_objective(s: &Scenario, options: &Options) -> Result<Objective, OptimalError> {
    let objective = options.objective.unwrap_or(s.objective);
    match objective {
        Objective::UnmetDemand if s.demand_compute.is_none() => Err(OptimalError::Undefined(
            "unmet demand",
            "a demand curve (demand_compute)",
        )),
        Objective::Npv if s.revenue.is_none() => Err(OptimalError::Undefined("NPV", "revenue")),
        _ => Ok(objective),
    }
}

/// The first programme [`optimise`] solves for `s`, in free MPS (see `lp::Lp::to_mps`): at the
/// unit costs with nothing spent (where segments learn, later rounds re-price them), before
/// the tie-break. For another solver, or to read what is optimised.
pub fn programme_mps(s: &Scenario, options: &Options) -> Result<String, OptimalError> {
    let objective = defined_objective(s, options)?;
    let p = Programme::new(Data::new(s, None)?, objective, &options.rules);
    let segments: Vec<String> = s
        .segments
        .iter()
        .enumerate()
        .map(|(k, g)| format!("[{k}] {}", g.name))
        .collect();
    let header = [
        format!(
            "{}: the programme of its optimal plan for {}, from Buildout {}",
            s.name,
            objective.label(),
            env!("CARGO_PKG_VERSION")
        ),
        format!(
            "units: money in $B, accelerators in millions, compute in billions of the \
             performance unit, starts and nameplate in the units $1B buys at the segment's \
             capex_usd_per_unit, the objective in billions of {}",
            objective_unit(s, objective)
        ),
        format!("segments: {}", segments.join(", ")),
        "names: Kind[segment]@period, periods from 0".to_string(),
    ];
    Ok(p.lp.to_mps(&header))
}

/// One round of the successive programmes: the programme at `path`, its plan simulated as it
/// is and installing all that fits (the programme's installations assume its own unit costs;
/// the engine's differ), the better of the two with its outcome.
fn simulated_round(
    s: &Scenario,
    objective: Objective,
    options: &Options,
    path: &[Vec<f64>],
) -> Result<(Plan, Outcome), OptimalError> {
    let plan = solve_at(s, objective, options, Some(path))?;
    let o = crate::engine::simulate(&plan.apply(s));
    let mut free = plan.clone();
    free.schedule.installations_per_year = None;
    let o_free = crate::engine::simulate(&free.apply(s));
    let (a, b) = (
        objective_value(objective, &o_free),
        objective_value(objective, &o),
    );
    let free_better = if objective.maximised() { a > b } else { a < b };
    Ok(if free_better {
        (free, o_free)
    } else {
        (plan, o)
    })
}

/// An outcome's spend per segment as a schedule that installs all that fits.
fn spend_schedule(s: &Scenario, o: &Outcome) -> Schedule {
    Schedule {
        spend: s
            .segments
            .iter()
            .zip(&o.segments)
            .filter_map(|(g, out)| {
                Some(SegmentSpend {
                    segment: g.name.clone(),
                    usd_per_year: step_curve(s, &out.spend_usd)?,
                })
            })
            .collect(),
        installations_per_year: None,
    }
}

/// The programme of `s` at the unit-cost path `capex_path` (the engine's with nothing spent
/// when `None`), solved, as a plan.
fn solve_at(
    s: &Scenario,
    objective: Objective,
    options: &Options,
    capex_path: Option<&[Vec<f64>]>,
) -> Result<Plan, OptimalError> {
    let data = Data::new(s, capex_path)?;
    let p = Programme::new(data, objective, &options.rules);
    let tie = options.tie_break.then(|| p.tie_break());
    let sol = solve::solve(&p.lp, tie.as_ref(), options.time_limit);
    match sol.status {
        Status::Optimal => {}
        Status::Infeasible => return Err(why_infeasible(s, &p, options.time_limit)),
        Status::Unbounded => return Err(OptimalError::Unbounded(sol.solver_status)),
        Status::TimeLimit => {
            return Err(OptimalError::TimeLimit(options.time_limit.as_secs_f64()));
        }
        Status::Other => return Err(OptimalError::Solver(sol.solver_status)),
    }
    let spend_usd = p.spend(&sol.x);
    let installed = p.installs(&sol.x);
    let schedule = Schedule {
        spend: s
            .segments
            .iter()
            .zip(&spend_usd)
            .filter_map(|(g, v)| {
                Some(SegmentSpend {
                    segment: g.name.clone(),
                    usd_per_year: step_curve(s, v)?,
                })
            })
            .collect(),
        installations_per_year: Some(step_curve(s, &installed).unwrap_or(Curve::Constant(0.0))),
    };
    let falls = (0..p.data.n)
        .filter_map(|t| {
            let j = p.lp.col(lp::Key::at(lp::Col::Fall, t))?;
            let v = sol.x[j] * programme::OBJ;
            (v > 1e-9 * programme::OBJ).then_some((t, v))
        })
        .collect();
    let marginal = marginal::marginal(&p, s.horizon.start_year, &sol.row_dual, &sol.col_dual);
    Ok(Plan {
        objective,
        value: p.objective_of(&sol.x),
        schedule,
        spend_usd,
        installed,
        falls,
        marginal,
        size: Size {
            rows: p.lp.n_rows(),
            cols: p.lp.n_cols(),
            nonzeros: p.lp.nnz(),
        },
        iterations: sol.iterations,
        learning: None,
        tie_broken: sol.tie_broken,
    })
}

/// Why a programme is infeasible: the initial fleet over the room it has (no plan can undo
/// that in time), else the first limit (by period) of the planner's that the elastic
/// programme ([`lp::Lp::elastic`]) cannot meet, else the plain "the limits contradict each
/// other".
fn why_infeasible(s: &Scenario, p: &Programme, time_limit: Duration) -> OptimalError {
    use lp::Row;
    let d = &p.data;
    for t in 0..d.n {
        let over = d.hosting.iter().find_map(|&(k, req)| {
            let g = &d.segs[k];
            // The room the plan could add by then: none before the segment's lead time.
            let room = g.exo_effective[t] / req;
            let excess = d.fleet0[t] - room;
            (t < g.lead && excess > 1e-9 * d.fleet0[t].max(1.0)).then(|| (g.name.clone(), excess))
        });
        if let Some((segment, excess)) = over {
            return OptimalError::FleetOverRoom {
                segment,
                period: s.horizon.period_label(t),
                excess,
            };
        }
    }
    let plain = OptimalError::Infeasible { period: None };
    let what = |kind: Row| match kind {
        Row::MinSpend => Some("minimum spend"),
        Row::MaxSpend => Some("maximum spend"),
        Row::Committed => Some("committed spend"),
        Row::Change => Some("limit on the change of spend"),
        _ => None,
    };
    if p.data.limits.is_empty() {
        return plain;
    }
    let (elastic, slacks) = p.lp.elastic(|k| what(k.kind).is_some());
    let sol = solve::solve(&elastic, None, time_limit);
    if sol.status != Status::Optimal {
        return plain;
    }
    let off = |r: usize, up: usize, down: usize| {
        let v = sol.x[up] + sol.x[down];
        (v > 1e-9).then_some((p.lp.rows[r], v))
    };
    let Some((key, v)) = slacks
        .iter()
        .filter_map(|&(r, up, down)| off(r, up, down))
        .min_by_key(|(k, _)| k.period)
    else {
        return plain;
    };
    let segment = key
        .segment
        .and_then(|k| s.segments.get(k))
        .map_or_else(String::new, |g| g.name.clone());
    // A change row is in $B per year already; the others are $B per period.
    let per_year = if key.kind == Row::Change {
        1.0
    } else {
        1.0 / p.data.dt
    };
    OptimalError::LimitUnmet {
        limit: what(key.kind).unwrap_or("limit"),
        segment,
        period: s.horizon.period_label(key.period),
        off_usd_per_year: v * programme::USD * per_year,
    }
}

#[cfg(test)]
mod tests;
