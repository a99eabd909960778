//! `CustomerHistory`: a fair, decaying per-customer state, and its `HistoryConfig`.
//!
//! Every decayed number is a sum of per-message contributions `x * 2^(-age / half_life)`,
//! where `age` is measured from the history's clock (its latest record). A newer record moves
//! the clock forward and decays the sums; an older one is added already decayed by its age.
//! Both give the same sums, so the order records arrive in does not matter.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::difficulty;
use crate::{
    care, Assessment, Category, Difficulty, EscalationKind, HostilityBand, Modifier, Timestamp,
    Trend, UrgencyBand,
};

/// The version of the stored form of [`CustomerHistory`]. Loading a newer one is an error;
/// older ones are upgraded when read.
pub const HISTORY_VERSION: u32 = 1;

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

/// Hostility, urgency and the message counts halve in a week: long enough to remember last
/// week's shouting, short enough that a customer is not held to last month's.
pub const DEFAULT_HALF_LIFE: Duration = Duration::from_secs(7 * DAY);
/// The fast average of the trend follows the last two days or so: long enough that one
/// message of a steady slow burn does not look like a rise.
pub const TREND_FAST_HALF_LIFE: Duration = Duration::from_secs(2 * DAY);
/// The slow average of the trend follows the last few weeks.
pub const TREND_SLOW_HALF_LIFE: Duration = Duration::from_secs(14 * DAY);
/// Escalation threats (lawyer, chargeback) are remembered twice as long as a bad mood: they
/// are rarer and costlier to miss.
pub const ESCALATION_HALF_LIFE: Duration = Duration::from_secs(14 * DAY);
/// Contacts this close together count as repeat contact (about "since Monday").
pub const REPEAT_WINDOW: Duration = Duration::from_secs(3 * DAY);
/// Messages within an hour of the first of them count as one contact: one outburst split
/// over several chat messages is one bad moment, not several.
pub const SAME_CONTACT_WINDOW: Duration = Duration::from_secs(HOUR);
/// Three contacts inside the repeat window: the customer is chasing an answer.
pub const REPEAT_CONTACTS: u32 = 3;
/// Only messages this recent can label a customer or be named in a reason.
pub const LABEL_WINDOW: Duration = Duration::from_secs(30 * DAY);
/// How many recent contacts a history keeps (time and bands only): enough to see a burst
/// and repeat contact, small enough to keep a history a few hundred bytes.
pub const RECENT_CONTACTS: usize = 16;

/// The tuning of histories and of [`Difficulty`]: half-lives, windows and thresholds.
///
/// Use one configuration for a given history: the decay applied when recording depends on
/// it. Setters clamp to sensible ranges instead of failing (half-lives and windows at least
/// one second, thresholds in `0..=1` and in order).
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use sentiment_triage::HistoryConfig;
///
/// let mut config = HistoryConfig::new();
/// config.half_life(Duration::from_secs(3 * 86_400)).repeat_contacts(4);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryConfig {
    pub(crate) half_life: f64,
    pub(crate) trend_fast: f64,
    pub(crate) trend_slow: f64,
    pub(crate) escalation_half_life: f64,
    pub(crate) repeat_window: f64,
    pub(crate) repeat_contacts: u32,
    pub(crate) same_contact: f64,
    pub(crate) label_window: f64,
    pub(crate) thresholds: [f32; 3],
    pub(crate) follow_up_hours: [u32; 3],
    pub(crate) max_hold_seconds: u32,
}

impl Default for HistoryConfig {
    fn default() -> HistoryConfig {
        HistoryConfig::new()
    }
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64().max(1.0)
}

impl HistoryConfig {
    /// The defaults: the named constants of this module and of the care plan.
    pub fn new() -> HistoryConfig {
        HistoryConfig {
            half_life: seconds(DEFAULT_HALF_LIFE),
            trend_fast: seconds(TREND_FAST_HALF_LIFE),
            trend_slow: seconds(TREND_SLOW_HALF_LIFE),
            escalation_half_life: seconds(ESCALATION_HALF_LIFE),
            repeat_window: seconds(REPEAT_WINDOW),
            repeat_contacts: REPEAT_CONTACTS,
            same_contact: seconds(SAME_CONTACT_WINDOW),
            label_window: seconds(LABEL_WINDOW),
            thresholds: [care::WATCH_AT, care::EXTRA_CARE_AT, care::ESCALATE_AT],
            follow_up_hours: care::FOLLOW_UP_HOURS,
            max_hold_seconds: care::MAX_HOLD_SECONDS,
        }
    }

