//! "Since the last report": what a scheduled run changed against the report already in the
//! output folder.
//!
//! Re-running on unchanged inputs must give the same bytes, so when nothing but the changes
//! section differs from the previous report, the previous section is kept as it was.

use crate::model::{Changes, OutletSummary, RateMove, Report};
use serde::Deserialize;
use std::collections::BTreeSet;

/// What a run needs of the previous report: its article paths, outlet numbers and changes
/// section, and a digest of its bytes. The rest of the file (every article's counts and
/// passages) is read past, so memory does not hold a second report.
#[derive(Debug, Default, Deserialize)]
pub struct Previous {
    #[serde(default)]
    articles: Vec<PreviousArticle>,
    #[serde(default)]
    outlets: Vec<OutletSummary>,
    #[serde(default)]
    changes: Option<Changes>,
    /// SHA-256 of the previous `report.json`.
    #[serde(skip)]
    sha256: Vec<u8>,
}

#[derive(Debug, Default, Deserialize)]
struct PreviousArticle {
    path: String,
}

impl Previous {
    /// The previous report as if read back from the `report.json` it renders to.
    pub fn of(report: &Report) -> std::io::Result<Previous> {
        Ok(Previous {
            articles: report
                .articles
                .paths()
                .map(|p| {
                    p.map(|p| PreviousArticle {
                        path: p.into_owned(),
                    })
                })
                .collect::<std::io::Result<_>>()?,
            outlets: report.outlets.clone(),
            changes: report.changes.clone(),
            sha256: json_sha256(report)?,
        })
    }
}

