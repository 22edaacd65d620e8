//! The run bar of the analysis tabs: samples and seed, Run now and Cancel run, and where a
//! background result stands (a progress bar while Monte Carlo counts samples). Changes go out
//! as commands; the document's analysis state is only read here.

use egui::{DragValue, ProgressBar, RichText, Ui};

use crate::model::{Scenario, outside_fixed_bounds, param_label, params};
use crate::ui::analysis::{AnalysisState, MAX_SAMPLES, Settings, Slot, Status};
use crate::ui::command::Command;
use crate::ui::editor::param_unit;

/// Samples, seed, Run now, Cancel run.
pub fn run_bar_ui(ui: &mut Ui, runs: &AnalysisState, out: &mut Vec<Command>) {
    let mut s: Settings = runs.settings.clone();
    let l = ui.label("Samples");
    let samples = ui
        .add(
            DragValue::new(&mut s.samples)
                .range(100..=MAX_SAMPLES)
                .speed(10.0)
                .update_while_editing(false),
        )
        .labelled_by(l.id)
        .on_hover_text(format!(
            "Monte Carlo samples (at most {MAX_SAMPLES} in the window; `buildout mc` runs more)"
        ));
    let l = ui.label("Seed");
    let seed = ui
        .add(DragValue::new(&mut s.seed).speed(0.2))
        .labelled_by(l.id)
        .on_hover_text("The same seed gives the same samples");
    if (samples.changed() || seed.changed()) && s != runs.settings {
        out.push(Command::SetAnalysisSettings(s));
    }
    let stale = !(runs.mc.is_fresh() && runs.tornado.is_fresh() && runs.optimum.is_fresh());
    let can_run = !runs.is_running() && (stale || runs.is_held());
    if ui
        .add_enabled(can_run, egui::Button::new(Command::RunAnalysis.label()))
        .on_hover_text("Start the stale runs now, without waiting for edits to settle")
        .on_disabled_hover_text("Every result is up to date (or running)")
        .clicked()
    {
        out.push(Command::RunAnalysis);
    }
    if ui
        .add_enabled(
            runs.is_running(),
            egui::Button::new(Command::CancelAnalysis.label()),
        )
        .on_hover_text("Stop the running computations; they restart after the next edit")
        .clicked()
    {
        out.push(Command::CancelAnalysis);
    }
}

/// One line on where `slot` of `runs` stands: a progress bar while it runs with a known total,
/// a spinner while it runs without, else its status. `what` names the computation.
pub fn status_ui<T>(ui: &mut Ui, what: &str, runs: &AnalysisState, slot: &Slot<T>) {
    match slot.status() {
        Status::Running => match slot.progress() {
            Some((done, total)) if total > 0 => {
                let f = done as f32 / total as f32;
                ui.add(
                    ProgressBar::new(f)
                        .desired_width(220.0)
                        .text(format!("{what}: {done} of {total}")),
                );
            }
            _ => {
                ui.spinner();
                ui.label(format!("{what}…"));
            }
        },
        Status::Waiting if !runs.is_runnable() => {
            ui.label(RichText::new(format!("{what}: waiting for a valid scenario")).weak());
        }
        Status::Waiting => {
            ui.label(RichText::new(format!("{what}: waiting for edits to settle")).weak());
        }
        Status::Cancelled => {
            ui.label(
                RichText::new(format!("{what}: cancelled (Run now restarts it)"))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        Status::Failed(e) => {
            ui.label(RichText::new(format!("{what}: {e}")).color(ui.visuals().error_fg_color));
        }
        Status::Done | Status::Idle => {}
    }
}

/// The note shown above a result computed for an earlier version of the scenario (none when
/// only a run setting changed: the result is still for the scenario on screen).
pub fn stale_note_ui<T>(ui: &mut Ui, slot: &Slot<T>) {
    if slot.is_for_earlier_scenario() {
        ui.label(
            RichText::new("Showing the result for the scenario before the latest edits")
                .color(ui.visuals().warn_fg_color),
        );
    }
}

/// A warning per uncertain number that lies outside the fixed bounds of its distribution (the
/// runs never sample it), each with a button that widens the bounds to include it.
pub fn fixed_bounds_ui(ui: &mut Ui, s: &Scenario, out: &mut Vec<Command>) {
    let outside = outside_fixed_bounds(s);
    if outside.is_empty() {
        return;
    }
    let all = params(s);
    for (k, x) in outside {
        let d = &s.uncertainty[k];
        let unit = all
            .iter()
            .find(|p| p.path == d.path)
            .map_or("", |p| p.unit.as_str());
        let u = param_unit(unit);
        let (lo, hi) = d.distribution.support();
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "⚠ {} is {}, outside the fixed bounds of its distribution ({} to {}): the runs \
                     never sample it.",
                    param_label(&d.path, unit),
                    u.show(x),
                    u.show(lo),
                    u.show(hi)
                ),
            )
            .on_hover_text(d.path.as_str());
            if ui
                .button(Command::WidenBounds(String::new()).label())
                .on_hover_text(format!("Widen the bounds to include {}", u.show(x)))
                .clicked()
            {
                out.push(Command::WidenBounds(d.path.clone()));
            }
        });
    }
}
