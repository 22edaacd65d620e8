//! Series arithmetic for the plots — the window's and the HTML report's: cumulative sums,
//! stacking, annualising, calendar-year totals, binding runs, step outlines, normalising and
//! the scale of a second y axis.
//!
//! Pure functions on slices, no egui, so that every number a plot draws can be checked here.
//!
//! Conventions (see [`crate::engine::Outcome`]): `time[i]` is the *start* of period `i`.
//! Flows (draws, spend, unit capex) hold over `[time[i], time[i] + Δt]` and are drawn as steps
//! ([`step_points`]); stocks (treasury, capacity, fleet) are end-of-period values and are drawn
//! at `time[i] + Δt` ([`end_points`]). [`period_at`] maps an x back to the period, so that a
//! point on either kind of series reads as its own period.

/// Running total: `out[i] = xs[0] + … + xs[i]`.
pub fn cumulative(xs: &[f64]) -> Vec<f64> {
    xs.iter()
        .scan(0.0, |sum, x| {
            *sum += x;
            Some(*sum)
        })
        .collect()
}

/// Stacks `layers` (each of length `n`; shorter ones count as zero beyond their end): the
/// `k`-th result is the top of layer `k`, i.e. the sum of layers `0..=k`. The bottom of layer
/// `k` is the top of layer `k − 1` (zero for the first).
pub fn stack(layers: &[&[f64]], n: usize) -> Vec<Vec<f64>> {
    let mut tops: Vec<Vec<f64>> = Vec::with_capacity(layers.len());
    let mut below = vec![0.0; n];
    for layer in layers {
        for (i, b) in below.iter_mut().enumerate() {
            *b += layer.get(i).copied().unwrap_or(0.0);
        }
        tops.push(below.clone());
    }
    tops
}

/// A per-period flow as a rate per year: `x / Δt`.
pub fn annualised(xs: &[f64], dt_years: f64) -> Vec<f64> {
    if dt_years > 0.0 {
        xs.iter().map(|x| x / dt_years).collect()
    } else {
        xs.to_vec()
    }
}

/// Sums a per-period flow over each calendar year (`per_year` periods each; a last partial
/// year sums what there is).
pub fn yearly_totals(xs: &[f64], per_year: usize) -> Vec<f64> {
    xs.chunks(per_year.max(1)).map(|c| c.iter().sum()).collect()
}

/// A stretch of periods `start..end` (end exclusive) in which `segment` binds the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
}

/// The binding segment per period, as runs of consecutive periods; periods where nothing binds
/// (`None`) belong to no run.
pub fn binding_runs(binding: &[Option<usize>]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, b) in binding.iter().enumerate() {
        let Some(segment) = *b else { continue };
        match runs.last_mut() {
            Some(run) if run.segment == segment && run.end == i => run.end = i + 1,
            _ => runs.push(Run {
                segment,
                start: i,
                end: i + 1,
            }),
        }
    }
    runs
}

/// How far past a period's start the first corner of its step is drawn, as a fraction of Δt,
/// so that hovering that corner reads as the period itself (see [`period_at`]).
const STEP_NUDGE: f64 = 1e-6;

/// A per-period value as a step outline: `(t_i, y_i)` and `(t_i + Δt, y_i)` for each period.
pub fn step_points(time: &[f64], dt_years: f64, ys: &[f64]) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(2 * ys.len());
    for (t, y) in time.iter().zip(ys) {
        out.push([t + STEP_NUDGE * dt_years, *y]);
        out.push([t + dt_years, *y]);
    }
    out
}

/// The x of [`step_points`] alone.
pub fn step_xs(time: &[f64], dt_years: f64) -> Vec<f64> {
    time.iter()
        .flat_map(|t| [t + STEP_NUDGE * dt_years, t + dt_years])
        .collect()
}

/// Each value twice, to go with [`step_xs`].
pub fn doubled(ys: &[f64]) -> Vec<f64> {
    ys.iter().flat_map(|y| [*y, *y]).collect()
}

/// End-of-period values at `t_i + Δt`; non-finite values are left out.
pub fn end_points(time: &[f64], dt_years: f64, ys: &[f64]) -> Vec<[f64; 2]> {
    time.iter()
        .zip(ys)
        .filter(|(_, y)| y.is_finite())
        .map(|(t, y)| [t + dt_years, *y])
        .collect()
}

