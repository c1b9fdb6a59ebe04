//! `report.html` in a real browser: headless Chromium opens it from a file URL, with no
//! console errors and no network requests, and the rendered DOM holds the heatmap, the
//! contrast chart and the evidence. Screenshots go to `target/report.png` (the sample corpus)
//! and `target/report-seeds.png` (the reference articles, when `../shared/seeds/` is there).
//!
//! The brief and its appendix are also measured, for the sample and for a generated corpus of
//! over 3,000 articles from 8 outlets (`examples/gen_corpus.rs`): no sideways page scroll at
//! 390 px, every internal link (and every link from the brief into the appendix) resolves,
//! the brief under 20,000 px tall at 1440 px, and every text at WCAG AA contrast in light and
//! dark mode. A copy of each page without its CSP runs `tests/browser_probe.js` inside a frame
//! of the width wanted (headless Chromium's window is at least 500 px wide). Screenshots of
//! the first screen at 1440 px and 390 px go to `target/browser/`.
//!
//! Skips, saying so, when no Chromium is installed. The binary is `$FRAMELENS_CHROMIUM`, else
//! the first of `chromium`, `chromium-browser`, `google-chrome` on the PATH (Debian:
//! `apt-get install -y chromium`).

use framelens::render::{render, render_files, Format};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FRAMELENS_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    eprintln!(
        "skipped: no Chromium found (install it with `apt-get install -y chromium`, or set FRAMELENS_CHROMIUM)"
    );
    None
}

/// Flags that keep a headless run offline and quiet: no first-run work, no background
/// fetches, a fresh profile each run.
fn base_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--enable-logging=stderr",
        "--v=0",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// Runs Chromium to completion (killed after two minutes); returns (stdout, stderr).
fn run_chromium(bin: &Path, args: &[String]) -> (String, String) {
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out_reader.join().unwrap(), err_reader.join().unwrap())
}

/// Lines of Chromium's log that mean the page did something wrong. A clean page writes nothing
/// to the console, so any console line counts: script errors, and every load the page's CSP
/// blocked (the CSP allows no network at all, so an attempted request always shows here);
/// plus network errors and CSP refusals in older Chromium's wording.
fn page_problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
                || l.contains("net::ERR")
        })
        .collect()
}

fn report_html(config: &str, paths: &[PathBuf]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = framelens::engine(&root.join(config)).unwrap();
    let report = framelens::Run::new(&engine).report(paths).unwrap();
    render(&report, Format::Html).unwrap()
}

/// Opens `html` from a file URL: checks the log and returns the rendered DOM; writes a
/// screenshot to `target/<screenshot>`.
fn open_in_browser(bin: &Path, html: &str, screenshot: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, html).unwrap();
    let url = format!("file://{}", page.display());

    let mut args = base_args(&dir.path().join("profile-dom"));
    args.extend(["--dump-dom".to_string(), url.clone()]);
    let (dom, log) = run_chromium(bin, &args);
    let problems = page_problems(&log);
    assert!(
        problems.is_empty(),
        "the page logged problems:\n{}",
        problems.join("\n")
    );
    assert!(dom.contains("</html>"), "no DOM dumped; log:\n{log}");

    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    let png = target.join(screenshot);
    let _ = std::fs::remove_file(&png);
    let mut args = base_args(&dir.path().join("profile-shot"));
    args.extend([
        format!("--screenshot={}", png.display()),
        "--window-size=1280,4000".to_string(),
        "--hide-scrollbars".to_string(),
        url,
    ]);
    let (_, log) = run_chromium(bin, &args);
    let problems = page_problems(&log);
    assert!(
        problems.is_empty(),
        "the page logged problems:\n{}",
        problems.join("\n")
    );
    assert!(png.is_file(), "no screenshot written; log:\n{log}");
    dom
}

/// The part of `dom` from `open` to the first `close` after it.
fn element<'a>(dom: &'a str, open: &str, close: &str) -> &'a str {
    let from = dom
        .find(open)
        .unwrap_or_else(|| panic!("`{open}` not in the rendered page"));
    let rest = &dom[from..];
    &rest[..rest.find(close).map_or(rest.len(), |i| i + close.len())]
}

fn check_dom(dom: &str) {
    // The heatmap: one shaded cell per outlet and frame, each with its numbers in a tooltip.
    let heatmap = element(dom, "<table id=\"heatmap\"", "</table>");
    assert!(heatmap.matches("<td class=\"num heat h").count() >= 10);
    assert!(heatmap.contains(" per 1,000 words ("));
    // The contrast chart: labelled SVG bars.
    let chart = element(dom, "<div id=\"contrast-chart\"", "</section>");
    assert!(chart.contains("<svg class=\"diverging\""));
    assert!(chart.contains("role=\"img\""));
    assert!(chart.contains("<title>"));
    // Nothing that could fetch: no scripts, no external resources.
    assert!(!dom.contains("<script"));
    assert!(!dom.contains("<link"));
    assert!(!dom.contains(" src="));
}

