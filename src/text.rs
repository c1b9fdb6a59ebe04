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
        let seg = self.segments[i.saturating_sub(1)];
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

/// True when the text between two tokens of a phrase lets the phrase continue: only
/// whitespace (spaces, line breaks) and hyphens.
#[inline]
pub fn is_phrase_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap.chars().all(|c| {
            c == '-' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c.is_whitespace()
        })
}

/// Counts Unicode words (UAX #29) with an ASCII fast path.
///
/// A UAX #29 word never spans whitespace, so the text is counted one whitespace-separated
/// chunk at a time: ASCII chunks (nearly all of an English article, even one with curly
/// quotes) by a byte loop, the others by the full segmenter.
pub fn count_words(text: &str) -> u64 {
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
fn count_words_ascii(b: &[u8]) -> u64 {
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
                    b'\'' | b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
