//! From weighted hits to scores and bands. Every tuning number is a named constant here,
//! with the reason for its value.

use std::sync::OnceLock;

use crate::{
    Assessment, Axis, Category, CategoryScores, Hit, HostilityBand, Modifier, Score, UrgencyBand,
};

/// Each further hit on an axis counts this share of the one before it (hits sorted
/// strongest first), so many mild words cannot add up to rage: the total is bounded by
/// `strongest / (1 - HIT_DECAY)`, and adding a hit never lowers it.
pub(crate) const HIT_DECAY: f32 = 0.6;
/// Urgency decays faster: urgency is about the one thing that is pressing, and long
/// messages (a forum essay, a news paste) collect weak urgency words by chance.
pub(crate) const URGENCY_HIT_DECAY: f32 = 0.3;
/// Evidence at which the hostility score crosses 0.5: between a "clear" (0.4) and a
/// "strong" (0.6) term on the lexicon scale, so one strong term alone reads as angry.
pub(crate) const HOSTILITY_MIDPOINT: f32 = 0.5;
/// Steepness of the hostility curve: with no evidence at all the score is about 0.05, so
/// politeness and praise (negative evidence) can still rank a message below a neutral one.
pub(crate) const HOSTILITY_SLOPE: f32 = 6.0;
/// The same for urgency: one clear signal (0.4) reads as `normal`, "production is down"
/// (0.9) as `critical`.
pub(crate) const URGENCY_MIDPOINT: f32 = 0.5;
/// See `HOSTILITY_SLOPE`.
pub(crate) const URGENCY_SLOPE: f32 = 6.0;
/// Scale of the per-category breakdown (0 without hits, 1 - 1/e at this much evidence).
pub(crate) const CATEGORY_SCALE: f32 = 0.5;
/// Politeness and praise can lower hostility evidence by at most this much: "thanks" does
/// not excuse an insult, but it does soften a mild complaint.
pub(crate) const RELIEF_CAP: f32 = 0.5;

/// Repeat contact and long waits also count toward hostility at this share of their
/// weight: a customer who has to chase is upset, even when the words stay polite.
pub(crate) const WAITING_AS_HOSTILITY: f32 = 0.5;
/// Escalation threats (cancel, lawyer, chargeback) count toward hostility at this share.
pub(crate) const ESCALATION_AS_HOSTILITY: f32 = 0.5;

/// Outages and blocked work count toward hostility at this share: "no internet for a
/// week" is a complaint even without an angry word.
pub(crate) const IMPACT_AS_HOSTILITY: f32 = 0.3;

/// How much of a hit's weight counts as hostility evidence.
fn hostility_share(category: Category) -> f32 {
    match category.axis() {
        Axis::Hostility => 1.0,
        _ => match category {
            Category::Waiting => WAITING_AS_HOSTILITY,
            Category::Escalation => ESCALATION_AS_HOSTILITY,
            Category::Impact => IMPACT_AS_HOSTILITY,
            _ => 0.0,
        },
    }
}

/// Explicit requests ("could you check", "how do I") and faint cues (`URGENCY_FAINT_BELOW`)
/// add at most this much urgency evidence together: asking for help ranks a message above
/// a remark, but a request alone stays in band `low` (the score at this evidence is 0.18,
/// under `NORMAL_AT`; a unit test holds it).
pub(crate) const REQUEST_CAP: f32 = 0.25;

/// Whether a hit is a request that counts inside `REQUEST_CAP`. A request shouted or
/// exclaimed ("PLEASE HELP!!", "help meee") is pressing and counts like any urgency hit.
fn capped_request(h: &Hit) -> bool {
    h.category == Category::Request
        && ![Modifier::Caps, Modifier::Exclamation, Modifier::Elongated]
            .iter()
            .any(|m| h.modifiers.contains(*m))
}

/// Urgency hits that count less than this (after the late and impersonal shares) are
/// faint cues ("today", "quickly", a late "error", a lone "child" in an essay): they join
/// the requests inside `REQUEST_CAP` instead of adding to the pressing evidence, so a few
/// of them rank a message with a clear request, not above it. 0.25 is "mild" on the
/// lexicon scale.
pub(crate) const URGENCY_FAINT_BELOW: f32 = 0.25;

/// An urgency hit's value and whether it counts inside `REQUEST_CAP` (a plain request or
/// a faint cue); `None` for hits on other axes.
fn urgency_value(h: &Hit, late_from: usize) -> Option<(f32, bool)> {
    if h.category.axis() != Axis::Urgency {
        return None;
    }
    if capped_request(h) {
        return Some((h.weight, true));
    }
    let v = h.weight * pressing_share(h, late_from);
    Some((v, v < URGENCY_FAINT_BELOW))
}

