//! The HTML report (issue 12, item 1): one self-contained file with the KPI table, the
//! warnings, every plot as inline SVG, the uncertainty analyses where there are drivers, the
//! gap to the optimum, an `Optimal` scenario's schedule, and the cited sources — escaped,
//! well formed, with finite coordinates, loading nothing.
//!
//! Scenarios run yearly and with few samples here, so that the optimiser and Monte Carlo stay
//! quick in a debug build; the shipped monthly scenario is checked in a real browser by
//! `tests/report_chromium.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use buildout::engine::montecarlo::{FAN_PERCENTILES, FanSeries, McResult, McSettings, monte_carlo};
use buildout::engine::optimal::{Options, optimise};
use buildout::format::{KpiRow, kpi_rows, usd, value_with_unit};
use buildout::io;
use buildout::model::{Allocation, Objective, Period, Scenario, cited, source_rows};
use buildout::report::html::escape;
use buildout::report::{ReportInput, build, render};

const DATE: &str = "2025-06-30";
const SAMPLES: usize = 40;

fn shipped_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.ron"));
    std::fs::read_to_string(path).unwrap()
}

/// The default scenario with yearly periods.
fn yearly() -> Scenario {
    let mut s = io::parse(&shipped_text("accelerated-7t"), "accelerated-7t.ron").unwrap();
    s.horizon.period = Period::Year;
    s
}

fn input(s: &Scenario) -> ReportInput<'_> {
    let mut i = ReportInput::new(s, DATE);
    i.samples = SAMPLES;
    i
}

/// The report of the yearly default scenario, what it was made from, built once.
struct Fixture {
    scenario: Scenario,
    html: String,
    rows: Vec<KpiRow>,
    mc: McResult,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let scenario = yearly();
        let text = shipped_text("accelerated-7t");
        let mut i = input(&scenario);
        i.file_text = Some(&text);
        let r = build(&i);
        let html = r.html();
        let rows = kpi_rows(&r.reported, &r.outcome);
        let mc = r.uncertainty.unwrap().mc.unwrap();
        Fixture {
            html,
            rows,
            mc,
            scenario: scenario.clone(),
        }
    })
}

/// The element that starts with `start` (e.g. `<table id="kpi-table"`), to its closing tag.
fn element<'h>(html: &'h str, start: &str, close: &str) -> &'h str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the report"));
    let end = html[at..].find(close).unwrap() + close.len();
    &html[at..at + end]
}

#[test]
fn the_kpi_table_holds_every_kpi_row_with_its_value_and_mark() {
    let f = fixture();
    let table = element(&f.html, "<table id=\"kpi-table\"", "</table>");
    assert_eq!(
        table.matches("<tr").count(),
        f.rows.len() + 1,
        "one row per KPI and the header"
    );
    assert!(f.rows.iter().any(|k| k.warning), "the default plan warns");
    // Rows in a run that measure alike share one cell of explanation.
    let groups = (0..f.rows.len())
        .filter(|&i| i == 0 || f.rows[i - 1].detail != f.rows[i].detail)
        .count();
    assert_eq!(table.matches("<td class=\"detail\"").count(), groups);
    assert!(groups < f.rows.len());
    for (i, k) in f.rows.iter().enumerate() {
        let cells = format!(
            "<td>{}</td><td class=\"num\">{}</td>",
            escape(&k.label),
            escape(&k.value)
        );
        let at = table
            .find(&cells)
            .unwrap_or_else(|| panic!("{} = {} missing", k.label, k.value));
        let row_start = table[..at].rfind("<tr").unwrap();
        let row = &table[row_start..at + table[at..].find("</tr>").unwrap()];
        assert_eq!(
            row.starts_with("<tr class=\"warning\">"),
            k.warning,
            "{}",
            k.label
        );
        assert_eq!(row.contains('⚠'), k.warning, "{}", k.label);
        let shared = i > 0 && f.rows[i - 1].detail == k.detail;
        assert_eq!(
            row.contains(&format!("{}</td>", escape(&k.detail))),
            !shared,
            "{}: detail",
            k.label
        );
    }
    // Every warning is listed in the warnings section too.
    let warnings = element(&f.html, "<section id=\"warnings\"", "</section>");
    for k in f.rows.iter().filter(|k| k.warning) {
        assert!(
            warnings.contains(&format!("<strong>{}</strong>", escape(&k.label))),
            "{}",
            k.label
        );
    }
}

