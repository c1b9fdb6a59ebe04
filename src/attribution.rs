//! Attribution: whose words a mention stands in, and who speaks them.
//!
//! A mention is **direct** when it stands in a quotation that is not a scare quote
//! ([`crate::stance`]), or in a short quotation that is part of a sentence of reported speech
//! (a partial quotation: the senator warned of “aggressive moves”). It is **reported** when its
//! sentence, outside quotation marks, has a *speech site* that governs it:
//!
//! - `according to SOURCE` anywhere in the sentence, the mention outside SOURCE;
//! - `SOURCE VERB … mention`: a speech or cognition verb (`[stance] speech_verbs`) with a
//!   subject before it in its clause, the mention after the verb ("Xi said the two countries
//!   would deepen their partnership", "the strategy paper says Moscow is the main threat",
//!   "the minister, who told reporters …", "Lavrov was quoted as saying …");
//! - `mention …, SOURCE VERB` or `mention …, VERB SOURCE`: the attribution after the clause,
//!   set off by a comma or dash ("… interference in the vote, a senator said on Sunday",
//!   "the alliance, he told the press, is growing", "…, said the spokesman").
//!
//! A verb is not a verb when it is capitalised inside the sentence ("the United States"),
//! follows a determiner or possessive ("the claims", "his view"), or stands inside a
//! quotation that does not hold the mention. The subject is the run of words before the verb
//! back to the clause's start, a comma, or a word that starts a clause ("that", "and", …), over
//! auxiliaries and adverbs ("has repeatedly said"); a relative "who" refers to the noun phrase
//! before its comma. A mention inside the subject is the speaker, not the speech: own voice.
//!
//! **Speaker**: an actor of the config named in the source (first one), else the source as
//! written (at most eight words), else none. A pronoun source ("he said") takes the nearest
//! named source before it in the paragraph: the source of an earlier speech site, else the
//! nearest actor named before it; none when there is neither. A direct quotation's speaker
//! is read from a speech site outside the quotation in its sentence, else in the sentence
//! before it in the paragraph when that ends with a colon ("Peskov said:").

use crate::model::Attribution;
use crate::stance::{ArticleStance, QuoteKind, StanceRules};
use crate::words::{
    capitalised, floor, lower_key, word_in, word_is, words_into, Word, WordSet, GAP_CLAUSE,
    GAP_COMMA, GAP_QUOTE,
};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Determiners and possessives: a "verb" right after one is a noun ("the claims").
static NOUN_MARKERS: WordSet = WordSet::new(&[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your", "such", "whose",
]);
/// Words skipped between a subject and its verb.
static AUX: WordSet = WordSet::new(&[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "will",
    "would",
    "also",
    "again",
    "reportedly",
    "repeatedly",
    "recently",
    "publicly",
    "earlier",
    "previously",
    "later",
    "then",
    "been",
    "be",
    "did",
    "does",
    "do",
    "once",
    "openly",
    "explicitly",
    "clearly",
    "himself",
    "herself",
    "itself",
    "themselves",
    "both",
    "all",
]);
/// Words that start a clause: a subject does not reach back over them.
static CLAUSE_WORDS: WordSet = WordSet::new(&[
    "that", "and", "but", "because", "while", "as", "when", "if", "since", "although", "though",
    "so", "or", "where", "after", "before", "whereas",
]);
/// Nouns of documents: "the declaration states".
const DOCUMENTS: &[&str] = &[
    "declaration",
    "statement",
    "document",
    "paper",
    "report",
    "communique",
    "communiqué",
    "strategy",
    "treaty",
    "text",
    "resolution",
    "law",
    "charter",
    "doctrine",
    "agreement",
    "letter",
];
/// Verbs of viewing, which report a view only with "as": "X sees Y as Z".
const SEE_AS: &[&str] = &[
    "see",
    "sees",
    "saw",
    "view",
    "views",
    "viewed",
    "regard",
    "regards",
    "regarded",
    "consider",
    "considers",
    "considered",
];
/// The first words of speech phrases whose source follows them, in the languages of
/// [`crate::lang::cues`]: "according to the minister", "по словам министра", "laut dem
/// Minister", "selon le ministre", "d'après", "según el ministro", "de acuerdo con".
const SOURCE_FOLLOWS: &[&str] = &["according", "по", "laut", "selon", "d'après", "según", "de"];

/// Does a speech phrase that starts with `first` (a verb of the table) name its source after
/// it?
fn source_follows(first: &str) -> bool {
    let mut buf = [0; 64];
    lower_key(first.as_bytes(), &mut buf)
        .is_some_and(|k| SOURCE_FOLLOWS.iter().any(|s| s.as_bytes() == k))
}

/// Articles that may open the source named after its verb (", said the minister", ", a déclaré
/// le ministre"); in a language without them, any word may.
const ARTICLES: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "un", "une", "der", "die", "das", "ein", "eine", "el",
    "los", "las",
];

