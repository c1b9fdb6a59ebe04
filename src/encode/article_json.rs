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
//! Both are one [`Writer`] in two layouts. It takes the struct apart field by field with no
//! `..`, so a field added to the model does not compile until it is written here too; the
//! derived `Serialize` stays the contract (`report.json` and reading score lines back use it).

use crate::model::{ArticleReport, Attribution, FrameCounts, MentionReport, Removed, StanceCounts};

/// Spaces before each line of an article in `report.json` (after its first).
pub const ARTICLE_INDENT: usize = 4;

/// The JSON of `a` on one line, as `serde_json::to_string` writes it.
pub fn article_line(a: &ArticleReport) -> String {
    let mut out = String::with_capacity(estimate(a));
    article(&mut Writer::line(&mut out), a);
    out
}

/// The JSON of `a` as `serde_json::to_vec_pretty` writes it, but with `indent` more spaces
/// after every line end, so that it stands in place in a document that puts it `indent`
/// spaces in (`report.json` puts each article of its list 4 spaces in). Appended to `out`;
/// returns where the `[` of its mention list is in `out` when that list is empty. Written
/// directly, not by pretty-printing and re-indenting serde's text: a large report writes a
/// row like this for every article.
pub fn article_pretty(a: &ArticleReport, indent: usize, out: &mut String) -> Option<usize> {
    article(&mut Writer::pretty(out, indent), a)
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

/// Writes JSON in one of serde_json's two layouts, keeping track of the punctuation between
/// entries: compact (`{"a":1,"b":[]}`), or pretty, with each entry of a non-empty object or
/// list on its own line two spaces deeper than the line that opened it, and `": "` after a
/// key. One writer for both keeps the score line and the `report.json` row the same fields
/// in the same order.
struct Writer<'a, const PRETTY: bool> {
    out: &'a mut String,
    /// Spaces before an entry of the innermost open object or list.
    indent: usize,
    /// Nothing has been written in the innermost open object or list yet.
    first: bool,
}

impl<'a> Writer<'a, false> {
    fn line(out: &'a mut String) -> Self {
        Writer {
            out,
            indent: 0,
            first: true,
        }
    }
}

impl<'a> Writer<'a, true> {
    /// A pretty writer for a value whose first line stands `indent` spaces in.
    fn pretty(out: &'a mut String, indent: usize) -> Self {
        Writer {
            out,
            indent,
            first: true,
        }
    }
}

/// The layout is a constant of the type, so the compact writer has no test of it left.
impl<const PRETTY: bool> Writer<'_, PRETTY> {
    /// Opens an object (`{`) or a list (`[`).
    #[inline]
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.indent += 2;
        self.first = true;
    }

    /// Closes the innermost object (`}`) or list (`]`): on a line of its own in the pretty
    /// layout when it holds something, right after the opening bracket when it is empty.
    #[inline]
    fn close(&mut self, bracket: char) {
        self.indent -= 2;
        if PRETTY && !self.first {
            self.out.push('\n');
            spaces(self.out, self.indent);
        }
        self.out.push(bracket);
        // The value just closed is an entry of the one around it.
        self.first = false;
    }

    /// Starts an entry of a list (the caller writes its value).
    #[inline(always)]
    fn item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        if PRETTY {
            self.out.push('\n');
            spaces(self.out, self.indent);
        }
    }

    /// Starts an entry of an object: its key, which `name` gives with its quotes and colon
    /// (the caller writes its value).
    #[inline(always)]
    fn key(&mut self, name: &str) {
        self.item();
        self.out.push_str(name);
        if PRETTY {
            self.out.push(' ');
        }
    }

    /// A key whose name is a string to escape.
    #[inline]
    fn key_string(&mut self, name: &str) {
        self.item();
        string(name, self.out);
        self.out.push_str(if PRETTY { ": " } else { ":" });
    }

    fn string(&mut self, s: &str) {
        string(s, self.out);
    }

    fn uint(&mut self, n: u64) {
        uint(n, self.out);
    }

    fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    fn option(&mut self, s: &Option<String>) {
        option(s, self.out);
    }

    fn strings<S: AsRef<str>>(&mut self, list: &[S]) {
        self.open('[');
        for s in list {
            self.item();
            self.string(s.as_ref());
        }
        self.close(']');
    }
}

