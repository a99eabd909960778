//! Customer histories through the public API: realistic sequences as tables, the fairness
//! rules one test each, and the stored form. Property tests: `history_properties.rs`.
//!
//! Assessments come from a small test lexicon (`history_fixture`), never from the built-in
//! one.

mod history_fixture;

use history_fixture::{assess, at, MESSAGES};
use sentiment_triage::{
    CareAction, CustomerHistory, DifficultyLevel, HistoryStore, HostilityBand, Modifier, Timestamp,
    Trend,
};

#[test]
fn test_messages_have_the_bands_the_tables_assume() {
    let bands = [
        ("calm", HostilityBand::Calm),
        ("ask", HostilityBand::Calm),
        ("angry", HostilityBand::Angry),
        ("abusive", HostilityBand::Abusive),
        ("threat", HostilityBand::Angry),
        ("lawyer", HostilityBand::Frustrated),
    ];
    for (name, band) in bands {
        assert_eq!(assess(name).hostility.band, band, "{name}");
    }
}

/// One step of a sequence: a message from a customer, or a check of a customer's level and
/// reasons (exactly, in order) at a time. Times are hours after Monday 00:00.
enum Step {
    Msg(&'static str, f64, &'static str),
    Check(&'static str, f64, &'static str, &'static [&'static str]),
}
use Step::{Check, Msg};

const SEQUENCES: &[(&str, &[Step])] = &[
    (
        "a one-off rant labels no one",
        &[
            Msg("ann", 0.0, "abusive"),
            Check("ann", 0.0, "none", &[]),
            Msg("ann", 0.2, "threat"),
            Msg("ann", 0.5, "abusive"),
            Check("ann", 0.5, "none", &[]),
            Msg("ann", 30.0, "calm"),
            Check("ann", 30.0, "none", &[]),
        ],
    ),
    (
        "a slow burn over weeks",
        &[
            Msg("bob", 0.0, "angry"),
            Msg("bob", 96.0, "angry"),
            Check("bob", 96.0, "watch", &["2 angry messages in 4 days"]),
            Msg("bob", 192.0, "angry"),
            Msg("bob", 288.0, "angry"),
            Msg("bob", 384.0, "angry"),
            Msg("bob", 480.0, "angry"),
            Check("bob", 480.0, "watch", &["6 angry messages in 3 weeks"]),
            Check("bob", 480.0 + 24.0 * 31.0, "none", &[]),
        ],
    ),
    (
        "a threat, then calm and served well",
        &[
            Msg("cat", 0.0, "threat"),
            Msg("cat", 6.0, "angry"),
            Check(
                "cat",
                6.0,
                "extra_care",
                &["2 angry messages in 6 hours", "threatened a chargeback"],
            ),
            Msg("cat", 80.0, "calm"),
            Check(
                "cat",
                80.0,
                "watch",
                &["2 angry messages in 6 hours", "threatened a chargeback"],
            ),
            Msg("cat", 150.0, "calm"),
            Check("cat", 150.0, "none", &[]),
        ],
    ),
    (
        "three angry messages in two days",
        &[
            Msg("dan", 0.0, "angry"),
            Msg("dan", 20.0, "angry"),
            Msg("dan", 44.0, "angry"),
            Check(
                "dan",
                44.0,
                "extra_care",
                &["3 angry messages in 2 days", "contacted 3 times in 2 days"],
            ),
            Check("dan", 100.0, "watch", &["3 angry messages in 2 days"]),
            Check("dan", 400.0, "none", &[]),
        ],
    ),
    (
        "two customers interleaved do not mix",
        &[
            Msg("eve", 0.0, "abusive"),
            Msg("fay", 1.0, "calm"),
            Msg("eve", 2.0, "abusive"),
            Msg("fay", 3.0, "calm"),
            Msg("eve", 4.0, "lawyer"),
            Check("fay", 4.0, "none", &[]),
            Check(
                "eve",
                4.0,
                "extra_care",
                &[
                    "2 angry messages in 2 hours",
                    "2 abusive messages",
                    "threatened legal action",
                    "contacted 3 times in 4 hours",
                ],
            ),
        ],
    ),
    (
        "repeated abuse and a threat escalate",
        &[
            Msg("gus", 0.0, "abusive"),
            Msg("gus", 4.0, "abusive"),
            Msg("gus", 8.0, "abusive"),
            Msg("gus", 9.0, "review"),
            Check(
                "gus",
                9.0,
                "escalate",
                &[
                    "3 angry messages in 8 hours",
                    "3 abusive messages",
                    "threatened a public review",
                    "contacted 3 times in 9 hours",
                ],
            ),
        ],
    ),
    (
        "a regular customer turns angry",
        &[
            Msg("jo", 0.0, "calm"),
            Msg("jo", 48.0, "calm"),
            Msg("jo", 96.0, "calm"),
            Msg("jo", 150.0, "angry"),
            Msg("jo", 160.0, "angry"),
            Check(
                "jo",
                160.0,
                "watch",
                &[
                    "2 angry messages in 10 hours",
                    "contacted 3 times in 3 days",
                    "getting angrier",
                ],
            ),
        ],
    ),
    (
        "a calm customer chasing an order",
        &[
            Msg("hal", 0.0, "ask"),
            Msg("hal", 20.0, "ask"),
            Msg("hal", 30.0, "ask"),
            Check("hal", 30.0, "none", &[]),
            Msg("hal", 44.0, "ask"),
            Check("hal", 44.0, "watch", &["contacted 4 times in 2 days"]),
            Check("hal", 120.0, "none", &[]),
        ],
    ),
    (
        "urgent messages again and again",
        &[
            Msg("ida", 0.0, "urgent"),
            Msg("ida", 10.0, "urgent"),
            Msg("ida", 20.0, "urgent"),
            Check(
                "ida",
                20.0,
                "watch",
                &[
                    "contacted 3 times in 20 hours",
                    "3 urgent messages in 20 hours",
                ],
            ),
        ],
    ),
];