/// Pronouns a source may be.
pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "он", "она", "они", "мы", "я", "er", "sie", "wir", "il",
    "elle", "ils", "elles", "nous", "él", "ella", "ellos", "nosotros",
];
/// The longest source kept as written, in words.
const SOURCE_MAX_WORDS: usize = 8;

/// Where a mention's words come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Voice {
    pub attribution: Option<Attribution>,
    /// The source's words in the body, when found.
    pub source: Option<Range<usize>>,
}

/// A speech site in a sentence: the source's byte range and the words it governs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Site {
    source: Range<usize>,
    /// Byte range of the speech verb (or "according to").
    verb: Range<usize>,
    /// The byte ranges the site makes reported speech.
    governs: [Range<usize>; 2],
}

/// The speech sites outside the quotation at `q` (its bytes in `body`): the one whose
/// governed words hold the quotation, and the one nearest to it (that one if there is one).
fn quotation_sites<'s>(
    body: &str,
    sites: &'s [Site],
    q: Range<usize>,
) -> (Option<&'s Site>, Option<&'s Site>) {
    // The quotation's words, without the spaces French sets inside « ».
    let inner = &body[q.clone()];
    let lead = inner.len() - inner.trim_start().len();
    let trail = if lead < inner.len() {
        inner.len() - inner.trim_end().len()
    } else {
        0
    };
    let q = q.start + lead..q.end - trail;
    let outside = || {
        sites
            .iter()
            .filter(|s| s.verb.end <= q.start || s.verb.start >= q.end)
    };
    let governing = outside().find(|s| {
        s.governs
            .iter()
            .any(|g| g.start <= q.start && q.end <= g.end)
    });
    let near = governing.or_else(|| {
        outside().min_by_key(|s| {
            s.verb
                .start
                .abs_diff(q.start)
                .min(s.verb.start.abs_diff(q.end))
        })
    });
    (governing, near)
}

/// The speech site that makes the mention at `mention` (outside any quotation) reported
/// speech, other than one whose source holds it: an attribution after the clause frames all
/// of it ("…, the paper noted"), the last such wins; else the nearest verb before the
/// mention.
fn governing_site<'s>(sites: &'s [Site], mention: &Range<usize>) -> Option<&'s Site> {
    let holds = |g: &Range<usize>| g.start <= mention.start && mention.end <= g.end;
    let outside = |s: &&Site| !(s.source.start <= mention.start && mention.end <= s.source.end);
    sites
        .iter()
        .filter(outside)
        .rfind(|s| holds(&s.governs[0]))
        .or_else(|| sites.iter().filter(outside).rfind(|s| holds(&s.governs[1])))
}

/// The words of one sentence, as [`Attributor::sites_into`] reads them for speech sites.
struct SentenceWords<'a> {
    body: &'a str,
    words: &'a [Word],
    /// Where the first word starts and the last one ends.
    begin: usize,
    end: usize,
}

/// What stands before a speech verb ([`SentenceWords::subject`]).
enum Subject {
    /// Its subject, the source, and the words before the subject it governs too (empty when
    /// none).
    Source(Range<usize>, Range<usize>),
    /// No subject: the verb's own words start at `verb_start` (before it, auxiliaries and
    /// adverbs).
    Missing { verb_start: usize },
    /// A relative "who" with no comma before it: no site.
    Nothing,
}

