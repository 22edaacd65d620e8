//! Colours: one per segment, one per funding source, one per benchmark, and one for each
//! aggregate series, the same on every tab — [`crate::format::palette`]'s, shared with the HTML
//! report — and the theme's colours for reference lines and alarms.

use egui::{Color32, Ui};

use crate::format::palette as hex;

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The colour of segment `i` (by its position in the scenario).
pub fn segment(i: usize) -> Color32 {
    rgb(hex::segment(i))
}

/// The colour of funding source `i`.
pub fn source(i: usize) -> Color32 {
    rgb(hex::source(i))
}

/// The colour of benchmark `i`.
pub fn benchmark(i: usize) -> Color32 {
    rgb(hex::benchmark(i))
}

/// The colour of a line of sources and uses.
pub fn flow(kind: crate::money::FlowKind) -> Color32 {
    rgb(hex::flow(kind))
}

/// Cumulative funding drawn.
pub const FUNDING: Color32 = rgb(hex::FUNDING);
/// Revenue earned by the fleet.
pub const REVENUE: Color32 = rgb(hex::REVENUE);
/// Operating cost paid.
pub const OPEX: Color32 = rgb(hex::OPEX);
/// Capital spent.
pub const SPEND: Color32 = rgb(hex::SPEND);
/// Delivered compute.
pub const COMPUTE: Color32 = rgb(hex::COMPUTE);
/// The accelerator fleet.
pub const FLEET: Color32 = rgb(hex::FLEET);
/// Cash in the treasury.
pub const TREASURY: Color32 = rgb(hex::TREASURY);
/// Debt outstanding.
pub const DEBT: Color32 = rgb(hex::DEBT);
/// Idle output.
pub const IDLE: Color32 = rgb(hex::IDLE);
/// Stranded fleet.
pub const STRANDED: Color32 = rgb(hex::STRANDED);

/// Demand: the theme's strong text colour, so it reads as the reference line.
pub fn demand(ui: &Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// Aggregates drawn over segment-coloured lines (the chain's P, H and F): the theme's text
/// colours, so they never clash with a segment's hue. `(text, strong text)`.
pub fn neutral(ui: &Ui) -> (Color32, Color32) {
    (ui.visuals().text_color(), ui.visuals().strong_text_color())
}

/// Shortfalls and breached limits: the theme's error colour.
pub fn alarm(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// A translucent version of `c` for filled areas.
pub fn fill(c: Color32, alpha: f32) -> Color32 {
    c.gamma_multiply(alpha)
}
