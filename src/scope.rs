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
    bufs.words.clear();
    words_into(body, sentence.clone(), &mut bufs.words);
    let mut out = About::default();
    let Some(read) = Reading::new(body, &bufs.words, hits, &mention) else {
        return out;
    };
    // 1. A name that holds the word.
    if read.name_holding(&mut out) {
        return out;
    }
    // 2. The noun phrase before the mention.
    read.noun_phrase(&mut out);
    // 3. The words after it.
    read.parties_after(&mut out.actors);
    if !out.actors.is_empty() || out.other {
        return out;
    }
    let clause = read.clause_start();
    // 4. "X sees Y as a threat", "X accused Y of interference".
    if read.perceived_or_accused(clause, &mut out) {
        return out;
    }
    // 5. Actors before it in the clause, except in a target phrase.
    read.clause_actors(clause, &mut out.actors);
    if !out.actors.is_empty() {
        return out;
    }
    // 6. A reference back to two parties.
    if read.refers_back() {
        actors_in(hits, with_sentence_before(st, &sentence), &mut out.actors);
    }
    out
}

/// A mention's sentence as the rules read it: its words, the actor hits, and the mention's
/// first and last word.
struct Reading<'a> {
    body: &'a str,
    /// The sentence's words, in order.
    words: &'a [Word],
    /// (offset, actor index) of every actor hit, by offset.
    hits: &'a [(usize, u16)],
    /// The index of the mention's first word.
    m0: usize,
    /// The index of the mention's last word (`m0` or after).
    m1: usize,
}

