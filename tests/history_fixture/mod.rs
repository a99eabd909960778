//! The small test lexicon, engine and messages that the customer-history tests share.

use std::sync::LazyLock;

use sentiment_triage::{Assessment, Lexicon, Timestamp, Triage};

pub const LEXICON: &str = "\
[anchor]
i 1
my 1
you 1
[anger]
furious 0.7
[escalation]
bad review 0.6
chargeback 0.6
lawyer 0.6
[escalation_chargeback]
chargeback 1
[escalation_legal]
lawyer 1
[escalation_public]
review 1
[insult]
idiots 0.9
[politeness]
thanks 0.3
[time_pressure]
asap 0.9
";

pub static TRIAGE: LazyLock<Triage> = LazyLock::new(|| {
    let lexicon = Lexicon::parse("history-test", LEXICON).unwrap();
    Triage::builder()
        .builtins(false)
        .lexicon(lexicon)
        .build()
        .unwrap()
});

/// The messages the tables use, by short name.
pub const MESSAGES: &[(&str, &str)] = &[
    ("calm", "thanks, that helps"),
    ("ask", "where is my order?"),
    ("angry", "I am furious"),
    ("abusive", "you idiots, I am furious"),
    ("threat", "I am furious, I will file a chargeback"),
    ("lawyer", "my lawyer will hear of this"),
    ("review", "expect a bad review"),
    ("urgent", "I need this asap"),
    ("news", "the shop down the road got a chargeback"),
];

pub fn assess(name: &str) -> Assessment {
    let text = MESSAGES.iter().find(|(n, _)| *n == name).unwrap().1;
    TRIAGE.analyze(text)
}

/// Monday 2024-03-04T00:00:00Z.
pub const T0: f64 = 1_709_510_400.0;

pub fn at(hours: f64) -> Timestamp {
    Timestamp::from_unix_seconds(T0 + hours * 3600.0).unwrap()
}
