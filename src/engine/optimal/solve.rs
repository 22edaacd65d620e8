//! HiGHS (the `highs` crate), single-threaded, under a time limit, in two stages: the
//! programme's optimum, then the tie-break — the objective held at its optimum (to a relative
//! [`HOLD_TOLERANCE`]) while the plan's weighted spend and its changes from period to period are
//! minimised.
//!
//! **The optimal face.** The tie-break searches only the optimal plans, and complementary
//! slackness says where they are: every optimal plan is complementary to the first stage's
//! duals, so a column whose reduced cost is not zero sits at its bound, and a row whose dual
//! is not zero holds with equality, in *every* optimal plan. The tie-break fixes those (beyond
//! [`FACE_TOLERANCE`]) before it solves, which leaves presolve a far smaller programme: on the
//! shipped scenarios (monthly) the second stage takes 0.06–0.20 s instead of 0.5–2.8 s, with
//! 1.2k–1.8k simplex iterations instead of 3k–11k. The held objective row stays, as a guard.
//!
//! **Why HiGHS.** Both solvers the issue names were measured on the default scenario's
//! monthly programme (then 2856 rows × 3060 columns, 14.7k nonzeros) in a prototype before
//! this module: HiGHS' dual simplex solved it in 0.9 s of CPU, Clarabel (pure Rust, interior
//! point) 3–5× slower, and Clarabel's duals — interior, not a vertex's — rose from one year to
//! the next on `power-constrained-5t`, where the money's value must never rise: the marginal
//! values need a simplex vertex. The price is the build: `highs-sys` compiles HiGHS from
//! source with cmake, a C++ compiler and libclang (about 12 CPU-minutes, once per target
//! directory), which the README names and `.ci/run` installs.
//!
//! **Exit while solving.** HiGHS keeps static C++ objects that `exit` destroys; a thread
//! still inside HiGHS then touches freed memory, and the process aborts ("double free or
//! corruption", or a segmentation fault): 12 of 400 exits with two threads solving
//! (`examples/exit_race.rs`; none of 500 with the gate), and once in CI when the window
//! closed with the tornado still re-optimising. Every solve therefore holds the [`Gate`] of
//! the process, and [`close_solver`] — called by the window before it returns from `main` —
//! waits for the solves under way and lets no other start.
//!
//! Settings (chosen in that prototype): dual simplex with
//! `simplex_scale_strategy = 4` (2.5–4× fewer iterations than the default scaling on these
//! programmes), `threads = 1` and `parallel = off` (deterministic, and polite on a shared
//! machine), `random_seed = 0`, primal and dual feasibility tolerances 1e-10 (the default 1e-7
//! leaves the optimum about 1e-7 short and turns small duals into noise).
//!
//! **What was tried for speed** (default scenario, monthly: 3059 × 3263, presolved to
//! 1917 × 2124; release build, this 2-core machine, HiGHS's own run time). The settings above
//! take 0.46 s and 4128 iterations (≈ 0.11 ms each). Devex dual pricing: 6504 iterations,
//! 0.59 s; Dantzig: 22.8k, 1.9 s; scale strategy 2: 11.7k, 1.7 s; primal simplex: 12.9k,
//! 1.2 s; no presolve: 6136, 0.79 s; interior point with crossover: 34 + 17 iterations,
//! 0.25 s (without crossover 0.24 s, but no vertex, so no exact duals); PDLP: 60 s. Warm
//! starts: the optimum itself handed back as a primal solution (`set_solution`, from which
//! HiGHS builds a basis) still takes 1298 iterations, 0.26 s; the previous optimal *basis*
//! (`Highs_setBasis`) after an edit of one input by ±10 % takes 0–13 iterations (3–50 ms) for
//! about half the inputs tried but 1.3k–17k iterations (0.3–3 s, and once a solver failure)
//! for others, because a warm basis skips presolve — not a safe default. None of these reach
//! the 50 ms for the monthly programme. For scale, criterion medians of the whole
//! first stage (`cargo bench --bench optimal`, programme built and solved): monthly 680 ms,
//! quarterly (1019 × 1087) 66 ms, yearly (254 × 271) 5.6 ms.
//!
//! **Other solvers on the same programme** (written by `buildout optimise FILE --mps OUT`;
//! measured 2026-12-04 on a faster 2-core Intel Xeon VM, where the shipped settings take
//! 0.34 s and 4128 iterations, the criterion median of the first stage 346 ms): GLPK 5.0's
//! simplex (`glpsol --freemps OUT --max`) 0.9 s, 6717 iterations; Clp 1.17 (`clp FIXED
//! -maximize -dualsimplex`, on GLPK's fixed-MPS copy) dual simplex 0.77 s, 7073 iterations,
//! primal 0.79 s, barrier 1.85 s — all reach the same objective (167.05920 PFLOP/s·years).
//! HiGHS options that change nothing here or cost more: crash strategies 1 and 2, price
//! strategies 1 and 2, Devex edge weights (same 4128 iterations), feasibility tolerances
//! 1e-7 (4787 iterations, 0.41 s), dual cost perturbation ×5 (5778, 0.51 s); without the
//! cost perturbation, 3740 iterations and 0.29 s — 15 %, and another vertex of a degenerate
//! optimum (so other marginal values), not adopted.

