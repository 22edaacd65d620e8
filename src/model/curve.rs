//! Curves: a value over time.
//!
//! Every time-varying input of a scenario — funding inflows, allocation shares, demand, prices,
//! benchmarks — is a [`Curve`]. Time is in fractional calendar years (`2024.0` is the start of
//! 2024, `2024.5` mid-year). A curve is evaluated at the *start* of each simulation period.
//!
//! Formulas (t in years):
//! - `Constant(v)`: v
//! - `Growth`: `start_value · (1 + rate_per_year)^(t − start_year)` (also before `start_year`)
//! - `Points`: piecewise between the given `(year, value)` points, held flat before the first
//!   point and after the last. `Linear` interpolates; `Step` holds each point's value until the
//!   next point.
//! - `Logistic`: `floor + (ceiling − floor) / (1 + e^(−steepness_per_year · (t − midpoint_year)))`

use serde::{Deserialize, Serialize};

/// A value over time. See the module docs for the formula of each kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Curve {
    /// The same value at every time.
    Constant(f64),
    /// Compound growth from a start value.
    Growth {
        start_year: f64,
        start_value: f64,
        /// Fractional growth per year: `0.1` is +10 %/yr, `-0.05` is −5 %/yr.
        rate_per_year: f64,
    },
    /// Explicit points, sorted by year.
    Points {
        points: Vec<Point>,
        #[serde(default)]
        interpolation: Interpolation,
    },
    /// An S-curve from `floor` to `ceiling`.
    Logistic {
        floor: f64,
        ceiling: f64,
        midpoint_year: f64,
        steepness_per_year: f64,
    },
}

/// Where a number sits in a curve: a field (`start_value`), or a field of point `i`
/// (`points[i].value`, shown that way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurveField {
    pub name: &'static str,
    pub point: Option<usize>,
}

impl std::fmt::Display for CurveField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.point {
            Some(i) => write!(f, "points[{i}].{}", self.name),
            None => f.write_str(self.name),
        }
    }
}

/// One `(year, value)` point of a [`Curve::Points`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub year: f64,
    pub value: f64,
}

impl Point {
    pub fn new(year: f64, value: f64) -> Self {
        Self { year, value }
    }
}

/// How [`Curve::Points`] fills the gaps between points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Interpolation {
    #[default]
    Linear,
    Step,
}

impl Default for Curve {
    fn default() -> Self {
        Self::Constant(0.0)
    }
}

impl Curve {
    /// The name of the curve's kind, as written in files and shown in the editor.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Constant(_) => "Constant",
            Self::Growth { .. } => "Growth",
            Self::Points { .. } => "Points",
            Self::Logistic { .. } => "Logistic",
        }
    }

    /// Step points, the usual shape of a funding schedule.
    pub fn steps(points: &[(f64, f64)]) -> Self {
        Self::Points {
            points: points.iter().map(|&(y, v)| Point::new(y, v)).collect(),
            interpolation: Interpolation::Step,
        }
    }

    /// Linear points.
    pub fn linear(points: &[(f64, f64)]) -> Self {
        Self::Points {
            points: points.iter().map(|&(y, v)| Point::new(y, v)).collect(),
            interpolation: Interpolation::Linear,
        }
    }

    /// The value at time `t` (years).
    pub fn value_at(&self, t: f64) -> f64 {
        match self {
            Self::Constant(v) => *v,
            Self::Growth {
                start_year,
                start_value,
                rate_per_year,
            } => start_value * (1.0 + rate_per_year).powf(t - start_year),
            Self::Points {
                points,
                interpolation,
            } => points_value(points, *interpolation, t),
            Self::Logistic {
                floor,
                ceiling,
                midpoint_year,
                steepness_per_year,
            } => {
                floor
                    + (ceiling - floor) / (1.0 + (-steepness_per_year * (t - midpoint_year)).exp())
            }
        }
    }

    /// Values at `t0, t0 + dt, …` (`n` of them) into `out` (cleared first).
    ///
    /// Same numbers as [`Curve::value_at`] at each time, computed with fewer transcendental
    /// calls: the engine samples every curve once per simulation.
    pub fn sample_into(&self, t0: f64, dt: f64, n: usize, out: &mut Vec<f64>) {
        out.clear();
        out.reserve(n);
        match self {
            Self::Constant(v) => out.resize(n, *v),
            Self::Points {
                points,
                interpolation,
            } => {
                // Sweep a cursor forward instead of searching for every time.
                let mut k = 0;
                for i in 0..n {
                    let t = t0 + dt * i as f64;
                    while k < points.len() && points[k].year <= t {
                        k += 1;
                    }
                    out.push(points_value_after(points, *interpolation, t, k));
                }
            }
            Self::Growth {
                start_year,
                start_value,
                rate_per_year,
            } => {
                // Compound per period; re-anchor every year to keep rounding from drifting.
                let per_period = (1.0 + rate_per_year).powf(dt);
                let mut v = 0.0;
                for i in 0..n {
                    v = if i % 12 == 0 {
                        start_value * (1.0 + rate_per_year).powf(t0 + dt * i as f64 - start_year)
                    } else {
                        v * per_period
                    };
                    out.push(v);
                }
            }
            Self::Logistic { .. } => out.extend((0..n).map(|i| self.value_at(t0 + dt * i as f64))),
        }
    }

    /// Calls `f` on every number of the curve with the field it is in.
    pub fn numbers_mut(&mut self, mut f: impl FnMut(CurveField, &mut f64)) {
        let field = |name| CurveField { name, point: None };
        match self {
            Self::Constant(v) => f(field("value"), v),
            Self::Growth {
                start_year,
                start_value,
                rate_per_year,
            } => {
                f(field("start_year"), start_year);
                f(field("start_value"), start_value);
                f(field("rate_per_year"), rate_per_year);
            }
            Self::Points { points, .. } => {
                for (i, p) in points.iter_mut().enumerate() {
                    let at = |name| CurveField {
                        name,
                        point: Some(i),
                    };
                    f(at("year"), &mut p.year);
                    f(at("value"), &mut p.value);
                }
            }
            Self::Logistic {
                floor,
                ceiling,
                midpoint_year,
                steepness_per_year,
            } => {
                f(field("floor"), floor);
                f(field("ceiling"), ceiling);
                f(field("midpoint_year"), midpoint_year);
                f(field("steepness_per_year"), steepness_per_year);
            }
        }
    }

    /// The smallest and largest value the curve takes over `[t0, t1]` (exact for every kind:
    /// growth and logistic are monotone, points reach their extremes at points or ends).
    pub fn range_over(&self, t0: f64, t1: f64) -> (f64, f64) {
        let mut lo = self.value_at(t0).min(self.value_at(t1));
        let mut hi = self.value_at(t0).max(self.value_at(t1));
        if let Self::Points { points, .. } = self {
            for p in points.iter().filter(|p| p.year > t0 && p.year < t1) {
                lo = lo.min(p.value);
                hi = hi.max(p.value);
            }
        }
        (lo, hi)
    }
}

