//! The scenario editor (left panel): every field of a [`Scenario`], edited in place, with its
//! unit, and every validation [`Issue`] shown where it belongs.
//!
//! The editor only mutates the scenario; the app revalidates, resimulates and records undo
//! snapshots after it (so a drag is one undo step). [`EditorState`] holds view state only.
//!
//! Layout: one collapsible section per part of the scenario (all open at first), each in its
//! own module — `scenario` (name, horizon, treasury, KPI years), `funding`, `segments`,
//! `allocation`, `chain`, `outputs` (demand and revenue), `benchmarks` and `uncertainty`.
//! Lists are accordions (`list`): one element of each list is open at a time, the others show
//! a one-line summary. `curve/` (with its `table` and `plot`) is the curve editor used
//! for every curve. `fields` holds the shared rows and widgets, `units` how numbers are shown
//! and read, `names` the rename-on-Enter field, `row` the row context every row is drawn with
//! (issues by path, uncertain numbers, numbers put aside), `icons` the painted
//! icons (the window's only text font has no arrows, warning sign or emoji), `citations` the
//! rows of `scenarios/SOURCES.md` a note or description cites, shown under it.
//!
//! Any number can be made uncertain where it is: its context menu (right-click) offers "Make
//! uncertain…", which opens a distribution dialog (`uncertain`, sharing its fields with the
//! Uncertainty section through `distribution`); an uncertain number is tinted and followed by a
//! `~` whose hover text gives the distribution. The dialog's inputs are named
//! `Distribution kind`, `Distribution low`, … and its buttons `Apply`, `Cancel`, `Make certain`.
//!
//! A field whose path has an issue is drawn with a red frame and the message under it; a
//! section or list element shows a warning sign and the count of the issues inside it (also in
//! its accessible name: `Segments (3), 1 problem`); issues that are shown nowhere else are
//! listed at the end, so none is hidden.
//!
//! # Finding widgets (tests, screen readers)
//!
//! Every input has an accessible name, and names are unique on screen:
//! - a plain field is named by its visible label, e.g. `Capex per unit`, `Lead time`,
//!   `Start year`; labels that would repeat across sections say whose they are
//!   (`Scenario name`, `Segment name`, `Source notes`). Only the open element of a list shows
//!   its fields, so `Capex per unit` is the open segment's;
//! - a list element's toggle is `{Kind} {name}` (`Segment Fabs`, `Funding source Bonds`,
//!   `Share of Power`, `Benchmark Chip sales`, `Driver segments[Fabs].lead_time_years`), its
//!   buttons `Move segment Fabs up`, `Move segment Fabs down`, `Duplicate segment Fabs`,
//!   `Remove segment Fabs` (`source Bonds`, `share of Power`, `production link Fabs`, …);
//!   add buttons read `+ Add segment`, `+ Add funding source`, …;
//! - a curve's inputs carry the curve's title: `Inflow value`, `Inflow kind`,
//!   `Inflow point 2 year`, `Remove Inflow point 2`, `Add a point after Inflow point 2`; its
//!   plot is the figure `Inflow plot` (see [`plot_bounds`] for where its points are drawn);
//! - chain links: `Production segment 1`, `Accelerators per unit-year of Fabs`,
//!   `Hosting segment 1`, `Units per accelerator of Power`;
//! - an optional value is a checkbox (`Cap per year`) that names the number next to it (find
//!   the checkbox itself with its role).
//!
//! Names are committed on Enter (or when the field loses focus, or when assistive technology
//! sets the value): renaming a segment renames its allocation share, chain links and
//! uncertainty drivers too (see [`crate::model::Scenario::rename_segment`]).

mod allocation;
mod benchmarks;
mod chain;
mod citations;
mod curve;
mod distribution;
mod fields;
mod funding;
mod icons;
mod limits;
mod list;
mod names;
mod outputs;
mod row;
mod scenario;
mod segments;
mod uncertain;
mod uncertain_dialog;
mod uncertainty;

use std::collections::BTreeSet;

use egui::accesskit::Role;
use egui::{Button, ScrollArea, Ui, WidgetInfo};

pub use crate::format::units::{Unit, param_unit};
pub use curve::plot::{PLOT_HEIGHT, drag_target, plot_bounds};
pub use fields::{number_ui, parse_number};

