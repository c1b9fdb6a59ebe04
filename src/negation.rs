//! Negation beyond the window: two rules that read a little grammar around a mention.
//!
//! - **A negated verb whose object holds the mention**, with the negator more than
//!   `negation_window` words before it (at most [`REACH`] words, same clause): negator, then
//!   adverbs and auxiliaries, one verb, then the noun phrase that ends in the mention, with no
//!   comma and no word that starts another clause between ("Such a front has not yet turned into
//!   a military bloc"). Verbs whose negation affirms what follows do not count ("has not ceased
//!   its pressure", "did not hide its alliance").
//! - **Negation after the mention that governs it**: the mention's noun phrase, then
//!   an auxiliary with a negator ("was not", "wasn't", "has never", or "never" alone), then a
//!   verb of coming into being ("the pact was never signed", "the alliance has not
//!   materialised", "such a bloc does not exist"). A negated description of something that
//!   exists ("the alliance is not new", "the partnership has not changed") does not count.
//!
//! The negator words are `not`, `never`, `n't` and `cannot`, each only while it is among the
//! configured negators.

use crate::words::{word_is, Word, WordSet, GAP_CLAUSE, GAP_COMMA};
use std::ops::Range;

/// How many words before a mention a negated verb's negator may stand.
pub const REACH: usize = 10;

/// Words that may stand between a negator and its verb.
static ADVERBS: WordSet = WordSet::new(&[
    "yet",
    "ever",
    "even",
    "really",
    "actually",
    "necessarily",
    "always",
    "quite",
    "fully",
    "formally",
    "officially",
    "be",
    "been",
    "have",
    "has",
    "had",
    "to",
    "so",
    "far",
    "still",
    "entirely",
    "completely",
]);
/// Verbs of seeking, becoming and making: negated, they deny their object ("do not seek an
/// alliance", "has not turned into a bloc"). Other verbs do not reach beyond the window: their
/// negation may deny something else ("is not tied to rising pressure", "has not ceased its
/// pressure").
static DENYING: WordSet = WordSet::new(&[
    "turn",
    "turned",
    "turns",
    "become",
    "becomes",
    "became",
    "form",
    "formed",
    "forming",
    "create",
    "created",
    "creating",
    "seek",
    "seeks",
    "sought",
    "want",
    "wants",
    "wanted",
    "plan",
    "plans",
    "planned",
    "need",
    "needs",
    "needed",
    "join",
    "joined",
    "sign",
    "signed",
    "build",
    "built",
    "establish",
    "established",
    "amount",
    "amounts",
    "constitute",
    "constitutes",
    "mean",
    "means",
    "represent",
    "represents",
    "pose",
    "poses",
    "posed",
    "forge",
    "forged",
    "evolve",
    "evolved",
    "develop",
    "developed",
    "grow",
    "grew",
    "intend",
    "intends",
    "intended",
    "pursue",
    "pursued",
    "conclude",
    "concluded",
    "enter",
    "entered",
    "aim",
    "aimed",
    "make",
]);
/// Words that start another clause: the negator's verb does not reach over them.
static CLAUSE_WORDS: WordSet = WordSet::new(&[
    "that", "which", "who", "because", "if", "when", "while", "but", "and", "or", "although",
    "since", "until", "unless", "whether", "where", "as", "than",
]);
/// Auxiliaries before a negator after the mention.
static AUX: WordSet = WordSet::new(&[
    "is", "was", "were", "are", "has", "have", "had", "will", "would", "could", "can", "did",
    "does", "do", "may", "might", "should",
]);
/// Verbs of coming into being: negated after the mention, they deny it.
static BEING: WordSet = WordSet::new(&[
    "signed",
    "formed",
    "concluded",
    "created",
    "established",
    "finalised",
    "finalized",
    "ratified",
    "realised",
    "realized",
    "materialised",
    "materialized",
    "agreed",
    "reached",
    "built",
    "forged",
    "founded",
    "born",
    "made",
    "struck",
    "sealed",
    "exist",
    "exists",
    "existed",
    "emerge",
    "emerged",
    "happen",
    "happened",
    "materialise",
    "materialize",
    "formalised",
    "formalized",
    "approved",
    "implemented",
    "achieved",
    "completed",
    "launched",
    "form",
    "take",
    "took",
    "taken",
    "come",
    "came",
    "occur",
    "occurred",
    "proven",
    "proved",
    "confirmed",
    "shown",
    "announced",
    "consummated",
    "declared",
    "restored",
    "revived",
    "sign",
    "conclude",
    "create",
    "establish",
    "ratify",
    "amount",
]);

