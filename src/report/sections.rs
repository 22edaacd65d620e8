//! The report's text sections: the header (name, description, horizon, date), the KPI table
//! and headline cards, the warnings, the assumptions with their cited sources, and the footer.

use std::fmt::Write as _;

use super::html::{Cell, Table, element, escape, link};
use super::{Report, ReportInput};
use crate::engine::optimal::is_optimal;
use crate::format::{KpiRow, kpi_rows};
use crate::model::{Allocation, Scenario, SourceRow, cited, source_rows};

/// A period's name in a sentence: `monthly`.
fn periods(s: &Scenario) -> &'static str {
    match s.horizon.periods_per_year() {
        12 => "monthly",
        4 => "quarterly",
        _ => "yearly",
    }
}

/// What the allocation is, in words.
fn allocation(s: &Scenario) -> String {
    match &s.allocation {
        Allocation::Shares(_) => "Shares: a share curve per segment".to_owned(),
        Allocation::Balanced { .. } => {
            "Balanced: each period's money goes to the links of the chain that are shortest"
                .to_owned()
        }
        Allocation::Optimal { .. } => format!(
            "Optimal: the schedule that maximises {}, solved as a linear programme",
            s.objective.label()
        ),
        Allocation::Schedule(_) => "Schedule: spend per segment set by hand".to_owned(),
    }
}

fn meta_row(out: &mut String, term: &str, value: &str) {
    let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(value));
}

/// The title block.
pub fn header(r: &Report<'_>) -> String {
    let input: &ReportInput<'_> = r.input;
    let s = input.scenario;
    let mut out = String::from("<header class=\"report\" id=\"summary\">");
    out.push_str(&element("p", "kicker", "Buildout scenario report"));
    let _ = write!(out, "<h1 id=\"scenario-name\">{}</h1>", escape(&s.name));
    if !s.description.is_empty() {
        let _ = write!(
            out,
            "<p class=\"description\" id=\"scenario-description\">{}</p>",
            escape(&s.description)
        );
    }
    out.push_str("<dl class=\"meta\">");
    let h = s.horizon;
    meta_row(
        &mut out,
        "Horizon",
        &format!(
            "{}–{}, {} periods ({} in all)",
            h.start_year,
            h.end_year,
            periods(s),
            h.len()
        ),
    );
    meta_row(&mut out, "Allocation", &allocation(s));
    meta_row(
        &mut out,
        "Uncertainty",
        &if s.uncertainty.is_empty() {
            "none: every number at its stated value".to_owned()
        } else {
            format!(
                "{} uncertain numbers; Monte Carlo with {} samples, seed {}{}",
                s.uncertainty.len(),
                input.samples.max(1),
                input.seed,
                if is_optimal(s) {
                    " (the optimal plan held fixed in every sample; the tornado re-optimises \
                     each bar)"
                } else {
                    ""
                }
            )
        },
    );
    if let Some(name) = input.file_name {
        meta_row(&mut out, "Scenario file", name);
    }
    meta_row(&mut out, "Report date", &input.date);
    out.push_str("</dl></header>");
    out
}

/// The headline cards and the full KPI table, as [`kpi_rows`] gives them.
pub fn kpis(r: &Report<'_>) -> String {
    let rows = kpi_rows(&r.reported, &r.outcome);
    let mut out = String::from("<section id=\"kpis\"><h2>Key figures</h2>");
    out.push_str(&element(
        "p",
        "lede",
        "The plan's headline figures over the whole horizon, with their units. A ⚠ marks a \
         breached limit or an obligation left unpaid.",
    ));
    out.push_str("<div class=\"cards\" id=\"kpi-cards\">");
    for k in rows.iter().filter(|k| k.headline) {
        let class = if k.warning { "card warning" } else { "card" };
        let _ = write!(
            out,
            "<div class=\"{class}\" title=\"{}\"><div class=\"label\">{}</div>\
             <div class=\"value\">{}</div></div>",
            escape(&k.detail),
            escape(&k.label),
            escape(&k.value)
        );
    }
    out.push_str("</div>");
    out.push_str(&kpi_table(&rows));
    out.push_str("</section>");
    out
}

