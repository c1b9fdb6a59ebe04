//! The same article twice: a file copied, or a story syndicated across outlets with near-identical
//! text. Articles are compared by their 5-word shingles (the set of every run of five consecutive
//! words, folded and split as scoring does it, so lower-cased with punctuation ignored; a text of
//! fewer than five words is one shingle). A later article is a twin of an earlier one when the two
//! sets have a Jaccard similarity of at least 0.8, or when at least 90% of the later article's
//! shingles are in the earlier one (a copy with a line or two trimmed). The first in path order is
//! kept; the copy is skipped. Everything is deterministic: same inputs, same twins.
//!
//! # Sketches instead of shingle sets
//!
//! Keeping every shingle of every article would make memory grow with the corpus (four bytes per
//! word). Instead each article is reduced, in one pass over the words scoring split it into and
//! without listing its shingles, to a fixed-size *bottom-k sketch* (Broder, "On the resemblance and
//! containment of documents", 1997): the [`SKETCH_SIZE`] smallest distinct 32-bit hashes of its
//! shingles. Hashing picks shingles at random, so a sketch is a uniform sample of the article's
//! shingles, and two sketches sample the two articles *coordinately*: a shingle both share is
//! either in both samples or in neither, below a common threshold.
//!
//! Two sketches are compared below `τ`, the smaller of their largest hashes (a sketch that
//! holds the whole set, for an article of at most [`SKETCH_SIZE`] distinct shingles, sets no
//! limit). Every shingle of either article hashing at or below `τ` is in its sketch, so the
//! hashes at or below `τ` are a uniform sample of the union, of at least `SKETCH_SIZE`
//! shingles, whose membership in each article is known exactly. Jaccard is estimated as the
//! share of that sample found in both; containment (the share of the later article in the
//! earlier one) as the share of the later article's sampled shingles found in the earlier.
//!
//! # Error
//!
//! - Exact when both articles have at most `SKETCH_SIZE` distinct shingles (up to 44 words):
//!   the sketches are then the whole sets (up to the 16-bit storage below).
//! - Exact at the two ends: a copy (same words, whatever the case and punctuation) always
//!   has identical sketches and 100% containment, and a later article all of whose shingles
//!   are in the earlier one (a trimmed copy) always estimates 100% containment, once found;
//!   an article that shares no shingle estimates 0%.
//! - In between, each estimate is a sample proportion over about `SKETCH_SIZE` = 40
//!   shingles: standard error `sqrt(p(1-p)/40)`, ±0.063 at 0.8 and ±0.047 at 0.9. So a pair
//!   near a threshold is decided by its sample, not by its exact similarity. Measured with
//!   the code as it is (`tests::error_rates_near_the_thresholds`, 2,000 pairs of 400-word
//!   texts each; ±1 point), the share of pairs taken for twins, by true Jaccard: 0.95:
//!   99.95%, 0.90: 98.5%, 0.80: 57.5%, 0.70 (containment 0.82): 12.7%, 0.60: 1.2%, 0.50:
//!   0.1%.
//!   Exact comparison takes all of the first three and none of the last three.
//! - The `NN% of its text` in the skip reason is the containment estimate, with the same
//!   error (exact in the cases above).
//! - Stored sketches keep 16 bits a hash (see `Stored`): two different shingles are taken
//!   for one with a probability under 1 in 800 per sampled shingle, which moves the rates
//!   above by less than 0.1 point.
//! - Candidates come from an index of each kept article's [`INDEX_KEYS`] = 4 smallest
//!   hashes: an earlier twin is compared when one of the later article's smallest hashes is
//!   among its smallest. It is missed with probability about `(1-J)^4` for copies of similar
//!   length (under 0.2% at Jaccard 0.8), and about `(1-s)^4` when the later article is a
//!   part `s` of the earlier: measured, a first half is found 93% of the time, the first
//!   three quarters 99.6%, nine tenths always. A hash shared by more than
//!   [`MAX_POSTINGS`](super::postings::MAX_POSTINGS) kept articles is furniture (a shingle
//!   of a standard sign-off) and lists no more, so a lookup stays constant-time.
//!
//! # Memory per kept article
//!
//! The stored sketch (`SKETCH_SIZE` × 2 = 80 bytes, with where the article's name is and its
//! shape: a 96-byte record) is read only to compare a candidate, so a run keeps the records in a
//! temporary file ([`TwinIndex::on_disk`]), written 512 at a time, with the last 16,384 read
//! cached (1.6 MB, fixed): a stock phrase among many articles' smallest hashes makes the same
//! few articles candidates again and again. The index of smallest hashes (`INDEX_KEYS` = 4
//! entries of 8 bytes per kept article) is a table in memory up to 24,576 kept articles (1
//! MB); past that a run writes it out in sorted runs to temporary files (see
//! [`super::postings`]), and memory keeps a Bloom filter of the keys (12 bits a key, 6 bytes
//! per kept article) and a 1 MB cache of the pages read. No text and no shingle list is
//! kept. Building a sketch takes no memory beyond it: the shingles are
//! hashed as scoring's words are read.

