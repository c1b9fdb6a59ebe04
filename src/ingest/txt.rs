//! Plain text: an optional metadata header, a headline line, then paragraphs.

use super::header::{lines, read_header};
use super::{paragraphs_of_lines, Para, Parsed};
use std::ops::Range;

/// A first line short enough, and unlike a sentence, to be the headline.
pub fn is_headline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 160
        && t.split_whitespace().count() <= 30
        && !t.ends_with(['.', ',', ';'])
}

/// `range` without the whitespace (and a byte-order mark) at its ends.
pub fn trimmed(src: &str, range: Range<usize>) -> Range<usize> {
    let s = &src[range.clone()];
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let start = range.start + (s.len() - s.trim_start_matches(blank).len());
    let end = range.start + s.trim_end_matches(blank).len();
    start..end.max(start)
}

/// Paragraphs only: no header, no headline (the text field of an export, whose metadata
/// comes from its other columns).
pub fn parse_body(src: &str) -> Parsed {
    let ls = lines(src);
    let paras = paragraphs_of_lines(src, &ls)
        .into_iter()
        .map(|r| Para::verbatim(src, trimmed(src, r), false))
        .collect();
    Parsed {
        meta: Default::default(),
        paras,
    }
}

pub fn parse(src: &str) -> Parsed {
    let ls = lines(src);
    let (mut meta, body_from) = read_header(src, &ls, 0);
    let mut paras = Vec::new();
    if let Some(span) = meta.title_span.clone() {
        paras.push(Para::verbatim(src, span, true));
    }
    let mut rest = &ls[body_from.min(ls.len())..];
    if meta.title.is_none() {
        if let Some(i) = rest.iter().position(|l| !src[l.clone()].trim().is_empty()) {
            let line = trimmed(src, rest[i].clone());
            if is_headline(&src[line.clone()]) {
                meta.title = Some(src[line.clone()].to_string());
                meta.title_span = Some(line.clone());
                paras.push(Para::verbatim(src, line, true));
                rest = &rest[i + 1..];
            }
        }
    }
    for r in paragraphs_of_lines(src, rest) {
        paras.push(Para::verbatim(src, trimmed(src, r), false));
    }
    Parsed { meta, paras }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_title_becomes_the_headline_paragraph() {
        let src = "Title: The Pact\nAuthor: A\nText:\nFirst.\nSecond.\n";
        let p = parse(src);
        let texts: Vec<&str> = p.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["The Pact", "First.", "Second."]);
        assert!(p.paras[0].headline);
        assert_eq!(p.paras[0].origin.get(0), 7);
    }

    #[test]
    fn first_short_line_is_the_title() {
        let p = parse("\n  Leaders meet in Harbin  \n\nThe leaders met.\n");
        assert_eq!(p.meta.title.as_deref(), Some("Leaders meet in Harbin"));
        assert_eq!(p.paras.len(), 2);
        let p = parse("The leaders met today in a city that nobody expected.\n");
        assert_eq!(p.meta.title, None);
        assert_eq!(p.paras.len(), 1);
    }
}
