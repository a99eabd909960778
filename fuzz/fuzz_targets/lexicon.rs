//! Fuzz target `lexicon`: see `fuzz_checks::lexicon` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::lexicon(data));
