//! Reply suggestions: drafts assembled from template parts, in the order good practice puts
//! them, for the topic and bands of an `Assessment`.

use crate::placeholder::{clean_value, Slot};
use crate::{
    Assessment, DifficultyLevel, HostilityBand, PartKind, Reviewer, Templates, Topic, UrgencyBand,
};

/// How many drafts `suggest_replies` returns: enough to choose from, few enough to read.
pub const SUGGESTIONS: usize = 3;

/// How much care a customer needs, decided by the caller (for example from their history).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Care {
    /// The usual wording.
    #[default]
    Standard,
    /// Extra-care wording: a named person, a direct way back, a follow-up promise.
    Extra,
}

snake_case_names!(Care {
    Standard => "standard",
    Extra => "extra",
});

impl From<DifficultyLevel> for Care {
    /// Customers at `extra_care` or `escalate` (from their history) get the extra-care
    /// wording.
    fn from(level: DifficultyLevel) -> Care {
        if level >= DifficultyLevel::ExtraCare {
            Care::Extra
        } else {
            Care::Standard
        }
    }
}

/// What the agent knows about the conversation. Every value is optional; a missing value
/// falls back to wording without it. Values are inserted literally (never read as template
/// syntax), with control characters removed, trimmed and cut to
/// [`MAX_VALUE_CHARS`](crate::MAX_VALUE_CHARS) characters.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Care, ReplyContext};
///
/// let ctx = ReplyContext::new().name("Ana").order_id("A-1042").agent("Sam").care(Care::Extra);
/// assert_eq!(ctx.name.as_deref(), Some("Ana"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct ReplyContext {
    /// The customer's name, as they would like to be addressed.
    pub name: Option<String>,
    /// The order (or ticket) the message is about.
    pub order_id: Option<String>,
    /// The agent's name, for the sign-off and the extra-care wording.
    pub agent: Option<String>,
    /// The product the message is about.
    pub product: Option<String>,
    /// How much care the customer needs.
    pub care: Care,
}

impl ReplyContext {
    /// An empty context: every part falls back to wording without values.
    pub fn new() -> ReplyContext {
        ReplyContext::default()
    }

    /// Sets the customer's name.
    pub fn name(mut self, v: impl Into<String>) -> ReplyContext {
        self.name = Some(v.into());
        self
    }

    /// Sets the order id.
    pub fn order_id(mut self, v: impl Into<String>) -> ReplyContext {
        self.order_id = Some(v.into());
        self
    }

    /// Sets the agent's name.
    pub fn agent(mut self, v: impl Into<String>) -> ReplyContext {
        self.agent = Some(v.into());
        self
    }

    /// Sets the product.
    pub fn product(mut self, v: impl Into<String>) -> ReplyContext {
        self.product = Some(v.into());
        self
    }

    /// Sets the level of care.
    pub fn care(mut self, care: Care) -> ReplyContext {
        self.care = care;
        self
    }

    /// The cleaned value of a placeholder, or `None` when missing or empty after cleaning.
    fn value(&self, slot: Slot) -> Option<String> {
        let raw = match slot {
            Slot::Name => &self.name,
            Slot::OrderId => &self.order_id,
            Slot::Agent => &self.agent,
            Slot::Product => &self.product,
        };
        raw.as_deref().and_then(clean_value)
    }
}

/// One part of a suggested reply.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Part {
    /// Which part it is.
    pub kind: PartKind,
    /// Its text, placeholders filled.
    pub text: String,
}

/// A suggested reply.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Suggestion {
    /// The full reply: greeting, body, sign-off, separated by blank lines.
    pub text: String,
    /// The topic it answers.
    pub topic: Topic,
    /// Its parts, in order.
    pub parts: Vec<Part>,
    /// Why it is worded this way, in one sentence for the agent.
    pub rationale: String,
    /// The reply checker's score of the draft (lower lands better); suggestions are
    /// ranked by it.
    pub score: f32,
}

/// Suggests [`SUGGESTIONS`] replies to the customer message assessed in `a`, with the
/// built-in templates, best first.
///
/// # Example
///
/// ```
/// use sentiment_triage::{suggest_replies, ReplyContext, Topic, Triage};
///
/// let a = Triage::new().analyze("I was charged twice for order 881, please fix this");
/// let replies = suggest_replies(&a, &ReplyContext::new().name("Ana").agent("Sam"));
/// assert_eq!(replies.len(), 3);
/// assert_eq!(replies[0].topic, Topic::Billing);
/// assert!(replies[0].text.starts_with("H"));
/// ```
pub fn suggest_replies(a: &Assessment, ctx: &ReplyContext) -> Vec<Suggestion> {
    crate::builtin::TEMPLATES
        .as_ref()
        .map(|t| t.suggest(a, ctx))
        .unwrap_or_default()
}

