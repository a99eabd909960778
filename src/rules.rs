//! The rules that turn raw matches into weighted hits: negation, intensity, emphasis,
//! targeting and contrast. Every tuning number is a named constant with its reason.

use crate::matcher::{Candidate, Matcher, Words};
use crate::normalize::{Normalized, ELONGATED, EVASIVE, UPPER};
use crate::select::{self, group_of, select, Item};
use crate::{Assessment, Axis, Category, Hit, Modifier, Modifiers, Span, Term};

/// A negator reaches over at most this many words to its hit ("not at all happy");
/// further away it usually negates something else ("isn't fixed I will cancel").
const NEGATION_SCOPE: u32 = 2;
/// Negated praise ("not happy", "not helpful") counts as anger at this share of the
/// praise weight: a complaint, but milder than saying "unhappy".
const NEGATED_PRAISE_SHARE: f32 = 0.8;
/// ... and at least this much: "not happy" is a plain complaint however faint the praise
/// word is on its own (a "clear" signal, 0.4 on the lexicon scale, less a little).
const NEGATED_PRAISE_MIN: f32 = 0.3;
/// At most this many intensifiers/dampeners chain before a hit ("really very").
const MAX_MODIFIER_CHAIN: usize = 3;
/// Multipliers never push one hit past this factor, so stacked emphasis stays bounded.
const MAX_MULTIPLIER: f32 = 3.0;
/// A target word this many words before a hit aims it ("you people are useless").
const TARGET_BEFORE: u32 = 4;
/// ... or this many words after it ("screw you", "idiots, all of you").
const TARGET_AFTER: u32 = 3;
/// A concession ("despite", "although") reaches this many words ahead in its clause.
const CONCESSION_REACH: u32 = 8;
/// A contrast word after a complaint takes back this share of it ("a bit late, but the
/// staff were lovely"); it takes back politeness entirely. Abuse is never taken back.
const CONTRAST_ON_COMPLAINTS: f32 = 0.5;
/// A contrast word this many words after politeness cancels it ("thanks, but ...").
const CONTRAST_REACH: u32 = 6;
/// An all-capitals word (inside mixed-case text) counts this much more.
const CAPS_BOOST: f32 = 1.3;
/// Capitals count as shouting only when under this share of the letters are capitals:
/// an all-caps message is a keyboard habit, a capital word inside normal text is emphasis.
const CAPS_MAX_SHARE: f32 = 0.6;
/// Followed by "!!" or "?!" in the same sentence: counts this much more.
const EXCLAMATION_BOOST: f32 = 1.25;
/// How far after a hit (in bytes) to look for its sentence's "!!".
const EXCLAMATION_REACH: usize = 80;
/// A drawn-out word ("sooo bad", "fuuuck") counts this much more.
const ELONGATION_BOOST: f32 = 1.2;
/// A swear word right before praise ("fucking great", "damn good") is used as emphasis,
/// not aimed at anyone: it keeps this share of its weight (still a swear word, marked
/// dampened).
const WARM_PROFANITY_SHARE: f32 = 0.3;

/// A modifier match: where it stands, in word indexes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ModAt {
    ts: u32,
    te: u32,
    clause: u32,
    category: Category,
    weight: f32,
}

/// A scoring match waiting for its modifiers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    cand: Candidate,
    entry: u32,
    ts: u32,
    te: u32,
    clause: u32,
}

/// One lexicon entry as the engine keeps it.
#[derive(Clone, Debug)]
pub(crate) struct EngineEntry {
    pub category: Category,
    pub weight: f32,
    pub term: Term,
}

/// Scratch space for the rules, reused across messages.
#[derive(Debug, Default)]
pub(crate) struct RuleScratch {
    items: Vec<Item>,
    mods: Vec<ModAt>,
    pending: Vec<Pending>,
    /// Where the anchor words of the message start, in the original text, in order; filled
    /// by `anchors` only for a message that needs them.
    pub anchors: Vec<usize>,
}

