//! Criterion benchmarks of the hot path, one stage at a time, on text generated like the
//! benchmark corpus (examples/gen_corpus.rs): folding, word counting, the matcher, the stance
//! pass, and scoring a whole article. `cargo bench` runs them; throughput is in bytes/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use framelens::config::Config;
use framelens::lexicon::Scratch;
use framelens::score::Engine;
use framelens::stance::StanceBuffers;
use framelens::text::{count_words, fold, fold_tokens_into, tokens, Folded};
use std::hint::black_box;
use std::path::Path;

/// A config with 8 frames of 30 terms and 4 actors: the one the corpus generator writes.
fn engine() -> Engine {
    let dir = std::env::temp_dir().join("framelens-bench");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--release", "-q", "--example", "gen_corpus", "--"])
        .arg(&dir)
        .arg("1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run gen_corpus");
    assert!(status.success());
    Engine::new(Config::load(&dir.join("framelens.toml")).expect("generated config"))
}

/// About 1 MB of generated article bodies, joined.
fn text() -> String {
    let dir = std::env::temp_dir().join("framelens-bench/articles/0000");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .take(300)
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn stages(c: &mut Criterion) {
    let engine = engine();
    let text = text();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("fold", |b| b.iter(|| fold(black_box(&text))));
    let (mut f, mut t) = (Folded::default(), Vec::new());
    g.bench_function("fold_and_tokens", |b| {
        b.iter(|| fold_tokens_into(black_box(&text), &mut f, &mut t))
    });
    g.bench_function("count_words", |b| b.iter(|| count_words(black_box(&text))));
    let folded = fold(&text);
    g.bench_function("tokens", |b| b.iter(|| tokens(black_box(&folded.text))));
    let toks = tokens(&folded.text);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    g.bench_function("match", |b| {
        b.iter(|| {
            engine
                .lexicon
                .find(&text, &folded, &toks, &mut scratch, &mut out)
        })
    });
    let paragraphs = std::slice::from_ref(&(0..text.len())).to_vec();
    let mut bufs = StanceBuffers::default();
    g.bench_function("stance_scan", |b| {
        b.iter(|| {
            let ctx =
                engine
                    .stance
                    .analyze_with(black_box(&text), &paragraphs[..], None, &mut bufs);
            ctx.sentences().len()
        })
    });
    // Classifying every frame mention of the text, after one scan.
    engine
        .lexicon
        .find(&text, &folded, &toks, &mut scratch, &mut out);
    let mentions: Vec<std::ops::Range<usize>> = out
        .iter()
        .filter(|m| matches!(m.owner, framelens::lexicon::Owner::Frame(_)))
        .map(|m| folded.source_offset(m.start)..folded.source_offset(m.end))
        .collect();
    // Every mention by the full rules, then with the lexicon's cue flags as scoring has them
    // (most mentions then take the fast path).
    let hits: Vec<usize> = scratch.cue_offsets(&folded).collect();
    for (name, cues) in [
        ("stance_scan_and_classify", None),
        ("stance_scan_and_classify_with_cues", Some(&hits[..])),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let ctx =
                    engine
                        .stance
                        .analyze_with(black_box(&text), &paragraphs[..], cues, &mut bufs);
                mentions
                    .iter()
                    .filter(|m| ctx.stance((*m).clone()).is_endorsed())
                    .count()
            })
        });
    }
    g.finish();
}

fn whole_article(c: &mut Criterion) {
    let engine = engine();
    let dir = std::env::temp_dir().join("framelens-bench/articles/0000");
    let path = dir.join("a0000001.txt");
    let bytes = std::fs::read(&path).unwrap();
    let mut g = c.benchmark_group("article");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("ingest_and_score", |b| {
        b.iter(|| {
            let a = framelens::ingest::ingest(
                "a.txt",
                Path::new("a.txt"),
                black_box(&bytes),
                &engine.config,
            )
            .unwrap();
            engine.score(&a)
        })
    });
    g.finish();
}

criterion_group!(benches, stages, whole_article);
criterion_main!(benches);
