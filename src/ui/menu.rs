//! The menu bar: File, Edit, Analysis, View, Help. Every item emits a [`Command`] (or changes a
//! view preference); nothing here touches a document.

use std::path::PathBuf;

use egui::{Button, ThemePreference, Ui};

use super::command::Command;
use super::command::HelpPage;
use super::plot_tab::PlotTab;

/// What the menus need to know.
pub struct MenuState<'a> {
    pub recent: &'a [PathBuf],
    pub can_undo: bool,
    pub can_redo: bool,
    pub theme: &'a mut ThemePreference,
    /// Whether the visible document's analysis is running.
    pub analysis_running: bool,
    /// Whether a document is open.
    pub has_document: bool,
    /// What Undo and Redo would change, in words (asked only while the Edit menu is open).
    pub edit_names: &'a dyn Fn() -> (Option<String>, Option<String>),
}

/// A menu item for `cmd`, showing its shortcut; pushes the command when clicked.
fn item(ui: &mut Ui, cmd: Command, enabled: bool, out: &mut Vec<Command>) {
    let mut button = Button::new(cmd.label());
    if let Some(s) = cmd.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(cmd);
    }
}

/// Undo or Redo, naming the change ("Undo: Power · lead time: 4 years to 5 years"); disabled
/// when there is nothing to undo or redo.
fn named_item(ui: &mut Ui, cmd: Command, change: Option<String>, out: &mut Vec<Command>) {
    let text = match &change {
        Some(c) => format!("{}: {c}", cmd.label()),
        None => cmd.label().to_owned(),
    };
    let mut button = Button::new(text);
    if let Some(s) = cmd.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(change.is_some(), button).clicked() {
        out.push(cmd);
    }
}

/// Draws the menu bar and collects the commands it emits.
pub fn menu_bar_ui(ui: &mut Ui, state: MenuState<'_>, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::New, true, out);
            item(ui, Command::Open, true, out);
            ui.menu_button("Open recent", |ui| {
                if state.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in state.recent {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        out.push(Command::OpenPath(path.clone()));
                    }
                }
                if !state.recent.is_empty() {
                    ui.separator();
                    item(ui, Command::ClearRecent, true, out);
                }
            });
            ui.separator();
            item(ui, Command::Save, true, out);
            item(ui, Command::SaveAs, true, out);
            ui.separator();
            item(ui, Command::ExportCsv, true, out);
            item(ui, Command::ExportReport, true, out);
            item(ui, Command::ExportPlotPng, true, out);
            item(ui, Command::ExportWindowPng, true, out);
            ui.separator();
            item(ui, Command::CloseTab, true, out);
            item(ui, Command::Quit, true, out);
        });
        ui.menu_button("Edit", |ui| {
            let (undo, redo) = (state.edit_names)();
            named_item(ui, Command::Undo, undo.filter(|_| state.can_undo), out);
            named_item(ui, Command::Redo, redo.filter(|_| state.can_redo), out);
        });
        ui.menu_button("Analysis", |ui| {
            for tab in [PlotTab::Uncertainty, PlotTab::Sensitivity, PlotTab::Compare] {
                if ui
                    .add_enabled(state.has_document, Button::new(tab.label()))
                    .on_hover_text(tab.description())
                    .clicked()
                {
                    out.push(Command::ShowPlotTab(tab));
                }
            }
            ui.separator();
            item(ui, Command::GoalSeek, state.has_document, out);
            ui.separator();
            item(ui, Command::RunAnalysis, state.has_document, out);
            item(ui, Command::CancelAnalysis, state.analysis_running, out);
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            for (pref, label) in [
                (ThemePreference::System, "Follow the system"),
                (ThemePreference::Light, "Light"),
                (ThemePreference::Dark, "Dark"),
            ] {
                ui.radio_value(state.theme, pref, label);
            }
        });
        ui.menu_button("Help", |ui| {
            for page in HelpPage::ALL {
                item(ui, Command::Help(page), true, out);
            }
        });
    });
}
