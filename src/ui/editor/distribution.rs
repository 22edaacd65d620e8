//! A distribution's fields — its kind and its numbers, optional bounds for the normal and the
//! log-normal — shared by the Uncertainty section and the "Make uncertain…" dialog of a number
//! field; with the starting distributions the kind picker offers and a one-line description for
//! hover texts.

use egui::Ui;

use super::fields::{Toggle, Unit, combo_ui, number_ui, optional_number_row, row_with};
use super::row::RowContext;
#[cfg(test)]
use crate::format::units::describe;
use crate::model::Distribution;

/// The kinds, in the picker's order.
pub const KINDS: [(u8, &str); 4] = [
    (0, "Uniform"),
    (1, "Triangular"),
    (2, "Normal"),
    (3, "LogNormal"),
];

/// Position of `d`'s kind in [`KINDS`].
pub fn kind_index(d: &Distribution) -> u8 {
    match d {
        Distribution::Uniform { .. } => 0,
        Distribution::Triangular { .. } => 1,
        Distribution::Normal { .. } => 2,
        Distribution::LogNormal { .. } => 3,
    }
}

/// A distribution of kind `k` (see [`KINDS`]) around `v`, ±20 %: uniform or triangular
/// (mode `v`) over `v ± 20 %`, a normal with that as ±2 SD, a log-normal with median `v` and
/// σ = 0.2. The triangular is [`Distribution::around`].
pub fn around(k: u8, v: f64) -> Distribution {
    let v = if v.is_finite() { v } else { 0.0 };
    let d = (v.abs() * 0.2).max(f64::EPSILON);
    match k {
        0 => Distribution::Uniform {
            low: v - d,
            high: v + d,
        },
        1 => Distribution::around(v, 0.2),
        2 => Distribution::Normal {
            mean: v,
            sd: d / 2.0,
            low: None,
            high: None,
        },
        _ => Distribution::LogNormal {
            median: if v > 0.0 { v } else { 1.0 },
            sigma: 0.2,
            low: None,
            high: None,
        },
    }
}

/// Where the fields are and what they are called.
#[derive(Clone, Copy)]
pub struct FieldsSpec<'a> {
    /// Path of the distribution, e.g. `uncertainty[segments[Fabs].lead_time_years].distribution`
    /// (issues on it are shown under the kind picker; it keys the stash of switched-off bounds).
    pub path: &'a str,
    /// Prefix of every input's accessible name: `Driver` gives `Driver kind`, `Driver low`.
    pub prefix: &'a str,
    /// The unit of the uncertain number.
    pub unit: Unit<'a>,
    /// The number's present value: where a new distribution of another kind is centred.
    pub current: f64,
}

/// The kind picker and the numbers of `d`. Switching the kind starts over with [`around`] the
/// current value.
pub fn fields_ui(ui: &mut Ui, cx: &RowContext<'_>, d: &mut Distribution, spec: FieldsSpec<'_>) {
    let mut k = kind_index(d);
    let kind_name = format!("{} kind", spec.prefix);
    let changed = row_with(ui, cx, spec.path, "Distribution", Some(&kind_name), |ui| {
        combo_ui(ui, (spec.path, "kind"), &mut k, &KINDS)
    })
    .changed();
    if changed {
        *d = around(k, spec.current);
    }
    let amount = spec.unit;
    let all = f64::MIN..=f64::MAX;
    let num = |ui: &mut Ui, label: &str, x: &mut f64, u: Unit<'_>| {
        row_with(
            ui,
            cx,
            "",
            label,
            Some(&format!("{} {}", spec.prefix, label.to_lowercase())),
            |ui| number_ui(ui, x, u, all.clone()),
        );
    };
    let bounds = |ui: &mut Ui, low: &mut Option<f64>, high: &mut Option<f64>, mid: f64| {
        for (label, v) in [("Lower bound", low), ("Upper bound", high)] {
            optional_number_row(
                ui,
                cx,
                &format!("{}.{label}", spec.path),
                Toggle {
                    label,
                    hint: "Truncate the distribution here",
                },
                v,
                mid,
                amount,
                all.clone(),
            );
        }
    };
    match d {
        Distribution::Uniform { low, high } => {
            num(ui, "Low", low, amount);
            num(ui, "High", high, amount);
        }
        Distribution::Triangular { low, mode, high } => {
            num(ui, "Low", low, amount);
            num(ui, "Mode", mode, amount);
            num(ui, "High", high, amount);
        }
        Distribution::Normal {
            mean,
            sd,
            low,
            high,
        } => {
            num(ui, "Mean", mean, amount);
            // A spread in the number's unit, never a calendar year.
            let spread = if amount == Unit::Year {
                Unit::Years
            } else {
                amount
            };
            num(ui, "SD", sd, spread);
            let m = *mean;
            bounds(ui, low, high, m);
        }
        Distribution::LogNormal {
            median,
            sigma,
            low,
            high,
        } => {
            num(ui, "Median", median, amount);
            num(ui, "Sigma", sigma, Unit::Amount(""));
            let m = *median;
            bounds(ui, low, high, m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_starts_around_the_value() {
        for (k, name) in KINDS {
            let d = around(k, 10.0);
            assert_eq!(d.name(), name);
            assert_eq!(kind_index(&d), k);
            assert!((d.quantile(0.5) - 10.0).abs() < 1e-9, "{name}");
        }
        assert_eq!(around(1, 10.0), Distribution::around(10.0, 0.2));
        // A non-positive value still gives a valid log-normal.
        assert!(matches!(around(3, -2.0), Distribution::LogNormal { median, .. } if median > 0.0));
    }

    #[test]
    fn descriptions_use_the_fields_unit() {
        let d = Distribution::Triangular {
            low: 2.0,
            mode: 3.0,
            high: 4.0,
        };
        assert_eq!(
            describe(&d, Unit::Years),
            "Triangular: low 2 years, mode 3 years, high 4 years"
        );
        let u = Distribution::Uniform {
            low: 0.1,
            high: 0.2,
        };
        assert_eq!(
            describe(&u, Unit::Percent("")),
            "Uniform: low 10 %, high 20 %"
        );
    }
}
