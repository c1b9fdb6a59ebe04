//! The same article twice: a file copied, or a story syndicated across outlets with
//! near-identical text. Articles are compared by their 5-word shingles (the set of every run
//! of five consecutive words, lower-cased, punctuation ignored), hashed to 32 bits. A later
//! article is a twin of an earlier one when the two sets have a Jaccard similarity of at
//! least 0.8, or when at least 90% of the later article's shingles are in the earlier one
//! (a copy with a line or two trimmed). The first in path order is kept; the copy is skipped.
//!
//! Only the hashes are kept, never the texts: about four bytes per word of text. Candidates
//! are found through an index of the hashes divisible by 16 (and each article's smallest
//! hash, so short articles are found too): an earlier article sharing at least a third of
//! those keys is compared exactly. A key shared by more than 32 kept articles is furniture
//! and lists no more, so the work stays linear in the number of articles. Everything is
//! deterministic: same inputs, same twins.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Jaccard similarity at or above which two articles are twins.
pub const MIN_JACCARD: f64 = 0.8;
/// Share of the later article found in the earlier one at or above which it is a twin.
pub const MIN_CONTAINMENT: f64 = 0.9;

/// Index keys: hashes with these low bits zero (one in 16).
const SAMPLE_MASK: u32 = 0xF;

/// Articles listed under one index key at most. A shingle kept by this many different
/// articles is shared furniture ("Sign up for our newsletter to get..."), not a sign of a
/// copy; capping its list keeps finding twins linear in the corpus size.
const MAX_POSTINGS: usize = 32;

/// The shingle hashes of a text: sorted, without repeats.
pub fn shingles(text: &str) -> Vec<u32> {
    let words = word_hashes(text);
    let mut out: Vec<u32> = if words.len() < SHINGLE_WORDS {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![mix(&words)]
        }
    } else {
        words.windows(SHINGLE_WORDS).map(mix).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// A hash per word (a run of letters and digits), case folded. ASCII bytes, nearly all of
/// an English text even with curly quotes, are hashed without decoding characters.
fn word_hashes(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut out = Vec::with_capacity(text.len() / 6);
    let bytes = text.as_bytes();
    let mut h = OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alnum, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alnum {
            if b < 0x80 {
                h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &x in l.encode_utf8(&mut buf).as_bytes() {
                        h = (h ^ u64::from(x)).wrapping_mul(PRIME);
                    }
                }
            }
            in_word = true;
        } else if in_word {
            out.push(h);
            h = OFFSET;
            in_word = false;
        }
        i += len;
    }
    if in_word {
        out.push(h);
    }
    out
}

fn mix(words: &[u64]) -> u32 {
    let mut h = FxHasher::default();
    for w in words {
        h.write_u64(*w);
    }
    let x = h.finish();
    (x ^ (x >> 32)) as u32
}

fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A later article found to repeat an earlier one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Twin {
    /// The key the earlier article was added with.
    pub of: usize,
    /// Share of the later article's shingles found in the earlier one, 0..=1.
    pub share: f64,
}

/// The articles kept so far, by their shingles.
#[derive(Debug, Default)]
pub struct TwinIndex {
    kept: Vec<(usize, Vec<u32>)>,
    index: FxHashMap<u32, Vec<u32>>,
}

impl TwinIndex {
    /// The earliest kept article that `sh` (from [`shingles`]) repeats, if any.
    pub fn find(&self, sh: &[u32]) -> Option<Twin> {
        if sh.is_empty() {
            return None;
        }
        // Count the keys each kept article shares; a twin shares most of them (80% or more
        // of the sampled shingles, give or take sampling), so only articles sharing at least
        // a third are compared in full.
        let mut hits: FxHashMap<u32, u32> = FxHashMap::default();
        let mut n_keys = 0u32;
        for k in keys(sh) {
            n_keys += 1;
            for &c in self.index.get(&k).into_iter().flatten() {
                *hits.entry(c).or_default() += 1;
            }
        }
        let need = (n_keys / 3).max(1);
        let mut candidates: Vec<u32> = hits
            .into_iter()
            .filter(|&(_, n)| n >= need)
            .map(|(c, _)| c)
            .collect();
        candidates.sort_unstable();
        candidates.into_iter().find_map(|c| {
            let (key, earlier) = &self.kept[c as usize];
            let both = shared(sh, earlier) as f64;
            let jaccard = both / (sh.len() as f64 + earlier.len() as f64 - both);
            let containment = both / sh.len() as f64;
            (jaccard >= MIN_JACCARD || containment >= MIN_CONTAINMENT).then_some(Twin {
                of: *key,
                share: containment,
            })
        })
    }

    /// Keeps an article's shingles under `key`.
    pub fn insert(&mut self, key: usize, sh: Vec<u32>) {
        if sh.is_empty() {
            return;
        }
        let at = self.kept.len() as u32;
        for k in keys(&sh) {
            let list = self.index.entry(k).or_default();
            if list.len() < MAX_POSTINGS {
                list.push(at);
            }
        }
        self.kept.push((key, sh));
    }
}

/// The index keys of a shingle set: the sampled hashes and the smallest one.
fn keys(sh: &[u32]) -> impl Iterator<Item = u32> + '_ {
    sh.first()
        .copied()
        .into_iter()
        .chain(sh.iter().copied().filter(|h| h & SAMPLE_MASK == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The leaders of the two countries met on Monday to talk about trade, \
        energy and security, and they agreed to meet again in the spring, a spokesman said \
        after the talks ended late in the evening.";

    #[test]
    fn a_copy_and_a_trimmed_copy_are_twins_and_other_text_is_not() {
        let mut idx = TwinIndex::default();
        idx.insert(7, shingles(TEXT));
        let copy = TEXT.to_uppercase().replace(',', " ;");
        assert_eq!(idx.find(&shingles(&copy)), Some(Twin { of: 7, share: 1.0 }));
        let trimmed = &TEXT[..TEXT.len() - 10];
        assert_eq!(idx.find(&shingles(trimmed)).map(|t| t.of), Some(7));
        let other = "A different story about weather, rivers and the price of bread in winter.";
        assert_eq!(idx.find(&shingles(other)), None);
        assert_eq!(idx.find(&[]), None);
    }

    #[test]
    fn ascii_and_unicode_paths_hash_words_alike() {
        let ascii = word_hashes("Alliance pact");
        let unicode = word_hashes("Alliance pact \u{e9}");
        assert_eq!(ascii[..], unicode[..2]);
    }

    #[test]
    fn short_texts_match_only_when_equal() {
        let mut idx = TwinIndex::default();
        idx.insert(0, shingles("Two words"));
        assert!(idx.find(&shingles("two  WORDS")).is_some());
        assert!(idx.find(&shingles("two other")).is_none());
    }
}
