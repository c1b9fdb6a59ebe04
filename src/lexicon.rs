//! Terms -> one compiled matcher for every frame, exclusion and actor.
//!
//! A term is a word or a phrase of words. It is folded exactly like article text
//! ([`crate::text::fold`]) and split into tokens, and all terms go into one trie keyed by
//! token, so one pass over an article's tokens finds every term of every owner. Matching on
//! tokens gives the term rules of docs/guide.md for free: whole words only; a phrase continues across
//! any run of spaces, line breaks or hyphens; a hyphenated word is matched by its parts
//! ("non-interference" holds `interference`); a trailing `*` is a stem that matches any token
//! starting with it. Where a term holds other punctuation between its words ("U.S"), the text
//! must hold exactly that punctuation there.
//!
//! Overlaps are resolved per owner (one frame, one actor): leftmost-longest, so a word counts
//! for at most one term of a frame, while two frames may both claim it. A frame's `exclude`
//! phrases remove the frame's matches that lie inside them.
//!
//! The same pass flags the stance pass's cue tokens ([`Lexicon::add_cue_token`]), so that
//! most mentions need no look at the words before them ([`crate::stance`]).

use crate::bytes::load8;
use crate::text::{fold, fold_with, is_phrase_gap, Folded, Token};
use rustc_hash::FxHashMap;

/// Who a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// The frame with this index in the config.
    Frame(u16),
    /// An `exclude` phrase of the frame with this index.
    Exclude(u16),
    /// The actor with this index in the config.
    Actor(u16),
}

/// A term as written in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSpec {
    pub text: String,
    pub case_sensitive: bool,
}

impl TermSpec {
    pub fn new(text: impl Into<String>) -> Self {
        TermSpec {
            text: text.into(),
            case_sensitive: false,
        }
    }
}

/// A term split into what the matcher needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedTerm {
    /// Folded tokens, lower-cased.
    pub tokens: Vec<String>,
    /// Folded tokens with case kept (compared when the term is case-sensitive).
    pub cased_tokens: Vec<String>,
    /// For each gap between tokens: `None` when it is spaces/hyphens (flexible), or the exact
    /// punctuation the text must hold there.
    pub gaps: Vec<Option<String>>,
    /// The last token is a stem (`interfer*`).
    pub stem: bool,
}

/// Parses one term; the error says what is wrong in words a config author can act on.
pub fn parse_term(spec: &TermSpec) -> Result<ParsedTerm, String> {
    let raw = spec.text.trim();
    if raw.is_empty() {
        return Err("the term is empty: write a word or a phrase, or remove it".into());
    }
    let (body, stem) = match raw.strip_suffix('*') {
        Some(b) => (b, true),
        None => (raw, false),
    };
    if body.contains('*') {
        return Err(format!(
            "`{raw}`: `*` may only end a term (a stem such as `interfer*`)"
        ));
    }
    let lower = fold(body);
    let cased = fold_with(body, true);
    let toks = crate::text::tokens(&lower.text);
    let ctoks = crate::text::tokens(&cased.text);
    if toks.is_empty() || toks.len() != ctoks.len() {
        return Err(format!("`{raw}` has no letters or digits to match"));
    }
    if stem && !lower.text.ends_with(|c: char| crate::text::is_word_char(c)) {
        return Err(format!(
            "`{raw}`: a stem must end in a letter or digit before its `*`"
        ));
    }
    let gaps = toks
        .windows(2)
        .map(|w| {
            let g = &lower.text[w[0].end..w[1].start];
            if is_phrase_gap(g) {
                None
            } else {
                Some(g.to_string())
            }
        })
        .collect();
    Ok(ParsedTerm {
        tokens: toks
            .iter()
            .map(|t| lower.text[t.start..t.end].to_string())
            .collect(),
        cased_tokens: ctoks
            .iter()
            .map(|t| cased.text[t.start..t.end].to_string())
            .collect(),
        gaps,
        stem,
    })
}

#[derive(Debug, Default)]
struct Node {
    /// Next token after a flexible gap (or the first token, at the root).
    children: FxHashMap<Box<str>, u32>,
    /// Next token after an exact punctuation gap: keyed by the token, then the gap (there are
    /// few), so that a lookup needs no key to be built.
    exact_children: FxHashMap<Box<str>, Vec<(Box<str>, u32)>>,
    /// Stems that end a term here, with the node each leads to. A token is checked against
    /// each by a prefix compare: there are few per node, and at the root, where there are
    /// many, [`Lexicon::root_stems`] narrows them to those of the token's first byte. (One
    /// hash lookup per stem length, as before, cost more than the compares.) Each stem after
    /// the first token keeps the gap it needs before it, as an exact child does: `None` for
    /// spaces, line breaks or hyphens, or the exact punctuation.
    stems: Vec<(Box<str>, Option<Box<str>>, u32)>,
    /// Patterns that end at this node.
    terminals: Vec<u32>,
}

/// One compiled term.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub owner: Owner,
    /// Index of the term in its owner's list (in the config order).
    pub term_index: usize,
    pub spec: TermSpec,
    pub parsed: ParsedTerm,
}

/// A match of a pattern: folded-text byte range and token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub pattern: u32,
    pub owner: Owner,
    /// First and one-past-last token index.
    pub first_token: usize,
    pub end_token: usize,
    /// Byte range in the folded text.
    pub start: usize,
    pub end: usize,
}

/// All terms of a config, compiled.
#[derive(Debug, Default)]
pub struct Lexicon {
    nodes: Vec<Node>,
    patterns: Vec<Pattern>,
    /// The filter in front of the root's lookups ([`FirstFilter`]).
    filter: FirstFilter,
    /// The root's stems by their first byte (256 lists).
    root_stems: Vec<Vec<(Box<str>, u32)>>,
    /// Per node, what a match that reaches it needs ([`NodeInfo`]), in a dense table.
    info: Vec<NodeInfo>,
    /// Every `children` edge whose token is at most 16 bytes, in one table that a token is
    /// looked up in without hashing or comparing strings ([`EdgeTable`]).
    edges: EdgeTable,
}