/// Applies the rules to `cands` and pushes the hits that move a score onto `out.hits`.
pub(crate) fn apply(
    entries: &[EngineEntry],
    matcher: &Matcher,
    norm: &Normalized,
    words: &Words,
    cands: &[Candidate],
    scratch: &mut RuleScratch,
    out: &mut Assessment,
) {
    make_items(entries, matcher, cands, scratch);
    if !select::plain(&scratch.items) {
        select(&mut scratch.items);
    }
    place(entries, words, scratch);
    let shouting_allowed = {
        let letters = (norm.upper_letters + norm.lower_letters) as f32;
        letters > 0.0 && (norm.upper_letters as f32) < CAPS_MAX_SHARE * letters
    };
    for (i, p) in scratch.pending.iter().enumerate() {
        let entry = &entries[p.entry as usize];
        let warm = entry.category == Category::Profanity
            && praise_follows(entries, &scratch.pending[i + 1..], p);
        let mods = &scratch.mods;
        let breaks = &words.breaks;
        if let Some(hit) = weigh(entry, p, mods, norm, breaks, shouting_allowed, warm) {
            out.hits.push(hit);
        }
    }
}

/// Makes an item of each (candidate, entry) pair of `cands` but the anchors (`anchors`
/// finds them again for the few messages that need them). (A function of its own, as are
/// `select` and `place`: each pass keeps its loop in registers.)
#[inline(never)]
fn make_items(
    entries: &[EngineEntry],
    matcher: &Matcher,
    cands: &[Candidate],
    scratch: &mut RuleScratch,
) {
    scratch.items.clear();
    for c in cands {
        for &e in matcher.entries_of(c.slot) {
            let category = entries[e as usize].category;
            if category == Category::Anchor {
                continue;
            }
            let group = group_of(category);
            scratch.items.push(Item {
                cand: *c,
                entry: e,
                group,
                dropped: false,
            });
        }
    }
}

/// Fills `out` with where the anchor words among `cands` start in the original text, in
/// order (candidates come sorted). Only a message with a lone safety or escalation hit
/// needs them (`impersonal::discount`), so they are found only then, not for every message.
/// (Not inlined: it would weigh on the common path of its caller.)
#[inline(never)]
pub(crate) fn anchors(
    entries: &[EngineEntry],
    matcher: &Matcher,
    norm: &Normalized,
    cands: &[Candidate],
    out: &mut Vec<usize>,
) {
    out.clear();
    for c in cands {
        for &e in matcher.entries_of(c.slot) {
            if entries[e as usize].category == Category::Anchor {
                out.push(norm.original(c.start, c.end).0);
            }
        }
    }
}

/// Places the selected items in words and clauses, the modifiers in `scratch.mods` and
/// the scoring matches in `scratch.pending`.
fn place(entries: &[EngineEntry], words: &Words, scratch: &mut RuleScratch) {
    scratch.mods.clear();
    scratch.pending.clear();
    let mut at = Locator::default();
    for it in &scratch.items {
        let (c, e) = (&it.cand, it.entry);
        let (ts, te, clause) = at.locate(words, c.start, c.end);
        let entry = &entries[e as usize];
        if entry.category.axis() == Axis::Modifier {
            scratch.mods.push(ModAt {
                ts,
                te,
                clause,
                category: entry.category,
                weight: entry.weight,
            });
        } else {
            scratch.pending.push(Pending {
                cand: *c,
                entry: e,
                ts,
                te,
                clause,
            });
        }
    }
}

/// Where matches stand in words and clauses, for matches given in order of start: the
/// cursors only move forward.
#[derive(Default)]
struct Locator {
    /// The first token that ends after the last match's start.
    ts: usize,
    /// The clause breaks before the last match's start (a lower bound: kept only where a
    /// match does not start a token).
    clause: usize,
}

impl Locator {
    /// For a match `start..end` (not before the last one, non-empty): its first token (the
    /// first ending after `start`), the token after its last one (the first starting at or
    /// after `end`) and its clause (the clause breaks before `start`).
    fn locate(&mut self, words: &Words, start: usize, end: usize) -> (u32, u32, u32) {
        let tokens = &words.tokens;
        self.ts = advance(tokens, self.ts, |t| (t.end as usize) <= start);
        // Every token before `ts` starts before the (non-empty) match ends; a match spans
        // a few words, so stepping on from `ts` beats a binary search.
        let te = advance(tokens, self.ts, |t| (t.start as usize) < end);
        // A match that starts a token (nearly all) stands in the token's clause: the token
        // counts the breaks before its start, as the cursor would.
        let clause = match tokens.get(self.ts) {
            Some(t) if t.start as usize == start => t.clause as usize,
            _ => {
                self.clause = advance(&words.breaks, self.clause, |&b| (b as usize) < start);
                self.clause
            }
        };
        (self.ts as u32, te as u32, clause as u32)
    }
}

