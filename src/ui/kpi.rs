//! The KPI strip: the headline KPIs as cards (caption above value), every warning (breached
//! limits, unpaid obligations) as a button that opens the tab it is about with its year marked
//! on the plots, the warnings that restate the scenario's own supply caps folded into one count
//! — unless an edit made them new or changed them since the file was opened or saved — and the
//! full list one click away.

use std::collections::BTreeSet;

use egui::{RichText, Ui, vec2};

use crate::engine::Outcome;
use crate::engine::optimal::objective_unit;
use crate::format::{KpiRow, KpiTopic, gap_text, kpi_rows};
use crate::model::Scenario;
use crate::ui::analysis::{Optimum, Slot, Status};
use crate::ui::command::Command;
use crate::ui::plot_tab::PlotTab;

const CARD_WIDTH: f32 = 150.0;

/// The tab a warning about `topic` leads to.
fn tab_of(topic: KpiTopic) -> PlotTab {
    match topic {
        KpiTopic::Money => PlotTab::Sources,
        KpiTopic::SupplyCap(_) => PlotTab::Segments,
        KpiTopic::Demand => PlotTab::Demand,
        KpiTopic::Benchmark(_) => PlotTab::Limits,
    }
}

/// What a supply-cap warning says, to tell whether an edit changed it.
pub fn cap_warning_text(row: &KpiRow) -> String {
    format!("{}: {}", row.label, row.value)
}

/// The supply-cap warnings of `rows` (as [`cap_warning_text`]): what a document remembers
/// of the file as opened or saved.
pub fn cap_warnings(rows: &[KpiRow]) -> BTreeSet<String> {
    rows.iter()
        .filter(|r| r.warning && matches!(r.topic, Some(KpiTopic::SupplyCap(_))))
        .map(cap_warning_text)
        .collect()
}

/// The warnings shown one by one and the supply caps folded into a count: a cap warning
/// folds only while it says what it said in `known` (the file as opened or saved).
pub fn split_warnings<'r>(
    rows: &'r [KpiRow],
    known: Option<&BTreeSet<String>>,
) -> (Vec<&'r KpiRow>, Vec<&'r KpiRow>) {
    let (caps, mut shown): (Vec<&KpiRow>, Vec<&KpiRow>) = rows
        .iter()
        .filter(|r| r.warning)
        .partition(|r| matches!(r.topic, Some(KpiTopic::SupplyCap(_))));
    let (folded, changed): (Vec<&KpiRow>, Vec<&KpiRow>) = caps
        .into_iter()
        .partition(|r| known.is_none_or(|k| k.contains(&cap_warning_text(r))));
    shown.extend(changed);
    (shown, folded)
}

/// The line under the cards: the allocation against the optimal plan, solved in the
/// background (`optimum`), or where the solve stands.
fn optimum_ui(ui: &mut Ui, scenario: &Scenario, optimum: &Slot<Optimum>) {
    match (optimum.result().map(|o| &o.gap), optimum.status()) {
        (Some(g), _) => {
            let text = format!(
                "Against the optimal plan ({}): {}",
                g.objective.label().to_lowercase(),
                gap_text(g, &objective_unit(scenario, g.objective))
            );
            let mut rich = RichText::new(text);
            if optimum.is_for_earlier_scenario() {
                rich = rich.weak();
            }
            ui.label(rich).on_hover_text(
                "The objective this allocation reaches, beside the best plan's under the same \
                 rules: the optimal plan, a linear programme solved in the background",
            );
        }
        (None, Status::Failed(e)) => {
            ui.label(RichText::new(format!("Optimal plan: none found ({e})")).weak());
        }
        (None, Status::Running | Status::Waiting) => {
            ui.label(RichText::new("Solving the optimal plan…").weak());
        }
        _ => {}
    }
}

