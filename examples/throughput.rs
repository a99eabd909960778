//! Throughput on real, varied messages: every text of the JSON-lines files given (their
//! `text` field), analyzed in a loop, beside the bare aho-corasick scan of the same terms
//! that `benches/analyze.rs` calls the floor. A single message repeated (the criterion
//! benchmark) keeps every table the scan touches in cache and every branch predicted;
//! varied text does not, and this tool shows by how much.
//!
//! ```text
//! cargo run --release --example throughput -- ../shared/data/goemotions/dev.jsonl
//! cargo run --release --example throughput -- --max-bytes 280 ../shared/data/*/dev.jsonl
//! ```
//!
//! Prints, per file: messages, mean length, then for the analyzer and the floor the best
//! of `ROUNDS` passes in µs per message, messages per second and MB/s, and last the same
//! automaton's non-overlapping scan (the one the scoring issue quotes at about 160 MB/s;
//! it reports one match where several overlap, so no scorer can be that cheap). Texts are
//! read from the paths given; nothing is copied into the repository.

use std::time::Instant;

use sentiment_triage::{Assessment, Triage};

#[path = "common/floor.rs"]
mod floor;

/// Timed passes over each file; the best one counts (the machine is shared and noisy).
const ROUNDS: usize = 7;

fn main() {
    let mut max_bytes = usize::MAX;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-bytes" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => max_bytes = n,
                None => fail("--max-bytes needs a number"),
            },
            _ => paths.push(a),
        }
    }
    if paths.is_empty() {
        fail("usage: throughput [--max-bytes N] FILE.jsonl...");
    }
    let triage = Triage::new();
    let floor = floor::floor_automaton().unwrap_or_else(|e| fail(&e));
    println!("| file | messages | mean bytes | analyze µs/msg | msg/s | MB/s | floor µs/msg | floor MB/s | ratio | non-overlapping scan µs/msg | its MB/s |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for path in &paths {
        let texts = read_texts(path, max_bytes);
        if texts.is_empty() {
            println!("| {path} | 0 | | | | | | | | | |");
            continue;
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut a = Assessment::new();
        let analyze = best_of(|| {
            texts.iter().fold(0, |n, t| {
                triage.analyze_into(t, &mut a);
                n + a.hits.len()
            })
        });
        let bare = best_of(|| {
            texts
                .iter()
                .map(|t| floor.find_overlapping_iter(t.as_str()).count())
                .sum()
        });
        // The scan the scoring issue quotes: one match where several overlap.
        let scan = best_of(|| {
            texts
                .iter()
                .map(|t| floor.find_iter(t.as_str()).count())
                .sum()
        });
        let n = texts.len() as f64;
        println!(
            "| {path} | {} | {:.0} | {:.2} | {:.0} | {:.1} | {:.2} | {:.1} | {:.2} | {:.2} | {:.1} |",
            texts.len(),
            bytes as f64 / n,
            analyze * 1e6 / n,
            n / analyze,
            bytes as f64 / analyze / 1e6,
            bare * 1e6 / n,
            bytes as f64 / bare / 1e6,
            analyze / bare,
            scan * 1e6 / n,
            bytes as f64 / scan / 1e6,
        );
    }
}

/// The best of `ROUNDS` timed passes of `pass` (after one untimed pass that warms the
/// caches and compiles what is compiled on first use), in seconds.
fn best_of(mut pass: impl FnMut() -> usize) -> f64 {
    let expected = pass();
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let got = pass();
            let took = start.elapsed().as_secs_f64();
            assert_eq!(got, expected, "a pass gave another result");
            took
        })
        .fold(f64::INFINITY, f64::min)
}

/// The `text` of every line of `path` that has one, up to `max_bytes` long.
fn read_texts(path: &str, max_bytes: usize) -> Vec<String> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .filter(|t| t.len() <= max_bytes)
        .collect()
}

fn fail(msg: &str) -> ! {
    eprintln!("throughput: {msg}");
    std::process::exit(2)
}
