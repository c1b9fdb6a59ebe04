//! An article's score line and spill row, written by hand.
//!
//! `framelens score` writes one [`ArticleReport`] a line, and `framelens report` one a spill
//! row. Most of those bytes are article text (every mention carries its sentence), so the cost
//! is in escaping strings. [`article_line`] writes exactly the bytes of
//! `serde_json::to_string` (tested against it), but skips runs of bytes that need no escape
//! eight at a time where serde_json looks at each byte, and sizes its buffer once.
//! [`article_pretty`] writes the bytes of `serde_json::to_vec_pretty`, already indented for
//! the article's place in `report.json` (tested against serde_json re-indented), for the
//! spill rows, with the same string escaping.
//!
//! Each writer takes its struct apart field by field with no `..`, so a field added to the
//! model does not compile until it is written here too; the derived `Serialize` stays the
//! contract (`report.json` and reading score lines back use it).

use crate::model::{ArticleReport, FrameCounts, MentionReport, Removed, StanceCounts};

/// The JSON of `a` on one line, as `serde_json::to_string` writes it.
pub fn article_line(a: &ArticleReport) -> String {
    let mut out = String::with_capacity(estimate(a));
    article(a, &mut out);
    out
}

/// Bytes [`article_line`] will most likely need: the strings plus the fixed text around
/// them (escapes, rare in article text, may make it grow once).
fn estimate(a: &ArticleReport) -> usize {
    let mentions: usize = a
        .mentions
        .iter()
        .map(|m| {
            200 + m.frame.len()
                + m.term.len()
                + m.text.len()
                + m.snippet.len()
                + m.actors.iter().map(|x| x.len() + 3).sum::<usize>()
        })
        .sum();
    let strings = [&a.path, &a.outlet, &a.title, &a.sha256]
        .iter()
        .map(|s| s.len())
        .sum::<usize>()
        + [&a.date, &a.author, &a.url]
            .iter()
            .map(|s| s.as_ref().map_or(0, |s| s.len()))
            .sum::<usize>();
    400 + strings + a.frames.keys().map(|k| k.len() + 120).sum::<usize>() + mentions
}

fn article(a: &ArticleReport, out: &mut String) {
    let ArticleReport {
        path,
        outlet,
        title,
        date,
        author,
        url,
        words,
        removed: r,
        frames,
        mentions,
        sha256,
        exclusions_fired,
        warnings,
        twins,
    } = a;
    out.push_str("{\"path\":");
    string(path, out);
    out.push_str(",\"outlet\":");
    string(outlet, out);
    out.push_str(",\"title\":");
    string(title, out);
    out.push_str(",\"date\":");
    option(date, out);
    out.push_str(",\"author\":");
    option(author, out);
    if let Some(url) = url {
        out.push_str(",\"url\":");
        string(url, out);
    }
    out.push_str(",\"words\":");
    uint(*words, out);
    out.push_str(",\"removed\":");
    removed(r, out);
    out.push_str(",\"frames\":{");
    for (k, (id, c)) in frames.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        string(id, out);
        out.push(':');
        frame_counts(c, out);
    }
    out.push_str("},\"mentions\":[");
    for (k, m) in mentions.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        mention(m, out);
    }
    out.push(']');
    if !sha256.is_empty() {
        out.push_str(",\"sha256\":");
        string(sha256, out);
    }
    if !exclusions_fired.is_empty() {
        out.push_str(",\"exclusions_fired\":{");
        for (k, (key, n)) in exclusions_fired.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            string(key, out);
            out.push(':');
            uint(*n, out);
        }
        out.push('}');
    }
    if !warnings.is_empty() {
        out.push_str(",\"warnings\":");
        strings(warnings, out);
    }
    if !twins.is_empty() {
        out.push_str(",\"twins\":");
        strings(twins, out);
    }
    out.push('}');
}

