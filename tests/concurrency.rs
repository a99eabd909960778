//! Concurrency: one `Triage` shared by several threads gives exactly the single-thread
//! result on a large corpus, and the in-memory `HistoryStore` under concurrent updates
//! loses no update.

use std::sync::Barrier;
use std::thread;

use sentiment_triage::{Assessment, HistoryStore, Timestamp, Triage};

const THREADS: usize = 4;

/// A corpus of a few thousand distinct messages: the case table's messages, each also
/// with a suffix that changes its words, its emphasis or its length.
fn corpus() -> Vec<String> {
    let base: Vec<String> = include_str!("data/cases.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.splitn(4, '\t').nth(3))
        .map(|t| t.replace("\\n", "\n"))
        .collect();
    assert!(base.len() > 100, "case table too small: {}", base.len());
    let suffixes = [
        "",
        " !!",
        " you idiots",
        " not bad at all",
        " FIX IT NOW",
        "\n> quoted insult, you morons",
        " f*ck",
        " 😡😡",
    ];
    let mut out = Vec::new();
    for (i, m) in base.iter().enumerate() {
        for (j, s) in suffixes.iter().enumerate() {
            out.push(format!("{m}{s} #{}", i * suffixes.len() + j));
        }
    }
    out
}

#[test]
fn shared_triage_matches_single_thread_results() {
    let triage = Triage::new();
    let corpus = corpus();
    let expected: Vec<Assessment> = corpus.iter().map(|m| triage.analyze(m)).collect();
    let barrier = Barrier::new(THREADS);
    thread::scope(|s| {
        for t in 0..THREADS {
            let (triage, corpus, expected, barrier) = (&triage, &corpus, &expected, &barrier);
            s.spawn(move || {
                barrier.wait();
                let mut a = Assessment::new();
                // Each thread walks the corpus from a different start, so threads work on
                // different messages at the same moment; half use `analyze_into`.
                let n = corpus.len();
                for k in 0..n {
                    let i = (k + t * n / THREADS) % n;
                    if t % 2 == 0 {
                        triage.analyze_into(&corpus[i], &mut a);
                        assert_eq!(a, expected[i], "thread {t}, message {i}");
                    } else {
                        assert_eq!(triage.analyze(&corpus[i]), expected[i], "thread {t}, {i}");
                    }
                }
            });
        }
    });
}

#[test]
fn history_store_loses_no_update_under_concurrent_records() {
    const CUSTOMERS: usize = 50;
    const RECORDS_PER_THREAD: usize = 2_000;
    let triage = Triage::new();
    let messages = [
        triage.analyze("Where is my parcel?"),
        triage.analyze("You idiots, this is the third time!!"),
        triage.analyze("Thanks, all good now."),
    ];
    // Far above the customer count, so no shard evicts (eviction is by design, not loss).
    let store = HistoryStore::new(CUSTOMERS * 100);
    let start = Timestamp::parse_rfc3339("2024-03-04T09:00:00Z").expect("time");
    let barrier = Barrier::new(THREADS);
    thread::scope(|s| {
        for t in 0..THREADS {
            let (store, messages, barrier) = (&store, &messages, &barrier);
            s.spawn(move || {
                barrier.wait();
                for k in 0..RECORDS_PER_THREAD {
                    // Every thread writes every customer, so updates to one customer race.
                    let customer = format!("c{}", (k + t) % CUSTOMERS);
                    let at = Timestamp::from_unix_seconds(
                        start.as_unix_seconds() + (k * THREADS + t) as f64,
                    )
                    .expect("time");
                    store.record(&customer, &messages[(k + t) % messages.len()], at);
                    if k % 97 == 0 {
                        let _ = store.snapshot();
                    }
                }
            });
        }
    });
    assert_eq!(store.len(), CUSTOMERS);
    let total: u64 = store.snapshot().values().map(|h| h.messages()).sum();
    assert_eq!(
        total,
        (THREADS * RECORDS_PER_THREAD) as u64,
        "an update was lost"
    );
    for c in 0..CUSTOMERS {
        let expect = (0..THREADS)
            .map(|t| {
                (0..RECORDS_PER_THREAD)
                    .filter(|k| (k + t) % CUSTOMERS == c)
                    .count()
            })
            .sum::<usize>() as u64;
        let got = store.get(&format!("c{c}")).expect("customer").messages();
        assert_eq!(got, expect, "customer c{c}");
    }
}

/// Engines with different `re:` rule sets, used in turn on one thread, share the thread's
/// scratch (and its rule-set cache) but each gives exactly its own result.
#[test]
fn engines_in_turn_on_one_thread_keep_their_own_results() {
    use sentiment_triage::Lexicon;
    let builtin = Triage::new();
    let custom = Triage::builder()
        .builtins(false)
        .lexicon(
            Lexicon::parse(
                "rules.txt",
                "[waiting]\nre:\\bticket (no\\.? )?\\d+\\b 0.5\n[anger]\nre:\\bbroken again\\b 0.4\n",
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let corpus = corpus();
    let alone: Vec<(Assessment, Assessment)> = corpus
        .iter()
        .map(|m| {
            let a = builtin.analyze(m);
            let b = custom.analyze(m);
            (a, b)
        })
        .collect();
    let probe = "ticket 4411 is broken again, third time, fix it by Friday";
    let mut b = custom.analyze(probe);
    assert!(b.hits.len() >= 2, "{:?}", b.hits);
    for (m, (a, c)) in corpus.iter().zip(&alone).rev() {
        assert_eq!(&builtin.analyze(m), a, "{m}");
        custom.analyze_into(m, &mut b);
        assert_eq!(&b, c, "{m}");
    }
}