/// The trie's flexible-gap edges keyed by (node, token) for tokens of at most 16 bytes: the
/// token is packed into two `u64`s, hashed with one multiply and compared as integers, in
/// open addressing with linear probing. Every token of an article that passes the first-byte
/// filters is looked up at the root, and most of them are in no term, so a lookup that
/// settles a miss in a few instructions is what makes matching cheap. Longer tokens use the
/// node's `children` map, which holds every edge.
#[derive(Debug, Default)]
struct EdgeTable {
    slots: Vec<EdgeSlot>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct EdgeSlot {
    lo: u64,
    hi: u64,
    from: u32,
    /// Token length; 0 marks an empty slot (tokens are never empty).
    len: u32,
    to: u32,
}

const EMPTY_SLOT: EdgeSlot = EdgeSlot {
    lo: 0,
    hi: 0,
    from: 0,
    len: 0,
    to: 0,
};

/// The longest token an [`EdgeTable`] holds.
const EDGE_MAX: usize = 16;

/// A token of at most [`EDGE_MAX`] bytes as two little-endian words, zero-padded.
#[inline]
fn pack(tok: &[u8]) -> (u64, u64) {
    let mut buf = [0u8; EDGE_MAX];
    buf[..tok.len()].copy_from_slice(tok);
    let (a, b) = buf.split_at(8);
    (
        u64::from_le_bytes(a.try_into().unwrap_or([0; 8])),
        u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
    )
}

/// The bytes of a token of `len` bytes (1 to 16) in each word of [`pack`]'s pair.
static PACK_MASKS: [(u64, u64); EDGE_MAX + 1] = {
    let mut t = [(0u64, 0u64); EDGE_MAX + 1];
    let mut len = 1;
    while len <= EDGE_MAX {
        let lo = if len >= 8 { 8 } else { len };
        t[len].0 = u64::MAX >> (8 * (8 - lo));
        if len > 8 {
            t[len].1 = u64::MAX >> (8 * (16 - len));
        }
        len += 1;
    }
    t
};

/// [`pack`] of the token `text[start..start + len]` (`len` 1 to 16), read straight from the
/// text when 16 bytes are there to read, with the bytes past the token masked off.
#[inline(always)]
fn pack_at(text: &[u8], start: usize, len: usize) -> (u64, u64) {
    match text.get(start..start + EDGE_MAX) {
        Some(w) => {
            let (a, b) = w.split_at(8);
            let (ml, mh) = PACK_MASKS[len];
            (
                u64::from_le_bytes(a.try_into().unwrap_or([0; 8])) & ml,
                u64::from_le_bytes(b.try_into().unwrap_or([0; 8])) & mh,
            )
        }
        None => pack(&text[start..start + len]),
    }
}

impl EdgeTable {
    #[inline]
    fn slot_of(&self, from: u32, lo: u64, hi: u64, len: usize) -> usize {
        let h = (lo ^ hi.rotate_left(29) ^ (u64::from(from) << 40) ^ len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The table's size is a power of two; the high bits of the product mix best.
        (h >> 32) as usize & (self.slots.len() - 1)
    }

    fn insert(&mut self, from: u32, tok: &[u8], to: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![EMPTY_SLOT; (old.len() * 2).max(64)];
            self.len = 0;
            for e in old.into_iter().filter(|e| e.len != 0) {
                self.place(e);
            }
        }
        let (lo, hi) = pack(tok);
        self.place(EdgeSlot {
            lo,
            hi,
            from,
            len: tok.len() as u32,
            to,
        });
    }

    fn place(&mut self, e: EdgeSlot) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(e.from, e.lo, e.hi, e.len as usize);
        while self.slots[i].len != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = e;
        self.len += 1;
    }

    /// The node that `tok` (1 to [`EDGE_MAX`] bytes) leads to from node `from`.
    #[cfg(test)]
    fn get(&self, from: u32, tok: &[u8]) -> Option<u32> {
        self.get_at(from, tok, 0, tok.len())
    }