impl SentenceWords<'_> {
    /// The text of word `i`.
    #[inline]
    fn text(&self, i: usize) -> &str {
        let w = &self.words[i];
        &self.body[w.start..w.end]
    }

    /// Word `i` is capitalised.
    #[inline]
    fn capital(&self, i: usize) -> bool {
        capitalised(self.body, &self.words[i])
    }

    /// Whether the verb of words `v0..=v1` is a speech verb here: not inside a quotation that
    /// does not hold `mention` (the quoted speaker's, not the sentence's), not a capitalised
    /// name inside the sentence (`title_case`, counted when first asked, says whether
    /// capitals mean anything), not a noun after a determiner, and "states" only after a
    /// document or before "that".
    #[inline]
    fn is_speech_verb(
        &self,
        st: &ArticleStance,
        mention: &Range<usize>,
        v0: usize,
        v1: usize,
        title_case: &mut Option<bool>,
    ) -> bool {
        let words = self.words;
        let w = words[v0];
        if let Some(q) = st.quotation(w.start..w.end) {
            if !(q.start <= mention.start && mention.end <= q.end) {
                return false;
            }
        }
        // Capitalised inside the sentence: a name ("the United States"), not a verb.
        let count = || {
            let caps = (0..words.len()).filter(|&k| self.capital(k)).count();
            words.len() >= 3 && caps * 10 >= words.len() * 6
        };
        if v0 > 0 && self.capital(v0) && !*title_case.get_or_insert_with(count) {
            return false;
        }
        let prev = v0.checked_sub(1).map(|k| self.text(k));
        if w.gap == 0 && prev.is_some_and(|p| NOUN_MARKERS.holds(p)) {
            return false;
        }
        if word_in(self.text(v0), &["states", "state"]) {
            let doc = w.gap == 0 && prev.is_some_and(|p| word_in(p, DOCUMENTS));
            let that = v1 + 1 < words.len() && word_is(self.text(v1 + 1), "that");
            return doc || that;
        }
        true
    }

    /// "according to SOURCE" at words `v0..=v1`: the source runs to the clause's end, or,
    /// with no comma to end it ("Laut dem Minister ist das Bündnis stark"), to the end of its
    /// first run of capitalised words.
    #[inline]
    fn according_to(&self, v0: usize, v1: usize) -> Option<Site> {
        let words = self.words;
        let mut k = v1 + 1;
        while k < words.len() && k <= v1 + SOURCE_MAX_WORDS && words[k].gap == 0 {
            k += 1;
        }
        if k == words.len() || words[k].gap == 0 {
            let mut named = false;
            let end = (v1 + 1..k).find(|&j| {
                named |= self.capital(j);
                named && !self.capital(j)
            });
            k = end.unwrap_or(k);
        }
        (k > v1 + 1).then(|| {
            let source = words[v1 + 1].start..words[k - 1].end;
            Site {
                governs: [self.begin..words[v0].start, source.end..self.end],
                source,
                verb: words[v0].start..words[v1].end,
            }
        })
    }

    /// "Y quoted X as saying", "X was quoted by Y as saying" (the verb `saying` at `v0..=v1`):
    /// X speaks.
    #[inline]
    fn quoted_as_saying(&self, v0: usize, v1: usize) -> Option<Site> {
        let words = self.words;
        let q = (v0.saturating_sub(8)..v0)
            .rev()
            .find(|&k| word_is(self.text(k), "quoted"))?;
        let passive = q > 0 && word_in(self.text(q - 1), &["was", "were", "is", "been"]);
        let source = if passive {
            let mut s = q - 1;
            while s > 0 && words[s].gap == 0 && q - 1 - s < SOURCE_MAX_WORDS {
                if CLAUSE_WORDS.holds(self.text(s - 1)) {
                    break;
                }
                s -= 1;
            }
            (s < q - 1).then(|| words[s].start..words[q - 2].end)
        } else {
            (q + 1 < v0 - 1).then(|| words[q + 1].start..words[v0 - 2].end)
        }?;
        let from = if passive {
            source.start
        } else {
            words[q].start
        };
        Some(Site {
            governs: [self.begin..from, words[v1].end..self.end],
            source,
            verb: words[v0].start..words[v1].end,
        })
    }

    /// The subject of the verb at word `v0`: back over auxiliaries and adverbs, past an
    /// appositive or relative clause ("Lavrov, who spoke after the talks, said"; "Ostrova, a
    /// former diplomat, argued": the noun phrase before it), then the noun phrase, up to a
    /// clause word or a comma.
    #[inline]
    fn subject(&self, v0: usize) -> Subject {
        let words = self.words;
        let mut k = v0;
        let mut trailing = true;
        while k > 0 && words[k].gap == 0 {
            let t = self.text(k - 1);
            if AUX.holds(t) {
                trailing &= word_in(t, &["has", "have", "had", "also", "later", "earlier"]);
            } else if !(t.len() > 4 && t.ends_with("ly")) {
                break;
            }
            k -= 1;
        }
        let verb_start = k;
        if k > 0 && words[k].gap & GAP_COMMA != 0 {
            let open = (k.saturating_sub(10)..k).rev().find(|&j| {
                words[j].gap & GAP_COMMA != 0
                    && j > 0
                    && word_in(self.text(j), &["who", "which", "a", "an", "the"])
            });
            if let Some(j) = open {
                if words[j + 1..k].iter().all(|w| w.gap == 0) {
                    k = j;
                }
            }
        }
        let mut relative = false;
        if k > 0 && words[k].gap == 0 && word_in(self.text(k - 1), &["who", "which"]) {
            // A relative clause: its source is the noun phrase before the comma.
            k -= 1;
            if words[k].gap & GAP_COMMA == 0 {
                return Subject::Nothing;
            }
            relative = true;
        }
        let subj_end = k;
        let mut s = subj_end;
        while s > 0 && subj_end - s < SOURCE_MAX_WORDS {
            let gap_ok = words[s].gap == 0 || (s == subj_end && (relative || s < verb_start));
            // "and" between two names belongs to the subject ("Putin and Xi said").
            let names = s >= 2
                && word_is(self.text(s - 1), "and")
                && self.capital(s - 2)
                && self.capital(s);
            if !gap_ok || (CLAUSE_WORDS.holds(self.text(s - 1)) && !names) {
                break;
            }
            s -= 1;
        }
        if s == subj_end {
            return Subject::Missing { verb_start };
        }
        let source = words[s].start..words[subj_end - 1].end;
        // Set off by a comma, colon or dash (or after a quotation), with no modal between it
        // and its verb: it may govern the words before it too.
        let set_off = GAP_COMMA | GAP_CLAUSE | GAP_QUOTE;
        let before = if s > 0 && trailing && words[s].gap & set_off != 0 {
            self.begin..words[s - 1].end
        } else {
            0..0
        };
        Subject::Source(source, before)
    }

    /// ", said the minister" (the verb at `v0..=v1`, with no subject, set off from the words
    /// before it): the source after the verb governs the words before it.
    #[inline]
    fn inverted(&self, v0: usize, v1: usize) -> Option<Site> {
        let words = self.words;
        if v0 == 0 || words[v0].gap & (GAP_COMMA | GAP_CLAUSE | GAP_QUOTE) == 0 {
            return None;
        }
        let mut k = v1 + 1;
        // A source starts with a capital or an article; in Russian (a word that starts
        // outside ASCII), which has none, with any word ("заявил министр").
        let starts_np = k < words.len()
            && (self.capital(k)
                || word_in(self.text(k), ARTICLES)
                || self.body.as_bytes()[words[k].start] >= 0x80);
        // A pronoun is the source alone (", sagte er am Montag").
        let pronoun = k < words.len() && word_in(self.text(k), PRONOUNS);
        if pronoun && words[k].gap == 0 {
            k += 1;
        }
        while !pronoun && starts_np && k < words.len() && k <= v1 + 6 && words[k].gap == 0 {
            let t = self.text(k);
            if word_in(t, &["on", "in", "at", "during", "after", "that", "to"]) || AUX.holds(t) {
                break;
            }
            k += 1;
        }
        (k > v1 + 1).then(|| Site {
            source: words[v1 + 1].start..words[k - 1].end,
            governs: [self.begin..words[v0 - 1].end, 0..0],
            verb: words[v0].start..words[v1].end,
        })
    }
}

