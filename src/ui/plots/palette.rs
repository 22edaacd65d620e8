//! Colours: one per segment, one per funding source, one per benchmark, and one for each
//! aggregate series, the same on every tab. Mid-tone colours (Tableau 10, ColorBrewer Dark2)
//! that read on both the light and the dark theme.

use egui::{Color32, Ui};

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// Segments: Tableau 10, in order.
const SEGMENTS: [Color32; 10] = [
    rgb(0x4E79A7), // blue
    rgb(0xF28E2B), // orange
    rgb(0xE15759), // red
    rgb(0x76B7B2), // teal
    rgb(0x59A14F), // green
    rgb(0xEDC948), // yellow
    rgb(0xB07AA1), // purple
    rgb(0xFF9DA7), // pink
    rgb(0x9C755F), // brown
    rgb(0xBAB0AC), // grey
];

/// Funding sources: ColorBrewer Dark2, distinct from the segments' blues and oranges.
const SOURCES: [Color32; 8] = [
    rgb(0x1B9E77), // green
    rgb(0xD95F02), // burnt orange
    rgb(0x7570B3), // violet
    rgb(0xE7298A), // magenta
    rgb(0x66A61E), // olive
    rgb(0xE6AB02), // mustard
    rgb(0xA6761D), // ochre
    rgb(0x999999), // grey
];

/// The colour of segment `i` (by its position in the scenario).
pub fn segment(i: usize) -> Color32 {
    SEGMENTS[i % SEGMENTS.len()]
}

/// The colour of funding source `i`.
pub fn source(i: usize) -> Color32 {
    SOURCES[i % SOURCES.len()]
}

/// The colour of benchmark `i`.
pub fn benchmark(i: usize) -> Color32 {
    // Offset so the first benchmark is not the first segment's blue.
    SEGMENTS[(i + 6) % SEGMENTS.len()]
}

/// Cumulative funding drawn.
pub const FUNDING: Color32 = rgb(0x2E86C1);
/// Revenue earned by the fleet.
pub const REVENUE: Color32 = rgb(0x17BECF);
/// Operating cost paid.
pub const OPEX: Color32 = rgb(0x7F8C8D);
/// Capital spent.
pub const SPEND: Color32 = rgb(0xCA6F1E);
/// Delivered compute.
pub const COMPUTE: Color32 = rgb(0x8E44AD);
/// The accelerator fleet.
pub const FLEET: Color32 = rgb(0x148F77);
/// Cash in the treasury.
pub const TREASURY: Color32 = rgb(0xB7950B);
/// Debt outstanding.
pub const DEBT: Color32 = rgb(0xC0392B);
/// Idle output.
pub const IDLE: Color32 = rgb(0xE67E22);
/// Stranded fleet.
pub const STRANDED: Color32 = rgb(0xC0392B);

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
