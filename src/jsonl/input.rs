//! Reading one input line: line ends, the byte-order mark, and JSON object fields.

use serde_json::{Map, Value};

/// Parses a line as a JSON object.
pub(super) fn parse_object(line: &[u8]) -> Result<Map<String, Value>, String> {
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
pub(super) fn take_string(
    obj: &mut Map<String, Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field '{key}' is not a string")),
    }
}

/// Drops a trailing `\r`, and a byte-order mark on the first line.
pub(super) fn strip_line_end(line: &[u8], line_no: usize) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line_no == 1 {
        line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
    } else {
        line
    }
}