/// The compiled speech verbs; cheap to share across threads.
pub struct Attributor {
    /// By first word (lower case): each verb's further words.
    verbs: HashMap<Box<[u8]>, Vec<Vec<Box<str>>>>,
    /// The lexicon tokens to flag so that a sentence with none of them is known to hold no
    /// speech verb ([`Self::cue_tokens`]); `None` when some verb cannot be flagged that way.
    tokens: Option<Vec<Box<str>>>,
    /// The first bytes (lower case) of the verbs' first words: most words fail this and are
    /// settled without a lookup.
    first_bytes: [bool; 256],
    /// For an ASCII word of a letter, `len - 2` more bytes and a letter, at index
    /// `26 × first + min(len, 31)`: the last letters of the verbs' first words with that
    /// first letter and length (bit `last`). A finer sieve than the one above.
    shapes: Vec<u32>,
}

/// The index of an ASCII word's shape in [`Attributor::shapes`] and the bit of its last
/// letter; `None` when it does not start and end with a letter.
fn shape(word: &[u8]) -> Option<(usize, u32)> {
    let (&f, &l) = (word.first()?, word.last()?);
    let (f, l) = (f.to_ascii_lowercase(), l.to_ascii_lowercase());
    (f.is_ascii_lowercase() && l.is_ascii_lowercase()).then(|| {
        (
            usize::from(f - b'a') * 32 + word.len().min(31),
            1 << (l - b'a'),
        )
    })
}

/// The longest stretch of text read for one mention's attribution (its sentence, or the
/// paragraph before a pronoun): a "sentence" longer than this holds no sentence end for
/// thousands of words, which no prose does, and reading it whole for each of its mentions
/// would take time quadratic in its length. Such a mention's voice is read from its
/// quotation marks alone.
pub const MAX_SPEECH_BYTES: usize = 16 * 1024;

/// Articles with more paragraphs than this are not searched for blocks in someone else's
/// words ([`Attributor::blocks`]): no news article has that many, and the search reads on
/// from each block's opening to its end.
pub const MAX_BLOCK_PARAGRAPHS: usize = 1_000;

/// Reused working memory.
#[derive(Default)]
pub struct AttributionBuffers {
    words: Vec<Word>,
    /// The words of the sentence `sites_of` names, and its speech sites for mentions in the
    /// quotation it names (or in none): a sentence's mentions share them, so a long sentence
    /// with many mentions is read once, not once a mention.
    sentence_words: Vec<Word>,
    sites_of: Option<(Range<usize>, Option<Range<usize>>)>,
    sites: Vec<Site>,
}

