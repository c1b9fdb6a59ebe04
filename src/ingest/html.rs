//! A saved web page: the article text, without the site around it, and its metadata.
//!
//! The page is parsed with `scraper` (html5ever, the HTML5 parsing algorithm browsers use),
//! so broken markup reads as a browser would read it; nothing in the page is fetched or run
//! (JSON-LD is parsed as data with serde_json).
//!
//! - **Body**: the block `extract` chooses by scoring (text and link density, paragraphs,
//!   class/id evidence), with the headline: the `<h1>` in it, else the one outside it that
//!   the page title names. Inside, furniture is left out (`nav`, `aside`, `footer`, `header`,
//!   `form`, furniture classes, lists of links, figures and captions), then `roles` marks the
//!   byline, date line, deck, prompts and the page's own URL. Every paragraph left out keeps
//!   the rule that left it out ([`parse_view`], shown by `framelens text`).
//! - **Paragraphs**: block elements (`p`, `h1`–`h6`, `li`, `blockquote`, a `div` with text
//!   of its own, ...); `<br>` is a line break inside one.
//! - **Offsets**: html5ever gives no positions, so each text node is found again in the
//!   source by a forward search from where the previous one ended. Characters written as
//!   entities (`&amp;`, `&rsquo;`) map to the entity's first byte; a text node that cannot be
//!   found (rare: parser repairs) maps to where the search stood. A match with no entity
//!   inside therefore satisfies `source[start..end] == text`.

use super::block::{hint, Block, Kind, OUTSIDE};
use super::header::{parse_date, Meta};
use super::{extract, roles};
use super::{Origin, Para, Parsed};
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::LazyLock;

/// Elements that end a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "body",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "hr",
    "address",
    "figcaption",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "details",
    "summary",
    "center",
    "menu",
];

/// How far a text node is looked for before it is given up as not found.
const MAX_TAG_TRIES: usize = 4096;

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("a valid built-in selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel=canonical]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector("script[type=\"application/ld+json\"]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));

/// Element nesting beyond which a page is refused. html5ever's work grows with the square of
/// the nesting depth (ten thousand nested `<div>`s take seconds), and real pages stay far
/// below this; browsers themselves cap the DOM depth at 512.
pub const MAX_DEPTH: usize = 1000;

/// Attributes on one element beyond which a page is refused. html5ever compares each new
/// attribute's name with every earlier one of its element (to drop duplicates), so its work
/// grows with the square of their number (400,000 on one element took 55 s); real elements
/// carry a handful.
pub const MAX_ATTRIBUTES: usize = 10_000;

/// The number of attributes of the first element found with more than [`MAX_ATTRIBUTES`], by
/// a linear scan of the tags in the source, read as the HTML tokenizer reads them (names end at
/// white space, `/`, `>` or `=`; values are quoted or end at white space or `>`).
pub fn too_many_attributes(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = 0;
    while let Some(n) = memchr::memchr(b'<', &b[i..]) {
        i += n + 1;
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>') {
            i += 1;
        }
        let mut count = 0usize;
        loop {
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            // A name (an `=` may start one), then perhaps a value.
            count += 1;
            i += 1;
            while i < b.len()
                && !matches!(
                    b[i],
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |k| i + 1 + k + 1);
                }
                _ => {
                    while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'>')
                    {
                        i += 1;
                    }
                }
            }
        }
        if count > MAX_ATTRIBUTES {
            return Some(count);
        }
    }
    None
}

/// Elements that never nest: void elements and those whose end tag may be left out (the
/// parser closes them), so an old page full of unclosed `<p>` is not counted as deep.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "rb", "rt", "rp", "optgroup", "param", "keygen",
];

