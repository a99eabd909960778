//! The JSON-lines protocol of the `sentiment-triage` tool: one input line in, one JSON
//! line out, never a panic. Public so that integrations (and the fuzzer) can drive it
//! without a process.
//!
//! # Customers
//!
//! An input line may name a customer and a time: `"customer": "<id>"` and `"at": <RFC 3339
//! string or unix seconds>` (without `at`, the clock of [`ScoreLines::with_clock`] or the
//! system clock). The message is then folded into the customer's history and the output
//! line gets `"customer": {"id", "difficulty": {"level", "score", "reasons"}, "care"}`.
//! A time more than [`MAX_FUTURE`] seconds ahead of the clock is an error for that line,
//! and the history is left as it was. [`load_history`] and [`save_history`] keep the
//! histories in a JSON file between runs.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

mod history_file;
mod input;
mod render;
mod replies;

pub use history_file::{load_history, save_history, HISTORY_FILE_VERSION};
pub use replies::{CheckLines, ReplyLines};

use input::strip_line_end;
use render::{assessment_json, customer_json};

use crate::{Assessment, HistoryStore, Timestamp, Triage};

/// How many customers the tool keeps in memory (least recently updated dropped first): far
/// more than one run or history file usually holds, about 1 KB each when full.
pub const DEFAULT_CUSTOMERS: usize = 1_000_000;
/// Customer ids longer than this many bytes are refused: an id, not a document.
pub const MAX_CUSTOMER_ID_BYTES: usize = 256;
/// An `at` more than a day ahead of the clock is refused: it is a wrong clock or a unit
/// mistake, and it would move the customer's history clock forward for good.
pub const MAX_FUTURE: f64 = 86_400.0;

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
    history: HistoryStore,
    clock: Option<Timestamp>,
}

/// One parsed input line.
struct Line {
    id: Option<Value>,
    text: String,
    customer: Option<(String, Option<Timestamp>)>,
}

impl ScoreLines {
    /// A handler for the `score` command, with an empty in-memory history store of
    /// [`DEFAULT_CUSTOMERS`] customers.
    pub fn new(triage: Triage, input: Input) -> ScoreLines {
        ScoreLines {
            triage,
            input,
            scratch: Assessment::new(),
            history: HistoryStore::new(DEFAULT_CUSTOMERS),
            clock: None,
        }
    }

    /// Uses `store` for customer histories (for example one filled by [`load_history`]).
    pub fn with_history(mut self, store: HistoryStore) -> ScoreLines {
        self.history = store;
        self
    }

    /// Uses `now` instead of the system clock, for lines without `at` and for the
    /// far-future check (deterministic tests and replays).
    pub fn with_clock(mut self, now: Timestamp) -> ScoreLines {
        self.clock = Some(now);
        self
    }

    /// The customer histories.
    pub fn history(&self) -> &HistoryStore {
        &self.history
    }

    fn now(&self) -> Timestamp {
        self.clock.unwrap_or_else(|| {
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            Timestamp::from_unix_seconds(secs).unwrap_or(Timestamp::EPOCH)
        })
    }

    /// Answers one input line (without its line break); `line_no` is 1-based. The result
    /// is one line of JSON: the assessment, or `{"line": N, "error": "..."}`.
    pub fn answer(&mut self, line_no: usize, line: &[u8]) -> String {
        let line = strip_line_end(line, line_no);
        let value = match self.parse(line) {
            Ok(line) => {
                self.triage.analyze_into(&line.text, &mut self.scratch);
                let mut out = assessment_json(line.id, &line.text, &self.scratch);
                if let (Some((customer, at)), Value::Object(obj)) = (line.customer, &mut out) {
                    let at = at.unwrap_or_else(|| self.now());
                    let d = self.history.record(&customer, &self.scratch, at);
                    obj.insert("customer".into(), customer_json(&customer, &d));
                }
                out
            }
            Err(msg) => json!({"line": line_no, "error": msg}),
        };
        value.to_string()
    }

