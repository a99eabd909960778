//! A byte range into the caller's original text.

use core::ops::{Index, Range};

/// A half-open byte range `start..end` into the text that was analyzed.
///
/// Spans always point into the caller's original string, on `char` boundaries, so
/// `&text[span]` works.
///
/// # Example
///
/// ```
/// use sentiment_triage::Span;
///
/// let text = "this is useless";
/// let span = Span::new(8, 15);
/// assert_eq!(&text[span], "useless");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The span as a `Range<usize>`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.range()
    }
}

impl Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

impl Index<Span> for String {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}
