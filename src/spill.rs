//! The article rows of a large report, kept in temporary files instead of in memory.
//!
//! A report lists every article with its counts (`articles` in `report.json`, one row per
//! article × frame × stance in `report.csv`, every input in the manifest). Kept in memory,
//! those rows would grow with the corpus: about 1.3 KB an article. Past [`SPILL_AFTER`]
//! articles, the accumulator appends each row to three anonymous temporary files (unlinked when created) as it
//! arrives, and the renderers read the rows back, one at a time, when they write the files.
//! Memory then holds nothing per article: rows are read back in the order they were written,
//! unless they came out of path order (see below).
//!
//! A row is kept as what the output files need, made once on a scoring thread ([`Row`]), so
//! that writing them is mostly copying: the *head* (path and SHA-256, for the manifests and
//! for putting rows in order) goes to one file, the article's `report.json` text (already
//! indented for its place) to another, and its `report.csv` rows in a compact form to the
//! third, so that each output file reads only what it writes. The rows are written without
//! the mentions the evidence sample keeps and without their twins: the sample and the twin
//! links are small and kept in memory, by row number, and put back on each row as it is
//! written. The HTML and Markdown pages read back only the first rows they list: what their
//! evidence shows of the other articles is kept with the sample ([`EvidenceArticle`]).
//!
//! Rows are read in path order: a run hands articles on in path order, so the files are in
//! path order too and are read straight through. Rows from score files of several shards come
//! in any order: then, at the end, the heads are read back once for each row's path and its
//! place in the three files, and those places, sorted by path, are kept (three 8-byte offsets
//! an article, for that case only).

use crate::encode::article_json::ARTICLE_INDENT;
use crate::model::{ArticleReport, ArticleStore, Articles, MentionReport};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

/// Articles kept in memory before the rows move to a temporary file. Below this, a report
/// is small enough that the rows cost little; tests of the spilled path set it to 0.
pub const SPILL_AFTER: usize = 2_000;

/// One article row as the spill files keep it (see the module documentation).
#[derive(Debug, Clone)]
pub struct Row {
    /// The path's length, the path, the SHA-256.
    head: Vec<u8>,
    /// Where the empty mention list is in the JSON (`u32::MAX`: not empty), then the JSON
    /// ([`crate::render::json::article_fragment`], written by
    /// [`crate::encode::article_json::article_pretty`] in place).
    json: Vec<u8>,
    /// The CSV rows in [`crate::encode::csv_rows::encode_rows`] form.
    csv: Vec<u8>,
}

impl Row {
    /// `article` as a spill row of a report whose frames are `frames` (their ids in order).
    /// Its mentions are kept as they are (the accumulator takes out those the sample keeps);
    /// its twins are left out (they are linked when the report is finished).
    pub fn new(article: &ArticleReport, frames: &[&str]) -> Row {
        let mut head = Vec::with_capacity(4 + article.path.len() + article.sha256.len());
        put(&mut head, article.path.as_bytes());
        head.extend_from_slice(article.sha256.as_bytes());
        // The JSON is written in place, after room for the mention list's place (filled in
        // below).
        let mut json = String::with_capacity(4096);
        json.push_str("\0\0\0\0");
        let at = if article.twins.is_empty() {
            crate::encode::article_json::article_pretty(article, ARTICLE_INDENT, &mut json)
        } else {
            crate::encode::article_json::article_pretty(
                &ArticleReport {
                    twins: Vec::new(),
                    ..article.clone()
                },
                ARTICLE_INDENT,
                &mut json,
            )
        };
        let mut json = json.into_bytes();
        let at = at.and_then(|at| u32::try_from(at - 4).ok());
        json[..4].copy_from_slice(&at.unwrap_or(u32::MAX).to_le_bytes());
        let mut csv = Vec::with_capacity(512);
        crate::encode::csv_rows::encode_rows(article, frames, &mut csv);
        Row { head, json, csv }
    }