#[test]
fn every_plot_is_an_inline_svg_with_its_title() {
    let f = fixture();
    let mut plots = vec![
        ("chart-capacity", "Capacity against capital".to_owned()),
        ("chart-sources", "Capital by source".to_owned()),
        ("chart-sources-uses", "Sources and uses".to_owned()),
        ("chart-binding", "Binding link".to_owned()),
        ("chart-demand", "Demand against supply".to_owned()),
        (
            "chart-fan",
            "Delivered compute under uncertainty".to_owned(),
        ),
        (
            "chart-tornado",
            "Tornado: Delivered compute at end".to_owned(),
        ),
    ];
    let ids: Vec<String> = (0..f.scenario.benchmarks.len())
        .map(|k| format!("chart-limits-{k}"))
        .collect();
    assert!(ids.len() >= 2, "the default scenario has benchmarks");
    for (id, b) in ids.iter().zip(&f.scenario.benchmarks) {
        plots.push((id, format!("Macro limit: {}", b.name)));
    }
    for (id, title) in &plots {
        let svg = element(&f.html, &format!("<svg id=\"{id}\""), "</svg>");
        assert!(
            svg.contains(&format!(
                "<title id=\"{id}-title\">{}</title>",
                escape(title)
            )),
            "{id}: title"
        );
        assert!(svg.contains("class=\"legend\""), "{id}: legend");
        assert!(svg.contains("class=\"ticks\""), "{id}: ticks");
        assert!(
            svg.matches("<text").count() >= 6,
            "{id}: tick labels and title"
        );
        assert!(
            svg.contains("<polyline") || svg.contains("<rect x"),
            "{id}: marks"
        );
    }
    assert_eq!(f.html.matches("<svg").count(), plots.len());
    assert_eq!(
        f.html.matches("<svg").count(),
        f.html.matches("</svg>").count()
    );
    // Units on the axes, formatted as the window formats ticks.
    let capacity = element(&f.html, "<svg id=\"chart-capacity\"", "</svg>");
    assert!(capacity.contains("Capital, cumulative [$]"));
    assert!(capacity.contains("Delivered compute [PFLOP/s]"));
    assert!(
        capacity.contains(">$0</text>") && capacity.contains("T</text>"),
        "USD ticks"
    );
    let limits = element(&f.html, "<svg id=\"chart-limits-0\"", "</svg>");
    assert!(limits.contains(" %</text>"), "percent ticks");
}

#[test]
fn nothing_is_loaded_from_anywhere() {
    let html = &fixture().html;
    for asset in [
        "<script", "<link", " src=", "@import", "url(http", "<img", "<iframe",
    ] {
        assert!(!html.contains(asset), "{asset}");
    }
    // Addresses appear only as the targets of plain links.
    let mut rest = html.as_str();
    let mut links = 0;
    let mut outside = String::new();
    while let Some(at) = rest.find("<a href=\"") {
        outside.push_str(&rest[..at]);
        let after = &rest[at + 9..];
        let end = after.find('"').unwrap();
        assert!(after[..end].starts_with("https://"), "{}", &after[..end]);
        links += 1;
        rest = &after[end..];
    }
    outside.push_str(rest);
    assert!(links > 5, "the cited sources link their publications");
    assert!(!outside.contains("http"), "an address outside a link");
}

#[test]
fn text_from_the_scenario_is_escaped() {
    let mut s = yearly();
    s.name = r#"Plan <b>&"x"</b>"#.to_owned();
    s.description = "Costs < $1T & more".to_owned();
    s.funding[0].name = "Funds <i>".to_owned();
    s.uncertainty.clear();
    let html = render(&input(&s));
    assert!(!html.contains("<b>") && !html.contains("<i>"));
    assert!(
        html.contains("<h1 id=\"scenario-name\">Plan &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</h1>")
    );
    assert!(
        html.contains(
            "<title>Plan &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt; — Buildout report</title>"
        )
    );
    assert!(html.contains("Costs &lt; $1T &amp; more"));
    assert!(html.contains("Funds &lt;i&gt;"));
    well_formed(&html);
}