    /// [`get`](Self::get) of the token `text[start..start + len]`.
    #[inline(always)]
    fn get_at(&self, from: u32, text: &[u8], start: usize, len: usize) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let (lo, hi) = pack_at(text, start, len);
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(from, lo, hi, len);
        let len = len as u32;
        loop {
            let e = &self.slots[i];
            if e.len == 0 {
                return None;
            }
            if e.lo == lo && e.hi == hi && e.len == len && e.from == from {
                return Some(e.to);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The filter in front of the root's lookups, which settles most tokens of a text with one
/// read of a small table. Every token of an article goes through it and most of them ("said",
/// "on") start no term, so it is made to fit in L1 cache, and is read without a branch on
/// the token.
///
/// A token is keyed by its first [`key_len`](Self::key_len) bytes, or all of them when it is
/// shorter, read as one little-endian word; `key_len` is the length of the shortest stem at
/// the root (at most 8), so a token that starts with a stem has the stem's key. The key's
/// hash (one multiply) picks an entry of the table, which holds three bits for each token
/// length (bits `3 × len` to `3 × len + 2`; 15 stands for 15 bytes and more): whether a whole
/// first token with that key has the length, whether a stem with that key admits it, and
/// whether a cue token of the stance pass with that key has it ([`Lexicon::add_cue_token`]),
/// so that the one pass over the tokens also flags every token that may be the cue word of a
/// negator or distancer. The three bits of a token's length are the filter's answer, as they
/// stand ([`MAY_BE_CHILD`], [`MAY_BE_STEM`], [`MAY_BE_CUE`]); a token passes when any is set.
/// A false pass, where keys share an entry, costs only the lookup the filter was there to
/// save.
#[derive(Debug)]
struct FirstFilter {
    key_len: usize,
    /// 64 minus log2 of the table's size (the high bits of the product mix best).
    shift: u32,
    table: Vec<u64>,
    /// Each key held, to rebuild the table from when it grows or `key_len` shrinks.
    keys: Vec<(Box<[u8]>, Key)>,
}

/// What a [`FirstFilter`] key is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Key {
    /// The first token of a term.
    #[default]
    Whole,
    /// A stem at the root.
    Stem,
    /// A token the stance pass asks for ([`Lexicon::add_cue_token`]).
    Cue,
}

/// Table entries per key of a [`FirstFilter`]: few enough that the table of a few hundred
/// terms fits in L1 cache beside the text, enough that a token rarely shares an entry.
const FILTER_SLOTS_PER_KEY: usize = 8;
const FILTER_MIN_SLOTS: usize = 64;

/// What [`FirstFilter::check`] says about a token: it may be a whole first token, it may
/// start with a root stem, it may be a cue token (any of them may hold).
const MAY_BE_CHILD: usize = 1;
const MAY_BE_STEM: usize = 2;
const MAY_BE_CUE: usize = 4;
/// Bits of [`FirstFilter::check`]'s answer.
const MAY_BITS: u32 = 3;

impl Default for FirstFilter {
    fn default() -> Self {
        FirstFilter {
            key_len: 8,
            shift: 64 - FILTER_MIN_SLOTS.trailing_zeros(),
            table: vec![0; FILTER_MIN_SLOTS],
            keys: Vec::new(),
        }
    }
}

impl FirstFilter {
    /// Adds a first token, root stem or cue token that is not held yet as that kind.
    fn add(&mut self, tok: &[u8], kind: Key) {
        self.keys.push((tok.into(), kind));
        if (kind == Key::Stem && tok.len() < self.key_len)
            || self.keys.len() * FILTER_SLOTS_PER_KEY > self.table.len()
        {
            self.rebuild();
        } else {
            self.set(tok, kind);
        }
    }

    fn rebuild(&mut self) {
        self.key_len = self
            .keys
            .iter()
            .filter(|(_, kind)| *kind == Key::Stem)
            .map(|(t, _)| t.len())
            .fold(8, usize::min);
        let size = (self.keys.len() * FILTER_SLOTS_PER_KEY)
            .next_power_of_two()
            .max(FILTER_MIN_SLOTS);
        self.shift = 64 - size.trailing_zeros();
        self.table.clear();
        self.table.resize(size, 0);
        for k in 0..self.keys.len() {
            let (tok, kind) = std::mem::take(&mut self.keys[k]);
            self.set(&tok, kind);
            self.keys[k] = (tok, kind);
        }
    }

    fn set(&mut self, tok: &[u8], kind: Key) {
        let slot = self.slot(load8(tok, 0), tok.len());
        // Length 15 stands for 15 bytes and more.
        let l = tok.len().min(15);
        self.table[slot] |= match kind {
            Key::Whole => (MAY_BE_CHILD as u64) << (3 * l),
            // A token of the stem's length or longer may start with it.
            Key::Stem => (l..16).map(|k| (MAY_BE_STEM as u64) << (3 * k)).sum(),
            Key::Cue => (MAY_BE_CUE as u64) << (3 * l),
        };
    }

    /// The entry of a token of `len` bytes whose first bytes are `word` (as [`load8`] reads
    /// them; bytes past the key are ignored).
    #[inline(always)]
    fn slot(&self, word: u64, len: usize) -> usize {
        let key = word & (u64::MAX >> (64 - 8 * len.min(self.key_len)));
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize & (self.table.len() - 1)
    }

    /// [`MAY_BE_CHILD`], [`MAY_BE_STEM`] and [`MAY_BE_CUE`] for the token
    /// `text[start..start + len]`.
    #[inline(always)]
    fn check(&self, text: &[u8], start: usize, len: usize) -> usize {
        let e = self.table[self.slot(load8(text, start), len)];
        ((e >> (3 * len.min(15))) & 7) as usize
    }
}

/// What a match that reaches a node needs to know about it, kept apart from the node: a
/// match step reads this and the edge table and nothing else in the common case (a node
/// where one term ends, or that leads on by flexible gaps), and these are small and dense,
/// so they stay in cache between articles where the nodes and patterns would not.
#[derive(Debug, Clone, Copy)]
struct NodeInfo {
    /// What the node has: [`TERMINAL`], [`CHILDREN`] and the other bits.
    flags: u8,
    /// The first pattern that ends at the node, and its owner (with [`TERMINAL`]).
    pattern: u32,
    owner: Owner,
}

const EMPTY_INFO: NodeInfo = NodeInfo {
    flags: 0,
    pattern: 0,
    owner: Owner::Frame(0),
};

/// [`NodeInfo::flags`]: patterns end at the node.
const TERMINAL: u8 = 1;
/// More than one pattern ends at the node, or one that is case-sensitive: the node's
/// `terminals` must be read.
const TERMINALS_SLOW: u8 = 2;
/// The node has edges across flexible gaps (`children`).
const CHILDREN: u8 = 4;
/// The node has edges across exact gaps (`exact_children`).
const EXACT: u8 = 8;
/// Stems end terms at the node (`stems`).
const STEMS: u8 = 16;
/// The node leads on to a next token somehow.
const GOES_ON: u8 = CHILDREN | EXACT | STEMS;

/// Reusable buffers for [`Lexicon::find`], so scoring an article allocates nothing new.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The tokens that pass [`FirstFilter`]: index << [`MAY_BITS`] | what the filter said.
    passed: Vec<usize>,
    /// Where each token that may be a cue token starts, in the folded text, in order.
    cue_starts: Vec<usize>,
    candidates: Vec<Match>,
    /// Per frame and actor, where its next match may start ([`resolve`]).
    next_free: Vec<usize>,
    /// (frame, first token, end token) of each exclusion match.
    exclusions: Vec<(u16, usize, usize)>,
}

impl Scratch {
    /// After [`Lexicon::find`]: where each token that may be a cue token
    /// ([`Lexicon::add_cue_token`]) starts in the folded text, in text order.
    pub fn cue_starts(&self) -> &[usize] {
        &self.cue_starts
    }

