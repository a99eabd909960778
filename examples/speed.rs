//! A fixed workload for instruction counting (`valgrind --tool=callgrind`), which is
//! repeatable on a shared, noisy machine where wall-clock benchmarks are not.
//!
//! ```text
//! cargo build --release --example speed
//! valgrind --tool=callgrind target/release/examples/speed 2000
//! ```

use sentiment_triage::{Assessment, Triage};

const TWEET: &str =
    "@AcmeAir flight delayed AGAIN, third time this month. You people are useless!!";

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let triage = Triage::new();
    let mut a = Assessment::new();
    let mut hits = 0;
    for _ in 0..rounds {
        triage.analyze_into(TWEET, &mut a);
        hits += a.hits.len();
    }
    println!("{rounds} tweets, {hits} hits");
}
