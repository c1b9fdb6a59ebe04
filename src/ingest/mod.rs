//! Ingest: from a file's bytes to a clean [`Article`] whose every byte maps back to the file.
//!
//! The bytes are decoded first (`decode`: UTF-8, UTF-16, legacy single-byte encodings, binary
//! refused). Each format (`txt`, `markdown`, `html`, and the one-article-per-row exports in
//! `table`) turns the text into [`Para`]graphs and [`Meta`]data; this module then assigns the
//! outlet, cuts the outlet's boilerplate and the generic furniture (`clean`), drops repeated
//! paragraphs and joins what is left into the body that is counted. Paragraphs are kept as
//! text plus an [`Origin`] map to the source (runs of copied bytes, not an offset per byte),
//! so cleaning never loses track of where a word was. Articles that repeat an earlier one
//! are found across files by [`crate::dedup`].

mod block;
pub mod clean;
pub mod decode;
mod extract;
pub mod header;
mod html;
mod markdown;
pub mod origin;
mod roles;
pub mod table;
mod txt;

pub use header::{parse_date, parse_date_ordered, Meta};
pub use html::Dropped;
pub use origin::Origin;

use crate::config::{Config, Outlet, UNASSIGNED};
use crate::model::{Removed, Skipped};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// A paragraph: its text and, for each byte plus one past the end, the source offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    pub origin: Origin,
    /// The headline (title) of the article.
    pub headline: bool,
    /// An item of a list on a web page: never dropped as a repeat (two lists can share lines).
    pub list_item: bool,
}

impl Para {
    /// A paragraph that is the source's bytes `range` verbatim.
    pub fn verbatim(src: &str, range: Range<usize>, headline: bool) -> Para {
        Para {
            text: src[range.clone()].to_string(),
            origin: Origin::copy(range.start),
            headline,
            list_item: false,
        }
    }

    /// Cuts the paragraph to its first `len` bytes.
    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.origin.truncate(len);
    }

    /// The part of the paragraph in `range` (byte offsets of its text).
    pub fn slice(&self, range: Range<usize>) -> Para {
        Para {
            text: self.text[range.clone()].to_string(),
            origin: self.origin.slice(range),
            headline: self.headline,
            list_item: self.list_item,
        }
    }
}

/// A format's reading of one file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub meta: Meta,
    pub paras: Vec<Para>,
}

/// A cleaned article, ready to be matched.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path shown in reports.
    pub path: String,
    /// The decoded file text; mention offsets point into it.
    pub source: String,
    pub meta: Meta,
    /// The title shown in reports (the meta title, else the file name).
    pub title: String,
    pub outlet: String,
    /// Paragraphs joined by blank lines: the text that is counted.
    pub body: String,
    /// Source offset of each byte of `body`, plus one past the end.
    pub origin: Origin,
    /// Byte ranges of the paragraphs in `body`.
    pub paragraphs: Vec<Range<usize>>,
    /// The headline's range in `body`, when the article has one in its text.
    pub headline: Option<Range<usize>>,
    pub removed: Removed,
    /// What the reader should know about how the file was read (its encoding).
    pub warnings: Vec<String>,
}

impl Article {
    /// The source offset of a body offset (where the byte at `body` came from).
    pub fn source_offset(&self, body: usize) -> usize {
        self.origin.get(body)
    }

    /// The source offset that ends a body range ending at `body`: one past the source byte of
    /// the range's last byte, so that a range ending at a tag or paragraph end does not reach
    /// into the markup after it.
    pub fn source_end(&self, body: usize) -> usize {
        match body.checked_sub(1) {
            Some(last) => self.origin.get(last) + 1,
            None => self.origin.get(0),
        }
    }
}

/// The file formats framelens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Csv,
    Tsv,
    JsonLines,
}

/// The extensions framelens reads, for messages.
pub const EXTENSIONS: &str = ".txt, .md, .html, .htm, .csv, .tsv, .jsonl and .ndjson";

impl Format {
    /// The format of a path, by its extension.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// Every format, for tests and the fuzzer.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::Tsv,
        Format::JsonLines,
    ];
}

/// How a run reads its inputs (the `--input-format` and `--keep-boilerplate` flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Read every file as this format, whatever its extension.
    pub format: Option<Format>,
    /// Cut no boilerplate: no outlet markers, no `[cleaning]` rule.
    pub keep_boilerplate: bool,
    /// The report's output folder (`--out`): never read as input, even inside the corpus
    /// (see [`crate::inputs::Walk::new_apart`]).
    pub output: Option<PathBuf>,
}

/// The largest article framelens reads: a document file (text, Markdown, HTML) or a row's
/// text field longer than this is skipped with its size. The longest news articles are well
/// under 1 MiB; scoring takes several times an article's size in memory, and this keeps a
/// run's peak memory bounded whatever its inputs.
pub const MAX_ARTICLE_BYTES: usize = 8 * 1024 * 1024;

