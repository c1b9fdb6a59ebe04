//! Stance: how an outlet uses each mention of a frame.
//!
//! Every mention gets exactly one stance. When several rules apply, the first in this list wins:
//! **negated**, **distanced**, **quoted**, else **asserted** (the outlet's own voice).
//!
//! - **Words.** A word is a run of letters and digits; an apostrophe or hyphen between two letters
//!   belongs to the word ("don't", "Xi's", "anti-American", "rock’n’roll"), and so does a `.` or
//!   `,` between two digits ("3.5", "1,000"). Negators and distancers match whole words,
//!   case-insensitively, with ’ read as ' (so "don’t" matches `n't`); a word that merely contains
//!   a negator ("note", "nothing", "another") does not count.
//! - **Clauses.** A clause ends at a sentence end (also inside a quotation), at `;`, at `:` (not
//!   between digits), at a dash (—; – unless it joins two words or numbers, "Moscow–Beijing",
//!   "2010–2020"; a spaced hyphen " - "; "--"), after the words "but" and "however" (and the
//!   non-ASCII ones of [`crate::lang::cues::CLAUSE_WORDS`], Russian "а", "но"), and at every
//!   paragraph end.
//! - **Negated.** A negator (`[stance].negators`) ends within `negation_window` words before the
//!   mention, in the same clause: "partnership, not alliance", "Moscow does not seek an
//!   alliance", "they don’t want an alliance", "no alliance", "neither alliance nor partnership",
//!   "partnership rather than alliance" (only "alliance"), "instead of". A negator that starts
//!   with `n'` or `'` (`n't`) matches the end of a word. A negator followed by "only", "just",
//!   "merely", "least", "doubt", "matter", "wonder" or "to mention" does not negate ("not only
//!   cooperation but also partnership" negates neither), nor one followed by a comma ("No, the
//!   alliance…"). A mention right after `non-` ("non-interference"; also non‐ non‑ non–) is negated.
//! - **Distanced.** A distancer (`[stance].distancers`) right before the mention, or before the
//!   noun phrase that holds it: at most 3 words between them, separated only by spaces, hyphens
//!   and quote marks, none of them a function word (the, a, of, to, is, that, …): "so-called
//!   anti-American alliance", "so-called “anti-American alliance”", "the so-called Chinese and
//!   Russian threats", "the allegedly aggressive moves". A hyphenated distancer also matches with
//!   a space ("so called"). Or scare quotes: the innermost quotation that holds the mention has at
//!   most `scare_quote_max_words` words and no clause punctuation followed by more words ("He
//!   warned of “aggressive” moves" is distanced; a quoted slogan, “partnership, not alliance.”,
//!   is an utterance and counts as quoted).
//! - **Quoted.** Any other quotation holds the mention: someone else's words.
//! - **Quotation marks.** “…”, "…", „…“, „…”, «…», »…«, ‹…›, ‘…’, ‚…‘, 「…」, 『…』, and '…'. A
//!   straight `"` opens after a space, the start, `([{:`, a dash or another opening mark, when a
//!   non-space follows; otherwise it closes. A `'` opens only after such a place and before a
//!   letter. An apostrophe is never a quote: ' or ’ between two letters, ’ or ' after a word when
//!   no single-mark quotation is open ("countries’ alliance"), ’ or ' before a digit ("’90s").
//!   Quotations nest, and a mention belongs to the innermost one (a one-word ‘democracy’ inside a
//!   long quotation is scare-quoted). An unclosed double-mark quotation ends at its paragraph's
//!   end; an unclosed single-mark one (‘ ' ‚ ‹) is not a quotation. When a paragraph leaves a
//!   quotation open and the next paragraph starts with the same opening mark, the quotation goes
//!   on (journalistic multi-paragraph quotes). Nesting deeper than 8 levels is ignored.
//! - **Sentences.** A sentence ends at `。` `！` `？` (no space needed after them), at `.` `!` `?`
//!   `…` followed (after any closing quote marks or brackets) by a space, and at every paragraph
//!   end; not inside an open quotation, not after an
//!   abbreviation (a single capital letter as in "J. R. Smith" and "U.S.", dotted lowercase
//!   letters as in "e.g.", Mr Mrs Ms Dr Prof Gen Sen Rep St Gov Lt Col Capt Sgt Rev, Jan … Dec
//!   except May, vs, cf, approx, and "No." before a number), and not when the next word starts in
//!   lowercase ("etc. and"). A `.` with no space before a capitalised word also ends a sentence
//!   when the word before it has two or more letters and ends in lowercase ("Russia.The", text
//!   whose paragraph breaks were lost in scraping; not "U.S.A", "e.g.The", "ASP.NET").
//!
//! Known limits: these rules read surface patterns, not grammar. A negator that belongs to another
//! verb in the same clause still counts ("they did not say the alliance grew"); negation words
//! that are not listed do not ("nothing like an alliance", "hardly an alliance"); a negator after
//! the mention ("the alliance is not new") or too far before it ("has not yet turned into a
//! military bloc") does not; a parenthetical "however" ends the clause ("we do not, however,
//! seek an alliance" is asserted); a sentence that ends with an abbreviation ("… in the U.S. The
//! alliance …") is not split; a long quotation counts as quoted whoever speaks; a possessive ’
//! inside a ‘…’ quotation closes it early ("‘the countries’ alliance…’"); a stray opening “ turns
//! the rest of its paragraph into a quotation.

use crate::model::Stance;
use crate::text::{splat, swar_alnum, SWAR_HIGH, SWAR_LOW};
use crate::words::Word;
use std::borrow::Cow;
use std::ops::Range;

/// What quotation holds a mention: a long one (an utterance) or a short one (a scare quote by
/// the stance rules), with its inner byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteKind {
    Long(Range<usize>),
    Scare(Range<usize>),
}

/// The configurable rules (`[stance]` in the config). `Default` gives the built-in rules.
#[derive(Debug, Clone, PartialEq)]
pub struct StanceRules {
    /// Words or phrases that negate a mention that follows them in the same clause.
    pub negators: Vec<String>,
    /// How many words before a mention a negator may end (same clause). Capped at 32.
    pub negation_window: usize,
    /// Words or phrases by which an outlet distances itself from the noun phrase that follows.
    pub distancers: Vec<String>,
    /// A quotation of at most this many words is a scare quote (distanced), a longer one quoted.
    pub scare_quote_max_words: usize,
    /// Speech and cognition verbs (each form written out) and phrases such as "according to":
    /// with a source, they make the clause they govern reported speech
    /// ([`crate::attribution`]).
    pub speech_verbs: Vec<String>,
}

impl Default for StanceRules {
    fn default() -> Self {
        let list = |s: &str| s.split(", ").map(String::from).collect();
        StanceRules {
            negators: list(
                "not, n't, no, never, cannot, without, neither, nor, rather than, instead of, \
                 hardly, far from",
            ),
            negation_window: 4,
            distancers: list("so-called, alleged, allegedly, supposed, purported"),
            scare_quote_max_words: 4,
            speech_verbs: list(
                "say, says, said, saying, tell, tells, told, telling, states, stated, \
                 add, adds, added, warn, warns, warned, warning, accuse, accuses, accused, \
                 claim, claims, claimed, argue, argues, argued, insist, insists, insisted, \
                 note, notes, noted, calls, called, describe, describes, described, \
                 according to, stress, stresses, stressed, emphasize, emphasizes, emphasized, \
                 emphasise, emphasises, emphasised, declare, declares, declared, announce, \
                 announces, announced, explain, explains, explained, write, writes, wrote, \
                 report, reports, reported, assert, asserts, asserted, suggest, suggests, \
                 suggested, believe, believes, believed, think, thinks, see, sees, saw, \
                 view, views, viewed, regard, regards, regarded, consider, considers, \
                 considered, condemn, condemns, condemned, criticize, criticizes, criticized, \
                 criticise, criticises, criticised, deny, denies, denied, reiterate, \
                 reiterates, reiterated, acknowledge, acknowledges, acknowledged, admit, \
                 admits, admitted, comment, comments, commented, urge, urges, urged, \
                 pointed out, points out, predicted, predicts, replied, responded, \
                 confirmed, confirms, recalled, agree, agrees, agreed, spoke, \
                 quoted as saying",
            ),
        }
    }
}

const MAX_WINDOW: usize = 32;
const MAX_PHRASE: usize = 8;
const BUF: usize = MAX_WINDOW + MAX_PHRASE;
const MAX_DEPTH: usize = 8;
/// How far back (bytes) a per-mention scan may look; keeps adversarial input linear.
pub const MAX_BACK: usize = 512;
/// How far back (bytes) the start of a mention's word is looked for.
const WORD_REACH: usize = 256;
/// Words allowed between a distancer and the mention.
const NOUN_PHRASE_GAP: usize = 3;
const NONE: usize = usize::MAX;
/// Words that end the noun phrase between a distancer and a mention.
const FUNCTION_WORDS: [&str; 24] = [
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "is", "are",
    "was", "were", "be", "been", "as", "that", "which", "who", "than", "into",
];
/// Words before a `.` that does not end a sentence (besides single letters).
const ABBREVIATIONS: [&str; 30] = [
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "st", "gov", "lt", "col", "capt", "sgt",
    "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "approx", "cf",
];

/// A word's folded bytes ([`fold`]) packed little-endian into a `u128` and padded with zero
/// bytes, so that two words are compared in one step: no folded word holds a zero byte, so
/// equal keys mean equal folded words. 0 stands for a word whose folded form is longer than
/// [`KEY_BYTES`] (and for a cue word that holds a zero byte); those are compared char by char.
type Key = u128;

/// The longest folded word a [`Key`] holds.
const KEY_BYTES: usize = 16;

/// How many bytes the folded word of a non-zero key has.
#[inline]
fn key_len(k: Key) -> usize {
    KEY_BYTES - (k.leading_zeros() / 8) as usize
}

/// The key of an already folded cue word (see [`Key`]).
fn cue_key(folded: &str) -> Key {
    let b = folded.as_bytes();
    if b.is_empty() || b.len() > KEY_BYTES || b.contains(&0) {
        return 0;
    }
    let mut k = [0; KEY_BYTES];
    k[..b.len()].copy_from_slice(b);
    Key::from_le_bytes(k)
}

/// Bit 5 of every byte: ORed into an ASCII word's bytes it lowercases them.
const LOWER_BITS: Key = Key::from_le_bytes([0x20; KEY_BYTES]);

/// The key of the text word `body[start..end]` (`ascii`: all its bytes are ASCII).
#[inline]
fn word_key(body: &str, start: usize, end: usize, ascii: bool) -> Key {
    let bytes = body.as_bytes();
    let len = end - start;
    if ascii {
        if len > KEY_BYTES {
            return 0;
        }
        // The bytes of an ASCII word are letters, digits and the joiners ' - . , all of which
        // but the capitals have bit 5 set already: setting it lowercases the word.
        let shift = 8 * (KEY_BYTES - len) as u32;
        let raw = match bytes.get(end.wrapping_sub(KEY_BYTES)..end) {
            // The word is the top `len` of the sixteen bytes that end where it does.
            Some(b) => Key::from_le_bytes(b.try_into().unwrap_or([0; KEY_BYTES])) >> shift,
            None => {
                let mut k = [0; KEY_BYTES];
                k[..len].copy_from_slice(&bytes[start..end]);
                Key::from_le_bytes(k)
            }
        };
        return raw | (LOWER_BITS >> shift);
    }
    let mut k = [0; KEY_BYTES + 4];
    let mut n = 0;
    for c in body[start..end].chars() {
        let f = fold(c);
        if n + f.len_utf8() > KEY_BYTES {
            return 0;
        }
        n += f.encode_utf8(&mut k[n..]).len();
    }
    let mut head = [0; KEY_BYTES];
    head.copy_from_slice(&k[..KEY_BYTES]);
    Key::from_le_bytes(head)
}

/// A compiled negator or distancer: folded words, matched against consecutive text words.
struct Pattern {
    words: Vec<Box<str>>,
    /// The words' keys (0: compared char by char).
    keys: Vec<Key>,
    /// `n't`: the single word matches the end of a text word.
    suffix: bool,
}

