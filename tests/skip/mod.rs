//! A test that cannot run on this machine says so — `SKIPPED: why` on stderr — and fails
//! instead where `BUILDOUT_NO_SKIPS` is set, as CI sets it, so that CI never passes a test it
//! did not run.

/// Reports that the calling test skips its check, or fails it under `BUILDOUT_NO_SKIPS`.
#[allow(clippy::panic, clippy::print_stderr)]
pub fn skip(why: &str) {
    if std::env::var_os("BUILDOUT_NO_SKIPS").is_some() {
        panic!("SKIPPED, and skips are not allowed here (BUILDOUT_NO_SKIPS): {why}");
    }
    eprintln!("SKIPPED: {why}");
}
