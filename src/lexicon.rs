//! `Lexicon`: the one parser for every word list, built-in or user-supplied.

use std::fmt;
use std::path::Path;

use crate::{Category, Error};

/// Largest lexicon file accepted, in bytes; far above any real word list, small enough that
/// a wrong path (a log file, a disk image) fails fast instead of eating memory.
pub const MAX_LEXICON_BYTES: u64 = 64 * 1024 * 1024;

/// What an entry matches.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Pattern {
    /// Lower-case words separated by single spaces, matched on whole words. With `prefix`,
    /// the last word may continue (`idiot*` matches `idiotic`).
    Term {
        /// The words, e.g. `"you people"`.
        words: String,
        /// Whether the last word may continue with more letters.
        prefix: bool,
    },
    /// Text with no letters, digits or spaces (emoji, emoticons), matched anywhere.
    Symbol(String),
    /// A regular expression over the normalized text.
    Regex(String),
}

impl Pattern {
    /// Parses the pattern part of a lexicon line.
    ///
    /// # Errors
    ///
    /// Returns a message saying what is wrong when the text is not a valid term, symbol or
    /// `re:` pattern.
    pub(crate) fn parse(text: &str) -> Result<Pattern, String> {
        if let Some(re) = text.strip_prefix("re:") {
            if re.is_empty() {
                return Err("empty regular expression after 're:'".into());
            }
            return Ok(Pattern::Regex(re.to_string()));
        }
        if text
            .chars()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
        {
            return Ok(Pattern::Symbol(text.to_string()));
        }
        let (words, prefix) = match text.strip_suffix('*') {
            Some(w) => (w, true),
            None => (text, false),
        };
        validate_words(words)?;
        Ok(Pattern::Term {
            words: words.to_string(),
            prefix,
        })
    }
}

fn validate_words(words: &str) -> Result<(), String> {
    if words.is_empty() {
        return Err("empty term".into());
    }
    if words.starts_with(' ') || words.ends_with(' ') || words.contains("  ") {
        return Err(format!(
            "term '{words}': words must be separated by exactly one space"
        ));
    }
    for c in words.chars() {
        match c {
            'a'..='z' | '0'..='9' | '\'' | ' ' => {}
            'A'..='Z' => {
                return Err(format!(
                    "term '{words}' has upper-case letter '{c}': write terms in lower case"
                ))
            }
            '-' => {
                return Err(format!(
                    "term '{words}' has a hyphen: messages' hyphens count as spaces, write a space"
                ))
            }
            _ => {
                return Err(format!(
                    "term '{words}' has character '{c}': terms use a-z, 0-9, apostrophe and space \
                     (use re: for anything else)"
                ))
            }
        }
    }
    if !words.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("term '{words}' has no letter or digit"));
    }
    Ok(())
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pattern::Term { words, prefix } => {
                f.write_str(words)?;
                if *prefix {
                    f.write_str("*")?;
                }
                Ok(())
            }
            Pattern::Symbol(s) => f.write_str(s),
            Pattern::Regex(r) => write!(f, "re:{r}"),
        }
    }
}

/// One lexicon line: a pattern, its category and its weight.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Entry {
    /// What the entry matches.
    pub pattern: Pattern,
    /// The section it stands in.
    pub category: Category,
    /// Its weight; what it means depends on the category (see `lexicons/README.md`).
    pub weight: f32,
    /// The 1-based line it was read from (0 for entries added in code).
    pub line: usize,
}

impl Entry {
    /// An entry built in code, checked like a parsed line.
    ///
    /// # Errors
    ///
    /// Fails when the pattern is not a valid term, symbol or `re:` pattern, or when the
    /// weight is not finite or outside the category's range.
    ///
    /// # Example
    ///
    /// ```
    /// use sentiment_triage::{Category, Entry};
    ///
    /// let e = Entry::new(Category::Insult, "muppet*", 0.4)?;
    /// assert_eq!(e.pattern.to_string(), "muppet*");
    /// assert!(Entry::new(Category::Insult, "Bad Term", 0.4).is_err());
    /// # Ok::<(), sentiment_triage::Error>(())
    /// ```
    pub fn new(category: Category, pattern: &str, weight: f32) -> Result<Entry, Error> {
        let pattern = Pattern::parse(pattern).map_err(Error::invalid)?;
        check_weight(category, weight).map_err(Error::invalid)?;
        Ok(Entry {
            pattern,
            category,
            weight,
            line: 0,
        })
    }
}