impl Pattern {
    fn compile(list: &[String]) -> Vec<Pattern> {
        let mut out = Vec::new();
        let mut push = |words: Vec<Box<str>>, suffix: bool| {
            let keys = words.iter().map(|w| cue_key(w)).collect();
            out.push(Pattern {
                words,
                keys,
                suffix,
            });
        };
        for raw in list {
            let folded: String = raw.chars().map(fold).collect();
            let words: Vec<Box<str>> = folded.split_whitespace().map(Box::from).collect();
            if words.is_empty() || words.len() > MAX_PHRASE {
                continue;
            }
            let suffix =
                words.len() == 1 && (words[0].starts_with("n'") || words[0].starts_with('\''));
            // "so-called" also matches "so called".
            let split: Vec<Box<str>> = folded
                .split(|c: char| c == '-' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(Box::from)
                .collect();
            if split.len() > words.len() && split.len() <= MAX_PHRASE {
                push(split, false);
            }
            push(words, suffix);
        }
        out
    }

    /// The cue token of the pattern ([`StanceAnalyzer::cue_tokens`]). Every word of a pattern
    /// must match for it to match, so any word's token will do: the longest, which is the
    /// rarest in text ("instead" of "instead of", not "of"). A word's token is its last run of
    /// letters and digits. `Some(None)` when no ASCII word can match some word of the pattern
    /// (it is not ASCII, then only a word with a character of [`ArticleStance::wide`] matches
    /// it; or it does not end with a letter or digit, as every word does); `None` for a suffix
    /// of letters and digits only.
    fn cue_token(&self) -> Option<Option<&str>> {
        let mut best: Option<&str> = None;
        for w in &self.words {
            let b = w.as_bytes();
            if !w.is_ascii() || !b.last().is_some_and(u8::is_ascii_alphanumeric) {
                return Some(None);
            }
            let run = b
                .iter()
                .rposition(|c| !c.is_ascii_alphanumeric())
                .map_or(0, |i| i + 1);
            if self.suffix && run == 0 {
                return None;
            }
            let t = &w[run..];
            if best.is_none_or(|b| t.len() > b.len()) {
                best = Some(t);
            }
        }
        Some(best)
    }

    /// Does the pattern end at `buf[d]` (its earlier words at `d+1`, `d+2`, … with plain gaps)?
    /// The nearest word is compared first: it rejects nearly every pattern at once.
    #[inline]
    fn ends_at(&self, body: &str, buf: &[BackWord], d: usize) -> bool {
        let len = self.words.len();
        d + len <= buf.len()
            && (0..len).all(|back| {
                let w = &buf[d + back];
                let k = len - 1 - back;
                (back == 0 || w.plain) && self.word_is(body, w, &self.words[k], self.keys[k])
            })
    }

    /// Does text word `w` match pattern word `pat`, whose key is `pk`?
    #[inline]
    fn word_is(&self, body: &str, w: &BackWord, pat: &str, pk: Key) -> bool {
        if w.key != 0 && pk != 0 {
            if self.suffix {
                // The folded word ends with the pattern's bytes exactly when its folded
                // characters end with the pattern's characters.
                let (wl, pl) = (key_len(w.key), key_len(pk));
                wl >= pl && w.key >> (8 * (wl - pl)) == pk
            } else {
                w.key == pk
            }
        } else if self.suffix {
            let mut t = w.text(body).chars().rev();
            pat.chars().rev().all(|pc| t.next().map(fold) == Some(pc))
        } else {
            let mut p = pat.chars();
            w.text(body).chars().all(|c| p.next() == Some(fold(c))) && p.next().is_none()
        }
    }
}

/// [`Cues::flags`]: a function word (which ends a noun phrase, see [`FUNCTION_WORDS`]).
const FUNCTION: u8 = 1;
/// A word that takes a negator's force away when it follows it ("only", "doubt").
const CANCEL: u8 = 2;
/// "to" and "mention" ("not to mention").
const TO: u8 = 4;
const MENTION: u8 = 8;
/// Words after a negator that take its force away.
const CANCEL_WORDS: [&str; 7] = [
    "only", "just", "merely", "least", "doubt", "matter", "wonder",
];

/// Every word the per-mention rules look for (the last words of negators and distancers, the
/// function words, the words that cancel a negation), by [`Key`]: one probe of this table
/// tells all a word before a mention can be. Open addressing with linear probing.
struct Cues {
    /// A key (0: an empty slot) and its cue's number (from 1).
    slots: Box<[(Key, u16)]>,
    /// How far a hash is shifted right to pick a slot.
    shift: u32,
    /// A bit per slot, set when it holds a key. A key lives in its home slot or after it, so
    /// a word whose home slot is empty is no cue: most words are settled by this small,
    /// always cached filter, without touching the slots.
    used: Box<[u64]>,
    /// Per cue number, its [`FUNCTION`], [`CANCEL`], [`TO`] and [`MENTION`] bits. These compare
    /// a word as ASCII case-insensitive text, so they hold only for ASCII words.
    flags: Vec<u8>,
}

impl Cues {
    fn new(negators: &[Pattern], distancers: &[Pattern]) -> Self {
        let mut words: Vec<(Key, u8)> = Vec::new();
        let named = [
            (&FUNCTION_WORDS[..], FUNCTION),
            (&CANCEL_WORDS[..], CANCEL),
            (&["to"][..], TO),
            (&["mention"][..], MENTION),
        ];
        for (list, flag) in named {
            words.extend(list.iter().map(|w| (cue_key(w), flag)));
        }
        for p in negators.iter().chain(distancers) {
            words.extend(p.keys.last().map(|&k| (k, 0)));
        }
        let size = (words.len() * 4).next_power_of_two().max(64);
        let mut cues = Cues {
            slots: vec![(0, 0); size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
            used: vec![0; size.div_ceil(64)].into_boxed_slice(),
            flags: vec![0],
        };
        for (k, flag) in words {
            if k == 0 {
                continue;
            }
            let mut i = cues.slot(k);
            loop {
                let (sk, id) = cues.slots[i];
                if sk == k {
                    cues.flags[usize::from(id)] |= flag;
                    break;
                }
                if sk == 0 {
                    let id = cues.flags.len();
                    cues.slots[i] = (k, id as u16);
                    cues.used[i / 64] |= 1 << (i % 64);
                    cues.flags.push(flag);
                    break;
                }
                i = (i + 1) & (size - 1);
            }
        }
        cues
    }

    #[inline]
    fn slot(&self, k: Key) -> usize {
        let h = (k as u64 ^ ((k >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        (h >> self.shift) as usize
    }

    /// The cue number of key `k`, or 0 when it is none.
    #[inline]
    fn find(&self, k: Key) -> u16 {
        let mut i = self.slot(k);
        if k == 0 || self.used[i / 64] & (1 << (i % 64)) == 0 {
            return 0;
        }
        loop {
            let (sk, id) = self.slots[i];
            if sk == k || sk == 0 {
                return if sk == k { id } else { 0 };
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }

    /// The [`FUNCTION`]… bits of text word `w`.
    #[inline]
    fn flags(&self, w: &BackWord) -> u8 {
        if w.ascii {
            self.flags[usize::from(w.cue)]
        } else {
            0
        }
    }
}

/// Negators or distancers, indexed by their last word (the one nearest the mention).
struct PatternSet {
    patterns: Vec<Pattern>,
    /// Per cue number ([`Cues`]): the patterns whose last word it is (those compared by key).
    by_cue: Vec<Vec<u16>>,
    /// Patterns checked whatever the last word is: suffixes (`n't`) and overlong words.
    always: Vec<u16>,
    /// A filter in front of `always`: a bit per last byte of a suffix, every bit when some
    /// pattern there is no suffix. A word ends with a suffix only when it ends with the
    /// suffix's last byte, and nearly none ends in `t` after `n'`, so most words skip the list.
    always_last: [u64; 4],
}

impl PatternSet {
    fn new(patterns: Vec<Pattern>, cues: &Cues) -> Self {
        let mut by_cue = vec![Vec::new(); cues.flags.len()];
        let mut always = Vec::new();
        let mut always_last = [0u64; 4];
        for (i, p) in patterns.iter().enumerate() {
            let last = p.words.last().map_or(&[][..], |w| w.as_bytes());
            let key = p.keys.last().copied().unwrap_or(0);
            if p.suffix || key == 0 {
                always.push(i as u16);
                match last.last() {
                    Some(&b) if p.suffix => always_last[usize::from(b / 64)] |= 1 << (b % 64),
                    _ => always_last = [!0; 4],
                }
            } else {
                by_cue[usize::from(cues.find(key))].push(i as u16);
            }
        }
        PatternSet {
            patterns,
            by_cue,
            always,
            always_last,
        }
    }

    fn longest(&self) -> Option<usize> {
        self.patterns.iter().map(|p| p.words.len()).max()
    }

    /// Does any pattern end at `buf[d]`? Only the patterns whose last word is that word are
    /// compared, found by its cue number, and the suffixes its last byte lets through. Most
    /// words are no pattern's last word; they are settled in line.
    #[inline(always)]
    fn any_ends_at(&self, body: &str, buf: &[BackWord], d: usize) -> bool {
        let w = &buf[d];
        (w.key == 0 || !self.by_cue[usize::from(w.cue)].is_empty() || self.always_passes(w.key))
            && self.compare_at(body, buf, d)
    }

    /// The `always_last` filter, for a word with key `k` (not 0).
    #[inline(always)]
    fn always_passes(&self, k: Key) -> bool {
        let last = (k >> (8 * (key_len(k) - 1))) as u8;
        self.always_last[usize::from(last / 64)] & (1 << (last % 64)) != 0
    }

    /// [`any_ends_at`](Self::any_ends_at) past its filters: compares the patterns.
    #[inline(never)]
    fn compare_at(&self, body: &str, buf: &[BackWord], d: usize) -> bool {
        let w = &buf[d];
        if w.key == 0 {
            return self.patterns.iter().any(|p| p.ends_at(body, buf, d));
        }
        let check = |i: &u16| self.patterns[usize::from(*i)].ends_at(body, buf, d);
        self.by_cue[usize::from(w.cue)].iter().any(check)
            || (self.always_passes(w.key) && self.always.iter().any(check))
    }
}

/// Rules compiled once per run; cheap to share across threads.
pub struct StanceAnalyzer {
    negators: PatternSet,
    distancers: PatternSet,
    cues: Cues,
    window: usize,
    scare_max: usize,
    /// How many words before a mention to collect.
    want: usize,
    /// The lexicon tokens that the fast path needs flagged ([`cue_tokens`]); `None` when the
    /// rules have a suffix that no token marks (see there).
    ///
    /// [`cue_tokens`]: Self::cue_tokens
    cue_tokens: Option<Vec<Box<str>>>,
    /// The negator words of [`crate::negation`] that the rules hold.
    late: Vec<&'static str>,
}

impl StanceAnalyzer {
    pub fn new(rules: &StanceRules) -> Self {
        let (negators, distancers) = (
            Pattern::compile(&rules.negators),
            Pattern::compile(&rules.distancers),
        );
        let cues = Cues::new(&negators, &distancers);
        let cue_tokens = negators
            .iter()
            .chain(&distancers)
            .map(Pattern::cue_token)
            .collect::<Option<Vec<_>>>()
            .map(|t| {
                let mut t: Vec<Box<str>> = t.into_iter().flatten().map(Box::from).collect();
                t.sort();
                t.dedup();
                t
            });
        let negators = PatternSet::new(negators, &cues);
        let distancers = PatternSet::new(distancers, &cues);
        let window = rules.negation_window.min(MAX_WINDOW);
        let neg = negators.longest().map_or(0, |l| window + l - 1);
        let dist = distancers.longest().map_or(0, |l| NOUN_PHRASE_GAP + l);
        let late = ["not", "never", "n't", "cannot"]
            .into_iter()
            .filter(|w| {
                rules
                    .negators
                    .iter()
                    .any(|n| n.trim().eq_ignore_ascii_case(w))
            })
            .collect();
        StanceAnalyzer {
            late,
            want: neg.max(dist).min(BUF),
            negators,
            distancers,
            cues,
            window,
            scare_max: rules.scare_quote_max_words,
            cue_tokens,
        }
    }

    /// The negators the negation rules beyond the window read ([`crate::negation`]): those of
    /// `not`, `never`, `n't` and `cannot` that are configured.
    pub fn late_negators(&self) -> &[&'static str] {
        &self.late
    }

    /// The lexicon tokens that the fast path of [`ArticleStance::stance`] needs flagged: for
    /// every negator and distancer that ASCII words can match, the last token (run of ASCII
    /// letters and digits) of its longest word. A word that matches such a pattern word holds
    /// the token, as a token of its own. `None` when that cannot be said: a suffix pattern
    /// of letters and digits only ("ish" ends "foolish", whose token is "foolish"); then
    /// every mention takes the full path.
    pub fn cue_tokens(&self) -> Option<&[Box<str>]> {
        self.cue_tokens.as_deref()
    }

    /// Scans one article body once (quotations, sentences, clauses) so that each mention is then
    /// cheap to classify. `body` is the cleaned original text; `paragraphs` are the byte ranges
    /// of its paragraphs (text between or around them is treated as paragraphs of its own; an
    /// empty list makes the whole body one paragraph). Bad ranges are clamped, never trusted.
    pub fn analyze<'a>(&'a self, body: &'a str, paragraphs: &[Range<usize>]) -> ArticleStance<'a> {
        let mut bufs = StanceBuffers::default();
        self.scan(body, paragraphs, &mut bufs);
        let StanceBuffers {
            sentences,
            quotes,
            clauses,
            wide,
            ..
        } = bufs;
        ArticleStance {
            an: self,
            body,
            sentences: Cow::Owned(sentences),
            quotes: Cow::Owned(quotes),
            clauses: Cow::Owned(clauses),
            wide: Cow::Owned(wide),
            cue_hits: None,
        }
    }

    /// [`analyze`](Self::analyze) into buffers kept from an earlier article, so that scoring
    /// many articles on one thread allocates for this pass only while the buffers grow.
    ///
    /// `cue_hits`, when given, must hold the body offset where each token of the body starts
    /// that a [`Lexicon`](crate::lexicon::Lexicon) flags after every one of
    /// [`cue_tokens`](Self::cue_tokens) was added to it (in order; more tokens do no harm,
    /// fewer give wrong stances). Then a mention with none of them, and no other character
    /// that could make a word match a cue, in the words before it that the rules read takes a
    /// fast path, with the result the full rules give.
    pub fn analyze_with<'a>(
        &'a self,
        body: &'a str,
        paragraphs: &[Range<usize>],
        cue_hits: Option<&'a [usize]>,
        bufs: &'a mut StanceBuffers,
    ) -> ArticleStance<'a> {
        self.scan(body, paragraphs, bufs);
        let bufs: &'a StanceBuffers = bufs;
        ArticleStance {
            an: self,
            body,
            sentences: Cow::Borrowed(&bufs.sentences),
            quotes: Cow::Borrowed(&bufs.quotes),
            clauses: Cow::Borrowed(&bufs.clauses),
            wide: Cow::Borrowed(&bufs.wide),
            cue_hits: cue_hits.filter(|_| self.cue_tokens.is_some()),
        }
    }

    fn scan(&self, body: &str, paragraphs: &[Range<usize>], bufs: &mut StanceBuffers) {
        self.scan_with::<true>(body, paragraphs, bufs);
    }

    /// [`scan`](Self::scan); `PLAIN` false steps over plain text one char at a time instead of
    /// taking [`Scanner::plain_run`], so that tests can compare the two.
    fn scan_with<const PLAIN: bool>(
        &self,
        body: &str,
        paragraphs: &[Range<usize>],
        bufs: &mut StanceBuffers,
    ) {
        let breaks = &mut bufs.breaks;
        breaks.clear();
        breaks.reserve(paragraphs.len() * 2 + 2);
        breaks.extend([0, body.len()]);
        for p in paragraphs {
            breaks.extend([floor_boundary(body, p.start), floor_boundary(body, p.end)]);
        }
        breaks.sort_unstable();
        breaks.dedup();
        let mut sc = Scanner {
            body,
            stack: std::mem::take(&mut bufs.stack),
            quotes: std::mem::take(&mut bufs.quotes),
            sentences: std::mem::take(&mut bufs.sentences),
            clauses: std::mem::take(&mut bufs.clauses),
            wide: std::mem::take(&mut bufs.wide),
            ..Scanner::default()
        };
        sc.stack.clear();
        sc.quotes.clear();
        sc.sentences.clear();
        sc.clauses.clear();
        sc.wide.clear();
        sc.sentences.reserve(body.len() / 128 + 1);
        sc.clauses.reserve(body.len() / 64 + 1);
        for w in breaks.windows(2) {
            sc.segment::<PLAIN>(w[0], w[1]);
        }
        let Scanner {
            stack,
            mut quotes,
            sentences,
            clauses,
            wide,
            ..
        } = sc;
        quotes.sort_unstable_by_key(|q| q.start);
        let open = &mut bufs.open;
        open.clear();
        for k in 0..quotes.len() {
            while open.last().is_some_and(|&t| quotes[t].end < quotes[k].end) {
                open.pop();
            }
            quotes[k].parent = open.last().copied().unwrap_or(NONE);
            open.push(k);
        }
        (
            bufs.stack,
            bufs.quotes,
            bufs.sentences,
            bufs.clauses,
            bufs.wide,
        ) = (stack, quotes, sentences, clauses, wide);
    }
}

/// The working memory of the stance pass: what [`StanceAnalyzer::analyze_with`] fills and the
/// [`ArticleStance`] it returns reads. Reused across articles; its contents are one article's.
#[derive(Default)]
pub struct StanceBuffers {
    sentences: Vec<Range<usize>>,
    quotes: Vec<Quote>,
    clauses: Vec<usize>,
    wide: Vec<usize>,
    breaks: Vec<usize>,
    open: Vec<usize>,
    stack: Vec<Open>,
}

#[derive(Debug, Clone, PartialEq)]
struct Quote {
    /// Inner byte range, without the marks.
    start: usize,
    end: usize,
    words: usize,
    /// Clause punctuation inside, followed by more words: an utterance, never a scare quote.
    utterance: bool,
    /// Index of the enclosing quotation, or `NONE`.
    parent: usize,
}

/// One article, scanned: answers per-mention questions without allocating.
pub struct ArticleStance<'a> {
    an: &'a StanceAnalyzer,
    body: &'a str,
    sentences: Cow<'a, [Range<usize>]>,
    quotes: Cow<'a, [Quote]>,
    /// Where clauses start (sorted): paragraph starts, after `;` `:` dashes, sentence ends,
    /// "but", "however".
    clauses: Cow<'a, [usize]>,
    /// Where each non-ASCII character starts that is not a [`plain_separator`] (sorted): a
    /// word with one may match a cue that no lexicon token shows ("İ" folds to "i" here, but
    /// not in the lexicon; a soft hyphen splits a word here, but is dropped there).
    wide: Cow<'a, [usize]>,
    /// See [`StanceAnalyzer::analyze_with`]; `None`: every mention takes the full path.
    cue_hits: Option<&'a [usize]>,
}

impl ArticleStance<'_> {
    /// The stance of the mention at byte range `mention` of the body.
    pub fn stance(&self, mention: Range<usize>) -> Stance {
        // The default rules want 5 words: a short buffer is cheaper to set up.
        if self.an.want <= 8 {
            self.stance_in::<8>(mention)
        } else {
            self.stance_in::<BUF>(mention)
        }
    }

    /// [`stance`](Self::stance) with room for `N` words before the mention.
    fn stance_in<const N: usize>(&self, mention: Range<usize>) -> Stance {
        let m = self.clamp(mention);
        if self.non_prefix(m.start) {
            return Stance::Negated;
        }
        // The words before the mention's word, nearest first, within its clause.
        let ws = self.word_start(m.start);
        let limit = self.limit(ws);
        let want = self.an.want.min(N);
        if self.no_cue_before(ws, limit, want) {
            // No word there can match a negator or distancer: what the rules below give then.
            return match self.innermost(&m) {
                Some(q) if self.scare_quote(q) => Stance::Distanced,
                Some(_) => Stance::Quoted,
                None => Stance::Asserted,
            };
        }
        let mut buf = [BackWord::default(); N];
        let n = collect_back(self.body, ws, limit, &mut buf[..want]);
        for w in &mut buf[..n] {
            w.cue = self.an.cues.find(w.key);
        }
        if self.negated(&buf[..n]) {
            return Stance::Negated;
        }
        let q = self.innermost(&m);
        if self.distanced(&buf[..n], q) {
            Stance::Distanced
        } else if q.is_some() {
            Stance::Quoted
        } else {
            Stance::Asserted
        }
    }

    /// A distancer ("so-called") before the mention or its noun phrase, whatever the
    /// quotation marks around it.
    pub fn distancer_before(&self, mention: Range<usize>) -> bool {
        let m = self.clamp(mention);
        let ws = self.word_start(m.start);
        let limit = self.limit(ws);
        let mut buf = [BackWord::default(); BUF];
        let want = self.an.want.min(BUF);
        let n = collect_back(self.body, ws, limit, &mut buf[..want]);
        for w in &mut buf[..n] {
            w.cue = self.an.cues.find(w.key);
        }
        self.distanced(&buf[..n], None)
    }

    /// The article body this was scanned from.
    pub fn body(&self) -> &str {
        self.body
    }

    /// What quotation holds `mention`, if any: a scare quote by these rules, or a longer one.
    pub fn quote_kind(&self, mention: Range<usize>) -> Option<QuoteKind> {
        self.innermost(&self.clamp(mention)).map(|q| {
            if self.scare_quote(q) {
                QuoteKind::Scare(q.start..q.end)
            } else {
                QuoteKind::Long(q.start..q.end)
            }
        })
    }

    /// Whether the lexicon flagged any cue token (negator, distancer or speech verb token)
    /// in `r`; `None` when the cue hits are not known (then anything may be there).
    pub fn any_cue_hit(&self, r: Range<usize>) -> Option<bool> {
        self.cue_hits_in(r).map(|h| !h.is_empty())
    }

    /// Where the lexicon flagged a cue token in `r` (each a token's first byte), in order;
    /// `None` when the cue hits are not known there (none were recorded, or `r` holds a
    /// character that is not ASCII, whose word the lexicon may have read another way).
    pub fn cue_hits_in(&self, r: Range<usize>) -> Option<&[usize]> {
        let hits = self.cue_hits?;
        if !self.wide.is_empty() {
            let k = self.wide.partition_point(|&h| h < r.start);
            if self.wide.get(k).is_some_and(|&h| h < r.end) {
                return None;
            }
        }
        Some(offsets_in(hits, &r))
    }

    /// Where the clause that holds byte `at` starts and ends.
    pub fn clause(&self, at: usize) -> Range<usize> {
        let k = self.clauses.partition_point(|&b| b <= at);
        let start = if k == 0 { 0 } else { self.clauses[k - 1] };
        let end = self.clauses.get(k).copied().unwrap_or(self.body.len());
        let s = self.sentence(at);
        start.max(s.start)..end.min(s.end.max(at))
    }

    /// Negation that the rules before a mention do not reach ([`crate::negation`]): a negated
    /// verb whose object holds the mention beyond the window, or a negation after the mention
    /// that governs it ("the pact was never signed").
    pub fn negated_beyond(&self, mention: Range<usize>, words: &mut Vec<Word>) -> bool {
        let m = self.clamp(mention);
        let clause = self.clause(m.start);
        let lo = clause
            .start
            .max(ceil_boundary(self.body, m.start.saturating_sub(MAX_BACK)));
        let hi = clause
            .end
            .max(m.end)
            .min(floor_boundary(self.body, m.end + MAX_BACK));
        if self.an.late.is_empty() || self.any_cue_hit(lo..hi) == Some(false) {
            return false;
        }
        words.clear();
        crate::words::words_into(self.body, lo..hi, words);
        crate::negation::negated_beyond(self.body, words, &m, self.an.window, &self.an.late)
    }

    /// The fast path's test: true when no negator or distancer can match among the `want`
    /// words before `ws` (where the word of a mention starts), down to `limit`. To match, a
    /// pattern needs a word there that matches its word with the cue token
    /// ([`StanceAnalyzer::cue_tokens`]); such a word holds a character of
    /// [`wide`](Self::wide) or, ASCII but for plain separators, the cue token as a token of
    /// its own, which the lexicon flagged (`cue_hits`). That holds where the lexicon's tokens
    /// start and end where the words here do: so no token may go on across either end of the
    /// window (as across a word cut by `limit`, or a soft hyphen, which the lexicon drops).
    fn no_cue_before(&self, ws: usize, limit: usize, want: usize) -> bool {
        let Some(hits) = self.cue_hits else {
            return false;
        };
        let apart = |c: char| (c.is_ascii() && !c.is_ascii_alphanumeric()) || plain_separator(c);
        let token_edge = |at: usize| {
            apart(char_before(self.body, at)) || self.body[at..].chars().next().is_none_or(apart)
        };
        if !token_edge(ws) || !token_edge(limit) {
            return false;
        }
        // Most clauses hold no hit before the mention at all: then the words need no walk.
        let any_in = |list: &[usize], lo: usize| {
            let k = list.partition_point(|&h| h < lo);
            list.get(k).is_some_and(|&h| h < ws)
        };
        if !any_in(hits, limit) && !any_in(&self.wide, limit) {
            return true;
        }
        let lo = walk_back(self.body, ws, limit, want, |_, _, _, _, _| {});
        !any_in(hits, lo) && !any_in(&self.wide, lo)
    }

    /// A quotation short enough, and no utterance, to be a scare quote.
    fn scare_quote(&self, q: &Quote) -> bool {
        q.words <= self.an.scare_max && !q.utterance
    }

    /// The byte range of the sentence that holds byte offset `at` (between two sentences: the
    /// one before; before the first: the first; no sentences: an empty range).
    pub fn sentence(&self, at: usize) -> Range<usize> {
        let k = self.sentences.partition_point(|s| s.start <= at);
        let empty = || floor_boundary(self.body, at)..floor_boundary(self.body, at);
        self.sentences
            .get(k.saturating_sub(1))
            .cloned()
            .unwrap_or_else(empty)
    }

    /// All sentences, in order, covering the body's non-blank text.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// The innermost quotation that holds `mention`, as its inner byte range (without the marks).
    pub fn quotation(&self, mention: Range<usize>) -> Option<Range<usize>> {
        self.innermost(&self.clamp(mention)).map(|q| q.start..q.end)
    }

    /// Every quotation found: inner byte range and word count, ordered by start.
    pub fn quotations(&self) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
        self.quotes.iter().map(|q| (q.start..q.end, q.words))
    }

    fn clamp(&self, r: Range<usize>) -> Range<usize> {
        let start = floor_boundary(self.body, r.start);
        start..ceil_boundary(self.body, r.end.max(start))
    }

    fn innermost(&self, m: &Range<usize>) -> Option<&Quote> {
        let mut k = self
            .quotes
            .partition_point(|q| q.start <= m.start)
            .checked_sub(1)?;
        loop {
            let q = &self.quotes[k];
            if q.start <= m.start && m.end <= q.end {
                return Some(q);
            }
            k = q.parent;
            if k == NONE {
                return None;
            }
        }
    }

    /// Where the backward scan for a mention whose word starts at `ws` must stop.
    fn limit(&self, ws: usize) -> usize {
        let k = self.clauses.partition_point(|&b| b <= ws);
        let clause = if k == 0 { 0 } else { self.clauses[k - 1] };
        clause.max(ceil_boundary(self.body, ws.saturating_sub(MAX_BACK)))
    }

    /// The start of the word that holds byte `pos` ("non-interference" for "interference"),
    /// looking back at most [`WORD_REACH`] bytes.
    fn word_start(&self, pos: usize) -> usize {
        if !self.body[pos..].chars().next().is_some_and(is_word_char) {
            return pos;
        }
        word_back(
            self.body,
            pos,
            ceil_boundary(self.body, pos.saturating_sub(WORD_REACH)),
        )
        .0
    }

    fn negated(&self, buf: &[BackWord]) -> bool {
        (0..buf.len().min(self.an.window)).any(|d| {
            self.an.negators.any_ends_at(self.body, buf, d)
                && !buf[d].comma
                && !(d > 0 && self.cancels_negation(buf, d - 1))
        })
    }

    /// "not only", "no doubt", "not to mention": the word after a negator takes its force away.
    fn cancels_negation(&self, buf: &[BackWord], k: usize) -> bool {
        let flags = self.an.cues.flags(&buf[k]);
        flags & CANCEL != 0
            || (flags & TO != 0 && k > 0 && self.an.cues.flags(&buf[k - 1]) & MENTION != 0)
    }

    /// The mention starts right after "non-" (or non‐ non‑ non–).
    fn non_prefix(&self, start: usize) -> bool {
        let pre = &self.body[..start];
        let stem = ["-", "\u{2010}", "\u{2011}", "\u{2013}"]
            .iter()
            .find_map(|h| pre.strip_suffix(h));
        stem.is_some_and(|s| {
            let n = s.len().saturating_sub(3);
            s.len() >= 3
                && s.as_bytes()[n..].eq_ignore_ascii_case(b"non")
                && !s[..n].chars().next_back().is_some_and(is_word_char)
        })
    }

    fn distanced(&self, buf: &[BackWord], q: Option<&Quote>) -> bool {
        for (d, w) in buf.iter().enumerate().take(NOUN_PHRASE_GAP + 1) {
            if !w.plain {
                break;
            }
            if self.an.distancers.any_ends_at(self.body, buf, d) {
                return true;
            }
            if self.an.cues.flags(w) & FUNCTION != 0 {
                break;
            }
        }
        q.is_some_and(|q| self.scare_quote(q))
    }
}

/// A word before a mention, and what lies between it and the next word (or the mention).
#[derive(Debug, Clone, Copy, Default)]
struct BackWord {
    start: usize,
    end: usize,
    /// The folded word ([`Key`]).
    key: Key,
    /// Its cue number ([`Cues`]; 0: none).
    cue: u16,
    ascii: bool,
    /// The gap after the word holds only spaces, hyphens and quote marks.
    plain: bool,
    /// The gap after the word holds a comma.
    comma: bool,
}

impl BackWord {
    fn text<'b>(&self, body: &'b str) -> &'b str {
        &body[self.start..self.end]
    }
}

