//! Text normalization for matching, with a map back to the original bytes.
//!
//! Matching runs on a *folded* copy of an article's text: NFKC, curly quotes and dashes folded to
//! their ASCII forms, invisible characters (soft hyphen, zero-width space and joiners, BOM)
//! dropped, and lower-cased. Every byte of the folded text remembers the byte offset of the
//! source character (or combining cluster) it came from, so a match found in the folded text
//! is reported at its exact span in the original. Pure ASCII text takes a fast path: folding is
//! then just ASCII lower-casing and the map is the identity.

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

pub(crate) use crate::bytes::{splat, swar_alnum, SWAR_HIGH, SWAR_LOW};

/// Folded text plus a map from each of its bytes back to the source.
///
/// The map is a list of segments rather than one entry per byte: a run of ASCII is one
/// linear segment however long, and only non-ASCII characters (a curly quote, an accented
/// letter) open segments of their own. An English article with a few curly quotes has a
/// handful of segments, which keeps folding close to a plain copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text (lower-cased unless folded with `keep_case`).
    pub text: String,
    /// Sorted by `at`; empty when the map is the identity (ASCII fast path).
    segments: Vec<Segment>,
}

/// From folded byte `at` on, bytes map to `src` (+ the distance from `at` when `linear`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    at: u32,
    src: u32,
    linear: bool,
}

impl Folded {
    /// Maps a byte offset of the folded text back to the source; `text.len()` maps to the
    /// source's length.
    #[inline]
    pub fn source_offset(&self, folded: usize) -> usize {
        if self.segments.is_empty() {
            return folded;
        }
        let i = self.segments.partition_point(|s| s.at as usize <= folded);
        self.in_segment(i.saturating_sub(1), folded)
    }

    /// [`source_offset`](Self::source_offset), for offsets asked in about increasing order:
    /// `near` is the segment the last offset fell in, and the search walks from there (a few
    /// steps, where a binary search takes a dozen).
    #[inline]
    pub fn source_offset_near(&self, near: &mut usize, folded: usize) -> usize {
        if self.segments.is_empty() {
            return folded;
        }
        let segs = &self.segments;
        let mut i = (*near).min(segs.len() - 1);
        while i > 0 && segs[i].at as usize > folded {
            i -= 1;
        }
        while i + 1 < segs.len() && segs[i + 1].at as usize <= folded {
            i += 1;
        }
        *near = i;
        self.in_segment(i, folded)
    }

    /// The source offset of `folded`, which falls in segment `i`.
    #[inline(always)]
    fn in_segment(&self, i: usize, folded: usize) -> usize {
        let seg = self.segments[i];
        if seg.linear {
            seg.src as usize + (folded - seg.at as usize)
        } else {
            seg.src as usize
        }
    }
}

/// Folds `source` for case-insensitive matching.
pub fn fold(source: &str) -> Folded {
    fold_with(source, false)
}

/// Folds `source`, keeping letter case when `keep_case` is set (for case-sensitive terms).
pub fn fold_with(source: &str, keep_case: bool) -> Folded {
    let mut out = Folded::default();
    fold_into(source, keep_case, &mut out, None);
    out
}

/// Folds `source` (lower-cased) into `out` and splits the folded text into `toks` in the
/// same pass, reusing both buffers, and returns the words of `source` ([`count_words`]): the
/// scoring hot path, one call per article.
///
/// Each ASCII run is tokenized right after it is copied, while it is still in cache, so the
/// folded text is never walked a second time; its words are counted in the same eight-byte
/// steps ([`Tokenizer::ascii`]). The whitespace-separated chunks that hold other characters
/// are counted apart, as [`count_words`] counts them, and the words the ASCII pass saw in
/// them are taken back off ([`WordCount`]).
pub fn fold_tokens_into(source: &str, out: &mut Folded, toks: &mut Vec<Token>) -> u64 {
    fold_into(source, false, out, Some(toks))
}