/// Hostility band thresholds on the score.
pub(crate) const FRUSTRATED_AT: f32 = 0.2;
/// A message with one clear (0.4) anger term is angry only with emphasis or a second term.
pub(crate) const ANGRY_AT: f32 = 0.55;
/// Abusive needs a high score ...
pub(crate) const ABUSIVE_AT: f32 = 0.7;
/// ... and at least one profanity, insult or threat hit at least this strong: anger alone,
/// however loud, is `angry`, not `abusive`.
pub(crate) const ABUSIVE_MIN_HIT: f32 = 0.45;

/// Urgency band thresholds on the score.
pub(crate) const NORMAL_AT: f32 = 0.2;
/// See `NORMAL_AT`.
pub(crate) const HIGH_AT: f32 = 0.5;
/// Critical needs more than a repeat contact with a deadline ("third time, fix it today"
/// is high): an outage, a safety risk, or several strong signals together.
pub(crate) const CRITICAL_AT: f32 = 0.88;

/// Messages longer than this many words spread their urgency: an essay or a pasted article
/// collects urgency words by chance, while a pressing message says so early and briefly.
pub(crate) const URGENCY_LONG_WORDS: usize = 150;

/// Urgent writers lead with the problem (a subject line, the first sentences): past this
/// many words, urgency words are more often background, narrative or a quoted discussion.
pub(crate) const URGENCY_EARLY_WORDS: usize = 50;
/// Pressing urgency hits (not requests) that start after the first `URGENCY_EARLY_WORDS`
/// words count this share: still evidence, but a late "deadline" does not outrank a
/// problem stated up front.
pub(crate) const URGENCY_LATE_SHARE: f32 = 0.6;

/// The share of its weight an urgency hit counts as pressing evidence: late mentions (see
/// the constants above) count less. Lone hazard words in impersonal sentences already
/// carry their discount (`impersonal.rs`).
fn pressing_share(h: &Hit, late_from: usize) -> f32 {
    if h.span.start >= late_from {
        URGENCY_LATE_SHARE
    } else {
        1.0
    }
}

/// Urgency evidence of a message of `words` words is scaled by this: 1 up to
/// `URGENCY_LONG_WORDS`, then the square root of the ratio (300 words: 0.71).
fn length_factor(words: usize) -> f32 {
    if words <= URGENCY_LONG_WORDS {
        1.0
    } else {
        (URGENCY_LONG_WORDS as f32 / words as f32).sqrt()
    }
}

/// Maps signed evidence to `0.0..=1.0` on a logistic curve (monotone, never 0 or 1 in
/// practice).
fn logistic(evidence: f32, midpoint: f32, slope: f32) -> f32 {
    if !evidence.is_finite() {
        return if evidence > 0.0 { 1.0 } else { 0.0 };
    }
    (1.0 / (1.0 + (-slope * (evidence - midpoint)).exp())).clamp(0.0, 1.0)
}

/// Maps evidence to `0.0..=1.0` with diminishing returns; 0 without (finite) evidence.
fn saturate(evidence: f32, scale: f32) -> f32 {
    if !(evidence > 0.0 && evidence < f32::INFINITY) {
        return 0.0;
    }
    (1.0 - (-evidence / scale).exp()).clamp(0.0, 1.0)
}

/// Sum of `values` (sorted here, strongest first) with each further one decayed.
pub(crate) fn decayed_sum(values: &mut [f32]) -> f32 {
    decayed_sum_with(values, HIT_DECAY)
}

/// `decayed_sum` with its own decay.
pub(crate) fn decayed_sum_with(values: &mut [f32], decay: f32) -> f32 {
    // Most pools hold none or one value: the same sum without a call to sort.
    match values {
        [] => return 0.0,
        [v] => return 0.0 + *v,
        // Two values (the next most common): one comparison where the sort would run,
        // the same sum as the loop below.
        [a, b] => {
            if b.total_cmp(a).is_gt() {
                std::mem::swap(a, b);
            }
            return (0.0 + *a) + *b * decay;
        }
        _ => {}
    }
    values.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut factor = 1.0;
    let mut total = 0.0;
    for v in values.iter() {
        total += v * factor;
        factor *= decay;
    }
    total
}

/// Fills the scores, bands and category breakdown of `a` from its hits. `late_from`: the
/// byte offset (in the analyzed text) where word `URGENCY_EARLY_WORDS` starts, or
/// `usize::MAX` for a shorter message. `buf` is scratch.
pub(crate) fn finish(a: &mut Assessment, words: usize, late_from: usize, buf: &mut Vec<f32>) {
    if a.hits.is_empty() {
        // No evidence at all (a quarter of short messages): every pool sums to 0, so the
        // scores are those at zero evidence, and no category scores.
        a.categories = CategoryScores::default();
        set_bands(a, 0.0, 0.0, 0.0, false, 0.0);
    } else if a.hits.len() <= POOLED_HITS {
        finish_pooled(a, words, late_from);
    } else {
        finish_many(a, words, late_from, buf);
    }
}

