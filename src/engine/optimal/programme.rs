//! The rows and columns of the programme (written out in [`super`]'s docs), built from
//! [`Data`], and the reading of a solution: the schedule, the objective, the duals.

use super::Rules;
use super::data::{Data, SegData};
use super::lp::{Col, Key, Lp, LpBuilder, Row};
use super::solve::TieBreak;
use crate::model::Objective;

/// Programme units: money in $B, accelerators in millions, compute (and the objective) in
/// billions of the performance unit, so that coefficients lie near 1.
pub const USD: f64 = 1e9;
pub const ACC: f64 = 1e6;
pub const OBJ: f64 = 1e9;

/// The programme of a scenario and what is needed to read it.
pub struct Programme {
    pub data: Data,
    pub lp: Lp,
    pub objective: Objective,
    /// The objective's constant (the initial fleet's part), in objective units.
    pub constant: f64,
    /// Per column, its coefficient in the objective proper (without the never-falls
    /// penalty), in objective units per programme unit.
    pub value: Vec<f64>,
}

/// Adds `k ×` the plan's effective capacity of segment `s` in period `t` (programme units) to
/// row `r`: nameplate in service less the part of the cohorts still ramping,
/// `E_t = K_t − Σ_{k < min(R, N)} (1 − w(k)) · u_{t−L−k}`.
fn effective(b: &mut LpBuilder, r: usize, g: &SegData, s: usize, t: usize, k: f64) {
    b.coef(r, Key::seg(Col::Nameplate, s, t), k);
    let Some(e) = t.checked_sub(g.lead) else {
        return;
    };
    for age in 0..g.ramp.min(g.life) {
        let deficit = 1.0 - g.ramp_weight(age);
        if deficit <= 0.0 {
            break;
        }
        if let Some(i) = e.checked_sub(age) {
            b.coef(r, Key::seg(Col::Starts, s, i), -k * deficit);
        }
    }
}

