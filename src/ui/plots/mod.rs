//! The plot tabs (centre).

pub mod series;

use egui::{Rect, Ui};

use crate::engine::Outcome;
use crate::model::Scenario;

/// Which plot tab is shown, and plot view state.
#[derive(Default)]
pub struct PlotsState {}

/// Draws the plot tabs; returns the screen rectangle of the visible plot (for PNG export).
pub fn plots_ui(
    ui: &mut Ui,
    _state: &mut PlotsState,
    _scenario: &Scenario,
    _outcome: &Outcome,
    _stale: bool,
) -> Option<Rect> {
    Some(ui.label("plots").rect)
}
