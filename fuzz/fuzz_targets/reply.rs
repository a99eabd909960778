//! Fuzz target `reply`: see `fuzz_checks::reply` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::reply(data));