/// The first index from `from` on whose element fails `before`, where `before` holds for a
/// prefix of `list[from..]` and for nothing after it. A plain loop: the cursors move a few
/// elements per match. (Counting a window of 4 elements per step without a branch saved
/// 3.6 of ~10 simulated mispredicts per airline tweet but cost 313 instructions.)
fn advance<T>(list: &[T], mut from: usize, before: impl Fn(&T) -> bool) -> usize {
    while from < list.len() && before(&list[from]) {
        from += 1;
    }
    from
}

/// Whether praise starts at the word right after `p`, in its clause ("fucking great").
/// `later` holds the matches after `p`, sorted by start.
fn praise_follows(entries: &[EngineEntry], later: &[Pending], p: &Pending) -> bool {
    later.iter().take_while(|q| q.ts <= p.te).any(|q| {
        q.ts == p.te
            && q.clause == p.clause
            && entries[q.entry as usize].category == Category::Praise
    })
}

/// Weighs one scoring match; `None` when the rules cancel it.
fn weigh(
    entry: &EngineEntry,
    p: &Pending,
    mods: &[ModAt],
    norm: &Normalized,
    breaks: &[u32],
    shouting_allowed: bool,
    warm: bool,
) -> Option<Hit> {
    let mut category = entry.category;
    let mut weight = entry.weight;
    let mut mult = 1.0f32;
    let mut modifiers = Modifiers::empty();
    if warm {
        weight *= WARM_PROFANITY_SHARE;
        modifiers.insert(Modifier::Dampened);
    }
    let before = mods.partition_point(|m| m.te <= p.ts);

    let negation = negation_strength(&mods[..mods.partition_point(|m| m.ts <= p.ts)], p);
    let axis = category.axis();
    if axis != Axis::Relief {
        let chain = chain_multiplier(&mods[..before], p.ts);
        if chain > 1.0 {
            modifiers.insert(Modifier::Intensified);
        } else if chain < 1.0 {
            modifiers.insert(Modifier::Dampened);
        }
        mult *= chain;
        mult *= emphasis(norm, breaks, &p.cand, shouting_allowed, &mut modifiers);
    }
    if axis == Axis::Hostility && !category.is_abusive() {
        // "late, but the staff were lovely": the clause after "but" carries the verdict.
        let cancel = contrast_after(&mods[before..], p) * CONTRAST_ON_COMPLAINTS;
        if cancel > 0.0 {
            mult *= 1.0 - cancel;
            modifiers.insert(Modifier::Contrasted);
        }
    }
    if axis == Axis::Hostility {
        if let Some(t) = target_multiplier(mods, before, p) {
            mult *= t;
            modifiers.insert(Modifier::Directed);
        }
    }
    if axis == Axis::Relief {
        let cancel = contrast_after(&mods[before..], p).max(conceded(&mods[..before], p));
        if cancel > 0.0 {
            weight *= 1.0 - cancel;
            modifiers.insert(Modifier::Contrasted);
        }
    }
    // A swear word or a threat is one under a negator too ("don't fucking ...", "don't
    // make me come down there"): negation leaves them alone, unmarked.
    if negation > 0.0 && !matches!(category, Category::Profanity | Category::Threat) {
        modifiers.insert(Modifier::Negated);
        match category {
            Category::Praise => {
                category = Category::Anger;
                weight = (weight * NEGATED_PRAISE_SHARE).max(NEGATED_PRAISE_MIN) * negation;
            }
            // "not delivered" is still about delivery: the topic stands, marked negated.
            _ if matches!(axis, Axis::Topic | Axis::Tag) => {}
            _ => weight *= 1.0 - negation,
        }
    }
    if norm.any_flags & EVASIVE != 0 && Matcher::evasive(norm, p.cand.start, p.cand.end) {
        modifiers.insert(Modifier::Obfuscated);
    }
    let mut value = weight * mult.min(MAX_MULTIPLIER);
    if category.axis() == Axis::Relief {
        value = -value;
    }
    if value == 0.0 || !value.is_finite() {
        return None;
    }
    let (s, e) = norm.original(p.cand.start, p.cand.end);
    Some(Hit {
        span: Span::new(s, e),
        term: entry.term.clone(),
        category,
        weight: value,
        modifiers,
    })
}

