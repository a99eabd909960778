//! Output records: `Assessment`, `Score`, the bands, `Hit`, `Modifier`.

use std::fmt;
use std::sync::Arc;

use crate::{Category, Span};

/// How hostile a message is, from least to most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum HostilityBand {
    /// No hostility worth acting on.
    #[default]
    Calm,
    /// Unhappy, annoyed, complaining.
    Frustrated,
    /// Clearly angry.
    Angry,
    /// Insults, slurs, heavy profanity or threats.
    Abusive,
}

/// How urgent a message is, from least to most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum UrgencyBand {
    /// No sign of urgency.
    #[default]
    Low,
    /// Some time pressure or impact.
    Normal,
    /// Should be answered soon.
    High,
    /// Answer first: outage, safety, or escalation under time pressure.
    Critical,
}

snake_case_names!(HostilityBand { Calm => "calm", Frustrated => "frustrated", Angry => "angry", Abusive => "abusive" });
snake_case_names!(UrgencyBand { Low => "low", Normal => "normal", High => "high", Critical => "critical" });

impl HostilityBand {
    /// Every band, from calm to abusive.
    pub const ALL: [HostilityBand; 4] = [
        HostilityBand::Calm,
        HostilityBand::Frustrated,
        HostilityBand::Angry,
        HostilityBand::Abusive,
    ];
}

impl UrgencyBand {
    /// Every band, from low to critical.
    pub const ALL: [UrgencyBand; 4] = [
        UrgencyBand::Low,
        UrgencyBand::Normal,
        UrgencyBand::High,
        UrgencyBand::Critical,
    ];
}

/// A score in `0.0..=1.0` and the band it falls in.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Score<B> {
    /// The score, `0.0..=1.0`; higher is more hostile (or urgent).
    pub score: f32,
    /// The band the score (and the kind of evidence) falls in.
    pub band: B,
}

impl<B> Score<B> {
    pub(crate) fn new(score: f32, band: B) -> Score<B> {
        Score { score, band }
    }
}

/// Per-category scores in `0.0..=1.0`, for the hostility and urgency categories.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CategoryScores {
    values: [f32; Category::HOSTILITY.len() + Category::URGENCY.len()],
}

impl CategoryScores {
    fn slot(category: Category) -> Option<usize> {
        let i = category.index();
        (i < Category::HOSTILITY.len() + Category::URGENCY.len()).then_some(i)
    }

    /// The score of one category; 0 for categories that are not scored (modifiers).
    pub fn get(&self, category: Category) -> f32 {
        Self::slot(category).map_or(0.0, |i| self.values[i])
    }

    pub(crate) fn set(&mut self, category: Category, value: f32) {
        if let Some(i) = Self::slot(category) {
            self.values[i] = value;
        }
    }

    /// Every scored category with its score, hostility categories first.
    pub fn iter(&self) -> impl Iterator<Item = (Category, f32)> + '_ {
        Category::HOSTILITY
            .iter()
            .chain(Category::URGENCY.iter())
            .map(move |&c| (c, self.get(c)))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CategoryScores {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (c, v) in self.iter() {
            map.serialize_entry(c.name(), &v)?;
        }
        map.end()
    }
}

/// A lexicon term as matched: cheap to clone (a short one is copied, a longer one shared
/// with the engine).
#[derive(Clone)]
pub struct Term(Repr);

/// Terms up to this many bytes are kept in place, so cloning one for a hit copies it
/// instead of touching a shared counter (an atomic add on a cache line of its own, and a
/// subtract when the hit is cleared: about 2 D1 misses and 1 L2 miss per airline tweet).
/// 96% of the built-in lexicon entries fit, and `Term` stays 24 bytes.
const INLINE_TERM: usize = 22;

/// How a `Term` holds its text.
#[derive(Clone)]
enum Repr {
    /// A short term, in place: the first `len` bytes (valid UTF-8).
    Inline { len: u8, bytes: [u8; INLINE_TERM] },
    /// A longer term, shared with the engine.
    Shared(Arc<str>),
}

impl Term {
    pub(crate) fn new(text: &str) -> Term {
        if text.len() <= INLINE_TERM {
            let mut bytes = [0u8; INLINE_TERM];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Term(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            Term(Repr::Shared(Arc::from(text)))
        }
    }

    /// The term as written in the lexicon.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Copied from a `&str` at a character boundary (its end), so always valid.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Repr::Shared(text) => text,
        }
    }
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Term {}

