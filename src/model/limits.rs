//! How large a scenario may be: the horizon, every list, and the work a simulation takes.
//!
//! [`super::validate`] reports a scenario beyond these limits, and the engine refuses to
//! simulate one (its outcome then has no periods), so that no input — a hostile file, a fuzzer's
//! bytes, an invalid scenario simulated anyway — can make Buildout allocate without bound or
//! compute for minutes. The limits are far above any real plan: a thousand segments, monthly,
//! over a hundred years, simulate within them.

use super::{Allocation, Scenario};

/// Longest horizon accepted, in years.
pub const MAX_HORIZON_YEARS: usize = 100;
/// Most elements accepted in any list (segments, sources, curve points …).
pub const MAX_LIST_LEN: usize = 10_000;
/// Most numbers a simulation may keep in its series (≈ 8 bytes each: 512 MB).
pub const MAX_SIMULATION_CELLS: u64 = 64_000_000;
/// Most comparisons Balanced pacing may make (chain segments squared, per period).
pub const MAX_PACING_STEPS: u64 = 100_000_000;

/// Periods the engine simulates: the horizon's, at most [`MAX_HORIZON_YEARS`] of months.
pub fn simulated_periods(s: &Scenario) -> usize {
    s.horizon.len().min(MAX_HORIZON_YEARS * 12)
}

/// An estimate, from above, of the numbers a simulation of `s` keeps: per period about 21 per
/// segment, 7 per funding source, one per share and chain link, 40 for the whole; per KPI year
/// one per segment.
pub fn simulation_cells(s: &Scenario) -> u64 {
    let n = simulated_periods(s) as u64;
    let len = |x: usize| x as u64;
    let shares = match &s.allocation {
        Allocation::Shares(v) => v.len(),
        Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => fixed.len(),
        Allocation::Schedule(plan) => plan.spend.len() + 1,
    };
    let links = s.chain.production.len() + s.chain.hosting.len();
    let per_period = 21 * len(s.segments.len())
        + 7 * len(s.funding.len())
        + len(shares)
        + len(links)
        + len(s.benchmarks.len())
        + 40;
    n.saturating_mul(per_period)
        .saturating_add(len(s.kpi_years.len()).saturating_mul(len(s.segments.len()) + 3))
}

/// Comparisons Balanced pacing makes: each chain segment against each other, every period.
pub fn pacing_steps(s: &Scenario) -> u64 {
    // An unsolved `Optimal` scenario simulates as `Balanced`.
    if !matches!(
        s.allocation,
        Allocation::Balanced { .. } | Allocation::Optimal { .. }
    ) {
        return 0;
    }
    let links = (s.chain.production.len() + s.chain.hosting.len()).min(s.segments.len()) as u64;
    (simulated_periods(s) as u64).saturating_mul(links.saturating_mul(links))
}

/// Why a scenario is too large to simulate; the message says what to reduce.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    #[error(
        "the scenario is too large to simulate: {segments} segments, {sources} funding sources \
         and {kpi_years} KPI years over {periods} periods need about {mb} MB (at most {max_mb} \
         MB); use longer periods (Quarter or Year), a shorter horizon or fewer segments"
    )]
    Memory {
        segments: usize,
        sources: usize,
        kpi_years: usize,
        periods: usize,
        mb: u64,
        max_mb: u64,
    },
    #[error(
        "the scenario is too large to simulate with Balanced allocation: {links} chain links \
         over {periods} periods take about {steps} steps (at most {max_steps}); use longer \
         periods (Quarter or Year), fewer chain links or Shares"
    )]
    Pacing {
        links: usize,
        periods: usize,
        steps: u64,
        max_steps: u64,
    },
}

/// Why the scenario is too large to simulate, if it is.
pub fn too_large(s: &Scenario) -> Option<TooLarge> {
    let n = simulated_periods(s);
    let cells = simulation_cells(s);
    if cells > MAX_SIMULATION_CELLS {
        return Some(TooLarge::Memory {
            segments: s.segments.len(),
            sources: s.funding.len(),
            kpi_years: s.kpi_years.len(),
            periods: n,
            mb: cells * 8 / 1_000_000,
            max_mb: MAX_SIMULATION_CELLS * 8 / 1_000_000,
        });
    }
    let steps = pacing_steps(s);
    if steps > MAX_PACING_STEPS {
        return Some(TooLarge::Pacing {
            links: s.chain.production.len() + s.chain.hosting.len(),
            periods: n,
            steps,
            max_steps: MAX_PACING_STEPS,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, Segment, SegmentKind};

    #[test]
    fn a_thousand_segments_monthly_over_a_hundred_years_fit() {
        let mut s = Scenario::template();
        s.horizon.start_year = 2000;
        s.horizon.end_year = 2099;
        s.horizon.period = Period::Month;
        s.segments = (0..1000)
            .map(|i| Segment::new(&format!("S{i}"), SegmentKind::Fab, "u", 1.0))
            .collect();
        assert_eq!(too_large(&s), None);
        s.segments.extend(
            (1000..4000).map(|i| Segment::new(&format!("S{i}"), SegmentKind::Fab, "u", 1.0)),
        );
        let why = too_large(&s).expect("too large");
        assert!(
            matches!(why, TooLarge::Memory { segments: 4000, .. }),
            "{why:?}"
        );
        assert!(why.to_string().contains("4000 segments"), "{why}");
    }

    #[test]
    fn kpi_years_count_against_the_budget() {
        // Each KPI year keeps a number per segment.
        let mut s = Scenario::template();
        s.segments = (0..1000)
            .map(|i| Segment::new(&format!("S{i}"), SegmentKind::Fab, "u", 1.0))
            .collect();
        s.kpi_years = vec![2030; 100_000];
        assert!(too_large(&s).is_some());
    }
}
