//! Which part of a web page is the article: block scoring in the manner of the best
//! extractors (readability, trafilatura), rather than the first or the longest container.
//!
//! 1. **Measure** every element of `<body>` once: its text, the part of it inside links, its
//!    commas. Page furniture is *barred*: `nav`, `aside`, `footer`, `header`, `form`, and
//!    elements whose class or id names comments (always, but for a live page's commentary),
//!    or sharing, related or similar posts, menus, sidebars, breadcrumbs, promotions,
//!    donations, newsletters (unless the element is an `<article>`, `<main>` or `<body>`, or
//!    another of its class names says it holds the article's content: `content has-sidebar`,
//!    but not `article-share`). The class names page builders put on every block
//!    (`elementor-widget-container`) are read for content words only ([`LAYOUT_PREFIXES`]).
//! 2. **Score** each paragraph-like block (`p`, `pre`, `td`, `blockquote`, `li`, `dd`, a `div`
//!    with text of its own) of at least 25 characters outside barred elements:
//!    `1 + commas + min(chars / 100, 3)`, times the share of its text outside links. The score
//!    goes to its parent, half of it to the grandparent, and a third, a sixth... further up
//!    (five levels). A container starts from a weight for its tag (`div` +5, lists -3,
//!    headings -5) and for its class/id words (`article`, `content`, `entry`, `post`, `story`,
//!    `text`, `body`, `itemprop=articleBody` +25; comment, footer, sidebar, related, share,
//!    teaser... -25), and its final score is multiplied by the share of its text outside links.
//! 3. **Choose** the page's `itemprop=articleBody` elements when one has 200 characters,
//!    else the best-scoring container (inside the page's `<main>` or only `<article>` when
//!    one there scores a quarter of the best outside them); when three of the five next
//!    best lie inside one of its ancestors, that ancestor (the article was split into
//!    several blocks). Its siblings join it when they score at least a fifth of it, are
//!    paragraphs of plain text, or hold a block with the best block's class (another
//!    section of the same article).
//! 4. **Mark teasers** inside the chosen blocks: cards for other pages ([`teasers`]).
//!
//! Without any paragraph of 25 characters, the content is the `<article>` with the most text,
//! else `<main>`, else `<body>`.
//!
//! A page whose chosen content keeps under 300 characters of body text is measured again
//! with only menus, reader comments and dialogs barred ([`Bar::Least`], in
//! [`super::html::parse_view`]): the story some pages wrap in a block whose class names a
//! teaser or a sidebar is read rather than lost.

use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::Node;

/// Elements whose content is never text of the page (nor walked). `rt` and `rp` are ruby
/// annotations, the reading printed above a character (Japanese furigana, Chinese pinyin),
/// not part of the sentence.
pub const UNSEEN: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "title", "button", "select",
    "textarea", "iframe", "object", "embed", "canvas", "math", "rt", "rp",
];

/// Structural elements that hold page furniture.
pub const FURNITURE_ELEMENTS: &[&str] = &["nav", "aside", "footer", "header", "form", "menu"];

/// Class/id words that mark reader comments: barred even on an `<article>`.
const COMMENT_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "commentary-list",
    "respond",
    "disqus",
    "replies",
    "reply",
    // The plural in other languages (the German singular `kommentar` is also an opinion
    // column, the outlet's own text).
    "kommentare",
    "commentaires",
    "comentarios",
    "commenti",
    "komentarze",
    "reacties",
    // SPIP, common on French sites, calls its reader comments a forum.
    "forum",
];

/// Class/id words that mark other furniture (a word equal to one of these)...
const FURNITURE_WORDS: &[&str] = &[
    "social",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "popular",
    "mostread",
    "trending",
    "recommended",
    "recommendations",
    "promo",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "widget",
    "masthead",
    "outbrain",
    "taboola",
    "cookie",
    "cookies",
    "paywall",
    "skip",
    "pagination",
    "tags",
    "toolbar",
    "popup",
    "modal",
    "consent",
    "gdpr",
    "dsgvo",
];

/// ...or starting with one of these.
const FURNITURE_PREFIXES: &[&str] = &[
    "share",
    "sharing",
    "related",
    "similar",
    "newsletter",
    "subscri",
    "sponsor",
    "crosslink",
    "cookie",
    "donat",
];

/// Class/id words that say an element holds the article.
const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "content",
    "entry",
    "hentry",
    "main",
    "post",
    "story",
    "text",
    "body",
    "blog",
    "page",
    "detail",
    "artikel",
    "beitrag",
    "inhalt",
];

/// Class/id words that count against a container (beyond the furniture words).
const NEGATIVE_WORDS: &[&str] = &[
    "meta", "teaser", "teasers", "more", "list", "widget", "card", "cards", "byline", "author",
    "caption", "hidden",
];

