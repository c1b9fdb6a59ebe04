//! `report.json`: the stable contract of docs/design.md, the `Report` serialized as is.
//!
//! Pretty-printed with a trailing newline; key order follows the struct fields and the
//! `BTreeMap`s, so the bytes are deterministic. Tools read it back with `serde_json`.
//!
//! A spilled report (see [`crate::spill`]) is written from pieces: each article's JSON was
//! made on a scoring thread, already indented for its place ([`article_fragment`]), and is
//! copied into the file, with its sampled mentions and twins spliced in where serde would
//! put them. The rest of the report is serialised as usual around the three long lists
//! (`articles`, the skipped inputs and the manifest's `inputs`), which are written a piece
//! at a time. The pieces give the same bytes as serialising the whole report (tested in
//! `tests/scale.rs`).

use crate::encode::article_json::ARTICLE_INDENT;
use crate::model::{ArticleReport, MentionReport, Report};
use serde::Serialize;
use std::io::Write;

/// Renders the report as pretty-printed JSON followed by a newline.
pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut out = Vec::new();
    write(report, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Writes the report as pretty-printed JSON followed by a newline, as it is serialised.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    if crate::spill::of(&report.articles).is_none() {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return out.write_all(b"\n");
    }
    write_pieces(report, out)
}

/// Where an article's empty mention list stands in its [`article_fragment`].
/// How an [`article_fragment`] ends (its twins go before this).
const ARTICLE_END: &[u8] = b"\n    }";

/// `article` as it stands in `report.json`'s `articles` (indented for that place), and
/// where the `[` of its mention list is when that list is empty (so [`write_article`] can
/// put the sampled mentions there). `article.twins` should be empty: twins are put in by
/// [`write_article`].
pub fn article_fragment(article: &ArticleReport) -> (Vec<u8>, Option<usize>) {
    let mut out = String::new();
    let mentions_at =
        crate::encode::article_json::article_pretty(article, ARTICLE_INDENT, &mut out);
    (out.into_bytes(), mentions_at)
}

/// Appends an article's [`article_fragment`] with `mentions` in its mention list (which
/// must then be empty in the fragment: `mentions_at` is its place) and `twins` as its last
/// field, as serde would write them. False, having written nothing, when the fragment has
/// no place for them.
pub fn write_article(
    out: &mut Vec<u8>,
    fragment: &[u8],
    mentions_at: Option<usize>,
    mentions: &[MentionReport],
    twins: &[String],
) -> bool {
    if !twins.is_empty() && !fragment.ends_with(ARTICLE_END) {
        return false;
    }
    // The twins go before the closing brace.
    let close = if twins.is_empty() {
        fragment.len()
    } else {
        fragment.len() - ARTICLE_END.len()
    };
    // The mentions replace the empty list `[]`.
    let (at, end) = match (mentions.is_empty(), mentions_at) {
        (true, _) => (close, close),
        (false, Some(at)) if at + 2 <= close => (at, at + 2),
        (false, _) => return false,
    };
    out.extend_from_slice(&fragment[..at]);
    if !mentions.is_empty() {
        push_items(out, mentions, 6);
    }
    out.extend_from_slice(&fragment[end..close]);
    if !twins.is_empty() {
        out.extend_from_slice(b",\n      \"twins\": ");
        push_items(out, twins, 6);
        out.extend_from_slice(ARTICLE_END);
    }
    true
}

/// Appends `items` as serde's pretty printer writes a list whose key stands `depth` spaces
/// in, from `[` to `]`.
fn push_items<T: Serialize>(out: &mut Vec<u8>, items: &[T], depth: usize) {
    out.push(b'[');
    let mut one = Vec::new();
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        out.resize(out.len() + depth + 2, b' ');
        one.clear();
        serde_json::to_writer_pretty(&mut one, item).expect("a report item serialises");
        indent_into(out, &one, depth + 2);
    }
    if !items.is_empty() {
        out.push(b'\n');
        out.resize(out.len() + depth, b' ');
    }
    out.push(b']');
}

