//! The period loop. The rules and their formulas are written in [`crate::engine`]'s docs; each
//! numbered rule is one method of [`Workspace`], called in order for every period.
//!
//! [`simulate_into`] runs a scenario in a [`Workspace`] that holds all the loop's state and is
//! reused from run to run (a Monte Carlo worker keeps one), and hands every period to a
//! [`Sink`]; once warm, a run allocates nothing. [`simulate`] is that with a fresh workspace and
//! an [`OutcomeSink`].

use super::allocate::{Breakpoints, Candidate, water_fill};
use super::funding::SourceRun;
use super::outcome::{Outcome, Role};
use super::schedule::ScheduleRun;
use super::segment::{Sampled, Segments, bump, refill};
use super::sink::{ChainRow, OutcomeSink, PeriodView, RunEnd, SegmentPeriod, Sink, SourcePeriod};
use crate::model::{Allocation, Scenario, Segment, simulated_periods, simulation_cells, too_large};

/// Simulates the scenario. Pure and deterministic; never panics, also on invalid input (whose
/// numbers then mean little — validate first). A scenario beyond the model's size limits
/// ([`crate::model::too_large`], which validation reports) is not simulated: its outcome has
/// no periods, so that no input can make the engine allocate without bound or run for minutes.
///
/// The loop's state lives in a workspace kept per thread (see `with_workspace`), so that
/// the many runs of an analysis or of edits in the window reuse its allocations and sampled
/// curves; the results do not depend on what it ran before.
pub fn simulate(s: &Scenario) -> Outcome {
    let mut sink = OutcomeSink::default();
    with_workspace(s, |ws| simulate_into(s, ws, &mut sink));
    sink.into_outcome()
}

/// Simulates the scenario in `ws` (reusing its allocations), handing each period to `sink`.
/// The same rules and results as [`simulate`].
pub fn simulate_into(s: &Scenario, ws: &mut Workspace, sink: &mut impl Sink) {
    ws.run(s, None, sink);
}

/// A thread's workspace is kept after a run of a scenario of at most this many numbers
/// ([`simulation_cells`], an estimate from above; the workspace holds a part of them): at
/// most 8 MB. After a larger run it is dropped, so that one huge scenario does not keep its
/// memory for the life of the thread.
const KEPT_WORKSPACE_CELLS: u64 = 1 << 20;

thread_local! {
    /// This thread's workspace for [`simulate`].
    static WORKSPACE: std::cell::RefCell<Workspace> =
        std::cell::RefCell::new(Workspace::default());
}

/// Runs `f` with this thread's workspace, or with a fresh one when that is in use (a nested
/// call), and drops the thread's workspace again after a scenario larger than
/// [`KEPT_WORKSPACE_CELLS`].
fn with_workspace<T>(s: &Scenario, f: impl FnOnce(&mut Workspace) -> T) -> T {
    WORKSPACE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut ws) => {
            let out = f(&mut ws);
            if simulation_cells(s) > KEPT_WORKSPACE_CELLS {
                *ws = Workspace::default();
            }
            out
        }
        Err(_) => f(&mut Workspace::default()),
    })
}

/// Money from outside the plan spent on one segment over a range of periods — the
/// counterfactual of "what one more billion buys". It is drawn as an extra inflow only as far
/// as the segment's cap lets it be spent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Extra {
    pub segment: usize,
    pub periods: std::ops::Range<usize>,
    pub usd_per_period: f64,
}

/// [`simulate`] with extra spending on one segment.
pub(crate) fn simulate_with_extra(s: &Scenario, extra: Extra) -> Outcome {
    let mut sink = OutcomeSink::default();
    with_workspace(s, |ws| ws.run(s, Some(&extra), &mut sink));
    sink.into_outcome()
}

/// Paced links may be built this much beyond the longer-lead link they follow, so that the
/// link that sets the pace is the one that binds (and a little spare room is usual anyway).
pub const PACING_HEADROOM: f64 = 0.02;

/// A treasury below this share of the period's cash after spending is rounding, not money.
const TREASURY_RESIDUE: f64 = 1e-12;

