//! The property checks behind every fuzz target, one function per target.
//!
//! Each check takes the fuzzer's bytes, runs one entry point of `sentiment-triage` on them
//! and asserts what must hold for any input: no panic, spans in bounds and on character
//! boundaries, scores in `0.0..=1.0`, one JSON answer per line, and so on. The fuzz
//! binaries (`fuzz/fuzz_targets/*.rs`) call these functions; so does the ordinary test
//! `tests/fuzz_checks.rs`, which includes this file and runs every check over the seed
//! corpora and a deterministic stream of random inputs, so a plain `cargo test` keeps
//! the checks honest without a fuzzer.

use std::sync::LazyLock;

use sentiment_triage::jsonl::{Input, ScoreLines};
use sentiment_triage::{
    review_reply_to, suggest_replies, Assessment, Care, Category, CustomerHistory, DifficultyLevel,
    HistoryStore, Lexicon, ReplyContext, Templates, Timestamp, Triage, MAX_VALUE_CHARS,
};

/// One fuzz target: its name (of the binary and the corpus folder) and its check.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target.
pub const TARGETS: [Target; 6] = [
    ("analyze", analyze),
    ("lexicon", lexicon),
    ("builder", builder),
    ("cli_line", cli_line),
    ("history", history),
    ("reply", reply),
];

/// A small byte budget, so the fuzzer also exercises the cut at a character boundary.
const SMALL_MAX_BYTES: usize = 64;

static BUILTIN: LazyLock<Triage> = LazyLock::new(Triage::new);
static SMALL: LazyLock<Triage> = LazyLock::new(|| {
    Triage::builder()
        .max_bytes(SMALL_MAX_BYTES)
        .build()
        .expect("built-in lexicons build")
});
/// A fixed clock for the CLI handler, so its answers do not depend on the time of day.
static CLOCK: LazyLock<Timestamp> =
    LazyLock::new(|| Timestamp::from_unix_seconds(1_700_000_000.0).expect("valid time"));

/// The fuzzer's bytes as text: valid UTF-8 as is, anything else decoded lossily (so
/// broken encodings still reach the engine as the replacement characters a caller would
/// pass).
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits `data` at the first `0xFF` byte (never part of UTF-8): a header and a body.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&[], data),
    }
}

/// Asserts every invariant of one assessment of `text` by `triage`, whose byte budget
/// is `max_bytes`.
pub fn check_assessment(triage: &Triage, max_bytes: usize, text: &str, a: &Assessment) {
    for s in [a.hostility.score, a.urgency.score] {
        assert!((0.0..=1.0).contains(&s), "score {s} out of range");
    }
    for (c, v) in a.categories.iter() {
        assert!(
            (0.0..=1.0).contains(&v),
            "category {c} score {v} out of range"
        );
    }
    assert_eq!(a.truncated, text.len() > max_bytes, "truncated flag");
    let scored = if a.truncated { max_bytes } else { text.len() };
    for h in &a.hits {
        let (s, e) = (h.span.start, h.span.end);
        assert!(s < e && e <= scored, "span {s}..{e} out of 0..{scored}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span off a char"
        );
        assert!(
            h.weight.is_finite() && h.weight != 0.0,
            "weight {}",
            h.weight
        );
    }
    if a.hits
        .iter()
        .any(|h| h.category.is_abusive() && h.weight > 0.0)
    {
        // Abusive needs an abusive hit; the converse is not promised.
    } else {
        assert!(
            a.hostility.band < sentiment_triage::HostilityBand::Abusive,
            "abusive band without an abusive hit"
        );
    }
    let mut again = Assessment::new();
    triage.analyze_into(text, &mut again);
    assert_eq!(
        *a, again,
        "analysis is deterministic and analyze_into agrees"
    );
}

/// `Triage::analyze` on arbitrary text, with the default engine and with a tiny byte
/// budget.
pub fn analyze(data: &[u8]) {
    let t = text(data);
    let a = BUILTIN.analyze(&t);
    check_assessment(&BUILTIN, sentiment_triage::DEFAULT_MAX_BYTES, &t, &a);
    let small = SMALL.analyze(&t);
    check_assessment(&SMALL, SMALL_MAX_BYTES, &t, &small);
}

