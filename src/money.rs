//! Sources and uses of money over a horizon: an outcome's totals arranged so that they add up.
//!
//! The engine's ledger holds every period (see [`crate::engine`], rule 5:
//! `treasury' = treasury + draws + revenue − opex paid − service paid − spend`); summed over the
//! horizon it reads: opening cash + funding + revenue = capital spent + opex paid + debt
//! service paid + cash at the end. [`SourcesAndUses`] is that sum, line by line, for the KPI
//! list (why "Capital spent" can exceed "Funding committed") and the window's sources-and-uses
//! tab; [`Flows`] are the same lines per period, for the plots of the window and the report.
//! Pure: no egui.

use crate::engine::Outcome;
use crate::model::Scenario;

/// One named amount in dollars.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub name: String,
    pub usd: f64,
}

/// Where the money of a plan came from and where it went, summed over the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct SourcesAndUses {
    /// Cash in the treasury at the start.
    pub opening_treasury_usd: f64,
    /// Funding drawn, per source.
    pub funding: Vec<Amount>,
    pub revenue_usd: f64,
    /// Capital spent, per segment.
    pub spend: Vec<Amount>,
    /// Operating cost the treasury paid (the unpaid part is a shortfall, not a use).
    pub opex_paid_usd: f64,
    /// Debt service (interest and principal) the treasury paid.
    pub debt_service_paid_usd: f64,
    /// Cash in the treasury at the end.
    pub closing_treasury_usd: f64,
}

impl SourcesAndUses {
    /// The totals of `o`, simulated from `s`.
    pub fn of(s: &Scenario, o: &Outcome) -> Self {
        let sum = |xs: &[f64]| xs.iter().sum::<f64>();
        Self {
            opening_treasury_usd: s.initial_treasury_usd,
            funding: o
                .sources
                .iter()
                .map(|x| Amount {
                    name: x.name.clone(),
                    usd: sum(&x.drawn_usd),
                })
                .collect(),
            revenue_usd: sum(&o.revenue_usd),
            spend: o
                .segments
                .iter()
                .map(|g| Amount {
                    name: g.name.clone(),
                    usd: sum(&g.spend_usd),
                })
                .collect(),
            opex_paid_usd: sum(&o.opex_usd) - sum(&o.opex_shortfall_usd),
            debt_service_paid_usd: sum(&o.debt_service_paid_usd),
            closing_treasury_usd: o
                .treasury_usd
                .last()
                .copied()
                .unwrap_or(s.initial_treasury_usd),
        }
    }

    /// All funding drawn.
    pub fn funding_usd(&self) -> f64 {
        self.funding.iter().map(|a| a.usd).sum()
    }

    /// All capital spent.
    pub fn spend_usd(&self) -> f64 {
        self.spend.iter().map(|a| a.usd).sum()
    }

    /// Revenue less the operating cost and debt service the treasury paid: what revenue added
    /// to the money available for capital (negative when funding paid part of the service).
    pub fn net_revenue_reinvested_usd(&self) -> f64 {
        self.revenue_usd - self.opex_paid_usd - self.debt_service_paid_usd
    }

    /// Opening cash + funding + revenue.
    pub fn sources_usd(&self) -> f64 {
        self.opening_treasury_usd + self.funding_usd() + self.revenue_usd
    }

    /// Capital spent + opex paid + debt service paid + cash at the end.
    pub fn uses_usd(&self) -> f64 {
        self.spend_usd()
            + self.opex_paid_usd
            + self.debt_service_paid_usd
            + self.closing_treasury_usd
    }
}

/// What a line of [`Flows`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    /// Funding drawn from source `k`.
    Funding(usize),
    Revenue,
    /// Capital spent on segment `k`.
    Spend(usize),
    /// Operating cost the treasury paid.
    OpexPaid,
    /// Debt service the treasury paid.
    DebtServicePaid,
}

/// One line of sources or uses, per period.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub name: String,
    pub kind: FlowKind,
    /// Per period, USD (uses as positive amounts).
    pub usd: Vec<f64>,
}

/// The lines of [`SourcesAndUses`] per period (without the opening and closing cash, which are
/// stocks): funding per source and revenue; capital per segment, opex paid and debt service
/// paid.
#[derive(Clone, Debug, PartialEq)]
pub struct Flows {
    pub sources: Vec<Flow>,
    pub uses: Vec<Flow>,
}

