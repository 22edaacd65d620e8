//! How a parameter's numbers are shown, read and dragged: each has a [`Unit`] that formats it
//! with its unit (`$28.0B/yr`, `12.5 %`, `3 years`, `400k wafers/month`) and reads what people
//! type (`28B`, `2.8e10`, `12.5%`) with [`parse_number`] (the model's). The editor's fields,
//! the analyses' tables and the command line all show values through it, so they read alike.
//! Pure functions, no widgets.

use crate::format;
pub use crate::model::parse_number;

/// How a number is shown, read and dragged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit<'s> {
    /// Dollars (`$28.0B`); the text follows the amount, e.g. `"/yr"` or `" per MW"`.
    Usd(&'s str),
    /// A fraction shown as a percentage; the text follows the `%`, e.g. `"/yr"`.
    Percent(&'s str),
    /// A duration in years.
    Years,
    /// A calendar year (fractions allowed: 2030.5 is mid-2030).
    Year,
    /// A quantity in the given unit (`400k wafers/month`).
    Amount(&'s str),
}

impl Unit<'_> {
    /// Display units per stored unit.
    pub fn scale(self) -> f64 {
        match self {
            Self::Percent(_) => 100.0,
            _ => 1.0,
        }
    }

    /// The text after a number of `shown` display units.
    pub fn suffix(self, shown: f64) -> String {
        match self {
            Self::Usd(s) => s.to_owned(),
            Self::Percent(s) => format!(" %{s}"),
            Self::Years if shown == 1.0 => " year".to_owned(),
            Self::Years => " years".to_owned(),
            Self::Year => String::new(),
            Self::Amount("") => String::new(),
            Self::Amount(u) => format!(" {u}"),
        }
    }

    /// The number (in display units) as shown.
    pub fn format(self, shown: f64) -> String {
        match self {
            Self::Usd(_) => format::usd(shown),
            Self::Amount(_) => amount(shown),
            Self::Percent(_) | Self::Years | Self::Year => trimmed(shown, 2),
        }
    }

    /// A stored value as text with its unit, e.g. for summaries: `$28.0B/yr`, `12.5 %`.
    pub fn show(self, value: f64) -> String {
        let shown = value * self.scale();
        format!("{}{}", self.format(shown), self.suffix(shown))
    }

    /// The unit on its own, for headers: `USD/yr`, `%`, `GW per year`.
    pub fn name(self) -> String {
        match self {
            Self::Usd(s) => format!("USD{s}"),
            Self::Percent(s) => format!("%{s}"),
            Self::Years => "years".to_owned(),
            Self::Year => "year".to_owned(),
            Self::Amount(u) => u.to_owned(),
        }
    }

    /// Drag speed (display units per point) for a value of `shown` display units: money and
    /// quantities move by 0.5 % of their size per point, so large and small numbers both drag
    /// comfortably.
    pub fn speed(self, shown: f64) -> f64 {
        let s = match self {
            Self::Usd(_) => (shown.abs() * 0.005).max(1_000.0),
            Self::Amount(_) => (shown.abs() * 0.005).max(0.001),
            Self::Percent(_) => 0.1,
            Self::Years | Self::Year => 0.05,
        };
        if s.is_finite() && s > 0.0 { s } else { 1.0 }
    }
}

/// A distribution with its numbers in the field's unit: `Triangular: low 2 years, mode 3
/// years, high 4 years` (σ of a log-normal is unitless).
pub fn describe(d: &crate::model::Distribution, unit: Unit<'_>) -> String {
    let mut d = *d;
    let mut parts = Vec::new();
    d.numbers_mut(|name, x| {
        let shown = if name == "sigma" {
            format!("{x:.3}")
        } else {
            unit.show(*x)
        };
        parts.push(format!("{name} {shown}"));
    });
    format!("{}: {}", d.name(), parts.join(", "))
}

/// Reads `text` typed into a field in `unit` whose stored value must lie in `lo..=hi`: the
/// stored value, or why the entry cannot be taken ("must be ≥ 0 years"). Nothing is clamped.
pub fn check_entry(text: &str, unit: Unit<'_>, lo: f64, hi: f64) -> Result<f64, String> {
    let Some(shown) = parse_number(text) else {
        return Err(format!("“{}” is not a number", text.trim()));
    };
    let value = shown / unit.scale();
    if !value.is_finite() {
        return Err("must be a finite number".to_owned());
    }
    if value < lo || value > hi {
        return Err(range_text(unit, lo, hi));
    }
    Ok(value)
}

/// What the range `lo..=hi` (stored units) allows, in words: `must be ≥ 0 years`, `must be
/// ≤ 99 %`, `must be between 0 and 99 %`.
pub fn range_text(unit: Unit<'_>, lo: f64, hi: f64) -> String {
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) => format!(
            "must be between {} and {}",
            unit.format(lo * unit.scale()),
            unit.show(hi)
        ),
        (true, false) => format!("must be ≥ {}", unit.show(lo)),
        (false, true) => format!("must be ≤ {}", unit.show(hi)),
        (false, false) => "must be a finite number".to_owned(),
    }
}

