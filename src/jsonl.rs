//! The JSON-lines protocol of the `sentiment-triage` tool: one input line in, one JSON
//! line out, never a panic. Public so that integrations (and the fuzzer) can drive it
//! without a process.

use serde_json::{json, Map, Value};

use crate::{Assessment, ReplyContext, Reviewer, Suggestion, Triage};

/// How input lines are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// Each line is a JSON object with a `text` field (and optional `id`).
    Json,
    /// Each line is the message itself.
    Plain,
}

/// Answers `score` lines, reusing one `Assessment` between lines.
#[derive(Debug)]
pub struct ScoreLines {
    triage: Triage,
    input: Input,
    scratch: Assessment,
}

impl ScoreLines {
    /// A handler for the `score` command.
    pub fn new(triage: Triage, input: Input) -> ScoreLines {
        ScoreLines {
            triage,
            input,
            scratch: Assessment::new(),
        }
    }

    /// Answers one input line (without its line break); `line_no` is 1-based. The result
    /// is one line of JSON: the assessment, or `{"line": N, "error": "..."}`.
    pub fn answer(&mut self, line_no: usize, line: &[u8]) -> String {
        let line = strip_line_end(line, line_no);
        let value = match self.parse(line) {
            Ok((id, text)) => {
                self.triage.analyze_into(&text, &mut self.scratch);
                assessment_json(id, &text, &self.scratch)
            }
            Err(msg) => json!({"line": line_no, "error": msg}),
        };
        value.to_string()
    }

    fn parse(&self, line: &[u8]) -> Result<(Option<Value>, String), String> {
        let text = std::str::from_utf8(line)
            .map_err(|e| format!("line is not valid UTF-8 (byte {})", e.valid_up_to()))?;
        match self.input {
            Input::Plain => Ok((None, text.to_string())),
            Input::Json => {
                let v: Value = serde_json::from_str(text)
                    .map_err(|e| format!("line is not valid JSON: {e}"))?;
                let Value::Object(mut obj) = v else {
                    return Err("line is not a JSON object".to_string());
                };
                let id = obj.remove("id");
                match obj.remove("text") {
                    Some(Value::String(s)) => Ok((id, s)),
                    Some(_) => Err("field 'text' is not a string".to_string()),
                    None => Err("missing field 'text'".to_string()),
                }
            }
        }
    }
}

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

/// Parses a line as a JSON object.
fn parse_object(line: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("line is not valid UTF-8 (byte {})", e.valid_up_to()))?;
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("line is not valid JSON: {e}"))?;
    match v {
        Value::Object(obj) => Ok(obj),
        _ => Err("line is not a JSON object".to_string()),
    }
}

/// Removes an optional string field; an error when present but not a string.
fn take_string(obj: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field '{key}' is not a string")),
    }
}

/// Drops a trailing `\r`, and a byte-order mark on the first line.
fn strip_line_end(line: &[u8], line_no: usize) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line_no == 1 {
        line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
    } else {
        line
    }
}

/// The stable JSON form of one assessment.
fn assessment_json(id: Option<Value>, text: &str, a: &Assessment) -> Value {
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
fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(input: Input, line: &[u8]) -> Value {
        let mut h = ScoreLines::new(Triage::new(), input);
        serde_json::from_str(&h.answer(1, line)).unwrap()
    }

    /// (line, the error fragment expected, or "" for a result)
    const LINES: &[(&[u8], &str)] = &[
        (br#"{"id": 7, "text": "hello"}"#, ""),
        (b"\xEF\xBB\xBF{\"text\": \"hi\"}\r", ""),
        (b"not json", "not valid JSON"),
        (br#"{"id": 1}"#, "missing field 'text'"),
        (br#"{"text": 5}"#, "not a string"),
        (br#"[1,2]"#, "not a JSON object"),
        (b"{\"text\": \"\xff\"}", "not valid UTF-8"),
        (b"", "not valid JSON"),
    ];

    #[test]
    fn every_line_gets_a_result_or_an_error() {
        for (line, err) in LINES {
            let v = answer(Input::Json, line);
            if err.is_empty() {
                assert!(v.get("hostility").is_some(), "{v}");
            } else {
                assert_eq!(v["line"], 1);
                assert!(v["error"].as_str().unwrap().contains(err), "{v}");
            }
        }
    }

    #[test]
    fn reply_and_check_lines_answer_or_report() {
        let mut r = ReplyLines::new(Triage::new());
        let v: Value = serde_json::from_str(&r.answer(
            1,
            br#"{"text": "my parcel never arrived", "context": {"name": "Ana", "care": "extra"}}"#,
        ))
        .unwrap();
        assert_eq!(
            v["suggestions"].as_array().unwrap().len(),
            crate::SUGGESTIONS
        );
        assert_eq!(v["suggestions"][0]["topic"], "delivery");
        let v: Value =
            serde_json::from_str(&r.answer(3, br#"{"text": "x", "context": {"name": 5}}"#))
                .unwrap();
        assert_eq!(v["line"], 3);
        assert!(v["error"].as_str().unwrap().contains("context"), "{v}");

        let mut c = CheckLines::new(Reviewer::new(), Triage::new());
        let v: Value = serde_json::from_str(&c.answer(
            1,
            br#"{"text": "Calm down.", "customer_message": "where is my refund??"}"#,
        ))
        .unwrap();
        assert_eq!(v["verdict"], "revise");
        assert_eq!(v["findings"][0]["kind"], "tone_policing");
        assert_eq!(v["findings"][0]["text"], "Calm down");
        assert!(
            v["missing"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "next_step"),
            "{v}"
        );
        for (line, err) in LINES.iter().filter(|(_, e)| !e.is_empty()) {
            let v: Value = serde_json::from_str(&c.answer(1, line)).unwrap();
            assert!(v["error"].as_str().unwrap().contains(err), "{v}");
        }
    }

    #[test]
    fn id_is_echoed_as_given() {
        let v = answer(Input::Json, br#"{"id": {"a": [1]}, "text": "x"}"#);
        assert_eq!(v["id"], json!({"a": [1]}));
        let v = answer(Input::Plain, b"just text");
        assert!(v.get("id").is_none());
    }
}
