//! Writing a report: the HTML of [`crate::report`], saved atomically, dated today (UTC).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::report::{ReportInput, date_from_unix_days, render};

/// Today's date in UTC, `YYYY-MM-DD` (1970-01-01 if the clock is before it).
pub fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_unix_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Writes the report of `input` to `path` (a temporary file beside it, then renamed).
pub fn write_report(path: &Path, input: &ReportInput<'_>) -> std::io::Result<()> {
    super::write_atomically(path, render(input).as_bytes())
}
