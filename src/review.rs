//! The reply checker: `Reviewer` reads an agent's draft (and optionally the customer's
//! `Assessment`) and returns a `Review`: findings with spans and rewrites, missing parts, a
//! verdict and a score.

use std::sync::{Arc, LazyLock};

use crate::{
    Assessment, Axis, Category, Error, HostilityBand, ReviewerBuilder, Span, Templates, Term,
    Topic, Triage, UrgencyBand,
};

/// A bad phrase becomes a finding from this weight up; weaker cues ("just", "really") only
/// feed the score, since on their own they are ordinary words.
pub const FINDING_MIN_WEIGHT: f32 = 0.5;
/// The agent's own hostile words become a finding from this weight up: anything the scorer
/// counts as clearly hostile (its "clear" step, 0.4) should not reach a customer.
const HOSTILE_FINDING_MIN: f32 = 0.4;
/// The draft's own hostility score counts this much as bad evidence: a draft that would
/// score `angry` as a customer message lands badly whatever else it says.
const HOSTILITY_SHARE: f32 = 1.5;
/// Good parts (thanks, softeners, ownership) offset bad evidence at this share: courtesy
/// helps, but "thanks" does not cancel "calm down".
const GOOD_SHARE: f32 = 1.0;
/// Each further good cue counts this share of the one before, so a long list of
/// pleasantries cannot bury one bad phrase.
const GOOD_DECAY: f32 = 0.7;
/// Each missing part the customer's message calls for is this much bad evidence: as much as
/// a clear bad phrase.
const MISSING_WEIGHT: f32 = 0.6;
/// Evidence at which the score is one half: a single clear bad phrase with nothing to
/// soften it.
const SCORE_CENTER: f32 = 0.6;
/// How quickly the score rises around the center; a spread of 0.4 maps evidence 0..=1.2
/// onto roughly 0.2..=0.8, the range where drafts differ.
const SCORE_SPREAD: f32 = 0.4;
/// A draft with no finding and nothing missing is still sent back at this score: many mild
/// curt cues and no courtesy add up.
pub const REVISE_AT: f32 = 0.7;

/// Send the draft, or revise it first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Verdict {
    /// Nothing to fix.
    Send,
    /// Fix the findings or add the missing parts first.
    Revise,
}

/// What is wrong with a phrase of the draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FindingKind {
    /// Telling the customer how to feel ("calm down").
    TonePolicing,
    /// Hiding behind policy ("that's our policy").
    PolicyWall,
    /// Blaming the customer ("you should have").
    Blame,
    /// Helplessness ("there's nothing I can do").
    Helpless,
    /// Conditional or non-apologies ("sorry if you feel").
    NonApology,
    /// Condescension ("as I already said", "obviously").
    Condescension,
    /// Curt, commanding or accusing wording ("why did you", "you need to").
    Curt,
    /// The agent's own hostile words (insults, profanity, anger).
    Hostility,
}

/// A part the customer's message calls for that the draft lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Missing {
    /// No acknowledgement of the customer's problem.
    Acknowledgement,
    /// No ownership or apology although the customer is angry.
    Ownership,
    /// No next step.
    NextStep,
    /// No time frame although the customer's message is urgent.
    TimeFrame,
}

snake_case_names!(Verdict { Send => "send", Revise => "revise" });
snake_case_names!(FindingKind {
    TonePolicing => "tone_policing", PolicyWall => "policy_wall", Blame => "blame",
    Helpless => "helpless", NonApology => "non_apology", Condescension => "condescension",
    Curt => "curt", Hostility => "hostility",
});
snake_case_names!(Missing {
    Acknowledgement => "acknowledgement", Ownership => "ownership",
    NextStep => "next_step", TimeFrame => "time_frame",
});

impl FindingKind {
    /// Every kind, in declaration order.
    pub const ALL: [FindingKind; 8] = [
        FindingKind::TonePolicing,
        FindingKind::PolicyWall,
        FindingKind::Blame,
        FindingKind::Helpless,
        FindingKind::NonApology,
        FindingKind::Condescension,
        FindingKind::Curt,
        FindingKind::Hostility,
    ];

    /// The kind a lexicon category reports as (`None` for good parts and other categories).
    pub fn from_category(c: Category) -> Option<FindingKind> {
        Some(match c {
            Category::ReviewTonePolicing => FindingKind::TonePolicing,
            Category::ReviewPolicyWall => FindingKind::PolicyWall,
            Category::ReviewBlame => FindingKind::Blame,
            Category::ReviewHelpless => FindingKind::Helpless,
            Category::ReviewNonApology => FindingKind::NonApology,
            Category::ReviewCondescension => FindingKind::Condescension,
            Category::ReviewCurt => FindingKind::Curt,
            c if c.axis() == Axis::Hostility => FindingKind::Hostility,
            _ => return None,
        })
    }

