//! `ReviewerBuilder`: the reply checker's phrase lists and rewrite advice, compiled once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::review::Inner;
use crate::{builtin, Error, Lexicon, Reviewer, Templates, Triage};

/// Builds a [`Reviewer`] with custom phrase lists or rewrites.
///
/// # Example
///
/// ```
/// use sentiment_triage::{FindingKind, Lexicon, Reviewer};
///
/// let ours = Lexicon::parse("ours.txt", "[review_policy_wall]\nhouse rules 0.9\n")?;
/// let reviewer = Reviewer::builder().phrases(ours).build()?;
/// let review = reviewer.review("Those are the house rules.", None);
/// assert_eq!(review.findings[0].kind, FindingKind::PolicyWall);
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReviewerBuilder {
    builtins: bool,
    phrases: Vec<Lexicon>,
    files: Vec<PathBuf>,
    rewrites: Option<Templates>,
}

impl Default for ReviewerBuilder {
    fn default() -> ReviewerBuilder {
        ReviewerBuilder::new()
    }
}

impl ReviewerBuilder {
    /// A builder that starts from the built-in scorer lexicons and review phrase lists.
    pub fn new() -> ReviewerBuilder {
        ReviewerBuilder {
            builtins: true,
            phrases: Vec::new(),
            files: Vec::new(),
            rewrites: None,
        }
    }

    /// Whether to include the built-in review phrase lists (default `true`); the scorer's
    /// built-in lexicons are always included, for the draft's own hostility.
    pub fn builtins(&mut self, yes: bool) -> &mut ReviewerBuilder {
        self.builtins = yes;
        self
    }

    /// Adds a parsed phrase list (any categories; usually `review_*` sections).
    pub fn phrases(&mut self, lexicon: Lexicon) -> &mut ReviewerBuilder {
        self.phrases.push(lexicon);
        self
    }

    /// Adds a phrase list file, read at build time.
    pub fn phrase_file(&mut self, path: impl AsRef<Path>) -> &mut ReviewerBuilder {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Replaces the rewrite advice (the `[rewrite]` lines of these templates are used).
    pub fn rewrites(&mut self, templates: Templates) -> &mut ReviewerBuilder {
        self.rewrites = Some(templates);
        self
    }

    /// Compiles the checker.
    ///
    /// # Errors
    ///
    /// Fails like [`TriageBuilder::build`](crate::TriageBuilder::build): an unreadable file
    /// or a bad line, naming the file and line.
    pub fn build(&self) -> Result<Reviewer, Error> {
        let mut b = Triage::builder();
        if self.builtins {
            for lex in builtin::REVIEW_LEXICONS.as_ref().map_err(Clone::clone)? {
                b.lexicon(lex.clone());
            }
        }
        for lex in &self.phrases {
            b.lexicon(lex.clone());
        }
        for f in &self.files {
            b.lexicon_file(f);
        }
        let rewrites = match &self.rewrites {
            Some(t) => t.clone(),
            None => builtin::TEMPLATES.as_ref().map_err(Clone::clone)?.clone(),
        };
        Ok(Reviewer {
            inner: Arc::new(Inner {
                triage: b.build()?,
                rewrites,
            }),
        })
    }
}