/// The [`Unit`] of a parameter, from the unit text of [`crate::model::params`]: `USD…` is
/// dollars, `fraction…` a percentage, `years` a duration, `year` a calendar year, anything else
/// a quantity in that unit.
pub fn param_unit(unit: &str) -> Unit<'_> {
    if let Some(rest) = unit.strip_prefix("USD") {
        Unit::Usd(rest)
    } else if let Some(rest) = unit.strip_prefix("fraction") {
        Unit::Percent(if rest.trim() == "per year" { "/yr" } else { "" })
    } else {
        match unit {
            "years" => Unit::Years,
            "year" => Unit::Year,
            "1/yr" => Unit::Amount("/yr"),
            u => Unit::Amount(u),
        }
    }
}

/// A quantity: `3.40k` from a thousand up (see [`format::quantity`]), four significant digits
/// below (`0.0022`, `2.25`), scientific notation for the very small.
fn amount(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() || a >= 999.5 {
        format::quantity(x)
    } else if a == 0.0 {
        "0".to_owned()
    } else if a >= 1e-4 {
        // 1e-4 ≤ a < 1000, so the exponent is in −4..=2.
        let decimals = (3 - a.log10().floor() as i64).clamp(0, 8) as usize;
        trimmed(x, decimals)
    } else {
        format!("{x:.2e}")
    }
}

/// `x` with at most `decimals` decimals and no trailing zeros.
fn trimmed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_units_map_to_field_units() {
        assert_eq!(param_unit("USD"), Unit::Usd(""));
        assert_eq!(param_unit("USD/yr"), Unit::Usd("/yr"));
        assert_eq!(param_unit("USD per MW"), Unit::Usd(" per MW"));
        assert_eq!(param_unit("fraction"), Unit::Percent(""));
        assert_eq!(param_unit("fraction per year"), Unit::Percent("/yr"));
        assert_eq!(param_unit("years"), Unit::Years);
        assert_eq!(param_unit("year"), Unit::Year);
        assert_eq!(param_unit("1/yr"), Unit::Amount("/yr"));
        assert_eq!(param_unit("wafers/month"), Unit::Amount("wafers/month"));
        assert_eq!(Unit::Percent("/yr").show(0.05), "5 %/yr");
    }

    #[test]
    fn entries_out_of_range_are_refused_with_the_range_not_clamped() {
        let years = Unit::Years;
        assert_eq!(check_entry("2.5", years, 0.0, f64::INFINITY), Ok(2.5));
        assert_eq!(
            check_entry("-2", years, 0.0, f64::INFINITY),
            Err("must be ≥ 0 years".to_owned())
        );
        // 600k into a learning rate in percent: 6000 (as a fraction) is far above 99 %.
        assert_eq!(
            check_entry("600k", Unit::Percent(""), 0.0, 0.99),
            Err("must be between 0 and 99 %".to_owned())
        );
        assert_eq!(check_entry("20", Unit::Percent(""), 0.0, 0.99), Ok(0.2));
        assert_eq!(
            check_entry("lots", years, 0.0, 1.0),
            Err("“lots” is not a number".to_owned())
        );
        assert_eq!(
            check_entry("5", Unit::Amount("GW"), f64::NEG_INFINITY, 1.0),
            Err("must be ≤ 1 GW".to_owned())
        );
    }

    #[test]
    fn numbers_show_with_their_unit() {
        assert_eq!(Unit::Usd("/yr").show(2.8e10), "$28.0B/yr");
        assert_eq!(Unit::Percent("").show(0.125), "12.5 %");
        assert_eq!(Unit::Percent("/yr").show(0.4), "40 %/yr");
        assert_eq!(Unit::Years.show(2.5), "2.5 years");
        assert_eq!(Unit::Year.show(2030.0), "2030");
        assert_eq!(Unit::Amount("GW").show(3400.0), "3.40k GW");
        assert_eq!(Unit::Amount("MW").show(0.0022), "0.0022 MW");
        assert_eq!(Unit::Amount("").show(2.25), "2.25");
        assert_eq!(Unit::Amount("").show(123.456), "123.5");
        assert_eq!(Unit::Amount("").show(0.0), "0");
        assert_eq!(Unit::Amount("").show(1.5e-7), "1.50e-7");
        assert_eq!(Unit::Years.show(1.0), "1 year");
        assert_eq!(Unit::Usd("").speed(f64::NAN), 1_000.0);
        assert_eq!(Unit::Amount("").speed(f64::INFINITY), 1.0);
        assert_eq!(Unit::Usd("").speed(1e12), 5e9);
    }
}