/// How pacing compares a candidate with another chain link, decided once per run.
#[derive(Clone, Copy, Debug)]
enum Pace {
    /// A slower link of the same role: what it will have in service on arrival.
    SlowerSameRole,
    /// A slower link of the other role: all it has committed (a fleet fills its room over
    /// years).
    SlowerOtherRole,
    /// A faster link with a supply-chain cap: all it has committed plus what its cap lets it
    /// start and finish before the candidate arrives.
    FasterCapped,
}

/// One of Balanced's candidates for the run: a chain link with no fixed share.
#[derive(Clone, Copy, Debug)]
struct BalancedCandidate {
    /// Its segment.
    k: usize,
    /// Its accelerator equivalents per unit.
    per_unit: f64,
    /// Periods from a start to its full output.
    pace_periods: usize,
    /// Its pacing pairs, `pace_pairs[pairs.0..pairs.1]`.
    pairs: (usize, usize),
}

/// Balanced's candidates in period `i` — those with a positive, finite unit capex — written to
/// the front of `out` with their caps in level units (`cap_raise`) and their segments (`seg`);
/// returns how many. Apart from `Workspace::allocate` so that the segments' numbers, read
/// only, stay in registers while the candidates are written.
fn balanced_candidates(
    g: &Segments,
    i: usize,
    candidates: &[BalancedCandidate],
    pace_pairs: &[(usize, Pace, f64)],
    out: &mut [Candidate],
    cap_raise: &mut [f64],
    seg: &mut [usize],
) -> usize {
    let mut m = 0;
    for cand in candidates {
        let (k, kk) = (cand.k, cand.per_unit);
        let (capex, capex_ok) = (g.state[k].capex_usd, g.state[k].capex_ok);
        if !capex_ok {
            continue;
        }
        let cap_units = g.cap_units(k, i);
        let level = g.at_arrival(k, i) * kk;
        // Pacing: what starts now enters service at i + L. A link with a longer lead time
        // will then have only what it had committed by i + L − L_r, so there is no point in
        // building beyond that yet.
        let arrival = i.saturating_add(cand.pace_periods);
        let mut ceiling = f64::INFINITY;
        for &(j, pace, kr) in pace_pairs.get(cand.pairs.0..cand.pairs.1).unwrap_or(&[]) {
            let reachable = match pace {
                Pace::SlowerSameRole => g.projected(j, arrival, i),
                Pace::SlowerOtherRole => g.state[j].committed_prev_units,
                Pace::FasterCapped => {
                    let cap_j = g.cap_units(j, i);
                    if !cap_j.is_finite() {
                        continue;
                    }
                    let starts_left = (arrival + 1).saturating_sub(i + g.params[j].lead_periods);
                    g.state[j].committed_prev_units + cap_j * starts_left as f64
                }
            };
            // `f64::min` without its NaN handling: a NaN bound is ignored either way.
            let bound = reachable * kr * (1.0 + PACING_HEADROOM);
            if bound < ceiling {
                ceiling = bound;
            }
        }
        let (Some(o), Some(c), Some(sg)) = (out.get_mut(m), cap_raise.get_mut(m), seg.get_mut(m))
        else {
            break;
        };
        *o = Candidate {
            level,
            cost_per_level: capex / kk,
            max_raise: (cap_units * kk).min((ceiling - level).max(0.0)),
        };
        *c = cap_units * kk;
        *sg = k;
        m += 1;
    }
    m
}

