//! Bad configuration fails clearly, at build or load time, naming what is wrong: a regex
//! too large to compile, an oversized or non-UTF-8 lexicon file, a corrupt, truncated or
//! newer-version history file (left untouched), and a save that is interrupted loses
//! nothing.

use std::path::PathBuf;

use sentiment_triage::{Category, Lexicon, Triage, MAX_LEXICON_BYTES};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("st-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn error_of(r: Result<Triage, sentiment_triage::Error>) -> String {
    r.map(|_| ()).expect_err("build must fail").to_string()
}

#[test]
fn a_regex_too_large_to_compile_is_a_clear_error() {
    let msg = error_of(
        Triage::builder()
            .term(Category::TimePressure, r"re:(?:\w{1000}){100}", 0.5)
            .build(),
    );
    assert!(msg.contains("too large"), "{msg}");
    let lex = Lexicon::parse("mine.txt", "[time_pressure]\nre:(?:\\w{1000}){100} 0.5\n");
    let msg = match lex {
        Ok(l) => error_of(Triage::builder().lexicon(l).build()),
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("mine.txt") && msg.contains("line 2"), "{msg}");
    assert!(msg.contains("too large"), "{msg}");
}

#[test]
fn an_oversized_lexicon_file_is_refused_without_reading_it() {
    let dir = scratch("huge");
    let path = dir.join("huge.txt");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(MAX_LEXICON_BYTES + 1).expect("sparse file");
    let msg = Lexicon::from_file(&path).expect_err("too big").to_string();
    assert!(msg.contains("huge.txt") && msg.contains("limit"), "{msg}");
    let msg = error_of(Triage::builder().lexicon_dir(&dir).build());
    assert!(msg.contains("huge.txt"), "{msg}");
}

#[test]
fn a_non_utf8_lexicon_file_names_the_file_and_line() {
    let dir = scratch("latin1");
    let path = dir.join("latin1.txt");
    std::fs::write(&path, b"[insult]\nidiot 0.5\ncaf\xE9 0.3\n").expect("write");
    let msg = Lexicon::from_file(&path)
        .expect_err("not UTF-8")
        .to_string();
    assert!(
        msg.contains("latin1.txt") && msg.contains("line 3"),
        "{msg}"
    );
    assert!(msg.contains("UTF-8"), "{msg}");
}

#[test]
fn a_missing_lexicon_file_or_folder_is_a_clear_error() {
    let msg = error_of(Triage::builder().lexicon_file("/nonexistent/x.txt").build());
    assert!(msg.contains("/nonexistent/x.txt"), "{msg}");
    let msg = error_of(Triage::builder().lexicon_dir("/nonexistent/dir").build());
    assert!(msg.contains("/nonexistent/dir"), "{msg}");
}

#[cfg(feature = "cli")]
mod history_files {
    use super::*;
    use sentiment_triage::jsonl::{load_history, save_history};
    use sentiment_triage::{HistoryStore, Timestamp};
    use std::path::Path;

    /// A store with a few customers, saved to `path`; returns the saved bytes.
    fn saved(path: &Path) -> Vec<u8> {
        let triage = Triage::new();
        let store = HistoryStore::new(100);
        let at = Timestamp::parse_rfc3339("2024-03-04T09:00:00Z").expect("time");
        for (c, m) in [
            ("a", "you idiots!!"),
            ("b", "where is my parcel?"),
            ("c", "I will sue"),
        ] {
            store.record(c, &triage.analyze(m), at);
        }
        save_history(path, &store).expect("save");
        std::fs::read(path).expect("read back")
    }

