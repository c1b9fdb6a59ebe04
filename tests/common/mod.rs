//! Helpers shared by the integration tests that read the reference articles.

#![allow(dead_code)] // each test binary uses its own subset

use framelens::model::{ArticleReport, Report};
use std::path::{Path, PathBuf};

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
    Some(framelens::run(&engine, &[dir]))
}

/// The article of `report` read from the file named `file`.
pub fn article<'a>(report: &'a Report, file: &str) -> &'a ArticleReport {
    report
        .articles
        .iter()
        .find(|a| a.path.ends_with(file))
        .unwrap()
}