    /// The article's path.
    pub fn path(&self) -> &str {
        Head::parse(&self.head).path
    }
}

/// Appends `bytes` with their length before them.
fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Splits `n` bytes off the front of `bytes` (fewer if there are not so many).
fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, rest) = bytes.split_at(n.min(bytes.len()));
    *bytes = rest;
    head
}

/// A little-endian `u32` split off the front of `bytes`.
fn take_u32(bytes: &mut &[u8]) -> u32 {
    u32::from_le_bytes(take(bytes, 4).try_into().unwrap_or_default())
}

/// A row's head, read back.
struct Head<'a> {
    path: &'a str,
    sha256: &'a str,
}

impl<'a> Head<'a> {
    fn parse(mut bytes: &'a [u8]) -> Head<'a> {
        let len = take_u32(&mut bytes) as usize;
        let path = take(&mut bytes, len);
        // Written from `&str`s, so valid UTF-8 unless the file was damaged.
        let text = |b: &'a [u8]| std::str::from_utf8(b).unwrap_or_default();
        Head {
            path: text(path),
            sha256: text(bytes),
        }
    }
}

/// One row's JSON as `report.json` is written from it, with its sampled mentions and
/// twins.
pub struct Body<'a> {
    /// The article's `report.json` text without the sampled mentions and twins (see
    /// [`crate::render::json::article_fragment`]).
    pub json: &'a [u8],
    /// Where the `[` of the empty mention list is in `json`.
    pub mentions_at: Option<usize>,
    /// The mentions of the evidence sample in this article, in order.
    pub mentions: &'a [MentionReport],
    /// Later inputs skipped as copies of this article.
    pub twins: &'a [String],
}

impl<'a> Body<'a> {
    fn parse(mut bytes: &'a [u8], extra: Option<&'a Extra>) -> Body<'a> {
        let at = take_u32(&mut bytes);
        Body {
            json: bytes,
            mentions_at: (at != u32::MAX).then_some(at as usize),
            mentions: extra.map_or(&[], |e| &e.mentions),
            twins: extra.map_or(&[], |e| &e.twins),
        }
    }

    /// The whole article, read back from its JSON, with its sampled mentions and twins.
    pub fn article(&self) -> std::io::Result<ArticleReport> {
        let mut row: ArticleReport = serde_json::from_slice(self.json)?;
        if !self.mentions.is_empty() {
            row.mentions.extend(self.mentions.iter().cloned());
            row.mentions.sort_by(mention_order);
        }
        row.twins = self.twins.to_vec();
        Ok(row)
    }
}

/// The order of an article's mentions.
fn mention_order(x: &MentionReport, y: &MentionReport) -> std::cmp::Ordering {
    (x.start, x.end, &x.frame).cmp(&(y.start, y.end, &y.frame))
}

/// What is put back on one row: its sampled mentions (in order) and its twins.
#[derive(Debug, Default)]
struct Extra {
    mentions: Vec<MentionReport>,
    /// Mentions on the row already (every mention is, with `evidence_per_frame = 0`) that
    /// the pages may show: not put back on the row, only on the pages' copy of it.
    page: Vec<MentionReport>,
    twins: Vec<String>,
    /// The article of the sampled mentions (`None` when it has none).
    article: Option<Arc<EvidenceArticle>>,
}

impl Extra {
    /// The row as the HTML and Markdown pages' evidence needs it, from what the sample
    /// kept: path, outlet, title, date, the sampled mentions and the twins.
    fn evidence_row(&self) -> Option<ArticleReport> {
        let a = self.article.as_deref()?;
        let mut mentions = self.mentions.clone();
        mentions.extend(self.page.iter().cloned());
        Some(ArticleReport {
            path: a.path.clone(),
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            date: a.date.clone(),
            mentions,
            twins: self.twins.clone(),
            ..ArticleReport::default()
        })
    }
}

