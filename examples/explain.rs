//! Prints how one message is scored, hit by hit.
//!
//! ```text
//! cargo run --example explain -- "You people are useless, third time I ask!!"
//! ```

use std::io::Write;

use sentiment_triage::Triage;

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let a = Triage::new().analyze(&text);
    // A closed pipe (`| head`) ends the output quietly instead of panicking in `println!`.
    let _ = print(&text, &a);
}

fn print(text: &str, a: &sentiment_triage::Assessment) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "hostility {:.3} {}  urgency {:.3} {}{}",
        a.hostility.score,
        a.hostility.band,
        a.urgency.score,
        a.urgency.band,
        if a.truncated { "  (truncated)" } else { "" }
    )?;
    for h in &a.hits {
        writeln!(
            out,
            "  {:>5}..{:<5} {:<24} {:<14} {:+.3} {:?}  [{}]",
            h.span.start,
            h.span.end,
            format!("{:?}", &text[h.span]),
            h.category.name(),
            h.weight,
            h.modifiers,
            h.term
        )?;
    }
    Ok(())
}
