//! Turns the generated text corpus (`examples/gen_corpus.rs`) into saved web pages, for the
//! HTML line of `scripts/bench.sh`.
//!
//! ```sh
//! cargo run --release --example gen_html_corpus -- target/bench/corpus-100/articles target/bench/html-100
//! ```
//!
//! Each article becomes a page as news sites serve them: a `<head>` with meta tags, JSON-LD,
//! a stylesheet and a script; a header with a menu; the story in an `<article>` (headline,
//! byline, date, a figure with its caption, the paragraphs, share buttons); a rail of other
//! stories, a comments section and a footer. The furniture is about as large as the text.

use std::fmt::Write as _;
use std::path::Path;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn page(text: &str, n: usize) -> String {
    let mut title = "Untitled";
    let mut body = Vec::new();
    let mut in_text = false;
    for line in text.lines() {
        if in_text {
            if !line.trim().is_empty() {
                body.push(line);
            }
        } else if let Some(t) = line.strip_prefix("Title: ") {
            title = t;
        } else if line == "Text:" {
            in_text = true;
        }
    }
    let title = escape(title);
    let mut out = String::with_capacity(text.len() * 2 + 4096);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Bench Gazette</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Bench Gazette">
<meta property="article:published_time" content="2031-03-{day:02}T08:00:00Z">
<link rel="stylesheet" href="/site.css"><style>body {{ font: 16px serif }} .rail {{ float: right }}</style>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}","datePublished":"2031-03-{day:02}"}}</script>
<script>window.dataLayer = window.dataLayer || []; function track(e) {{ dataLayer.push(e); }}</script>
</head><body class="article-page">
<header class="site-header"><a class="logo" href="/">The Bench Gazette</a>
<nav class="main-menu"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/culture">Culture</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="layout"><main id="content">
<article class="story">
<header><h1 class="headline">{title}</h1><p class="byline">By <a href="/staff/{n}">Staff Writer {n}</a></p>
<p class="dateline"><time datetime="2031-03-{day:02}T08:00:00Z">March {day}, 2031</time></p></header>
<figure><img src="/img/{n}.jpg" alt=""><figcaption>A picture for story {n}. Photo: Bench Agency</figcaption></figure>
<div class="story-body">
"#,
        day = n % 28 + 1,
    );
    for p in body {
        let _ = writeln!(out, "<p>{}</p>", escape(p));
    }
    let _ = write!(
        out,
        r#"</div>
<div class="share-tools"><a href="/share/fb">Share on Facebook</a> <a href="/share/x">Share on X</a> <a href="/share/mail">Email</a></div>
</article></main>
<aside class="rail"><h3>Most read</h3><ol><li><a href="/a/{a}">Story number {a} in the rail</a></li><li><a href="/a/{b}">Story number {b} in the rail</a></li><li><a href="/a/{c}">Story number {c} in the rail</a></li><li><a href="/a/{d}">Story number {d} in the rail</a></li></ol></aside>
</div>
<section id="comments"><h2>Comments</h2><div class="comment"><p class="comment-author">Reader {a}</p><p>I read this twice and I still think the story leaves out the other side.</p></div>
<div class="comment"><p class="comment-author">Reader {b}</p><p>Thanks for the reporting, more of this please.</p></div></section>
<footer class="site-footer"><p><a href="/about">About</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></p><p>The Bench Gazette, a generated page.</p></footer>
<script src="/app.js"></script></body></html>
"#,
        a = n + 1,
        b = n + 2,
        c = n + 3,
        d = n + 4
    );
    out
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(from), Some(to)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gen_html_corpus TEXT_CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(from).to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut bytes = 0;
    for (n, f) in files.iter().enumerate() {
        let rel = f.strip_prefix(from).expect("under the corpus folder");
        let out = Path::new(to).join(rel).with_extension("html");
        std::fs::create_dir_all(out.parent().expect("a parent folder"))?;
        let html = page(&std::fs::read_to_string(f)?, n);
        bytes += html.len();
        std::fs::write(out, html)?;
    }
    println!("{} pages, {bytes} bytes, in {to}", files.len());
    Ok(())
}
