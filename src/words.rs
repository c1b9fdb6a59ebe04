//! Words of a sentence as the attribution, negation and scope rules read them: each word's
//! byte range and what stands between it and the word before (a comma, a clause break, a
//! quotation mark), and the comparisons of a word with the rules' word lists.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// A word of the text, with what separates it from the word before.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// [`GAP_COMMA`], [`GAP_CLAUSE`], [`GAP_QUOTE`] bits: what stands between this word and
    /// the one before it.
    pub gap: u8,
}

/// A comma (or an opening bracket) before the word.
pub const GAP_COMMA: u8 = 1;
/// `;`, `:`, a dash, or a sentence end before the word.
pub const GAP_CLAUSE: u8 = 2;
/// A quotation mark before the word.
pub const GAP_QUOTE: u8 = 4;

/// Is `c` part of a word? Letters and digits.
fn word_char(c: char) -> bool {
    match c {
        // General punctuation (quotation marks, dashes, spaces) is common in prose and has
        // no letter or digit: settled without the Unicode tables.
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The words of `body[range]` (a word: letters and digits, with ' ’ or a hyphen between two of
/// them), appended to `out`.
pub fn words_into(body: &str, range: Range<usize>, out: &mut Vec<Word>) {
    let end = floor(body, range.end.min(body.len()));
    let mut gap = 0u8;
    let mut cur: Option<usize> = None;
    let mut at = floor(body, range.start);
    // The ASCII letters and digits, and the spaces, of the 64 bytes from `block` (bit `k` for
    // byte `block + k`, none at or past `end`): the common cases, a run of letters and digits
    // and a space before one, are stepped over a run at a time.
    let (mut block, mut alnum, mut space) = (at, 0u64, 0u64);
    if at < end {
        let masks = masks_from(body.as_bytes(), at, end);
        (alnum, space) = (masks.alnum, masks.space);
    }
    while at < end {
        if at - block >= 64 {
            block = at;
            let masks = masks_from(body.as_bytes(), at, end);
            (alnum, space) = (masks.alnum, masks.space);
        }
        let run = |mask: u64| (!(mask >> (at - block))).trailing_zeros() as usize;
        if alnum >> (at - block) & 1 != 0 {
            let mut s = *cur.get_or_insert(at);
            at += run(alnum);
            // The next words when each is one space after the last, the common case, as the
            // steps below would take them: the word ends at the space, and the next starts
            // after it, with nothing between to add to its gap.
            loop {
                let k = at - block;
                if k >= 63 || space >> k & 1 == 0 || alnum >> (k + 1) & 1 == 0 {
                    break;
                }
                out.push(Word {
                    start: s,
                    end: at,
                    gap,
                });
                gap = 0;
                s = at + 1;
                at = s + (!(alnum >> (s - block))).trailing_zeros() as usize;
            }
            cur = Some(s);
            continue;
        }
        if space >> (at - block) & 1 != 0 && cur.is_none() {
            at += run(space);
            continue;
        }
        let Some(c) = char_at(body, at, end) else {
            break;
        };
        let next = at + c.len_utf8();
        if word_char(c) {
            if cur.is_none() {
                cur = Some(at);
            }
            at = next;
            continue;
        }
        let peek = || char_at(body, next, end);
        if let Some(s) = cur {
            let joiner = matches!(c, '\'' | '’' | '-' | '\u{2010}' | '\u{2011}');
            if joiner && peek().is_some_and(word_char) {
                at = next;
                continue;
            }
            out.push(Word {
                start: s,
                end: at,
                gap,
            });
            gap = 0;
            cur = None;
        }
        gap |= match c {
            ' ' => 0,
            ',' | '(' | ')' => GAP_COMMA,
            ';' | ':' | '—' | '–' | '!' | '?' => GAP_CLAUSE,
            '-' if peek().is_some_and(|n| n == ' ' || n == '-') => GAP_CLAUSE,
            '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '‚' | '\'' | '’' => GAP_QUOTE,
            _ => 0,
        };
        at = next;
    }
    if let Some(s) = cur {
        out.push(Word { start: s, end, gap });
    }
}

/// [`crate::bytes::masks64`] of the 64 bytes of `bytes` from `at`, with no bit set at or past
/// `end`.
fn masks_from(bytes: &[u8], at: usize, end: usize) -> crate::bytes::Masks<u64> {
    let n = (end - at).min(64);
    let mut m = match bytes.get(at..at + 64) {
        Some(b) => crate::bytes::masks64(b.try_into().expect("64 bytes")),
        None => {
            let mut b = [0u8; 64];
            b[..n].copy_from_slice(&bytes[at..at + n]);
            crate::bytes::masks64(&b)
        }
    };
    if n < 64 {
        let keep = (1u64 << n) - 1;
        (m.alnum, m.space) = (m.alnum & keep, m.space & keep);
    }
    m
}

/// The character at byte `at` of `body` (a char boundary), if `at` is before `end`: ASCII
/// without decoding.
#[inline]
fn char_at(body: &str, at: usize, end: usize) -> Option<char> {
    let b = *body.as_bytes().get(at).filter(|_| at < end)?;
    if b < 0x80 {
        Some(char::from(b))
    } else {
        body[at..end].chars().next()
    }
}

/// Does the word start with a capital letter?
pub fn capitalised(body: &str, w: &Word) -> bool {
    match body.as_bytes()[w.start] {
        b if b < 0x80 => b.is_ascii_uppercase(),
        _ => body[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase),
    }
}

pub fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `word` equals `pat` (lower-case ASCII), ignoring ASCII case and reading ’ as '.
pub fn word_is(word: &str, pat: &str) -> bool {
    let (w, p) = (word.as_bytes(), pat.as_bytes());
    if w.len() == p.len() {
        return w.eq_ignore_ascii_case(p);
    }
    // Only ’ (three bytes read as the one of ') lets lengths differ in a match, by two bytes
    // each; and words and patterns start with a letter or digit, so the first bytes agree.
    let extra = w.len().wrapping_sub(p.len());
    if extra > w.len()
        || extra % 2 != 0
        || p.first() != w.first().map(u8::to_ascii_lowercase).as_ref()
    {
        return false;
    }
    let mut p = pat.chars();
    for c in word.chars() {
        let c = if c == '’' {
            '\''
        } else {
            c.to_ascii_lowercase()
        };
        if p.next() != Some(c) {
            return false;
        }
    }
    p.next().is_none()
}

/// Lower-case ASCII words to test words against, as [`word_in`] does but with one lookup of
/// the word packed into an integer in place of a comparison with each: for the longer lists
/// the rules test every word of a clause against.
pub struct WordSet {
    list: &'static [&'static str],
    set: OnceLock<HashSet<u128>>,
}

impl WordSet {
    pub const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet {
            list,
            set: OnceLock::new(),
        }
    }

    /// An ASCII word of at most 16 bytes, lower-cased, as one integer (zero bytes after it:
    /// no word holds one, so two words differ as integers).
    fn key(word: &[u8]) -> Option<u128> {
        let mut buf = [0u8; 16];
        buf.get_mut(..word.len())?.copy_from_slice(word);
        buf.make_ascii_lowercase();
        Some(u128::from_le_bytes(buf))
    }

    /// The words, as listed.
    pub fn words(&self) -> &'static [&'static str] {
        self.list
    }

    /// Is `word` one of these ([`word_in`])?
    pub fn holds(&self, word: &str) -> bool {
        let w = word.as_bytes();
        if !w.is_ascii() {
            // A ’ is read as ', and other letters outside ASCII match no word here.
            return word_in(word, self.list);
        }
        let set = self.set.get_or_init(|| {
            let set: HashSet<u128> = self
                .list
                .iter()
                .filter_map(|p| Self::key(p.as_bytes()))
                .collect();
            assert_eq!(
                set.len(),
                self.list.len(),
                "word lists hold distinct words of at most 16 bytes"
            );
            set
        });
        Self::key(w).is_some_and(|k| set.contains(&k))
    }
}

