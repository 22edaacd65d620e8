//! Numbers as people type them — `28B`, `$2.6M`, `1,200`, `12.5%`, `3 years` — for the editor's
//! fields and `buildout set`. Pure functions.

/// Reads a number as people write it: `28B`, `$2.8e10`, `1,200`, `950k`, `12.5%`, `3 years`.
/// Scale suffixes: k = 10³, M/m/mn = 10⁶, B/G/bn = 10⁹, T = 10¹², P = 10¹⁵. Only finite
/// numbers are accepted.
pub fn parse_number(text: &str) -> Option<f64> {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '_' | '$'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect::<String>()
        .to_ascii_lowercase();
    for unit in ["years", "year", "yrs", "yr", "/yr", "%"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.to_owned();
            break;
        }
    }
    let scales = [
        ("bn", 1e9),
        ("mn", 1e6),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
        ("g", 1e9),
        ("t", 1e12),
        ("p", 1e15),
    ];
    let (num, mult) = scales
        .iter()
        .find_map(|&(s, m)| t.strip_suffix(s).map(|n| (n, m)))
        .unwrap_or((t.as_str(), 1.0));
    num.parse::<f64>()
        .ok()
        .map(|x| x * mult)
        .filter(|x| x.is_finite())
}

/// A number in the unit it is stored in, as `buildout params` prints it: `2.6M` is 2.6e6, and
/// a trailing `%` reads a percentage as a fraction (`12.5%` is 0.125).
pub fn parse_stored(text: &str) -> Option<f64> {
    let x = parse_number(text)?;
    Some(if text.trim_end().ends_with('%') {
        x / 100.0
    } else {
        x
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_write_them() {
        assert_eq!(parse_number("28B"), Some(28e9));
        assert_eq!(parse_number("$2.8e10"), Some(2.8e10));
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number(" 950 k "), Some(950e3));
        assert_eq!(parse_number("1.5T"), Some(1.5e12));
        assert_eq!(parse_number("12.5 %"), Some(12.5));
        assert_eq!(parse_number("3 years"), Some(3.0));
        assert_eq!(parse_number("−4"), Some(-4.0));
        assert_eq!(parse_number("7bn"), Some(7e9));
        assert_eq!(parse_number("nan"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1e999"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn stored_values_read_percentages_as_fractions() {
        assert_eq!(parse_stored("2.6M"), Some(2.6e6));
        assert_eq!(parse_stored("12.5%"), Some(0.125));
        assert_eq!(parse_stored("0.125"), Some(0.125));
        assert_eq!(parse_stored("28B"), Some(28e9));
        assert_eq!(parse_stored("x%"), None);
    }
}
