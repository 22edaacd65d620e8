//! The Help window (F1): "How Buildout computes" — the engine's rules, from the very text of
//! the engine's docs (`src/engine/rules.md`), so that the two cannot drift — the keyboard
//! shortcuts, from the commands themselves, and About.

use egui::text::LayoutJob;
use egui::{FontId, RichText, ScrollArea, TextFormat, Ui};

use super::command::{Command, HelpPage};

/// Set, a `--screenshot` run opens the Help window first.
pub const HELP_ENV: &str = "BUILDOUT_HELP";

/// The engine's rules, as written for its docs.
pub const RULES_MD: &str = include_str!("../engine/rules.md");

/// Shows the Help window while `page` is set; closing it clears `page`.
pub fn help_ui(ctx: &egui::Context, page: &mut Option<HelpPage>) {
    let Some(current) = *page else {
        return;
    };
    let mut open = true;
    let mut shown = current;
    egui::Window::new("Help")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .default_size([640.0, 520.0])
        .max_height(ctx.content_rect().height() * 0.85)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                for p in HelpPage::ALL {
                    ui.selectable_value(&mut shown, p, p.label());
                }
            });
            ui.separator();
            ScrollArea::vertical()
                .id_salt(("help", shown.label()))
                .show(ui, |ui| match shown {
                    HelpPage::Computes => markdown_ui(ui, RULES_MD),
                    HelpPage::Shortcuts => shortcuts_ui(ui),
                    HelpPage::About => about_ui(ui),
                });
        });
    *page = open.then_some(shown);
}

fn shortcuts_ui(ui: &mut Ui) {
    egui::Grid::new("help-shortcuts")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for cmd in Command::WITH_SHORTCUTS {
                if let Some(s) = cmd.shortcut() {
                    ui.label(RichText::new(ui.ctx().format_shortcut(&s)).monospace());
                    ui.label(cmd.label());
                    ui.end_row();
                }
            }
            for (keys, what) in [
                ("Ctrl + Shift + Z", "Redo"),
                ("Drag a number", "Change it; Ctrl + wheel zooms a plot"),
                ("Double-click a plot", "Reset its zoom"),
                (
                    "Right-click a number",
                    "Make it uncertain, or edit its distribution",
                ),
                ("Escape", "Drop a typed entry or close a dialog"),
            ] {
                ui.label(RichText::new(keys).monospace());
                ui.label(what);
                ui.end_row();
            }
        });
}

fn about_ui(ui: &mut Ui) {
    ui.heading(format!("Buildout {}", env!("CARGO_PKG_VERSION")));
    ui.label(env!("CARGO_PKG_DESCRIPTION"));
    ui.add_space(6.0);
    ui.label(format!(
        "Scenario files: format version {}. Licence: {}.",
        crate::model::FILE_VERSION,
        env!("CARGO_PKG_LICENSE")
    ));
    ui.weak("The same engine runs headless: buildout --help.");
}

/// Draws the subset of Markdown the rules use: `#` headings, paragraphs, numbered and bulleted
/// items, `**bold**` and `` `code` ``; rustdoc links (`` [`x`](path) ``, `` [`x`] ``) read as
/// their text.
fn markdown_ui(ui: &mut Ui, text: &str) {
    for block in blocks(text) {
        match block {
            Block::Heading(h) => {
                ui.add_space(6.0);
                ui.heading(h);
            }
            Block::Paragraph(p) => {
                let job = inline_job(ui, &p);
                ui.label(job);
                ui.add_space(4.0);
            }
        }
    }
}

/// A heading or a paragraph (a list item is a paragraph that keeps its marker).
#[derive(Debug, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut Vec<Block>| {
        if !para.trim().is_empty() {
            out.push(Block::Paragraph(strip_links(para.trim())));
        }
        para.clear();
    };
    for line in text.lines() {
        let t = line.trim();
        let item = t.starts_with("- ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if let Some(h) = t.strip_prefix("# ") {
            flush(&mut para, &mut out);
            out.push(Block::Heading(h.to_owned()));
        } else if t.is_empty() {
            flush(&mut para, &mut out);
        } else if item && !line.starts_with(' ') {
            flush(&mut para, &mut out);
            para.push_str(t);
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(t);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// `` [`x`](target) `` and `` [`x`] `` → `` `x` ``.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find("[`") {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[k..]);
            return out;
        };
        out.push_str(&after[..end + 1]);
        rest = &after[end + 2..];
        if rest.starts_with('(')
            && let Some(close) = rest.find(')')
        {
            rest = &rest[close + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// A paragraph with `**bold**` and `` `code` `` spans.
fn inline_job(ui: &Ui, p: &str) -> LayoutJob {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let mono = FontId::monospace(body.size * 0.95);
    let text = ui.visuals().text_color();
    let strong = ui.visuals().strong_text_color();
    let mut job = LayoutJob::default();
    for (k, bold_part) in p.split("**").enumerate() {
        let bold = k % 2 == 1;
        for (j, part) in bold_part.split('`').enumerate() {
            let code = j % 2 == 1;
            let format = TextFormat {
                font_id: if code { mono.clone() } else { body.clone() },
                color: if bold { strong } else { text },
                ..Default::default()
            };
            job.append(part, 0.0, format);
        }
    }
    job.wrap.max_width = ui.available_width();
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustdoc_links_read_as_their_text() {
        assert_eq!(
            strip_links("[`simulate`] turns a [`Scenario`](crate::model::Scenario) into x"),
            "`simulate` turns a `Scenario` into x"
        );
        assert_eq!(strip_links("no links [here"), "no links [here");
    }

    /// The page is the engine's own text: its heading and every numbered rule are there.
    #[test]
    fn the_rules_page_is_the_engines_text() {
        let b = blocks(RULES_MD);
        assert!(b.contains(&Block::Heading("The rules, period by period".to_owned())));
        for n in 1..=7 {
            assert!(
                b.iter().any(
                    |x| matches!(x, Block::Paragraph(p) if p.starts_with(&format!("{n}. **")))
                ),
                "rule {n}"
            );
        }
        assert!(
            !b.iter()
                .any(|x| matches!(x, Block::Paragraph(p) if p.contains("[`")))
        );
    }
}
