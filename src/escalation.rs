//! `EscalationKind`: what an escalation threat is about.

use crate::{Category, Hit};

/// What an escalation threat is about, read from the matched lexicon term (never from the
/// message text, which a history does not keep).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum EscalationKind {
    /// Cancel, close the account, leave for a competitor.
    Cancel,
    /// Lawyer, lawsuit, court.
    Legal,
    /// Chargeback or a dispute with the bank.
    Chargeback,
    /// A regulator, ombudsman or consumer body.
    Regulator,
    /// A public review or social-media post.
    PublicReview,
    /// An escalation term of none of the kinds above.
    Other,
}

/// A kind tag this many bytes after an escalation hit still names its kind: about one
/// clause ("report you to the consumer protection office").
pub const TAG_REACH: usize = 60;

impl EscalationKind {
    /// Every kind, in declaration order.
    pub const ALL: [EscalationKind; 6] = [
        EscalationKind::Cancel,
        EscalationKind::Legal,
        EscalationKind::Chargeback,
        EscalationKind::Regulator,
        EscalationKind::PublicReview,
        EscalationKind::Other,
    ];

    /// The kind tagged by a `escalation_*` category (from `lexicons/escalation_kinds.txt`).
    pub fn from_category(category: Category) -> Option<EscalationKind> {
        Some(match category {
            Category::EscalationCancel => EscalationKind::Cancel,
            Category::EscalationLegal => EscalationKind::Legal,
            Category::EscalationChargeback => EscalationKind::Chargeback,
            Category::EscalationRegulator => EscalationKind::Regulator,
            Category::EscalationPublic => EscalationKind::PublicReview,
            _ => return None,
        })
    }

    /// The kind of an escalation hit: the kind tag (a hit of an `escalation_*` category)
    /// that overlaps it, else the first one starting within `TAG_REACH` bytes after it
    /// ("reporting you to the better business bureau"); `Other` when there is none. Read
    /// from the assessment's hits, never from the message text.
    pub fn of_hit(hit: &Hit, hits: &[Hit]) -> EscalationKind {
        let tagged = |near: &dyn Fn(&Hit) -> bool| {
            hits.iter()
                .filter(|t| near(t))
                .find_map(|t| EscalationKind::from_category(t.category))
        };
        tagged(&|t| t.span.start < hit.span.end && hit.span.start < t.span.end)
            .or_else(|| {
                tagged(&|t| {
                    t.span.start >= hit.span.end && t.span.start - hit.span.end <= TAG_REACH
                })
            })
            .unwrap_or(EscalationKind::Other)
    }
}

snake_case_names!(EscalationKind {
    Cancel => "cancel",
    Legal => "legal",
    Chargeback => "chargeback",
    Regulator => "regulator",
    PublicReview => "public_review",
    Other => "other",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threats_map_to_kinds() {
        let triage = crate::Triage::new();
        let cases = [
            ("I will file a chargeback", EscalationKind::Chargeback),
            (
                "I'll dispute the charge with my bank",
                EscalationKind::Chargeback,
            ),
            ("I am calling my lawyer", EscalationKind::Legal),
            ("see you in small claims court", EscalationKind::Legal),
            (
                "I'm reporting you to the better business bureau",
                EscalationKind::Regulator,
            ),
            ("expect a one star review", EscalationKind::PublicReview),
            ("I will cancel my subscription", EscalationKind::Cancel),
            ("I want to speak to a manager", EscalationKind::Other),
        ];
        for (text, kind) in cases {
            let a = triage.analyze(text);
            let hit = a
                .hits
                .iter()
                .find(|h| h.category == Category::Escalation)
                .unwrap_or_else(|| panic!("{text}: no escalation hit in {:?}", a.hits));
            assert_eq!(EscalationKind::of_hit(hit, &a.hits), kind, "{text}");
        }
        for k in EscalationKind::ALL {
            assert_eq!(k.to_string(), k.name());
        }
    }
}