use crate::model::{Allocation, Commitment, Issue, Revenue, Scenario};
use curve::CurveViews;
use icons::{disclosure_icon, warning_icon};
use names::NameEdits;
use row::{RowContext, Stash, count_ui, header_text, message_ui, problems};
use uncertain::Uncertain;
use uncertain_dialog::{UncertainDialog, dialog_ui, handle_request};

/// A collapsible section of the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Scenario,
    Funding,
    Segments,
    Allocation,
    Chain,
    Demand,
    Revenue,
    Benchmarks,
    Uncertainty,
}

impl Section {
    pub const ALL: [Self; 9] = [
        Self::Scenario,
        Self::Funding,
        Self::Segments,
        Self::Allocation,
        Self::Chain,
        Self::Demand,
        Self::Revenue,
        Self::Benchmarks,
        Self::Uncertainty,
    ];

    /// The header, e.g. `Segments (3)`.
    pub fn title(self, s: &Scenario) -> String {
        match self {
            Self::Scenario => "Scenario".to_owned(),
            Self::Funding => format!("Funding sources ({})", s.funding.len()),
            Self::Segments => format!("Segments ({})", s.segments.len()),
            Self::Allocation => "Allocation".to_owned(),
            Self::Chain => "Chain".to_owned(),
            Self::Demand => "Demand".to_owned(),
            Self::Revenue => "Revenue".to_owned(),
            Self::Benchmarks => format!("Benchmarks ({})", s.benchmarks.len()),
            Self::Uncertainty => format!("Uncertainty ({})", s.uncertainty.len()),
        }
    }

    /// The issue paths that belong to the section.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Self::Scenario => &[
                "version",
                "name",
                "description",
                "horizon",
                "initial_treasury_usd",
                "kpi_years",
            ],
            Self::Funding => &["funding"],
            Self::Segments => &["segments"],
            Self::Allocation => &["allocation"],
            Self::Chain => &["chain"],
            Self::Demand => &["demand_compute"],
            Self::Revenue => &["revenue"],
            Self::Benchmarks => &["benchmarks"],
            Self::Uncertainty => &["uncertainty"],
        }
    }
}

/// View state of the editor: open sections, the open element of each list, curve views,
/// names being typed, and values put aside when an optional field was switched off.
pub struct EditorState {
    /// Sections the user closed (all are open at first).
    pub closed: BTreeSet<Section>,
    /// The open funding source, segment, share, benchmark and uncertainty driver.
    pub selected_funding: Option<usize>,
    pub selected_segment: Option<usize>,
    pub selected_share: Option<usize>,
    pub selected_limit: Option<usize>,
    pub selected_benchmark: Option<usize>,
    pub selected_driver: Option<usize>,
    curves: CurveViews,
    names: NameEdits,
    numbers: Stash<f64>,
    revenue: Stash<Revenue>,
    allocations: Stash<Allocation>,
    commitments: Stash<Commitment>,
    /// Set by the window before each frame: the optimal plan of the scenario as it stands is
    /// solved, so that it can be applied as a schedule.
    pub plan_ready: bool,
    /// Asked by the allocation section: the window replaces the allocation by the solved
    /// plan's schedule (and clears this).
    pub apply_plan: bool,
    /// The distribution dialog of a number, while open.
    uncertain: Option<UncertainDialog>,
    /// This editor's own scroll position: each document (a newly opened file too) starts at
    /// the top of its editor and keeps its place when its tab is shown again.
    scroll: u64,
}

impl Default for EditorState {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self {
            closed: BTreeSet::new(),
            selected_funding: None,
            selected_segment: None,
            selected_share: None,
            selected_limit: None,
            selected_benchmark: None,
            selected_driver: None,
            curves: CurveViews::default(),
            names: NameEdits::default(),
            numbers: Stash::default(),
            revenue: Stash::default(),
            allocations: Stash::default(),
            commitments: Stash::default(),
            plan_ready: false,
            apply_plan: false,
            uncertain: None,
            scroll: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

impl EditorState {
    /// Keeps `a` for the policy picker, as a switch of policy does (switching back to its
    /// policy restores it).
    pub fn keep_allocation(&mut self, a: &Allocation) {
        self.allocations.put(a.policy().name(), a.clone());
    }

