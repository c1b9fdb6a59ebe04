//! Scale-out guarantees: the report is the same bytes for any thread count, and a report
//! built from the `score` output of several shards equals a single run over all articles.

mod common;
use common::snapshot;
use std::path::{Path, PathBuf};
use std::process::Command;

fn framelens(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn same_bytes_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let outs: Vec<PathBuf> = ["1", "2", "3", "0"]
        .iter()
        .map(|t| tmp.path().join(format!("t{t}")))
        .collect();
    for (t, out) in ["1", "2", "3", "0"].iter().zip(&outs) {
        framelens(&["report", "--threads", t, "--out", s(out)]);
    }
    let first = snapshot(&outs[0]);
    assert_eq!(first.len(), 5);
    for o in &outs[1..] {
        assert_eq!(snapshot(o), first, "{}", o.display());
    }
    let one = framelens(&["score", "--threads", "1"]).stdout;
    let two = framelens(&["score", "--threads", "2"]).stdout;
    assert_eq!(one, two);
    assert_eq!(String::from_utf8(one).unwrap().lines().count(), 6);
}

#[test]
fn report_from_shards_equals_a_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut corpus: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    corpus.sort();
    // Two shards with the files interleaved, as a hash-based split would give.
    let mut shard_files = Vec::new();
    for (k, part) in [0, 1].iter().enumerate() {
        let mut args = vec!["score".to_string()];
        args.extend(
            corpus
                .iter()
                .skip(*part)
                .step_by(2)
                .map(|p| p.to_string_lossy().into_owned()),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = framelens(&args).stdout;
        let f = tmp.path().join(format!("shard-{k}.jsonl"));
        std::fs::write(&f, out).unwrap();
        shard_files.push(f);
    }
    let single = tmp.path().join("single");
    let merged = tmp.path().join("merged");
    framelens(&["report", "--out", s(&single), "corpus"]);
    framelens(&[
        "report",
        "--out",
        s(&merged),
        "--scores",
        s(&shard_files[1]),
        s(&shard_files[0]),
    ]);
    assert_eq!(snapshot(&merged), snapshot(&single));
}
