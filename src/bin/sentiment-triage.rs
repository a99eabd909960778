//! `sentiment-triage`: JSON lines in, JSON lines out. See the README for the schema.
//!
//! Exit codes: 0 when every input line was answered (bad lines get an error object) or
//! stdout was closed early; 1 when set-up failed (bad lexicon, unreadable file, history file
//! that cannot be loaded or saved); 2 on a usage error.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use std::path::PathBuf;

use sentiment_triage::jsonl::{self, CheckLines, Input, ReplyLines, ScoreLines, DEFAULT_CUSTOMERS};
use sentiment_triage::{HistoryStore, Reviewer, Triage};

const USAGE: &str = "usage: sentiment-triage score [--plain] [--lexicons DIR] [--history FILE]
       sentiment-triage reply [--lexicons DIR]
       sentiment-triage check [--lexicons DIR]

  score         read one message per line on stdin, write one JSON result per line
  reply         read {\"text\": <customer message>, \"context\": {..}} lines, write suggested replies
  check         read {\"text\": <agent draft>, \"customer_message\": ..} lines, write the review
  --plain       lines are plain text instead of JSON objects {\"id\": .., \"text\": ..}
  --lexicons D  use the *.txt lexicons under D instead of the built-in ones
  --history F   load customer histories from F before and save them to F after
                (lines with \"customer\": \"<id>\" and \"at\": <RFC 3339 or unix seconds>)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = Input::Json;
    let mut lexicons = None;
    let mut history: Option<PathBuf> = None;
    let mut it = args.iter();
    let command = match it.next().map(String::as_str) {
        Some(c @ ("score" | "reply" | "check")) => c.to_string(),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return usage("expected a command"),
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--plain" if command == "score" => input = Input::Plain,
            "--lexicons" => match it.next() {
                Some(d) => lexicons = Some(d.clone()),
                None => return usage("--lexicons needs a folder"),
            },
            "--history" if command == "score" => match it.next() {
                Some(f) => history = Some(PathBuf::from(f)),
                None => return usage("--history needs a file"),
            },
            other => return usage(&format!("unknown argument '{other}'")),
        }
    }
    let triage = match lexicons {
        None => Triage::new(),
        Some(dir) => match Triage::builder().builtins(false).lexicon_dir(&dir).build() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("sentiment-triage: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let result = match command.as_str() {
        "reply" => {
            let mut h = ReplyLines::new(triage.clone());
            Some(run(|n, l| h.answer(n, l)))
        }
        "check" => {
            let mut h = CheckLines::new(Reviewer::new(), triage.clone());
            Some(run(|n, l| h.answer(n, l)))
        }
        _ => None,
    };
    if let Some(result) = result {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sentiment-triage: {e}");
                ExitCode::from(1)
            }
        };
    }
    let store = HistoryStore::new(DEFAULT_CUSTOMERS);
    if let Some(file) = &history {
        if let Err(e) = jsonl::load_history(file, &store) {
            eprintln!("sentiment-triage: {e}");
            return ExitCode::from(1);
        }
    }
    let mut handler = ScoreLines::new(triage, input).with_history(store);
    let mut code = match run(|n, l| handler.answer(n, l)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sentiment-triage: {e}");
            ExitCode::from(1)
        }
    };
    // Save whatever was answered, even after an output error.
    if let Some(file) = &history {
        if let Err(e) = jsonl::save_history(file, handler.history()) {
            eprintln!("sentiment-triage: {e}");
            code = ExitCode::from(1);
        }
    }
    code
}

fn run(mut answer: impl FnMut(usize, &[u8]) -> String) -> io::Result<()> {
    let stdin = io::stdin();
    let mut reader = stdin.lock();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut line = Vec::new();
    let mut line_no = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        line_no += 1;
        out.write_all(answer(line_no, &line).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("sentiment-triage: {msg}\n{USAGE}");
    ExitCode::from(2)
}