/// Elements that score as paragraphs.
const PARAGRAPHS: &[&str] = &["p", "pre", "td", "blockquote", "li", "dd"];

/// A measured element (or the text directly inside it).
#[derive(Debug, Clone)]
pub struct Info<'a> {
    pub node: NodeRef<'a, Node>,
    pub parent: Option<usize>,
    /// One past the last descendant's index (pre-order).
    pub end: usize,
    /// Characters of text (whitespace runs count one), excluding unseen elements.
    pub text: u32,
    /// ...of which inside links.
    pub links: u32,
    /// Text directly inside the element (not in a child element).
    pub own: u32,
    pub commas: u32,
    /// In or under a furniture element or class.
    pub barred: bool,
    /// The element itself is furniture (not only under it).
    pub furniture: Option<&'static str>,
    /// It is, or holds, an `<article>`, `<main>` or `itemprop=articleBody`.
    holds_article: bool,
    score: Option<f32>,
}

impl Info<'_> {
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.links as f32 / self.text as f32
        }
    }
}

/// The page measured, and the content chosen.
pub struct Analysis<'a> {
    pub nodes: Vec<Info<'a>>,
    pub index: FxHashMap<NodeId, usize>,
    /// The chosen blocks, as pre-order index ranges, in document order.
    pub content: Vec<(usize, usize)>,
    /// Teasers for other pages inside the chosen blocks ([`teasers`]), ascending.
    teasers: Vec<usize>,
}

impl<'a> Analysis<'a> {
    pub fn idx(&self, id: NodeId) -> Option<usize> {
        self.index.get(&id).copied()
    }

    /// Whether pre-order index `i` is inside the chosen content.
    pub fn in_content(&self, i: usize) -> bool {
        self.content.iter().any(|&(s, e)| s <= i && i < e)
    }

    /// Whether element `i` is a teaser for another page inside the chosen content
    /// ([`teasers`]).
    pub fn teaser(&self, i: usize) -> bool {
        self.teasers.binary_search(&i).is_ok()
    }
}

/// The characters under which an `<article>` or list item with a linked heading is a teaser.
const TEASER_TEXT: u32 = 600;

/// Splits a class or id into lowercase words (`url-breadcrumb` -> `url`, `breadcrumb`).
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Class names that page builders put on every block of a page whatever it holds
/// (`elementor-widget-container`, `et_pb_module`, `vc_column`, `fusion-builder-row`,
/// `wp-block-group`): they name the layout, not the block's role, so only the words in them
/// that say the block holds the article are read (`elementor-widget-theme-post-content`).
/// So are all the class names of a WordPress post (`hentry`).
const LAYOUT_PREFIXES: &[&str] = &["elementor", "et_pb", "vc_", "wpb_", "fusion-", "wp-block"];

/// Content words that a page builder's class names give every block of text
/// (`wpb_content_element`, `et_pb_text`, `elementor-widget-text-editor`): not read in them.
const LAYOUT_GENERIC: &[&str] = &["content", "text", "body", "main", "page"];

/// The words of an element's class names and id; of a page builder's class names
/// ([`LAYOUT_PREFIXES`]) only the words of [`CONTENT_WORDS`] that are not
/// [`LAYOUT_GENERIC`]; of a WordPress post's, all of [`CONTENT_WORDS`].
fn class_id_words(e: &scraper::node::Element) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(v) = e.attr("class") {
        let post = is_post(v);
        for name in v.split_ascii_whitespace() {
            out.extend(name_words(name, post));
        }
    }
    if let Some(v) = e.attr("id") {
        out.extend(words(v));
    }
    out
}

/// The words of [`class_id_words`], kept apart by the class name (or id) they come from.
fn class_id_names(e: &scraper::node::Element) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(v) = e.attr("class") {
        let post = is_post(v);
        out.extend(
            v.split_ascii_whitespace()
                .map(|name| name_words(name, post).collect()),
        );
    }
    if let Some(v) = e.attr("id") {
        out.push(words(v).collect());
    }
    out
}

/// Whether class attribute `v` is a WordPress post's (`hentry`): its other names are its
/// categories and tags (`category-kommentare`, `tag-social-media`), its topics, not its role.
fn is_post(v: &str) -> bool {
    v.split_ascii_whitespace().any(|n| n == "hentry")
}

/// The words read in class name `name` (of a post's class attribute when `post`).
fn name_words(name: &str, post: bool) -> impl Iterator<Item = String> + '_ {
    let layout = post
        || LAYOUT_PREFIXES.iter().any(|p| {
            name.as_bytes()
                .get(..p.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(p.as_bytes()))
        });
    words(name).filter(move |w| {
        !layout
            || (CONTENT_WORDS.contains(&w.as_str())
                && (post || !LAYOUT_GENERIC.contains(&w.as_str())))
    })
}

