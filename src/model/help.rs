//! What each field of a scenario means, for the editor's tooltips: one sentence on the
//! number, its unit, and the rule of the engine that uses it (the numbered rules of
//! `src/engine/rules.md`, also the window's Help page). Looked up by the field's path with
//! list keys left out (`segments[Power].lead_time_years` → `segments.lead_time_years`), the
//! longest matching ending first, so a curve's points share their curve's text.

/// `(path ending, text)`; list keys (`[Power]`) and point indices are left out of the endings.
const HELP: &[(&str, &str)] = &[
    (
        "name",
        "The scenario's name, shown on its tab, in reports and in exported files.",
    ),
    (
        "description",
        "What the scenario is for and where its numbers come from; cite rows of the sources list by their key, e.g. [tsmc-capex-2024].",
    ),
    (
        "horizon",
        "The years simulated and the length of one period.",
    ),
    (
        "horizon.start_year",
        "The first calendar year simulated [year].",
    ),
    (
        "horizon.end_year",
        "The last calendar year simulated [year]; the horizon runs to its end.",
    ),
    (
        "horizon.period",
        "The length of one step of the simulation: month, quarter or year. Every rate is per year and is multiplied by the period's length Δt.",
    ),
    (
        "initial_treasury_usd",
        "Cash at the start [$]: the treasury every period's budget is drawn from (rule 5).",
    ),
    (
        "version",
        "The file format version the file was written in; an older file is upgraded when it is opened.",
    ),
    (
        "interpolation",
        "How the curve runs between its points: straight lines, or steps held until the next point.",
    ),
    (
        "kpi_years",
        "Years whose end-of-year capacity is reported as a KPI.",
    ),
    (
        "objective",
        "What the optimal plan maximises: cumulative compute, compute at the end, met demand, or NPV.",
    ),
    // Funding (rule 1) and debt (rule 4).
    (
        "funding.name",
        "The source's name, as the plots and the KPIs show it.",
    ),
    (
        "funding.kind",
        "Grant or equity (never repaid), or debt (repaid with interest, rule 4).",
    ),
    (
        "funding.inflow_usd_per_year",
        "What the source offers each year [$/yr]; each period it offers inflow·Δt, drawn only while its cap is not reached (rule 1).",
    ),
    (
        "funding.cap_usd_per_year",
        "The most this source gives in any one year [$/yr] (rule 1).",
    ),
    (
        "funding.cap_usd_total",
        "The most this source gives over the whole horizon [$] (rule 1).",
    ),
    (
        "funding.kind.rate",
        "The loan's yearly interest rate [%/yr]: interest accrues on what is outstanding (rule 4).",
    ),
    (
        "funding.kind.tenor_years",
        "Years from a draw to its last repayment [years] (rule 4).",
    ),
    (
        "funding.kind.grace_years",
        "Years after a draw with interest only, before principal is repaid [years] (rule 4).",
    ),
    (
        "funding.kind.required_return",
        "The yearly return equity holders expect [%/yr]; reported, not paid out of the treasury.",
    ),
    (
        "funding.notes",
        "Where this source's numbers come from (cite rows of the sources list).",
    ),
    // Segments (rules 3, 5, 6).
    (
        "segments.name",
        "The segment's name, as the plots, the KPIs and parameter paths use it.",
    ),
    (
        "segments.kind",
        "What the segment builds (fabs, packaging, memory, power, data centres, servers, or your own).",
    ),
    (
        "segments.unit",
        "What one unit of capacity is (wafers/month, MW, accelerator slots).",
    ),
    (
        "segments.capex_usd_per_unit",
        "Capital cost of one unit of capacity at the start [$ per unit]; falls with the learning rate as units are built (rules 5 and 6).",
    ),
    (
        "segments.opex_usd_per_unit_year",
        "Yearly operating cost of one unit in service [$ per unit-year], paid before any new spend (rule 3).",
    ),
    (
        "segments.lead_time_years",
        "Years from starting a unit to its entering service [years] (rule 6).",
    ),
    (
        "segments.ramp_years",
        "Years a unit in service takes to reach its full output: it produces (k+1)/R of nameplate in its k-th period [years] (rule 6).",
    ),
    (
        "segments.lifetime_years",
        "Years a unit serves before it retires [years] (rule 6).",
    ),
    (
        "segments.learning_rate",
        "How much the unit cost falls with each doubling of cumulative units built [% per doubling] (rule 5).",
    ),
    (
        "segments.kind.custom",
        "The name of a segment kind of your own.",
    ),
    (
        "segments.learning_base_units",
        "Cumulative units built before the horizon, the base the learning curve's doublings count from [units] (rule 5).",
    ),
    (
        "segments.installed_base_units",
        "Units in service at the start [units]; they age out evenly over one lifetime (rule 6).",
    ),
    (
        "segments.baseline_additions_units_per_year",
        "Units others add each year whatever the plan does [units/yr] (rule 6).",
    ),
    (
        "segments.max_starts_units_per_year",
        "A supply-chain cap on units started each year [units/yr]; money beyond it is not spent on the segment (rule 5).",
    ),
    (
        "segments.notes",
        "Where this segment's numbers come from (cite rows of the sources list).",
    ),
    // Allocation (rule 5).
    (
        "allocation",
        "How each period's budget is split among segments: balanced to the binding link, fixed shares, a schedule, or the optimal plan (rule 5).",
    ),
    (
        "allocation.policy",
        "The allocation rule: Balanced, Shares, Schedule or Optimal (rule 5).",
    ),
    ("allocation.segment", "The segment this share is for."),
    (
        "allocation.share",
        "This segment's share of each period's budget [%] (rule 5).",
    ),
    (
        "allocation.fixed",
        "Segments given a fixed share of the budget, the rest allocated by the rule (rule 5).",
    ),
    (
        "allocation.fixed.share",
        "This segment's share of each period's budget [%] (rule 5).",
    ),
    (
        "allocation.shares",
        "Each segment's share of each period's budget [%] (rule 5).",
    ),
    (
        "allocation.spend",
        "The schedule's spend on each segment per year [$/yr] (rule 5).",
    ),
    (
        "allocation.installations_per_year",
        "The schedule's accelerators installed per year at most [accelerators/yr] (rule 7).",
    ),
    // Chain (rule 7).
    (
        "chain",
        "How segments combine into accelerators and compute: production links bound how many are made, hosting links how many can run (rule 7).",
    ),
    (
        "chain.performance_unit",
        "The unit compute is measured in (e.g. PFLOP/s).",
    ),
    (
        "chain.performance_per_accelerator",
        "Compute of one accelerator installed in a given year [performance unit per accelerator] (rule 7).",
    ),
    (
        "chain.accelerator_lifetime_years",
        "Years an accelerator stays in the fleet [years] (rule 7).",
    ),
    (
        "chain.installed_fleet_accelerators",
        "Accelerators in service at the start [accelerators]; they leave evenly over one lifetime (rule 7).",
    ),
    (
        "chain.production",
        "Segments whose output makes accelerators: the smallest of them bounds production (rule 7).",
    ),
    (
        "chain.production.accelerators_per_unit_year",
        "Accelerators one unit of the segment makes each year [accelerators per unit-year] (rule 7).",
    ),
    (
        "chain.hosting",
        "Segments that host accelerators (power, data centres): the smallest bounds the fleet (rule 7).",
    ),
    (
        "chain.hosting.units_per_accelerator",
        "Units of the segment one accelerator needs [units per accelerator] (rule 7).",
    ),
    // Demand (rule 7) and revenue (rule 2).
    (
        "demand_compute",
        "Compute the market asks for; the shortfall is what delivered compute misses of it (rule 7).",
    ),
    (
        "demand_compute.start_value",
        "Demand in its start year [performance unit] (rule 7).",
    ),
    (
        "demand_compute.start_year",
        "The year demand starts from [year].",
    ),
    (
        "demand_compute.rate_per_year",
        "Demand's yearly growth [%/yr].",
    ),
    (
        "revenue",
        "What the hosted fleet earns; net revenue is reinvested through the treasury (rule 2).",
    ),
    (
        "revenue.price_usd_per_accelerator_year",
        "What one hosted accelerator earns in a year [$ per accelerator-year] (rule 2).",
    ),
    (
        "revenue.utilisation",
        "The share of the hosted fleet that earns [%] (rule 2).",
    ),
    (
        "revenue.discount_rate",
        "The yearly rate NPV discounts the plan's cash flows at [%/yr] (KPIs).",
    ),
    // Benchmarks.
    (
        "benchmarks.name",
        "The macro limit's name (chip sales, the corporate debt market, sovereign fund assets).",
    ),
    (
        "benchmarks.measure",
        "Which yearly flow of the plan is set against the benchmark: spend, funding by kind, or revenue.",
    ),
    (
        "benchmarks.value_usd",
        "The benchmark's size in a year [$/yr]: the plan's yearly draw is compared with it at the start of each year.",
    ),
    (
        "benchmarks.limit_share",
        "The share of the benchmark the plan may take before it breaks the limit [%].",
    ),
    (
        "benchmarks.notes",
        "Where the benchmark's figures come from (cite rows of the sources list).",
    ),
    // Uncertainty (Monte Carlo, tornado).
    (
        "uncertainty",
        "Numbers drawn from distributions by Monte Carlo, the tornado and the importance indices.",
    ),
    (
        "uncertainty.path",
        "The number the distribution is for (its parameter path).",
    ),
    (
        "uncertainty.distribution",
        "How the number is drawn: uniform, triangular, normal or log-normal, with bounds.",
    ),
    (
        "uncertainty.fixed_bounds",
        "Keep the distribution's bounds when its number is edited (otherwise they move with it).",
    ),
];

