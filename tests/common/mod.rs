//! Helpers shared by the integration tests that read the reference articles.

#![allow(dead_code)] // each test binary uses its own subset

use framelens::model::{ArticleReport, Report};
use std::path::{Path, PathBuf};

/// The reference articles, by outlet: New Eastern Outlook, Global Times, Countercurrents,
/// Al Jazeera, Trending News Buzzer.
pub const NEO: &str = "000_f67de57da5ac7719.txt";
pub const GT: &str = "001_aaeeb9a5af67627e.txt";
pub const CC: &str = "002_69da86e87e65e6a7.txt";
pub const AJ: &str = "003_8ede539651f993fa.txt";
pub const TNB: &str = "004_168605be3e04ff26.txt";
/// The frames of `tests/fixtures/seeds.toml`, in config order.
pub const SEED_FRAMES: [&str; 5] = [
    "alliance",
    "partnership",
    "interference",
    "aggressive",
    "pressure",
];
/// All five, in path order.
pub const SEEDS: [&str; 5] = [NEO, GT, CC, AJ, TNB];

/// `../shared/seeds/` (the reference articles, not ours), or `None` after saying that the
/// tests that need it skip.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the reference articles live beside the repo)",
            dir.display()
        );
        None
    }
}

/// The report of the seeds under `config` (a path relative to the crate root).
pub fn run_seeds(config: &str) -> Option<Report> {
    let dir = seeds_dir()?;
    let engine = framelens::engine(&Path::new(env!("CARGO_MANIFEST_DIR")).join(config)).unwrap();
    Some(framelens::Run::new(&engine).report(&[dir]).unwrap())
}

/// The article of `report` read from the file named `file`.
pub fn article<'a>(report: &'a Report, file: &str) -> &'a ArticleReport {
    report
        .articles
        .iter()
        .find(|a| a.path.ends_with(file))
        .unwrap()
}

/// Every file of a folder (not recursive) with its bytes, sorted by name: a snapshot to
/// compare two runs' outputs byte for byte.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}