/// Every number the period loop keeps, reused run after run.
#[derive(Default)]
pub struct Workspace {
    n: usize,
    dt: f64,
    ppy: usize,
    segs: Segments,
    /// Per segment: its production and hosting link's numbers, if it is a link.
    per_unit: Vec<(Option<f64>, Option<f64>)>,
    sources: Vec<SourceRun>,
    /// Whether any source is debt (else rule 4 has nothing to do).
    any_debt: bool,
    // Allocation: fixed shares per period, `[period · segments + k]`, and which segments have
    // one; Balanced's candidates and their pacing pairs.
    shares: Vec<f64>,
    has_share: Vec<bool>,
    /// Whether any segment has a fixed share.
    any_share: bool,
    balanced: bool,
    /// Segments that are chain links, and those with no fixed share, which Balanced
    /// water-fills.
    chain_segs: Vec<usize>,
    candidates: Vec<BalancedCandidate>,
    /// `(link, how, its accelerator equivalents per unit)`.
    pace_pairs: Vec<(usize, Pace, f64)>,
    cands: Vec<Candidate>,
    cand_seg: Vec<usize>,
    raise: Vec<f64>,
    breakpoints: Breakpoints,
    cap_raise: Vec<f64>,
    alloc_usd: Vec<f64>,
    filled_to_cap: Vec<bool>,
    /// An explicit plan (`Allocation::Schedule`), applied by rules 5 and 7.
    schedule: ScheduleRun,
    // The chain.
    prod: Vec<(usize, f64)>,
    host: Vec<(usize, f64)>,
    links: Vec<(usize, Role)>,
    acc_life_periods: usize,
    acc_life_years: f64,
    fleet0: f64,
    /// The initial fleet's decline per period as a share of it: `Δt / lifetime` (unused
    /// without a positive lifetime: the fleet is then gone from the start).
    fleet0_step: f64,
    /// The initial fleet left in the previous period.
    fleet0_prev: f64,
    perf: Sampled,
    demand: Sampled,
    has_demand: bool,
    price: Sampled,
    utilisation: Sampled,
    has_revenue: bool,
    fleet_d: Vec<f64>,
    perf_d: Vec<f64>,
    /// The fixed shares' curves, sampled, in the allocation's order.
    share_curves: Vec<Sampled>,
    // This period's values per source and segment (what the sink sees).
    src_row: Vec<SourcePeriod>,
    seg_row: Vec<SegmentPeriod>,
    link_capacity: Vec<f64>,
    // Running totals.
    treasury_usd: f64,
    capital_spent_usd: f64,
    cohorts: f64,
    cohort_perf: f64,
    active_prev: f64,
}

/// The values of one period that are not per source or segment.
#[derive(Clone, Copy, Default)]
struct Flows {
    inflow: f64,
    by_class: [f64; 3],
    cash: f64,
    revenue: f64,
    opex: f64,
    opex_paid: f64,
    due: f64,
    paid: f64,
    interest: f64,
    outstanding: f64,
    spend: f64,
    capped: f64,
    idc: f64,
}

/// The first index of `items` whose name is `name`: a scan for the small lists of real
/// scenarios, a map (built once per call site) beyond them.
fn index_by_name<'s, T>(
    items: &'s [T],
    name: impl Fn(&'s T) -> &'s str,
) -> impl Fn(&str) -> Option<usize> {
    let map: Option<std::collections::HashMap<&'s str, usize>> = (items.len() > 32).then(|| {
        let mut m = std::collections::HashMap::with_capacity(items.len());
        for (k, x) in items.iter().enumerate() {
            m.entry(name(x)).or_insert(k);
        }
        m
    });
    move |want: &str| match &map {
        Some(m) => m.get(want).copied(),
        None => items.iter().position(|x| name(x) == want),
    }
}

