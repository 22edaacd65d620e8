//! CSV export of every output series: one row per period, one column per series.
//!
//! The header names each column with its unit in brackets (`Fabs in service [wafers/month]`);
//! the first columns are the period label and its start in fractional years, the last the
//! binding segment (with the optimal plan's marginal values before it, where they are given).
//! Numbers are written in full precision with `.` as the decimal mark, so
//! pandas (`pd.read_csv`) and spreadsheets read them as numbers.

use std::path::Path;

use crate::engine::Outcome;

/// Writes the outcome as CSV to `out`.
pub fn write_csv(outcome: &Outcome, out: impl std::io::Write) -> csv::Result<()> {
    write_csv_with(outcome, &[], out)
}

/// Writes the outcome as CSV to `out`, with `extra` columns (header with its unit, one value
/// per period) after the series: the optimal plan's marginal values
/// ([`crate::engine::optimal::Marginal::columns`]).
pub fn write_csv_with(
    outcome: &Outcome,
    extra: &[(String, Vec<f64>)],
    out: impl std::io::Write,
) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let cols = outcome.columns();
    let mut header = vec!["period".to_owned(), "year".to_owned()];
    header.extend(cols.iter().map(|c| c.header()));
    header.extend(extra.iter().map(|(h, _)| h.clone()));
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
        row.extend(
            extra
                .iter()
                .map(|(_, v)| v.get(i).map_or(String::new(), f64::to_string)),
        );
        row.push(outcome.binding_name(i).to_owned());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the outcome (and `extra` columns, see [`write_csv_with`]) as CSV to a file,
/// atomically.
pub fn write_csv_file(
    outcome: &Outcome,
    extra: &[(String, Vec<f64>)],
    path: &Path,
) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    write_csv_with(outcome, extra, &mut bytes).map_err(std::io::Error::other)?;
    super::write_atomically(path, &bytes)
}
