//! Fuzz target `builder`: see `fuzz_checks::builder` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::builder(data));