    /// Half-life of hostility, urgency and the angry and abusive message counts.
    pub fn half_life(&mut self, d: Duration) -> &mut HistoryConfig {
        self.half_life = seconds(d);
        self
    }

    /// Half-lives of the fast and slow hostility averages compared for the trend.
    pub fn trend_half_lives(&mut self, fast: Duration, slow: Duration) -> &mut HistoryConfig {
        self.trend_fast = seconds(fast);
        self.trend_slow = seconds(slow).max(self.trend_fast);
        self
    }

    /// Half-life of escalation threats.
    pub fn escalation_half_life(&mut self, d: Duration) -> &mut HistoryConfig {
        self.escalation_half_life = seconds(d);
        self
    }

    /// Contacts inside this window count towards repeat contact.
    pub fn repeat_window(&mut self, d: Duration) -> &mut HistoryConfig {
        self.repeat_window = seconds(d);
        self
    }

    /// How many contacts inside the repeat window count as repeat contact (at least 2).
    pub fn repeat_contacts(&mut self, n: u32) -> &mut HistoryConfig {
        self.repeat_contacts = n.max(2);
        self
    }

    /// Messages within this time of the first of them count as one contact.
    pub fn same_contact_window(&mut self, d: Duration) -> &mut HistoryConfig {
        self.same_contact = seconds(d);
        self
    }

    /// Only messages this recent can label a customer or be named in a reason.
    pub fn label_window(&mut self, d: Duration) -> &mut HistoryConfig {
        self.label_window = seconds(d);
        self
    }

    /// The difficulty scores at which `watch`, `extra_care` and `escalate` start. Each is
    /// clamped to `0.01..=1` and to at least the one before.
    pub fn thresholds(&mut self, watch: f32, extra_care: f32, escalate: f32) -> &mut Self {
        let clamp = |x: f32, lo: f32| if x.is_nan() { 1.0 } else { x.clamp(lo, 1.0) };
        let w = clamp(watch, 0.01);
        let e = clamp(extra_care, w);
        self.thresholds = [w, e, clamp(escalate, e)];
        self
    }

    /// The follow-up promised at `watch`, `extra_care` and `escalate`, in hours (at least 1).
    pub fn follow_up_hours(&mut self, watch: u32, extra_care: u32, escalate: u32) -> &mut Self {
        self.follow_up_hours = [watch.max(1), extra_care.max(1), escalate.max(1)];
        self
    }

    /// The longest hold the care plan allows, in seconds (at least 1).
    pub fn max_hold_seconds(&mut self, s: u32) -> &mut HistoryConfig {
        self.max_hold_seconds = s.max(1);
        self
    }
}

/// One recent contact as a history keeps it: the time and the bands, no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Contact {
    /// When the message was sent.
    pub at: Timestamp,
    /// Its hostility band.
    pub hostility: HostilityBand,
    /// Its urgency band.
    pub urgency: UrgencyBand,
    /// True when it carried an escalation threat.
    pub escalation: bool,
}

