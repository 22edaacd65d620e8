//! Modal questions and the notices (toasts): the unsaved-changes guard, the typed-path fallback when
//! no file dialog is available, and errors or confirmations shown to the person.

use std::path::PathBuf;

use egui::{Id, Modal, RichText};

use super::command::Command;
use super::files::Purpose;

/// Who asked to close with unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guard {
    /// One tab, by document id.
    Tab(u64),
    /// The whole window.
    Window,
}

/// Answer of the guard modal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuardChoice {
    Save,
    Discard,
    Cancel,
}

/// Asks whether to save `names` (the unsaved scenarios) before closing. Returns the choice
/// once made.
pub fn guard_ui(ctx: &egui::Context, guard: &Guard, names: &[String]) -> Option<GuardChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::unique("unsaved-changes-guard")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading("Unsaved changes");
        let what = match (guard, names) {
            (Guard::Tab(_), [name]) => format!("Save the changes to {name} before closing it?"),
            (_, [name]) => format!("Save the changes to {name} before quitting?"),
            _ => format!(
                "{} files have unsaved changes: {}. Save them before quitting?",
                names.len(),
                names.join(", ")
            ),
        };
        ui.label(what);
        ui.label(RichText::new("If you don't save, your changes will be lost.").weak());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(GuardChoice::Save);
            }
            if ui.button("Discard").clicked() {
                choice = Some(GuardChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(GuardChoice::Cancel);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(GuardChoice::Cancel);
    }
    choice
}

/// The typed-path fallback for a dialog that could not be shown.
pub struct PathPrompt {
    pub purpose: Purpose,
    pub text: String,
}

/// Shows the path prompt; returns the command to run once answered, and whether it closed.
pub fn path_prompt_ui(ctx: &egui::Context, prompt: &mut PathPrompt) -> (Option<Command>, bool) {
    let mut result = (None, false);
    let modal = Modal::new(Id::unique("path-prompt")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(prompt.purpose.title());
        ui.label(
            "No file dialog is available on this system (install zenity or a desktop portal). \
             Type the file's path instead:",
        );
        let label = ui.label("Path");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut prompt.text)
                .desired_width(f32::INFINITY)
                .hint_text("a full path, e.g. …/plans/plan.ron"),
        );
        let edit = edit.labelled_by(label.id);
        let submitted = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(!prompt.text.trim().is_empty(), egui::Button::new("OK"));
            if (ok.clicked() || submitted) && !prompt.text.trim().is_empty() {
                let path = super::files::with_extension(
                    PathBuf::from(prompt.text.trim()),
                    prompt.purpose.extension(),
                );
                result = (Some(command_for(prompt.purpose, path)), true);
            }
            if ui.button("Cancel").clicked() {
                result.1 = true;
            }
        });
    });
    if modal.should_close() {
        result.1 = true;
    }
    result
}

/// The command that acts on a path chosen for `purpose`.
pub fn command_for(purpose: Purpose, path: PathBuf) -> Command {
    match purpose {
        Purpose::Open => Command::OpenPath(path),
        Purpose::SaveAs => Command::SaveTo(path),
        Purpose::ExportCsv => Command::ExportCsvTo(path),
        Purpose::ExportReport => Command::ExportReportTo(path),
        Purpose::ExportPlotPng => Command::ExportPngTo {
            path,
            whole_window: false,
        },
        Purpose::ExportWindowPng => Command::ExportPngTo {
            path,
            whole_window: true,
        },
    }
}

/// A message for the person: errors stay until dismissed, confirmations fade.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    /// `egui` time at which it was posted.
    pub since: f64,
}

/// How long a confirmation stays.
const INFO_SECONDS: f64 = 5.0;

/// Widest a toast grows before its text wraps.
const TOAST_WIDTH: f32 = 440.0;

/// Shows the notices as toasts over the bottom-right corner of the window, newest last: an
/// overlay, so that a notice coming or going never moves the layout under the pointer.
/// Removes dismissed and expired ones.
pub fn notices_ui(ctx: &egui::Context, notices: &mut Vec<Notice>) {
    let now = ctx.input(|i| i.time);
    notices.retain(|n| n.error || now - n.since < INFO_SECONDS);
    if notices.is_empty() {
        return;
    }
    let mut dismiss = None;
    egui::Area::new(Id::unique("notices"))
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
        .show(ctx, |ui| {
            ui.set_max_width(TOAST_WIDTH);
            for (k, n) in notices.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(TOAST_WIDTH);
                    ui.horizontal(|ui| {
                        let (icon, color) = if n.error {
                            ("⚠", ui.visuals().error_fg_color)
                        } else {
                            ("✔", ui.visuals().text_color())
                        };
                        ui.label(RichText::new(icon).color(color));
                        // Errors keep their Dismiss button in view, left of the text.
                        if n.error && ui.small_button("Dismiss").clicked() {
                            dismiss = Some(k);
                        }
                        ui.add(egui::Label::new(RichText::new(&n.text).color(color)).wrap());
                    });
                });
            }
        });
    if let Some(k) = dismiss {
        notices.remove(k);
    }
    if notices.iter().any(|n| !n.error) {
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }
}
