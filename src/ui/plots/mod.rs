//! The plot tabs (centre of the window): one module per tab, each drawn by a `*_ui` function
//! from the [`Outcome`] alone.
//!
//! Plots read the outcome (and the scenario, for what it declares), never change them; what
//! the planner picks here — the tab, toggles, a selected series — lives in [`PlotsState`].
//! Time runs along x in years on every tab, linked across tabs and stacked plots (zoom one,
//! the others follow; double-click resets); hovering shows a read-out of the period under the
//! pointer with units. Colours are fixed per segment and per source (`palette`).
//!
//! - `capacity`: capacity against capital (two y axes)
//! - `sources`: funding drawn by source (stacked), treasury and debt
//! - `money`: sources and uses of money, totals that add up and the flows per year
//! - `segments`: spend and capacity per segment
//! - `binding`: which link of the chain binds, with production, room and fleet
//! - `unit_cost`: unit capex per segment (learning curves)
//! - `demand`: delivered compute against demand, idle output, stranded fleet
//! - `limits`: yearly draws as a share of each macro benchmark
//! - `uncertainty`: Monte Carlo fan chart of any series and a KPI's distribution
//! - `sensitivity`: tornado chart of a KPI over the uncertain numbers; goal seek
//! - `compare`: several open scenarios overlaid, their parameter diff and divergence years
//! - `runs`: the run bar (samples, seed, Run now, Cancel run, progress) of the analysis tabs
//! - `stats`: histogram bins for the distributions
//!
//! The analysis tabs read the document's background results ([`AnalysisView`]) and ask for
//! runs, cancels and dialogs with [`Command`]s; the tabs before them need only the outcome.
//! - `common`, `stacked`, `palette`: the time axis, formatters, stacking and colours they share
//! - [`series`]: the pure arithmetic behind them (cumulative sums, stacking, runs …), in the
//!   engine so that the HTML report draws the same numbers

mod binding;
mod capacity;
mod common;
mod compare;
mod demand;
mod limits;
mod money;
mod palette;
mod runs;
mod segments;
mod sensitivity;
mod sources;
mod stacked;
pub mod stats;
mod uncertainty;
mod unit_cost;

use egui::{Rect, RichText, Ui, UiBuilder};

use crate::engine::Outcome;
use crate::engine::optimal::{is_optimal, objective_unit};
use crate::model::Scenario;
use crate::ui::analysis::AnalysisState;
use crate::ui::command::Command;

pub use crate::engine::series;
pub use crate::ui::plot_tab::{PlotTab, TAB_ENV};
pub use capacity::Measure as CapacityMeasure;
pub use common::Resolution;
pub use compare::CompareView;
pub use demand::DemandView;
pub use limits::LimitsView;
pub use segments::SegmentsView;
pub use sources::SourcesView;
pub use uncertainty::UncertaintyView;
pub use unit_cost::UnitCostView;

/// Which plot tab is shown, and each tab's view settings. View state only: never saved in a
/// scenario.
#[derive(Default)]
pub struct PlotsState {
    pub tab: PlotTab,
    /// What the capacity tab draws on its right axis.
    pub capacity: CapacityMeasure,
    /// Flows per calendar year or per period (capital by source, spend per segment).
    pub resolution: Resolution,
    pub sources: SourcesView,
    pub segments: SegmentsView,
    pub demand: DemandView,
    pub unit_cost: UnitCostView,
    pub limits: LimitsView,
    pub uncertainty: UncertaintyView,
    pub compare: CompareView,
    /// The year a warning asked to see, marked on every time plot of its document.
    pub focus: Option<Focus>,
}

/// A calendar year marked on the time plots of one document, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus {
    /// The document it belongs to: another document's plots do not show it.
    pub doc: u64,
    pub year: i32,
    /// What the mark is about ("Demand first unmet: 2027").
    pub about: String,
}

/// One open document, as the Compare tab sees it.
pub struct OpenDoc<'a> {
    pub id: u64,
    /// The scenario's name.
    pub name: String,
    pub scenario: &'a Scenario,
    /// Its last valid outcome.
    pub outcome: Option<&'a Outcome>,
}

/// What the analysis tabs read besides the visible outcome.
#[derive(Default)]
pub struct AnalysisView<'a> {
    /// The visible document's background results.
    pub runs: Option<&'a AnalysisState>,
    /// Every open document, in tab order (Compare).
    pub docs: &'a [OpenDoc<'a>],
}

/// Draws the plot tabs; returns the screen rectangle of the visible plot (for PNG export).
/// `stale` dims the plots and marks them: `outcome` is the last valid one, not the current
/// scenario's. The analysis tabs read `analysis` and push what the person asks for (run,
/// cancel, settings, goal seek) to `commands`.
pub fn plots_ui(
    ui: &mut Ui,
    state: &mut PlotsState,
    scenario: &Scenario,
    outcome: &Outcome,
    stale: bool,
    analysis: &AnalysisView<'_>,
    commands: &mut Vec<Command>,
) -> Option<Rect> {
    // Plots fill the width they are given. If something above overflowed the panel to the
    // right (a row that did not wrap), that width is partly off screen: keep to what is visible.
    let mut area = ui.available_rect_before_wrap();
    area.max.x = area
        .max
        .x
        .min(ui.clip_rect().max.x - ui.spacing().item_spacing.x)
        .max(area.min.x);
    let inner = ui.scope_builder(UiBuilder::new().max_rect(area), |ui| {
        tabs_ui(ui, state, scenario, outcome, stale, analysis, commands)
    });
    inner.inner
}