impl AttributionBuffers {
    /// Forgets what was read of the last article (its sentences' words and speech sites).
    pub fn new_article(&mut self) {
        self.sites_of = None;
    }
}

impl Attributor {
    pub fn new(rules: &StanceRules) -> Attributor {
        let mut verbs: HashMap<Box<[u8]>, Vec<Vec<Box<str>>>> = HashMap::default();
        let mut tokens: Option<Vec<Box<str>>> = Some(Vec::new());
        let mut first_bytes = [false; 256];
        let mut shapes = vec![0u32; 26 * 32];
        for v in &rules.speech_verbs {
            let words: Vec<Box<str>> = v
                .split_whitespace()
                .map(|w| w.replace('’', "'").to_lowercase().into_boxed_str())
                .collect();
            let Some((first, rest)) = words.split_first() else {
                continue;
            };
            // The lexicon's token of the first word: its last run of ASCII letters and digits.
            let run = first
                .rsplit(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            match (&mut tokens, first.is_ascii() && !run.is_empty()) {
                (Some(t), true) => t.push(Box::from(run)),
                _ => tokens = None,
            }
            match first.as_bytes()[0] {
                // A letter outside ASCII starts with another byte in upper case ("С", "с"):
                // every such word is looked up.
                b if b >= 0x80 => first_bytes[0x80..].fill(true),
                b => first_bytes[usize::from(b)] = true,
            }
            match shape(first.as_bytes()) {
                Some((at, bit)) => shapes[at] |= bit,
                // A verb of another shape: the sieve lets every word through.
                None => shapes.fill(u32::MAX),
            }
            let list = verbs.entry(first.as_bytes().into()).or_default();
            list.push(rest.to_vec());
            // Longest first, so "quoted as saying" wins over "quoted".
            list.sort_by_key(|r| std::cmp::Reverse(r.len()));
        }
        if let Some(t) = &mut tokens {
            t.sort();
            t.dedup();
        }
        Attributor {
            verbs,
            tokens,
            first_bytes,
            shapes,
        }
    }

    /// Lexicon tokens to flag with [`crate::lexicon::Lexicon::add_cue_token`]; when all are
    /// flagged, a sentence where none was found holds no speech verb.
    pub fn cue_tokens(&self) -> Option<&[Box<str>]> {
        self.tokens.as_deref()
    }

    /// How many words of `words[i..]` a speech verb spans there (0: none).
    fn verb_at(&self, body: &str, words: &[Word], i: usize) -> usize {
        let w = &words[i];
        let b = &body.as_bytes()[w.start..w.end];
        if !self.first_bytes[usize::from(b[0].to_ascii_lowercase())] {
            return 0;
        }
        // A word of another shape (a digit at its end) is looked up.
        let misfit = |(at, bit): (usize, u32)| self.shapes[at] & bit == 0;
        if shape(b).is_some_and(misfit) && b.is_ascii() {
            return 0;
        }
        let mut buf = [0; 64];
        let Some(list) = lower_key(b, &mut buf).and_then(|k| self.verbs.get(k)) else {
            return 0;
        };
        for rest in list {
            let fits = rest.iter().enumerate().all(|(k, r)| {
                words
                    .get(i + 1 + k)
                    .is_some_and(|n| n.gap == 0 && word_is(&body[n.start..n.end], r))
            });
            if fits {
                return 1 + rest.len();
            }
        }
        0
    }

    /// The speech sites of the sentence whose words are `words` (verbs inside a quotation
    /// that does not hold `mention` are the quoted speaker's, not the sentence's).
    fn sites(
        &self,
        body: &str,
        st: &ArticleStance,
        words: &[Word],
        mention: &Range<usize>,
    ) -> Vec<Site> {
        let mut out = Vec::new();
        self.sites_into(body, st, words, mention, None, &mut out);
        out
    }

    /// [`Self::sites`] into `out`. `hits`, when known, are where the lexicon flagged a speech
    /// verb's token in the words' text ([`Speech::Maybe`]): a speech verb's first word holds
    /// one, so only the words that hold one are looked at, not every word.
    fn sites_into(
        &self,
        body: &str,
        st: &ArticleStance,
        words: &[Word],
        mention: &Range<usize>,
        hits: Option<&[usize]>,
        out: &mut Vec<Site>,
    ) {
        out.clear();
        let s = SentenceWords {
            body,
            words,
            begin: words.first().map_or(0, |f| f.start),
            end: words.last().map_or(0, |l| l.end),
        };
        // A sentence in title case (a headline): capitals say nothing there. Counted when
        // first asked.
        let mut title_case: Option<bool> = None;
        let (mut all, mut flagged);
        let visit: &mut dyn Iterator<Item = usize> = match hits {
            Some(hits) => {
                flagged = hits.iter().map(|&h| words.partition_point(|w| w.end <= h));
                &mut flagged
            }
            None => {
                all = 0..words.len();
                &mut all
            }
        };
        // Words before `from` are part of a verb already read.
        let mut from = 0;
        for i in visit {
            if i < from || i >= words.len() {
                continue;
            }
            let n = self.verb_at(body, words, i);
            if n == 0 {
                continue;
            }
            let (v0, v1) = (i, i + n - 1);
            from = i + n;
            if !s.is_speech_verb(st, mention, v0, v1, &mut title_case) {
                continue;
            }
            // "see … as": a view only with its "as" ("Moscow sees the base as a threat").
            let first = s.text(v0);
            let mut after = words[v1].end;
            if word_in(first, SEE_AS) {
                let Some(a) = (v1 + 1..words.len()).find(|&k| word_is(s.text(k), "as")) else {
                    continue;
                };
                after = words[a].end;
            }
            let site = if source_follows(first) {
                s.according_to(v0, v1)
            } else if word_is(first, "saying") && v0 > 0 && word_is(s.text(v0 - 1), "as") {
                s.quoted_as_saying(v0, v1)
            } else {
                match s.subject(v0) {
                    Subject::Source(source, before) => Some(Site {
                        governs: [before, after..s.end],
                        source,
                        verb: words[v0].start..words[v1].end,
                    }),
                    Subject::Missing { verb_start } if verb_start == v0 => s.inverted(v0, v1),
                    _ => None,
                }
            };
            out.extend(site);
        }
    }

    /// The voice of the mention at `mention`, in a quotation of kind `quote` if any; `speech`
    /// says whether its sentence (or the sentence before, for a quotation) may hold a speech
    /// verb, from the tokens the lexicon's pass flagged.
    pub fn voice(
        &self,
        body: &str,
        st: &ArticleStance,
        mention: Range<usize>,
        quote: Option<QuoteKind>,
        speech: Speech,
        bufs: &mut AttributionBuffers,
    ) -> Voice {
        let direct = matches!(quote, Some(QuoteKind::Long(_)));
        let Speech::Maybe { sentence, hits } = speech else {
            return Voice {
                attribution: direct.then_some(Attribution::Direct),
                source: None,
            };
        };
        let AttributionBuffers {
            words,
            sentence_words,
            sites_of,
            sites,
        } = bufs;
        // A verb inside a quotation counts only for mentions in that quotation: the sites
        // depend on the sentence and on the quotation that holds the mention.
        let of = (sentence.clone(), st.quotation(mention.clone()));
        if sites_of.as_ref() != Some(&of) {
            if sites_of.as_ref().map(|(s, _)| s) != Some(&sentence) {
                sentence_words.clear();
                words_into(body, sentence.clone(), sentence_words);
            }
            self.sites_into(body, st, sentence_words, &mention, hits, sites);
            *sites_of = Some(of);
        }
        match quote {
            Some(QuoteKind::Long(q)) | Some(QuoteKind::Scare(q)) => {
                match (direct, quotation_sites(body, sites, q)) {
                    (true, (_, Some(s))) => Voice {
                        attribution: Some(Attribution::Direct),
                        source: Some(s.source.clone()),
                    },
                    (true, (_, None)) => Voice {
                        attribution: Some(Attribution::Direct),
                        source: self.source_before(body, st, sentence.start, words),
                    },
                    // A short quotation inside reported speech: a partial quotation.
                    (false, (Some(s), _)) => Voice {
                        attribution: Some(Attribution::Direct),
                        source: Some(s.source.clone()),
                    },
                    (false, (None, _)) => Voice::default(),
                }
            }
            None => match governing_site(sites, &mention) {
                Some(s) => Voice {
                    attribution: Some(Attribution::Reported),
                    source: Some(s.source.clone()),
                },
                None => Voice::default(),
            },
        }
    }

    /// Blocks of an article in someone else's words, each with its source: the paragraphs
    /// after one that ends in a speech verb and a colon ("An earlier Reuters report said:"),
    /// up to a heading (a short paragraph with no final stop) or the end, or only the next
    /// paragraph when that opens with a quotation mark; and commentary printed under a name
    /// line ("Jane Doe, an analyst at the Institute", on a line of its own or glued to the
    /// first sentence as scraped pages do), up to the next name line, an "Editor's Note" or
    /// the end.
    pub fn blocks(
        &self,
        body: &str,
        st: &ArticleStance,
        paragraphs: &[Range<usize>],
        bufs: &mut AttributionBuffers,
    ) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::new();
        if paragraphs.len() > MAX_BLOCK_PARAGRAPHS || body.len() > 64 * MAX_SPEECH_BYTES {
            return out;
        }
        let AttributionBuffers { words, .. } = bufs;
        let none = 0..0;
        for (k, p) in paragraphs.iter().enumerate() {
            let t = body[p.clone()].trim_end();
            if !t.ends_with(':') || k + 1 >= paragraphs.len() {
                continue;
            }
            let colon = p.start + t.len() - 1;
            let last = st.sentence(colon.saturating_sub(1));
            if colon - last.start.max(p.start) > MAX_SPEECH_BYTES {
                continue;
            }
            words.clear();
            words_into(body, last.start.max(p.start)..colon, words);
            let sites = self.sites(body, st, words, &none);
            let Some(site) = sites.last().filter(|s| {
                words.last().is_some_and(|w| w.end <= s.verb.end + 1)
                    && s.source.start < s.verb.start
            }) else {
                continue;
            };
            let next = &paragraphs[k + 1];
            let quoted = body[next.clone()]
                .trim_start()
                .starts_with(['"', '“', '«', '„']);
            let mut end = next.end;
            if !quoted {
                for q in &paragraphs[k + 2..] {
                    if heading(&body[q.clone()]) {
                        break;
                    }
                    end = q.end;
                }
            }
            out.push((next.start..end, site.source.clone()));
        }
        let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
        let mut stops: Vec<usize> = Vec::new();
        for sentence in st.sentences() {
            let t = &body[sentence.clone()];
            if t.starts_with("Editor's Note") || t.starts_with("Editor’s Note") {
                stops.push(sentence.start);
                continue;
            }
            if let Some(name) = name_line(body, sentence.clone(), paragraphs, words) {
                lines.push((sentence.start, name));
            }
        }
        for (k, (at, name)) in lines.iter().enumerate() {
            let next_line = lines.get(k + 1).map_or(body.len(), |l| l.0);
            let stop = stops
                .iter()
                .find(|&&s| s > *at)
                .copied()
                .unwrap_or(body.len());
            out.push((*at..next_line.min(stop), name.clone()));
        }
        out.sort_by_key(|b| (b.0.start, b.0.end));
        out
    }