#[test]
fn realistic_sequences() {
    for (name, steps) in SEQUENCES {
        let store = HistoryStore::new(100);
        for (i, step) in steps.iter().enumerate() {
            match *step {
                Msg(who, hours, msg) => {
                    store.record(who, &assess(msg), at(hours));
                }
                Check(who, hours, level, reasons) => {
                    let d = store.difficulty(who, at(hours));
                    let got: Vec<String> = d.reasons.iter().map(|r| r.to_string()).collect();
                    assert_eq!(
                        (d.level.name(), got.as_slice()),
                        (
                            level,
                            &reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>()[..]
                        ),
                        "{name}, step {i}: score {}",
                        d.score
                    );
                    assert_eq!(d.care.is_empty(), d.level == DifficultyLevel::None);
                }
            }
        }
    }
}

#[test]
fn the_care_plan_of_an_escalated_customer() {
    let mut h = CustomerHistory::new();
    for (hours, msg) in [
        (0.0, "abusive"),
        (4.0, "abusive"),
        (8.0, "abusive"),
        (9.0, "review"),
    ] {
        h.record(&assess(msg), at(hours));
    }
    let d = h.difficulty(at(9.0));
    assert_eq!(d.level, DifficultyLevel::Escalate);
    assert_eq!(d.priority_boost(), 3);
    assert_eq!(
        d.care,
        [
            CareAction::AnswerFirst,
            CareAction::SeniorAgent,
            CareAction::NoHoldLongerThan { seconds: 60 },
            CareAction::ApologizeAndOwn,
            CareAction::OfferSupervisor,
            CareAction::FollowUpWithin { hours: 4 },
            CareAction::AgentMayHandOver,
        ]
    );
    assert_eq!(
        d.care[2].to_string(),
        "Do not put them on hold for more than 1 minute."
    );
}

#[test]
fn a_threat_told_as_news_is_not_the_customers() {
    let news = assess("news");
    let hit = news
        .hits
        .iter()
        .find(|h| h.term.as_str() == "chargeback")
        .unwrap();
    assert!(hit.modifiers.contains(Modifier::Impersonal), "{hit:?}");
    let mut h = CustomerHistory::new();
    h.record(&news, at(0.0));
    assert!(h.threats().is_empty(), "{:?}", h.threats());
    assert!(!h.recent()[0].escalation);
    h.record(&assess("threat"), at(1.0));
    assert_eq!(h.threats().len(), 1);
    assert!(h.recent()[1].escalation);
}

// --- Fairness rules, one test each ---------------------------------------------------

#[test]
fn fairness_one_bad_message_does_not_label_a_customer() {
    for (name, _) in MESSAGES {
        let mut h = CustomerHistory::new();
        h.record(&assess(name), at(0.0));
        let d = h.difficulty(at(0.0));
        assert_eq!(d.level, DifficultyLevel::None, "{name}");
        assert!(d.reasons.is_empty() && d.care.is_empty(), "{name}");
    }
}

#[test]
fn fairness_a_customer_who_calms_down_recovers() {
    let angry = |h: &mut CustomerHistory| {
        for hours in [0.0, 20.0, 44.0] {
            h.record(&assess("angry"), at(hours));
        }
    };
    let mut left_alone = CustomerHistory::new();
    angry(&mut left_alone);
    let mut served_well = left_alone.clone();
    served_well.record(&assess("calm"), at(120.0));
    served_well.record(&assess("calm"), at(200.0));
    let mut last = left_alone.difficulty(at(44.0));
    assert_eq!(last.level, DifficultyLevel::ExtraCare);
    for day in 3..40 {
        let d = left_alone.difficulty(at(f64::from(day) * 24.0));
        assert!(d.score <= last.score && d.level <= last.level, "day {day}");
        last = d;
    }
    assert_eq!(last.level, DifficultyLevel::None);
    let (calm, alone) = (
        served_well.difficulty(at(200.0)),
        left_alone.difficulty(at(200.0)),
    );
    assert!(calm.score < alone.score, "{} < {}", calm.score, alone.score);
    assert_eq!(calm.level, DifficultyLevel::None);
    assert_eq!(served_well.trend(at(200.0)), Trend::Calming);
}