pub(crate) fn check_weight(category: Category, weight: f32) -> Result<(), String> {
    let (lo, hi) = category.weight_range();
    if !weight.is_finite() || weight < lo || weight > hi {
        return Err(format!(
            "weight {weight} is outside {lo}..={hi} for category '{category}'"
        ));
    }
    Ok(())
}

/// A parsed lexicon file: named, line-numbered entries.
///
/// See `lexicons/README.md` for the format. The built-in lexicons go through this same
/// parser.
///
/// # Example
///
/// ```
/// use sentiment_triage::{Category, Lexicon};
///
/// let lex = Lexicon::parse("team.txt", "# our words\n[insult]\nmuppet 0.4\n")?;
/// assert_eq!(lex.entries().len(), 1);
/// assert_eq!(lex.entries()[0].category, Category::Insult);
/// assert_eq!(lex.entries()[0].line, 3);
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lexicon {
    name: String,
    entries: Vec<Entry>,
}

impl Lexicon {
    /// Parses lexicon text; `name` is used in error messages (usually the file name).
    ///
    /// # Errors
    ///
    /// Fails on the first bad line, naming `name`, the 1-based line and what is wrong.
    pub fn parse(name: &str, text: &str) -> Result<Lexicon, Error> {
        // At most one entry per line: one allocation instead of a doubling series.
        let mut entries = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
        let mut section: Option<Category> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let inner = rest.strip_suffix(']').ok_or_else(|| {
                    Error::lexicon(name, line_no, "section header must end with ']'")
                })?;
                let cat = inner
                    .trim()
                    .parse::<Category>()
                    .map_err(|e| Error::lexicon(name, line_no, e.to_string()))?;
                section = Some(cat);
                continue;
            }
            let category = section.ok_or_else(|| {
                Error::lexicon(name, line_no, "entry before any [category] section header")
            })?;
            let (pattern_text, weight_text) =
                line.rsplit_once(char::is_whitespace).ok_or_else(|| {
                    Error::lexicon(
                        name,
                        line_no,
                        format!("expected 'PATTERN WEIGHT', found '{line}' (no weight)"),
                    )
                })?;
            let weight: f32 = weight_text.parse().map_err(|_| {
                Error::lexicon(
                    name,
                    line_no,
                    format!("weight '{weight_text}' is not a number"),
                )
            })?;
            check_weight(category, weight).map_err(|m| Error::lexicon(name, line_no, m))?;
            let pattern = Pattern::parse(pattern_text.trim())
                .map_err(|m| Error::lexicon(name, line_no, m))?;
            entries.push(Entry {
                pattern,
                category,
                weight,
                line: line_no,
            });
        }
        Ok(Lexicon {
            name: name.to_string(),
            entries,
        })
    }

    /// Reads and parses a lexicon file.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read, is larger than [`MAX_LEXICON_BYTES`], is not
    /// UTF-8, or has a bad line (the error names the file and the line).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Lexicon, Error> {
        let path = path.as_ref();
        let text = read_data_file(path, "lexicon")?;
        Lexicon::parse(&path.display().to_string(), &text)
    }

    /// The name given at parse time (usually the file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Checks that entries are sorted by pattern and unique inside each section, as the
    /// built-in files must be.
    ///
    /// # Errors
    ///
    /// Names the first line that is out of order or repeated.
    pub fn check_sorted(&self) -> Result<(), Error> {
        for pair in self.entries.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.category != b.category {
                continue;
            }
            let (ta, tb) = (a.pattern.to_string(), b.pattern.to_string());
            if ta == tb {
                return Err(Error::lexicon(
                    &self.name,
                    b.line,
                    format!("'{tb}' repeats line {}", a.line),
                ));
            }
            if ta > tb {
                return Err(Error::lexicon(
                    &self.name,
                    b.line,
                    format!(
                        "'{tb}' is out of order: it sorts before '{ta}' (line {})",
                        a.line
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Lexicon {
    /// Prints the lexicon back in the file format (sections in order of appearance).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut current: Option<Category> = None;
        for e in &self.entries {
            if current != Some(e.category) {
                writeln!(f, "[{}]", e.category)?;
                current = Some(e.category);
            }
            writeln!(f, "{} {}", e.pattern, e.weight)?;
        }
        Ok(())
    }
}

/// Reads a data file (a lexicon or template file) as UTF-8 text, refusing one larger than
/// [`MAX_LEXICON_BYTES`] before reading it. Errors name the file; a bad byte also its line.
pub(crate) fn read_data_file(path: &Path, what: &str) -> Result<String, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_LEXICON_BYTES {
        return Err(Error::io(
            path,
            format!(
                "{what} file is {} bytes, more than the limit of {MAX_LEXICON_BYTES}",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::lexicon(&path.display().to_string(), line, "not valid UTF-8")
    })
}

/// Drops a `#` comment that starts the line or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected line of the error, a fragment of the message)
    const BAD: &[(&str, usize, &str)] = &[
        ("idiot 0.5\n", 1, "before any [category]"),
        ("[insult\nidiot 0.5\n", 1, "must end with ']'"),
        ("[nonsense]\n", 1, "unknown category"),
        ("[insult]\nidiot\n", 2, "no weight"),
        ("[insult]\nidiot heavy\n", 2, "not a number"),
        ("[insult]\nidiot 1.5\n", 2, "outside"),
        ("[insult]\nidiot NaN\n", 2, "outside"),
        ("[insult]\nIdiot 0.5\n", 2, "upper-case"),
        ("[insult]\npissed-off 0.5\n", 2, "hyphen"),
        ("[insult]\nyou  idiot 0.5\n", 2, "exactly one space"),
        ("[insult]\nidi.ot 0.5\n", 2, "character '.'"),
        ("[insult]\nre: 0.5\n", 2, "empty regular"),
        ("[intensifier]\nvery 0.5\n", 2, "outside"),
    ];

    #[test]
    fn bad_lines_name_the_line_and_the_problem() {
        for (text, line, fragment) in BAD {
            let err = Lexicon::parse("t.txt", text).unwrap_err();
            assert_eq!(err.line(), Some(*line), "{text:?}: {err}");
            let msg = err.to_string();
            assert!(msg.contains(fragment), "{text:?}: {msg}");
            assert!(msg.starts_with("t.txt, line "), "{msg}");
        }
    }

    #[test]
    fn parses_every_pattern_kind_and_comments() {
        let text = "# head\n[insult]\nidiot* 0.5 # trailing\nyou people 0.6\n\
                    [anger]\n>:( 0.3\nre:\\bwaited \\d+ days\\b 0.4\n";
        let lex = Lexicon::parse("t", text).unwrap();
        let pats: Vec<String> = lex
            .entries()
            .iter()
            .map(|e| e.pattern.to_string())
            .collect();
        assert_eq!(
            pats,
            ["idiot*", "you people", ">:(", "re:\\bwaited \\d+ days\\b"]
        );
        assert_eq!(lex.entries()[2].category, Category::Anger);
        assert!(matches!(lex.entries()[2].pattern, Pattern::Symbol(_)));
    }

    #[test]
    fn print_then_parse_is_identity() {
        let text = "[insult]\nidiot* 0.5\nyou people 0.6\n[anger]\n>:( 0.3\n";
        let lex = Lexicon::parse("t", text).unwrap();
        let again = Lexicon::parse("t", &lex.to_string()).unwrap();
        assert_eq!(
            lex.entries()
                .iter()
                .map(|e| (&e.pattern, e.category, e.weight))
                .collect::<Vec<_>>(),
            again
                .entries()
                .iter()
                .map(|e| (&e.pattern, e.category, e.weight))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn check_sorted_finds_order_and_repeats() {
        let unsorted = Lexicon::parse("t", "[insult]\nb 0.1\na 0.1\n").unwrap();
        assert_eq!(unsorted.check_sorted().unwrap_err().line(), Some(3));
        let repeated = Lexicon::parse("t", "[insult]\na 0.1\na 0.2\n").unwrap();
        assert!(repeated
            .check_sorted()
            .unwrap_err()
            .to_string()
            .contains("repeats"));
        let ok = Lexicon::parse("t", "[insult]\na 0.1\nb 0.1\n[anger]\na 0.1\n").unwrap();
        ok.check_sorted().unwrap();
    }
}
