//! framelens: compare how news outlets frame the same story.
//!
//! The pipeline, one module a stage (the CLI in `main.rs` is one user of this library):
//!
//! ```text
//! config ─┐
//!         ├─> ingest ─> text (fold) ─> lexicon (match) ─> stance ─> score ─> aggregate ─> render
//! files ──┘   Article    Folded         Match              Stance    ArticleReport  Report   html/md/json/csv
//! ```
//!
//! The library never prints; it returns values and errors, and the binary decides what to
//! show.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod aggregate;
pub mod audit;
pub mod changes;
pub mod cli;
pub mod config;
pub mod explain;
pub mod ingest;
pub mod init;
pub mod inputs;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod render;
pub mod score;
pub mod stance;
pub mod stats;
pub mod text;

use config::Config;
use model::{Inputs, Report, Skipped};
use score::Engine;
use std::path::PathBuf;

/// Runs the pipeline over `paths` (or the config's `[corpus].paths` when empty).
pub fn run(engine: &Engine, paths: &[PathBuf]) -> Report {
    let (files, mut skipped) = inputs::discover(&engine.config, paths);
    let mut articles = Vec::with_capacity(files.len());
    let read = files.len() as u64 + skipped.len() as u64;
    for f in &files {
        match inputs::read(f).and_then(|bytes| {
            ingest::ingest(&f.display, &f.full, &bytes, &engine.config).map_err(|r| r.0)
        }) {
            Ok(article) => articles.push(engine.score(&article)),
            Err(reason) => skipped.push(Skipped {
                path: f.display.clone(),
                reason,
                sha256: String::new(),
            }),
        }
    }
    let inputs = Inputs {
        read,
        used: articles.len() as u64,
        skipped,
    };
    aggregate::build_report(&engine.config, articles, inputs)
}

/// Loads a config and compiles it.
#[allow(clippy::result_large_err)] // see config.rs
pub fn engine(config_path: &std::path::Path) -> Result<Engine, config::ConfigError> {
    Ok(Engine::new(Config::load(config_path)?))
}
