//! The scenario editor (left panel).

use egui::Ui;

use crate::model::{Issue, Scenario};

/// View state of the editor (which sections are open, which item is selected).
#[derive(Default)]
pub struct EditorState {}

/// Edits every field of `scenario` in place; marks fields named in `issues`.
pub fn editor_ui(ui: &mut Ui, _state: &mut EditorState, scenario: &mut Scenario, issues: &[Issue]) {
    ui.heading(&scenario.name);
    ui.label(format!("{} problems", issues.len()));
}
