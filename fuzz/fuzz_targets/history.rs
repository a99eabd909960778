//! Fuzz target `history`: see `fuzz_checks::history` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::history(data));
