//! The rules that turn raw matches into weighted hits: negation, intensity, emphasis,
//! targeting and contrast. Every tuning number is a named constant with its reason.

use crate::matcher::{Candidate, Matcher, Token};
use crate::normalize::{Normalized, ELONGATED, UPPER};
use crate::{Assessment, Axis, Category, Hit, Modifier, Modifiers, Span, Term};

/// A negator reaches this many words ahead ("not at all happy"); further away it usually
/// negates something else.
const NEGATION_SCOPE: u32 = 3;
/// Negated praise ("not happy", "not helpful") counts as anger at this share of the
/// praise weight: a complaint, but milder than saying "unhappy".
const NEGATED_PRAISE_SHARE: f32 = 0.8;
/// At most this many intensifiers/dampeners chain before a hit ("really very").
const MAX_MODIFIER_CHAIN: usize = 3;
/// Multipliers never push one hit past this factor, so stacked emphasis stays bounded.
const MAX_MULTIPLIER: f32 = 3.0;
/// A target word this many words before a hit aims it ("you people are useless").
const TARGET_BEFORE: u32 = 4;
/// ... or this many words after it ("screw you", "idiots, all of you").
const TARGET_AFTER: u32 = 3;
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
    mods: Vec<ModAt>,
    pending: Vec<Pending>,
}

/// Applies the rules to `cands` and pushes the hits that move a score onto `out.hits`.
pub(crate) fn apply(
    entries: &[EngineEntry],
    matcher: &Matcher,
    norm: &Normalized,
    tokens: &[Token],
    cands: &[Candidate],
    scratch: &mut RuleScratch,
    out: &mut Assessment,
) {
    scratch.mods.clear();
    scratch.pending.clear();
    let last_clause = tokens.last().map_or(0, |t| t.clause);
    for c in cands {
        let ts = tokens.partition_point(|t| (t.end as usize) <= c.start) as u32;
        let te = tokens.partition_point(|t| (t.start as usize) < c.end) as u32;
        let clause = tokens.get(ts as usize).map_or(last_clause, |t| t.clause);
        for &e in &matcher.slots[c.slot as usize].entries {
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
    let shouting_allowed = {
        let letters = (norm.upper_letters + norm.lower_letters) as f32;
        letters > 0.0 && (norm.upper_letters as f32) < CAPS_MAX_SHARE * letters
    };
    for p in &scratch.pending {
        let entry = &entries[p.entry as usize];
        if let Some(hit) = weigh(entry, p, &scratch.mods, norm, shouting_allowed) {
            out.hits.push(hit);
        }
    }
}

/// Weighs one scoring match; `None` when the rules cancel it.
fn weigh(
    entry: &EngineEntry,
    p: &Pending,
    mods: &[ModAt],
    norm: &Normalized,
    shouting_allowed: bool,
) -> Option<Hit> {
    let mut category = entry.category;
    let mut weight = entry.weight;
    let mut mult = 1.0f32;
    let mut modifiers = Modifiers::empty();
    let before = mods.partition_point(|m| m.te <= p.ts);

    let negation = negation_strength(&mods[..before], p);
    let axis = category.axis();
    if axis != Axis::Relief {
        let chain = chain_multiplier(&mods[..before], p.ts);
        if chain > 1.0 {
            modifiers.insert(Modifier::Intensified);
        } else if chain < 1.0 {
            modifiers.insert(Modifier::Dampened);
        }
        mult *= chain;
        mult *= emphasis(norm, &p.cand, shouting_allowed, &mut modifiers);
    }
    if axis == Axis::Hostility {
        if let Some(t) = target_multiplier(mods, before, p) {
            mult *= t;
            modifiers.insert(Modifier::Directed);
        }
    }
    if axis == Axis::Relief {
        let cancel = contrast_after(&mods[before..], p);
        if cancel > 0.0 {
            weight *= 1.0 - cancel;
            modifiers.insert(Modifier::Contrasted);
        }
    }
    if negation > 0.0 {
        modifiers.insert(Modifier::Negated);
        match category {
            Category::Praise => {
                category = Category::Anger;
                weight *= NEGATED_PRAISE_SHARE * negation;
            }
            // "not delivered" is still about delivery: the topic stands, marked negated.
            _ if axis == Axis::Topic => {}
            _ => weight *= 1.0 - negation,
        }
    }
    if Matcher::evasive(norm, p.cand.start, p.cand.end) {
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
fn negation_strength(before: &[ModAt], p: &Pending) -> f32 {
    let mut strength = 0.0f32;
    for m in before.iter().rev() {
        if m.te + NEGATION_SCOPE < p.ts {
            break;
        }
        if m.clause != p.clause {
            continue;
        }
        match m.category {
            Category::Negator => strength = strength.max(m.weight),
            Category::Contrast => break,
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
fn emphasis(norm: &Normalized, c: &Candidate, shouting_allowed: bool, mods: &mut Modifiers) -> f32 {
    let mut mult = 1.0;
    let bytes = &norm.bytes[c.start..c.end];
    let flags = &norm.flags[c.start..c.end];
    let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let upper = bytes
        .iter()
        .zip(flags)
        .filter(|(b, f)| b.is_ascii_alphabetic() && *f & UPPER != 0)
        .count();
    if shouting_allowed && letters >= 2 && upper == letters {
        mult *= CAPS_BOOST;
        mods.insert(Modifier::Caps);
    }
    if flags.iter().any(|f| f & ELONGATED != 0) {
        mult *= ELONGATION_BOOST;
        mods.insert(Modifier::Elongated);
    }
    let tail = &norm.bytes[c.end..(c.end + EXCLAMATION_REACH).min(norm.bytes.len())];
    if let Some(i) = tail
        .iter()
        .position(|b| matches!(b, b'!' | b'?' | b'.' | b'\n'))
    {
        let (marks, bangs) = tail[i..]
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
