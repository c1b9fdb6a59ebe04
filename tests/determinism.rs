//! The same inputs give the same bytes in every format, whatever order the files are named in.

use framelens::render::{render_files, Format};
use std::path::{Path, PathBuf};

fn all_formats(paths: &[PathBuf]) -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = framelens::engine(&root.join("config/framing.toml")).unwrap();
    let report = framelens::Run::new(&engine).report(paths).unwrap();
    Format::ALL
        .iter()
        .flat_map(|&f| render_files(&report, f).unwrap())
        .collect()
}

#[test]
fn same_inputs_same_bytes_in_every_format() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let forward = all_formats(&files);
    files.reverse();
    let backward = all_formats(&files);
    let again = all_formats(&files);
    let names: Vec<&str> = forward.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "report.html",
            "report-appendix.html",
            "report.md",
            "report-tables.md",
            "report.json",
            "report.csv",
            "report.manifest.csv"
        ]
    );
    for ((name, a), ((_, b), (_, c))) in forward.iter().zip(backward.iter().zip(&again)) {
        assert!(a == b, "{name} depends on the order of the inputs");
        assert!(b == c, "{name} differs between two runs");
    }
    // Every input is in the manifest, with its hash.
    let manifest = &forward[6].1;
    assert_eq!(manifest.lines().count(), 3 + files.len());
    assert!(manifest.lines().skip(3).all(|l| l.len() > 64 + 6));
}