/// The article of a mention in the evidence sample: what a passage on the HTML and Markdown
/// pages shows of it besides the mention. Kept with the sample (one for all the mentions of
/// an article), so that the pages need not read the spill files for the articles that hold
/// evidence, scattered through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceArticle {
    pub path: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<String>,
}

impl EvidenceArticle {
    /// What the evidence shows of `a`.
    pub fn of(a: &ArticleReport) -> EvidenceArticle {
        EvidenceArticle {
            path: a.path.clone(),
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            date: a.date.clone(),
        }
    }
}

/// The spill files being written.
pub struct SpillWriter {
    heads: BufWriter<std::fs::File>,
    jsons: BufWriter<std::fs::File>,
    csvs: BufWriter<std::fs::File>,
    /// Rows written.
    rows: usize,
    /// The last path written, to notice rows that come out of path order.
    last_path: String,
    in_order: bool,
    /// The report's frame ids, in config order (the CSV rows are made for them).
    frames: Vec<String>,
}

impl SpillWriter {
    /// Spill files for the rows of a report whose frames are `frames` (ids, in order).
    pub fn new(frames: Vec<String>) -> std::io::Result<SpillWriter> {
        Ok(SpillWriter {
            heads: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            jsons: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            csvs: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
            rows: 0,
            last_path: String::new(),
            in_order: true,
            frames,
        })
    }

    /// The frame ids the rows are made for.
    pub fn frames(&self) -> &[String] {
        &self.frames
    }

    /// Appends one row, as it is (the accumulator has taken out the mentions it samples).
    pub fn push(&mut self, article: &ArticleReport) -> std::io::Result<()> {
        let frames: Vec<&str> = self.frames.iter().map(String::as_str).collect();
        self.push_row(&Row::new(article, &frames))
    }

    /// Appends one row made already.
    pub fn push_row(&mut self, row: &Row) -> std::io::Result<()> {
        self.rows += 1;
        for (file, bytes) in [
            (&mut self.heads, &row.head),
            (&mut self.jsons, &row.json),
            (&mut self.csvs, &row.csv),
        ] {
            file.write_all(&(bytes.len() as u32).to_le_bytes())?;
            file.write_all(bytes)?;
        }
        let path = row.path();
        if path < self.last_path.as_str() {
            self.in_order = false;
        }
        self.last_path.clear();
        self.last_path.push_str(path);
        Ok(())
    }

    /// The finished spill, with the evidence sample (mentions with their article), the
    /// mentions the pages may show of rows that keep every mention (see [`Extra`]), and
    /// the twin links (the article's path, the copy's path, in the copies' path order) to
    /// put back on the rows.
    pub fn finish(
        self,
        mut mentions: Vec<(Arc<EvidenceArticle>, MentionReport)>,
        mut pages: Vec<(Arc<EvidenceArticle>, MentionReport)>,
        mut twins: Vec<(&str, &str)>,
    ) -> std::io::Result<Spill> {
        let heads = self.heads.into_inner().map_err(|e| e.into_error())?;
        let jsons = self.jsons.into_inner().map_err(|e| e.into_error())?;
        let csvs = self.csvs.into_inner().map_err(|e| e.into_error())?;
        let mut spill = Spill {
            heads,
            jsons,
            csvs,
            rows: self.rows,
            offsets: Vec::new(),
            in_order: self.in_order,
            extras: Vec::new(),
            frames: self.frames,
            released: Default::default(),
        };
        // The sample and the twins by path, matched with the rows as their paths go past in
        // order (stable sorts: the twins stay in their order).
        mentions.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        pages.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        twins.sort_by(|a, b| a.0.cmp(b.0));
        let (mut m, mut p, mut t) = (0, 0, 0);
        let mut extras = Vec::new();
        let mut visit = |i: usize, path: &str| {
            let sampled = of_path(&mentions, &mut m, path, |a| a.path.as_str());
            let page = of_path(&pages, &mut p, path, |a| a.path.as_str());
            let copies = of_path(&twins, &mut t, path, |a| a);
            if !sampled.is_empty() || !page.is_empty() || !copies.is_empty() {
                let mut extra = Extra {
                    mentions: sampled.iter().map(|s| s.1.clone()).collect(),
                    page: page.iter().map(|s| s.1.clone()).collect(),
                    twins: copies.iter().map(|s| s.1.to_string()).collect(),
                    article: sampled.iter().chain(page).next().map(|s| s.0.clone()),
                };
                extra.mentions.sort_by(mention_order);
                extra.page.sort_by(mention_order);
                extras.push((i, extra));
            }
        };
        let mut heads = Records::open(&spill.heads)?;
        if spill.in_order {
            for i in 0..spill.rows {
                visit(i, Head::parse(heads.read(None)?).path);
            }
        } else {
            // Put the rows in path order: read each row's path back once, with where the row
            // starts in each file.
            let mut jsons = Records::open(&spill.jsons)?;
            let mut csvs = Records::open(&spill.csvs)?;
            let mut keyed = Vec::with_capacity(spill.rows);
            for _ in 0..spill.rows {
                let at = [heads.at, jsons.at, csvs.at];
                jsons.skip()?;
                csvs.skip()?;
                keyed.push((Head::parse(heads.read(None)?).path.to_string(), at));
            }
            keyed.sort();
            for (i, (path, _)) in keyed.iter().enumerate() {
                visit(i, path);
            }
            spill.offsets = keyed.into_iter().map(|(_, at)| at).collect();
        }
        spill.extras = extras;
        Ok(spill)
    }
}

