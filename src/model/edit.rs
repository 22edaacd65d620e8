//! Edits that keep a scenario consistent, for the editor (and anything else that edits).
//!
//! Lists elsewhere refer to segments, funding sources and benchmarks by name: allocation shares,
//! chain links and uncertainty-driver paths (`segments[Fabs].lead_time_years`). Renaming an
//! element here carries the new name through to every reference; removing one removes its
//! references. The curve edits keep `Points` in year order. Pure functions, no egui.

use super::{
    Allocation, Benchmark, Curve, DrawMeasure, FundingKind, FundingSource, Point, Policy, Scenario,
    Schedule, Segment, SegmentKind, Share,
};

/// Why a rename was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("there is no such item")]
    NoSuchItem,
    #[error("a name must not be empty")]
    Empty,
    #[error("another item is already called {0:?}")]
    Taken(String),
}

/// What refers to a segment (see [`Scenario::segment_references`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentRefs {
    pub shares: usize,
    pub production_links: usize,
    pub hosting_links: usize,
    pub drivers: usize,
}

impl SegmentRefs {
    /// `"its allocation share, 1 chain link and 2 uncertainty drivers"`, or `""` when none.
    pub fn describe(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut parts = Vec::new();
        if self.shares > 0 {
            parts.push(plural(self.shares, "allocation share", "allocation shares"));
        }
        let links = self.production_links + self.hosting_links;
        if links > 0 {
            parts.push(plural(links, "chain link", "chain links"));
        }
        if self.drivers > 0 {
            parts.push(plural(
                self.drivers,
                "uncertainty driver",
                "uncertainty drivers",
            ));
        }
        match parts.len() {
            0 => String::new(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} and {last}", parts.join(", "))
            }
        }
    }
}

/// `base` if `taken(base)` is false, else `base 2`, `base 3`, …
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|k| format!("{base} {k}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}

/// The name for a copy of `name`: `name (copy)`, `name (copy 2)`, …
fn copy_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    unique_name(&format!("{name} (copy)"), taken)
}

/// Moves element `i` one place towards the front; returns its new index.
pub fn move_up<T>(list: &mut [T], i: usize) -> usize {
    if i > 0 && i < list.len() {
        list.swap(i - 1, i);
        i - 1
    } else {
        i
    }
}

/// Moves element `i` one place towards the back; returns its new index.
pub fn move_down<T>(list: &mut [T], i: usize) -> usize {
    if i + 1 < list.len() {
        list.swap(i, i + 1);
        i + 1
    } else {
        i
    }
}

/// Whether `path` refers to `{list}[{name}]` or something below it.
fn path_refers_to(path: &str, list: &str, name: &str) -> bool {
    path_rest(path, list, name).is_some()
}

/// What follows `{list}[{name}]` in `path`, if `path` starts with it at an element boundary.
fn path_rest<'p>(path: &'p str, list: &str, name: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let rest = rest.strip_prefix(name)?.strip_prefix(']')?;
    (rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')).then_some(rest)
}

/// The lists whose elements are keyed by a segment's name, as they appear in parameter paths.
const SEGMENT_KEYED: [&str; 4] = [
    "segments",
    "allocation",
    "chain.production",
    "chain.hosting",
];

impl Scenario {
    /// Renames (`Some(new)`) or removes (`None`) the allocation entries of segment `old`: its
    /// share, its scheduled spend, or its limits under `Optimal`.
    fn allocation_refs(&mut self, old: &str, new: Option<&str>) {
        let rename = |name: &mut String| {
            if let Some(new) = new
                && name == old
            {
                *name = new.to_owned();
            }
        };
        match &mut self.allocation {
            Allocation::Shares(list)
            | Allocation::Balanced { fixed: list }
            | Allocation::Optimal { fixed: list, .. } => match new {
                Some(_) => list.iter_mut().for_each(|s| rename(&mut s.segment)),
                None => list.retain(|s| s.segment != old),
            },
            Allocation::Schedule(plan) => match new {
                Some(_) => plan.spend.iter_mut().for_each(|s| rename(&mut s.segment)),
                None => plan.spend.retain(|s| s.segment != old),
            },
        }
        if let Allocation::Optimal { limits, .. } = &mut self.allocation {
            match new {
                Some(_) => limits.iter_mut().for_each(|l| rename(&mut l.segment)),
                None => limits.retain(|l| l.segment != old),
            }
        }
    }

