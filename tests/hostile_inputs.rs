//! Issue 20, the input side: corpora an attacker or an unlucky operator could hand a
//! scheduled run. Each test's core is the issue's repro, run through the binary with a time
//! limit, so that a run that hangs fails the test instead of hanging it.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs framelens in `dir`, killing it (and failing) if it takes longer than a minute.
fn framelens(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("framelens {args:?} hung (killed after 60 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The CLI tests' config, with `extra` appended to its `[corpus]` table.
const CONFIG: &str = "[report]\ntitle = \"Hostile\"\n\n[corpus]\npaths = [\"articles/\"]\n";
const FRAMES: &str = "\n[[frame]]\nid = \"alliance\"\nlabel = \"Alliance\"\n\
                      terms = [\"alliance\", \"bloc\"]\n";

/// A sandbox: `framelens.toml` (with `corpus_extra` in `[corpus]`) and `articles/` holding
/// two invented articles, `a.txt` (two mentions) and `b.txt` (one).
fn sandbox(corpus_extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("framelens.toml"),
        format!("{CONFIG}{corpus_extra}{FRAMES}"),
    )
    .unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "Harbor talks\n\nThe ministers spoke of an alliance and a new bloc.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("b.txt"),
        "Quiet week\n\nNo one at the fictional port mentioned the alliance again.\n",
    )
    .unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {path:?}"
    );
}