/// Writes `a` and returns where the `[` of its mention list is when that list is empty.
///
/// It takes the struct apart field by field with no `..`, so a field added to the model does
/// not compile until it is written here too.
fn article<const PRETTY: bool>(w: &mut Writer<PRETTY>, a: &ArticleReport) -> Option<usize> {
    let ArticleReport {
        path,
        outlet,
        title,
        date,
        author,
        url,
        words,
        language,
        sections,
        removed: r,
        frames,
        mentions,
        sha256,
        exclusions_fired,
        warnings,
        twins,
    } = a;
    w.open('{');
    w.key("\"path\":");
    w.string(path);
    w.key("\"outlet\":");
    w.string(outlet);
    w.key("\"title\":");
    w.string(title);
    w.key("\"date\":");
    w.option(date);
    w.key("\"author\":");
    w.option(author);
    if let Some(url) = url {
        w.key("\"url\":");
        w.string(url);
    }
    w.key("\"words\":");
    w.uint(*words);
    if !language.is_empty() {
        w.key("\"language\":");
        w.string(language);
    }
    if let Some(s) = sections {
        w.key("\"sections\":");
        w.open('{');
        w.key("\"headline\":");
        w.bool(s.headline);
        w.key("\"paragraphs\":");
        w.uint(s.paragraphs);
        w.key("\"lead\":");
        w.bool(s.lead);
        w.close('}');
    }
    w.key("\"removed\":");
    removed(w, r);
    w.key("\"frames\":");
    w.open('{');
    for (id, c) in frames {
        w.key_string(id);
        frame_counts(w, c);
    }
    w.close('}');
    w.key("\"mentions\":");
    let mentions_at = mentions.is_empty().then_some(w.out.len());
    w.open('[');
    for m in mentions {
        w.item();
        mention(w, m);
    }
    w.close(']');
    if !sha256.is_empty() {
        w.key("\"sha256\":");
        w.string(sha256);
    }
    if !exclusions_fired.is_empty() {
        w.key("\"exclusions_fired\":");
        w.open('{');
        for (name, n) in exclusions_fired {
            w.key_string(name);
            w.uint(*n);
        }
        w.close('}');
    }
    if !warnings.is_empty() {
        w.key("\"warnings\":");
        w.strings(warnings);
    }
    if !twins.is_empty() {
        w.key("\"twins\":");
        w.strings(twins);
    }
    w.close('}');
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

fn removed<const PRETTY: bool>(w: &mut Writer<PRETTY>, r: &Removed) {
    let Removed {
        boilerplate_lines,
        duplicate_paragraphs,
        boilerplate_preview,
        captions,
        prompts,
        trailing_lines,
        removed_preview,
    } = r;
    w.open('{');
    w.key("\"boilerplate_lines\":");
    w.uint(*boilerplate_lines);
    w.key("\"duplicate_paragraphs\":");
    w.uint(*duplicate_paragraphs);
    if let Some(p) = boilerplate_preview {
        w.key("\"boilerplate_preview\":");
        w.string(p);
    }
    for (name, n) in [
        ("\"captions\":", captions),
        ("\"prompts\":", prompts),
        ("\"trailing_lines\":", trailing_lines),
    ] {
        if *n != 0 {
            w.key(name);
            w.uint(*n);
        }
    }
    if !removed_preview.is_empty() {
        w.key("\"removed_preview\":");
        w.strings(removed_preview);
    }
    w.close('}');
}

fn frame_counts<const PRETTY: bool>(w: &mut Writer<PRETTY>, c: &FrameCounts) {
    let FrameCounts {
        mentions,
        endorsed,
        stance,
        out_of_scope,
    } = c;
    let StanceCounts {
        asserted,
        quoted,
        negated,
        distanced,
    } = stance;
    w.open('{');
    w.key("\"mentions\":");
    w.uint(*mentions);
    w.key("\"endorsed\":");
    w.uint(*endorsed);
    w.key("\"stance\":");
    w.open('{');
    w.key("\"asserted\":");
    w.uint(*asserted);
    w.key("\"quoted\":");
    w.uint(*quoted);
    w.key("\"negated\":");
    w.uint(*negated);
    w.key("\"distanced\":");
    w.uint(*distanced);
    w.close('}');
    w.key("\"out_of_scope\":");
    w.uint(*out_of_scope);
    w.close('}');
}

fn mention<const PRETTY: bool>(w: &mut Writer<PRETTY>, m: &MentionReport) {
    if !PRETTY {
        // Most of a score line is mentions: their fixed text goes in a few pieces.
        return mention_compact(w.out, m);
    }
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
        attribution,
        speaker,
        in_scope,
    } = m;
    w.open('{');
    w.key("\"frame\":");
    w.string(frame);
    w.key("\"term\":");
    w.string(term);
    w.key("\"text\":");
    w.string(text);
    w.key("\"stance\":");
    // Stance names are plain lowercase words.
    w.out.push('"');
    w.out.push_str(stance.as_str());
    w.out.push('"');
    w.key("\"actors\":");
    w.strings(actors);
    w.key("\"start\":");
    w.uint(*start as u64);
    w.key("\"end\":");
    w.uint(*end as u64);
    w.key("\"snippet\":");
    w.string(snippet);
    w.key("\"highlight\":");
    w.open('[');
    for &x in highlight {
        w.item();
        w.uint(x as u64);
    }
    w.close(']');
    w.key("\"headline\":");
    w.bool(*headline);
    w.key("\"lead\":");
    w.bool(*lead);
    w.key("\"attribution\":");
    match attribution {
        Some(a) => {
            w.out.push('"');
            w.out.push_str(a.as_str());
            w.out.push('"');
        }
        None => w.out.push_str("null"),
    }
    w.key("\"speaker\":");
    match speaker {
        Some(s) => w.string(s),
        None => w.out.push_str("null"),
    }
    if let Some(b) = in_scope {
        w.key("\"in_scope\":");
        w.bool(*b);
    }
    w.close('}');
}