use super::postings::Postings;
use super::scratch::ScratchSpace;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Jaccard similarity at or above which two articles are twins.
pub const MIN_JACCARD: f64 = 0.8;
/// Share of the later article found in the earlier one at or above which it is a twin.
pub const MIN_CONTAINMENT: f64 = 0.9;

/// Shingle hashes kept per article: the sample size of every estimate. 40 makes both
/// thresholds whole numbers of a full sample (32 and 36 of 40).
pub const SKETCH_SIZE: usize = 40;

/// Each kept article is indexed under this many of its smallest hashes.
pub const INDEX_KEYS: usize = 4;

/// An article's bottom-k sketch: the [`SKETCH_SIZE`] smallest distinct hashes of its
/// shingles, ascending. Built by [`sketch`]; small and fixed-size, so it travels by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch {
    hashes: [u32; SKETCH_SIZE],
    len: u8,
    /// Some shingle hashed above the ones kept: the sketch is a sample, not the whole set.
    truncated: bool,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            hashes: [0; SKETCH_SIZE],
            len: 0,
            truncated: false,
        }
    }
}

impl Sketch {
    /// The hashes kept, ascending.
    pub fn hashes(&self) -> &[u32] {
        &self.hashes[..self.len as usize]
    }

    /// No shingle at all (a text without a word).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The largest hash up to which the sketch knows the whole set.
    fn threshold(&self) -> u32 {
        match self.truncated {
            true => self.hashes[self.len as usize - 1],
            false => u32::MAX,
        }
    }
}

/// A sketch being built: the [`Sketch`] and the largest hash it can still take.
struct Bottom {
    sketch: Sketch,
    /// The largest kept hash once the sketch is full (a hash above it is turned away), all
    /// of `u32` until then.
    limit: u32,
}

impl Bottom {
    fn new() -> Self {
        Bottom {
            sketch: Sketch::default(),
            limit: u32::MAX,
        }
    }

    /// Offers one shingle's hash. Almost every hash of a long text is larger than the
    /// largest kept and is turned away by one comparison, which also marks the sketch a
    /// sample (a hash equal to the largest is a shingle already kept, and goes to `insert`).
    #[inline(always)]
    fn offer(&mut self, h: u32) {
        if h <= self.limit {
            self.insert(h);
        } else {
            self.sketch.truncated = true;
        }
    }

    /// Keeps `h` among the smallest (the sketch is not full, or `h` is at most its largest),
    /// unless it is kept already.
    #[inline(never)]
    fn insert(&mut self, h: u32) {
        let s = &mut self.sketch;
        let len = usize::from(s.len);
        if len == SKETCH_SIZE {
            let at = full_position(&s.hashes, h);
            if s.hashes[at] == h {
                return;
            }
            s.truncated = true;
            s.hashes.copy_within(at..SKETCH_SIZE - 1, at + 1);
            s.hashes[at] = h;
            self.limit = s.hashes[SKETCH_SIZE - 1];
            return;
        }
        let at = s.hashes[..len].partition_point(|&x| x < h);
        if at < len && s.hashes[at] == h {
            return;
        }
        s.hashes.copy_within(at..len, at + 1);
        s.hashes[at] = h;
        s.len += 1;
        if usize::from(s.len) == SKETCH_SIZE {
            self.limit = s.hashes[SKETCH_SIZE - 1];
        }
    }
}

/// Where `h`, at most the last of the ascending `hashes`, goes: the first index whose hash
/// is not below it. A binary search of fixed length (the loop unrolls and each step is a
/// conditional move), as `partition_point` would find.
#[inline(always)]
fn full_position(hashes: &[u32; SKETCH_SIZE], h: u32) -> usize {
    let mut base = 0;
    let mut size = SKETCH_SIZE;
    while size > 1 {
        let half = size / 2;
        if hashes[base + half - 1] < h {
            base += half;
        }
        size -= half;
    }
    base
}

/// The sketch of a text. The text is folded and split into words as scoring does it
/// ([`crate::text::fold_tokens_into`]); a run computes the sketch from scoring's own words
/// instead ([`sketch_tokens`]), so the text is read once for both.
pub fn sketch(text: &str) -> Sketch {
    let mut folded = crate::text::Folded::default();
    let mut toks = Vec::new();
    crate::text::fold_tokens_into(text, &mut folded, &mut toks);
    sketch_tokens(&folded.text, &toks)
}

/// The sketch of folded text from its tokens, in one pass over them: each word is hashed
/// eight bytes at a time, and each shingle's hash is rolled from the last five words'
/// hashes (a polynomial in them, so a shingle costs two multiplications whatever its
/// length), then mixed.
///
/// The number of shingles is known before the pass, and the hashes are uniform, so the
/// smallest [`SKETCH_SIZE`] are nearly all below a limit that about twice as many pass
/// ([`CANDIDATES`]): fewer than [`SKETCH_SIZE`] pass it about once in 300,000 texts (4.5
/// standard deviations below the mean). The pass keeps those candidates, without a branch
/// on each hash, and sorts them once at the end; offering every hash to a sorted sketch as it
/// comes mispredicts a branch and shifts the sketch for about one hash in four. When too few
/// distinct hashes pass (a text that repeats itself), or too many, the pass is made again
/// with every hash offered, so the sketch is always the exact bottom of the shingle set.
pub fn sketch_tokens(text: &str, toks: &[crate::text::Token]) -> Sketch {
    let bytes = text.as_bytes();
    if toks.len() < SHINGLE_WORDS {
        let mut out = Bottom::new();
        let (words, rolled) = each_shingle(bytes, toks, |_| {});
        if words > 0 {
            // A short text is one shingle of all its words, told apart from five-word ones.
            out.offer(mix(rolled ^ (words as u64).rotate_right(8)));
        }
        return out.sketch;
    }
    let shingles = toks.len() + 1 - SHINGLE_WORDS;
    let limit =
        u32::try_from(((2 * SKETCH_SIZE as u64) << 32) / shingles as u64).unwrap_or(u32::MAX);
    bottom_below(bytes, toks, limit)
}

