//! `Difficulty`, its level and reasons, and the care plan: the extra care to give.
//!
//! The difficulty of a customer only ever adds care. It is never a reason to answer someone
//! later, more briefly, or with less patience: see [`Difficulty::priority_boost`].

use std::fmt;

use crate::{EscalationKind, HistoryConfig};

/// Score at which a customer is worth watching: about two angry messages in a day.
pub const WATCH_AT: f32 = 0.3;
/// Score for extra care: about three angry messages in two days, or anger plus a threat.
pub const EXTRA_CARE_AT: f32 = 0.55;
/// Score for escalation to a senior person or supervisor: repeated abuse or threats.
pub const ESCALATE_AT: f32 = 0.8;
/// Follow up within 24 hours at `watch`, 8 at `extra_care`, 4 at `escalate`: the more
/// upset, the sooner silence makes it worse.
pub const FOLLOW_UP_HOURS: [u32; 3] = [24, 8, 4];
/// "Never left on hold": one minute is about what an upset caller tolerates.
pub const MAX_HOLD_SECONDS: u32 = 60;

/// The direction a customer's mood is moving, from a fast and a slow hostility average.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Trend {
    /// Less hostile lately than over the last weeks.
    Calming,
    /// No clear change, or too little evidence to tell.
    #[default]
    Steady,
    /// More hostile lately than over the last weeks.
    Rising,
}

snake_case_names!(Trend {
    Calming => "calming",
    Steady => "steady",
    Rising => "rising",
});

/// How much extra care a customer needs, from least to most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DifficultyLevel {
    /// No pattern: treat as usual.
    #[default]
    None,
    /// Upset more than once lately: apologize, own it, follow up.
    Watch,
    /// Repeatedly upset: answer first, by a senior agent, no hold.
    ExtraCare,
    /// Repeated abuse or threats: all of that, and offer a supervisor.
    Escalate,
}

snake_case_names!(DifficultyLevel {
    None => "none",
    Watch => "watch",
    ExtraCare => "extra_care",
    Escalate => "escalate",
});

/// Why a customer got their level; `Display` gives the plain words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Reason {
    /// "3 angry messages in 2 days".
    AngryMessages {
        /// How many.
        count: u32,
        /// Seconds from the first to the last of them.
        within_seconds: u64,
    },
    /// "2 abusive messages".
    AbusiveMessages {
        /// How many.
        count: u32,
    },
    /// "threatened a chargeback".
    Threatened {
        /// What with.
        threat: EscalationKind,
    },
    /// "contacted 4 times in 3 days".
    RepeatContact {
        /// How many contacts.
        count: u32,
        /// Seconds from the first to the last of them.
        within_seconds: u64,
    },
    /// "2 urgent messages in 1 day".
    UrgentMessages {
        /// How many.
        count: u32,
        /// Seconds from the first to the last of them.
        within_seconds: u64,
    },
    /// "getting angrier".
    GettingAngrier,
}