    /// The segments the allocation names: its shares, its scheduled spends, its limits.
    pub fn allocation_segments(&self) -> impl Iterator<Item = &str> {
        let spend = match &self.allocation {
            Allocation::Schedule(plan) => plan.spend.as_slice(),
            _ => &[],
        };
        let limits = match &self.allocation {
            Allocation::Optimal { limits, .. } => limits.as_slice(),
            _ => &[],
        };
        self.shares()
            .iter()
            .map(|s| s.segment.as_str())
            .chain(spend.iter().map(|s| s.segment.as_str()))
            .chain(limits.iter().map(|l| l.segment.as_str()))
    }

    /// The allocation shares (the fixed ones under `Balanced` and `Optimal`; none under a
    /// `Schedule`).
    pub fn shares(&self) -> &[Share] {
        match &self.allocation {
            Allocation::Shares(shares) => shares,
            Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => fixed,
            Allocation::Schedule(_) => &[],
        }
    }

    /// Renames `old` to `new` in uncertainty-driver paths under the given lists.
    fn rename_in_drivers(&mut self, lists: &[&str], old: &str, new: &str) {
        for d in &mut self.uncertainty {
            for list in lists {
                if let Some(rest) = path_rest(&d.path, list, old) {
                    d.path = format!("{list}[{new}]{rest}");
                    break;
                }
            }
        }
    }

    fn check_new_name(
        names: impl Iterator<Item = String>,
        index: usize,
        new: &str,
    ) -> Result<Option<String>, RenameError> {
        let names: Vec<String> = names.collect();
        let old = names.get(index).ok_or(RenameError::NoSuchItem)?;
        if *old == new {
            return Ok(None);
        }
        if new.trim().is_empty() {
            return Err(RenameError::Empty);
        }
        if names.iter().any(|n| n == new) {
            return Err(RenameError::Taken(new.to_owned()));
        }
        Ok(Some(old.clone()))
    }

    /// What refers to the segment called `name`.
    pub fn segment_references(&self, name: &str) -> SegmentRefs {
        SegmentRefs {
            shares: self.allocation_segments().filter(|s| *s == name).count(),
            production_links: self
                .chain
                .production
                .iter()
                .filter(|l| l.segment == name)
                .count(),
            hosting_links: self
                .chain
                .hosting
                .iter()
                .filter(|l| l.segment == name)
                .count(),
            drivers: self
                .uncertainty
                .iter()
                .filter(|d| {
                    SEGMENT_KEYED
                        .iter()
                        .any(|l| path_refers_to(&d.path, l, name))
                })
                .count(),
        }
    }

    /// Renames segment `index` and every reference to it: allocation shares, chain links and
    /// uncertainty-driver paths. Refuses an empty name or one another segment has.
    pub fn rename_segment(&mut self, index: usize, new: &str) -> Result<(), RenameError> {
        let names = self.segments.iter().map(|s| s.name.clone());
        let Some(old) = Self::check_new_name(names, index, new)? else {
            return Ok(());
        };
        // References to a name that another segment still has are that segment's.
        let shared = self.segments.iter().filter(|s| s.name == old).count() > 1;
        self.segments[index].name = new.to_owned();
        if shared {
            return Ok(());
        }
        self.allocation_refs(&old, Some(new));
        for l in &mut self.chain.production {
            if l.segment == old {
                l.segment = new.to_owned();
            }
        }
        for l in &mut self.chain.hosting {
            if l.segment == old {
                l.segment = new.to_owned();
            }
        }
        self.rename_in_drivers(&SEGMENT_KEYED, &old, new);
        Ok(())
    }