/// ASCII bytes that may stand in a plain gap between words: whitespace, hyphen, quote marks.
static PLAIN_GAP: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_whitespace() || matches!(b as u8, 0x0B | b'-' | b'"' | b'\'');
        b += 1;
    }
    t
};

/// Collects the words before `pos` (nearest first) down to `limit`, with their keys; returns
/// how many.
fn collect_back(body: &str, pos: usize, limit: usize, out: &mut [BackWord]) -> usize {
    let mut n = 0;
    walk_back(
        body,
        pos,
        limit,
        out.len(),
        |start, end, ascii, plain, comma| {
            out[n] = BackWord {
                start,
                end,
                key: word_key(body, start, end, ascii),
                cue: 0,
                ascii,
                plain,
                comma,
            };
            n += 1;
        },
    );
    n
}

/// Steps back over at most `count` words before `pos`, down to `limit`, calling `word` with
/// each (nearest first): its start and end, whether it is ASCII, and whether the gap after
/// it is plain and holds a comma. Returns where it stopped: the start of the last word, or
/// `limit`. [`collect_back`] and the fast path's test read the same words through it.
#[inline(always)]
fn walk_back(
    body: &str,
    mut pos: usize,
    limit: usize,
    count: usize,
    mut word: impl FnMut(usize, usize, bool, bool, bool),
) -> usize {
    let bytes = body.as_bytes();
    for _ in 0..count {
        let (mut plain, mut comma) = (true, false);
        loop {
            if pos <= limit {
                return pos;
            }
            let b = bytes[pos - 1];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                comma |= b == b',';
                plain &= PLAIN_GAP[usize::from(b)];
                pos -= 1;
                continue;
            }
            let c = char_before(body, pos);
            if is_word_char(c) {
                break;
            }
            plain &= c.is_whitespace() || is_hyphen(c) || is_quote_mark(c);
            pos -= c.len_utf8();
        }
        let end = pos;
        let (start, ascii) = word_back(body, end, limit);
        word(start, end, ascii, plain, comma);
        pos = start;
    }
    pos
}

