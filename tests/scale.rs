//! Scale-out guarantees: the report is the same bytes for any thread count, and a report
//! built from the `score` output of several shards equals a single run over all articles.

mod common;
use common::snapshot;
use std::path::{Path, PathBuf};
use std::process::Command;

fn framelens(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn same_bytes_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let outs: Vec<PathBuf> = ["1", "2", "3", "0"]
        .iter()
        .map(|t| tmp.path().join(format!("t{t}")))
        .collect();
    for (t, out) in ["1", "2", "3", "0"].iter().zip(&outs) {
        framelens(&["report", "--threads", t, "--out", s(out)]);
    }
    let first = snapshot(&outs[0]);
    assert_eq!(first.len(), 8); // the seven files and the folder's (empty) lock file
    for o in &outs[1..] {
        assert_eq!(snapshot(o), first, "{}", o.display());
    }
    let one = framelens(&["score", "--threads", "1"]).stdout;
    let two = framelens(&["score", "--threads", "2"]).stdout;
    assert_eq!(one, two);
    // The header line (the config scored under), then one line per input.
    assert_eq!(String::from_utf8(one).unwrap().lines().count(), 1 + 6);
}

#[test]
fn report_from_shards_equals_a_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut corpus: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    corpus.sort();
    // Two shards with the files interleaved, as a hash-based split would give.
    let mut shard_files = Vec::new();
    for (k, part) in [0, 1].iter().enumerate() {
        let mut args = vec!["score".to_string()];
        args.extend(
            corpus
                .iter()
                .skip(*part)
                .step_by(2)
                .map(|p| p.to_string_lossy().into_owned()),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = framelens(&args).stdout;
        let f = tmp.path().join(format!("shard-{k}.jsonl"));
        std::fs::write(&f, out).unwrap();
        shard_files.push(f);
    }
    let single = tmp.path().join("single");
    let merged = tmp.path().join("merged");
    framelens(&["report", "--out", s(&single), "corpus"]);
    framelens(&[
        "report",
        "--out",
        s(&merged),
        "--scores",
        s(&shard_files[1]),
        s(&shard_files[0]),
    ]);
    assert_eq!(snapshot(&merged), snapshot(&single));
}