/// The entries of `list` (sorted by `path_of` their first part) from `*at` on whose path is
/// `path`, with `*at` moved past those before `path`, not past `path`'s own: a path that
/// comes twice (from two shards) gets them twice.
fn of_path<'l, K, V>(
    list: &'l [(K, V)],
    at: &mut usize,
    path: &str,
    path_of: impl Fn(&K) -> &str,
) -> &'l [(K, V)] {
    while list.get(*at).is_some_and(|s| path_of(&s.0) < path) {
        *at += 1;
    }
    let n = list[*at..]
        .iter()
        .take_while(|s| path_of(&s.0) == path)
        .count();
    &list[*at..*at + n]
}

/// Reads one of the spill files row by row.
struct Records {
    reader: BufReader<ReadAt>,
    /// Where the reader is in the file.
    at: u64,
    /// The number of the row it is at, when the file is read in order.
    next: usize,
    buf: Vec<u8>,
}

impl Records {
    fn open(file: &std::fs::File) -> std::io::Result<Records> {
        let file = ReadAt {
            file: file.try_clone()?,
            at: 0,
        };
        Ok(Records {
            reader: BufReader::with_capacity(1 << 16, file),
            at: 0,
            next: 0,
            buf: Vec::new(),
        })
    }

    /// The row at `at` (`None`: the next one).
    fn read(&mut self, at: Option<u64>) -> std::io::Result<&[u8]> {
        if let Some(at) = at.filter(|&at| at != self.at) {
            self.reader.seek(SeekFrom::Start(at))?;
            self.at = at;
        }
        let len = self.len()?;
        self.buf.resize(len, 0);
        self.reader.read_exact(&mut self.buf)?;
        self.at += len as u64;
        self.next += 1;
        Ok(&self.buf)
    }

    /// The length of the row the reader is at, read past.
    fn len(&mut self) -> std::io::Result<usize> {
        let mut len = [0; 4];
        self.reader.read_exact(&mut len)?;
        self.at += 4;
        Ok(u32::from_le_bytes(len) as usize)
    }

    /// Moves past the next row without reading it (within the buffer, mostly, with no
    /// system call).
    fn skip(&mut self) -> std::io::Result<()> {
        let len = self.len()?;
        self.reader.seek_relative(len as i64)?;
        self.at += len as u64;
        self.next += 1;
        Ok(())
    }

