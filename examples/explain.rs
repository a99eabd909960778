//! Prints how one message is scored, hit by hit.
//!
//! ```text
//! cargo run --example explain -- "You people are useless, third time I ask!!"
//! ```

use sentiment_triage::Triage;

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let a = Triage::new().analyze(&text);
    println!(
        "hostility {:.3} {}  urgency {:.3} {}{}",
        a.hostility.score,
        a.hostility.band,
        a.urgency.score,
        a.urgency.band,
        if a.truncated { "  (truncated)" } else { "" }
    );
    for h in &a.hits {
        println!(
            "  {:>5}..{:<5} {:<24} {:<14} {:+.3} {:?}  [{}]",
            h.span.start,
            h.span.end,
            format!("{:?}", &text[h.span]),
            h.category.name(),
            h.weight,
            h.modifiers,
            h.term
        );
    }
}
