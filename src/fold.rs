//! Character folding tables: look-alike letters, accents, full-width and styled forms.
//!
//! Each function maps one `char` of the original text to what the matcher should see. The
//! tables are written out by hand from the Unicode code charts; ASCII folding and the
//! leetspeak table are here too.

/// What to do with one character of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fold {
    /// Drop it: zero-width, format, combining or variation characters, skin tones.
    Skip,
    /// White space of any kind; `true` for a line break.
    Space(bool),
    /// An ASCII byte (already lower-case). `evasive` when the original was a look-alike or
    /// styled form rather than an ordinary letter; `upper` when it was a capital.
    Ascii {
        byte: u8,
        evasive: bool,
        upper: bool,
    },
    /// Keep the character (lower-cased when it has a one-character lower case).
    Keep(char),
}

/// Folds one non-ASCII character.
pub(crate) fn fold_non_ascii(c: char) -> Fold {
    let u = c as u32;
    if is_invisible(u) {
        return Fold::Skip;
    }
    if c.is_whitespace() {
        return Fold::Space(matches!(u, 0x85 | 0x2028 | 0x2029));
    }
    if matches!(
        u,
        0x2018 | 0x2019 | 0x201B | 0x02BC | 0x2032 | 0x00B4 | 0xFF07
    ) {
        return ascii(b'\'', false, false);
    }
    if matches!(u, 0x2010..=0x2015 | 0x2212) {
        return ascii(b'-', false, false);
    }
    if let Some(f) = full_width(u).or_else(|| styled(u)) {
        return f;
    }
    if let Some(b) = latin_accent(u) {
        return ascii(b, false, is_upper_latin(u));
    }
    if let Some((b, upper)) = look_alike(u) {
        return ascii(b, true, upper);
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Fold::Keep(l),
        _ => Fold::Keep(c),
    }
}

fn ascii(byte: u8, evasive: bool, upper: bool) -> Fold {
    Fold::Ascii {
        byte,
        evasive,
        upper,
    }
}

fn is_invisible(u: u32) -> bool {
    matches!(u,
        0x00AD                // soft hyphen
        | 0x034F              // combining grapheme joiner
        | 0x0300..=0x036F     // combining diacritics
        | 0x180E
        | 0x200B..=0x200F     // zero-width space/joiners, direction marks
        | 0x202A..=0x202E     // bidi embeddings
        | 0x2060..=0x2064     // word joiner, invisible operators
        | 0xFE00..=0xFE0F     // variation selectors
        | 0xFEFF              // BOM / zero-width no-break space
        | 0x1F3FB..=0x1F3FF   // skin-tone modifiers
        | 0xE0000..=0xE007F) // tags
}

/// Full-width ASCII forms (U+FF01..=U+FF5E) and the ideographic space.
fn full_width(u: u32) -> Option<Fold> {
    if u == 0x3000 {
        return Some(Fold::Space(false));
    }
    if !(0xFF01..=0xFF5E).contains(&u) {
        return None;
    }
    let b = (u - 0xFEE0) as u8;
    Some(ascii(
        b.to_ascii_lowercase(),
        b.is_ascii_alphanumeric(),
        b.is_ascii_uppercase(),
    ))
}

/// Mathematical alphanumeric symbols (bold, italic, script, ...: U+1D400..=U+1D7FF) and
/// circled letters, which people paste to dodge filters.
fn styled(u: u32) -> Option<Fold> {
    match u {
        0x1D400..=0x1D6A3 => {
            let i = ((u - 0x1D400) % 52) as u8;
            let upper = i < 26;
            Some(ascii(b'a' + i % 26, true, upper))
        }
        0x1D7CE..=0x1D7FF => Some(ascii(b'0' + ((u - 0x1D7CE) % 10) as u8, true, false)),
        0x24B6..=0x24CF => Some(ascii(b'a' + (u - 0x24B6) as u8, true, true)),
        0x24D0..=0x24E9 => Some(ascii(b'a' + (u - 0x24D0) as u8, true, false)),
        _ => None,
    }
}

