//! `EscalationKind`: what an escalation threat is about.

use std::fmt;

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

/// Word stems naming each kind, checked in this order (regulator before legal, so that
/// "attorney general" is a regulator).
const KIND_STEMS: &[(EscalationKind, &[&str])] = &[
    (
        EscalationKind::Chargeback,
        &[
            "chargeback",
            "charge back",
            "dispute",
            "bank",
            "credit card",
        ],
    ),
    (
        EscalationKind::Regulator,
        &[
            "regulat",
            "ombuds",
            "bbb",
            "ftc",
            "fcc",
            "fca",
            "cfpb",
            "attorney general",
            "trading standards",
            "consumer",
        ],
    ),
    (
        EscalationKind::Legal,
        &[
            "lawyer",
            "attorney",
            "sue",
            "suing",
            "lawsuit",
            "court",
            "legal",
            "solicitor",
            "small claims",
        ],
    ),
    (
        EscalationKind::PublicReview,
        &[
            "review",
            "twitter",
            "tweet",
            "facebook",
            "social",
            "post",
            "yelp",
            "trustpilot",
            "news",
            "media",
            "public",
        ],
    ),
    (
        EscalationKind::Cancel,
        &[
            "cancel",
            "close my",
            "leav",
            "switch",
            "competitor",
            "unsubscribe",
            "never buy",
            "done with",
        ],
    ),
];

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

    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            EscalationKind::Cancel => "cancel",
            EscalationKind::Legal => "legal",
            EscalationKind::Chargeback => "chargeback",
            EscalationKind::Regulator => "regulator",
            EscalationKind::PublicReview => "public_review",
            EscalationKind::Other => "other",
        }
    }

    /// The kind of an escalation term: the first kind with a stem that starts a word of the
    /// term (or, for two-word stems, appears in it); `Other` when none does. In a `re:`
    /// pattern, escapes such as `\b` are skipped.
    pub fn of_term(term: &str) -> EscalationKind {
        let mut lower = String::with_capacity(term.len());
        let mut chars = term.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                chars.next();
                lower.push(' ');
            } else {
                lower.push(c.to_ascii_lowercase());
            }
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let spaced = words.join(" ");
        KIND_STEMS
            .iter()
            .find(|(_, stems)| {
                stems.iter().any(|s| {
                    if s.contains(' ') {
                        spaced.contains(s)
                    } else {
                        words.iter().any(|w| w.starts_with(s))
                    }
                })
            })
            .map_or(EscalationKind::Other, |(k, _)| *k)
    }
}

impl fmt::Display for EscalationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_map_to_kinds() {
        let cases = [
            ("chargeback", EscalationKind::Chargeback),
            ("dispute the charge", EscalationKind::Chargeback),
            ("my lawyer", EscalationKind::Legal),
            ("see you in court", EscalationKind::Legal),
            ("sue you", EscalationKind::Legal),
            ("attorney general", EscalationKind::Regulator),
            ("report you to the ombudsman", EscalationKind::Regulator),
            ("bad review", EscalationKind::PublicReview),
            ("post it on twitter", EscalationKind::PublicReview),
            ("cancel my subscription", EscalationKind::Cancel),
            ("i'm leaving", EscalationKind::Cancel),
            ("re:\\bcancel(l?ing)?\\b", EscalationKind::Cancel),
            ("speak to your manager", EscalationKind::Other),
            ("issue", EscalationKind::Other),
        ];
        for (term, kind) in cases {
            assert_eq!(EscalationKind::of_term(term), kind, "{term}");
        }
        for k in EscalationKind::ALL {
            assert_eq!(k.to_string(), k.name());
        }
    }
}