/// The JSON of `a` as `serde_json::to_vec_pretty` writes it, but with `indent` more spaces
/// after every line end, so that it stands in place in a document that puts it `indent`
/// spaces in (`report.json` puts each article of its list 4 spaces in). Appended to `out`;
/// returns where the `[` of its mention list is in `out` when that list is empty. Written
/// directly, not by pretty-printing and re-indenting serde's text: a large report writes a
/// row like this for every article.
pub fn article_pretty(a: &ArticleReport, indent: usize, out: &mut String) -> Option<usize> {
    let ArticleReport {
        path,
        outlet,
        title,
        date,
        author,
        url,
        words,
        removed: r,
        frames,
        mentions,
        sha256,
        exclusions_fired,
        warnings,
        twins,
    } = a;
    let at = indent + 2;
    out.push('{');
    key(out, at, "\"path\": ");
    string(path, out);
    next_key(out, at, "\"outlet\": ");
    string(outlet, out);
    next_key(out, at, "\"title\": ");
    string(title, out);
    next_key(out, at, "\"date\": ");
    option(date, out);
    next_key(out, at, "\"author\": ");
    option(author, out);
    if let Some(url) = url {
        next_key(out, at, "\"url\": ");
        string(url, out);
    }
    next_key(out, at, "\"words\": ");
    uint(*words, out);
    next_key(out, at, "\"removed\": ");
    removed_pretty(r, at, out);
    next_key(out, at, "\"frames\": ");
    out.push('{');
    for (k, (id, c)) in frames.iter().enumerate() {
        out.push_str(if k == 0 { "\n" } else { ",\n" });
        spaces(out, at + 2);
        string(id, out);
        out.push_str(": ");
        frame_counts_pretty(c, at + 2, out);
    }
    close(out, !frames.is_empty(), at, '}');
    next_key(out, at, "\"mentions\": ");
    let mentions_at = mentions.is_empty().then_some(out.len());
    out.push('[');
    for (k, m) in mentions.iter().enumerate() {
        out.push_str(if k == 0 { "\n" } else { ",\n" });
        spaces(out, at + 2);
        mention_pretty(m, at + 2, out);
    }
    close(out, !mentions.is_empty(), at, ']');
    if !sha256.is_empty() {
        next_key(out, at, "\"sha256\": ");
        string(sha256, out);
    }
    if !exclusions_fired.is_empty() {
        next_key(out, at, "\"exclusions_fired\": ");
        out.push('{');
        for (k, (name, n)) in exclusions_fired.iter().enumerate() {
            out.push_str(if k == 0 { "\n" } else { ",\n" });
            spaces(out, at + 2);
            string(name, out);
            out.push_str(": ");
            uint(*n, out);
        }
        close(out, true, at, '}');
    }
    if !warnings.is_empty() {
        next_key(out, at, "\"warnings\": ");
        strings_pretty(warnings, at, out);
    }
    if !twins.is_empty() {
        next_key(out, at, "\"twins\": ");
        strings_pretty(twins, at, out);
    }
    close(out, true, indent, '}');
    mentions_at
}

/// Spaces for the deepest lines of a report (anything deeper is written a chunk at a time).
const SPACES: &str = "                                ";

/// `n` spaces.
#[inline]
fn spaces(out: &mut String, mut n: usize) {
    while n > SPACES.len() {
        out.push_str(SPACES);
        n -= SPACES.len();
    }
    out.push_str(&SPACES[..n]);
}

/// The first key of an object, on a new line `at` spaces in (`key` with its quotes and `: `).
#[inline]
fn key(out: &mut String, at: usize, key: &str) {
    out.push('\n');
    spaces(out, at);
    out.push_str(key);
}

/// A key after the first.
#[inline]
fn next_key(out: &mut String, at: usize, key: &str) {
    out.push(',');
    self::key(out, at, key);
}

/// The end of an object or list whose opening line stands `at` spaces in: on its own line
/// when it holds something, right after the opening bracket when it is empty.
#[inline]
fn close(out: &mut String, filled: bool, at: usize, bracket: char) {
    if filled {
        out.push('\n');
        spaces(out, at);
    }
    out.push(bracket);
}

fn removed_pretty(r: &Removed, at: usize, out: &mut String) {
    let Removed {
        boilerplate_lines,
        duplicate_paragraphs,
        boilerplate_preview,
        captions,
        prompts,
        trailing_lines,
        removed_preview,
    } = r;
    let inner = at + 2;
    out.push('{');
    key(out, inner, "\"boilerplate_lines\": ");
    uint(*boilerplate_lines, out);
    next_key(out, inner, "\"duplicate_paragraphs\": ");
    uint(*duplicate_paragraphs, out);
    if let Some(p) = boilerplate_preview {
        next_key(out, inner, "\"boilerplate_preview\": ");
        string(p, out);
    }
    for (name, n) in [
        ("\"captions\": ", captions),
        ("\"prompts\": ", prompts),
        ("\"trailing_lines\": ", trailing_lines),
    ] {
        if *n != 0 {
            next_key(out, inner, name);
            uint(*n, out);
        }
    }
    if !removed_preview.is_empty() {
        next_key(out, inner, "\"removed_preview\": ");
        strings_pretty(removed_preview, inner, out);
    }
    close(out, true, at, '}');
}

