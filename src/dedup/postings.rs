//! The duplicate index's postings: from a key (one of a kept article's smallest shingle
//! hashes) to the kept articles listed under it, at most [`MAX_POSTINGS`] a key.
//!
//! In memory the postings are one open-addressing table. A run over a corpus of any size
//! keeps memory flat instead ([`Postings::on_disk`]), in the manner of a log-structured
//! merge tree:
//!
//! - New entries go to the table, which holds at most [`TABLE_ENTRIES`] (1 MB).
//! - A full table is written out as a *run*: its entries sorted by key, in a temporary file.
//!   Two runs of the same size are merged into one of twice the size (a streaming merge of
//!   two sorted files), so `n` entries make at most `log2(n / TABLE_ENTRIES) + 1` runs.
//! - Memory keeps, per run, the first key of each 4 KB page (a byte per 1,000 entries) and a
//!   Bloom filter of its keys ([`FILTER_BITS`] bits a key, about 6 bytes per kept article):
//!   a key that is in no run, as nearly every key of an article that repeats nothing is,
//!   costs a look at each run's filter and no read.
//! - Pages read are kept in a fixed cache of 1 MB: a key that many articles share (a stock
//!   phrase) is looked up again and again.
//!
//! A lookup finds exactly what the in-memory table would: every entry is in the table or in
//! one run, and the cap on a key counts its entries everywhere.

use super::scratch::ScratchSpace;
use std::io;

/// Articles listed under one index key at most. A shingle kept by this many different
/// articles is shared furniture ("Sign up for our newsletter to get..."), not a sign of a
/// copy; capping its list keeps finding twins linear in the corpus size.
pub const MAX_POSTINGS: usize = 32;

/// Entries the table takes before it is written out as a run: 98,304, in 131,072 slots of 8
/// bytes (1 MB) at most three quarters full.
pub const TABLE_ENTRIES: usize = 3 << 15;

/// Bloom filter bits per entry of a run: a key that is not in the run passes its filter
/// about once in 250 lookups.
pub const FILTER_BITS: usize = 12;

/// Bytes of an entry in a run: the key and the article, little-endian.
const ENTRY: usize = 8;
/// Entries of a page: a run is read a page (4 KB) at a time.
const PAGE_ENTRIES: usize = 512;
const PAGE: usize = PAGE_ENTRIES * ENTRY;
/// Pages kept after they were read.
const CACHED_PAGES: usize = 256;
/// Bytes read or written at a time when a run is written or merged.
const CHUNK: usize = 16 * PAGE;

/// The postings: see the module documentation.
#[derive(Debug)]
pub struct Postings {
    table: Table,
    /// Entries the table takes before it is written out (`usize::MAX` in memory: never).
    limit: usize,
    /// Runs in temporary files, or in memory (tests).
    on_disk: bool,
    /// Oldest (and largest) first.
    runs: Vec<Run>,
    cache: PageCache,
    /// The next run's number (numbers name a run's pages in the cache, and are never reused).
    next_run: u64,
}

impl Default for Postings {
    fn default() -> Self {
        Postings {
            table: Table::default(),
            limit: usize::MAX,
            on_disk: false,
            runs: Vec::new(),
            cache: PageCache::default(),
            next_run: 1,
        }
    }
}

impl Postings {
    /// Postings that keep memory flat, writing runs to temporary files; the table is sized
    /// for `entries` (up to [`TABLE_ENTRIES`]) and never grows past that.
    pub fn on_disk(entries: usize) -> Postings {
        Postings::with_limit(entries, TABLE_ENTRIES, true)
    }

    /// Postings whose table is written out every `limit` entries, to temporary files or to
    /// memory (small limits test the runs).
    pub fn with_limit(entries: usize, limit: usize, on_disk: bool) -> Postings {
        Postings {
            table: Table::sized(entries.min(limit)),
            limit,
            on_disk,
            ..Postings::default()
        }
    }

    /// Calls `f` with every article listed under `key`, and returns how many there are.
    pub fn each(&mut self, key: u32, mut f: impl FnMut(u32)) -> io::Result<usize> {
        let mut n = self.table.each(key, &mut f);
        for run in &self.runs {
            if run.filter.may_contain(key) {
                n += run.each(key, &mut self.cache, &mut f)?;
            }
        }
        Ok(n)
    }

