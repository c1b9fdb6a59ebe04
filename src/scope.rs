//! Subject scope: what a mention is about, for frames with `about` (actor ids).
//!
//! A mention counts toward its frame only when it is about one of the frame's actors. What a
//! word is about is read from its sentence, in this order; the first rule that names anyone
//! decides:
//!
//! 1. **A name that holds the word** ("the Asia Infrastructure Alliance": the word capitalised
//!    inside a sentence that is not in title case) is about the actors named in that name
//!    only, usually nobody.
//! 2. **The noun phrase**: up to four words right before the mention, with no punctuation or
//!    function word between ("Russia-China alliance", "Moscow's interference", "Sino-Russian
//!    partnership"). A capitalised word there that names no configured actor ("the NATO
//!    alliance", "the AUKUS partnership", "the EU bloc") makes the mention about someone else.
//! 3. **The words after it**: "between/of/with/among/by/from …" name its parties or the party
//!    charged ("an alliance between Moscow and Beijing", "interference by Russia"); a target
//!    ("to/against/on/in/into/toward …": "a threat to Russia", "interference in China's
//!    affairs") is never what a word is about.
//! 4. **The perceiver is not the charged**: after "sees/views/regards/considers/calls/
//!    describes … as" the mention is about the object between the verb and "as" ("Moscow sees
//!    the new base as a threat" is about the base's owner, not Russia); after "accuse/blame …
//!    of/for" it is about the accused.
//! 5. **The clause**: actors named before the mention in its clause ("Moscow and Beijing are
//!    forming an alliance"), except those in a target phrase.
//! 6. **A reference back**: "their", "the two countries" (sides, nations, powers, leaders,
//!    neighbours), "both countries", "bilateral", "each other" refer to the actors named in the
//!    sentence or the one before it.
//!
//! Otherwise the mention is about nobody in scope ("officials were slow to see the threat",
//! with Russia named only in the sentence before).

use crate::stance::ArticleStance;
use crate::words::{word_in, words_into, Word, GAP_CLAUSE, GAP_QUOTE};
use std::ops::Range;

/// Words that end a noun phrase read backwards from the mention.
const NP_STOP: &[&str] = &[
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "is", "are",
    "was", "were", "be", "been", "as", "that", "which", "who", "than", "into", "against", "this",
    "these", "those", "its", "his", "her", "our", "my", "any",
];
/// Prepositions after a mention that name its parties or the party charged.
const PARTY_PREPS: &[&str] = &["between", "of", "with", "among", "by", "from"];
/// Prepositions that name a target, never what the word is about.
const TARGET_PREPS: &[&str] = &[
    "to", "against", "on", "in", "into", "toward", "towards", "at",
];
/// Verbs of perception or labelling: "X sees Y as a threat".
const SEE_AS: &[&str] = &[
    "see",
    "sees",
    "saw",
    "seen",
    "view",
    "views",
    "viewed",
    "regard",
    "regards",
    "regarded",
    "consider",
    "considers",
    "considered",
    "describe",
    "describes",
    "described",
    "call",
    "calls",
    "called",
    "label",
    "labels",
    "labelled",
    "labeled",
    "brand",
    "branded",
    "portray",
    "portrays",
    "portrayed",
];
/// Verbs of accusing: "X accused Y of interference".
const ACCUSE: &[&str] = &[
    "accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming",
];
/// Words that refer back to two parties named before.
const BACK_WORDS: &[&str] = &["their", "bilateral", "jointly"];
/// Nouns of "the two …" / "both …".
const PAIR_NOUNS: &[&str] = &[
    "countries",
    "sides",
    "nations",
    "powers",
    "leaders",
    "neighbours",
    "neighbors",
    "states",
    "governments",
    "presidents",
    "capitals",
    "giants",
    "partners",
    "allies",
];

/// Who a mention is about, as far as the rules tell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct About {
    /// Actor indices.
    pub actors: Vec<u16>,
    /// Someone the config does not name (a capitalised word in the noun phrase, a name).
    pub other: bool,
}

/// Reused working memory.
#[derive(Default)]
pub struct ScopeBuffers {
    words: Vec<Word>,
}

/// The actors with a hit inside `r`, appended to `out`.
fn actors_in(hits: &[(usize, u16)], r: Range<usize>, out: &mut Vec<u16>) -> bool {
    let k = hits.partition_point(|&(h, _)| h < r.start);
    let mut any = false;
    for &(h, a) in &hits[k..] {
        if h >= r.end {
            break;
        }
        any = true;
        if !out.contains(&a) {
            out.push(a);
        }
    }
    any
}

