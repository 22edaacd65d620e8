//! Names that other parts of the scenario refer to (segments, funding sources, benchmarks):
//! edited as text and applied only when committed, so that references follow whole names.

use egui::{Id, Key, TextEdit, Ui};

use super::fields::row;
use super::row::{RowContext, message_ui};
use crate::model::RenameError;

/// The pending text of a name field and the last refused rename (view state).
#[derive(Default)]
pub struct NameEdits {
    editing: Option<(Id, String)>,
    refused: Option<(Id, String)>,
}

/// A name that others refer to: edited as text and applied by `rename` only when committed
/// (Enter, leaving the field, or a value set by assistive technology), so that references
/// never pass through a half-typed name. Escape drops the edit. A refused rename says why.
#[expect(
    clippy::too_many_arguments,
    reason = "a row's place and label, the name and how to apply it, each used once"
)]
pub fn name_row(
    ui: &mut Ui,
    cx: &RowContext<'_>,
    edits: &mut NameEdits,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    path: &str,
    label: &str,
    current: &str,
    rename: impl FnOnce(&str) -> Result<(), RenameError>,
) {
    let id = ui.make_persistent_id(id_salt);
    let mut text = match &edits.editing {
        Some((e, t)) if *e == id => t.clone(),
        _ => current.to_owned(),
    };
    let r = row(ui, cx, path, label, |ui| {
        ui.add(
            TextEdit::singleline(&mut text)
                .id(id)
                .desired_width(f32::INFINITY),
        )
        .on_hover_text("Press Enter to rename; references follow the new name")
    });
    if r.changed() {
        edits.editing = Some((id, text.clone()));
    }
    let escape = ui.input(|i| i.key_pressed(Key::Escape));
    let commit = (r.lost_focus() && !escape) || (r.changed() && !r.has_focus());
    if r.lost_focus() && escape && edits.editing.as_ref().is_some_and(|(e, _)| *e == id) {
        edits.editing = None;
    }
    if commit {
        if edits.editing.as_ref().is_some_and(|(e, _)| *e == id) {
            edits.editing = None;
        }
        edits.refused = match rename(&text) {
            Ok(()) => None,
            Err(e) => Some((id, format!("Not renamed: {e}"))),
        };
    }
    if let Some((e, msg)) = &edits.refused
        && *e == id
    {
        message_ui(ui, msg);
    }
}