    fn parse(&self, line: &[u8]) -> Result<Line, String> {
        let text = std::str::from_utf8(line)
            .map_err(|e| format!("line is not valid UTF-8 (byte {})", e.valid_up_to()))?;
        match self.input {
            Input::Plain => Ok(Line {
                id: None,
                text: text.to_string(),
                customer: None,
            }),
            Input::Json => {
                let v: Value = serde_json::from_str(text)
                    .map_err(|e| format!("line is not valid JSON: {e}"))?;
                let Value::Object(mut obj) = v else {
                    return Err("line is not a JSON object".to_string());
                };
                let id = obj.remove("id");
                let text = match obj.remove("text") {
                    Some(Value::String(s)) => s,
                    Some(_) => return Err("field 'text' is not a string".to_string()),
                    None => return Err("missing field 'text'".to_string()),
                };
                let at = obj.remove("at").map(|v| self.parse_at(&v)).transpose()?;
                let customer = match obj.remove("customer") {
                    None | Some(Value::Null) if at.is_some() => {
                        return Err("field 'at' needs a 'customer'".to_string())
                    }
                    None | Some(Value::Null) => None,
                    Some(Value::String(c)) if c.is_empty() => {
                        return Err("field 'customer' is empty".to_string())
                    }
                    Some(Value::String(c)) if c.len() > MAX_CUSTOMER_ID_BYTES => {
                        return Err(format!(
                            "field 'customer' is longer than {MAX_CUSTOMER_ID_BYTES} bytes"
                        ))
                    }
                    Some(Value::String(c)) => Some((c, at)),
                    Some(_) => return Err("field 'customer' is not a string".to_string()),
                };
                Ok(Line { id, text, customer })
            }
        }
    }