/// A quick estimate of the deepest element nesting, without parsing. Returns the depth when
/// it exceeds [`MAX_DEPTH`].
///
/// An end tag closes, as the parser closes it, every element opened after the last open
/// element of its name (`</div>` closes the `<span>`s left open inside the `<div>`), and is
/// ignored when no element of its name is open. Counting every end tag as closing one
/// element refused real pages with a few hundred unclosed `<span>`s as "too deep".
pub fn too_deep(src: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = 0usize;
    // The open elements, innermost last, by name; and how many of each name are open, so
    // that an end tag with none open is settled without a search (the stack is popped only
    // as far as it was pushed: time linear in the page).
    let mut open: Vec<[u8; 16]> = Vec::new();
    let mut open_of: rustc_hash::FxHashMap<[u8; 16], u32> = rustc_hash::FxHashMap::default();
    // The first `>` at or after the tag looked at last (`None`: there is none), so that the
    // search for a tag's end never reads the same bytes twice: with `<div` repeated and no
    // `>`, searching from each tag anew took time quadratic in the page's length.
    let mut next_gt: Option<usize> = Some(0);
    while let Some(n) = memchr::memchr(b'<', &b[i..]) {
        i += n + 1;
        let close = b.get(i) == Some(&b'/');
        let from = i + usize::from(close);
        let len = b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || len > 16 {
            continue;
        }
        let mut name = [0u8; 16];
        name[..len].copy_from_slice(&b[from..from + len]);
        name.make_ascii_lowercase();
        let flat = std::str::from_utf8(&name[..len]).is_ok_and(|n| FLAT_ELEMENTS.contains(&n));
        if flat {
            continue;
        }
        if close {
            if open_of.get(&name).is_some_and(|&k| k > 0) {
                while let Some(top) = open.pop() {
                    *open_of.entry(top).or_default() -= 1;
                    if top == name {
                        break;
                    }
                }
            }
        } else {
            if next_gt.is_some_and(|g| g < from) {
                next_gt = memchr::memchr(b'>', &b[from..]).map(|e| from + e);
            }
            let self_closing = next_gt.is_some_and(|g| g > from && b[g - 1] == b'/');
            if !self_closing {
                open.push(name);
                *open_of.entry(name).or_default() += 1;
                if open.len() > MAX_DEPTH {
                    return Some(open.len());
                }
            }
        }
    }
    None
}

/// Text the extractor left out of the counted text, and the rule that left it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub rule: &'static str,
    pub text: String,
    /// Source byte range.
    pub start: usize,
    pub end: usize,
}

pub fn parse(src: &str) -> Parsed {
    parse_view(src).0
}

/// The page read, and what its reading left out (in document order).
///
/// When the article chosen with all the furniture rules holds under [`LEAST_BODY`]
/// characters of body text, the page is read again barring only menus, comments and dialogs
/// ([`extract::Bar::Least`]), and that reading is kept if it finds at least that much and
/// twice as much: a page whose story sits in an element the rules take for furniture gives
/// its story rather than nothing, and a short story keeps its furniture rules. Before that, a
/// page whose captions hold at least that much and twice its body's text (a slideshow) is
/// read again with its captions as the story.
pub fn parse_view(src: &str) -> (Parsed, Vec<Dropped>) {
    let doc = Html::parse_document(src);
    let mut meta = read_meta(&doc);
    let Some(body) = doc.select(&BODY).next() else {
        return (
            Parsed {
                meta,
                paras: Vec::new(),
            },
            Vec::new(),
        );
    };
    // The page is measured and its article chosen once; a slideshow only reads its captions
    // differently.
    let all = extract::analyse(*body, extract::Bar::All);
    let mut read = Reading::of(src, *body, &all, &meta, Captions::Out);
    // A slideshow tells its story in its captions: when they hold much more text than the
    // body, they are read as the story.
    let captions: usize = read
        .dropped
        .iter()
        .filter(|d| d.rule == "caption")
        .map(|d| d.text.chars().count())
        .sum();
    if outweighs(captions, read.body_chars) {
        read = Reading::of(src, *body, &all, &meta, Captions::Text);
    }
    if read.body_chars < LEAST_BODY {
        // Read as a browser without scripts reads it, so that a `<noscript>` copy of a story
        // that scripts render (as Blogger's pages do) is text too.
        let doc = parse_without_scripts(src);
        if let Some(body) = doc.select(&BODY).next() {
            let least = extract::analyse(*body, extract::Bar::Least);
            let least = Reading::of(src, *body, &least, &meta, Captions::Out);
            if outweighs(least.body_chars, read.body_chars) {
                read = least;
            }
        }
    }
    let Reading {
        paras,
        dropped,
        date,
        ..
    } = read;
    if meta.date.is_none() && meta.date_raw.is_none() {
        if let Some(t) = date {
            set_date(&mut meta, &t);
        }
    }
    if meta.title.is_none() {
        meta.title = paras
            .iter()
            .find(|p| p.headline)
            .map(|p| p.text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    (Parsed { meta, paras }, dropped)
}

/// The page parsed with scripting off: `<noscript>` holds elements, not raw text.
fn parse_without_scripts(src: &str) -> Html {
    use html5ever::tendril::TendrilSink;
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts)
        .one(src)
}

/// Characters of body text (headline aside) under which a page is read again with fewer
/// furniture rules: about three sentences.
const LEAST_BODY: usize = 300;

/// Whether a second reading's `more` characters of text are worth taking over the first's
/// `than`: at least [`LEAST_BODY`] and twice as many.
fn outweighs(more: usize, than: usize) -> bool {
    more >= LEAST_BODY.max(2 * than)
}

/// One reading of a page's `<body>`: the paragraphs kept, what was left out and why, the
/// date a `<time>` gives, and the characters of body text kept.
struct Reading {
    paras: Vec<Para>,
    dropped: Vec<Dropped>,
    date: Option<String>,
    body_chars: usize,
}

/// Whether captions are left out (as everywhere) or read as the story (a slideshow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Captions {
    Out,
    Text,
}

