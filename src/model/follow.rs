//! Uncertainty follows its number. When a number that has a distribution is changed — in the
//! window, by `buildout set` or by `--set` — its distribution moves with it: every location
//! (bounds, mode, mean, median) keeps its ratio to the number, or, when the old or the new
//! value is 0 (or the sign changes), its difference; spreads scale with the ratio (a normal's
//! sd) or stay (a log-normal's sigma, a ratio already). A driver with `fixed_bounds` keeps its
//! distribution; [`outside_fixed_bounds`] lists the numbers that then lie outside it.

use super::params::{param_mut, param_value};
use super::{Distribution, Scenario};

impl Distribution {
    /// The distribution moved from a number at `from` to one at `to` (see the module docs).
    pub fn moved(&self, from: f64, to: f64) -> Self {
        if from == to || !from.is_finite() || !to.is_finite() {
            return *self;
        }
        let ratio = (from != 0.0 && to != 0.0 && from.signum() == to.signum()).then(|| to / from);
        let place = |x: &mut f64| match ratio {
            Some(r) => *x *= r,
            None => *x += to - from,
        };
        let place_opt = |x: &mut Option<f64>| {
            if let Some(v) = x {
                place(v);
            }
        };
        let mut d = *self;
        match &mut d {
            Self::Uniform { low, high } => {
                place(low);
                place(high);
            }
            Self::Triangular { low, mode, high } => {
                place(low);
                place(mode);
                place(high);
            }
            Self::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                place(mean);
                if let Some(r) = ratio {
                    *sd *= r;
                }
                place_opt(low);
                place_opt(high);
            }
            Self::LogNormal {
                median, low, high, ..
            } => {
                place(median);
                place_opt(low);
                place_opt(high);
            }
        }
        d
    }

    /// Whether `x` lies within the values the distribution can take.
    pub fn contains(&self, x: f64) -> bool {
        let (lo, hi) = self.support();
        x >= lo && x <= hi
    }

    /// The distribution with its bounds widened just enough to include `x` (a log-normal cannot
    /// include 0 or less).
    pub fn widened_to(&self, x: f64) -> Self {
        let mut d = *self;
        match &mut d {
            Self::Uniform { low, high } | Self::Triangular { low, high, .. } => {
                *low = low.min(x);
                *high = high.max(x);
            }
            Self::Normal { low, high, .. } | Self::LogNormal { low, high, .. } => {
                if let Some(l) = low {
                    *l = l.min(x);
                }
                if let Some(h) = high {
                    *h = h.max(x);
                }
            }
        }
        d
    }
}

/// Sets the number at `path` to `x` and moves the distributions that follow it. Returns
/// whether `path` names a number.
pub fn set_number(s: &mut Scenario, path: &str, x: f64) -> bool {
    let Some(before) = param_value(s, path) else {
        return false;
    };
    param_mut(s, path, |v| *v = x);
    for d in s
        .uncertainty
        .iter_mut()
        .filter(|d| d.path == path && !d.fixed_bounds)
    {
        d.distribution = d.distribution.moved(before, x);
    }
    true
}

/// Applies the rule to edits made in place (the window's fields change numbers directly):
/// every driver of `after` that follows its number, whose number differs from `before` while
/// its distribution does not (an undo or an edit of the distribution itself moves both), is
/// moved with it.
pub fn follow_edits(before: &Scenario, after: &mut Scenario) {
    if after.uncertainty.is_empty() {
        return;
    }
    let moves: Vec<(usize, f64, f64)> = after
        .uncertainty
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.fixed_bounds)
        .filter_map(|(k, d)| {
            let old = before.uncertainty.iter().find(|o| o.path == d.path)?;
            if old.distribution != d.distribution {
                return None;
            }
            let (from, to) = (param_value(before, &d.path)?, param_value(after, &d.path)?);
            (from != to).then_some((k, from, to))
        })
        .collect();
    for (k, from, to) in moves {
        let d = &mut after.uncertainty[k];
        d.distribution = d.distribution.moved(from, to);
    }
}