fn tabs_ui(
    ui: &mut Ui,
    state: &mut PlotsState,
    scenario: &Scenario,
    outcome: &Outcome,
    stale: bool,
    analysis: &AnalysisView<'_>,
    commands: &mut Vec<Command>,
) -> Option<Rect> {
    let runs = analysis.runs;
    tab_bar_ui(ui, state.tab, stale, commands);
    // Every time plot marks the focused year (`common::mark_focus`) from this frame's value.
    common::set_focus(ui.ctx(), state.focus.as_ref().map(|f| f.year));
    if let Some(marked) =
        (state.focus.as_ref()).map(|f| format!("Marked: {} — {}", f.year, f.about))
    {
        ui.horizontal_wrapped(|ui| {
            let warn = ui.visuals().warn_fg_color;
            ui.label(RichText::new(marked).color(warn));
            if ui
                .small_button("Clear the mark")
                .on_hover_text("Remove the marked year from the plots")
                .clicked()
            {
                state.focus = None;
            }
        });
    }
    ui.horizontal_wrapped(|ui| match state.tab {
        PlotTab::Capacity => capacity::controls_ui(ui, &mut state.capacity, outcome),
        PlotTab::Sources => {
            common::resolution_ui(ui, &mut state.resolution);
            sources::controls_ui(ui, &mut state.sources);
        }
        PlotTab::Money => common::resolution_ui(ui, &mut state.resolution),
        PlotTab::Segments => {
            common::resolution_ui(ui, &mut state.resolution);
            segments::controls_ui(ui, &mut state.segments);
        }
        PlotTab::Binding => binding::controls_ui(ui),
        PlotTab::UnitCost => unit_cost::controls_ui(ui, &mut state.unit_cost, outcome),
        PlotTab::Demand => demand::controls_ui(ui, &mut state.demand, scenario),
        PlotTab::Limits => limits::controls_ui(ui, &mut state.limits, outcome),
        PlotTab::Uncertainty => {
            uncertainty::controls_ui(ui, &mut state.uncertainty, runs, outcome, commands);
        }
        PlotTab::Sensitivity => sensitivity::controls_ui(ui, runs, outcome, commands),
        PlotTab::Compare => {
            compare::controls_ui(ui, &mut state.compare, analysis.docs, outcome);
        }
    });
    if matches!(state.tab, PlotTab::Uncertainty | PlotTab::Sensitivity) {
        runs::fixed_bounds_ui(ui, scenario, commands);
    }
    if outcome.is_empty() {
        common::note_ui(ui, "Nothing to plot: the horizon has no periods.");
        return None;
    }
    let response = ui.scope(|ui| {
        // The plot area spans the width, also where a tab shows only a note.
        ui.set_min_width(ui.available_width());
        if stale {
            ui.multiply_opacity(0.4);
        }
        match state.tab {
            PlotTab::Capacity => capacity::capacity_ui(ui, state.capacity, outcome),
            PlotTab::Sources => {
                sources::sources_ui(ui, &state.sources, state.resolution, outcome);
            }
            PlotTab::Money => money::money_ui(ui, state.resolution, scenario, outcome),
            PlotTab::Segments => {
                segments::segments_ui(ui, &state.segments, state.resolution, outcome);
            }
            PlotTab::Binding => {
                let strip = runs.and_then(|r| {
                    let o = r.optimum.result()?;
                    Some(binding::MarginalStrip {
                        m: &o.plan.marginal,
                        objective: o.plan.objective,
                        unit: objective_unit(scenario, o.plan.objective),
                        own: is_optimal(scenario),
                        stale: r.optimum.is_for_earlier_scenario(),
                    })
                });
                binding::binding_ui(ui, outcome, strip.as_ref());
            }
            PlotTab::UnitCost => unit_cost::unit_cost_ui(ui, &state.unit_cost, outcome),
            PlotTab::Demand => demand::demand_ui(ui, &state.demand, scenario, outcome),
            PlotTab::Limits => limits::limits_ui(ui, &state.limits, outcome),
            PlotTab::Uncertainty => {
                uncertainty::uncertainty_ui(ui, &mut state.uncertainty, runs, scenario, outcome);
            }
            PlotTab::Sensitivity => sensitivity::sensitivity_ui(ui, runs, scenario, outcome),
            PlotTab::Compare => compare::compare_ui(ui, &mut state.compare, analysis.docs),
        }
    });
    Some(response.response.rect)
}

/// The row of tab buttons, with a marker when the plots are stale.
/// The tab bar; a tab clicked is asked for as [`Command::ShowPlotTab`], like every action.
fn tab_bar_ui(ui: &mut Ui, tab: PlotTab, stale: bool, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        for t in PlotTab::ALL {
            if ui
                .selectable_label(tab == t, t.label())
                .on_hover_text(t.description())
                .clicked()
            {
                commands.push(Command::ShowPlotTab(t));
            }
        }
        if stale {
            ui.separator();
            // Plain text: egui's default fonts have no ⚠ glyph.
            ui.label(RichText::new("Stale result").color(ui.visuals().warn_fg_color))
                .on_hover_text(
                    "These plots show an earlier result: the scenario has invalid values, or \
                     its optimal plan is being solved (see above)",
                );
        }
    });
}
