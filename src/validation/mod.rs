//! Checking the instrument: samples of mentions for human coding, agreement between the tool
//! and the coders, and candidate terms for a frame.
//!
//! - [`sample`]: the coding sheet (`framelens sample`), stratified by outlet × frame and
//!   reproducible with the evidence sample key.
//! - [`sheet`]: the sheet's CSV (written, and read back as spreadsheets save it) and its
//!   HTML view.
//! - [`validate`]: the join of coded rows to the tool's mentions, and precision, recall,
//!   stance agreement and agreement between coders (`framelens validate`, and the report's
//!   Validation section).
//! - [`agreement`]: Cohen's kappa and Krippendorff's alpha.
//! - [`suggest`]: candidate terms for a frame (`framelens suggest`).
//!
//! All of them read the corpus through [`each_article`]: the articles a report counts (a
//! copy of an earlier article is left out, as the report leaves it out), each with its text,
//! its sentences and every mention, not only the report's evidence sample. The method is
//! written down in `docs/validation.md`.

pub mod agreement;
pub mod sample;
pub mod sheet;
pub mod suggest;
pub mod validate;

pub use validate::Validation;

use crate::ingest::Article;
use crate::model::{ArticleReport, MentionReport, Skipped};
use crate::score::Engine;
use std::ops::Range;
use std::path::PathBuf;

/// One article as the validation steps see it.
pub struct ScoredArticle {
    pub article: Article,
    /// Its score, with every mention.
    pub report: ArticleReport,
    /// The sentences of `article.body`, in order.
    pub sentences: Vec<Range<usize>>,
}

impl ScoredArticle {
    /// The body offset that source offset `source` came from (the first body byte at or
    /// after it).
    pub fn body_offset(&self, source: usize) -> usize {
        let body = &self.article.body;
        let (mut lo, mut hi) = (0usize, body.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.article.source_offset(mid) < source {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// A mention's range in the body.
    pub fn body_range(&self, m: &MentionReport) -> Range<usize> {
        let start = self.body_offset(m.start);
        let end = self.body_offset(m.end).max(start);
        start..end
    }

    /// The index of the sentence that holds body offset `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let k = self.sentences.partition_point(|s| s.start <= at);
        k.checked_sub(1)
    }

    /// A sentence's source offsets (as mentions give theirs).
    pub fn source_range(&self, body: &Range<usize>) -> Range<usize> {
        self.article.source_offset(body.start)..self.article.source_end(body.end)
    }

    /// The sentences that hold no mention of any frame.
    pub fn unmatched_sentences(&self) -> Vec<usize> {
        let mut has = vec![false; self.sentences.len()];
        for m in &self.report.mentions {
            let r = self.body_range(m);
            if let Some(i) = self.sentence_at(r.start) {
                has[i] = true;
            }
        }
        (0..self.sentences.len())
            .filter(|&i| {
                !has[i]
                    && self.article.body[self.sentences[i].clone()]
                        .chars()
                        .any(char::is_alphanumeric)
            })
            .collect()
    }
}

/// `text` with every run of whitespace folded to one space, trimmed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Calls `f` with every article of the corpus (`paths`, or the config's `[corpus].paths`
/// when empty) that a report would count, in path order, and returns the inputs skipped
/// (unreadable, not an article, or a copy of an earlier article), each with its reason.
pub fn each_article(
    engine: &Engine,
    paths: &[PathBuf],
    options: &crate::RunOptions,
    mut f: impl FnMut(ScoredArticle),
) -> Vec<Skipped> {
    let mut skipped = Vec::new();
    let mut twins = crate::dedup::twins::TwinIndex::default();
    let walk = crate::inputs::Walk::new(&engine.config, paths, options.format);
    let shown = walk.shown().clone();
    for found in walk {
        let input = match found.into_input(&shown) {
            Ok(i) => i,
            Err(s) => {
                skipped.push(s);
                continue;
            }
        };
        let bytes = match crate::inputs::read(&input) {
            Ok(b) => b,
            Err(reason) => {
                skipped.push(Skipped {
                    path: input.display.clone(),
                    reason,
                    ..Default::default()
                });
                continue;
            }
        };
        for outcome in
            crate::ingest::ingest_file(&input.display, &input.full, bytes, &engine.config, options)
        {
            let article = match outcome {
                Ok(a) => a,
                Err(s) => {
                    skipped.push(s);
                    continue;
                }
            };
            let (report, sketch) = engine.score_sketched(&article);
            if let Some(twin) = twins.find(&sketch) {
                skipped.push(Skipped {
                    path: article.path.clone(),
                    reason: format!("duplicate of {}", twin.of),
                    ..Default::default()
                });
                continue;
            }
            twins.insert(&article.path, sketch);
            let sentences = engine
                .stance
                .analyze(&article.body, &article.paragraphs)
                .sentences()
                .to_vec();
            f(ScoredArticle {
                article,
                report,
                sentences,
            });
        }
    }
    skipped
}
