//! The validation workflow end to end, through the binary, on the sample corpus and its
//! hand-coded sheet (`coding/sample-coded.csv`): `sample`, `validate`, `suggest`, and the
//! report's `validation`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn framelens(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap();
    out
}

fn ok(args: &[&str]) -> String {
    let out = framelens(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// Stance agreement and kappa computed here, apart from the library: the sheet read with the
/// csv crate, the tool's stances from `framelens score`, joined by path, offsets and frame.
#[test]
fn stance_agreement_matches_an_independent_count() {
    let mut tool: HashMap<(String, u64, u64, String), String> = HashMap::new();
    // The first line is the shard's header (the config it was scored under), not an article.
    for line in ok(&["score"])
        .lines()
        .filter(|l| !l.starts_with("{\"framelens_scores\""))
    {
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = a["path"].as_str().unwrap().to_string();
        for m in a["mentions"].as_array().unwrap() {
            tool.insert(
                (
                    path.clone(),
                    m["start"].as_u64().unwrap(),
                    m["end"].as_u64().unwrap(),
                    m["frame"].as_str().unwrap().to_string(),
                ),
                m["stance"].as_str().unwrap().to_string(),
            );
        }
    }
    let mut sheet = csv::Reader::from_path(repo().join("coding/sample-coded.csv")).unwrap();
    let mut pairs = Vec::new();
    for r in sheet.deserialize::<HashMap<String, String>>() {
        let r = r.unwrap();
        if r["stance"].is_empty() || r["term"].is_empty() {
            continue;
        }
        let key = (
            r["path"].clone(),
            r["start"].parse().unwrap(),
            r["end"].parse().unwrap(),
            r["frame"].clone(),
        );
        pairs.push((r["stance"].clone(), tool[&key].clone()));
    }
    let n = pairs.len() as f64;
    let same = pairs.iter().filter(|(c, t)| c == t).count() as f64;
    let labels = ["asserted", "quoted", "negated", "distanced"];
    let share =
        |f: &dyn Fn(&(String, String)) -> bool| pairs.iter().filter(|p| f(p)).count() as f64 / n;
    let expected: f64 = labels
        .iter()
        .map(|l| share(&|p| p.0 == *l) * share(&|p| p.1 == *l))
        .sum();
    let kappa = (same / n - expected) / (1.0 - expected);

    let v = json(&["validate", "--json", "coding/sample-coded.csv"]);
    assert_eq!(v["schema"], "framelens/validation@1");
    assert_eq!(v["stance"]["coded"].as_u64().unwrap(), pairs.len() as u64);
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    assert_eq!(v["stance"]["agreement"].as_f64().unwrap(), round(same / n));
    assert_eq!(v["stance"]["kappa"].as_f64().unwrap(), round(kappa));
    assert_eq!(v["unjoined"]["count"], 0);
    // The committed sheet, as hand-coded: 50 stance rows, 37 the same as the tool (reported
    // speech now counts as quoted).
    assert_eq!((pairs.len(), same as usize), (50, 37));
}

/// The report's `validation` is what `validate --json` writes for the config's sheets, and
/// the committed report shows the section.
#[test]
fn the_report_carries_the_same_validation() {
    let v = json(&["validate", "--json", "coding/sample-coded.csv"]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo().join("reports/report.json")).unwrap())
            .unwrap();
    assert_eq!(report["validation"], v);
    // In Markdown the section goes with the full tables.
    let md = std::fs::read_to_string(repo().join("reports/report-tables.md")).unwrap();
    assert!(md.contains("\n## Validation\n"));
    let html = std::fs::read_to_string(repo().join("reports/report.html")).unwrap();
    assert!(html.contains("<section id=\"validation\">"));
}

/// The same sheet saved by European Excel (`;`, a byte-order mark, CRLF) gives the same numbers.
#[test]
fn a_sheet_resaved_by_a_spreadsheet_gives_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut reader = csv::Reader::from_path(repo().join("coding/sample-coded.csv")).unwrap();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for r in reader.records() {
        writer.write_record(&r.unwrap()).unwrap();
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(writer.into_inner().unwrap());
    let resaved = dir.path().join("resaved.csv");
    std::fs::write(&resaved, bytes).unwrap();
    let a = json(&["validate", "--json", "coding/sample-coded.csv"]);
    let b = json(&["validate", "--json", resaved.to_str().unwrap()]);
    assert_eq!(a["stance"], b["stance"]);
    assert_eq!(a["frames"], b["frames"]);
    assert_eq!(a["coders_alpha"], b["coders_alpha"]);
}

fn read_sheet(path: &Path) -> Vec<HashMap<String, String>> {
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn sample_is_reproducible_blind_and_joins_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    for p in [&a, &b] {
        let out = framelens(&[
            "sample",
            "--n",
            "12",
            "--unmatched",
            "4",
            "--out",
            p.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "the same sheet twice");
    let rows = read_sheet(&a);
    assert_eq!(rows.len(), 16);
    assert_eq!(rows.iter().filter(|r| r["term"].is_empty()).count(), 4);
    for r in &rows {
        // Blind: nothing of the tool's stance, and the coder's columns are empty.
        for c in ["in_frame", "stance", "coder", "note"] {
            assert_eq!(r[c], "", "{r:?}");
        }
        assert!(
            r["context"].contains("[[") && r["context"].contains("]]"),
            "{r:?}"
        );
    }
    // Twelve mentions over the outlet × frame cells: twelve different cells at most one each
    // would be as many cells; at least five outlets' worth of cells exist.
    let outlets: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["outlet"].as_str()).collect();
    assert!(outlets.len() >= 4, "{outlets:?}");
    let html = std::fs::read_to_string(dir.path().join("a.html")).unwrap();
    assert!(html.contains("<mark>") && !html.contains("<script"));
    // Every row of a fresh sheet joins; none is coded yet.
    let v = json(&["validate", "--json", a.to_str().unwrap()]);
    assert_eq!(v["unjoined"]["count"], 0);
    assert_eq!(v["uncoded"], 16);
    // A sheet on disk is not overwritten without --force.
    let out = framelens(&["sample", "--n", "3", "--out", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --force"));
    assert_eq!(std::fs::read(&a).unwrap(), bytes);
}

#[test]
fn rows_that_do_not_join_are_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(repo().join("coding/sample-coded.csv")).unwrap();
    // A row whose offsets were edited by hand, and a row of an article not in the corpus.
    text.push_str(
        "x1,o,../corpus/harbor-ledger-summit.txt,1,9,alliance,alliance,ctx,yes,asserted,c,\n",
    );
    text.push_str("x2,o,../corpus/gone.txt,1,9,alliance,alliance,ctx,yes,asserted,c,\n");
    let sheet = dir.path().join("edited.csv");
    std::fs::write(&sheet, text).unwrap();
    let v = json(&["validate", "--json", sheet.to_str().unwrap()]);
    assert_eq!(v["unjoined"]["count"], 2);
    assert_eq!(v["rows"], 66);
    let first = &v["unjoined"]["first"];
    assert_eq!(first[0]["line"], 66);
    assert!(first[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("no mention of `alliance` at 1–9"));
    assert_eq!(first[1]["line"], 67);
    assert!(first[1]["reason"]
        .as_str()
        .unwrap()
        .starts_with("no article `../corpus/gone.txt`"));
    let text = ok(&["validate", sheet.to_str().unwrap()]);
    assert!(text.contains("2 did not join"), "{text}");
}

/// A sheet sampled from other paths than the config's joins with `--corpus` and those paths.
#[test]
fn a_sheet_from_other_paths_joins_with_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("two.csv");
    let sheet = sheet.to_str().unwrap();
    let article = "corpus/lakeside-chronicle-harbin.txt";
    ok(&["sample", "--n", "5", "--out", sheet, article]);
    let rows = read_sheet(Path::new(sheet));
    // A file of the config's corpus is named relative to the config's folder, however the
    // command line named it.
    assert!(rows
        .iter()
        .all(|r| r["path"] == "../corpus/lakeside-chronicle-harbin.txt"));
    let v = json(&["validate", "--json", "--corpus", article, "--", sheet]);
    assert_eq!(
        (v["rows"].as_u64(), v["unjoined"]["count"].as_u64()),
        (Some(5), Some(0))
    );
}

#[test]
fn suggest_writes_deterministic_toml() {
    let a = ok(&["suggest", "alliance", "--min-count", "2"]);
    assert_eq!(a, ok(&["suggest", "alliance", "--min-count", "2"]));
    let doc: toml::Table = toml::from_str(&a).unwrap();
    let terms = doc["terms"].as_array().unwrap();
    assert!(!terms.is_empty(), "{a}");
    // Every listed candidate has its counts and a context line.
    assert!(a.contains("in the frame's sentences"));
    assert!(a.contains("[["));
    // None of the frame's own terms comes back as a candidate.
    for t in terms {
        assert!(!["alliance", "bloc", "axis", "pact"].contains(&t.as_str().unwrap()));
    }
    let out = framelens(&["suggest", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("no frame `nonsense`; use one of the frame ids: alliance"));
}

/// A coding sheet that `[validation] coded` names but that is missing stops `report` before
/// any article is read or the output folder is made: a scheduled run fails in a moment, not
/// after scoring the whole corpus.
#[test]
fn a_missing_coding_sheet_stops_report_before_the_corpus_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(repo().join("config/framing.toml"))
        .unwrap()
        .replace("../coding/sample-coded.csv", "gone.csv");
    std::fs::write(dir.path().join("framing.toml"), config).unwrap();
    let out = dir.path().join("out");
    let run = framelens(&[
        "report",
        "--config",
        dir.path().join("framing.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "corpus",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read coding sheet"), "{stderr}");
    assert!(stderr.contains("gone.csv"), "{stderr}");
    assert!(!out.exists(), "the output folder was made: {stderr}");
}
