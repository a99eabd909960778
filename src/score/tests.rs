//! The tests of `score`: the one-pass scoring against the pass per pool, the decayed sums,
//! and the scores and bands of sample messages.

use super::*;

/// Whether the one-pass scoring (`finish_pooled`) and the pass per pool
/// (`finish_many`) of `a`'s hits give the same scores, bit for bit, and bands.
fn pooled_agrees(a: &Assessment, words: usize, late_from: usize) -> bool {
    let (mut one, mut many) = (a.clone(), a.clone());
    finish_pooled(&mut one, words, late_from);
    finish_many(&mut many, words, late_from, &mut Vec::new());
    let bits = |a: &Assessment| {
        let scores = [a.hostility.score, a.urgency.score].into_iter();
        let all = scores.chain(a.categories.iter().map(|(_, v)| v));
        (
            all.map(f32::to_bits).collect::<Vec<_>>(),
            a.hostility.band,
            a.urgency.band,
        )
    };
    bits(&one) == bits(&many)
}

#[test]
fn decayed_sum_is_bounded_and_monotone() {
    let mut many = vec![0.25; 100];
    let bound = 0.25 / (1.0 - HIT_DECAY);
    assert!(decayed_sum(&mut many) <= bound + 1e-4);
    let mut base = vec![0.3, 0.1, 0.5];
    let before = decayed_sum(&mut base);
    for add in [0.0, 0.05, 0.2, 0.4, 0.9] {
        let mut more = base.clone();
        more.push(add);
        assert!(decayed_sum(&mut more) >= before - 1e-6, "adding {add}");
    }
}

#[test]
fn urgency_stated_late_counts_less() {
    let filler = "I have been enjoying the course a lot and I wanted to share some \
                  thoughts about the lectures and the readings so far. "
        .repeat(3);
    let problem = "The exam won't load and I am locked out of my account.";
    let t = crate::Triage::new();
    let early = t.analyze(&format!("{problem} {filler}")).urgency.score;
    let late = t.analyze(&format!("{filler} {problem}")).urgency.score;
    assert!(early > late, "early {early} late {late}");
    // A short message is not affected: the same words in any order score the same.
    let a = t
        .analyze("Thanks for the course. The exam won't load.")
        .urgency
        .score;
    let b = t
        .analyze("The exam won't load. Thanks for the course.")
        .urgency
        .score;
    assert!((a - b).abs() < 1e-6, "{a} {b}");
}

#[test]
fn an_emphasized_request_escapes_the_cap() {
    let t = crate::Triage::new();
    let plain = t
        .analyze("please help, what am I supposed to do")
        .urgency
        .score;
    let loud = t
        .analyze("PLEASE HELP!! what am I supposed to do")
        .urgency
        .score;
    assert!(plain < NORMAL_AT, "{plain}");
    assert!(loud > plain, "{loud} {plain}");
}

#[test]
fn faint_cues_rank_with_requests_not_above() {
    let t = crate::Triage::new();
    let a = t.analyze("Is the quiz open today? I want to finish it quickly.");
    let faint = |c| {
        a.hits
            .iter()
            .any(|h| h.category == c && h.weight < URGENCY_FAINT_BELOW)
    };
    assert!(faint(Category::TimePressure), "{:?}", a.hits);
    assert!(a.urgency.score < NORMAL_AT, "{}", a.urgency.score);
    // A clear cue still counts as pressing evidence.
    let b = t.analyze("The deadline for the quiz is today.");
    assert!(b.urgency.score >= NORMAL_AT, "{}", b.urgency.score);
}

/// The one-pass scoring agrees with the pass-per-pool scoring, bit for bit.
#[test]
fn pooled_scoring_agrees_with_the_passes() {
    let t = crate::Triage::new();
    for text in [
        "@AcmeAir flight delayed AGAIN, third time this month. You people are useless!!",
        "thanks so much, the staff were lovely, but it is a bit late. Not helpful at all",
        "PLEASE HELP!! the site is down and we are losing sales, fix it today or I cancel",
        "you stupid idiots, this is the worst fucking service, I will sue you. urgent!!",
    ] {
        let a = t.analyze(text);
        assert!(
            a.hits.len() <= POOLED_HITS && pooled_agrees(&a, 40, usize::MAX),
            "{text}"
        );
    }
}

/// The scores kept for zero evidence are the ones `logistic` gives, for 0.0 and -0.0,
/// bit for bit.
#[test]
fn zero_evidence_scores_are_the_logistic_ones() {
    for zero in [0.0f32, -0.0] {
        let mut a = Assessment::new();
        set_bands(&mut a, zero, 0.0, 0.0, false, zero);
        let h = logistic(zero, HOSTILITY_MIDPOINT, HOSTILITY_SLOPE);
        let u = logistic(zero, URGENCY_MIDPOINT, URGENCY_SLOPE);
        assert_eq!(a.hostility.score.to_bits(), h.to_bits());
        assert_eq!(a.urgency.score.to_bits(), u.to_bits());
    }
}

