//! Fits lexicon weights on the labeled DEV sets and writes them to
//! `lexicons/fitted/weights.txt`, which the built-in engine applies over the hand-set
//! weights of the lexicon files.
//!
//! ```text
//! cargo run --release --example fit_weights -- ../shared/data            # report only
//! cargo run --release --example fit_weights -- ../shared/data --write    # also write
//! ```
//!
//! The model is the scorer's evidence sum made linear (no decay between hits): for a
//! message, `e = offset + sum(multiplier * weight)` over its hits, where the multiplier is
//! what the rules did to the hit (negation, intensity, emphasis, target) and the offset is
//! the part of the evidence that is not being fitted. Each data set gets its own intercept,
//! `P(label) = sigmoid(a_set + SLOPE * e)`, sets count equally, and an L2 penalty pulls
//! every weight toward its hand-set value, so entries with little data keep their value.
//! The penalty strength is chosen by 5-fold cross-validation within DEV (folds by a hash
//! of the text). Hostility entries (and politeness / praise) are fitted on the hostility
//! sets; urgency entries on `mooc_urgency`. Deterministic: same data, same weights.

#[allow(dead_code)]
#[path = "common/metrics.rs"]
mod metrics;
#[allow(dead_code)]
#[path = "common/sets.rs"]
mod sets;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sentiment_triage::{Axis as CatAxis, Category, Lexicon, Triage};

/// The scorer's logistic slope (`score.rs`): the fit works in the same evidence units.
const SLOPE: f64 = 6.0;
/// An entry is fitted only when it fires in at least this many DEV messages.
const MIN_SUPPORT: usize = 5;
/// Gradient steps (full batch, Adam); the loss is flat well before this.
const STEPS: usize = 300;
/// Adam step size in weight units.
const LEARNING_RATE: f64 = 0.01;
/// Fitted weights stay inside the lexicon's range for these categories.
const MIN_WEIGHT: f64 = 0.0;
/// See `MIN_WEIGHT`.
const MAX_WEIGHT: f64 = 1.0;
/// A fitted weight stays within these factors of its hand-set value: the data sets are
/// not help-desk mail (an "idiot" in a tweet about a referee is not aimed at an agent),
/// so the fit may tune a weight but not overturn what the term means to a help desk.
const MIN_RATIO: f64 = 0.6;
/// See `MIN_RATIO`.
const MAX_RATIO: f64 = 1.6;
/// Profanity, insults and threats may be strengthened but never weakened: a help desk
/// must see abuse aimed at its agents even where a data set's annotators shrugged.
const MIN_RATIO_ABUSIVE: f64 = 1.0;
/// Penalty strengths tried by cross-validation.
const LAMBDAS: [f64; 4] = [0.0003, 0.001, 0.003, 0.01];
/// Folds for cross-validation.
const FOLDS: u64 = 5;
/// A fitted weight is written only when it moved at least this far from the hand value.
const MIN_CHANGE: f64 = 0.01;

struct Row {
    set: usize,
    label: bool,
    fold: u64,
    offset: f64,
    feats: Vec<(usize, f64)>,
}

struct Problem {
    name: &'static str,
    keys: Vec<(Category, String)>,
    prior: Vec<f64>,
    rows: Vec<Row>,
    set_names: Vec<String>,
}

