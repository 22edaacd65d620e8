//! Sources and uses: where the plan's money came from (opening cash, funding per source,
//! revenue) and where it went (capital per segment, opex, debt service, cash left), as a table
//! of totals over the horizon that adds up — it doubles as the plot's legend — beside the same
//! flows per year (or per period), sources stacked above zero and uses below, with the
//! treasury as a line.

use egui::{Align, Color32, Layout, RichText, Ui, vec2};
use egui_plot::LineStyle;

use super::Resolution;
use super::common::{
    YFormat, at, dt_years, hover_x, hovered_period, mark_focus, plot_line, time_plot, y_axis,
    year_end_at,
};
use super::palette;
use super::series::end_points;
use super::stacked::{Layer, add_stacked, readout};
use crate::engine::Outcome;
use crate::format::usd;
use crate::model::Scenario;
use crate::money::{Flow, SourcesAndUses};

/// Width of the table of totals: up to this, 40 % of the tab on narrow screens.
const TABLE_WIDTH: f32 = 250.0;

/// The per-period flows of both sides, uses as positive amounts, each in its colour.
struct Flows {
    sources: Vec<(String, Color32, Vec<f64>)>,
    uses: Vec<(String, Color32, Vec<f64>)>,
}

impl Flows {
    fn of(o: &Outcome) -> Self {
        let flows = crate::money::Flows::of(o);
        let coloured = |side: Vec<Flow>| -> Vec<(String, Color32, Vec<f64>)> {
            side.into_iter()
                .map(|f| (f.name, palette::flow(f.kind), f.usd))
                .collect()
        };
        Self {
            sources: coloured(flows.sources),
            uses: coloured(flows.uses),
        }
    }
}

fn layers(side: &[(String, Color32, Vec<f64>)]) -> Vec<Layer<'_>> {
    side.iter()
        .map(|(name, color, values)| Layer {
            name,
            color: *color,
            values,
        })
        .collect()
}

/// Draws the table of totals and the plot of flows.
pub fn money_ui(ui: &mut Ui, resolution: Resolution, s: &Scenario, o: &Outcome) {
    let totals = SourcesAndUses::of(s, o);
    let height = ui.available_height();
    let width = (ui.available_width() * 0.4).clamp(170.0, TABLE_WIDTH);
    ui.with_layout(Layout::left_to_right(Align::Min), |ui| {
        ui.allocate_ui_with_layout(vec2(width, height), Layout::top_down(Align::Min), |ui| {
            egui::ScrollArea::vertical()
                .id_salt("sources-uses-table")
                .show(ui, |ui| {
                    ui.set_width(width);
                    table_ui(ui, &totals, o);
                });
        });
        ui.separator();
        plot_ui(ui, resolution, o);
    });
}

/// One line of the table: a colour swatch (the plot's legend), the name and the amount. Its
/// accessible name is `name: amount`.
fn row_ui(
    ui: &mut Ui,
    color: Option<Color32>,
    name: &str,
    usd_value: f64,
    hover: &str,
    strong: bool,
) {
    let value = usd(usd_value);
    let response = ui
        .horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
            if let Some(c) = color {
                ui.painter().rect_filled(rect, 2.0, c);
            }
            let text = |t: &str| {
                let t = RichText::new(t);
                if strong { t.strong() } else { t }
            };
            ui.add(egui::Label::new(text(name)).truncate());
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(text(&value));
            });
        })
        .response
        .on_hover_text(hover);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{name}: {value}"))
    });
}

