//! Markdown: an optional metadata header, then CommonMark turned into plain paragraphs with
//! pulldown-cmark, so `**`, link targets and `#` never reach the matcher. The first heading is
//! the headline. Code blocks, raw HTML and image alt text are not article text and are left out.

use super::header::{lines, read_header};
use super::{Origin, Para, Parsed};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Default)]
struct Builder {
    text: String,
    origin: Origin,
    end: usize,
}

impl Builder {
    fn push(&mut self, src: &str, piece: &str, range: Range<usize>) {
        if piece.is_empty() {
            self.end = range.end;
            return;
        }
        let at = self.text.len();
        if src.get(range.clone()) == Some(piece) {
            self.origin.push_copy(at, range.start);
        } else {
            // Escapes and entities: the whole piece maps to where its source starts.
            self.origin.push_point(at, range.start);
        }
        self.text.push_str(piece);
        self.end = range.end;
    }

    fn finish(&mut self, headline: bool, out: &mut Vec<Para>) {
        let mut text = std::mem::take(&mut self.text);
        let mut origin = std::mem::take(&mut self.origin);
        // Trim the paragraph's ends, keeping the map in step.
        let lead = text.len() - text.trim_start().len();
        text.drain(..lead);
        origin.drop_front(lead);
        let keep = text.trim_end().len();
        let end = if keep < text.len() {
            origin.get(keep)
        } else {
            self.end
        };
        text.truncate(keep);
        origin.truncate(keep);
        if text.is_empty() {
            return;
        }
        origin.set_end(keep, end);
        out.push(Para {
            text,
            origin,
            headline,
            list_item: false,
        });
    }
}

pub fn parse(src: &str) -> Parsed {
    let ls = lines(src);
    let (mut meta, body_from) = read_header(src, &ls, 0);
    let offset = ls.get(body_from).map_or(src.len(), |l| l.start);
    let mut paras = Vec::new();
    if let Some(span) = meta.title_span.clone() {
        paras.push(Para::verbatim(src, span, true));
    }
    let md = &src[offset..];
    let mut b = Builder::default();
    let mut in_heading = false;
    let mut skip_depth = 0usize;
    let mut headline_done = meta.title.is_some();
    let mut this_is_headline = false;
    let opts =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    for (event, r) in
        Parser::new_ext(md, opts - Options::ENABLE_SMART_PUNCTUATION).into_offset_iter()
    {
        let range = r.start + offset..r.end + offset;
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => skip_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            _ if skip_depth > 0 => {}
            Event::Start(Tag::Heading { .. }) => {
                b.finish(false, &mut paras);
                in_heading = true;
                this_is_headline = !headline_done;
            }
            Event::End(TagEnd::Heading(_)) => {
                if this_is_headline && !b.text.trim().is_empty() {
                    meta.title = Some(b.text.split_whitespace().collect::<Vec<_>>().join(" "));
                    headline_done = true;
                    b.finish(true, &mut paras);
                } else {
                    b.finish(false, &mut paras);
                }
                in_heading = false;
                this_is_headline = false;
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) if !in_heading => b.finish(false, &mut paras),
            Event::Text(t) | Event::Code(t) => b.push(src, &t, range),
            Event::SoftBreak | Event::HardBreak => b.push(src, "\n", range.start..range.start),
            _ => {}
        }
    }
    b.finish(false, &mut paras);
    Parsed { meta, paras }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_does_not_reach_the_text_and_offsets_map_back() {
        let src = "Date: 2031-03-15\nAuthor: A. Writer\n\n# The **Pact** Summit\n\nA [pact](https://x.org/alliance) is *near*.\n\n```\ncode alliance\n```\n\n## Sub\n\nLast &amp; line\n";
        let p = parse(src);
        let texts: Vec<&str> = p.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["The Pact Summit", "A pact is near.", "Sub", "Last & line"]
        );
        assert_eq!(p.meta.title.as_deref(), Some("The Pact Summit"));
        assert_eq!(p.meta.date.as_deref(), Some("2031-03-15"));
        assert!(p.paras[0].headline && !p.paras[2].headline);
        let para = &p.paras[1];
        let at = para.text.find("pact").unwrap();
        let s = para.origin.get(at);
        assert_eq!(&src[s..s + 4], "pact");
        let amp = &p.paras[3];
        assert_eq!(&src[amp.origin.get(5)..amp.origin.get(6)], "&amp;");
    }
}