#[test]
fn sample_report_renders_in_chromium() {
    let Some(bin) = chromium() else { return };
    let html = report_html("config/framing.toml", &[]);
    let dom = open_in_browser(&bin, &html, "report.png");
    check_dom(&dom);
    // The appendix: highlighted passages traced to their bytes.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = framelens::engine(&root.join("config/framing.toml")).unwrap();
    let files = render_files(
        &framelens::Run::new(&engine).report(&[]).unwrap(),
        Format::Html,
    )
    .unwrap();
    let dom = open_in_browser(&bin, &files[1].1, "report-appendix.png");
    let evidence = element(&dom, "<section id=\"evidence\"", "</section>");
    assert!(evidence.contains("<mark>"));
    assert!(evidence.contains("bytes "));
}

#[test]
fn seeds_report_renders_in_chromium() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} is absent", seeds.display());
        return;
    }
    let Some(bin) = chromium() else { return };
    let html = report_html("config/framing.toml", &[seeds]);
    let dom = open_in_browser(&bin, &html, "report-seeds.png");
    check_dom(&dom);
    // The seeds carry dates months apart: the timeline is drawn.
    let timeline = element(&dom, "<section id=\"timeline\"", "</section>");
    assert!(timeline.contains("<svg class=\"timeline\""), "{timeline}");
}

#[test]
fn a_page_that_fetches_or_runs_is_caught() {
    let Some(bin) = chromium() else { return };
    let html = report_html("config/framing.toml", &[]).replace(
        "</main>",
        "<img src=\"https://example.invalid/x.png\"><script>boom()</script></main>",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(&page, html).unwrap();
    let mut args = base_args(&dir.path().join("profile"));
    args.extend([
        "--dump-dom".to_string(),
        format!("file://{}", page.display()),
    ]);
    let (_, log) = run_chromium(&bin, &args);
    assert!(page_problems(&log).len() >= 2, "not caught:\n{log}");
}

#[test]
fn problems_in_the_log_are_caught() {
    let log = "[1:2:INFO:CONSOLE(3)] \"Uncaught ReferenceError: x\", source: file:///r.html (3)\n\
               [1:2:ERROR:x] Refused to load the image 'https://x.test/a.png'\n\
               [1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n\
               [1:2:INFO:y] fine";
    assert_eq!(page_problems(log).len(), 2);
}

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

/// The measuring script, run inside a copy of each page.
const PROBE: &str = include_str!("browser_probe.js");

/// Writes the report's HTML files (`report.html`, `report-appendix.html`) into `dir`.
fn write_pages(report: &framelens::model::Report, dir: &Path) {
    for (name, text) in render_files(report, Format::Html).unwrap() {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// `&quot;` and friends back to text, for the JSON Chromium dumps inside a `<pre>`.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Measures `page` (a file in `dir`) at `width` px, in dark mode when `dark`: see
/// `tests/browser_probe.js` for the fields.
fn probe(bin: &Path, dir: &Path, page: &str, width: u32, dark: bool) -> serde_json::Value {
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let csp = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the page has a CSP");
    let csp_end = csp + html[csp..].find('>').unwrap() + 1;
    let probed = format!("{}{}", &html[..csp], &html[csp_end..])
        .replace("</body>", &format!("<script>{PROBE}</script></body>"));
    let copy = format!("probe-{page}");
    std::fs::write(dir.join(&copy), probed).unwrap();
    let frame = dir.join(format!("frame-{width}-{page}"));
    std::fs::write(
        &frame,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{{margin:0}}iframe{{border:0;width:{width}px;height:900px;display:block}}</style></head><body><iframe src=\"{copy}\"></iframe><pre id=\"out\"></pre><script>addEventListener('message', e => {{ document.getElementById('out').textContent = e.data; }});</script></body></html>"
        ),
    )
    .unwrap();
    let mut args = base_args(&dir.join(format!("profile-{width}-{dark}")));
    args.extend([
        "--window-size=1500,1000".to_string(),
        "--virtual-time-budget=20000".to_string(),
        "--dump-dom".to_string(),
    ]);
    if dark {
        args.push("--blink-settings=preferredColorScheme=0".to_string());
    }
    args.push(format!("file://{}", frame.display()));
    let (dom, log) = run_chromium(bin, &args);
    let out = element(&dom, "<pre id=\"out\">", "</pre>");
    let json = &out["<pre id=\"out\">".len()..out.len() - "</pre>".len()];
    serde_json::from_str(&unescape(json))
        .unwrap_or_else(|e| panic!("no measurement of {page} ({e}); log:\n{log}"))
}

/// The ids of a page, from its HTML.
fn ids(html: &str) -> std::collections::HashSet<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Screenshots of the first screen of `report.html` at 1440 px and (in a 390 px frame)
/// 390 px, into `target/browser/NAME-1440.png` and `NAME-390.png`.
fn screenshots(bin: &Path, dir: &Path, name: &str) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&target).unwrap();
    let phone = dir.join("phone.html");
    std::fs::write(
        &phone,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0}iframe{border:0;width:390px;height:844px;display:block}</style></head><body><iframe src=\"report.html\"></iframe></body></html>",
    )
    .unwrap();
    for (width, height, page) in [(1440, 1000, "report.html"), (500, 844, "phone.html")] {
        let png = target.join(format!(
            "{name}-{}.png",
            if width == 500 { 390 } else { width }
        ));
        let _ = std::fs::remove_file(&png);
        let mut args = base_args(&dir.join(format!("profile-shot-{width}")));
        args.extend([
            format!("--screenshot={}", png.display()),
            format!("--window-size={width},{height}"),
            "--hide-scrollbars".to_string(),
            format!("file://{}", dir.join(page).display()),
        ]);
        let (_, log) = run_chromium(bin, &args);
        assert!(
            png.is_file(),
            "no screenshot {}; log:\n{log}",
            png.display()
        );
    }
}

