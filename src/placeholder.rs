//! Template text with placeholders: `{name}`, `{order_id}`, `{agent}`, `{product}` parsed
//! once, then filled with context values cleaned for insertion.

/// A context value longer than this many characters is cut: names, order ids and product
/// names are short, and a cap keeps a pasted paragraph from taking over a reply.
pub const MAX_VALUE_CHARS: usize = 60;

/// A context value a template can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Slot {
    Name,
    OrderId,
    Agent,
    Product,
}

impl Slot {
    const ALL: [Slot; 4] = [Slot::Name, Slot::OrderId, Slot::Agent, Slot::Product];

    fn name(self) -> &'static str {
        match self {
            Slot::Name => "name",
            Slot::OrderId => "order_id",
            Slot::Agent => "agent",
            Slot::Product => "product",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    Slot(Slot),
}

/// One alternative: text and placeholders.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Alternative(Vec<Piece>);

impl Alternative {
    pub(crate) fn parse(text: &str) -> Result<Alternative, String> {
        let mut pieces = Vec::new();
        let mut buf = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    buf.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    buf.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(format!("'{{{name}' has no closing '}}'")),
                        }
                    }
                    let slot = Slot::ALL.into_iter().find(|s| s.name() == name).ok_or_else(|| {
                        format!("unknown placeholder '{{{name}}}' (use name, order_id, agent, product)")
                    })?;
                    if !buf.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut buf)));
                    }
                    pieces.push(Piece::Slot(slot));
                }
                '}' => return Err("a lone '}' (write '}}' for a literal brace)".into()),
                c => buf.push(c),
            }
        }
        if !buf.is_empty() {
            pieces.push(Piece::Text(buf));
        }
        Ok(Alternative(pieces))
    }

    pub(crate) fn has_slots(&self) -> bool {
        self.0.iter().any(|p| matches!(p, Piece::Slot(_)))
    }

    /// Fills the placeholders, or `None` when one of them has no value.
    pub(crate) fn fill(&self, values: &dyn Fn(Slot) -> Option<String>) -> Option<String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(s) => out.push_str(&values(*s)?),
            }
        }
        Some(out)
    }
}

/// Cleans a context value for insertion: control characters removed, whitespace runs made
/// one space, trimmed, cut to [`MAX_VALUE_CHARS`]; `None` when nothing is left. The value
/// is inserted literally: braces in it are never read as placeholders.
pub(crate) fn clean_value(raw: &str) -> Option<String> {
    let mut out = String::new();
    for word in raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| !c.is_control() && !is_invisible(*c)),
        );
    }
    let out: String = out.trim().chars().take(MAX_VALUE_CHARS).collect();
    let out = out.trim_end().to_string();
    (!out.is_empty()).then_some(out)
}

/// Format characters that can reorder or hide text (bidi overrides, zero-width marks).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cleaned() {
        assert_eq!(clean_value("  Ana \u{7}\n Lee "), Some("Ana Lee".into()));
        assert_eq!(
            clean_value("\u{202E}x{order_id}"),
            Some("x{order_id}".into())
        );
        assert_eq!(clean_value(" \t "), None);
        assert_eq!(
            clean_value(&"é".repeat(200)).unwrap().chars().count(),
            MAX_VALUE_CHARS
        );
    }
}
