//! Measures the reply checker on the Stanford Politeness Corpus (requests rated for
//! politeness by five people each): ROC AUC of `Review::score` for the impolite quartile
//! against the polite one (ties count half), overall and per community.
//!
//! ```text
//! cargo run --release --example evaluate_politeness -- ../shared/data/stanford_politeness
//! ```
//!
//! The argument is the folder (its `dev.jsonl` is read) or a `.jsonl` file with `text` and
//! `politeness_class` (`impolite`, `neutral`, `polite`) on every line.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sentiment_triage::Reviewer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: evaluate_politeness PATH (folder with dev.jsonl, or a .jsonl file)");
        std::process::exit(2);
    };
    let mut path = PathBuf::from(arg);
    if path.is_dir() {
        path.push("dev.jsonl");
    }
    let text = std::fs::read_to_string(&path)?;
    let reviewer = Reviewer::new();
    // (community, impolite?) -> scores
    let mut scores: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let class = v["politeness_class"].as_str().unwrap_or("");
        let impolite = match class {
            "impolite" => true,
            "polite" => false,
            _ => continue,
        };
        let t = v["text"].as_str().unwrap_or("");
        let s = f64::from(reviewer.review(t, None).score);
        let community = v["community"].as_str().unwrap_or("all").to_string();
        for key in ["all".to_string(), community] {
            let e = scores.entry(key).or_default();
            if impolite {
                e.0.push(s)
            } else {
                e.1.push(s)
            }
        }
    }
    for (name, (imp, pol)) in &scores {
        println!(
            "{name:>16}: ROC AUC {:.4}  (impolite n={}, polite n={})",
            auc(imp, pol),
            imp.len(),
            pol.len()
        );
    }
    Ok(())
}

/// P(score of a random positive > score of a random negative), ties counted half.
fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut neg = neg.to_vec();
    neg.sort_by(f64::total_cmp);
    let mut total = 0.0;
    for p in pos {
        let lo = neg.partition_point(|n| n < p);
        let hi = neg.partition_point(|n| n <= p);
        total += lo as f64 + 0.5 * (hi - lo) as f64;
    }
    total / (pos.len() as f64 * neg.len() as f64)
}
