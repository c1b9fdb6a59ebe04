//! `report.html` in a real browser: headless Chromium opens it from a file URL, with no
//! console errors and no network requests, and the rendered DOM holds the heatmap, the
//! contrast chart and the evidence. Screenshots go to `target/report.png` (the sample corpus)
//! and `target/report-seeds.png` (the reference articles, when `../shared/seeds/` is there).
//!
//! Skips, saying so, when no Chromium is installed. The binary is `$FRAMELENS_CHROMIUM`, else
//! the first of `chromium`, `chromium-browser`, `google-chrome` on the PATH (Debian:
//! `apt-get install -y chromium`).

use framelens::render::{render, Format};
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
    assert!(heatmap.contains("mentions per 1,000 words ("));
    // The contrast chart: labelled SVG bars.
    let chart = element(dom, "<div id=\"contrast-chart\"", "</section>");
    assert!(chart.contains("<svg class=\"diverging\""));
    assert!(chart.contains("role=\"img\""));
    assert!(chart.contains("<title>"));
    // The evidence: highlighted passages traced to their bytes.
    let evidence = element(dom, "<section id=\"evidence\"", "</section>");
    assert!(evidence.contains("<mark>"));
    assert!(evidence.contains("bytes "));
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
