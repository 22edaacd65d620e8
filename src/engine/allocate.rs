//! The `Balanced` allocation: water-filling across the chain.
//!
//! Each chain segment `s` has a committed level `ℓ_s` (capacity in service or under
//! construction, in accelerator equivalents), a cost `c_s` per level unit and a most it can rise
//! this period `u_s` (its supply-chain cap). The budget `B` raises the lowest levels first: it
//! finds the water level `W` with `Σ_s c_s · clamp(W − ℓ_s, 0, u_s) = B` and gives each segment
//! `clamp(W − ℓ_s, 0, u_s)`. When every segment is capped, the rest of the budget is left over.

/// One segment as the water-filling sees it.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    pub level: f64,
    /// Money per level unit (> 0).
    pub cost_per_level: f64,
    /// Most the level can rise this period (`f64::INFINITY` when uncapped).
    pub max_raise: f64,
}

/// The breakpoints of the spend, kept in order from one call to the next: the levels move
/// little from period to period, so the order of the last call is nearly right and putting it
/// right costs a pass. A run starts with a fresh one ([`Breakpoints::reset`]), so that results
/// never depend on an earlier run.
#[derive(Default)]
pub struct Breakpoints {
    /// Point `2c` is candidate `c`'s level, `2c + 1` its level plus its cap.
    order: Vec<usize>,
    at: Vec<f64>,
}

impl Breakpoints {
    /// Forgets the order (at the start of a run).
    pub fn reset(&mut self) {
        self.order.clear();
    }
}