impl Templates {
    /// Suggests [`SUGGESTIONS`] replies with these templates, ranked by the default
    /// [`Reviewer`]'s score (ties keep variant order). Never fails: a part the templates
    /// do not cover is left out.
    pub fn suggest(&self, a: &Assessment, ctx: &ReplyContext) -> Vec<Suggestion> {
        let topic = Topic::of(a);
        let reviewer = Reviewer::new();
        let mut out: Vec<Suggestion> = (0..SUGGESTIONS)
            .map(|n| {
                let mut s = self.assemble(topic, a, ctx, n);
                s.score = reviewer.review(&s.text, Some(a)).score;
                s
            })
            .collect();
        out.sort_by(|x, y| x.score.total_cmp(&y.score));
        out
    }

    /// Draft `n`: variant `n` of every part that applies.
    fn assemble(&self, topic: Topic, a: &Assessment, ctx: &ReplyContext, n: usize) -> Suggestion {
        let band = a.hostility.band;
        let urgency = a.urgency.band;
        let value = |s: Slot| ctx.value(s);
        let mut parts = Vec::new();
        for kind in PartKind::ALL {
            let key = match kind {
                PartKind::Acknowledge | PartKind::Action => topic.name(),
                PartKind::Empathy | PartKind::Ownership => band.name(),
                PartKind::TimeFrame => urgency.name(),
                PartKind::ExtraCare if ctx.care != Care::Extra => continue,
                _ => "any",
            };
            if let Some(text) = self.render(kind, key, n, &value) {
                parts.push(Part { kind, text });
            }
        }
        Suggestion {
            text: join(&parts),
            topic,
            rationale: rationale(topic, band, urgency, ctx.care),
            parts,
            score: 0.0,
        }
    }
}

/// Greeting, then the body parts as one paragraph, then the sign-off.
fn join(parts: &[Part]) -> String {
    let mut text = String::new();
    let mut body = String::new();
    let mut closing = None;
    for p in parts {
        match p.kind {
            PartKind::Greeting => text.push_str(&p.text),
            PartKind::Closing => closing = Some(&p.text),
            _ => {
                if !body.is_empty() {
                    body.push(' ');
                }
                body.push_str(&p.text);
            }
        }
    }
    for block in [Some(&body), closing].into_iter().flatten() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(block);
    }
    text
}

fn rationale(topic: Topic, band: HostilityBand, urgency: UrgencyBand, care: Care) -> String {
    let tone = match band {
        HostilityBand::Calm => "the customer is calm, so no apology beyond taking care of it",
        HostilityBand::Frustrated => "the customer is frustrated: a short apology and ownership",
        HostilityBand::Angry => "the customer is angry: full ownership and apology, no excuses",
        HostilityBand::Abusive => {
            "the customer is abusive: a steady apology and ownership, no gushing"
        }
    };
    let when = match urgency {
        UrgencyBand::Low => "an update within two business days",
        UrgencyBand::Normal => "an update within one business day",
        UrgencyBand::High => "urgent, so an update within four hours",
        UrgencyBand::Critical => "critical, so hourly updates",
    };
    let care = if care == Care::Extra {
        "; extra care: a named contact and a follow-up"
    } else {
        ""
    };
    format!("Topic {topic}; {tone}; {when}{care}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn care_follows_the_difficulty_level() {
        assert_eq!(Care::from(DifficultyLevel::Watch), Care::Standard);
        assert_eq!(Care::from(DifficultyLevel::ExtraCare), Care::Extra);
        assert_eq!(Care::from(DifficultyLevel::Escalate), Care::Extra);
    }

    #[test]
    fn parts_come_in_order_and_text_joins_them() {
        let mut a = Assessment::new();
        a.hostility.band = HostilityBand::Angry;
        let s = &Templates::builtin().suggest(&a, &ReplyContext::new())[0];
        let kinds: Vec<PartKind> = s.parts.iter().map(|p| p.kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(kinds, sorted);
        assert!(s.text.starts_with("H") && s.text.contains("\n\n"));
        assert!(!s.text.contains('{'));
    }
}