/// The one folding loop behind [`fold_with`] and [`fold_tokens_into`]; tokenizes and counts
/// words as it goes when `toks` is given (the count is 0 otherwise).
fn fold_into(
    source: &str,
    keep_case: bool,
    out: &mut Folded,
    mut toks: Option<&mut Vec<Token>>,
) -> u64 {
    let Folded { text, segments } = out;
    text.clear();
    segments.clear();
    let mut tz = Tokenizer::default();
    let mut wc = WordCount::default();
    if let Some(t) = toks.as_deref_mut() {
        t.clear();
        t.reserve(source.len() / 4);
    }
    text.reserve(source.len() + source.len() / 8);
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut cluster = String::new();
    while i < bytes.len() {
        // A run of ASCII: one linear segment, copied in bulk. Its last byte stays behind
        // when a combining mark follows it, so that the two are normalized together.
        let j = i + first_non_ascii(&bytes[i..]).unwrap_or(bytes.len() - i);
        if i == 0 && j == bytes.len() {
            // Pure ASCII: the map is the identity, no segments at all.
            text.push_str(source);
            if !keep_case {
                text.make_ascii_lowercase();
            }
            if let Some(t) = toks.as_deref_mut() {
                wc.n += tz.ascii::<true>(text.as_bytes(), 0, t);
            }
            break;
        }
        let mut j = j;
        if j > i && j < bytes.len() {
            let next = source[j..].chars().next().unwrap_or(' ');
            if canonical_combining_class(next) != 0 {
                j -= 1;
            }
        }
        if j > i {
            segments.push(Segment {
                at: text.len() as u32,
                src: i as u32,
                linear: true,
            });
            let start = text.len();
            text.push_str(&source[i..j]);
            if !keep_case {
                text[start..].make_ascii_lowercase();
            }
            if let Some(t) = toks.as_deref_mut() {
                wc.n += tz.ascii::<true>(text.as_bytes(), start, t);
                wc.run(bytes, i, j);
            }
            i = j;
            continue;
        }
        // One character (with its combining marks): all its output bytes map to its start.
        let c = source[i..].chars().next().unwrap_or(' ');
        let at = i;
        if toks.is_some() {
            wc.cluster(source, at);
        }
        i += c.len_utf8();
        let start = text.len();
        segments.push(Segment {
            at: start as u32,
            src: at as u32,
            linear: false,
        });
        cluster.clear();
        cluster.push(c);
        while let Some(next) = source[i..].chars().next() {
            if canonical_combining_class(next) != 0 {
                cluster.push(next);
                i += next.len_utf8();
            } else {
                break;
            }
        }
        // Most non-ASCII characters (curly quotes, accented letters) are already NFKC; the
        // commonest are known to be without a table lookup.
        if (cluster.len() == c.len_utf8() && known_nfkc(c))
            || matches!(is_nfkc_quick(cluster.chars()), IsNormalized::Yes)
        {
            for n in cluster.chars() {
                push_folded(text, n, keep_case);
            }
        } else {
            for n in cluster.nfkc() {
                push_folded(text, n, keep_case);
            }
        }
        if let Some(t) = toks.as_deref_mut() {
            tz.chars(text, start, t);
        }
    }
    // Pure ASCII (and empty) text keeps the identity map; any other ends with a sentinel.
    if !segments.is_empty() {
        segments.push(Segment {
            at: text.len() as u32,
            src: source.len() as u32,
            linear: false,
        });
    }
    if let Some(t) = toks {
        tz.finish(text.len(), t);
    }
    wc.n
}

/// The word count that [`fold_into`] keeps beside its tokens, equal to [`count_words`] of the
/// source: the ASCII runs are counted whole in the tokenizer's pass (a run starts after a
/// non-ASCII character or at the start, which counts like a space would), and each
/// whitespace-separated chunk that holds a non-ASCII character is counted on its own, with
/// the words the runs counted inside it taken back off. The count of ASCII text split right
/// after a space, or at one, is the sum of the counts of the parts, which is what makes the
/// corrections exact.
#[derive(Default)]
struct WordCount {
    n: u64,
    /// Source bytes before this are settled: counted in a chunk or by the runs.
    chunk_end: usize,
}

impl WordCount {
    /// After the ASCII run `bytes[i..j]` was counted whole: its part inside the last chunk
    /// was counted with the chunk.
    #[inline]
    fn run(&mut self, bytes: &[u8], i: usize, j: usize) {
        if self.chunk_end > i {
            self.n -= count_words_ascii(&bytes[i..self.chunk_end.min(j)]);
        }
    }

    /// A character that is not plain ASCII text (or an ASCII one with combining marks after
    /// it) starts at `at`: when it is past the last chunk, counts the chunk that holds it,
    /// found as [`count_words`] finds it, and takes off the words the run before counted in
    /// it.
    #[cold]
    fn cluster(&mut self, source: &str, at: usize) {
        if at < self.chunk_end {
            return;
        }
        let b = source.as_bytes();
        let pos = self.chunk_end;
        let p = at + first_non_ascii(&b[at..]).unwrap_or(0);
        let cs = b[pos..p]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(pos, |w| pos + w + 1);
        let ce = b[p..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |w| p + w);
        if cs < at {
            self.n -= count_words_ascii(&b[cs..at]);
        }
        let chunk = &source[cs..ce];
        self.n += count_chunk_simple(chunk).unwrap_or_else(|| chunk.unicode_words().count() as u64);
        self.chunk_end = ce;
    }
}

/// Token state carried across the pieces of folded text as they are produced.
struct Tokenizer {
    /// Where the open token starts, or `usize::MAX` between tokens.
    start: usize,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer { start: usize::MAX }
    }
}