fn points_value(points: &[Point], interpolation: Interpolation, t: f64) -> f64 {
    let k = points.partition_point(|p| p.year <= t);
    points_value_after(points, interpolation, t, k)
}

/// Value at `t` given `k` = the number of points with `year <= t`.
fn points_value_after(points: &[Point], interpolation: Interpolation, t: f64, k: usize) -> f64 {
    match (points.first(), points.last()) {
        (None, _) | (_, None) => 0.0,
        _ if k == 0 => points[0].value,
        _ if k == points.len() => points[k - 1].value,
        _ => {
            let (a, b) = (points[k - 1], points[k]);
            match interpolation {
                Interpolation::Step => a.value,
                Interpolation::Linear => {
                    let span = b.year - a.year;
                    if span <= 0.0 {
                        b.value
                    } else {
                        a.value + (b.value - a.value) * (t - a.year) / span
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_compounds_per_year() {
        let c = Curve::Growth {
            start_year: 2024.0,
            start_value: 100.0,
            rate_per_year: 0.1,
        };
        assert_eq!(c.value_at(2024.0), 100.0);
        assert!((c.value_at(2026.0) - 121.0).abs() < 1e-9);
        assert!((c.value_at(2023.0) - 100.0 / 1.1).abs() < 1e-9);
    }

    #[test]
    fn points_linear_and_step() {
        let lin = Curve::linear(&[(2020.0, 0.0), (2030.0, 10.0)]);
        assert_eq!(lin.value_at(2019.0), 0.0);
        assert!((lin.value_at(2025.0) - 5.0).abs() < 1e-12);
        assert_eq!(lin.value_at(2031.0), 10.0);
        let step = Curve::steps(&[(2020.0, 1.0), (2025.0, 2.0), (2030.0, 0.0)]);
        assert_eq!(step.value_at(2024.99), 1.0);
        assert_eq!(step.value_at(2025.0), 2.0);
        assert_eq!(step.value_at(2030.0), 0.0);
        assert_eq!(step.value_at(2010.0), 1.0);
    }

    #[test]
    fn logistic_is_half_way_at_midpoint() {
        let c = Curve::Logistic {
            floor: 10.0,
            ceiling: 30.0,
            midpoint_year: 2030.0,
            steepness_per_year: 1.0,
        };
        assert_eq!(c.value_at(2030.0), 20.0);
        assert!(c.value_at(2060.0) > 29.999);
        assert!(c.value_at(2000.0) < 10.001);
    }

    #[test]
    fn sampling_matches_pointwise_values() {
        let curves = [
            Curve::Constant(3.0),
            Curve::Growth {
                start_year: 2024.0,
                start_value: 5.0,
                rate_per_year: 0.07,
            },
            Curve::linear(&[(2024.0, 0.0), (2025.5, 3.0), (2027.0, 1.0)]),
            Curve::steps(&[(2024.25, 1.0), (2026.0, 2.0)]),
            Curve::Logistic {
                floor: 0.0,
                ceiling: 1.0,
                midpoint_year: 2026.0,
                steepness_per_year: 2.0,
            },
        ];
        let mut out = Vec::new();
        for c in &curves {
            c.sample_into(2024.0, 1.0 / 12.0, 48, &mut out);
            assert_eq!(out.len(), 48);
            for (i, v) in out.iter().enumerate() {
                let t = 2024.0 + i as f64 / 12.0;
                assert!((v - c.value_at(t)).abs() < 1e-12, "{c:?} at {t}");
            }
        }
    }

    #[test]
    fn range_over_sees_interior_peaks() {
        let c = Curve::linear(&[(2024.0, 0.0), (2026.0, 5.0), (2028.0, 1.0)]);
        assert_eq!(c.range_over(2024.0, 2028.0), (0.0, 5.0));
    }
}