/// Fills `raise` (one per candidate) so that the money spent, `Σ c·raise`, is `budget` or all
/// that the caps allow.
///
/// The spend `S(W)` is piecewise linear with breakpoints at each `ℓ` (its slope rises by `c`)
/// and `ℓ + u` (falls by `c`). The breakpoints are put in order (an insertion sort of the last
/// call's order, see [`Breakpoints`]; their number is bounded by
/// [`crate::model::MAX_PACING_STEPS`] like pacing) and walked upwards, accumulating `S`, until
/// the piece where `S` reaches the budget; the water level solves that linear piece.
pub fn water_fill(cands: &[Candidate], budget: f64, raise: &mut Vec<f64>, bp: &mut Breakpoints) {
    // Sized once per number of candidates; every entry is written below. The work is done
    // on slices, whose pointers and lengths stay in registers (a `Vec` behind `&mut` is
    // re-read after every store).
    if raise.len() != cands.len() {
        raise.clear();
        raise.resize(cands.len(), 0.0);
    }
    let raise = raise.as_mut_slice();
    if budget <= 0.0 || cands.is_empty() {
        raise.fill(0.0);
        return;
    }
    let active = |c: &Candidate| c.cost_per_level > 0.0 && c.max_raise > 0.0;
    let n = 2 * cands.len();
    if bp.order.len() != n {
        bp.order.clear();
        bp.order.extend(0..n);
        bp.at.clear();
        bp.at.resize(n, 0.0);
    }
    let (order, at) = (bp.order.as_mut_slice(), bp.at.as_mut_slice());
    // Inactive candidates and uncapped tops sort last, at ∞, and end the walk.
    for (c, pair) in cands.iter().zip(at.chunks_exact_mut(2)) {
        if active(c) {
            pair[0] = c.level;
            pair[1] = c.level + c.max_raise;
        } else {
            pair.fill(f64::INFINITY);
        }
    }
    let at = &*at;
    for k in 1..order.len() {
        let p = order[k];
        let mut j = k;
        while j > 0 && at[order[j - 1]] > at[p] {
            order[j] = order[j - 1];
            j -= 1;
        }
        order[j] = p;
    }
    let (mut w, mut spent, mut slope) = (at[order[0]], 0.0, 0.0);
    if !w.is_finite() {
        raise.fill(0.0);
        return;
    }
    for &p in order.iter() {
        let x = at[p];
        if !x.is_finite() {
            break;
        }
        let next = spent + slope * (x - w);
        if next > budget {
            break;
        }
        (w, spent) = (x, next);
        let cost = cands[p / 2].cost_per_level;
        slope += if p % 2 == 0 { cost } else { -cost };
    }
    // The walk stops only inside a rising piece; past the last breakpoint with no slope,
    // every candidate is filled to its cap and the rest of the budget is left over.
    let water = if slope > 1e-300 {
        w + (budget - spent) / slope
    } else {
        f64::INFINITY
    };
    let mut total = 0.0;
    for (r, c) in raise.iter_mut().zip(cands) {
        *r = if active(c) {
            let x = (water - c.level).clamp(0.0, c.max_raise);
            total += x * c.cost_per_level;
            x
        } else {
            0.0
        };
    }
    // `water − level` loses the low digits of a small budget on a large level (it rounds
    // to a multiple of the level's ulp): never spend more than the budget.
    if total > budget {
        let scale = budget / total;
        raise.iter_mut().for_each(|r| *r *= scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(level: f64, cost: f64, cap: f64) -> Candidate {
        Candidate {
            level,
            cost_per_level: cost,
            max_raise: cap,
        }
    }

    #[test]
    fn raises_the_lowest_first() {
        let mut r = Vec::new();
        // Levels 0 and 10, cost 1 each. Budget 10 lifts the first to 10; 14 more → both +7.
        water_fill(
            &[
                cand(0.0, 1.0, f64::INFINITY),
                cand(10.0, 1.0, f64::INFINITY),
            ],
            10.0,
            &mut r,
            &mut Breakpoints::default(),
        );
        assert_eq!(r, vec![10.0, 0.0]);
        water_fill(
            &[
                cand(0.0, 1.0, f64::INFINITY),
                cand(10.0, 1.0, f64::INFINITY),
            ],
            24.0,
            &mut r,
            &mut Breakpoints::default(),
        );
        assert_eq!(r, vec![17.0, 7.0]);
    }

    #[test]
    fn caps_redirect_money_and_leave_the_rest() {
        let mut r = Vec::new();
        // First capped at +4 (cost 2 → 8 spent), second takes the rest of 20: 12 at cost 1.
        water_fill(
            &[cand(0.0, 2.0, 4.0), cand(0.0, 1.0, f64::INFINITY)],
            20.0,
            &mut r,
            &mut Breakpoints::default(),
        );
        assert!(
            (r[0] - 4.0).abs() < 1e-12 && (r[1] - 12.0).abs() < 1e-12,
            "{r:?}"
        );
        // Both capped: spend 2·4 + 1·3 = 11 of 100.
        water_fill(
            &[cand(0.0, 2.0, 4.0), cand(5.0, 1.0, 3.0)],
            100.0,
            &mut r,
            &mut Breakpoints::default(),
        );
        assert_eq!(r, vec![4.0, 3.0]);
    }

    /// Many candidates at scattered levels, some capped: the spend is the budget, and the
    /// water level is the same for every candidate it reaches without capping.
    #[test]
    fn the_water_level_is_found_among_many_breakpoints() {
        let cands: Vec<Candidate> = (0..40)
            .map(|k| {
                let level = f64::from((k * 37) % 101);
                let cap = if k % 3 == 0 { 2.5 } else { f64::INFINITY };
                cand(level, 1.0 + f64::from(k % 5), cap)
            })
            .collect();
        let mut r = Vec::new();
        for budget in [1.0, 50.0, 700.0, 5e3] {
            water_fill(&cands, budget, &mut r, &mut Breakpoints::default());
            let spent: f64 = r
                .iter()
                .zip(&cands)
                .map(|(x, c)| x * c.cost_per_level)
                .sum();
            assert!((spent - budget).abs() <= 1e-9 * budget, "{budget}: {spent}");
            let levels: Vec<f64> = r
                .iter()
                .zip(&cands)
                .filter(|(x, c)| **x > 0.0 && **x < c.max_raise * (1.0 - 1e-9))
                .map(|(x, c)| c.level + x)
                .collect();
            assert!(!levels.is_empty());
            for w in &levels {
                assert!(
                    (w - levels[0]).abs() <= 1e-9 * levels[0].max(1.0),
                    "{levels:?}"
                );
            }
        }
    }

    #[test]
    fn a_tiny_budget_on_a_large_level_is_not_overspent() {
        // On a level of ~700 (ulp 1.1e-13), a budget of 8.3e-7 at 2.2e6 per level unit raises it
        // by 3.8e-13, which `water − level` rounds to a multiple of the ulp: up to 20 % more
        // money than there was (found by tests/engine_stress.rs).
        let mut r = Vec::new();
        for k in 0..200 {
            let c = cand(500.0 + 2.5 * f64::from(k), 2.2e6, f64::INFINITY);
            for budget in [8.3e-7, 1.1e-6, 3e-7, 1.0] {
                water_fill(&[c], budget, &mut r, &mut Breakpoints::default());
                let spent = r[0] * c.cost_per_level;
                assert!(spent <= budget * (1.0 + 1e-12), "{c:?} {budget}: {spent}");
            }
        }
    }

    /// The order kept from the last call is only a head start: a reused [`Breakpoints`] gives
    /// what a fresh one gives, whatever came before (levels that cross, caps that come and go,
    /// candidates that drop out).
    #[test]
    fn a_kept_order_gives_what_a_fresh_one_gives() {
        let mut kept = Breakpoints::default();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for step in 0..60 {
            let t = f64::from(step);
            let cands: Vec<Candidate> = (0..5)
                .map(|k| {
                    let k = f64::from(k);
                    let cap = if (step + k as i32) % 4 == 0 {
                        3.0 + k
                    } else {
                        f64::INFINITY
                    };
                    let cost = if (step * 7 + k as i32) % 9 == 0 {
                        0.0
                    } else {
                        1.0 + k
                    };
                    cand(10.0 * ((t * 0.3 + k).sin() + 1.0), cost, cap)
                })
                .collect();
            let budget = 5.0 + 40.0 * (t * 0.17).cos().abs();
            water_fill(&cands, budget, &mut a, &mut kept);
            water_fill(&cands, budget, &mut b, &mut Breakpoints::default());
            assert_eq!(a, b, "step {step}: {cands:?}");
            let spent: f64 = a
                .iter()
                .zip(&cands)
                .map(|(x, c)| x * c.cost_per_level)
                .sum();
            assert!(
                spent <= budget * (1.0 + 1e-12),
                "step {step}: {spent} > {budget}"
            );
        }
    }
}