impl Programme {
    /// Builds the programme of `data` for `objective` under `rules`.
    pub fn new(data: Data, objective: Objective, rules: &Rules) -> Self {
        let d = &data;
        let (n, dt) = (d.n, d.dt);
        let mut b = LpBuilder::default();
        let inf = f64::INFINITY;
        let perf0 = d.perf0();

        // Objective coefficients of an installation in period j and the constant, per
        // objective (maximised; unmet demand is maximised as its negative).
        let a = d.acc_life;
        let install_value = |j: usize| -> f64 {
            match objective {
                Objective::CumulativeCompute => d.perf[j] * dt * a.min(n - j) as f64,
                Objective::ComputeAtEnd => {
                    if n - 1 - j < a {
                        d.perf[j]
                    } else {
                        0.0
                    }
                }
                Objective::UnmetDemand | Objective::Npv => 0.0,
            }
        };
        let npv = objective == Objective::Npv;
        // NPV: the engine's cash flows `revenue − opex − spend` of period t discounted by
        // v^t, and the residual value one period after the horizon (`kpis`, `segment`).
        let v: Vec<f64> = (0..=n).map(|t| d.discount.powi(t as i32)).collect();
        let constant = match objective {
            Objective::CumulativeCompute => d.fleet0.iter().map(|f| f * perf0 * dt).sum(),
            Objective::ComputeAtEnd => d.fleet0[n - 1] * perf0,
            Objective::UnmetDemand => 0.0,
            Objective::Npv => (0..n)
                .map(|t| {
                    let fleet = if t == 0 { d.fleet0_start } else { 0.0 };
                    let opex: f64 = d
                        .segs
                        .iter()
                        .map(|g| {
                            let prev = if t == 0 {
                                g.base0
                            } else {
                                g.exo_in_service[t - 1]
                            };
                            g.opex * dt * prev
                        })
                        .sum();
                    (d.revenue_per_acc[t] * fleet - opex) * v[t]
                })
                .sum(),
        } / OBJ;
        let never_falls = rules.compute_never_falls
            && matches!(
                objective,
                Objective::CumulativeCompute | Objective::ComputeAtEnd
            );

        // Columns.
        for (s, g) in d.segs.iter().enumerate() {
            for i in 0..n {
                // A start that cannot enter service before the end buys nothing: fixed at 0.
                let useful = g.can_spend() && (i + g.lead < n || d.forced(s, i));
                let ub = if useful {
                    g.cap_units[i] / g.scale
                } else {
                    0.0
                };
                let usd = g.capex[i] * g.scale / OBJ;
                let cost = if npv {
                    // Spend now, the book value back after the horizon (straight-line from
                    // entering service, full while building).
                    let served = n.saturating_sub(i + g.lead) as f64;
                    let book = (1.0 - served / g.life as f64).clamp(0.0, 1.0);
                    usd * (book * v[n] - v[i])
                } else {
                    0.0
                };
                b.col(Key::seg(Col::Starts, s, i), 0.0, ub, cost);
                let opex = if npv && i + 1 < n {
                    -g.opex * dt * g.scale / OBJ * v[i + 1]
                } else {
                    0.0
                };
                b.col(Key::seg(Col::Nameplate, s, i), 0.0, inf, opex);
            }
        }
        for j in 0..n {
            b.col(
                Key::at(Col::Install, j),
                0.0,
                inf,
                install_value(j) * ACC / OBJ,
            );
            let revenue = if npv && j + 1 < n {
                d.revenue_per_acc[j + 1] * v[j + 1] * ACC / OBJ
            } else {
                0.0
            };
            b.col(Key::at(Col::Fleet, j), 0.0, inf, revenue);
            b.col(Key::at(Col::Treasury, j), 0.0, inf, 0.0);
            if objective == Objective::UnmetDemand {
                b.col(Key::at(Col::Short, j), 0.0, inf, -dt);
            }
            if never_falls && j > 0 {
                b.col(Key::at(Col::Fall, j), 0.0, inf, -rules.fall_penalty(d));
            }
        }

        // Plan nameplate: K_t = K_{t−1} + u_{t−L} − u_{t−L−N}.
        for (s, g) in d.segs.iter().enumerate() {
            for t in 0..n {
                let r = b.row(Key::seg(Row::Nameplate, s, t), 0.0, 0.0);
                b.coef(r, Key::seg(Col::Nameplate, s, t), 1.0);
                if t > 0 {
                    b.coef(r, Key::seg(Col::Nameplate, s, t - 1), -1.0);
                }
                if let Some(i) = t.checked_sub(g.lead) {
                    b.coef(r, Key::seg(Col::Starts, s, i), -1.0);
                    if let Some(i) = i.checked_sub(g.life) {
                        b.coef(r, Key::seg(Col::Starts, s, i), 1.0);
                    }
                }
            }
        }

        // Production: y_t ≤ Δt·a·(exo_t + scale·E_t).
        for &(s, per_unit) in &d.production {
            let g = &d.segs[s];
            for t in 0..n {
                let k = dt * per_unit * g.scale / ACC;
                let r = b.row(
                    Key::seg(Row::Production, s, t),
                    -inf,
                    dt * per_unit * g.exo_effective[t] / ACC,
                );
                b.coef(r, Key::at(Col::Install, t), 1.0);
                effective(&mut b, r, g, s, t, -k);
            }
        }

        // Hosting: F_t ≤ (exo_t + scale·E_t) / req — installation within room − F′, and no
        // stranding, in one row.
        for &(s, req) in &d.hosting {
            let g = &d.segs[s];
            for t in 0..n {
                let k = g.scale / (req * ACC);
                let r = b.row(
                    Key::seg(Row::Hosting, s, t),
                    -inf,
                    g.exo_effective[t] / (req * ACC),
                );
                b.coef(r, Key::at(Col::Fleet, t), 1.0);
                effective(&mut b, r, g, s, t, -k);
            }
        }

        // Fleet: F_t = F_{t−1} + y_t − y_{t−A} + (f0_t − f0_{t−1}).
        for t in 0..n {
            let f0_prev = if t == 0 { 0.0 } else { d.fleet0[t - 1] };
            let rhs = (d.fleet0[t] - f0_prev) / ACC;
            let r = b.row(Key::at(Row::Fleet, t), rhs, rhs);
            b.coef(r, Key::at(Col::Fleet, t), 1.0);
            b.coef(r, Key::at(Col::Install, t), -1.0);
            if t > 0 {
                b.coef(r, Key::at(Col::Fleet, t - 1), -1.0);
            }
            if let Some(j) = t.checked_sub(a) {
                b.coef(r, Key::at(Col::Install, j), 1.0);
            }
        }

        // Treasury: T_t = T_{t−1} + draws + revenue − opex − service − spend, T_t ≥ 0.
        for t in 0..n {
            let mut rhs = d.draws[t] - d.service[t];
            if t == 0 {
                rhs += d.initial_treasury + d.revenue_per_acc[0] * d.fleet0_start;
            }
            for g in &d.segs {
                let prev = if t == 0 {
                    g.base0
                } else {
                    g.exo_in_service[t - 1]
                };
                rhs -= g.opex * dt * prev;
            }
            let r = b.row(Key::at(Row::Treasury, t), rhs / USD, rhs / USD);
            b.coef(r, Key::at(Col::Treasury, t), 1.0);
            if t > 0 {
                b.coef(r, Key::at(Col::Treasury, t - 1), -1.0);
                b.coef(
                    r,
                    Key::at(Col::Fleet, t - 1),
                    -d.revenue_per_acc[t] * ACC / USD,
                );
            }
            for (s, g) in d.segs.iter().enumerate() {
                b.coef(r, Key::seg(Col::Starts, s, t), g.capex[t] * g.scale / USD);
                if t > 0 {
                    b.coef(
                        r,
                        Key::seg(Col::Nameplate, s, t - 1),
                        g.opex * dt * g.scale / USD,
                    );
                }
            }
        }

        // Fixed shares of the period's total spend.
        for (s, share) in &d.fixed {
            for (t, phi) in share.iter().enumerate() {
                let r = b.row(Key::seg(Row::FixedShare, *s, t), 0.0, 0.0);
                for (k, g) in d.segs.iter().enumerate() {
                    let c = g.capex[t] * g.scale / USD;
                    let own = if k == *s { c } else { 0.0 };
                    b.coef(r, Key::seg(Col::Starts, k, t), own - phi * c);
                }
            }
        }

        // The planner's limits on a segment's spend (in $B per period; the change in $B per
        // year from one period to the next).
        for l in &d.limits {
            let g = &d.segs[l.seg];
            let spend = |b: &mut LpBuilder, r: usize, t: usize, k: f64| {
                b.coef(
                    r,
                    Key::seg(Col::Starts, l.seg, t),
                    k * g.capex[t] * g.scale / USD,
                );
            };
            for t in 0..n {
                if let Some(min) = &l.min {
                    let r = b.row(Key::seg(Row::MinSpend, l.seg, t), min[t] / USD, inf);
                    spend(&mut b, r, t, 1.0);
                }
                if let Some(max) = &l.max {
                    let r = b.row(Key::seg(Row::MaxSpend, l.seg, t), -inf, max[t] / USD);
                    spend(&mut b, r, t, 1.0);
                }
                if let Some(c) = l.committed[t] {
                    let r = b.row(Key::seg(Row::Committed, l.seg, t), c / USD, c / USD);
                    spend(&mut b, r, t, 1.0);
                }
                if let (Some(change), true) = (l.change, t > 0) {
                    let r = b.row(Key::seg(Row::Change, l.seg, t), -change / USD, change / USD);
                    spend(&mut b, r, t, 1.0 / dt);
                    spend(&mut b, r, t - 1, -1.0 / dt);
                }
            }
        }

        // Compute never falls: compute_t − compute_{t−1} + fall_t ≥ 0, i.e.
        // π_t·y_t − π_{t−A}·y_{t−A} + fall_t ≥ −(f0_t − f0_{t−1})·π₀.
        if never_falls {
            for t in 1..n {
                let rhs = -(d.fleet0[t] - d.fleet0[t - 1]) * perf0 / OBJ;
                let r = b.row(Key::at(Row::NeverFalls, t), rhs, inf);
                b.coef(r, Key::at(Col::Install, t), d.perf[t] * ACC / OBJ);
                if let Some(j) = t.checked_sub(a) {
                    b.coef(r, Key::at(Col::Install, j), -d.perf[j] * ACC / OBJ);
                }
                b.coef(r, Key::at(Col::Fall, t), 1.0);
            }
        }

        // Unmet demand: short_t + compute_t ≥ demand_t.
        if objective == Objective::UnmetDemand {
            for t in 0..n {
                let rhs = (d.demand[t] - d.fleet0[t] * perf0) / OBJ;
                let r = b.row(Key::at(Row::Demand, t), rhs, inf);
                b.coef(r, Key::at(Col::Short, t), 1.0);
                for j in (t + 1).saturating_sub(a)..=t {
                    b.coef(r, Key::at(Col::Install, j), d.perf[j] * ACC / OBJ);
                }
            }
        }

        let lp = b.build();
        let value = lp
            .cols
            .iter()
            .zip(&lp.cost)
            .map(|(k, c)| if k.kind == Col::Fall { 0.0 } else { *c })
            .collect();
        Self {
            data,
            lp,
            objective,
            constant,
            value,
        }
    }

