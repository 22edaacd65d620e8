//! The colours of series as `0xRRGGBB`: one per segment, one per funding source, one per
//! benchmark, and one for each aggregate series — the same on every tab of the window
//! (`ui::plots::palette` turns them into egui colours) and in the HTML report ([`css`]).
//! Mid-tone colours (Tableau 10, ColorBrewer Dark2) that read on light and dark backgrounds.

use crate::money::FlowKind;

/// Segments: Tableau 10, in order.
const SEGMENTS: [u32; 10] = [
    0x4E79A7, // blue
    0xF28E2B, // orange
    0xE15759, // red
    0x76B7B2, // teal
    0x59A14F, // green
    0xEDC948, // yellow
    0xB07AA1, // purple
    0xFF9DA7, // pink
    0x9C755F, // brown
    0xBAB0AC, // grey
];

/// Funding sources: ColorBrewer Dark2, distinct from the segments' blues and oranges.
const SOURCES: [u32; 8] = [
    0x1B9E77, // green
    0xD95F02, // burnt orange
    0x7570B3, // violet
    0xE7298A, // magenta
    0x66A61E, // olive
    0xE6AB02, // mustard
    0xA6761D, // ochre
    0x999999, // grey
];

/// The colour of segment `i` (by its position in the scenario).
pub fn segment(i: usize) -> u32 {
    SEGMENTS[i % SEGMENTS.len()]
}

/// The colour of funding source `i`.
pub fn source(i: usize) -> u32 {
    SOURCES[i % SOURCES.len()]
}

/// The colour of benchmark `i`.
pub fn benchmark(i: usize) -> u32 {
    // Offset so the first benchmark is not the first segment's blue.
    SEGMENTS[(i + 6) % SEGMENTS.len()]
}

/// Cumulative funding drawn.
pub const FUNDING: u32 = 0x2E86C1;
/// Revenue earned by the fleet.
pub const REVENUE: u32 = 0x17BECF;
/// Operating cost paid.
pub const OPEX: u32 = 0x7F8C8D;
/// Capital spent.
pub const SPEND: u32 = 0xCA6F1E;
/// Delivered compute.
pub const COMPUTE: u32 = 0x8E44AD;
/// The accelerator fleet.
pub const FLEET: u32 = 0x148F77;
/// Cash in the treasury.
pub const TREASURY: u32 = 0xB7950B;
/// Debt outstanding.
pub const DEBT: u32 = 0xC0392B;
/// Idle output.
pub const IDLE: u32 = 0xE67E22;
/// Stranded fleet.
pub const STRANDED: u32 = 0xC0392B;

/// The colour of a line of sources and uses: its source's, its segment's, or the aggregate's.
pub fn flow(kind: FlowKind) -> u32 {
    match kind {
        FlowKind::Funding(k) => source(k),
        FlowKind::Revenue => REVENUE,
        FlowKind::Spend(k) => segment(k),
        FlowKind::OpexPaid => OPEX,
        FlowKind::DebtServicePaid => DEBT,
    }
}

/// `0x4E79A7` as CSS: `#4e79a7`.
pub fn css(rgb: u32) -> String {
    format!("#{:06x}", rgb & 0xFF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_cycle_and_read_as_css() {
        assert_eq!(css(segment(0)), "#4e79a7");
        assert_eq!(segment(10), segment(0));
        assert_eq!(source(8), source(0));
        assert_eq!(benchmark(0), segment(6));
        assert_eq!(css(0x00_0001), "#000001");
    }
}
