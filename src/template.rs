//! `Templates`: the parser of the reply-template format (`lexicons/replies/*.txt`) and the
//! safe placeholder filler. See "Reply templates" in `lexicons/README.md`.

use std::path::Path;

use crate::placeholder::{Alternative, Slot};
use crate::{Error, FindingKind, HostilityBand, Topic, UrgencyBand};

/// One part of a reply, in the order good practice puts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PartKind {
    /// "Hi Ana,".
    Greeting,
    /// The specific problem, in the customer's terms (keyed by topic).
    Acknowledge,
    /// Empathy in proportion to the hostility band (keyed by band).
    Empathy,
    /// Taking responsibility, without excuses or "if" (keyed by band).
    Ownership,
    /// The concrete action being taken now (keyed by topic).
    Action,
    /// When the customer will hear back, tighter when urgent (keyed by urgency band).
    TimeFrame,
    /// For extra-care customers: a named person, a direct way back, a follow-up promise.
    ExtraCare,
    /// Thanking them for telling us.
    Thanks,
    /// The sign-off.
    Closing,
}

impl PartKind {
    /// Every part, in reply order.
    pub const ALL: [PartKind; 9] = [
        PartKind::Greeting,
        PartKind::Acknowledge,
        PartKind::Empathy,
        PartKind::Ownership,
        PartKind::Action,
        PartKind::TimeFrame,
        PartKind::ExtraCare,
        PartKind::Thanks,
        PartKind::Closing,
    ];

    /// True when a template line key of this part may be `key`.
    fn accepts(self, key: &str) -> bool {
        key == ANY
            || match self {
                PartKind::Acknowledge | PartKind::Action => {
                    Topic::ALL.iter().any(|t| t.name() == key)
                }
                PartKind::Empathy | PartKind::Ownership => {
                    HostilityBand::ALL.iter().any(|b| b.name() == key)
                }
                PartKind::TimeFrame => UrgencyBand::ALL.iter().any(|u| u.name() == key),
                _ => false,
            }
    }
}

snake_case_names!(PartKind {
    Greeting => "greeting",
    Acknowledge => "acknowledge",
    Empathy => "empathy",
    Ownership => "ownership",
    Action => "action",
    TimeFrame => "time_frame",
    ExtraCare => "extra_care",
    Thanks => "thanks",
    Closing => "closing",
});

/// The key that matches every topic or band.
const ANY: &str = "any";
/// The section of rewrite advice for the checker's findings.
const REWRITE: &str = "rewrite";
/// Separates the alternatives of one template line.
const ALT: &str = " | ";
/// A line whose whole text is this leaves the part out for its key.
const OMIT: &str = "-";

/// One template line: a section, a key, and its alternatives (or none: the part is left
/// out).
#[derive(Clone, Debug, PartialEq)]
struct Line {
    section: Section,
    key: String,
    alternatives: Vec<Alternative>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Part(PartKind),
    Rewrite,
}

/// Reply templates: the parts replies are assembled from, and the rewrite advice of the
/// checker. Parsed from the line-oriented format of `lexicons/replies/*.txt` (see
/// "Reply templates" in `lexicons/README.md`); the built-in voice goes through the same
/// parser.
///
/// # Example
///
/// ```
/// use sentiment_triage::{PartKind, Templates};
///
/// let t = Templates::parse("ours.txt", "[greeting]\nany: Hello {name}! | Hello!\n")?;
/// assert_eq!(t.len(), 1);
/// assert!(Templates::parse("bad.txt", "[greeting]\nany: Hi {name}\n").is_err());
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Templates {
    lines: Vec<Line>,
}

