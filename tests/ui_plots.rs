//! The plot tabs in a headless egui (egui_kittest): every tab opens by its label and draws
//! frames — on the default scenario, on the template, and on edge cases (one period, no chain
//! links, no money, stale, empty outcome) — and its switches change the view state.

use buildout::engine::{Outcome, simulate};
use buildout::model::{Benchmark, Curve, DrawMeasure, Horizon, Period, Scenario};
use buildout::ui::command::Command;
use buildout::ui::plots::{AnalysisView, PlotTab, PlotsState, Resolution, plots_ui};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

struct Fixture {
    state: PlotsState,
    scenario: Scenario,
    outcome: Outcome,
    stale: bool,
    rect: Option<egui::Rect>,
}

fn harness_with(scenario: Scenario, outcome: Outcome, stale: bool) -> Harness<'static, Fixture> {
    Harness::builder()
        .with_size([1100.0, 720.0])
        .build_ui_state(
            |ui, f: &mut Fixture| {
                let mut commands = Vec::new();
                f.rect = plots_ui(
                    ui,
                    &mut f.state,
                    &f.scenario,
                    &f.outcome,
                    f.stale,
                    &AnalysisView::default(),
                    &mut commands,
                );
                // The tab bar asks for a tab as the app's other actions do; the app shows it.
                for c in commands {
                    if let Command::ShowPlotTab(t) = c {
                        f.state.tab = t;
                    }
                }
            },
            Fixture {
                state: PlotsState::default(),
                scenario,
                outcome,
                stale,
                rect: None,
            },
        )
}

fn harness(scenario: Scenario) -> Harness<'static, Fixture> {
    let outcome = simulate(&scenario);
    harness_with(scenario, outcome, false)
}

/// The template with demand and a benchmark that the plan breaches, so every tab has content.
fn rich() -> Scenario {
    let mut s = Scenario::template();
    s.demand_compute = Some(Curve::linear(&[(2025.0, 1e5), (2035.0, 5e6)]));
    s.benchmarks.push(Benchmark {
        name: "Global chip sales".to_owned(),
        value_usd: Curve::Constant(600e9),
        measure: DrawMeasure::Funding,
        limit_share: 0.1,
        notes: String::new(),
    });
    s
}

/// Opens every tab by its label and checks that it is selected and drew something: a plot
/// area, or for the tabs in `notes` a note saying why there is nothing to plot. The analysis
/// tabs always show a note here: this fixture has no background runs and one document (they
/// are tested in `ui_analysis`).
fn visit_every_tab(h: &mut Harness<'_, Fixture>, notes: &[PlotTab]) {
    let analysis = [PlotTab::Uncertainty, PlotTab::Sensitivity, PlotTab::Compare];
    for tab in PlotTab::ALL {
        h.get_by_label(tab.label()).click();
        h.run();
        assert_eq!(h.state().state.tab, tab, "clicking {:?}", tab.label());
        // A second frame after the selection settles (plot memory, linked axes).
        h.run_steps(2);
        let rect = h.state().rect.unwrap_or(egui::Rect::NOTHING);
        let min_height = if notes.contains(&tab) || analysis.contains(&tab) {
            10.0
        } else {
            300.0
        };
        assert!(
            rect.width() > 500.0 && rect.height() > min_height,
            "{}: {rect:?}",
            tab.label()
        );
        // Hovering the plot runs the read-out.
        h.hover_at(rect.center());
        h.run_steps(2);
    }
}

#[test]
fn every_tab_opens_on_the_default_scenario() {
    let s = buildout::io::default_scenario();
    let notes = if s.benchmarks.is_empty() {
        vec![PlotTab::Limits]
    } else {
        vec![]
    };
    let mut h = harness(s);
    visit_every_tab(&mut h, &notes);
}

