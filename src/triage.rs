//! `Triage`, the built engine, and `TriageBuilder`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use crate::matcher::{Candidate, Matcher, Words};
use crate::normalize::Normalized;
use crate::rules::{self, EngineEntry, RuleScratch};
use crate::{builtin, impersonal, overrides, preprocess, score};
use crate::{Assessment, Category, Entry, Error, Lexicon, Pattern};

/// Messages longer than this many bytes are scored on their first `DEFAULT_MAX_BYTES`
/// only (and flagged `truncated`): far beyond any real customer message, small enough
/// that one pasted log file cannot hold a worker for long.
pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

/// The analyzer: lexicons compiled once into one matcher.
///
/// Immutable, `Send + Sync`, and cheap to clone (an `Arc` inside). Build it once per
/// process and share it. [`Triage::analyze`] never fails and never panics, whatever the
/// input.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Triage, UrgencyBand};
///
/// let triage = Triage::new();
/// let a = triage.analyze("Production is down and we are losing sales, fix it ASAP!");
/// assert!(a.urgency.band >= UrgencyBand::High);
/// ```
#[derive(Clone, Debug)]
pub struct Triage {
    pub(crate) inner: Arc<Inner>,
}

/// What a `Triage` shares between its clones.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) entries: Vec<EngineEntry>,
    pub(crate) matcher: Matcher,
    pub(crate) max_bytes: usize,
    /// Whether the lexicons name anchor words; without them, no sentence can be told
    /// impersonal and the discount of `impersonal.rs` stays off.
    pub(crate) has_anchors: bool,
}

/// Reusable per-thread buffers, so steady-state analysis does not allocate.
#[derive(Debug, Default)]
struct Scratch {
    regions: Vec<Range<usize>>,
    norm: Normalized,
    words: Words,
    cands: Vec<Candidate>,
    rules: RuleScratch,
    values: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

static BUILTIN: LazyLock<Result<Triage, Error>> = LazyLock::new(|| TriageBuilder::new().build());

impl Default for Triage {
    fn default() -> Triage {
        Triage::new()
    }
}

impl Triage {
    /// The engine with the embedded English lexicons. Built on first use, then shared:
    /// later calls are a reference-count increment.
    ///
    /// # Panics
    ///
    /// Only if the embedded lexicons were broken at release time; a unit test proves they
    /// build.
    pub fn new() -> Triage {
        match &*BUILTIN {
            Ok(t) => t.clone(),
            Err(e) => panic!("built-in lexicons failed to build: {e}"),
        }
    }

    /// A builder for custom lexicons.
    pub fn builder() -> TriageBuilder {
        TriageBuilder::new()
    }

    /// Analyzes one message. Never fails, never panics.
    pub fn analyze(&self, text: &str) -> Assessment {
        let mut a = Assessment::new();
        self.analyze_into(text, &mut a);
        a
    }

    /// Analyzes one message into `out`, reusing its allocations: with a reused
    /// `Assessment`, steady-state analysis does no heap allocation.
    ///
    /// # Example
    ///
    /// ```
    /// use sentiment_triage::{Assessment, Triage};
    ///
    /// let triage = Triage::new();
    /// let mut a = Assessment::new();
    /// for msg in ["thanks!", "this is a joke"] {
    ///     triage.analyze_into(msg, &mut a);
    ///     println!("{} {}", a.hostility.band, a.urgency.band);
    /// }
    /// ```
    pub fn analyze_into(&self, text: &str, out: &mut Assessment) {
        out.clear();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.run(text, &mut s, out),
            Err(_) => self.run(text, &mut Scratch::default(), out),
        });
    }

    fn run(&self, text: &str, s: &mut Scratch, out: &mut Assessment) {
        let inner = &*self.inner;
        let text = if text.len() > inner.max_bytes {
            out.truncated = true;
            let mut cut = inner.max_bytes;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            &text[..cut]
        } else {
            text
        };
        preprocess::active_regions(text, &mut s.regions);
        s.norm.clear();
        for r in &s.regions {
            s.norm.append(text, r.clone());
        }
        s.norm.finish();
        inner.matcher.find(&s.norm, &mut s.words, &mut s.cands);
        rules::apply(
            &inner.entries,
            &inner.matcher,
            &s.norm,
            &s.words,
            &s.cands,
            &mut s.rules,
            out,
        );
        if inner.has_anchors {
            let (anchors, norm, cands) = (&mut s.rules.anchors, &s.norm, &s.cands);
            let (entries, matcher) = (&inner.entries, &inner.matcher);
            impersonal::discount(
                text,
                || {
                    rules::anchors(entries, matcher, norm, cands, anchors);
                    anchors
                },
                out,
            );
        }
        let late_from = s
            .words
            .tokens
            .get(score::URGENCY_EARLY_WORDS)
            .map_or(usize::MAX, |t| {
                s.norm.original(t.start as usize, t.end as usize).0
            });
        score::finish(out, s.words.tokens.len(), late_from, &mut s.values);
    }

    /// The number of lexicon entries compiled into this engine.
    pub fn entry_count(&self) -> usize {
        self.inner.entries.len()
    }
}

