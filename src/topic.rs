//! `Topic`: what a customer message is about, read from the topic hits of an `Assessment`.

use std::str::FromStr;

use crate::{Assessment, Axis, Category, Error};

/// Topic evidence below this (the decayed sum of a topic's hit weights) is too thin to name
/// the message's topic: one vague word ("down", "days") is not enough, one clear term is.
pub const MIN_TOPIC_EVIDENCE: f32 = 0.5;
/// Each further hit of the same topic counts this share of the one before, so a long
/// message that repeats one word does not outweigh one clear term of another topic.
const TOPIC_DECAY: f32 = 0.5;

/// What a message is about, for reply suggestions. `Other` when no topic is clear.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Topic, Triage};
///
/// let a = Triage::new().analyze("I was charged twice for my subscription this month.");
/// assert_eq!(Topic::of(&a), Topic::Billing);
/// assert_eq!(Topic::Billing.to_string(), "billing");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Topic {
    /// Delivery and shipping.
    Delivery,
    /// Billing, double charges, invoices.
    Billing,
    /// Refunds and returns.
    Refund,
    /// Broken or defective products.
    Defect,
    /// Account access and login.
    Account,
    /// Outages and technical faults.
    Outage,
    /// Waiting, no response.
    Waiting,
    /// How staff behaved.
    Staff,
    /// Cancelling an order, plan or account.
    Cancellation,
    /// None of the above, or not clear.
    Other,
}

impl Topic {
    /// Every topic, in declaration order (`Other` last).
    pub const ALL: [Topic; 10] = [
        Topic::Delivery,
        Topic::Billing,
        Topic::Refund,
        Topic::Defect,
        Topic::Account,
        Topic::Outage,
        Topic::Waiting,
        Topic::Staff,
        Topic::Cancellation,
        Topic::Other,
    ];

    /// The lexicon category of this topic (`None` for `Other`).
    pub fn category(self) -> Option<Category> {
        Some(match self {
            Topic::Delivery => Category::TopicDelivery,
            Topic::Billing => Category::TopicBilling,
            Topic::Refund => Category::TopicRefund,
            Topic::Defect => Category::TopicDefect,
            Topic::Account => Category::TopicAccount,
            Topic::Outage => Category::TopicOutage,
            Topic::Waiting => Category::TopicWaiting,
            Topic::Staff => Category::TopicStaff,
            Topic::Cancellation => Category::TopicCancellation,
            Topic::Other => return None,
        })
    }

    /// The topic of a lexicon category (`None` for non-topic categories).
    pub fn from_category(category: Category) -> Option<Topic> {
        Topic::ALL
            .into_iter()
            .find(|t| t.category() == Some(category))
    }

    /// Every topic with enough evidence in `a`'s hits, strongest first (ties in
    /// declaration order), with its evidence. Empty when no topic is clear.
    pub fn ranked(a: &Assessment) -> Vec<(Topic, f32)> {
        let mut out: Vec<(Topic, f32)> = Vec::new();
        for t in Topic::ALL {
            let Some(c) = t.category() else { continue };
            let mut weights: Vec<f32> = a
                .hits
                .iter()
                .filter(|h| h.category == c)
                .map(|h| h.weight.clamp(0.0, 1.0))
                .collect();
            weights.sort_unstable_by(|x, y| y.total_cmp(x));
            let mut factor = 1.0;
            let mut sum = 0.0;
            for w in weights {
                sum += w * factor;
                factor *= TOPIC_DECAY;
            }
            if sum >= MIN_TOPIC_EVIDENCE {
                out.push((t, sum));
            }
        }
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out
    }

    /// The main topic of `a`, or `Other`.
    pub fn of(a: &Assessment) -> Topic {
        Topic::ranked(a).first().map_or(Topic::Other, |t| t.0)
    }

    /// True when `a` has any hit of this topic (used to tell whether a draft speaks about
    /// the customer's problem).
    pub(crate) fn mentioned_in(self, a: &Assessment) -> bool {
        self.category().is_some_and(|c| {
            a.hits
                .iter()
                .any(|h| h.category == c && h.category.axis() == Axis::Topic)
        })
    }
}

snake_case_names!(Topic {
    Delivery => "delivery",
    Billing => "billing",
    Refund => "refund",
    Defect => "defect",
    Account => "account",
    Outage => "outage",
    Waiting => "waiting",
    Staff => "staff",
    Cancellation => "cancellation",
    Other => "other",
});

impl FromStr for Topic {
    type Err = Error;

    fn from_str(s: &str) -> Result<Topic, Error> {
        Topic::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| Error::invalid(format!("unknown topic '{s}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Triage;

    #[test]
    fn names_round_trip_and_categories_agree() {
        for t in Topic::ALL {
            assert_eq!(t.name().parse::<Topic>().unwrap(), t);
            if let Some(c) = t.category() {
                assert_eq!(Topic::from_category(c), Some(t));
                assert_eq!(c.axis(), Axis::Topic);
            }
        }
    }

    #[test]
    fn negation_keeps_the_topic() {
        let a = Triage::new().analyze("my parcel was not delivered");
        assert_eq!(Topic::of(&a), Topic::Delivery);
        assert_eq!(
            Topic::of(&Triage::new().analyze("hello there")),
            Topic::Other
        );
    }
}
