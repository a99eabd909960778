//! Finds the parts of a helpdesk message that are the customer's new words: drops quoted
//! earlier messages ("On ... wrote:", lines starting with `>`, forwarded headers) and
//! signatures ("-- ", "Sent from my ...").

use std::ops::Range;

/// A quote header may wrap onto the next line ("On Mon, 5 Jan 2026, Ann <a@b.c>\nwrote:");
/// real headers are short, so longer lines that happen to end in "wrote:" are prose.
const QUOTE_HEADER_MAX_CHARS: usize = 200;

/// Pushes onto `out` the byte ranges of `text` that count as the customer's own words, in
/// order. Everything from the first quote header or signature delimiter onward is left
/// out, and so are single lines quoted with `>`.
pub(crate) fn active_regions(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    // Most messages are one line that is neither quoted nor an ending: then the whole
    // text counts, known from its first byte and one search for a line break.
    if let Some(&b) = text.as_bytes().first() {
        let one_line = crate::scan::next_newline(text.as_bytes()).is_none();
        if one_line
            && b < 0x80
            && !matches!(b, b'>' | b' ' | b'\t'..=b'\r')
            && !may_end_message(text)
        {
            out.push(0..text.len());
            return;
        }
    }
    active_regions_by_line(text, out);
}

/// `active_regions` read line by line, for any text (the quick case's oracle too).
fn active_regions_by_line(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut region_start: Option<usize> = None;
    let mut pos = 0;
    let mut end = text.len();
    // Lines as `split_inclusive('\n')` gives them, found by a block scan.
    let line_end = |from: usize| {
        let rest = &text.as_bytes()[from..];
        crate::scan::next_newline(rest).map_or(text.len(), |i| from + i + 1)
    };
    let mut next_end = line_end(0);
    while pos < text.len() {
        let start = pos;
        pos = next_end;
        let line = &text[start..pos];
        next_end = if pos < text.len() { line_end(pos) } else { pos };
        // Only a line whose first byte passes `may_end_message` is trimmed at both ends
        // (most are told apart by that byte alone); the rest need their start only.
        let lead = trim_start(line);
        let next = || text[pos..next_end].trim();
        if may_end_message(lead) && ends_message(line.trim(), next) {
            end = start;
            break;
        }
        if lead.starts_with('>') {
            if let Some(s) = region_start.take() {
                out.push(s..start);
            }
            continue;
        }
        region_start.get_or_insert(start);
    }
    if let Some(s) = region_start {
        if s < end {
            out.push(s..end);
        }
    }
}

/// `line.trim_start()`, with no search when the line starts with a byte that is not
/// white space: an ASCII one other than those `char::is_whitespace` names.
fn trim_start(line: &str) -> &str {
    match line.as_bytes().first() {
        Some(&b) if b < 0x80 && !matches!(b, b' ' | b'\t'..=b'\r') => line,
        _ => line.trim_start(),
    }
}

/// True when this line starts the quoted tail or the signature; `next` gives the next
/// line, trimmed (read only for the headers that wrap).
fn ends_message<'a>(line: &str, mut next: impl FnMut() -> &'a str) -> bool {
    if !may_end_message(line) {
        return false;
    }
    if line == "--" || line == "-- " || line == "—" {
        return true;
    }
    if TAIL_STARTS.iter().any(|p| starts_ci(line, p))
        || (starts_ci(line, "from:") && starts_ci(next(), "sent:"))
        || (line.len() >= 20 && line.bytes().all(|b| b == b'_'))
    {
        return true;
    }
    if starts_ci(line, "on ") && line.chars().count() <= QUOTE_HEADER_MAX_CHARS {
        if ends_ci(line, "wrote:") {
            return true;
        }
        let next = next();
        return ends_ci(next, "wrote:") && next.len() < QUOTE_HEADER_MAX_CHARS / 2;
    }
    false
}

/// Lines that start the quoted tail or a mail client's footer, compared without case.
const TAIL_STARTS: [&str; 5] = [
    "-----original message",
    "---------- forwarded message",
    "sent from my ",
    "get outlook for ",
    "begin forwarded message",
];