/// What the mention at `mention` is about.
pub fn about(
    body: &str,
    st: &ArticleStance,
    mention: Range<usize>,
    hits: &[(usize, u16)],
    bufs: &mut ScopeBuffers,
) -> About {
    let sentence = st.sentence(mention.start);
    let words = &mut bufs.words;
    words.clear();
    words_into(body, sentence.clone(), words);
    let text = |w: &Word| &body[w.start..w.end];
    let mut out = About::default();
    let Some(m0) = words.iter().position(|w| w.end > mention.start) else {
        return out;
    };
    let m1 = words
        .iter()
        .rposition(|w| w.start < mention.end)
        .unwrap_or(m0)
        .max(m0);
    let capital = |w: &Word| {
        body[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    // A sentence in title case (a headline): capitals say nothing there.
    let caps = words.iter().filter(|w| capital(w)).count();
    let title_case = words.len() >= 3 && caps * 10 >= words.len() * 6;

    // 1. A name that holds the word.
    if !title_case && m0 > 0 && capital(&words[m0]) && words[m0].gap & GAP_CLAUSE == 0 {
        let mut s = m0;
        while s > 0 && words[s].gap == 0 && capital(&words[s - 1]) {
            s -= 1;
        }
        let mut e = m1;
        while e + 1 < words.len() && words[e + 1].gap == 0 && capital(&words[e + 1]) {
            e += 1;
        }
        actors_in(hits, words[s].start..words[e].end, &mut out.actors);
        out.other = out.actors.is_empty();
        return out;
    }

    // 2. The noun phrase before the mention.
    let mut s = m0;
    while s > 0 && m0 - s < 4 && words[s].gap == 0 && !np_stop(text(&words[s - 1])) {
        s -= 1;
    }
    for w in &words[s..m0] {
        let named = actors_in(hits, w.start..w.end, &mut out.actors);
        let first = words.first() == Some(w);
        if !named && capital(w) && !first && !word_in(text(w), &["and", "or"]) {
            out.other = true;
        }
    }

    // 3. The words after it.
    let after = m1 + 1;
    if after < words.len() && words[after].gap & !GAP_QUOTE == 0 {
        let prep = text(&words[after]);
        if word_in(prep, PARTY_PREPS) {
            let mut e = after + 1;
            while e < words.len() && e - after <= 6 && words[e].gap == 0 {
                if word_in(text(&words[e]), TARGET_PREPS) {
                    break;
                }
                e += 1;
            }
            if e > after + 1 {
                actors_in(
                    hits,
                    words[after + 1].start..words[e - 1].end,
                    &mut out.actors,
                );
            }
        }
    }
    if !out.actors.is_empty() || out.other {
        return out;
    }

    // The clause before the mention.
    let mut c = m0;
    while c > 0 && words[c].gap & GAP_CLAUSE == 0 {
        c -= 1;
    }

    // 4. "X sees Y as a threat", "X accused Y of interference".
    let near_as = (m0.saturating_sub(4)..m0)
        .rev()
        .find(|&k| word_in(text(&words[k]), &["as", "of", "for"]));
    if let Some(a) = near_as {
        let kind = if word_is_any(text(&words[a]), "as") {
            SEE_AS
        } else {
            ACCUSE
        };
        if let Some(v) = (c..a).rev().find(|&k| word_in(text(&words[k]), kind)) {
            if v + 1 < a {
                actors_in(hits, words[v + 1].start..words[a - 1].end, &mut out.actors);
            }
            if out.actors.is_empty() {
                out.other = true;
            }
            return out;
        }
    }

    // 5. Actors before it in the clause, except in a target phrase.
    for k in c..m0 {
        let w = &words[k];
        let targeted = (k.saturating_sub(2)..k).any(|j| word_in(text(&words[j]), TARGET_PREPS));
        if !targeted {
            actors_in(hits, w.start..w.end, &mut out.actors);
        }
    }
    if !out.actors.is_empty() {
        return out;
    }

    // 6. A reference back to two parties.
    let refers = words.iter().enumerate().any(|(k, w)| {
        let t = text(w);
        word_in(t, BACK_WORDS)
            || (word_in(t, PAIR_NOUNS) && k > 0 && (word_in(text(&words[k - 1]), &["two", "both"])))
            || (word_is_any(t, "each")
                && words
                    .get(k + 1)
                    .is_some_and(|n| word_is_any(&body[n.start..n.end], "other")))
    });
    if refers {
        let before = st.sentence(sentence.start.saturating_sub(1));
        let from = if before.end <= sentence.start {
            before.start
        } else {
            sentence.start
        };
        actors_in(hits, from..sentence.end, &mut out.actors);
    }
    out
}

/// A word that ends the noun phrase read backwards: a function word, or a verb ("Beijing
/// condemned US interference": a lower-case word in -ed, or a common verb of charging).
fn np_stop(w: &str) -> bool {
    let lower = w.starts_with(|c: char| c.is_lowercase());
    word_in(w, NP_STOP)
        || (lower && w.len() > 4 && w.ends_with("ed") && !w.contains('-'))
        || word_in(w, VERBS)
}

/// Verbs that may stand right before a noun phrase.
const VERBS: &[&str] = &[
    "condemns",
    "criticises",
    "criticizes",
    "accuses",
    "rejects",
    "opposes",
    "denounces",
    "fears",
    "blames",
    "sees",
    "says",
    "warns",
    "calls",
    "has",
    "have",
    "had",
    "denies",
    "faces",
    "face",
    "fear",
    "reject",
    "oppose",
    "condemn",
    "see",
];

fn word_is_any(w: &str, pat: &str) -> bool {
    crate::words::word_is(w, pat)
}