    /// Moves forward, reading the file in order, to row number `row`.
    fn skip_to(&mut self, row: usize) -> std::io::Result<()> {
        while self.next < row {
            self.skip()?;
        }
        Ok(())
    }
}

/// A reader of a file at its own place: reads are positioned (`pread`), so readers of one
/// anonymous file, which cannot be opened again by name, do not move one another.
struct ReadAt {
    file: std::fs::File,
    at: u64,
}

impl Read for ReadAt {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

impl Seek for ReadAt {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::Current(d) => self.at.checked_add_signed(d),
            SeekFrom::End(d) => self.file.metadata()?.len().checked_add_signed(d),
        };
        self.at = at.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.at)
    }
}

/// The rows of a report in anonymous temporary files: unlinked as they are created, so they
/// are gone when the report is dropped or the process ends, however it ends (`kill -9`
/// included), and nothing is left in `$TMPDIR` to sweep.
pub struct Spill {
    heads: std::fs::File,
    jsons: std::fs::File,
    csvs: std::fs::File,
    /// The number of rows.
    rows: usize,
    /// Where each row starts in each file, in path order, when the files are not in path
    /// order (empty when they are).
    offsets: Vec<[u64; 3]>,
    /// The files themselves are in path order (no seeking needed).
    in_order: bool,
    /// What is put back on the rows, by row number (ascending).
    extras: Vec<(usize, Extra)>,
    /// The frame ids the CSV rows were made for.
    frames: Vec<String>,
    /// The parts released ([`Spill::release`]), a bit for each.
    released: std::sync::atomic::AtomicU8,
}

/// A part of the rows that one output file reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The `report.json` rows (also read for the rows the pages list).
    Json,
    /// The `report.csv` rows.
    Csv,
}

impl Part {
    fn bit(self) -> u8 {
        1 << self.file()
    }

    /// Its file's number among the spill files (0 is the heads').
    fn file(self) -> usize {
        match self {
            Part::Json => 1,
            Part::Csv => 2,
        }
    }

    /// The output file written from it.
    fn output(self) -> &'static str {
        match self {
            Part::Json => "report.json",
            Part::Csv => "report.csv",
        }
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spill({} rows)", self.len())
    }
}

impl Spill {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The frame ids, in order, that the rows' CSV form was made for.
    pub fn frame_ids(&self) -> &[String] {
        &self.frames
    }

    /// Frees the rows of `part` once the last output file that reads them is written: the
    /// file is cut to nothing, so the pages it held in the page cache are free at once for
    /// the next file to reuse. Fresh pages cost more to write to than reused ones, most of all
    /// in a virtual machine that hands its free memory back to the host: on this project's,
    /// releasing the JSON rows (0.6 GB at 1 GB of articles) before `report.csv` is written
    /// saves a second. Reading `part` afterwards is an error.
    pub fn release(&self, part: Part) -> std::io::Result<()> {
        self.released
            .fetch_or(part.bit(), std::sync::atomic::Ordering::SeqCst);
        self.file(part).set_len(0)
    }

    /// The temporary file of `part`.
    fn file(&self, part: Part) -> &std::fs::File {
        match part {
            Part::Json => &self.jsons,
            Part::Csv => &self.csvs,
        }
    }

    /// A reader of `part`'s file, unless it was released.
    fn open(&self, part: Part) -> std::io::Result<Records> {
        let released = self.released.load(std::sync::atomic::Ordering::SeqCst);
        if released & part.bit() != 0 {
            return Err(std::io::Error::other(format!(
                "the article rows {} is written from were released once it was written",
                part.output()
            )));
        }
        Records::open(self.file(part))
    }

    /// Where row `i` is in file `k` (0: heads, 1: JSON, 2: CSV), when the file must be
    /// sought.
    fn seek(&self, i: usize, k: usize) -> Option<u64> {
        (!self.in_order).then(|| self.offsets[i][k])
    }

