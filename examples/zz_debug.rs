use sentiment_triage::{Axis, Reviewer, Triage};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let r = Reviewer::new();
    let _ = r.review("x", None);
    let t = Triage::builder().lexicon_dir("lexicons/review").build().unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let class = v["politeness_class"].as_str().unwrap_or("");
        if class == "neutral" { continue; }
        let s = v["text"].as_str().unwrap();
        let a = t.analyze(s);
        let feats: Vec<String> = a.hits.iter().filter(|h| h.category.axis() == Axis::Review).map(|h| format!("{}\u{1}{}\u{1}{:.2}", h.category, h.term, h.weight)).collect();
        println!("{}\t{}\t{:.3}\t{}\t{}", class, v["community"].as_str().unwrap(), a.hostility.score, feats.join("\u{2}"), s.split_whitespace().count());
    }
}