impl Workspace {
    /// Everything before the first period: parameters, sampled curves, pacing pairs.
    fn prepare(&mut self, s: &Scenario, n: usize) {
        let h = s.horizon;
        let (t0, dt) = (h.time(0), h.dt_years());
        self.n = n;
        self.dt = dt;
        self.ppy = h.periods_per_year();
        let nseg = s.segments.len();
        let segment = index_by_name(&s.segments, |g: &Segment| g.name.as_str());
        let chain = &s.chain;
        // The first production and hosting link naming each segment's name.
        let production_of = index_by_name(&chain.production, |l| l.segment.as_str());
        let hosting_of = index_by_name(&chain.hosting, |l| l.segment.as_str());
        self.per_unit.clear();
        self.per_unit.extend(s.segments.iter().map(|g| {
            (
                production_of(&g.name).map(|j| chain.production[j].accelerators_per_unit_year),
                hosting_of(&g.name).map(|j| chain.hosting[j].units_per_accelerator),
            )
        }));
        self.segs.prepare(s, &self.per_unit, n);
        self.sources.truncate(s.funding.len());
        self.sources
            .resize_with(s.funding.len(), SourceRun::default);
        for (src, f) in self.sources.iter_mut().zip(&s.funding) {
            src.prepare(f, &h, n);
        }
        self.any_debt = self.sources.iter().any(|src| src.is_debt);

        let (list, balanced) = match &s.allocation {
            Allocation::Shares(list) => (list.as_slice(), false),
            Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => {
                (fixed.as_slice(), true)
            }
            Allocation::Schedule(_) => (&[][..], false),
        };
        self.schedule.prepare(s, n, &segment);
        self.balanced = balanced;
        self.any_share = false;
        refill(&mut self.has_share, nseg, false);
        refill(&mut self.shares, n * nseg, 0.0);
        self.share_curves.resize_with(list.len(), Sampled::default);
        for (sh, sampled) in list.iter().zip(&mut self.share_curves) {
            if let Some(k) = segment(&sh.segment) {
                self.has_share[k] = true;
                self.any_share = true;
                for (i, x) in sampled.sample(&sh.share, t0, dt, n).iter().enumerate() {
                    self.shares[i * nseg + k] = *x;
                }
            }
        }

        self.prod.clear();
        self.prod.extend(
            chain
                .production
                .iter()
                .filter_map(|l| Some((segment(&l.segment)?, l.accelerators_per_unit_year))),
        );
        self.host.clear();
        self.host.extend(
            chain
                .hosting
                .iter()
                .filter_map(|l| Some((segment(&l.segment)?, l.units_per_accelerator)))
                .filter(|(_, req)| *req > 0.0),
        );
        self.links.clear();
        self.links.extend(
            self.prod
                .iter()
                .map(|&(k, _)| (k, Role::Production))
                .chain(self.host.iter().map(|&(k, _)| (k, Role::Hosting))),
        );
        self.classify_pacing();
        self.breakpoints.reset();

        self.acc_life_periods = h.periods_in(chain.accelerator_lifetime_years).max(1);
        self.acc_life_years = chain.accelerator_lifetime_years;
        self.fleet0 = chain.installed_fleet_accelerators.max(0.0);
        self.fleet0_step = dt / chain.accelerator_lifetime_years;
        self.fleet0_prev = 0.0;
        self.perf
            .sample(&chain.performance_per_accelerator, t0, dt, n);
        self.has_demand = s.demand_compute.is_some();
        if let Some(c) = &s.demand_compute {
            self.demand.sample(c, t0, dt, n);
        }
        self.has_revenue = s.revenue.is_some();
        if let Some(r) = &s.revenue {
            self.price
                .sample(&r.price_usd_per_accelerator_year, t0, dt, n);
            self.utilisation.sample(&r.utilisation, t0, dt, n);
        }
        refill(&mut self.fleet_d, n + 1, 0.0);
        refill(&mut self.perf_d, n + 1, 0.0);

        let nsrc = s.funding.len();
        refill(&mut self.src_row, nsrc, SourcePeriod::default());
        refill(&mut self.seg_row, nseg, SegmentPeriod::default());
        refill(&mut self.alloc_usd, nseg, 0.0);
        refill(&mut self.filled_to_cap, nseg, false);
        refill(&mut self.link_capacity, self.links.len(), 0.0);
        self.treasury_usd = s.initial_treasury_usd.max(0.0);
        self.capital_spent_usd = 0.0;
        self.cohorts = 0.0;
        self.cohort_perf = 0.0;
        self.active_prev = self.fleet0;
    }