/// Why an input was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipReason(pub String);

/// Reads one file's bytes into an article. `path` is the display path. For an export with
/// one article per row, the first row's outcome.
pub fn ingest(
    path: &str,
    full_path: &Path,
    bytes: &[u8],
    config: &Config,
) -> Result<Article, SkipReason> {
    ingest_file(path, full_path, bytes.to_vec(), config, &Options::default())
        .into_iter()
        .next()
        .unwrap_or_else(|| {
            Err(Skipped {
                path: path.to_string(),
                reason: "no rows".into(),
                sha256: String::new(),
                duplicate_of: None,
            })
        })
        .map_err(|s| SkipReason(s.reason))
}

/// Reads one file into its articles: one for a document, one per row for an export. Every
/// outcome is an article or a [`Skipped`] with its reason (rows as `path#row-N` /
/// `path#line-N`), so nothing is lost.
pub fn ingest_file(
    path: &str,
    full_path: &Path,
    bytes: Vec<u8>,
    config: &Config,
    options: &Options,
) -> Vec<Result<Article, Skipped>> {
    match decode_file(path, full_path, bytes, config, options) {
        Ok(table) => {
            let mut rows = Vec::new();
            table.for_each_row(config, options, |r| rows.push(r));
            rows
        }
        Err(outcome) => outcome,
    }
}

/// A file decoded: a document's text, or an export whose rows are still to be read.
pub enum Decoded {
    Document(Format, decode::Decoded),
    Table(Table),
}

/// An export (CSV, TSV, JSON Lines) decoded, its rows read one at a time by
/// [`Table::for_each_row`], so that a run holds one row's article at a time, not the file's.
pub struct Table {
    path: String,
    full_path: PathBuf,
    format: Format,
    text: String,
    warnings: Vec<String>,
}

/// Reads a file of a format, not yet empty: its format checked against its size, then
/// decoded. `Err` is the file's one outcome (a skip).
#[allow(clippy::result_large_err)]
fn prepare_file(
    path: &str,
    full_path: &Path,
    format: Format,
    bytes: Vec<u8>,
) -> Result<Decoded, Vec<Result<Article, Skipped>>> {
    let skip = |reason: String| {
        vec![Err(Skipped {
            path: path.to_string(),
            reason,
            sha256: String::new(),
            duplicate_of: None,
        })]
    };
    let table = matches!(format, Format::Csv | Format::Tsv | Format::JsonLines);
    if !table && bytes.len() > MAX_ARTICLE_BYTES {
        return Err(skip(format!(
            "too large ({} bytes; the limit is {MAX_ARTICLE_BYTES})",
            bytes.len()
        )));
    }
    let declared = match format {
        Format::Html => decode::html_declared_charset(&bytes),
        _ => None,
    };
    let decoded = match decode::decode(bytes, declared) {
        Ok(d) => d,
        Err(r) => return Err(skip(r.0)),
    };
    if !table {
        return Ok(Decoded::Document(format, decoded));
    }
    Ok(Decoded::Table(Table {
        path: path.to_string(),
        full_path: full_path.to_path_buf(),
        format,
        text: decoded.text,
        warnings: decoded.warnings,
    }))
}

/// Decodes a file: a document, or an export whose rows are read later, one at a time. For
/// a format that is not an export, the same outcome as [`ingest_file`].
pub fn decode_file(
    path: &str,
    full_path: &Path,
    bytes: Vec<u8>,
    config: &Config,
    options: &Options,
) -> Result<Table, Vec<Result<Article, Skipped>>> {
    let skip = |reason: String| {
        vec![Err(Skipped {
            path: path.to_string(),
            reason,
            sha256: String::new(),
            duplicate_of: None,
        })]
    };
    let Some(format) = options.format.or_else(|| Format::of(full_path)) else {
        return Err(skip(unsupported(full_path)));
    };
    if bytes.is_empty() {
        return Err(skip("empty file (0 bytes)".into()));
    }
    match prepare_file(path, full_path, format, bytes)? {
        Decoded::Table(table) => Ok(table),
        Decoded::Document(format, decode::Decoded { text, warnings }) => Err(document(
            path, full_path, format, text, warnings, config, options,
        )),
    }
}

/// Whether files of this path are exports with one article per row (read with
/// [`decode_file`] and [`Table::for_each_row`] so that memory holds one row at a time).
pub fn is_table(full_path: &Path, options: &Options) -> bool {
    matches!(
        options.format.or_else(|| Format::of(full_path)),
        Some(Format::Csv | Format::Tsv | Format::JsonLines)
    )
}

