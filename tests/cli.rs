//! The command-line tool under abuse, driven as a separate process: large inputs, a huge
//! line, invalid UTF-8, NUL bytes, a BOM, CRLF, deeply nested JSON, odd ids, duplicate
//! keys, a missing final newline, and a reader that closes stdout early. Every line is
//! answered, in order, with exactly one line of JSON; or the tool exits cleanly.
//!
//! The largest cases (100 MB of input, a 50 MB line) are `#[ignore]`d to keep `cargo test`
//! quick: `cargo test --release --features cli --test cli -- --include-ignored`.
#![cfg(feature = "cli")]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::thread;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_sentiment-triage");

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Starts the tool with `args` and every standard stream piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the tool")
}

/// Runs the tool with `args`, feeding `input` on stdin from another thread.
fn run(args: &[&str], input: Vec<u8>) -> Run {
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for the tool");
    feeder.join().expect("feeder");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The answers, one parsed JSON object per output line.
fn answers(r: &Run) -> Vec<Value> {
    assert_eq!(r.code, Some(0), "exit code; stderr: {}", r.stderr);
    let text = std::str::from_utf8(&r.stdout).expect("output is UTF-8");
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn score(input: &[u8]) -> Vec<Value> {
    answers(&run(&["score"], input.to_vec()))
}

#[test]
fn every_odd_line_gets_one_answer_in_order() {
    let nested = format!(
        "{{\"text\": \"x\", \"deep\": {}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut input = Vec::new();
    input.extend_from_slice(
        "\u{FEFF}{\"id\": 1, \"text\": \"bom on the first line\"}\r\n".as_bytes(),
    );
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"crlf line, you idiots\"}\r\n");
    input.extend_from_slice(b"{\"id\": 3, \"text\": \"bad \xFF\xFE utf-8\"}\n");
    input.extend_from_slice(b"{\"id\": 4, \"text\": \"raw \x00 nul\"}\n");
    input.extend_from_slice(b"{\"id\": 5, \"text\": \"escaped \\u0000 nul\"}\n");
    input.extend_from_slice(nested.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\": {\"an\": [\"object\"]}, \"text\": \"object id\"}\n");
    input.extend_from_slice(b"{\"id\": 1e400, \"text\": \"huge number id\"}\n");
    input.extend_from_slice(b"{\"id\": 8, \"text\": \"first\", \"text\": \"second wins\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"[1, 2, 3]\n");
    input.extend_from_slice(b"{\"id\": 11, \"text\": 42}\n");
    input.extend_from_slice(b"{\"id\": 12, \"text\": \"no final newline\"}");
    let a = score(&input);
    assert_eq!(a.len(), 13, "one answer per line");
    let ok = |i: usize| a[i].get("hostility").is_some();
    let err = |i: usize| a[i]["line"] == i + 1 && a[i]["error"].is_string();
    assert!(ok(0) && a[0]["id"] == 1, "BOM stripped: {}", a[0]);
    assert!(ok(1) && a[1]["id"] == 2, "CRLF: {}", a[1]);
    assert!(err(2), "invalid UTF-8: {}", a[2]);
    assert!(err(3), "raw NUL is not valid JSON: {}", a[3]);
    assert!(ok(4), "escaped NUL: {}", a[4]);
    assert!(err(5), "nesting beyond serde_json's limit: {}", a[5]);
    assert!(
        ok(6) && a[6]["id"]["an"][0] == "object",
        "object id echoed: {}",
        a[6]
    );
    assert!(err(7), "number out of range: {}", a[7]);
    assert!(
        ok(8) && a[8]["hits"].as_array().is_some(),
        "duplicate keys: {}",
        a[8]
    );
    assert!(
        err(9) && err(10) && err(11),
        "empty line, array, number text"
    );
    assert!(
        ok(12) && a[12]["id"] == 12,
        "last line without newline: {}",
        a[12]
    );
}

#[test]
fn plain_mode_takes_any_bytes() {
    let a = answers(&run(
        &["score", "--plain"],
        b"nul \x00 inside, you idiot\nbad \xC3\x28 utf-8\r\n\xEF\xBB\xBFbom later\n".to_vec(),
    ));
    assert_eq!(a.len(), 3);
    assert!(a[0]["hostility"]["band"] != "calm", "{}", a[0]);
    assert_eq!(a[1]["line"], 2);
    assert!(a[2].get("hostility").is_some());
}

/// Many lines, about `bytes` in all: every one answered, ids in order.
fn many_lines(bytes: usize) {
    let line = "{\"id\": 0, \"text\": \"This is the third time I write. You people are useless, fix it TODAY!! \
                I have waited for two weeks and my order still has not arrived.\"}\n";
    let n = bytes / line.len();
    let mut input = Vec::with_capacity(n * (line.len() + 8));
    for i in 0..n {
        input.extend_from_slice(
            line.replacen("\"id\": 0", &format!("\"id\": {i}"), 1)
                .as_bytes(),
        );
    }
    let a = score(&input);
    assert_eq!(a.len(), n, "every line answered");
    for (i, v) in a.iter().enumerate() {
        assert_eq!(v["id"], i, "order");
    }
}

/// One line holding a `bytes`-long message: answered, flagged truncated.
fn huge_line(bytes: usize) {
    let mut input = b"{\"id\": \"big\", \"text\": \"".to_vec();
    input.extend(std::iter::repeat_n(b"you idiots!! ".as_slice(), bytes / 13).flatten());
    input.extend_from_slice(b"\"}\n{\"id\": \"after\", \"text\": \"ok\"}\n");
    let a = score(&input);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["id"], "big");
    assert_eq!(a[0]["truncated"], true);
    assert_eq!(a[1]["id"], "after");
}

/// 10 MB of lines with an optimized binary; 2 MB with a debug one, which is about ten
/// times slower (the 10 MB and 100 MB runs: `--release`).
#[test]
fn ten_megabytes_of_lines() {
    many_lines(if cfg!(debug_assertions) {
        2 << 20
    } else {
        10 << 20
    });
}

#[test]
fn a_ten_megabyte_line() {
    huge_line(10 << 20);
}

#[test]
#[ignore = "100 MB: run with --release --include-ignored"]
fn a_hundred_megabytes_of_lines() {
    many_lines(100 << 20);
}

#[test]
#[ignore = "50 MB: run with --release --include-ignored"]
fn a_fifty_megabyte_line() {
    huge_line(50 << 20);
}

/// `sentiment-triage score | head -1`: the reader goes away after one line; the tool
/// stops cleanly (exit 0, no panic message) instead of failing on the closed pipe.
#[test]
fn closed_stdout_exits_cleanly() {
    let mut child = spawn(&["score"]);
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = thread::spawn(move || {
        let line = b"{\"text\": \"you idiots, fix it now!!\"}\n";
        for _ in 0..200_000 {
            if stdin.write_all(line).is_err() {
                break;
            }
        }
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let status = child.wait().expect("wait");
    feeder.join().expect("feeder");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn exit_codes_are_documented_ones() {
    assert_eq!(run(&["nonsense"], Vec::new()).code, Some(2), "usage error");
    assert_eq!(
        run(&["score", "--bogus"], Vec::new()).code,
        Some(2),
        "usage error"
    );
    let r = run(&["score", "--lexicons", "/nonexistent/folder"], Vec::new());
    assert_eq!(r.code, Some(1), "set-up error: {}", r.stderr);
    assert!(r.stderr.contains("/nonexistent/folder"), "{}", r.stderr);
    assert_eq!(run(&["score"], Vec::new()).code, Some(0), "empty input");
}