    /// The source of a quotation whose sentence names none, read from the sentence before
    /// `at` when that ends with a colon ("Peskov said:") or holds a quotation too (a quote
    /// that goes on after "…,” Peskov said.").
    fn source_before(
        &self,
        body: &str,
        st: &ArticleStance,
        at: usize,
        words: &mut Vec<Word>,
    ) -> Option<Range<usize>> {
        let before = body[..at].trim_end();
        if before.is_empty() {
            return None;
        }
        let prev = st.sentence(before.len() - 1);
        if before.len() - prev.start > MAX_SPEECH_BYTES {
            return None;
        }
        let colon = before.ends_with(':');
        let quoted = st
            .quotations()
            .any(|(q, _)| prev.start <= q.start && q.end <= prev.end);
        if !colon && !quoted {
            return None;
        }
        words.clear();
        words_into(body, prev.start..before.len(), words);
        let none = 0..0;
        let sites = self.sites(body, st, words, &none);
        sites.last().map(|s| s.source.clone())
    }

    /// The speaker of a source: an actor id (by index), the source as written, or, for a
    /// pronoun, the nearest named source before it in `paragraph`.
    pub fn speaker(
        &self,
        body: &str,
        st: &ArticleStance,
        source: &Range<usize>,
        paragraph: Range<usize>,
        actor_hits: &[(usize, u16)],
        bufs: &mut AttributionBuffers,
    ) -> Option<Speaker> {
        if let Some(a) = actor_in(actor_hits, source) {
            return Some(Speaker::Actor(a));
        }
        let text = body[source.clone()].trim();
        if !word_in(text, PRONOUNS) {
            return Some(Speaker::Source(as_written(text)));
        }
        // A pronoun: the nearest named source before it in the paragraph.
        let AttributionBuffers { words, .. } = bufs;
        // The paragraph, and the one before when the pronoun opens its paragraph's first
        // sentence ("He said …" after "Kremlin aide Yuri Ushakov told reporters …").
        let first = st.sentence(source.start).start <= paragraph.start;
        let floor_at = if first {
            st.sentence(paragraph.start.saturating_sub(1))
                .start
                .min(paragraph.start)
        } else {
            paragraph.start
        };
        // Read back at most [`MAX_SPEECH_BYTES`]: a "paragraph" longer than that is no prose,
        // and reading all of it for every pronoun would take time quadratic in its length.
        let mut reach = source.start.saturating_sub(MAX_SPEECH_BYTES).max(floor_at);
        while !body.is_char_boundary(reach) {
            reach -= 1;
        }
        let paragraph = reach..paragraph.end;
        let mut at = source.start;
        while at > paragraph.start {
            let s = st.sentence(at.saturating_sub(1));
            if s.start >= at || s.end <= paragraph.start {
                break;
            }
            let lo = s.start.max(paragraph.start);
            words.clear();
            words_into(body, lo..at.min(s.end), words);
            let none = 0..0;
            let sites = self.sites(body, st, words, &none);
            for site in sites.iter().rev() {
                if let Some(a) = actor_in(actor_hits, &site.source) {
                    return Some(Speaker::Actor(a));
                }
                let t = body[site.source.clone()].trim();
                if !word_in(t, PRONOUNS) {
                    return Some(Speaker::Source(as_written(t)));
                }
            }
            at = lo;
        }
        // No speech before it: the last name (two or more capitalised words) before it.
        words.clear();
        words_into(body, paragraph.start..source.start, words);
        let capital = |w: &Word| capitalised(body, w);
        let mut k = words.len();
        while k > 0 {
            if capital(&words[k - 1]) {
                let e = k;
                while k > 0 && capital(&words[k - 1]) && (k == e || words[k].gap == 0) {
                    k -= 1;
                }
                if e - k >= 2 {
                    let span = words[k].start..words[e - 1].end;
                    return Some(match actor_in(actor_hits, &span) {
                        Some(a) => Speaker::Actor(a),
                        None => Speaker::Source(as_written(&body[span])),
                    });
                }
            } else {
                k -= 1;
            }
        }
        None
    }
}

