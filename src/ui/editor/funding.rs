//! Funding sources: the list (add, remove, duplicate, reorder) and the open source's fields —
//! name, kind with its terms (equity return; debt rate, tenor, grace), inflow curve, optional
//! caps per year and in total, notes.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui, summary};
use super::fields::{Toggle, Unit, combo_row, notes_row, number_row, optional_number_row};
use super::list::{ItemButtons, ListAction, item_header_ui};
use super::names::name_row;
use super::row::RowContext;
use crate::model::{FundingClass, FundingKind, Scenario};

pub fn funding_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    cx.show_at(ui, "funding");
    let len = s.funding.len();
    let mut action = None;
    for i in 0..len {
        let name = s.funding[i].name.clone();
        let path = format!("funding[{name}]");
        let drivers = s
            .uncertainty
            .iter()
            .filter(|d| super::row::is_under(&d.path, &path))
            .count();
        let remove_hint = if drivers == 0 {
            format!("Remove the source {name}")
        } else {
            format!("Remove the source {name} and its {drivers} uncertainty driver(s)")
        };
        let button_name = format!("source {name}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint,
            duplicate_hint: Some(format!("Add a copy of {name} below it")),
            no_duplicate: "",
        };
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_funding,
            &name,
            &format!("Funding source {name}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        let f = &s.funding[i];
        let line = format!(
            "{} · {}",
            f.kind.name(),
            summary(&f.inflow_usd_per_year, Unit::Usd("/yr"), &s.horizon)
        );
        if state.selected_funding == Some(i) {
            ui.indent(("funding", i), |ui| {
                source_ui(ui, state, cx, s, i, &path);
            });
        } else {
            ui.indent(("funding", i), |ui| ui.weak(line));
            cx.mark_under(&[&path]);
        }
    }
    if let Some(a) = action {
        match a {
            ListAction::Up(_) | ListAction::Down(_) => a.apply(&mut s.funding),
            ListAction::Duplicate(i) => {
                s.duplicate_funding(i);
            }
            ListAction::Remove(i) => {
                s.remove_funding(i);
            }
        }
        a.update_selection(&mut state.selected_funding);
    }
    if ui
        .button("+ Add funding source")
        .on_hover_text("A new equity source with no inflow yet")
        .clicked()
    {
        state.selected_funding = Some(s.add_funding());
    }
}

/// The kinds of funding, for the picker.
const KINDS: [(FundingClass, &str); 3] = [
    (FundingClass::Equity, "Equity"),
    (FundingClass::Debt, "Debt"),
    (FundingClass::Grant, "Grant"),
];

fn source_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    s: &mut Scenario,
    i: usize,
    path: &str,
) {
    cx.show_at(ui, path);
    let horizon = s.horizon;
    let current = s.funding[i].name.clone();
    name_row(
        ui,
        cx,
        &mut state.names,
        ("funding name", i),
        &format!("{path}.name"),
        "Source name",
        &current,
        |new| s.rename_funding(i, new),
    );
    let f = &mut s.funding[i];
    let mut k = f.kind.class();
    let r = combo_row(
        ui,
        cx,
        &format!("{path}.kind"),
        "Source kind",
        &mut k,
        &KINDS,
    )
    .on_hover_text(
        "Equity: owners' money, its required return is reported, not paid. \
             Debt: interest only during grace, then level payments until the tenor ends. \
             Grant: no cost.",
    );
    if r.changed() {
        f.kind = match k {
            FundingClass::Equity => FundingKind::Equity {
                required_return: 0.1,
            },
            FundingClass::Debt => FundingKind::Debt {
                rate: 0.05,
                tenor_years: 10.0,
                grace_years: 2.0,
            },
            FundingClass::Grant => FundingKind::Grant,
        };
    }
    match &mut f.kind {
        FundingKind::Equity { required_return } => {
            number_row(
                ui,
                cx,
                &format!("{path}.kind.required_return"),
                "Required return",
                required_return,
                Unit::Percent("/yr"),
                -0.99..=1.0,
            )
            .on_hover_text("Reported, not paid");
        }
        FundingKind::Debt {
            rate,
            tenor_years,
            grace_years,
        } => {
            number_row(
                ui,
                cx,
                &format!("{path}.kind.rate"),
                "Interest rate",
                rate,
                Unit::Percent("/yr"),
                0.0..=1.0,
            );
            number_row(
                ui,
                cx,
                &format!("{path}.kind.tenor_years"),
                "Tenor",
                tenor_years,
                Unit::Years,
                0.0..=100.0,
            )
            .on_hover_text("Total life of each draw, grace included");
            number_row(
                ui,
                cx,
                &format!("{path}.kind.grace_years"),
                "Grace period",
                grace_years,
                Unit::Years,
                0.0..=50.0,
            )
            .on_hover_text("Interest only, no repayment");
        }
        FundingKind::Grant => {}
    }
    let inflow_path = format!("{path}.inflow_usd_per_year");
    curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut f.inflow_usd_per_year,
        CurveSpec::usd_per_year(&inflow_path, "Inflow", horizon),
    );
    optional_number_row(
        ui,
        cx,
        &format!("{path}.cap_usd_per_year"),
        Toggle {
            label: "Cap per year",
            hint: "At most this much is drawn in one calendar year",
        },
        &mut f.cap_usd_per_year,
        1e9,
        Unit::Usd("/yr"),
        0.0..=1e16,
    );
    optional_number_row(
        ui,
        cx,
        &format!("{path}.cap_usd_total"),
        Toggle {
            label: "Cap in total",
            hint: "At most this much is drawn over the whole horizon",
        },
        &mut f.cap_usd_total,
        1e10,
        Unit::Usd(""),
        0.0..=1e17,
    );
    notes_row(
        ui,
        cx,
        &format!("{path}.notes"),
        "Source notes",
        &mut f.notes,
    );
}