    /// [`cue_starts`](Self::cue_starts) as offsets of the text `folded` was made from: what
    /// [`crate::stance::StanceAnalyzer::analyze_with`] takes as its cue hits.
    pub fn cue_offsets<'a>(&'a self, folded: &'a Folded) -> impl Iterator<Item = usize> + 'a {
        let mut near = 0;
        self.cue_starts
            .iter()
            .map(move |&s| folded.source_offset_near(&mut near, s))
    }
}

impl Lexicon {
    pub fn new() -> Self {
        Lexicon {
            nodes: vec![Node::default()],
            patterns: Vec::new(),
            filter: FirstFilter::default(),
            root_stems: vec![Vec::new(); 256],
            info: vec![EMPTY_INFO],
            edges: EdgeTable::default(),
        }
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Adds one term. Errors name what is wrong with the term.
    pub fn add(&mut self, owner: Owner, term_index: usize, spec: &TermSpec) -> Result<(), String> {
        self.add_stemmed(owner, term_index, spec, |_| None)
    }

    /// Adds one term whose words are matched by their stems: `stem` gives the stem of a
    /// folded word of the term (a word then matches any word that starts with it, as a `*`
    /// stem does, wherever it stands in a phrase), or `None` to match the word as written.
    /// A case-sensitive term is never stemmed.
    pub fn add_stemmed(
        &mut self,
        owner: Owner,
        term_index: usize,
        spec: &TermSpec,
        stem: impl Fn(&str) -> Option<String>,
    ) -> Result<(), String> {
        let mut parsed = parse_term(spec)?;
        let stemmed = Lexicon::stem_words(&mut parsed, spec.case_sensitive, stem);
        let id = self.patterns.len() as u32;
        let last = parsed.tokens.len() - 1;
        let mut node = 0usize;
        for (i, tok) in parsed.tokens.iter().enumerate() {
            let is_stem = (parsed.stem && i == last) || stemmed[i];
            let gap = if i == 0 {
                None
            } else {
                parsed.gaps[i - 1].as_deref()
            };
            node = self.step(node, tok, is_stem, gap);
        }
        self.end_pattern(node, id, owner, spec.case_sensitive);
        self.patterns.push(Pattern {
            owner,
            term_index,
            spec: spec.clone(),
            parsed,
        });
        Ok(())
    }

    /// Replaces each word of `parsed` that `stem` gives a stem for by that stem, but the
    /// last word of a `*` term (a stem already) and every word of a case-sensitive term;
    /// says, word by word, which were replaced.
    fn stem_words(
        parsed: &mut ParsedTerm,
        case_sensitive: bool,
        stem: impl Fn(&str) -> Option<String>,
    ) -> Vec<bool> {
        let last = parsed.tokens.len() - 1;
        let mut stemmed = vec![false; parsed.tokens.len()];
        if case_sensitive {
            return stemmed;
        }
        for (i, tok) in parsed.tokens.iter_mut().enumerate() {
            if parsed.stem && i == last {
                continue;
            }
            if let Some(s) = stem(tok) {
                *tok = s;
                stemmed[i] = true;
            }
        }
        stemmed
    }

    /// Follows the edge from `node` for the next token of a term, `tok` (a stem when
    /// `is_stem`) after `gap` (`None` for spaces, line breaks or hyphens, or the exact
    /// punctuation), adding the edge and the node it leads to when the trie has none yet;
    /// returns that node.
    fn step(&mut self, node: usize, tok: &str, is_stem: bool, gap: Option<&str>) -> usize {
        let next_id = self.nodes.len() as u32;
        let (entry, kind) = if is_stem {
            (self.stem_edge(node, tok, gap, next_id), STEMS)
        } else if let Some(g) = gap {
            (self.exact_edge(node, tok, g, next_id), EXACT)
        } else {
            (self.word_edge(node, tok, next_id), CHILDREN)
        };
        self.info[node].flags |= kind;
        if entry == next_id {
            self.nodes.push(Node::default());
            self.info.push(EMPTY_INFO);
        }
        entry as usize
    }

    /// Where the stem `tok` after `gap` leads from `node`: its edge's node, or `next_id` for
    /// a new edge. A new stem at the root is also listed under its first byte
    /// ([`Lexicon::root_stems`]) and let through the first-token filter.
    fn stem_edge(&mut self, node: usize, tok: &str, gap: Option<&str>, next_id: u32) -> u32 {
        let gap: Option<Box<str>> = gap.map(Into::into);
        let n = &mut self.nodes[node];
        if let Some(&(_, _, id)) = n.stems.iter().find(|(s, g, _)| **s == *tok && *g == gap) {
            return id;
        }
        n.stems.push((tok.into(), gap, next_id));
        if node == 0 {
            self.root_stems[usize::from(tok.as_bytes()[0])].push((tok.into(), next_id));
            self.filter.add(tok.as_bytes(), Key::Stem);
        }
        next_id
    }

    /// Where the word `tok` after the exact punctuation `gap` leads from `node`: its edge's
    /// node, or `next_id` for a new edge.
    fn exact_edge(&mut self, node: usize, tok: &str, gap: &str, next_id: u32) -> u32 {
        let list = self.nodes[node]
            .exact_children
            .entry(tok.into())
            .or_default();
        match list.iter().find(|(g, _)| **g == *gap) {
            Some(&(_, id)) => id,
            None => {
                list.push((gap.into(), next_id));
                next_id
            }
        }
    }

    /// Where the word `tok` after spaces, line breaks or hyphens leads from `node`: its
    /// edge's node, or `next_id` for a new edge. A new edge of a short word is also entered
    /// in the edge table, and a new word at the root let through the first-token filter.
    fn word_edge(&mut self, node: usize, tok: &str, next_id: u32) -> u32 {
        let to = *self.nodes[node]
            .children
            .entry(tok.into())
            .or_insert(next_id);
        if to == next_id && tok.len() <= EDGE_MAX {
            self.edges.insert(node as u32, tok.as_bytes(), to);
        }
        if to == next_id && node == 0 {
            self.filter.add(tok.as_bytes(), Key::Whole);
        }
        to
    }

    /// Makes `node` an end of pattern `id` of `owner`. The node's first pattern is kept in
    /// its info; a second one, or a case-sensitive one, means the node's patterns must be
    /// read one by one.
    fn end_pattern(&mut self, node: usize, id: u32, owner: Owner, case_sensitive: bool) {
        self.nodes[node].terminals.push(id);
        let info = &mut self.info[node];
        if info.flags & TERMINAL != 0 || case_sensitive {
            info.flags |= TERMINALS_SLOW;
        }
        if info.flags & TERMINAL == 0 {
            info.flags |= TERMINAL;
            info.pattern = id;
            info.owner = owner;
        }
    }

    /// Finds the matches of every owner in `folded` (whose tokens are `toks`), resolved:
    /// leftmost-longest per owner, frame matches inside an exclusion of their frame removed.
    /// `source` is the text `folded` was made from (read for case-sensitive terms).
    /// Exclusion matches are returned too (owner `Exclude`), so callers can audit them.
    pub fn find(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        let Scratch {
            passed,
            cue_starts,
            candidates: cands,
            next_free,
            exclusions: excl,
        } = scratch;
        self.candidates(source, folded, toks, passed, cue_starts, cands);
        resolve(cands, next_free, excl, out);
    }

    /// Flags `token` (lower case ASCII letters and digits) for the stance pass: after
    /// [`find`](Self::find), [`Scratch::cue_starts`] holds where every token of the text
    /// that may equal it starts (a superset: a few other tokens are flagged too).
    pub fn add_cue_token(&mut self, token: &str) {
        let t = token.as_bytes();
        assert!(
            !t.is_empty()
                && t.iter()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "a cue token is lower case ASCII letters and digits: {token:?}"
        );
        let held = |(k, kind): &(Box<[u8]>, Key)| **k == *t && *kind == Key::Cue;
        if !self.filter.keys.iter().any(held) {
            self.filter.add(t, Key::Cue);
        }
    }

    /// Every match of every pattern in the text, unresolved: grouped by first token, the groups
    /// in token order ([`resolve`] relies on it).
    fn candidates(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        passed: &mut Vec<usize>,
        cue_starts: &mut Vec<usize>,
        cands: &mut Vec<Match>,
    ) {
        cands.clear();
        cue_starts.clear();
        let text = folded.text.as_str();
        let bytes = text.as_bytes();
        // First every token goes through the filter, and the few that pass are noted: a
        // write for every token, kept only when it passed, so that this loop holds no branch
        // on the text that the processor could guess wrong.
        if passed.len() < toks.len() {
            passed.resize(toks.len(), 0);
        }
        let mut n = 0;
        for (i, t) in toks.iter().enumerate() {
            let may = self.filter.check(bytes, t.start, t.end - t.start);
            passed[n] = i << MAY_BITS | may;
            n += usize::from(may != 0);
        }
        for &p in &passed[..n] {
            let first = p >> MAY_BITS;
            let t = toks[first];
            if p & MAY_BE_CUE != 0 {
                cue_starts.push(t.start);
            }
            // The root step of [`walk`](Self::walk), done here: many tokens that pass the
            // filter start no term, and settling them without a call is much cheaper.
            if p & MAY_BE_CHILD != 0 {
                if let Some(next) = self.child(0, text, t) {
                    self.reached(source, folded, toks, first, first, next as usize, cands);
                }
            }
            if p & MAY_BE_STEM != 0 {
                let tok = &bytes[t.start..t.end];
                // A stem is whole characters, so a token that starts with its bytes starts
                // with it.
                for (s, next) in &self.root_stems[usize::from(tok[0])] {
                    if tok.starts_with(s.as_bytes()) {
                        // A stemmed phrase goes on after its first word.
                        self.reached(source, folded, toks, first, first, *next as usize, cands);
                    }
                }
            }
        }
    }

    /// Token `at` took the match that started at token `first` to `node`: records the
    /// patterns that end there and goes on to the next token where the node leads on. The
    /// node's [`NodeInfo`] answers both questions for most nodes (a one-word term's) without a
    /// call.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn reached(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        first: usize,
        at: usize,
        node: usize,
        out: &mut Vec<Match>,
    ) {
        self.emit(source, folded, toks, first, at, node, out);
        if self.info[node].flags & GOES_ON != 0 && at + 1 < toks.len() {
            self.walk(source, folded, toks, first, at + 1, node, out);
        }
    }

