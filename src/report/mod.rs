//! The report: one self-contained HTML5 file that shows a scenario to people who do not run
//! Buildout — opened in any browser, printed, or mailed on.
//!
//! It owns what the report holds and in what order: the scenario's name, description,
//! horizon and date; the KPI table with units and warning marks, exactly as
//! [`crate::format::kpi_rows`] gives it; the warnings; the plots of the plan over time (capacity
//! against capital, capital by source, sources and uses, the binding link, demand against
//! supply, macro limits); where the scenario has uncertainty drivers, the fan chart of delivered
//! compute, the KPI percentiles and the tornado of compute at the end; for every scenario its
//! allocation's gap to the optimum, and for an `Optimal` one its schedule and marginal values;
//! the assumptions with their cited sources.
//!
//! Nothing is loaded from anywhere: the style sheet is inline, every plot is an inline `<svg>`
//! drawn here ([`svg`]), without egui, so the CLI-only build writes reports; links to cited
//! publications are plain `<a href>` (a link is not an asset). Every text from the scenario is
//! escaped ([`html::escape`]).
//!
//! Pure: no I/O and no clock — the date and the Monte Carlo settings come in [`ReportInput`]
//! (`crate::io::write_report` writes the file). [`build`] computes everything the report shows
//! ([`Report`], for tests to compare with), [`Report::html`] writes it; [`render`] does both.
//!
//! - [`svg`]: the chart writer (axes, ticks, legend, lines, bands, bars);
//! - [`html`]: escaping, tables, the style sheet;
//! - `charts`: the plots of an outcome;
//! - `analysis`: uncertainty (fan chart, percentiles, tornado) and the optimum (gap, schedule,
//!   marginal values);
//! - `sections`: the header, the KPI table, the warnings and the assumptions.

mod analysis;
mod charts;
pub mod html;
mod sections;
pub mod svg;

use std::sync::atomic::{AtomicBool, AtomicUsize};

use crate::engine::metrics::AnalysisError;
use crate::engine::montecarlo::{FanSeries, McError, McResult, McSettings, monte_carlo};
use crate::engine::optimal::{Gap, OptimalError, Options, Plan, is_optimal, optimise};
use crate::engine::sensitivity::{Tornado, tornado};
use crate::engine::{ColumnId, Outcome, simulate};
use crate::model::{Issue, Scenario, validate};

/// Monte Carlo samples of a report, unless asked otherwise.
pub const DEFAULT_SAMPLES: usize = 1000;
/// The Monte Carlo seed of a report, unless asked otherwise.
pub const DEFAULT_SEED: u64 = 1;
/// The KPI of the report's tornado: delivered compute at the end of the horizon.
pub const TORNADO_METRIC: &str = "compute_end";

/// What a report is made from.
#[derive(Clone, Debug)]
pub struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    /// The scenario file's text, where the cited sources are looked up (comments cite them
    /// too); without it, the scenario's description and notes.
    pub file_text: Option<&'a str>,
    /// The file's name as the reader should see it (`accelerated-7t.ron`), if any.
    pub file_name: Option<&'a str>,
    /// The date of the report, `YYYY-MM-DD` (the caller's today; fixed in tests).
    pub date: String,
    /// Monte Carlo samples (at least 1 is run).
    pub samples: usize,
    pub seed: u64,
}

impl<'a> ReportInput<'a> {
    /// A report of `scenario` dated `date`, with the default Monte Carlo settings.
    pub fn new(scenario: &'a Scenario, date: impl Into<String>) -> Self {
        Self {
            scenario,
            file_text: None,
            file_name: None,
            date: date.into(),
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
        }
    }
}

/// The uncertainty analyses of a scenario with drivers.
#[derive(Debug)]
pub struct Uncertainty {
    /// Monte Carlo, keeping delivered compute per year for the fan chart.
    pub mc: Result<McResult, McError>,
    /// The tornado of [`TORNADO_METRIC`].
    pub tornado: Result<Tornado, AnalysisError>,
}

