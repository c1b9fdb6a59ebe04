//! Terms -> one compiled matcher for every frame, exclusion and actor.
//!
//! A term is a word or a phrase of words. It is folded exactly like article text
//! ([`crate::text::fold`]) and split into tokens, and all terms go into one trie keyed by
//! token, so one pass over an article's tokens finds every term of every owner. Matching on
//! tokens gives the rules of DESIGN.md for free: whole words only; a phrase continues across
//! any run of spaces, line breaks or hyphens; a hyphenated word is matched by its parts
//! ("non-interference" holds `interference`); a trailing `*` is a stem that matches any token
//! starting with it. Where a term holds other punctuation between its words ("U.S"), the text
//! must hold exactly that punctuation there.
//!
//! Overlaps are resolved per owner (one frame, one actor): leftmost-longest, so a word counts
//! for at most one term of a frame, while two frames may both claim it. A frame's `exclude`
//! phrases remove the frame's matches that lie inside them.

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
    /// hash lookup per stem length, as before, cost more than the compares.)
    stems: Vec<(Box<str>, u32)>,
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
    /// A cheap filter in front of the root's hash lookups: for each first byte of a token,
    /// a bit per token length (bit 31 for 31 and more) that some term could start with.
    /// Most tokens of a text ("the", "said") start no term and are rejected here.
    first: Vec<u32>,
    /// The second filter: a bit per (first byte, second byte) pair that some term's first
    /// token starts with (second byte 0 for a one-byte token), as 64-bit words; one set for
    /// whole first tokens, one for stems, so that a token is looked up only where it can be.
    child_pairs: Vec<u64>,
    stem_pairs: Vec<u64>,
    /// The root's stems by their first byte (256 lists).
    root_stems: Vec<Vec<(Box<str>, u32)>>,
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

/// Is the bit of `tok`'s first two bytes set in `set`?
#[inline]
fn has_pair(set: &[u64], tok: &[u8]) -> bool {
    let k = pair_index(tok);
    set[k / 64] & (1 << (k % 64)) != 0
}

/// The [`Lexicon::first_pair`] bit of a token's first two bytes.
#[inline]
fn pair_index(tok: &[u8]) -> usize {
    usize::from(tok[0]) << 8 | usize::from(tok.get(1).copied().unwrap_or(0))
}

/// The filter bit for a token of `len` bytes.
#[inline]
fn len_bit(len: usize) -> u32 {
    1 << len.min(31)
}

/// The bits of every length from `len` up (a stem matches any longer token).
#[inline]
fn len_bits_from(len: usize) -> u32 {
    !0u32 << len.min(31)
}

/// Reusable buffers for [`Lexicon::find`], so scoring an article allocates nothing new.
#[derive(Debug, Default)]
pub struct Scratch {
    candidates: Vec<Match>,
    /// (frame, first token, end token) of each exclusion match.
    exclusions: Vec<(u16, usize, usize)>,
}