/// Latin letters with diacritics, folded to their base letter (Latin-1 and Extended-A).
fn latin_accent(u: u32) -> Option<u8> {
    let b = match u {
        0xC0..=0xC5 | 0xE0..=0xE5 | 0x100..=0x105 => b'a',
        0xC7 | 0xE7 | 0x106..=0x10D => b'c',
        0x10E..=0x111 => b'd',
        0xC8..=0xCB | 0xE8..=0xEB | 0x112..=0x11B => b'e',
        0x11C..=0x123 => b'g',
        0x124..=0x127 => b'h',
        0xCC..=0xCF | 0xEC..=0xEF | 0x128..=0x131 => b'i',
        0x134..=0x135 => b'j',
        0x136..=0x137 => b'k',
        0x139..=0x142 => b'l',
        0xD1 | 0xF1 | 0x143..=0x148 => b'n',
        0xD2..=0xD6 | 0xD8 | 0xF2..=0xF6 | 0xF8 | 0x14C..=0x151 => b'o',
        0x154..=0x159 => b'r',
        0x15A..=0x161 => b's',
        0x162..=0x167 => b't',
        0xD9..=0xDC | 0xF9..=0xFC | 0x168..=0x173 => b'u',
        0x174..=0x175 => b'w',
        0xDD | 0xFD | 0xFF | 0x176..=0x178 => b'y',
        0x179..=0x17E => b'z',
        _ => return None,
    };
    Some(b)
}

fn is_upper_latin(u: u32) -> bool {
    match u {
        0xC0..=0xDE => true,
        0x100..=0x177 => u % 2 == 0 && u != 0x138,
        _ => false,
    }
}

/// Cyrillic, Greek and IPA letters that look like Latin ones, with whether they are capitals.
fn look_alike(u: u32) -> Option<(u8, bool)> {
    let (b, upper) = match u {
        0x0430 => (b'a', false),
        0x0410 => (b'a', true),
        0x0432 => (b'b', false),
        0x0412 => (b'b', true),
        0x0435 | 0x0450 | 0x0451 => (b'e', false),
        0x0415 | 0x0400 | 0x0401 => (b'e', true),
        0x043A => (b'k', false),
        0x041A => (b'k', true),
        0x043C => (b'm', false),
        0x041C => (b'm', true),
        0x043D | 0x04BB => (b'h', false),
        0x041D | 0x04BA => (b'h', true),
        0x043E => (b'o', false),
        0x041E => (b'o', true),
        0x0440 => (b'p', false),
        0x0420 => (b'p', true),
        0x0441 => (b'c', false),
        0x0421 => (b'c', true),
        0x0442 => (b't', false),
        0x0422 => (b't', true),
        0x0443 => (b'y', false),
        0x0423 => (b'y', true),
        0x0445 => (b'x', false),
        0x0425 => (b'x', true),
        0x0455 => (b's', false),
        0x0405 => (b's', true),
        0x0456 | 0x0457 => (b'i', false),
        0x0406 | 0x0407 => (b'i', true),
        0x0458 => (b'j', false),
        0x0408 => (b'j', true),
        0x0501 => (b'd', false),
        0x051B => (b'q', false),
        0x051D => (b'w', false),
        0x0261 => (b'g', false),
        0x03B1 => (b'a', false),
        0x0391 => (b'a', true),
        0x03B2 => (b'b', false),
        0x0392 => (b'b', true),
        0x03B5 => (b'e', false),
        0x0395 => (b'e', true),
        0x0396 => (b'z', true),
        0x03B7 => (b'n', false),
        0x0397 => (b'h', true),
        0x03B9 => (b'i', false),
        0x0399 => (b'i', true),
        0x03BA => (b'k', false),
        0x039A => (b'k', true),
        0x039C => (b'm', true),
        0x03BD => (b'v', false),
        0x039D => (b'n', true),
        0x03BF => (b'o', false),
        0x039F => (b'o', true),
        0x03C1 => (b'p', false),
        0x03A1 => (b'p', true),
        0x03C4 => (b't', false),
        0x03A4 => (b't', true),
        0x03C5 => (b'u', false),
        0x03A5 => (b'y', true),
        0x03C7 => (b'x', false),
        0x03A7 => (b'x', true),
        0x03C9 => (b'w', false),
        _ => return None,
    };
    Some((b, upper))
}

/// A byte that folds to itself, lower-cased, whatever its neighbours.
pub(crate) fn is_plain(b: u8) -> bool {
    PLAIN[b as usize]
}

/// `is_plain` as a table: it runs for nearly every byte of every message.
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x21;
    while b < 0x7F {
        t[b] = !matches!(b as u8, b'-' | b'_' | b'`');
        b += 1;
    }
    t
};