#[test]
fn the_uncertainty_section_is_there_only_with_drivers_and_states_monte_carlo() {
    let f = fixture();
    // The report ran the samples and seed it was given.
    let settings = McSettings {
        samples: SAMPLES,
        seed: 1,
        first_sample: 0,
        reoptimise: false,
    };
    let fan = FanSeries::Named(vec!["delivered compute".to_owned()]);
    let again = monte_carlo(
        &f.scenario,
        settings,
        &fan,
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(f.mc, again);
    let table = element(&f.html, "<table id=\"kpi-percentiles\"", "</table>");
    for (k, meta) in f.mc.kpis.iter().enumerate() {
        let cells: String =
            f.mc.kpi_percentiles(k, &FAN_PERCENTILES)
                .iter()
                .map(|v| {
                    let text = if v.is_finite() {
                        value_with_unit(*v, &meta.unit)
                    } else {
                        "—".to_owned()
                    };
                    format!("<td class=\"num\">{}</td>", escape(&text))
                })
                .collect();
        let row = format!("<tr><td>{}</td>{cells}", escape(&meta.label));
        assert!(table.contains(&row), "{}: {row}", meta.label);
    }
    assert!(f.html.contains("<section id=\"uncertainty\">"));
    // A tornado end with no optimal plan reads so; no number is ever written as NaN.
    assert!(!f.html.contains("NaN"), "NaN in the report");

    let mut s = yearly();
    s.uncertainty.clear();
    let html = render(&input(&s));
    for gone in [
        "<section id=\"uncertainty\"",
        "<svg id=\"chart-fan\"",
        "<table id=\"kpi-percentiles\"",
        "<svg id=\"chart-tornado\"",
    ] {
        assert!(!html.contains(gone), "{gone} without drivers");
    }
    assert!(html.contains("<svg id=\"chart-capacity\""));
}

#[test]
fn an_optimal_scenario_shows_its_schedule_and_marginal_values() {
    let mut s = yearly();
    s.allocation = Allocation::Optimal {
        fixed: Vec::new(),
        limits: Vec::new(),
    };
    s.uncertainty.clear();
    let html = render(&input(&s));
    let plan = optimise(&s, &Options::default()).unwrap();
    let table = element(&html, "<table id=\"schedule\"", "</table>");
    for y in 0..s.horizon.years() {
        let spend: Vec<f64> = plan.spend_usd.iter().map(|v| v[y]).collect();
        let cells: String = spend
            .iter()
            .chain([&spend.iter().sum::<f64>()])
            .map(|v| format!("<td class=\"num\">{}</td>", usd(*v)))
            .collect();
        let row = format!(
            "<tr><td>{}</td>{cells}</tr>",
            s.horizon.start_year + y as i32
        );
        assert!(table.contains(&row), "{row}");
    }
    let marginal = element(&html, "<table id=\"marginal-values\"", "</table>");
    assert_eq!(
        marginal.matches("<tr").count(),
        plan.marginal.years.len() + 1
    );
    let gap = element(&html, "<table id=\"optimum-gap\"", "</table>");
    assert!(gap.contains("the scenario&#39;s allocation is the optimal plan"));

    // Any other allocation states the share of the optimum it reaches.
    let mut b = yearly();
    b.set_policy(buildout::model::Policy::Balanced);
    b.uncertainty.clear();
    let html = render(&input(&b));
    let gap = element(&html, "<table id=\"optimum-gap\"", "</table>");
    assert!(gap.contains(" % of the optimum</td>"), "{gap}");
    assert!(!html.contains("<table id=\"schedule\""));
}

#[test]
fn a_plan_the_solver_cannot_find_is_reported_not_a_panic() {
    let mut s = yearly();
    s.objective = Objective::UnmetDemand;
    s.demand_compute = None;
    s.uncertainty.clear();
    let html = render(&input(&s));
    let gap = element(&html, "<p class=\"warnings\" id=\"optimum-gap\"", "</p>");
    assert!(gap.contains("No optimal plan"), "{gap}");
    assert!(gap.contains("needs a demand curve"), "{gap}");
    well_formed(&html);
}

#[test]
fn the_cited_sources_are_listed_with_their_links() {
    let f = fixture();
    let rows = source_rows();
    let text = shipped_text("accelerated-7t");
    let wanted = cited(&rows, &text);
    assert!(wanted.len() > 20);
    let table = element(&f.html, "<table id=\"sources\"", "</table>");
    assert_eq!(table.matches("<tr>").count(), wanted.len() + 1);
    for r in wanted {
        assert!(
            table.contains(&format!("<td>{}</td>", escape(&r.name))),
            "{}",
            r.name
        );
        if let Some(url) = r.url() {
            assert!(
                table.contains(&format!("<a href=\"{}\"", escape(url))),
                "{url}"
            );
        }
    }
}

/// Every number in an SVG attribute is finite, and no `NaN` or infinity is written anywhere.
#[test]
fn svg_coordinates_are_finite() {
    let html = &fixture().html;
    assert!(!html.contains("NaN"));
    assert!(!html.contains("inf\"") && !html.contains("inf,") && !html.contains("inf "));
    let mut numbers = 0;
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for attr in [
            "x", "y", "width", "height", "x1", "y1", "x2", "y2", "points", "viewBox",
        ] {
            let key = format!(" {attr}=\"");
            let mut rest = svg;
            while let Some(at) = rest.find(&key) {
                let after = &rest[at + key.len()..];
                let end = after.find('"').unwrap();
                for token in after[..end].split([' ', ',']).filter(|t| !t.is_empty()) {
                    let v: f64 = token
                        .parse()
                        .unwrap_or_else(|_| panic!("{attr}={token:?} is not a number"));
                    assert!(v.is_finite(), "{attr}={token}");
                    numbers += 1;
                }
                rest = &after[end..];
            }
        }
    }
    assert!(numbers > 1000, "{numbers} numbers checked");
}

