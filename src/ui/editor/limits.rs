//! The planner's own limits on an optimal plan (issue 8, item 8), under the `Optimal`
//! allocation: per segment, a minimum and a maximum spend per year (curves), spend already
//! committed before a year, and a limit on how fast the yearly spend may change. Each is a
//! linear constraint of the programme; its value shows in `buildout optimise` and the report.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, optional_curve_ui};
use super::fields::{Toggle, Unit, combo_row, number_row, optional_number_row};
use super::list::{ItemButtons, item_header_ui};
use super::row::RowContext;
use crate::model::{Allocation, Commitment, Curve, Horizon, Scenario, SpendLimit};

/// The limits of an `Optimal` allocation, one collapsible element per segment, and
/// "+ Add limit" for the first segment that has none.
pub fn limits_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    let horizon = s.horizon;
    let names: Vec<String> = s.segments.iter().map(|g| g.name.clone()).collect();
    let Allocation::Optimal { limits, .. } = &mut s.allocation else {
        return;
    };
    ui.label("Limits on the plan");
    ui.weak(
        "The planner's own bounds on a segment's spend: a minimum, a maximum, spend already \
         committed, and how fast it may change.",
    );
    let free = names
        .iter()
        .find(|n| !limits.iter().any(|l| &l.segment == *n))
        .cloned();
    let len = limits.len();
    let mut action = None;
    for (i, l) in limits.iter_mut().enumerate() {
        let seg = l.segment.clone();
        let path = format!("allocation.limits[{seg}]");
        let button_name = format!("limits of {seg}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint: format!("Remove the limits on {seg}"),
            duplicate_hint: free.as_ref().map(|f| format!("Give {f} the same limits")),
            no_duplicate: "Every segment has limits already",
        };
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_limit,
            &seg,
            &format!("Limits on {seg}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        if state.selected_limit == Some(i) {
            ui.indent(("limit", i), |ui| {
                cx.show_at(ui, &path);
                limit_ui(ui, state, cx, l, (&names, &path, horizon));
            });
        } else {
            ui.indent(("limit", i), |ui| ui.weak(limit_summary(l)));
            cx.mark_under(&[&path]);
        }
    }
    if let Some(a) = action {
        let retarget = |x: &SpendLimit, f: &str| SpendLimit {
            segment: f.to_owned(),
            ..x.clone()
        };
        a.apply_per_segment(limits, free.as_deref(), &mut state.selected_limit, retarget);
    }
    let add = ui
        .add_enabled(free.is_some(), egui::Button::new("+ Add limit"))
        .on_hover_text("Limits (none set yet) for the first segment that has none")
        .on_disabled_hover_text("Every segment has limits already");
    if add.clicked()
        && let Some(f) = free
    {
        limits.push(SpendLimit::new(&f));
        state.selected_limit = Some(limits.len() - 1);
    }
}

/// What a closed element shows: the limits that are set.
fn limit_summary(l: &SpendLimit) -> String {
    let mut parts = Vec::new();
    if l.min_usd_per_year.is_some() {
        parts.push("minimum");
    }
    if l.max_usd_per_year.is_some() {
        parts.push("maximum");
    }
    if l.committed.is_some() {
        parts.push("committed");
    }
    if l.max_change_usd_per_year.is_some() {
        parts.push("change limit");
    }
    if parts.is_empty() {
        "no limit set".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// One segment's limits, open.
fn limit_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    l: &mut SpendLimit,
    (names, path, horizon): (&[String], &str, Horizon),
) {
    let mut options: Vec<(String, &str)> = names.iter().map(|n| (n.clone(), n.as_str())).collect();
    let missing = format!("{} (no such segment)", l.segment);
    if !names.contains(&l.segment) {
        options.push((l.segment.clone(), &missing));
    }
    combo_row(
        ui,
        cx,
        &format!("{path}.segment"),
        "Limited segment",
        &mut l.segment,
        &options,
    );
    let seg = l.segment.clone();
    for (key, label, hint, curve) in [
        (
            "min_usd_per_year",
            "Minimum spend",
            "The plan spends at least this much per year on the segment",
            &mut l.min_usd_per_year,
        ),
        (
            "max_usd_per_year",
            "Maximum spend",
            "The plan spends at most this much per year on the segment",
            &mut l.max_usd_per_year,
        ),
    ] {
        let curve_path = format!("{path}.{key}");
        let title = format!("{seg} {}", label.to_lowercase());
        optional_curve_ui(
            ui,
            &mut state.curves,
            cx,
            curve,
            Toggle { label, hint },
            || Curve::Constant(10e9),
            CurveSpec::usd_per_year(&curve_path, &title, horizon),
        );
    }
    let committed_path = format!("{path}.committed");
    let mut on = l.committed.is_some();
    ui.checkbox(&mut on, "Committed spend").on_hover_text(
        "Spend already committed: the plan spends exactly this per year until the year given",
    );
    let default = || Commitment {
        until_year: f64::from(horizon.start_year) + 1.0,
        usd_per_year: Curve::Constant(0.0),
    };
    state
        .commitments
        .toggle(&committed_path, &mut l.committed, on, default);
    if let Some(c) = &mut l.committed {
        number_row(
            ui,
            cx,
            &format!("{committed_path}.until_year"),
            "Committed until",
            &mut c.until_year,
            Unit::Year,
            f64::from(horizon.start_year)..=f64::from(horizon.end_year) + 1.0,
        )
        .on_hover_text("Periods that start before this year spend the committed amount");
        let curve_path = format!("{committed_path}.usd_per_year");
        let title = format!("{seg} committed");
        super::curve::curve_ui(
            ui,
            &mut state.curves,
            cx,
            &mut c.usd_per_year,
            CurveSpec::usd_per_year(&curve_path, &title, horizon),
        );
    }
    optional_number_row(
        ui,
        cx,
        &format!("{path}.max_change_usd_per_year"),
        Toggle {
            label: "Max change per year",
            hint: "The yearly spend rises or falls by at most this much from one year to the next",
        },
        &mut l.max_change_usd_per_year,
        10e9,
        Unit::Usd("/yr per year"),
        0.0..=1e16,
    );
}
