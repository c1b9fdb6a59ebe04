//! Scheduled-run behaviour end to end, through the binary: `--check`, "since the last
//! report", byte-identical output whatever the input order, and the committed report.

mod common;
use common::snapshot;
use std::path::Path;
use std::process::{Command, Output};

fn framelens(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// A sandbox with the CLI test config and its two articles.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/base");
    std::fs::copy(
        base.join("framelens.toml"),
        dir.path().join("framelens.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    for f in ["a.txt", "b.md"] {
        std::fs::copy(
            base.join("articles").join(f),
            dir.path().join("articles").join(f),
        )
        .unwrap();
    }
    dir
}

#[test]
fn check_passes_after_a_run_and_fails_when_an_input_changes() {
    let dir = sandbox();
    let d = dir.path();
    assert_eq!(
        framelens(d, &["report", "-c", "framelens.toml"])
            .status
            .code(),
        Some(0)
    );
    let ok = framelens(d, &["report", "--check", "-c", "framelens.toml"]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let before = snapshot(&d.join("reports"));

    std::fs::write(
        d.join("articles/c.txt"),
        "A third one\n\nThe North Star Daily saw an alliance.\n",
    )
    .unwrap();
    let stale = framelens(d, &["report", "--check", "-c", "framelens.toml"]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    for f in [
        "report.html",
        "report-appendix.html",
        "report.md",
        "report-tables.md",
        "report.json",
        "report.csv",
        "report.manifest.csv",
    ] {
        assert!(
            stderr.contains(&format!("out of date: reports/{f}")),
            "{stderr}"
        );
    }
    assert_eq!(
        snapshot(&d.join("reports")),
        before,
        "--check wrote something"
    );

    assert_eq!(
        framelens(d, &["report", "-c", "framelens.toml"])
            .status
            .code(),
        Some(0)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("reports/report.json")).unwrap()).unwrap();
    let changes = &report["changes"];
    assert_eq!(changes["previous_articles"], 2);
    assert_eq!(changes["added"], serde_json::json!(["articles/c.txt"]));
    assert_eq!(changes["removed"], serde_json::json!([]));
    // A second run on the same inputs gives the same bytes (the section is kept as it was),
    // and leaves report.json, known to be current, as it was: not rewritten.
    let first = snapshot(&d.join("reports"));
    let json = d.join("reports/report.json");
    let modified = std::fs::metadata(&json).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(
        framelens(d, &["report", "-c", "framelens.toml"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(snapshot(&d.join("reports")), first);
    assert_eq!(
        std::fs::metadata(&json).unwrap().modified().unwrap(),
        modified
    );
    let html = std::fs::metadata(d.join("reports/report.html")).unwrap();
    assert!(
        html.modified().unwrap() > modified,
        "the other files are written"
    );
}

#[test]
fn same_bytes_whatever_the_order_of_the_inputs() {
    let dir = sandbox();
    let d = dir.path();
    let a = framelens(
        d,
        &[
            "report",
            "-c",
            "framelens.toml",
            "--out",
            "one",
            "articles/a.txt",
            "articles/b.md",
        ],
    );
    let b = framelens(
        d,
        &[
            "report",
            "-c",
            "framelens.toml",
            "--out",
            "two",
            "articles/b.md",
            "articles/a.txt",
        ],
    );
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(b.status.code(), Some(0));
    let one = snapshot(&d.join("one"));
    // html and its appendix, md and its tables, json, csv, the csv manifest, and the folder's
    // lock file (empty between runs)
    assert_eq!(one.len(), 8);
    assert_eq!(one, snapshot(&d.join("two")));
}

#[test]
fn the_committed_report_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = framelens(root, &["report", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "reports/ is stale: run `cargo run --release -- report` and commit it\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