/// Builds a [`Triage`] with custom lexicons.
///
/// Sources are read and checked in [`TriageBuilder::build`], which reports the first
/// problem with its file and line.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Category, Triage};
///
/// let triage = Triage::builder()
///     .term(Category::Insult, "flapdoodles", 0.6)
///     .remove("ridiculous")
///     .build()?;
/// let a = triage.analyze("you flapdoodles");
/// assert_eq!(a.hits[0].term.as_str(), "flapdoodles");
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TriageBuilder {
    builtins: bool,
    sources: Vec<Source>,
    removals: Vec<String>,
    weights: Vec<(Option<Category>, String, f32)>,
    fitted: bool,
    max_bytes: usize,
}

#[derive(Clone, Debug)]
enum Source {
    Lexicon(Lexicon),
    File(PathBuf),
    Dir(PathBuf),
    Term(Category, String, f32),
}

impl Default for TriageBuilder {
    fn default() -> TriageBuilder {
        TriageBuilder::new()
    }
}

impl TriageBuilder {
    /// A builder that starts from the built-in lexicons.
    pub fn new() -> TriageBuilder {
        TriageBuilder {
            builtins: true,
            sources: Vec::new(),
            removals: Vec::new(),
            weights: Vec::new(),
            fitted: true,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// Whether to start from the built-in lexicons (default `true`).
    pub fn builtins(&mut self, yes: bool) -> &mut TriageBuilder {
        self.builtins = yes;
        self
    }

    /// Adds a parsed lexicon.
    pub fn lexicon(&mut self, lexicon: Lexicon) -> &mut TriageBuilder {
        self.sources.push(Source::Lexicon(lexicon));
        self
    }

    /// Adds a lexicon file, read at build time.
    pub fn lexicon_file(&mut self, path: impl AsRef<Path>) -> &mut TriageBuilder {
        self.sources.push(Source::File(path.as_ref().to_path_buf()));
        self
    }

    /// Adds every `*.txt` file under a folder (recursively, in path order), read at build
    /// time. Subfolders named `fitted` (fitted-weight overlays, which reweight rather than
    /// add) and `replies` (reply templates, another format) are skipped, so a copy of this
    /// crate's `lexicons/` folder loads as the built-in lexicons with their hand weights.
    pub fn lexicon_dir(&mut self, path: impl AsRef<Path>) -> &mut TriageBuilder {
        self.sources.push(Source::Dir(path.as_ref().to_path_buf()));
        self
    }

    /// Adds one term (checked at build time like a lexicon line).
    pub fn term(&mut self, category: Category, pattern: &str, weight: f32) -> &mut TriageBuilder {
        self.sources
            .push(Source::Term(category, pattern.to_string(), weight));
        self
    }

    /// Removes every entry whose pattern is written exactly `pattern` (e.g. `"hell"`,
    /// `"idiot*"`, `"re:..."`), built-in or added.
    pub fn remove(&mut self, pattern: &str) -> &mut TriageBuilder {
        self.removals.push(pattern.to_string());
        self
    }

    /// Sets the weight of every entry whose pattern is written exactly `pattern`.
    pub fn reweight(&mut self, pattern: &str, weight: f32) -> &mut TriageBuilder {
        self.weights.push((None, pattern.to_string(), weight));
        self
    }

    /// Sets the weight of the entries of one category whose pattern is written exactly
    /// `pattern`.
    pub fn reweight_in(
        &mut self,
        category: Category,
        pattern: &str,
        weight: f32,
    ) -> &mut TriageBuilder {
        self.weights
            .push((Some(category), pattern.to_string(), weight));
        self
    }

    /// Whether the built-in lexicons use the weights fitted on labeled data
    /// (`lexicons/fitted/weights.txt`, default `true`) or the hand-set weights of the
    /// lexicon files alone.
    pub fn fitted_weights(&mut self, yes: bool) -> &mut TriageBuilder {
        self.fitted = yes;
        self
    }

    /// Scores at most this many bytes of each message (default [`DEFAULT_MAX_BYTES`]);
    /// longer messages are cut at a character boundary and flagged `truncated`.
    pub fn max_bytes(&mut self, bytes: usize) -> &mut TriageBuilder {
        self.max_bytes = bytes.min(u32::MAX as usize - 1);
        self
    }

    /// Reads, checks and compiles everything into an engine.
    ///
    /// # Errors
    ///
    /// Fails on an unreadable, oversized or non-UTF-8 file, a bad lexicon line (naming the
    /// file and line), an invalid or oversized regular expression, a weight outside its
    /// category's range, or a removal or reweighting that matches no entry.
    pub fn build(&self) -> Result<Triage, Error> {
        // Lexicons are borrowed where they already live (built-ins, added ones); only files
        // read here are owned. Entries are never copied: reweighting overrides a weight.
        let mut lexicons: Vec<Cow<'_, Lexicon>> = Vec::new();
        let use_fitted = self.builtins && self.fitted;
        // The first build of a process parses the built-in files (in two halves at once)
        // and the fitted weights (needed only once the entries are collected) meanwhile;
        // later builds find both parsed and start no thread.
        let (builtins, fitted) = crate::par::join(
            use_fitted && !builtin::fitted_parsed(),
            || self.builtins.then_some(&*builtin::LEXICONS),
            || use_fitted.then(builtin::fitted),
        );
        if let Some(builtins) = builtins {
            let builtins = builtins.as_ref().map_err(Clone::clone)?;
            lexicons.extend(builtins.iter().map(Cow::Borrowed));
        }
        let mut extra = Vec::new();
        for src in &self.sources {
            match src {
                Source::Lexicon(l) => lexicons.push(Cow::Borrowed(l)),
                Source::File(p) => lexicons.push(Cow::Owned(Lexicon::from_file(p)?)),
                Source::Dir(d) => {
                    let mut files = Vec::new();
                    collect_txt(d, &mut files)?;
                    files.sort();
                    for f in files {
                        lexicons.push(Cow::Owned(Lexicon::from_file(&f)?));
                    }
                }
                Source::Term(c, p, w) => extra.push(Entry::new(*c, p, *w)?),
            }
        }
        let all: Vec<Item<'_>> = lexicons
            .iter()
            .flat_map(|l| l.entries().iter().map(|e| Item::new(l.name(), e)))
            .chain(extra.iter().map(|e| Item::new("(builder)", e)))
            .collect();
        let overrides = |all: &mut Vec<Item<'_>>| {
            let fitted = fitted
                .map(|f| f.as_ref().map_err(Clone::clone))
                .transpose()?;
            overrides::apply(all, fitted, &self.weights, &self.removals)
        };
        // Removed patterns as parsed: the rule set leaves out removed `re:` rules.
        let removed: Vec<Pattern> = self
            .removals
            .iter()
            .filter_map(|r| Pattern::parse(r).ok())
            .collect();
        crate::compile::compile(all, &removed, overrides, self.max_bytes)
    }
}

/// One entry on its way into the engine: where it was written, and its weight and line
/// after any reweighting.
pub(crate) struct Item<'a> {
    pub(crate) source: &'a str,
    pub(crate) entry: &'a Entry,
    pub(crate) weight: f32,
    pub(crate) line: usize,
}

impl<'a> Item<'a> {
    fn new(source: &'a str, entry: &'a Entry) -> Item<'a> {
        Item {
            source,
            entry,
            weight: entry.weight,
            line: entry.line,
        }
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for item in rd {
        let path = item.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            if !path.ends_with("fitted") && !path.ends_with("replies") {
                collect_txt(&path, out)?;
            }
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
    Ok(())
}