    fn parse_at(&self, v: &Value) -> Result<Timestamp, String> {
        let at = match v {
            Value::String(s) => Timestamp::parse_rfc3339(s),
            Value::Number(n) => match n.as_f64() {
                Some(x) => Timestamp::from_unix_seconds(x),
                None => return Err("field 'at' is not a number of seconds".to_string()),
            },
            _ => return Err("field 'at' is not an RFC 3339 string or unix seconds".to_string()),
        }
        .map_err(|e| format!("field 'at': {e}"))?;
        let now = self.now();
        if at.as_unix_seconds() > now.as_unix_seconds() + MAX_FUTURE {
            return Err(format!(
                "field 'at' ({at}) is more than a day ahead of the clock ({now})"
            ));
        }
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reviewer;
    use std::fs;
    use std::path::PathBuf;

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

    fn customer_lines() -> ScoreLines {
        let lexicon =
            crate::Lexicon::parse(
                "t",
                "[anger]\nfurious 0.7\n[escalation]\nchargeback 0.6\n[escalation_chargeback]\nchargeback 1\n",
            )
                .unwrap();
        let triage = Triage::builder()
            .builtins(false)
            .lexicon(lexicon)
            .build()
            .unwrap();
        ScoreLines::new(triage, Input::Json)
            .with_clock(Timestamp::parse_rfc3339("2024-03-10T00:00:00Z").unwrap())
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("st-history-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn customer_lines_get_a_difficulty_and_a_care_plan() {
        let mut h = customer_lines();
        let lines = [
            r#"{"customer": "c1", "at": "2024-03-04T09:00:00Z", "text": "furious, chargeback"}"#,
            r#"{"customer": "c2", "at": 1709543000, "text": "hello"}"#,
            r#"{"customer": "c1", "at": "2024-03-04T15:00:00+01:00", "text": "furious!"}"#,
        ];
        let out: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| serde_json::from_str(&h.answer(i + 1, l.as_bytes())).unwrap())
            .collect();
        assert_eq!(out[0]["customer"]["difficulty"]["level"], "none");
        assert_eq!(out[1]["customer"]["id"], "c2");
        let c1 = &out[2]["customer"];
        assert_eq!(c1["id"], "c1");
        assert_eq!(c1["difficulty"]["level"], "extra_care", "{c1}");
        let reasons = c1["difficulty"]["reasons"].as_array().unwrap();
        assert!(reasons.contains(&json!("threatened a chargeback")), "{c1}");
        let care = c1["care"].as_array().unwrap();
        assert_eq!(
            care[0],
            json!({"action": "answer_first", "text": "Answer this customer first."})
        );
        assert!(care
            .iter()
            .any(|a| a["action"] == "follow_up_within" && a["hours"] == 8));
        // A line without a customer has no customer object.
        let v: Value = serde_json::from_str(&h.answer(4, br#"{"text": "x"}"#)).unwrap();
        assert!(v.get("customer").is_none());
    }

    #[test]
    fn bad_customer_fields_are_line_errors_and_change_nothing() {
        let mut h = customer_lines();
        let cases: &[(&[u8], &str)] = &[
            (br#"{"customer": 5, "text": "x"}"#, "not a string"),
            (br#"{"customer": "", "text": "x"}"#, "empty"),
            (br#"{"at": 5, "text": "x"}"#, "needs a 'customer'"),
            (
                br#"{"customer": "a", "at": -5, "text": "x"}"#,
                "before 1970",
            ),
            (
                br#"{"customer": "a", "at": "yesterday", "text": "x"}"#,
                "RFC 3339",
            ),
            (
                br#"{"customer": "a", "at": true, "text": "x"}"#,
                "unix seconds",
            ),
            (
                br#"{"customer": "a", "at": 1710100000000, "text": "x"}"#,
                "milliseconds",
            ),
            (
                br#"{"customer": "a", "at": "2024-03-12T00:00:00Z", "text": "x"}"#,
                "ahead of the clock",
            ),
        ];
        for (line, fragment) in cases {
            let v: Value = serde_json::from_str(&h.answer(1, line)).unwrap();
            assert!(v["error"].as_str().unwrap().contains(fragment), "{v}");
        }
        assert!(h.history().is_empty());
        let long = format!(r#"{{"customer": "{}", "text": "x"}}"#, "a".repeat(300));
        assert!(h.answer(1, long.as_bytes()).contains("longer than"));
    }

    #[test]
    fn history_file_round_trips_and_bad_files_are_named_errors() {
        let dir = temp_dir("file");
        let path = dir.join("histories.json");
        let store = HistoryStore::new(10);
        assert_eq!(
            load_history(&path, &store).unwrap(),
            0,
            "missing file is empty"
        );
        let mut h = customer_lines().with_history(store);
        h.answer(
            1,
            br#"{"customer": "c1", "at": 1709543000, "text": "furious"}"#,
        );
        save_history(&path, h.history()).unwrap();
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["histories.json"], "no temporary file left behind");
        let loaded = HistoryStore::new(10);
        assert_eq!(load_history(&path, &loaded).unwrap(), 1);
        assert_eq!(loaded.get("c1").unwrap().messages(), 1);

        let good = fs::read_to_string(&path).unwrap();
        let bad_cases = [
            (
                good[..good.len() / 2].to_string(),
                "not a valid history file",
            ),
            ("{\"version\": 2, \"customers\": {}}".to_string(), "newer"),
            (good.replace("\"version\":1", "\"version\":9"), "newer"),
        ];
        for (text, fragment) in bad_cases {
            let bad = dir.join("bad.json");
            fs::write(&bad, &text).unwrap();
            let err = load_history(&bad, &HistoryStore::new(10)).unwrap_err();
            assert!(err.to_string().contains("bad.json"), "{err}");
            assert!(err.to_string().contains(fragment), "{err}");
            assert_eq!(
                fs::read_to_string(&bad).unwrap(),
                text,
                "the file is left untouched"
            );
        }
        let missing_dir = dir.join("no-such-folder").join("h.json");
        assert!(save_history(&missing_dir, &loaded).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