fn frame_counts_pretty(c: &FrameCounts, at: usize, out: &mut String) {
    let FrameCounts {
        mentions,
        endorsed,
        stance,
    } = c;
    let StanceCounts {
        asserted,
        quoted,
        negated,
        distanced,
    } = stance;
    let inner = at + 2;
    out.push('{');
    key(out, inner, "\"mentions\": ");
    uint(*mentions, out);
    next_key(out, inner, "\"endorsed\": ");
    uint(*endorsed, out);
    next_key(out, inner, "\"stance\": {");
    key(out, inner + 2, "\"asserted\": ");
    uint(*asserted, out);
    next_key(out, inner + 2, "\"quoted\": ");
    uint(*quoted, out);
    next_key(out, inner + 2, "\"negated\": ");
    uint(*negated, out);
    next_key(out, inner + 2, "\"distanced\": ");
    uint(*distanced, out);
    close(out, true, inner, '}');
    close(out, true, at, '}');
}

fn mention_pretty(m: &MentionReport, at: usize, out: &mut String) {
    let MentionReport {
        frame,
        term,
        text,
        stance,
        actors,
        start,
        end,
        snippet,
        highlight,
        headline,
        lead,
    } = m;
    let inner = at + 2;
    out.push('{');
    key(out, inner, "\"frame\": ");
    string(frame, out);
    next_key(out, inner, "\"term\": ");
    string(term, out);
    next_key(out, inner, "\"text\": ");
    string(text, out);
    next_key(out, inner, "\"stance\": \"");
    out.push_str(stance.as_str());
    out.push('"');
    next_key(out, inner, "\"actors\": ");
    strings_pretty(actors, inner, out);
    next_key(out, inner, "\"start\": ");
    uint(*start as u64, out);
    next_key(out, inner, "\"end\": ");
    uint(*end as u64, out);
    next_key(out, inner, "\"snippet\": ");
    string(snippet, out);
    next_key(out, inner, "\"highlight\": [");
    key(out, inner + 2, "");
    uint(highlight[0] as u64, out);
    next_key(out, inner + 2, "");
    uint(highlight[1] as u64, out);
    close(out, true, inner, ']');
    next_key(out, inner, "\"headline\": ");
    out.push_str(if *headline { "true" } else { "false" });
    next_key(out, inner, "\"lead\": ");
    out.push_str(if *lead { "true" } else { "false" });
    close(out, true, at, '}');
}

/// A list of strings whose key stands `at` spaces in.
fn strings_pretty(list: &[String], at: usize, out: &mut String) {
    out.push('[');
    for (k, s) in list.iter().enumerate() {
        out.push_str(if k == 0 { "\n" } else { ",\n" });
        spaces(out, at + 2);
        string(s, out);
    }
    close(out, !list.is_empty(), at, ']');
}

fn removed(r: &Removed, out: &mut String) {
    let Removed {
        boilerplate_lines,
        duplicate_paragraphs,
        boilerplate_preview,
        captions,
        prompts,
        trailing_lines,
        removed_preview,
    } = r;
    out.push_str("{\"boilerplate_lines\":");
    uint(*boilerplate_lines, out);
    out.push_str(",\"duplicate_paragraphs\":");
    uint(*duplicate_paragraphs, out);
    if let Some(p) = boilerplate_preview {
        out.push_str(",\"boilerplate_preview\":");
        string(p, out);
    }
    for (name, n) in [
        (",\"captions\":", captions),
        (",\"prompts\":", prompts),
        (",\"trailing_lines\":", trailing_lines),
    ] {
        if *n != 0 {
            out.push_str(name);
            uint(*n, out);
        }
    }
    if !removed_preview.is_empty() {
        out.push_str(",\"removed_preview\":");
        strings(removed_preview, out);
    }
    out.push('}');
}