impl Reason {
    /// The snake_case name of the kind of reason.
    pub fn name(self) -> &'static str {
        match self {
            Reason::AngryMessages { .. } => "angry_messages",
            Reason::AbusiveMessages { .. } => "abusive_messages",
            Reason::Threatened { .. } => "threatened",
            Reason::RepeatContact { .. } => "repeat_contact",
            Reason::UrgentMessages { .. } => "urgent_messages",
            Reason::GettingAngrier => "getting_angrier",
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "in under an hour", "in 5 hours", "in 2 days", "in 3 weeks" (rounded up).
fn within(seconds: u64) -> String {
    const HOUR: u64 = 3600;
    const DAY: u64 = 24 * HOUR;
    match seconds {
        s if s < HOUR => "in under an hour".to_string(),
        s if s < DAY => format!("in {}", plural(s.div_ceil(HOUR), "hour", "hours")),
        s if s < 14 * DAY => format!("in {}", plural(s.div_ceil(DAY), "day", "days")),
        s => format!("in {}", plural(s.div_ceil(7 * DAY), "week", "weeks")),
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::AngryMessages {
                count,
                within_seconds,
            } => {
                let n = plural(count.into(), "angry message", "angry messages");
                write!(f, "{n} {}", within(within_seconds))
            }
            Reason::AbusiveMessages { count } => {
                f.write_str(&plural(count.into(), "abusive message", "abusive messages"))
            }
            Reason::Threatened { threat } => f.write_str(match threat {
                EscalationKind::Cancel => "threatened to cancel",
                EscalationKind::Legal => "threatened legal action",
                EscalationKind::Chargeback => "threatened a chargeback",
                EscalationKind::Regulator => "threatened to go to a regulator",
                EscalationKind::PublicReview => "threatened a public review",
                EscalationKind::Other => "threatened to escalate",
            }),
            Reason::RepeatContact {
                count,
                within_seconds,
            } => write!(f, "contacted {count} times {}", within(within_seconds)),
            Reason::UrgentMessages {
                count,
                within_seconds,
            } => {
                let n = plural(count.into(), "urgent message", "urgent messages");
                write!(f, "{n} {}", within(within_seconds))
            }
            Reason::GettingAngrier => f.write_str("getting angrier"),
        }
    }
}

/// One concrete piece of extra care; `Display` gives the plain words for the agent.
///
/// Declaration order is the order a plan lists them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "action", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CareAction {
    /// Put the customer at the front of the queue.
    AnswerFirst,
    /// Route to a senior agent.
    SeniorAgent,
    /// Never leave the customer on hold longer than this.
    NoHoldLongerThan {
        /// The longest hold, in seconds.
        seconds: u32,
    },
    /// Open with an apology and ownership of the problem, before anything else.
    ApologizeAndOwn,
    /// Offer to bring in a supervisor.
    OfferSupervisor,
    /// Follow up within this many hours, even without news.
    FollowUpWithin {
        /// Hours until the follow-up.
        hours: u32,
    },
    /// For the agent: it is fine to hand the conversation over if it is getting to you.
    AgentMayHandOver,
}

impl CareAction {
    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            CareAction::AnswerFirst => "answer_first",
            CareAction::SeniorAgent => "senior_agent",
            CareAction::NoHoldLongerThan { .. } => "no_hold_longer_than",
            CareAction::ApologizeAndOwn => "apologize_and_own",
            CareAction::OfferSupervisor => "offer_supervisor",
            CareAction::FollowUpWithin { .. } => "follow_up_within",
            CareAction::AgentMayHandOver => "agent_may_hand_over",
        }
    }
}

impl fmt::Display for CareAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CareAction::AnswerFirst => f.write_str("Answer this customer first."),
            CareAction::SeniorAgent => f.write_str("Route to a senior agent."),
            CareAction::NoHoldLongerThan { seconds } if seconds % 60 == 0 => {
                let minutes = seconds / 60;
                let unit = if minutes == 1 { "minute" } else { "minutes" };
                write!(f, "Do not put them on hold for more than {minutes} {unit}.")
            }
            CareAction::NoHoldLongerThan { seconds } => {
                write!(f, "Do not put them on hold for more than {seconds} seconds.")
            }
            CareAction::ApologizeAndOwn => {
                f.write_str("Start with an apology and own the problem before anything else.")
            }
            CareAction::OfferSupervisor => f.write_str("Offer to bring in a supervisor."),
            CareAction::FollowUpWithin { hours } => {
                let unit = if hours == 1 { "hour" } else { "hours" };
                write!(f, "Follow up within {hours} {unit}, even without news.")
            }
            CareAction::AgentMayHandOver => f.write_str(
                "If this conversation is getting to you, hand it over to a colleague: that is fine.",
            ),
        }
    }
}

/// How much extra care a customer needs: the level, a score, the reasons in plain words,
/// and the care plan for the level.
///
/// It only ever adds care: the level never lowers a customer's priority. Add
/// [`priority_boost`](Difficulty::priority_boost) to your queue priority, never subtract.
///
/// # Example
///
/// ```
/// use sentiment_triage::{CustomerHistory, DifficultyLevel, Timestamp};
///
/// let d = CustomerHistory::new().difficulty(Timestamp::from_unix_seconds(1.7e9)?);
/// assert_eq!(d.level, DifficultyLevel::None);
/// assert_eq!(d.priority_boost(), 0);
/// assert!(d.care.is_empty());
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Difficulty {
    /// The level: `none < watch < extra_care < escalate`.
    pub level: DifficultyLevel,
    /// The evidence, `0.0..=1.0`. The level also needs more than one notable message (or
    /// repeat contact), so a high score after one message can still be `none`.
    pub score: f32,
    /// Whether the customer's mood is rising or calming.
    pub trend: Trend,
    /// Why, in plain words (`Display`); empty at level `none`.
    pub reasons: Vec<Reason>,
    /// The care plan for the level, in order; empty at level `none`.
    pub care: Vec<CareAction>,
}