/// The furniture a class/id names, if any (`comment` or `furniture`).
pub fn furniture_class(e: &scraper::node::Element) -> Option<&'static str> {
    let name = e.name();
    if matches!(name, "body" | "html" | "main") {
        return None;
    }
    if dialog(e) {
        return Some("furniture class");
    }
    let ws = class_id_words(e);
    if comments(&ws) {
        return Some("comments");
    }
    let furniture = ws.iter().any(|w| is_furniture_word(w));
    if !furniture {
        return None;
    }
    // A content word counts only in a name without a furniture word: `article-related` and
    // `main-nav` are furniture, `content has-sidebar` is not.
    let content = name == "article"
        || e.attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        || class_id_names(e).iter().any(|ws| {
            ws.iter().any(|w| CONTENT_WORDS.contains(&w.as_str()))
                && !ws.iter().any(|w| is_furniture_word(w))
        });
    (!content).then_some("furniture class")
}

/// A class/id word of [`FURNITURE_WORDS`], or starting with one of [`FURNITURE_PREFIXES`].
fn is_furniture_word(w: &str) -> bool {
    FURNITURE_WORDS.contains(&w) || FURNITURE_PREFIXES.iter().any(|p| w.starts_with(p))
}

/// The toolbar the Wayback Machine puts at the top of every page it serves, or a dialog (a
/// consent or age check): never the article. One pass over the attributes: looking each
/// name up costs more than reading them all.
fn dialog(e: &scraper::node::Element) -> bool {
    e.attrs().any(|(name, value)| match name {
        "id" => value.starts_with("wm-ipp"),
        "role" => value.eq_ignore_ascii_case("dialog") || value.eq_ignore_ascii_case("alertdialog"),
        "aria-modal" => value.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

/// The rule for an element the page does not show.
pub const HIDDEN: &str = "hidden element";

/// Whether the page hides element `e` from its readers: the `hidden` attribute, or a style
/// of `display: none` or `visibility: hidden` (a copyright box, a second copy of a menu, a
/// tracking pixel's note). Not `<html>`, `<body>` or `<main>`, which pages hide until their
/// scripts have run.
fn hidden(e: &scraper::node::Element) -> bool {
    if matches!(e.name(), "html" | "body" | "main") {
        return false;
    }
    e.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "style" => value.split(';').any(|declaration| {
            let Some((property, v)) = declaration.split_once(':') else {
                return false;
            };
            let (property, v) = (property.trim(), v.trim_start().as_bytes());
            let starts = |word: &str| {
                v.get(..word.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
            };
            (property.eq_ignore_ascii_case("display") && starts("none"))
                || (property.eq_ignore_ascii_case("visibility") && starts("hidden"))
        }),
        _ => false,
    })
}

/// Whether class/id words `ws` mark reader comments: a comment word ([`is_comment_word`]),
/// unless a word says the comments are the outlet's own live commentary (`live-comment`,
/// `live-match-comment`, `liveticker`), which is the story on a live page.
fn comments(ws: &[String]) -> bool {
    ws.iter().any(|w| is_comment_word(w))
        && !ws
            .iter()
            .any(|w| w.starts_with("live") && !w.starts_with("livere"))
}

/// `comment`, `comments`, `commentlist`, `comment-body` (not `commentary`), ...
fn is_comment_word(w: &str) -> bool {
    COMMENT_WORDS.contains(&w) || (w.starts_with("comment") && !w.starts_with("commentar"))
}

fn class_weight(e: &scraper::node::Element) -> f32 {
    let mut w = 0.0;
    let ws = class_id_words(e);
    if ws.iter().any(|w| CONTENT_WORDS.contains(&w.as_str())) {
        w += 25.0;
    }
    if ws.iter().any(|w| {
        NEGATIVE_WORDS.contains(&w.as_str())
            || FURNITURE_WORDS.contains(&w.as_str())
            || FURNITURE_PREFIXES.iter().any(|p| w.starts_with(p))
    }) || comments(&ws)
    {
        w -= 25.0;
    }
    if e.attr("itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    {
        w += 25.0;
    }
    match e.name() {
        "article" => w += 10.0,
        "main" => w += 5.0,
        _ => {}
    }
    w
}

/// The class/id weight of a container holding `text` characters. A class that says
/// "content" or "text" once is weak evidence on a small block (a CMS puts `ce_text` on every
/// contact box and teaser): its bonus grows with the block's text up to
/// [`FULL_WEIGHT_TEXT`] characters. A class or id that says it twice (`td-post-content`,
/// `entry-content`, `article-body`: [`says_twice`]) has its full bonus however short the
/// article, and a penalty is always whole.
fn class_weight_for(e: &scraper::node::Element, text: u32) -> f32 {
    let w = class_weight(e);
    if w > 0.0 && !says_twice(e) {
        w * (text as f32 / FULL_WEIGHT_TEXT).min(1.0)
    } else {
        w
    }
}

/// The characters of text from which a container gets its whole class bonus.
const FULL_WEIGHT_TEXT: f32 = 300.0;

/// Whether one class name or the id holds two different words of [`CONTENT_WORDS`].
fn says_twice(e: &scraper::node::Element) -> bool {
    let twice = |name: &str| {
        let mut first: Option<String> = None;
        words(name).any(|w| {
            CONTENT_WORDS.contains(&w.as_str())
                && match &first {
                    None => {
                        first = Some(w);
                        false
                    }
                    Some(f) => *f != w,
                }
        })
    };
    e.attr("class")
        .is_some_and(|v| v.split_ascii_whitespace().any(twice))
        || e.attr("id").is_some_and(twice)
}

fn tag_weight(name: &str) -> f32 {
    match name {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Characters of `t` with whitespace runs counted once, and its commas.
fn measure(t: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    let mut space = true;
    for c in t.chars() {
        if c.is_whitespace() {
            if !space {
                n += 1;
                space = true;
            }
        } else {
            n += 1;
            space = false;
            if matches!(c, ',' | '\u{3001}' | '\u{FF0C}' | '\u{060C}') {
                commas += 1;
            }
        }
    }
    (n, commas)
}

/// How much of a page's furniture is barred before its content is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// All of it: the elements and the class and id words above.
    All,
    /// Only what is never the article: menus (`nav`, `menu`), reader comments and dialogs.
    /// For a page whose article the full rules leave empty (its wrapper's class names a
    /// sidebar, or the story sits in a `<header>` or a `<form>`).
    Least,
}

/// Measures the page under `root` and chooses its content, barring the furniture `bar` says.
pub fn analyse(root: NodeRef<'_, Node>, bar: Bar) -> Analysis<'_> {
    let (mut nodes, index) = measure_tree(root, bar);
    sum_subtrees(&mut nodes);
    bar_furniture(&mut nodes);
    score(&mut nodes);
    let content = choose(&nodes);
    let teasers = teasers(&nodes, &content);
    Analysis {
        nodes,
        index,
        content,
        teasers,
    }
}

/// The teasers for other pages inside the chosen `content` ([`is_teaser`]), such as the
/// cards of "more stories" after the story or the posts of a blog's list below it. Chosen
/// blocks whose text is mostly such items are a list of them (reviews, a forum thread), and
/// keep them.
fn teasers(nodes: &[Info], content: &[(usize, usize)]) -> Vec<usize> {
    let mut found = Vec::new();
    let (mut text, mut all) = (0, 0);
    for &(start, end) in content {
        all += nodes[start].text;
        let mut i = start + 1;
        while i < end {
            if is_teaser(nodes, i) {
                found.push(i);
                text += nodes[i].text;
                i = nodes[i].end;
            } else {
                i += 1;
            }
        }
    }
    if text * 2 >= all {
        found.clear();
    }
    found.sort_unstable();
    found
}

/// Whether element `i` is a card for another page: an `<article>` (or `role="article"`) or
/// list item of under [`TEASER_TEXT`] characters under a heading that is a link
/// (`<h2><a href>`, or an element whose class says `title` or `headline`) of two words or
/// 20 characters (not a reader's name over a post).
fn is_teaser(nodes: &[Info], i: usize) -> bool {
    let info = &nodes[i];
    let Some(e) = info.node.value().as_element() else {
        return false;
    };
    (matches!(e.name(), "article" | "li") || e.attr("role") == Some("article"))
        && info.text < TEASER_TEXT
        && nodes[i + 1..info.end].iter().any(|n| {
            n.links * 2 > n.text
                && n.node.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "h2" | "h3" | "h4" | "h5" | "h6")
                        || e.attr("class").is_some_and(|c| {
                            words(c).any(|w| matches!(w.as_str(), "title" | "headline"))
                        })
                })
                && (n.text >= 20
                    || scraper::ElementRef::wrap(n.node)
                        .is_some_and(|e| e.text().flat_map(str::split_whitespace).count() >= 2))
        })
}

/// The elements under `root` in pre-order, each with the text directly inside it (its
/// characters, commas and characters inside links) and whether it is furniture or holds the
/// article by itself; and the index of each element's node. Unseen elements and all they
/// hold are left out.
fn measure_tree<'a>(
    root: NodeRef<'a, Node>,
    bar: Bar,
) -> (Vec<Info<'a>>, FxHashMap<NodeId, usize>) {
    let mut nodes: Vec<Info<'a>> = Vec::new();
    let mut index = FxHashMap::default();
    // Pre-order walk: (node, parent index, in a link).
    let mut stack: Vec<(NodeRef<'a, Node>, Option<usize>, bool)> = vec![(root, None, false)];
    while let Some((node, parent, in_link)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                if let Some(p) = parent {
                    let (n, c) = measure(&t.text);
                    let info = &mut nodes[p];
                    info.own += n;
                    info.commas += c;
                    if in_link {
                        info.links += n;
                    }
                }
            }
            Node::Element(e) => {
                let name = e.name();
                // A page parsed without scripts holds its `<noscript>` text as elements: seen
                // when only the least furniture is barred.
                if UNSEEN.contains(&name) && !(name == "noscript" && bar == Bar::Least) {
                    continue;
                }
                let i = nodes.len();
                index.insert(node.id(), i);
                nodes.push(element_info(node, e, parent, bar));
                // `<a name="part-2">` with no address only marks a place (old pages wrap
                // whole sections in one); an `<a>` without an address but with a script
                // behind it is still a link.
                let in_link = in_link
                    || (name == "a" && (e.attr("href").is_some() || e.attr("name").is_none()));
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, Some(i), in_link)));
            }
            _ => {}
        }
    }
    (nodes, index)
}