/// The sketch of at least [`SHINGLE_WORDS`] tokens, its candidates the hashes up to `limit`
/// (see [`sketch_tokens`]); the same sketch whatever the limit.
fn bottom_below(bytes: &[u8], toks: &[crate::text::Token], limit: u32) -> Sketch {
    let shingles = toks.len() + 1 - SHINGLE_WORDS;
    let mut out = Bottom::new();
    let mut kept = [0u32; CANDIDATES];
    let mut n = 0;
    each_shingle(bytes, toks, |h| {
        // Written whether it passes or not; past the end, the last place is written over.
        kept[n.min(CANDIDATES - 1)] = h;
        n += usize::from(h <= limit);
    });
    if n < CANDIDATES {
        let kept = &mut kept[..n];
        kept.sort_unstable();
        let mut distinct = 0;
        for i in 0..kept.len() {
            if distinct == 0 || kept[i] != kept[distinct - 1] {
                kept[distinct] = kept[i];
                distinct += 1;
            }
        }
        // A shingle above the limit is above every one kept, so distinct from them all.
        let above = n < shingles;
        if distinct >= SKETCH_SIZE || !above {
            let len = distinct.min(SKETCH_SIZE);
            let s = &mut out.sketch;
            s.hashes[..len].copy_from_slice(&kept[..len]);
            s.len = len as u8;
            s.truncated = distinct > SKETCH_SIZE || above;
            return out.sketch;
        }
    }
    each_shingle(bytes, toks, |h| out.offer(h));
    out.sketch
}

/// Room for the candidates of [`sketch_tokens`]: about `2 × SKETCH_SIZE` pass its limit, and
/// more than this many never in practice (the count is binomial, its standard deviation 9).
const CANDIDATES: usize = 256;

/// Calls `shingle` with the mixed hash of each five-word shingle of the tokens, in order, and
/// returns the number of words and the last rolled (unmixed) hash.
#[inline(always)]
fn each_shingle(
    bytes: &[u8],
    toks: &[crate::text::Token],
    mut shingle: impl FnMut(u32),
) -> (usize, u64) {
    // Odd, so multiplying by it is a bijection; P4 = P^4 takes the oldest word back out.
    const P: u64 = 0x9E37_79B9_7F4A_7C15;
    const P4: u64 = P.wrapping_mul(P).wrapping_mul(P).wrapping_mul(P);
    // The last eight words' hashes, word `n` at `n % 8`: the word five back is at
    // `(n + 3) % 8`, zero while the window fills.
    let mut window = [0u64; 8];
    let mut rolled = 0u64;
    let mut roll = |words: usize, t: &crate::text::Token| {
        let w = word_hash(bytes, t.start, t.end);
        rolled = rolled.wrapping_sub(window[(words + 3) & 7].wrapping_mul(P4));
        rolled = rolled.wrapping_mul(P).wrapping_add(w);
        window[words & 7] = w;
        rolled
    };
    // The words before the first shingle ends, then a shingle at every word.
    let (filling, rest) = toks.split_at(toks.len().min(SHINGLE_WORDS - 1));
    for (words, t) in filling.iter().enumerate() {
        roll(words, t);
    }
    for (k, t) in rest.iter().enumerate() {
        shingle(mix(roll(k + SHINGLE_WORDS - 1, t)));
    }
    (toks.len(), rolled)
}

/// Odd, for the multiplications of [`word_hash`].
const WORD_K: u64 = 0x9FB2_1C65_1E98_DF25;

/// A hash of the word `bytes[start..end]` (not empty), taken eight bytes at a time as
/// little-endian words, the last one zero-padded (a word holds no zero byte), with its
/// length: one multiplication for a word of up to 8 bytes, most of a text's.
#[inline(always)]
fn word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut h = ((end - start) as u64).wrapping_mul(WORD_K);
    let mut at = start;
    while end - at > 8 {
        h = (h ^ load(bytes, at, 8))
            .wrapping_mul(WORD_K)
            .rotate_left(31);
        at += 8;
    }
    h = (h ^ load(bytes, at, end - at)).wrapping_mul(WORD_K);
    h ^ (h >> 32)
}

/// The `n` (1 to 8) bytes at `at` as a little-endian word, zero above them.
#[inline(always)]
fn load(bytes: &[u8], at: usize, n: usize) -> u64 {
    crate::bytes::load8(bytes, at) & (u64::MAX >> (8 * (8 - n)))
}