#[test]
fn every_tab_opens_on_a_rich_template_in_both_themes() {
    let mut h = harness(rich());
    visit_every_tab(&mut h, &[]);
    let s = rich();
    let o = simulate(&s);
    let mut dark = Harness::builder()
        .with_size([1100.0, 720.0])
        .with_theme(egui::Theme::Dark)
        .build_ui_state(
            |ui, f: &mut Fixture| {
                let mut commands = Vec::new();
                f.rect = plots_ui(
                    ui,
                    &mut f.state,
                    &f.scenario,
                    &f.outcome,
                    f.stale,
                    &AnalysisView::default(),
                    &mut commands,
                );
                // The tab bar asks for a tab as the app's other actions do; the app shows it.
                for c in commands {
                    if let Command::ShowPlotTab(t) = c {
                        f.state.tab = t;
                    }
                }
            },
            Fixture {
                state: PlotsState::default(),
                scenario: s,
                outcome: o,
                stale: false,
                rect: None,
            },
        );
    visit_every_tab(&mut dark, &[]);
}

#[test]
fn legends_name_sources_and_segments() {
    let mut h = harness(rich());
    h.get_by_label("Capital by source").click();
    h.run();
    assert!(h.query_by_label("Equity").is_some(), "source legend entry");
    assert!(h.query_by_label("Treasury (end of period)").is_some());
    h.get_by_label("Segments").click();
    h.run();
    for name in ["Fabs", "Power", "Data centres"] {
        // The spend legend names the segment; the capacity legend adds its final capacity.
        assert!(
            h.query_by_label(name).is_some(),
            "{name} in the spend legend"
        );
        assert!(
            h.query_by_label_contains(&format!("{name} (100 % = "))
                .is_some(),
            "{name} in the capacity legend"
        );
    }
    h.get_by_label("Macro limits").click();
    h.run();
    // The plan draws $100B a year against $600B of chip sales: 16.7 % > 10 % in 2025–2029.
    assert!(
        h.query_by_label("Above the limit in 5 years").is_some(),
        "breaches named in the title"
    );
    assert!(h.query_by_label_contains("limit 10.0 %").is_some());
}

#[test]
fn switches_change_the_view_state() {
    let mut h = harness(rich());
    h.get_by_label("Fleet").click();
    h.run();
    assert_eq!(
        h.state().state.capacity,
        buildout::ui::plots::CapacityMeasure::Fleet
    );
    h.get_by_label("Power").click();
    h.run();
    assert_eq!(
        h.state().state.capacity,
        buildout::ui::plots::CapacityMeasure::Segment(1)
    );

    h.get_by_label("Capital by source").click();
    h.run();
    h.get_by_label("Per period, annualised").click();
    h.run();
    assert_eq!(h.state().state.resolution, Resolution::Period);
    h.get_by_label("Treasury").click();
    h.run();
    assert!(!h.state().state.sources.treasury);
    assert!(h.query_by_label("Treasury (end of period)").is_none());

    h.get_by_label("Segments").click();
    h.run();
    h.get_by_label("Own units").click();
    h.run();
    // One small plot per segment, titled with its unit.
    assert!(h.query_by_label("Fabs [wafers/month]").is_some());
    h.get_by_label("In service (dashed)").click();
    h.run();
    assert!(!h.state().state.segments.in_service);

    h.get_by_label("Unit cost").click();
    h.run();
    h.get_by_label("USD per unit").click();
    h.run();
    assert!(!h.state().state.unit_cost.normalised);
    assert!(h.query_by_label("Power [USD per MW]").is_some());

    h.get_by_label("Demand vs supply").click();
    h.run();
    assert!(h.state().state.demand.log, "log scale by default");
    h.get_by_label("Log scale").click();
    h.run();
    assert!(!h.state().state.demand.log);

    h.get_by_label("Macro limits").click();
    h.run();
    // The selector button, not the plot's title.
    h.get_by_role_and_label(Role::Button, "Global chip sales")
        .click();
    h.run();
    assert_eq!(h.state().state.limits.selected, Some(0));
}