    /// Lists `article` under `key`, unless the key already lists [`MAX_POSTINGS`].
    pub fn insert(&mut self, key: u32, article: u32) -> io::Result<()> {
        if self.each(key, |_| {})? >= MAX_POSTINGS {
            return Ok(());
        }
        self.table.insert(key, article);
        if self.table.len >= self.limit {
            self.write_table()?;
        }
        Ok(())
    }

    /// Writes the table out as a run, then merges runs of the same size.
    fn write_table(&mut self) -> io::Result<()> {
        let mut w = RunWriter::new(self.scratch()?, self.table.len);
        for &(key, article) in self.table.take_sorted() {
            w.push(key, article)?;
        }
        self.table.clear();
        let run = w.finish(self.number(), 0)?;
        self.runs.push(run);
        while let [.., a, b] = &self.runs[..] {
            if a.level != b.level {
                break;
            }
            let merged = self.merge(self.runs.len() - 2)?;
            self.runs.truncate(self.runs.len() - 2);
            self.runs.push(merged);
        }
        Ok(())
    }

    /// Runs `at` and `at + 1` merged into one, a level up.
    fn merge(&mut self, at: usize) -> io::Result<Run> {
        let (a, b) = (&self.runs[at], &self.runs[at + 1]);
        let level = a.level + 1;
        let mut w = RunWriter::new(self.scratch()?, a.len + b.len);
        let (mut ra, mut rb) = (RunReader::new(a), RunReader::new(b));
        let (mut x, mut y) = (ra.next()?, rb.next()?);
        loop {
            let take_a = match (x, y) {
                (Some(x), Some(y)) => x <= y,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_a {
                let (key, article) = x.unwrap_or_default();
                w.push(key, article)?;
                x = ra.next()?;
            } else {
                let (key, article) = y.unwrap_or_default();
                w.push(key, article)?;
                y = rb.next()?;
            }
        }
        let number = self.number();
        w.finish(number, level)
    }

    fn scratch(&self) -> io::Result<ScratchSpace> {
        match self.on_disk {
            true => ScratchSpace::on_disk(),
            false => Ok(ScratchSpace::default()),
        }
    }

    fn number(&mut self) -> u64 {
        self.next_run += 1;
        self.next_run - 1
    }
}

/// The in-memory table: `(key, article + 1)` pairs (0: empty) in open addressing, probed
/// linearly, so an entry costs 8 bytes and no allocation of its own.
#[derive(Debug, Default)]
struct Table {
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl Table {
    /// A table with room for `entries` without growing.
    fn sized(entries: usize) -> Table {
        let size = (entries * 4 / 3 + 1).next_power_of_two().max(16);
        Table {
            slots: vec![(0, 0); size],
            len: 0,
        }
    }

    /// Where `key`'s probe starts: Fibonacci hashing, so that the small numbers a sketch
    /// starts with spread over the whole table.
    fn home(&self, key: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    fn insert(&mut self, key: u32, article: u32) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (key, article + 1);
        self.len += 1;
    }

    /// Calls `f` with every article listed under `key`, and returns how many there are.
    fn each(&self, key: u32, f: &mut impl FnMut(u32)) -> usize {
        if self.slots.is_empty() {
            return 0;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        let mut n = 0;
        loop {
            let (k, a) = self.slots[i];
            if a == 0 {
                return n;
            }
            if k == key {
                f(a - 1);
                n += 1;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (16 slots at first), placing every entry again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = self.slots.len() - 1;
        for (k, a) in old.into_iter().filter(|&(_, a)| a != 0) {
            let mut i = self.home(k);
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, a);
        }
    }

    /// The entries as `(key, article)`, sorted, moved to the front of the slots (no second
    /// list is made); [`Table::clear`] empties the table after.
    fn take_sorted(&mut self) -> &[(u32, u32)] {
        let mut n = 0;
        for i in 0..self.slots.len() {
            let (k, a) = self.slots[i];
            if a != 0 {
                self.slots[n] = (k, a - 1);
                n += 1;
            }
        }
        self.slots[..n].sort_unstable();
        &self.slots[..n]
    }

    fn clear(&mut self) {
        self.slots.fill((0, 0));
        self.len = 0;
    }
}

/// A sorted run of entries in scratch space.
#[derive(Debug)]
struct Run {
    store: ScratchSpace,
    /// Names the run's pages in the [`PageCache`].
    number: u64,
    len: usize,
    /// The first key of each page.
    fences: Vec<u32>,
    filter: Filter,
    /// 0 for a written table, one more for each merge: runs of a level are of about the same
    /// size.
    level: u32,
}

impl Run {
    /// Calls `f` with every article listed under `key` in this run; returns how many.
    fn each(&self, key: u32, cache: &mut PageCache, f: &mut impl FnMut(u32)) -> io::Result<usize> {
        // The key's entries start in the last page that starts below it (they may end it), or
        // in the first page that starts with it.
        let first = self.fences.partition_point(|&k| k < key).saturating_sub(1);
        let mut n = 0;
        for page in first..self.fences.len() {
            if page > first && self.fences[page] > key {
                break;
            }
            for e in cache.page(self, page)?.chunks_exact(ENTRY) {
                let k = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
                if k > key {
                    return Ok(n);
                }
                if k == key {
                    f(u32::from_le_bytes([e[4], e[5], e[6], e[7]]));
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Bytes of page `page` (the last page may be short).
    fn page_bytes(&self, page: usize) -> usize {
        (self.len - page * PAGE_ENTRIES).min(PAGE_ENTRIES) * ENTRY
    }
}

/// Writes a run's entries, given in order, a chunk at a time.
struct RunWriter {
    store: ScratchSpace,
    at: u64,
    buf: Vec<u8>,
    len: usize,
    fences: Vec<u32>,
    filter: Filter,
}

impl RunWriter {
    /// A writer of `entries` entries into `store`.
    fn new(store: ScratchSpace, entries: usize) -> RunWriter {
        RunWriter {
            store,
            at: 0,
            buf: Vec::with_capacity(CHUNK),
            len: 0,
            fences: Vec::with_capacity(entries.div_ceil(PAGE_ENTRIES)),
            filter: Filter::new(entries),
        }
    }

    fn push(&mut self, key: u32, article: u32) -> io::Result<()> {
        if self.len % PAGE_ENTRIES == 0 {
            self.fences.push(key);
        }
        self.filter.insert(key);
        self.buf.extend_from_slice(&key.to_le_bytes());
        self.buf.extend_from_slice(&article.to_le_bytes());
        self.len += 1;
        if self.buf.len() == CHUNK {
            self.write()?;
        }
        Ok(())
    }

    fn write(&mut self) -> io::Result<()> {
        self.store.write(self.at, &self.buf)?;
        self.at += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self, number: u64, level: u32) -> io::Result<Run> {
        if !self.buf.is_empty() {
            self.write()?;
        }
        Ok(Run {
            store: self.store,
            number,
            len: self.len,
            fences: self.fences,
            filter: self.filter,
            level,
        })
    }
}

/// Reads a run's entries in order, a chunk at a time.
struct RunReader<'r> {
    run: &'r Run,
    /// The next entry's index.
    next: usize,
    buf: Vec<u8>,
    /// The entry index of `buf`'s first entry.
    buf_from: usize,
}

impl<'r> RunReader<'r> {
    fn new(run: &'r Run) -> RunReader<'r> {
        RunReader {
            run,
            next: 0,
            buf: Vec::new(),
            buf_from: 0,
        }
    }

    fn next(&mut self) -> io::Result<Option<(u32, u32)>> {
        if self.next >= self.run.len {
            return Ok(None);
        }
        if self.next >= self.buf_from + self.buf.len() / ENTRY {
            let entries = (self.run.len - self.next).min(CHUNK / ENTRY);
            self.buf.resize(entries * ENTRY, 0);
            self.run
                .store
                .read((self.next * ENTRY) as u64, &mut self.buf)?;
            self.buf_from = self.next;
        }
        let at = (self.next - self.buf_from) * ENTRY;
        let e = &self.buf[at..at + ENTRY];
        self.next += 1;
        Ok(Some((
            u32::from_le_bytes([e[0], e[1], e[2], e[3]]),
            u32::from_le_bytes([e[4], e[5], e[6], e[7]]),
        )))
    }
}

/// Pages of runs kept after they were read, direct-mapped by run and page.
#[derive(Debug, Default)]
struct PageCache {
    /// Per slot: the run's number (0: empty) and the page.
    tags: Vec<(u64, usize)>,
    data: Vec<u8>,
}

impl PageCache {
    /// Page `page` of `run`, read unless it is cached.
    fn page(&mut self, run: &Run, page: usize) -> io::Result<&[u8]> {
        if self.tags.is_empty() {
            self.tags = vec![(0, 0); CACHED_PAGES];
            self.data = vec![0; CACHED_PAGES * PAGE];
        }
        let slot = ((run.number.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ page as u64)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9)
            >> 56) as usize
            % CACHED_PAGES;
        let bytes = run.page_bytes(page);
        let data = &mut self.data[slot * PAGE..slot * PAGE + bytes];
        if self.tags[slot] != (run.number, page) {
            run.store.read((page * PAGE) as u64, data)?;
            self.tags[slot] = (run.number, page);
        }
        Ok(data)
    }
}

/// A blocked Bloom filter: a key sets [`PROBES`] bits in one 512-bit block, so a lookup
/// touches one cache line.
#[derive(Debug)]
struct Filter {
    blocks: Vec<[u64; 8]>,
}

/// Bits a key sets in its block.
const PROBES: u32 = 6;

impl Filter {
    fn new(entries: usize) -> Filter {
        Filter {
            blocks: vec![[0; 8]; (entries * FILTER_BITS).div_ceil(512).max(1)],
        }
    }

    /// The key's block, and a hash whose 9-bit fields are its bits in the block. Keys are
    /// the smallest of many hashes, so mostly small numbers: they are mixed first.
    fn locate(&self, key: u32) -> (usize, u64) {
        let mut x = u64::from(key).wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        let block = ((x >> 32) * self.blocks.len() as u64) >> 32;
        (block as usize, x.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn insert(&mut self, key: u32) {
        let (b, mut h) = self.locate(key);
        for _ in 0..PROBES {
            let bit = (h & 511) as usize;
            self.blocks[b][bit / 64] |= 1 << (bit % 64);
            h >>= 9;
        }
    }

    fn may_contain(&self, key: u32) -> bool {
        let (b, mut h) = self.locate(key);
        let block = &self.blocks[b];
        let mut all = true;
        for _ in 0..PROBES {
            let bit = (h & 511) as usize;
            all &= block[bit / 64] & (1 << (bit % 64)) != 0;
            h >>= 9;
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The postings as a plain map, with the cap.
    #[derive(Default)]
    struct Reference(BTreeMap<u32, Vec<u32>>);

    impl Reference {
        fn insert(&mut self, key: u32, article: u32) {
            let list = self.0.entry(key).or_default();
            if list.len() < MAX_POSTINGS {
                list.push(article);
            }
        }
        fn get(&self, key: u32) -> Vec<u32> {
            self.0.get(&key).cloned().unwrap_or_default()
        }
    }

    fn listed(p: &mut Postings, key: u32) -> Vec<u32> {
        let mut v = Vec::new();
        let n = p.each(key, |a| v.push(a)).unwrap();
        assert_eq!(n, v.len());
        v.sort_unstable();
        v
    }

    /// xorshift64*: test inputs without a dependency.
    fn rng(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    #[test]
    fn the_table_lists_many_and_caps_a_key() {
        let mut p = Postings::default();
        for a in 0..1000 {
            p.insert(a % 7, a).unwrap();
        }
        let seen = listed(&mut p, 3);
        assert_eq!(seen.len(), MAX_POSTINGS);
        assert!(seen.iter().all(|a| a % 7 == 3));
        assert_eq!(listed(&mut p, 99), Vec::<u32>::new());
        assert!(p.runs.is_empty(), "in memory, nothing is written out");
    }

    /// Runs written out and merged, in memory and in temporary files, list exactly what a
    /// plain map with the cap lists: keys from a small range (many capped, lists across page
    /// boundaries and across runs) and from all of `u32` (mostly single), looked up as they
    /// are added.
    #[test]
    fn runs_list_what_a_map_lists() {
        for on_disk in [false, true] {
            let mut p = Postings::with_limit(100, 300, on_disk);
            let mut r = Reference::default();
            let mut state = 0x1234_5678_9abc_def1u64;
            for article in 0..40_000u32 {
                let x = rng(&mut state);
                let key = match x % 3 {
                    0 => (x >> 8) as u32 % 300,
                    _ => (x >> 16) as u32,
                };
                p.insert(key, article).unwrap();
                r.insert(key, article);
                if article % 97 == 0 {
                    let probe = (rng(&mut state) >> 20) as u32 % 400;
                    assert_eq!(listed(&mut p, probe), r.get(probe), "key {probe}");
                }
            }
            for key in (0..400).chain(r.0.keys().copied().step_by(37).collect::<Vec<_>>()) {
                assert_eq!(listed(&mut p, key), r.get(key), "key {key}");
            }
            // Runs of 300 entries: the run sizes are the binary digits of the count written.
            let written = p.runs.iter().map(|run| run.len).sum::<usize>();
            assert_eq!(
                written + p.table.len,
                r.0.values().map(Vec::len).sum::<usize>()
            );
            assert_eq!(
                p.runs.len(),
                (written / 300).count_ones() as usize,
                "{on_disk}"
            );
            assert!(p.runs.iter().all(|run| run.store.is_on_disk() == on_disk));
            assert!(p.runs.windows(2).all(|w| w[0].level > w[1].level));
        }
    }

    /// Extremes of a key's place in a run: the smallest and largest keys, a key whose entries
    /// fill pages, and keys between and beyond every entry.
    #[test]
    fn keys_at_the_ends_of_runs_and_pages() {
        let mut p = Postings::with_limit(16, 2 * PAGE_ENTRIES, false);
        let mut r = Reference::default();
        let mut article = 0;
        for round in 0..4u32 {
            for key in [0, 1, u32::MAX, u32::MAX - 1, 1000 + round] {
                for _ in 0..40 {
                    p.insert(key, article).unwrap();
                    r.insert(key, article);
                    article += 1;
                }
            }
            for k in 0..600 {
                let key = 2 * (k * 3_500_000 + round);
                p.insert(key, article).unwrap();
                r.insert(key, article);
                article += 1;
            }
        }
        assert!(!p.runs.is_empty());
        for key in [
            0,
            1,
            2,
            3,
            999,
            1000,
            1003,
            1004,
            u32::MAX - 2,
            u32::MAX - 1,
            u32::MAX,
        ]
        .into_iter()
        .chain((0..1200).map(|k| k * 3_500_000))
        {
            assert_eq!(listed(&mut p, key), r.get(key), "key {key}");
        }
    }

    /// A filter has no false negatives, and its false positives are near the rate its size
    /// gives (about 0.4% at 12 bits a key and 6 probes).
    #[test]
    fn the_filter_finds_every_key_and_few_others() {
        let mut f = Filter::new(10_000);
        for k in 0..10_000u32 {
            f.insert(k * 2);
        }
        assert!((0..10_000u32).all(|k| f.may_contain(k * 2)));
        let false_positives = (0..100_000u32).filter(|k| f.may_contain(k * 2 + 1)).count();
        assert!(false_positives < 1_000, "{false_positives} in 100,000");
    }

    /// A run that cannot be written fails with the error.
    #[cfg(unix)]
    #[test]
    fn a_run_that_cannot_be_written_fails() {
        let mut w = RunWriter::new(
            ScratchSpace::Disk {
                file: std::fs::File::open("/dev/null").unwrap(),
                len: 0,
            },
            CHUNK / ENTRY,
        );
        let mut result = Ok(());
        for k in 0..(CHUNK / ENTRY) as u32 {
            result = result.and(w.push(k, k));
        }
        assert!(result.is_err());
    }
}
