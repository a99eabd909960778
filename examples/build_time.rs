//! Times building the built-in engine from scratch (what the first `Triage::new()` pays).
//!
//! `cargo run --release --example build_time`

use std::time::Instant;

use sentiment_triage::TriageBuilder;

fn main() {
    let mut best = f64::MAX;
    for _ in 0..std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
    {
        let t = Instant::now();
        let triage = TriageBuilder::new()
            .build()
            .expect("built-in lexicons build");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(triage.entry_count() > 1000);
        best = best.min(ms);
    }
    println!("built-in engine build: best of 10 = {best:.1} ms");
}