/// A 64-bit value mixed to a uniform 32-bit hash (the MurmurHash3 finaliser), so that the
/// smallest hashes are a random choice of shingles.
fn mix(mut x: u64) -> u32 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    (x >> 32) as u32
}

/// A kept article's sketch as the index stores it: each hash cut to its 16 leading bits
/// below the sketch's largest (`hash >> shift`), so that a sketch costs two bytes a hash.
#[derive(Debug, Clone, Copy)]
struct Stored<'a> {
    cut: &'a [u16],
    shift: u32,
    truncated: bool,
}

impl Stored<'_> {
    /// How `hashes` (ascending, with their largest) are cut.
    fn shift_for(hashes: &[u32]) -> u32 {
        let max = hashes.last().copied().unwrap_or(0);
        (32 - max.leading_zeros()).saturating_sub(16)
    }
}

/// How two sketches compare below their common threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Overlap {
    /// Sampled shingles of the later article, of the earlier one, and of both.
    later: usize,
    earlier: usize,
    both: usize,
}

impl Overlap {
    /// Compares in the earlier sketch's cut: the later article's hashes are cut the same way.
    /// Two different shingles falling in one cut value are taken for one; a sampled shingle
    /// of the later article meets one of the earlier's at most `SKETCH_SIZE` values among at
    /// least 2^15 below the threshold, so with a probability under 1 in 800.
    fn of(later: &Sketch, earlier: Stored) -> Overlap {
        let shift = earlier.shift;
        let limit_later = match later.truncated {
            true => later.threshold() >> shift,
            false => u32::MAX,
        };
        let limit_earlier = match (earlier.truncated, earlier.cut.last()) {
            (true, Some(&max)) => u32::from(max),
            _ => u32::MAX,
        };
        let tau = limit_later.min(limit_earlier);
        let a = later.hashes();
        let b = earlier.cut;
        let (mut i, mut j, mut both, mut sampled) = (0, 0, 0, 0);
        while i < a.len() && a[i] >> shift <= tau {
            let x = a[i] >> shift;
            sampled += 1;
            while j < b.len() && u32::from(b[j]) < x {
                j += 1;
            }
            if j < b.len() && u32::from(b[j]) == x {
                both += 1;
                j += 1;
            }
            i += 1;
        }
        Overlap {
            later: sampled,
            earlier: b.partition_point(|&y| u32::from(y) <= tau),
            both,
        }
    }

    fn jaccard(&self) -> f64 {
        let union = self.later + self.earlier - self.both;
        if union == 0 {
            0.0
        } else {
            self.both as f64 / union as f64
        }
    }

    fn containment(&self) -> f64 {
        if self.later == 0 {
            0.0
        } else {
            self.both as f64 / self.later as f64
        }
    }
}

/// A later article found to repeat an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Twin {
    /// The name the earlier article was kept under (its path).
    pub of: String,
    /// Share of the later article's shingles found in the earlier one, 0..=1 (estimated from
    /// the sketches; see the module documentation for its error).
    pub share: f64,
}

/// The articles kept so far, by their sketches. The index of smallest hashes is in memory;
/// the sketches, read only to compare a candidate, are in [`ScratchSpace`] space: in memory, or
/// for a run ([`TwinIndex::on_disk`]) in a temporary file, written a block at a time.
///
/// The index's I/O cannot fail in memory. On disk, the first error (a full disk, say) is kept
/// ([`TwinIndex::error`]) and stops the index: nothing more is found or kept, and the caller
/// must fail the run rather than let copies through unseen.
#[derive(Debug, Default)]
pub struct TwinIndex {
    records: Records,
    names: KeptNames,
    postings: Postings,
    error: Option<std::io::Error>,
}

/// Bytes of one kept article's record: where its name is in [`KeptNames`] (8), shift (1), length
/// (1), six spare, and the cut hashes (2 each).
const RECORD: usize = 16 + 2 * SKETCH_SIZE;

/// Records written since the last block went to the store: a block at a time, so that a file
/// costs a write per [`BLOCK_RECORDS`] articles, not one each.
const BLOCK_RECORDS: usize = 512;

/// The kept articles' names, one after the other, each after its length (4 bytes): read only
/// to name the article a copy repeats. Written a block at a time, as [`Records`] are.
#[derive(Debug, Default)]
struct KeptNames {
    store: ScratchSpace,
    /// Bytes in the store.
    stored: u64,
    /// Bytes not yet written to it.
    recent: Vec<u8>,
}

/// Bytes of names written at a time.
const NAMES_BLOCK: usize = 64 * 1024;

impl KeptNames {
    /// Keeps `name`, and returns where it is.
    fn push(&mut self, name: &str) -> std::io::Result<u64> {
        let at = self.stored + self.recent.len() as u64;
        let len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        self.recent.extend_from_slice(&len.to_le_bytes());
        self.recent
            .extend_from_slice(&name.as_bytes()[..len as usize]);
        if self.recent.len() >= NAMES_BLOCK {
            self.store.write(self.stored, &self.recent)?;
            self.stored += self.recent.len() as u64;
            self.recent.clear();
        }
        Ok(at)
    }

