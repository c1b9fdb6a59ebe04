//! Escaping for the text that reaches a report: Markdown escaping, and Markdown-to-HTML
//! rendering with raw HTML, remote images and script links removed.
//!
//! Everything in a report that comes from an article (titles, authors, snippets, paths) or from a
//! config someone pasted together is untrusted. HTML templates get askama's HTML escaping for
//! free; `.md` templates get none, so every such string in the Markdown report goes through
//! [`markdown_inline`] or [`markdown_table_cell`] first, in Rust or as a template filter
//! ([`markdown_filters`]).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::fmt;

/// Characters that mean something to CommonMark or GitHub anywhere in a line: emphasis, code,
/// links, images, raw HTML, entities, tables, strikethrough and GitHub's `$` math.
const MARKDOWN_SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '~', '&', '$',
];

/// Characters that start a block (heading, quote, list item, setext underline) at a line start.
const LINE_START_SPECIAL: &[char] = &['#', '>', '-', '+', '='];

/// Escapes text so that Markdown shows it literally, on one line.
///
/// Backslash-escapes `` \ ` * _ [ ] < > | # ! ~ & $ `` anywhere; at the start of the text (after
/// leading spaces) also `-`, `+`, `=` and the dot or parenthesis of `12.` / `12)`, so the text
/// cannot open a heading, quote or list. Line breaks (CR, LF, CRLF, U+2028, U+2029) and tabs
/// become single spaces: the result never spans two lines. Other control characters are made
/// visible ([`visible_control`]), and `@` before a letter or digit is followed by
/// [`MENTION_BREAK`], so no name is mentioned.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 2);
    let mut chars = text.char_indices().peekable();
    // Until the first non-space character, block markers must be escaped; `rest` is where
    // the text after that starts.
    let mut leading_digits = false;
    let mut rest = text.len();
    while let Some((at, c)) = chars.next() {
        let c = match c {
            '\r' if chars.peek().map(|&(_, n)| n) == Some('\n') => continue,
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        };
        if c == ' ' || c.is_ascii_digit() {
            leading_digits |= c != ' ';
            out.push(c);
            continue;
        }
        if (leading_digits && (c == '.' || c == ')'))
            || (!leading_digits && LINE_START_SPECIAL.contains(&c))
        {
            out.push('\\');
            out.push(c);
            rest = at + c.len_utf8();
        } else {
            rest = at;
        }
        break;
    }
    inline_rest(&text[rest..], &mut out);
    out
}