#[test]
fn fairness_the_flag_only_adds_care() {
    let calm = CustomerHistory::new().difficulty(at(0.0));
    assert_eq!(calm.priority_boost(), 0);
    let mut hostile = CustomerHistory::new();
    let mut polite = CustomerHistory::new();
    for hours in [0.0, 1.0, 2.0, 3.0] {
        hostile.record(&assess("abusive"), at(hours));
        polite.record(&assess("calm"), at(hours));
    }
    let (h, p) = (hostile.difficulty(at(3.0)), polite.difficulty(at(3.0)));
    assert!(h.priority_boost() >= p.priority_boost());
    assert!(h.score >= p.score);
    // Every kind of action of a lower level's plan is kept at a higher level.
    assert!(p
        .care
        .iter()
        .all(|a| h.care.iter().any(|b| a.name() == b.name())));
}

#[test]
fn fairness_a_reset_forgets_everything() {
    let mut h = CustomerHistory::new();
    for hours in [0.0, 1.0, 2.0] {
        h.record(&assess("abusive"), at(hours));
    }
    assert!(h.difficulty(at(2.0)).level > DifficultyLevel::None);
    h.reset();
    assert_eq!(h, CustomerHistory::new());
    assert_eq!(h.difficulty(at(2.0)).level, DifficultyLevel::None);
    let store = HistoryStore::new(10);
    store.record("x", &assess("abusive"), at(0.0));
    assert!(store.remove("x").is_some());
    assert!(store.get("x").is_none());
}

// --- Time -----------------------------------------------------------------------------

#[test]
fn bad_times_are_clear_errors() {
    for bad in [f64::NAN, f64::NEG_INFINITY, f64::INFINITY, -1.0, 1.7e12] {
        let err = Timestamp::from_unix_seconds(bad).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    assert!(Timestamp::parse_rfc3339("2024-02-30T00:00:00Z").is_err());
}

#[test]
fn out_of_order_records_do_not_rewind_the_clock() {
    let mut in_order = CustomerHistory::new();
    let mut late = CustomerHistory::new();
    for hours in [0.0, 5.0, 10.0] {
        in_order.record(&assess("angry"), at(hours));
    }
    for hours in [10.0, 0.0, 5.0] {
        late.record(&assess("angry"), at(hours));
    }
    assert_eq!(late.updated_at(), Some(at(10.0)));
    let (a, b) = (in_order.difficulty(at(10.0)), late.difficulty(at(10.0)));
    assert_eq!(a.level, b.level);
    assert!((a.score - b.score).abs() < 1e-5);
    // Asking before the clock answers as of the clock.
    assert_eq!(late.difficulty(at(1.0)), late.difficulty(at(10.0)));
}

#[test]
fn duplicate_times_count_as_separate_messages() {
    let mut h = CustomerHistory::new();
    h.record(&assess("angry"), at(3.0));
    h.record(&assess("angry"), at(3.0));
    assert_eq!(h.messages(), 2);
    // ... but one outburst: two messages at once label no one.
    assert_eq!(h.difficulty(at(3.0)).level, DifficultyLevel::None);
}

// --- Stored form ------------------------------------------------------------------------

#[test]
fn stored_history_round_trips_and_checks_what_it_loads() {
    let mut h = CustomerHistory::new();
    for (hours, msg) in [(0.0, "threat"), (1.0, "abusive"), (2.0, "urgent")] {
        h.record(&assess(msg), at(hours));
    }
    let json = serde_json::to_string(&h).unwrap();
    assert!(
        !json.contains("furious"),
        "no message text is stored: {json}"
    );
    assert!(json.contains("\"version\":1"));
    let back: CustomerHistory = serde_json::from_str(&json).unwrap();
    // serde_json may read a float back one unit in the last place off; behaviour is equal.
    assert_eq!(back.recent(), h.recent());
    assert_eq!(back.threats(), h.threats());
    assert_eq!(back.messages(), h.messages());
    for hours in [2.0, 50.0, 500.0] {
        let (a, b) = (back.difficulty(at(hours)), h.difficulty(at(hours)));
        assert_eq!((a.level, &a.reasons), (b.level, &b.reasons));
        assert!((a.score - b.score).abs() < 1e-6);
    }

    let newer = json.replace("\"version\":1", "\"version\":2");
    let err = serde_json::from_str::<CustomerHistory>(&newer).unwrap_err();
    assert!(err.to_string().contains("newer"), "{err}");
    let negative = json.replacen("\"weight\":", "\"weight\":-", 1);
    assert!(serde_json::from_str::<CustomerHistory>(&negative).is_err());
    assert!(serde_json::from_str::<CustomerHistory>(&json[..json.len() / 2]).is_err());
}