/// `Lexicon::parse` on arbitrary text: never panics; what parses builds an engine (or
/// fails cleanly on an oversized regex), and every entry prints back to an equal entry.
pub fn lexicon(data: &[u8]) {
    let (name, body) = split(data);
    let name = text(name);
    let body = text(body);
    let Ok(lex) = Lexicon::parse(&name, &body) else {
        return;
    };
    for e in lex.entries() {
        let again = sentiment_triage::Entry::new(e.category, &e.pattern.to_string(), e.weight)
            .expect("a parsed entry prints back to a valid entry");
        assert_eq!(again.pattern, e.pattern, "pattern round trip");
    }
    let _ = lex.check_sorted();
    if let Ok(triage) = Triage::builder().builtins(false).lexicon(lex).build() {
        let sample = "You idiots!! This is the THIRD time, fix it now or I cancel. f*ck";
        let a = triage.analyze(sample);
        check_assessment(&triage, sentiment_triage::DEFAULT_MAX_BYTES, sample, &a);
    }
}

/// A small lexicon of every kind of pattern for the builder target to build on: the
/// full built-in set takes milliseconds to compile, too slow to fuzz on every input.
const BASE_LEXICON: &str = "[insult]\nidiot* 0.6\nwet blanket 0.4\n🖕 0.7\n\
    [time_pressure]\nre:\\bwithin \\d+ hours\\b 0.5\n[negator]\nnot 1\n[target]\nyou 1.3\n";

/// `TriageBuilder` with arbitrary custom entries (category, weight, pattern), removals and
/// reweightings on top of a small lexicon (or of the built-ins, when the input starts with
/// `+`), then an analysis of the rest of the input.
pub fn builder(data: &[u8]) {
    static BASE: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::parse("base.txt", BASE_LEXICON).expect("base lexicon parses"));
    let (head, body) = split(data);
    let mut b = Triage::builder();
    b.builtins(head.first() == Some(&b'+'))
        .lexicon(BASE.clone());
    for line in head.split(|&c| c == b'\n').take(16) {
        let [op, c, w, rest @ ..] = line else {
            continue;
        };
        let category = Category::ALL[usize::from(*c) % Category::ALL.len()];
        let weight = f32::from(*w) / 64.0 - 2.0;
        let pattern = text(rest);
        match op % 4 {
            0 => b.remove(&pattern),
            1 => b.reweight(&pattern, weight),
            2 => b.max_bytes(usize::from(*w) * 4),
            _ => b.term(category, &pattern, weight),
        };
    }
    let Ok(triage) = b.build() else {
        return;
    };
    let t = text(body);
    let a = triage.analyze(&t);
    check_assessment(&triage, budget(head), &t, &a);
}

/// The byte budget the builder target's header sets: the last `max_bytes` operation wins.
fn budget(head: &[u8]) -> usize {
    head.split(|&c| c == b'\n')
        .take(16)
        .filter_map(|line| match line {
            [op, _, w, _rest @ ..] if op % 4 == 2 => Some(usize::from(*w) * 4),
            _ => None,
        })
        .last()
        .unwrap_or(sentiment_triage::DEFAULT_MAX_BYTES)
}

/// The CLI's line handler (`score`, JSON and plain input, with histories): every line gets
/// exactly one line of JSON back, an object with either the assessment or an error.
pub fn cli_line(data: &[u8]) {
    for input in [Input::Json, Input::Plain] {
        let mut h = ScoreLines::new(BUILTIN.clone(), input)
            .with_history(HistoryStore::new(4))
            .with_clock(*CLOCK);
        for (n, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
            let out = h.answer(n + 1, line);
            assert!(!out.contains('\n'), "answer spans lines: {out}");
            let v: serde_json::Value = serde_json::from_str(&out).expect("answer is JSON");
            let obj = v.as_object().expect("answer is an object");
            assert!(
                obj.contains_key("error") || obj.contains_key("hostility"),
                "answer is neither a result nor an error: {out}"
            );
            if let Some(hits) = obj.get("hits").and_then(|h| h.as_array()) {
                for hit in hits {
                    let (s, e) = (hit["start"].as_u64(), hit["end"].as_u64());
                    assert!(s < e, "hit span {s:?}..{e:?}");
                }
            }
        }
    }
}