/// The escaping of [`markdown_inline`] past a line's start: runs of bytes that need nothing
/// are copied whole, and only the characters that end them are looked at.
fn inline_rest(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && INLINE_PLAIN[usize::from(b[i])] {
            i += 1;
        }
        // Runs end at ASCII bytes or at a lead byte, so on character boundaries.
        out.push_str(&s[start..i]);
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c {
            '\r' if b.get(i) == Some(&b'\n') => {}
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '@' => {
                out.push('@');
                if s[i..].starts_with(|n: char| n.is_ascii_alphanumeric()) {
                    out.push(MENTION_BREAK);
                }
            }
            c if c.is_control() => out.push(visible_control(c)),
            c => {
                if MARKDOWN_SPECIAL.contains(&c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
}

/// Put between `@` and a name, so that `@name` in a report pasted into GitHub notifies nobody
/// (a zero-width space: the reader sees `@name`).
pub const MENTION_BREAK: char = '\u{200B}';

/// A control character as a visible one, so that ESC and its kin reach no terminal or page as
/// themselves: C0 controls as their Unicode control pictures (ESC as `␛`), DEL as `␡`, C1
/// controls (a terminal reads U+009B as ESC `[`) as `�`.
pub fn visible_control(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// `text` with every control character but tab and line breaks made visible
/// ([`visible_control`]): for text printed on a terminal or put in a page as it is.
pub fn visible_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if hidden(c) { visible_control(c) } else { c })
        .collect::<String>()
        .into()
}

/// The bytes [`inline_rest`] copies as they are: all but the ASCII of [`MARKDOWN_SPECIAL`],
/// `@`, control characters (CR, LF and tab among them), 0xC2 (the lead byte of the C1
/// controls) and 0xE2 (the lead byte of U+2028 and U+2029).
static INLINE_PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut k = 0;
    while k < MARKDOWN_SPECIAL.len() {
        t[MARKDOWN_SPECIAL[k] as usize] = false;
        k += 1;
    }
    // Control characters: C0 and DEL, and the lead byte of the C1 controls.
    let mut c = 0;
    while c < 0x20 {
        t[c] = false;
        c += 1;
    }
    t[0x7F] = false;
    t[0xC2] = false;
    t[b'@' as usize] = false;
    t[0xE2] = false;
    t
};

/// Escapes text for one cell of a GitHub-flavoured Markdown table.
///
/// The same escaping as [`markdown_inline`] (which already escapes `|`: GFM needs `\|` for a
/// pipe in a cell, even inside code spans, and we escape backticks so none can form), on the
/// trimmed text: GFM trims cells anyway, and a cell must never hold a line break.
pub fn markdown_table_cell(text: &str) -> String {
    markdown_inline(text.trim())
}

/// HTML that is safe to insert unescaped: made only by [`markdown_to_safe_html`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Renders config Markdown (the report and frame descriptions) to HTML for the HTML report.
///
/// pulldown-cmark with tables, strikethrough and footnotes. Because the text may be pasted from
/// anywhere, three things are removed: raw HTML (block and inline), images (their alt text stays,
/// and the report fetches nothing), and links whose target is not http(s), mailto or relative
/// (their text stays). Everything else pulldown-cmark escapes itself.
pub fn markdown_to_safe_html(markdown: &str) -> SafeHtml {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut dropping_link = false;
    let events = Parser::new_ext(markdown, options).filter(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => false,
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => false,
        Event::Start(Tag::Link { dest_url, .. }) => {
            dropping_link = !is_safe_href(dest_url);
            !dropping_link
        }
        // Links do not nest, so the next link end closes the link we looked at last.
        Event::End(TagEnd::Link) => !std::mem::take(&mut dropping_link),
        _ => true,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html.truncate(html.trim_end().len());
    SafeHtml(html)
}

/// The escaper of the HTML templates (`askama.toml`): askama's HTML escaping, after control
/// characters but tab and line breaks are made visible ([`visible_controls`]).
#[derive(Debug, Clone, Copy)]
pub struct HtmlText;

impl askama::filters::Escaper for HtmlText {
    fn write_escaped_str<W: fmt::Write>(&self, dest: W, string: &str) -> fmt::Result {
        askama::filters::Html.write_escaped_str(dest, &visible_controls(string))
    }
}

/// The escaping filters of the Markdown templates (askama escapes no `.md` template): in
/// `templates/report.md` and its `partials/*.md`, `{{ text|inline }}` is [`markdown_inline`]
/// and `{{ text|cell }}` is [`markdown_table_cell`]. Every piece of article, sheet or config
/// text a Markdown template prints goes through one of them; numbers and our own words go in
/// as they are.
pub mod markdown_filters {
    /// [`markdown_inline`](super::markdown_inline): the text shown literally, on one line.
    #[askama::filter_fn]
    pub fn inline<T: AsRef<str>>(text: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::markdown_inline(text.as_ref()))
    }

    /// [`markdown_table_cell`](super::markdown_table_cell): the text shown literally in one
    /// cell of a table.
    #[askama::filter_fn]
    pub fn cell<T: AsRef<str>>(text: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::markdown_table_cell(text.as_ref()))
    }
}

/// Config Markdown (the report's and the frames' descriptions) made safe to include in the
/// Markdown report as Markdown: what [`markdown_to_safe_html`] removes is taken out of the
/// source itself. Raw HTML (comments included, an unterminated `<!--` too) has its `<`
/// escaped, so it shows as text; an image becomes its alt text and a link whose target is not
/// http(s), mailto or relative becomes its text (`javascript:`, `data:`); `@name` gets a
/// [`MENTION_BREAK`]; control characters but tab and line breaks are made visible. The result
/// is parsed again to make sure: should any of these remain, every line is escaped as text.
pub fn markdown_to_safe_markdown(markdown: &str) -> String {
    let once = strip_unsafe_markdown(markdown);
    if is_safe_markdown(&once) {
        return once;
    }
    let lines: Vec<String> = markdown.lines().map(markdown_inline).collect();
    lines.join("\n")
}