    /// Balanced's candidates and, for each, how it is paced to every other chain link: the
    /// relation depends only on lead times, ramps, roles and caps, so it is decided once.
    fn classify_pacing(&mut self) {
        self.candidates.clear();
        self.pace_pairs.clear();
        if !self.balanced {
            return;
        }
        let g = &self.segs;
        self.chain_segs.clear();
        self.chain_segs
            .extend((0..g.len).filter(|&k| g.params[k].chain_k.is_some()));
        for &k in &self.chain_segs {
            let Some(per_unit) = g.params[k].chain_k.filter(|_| !self.has_share[k]) else {
                continue;
            };
            let first = self.pace_pairs.len();
            for &j in self.chain_segs.iter().filter(|&&j| j != k) {
                let pace = if g.params[j].pace_periods > g.params[k].pace_periods {
                    if g.params[j].hosts == g.params[k].hosts {
                        Pace::SlowerSameRole
                    } else {
                        Pace::SlowerOtherRole
                    }
                } else if g.params[j].has_cap {
                    Pace::FasterCapped
                } else {
                    // Faster and free: it can always catch up.
                    continue;
                };
                let Some(kr) = g.params[j].chain_k else {
                    continue;
                };
                self.pace_pairs.push((j, pace, kr));
            }
            self.candidates.push(BalancedCandidate {
                k,
                per_unit,
                pace_periods: g.params[k].pace_periods,
                pairs: (first, self.pace_pairs.len()),
            });
        }
        let m = self.candidates.len();
        let none = Candidate {
            level: 0.0,
            cost_per_level: 0.0,
            max_raise: 0.0,
        };
        refill(&mut self.cands, m, none);
        refill(&mut self.cap_raise, m, 0.0);
        refill(&mut self.cand_seg, m, 0);
    }

    fn run(&mut self, s: &Scenario, extra: Option<&Extra>, sink: &mut impl Sink) {
        if too_large(s).is_some() {
            sink.not_simulated(s);
            return;
        }
        let n = simulated_periods(s);
        self.prepare(s, n);
        sink.begin(s, n, &self.links);
        for i in 0..n {
            let mut f = Flows::default();
            self.funding(i, &mut f);
            self.revenue(i, &mut f);
            self.opex(&mut f);
            self.debt_service(i, &mut f);
            self.allocate(i, f.cash);
            self.start(i, extra, &mut f);
            self.capacity(i);
            let chain = self.chain(i);
            sink.period(&self.view(i, &f, chain));
        }
        let residual_usd = self.segs.state.iter().map(|x| x.residual_usd).sum();
        sink.end(s, &RunEnd { residual_usd });
    }

    /// 1. Funding drawn, within the yearly and total caps.
    fn funding(&mut self, i: usize, f: &mut Flows) {
        if i.is_multiple_of(self.ppy) {
            for src in &mut self.sources {
                src.drawn_year_usd = 0.0;
            }
        }
        for (k, src) in self.sources.iter_mut().enumerate() {
            let d = src.draw(i, self.dt);
            f.inflow += d;
            f.by_class[src.class.index()] += d;
            self.src_row[k].drawn_usd = d;
        }
        f.cash = self.treasury_usd + f.inflow;
    }

    /// 2. Revenue on the fleet at the start of the period.
    fn revenue(&self, i: usize, f: &mut Flows) {
        if self.has_revenue {
            f.revenue = self.price[i].max(0.0)
                * self.utilisation[i].clamp(0.0, 1.0)
                * self.active_prev
                * self.dt;
        }
        f.cash += f.revenue;
    }

    /// 3. Operating cost of capacity in service at the start of the period.
    fn opex(&mut self, f: &mut Flows) {
        let g = &self.segs;
        for k in 0..g.len {
            let x = g.params[k].opex_usd_per_unit_year.max(0.0)
                * g.state[k].in_service_prev_units
                * self.dt;
            self.seg_row[k].opex_usd = x;
            f.opex += x;
        }
        f.opex_paid = f.opex.min(f.cash);
        f.cash -= f.opex_paid;
    }

