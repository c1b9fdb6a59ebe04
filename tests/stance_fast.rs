//! The stance fast path against the full rules, on real text: every word of the bundled
//! sample corpus and of the reference articles in `../shared/seeds/` (skipped, saying so,
//! when that folder is absent) taken as a mention, with the default rules and the lexicon's
//! cue flags that scoring uses, must get the stance the full rules give it.

use framelens::lexicon::{Lexicon, Scratch};
use framelens::stance::{blank_line_paragraphs, StanceAnalyzer, StanceBuffers, StanceRules};
use framelens::text::{fold_tokens_into, Folded};
use std::path::Path;

mod common;

/// Checks every word of `text`; returns how many.
fn check(an: &StanceAnalyzer, name: &str, text: &str) -> usize {
    let mut lx = Lexicon::new();
    for c in an.cue_tokens().expect("the default cues are tokens") {
        lx.add_cue_token(c);
    }
    let (mut folded, mut toks) = (Folded::default(), Vec::new());
    fold_tokens_into(text, &mut folded, &mut toks);
    let (mut scratch, mut out) = (Scratch::default(), Vec::new());
    lx.find(text, &folded, &toks, &mut scratch, &mut out);
    let hits: Vec<usize> = scratch.cue_offsets(&folded).collect();
    let paras = blank_line_paragraphs(text);
    let full = an.analyze(text, &paras);
    let mut bufs = StanceBuffers::default();
    let fast = an.analyze_with(text, &paras, Some(&hits), &mut bufs);
    for t in &toks {
        let m = folded.source_offset(t.start)..folded.source_offset(t.end);
        assert_eq!(
            fast.stance(m.clone()),
            full.stance(m.clone()),
            "{name}: the word at {m:?}"
        );
    }
    toks.len()
}

fn check_dir(an: &StanceAnalyzer, dir: &Path) -> usize {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            check(an, &p.display().to_string(), &text)
        })
        .sum()
}

#[test]
fn fast_path_agrees_on_the_sample_corpus() {
    let an = StanceAnalyzer::new(&StanceRules::default());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let n = check_dir(&an, &dir);
    assert!(n > 2_000, "{n}");
}

#[test]
fn fast_path_agrees_on_the_seeds() {
    let Some(dir) = common::seeds_dir() else {
        return;
    };
    let an = StanceAnalyzer::new(&StanceRules::default());
    let n = check_dir(&an, &dir);
    assert!(n > 5_000, "{n}");
}