/// The KPI table: label, value, warning mark and what it measures; rows in a run that measure
/// alike (each segment's capacity at the end of one year) share one cell of explanation.
fn kpi_table(rows: &[KpiRow]) -> String {
    let mut out = String::from(
        "<table id=\"kpi-table\" class=\"data\"><caption>Every KPI of the plan</caption>\
         <thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Value</th>\
         <th scope=\"col\"></th><th scope=\"col\">What it measures</th></tr></thead><tbody>",
    );
    for (i, k) in rows.iter().enumerate() {
        let class = if k.warning { " class=\"warning\"" } else { "" };
        let mark = if k.warning {
            "<span class=\"mark\" title=\"Warning\">⚠</span>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr{class}><td>{}</td><td class=\"num\">{}</td><td class=\"mark\">{mark}</td>",
            escape(&k.label),
            escape(&k.value)
        );
        if i == 0 || rows[i - 1].detail != k.detail {
            let span = rows[i..]
                .iter()
                .take_while(|r| r.detail == k.detail)
                .count();
            let rowspan = if span > 1 {
                format!(" rowspan=\"{span}\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<td class=\"detail\"{rowspan}>{}</td>",
                escape(&k.detail)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// One warning: `label: value — detail`.
fn warning_item(k: &KpiRow) -> String {
    format!(
        "<li><strong>{}</strong>: {} — {}</li>",
        escape(&k.label),
        escape(&k.value),
        escape(&k.detail)
    )
}

/// The KPI rows that warn, the scenario's validation issues and numbers that are not finite.
pub fn warnings(r: &Report<'_>) -> String {
    let rows = kpi_rows(&r.reported, &r.outcome);
    let mut items: Vec<String> = rows
        .iter()
        .filter(|k| k.warning)
        .map(warning_item)
        .collect();
    for i in &r.issues {
        items.push(format!(
            "<li><strong>Invalid value</strong> at <code>{}</code>: {}</li>",
            escape(&i.path),
            escape(&i.message)
        ));
    }
    if let Some(what) = r.outcome.first_non_finite() {
        items.push(format!(
            "<li><strong>Numbers out of range</strong>: {} is not a finite number</li>",
            escape(&what)
        ));
    }
    if items.is_empty() {
        return "<section id=\"warnings\" class=\"ok\"><strong>No warnings.</strong> The plan \
                pays its obligations, keeps within its macro limits and meets its demand."
            .to_owned();
    }
    format!(
        "<section id=\"warnings\" class=\"warnings\"><h2>Warnings ({})</h2><ul>{}</ul></section>",
        items.len(),
        items.join("")
    )
}

/// The text a scenario's citations are looked up in: its file, else its description and notes.
fn citing_text(r: &Report<'_>) -> String {
    if let Some(text) = r.input.file_text {
        return text.to_owned();
    }
    notes(r.input.scenario)
        .into_iter()
        .map(|(_, _, text)| text)
        .chain([r.input.scenario.description.as_str()])
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every note of the scenario: `(what, name, notes)`.
fn notes(s: &Scenario) -> Vec<(&'static str, &str, &str)> {
    let funding = s
        .funding
        .iter()
        .map(|f| ("Funding", f.name.as_str(), f.notes.as_str()));
    let segments = s
        .segments
        .iter()
        .map(|g| ("Segment", g.name.as_str(), g.notes.as_str()));
    let benchmarks = s
        .benchmarks
        .iter()
        .map(|b| ("Benchmark", b.name.as_str(), b.notes.as_str()));
    funding
        .chain(segments)
        .chain(benchmarks)
        .filter(|(_, _, n)| !n.trim().is_empty())
        .collect()
}

/// One cited row: its name, what it gives, the figure, who published it, and a link.
fn citation_cells(row: &SourceRow) -> Vec<Cell> {
    let recorded = |t: &str| !(t == "not recorded" || t == "—" || t.is_empty());
    let publication = if recorded(&row.title) {
        format!("{}, “{}”", row.publisher, row.title)
    } else {
        row.publisher.clone()
    };
    let source = match row.url() {
        Some(url) => format!("{} {}", escape(&publication), link(url, "link")),
        None => escape(&publication),
    };
    vec![
        Cell::text(&row.name),
        Cell::text(&row.parameter),
        Cell::text(row.figure_with_unit()),
        Cell::Html(source),
        Cell::text(&row.date),
        Cell::text(&row.grade),
    ]
}

/// The scenario's notes (its assumptions, each naming its sources) and the published figures
/// it cites, from `scenarios/SOURCES.md`.
pub fn assumptions(r: &Report<'_>) -> String {
    let s = r.input.scenario;
    let mut out = String::from("<section id=\"assumptions\"><h2>Assumptions and sources</h2>");
    out.push_str(&element(
        "p",
        "lede",
        "What each funding source, segment and benchmark of the scenario assumes, in its own \
         words, and the published figures it cites. Numbers not traced to a cited figure are \
         the scenario author's assumptions.",
    ));
    let notes = notes(s);
    if notes.is_empty() {
        out.push_str(&element("p", "note", "The scenario has no notes."));
    } else {
        let mut t = Table::new("assumption-notes", "Notes of the scenario").header(&[
            ("Part", false),
            ("Name", false),
            ("Assumptions", false),
        ]);
        for (what, name, text) in notes {
            t.row(
                "",
                vec![Cell::text(what), Cell::text(name), Cell::text(text)],
            );
        }
        out.push_str(&t.html());
    }
    let rows = source_rows();
    let text = citing_text(r);
    let cited = cited(&rows, &text);
    if cited.is_empty() {
        out.push_str(&element(
            "p",
            "note",
            "The scenario cites no row of scenarios/SOURCES.md.",
        ));
    } else {
        let mut t = Table::new(
            "sources",
            format!(
                "{} published figures cited by the scenario (rows of scenarios/SOURCES.md). \
                 Grades: A primary or official, B reputable press naming its source, C \
                 secondary copy",
                cited.len()
            ),
        )
        .header(&[
            ("Row", false),
            ("Parameter", false),
            ("Figure", false),
            ("Source", false),
            ("Date", false),
            ("Grade", false),
        ]);
        for row in cited {
            t.row("", citation_cells(row));
        }
        out.push_str(
            &t.html()
                .replacen("class=\"data\"", "class=\"data citations\"", 1),
        );
    }
    out.push_str("</section>");
    out
}

/// Who made the report, and how.
pub fn footer(r: &Report<'_>) -> String {
    format!(
        "<footer>Made by Buildout {} on {}. Every figure comes from the engine's simulation of \
         the scenario; the plots are drawn in this file, which loads nothing from the network.\
         </footer>",
        env!("CARGO_PKG_VERSION"),
        escape(&r.input.date)
    )
}