/// A document's one article (or why not).
fn document(
    path: &str,
    full_path: &Path,
    format: Format,
    text: String,
    warnings: Vec<String>,
    config: &Config,
    options: &Options,
) -> Vec<Result<Article, Skipped>> {
    let parsed = match format {
        Format::Html => {
            let reason = match html::too_deep(&text) {
                Some(depth) => Some(format!(
                    "HTML nested deeper than {} elements ({depth} or more); no article page is",
                    html::MAX_DEPTH
                )),
                None => html::too_many_attributes(&text).map(|n| {
                    format!(
                        "an HTML element with {n} attributes (more than {}); no article page \
                         has one",
                        html::MAX_ATTRIBUTES
                    )
                }),
            };
            if let Some(reason) = reason {
                return vec![Err(Skipped {
                    path: path.to_string(),
                    reason,
                    sha256: String::new(),
                    duplicate_of: None,
                })];
            }
            html::parse(&text)
        }
        Format::Markdown => markdown::parse(&text),
        _ => txt::parse(&text),
    };
    let fallback = file_stem(full_path, path);
    let article = assemble(
        path, full_path, text, parsed, config, options, warnings, fallback,
    );
    vec![non_empty(article)]
}

impl Table {
    /// Reads the rows one at a time, handing on each one's article (or why not), so that
    /// nothing of a row is held once the next is read. A file with no rows is one skip.
    pub fn for_each_row(
        &self,
        config: &Config,
        options: &Options,
        mut each: impl FnMut(Result<Article, Skipped>),
    ) {
        let (path, full_path) = (&self.path[..], self.full_path.as_path());
        let mut any = false;
        let mut row = |(label, row): table::RowResult| {
            any = true;
            each(row_article(
                path,
                full_path,
                label,
                row,
                config,
                options,
                &self.warnings,
            ));
        };
        let read = match self.format {
            Format::Csv | Format::Tsv => {
                let delimiter = if self.format == Format::Csv {
                    b','
                } else {
                    b'\t'
                };
                table::for_each_delimited(&self.text, delimiter, &config.columns, &mut row)
            }
            _ => {
                table::for_each_json_line(&self.text, &config.columns, &mut row);
                Ok(())
            }
        };
        let reason = match read {
            Err(reason) => reason,
            Ok(()) if !any => "no rows".into(),
            Ok(()) => return,
        };
        each(Err(Skipped {
            path: path.to_string(),
            reason,
            sha256: String::new(),
            duplicate_of: None,
        }));
    }
}

/// What a document's reader kept (before cleaning) and left out, for `framelens text`.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub paras: Vec<Para>,
    pub dropped: Vec<Dropped>,
}

/// Reads a document file as [`ingest_file`] does, up to its format's reader (`None` for
/// exports, and for files that are skipped).
pub fn extraction(full_path: &Path, bytes: Vec<u8>, options: &Options) -> Option<Extraction> {
    let format = options.format.or_else(|| Format::of(full_path))?;
    let declared = match format {
        Format::Html => decode::html_declared_charset(&bytes),
        _ => None,
    };
    let text = decode::decode(bytes, declared).ok()?.text;
    match format {
        Format::Html if html::too_deep(&text).is_none() => {
            let (parsed, dropped) = html::parse_view(&text);
            Some(Extraction {
                paras: parsed.paras,
                dropped,
            })
        }
        Format::Text => Some(Extraction {
            paras: txt::parse(&text).paras,
            dropped: Vec::new(),
        }),
        Format::Markdown => Some(Extraction {
            paras: markdown::parse(&text).paras,
            dropped: Vec::new(),
        }),
        _ => None,
    }
}

fn unsupported(full_path: &Path) -> String {
    format!(
        "unsupported file type{} (framelens reads {EXTENSIONS}; --input-format forces one)",
        full_path
            .extension()
            .map(|e| format!(" `.{}`", e.to_string_lossy()))
            .unwrap_or_default()
    )
}

