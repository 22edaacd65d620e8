//! The arithmetic behind the distribution plots: histogram bins. Pure, no egui.

/// Counts of values in equal bins from `start`, each `width` wide.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<usize>,
}

impl Histogram {
    /// The centre of bin `k`.
    pub fn center(&self, k: usize) -> f64 {
        self.start + (k as f64 + 0.5) * self.width
    }

    /// Values counted in all.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// A number of bins for `n` values: the square-root rule, kept between 5 and 40.
pub fn bin_count(n: usize) -> usize {
    ((n as f64).sqrt().round() as usize).clamp(5, 40)
}

/// Bins the finite values into `bins` equal bins from the smallest to the largest (the
/// largest falls in the last bin). All values equal: one bin around them. `None` when no
/// value is finite.
pub fn histogram(values: &[f64], bins: usize) -> Option<Histogram> {
    let finite = values.iter().copied().filter(|x| x.is_finite());
    let (lo, hi) = finite.clone().fold(None, |acc: Option<(f64, f64)>, x| {
        Some(acc.map_or((x, x), |(l, h)| (l.min(x), h.max(x))))
    })?;
    if hi <= lo || bins == 0 {
        let width = (lo.abs() * 0.02).max(1e-9);
        return Some(Histogram {
            start: lo - width / 2.0,
            width,
            counts: vec![finite.count()],
        });
    }
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0; bins];
    for x in finite {
        let k = (((x - lo) / width).floor() as usize).min(bins - 1);
        counts[k] += 1;
    }
    Some(Histogram {
        start: lo,
        width,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_in_equal_bins_and_the_largest_in_the_last() {
        let h = histogram(&[0.0, 1.0, 2.5, 3.9, 4.0, f64::NAN], 4).unwrap();
        assert_eq!(h.start, 0.0);
        assert_eq!(h.width, 1.0);
        assert_eq!(h.counts, vec![1, 1, 1, 2]);
        assert_eq!(h.center(2), 2.5);
        assert_eq!(h.total(), 5, "NaN is left out");
    }

    #[test]
    fn equal_values_make_one_bin_around_them() {
        let h = histogram(&[5.0, 5.0, 5.0], 10).unwrap();
        assert_eq!(h.counts, vec![3]);
        assert!((h.center(0) - 5.0).abs() < 1e-12);
        assert!(h.width > 0.0);
        assert_eq!(histogram(&[f64::NAN, f64::INFINITY], 10), None);
        assert_eq!(histogram(&[], 10), None);
    }

    #[test]
    fn bins_grow_with_the_square_root_of_the_samples() {
        assert_eq!(bin_count(10), 5);
        assert_eq!(bin_count(400), 20);
        assert_eq!(bin_count(2_000), 40);
    }
}