/// Appends `json` with `spaces` more spaces after every line end.
fn indent_into(out: &mut Vec<u8>, json: &[u8], spaces: usize) {
    let mut lines = json.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.resize(out.len() + spaces, b' ');
        out.extend_from_slice(line);
    }
}

/// Where `needle` first occurs in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The report without its three long lists (the articles, the skipped inputs, the
/// manifest's inputs), cloned without them: a run of a million inputs would otherwise hold
/// each list twice while its report is written.
fn shell_of(report: &Report) -> Report {
    let Report {
        schema,
        title,
        description,
        frames,
        contrasts,
        actors,
        outlets,
        articles: _,
        inputs,
        changes,
        timeline,
        audit,
        evidence,
        manifest,
        validation,
    } = report;
    Report {
        schema: schema.clone(),
        title: title.clone(),
        description: description.clone(),
        frames: frames.clone(),
        contrasts: contrasts.clone(),
        actors: actors.clone(),
        outlets: outlets.clone(),
        articles: Default::default(),
        inputs: crate::model::Inputs {
            read: inputs.read,
            used: inputs.used,
            skipped: Default::default(),
            without_paragraphs: inputs.without_paragraphs,
            without_headline: inputs.without_headline,
        },
        changes: changes.clone(),
        timeline: timeline.clone(),
        audit: audit.clone(),
        evidence: evidence.clone(),
        manifest: crate::model::Manifest {
            framelens_version: manifest.framelens_version.clone(),
            config_path: manifest.config_path.clone(),
            config_sha256: manifest.config_sha256.clone(),
            inputs: Default::default(),
        },
        validation: validation.clone(),
    }
}

/// Writes `items`, each as serde_json writes it pretty at `depth` spaces, between the `[` and
/// `]` of an empty list, a piece at a time into `out`.
fn write_list<T: serde::Serialize>(
    items: impl Iterator<Item = std::io::Result<T>>,
    depth: usize,
    buf: &mut Vec<u8>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut first = true;
    let mut one = Vec::new();
    for item in items {
        buf.extend_from_slice(if first { b"\n" } else { b",\n" });
        buf.resize(buf.len() + depth, b' ');
        first = false;
        one.clear();
        serde_json::to_writer_pretty(&mut one, &item?)?;
        indent_into(buf, &one, depth);
        if buf.len() >= 1 << 16 {
            out.write_all(buf)?;
            buf.clear();
        }
    }
    if !first {
        buf.push(b'\n');
        buf.resize(buf.len() + depth - 2, b' ');
    }
    out.write_all(buf)?;
    buf.clear();
    Ok(())
}

