//! The chain: production links (a segment and the accelerators one unit of it makes per year),
//! hosting links (a segment and how much of it one accelerator occupies), accelerator lifetime,
//! installed fleet, the performance curve and its unit.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui};
use super::fields::{Unit, combo_ui, marked, number_row, row_with, text_row};
use super::list::{ItemButtons, ListAction, item_buttons_ui};
use super::row::RowContext;
use crate::model::{HostingLink, ProductionLink, Scenario};

/// A chain link: a segment name and one number.
trait Link: Clone {
    fn segment(&mut self) -> &mut String;
    fn number(&mut self) -> &mut f64;
}

impl Link for ProductionLink {
    fn segment(&mut self) -> &mut String {
        &mut self.segment
    }
    fn number(&mut self) -> &mut f64 {
        &mut self.accelerators_per_unit_year
    }
}

impl Link for HostingLink {
    fn segment(&mut self) -> &mut String {
        &mut self.segment
    }
    fn number(&mut self) -> &mut f64 {
        &mut self.units_per_accelerator
    }
}

/// How one list of links reads.
struct LinkKind {
    /// `production` or `hosting` (paths: `chain.production[Fabs]`).
    list: &'static str,
    /// `Production` or `Hosting`.
    title: &'static str,
    /// Name of the number field, e.g. `accelerators_per_unit_year`.
    field: &'static str,
    /// Label of the number, e.g. `Makes`.
    label: &'static str,
    /// Accessible name of the number (with ` of {segment}`), e.g. `Accelerators per unit-year`.
    name: &'static str,
    /// The number's unit given the segment's unit.
    unit: fn(&str) -> String,
    hint: &'static str,
}

const PRODUCTION: LinkKind = LinkKind {
    list: "production",
    title: "Production",
    field: "accelerators_per_unit_year",
    label: "Makes",
    name: "Accelerators per unit-year",
    unit: |u| format!("accelerators per {u}-year"),
    hint: "Accelerators one unit of capacity makes per year at full output \
           (e.g. wafers/month × 12 × good dies per wafer); production is the minimum over links",
};

const HOSTING: LinkKind = LinkKind {
    list: "hosting",
    title: "Hosting",
    field: "units_per_accelerator",
    label: "Needs",
    name: "Units per accelerator",
    unit: |u| format!("{u} per accelerator"),
    hint: "Capacity one installed accelerator occupies (power: kW × PUE, in the segment's \
           unit); room is the minimum over links",
};

pub fn chain_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "chain");
    let segments: Vec<(String, String)> = s
        .segments
        .iter()
        .map(|g| {
            let unit = if g.unit.trim().is_empty() {
                "unit"
            } else {
                &g.unit
            };
            (g.name.clone(), unit.to_owned())
        })
        .collect();
    ui.strong("Production")
        .on_hover_text("Segments that make accelerators");
    links_ui(
        ui,
        cx,
        &mut s.chain.production,
        &segments,
        &PRODUCTION,
        |seg| ProductionLink {
            segment: seg,
            accelerators_per_unit_year: 1.0,
        },
    );
    ui.strong("Hosting")
        .on_hover_text("Segments that house the installed fleet");
    links_ui(ui, cx, &mut s.chain.hosting, &segments, &HOSTING, |seg| {
        HostingLink {
            segment: seg,
            units_per_accelerator: 1.0,
        }
    });
    ui.separator();
    let c = &mut s.chain;
    number_row(
        ui,
        cx,
        "chain.accelerator_lifetime_years",
        "Accelerator lifetime",
        &mut c.accelerator_lifetime_years,
        Unit::Years,
        0.0..=30.0,
    )
    .on_hover_text("Accelerators leave the fleet this long after installation");
    number_row(
        ui,
        cx,
        "chain.installed_fleet_accelerators",
        "Installed fleet",
        &mut c.installed_fleet_accelerators,
        Unit::Amount("accelerators"),
        0.0..=1e12,
    )
    .on_hover_text("In service at the start; ages uniformly and retires over one lifetime");
    text_row(
        ui,
        cx,
        "chain.performance_unit",
        "Performance unit",
        &mut c.performance_unit,
        "e.g. PFLOP/s",
    );
    let unit = format!("{} per accelerator", c.performance_unit);
    curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut c.performance_per_accelerator,
        CurveSpec {
            path: "chain.performance_per_accelerator",
            title: "Performance",
            unit: Unit::Amount(&unit),
            range: (0.0, 1e15),
            horizon: s.horizon,
        },
    );
}

fn links_ui<L: Link>(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    links: &mut Vec<L>,
    segments: &[(String, String)],
    kind: &LinkKind,
    new: impl Fn(String) -> L,
) {
    let list = format!("chain.{}", kind.list);
    cx.show_at(ui, &list);
    let free = {
        let taken: Vec<String> = links.iter_mut().map(|l| l.segment().clone()).collect();
        segments
            .iter()
            .map(|(n, _)| n)
            .find(|n| !taken.contains(n))
            .cloned()
    };
    let len = links.len();
    let mut action = None;
    for (i, link) in links.iter_mut().enumerate() {
        let seg = link.segment().clone();
        let path = format!("{list}[{seg}]");
        let seg_unit = segments
            .iter()
            .find(|(n, _)| *n == seg)
            .map_or("unit", |(_, u)| u.as_str());
        let button_name = format!("{} link {seg}", kind.list);
        ui.horizontal(|ui| {
            let mut options: Vec<(String, &str)> = segments
                .iter()
                .map(|(n, _)| (n.clone(), n.as_str()))
                .collect();
            let missing = format!("{seg} (no such segment)");
            if !segments.iter().any(|(n, _)| *n == seg) {
                options.push((seg.clone(), &missing));
            }
            marked(ui, cx.has(&path), |ui| {
                combo_ui(ui, (&list, i), link.segment(), &options)
            })
            .accessible_name(format!("{} segment {}", kind.title, i + 1));
            let buttons = ItemButtons {
                name: &button_name,
                index: i,
                len,
                remove_hint: format!("Remove {seg} from {}", kind.list),
                duplicate_hint: free
                    .as_ref()
                    .map(|f| format!("Add {f} with the same number")),
                no_duplicate: "Every segment is linked already",
            };
            if let Some(a) = item_buttons_ui(ui, &buttons) {
                action = Some(a);
            }
        });
        cx.show_at(ui, &path);
        let unit = (kind.unit)(seg_unit);
        row_with(
            ui,
            cx,
            &format!("{path}.{}", kind.field),
            kind.label,
            Some(&format!("{} of {seg}", kind.name)),
            |ui| super::fields::number_ui(ui, link.number(), Unit::Amount(&unit), 0.0..=1e12),
        )
        .on_hover_text(kind.hint);
    }
    if let Some(a) = action {
        match (a, &free) {
            (ListAction::Duplicate(i), Some(f)) => {
                if let Some(mut copy) = links.get(i).cloned() {
                    *copy.segment() = f.clone();
                    links.insert(i + 1, copy);
                }
            }
            (ListAction::Duplicate(_), None) => {}
            _ => a.apply(links),
        }
    }
    let add = ui
        .add_enabled(
            free.is_some(),
            egui::Button::new(format!("+ Add {} link", kind.list)),
        )
        .on_hover_text("Link the first segment that is not linked yet")
        .on_disabled_hover_text("Every segment is linked already");
    if add.clicked()
        && let Some(f) = free
    {
        links.push(new(f));
    }
}