    /// The name kept at `at`.
    fn read(&self, at: u64) -> std::io::Result<String> {
        let mut len = [0u8; 4];
        let bytes = match at.checked_sub(self.stored) {
            Some(k) => {
                let k = k as usize;
                len.copy_from_slice(&self.recent[k..k + 4]);
                let n = u32::from_le_bytes(len) as usize;
                self.recent[k + 4..k + 4 + n].to_vec()
            }
            None => {
                self.store.read(at, &mut len)?;
                let mut bytes = vec![0; u32::from_le_bytes(len) as usize];
                self.store.read(at + 4, &mut bytes)?;
                bytes
            }
        };
        // KeptNames are kept whole, so they are read back as the UTF-8 they were.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Records kept in memory after they were read from the store, in a direct-mapped cache.
/// Candidates come back again and again: an article listed under a common shingle (a stock
/// phrase among an article's smallest hashes) is a candidate for every later article that
/// has it there too. 16,384 records (1.6 MB) take nearly all of those reads.
const CACHED_RECORDS: usize = 16_384;

/// The kept articles' records, one after the other: the first `stored` in `store`, the rest in
/// `recent` until they make a block.
#[derive(Debug, Default)]
struct Records {
    store: ScratchSpace,
    stored: u32,
    recent: Vec<u8>,
    /// Per cache slot: the record's number + 1 (0: empty), and the record. Allocated at the
    /// first read from the store.
    cache: Vec<(u32, [u8; RECORD])>,
}

impl Records {
    fn count(&self) -> u32 {
        self.stored + (self.recent.len() / RECORD) as u32
    }

    fn push(&mut self, record: &[u8; RECORD]) -> std::io::Result<()> {
        self.recent.extend_from_slice(record);
        if self.recent.len() == BLOCK_RECORDS * RECORD {
            self.store
                .write(u64::from(self.stored) * RECORD as u64, &self.recent)?;
            self.stored += BLOCK_RECORDS as u32;
            self.recent.clear();
        }
        Ok(())
    }

    fn read(&mut self, at: u32, record: &mut [u8; RECORD]) -> std::io::Result<()> {
        if let Some(k) = at.checked_sub(self.stored) {
            let from = k as usize * RECORD;
            record.copy_from_slice(&self.recent[from..from + RECORD]);
            return Ok(());
        }
        if self.cache.is_empty() {
            self.cache = vec![(0, [0; RECORD]); CACHED_RECORDS];
        }
        let slot = &mut self.cache[at as usize % CACHED_RECORDS];
        if slot.0 != at + 1 {
            self.store
                .read(u64::from(at) * RECORD as u64, &mut slot.1)?;
            slot.0 = at + 1;
        }
        record.copy_from_slice(&slot.1);
        Ok(())
    }
}

impl TwinIndex {
    /// An index whose sketches are in a temporary file, sized for about `expected` kept
    /// articles (it grows past that).
    pub fn on_disk(expected: usize) -> std::io::Result<TwinIndex> {
        Ok(TwinIndex {
            records: Records {
                store: ScratchSpace::on_disk()?,
                ..Records::default()
            },
            names: KeptNames {
                store: ScratchSpace::on_disk()?,
                ..KeptNames::default()
            },
            postings: Postings::on_disk(expected.saturating_mul(INDEX_KEYS)),
            error: None,
        })
    }

    /// The error that stopped the index, if one did.
    pub fn error(&self) -> Option<&std::io::Error> {
        self.error.as_ref()
    }

    /// The earliest kept article that the article of sketch `s` (from [`sketch`]) repeats,
    /// if any.
    pub fn find(&mut self, s: &Sketch) -> Option<Twin> {
        if self.error.is_some() {
            return None;
        }
        match self.try_find(s) {
            Ok(twin) => twin,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    fn try_find(&mut self, s: &Sketch) -> std::io::Result<Option<Twin>> {
        let mut candidates: Vec<u32> = Vec::new();
        for &k in s.hashes().iter().take(INDEX_KEYS) {
            self.postings.each(k, |c| candidates.push(c))?;
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut cut = [0u16; SKETCH_SIZE];
        for c in candidates {
            let (name, stored) = self.stored(c, &mut cut)?;
            let o = Overlap::of(s, stored);
            if o.jaccard() >= MIN_JACCARD || o.containment() >= MIN_CONTAINMENT {
                return Ok(Some(Twin {
                    of: self.names.read(name)?,
                    share: o.containment(),
                }));
            }
        }
        Ok(None)
    }

    /// Keeps an article's sketch, and its name (its path) to name it when a copy is found.
    pub fn insert(&mut self, name: &str, s: Sketch) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.try_insert(name, s) {
            self.error = Some(e);
        }
    }

    fn try_insert(&mut self, name: &str, s: Sketch) -> std::io::Result<()> {
        // Four billion kept articles would not fit: those are not indexed, and twins of them
        // are not found. No corpus comes near it.
        let at = self.records.count();
        if s.is_empty() || at == u32::MAX {
            return Ok(());
        }
        for &k in s.hashes().iter().take(INDEX_KEYS) {
            self.postings.insert(k, at)?;
        }
        let shift = Stored::shift_for(s.hashes());
        let mut record = [0u8; RECORD];
        record[..8].copy_from_slice(&self.names.push(name)?.to_le_bytes());
        record[8] = shift as u8;
        record[9] = s.len | if s.truncated { 0x80 } else { 0 };
        for (k, &h) in s.hashes.iter().enumerate() {
            let cut = (h >> shift).min(0xffff) as u16;
            record[16 + 2 * k..18 + 2 * k].copy_from_slice(&cut.to_le_bytes());
        }
        self.records.push(&record)
    }

    /// Where the name is and the stored sketch of kept article `at`, its hashes read into
    /// `cut`.
    fn stored<'c>(
        &mut self,
        at: u32,
        cut: &'c mut [u16; SKETCH_SIZE],
    ) -> std::io::Result<(u64, Stored<'c>)> {
        let mut record = [0u8; RECORD];
        self.records.read(at, &mut record)?;
        for (k, c) in cut.iter_mut().enumerate() {
            *c = u16::from_le_bytes([record[16 + 2 * k], record[17 + 2 * k]]);
        }
        let mut name = [0u8; 8];
        name.copy_from_slice(&record[..8]);
        let len = usize::from(record[9] & 0x7f).min(SKETCH_SIZE);
        Ok((
            u64::from_le_bytes(name),
            Stored {
                cut: &cut[..len],
                shift: u32::from(record[8]),
                truncated: record[9] & 0x80 != 0,
            },
        ))
    }
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
        idx.insert("seven", sketch(TEXT));
        let copy = TEXT.to_uppercase().replace(',', " ;");
        assert_eq!(
            idx.find(&sketch(&copy)),
            Some(Twin {
                of: "seven".into(),
                share: 1.0
            })
        );
        let trimmed = &TEXT[..TEXT.len() - 10];
        assert_eq!(
            idx.find(&sketch(trimmed)).map(|t| t.of),
            Some("seven".into())
        );
        let other = "A different story about weather, rivers and the price of bread in winter.";
        assert_eq!(idx.find(&sketch(other)), None);
        assert_eq!(idx.find(&Sketch::default()), None);
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_change_the_sketch() {
        let a = sketch("Caf\u{e9} ALLIANCE, the \u{201c}pact\u{201d}; twelve-point plan now");
        let b = sketch("caf\u{c9} alliance the \"PACT\"  twelve point\nplan now");
        assert_eq!(a.hashes(), b.hashes());
        assert_eq!(a.hashes().len(), 4, "8 words: 4 shingles");
        assert_ne!(
            sketch("alliance pact").hashes(),
            sketch("alliance pacts").hashes()
        );
    }

    /// [`word_hash`] read plainly: the length, then each 8-byte piece zero-padded.
    fn reference_word_hash(w: &[u8]) -> u64 {
        let mut h = (w.len() as u64).wrapping_mul(WORD_K);
        let pieces: Vec<&[u8]> = w.chunks(8).collect();
        for (i, piece) in pieces.iter().enumerate() {
            let mut b = [0u8; 8];
            b[..piece.len()].copy_from_slice(piece);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(WORD_K);
            if i + 1 < pieces.len() {
                h = h.rotate_left(31);
            }
        }
        h ^ (h >> 32)
    }

    /// Every word length from 1 to 40, anywhere in a text, also against its very end (where
    /// fewer than 8 bytes are left to load): the fast hash is the plain one.
    #[test]
    fn word_hash_reads_every_length_at_every_place() {
        let text: Vec<u8> = (0..64u32).map(|i| b'a' + (i * 7 % 26) as u8).collect();
        for start in 0..text.len() {
            for end in start + 1..=text.len().min(start + 40) {
                assert_eq!(
                    word_hash(&text, start, end),
                    reference_word_hash(&text[start..end]),
                    "{start}..{end}"
                );
            }
        }
        // Same bytes, same hash, wherever they stand; a byte more or less, another hash.
        assert_eq!(word_hash(b"xx pact", 3, 7), word_hash(b"pact yy", 0, 4));
        assert_ne!(word_hash(b"pacts", 0, 5), word_hash(b"pacts", 0, 4));
    }

    /// The words of a text as the sketch reads them: scoring's tokens of the folded text.
    fn reference_words(t: &str) -> Vec<u64> {
        let folded = crate::text::fold(t);
        crate::text::tokens(&folded.text)
            .iter()
            .map(|tok| reference_word_hash(&folded.text.as_bytes()[tok.start..tok.end]))
            .collect()
    }

    /// Deterministic texts of up to a few dozen bytes: ASCII letters, digits, punctuation,
    /// control bytes and spaces next to accented letters, CJK, curly quotes and emoji, so
    /// that words start and end at the ends of the text and next to characters of every
    /// UTF-8 length.
    fn soup(count: usize) -> Vec<String> {
        let pieces = [
            "a", "Z", "q", "M", "0", "9", "7", "@", "[", "`", "{", "/", ":", "_", "-", "'", ".",
            " ", "  ", "\n", "\t", "\u{0}", "\u{7f}", "word", "Alliance", "Pact", "2031", "twelve",
            "\u{e9}", "\u{c9}", "\u{df}", "\u{130}", "\u{a0}", "\u{2019}", "\u{201c}", "\u{201d}",
            "\u{2014}", "\u{3000}", "中文", "Мо", "😀", "𝔞", "\u{663}", "\u{301}",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let len = (next() % 24) as usize;
                (0..len)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// The sketch is the smallest distinct mixed shingle hashes, each shingle's hash the
    /// polynomial `w0 P^4 + w1 P^3 + ... + w4` of its words' hashes, computed directly.
    #[test]
    fn the_sketch_is_the_bottom_of_every_shingle_hash() {
        const P: u64 = 0x9E37_79B9_7F4A_7C15;
        let poly = |ws: &[u64]| {
            ws.iter()
                .fold(0u64, |r, &w| r.wrapping_mul(P).wrapping_add(w))
        };
        let (long, _) = pair(3, 120, 0, 0);
        let mut texts = soup(3000);
        texts.push(long.clone());
        texts.push(format!("{long} {TEXT} {long}"));
        // So repetitive that too few distinct hashes pass the limit: every hash is offered.
        texts.push([long.as_str(); 6].join(" "));
        let mut folded = crate::text::Folded::default();
        let mut toks = Vec::new();
        for t in texts {
            // Any limit gives the same sketch: all but none pass (too many candidates), or
            // next to none (too few).
            crate::text::fold_tokens_into(&t, &mut folded, &mut toks);
            if toks.len() >= SHINGLE_WORDS {
                let expected = sketch(&t);
                for limit in [0, 1 << 20, u32::MAX] {
                    let s = bottom_below(folded.text.as_bytes(), &toks, limit);
                    assert_eq!(s.hashes(), expected.hashes(), "{t:?} {limit}");
                    assert_eq!(s.truncated, expected.truncated, "{t:?} {limit}");
                }
            }
            let ws = reference_words(&t);
            let mut all: Vec<u32> = if ws.len() < SHINGLE_WORDS {
                (!ws.is_empty())
                    .then(|| mix(poly(&ws) ^ (ws.len() as u64).rotate_right(8)))
                    .into_iter()
                    .collect()
            } else {
                ws.windows(SHINGLE_WORDS).map(|w| mix(poly(w))).collect()
            };
            all.sort_unstable();
            all.dedup();
            let s = sketch(&t);
            let kept = all.len().min(SKETCH_SIZE);
            assert_eq!(s.hashes(), &all[..kept], "{t:?}");
            assert_eq!(s.truncated, all.len() > SKETCH_SIZE, "{t:?}");
        }
    }

    /// The fixed-length search finds what `partition_point` finds.
    #[test]
    fn full_position_is_the_partition_point() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let spread = 1 + next() % 200;
            let mut hashes = [0u32; SKETCH_SIZE];
            for h in hashes.iter_mut() {
                *h = (next() % spread) as u32;
            }
            hashes.sort_unstable();
            for h in 0..=hashes[SKETCH_SIZE - 1] {
                assert_eq!(
                    full_position(&hashes, h),
                    hashes.partition_point(|&x| x < h),
                    "{hashes:?} {h}"
                );
            }
        }
    }

    #[test]
    fn short_texts_match_only_when_equal() {
        let mut idx = TwinIndex::default();
        idx.insert("0", sketch("Two words"));
        assert!(idx.find(&sketch("two  WORDS")).is_some());
        assert!(idx.find(&sketch("two other")).is_none());
        assert!(idx.find(&sketch("Two words and")).is_none());
    }

    /// The sketch is the bottom-k of the exact shingle set, whatever the order of the text.
    #[test]
    fn the_sketch_is_the_smallest_hashes_of_the_shingle_set() {
        let (text, _) = pair(1, 100, 0, 0);
        let text = format!("{text} {TEXT} {text}");
        let mut all: Vec<u32> = Vec::new();
        // Shingles one by one: the sketch of each five-word window alone is its one hash.
        let ws: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in ws.windows(SHINGLE_WORDS) {
            let s = sketch(&w.join(" "));
            all.extend_from_slice(s.hashes());
        }
        all.sort_unstable();
        all.dedup();
        let s = sketch(&text);
        assert!(s.truncated);
        assert_eq!(s.hashes(), &all[..SKETCH_SIZE]);
    }

    #[test]
    fn small_sets_compare_exactly() {
        // 12 words: 8 shingles; the later one shares 6 of its 8 with the earlier.
        let mut idx = TwinIndex::default();
        idx.insert("0", sketch("a b c d e f g h i j k l"));
        let later = sketch("a b c d e f g h i j x y");
        let mut cut = [0; SKETCH_SIZE];
        let (key, stored) = idx.stored(0, &mut cut).unwrap();
        assert_eq!(key, 0);
        let o = Overlap::of(&later, stored);
        assert_eq!((o.later, o.earlier, o.both), (8, 8, 6));
    }

    /// An index on disk finds the same twins as one in memory, as a run uses it (find, then
    /// keep what is not a twin), also when it grows past the size it was made for, and with
    /// candidates both in written blocks and among the records not yet written.
    #[test]
    fn on_disk_finds_what_memory_finds() {
        let mut memory = TwinIndex::default();
        // The postings written out every 500 entries (125 articles), so that most are in
        // runs, merged and not.
        let mut disk = TwinIndex {
            postings: Postings::with_limit(50, 500, true),
            ..TwinIndex::on_disk(50).unwrap()
        };
        assert!(disk.records.store.is_on_disk());
        let mut found = 0;
        for n in 0..1500u64 {
            // Every third text repeats most of an earlier one.
            let (later, earlier) = pair(n / 3, 40, (n % 3) as usize * 4, 2);
            let text = if n % 3 == 0 { earlier } else { later };
            let s = sketch(&text);
            let (m, d) = (memory.find(&s), disk.find(&s));
            assert_eq!(m, d, "text {n}");
            found += usize::from(m.is_some());
            if m.is_none() {
                // KeptNames of many lengths, so that name blocks are written too.
                let name = format!("{n}/{}", "é".repeat((n % 200) as usize));
                memory.insert(&name, s);
                disk.insert(&name, s);
            }
        }
        // The first texts again: their records are in blocks written long ago.
        for n in 0..300u64 {
            let (_, earlier) = pair(n, 40, 0, 2);
            let s = sketch(&earlier);
            let (m, d) = (memory.find(&s), disk.find(&s));
            assert_eq!(m, d, "first text {n} again");
            let name = format!("{}/{}", 3 * n, "é".repeat((3 * n % 200) as usize));
            assert_eq!(m.map(|t| t.of), Some(name), "first text {n} again");
        }
        assert!(disk.error().is_none());
        assert!(found > 300, "{found} twins found");
        assert!(
            disk.records.stored >= BLOCK_RECORDS as u32,
            "blocks were written"
        );
        assert!(disk.names.stored > 0, "name blocks were written");
        assert!(
            !disk.records.recent.is_empty(),
            "and some records wait for a block"
        );
    }

    /// A store that cannot be written stops the index with the error, and nothing is found
    /// after it (a run then fails rather than let copies through).
    #[cfg(unix)]
    #[test]
    fn a_failing_store_stops_the_index() {
        let read_only = std::fs::File::open("/dev/null").unwrap();
        let mut idx = TwinIndex {
            records: Records {
                store: ScratchSpace::Disk {
                    file: read_only,
                    len: 0,
                },
                ..Records::default()
            },
            ..TwinIndex::default()
        };
        let text = |n: usize| pair(n as u64, 30, 0, 0).0;
        for n in 0..BLOCK_RECORDS {
            assert!(idx.error().is_none(), "no write before a block is full");
            idx.insert(&n.to_string(), sketch(&text(n)));
        }
        assert!(idx.error().is_some());
        assert_eq!(idx.find(&sketch(&text(BLOCK_RECORDS - 1))), None);
    }

    /// Word lists with a chosen overlap: `shared` words in common, then `own` words each.
    fn pair(seed: u64, shared: usize, own_later: usize, own_earlier: usize) -> (String, String) {
        let word = |n: u64| format!("w{:x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20);
        let base: Vec<String> = (0..shared as u64)
            .map(|i| word(seed * 1_000_000 + i))
            .collect();
        let mut earlier = base.clone();
        let mut later = base;
        earlier.extend((0..own_earlier as u64).map(|i| word(seed * 1_000_000 + 500_000 + i)));
        later.extend((0..own_later as u64).map(|i| word(seed * 1_000_000 + 700_000 + i)));
        (later.join(" "), earlier.join(" "))
    }

    fn is_twin(later: &str, earlier: &str) -> bool {
        let mut idx = TwinIndex::default();
        idx.insert("0", sketch(earlier));
        idx.find(&sketch(later)).is_some()
    }

    /// The rates the module documentation quotes, measured over 2,000 pairs each: texts of
    /// 400 words, `shared` of them in common at the start, then `own` words each, so the
    /// Jaccard similarity is `(shared-4) / (shared-4 + 2*own)`.
    #[test]
    fn error_rates_near_the_thresholds() {
        let rate = |shared: usize, own: usize| {
            (0..2000u64)
                .filter(|&s| {
                    let (l, e) = pair(s, shared, own, own);
                    is_twin(&l, &e)
                })
                .count() as f64
                / 2000.0
        };
        let rates: Vec<(&str, f64)> = [
            ("0.95", 390, 10),
            ("0.90", 379, 21),
            ("0.80", 356, 44),
            ("0.70", 330, 70),
            ("0.60", 301, 99),
            ("0.50", 268, 132),
        ]
        .into_iter()
        .map(|(j, s, o)| (j, rate(s, o)))
        .collect();
        let at = |j: &str| rates.iter().find(|r| r.0 == j).unwrap().1;
        assert!(at("0.95") > 0.995, "{rates:?}");
        assert!(at("0.90") > 0.93, "{rates:?}");
        assert!(at("0.60") < 0.08, "{rates:?}");
        assert!(at("0.50") < 0.01, "{rates:?}");
        // A later article that is the first part of the earlier one (its shingles all in it)
        // is a twin whenever it is found; it is missed when none of its smallest hashes is
        // among the earlier one's smallest.
        let part = |n: usize| {
            (0..2000u64)
                .filter(|&s| {
                    let (_, e) = pair(s, 400, 0, 0);
                    let l: Vec<&str> = e.split(' ').take(n).collect();
                    is_twin(&l.join(" "), &e)
                })
                .count() as f64
                / 2000.0
        };
        let parts = [part(200), part(300), part(360)];
        assert!(
            parts[0] > 0.9 && parts[1] > 0.99 && parts[2] > 0.999,
            "{parts:?}"
        );
    }
}
