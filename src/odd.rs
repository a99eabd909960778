//! Words drawn out ("pleeease") or masked ("f*ck") that no pattern matched as written:
//! looked up among the single-word terms and prefix stems by their squeezed letters or
//! their length. The index is built on the first message that needs it (one with a `*`
//! or a drawn-out letter run), so building an engine does not pay for it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::matcher::{Candidate, PatternSlot, Token};
use crate::normalize::{Normalized, ELONGATED};

/// The single-word terms and prefix stems of an engine, and their index once built.
#[derive(Debug, Default)]
pub(crate) struct OddWords {
    /// Their texts, one after another.
    texts: String,
    /// Per word: its range in `texts`, its slot, and whether it is a prefix stem.
    words: Vec<(u32, u32, u32, bool)>,
    index: OnceLock<Index>,
}

#[derive(Debug)]
struct Index {
    /// Single-word terms by their letters with every run squeezed to one ("please" ->
    /// "please", "fuck" -> "fuck"), for drawn-out words ("pleeease").
    squeezed: HashMap<Vec<u8>, u32>,
    /// Single-word terms by length, for masked words ("f*ck").
    by_len: HashMap<usize, Vec<(Vec<u8>, u32)>>,
    /// Single-word prefix stems by first byte, as written and squeezed, for masked and
    /// drawn-out forms of words they cover ("ann*ying", "aaaannoying" for `annoy*`).
    stems: HashMap<u8, Vec<Stem>>,
}

/// A single-word prefix stem, as written and with its runs squeezed.
#[derive(Debug)]
struct Stem {
    text: Vec<u8>,
    squeezed: Vec<u8>,
    slot: u32,
}

impl OddWords {
    /// Adds a single-word term (or prefix stem) and its slot; in slot order.
    pub fn add(&mut self, text: &str, prefix: bool, slot: u32) {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        self.words
            .push((start, self.texts.len() as u32, slot, prefix));
    }

    fn build(&self) -> Index {
        let mut index = Index {
            squeezed: HashMap::new(),
            by_len: HashMap::new(),
            stems: HashMap::new(),
        };
        for &(s, e, slot, prefix) in &self.words {
            let text = &self.texts.as_bytes()[s as usize..e as usize];
            if text.is_empty() {
                continue;
            }
            if prefix {
                index.stems.entry(text[0]).or_default().push(Stem {
                    squeezed: squeeze(text),
                    text: text.to_vec(),
                    slot,
                });
            } else {
                index.squeezed.entry(squeeze(text)).or_insert(slot);
                index
                    .by_len
                    .entry(text.len())
                    .or_default()
                    .push((text.to_vec(), slot));
            }
        }
        index
    }

    /// Adds a candidate for each drawn-out or masked word of `tokens` that no candidate
    /// in `out` (sorted by start) covers; `slots` gives each slot's overlap groups.
    pub fn find(
        &self,
        slots: &[PatternSlot],
        norm: &Normalized,
        tokens: &[Token],
        squeezed: &mut Vec<u8>,
        out: &mut Vec<Candidate>,
    ) {
        let index = self.index.get_or_init(|| self.build());
        let found_before = out.len();
        for t in tokens {
            let (s, e) = (t.start as usize, t.end as usize);
            let word = &norm.bytes[s..e];
            let elongated = norm.flags[s..e].iter().any(|f| f & ELONGATED != 0);
            let masks = word.iter().filter(|&&b| b == b'*').count();
            if !elongated && masks == 0 {
                continue;
            }
            let at = out[..found_before].partition_point(|c| c.start < s);
            if out[at..found_before]
                .iter()
                .take_while(|c| c.start == s)
                .any(|c| c.end >= e)
            {
                continue;
            }
            let stems = index
                .stems
                .get(&word[0])
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut found = None;
            if elongated {
                squeeze_into(word, squeezed);
                found = index.squeezed.get(&squeezed[..]).copied().or_else(|| {
                    stems
                        .iter()
                        .find(|st| squeezed.starts_with(&st.squeezed))
                        .map(|st| st.slot)
                });
            }
            if found.is_none() && masks > 0 && masks < word.len() && word[0] != b'*' {
                let fits = |term: &[u8]| term.iter().zip(word).all(|(t, w)| *w == b'*' || t == w);
                // A masked word is almost always a swear word or an insult: when several
                // terms fit ("c*nt"), prefer one that scores hostility.
                let hostile = crate::select::group_bit(crate::Category::Profanity);
                let is_hostile = |slot: &u32| slots[*slot as usize].groups & hostile != 0;
                let whole = index
                    .by_len
                    .get(&word.len())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let mut whole_fits = whole
                    .iter()
                    .filter(|(term, _)| fits(term))
                    .map(|(_, slot)| *slot);
                let stem_fits = || {
                    stems
                        .iter()
                        .filter(|st| st.text.len() <= word.len() && fits(&st.text))
                        .map(|st| st.slot)
                };
                found = whole_fits
                    .clone()
                    .find(is_hostile)
                    .or_else(|| stem_fits().find(is_hostile))
                    .or_else(|| whole_fits.next())
                    .or_else(|| stem_fits().next());
            }
            if let Some(slot) = found {
                out.push(Candidate {
                    start: s,
                    end: e,
                    slot,
                });
            }
        }
    }
}

/// Every run of equal bytes squeezed to one.
fn squeeze(word: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(word.len());
    squeeze_into(word, &mut v);
    v
}

/// `squeeze` into a reused buffer (per message, no allocation once it has grown).
fn squeeze_into(word: &[u8], out: &mut Vec<u8>) {
    out.clear();
    for &b in word {
        if out.last() != Some(&b) {
            out.push(b);
        }
    }
}
