//! Marginal values from the duals of the optimum (item 7 of issue 8), in objective units.
//!
//! - **Money**: one more $1B in calendar year `y`, spread evenly over its periods, is worth
//!   `1e9 × mean_{t ∈ y} dual(Treasury@t)` (programme units converted). Never negative (money
//!   can be held: `T ≥ 0` has no upper bound) and never rising from one year to the next (money
//!   can wait in the treasury).
//! - **Per segment**: that value plus the reduced cost of the segment's starts in the year's
//!   periods, per $1B — what $1B more *forced into that segment* buys. Negative where the
//!   optimum would not spend there (the money is worth more elsewhere or later).
//! - **Links and caps**: the dual of a production or hosting row is the value of one more
//!   accelerator of that link's output per period or of its room; the reduced cost of starts
//!   at their supply-chain cap is the value of one more unit per year of cap. Both are summed
//!   over the year's periods.
//!
//! With the never-falls rule ([`super::Rules`]) the duals are those of the penalised
//! programme: where compute is forced to fall, money that lessens the fall is valued at the
//! penalty.

use super::lp::{Col, Key, Row};
use super::programme::{ACC, OBJ, Programme};

/// One chain link's or cap's value, per calendar year.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkValue {
    /// The segment's name.
    pub segment: String,
    pub kind: LinkKind,
    /// Objective units per accelerator (links) or per unit per year of cap (caps), per year.
    pub per_year: Vec<f64>,
}

/// What a [`LinkValue`] is the value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// One more accelerator per period of a production link's output.
    Production,
    /// Room for one more accelerator in a hosting link.
    Hosting,
    /// One more unit per year of a segment's supply-chain cap.
    Cap,
    /// The planner's minimum spend on a segment $1B per year lower.
    MinSpend,
    /// The planner's maximum spend $1B per year higher.
    MaxSpend,
    /// $1B per year more of committed spend (negative: committing less would be worth more).
    Committed,
    /// The limit on how fast spend may change $1B per year (per year) looser.
    Change,
}

impl LinkKind {
    /// What the value is of, for tables: "one more accelerator of room", ….
    pub fn describe(self) -> &'static str {
        match self {
            Self::Production => "one more accelerator per period of output",
            Self::Hosting => "one more accelerator of room",
            Self::Cap => "one more unit per year of supply-chain cap",
            Self::MinSpend => "a minimum spend $1B/yr lower",
            Self::MaxSpend => "a maximum spend $1B/yr higher",
            Self::Committed => "$1B/yr more committed spend",
            Self::Change => "a limit on the change of spend $1B/yr per year looser",
        }
    }
}

/// The marginal values of an optimal plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marginal {
    /// Calendar years.
    pub years: Vec<i32>,
    /// One more $1B in each year (objective units; for unmet demand, the reduction of it).
    pub per_billion: Vec<f64>,
    /// Per segment (scenario order): one more $1B spent on it in each year.
    pub segment_per_billion: Vec<Vec<f64>>,
    /// Links and caps whose value is not zero in some year.
    pub links: Vec<LinkValue>,
    /// The treasury duals per period, objective units per USD.
    pub treasury_per_usd: Vec<f64>,
}

impl Marginal {
    /// The values as CSV columns, one value per period of `n` (`ppy` a year): what $1B more
    /// arriving in the period is worth, then, per segment (`names`), what $1B more spent on it
    /// in the period's year is worth — headers with `unit`, the objective's.
    pub fn columns(
        &self,
        names: &[String],
        unit: &str,
        n: usize,
        ppy: usize,
    ) -> Vec<(String, Vec<f64>)> {
        let year = |t: usize| (t / ppy.max(1)).min(self.years.len().saturating_sub(1));
        let mut out = vec![(
            format!("value of $1B more [{unit}]"),
            (0..n)
                .map(|t| self.treasury_per_usd.get(t).map_or(f64::NAN, |v| v * 1e9))
                .collect(),
        )];
        for (name, v) in names.iter().zip(&self.segment_per_billion) {
            out.push((
                format!("value of $1B more on {name} in its year [{unit}]"),
                (0..n)
                    .map(|t| v.get(year(t)).copied().unwrap_or(f64::NAN))
                    .collect(),
            ));
        }
        out
    }
}

