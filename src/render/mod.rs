//! Renderers: one module per output format, all fed from the same [`Report`].
//!
//! HTML and Markdown draw the same report from one view model ([`view::ReportView`]), so they
//! show the same numbers formatted the same way; each escapes its text its own way (askama's
//! HTML escaper, [`escape`] for Markdown). JSON and CSV serialize the model directly.
//!
//! Every renderer is deterministic: the same `Report` gives the same bytes.

pub mod changes;
pub mod charts;
pub mod csv;
pub mod escape;
pub mod findings;
pub mod html;
pub mod json;
pub mod markdown;
mod markdown_compare;
pub mod markdown_table;
pub mod validation;
pub mod view;
pub mod voices;
pub mod wording;

pub use crate::format::{Format, UnknownFormat};
use crate::model::Report;

/// At most this many articles are listed in the HTML and Markdown reports (the first by
/// path); `report.json` and `report.csv` list every one.
pub const ARTICLES_SHOWN: usize = 1000;

/// The report as the HTML and Markdown pages list it. A report in memory is itself; for a
/// spilled one (see [`crate::spill`]), a copy whose articles are the first
/// [`ARTICLES_SHOWN`] by path and those holding evidence, and whose manifest lists the
/// first [`ARTICLES_SHOWN`] inputs, read back from the spill file. Every number and
/// total comes from the full report.
pub fn displayable(report: &Report) -> std::io::Result<std::borrow::Cow<'_, Report>> {
    use std::borrow::Cow;
    if !report.articles.is_spilled() {
        return Ok(Cow::Borrowed(report));
    }
    let rows = report.articles.shown(ARTICLES_SHOWN)?;
    let inputs = report
        .manifest
        .inputs
        .each()
        .take(ARTICLES_SHOWN)
        .map(|i| i.map(Cow::into_owned))
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut shown = report.clone();
    shown.articles = rows.into();
    shown.manifest.inputs = inputs.into();
    Ok(Cow::Owned(shown))
}

/// A report being rendered, with the copy its HTML and Markdown pages list
/// ([`displayable`]): made on first use and shared by both pages, so a spilled report's
/// shown articles are read back once.
pub struct Source<'r> {
    pub report: &'r Report,
    shown: std::sync::OnceLock<Result<std::borrow::Cow<'r, Report>, (std::io::ErrorKind, String)>>,
}

impl<'r> Source<'r> {
    pub fn new(report: &'r Report) -> Self {
        Source {
            report,
            shown: std::sync::OnceLock::new(),
        }
    }

    /// [`displayable`] of the report, made once.
    pub fn shown(&self) -> std::io::Result<&Report> {
        let made = self
            .shown
            .get_or_init(|| displayable(self.report).map_err(|e| (e.kind(), e.to_string())));
        match made {
            Ok(shown) => Ok(shown),
            Err((kind, e)) => Err(std::io::Error::new(*kind, e.clone())),
        }
    }
}