/// The period that `x` (years) falls in, counting `x ∈ (t_i, t_i + Δt]` as period `i`, so that
/// both a step corner and an end-of-period point read as their own period. `x` up to half a
/// period outside the horizon reads as its first or last period; further out, `None`.
pub fn period_at(x: f64, t0: f64, dt_years: f64, n: usize) -> Option<usize> {
    if n == 0 || dt_years.is_nan() || dt_years <= 0.0 || !x.is_finite() {
        return None;
    }
    let end = t0 + n as f64 * dt_years;
    if x < t0 - 0.5 * dt_years || x > end + 0.5 * dt_years {
        return None;
    }
    let k = ((x - t0) / dt_years).ceil() - 1.0;
    Some((k.max(0.0) as usize).min(n - 1))
}

/// The calendar year (index from the first) that `x` falls in, `x ∈ [year, year + 1)`.
pub fn year_at(x: f64, start_year: i32, years: usize) -> Option<usize> {
    let k = (x - f64::from(start_year)).floor();
    (k >= 0.0 && k < years as f64).then_some(k as usize)
}

/// The scale that puts a right-axis series into the left axis' range: the largest
/// `{1, 2, 5} × 10^k` not above `left_max / right_max`, so the right series fills at least 40 %
/// of the left range without exceeding it, and the right axis' ticks (left ticks ÷ scale) stay
/// round. `1` when either maximum is not positive.
pub fn nice_ratio(left_max: f64, right_max: f64) -> f64 {
    if !(left_max > 0.0 && right_max > 0.0 && left_max.is_finite() && right_max.is_finite()) {
        return 1.0;
    }
    let r = left_max / right_max;
    let p = 10f64.powf(r.log10().floor());
    let m = r / p;
    // Guard against log10 rounding (e.g. r = 1000 giving m = 0.999… or 10).
    let (m, p) = if m < 1.0 {
        (m * 10.0, p / 10.0)
    } else if m >= 10.0 {
        (m / 10.0, p * 10.0)
    } else {
        (m, p)
    };
    let lead = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    lead * p
}

/// Largest finite value (0 for none or only non-finite values, and never below 0).
pub fn max_finite(xs: &[f64]) -> f64 {
    xs.iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max)
}

/// What a series is normalised to: its last value, or its peak if it ends at zero; `None` if it
/// is never positive.
pub fn reference_value(xs: &[f64]) -> Option<f64> {
    match xs.last() {
        Some(&last) if last > 0.0 && last.is_finite() => Some(last),
        _ => Some(max_finite(xs)).filter(|m| *m > 0.0),
    }
}

/// `xs / base` (zeros when `base` is not positive).
pub fn normalised(xs: &[f64], base: f64) -> Vec<f64> {
    if base > 0.0 {
        xs.iter().map(|x| x / base).collect()
    } else {
        vec![0.0; xs.len()]
    }
}