fn frame_counts(c: &FrameCounts, out: &mut String) {
    let FrameCounts {
        mentions,
        endorsed,
        stance,
    } = c;
    let StanceCounts {
        asserted,
        quoted,
        negated,
        distanced,
    } = stance;
    out.push_str("{\"mentions\":");
    uint(*mentions, out);
    out.push_str(",\"endorsed\":");
    uint(*endorsed, out);
    out.push_str(",\"stance\":{\"asserted\":");
    uint(*asserted, out);
    out.push_str(",\"quoted\":");
    uint(*quoted, out);
    out.push_str(",\"negated\":");
    uint(*negated, out);
    out.push_str(",\"distanced\":");
    uint(*distanced, out);
    out.push_str("}}");
}

fn mention(m: &MentionReport, out: &mut String) {
    let MentionReport {
        frame,
        term,
        text,
        stance,
        actors,
        start,
        end,
        snippet,
        highlight,
        headline,
        lead,
    } = m;
    out.push_str("{\"frame\":");
    string(frame, out);
    out.push_str(",\"term\":");
    string(term, out);
    out.push_str(",\"text\":");
    string(text, out);
    out.push_str(",\"stance\":\"");
    // Stance names are plain lowercase words.
    out.push_str(stance.as_str());
    out.push_str("\",\"actors\":");
    strings(actors, out);
    out.push_str(",\"start\":");
    uint(*start as u64, out);
    out.push_str(",\"end\":");
    uint(*end as u64, out);
    out.push_str(",\"snippet\":");
    string(snippet, out);
    out.push_str(",\"highlight\":[");
    uint(highlight[0] as u64, out);
    out.push(',');
    uint(highlight[1] as u64, out);
    out.push_str("],\"headline\":");
    out.push_str(if *headline { "true" } else { "false" });
    out.push_str(",\"lead\":");
    out.push_str(if *lead { "true" } else { "false" });
    out.push('}');
}

fn strings(list: &[String], out: &mut String) {
    out.push('[');
    for (k, s) in list.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        string(s, out);
    }
    out.push(']');
}

fn option(s: &Option<String>, out: &mut String) {
    match s {
        Some(s) => string(s, out),
        None => out.push_str("null"),
    }
}

