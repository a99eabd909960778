//! The stable JSON form of results: assessments and customer state, scores rounded.

use serde_json::{json, Map, Value};

use crate::{Assessment, Difficulty};

/// The `customer` object of an output line.
pub(super) fn customer_json(id: &str, d: &Difficulty) -> Value {
    let care: Vec<Value> = d
        .care
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap_or_else(|_| json!({"action": a.name()}));
            if let Value::Object(obj) = &mut v {
                obj.insert("text".into(), Value::String(a.to_string()));
            }
            v
        })
        .collect();
    json!({
        "id": id,
        "difficulty": {
            "level": d.level.name(),
            "score": round(d.score),
            "reasons": d.reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        },
        "care": care,
    })
}

/// The stable JSON form of one assessment.
pub(super) fn assessment_json(id: Option<Value>, text: &str, a: &Assessment) -> Value {
    let mut out = Map::new();
    if let Some(id) = id {
        out.insert("id".into(), id);
    }
    out.insert(
        "hostility".into(),
        json!({"score": round(a.hostility.score), "band": a.hostility.band.name()}),
    );
    out.insert(
        "urgency".into(),
        json!({"score": round(a.urgency.score), "band": a.urgency.band.name()}),
    );
    let cats: Map<String, Value> = a
        .categories
        .iter()
        .map(|(c, v)| (c.name().to_string(), json!(round(v))))
        .collect();
    out.insert("categories".into(), Value::Object(cats));
    let hits: Vec<Value> = a
        .hits
        .iter()
        .map(|h| {
            json!({
                "start": h.span.start,
                "end": h.span.end,
                "text": &text[h.span],
                "term": h.term.as_str(),
                "category": h.category.name(),
                "weight": round(h.weight),
                "modifiers": h.modifiers.iter().map(|m| m.name()).collect::<Vec<_>>(),
            })
        })
        .collect();
    out.insert("hits".into(), Value::Array(hits));
    out.insert("truncated".into(), Value::Bool(a.truncated));
    Value::Object(out)
}

/// Four decimals are plenty for a score and keep the output stable and short.
pub(super) fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}