/// `max(a, b)` element-wise: the top of the band between two series.
pub fn upper(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x.max(*y)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulative_sums_run() {
        assert_eq!(cumulative(&[1.0, 2.0, 3.5, 0.0]), vec![1.0, 3.0, 6.5, 6.5]);
        assert_eq!(cumulative(&[]), Vec::<f64>::new());
    }

    #[test]
    fn stacking_adds_layers_from_the_bottom() {
        let a = [1.0, 2.0, 3.0];
        let b = [10.0, 0.0, 5.0];
        let c = [0.5, 0.5];
        let tops = stack(&[&a, &b, &c], 3);
        assert_eq!(tops[0], vec![1.0, 2.0, 3.0]);
        assert_eq!(tops[1], vec![11.0, 2.0, 8.0]);
        assert_eq!(tops[2], vec![11.5, 2.5, 8.0]);
        assert!(stack(&[], 3).is_empty());
    }

    #[test]
    fn flows_annualise_and_total_by_year() {
        // $1B a month is $12B a year.
        assert_eq!(annualised(&[1e9, 2e9], 1.0 / 12.0), vec![12e9, 24e9]);
        assert_eq!(annualised(&[3.0], 0.0), vec![3.0]);
        let monthly: Vec<f64> = (1..=24).map(f64::from).collect();
        // 1 + … + 12 = 78; 13 + … + 24 = 222.
        assert_eq!(yearly_totals(&monthly, 12), vec![78.0, 222.0]);
        assert_eq!(yearly_totals(&[1.0, 2.0, 3.0], 2), vec![3.0, 3.0]);
    }

    #[test]
    fn binding_runs_group_consecutive_periods() {
        let b = [None, Some(0), Some(0), Some(2), None, Some(2), Some(2)];
        assert_eq!(
            binding_runs(&b),
            vec![
                Run {
                    segment: 0,
                    start: 1,
                    end: 3
                },
                Run {
                    segment: 2,
                    start: 3,
                    end: 4
                },
                Run {
                    segment: 2,
                    start: 5,
                    end: 7
                },
            ]
        );
        assert!(binding_runs(&[None, None]).is_empty());
    }

    #[test]
    fn steps_and_end_points_sit_where_their_periods_are() {
        let time = [2024.0, 2024.5];
        let steps = step_points(&time, 0.5, &[1.0, 2.0]);
        assert_eq!(steps.len(), 4);
        assert!((steps[0][0] - 2024.0).abs() < 1e-5 && steps[0][0] > 2024.0);
        assert_eq!(steps[1], [2024.5, 1.0]);
        assert_eq!(steps[3], [2025.0, 2.0]);
        assert_eq!(
            end_points(&time, 0.5, &[1.0, f64::INFINITY]),
            vec![[2024.5, 1.0]]
        );
        // Every point reads as its own period.
        for (k, p) in steps.iter().enumerate() {
            assert_eq!(period_at(p[0], 2024.0, 0.5, 2), Some(k / 2));
        }
        assert_eq!(period_at(2024.5, 2024.0, 0.5, 2), Some(0));
        assert_eq!(period_at(2024.6, 2024.0, 0.5, 2), Some(1));
        assert_eq!(period_at(2024.0, 2024.0, 0.5, 2), Some(0));
        assert_eq!(period_at(2025.2, 2024.0, 0.5, 2), Some(1));
        assert_eq!(period_at(2025.3, 2024.0, 0.5, 2), None);
        assert_eq!(period_at(2023.7, 2024.0, 0.5, 2), None);
        assert_eq!(period_at(2024.2, 2024.0, 0.5, 0), None);
        let xs = step_xs(&time, 0.5);
        let ys = doubled(&[1.0, 2.0]);
        assert_eq!(ys, vec![1.0, 1.0, 2.0, 2.0]);
        for (k, p) in steps.iter().enumerate() {
            assert_eq!([xs[k], ys[k]], *p);
        }
        assert_eq!(year_at(2024.0, 2024, 2), Some(0));
        assert_eq!(year_at(2025.99, 2024, 2), Some(1));
        assert_eq!(year_at(2026.0, 2024, 2), None);
        assert_eq!(year_at(2023.9, 2024, 2), None);
    }

    #[test]
    fn the_second_axis_scale_is_a_round_number() {
        // $7T against 3M PFLOP/s: ratio 2.33e6 → 2e6, so 3M maps to $6T.
        assert_eq!(nice_ratio(7e12, 3e6), 2e6);
        assert_eq!(nice_ratio(1000.0, 1.0), 1000.0);
        assert_eq!(nice_ratio(999.0, 1.0), 500.0);
        assert_eq!(nice_ratio(1.0, 4.0), 0.2);
        assert_eq!(nice_ratio(0.0, 4.0), 1.0);
        assert_eq!(nice_ratio(5.0, 0.0), 1.0);
        assert_eq!(nice_ratio(5.0, f64::INFINITY), 1.0);
    }

    #[test]
    fn normalising_uses_the_end_value_or_the_peak() {
        assert_eq!(reference_value(&[1.0, 4.0, 2.0]), Some(2.0));
        assert_eq!(reference_value(&[1.0, 4.0, 0.0]), Some(4.0));
        assert_eq!(reference_value(&[0.0, 0.0]), None);
        assert_eq!(reference_value(&[]), None);
        assert_eq!(normalised(&[1.0, 2.0], 4.0), vec![0.25, 0.5]);
        assert_eq!(normalised(&[1.0, 2.0], 0.0), vec![0.0, 0.0]);
        assert_eq!(max_finite(&[1.0, f64::INFINITY, -3.0]), 1.0);
        assert_eq!(upper(&[1.0, 5.0], &[2.0, 3.0]), vec![2.0, 5.0]);
    }
}
