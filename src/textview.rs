//! `framelens text`: the text of an article as it is counted — the headline, the paragraphs
//! with the lead marked, and what was left out and by which rule — so that a user can check
//! what a page gave them.
//!
//! Offsets are byte offsets into the decoded file, as for mentions. What a web page's reader
//! left out carries the rule that left it out (`outside the main content`, `byline`, `date
//! line`, `caption`, ...; see the `ingest::roles` and `ingest::extract` docs); paragraphs the
//! cleaning that follows removed whole are listed as `repeated paragraph` or `cleaning`.

use crate::config::Config;
use crate::ingest::{self, Article, Options};
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// A piece of text and where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedText {
    pub rule: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// One article's text as counted (the JSON shape of `framelens text --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextView {
    pub path: String,
    pub title: String,
    pub headline: Option<Span>,
    pub paragraphs: Vec<Paragraph>,
    pub removed: Vec<RemovedText>,
}

/// A file, or an article of it, that gave no text to count: why, and, for a document, the
/// view of what its reader and the cleaning left out (no paragraphs), so a user sees which
/// rules emptied the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoText {
    pub why: String,
    pub removed: Option<Box<TextView>>,
}

/// Reads a file as `report` would and shows its text; a skipped file gives its reason.
pub fn view_file(
    path: &str,
    full_path: &Path,
    config: &Config,
    options: &Options,
) -> Vec<Result<TextView, NoText>> {
    let bytes = match std::fs::read(full_path) {
        Ok(b) => b,
        Err(e) => {
            return vec![Err(NoText {
                why: format!("{path}: cannot read: {e}"),
                removed: None,
            })]
        }
    };
    let extracted = ingest::extraction(full_path, bytes.clone(), options);
    ingest::ingest_file(path, full_path, bytes, config, options)
        .into_iter()
        .map(|a| match a {
            Ok(a) => Ok(view(&a, extracted.as_ref())),
            Err(s) => Err(NoText {
                why: format!("{}: {}", s.path, s.reason),
                removed: extracted
                    .as_ref()
                    .filter(|x| !x.paras.is_empty() || !x.dropped.is_empty())
                    .map(|x| {
                        Box::new(TextView {
                            path: s.path.clone(),
                            title: String::new(),
                            headline: None,
                            paragraphs: Vec::new(),
                            removed: removed_of(x, &[]),
                        })
                    }),
            }),
        })
        .collect()
}

/// The view of an article, given what the format's reader kept and left out (a document's
/// paragraphs before cleaning; `None` for a row of an export).
pub fn view(a: &Article, extracted: Option<&ingest::Extraction>) -> TextView {
    let span = |r: &std::ops::Range<usize>| (a.source_offset(r.start), a.source_end(r.end));
    let headline = a.headline.as_ref().map(|r| {
        let (start, end) = span(r);
        Span {
            text: a.body[r.clone()].to_string(),
            start,
            end,
        }
    });
    let mut paragraphs = Vec::new();
    for r in &a.paragraphs {
        if a.headline.as_ref() == Some(r) {
            continue;
        }
        let (start, end) = span(r);
        paragraphs.push(Paragraph {
            text: a.body[r.clone()].to_string(),
            start,
            end,
            lead: paragraphs.is_empty(),
        });
    }
    let removed = match extracted {
        Some(x) => {
            let counted: Vec<(usize, usize)> = a.paragraphs.iter().map(&span).collect();
            removed_of(x, &counted)
        }
        None => Vec::new(),
    };
    TextView {
        path: a.path.clone(),
        title: a.title.clone(),
        headline,
        paragraphs,
        removed,
    }
}

/// What the reader left out of a document (`x.dropped`, with their rules), and the
/// paragraphs it kept that are not among the `counted` source ranges: removed by the
/// cleaning (or as a repeat of an earlier one). In source order.
fn removed_of(x: &ingest::Extraction, counted: &[(usize, usize)]) -> Vec<RemovedText> {
    let mut removed: Vec<RemovedText> = x
        .dropped
        .iter()
        .map(|d| RemovedText {
            rule: d.rule.to_string(),
            text: d.text.clone(),
            start: d.start,
            end: d.end,
        })
        .collect();
    let mut seen = rustc_hash::FxHashSet::default();
    for p in &x.paras {
        let start = p.origin.get(0);
        let end = p.origin.get(p.text.len());
        let words: Vec<&str> = p.text.split_whitespace().collect();
        let first = seen.insert(words.join(" "));
        if counted.iter().any(|&(s, e)| s < end && start < e) {
            continue;
        }
        removed.push(RemovedText {
            rule: if first {
                "cleaning"
            } else {
                "repeated paragraph"
            }
            .to_string(),
            text: p.text.clone(),
            start,
            end,
        });
    }
    removed.sort_by_key(|r| (r.start, r.end));
    removed
}

/// One line of text: control characters (an ESC that could drive the terminal) shown as
/// `\u{FFFD}`, line breaks as ` / `.
fn line(s: &str) -> String {
    s.split('\n')
        .map(|l| {
            l.chars()
                .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The plain-text form: the path and title, then every piece in the order of the file:
/// `H` the headline, `L` the lead, `P` a paragraph, `-` a removed piece with its rule.
pub fn render(v: &TextView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", line(&v.path), line(&v.title));
    let mut items: Vec<(usize, String)> = Vec::new();
    if let Some(h) = &v.headline {
        items.push((h.start, format!("H  {}", line(&h.text))));
    }
    for p in &v.paragraphs {
        let mark = if p.lead { "L" } else { "P" };
        items.push((p.start, format!("{mark}  {}", line(&p.text))));
    }
    for r in &v.removed {
        items.push((r.start, format!("-  [{}] {}", r.rule, line(&r.text))));
    }
    items.sort_by_key(|i| i.0);
    for (_, l) in items {
        let _ = writeln!(out, "{l}");
    }
    out
}

/// The JSON form: one object on one line.
pub fn to_json(v: &TextView) -> String {
    serde_json::to_string(v).expect("a text view serialises")
}