#[test]
fn requests_alone_stay_low() {
    let u = logistic(REQUEST_CAP, URGENCY_MIDPOINT, URGENCY_SLOPE);
    assert!(u < NORMAL_AT, "{u}");
}

#[test]
fn category_indexes_fit_the_presence_mask() {
    assert!(Category::ALL.iter().all(|c| c.index() < 64));
    // The scored categories are the lowest bits, and `ALL` is in index order.
    let scored = Category::HOSTILITY.iter().chain(Category::URGENCY.iter());
    assert!(scored.enumerate().all(|(i, c)| c.index() == i));
    assert!(Category::ALL
        .iter()
        .enumerate()
        .all(|(i, c)| c.index() == i));
    assert_eq!(SCORED_MASK.count_ones() as usize, 12);
}

/// The decayed sum as the plain loop over sorted values, bit for bit, for random
/// pools of every small length (ties and zeros included).
#[test]
fn decayed_sum_agrees_with_the_sorted_loop() {
    let naive = |values: &mut [f32], decay: f32| {
        values.sort_unstable_by(|a, b| b.total_cmp(a));
        let (mut factor, mut total) = (1.0f32, 0.0f32);
        for v in values.iter() {
            total += v * factor;
            factor *= decay;
        }
        total
    };
    let mut next = crate::test_rng::below(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let len = next(6);
        let values: Vec<f32> = (0..len).map(|_| next(9) as f32 * 0.125).collect();
        for decay in [HIT_DECAY, URGENCY_HIT_DECAY] {
            let (mut a, mut b) = (values.clone(), values.clone());
            let got = decayed_sum_with(&mut a, decay);
            assert_eq!(got.to_bits(), naive(&mut b, decay).to_bits(), "{values:?}");
            assert_eq!(a, b, "left sorted");
        }
    }
}

/// Random hits (categories of every axis, random weights, modifiers and starts):
/// the one-pass scoring agrees with the pass-per-pool scoring, bit for bit.
#[test]
fn pooled_scoring_agrees_with_the_passes_on_random_hits() {
    let mut next = crate::test_rng::below(0x94D0_49BB_1331_11EB);
    for _ in 0..5_000 {
        let mut a = Assessment::new();
        for _ in 0..next(POOLED_HITS + 1) {
            let category = Category::ALL[next(Category::ALL.len())];
            let mut weight = (1 + next(16)) as f32 / 16.0;
            if category.axis() == Axis::Relief {
                weight = -weight;
            }
            let mut modifiers = crate::Modifiers::empty();
            if next(3) == 0 {
                modifiers.insert(crate::Modifier::ALL[next(crate::Modifier::ALL.len())]);
            }
            let start = next(400);
            a.hits.push(Hit {
                span: crate::Span::new(start, start + 3),
                term: crate::Term::new("x"),
                category,
                weight,
                modifiers,
            });
        }
        let (words, late_from) = (next(300), next(500));
        assert!(pooled_agrees(&a, words, late_from), "{:?}", a.hits);
    }
}

#[test]
fn saturate_is_in_unit_range() {
    for x in [-1.0, 0.0, 0.1, 1.0, 100.0, f32::INFINITY, f32::NAN] {
        let s = saturate(x, CATEGORY_SCALE);
        assert!((0.0..=1.0).contains(&s), "{x} -> {s}");
        let s = logistic(x, HOSTILITY_MIDPOINT, HOSTILITY_SLOPE);
        assert!((0.0..=1.0).contains(&s), "{x} -> {s}");
    }
}

/// A message without hits takes the short way in `finish`: for random word counts and
/// late starts, it gives what the one-pass and the pass-per-pool scoring give, bit for bit.
#[test]
fn no_hits_scores_as_the_pools_do() {
    let mut next = crate::test_rng::below(0xD1B5_4A32_D192_ED03);
    let outcome = |a: &Assessment| {
        let scores = [a.hostility.score, a.urgency.score].into_iter();
        let all = scores.chain(a.categories.iter().map(|(_, v)| v));
        let bits = all.map(f32::to_bits).collect::<Vec<_>>();
        (bits, a.hostility.band, a.urgency.band)
    };
    for _ in 0..2_000 {
        let words = next(2 * URGENCY_LONG_WORDS + 2);
        let late_from = if next(2) == 0 { usize::MAX } else { next(400) };
        // Leftovers of an earlier message must not show.
        let mut before = Assessment::new();
        before.categories.set(Category::ALL[next(SCORED)], 0.7);
        before.hostility = Score::new(0.9, HostilityBand::Abusive);
        let (mut fast, mut pooled, mut many) = (before.clone(), before.clone(), before);
        finish(&mut fast, words, late_from, &mut Vec::new());
        finish_pooled(&mut pooled, words, late_from);
        finish_many(&mut many, words, late_from, &mut Vec::new());
        assert_eq!(outcome(&fast), outcome(&pooled), "{words} {late_from}");
        assert_eq!(outcome(&fast), outcome(&many), "{words} {late_from}");
    }
}