    /// Removes segment `index` with its allocation shares, chain links and uncertainty drivers.
    pub fn remove_segment(&mut self, index: usize) -> Option<Segment> {
        if index >= self.segments.len() {
            return None;
        }
        let seg = self.segments.remove(index);
        if self.segment_index(&seg.name).is_some() {
            // A duplicate name remains; the references are now its.
            return Some(seg);
        }
        let name = seg.name.as_str();
        self.allocation_refs(name, None);
        self.chain.production.retain(|l| l.segment != name);
        self.chain.hosting.retain(|l| l.segment != name);
        self.uncertainty.retain(|d| {
            !SEGMENT_KEYED
                .iter()
                .any(|l| path_refers_to(&d.path, l, name))
        });
        Some(seg)
    }

    /// Appends a new segment with a unique name; returns its index. It has no share and no
    /// chain link, so the scenario stays as valid as it was.
    pub fn add_segment(&mut self) -> usize {
        let name = unique_name("New segment", |n| self.segment_index(n).is_some());
        let seg = Segment::new(
            &name,
            SegmentKind::Custom("Custom".to_owned()),
            "units",
            1_000_000.0,
        );
        self.segments.push(seg);
        self.segments.len() - 1
    }

    /// Inserts a copy of segment `index` after it, with a unique name and no references.
    pub fn duplicate_segment(&mut self, index: usize) -> Option<usize> {
        let mut seg = self.segments.get(index)?.clone();
        seg.name = copy_name(&seg.name, |n| self.segment_index(n).is_some());
        self.segments.insert(index + 1, seg);
        Some(index + 1)
    }

    /// Renames funding source `index` and the uncertainty drivers that point into it.
    pub fn rename_funding(&mut self, index: usize, new: &str) -> Result<(), RenameError> {
        let names = self.funding.iter().map(|f| f.name.clone());
        let Some(old) = Self::check_new_name(names, index, new)? else {
            return Ok(());
        };
        let shared = self.funding.iter().filter(|f| f.name == old).count() > 1;
        self.funding[index].name = new.to_owned();
        if !shared {
            self.rename_in_drivers(&["funding"], &old, new);
        }
        Ok(())
    }

    /// Removes funding source `index` and the uncertainty drivers that point into it.
    pub fn remove_funding(&mut self, index: usize) -> Option<FundingSource> {
        if index >= self.funding.len() {
            return None;
        }
        let f = self.funding.remove(index);
        if !self.funding.iter().any(|g| g.name == f.name) {
            self.uncertainty
                .retain(|d| !path_refers_to(&d.path, "funding", &f.name));
        }
        Some(f)
    }

    /// Appends a new equity source with a unique name and no inflow; returns its index.
    pub fn add_funding(&mut self) -> usize {
        let name = unique_name("New source", |n| self.funding.iter().any(|f| f.name == n));
        self.funding.push(FundingSource::new(
            &name,
            FundingKind::Equity {
                required_return: 0.1,
            },
            Curve::Constant(0.0),
        ));
        self.funding.len() - 1
    }

    /// Inserts a copy of funding source `index` after it, with a unique name.
    pub fn duplicate_funding(&mut self, index: usize) -> Option<usize> {
        let mut f = self.funding.get(index)?.clone();
        f.name = copy_name(&f.name, |n| self.funding.iter().any(|g| g.name == n));
        self.funding.insert(index + 1, f);
        Some(index + 1)
    }

    /// Renames benchmark `index` and the uncertainty drivers that point into it.
    pub fn rename_benchmark(&mut self, index: usize, new: &str) -> Result<(), RenameError> {
        let names = self.benchmarks.iter().map(|b| b.name.clone());
        let Some(old) = Self::check_new_name(names, index, new)? else {
            return Ok(());
        };
        let shared = self.benchmarks.iter().filter(|b| b.name == old).count() > 1;
        self.benchmarks[index].name = new.to_owned();
        if !shared {
            self.rename_in_drivers(&["benchmarks"], &old, new);
        }
        Ok(())
    }

    /// Removes benchmark `index` and the uncertainty drivers that point into it.
    pub fn remove_benchmark(&mut self, index: usize) -> Option<Benchmark> {
        if index >= self.benchmarks.len() {
            return None;
        }
        let b = self.benchmarks.remove(index);
        if !self.benchmarks.iter().any(|c| c.name == b.name) {
            self.uncertainty
                .retain(|d| !path_refers_to(&d.path, "benchmarks", &b.name));
        }
        Some(b)
    }