/// The element `e` of `node` under `parent`, before its text is measured: furniture when
/// its tag or its class or id says so, and holding the article when it is an `<article>`, a
/// `<main>` or `itemprop=articleBody`.
fn element_info<'a>(
    node: NodeRef<'a, Node>,
    e: &scraper::node::Element,
    parent: Option<usize>,
    bar: Bar,
) -> Info<'a> {
    let name = e.name();
    let furniture = match bar {
        Bar::All if FURNITURE_ELEMENTS.contains(&name) => Some("furniture element"),
        Bar::All => furniture_class(e).or_else(|| hidden(e).then_some(HIDDEN)),
        Bar::Least if matches!(name, "nav" | "menu") => Some("furniture element"),
        Bar::Least => furniture_class(e).filter(|&f| f == "comments" || dialog(e)),
    };
    Info {
        node,
        parent,
        end: 0,
        text: 0,
        links: 0,
        own: 0,
        commas: 0,
        barred: false,
        furniture,
        holds_article: name == "article"
            || name == "main"
            || e.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody")),
        score: None,
    }
}

/// Gives every element its subtree's end and totals, bottom up (children come after their
/// parent in pre-order): its text, commas and characters in links with its descendants',
/// and whether it holds an article outside reader comments.
fn sum_subtrees(nodes: &mut [Info]) {
    for i in (0..nodes.len()).rev() {
        if nodes[i].end == 0 {
            nodes[i].end = i + 1;
        }
        nodes[i].text += nodes[i].own;
        if let Some(p) = nodes[i].parent {
            let (text, links, commas, end) =
                (nodes[i].text, nodes[i].links, nodes[i].commas, nodes[i].end);
            let holds = nodes[i].holds_article && nodes[i].furniture != Some("comments");
            let pi = &mut nodes[p];
            pi.holds_article |= holds;
            pi.text += text;
            pi.links += links;
            pi.commas += commas;
            pi.end = pi.end.max(end);
        }
    }
}