/// The drivers with fixed bounds whose number lies outside them: (driver index, the number).
pub fn outside_fixed_bounds(s: &Scenario) -> Vec<(usize, f64)> {
    s.uncertainty
        .iter()
        .enumerate()
        .filter(|(_, d)| d.fixed_bounds)
        .filter_map(|(k, d)| {
            let x = param_value(s, &d.path)?;
            (!d.distribution.contains(x)).then_some((k, x))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Driver, set_param};

    fn tri(low: f64, mode: f64, high: f64) -> Distribution {
        Distribution::Triangular { low, mode, high }
    }

    #[test]
    fn a_distribution_keeps_its_ratio_or_its_difference() {
        // Lead time 3 → 6: Triangular(2, 3, 4) doubles.
        assert_eq!(tri(2.0, 3.0, 4.0).moved(3.0, 6.0), tri(4.0, 6.0, 8.0));
        // 3 → 0: the same difference, −3.
        assert_eq!(tri(2.0, 3.0, 4.0).moved(3.0, 0.0), tri(-1.0, 0.0, 1.0));
        // 0 → 2: +2.
        assert_eq!(tri(-1.0, 0.0, 1.0).moved(0.0, 2.0), tri(1.0, 2.0, 3.0));
        let n = Distribution::Normal {
            mean: 10.0,
            sd: 2.0,
            low: Some(5.0),
            high: None,
        };
        assert_eq!(
            n.moved(10.0, 15.0),
            Distribution::Normal {
                mean: 15.0,
                sd: 3.0,
                low: Some(7.5),
                high: None
            }
        );
        let ln = Distribution::LogNormal {
            median: 100.0,
            sigma: 0.3,
            low: None,
            high: Some(300.0),
        };
        assert_eq!(
            ln.moved(100.0, 50.0),
            Distribution::LogNormal {
                median: 50.0,
                sigma: 0.3,
                low: None,
                high: Some(150.0)
            }
        );
    }

    fn with_driver(fixed: bool) -> Scenario {
        let mut s = crate::model::testing::tiny();
        s.segments[0].lead_time_years = 3.0;
        s.uncertainty = vec![Driver {
            path: "segments[Fabs].lead_time_years".into(),
            distribution: tri(2.0, 3.0, 4.0),
            fixed_bounds: fixed,
        }];
        s
    }

    /// `buildout set` and `--set` go through `set_param`: the distribution follows.
    #[test]
    fn setting_a_number_moves_its_distribution_unless_fixed() {
        let mut s = with_driver(false);
        set_param(&mut s, "segments[Fabs].lead_time_years", "0").unwrap();
        assert_eq!(s.uncertainty[0].distribution, tri(-1.0, 0.0, 1.0));
        assert!(outside_fixed_bounds(&s).is_empty());
        let mut s = with_driver(true);
        assert!(set_number(&mut s, "segments[Fabs].lead_time_years", 0.0));
        assert_eq!(s.uncertainty[0].distribution, tri(2.0, 3.0, 4.0));
        assert_eq!(outside_fixed_bounds(&s), vec![(0, 0.0)]);
        let widened = s.uncertainty[0].distribution.widened_to(0.0);
        assert_eq!(widened, tri(0.0, 3.0, 4.0));
        assert!(!set_number(&mut s, "segments[Nope].lead_time_years", 1.0));
    }

    #[test]
    fn edits_in_place_follow_but_undo_and_distribution_edits_do_not_move_twice() {
        let before = with_driver(false);
        let mut after = before.clone();
        after.segments[0].lead_time_years = 6.0;
        follow_edits(&before, &mut after);
        assert_eq!(after.uncertainty[0].distribution, tri(4.0, 6.0, 8.0));
        // An undo restores number and distribution together: nothing moves.
        let mut undone = before.clone();
        follow_edits(&after, &mut undone);
        assert_eq!(undone, before);
        // Fixed bounds stay.
        let before = with_driver(true);
        let mut after = before.clone();
        after.segments[0].lead_time_years = 6.0;
        follow_edits(&before, &mut after);
        assert_eq!(after.uncertainty[0].distribution, tri(2.0, 3.0, 4.0));
    }
}