fn file_stem(full_path: &Path, path: &str) -> String {
    full_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

fn non_empty(article: Article) -> Result<Article, Skipped> {
    if article.body.trim().is_empty() {
        Err(Skipped {
            path: article.path,
            reason: "no article text after cleaning".into(),
            sha256: String::new(),
            duplicate_of: None,
        })
    } else {
        Ok(article)
    }
}

/// Each row of an export becomes an article whose source is its text field: mention offsets
/// are offsets into that field as decoded. The title, when a column gives it, is shown but,
/// not being part of the text, not counted.
fn row_article(
    path: &str,
    full_path: &Path,
    label: String,
    row: Result<table::Row, String>,
    config: &Config,
    options: &Options,
    warnings: &[String],
) -> Result<Article, Skipped> {
    let row_path = format!("{path}#{label}");
    let row = row.map_err(|reason| Skipped {
        path: row_path.clone(),
        reason,
        sha256: String::new(),
        duplicate_of: None,
    })?;
    let mut parsed = if row.title.is_some() {
        txt::parse_body(&row.text)
    } else {
        txt::parse(&row.text)
    };
    let meta = &mut parsed.meta;
    if row.title.is_some() {
        meta.title = row.title;
    }
    if let Some(d) = row.date {
        meta.date = parse_date(&d);
        meta.date_raw = meta.date.is_none().then_some(d);
    }
    meta.url = row.url.or(meta.url.take());
    meta.outlet = row.outlet.or(meta.outlet.take());
    meta.author = row.author.or(meta.author.take());
    let fallback = format!("{}#{label}", file_stem(full_path, path));
    non_empty(assemble(
        &row_path,
        full_path,
        row.text,
        parsed,
        config,
        options,
        warnings.to_vec(),
        fallback,
    ))
}

/// Assigns the outlet, cleans, and joins the paragraphs into the counted body.
#[allow(clippy::too_many_arguments)]
fn assemble(
    path: &str,
    full_path: &Path,
    source: String,
    parsed: Parsed,
    config: &Config,
    options: &Options,
    warnings: Vec<String>,
    fallback_title: String,
) -> Article {
    let Parsed {
        mut meta,
        mut paras,
    } = parsed;
    if meta.date.is_none() {
        if let Some(raw) = &meta.date_raw {
            meta.date = parse_date_ordered(raw, config.date_order);
        }
    }
    let outlet = assign_outlet(path, full_path, &source, &meta, &config.outlets);
    let rules = config.outlets.iter().find(|o| o.id == outlet);
    let mut removed = Removed::default();

    if !options.keep_boilerplate {
        if let Some(o) = rules {
            cut_boilerplate(&mut paras, &o.boilerplate, &mut removed);
        }
        cut_boilerplate(&mut paras, &config.cleaning.extra_markers, &mut removed);
        clean::clean(&mut paras, &config.cleaning, &mut removed);
    }
    trailing_author(&mut paras, &mut meta);
    drop_repeated_paragraphs(&mut paras, &mut removed);

    let mut body = String::with_capacity(paras.iter().map(|p| p.text.len() + 2).sum());
    let mut origin = Origin::default();
    let mut paragraphs = Vec::with_capacity(paras.len());
    let mut headline = None;
    for p in &paras {
        if !body.is_empty() {
            // The blank line between two paragraphs maps to where the first one ends.
            let end = origin.get(body.len());
            origin.push_point(body.len(), end);
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(&p.text);
        origin.append(&p.origin, start);
        paragraphs.push(start..body.len());
        if p.headline && headline.is_none() {
            headline = Some(start..body.len());
        }
    }
    let title = meta
        .title
        .clone()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback_title);
    Article {
        path: path.to_string(),
        source,
        meta,
        title,
        outlet,
        body,
        origin,
        paragraphs,
        headline,
        removed,
        warnings,
    }
}

/// First rule wins: a `Source:`/`Outlet:` field (or an export's outlet column, or a page's
/// `og:site_name`) naming an outlet, then a URL glob matching the article's URL, then a
/// signature found in the text (outlets in config order), then a path glob. Otherwise
/// [`UNASSIGNED`].
pub fn assign_outlet(
    path: &str,
    full_path: &Path,
    source: &str,
    meta: &Meta,
    outlets: &[Outlet],
) -> String {
    if let Some(field) = &meta.outlet {
        let field = field.trim();
        if let Some(o) = outlets
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(field) || o.id.eq_ignore_ascii_case(field))
        {
            return o.id.clone();
        }
    }
    if let Some(url) = &meta.url {
        if let Some(o) = outlets
            .iter()
            .find(|o| o.urls.as_ref().is_some_and(|g| g.is_match(url.trim())))
        {
            return o.id.clone();
        }
    }
    if let Some(o) = outlets
        .iter()
        .find(|o| o.signatures.iter().any(|s| contains_phrase(source, s)))
    {
        return o.id.clone();
    }
    if let Some(o) = outlets.iter().find(|o| {
        o.paths
            .as_ref()
            .is_some_and(|g| g.is_match(path) || g.is_match(full_path))
    }) {
        return o.id.clone();
    }
    UNASSIGNED.to_string()
}

