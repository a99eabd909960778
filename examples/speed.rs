//! A fixed workload for instruction counting (`valgrind --tool=callgrind`), which is
//! repeatable on a shared, noisy machine where wall-clock benchmarks are not. The messages
//! are those of `benches/analyze.rs`.
//!
//! ```text
//! cargo build --release --example speed
//! valgrind --tool=callgrind target/release/examples/speed 2000            # tweet
//! valgrind --tool=callgrind target/release/examples/speed 2000 paragraph
//! ```
//!
//! Per message: (count at N rounds - count at 0 rounds) / N.

use sentiment_triage::{Assessment, Triage};

const TWEET: &str =
    "@AcmeAir flight delayed AGAIN, third time this month. You people are useless!!";
const PARAGRAPH: &str = "Hello, I ordered a standing desk three weeks ago and it still has not \
    arrived. I have emailed twice and called once, and every time I am told it will ship \
    tomorrow. I need it by Friday because my old desk is already gone. Could you please \
    check what is going on and tell me honestly when it will arrive? Thanks.";

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let text = match args.next().as_deref() {
        Some("paragraph") => PARAGRAPH,
        _ => TWEET,
    };
    let triage = Triage::new();
    let mut a = Assessment::new();
    let mut hits = 0;
    for _ in 0..rounds {
        triage.analyze_into(text, &mut a);
        hits += a.hits.len();
    }
    println!("{rounds} messages, {hits} hits");
}
