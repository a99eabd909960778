//! From collected lexicon entries to an engine: the texts the matcher looks for, entries
//! that share a text grouped into one slot, and the matcher compiled over them.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::matcher::{Kind, Matcher, PatternSlot, PatternSpec};
use crate::normalize::Normalized;
use crate::rules::{self, EngineEntry};
use crate::triage::{Inner, Item};
use crate::{Error, Pattern, Term, Triage};

/// Groups entries by what they match and compiles the matcher.
pub(crate) fn compile(all: &[Item<'_>], max_bytes: usize) -> Result<Triage, Error> {
    let mut entries = Vec::with_capacity(all.len());
    // (matcher text, kind, entry), sorted below: equal keys share one slot, in the order
    // of (text, kind), and a slot's first entry says where its pattern was written.
    let mut keys: Vec<(Cow<'_, str>, Kind, u32)> = Vec::with_capacity(all.len() + all.len() / 8);
    let mut written = String::new();
    for item in all {
        let id = entries.len() as u32;
        written.clear();
        write!(written, "{}", item.entry.pattern).map_err(|e| Error::invalid(e.to_string()))?;
        entries.push(EngineEntry {
            category: item.entry.category,
            weight: item.weight,
            term: Term::new(&written),
        });
        match_keys(&item.entry.pattern, item.source, item.line, |text, kind| {
            keys.push((text, kind, id))
        })?;
    }
    // Stable, so entries keep their order inside a key; and lexicon sections arrive sorted,
    // runs that a stable sort merges instead of sorting again.
    keys.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut specs: Vec<PatternSpec<'_>> = Vec::new();
    let mut slots: Vec<PatternSlot> = Vec::new();
    let mut slot_entries: Vec<u32> = Vec::with_capacity(keys.len());
    for (text, kind, id) in keys {
        let same = specs
            .last()
            .is_some_and(|s: &PatternSpec<'_>| s.kind == kind && s.text == text);
        if !same {
            let first = &all[id as usize];
            specs.push(PatternSpec {
                text,
                kind,
                origin: (first.source, first.line),
            });
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
            slot.groups |= rules::group_bit(entries[id as usize].category);
        }
    }
    let matcher = Matcher::new(&specs, slots, slot_entries)?;
    Ok(Triage {
        inner: Arc::new(Inner {
            entries,
            matcher,
            max_bytes,
        }),
    })
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
