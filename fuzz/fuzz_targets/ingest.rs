//! Arbitrary bytes through every input format, then matching, stance and scoring, with the
//! default config compiled once. Run: `cargo +nightly fuzz run ingest` (from the repo root).
#![no_main]

use framelens::config::Config;
use framelens::score::Engine;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let src = include_str!("../../config/framing.toml");
    Engine::new(Config::parse(Path::new("config/framing.toml"), src).expect("the default config"))
});

fuzz_target!(|data: &[u8]| {
    framelens::run::exercise(&ENGINE, data);
});
