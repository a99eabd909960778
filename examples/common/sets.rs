//! The labeled evaluation sets of `../shared/data` (DEV parts) and the task each one scores,
//! exactly as documented in `../shared/data/README.md` and issue "Measured against real
//! data". Texts are read from the path given on the command line; nothing is copied.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Which score a task ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    Hostility,
    Urgency,
    /// The reply checker's score (how likely a text is to land badly).
    Review,
}

/// One row: the text, whether it is in the positive class (None = left out of the AUC),
/// and a graded label for Spearman where the set has one.
#[derive(Clone, Debug)]
pub struct Row {
    pub text: String,
    pub positive: Option<bool>,
    pub grade: Option<f64>,
    /// For band checks: the row is clearly positive-sentiment (must not be angry).
    pub clearly_positive: bool,
    /// A sub-group to report separately (the politeness set's community).
    pub group: Option<String>,
}

/// A loaded set.
#[derive(Debug)]
pub struct Set {
    pub name: String,
    pub task: &'static str,
    pub axis: Axis,
    pub target: f64,
    pub rows: Vec<Row>,
}

/// (set, task, axis, target AUC)
pub const TASKS: &[(&str, &str, Axis, f64)] = &[
    (
        "davidson_hate_offensive",
        "offensive or hate vs neither",
        Axis::Hostility,
        0.93,
    ),
    ("goemotions", "anger_family vs rest", Axis::Hostility, 0.82),
    (
        "airline_sentiment",
        "negative vs not",
        Axis::Hostility,
        0.80,
    ),
    (
        "complaints_twitter",
        "complaint vs not",
        Axis::Hostility,
        0.75,
    ),
    (
        "vader_ground_truth",
        "mean <= -1 vs >= +1",
        Axis::Hostility,
        0.85,
    ),
    ("mooc_urgency", "urgency > 4 vs rest", Axis::Urgency, 0.80),
    (
        "support_tickets_priority",
        "high vs low priority",
        Axis::Urgency,
        0.65,
    ),
    (
        "stanford_politeness",
        "impolite vs polite quartile (reply checker)",
        Axis::Review,
        0.80,
    ),
];

/// Finds the `dev.jsonl` files under `paths` (a data folder, a set folder or a file).
pub fn find(paths: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_file() {
            let name = p
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, p.clone()));
        } else if p.join("dev.jsonl").is_file() {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, p.join("dev.jsonl")));
        } else if let Ok(rd) = std::fs::read_dir(p) {
            let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            dirs.sort();
            for d in dirs {
                if d.join("dev.jsonl").is_file() {
                    let name = d.file_name().unwrap().to_string_lossy().into_owned();
                    out.push((name, d.join("dev.jsonl")));
                }
            }
        }
    }
    out
}

/// Loads one set with its task; `None` for sets without a scorer task here.
pub fn load(name: &str, path: &Path) -> Result<Option<Set>, String> {
    let Some(&(_, task, axis, target)) = TASKS.iter().find(|t| t.0 == name) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        rows.push(row(name, &v));
    }
    Ok(Some(Set {
        name: name.to_string(),
        task,
        axis,
        target,
        rows,
    }))
}

fn row(name: &str, v: &Value) -> Row {
    let text = v["text"].as_str().unwrap_or_default().to_string();
    let b = |k: &str| v[k].as_bool();
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let f = |k: &str| v[k].as_f64();
    let (positive, grade, clearly_positive) = match name {
        "davidson_hate_offensive" => (b("hostile"), f("hostile_share"), false),
        "goemotions" => (b("anger_family"), None, false),
        "airline_sentiment" => {
            let sent = s("sentiment");
            (Some(sent == "negative"), None, sent == "positive")
        }
        "complaints_twitter" => (b("complaint"), None, false),
        "vader_ground_truth" => {
            let m = f("sentiment_mean").unwrap_or(0.0);
            let pos = if m <= -1.0 {
                Some(true)
            } else if m >= 1.0 {
                Some(false)
            } else {
                None
            };
            (pos, Some(-m), m >= 2.0)
        }
        "mooc_urgency" => (b("urgent_gt4"), f("urgency"), false),
        "support_tickets_priority" => {
            let p = s("priority");
            let pos = match p.as_str() {
                "high" => Some(true),
                "low" => Some(false),
                _ => None,
            };
            let g = match p.as_str() {
                "high" => Some(2.0),
                "medium" => Some(1.0),
                "low" => Some(0.0),
                _ => None,
            };
            (pos, g, false)
        }
        "stanford_politeness" => {
            let pos = match s("politeness_class").as_str() {
                "impolite" => Some(true),
                "polite" => Some(false),
                _ => None,
            };
            (pos, f("politeness_score").map(|x| -x), false)
        }
        _ => (None, None, false),
    };
    let group = match name {
        "stanford_politeness" => Some(s("community")),
        "vader_ground_truth" => Some(s("source")),
        "complaints_twitter" => Some(s("domain")),
        _ => None,
    };
    Row {
        text,
        positive,
        grade,
        clearly_positive,
        group,
    }
}
