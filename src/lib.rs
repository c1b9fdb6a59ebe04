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
    run_with(engine, paths, &RunOptions::default())
}

/// How a run reads its inputs: `--input-format` and `--keep-boilerplate`.
pub type RunOptions = ingest::Options;

/// Runs the pipeline with options. Every input ends up either as an article or in
/// `inputs.skipped` with its reason; an article that repeats an earlier one (in path order)
/// is skipped as its duplicate and listed among the earlier one's twins.
pub fn run_with(engine: &Engine, paths: &[PathBuf], options: &RunOptions) -> Report {
    let (files, mut skipped) = inputs::discover_as(&engine.config, paths, options.format);
    let mut articles: Vec<model::ArticleReport> = Vec::with_capacity(files.len());
    let mut twins = ingest::twins::TwinIndex::default();
    for f in &files {
        let outcomes = match inputs::read(f) {
            Ok(bytes) => ingest::ingest_file(&f.display, &f.full, bytes, &engine.config, options),
            Err(reason) => vec![Err(Skipped {
                path: f.display.clone(),
                reason,
            })],
        };
        for outcome in outcomes {
            let article = match outcome {
                Ok(a) => a,
                Err(s) => {
                    skipped.push(s);
                    continue;
                }
            };
            let shingles = ingest::twins::shingles(&article.body);
            if let Some(twin) = twins.find(&shingles) {
                let first = &mut articles[twin.of];
                first.twins.push(article.path.clone());
                skipped.push(Skipped {
                    reason: format!(
                        "duplicate of {} ({:.0}% of its text)",
                        first.path,
                        (twin.share * 100.0).floor()
                    ),
                    path: article.path,
                });
                continue;
            }
            twins.insert(articles.len(), shingles);
            articles.push(engine.score(&article));
        }
    }
    let inputs = Inputs {
        read: articles.len() as u64 + skipped.len() as u64,
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