impl<'a> Reading<'a> {
    /// Places `mention` among `words`: its first word is the first that ends after its
    /// start; `None` when there is none.
    #[inline]
    fn new(
        body: &'a str,
        words: &'a [Word],
        hits: &'a [(usize, u16)],
        mention: &Range<usize>,
    ) -> Option<Reading<'a>> {
        let m0 = words.iter().position(|w| w.end > mention.start)?;
        let m1 = words
            .iter()
            .rposition(|w| w.start < mention.end)
            .unwrap_or(m0)
            .max(m0);
        Some(Reading {
            body,
            words,
            hits,
            m0,
            m1,
        })
    }

    /// The text of word `w`.
    #[inline]
    fn text(&self, w: &Word) -> &'a str {
        &self.body[w.start..w.end]
    }

    /// Whether word `w` starts with a capital letter.
    #[inline]
    fn capital(&self, w: &Word) -> bool {
        self.body[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Whether the sentence is in title case (a headline), where capitals say nothing: at
    /// least three words, six in ten of them capitalised.
    #[inline]
    fn title_case(&self) -> bool {
        let caps = self.words.iter().filter(|w| self.capital(w)).count();
        self.words.len() >= 3 && caps * 10 >= self.words.len() * 6
    }

    /// Rule 1: when the mention's word is capitalised inside a sentence (not in title case)
    /// with no clause break before it, it is part of a name, and the mention is about the
    /// actors that name holds, else about someone else. Says whether the rule decided.
    #[inline]
    fn name_holding(&self, out: &mut About) -> bool {
        let (words, m0) = (self.words, self.m0);
        let in_name = !self.title_case()
            && m0 > 0
            && self.capital(&words[m0])
            && words[m0].gap & GAP_CLAUSE == 0;
        if !in_name {
            return false;
        }
        let mut s = m0;
        while s > 0 && words[s].gap == 0 && self.capital(&words[s - 1]) {
            s -= 1;
        }
        let mut e = self.m1;
        while e + 1 < words.len() && words[e + 1].gap == 0 && self.capital(&words[e + 1]) {
            e += 1;
        }
        actors_in(self.hits, words[s].start..words[e].end, &mut out.actors);
        out.other = out.actors.is_empty();
        true
    }

    /// Rule 2: the actors named in the noun phrase right before the mention (up to four
    /// words, back to a gap or a word that ends a noun phrase); a capitalised word there
    /// that names none, other than the sentence's first word and "and"/"or", is someone else.
    #[inline]
    fn noun_phrase(&self, out: &mut About) {
        let (words, m0) = (self.words, self.m0);
        let mut s = m0;
        while s > 0 && m0 - s < 4 && words[s].gap == 0 && !np_stop(self.text(&words[s - 1])) {
            s -= 1;
        }
        for w in &words[s..m0] {
            let named = actors_in(self.hits, w.start..w.end, &mut out.actors);
            let first = words.first() == Some(w);
            if !named && self.capital(w) && !first && !word_in(self.text(w), &["and", "or"]) {
                out.other = true;
            }
        }
    }

    /// Rule 3: the actors named after a party preposition right after the mention
    /// ("between Moscow and Beijing", "by Russia"), up to six words and not past a target
    /// preposition or a gap; appended to `actors`.
    #[inline]
    fn parties_after(&self, actors: &mut Vec<u16>) {
        let words = self.words;
        let after = self.m1 + 1;
        if after >= words.len()
            || words[after].gap & !GAP_QUOTE != 0
            || !word_in(self.text(&words[after]), PARTY_PREPS)
        {
            return;
        }
        let mut e = after + 1;
        while e < words.len() && e - after <= 6 && words[e].gap == 0 {
            if word_in(self.text(&words[e]), TARGET_PREPS) {
                break;
            }
            e += 1;
        }
        if e > after + 1 {
            actors_in(self.hits, words[after + 1].start..words[e - 1].end, actors);
        }
    }

    /// The index of the first word of the mention's clause: back from the mention's first
    /// word to a clause break (or the sentence's start).
    #[inline]
    fn clause_start(&self) -> usize {
        let mut c = self.m0;
        while c > 0 && self.words[c].gap & GAP_CLAUSE == 0 {
            c -= 1;
        }
        c
    }

    /// Rule 4: after "sees … as" or "accused … of/for" within four words before the
    /// mention, with the verb in its clause (from word `clause`), the mention is about the
    /// actors between the verb and the preposition, else about someone else. Says whether
    /// the rule decided.
    #[inline]
    fn perceived_or_accused(&self, clause: usize, out: &mut About) -> bool {
        let (words, m0) = (self.words, self.m0);
        let Some(a) = (m0.saturating_sub(4)..m0)
            .rev()
            .find(|&k| word_in(self.text(&words[k]), &["as", "of", "for"]))
        else {
            return false;
        };
        let kind = if word_is_any(self.text(&words[a]), "as") {
            SEE_AS
        } else {
            ACCUSE
        };
        let Some(v) = (clause..a)
            .rev()
            .find(|&k| word_in(self.text(&words[k]), kind))
        else {
            return false;
        };
        if v + 1 < a {
            actors_in(
                self.hits,
                words[v + 1].start..words[a - 1].end,
                &mut out.actors,
            );
        }
        if out.actors.is_empty() {
            out.other = true;
        }
        true
    }

    /// Rule 5: the actors named in the clause (from word `clause`) before the mention,
    /// except a word within two words after a target preposition; appended to `actors`.
    #[inline]
    fn clause_actors(&self, clause: usize, actors: &mut Vec<u16>) {
        let words = self.words;
        for k in clause..self.m0 {
            let w = &words[k];
            let targeted =
                (k.saturating_sub(2)..k).any(|j| word_in(self.text(&words[j]), TARGET_PREPS));
            if !targeted {
                actors_in(self.hits, w.start..w.end, actors);
            }
        }
    }

    /// Rule 6's test: whether the sentence refers back to two parties ("their",
    /// "bilateral", "jointly", "the two countries", "both sides", "each other").
    #[inline]
    fn refers_back(&self) -> bool {
        let words = self.words;
        words.iter().enumerate().any(|(k, w)| {
            let t = self.text(w);
            word_in(t, BACK_WORDS)
                || (word_in(t, PAIR_NOUNS)
                    && k > 0
                    && (word_in(self.text(&words[k - 1]), &["two", "both"])))
                || (word_is_any(t, "each")
                    && words
                        .get(k + 1)
                        .is_some_and(|n| word_is_any(self.text(n), "other")))
        })
    }
}

/// The span of `sentence` and of the sentence before it, when there is one.
#[inline]
fn with_sentence_before(st: &ArticleStance, sentence: &Range<usize>) -> Range<usize> {
    let before = st.sentence(sentence.start.saturating_sub(1));
    let from = if before.end <= sentence.start {
        before.start
    } else {
        sentence.start
    };
    from..sentence.end
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