/// The start of the run of ASCII letters and digits that ends at `pos`, not below `lo`: eight
/// bytes per step ([`swar_alnum`]).
#[inline]
fn alnum_run_start(bytes: &[u8], mut pos: usize, lo: usize) -> usize {
    while pos > lo && pos >= 8 {
        let x = u64::from_le_bytes(bytes[pos - 8..pos].try_into().unwrap_or([0; 8]));
        let other = !swar_alnum(x) & SWAR_HIGH;
        if other != 0 {
            // The run starts after the highest byte that is no letter or digit.
            let k = 7 - other.leading_zeros() as usize / 8;
            return (pos - 7 + k).max(lo);
        }
        pos -= 8;
    }
    while pos > lo && bytes[pos - 1].is_ascii_alphanumeric() {
        pos -= 1;
    }
    pos.max(lo)
}

/// Steps back over the word that ends at `pos`, not below `lo`: its start, and whether it is ASCII.
#[inline(always)]
fn word_back(body: &str, pos: usize, lo: usize) -> (usize, bool) {
    // Nearly every word is ASCII letters and digits after a space: settled here, in line.
    let bytes = body.as_bytes();
    let s = alnum_run_start(bytes, pos, lo);
    if s <= lo || (bytes[s - 1] < 0x80 && !matches!(bytes[s - 1], b'\'' | b'-' | b'.' | b',')) {
        return (s, true);
    }
    word_back_joined(body, s, lo)
}

/// [`word_back`] for a word that may go on before `pos` (a joiner or a non-ASCII char stands
/// there).
#[inline(never)]
fn word_back_joined(body: &str, mut pos: usize, lo: usize) -> (usize, bool) {
    let mut ascii = true;
    let bytes = body.as_bytes();
    loop {
        // ASCII letters and digits need no decoding and no joiner test: skip them in bulk.
        pos = alnum_run_start(bytes, pos, lo);
        if pos <= lo {
            break;
        }
        // Before them, an ASCII character that can join nothing (a space, most punctuation)
        // ends the word without the tests below.
        let b = bytes[pos - 1];
        if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',') {
            break;
        }
        let c = char_before(body, pos);
        let l = c.len_utf8();
        let joined = pos - l > lo && {
            let (before, after) = (char_before(body, pos - l), body.as_bytes().get(pos));
            (is_joiner(c) && is_word_char(before))
                || (matches!(c, '.' | ',')
                    && before.is_ascii_digit()
                    && after.is_some_and(u8::is_ascii_digit))
        };
        if !is_word_char(c) && !joined {
            break;
        }
        ascii &= c.is_ascii();
        pos -= l;
    }
    (pos, ascii)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Abbrev {
    No,
    Always,
    IfDigitNext,
}

struct Open {
    opener: char,
    closers: [char; 2],
    /// Single-mark quotations must close within their paragraph, else they were apostrophes.
    single: bool,
    start: usize,
    words_at: usize,
    /// Word count when the first clause punctuation inside was seen (`NONE`: none yet).
    punct_at: usize,
}

/// The one forward pass over an article.
#[derive(Default)]
struct Scanner<'a> {
    body: &'a str,
    stack: Vec<Open>,
    quotes: Vec<Quote>,
    sentences: Vec<Range<usize>>,
    clauses: Vec<usize>,
    wide: Vec<usize>,
    words: usize,
    in_word: bool,
    word_start: usize,
    word_after_dot: bool,
    last_word: Range<usize>,
    last_after_dot: bool,
    sent_start: Option<usize>,
    /// End of the last non-blank char seen.
    last_end: usize,
    /// A terminal mark waits for a space to end the sentence.
    pending: Option<Abbrev>,
    prev: Option<char>,
    prev_opened: bool,
    /// The continuation mark of a multi-paragraph quotation, to be skipped.
    skip_at: Option<usize>,
}

