//! The lexicon audit: how each term of the config fared on a corpus.
//!
//! A lexicon is a guess about which words carry a frame; the audit shows where the guess
//! met the text. Per term: its hits, and for a stem (`interfer*`) the words it actually
//! caught, so a stem that also catches an unwanted word shows. Then the terms that never
//! fired, the terms that two frames share (every such match counts for both), and the
//! `exclude` phrases that never removed anything. It reads only the scored articles (the
//! mentions' `term` and `text`, and `exclusions_fired`), so it can run on any report.

use crate::config::Config;
use crate::model::{ArticleReport, ExclusionAudit, LexiconAudit, SharedTerm, TermAudit};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Audits the config's lexicon against scored articles. Terms and exclusions in config order.
pub fn lexicon_audit(config: &Config, articles: &[ArticleReport]) -> LexiconAudit {
    let mut tally = AuditTally::default();
    for a in articles {
        tally.add(a);
    }
    tally.finish(config)
}

/// Hits of one term.
#[derive(Debug, Default)]
struct TermTally {
    hits: u64,
    endorsed: u64,
    /// Articles with a hit.
    articles: u64,
    /// The number of the last article counted in `articles`, so each counts once.
    last_article: u64,
    /// Words caught by a stem, lower-cased.
    words: BTreeMap<String, u64>,
}

/// The audit's counts, gathered one article at a time so that a report over any number of
/// articles needs only the tallies, not the mentions.
#[derive(Debug, Default)]
pub struct AuditTally {
    /// frame id -> term as written -> tally.
    terms: HashMap<String, HashMap<String, TermTally>>,
    /// `frame/term` -> times fired.
    exclusions: HashMap<String, u64>,
    /// Articles added so far (numbered from 1 for [`TermTally`]).
    articles: u64,
}

impl AuditTally {
    /// Counts one article's mentions and exclusions.
    pub fn add(&mut self, a: &ArticleReport) {
        self.articles += 1;
        for m in &a.mentions {
            let by_term = match self.terms.get_mut(&*m.frame) {
                Some(t) => t,
                None => self.terms.entry(m.frame.to_string()).or_default(),
            };
            let t = match by_term.get_mut(&*m.term) {
                Some(t) => t,
                None => by_term.entry(m.term.to_string()).or_default(),
            };
            t.hits += 1;
            t.endorsed += u64::from(m.stance.is_endorsed());
            if t.last_article != self.articles {
                t.last_article = self.articles;
                t.articles += 1;
            }
            if m.term.ends_with('*') {
                // Most words caught are lower-case ASCII already: counted without a copy.
                let lower = m.text.is_ascii() && !m.text.bytes().any(|b| b.is_ascii_uppercase());
                let n = if lower {
                    t.words.get_mut(m.text.as_str())
                } else {
                    None
                };
                match n {
                    Some(n) => *n += 1,
                    None => *t.words.entry(m.text.to_lowercase()).or_default() += 1,
                }
            }
        }
        for (key, n) in &a.exclusions_fired {
            match self.exclusions.get_mut(key.as_str()) {
                Some(fired) => *fired += n,
                None => {
                    self.exclusions.insert(key.clone(), *n);
                }
            }
        }
    }

    /// The audit: terms and exclusions in config order.
    pub fn finish(mut self, config: &Config) -> LexiconAudit {
        let mut terms = Vec::new();
        let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut exclusions = Vec::new();
        for f in &config.frames {
            let mut mine = self.terms.remove(&f.id).unwrap_or_default();
            for t in &f.terms {
                let TermTally {
                    hits,
                    endorsed,
                    articles,
                    words,
                    ..
                } = mine.remove(&t.text).unwrap_or_default();
                terms.push(TermAudit {
                    frame: f.id.clone(),
                    term: t.text.clone(),
                    hits,
                    endorsed,
                    articles,
                    words,
                });
                let frames = owners.entry(t.text.to_lowercase()).or_default();
                if !frames.contains(&f.id) {
                    frames.push(f.id.clone());
                }
            }
            for t in &f.exclude {
                let key = format!("{}/{}", f.id, t.text);
                exclusions.push(ExclusionAudit {
                    frame: f.id.clone(),
                    term: t.text.clone(),
                    fired: self.exclusions.get(&key).copied().unwrap_or(0),
                });
            }
        }
        let shared_terms = owners
            .into_iter()
            .filter(|(_, frames)| frames.len() > 1)
            .map(|(term, frames)| SharedTerm { term, frames })
            .collect();
        LexiconAudit {
            terms,
            shared_terms,
            exclusions,
            low_precision: Vec::new(),
        }
    }
}