/// `n` in decimal. Most numbers of a line are counts and offsets of a few digits, pushed one
/// by one (the higher digits first, by recursion) with no buffer to fill and copy.
fn uint(n: u64, out: &mut String) {
    if n >= 10 {
        uint(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\` with a backslash,
/// control characters as `\b \t \n \f \r` or `\u00xx`, everything else (DEL and non-ASCII
/// included) as it is. Runs of plain bytes are copied whole.
pub fn string(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut copy = 0;
    let mut i = 0;
    loop {
        i = plain_end(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        // An escaped byte is ASCII, so both cuts fall on character boundaries.
        out.push_str(&s[copy..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
        i += 1;
        copy = i;
    }
    out.push_str(&s[copy..]);
    out.push('"');
}

/// True for the bytes a JSON string must escape: control characters, `"` and `\`.
#[inline]
const fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The first index at or after `i` whose byte [`needs_escape`], or the length; eight bytes per
/// step.
#[inline]
fn plain_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
        // Bit 7 of a byte set for a byte below 0x20, and for a byte equal to `"` or `\` (zero
        // after the xor). The borrow of a subtraction can only set bits above the first byte
        // that holds, so the lowest bit set is exact.
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let found = (x.wrapping_sub(ONES * 0x20) & !x
            | quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash)
            & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !needs_escape(bytes[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;
    use std::collections::BTreeMap;

    /// A small xorshift generator, so the cases are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn text(&mut self, max: usize) -> String {
            const PIECES: [&str; 16] = [
                "a", "Word", " ", "\"", "\\", "\n", "\t", "\r", "\u{1}", "\u{8}", "\u{c}",
                "\u{1f}", "\u{7f}", "é", "“", "北",
            ];
            let n = self.below(max + 1);
            (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect()
        }
        fn opt(&mut self) -> Option<String> {
            (self.below(2) == 0).then(|| self.text(12))
        }
        fn list(&mut self) -> Vec<String> {
            (0..self.below(3)).map(|_| self.text(10)).collect()
        }
    }

    fn random_report(rng: &mut Rng) -> ArticleReport {
        let counts = |rng: &mut Rng| FrameCounts {
            mentions: rng.below(30) as u64,
            endorsed: rng.below(3) as u64,
            stance: StanceCounts {
                asserted: rng.below(1000) as u64,
                quoted: u64::MAX - rng.below(2) as u64,
                negated: 0,
                distanced: rng.below(10) as u64,
            },
        };
        let mentions = (0..rng.below(4))
            .map(|_| MentionReport {
                frame: rng.text(6),
                term: rng.text(6),
                text: rng.text(6),
                stance: Stance::ALL[rng.below(4)],
                actors: rng.list(),
                start: rng.below(100_000),
                end: usize::MAX - rng.below(2),
                snippet: rng.text(60),
                highlight: [rng.below(10), rng.below(100)],
                headline: rng.below(2) == 0,
                lead: rng.below(2) == 0,
            })
            .collect();
        ArticleReport {
            path: rng.text(20),
            outlet: rng.text(8),
            title: rng.text(30),
            date: rng.opt(),
            author: rng.opt(),
            url: rng.opt(),
            words: rng.below(5000) as u64,
            removed: Removed {
                boilerplate_lines: rng.below(3) as u64,
                duplicate_paragraphs: rng.below(3) as u64,
                boilerplate_preview: rng.opt(),
                captions: rng.below(2) as u64,
                prompts: rng.below(2) as u64,
                trailing_lines: rng.below(2) as u64,
                removed_preview: rng.list(),
            },
            frames: (0..rng.below(3))
                .map(|_| (rng.text(5), counts(rng)))
                .collect::<BTreeMap<_, _>>(),
            mentions,
            sha256: if rng.below(2) == 0 {
                String::new()
            } else {
                rng.text(64)
            },
            exclusions_fired: (0..rng.below(3))
                .map(|_| (rng.text(8), rng.below(9) as u64))
                .collect(),
            warnings: rng.list(),
            twins: rng.list(),
        }
    }

    #[test]
    fn article_lines_are_what_serde_json_writes() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..3000 {
            let a = random_report(&mut rng);
            assert_eq!(
                article_line(&a),
                serde_json::to_string(&a).unwrap(),
                "{a:?}"
            );
        }
        let empty = ArticleReport::default();
        assert_eq!(article_line(&empty), serde_json::to_string(&empty).unwrap());
    }

    /// `json` with `spaces` more spaces after every line end.
    fn indented(json: &str, spaces: usize) -> String {
        json.replace('\n', &format!("\n{}", " ".repeat(spaces)))
    }

    #[test]
    fn pretty_articles_are_what_serde_json_writes() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let empty = ArticleReport::default();
        for k in 0..3000 {
            let a = if k == 0 {
                empty.clone()
            } else {
                random_report(&mut rng)
            };
            let plain = String::from_utf8(serde_json::to_vec_pretty(&a).unwrap()).unwrap();
            for indent in [0, 4, 40] {
                let mut out = String::from("x");
                let at = article_pretty(&a, indent, &mut out);
                assert_eq!(out[1..], indented(&plain, indent), "{a:?}");
                match at {
                    Some(at) => {
                        assert!(a.mentions.is_empty());
                        let key = "\"mentions\": ";
                        assert_eq!(&out[at - key.len()..at + 2], "\"mentions\": []");
                    }
                    None => assert!(!a.mentions.is_empty()),
                }
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte and a few non-ASCII characters, at every offset of an 8-byte step.
        let every: String = (0u8..0x80).map(char::from).chain("é“北".chars()).collect();
        for pad in 0..9 {
            for &c in every.as_bytes().iter().take(0x80) {
                for tail in 0..9 {
                    let s = format!("{}{}{}", "x".repeat(pad), char::from(c), "y".repeat(tail));
                    let mut out = String::new();
                    string(&s, &mut out);
                    assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
            let s = format!("{}{every}", "é".repeat(pad));
            let mut out = String::new();
            string(&s, &mut out);
            assert_eq!(out, serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn numbers_are_written_in_full() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::MAX - 1, u64::MAX] {
            let mut out = String::new();
            uint(n, &mut out);
            assert_eq!(out, n.to_string());
        }
    }
}
