//! Measures the scorer (and the reply checker) against labeled sets (the DEV parts in `../shared/data`).
//!
//! ```text
//! cargo run --release --example evaluate -- ../shared/data            # every set
//! cargo run --release --example evaluate -- ../shared/data/goemotions # one set
//! cargo run --release --example evaluate -- ../shared/data --errors 10
//! cargo run --release --example evaluate -- ../shared/data --lexicons lexicons
//! ```
//!
//! Prints, per set: the task, ROC AUC (ties counted half), n, the target, Spearman where
//! the set has graded labels, and precision/recall of each band threshold. With
//! `--errors N`, also the N worst-ranked positives and negatives (for error analysis).
//! With `--halves`, also the AUC on two halves of each set (split by an FNV-1a hash of the
//! text), to check that a change holds on both and is not carried by a few rows. With
//! `--dump FILE`, writes one TSV line per scored row (set, label, score, hits as category:term:weight@byte joined by " ;; ", text) for analysis.

#[path = "common/metrics.rs"]
mod metrics;
#[path = "common/sets.rs"]
mod sets;

use std::path::PathBuf;
use std::time::Instant;

use sentiment_triage::{Assessment, HostilityBand, Reviewer, Triage, UrgencyBand};
use sets::{Axis, Set};

fn main() {
    let mut paths = Vec::new();
    let mut errors = 0usize;
    let mut lexicons: Option<PathBuf> = None;
    let mut halves = false;
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--errors" => errors = args.next().and_then(|n| n.parse().ok()).unwrap_or(10),
            "--lexicons" => lexicons = args.next().map(PathBuf::from),
            "--halves" => halves = true,
            "--dump" => dump = args.next().map(PathBuf::from),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: evaluate PATH... [--errors N] [--halves] [--dump FILE] [--lexicons DIR]");
        std::process::exit(2);
    }
    let triage = match &lexicons {
        None => Triage::new(),
        Some(d) => Triage::builder()
            .builtins(false)
            .lexicon_dir(d)
            .build()
            .unwrap_or_else(|e| {
                eprintln!("evaluate: {e}");
                std::process::exit(1)
            }),
    };
    let found = sets::find(&paths);
    if found.is_empty() {
        eprintln!("evaluate: no dev.jsonl found under the given paths");
        std::process::exit(1);
    }
    println!("| set | task | metric | value | n | target | met |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let mut details = Vec::new();
    let mut dumped = String::new();
    for (name, path) in found {
        let set = match sets::load(&name, &path) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(e) => {
                eprintln!("evaluate: {e}");
                std::process::exit(1);
            }
        };
        details.push(evaluate(&triage, &set, errors, halves, &mut dumped));
    }
    for d in details {
        print!("{d}");
    }
    if let Some(path) = dump {
        if let Err(e) = std::fs::write(&path, dumped) {
            eprintln!("evaluate: {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}

/// FNV-1a hash of `text`: a fixed, dependency-free way to cut a set in two halves.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A band threshold as a predicate.
type BandTest = fn(&Assessment) -> bool;

fn evaluate(triage: &Triage, set: &Set, errors: usize, halves: bool, dump: &mut String) -> String {
    let t0 = Instant::now();
    let assessed: Vec<Assessment> = set.rows.iter().map(|r| triage.analyze(&r.text)).collect();
    let reviewer = Reviewer::new();
    let reviews: Vec<f64> = match set.axis {
        Axis::Review => set
            .rows
            .iter()
            .map(|r| f64::from(reviewer.review(&r.text, None).score))
            .collect(),
        _ => Vec::new(),
    };
    let secs = t0.elapsed().as_secs_f64();
    let score_of = |i: usize| match set.axis {
        Axis::Hostility => f64::from(assessed[i].hostility.score),
        Axis::Urgency => f64::from(assessed[i].urgency.score),
        Axis::Review => reviews[i],
    };
    let (mut s, mut l) = (Vec::new(), Vec::new());
    for (i, r) in set.rows.iter().enumerate() {
        if let Some(p) = r.positive {
            s.push(score_of(i));
            l.push(p);
        }
    }
    let auc = metrics::auc(&s, &l).unwrap_or(f64::NAN);
    println!(
        "| {} | {} | ROC AUC | {:.4} | {} | >= {:.2} | {} |",
        set.name,
        set.task,
        auc,
        s.len(),
        set.target,
        if auc >= set.target { "yes" } else { "no" }
    );
    let mut out = format!(
        "\n### {} ({} rows scored in {:.2} s, {:.1} µs/message)\n\n",
        set.name,
        set.rows.len(),
        secs,
        secs * 1e6 / set.rows.len().max(1) as f64
    );
    let (gs, ga): (Vec<f64>, Vec<f64>) = set
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.grade.map(|g| (score_of(i), g)))
        .unzip();
    if let Some(rho) = metrics::spearman(&gs, &ga) {
        out += &format!(
            "- Spearman with the graded label: {rho:.3} (n = {})\n",
            gs.len()
        );
    }
    let thresholds: Vec<(&str, BandTest)> = match set.axis {
        Axis::Hostility => vec![
            (
                "band >= frustrated",
                (|a: &Assessment| a.hostility.band >= HostilityBand::Frustrated),
            ),
            (
                "band >= angry",
                (|a: &Assessment| a.hostility.band >= HostilityBand::Angry),
            ),
            (
                "band >= abusive",
                (|a: &Assessment| a.hostility.band >= HostilityBand::Abusive),
            ),
        ],
        Axis::Review => vec![],
        Axis::Urgency => vec![
            (
                "band >= normal",
                (|a: &Assessment| a.urgency.band >= UrgencyBand::Normal),
            ),
            (
                "band >= high",
                (|a: &Assessment| a.urgency.band >= UrgencyBand::High),
            ),
            (
                "band >= critical",
                (|a: &Assessment| a.urgency.band >= UrgencyBand::Critical),
            ),
        ],
    };
    for (label, pred) in &thresholds {
        let (p, lab): (Vec<bool>, Vec<bool>) = set
            .rows
            .iter()
            .zip(&assessed)
            .filter_map(|(r, a)| r.positive.map(|y| (pred(a), y)))
            .unzip();
        let (prec, rec) = metrics::precision_recall(&p, &lab);
        let share = p.iter().filter(|x| **x).count() as f64 / p.len().max(1) as f64;
        out += &format!(
            "- {label}: precision {prec:.3}, recall {rec:.3}, flagged {:.1}%\n",
            share * 100.0
        );
    }
    let clear: Vec<&Assessment> = set
        .rows
        .iter()
        .zip(&assessed)
        .filter(|(r, _)| r.clearly_positive)
        .map(|(_, a)| a)
        .collect();
    if !clear.is_empty() {
        let angry = clear
            .iter()
            .filter(|a| a.hostility.band >= HostilityBand::Angry)
            .count();
        out += &format!(
            "- clearly positive rows in band angry or abusive: {:.2}% ({angry} of {}; limit 3%)\n",
            100.0 * angry as f64 / clear.len() as f64,
            clear.len()
        );
    }
    let mut groups: Vec<&str> = set.rows.iter().filter_map(|r| r.group.as_deref()).collect();
    groups.sort_unstable();
    groups.dedup();
    for g in groups {
        let (gs, gl): (Vec<f64>, Vec<bool>) = set
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.group.as_deref() == Some(g))
            .filter_map(|(i, r)| r.positive.map(|p| (score_of(i), p)))
            .unzip();
        if let Some(auc) = metrics::auc(&gs, &gl) {
            out += &format!("- {g}: ROC AUC {auc:.3} (n = {})\n", gs.len());
        }
    }
    if halves {
        for half in 0..2u64 {
            let (hs, hl): (Vec<f64>, Vec<bool>) = set
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| fnv1a(&r.text) % 2 == half)
                .filter_map(|(i, r)| r.positive.map(|p| (score_of(i), p)))
                .unzip();
            if let Some(auc) = metrics::auc(&hs, &hl) {
                out += &format!("- half {half}: ROC AUC {auc:.3} (n = {})\n", hs.len());
            }
        }
    }
    for (i, r) in set.rows.iter().enumerate() {
        if let Some(p) = r.positive {
            let terms: Vec<String> = assessed[i]
                .hits
                .iter()
                .map(|h| format!("{}:{}:{:.2}@{}", h.category, h.term, h.weight, h.span.start))
                .collect();
            *dump += &format!(
                "{}\t{}\t{:.4}\t{}\t{}\n",
                set.name,
                u8::from(p),
                score_of(i),
                terms.join(" ;; "),
                flat(&r.text)
            );
        }
    }
    if errors > 0 {
        let mut idx: Vec<usize> = (0..set.rows.len())
            .filter(|&i| set.rows[i].positive.is_some())
            .collect();
        idx.sort_by(|&a, &b| score_of(a).total_cmp(&score_of(b)));
        out += "\nLowest-scored positives:\n";
        for &i in idx
            .iter()
            .filter(|&&i| set.rows[i].positive == Some(true))
            .take(errors)
        {
            out += &format!("  {:.3} {}\n", score_of(i), one_line(&set.rows[i].text));
        }
        out += "Highest-scored negatives:\n";
        for &i in idx
            .iter()
            .rev()
            .filter(|&&i| set.rows[i].positive == Some(false))
            .take(errors)
        {
            let terms: Vec<&str> = assessed[i].hits.iter().map(|h| h.term.as_str()).collect();
            out += &format!(
                "  {:.3} {} {:?}\n",
                score_of(i),
                one_line(&set.rows[i].text),
                terms
            );
        }
    }
    out
}

fn one_line(s: &str) -> String {
    flat(s).chars().take(140).collect()
}

/// `s` on one line: control characters (line breaks, tabs) become spaces.
fn flat(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
