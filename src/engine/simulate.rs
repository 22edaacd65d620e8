//! The period loop. The rules and their formulas are written in [`crate::engine`]'s docs.

use super::allocate::{Candidate, WaterFill};
use super::finance::pmt;
use super::funding::{DebtRun, SourceRun};
use super::kpis::{benchmarks, kpis};
use super::outcome::{ChainSeries, LinkSeries, Outcome, Role, SourceSeries};
use super::segment::{Lookup, SegRun, bump, sampled};
use crate::model::{Allocation, FundingKind, Scenario, simulated_periods, too_large};

/// Simulates the scenario. Pure and deterministic; never panics, also on invalid input (whose
/// numbers then mean little — validate first). A scenario beyond the model's size limits
/// ([`crate::model::too_large`], which validation reports) is not simulated: its outcome has
/// no periods, so that no input can make the engine allocate without bound or run for minutes.
pub fn simulate(s: &Scenario) -> Outcome {
    if too_large(s).is_some() {
        return not_simulated(s);
    }
    Sim::new(s).run(s)
}

/// The outcome of a scenario too large to simulate: no periods.
fn not_simulated(s: &Scenario) -> Outcome {
    Outcome {
        horizon: Some(s.horizon),
        ..Outcome::default()
    }
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
    if too_large(s).is_some() {
        return not_simulated(s);
    }
    let mut sim = Sim::new(s);
    sim.extra = Some(extra);
    sim.run(s)
}

/// Paced links may be built this much beyond the longer-lead link they follow, so that the
/// link that sets the pace is the one that binds (and a little spare room is usual anyway).
pub const PACING_HEADROOM: f64 = 0.02;

struct Sim {
    n: usize,
    dt: f64,
    segs: Vec<SegRun>,
    sources: Vec<SourceRun>,
    /// Sampled allocation shares per segment (Shares) or fixed shares (Balanced).
    shares: Vec<Option<Vec<f64>>>,
    balanced: bool,
    extra: Option<Extra>,
    /// Indices of the segments that are chain links (the only ones pacing compares).
    chain_segs: Vec<usize>,
}

impl Sim {
    fn new(s: &Scenario) -> Self {
        let h = s.horizon;
        let n = simulated_periods(s);
        let (t0, dt) = (h.time(0), h.dt_years());
        let look = Lookup::new(s);
        let segs: Vec<SegRun> = s
            .segments
            .iter()
            .map(|g| SegRun::new(g, s, &look, t0, dt, n))
            .collect();
        let chain_segs = (0..segs.len())
            .filter(|&k| segs[k].chain_k.is_some())
            .collect();
        let sources = s
            .funding
            .iter()
            .map(|f| SourceRun {
                debt: match f.kind {
                    FundingKind::Debt {
                        rate,
                        tenor_years,
                        grace_years,
                    } => {
                        let grace = h.periods_in(grace_years);
                        let amort = h.periods_in(tenor_years).saturating_sub(grace).max(1);
                        let r = rate * dt;
                        Some(DebtRun {
                            rate: r,
                            grace,
                            amort,
                            factor: pmt(r, amort, 1.0),
                            schedule: vec![0.0; n + 1],
                            scheduled: 0.0,
                            balance: 0.0,
                            arrears: 0.0,
                            maturing: vec![0; n],
                            live_draws: 0,
                        })
                    }
                    _ => None,
                },
                kind_index: match f.kind {
                    FundingKind::Equity { .. } => 0,
                    FundingKind::Debt { .. } => 1,
                    FundingKind::Grant => 2,
                },
                inflow: sampled(&f.inflow_usd_per_year, t0, dt, n),
                cap_year: f.cap_usd_per_year.unwrap_or(f64::INFINITY),
                cap_total: f.cap_usd_total.unwrap_or(f64::INFINITY),
                drawn_year: 0.0,
                drawn_total: 0.0,
                out: SourceSeries {
                    name: f.name.clone(),
                    kind: f.kind.name(),
                    drawn_usd: Vec::with_capacity(n),
                    interest_usd: Vec::with_capacity(n),
                    service_due_usd: Vec::with_capacity(n),
                    service_paid_usd: Vec::with_capacity(n),
                    outstanding_usd: Vec::with_capacity(n),
                },
            })
            .collect();
        let (list, balanced) = match &s.allocation {
            Allocation::Shares(list) => (list, false),
            Allocation::Balanced { fixed } => (fixed, true),
        };
        let mut shares: Vec<Option<Vec<f64>>> = vec![None; s.segments.len()];
        for sh in list {
            if let Some(k) = look.segment(&sh.segment) {
                shares[k] = Some(sampled(&sh.share, t0, dt, n));
            }
        }
        Self {
            n,
            dt,
            segs,
            chain_segs,
            sources,
            shares,
            balanced,
            extra: None,
        }
    }