/// Bars furniture with all it holds. An element holding half the page's text, or an
/// `<article>` or `<main>`, is a wrapper whatever its class says (`<form>` around an ASP.NET
/// page, `has-sidebar`) and is not furniture, except reader comments, which can outweigh the
/// article.
fn bar_furniture(nodes: &mut [Info]) {
    show_hidden_story(nodes);
    let page = nodes.first().map_or(0, |n| n.text);
    for i in 0..nodes.len() {
        let parent_barred = nodes[i].parent.is_some_and(|p| nodes[p].barred);
        if let Some(f) = nodes[i].furniture {
            let wrapper = f != "comments" && (nodes[i].holds_article || nodes[i].text * 2 >= page);
            if wrapper || (f == "furniture element" && long_header(&nodes[i])) {
                nodes[i].furniture = None;
            }
        }
        nodes[i].barred = parent_barred || nodes[i].furniture.is_some();
    }
}

/// Reads the hidden elements as text when they hold at least as much text outside links as
/// the rest of the page: a slideshow or a set of tabs whose sections a script shows one at a
/// time, not a hidden box beside the story.
fn show_hidden_story(nodes: &mut [Info]) {
    let plain = |n: &Info| n.text - n.links.min(n.text);
    let page = nodes.first().map_or(0, plain);
    let mut hidden = 0;
    let mut i = 0;
    while i < nodes.len() {
        if nodes[i].furniture == Some(HIDDEN) {
            hidden += plain(&nodes[i]);
            i = nodes[i].end;
        } else {
            i += 1;
        }
    }
    if hidden * 2 >= page {
        for n in nodes.iter_mut().filter(|n| n.furniture == Some(HIDDEN)) {
            n.furniture = None;
        }
    }
}