    /// 4. Debt service: scheduled payments plus arrears with interest, pro rata if short.
    fn debt_service(&mut self, i: usize, f: &mut Flows) {
        // Without a debt source nothing is ever due: the sources' service records keep the
        // zeros `prepare` wrote.
        if self.any_debt {
            for (k, src) in self.sources.iter_mut().enumerate() {
                let due = if src.is_debt { src.debt.due(i) } else { 0.0 };
                self.src_row[k].service_due_usd = due;
                f.due += due;
            }
        }
        f.paid = f.due.min(f.cash);
        let paid_frac = if f.due > 0.0 { f.paid / f.due } else { 1.0 };
        f.cash -= f.paid;
        if !self.any_debt {
            return;
        }
        for (k, src) in self.sources.iter_mut().enumerate() {
            let due = self.src_row[k].service_due_usd;
            let paid = due * paid_frac;
            let (int, out) = if src.is_debt {
                src.debt.settle(due, paid, self.src_row[k].drawn_usd, i)
            } else {
                (0.0, 0.0)
            };
            self.src_row[k].interest_usd = int;
            self.src_row[k].service_paid_usd = paid;
            self.src_row[k].outstanding_usd = out;
            f.interest += int;
            f.outstanding += out;
        }
    }

    /// 5a. Allocation: fixed shares of the budget, and Balanced's water-fill with pacing.
    fn allocate(&mut self, i: usize, budget: f64) {
        if self.schedule.allocate(i, budget, &mut self.alloc_usd) {
            return;
        }
        let share_sum = if self.any_share {
            let nseg = self.segs.len;
            let share = |k: usize| {
                if self.has_share[k] {
                    self.shares[i * nseg + k].max(0.0)
                } else {
                    0.0
                }
            };
            let share_sum: f64 = (0..nseg).map(share).sum();
            let norm = if share_sum > 1.0 {
                1.0 / share_sum
            } else {
                1.0
            };
            for k in 0..nseg {
                self.alloc_usd[k] = budget * share(k) * norm;
            }
            share_sum
        } else {
            // No fixed shares (Balanced on its own): nothing is set aside.
            self.alloc_usd.fill(0.0);
            0.0
        };
        if !self.balanced {
            return;
        }
        let rest = budget * (1.0 - share_sum.min(1.0));
        let m = balanced_candidates(
            &self.segs,
            i,
            &self.candidates,
            &self.pace_pairs,
            &mut self.cands,
            &mut self.cap_raise,
            &mut self.cand_seg,
        );
        let cands = &self.cands[..m];
        water_fill(cands, rest, &mut self.raise, &mut self.breakpoints);
        for (((&k, r), cd), cap) in self.cand_seg[..m]
            .iter()
            .zip(&self.raise)
            .zip(cands)
            .zip(&self.cap_raise[..m])
        {
            self.alloc_usd[k] = r * cd.cost_per_level;
            self.filled_to_cap[k] = cap.is_finite() && *r >= cap * (1.0 - 1e-9);
        }
    }

