//! Throughput of `analyze` on short, medium and long messages and on a corpus, next to a
//! bare aho-corasick scan of the same lexicon terms (the floor any lexicon scorer pays).
//!
//! `cargo bench --bench analyze`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sentiment_triage::{Assessment, HostilityBand, Triage, TriageBuilder};

#[path = "../examples/common/floor.rs"]
mod floor;

const TWEET: &str =
    "@AcmeAir flight delayed AGAIN, third time this month. You people are useless!!";
const PARAGRAPH: &str = "Hello, I ordered a standing desk three weeks ago and it still has not \
    arrived. I have emailed twice and called once, and every time I am told it will ship \
    tomorrow. I need it by Friday because my old desk is already gone. Could you please \
    check what is going on and tell me honestly when it will arrive? Thanks.";

fn email() -> String {
    let mut s = String::from(
        "Hi team,\n\nThis is the fourth time I'm writing about the double charge on invoice \
         4471. Nobody has replied in 10 days and my accountant needs this fixed by Monday. \
         If I don't hear back I will dispute the charge with my bank.\n\nRegards,\nSam\n\n",
    );
    for i in 0..6 {
        s.push_str(&format!(
            "On Mon, {} Jan 2026 at 09:1{i}, Support <help@example.com> wrote:\n",
            i + 1
        ));
        for _ in 0..5 {
            s.push_str(
                "> Thank you for contacting us, we are looking into your ticket and \
                        will get back to you shortly. This is useless, fix it now!!\n",
            );
        }
    }
    s
}

/// Messages from the case table (in the repo), as a realistic mix.
fn corpus() -> Vec<String> {
    include_str!("../tests/data/cases.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.splitn(4, '\t').nth(3))
        .map(|t| t.replace("\\n", "\n"))
        .collect()
}

fn bench_messages(c: &mut Criterion) {
    let triage = Triage::new();
    let email = email();
    let mut g = c.benchmark_group("analyze");
    for (name, text) in [
        ("tweet", TWEET),
        ("paragraph", PARAGRAPH),
        ("email_with_quotes", email.as_str()),
    ] {
        let expected = triage.analyze(text);
        assert!(expected.hostility.band >= HostilityBand::Frustrated || name == "paragraph");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("analyze_into", name), text, |b, text| {
            let mut a = Assessment::new();
            b.iter(|| {
                triage.analyze_into(black_box(text), &mut a);
                assert_eq!(a.hits.len(), expected.hits.len());
            })
        });
    }
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let expected_hits: usize = docs.iter().map(|d| triage.analyze(d).hits.len()).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("corpus", |b| {
        let mut a = Assessment::new();
        b.iter(|| {
            let mut hits = 0;
            for d in &docs {
                triage.analyze_into(black_box(d), &mut a);
                hits += a.hits.len();
            }
            assert_eq!(hits, expected_hits);
        })
    });
    g.finish();
}

fn bench_floor(c: &mut Criterion) {
    // The same literal terms in one aho-corasick DFA, scanned with no rules at all.
    let lexicon_text = Triage::new().entry_count();
    assert!(lexicon_text > 1000);
    let ac = floor::floor_automaton().unwrap();
    let expected = ac.find_overlapping_iter(TWEET).count();
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Bytes(TWEET.len() as u64));
    g.bench_function("bare_aho_corasick_tweet", |b| {
        b.iter(|| assert_eq!(ac.find_overlapping_iter(black_box(TWEET)).count(), expected))
    });
    // The scan the scoring issue quotes (about 160 MB/s): the same DFA, non-overlapping.
    // It reports one match where several overlap, so it is cheaper than a scorer can be;
    // the overlapping scan above is the floor of finding every term.
    let leftmost = ac.find_iter(TWEET).count();
    g.bench_function("bare_aho_corasick_tweet_non_overlapping", |b| {
        b.iter(|| assert_eq!(ac.find_iter(black_box(TWEET)).count(), leftmost))
    });
    // The same two scans over the corpus of `bench_messages`: varied messages, which the
    // branch predictor and the caches cannot learn as they learn one repeated tweet.
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    let overlapping: usize = docs
        .iter()
        .map(|d| ac.find_overlapping_iter(d).count())
        .sum();
    g.bench_function("bare_aho_corasick_corpus", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| ac.find_overlapping_iter(black_box(d)).count())
                .sum();
            assert_eq!(n, overlapping);
        })
    });
    let leftmost: usize = docs.iter().map(|d| ac.find_iter(d).count()).sum();
    g.bench_function("bare_aho_corasick_corpus_non_overlapping", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| ac.find_iter(black_box(d)).count())
                .sum();
            assert_eq!(n, leftmost);
        })
    });
    g.finish();
}

fn bench_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("builtin_engine_uncached", |b| {
        b.iter(|| {
            let t = TriageBuilder::new().build().unwrap();
            assert!(t.entry_count() > 1000);
        })
    });
    g.finish();
}

criterion_group!(benches, bench_messages, bench_floor, bench_build);
criterion_main!(benches);
