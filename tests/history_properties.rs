//! Property tests of customer histories: bounded size, order of records, recovery and
//! fairness, over random sequences of the fixture's messages.

mod history_fixture;

use std::sync::LazyLock;

use history_fixture::{assess, at, MESSAGES};
use proptest::prelude::*;
use sentiment_triage::{Assessment, CustomerHistory, RECENT_CONTACTS};

/// A message kind and a time in hours; few distinct times so that ties are common.
fn events() -> impl Strategy<Value = Vec<(usize, u32)>> {
    prop::collection::vec((0..MESSAGES.len(), 0u32..200), 0..40)
}

fn history_of(events: &[(usize, u32)]) -> CustomerHistory {
    let mut h = CustomerHistory::new();
    for &(kind, hours) in events {
        h.record(&ASSESSED[kind], at(f64::from(hours)));
    }
    h
}

static ASSESSED: LazyLock<Vec<Assessment>> =
    LazyLock::new(|| MESSAGES.iter().map(|(n, _)| assess(n)).collect());

const END: f64 = 200.0;

proptest! {
    #[test]
    fn size_is_bounded(events in prop::collection::vec((0..MESSAGES.len(), 0u32..2000), 0..200)) {
        let h = history_of(&events);
        prop_assert!(h.recent().len() <= RECENT_CONTACTS);
        prop_assert!(h.threats().len() <= 6);
        prop_assert!(serde_json::to_string(&h).unwrap().len() < 2500);
    }

    #[test]
    fn order_of_records_does_not_matter(events in events(), seed in any::<u64>()) {
        let mut sorted = events.clone();
        sorted.sort_by_key(|&(_, hours)| hours);
        let mut shuffled = sorted.clone();
        // Shuffle only among equal times first, then everything: both must agree.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let (a, b) = (history_of(&sorted), history_of(&shuffled));
        prop_assert_eq!(a.recent(), b.recent());
        prop_assert_eq!(a.updated_at(), b.updated_at());
        let (da, db) = (a.difficulty(at(END)), b.difficulty(at(END)));
        prop_assert!((da.score - db.score).abs() < 1e-4);
        prop_assert_eq!(da.reasons, db.reasons);
    }

    #[test]
    fn recovery_is_monotone_without_new_hostile_messages(events in events(), calm in 0usize..6) {
        let mut h = history_of(&events);
        let mut last = h.difficulty(at(END));
        // Time passing alone.
        for step in 1..60 {
            let d = h.difficulty(at(END + f64::from(step) * 12.0));
            prop_assert!(d.score <= last.score + 1e-6 && d.level <= last.level);
            last = d;
        }
        // Calm messages, each after the repeat window.
        let mut last = h.difficulty(at(END + 80.0));
        for i in 0..calm {
            let t = END + 80.0 * (i as f64 + 1.0);
            h.record(&ASSESSED[0], at(t));
            let d = h.difficulty(at(t));
            prop_assert!(d.score <= last.score + 1e-6 && d.level <= last.level);
            last = d;
        }
    }

    #[test]
    fn hostility_never_lowers_the_boost(events in events()) {
        let calm: Vec<(usize, u32)> = events.iter().map(|&(_, t)| (0, t)).collect();
        let (h, c) = (history_of(&events).difficulty(at(END)), history_of(&calm).difficulty(at(END)));
        prop_assert!(h.priority_boost() >= c.priority_boost());
        prop_assert!(h.score + 1e-6 >= c.score);
    }
}