    /// Appends a new benchmark with a unique name; returns its index.
    pub fn add_benchmark(&mut self) -> usize {
        let name = unique_name("New benchmark", |n| {
            self.benchmarks.iter().any(|b| b.name == n)
        });
        self.benchmarks.push(Benchmark {
            name,
            value_usd: Curve::Constant(1e12),
            measure: DrawMeasure::Funding,
            limit_share: 0.2,
            notes: String::new(),
        });
        self.benchmarks.len() - 1
    }

    /// Inserts a copy of benchmark `index` after it, with a unique name.
    pub fn duplicate_benchmark(&mut self, index: usize) -> Option<usize> {
        let mut b = self.benchmarks.get(index)?.clone();
        b.name = copy_name(&b.name, |n| self.benchmarks.iter().any(|c| c.name == n));
        self.benchmarks.insert(index + 1, b);
        Some(index + 1)
    }

    /// The first segment (in list order) accepted by `free`, e.g. one without a share yet.
    pub fn first_segment_where(&self, free: impl Fn(&str) -> bool) -> Option<String> {
        self.segments
            .iter()
            .map(|s| s.name.as_str())
            .find(|n| free(n))
            .map(str::to_owned)
    }
    /// Switches the allocation to `policy`: `Balanced` and `Optimal` keep each other's fixed
    /// shares, `Shares` starts from equal shares, `Schedule` from a plan that spends nothing
    /// (the window applies a solved plan instead, see `Plan::apply`). The same policy changes
    /// nothing.
    pub fn set_policy(&mut self, policy: Policy) {
        if policy == self.allocation.policy() {
            return;
        }
        let fixed = match &mut self.allocation {
            Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => {
                std::mem::take(fixed)
            }
            _ => Vec::new(),
        };
        self.allocation = match policy {
            Policy::Balanced => Allocation::Balanced { fixed },
            Policy::Optimal => Allocation::Optimal {
                fixed,
                limits: Vec::new(),
            },
            Policy::Schedule => Allocation::Schedule(Schedule::default()),
            Policy::Shares => {
                let n = self.segments.len().max(1) as f64;
                Allocation::Shares(
                    self.segments
                        .iter()
                        .map(|s| Share {
                            segment: s.name.clone(),
                            share: Curve::Constant(1.0 / n),
                        })
                        .collect(),
                )
            }
        };
    }
}

/// The kinds of [`Curve`], for pickers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveKind {
    Constant,
    Growth,
    Points,
    Logistic,
}

impl CurveKind {
    pub const ALL: [Self; 4] = [Self::Constant, Self::Growth, Self::Points, Self::Logistic];

    pub fn name(self) -> &'static str {
        match self {
            Self::Constant => "Constant",
            Self::Growth => "Growth",
            Self::Points => "Points",
            Self::Logistic => "Logistic",
        }
    }
}

/// Most points [`Curve::converted`] makes when sampling yearly.
const MAX_SAMPLED_POINTS: usize = 101;

impl Curve {
    pub fn kind(&self) -> CurveKind {
        match self {
            Self::Constant(_) => CurveKind::Constant,
            Self::Growth { .. } => CurveKind::Growth,
            Self::Points { .. } => CurveKind::Points,
            Self::Logistic { .. } => CurveKind::Logistic,
        }
    }