/// A `<header>` that holds text, not a title and a few lines: at least
/// [`LONG_HEADER_TEXT`] characters, under a fifth of them in links (a section of a page
/// built from blocks whose text sits in each block's `<header>`). A site's header with its
/// menus is mostly links.
fn long_header(info: &Info) -> bool {
    is_element(info, "header") && info.text >= LONG_HEADER_TEXT && info.link_density() < 0.2
}

/// The text from which a `<header>` is read as the page's text rather than its furniture.
const LONG_HEADER_TEXT: u32 = 500;

fn is_paragraph(info: &Info) -> bool {
    let Node::Element(e) = info.node.value() else {
        return false;
    };
    let name = e.name();
    PARAGRAPHS.contains(&name)
        || (matches!(name, "div" | "section" | "span" | "font" | "center")
            && info.own >= 25
            && info.own * 2 >= info.text)
}

fn score(nodes: &mut [Info]) {
    for i in 0..nodes.len() {
        if nodes[i].barred || nodes[i].text < 25 || !is_paragraph(&nodes[i]) {
            continue;
        }
        let info = &nodes[i];
        let s = (1.0 + info.commas.min(40) as f32 + (info.text / 100).min(3) as f32)
            * (1.0 - info.link_density());
        let mut up = info.parent;
        let mut level = 0;
        while let Some(p) = up {
            if level >= 5 || nodes[p].barred {
                break;
            }
            let share = match level {
                0 => s,
                1 => s / 2.0,
                n => s / (n as f32 * 3.0),
            };
            // The container's weight is read once, when its first paragraph scores.
            let (node, text) = (nodes[p].node, nodes[p].text);
            let cur = nodes[p].score.get_or_insert_with(|| match node.value() {
                Node::Element(e) => tag_weight(e.name()) + class_weight_for(e, text),
                _ => 0.0,
            });
            *cur += share;
            up = nodes[p].parent;
            level += 1;
        }
    }
}

fn final_score(info: &Info) -> f32 {
    info.score.unwrap_or(0.0) * (1.0 - info.link_density())
}

/// The chosen blocks (pre-order ranges), or the fallback when nothing scored.
fn choose(nodes: &[Info]) -> Vec<(usize, usize)> {
    let ranked = ranked(nodes);
    let Some(&(best_score, best)) = ranked.first() else {
        return fallback(nodes)
            .map(|i| vec![(i, nodes[i].end)])
            .unwrap_or_default();
    };
    if let Some(bodies) = article_bodies(nodes) {
        return bodies;
    }
    let one = one_article(nodes);
    if let Some((score, best)) = in_the_article(nodes, &ranked, one) {
        // The blocks that outscored it are not the story: none joins it from outside the
        // page's articles.
        let top = climb(nodes, split_article(nodes, &ranked, score, best), &ranked);
        let mut blocks = blocks_beside(nodes, top, best);
        blocks.retain(|&(s, _)| s == top || inside_article(nodes, s, one));
        return blocks;
    }
    let top = climb(
        nodes,
        split_article(nodes, &ranked, best_score, best),
        &ranked,
    );
    blocks_beside(nodes, top, best)
}

/// When the best block lies outside the page's `<main>` and its one `<article>`, the best
/// block inside them, if it scores at least [`ARTICLE_SHARE`] of the best: the page says
/// where its story is, and a long list of other stories' teasers beside it (a timeline, a
/// "more stories" rail) outscores it without being it. A page with several `<article>`s
/// (a grid of teaser cards; `one` is false) says nothing by them, so only its `<main>`
/// counts.
fn in_the_article(nodes: &[Info], ranked: &[(f32, usize)], one: bool) -> Option<(f32, usize)> {
    let &(best_score, best) = ranked.first()?;
    if inside_article(nodes, best, one) {
        return None;
    }
    ranked
        .iter()
        .take_while(|(s, _)| *s >= best_score * ARTICLE_SHARE)
        .find(|&&(_, i)| inside_article(nodes, i, one))
        .copied()
}

/// Whether the page has at most one `<article>` element.
fn one_article(nodes: &[Info]) -> bool {
    let articles = nodes.iter().filter(|n| is_element(n, "article"));
    articles.count() <= 1
}