    /// The objective proper of a solution (without the never-falls penalty), in the
    /// objective's own units (unmet demand as a positive sum).
    pub fn objective_of(&self, x: &[f64]) -> f64 {
        let v: f64 = self.value.iter().zip(x).map(|(c, x)| c * x).sum::<f64>() + self.constant;
        let v = v * OBJ;
        if self.objective.maximised() { v } else { -v }
    }

    fn starts(&self, s: usize, i: usize) -> Option<usize> {
        self.lp.col(Key::seg(Col::Starts, s, i))
    }

    /// Spend per segment and period (USD) of a solution.
    pub fn spend(&self, x: &[f64]) -> Vec<Vec<f64>> {
        self.data
            .segs
            .iter()
            .enumerate()
            .map(|(s, g)| {
                (0..self.data.n)
                    .map(|i| {
                        self.starts(s, i)
                            .map_or(0.0, |j| (x[j] * g.scale * g.capex[i]).max(0.0))
                    })
                    .collect()
            })
            .collect()
    }

    /// Accelerators installed per period of a solution.
    pub fn installs(&self, x: &[f64]) -> Vec<f64> {
        (0..self.data.n)
            .map(|t| {
                self.lp
                    .col(Key::at(Col::Install, t))
                    .map_or(0.0, |j| (x[j] * ACC).max(0.0))
            })
            .collect()
    }

    /// The tie-break: prefer earlier spend (each $B weighted by `1 + i/n`), and smoother
    /// spend (each $B of change from one period to the next, per segment, weighted by 1).
    pub fn tie_break(&self) -> TieBreak {
        let d = &self.data;
        let mut weight = vec![0.0; self.lp.n_cols()];
        let mut changes = Vec::new();
        for (s, g) in d.segs.iter().enumerate() {
            for i in 0..d.n {
                let Some(j) = self.starts(s, i) else { continue };
                if self.lp.col_upper[j] <= 0.0 {
                    continue;
                }
                let usd = g.capex[i] * g.scale / USD;
                weight[j] = usd * (1.0 + i as f64 / d.n as f64);
                if let Some(p) = i.checked_sub(1).and_then(|p| self.starts(s, p))
                    && self.lp.col_upper[p] > 0.0
                {
                    changes.push((j, p, 1.0, usd, g.capex[i - 1] * g.scale / USD));
                }
            }
        }
        let fixed = (0..d.n)
            .filter_map(|t| self.lp.col(Key::at(Col::Fall, t)))
            .collect();
        TieBreak {
            weight,
            changes,
            fixed,
        }
    }
}
