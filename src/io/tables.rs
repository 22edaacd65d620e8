//! The command line's tables as CSV: Monte Carlo samples (one row per sample: its index, the
//! drivers' values and every KPI), fan charts (P5–P95 of every series per year, long format)
//! and sweeps (one row per value of the swept parameter). Numbers are written in full
//! precision with `.` as the decimal mark and every header names its unit in brackets, so
//! pandas and spreadsheets read them as numbers. Each returns the file's bytes; the caller
//! writes them ([`super::write_atomically`]).

use crate::engine::montecarlo::McResult;

fn finish(w: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Every sample of a Monte Carlo run: `sample`, each driver (its path), each KPI (`key [unit]`).
pub fn samples_csv(r: &McResult) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["sample".to_owned()];
    header.extend(r.drivers.iter().cloned());
    header.extend(r.kpis.iter().map(|k| format!("{} [{}]", k.key, k.unit)));
    w.write_record(&header)?;
    let drivers: Vec<Vec<f64>> = (0..r.drivers.len()).map(|d| r.driver_samples(d)).collect();
    let kpis: Vec<Vec<f64>> = (0..r.kpis.len()).map(|k| r.kpi_samples(k)).collect();
    for i in 0..r.len() {
        let mut row = vec![(r.settings.first_sample + i as u64).to_string()];
        row.extend(drivers.iter().map(|d| d[i].to_string()));
        row.extend(kpis.iter().map(|k| k[i].to_string()));
        w.write_record(&row)?;
    }
    finish(w)
}

/// The fan chart of every series a run kept: `series, unit, year, P5, P25, P50, P75, P95`.
pub fn fan_csv(r: &McResult) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["series", "unit", "year", "P5", "P25", "P50", "P75", "P95"])?;
    for (k, meta) in r.series.iter().enumerate() {
        let fan = r.fan(k);
        for (y, year) in fan.years.iter().enumerate() {
            let mut row = vec![meta.name.clone(), meta.unit.clone(), year.to_string()];
            row.extend(fan.bands.iter().map(|b| b[y].to_string()));
            w.write_record(&row)?;
        }
    }
    finish(w)
}

/// A sweep: the first column is the parameter (`path [unit]`) and its values `xs`, then one
/// column per metric (`key [unit]`) with `rows[i]` the metrics at `xs[i]`.
pub fn sweep_csv(
    param: (&str, &str),
    metrics: &[(String, String)],
    xs: &[f64],
    rows: &[Vec<f64>],
) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![format!("{} [{}]", param.0, param.1)];
    header.extend(metrics.iter().map(|(k, u)| format!("{k} [{u}]")));
    w.write_record(&header)?;
    for (x, row) in xs.iter().zip(rows) {
        let mut line = vec![x.to_string()];
        line.extend(row.iter().map(f64::to_string));
        w.write_record(&line)?;
    }
    finish(w)
}