/// A customer history fed an arbitrary sequence of messages and timestamps (in and out of
/// order, far apart, equal): the difficulty stays in range, the history survives a serde
/// round trip, and the store agrees with a plain history.
pub fn history(data: &[u8]) {
    const MESSAGES: [&str; 6] = [
        "Where is my parcel?",
        "You idiots, this is the third time I ask!!",
        "I will file a chargeback and call my lawyer.",
        "Thanks, that fixed it.",
        "Still broken. Fix it TODAY.",
        "f*ck this, cancel my account",
    ];
    static ASSESSED: LazyLock<Vec<Assessment>> =
        LazyLock::new(|| MESSAGES.iter().map(|m| BUILTIN.analyze(m)).collect());
    let mut h = CustomerHistory::new();
    let store = HistoryStore::new(2);
    let mut last = Timestamp::EPOCH;
    for chunk in data.chunks(9).take(256) {
        let [m, rest @ ..] = chunk else { continue };
        let mut secs = [0u8; 8];
        secs[..rest.len()].copy_from_slice(rest);
        let raw = f64::from_le_bytes(secs);
        // Half the time a raw float (NaN, negative, huge: rejected cleanly), half a
        // plausible time near the previous one, forward or backward.
        let at = if m & 0x80 != 0 {
            match Timestamp::from_unix_seconds(raw) {
                Ok(t) => t,
                Err(_) => continue,
            }
        } else {
            let step = f64::from(u32::from_le_bytes([
                rest.first().copied().unwrap_or(0),
                rest.get(1).copied().unwrap_or(0),
                0,
                0,
            ])) - 20_000.0;
            match Timestamp::from_unix_seconds((last.as_unix_seconds() + step).max(0.0)) {
                Ok(t) => t,
                Err(_) => continue,
            }
        };
        last = at;
        let a = &ASSESSED[usize::from(m & 0x7F) % ASSESSED.len()];
        h.record(a, at);
        let via_store = store.record("c", a, at);
        let d = h.difficulty(at);
        assert!(
            d.score.is_finite() && (0.0..=1.0).contains(&d.score),
            "difficulty {}",
            d.score
        );
        assert_eq!(d, via_store, "the store agrees with a plain history");
        assert!(
            d.level == DifficultyLevel::None || !d.care.is_empty(),
            "care for a level"
        );
        assert!(h.recent().len() <= sentiment_triage::RECENT_CONTACTS);
    }
    let json = serde_json::to_string(&h).expect("history serializes");
    let back: CustomerHistory = serde_json::from_str(&json).expect("history deserializes");
    assert_eq!(
        serde_json::to_string(&back).expect("serializes again"),
        json,
        "history survives a round trip"
    );
    for probe in [last, Timestamp::EPOCH] {
        let d = h.difficulty(probe);
        assert!(d.score.is_finite() && (0.0..=1.0).contains(&d.score));
    }
}

/// Reply suggestions with arbitrary context values (name, order id, agent, product) and
/// arbitrary custom templates; the draft checker on arbitrary drafts.
pub fn reply(data: &[u8]) {
    let (head, body) = split(data);
    let mut fields = head.split(|&b| b == b'\n').map(text);
    let mut ctx = ReplyContext::new();
    if let Some(v) = fields.next() {
        ctx = ctx.name(v);
    }
    if let Some(v) = fields.next() {
        ctx = ctx.order_id(v);
    }
    if let Some(v) = fields.next() {
        ctx = ctx.agent(v);
    }
    if let Some(v) = fields.next() {
        ctx = ctx.product(v);
    }
    if head.len() % 2 == 1 {
        ctx = ctx.care(Care::Extra);
    }
    let body = text(body);
    let customer = BUILTIN.analyze(&body);
    let values: Vec<String> = [&ctx.name, &ctx.order_id, &ctx.agent, &ctx.product]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let longest_value = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    for s in suggest_replies(&customer, &ctx) {
        assert!(!s.text.is_empty(), "empty suggestion");
        assert!(
            !s.text.chars().any(|c| c.is_control() && c != '\n'),
            "control character in a reply: {:?}",
            s.text
        );
        assert!(s.score.is_finite(), "suggestion score {}", s.score);
        // Templates are a few hundred characters; a value adds at most MAX_VALUE_CHARS.
        assert!(
            s.text.chars().count() <= 2_000 + 4 * MAX_VALUE_CHARS.min(longest_value),
            "suggestion grew with its context"
        );
    }
    let review = review_reply_to(&body, &customer);
    assert!(review.score.is_finite());
    for f in &review.findings {
        assert!(f.span.start < f.span.end && f.span.end <= body.len());
        assert!(body.is_char_boundary(f.span.start) && body.is_char_boundary(f.span.end));
    }
    if let Ok(custom) = Templates::parse("fuzz.txt", &body) {
        let _ = custom.suggest(&customer, &ctx);
        let _ = custom.gaps();
    }
}