impl Reading {
    /// The reading of `body`, measured as `analysis`, with its captions as `captions` says.
    fn of<'a>(
        src: &str,
        body: NodeRef<'a, Node>,
        analysis: &extract::Analysis<'a>,
        meta: &Meta,
        captions: Captions,
    ) -> Reading {
        let headline = choose_headline(analysis, meta.title.as_deref());
        let mut blocks = Vec::new();
        Walker::new(src, analysis, headline).walk(body, &mut blocks);
        if captions == Captions::Text {
            for b in blocks.iter_mut().filter(|b| b.rule == Some("caption")) {
                b.rule = None;
            }
        }
        roles::assign(&mut blocks, meta.url.as_deref(), captions == Captions::Text);
        let mut paras = Vec::new();
        let mut dropped = Vec::new();
        for b in blocks {
            match b.rule {
                None => paras.push(b.para),
                Some(rule) => {
                    let start = b.para.origin.get(0);
                    let end = b.para.origin.get(b.para.text.len());
                    dropped.push(Dropped {
                        rule,
                        text: b.para.text,
                        start,
                        end,
                    });
                }
            }
        }
        let body_chars = paras
            .iter()
            .filter(|p| !p.headline)
            .map(|p| p.text.chars().count())
            .sum();
        Reading {
            paras,
            dropped,
            date: page_time(analysis).map(str::to_string),
            body_chars,
        }
    }
}

/// The publication date a `<time datetime>` gives: one in the content first, else one
/// marked as the publication date anywhere in the page, else the first outside comments.
fn page_time<'a>(an: &extract::Analysis<'a>) -> Option<&'a str> {
    let time = |i: usize| {
        let info = &an.nodes[i];
        let e = info.node.value().as_element()?;
        (e.name() == "time").then_some(())?;
        e.attr("datetime").filter(|d| !d.trim().is_empty())
    };
    let in_comments = |mut i: usize| loop {
        if an.nodes[i].furniture == Some("comments") {
            return true;
        }
        match an.nodes[i].parent {
            Some(p) => i = p,
            None => return false,
        }
    };
    let all = 0..an.nodes.len();
    all.clone()
        .filter(|&i| an.in_content(i))
        .find_map(time)
        .or_else(|| {
            all.clone().filter(|&i| !in_comments(i)).find_map(|i| {
                let e = an.nodes[i].node.value().as_element()?;
                let marked = e.attr("itemprop") == Some("datePublished")
                    || e.attr("pubdate").is_some()
                    || e.attr("class").is_some_and(|c| c.contains("publish"));
                if marked {
                    time(i)
                } else {
                    None
                }
            })
        })
        .or_else(|| all.filter(|&i| !in_comments(i)).find_map(time))
}

/// Normalised text for comparing a heading with the title.
fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The heading that is the headline: the first `<h1>` in the content, unless the story's
/// text has begun before it ([`after_the_text`]); else an `<h1>` outside navigation and
/// comments that names the page title ([`names_title`]); else the last `<h1>` before the
/// content; else the first `<h1>` of the content; else an `<h2>` or `<h3>` that names the
/// title.
fn choose_headline(an: &extract::Analysis, title: Option<&str>) -> Option<NodeId> {
    let title = title.map(squash).filter(|t| !t.is_empty());
    let mut before = None;
    let mut matching = None;
    // A title heading of a lower rank (a blog's `<h3 class="post-title">`), for a page with
    // no `<h1>` to take.
    let mut sub_matching = None;
    // The first `<h1>` of the content that comes after its text has begun.
    let mut late = None;
    let first_content = an.content.first().map(|c| c.0);
    for (i, info) in an.nodes.iter().enumerate() {
        let Some(e) = info.node.value().as_element() else {
            continue;
        };
        let h1 = e.name() == "h1";
        if !(h1 || matches!(e.name(), "h2" | "h3")) || info.text == 0 {
            continue;
        }
        if h1 && an.in_content(i) {
            if !after_the_text(an, i) {
                return Some(info.node.id());
            }
            late.get_or_insert(info.node.id());
        }
        let mut up = info.parent;
        let mut furniture = false;
        while let Some(p) = up {
            let n = &an.nodes[p];
            if n.furniture == Some("comments")
                || n.node
                    .value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "nav" | "aside" | "footer" | "menu"))
            {
                furniture = true;
                break;
            }
            up = n.parent;
        }
        if furniture {
            continue;
        }
        let slot = if h1 { &mut matching } else { &mut sub_matching };
        if slot.is_none() {
            if let (Some(t), Some(h)) = (&title, ElementRef::wrap(info.node)) {
                let h = squash(&h.text().collect::<String>());
                // A lower heading that only holds part of the title is the site's name.
                let names = if h1 {
                    names_title(t, &h)
                } else {
                    holds_story(t, &h)
                };
                if names {
                    *slot = Some(info.node.id());
                }
            }
        }
        // A site's name set as an `<h1>` over every page is a link home.
        if h1 && first_content.is_some_and(|c| i < c) && info.links * 2 <= info.text {
            before = Some(info.node.id());
        }
    }
    matching.or(before).or(late).or(sub_matching)
}