/// Tags open and close in order (void elements aside); the style sheet holds no markup.
fn well_formed(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let void = ["meta", "br"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html.trim_start_matches("<!DOCTYPE html>");
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').expect("an unclosed tag");
        let inner = &tag[..end];
        rest = &tag[end + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            let top = open
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name = inner
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "a stray < before {:?}",
            &inner[..inner.len().min(40)]
        );
        if inner.ends_with('/') || void.contains(&name) {
            continue;
        }
        if name == "style" {
            let close = rest.find("</style>").unwrap();
            assert!(!rest[..close].contains('<'));
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        open.push(name);
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

#[test]
fn the_document_is_well_formed() {
    well_formed(&fixture().html);
}

#[test]
fn a_report_is_written_atomically_and_dated() {
    let s = {
        let mut s = yearly();
        s.uncertainty.clear();
        s
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.html");
    std::fs::write(&path, "old").unwrap();
    let i = input(&s);
    io::write_report(&path, &i).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), render(&i));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
    let today = io::today_utc();
    let b = today.as_bytes();
    assert!(
        today.len() == 10 && b[4] == b'-' && b[7] == b'-' && today.as_str() > "2025-01-01",
        "{today}"
    );
    assert!(render(&i).contains(&format!("<dd>{DATE}</dd>")));
}

#[test]
fn buildout_report_writes_the_file_and_checks_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.html");
    let out_text = out.to_str().unwrap();
    let buildout = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_buildout"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let file = "scenarios/baseline.ron";
    let power = "segments[Power].lead_time_years=5 years";
    let ok = buildout(&[
        "report",
        file,
        "-o",
        out_text,
        "--samples",
        "20",
        "--set",
        power,
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("wrote "));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("--set segments[Power].lead_time_years"));
    let html = std::fs::read_to_string(&out).unwrap();
    let s = io::parse(&shipped_text("baseline"), file).unwrap();
    assert!(html.contains(&format!(
        "<h1 id=\"scenario-name\">{}</h1>",
        escape(&s.name)
    )));
    assert!(html.contains(&format!("<dd>{file}</dd>")));
    assert!(html.contains(&format!("<dd>{}</dd>", io::today_utc())));
    if !s.uncertainty.is_empty() {
        assert!(html.contains("Monte Carlo with 20 samples, seed 1"));
    }
    well_formed(&html);

    let none = dir.path().join("none.html");
    let none_text = none.to_str().unwrap();
    let zero = buildout(&["report", file, "-o", none_text, "--samples", "0"]);
    assert_eq!(zero.status.code(), Some(2));
    let unknown = buildout(&[
        "report",
        file,
        "-o",
        none_text,
        "--set",
        "segments[Nope].lead_time_years=5",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(!none.exists(), "nothing written on an error");
}
