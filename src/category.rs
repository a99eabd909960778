//! `Category`: the one vocabulary shared by lexicon files, JSON output and logs.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// What a lexicon entry means. The category decides the axis it moves.
///
/// The snake_case name (`Display`, `FromStr`, serde) is the one used in lexicon section
/// headers (`[insult]`), in JSON output and in logs.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Axis, Category};
///
/// let c: Category = "time_pressure".parse()?;
/// assert_eq!(c, Category::TimePressure);
/// assert_eq!(c.axis(), Axis::Urgency);
/// assert_eq!(c.to_string(), "time_pressure");
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Category {
    /// Swear words.
    Profanity,
    /// Name-calling, slurs, degrading words.
    Insult,
    /// Violence and intimidation.
    Threat,
    /// Scorn and sarcasm.
    Contempt,
    /// Anger and frustration.
    Anger,
    /// Fault put on the business or the agent.
    Blame,
    /// Deadlines and time pressure.
    TimePressure,
    /// Outages and business or personal impact.
    Impact,
    /// Cancel, legal, chargeback, regulator and public-review threats.
    Escalation,
    /// Long waits and repeat contact.
    Waiting,
    /// Injury, fire, smoke and other danger.
    Safety,
    /// An explicit ask for help or action ("please help", "how do I", "can you fix").
    Request,
    /// Gratitude and politeness: lowers hostility.
    Politeness,
    /// Praise: lowers hostility; negated praise counts as anger.
    Praise,
    /// Negation of a following hit ("not", "never").
    Negator,
    /// Makes the next hit stronger ("extremely").
    Intensifier,
    /// Makes the next hit weaker ("a bit").
    Dampener,
    /// Cancels politeness before it ("thanks, but").
    Contrast,
    /// Points a nearby hit at the agent or company ("you people").
    Target,
    /// Starts a new clause: negation does not reach past it ("isn't fixed, I will cancel").
    Clause,
    /// Concedes what follows in its clause, so praise there does not soften a complaint
    /// ("despite the friendly staff, ...").
    Concession,
    /// Puts the writer, the reader or the moment into its sentence ("I", "our", "you",
    /// "now", "please"): a hazard or legal word in a sentence without one is more often a
    /// topic than a report.
    Anchor,
    /// Delivery and shipping.
    TopicDelivery,
    /// Billing, double charges, invoices.
    TopicBilling,
    /// Refunds and returns.
    TopicRefund,
    /// Broken or defective products.
    TopicDefect,
    /// Account access and login.
    TopicAccount,
    /// Outages and technical faults.
    TopicOutage,
    /// Waiting, no response.
    TopicWaiting,
    /// How staff behaved.
    TopicStaff,
    /// Cancelling an order, plan or account.
    TopicCancellation,
    /// An agent telling the customer how to feel ("calm down").
    ReviewTonePolicing,
    /// Hiding behind policy ("that's our policy").
    ReviewPolicyWall,
    /// Blaming the customer ("you should have").
    ReviewBlame,
    /// Helplessness ("there's nothing I can do").
    ReviewHelpless,
    /// Conditional or non-apologies ("sorry if you feel").
    ReviewNonApology,
    /// Condescension ("as I already said").
    ReviewCondescension,
    /// Curt, commanding or accusing wording ("why did you", "you need to", "what exactly").
    ReviewCurt,
    /// A draft acknowledging the problem (a good part).
    ReviewAcknowledge,
    /// A draft taking responsibility (a good part).
    ReviewOwnership,
    /// A draft naming the next step (a good part).
    ReviewNextStep,
    /// A draft giving a time frame (a good part).
    ReviewTimeFrame,
    /// A draft thanking the customer (a good part).
    ReviewThanks,
    /// Softening: greetings, "please", "could you", "I think", friendly words (a good part).
    ReviewSoftener,
    /// Tags a cancel or leave threat.
    EscalationCancel,
    /// Tags a legal threat (lawyer, court).
    EscalationLegal,
    /// Tags a chargeback or bank dispute threat.
    EscalationChargeback,
    /// Tags a threat to go to a regulator or consumer body.
    EscalationRegulator,
    /// Tags a threat of a public review or social-media post.
    EscalationPublic,
}

