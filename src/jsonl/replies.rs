//! The `reply` and `check` commands: suggested replies for a customer message, and the
//! review of an agent's draft.

use serde_json::{json, Map, Value};

use super::input::{parse_object, strip_line_end, take_string};
use super::render::round;
use crate::{Assessment, ReplyContext, Reviewer, Suggestion, Triage};

/// Answers `reply` lines: `{"text": <customer message>, "context": {..}}` in,
/// `{"suggestions": [..]}` out.
#[derive(Debug)]
pub struct ReplyLines {
    triage: Triage,
    scratch: Assessment,
}

impl ReplyLines {
    /// A handler for the `reply` command; `triage` assesses the customer messages.
    pub fn new(triage: Triage) -> ReplyLines {
        ReplyLines {
            triage,
            scratch: Assessment::new(),
        }
    }

    /// Answers one input line (without its line break); `line_no` is 1-based. The result
    /// is one line of JSON: the suggestions, or `{"line": N, "error": "..."}`.
    pub fn answer(&mut self, line_no: usize, line: &[u8]) -> String {
        let line = strip_line_end(line, line_no);
        let value = match parse_object(line).and_then(|mut obj| {
            let text = take_string(&mut obj, "text")?.ok_or("missing field 'text'")?;
            let ctx = match obj.remove("context") {
                None | Some(Value::Null) => ReplyContext::new(),
                Some(v) => serde_json::from_value::<ReplyContext>(v)
                    .map_err(|e| format!("field 'context' is not valid: {e}"))?,
            };
            Ok((obj.remove("id"), text, ctx))
        }) {
            Ok((id, text, ctx)) => {
                self.triage.analyze_into(&text, &mut self.scratch);
                let suggestions = crate::suggest_replies(&self.scratch, &ctx);
                let mut out = Map::new();
                if let Some(id) = id {
                    out.insert("id".into(), id);
                }
                out.insert(
                    "suggestions".into(),
                    suggestions.iter().map(suggestion_json).collect(),
                );
                Value::Object(out)
            }
            Err(msg) => json!({"line": line_no, "error": msg}),
        };
        value.to_string()
    }
}

/// Answers `check` lines: `{"text": <agent draft>, "customer_message": <optional>}` in,
/// `{"verdict": .., "score": .., "findings": [..], "missing": [..]}` out.
#[derive(Debug)]
pub struct CheckLines {
    reviewer: Reviewer,
    triage: Triage,
}

impl CheckLines {
    /// A handler for the `check` command; `triage` assesses the customer messages.
    pub fn new(reviewer: Reviewer, triage: Triage) -> CheckLines {
        CheckLines { reviewer, triage }
    }

    /// Answers one input line (without its line break); `line_no` is 1-based. The result
    /// is one line of JSON: the review, or `{"line": N, "error": "..."}`.
    pub fn answer(&mut self, line_no: usize, line: &[u8]) -> String {
        let line = strip_line_end(line, line_no);
        let value = match parse_object(line).and_then(|mut obj| {
            let text = take_string(&mut obj, "text")?.ok_or("missing field 'text'")?;
            let customer = take_string(&mut obj, "customer_message")?;
            Ok((obj.remove("id"), text, customer))
        }) {
            Ok((id, draft, customer)) => {
                let customer = customer.map(|c| self.triage.analyze(&c));
                let r = self.reviewer.review(&draft, customer.as_ref());
                let mut out = Map::new();
                if let Some(id) = id {
                    out.insert("id".into(), id);
                }
                out.insert("verdict".into(), json!(r.verdict.name()));
                out.insert("score".into(), json!(round(r.score)));
                let findings: Vec<Value> = r
                    .findings
                    .iter()
                    .map(|f| {
                        json!({
                            "start": f.span.start,
                            "end": f.span.end,
                            "text": &draft.as_str()[f.span],
                            "kind": f.kind.name(),
                            "term": f.term.as_str(),
                            "rewrite": f.rewrite,
                        })
                    })
                    .collect();
                out.insert("findings".into(), Value::Array(findings));
                out.insert(
                    "missing".into(),
                    r.missing.iter().map(|m| json!(m.name())).collect(),
                );
                out.insert("reasons".into(), json!(r.reasons));
                Value::Object(out)
            }
            Err(msg) => json!({"line": line_no, "error": msg}),
        };
        value.to_string()
    }
}

fn suggestion_json(s: &Suggestion) -> Value {
    json!({
        "text": s.text,
        "topic": s.topic.name(),
        "parts": s.parts.iter().map(|p| json!({"kind": p.kind.name(), "text": p.text})).collect::<Vec<_>>(),
        "rationale": s.rationale,
        "score": round(s.score),
    })
}