    /// Hands every row's JSON, in path order, to `f`.
    pub fn for_each_body(
        &self,
        f: &mut dyn FnMut(Body<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut jsons = self.open(Part::Json)?;
        let mut extras = self.extras.iter().peekable();
        for i in 0..self.len() {
            let bytes = jsons.read(self.seek(i, Part::Json.file()))?;
            let extra = extras.next_if(|(k, _)| *k == i).map(|(_, e)| e);
            f(Body::parse(bytes, extra))?;
        }
        Ok(())
    }

    /// Hands every row's `report.csv` rows, in path order and in the form of
    /// [`crate::encode::csv_rows::encode_rows`], to `f`.
    pub fn for_each_csv(
        &self,
        f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut csvs = self.open(Part::Csv)?;
        for i in 0..self.len() {
            f(csvs.read(self.seek(i, Part::Csv.file()))?)?;
        }
        Ok(())
    }

    /// Every row in path order, with its sampled mentions and twins put back. Each call reads
    /// the file anew, so several readers can go through the rows independently.
    pub fn rows(&self) -> impl Iterator<Item = std::io::Result<ArticleReport>> + '_ {
        self.articles(|_, _| true)
    }

    /// The rows an HTML or Markdown page lists: the first `first` in path order, read back
    /// whole, then those past them that hold evidence, in path order, as the evidence shows
    /// them ([`EvidenceArticle`]: not read back, so their other fields are empty).
    pub fn shown(&self, first: usize) -> impl Iterator<Item = std::io::Result<ArticleReport>> + '_ {
        let evidence = self
            .extras
            .iter()
            .filter(move |(i, _)| *i >= first)
            .filter_map(|(_, e)| e.evidence_row().map(Ok));
        self.articles(move |i, _| i < first)
            .take(first)
            .chain(evidence)
    }

    /// The rows `keep` keeps (given the row number and what is put back on it), in path
    /// order.
    fn articles<'s>(
        &'s self,
        keep: impl Fn(usize, Option<&Extra>) -> bool + 's,
    ) -> impl Iterator<Item = std::io::Result<ArticleReport>> + 's {
        let mut bodies = self.open(Part::Json);
        let mut extras = self.extras.iter().peekable();
        (0..self.len()).filter_map(move |i| {
            let extra = extras.next_if(|(k, _)| *k == i).map(|(_, e)| e);
            if !keep(i, extra) {
                return None;
            }
            let bodies = match &mut bodies {
                Ok(b) => b,
                Err(e) => return Some(Err(std::io::Error::new(e.kind(), e.to_string()))),
            };
            // In order, the rows not kept are skipped past on the way; out of order, each
            // read is sought.
            let at = match self.seek(i, Part::Json.file()) {
                Some(at) => Ok(Some(at)),
                None => bodies.skip_to(i).map(|()| None),
            };
            Some(at.and_then(|at| {
                bodies
                    .read(at)
                    .and_then(|bytes| Body::parse(bytes, extra).article())
            }))
        })
    }

    /// Every row's path, in path order.
    pub fn paths(&self) -> impl Iterator<Item = std::io::Result<String>> + '_ {
        self.heads().map(|h| h.map(|(path, _)| path))
    }

    /// (path, SHA-256) of every row in path order, for the manifest.
    pub fn hashes(&self) -> impl Iterator<Item = std::io::Result<(String, String)>> + '_ {
        self.heads()
    }

    fn heads(&self) -> impl Iterator<Item = std::io::Result<(String, String)>> + '_ {
        let mut heads = Records::open(&self.heads);
        (0..self.len()).map(move |i| {
            let heads = heads
                .as_mut()
                .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))?;
            let head = Head::parse(heads.read(self.seek(i, 0))?);
            Ok((head.path.to_string(), head.sha256.to_string()))
        })
    }
}

impl ArticleStore for Spill {
    fn len(&self) -> usize {
        self.rows
    }