/// [`mention`] in the compact layout (the same fields in the same order, which the tests
/// hold to serde_json's), the text between the values written as one piece each.
fn mention_compact(out: &mut String, m: &MentionReport) {
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
        attribution,
        speaker,
        in_scope,
    } = m;
    out.push_str("{\"frame\":");
    string(frame, out);
    out.push_str(",\"term\":");
    string(term, out);
    out.push_str(",\"text\":");
    string(text, out);
    out.push_str(",\"stance\":\"");
    out.push_str(stance.as_str());
    out.push_str("\",\"actors\":[");
    for (k, a) in actors.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        string(a.as_ref(), out);
    }
    out.push_str("],\"start\":");
    uint(*start as u64, out);
    out.push_str(",\"end\":");
    uint(*end as u64, out);
    out.push_str(",\"snippet\":");
    string(snippet, out);
    out.push_str(",\"highlight\":[");
    uint(highlight[0] as u64, out);
    out.push(',');
    uint(highlight[1] as u64, out);
    out.push_str(if *headline {
        "],\"headline\":true,\"lead\":"
    } else {
        "],\"headline\":false,\"lead\":"
    });
    out.push_str(if *lead { "true" } else { "false" });
    out.push_str(match attribution {
        Some(Attribution::Direct) => ",\"attribution\":\"direct\",\"speaker\":",
        Some(Attribution::Reported) => ",\"attribution\":\"reported\",\"speaker\":",
        None => ",\"attribution\":null,\"speaker\":",
    });
    match speaker {
        Some(s) => string(s, out),
        None => out.push_str("null"),
    }
    out.push_str(match in_scope {
        Some(true) => ",\"in_scope\":true}",
        Some(false) => ",\"in_scope\":false}",
        None => "}",
    });
}

fn option(s: &Option<String>, out: &mut String) {
    match s {
        Some(s) => string(s, out),
        None => out.push_str("null"),
    }
}