    fn run(mut self, s: &Scenario) -> Outcome {
        let (n, dt) = (self.n, self.dt);
        let h = s.horizon;
        let (t0, ppy) = (h.time(0), h.periods_per_year());
        let chain = &s.chain;
        let look = Lookup::new(s);
        let perf = sampled(&chain.performance_per_accelerator, t0, dt, n);
        let demand = s.demand_compute.as_ref().map(|c| sampled(c, t0, dt, n));
        let price = s
            .revenue
            .as_ref()
            .map(|r| sampled(&r.price_usd_per_accelerator_year, t0, dt, n));
        let utilisation = s
            .revenue
            .as_ref()
            .map(|r| sampled(&r.utilisation, t0, dt, n));
        let prod: Vec<(usize, f64)> = chain
            .production
            .iter()
            .filter_map(|l| Some((look.segment(&l.segment)?, l.accelerators_per_unit_year)))
            .collect();
        let host: Vec<(usize, f64)> = chain
            .hosting
            .iter()
            .filter_map(|l| Some((look.segment(&l.segment)?, l.units_per_accelerator)))
            .filter(|(_, req)| *req > 0.0)
            .collect();
        let acc_life = h.periods_in(chain.accelerator_lifetime_years).max(1);
        let fleet0 = chain.installed_fleet_accelerators.max(0.0);
        let fleet0_at = |i: usize| {
            if chain.accelerator_lifetime_years > 0.0 {
                fleet0 * (1.0 - i as f64 * dt / chain.accelerator_lifetime_years).max(0.0)
            } else {
                0.0
            }
        };
        let perf0 = perf.first().copied().unwrap_or(0.0);

        let series = || Vec::with_capacity(n);
        let mut o = Outcome {
            horizon: Some(h),
            time: (0..n).map(|i| h.time(i)).collect(),
            inflow_usd: series(),
            revenue_usd: series(),
            opex_usd: series(),
            opex_shortfall_usd: series(),
            spend_usd: series(),
            capped_usd: series(),
            interest_usd: series(),
            interest_during_construction_usd: series(),
            debt_service_due_usd: series(),
            debt_service_paid_usd: series(),
            debt_service_shortfall_usd: series(),
            debt_outstanding_usd: series(),
            treasury_usd: series(),
            ..Outcome::default()
        };
        let mut c = ChainSeries {
            links: prod
                .iter()
                .map(|&(k, _)| (k, Role::Production))
                .chain(host.iter().map(|&(k, _)| (k, Role::Hosting)))
                .map(|(segment, role)| LinkSeries {
                    segment,
                    role,
                    capacity: Vec::with_capacity(n),
                })
                .collect(),
            performance_unit: chain.performance_unit.clone(),
            production_per_year: series(),
            hosting_room: series(),
            installed: series(),
            retired: series(),
            fleet: series(),
            stranded: series(),
            idle_output: series(),
            compute: series(),
            binding: Vec::with_capacity(n),
            demand: series(),
            demand_shortfall: series(),
        };
        let mut fleet_d = vec![0.0; n + 1];
        let mut perf_d = vec![0.0; n + 1];
        let (mut cohorts, mut cohort_perf) = (0.0, 0.0);
        let mut active_prev = fleet0;
        let mut treasury = s.initial_treasury_usd.max(0.0);
        let mut capital_spent = 0.0;
        let mut held: Vec<Vec<bool>> = (0..self.segs.len())
            .map(|_| Vec::with_capacity(n))
            .collect();
        let mut alloc = vec![0.0; self.segs.len()];
        let mut filled_to_cap = vec![false; self.segs.len()];
        let mut dues = Vec::with_capacity(self.sources.len());
        let (mut wf, mut cands, mut cand_seg, mut raise, mut cap_raise) = (
            WaterFill::default(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let mut kind_draws = [
            vec![0.0; n], // equity
            vec![0.0; n], // debt
            vec![0.0; n], // grant
        ];

        for i in 0..n {
            // 1. Funding drawn, within the yearly and total caps.
            if i % ppy == 0 {
                for src in &mut self.sources {
                    src.drawn_year = 0.0;
                }
            }
            let mut inflow = 0.0;
            for src in &mut self.sources {
                let offered = (src.inflow[i] * dt).max(0.0);
                let room = (src.cap_year - src.drawn_year).min(src.cap_total - src.drawn_total);
                let d = offered.min(room.max(0.0));
                src.drawn_year += d;
                src.drawn_total += d;
                inflow += d;
                src.out.drawn_usd.push(d);
                kind_draws[src.kind_index][i] += d;
            }
            let mut cash = treasury + inflow;

            // 2. Revenue on the fleet at the start of the period.
            let revenue = match (&price, &utilisation) {
                (Some(p), Some(u)) => p[i].max(0.0) * u[i].clamp(0.0, 1.0) * active_prev * dt,
                _ => 0.0,
            };
            cash += revenue;

            // 3. Operating cost of capacity in service at the start of the period.
            let mut opex = 0.0;
            for g in &mut self.segs {
                let x = g.opex.max(0.0) * g.in_service_prev * dt;
                g.out.opex_usd.push(x);
                opex += x;
            }
            let opex_paid = opex.min(cash);
            cash -= opex_paid;

            // 4. Debt service: scheduled payments plus arrears with interest, pro rata if short.
            let mut due_total = 0.0;
            dues.clear();
            for src in &mut self.sources {
                let due = match &mut src.debt {
                    Some(d) => {
                        d.scheduled += d.schedule[i];
                        d.scheduled.max(0.0) + d.arrears * (1.0 + d.rate)
                    }
                    None => 0.0,
                };
                dues.push(due);
                due_total += due;
            }
            let paid_total = due_total.min(cash);
            let paid_frac = if due_total > 0.0 {
                paid_total / due_total
            } else {
                1.0
            };
            cash -= paid_total;
            let mut interest = 0.0;
            let mut outstanding = 0.0;
            for (src, due) in self.sources.iter_mut().zip(&dues) {
                let paid = due * paid_frac;
                let (int, out) = match &mut src.debt {
                    Some(d) => {
                        let scheduled = d.scheduled.max(0.0);
                        let int = d.rate * d.balance;
                        let principal = (scheduled - int).clamp(0.0, d.balance);
                        let int_total = int + d.arrears * d.rate;
                        d.arrears = (due - paid).max(0.0);
                        d.balance = (d.balance - principal).max(0.0);
                        d.mature(i);
                        d.balance += src.out.drawn_usd[i];
                        d.draw(src.out.drawn_usd[i], i);
                        (int_total, d.balance + d.arrears)
                    }
                    None => (0.0, 0.0),
                };
                src.out.interest_usd.push(int);
                src.out.service_due_usd.push(*due);
                src.out.service_paid_usd.push(paid);
                src.out.outstanding_usd.push(out);
                interest += int;
                outstanding += out;
            }

            // 5. Capital spend: allocate the cash, respect caps, start units.
            let budget = cash;
            for g in &mut self.segs {
                g.cap_units = g.cap.as_ref().map_or(f64::INFINITY, |c| c[i].max(0.0) * dt);
            }
            let share_sum: f64 = self
                .shares
                .iter()
                .map(|sh| sh.as_ref().map_or(0.0, |v| v[i].max(0.0)))
                .sum();
            let norm = if share_sum > 1.0 {
                1.0 / share_sum
            } else {
                1.0
            };
            for (a, sh) in alloc.iter_mut().zip(&self.shares) {
                *a = budget * sh.as_ref().map_or(0.0, |v| v[i].max(0.0)) * norm;
            }
            cands.clear();
            cand_seg.clear();
            cap_raise.clear();
            if self.balanced {
                let rest = budget * (1.0 - share_sum.min(1.0));
                for (k, g) in self.segs.iter().enumerate() {
                    let (Some(kk), None) = (g.chain_k, &self.shares[k]) else {
                        continue;
                    };
                    let capex = g.capex();
                    if !(capex > 0.0 && capex.is_finite()) {
                        continue;
                    }
                    let cap_units = g.cap_units;
                    let level = g.at_arrival(i) * kk;
                    // Pacing: what starts now enters service at i + L. A link with a longer
                    // lead time will then have only what it had committed by i + L − L_r, so
                    // there is no point in building beyond that yet.
                    let arrival = i.saturating_add(g.pace);
                    let ceiling = self
                        .chain_segs
                        .iter()
                        .filter(|&&j| j != k)
                        .map(|&j| &self.segs[j])
                        .filter_map(|r| {
                            let kr = r.chain_k?;
                            let reachable = if r.pace > g.pace {
                                // Slower: same role, what r will have in service on arrival;
                                // across roles (production against room, or room against
                                // production), all r has committed — a fleet fills its room
                                // over years.
                                if r.hosts == g.hosts {
                                    r.projected(arrival, i)
                                } else {
                                    r.committed_prev
                                }
                            } else if r.cap_units.is_finite() {
                                // Faster but capped: all r has committed plus what its
                                // supply chain lets it start and finish before g arrives.
                                let starts_left = (arrival + 1).saturating_sub(i + r.lead);
                                r.committed_prev + r.cap_units * starts_left as f64
                            } else {
                                // Faster and free: it can always catch up.
                                return None;
                            };
                            Some(reachable * kr * (1.0 + PACING_HEADROOM))
                        })
                        .fold(f64::INFINITY, f64::min);
                    cands.push(Candidate {
                        level,
                        cost_per_level: capex / kk,
                        max_raise: (cap_units * kk).min((ceiling - level).max(0.0)),
                    });
                    cap_raise.push(cap_units * kk);
                    cand_seg.push(k);
                }
                wf.fill(&cands, rest, &mut raise);
                for (((&k, r), cd), cap) in cand_seg.iter().zip(&raise).zip(&cands).zip(&cap_raise)
                {
                    alloc[k] = r * cd.cost_per_level;
                    filled_to_cap[k] = cap.is_finite() && *r >= cap * (1.0 - 1e-9);
                }
            }
            let mut spend = 0.0;
            let mut capped = 0.0;
            for (k, g) in self.segs.iter_mut().enumerate() {
                let capex = g.capex();
                let cap_units = g.cap_units;
                let wanted = if capex > 0.0 && capex.is_finite() {
                    alloc[k]
                } else {
                    0.0
                };
                let max_spend = cap_units * capex;
                let mut x = wanted.min(max_spend).max(0.0);
                if let Some(e) = &self.extra
                    && e.segment == k
                    && e.periods.contains(&i)
                    && capex > 0.0
                    && capex.is_finite()
                {
                    let outside = e.usd_per_period.min(max_spend - x).max(0.0);
                    x += outside;
                    inflow += outside;
                    cash += outside;
                }
                let starts = if x > 0.0 { x / capex } else { 0.0 };
                // Held back: wanted more than the cap allows (Shares), or filled to the cap while
                // the water rose above it (Balanced).
                let at_cap = cap_units.is_finite()
                    && (wanted > max_spend * (1.0 + 1e-9) || filled_to_cap[k]);
                filled_to_cap[k] = false;
                held[k].push(at_cap);
                let held_back = (wanted - max_spend).max(0.0);
                g.out.capped_usd.push(held_back);
                capped += held_back;
                g.out.spend_usd.push(x);
                g.out.starts_units.push(starts);
                g.out.unit_capex_usd.push(capex);
                if starts > 0.0 {
                    g.start(starts, x, i);
                }
                if let Some(b) = &g.baseline {
                    let add = b[i].max(0.0) * dt;
                    if add > 0.0 {
                        g.add_cohort(add, i, i);
                    }
                }
                spend += x;
            }
            cash -= spend;
            treasury = cash.max(0.0);

            // Interest during construction: the period's interest times the share of the plan's
            // capital still under construction at the start of the period.
            let building: f64 = self.segs.iter().map(|g| g.capital_building).sum();
            let idc = if capital_spent > 0.0 {
                interest * (building / capital_spent).clamp(0.0, 1.0)
            } else {
                0.0
            };
            capital_spent += spend;

            // 6. Capacity in service this period.
            for g in &mut self.segs {
                g.advance(i);
            }

            // 7. The chain: production, room, fleet, compute, binding link.
            let mut p_min: Option<(usize, f64)> = None;
            let mut li = 0;
            for &(k, per_unit) in &prod {
                let cap = self.segs[k].out.effective_units[i] * per_unit;
                c.links[li].capacity.push(cap);
                li += 1;
                if p_min.is_none_or(|(_, v)| cap < v) {
                    p_min = Some((k, cap));
                }
            }
            let mut h_min: Option<(usize, f64)> = None;
            for &(k, req) in &host {
                let room = self.segs[k].out.effective_units[i] / req;
                c.links[li].capacity.push(room);
                li += 1;
                if h_min.is_none_or(|(_, v)| room < v) {
                    h_min = Some((k, room));
                }
            }
            let production = p_min.map_or(0.0, |(_, v)| v);
            let room_total = h_min.map_or(f64::INFINITY, |(_, v)| v);
            cohorts += fleet_d[i];
            cohort_perf += perf_d[i];
            let f0 = fleet0_at(i);
            let f0_retired = if i == 0 { 0.0 } else { fleet0_at(i - 1) - f0 };
            let fleet_before = (f0 + cohorts).max(0.0);
            let room = (room_total - fleet_before).max(0.0);
            let made = production * dt;
            let add = made.min(room);
            let binding = if made <= room {
                p_min.map(|(k, _)| k)
            } else {
                h_min.map(|(k, _)| k)
            };
            cohorts += add;
            cohort_perf += add * perf[i];
            bump(&mut fleet_d, i.saturating_add(acc_life), -add);
            bump(&mut perf_d, i.saturating_add(acc_life), -add * perf[i]);
            let fleet = fleet_before + add;
            let active = fleet.min(room_total);
            let hosted_frac = if fleet > 0.0 { active / fleet } else { 1.0 };
            let compute = ((cohort_perf + f0 * perf0) * hosted_frac).max(0.0);
            active_prev = active;
            c.production_per_year.push(production);
            c.hosting_room.push(room_total);
            c.installed.push(add);
            c.retired.push((-fleet_d[i]).max(0.0) + f0_retired);
            c.fleet.push(fleet);
            c.stranded.push(fleet - active);
            c.idle_output.push(made - add);
            c.compute.push(compute);
            c.binding.push(binding);
            let d = demand.as_ref().map_or(0.0, |d| d[i].max(0.0));
            c.demand.push(d);
            c.demand_shortfall.push((d - compute).max(0.0));

            o.inflow_usd.push(inflow);
            o.revenue_usd.push(revenue);
            o.opex_usd.push(opex);
            o.opex_shortfall_usd.push(opex - opex_paid);
            o.spend_usd.push(spend);
            o.capped_usd.push(capped);
            o.interest_usd.push(interest);
            o.interest_during_construction_usd.push(idc);
            o.debt_service_due_usd.push(due_total);
            o.debt_service_paid_usd.push(paid_total);
            o.debt_service_shortfall_usd.push(due_total - paid_total);
            o.debt_outstanding_usd.push(outstanding);
            o.treasury_usd.push(treasury);
        }
        // Hosting room is infinite without hosting links; report 0 rather than ∞ in series.
        if host.is_empty() {
            c.hosting_room.iter_mut().for_each(|x| *x = 0.0);
        }

        o.chain = c;
        let residual: f64 = self.segs.iter().map(|g| g.residual_usd).sum();
        o.segments = self.segs.into_iter().map(|g| g.out).collect();
        o.sources = self.sources.into_iter().map(|s| s.out).collect();
        o.benchmarks = benchmarks(s, &o, &kind_draws);
        o.kpis = kpis(s, &o, &held, residual);
        o
    }
}
