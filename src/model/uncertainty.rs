//! Uncertain inputs: a path to a number in the scenario and a distribution for it.
//!
//! Distributions are sampled by inverse transform: a uniform `p` in (0, 1) maps to
//! [`Distribution::quantile`]`(p)`, computed by the `statrs` crate's distributions (their CDFs
//! and inverse CDFs). Bounds truncate a distribution (the quantile is taken within the bounds'
//! probability range), so a bounded normal never yields a value outside.

use statrs::distribution::ContinuousCDF;

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

    /// The value below which a fraction `p` of samples fall (`p` clamped to [0, 1]). The
    /// distributions are statrs's; a bounded one is truncated — the quantile is taken within
    /// the probability range of its bounds. A distribution that statrs refuses (a width or
    /// spread ≤ 0, which validation reports) gives its centre, clamped into its bounds.
    pub fn quantile(&self, p: f64) -> f64 {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        match *self {
            Self::Uniform { low, high } => match statrs::distribution::Uniform::new(low, high) {
                Ok(d) => d.inverse_cdf(p),
                Err(_) => low,
            },
            Self::Triangular { low, mode, high } => {
                match statrs::distribution::Triangular::new(low, high, mode) {
                    Ok(d) => d.inverse_cdf(p),
                    Err(_) => clamp_opt(mode, Some(low), Some(high)),
                }
            }
            Self::Normal {
                mean,
                sd,
                low,
                high,
            } => match statrs::distribution::Normal::new(mean, sd) {
                Ok(d) => truncated(&d, |x| (x - mean) / sd, p, low, high),
                Err(_) => clamp_opt(mean, low, high),
            },
            Self::LogNormal {
                median,
                sigma,
                low,
                high,
            } => match statrs::distribution::LogNormal::new(median.ln(), sigma) {
                Ok(d) => {
                    let mu = median.ln();
                    let z = |x: f64| {
                        if x <= 0.0 {
                            f64::NEG_INFINITY
                        } else {
                            (x.ln() - mu) / sigma
                        }
                    };
                    truncated(&d, z, p, low, high)
                }
                Err(_) => clamp_opt(median, low, high),
            },
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

/// The quantile `p` of `d` truncated to `[low, high]`: `d`'s quantile of `p` rescaled into
/// the probability range of the bounds (`cdf` of each, in standard-normal terms: `z` maps a
/// bound to its z-score), and clamped into them against rounding.
fn truncated(
    d: &impl ContinuousCDF<f64, f64>,
    z: impl Fn(f64) -> f64,
    p: f64,
    low: Option<f64>,
    high: Option<f64>,
) -> f64 {
    let plo = low.map_or(0.0, |l| std_normal_cdf(z(l)));
    let phi = high.map_or(1.0, |h| std_normal_cdf(z(h)));
    clamp_opt(d.inverse_cdf(plo + (phi - plo) * p), low, high)
}

/// Φ(z) = erfc(−z/√2)/2 with `libm`'s erfc (the musl port, correct to about an ulp). statrs's
/// own CDF is off by up to 4.4e-11 relative near |z| ≈ 1.5 (statrs 0.19, against mpmath at
/// 50 digits), more than the 1e-12 the truncated quantiles are held to; its inverse CDF meets
/// it.
fn std_normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference quantiles computed with mpmath at 50 digits for the exact binary value of
    /// each `p` (so that the input's rounding is not counted as an error), met to 1e-12. The
    /// references keep mpmath's 22 digits, more than an f64 holds.
    #[test]
    #[allow(clippy::excessive_precision)]
    fn quantiles_match_high_precision_references() {
        let close = |d: &Distribution, p: f64, want: f64| {
            let got = d.quantile(p);
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1e-300),
                "{d:?} at {p}: {got} != {want}"
            );
        };
        let std_normal = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            low: None,
            high: None,
        };
        for (p, want) in [
            (1e-9, -5.997_807_015_007_686_861_446),
            (1e-6, -4.753_424_308_822_898_957_339),
            (0.001, -3.090_232_306_167_813_535_358),
            (0.05, -1.644_853_626_951_472_687_952),
            (0.1, -1.281_551_565_544_600_435_335),
            (0.25, -0.674_489_750_196_081_743_202_2),
            (0.6, 0.253_347_103_135_799_741_324_7),
            (0.9, 1.281_551_565_544_600_593_487),
            (0.975, 1.959_963_984_540_053_855_604),
            (0.999, 3.090_232_306_167_813_277_758),
            (0.999_999, 4.753_424_308_817_087_765_688),
        ] {
            close(&std_normal, p, want);
        }
        assert_eq!(std_normal.quantile(0.5), 0.0);
        let bounded = Distribution::Normal {
            mean: 10.0,
            sd: 2.0,
            low: Some(7.0),
            high: Some(15.0),
        };
        for (p, want) in [
            (0.01, 7.136_071_586_477_816_322_529),
            (0.3, 9.201_758_632_869_266_225_065),
            (0.5, 10.152_041_816_236_290_524_59),
            (0.9, 12.575_597_903_248_371_010_1),
        ] {
            close(&bounded, p, want);
        }
        let (free, cut) = (
            Distribution::LogNormal {
                median: 17000.0,
                sigma: 0.3,
                low: None,
                high: None,
            },
            Distribution::LogNormal {
                median: 17000.0,
                sigma: 0.3,
                low: Some(9000.0),
                high: Some(40000.0),
            },
        );
        for (p, want_free, want_cut) in [
            (
                0.05,
                10_378.716_885_370_952_090_72,
                10_820.494_415_951_027_913_33,
            ),
            (0.5, 17_000.0, 17_095.086_932_273_196_048_79),
            (
                0.95,
                27_845.445_944_031_128_527_24,
                27_748.383_615_513_593_021_06,
            ),
        ] {
            close(&free, p, want_free);
            close(&cut, p, want_cut);
        }
        let tri = Distribution::Triangular {
            low: 2.0,
            mode: 3.0,
            high: 7.0,
        };
        for (p, want) in [
            (0.1, 2.707_106_781_186_547_544_027),
            (0.2, 3.000_000_000_000_000_027_756),
            (0.7, 4.550_510_257_216_821_720_504),
        ] {
            close(&tri, p, want);
        }
        let uni = Distribution::Uniform {
            low: 4e5,
            high: 5.6e5,
        };
        close(&uni, 0.1, 416_000.000_000_000_000_888_2);
        close(&uni, 0.37, 459_199.999_999_999_999_289_5);
    }

    /// What statrs refuses (no width, no spread) gives the centre, and never panics.
    #[test]
    fn degenerate_distributions_give_their_centre() {
        let flat = Distribution::Triangular {
            low: 3.0,
            mode: 3.0,
            high: 3.0,
        };
        assert_eq!(flat.quantile(0.7), 3.0);
        let point = Distribution::Uniform {
            low: 5.0,
            high: 5.0,
        };
        assert_eq!(point.quantile(0.2), 5.0);
        let no_sd = Distribution::Normal {
            mean: 1.0,
            sd: 0.0,
            low: Some(2.0),
            high: None,
        };
        assert_eq!(no_sd.quantile(0.4), 2.0);
        let no_sigma = Distribution::LogNormal {
            median: 8.0,
            sigma: -1.0,
            low: None,
            high: None,
        };
        assert_eq!(no_sigma.quantile(0.9), 8.0);
        assert!(std_normal_quantile_is_monotone());
    }

    fn std_normal_quantile_is_monotone() -> bool {
        let d = Distribution::Normal {
            mean: 0.0,
            sd: 1.0,
            low: Some(-1.0),
            high: Some(2.5),
        };
        let q: Vec<f64> = (1..1000)
            .map(|i| d.quantile(f64::from(i) / 1000.0))
            .collect();
        q.windows(2).all(|w| w[0] <= w[1]) && q.iter().all(|x| (-1.0..=2.5).contains(x))
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