/// One customer's history: decayed numbers and a few recent contact times, never text.
///
/// The caller owns and stores it (a database row, a cache, or [`HistoryStore`]). Fold each
/// message in with [`record`](CustomerHistory::record), in O(1) time; ask
/// [`difficulty`](CustomerHistory::difficulty) when routing the next one. The size is
/// bounded: at most [`RECENT_CONTACTS`] contacts and one time per [`EscalationKind`].
///
/// # Time
///
/// Times are the caller's ([`Timestamp`]); the history's clock is its latest record and
/// never runs backwards:
/// - a record **older** than the latest is folded in without rewinding the clock, counted
///   as already decayed by its age (so arrival order does not change the sums);
/// - records with **equal** times are separate messages: a duplicate delivery counts twice,
///   so de-duplicate by message id before recording if your source can repeat;
/// - a record **far ahead** of the others simply moves the clock: the history cannot tell a
///   customer back after a year from a wrong clock. Times after the year 9999 (usually
///   milliseconds passed as seconds) are rejected by [`Timestamp`]; after a bad clock,
///   [`reset`](CustomerHistory::reset) starts over;
/// - asking for the difficulty at a time before the clock answers as of the clock.
///
/// [`HistoryStore`]: crate::HistoryStore
///
/// # Example
///
/// ```
/// use sentiment_triage::{CustomerHistory, DifficultyLevel, Lexicon, Timestamp, Triage};
///
/// let lexicon = Lexicon::parse("test", "[anger]\nfurious 0.9\nridiculous 0.9\n")?;
/// let triage = Triage::builder().builtins(false).lexicon(lexicon).build()?;
/// let mut history = CustomerHistory::new();
/// let day = 86_400.0;
/// for (i, text) in ["I am furious, ridiculous!", "Still furious, ridiculous!!", "FURIOUS. RIDICULOUS."]
///     .iter()
///     .enumerate()
/// {
///     let at = Timestamp::from_unix_seconds(1_700_000_000.0 + i as f64 * 0.5 * day)?;
///     history.record(&triage.analyze(text), at);
/// }
/// let now = Timestamp::from_unix_seconds(1_700_000_000.0 + 1.5 * day)?;
/// let d = history.difficulty(now);
/// assert!(d.level >= DifficultyLevel::Watch);
/// for reason in &d.reasons {
///     println!("{reason}"); // "3 angry messages in 1 day", ...
/// }
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
pub struct CustomerHistory {
    pub(crate) version: u32,
    pub(crate) updated_at: Option<Timestamp>,
    pub(crate) messages: u64,
    pub(crate) weight: f64,
    pub(crate) hostility: f64,
    pub(crate) urgency: f64,
    pub(crate) hostility_fast: f64,
    pub(crate) hostility_slow: f64,
    pub(crate) weight_fast: f64,
    pub(crate) weight_slow: f64,
    pub(crate) hostile: f64,
    pub(crate) abusive: f64,
    pub(crate) escalation: f64,
    pub(crate) threats: BTreeMap<EscalationKind, Timestamp>,
    pub(crate) recent: Vec<Contact>,
}

/// `2^(-age / half_life)`.
pub(crate) fn decay(age: f64, half_life: f64) -> f64 {
    (-age / half_life).exp2()
}

impl CustomerHistory {
    /// An empty history.
    pub fn new() -> CustomerHistory {
        CustomerHistory {
            version: HISTORY_VERSION,
            ..CustomerHistory::default()
        }
    }

    /// Forgets everything: the customer starts over as a new one.
    pub fn reset(&mut self) {
        *self = CustomerHistory::new();
    }

    /// The time of the latest record (the history's clock); `None` when empty.
    pub fn updated_at(&self) -> Option<Timestamp> {
        self.updated_at
    }

    /// How many messages were recorded since the last reset.
    pub fn messages(&self) -> u64 {
        self.messages
    }

    /// The recent contacts kept, oldest first (at most [`RECENT_CONTACTS`]).
    pub fn recent(&self) -> &[Contact] {
        &self.recent
    }

    /// The latest time of each kind of escalation threat. A threat told as news ("the shop
    /// got a chargeback", a hit marked [`Modifier::Impersonal`]) is not the customer's.
    pub fn threats(&self) -> &BTreeMap<EscalationKind, Timestamp> {
        &self.threats
    }

    /// Folds one message in with the default [`HistoryConfig`].
    pub fn record(&mut self, assessment: &Assessment, at: Timestamp) {
        self.record_with(assessment, at, &HistoryConfig::default());
    }