    /// Follows the match that started at token `first` from `node` (not the root) on to
    /// token `at`, across the gap before it.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        first: usize,
        at: usize,
        node: usize,
        out: &mut Vec<Match>,
    ) {
        let text = folded.text.as_str();
        let flags = self.info[node].flags;
        let tok = toks[at];
        let gap = &text[toks[at - 1].end..tok.start];
        if flags & CHILDREN != 0 && is_phrase_gap(gap) {
            if let Some(next) = self.child(node, text, tok) {
                self.reached(source, folded, toks, first, at, next as usize, out);
            }
        }
        if flags & EXACT != 0 {
            let word = &text[tok.start..tok.end];
            let next = self.nodes[node]
                .exact_children
                .get(word)
                .and_then(|l| l.iter().find(|(g, _)| **g == *gap))
                .map(|&(_, id)| id);
            if let Some(next) = next {
                self.reached(source, folded, toks, first, at, next as usize, out);
            }
        }
        if flags & STEMS != 0 {
            // A stem is whole characters, so a token that starts with its bytes starts with
            // it. Like a whole word, it must stand across the gap its term has there: a
            // phrase's stem does not match across a full stop or a comma.
            let word = &text.as_bytes()[tok.start..tok.end];
            let flexible = is_phrase_gap(gap);
            for (stem, want, next) in &self.nodes[node].stems {
                let gap_ok = match want {
                    None => flexible,
                    Some(g) => **g == *gap,
                };
                if gap_ok && word.starts_with(stem.as_bytes()) {
                    self.reached(source, folded, toks, first, at, *next as usize, out);
                }
            }
        }
    }

    /// The node that `word` leads to from `node` across a flexible gap.
    #[inline(always)]
    fn child(&self, node: usize, text: &str, tok: Token) -> Option<u32> {
        let len = tok.end - tok.start;
        if len <= EDGE_MAX {
            self.edges
                .get_at(node as u32, text.as_bytes(), tok.start, len)
        } else {
            self.nodes[node]
                .children
                .get(&text[tok.start..tok.end])
                .copied()
        }
    }

    /// Records the patterns that end at `node`, for the tokens `first..=last`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        first: usize,
        last: usize,
        node: usize,
        out: &mut Vec<Match>,
    ) {
        let info = self.info[node];
        if info.flags & TERMINALS_SLOW != 0 {
            self.emit_slow(source, folded, toks, first, last, node, out);
        } else if info.flags & TERMINAL != 0 {
            out.push(Match {
                pattern: info.pattern,
                owner: info.owner,
                first_token: first,
                end_token: last + 1,
                start: toks[first].start,
                end: toks[last].end,
            });
        }
    }

    /// [`emit`](Self::emit) for a node where several patterns end, or a case-sensitive one.
    #[allow(clippy::too_many_arguments)]
    fn emit_slow(
        &self,
        source: &str,
        folded: &Folded,
        toks: &[Token],
        first: usize,
        last: usize,
        node: usize,
        out: &mut Vec<Match>,
    ) {
        for &p in &self.nodes[node].terminals {
            let pat = &self.patterns[p as usize];
            if pat.spec.case_sensitive && !cased_equal(source, folded, &toks[first..=last], pat) {
                continue;
            }
            out.push(Match {
                pattern: p,
                owner: pat.owner,
                first_token: first,
                end_token: last + 1,
                start: toks[first].start,
                end: toks[last].end,
            });
        }
    }
}

/// Resolves the candidate matches into `out`: leftmost-longest per owner, and frame matches
/// inside an exclusion of their frame removed; exclusion matches are kept. `out` is ordered by
/// (start, owner, end, pattern).
///
/// `cands` must come as [`Lexicon::candidates`] makes them: grouped by first token, the groups
/// in token order. Then the matches are resolved a group at a time, left to right, with one
/// "free from" token per owner, and come out in order, with no sort of the whole list.
fn resolve(
    cands: &mut [Match],
    next_free: &mut Vec<usize>,
    excl: &mut Vec<(u16, usize, usize)>,
    out: &mut Vec<Match>,
) {
    out.clear();
    // Per frame and actor (frame `f` at `2f`, actor `a` at `2a + 1`): the first token that a
    // match of that owner may start at, past the match it took last.
    next_free.clear();
    let mut i = 0;
    while i < cands.len() {
        let first = cands[i].first_token;
        let mut j = i + 1;
        while j < cands.len() && cands[j].first_token == first {
            j += 1;
        }
        debug_assert!(j == cands.len() || cands[j].first_token > first);
        let group = &mut cands[i..j];
        // Per owner, its longest match first; ties between equal spans go to the earlier term.
        if group.len() > 1 {
            group.sort_unstable_by(|a, b| {
                (a.owner, b.end_token, a.pattern).cmp(&(b.owner, a.end_token, b.pattern))
            });
        }
        let at = out.len();
        let mut k = 0;
        while k < group.len() {
            let m = group[k];
            k += 1;
            let slot = match m.owner {
                Owner::Exclude(_) => {
                    out.push(m);
                    continue;
                }
                Owner::Frame(f) => 2 * usize::from(f),
                Owner::Actor(a) => 2 * usize::from(a) + 1,
            };
            if slot >= next_free.len() {
                next_free.resize(slot + 1, 0);
            }
            if first >= next_free[slot] {
                out.push(m);
                next_free[slot] = m.end_token;
            }
            while k < group.len() && group[k].owner == m.owner {
                k += 1;
            }
        }
        // Every match of the group starts where the group does.
        if out.len() - at > 1 {
            out[at..].sort_unstable_by_key(|m| (m.owner, m.end, m.pattern));
        }
        i = j;
    }
    // Drop frame matches that an exclusion of the same frame covers.
    excl.clear();
    excl.extend(out.iter().filter_map(|m| match m.owner {
        Owner::Exclude(f) => Some((f, m.first_token, m.end_token)),
        _ => None,
    }));
    if !excl.is_empty() {
        out.retain(|m| match m.owner {
            Owner::Frame(f) => !excl
                .iter()
                .any(|&(ef, s, e)| ef == f && s <= m.first_token && m.end_token <= e),
            _ => true,
        });
    }
}