fn is_element(n: &Info, name: &str) -> bool {
    n.node
        .value()
        .as_element()
        .is_some_and(|e| e.name() == name)
}

/// The share of the best block's score that a block inside the page's `<article>` or
/// `<main>` needs to be chosen over it ([`in_the_article`]).
const ARTICLE_SHARE: f32 = 0.25;

/// Whether element `i` is, or is inside, a `<main>`, or an `<article>` when the page has
/// only one (`one`).
fn inside_article(nodes: &[Info], i: usize, one: bool) -> bool {
    let mut at = Some(i);
    while let Some(k) = at {
        if is_element(&nodes[k], "main") || (one && is_element(&nodes[k], "article")) {
            return true;
        }
        at = nodes[k].parent;
    }
    false
}

/// The scored elements that are not barred, as (final score, index): best first, ties to
/// the earlier element, so the choice never depends on sort order.
fn ranked(nodes: &[Info]) -> Vec<(f32, usize)> {
    let mut ranked: Vec<(f32, usize)> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.score.is_some() && !n.barred)
        .map(|(i, n)| (final_score(n), i))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
}

/// Where the page says its article is: its `itemprop=articleBody` elements that are not
/// barred and hold 25 characters or more (the outermost of nested ones, in page order),
/// when one of them holds 200 or more (several when the page splits the article into
/// sections).
fn article_bodies(nodes: &[Info]) -> Option<Vec<(usize, usize)>> {
    let is_body = |n: &Info| {
        !n.barred
            && n.node.value().as_element().is_some_and(|e| {
                e.attr("itemprop")
                    .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            })
    };
    if !nodes.iter().any(|n| n.text >= 200 && is_body(n)) {
        return None;
    }
    let mut bodies = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        if is_body(&nodes[i]) && nodes[i].text >= 25 {
            bodies.push((i, nodes[i].end));
            i = nodes[i].end;
        } else {
            i += 1;
        }
    }
    Some(bodies)
}

/// The article split in parts: when three of the five elements ranked after the best
/// (`top`, scoring `best_score`) score at least three quarters as much, hold at least a
/// quarter of its text, and sit inside one ancestor of `top` that is not barred, the nearest
/// such ancestor; else `top`. A teaser's summary (a few lines in a block whose class says
/// `content`) can score as much as a long story, but is no part of it.
fn split_article(nodes: &[Info], ranked: &[(f32, usize)], best_score: f32, top: usize) -> usize {
    let alternatives: Vec<usize> = ranked[1..]
        .iter()
        .take(5)
        .filter(|&&(s, i)| s >= best_score * 0.75 && nodes[i].text * 4 >= nodes[top].text)
        .map(|&(_, i)| i)
        .collect();
    if alternatives.len() < 3 {
        return top;
    }
    let mut up = nodes[top].parent;
    while let Some(p) = up {
        if nodes[p].barred {
            break;
        }
        let inside = alternatives
            .iter()
            .filter(|&&a| p < a && a < nodes[p].end)
            .count();
        if inside >= 3 {
            return p;
        }
        up = nodes[p].parent;
    }
    top
}

/// The blocks of the article around `top`: of its parent's element children, in order,
/// `top` and those that score near it (a fifth of its score, at least 10; a child of the
/// same class gets a fifth of `top`'s score more), read as a plain paragraph
/// ([`plain_paragraph`]), or hold another part of the article ([`holds_part_like`] the
/// best-scoring block `best`). `top` alone when it has no parent.
fn blocks_beside(nodes: &[Info], top: usize, best: usize) -> Vec<(usize, usize)> {
    let top_score = final_score(&nodes[top]);
    let Some(parent) = nodes[top].parent else {
        return vec![(top, nodes[top].end)];
    };
    let threshold = (top_score * 0.2).max(10.0);
    // The class of the best-scoring block, which other parts of the article may share.
    let part_class = class_of(&nodes[best]).filter(|c| !c.trim().is_empty());
    let top_class = match nodes[top].node.value() {
        Node::Element(e) => e.attr("class"),
        _ => None,
    };
    let mut blocks = Vec::new();
    // The parent's element children, in order.
    let mut c = parent + 1;
    while c < nodes[parent].end {
        let info = &nodes[c];
        let keep = if c == top {
            true
        } else if info.barred {
            false
        } else {
            let same_class = top_class.is_some()
                && matches!(info.node.value(), Node::Element(e) if e.attr("class") == top_class);
            let bonus = if same_class { top_score * 0.2 } else { 0.0 };
            let scored = info.score.is_some() && final_score(info) + bonus >= threshold;
            scored || plain_paragraph(info) || holds_part_like(nodes, c, part_class)
        };
        if keep {
            blocks.push((c, info.end));
        }
        c = info.end;
    }
    blocks
}

