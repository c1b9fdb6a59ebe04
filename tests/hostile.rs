//! No input can crash framelens: a deterministic stand-in for the fuzzer
//! (`fuzz/fuzz_targets/ingest.rs`), run by `cargo test` on every machine. A few thousand
//! hostile inputs (random bytes from a fixed-seed xorshift, mutated samples, truncated UTF-8,
//! huge lines, deep HTML nesting, broken CSV and JSON) go through every format's ingest, then
//! matching, stance and scoring, with the default config. Inputs the real fuzzer found are
//! kept in `tests/fixtures/fuzz/` and replayed here.

use framelens::score::Engine;
use std::path::Path;

fn engine() -> Engine {
    framelens::engine(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config/framing.toml")).unwrap()
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SAMPLES: &[&str] = &[
    "Title: A pact\nDate: 12/15/2021\nText:\nThe so-called alliance is \u{201c}not a partnership\u{201d}.\n",
    "<html><head><meta charset=\"koi8-r\"><script type=\"application/ld+json\">{\"datePublished\":[1,{\"author\":{}}]}</script></head><body><article><h1>x</h1><p>An &amp; alliance &#x1F600; &bogus pact</p><div class=\"comments\">alliance</div></article></body></html>",
    "text,title\n\"an alliance, \"\"quoted\"\"\nline\",t\n\"unterminated,\n",
    "{\"text\": \"an alliance\"}\n{\"text\": [\"a\", 1, null]}\n{bad\n[]\n\"s\"\n",
    "# Heading\n\n**bold** alliance [x](y) ```code```\n\n> quoted partnership\n",
    "FILE PHOTO: x REUTERS/Y\n\nSubscribe to\n\nRelated Posts\nLatest News\n",
];

fn mutate(rng: &mut XorShift, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(5) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = rng.next() as u8;
            }
            1 => v.insert(at, rng.next() as u8),
            2 if at < v.len() => {
                v.truncate(at);
            }
            3 => {
                let chunk: Vec<u8> = base[..rng.below(base.len() + 1)].to_vec();
                v.splice(at..at, chunk);
            }
            _ => v.insert(
                at,
                [b'<', b'>', b'&', b'"', b'\n', b',', 0xE2, 0x80][rng.below(8)],
            ),
        }
    }
    v
}

#[test]
fn thousands_of_hostile_inputs_do_not_crash() {
    let engine = engine();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for _ in 0..1200 {
        let n = rng.below(400);
        inputs.push((0..n).map(|_| rng.next() as u8).collect());
    }
    for _ in 0..1500 {
        let base = SAMPLES[rng.below(SAMPLES.len())].as_bytes();
        inputs.push(mutate(&mut rng, base));
    }
    // Truncated UTF-8 at every byte of a multi-byte text.
    let multi =
        "Caf\u{e9} \u{201c}alliance\u{201d} \u{4e2d}\u{6587} \u{1F600} partnership".as_bytes();
    for cut in 0..multi.len() {
        inputs.push(multi[..cut].to_vec());
    }
    // Huge lines, deep nesting, many rows.
    inputs.push(format!("{}\n", "alliance ".repeat(20_000)).into_bytes());
    inputs.push("a".repeat(200_000).into_bytes());
    inputs.push("<div>".repeat(100_000).into_bytes());
    inputs.push(format!("{}alliance{}", "<b>".repeat(900), "</b>".repeat(900)).into_bytes());
    inputs.push(format!("text\n{}", "\"alliance, pact\"\n".repeat(1_000)).into_bytes());
    inputs.push("{\"text\":".repeat(10_000).into_bytes());
    inputs.push("[".repeat(100_000).into_bytes());
    inputs.push(vec![0xFF, 0xFE, 0x00, 0xD8, 0x61, 0x00]);
    inputs.push(vec![0xFE, 0xFF]);
    inputs.push(b"\xEF\xBB\xBF".to_vec());
    for input in &inputs {
        framelens::run::exercise(&engine, input);
    }
    assert!(inputs.len() > 2_500);
}

/// Crash inputs found by `cargo fuzz`, kept as regression tests.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let engine = engine();
    for e in entries {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        framelens::run::exercise(&engine, &bytes);
    }
}