/// The bundled config with `[report].evidence_per_frame = 2`, so the sample is smaller than
/// the corpus's mentions of most outlet × frame pairs.
fn config_with_small_sample(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("config/framing.toml")).unwrap();
    let text = text.replacen("[report]", "[report]\nevidence_per_frame = 2", 1);
    // The config's paths (the corpus, the coded sheet of [validation]) still point where they did.
    let text = text.replace("\"../", &format!("\"{}/", root.display()));
    let path = dir.join("framing.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_evidence_sample_is_the_smallest_keys_and_the_same_for_threads_and_shards() {
    use std::collections::BTreeMap;
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with_small_sample(tmp.path());
    let config = s(&config);
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    framelens(&[
        "report",
        "--config",
        config,
        "--threads",
        "1",
        "--out",
        s(&one),
        "corpus",
    ]);
    framelens(&[
        "report",
        "--config",
        config,
        "--threads",
        "2",
        "--out",
        s(&two),
        "corpus",
    ]);
    assert_eq!(snapshot(&one), snapshot(&two));

    // Every mention, from `score`; and the same report from two shards of score lines.
    let lines =
        String::from_utf8(framelens(&["score", "--config", config, "corpus"]).stdout).unwrap();
    // The header line (what the lines were scored under) starts each shard.
    let (header, lines) = lines.split_once('\n').unwrap();
    let a: Vec<&str> = lines.lines().step_by(2).collect();
    let b: Vec<&str> = lines.lines().skip(1).step_by(2).collect();
    let shard = |name: &str, part: &[&str]| {
        let f = tmp.path().join(name);
        std::fs::write(&f, format!("{header}\n{}\n", part.join("\n"))).unwrap();
        f
    };
    let (sa, sb) = (shard("a.jsonl", &a), shard("b.jsonl", &b));
    let merged = tmp.path().join("merged");
    framelens(&[
        "report",
        "--config",
        config,
        "--out",
        s(&merged),
        "--scores",
        s(&sb),
        s(&sa),
    ]);
    assert_eq!(snapshot(&merged), snapshot(&one));

    // Expected: per outlet × frame, the two mentions with the smallest sample keys.
    type Place = (u64, String, u64, u64);
    let mut all: BTreeMap<(String, String), Vec<Place>> = BTreeMap::new();
    let mut total = 0;
    for line in lines.lines() {
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = a["path"].as_str().unwrap().to_string();
        for m in a["mentions"].as_array().unwrap() {
            let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
            let frame = m["frame"].as_str().unwrap();
            let key = framelens::aggregate::sample_key(&path, start as usize, end as usize, frame);
            all.entry((a["outlet"].as_str().unwrap().into(), frame.into()))
                .or_default()
                .push((key, path.clone(), start, end));
            total += 1;
        }
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("report.json")).unwrap()).unwrap();
    let mut kept: BTreeMap<(String, String), Vec<Place>> = BTreeMap::new();
    for a in report["articles"].as_array().unwrap() {
        let path = a["path"].as_str().unwrap().to_string();
        for m in a["mentions"].as_array().unwrap() {
            let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
            let frame = m["frame"].as_str().unwrap();
            let key = framelens::aggregate::sample_key(&path, start as usize, end as usize, frame);
            kept.entry((a["outlet"].as_str().unwrap().into(), frame.into()))
                .or_default()
                .push((key, path.clone(), start, end));
        }
    }
    let mut sampled_somewhere = false;
    for (slot, mut places) in all {
        places.sort();
        sampled_somewhere |= places.len() > 2;
        places.truncate(2);
        let mut got = kept.remove(&slot).unwrap_or_default();
        got.sort();
        assert_eq!(got, places, "{slot:?}");
    }
    assert!(
        sampled_somewhere,
        "the corpus must have more than two mentions somewhere"
    );
    assert_eq!(report["evidence"]["per_outlet_frame"], 2);
    assert_eq!(report["evidence"]["mentions"], total);
    // Counts are over every mention, not the sample (those out of the frame's scope are
    // counted apart).
    let counted: u64 = report["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["frames"].as_object().unwrap().values())
        .map(|f| f["mentions"].as_u64().unwrap() + f["out_of_scope"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, total);
}

/// `n` short, distinct articles from two outlets (every fifth dated a week apart), with
/// frame words in varying stances, and a config that counts them.
fn many_articles(dir: &Path, n: usize) -> PathBuf {
    let words = [
        "summit",
        "talks",
        "trade",
        "border",
        "energy",
        "visit",
        "ministry",
        "market",
        "pipeline",
        "council",
        "delegation",
        "region",
        "currency",
        "exports",
        "policy",
    ];
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    for i in 0..n {
        // A different word sequence per article, so none is a twin of another.
        let body: Vec<&str> = (0..40)
            .map(|k| words[(i * 7 + k * (i % 13 + 1)) % 15])
            .collect();
        let frame = match i % 4 {
            0 => "The alliance grew.",
            1 => "It is a partnership, not an alliance.",
            2 => "Officials said the \"partnership will last for years to come\".",
            _ => "A so-called alliance met.",
        };
        let outlet = if i % 3 == 0 {
            "East Wire"
        } else {
            "West Daily"
        };
        let date = if i % 5 == 0 {
            format!("Date: 2031-01-{:02}\n", 1 + (i / 5) % 28)
        } else {
            String::new()
        };
        let text = format!(
            "Title: Article {i}\nSource: {outlet}\n{date}\n{} {i}. {frame}\n",
            body.join(" ")
        );
        std::fs::write(articles.join(format!("a{i:05}.txt")), text).unwrap();
    }
    let config = dir.join("many.toml");
    std::fs::write(
        &config,
        r#"
[report]
title = "Many articles"
evidence_per_frame = 3
[corpus]
paths = ["articles"]
[[outlet]]
id = "east"
name = "East Wire"
signatures = ["East Wire"]
[[outlet]]
id = "west"
name = "West Daily"
signatures = ["West Daily"]
[[frame]]
id = "alliance"
label = "Alliance"
terms = ["alliance"]
[[frame]]
id = "partnership"
label = "Partnership"
terms = ["partnership"]
[[contrast]]
id = "a-vs-p"
left = "alliance"
right = "partnership"
"#,
    )
    .unwrap();
    config
}

#[test]
fn a_spilled_report_renders_the_same_bytes_as_one_in_memory() {
    use framelens::render::{render_files, Format};
    let tmp = tempfile::tempdir().unwrap();
    let n = framelens::render::ARTICLES_SHOWN + 50;
    let config = many_articles(tmp.path(), n);
    let engine = framelens::engine(&config).unwrap();
    let options = framelens::RunOptions::default();
    let memory = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .report(&[])
        .unwrap();
    let spilled = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(2)
        .spill_after(0)
        .report(&[])
        .unwrap();
    assert!(spilled.articles.is_spilled() && !memory.articles.is_spilled());
    assert_eq!((memory.articles.len(), spilled.articles.len()), (n, n));
    // Spilled rows are not in memory: only `each()` reads them, and asking for them in
    // memory is refused rather than answered with an empty list.
    assert_eq!(spilled.articles.each().count(), n);
    let in_memory = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        spilled.articles.iter().count()
    }));
    assert!(in_memory.is_err());
    for f in Format::ALL {
        assert_eq!(
            render_files(&spilled, f).unwrap(),
            render_files(&memory, f).unwrap(),
            "{f}"
        );
    }
    // The appendix lists the first articles and inputs and says where the rest are.
    let html = render_files(&spilled, Format::Html).unwrap().remove(1).1;
    let shown = framelens::render::ARTICLES_SHOWN;
    assert!(html.contains(&format!("The first {shown} of {n} articles by path")));
    assert!(html.contains(&format!("The first {shown} of {n} inputs by path")));
    // Past the first ones, an article is listed only when it holds evidence; which do
    // depends on the sample's keys, so on the paths (here in a new temporary folder).
    assert!(html.contains("a00999.txt"));
    for a in memory.articles.iter().skip(shown) {
        let name = a.path.rsplit('/').next().unwrap();
        assert_eq!(html.contains(name), !a.mentions.is_empty(), "{name}");
    }
    let md = render_files(&spilled, Format::Markdown)
        .unwrap()
        .remove(1)
        .1;
    assert!(md.contains(&format!("The first {shown} of {n} articles by path")));

    // Score lines fed out of path order (as from shards) spill and sort to the same bytes.
    let mut outcomes = Vec::new();
    framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .for_each(&[], |o| outcomes.push(o))
        .unwrap();
    outcomes.reverse();
    let mut acc = framelens::aggregate::Accumulator::spilling(&engine.config, 10);
    for o in outcomes {
        acc.add_outcome(o);
    }
    let shards = acc.finish().unwrap();
    assert!(shards.articles.is_spilled());
    for f in Format::ALL {
        assert_eq!(
            render_files(&shards, f).unwrap(),
            render_files(&memory, f).unwrap()
        );
    }

    // "Since the last report" reads the spilled rows too.
    let previous = framelens::since_last::Previous::of(&memory).unwrap();
    let mut again = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .spill_after(0)
        .report(&[])
        .unwrap();
    framelens::since_last::apply(&mut again, Some(&previous)).unwrap();
    assert_eq!(again.changes, None);
}

