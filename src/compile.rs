//! From collected lexicon entries to an engine: the texts the matcher looks for, entries
//! that share a text grouped into one slot, and the matcher compiled over them.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::matcher::{Kind, Matcher, PatternSlot, PatternSpec};
use crate::normalize::Normalized;
use crate::rule_automaton::RuleAutomaton;
use crate::rule_set::RuleSource;
use crate::rules::EngineEntry;
use crate::select;
use crate::triage::{Inner, Item};
use crate::{Category, Error, Pattern, Term, Triage};

/// Below this many bytes of `re:` sources, compiling the rule set on this thread costs
/// less than starting a second one (about 50 µs); the built-in rules are about 12 KB and
/// take about 4 ms.
const PARALLEL_RULE_BYTES: usize = 2048;

/// Compiles the engine from the collected entries, after `prepare` (the builder's
/// reweights and removals) has run on them. The rule set, the costliest part, needs only
/// the `re:` sources that `removed` leaves, so it compiles on a second thread meanwhile
/// where one can be started.
pub(crate) fn compile<'a>(
    mut all: Vec<Item<'a>>,
    removed: &[Pattern],
    prepare: impl FnOnce(&mut Vec<Item<'a>>) -> Result<(), Error>,
    max_bytes: usize,
) -> Result<Triage, Error> {
    let rules = rule_sources(&all, removed);
    let rule_bytes: usize = rules.iter().map(|r| r.text.len()).sum();
    let (grouped, automaton) = crate::par::join(
        rule_bytes >= PARALLEL_RULE_BYTES,
        move || {
            prepare(&mut all)?;
            group(&all)
        },
        || RuleAutomaton::compile(&rules),
    );
    // The overrides' and the grouping's errors first, as when the rule set came after.
    let (specs, slots, slot_entries, entries) = grouped?;
    // The automaton numbers the rules as `rule_sources` ordered them; the matcher gives
    // them the slots of the grouping's `Regex` specs in turn: both orders must agree.
    debug_assert!(specs
        .iter()
        .filter(|s| s.kind == Kind::Regex)
        .map(|s| &*s.text)
        .eq(rules.iter().map(|r| r.text)));
    let matcher = Matcher::new(&specs, slots, slot_entries, automaton?)?;
    let has_anchors = entries.iter().any(|e| e.category == Category::Anchor);
    Ok(Triage {
        inner: Arc::new(Inner {
            entries,
            matcher,
            max_bytes,
            has_anchors,
        }),
    })
}

/// The distinct `re:` sources in the order their slots will have (by text), each with
/// where it was first written, leaving out the `removed` ones.
fn rule_sources<'a>(all: &[Item<'a>], removed: &[Pattern]) -> Vec<RuleSource<'a>> {
    let mut rules: Vec<RuleSource<'a>> = all
        .iter()
        .filter_map(|item| match &item.entry.pattern {
            Pattern::Regex(r) if !removed.contains(&item.entry.pattern) => Some(RuleSource {
                text: r,
                origin: (item.source, item.line),
            }),
            _ => None,
        })
        .collect();
    // Stable: the first entry with a text stays first and names its origin.
    rules.sort_by(|a, b| a.text.cmp(b.text));
    rules.dedup_by(|later, first| later.text == first.text);
    rules
}

/// The distinct patterns, their slots, the entries of every slot and the engine's entries.
type Grouped<'a> = (
    Vec<PatternSpec<'a>>,
    Vec<PatternSlot>,
    Vec<u32>,
    Vec<EngineEntry>,
);

/// Groups entries by what they match: equal (text, kind) keys share one slot.
fn group<'a>(all: &[Item<'a>]) -> Result<Grouped<'a>, Error> {
    let mut entries = Vec::with_capacity(all.len());
    // (matcher text, kind, entry), sorted below: equal keys share one slot, in the order
    // of (text, kind).
    let mut keys: Vec<(Cow<'_, str>, Kind, u32)> = Vec::with_capacity(all.len() + all.len() / 8);
    let mut written = String::new();
    for item in all {
        let id = entries.len() as u32;
        // A plain term is written as it is; only the other kinds need formatting.
        let term = match &item.entry.pattern {
            Pattern::Term {
                words,
                prefix: false,
            } => Term::new(words),
            other => {
                written.clear();
                write!(written, "{other}").map_err(|e| Error::invalid(e.to_string()))?;
                Term::new(&written)
            }
        };
        entries.push(EngineEntry {
            category: item.entry.category,
            weight: item.weight,
            term,
        });
        match_keys(&item.entry.pattern, item.source, item.line, |text, kind| {
            keys.push((text, kind, id))
        })?;
    }
    // By (text, kind, entry): entries keep their order inside a key. Each text's first
    // eight bytes, compared as one number, decide most comparisons without a `memcmp`
    // (the order is the same: a shorter text pads with zeros, and ties compare in full).
    let mut keys: Vec<(u64, Cow<'_, str>, Kind, u32)> = keys
        .into_iter()
        .map(|(text, kind, id)| (prefix_key(&text), text, kind, id))
        .collect();
    keys.sort_unstable_by(|a, b| (a.0, &a.1, a.2, a.3).cmp(&(b.0, &b.1, b.2, b.3)));
    let mut specs: Vec<PatternSpec<'_>> = Vec::new();
    let mut slots: Vec<PatternSlot> = Vec::new();
    let mut slot_entries: Vec<u32> = Vec::with_capacity(keys.len());
    for (_, text, kind, id) in keys {
        let same = specs
            .last()
            .is_some_and(|s: &PatternSpec<'_>| s.kind == kind && s.text == text);
        if !same {
            specs.push(PatternSpec { text, kind });
            let at = slot_entries.len() as u32;
            slots.push(PatternSlot {
                kind,
                entries: (at, at),
                groups: 0,
            });
        }
        if let Some(slot) = slots.last_mut() {
            slot_entries.push(id);
            slot.entries.1 += 1;
            slot.groups |= select::group_bit(entries[id as usize].category);
        }
    }
    Ok((specs, slots, slot_entries, entries))
}

/// The first eight bytes of `text`, big-endian, padded with zeros: comparing two of these
/// orders texts as comparing the texts does, up to ties.
fn prefix_key(text: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = text.len().min(8);
    b[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// Calls `key(text, kind)` for each text the matcher looks for on behalf of one pattern:
/// terms also without their apostrophes; symbols in normalized form.
fn match_keys<'a>(
    p: &'a Pattern,
    source: &str,
    line: usize,
    mut key: impl FnMut(Cow<'a, str>, Kind),
) -> Result<(), Error> {
    match p {
        Pattern::Term { words, prefix } => {
            let kind = if *prefix { Kind::Prefix } else { Kind::Term };
            key(Cow::Borrowed(words), kind);
            if words.contains('\'') {
                key(Cow::Owned(words.replace('\'', "")), kind);
            }
        }
        Pattern::Symbol(s) => {
            let mut n = Normalized::default();
            n.append(s, 0..s.len());
            n.finish();
            let folded = String::from_utf8(n.bytes).unwrap_or_default();
            if folded.is_empty() {
                return Err(Error::lexicon(
                    source,
                    line,
                    "symbol term is empty after normalization",
                ));
            }
            key(Cow::Owned(folded), Kind::Symbol);
        }
        Pattern::Regex(r) => key(Cow::Borrowed(r), Kind::Regex),
    }
    Ok(())
}