impl Difficulty {
    /// What to add to the customer's queue priority: 0 at `none`, up to 3 at `escalate`.
    /// Unsigned, so it can never lower anyone's priority.
    pub fn priority_boost(&self) -> u8 {
        self.level as u8
    }
}

/// The care plan for a level; `abused` adds the agent's permission to hand over.
pub(crate) fn plan(
    level: DifficultyLevel,
    abused: bool,
    config: &HistoryConfig,
) -> Vec<CareAction> {
    use CareAction::*;
    let hours = |i: usize| FollowUpWithin {
        hours: config.follow_up_hours[i],
    };
    let hold = NoHoldLongerThan {
        seconds: config.max_hold_seconds,
    };
    let mut care = match level {
        DifficultyLevel::None => return Vec::new(),
        DifficultyLevel::Watch => vec![ApologizeAndOwn, hours(0)],
        DifficultyLevel::ExtraCare => {
            vec![AnswerFirst, SeniorAgent, hold, ApologizeAndOwn, hours(1)]
        }
        DifficultyLevel::Escalate => {
            vec![
                AnswerFirst,
                SeniorAgent,
                hold,
                ApologizeAndOwn,
                OfferSupervisor,
                hours(2),
            ]
        }
    };
    if abused || level == DifficultyLevel::Escalate {
        care.push(AgentMayHandOver);
    }
    care
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn reasons_read_as_plain_words() {
        let day = 86_400;
        let cases = [
            (
                Reason::AngryMessages {
                    count: 3,
                    within_seconds: 2 * day - 5,
                },
                "3 angry messages in 2 days",
            ),
            (Reason::AbusiveMessages { count: 1 }, "1 abusive message"),
            (
                Reason::Threatened {
                    threat: EscalationKind::Chargeback,
                },
                "threatened a chargeback",
            ),
            (
                Reason::RepeatContact {
                    count: 4,
                    within_seconds: 3 * 3600,
                },
                "contacted 4 times in 3 hours",
            ),
            (
                Reason::UrgentMessages {
                    count: 2,
                    within_seconds: 60,
                },
                "2 urgent messages in under an hour",
            ),
            (
                Reason::AngryMessages {
                    count: 5,
                    within_seconds: 20 * day,
                },
                "5 angry messages in 3 weeks",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
        }
    }

    #[test]
    fn plans_grow_with_the_level() {
        let config = HistoryConfig::new();
        let levels = [
            DifficultyLevel::None,
            DifficultyLevel::Watch,
            DifficultyLevel::ExtraCare,
            DifficultyLevel::Escalate,
        ];
        assert!(plan(DifficultyLevel::None, true, &config).is_empty());
        for pair in levels.windows(2) {
            let lower = plan(pair[0], false, &config);
            let higher = plan(pair[1], false, &config);
            let names = |p: &[CareAction]| p.iter().map(|a| a.name()).collect::<BTreeSet<_>>();
            assert!(names(&lower).is_subset(&names(&higher)), "{pair:?}");
            let mut sorted = higher.clone();
            sorted.sort();
            assert_eq!(sorted, higher, "plans are listed in declaration order");
        }
        let extra = plan(DifficultyLevel::ExtraCare, false, &config);
        assert!(extra.contains(&CareAction::NoHoldLongerThan { seconds: 60 }));
        assert!(extra.contains(&CareAction::FollowUpWithin { hours: 8 }));
        assert!(plan(DifficultyLevel::Watch, true, &config).contains(&CareAction::AgentMayHandOver));
        assert_eq!(
            CareAction::NoHoldLongerThan { seconds: 60 }.to_string(),
            "Do not put them on hold for more than 1 minute."
        );
    }
}