impl Tokenizer {
    /// Tokenizes the ASCII bytes `text[from..]`, 64 at a time: the letters and digits of a
    /// block are found as a bit mask, one bit a byte ([`crate::bytes::masks64`]), and the bits
    /// where the mask changes from one byte to the next are where tokens start and end, so the
    /// work is per token edge, not per byte. The last bytes, fewer than 64, are taken eight at
    /// a time ([`swar_alnum`]).
    ///
    /// With `COUNT`, also returns [`count_words_ascii`] of the bytes (otherwise 0), from the
    /// same edges: a word is a run of tokens and `_` joined as that function joins them, so
    /// each token start is a word start unless the byte before it is `_` or a joiner that
    /// joins ([`starts_word`]; in a 64-byte block, the starts after a letter, digit or space
    /// are counted all at once, and only those after another byte are asked), and a run of
    /// `_` starts one after anything but a letter or digit (looked for only in the rare eight
    /// bytes that hold a `_`). Lower-casing changes no byte's class, so the folded bytes count
    /// as the source would.
    #[inline]
    fn ascii<const COUNT: bool>(&mut self, text: &[u8], from: usize, out: &mut Vec<Token>) -> u64 {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut start = self.start;
        let mut base = from;
        let mut words = 0;
        // The run counts on its own: a token that goes on into it starts a word here.
        if COUNT && start != usize::MAX && text.get(from).is_some_and(u8::is_ascii_alphanumeric) {
            words += 1;
        }
        let mut underscores = 0;
        // Blocks of 64 bytes first: the class of each byte gathered into one bit of a `u64`,
        // so that the loop over a block's edges ends (and its exit is mispredicted) once per
        // 64 bytes, not once per 8.
        let mut blocks = text[from..].chunks_exact(64);
        // Set when the byte before the block is inside a token.
        let mut open = u64::from(start != usize::MAX);
        // Set when the byte before the block is neither a letter, a digit nor a space.
        let mut after_mark = 0u64;
        for block in &mut blocks {
            let masks = crate::bytes::masks64(block.try_into().expect("64 bytes"));
            let bits = masks.alnum;
            let edges = bits ^ ((bits << 1) | open);
            if COUNT {
                if masks.underscore != 0 {
                    for k in 0..8 {
                        if (masks.underscore >> (8 * k)) & 0xFF != 0 {
                            underscores += underscore_words(text, from, base + 8 * k);
                        }
                    }
                }
                // A token that starts after a letter, digit or space starts a word (what
                // `starts_word` says without reading a byte): those are counted at once, and
                // only the tokens after a mark are asked.
                let starts = edges & bits;
                let mark = !(bits | masks.space);
                let mut asked = starts & ((mark << 1) | after_mark);
                words += u64::from((starts & !asked).count_ones());
                while asked != 0 {
                    words += starts_word(text, from, base + asked.trailing_zeros() as usize);
                    asked &= asked - 1;
                }
                after_mark = mark >> 63;
            }
            edges_at::<false, 1>(edges, base, &mut start, out, text, from, &mut words);
            open = bits >> 63;
            base += 64;
        }
        let mut chunks = blocks.remainder().chunks_exact(8);
        // Bit 7 set when the byte before the chunk is inside a token.
        let mut prev = open << 7;
        for c in &mut chunks {
            let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            let m = swar_alnum(x);
            let edges = m ^ ((m << 8) | prev);
            edges_at::<COUNT, 8>(edges, base, &mut start, out, text, from, &mut words);
            if COUNT && has_underscore(x) {
                underscores += underscore_words(text, from, base);
            }
            prev = (m >> 56) & HIGH;
            base += 8;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut pad = [0u8; 8];
            pad[..rest.len()].copy_from_slice(rest);
            let x = u64::from_le_bytes(pad);
            let m = swar_alnum(x);
            // Only the edges inside the text: a token open at its end stays open.
            let valid = HIGH & ((1u64 << (8 * rest.len())) - 1);
            let edges = (m ^ ((m << 8) | prev)) & valid;
            edges_at::<COUNT, 8>(edges, base, &mut start, out, text, from, &mut words);
            if COUNT && has_underscore(x) {
                underscores += underscore_words(text, from, base);
            }
        }
        self.start = start;
        words + underscores
    }

    /// Tokenizes `text[from..]`, any characters.
    fn chars(&mut self, text: &str, from: usize, out: &mut Vec<Token>) {
        for (k, c) in text[from..].char_indices() {
            let at = from + k;
            match (is_word_char(c), self.start == usize::MAX) {
                (true, true) => self.start = at,
                (false, false) => {
                    out.push(Token {
                        start: self.start,
                        end: at,
                    });
                    self.start = usize::MAX;
                }
                _ => {}
            }
        }
    }

    fn finish(&mut self, end: usize, out: &mut Vec<Token>) {
        if self.start != usize::MAX {
            out.push(Token {
                start: self.start,
                end,
            });
            self.start = usize::MAX;
        }
    }
}

/// The tokens whose edges are the bits of `edges`, for the bytes at `base`, one bit every
/// `STRIDE` bits a byte (8: bit 7 of each of eight bytes; 1: a bit each of 64 bytes), with
/// `start` the open token's start (`usize::MAX`: none); with `COUNT`, adds the words they
/// start ([`starts_word`]) to `words`.
///
/// Edges alternate, start and end: the open token is closed at the first, and the rest taken
/// in pairs, so that no edge needs a branch on whether a token is open.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn edges_at<const COUNT: bool, const STRIDE: u32>(
    mut edges: u64,
    base: usize,
    start: &mut usize,
    out: &mut Vec<Token>,
    text: &[u8],
    from: usize,
    words: &mut u64,
) {
    let at = |e: u64| base + (e.trailing_zeros() / STRIDE) as usize;
    if *start != usize::MAX && edges != 0 {
        out.push(Token {
            start: *start,
            end: at(edges),
        });
        edges &= edges - 1;
        *start = usize::MAX;
    }
    while edges != 0 {
        let s = at(edges);
        if COUNT {
            *words += starts_word(text, from, s);
        }
        edges &= edges - 1;
        if edges == 0 {
            *start = s;
            break;
        }
        out.push(Token {
            start: s,
            end: at(edges),
        });
        edges &= edges - 1;
    }
}

/// Does the token that starts at `text[s]` start a word of [`count_words_ascii`] of
/// `text[from..]` (1) or go on with the one before (0)? It goes on after `_`, and after a
/// joiner with the right characters on both sides ("don't", "3.5").
#[inline(always)]
fn starts_word(text: &[u8], from: usize, s: usize) -> u64 {
    if s == from {
        return 1;
    }
    let p = text[s - 1];
    if !JOINISH[usize::from(p)] {
        return 1;
    }
    u64::from(p != b'_' && !(s >= from + 2 && ascii_joins(text[s - 2], p, text[s])))
}