/// The parser options config Markdown is read with (as GitHub reads it).
fn config_markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// One pass of [`markdown_to_safe_markdown`]: the edits, made on the source.
fn strip_unsafe_markdown(markdown: &str) -> String {
    use std::ops::Range;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // The link or image being replaced by its text: where it is, and the text so far.
    let mut replacing: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, config_markdown_options()).into_offset_iter() {
        if let Some((_, text)) = replacing.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    let (at, text) = replacing.take().unwrap_or_default();
                    edits.push((at, markdown_inline(&text)));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let raw = &markdown[range.clone()];
                edits.push((range, raw.replace('<', "\\<")));
            }
            Event::Start(Tag::Image { .. }) => replacing = Some((range, String::new())),
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_href(&dest_url) => {
                replacing = Some((range, String::new()))
            }
            Event::Text(_) => {
                let raw = &markdown[range.clone()];
                let mut from = 0;
                while let Some(k) = raw[from..].find('@') {
                    let at = from + k + 1;
                    if raw[at..].starts_with(|n: char| n.is_ascii_alphanumeric()) {
                        let p = range.start + at;
                        edits.push((p..p, MENTION_BREAK.to_string()));
                    }
                    from = at;
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut at = 0;
    for (r, with) in edits {
        if r.start < at {
            continue; // inside a part replaced already
        }
        out.push_str(&markdown[at..r.start]);
        out.push_str(&with);
        at = r.end;
    }
    out.push_str(&markdown[at..]);
    visible_controls(&out).into_owned()
}

/// True when `markdown` holds no raw HTML, image, unsafe link, `@name` or hidden control
/// character.
fn is_safe_markdown(markdown: &str) -> bool {
    let hidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    !markdown.contains(hidden)
        && Parser::new_ext(markdown, config_markdown_options()).all(|e| match e {
            Event::Html(_) | Event::InlineHtml(_) => false,
            Event::Start(Tag::Image { .. }) => false,
            Event::Start(Tag::Link { dest_url, .. }) => is_safe_href(&dest_url),
            Event::Text(t) => !t
                .match_indices('@')
                .any(|(k, _)| t[k + 1..].starts_with(|n: char| n.is_ascii_alphanumeric())),
            _ => true,
        })
}

/// A link target a reader may follow: http(s), mailto, or a relative reference (no scheme).
fn is_safe_href(url: &str) -> bool {
    if url.chars().any(|c| c.is_control()) {
        return false;
    }
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        || !lower.contains(':')
}

/// An article URL the report may link to: `http(s)://` with no whitespace, quotes, angle
/// brackets or backslashes (so it is also safe inside a Markdown `<...>` link destination).
pub fn article_link(url: &str) -> Option<&str> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    let chars_ok = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\' | '`'));
    (scheme_ok && chars_ok).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`markdown_inline`] as it was written first, one character at a time: the reference
    /// for the bulk copy.
    fn markdown_inline_by_chars(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        let mut line_start = true;
        let mut leading_digits = false;
        while let Some(c) = chars.next() {
            let c = match c {
                '\r' if chars.peek() == Some(&'\n') => continue,
                '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
                c => c,
            };
            if line_start {
                if c == ' ' {
                    out.push(c);
                    continue;
                }
                if c.is_ascii_digit() {
                    leading_digits = true;
                    out.push(c);
                    continue;
                }
                if leading_digits && (c == '.' || c == ')') {
                    out.push('\\');
                    out.push(c);
                    line_start = false;
                    continue;
                }
                line_start = false;
                if !leading_digits && LINE_START_SPECIAL.contains(&c) {
                    out.push('\\');
                    out.push(c);
                    continue;
                }
            }
            if c == '@' {
                out.push(c);
                if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric()) {
                    out.push(MENTION_BREAK);
                }
                continue;
            }
            if c.is_control() {
                out.push(visible_control(c));
                continue;
            }
            if MARKDOWN_SPECIAL.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn inline_escaping_copies_runs_as_the_char_loop_escapes() {
        let pieces = [
            "a", "Z", " ", "  ", "7", "12", ".", ")", "#", ">", "-", "+", "=", "*", "_", "`", "\\",
            "[", "]", "<", "|", "!", "~", "&", "$", "\r", "\n", "\r\n", "\t", "\u{2028}",
            "\u{2029}", "\u{2019}", "\u{2014}", "é", "北", "😀", "@", "\u{1b}", "\u{7f}", "\u{9b}",
            "\u{0}", "©",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let text: String = (0..x % 12)
                .map(|k| pieces[((x >> (5 * k)) % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(
                markdown_inline(&text),
                markdown_inline_by_chars(&text),
                "{text:?}"
            );
        }
    }

    /// Renders Markdown the way GitHub would (tables on) to check what a reader would see.
    fn to_html(markdown: &str) -> String {
        let mut html = String::new();
        let parser = Parser::new_ext(
            markdown,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
        );
        pulldown_cmark::html::push_html(&mut html, parser);
        html
    }

    #[test]
    fn inline_escapes_markup_characters() {
        assert_eq!(markdown_inline("a*b_c`d"), r"a\*b\_c\`d");
        assert_eq!(markdown_inline("[x](y) ![i](j)"), r"\[x\](y) \!\[i\](j)");
        assert_eq!(markdown_inline(r"back\slash"), r"back\\slash");
        assert_eq!(
            markdown_inline("a | b ~ c & d $ e"),
            r"a \| b \~ c \& d \$ e"
        );
    }

    #[test]
    fn inline_script_title_is_text() {
        let escaped = markdown_inline(r#"<script>alert("x")</script>"#);
        assert_eq!(escaped, r#"\<script\>alert("x")\</script\>"#);
        let html = to_html(&escaped);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn inline_backticks_make_no_code_span() {
        let html = to_html(&markdown_inline("use `rm -rf` now"));
        assert!(!html.contains("<code>"), "{html}");
        assert!(html.contains("`rm -rf`"), "{html}");
    }

    #[test]
    fn inline_leading_block_markers_are_escaped() {
        assert_eq!(markdown_inline("# Heading"), r"\# Heading");
        assert_eq!(markdown_inline("  > quote"), r"  \> quote");
        assert_eq!(markdown_inline("- item"), r"\- item");
        assert_eq!(markdown_inline("+ item"), r"\+ item");
        assert_eq!(markdown_inline("12. item"), r"12\. item");
        assert_eq!(markdown_inline("3) item"), r"3\) item");
        // Only at the start: a hyphen or a number inside the text is left alone.
        assert_eq!(
            markdown_inline("well-known in 2021. Yes"),
            "well-known in 2021. Yes"
        );
        assert_eq!(markdown_inline("2021 was"), "2021 was");
        for text in ["# Heading", "- item", "12. item", "> quote"] {
            let html = to_html(&markdown_inline(text));
            assert!(html.starts_with("<p>"), "{text:?} -> {html}");
        }
    }

    #[test]
    fn inline_folds_line_breaks() {
        assert_eq!(
            markdown_inline("one\r\ntwo\nthree\rfour\tfive"),
            "one two three four five"
        );
        assert_eq!(markdown_inline("a\n# not a heading"), r"a \# not a heading");
    }

    #[test]
    fn inline_double_asterisks_in_a_snippet_stay_literal() {
        let escaped = markdown_inline("the **so-called** alliance");
        assert_eq!(escaped, r"the \*\*so-called\*\* alliance");
        let html = to_html(&format!("{escaped} **alliance**"));
        assert_eq!(html.matches("<strong>").count(), 1, "{html}");
        assert!(html.contains("**so-called**"), "{html}");
    }

    #[test]
    fn table_cell_pipes_do_not_split_cells() {
        let cell = markdown_table_cell(" a | b \\| c ");
        assert_eq!(cell, r"a \| b \\\| c");
        let table = format!("| x | y |\n| --- | --- |\n| {cell} | z |\n");
        let html = to_html(&table);
        assert_eq!(html.matches("<td>").count(), 2, "{html}");
        assert!(html.contains(r"<td>a | b \| c</td>"), "{html}");
    }

    #[test]
    fn table_cell_never_breaks_a_row() {
        let cell = markdown_table_cell("first\n\n| second");
        assert!(!cell.contains('\n'));
        let html = to_html(&format!("| x |\n| --- |\n| {cell} |\n"));
        assert_eq!(html.matches("<tr>").count(), 2, "{html}");
    }

    #[test]
    fn safe_html_drops_raw_html_images_and_script_links() {
        let md = "Hi <b>bold</b>\n\n<script>alert(1)</script>\n\n![pic](https://x.test/p.png) \
                  [bad](javascript:alert(1)) [ok](https://example.org) [rel](notes.html) *em*";
        let html = markdown_to_safe_html(md).to_string();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("pic"), "alt text stays: {html}");
        assert!(html.contains("bad"), "link text stays: {html}");
        assert!(
            html.contains(r#"<a href="https://example.org">ok</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="notes.html">rel</a>"#), "{html}");
        assert!(html.contains("<em>em</em>"), "{html}");
    }

    #[test]
    fn config_markdown_keeps_its_markup_and_loses_what_is_unsafe() {
        let md = "Intro **bold** and [ok](https://example.org) by @someone.\n\n\
                  <div onclick=\"x()\">raw</div>\n\n\
                  Inline <b>tag</b>, [bad](javascript:alert(1)), [data](data:text/html,x), \
                  ![pixel](https://tracker.test/p.png) and <javascript:alert(2)>.\n\n\
                  Esc \u{1b}[31m red.\n\n<!-- unterminated\n\n## The rest is hidden";
        let safe = markdown_to_safe_markdown(md);
        let html = to_html(&safe);
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org">ok</a>"#),
            "{html}"
        );
        for bad in [
            "<div",
            "<b>",
            "<img",
            "javascript:alert(1)\"",
            "href=\"data:",
            "href=\"javascript:",
            "<!--",
            "\u{1b}",
        ] {
            assert!(!html.contains(bad), "{bad:?} in {html}");
        }
        for shown in [
            "bad",
            "data",
            "pixel",
            "&lt;div",
            "&lt;b&gt;tag",
            "␛[31m",
            "&lt;!-- unterminated",
        ] {
            assert!(html.contains(shown), "{shown:?} not in {html}");
        }
        assert!(
            html.contains("<h2>The rest is hidden</h2>"),
            "the comment hides nothing: {html}"
        );
        assert!(safe.contains("@\u{200B}someone"), "{safe}");
        assert!(is_safe_markdown(&safe));
    }

    #[test]
    fn names_and_control_bytes_are_shown_not_obeyed() {
        assert_eq!(
            markdown_inline("ask @alice, a@b.c or @ 1"),
            "ask @\u{200B}alice, a@\u{200B}b.c or @ 1"
        );
        assert_eq!(
            markdown_inline("red\u{1b}[31m\u{7f}\u{9b}2J"),
            "red␛\\[31m␡\u{FFFD}2J"
        );
        assert_eq!(visible_controls("a\u{1b}b\nc\td"), "a␛b\nc\td");
    }

    /// Issue 20, item 10: ESC bytes from names reached the pages.
    #[test]
    fn control_bytes_reach_no_page_as_themselves() {
        let mut report = crate::render::tests::sample_report();
        report.title = "Red\u{1b}[31m <b>".into();
        report.articles[0].title = "Clear\u{1b}[2J\u{9b}2J".into();
        let html = crate::render::html::render(&report).unwrap();
        assert!(!html.contains('\u{1b}') && !html.contains('\u{9b}'));
        assert!(html.contains("Red␛[31m &#60;b&#62;"), "{html}");
        let markdown = crate::render::markdown::render(&report).unwrap();
        assert!(!markdown.contains('\u{1b}') && !markdown.contains('\u{9b}'));
    }

    #[test]
    fn article_links_are_http_only() {
        assert_eq!(
            article_link("https://x.test/a?b=1"),
            Some("https://x.test/a?b=1")
        );
        assert_eq!(article_link("javascript:alert(1)"), None);
        assert_eq!(article_link("https://x.test/a b"), None);
        assert_eq!(article_link("https://x.test/\"><script>"), None);
    }
}
