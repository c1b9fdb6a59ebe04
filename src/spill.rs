//! The article rows of a large report, kept in a temporary file instead of in memory.
//!
//! A report lists every article with its counts (`articles` in `report.json`, one row per
//! article × frame × stance in `report.csv`, every input in the manifest). Kept in memory,
//! those rows would grow with the corpus: about 1.3 KB an article. Past
//! [`SPILL_AFTER`] articles, the accumulator writes each row as one JSON line to an
//! anonymous temporary file as it arrives, and the renderers read the rows back, one at a
//! time, when they write the files. Memory then holds, per article, one 8-byte offset.
//!
//! The rows are written without the mentions the evidence sample keeps and without their
//! twins: the sample and the twin links are small and kept in memory, and put back on each
//! row as it is read. Rows are read
//! in path order: a run hands articles on in path order, so the file is in path order too;
//! rows from score files of several shards come in any order, and their offsets are sorted
//! by path at the end (reading the paths back once).

use crate::model::{ArticleReport, MentionReport};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

/// Articles kept in memory before the rows move to a temporary file. Below this, a report
/// is small enough that the rows cost little; tests of the spilled path set it to 0.
pub const SPILL_AFTER: usize = 2_000;

/// A row as one line of a spill file: its JSON and a line end.
pub fn line(row: &ArticleReport) -> Vec<u8> {
    let mut line = crate::json::article_line(row).into_bytes();
    line.push(b'\n');
    line
}

/// A spill file being written.
pub struct SpillWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    written: u64,
    offsets: Vec<u64>,
    /// The last path written, to notice rows that come out of path order.
    last_path: String,
    in_order: bool,
}

impl SpillWriter {
    pub fn new() -> std::io::Result<SpillWriter> {
        Ok(SpillWriter {
            file: BufWriter::with_capacity(1 << 16, tempfile::NamedTempFile::new()?),
            written: 0,
            offsets: Vec::new(),
            last_path: String::new(),
            in_order: true,
        })
    }

    /// Appends one row, as it is (the accumulator has taken out the mentions it samples).
    pub fn push(&mut self, row: &ArticleReport) -> std::io::Result<()> {
        self.push_line(&row.path, &line(row))
    }

    /// Appends one row's [`line`]; `path` is the row's path.
    pub fn push_line(&mut self, path: &str, line: &[u8]) -> std::io::Result<()> {
        self.file.write_all(line)?;
        self.offsets.push(self.written);
        self.written += line.len() as u64;
        if path < self.last_path.as_str() {
            self.in_order = false;
        }
        self.last_path.clear();
        self.last_path.push_str(path);
        Ok(())
    }

    /// The finished spill, with the evidence sample and twin links to put back on the rows.
    pub fn finish(
        self,
        mentions: HashMap<String, Vec<MentionReport>>,
        twins: HashMap<String, Vec<String>>,
    ) -> std::io::Result<Spill> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        let mut spill = Spill {
            file,
            offsets: self.offsets,
            in_order: self.in_order,
            mentions,
            twins,
        };
        if !spill.in_order {
            // Put the offsets in path order: read each row's path back once.
            let mut keyed = Vec::with_capacity(spill.offsets.len());
            let mut reader = BufReader::new(std::fs::File::open(spill.file.path())?);
            let mut line = String::new();
            for &at in &spill.offsets {
                line.clear();
                reader.read_line(&mut line)?;
                let row: PathOnly = serde_json::from_str(&line)?;
                keyed.push((row.path, at));
            }
            keyed.sort();
            spill.offsets = keyed.into_iter().map(|(_, at)| at).collect();
        }
        Ok(spill)
    }
}

#[derive(serde::Deserialize)]
struct PathOnly {
    path: String,
}

#[derive(serde::Deserialize)]
struct PathAndHash {
    path: String,
    #[serde(default)]
    sha256: String,
}

/// The rows of a report in a temporary file (deleted when the report is dropped).
pub struct Spill {
    file: tempfile::NamedTempFile,
    /// Where each row starts, in path order.
    offsets: Vec<u64>,
    /// The file itself is in path order (no seeking needed).
    in_order: bool,
    /// The evidence sample, by article path.
    mentions: HashMap<String, Vec<MentionReport>>,
    /// Later copies of each article, by article path.
    twins: HashMap<String, Vec<String>>,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spill({} rows at {:?})", self.len(), self.file.path())
    }
}

impl Spill {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// Every row in path order, with its sampled mentions and twins put back. Each call reads
    /// the file anew, so several readers can go through the rows independently.
    pub fn rows(&self) -> impl Iterator<Item = std::io::Result<ArticleReport>> + '_ {
        self.scan(move |_, line| self.row(line).map(Some))
    }

    /// The rows an HTML or Markdown page lists: the first `first` in path order, and those
    /// that hold evidence. The others are read only as far as their path.
    pub fn shown(&self, first: usize) -> impl Iterator<Item = std::io::Result<ArticleReport>> + '_ {
        self.scan(move |i, line| {
            if i >= first {
                let row: PathOnly = serde_json::from_str(line)?;
                if !self.mentions.contains_key(&row.path) {
                    return Ok(None);
                }
            }
            self.row(line).map(Some)
        })
    }

    /// (path, SHA-256) of every row in path order, for the manifest.
    pub fn hashes(&self) -> impl Iterator<Item = std::io::Result<(String, String)>> + '_ {
        self.scan(|_, line| {
            let row: PathAndHash = serde_json::from_str(line)?;
            Ok(Some((row.path, row.sha256)))
        })
    }

    /// One row, with its sampled mentions and twins put back.
    fn row(&self, line: &str) -> std::io::Result<ArticleReport> {
        let mut row: ArticleReport = serde_json::from_str(line)?;
        if let Some(m) = self.mentions.get(&row.path) {
            row.mentions.extend(m.iter().cloned());
            row.mentions
                .sort_by(|x, y| (x.start, x.end, &x.frame).cmp(&(y.start, y.end, &y.frame)));
        }
        row.twins = self.twins.get(&row.path).cloned().unwrap_or_default();
        Ok(row)
    }

    /// Reads the lines in path order, handing each (with its index) to `parse`, and yields
    /// what it keeps.
    fn scan<'s, T: 's>(
        &'s self,
        mut parse: impl FnMut(usize, &str) -> std::io::Result<Option<T>> + 's,
    ) -> impl Iterator<Item = std::io::Result<T>> + 's {
        let mut reader =
            std::fs::File::open(self.file.path()).map(|f| BufReader::with_capacity(1 << 16, f));
        let mut line = String::new();
        self.offsets.iter().enumerate().filter_map(move |(i, &at)| {
            let mut next = || {
                let r = reader
                    .as_mut()
                    .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))?;
                if !self.in_order {
                    r.seek(SeekFrom::Start(at))?;
                }
                line.clear();
                r.read_line(&mut line)?;
                parse(i, &line)
            };
            next().transpose()
        })
    }
}
