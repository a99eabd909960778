//! `record` and `difficulty` next to `analyze`: folding a message into a customer's history
//! must cost next to nothing compared with scoring it.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sentiment_triage::{CustomerHistory, DifficultyLevel, Lexicon, Timestamp, Triage};

const LEXICON: &str =
    "[anger]\nfurious 0.7\nridiculous 0.5\n[escalation]\nchargeback 0.6\n[insult]\nidiots 0.9\n";
const MESSAGE: &str = "This is ridiculous, you idiots. I am furious and I will file a chargeback!";

fn bench(c: &mut Criterion) {
    let lexicon = Lexicon::parse("bench", LEXICON).unwrap();
    let triage = Triage::builder().lexicon(lexicon).build().unwrap();
    let a = triage.analyze(MESSAGE);
    let t0 = 1_709_510_400.0;

    c.bench_function("analyze (built-in + test lexicon)", |b| {
        b.iter(|| {
            let a = triage.analyze(black_box(MESSAGE));
            assert!(!a.hits.is_empty());
        })
    });

    let mut group = c.benchmark_group("history");
    group.bench_function("record", |b| {
        let mut h = CustomerHistory::new();
        let mut t = t0;
        b.iter(|| {
            t += 600.0;
            h.record(black_box(&a), Timestamp::from_unix_seconds(t).unwrap());
            assert!(h.messages() > 0);
        })
    });
    let mut full = CustomerHistory::new();
    for i in 0..100 {
        full.record(
            &a,
            Timestamp::from_unix_seconds(t0 + f64::from(i) * 3600.0).unwrap(),
        );
    }
    let now = Timestamp::from_unix_seconds(t0 + 100.0 * 3600.0).unwrap();
    group.bench_function("difficulty", |b| {
        b.iter(|| {
            let d = black_box(&full).difficulty(now);
            assert_eq!(d.level, DifficultyLevel::Escalate);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