/// What the lexicon's pass says of the speech verbs in a mention's sentence.
#[derive(Debug, Clone)]
pub enum Speech<'h> {
    /// None is there: no token of one was flagged.
    None,
    /// One may be: at the flagged tokens of speech verbs in the mention's sentence (byte
    /// offsets in the body, in order), or anywhere when they are not known (`None`).
    Maybe {
        /// The mention's sentence ([`ArticleStance::sentence`]).
        sentence: Range<usize>,
        hits: Option<&'h [usize]>,
    },
}

/// A speaker: an actor (index into the config's actors) or a source as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    Actor(u16),
    Source(String),
}

/// The first actor named in `span`.
fn actor_in(actor_hits: &[(usize, u16)], span: &Range<usize>) -> Option<u16> {
    let k = actor_hits.partition_point(|&(h, _)| h < span.start);
    actor_hits
        .get(k)
        .filter(|&&(h, _)| h < span.end)
        .map(|&(_, a)| a)
}

/// A source as written: whitespace folded, at most [`SOURCE_MAX_WORDS`] words.
fn as_written(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let from = words.len().saturating_sub(SOURCE_MAX_WORDS);
    words[from..].join(" ")
}

/// A short paragraph with no final stop: a heading.
fn heading(p: &str) -> bool {
    let t = p.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= 14
        && !t.ends_with(['.', '!', '?', '"', '”', ':', '…'])
}