/// `needle` in `hay` with no letter or digit glued to either side.
fn contains_phrase(hay: &str, needle: &str) -> bool {
    let needle = needle.trim();
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Cuts the first line that starts with a marker, and everything after it. The lines cut are
/// counted in the paragraphs' text (not in the source, which for a web page is markup).
fn cut_boilerplate(paras: &mut Vec<Para>, markers: &[String], removed: &mut Removed) {
    if markers.is_empty() {
        return;
    }
    let starts = |line: &str| {
        let l = line.trim_start();
        markers.iter().any(|m| {
            l.len() >= m.len()
                && l.is_char_boundary(m.len())
                && l[..m.len()].eq_ignore_ascii_case(m)
        })
    };
    for (pi, p) in paras.iter().enumerate() {
        if p.headline {
            continue;
        }
        let mut line_start = 0;
        for line in p.text.split('\n') {
            if starts(line) {
                let cut: Vec<&str> = std::iter::once(&p.text[line_start..])
                    .chain(paras[pi + 1..].iter().map(|q| q.text.as_str()))
                    .collect();
                removed.boilerplate_lines += cut
                    .iter()
                    .flat_map(|t| t.lines())
                    .filter(|l| !l.trim().is_empty())
                    .count() as u64;
                if removed.boilerplate_preview.is_none() {
                    let preview: Vec<&str> = cut
                        .iter()
                        .flat_map(|t| t.split_whitespace())
                        .take(8)
                        .collect();
                    removed.boilerplate_preview = Some(preview.join(" "));
                }
                let keep_para = line_start > 0;
                if keep_para {
                    let keep = p.text[..line_start].trim_end().len();
                    paras[pi].truncate(keep);
                    paras.truncate(pi + 1);
                } else {
                    paras.truncate(pi);
                }
                return;
            }
            line_start += line.len() + 1;
        }
    }
}

/// A last paragraph `Author: Name` is metadata, not text.
fn trailing_author(paras: &mut Vec<Para>, meta: &mut Meta) {
    let Some(last) = paras.last() else { return };
    if last.headline || last.text.contains('\n') {
        return;
    }
    if let Some((k, v)) = header::key_value(last.text.trim()) {
        if ["author", "by", "byline"].contains(&k.to_lowercase().as_str()) && !v.is_empty() {
            if meta.author.is_none() {
                meta.author = Some(v.to_string());
            }
            paras.pop();
        }
    }
}

/// Drops every paragraph that repeats an earlier one word for word (whitespace and case of
/// the spaces aside), so a page scraped with its body twice counts once.
fn drop_repeated_paragraphs(paras: &mut Vec<Para>, removed: &mut Removed) {
    // Two paragraphs with the same words have the same number of visible ASCII bytes
    // (whitespace, ASCII or not, has none), and in most articles no two paragraphs do: only
    // paragraphs sharing their count with another are hashed word by word.
    let counts: Vec<usize> = paras.iter().map(|p| visible_ascii(&p.text)).collect();
    let mut shared: rustc_hash::FxHashMap<usize, u32> = rustc_hash::FxHashMap::default();
    for &c in &counts {
        *shared.entry(c).or_default() += 1;
    }
    // Paragraphs are compared by a 64-bit hash of their words and their word count, so no
    // text is copied; within one article (tens of paragraphs) a collision is out of reach.
    let mut seen: rustc_hash::FxHashSet<(u64, usize)> = rustc_hash::FxHashSet::default();
    let mut counts = counts.into_iter();
    paras.retain(|p| {
        let count = counts.next().unwrap_or_default();
        if p.list_item || shared.get(&count).is_some_and(|&n| n < 2) {
            return true;
        }
        match words_key(&p.text) {
            None => true,
            Some(key) if seen.insert(key) => true,
            Some(_) => {
                removed.duplicate_paragraphs += 1;
                false
            }
        }
    });
}

/// Bytes from `!` to `~` in `text`: counted into byte-sized counters, so the loop runs on 16
/// bytes at a time.
fn visible_ascii(text: &str) -> usize {
    text.as_bytes()
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                n + u8::from(b.wrapping_sub(b'!') <= b'~' - b'!')
            });
            usize::from(n)
        })
        .sum()
}

/// ASCII classes for [`words_key`]: 1 for a letter or digit, 2 for whitespace.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = 1;
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            // `char::is_whitespace` in ASCII (a test checks the two agree).
            t[b] = 2;
        }
        b += 1;
    }
    t
};

/// A text's words (split at Unicode whitespace, as `split_whitespace`) as a 64-bit hash and
/// a count, in one pass over its bytes; `None` when it has no letter or digit. ASCII bytes
/// are classed by a table, other characters decoded.
fn words_key(text: &str) -> Option<(u64, usize)> {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let bytes = text.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let (mut words, mut in_word, mut alnum) = (0usize, false, 0u8);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            let class = ASCII_CLASS[usize::from(b)];
            alnum |= class & 1;
            (class == 2, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            alnum |= u8::from(c.is_alphanumeric());
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if in_word {
                // 0xff never occurs in UTF-8: it separates words unambiguously.
                h = (h ^ 0xff).wrapping_mul(PRIME);
                words += 1;
                in_word = false;
            }
        } else {
            for &x in &bytes[i..i + len] {
                h = (h ^ u64::from(x)).wrapping_mul(PRIME);
            }
            in_word = true;
        }
        i += len;
    }
    if in_word {
        h = (h ^ 0xff).wrapping_mul(PRIME);
        words += 1;
    }
    (alnum != 0).then_some((h, words))
}