#[test]
fn one_period_draws_every_tab() {
    let mut s = rich();
    s.horizon = Horizon {
        start_year: 2025,
        end_year: 2025,
        period: Period::Year,
    };
    let o = simulate(&s);
    assert_eq!(o.len(), 1);
    let mut h = harness_with(s, o, false);
    visit_every_tab(&mut h, &[]);
}

#[test]
fn a_chain_without_links_says_so() {
    let mut s = Scenario::template();
    s.chain.production.clear();
    s.chain.hosting.clear();
    let mut h = harness(s);
    visit_every_tab(&mut h, &[PlotTab::Binding, PlotTab::Limits]);
    h.get_by_label("Binding link").click();
    h.run();
    assert!(
        h.query_by_label_contains("The chain has no links")
            .is_some()
    );
}

#[test]
fn no_money_draws_every_tab() {
    let mut s = rich();
    for f in &mut s.funding {
        f.inflow_usd_per_year = Curve::Constant(0.0);
    }
    let o = simulate(&s);
    assert_eq!(o.kpis.committed_usd, 0.0);
    let mut h = harness_with(s, o, false);
    visit_every_tab(&mut h, &[]);
}

#[test]
fn quarterly_and_stale_plots_are_marked() {
    let mut s = rich();
    s.horizon.period = Period::Quarter;
    let o = simulate(&s);
    let mut h = harness_with(s, o, true);
    visit_every_tab(&mut h, &[]);
    assert!(h.query_by_label("Stale result").is_some());
}

#[test]
fn an_empty_outcome_draws_no_plot() {
    let mut h = harness_with(Scenario::template(), Outcome::default(), false);
    h.run();
    assert_eq!(h.state().rect, None);
    assert!(h.query_by_label_contains("Nothing to plot").is_some());
    // The tabs still switch.
    h.get_by_label("Unit cost").click();
    h.run();
    assert_eq!(h.state().state.tab, PlotTab::UnitCost);
}

#[test]
fn hovering_a_plot_reads_out_the_period_with_units() {
    let mut h = harness(rich());
    h.run();
    let rect = h.state().rect.unwrap_or(egui::Rect::NOTHING);
    h.hover_at(rect.center());
    h.run_steps(3);
    // The template runs 2025–2035 monthly: the middle of the plot is around 2030.
    let readout = h
        .query_by_label_contains("Funding drawn to date: $")
        .and_then(|n| n.value().or_else(|| n.accesskit_node().label()));
    let text = readout.unwrap_or_default();
    assert!(text.contains("Capital spent to date: $"), "{text}");
    assert!(text.contains("PFLOP/s"), "{text}");
    assert!(text.starts_with("20"), "period label first: {text}");
}

/// The sources-and-uses tab lists every source and use with its total, and the two totals are
/// the same amount: opening cash + funding + revenue = capital + opex + service + cash left.
#[test]
fn sources_and_uses_add_up_on_screen() {
    let s = buildout::io::default_scenario();
    let o = simulate(&s);
    let totals = buildout::money::SourcesAndUses::of(&s, &o);
    let mut h = harness(s.clone());
    h.get_by_label("Sources and uses").click();
    h.run();
    assert_eq!(h.state().state.tab, PlotTab::Money);
    let total = buildout::format::usd(totals.sources_usd());
    h.get_by_label(&format!("Total sources: {total}"));
    h.get_by_label(&format!("Total uses: {total}"));
    for f in &s.funding {
        assert!(
            h.query_by_label_contains(&format!("{}: $", f.name))
                .is_some(),
            "{} listed",
            f.name
        );
    }
    for g in &s.segments {
        assert!(
            h.query_by_label_contains(&format!("{}: $", g.name))
                .is_some(),
            "{} listed",
            g.name
        );
    }
    h.get_by_label(&format!(
        "Revenue: {}",
        buildout::format::usd(o.kpis.revenue_usd)
    ));
    h.get_by_label(&format!(
        "Treasury at end: {}",
        buildout::format::usd(o.kpis.treasury_end_usd)
    ));
}