/// Everything a report shows, computed.
#[derive(Debug)]
pub struct Report<'a> {
    pub input: &'a ReportInput<'a>,
    /// What is validated against the model's rules; shown as warnings.
    pub issues: Vec<Issue>,
    /// The optimal plan of the scenario (the gap, and an `Optimal` scenario's schedule).
    pub plan: Result<Plan, OptimalError>,
    /// The scenario the outcome is of: an `Optimal` one with its plan as the schedule, else
    /// the scenario itself.
    pub reported: Scenario,
    pub outcome: Outcome,
    pub gap: Option<Gap>,
    /// `None` when the scenario has no uncertainty drivers.
    pub uncertainty: Option<Uncertainty>,
}

/// Computes what the report of `input` shows: the optimal plan, the reported outcome (an
/// `Optimal` scenario's plan simulated, as `buildout run` does), the gap and, with drivers,
/// Monte Carlo and the tornado of the reported scenario.
pub fn build<'a>(input: &'a ReportInput<'a>) -> Report<'a> {
    let s = input.scenario;
    let issues = validate(s);
    let plan = optimise(s, &Options::default());
    let reported = match &plan {
        Ok(p) if is_optimal(s) => p.apply(s),
        _ => s.clone(),
    };
    let outcome = simulate(&reported);
    // An `Optimal` scenario's outcome is already its plan's.
    let gap = plan.as_ref().ok().map(|p| {
        if is_optimal(s) {
            Gap::between(s, p.objective, &outcome, &outcome)
        } else {
            Gap::of(s, p, &outcome)
        }
    });
    let uncertainty = (!s.uncertainty.is_empty()).then(|| {
        let fan = FanSeries::Named(vec![outcome.column(ColumnId::Compute).name]);
        let settings = McSettings {
            samples: input.samples.max(1),
            seed: input.seed,
            first_sample: 0,
            reoptimise: false,
        };
        let (progress, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
        // Monte Carlo of the reported scenario holds an optimal plan fixed, as the engine's
        // `montecarlo` does, without solving it again; the tornado re-optimises each bar.
        Uncertainty {
            mc: monte_carlo(&reported, settings, &fan, &progress, &cancel),
            tornado: tornado(s, TORNADO_METRIC),
        }
    });
    Report {
        input,
        issues,
        plan,
        reported,
        outcome,
        gap,
        uncertainty,
    }
}

/// The report of `input` as one HTML5 document.
pub fn render(input: &ReportInput<'_>) -> String {
    build(input).html()
}

impl Report<'_> {
    /// The report as one self-contained HTML5 document.
    pub fn html(&self) -> String {
        let title = format!("{} — Buildout report", self.input.scenario.name);
        let mut body = vec![
            sections::header(self),
            sections::kpis(self),
            sections::warnings(self),
            charts::plan_over_time(self.input.scenario, &self.outcome),
        ];
        if let Some(u) = &self.uncertainty {
            body.push(analysis::uncertainty(self, u));
        }
        body.push(analysis::optimum(self));
        body.push(sections::assumptions(self));
        body.push(sections::footer(self));
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"Buildout {}\">\n<title>{}</title>\n\
             <style>{}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            html::escape(&title),
            html::STYLE,
            body.join("\n")
        )
    }
}

/// `YYYY-MM-DD` of the day `days` after 1970-01-01 (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
pub fn date_from_unix_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_civil_dates() {
        assert_eq!(date_from_unix_days(0), "1970-01-01");
        assert_eq!(date_from_unix_days(-1), "1969-12-31");
        // 2000-02-29, a leap day of a year divisible by 400.
        assert_eq!(date_from_unix_days(11_016), "2000-02-29");
        assert_eq!(date_from_unix_days(11_017), "2000-03-01");
        // 2024-12-31 = 20088 days; 2100 is not a leap year.
        assert_eq!(date_from_unix_days(20_088), "2024-12-31");
        assert_eq!(date_from_unix_days(47_541), "2100-03-01");
        assert_eq!(date_from_unix_days(47_540), "2100-02-28");
    }
}
