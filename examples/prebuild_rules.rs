//! Writes `lexicons/prebuilt/`: the built-in `re:` rules determinized ahead of time, which
//! `Triage::new()` loads instead of compiling them. Run it after changing any built-in
//! `re:` rule (a test fails until then):
//!
//! ```text
//! cargo run --release --features prebuild --example prebuild_rules
//! ```
//!
//! Determinizing and minimizing takes a few seconds. The output depends only on the rule
//! sources and the `regex-automata` version, so running it twice writes the same bytes.

use std::path::Path;

use sentiment_triage::TriageBuilder;

fn main() {
    // Built from the lexicons alone, whatever the prebuilt files hold now.
    let triage = TriageBuilder::new()
        .build()
        .expect("built-in lexicons build");
    let Some((sources, dfa)) = triage.prebuild_rules().expect("rules determinize") else {
        eprintln!("the built-in lexicons have no re: rules");
        std::process::exit(1);
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/prebuilt");
    std::fs::create_dir_all(&dir).expect("create lexicons/prebuilt");
    std::fs::write(dir.join("rules.sources"), &sources).expect("write rules.sources");
    std::fs::write(dir.join("rules.dfa"), &dfa).expect("write rules.dfa");
    println!(
        "{} rules, {} bytes of DFA, written to {}",
        sources.lines().count(),
        dfa.len(),
        dir.display()
    );
}