/// `_` and the joiners of [`ascii_joins`]: the bytes before a token that may join it to the
/// word before.
static JOINISH: [bool; 256] = {
    let mut t = [false; 256];
    t[b'_' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'.' as usize] = true;
    t[b':' as usize] = true;
    t[b',' as usize] = true;
    t[b';' as usize] = true;
    t
};

/// Is one of the eight bytes of `x` a `_`? (A zero byte of `x ^ "________"`; a borrow can
/// only mark bytes above a true zero, so the answer is exact.)
#[inline(always)]
fn has_underscore(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let y = x ^ (ONES * u64::from(b'_'));
    y.wrapping_sub(ONES) & !y & HIGH != 0
}

/// The words of [`count_words_ascii`] of `text[from..]` that start with a `_` among
/// `text[base..base + 8]`: each run of `_` that does not follow a letter or digit.
#[cold]
fn underscore_words(text: &[u8], from: usize, base: usize) -> u64 {
    let end = (base + 8).min(text.len());
    (base..end)
        .filter(|&u| {
            text[u] == b'_'
                && (u == from || !(text[u - 1].is_ascii_alphanumeric() || text[u - 1] == b'_'))
        })
        .count() as u64
}

/// Characters of news text that are NFKC as they stand, alone: the Latin-1 letters, curly
/// quotes, guillemets and the en and em dashes (a test checks each against the tables).
#[inline]
fn known_nfkc(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{00FF}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2013}' | '\u{2014}')
}

fn push_folded(text: &mut String, c: char, keep_case: bool) {
    match c {
        // Quotes: single curly and prime-like marks to ', double ones to ".
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => {
            text.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{2039}' | '\u{203A}' => text.push('"'),
        // Hyphens and dashes to '-': phrases match across them like across spaces.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => text.push('-'),
        // Invisible characters that scraped text carries inside words.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        _ if keep_case => text.push(c),
        _ => text.extend(c.to_lowercase()),
    }
}

/// True for the characters that make up a token: letters, digits and combining marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// A token of folded text: a maximal run of word characters. Apostrophes, hyphens and all
/// punctuation separate tokens, so "non-interference" is `non` + `interference` and
/// "Washington's" is `washington` + `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Splits folded text into tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out);
    out
}

/// Splits folded text into tokens, reusing `out`.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut tz = Tokenizer::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let j = i + first_non_ascii(&bytes[i..]).unwrap_or(bytes.len() - i);
        tz.ascii::<false>(&bytes[..j], i, out);
        if j == bytes.len() {
            break;
        }
        // One non-ASCII character.
        let c = text[j..].chars().next().unwrap_or(' ');
        let k = j + c.len_utf8();
        tz.chars(&text[..k], j, out);
        i = k;
    }
    tz.finish(bytes.len(), out);
}

/// True when the text between two tokens of a phrase lets the phrase continue: only
/// whitespace (spaces, line breaks) and hyphens.
#[inline]
pub fn is_phrase_gap(gap: &str) -> bool {
    // Nearly every gap is one space: answer that without decoding characters.
    if gap.len() == 1 {
        return matches!(
            gap.as_bytes()[0],
            b' ' | b'-' | b'\n' | b'\r' | b'\t' | 0x0b | 0x0c
        );
    }
    !gap.is_empty()
        && gap.chars().all(|c| {
            c == '-' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c.is_whitespace()
        })
}

/// Counts Unicode words (UAX #29) with an ASCII fast path.
///
/// A UAX #29 word never spans whitespace, so the text is counted one whitespace-separated
/// chunk at a time: ASCII chunks (nearly all of an English article) by a byte loop, in bulk
/// between the chunks that hold other characters; chunks whose only other characters are
/// curly quotes, dashes and the like ([`count_chunk_simple`]) by an exact ASCII version of
/// UAX #29; the rest by the full segmenter.
pub fn count_words(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut n = 0;
    let mut pos = 0;
    while pos < b.len() {
        let Some(k) = first_non_ascii(&b[pos..]) else {
            n += count_words_ascii(&b[pos..]);
            break;
        };
        let p = pos + k;
        // The chunk around the non-ASCII byte, between ASCII whitespace; a non-ASCII space
        // (NBSP) stays inside a chunk, which is harmless: the segmenter splits there itself.
        let cs = b[pos..p]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(pos, |w| pos + w + 1);
        let ce = b[p..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |w| p + w);
        // The ASCII chunks before it: a joiner needs word characters on both sides, so the
        // count of a run of whole chunks is the sum of their counts.
        n += count_words_ascii(&b[pos..cs]);
        let chunk = &text[cs..ce];
        n += count_chunk_simple(chunk).unwrap_or_else(|| chunk.unicode_words().count() as u64);
        pos = ce;
    }
    n
}

/// ASCII letters, digits and `_`: the characters [`count_words_ascii`] builds words of.
static ASCII_COUNTED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// Word counting for ASCII text: a word is a run of letters, digits and `_` that may hold
/// `.`/`,`/`;` between digits ("3.5"), `'`/`.`/`:` between letters ("don't", "U.S"). This is
/// what framelens has always counted for ASCII text; it differs from UAX #29 in corner cases
/// ("1'000" is two words here, a lone "_" is one).
///
/// A word character starts a new word unless the character before it is a word character
/// or a joiner with the right kind of character before it. The bytes are classified eight at
/// a time in a `u64` ([`swar_classes`]): the word starts of a chunk are its word bytes whose
/// previous byte is not one, counted with one `popcount`; only a start right after a byte
/// that is neither a word byte nor a space (a joiner among them: "3.5", "U.S", "don't") is
/// checked byte by byte. A few instructions per eight bytes, where a byte loop costs several
/// per byte.
fn count_words_ascii(b: &[u8]) -> u64 {
    let mut n = 0u64;
    let mut carry = Carry::default();
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        n += chunk_words(b, x, base, &mut carry);
        base += 8;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Zero padding is neither a word byte nor a joiner, and starts no word.
        let mut pad = [0u8; 8];
        pad[..rest.len()].copy_from_slice(rest);
        n += chunk_words(b, u64::from_le_bytes(pad), base, &mut carry);
    }
    n
}