fn table_ui(ui: &mut Ui, t: &SourcesAndUses, o: &Outcome) {
    ui.label(RichText::new("Sources").heading());
    if t.opening_treasury_usd != 0.0 {
        row_ui(
            ui,
            None,
            "Opening treasury",
            t.opening_treasury_usd,
            "Cash in the treasury at the start of the horizon",
            false,
        );
    }
    for (k, a) in t.funding.iter().enumerate() {
        let kind = o.sources.get(k).map_or("", |s| s.kind.name());
        row_ui(
            ui,
            Some(palette::source(k)),
            &a.name,
            a.usd,
            &format!("{kind} drawn from this source over the horizon"),
            false,
        );
    }
    row_ui(
        ui,
        Some(palette::REVENUE),
        "Revenue",
        t.revenue_usd,
        "Revenue earned by the hosted fleet over the horizon",
        false,
    );
    row_ui(
        ui,
        None,
        "Total sources",
        t.sources_usd(),
        "Opening treasury + funding + revenue",
        true,
    );
    ui.add_space(8.0);
    ui.label(RichText::new("Uses").heading());
    for (k, a) in t.spend.iter().enumerate() {
        row_ui(
            ui,
            Some(palette::segment(k)),
            &a.name,
            a.usd,
            "Capital spent on this segment over the horizon",
            false,
        );
    }
    row_ui(
        ui,
        Some(palette::OPEX),
        "Opex paid",
        t.opex_paid_usd,
        "Operating cost the treasury paid (an unpaid part is reported as a shortfall)",
        false,
    );
    row_ui(
        ui,
        Some(palette::DEBT),
        "Debt service paid",
        t.debt_service_paid_usd,
        "Interest and principal paid on every debt source",
        false,
    );
    row_ui(
        ui,
        Some(palette::TREASURY),
        "Treasury at end",
        t.closing_treasury_usd,
        "Cash left unspent at the end of the horizon",
        false,
    );
    row_ui(
        ui,
        None,
        "Total uses",
        t.uses_usd(),
        "Capital spent + opex paid + debt service paid + treasury at end: equal to the sources, \
         period by period the engine's ledger balances",
        true,
    );
    ui.add_space(8.0);
    ui.label(
        RichText::new(format!(
            "Net revenue reinvested: {}",
            usd(t.net_revenue_reinvested_usd())
        ))
        .weak(),
    )
    .on_hover_text("Revenue less the opex and debt service paid");
}

fn plot_ui(ui: &mut Ui, resolution: Resolution, o: &Outcome) {
    let flows = Flows::of(o);
    let negated: Vec<(String, Color32, Vec<f64>)> = flows
        .uses
        .iter()
        .map(|(n, c, v)| (n.clone(), *c, v.iter().map(|x| -x).collect()))
        .collect();
    let dt = dt_years(o);
    let readout = |pos: &egui_plot::HoverPosition<'_>| {
        let x = hover_x(pos);
        let (head, sources) = readout(o, &layers(&flows.sources), resolution, x)?;
        let (_, uses) = readout(o, &layers(&flows.uses), resolution, x)?;
        // The stock at the end of the hovered period (the year's last one for yearly totals).
        let i = match resolution {
            Resolution::Period => hovered_period(o, pos),
            Resolution::Yearly => year_end_at(o, x),
        };
        let treasury = i.map_or_else(String::new, |i| {
            format!("\nTreasury at end: {}", usd(at(&o.treasury_usd, i)))
        });
        Some(format!(
            "{head}\nSources\n  {}\nUses\n  {}{treasury}",
            sources.join("\n  "),
            uses.join("\n  ")
        ))
    };
    let y_label = match resolution {
        Resolution::Yearly => "Sources (up) and uses (down) per year",
        Resolution::Period => "Sources (up) and uses (down), $ per year",
    };
    time_plot(o, "plot-sources-uses", vec![y_axis(YFormat::Usd, y_label)])
        .label_formatter(readout)
        .show(ui, |plot_ui| {
            mark_focus(plot_ui);
            add_stacked(plot_ui, o, &layers(&flows.sources), resolution);
            add_stacked(plot_ui, o, &layers(&negated), resolution);
            plot_ui.line(
                plot_line(
                    "Treasury (end of period)",
                    end_points(&o.time, dt, &o.treasury_usd),
                )
                .color(palette::TREASURY)
                .style(LineStyle::dashed_loose())
                .width(2.0),
            );
        });
}