/// `n` in decimal, by `itoa` (two digits a step, into a buffer copied in one piece), as
/// serde_json writes numbers too. Pushed one digit at a time, they cost 1.5% of `score`.
fn uint(n: u64, out: &mut String) {
    out.push_str(itoa::Buffer::new().format(n));
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

/// Bit 7 of each byte of the little-endian `x` set for a byte below 0x20, and for a byte
/// equal to `"` or `\\` (zero after the xor). The borrow of a subtraction can only set bits
/// above the first byte that holds, so the lowest bit set is exact.
#[inline(always)]
fn escapes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    (x.wrapping_sub(ONES * 0x20) & !x
        | quote.wrapping_sub(ONES) & !quote
        | backslash.wrapping_sub(ONES) & !backslash)
        & HIGH
}

/// The eight bytes at `i` as a little-endian word.
#[inline(always)]
fn word_at(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]))
}

/// The first index at or after `i` whose byte [`needs_escape`], or the length: sixteen bytes
/// per step ([`crate::bytes::json_escapes16`]), and the last few in the sixteen that end where
/// the text does; a text shorter than that, a word of eight at a time.
#[inline]
fn plain_end(bytes: &[u8], mut i: usize) -> usize {
    let len = bytes.len();
    let at16 = |k: usize| crate::bytes::json_escapes16(bytes[k..k + 16].try_into().expect("16"));
    while i + 16 <= len {
        let m = at16(i);
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 16;
    }
    if i == len {
        return len;
    }
    if len >= 16 {
        // The bytes of the last sixteen from `i` on.
        let m = at16(len - 16) >> (i - (len - 16));
        return if m != 0 {
            i + m.trailing_zeros() as usize
        } else {
            len
        };
    }
    if i + 8 <= len {
        let a = escapes(word_at(bytes, i));
        if a != 0 {
            return i + (a.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    if i == len {
        return len;
    }
    if len >= 8 {
        // The last eight bytes, the first `before` of them (before `i`) made plain letters.
        const A: u64 = 0x6161_6161_6161_6161;
        let before = (1u64 << (8 * (8 - (len - i)))) - 1;
        let a = escapes(word_at(bytes, len - 8) & !before | A & before);
        return if a != 0 {
            len - 8 + (a.trailing_zeros() / 8) as usize
        } else {
            len
        };
    }
    while i < len && !needs_escape(bytes[i]) {
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
            out_of_scope: rng.below(3) as u64,
        };
        let mentions = (0..rng.below(4))
            .map(|_| MentionReport {
                frame: rng.text(6).into(),
                term: rng.text(6).into(),
                text: rng.text(6).into(),
                stance: Stance::ALL[rng.below(4)],
                actors: rng.list().into_iter().map(Into::into).collect(),
                start: rng.below(100_000),
                end: usize::MAX - rng.below(2),
                snippet: rng.text(60).into(),
                highlight: [rng.below(10), rng.below(100)],
                headline: rng.below(2) == 0,
                lead: rng.below(2) == 0,
                attribution: [None, Some(Attribution::Direct), Some(Attribution::Reported)]
                    [rng.below(3)],
                speaker: rng.opt().map(Into::into),
                in_scope: [None, Some(true), Some(false)][rng.below(3)],
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
            language: ["", "en", "zh"][rng.below(3)].to_string(),
            sections: [None, Some((false, 1, false)), Some((true, 7, true))][rng.below(3)].map(
                |(headline, paragraphs, lead)| crate::model::Sections {
                    headline,
                    paragraphs,
                    lead,
                },
            ),
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
        // Every ASCII byte and a few non-ASCII characters, at every offset of a 16-byte step
        // and of the last word, alone and between two other escapes.
        let every: String = (0u8..0x80).map(char::from).chain("é“北".chars()).collect();
        for pad in 0..34 {
            for &c in every.as_bytes().iter().take(0x80) {
                for tail in 0..18 {
                    for (pre, end) in [("", ""), ("\t", "\""), ("\\", "z\n")] {
                        let (x, y) = ("x".repeat(pad), "y".repeat(tail));
                        let s = format!("{pre}{x}{}{y}{end}", char::from(c));
                        let mut out = String::new();
                        string(&s, &mut out);
                        assert_eq!(out, serde_json::to_string(&s).unwrap(), "{s:?}");
                    }
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
