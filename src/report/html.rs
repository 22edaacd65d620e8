//! HTML pieces of the report: escaping, tables, and the page's inline style sheet.
//!
//! Every text that comes from a scenario goes through [`escape`]; the builders here escape
//! what they are given, so a caller passes plain text (or [`Cell::Html`] for markup it wrote).

use std::fmt::Write as _;

/// `text` with `& < > " '` replaced by their entities: safe in element content and in
/// quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text, escaped when written.
    Text(String),
    /// A number with its unit, escaped and right-aligned.
    Number(String),
    /// Markup written by the report itself.
    Html(String),
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Self {
        Self::Text(t.into())
    }

    pub fn number(t: impl Into<String>) -> Self {
        Self::Number(t.into())
    }
}

/// A table: its `id`, a caption, the header row and the body rows; `class` of each body row
/// (e.g. `warning`), or empty.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub header: Vec<String>,
    /// Which header cells head a column of numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<(String, Vec<Cell>)>,
}

impl Table {
    pub fn new(id: &str, caption: impl Into<String>) -> Self {
        Self {
            id: id.to_owned(),
            caption: caption.into(),
            ..Self::default()
        }
    }

    /// The header row; `numeric` marks the columns of numbers.
    pub fn header(mut self, cells: &[(&str, bool)]) -> Self {
        self.header = cells.iter().map(|(h, _)| (*h).to_owned()).collect();
        self.numeric = cells.iter().map(|(_, n)| *n).collect();
        self
    }

    /// [`Self::header`] from owned texts.
    pub fn header_owned(mut self, cells: Vec<(String, bool)>) -> Self {
        self.numeric = cells.iter().map(|(_, n)| *n).collect();
        self.header = cells.into_iter().map(|(h, _)| h).collect();
        self
    }

    pub fn row(&mut self, class: &str, cells: Vec<Cell>) {
        self.rows.push((class.to_owned(), cells));
    }