/// Reads the marginal values of the first stage's duals.
pub fn marginal(p: &Programme, start_year: i32, row_dual: &[f64], col_dual: &[f64]) -> Marginal {
    let d = &p.data;
    let years = d.n.div_ceil(d.ppy);
    // Unmet demand is maximised as its negative: its duals are already "improvement".
    let row = |key: Key<Row>| p.lp.row(key).map_or(0.0, |r| row_dual[r]);
    let col = |key: Key<Col>| p.lp.col(key).map_or(0.0, |j| col_dual[j]);
    let treasury: Vec<f64> = (0..d.n).map(|t| row(Key::at(Row::Treasury, t))).collect();
    let mut per_billion = vec![0.0; years];
    let mut segment_per_billion = vec![vec![0.0; years]; d.segs.len()];
    for (t, money) in treasury.iter().enumerate() {
        let y = d.year_index(t);
        let w = OBJ / d.ppy as f64;
        per_billion[y] += money * w;
        for (s, g) in d.segs.iter().enumerate() {
            let usd = g.capex[t] * g.scale / 1e9;
            let rc = if usd > 0.0 && usd.is_finite() {
                col(Key::seg(Col::Starts, s, t)) / usd
            } else {
                -money
            };
            segment_per_billion[s][y] += (money + rc) * w;
        }
    }
    let mut links = Vec::new();
    let mut push = |segment: &str, kind, per_year: Vec<f64>| {
        if per_year.iter().any(|v| *v != 0.0) {
            links.push(LinkValue {
                segment: segment.to_owned(),
                kind,
                per_year,
            });
        }
    };
    for (role, list, kind) in [
        (Row::Production, &d.production, LinkKind::Production),
        (Row::Hosting, &d.hosting, LinkKind::Hosting),
    ] {
        for &(s, _) in list {
            let mut v = vec![0.0; years];
            for t in 0..d.n {
                v[d.year_index(t)] += row(Key::seg(role, s, t)) * OBJ / ACC;
            }
            push(&d.segs[s].name, kind, v);
        }
    }
    for (s, g) in d.segs.iter().enumerate() {
        if !g.cap_units.iter().any(|c| c.is_finite()) {
            continue;
        }
        let mut v = vec![0.0; years];
        for t in 0..d.n {
            let Some(j) = p.lp.col(Key::seg(Col::Starts, s, t)) else {
                continue;
            };
            let at_cap = p.lp.col_upper[j] > 0.0 && col_dual[j] > 0.0;
            if at_cap {
                v[d.year_index(t)] += col_dual[j] * d.dt / g.scale * OBJ;
            }
        }
        push(&g.name, LinkKind::Cap, v);
    }
    // The planner's limits: the value of loosening each by $1B per year (signed for a
    // commitment), from the rows' duals (programme objective per $B per period).
    for l in &d.limits {
        for (kind, row_kind, signed) in [
            (LinkKind::MinSpend, Row::MinSpend, false),
            (LinkKind::MaxSpend, Row::MaxSpend, false),
            (LinkKind::Committed, Row::Committed, true),
            (LinkKind::Change, Row::Change, false),
        ] {
            let mut v = vec![0.0; years];
            for t in 0..d.n {
                let dual = row(Key::seg(row_kind, l.seg, t));
                v[d.year_index(t)] += if signed { dual } else { dual.abs() } * d.dt * OBJ;
            }
            push(&d.segs[l.seg].name, kind, v);
        }
    }
    Marginal {
        years: (0..years).map(|y| start_year + y as i32).collect(),
        per_billion,
        segment_per_billion,
        links,
        treasury_per_usd: treasury.iter().map(|x| x * OBJ / 1e9).collect(),
    }
}
