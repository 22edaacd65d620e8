//! Allocation: the policy (share curves, or balanced with optional fixed shares; switching back
//! restores what was there this session) and the list of shares — each a segment and a share
//! curve in %.

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui, summary};
use super::fields::{Unit, combo_row};
use super::list::{ItemButtons, ListAction, item_header_ui};
use super::row::RowContext;
use crate::model::{Allocation, Curve, Scenario, Share};

const POLICIES: [(bool, &str); 2] = [(false, "Shares"), (true, "Balanced")];

fn policy_name(balanced: bool) -> &'static str {
    if balanced { "Balanced" } else { "Shares" }
}

pub fn allocation_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    // TODO(#8): the window's editor for `Optimal` and `Schedule` (item 10).
    let other = match &s.allocation {
        Allocation::Optimal { .. } => {
            Some("Optimal: the plan that maximises the objective, solved by `buildout optimise`")
        }
        Allocation::Schedule(_) => {
            Some("Schedule: an explicit plan of spend per segment, edited in the file")
        }
        _ => None,
    };
    if let Some(what) = other {
        ui.label(format!("Allocation policy: {what}."));
        cx.show_at(ui, "allocation");
        if ui.button("Switch to Balanced").clicked() {
            s.allocation = Allocation::Balanced { fixed: Vec::new() };
        }
        return;
    }
    let was = matches!(s.allocation, Allocation::Balanced { .. });
    let mut balanced = was;
    let r = combo_row(
        ui,
        cx,
        "allocation.policy",
        "Allocation policy",
        &mut balanced,
        &POLICIES,
    );
    if r.changed() {
        state
            .allocations
            .put(policy_name(was), s.allocation.clone());
        match state.allocations.take(policy_name(balanced)) {
            Some(a) => s.allocation = a,
            None => s.set_balanced_allocation(balanced),
        }
    }
    ui.weak(if balanced {
        "Fixed shares go to their segments; the rest goes to the chain segment with the least \
         committed capacity, so that the chain stays balanced."
    } else {
        "Each period's spend is split by these shares, which must sum to 100 % in every period."
    });
    cx.show_at(ui, "allocation");
    if !balanced {
        let (t0, t1) = (
            f64::from(s.horizon.start_year),
            f64::from(s.horizon.end_year),
        );
        let sum = |t: f64| s.shares().iter().map(|x| x.share.value_at(t)).sum::<f64>();
        ui.weak(format!(
            "Sum: {} in {} · {} in {}",
            Unit::Percent("").show(sum(t0)),
            s.horizon.start_year,
            Unit::Percent("").show(sum(t1)),
            s.horizon.end_year
        ));
    }
    shares_ui(ui, state, cx, s, balanced);
}

fn shares_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    cx: &RowContext<'_>,
    s: &mut Scenario,
    balanced: bool,
) {
    if balanced {
        ui.label("Fixed shares");
    }
    let horizon = s.horizon;
    let names: Vec<String> = s.segments.iter().map(|g| g.name.clone()).collect();
    let len = s.shares().len();
    let free = {
        let taken: Vec<String> = s.shares().iter().map(|x| x.segment.clone()).collect();
        s.first_segment_where(|n| !taken.iter().any(|t| t == n))
    };
    let mut action = None;
    for i in 0..len {
        let seg = s.shares()[i].segment.clone();
        let path = format!("allocation[{seg}]");
        let button_name = format!("share of {seg}");
        let buttons = ItemButtons {
            name: &button_name,
            index: i,
            len,
            remove_hint: format!("Remove the share of {seg}"),
            duplicate_hint: free
                .as_ref()
                .map(|f| format!("Give {f} the same share curve")),
            no_duplicate: "Every segment has a share already",
        };
        let count = cx.count_under(&[&path]);
        if let Some(a) = item_header_ui(
            ui,
            &mut state.selected_share,
            &seg,
            &format!("Share of {seg}"),
            count,
            &buttons,
        ) {
            action = Some(a);
        }
        let Some(share) = shares_mut(&mut s.allocation).and_then(|v| v.get_mut(i)) else {
            break;
        };
        if state.selected_share == Some(i) {
            ui.indent(("share", i), |ui| {
                cx.show_at(ui, &path);
                let mut options: Vec<(String, &str)> =
                    names.iter().map(|n| (n.clone(), n.as_str())).collect();
                let missing = format!("{seg} (no such segment)");
                if !names.contains(&seg) {
                    options.push((seg.clone(), &missing));
                }
                combo_row(
                    ui,
                    cx,
                    &format!("{path}.segment"),
                    "Share segment",
                    &mut share.segment,
                    &options,
                );
                let curve_path = format!("{path}.share");
                let title = format!("{seg} share");
                curve_ui(
                    ui,
                    &mut state.curves,
                    cx,
                    &mut share.share,
                    CurveSpec {
                        path: &curve_path,
                        title: &title,
                        unit: Unit::Percent(""),
                        range: (0.0, 1.0),
                        horizon,
                    },
                );
            });
        } else {
            let line = summary(&share.share, Unit::Percent(""), &horizon);
            ui.indent(("share", i), |ui| ui.weak(line));
            cx.mark_under(&[&path]);
        }
    }
    let Some(shares) = shares_mut(&mut s.allocation) else {
        return;
    };
    if let Some(a) = action {
        match (a, &free) {
            (ListAction::Duplicate(i), Some(f)) => {
                if let Some(x) = shares.get(i) {
                    let copy = Share {
                        segment: f.clone(),
                        share: x.share.clone(),
                    };
                    shares.insert(i + 1, copy);
                }
            }
            (ListAction::Duplicate(_), None) => {}
            _ => a.apply(shares),
        }
        a.update_selection(&mut state.selected_share);
    }
    let add = ui
        .add_enabled(free.is_some(), egui::Button::new("+ Add share"))
        .on_hover_text("A zero share for the first segment that has none")
        .on_disabled_hover_text("Every segment has a share already");
    if add.clicked()
        && let Some(f) = free
    {
        shares.push(Share {
            segment: f,
            share: Curve::Constant(0.0),
        });
        state.selected_share = Some(shares.len() - 1);
    }
}

fn shares_mut(a: &mut Allocation) -> Option<&mut Vec<Share>> {
    match a {
        Allocation::Shares(shares) => Some(shares),
        Allocation::Balanced { fixed } | Allocation::Optimal { fixed } => Some(fixed),
        Allocation::Schedule(_) => None,
    }
}
