//! The rows of `scenarios/SOURCES.md` a note cites (`[ccgt-capex]`), shown under the note: the
//! figure with its unit and year, who published it, and a link to the publication where there
//! is one. Read-only: the note's text is what the file keeps.

use std::sync::OnceLock;

use egui::{RichText, Ui};

use crate::model::{SourceRow, cited, source_rows};

/// The shipped rows, read once.
fn rows() -> &'static [SourceRow] {
    static ROWS: OnceLock<Vec<SourceRow>> = OnceLock::new();
    ROWS.get_or_init(source_rows)
}

/// One line per row that `text` cites: `[ccgt-capex] CCGT capex: 2,400 (up to 4,000) $/kW
/// (2025) — NextEra; Rystad Energy …`, with the address as a link.
pub fn cited_rows_ui(ui: &mut Ui, text: &str) {
    let rows = cited(rows(), text);
    if rows.is_empty() {
        return;
    }
    ui.label(
        RichText::new("Cited in scenarios/SOURCES.md:")
            .small()
            .weak(),
    );
    for r in rows {
        let title = if r.title == "not recorded" || r.title == "—" {
            String::new()
        } else {
            format!(", “{}”", r.title)
        };
        let line = format!(
            "[{}] {}: {} — {}{title} ({})",
            r.name,
            r.parameter,
            r.figure_with_unit(),
            r.publisher,
            r.grade
        );
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(line).small());
            if let Some(url) = r.url() {
                ui.hyperlink_to(RichText::new("open").small(), url)
                    .on_hover_text(url);
            }
        });
    }
}