/// Whether `line` starts with a byte (in either case) that some line ending the message
/// starts with (`TAIL_STARTS`, "--", "—", "from:", "_", "on "): most lines are told apart
/// by their first byte, without the prefix tests of `ends_message`. A test keeps this
/// in step with those tests.
fn may_end_message(line: &str) -> bool {
    matches!(
        line.as_bytes().first().map(u8::to_ascii_lowercase),
        Some(b'-' | 0xE2 | b'_' | b's' | b'g' | b'b' | b'f' | b'o')
    )
}

fn starts_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn ends_ci(s: &str, suffix: &str) -> bool {
    let s = s.trim_end().as_bytes();
    s.len() >= suffix.len() && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        let mut v = Vec::new();
        active_regions(text, &mut v);
        v.iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join("|")
    }

    /// (message, the text that counts, regions joined by '|')
    const CASES: &[(&str, &str)] = &[
        ("plain text", "plain text"),
        ("", ""),
        ("hi\n> you idiots\nthanks", "hi\n|thanks"),
        (
            "Still broken.\n\nOn Mon, Jan 5, 2026 at 9:00 AM Support <s@x.com> wrote:\n> We are sorry\n",
            "Still broken.\n\n",
        ),
        (
            "Still broken.\nOn Mon, Jan 5, 2026 at 9:00 AM Support <s@x.com>\nwrote:\n> hi\n",
            "Still broken.\n",
        ),
        ("Fix it.\n-- \nJane Doe\nCEO, Damn Good Co", "Fix it.\n"),
        ("Fix it.\nSent from my iPhone", "Fix it.\n"),
        ("Fix it.\n \u{A0}Sent from my iPhone", "Fix it.\n"),
        ("a\n\t> quoted\nb", "a\n|b"),
        (
            "New words\n-----Original Message-----\nFrom: a\nyou morons",
            "New words\n",
        ),
        ("From: Ann\nSent: Monday\nold", ""),
        ("On time delivery please, I wrote to you before", "On time delivery please, I wrote to you before"),
    ];

    /// The first-byte filter lets through every line start that `ends_message` tests.
    #[test]
    fn the_first_byte_filter_passes_every_ending() {
        let others = ["--", "—", "from:", "_", "on "];
        for start in TAIL_STARTS.iter().chain(&others) {
            assert!(may_end_message(start), "{start:?}");
            assert!(may_end_message(&start.to_uppercase()), "{start:?}");
        }
    }

    /// The quick `trim_start` agrees with the standard one on every ASCII first byte and
    /// on white space beyond ASCII.
    #[test]
    fn trim_start_matches_the_standard_one() {
        let mut lines: Vec<String> = (0..0x80u8).map(|b| format!("{}x ", b as char)).collect();
        for s in [
            "",
            "\u{A0}x",
            "\u{3000}\u{2003}y",
            "\u{85}z",
            "\u{FEFF}a",
            "\u{e9}",
        ] {
            lines.push(s.to_string());
        }
        for line in &lines {
            assert_eq!(trim_start(line), line.trim_start(), "{line:?}");
        }
    }

    /// The one-line shortcut gives what the line-by-line reading gives, on random texts
    /// of one or more lines that start with every kind of first byte.
    #[test]
    fn one_line_shortcut_agrees_with_reading_by_line() {
        const PIECES: &[&str] = &[
            "a",
            "Sent from my x",
            "on ",
            "wrote:",
            ">",
            " ",
            "\t",
            "\n",
            "\r\n",
            "-- ",
            "\u{2014}",
            "_",
            "From:",
            "ok",
            "\u{A0}",
            "\u{e9}",
            "--",
            "b",
            "x",
        ];
        let mut next = crate::test_rng::below(0x6A09_E667_F3BC_C908);
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for _ in 0..50_000 {
            let mut text = String::new();
            for _ in 0..next(6) {
                text.push_str(PIECES[next(PIECES.len())]);
            }
            active_regions(&text, &mut got);
            active_regions_by_line(&text, &mut want);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn keeps_only_new_words() {
        for (text, want) in CASES {
            assert_eq!(kept(text), *want, "{text:?}");
        }
    }
}