    fn describe(self) -> &'static str {
        match self {
            FindingKind::TonePolicing => "tells the customer how to feel",
            FindingKind::PolicyWall => "hides behind policy",
            FindingKind::Blame => "blames the customer",
            FindingKind::Helpless => "sounds helpless or passes the customer on",
            FindingKind::NonApology => "apologises with a condition or a 'but'",
            FindingKind::Condescension => "talks down to the customer",
            FindingKind::Curt => "is curt or commanding",
            FindingKind::Hostility => "is hostile",
        }
    }
}

impl Missing {
    fn describe(self) -> &'static str {
        match self {
            Missing::Acknowledgement => "does not acknowledge the customer's problem",
            Missing::Ownership => "takes no ownership although the customer is angry",
            Missing::NextStep => "names no next step",
            Missing::TimeFrame => "gives no time frame although the message is urgent",
        }
    }
}

/// A phrase of the draft to fix.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Finding {
    /// Where it is in the draft: `&draft[f.span]`.
    pub span: Span,
    /// What is wrong with it.
    pub kind: FindingKind,
    /// The lexicon term that matched.
    pub term: Term,
    /// How badly it lands, after modifiers.
    pub weight: f32,
    /// A suggested rewrite.
    pub rewrite: String,
}

/// The checker's verdict on a draft.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Review {
    /// Send, or revise first.
    pub verdict: Verdict,
    /// How likely the draft is to land badly, `0.0..=1.0`; rank drafts by it.
    pub score: f32,
    /// The phrases to fix, in text order.
    pub findings: Vec<Finding>,
    /// The parts the customer's message calls for that the draft lacks (empty without a
    /// customer assessment).
    pub missing: Vec<Missing>,
    /// Why the verdict, one plain sentence per reason.
    pub reasons: Vec<String>,
}

/// The reply checker: the scorer's lexicons plus the review phrase lists, compiled once.
///
/// Immutable, `Send + Sync`, cheap to clone. [`Reviewer::review`] never fails and never
/// panics.
///
/// # Example
///
/// ```
/// use sentiment_triage::{FindingKind, Reviewer, Verdict};
///
/// let reviewer = Reviewer::new();
/// let draft = "Calm down. As I already said, that's our policy.";
/// let review = reviewer.review(draft, None);
/// assert_eq!(review.verdict, Verdict::Revise);
/// assert_eq!(review.findings[0].kind, FindingKind::TonePolicing);
/// assert_eq!(&draft[review.findings[0].span], "Calm down");
/// ```
#[derive(Clone, Debug)]
pub struct Reviewer {
    pub(crate) inner: Arc<Inner>,
}

/// What a `Reviewer` shares between its clones.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) triage: Triage,
    pub(crate) rewrites: Templates,
}

static DEFAULT: LazyLock<Result<Reviewer, Error>> =
    LazyLock::new(|| ReviewerBuilder::new().build());

impl Default for Reviewer {
    fn default() -> Reviewer {
        Reviewer::new()
    }
}

/// Reviews a draft with the built-in checker (see [`Reviewer::review`]).
pub fn review_reply(draft: &str) -> Review {
    Reviewer::new().review(draft, None)
}

/// Reviews a draft against the customer's message, assessed in `customer`: also reports
/// the parts the message calls for that the draft lacks.
pub fn review_reply_to(draft: &str, customer: &Assessment) -> Review {
    Reviewer::new().review(draft, Some(customer))
}

impl Reviewer {
    /// The checker with the built-in lexicons and rewrites; built on first use, then shared.
    ///
    /// # Panics
    ///
    /// Only if the embedded lexicons were broken at release time; a unit test proves they
    /// build.
    pub fn new() -> Reviewer {
        match &*DEFAULT {
            Ok(r) => r.clone(),
            Err(e) => panic!("built-in review lexicons failed to build: {e}"),
        }
    }

    /// A builder for custom phrase lists and rewrites.
    pub fn builder() -> ReviewerBuilder {
        ReviewerBuilder::new()
    }

