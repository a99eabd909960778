//! From a history to a [`Difficulty`]: the decayed evidence at one time, the score, the
//! level (with the fairness gate) and the reasons. Every tuning number is a named constant.

use std::collections::BTreeSet;

use crate::care::plan;
use crate::history::decay;
use crate::{
    Contact, CustomerHistory, Difficulty, DifficultyLevel, EscalationKind, HistoryConfig,
    HostilityBand, Reason, Timestamp, Trend, UrgencyBand,
};

/// The fast hostility average (per message, 0..=1) must exceed the slow one by this much
/// to call the trend rising (or fall this far below it to call it calming): a clear
/// change, not noise.
pub const TREND_MARGIN: f64 = 0.15;
/// Both averages count a quarter of an imaginary calm message: silence drifts them
/// towards calm, and the fast one gets there first.
pub const TREND_PRIOR: f64 = 0.25;

/// Evidence per (decayed) angry message: two of them in a day reach `watch`.
pub(crate) const HOSTILE_WEIGHT: f64 = 0.5;
/// Extra evidence per abusive message, on top of counting as angry.
pub(crate) const ABUSIVE_WEIGHT: f64 = 0.5;
/// Evidence per message with an escalation threat: a threat weighs more than a bad mood.
pub(crate) const ESCALATION_WEIGHT: f64 = 0.6;
/// Evidence from the average hostility (0..=1) of recent messages.
pub(crate) const MOOD_WEIGHT: f64 = 0.5;
/// Evidence from the average urgency (0..=1): urgent customers need care sooner; with
/// repeat contact, three urgent messages in a day reach `watch`.
pub(crate) const URGENCY_WEIGHT: f64 = 0.8;
/// Evidence per unit of hostility in the last day or so: a burst counts more than the same
/// messages spread over weeks.
pub(crate) const BURST_WEIGHT: f64 = 0.2;
/// Evidence per contact beyond the repeat threshold: four calm contacts in three days
/// reach `watch` on their own.
pub(crate) const REPEAT_WEIGHT: f64 = 0.5;
/// Evidence at which the score reaches 1 - 1/e (about 0.63).
pub(crate) const SCORE_SCALE: f64 = 2.5;
/// Each calm message at the end of the history keeps this share of the hostility evidence:
/// a customer who calms down and is served well recovers faster than by time alone.
pub(crate) const CALM_RELIEF: f64 = 0.7;
/// The averages count one imaginary calm message, so one message cannot set them alone and
/// they fade as their messages decay.
pub(crate) const MOOD_PRIOR: f64 = 1.0;
/// At least this many angry or threatening messages in the label window (or repeat contact)
/// before any label: one bad message does not label a customer.
pub(crate) const MIN_NOTABLE: u32 = 2;

/// The decayed numbers and window counts of a history at one time.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Evidence {
    pub(crate) hostile: f64,
    pub(crate) abusive: f64,
    pub(crate) escalation: f64,
    pub(crate) mood: f64,
    pub(crate) urgency: f64,
    pub(crate) burst: f64,
    pub(crate) trend: Trend,
    pub(crate) notable: u32,
    pub(crate) angry: u32,
    pub(crate) angry_span: f64,
    pub(crate) abusive_recent: u32,
    pub(crate) urgent: u32,
    pub(crate) urgent_span: f64,
    pub(crate) contacts: u32,
    pub(crate) contacts_span: f64,
    pub(crate) calm_streak: u32,
    pub(crate) threats: BTreeSet<EscalationKind>,
}

/// The score, level, reasons and care plan for `e`.
pub(crate) fn difficulty(e: &Evidence, config: &HistoryConfig) -> Difficulty {
    let relief = CALM_RELIEF.powi(i32::try_from(e.calm_streak).unwrap_or(i32::MAX));
    let hostility = HOSTILE_WEIGHT * e.hostile
        + ABUSIVE_WEIGHT * e.abusive
        + ESCALATION_WEIGHT * e.escalation
        + MOOD_WEIGHT * e.mood
        + BURST_WEIGHT * e.burst;
    let extra_contacts = e.contacts.saturating_sub(config.repeat_contacts - 1);
    let evidence =
        hostility * relief + URGENCY_WEIGHT * e.urgency + REPEAT_WEIGHT * f64::from(extra_contacts);
    let score = (1.0 - (-evidence / SCORE_SCALE).exp()).clamp(0.0, 1.0) as f32;
    let repeat = e.contacts >= config.repeat_contacts;
    let [watch, extra, escalate] = config.thresholds;
    let level = if e.notable < MIN_NOTABLE && !repeat {
        DifficultyLevel::None
    } else if score >= escalate {
        DifficultyLevel::Escalate
    } else if score >= extra {
        DifficultyLevel::ExtraCare
    } else if score >= watch {
        DifficultyLevel::Watch
    } else {
        DifficultyLevel::None
    };
    if level == DifficultyLevel::None {
        return Difficulty {
            level,
            score,
            trend: e.trend,
            reasons: Vec::new(),
            care: Vec::new(),
        };
    }
    let secs = |s: f64| s.max(0.0) as u64;
    let mut reasons = Vec::new();
    if e.angry >= 2 {
        reasons.push(Reason::AngryMessages {
            count: e.angry,
            within_seconds: secs(e.angry_span),
        });
    }
    if e.abusive_recent > 0 {
        reasons.push(Reason::AbusiveMessages {
            count: e.abusive_recent,
        });
    }
    reasons.extend(
        e.threats
            .iter()
            .map(|&threat| Reason::Threatened { threat }),
    );
    if repeat {
        reasons.push(Reason::RepeatContact {
            count: e.contacts,
            within_seconds: secs(e.contacts_span),
        });
    }
    if e.urgent >= 2 {
        reasons.push(Reason::UrgentMessages {
            count: e.urgent,
            within_seconds: secs(e.urgent_span),
        });
    }
    if e.trend == Trend::Rising {
        reasons.push(Reason::GettingAngrier);
    }
    Difficulty {
        level,
        score,
        trend: e.trend,
        reasons,
        care: plan(level, e.abusive_recent > 0, config),
    }
}

