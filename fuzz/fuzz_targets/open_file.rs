//! Any bytes opened as a scenario file: parse → validate → simulate (also when invalid), with
//! the properties of `buildout::io::check_bytes` (no panic, round trip, finite outcomes of valid
//! scenarios). A crash here becomes a file under `tests/fuzz_regressions/`, replayed by
//! `cargo test --test fuzz_replay`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(why) = buildout::io::check_bytes(data) {
        panic!("{why}");
    }
});