/// For a case-sensitive term, the source words must equal the term's words as written.
fn cased_equal(source: &str, folded: &Folded, toks: &[Token], pat: &Pattern) -> bool {
    toks.iter()
        .zip(&pat.parsed.cased_tokens)
        .enumerate()
        .all(|(i, (t, want))| {
            let s = folded.source_offset(t.start);
            let e = folded.source_offset(t.end);
            let is_stem = pat.parsed.stem && i + 1 == pat.parsed.cased_tokens.len();
            let word = &source[s..e];
            // Folding ASCII with its case kept leaves it as it is: no copy to make.
            let got = if word.is_ascii() {
                std::borrow::Cow::Borrowed(word)
            } else {
                std::borrow::Cow::Owned(fold_with(word, true).text)
            };
            if is_stem {
                got.starts_with(want.as_str())
            } else {
                *got == **want
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{is_word_char, tokens};

    fn lexicon(terms: &[(Owner, &str, bool)]) -> Lexicon {
        let mut lx = Lexicon::new();
        for (i, (owner, t, cs)) in terms.iter().enumerate() {
            lx.add(
                *owner,
                i,
                &TermSpec {
                    text: t.to_string(),
                    case_sensitive: *cs,
                },
            )
            .unwrap();
        }
        lx
    }

    /// The matched source text and the term, for each resolved match of a frame or actor.
    fn found(lx: &Lexicon, src: &str) -> Vec<(String, String)> {
        let f = fold(src);
        let toks = tokens(&f.text);
        let mut out = Vec::new();
        lx.find(src, &f, &toks, &mut Scratch::default(), &mut out);
        out.iter()
            .filter(|m| !matches!(m.owner, Owner::Exclude(_)))
            .map(|m| {
                let s = f.source_offset(m.start);
                let e = f.source_offset(m.end);
                (
                    src[s..e].to_string(),
                    lx.patterns()[m.pattern as usize].spec.text.clone(),
                )
            })
            .collect()
    }

    const F0: Owner = Owner::Frame(0);
    const F1: Owner = Owner::Frame(1);

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only_and_case_insensitive() {
        let lx = lexicon(&[(F0, "axis", false)]);
        assert_eq!(
            found(&lx, "An AXIS, the axis; taxis and axises."),
            pairs(&[("AXIS", "axis"), ("axis", "axis")])
        );
    }

    #[test]
    fn phrases_match_across_spaces_line_breaks_and_hyphens() {
        let lx = lexicon(&[(F0, "military bloc", false)]);
        assert_eq!(
            found(&lx, "a military\n  bloc, a military-bloc, a military. Bloc"),
            pairs(&[
                ("military\n  bloc", "military bloc"),
                ("military-bloc", "military bloc")
            ])
        );
    }

    #[test]
    fn stemmed_terms_match_other_forms_of_every_word_of_a_phrase() {
        let mut lx = Lexicon::new();
        // A stand-in stemmer: words of five letters or more lose their last two.
        let stem = |w: &str| (w.chars().count() >= 5).then(|| w[..w.len() - 2].to_string());
        for (i, t) in ["military alliance", "alliance", "axis"].iter().enumerate() {
            lx.add_stemmed(F0, i, &TermSpec::new(*t), stem).unwrap();
        }
        assert_eq!(
            found(&lx, "militaryish alliances; alliancy. the axis, not axes"),
            pairs(&[
                ("militaryish alliances", "military alliance"),
                ("alliancy", "alliance"),
                ("axis", "axis"),
            ])
        );
        // A phrase's stems need the phrase gap between them, as whole words do.
        assert_eq!(
            found(&lx, "military. alliance"),
            pairs(&[("alliance", "alliance")])
        );
    }

    #[test]
    fn stems_match_words_that_start_with_them() {
        let lx = lexicon(&[(F0, "interfer*", false), (F0, "pact*", false)]);
        assert_eq!(
            found(&lx, "Interference, interfering; pacts, a pact, impact"),
            pairs(&[
                ("Interference", "interfer*"),
                ("interfering", "interfer*"),
                ("pacts", "pact*"),
                ("pact", "pact*"),
            ])
        );
    }

    #[test]
    fn a_stem_ending_a_phrase_needs_the_phrase_gap_before_it() {
        // Spaces, line breaks and hyphens join a phrase; a full stop or a comma ends it, for
        // a stem as for a whole word. A gap written in the term (". ") must be there as is.
        let lx = lexicon(&[
            (F0, "western pressur*", false),
            (F1, "u.s. sanction*", false),
        ]);
        assert_eq!(
            found(
                &lx,
                "Western pressures, western-pressuring, western\npressure. The Western. \
                 Pressure, western, pressure. U.S. sanctions, U.S sanctions."
            ),
            pairs(&[
                ("Western pressures", "western pressur*"),
                ("western-pressuring", "western pressur*"),
                ("western\npressure", "western pressur*"),
                ("U.S. sanctions", "u.s. sanction*"),
            ])
        );
    }
    #[test]
    fn hyphenated_words_are_matched_by_their_parts() {
        let lx = lexicon(&[(F0, "interference", false), (F1, "american*", false)]);
        assert_eq!(
            found(&lx, "non-interference and anti-American talk"),
            pairs(&[("interference", "interference"), ("American", "american*")])
        );
    }

    #[test]
    fn longest_match_wins_and_a_word_counts_once_per_frame() {
        let lx = lexicon(&[
            (F0, "alliance", false),
            (F0, "military alliance", false),
            (F1, "military", false),
        ]);
        // Frame 0 takes the phrase once; frame 1 still sees its own word inside it.
        assert_eq!(
            found(&lx, "a military alliance"),
            pairs(&[
                ("military alliance", "military alliance"),
                ("military", "military")
            ])
        );
    }

    #[test]
    fn exclusions_remove_matches_inside_them() {
        let mut lx = lexicon(&[(F0, "alliance", false)]);
        lx.add(
            Owner::Exclude(0),
            0,
            &TermSpec::new("alliance of democracies"),
        )
        .unwrap();
        assert_eq!(
            found(&lx, "The Alliance of Democracies is no alliance."),
            pairs(&[("alliance", "alliance")])
        );
    }

    #[test]
    fn case_sensitive_terms_need_the_exact_case() {
        let lx = lexicon(&[(Owner::Actor(0), "US", true)]);
        assert_eq!(
            found(&lx, "The US told us; the U.S. and US-led"),
            pairs(&[("US", "US"), ("US", "US")])
        );
    }

    #[test]
    fn case_sensitive_terms_compare_folded_words() {
        // Non-ASCII words are folded (NFKC, invisible characters dropped) before the compare;
        // ASCII ones are compared as they are.
        let lx = lexicon(&[
            (Owner::Actor(0), "Café", true),
            (Owner::Actor(1), "NATO", true),
            (Owner::Actor(2), "Ber*", true),
        ]);
        assert_eq!(
            found(
                &lx,
                "Café, CAFÉ, café, Cafe\u{301}, Ca\u{ad}fé; NATO, Nato, ＮＡＴＯ; Berlin, BERLIN, Bér"
            ),
            pairs(&[
                ("Café", "Café"),
                ("Cafe\u{301}", "Café"),
                ("Ca\u{ad}fé", "Café"),
                ("NATO", "NATO"),
                ("ＮＡＴＯ", "NATO"),
                ("Berlin", "Ber*"),
            ])
        );
    }

    #[test]
    fn punctuation_inside_a_term_must_be_there_in_the_text() {
        let lx = lexicon(&[(Owner::Actor(0), "U.S.", true)]);
        assert_eq!(
            found(&lx, "The U.S. and the U S and US"),
            pairs(&[("U.S", "U.S.")])
        );
    }

    #[test]
    fn curly_apostrophes_and_possessives() {
        let lx = lexicon(&[(F0, "washington", false), (F1, "china's rise", false)]);
        assert_eq!(
            found(&lx, "Washington’s hints and China’s rise"),
            pairs(&[
                ("Washington", "washington"),
                ("China’s rise", "china's rise")
            ])
        );
    }

    #[test]
    fn non_ascii_text_maps_back_to_original_bytes() {
        let lx = lexicon(&[(F0, "entente", false)]);
        assert_eq!(
            found(&lx, "Die „Entente“ — l’entente cordiale"),
            pairs(&[("Entente", "entente"), ("entente", "entente")])
        );
    }

    #[test]
    fn edge_table_agrees_with_a_map() {
        let mut t = EdgeTable::default();
        let mut want = std::collections::HashMap::new();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let word = |r: u64| -> Vec<u8> {
            let len = 1 + (r % EDGE_MAX as u64) as usize;
            (0..len)
                .map(|k| b"abz09"[(r.wrapping_shr((k * 3) as u32) % 5) as usize])
                .collect()
        };
        for i in 0..3000u32 {
            let (from, w) = ((next() % 40) as u32, word(next()));
            if let std::collections::hash_map::Entry::Vacant(e) = want.entry((from, w.clone())) {
                e.insert(i);
                t.insert(from, &w, i);
            }
        }
        for _ in 0..20_000 {
            let (from, w) = ((next() % 41) as u32, word(next()));
            assert_eq!(t.get(from, &w), want.get(&(from, w.clone())).copied());
        }
        for ((from, w), to) in &want {
            assert_eq!(t.get(*from, w), Some(*to));
        }
    }

    #[test]
    fn long_words_and_phrases_of_them_match() {
        let lx = lexicon(&[
            (F0, "internationalisation", false),
            (F1, "counterrevolutionaries united", false),
            (F1, "sixteen-byte-wor united", false),
        ]);
        assert_eq!(
            found(
                &lx,
                "Internationalisation; counterrevolutionaries  united, sixteen byte wor united"
            ),
            pairs(&[
                ("Internationalisation", "internationalisation"),
                (
                    "counterrevolutionaries  united",
                    "counterrevolutionaries united"
                ),
                ("sixteen byte wor united", "sixteen-byte-wor united"),
            ])
        );
    }

    /// A xorshift generator, so that the generated cases are the same on every run.
    fn rng(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// Words that share prefixes and lengths around the filter's key (8 bytes), the edge
    /// table's limit (16) and the length bits' top (15), with some non-ASCII ones.
    const VOCAB: &[&str] = &[
        "a",
        "ab",
        "abc",
        "abcd",
        "abcde",
        "abcdef",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmno",
        "abcdefghijklmnop",
        "abcdefghijklmnopq",
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "b",
        "ba",
        "the",
        "then",
        "west",
        "us",
        "s",
        "x1",
        "2024",
        "café",
        "naïve",
        "ünïcode",
        "alliance",
        "allied",
        "allies",
    ];

    fn pick<'a>(next: &mut impl FnMut() -> u64, from: &[&'a str]) -> &'a str {
        from[(next() % from.len() as u64) as usize]
    }

    /// A random term: one to three words with spaces, hyphens or punctuation between them,
    /// in any case, the last one sometimes cut short as a stem.
    fn random_term(next: &mut impl FnMut() -> u64) -> TermSpec {
        let n = 1 + next() % 3;
        let mut text = String::new();
        for k in 0..n {
            if k > 0 {
                text.push_str(pick(next, &[" ", " ", "-", ".", "'", ", "]));
            }
            let w = pick(next, VOCAB);
            text.push_str(&match next() % 4 {
                0 => w.to_uppercase(),
                1 => {
                    let mut c = w.chars();
                    c.next()
                        .map_or(String::new(), |h| h.to_uppercase().chain(c).collect())
                }
                _ => w.to_string(),
            });
        }
        if next() % 4 == 0 {
            // A stem: cut the last word at a character boundary.
            let last = text.rfind(|c: char| !is_word_char(c)).map_or(0, |i| i + 1);
            let cuts: Vec<usize> = (last + 1..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            text.truncate(cuts[(next() % cuts.len() as u64) as usize]);
            text.push('*');
        }
        TermSpec {
            text,
            case_sensitive: next() % 5 == 0,
        }
    }

    /// A random text of vocabulary words, words that merely start with one, and separators.
    fn random_text(next: &mut impl FnMut() -> u64) -> String {
        let mut text = String::new();
        for _ in 0..next() % 40 {
            let w = pick(next, VOCAB);
            match next() % 6 {
                0 => text.push_str(&w.to_uppercase()),
                1 => {
                    text.push_str(w);
                    text.push_str(pick(next, &["s", "x", "ence", "é"]));
                }
                _ => text.push_str(w),
            }
            text.push_str(pick(
                next,
                &[
                    " ", " ", " ", "  ", "-", ".", ". ", ", ", "'", "’", "\n", " — ", "\u{ad}",
                ],
            ));
        }
        text
    }

    /// Every match of every pattern, found the slow way: each pattern tried at each token.
    fn brute_candidates(lx: &Lexicon, src: &str, f: &Folded, toks: &[Token]) -> Vec<Match> {
        let text = f.text.as_str();
        let mut out = Vec::new();
        for (p, pat) in lx.patterns().iter().enumerate() {
            let want = &pat.parsed;
            let n = want.tokens.len();
            for first in 0..toks.len().saturating_sub(n - 1) {
                let ok = (0..n).all(|k| {
                    let t = toks[first + k];
                    let word = &text[t.start..t.end];
                    let stem = want.stem && k + 1 == n;
                    let word_ok = if stem {
                        word.starts_with(want.tokens[k].as_str())
                    } else {
                        word == want.tokens[k]
                    };
                    let gap_ok = k == 0 || {
                        let gap = &text[toks[first + k - 1].end..t.start];
                        match &want.gaps[k - 1] {
                            None => is_phrase_gap(gap),
                            Some(g) => gap == g,
                        }
                    };
                    word_ok && gap_ok
                });
                if ok
                    && (!pat.spec.case_sensitive
                        || cased_equal(src, f, &toks[first..first + n], pat))
                {
                    out.push(Match {
                        pattern: p as u32,
                        owner: pat.owner,
                        first_token: first,
                        end_token: first + n,
                        start: toks[first].start,
                        end: toks[first + n - 1].end,
                    });
                }
            }
        }
        out
    }

    fn sorted(mut v: Vec<Match>) -> Vec<Match> {
        v.sort_by_key(|m| (m.pattern, m.first_token, m.end_token));
        v
    }

    #[test]
    fn trie_and_filter_find_what_trying_every_pattern_finds() {
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        let owners = [
            Owner::Frame(0),
            Owner::Frame(1),
            Owner::Exclude(0),
            Owner::Exclude(1),
            Owner::Actor(0),
        ];
        let (mut passed, mut cands, mut cue_starts) = (Vec::new(), Vec::new(), Vec::new());
        let (mut next_free, mut excl, mut out) = (Vec::new(), Vec::new(), Vec::new());
        let (mut checked, mut resolved) = (0, 0);
        for _ in 0..300 {
            let mut lx = Lexicon::new();
            for i in 0..1 + next() % 40 {
                let owner = owners[(next() % owners.len() as u64) as usize];
                // Some generated terms are invalid (a stem cut after a non-letter); skip them.
                let _ = lx.add(owner, i as usize, &random_term(&mut next));
            }
            for _ in 0..40 {
                let src = random_text(&mut next);
                let f = fold(&src);
                let toks = tokens(&f.text);
                lx.candidates(&src, &f, &toks, &mut passed, &mut cue_starts, &mut cands);
                let want = brute_candidates(&lx, &src, &f, &toks);
                checked += want.len();
                assert_eq!(sorted(cands.clone()), sorted(want), "{src:?}");
                // Resolving a group of first tokens at a time, as the candidates come, gives
                // what sorting them all does.
                let reference = resolve_by_sorting(cands.clone());
                resolve(&mut cands, &mut next_free, &mut excl, &mut out);
                assert_eq!(out, reference, "{src:?}");
                resolved += usize::from(out.len() > 1);
            }
        }
        // The generated cases do match, often.
        assert!(checked > 10_000, "{checked}");
        assert!(resolved > 1_000, "{resolved}");
    }

    /// [`resolve`] as its rule says it: every owner's candidates sorted by first token,
    /// longest and earliest term first, then taken left to right where free.
    fn resolve_by_sorting(mut cands: Vec<Match>) -> Vec<Match> {
        cands.sort_by(|a, b| {
            (a.owner, a.first_token, b.end_token, a.pattern).cmp(&(
                b.owner,
                b.first_token,
                a.end_token,
                b.pattern,
            ))
        });
        let mut out: Vec<Match> = Vec::new();
        let mut free: Vec<(Owner, usize)> = Vec::new();
        for m in cands {
            if let Owner::Exclude(_) = m.owner {
                out.push(m);
                continue;
            }
            match free.iter_mut().find(|(o, _)| *o == m.owner) {
                Some((_, f)) if m.first_token < *f => {}
                Some((_, f)) => {
                    *f = m.end_token;
                    out.push(m);
                }
                None => {
                    free.push((m.owner, m.end_token));
                    out.push(m);
                }
            }
        }
        let excl: Vec<Match> = out
            .iter()
            .filter(|m| matches!(m.owner, Owner::Exclude(_)))
            .copied()
            .collect();
        out.retain(|m| match m.owner {
            Owner::Frame(f) => !excl.iter().any(|e| {
                e.owner == Owner::Exclude(f)
                    && e.first_token <= m.first_token
                    && m.end_token <= e.end_token
            }),
            _ => true,
        });
        out.sort_by_key(|m| (m.start, m.owner, m.end, m.pattern));
        out
    }

    #[test]
    fn first_filter_passes_every_token_that_can_start_a_term() {
        let mut next = rng(0x2545_F491_4F6C_DD1D);
        let word = |r: u64, max: u64| -> Vec<u8> {
            let len = 1 + (r % max) as usize;
            (0..len)
                .map(|k| b"ab9"[(r.wrapping_shr((k * 2 + 8) as u32) % 3) as usize])
                .collect()
        };
        for round in 0..60 {
            let mut ff = FirstFilter::default();
            let (mut whole, mut stems, mut cues) = (Vec::new(), Vec::new(), Vec::new());
            // Up to a few hundred keys, so that the table grows; stems of every length,
            // added late in some rounds so that the key length shrinks after a while; cue
            // tokens among them.
            for k in 0..(next() % 300) {
                let r = next();
                let stem = r % 3 == 0 && (round % 2 == 0 || k > 100);
                let kind = match r % 3 {
                    _ if stem => Key::Stem,
                    1 => Key::Cue,
                    _ => Key::Whole,
                };
                let w = word(next(), if stem { 9 } else { 34 });
                let list = match kind {
                    Key::Whole => &mut whole,
                    Key::Stem => &mut stems,
                    Key::Cue => &mut cues,
                };
                if !list.contains(&w) {
                    ff.add(&w, kind);
                    list.push(w);
                }
            }
            for _ in 0..3000 {
                let t = word(next(), 34);
                // The token inside longer text, and at the very end of it.
                let mut text = b"x ".to_vec();
                text.extend_from_slice(&t);
                for at_end in [false, true] {
                    if !at_end {
                        text.extend_from_slice(b" and more");
                    }
                    let may = ff.check(&text, 2, t.len());
                    if whole.contains(&t) {
                        assert_ne!(may & MAY_BE_CHILD, 0, "{round} {t:?}");
                    }
                    if stems.iter().any(|s| t.starts_with(s)) {
                        assert_ne!(may & MAY_BE_STEM, 0, "{round} {t:?}");
                    }
                    if cues.contains(&t) {
                        assert_ne!(may & MAY_BE_CUE, 0, "{round} {t:?}");
                    }
                    text.truncate(2 + t.len());
                }
            }
        }
    }

    #[test]
    fn bad_terms_are_rejected_with_a_reason() {
        for (t, why) in [
            ("", "empty"),
            ("  ", "empty"),
            ("inter*fer", "may only end"),
            ("***", "may only end"),
            ("--", "no letters"),
            ("*", "no letters"),
        ] {
            let err = parse_term(&TermSpec::new(t)).unwrap_err();
            assert!(err.contains(why), "{t:?}: {err}");
        }
    }
}
