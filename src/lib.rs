//! framelens: compare how news outlets frame the same story.
//!
//! The pipeline, one module a stage (the CLI in `main.rs` is one user of this library;
//! `docs/design.md` gives each module's job in this order):
//!
//! ```text
//! config ─┐
//!         ├─> inputs ─> ingest ─> score ─> run ─> aggregate ─> since_last ─> render ─> output
//! files ──┘   files     Article   ArticleReport   Report
//! ```
//!
//! [`Run`] is the one entry point of a run; [`engine`] loads and compiles a config for it.
//! The library never prints; it returns values and errors, and the binary decides what to
//! show.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod aggregate;
pub mod attribution;
pub mod audit;
mod bytes;
pub mod cleanup;
pub mod cli;
pub mod config;
pub mod dedup;
pub mod dictionary;
pub mod encode;
pub mod explain;
pub mod format;
pub mod ingest;
pub mod init;
pub mod inputs;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod negation;
pub mod output;
pub mod render;
pub mod run;
pub mod scope;
pub mod score;
pub mod shard;
pub mod since_last;
pub mod spill;
pub mod stance;
pub mod stats;
pub mod text;
pub mod textview;
pub mod validation;
pub mod words;

pub use run::{Outcome, Run, RunOptions};

/// Loads a config and compiles it.
#[allow(clippy::result_large_err)] // see config.rs
pub fn engine(config_path: &std::path::Path) -> Result<score::Engine, config::ConfigError> {
    Ok(score::Engine::new(config::Config::load(config_path)?))
}
