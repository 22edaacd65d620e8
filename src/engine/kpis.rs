//! After the period loop: the benchmarks year by year and the KPIs of an outcome.

use super::finance::{irr, npv};
use super::outcome::{BenchmarkKpi, BenchmarkSeries, CapacityAt, Kpis, Outcome};
use crate::model::{DrawMeasure, Scenario};

pub(super) fn benchmarks(
    s: &Scenario,
    o: &Outcome,
    kind_draws: &[Vec<f64>; 3],
) -> Vec<BenchmarkSeries> {
    let h = s.horizon;
    let ppy = h.periods_per_year();
    let years: Vec<i32> = (0..o.len() / ppy).map(|k| h.year_of(k * ppy)).collect();
    s.benchmarks
        .iter()
        .map(|b| {
            let flow: &[f64] = match b.measure {
                DrawMeasure::Funding => &o.inflow_usd,
                DrawMeasure::Equity => &kind_draws[0],
                DrawMeasure::Debt => &kind_draws[1],
                DrawMeasure::Grant => &kind_draws[2],
                DrawMeasure::Spend => &o.spend_usd,
            };
            let draw_usd: Vec<f64> = flow.chunks(ppy).map(|c| c.iter().sum()).collect();
            let benchmark_usd: Vec<f64> = years
                .iter()
                .map(|&y| b.value_usd.value_at(f64::from(y)))
                .collect();
            let share = draw_usd
                .iter()
                .zip(&benchmark_usd)
                .map(|(d, v)| if *v > 0.0 { d / v } else { 0.0 })
                .collect();
            BenchmarkSeries {
                name: b.name.clone(),
                measure: b.measure,
                limit_share: b.limit_share,
                years: years.clone(),
                draw_usd,
                benchmark_usd,
                share,
            }
        })
        .collect()
}

pub(super) fn kpis(s: &Scenario, o: &Outcome, held: &[Vec<bool>], residual_usd: f64) -> Kpis {
    let h = s.horizon;
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let last = |v: &[f64]| v.last().copied().unwrap_or(0.0);
    let first_year = |mut hit: std::iter::Enumerate<std::slice::Iter<'_, bool>>| {
        hit.find(|(_, b)| **b).map(|(i, _)| h.year_of(i))
    };
    let first_positive = |v: &[f64]| {
        let threshold = 1e-9 * (1.0 + v.iter().fold(0.0f64, |m, y| m.max(y.abs())));
        v.iter().position(|&x| x > threshold).map(|i| h.year_of(i))
    };
    // Project cash flows, and the plan's capital still on its books as a last inflow one
    // period after the horizon.
    let cash_flows: Vec<f64> = (0..o.len())
        .map(|i| o.revenue_usd[i] - o.opex_usd[i] - o.spend_usd[i])
        .chain(std::iter::once(residual_usd))
        .collect();
    let (npv_usd, irr_v) = match &s.revenue {
        Some(r) => (
            Some(npv(r.discount_rate, h.dt_years(), &cash_flows)),
            irr(h.dt_years(), &cash_flows),
        ),
        None => (None, None),
    };
    Kpis {
        committed_usd: sum(&o.inflow_usd),
        spent_usd: sum(&o.spend_usd),
        revenue_usd: sum(&o.revenue_usd),
        opex_usd: sum(&o.opex_usd),
        interest_usd: sum(&o.interest_usd),
        interest_during_construction_usd: sum(&o.interest_during_construction_usd),
        residual_value_usd: residual_usd,
        opex_shortfall_usd: sum(&o.opex_shortfall_usd),
        debt_arrears_end_usd: last(&o.debt_service_shortfall_usd),
        debt_outstanding_end_usd: last(&o.debt_outstanding_usd),
        treasury_end_usd: last(&o.treasury_usd),
        fleet_end: last(&o.chain.fleet),
        compute_end: last(&o.chain.compute),
        capital_per_unit_usd: o
            .segments
            .iter()
            .map(|g| {
                let units = sum(&g.starts_units);
                (units > 0.0).then(|| sum(&g.spend_usd) / units)
            })
            .collect(),
        capacity_at: s
            .report_years()
            .into_iter()
            .filter_map(|year| {
                let i = o.year_end_index(year)?;
                Some(CapacityAt {
                    year,
                    segments: o.segments.iter().map(|g| g.effective_units[i]).collect(),
                    fleet: o.chain.fleet[i],
                    compute: o.chain.compute[i],
                })
            })
            .collect(),
        npv_usd,
        irr: irr_v,
        benchmarks: o
            .benchmarks
            .iter()
            .map(|b| {
                let peak =
                    b.share
                        .iter()
                        .enumerate()
                        .fold(None, |best: Option<(usize, f64)>, (k, &x)| match best {
                            Some((_, v)) if v >= x => best,
                            _ => Some((k, x)),
                        });
                BenchmarkKpi {
                    name: b.name.clone(),
                    peak_share: peak.map_or(0.0, |(_, v)| v),
                    peak_year: peak.map(|(k, _)| b.years[k]),
                    limit_share: b.limit_share,
                    breach_years: b
                        .years
                        .iter()
                        .zip(&b.share)
                        .filter(|(_, x)| **x > b.limit_share)
                        .map(|(y, _)| *y)
                        .collect(),
                }
            })
            .collect(),
        first_binding_year: (0..o.segments.len())
            .map(|k| {
                o.chain
                    .binding
                    .iter()
                    .position(|b| *b == Some(k))
                    .map(|i| h.year_of(i))
            })
            .collect(),
        first_capped_year: held
            .iter()
            .map(|v| first_year(v.iter().enumerate()))
            .collect(),
        first_demand_shortfall_year: s
            .demand_compute
            .as_ref()
            .and_then(|_| first_positive(&o.chain.demand_shortfall)),
        first_debt_shortfall_year: first_positive(&o.debt_service_shortfall_usd),
        first_opex_shortfall_year: first_positive(&o.opex_shortfall_usd),
    }
}