    fn rows(&self) -> Box<dyn Iterator<Item = std::io::Result<ArticleReport>> + '_> {
        Box::new(Spill::rows(self))
    }

    fn paths(&self) -> Box<dyn Iterator<Item = std::io::Result<String>> + '_> {
        Box::new(Spill::paths(self))
    }

    fn hashes(&self) -> Box<dyn Iterator<Item = std::io::Result<(String, String)>> + '_> {
        Box::new(Spill::hashes(self))
    }

    fn shown(&self, first: usize) -> std::io::Result<Vec<ArticleReport>> {
        Spill::shown(self, first).collect()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The spill file that holds a report's articles, when they are kept in one.
pub fn of(articles: &Articles) -> Option<&Spill> {
    articles.store()?.as_any().downcast_ref::<Spill>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows written in reverse path order (as shards may give them) and in path order (as a
    /// run does) read back the same, sorted, with their sample and twins put back.
    #[test]
    fn a_row_reads_back_whole() {
        for reversed in [true, false] {
            reads_back_whole(reversed);
        }
    }

    fn reads_back_whole(reversed: bool) {
        let report = crate::render::tests::sample_report();
        let mut w = SpillWriter::new(vec!["alliance".into(), "partnership".into()]).unwrap();
        let mut rows: Vec<ArticleReport> = report.articles.in_memory().to_vec();
        rows.sort_by(|a, b| a.path.cmp(&b.path));
        if reversed {
            rows.reverse();
        }
        let mut sampled = Vec::new();
        for r in &rows {
            // The sample's mentions go back in reverse, and one row gets a twin.
            let bare = ArticleReport {
                mentions: vec![],
                ..r.clone()
            };
            w.push(&bare).unwrap();
            let article = Arc::new(EvidenceArticle::of(r));
            sampled.extend(
                r.mentions
                    .iter()
                    .rev()
                    .map(|m| (article.clone(), m.clone())),
            );
        }
        let twin = (rows[0].path.clone(), "z/copy.txt".to_string());
        let spill = w
            .finish(
                sampled,
                Vec::new(),
                vec![(twin.0.as_str(), twin.1.as_str())],
            )
            .unwrap();
        assert_eq!(
            spill.offsets.is_empty(),
            !reversed,
            "offsets kept only out of order"
        );
        let mut expected: Vec<ArticleReport> = report.articles.in_memory().to_vec();
        expected.sort_by(|a, b| a.path.cmp(&b.path));
        for a in &mut expected {
            a.mentions.sort_by(mention_order);
        }
        let first = expected
            .iter_mut()
            .find(|a| a.path == rows[0].path)
            .unwrap();
        first.twins = vec!["z/copy.txt".into()];
        let back: Vec<ArticleReport> = spill.rows().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, expected);
        let paths: Vec<String> = spill.paths().collect::<Result<_, _>>().unwrap();
        let want: Vec<String> = expected.iter().map(|a| a.path.clone()).collect();
        assert_eq!(paths, want);
        // The first row whole, then only rows with sampled evidence, as the evidence shows
        // them (not read back: their counts are left empty), skipping the others.
        let shown: Vec<ArticleReport> = spill.shown(1).collect::<Result<_, _>>().unwrap();
        let want: Vec<ArticleReport> = expected
            .iter()
            .enumerate()
            .filter(|(i, a)| *i < 1 || !a.mentions.is_empty())
            .map(|(i, a)| match i {
                0 => a.clone(),
                _ => ArticleReport {
                    path: a.path.clone(),
                    outlet: a.outlet.clone(),
                    title: a.title.clone(),
                    date: a.date.clone(),
                    mentions: a.mentions.clone(),
                    twins: a.twins.clone(),
                    ..ArticleReport::default()
                },
            })
            .collect();
        assert_eq!(shown, want);
        assert!(want.len() > 1, "an evidence row past the first");
        assert!(want.len() < expected.len(), "some row is skipped");
    }
}