    /// This curve as another kind, resembling it over `[t0, t1]` (years):
    /// - Constant: the value at `t0`;
    /// - Growth: from the value at `t0`, at the rate that reaches the value at `t1`
    ///   (0 %/yr when either is not positive);
    /// - Points: the curve sampled at every whole year from `t0` to `t1` (linear);
    /// - Logistic: from the value at `t0` to the value at `t1`, half way mid-span, 2 % → 98 %
    ///   over the span (a flat curve gets a ceiling twice its floor, or 1 if that is 0).
    ///
    /// Returns a clone when the kind is already `kind`.
    pub fn converted(&self, kind: CurveKind, t0: f64, t1: f64) -> Self {
        if self.kind() == kind {
            return self.clone();
        }
        let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
        let (t0, t1) = (finite(t0), finite(t1).max(finite(t0)));
        let v0 = finite(self.value_at(t0));
        let v1 = finite(self.value_at(t1));
        let span = t1 - t0;
        match kind {
            CurveKind::Constant => Self::Constant(v0),
            CurveKind::Growth => {
                let rate = if v0 > 0.0 && v1 > 0.0 && span > 0.0 {
                    finite((v1 / v0).powf(1.0 / span) - 1.0)
                } else {
                    0.0
                };
                Self::Growth {
                    start_year: t0,
                    start_value: v0,
                    rate_per_year: rate,
                }
            }
            CurveKind::Points => {
                let first = t0.floor();
                // In f64 first: a huge span must not overflow the count.
                let n = (t1.floor() - first + 1.0).clamp(1.0, MAX_SAMPLED_POINTS as f64) as usize;
                let points = (0..n)
                    .map(|k| {
                        let y = first + k as f64;
                        Point::new(y, finite(self.value_at(y)))
                    })
                    .collect();
                Self::Points {
                    points,
                    interpolation: super::Interpolation::Linear,
                }
            }
            CurveKind::Logistic => {
                let ceiling = if (v1 - v0).abs() > f64::EPSILON * v0.abs().max(1.0) {
                    v1
                } else if v0 == 0.0 {
                    1.0
                } else {
                    2.0 * v0
                };
                Self::Logistic {
                    floor: v0,
                    ceiling,
                    midpoint_year: t0 + span / 2.0,
                    steepness_per_year: if span > 0.0 { 8.0 / span } else { 1.0 },
                }
            }
        }
    }

    /// The points of a `Points` curve.
    pub fn points(&self) -> Option<&[Point]> {
        match self {
            Self::Points { points, .. } => Some(points),
            _ => None,
        }
    }

    fn points_mut(&mut self) -> Option<&mut Vec<Point>> {
        match self {
            Self::Points { points, .. } => Some(points),
            _ => None,
        }
    }

    /// The years point `i` may take without passing its neighbours.
    pub fn point_year_bounds(&self, i: usize) -> (f64, f64) {
        let Some(points) = self.points() else {
            return (f64::NEG_INFINITY, f64::INFINITY);
        };
        let lo = i
            .checked_sub(1)
            .and_then(|j| points.get(j))
            .map_or(f64::NEG_INFINITY, |p| p.year);
        let hi = points.get(i + 1).map_or(f64::INFINITY, |p| p.year);
        (lo, hi)
    }

    /// Moves point `i` of a `Points` curve to `(year, value)`, the year held between its
    /// neighbours so that the points stay in year order. Non-finite inputs leave that
    /// coordinate as it was. Returns whether the point changed.
    pub fn move_point(&mut self, i: usize, year: f64, value: f64) -> bool {
        let (lo, hi) = self.point_year_bounds(i);
        let Some(p) = self.points_mut().and_then(|ps| ps.get_mut(i)) else {
            return false;
        };
        let old = *p;
        if year.is_finite() {
            // `max` then `min`: a disordered neighbour pair (lo > hi) cannot panic, unlike clamp.
            p.year = year.max(lo).min(hi);
        }
        if value.is_finite() {
            p.value = value;
        }
        *p != old
    }

    /// Inserts a point after point `i`: half way to the next point on the curve, or a year
    /// later with the same value at the end. Returns the new point's index.
    pub fn insert_point_after(&mut self, i: usize) -> Option<usize> {
        let (year, value) = {
            let points = self.points()?;
            let p = *points.get(i)?;
            match points.get(i + 1) {
                Some(q) => {
                    let y = (p.year + q.year) / 2.0;
                    (y, self.value_at(y))
                }
                None => (p.year + 1.0, p.value),
            }
        };
        let points = self.points_mut()?;
        points.insert(i + 1, Point::new(year, value));
        Some(i + 1)
    }

    /// Inserts `(year, value)` where its year belongs; returns its index.
    pub fn insert_point(&mut self, year: f64, value: f64) -> Option<usize> {
        let points = self.points_mut()?;
        let k = points.partition_point(|p| p.year <= year);
        points.insert(k, Point::new(year, value));
        Some(k)
    }