impl Lexicon {
    pub fn new() -> Self {
        Lexicon {
            nodes: vec![Node::default()],
            patterns: Vec::new(),
            first: vec![0; 256],
            child_pairs: vec![0; 256 * 256 / 64],
            stem_pairs: vec![0; 256 * 256 / 64],
            root_stems: vec![Vec::new(); 256],
            edges: EdgeTable::default(),
        }
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Adds one term. Errors name what is wrong with the term.
    pub fn add(&mut self, owner: Owner, term_index: usize, spec: &TermSpec) -> Result<(), String> {
        let parsed = parse_term(spec)?;
        let id = self.patterns.len() as u32;
        let head = &parsed.tokens[0];
        let bits = if parsed.stem && parsed.tokens.len() == 1 {
            len_bits_from(head.len())
        } else {
            len_bit(head.len())
        };
        self.first[head.as_bytes()[0] as usize] |= bits;
        let hb = head.as_bytes();
        if parsed.stem && parsed.tokens.len() == 1 {
            // A one-byte stem: any second byte, or none.
            let seconds = if hb.len() == 1 { 0..256 } else { 0..1 };
            for b in seconds {
                let k = if hb.len() == 1 {
                    usize::from(hb[0]) << 8 | b
                } else {
                    pair_index(hb)
                };
                self.stem_pairs[k / 64] |= 1 << (k % 64);
            }
        } else {
            let k = pair_index(hb);
            self.child_pairs[k / 64] |= 1 << (k % 64);
        }
        let mut node = 0usize;
        let last = parsed.tokens.len() - 1;
        for (i, tok) in parsed.tokens.iter().enumerate() {
            let is_stem = parsed.stem && i == last;
            let gap = if i == 0 {
                None
            } else {
                parsed.gaps[i - 1].clone()
            };
            let next_id = self.nodes.len() as u32;
            let n = &mut self.nodes[node];
            let entry = if is_stem {
                match n.stems.iter().find(|(s, _)| **s == **tok) {
                    Some(&(_, id)) => id,
                    None => {
                        n.stems.push((tok.as_str().into(), next_id));
                        if node == 0 {
                            self.root_stems[usize::from(tok.as_bytes()[0])]
                                .push((tok.as_str().into(), next_id));
                        }
                        next_id
                    }
                }
            } else if let Some(g) = gap {
                let list = n.exact_children.entry(tok.as_str().into()).or_default();
                match list.iter().find(|(lg, _)| **lg == *g) {
                    Some(&(_, id)) => id,
                    None => {
                        list.push((g.into(), next_id));
                        next_id
                    }
                }
            } else {
                let to = *n.children.entry(tok.as_str().into()).or_insert(next_id);
                if to == next_id && tok.len() <= EDGE_MAX {
                    self.edges.insert(node as u32, tok.as_bytes(), to);
                }
                to
            };
            if entry == next_id {
                self.nodes.push(Node::default());
            }
            node = entry as usize;
        }
        self.nodes[node].terminals.push(id);
        self.patterns.push(Pattern {
            owner,
            term_index,
            spec: spec.clone(),
            parsed,
        });
        Ok(())
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
        let text = folded.text.as_str();
        let cands = &mut scratch.candidates;
        cands.clear();
        let bytes = text.as_bytes();
        for (first, t) in toks.iter().enumerate() {
            if self.first[bytes[t.start] as usize] & len_bit(t.end - t.start) == 0 {
                continue;
            }
            let tok = &bytes[t.start..t.end];
            let (child, stem) = (
                has_pair(&self.child_pairs, tok),
                has_pair(&self.stem_pairs, tok),
            );
            // The root step of [`walk`](Self::walk), done here: most tokens that pass the
            // filters start no term, and settling them without a call is much cheaper.
            if child {
                if let Some(next) = self.child(0, &self.nodes[0], text, *t) {
                    let next = next as usize;
                    self.emit(source, folded, toks, first, first, next, cands);
                    if first + 1 < toks.len() {
                        self.walk(source, folded, toks, first, first + 1, next, cands);
                    }
                }
            }
            if stem {
                // A stem is whole characters, so a token that starts with its bytes starts
                // with it.
                for (s, next) in &self.root_stems[usize::from(tok[0])] {
                    if tok.starts_with(s.as_bytes()) {
                        self.emit(source, folded, toks, first, first, *next as usize, cands);
                    }
                }
            }
        }
        // Leftmost-longest per owner; ties between equal spans go to the earlier term.
        cands.sort_unstable_by(|a, b| {
            (a.owner, a.first_token, b.end_token, a.pattern).cmp(&(
                b.owner,
                b.first_token,
                a.end_token,
                b.pattern,
            ))
        });
        let mut i = 0;
        while i < cands.len() {
            let owner = cands[i].owner;
            let mut j = i;
            while j < cands.len() && cands[j].owner == owner {
                j += 1;
            }
            if let Owner::Exclude(_) = owner {
                out.extend_from_slice(&cands[i..j]);
            } else {
                let mut next_free = 0usize;
                for m in &cands[i..j] {
                    if m.first_token >= next_free {
                        out.push(*m);
                        next_free = m.end_token;
                    }
                }
            }
            i = j;
        }
        // Drop frame matches that an exclusion of the same frame covers.
        let excl = &mut scratch.exclusions;
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
        out.sort_unstable_by_key(|m| (m.start, m.owner, m.end));
    }

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
        let tok = toks[at];
        let word = &text[tok.start..tok.end];
        let n = &self.nodes[node];
        let mut next_nodes: [Option<u32>; 2] = [None, None];
        if at == first {
            if node != 0 || has_pair(&self.child_pairs, word.as_bytes()) {
                next_nodes[0] = self.child(node, n, text, tok);
            }
        } else {
            let gap = &text[toks[at - 1].end..tok.start];
            if is_phrase_gap(gap) {
                next_nodes[0] = self.child(node, n, text, tok);
            }
            if !n.exact_children.is_empty() {
                next_nodes[1] = n
                    .exact_children
                    .get(word)
                    .and_then(|l| l.iter().find(|(g, _)| **g == *gap))
                    .map(|&(_, id)| id);
            }
        }
        for next in next_nodes.into_iter().flatten() {
            let next = next as usize;
            self.emit(source, folded, toks, first, at, next, out);
            if at + 1 < toks.len() {
                self.walk(source, folded, toks, first, at + 1, next, out);
            }
        }
        let stems = if node != 0 {
            &n.stems[..]
        } else if has_pair(&self.stem_pairs, word.as_bytes()) {
            &self.root_stems[usize::from(word.as_bytes()[0])][..]
        } else {
            &[][..]
        };
        // A stem is whole characters, so a token that starts with its bytes starts with it.
        for (stem, next) in stems {
            if word.as_bytes().starts_with(stem.as_bytes()) {
                self.emit(source, folded, toks, first, at, *next as usize, out);
            }
        }
    }

    /// The node that `word` leads to from `node` across a flexible gap.
    #[inline(always)]
    fn child(&self, node: usize, n: &Node, text: &str, tok: Token) -> Option<u32> {
        let len = tok.end - tok.start;
        if len <= EDGE_MAX {
            self.edges
                .get_at(node as u32, text.as_bytes(), tok.start, len)
        } else {
            n.children.get(&text[tok.start..tok.end]).copied()
        }
    }

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

/// For a case-sensitive term, the source words must equal the term's words as written.
fn cased_equal(source: &str, folded: &Folded, toks: &[Token], pat: &Pattern) -> bool {
    toks.iter()
        .zip(&pat.parsed.cased_tokens)
        .enumerate()
        .all(|(i, (t, want))| {
            let s = folded.source_offset(t.start);
            let e = folded.source_offset(t.end);
            let got = fold_with(&source[s..e], true);
            let is_stem = pat.parsed.stem && i + 1 == pat.parsed.cased_tokens.len();
            if is_stem {
                got.text.starts_with(want.as_str())
            } else {
                got.text == *want
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;

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
                .map(|k| b"abz09"[((r >> (k * 3)) % 5) as usize])
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