use std::sync::mpsc::channel;
use std::sync::{RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use highs::{HighsModelStatus, Model, RowProblem, Sense, SolvedModel};

use super::lp::Lp;

/// Who may be inside the solver: any number of solves at once while it is open, none once it
/// is closed.
struct Gate(RwLock<()>);

impl Gate {
    const fn new() -> Self {
        Self(RwLock::new(()))
    }

    /// Held for a solve's whole life (its HiGHS objects made, solved and dropped); waits
    /// forever once the gate is closed (the process is about to exit).
    fn enter(&self) -> RwLockReadGuard<'_, ()> {
        // A read guard is never poisoned by a panic, and nothing panics holding the write one.
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes the gate for good: lets no new solve in, and waits up to `wait` for those
    /// inside to end. False if one was still inside when the wait ran out (the gate then
    /// closes behind it). A thread of its own waits for the lock, so that it has it before
    /// any solve that comes later.
    fn close(&'static self, wait: Duration) -> bool {
        let (tx, rx) = channel();
        let closer = std::thread::Builder::new()
            .name("buildout-close-solver".into())
            .spawn(move || {
                // Never released: the gate stays closed until the process ends.
                std::mem::forget(self.0.write().unwrap_or_else(|e| e.into_inner()));
                let _ = tx.send(());
            });
        closer.is_ok() && rx.recv_timeout(wait).is_ok()
    }
}

/// The process's gate to HiGHS.
static SOLVER: Gate = Gate::new();

/// Before the process exits with solves perhaps running on other threads: waits up to `wait`
/// for them to end and lets no other start (see the module docs). True if none was left
/// inside.
pub fn close_solver(wait: Duration) -> bool {
    SOLVER.close(wait)
}

/// The objective may fall this much (relative to its magnitude) while the tie-break chooses
/// among optimal plans.
pub const HOLD_TOLERANCE: f64 = 1e-9;

/// A reduced cost or dual beyond this (programme units) marks a column at its bound or a
/// tight row in every optimal plan (see the module docs).
pub const FACE_TOLERANCE: f64 = 1e-9;

/// The first stage's answer that the tie-break keeps to: its plan (for the fixed columns and
/// the active side of tight rows) and its duals.
struct Face<'a> {
    x: &'a [f64],
    row_dual: &'a [f64],
    col_dual: &'a [f64],
}

/// How a stage ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Optimal,
    Infeasible,
    Unbounded,
    TimeLimit,
    /// Anything else HiGHS said.
    Other,
}

/// A stage's answer, in the sign convention of [`super::lp`].
#[derive(Clone, Debug)]
pub struct Solution {
    pub status: Status,
    /// HiGHS's words for the status.
    pub solver_status: String,
    pub x: Vec<f64>,
    /// Duals of the first stage (the marginal values are those of the optimum, not of the
    /// tie-break).
    pub row_dual: Vec<f64>,
    pub col_dual: Vec<f64>,
    pub iterations: u64,
    /// Whether the tie-break's second solve chose the plan.
    pub tie_broken: bool,
}

