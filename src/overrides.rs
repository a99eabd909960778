//! The builder's overrides applied to the collected entries: fitted and user weights, then
//! removals, each found by the pattern as written.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lexicon::check_weight;
use crate::triage::Item;
use crate::{Category, Error, Lexicon, Pattern};

/// Marks the end of a chain in `ByPattern::next`.
const END: u32 = u32::MAX;

/// FNV-1a: the index is built on every engine build over every entry, keyed by short
/// patterns from trusted lexicons, where SipHash's flood resistance buys nothing and its
/// cost showed as a tenth of a build.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0100_0000_01b3;
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Entries by pattern: the first entry of each pattern, and from each entry the next one
/// with the same pattern (chains instead of a list per pattern).
struct ByPattern<'a> {
    first: HashMap<&'a Pattern, u32, BuildHasherDefault<Fnv>>,
    next: Vec<u32>,
}

impl<'a> ByPattern<'a> {
    fn new(all: &[Item<'a>]) -> ByPattern<'a> {
        let mut first = HashMap::with_capacity_and_hasher(all.len(), Default::default());
        let mut next = vec![END; all.len()];
        // Last entry first: each one becomes its pattern's head, in front of the head
        // before it, so every chain runs in entry order.
        for (i, item) in all.iter().enumerate().rev() {
            if let Some(later) = first.insert(&item.entry.pattern, i as u32) {
                next[i] = later;
            }
        }
        ByPattern { first, next }
    }

    /// The entries with pattern `p`, in order.
    fn get(&self, p: &Pattern) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.first.get(p).copied().unwrap_or(END);
        std::iter::from_fn(move || {
            (at != END).then(|| {
                let i = at;
                at = self.next[i as usize];
                i as usize
            })
        })
    }
}

/// Applies `fitted` weights (when given; one whose entry is gone is skipped), then the
/// user's `weights` in order, then `removals`, and drops the removed entries.
///
/// # Errors
///
/// A user weight or removal whose pattern names no entry, or a weight outside its entry's
/// category range.
pub(crate) fn apply(
    all: &mut Vec<Item<'_>>,
    fitted: Option<&Lexicon>,
    weights: &[(Option<Category>, String, f32)],
    removals: &[String],
) -> Result<(), Error> {
    if fitted.is_none() && weights.is_empty() && removals.is_empty() {
        return Ok(());
    }
    let index = ByPattern::new(all);
    // A pattern as written names the entries whose pattern prints as it: parsing is
    // the inverse of printing, and a text that does not parse names none.
    let written = |p: &str| Pattern::parse(p).ok();
    let mut reweight = |c: Option<Category>, p: &Pattern, w: f32| -> Result<(), Error> {
        let mut found = false;
        for i in index.get(p) {
            let item = &mut all[i];
            if c.is_none_or(|c| c == item.entry.category) {
                check_weight(item.entry.category, w).map_err(Error::invalid)?;
                // As an entry rebuilt in code: line 0.
                item.weight = w;
                item.line = 0;
                found = true;
            }
        }
        if found {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "reweight: no entry has the pattern '{p}'"
            )))
        }
    };
    if let Some(fitted) = fitted {
        // A fitted weight whose entry was since edited away is skipped here; the test
        // `builtin::tests::every_fitted_weight_has_its_entry` keeps the file current.
        for e in fitted.entries() {
            let _ = reweight(Some(e.category), &e.pattern, e.weight);
        }
    }
    for (c, p, w) in weights {
        match written(p) {
            Some(pattern) => reweight(*c, &pattern, *w)?,
            None => {
                return Err(Error::invalid(format!(
                    "reweight: no entry has the pattern '{p}'"
                )))
            }
        }
    }
    let mut removed = vec![false; all.len()];
    for r in removals {
        let mut found = false;
        if let Some(p) = written(r) {
            for i in index.get(&p) {
                removed[i] = true;
                found = true;
            }
        }
        if !found {
            return Err(Error::invalid(format!(
                "remove: no entry has the pattern '{r}'"
            )));
        }
    }
    let mut i = 0;
    all.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    Ok(())
}
