//! The output formats of `framelens report` and the files each writes into the output folder.
//!
//! A leaf: the renderers write these files, the input walk leaves them unread when the output
//! folder is among the paths given, and the command line parses the names.

use std::fmt;
use std::str::FromStr;

/// The file of the appendix page, beside `report.html`.
pub const APPENDIX_FILE: &str = "report-appendix.html";
/// The file the CSV manifest is written to, beside `report.csv`.
pub const MANIFEST_FILE: &str = "report.manifest.csv";
/// The second Markdown file: the full tables, the articles and the evidence.
pub const TABLES_FILE: &str = "report-tables.md";

/// An output format of `framelens report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Html,
    Markdown,
    Json,
    Csv,
}

impl Format {
    /// Every format, in the order reports are written.
    pub const ALL: [Format; 4] = [Format::Html, Format::Markdown, Format::Json, Format::Csv];

    /// The short name used on the command line (`--format html,md,json,csv`).
    pub fn name(&self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    /// The file this format is written to inside the output folder.
    pub fn file_name(&self) -> &'static str {
        match self {
            Format::Html => "report.html",
            Format::Markdown => "report.md",
            Format::Json => "report.json",
            Format::Csv => "report.csv",
        }
    }

    /// Every file this format writes: its own, for HTML also the appendix page and for
    /// Markdown the full tables (every article and passage, so `report.html` and
    /// `report.md` stay short), and for CSV also
    /// `report.manifest.csv` (the manifest, kept apart so `report.csv` stays tidy).
    pub fn file_names(&self) -> &'static [&'static str] {
        match self {
            Format::Html => &["report.html", APPENDIX_FILE],
            Format::Markdown => &["report.md", TABLES_FILE],
            Format::Json => &["report.json"],
            Format::Csv => &["report.csv", MANIFEST_FILE],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown report format `{}`: expected one of html, md, json, csv",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts the short names, case-insensitively, and `markdown` for `md`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" => Ok(Format::Html),
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}