/// Folds one ASCII character; `next` is the following byte of the original, `prev` the last
/// byte emitted.
pub(crate) fn fold_ascii(b: u8, next: Option<u8>, prev: Option<u8>) -> Fold {
    match b {
        b'A'..=b'Z' => Fold::Ascii {
            byte: b.to_ascii_lowercase(),
            evasive: false,
            upper: true,
        },
        b'\n' | b'\r' | 0x0B | 0x0C => Fold::Space(true),
        b' ' | b'\t' => Fold::Space(false),
        b'-' | b'_'
            if prev.is_some_and(|p| p.is_ascii_alphabetic())
                && next.is_some_and(|n| n.is_ascii_alphabetic()) =>
        {
            Fold::Space(false)
        }
        b'`' => Fold::Ascii {
            byte: b'\'',
            evasive: false,
            upper: false,
        },
        0x00..=0x1F | 0x7F => Fold::Skip,
        _ => Fold::Ascii {
            byte: b,
            evasive: false,
            upper: false,
        },
    }
}

/// The letter a leetspeak symbol stands for inside a word.
pub(crate) fn leet_letter(b: u8) -> Option<u8> {
    match LEET[b as usize] {
        0 => None,
        l => Some(l),
    }
}

/// `leet_letter` as a table (0: not a leet symbol): decoding reads every byte of the view.
static LEET: [u8; 256] = {
    let mut t = [0u8; 256];
    let pairs: [(u8, u8); 13] = [
        (b'@', b'a'),
        (b'4', b'a'),
        (b'$', b's'),
        (b'5', b's'),
        (b'0', b'o'),
        (b'1', b'i'),
        (b'!', b'i'),
        (b'|', b'i'),
        (b'3', b'e'),
        (b'7', b't'),
        (b'+', b't'),
        (b'*', b'*'),
        (b'#', b'*'),
    ];
    let mut k = 0;
    while k < pairs.len() {
        t[pairs[k].0 as usize] = pairs[k].1;
        k += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// (original char, expected ASCII byte, evasive)
    const CASES: &[(char, u8, bool)] = &[
        ('é', b'e', false),
        ('Ü', b'u', false),
        ('ş', b's', false),
        ('а', b'a', true),
        ('С', b'c', true),
        ('ο', b'o', true),
        ('ｆ', b'f', true),
        ('Ｕ', b'u', true),
        ('𝐟', b'f', true),
        ('𝐅', b'f', true),
        ('ⓕ', b'f', true),
        ('’', b'\'', false),
    ];

    #[test]
    fn folds_look_alikes_and_accents() {
        for &(c, byte, evasive) in CASES {
            match fold_non_ascii(c) {
                Fold::Ascii {
                    byte: b,
                    evasive: e,
                    ..
                } => {
                    assert_eq!((b, e), (byte, evasive), "{c}")
                }
                other => panic!("{c}: {other:?}"),
            }
        }
    }

    #[test]
    fn invisible_and_space_and_kept() {
        assert_eq!(fold_non_ascii('\u{200B}'), Fold::Skip);
        assert_eq!(fold_non_ascii('\u{FE0F}'), Fold::Skip);
        assert_eq!(fold_non_ascii('\u{00A0}'), Fold::Space(false));
        assert_eq!(fold_non_ascii('\u{2028}'), Fold::Space(true));
        assert_eq!(fold_non_ascii('😡'), Fold::Keep('😡'));
        assert_eq!(fold_non_ascii('Ж'), Fold::Keep('ж'));
    }

    #[test]
    fn plain_table_matches_its_definition() {
        for b in 0..=255u8 {
            let want = (0x21..0x7F).contains(&b) && !matches!(b, b'-' | b'_' | b'`');
            assert_eq!(is_plain(b), want, "{b}");
        }
    }

    #[test]
    fn leet_table_holds_every_symbol() {
        let want = "@a 4a $s 5s 0o 1i !i |i 3e 7t +t ** #*";
        let mut got = String::new();
        for b in 0..=255u8 {
            if let Some(l) = leet_letter(b) {
                got.push_str(&format!("{}{} ", b as char, l as char));
            }
        }
        let mut want: Vec<&str> = want.split(' ').collect();
        want.sort_unstable();
        let mut got: Vec<&str> = got.split_whitespace().collect();
        got.sort_unstable();
        assert_eq!(got, want);
    }
}