#[test]
fn spilled_twins_hostile_titles_and_unsampled_mentions_render_the_same_bytes() {
    use framelens::render::{render_files, Format};
    let tmp = tempfile::tempdir().unwrap();
    let config = many_articles(tmp.path(), 60);
    let articles = tmp.path().join("articles");
    // Two later copies of one article (its twins), and titles that CSV must quote and JSON
    // escape.
    let first = std::fs::read_to_string(articles.join("a00003.txt")).unwrap();
    std::fs::write(articles.join("z-copy1.txt"), &first).unwrap();
    std::fs::write(articles.join("z-copy2.txt"), &first).unwrap();
    for (i, title) in [(7, "=SUM(1,2) \"quoted\""), (8, "tab\tand \\ backslash")] {
        let path = articles.join(format!("a{i:05}.txt"));
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen(
            &format!("Title: Article {i}"),
            &format!("Title: {title}"),
            1,
        );
        std::fs::write(&path, text).unwrap();
    }
    let text = std::fs::read_to_string(&config).unwrap();
    let every = tmp.path().join("every.toml");
    std::fs::write(
        &every,
        text.replace("evidence_per_frame = 3", "evidence_per_frame = 0"),
    )
    .unwrap();
    let options = framelens::RunOptions::default();
    for config in [&config, &every] {
        let engine = framelens::engine(config).unwrap();
        let memory = framelens::Run::new(&engine)
            .options(options.clone())
            .threads(1)
            .report(&[])
            .unwrap();
        assert_eq!(memory.inputs.skipped.len(), 2);
        assert!(memory.articles.iter().any(|a| a.twins.len() == 2));
        // Spilled from the first row on, from the tenth (rows made on the scoring threads
        // and on the caller's), and from score lines out of path order.
        let mut reports = Vec::new();
        for after in [0, 10] {
            for threads in [1, 2] {
                reports.push(
                    framelens::Run::new(&engine)
                        .options(options.clone())
                        .threads(threads)
                        .spill_after(after)
                        .report(&[])
                        .unwrap(),
                );
            }
        }
        let mut outcomes = Vec::new();
        framelens::Run::new(&engine)
            .options(options.clone())
            .threads(1)
            .for_each(&[], |o| outcomes.push(o))
            .unwrap();
        outcomes.reverse();
        let mut acc = framelens::aggregate::Accumulator::spilling(&engine.config, 5);
        for o in outcomes {
            acc.add_outcome(o);
        }
        reports.push(acc.finish().unwrap());
        for spilled in &reports {
            assert!(spilled.articles.is_spilled());
            assert_eq!(spilled.articles.each().count(), memory.articles.len());
            for f in Format::ALL {
                assert_eq!(
                    render_files(spilled, f).unwrap(),
                    render_files(&memory, f).unwrap(),
                    "{f} of {}",
                    config.display()
                );
            }
        }
    }
}

