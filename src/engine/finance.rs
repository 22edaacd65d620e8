//! Money arithmetic: loan schedules, discounting, NPV and IRR.
//!
//! **Debt.** Each period's draw `D` of a debt source is its own loan at the period rate
//! `r = rate · Δt` (nominal annual rate compounded per period). For `g` grace periods it pays
//! interest only, `D·r`; then `m = tenor − grace` (in periods) level payments
//! `PMT = D · r / (1 − (1 + r)^−m)` (`D/m` when `r = 0`), the standard annuity formula. The first
//! payment falls one period after the draw. A source's schedule is the sum of its draws'
//! schedules; its interest each period is `r ×` the outstanding balance at the start of the
//! period and the rest of the payment repays principal, which sums the draws' splits exactly.
//! When the last draw still owed makes its last payment, the balance is exactly 0: rounding in
//! the payments never leaves a remainder accruing interest that nobody is asked to pay.
//!
//! **NPV** of period cash flows `CF_i` at annual rate `ρ`: `Σ CF_i · (1 + ρ)^−(i·Δt)`.
//! **IRR**: the annual `ρ > −1` at which that NPV is zero: by Newton's method from a guess
//! (the growth that turns all money out into all money in between their mean times), or
//! failing that the first sign change of a grid from −99 %, narrowed by regula falsi; none
//! when the cash flows never change sign.

/// Level payment per period that repays `principal` over `periods` payments at `rate` per period.
pub fn pmt(rate: f64, periods: usize, principal: f64) -> f64 {
    if periods == 0 {
        return principal;
    }
    if rate == 0.0 {
        return principal / periods as f64;
    }
    principal * rate / (1.0 - (1.0 + rate).powi(-(periods as i32)))
}

/// Net present value at annual `rate` of cash flows one period of `dt_years` apart (the first
/// undiscounted).
pub fn npv(rate: f64, dt_years: f64, flows: &[f64]) -> f64 {
    let v = (1.0 + rate).powf(-dt_years);
    // Horner's rule in the per-period discount factor.
    flows.iter().rev().fold(0.0, |acc, cf| acc * v + cf)
}

/// Internal rate of return per year, if the cash flows have one in (−99 %, 1000 %).
pub fn irr(dt_years: f64, flows: &[f64]) -> Option<f64> {
    let has_neg = flows.iter().any(|&f| f < 0.0);
    let has_pos = flows.iter().any(|&f| f > 0.0);
    if !has_neg || !has_pos {
        return None;
    }
    // Newton from a good guess finds the usual single root in a few steps.
    if let Some(r) = newton_irr(dt_years, flows) {
        return Some(r);
    }
    // Otherwise scan a grid for the first sign change (from low to high rates), then narrow it.
    const GRID: [f64; 14] = [
        -0.99, -0.9, -0.7, -0.5, -0.3, -0.15, 0.0, 0.05, 0.1, 0.2, 0.4, 1.0, 3.0, 10.0,
    ];
    let f = |r: f64| npv(r, dt_years, flows);
    let mut lo = GRID[0];
    let mut f_lo = f(lo);
    for &hi in &GRID[1..] {
        let f_hi = f(hi);
        if f_lo == 0.0 {
            return Some(lo);
        }
        if f_lo.signum() != f_hi.signum() {
            return Some(illinois(f, lo, hi, f_lo, f_hi));
        }
        lo = hi;
        f_lo = f_hi;
    }
    None
}

/// NPV and its derivative in the per-period discount factor `v`, by Horner's rule.
fn npv_and_slope(v: f64, flows: &[f64]) -> (f64, f64) {
    flows
        .iter()
        .rev()
        .fold((0.0, 0.0), |(p, dp), cf| (p * v + cf, dp * v + p))
}