/// A message with at most this many hits (nearly every one) is scored in one pass into
/// pools on the stack (`finish_pooled`); more take a pass per pool (`finish_many`). Each
/// pool holds the same values either way, summed in the same (sorted) order.
const POOLED_HITS: usize = 16;

/// The bits (`index()`) of the scored categories: the hostility and urgency categories
/// come first in `Category::ALL`, so they are the lowest ones (a test says so).
const SCORED_MASK: u64 = (1 << SCORED) - 1;

/// The number of scored categories (hostility and urgency).
const SCORED: usize = Category::HOSTILITY.len() + Category::URGENCY.len();

/// Values summed together, on the stack (at most `POOLED_HITS`).
struct Pool {
    values: [f32; POOLED_HITS],
    len: usize,
}

impl Pool {
    const EMPTY: Pool = Pool {
        values: [0.0; POOLED_HITS],
        len: 0,
    };

    fn push(&mut self, v: f32) {
        self.values[self.len] = v;
        self.len += 1;
    }

    fn sum(&mut self, decay: f32) -> f32 {
        decayed_sum_with(&mut self.values[..self.len], decay)
    }
}

/// `finish` for at most `POOLED_HITS` hits.
fn finish_pooled(a: &mut Assessment, words: usize, late_from: usize) {
    let (mut hostile, mut relief) = (Pool::EMPTY, Pool::EMPTY);
    let (mut pressing, mut capped, mut abusive) = (Pool::EMPTY, Pool::EMPTY, Pool::EMPTY);
    let mut abusive_hit = false;
    // Bit `index()` for each category with a hit.
    let mut present = 0u64;
    // Per scored category (by `index()`): how many hits, and the weights of its first two
    // (nearly every category has one or two), so its pool needs no pass of its own.
    let mut count = [0u8; SCORED];
    let mut first = [[0.0f32; 2]; SCORED];
    for h in &a.hits {
        let c = h.category;
        present |= 1u64 << (c.index() % 64);
        if let (Some(n), Some(two)) = (count.get_mut(c.index()), first.get_mut(c.index())) {
            if let Some(slot) = two.get_mut(usize::from(*n)) {
                *slot = h.weight;
            }
            *n = n.saturating_add(1);
        }
        let w = h.weight * hostility_share(c);
        if w > 0.0 {
            hostile.push(w);
        }
        match c.axis() {
            Axis::Relief => relief.push(h.weight.abs()),
            Axis::Urgency => match urgency_value(h, late_from) {
                Some((v, true)) => capped.push(v),
                Some((v, false)) => pressing.push(v),
                None => {}
            },
            _ => {}
        }
        if c.is_abusive() {
            abusive.push(h.weight);
            abusive_hit |= h.weight >= ABUSIVE_MIN_HIT;
        }
    }
    let hostile = hostile.sum(HIT_DECAY);
    let relief = relief.sum(HIT_DECAY).min(RELIEF_CAP);
    let pressing = pressing.sum(URGENCY_HIT_DECAY);
    let urgent = (pressing + capped.sum(HIT_DECAY).min(REQUEST_CAP)) * length_factor(words);
    // Only the scored categories with a hit (one or two in a typical message) are summed;
    // the others score 0, as a cleared breakdown has them.
    a.categories = CategoryScores::default();
    let mut scored = present & SCORED_MASK;
    while scored != 0 {
        let i = scored.trailing_zeros() as usize;
        let c = Category::ALL[i];
        scored &= scored - 1;
        // The same pool, in hit order, as a pass over the hits would collect.
        let sum = match count[i] {
            1 => decayed_sum_with(&mut first[i][..1], HIT_DECAY),
            2 => decayed_sum_with(&mut first[i], HIT_DECAY),
            _ => {
                let mut pool = Pool::EMPTY;
                for h in a.hits.iter().filter(|h| h.category == c) {
                    pool.push(h.weight);
                }
                pool.sum(HIT_DECAY)
            }
        };
        a.categories.set(c, saturate(sum, CATEGORY_SCALE));
    }
    let abusive = abusive.sum(HIT_DECAY);
    set_bands(a, hostile, relief, abusive, abusive_hit, urgent);
}