impl std::hash::Hash for Term {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Term) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Term {
    fn cmp(&self, other: &Term) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Term {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A rule that changed how much a hit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Modifier {
    /// Under a negator ("not happy": praise turned to frustration; "not bad": dropped).
    Negated,
    /// After an intensifier ("extremely").
    Intensified,
    /// After a dampener ("a bit").
    Dampened,
    /// Written in capitals inside mixed-case text.
    Caps,
    /// Followed by "!!" or "?!".
    Exclamation,
    /// Letters drawn out ("sooooo").
    Elongated,
    /// Aimed at the agent or the company ("you people", "your support").
    Directed,
    /// Politeness cancelled by a following contrast ("thanks, but").
    Contrasted,
    /// Written to dodge filters ("f*ck", "sh!t", "f u c k", look-alike letters).
    Obfuscated,
    /// A lone hazard or legal word in a sentence with nobody in it (no "I", "our", "you",
    /// "now", "please"): "vaccines can cause anaphylaxis" names a topic, it reports nothing.
    Impersonal,
}

impl Modifier {
    /// Every modifier, in declaration order.
    pub const ALL: [Modifier; 10] = [
        Modifier::Negated,
        Modifier::Intensified,
        Modifier::Dampened,
        Modifier::Caps,
        Modifier::Exclamation,
        Modifier::Elongated,
        Modifier::Directed,
        Modifier::Contrasted,
        Modifier::Obfuscated,
        Modifier::Impersonal,
    ];
}

snake_case_names!(Modifier {
    Negated => "negated",
    Intensified => "intensified",
    Dampened => "dampened",
    Caps => "caps",
    Exclamation => "exclamation",
    Elongated => "elongated",
    Directed => "directed",
    Contrasted => "contrasted",
    Obfuscated => "obfuscated",
    Impersonal => "impersonal",
});

/// A small set of [`Modifier`]s (no allocation).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Modifiers(u16);

impl Modifiers {
    /// The empty set.
    pub const fn empty() -> Modifiers {
        Modifiers(0)
    }

    /// Adds one modifier.
    pub fn insert(&mut self, m: Modifier) {
        self.0 |= 1 << m as u16;
    }

    /// True when `m` is in the set.
    pub fn contains(self, m: Modifier) -> bool {
        self.0 & (1 << m as u16) != 0
    }

    /// True when no modifier applied.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The modifiers in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Modifier> {
        Modifier::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

impl fmt::Debug for Modifiers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Modifiers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One match that moved a score.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Hit {
    /// Where it is in the original text: `&text[hit.span]` is what the customer wrote.
    pub span: Span,
    /// The lexicon term (or `re:` pattern) that matched.
    pub term: Term,
    /// The category of the term.
    pub category: Category,
    /// The signed contribution to its axis after modifiers (negative for relief).
    pub weight: f32,
    /// The rules that changed the contribution.
    pub modifiers: Modifiers,
}

/// The result of analyzing one message.
///
/// # Example
///
/// ```
/// use sentiment_triage::{HostilityBand, Triage};
///
/// let text = "You people are useless, this is the third time I ask!!";
/// let a = Triage::new().analyze(text);
/// assert!(a.hostility.band >= HostilityBand::Frustrated);
/// for hit in &a.hits {
///     println!("{} {} {:+.2}", &text[hit.span], hit.category, hit.weight);
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Assessment {
    /// Hostility: frustration, anger, insults, profanity, threats.
    pub hostility: Score<HostilityBand>,
    /// Urgency: deadlines, outages, escalation threats, waiting, safety.
    pub urgency: Score<UrgencyBand>,
    /// Per-category scores.
    pub categories: CategoryScores,
    /// Every match that moved a score, in text order.
    pub hits: Vec<Hit>,
    /// True when the message was longer than the engine's byte limit and only its start
    /// was scored (see `TriageBuilder::max_bytes`).
    pub truncated: bool,
}

impl Assessment {
    /// An empty assessment (calm, low), ready for `Triage::analyze_into`.
    pub fn new() -> Assessment {
        Assessment::default()
    }

    /// True when any hit has this category.
    pub fn has(&self, category: Category) -> bool {
        self.hits.iter().any(|h| h.category == category)
    }

    pub(crate) fn clear(&mut self) {
        self.hostility = Score::default();
        self.urgency = Score::default();
        self.categories = CategoryScores::default();
        self.hits.clear();
        self.truncated = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, RandomState};

    /// Random texts of every length around `INLINE_TERM` (some with multi-byte letters):
    /// a term reads back as written, and compares, orders and hashes as its text does.
    #[test]
    fn terms_behave_as_their_text() {
        let letters = ["a", "b", "z", " ", "é", "ß", "€", "🙂"];
        let mut next = crate::test_rng::below(0x9E37_79B9_7F4A_7C15);
        let texts: Vec<String> = (0..2_000)
            .map(|_| {
                let mut t = String::new();
                let want = next(INLINE_TERM + 8);
                while t.len() < want {
                    t.push_str(letters[next(letters.len())]);
                }
                t
            })
            .collect();
        let hasher = RandomState::new();
        let terms: Vec<Term> = texts.iter().map(|t| Term::new(t)).collect();
        for (i, (a, ta)) in texts.iter().zip(&terms).enumerate() {
            assert_eq!(ta.as_str(), a);
            assert_eq!(ta.clone().as_str(), a);
            assert_eq!(format!("{ta}"), *a);
            assert_eq!(format!("{ta:?}"), format!("{a:?}"));
            assert_eq!(hasher.hash_one(ta), hasher.hash_one(a.as_str()));
            let j = (i * 7 + 3) % texts.len();
            let (b, tb) = (&texts[j], &terms[j]);
            assert_eq!(ta.cmp(tb), a.cmp(b), "{a:?} {b:?}");
            assert_eq!(ta == tb, a == b);
        }
    }

    /// Keeping short terms in place costs a `Hit` one word at most.
    #[test]
    fn a_term_stays_small() {
        assert!(std::mem::size_of::<Term>() <= 24);
        assert!(std::mem::size_of::<Hit>() <= 48);
    }
}