/// Is `w` a negator word (per `negators`, the configured ones among the four)?
fn negator(w: &str, negators: &[&str]) -> bool {
    negators.iter().any(|n| {
        if *n == "n't" {
            let b = w.as_bytes();
            let ends = |tail: &[u8]| {
                b.len() > tail.len() && b[b.len() - tail.len()..].eq_ignore_ascii_case(tail)
            };
            ends(b"n't") || ends("n’t".as_bytes())
        } else {
            word_is(w, n)
        }
    })
}

/// The rules above, on `words` (the mention's clause, or as much of it as was read) for the
/// mention at `m`; `window` is the configured negation window. `negators`: which of `not`,
/// `never`, `n't`, `cannot` are configured.
pub fn negated_beyond(
    body: &str,
    words: &[Word],
    m: &Range<usize>,
    window: usize,
    negators: &[&str],
) -> bool {
    let text = |w: &Word| &body[w.start..w.end];
    let Some(m0) = words.iter().position(|w| w.end > m.start) else {
        return false;
    };
    let m1 = words
        .iter()
        .rposition(|w| w.start < m.end)
        .unwrap_or(m0)
        .max(m0);
    // Before: NEG ADV* VERB (noun phrase ending in the mention).
    let lo = m0.saturating_sub(REACH);
    for n in (lo..m0.saturating_sub(window)).rev() {
        if !negator(text(&words[n]), negators) {
            continue;
        }
        let between = &words[n + 1..=m0];
        if between
            .iter()
            .any(|w| w.gap & (GAP_COMMA | GAP_CLAUSE) != 0)
        {
            return false;
        }
        let mut k = n + 1;
        while k < m0 && ADVERBS.holds(text(&words[k])) {
            k += 1;
        }
        if k >= m0 {
            return false;
        }
        // words[k] is the verb.
        let verb = text(&words[k]);
        if !DENYING.holds(verb) {
            return false;
        }
        if words[k + 1..m0]
            .iter()
            .any(|w| CLAUSE_WORDS.holds(text(w)) || negator(text(w), negators))
        {
            return false;
        }
        return true;
    }
    // After: NP AUX NEG ADV* BEING.
    let mut k = m1 + 1;
    let mut np = 0;
    while k < words.len() && np <= 4 {
        let w = &words[k];
        if w.gap & (GAP_COMMA | GAP_CLAUSE) != 0 || CLAUSE_WORDS.holds(text(w)) {
            return false;
        }
        let t = text(w);
        if AUX.holds(t) || negator(t, negators) {
            break;
        }
        np += 1;
        k += 1;
    }
    if k >= words.len() || np > 4 {
        return false;
    }
    // An auxiliary with a negator, or "never" alone.
    let t = text(&words[k]);
    let negated_aux = if negator(t, negators) {
        true
    } else {
        k += 1;
        words
            .get(k)
            .is_some_and(|w| w.gap == 0 && negator(text(w), negators))
    };
    if !negated_aux {
        return false;
    }
    k += 1;
    while k < words.len() && words[k].gap == 0 && ADVERBS.holds(text(&words[k])) {
        k += 1;
    }
    words
        .get(k)
        .is_some_and(|w| w.gap == 0 && BEING.holds(text(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word list holds its words in any case, with ’ for ', and nothing else.
    #[test]
    fn word_sets_hold_their_words_and_no_others() {
        for set in [&ADVERBS, &DENYING, &CLAUSE_WORDS, &AUX, &BEING] {
            for w in set.words() {
                assert!(set.holds(w) && set.holds(&w.to_ascii_uppercase()), "{w}");
            }
        }
        assert!(!BEING.holds("signe") && !BEING.holds("signedx") && !BEING.holds(""));
        assert!(AUX.holds("Has") && !AUX.holds("hasn’t"));
        assert!(crate::words::WordSet::new(&["don't"]).holds("Don’t"));
    }
}