    /// Loading `bytes` as a history file fails with a message containing `want`, and the
    /// file is left exactly as it was.
    fn refused(name: &str, bytes: &[u8], want: &str) {
        let dir = scratch(name);
        let path = dir.join("history.json");
        std::fs::write(&path, bytes).expect("write");
        let store = HistoryStore::new(100);
        let msg = load_history(&path, &store)
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("history.json") && msg.contains(want),
            "{name}: {msg}"
        );
        assert!(store.is_empty(), "{name}: nothing half-loaded");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{name}: file untouched"
        );
    }

    #[test]
    fn corrupt_truncated_and_newer_history_files_are_refused_and_kept() {
        let dir = scratch("good");
        let good = saved(&dir.join("history.json"));
        refused(
            "corrupt",
            b"\x00\xFFnot json at all",
            "not a valid history file",
        );
        refused(
            "truncated",
            &good[..good.len() / 2],
            "not a valid history file",
        );
        let newer = String::from_utf8(good.clone()).expect("UTF-8").replacen(
            "\"version\":1",
            "\"version\":99",
            1,
        );
        refused("newer", newer.as_bytes(), "newer");
        refused(
            "wrong_shape",
            b"{\"version\": 1, \"customers\": [1, 2]}",
            "not a valid",
        );
    }

    #[test]
    fn the_tool_refuses_a_corrupt_history_file_and_leaves_it_alone() {
        let dir = scratch("tool");
        let path = dir.join("history.json");
        let truncated = b"{\"version\": 1, \"customers\": {\"a\": ";
        std::fs::write(&path, truncated).expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sentiment-triage"))
            .args(["score", "--history"])
            .arg(&path)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("history.json"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), truncated);
    }

    /// Saving writes a temporary file and renames it over the old one. A save that dies
    /// before the rename (here: the temporary file cannot be written; a crash leaves a
    /// partial temporary file instead) leaves the old file complete and loadable.
    #[test]
    fn an_interrupted_save_loses_nothing() {
        let dir = scratch("interrupted");
        let path = dir.join("history.json");
        let before = saved(&path);
        // A crashed earlier save left a partial temporary file behind.
        std::fs::write(dir.join(".history.json.tmp-1"), &before[..before.len() / 3])
            .expect("stray");
        // This save cannot create its temporary file (a folder stands in its place).
        let tmp = dir.join(format!(".history.json.tmp-{}", std::process::id()));
        std::fs::create_dir(&tmp).expect("block the temporary file");
        let store = HistoryStore::new(100);
        store.record("z", &Triage::new().analyze("new"), Timestamp::EPOCH);
        assert!(save_history(&path, &store).is_err(), "the save fails");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "old file intact"
        );
        let loaded = HistoryStore::new(100);
        assert_eq!(load_history(&path, &loaded).expect("old file loads"), 3);
        std::fs::remove_dir(&tmp).expect("unblock");
        save_history(&path, &store).expect("the next save works");
        let again = HistoryStore::new(100);
        assert_eq!(load_history(&path, &again).expect("new file loads"), 1);
        assert!(!tmp.exists(), "no temporary file left after a good save");
    }
}

#[test]
fn a_copy_of_the_lexicons_folder_loads_as_the_built_ins() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons");
    let from_dir = sentiment_triage::Triage::builder()
        .builtins(false)
        .lexicon_dir(dir)
        .build()
        .expect("the repository's lexicons folder builds");
    let hand = sentiment_triage::Triage::builder()
        .fitted_weights(false)
        .build()
        .unwrap();
    let text = "You people are useless, third time I ask. Fix it TODAY!!";
    let (a, b) = (from_dir.analyze(text), hand.analyze(text));
    assert_eq!(a.hostility, b.hostility);
    assert_eq!(a.urgency, b.urgency);
}

#[test]
fn a_removed_rule_is_gone_from_the_rule_set() {
    let rule = r"re:\b((error|status|http)( code)? 5\d\d|5\d\d (error|internal server error|bad gateway|service unavailable|gateway timeout))\b";
    let text = "checkout fails with error 503";
    let hit = |t: &Triage| t.analyze(text).hits.iter().any(|h| h.term.as_str() == rule);
    assert!(hit(&Triage::new()));
    let without = Triage::builder().remove(rule).build().unwrap();
    assert!(!hit(&without));
    let msg = error_of(Triage::builder().remove(r"re:\bno such rule\b").build());
    assert!(msg.contains("no entry has the pattern"), "{msg}");
}