/// Splits lines into paragraphs. A blank line always ends a paragraph. Inside a block of
/// lines with no blank line, a line break also ends one when the block is written one
/// paragraph per line (most of its lines end a sentence, or one is longer than wrapped text
/// ever is); otherwise the block is one hard-wrapped paragraph.
pub fn paragraphs_of_lines(src: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut block: Vec<Range<usize>> = Vec::new();
    let flush = |block: &mut Vec<Range<usize>>, out: &mut Vec<Range<usize>>| {
        if block.is_empty() {
            return;
        }
        let ends_sentence = |r: &Range<usize>| {
            src[r.clone()]
                .trim_end()
                .ends_with(['.', '!', '?', '"', '”', '’', ':', '»'])
        };
        let n = block.len();
        let per_line = n >= 2
            && (block.iter().any(|r| src[r.clone()].chars().count() > 160)
                || block.iter().filter(|r| ends_sentence(r)).count() * 10 >= n * 6);
        if per_line {
            out.append(block);
        } else {
            out.push(block[0].start..block[n - 1].end);
            block.clear();
        }
    };
    for l in lines {
        if src[l.clone()].trim().is_empty() {
            flush(&mut block, &mut out);
        } else {
            block.push(l.clone());
        }
    }
    flush(&mut block, &mut out);
    out
}

/// A path as reports show it: relative to the working directory (with `..` where needed, so
/// reports do not depend on where a checkout lives), `/` separators; absolute only when the
/// two share nothing but the root.
pub fn display_path(path: &Path) -> String {
    display_path_in(path, &working_dir())
}

/// The working directory, absolute (empty when it cannot be read), for
/// [`display_path_in`] and [`absolute_in`].
pub fn working_dir() -> PathBuf {
    std::env::current_dir()
        .map(|c| absolute_in(&c, Path::new("")))
        .unwrap_or_default()
}

/// [`display_path`] against a working directory read once ([`working_dir`]), so that
/// listing many files asks the system for it once, not twice a file.
pub fn display_path_in(path: &Path, cwd: &Path) -> String {
    // Nearly every path a run shows is a file found under a folder given relative to the
    // working directory, or given absolute under it: plain names after the working
    // directory, shown as they are, with no list of components made.
    let under = match path.is_relative() {
        true => Some(path),
        false => path.strip_prefix(cwd).ok(),
    };
    if let Some(rest) = under.filter(|_| cwd.components().nth(1).is_some()) {
        let mut out = String::with_capacity(rest.as_os_str().len());
        for c in rest.components() {
            let Component::Normal(name) = c else {
                return display_path_general(path, cwd);
            };
            let Some(name) = name.to_str().filter(|n| !(cfg!(unix) && n.contains('\\'))) else {
                return display_path_general(path, cwd);
            };
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(name);
        }
        if !out.is_empty() {
            return out;
        }
    }
    display_path_general(path, cwd)
}

/// [`display_path_in`] for any path: `..` up from the working directory where needed.
fn display_path_general(path: &Path, cwd: &Path) -> String {
    display_path_up(path, cwd, false)
}

/// `path` shown relative to the folder `anchor` (absolute), with `..` up from it however far
/// (never absolute): how a report shows an input under, or given relative to, the config's
/// folder ([`crate::inputs::Shown`]).
pub fn display_path_from(path: &Path, anchor: &Path) -> String {
    let shown = display_path_in(path, anchor);
    match Path::new(&shown).has_root() {
        true => display_path_up(path, anchor, true),
        false => shown,
    }
}

/// `path` relative to `cwd`, `..` up where needed; with nothing but the root in common, the
/// absolute path unless `never_absolute`.
fn display_path_up(path: &Path, cwd: &Path, never_absolute: bool) -> String {
    let abs = absolute_in(path, cwd);
    let a: Vec<Component> = abs.components().collect();
    let c: Vec<Component> = cwd.components().collect();
    let common = a.iter().zip(&c).take_while(|(x, y)| x == y).count();
    if common <= 1 && !(never_absolute && common == 1) {
        if cfg!(unix) {
            let parts: Vec<String> = a
                .iter()
                .skip(1)
                .map(|p| shown_name(p.as_os_str()))
                .collect();
            return format!("/{}", parts.join("/"));
        }
        return abs.to_string_lossy().replace('\\', "/");
    }
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), c.len() - common)
        .chain(a[common..].iter().map(|p| shown_name(p.as_os_str())))
        .collect();
    parts.join("/")
}

/// A file or folder name as reports show it. A name that is not UTF-8 (possible on Unix)
/// is shown losslessly: each byte that is not part of a UTF-8 character as `\xNN`, and, so
/// that no other name reads the same, a backslash in any name as `\\`. Two names that
/// differ are shown differently; UTF-8 names without a backslash are shown as they are.
pub(crate) fn shown_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::with_capacity(name.len());
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// Makes a path absolute and resolves `.` and `..` without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    absolute_in(path, &std::env::current_dir().unwrap_or_default())
}