impl LexiconAudit {
    /// Terms that matched nothing.
    pub fn unused_terms(&self) -> impl Iterator<Item = &TermAudit> {
        self.terms.iter().filter(|t| t.hits == 0)
    }

    /// Stems that matched something, with the words they caught.
    pub fn stems(&self) -> impl Iterator<Item = &TermAudit> {
        self.terms
            .iter()
            .filter(|t| t.term.ends_with('*') && t.hits > 0)
    }

    /// `exclude` phrases that never removed a match.
    pub fn idle_exclusions(&self) -> impl Iterator<Item = &ExclusionAudit> {
        self.exclusions.iter().filter(|e| e.fired == 0)
    }
}

/// `word ×3, other ×1`, most frequent first (ties alphabetical).
pub fn words_text(words: &BTreeMap<String, u64>) -> String {
    let mut list: Vec<(&String, &u64)> = words.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    list.iter()
        .map(|(w, n)| format!("{w} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The audit as plain text for a terminal (`framelens check --corpus`).
pub fn audit_text(audit: &LexiconAudit) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "hits per term (frame: term: hits, endorsed, articles):"
    );
    for t in &audit.terms {
        let _ = writeln!(
            out,
            "  {}: {}: hits {}, endorsed {}, articles {}",
            t.frame, t.term, t.hits, t.endorsed, t.articles
        );
    }
    let _ = writeln!(out, "words matched by stems:");
    let mut any = false;
    for t in audit.stems() {
        any = true;
        let _ = writeln!(out, "  {}: {} -> {}", t.frame, t.term, words_text(&t.words));
    }
    if !any {
        let _ = writeln!(out, "  (no stem matched anything)");
    }
    let unused: Vec<String> = audit
        .unused_terms()
        .map(|t| format!("{}: {}", t.frame, t.term))
        .collect();
    let _ = writeln!(out, "terms with no hits: {}", list_or_none(&unused));
    // A lexicon in several scripts (languages) says, per script, how many of its terms never
    // hit: a language whose terms all miss is a language the corpus lacks, or a lexicon gap.
    let mut by_script: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
    for t in &audit.terms {
        let e = by_script
            .entry(crate::lang::script_of(&t.term))
            .or_default();
        e.0 += 1;
        if t.hits == 0 {
            e.1.push(&t.term);
        }
    }
    if by_script.len() > 1 {
        let parts: Vec<String> = by_script
            .iter()
            .map(|(script, (n, none))| {
                let list = none.iter().map(|s| s.to_string()).collect::<Vec<_>>();
                format!("{script}: {} of {n} ({})", none.len(), list_or_none(&list))
            })
            .collect();
        let _ = writeln!(out, "terms with no hits by script: {}", parts.join("; "));
    }
    let shared: Vec<String> = audit
        .shared_terms
        .iter()
        .map(|s| format!("{} ({})", s.term, s.frames.join(", ")))
        .collect();
    let _ = writeln!(
        out,
        "terms in more than one frame: {}",
        list_or_none(&shared)
    );
    let idle: Vec<String> = audit
        .idle_exclusions()
        .map(|e| format!("{}: {}", e.frame, e.term))
        .collect();
    let _ = writeln!(out, "exclusions that never fired: {}", list_or_none(&idle));
    if !audit.low_precision.is_empty() {
        let low: Vec<String> = audit
            .low_precision
            .iter()
            .map(|t| {
                format!(
                    "{}: {} ({} on {} coded rows)",
                    t.frame, t.term, t.precision, t.coded
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "terms with precision below 0.8 against hand coding: {}",
            low.join("; ")
        );
    }
    out
}

/// Flags the terms that hand coding found imprecise: precision below
/// [`crate::validation::validate::AUDIT_PRECISION`] on at least
/// [`crate::validation::validate::AUDIT_MIN_ROWS`] coded rows. Nothing without a validation.
pub fn flag_low_precision(audit: &mut LexiconAudit, validation: Option<&crate::model::Validation>) {
    let Some(v) = validation else { return };
    audit.low_precision = v
        .low_precision_terms
        .iter()
        .filter_map(|key| {
            let t = v.terms.get(key)?;
            let (frame, term) = key.split_once('/')?;
            Some(crate::model::LowPrecisionTerm {
                frame: frame.to_string(),
                term: term.to_string(),
                precision: t.precision?,
                coded: t.coded,
            })
        })
        .collect();
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MentionReport, Stance};
    use std::path::Path;

    const CONFIG: &str = r#"
[report]
title = "t"
[corpus]
paths = []
[[frame]]
id = "meddling"
label = "Meddling"
terms = ["interfer*", "meddling", "bloc"]
exclude = ["interference pattern", "unused exclusion"]
[[frame]]
id = "alliance"
label = "Alliance"
terms = ["alliance", "Bloc"]
"#;

    fn mention(frame: &str, term: &str, text: &str, stance: Stance) -> MentionReport {
        MentionReport {
            frame: frame.to_string().into(),
            term: term.to_string().into(),
            text: text.into(),
            stance,
            actors: Default::default(),
            start: 0,
            end: 0,
            snippet: Default::default(),
            highlight: [0, 0],
            headline: false,
            lead: false,
            attribution: None,
            speaker: None,
            in_scope: None,
        }
    }

    fn article(mentions: Vec<MentionReport>, fired: &[(&str, u64)]) -> ArticleReport {
        ArticleReport {
            path: "a.txt".into(),
            outlet: "o".into(),
            words: 100,
            mentions,
            exclusions_fired: fired.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn stems_show_their_words_and_idle_terms_show() {
        let config = Config::parse(Path::new("t.toml"), CONFIG).unwrap();
        let articles = [
            article(
                vec![
                    mention("meddling", "interfer*", "interference", Stance::Negated),
                    mention("meddling", "interfer*", "Interference", Stance::Asserted),
                    mention("meddling", "interfer*", "interfering", Stance::Quoted),
                ],
                &[("meddling/interference pattern", 2)],
            ),
            article(
                vec![mention(
                    "meddling",
                    "interfer*",
                    "interferometer",
                    Stance::Asserted,
                )],
                &[],
            ),
        ];
        let audit = lexicon_audit(&config, &articles);
        let stem = &audit.terms[0];
        assert_eq!((stem.hits, stem.endorsed, stem.articles), (4, 3, 2));
        assert_eq!(
            words_text(&stem.words),
            "interference ×2, interfering ×1, interferometer ×1"
        );
        let unused: Vec<&str> = audit.unused_terms().map(|t| t.term.as_str()).collect();
        assert_eq!(unused, ["meddling", "bloc", "alliance", "Bloc"]);
        assert_eq!(
            audit.shared_terms,
            [SharedTerm {
                term: "bloc".into(),
                frames: vec!["meddling".into(), "alliance".into()]
            }]
        );
        assert_eq!(audit.exclusions[0].fired, 2);
        let idle: Vec<&str> = audit.idle_exclusions().map(|e| e.term.as_str()).collect();
        assert_eq!(idle, ["unused exclusion"]);
        let text = audit_text(&audit);
        assert!(
            text.contains("meddling: interfer* -> interference ×2"),
            "{text}"
        );
        assert!(text.contains("exclusions that never fired: meddling: unused exclusion"));
    }

    #[test]
    fn hand_coding_flags_imprecise_terms_in_the_audit() {
        use crate::model::TermValidation;
        let mut audit = LexiconAudit::default();
        flag_low_precision(&mut audit, None);
        assert!(audit.low_precision.is_empty());
        assert!(!audit_text(&audit).contains("precision below"));
        let mut v = crate::validation::Validation::default();
        v.terms.insert(
            "meddling/interfer*".into(),
            TermValidation {
                coded: 12,
                precision: Some(0.5833),
                precision_ci95: None,
            },
        );
        v.low_precision_terms = vec!["meddling/interfer*".into()];
        flag_low_precision(&mut audit, Some(&v));
        assert_eq!(
            audit.low_precision,
            [crate::model::LowPrecisionTerm {
                frame: "meddling".into(),
                term: "interfer*".into(),
                precision: 0.5833,
                coded: 12,
            }]
        );
        assert!(audit_text(&audit).contains(
            "terms with precision below 0.8 against hand coding: meddling: interfer* (0.5833 on 12 coded rows)"
        ));
    }
}
