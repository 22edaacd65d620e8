//! Allocation: the policy (share curves; balanced or optimal, each with optional fixed shares;
//! an explicit schedule — switching back restores what was there this session), the objective
//! the optimal plan maximises and every allocation is measured in, the list of shares — each a
//! segment and a share curve in % — the planner's limits of an optimal plan ([`super::limits`])
//! and a schedule's spend curves. Under any policy but
//! `Schedule`, "Apply the optimal plan as a schedule" turns the plan solved in the background
//! into an editable schedule (one undo step; the window applies it, [`EditorState::apply_plan`]).

use egui::Ui;

use super::EditorState;
use super::curve::{CurveSpec, curve_ui, summary};
use super::fields::{Unit, combo_row};
use super::list::{ItemButtons, item_header_ui};
use super::row::RowContext;
use crate::model::{Allocation, Curve, Objective, Policy, Scenario, Share};

/// What each policy does, under its picker.
fn policy_hint(p: Policy) -> &'static str {
    match p {
        Policy::Shares => {
            "Each period's spend is split by these shares, which must sum to 100 % in every period."
        }
        Policy::Balanced => {
            "A rule of thumb: fixed shares go to their segments; the rest goes to the chain \
             segment with the least committed capacity, so that the chain stays balanced."
        }
        Policy::Optimal => {
            "The plan that maximises the objective under the engine's rules, solved as a linear \
             programme in the background; fixed shares are shares of each period's spend."
        }
        Policy::Schedule => {
            "An explicit plan: what each segment spends per year (capped by the supply-chain cap \
             and the cash left after opex and debt service); a segment not listed spends nothing."
        }
    }
}

pub fn allocation_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    let was = s.allocation.policy();
    let mut policy = was;
    // A schedule is picked by applying a plan (or kept from the file), not made from nothing.
    let options: Vec<(Policy, &str)> = Policy::ALL
        .into_iter()
        .filter(|p| {
            *p != Policy::Schedule || was == Policy::Schedule || state.allocations.has(p.name())
        })
        .map(|p| (p, p.name()))
        .collect();
    let r = combo_row(
        ui,
        cx,
        "allocation.policy",
        "Allocation policy",
        &mut policy,
        &options,
    );
    if r.changed() {
        state.allocations.put(was.name(), s.allocation.clone());
        match state.allocations.take(policy.name()) {
            Some(a) => s.allocation = a,
            None => s.set_policy(policy),
        }
    }
    ui.weak(policy_hint(policy));
    cx.show_at(ui, "allocation");
    let objectives: Vec<(Objective, &str)> =
        Objective::ALL.into_iter().map(|o| (o, o.label())).collect();
    combo_row(
        ui,
        cx,
        "objective",
        "Objective",
        &mut s.objective,
        &objectives,
    )
    .on_hover_text(
        "What the optimal plan maximises (unmet demand: minimises), and what every \
         allocation is measured against",
    );
    if policy != Policy::Schedule {
        let apply = ui
            .add_enabled(
                state.plan_ready,
                egui::Button::new("Apply the optimal plan as a schedule"),
            )
            .on_hover_text(
                "Replace this allocation by the solved plan's spend per segment and \
                 installations, to edit it by hand (Undo brings this allocation back)",
            )
            .on_disabled_hover_text("The optimal plan of this version is not solved yet");
        if apply.clicked() {
            state.apply_plan = true;
        }
    }
    match policy {
        Policy::Shares => {
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
            shares_ui(ui, state, cx, s, false);
        }
        Policy::Balanced => shares_ui(ui, state, cx, s, true),
        Policy::Optimal => {
            shares_ui(ui, state, cx, s, true);
            super::limits::limits_ui(ui, state, cx, s);
        }
        Policy::Schedule => schedule_ui(ui, state, cx, s),
    }
}

/// A schedule's spend curve per segment and its installations, each editable.
fn schedule_ui(ui: &mut Ui, state: &mut EditorState, cx: &RowContext<'_>, s: &mut Scenario) {
    let horizon = s.horizon;
    let Allocation::Schedule(plan) = &mut s.allocation else {
        return;
    };
    if plan.spend.is_empty() {
        ui.weak("Nothing is scheduled: no segment spends anything.");
    }
    for x in &mut plan.spend {
        let path = format!("allocation[{}].usd_per_year", x.segment);
        let title = format!("{} spend", x.segment);
        curve_ui(
            ui,
            &mut state.curves,
            cx,
            &mut x.usd_per_year,
            CurveSpec::usd_per_year(&path, &title, horizon),
        );
    }
    match &mut plan.installations_per_year {
        Some(c) => curve_ui(
            ui,
            &mut state.curves,
            cx,
            c,
            CurveSpec {
                path: "allocation.installations_per_year",
                title: "Installations",
                unit: Unit::Amount("accelerators/yr"),
                range: (0.0, 1e12),
                horizon,
            },
        ),
        None => {
            ui.weak("Installations: everything production and room allow.");
        }
    }
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
        let retarget = |x: &Share, f: &str| Share {
            segment: f.to_owned(),
            share: x.share.clone(),
        };
        a.apply_per_segment(shares, free.as_deref(), &mut state.selected_share, retarget);
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
        Allocation::Balanced { fixed } | Allocation::Optimal { fixed, .. } => Some(fixed),
        Allocation::Schedule(_) => None,
    }
}