/// SHA-256 of the report's `report.json`, rendered as it streams.
fn json_sha256(report: &Report) -> std::io::Result<Vec<u8>> {
    use sha2::{Digest, Sha256};
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.0.update(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Hashed a buffer at a time, not a token at a time.
    let mut h = std::io::BufWriter::with_capacity(1 << 16, Hashing(Sha256::new()));
    // Only reading back a spill file can fail here.
    crate::render::json::write(report, &mut h)?;
    let h = h.into_inner().map_err(|e| e.into_error())?;
    Ok(h.0.finalize().to_vec())
}

/// Fills `report.changes` from `previous` (the `report.json` found in the output folder).
/// True when the report's `report.json` is then the previous one, byte for byte (a rerun on
/// unchanged inputs), so that file need not be written again. Fails only when a spilled
/// report's rows cannot be read back.
pub fn apply(report: &mut Report, previous: Option<&Previous>) -> std::io::Result<bool> {
    let Some(prev) = previous else {
        report.changes = None;
        return Ok(false);
    };
    report.changes = prev.changes.clone();
    let found = diff(prev, report)?;
    // The same report apart from this section (a rerun on unchanged inputs): keep the
    // previous section as it was, so the bytes do not change. A report that added or removed
    // an article, or moved a rate out of its interval, cannot be the same, so only a run that
    // found none of those renders its JSON to compare (a scheduled run over new articles
    // does not).
    let nothing = found.added.is_empty() && found.removed.is_empty() && found.moved.is_empty();
    let same = nothing && json_sha256(report)? == prev.sha256;
    let changes = if same {
        prev.changes.clone()
    } else {
        Some(found)
    };
    // A run that changed no article and moved no rate (a new framelens version, say) has
    // nothing to tell; the section is left out rather than shown empty.
    report.changes =
        changes.filter(|c| !(c.added.is_empty() && c.removed.is_empty() && c.moved.is_empty()));
    Ok(same)
}

/// What changed from `old` to `new`.
pub fn diff(old: &Previous, new: &Report) -> std::io::Result<Changes> {
    let mut old_paths: BTreeSet<&str> = old.articles.iter().map(|a| a.path.as_str()).collect();
    // The new paths stream past (a spilled report's rows are read back once): what is not
    // among the old is added, and what remains of the old was removed.
    let mut added = Vec::new();
    for path in new.articles.paths() {
        let path = path?;
        if !old_paths.remove(&*path) {
            added.push(path.into_owned());
        }
    }
    let mut moved = Vec::new();
    for o in &new.outlets {
        let Some(po) = old.outlets.iter().find(|p| p.id == o.id) else {
            continue;
        };
        for (frame, s) in &o.frames {
            let Some(ps) = po.frames.get(frame) else {
                continue;
            };
            // Moved by more than its interval: the new rate lies outside the old interval.
            let outside = s.rate_per_1k < ps.rate_ci95[0] || s.rate_per_1k > ps.rate_ci95[1];
            if outside {
                moved.push(RateMove {
                    outlet: o.id.clone(),
                    frame: frame.clone(),
                    old_rate_per_1k: ps.rate_per_1k,
                    old_rate_ci95: ps.rate_ci95,
                    new_rate_per_1k: s.rate_per_1k,
                    new_rate_ci95: s.rate_ci95,
                });
            }
        }
    }
    added.sort();
    added.dedup();
    Ok(Changes {
        previous_articles: old.articles.len() as u64,
        added,
        removed: old_paths.into_iter().map(str::to_string).collect(),
        moved,
    })
}

/// Reads the previous `report.json`; a missing or unreadable one means "no previous report"
/// (an unreadable one is reported by the caller, never fatal: the new report replaces it).
///
/// Read with serde as it streams, hashed on the way: the fields [`Previous`] does not hold
/// (every article's counts and passages) are read past, so memory does not hold a second
/// report.
pub fn read_previous(path: &std::path::Path) -> Result<Option<Previous>, String> {
    use sha2::Digest;
    // Only a regular file is read: a FIFO under the name would block the run for ever.
    let file = match crate::cleanup::open_regular(path) {
        Ok(Some(f)) => f,
        Ok(None) => return Ok(None),
        Err(e) => return Err(format!("{}: {e}; ignoring it", path.display())),
    };
    let mut hashing = Hashing {
        inner: file,
        hash: sha2::Sha256::default(),
    };
    let reader = std::io::BufReader::with_capacity(1 << 16, &mut hashing);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let read = serde::Deserializer::deserialize_map(&mut de, AnObject).and_then(|p| {
        de.end()?;
        Ok(p)
    });
    match read {
        Ok(mut previous) => {
            previous.sha256 = hashing.hash.finalize().to_vec();
            Ok(Some(previous))
        }
        Err(e) if e.is_io() => Err(format!("{}: {e}; ignoring it", path.display())),
        Err(e) => Err(format!(
            "{}: not a framelens report ({e}); ignoring it",
            path.display()
        )),
    }
}

/// Reads [`Previous`] from a JSON object only (serde would also take a list of its fields'
/// values, which no report is).
struct AnObject;

impl<'de> serde::de::Visitor<'de> for AnObject {
    type Value = Previous;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a framelens report (a JSON object)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Previous, A::Error> {
        Previous::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
}

/// A reader that hashes every byte read through it.
struct Hashing<R> {
    inner: R,
    hash: sha2::Sha256,
}

impl<R: std::io::Read> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ArticleReport, Inputs, OutletFrameStats, OutletSummary, StanceCounts, SCHEMA,
    };
    use std::collections::BTreeMap;

    fn article(path: &str) -> ArticleReport {
        ArticleReport {
            path: path.into(),
            outlet: "o".into(),
            words: 100,
            ..Default::default()
        }
    }

    fn report(paths: &[&str], rate: f64, ci: [f64; 2]) -> Report {
        let mut frames = BTreeMap::new();
        frames.insert(
            "f".to_string(),
            OutletFrameStats {
                mentions: 1,
                endorsed: 1,
                rate_per_1k: rate,
                rate_ci95: ci,
                endorsed_rate_per_1k: rate,
                stance: StanceCounts::default(),
                actors: BTreeMap::new(),
                ..Default::default()
            },
        );
        Report {
            schema: SCHEMA.into(),
            title: "T".into(),
            description: None,
            frames: vec![],
            contrasts: vec![],
            actors: vec![],
            outlets: vec![OutletSummary {
                id: "o".into(),
                name: "O".into(),
                articles: paths.len() as u64,
                words: 100,
                frames,
                contrasts: BTreeMap::new(),
                ..Default::default()
            }],
            articles: paths.iter().map(|p| article(p)).collect(),
            inputs: Inputs::default(),
            changes: None,
            ..Default::default()
        }
    }

    #[test]
    fn added_removed_and_moved_rates() {
        let old = report(&["a", "b"], 2.0, [1.0, 3.0]);
        let new = report(&["b", "c"], 4.5, [3.5, 6.0]);
        let c = diff(&Previous::of(&old).unwrap(), &new).unwrap();
        assert_eq!(c.previous_articles, 2);
        assert_eq!(c.added, ["c"]);
        assert_eq!(c.removed, ["a"]);
        assert_eq!(c.moved.len(), 1);
        assert_eq!(
            (c.moved[0].old_rate_per_1k, c.moved[0].new_rate_per_1k),
            (2.0, 4.5)
        );
        // Inside the old interval: not a move.
        let c = diff(
            &Previous::of(&old).unwrap(),
            &report(&["a", "b"], 2.9, [2.0, 4.0]),
        )
        .unwrap();
        assert!(c.moved.is_empty());
    }

    #[test]
    fn rerun_on_same_inputs_keeps_the_previous_section() {
        let mut first = report(&["a", "b"], 2.0, [1.0, 3.0]);
        let previous = Previous::of(&report(&["a"], 1.0, [0.5, 2.0])).unwrap();
        apply(&mut first, Some(&previous)).unwrap();
        assert_eq!(first.changes.as_ref().unwrap().added, ["b"]);
        let mut second = report(&["a", "b"], 2.0, [1.0, 3.0]);
        apply(&mut second, Some(&Previous::of(&first).unwrap())).unwrap();
        assert_eq!(second, first);
    }

    #[test]
    fn the_previous_report_is_read_as_serde_reads_it() {
        use sha2::Digest;
        let mut sample = crate::render::tests::sample_report();
        sample.changes = Some(Changes {
            previous_articles: 1,
            added: vec!["a \"b\"".into()],
            ..Default::default()
        });
        let pretty = crate::render::json::render(&sample).unwrap();
        let compact = serde_json::to_string(&sample).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        let good = [
            pretty.clone(),
            compact.clone(),
            format!(" \n{compact}\n\n"),
            "{}".into(),
            r#"{"articles": [], "x": [[{"y": [1, 2.5e3, true, null, "\"]"]}]]}"#.into(),
            r#"{"articles": [{"path": "a", "mentions": [{"p": "]}"}]}], "changes": null}"#.into(),
        ];
        let bad = [
            pretty.replacen("\"outlets\"", "\"outlets\" ", 1) + "x",
            compact.replacen("\"path\"", "\"pathx\"", 1),
            compact.replacen(':', ",", 1),
            "{\"articles\": [], \"articles\": []}".into(),
            "{\"articles\": [{\"path\": \"a\"},]}".into(),
            "{\"x\": [1 2]}".into(),
            "{\"x\": {\"y\": tru}}".into(),
            "{\"x\": \"open".into(),
            "{\"x\": 1".into(),
            "{\"outlets\": {}}".into(),
            "[]".into(),
            String::new(),
        ];
        for (text, ok) in good
            .iter()
            .map(|t| (t, true))
            .chain(bad.iter().map(|t| (t, false)))
        {
            std::fs::write(&path, text).unwrap();
            let ours = read_previous(&path);
            let serde = serde_json::from_str::<Previous>(text);
            assert_eq!(ours.is_ok(), ok, "{text}");
            if !text.starts_with('[') {
                assert_eq!(serde.is_ok(), ok, "{text}");
            }
            if let (Ok(Some(ours)), Ok(mut serde)) = (ours, serde) {
                serde.sha256 = sha2::Sha256::digest(text.as_bytes()).to_vec();
                assert_eq!(format!("{ours:?}"), format!("{serde:?}"));
            }
        }
    }

    #[test]
    fn nothing_added_removed_or_moved_means_no_section() {
        let mut old = report(&["a"], 2.0, [1.0, 3.0]);
        old.title = "an older framelens wrote this".into();
        let mut new = report(&["a"], 2.5, [1.5, 3.5]);
        apply(&mut new, Some(&Previous::of(&old).unwrap())).unwrap();
        assert_eq!(new.changes, None);
    }
}