/// The strongest negator within `NEGATION_SCOPE` words before the hit, in its clause.
/// `upto` holds the modifiers starting at or before the hit.
fn negation_strength(upto: &[ModAt], p: &Pending) -> f32 {
    let mut strength = 0.0f32;
    for m in upto.iter().rev() {
        if m.category == Category::Clause && m.clause == p.clause {
            break;
        }
        if m.te > p.ts {
            continue;
        }
        if m.te + NEGATION_SCOPE < p.ts {
            break;
        }
        if m.clause != p.clause {
            continue;
        }
        match m.category {
            Category::Negator => strength = strength.max(m.weight),
            Category::Contrast | Category::Clause => break,
            _ => {}
        }
    }
    strength.min(1.0)
}

/// The product of the intensifiers and dampeners standing right before the hit.
fn chain_multiplier(before: &[ModAt], ts: u32) -> f32 {
    let mut pos = ts;
    let mut mult = 1.0;
    let mut used = 0;
    for m in before.iter().rev() {
        if m.te != pos || used == MAX_MODIFIER_CHAIN {
            break;
        }
        match m.category {
            Category::Intensifier | Category::Dampener => {
                mult *= m.weight;
                used += 1;
            }
            Category::Negator => {}
            _ => break,
        }
        pos = m.ts;
    }
    mult
}

/// The largest target multiplier aimed at this hit, if any.
fn target_multiplier(mods: &[ModAt], before: usize, p: &Pending) -> Option<f32> {
    let mut best: Option<f32> = None;
    let mut consider = |m: &ModAt| {
        if m.category == Category::Target && m.clause == p.clause {
            best = Some(best.map_or(m.weight, |b| b.max(m.weight)));
        }
    };
    for m in mods[..before].iter().rev() {
        if m.te + TARGET_BEFORE < p.ts {
            break;
        }
        consider(m);
    }
    for m in &mods[before..] {
        if m.ts > p.te + TARGET_AFTER {
            break;
        }
        if m.ts >= p.te {
            consider(m);
        }
    }
    best
}

/// The share of this praise or politeness cancelled by a concession before it in its
/// clause ("despite terrific effects, ...").
fn conceded(before: &[ModAt], p: &Pending) -> f32 {
    before
        .iter()
        .rev()
        .take_while(|m| m.clause == p.clause && m.te + CONCESSION_REACH >= p.ts)
        .filter(|m| m.category == Category::Concession)
        .map(|m| m.weight)
        .fold(0.0, f32::max)
}

/// The share of this politeness cancelled by a contrast word soon after it.
fn contrast_after(after: &[ModAt], p: &Pending) -> f32 {
    after
        .iter()
        .take_while(|m| m.ts <= p.te + CONTRAST_REACH)
        .filter(|m| m.category == Category::Contrast && m.ts >= p.te)
        .map(|m| m.weight)
        .fold(0.0, f32::max)
}

/// Emphasis multipliers: capitals, "!!", drawn-out letters.
fn emphasis(
    norm: &Normalized,
    breaks: &[u32],
    c: &Candidate,
    shouting_allowed: bool,
    mods: &mut Modifiers,
) -> f32 {
    let mut mult = 1.0;
    let bytes = &norm.bytes[c.start..c.end];
    let flags = &norm.flags[c.start..c.end];
    // Capitals: at least two letters, every one a capital; the first small letter settles
    // it, so mixed-case text reads one letter per hit.
    let caps = shouting_allowed && {
        let mut letters = 0u32;
        let mut all_upper = true;
        for (&b, &f) in bytes.iter().zip(flags) {
            if b.is_ascii_alphabetic() {
                if f & UPPER == 0 {
                    all_upper = false;
                    break;
                }
                letters += 1;
            }
        }
        all_upper && letters >= 2
    };
    if caps {
        mult *= CAPS_BOOST;
        mods.insert(Modifier::Caps);
    }
    if norm.any_flags & ELONGATED != 0 && flags.iter().any(|f| f & ELONGATED != 0) {
        mult *= ELONGATION_BOOST;
        mods.insert(Modifier::Elongated);
    }
    let reach = (c.end + EXCLAMATION_REACH).min(norm.bytes.len());
    if let Some(i) = crate::scan::next_mark(&norm.bytes, breaks, c.end, reach) {
        let (marks, bangs) = norm.bytes[i..reach]
            .iter()
            .take_while(|b| matches!(b, b'!' | b'?'))
            .fold((0, 0), |(n, k), &b| (n + 1, k + usize::from(b == b'!')));
        if bangs >= 2 || (bangs >= 1 && marks >= 2) {
            mult *= EXCLAMATION_BOOST;
            mods.insert(Modifier::Exclamation);
        }
    }
    mult
}

#[cfg(test)]
mod tests;