impl Flows {
    /// The flows of `o`.
    pub fn of(o: &Outcome) -> Self {
        let flow = |name: &str, kind, usd: &[f64]| Flow {
            name: name.to_owned(),
            kind,
            usd: usd.to_vec(),
        };
        let mut sources: Vec<Flow> = o
            .sources
            .iter()
            .enumerate()
            .map(|(k, s)| flow(&s.name, FlowKind::Funding(k), &s.drawn_usd))
            .collect();
        sources.push(flow("Revenue", FlowKind::Revenue, &o.revenue_usd));
        let mut uses: Vec<Flow> = o
            .segments
            .iter()
            .enumerate()
            .map(|(k, g)| flow(&g.name, FlowKind::Spend(k), &g.spend_usd))
            .collect();
        let opex_paid: Vec<f64> = o
            .opex_usd
            .iter()
            .zip(&o.opex_shortfall_usd)
            .map(|(due, unpaid)| due - unpaid)
            .collect();
        uses.push(flow("Opex paid", FlowKind::OpexPaid, &opex_paid));
        uses.push(flow(
            "Debt service paid",
            FlowKind::DebtServicePaid,
            &o.debt_service_paid_usd,
        ));
        Self { sources, uses }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::simulate;

    /// Sources equal uses to rounding, on the shipped default scenario.
    #[test]
    fn sources_and_uses_add_up() {
        let s = crate::io::default_scenario();
        let o = simulate(&s);
        let t = SourcesAndUses::of(&s, &o);
        let scale = t.sources_usd().abs().max(1.0);
        assert!(
            (t.sources_usd() - t.uses_usd()).abs() < 1e-9 * scale,
            "{} vs {}",
            t.sources_usd(),
            t.uses_usd()
        );
        assert_eq!(t.funding.len(), s.funding.len());
        assert_eq!(t.spend.len(), s.segments.len());
        assert!((t.funding_usd() - o.kpis.committed_usd).abs() < 1e-6 * scale);
        assert!((t.spend_usd() - o.kpis.spent_usd).abs() < 1e-6 * scale);
    }

    /// A hand-made ledger: $10 opening, $100 funding, $30 revenue, $20 opex of which $5
    /// unpaid, $12 service, $90 spend → $13 left.
    #[test]
    fn the_totals_come_from_the_series() {
        let mut s = Scenario::template();
        s.initial_treasury_usd = 10.0;
        let mut o = Outcome {
            time: vec![0.0, 1.0],
            revenue_usd: vec![10.0, 20.0],
            opex_usd: vec![10.0, 10.0],
            opex_shortfall_usd: vec![0.0, 5.0],
            debt_service_paid_usd: vec![12.0, 0.0],
            treasury_usd: vec![50.0, 13.0],
            ..Outcome::default()
        };
        o.segments.push(crate::engine::SegmentSeries {
            name: "Fabs".to_owned(),
            spend_usd: vec![40.0, 50.0],
            ..Default::default()
        });
        let t = SourcesAndUses::of(&s, &o);
        assert_eq!(t.opening_treasury_usd, 10.0);
        assert_eq!(t.revenue_usd, 30.0);
        assert_eq!(t.opex_paid_usd, 15.0);
        assert_eq!(t.debt_service_paid_usd, 12.0);
        assert_eq!(
            t.spend,
            vec![Amount {
                name: "Fabs".to_owned(),
                usd: 90.0
            }]
        );
        assert_eq!(t.closing_treasury_usd, 13.0);
        assert_eq!(t.net_revenue_reinvested_usd(), 3.0);
        assert_eq!(t.uses_usd(), 130.0);
        // The flows sum to the totals, line by line.
        let f = Flows::of(&o);
        let total = |x: &Flow| x.usd.iter().sum::<f64>();
        assert_eq!(f.sources.last().map(total), Some(t.revenue_usd));
        assert_eq!(
            f.uses.iter().map(total).collect::<Vec<_>>(),
            [90.0, 15.0, 12.0]
        );
        assert_eq!(f.uses[1].kind, FlowKind::OpexPaid);
    }
}