    /// The table as HTML.
    pub fn html(&self) -> String {
        let mut s = String::new();
        let _ = write!(s, "<table id=\"{}\" class=\"data\">", escape(&self.id));
        if !self.caption.is_empty() {
            let _ = write!(s, "<caption>{}</caption>", escape(&self.caption));
        }
        s.push_str("<thead><tr>");
        for (k, h) in self.header.iter().enumerate() {
            let class = if self.numeric.get(k) == Some(&true) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(s, "<th scope=\"col\"{class}>{}</th>", escape(h));
        }
        s.push_str("</tr></thead><tbody>");
        for (class, cells) in &self.rows {
            if class.is_empty() {
                s.push_str("<tr>");
            } else {
                let _ = write!(s, "<tr class=\"{}\">", escape(class));
            }
            for cell in cells {
                match cell {
                    Cell::Text(t) => {
                        let _ = write!(s, "<td>{}</td>", escape(t));
                    }
                    Cell::Number(t) => {
                        let _ = write!(s, "<td class=\"num\">{}</td>", escape(t));
                    }
                    Cell::Html(h) => {
                        let _ = write!(s, "<td>{h}</td>");
                    }
                }
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
        s
    }
}

/// An element with escaped text: `<p class="lede">…</p>`.
pub fn element(tag: &str, class: &str, text: &str) -> String {
    if class.is_empty() {
        format!("<{tag}>{}</{tag}>", escape(text))
    } else {
        format!("<{tag} class=\"{class}\">{}</{tag}>", escape(text))
    }
}

/// A link to a public address (not an asset: nothing is loaded until it is followed).
pub fn link(url: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
        escape(url),
        escape(text)
    )
}

/// The page's style sheet: system fonts only (no web fonts), print-friendly.
pub const STYLE: &str = r#"
:root { --ink:#1d2733; --muted:#5b6675; --rule:#d9dee5; --panel:#f6f8fa; --accent:#1f4e79;
  --alarm:#b3261e; --alarm-bg:#fdf1f0; }
* { box-sizing:border-box; }
html { background:#eef1f4; }
body { margin:0 auto; max-width:1040px; background:#fff; color:var(--ink);
  font:15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
  "Liberation Sans", sans-serif; padding:0 48px 40px; font-variant-numeric:tabular-nums; }
header.report { border-top:6px solid var(--accent); padding:28px 0 12px; }
.kicker { text-transform:uppercase; letter-spacing:.08em; font-size:12px; color:var(--accent);
  font-weight:600; margin:0 0 6px; }
h1 { font-size:28px; line-height:1.2; margin:0 0 10px; font-weight:700; }
h2 { font-size:20px; margin:36px 0 6px; padding-bottom:6px; border-bottom:1px solid var(--rule); }
h3 { font-size:16px; margin:22px 0 6px; }
p { margin:6px 0 10px; }
.description { font-size:16px; color:#333d49; max-width:60em; }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; margin:14px 0 0;
  font-size:14px; color:var(--muted); }
dl.meta dt { font-weight:600; color:var(--ink); }
dl.meta dd { margin:0; }
.lede { color:var(--muted); font-size:14px; max-width:62em; }
.note { color:var(--muted); font-style:italic; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(220px, 1fr)); gap:10px;
  margin:14px 0 18px; }
.card { background:var(--panel); border:1px solid var(--rule); border-radius:6px; padding:10px 14px; }
.card .label { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.card .value { font-size:21px; font-weight:650; margin-top:2px; }
.card.warning { border-color:#e8b4b0; background:var(--alarm-bg); }
table.data { border-collapse:collapse; width:100%; font-size:13.5px; margin:8px 0 14px; }
table.data caption { text-align:left; color:var(--muted); font-size:13px; padding:0 0 6px; }
table.data th { text-align:left; font-weight:600; border-bottom:2px solid var(--ink);
  padding:6px 10px 5px; vertical-align:bottom; }
table.data td { border-bottom:1px solid var(--rule); padding:5px 10px; vertical-align:top; }
table.data tbody tr:nth-child(even) td { background:#fafbfc; }
table.data .num { text-align:right; white-space:nowrap; }
table.data tr.warning td { background:var(--alarm-bg); }
table.data tr.total td { font-weight:650; border-top:1px solid var(--ink); }
table.data .detail { color:var(--muted); font-size:12.5px; line-height:1.35; }
table.data tr.group td { font-weight:650; text-transform:uppercase; font-size:12px; letter-spacing:.05em;
  color:var(--accent); background:#fff; padding-top:12px; }
.swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:7px;
  vertical-align:baseline; background:transparent; }
code.path { font-size:11.5px; color:var(--muted); }
.mark { color:var(--alarm); font-weight:700; }
.warnings { border:1px solid #e8b4b0; border-left:6px solid var(--alarm); background:var(--alarm-bg);
  border-radius:4px; padding:10px 18px 8px; margin:14px 0; }
.warnings h2 { border:0; margin:4px 0; color:var(--alarm); font-size:18px; }
.warnings li { margin:4px 0; }
.ok { border-left:6px solid #2e7d32; background:#f1f8f2; padding:10px 18px; border-radius:4px; }
figure.plot { margin:14px 0 20px; padding:10px 12px 4px; border:1px solid var(--rule);
  border-radius:6px; break-inside:avoid; }
figure.plot svg { width:100%; height:auto; display:block; }
figure.plot figcaption { font-size:13px; color:var(--muted); padding:4px 4px 6px; }
svg.chart text { font-size:12px; fill:#3c4654; }
svg.chart .chart-title { font-size:15px; font-weight:650; fill:var(--ink); }
svg.chart .chart-subtitle { font-size:12.5px; fill:var(--muted); }
svg.chart .grid line { stroke:#e6e9ee; stroke-width:1; }
svg.chart .grid line.zero { stroke:#9aa3ad; }
svg.chart .frame { fill:none; stroke:#b9c0c9; stroke-width:1; }
svg.chart .axis-labels text { font-size:12.5px; fill:var(--muted); }
svg.chart .mark-label { font-size:11px; fill:#2b3440; }
.pair { display:grid; grid-template-columns:1fr 1fr; gap:28px; align-items:start; margin-bottom:10px; }
#kpi-table td { padding:3px 10px; }
#kpi-table td:first-child { white-space:nowrap; }
#kpi-table td.mark { width:1.5em; padding-left:0; padding-right:0; text-align:center; }
#kpi-table td.detail { border-left:1px solid var(--rule); }
#kpi-percentiles, #tornado-table, #sources { font-size:12.5px; }
#kpi-percentiles .num, #tornado-table td:nth-child(2) { white-space:normal; }
#kpi-percentiles td:first-child { min-width:12em; }
.citations td:first-child { white-space:nowrap; font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; }
footer { margin-top:36px; padding-top:10px; border-top:1px solid var(--rule); color:var(--muted); font-size:12.5px; }
a { color:var(--accent); }
@media print {
  html { background:#fff; } body { padding:0; max-width:none; }
  a[href]::after { content:" (" attr(href) ")"; font-size:11px; color:var(--muted); word-break:break-all; }
  h2 { break-after:avoid; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"<b>&"x'"#), "&lt;b&gt;&amp;&quot;x&#39;");
        assert_eq!(escape("plain — text"), "plain — text");
    }

    #[test]
    fn tables_escape_their_cells_and_mark_numbers() {
        let mut t = Table::new("t", "A <caption>").header(&[("Name", false), ("Value", true)]);
        t.row("warning", vec![Cell::text("a&b"), Cell::number("$1.2T")]);
        t.row("", vec![Cell::Html("<em>x</em>".into()), Cell::number("3")]);
        let h = t.html();
        assert!(
            h.starts_with("<table id=\"t\" class=\"data\"><caption>A &lt;caption&gt;</caption>")
        );
        assert!(h.contains("<th scope=\"col\" class=\"num\">Value</th>"));
        assert!(
            h.contains("<tr class=\"warning\"><td>a&amp;b</td><td class=\"num\">$1.2T</td></tr>")
        );
        assert!(h.contains("<td><em>x</em></td>"));
        assert!(h.ends_with("</tbody></table>"));
        assert_eq!(
            link("https://example.org/?a=1&b=2", "Site"),
            "<a href=\"https://example.org/?a=1&amp;b=2\" rel=\"noreferrer noopener\">Site</a>"
        );
    }
}