/// Words of a name line's description: "an expert at …", "head of …".
const ROLES: &[&str] = &[
    "expert",
    "professor",
    "director",
    "head",
    "analyst",
    "fellow",
    "researcher",
    "chairman",
    "chair",
    "dean",
    "scholar",
    "editor",
    "columnist",
    "founder",
    "lecturer",
    "associate",
    "economist",
    "commentator",
    "correspondent",
    "specialist",
    "adviser",
    "advisor",
];

/// The name of a name line that opens `sentence`: two or three capitalised words, a comma,
/// and a description with a role word ([`ROLES`]) that ends its paragraph with no stop, or
/// runs into the first sentence of the commentary with no space ("…CouncilThe summit").
fn name_line(
    body: &str,
    sentence: Range<usize>,
    paragraphs: &[Range<usize>],
    words: &mut Vec<Word>,
) -> Option<Range<usize>> {
    let t = &body[sentence.clone()];
    if !t.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let comma = memchr::memchr(b',', &t.as_bytes()[..t.len().min(41)])?;
    let capitalised = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase())
            && w.chars()
                .skip(1)
                .all(|c| c.is_alphabetic() || c == '-' || c == '.')
    };
    let mut names = 0;
    for w in t[..comma].split(' ') {
        names += 1;
        if names > 3 || !capitalised(w) {
            return None;
        }
    }
    if names < 2 {
        return None;
    }
    words.clear();
    let reach = (sentence.start + comma..sentence.end).start
        ..floor(body, (sentence.start + comma + 200).min(sentence.end));
    words_into(body, reach, words);
    let role = words
        .iter()
        .take(4)
        .any(|w| word_in(&body[w.start..w.end], ROLES));
    if !role {
        return None;
    }
    // Glued: a word with a capital after a lower-case letter ("CouncilThe").
    let glued = words.iter().take(14).any(|w| {
        let b = &body.as_bytes()[w.start..w.end];
        b.windows(2)
            .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
    });
    let k = paragraphs.partition_point(|p| p.start <= sentence.start);
    let own_line = k > 0 && {
        let p = &paragraphs[k - 1];
        let rest = body[p.clone()].trim_end();
        p.end <= sentence.end
            && !rest.ends_with(['.', '!', '?'])
            && rest.split_whitespace().count() <= 20
    };
    (glued || own_line).then(|| sentence.start..sentence.start + comma)
}