    /// Removes point `i` of a `Points` curve (never the last remaining one).
    pub fn remove_point(&mut self, i: usize) -> bool {
        match self.points_mut() {
            Some(points) if points.len() > 1 && i < points.len() => {
                points.remove(i);
                true
            }
            _ => false,
        }
    }

    /// Whether a `Points` curve's points are in year order (always true for other kinds).
    pub fn points_sorted(&self) -> bool {
        self.points()
            .is_none_or(|ps| ps.windows(2).all(|w| w[0].year <= w[1].year))
    }

    /// Puts a `Points` curve's points in year order (stable; NaN years last).
    pub fn sort_points(&mut self) {
        if let Some(points) = self.points_mut() {
            points.sort_by(|a, b| a.year.total_cmp(&b.year));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::tiny;
    use crate::model::{Distribution, Driver, HostingLink, ProductionLink, validate};

    fn driver(path: &str) -> Driver {
        Driver {
            path: path.to_owned(),
            distribution: Distribution::Uniform {
                low: 1.0,
                high: 2.0,
            },
            fixed_bounds: false,
        }
    }

    #[test]
    fn renaming_a_segment_carries_through_to_every_reference() {
        let mut s = tiny();
        s.uncertainty = vec![
            driver("segments[Fabs].lead_time_years"),
            driver("chain.production[Fabs].accelerators_per_unit_year"),
            driver("segments[Fabsy].lead_time_years"),
        ];
        s.rename_segment(0, "Leading-edge fabs").unwrap();
        assert_eq!(s.segments[0].name, "Leading-edge fabs");
        assert_eq!(s.shares()[0].segment, "Leading-edge fabs");
        assert_eq!(s.chain.production[0].segment, "Leading-edge fabs");
        assert_eq!(
            s.uncertainty[0].path,
            "segments[Leading-edge fabs].lead_time_years"
        );
        assert_eq!(
            s.uncertainty[1].path,
            "chain.production[Leading-edge fabs].accelerators_per_unit_year"
        );
        // A different segment whose name merely starts the same is left alone.
        assert_eq!(s.uncertainty[2].path, "segments[Fabsy].lead_time_years");
        s.uncertainty.pop();
        assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn renaming_power_renames_the_hosting_link() {
        let mut s = tiny();
        s.uncertainty = vec![driver("chain.hosting[Power].units_per_accelerator")];
        s.rename_segment(1, "Grid power").unwrap();
        assert_eq!(s.chain.hosting[0].segment, "Grid power");
        assert_eq!(
            s.uncertainty[0].path,
            "chain.hosting[Grid power].units_per_accelerator"
        );
        assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn renames_are_refused_when_empty_or_taken() {
        let mut s = tiny();
        assert_eq!(s.rename_segment(0, " "), Err(RenameError::Empty));
        assert_eq!(
            s.rename_segment(0, "Power"),
            Err(RenameError::Taken("Power".into()))
        );
        assert_eq!(s.rename_segment(9, "X"), Err(RenameError::NoSuchItem));
        assert_eq!(s.rename_segment(0, "Fabs"), Ok(()));
        assert_eq!(s, tiny());
    }

    #[test]
    fn removing_a_segment_removes_its_references() {
        let mut s = tiny();
        s.uncertainty = vec![
            driver("segments[Power].lead_time_years"),
            driver("segments[Fabs].lead_time_years"),
            driver("allocation[Power].share.value"),
        ];
        assert_eq!(
            s.segment_references("Power").describe(),
            "1 allocation share, 1 chain link and 2 uncertainty drivers"
        );
        let removed = s.remove_segment(1).unwrap();
        assert_eq!(removed.name, "Power");
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.shares().len(), 1);
        assert!(s.chain.hosting.is_empty());
        assert_eq!(s.uncertainty.len(), 1);
        assert_eq!(s.uncertainty[0].path, "segments[Fabs].lead_time_years");
        assert_eq!(s.segment_references("Power"), SegmentRefs::default());
        assert!(s.remove_segment(5).is_none());
    }

    #[test]
    fn removing_one_of_two_same_named_segments_keeps_the_references() {
        let mut s = tiny();
        s.segments.push(s.segments[1].clone());
        s.remove_segment(1);
        assert_eq!(s.chain.hosting[0].segment, "Power");
        assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn added_and_duplicated_segments_get_unique_names_and_stay_valid() {
        let mut s = tiny();
        let i = s.add_segment();
        assert_eq!(s.segments[i].name, "New segment");
        let j = s.add_segment();
        assert_eq!(s.segments[j].name, "New segment 2");
        let k = s.duplicate_segment(0).unwrap();
        assert_eq!(k, 1);
        assert_eq!(s.segments[1].name, "Fabs (copy)");
        assert_eq!(
            s.segments[1].capex_usd_per_unit,
            s.segments[0].capex_usd_per_unit
        );
        let k = s.duplicate_segment(0).unwrap();
        assert_eq!(s.segments[k].name, "Fabs (copy) 2");
        assert_eq!(s.segments.len(), 6);
        assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn funding_and_benchmarks_carry_driver_paths() {
        let mut s = tiny();
        s.add_benchmark();
        s.uncertainty = vec![
            driver("funding[Bonds].kind.rate"),
            driver("benchmarks[New benchmark].limit_share"),
        ];
        s.rename_funding(0, "Green bonds").unwrap();
        s.rename_benchmark(0, "Chip sales").unwrap();
        assert_eq!(s.uncertainty[0].path, "funding[Green bonds].kind.rate");
        assert_eq!(s.uncertainty[1].path, "benchmarks[Chip sales].limit_share");
        let d = s.duplicate_funding(0).unwrap();
        assert_eq!(s.funding[d].name, "Green bonds (copy)");
        assert_eq!(validate(&s), vec![]);
        s.remove_funding(0);
        s.remove_benchmark(0);
        assert!(s.uncertainty.is_empty());
        assert_eq!(s.funding.len(), 1);
    }

    #[test]
    fn allocation_policy_switches_to_valid_equal_shares() {
        let mut s = tiny();
        s.set_policy(Policy::Balanced);
        assert_eq!(s.allocation, Allocation::Balanced { fixed: vec![] });
        assert_eq!(validate(&s), vec![]);
        s.set_policy(Policy::Shares);
        assert_eq!(s.shares().len(), 2);
        assert_eq!(s.shares()[1].share, Curve::Constant(0.5));
        assert_eq!(validate(&s), vec![]);
        // Balanced and Optimal carry each other's fixed shares.
        let fixed = vec![Share {
            segment: s.segments[0].name.clone(),
            share: Curve::Constant(0.25),
        }];
        s.allocation = Allocation::Balanced {
            fixed: fixed.clone(),
        };
        s.set_policy(Policy::Optimal);
        assert_eq!(
            s.allocation,
            Allocation::Optimal {
                fixed: fixed.clone(),
                limits: Vec::new()
            }
        );
        assert_eq!(s.allocation.policy(), Policy::Optimal);
        s.set_policy(Policy::Balanced);
        assert_eq!(s.allocation, Allocation::Balanced { fixed });
        s.set_policy(Policy::Schedule);
        assert_eq!(s.allocation, Allocation::Schedule(Schedule::default()));
        assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn moving_items_up_and_down() {
        let mut v = vec![1, 2, 3];
        assert_eq!(move_up(&mut v, 2), 1);
        assert_eq!(v, [1, 3, 2]);
        assert_eq!(move_up(&mut v, 0), 0);
        assert_eq!(move_down(&mut v, 2), 2);
        assert_eq!(move_down(&mut v, 0), 1);
        assert_eq!(v, [3, 1, 2]);
    }

    #[test]
    fn curves_convert_between_kinds() {
        let c = Curve::Constant(5.0);
        let g = c.converted(CurveKind::Growth, 2025.0, 2030.0);
        assert_eq!(
            g,
            Curve::Growth {
                start_year: 2025.0,
                start_value: 5.0,
                rate_per_year: 0.0
            }
        );
        let g = Curve::Growth {
            start_year: 2020.0,
            start_value: 100.0,
            rate_per_year: 0.1,
        };
        let p = g.converted(CurveKind::Points, 2024.0, 2026.0);
        let Curve::Points { points, .. } = &p else {
            panic!("{p:?}")
        };
        assert_eq!(points.len(), 3);
        assert_eq!(points[0].year, 2024.0);
        assert!((points[2].value - g.value_at(2026.0)).abs() < 1e-9);
        // Back to growth: the implied rate is 10 %/yr again.
        let Curve::Growth { rate_per_year, .. } = p.converted(CurveKind::Growth, 2024.0, 2026.0)
        else {
            panic!()
        };
        assert!((rate_per_year - 0.1).abs() < 1e-9);
        let l = Curve::linear(&[(2024.0, 1.0), (2034.0, 3.0)]).converted(
            CurveKind::Logistic,
            2024.0,
            2034.0,
        );
        assert_eq!(
            l,
            Curve::Logistic {
                floor: 1.0,
                ceiling: 3.0,
                midpoint_year: 2029.0,
                steepness_per_year: 0.8
            }
        );
        assert_eq!(l.value_at(2029.0), 2.0);
        // Nothing odd comes out of odd inputs.
        let odd = Curve::Constant(f64::NAN).converted(CurveKind::Points, f64::NAN, 1e300);
        let odd = odd.points().unwrap();
        assert_eq!(odd.len(), MAX_SAMPLED_POINTS);
        assert!(odd.iter().all(|p| p.value == 0.0 && p.year.is_finite()));
    }

    #[test]
    fn points_move_within_their_neighbours() {
        let mut c = Curve::linear(&[(2024.0, 1.0), (2026.0, 2.0), (2028.0, 3.0)]);
        assert!(c.move_point(1, 2030.0, 5.0));
        assert_eq!(c.points().unwrap()[1], Point::new(2028.0, 5.0));
        assert!(c.move_point(1, 2020.0, f64::NAN));
        assert_eq!(c.points().unwrap()[1], Point::new(2024.0, 5.0));
        assert!(c.move_point(0, 1990.0, 0.0));
        assert_eq!(c.points().unwrap()[0], Point::new(1990.0, 0.0));
        assert!(!c.move_point(7, 2025.0, 1.0));
        assert!(c.points_sorted());
        assert!(!Curve::Constant(1.0).move_point(0, 1.0, 1.0));
    }

    #[test]
    fn points_are_inserted_and_removed_in_order() {
        let mut c = Curve::linear(&[(2024.0, 0.0), (2026.0, 4.0)]);
        assert_eq!(c.insert_point_after(0), Some(1));
        assert_eq!(c.points().unwrap()[1], Point::new(2025.0, 2.0));
        assert_eq!(c.insert_point_after(2), Some(3));
        assert_eq!(c.points().unwrap()[3], Point::new(2027.0, 4.0));
        assert_eq!(c.insert_point(2024.5, 9.0), Some(1));
        assert!(c.points_sorted());
        assert!(c.remove_point(0));
        let mut one = Curve::linear(&[(2024.0, 1.0)]);
        assert!(!one.remove_point(0));
        let mut bad = Curve::linear(&[(2026.0, 1.0), (2024.0, 2.0)]);
        assert!(!bad.points_sorted());
        bad.sort_points();
        assert_eq!(bad.points().unwrap()[0].year, 2024.0);
    }

    #[test]
    fn unique_names_count_up() {
        let taken = ["A", "A 2"];
        assert_eq!(unique_name("A", |n| taken.contains(&n)), "A 3");
        assert_eq!(unique_name("B", |n| taken.contains(&n)), "B");
    }

    #[test]
    fn chain_links_to_unknown_segments_survive_a_rename() {
        let mut s = tiny();
        s.chain.production.push(ProductionLink {
            segment: "Elsewhere".into(),
            accelerators_per_unit_year: 1.0,
        });
        s.chain.hosting.push(HostingLink {
            segment: "Fabs".into(),
            units_per_accelerator: 1.0,
        });
        s.rename_segment(0, "F").unwrap();
        assert_eq!(s.chain.production[1].segment, "Elsewhere");
        assert_eq!(s.chain.hosting[1].segment, "F");
    }
}
