//! Fuzz target `cli_line`: see `fuzz_checks::cli_line` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::cli_line(data));
