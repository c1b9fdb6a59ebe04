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

/// Folded text plus, for each of its bytes, the offset of the source byte it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text (lower-cased unless folded with `keep_case`).
    pub text: String,
    /// `origin[i]` is the source offset of folded byte `i`; `origin[text.len()]` is the source length.
    origin: Vec<u32>,
    /// True when the map is the identity (ASCII fast path): `origin` is then empty.
    identity: bool,
}

impl Folded {
    /// Maps a byte offset of the folded text back to the source.
    #[inline]
    pub fn source_offset(&self, folded: usize) -> usize {
        if self.identity {
            folded
        } else {
            self.origin[folded] as usize
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
            origin: Vec::new(),
            identity: true,
        };
    }
    let mut text = String::with_capacity(source.len() + source.len() / 8);
    let mut origin: Vec<u32> = Vec::with_capacity(source.len() + 1);
    let quick_nfkc = matches!(is_nfkc_quick(source.chars()), IsNormalized::Yes);
    let mut chars = source.char_indices().peekable();
    let mut cluster = String::new();
    while let Some((at, c)) = chars.next() {
        let combines_next = !quick_nfkc
            && chars
                .peek()
                .is_some_and(|&(_, n)| !n.is_ascii() && canonical_combining_class(n) != 0);
        if c.is_ascii() && !combines_next {
            let f = if keep_case { c } else { c.to_ascii_lowercase() };
            text.push(f);
            origin.push(at as u32);
            continue;
        }
        if quick_nfkc {
            push_folded(&mut text, &mut origin, c, at, keep_case);
            continue;
        }
        // A base character and the combining marks after it are normalized together, so that
        // "e" + U+0301 composes to "é"; the whole cluster maps to its first byte.
        cluster.clear();
        cluster.push(c);
        while let Some(&(_, next)) = chars.peek() {
            if canonical_combining_class(next) != 0 {
                cluster.push(next);
                chars.next();
            } else {
                break;
            }
        }
        for n in cluster.nfkc() {
            push_folded(&mut text, &mut origin, n, at, keep_case);
        }
    }
    origin.push(source.len() as u32);
    Folded {
        text,
        origin,
        identity: false,
    }
}

fn push_folded(text: &mut String, origin: &mut Vec<u32>, c: char, at: usize, keep_case: bool) {
    let mut push = |ch: char| {
        let before = text.len();
        text.push(ch);
        origin.extend(std::iter::repeat_n(at as u32, text.len() - before));
    };
    match c {
        // Quotes: single curly and prime-like marks to ', double ones to ".
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{2039}' | '\u{203A}' => push('"'),
        // Hyphens and dashes to '-': phrases match across them like across spaces.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => push('-'),
        // Invisible characters that scraped text carries inside words.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        _ if keep_case => push(c),
        _ => {
            for l in c.to_lowercase() {
                push(l);
            }
        }
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
pub fn count_words(text: &str) -> u64 {
    if text.is_ascii() {
        count_words_ascii(text.as_bytes())
    } else {
        text.unicode_words().count() as u64
    }
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