impl Templates {
    /// Parses template text; `name` is used in error messages (usually the file name).
    ///
    /// # Errors
    ///
    /// Fails on the first bad line, naming `name` and the 1-based line: an unknown section
    /// or key, a line outside a section or without `KEY: TEXT`, an unknown or unclosed
    /// placeholder, or a last alternative that still has a placeholder (every line must end
    /// in wording that needs no context value).
    pub fn parse(name: &str, text: &str) -> Result<Templates, Error> {
        let mut lines = Vec::new();
        let mut section: Option<Section> = None;
        for (i, raw) in text.lines().enumerate() {
            let no = i + 1;
            let err = |m: String| Error::lexicon(name, no, m);
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let inner = rest
                    .strip_suffix(']')
                    .ok_or_else(|| err("section header must end with ']'".into()))?;
                let inner = inner.trim();
                section = Some(if inner == REWRITE {
                    Section::Rewrite
                } else {
                    let part = PartKind::ALL.into_iter().find(|p| p.name() == inner);
                    Section::Part(part.ok_or_else(|| err(format!("unknown section '[{inner}]'")))?)
                });
                continue;
            }
            let section = section.ok_or_else(|| err("line before any [section] header".into()))?;
            let (key, body) = line
                .split_once(':')
                .ok_or_else(|| err(format!("expected 'KEY: TEXT', found '{line}'")))?;
            let (key, body) = (key.trim(), body.trim());
            match section {
                Section::Part(p) if !p.accepts(key) => {
                    return Err(err(format!(
                        "key '{key}' is not valid in section '[{}]'",
                        p.name()
                    )))
                }
                Section::Rewrite
                    if !key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || " '_".contains(c)) =>
                {
                    return Err(err(format!(
                        "rewrite key '{key}': use a finding kind or a lower-case term"
                    )))
                }
                _ => {}
            }
            if body.is_empty() {
                return Err(err(format!(
                    "key '{key}' has no text (write '{OMIT}' to leave the part out)"
                )));
            }
            let alternatives = if body == OMIT {
                Vec::new()
            } else {
                body.split(ALT)
                    .map(|a| Alternative::parse(a.trim()).map_err(&err))
                    .collect::<Result<Vec<_>, _>>()?
            };
            if alternatives.last().is_some_and(Alternative::has_slots) {
                return Err(err(
                    "the last alternative must not use a placeholder: add '| WORDING' \
                                that reads well without the value"
                        .into(),
                ));
            }
            lines.push(Line {
                section,
                key: key.to_string(),
                alternatives,
            });
        }
        Ok(Templates { lines })
    }

    /// Reads and parses a template file.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be read, is too large, is not UTF-8, or has a bad line.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Templates, Error> {
        let path = path.as_ref();
        let text = crate::lexicon::read_data_file(path, "template")?;
        Templates::parse(&path.display().to_string(), &text)
    }

    /// The built-in English templates.
    ///
    /// # Panics
    ///
    /// Only if the embedded templates were broken at release time; a unit test proves
    /// they parse.
    pub fn builtin() -> Templates {
        match &*crate::builtin::TEMPLATES {
            Ok(t) => t.clone(),
            Err(e) => panic!("built-in templates failed to parse: {e}"),
        }
    }

    /// Adds the lines of `other` after these; for a key, variants accumulate in order.
    pub fn extend(&mut self, other: Templates) -> &mut Templates {
        self.lines.extend(other.lines);
        self
    }

    /// The number of template lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when there are no template lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The variants for `part` under `key`, falling back to the `any` key.
    fn variants(&self, section: Section, key: &str) -> Vec<&Line> {
        let pick = |k: &str| -> Vec<&Line> {
            self.lines
                .iter()
                .filter(|l| l.section == section && l.key == k)
                .collect()
        };
        let exact = pick(key);
        if exact.is_empty() {
            pick(ANY)
        } else {
            exact
        }
    }

    /// Variant `n` (cycling) of `part` for `key`, filled from `values`. `None` when the
    /// templates have no line for it or the line leaves the part out.
    pub(crate) fn render(
        &self,
        part: PartKind,
        key: &str,
        n: usize,
        values: &dyn Fn(Slot) -> Option<String>,
    ) -> Option<String> {
        let lines = self.variants(Section::Part(part), key);
        let line = lines.get(n % lines.len().max(1))?;
        line.alternatives.iter().find_map(|a| a.fill(values))
    }

    /// The rewrite advice for a finding: by exact term first, then by kind.
    pub(crate) fn rewrite(&self, term: &str, kind: FindingKind) -> Option<String> {
        let none = |_| None;
        [term, kind.name()].into_iter().find_map(|k| {
            let lines = self.variants(Section::Rewrite, k);
            let exact = lines.into_iter().find(|l| l.key == k)?;
            exact.alternatives.iter().find_map(|a| a.fill(&none))
        })
    }

    /// The keys (per part) that have no line and no `any` fallback: what a complete set
    /// of templates must still cover.
    pub fn gaps(&self) -> Vec<(PartKind, String)> {
        let mut gaps = Vec::new();
        for part in PartKind::ALL {
            let keys: Vec<&str> = match part {
                PartKind::Acknowledge | PartKind::Action => {
                    Topic::ALL.iter().map(|t| t.name()).collect()
                }
                PartKind::Empathy | PartKind::Ownership => {
                    HostilityBand::ALL.iter().map(|b| b.name()).collect()
                }
                PartKind::TimeFrame => UrgencyBand::ALL.iter().map(|u| u.name()).collect(),
                _ => vec![ANY],
            };
            for k in keys {
                if self.variants(Section::Part(part), k).is_empty() {
                    gaps.push((part, k.to_string()));
                }
            }
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected line of the error, a fragment of the message)
    const BAD: &[(&str, usize, &str)] = &[
        ("any: hi\n", 1, "before any [section]"),
        ("[greeting\n", 1, "must end with ']'"),
        ("[nonsense]\n", 1, "unknown section"),
        ("[greeting]\nhello there\n", 2, "KEY: TEXT"),
        ("[greeting]\nangry: hi\n", 2, "not valid in section"),
        ("[acknowledge]\nparcel: hi\n", 2, "not valid"),
        ("[greeting]\nany:\n", 2, "has no text"),
        ("[greeting]\nany: Hi {nme} | Hi\n", 2, "unknown placeholder"),
        ("[greeting]\nany: Hi {name | Hi\n", 2, "no closing"),
        ("[greeting]\nany: Hi } there\n", 2, "lone '}'"),
        ("[greeting]\n\n# c\nany: Hi {name}\n", 4, "last alternative"),
        ("[rewrite]\nCalm Down: x\n", 2, "rewrite key"),
    ];

    #[test]
    fn bad_lines_name_the_file_and_line() {
        for (text, line, fragment) in BAD {
            let err = Templates::parse("t.txt", text).unwrap_err();
            assert_eq!(err.line(), Some(*line), "{text:?}: {err}");
            let msg = err.to_string();
            assert!(msg.starts_with("t.txt, line "), "{msg}");
            assert!(msg.contains(fragment), "{text:?}: {msg}");
        }
    }

    #[test]
    fn alternatives_fall_back_and_braces_escape() {
        let t = Templates::parse("t", "[greeting]\nany: Hi {name}, {{x}} | Hi {{x}}\n").unwrap();
        let with = |s: Slot| (s == Slot::Name).then(|| "Ana".to_string());
        assert_eq!(
            t.render(PartKind::Greeting, ANY, 0, &with).unwrap(),
            "Hi Ana, {x}"
        );
        assert_eq!(
            t.render(PartKind::Greeting, ANY, 0, &|_| None).unwrap(),
            "Hi {x}"
        );
    }

    #[test]
    fn omitted_parts_and_variants_cycle() {
        let t = Templates::parse("t", "[empathy]\ncalm: -\nangry: A\nangry: B\n").unwrap();
        assert_eq!(t.render(PartKind::Empathy, "calm", 0, &|_| None), None);
        assert_eq!(
            t.render(PartKind::Empathy, "angry", 3, &|_| None).unwrap(),
            "B"
        );
        assert_eq!(t.render(PartKind::Empathy, "abusive", 0, &|_| None), None);
    }

    #[test]
    fn builtin_templates_parse_and_cover_every_key() {
        let t = Templates::builtin();
        assert!(t.gaps().is_empty(), "{:?}", t.gaps());
        for kind in FindingKind::ALL {
            assert!(t.rewrite("", kind).is_some(), "no rewrite for {kind}");
        }
    }
}