/// What [`chunk_words`] needs of the byte before a chunk: bit 7 set when it was a word byte,
/// and when it was other punctuation (neither a word byte nor a space).
#[derive(Default)]
struct Carry {
    word: u64,
    punct: u64,
}

/// The words of [`count_words_ascii`] that start in the eight bytes `x`, which are
/// `b[base..base + 8]` (zero-padded at the end).
#[inline(always)]
fn chunk_words(b: &[u8], x: u64, base: usize, carry: &mut Carry) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (w, punct) = swar_classes(x);
    let starts = w & !((w << 8) | carry.word);
    // One bit per byte at most: a multiply sums the bytes (no `popcnt` in baseline x86-64).
    let mut n = ((starts >> 7).wrapping_mul(0x0101_0101_0101_0101)) >> 56;
    let mut check = starts & ((punct << 8) | carry.punct);
    while check != 0 {
        let i = base + (check.trailing_zeros() / 8) as usize;
        check &= check - 1;
        if i >= 2 && ascii_joins(b[i - 2], b[i - 1], b[i]) {
            n -= 1;
        }
    }
    (carry.word, carry.punct) = ((w >> 56) & HIGH, (punct >> 56) & HIGH);
    n
}

/// For eight bytes in a little-endian `u64`, bit 7 of each byte set where the byte is a word
/// byte of [`count_words_ascii`] (ASCII letter, digit or `_`), and, in the second mask, where
/// it is neither a word byte nor a space. Bytes of 0x80 and up count as punctuation. Each range
/// test adds a constant to the low seven bits of every byte, which cannot carry into the next.
#[inline(always)]
fn swar_classes(x: u64) -> (u64, u64) {
    let v = x & SWAR_LOW;
    // Bit 7 set where the byte equals `c`.
    let eq = |c: u8| !(((v ^ splat(c)) + SWAR_LOW) | (v ^ splat(c)));
    let word = swar_alnum(x) | (eq(b'_') & !x & SWAR_HIGH);
    let punct = !word & !(eq(b' ') & !x) & SWAR_HIGH;
    (word, punct)
}