    /// 5b. Spend within the caps, starts, baseline additions; the treasury.
    fn start(&mut self, i: usize, extra: Option<&Extra>, f: &mut Flows) {
        for k in 0..self.segs.len {
            let g = &mut self.segs;
            let (capex, capex_ok) = (g.state[k].capex_usd, g.state[k].capex_ok);
            let cap_units = g.cap_units(k, i);
            let wanted = if capex_ok { self.alloc_usd[k] } else { 0.0 };
            let max_spend = cap_units * capex;
            let mut x = wanted.min(max_spend).max(0.0);
            if let Some(e) = extra
                && e.segment == k
                && e.periods.contains(&i)
                && capex_ok
            {
                let outside = e.usd_per_period.min(max_spend - x).max(0.0);
                x += outside;
                f.inflow += outside;
                f.cash += outside;
            }
            let starts = if x > 0.0 {
                g.state[k].units_for(x)
            } else {
                0.0
            };
            let held_back = (wanted - max_spend).max(0.0);
            f.capped += held_back;
            let row = &mut self.seg_row[k];
            // Held back: wanted more than the cap allows (Shares), or filled to the cap while
            // the water rose above it (Balanced).
            row.held = cap_units.is_finite()
                && (wanted > max_spend * (1.0 + 1e-9) || self.filled_to_cap[k]);
            row.capped_usd = held_back;
            row.spend_usd = x;
            row.starts_units = starts;
            row.unit_capex_usd = capex;
            self.filled_to_cap[k] = false;
            if starts > 0.0 {
                g.start(k, starts, x, i);
            }
            let add = g.baseline_units(k, i);
            if add > 0.0 {
                g.add_cohort(k, add, i, i);
            }
            f.spend += x;
        }
        // What is left. Spending all the cash leaves a rounding residue of a few ulps of the
        // cash (micro-dollars on billions), which is not money: it is 0.
        let left = f.cash - f.spend;
        f.cash = if left <= TREASURY_RESIDUE * f.cash.max(0.0) {
            0.0
        } else {
            left
        };
        self.treasury_usd = f.cash;

        // Interest during construction: the period's interest times the share of the plan's
        // capital still under construction at the start of the period.
        let building: f64 = self.segs.state.iter().map(|x| x.capital_building_usd).sum();
        f.idc = if self.capital_spent_usd > 0.0 {
            f.interest * (building / self.capital_spent_usd).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.capital_spent_usd += f.spend;
    }

    /// 6. Capacity in service this period.
    fn capacity(&mut self, i: usize) {
        self.segs.advance_all(i, &mut self.seg_row);
    }

    /// The initial fleet still in service in period `i` (declining linearly over a life).
    #[inline]
    fn fleet0_at(&self, i: usize) -> f64 {
        if self.acc_life_years > 0.0 {
            self.fleet0 * (1.0 - i as f64 * self.fleet0_step).max(0.0)
        } else {
            0.0
        }
    }

    /// 7. The chain: production, room, fleet, compute, binding link.
    fn chain(&mut self, i: usize) -> ChainRow<'static> {
        let mut p_min: Option<(usize, f64)> = None;
        let mut li = 0;
        for &(k, per_unit) in &self.prod {
            let cap = self.seg_row[k].effective_units * per_unit;
            self.link_capacity[li] = cap;
            li += 1;
            if p_min.is_none_or(|(_, v)| cap < v) {
                p_min = Some((k, cap));
            }
        }
        let mut h_min: Option<(usize, f64)> = None;
        for &(k, req) in &self.host {
            let room = self.seg_row[k].effective_units / req;
            self.link_capacity[li] = room;
            li += 1;
            if h_min.is_none_or(|(_, v)| room < v) {
                h_min = Some((k, room));
            }
        }
        let production = p_min.map_or(0.0, |(_, v)| v);
        let room_total = h_min.map_or(f64::INFINITY, |(_, v)| v);
        self.cohorts += self.fleet_d[i];
        self.cohort_perf += self.perf_d[i];
        let f0 = self.fleet0_at(i);
        let f0_retired = if i == 0 { 0.0 } else { self.fleet0_prev - f0 };
        self.fleet0_prev = f0;
        let fleet_before = (f0 + self.cohorts).max(0.0);
        let room = (room_total - fleet_before).max(0.0);
        let made = production * self.dt;
        let add = made.min(room).min(self.schedule.install_limit(i));
        let binding = if made <= room {
            p_min.map(|(k, _)| k)
        } else {
            h_min.map(|(k, _)| k)
        };
        let perf = self.perf[i];
        self.cohorts += add;
        self.cohort_perf += add * perf;
        let leave = i.saturating_add(self.acc_life_periods);
        bump(&mut self.fleet_d, leave, -add);
        bump(&mut self.perf_d, leave, -add * perf);
        let fleet = fleet_before + add;
        let active = fleet.min(room_total);
        let hosted_frac = if fleet > 0.0 { active / fleet } else { 1.0 };
        let perf0 = self.perf.first().copied().unwrap_or(0.0);
        let compute = ((self.cohort_perf + f0 * perf0) * hosted_frac).max(0.0);
        self.active_prev = active;
        let demand = if self.has_demand {
            self.demand[i].max(0.0)
        } else {
            0.0
        };
        ChainRow {
            link_capacity: &[],
            production_per_year: production,
            // Infinite without hosting links; reported as 0 rather than ∞.
            hosting_room: if self.host.is_empty() {
                0.0
            } else {
                room_total
            },
            installed: add,
            retired: (-self.fleet_d[i]).max(0.0) + f0_retired,
            fleet,
            stranded: fleet - active,
            idle_output: made - add,
            compute,
            binding,
            demand,
            demand_shortfall: (demand - compute).max(0.0),
        }
    }