impl Scanner<'_> {
    fn peek(&self, at: usize, end: usize) -> Option<char> {
        self.body.get(at..end).and_then(|s| s.chars().next())
    }

    fn segment<const PLAIN: bool>(&mut self, s: usize, e: usize) {
        let bytes = self.body.as_bytes();
        self.clauses.push(s);
        (self.prev, self.prev_opened, self.in_word, self.pending) = (None, false, false, None);
        let mut i = s;
        while i < e {
            let (c, j) = match bytes[i] {
                b if b < 0x80 => (b as char, i + 1),
                _ => {
                    let c = self.body[i..].chars().next().unwrap_or('\u{FFFD}');
                    if !plain_separator(c) {
                        self.wide.push(i);
                    }
                    (c, i + c.len_utf8())
                }
            };
            if is_word_char(c) || (self.in_word && self.joins(c, j, e)) {
                if !self.in_word {
                    if self.prev == Some('.') && self.pending == Some(Abbrev::No) {
                        self.glued_sentence_end(i, c, j, e);
                    }
                    self.words += 1;
                    (self.in_word, self.word_start, self.word_after_dot) =
                        (true, i, self.prev == Some('.'));
                    self.sent_start.get_or_insert(i);
                }
                self.pending = None;
                if !PLAIN {
                    (self.last_end, self.prev_opened, self.prev, i) = (j, false, Some(c), j);
                    continue;
                }
                let k = crate::text::ascii_alnum_end(bytes, j, e);
                (self.last_end, self.prev_opened) = (k, false);
                if k < e && bytes[k] == b' ' {
                    // The word ends at a plain space: step over the plain text after it.
                    self.end_word(k);
                    i = self.plain_run(k, e);
                } else {
                    (self.prev, i) = (Some(if k > j { bytes[k - 1] as char } else { c }), k);
                }
                continue;
            }
            if self.in_word {
                self.end_word(i);
            }
            if c.is_whitespace() {
                if self.pending.is_some() {
                    self.resolve(i, e);
                }
                (self.prev, self.prev_opened, i) = (Some(c), false, j);
                continue;
            }
            self.sent_start.get_or_insert(i);
            self.last_end = j;
            // The next char, read only by the marks that look at it (not `.` or `,`).
            let next = || self.peek(j, e);
            let mut opened = false;
            match c {
                _ if self.skip_at == Some(i) => (opened, self.skip_at) = (true, None),
                '.' => {
                    self.pending = Some(if self.last_word.end == i {
                        self.abbrev()
                    } else {
                        Abbrev::No
                    })
                }
                '!' | '?' | '…' => self.pending = Some(Abbrev::No),
                // Chinese and Japanese full stops need no space after them.
                '。' | '！' | '？' | '｡' => {
                    self.pending = Some(Abbrev::No);
                    self.resolve(j, e);
                }
                '；' | '：' => self.clause(j),
                '，' | '、' => self.mark_punct(),
                ')' | ']' | '}' => {}
                ',' => {
                    self.mark_punct();
                    self.pending = None;
                }
                ';' | '—' | '―' => self.clause(j),
                ':' if !(self.prev.is_some_and(|p| p.is_ascii_digit())
                    && next().is_some_and(|n| n.is_ascii_digit())) =>
                {
                    self.clause(j)
                }
                '–' if !(self.prev.is_some_and(is_word_char)
                    && next().is_some_and(is_word_char)) =>
                {
                    self.clause(j)
                }
                '-' if (blank(self.prev) && blank(next()))
                    || self.prev == Some('-')
                    || next() == Some('-') =>
                {
                    self.clause(j)
                }
                _ if is_quote_mark(c) => {
                    let next = next();
                    opened = self.quote(c, i, j, next);
                    if opened {
                        self.pending = None;
                    }
                }
                _ => self.pending = None,
            }
            (self.prev, self.prev_opened, i) = (Some(c), opened, j);
        }
        if self.in_word {
            self.end_word(e);
        }
        self.end_segment(s, e);
    }

    /// Steps over the run of plain text (ASCII letters, digits and spaces) that starts with the
    /// space at `p`, right after a word ended there ([`plain_run_end`]); returns where the run
    /// ends. The state is left as the char-by-char loop would leave it (`last_word` only when
    /// no word is open: an open word sets it when it ends).
    fn plain_run(&mut self, p: usize, e: usize) -> usize {
        let bytes = self.body.as_bytes();
        // Words are counted for the quotations open (their lengths); with none open, the
        // count is never read, so it need not be kept.
        let (end, words) = if self.stack.is_empty() {
            plain_run_end::<false>(bytes, p, e)
        } else {
            plain_run_end::<true>(bytes, p, e)
        };
        self.words += words;
        // `bytes[p]` is a space, so the run is not empty.
        let last = bytes[end - 1];
        self.prev = Some(last as char);
        let start_of = |k: usize| plain_word_start(bytes, p, k);
        if last == b' ' {
            self.in_word = false;
            let mut we = end;
            while we > p && bytes[we - 1] == b' ' {
                we -= 1;
            }
            if we > p {
                (self.last_word, self.last_after_dot, self.last_end) =
                    (start_of(we)..we, false, we);
            }
        } else {
            (self.in_word, self.word_start, self.word_after_dot) = (true, start_of(end), false);
            self.last_end = end;
        }
        end
    }

    /// Does `c` (not a word char) join the current word with the next char?
    fn joins(&self, c: char, j: usize, e: usize) -> bool {
        match c {
            '.' | ',' => {
                self.prev.is_some_and(|p| p.is_ascii_digit())
                    && self.peek(j, e).is_some_and(|n| n.is_ascii_digit())
            }
            _ => is_joiner(c) && self.peek(j, e).is_some_and(is_word_char),
        }
    }

    fn clause(&mut self, at: usize) {
        self.clauses.push(at);
        self.pending = None;
        self.mark_punct();
    }

    /// Clause punctuation inside the innermost open quotation.
    fn mark_punct(&mut self) {
        if let Some(o) = self.stack.last_mut() {
            o.punct_at = o.punct_at.min(self.words);
        }
    }

    #[inline(always)]
    fn end_word(&mut self, i: usize) {
        self.in_word = false;
        self.last_word = self.word_start..i;
        self.last_after_dot = self.word_after_dot;
        let w = &self.body.as_bytes()[self.word_start..i];
        if (w.len() == 3 && w.eq_ignore_ascii_case(b"but"))
            || (w.len() == 7 && w.eq_ignore_ascii_case(b"however"))
            || (w.first().is_some_and(|&b| b >= 0x80) && crate::lang::cues::is_clause_word(w))
        {
            self.clauses.push(i);
        }
    }

    /// Is the word right before this `.` an abbreviation?
    fn abbrev(&self) -> Abbrev {
        let w = &self.body[self.last_word.clone()];
        let mut cs = w.chars();
        let first = cs.next().unwrap_or(' ');
        if cs.next().is_none() {
            if first.is_uppercase() || self.last_after_dot {
                return Abbrev::Always;
            }
        } else if is_abbreviation(w.as_bytes()) {
            return Abbrev::Always;
        } else if w.eq_ignore_ascii_case("no") {
            return Abbrev::IfDigitNext;
        }
        Abbrev::No
    }

    /// A word starts at `i` right after a `.` with no space ("Russia.The", text scraped with
    /// its paragraph breaks lost): the sentence ends at the `.` when the word before it has two
    /// or more letters and ends in lowercase, and the new word is capitalised and goes on in
    /// lowercase ("West.Yury"; not "U.S.A", "e.g.The", "ASP.NET").
    fn glued_sentence_end(&mut self, i: usize, c: char, j: usize, e: usize) {
        let before = &self.body[self.last_word.clone()];
        let ends_lower = before.chars().next_back().is_some_and(char::is_lowercase);
        if self.last_word.end + 1 == i
            && before.chars().nth(1).is_some()
            && ends_lower
            && c.is_uppercase()
            && self.peek(j, e).is_some_and(char::is_lowercase)
        {
            self.clauses.push(i);
            self.mark_punct();
            if self.stack.is_empty() {
                if let Some(st) = self.sent_start.take() {
                    self.sentences.push(st..i);
                }
            }
        }
    }

    /// A terminal mark followed by whitespace at `i`: end the clause, and the sentence when no
    /// quotation is open.
    fn resolve(&mut self, i: usize, e: usize) {
        let next = self.body[i..e].chars().find(|c| !c.is_whitespace());
        let ends = match self.pending.take() {
            Some(Abbrev::Always) => false,
            Some(Abbrev::IfDigitNext) => !next.is_some_and(|c| c.is_ascii_digit()),
            _ => true,
        } && !next.is_some_and(char::is_lowercase);
        if ends {
            self.clauses.push(i);
            self.mark_punct();
            if self.stack.is_empty() {
                if let Some(st) = self.sent_start.take() {
                    self.sentences.push(st..self.last_end);
                }
            }
        }
    }

    fn end_segment(&mut self, s: usize, e: usize) {
        self.pending = None;
        if let Some(st) = self.sent_start.take() {
            self.sentences.push(st..self.last_end);
        }
        self.stack.retain(|o| !o.single);
        if self.stack.is_empty() {
            return;
        }
        // Unclosed: ends here, unless the next paragraph opens with the same mark.
        let end = s + self.body[s..e].trim_end().len();
        let next = self.body[e..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace());
        let keep = next
            .filter(|&(_, c)| c == self.stack[0].opener)
            .map(|(k, _)| e + k);
        while self.stack.len() > usize::from(keep.is_some()) {
            if let Some(o) = self.stack.pop() {
                self.emit(&o, end);
            }
        }
        self.skip_at = keep;
    }

    fn emit(&mut self, o: &Open, end: usize) {
        let (words, utterance) = (self.words - o.words_at, o.punct_at < self.words);
        self.quotes.push(Quote {
            start: o.start,
            end: end.max(o.start),
            words,
            utterance,
            parent: NONE,
        });
    }

    fn open(&mut self, opener: char, closers: [char; 2], single: bool, start: usize) -> bool {
        let room = self.stack.len() < MAX_DEPTH;
        if room {
            let words_at = self.words;
            self.stack.push(Open {
                opener,
                closers,
                single,
                start,
                words_at,
                punct_at: NONE,
            });
        }
        room
    }

    /// Closes the innermost open quotation that `f` picks, at byte `i`; unclosed quotations
    /// inside it close too (single-mark ones vanish).
    fn close_where(&mut self, i: usize, f: impl Fn(&Open) -> bool) -> bool {
        let Some(k) = self.stack.iter().rposition(f) else {
            return false;
        };
        while let Some(o) = self.stack.pop() {
            if self.stack.len() == k || !o.single {
                self.emit(&o, i);
            }
            if self.stack.len() == k {
                break;
            }
        }
        true
    }

    /// Handles a quote mark at `i..j`; returns true when it opened a quotation.
    fn quote(&mut self, c: char, i: usize, j: usize, next: Option<char>) -> bool {
        let p_blank = blank(self.prev);
        let open_ctx = p_blank
            || self.prev_opened
            || matches!(self.prev, Some('(' | '[' | '{' | ':' | '-' | '–' | '—'));
        let can_open = open_ctx && !blank(next);
        let closes = |c: char| move |o: &Open| o.closers.contains(&c);
        match c {
            '"' if can_open => self.open(c, ['"', '”'], false, j),
            '\'' if open_ctx && next.is_some_and(char::is_alphabetic) => {
                self.open(c, ['\'', '\''], true, j)
            }
            '"' | '’' | '」' | '』' | '\'' => {
                if c != '\'' || !p_blank {
                    self.close_where(i, closes(c));
                }
                false
            }
            '“' => {
                let closing = !p_blank
                    && (blank(next) || matches!(next, Some(',' | '.' | ';' | ':' | '!' | '?')));
                if self.close_where(i, |o| o.opener == '„')
                    || (closing && self.close_where(i, |o| o.opener == '“'))
                {
                    return false;
                }
                self.open(c, ['”', '"'], false, j)
            }
            '”' | '»' | '›' => {
                let (back, single) = match c {
                    '»' => ('«', false),
                    '›' => ('‹', true),
                    _ => ('”', false),
                };
                !self.close_where(i, closes(c)) && can_open && self.open(c, [back, back], single, j)
            }
            '„' => self.open(c, ['“', '”'], false, j),
            '‘' => {
                !self.close_where(i, |o| o.opener == '‚')
                    && can_open
                    && !next.is_some_and(|n| n.is_ascii_digit())
                    && self.open(c, ['’', '’'], true, j)
            }
            '‚' => can_open && self.open(c, ['‘', '’'], true, j),
            '«' => !self.close_where(i, |o| o.opener == '»') && self.open(c, ['»', '»'], false, j),
            '‹' => !self.close_where(i, |o| o.opener == '›') && self.open(c, ['›', '›'], true, j),
            '「' => self.open(c, ['」', '」'], false, j),
            '『' => self.open(c, ['』', '』'], false, j),
            _ => false,
        }
    }
}

/// Splits text into paragraphs at blank lines (for callers and tests that have no paragraph list).
pub fn blank_line_paragraphs(text: &str) -> Vec<Range<usize>> {
    let (mut out, mut cur, mut pos) = (Vec::new(), None::<Range<usize>>, 0);
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.extend(cur.take());
        } else {
            let end = pos + line.trim_end().len();
            cur.get_or_insert(pos + line.len() - line.trim_start().len()..end)
                .end = end;
        }
        pos += line.len();
    }
    out.extend(cur);
    out
}

/// No char, or a whitespace char.
fn blank(c: Option<char>) -> bool {
    !matches!(c, Some(c) if !c.is_whitespace())
}

fn fold(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The end of the run of plain text that starts with the space at `p` (not after `e`), and how
/// many words start in it (when `COUNT`; else 0). Plain text is ASCII letters, digits and
/// spaces, where the char-by-char scan decides nothing but where words start and whether a word
/// "but" or "however" ends at a space; so sixteen bytes are classified at once
/// ([`crate::bytes::plain16`]). The run also ends right before such a word (a clause starts
/// after it), which the caller's word path then takes. Kept out of the scanner's loop: inlined
/// there, it cost about 3M more instructions on the 5 MB benchmark corpus (its constants no
/// longer stayed in registers).
#[inline(never)]
fn plain_run_end<const COUNT: bool>(bytes: &[u8], p: usize, e: usize) -> (usize, usize) {
    let bytes = &bytes[..e];
    let mut run = PlainRun { words: 0, carry: 0 };
    let mut chunks = bytes[p..].chunks_exact(16);
    let mut at = p;
    for c in &mut chunks {
        if let Some(end) = run.step::<COUNT>(bytes, c.try_into().expect("16 bytes"), at) {
            return (end, run.words as usize);
        }
        at += 16;
    }
    // The last few bytes, padded with 0xFF, which is no plain byte.
    let mut last = [0xFF; 16];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let end = run.step::<COUNT>(bytes, &last, at);
    (end.unwrap_or(e), run.words as usize)
}

/// The state of [`plain_run_end`] between chunks.
struct PlainRun {
    /// Words started so far.
    words: u64,
    /// 1 when the byte before the chunk is a space: a letter first in it starts a word.
    carry: u32,
}

impl PlainRun {
    /// One chunk of sixteen bytes from `bytes[at]`: where the run ends in it, if it does.
    #[inline(always)]
    fn step<const COUNT: bool>(
        &mut self,
        bytes: &[u8],
        chunk: &[u8; 16],
        at: usize,
    ) -> Option<usize> {
        let m = crate::bytes::plain16(chunk);
        let (alnum, space) = (u32::from(m.alnum), u32::from(m.space));
        // Bits 0-15 only: a run that goes on through the chunk has no bit set.
        let mut other = !(alnum | space) & 0xFFFF;
        let after_space = (space << 1) | self.carry;
        // Words that start with b or h (or j) before the first other byte: "but" or "however"
        // when a space ends them. (`@` and `` ` `` pass the test too, but are other bytes.)
        let mut cand = after_space & u32::from(m.bhj) & (other.wrapping_sub(1) & !other);
        while cand != 0 {
            if clause_word_at(bytes, at + cand.trailing_zeros() as usize) {
                other = cand & cand.wrapping_neg();
                break;
            }
            cand &= cand - 1;
        }
        if COUNT {
            // The bytes before the first other one.
            let keep = other.wrapping_sub(1) & !other;
            self.words += u64::from((alnum & after_space & keep).count_ones());
        }
        self.carry = space >> 15;
        (other != 0).then(|| at + other.trailing_zeros() as usize)
    }
}

/// The start of the word that ends at `k` in a run of plain text (ASCII letters, digits and
/// spaces) that starts with the space at `p`: right after the last space before `k`. Eight
/// bytes per step; the space test is exact on plain bytes, which carry nothing.
#[inline]
fn plain_word_start(bytes: &[u8], p: usize, mut k: usize) -> usize {
    while k >= p + 8 {
        let x = u64::from_le_bytes(bytes[k - 8..k].try_into().unwrap_or([0; 8]));
        let y = x ^ splat(b' ');
        let space = !(y.wrapping_add(SWAR_LOW) | y) & SWAR_HIGH;
        if space != 0 {
            return k - 7 + (7 - space.leading_zeros() as usize / 8);
        }
        k -= 8;
    }
    while bytes[k - 1] != b' ' {
        k -= 1;
    }
    k
}

/// `ABBREVIATIONS` packed little-endian into a `u64` each, as [`is_abbreviation`] packs a word.
const ABBREV_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        let a = ABBREVIATIONS[i].as_bytes();
        let mut j = 0;
        while j < a.len() {
            keys[i] |= (a[j] as u64) << (8 * j);
            j += 1;
        }
        i += 1;
    }
    keys
};