fn main() {
    let mut paths = Vec::new();
    let mut write = false;
    for a in std::env::args().skip(1) {
        if a == "--write" {
            write = true;
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    if paths.is_empty() {
        eprintln!("usage: fit_weights DATA_DIR [--write]");
        std::process::exit(2);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let hand = hand_weights(&root);
    let triage = Triage::builder()
        .fitted_weights(false)
        .build()
        .expect("built-in lexicons");
    let mut out = String::from(
        "# DO NOT EDIT: written by `cargo run --release --example fit_weights -- ../shared/data --write`.\n\
         # Each entry overrides the weight of the built-in entry with the same category and pattern.\n\
         # See examples/fit_weights.rs for the model and docs/accuracy.md for its effect.\n",
    );
    let mut fitted: BTreeMap<(Category, String), f64> = BTreeMap::new();
    for (name, axis) in [
        ("hostility", sets::Axis::Hostility),
        ("urgency", sets::Axis::Urgency),
    ] {
        let problem = build_problem(name, axis, &paths, &triage, &hand);
        if problem.rows.is_empty() {
            continue;
        }
        let lambda = cross_validate(&problem);
        let w = fit(&problem, lambda, |_| true);
        let moved = w
            .iter()
            .zip(&problem.prior)
            .filter(|(a, b)| (*a - *b).abs() >= MIN_CHANGE)
            .count();
        println!(
            "{name}: {} messages, {} entries fitted, lambda {lambda}, {moved} weights moved",
            problem.rows.len(),
            problem.keys.len()
        );
        for (k, (c, p)) in problem.keys.iter().enumerate() {
            if (w[k] - problem.prior[k]).abs() >= MIN_CHANGE {
                fitted.insert((*c, p.clone()), w[k]);
            }
        }
    }
    let mut current = None;
    for ((c, p), w) in &fitted {
        if current != Some(*c) {
            let _ = writeln!(out, "\n[{c}]");
            current = Some(*c);
        }
        let _ = writeln!(out, "{p} {w:.3}");
    }
    if write {
        let path = root.join("fitted/weights.txt");
        std::fs::write(&path, out).expect("write fitted weights");
        println!("wrote {} weights to {}", fitted.len(), path.display());
    }
}

/// (category, pattern) -> hand-set weight, from every lexicon file but the fitted one.
fn hand_weights(root: &Path) -> BTreeMap<(Category, String), f64> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("lexicons folder") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                // The fitted overlay is the output; reply templates are not lexicons.
                if !p.ends_with("fitted") && !p.ends_with("replies") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    let mut map = BTreeMap::new();
    for f in files {
        let lex = Lexicon::from_file(&f).expect("lexicon parses");
        for e in lex.entries() {
            map.insert((e.category, e.pattern.to_string()), f64::from(e.weight));
        }
    }
    map
}

fn fits(axis: sets::Axis, c: Category) -> bool {
    match axis {
        sets::Axis::Hostility => matches!(c.axis(), CatAxis::Hostility | CatAxis::Relief),
        sets::Axis::Urgency => c.axis() == CatAxis::Urgency,
        sets::Axis::Review => false,
    }
}

fn build_problem(
    name: &'static str,
    axis: sets::Axis,
    paths: &[PathBuf],
    triage: &Triage,
    hand: &BTreeMap<(Category, String), f64>,
) -> Problem {
    let mut keys: Vec<(Category, String)> = Vec::new();
    let mut index: BTreeMap<(Category, String), usize> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut set_names = Vec::new();
    for (set_name, path) in sets::find(paths) {
        let Ok(Some(set)) = sets::load(&set_name, &path) else {
            continue;
        };
        // Urgency is fitted on the help-request set only; the synthetic tickets stay a check.
        if set.axis != axis || set.name == "support_tickets_priority" {
            continue;
        }
        let set_id = set_names.len();
        set_names.push(set.name.clone());
        for r in &set.rows {
            let Some(label) = r.positive else { continue };
            let a = triage.analyze(&r.text);
            let mut offset = 0.0;
            let mut feats = Vec::new();
            for h in &a.hits {
                let key = (h.category, h.term.as_str().to_string());
                let share = contribution_share(axis, h.category);
                if share == 0.0 {
                    continue;
                }
                match hand.get(&key) {
                    Some(&w0) if fits(axis, h.category) && w0 > 0.0 => {
                        let id = *index.entry(key.clone()).or_insert_with(|| {
                            keys.push(key.clone());
                            keys.len() - 1
                        });
                        let sign = if h.category.axis() == CatAxis::Relief {
                            -1.0
                        } else {
                            1.0
                        };
                        feats.push((id, sign * f64::from(h.weight.abs()) / w0));
                    }
                    _ => offset += share * f64::from(h.weight),
                }
            }
            rows.push(Row {
                set: set_id,
                label,
                fold: fold_of(&r.text),
                offset,
                feats,
            });
        }
    }
    // Entries seen too rarely are not fitted: fold them into the offsets.
    let mut support = vec![0usize; keys.len()];
    for r in &rows {
        for &(k, _) in &r.feats {
            support[k] += 1;
        }
    }
    let mut remap = vec![usize::MAX; keys.len()];
    let mut kept = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        if support[k] >= MIN_SUPPORT {
            remap[k] = kept.len();
            kept.push(key.clone());
        }
    }
    for r in &mut rows {
        let mut feats = Vec::new();
        for &(k, x) in &r.feats {
            if remap[k] == usize::MAX {
                r.offset += x * hand[&keys[k]];
            } else {
                feats.push((remap[k], x));
            }
        }
        r.feats = feats;
    }
    let prior = kept.iter().map(|k| hand[k]).collect();
    Problem {
        name,
        keys: kept,
        prior,
        rows,
        set_names,
    }
}

/// How much of a hit counts on the fitted axis (mirrors `score.rs`).
fn contribution_share(axis: sets::Axis, c: Category) -> f64 {
    match (axis, c.axis()) {
        (sets::Axis::Hostility, CatAxis::Hostility | CatAxis::Relief) => 1.0,
        (sets::Axis::Hostility, _) => match c {
            Category::Waiting | Category::Escalation => 0.5,
            Category::Impact => 0.3,
            _ => 0.0,
        },
        (sets::Axis::Urgency, CatAxis::Urgency) => 1.0,
        (sets::Axis::Urgency | sets::Axis::Review, _) => 0.0,
    }
}

fn fold_of(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h % FOLDS
}

fn evidence(r: &Row, w: &[f64]) -> f64 {
    r.offset + r.feats.iter().map(|&(k, x)| x * w[k]).sum::<f64>()
}

/// Fits the weights on the rows for which `train` is true.
fn fit(p: &Problem, lambda: f64, train: impl Fn(&Row) -> bool) -> Vec<f64> {
    let n_sets = p.set_names.len();
    let mut counts = vec![0usize; n_sets];
    for r in p.rows.iter().filter(|r| train(r)) {
        counts[r.set] += 1;
    }
    let mut w = p.prior.clone();
    let mut bias = vec![0.0; n_sets];
    let (mut m, mut v) = (vec![0.0; w.len() + n_sets], vec![0.0; w.len() + n_sets]);
    for step in 1..=STEPS {
        let mut grad = vec![0.0; w.len() + n_sets];
        for r in p.rows.iter().filter(|r| train(r)) {
            let z = bias[r.set] + SLOPE * evidence(r, &w);
            let prob = 1.0 / (1.0 + (-z).exp());
            let g = (prob - if r.label { 1.0 } else { 0.0 }) / counts[r.set].max(1) as f64;
            grad[w.len() + r.set] += g;
            for &(k, x) in &r.feats {
                grad[k] += g * SLOPE * x;
            }
        }
        for k in 0..w.len() {
            grad[k] += 2.0 * lambda * (w[k] - p.prior[k]);
        }
        for (i, g) in grad.iter().enumerate() {
            m[i] = 0.9 * m[i] + 0.1 * g;
            v[i] = 0.999 * v[i] + 0.001 * g * g;
            let mh = m[i] / (1.0 - 0.9f64.powi(step as i32));
            let vh = v[i] / (1.0 - 0.999f64.powi(step as i32));
            let delta = LEARNING_RATE * mh / (vh.sqrt() + 1e-8);
            if i < w.len() {
                let min_ratio = if p.keys[i].0.is_abusive() {
                    MIN_RATIO_ABUSIVE
                } else {
                    MIN_RATIO
                };
                let (lo, hi) = (p.prior[i] * min_ratio, p.prior[i] * MAX_RATIO);
                w[i] = (w[i] - delta).clamp(lo.max(MIN_WEIGHT), hi.min(MAX_WEIGHT));
            } else {
                bias[i - w.len()] -= delta * 10.0;
            }
        }
    }
    w
}

/// Picks the penalty by 5-fold cross-validation and prints held-out AUC per set.
fn cross_validate(p: &Problem) -> f64 {
    let auc_of = |scores: &[(usize, f64, bool)]| -> Vec<f64> {
        (0..p.set_names.len())
            .map(|s| {
                let (sc, lab): (Vec<f64>, Vec<bool>) = scores
                    .iter()
                    .filter(|x| x.0 == s)
                    .map(|x| (x.1, x.2))
                    .unzip();
                metrics::auc(&sc, &lab).unwrap_or(f64::NAN)
            })
            .collect()
    };
    let hand_scores: Vec<(usize, f64, bool)> = p
        .rows
        .iter()
        .map(|r| (r.set, evidence(r, &p.prior), r.label))
        .collect();
    let hand_auc = auc_of(&hand_scores);
    let mut best = (f64::NEG_INFINITY, LAMBDAS[0]);
    println!(
        "{}: cross-validated AUC of the linear model (hand weights first)",
        p.name
    );
    println!("  sets: {:?}", p.set_names);
    println!("  hand      {}", fmt(&hand_auc));
    for &lambda in &LAMBDAS {
        let mut held = Vec::new();
        for f in 0..FOLDS {
            let w = fit(p, lambda, |r| r.fold != f);
            held.extend(
                p.rows
                    .iter()
                    .filter(|r| r.fold == f)
                    .map(|r| (r.set, evidence(r, &w), r.label)),
            );
        }
        let auc = auc_of(&held);
        let mean = auc.iter().sum::<f64>() / auc.len() as f64;
        println!("  l={lambda:<7} {}  mean {mean:.4}", fmt(&auc));
        if mean > best.0 {
            best = (mean, lambda);
        }
    }
    best.1
}

fn fmt(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{x:.4}"))
        .collect::<Vec<_>>()
        .join(" ")
}
