//! CSV export of every output series: one row per period, one column per series.
//!
//! The header names each column with its unit in brackets (`Fabs in service [wafers/month]`);
//! the first columns are the period label and its start in fractional years, the last the
//! binding segment. Numbers are written in full precision with `.` as the decimal mark, so
//! pandas (`pd.read_csv`) and spreadsheets read them as numbers.

use std::path::Path;

use crate::engine::Outcome;

/// Writes the outcome as CSV to `out`.
pub fn write_csv(outcome: &Outcome, out: impl std::io::Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let cols = outcome.columns();
    let mut header = vec!["period".to_owned(), "year".to_owned()];
    header.extend(cols.iter().map(|c| c.header()));
    header.push("binding segment".to_owned());
    w.write_record(&header)?;
    let labels = outcome.period_labels();
    let mut row = Vec::with_capacity(header.len());
    for (i, label) in labels.iter().enumerate() {
        row.clear();
        row.push(label.clone());
        row.push(outcome.time[i].to_string());
        row.extend(
            cols.iter()
                .map(|c| c.values.get(i).map_or(String::new(), f64::to_string)),
        );
        row.push(outcome.binding_name(i).to_owned());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the outcome as CSV to a file, atomically.
pub fn write_csv_file(outcome: &Outcome, path: &Path) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    write_csv(outcome, &mut bytes).map_err(std::io::Error::other)?;
    super::write_atomically(path, &bytes)
}