/// Whether element `i` of the content comes after the story's text has begun: more than
/// [`TEXT_BEFORE_HEADLINE`] characters of the content's own text before it (an `<h1>` over
/// a box of links below the story, as some CMS title every box, is not its headline).
fn after_the_text(an: &extract::Analysis, i: usize) -> bool {
    let before: u32 = an
        .content
        .iter()
        .flat_map(|&(s, e)| s..e.min(i))
        .map(|j| an.nodes[j].own)
        .sum();
    before > TEXT_BEFORE_HEADLINE
}

/// The characters of text (a kicker, a byline, a date, a deck) an article may hold before its
/// headline.
const TEXT_BEFORE_HEADLINE: u32 = 500;

/// Whether the heading `h` names the page title `t` (both [`squash`]ed): the title holds
/// it and it is at least half as long as the title's story part (not only the site's name),
/// or it holds the story part ([`holds_story`]; "Keepers return" of
/// "Keepers return | The Courier").
fn names_title(t: &str, h: &str) -> bool {
    let story = story_part(t).map_or(t.len(), str::len);
    (!h.is_empty() && t.contains(h) && h.len() * 2 >= story) || holds_story(t, h)
}

/// Whether the heading `h` holds the page title `t`, or the title's story part: the longest
/// piece of the title between the separators that add the site's name.
fn holds_story(t: &str, h: &str) -> bool {
    if h.contains(t) {
        return true;
    }
    story_part(t).is_some_and(|s| s.chars().count() >= 15 && h.contains(s))
}