/// Whether the element at `c` holds another part of an article split into blocks of one
/// class ("l-article__section s-cms-content" for each section between two pictures or ads):
/// an element, not barred, of class `want` (the best-scoring block's) with some text.
fn holds_part_like(nodes: &[Info], c: usize, want: Option<&str>) -> bool {
    let Some(want) = want else {
        return false;
    };
    (c..nodes[c].end)
        .any(|d| !nodes[d].barred && nodes[d].text >= 25 && class_of(&nodes[d]) == Some(want))
}

/// The class attribute of an element, read by going over its attributes (looking a name up
/// hashes it).
fn class_of<'a>(info: &Info<'a>) -> Option<&'a str> {
    let e = info.node.value().as_element()?;
    e.attrs().find(|(name, _)| *name == "class").map(|(_, v)| v)
}

/// A paragraph that belongs with the article though it scored little: not a list item,
/// with over 80 characters and a link density under a quarter, or over 25 characters, no
/// link, and ending a sentence.
fn plain_paragraph(info: &Info) -> bool {
    is_paragraph(info)
        && info
            .node
            .value()
            .as_element()
            .is_some_and(|e| e.name() != "li")
        && ((info.text > 80 && info.link_density() < 0.25)
            || (info.text > 25 && info.links == 0 && ends_sentence(info.node)))
}

/// Whether an element says it holds the article (`<article>`, `itemprop=articleBody`, a
/// class or id word such as `content`, `entry`, `article`, `story`).
fn article_like(info: &Info) -> bool {
    info.node.value().as_element().is_some_and(|e| {
        e.name() == "article"
            || e.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            || class_id_words(e)
                .iter()
                .any(|w| CONTENT_WORDS.contains(&w.as_str()) && w != "page" && w != "main")
    })
}

/// The best block is often a part of the article (a column, the text between two pictures):
/// the outermost ancestor, within eight levels and with under 30% of its text in links, that
/// says it holds the article and has at most five times the best block's text (unless the
/// best block says so itself, in a class no other of the best blocks has), or that adds
/// under a quarter to it.
fn climb(nodes: &[Info], top: usize, ranked: &[(f32, usize)]) -> usize {
    let base = nodes[top].text.max(1) as f32;
    // A best block that says it holds the article is trusted to be all of it, unless
    // another of the best blocks says so in the same words (the entries of a live blog,
    // each an `entry-content`).
    let named = article_like(&nodes[top]) && !class_repeated(nodes, top, ranked);
    let mut best = top;
    let mut up = nodes[top].parent;
    let mut level = 0;
    while let Some(p) = up {
        let info = &nodes[p];
        if info.barred || level >= 8 || info.parent.is_none() || info.link_density() >= 0.3 {
            break;
        }
        let ratio = info.text as f32 / base;
        if (!named && article_like(info) && ratio <= 5.0) || ratio <= 1.25 {
            best = p;
        } else if ratio > 5.0 {
            break;
        }
        up = info.parent;
        level += 1;
    }
    best
}

/// Whether another of the five best-scoring blocks (`ranked`) has the class of element
/// `i`.
fn class_repeated(nodes: &[Info], i: usize, ranked: &[(f32, usize)]) -> bool {
    class_of(&nodes[i])
        .filter(|c| !c.trim().is_empty())
        .is_some_and(|c| {
            ranked
                .iter()
                .take(5)
                .any(|&(_, j)| j != i && class_of(&nodes[j]) == Some(c))
        })
}

/// Whether the text of an element ends like a sentence.
fn ends_sentence(node: NodeRef<Node>) -> bool {
    let Some(e) = scraper::ElementRef::wrap(node) else {
        return false;
    };
    let text: String = e.text().collect();
    text.trim_end()
        .ends_with(['.', '!', '?', '\u{3002}', '"', '\u{201d}', '\u{00bb}'])
}

/// The `<article>` with the most text, else `<main>`, else the root.
fn fallback(nodes: &[Info]) -> Option<usize> {
    let named = |n: &Info, names: &[&str]| {
        n.node
            .value()
            .as_element()
            .is_some_and(|e| names.contains(&e.name()) || e.attr("role") == Some("main"))
    };
    nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.barred && n.text > 0 && named(n, &["article"]))
        .max_by(|a, b| a.1.text.cmp(&b.1.text).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .or_else(|| {
            nodes
                .iter()
                .position(|n| !n.barred && n.text > 0 && named(n, &["main"]))
        })
        .or((!nodes.is_empty()).then_some(0))
}