/// Writes a spilled report: the report serialised without its three long lists, with the
/// lists written into their places, the articles from the spill file.
fn write_pieces(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let spill = crate::spill::of(&report.articles).expect("a spilled report");
    let text = serde_json::to_vec_pretty(&shell_of(report))?;
    let missing = || std::io::Error::other("report.json: a list's place not found");
    // Top-level keys alone stand two spaces in, the keys of `inputs` and of the manifest
    // four; each list is written between its `[` and `]`.
    let articles = find(&text, b"\n  \"articles\": []", 0).ok_or_else(missing)? + 16;
    let skipped = find(&text, b"\n    \"skipped\": []", articles).ok_or_else(missing)? + 17;
    let manifest = find(&text, b"\n  \"manifest\": {", skipped).ok_or_else(missing)?;
    let inputs = find(&text, b"\n    \"inputs\": []", manifest).ok_or_else(missing)? + 16;

    let mut buf = Vec::with_capacity(1 << 17);
    out.write_all(&text[..articles])?;
    let mut first = true;
    spill.for_each_body(&mut |row| {
        buf.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        first = false;
        if !write_article(&mut buf, row.json, row.mentions_at, row.mentions, row.twins) {
            let article = row.article()?;
            let (fragment, _) = article_fragment(&ArticleReport {
                twins: Vec::new(),
                ..article
            });
            let twins = row.twins;
            if !write_article(&mut buf, &fragment, None, &[], twins) {
                return Err(std::io::Error::other(
                    "report.json: an article row is malformed",
                ));
            }
        }
        if buf.len() >= 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
        Ok(())
    })?;
    if !first {
        buf.extend_from_slice(b"\n  ");
    }
    out.write_all(&buf)?;
    buf.clear();
    out.write_all(&text[articles..skipped])?;
    write_list(report.inputs.skipped.iter().map(Ok), 6, &mut buf, out)?;
    out.write_all(&text[skipped..inputs])?;
    write_list(report.manifest.inputs.each(), 6, &mut buf, out)?;
    out.write_all(&text[inputs..])?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_report;

    #[test]
    fn round_trips_to_an_equal_report() {
        let report = sample_report();
        let json = render(&report).unwrap();
        assert!(json.ends_with("}\n"));
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn keeps_the_contract_field_names() {
        let json = render(&sample_report()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema"], "framelens/report@1");
        let outlet = &value["outlets"][0];
        assert_eq!(outlet["frames"]["alliance"]["stance"]["negated"], 1);
        assert_eq!(
            value["outlets"][1]["contrasts"]["alliance-vs-partnership"],
            serde_json::Value::Null
        );
        assert_eq!(value["articles"][0]["mentions"][0]["stance"], "quoted");
        assert_eq!(
            value["inputs"]["skipped"][0]["reason"],
            "no text after cleaning"
        );
    }

    #[test]
    fn is_deterministic() {
        let report = sample_report();
        assert_eq!(render(&report).unwrap(), render(&report).unwrap());
    }

    /// An article as the whole report's serialisation writes it in `articles`.
    fn as_in_report(article: &ArticleReport) -> Vec<u8> {
        let report = Report {
            articles: vec![article.clone()].into(),
            ..Default::default()
        };
        let text = serde_json::to_vec_pretty(&report).unwrap();
        let start = find(&text, b"\"articles\": [\n    ", 0).unwrap() + 18;
        let end = find(&text, b"\n  ],\n  \"inputs\"", start).unwrap();
        text[start..end].to_vec()
    }

    #[test]
    fn an_article_from_its_fragment_is_what_serde_writes() {
        let report = sample_report();
        for article in report.articles.iter() {
            for twins in [vec![], vec!["a \"copy\".txt".to_string(), "b.txt".into()]] {
                let whole = ArticleReport {
                    twins: twins.clone(),
                    ..article.clone()
                };
                // The mentions taken out, then put back, as a spilled report does.
                let bare = ArticleReport {
                    mentions: vec![],
                    twins: vec![],
                    ..article.clone()
                };
                let (fragment, at) = article_fragment(&bare);
                assert!(at.is_some());
                let mut out = Vec::new();
                assert!(write_article(
                    &mut out,
                    &fragment,
                    at,
                    &article.mentions,
                    &twins
                ));
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    String::from_utf8(as_in_report(&whole)).unwrap()
                );
                // Mentions kept in the fragment: only twins are added.
                let (fragment, at) = article_fragment(&ArticleReport {
                    twins: vec![],
                    ..article.clone()
                });
                assert_eq!(at.is_none(), !article.mentions.is_empty());
                let mut out = Vec::new();
                assert!(write_article(&mut out, &fragment, at, &[], &twins));
                assert_eq!(out, as_in_report(&whole));
                if let (None, Some(m)) = (at, article.mentions.first()) {
                    let mut out = Vec::new();
                    let more = std::slice::from_ref(m);
                    assert!(!write_article(&mut out, &fragment, at, more, &twins));
                    assert!(out.is_empty());
                }
            }
        }
    }
}