/// A frame scoped to an actor leaves mentions out, and the Voices section lists examples of
/// them: from the articles the pages show, so a spilled report renders them too (it once
/// panicked asking for its articles in memory).
#[test]
fn a_spilled_report_with_a_scoped_frame_lists_what_the_scope_left_out() {
    use framelens::render::{render_files, Format};
    let tmp = tempfile::tempdir().unwrap();
    let config = many_articles(tmp.path(), 40);
    for i in 0..3 {
        std::fs::write(
            tmp.path().join(format!("articles/e{i}.txt")),
            format!("Title: Eastland {i}\nSource: East Wire\n\nEastland signed an alliance with its neighbour {i}.\n"),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(&config).unwrap();
    let scoped = text.replace(
        "evidence_per_frame = 3",
        "evidence_per_frame = 3\nabout = [\"eastland\"]",
    ) + "[[actor]]\nid = \"eastland\"\nlabel = \"Eastland\"\nterms = [\"Eastland\"]\n";
    std::fs::write(&config, scoped).unwrap();
    let engine = framelens::engine(&config).unwrap();
    let run = |spill_after| {
        framelens::Run::new(&engine)
            .threads(1)
            .spill_after(spill_after)
            .report(&[])
            .unwrap()
    };
    let (memory, spilled) = (run(usize::MAX), run(0));
    assert!(spilled.articles.is_spilled());
    let counts = |id: &str| {
        memory
            .outlets
            .iter()
            .filter_map(|o| o.frames.get(id))
            .map(|s| (s.mentions, s.out_of_scope))
            .fold((0, 0), |(m, o), (a, b)| (m + a, o + b))
    };
    // Three in four of the 40 generated articles hold "alliance", none about Eastland; the
    // three written here are.
    assert_eq!(counts("alliance"), (3, 30));
    for f in Format::ALL {
        assert_eq!(
            render_files(&spilled, f).unwrap(),
            render_files(&memory, f).unwrap(),
            "{f}"
        );
    }
    let md: String = render_files(&spilled, Format::Markdown)
        .unwrap()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let left_out = &md[md
        .find("### Left out by scope")
        .expect("the scope's section")..];
    assert!(left_out.contains("The alliance grew."), "{left_out}");
}

#[test]
fn writing_a_spilled_report_gives_the_same_files_and_releases_its_rows() {
    use framelens::render::Format;
    let tmp = tempfile::tempdir().unwrap();
    let config = many_articles(tmp.path(), 40);
    let engine = framelens::engine(&config).unwrap();
    let options = framelens::RunOptions::default();
    let memory = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .report(&[])
        .unwrap();
    for threads in [1, 2] {
        let spilled = framelens::Run::new(&engine)
            .options(options.clone())
            .threads(threads)
            .spill_after(0)
            .report(&[])
            .unwrap();
        for (report, dir) in [(&memory, "memory"), (&spilled, "spilled")] {
            framelens::output::render_all(report, &tmp.path().join(dir), &Format::ALL)
                .unwrap()
                .threads(threads)
                .write()
                .unwrap();
        }
        let names = [
            "report.html",
            "report-appendix.html",
            "report.md",
            "report-tables.md",
            "report.json",
            "report.csv",
            "report.manifest.csv",
        ];
        for name in names {
            let read = |dir: &str| std::fs::read(tmp.path().join(dir).join(name)).unwrap();
            assert!(
                read("memory") == read("spilled"),
                "{name} on {threads} thread(s)"
            );
        }
        // The rows report.json and report.csv were written from are gone: reading them
        // again is an error, not an empty list.
        let spill = framelens::spill::of(&spilled.articles).unwrap();
        let again = spill.rows().next().unwrap().unwrap_err();
        assert!(again.to_string().contains("released"), "{again}");
        for f in [Format::Json, Format::Csv] {
            let err = framelens::render::render(&spilled, f)
                .unwrap_err()
                .to_string();
            assert!(err.contains("released"), "{f}: {err}");
        }
    }
}

#[test]
fn a_spilled_report_keeping_every_mention_shows_the_evidence_of_one_in_memory() {
    use framelens::render::{render_files, Format};
    let tmp = tempfile::tempdir().unwrap();
    let n = framelens::render::ARTICLES_SHOWN + 50;
    let config = many_articles(tmp.path(), n);
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("evidence_per_frame = 3", "evidence_per_frame = 0"),
    )
    .unwrap();
    let engine = framelens::engine(&config).unwrap();
    let options = framelens::RunOptions::default();
    let memory = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .report(&[])
        .unwrap();
    let spilled = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(2)
        .spill_after(0)
        .report(&[])
        .unwrap();
    for f in [Format::Html, Format::Markdown] {
        assert!(
            render_files(&spilled, f).unwrap() == render_files(&memory, f).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn progress_counts_every_file_against_a_total_never_below_it() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 40;
    let config = many_articles(tmp.path(), n);
    let engine = framelens::engine(&config).unwrap();
    let options = framelens::RunOptions::default();
    for threads in [1, 2] {
        let calls = std::sync::Mutex::new(Vec::new());
        let progress = |done: usize, total: usize| calls.lock().unwrap().push((done, total));
        framelens::Run::new(&engine)
            .options(options.clone())
            .threads(threads)
            .progress(&progress)
            .report(&[])
            .unwrap();
        let mut calls = calls.into_inner().unwrap();
        // On several threads the total is counted beside the run: until it is known, the
        // files done stand for it.
        assert!(calls
            .iter()
            .all(|&(done, total)| done <= total && total <= n));
        calls.sort();
        let done: Vec<usize> = calls.iter().map(|c| c.0).collect();
        assert_eq!(done, (1..=n).collect::<Vec<_>>(), "{threads} thread(s)");
        if threads == 1 {
            assert!(calls.iter().all(|&(_, total)| total == n), "counted first");
        }
    }
}

#[test]
fn chunks_scored_on_many_threads_come_back_in_path_order() {
    use framelens::render::{render_files, Format};
    let tmp = tempfile::tempdir().unwrap();
    // 1,000 files: 32 chunks of 32, more than any thread count's window of chunks in flight,
    // and a copy of an early article hundreds of files later, in a far chunk.
    let config = many_articles(tmp.path(), 1000);
    let articles = tmp.path().join("articles");
    let first = std::fs::read_to_string(articles.join("a00003.txt")).unwrap();
    std::fs::write(articles.join("a00900b.txt"), &first).unwrap();
    let engine = framelens::engine(&config).unwrap();
    let options = framelens::RunOptions::default();
    let paths = |threads| {
        let mut seen = Vec::new();
        framelens::Run::new(&engine)
            .options(options.clone())
            .threads(threads)
            .for_each(&[], |o| {
                let name = |path: &str| path.rsplit('/').next().unwrap().to_string();
                seen.push(match o {
                    framelens::Outcome::Article(a) => name(&a.path),
                    framelens::Outcome::Skipped(s) => format!("skipped {}", name(&s.path)),
                })
            })
            .unwrap();
        seen
    };
    let one = paths(1);
    assert_eq!(one.len(), 1001);
    assert_eq!(one[..2], ["a00000.txt", "a00001.txt"]);
    assert_eq!(one[901], "skipped a00900b.txt");
    let memory = framelens::Run::new(&engine)
        .options(options.clone())
        .threads(1)
        .report(&[])
        .unwrap();
    for threads in [2, 3, 8] {
        let many = paths(threads);
        let first_difference = one.iter().zip(&many).position(|(a, b)| a != b);
        assert_eq!(
            (many.len(), first_difference),
            (one.len(), None),
            "{threads} threads"
        );
        let report = framelens::Run::new(&engine)
            .options(options.clone())
            .threads(threads)
            .report(&[])
            .unwrap();
        for f in Format::ALL {
            assert_eq!(
                render_files(&report, f).unwrap(),
                render_files(&memory, f).unwrap(),
                "{f} on {threads} threads"
            );
        }
    }
}

#[test]
fn a_panic_while_scoring_ends_the_run_with_it_not_a_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let config = many_articles(tmp.path(), 1000);
    let engine: &'static framelens::score::Engine =
        Box::leak(Box::new(framelens::engine(&config).unwrap()));
    // On three threads: the caller's, which scores chunks of its own, and two workers. A
    // worker left waiting for the window or for room to send would hang the run instead, so
    // the run is made on a thread of its own and given a minute (it takes a fraction of a
    // second).
    for on_caller in [true, false] {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let caller = std::thread::current().id();
            let panics_here = |path: &str| {
                (std::thread::current().id() == caller) == on_caller && path.ends_with("7.txt")
            };
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                framelens::Run::new(engine).threads(3).for_each_with(
                    &[],
                    &|a| assert!(!panics_here(&a.path), "scoring {} failed", a.path),
                    |_, _| {},
                )
            }));
            let payload = run.map(|_| ()).unwrap_err();
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()));
            done.send(message).unwrap();
        });
        let message = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the run ends")
            .unwrap();
        if on_caller {
            assert!(
                message.starts_with("scoring ") && message.ends_with("7.txt failed"),
                "{message}"
            );
        } else {
            assert_eq!(message, "a scoped thread panicked");
        }
    }
}