/// The end of the run of ASCII letters and digits that starts at `from`: the first index at
/// or after `from` whose byte is none, or `end`. Eight bytes per step ([`swar_alnum`]), for
/// the stance pass, which steps over every word of an article.
#[inline]
pub(crate) fn ascii_alnum_end(bytes: &[u8], mut from: usize, end: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let end = end.min(bytes.len());
    while from + 8 <= end {
        let x = u64::from_le_bytes(bytes[from..from + 8].try_into().unwrap_or([0; 8]));
        let other = !swar_alnum(x) & HIGH;
        if other != 0 {
            return from + (other.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < end && bytes[from].is_ascii_alphanumeric() {
        from += 1;
    }
    from
}

/// The index of the first byte of `b` that is not ASCII: 32 bytes per step over ASCII, then
/// eight.
#[inline]
pub(crate) fn first_non_ascii(b: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
    let mut base = 0;
    while base + 32 <= b.len()
        && (word(base) | word(base + 8) | word(base + 16) | word(base + 24)) & HIGH == 0
    {
        base += 32;
    }
    let mut chunks = b[base..].chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        if x & HIGH != 0 {
            return Some(base + ((x & HIGH).trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| x >= 0x80)
        .map(|k| base + k)
}

/// Does joiner `j` keep one word going from `prev` to `next` ([`count_words_ascii`])?
#[inline]
fn ascii_joins(prev: u8, j: u8, next: u8) -> bool {
    match j {
        b'\'' | b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        b'.' => {
            (prev.is_ascii_alphabetic() && next.is_ascii_alphabetic())
                || (prev.is_ascii_digit() && next.is_ascii_digit())
        }
        b',' | b';' => prev.is_ascii_digit() && next.is_ascii_digit(),
        _ => false,
    }
}

/// The longest chunk [`count_chunk_simple`] handles; longer ones go to the segmenter.
const SIMPLE_CHUNK_MAX: usize = 256;

/// The exact UAX #29 word count of a chunk that is ASCII apart from characters whose word
/// break property is simple: ‘ and ’ (MidNumLet, like `.` and `'`) and punctuation of class
/// Other (curly double quotes, guillemets, dashes, ellipsis, no-break space), which breaks on
/// both sides like a space. `None` for any other chunk. Tested against the segmenter.
fn count_chunk_simple(chunk: &str) -> Option<u64> {
    if chunk.len() > SIMPLE_CHUNK_MAX {
        return None;
    }
    let mut buf = [0u8; SIMPLE_CHUNK_MAX];
    let mut n = 0;
    for c in chunk.chars() {
        buf[n] = match c {
            _ if c.is_ascii() => c as u8,
            '\u{2018}' | '\u{2019}' => b'\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}'
            | '\u{203A}' | '\u{2013}' | '\u{2014}' | '\u{2026}' | '\u{00A0}' => b' ',
            _ => return None,
        };
        n += 1;
    }
    Some(count_uax29_ascii(&buf[..n]))
}

/// UAX #29 words of ASCII text (those holding a letter or digit, as `unicode_words` yields):
/// letters, digits and `_` join (WB5, 8–10, 13a/b); `'` `.` `:` join letters (WB6/7); `'` `.`
/// `,` `;` join digits (WB11/12).
fn count_uax29_ascii(b: &[u8]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if !ASCII_COUNTED[b[i] as usize] {
            i += 1;
            continue;
        }
        let mut alnum = false;
        loop {
            while i < b.len() && ASCII_COUNTED[b[i] as usize] {
                alnum |= b[i] != b'_';
                i += 1;
            }
            if i + 1 < b.len() {
                let (prev, next) = (b[i - 1], b[i + 1]);
                let joins = match b[i] {
                    b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
                    b'\'' | b'.' => {
                        (prev.is_ascii_alphabetic() && next.is_ascii_alphabetic())
                            || (prev.is_ascii_digit() && next.is_ascii_digit())
                    }
                    b',' | b';' => prev.is_ascii_digit() && next.is_ascii_digit(),
                    _ => false,
                };
                if joins {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        n += u64::from(alnum);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The implementations before the fused, allocation-free ones, kept to test that the new
    /// ones give the same answers on every input.
    mod reference {
        use super::super::*;

        pub(super) fn fold_with(source: &str, keep_case: bool) -> Folded {
            if source.is_ascii() {
                let text = if keep_case {
                    source.to_string()
                } else {
                    source.to_ascii_lowercase()
                };
                return Folded {
                    text,
                    segments: Vec::new(),
                };
            }
            let mut text = String::with_capacity(source.len() + source.len() / 8);
            let mut segments: Vec<Segment> = Vec::new();
            let bytes = source.as_bytes();
            let mut i = 0;
            let mut cluster = String::new();
            while i < bytes.len() {
                // A run of ASCII: one linear segment, copied in bulk. Its last byte stays behind
                // when a combining mark follows it, so that the two are normalized together.
                let mut j = i;
                while j < bytes.len() && bytes[j] < 0x80 {
                    j += 1;
                }
                if j > i && j < bytes.len() {
                    let next = source[j..].chars().next().unwrap_or(' ');
                    if canonical_combining_class(next) != 0 {
                        j -= 1;
                    }
                }
                if j > i {
                    segments.push(Segment {
                        at: text.len() as u32,
                        src: i as u32,
                        linear: true,
                    });
                    let start = text.len();
                    text.push_str(&source[i..j]);
                    if !keep_case {
                        text[start..].make_ascii_lowercase();
                    }
                    i = j;
                    continue;
                }
                // One character (with its combining marks): all its output bytes map to its start.
                let c = source[i..].chars().next().unwrap_or(' ');
                let at = i;
                i += c.len_utf8();
                segments.push(Segment {
                    at: text.len() as u32,
                    src: at as u32,
                    linear: false,
                });
                cluster.clear();
                cluster.push(c);
                while let Some(next) = source[i..].chars().next() {
                    if canonical_combining_class(next) != 0 {
                        cluster.push(next);
                        i += next.len_utf8();
                    } else {
                        break;
                    }
                }
                // Most non-ASCII characters (curly quotes, accented letters) are already NFKC.
                if matches!(is_nfkc_quick(cluster.chars()), IsNormalized::Yes) {
                    for n in cluster.chars() {
                        push_folded(&mut text, n, keep_case);
                    }
                } else {
                    for n in cluster.nfkc() {
                        push_folded(&mut text, n, keep_case);
                    }
                }
            }
            segments.push(Segment {
                at: text.len() as u32,
                src: source.len() as u32,
                linear: false,
            });
            Folded { text, segments }
        }

        pub(super) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
            out.clear();
            let bytes = text.as_bytes();
            let mut start: Option<usize> = None;
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                let (is_word, len) = if b < 0x80 {
                    (b.is_ascii_alphanumeric(), 1)
                } else {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    (is_word_char(c), c.len_utf8())
                };
                match (is_word, start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push(Token { start: s, end: i });
                        start = None;
                    }
                    _ => {}
                }
                i += len;
            }
            if let Some(s) = start {
                out.push(Token {
                    start: s,
                    end: bytes.len(),
                });
            }
        }

        pub(super) fn is_phrase_gap(gap: &str) -> bool {
            !gap.is_empty()
                && gap.chars().all(|c| {
                    c == '-' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c.is_whitespace()
                })
        }

        pub(super) fn count_words(text: &str) -> u64 {
            if text.is_ascii() {
                return count_words_ascii(text.as_bytes());
            }
            let b = text.as_bytes();
            let mut n = 0;
            let mut i = 0;
            while i < b.len() {
                // Skip ASCII whitespace; a non-ASCII space (NBSP) stays inside a chunk, which is
                // harmless: the segmenter splits there itself.
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let start = i;
                let mut ascii = true;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    ascii &= b[i] < 0x80;
                    i += 1;
                }
                if start == i {
                    break;
                }
                let chunk = &text[start..i];
                n += if ascii {
                    count_words_ascii(chunk.as_bytes())
                } else {
                    chunk.unicode_words().count() as u64
                };
            }
            n
        }

        /// UAX #29 word counting specialised to ASCII: a word is a run of letters and digits that may
        /// hold `.`/`,` between digits ("3.5"), `'`/`.`/`:` between letters ("don't", "U.S" ) and `_`.
        pub(super) fn count_words_ascii(b: &[u8]) -> u64 {
            let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
            let mut n = 0;
            let mut i = 0;
            while i < b.len() {
                if !word(b[i]) {
                    i += 1;
                    continue;
                }
                n += 1;
                i += 1;
                loop {
                    while i < b.len() && word(b[i]) {
                        i += 1;
                    }
                    // A mid-word joiner keeps the word going when word characters of the right kind
                    // stand on both sides (WB6/7 for letters, WB11/12 for digits).
                    if i + 1 < b.len() && word(b[i + 1]) {
                        let prev = b[i - 1];
                        let next = b[i + 1];
                        let joins = match b[i] {
                            b'\'' | b':' => {
                                prev.is_ascii_alphabetic() && next.is_ascii_alphabetic()
                            }
                            b'.' => {
                                (prev.is_ascii_alphabetic() && next.is_ascii_alphabetic())
                                    || (prev.is_ascii_digit() && next.is_ascii_digit())
                            }
                            b',' | b';' => prev.is_ascii_digit() && next.is_ascii_digit(),
                            _ => false,
                        };
                        if joins {
                            i += 1;
                            continue;
                        }
                    }
                    break;
                }
            }
            n
        }
    }

    /// A deterministic soup of the characters that matter to folding, tokens and word
    /// counting: ASCII words and joiners, curly quotes, dashes, spaces of every kind,
    /// combining marks, NFKC-changing and invisible characters.
    fn soups(count: usize) -> Vec<String> {
        let pieces: Vec<&str> = vec![
            "a", "B", "x", "Z", "1", "9", "_", "'", ".", ",", ";", ":", "-", " ", "  ", "\n", "\t",
            "\r", "\u{b}", "\u{c}", "!", "\"", "?", "(", "‘", "’", "“", "”", "„", "«", "»", "‹",
            "›", "–", "—", "…", "\u{a0}", "\u{202f}", "\u{2009}", "\u{200b}", "\u{ad}", "\u{200d}",
            "\u{feff}", "\u{301}", "é", "e\u{301}", "Ｎ", "ﬁ", "İ", "ß", "北京", "Мо", "ﬀ", "½",
            "x²", "𝔞", "٣", "don't", "U.S.", "3.5", "1,000", "1'000", "the", "Alliance", "non-",
            "co-op", "a.b", "9:30",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let len = (next() % 40) as usize;
                (0..len)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn offsets_found_near_the_last_are_the_offsets() {
        let mut x: u64 = 0x853C_49E6_748F_EA9B;
        for text in soups(300) {
            let f = fold(&text);
            let mut near = 0;
            for _ in 0..40 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Any offset, from any last segment: forward, back and far.
                let at = (x % (f.text.len() as u64 + 1)) as usize;
                if x >> 60 == 0 {
                    near = (x >> 32) as usize % 64;
                }
                assert_eq!(
                    f.source_offset_near(&mut near, at),
                    f.source_offset(at),
                    "{text:?} {at}"
                );
            }
        }
    }

    #[test]
    fn known_nfkc_characters_are_nfkc() {
        let known: Vec<char> = ('\u{80}'..='\u{FFFF}').filter(|&c| known_nfkc(c)).collect();
        assert_eq!(known.len(), 62 + 8);
        for c in known {
            assert!(
                matches!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes),
                "{c:?}"
            );
            assert_eq!(std::iter::once(c).nfkc().collect::<String>(), c.to_string());
        }
    }

    #[test]
    fn tokens_and_words_of_long_text_match_the_reference() {
        // Soups joined into texts of a few hundred bytes: most bytes go through the 64-byte
        // blocks, with every remainder length after them, ASCII alone and with other
        // characters between the runs.
        let soups = soups(4_000);
        let mut f = Folded::default();
        let mut toks = Vec::new();
        for (k, group) in soups.chunks(8).enumerate() {
            let mut s = group.concat();
            if k % 2 == 0 {
                s.retain(|c| c.is_ascii());
            }
            let want = reference::fold_with(&s, false);
            let words = fold_tokens_into(&s, &mut f, &mut toks);
            assert_eq!(words, reference::count_words(&s), "{s:?}");
            let mut old = Vec::new();
            reference::tokenize_into(&want.text, &mut old);
            assert_eq!(toks, old, "{s:?}");
        }
    }

    #[test]
    fn fused_fold_and_tokens_match_the_reference() {
        let mut f = Folded::default();
        let mut toks = Vec::new();
        for s in soups(20_000) {
            for keep in [false, true] {
                assert_eq!(fold_with(&s, keep), reference::fold_with(&s, keep), "{s:?}");
            }
            let want = reference::fold_with(&s, false);
            let words = fold_tokens_into(&s, &mut f, &mut toks);
            assert_eq!(f, want, "{s:?}");
            assert_eq!(words, reference::count_words(&s), "{s:?}");
            let mut old = Vec::new();
            reference::tokenize_into(&want.text, &mut old);
            assert_eq!(toks, old, "{s:?}");
            assert_eq!(tokens(&want.text), old, "{s:?}");
        }
    }

    #[test]
    fn word_count_and_gaps_match_the_reference() {
        for s in soups(50_000) {
            assert_eq!(count_words(&s), reference::count_words(&s), "{s:?}");
            assert_eq!(is_phrase_gap(&s), reference::is_phrase_gap(&s), "{s:?}");
            if s.is_ascii() {
                let b = s.as_bytes();
                assert_eq!(
                    count_words_ascii(b),
                    reference::count_words_ascii(b),
                    "{s:?}"
                );
                assert_eq!(
                    count_uax29_ascii(b),
                    s.unicode_words().count() as u64,
                    "{s:?}"
                );
            }
            if let Some(n) = count_chunk_simple(&s) {
                assert_eq!(n, s.unicode_words().count() as u64, "{s:?}");
            }
        }
        for g in ["-", " ", "\u{b}", "\u{1c}", "\u{a0}", ","] {
            assert_eq!(is_phrase_gap(g), reference::is_phrase_gap(g), "{g:?}");
        }
    }

    #[test]
    fn chunked_word_count_matches_the_byte_loop_on_random_ascii() {
        // Joiners, word bytes and others at every offset of the eight-byte chunks.
        let alphabet = b"aZ9_'.:,; -\n\x7f@[`{/";
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 0..200 {
            for _ in 0..20 {
                let s: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize]
                    })
                    .collect();
                assert_eq!(
                    count_words_ascii(&s),
                    reference::count_words_ascii(&s),
                    "{:?}",
                    String::from_utf8_lossy(&s)
                );
                // The same bytes with non-ASCII characters in between, counted beside the
                // tokens.
                let text = String::from_utf8_lossy(&s)
                    .replace('@', "’")
                    .replace('[', "é")
                    .replace('`', "e\u{301}")
                    .replace('{', "“")
                    .replace('/', "\u{a0}");
                let mut f = Folded::default();
                let words = fold_tokens_into(&text, &mut f, &mut Vec::new());
                assert_eq!(words, reference::count_words(&text), "{text:?}");
                assert_eq!(words, count_words(&text), "{text:?}");
                let want = s.iter().position(|&b| b >= 0x80);
                assert_eq!(first_non_ascii(&s), want);
                for from in [0, len / 3, len] {
                    let want = from
                        + s[from..]
                            .iter()
                            .position(|b| !b.is_ascii_alphanumeric())
                            .unwrap_or(len - from);
                    assert_eq!(ascii_alnum_end(&s, from, len), want);
                }
            }
        }
        for (s, at) in [
            (&b"abcdefgh\xc3\xa9"[..], Some(8)),
            (b"\xe2abc", Some(0)),
            (b"", None),
        ] {
            assert_eq!(first_non_ascii(s), at);
        }
    }

    #[test]
    fn ascii_fast_path_is_identity_lowercase() {
        let f = fold("The ALLIANCE");
        assert_eq!(f.text, "the alliance");
        assert_eq!(f.source_offset(4), 4);
        assert_eq!(f.source_offset(12), 12);
    }

    #[test]
    fn curly_quotes_and_dashes_fold_and_map_back() {
        let src = "“So‑called” alliance — Russia–China";
        let f = fold(src);
        assert_eq!(f.text, "\"so-called\" alliance - russia-china");
        let at = f.text.find("alliance").unwrap();
        let s = f.source_offset(at);
        let e = f.source_offset(at + "alliance".len());
        assert_eq!(&src[s..e], "alliance");
        let at = f.text.find("china").unwrap();
        assert_eq!(&src[f.source_offset(at)..f.source_offset(at + 5)], "China");
        assert_eq!(f.source_offset(f.text.len()), src.len());
    }

    #[test]
    fn nfkc_and_combining_marks() {
        // Full-width letters and a decomposed é fold to their plain forms.
        let src = "ＮＡＴＯ cafe\u{301} ﬁnal";
        let f = fold(src);
        assert_eq!(f.text, "nato café final");
        let at = f.text.find("café").unwrap();
        let end = at + "café".len();
        assert_eq!(
            &src[f.source_offset(at)..f.source_offset(end)],
            "cafe\u{301}"
        );
    }

    #[test]
    fn invisible_characters_are_dropped() {
        let src = "alli\u{AD}ance\u{200B} pact";
        let f = fold(src);
        assert_eq!(f.text, "alliance pact");
        assert_eq!(f.source_offset(0), 0);
        assert_eq!(&src[f.source_offset(9)..f.source_offset(13)], "pact");
    }

    #[test]
    fn keep_case_keeps_case() {
        assert_eq!(fold_with("US “us”", true).text, "US \"us\"");
    }

    #[test]
    fn tokens_split_at_hyphens_apostrophes_and_punctuation() {
        let t = "non-interference, xi's 3.5 crème";
        let toks: Vec<&str> = tokens(t).iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(toks, ["non", "interference", "xi", "s", "3", "5", "crème"]);
    }

    #[test]
    fn phrase_gaps() {
        assert!(is_phrase_gap(" "));
        assert!(is_phrase_gap(" \n  "));
        assert!(is_phrase_gap("-"));
        assert!(is_phrase_gap(" - "));
        assert!(!is_phrase_gap(", "));
        assert!(!is_phrase_gap(". "));
        assert!(!is_phrase_gap(""));
    }

    #[test]
    fn word_count_matches_uax29_on_mixed_text() {
        for s in [
            "“Officials,” he said — the U.S.–China ‘pact’ isn’t 3.5% of it.",
            "Xi’s «entente» 北京 и Москва\u{a0}agree; café-au-lait…",
            "a\u{200d} b \u{301}c",
        ] {
            assert_eq!(count_words(s), s.unicode_words().count() as u64, "{s:?}");
        }
    }

    #[test]
    fn word_count_matches_uax29_on_ascii() {
        for s in [
            "Hello, world!",
            "The U.S. and don't 3.5 1,000 e-mail -- co-op x_y",
            "  a  b\nc ",
            "it's 'quoted' \"twice\" end.",
            "",
            "...",
        ] {
            assert_eq!(
                count_words_ascii(s.as_bytes()),
                s.unicode_words().count() as u64,
                "{s:?}"
            );
        }
    }
}