/// The tie-break's second objective: minimise `Σ weight_j x_j + Σ_pairs |x_a − x_b|·w`.
#[derive(Clone, Debug, Default)]
pub struct TieBreak {
    /// Weight of each column (0 for most).
    pub weight: Vec<f64>,
    /// Pairs of columns whose difference is penalised, with its weight: `(a, b, w, scale_a,
    /// scale_b)` penalises `w · |scale_a·x_a − scale_b·x_b|`.
    pub changes: Vec<(usize, usize, f64, f64, f64)>,
    /// Columns held at their first-stage values (the penalised falls of compute, whose large
    /// costs would make the held objective's row badly scaled); the rest of the objective is
    /// held by a row.
    pub fixed: Vec<usize>,
}

fn configure(model: &mut Model, time_limit: Duration) {
    model.make_quiet();
    model.set_option("threads", 1);
    model.set_option("parallel", "off");
    model.set_option("random_seed", 0);
    model.set_option("solver", "simplex");
    model.set_option("simplex_scale_strategy", 4);
    model.set_option("primal_feasibility_tolerance", 1e-10);
    model.set_option("dual_feasibility_tolerance", 1e-10);
    model.set_option("time_limit", time_limit.as_secs_f64().max(1e-3));
}

fn status_of(m: &SolvedModel) -> Status {
    match m.status() {
        HighsModelStatus::Optimal => Status::Optimal,
        HighsModelStatus::Infeasible => Status::Infeasible,
        HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => Status::Unbounded,
        HighsModelStatus::ReachedTimeLimit => Status::TimeLimit,
        _ => Status::Other,
    }
}

fn iterations(m: &SolvedModel) -> u64 {
    u64::try_from(m.simplex_iteration_count().max(0)).unwrap_or(0)
}

