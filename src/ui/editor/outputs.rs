//! What the plan is measured by: the optional demand curve for compute, and the optional revenue
//! model (price per accelerator-year, utilisation, discount rate) for cash flows, NPV and IRR.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui, optional_curve_ui};
use super::fields::{Toggle, Unit, number_row};
use super::row::{RowContext, header_text};
use crate::model::{Curve, Revenue, Scenario};

pub fn demand_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    let unit = s.chain.performance_unit.clone();
    optional_curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut s.demand_compute,
        Toggle {
            label: "Compare with a demand for compute",
            hint: "Total compute wanted at each time, in the chain's performance unit; the \
                   plots show the shortfall or surplus",
        },
        || Curve::Constant(0.0),
        CurveSpec {
            path: "demand_compute",
            title: "Demand",
            unit: Unit::Amount(&unit),
            range: (0.0, 1e18),
            horizon: s.horizon,
        },
    );
}

pub fn revenue_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    let mut on = s.revenue.is_some();
    let count = cx.count_under(&["revenue"]);
    let text = header_text(ui, "Model revenue", if on { 0 } else { count });
    ui.checkbox(&mut on, text)
        .on_hover_text("What the delivered fleet earns, for cash flows, NPV and IRR");
    state
        .revenue
        .toggle("revenue", &mut s.revenue, on, || Revenue {
            price_usd_per_accelerator_year: Curve::Constant(10_000.0),
            utilisation: Curve::Constant(0.8),
            discount_rate: 0.08,
        });
    let Some(r) = &mut s.revenue else {
        return;
    };
    cx.show_at(ui, "revenue");
    curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut r.price_usd_per_accelerator_year,
        CurveSpec {
            path: "revenue.price_usd_per_accelerator_year",
            title: "Price",
            unit: Unit::Usd(" per accelerator-year"),
            range: (0.0, 1e9),
            horizon: s.horizon,
        },
    );
    curve_ui(
        ui,
        &mut state.curves,
        cx,
        &mut r.utilisation,
        CurveSpec {
            path: "revenue.utilisation",
            title: "Utilisation",
            unit: Unit::Percent(" of the fleet"),
            range: (0.0, 1.0),
            horizon: s.horizon,
        },
    );
    number_row(
        ui,
        cx,
        "revenue.discount_rate",
        "Discount rate",
        &mut r.discount_rate,
        Unit::Percent("/yr"),
        -0.99..=1.0,
    )
    .on_hover_text("For NPV");
}
