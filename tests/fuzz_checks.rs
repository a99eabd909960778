//! The fuzz targets' property checks (`fuzz/src/lib.rs`), run as ordinary tests: over
//! every seed corpus file, over a deterministic stream of random inputs built from an
//! evasion-heavy alphabet, and over the named inputs that once broke something.
//!
//! The real coverage-guided runs are `fuzz/run.sh` (see `fuzz/README.md`); this keeps the
//! checks compiling and passing in a plain `cargo test`.
#![cfg(feature = "cli")]

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;

/// Random inputs per target: enough to walk every branch of the checks, few enough that
/// a debug-build `cargo test` stays quick.
const RANDOM_INPUTS: usize = 300;

/// Pieces that reach the awkward paths: leet symbols, masks, zero-width and look-alike
/// characters, emoji, quote markers, line ends, JSON punctuation, the `0xFF` separator
/// the checks split on, and bytes that are not UTF-8.
const PIECES: &[&[u8]] = &[
    b"a",
    b"f",
    b"u",
    b"ck",
    b"idiot",
    b"not ",
    b"you ",
    b"!",
    b"!!",
    b"?",
    b"*",
    b"$",
    b"1",
    b"0",
    b"#",
    b"@",
    b" ",
    b"\n",
    b"\r\n",
    b">",
    b"-- \n",
    b"On x wrote:\n",
    b"\"",
    b"{",
    b"}",
    b":",
    b",",
    b"[",
    b"]",
    b"text",
    b"\"text\": \"",
    b"{\"text\": \"",
    b"re:",
    b"[insult]\n",
    b" 0.5\n",
    b"\xE2\x80\x8B",
    b"\xEF\xBD\x86",
    b"\xD0\xB0",
    b"\xF0\x9F\x98\xA1",
    b"\xF0\x9F\x8F\xBB",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC3",
    b"\x00",
    b"{name}",
    b"any: ",
    b"[greeting]\n",
    b"\x05\xA0",
];

/// A small xorshift generator: the same inputs on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn input(&mut self) -> Vec<u8> {
        let pieces = self.next() % 40;
        let mut v = Vec::new();
        for _ in 0..pieces {
            if self.next() % 8 == 0 {
                v.push(self.next() as u8);
            } else {
                v.extend_from_slice(PIECES[(self.next() % PIECES.len() as u64) as usize]);
            }
        }
        v
    }
}

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("corpus file"),
            )
        })
        .collect()
}

#[test]
fn every_target_has_a_seed_corpus_and_passes_it() {
    for (name, check) in checks::TARGETS {
        let files = corpus(name);
        assert!(files.len() >= 3, "{name}: too few seeds");
        for (path, data) in files {
            assert!(data.len() <= 4096, "{path}: seeds stay small");
            check(&data);
        }
    }
}

#[test]
fn every_target_passes_random_inputs() {
    for (i, (_, check)) in checks::TARGETS.iter().enumerate() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ i as u64);
        for _ in 0..RANDOM_INPUTS {
            check(&rng.input());
        }
    }
}

/// Regression: a megabyte of "!" (and of "1", "$") ran in quadratic time in leet decoding
/// (found by the adversarial benchmark before the fuzz runs); the check must now finish.
#[test]
fn regression_megabyte_of_bangs() {
    for unit in ["!", "1", "$", "a*"] {
        checks::analyze(unit.repeat(1 << 20).as_bytes());
    }
}