/// How many separate contacts the sorted `contacts` are: each one starts a new contact
/// unless it is within `window` of the start of the current one. This is the fewest windows
/// that cover them all, so one more message never lowers it and one fewer never raises it.
fn episodes(contacts: &[&Contact], window: f64) -> u32 {
    let mut n = 0u32;
    let mut start: Option<Timestamp> = None;
    for c in contacts {
        if start.map_or(true, |s| c.at.seconds_since(s) > window) {
            start = Some(c.at);
            n = n.saturating_add(1);
        }
    }
    n
}

/// The decayed numbers and window counts at `now`.
pub(crate) fn evidence(h: &CustomerHistory, now: Timestamp, config: &HistoryConfig) -> Evidence {
    let Some(clock) = h.updated_at else {
        return Evidence::default();
    };
    let now = now.max(clock);
    let dt = now.seconds_since(clock);
    let main = decay(dt, config.half_life);
    let fast = h.hostility_fast * decay(dt, config.trend_fast);
    let slow = h.hostility_slow * decay(dt, config.trend_slow);
    let in_window = |c: &&Contact, w: f64| now.seconds_since(c.at) <= w;
    let labelled: Vec<&Contact> = h
        .recent
        .iter()
        .filter(|c| in_window(c, config.label_window))
        .collect();
    let span_of = |cs: &[&Contact]| match (cs.first(), cs.last()) {
        (Some(a), Some(b)) => b.at.seconds_since(a.at),
        _ => 0.0,
    };
    let angry: Vec<&Contact> = labelled
        .iter()
        .copied()
        .filter(|c| c.hostility >= HostilityBand::Angry)
        .collect();
    let urgent: Vec<&Contact> = labelled
        .iter()
        .copied()
        .filter(|c| c.urgency >= UrgencyBand::High)
        .collect();
    let notable: Vec<&Contact> = labelled
        .iter()
        .copied()
        .filter(|c| c.hostility >= HostilityBand::Angry || c.escalation)
        .collect();
    let repeat: Vec<&Contact> = h
        .recent
        .iter()
        .filter(|c| in_window(c, config.repeat_window))
        .collect();
    let calm_streak = h
        .recent
        .iter()
        .rev()
        .take_while(|c| c.hostility <= HostilityBand::Frustrated && !c.escalation)
        .count();
    let avg = |sum: f64, weight: f64| sum / (weight + TREND_PRIOR);
    let fast_avg = avg(fast, h.weight_fast * decay(dt, config.trend_fast));
    let slow_avg = avg(slow, h.weight_slow * decay(dt, config.trend_slow));
    let trend = if fast_avg > slow_avg + TREND_MARGIN {
        Trend::Rising
    } else if fast_avg + TREND_MARGIN < slow_avg {
        Trend::Calming
    } else {
        Trend::Steady
    };
    let threats = h
        .threats
        .iter()
        .filter(|(_, at)| now.seconds_since(**at) <= config.label_window)
        .map(|(k, _)| *k)
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Evidence {
        hostile: h.hostile * main,
        abusive: h.abusive * main,
        escalation: h.escalation * decay(dt, config.escalation_half_life),
        mood: h.hostility * main / (h.weight * main + MOOD_PRIOR),
        urgency: h.urgency * main / (h.weight * main + MOOD_PRIOR),
        burst: fast,
        trend,
        notable: episodes(&notable, config.same_contact),
        angry: count(angry.len()),
        angry_span: span_of(&angry),
        abusive_recent: count(
            labelled
                .iter()
                .filter(|c| c.hostility == HostilityBand::Abusive)
                .count(),
        ),
        urgent: count(urgent.len()),
        urgent_span: span_of(&urgent),
        contacts: episodes(&repeat, config.same_contact),
        contacts_span: span_of(&repeat),
        calm_streak: count(calm_streak),
        threats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_notable_message_never_labels_whatever_the_score() {
        let e = Evidence {
            hostile: 10.0,
            abusive: 10.0,
            escalation: 10.0,
            notable: 1,
            ..Evidence::default()
        };
        let d = difficulty(&e, &HistoryConfig::new());
        assert!(d.score > 0.9);
        assert_eq!(d.level, DifficultyLevel::None);
        assert!(d.reasons.is_empty() && d.care.is_empty());
    }
}