fn json(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("reports/report.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `(path, reason)` of every skipped input of the report in `dir/reports`.
fn skipped(dir: &Path) -> Vec<(String, String)> {
    json(dir)["inputs"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn article_paths(dir: &Path) -> Vec<String> {
    json(dir)["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 20, item 1: a FIFO in the corpus, and a link to one, blocked `report`, `score` and
/// `explain` for ever in `open`. Now each is skipped with what it is.
#[test]
fn a_fifo_in_the_corpus_never_blocks_a_run() {
    let dir = sandbox("");
    let d = dir.path();
    mkfifo(&d.join("articles/pipe.txt"));
    mkfifo(&d.join("articles/pipe2.txt"));
    symlink("pipe2.txt", d.join("articles/to-pipe.txt")).unwrap();

    let out = framelens(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(article_paths(d), ["articles/a.txt", "articles/b.txt"]);
    assert_eq!(
        skipped(d),
        [
            (
                "articles/pipe.txt".to_string(),
                "a FIFO, not a regular file".to_string()
            ),
            (
                "articles/pipe2.txt".to_string(),
                "a FIFO, not a regular file".to_string()
            ),
            (
                "articles/to-pipe.txt".to_string(),
                "a symbolic link to a FIFO, not a regular file".to_string()
            ),
        ]
    );

    let out = framelens(d, &["score", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = String::from_utf8(out.stdout).unwrap();
    assert!(
        lines.contains(r#""path":"articles/pipe.txt","reason":"a FIFO, not a regular file""#),
        "{lines}"
    );

    let out = framelens(d, &["explain", "-c", "framelens.toml", "articles/pipe.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: articles/pipe.txt: a FIFO, not a regular file\n"
    );
}

/// Issue 20, item 2: two links to their own folder made the walk explode (2^40 paths); one
/// read every file 41 times. Now each link is listed as a loop and each file read once.
#[test]
fn links_to_their_own_folder_are_loops_not_followed() {
    let dir = sandbox("");
    let d = dir.path();
    symlink(".", d.join("articles/a")).unwrap();
    symlink(".", d.join("articles/b")).unwrap();
    // A link to a file of the corpus, first in path order: the file is read once, through
    // it, and its own name is listed as read already.
    symlink("b.txt", d.join("articles/0-link.txt")).unwrap();
    let out = framelens(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(article_paths(d), ["articles/0-link.txt", "articles/a.txt"]);
    let loop_reason =
        "symbolic link not followed: a loop (it leads back to articles, which holds it)"
            .to_string();
    assert_eq!(
        skipped(d),
        [
            ("articles/a".to_string(), loop_reason.clone()),
            ("articles/b".to_string(), loop_reason),
            (
                "articles/b.txt".to_string(),
                "already read through the symbolic link articles/0-link.txt".to_string()
            ),
        ]
    );
}

/// A folder reached by a link and under its own name is read once, and the second way in
/// is listed.
#[test]
fn a_folder_reached_twice_is_read_once() {
    let dir = sandbox("");
    let d = dir.path();
    std::fs::create_dir(d.join("articles/sub")).unwrap();
    std::fs::write(
        d.join("articles/sub/c.txt"),
        "Third\n\nA bloc formed at the invented summit.\n",
    )
    .unwrap();
    symlink("sub", d.join("articles/zz-again")).unwrap();
    let out = framelens(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        article_paths(d),
        ["articles/a.txt", "articles/b.txt", "articles/sub/c.txt"]
    );
    assert_eq!(
        skipped(d),
        [(
            "articles/zz-again".to_string(),
            "symbolic link not followed: articles/sub is already read".to_string()
        )]
    );
}

/// Issue 20, item 11: links leading out of the corpus were followed without notice. Now they
/// are listed and not followed, unless `[corpus] follow_outside = true`, and then each file
/// read through one says so.
#[test]
fn links_leading_outside_the_corpus_are_followed_only_when_asked() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "Private\n\nAn alliance nobody should see.\n").unwrap();
    // As reports show a path outside the working folder: `..` up from it.
    let real = format!(
        "../{}/secret.txt",
        std::fs::canonicalize(outside.path())
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
    );
    for follow in [false, true] {
        let extra = if follow {
            "follow_outside = true\n"
        } else {
            ""
        };
        let dir = sandbox(extra);
        let d = dir.path();
        symlink(&secret, d.join("articles/c.txt")).unwrap();
        let out = framelens(d, &["report", "-c", "framelens.toml"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        if !follow {
            assert_eq!(article_paths(d), ["articles/a.txt", "articles/b.txt"]);
            assert_eq!(
                skipped(d),
                [(
                    "articles/c.txt".to_string(),
                    format!(
                        "symbolic link not followed: it leads outside the corpus, to {} \
                         (set [corpus] follow_outside = true to follow such links)",
                        real
                    )
                )]
            );
        } else {
            assert_eq!(
                article_paths(d),
                ["articles/a.txt", "articles/b.txt", "articles/c.txt"]
            );
            let report = json(d);
            assert_eq!(
                report["articles"][2]["warnings"],
                serde_json::json!([format!(
                    "read through the symbolic link articles/c.txt, which leads outside the \
                     corpus (to {real})"
                )])
            );
        }
    }
}

/// Low: `x` and `./x` were both read, every file then a duplicate of itself.
#[test]
fn two_spellings_of_one_path_are_read_once() {
    let dir = sandbox("");
    let d = dir.path();
    let out = framelens(
        d,
        &[
            "report",
            "-c",
            "framelens.toml",
            "articles",
            "./articles",
            "articles/a.txt",
            "./articles/../articles/b.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(article_paths(d), ["articles/a.txt", "articles/b.txt"]);
    assert_eq!(skipped(d), []);
}

fn mentions(dir: &Path) -> u64 {
    json(dir)["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["frames"]["alliance"]["mentions"].as_u64().unwrap())
        .sum()
}

/// Issue 20, item 4: with `--out` the corpus folder, each run read the last one's report as
/// articles (mentions 4, 95, 303). Now the output is never read, and the run says so once;
/// likewise for an output folder inside the corpus.
#[test]
fn the_output_folder_is_never_read_as_input() {
    for (out_dir, notice) in [
        (
            "articles",
            "not reading report.html, report-appendix.html, report.md, report-tables.md, \
             report.json, report.csv, report.manifest.csv in articles: they are this report's \
             output\n",
        ),
        (
            "articles/reports",
            "not reading articles/reports: it is the output folder\n",
        ),
    ] {
        let dir = sandbox("");
        let d = dir.path();
        let mut seen = Vec::new();
        for run in 0..3 {
            let out = framelens(
                d,
                &[
                    "report",
                    "-c",
                    "framelens.toml",
                    "--out",
                    out_dir,
                    "--format",
                    "html,md,json,csv",
                ],
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let text = stderr(&out);
            // The corpus folder exists from the first run on; a new folder inside it, from
            // the second.
            let there = out_dir == "articles" || run > 0;
            assert_eq!(
                text.matches("not reading").count(),
                usize::from(there),
                "{text}"
            );
            if there {
                assert!(text.starts_with(notice), "{text}");
            }
            let report: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(d.join(out_dir).join("report.json")).unwrap(),
            )
            .unwrap();
            let m: u64 = report["outlets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["frames"]["alliance"]["mentions"].as_u64().unwrap())
                .sum();
            let paths: Vec<String> = report["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["path"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(paths, ["articles/a.txt", "articles/b.txt"], "run {run}");
            assert_eq!(
                report["inputs"]["skipped"],
                serde_json::json!([]),
                "run {run}"
            );
            seen.push(m);
        }
        assert_eq!(seen, [3, 3, 3], "{out_dir}");
    }
}

/// Issue 20, item 3: `report --scores` merged shards scored under another config (a renamed
/// frame, an extra term) silently, exit 0 even with `--strict`. Now each shard names its
/// config and lexicon in a header line, and a shard scored under another is refused (exit 2)
/// with what differs and which shard; a shard with no header is refused with advice.
#[test]
fn shards_scored_under_another_config_are_refused() {
    let dir = sandbox("");
    let d = dir.path();
    let out = framelens(d, &["score", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shard = String::from_utf8(out.stdout).unwrap();
    std::fs::write(d.join("shard.jsonl"), &shard).unwrap();
    let header: serde_json::Value = serde_json::from_str(shard.lines().next().unwrap()).unwrap();
    assert_eq!(
        header["framelens_scores"]["frames"],
        serde_json::json!([{"id": "alliance", "label": "Alliance", "terms": ["alliance", "bloc"]}])
    );
    // Under the same config, the shard makes the same report as the articles.
    let out = framelens(
        d,
        &["report", "-c", "framelens.toml", "--scores", "shard.jsonl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mentions(d), 3);

    // The frame renamed and given one more term.
    let changed = format!("{CONFIG}{FRAMES}")
        .replace("id = \"alliance\"", "id = \"bloc\"")
        .replace("\"bloc\"]", "\"bloc\", \"axis\"]");
    std::fs::write(d.join("changed.toml"), changed).unwrap();
    for strict in [false, true] {
        let mut args = vec!["report", "-c", "changed.toml", "--out", "merged"];
        if strict {
            args.push("--strict");
        }
        args.extend(["--scores", "shard.jsonl"]);
        let out = framelens(d, &args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let text = stderr(&out);
        assert!(
            text.starts_with("error: shard.jsonl:1: scored under another config (framelens.toml, "),
            "{text}"
        );
        assert!(
            text.contains(
                ": frame `alliance` removed; frame `bloc` added\n  hint: score the \
                           articles again with this config"
            ),
            "{text}"
        );
        // Nothing written: the folder holds at most the run's (empty) lock file.
        assert!(!d.join("merged").join("report.json").exists());
    }
    // Only a term added: the frame keeps its id, and the message names the term.
    let more = format!("{CONFIG}{FRAMES}").replace("\"bloc\"]", "\"bloc\", \"axis\"]");
    std::fs::write(d.join("more.toml"), more).unwrap();
    let out = framelens(d, &["report", "-c", "more.toml", "--scores", "shard.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(": frame `alliance` has new term \"axis\"\n"),
        "{}",
        stderr(&out)
    );

    // A shard from before headers: refused, with what to do.
    let old: String = shard.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("old.jsonl"), old).unwrap();
    let out = framelens(
        d,
        &["report", "-c", "framelens.toml", "--scores", "old.jsonl"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: old.jsonl:1: no header line naming the config it was scored with (a score file \
         from an older framelens, or not one written by `framelens score`)\n  hint: score the \
         articles again (`framelens score --config framelens.toml > old.jsonl`)\n"
    );
}

/// Issue 20, item 5: a 60 MB article took 650-740 MB and a 50 MB CSV field 1.38 GB. An
/// article (a document file, or a row's text field) is now at most 8 MiB: a larger one is
/// skipped with its size (the other rows of its export are used), and a larger document is
/// refused before it is read. `scripts/memory.sh` measures the peak memory.
#[test]
fn an_oversized_article_or_field_is_skipped_with_its_size() {
    let dir = sandbox("");
    let d = dir.path();
    let limit = 8 * 1024 * 1024;
    std::fs::File::create(d.join("articles/huge.txt"))
        .unwrap()
        .set_len(limit + 1)
        .unwrap();
    let big = "The alliance met again. ".repeat(limit as usize / 24 + 1);
    std::fs::write(
        d.join("articles/rows.csv"),
        format!("title,text\nFirst,A bloc formed.\nSecond,\"{big}\"\nThird,An alliance held.\n"),
    )
    .unwrap();
    let out = framelens(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        article_paths(d),
        [
            "articles/a.txt",
            "articles/b.txt",
            "articles/rows.csv#row-1",
            "articles/rows.csv#row-3"
        ]
    );
    assert_eq!(
        skipped(d),
        [
            (
                "articles/huge.txt".to_string(),
                format!("too large ({} bytes; the limit is {limit})", limit + 1)
            ),
            (
                "articles/rows.csv#row-2".to_string(),
                format!(
                    "its text field is too large ({} bytes; an article may be at most {limit})",
                    big.len()
                )
            ),
        ]
    );
}