    /// Reviews `draft`; with `customer`, also checks the parts the customer's message calls
    /// for. Never fails, never panics.
    pub fn review(&self, draft: &str, customer: Option<&Assessment>) -> Review {
        let a = self.inner.triage.analyze(draft);
        let mut findings = Vec::new();
        let (mut bad, mut good) = (0.0f32, Vec::new());
        let mut has = |c: Category| a.hits.iter().any(|h| h.category == c);
        for h in &a.hits {
            let kind = FindingKind::from_category(h.category);
            match kind {
                Some(FindingKind::Hostility) => {
                    // Naming the customer's problem ("charged twice") is not hostile; the
                    // draft is, when it scores hostile as a whole or uses abusive words.
                    let hostile =
                        a.hostility.band >= HostilityBand::Frustrated || h.category.is_abusive();
                    if hostile && h.weight >= HOSTILE_FINDING_MIN {
                        findings.push(self.finding(draft, h, FindingKind::Hostility));
                    }
                }
                Some(k) => {
                    bad += h.weight;
                    if h.weight >= FINDING_MIN_WEIGHT {
                        findings.push(self.finding(draft, h, k));
                    }
                }
                None if h.category.axis() == Axis::Review => good.push(h.weight),
                None => {}
            }
        }
        let missing = customer
            .map(|c| missing_parts(c, &a, &mut has))
            .unwrap_or_default();
        let evidence =
            bad + HOSTILITY_SHARE * a.hostility.score + MISSING_WEIGHT * missing.len() as f32
                - GOOD_SHARE * decayed(&mut good);
        let score = 1.0 / (1.0 + (-(evidence - SCORE_CENTER) / SCORE_SPREAD).exp());
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut reasons: Vec<String> = findings
            .iter()
            .map(|f| format!("\"{}\" {}", &draft[f.span], f.kind.describe()))
            .chain(
                missing
                    .iter()
                    .map(|m| format!("the draft {}", m.describe())),
            )
            .collect();
        let verdict = if findings.is_empty() && missing.is_empty() && score < REVISE_AT {
            Verdict::Send
        } else {
            if findings.is_empty() && missing.is_empty() {
                reasons.push(format!(
                    "the wording is likely to land badly (score {score:.2})"
                ));
            }
            Verdict::Revise
        };
        Review {
            verdict,
            score,
            findings,
            missing,
            reasons,
        }
    }

    fn finding(&self, draft: &str, h: &crate::Hit, kind: FindingKind) -> Finding {
        let rewrite = self
            .inner
            .rewrites
            .rewrite(h.term.as_str(), kind)
            .unwrap_or_default();
        Finding {
            span: trim_span(draft, h.span),
            kind,
            term: h.term.clone(),
            weight: h.weight,
            rewrite,
        }
    }
}

/// The parts the customer's message calls for that the draft (assessed in `d`) lacks.
fn missing_parts(
    c: &Assessment,
    d: &Assessment,
    has: &mut dyn FnMut(Category) -> bool,
) -> Vec<Missing> {
    let topic = Topic::of(c);
    let upset = c.hostility.band >= HostilityBand::Frustrated;
    let problem = topic != Topic::Other || upset;
    let mut missing = Vec::new();
    if problem && !has(Category::ReviewAcknowledge) && !topic.mentioned_in(d) {
        missing.push(Missing::Acknowledgement);
    }
    if c.hostility.band >= HostilityBand::Angry && !has(Category::ReviewOwnership) {
        missing.push(Missing::Ownership);
    }
    if (problem || c.urgency.band >= UrgencyBand::Normal) && !has(Category::ReviewNextStep) {
        missing.push(Missing::NextStep);
    }
    if c.urgency.band >= UrgencyBand::High && !has(Category::ReviewTimeFrame) {
        missing.push(Missing::TimeFrame);
    }
    missing
}

/// Sum of `values`, strongest first, each further one decayed by `GOOD_DECAY`.
fn decayed(values: &mut [f32]) -> f32 {
    values.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut factor = 1.0;
    values.iter().fold(0.0, |sum, v| {
        let s = sum + v * factor;
        factor *= GOOD_DECAY;
        s
    })
}

/// Shrinks a span to its words (regex phrases may start at the punctuation before them);
/// leaves it as is when it holds no word.
fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span];
    let word = |c: char| c.is_alphanumeric();
    match (s.find(word), s.rfind(word)) {
        (Some(a), Some(b)) => {
            let end = b + s[b..].chars().next().map_or(1, char::len_utf8);
            Span::new(span.start + a, span.start + end)
        }
        _ => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_trim_to_words() {
        let t = "ok. why? fine";
        assert_eq!(&t[trim_span(t, Span::new(2, 7))], "why");
        assert_eq!(&t[trim_span(t, Span::new(7, 8))], "?");
    }

    #[test]
    fn score_is_monotone_in_bad_phrases() {
        let r = Reviewer::new();
        let a = r.review("I will send it today.", None).score;
        let b = r.review("I will send it today. Obviously.", None).score;
        let c = r
            .review("Calm down. Obviously that's our policy.", None)
            .score;
        assert!(a < b && b < c, "{a} {b} {c}");
    }
}
