//! The floor under `framelens score`, for `scripts/bench.sh`: what reading the files alone
//! costs, and what the best case for counting alone costs (a bare aho-corasick scan for the
//! config's frame and actor terms, with word boundaries), both on one thread.
//!
//! ```sh
//! cargo run --release --example baseline_scan -- target/bench/corpus-100/framelens.toml \
//!     target/bench/corpus-100/articles            # read and count
//! cargo run --release --example baseline_scan -- CONFIG FOLDER --read-only
//! ```
//!
//! The scan does none of what framelens does beyond counting: no folding beyond ASCII case,
//! no tokens, no stance, no actors' sentences, no evidence, no duplicates, no output but a
//! total. Each file is read whole and scanned once, in path order.

use aho_corasick::{AhoCorasick, MatchKind};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (config, folder, read_only) = match &args[..] {
        [c, f] => (c, f, false),
        [c, f, flag] if flag == "--read-only" => (c, f, true),
        _ => return Err("usage: baseline_scan CONFIG FOLDER [--read-only]".into()),
    };
    let config = framelens::config::Config::load(Path::new(config))?;
    // A term ending in `*` is a stem: it needs a word boundary before it, not after.
    let (patterns, stems): (Vec<&str>, Vec<bool>) = config
        .frames
        .iter()
        .flat_map(|f| &f.terms)
        .chain(config.actors.iter().flat_map(|a| &a.terms))
        .map(|t| match t.text.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (t.text.as_str(), false),
        })
        .unzip();
    let scan = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)?;

    let mut files = Vec::new();
    list(Path::new(folder), &mut files)?;
    files.sort();
    let word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let (mut bytes, mut matches) = (0usize, 0usize);
    for file in &files {
        let text = std::fs::read(file)?;
        bytes += text.len();
        if read_only {
            continue;
        }
        for m in scan.find_iter(&text) {
            let before = m.start() == 0 || !word(text[m.start() - 1]);
            let after =
                stems[m.pattern().as_usize()] || m.end() == text.len() || !word(text[m.end()]);
            matches += usize::from(before && after);
        }
    }
    println!(
        "{} files, {bytes} bytes, {} matches of {} terms",
        files.len(),
        if read_only {
            "no".to_string()
        } else {
            matches.to_string()
        },
        patterns.len()
    );
    Ok(())
}

/// Every `.txt` file under `dir`.
fn list(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}