/// `lp` as a HiGHS model with the column costs `cost`, and, for the tie-break, the programme
/// restricted to the optimal `face`, the objective held at `hold` and a change column (with its
/// two rows) per pair of [`TieBreak::changes`].
fn model(
    lp: &Lp,
    cost: &[f64],
    tie: Option<(&TieBreak, f64, &Face<'_>)>,
    time_limit: Duration,
) -> Model {
    let mut pb = RowProblem::default();
    let at_bound = |j: usize| {
        tie.is_some_and(|(t, _, f)| t.fixed.contains(&j) || f.col_dual[j].abs() > FACE_TOLERANCE)
    };
    let cols: Vec<_> = (0..lp.n_cols())
        .map(|j| match tie {
            Some((_, _, f)) if at_bound(j) => pb.add_column(cost[j], f.x[j]..=f.x[j]),
            _ => pb.add_column(cost[j], lp.col_lower[j]..=lp.col_upper[j]),
        })
        .collect();
    // The CSC matrix by rows, and each row's activity in the first stage's plan.
    let mut by_row: Vec<Vec<(highs::Col, f64)>> = vec![Vec::new(); lp.n_rows()];
    let mut activity = vec![0.0; lp.n_rows()];
    for (j, col) in cols.iter().enumerate() {
        for e in lp.col_start[j]..lp.col_start[j + 1] {
            by_row[lp.row_idx[e]].push((*col, lp.value[e]));
            if let Some((_, _, f)) = tie {
                activity[lp.row_idx[e]] += lp.value[e] * f.x[j];
            }
        }
    }
    for (r, entries) in by_row.into_iter().enumerate() {
        let (lower, upper) = (lp.row_lower[r], lp.row_upper[r]);
        match tie {
            // Tight in every optimal plan: held at the side the first stage's plan is at.
            Some((_, _, f)) if f.row_dual[r].abs() > FACE_TOLERANCE => {
                let a = activity[r];
                let side = if (a - lower).abs() <= (a - upper).abs() {
                    lower
                } else {
                    upper
                };
                pb.add_row(side..=side, entries);
            }
            _ => pb.add_row(lower..=upper, entries),
        }
    }
    if let Some((tie, hold, f)) = tie {
        // The columns held at their values contribute a constant to the objective.
        let held: f64 = (0..lp.n_cols())
            .filter(|&j| at_bound(j))
            .map(|j| lp.cost[j] * f.x[j])
            .sum();
        pb.add_row(
            hold - held..,
            (0..lp.n_cols())
                .filter(|&j| lp.cost[j] != 0.0 && !at_bound(j))
                .map(|j| (cols[j], lp.cost[j])),
        );
        for &(a, b, w, sa, sb) in &tie.changes {
            let d = pb.add_column(-w, 0.0..);
            pb.add_row(0.0.., [(d, 1.0), (cols[a], -sa), (cols[b], sb)]);
            pb.add_row(0.0.., [(d, 1.0), (cols[a], sa), (cols[b], -sb)]);
        }
    }
    let mut model = pb.optimise(Sense::Maximise);
    configure(&mut model, time_limit);
    if std::env::var_os("BUILDOUT_HIGHS_LOG").is_some() {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model
}

/// Solves `lp` (maximising), then, if it is optimal and `tie` is given, the tie-break. The
/// time limit covers both stages.
pub fn solve(lp: &Lp, tie: Option<&TieBreak>, time_limit: Duration) -> Solution {
    // Declared first, dropped last: after every HiGHS object of this solve.
    let _inside = SOLVER.enter();
    let clock = Instant::now();
    let first = model(lp, &lp.cost, None, time_limit).solve();
    let status = status_of(&first);
    let solution = first.get_solution();
    let mut out = Solution {
        status,
        solver_status: format!("{:?}", first.status()),
        x: solution.columns().to_vec(),
        row_dual: solution.dual_rows().to_vec(),
        col_dual: solution.dual_columns().to_vec(),
        iterations: iterations(&first),
        tie_broken: false,
    };
    let Some(tie) = tie.filter(|_| status == Status::Optimal) else {
        return out;
    };
    // Stage 2: hold the objective, minimise the tie-break (as the maximisation of its
    // negative).
    let z = first.objective_value();
    let hold = z - HOLD_TOLERANCE * z.abs();
    let cost: Vec<f64> = (0..lp.n_cols())
        .map(|j| -tie.weight.get(j).copied().unwrap_or(0.0))
        .collect();
    let left = time_limit.saturating_sub(clock.elapsed());
    let face = Face {
        x: &out.x,
        row_dual: &out.row_dual,
        col_dual: &out.col_dual,
    };
    let second = model(lp, &cost, Some((tie, hold, &face)), left).solve();
    out.iterations += iterations(&second);
    // If the tie-break does not solve (numerically hard programmes), the first stage's plan
    // stands: an optimum too, and as deterministic, only not the preferred one among ties.
    out.tie_broken = status_of(&second) == Status::Optimal;
    if out.tie_broken {
        out.x = second.get_solution().columns()[..lp.n_cols()].to_vec();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use std::sync::{Arc, Barrier};

    /// `close` returns only once the solve inside has left, and then lets none in.
    #[test]
    fn a_closed_gate_waits_for_the_solve_inside_and_lets_none_in() {
        let gate: &'static Gate = Box::leak(Box::new(Gate::new()));
        let (inside, leave) = (Arc::new(Barrier::new(2)), Arc::new(Barrier::new(2)));
        let solver = {
            let (inside, leave) = (inside.clone(), leave.clone());
            std::thread::spawn(move || {
                let _in = gate.enter();
                inside.wait();
                leave.wait();
            })
        };
        inside.wait();
        let (tx, rx) = channel();
        let closer = std::thread::spawn(move || {
            let _ = tx.send(gate.close(Duration::from_secs(60)));
        });
        // Still inside: `close` has not returned.
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(200)),
            Err(RecvTimeoutError::Timeout)
        );
        leave.wait();
        assert_eq!(rx.recv(), Ok(true));
        assert!(
            gate.0.try_read().is_err(),
            "a solve after the close would enter"
        );
        solver.join().unwrap();
        closer.join().unwrap();
    }

    /// A solve that stays inside past the wait: `close` says so, and no new solve gets in
    /// meanwhile.
    #[test]
    fn close_gives_up_when_a_solve_stays_inside() {
        let gate: &'static Gate = Box::leak(Box::new(Gate::new()));
        let inside = gate.enter();
        assert!(!gate.close(Duration::from_millis(20)));
        // The closer waits for the lock, and readers wait behind a waiting writer (std's
        // futex `RwLock`, as on Linux).
        assert!(gate.0.try_read().is_err(), "a new solve would enter");
        drop(inside);
    }
}