/// The axis a category moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Axis {
    /// Raises the hostility score.
    Hostility,
    /// Raises the urgency score.
    Urgency,
    /// Lowers the hostility score.
    Relief,
    /// Changes how nearby hits count; scores nothing on its own.
    Modifier,
    /// Names what a message is about (for reply suggestions); scores nothing.
    Topic,
    /// Wording in an agent's draft (for the reply checker); scores nothing.
    Review,
    /// Tags what kind of thing a nearby hit is (the kind of an escalation threat, for
    /// customer histories); scores nothing.
    Tag,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 49] = [
        Category::Profanity,
        Category::Insult,
        Category::Threat,
        Category::Contempt,
        Category::Anger,
        Category::Blame,
        Category::TimePressure,
        Category::Impact,
        Category::Escalation,
        Category::Waiting,
        Category::Safety,
        Category::Request,
        Category::Politeness,
        Category::Praise,
        Category::Negator,
        Category::Intensifier,
        Category::Dampener,
        Category::Contrast,
        Category::Target,
        Category::Clause,
        Category::Concession,
        Category::Anchor,
        Category::TopicDelivery,
        Category::TopicBilling,
        Category::TopicRefund,
        Category::TopicDefect,
        Category::TopicAccount,
        Category::TopicOutage,
        Category::TopicWaiting,
        Category::TopicStaff,
        Category::TopicCancellation,
        Category::ReviewTonePolicing,
        Category::ReviewPolicyWall,
        Category::ReviewBlame,
        Category::ReviewHelpless,
        Category::ReviewNonApology,
        Category::ReviewCondescension,
        Category::ReviewCurt,
        Category::ReviewAcknowledge,
        Category::ReviewOwnership,
        Category::ReviewNextStep,
        Category::ReviewTimeFrame,
        Category::ReviewThanks,
        Category::ReviewSoftener,
        Category::EscalationCancel,
        Category::EscalationLegal,
        Category::EscalationChargeback,
        Category::EscalationRegulator,
        Category::EscalationPublic,
    ];

    /// The hostility categories, in declaration order.
    pub const HOSTILITY: [Category; 6] = [
        Category::Profanity,
        Category::Insult,
        Category::Threat,
        Category::Contempt,
        Category::Anger,
        Category::Blame,
    ];

    /// The urgency categories, in declaration order.
    pub const URGENCY: [Category; 6] = [
        Category::TimePressure,
        Category::Impact,
        Category::Escalation,
        Category::Waiting,
        Category::Safety,
        Category::Request,
    ];

    /// The snake_case name used in lexicon files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Profanity => "profanity",
            Category::Insult => "insult",
            Category::Threat => "threat",
            Category::Contempt => "contempt",
            Category::Anger => "anger",
            Category::Blame => "blame",
            Category::TimePressure => "time_pressure",
            Category::Impact => "impact",
            Category::Escalation => "escalation",
            Category::Waiting => "waiting",
            Category::Safety => "safety",
            Category::Request => "request",
            Category::Politeness => "politeness",
            Category::Praise => "praise",
            Category::Negator => "negator",
            Category::Intensifier => "intensifier",
            Category::Dampener => "dampener",
            Category::Contrast => "contrast",
            Category::Target => "target",
            Category::Clause => "clause",
            Category::Concession => "concession",
            Category::Anchor => "anchor",
            Category::TopicDelivery => "topic_delivery",
            Category::TopicBilling => "topic_billing",
            Category::TopicRefund => "topic_refund",
            Category::TopicDefect => "topic_defect",
            Category::TopicAccount => "topic_account",
            Category::TopicOutage => "topic_outage",
            Category::TopicWaiting => "topic_waiting",
            Category::TopicStaff => "topic_staff",
            Category::TopicCancellation => "topic_cancellation",
            Category::ReviewTonePolicing => "review_tone_policing",
            Category::ReviewPolicyWall => "review_policy_wall",
            Category::ReviewBlame => "review_blame",
            Category::ReviewHelpless => "review_helpless",
            Category::ReviewNonApology => "review_non_apology",
            Category::ReviewCondescension => "review_condescension",
            Category::ReviewCurt => "review_curt",
            Category::ReviewAcknowledge => "review_acknowledge",
            Category::ReviewOwnership => "review_ownership",
            Category::ReviewNextStep => "review_next_step",
            Category::ReviewTimeFrame => "review_time_frame",
            Category::ReviewThanks => "review_thanks",
            Category::ReviewSoftener => "review_softener",
            Category::EscalationCancel => "escalation_cancel",
            Category::EscalationLegal => "escalation_legal",
            Category::EscalationChargeback => "escalation_chargeback",
            Category::EscalationRegulator => "escalation_regulator",
            Category::EscalationPublic => "escalation_public",
        }
    }

    /// The axis this category moves.
    pub fn axis(self) -> Axis {
        match self {
            Category::Profanity
            | Category::Insult
            | Category::Threat
            | Category::Contempt
            | Category::Anger
            | Category::Blame => Axis::Hostility,
            Category::TimePressure
            | Category::Impact
            | Category::Escalation
            | Category::Waiting
            | Category::Safety
            | Category::Request => Axis::Urgency,
            Category::Politeness | Category::Praise => Axis::Relief,
            Category::Negator
            | Category::Intensifier
            | Category::Dampener
            | Category::Contrast
            | Category::Target
            | Category::Clause
            | Category::Concession
            | Category::Anchor => Axis::Modifier,
            Category::TopicDelivery
            | Category::TopicBilling
            | Category::TopicRefund
            | Category::TopicDefect
            | Category::TopicAccount
            | Category::TopicOutage
            | Category::TopicWaiting
            | Category::TopicStaff
            | Category::TopicCancellation => Axis::Topic,
            Category::ReviewTonePolicing
            | Category::ReviewPolicyWall
            | Category::ReviewBlame
            | Category::ReviewHelpless
            | Category::ReviewNonApology
            | Category::ReviewCondescension
            | Category::ReviewCurt
            | Category::ReviewAcknowledge
            | Category::ReviewOwnership
            | Category::ReviewNextStep
            | Category::ReviewTimeFrame
            | Category::ReviewThanks
            | Category::ReviewSoftener => Axis::Review,
            Category::EscalationCancel
            | Category::EscalationLegal
            | Category::EscalationChargeback
            | Category::EscalationRegulator
            | Category::EscalationPublic => Axis::Tag,
        }
    }

    /// True for the categories that can push hostility to the `abusive` band.
    pub fn is_abusive(self) -> bool {
        matches!(
            self,
            Category::Profanity | Category::Insult | Category::Threat
        )
    }

    /// The range a weight of this category must lie in, inclusive.
    pub(crate) fn weight_range(self) -> (f32, f32) {
        match self {
            Category::Intensifier => (1.0, 4.0),
            Category::Dampener => (0.0, 1.0),
            Category::Target => (1.0, 4.0),
            _ => (0.0, 1.0),
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Category {
    type Err = Error;

    fn from_str(s: &str) -> Result<Category, Error> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| Error::invalid(format!("unknown category '{s}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_matches_position() {
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(c.name().parse::<Category>().unwrap(), *c);
        }
        assert!("nope".parse::<Category>().is_err());
    }

    #[test]
    fn axis_lists_agree_with_axis() {
        for c in Category::ALL {
            assert_eq!(
                Category::HOSTILITY.contains(&c),
                c.axis() == Axis::Hostility
            );
            assert_eq!(Category::URGENCY.contains(&c), c.axis() == Axis::Urgency);
        }
    }
}
