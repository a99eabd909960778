//! Table-driven cases: realistic customer messages with the bands and categories they must
//! get. The table is `tests/data/cases.tsv`; its header explains the columns.

use sentiment_triage::{Category, HostilityBand, Triage, UrgencyBand};

const CASES: &str = include_str!("data/cases.tsv");

/// A band condition: exact (`angry`), at least (`>=angry`) or at most (`<=frustrated`).
fn band_ok<B: Ord + Copy + std::fmt::Display>(
    cond: &str,
    band: B,
    parse: impl Fn(&str) -> B,
) -> bool {
    if cond == "*" {
        return true;
    }
    if let Some(b) = cond.strip_prefix(">=") {
        band >= parse(b)
    } else if let Some(b) = cond.strip_prefix("<=") {
        band <= parse(b)
    } else {
        band == parse(cond)
    }
}

fn hostility(s: &str) -> HostilityBand {
    match s {
        "calm" => HostilityBand::Calm,
        "frustrated" => HostilityBand::Frustrated,
        "angry" => HostilityBand::Angry,
        "abusive" => HostilityBand::Abusive,
        _ => panic!("unknown hostility band {s}"),
    }
}

fn urgency(s: &str) -> UrgencyBand {
    match s {
        "low" => UrgencyBand::Low,
        "normal" => UrgencyBand::Normal,
        "high" => UrgencyBand::High,
        "critical" => UrgencyBand::Critical,
        _ => panic!("unknown urgency band {s}"),
    }
}

#[test]
fn table_of_customer_messages() {
    let triage = Triage::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in CASES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(
            cols.len(),
            4,
            "line {}: expected 4 tab-separated columns",
            i + 1
        );
        let (h, u, cats, text) = (cols[0], cols[1], cols[2], cols[3].replace("\\n", "\n"));
        n += 1;
        let a = triage.analyze(&text);
        let mut problems = Vec::new();
        if !band_ok(h, a.hostility.band, hostility) {
            problems.push(format!(
                "hostility {} ({:.2}), want {h}",
                a.hostility.band, a.hostility.score
            ));
        }
        if !band_ok(u, a.urgency.band, urgency) {
            problems.push(format!(
                "urgency {} ({:.2}), want {u}",
                a.urgency.band, a.urgency.score
            ));
        }
        for c in cats.split(',').filter(|c| !c.is_empty() && *c != "-") {
            let (want, name) = match c.strip_prefix('!') {
                Some(n) => (false, n),
                None => (true, c),
            };
            let cat: Category = name
                .parse()
                .unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
            if a.has(cat) != want {
                problems.push(format!(
                    "{} {cat}",
                    if want { "missing" } else { "unexpected" }
                ));
            }
        }
        if !problems.is_empty() {
            let hits: Vec<String> = a
                .hits
                .iter()
                .map(|h| format!("{}={}:{:+.2}", &text[h.span], h.category, h.weight))
                .collect();
            failures.push(format!(
                "line {}: {text:?}: {}; hits {hits:?}",
                i + 1,
                problems.join(", ")
            ));
        }
    }
    assert!(n >= 150, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