    /// Period `i` as the sink sees it.
    fn view<'a>(&'a self, i: usize, f: &Flows, chain: ChainRow<'static>) -> PeriodView<'a> {
        PeriodView {
            period: i,
            inflow_usd: f.inflow,
            drawn_by_class_usd: f.by_class,
            revenue_usd: f.revenue,
            opex_usd: f.opex,
            opex_shortfall_usd: f.opex - f.opex_paid,
            spend_usd: f.spend,
            capped_usd: f.capped,
            interest_usd: f.interest,
            interest_during_construction_usd: f.idc,
            debt_service_due_usd: f.due,
            debt_service_paid_usd: f.paid,
            debt_service_shortfall_usd: f.due - f.paid,
            debt_outstanding_usd: f.outstanding,
            treasury_usd: self.treasury_usd,
            sources: &self.src_row,
            segments: &self.seg_row,
            chain: ChainRow {
                link_capacity: &self.link_capacity,
                ..chain
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Horizon, Period};

    /// The periods of the last run this thread's workspace kept (0 when it was dropped).
    fn kept_periods() -> usize {
        WORKSPACE.with(|cell| cell.borrow().n)
    }

    fn fresh(s: &Scenario) -> Outcome {
        let mut sink = OutcomeSink::default();
        simulate_into(s, &mut Workspace::default(), &mut sink);
        sink.into_outcome()
    }

    /// `simulate` reuses the thread's workspace, whatever ran in it before, with the results
    /// of a fresh one: another scenario of other periods and shape in between changes nothing.
    #[test]
    fn the_threads_workspace_gives_the_results_of_a_fresh_one() {
        let a = Scenario::template();
        let mut b = Scenario::template();
        b.horizon = Horizon {
            start_year: 2025,
            end_year: 2031,
            period: Period::Quarter,
        };
        b.segments.truncate(2);
        b.segments[0].lead_time_years *= 0.5;
        b.allocation = Allocation::Balanced { fixed: Vec::new() };
        let (fa, fb) = (fresh(&a), fresh(&b));
        assert_ne!(fa, fb);
        for (s, want) in [(&a, &fa), (&b, &fb), (&a, &fa), (&a, &fa), (&b, &fb)] {
            assert_eq!(&simulate(s), want);
            assert_eq!(kept_periods(), simulated_periods(s));
        }
        assert_eq!(
            simulate_with_extra(
                &a,
                Extra {
                    segment: 0,
                    periods: 0..12,
                    usd_per_period: 1e9,
                },
            ),
            {
                let mut sink = OutcomeSink::default();
                Workspace::default().run(
                    &a,
                    Some(&Extra {
                        segment: 0,
                        periods: 0..12,
                        usd_per_period: 1e9,
                    }),
                    &mut sink,
                );
                sink.into_outcome()
            }
        );
    }

    /// After a scenario beyond [`KEPT_WORKSPACE_CELLS`] the thread keeps no workspace; a
    /// small one is kept again.
    #[test]
    fn a_large_run_does_not_keep_its_workspace() {
        let small = Scenario::template();
        let mut large = small.clone();
        let first = large.segments[0].clone();
        let mut k = 0;
        while simulation_cells(&large) <= KEPT_WORKSPACE_CELLS {
            let mut g = first.clone();
            g.name = format!("{} {k}", first.name);
            large.segments.push(g);
            k += 1;
        }
        assert!(too_large(&large).is_none());
        let o = simulate(&large);
        assert_eq!(o.time.len(), simulated_periods(&large));
        assert_eq!(kept_periods(), 0);
        simulate(&small);
        assert_eq!(kept_periods(), simulated_periods(&small));
    }
}