/// Every check of the two tiers, for one report.
fn check_tiers(bin: &Path, report: &framelens::model::Report, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    write_pages(report, dir.path());
    screenshots(bin, dir.path(), name);
    let appendix = std::fs::read_to_string(dir.path().join("report-appendix.html")).unwrap();
    let appendix_ids = ids(&appendix);

    let wide = probe(bin, dir.path(), "report.html", 1440, false);
    let height = wide["height"].as_f64().unwrap();
    assert!(
        height < 20_000.0,
        "{name}: the brief is {height} px tall at 1440 px"
    );
    for (page, width, dark) in [
        ("report.html", 1440, false),
        ("report.html", 1440, true),
        ("report.html", 390, false),
        ("report-appendix.html", 390, false),
    ] {
        let m = if (page, width, dark) == ("report.html", 1440, false) {
            wide.clone()
        } else {
            probe(bin, dir.path(), page, width, dark)
        };
        let what = format!(
            "{name}: {page} at {width} px{}",
            if dark { ", dark" } else { "" }
        );
        assert_eq!(
            m["dark"],
            serde_json::Value::Bool(dark),
            "{what}: colour scheme not set"
        );
        assert!(
            m["scrollWidth"].as_f64().unwrap() <= m["width"].as_f64().unwrap(),
            "{what}: the page scrolls sideways: {m}"
        );
        assert_eq!(
            m["badLinks"],
            serde_json::json!([]),
            "{what}: links to no anchor"
        );
        assert!(
            m["checked"].as_u64().unwrap() > 100,
            "{what}: too little text checked"
        );
        assert_eq!(
            m["failures"],
            serde_json::json!([]),
            "{what}: text below WCAG AA contrast"
        );
        for link in m["crossLinks"].as_array().unwrap() {
            let link = link.as_str().unwrap();
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            assert!(
                ["report.html", "report-appendix.html"].contains(&file),
                "{what}: a link to another file: {link}"
            );
            if file == "report-appendix.html" && !anchor.is_empty() {
                assert!(
                    appendix_ids.contains(anchor),
                    "{what}: {link} has no target"
                );
            }
        }
    }
}

#[test]
fn the_brief_and_its_appendix_fit_phones_link_and_read_well() {
    let Some(bin) = chromium() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = framelens::engine(&root.join("config/framing.toml")).unwrap();
    let sample = framelens::Run::new(&engine).report(&[]).unwrap();
    check_tiers(&bin, &sample, "sample");

    // A generated corpus of over 3,000 articles from 8 outlets.
    let corpus = tempfile::tempdir().unwrap();
    let (articles, _) = gen_corpus::generate(corpus.path(), 12).unwrap();
    assert!(articles >= 3_000, "{articles} articles");
    let engine = framelens::engine(&corpus.path().join("framelens.toml")).unwrap();
    let big = framelens::Run::new(&engine).report(&[]).unwrap();
    assert!(big.outlets.len() >= 8 && big.articles.len() >= 3_000);
    check_tiers(&bin, &big, "generated");
}
