//! The published figures the shipped scenarios cite: `scenarios/SOURCES.md`, embedded, read
//! into rows. A scenario cites a row by its name in square brackets — `[fab-capex-ibs]` — in a
//! note, its description or a comment; [`cited`] finds the rows a text cites, for the window
//! to show under a note. Pure data, no I/O.

/// `scenarios/SOURCES.md`, as shipped.
pub const SOURCES_MD: &str = include_str!("../../scenarios/SOURCES.md");

/// One row of `SOURCES.md`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// What scenarios cite, without brackets: `fab-capex-ibs`.
    pub name: String,
    pub parameter: String,
    pub figure: String,
    pub unit: String,
    pub year: String,
    pub publisher: String,
    pub title: String,
    pub date: String,
    /// A public web address, or `not recorded` / `—`.
    pub address: String,
    pub grade: String,
}

impl SourceRow {
    /// `20 / 28 $B (2023)`.
    pub fn figure_with_unit(&self) -> String {
        let unit = if self.unit == "—" {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        format!("{}{unit} ({})", self.figure, self.year)
    }

    /// The address, if the row has one.
    pub fn url(&self) -> Option<&str> {
        self.address
            .split(" ; ")
            .next()
            .filter(|a| a.starts_with("https://"))
    }
}

/// Every row of [`SOURCES_MD`], in order.
pub fn source_rows() -> Vec<SourceRow> {
    SOURCES_MD.lines().filter_map(row).collect()
}

/// A table line whose first cell is a backticked name.
fn row(line: &str) -> Option<SourceRow> {
    let cells: Vec<&str> = line
        .strip_prefix('|')?
        .strip_suffix('|')?
        .split('|')
        .map(str::trim)
        .collect();
    let [
        name,
        parameter,
        figure,
        unit,
        year,
        publisher,
        title,
        date,
        address,
        grade,
    ] = cells.as_slice()
    else {
        return None;
    };
    let name = name.strip_prefix('`')?.strip_suffix('`')?;
    Some(SourceRow {
        name: name.to_owned(),
        parameter: (*parameter).to_owned(),
        figure: (*figure).to_owned(),
        unit: (*unit).to_owned(),
        year: (*year).to_owned(),
        publisher: (*publisher).to_owned(),
        title: (*title).to_owned(),
        date: (*date).to_owned(),
        address: (*address).to_owned(),
        grade: (*grade).to_owned(),
    })
}

/// The names a text cites: every `[name]` made of lower-case letters, digits and `-`, in
/// order of first appearance.
pub fn citations(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else {
            break;
        };
        let name = &rest[..close];
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && name.contains('-');
        if is_name && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The rows of `rows` that `text` cites, in order of citation; unknown names are left out.
pub fn cited<'r>(rows: &'r [SourceRow], text: &str) -> Vec<&'r SourceRow> {
    citations(text)
        .into_iter()
        .filter_map(|n| rows.iter().find(|r| r.name == n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_its_figure_and_publisher_and_names_are_unique() {
        let rows = source_rows();
        assert_eq!(rows.len(), 49);
        for r in &rows {
            for (what, v) in [
                ("figure", &r.figure),
                ("unit", &r.unit),
                ("year", &r.year),
                ("publisher", &r.publisher),
                ("title", &r.title),
                ("date", &r.date),
                ("address", &r.address),
                ("grade", &r.grade),
            ] {
                assert!(!v.is_empty(), "{}: no {what}", r.name);
            }
            assert!(
                r.url().is_some()
                    || matches!(r.address.as_str(), "not recorded" | "—")
                    || r.address.starts_with("as `"),
                "{}: {}",
                r.name,
                r.address
            );
        }
        let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rows.len());
        let wsj = rows.iter().find(|r| r.name == "wsj-raise").expect("row");
        assert_eq!(wsj.figure_with_unit(), "5–7 $T (2024)");
        assert_eq!(
            wsj.url(),
            Some(
                "https://www.wsj.com/tech/ai/sam-altman-seeks-trillions-of-dollars-to-reshape-business-of-chips-and-ai-89ab3db0"
            )
        );
    }

    #[test]
    fn citations_are_bracketed_names() {
        assert_eq!(
            citations(
                "Capex (IBS (B)) [fab-capex-ibs]; see [tsmc-capex], [fab-capex-ibs], [B] [x]"
            ),
            ["fab-capex-ibs", "tsmc-capex"]
        );
        let rows = source_rows();
        let c = cited(&rows, "[ccgt-capex] [no-such-row] [turbine-lead]");
        let names: Vec<&str> = c.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["ccgt-capex", "turbine-lead"]);
    }
}
