//! Fuzz target `analyze`: see `fuzz_checks::analyze` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::analyze(data));