/// Per first letter (a–z) of `ABBREVIATIONS`, a bit per length of one that starts with it.
const ABBREV_FIRST: [u8; 26] = {
    let mut t = [0; 26];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        let a = ABBREVIATIONS[i].as_bytes();
        t[(a[0] - b'a') as usize] |= 1 << a.len();
        i += 1;
    }
    t
};

/// Is `w` one of `ABBREVIATIONS`, ignoring ASCII case? Nearly every word before a `.` is
/// settled by its first letter and length; the rest are packed and compared whole.
#[inline]
fn is_abbreviation(w: &[u8]) -> bool {
    let first = w.first().map_or(0, |&b| b | 0x20);
    if !first.is_ascii_lowercase()
        || w.len() > 7
        || ABBREV_FIRST[usize::from(first - b'a')] & (1 << w.len()) == 0
    {
        return false;
    }
    let key = w.iter().enumerate().fold(0u64, |k, (i, &b)| {
        k | u64::from(b.to_ascii_lowercase()) << (8 * i)
    });
    ABBREV_KEYS.contains(&key)
}

/// Does the word "but" or "however", followed by a space, start at `bytes[s]`?
#[inline(always)]
fn clause_word_at(bytes: &[u8], s: usize) -> bool {
    // Four bytes at once with ASCII letters lowercased: only a NUL after "but" passes wrongly,
    // and the exact test after it rejects that.
    let head = bytes.get(s..s + 4).map_or(0, |b| {
        u32::from_le_bytes(b.try_into().unwrap_or([0; 4])) | 0x2020_2020
    });
    let is = |w: &[u8]| {
        bytes
            .get(s..s + w.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(w))
    };
    match head.to_le_bytes() {
        [b'b', b'u', b't', b' '] => is(b"but "),
        [b'h', b'o', b'w', b'e'] => is(b"however "),
        _ => false,
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{2000}'..='\u{206F}').contains(&c) {
        matches!(c, '\u{200C}' | '\u{200D}') // General Punctuation: quotes, dashes, spaces
    } else {
        // Letters, digits and combining marks.
        c.is_alphanumeric()
            || matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
                | 0x064B..=0x065F | 0x0670 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
                | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F)
    }
}

/// Non-ASCII characters that this pass and the lexicon's folding both read as no part of a
/// word token: no-break space, quote marks, dashes, the ellipsis. (The curly apostrophes and
/// the Unicode hyphens join words here, but fold to `'` and `-` here and in the lexicon, so
/// a word joined by them is still the lexicon's tokens between them.)
fn plain_separator(c: char) -> bool {
    matches!(c, '\u{A0}' | '«' | '»' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201F}' | '…')
}

/// Apostrophes and hyphens: part of a word when a word char stands on both sides.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '-' | '\u{2010}' | '\u{2011}')
}