    /// Folds one message in: O(1) time, bounded size, no text kept. See the type's docs
    /// for out-of-order, equal and far-ahead times.
    pub fn record_with(&mut self, assessment: &Assessment, at: Timestamp, config: &HistoryConfig) {
        let age = match self.updated_at {
            Some(clock) if at < clock => clock.seconds_since(at),
            Some(clock) => {
                self.decay_by(at.seconds_since(clock), config);
                self.updated_at = Some(at);
                0.0
            }
            None => {
                self.updated_at = Some(at);
                0.0
            }
        };
        let unit = |x: f32| {
            if x.is_finite() {
                f64::from(x).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        // A calm message adds no hostility (its score is a small baseline, not evidence);
        // likewise a low-urgency one adds no urgency.
        let h = if assessment.hostility.band >= HostilityBand::Frustrated {
            unit(assessment.hostility.score)
        } else {
            0.0
        };
        let u = if assessment.urgency.band >= UrgencyBand::Normal {
            unit(assessment.urgency.score)
        } else {
            0.0
        };
        let band = assessment.hostility.band;
        let main = decay(age, config.half_life);
        self.weight += main;
        self.hostility += h * main;
        self.urgency += u * main;
        let (fast, slow) = (decay(age, config.trend_fast), decay(age, config.trend_slow));
        self.hostility_fast += h * fast;
        self.hostility_slow += h * slow;
        self.weight_fast += fast;
        self.weight_slow += slow;
        if band >= HostilityBand::Angry {
            self.hostile += main;
        }
        if band == HostilityBand::Abusive {
            self.abusive += main;
        }
        let mut escalated = false;
        for hit in assessment
            .hits
            .iter()
            .filter(|h| h.category == Category::Escalation)
            // "the shop got a chargeback": a threat told as news is not this customer's.
            .filter(|h| !h.modifiers.contains(Modifier::Impersonal))
        {
            escalated = true;
            let kind = EscalationKind::of_hit(hit, &assessment.hits);
            let latest = self.threats.entry(kind).or_insert(at);
            *latest = (*latest).max(at);
        }
        if escalated {
            self.escalation += decay(age, config.escalation_half_life);
        }
        self.messages = self.messages.saturating_add(1);
        self.remember(Contact {
            at,
            hostility: band,
            urgency: assessment.urgency.band,
            escalation: escalated,
        });
    }

    /// Keeps the [`RECENT_CONTACTS`] greatest contacts, sorted: the same set whatever the
    /// order of arrival.
    fn remember(&mut self, contact: Contact) {
        let full = self.recent.len() >= RECENT_CONTACTS;
        if full && self.recent.first().is_some_and(|oldest| contact <= *oldest) {
            return;
        }
        let at = self.recent.partition_point(|c| *c <= contact);
        self.recent.insert(at, contact);
        if full {
            self.recent.remove(0);
        }
    }

    fn decay_by(&mut self, dt: f64, config: &HistoryConfig) {
        let main = decay(dt, config.half_life);
        for x in [&mut self.weight, &mut self.hostility, &mut self.urgency] {
            *x *= main;
        }
        self.hostile *= main;
        self.abusive *= main;
        let (fast, slow) = (decay(dt, config.trend_fast), decay(dt, config.trend_slow));
        self.hostility_fast *= fast;
        self.hostility_slow *= slow;
        self.weight_fast *= fast;
        self.weight_slow *= slow;
        self.escalation *= decay(dt, config.escalation_half_life);
    }

    /// The trend at `now` with the default configuration.
    pub fn trend(&self, now: Timestamp) -> Trend {
        difficulty::evidence(self, now, &HistoryConfig::default()).trend
    }

    /// How much extra care the customer needs at `now`, with the default configuration.
    pub fn difficulty(&self, now: Timestamp) -> Difficulty {
        self.difficulty_with(now, &HistoryConfig::default())
    }

    /// How much extra care the customer needs at `now`: level, score, reasons and the care
    /// plan. `now` before the clock counts as the clock. Never fails.
    pub fn difficulty_with(&self, now: Timestamp, config: &HistoryConfig) -> Difficulty {
        difficulty::difficulty(&difficulty::evidence(self, now, config), config)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CustomerHistory {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CustomerHistory::serialize(self, s)
    }
}

/// Reads the stored form and checks it: a newer version, a negative or non-finite number,
/// or contacts out of order are errors.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for CustomerHistory {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CustomerHistory, D::Error> {
        let h = CustomerHistory::deserialize(d)?;
        validate(h).map_err(serde::de::Error::custom)
    }
}

/// Checks a history read from storage.
#[cfg(feature = "serde")]
fn validate(h: CustomerHistory) -> Result<CustomerHistory, crate::Error> {
    if h.version > HISTORY_VERSION {
        return Err(crate::Error::invalid(format!(
            "history version {} is newer than this library reads ({HISTORY_VERSION})",
            h.version
        )));
    }
    let numbers = [
        h.weight,
        h.hostility,
        h.urgency,
        h.hostility_fast,
        h.hostility_slow,
        h.weight_fast,
        h.weight_slow,
        h.hostile,
        h.abusive,
        h.escalation,
    ];
    if numbers.iter().any(|x| !x.is_finite() || *x < 0.0) {
        return Err(crate::Error::invalid(
            "history holds a negative or non-finite number",
        ));
    }
    if h.recent.len() > RECENT_CONTACTS || h.recent.windows(2).any(|w| w[0] > w[1]) {
        return Err(crate::Error::invalid(
            "history's recent contacts are too many or out of order",
        ));
    }
    if h.recent.last().map(|c| c.at) > h.updated_at {
        return Err(crate::Error::invalid(
            "history has a contact after its latest update",
        ));
    }
    Ok(CustomerHistory {
        version: HISTORY_VERSION,
        ..h
    })
}