/// The longest piece of title `t` between the separators that add the site's name
/// (`" | "`, `" - "`, ...), if it has any.
fn story_part(t: &str) -> Option<&str> {
    [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: ", " \u{b7} "]
        .iter()
        .flat_map(|sep| t.split(sep))
        .filter(|part| part.len() < t.len())
        .max_by_key(|part| part.len())
}

fn text_of(e: ElementRef) -> String {
    e.text().collect::<Vec<_>>().join(" ")
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

fn set_date(meta: &mut Meta, value: &str) {
    if meta.date.is_some() || is_placeholder_date(value) {
        return;
    }
    match parse_date(value) {
        Some(d) => meta.date = Some(d),
        None if meta.date_raw.is_none() => meta.date_raw = clean(value),
        None => {}
    }
}

/// A date a CMS writes when none was set: a year before 1900 (`0001-01-01`).
fn is_placeholder_date(value: &str) -> bool {
    let v = value.trim();
    v.len() >= 4
        && v.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && v.get(..4).is_some_and(|y| y < "1900")
}

fn read_meta(doc: &Html) -> Meta {
    let mut meta = Meta::default();
    let mut og_title = None;
    let mut og_url = None;
    let mut site_name = None;
    for m in doc.select(&META) {
        let key = m
            .attr("property")
            .or_else(|| m.attr("name"))
            .or_else(|| m.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(value) = m
            .attr("content")
            .or_else(|| m.attr("datetime"))
            .and_then(clean)
        else {
            continue;
        };
        match key.as_str() {
            "og:title" => og_title = og_title.or(Some(value)),
            "og:url" => og_url = og_url.or(Some(value)),
            "og:site_name" => site_name = site_name.or(Some(value)),
            "article:published_time"
            | "article:published"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "dc.date"
            | "dc.date.issued"
            | "parsely-pub-date"
            | "sailthru.date" => set_date(&mut meta, &value),
            "author" | "article:author" | "byl" | "dc.creator"
                if meta.author.is_none() && !value.starts_with("http") =>
            {
                meta.author = Some(value.trim_start_matches("By ").to_string());
            }
            _ => {}
        }
    }
    for script in doc.select(&JSON_LD) {
        let raw: String = script.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) {
            read_json_ld(&v, &mut meta, &mut site_name);
        }
    }
    meta.title = og_title
        .or_else(|| {
            doc.select(&TITLE)
                .next()
                .map(text_of)
                .and_then(|t| clean(&t))
        })
        .or_else(|| meta.title.take());
    meta.url = doc
        .select(&CANONICAL)
        .next()
        .and_then(|l| l.attr("href"))
        .and_then(clean)
        .or(og_url)
        .or_else(|| meta.url.take());
    if meta.outlet.is_none() {
        meta.outlet = site_name;
    }
    meta
}

/// Reads `datePublished`, `headline`, `author`, `url` and `publisher.name` from JSON-LD,
/// breadth first (the article object is usually at the top or in `@graph`).
fn read_json_ld(v: &serde_json::Value, meta: &mut Meta, site_name: &mut Option<String>) {
    use serde_json::Value;
    let mut queue = std::collections::VecDeque::from([v]);
    let mut seen = 0;
    while let Some(v) = queue.pop_front() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match v {
            Value::Array(items) => queue.extend(items),
            Value::Object(map) => {
                if let Some(Value::String(d)) = map.get("datePublished") {
                    set_date(meta, d);
                }
                if let Some(Value::String(h)) = map.get("headline") {
                    if meta.title.is_none() {
                        meta.title = clean(h);
                    }
                }
                if meta.author.is_none() {
                    if let Some(a) = map.get("author") {
                        meta.author = json_names(a);
                    }
                }
                if meta.url.is_none() {
                    if let Some(Value::String(u)) = map.get("url") {
                        if map.contains_key("headline") {
                            meta.url = clean(u);
                        }
                    }
                }
                if site_name.is_none() {
                    if let Some(p) = map.get("publisher") {
                        *site_name = json_names(p);
                    }
                }
                if let Some(g) = map.get("@graph") {
                    queue.push_back(g);
                }
            }
            _ => {}
        }
    }
}

/// A JSON-LD person or organisation (a name, `{ "name": ... }`, or a list of them).
fn json_names(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => clean(s),
        Value::Object(m) => m.get("name").and_then(Value::as_str).and_then(clean),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().take(20).filter_map(json_names).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn hints_of(e: &scraper::node::Element) -> u8 {
    let mut h = 0;
    if e.name() == "time" {
        h |= hint::DATE;
    }
    for a in ["class", "id", "itemprop", "rel"] {
        let Some(v) = e.attr(a) else { continue };
        for w in v
            .split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
        {
            h |= match w.as_str() {
                "byline" | "byl" | "author" | "authors" | "writer" | "autor" | "auteur"
                | "contributor" | "contributors" => hint::BYLINE,
                "date" | "dateline" | "datetime" | "time" | "timestamp" | "published"
                | "pubdate" | "datepublished" | "updated" | "datum" | "posted" => hint::DATE,
                "deck" | "dek" | "standfirst" | "subtitle" | "subheadline" | "subhead"
                | "subheading" | "strapline" | "summary" | "excerpt" => hint::DECK,
                "caption" | "credit" | "credits" | "figcaption" | "imagecaption"
                | "photocredit" => hint::CAPTION,
                "bio" | "authorbio" | "authorbox" | "aboutauthor" | "author_bio" => {
                    hint::AUTHOR_NOTE
                }
                _ => 0,
            };
        }
    }
    h
}

enum Step<'a> {
    Visit(NodeRef<'a, Node>),
    /// The end of a block element: the kind of paragraph around it comes back.
    Close(Kind),
    /// The end of an element that changed the rule or the hints.
    Restore(Option<&'static str>, u8),
}

/// The length of a character reference at the start of `s` (`&name;`, `&#123;`, `&#x1F;`,
/// or `&amp` without its semicolon, as browsers accept it).
fn entity_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return None;
    }
    let name = b[1..]
        .iter()
        .take(40)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    if name == 0 {
        return None;
    }
    if b.get(1 + name) == Some(&b';') {
        return Some(name + 2);
    }
    let bare = &s[1..1 + name];
    ["amp", "lt", "gt", "quot", "nbsp"]
        .iter()
        .find(|e| bare.starts_with(*e))
        .map(|e| e.len() + 1)
}

/// Walks the body, building paragraphs and mapping their bytes back to the source.
struct Walker<'s, 'a> {
    src: &'s str,
    an: &'s extract::Analysis<'a>,
    headline_id: Option<NodeId>,
    /// Where the search for the next text node starts.
    cursor: usize,
    text: String,
    origin: Origin,
    kind: Kind,
    /// The rule leaving out the text being read, if any.
    rule: Option<&'static str>,
    /// Hints of the block elements around, and of inline elements in this paragraph.
    hints: u8,
    para_hints: u8,
}

impl<'s, 'a> Walker<'s, 'a> {
    fn new(src: &'s str, an: &'s extract::Analysis<'a>, headline_id: Option<NodeId>) -> Self {
        Walker {
            src,
            an,
            headline_id,
            cursor: 0,
            text: String::new(),
            origin: Origin::default(),
            kind: Kind::Text,
            rule: Some(OUTSIDE),
            hints: 0,
            para_hints: 0,
        }
    }

    /// The rule for element `i` (entered while `self.rule` holds).
    fn rule_for(&self, i: usize, e: &scraper::node::Element) -> Option<&'static str> {
        let an = self.an;
        if !an.in_content(i) {
            // No rule holds outside the article only inside a headline taken from there
            // (`<h1><span>Title</span></h1>`): all of it is the headline.
            self.rule?;
            // Furniture outside the article is named for what it is (comments, a menu).
            return Some(
                self.rule
                    .filter(|&r| r != OUTSIDE)
                    .or(an.nodes[i].furniture)
                    .unwrap_or(OUTSIDE),
            );
        }
        if let Some(r) = self.rule.filter(|&r| r != OUTSIDE) {
            return Some(r);
        }
        let root = an.content.iter().any(|&(s, _)| s == i);
        let info = &an.nodes[i];
        if root {
            return None;
        }
        if let Some(f) = info.furniture {
            return Some(f);
        }
        let name = e.name();
        if name == "figcaption" || (name == "figure" && info.text < 300) {
            return Some("caption");
        }
        if an.teaser(i) {
            return Some("teaser");
        }
        if matches!(
            name,
            "ul" | "ol" | "dl" | "div" | "section" | "table" | "p" | "menu"
        ) && info.text > 0
            && info.text - info.links.min(info.text) < 300
            && info.link_density() > if name == "p" { 0.8 } else { 0.5 }
        {
            return Some("link list");
        }
        None
    }

    /// Iterative, so a page nested ten thousand levels deep cannot overflow the stack.
    fn walk(&mut self, root: NodeRef<'_, Node>, out: &mut Vec<Block>) {
        let mut stack = vec![Step::Visit(root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Close(kind) => {
                    self.flush(out);
                    self.kind = kind;
                    continue;
                }
                Step::Restore(rule, hints) => {
                    self.flush(out);
                    self.rule = rule;
                    self.hints = hints;
                    continue;
                }
                Step::Visit(n) => n,
            };
            match node.value() {
                Node::Text(t) => self.push_text(&t.text),
                Node::Element(e) => {
                    let name = e.name();
                    if name == "br" {
                        self.origin.push_point(self.text.len(), self.cursor);
                        self.text.push('\n');
                        continue;
                    }
                    let Some(i) = self.an.idx(node.id()) else {
                        continue; // unseen: script, style, ...
                    };
                    let headline = self.headline_id == Some(node.id());
                    let rule = if headline { None } else { self.rule_for(i, e) };
                    let block = headline || BLOCK_ELEMENTS.contains(&name) || name == "h1";
                    let mut hints = self.hints;
                    let h = hints_of(e);
                    if h != 0 {
                        if block {
                            let text = self.an.nodes[i].text;
                            if text < 400 {
                                hints |= h;
                            } else if text < 1500 {
                                hints |= h & hint::AUTHOR_NOTE;
                            }
                        } else {
                            self.para_hints |= h;
                        }
                    }
                    if rule != self.rule || hints != self.hints {
                        self.flush(out);
                        stack.push(Step::Restore(self.rule, self.hints));
                        self.rule = rule;
                        self.hints = hints;
                    }
                    if block {
                        self.flush(out);
                        stack.push(Step::Close(self.kind));
                        self.kind = if headline {
                            Kind::Headline
                        } else if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                            Kind::Heading
                        } else if self.kind == Kind::Headline {
                            Kind::Headline
                        } else if matches!(name, "li" | "dd" | "dt" | "td" | "th") {
                            Kind::Item
                        } else {
                            Kind::Text
                        };
                    }
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Visit));
                }
                _ => {}
            }
        }
        self.flush(out);
    }

    fn push_text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let base = self.text.len();
        if let Some(end) = self.locate(t, base) {
            self.cursor = end;
        } else {
            self.origin.rewind(base);
            self.origin.push_point(base, self.cursor);
        }
        self.text.push_str(t);
    }

    /// Finds `t` in the source at or after the cursor (a text node starts at the cursor or
    /// right after a `>`), mapping its bytes (to be appended at text offset `base`). Returns
    /// where it ends.
    fn locate(&mut self, t: &str, base: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let mut at = self.cursor;
        for _ in 0..MAX_TAG_TRIES {
            if let Some(end) = self.match_at(at, t, base) {
                return Some(end);
            }
            self.origin.rewind(base);
            let next = bytes[at.min(bytes.len())..]
                .iter()
                .position(|&b| b == b'>')?;
            at += next + 1;
        }
        None
    }

    fn match_at(&mut self, mut q: usize, t: &str, base: usize) -> Option<usize> {
        let src = self.src;
        for (i, c) in t.char_indices() {
            let rest = src.get(q..)?;
            let len = c.len_utf8();
            if let Some(entity) = entity_len(rest) {
                // `&amp;`, `&rsquo;`, `&#8217;`: the character maps to the entity's start.
                self.origin.push_point(base + i, q);
                q += entity;
            } else if rest.starts_with(c) {
                self.origin.push_copy(base + i, q);
                q += len;
            } else if c == '\n' && rest.starts_with('\r') {
                // The parser turns CRLF and CR into LF.
                self.origin.push_point(base + i, q);
                q += if rest.starts_with("\r\n") { 2 } else { 1 };
            } else if c == '\u{FFFD}' {
                let skip = rest.chars().next()?.len_utf8();
                self.origin.push_point(base + i, q);
                q += skip;
            } else {
                return None;
            }
        }
        Some(q)
    }

    /// Ends the paragraph being built: trims it (keeping the map in step) and keeps it when
    /// anything is left.
    fn flush(&mut self, out: &mut Vec<Block>) {
        let mut text = std::mem::take(&mut self.text);
        let mut origin = std::mem::take(&mut self.origin);
        let para_hints = std::mem::take(&mut self.para_hints);
        let keep = text.trim_end().len();
        text.truncate(keep);
        origin.truncate(keep);
        let lead = text.len() - text.trim_start().len();
        text.drain(..lead);
        origin.drop_front(lead);
        if text.is_empty() {
            return;
        }
        // One past the source byte of the last byte kept.
        let last = origin.get(text.len() - 1);
        origin.set_end(text.len(), last + 1);
        let headline = self.kind == Kind::Headline
            && self.rule.is_none()
            && !out.iter().any(|b| b.para.headline);
        out.push(Block {
            para: Para {
                text,
                origin,
                headline,
                list_item: self.kind == Kind::Item,
            },
            rule: self.rule,
            kind: if headline || self.kind != Kind::Headline {
                self.kind
            } else {
                Kind::Heading
            },
            hints: self.hints | para_hints,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Pact talks | The Example Post</title>
<meta property="og:title" content="Leaders discuss a pact">
<meta property="og:site_name" content="The Example Post">
<meta property="article:published_time" content="2031-03-15T08:00:00+03:00">
<meta name="author" content="A. Writer">
<link rel="canonical" href="https://example.org/news/pact">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2031-03-14"}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World alliance news</a></nav>
<article>
<header><h1>Leaders discuss a pact</h1><p class="byline">By A. Writer</p></header>
<p>The two leaders spoke of a <b>partnership</b>, not an alliance.</p>
<div>Trade &amp; energy were on the agenda.<br>So was security.</div>
<div class="share-buttons">Share on the alliance network</div>
<aside>Read also: the alliance explained</aside>
<p>It was &ldquo;frank&rdquo;, one aide said.</p>
</article>
<section id="comments"><p>An alliance! says a reader.</p></section>
<footer>Copyright alliance</footer>
</body></html>"#;

    #[test]
    fn article_text_without_furniture_and_metadata_from_meta_tags() {
        let p = parse(PAGE);
        let texts: Vec<&str> = p.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Leaders discuss a pact",
                "The two leaders spoke of a partnership, not an alliance.",
                "Trade & energy were on the agenda.\nSo was security.",
                "It was \u{201c}frank\u{201d}, one aide said."
            ]
        );
        assert!(p.paras[0].headline && !p.paras[1].headline);
        assert_eq!(p.meta.title.as_deref(), Some("Leaders discuss a pact"));
        assert_eq!(p.meta.date.as_deref(), Some("2031-03-15"));
        assert_eq!(p.meta.author.as_deref(), Some("A. Writer"));
        assert_eq!(p.meta.outlet.as_deref(), Some("The Example Post"));
        assert_eq!(p.meta.url.as_deref(), Some("https://example.org/news/pact"));
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let p = parse(PAGE);
        for para in &p.paras {
            for word in [
                "partnership",
                "alliance",
                "energy",
                "security",
                "aide",
                "pact",
            ] {
                if let Some(at) = para.text.find(word) {
                    let s = para.origin.get(at);
                    let e = para.origin.get(at + word.len() - 1) + 1;
                    assert_eq!(&PAGE[s..e], word);
                }
            }
        }
        // An entity maps to where it starts.
        let amp = &p.paras[2];
        let at = amp.text.find('&').unwrap();
        assert!(PAGE[amp.origin.get(at)..].starts_with("&amp;"));
    }

    #[test]
    fn json_ld_and_fallbacks() {
        let page = r#"<html><head><script type="application/ld+json">
{"@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"A headline",
"datePublished":"Dec 16, 2021 08:00 GMT","author":[{"name":"One"},{"name":"Two"}],
"publisher":{"name":"Wire"}, "url":"https://w.example/a"}]}</script></head>
<body><main><div>Text of its own <span>here</span>.</div></main></body></html>"#;
        let p = parse(page);
        assert_eq!(p.meta.title.as_deref(), Some("A headline"));
        assert_eq!(p.meta.date.as_deref(), Some("2021-12-16"));
        assert_eq!(p.meta.author.as_deref(), Some("One, Two"));
        assert_eq!(p.meta.outlet.as_deref(), Some("Wire"));
        assert_eq!(p.meta.url.as_deref(), Some("https://w.example/a"));
        assert_eq!(p.paras.len(), 1);
        assert_eq!(p.paras[0].text, "Text of its own here.");
    }

    /// Issue 20, item 6: 400,000 attributes on one element took html5ever 55 s.
    #[test]
    fn an_element_with_too_many_attributes_is_found_in_one_pass() {
        let attrs = |n: usize| {
            (0..n)
                .map(|k| format!(" a{k}=\"x > y\" b{k}=z c{k}"))
                .collect::<String>()
        };
        let page = format!("<html><body><p{}>alliance</p></body></html>", attrs(100));
        assert_eq!(too_many_attributes(&page), None);
        let hostile = format!("<p>ok</p><div{}>alliance</div>", attrs(150_000));
        assert_eq!(too_many_attributes(&hostile), Some(450_000));
        // Many elements with few attributes each are fine.
        assert_eq!(
            too_many_attributes(&"<a href=x id=y>t</a>".repeat(50_000)),
            None
        );
        // An unclosed tag at the end counts up to the end.
        let open = format!("<div{}", " x".repeat(MAX_ATTRIBUTES + 1));
        assert_eq!(too_many_attributes(&open), Some(MAX_ATTRIBUTES + 1));
    }

    #[test]
    fn ruby_readings_are_not_the_sentence_s_text() {
        let page = "<html><body><article><p><ruby>\u{5B50}<rp>(</rp><rt>\u{3053}</rt><rp>)</rp>\
                    </ruby>\u{3069}\u{3082}\u{306E}\u{6CD5}\u{5F8B}<ruby>\u{540C}\u{76DF}<rt>\
                    t\u{F3}ngm\u{E9}ng</rt></ruby>\u{3002}</p></article></body></html>";
        let p = parse(page);
        let texts: Vec<&str> = p.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["\u{5B50}\u{3069}\u{3082}\u{306E}\u{6CD5}\u{5F8B}\u{540C}\u{76DF}\u{3002}"]
        );
    }

    #[test]
    fn deep_nesting_is_measured_and_walked_without_recursion() {
        let page = format!(
            "{}deep alliance{}",
            "<div>".repeat(900),
            "</div>".repeat(10)
        );
        assert_eq!(too_deep(&page), None);
        let p = parse(&page);
        assert!(p.paras.iter().any(|p| p.text.contains("deep alliance")));
        let hostile = "<div><span>".repeat(50_000);
        assert_eq!(too_deep(&hostile), Some(MAX_DEPTH + 1));
        // Unclosed paragraphs and void elements do not nest.
        assert_eq!(too_deep(&"<p>text<br><img src=x>".repeat(50_000)), None);
        assert_eq!(too_deep(&"<div>x</div>".repeat(50_000)), None);
        assert_eq!(too_deep(&"<div/>".repeat(5_000)), None);
        // Tags with no end: one search for a `>`, not one per tag.
        assert_eq!(too_deep(&"<div ".repeat(200_000)), Some(MAX_DEPTH + 1));
        // A closing `</div>` closes the spans left open inside it, as the parser does; an
        // end tag with nothing of its name open closes nothing.
        let spans = "<div><span><span>x<span>y</div>".repeat(2_000);
        assert_eq!(too_deep(&spans), None);
        assert!(parse(&spans).paras.iter().any(|p| p.text.contains("x")));
        let stray = format!("{}{}", "<div>".repeat(MAX_DEPTH), "</span><div>");
        assert_eq!(too_deep(&stray), Some(MAX_DEPTH + 1));
    }
}
