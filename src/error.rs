//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// An error from building an engine, parsing a lexicon, or loading stored state.
///
/// Only construction and loading can fail; analysis never does. The message names the
/// source (file or lexicon name), the line when there is one, and what is wrong.
///
/// # Example
///
/// ```
/// use sentiment_triage::Lexicon;
///
/// let err = Lexicon::parse("mine.txt", "[insult]\nidiot lots\n").unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert!(err.to_string().contains("mine.txt"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ErrorKind {
    Lexicon {
        source: String,
        line: usize,
        message: String,
    },
    Io {
        path: PathBuf,
        message: String,
    },
    Invalid {
        message: String,
    },
}

impl Error {
    pub(crate) fn lexicon(source: &str, line: usize, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Lexicon {
                source: source.to_string(),
                line,
                message: message.into(),
            },
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, err: impl fmt::Display) -> Error {
        Error {
            kind: ErrorKind::Io {
                path: path.into(),
                message: err.to_string(),
            },
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Invalid {
                message: message.into(),
            },
        }
    }

    /// The 1-based line of a lexicon error, if the error is about a line.
    pub fn line(&self) -> Option<usize> {
        match self.kind {
            ErrorKind::Lexicon { line, .. } => Some(line),
            _ => None,
        }
    }

    /// The file or lexicon name the error is about, if any.
    pub fn source_name(&self) -> Option<String> {
        match &self.kind {
            ErrorKind::Lexicon { source, .. } => Some(source.clone()),
            ErrorKind::Io { path, .. } => Some(path.display().to_string()),
            ErrorKind::Invalid { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Lexicon {
                source,
                line,
                message,
            } => write!(f, "{source}, line {line}: {message}"),
            ErrorKind::Io { path, message } => write!(f, "{}: {message}", path.display()),
            ErrorKind::Invalid { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