/// `word` is one of `list`.
pub fn word_in(word: &str, list: &[&str]) -> bool {
    let w = word.as_bytes();
    if memchr::memchr(0xE2, w).is_none() {
        // No ’: only a pattern of the same length can match.
        return list
            .iter()
            .any(|p| p.len() == w.len() && w.eq_ignore_ascii_case(p.as_bytes()));
    }
    list.iter().any(|p| word_is(word, p))
}

/// The key of a word for the verb table in `buf`: lower case, ’ read as '; `None` when it is
/// longer than `buf`.
pub fn lower_key<'b>(word: &[u8], buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
    let (mut i, mut n) = (0, 0);
    while i < word.len() {
        if word[i] < 0x80 {
            *buf.get_mut(n)? = word[i].to_ascii_lowercase();
            (i, n) = (i + 1, n + 1);
            continue;
        }
        // Outside ASCII: a whole character, lower-cased (Cyrillic, accented letters).
        let c = std::str::from_utf8(&word[i..]).ok()?.chars().next()?;
        i += c.len_utf8();
        let lower = if c == '’' { '\'' } else { c };
        for l in lower.to_lowercase() {
            let mut b = [0u8; 4];
            let l = l.encode_utf8(&mut b).as_bytes();
            buf.get_mut(n..n + l.len())?.copy_from_slice(l);
            n += l.len();
        }
    }
    Some(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`words_into`] a character at a time, with no masks and no runs: the reference its
    /// fast paths must agree with.
    fn words_simply(body: &str, range: Range<usize>) -> Vec<Word> {
        let text = &body[range.clone()];
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let (mut out, mut gap, mut cur) = (Vec::new(), 0u8, None);
        for (k, &(i, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            if word_char(c) {
                cur.get_or_insert(range.start + i);
                continue;
            }
            if let Some(s) = cur {
                let joiner = matches!(c, '\'' | '’' | '-' | '\u{2010}' | '\u{2011}');
                if joiner && next.is_some_and(word_char) {
                    continue;
                }
                out.push(Word {
                    start: s,
                    end: range.start + i,
                    gap,
                });
                (gap, cur) = (0, None);
            }
            gap |= match c {
                ',' | '(' | ')' => GAP_COMMA,
                ';' | ':' | '—' | '–' | '!' | '?' => GAP_CLAUSE,
                '-' if next.is_some_and(|n| n == ' ' || n == '-') => GAP_CLAUSE,
                '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '‚' | '\'' | '’' => {
                    GAP_QUOTE
                }
                _ => 0,
            };
        }
        if let Some(s) = cur {
            out.push(Word {
                start: s,
                end: range.end,
                gap,
            });
        }
        out
    }

    #[test]
    fn words_agree_with_a_character_at_a_time_reading() {
        // Runs of letters one space apart (the fast path), across 64-byte blocks, with
        // joiners, punctuation, double spaces and letters outside ASCII between them.
        let pieces = [
            "a", "word", "Lavrov", "2031", " ", " ", " ", "  ", ", ", "-", "'", "’", "“", "”",
            " — ", "é", "союз", "同盟", "\n", ". ", "; ", "x-ray", "don't", "(", ")",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut body = String::new();
            for _ in 0..below(120) {
                body.push_str(pieces[below(pieces.len())]);
            }
            let bounds: Vec<usize> = (0..=body.len())
                .filter(|&i| body.is_char_boundary(i))
                .collect();
            let a = bounds[below(bounds.len())];
            let b = bounds[below(bounds.len())];
            let range = a.min(b)..a.max(b);
            let mut fast = Vec::new();
            words_into(&body, range.clone(), &mut fast);
            assert_eq!(
                fast,
                words_simply(&body, range.clone()),
                "{body:?} {range:?}"
            );
        }
    }
}