/// A first guess of the IRR: the rate at which all the money out, moved to its flow-weighted
/// mean time, grows into all the money in at theirs — `(Σ in / Σ out)^(1 / (t̄_in − t̄_out)) − 1`,
/// exact for one outflow and one inflow — or 10 %/yr where that is not defined.
fn irr_guess(dt_years: f64, flows: &[f64]) -> f64 {
    let (mut inflow, mut outflow, mut t_in, mut t_out) = (0.0, 0.0, 0.0, 0.0);
    for (i, &cf) in flows.iter().enumerate() {
        let t = i as f64 * dt_years;
        if cf > 0.0 {
            inflow += cf;
            t_in += cf * t;
        } else {
            outflow -= cf;
            t_out -= cf * t;
        }
    }
    let span = t_in / inflow - t_out / outflow;
    let r = (inflow / outflow).powf(1.0 / span) - 1.0;
    if r.is_finite() && span > 0.0 && r > -0.9 && r < 9.0 {
        r
    } else {
        0.1
    }
}

/// Newton's method on the NPV as a polynomial in `v = (1 + r)^−Δt`, from [`irr_guess`].
/// `None` unless it converges to a rate in (−99 %, 1000 %).
fn newton_irr(dt_years: f64, flows: &[f64]) -> Option<f64> {
    let (v_lo, v_hi) = (11.0f64.powf(-dt_years), 0.01f64.powf(-dt_years));
    let mut v = (1.0 + irr_guess(dt_years, flows)).powf(-dt_years);
    for _ in 0..30 {
        let (f, df) = npv_and_slope(v, flows);
        if df == 0.0 || !f.is_finite() || !df.is_finite() {
            return None;
        }
        let next = v - f / df;
        if !(next > v_lo && next < v_hi) {
            return None;
        }
        if (next - v).abs() <= 1e-14 * v {
            return Some(next.powf(-1.0 / dt_years) - 1.0);
        }
        v = next;
    }
    None
}

/// The root of `f` in `[a, b]` where `f(a)` and `f(b)` differ in sign: regula falsi with the
/// Illinois modification, which converges superlinearly and never leaves the bracket.
fn illinois(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64, mut fa: f64, mut fb: f64) -> f64 {
    let mut side = 0;
    for _ in 0..100 {
        let c = (a * fb - b * fa) / (fb - fa);
        if !c.is_finite() || (b - a).abs() < 1e-12 {
            return 0.5 * (a + b);
        }
        let fc = f(c);
        if fc == 0.0 {
            return c;
        }
        if fc.signum() == fb.signum() {
            b = c;
            fb = fc;
            if side == -1 {
                fa *= 0.5;
            }
            side = -1;
        } else {
            a = c;
            fa = fc;
            if side == 1 {
                fb *= 0.5;
            }
            side = 1;
        }
        if (b - a).abs() < 1e-12 * (1.0 + c.abs()) || fc.abs() < 1e-12 {
            return c;
        }
    }
    0.5 * (a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One outflow and one inflow: the guess is the IRR itself.
    #[test]
    fn the_irr_guess_is_exact_for_two_flows() {
        let g = irr_guess(0.25, &[-100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 121.0]);
        assert!((g - 0.1).abs() < 1e-12, "{g}");
        assert_eq!(
            irr_guess(1.0, &[100.0, 50.0]),
            0.1,
            "no outflow: the default"
        );
    }

    #[test]
    fn pmt_matches_the_annuity_formula() {
        // 1,000 at 1 %/period over 12 periods: 1000·0.01/(1 − 1.01^−12) = 88.8487886...
        assert!((pmt(0.01, 12, 1000.0) - 88.848_788_6).abs() < 1e-6);
        assert_eq!(pmt(0.0, 4, 100.0), 25.0);
    }

    #[test]
    fn npv_and_irr_of_a_simple_loan() {
        // −100 now, +110 in one year: IRR = 10 %, NPV at 10 % = 0.
        let flows = [-100.0, 110.0];
        assert!(npv(0.1, 1.0, &flows).abs() < 1e-12);
        let r = irr(1.0, &flows).expect("irr");
        assert!((r - 0.1).abs() < 1e-9, "{r}");
        // Monthly: −100 then +101 a month later → (1.01)^12 − 1 per year.
        let r = irr(
            1.0 / 12.0,
            &flows[..1]
                .iter()
                .copied()
                .chain([101.0])
                .collect::<Vec<_>>(),
        )
        .expect("irr");
        assert!((r - (1.01f64.powi(12) - 1.0)).abs() < 1e-9, "{r}");
        assert_eq!(irr(1.0, &[1.0, 2.0]), None);
    }
}
