//! Uncertain inputs: a path to a number in the scenario and a distribution for it.
//!
//! Distributions are sampled by inverse transform: a uniform `p` in (0, 1) maps to
//! [`Distribution::quantile`]`(p)`. Bounds truncate a distribution (the quantile is taken
//! within the bounds' probability range), so a bounded normal never yields a value outside.

use serde::{Deserialize, Serialize};

/// One uncertain number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    /// Where the number lives, e.g. `segments[Leading-edge fabs].lead_time_years`
    /// (see [`crate::model::params`]).
    pub path: String,
    pub distribution: Distribution,
    /// Keep the distribution where it is when the number is edited (file version 3). By
    /// default a distribution follows its number (see [`crate::model::set_number`]); with
    /// fixed bounds the window warns while the number lies outside them.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fixed_bounds: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A probability distribution for one number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Distribution {
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    /// Normal, optionally truncated to `[low, high]`.
    Normal {
        mean: f64,
        sd: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
    /// Log-normal with the given median and log-space standard deviation, optionally truncated.
    LogNormal {
        median: f64,
        sigma: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
}

impl Distribution {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Uniform { .. } => "Uniform",
            Self::Triangular { .. } => "Triangular",
            Self::Normal { .. } => "Normal",
            Self::LogNormal { .. } => "LogNormal",
        }
    }

    /// A distribution centred on `value`, ±`spread` (fraction) — the editor's starting point.
    pub fn around(value: f64, spread: f64) -> Self {
        let d = (value.abs() * spread).max(f64::EPSILON);
        Self::Triangular {
            low: value - d,
            mode: value,
            high: value + d,
        }
    }

    /// The value below which a fraction `p` of samples fall (`p` clamped to [0, 1]).
    pub fn quantile(&self, p: f64) -> f64 {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        match *self {
            Self::Uniform { low, high } => low + (high - low) * p,
            Self::Triangular { low, mode, high } => {
                let span = high - low;
                if span <= 0.0 {
                    return low;
                }
                let fc = (mode - low) / span;
                if p < fc {
                    low + (p * span * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - p) * span * (high - mode)).sqrt()
                }
            }
            Self::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                let z = truncated_z(
                    p,
                    low.map(|l| (l - mean) / sd),
                    high.map(|h| (h - mean) / sd),
                );
                clamp_opt(mean + sd * z, low, high)
            }
            Self::LogNormal {
                median,
                sigma,
                low,
                high,
            } => {
                let mu = median.ln();
                let to_z = |x: f64| {
                    if x <= 0.0 {
                        f64::NEG_INFINITY
                    } else {
                        (x.ln() - mu) / sigma
                    }
                };
                let z = truncated_z(p, low.map(to_z), high.map(to_z));
                clamp_opt((mu + sigma * z).exp(), low, high)
            }
        }
    }

    /// The smallest and largest value the distribution can take (infinite when unbounded).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Self::Uniform { low, high } | Self::Triangular { low, high, .. } => (low, high),
            Self::Normal { low, high, .. } => (
                low.unwrap_or(f64::NEG_INFINITY),
                high.unwrap_or(f64::INFINITY),
            ),
            Self::LogNormal { low, high, .. } => {
                (low.unwrap_or(0.0).max(0.0), high.unwrap_or(f64::INFINITY))
            }
        }
    }

    /// Calls `f` on every number of the distribution with its field name.
    pub fn numbers_mut(&mut self, mut f: impl FnMut(&str, &mut f64)) {
        match self {
            Self::Uniform { low, high } => {
                f("low", low);
                f("high", high);
            }
            Self::Triangular { low, mode, high } => {
                f("low", low);
                f("mode", mode);
                f("high", high);
            }
            Self::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                f("mean", mean);
                f("sd", sd);
                if let Some(l) = low {
                    f("low", l);
                }
                if let Some(h) = high {
                    f("high", h);
                }
            }
            Self::LogNormal {
                median,
                sigma,
                low,
                high,
            } => {
                f("median", median);
                f("sigma", sigma);
                if let Some(l) = low {
                    f("low", l);
                }
                if let Some(h) = high {
                    f("high", h);
                }
            }
        }
    }
}

fn clamp_opt(x: f64, low: Option<f64>, high: Option<f64>) -> f64 {
    let x = low.map_or(x, |l| x.max(l));
    high.map_or(x, |h| x.min(h))
}

/// Standard normal quantile of `p` rescaled into the probability range of `[zlo, zhi]`.
fn truncated_z(p: f64, zlo: Option<f64>, zhi: Option<f64>) -> f64 {
    let plo = zlo.map_or(0.0, normal_cdf);
    let phi = zhi.map_or(1.0, normal_cdf);
    normal_quantile(plo + (phi - plo) * p)
}

/// Standard normal CDF, Φ(z), via the complementary error function (|error| < 1.2e-7).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// erfc by the Chebyshev fit of Numerical Recipes (`erfcc`), fractional error < 1.2e-7.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_known_values() {
        assert!((normal_quantile(0.5)).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-7);
        assert!((normal_quantile(0.05) + 1.644_853_627).abs() < 1e-7);
        assert!((normal_cdf(1.959_963_985) - 0.975).abs() < 1e-6);
    }

    #[test]
    fn uniform_and_triangular_quantiles() {
        let u = Distribution::Uniform {
            low: 2.0,
            high: 6.0,
        };
        assert_eq!(u.quantile(0.25), 3.0);
        // Symmetric triangular on [0, 2]: the median is the mode, P(X < 0.5) = 0.125.
        let t = Distribution::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 2.0,
        };
        assert!((t.quantile(0.5) - 1.0).abs() < 1e-12);
        assert!((t.quantile(0.125) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn truncation_keeps_samples_in_bounds() {
        let n = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            low: Some(0.0),
            high: None,
        };
        // Half-normal: median is Φ⁻¹(0.75) = 0.6745.
        assert!((n.quantile(0.5) - 0.674_489_75).abs() < 1e-6);
        assert!(n.quantile(0.0) >= 0.0);
        let l = Distribution::LogNormal {
            median: 10.0,
            sigma: 0.5,
            low: None,
            high: Some(12.0),
        };
        assert!((0..=100).all(|i| l.quantile(f64::from(i) / 100.0) <= 12.0));
        let free = Distribution::LogNormal {
            median: 10.0,
            sigma: 0.5,
            low: None,
            high: None,
        };
        assert!((free.quantile(0.5) - 10.0).abs() < 1e-9);
    }
}