/// The path with list keys (`[Power]`), point lists and their indices left out:
/// `funding[Bonds].inflow_usd_per_year.points[2].value` → `funding.inflow_usd_per_year`.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // A curve's points, constant value and parameters read as the curve itself.
    let mut parts: Vec<&str> = out.split('.').filter(|p| !p.is_empty()).collect();
    while let Some(last) = parts.last() {
        if matches!(
            *last,
            "points" | "value" | "year" | "start" | "end" | "steepness_per_year" | "midpoint_year"
        ) && parts.len() > 1
        {
            parts.pop();
        } else {
            break;
        }
    }
    parts.join(".")
}

/// What the field at `path` means (see the module docs), if it is one of the scenario's.
pub fn field_help(path: &str) -> Option<&'static str> {
    let shape = shape(path);
    HELP.iter()
        .filter(|(ending, _)| {
            shape == *ending
                || (shape.ends_with(ending) && shape[..shape.len() - ending.len()].ends_with('.'))
        })
        .max_by_key(|(ending, _)| ending.len())
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_their_shape() {
        assert_eq!(
            shape("funding[Bonds].inflow_usd_per_year.points[2].value"),
            "funding.inflow_usd_per_year"
        );
        assert_eq!(
            shape("segments[Power].lead_time_years"),
            "segments.lead_time_years"
        );
        assert_eq!(shape("revenue.utilisation.value"), "revenue.utilisation");
        assert_eq!(shape("funding[Loan].kind.rate"), "funding.kind.rate");
    }

    #[test]
    fn the_longest_ending_wins_and_unknown_paths_have_none() {
        assert_eq!(
            field_help("funding[Loan].kind.rate"),
            HELP.iter()
                .find(|(e, _)| *e == "funding.kind.rate")
                .map(|(_, t)| *t)
        );
        assert_ne!(field_help("funding[Loan].name"), field_help("name"));
        assert_eq!(field_help("no_such_field"), None);
        // An ending matches whole steps only: `rate` is not the end of `learning_rate`.
        assert_eq!(
            field_help("segments[A].learning_rate"),
            field_help("segments.learning_rate")
        );
    }
}