fn is_quote_mark(c: char) -> bool {
    const MARKS: [char; 16] = [
        '"', '\'', '“', '”', '„', '‘', '’', '‚', '«', '»', '‹', '›', '「', '」', '『', '』',
    ];
    MARKS.contains(&c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The char that ends at byte `pos` (a char boundary; `' '` at the start).
#[inline]
fn char_before(body: &str, pos: usize) -> char {
    match pos.checked_sub(1).map(|p| body.as_bytes()[p]) {
        Some(b) if b < 0x80 => b as char,
        _ => body[..pos].chars().next_back().unwrap_or(' '),
    }
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The offsets of `sorted` (in ascending order) that fall in `r`.
pub fn offsets_in<'h>(sorted: &'h [usize], r: &Range<usize>) -> &'h [usize] {
    let k = sorted.partition_point(|&h| h < r.start);
    let n = sorted[k..].partition_point(|&h| h < r.end);
    &sorted[k..k + n]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stance::{Asserted, Distanced, Negated, Quoted};

    /// Splits a case like `"a [partnership|A], not [alliance|N]"` into its text and the expected
    /// stance of each marked mention (A asserted, Q quoted, N negated, D distanced).
    fn parse(case: &str) -> (String, Vec<(Range<usize>, Stance)>) {
        let (mut text, mut marks, mut rest) = (String::new(), Vec::new(), case);
        while let Some(open) = rest.find('[') {
            text.push_str(&rest[..open]);
            let close = open + rest[open..].find(']').expect("unclosed mark");
            let (word, s) = rest[open + 1..close].split_once('|').expect("[word|S]");
            let want = match s {
                "A" => Asserted,
                "Q" => Quoted,
                "N" => Negated,
                _ => Distanced,
            };
            marks.push((text.len()..text.len() + word.len(), want));
            text.push_str(word);
            rest = &rest[close + 1..];
        }
        text.push_str(rest);
        (text, marks)
    }

    fn check_with(rules: &StanceRules, cases: &[&str]) {
        let an = StanceAnalyzer::new(rules);
        let mut bad = Vec::new();
        for case in cases {
            let (text, marks) = parse(case);
            let a = an.analyze(&text, &blank_line_paragraphs(&text));
            for (r, want) in marks {
                let got = a.stance(r.clone());
                if got != want {
                    bad.push(format!(
                        "{case:?}: {:?} is {got:?}, want {want:?}",
                        &text[r]
                    ));
                }
            }
        }
        assert!(bad.is_empty(), "\n{}", bad.join("\n"));
    }

    fn check(cases: &[&str]) {
        check_with(&StanceRules::default(), cases);
    }

    /// The nth occurrence of `word` in `text`.
    fn find(text: &str, word: &str, nth: usize) -> Range<usize> {
        let s = text.match_indices(word).nth(nth).expect("word in text").0;
        s..s + word.len()
    }

    fn sentences(text: &str) -> String {
        let an = StanceAnalyzer::new(&StanceRules::default());
        let a = an.analyze(text, &blank_line_paragraphs(text));
        a.sentences()
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn pattern_filters_agree_with_trying_every_pattern() {
        let long = "x".repeat(KEY_BYTES + 1);
        let lists: [Vec<String>; 3] = [
            StanceRules::default().negators,
            StanceRules::default().distancers,
            vec![
                "n't".into(),
                "'em".into(),
                long.clone(),
                "rather than".into(),
                "a\0b".into(),
            ],
        ];
        let words = [
            "not",
            "NOT",
            "don't",
            "don’t",
            "isn't",
            "can't",
            "cannot",
            "no",
            "note",
            "t",
            "'em",
            "them",
            "than",
            "rather",
            "so",
            "called",
            "so-called",
            "alleged",
            "of",
            "instead",
            "Ünïcode",
            "nōt",
            &long,
            "xx",
            "a\0b",
        ];
        for list in lists {
            let patterns = Pattern::compile(&list);
            let cues = Cues::new(&patterns, &[]);
            let set = PatternSet::new(patterns, &cues);
            let mut x: u64 = 0x2545_F491_4F6C_DD1D;
            for _ in 0..3000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let n = 1 + (x % 4) as usize;
                let text: Vec<&str> = (0..n)
                    .map(|k| words[((x >> (8 * k)) % words.len() as u64) as usize])
                    .collect();
                let body = format!("{} alliance", text.join(" "));
                let mut buf = [BackWord::default(); BUF];
                let got = collect_back(&body, body.len() - "alliance".len(), 0, &mut buf);
                for w in &mut buf[..got] {
                    w.cue = cues.find(w.key);
                }
                for d in 0..got {
                    let all = set
                        .patterns
                        .iter()
                        .any(|p| p.ends_at(&body, &buf[..got], d));
                    assert_eq!(
                        set.any_ends_at(&body, &buf[..got], d),
                        all,
                        "{body:?} at {d}"
                    );
                }
            }
        }
    }

    /// [`word_back`] one char at a time, with no bulk steps.
    fn slow_word_back(body: &str, mut pos: usize, lo: usize) -> (usize, bool) {
        let mut ascii = true;
        while pos > lo {
            let c = char_before(body, pos);
            let l = c.len_utf8();
            let joined = pos - l > lo && {
                let (before, after) = (char_before(body, pos - l), body.as_bytes().get(pos));
                (is_joiner(c) && is_word_char(before))
                    || (matches!(c, '.' | ',')
                        && before.is_ascii_digit()
                        && after.is_some_and(u8::is_ascii_digit))
            };
            if !is_word_char(c) && !joined {
                break;
            }
            ascii &= c.is_ascii();
            pos -= l;
        }
        (pos, ascii)
    }

    /// The per-mention rules written plainly, for comparison with [`ArticleStance::stance`]:
    /// the words before the mention stepped over one char at a time, folded into strings and
    /// compared as text with every pattern; no keys, no cue table.
    fn reference_stance(a: &ArticleStance, mention: Range<usize>) -> Stance {
        let body = a.body;
        let m = a.clamp(mention);
        if a.non_prefix(m.start) {
            return Negated;
        }
        let ws = if body[m.start..].chars().next().is_some_and(is_word_char) {
            let lo = ceil_boundary(body, m.start.saturating_sub(256));
            slow_word_back(body, m.start, lo).0
        } else {
            m.start
        };
        let limit = a.limit(ws);
        // The words before the mention, nearest first: text, folded, plain gap, comma.
        let mut words: Vec<(&str, String, bool, bool)> = Vec::new();
        let mut pos = ws;
        'words: while words.len() < a.an.want {
            let (mut plain, mut comma) = (true, false);
            loop {
                if pos <= limit {
                    break 'words;
                }
                let c = char_before(body, pos);
                if is_word_char(c) {
                    break;
                }
                comma |= c == ',';
                plain &= c.is_whitespace() || is_hyphen(c) || is_quote_mark(c);
                pos -= c.len_utf8();
            }
            let start = slow_word_back(body, pos, limit).0;
            let text = &body[start..pos];
            words.push((text, text.chars().map(fold).collect(), plain, comma));
            pos = start;
        }
        let ends_at = |p: &Pattern, d: usize| {
            let len = p.words.len();
            d + len <= words.len()
                && (0..len).all(|back| {
                    let (_, folded, plain, _) = &words[d + back];
                    let pat = &*p.words[len - 1 - back];
                    (back == 0 || *plain)
                        && if p.suffix {
                            folded.ends_with(pat)
                        } else {
                            folded == pat
                        }
                })
        };
        let is = |k: usize, list: &[&str]| list.iter().any(|w| words[k].0.eq_ignore_ascii_case(w));
        let cancels =
            |k: usize| is(k, &CANCEL_WORDS) || (is(k, &["to"]) && k > 0 && is(k - 1, &["mention"]));
        let negated = (0..words.len().min(a.an.window)).any(|d| {
            a.an.negators.patterns.iter().any(|p| ends_at(p, d))
                && !words[d].3
                && !(d > 0 && cancels(d - 1))
        });
        if negated {
            return Negated;
        }
        let q = a.innermost(&m);
        for (d, (text, _, plain, _)) in words.iter().enumerate().take(NOUN_PHRASE_GAP + 1) {
            if !plain {
                break;
            }
            if a.an.distancers.patterns.iter().any(|p| ends_at(p, d)) {
                return Distanced;
            }
            if text.len() <= 5 && is(d, &FUNCTION_WORDS) {
                break;
            }
        }
        match q {
            Some(q) if q.words <= a.an.scare_max && !q.utterance => Distanced,
            Some(_) => Quoted,
            None => Asserted,
        }
    }

    /// The fast per-mention path (bulk word steps, packed keys, the cue table) gives the
    /// plain rules' answer for every mention place in generated text: cue words in every
    /// case, non-ASCII words that fold to ASCII ("İn", the Kelvin sign, ’), words at and
    /// around the key's sixteen bytes, joiners, and rules with long, suffix, non-ASCII and
    /// zero-byte cues and windows past the short buffer.
    #[test]
    fn fast_stance_agrees_with_plain_rules() {
        let words = [
            "not",
            "NOT",
            "Not",
            "no",
            "n't",
            "don't",
            "don’t",
            "ISN’T",
            "never",
            "cannot",
            "without",
            "neither",
            "nor",
            "rather",
            "than",
            "instead",
            "of",
            "only",
            "just",
            "to",
            "mention",
            "To",
            "MENTION",
            "the",
            "The",
            "THE",
            "a",
            "an",
            "is",
            "so-called",
            "so",
            "called",
            "So-Called",
            "alleged",
            "allegedly",
            "ALLEGEDLY",
            "supposed",
            "purported",
            "alliance",
            "Alliance",
            "pact",
            "3.5",
            "1,000",
            "İn",
            "İs",
            "\u{212A}ein",
            "kein",
            "nicht",
            "NICHT",
            "überhaupt",
            "ÜBERHAUPT",
            "keineswegsundüberhauptnichtmehrlänger",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmno",
            "notnotnotnotnotn't",
            "ünïcödeünïcödeü",
            "non",
            "x",
            "em",
            "'em",
            "ab",
            "rock’n’roll",
            "Xi's",
            "e\u{301}",
            // What the lexicon folds otherwise than this pass: a soft hyphen and a zero-width
            // joiner (dropped there), a modifier apostrophe, a fullwidth letter, a ligature.
            "no\u{AD}t",
            "no\u{200D}",
            "don\u{2BC}t",
            "\u{FF4E}ot",
            "\u{FB01}ne",
            "NOT\u{AD}",
        ];
        let gaps = [
            " ", " ", " ", " ", ", ", "; ", " - ", "-", " “", "” ", "\"", " '", "’ ", "\n", "\n\n",
            ". ", ": ", " — ", "\t", "\u{A0}", "\u{2010}", "\u{B}", " non-", "–", ",", "…",
            "\u{AD}", " «", "» ", "\u{2032}",
        ];
        let rule_sets = [
            StanceRules::default(),
            StanceRules {
                negation_window: 40,
                ..StanceRules::default()
            },
            StanceRules {
                negators: [
                    "kein",
                    "NICHT",
                    "überhaupt nicht",
                    "keineswegsundüberhauptnichtmehrlänger",
                    "n’t",
                    "'em",
                    "a\0b",
                    "abcdefghijklmnop",
                    "abcdefghijklmnopq x",
                    "t",
                    "ünïcödeünïcödeü",
                ]
                .map(String::from)
                .to_vec(),
                negation_window: 7,
                distancers: [
                    "so-called",
                    "the",
                    "İn",
                    "rather than",
                    "ab-cdefghijklmnopq",
                ]
                .map(String::from)
                .to_vec(),
                scare_quote_max_words: 2,
                ..StanceRules::default()
            },
        ];
        let mut x: u64 = 0x5DEE_CE66_D1CE_4E5B;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut texts = Vec::new();
        for k in 0..460 {
            let mut t = String::new();
            // Some clauses longer than the look back's reach (`MAX_BACK`), which then cuts a
            // word.
            let (len, odd_gaps) = if k < 400 { (40, 3) } else { (160, 40) };
            for _ in 0..next() % len {
                t.push_str(words[(next() % words.len() as u64) as usize]);
                let g = next() as usize;
                t.push_str(
                    gaps[if g % odd_gaps == 0 {
                        g / 3 % gaps.len()
                    } else {
                        0
                    }],
                );
            }
            texts.push(t);
        }
        let (mut fast, mut all) = (0, 0);
        for rules in &rule_sets {
            let an = StanceAnalyzer::new(rules);
            for t in &texts {
                let paras = blank_line_paragraphs(t);
                let a = an.analyze(t, &paras);
                // With the lexicon's cue flags, most mentions take the fast path.
                let hits = cue_hits(&an, t);
                let mut bufs = StanceBuffers::default();
                let h = an.analyze_with(t, &paras, Some(&hits), &mut bufs);
                for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    for r in [i..i + 1, i..i + 5, i..t.len()] {
                        let want = reference_stance(&a, r.clone());
                        assert_eq!(a.stance(r.clone()), want, "{t:?} at {r:?}");
                        assert_eq!(h.stance(r.clone()), want, "{t:?} at {r:?}, fast path");
                        let m = h.clamp(r);
                        let ws = h.word_start(m.start);
                        let n = an.want.min(8);
                        fast += usize::from(h.no_cue_before(ws, h.limit(ws), n));
                        all += 1;
                    }
                }
            }
        }
        // The cases are dense with cues and odd characters; still, many take the fast path.
        assert!(fast * 10 > all, "{fast} of {all}");
    }

    #[test]
    fn fast_path_needs_whole_words_at_the_look_backs_reach() {
        // The look back stops `MAX_BACK` bytes before the mention's word, here inside
        // "cannot": the full rules read the "not" left of it, which the lexicon never saw as
        // a token, so the fast path must not be taken.
        let long = format!("{} ", "x".repeat(126));
        let t = format!("cannot {}alliance", long.repeat(4));
        let at = t.find("alliance").unwrap();
        assert_eq!(at - MAX_BACK, "can".len());
        let rules = StanceRules {
            negation_window: 40,
            ..StanceRules::default()
        };
        let an = StanceAnalyzer::new(&rules);
        let hits = cue_hits(&an, &t);
        let mut bufs = StanceBuffers::default();
        let h = an.analyze_with(&t, &[], Some(&hits), &mut bufs);
        assert_eq!(h.stance(at..t.len()), Stance::Negated);
        assert_eq!(an.analyze(&t, &[]).stance(at..t.len()), Stance::Negated);
    }

    /// The body offsets of the tokens of `t` that a lexicon flags for `an`'s cue tokens. The
    /// lexicon holds terms too, among them a short stem (which makes its filter's key short)
    /// and the cue words themselves.
    fn cue_hits(an: &StanceAnalyzer, t: &str) -> Vec<usize> {
        use crate::lexicon::{Lexicon, Owner, Scratch, TermSpec};
        let mut lx = Lexicon::new();
        for (i, term) in ["al*", "not", "of", "alliance"].into_iter().enumerate() {
            lx.add(Owner::Frame(0), i, &TermSpec::new(term)).unwrap();
        }
        for c in an.cue_tokens().expect("the rules' cues are tokens") {
            lx.add_cue_token(c);
        }
        let (mut folded, mut toks) = (crate::text::Folded::default(), Vec::new());
        crate::text::fold_tokens_into(t, &mut folded, &mut toks);
        let (mut scratch, mut out) = (Scratch::default(), Vec::new());
        lx.find(t, &folded, &toks, &mut scratch, &mut out);
        let hits: Vec<usize> = scratch.cue_offsets(&folded).collect();
        assert!(hits.is_sorted());
        hits
    }

    /// [`word_back`]'s bulk steps stop where stepping one char at a time does.
    #[test]
    fn word_back_agrees_with_char_by_char() {
        let pieces = [
            "abc",
            "ABCDEFGHIJ",
            "0123456789",
            "'",
            "’",
            "-",
            ".",
            ",",
            "3.5",
            "1,000",
            "é",
            "e\u{301}",
            " ",
            "\u{2010}",
            "x",
            "--",
            "..",
            "’’",
            "\u{200D}",
            "日本",
        ];
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..x % 12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x >> 32) as usize % pieces.len()]);
            }
            let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            for &pos in &bounds {
                for &lo in bounds.iter().filter(|&&lo| lo <= pos) {
                    assert_eq!(
                        word_back(&t, pos, lo),
                        slow_word_back(&t, pos, lo),
                        "{t:?} {pos} {lo}"
                    );
                }
            }
        }
    }

    /// [`is_abbreviation`] agrees with comparing against every abbreviation, and
    /// [`plain_word_start`] with stepping back one byte at a time.
    #[test]
    fn abbreviation_and_word_start_filters_agree() {
        let mut words: Vec<String> = ABBREVIATIONS.iter().map(|a| a.to_string()).collect();
        words.extend(ABBREVIATIONS.iter().map(|a| a.to_uppercase()));
        words.extend(ABBREVIATIONS.iter().map(|a| format!("{a}x")));
        words.extend(ABBREVIATIONS.iter().map(|a| a[1..].to_string()));
        words.extend(
            [
                "", "M", "mR", "Mr\u{e9}", "\u{e9}r", "[r", "@pprox", "approxx", "sept", "SePt",
                "no",
            ]
            .map(String::from),
        );
        for w in &words {
            let want = w.len() <= 6 && ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a));
            assert_eq!(is_abbreviation(w.as_bytes()), want, "{w:?}");
        }
        let mut x: u64 = 0x0DDB_1A5E_5BAD_5EED;
        for _ in 0..2000 {
            let mut t = String::from(" ");
            for _ in 0..x % 40 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(if x % 5 == 0 {
                    ' '
                } else {
                    (b'a' + (x >> 8) as u8 % 26) as char
                });
            }
            let b = t.as_bytes();
            for k in 1..=b.len() {
                let mut slow = k;
                while b[slow - 1] != b' ' {
                    slow -= 1;
                }
                assert_eq!(plain_word_start(b, 0, k), slow, "{t:?} {k}");
            }
        }
    }

    /// The scan with [`Scanner::plain_run`] and the one that steps over every char agree
    /// exactly (sentences, quotations with their word counts, clauses) on plain-heavy text
    /// with "but" and "however" at every place in a chunk, quotations open and not, runs that
    /// end at a paragraph's end, and tricky bytes.
    #[test]
    fn plain_runs_agree_with_char_by_char() {
        let pieces = [
            "word", "but", "But", "HOWEVER", "however", "bu", "butt", "howeverx", "b", "h", "j",
            "x9", "42", "Moscow", " ", " ", " ", "  ", ".", ". ", "“", "” ", "\"", " '", "' ", "‘",
            "’", ",", ";", ": ", "\n", "\n\n", "é", "-", "—", "\0", "@", "`", "n't", "3.5", "U.S.",
            "no", "Mr.", "«", "»",
        ];
        let mut texts: Vec<String> = vec![
            "a but b however c but".into(),
            "“one two three four five six seven eight nine ten but eleven,” he said".into(),
            "\"but however but\" and 'however but' x".into(),
        ];
        let mut x: u64 = 0x853C_49E6_748F_EA9B;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..(x % 90) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly words and spaces, so that runs are long.
                let k = (x >> 20) as usize;
                t.push_str(if k % 3 == 0 {
                    pieces[k / 3 % pieces.len()]
                } else if k % 3 == 1 {
                    " "
                } else {
                    pieces[k / 3 % 8]
                });
            }
            texts.push(t);
        }
        let an = StanceAnalyzer::new(&StanceRules::default());
        for t in &texts {
            for paras in [blank_line_paragraphs(t), vec![]] {
                let (mut fast, mut slow) = (StanceBuffers::default(), StanceBuffers::default());
                an.scan_with::<true>(t, &paras, &mut fast);
                an.scan_with::<false>(t, &paras, &mut slow);
                assert_eq!(fast.sentences, slow.sentences, "{t:?}");
                assert_eq!(fast.quotes, slow.quotes, "{t:?}");
                assert_eq!(fast.clauses, slow.clauses, "{t:?}");
            }
        }
    }

    #[test]
    fn negators_and_x_not_y() {
        check(&[
            "a [partnership|A], not [alliance|N]",
            "Moscow and Beijing do not seek an [alliance|N].",
            "They don’t want an [alliance|N]. They don't want an [alliance|N]. It can’t be an [alliance|N].",
            "There is no [alliance|N]. They acted without an [alliance|N]. They will never form an [alliance|N].",
            "It is neither [alliance|N] nor [partnership|N].",
            "a [partnership|A] rather than [alliance|N]; a [partnership|A] instead of an [alliance|N]",
            "NOT AN [ALLIANCE|N]",
        ]);
    }

    #[test]
    fn non_prefix_negates() {
        check(&[
            "a policy of non-[interference|N], Non‑[interference|N], the non-[aligned|N] states",
            "canon-[interference|A], no [interference|N]",
        ]);
    }

    #[test]
    fn not_only_and_other_cancellations() {
        check(&[
            "not only [cooperation|A] but also [partnership|A]",
            "It is not just an [alliance|A]. It is not merely an [alliance|A].",
            "There is no doubt the [alliance|A] grows. Not to mention the [alliance|A].",
            "No, the [alliance|A] is strong. It is no longer an [alliance|N].",
        ]);
    }

    #[test]
    fn negation_stops_at_sentence_and_clause() {
        check(&[
            "This is not new. The [alliance|A] grows.",
            "It is not a secret; the [alliance|A] grows",
            "It is not trade, but an [alliance|A]",
            "It is not trade: an [alliance|A]. It is not trade – an [alliance|A]. Not trade - an [alliance|A].",
            "It is not trade; however an [alliance|A]. It is not a Moscow–Beijing [alliance|N].",
            "“We are not weak. The [alliance|Q] is strong and growing every day,” he said.",
            "This is not\n\nan [alliance|A]",
        ]);
    }

    #[test]
    fn negation_window_counts_words() {
        check(&[
            "They did not want any formal [alliance|N]", // 4 words before
            "They did not want any such formal [alliance|A]", // 5 words before
            "not a 3.5 percent [alliance|N]",            // "3.5" is one word
            "note the [alliance|A]. A knot, another [alliance|A].",
            "nothing like an [alliance|A]", // known limit: not a listed negator
        ]);
        let wide = StanceRules {
            negation_window: 5,
            ..StanceRules::default()
        };
        check_with(&wide, &["They did not want any such formal [alliance|N]"]);
        let zero = StanceRules {
            negation_window: 0,
            ..StanceRules::default()
        };
        check_with(&zero, &["not [alliance|A]"]);
        let german = StanceRules {
            negators: vec!["nicht".into(), "kein".into()],
            ..StanceRules::default()
        };
        check_with(
            &german,
            &["Das ist NICHT eine [Allianz|N]", "not an [alliance|A]"],
        );
    }

    #[test]
    fn long_and_non_ascii_cues_take_the_slow_compare() {
        // Words longer than the fold arena keeps, and cues with non-ASCII letters, are
        // compared char by char; the answers must not depend on which path compares them.
        let rules = StanceRules {
            negators: vec![
                "keineswegsundüberhauptnichtmehrlänger".into(),
                "ÜBERHAUPT nicht".into(),
                "n’t".into(),
            ],
            distancers: vec!["angeblich-sogenannte".into()],
            ..StanceRules::default()
        };
        check_with(
            &rules,
            &[
                "Das ist KEINESWEGSUNDÜBERHAUPTNICHTMEHRLÄNGER eine [Allianz|N]",
                "Das ist keineswegsundüberhauptnichtmehrlängerx eine [Allianz|A]",
                "überhaupt nicht eine [Allianz|N]; überhaupt, nicht eine [Allianz|A]",
                "they don’t want an [alliance|N], they don't want an [alliance|N]",
                "die angeblich sogenannte [Allianz|D], die angeblich-sogenannte [Allianz|D]",
                &format!("{} überhaupt nicht eine [Allianz|N]", "x".repeat(300)),
            ],
        );
    }

    #[test]
    fn distancers_before_noun_phrase() {
        check(&[
            "a so-called “anti-American [alliance|D]”, a so-called anti-American [alliance|D]",
            "a so called anti-American [alliance|D], the allegedly [aggressive|D] moves",
            "the alleged Western military [alliance|D]; the alleged attack on the [alliance|A]",
            "the so-called, [alliance|A]; the so-called really quite big [alliance|D]",
            "the so-called really quite big old [alliance|A]", // 4 words between
            "Not a so-called [alliance|N]. A so-called \"anti-American [alliance|D]\".",
            "the so-called Chinese and Russian [threats|D]",
        ]);
    }

    #[test]
    fn scare_quotes_and_long_quotes() {
        check(&[
            "He warned of “[aggressive|D]” moves, \"[aggressive|D]\" moves, '[aggressive|D]' moves, ‘[aggressive|D]’ moves",
            "a “very [aggressive|D] new military” move; a “very [aggressive|Q] new military bloc” move",
            "Putin said: “The [alliance|Q] of these countries is a threat to everyone in Europe,” and left.",
            "Putin said: \"The [alliance|Q] of these countries is a threat to everyone in Europe,\" and left.",
            "Putin said:\"The [alliance|Q] of these countries is a threat to all\" today",
            "He said “there is no [alliance|N] between us at all”",
            "He called the moves “[aggressive|D],” and left.",
            // Punctuation inside a short quotation makes it an utterance, not a scare quote.
            "one course – “[partnership|Q], not [alliance|N].” “We came. We [saw|Q],” he said.",
            "“U.S. [aggression|D]” again",
        ]);
        let strict = StanceRules {
            scare_quote_max_words: 0,
            ..StanceRules::default()
        };
        check_with(&strict, &["He warned of “[aggressive|Q]” moves"]);
    }

    #[test]
    fn nested_quotes_innermost_wins() {
        check(&[
            "“They call it ‘[democracy|D]’ and ‘human [rights|D]’ while they [interfere|Q] in our affairs,” he [said|A].",
            "\"They call it '[democracy|D]' and 'human [rights|D]' while they [interfere|Q] in our affairs,\" he [said|A].",
        ]);
        let t = "“They call it ‘democracy’ and ‘human rights’ while they interfere in our affairs,” he said.";
        let an = StanceAnalyzer::new(&StanceRules::default());
        let a = an.analyze(t, &[]);
        assert_eq!(
            a.quotation(find(t, "democracy", 0)),
            Some(find(t, "democracy", 0))
        );
        assert_eq!(a.quotations().count(), 3);
    }

    #[test]
    fn unclosed_and_multi_paragraph_quotes() {
        check(&[
            "He said: “the [alliance|Q] is here to stay for years\n\nThe [alliance|A] grows.",
            "“First paragraph of the quote without a closing mark\n\n“Second paragraph with [alliance|Q],” he said.",
            "\"First paragraph of the quote without a closing mark\n\n\"Second paragraph with [alliance|Q],\" he said.",
            "“One two.\n\n“Three [alliance|Q] and four,” he said. The [alliance|A] grows.",
            "He called it ‘an [alliance|A]\n\nThen more.", // an unclosed single mark is no quotation
        ]);
        let t = "“First part\n\n“second alliance,” he said.";
        let an = StanceAnalyzer::new(&StanceRules::default());
        let q = an
            .analyze(t, &blank_line_paragraphs(t))
            .quotation(find(t, "alliance", 0));
        assert_eq!(&t[q.expect("quoted")], "First part\n\n“second alliance,");
    }

    #[test]
    fn german_french_and_other_marks() {
        check(&[
            "Er sprach von einer „[Allianz|D]“ mit Moskau, einer „[Allianz|D]” und einer »[Allianz|D]«.",
            "Il parle d'une «[alliance|D]» avec Moscou, d'une « [alliance|D] » et d'une ‹[alliance|D]›.",
            "Er sagte: „Die [Allianz|Q] dieser Länder ist eine Gefahr für alle in Europa“, und ging.",
            "一个「[alliance|D]」",
        ]);
    }

    #[test]
    fn apostrophes_never_open_quotes() {
        let t = "Xi's alliance with the countries' partnership and Putin’s bloc, don't mind the ’90s rock’n’roll alliance.";
        let an = StanceAnalyzer::new(&StanceRules::default());
        let a = an.analyze(t, &blank_line_paragraphs(t));
        for (w, n) in [
            ("alliance", 0),
            ("partnership", 0),
            ("bloc", 0),
            ("alliance", 1),
        ] {
            assert_eq!(
                (a.quotation(find(t, w, n)), a.stance(find(t, w, n))),
                (None, Asserted),
                "{w}"
            );
        }
        assert_eq!(a.quotations().count(), 0);
        check(&["the countries’ ‘[alliance|D]’ is new"]);
    }

    #[test]
    fn sentence_splitting() {
        let cases = [
            "The U.S. and Dr. Smith met on Jan. 5.|The alliance grew 3.5 percent.",
            "J. R. Smith said so.|Then he left.",
            "He said “stop.”|Then left.",
            "He said \"stop.\"|Then left.",
            "Why?|Because!|Fine…|Yes (really.)|Ok",
            "Apples, pears, etc. are fruit, e.g. this.|Vs. that",
            "It was No. 5 in May.|Then more",
            "“We came. We saw,” he said.|Done",
        ];
        for want in cases {
            assert_eq!(sentences(&want.replace('|', " ")), want);
        }
        assert_eq!(sentences("  One\n\n  Two.  Three  \n"), "One|Two.|Three");
        for glued in [
            "It grew in Russia.The US agreed.Yury Petrov spoke.",
            "The U.S.A.Then e.g.This ASP.NET and No.Five.",
            "“Still in Russia.The quote,” he said.",
        ] {
            let want = match glued.find(".The US") {
                Some(k) => format!(
                    "{}|{}|{}",
                    &glued[..k + 1],
                    "The US agreed.",
                    "Yury Petrov spoke."
                ),
                None => glued.to_string(),
            };
            assert_eq!(sentences(glued), want, "{glued}");
        }
        let an = StanceAnalyzer::new(&StanceRules::default());
        let a = an.analyze("First one. Second one.", &[]);
        assert_eq!(
            (a.sentence(12), a.sentence(0), a.sentence(10)),
            (11..22, 0..10, 0..10)
        );
        assert_eq!(an.analyze("", &[]).sentence(5), 0..0);
    }

    /// The examples of docs/method.md's "Stance rules", so that text cannot drift from the code.
    #[test]
    fn readme_examples() {
        check(&[
            "The ministers are not building a new [pact|N]. A policy of non-[interference|N].",
            "trade, not [alliance|N]; not only [cooperation|A]",
            "the so-called northern [alliance|D]; critics call it a “[partnership|D]”",
            "“Our [partnership|Q] has never been closer,” the minister said.",
            "The drill sealed their [alliance|A].",
            // Read by `crate::negation` when scoring, not by these rules:
            "the [pact|A] was never signed; they would never even consider joining a so-called [bloc|D]",
            "they did not say the [alliance|N] grew. It is hardly an [alliance|N].",
            "the envoy praised the “[friendly|D] atmosphere”",
            "we do not, however, seek an [alliance|A]",
        ]);
    }

    #[test]
    fn analyzer_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<StanceAnalyzer>();
        assert_send_sync::<ArticleStance<'static>>();
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)]
    fn nasty_inputs_never_panic() {
        let mut inputs: Vec<String> = [
            "",
            "\"",
            "'",
            "“”",
            "”“",
            "«««»»» « »",
            "»",
            "„",
            "‚‘",
            "''''''''",
            "\"\"\"\"\"",
            "—",
            "- - -",
            "á̈̈̈ allïance",
            "التحالف «alliance» ليس non-",
            "ה״ברית״ non‑",
            "...",
            ". . .",
            "U.S.",
            "n't",
            "non-",
            "«alliance\n\n«still\n\n«more",
            "\u{200D}\u{FE0F}‘’‘’",
            "𝔞𝔩𝔩𝔦𝔞𝔫𝔠𝔢 “𝔞”",
            "\r\n\r\n\t",
        ]
        .map(String::from)
        .to_vec();
        inputs.push("“".repeat(10_000) + &"”".repeat(10_000) + " alliance");
        inputs.push("«".repeat(5000) + "alliance" + &"'".repeat(5000));
        // A pseudo-random soup of tricky chars.
        let soup: Vec<char> = "ab n't not .!?…;:–—-\"'“”„‘’‚«»‹›「」 \n\u{301}é9,"
            .chars()
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let len = (x % 120) as usize;
            let mut next = || {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                soup[(x >> 33) as usize % soup.len()]
            };
            inputs.push((0..len).map(|_| next()).collect());
        }
        let an = StanceAnalyzer::new(&StanceRules {
            negation_window: 1000,
            ..StanceRules::default()
        });
        for text in &inputs {
            let n = text.len();
            for paras in [
                blank_line_paragraphs(text),
                vec![],
                vec![n + 5..1, 3..2, 1..n + 9, 2..3],
            ] {
                let a = an.analyze(text, &paras);
                let mut last = 0;
                for s in a.sentences() {
                    assert!(
                        s.start >= last && s.start < s.end && s.end <= n,
                        "{text:?} {s:?}"
                    );
                    assert!(!text[s.clone()].trim().is_empty());
                    last = s.end;
                }
                for i in (0..=n + 2).step_by(1 + n / 300) {
                    for j in [i, i + 1, i + 3, n + 1] {
                        let _ = (a.stance(i..j), a.stance(j..i), a.sentence(i));
                        if let Some(q) = a.quotation(i..j) {
                            assert!(
                                q.end <= n
                                    && text.is_char_boundary(q.start)
                                    && text.is_char_boundary(q.end)
                            );
                        }
                    }
                }
            }
        }
    }
}