/// Renders one format to a string. Deterministic: same `Report`, same bytes.
pub fn render(report: &Report, format: Format) -> anyhow::Result<String> {
    let mut out = Vec::new();
    write_part(&Source::new(report), format, format.file_name(), &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Writes one file of a format (`name` is one of [`Format::file_names`]) to `out`. JSON and
/// CSV are written as they are produced, so a report over a large corpus is never held
/// whole in memory; HTML and Markdown are rendered first (they are capped in size).
pub fn write_part(
    source: &Source,
    format: Format,
    name: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let report = source.report;
    let text = match (format, name) {
        (Format::Csv, csv::MANIFEST_FILE) => return csv::write_manifest(report, out),
        (Format::Csv, _) => return csv::write(report, out),
        (Format::Json, _) => return json::write(report, out),
        (Format::Html, html::APPENDIX_FILE) => html::appendix(report, source.shown()?),
        (Format::Html, _) => html::page(report, source.shown()?),
        (Format::Markdown, markdown::TABLES_FILE) => markdown::tables(report, source.shown()?),
        (Format::Markdown, _) => markdown::page(report, source.shown()?),
    };
    out.write_all(text.map_err(std::io::Error::other)?.as_bytes())
}

/// Every file one format writes, as (file name, contents).
pub fn render_files(
    report: &Report,
    format: Format,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let source = Source::new(report);
    format
        .file_names()
        .iter()
        .map(|&name| {
            let mut out = Vec::new();
            write_part(&source, format, name, &mut out)?;
            Ok((name, String::from_utf8(out)?))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::*;
    use std::collections::BTreeMap;

    /// The title of the hostile article in [`sample_report`].
    pub const HOSTILE_TITLE: &str = r#"<script>alert("x")</script> | # pipe"#;

    fn frame_stats(
        stance: [u64; 4],
        words: u64,
        ci: [f64; 2],
        actors: &[(&str, u64)],
    ) -> OutletFrameStats {
        let stance = StanceCounts {
            asserted: stance[0],
            quoted: stance[1],
            negated: stance[2],
            distanced: stance[3],
        };
        let per_1k = |n: u64| n as f64 * 1000.0 / words as f64;
        OutletFrameStats {
            mentions: stance.total(),
            out_of_scope: 0,
            endorsed: stance.endorsed(),
            rate_per_1k: per_1k(stance.total()),
            rate_ci95: ci,
            endorsed_rate_per_1k: per_1k(stance.endorsed()),
            endorsed_rate_ci95: ci,
            stance,
            actors: actors.iter().map(|(a, n)| (a.to_string(), *n)).collect(),
            articles_endorsing: u64::from(stance.endorsed() > 0),
            articles_endorsing_share: 0.0,
            articles_endorsing_share_ci95: [0.0, 0.0],
            mean_per_article: 0.0,
            headline_mentions: 0,
            lead_mentions: 0,
            keyness: None,
        }
    }

    fn mention(
        frame: &str,
        text: &str,
        stance: Stance,
        actors: &[&str],
        start: usize,
        snippet: &str,
    ) -> MentionReport {
        let at = snippet.find(text).expect("text in snippet");
        MentionReport {
            frame: frame.to_string().into(),
            term: text.to_lowercase().into(),
            text: text.into(),
            stance,
            actors: actors.iter().map(|a| a.to_string().into()).collect(),
            start,
            end: start + text.len(),
            snippet: snippet.into(),
            highlight: [at, at + text.len()],
            headline: false,
            lead: false,
            attribution: None,
            speaker: None,
            in_scope: None,
        }
    }

    fn counts(mentions: &[MentionReport]) -> BTreeMap<String, FrameCounts> {
        let mut frames: BTreeMap<String, FrameCounts> = BTreeMap::new();
        for m in mentions {
            let c = frames.entry(m.frame.to_string()).or_default();
            c.mentions += 1;
            c.stance.add(m.stance);
            c.endorsed = c.stance.endorsed();
        }
        frames
    }

    fn article(
        path: &str,
        outlet: &str,
        title: &str,
        date: Option<&str>,
        words: u64,
        mentions: Vec<MentionReport>,
    ) -> ArticleReport {
        ArticleReport {
            path: path.into(),
            outlet: outlet.into(),
            title: title.into(),
            date: date.map(Into::into),
            author: None,
            url: None,
            words,
            language: "en".into(),
            sections: None,
            removed: Removed::default(),
            frames: counts(&mentions),
            mentions,
            sha256: String::new(),
            exclusions_fired: BTreeMap::new(),
            warnings: Vec::new(),
            twins: Vec::new(),
        }
    }

    /// Two outlets (the second thin), three frames, one contrast, two actors, a hostile title.
    pub fn sample_report() -> Report {
        let frame = |id: &str, label: &str, terms: &[&str]| FrameInfo {
            id: id.into(),
            label: label.into(),
            description: None,
            terms: terms.iter().map(|t| t.to_string()).collect(),
        };
        let ledger_1 = vec![
            mention(
                "partnership",
                "partnership",
                Stance::Quoted,
                &[],
                410,
                "\"A partnership of equals,\" the minister said.",
            ),
            mention(
                "alliance",
                "alliance",
                Stance::Asserted,
                &["west"],
                120,
                "Washington leads the alliance.",
            ),
        ];
        let ledger_2 = vec![mention(
            "alliance",
            "alliance",
            Stance::Negated,
            &[],
            88,
            "This is not an alliance.",
        )];
        let courier = vec![
            mention(
                "alliance",
                "alliance",
                Stance::Distanced,
                &["east"],
                300,
                "Moscow rejects the **so-called** alliance | <b>bold</b>.",
            ),
            mention(
                "aggression",
                "aggressive",
                Stance::Asserted,
                &["west", "east"],
                512,
                "Both Washington and Moscow sound aggressive.",
            ),
        ];
        let mut ledger_1 = article(
            "corpus/ledger/one.txt",
            "ledger",
            "Summit opens",
            Some("2021-12-15"),
            600,
            ledger_1,
        );
        ledger_1.author = Some("A. Writer".into());
        ledger_1.removed = Removed {
            boilerplate_lines: 3,
            duplicate_paragraphs: 1,
            boilerplate_preview: Some("Leave a Reply".into()),
            ..Removed::default()
        };
        let mut hostile = article(
            "corpus/courier/x.txt",
            "courier",
            HOSTILE_TITLE,
            None,
            796,
            courier,
        );
        hostile.url = Some("https://courier.test/x".into());

        let mut ledger_frames = BTreeMap::new();
        ledger_frames.insert(
            "alliance".into(),
            frame_stats([1, 0, 1, 0], 1500, [0.16, 4.82], &[("west", 1)]),
        );
        ledger_frames.insert(
            "partnership".into(),
            frame_stats([0, 1, 0, 0], 1500, [0.02, 3.71], &[]),
        );
        ledger_frames.insert(
            "aggression".into(),
            frame_stats([0, 0, 0, 0], 1500, [0.0, 2.46], &[]),
        );
        let mut courier_frames = BTreeMap::new();
        courier_frames.insert(
            "alliance".into(),
            frame_stats([0, 0, 0, 1], 796, [0.03, 7.0], &[]),
        );
        courier_frames.insert(
            "partnership".into(),
            frame_stats([0, 0, 0, 0], 796, [0.0, 4.63], &[]),
        );
        courier_frames.insert(
            "aggression".into(),
            frame_stats([1, 0, 0, 0], 796, [0.03, 7.0], &[("west", 1), ("east", 1)]),
        );

        Report {
            schema: SCHEMA.into(),
            title: "Summit coverage".into(),
            description: Some("Five outlets, *one* summit. <img src=x onerror=alert(1)>".into()),
            frames: vec![
                frame("alliance", "Alliance / bloc", &["alliance", "pact*"]),
                frame("partnership", "Partnership", &["partnership"]),
                frame("aggression", "Aggressive rhetoric", &["aggressive"]),
            ],
            contrasts: vec![ContrastInfo {
                id: "alliance-vs-partnership".into(),
                left: "alliance".into(),
                right: "partnership".into(),
            }],
            actors: vec![
                ActorInfo {
                    id: "west".into(),
                    label: "US / West".into(),
                },
                ActorInfo {
                    id: "east".into(),
                    label: "Russia".into(),
                },
            ],
            outlets: vec![
                OutletSummary {
                    id: "ledger".into(),
                    name: "Daily Ledger".into(),
                    articles: 3,
                    words: 1500,
                    languages: [("en".to_string(), 3)].into(),
                    frames: ledger_frames,
                    contrasts: [("alliance-vs-partnership".to_string(), Some(0.0))].into(),
                    contrasts_ci95: [("alliance-vs-partnership".to_string(), Some([-0.89, 0.89]))]
                        .into(),
                    thin_evidence: false,
                    voices: Default::default(),
                },
                OutletSummary {
                    id: "courier".into(),
                    name: "The Courier".into(),
                    articles: 1,
                    words: 796,
                    languages: [("en".to_string(), 1)].into(),
                    frames: courier_frames,
                    contrasts: [("alliance-vs-partnership".to_string(), None)].into(),
                    contrasts_ci95: [("alliance-vs-partnership".to_string(), None)].into(),
                    thin_evidence: true,
                    voices: Default::default(),
                },
            ],
            articles: vec![
                ledger_1,
                article(
                    "corpus/ledger/two.txt",
                    "ledger",
                    "Talks go on",
                    Some("2021-12-16"),
                    500,
                    ledger_2,
                ),
                article(
                    "corpus/ledger/three.txt",
                    "ledger",
                    "Weather",
                    Some("2021-12-17"),
                    400,
                    vec![],
                ),
                hostile,
            ]
            .into(),
            inputs: Inputs {
                read: 5,
                used: 4,
                skipped: vec![Skipped {
                    path: "corpus/empty.txt".into(),
                    reason: "no text after cleaning".into(),
                    sha256: String::new(),
                    duplicate_of: None,
                }]
                .into(),
                ..Inputs::default()
            },
            changes: None,
            timeline: Timeline::default(),
            audit: LexiconAudit::default(),
            evidence: EvidenceSample::default(),
            manifest: Manifest::default(),
            validation: None,
        }
    }

    /// [`sample_report`] with every piece of text a report prints replaced by markup.
    pub fn hostile_everything() -> Report {
        const EVIL: &str = "<x>|*_`[a](b)\n# h & ~";
        let mut report = sample_report();
        report.title = EVIL.into();
        report.description = None;
        for frame in &mut report.frames {
            frame.label = format!("{EVIL} {}", frame.label);
            frame.terms.push(EVIL.into());
        }
        report.actors.iter_mut().for_each(|a| a.label = EVIL.into());
        report.outlets.iter_mut().for_each(|o| o.name = EVIL.into());
        for article in report.articles.in_memory_mut().iter_mut() {
            article.title = EVIL.into();
            article.author = Some(EVIL.into());
            article.path = EVIL.into();
            article.date = Some(EVIL.into());
            article.removed.boilerplate_lines = 1;
            article.removed.boilerplate_preview = Some(EVIL.into());
            article
                .mentions
                .iter_mut()
                .for_each(|m| m.term = EVIL.into());
        }
        report.inputs.skipped.push(Skipped {
            path: EVIL.into(),
            reason: EVIL.into(),
            sha256: String::new(),
            duplicate_of: None,
        });
        report
    }

    #[test]
    fn formats_parse_and_name_their_files() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        assert!("pdf"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .contains("html, md, json, csv"));
        let files: Vec<_> = Format::ALL.iter().map(Format::file_name).collect();
        assert_eq!(
            files,
            ["report.html", "report.md", "report.json", "report.csv"]
        );
    }
}