/// [`absolute`] against a given working directory.
pub fn absolute_in(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {

    /// The fast reading of plain paths under the working directory gives what the general
    /// one gives, and every other path takes the general one.
    #[test]
    fn display_paths_fast_and_general_agree() {
        for cwd in ["/work/main", "/work", "/"] {
            let cwd = Path::new(cwd);
            for p in [
                "corpus/a.txt",
                "./corpus/a.txt",
                "corpus//sub/./a.txt",
                "../shared/seeds/x.txt",
                "corpus/../other/a.txt",
                "/work/main/corpus/a.txt",
                "/work/main",
                "/work/mainly/a.txt",
                "/elsewhere/a.txt",
                "a.txt",
            ] {
                let p = Path::new(p);
                assert_eq!(
                    display_path_in(p, cwd),
                    display_path_general(p, cwd),
                    "{p:?} in {cwd:?}"
                );
            }
        }
        let cwd = Path::new("/work/main");
        assert_eq!(
            display_path_in(Path::new("corpus//a.txt"), cwd),
            "corpus/a.txt"
        );
        assert_eq!(
            display_path_in(Path::new("/work/main/c/a.txt"), cwd),
            "c/a.txt"
        );
        assert_eq!(
            display_path_in(Path::new("/work/x/a.txt"), cwd),
            "../x/a.txt"
        );
        assert_eq!(
            display_path_in(Path::new("/tmp/a.txt"), Path::new("/")),
            "/tmp/a.txt"
        );
    }

    /// Issue 20 (low): names that are not UTF-8 and differ were all shown as `\u{fffd}` and
    /// collided. Now shown losslessly, and no UTF-8 name reads like them.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_losslessly() {
        use std::os::unix::ffi::OsStrExt;
        let cwd = Path::new("/work/main");
        let shown = |bytes: &[u8]| {
            let name = std::ffi::OsStr::from_bytes(bytes);
            display_path_in(&Path::new("corpus").join(name), cwd)
        };
        assert_eq!(shown(b"a\xff.txt"), "corpus/a\\xff.txt");
        assert_eq!(shown(b"a\xfe.txt"), "corpus/a\\xfe.txt");
        assert_eq!(shown(b"a\\xff.txt"), "corpus/a\\\\xff.txt");
        assert_eq!(shown("caf\u{e9}.txt".as_bytes()), "corpus/caf\u{e9}.txt");
        let outside = std::ffi::OsStr::from_bytes(b"/srv/x\xff/a.txt");
        assert_eq!(
            display_path_in(Path::new(outside), cwd),
            "/srv/x\\xff/a.txt"
        );
        assert_eq!(
            display_path_in(
                &Path::new("/work/other").join(std::ffi::OsStr::from_bytes(b"\xc3")),
                cwd
            ),
            "../other/\\xc3"
        );
    }
    use super::*;

    fn config(extra: &str) -> Config {
        let src = format!(
            "[report]\ntitle = \"t\"\n[[frame]]\nid = \"f\"\nlabel = \"F\"\nterms = [\"x\"]\n{extra}"
        );
        Config::parse(Path::new("c.toml"), &src).unwrap()
    }

    const OUTLETS: &str = r#"
[[outlet]]
id = "wire"
name = "Meridian Wire"
signatures = ["Meridian Wire"]
boilerplate = ["Subscribe to"]
[[outlet]]
id = "ledger"
name = "Harbor Ledger"
paths = ["**/ledger/**"]
urls = ["*harbor-ledger.test/*"]
"#;

    fn article(name: &str, text: &str) -> Article {
        ingest(name, Path::new(name), text.as_bytes(), &config(OUTLETS)).unwrap()
    }

    #[test]
    fn outlet_rules_in_order_source_signature_path() {
        assert_eq!(
            article("a.txt", "Source: Harbor Ledger\n\nT\n\nMeridian Wire said.").outlet,
            "ledger"
        );
        assert_eq!(
            article("a.txt", "T\n\nThe Meridian Wire said.").outlet,
            "wire"
        );
        assert_eq!(article("x/ledger/a.txt", "T\n\nText.").outlet, "ledger");
        assert_eq!(
            article("a.txt", "T\n\nMeridian Wirework.").outlet,
            UNASSIGNED
        );
        // A URL comes after the Source field and before signatures.
        let by_url = "URL: https://www.harbor-ledger.test/a\n\nT\n\nThe Meridian Wire said.";
        assert_eq!(article("a.txt", by_url).outlet, "ledger");
        let both = "Source: Meridian Wire\nURL: https://harbor-ledger.test/a\n\nT\n\nText.";
        assert_eq!(article("a.txt", both).outlet, "wire");
    }

    #[test]
    fn configured_date_order_reads_numeric_dates() {
        let c = config("[corpus]\ndate_order = \"mdy\"\n");
        let a = ingest(
            "a.txt",
            Path::new("a.txt"),
            b"Date: 12/15/2021\n\nT\n\nText.",
            &c,
        )
        .unwrap();
        assert_eq!(a.meta.date.as_deref(), Some("2021-12-15"));
        let a = article("a.txt", "Date: 12/15/2021\n\nT\n\nText.");
        assert_eq!(a.meta.date, None);
    }

    #[test]
    fn keep_boilerplate_keeps_everything() {
        let src = "Title\n\nMeridian Wire text one.\n\nFILE PHOTO: x\n\nSubscribe to us\n";
        let c = config(OUTLETS);
        let opts = Options {
            format: None,
            keep_boilerplate: true,
            output: None,
        };
        let a = ingest_file(
            "a.txt",
            Path::new("a.txt"),
            src.as_bytes().to_vec(),
            &c,
            &opts,
        )
        .remove(0)
        .unwrap();
        assert_eq!(a.paragraphs.len(), 4);
        assert_eq!(a.removed, Removed::default());
    }

    #[test]
    fn boilerplate_cut_counts_lines_and_maps_offsets() {
        let src = "Title\n\nMeridian Wire text one.\n\nSubscribe to us\nShare\n\nRelated\n";
        let a = article("a.txt", src);
        assert_eq!(a.body, "Title\n\nMeridian Wire text one.");
        assert_eq!(a.removed.boilerplate_lines, 3);
        assert_eq!(
            a.removed.boilerplate_preview.as_deref(),
            Some("Subscribe to us Share Related")
        );
        let at = a.body.find("text").unwrap();
        assert_eq!(
            &a.source[a.source_offset(at)..a.source_offset(at + 4)],
            "text"
        );
        assert_eq!(a.headline, Some(0..5));
    }

    #[test]
    fn repeated_paragraphs_count_once() {
        let src = "Title\nOne is here.\nTwo is here.\nOne is here.\nTwo  is here.\n";
        let a = article("a.txt", src);
        assert_eq!(a.body, "Title\n\nOne is here.\n\nTwo is here.");
        assert_eq!(a.removed.duplicate_paragraphs, 2);
    }

    #[test]
    fn paragraphs_are_keyed_by_their_words() {
        let k = |t: &str| words_key(t);
        assert_eq!(k(" One  is\there.\n"), k("One is here."));
        assert_eq!(k("caf\u{e9}\u{a0}au\u{2003}lait"), k("caf\u{e9} au lait"));
        assert_ne!(k("One is here."), k("One is  her e."));
        assert_ne!(k("One is here."), k("one is here."));
        assert_eq!(k("-- * --"), None);
        assert_eq!(k("\u{e9}").map(|k| k.1), Some(1));
        assert_eq!(k("a b c").map(|k| k.1), Some(3));
        assert_eq!(visible_ascii("A\u{a0}b, c!\n~ \u{e9}"), 6);
        for b in 0..128u8 {
            let space = ASCII_CLASS[usize::from(b)] == 2;
            assert_eq!(space, (b as char).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn hard_wrapped_paragraphs_stay_whole() {
        let src = "a b c\nd e f\ng h.\n\nnext one\nis here";
        let ls = header::lines(src);
        let ps = paragraphs_of_lines(src, &ls);
        assert_eq!(
            ps.iter().map(|r| &src[r.clone()]).collect::<Vec<_>>(),
            ["a b c\nd e f\ng h.", "next one\nis here"]
        );
    }

    #[test]
    fn binary_and_bad_utf8_are_skipped_with_reasons() {
        let c = config("");
        let e = ingest("b.txt", Path::new("b.txt"), b"ab\0cd", &c).unwrap_err();
        assert!(e.0.starts_with("binary file"));
        let a = ingest("b.txt", Path::new("b.txt"), b"Title\n\nab\xffcd", &c).unwrap();
        assert_eq!(a.body, "Title\n\nab\u{ff}cd");
        assert!(a.warnings[0].contains("windows-1252"), "{:?}", a.warnings);
        let e = ingest("b.pdf", Path::new("b.pdf"), b"x", &c).unwrap_err();
        assert_eq!(
            e.0,
            format!("unsupported file type `.pdf` (framelens reads {EXTENSIONS}; --input-format forces one)")
        );
        let e = ingest("e.txt", Path::new("e.txt"), b"", &c).unwrap_err();
        assert_eq!(e.0, "empty file (0 bytes)");
        let e = ingest("e.txt", Path::new("e.txt"), b"  \n\n", &c).unwrap_err();
        assert_eq!(e.0, "no article text after cleaning");
    }
}