    /// Whether `section` is open.
    pub fn is_open(&self, section: Section) -> bool {
        !self.closed.contains(&section)
    }

    /// The path of the number whose distribution dialog is open.
    pub fn uncertain_dialog(&self) -> Option<&str> {
        self.uncertain.as_ref().map(|d| d.path.as_str())
    }
}

/// Edits every field of `scenario` in place; marks the fields named in `issues`.
pub fn editor_ui(ui: &mut Ui, state: &mut EditorState, scenario: &mut Scenario, issues: &[Issue]) {
    // Uncertainty follows its number: the fields change numbers in place, so compare.
    let before = (!scenario.uncertainty.is_empty()).then(|| scenario.clone());
    let uncertain = Uncertain::new(scenario);
    let cx = RowContext::new(issues)
        .with_uncertain(&uncertain)
        .with_numbers(std::mem::take(&mut state.numbers));
    ScrollArea::vertical()
        .id_salt(("editor-scroll", state.scroll))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            status_ui(ui, cx.len());
            for section in Section::ALL {
                section_ui(ui, state, &cx, section, scenario);
            }
            let rest: Vec<&Issue> = cx.unshown().collect();
            if !rest.is_empty() {
                ui.separator();
                ui.strong("Other problems");
                for i in rest {
                    message_ui(ui, &i.to_string());
                }
            }
        });
    state.numbers = cx.into_numbers();
    if let Some(request) = uncertain.take_request() {
        handle_request(request, &uncertain, &mut state.uncertain, scenario);
    }
    dialog_ui(ui.ctx(), &mut state.uncertain, &mut state.numbers, scenario);
    if let Some(before) = before
        && before != *scenario
    {
        crate::model::follow_edits(&before, scenario);
    }
}

/// One line: valid, or how many problems there are.
fn status_ui(ui: &mut Ui, count: usize) {
    if count == 0 {
        ui.weak("Valid: every change is simulated at once.");
    } else {
        ui.horizontal(|ui| {
            warning_icon(ui);
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{}: fix the fields marked in red.", problems(count)),
            );
        });
    }
}

/// A section header: a full-width toggle with an open/closed triangle, the title, and a
/// warning sign with the count of issues in the section. Named `{title}` or
/// `{title}, n problems`.
fn section_header_ui(ui: &mut Ui, title: &str, open: bool, count: usize) -> egui::Response {
    ui.horizontal(|ui| {
        disclosure_icon(ui, open);
        let text = header_text(ui, title, count).strong();
        let r = ui.add(Button::selectable(false, text).frame_when_inactive(false));
        let suffix = count_ui(ui, count);
        let name = format!("{title}{suffix}");
        r.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
        ui.ctx()
            .accesskit_node_builder(r.id, |node| node.set_expanded(open));
        r.on_hover_text(if open {
            "Close the section"
        } else {
            "Open the section"
        })
    })
    .inner
}

fn section_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    section: Section,
    s: &mut Scenario,
) {
    let prefixes = section.prefixes();
    let count = cx.count_under(prefixes);
    let open = state.is_open(section);
    let header = section_header_ui(ui, &section.title(s), open, count);
    if open {
        ui.indent(section, |ui| match section {
            Section::Scenario => scenario::scenario_ui(ui, cx, s),
            Section::Funding => funding::funding_ui(ui, state, cx, s),
            Section::Segments => segments::segments_ui(ui, state, cx, s),
            Section::Allocation => allocation::allocation_ui(ui, state, cx, s),
            Section::Chain => chain::chain_ui(ui, state, cx, s),
            Section::Demand => outputs::demand_ui(ui, state, cx, s),
            Section::Revenue => outputs::revenue_ui(ui, state, cx, s),
            Section::Benchmarks => benchmarks::benchmarks_ui(ui, state, cx, s),
            Section::Uncertainty => uncertainty::uncertainty_ui(ui, state, cx, s),
        });
    }
    if header.clicked() {
        if open {
            state.closed.insert(section);
        } else {
            state.closed.remove(&section);
        }
    }
    if !open {
        // Their count is in the header.
        cx.mark_under(prefixes);
    }
}
