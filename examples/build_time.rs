//! Times the first `Triage::new()` of the process (parsing the embedded lexicons and
//! building the engine: what a service pays once), then building the engine again from the
//! parsed lexicons, best of N, and the first analysis of a masked word, which also builds
//! the index of masked and drawn-out words that the engine defers until a message needs it.
//!
//! `cargo run --release --example build_time [N]` (N = 0: only the first `Triage::new()`)

use std::time::Instant;

use sentiment_triage::{Triage, TriageBuilder};

fn main() {
    let t = Instant::now();
    let first = Triage::new();
    let cold = t.elapsed().as_secs_f64() * 1e3;
    assert!(first.entry_count() > 1000);
    let rounds = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let (mut best_build, mut best_first) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        let t = Instant::now();
        let triage = TriageBuilder::new()
            .build()
            .expect("built-in lexicons build");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(triage.entry_count() > 1000);
        best_build = best_build.min(ms);
        let t = Instant::now();
        let a = triage.analyze("what the f*ck, this is sooo bad");
        best_first = best_first.min(t.elapsed().as_secs_f64() * 1e3);
        assert!(!a.hits.is_empty());
    }
    println!("first Triage::new() (parse and build): {cold:.1} ms");
    if rounds > 0 {
        println!("built-in engine build: best of {rounds} = {best_build:.1} ms");
        println!("its first analysis (a masked word): best of {rounds} = {best_first:.2} ms");
    }
}