/// Draws the KPIs of `outcome`. `stale` greys the values (they belong to an earlier, valid
/// version of the scenario); `known_caps` are the supply-cap warnings of the file as opened or
/// saved ([`cap_warnings`]); `optimum` the gap to the optimal plan, when the view has one. A
/// warning clicked asks for its tab in `out`.
pub fn kpi_strip_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    outcome: &Outcome,
    stale: bool,
    (known_caps, optimum): (Option<&BTreeSet<String>>, Option<&Slot<Optimum>>),
    out: &mut Vec<Command>,
) {
    let rows = kpi_rows(scenario, outcome);
    ui.scope(|ui| {
        // Rows of cards apart, so that a caption sits with its own value.
        ui.spacing_mut().item_spacing.y = 8.0;
        ui.horizontal_wrapped(|ui| {
            for row in rows.iter().filter(|r| r.headline) {
                card_ui(ui, row, stale);
            }
        });
    });
    if let Some(optimum) = optimum {
        optimum_ui(ui, scenario, optimum);
    }
    let (warnings, caps) = split_warnings(&rows, known_caps);
    let open_id = ui.scope_id().with("supply caps shown");
    let caps_open = ui.data(|d| d.get_temp::<bool>(open_id).unwrap_or(false));
    ui.horizontal_wrapped(|ui| {
        for row in &warnings {
            warning_ui(ui, row, out);
        }
        if !caps.is_empty() {
            let n = caps.len();
            let text = if caps_open {
                "Hide the supply caps".to_owned()
            } else if n == 1 {
                "1 supply cap holds".to_owned()
            } else {
                format!("{n} supply caps hold")
            };
            if ui
                .button(RichText::new(text).weak())
                .on_hover_text(
                    "Segments whose starts were held back by the max starts per year the \
                     scenario sets: its own limits, shown on request",
                )
                .clicked()
            {
                ui.data_mut(|d| d.insert_temp(open_id, !caps_open));
            }
            if caps_open {
                for row in &caps {
                    warning_ui(ui, row, out);
                }
            }
        }
    });
    egui::CollapsingHeader::new(format!("All KPIs ({})", rows.len()))
        .id_salt("all-kpis")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| all_kpis_ui(ui, &rows, stale));
        });
}

/// A warning as a button: its text, its detail on hover; clicked, it opens its tab.
fn warning_ui(ui: &mut Ui, row: &KpiRow, out: &mut Vec<Command>) {
    let warn = ui.visuals().warn_fg_color;
    let text = RichText::new(format!("⚠ {}: {}", row.label, row.value)).color(warn);
    let mut response = ui.add(egui::Button::new(text).frame_when_inactive(false));
    if let Some(topic) = row.topic {
        let tab = tab_of(topic);
        let at = row
            .year
            .map_or_else(String::new, |y| format!(" with {y} marked"));
        response =
            response.on_hover_text(format!("{}\nClick: open {}{at}", row.detail, tab.label()));
        if response.clicked() {
            out.push(match row.year {
                Some(year) => Command::ShowPeriod {
                    tab,
                    year,
                    about: format!("{}: {}", row.label, row.value),
                },
                None => Command::ShowPlotTab(tab),
            });
        }
    } else if !row.detail.is_empty() {
        response.on_hover_text(&row.detail);
    }
}

fn card_ui(ui: &mut Ui, row: &KpiRow, stale: bool) {
    let response = ui
        .allocate_ui(vec2(CARD_WIDTH, 38.0), |ui| {
            ui.set_width(CARD_WIDTH);
            ui.vertical(|ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                ui.add(egui::Label::new(RichText::new(&row.label).weak()).truncate());
                let mut value = RichText::new(&row.value).strong().size(15.0);
                if stale {
                    value = value.color(ui.visuals().weak_text_color());
                } else if row.warning {
                    value = value.color(ui.visuals().warn_fg_color);
                }
                ui.label(value);
            });
        })
        .response;
    let response = if row.detail.is_empty() {
        response
    } else {
        response.on_hover_text(&row.detail)
    };
    // One accessible name for the card, "Fleet at end: 17.4M accelerators", for screen readers
    // and tests.
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Label,
            true,
            format!("{}: {}", row.label, row.value),
        )
    });
}

fn all_kpis_ui(ui: &mut Ui, rows: &[KpiRow], stale: bool) {
    egui::Grid::new("all-kpis-grid")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for row in rows {
                let label = ui.label(&row.label);
                if !row.detail.is_empty() {
                    label.on_hover_text(&row.detail);
                }
                let mut value = RichText::new(&row.value);
                if row.warning {
                    value = value.color(ui.visuals().warn_fg_color);
                }
                if stale {
                    value = value.weak();
                }
                ui.label(value);
                ui.end_row();
            }
        });
}
