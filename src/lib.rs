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
    run_with(engine, paths, &RunOptions::default())
}

/// How a run reads its inputs: `--input-format` and `--keep-boilerplate`.
pub type RunOptions = ingest::Options;

/// Runs the pipeline with options on every core. Every input ends up either as an article or
/// in `inputs.skipped` with its reason; an article that repeats an earlier one (in path
/// order) is skipped as its duplicate and listed among the earlier one's twins.
pub fn run_with(engine: &Engine, paths: &[PathBuf], options: &RunOptions) -> Report {
    run_threads(engine, paths, options, 0, &|_, _| {})
}

/// [`run_with`] on `threads` threads (0: one per core), calling `progress(done, total)` as
/// files are finished. The report is the same, byte for byte, whatever the thread count.
pub fn run_threads(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    for_each_outcome(engine, paths, options, threads, progress, |o| match o {
        Outcome::Article(a) => articles.push(*a),
        Outcome::Skipped(s) => skipped.push(s),
    });
    report_from(&engine.config, articles, skipped)
}

/// Builds the report from scored articles and skipped inputs in any order (one run, or the
/// score files of many shards): twins are linked from the duplicates' `duplicate_of`.
pub fn report_from(
    config: &Config,
    mut articles: Vec<model::ArticleReport>,
    skipped: Vec<Skipped>,
) -> Report {
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    for a in &mut articles {
        a.twins.clear();
    }
    let mut dups: Vec<&Skipped> = skipped
        .iter()
        .filter(|s| s.duplicate_of.is_some())
        .collect();
    dups.sort_by(|a, b| a.path.cmp(&b.path));
    for d in dups {
        let of = d.duplicate_of.as_deref().unwrap_or_default();
        if let Ok(i) = articles.binary_search_by(|a| a.path.as_str().cmp(of)) {
            articles[i].twins.push(d.path.clone());
        }
    }
    let inputs = Inputs {
        read: articles.len() as u64 + skipped.len() as u64,
        used: articles.len() as u64,
        skipped,
    };
    aggregate::build_report(config, articles, inputs)
}

/// What became of one input (a file, or a row of an export).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `{"skipped": {...}}` in a score file.
    Skipped(Skipped),
    /// A scored article: one line of a score file.
    Article(Box<model::ArticleReport>),
}

impl Outcome {
    /// One line of `framelens score` output (without the line end).
    pub fn to_score_line(&self) -> String {
        match self {
            Outcome::Article(a) => serde_json::to_string(a),
            Outcome::Skipped(s) => serde_json::to_string(&serde_json::json!({ "skipped": s })),
        }
        .unwrap_or_default()
    }

    /// Parses one line of a score file.
    pub fn from_score_line(line: &str) -> Result<Outcome, String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SkippedLine {
            skipped: Skipped,
        }
        if let Ok(s) = serde_json::from_str::<SkippedLine>(line) {
            return Ok(Outcome::Skipped(s.skipped));
        }
        serde_json::from_str::<model::ArticleReport>(line)
            .map(|a| Outcome::Article(Box::new(a)))
            .map_err(|e| format!("not a framelens score line: {e}"))
    }
}

/// Files are read and scored this many at a time per thread; outcomes are handed on in path
/// order after each batch, so memory holds one batch, not the corpus.
const BATCH_PER_THREAD: usize = 64;

/// Streams every input's outcome to `sink`, in path order, scoring on `threads` threads
/// (0: one per core). Duplicates are found in path order, so the first copy is kept.
pub fn for_each_outcome(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    mut sink: impl FnMut(Outcome),
) {
    use rayon::prelude::*;
    let (files, skipped) = inputs::discover(&engine.config, paths, options.format);
    for s in skipped {
        sink(Outcome::Skipped(s));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok();
    let threads = pool.as_ref().map_or(1, |p| p.current_num_threads());
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut twins = ingest::twins::TwinIndex::default();
    let mut kept_paths: Vec<String> = Vec::new();
    for batch in files.chunks(BATCH_PER_THREAD * threads) {
        let work = |f: &inputs::InputFile| {
            let prepared = prepare(engine, f, options);
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            prepared
        };
        let results: Vec<Vec<Prepared>> = match &pool {
            Some(p) => p.install(|| batch.par_iter().map(work).collect()),
            None => batch.iter().map(work).collect(),
        };
        for prepared in results.into_iter().flatten() {
            match prepared {
                Prepared::Skipped(s) => sink(Outcome::Skipped(s)),
                Prepared::Article(a, sketch) => {
                    if let Some(twin) = twins.find(&sketch) {
                        let of = kept_paths[twin.of].clone();
                        sink(Outcome::Skipped(Skipped {
                            reason: format!(
                                "duplicate of {of} ({:.0}% of its text)",
                                (twin.share * 100.0).floor()
                            ),
                            path: a.path,
                            sha256: a.sha256,
                            duplicate_of: Some(of),
                        }));
                    } else {
                        twins.insert(kept_paths.len(), sketch);
                        kept_paths.push(a.path.clone());
                        sink(Outcome::Article(a));
                    }
                }
            }
        }
    }
}

/// One input's work before the in-order steps: read once, hashed, ingested, scored.
enum Prepared {
    Article(Box<model::ArticleReport>, ingest::twins::Sketch),
    Skipped(Skipped),
}

fn prepare(engine: &Engine, f: &inputs::InputFile, options: &RunOptions) -> Vec<Prepared> {
    let bytes = match inputs::read(f) {
        Ok(b) => b,
        Err(reason) => {
            return vec![Prepared::Skipped(Skipped {
                path: f.display.clone(),
                reason,
                ..Default::default()
            })]
        }
    };
    let hash = score::sha256_hex(&bytes);
    ingest::ingest_file(&f.display, &f.full, bytes, &engine.config, options)
        .into_iter()
        .map(|outcome| match outcome {
            Ok(article) => {
                let sketch = ingest::twins::sketch(&article.body);
                let mut scored = engine.score(&article);
                scored.sha256 = hash.clone();
                Prepared::Article(Box::new(scored), sketch)
            }
            Err(mut s) => {
                s.sha256 = hash.clone();
                Prepared::Skipped(s)
            }
        })
        .collect()
}

/// Loads a config and compiles it.
#[allow(clippy::result_large_err)] // see config.rs
pub fn engine(config_path: &std::path::Path) -> Result<Engine, config::ConfigError> {
    Ok(Engine::new(Config::load(config_path)?))
}
