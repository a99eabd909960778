//! Linear time on adversarial text: 10 MB of one character, of "!", of zero-width
//! characters, of emoji, of one lexicon term, of one hazard word with no full stop, of
//! "not not not", of ">" quote lines, a single 10 MB word, and a lexicon of many
//! overlapping phrases, next to 10 MB of ordinary text. Each input runs twice: with the default byte budget (`DEFAULT_MAX_BYTES`, the
//! rest cut and flagged `truncated`) and with no budget (`max_bytes(usize::MAX)`, all
//! 10 MB scored). Throughput is over the whole input; every iteration asserts the hit
//! count and the `truncated` flag, so a fast wrong answer cannot pass.
//!
//! `cargo bench --bench adversarial` (about two minutes); `cargo bench --bench
//! adversarial -- --test` runs every case once, as CI does.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use sentiment_triage::{Assessment, Lexicon, Triage, DEFAULT_MAX_BYTES};

/// The size of every adversarial input.
const SIZE: usize = 10 * 1024 * 1024;

/// `unit` repeated to `SIZE` bytes (whole units only).
fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len())
}

/// Ordinary helpdesk prose, mixed hostile and calm, repeated: the yardstick.
const ORDINARY: &str = "Hello, I ordered a standing desk three weeks ago and it still has \
    not arrived. This is the third time I am writing and nobody answers, which is honestly \
    ridiculous. I need it by Friday. Could you please check what is going on? Thanks.\n";

/// Phrases of one to `OVERLAP_DEPTH` words, each a prefix and a suffix of the next: every
/// position of "blah blah blah ..." matches all of them.
const OVERLAP_DEPTH: usize = 32;

fn overlapping_lexicon() -> Lexicon {
    let mut text = String::from("[anger]\n");
    let mut phrases: Vec<String> = (1..=OVERLAP_DEPTH)
        .map(|n| vec!["blah"; n].join(" "))
        .collect();
    phrases.sort();
    for p in phrases {
        text.push_str(&format!("{p} 0.3\n"));
    }
    Lexicon::parse("overlap.txt", &text).expect("overlap lexicon parses")
}

fn inputs() -> Vec<(&'static str, String, bool)> {
    vec![
        ("ordinary_text", fill(ORDINARY), false),
        ("one_char", fill("a"), false),
        ("bangs", fill("!"), false),
        ("zero_width", fill("\u{200B}"), false),
        ("emoji", fill("\u{1F621}"), false),
        ("lexicon_term", fill("idiot "), false),
        // A hazard word in one endless sentence: each needs the sentence's anchors.
        ("hazard_no_full_stop", fill("fire "), false),
        ("not_not_not", fill("not "), false),
        ("quote_lines", fill("> you idiots\n"), false),
        ("one_word", fill("idiot"), false),
        ("overlapping_phrases", fill("blah "), true),
    ]
}

fn bench_adversarial(c: &mut Criterion) {
    let overlap = overlapping_lexicon();
    let engines = |max: usize| -> (Triage, Triage) {
        let plain = Triage::builder().max_bytes(max).build().expect("builds");
        let overlap = Triage::builder()
            .lexicon(overlap.clone())
            .max_bytes(max)
            .build()
            .expect("builds");
        (plain, overlap)
    };
    for (group, max) in [
        ("adversarial_default_cap", DEFAULT_MAX_BYTES),
        ("adversarial_uncapped", usize::MAX),
    ] {
        let (plain, overlap) = engines(max);
        let mut g = c.benchmark_group(group);
        g.sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_secs(3));
        for (name, text, use_overlap) in inputs() {
            let triage = if use_overlap { &overlap } else { &plain };
            let expected = triage.analyze(&text);
            assert_eq!(expected.truncated, text.len() > max, "{name}");
            let hits = expected.hits.len();
            g.throughput(Throughput::Bytes(text.len() as u64));
            let mut a = Assessment::new();
            g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
                b.iter(|| {
                    triage.analyze_into(black_box(text), &mut a);
                    assert_eq!(a.hits.len(), hits, "{name}");
                    assert_eq!(a.truncated, expected.truncated, "{name}");
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench_adversarial);
criterion_main!(benches);