/// `finish` for any number of hits: a pass over them per pool, through `buf`.
fn finish_many(a: &mut Assessment, words: usize, late_from: usize, buf: &mut Vec<f32>) {
    let axis_sum = |axis: Axis, buf: &mut Vec<f32>| {
        buf.clear();
        buf.extend(
            a.hits
                .iter()
                .filter(|h| h.category.axis() == axis)
                .map(|h| h.weight.abs()),
        );
        decayed_sum(buf)
    };
    buf.clear();
    buf.extend(
        a.hits
            .iter()
            .map(|h| h.weight * hostility_share(h.category))
            .filter(|w| *w > 0.0),
    );
    let hostile = decayed_sum(buf);
    let relief = axis_sum(Axis::Relief, buf).min(RELIEF_CAP);
    // Two pools: pressing evidence, and the capped pool of requests and faint cues.
    buf.clear();
    buf.extend(
        a.hits
            .iter()
            .filter_map(|h| urgency_value(h, late_from))
            .filter_map(|(v, capped)| (!capped).then_some(v)),
    );
    let pressing = decayed_sum_with(buf, URGENCY_HIT_DECAY);
    buf.clear();
    buf.extend(
        a.hits
            .iter()
            .filter_map(|h| urgency_value(h, late_from))
            .filter_map(|(v, capped)| capped.then_some(v)),
    );
    let urgent = (pressing + decayed_sum(buf).min(REQUEST_CAP)) * length_factor(words);

    // Most categories have no hit: one pass finds those that do (bit `index()`; every
    // category index is below 64, a test says so), and the others score 0 without a scan.
    let present = a
        .hits
        .iter()
        .fold(0u64, |m, h| m | 1u64 << (h.category.index() % 64));
    for c in Category::HOSTILITY.iter().chain(Category::URGENCY.iter()) {
        let v = if present & (1u64 << (c.index() % 64)) == 0 {
            0.0
        } else {
            buf.clear();
            buf.extend(a.hits.iter().filter(|h| h.category == *c).map(|h| h.weight));
            saturate(decayed_sum(buf), CATEGORY_SCALE)
        };
        a.categories.set(*c, v);
    }

    buf.clear();
    buf.extend(
        a.hits
            .iter()
            .filter(|h| h.category.is_abusive())
            .map(|h| h.weight),
    );
    // Politeness softens complaints, never abuse: evidence does not drop below what the
    // profanity, insults and threats alone give.
    let abusive = decayed_sum(buf);
    let abusive_hit = a
        .hits
        .iter()
        .any(|x| x.category.is_abusive() && x.weight >= ABUSIVE_MIN_HIT);
    set_bands(a, hostile, relief, abusive, abusive_hit, urgent);
}

/// The hostility score of a message without hostility evidence (most messages have none
/// on one axis or the other): computed once, the same bits as `logistic` gives each time
/// (0.0 and -0.0 give the same: `-0.0 - midpoint` is `-midpoint`).
static CALM: OnceLock<f32> = OnceLock::new();
/// The urgency score of a message without urgency evidence; see `CALM`.
static QUIET: OnceLock<f32> = OnceLock::new();

/// Sets the scores and bands of `a` from its pooled evidence: `hostile`, `relief` (capped),
/// `abusive` (the decayed sum of the abusive hits), whether some abusive hit is at least
/// `ABUSIVE_MIN_HIT`, and `urgent` (both pools, length-scaled).
fn set_bands(
    a: &mut Assessment,
    hostile: f32,
    relief: f32,
    abusive: f32,
    abusive_hit: bool,
    urgent: f32,
) {
    let evidence = if abusive > 0.0 {
        (hostile - relief).max(abusive)
    } else {
        hostile - relief
    };
    let h = if evidence == 0.0 {
        *CALM.get_or_init(|| logistic(0.0, HOSTILITY_MIDPOINT, HOSTILITY_SLOPE))
    } else {
        logistic(evidence, HOSTILITY_MIDPOINT, HOSTILITY_SLOPE)
    };
    let hband = if h >= ABUSIVE_AT && abusive_hit {
        HostilityBand::Abusive
    } else if h >= ANGRY_AT {
        HostilityBand::Angry
    } else if h >= FRUSTRATED_AT {
        HostilityBand::Frustrated
    } else {
        HostilityBand::Calm
    };
    a.hostility = Score::new(h, hband);

    let u = if urgent == 0.0 {
        *QUIET.get_or_init(|| logistic(0.0, URGENCY_MIDPOINT, URGENCY_SLOPE))
    } else {
        logistic(urgent, URGENCY_MIDPOINT, URGENCY_SLOPE)
    };
    let uband = if u >= CRITICAL_AT {
        UrgencyBand::Critical
    } else if u >= HIGH_AT {
        UrgencyBand::High
    } else if u >= NORMAL_AT {
        UrgencyBand::Normal
    } else {
        UrgencyBand::Low
    };
    a.urgency = Score::new(u, uband);
}

#[cfg(test)]
mod tests;
