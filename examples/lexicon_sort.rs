//! Rewrites lexicon files with the entries of each section sorted by pattern (byte order),
//! the order the built-in files must keep. Comment lines inside a section move to its top;
//! a repeated pattern is reported and dropped.
//!
//! ```text
//! cargo run --example lexicon_sort -- lexicons/hostility/anger.txt [MORE FILES]
//! ```

use sentiment_triage::Lexicon;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: lexicon_sort FILE...");
        std::process::exit(2);
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        // Refuse to rewrite a file the parser rejects: the error names the line.
        if let Err(e) = Lexicon::parse(&file, &text) {
            fail(&e.to_string());
        }
        std::fs::write(&file, sort(&file, &text)).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("lexicon_sort: {msg}");
    std::process::exit(1);
}

/// The pattern of an entry line: everything before the last whitespace-separated token.
fn pattern(line: &str) -> &str {
    let body = line.trim();
    body.rsplit_once(char::is_whitespace)
        .map_or(body, |(p, _)| p.trim_end())
}

fn sort(file: &str, text: &str) -> String {
    let mut out = String::new();
    let mut comments: Vec<&str> = Vec::new();
    let mut entries: Vec<&str> = Vec::new();
    let flush = |out: &mut String, comments: &mut Vec<&str>, entries: &mut Vec<&str>| {
        entries.sort_by(|a, b| pattern(a).as_bytes().cmp(pattern(b).as_bytes()));
        entries.dedup_by(|b, a| {
            let same = pattern(a) == pattern(b);
            if same {
                eprintln!("{file}: dropped repeated pattern '{}'", pattern(b));
            }
            same
        });
        for l in comments.drain(..).chain(entries.drain(..)) {
            out.push_str(l);
            out.push('\n');
        }
    };
    // Comments are held until the next line shows whether they open a new section.
    let mut pending: Vec<&str> = Vec::new();
    let mut in_section = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            flush(&mut out, &mut comments, &mut entries);
            if in_section && !out.ends_with("\n\n") {
                out.push('\n');
            }
            for l in pending.drain(..) {
                out.push_str(l);
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            in_section = true;
        } else if !in_section {
            out.push_str(line);
            out.push('\n');
        } else if t.starts_with('#') {
            pending.push(line);
        } else if !t.is_empty() {
            comments.append(&mut pending);
            entries.push(line);
        }
    }
    comments.append(&mut pending);
    flush(&mut out, &mut comments, &mut entries);
    out
}
