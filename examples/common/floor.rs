//! The floor that speed is measured against: every literal term of the built-in lexicons
//! (read through the public parser) in one aho-corasick DFA, scanned with no rules at all.
//! Shared by `benches/analyze.rs` and `examples/throughput.rs`.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use sentiment_triage::{Lexicon, Pattern};

/// The floor automaton: overlapping, ASCII case-insensitive, as a DFA.
pub fn floor_automaton() -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(builtin_terms()?)
        .map_err(|e| format!("floor automaton: {e}"))
}

/// Every literal term (and symbol) of the built-in lexicons, the reply templates left out.
fn builtin_terms() -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/lexicons"
    ))];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{d:?}: {e}"))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("replies") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    let mut terms = Vec::new();
    for f in &files {
        let lexicon = Lexicon::from_file(f).map_err(|e| e.to_string())?;
        terms.extend(lexicon.entries().iter().filter_map(|e| match &e.pattern {
            Pattern::Term { words, .. } => Some(words.clone()),
            Pattern::Symbol(s) => Some(s.clone()),
            _ => None,
        }));
    }
    Ok(terms)
}
