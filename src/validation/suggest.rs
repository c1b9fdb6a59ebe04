//! `framelens suggest FRAME`: candidate terms for a frame, as a TOML snippet to review.
//!
//! Three kinds of candidates, each with a context line (as a TOML comment):
//!
//! - **Over-represented** words and two-word phrases: counted in the sentences that hold the
//!   frame's mentions against all other sentences of the corpus, kept when they occur at least
//!   `min_count` times in the frame's sentences and more often there than elsewhere, ranked by
//!   log-likelihood G2 (Rayson and Garside). Words the frame's terms already matched, and
//!   common function words, are left out; a phrase may not start or end with a function word.
//! - **Inflections the terms miss**: words of the corpus that a single-word term of the frame
//!   (not a stem) becomes with a common English ending (`-s`, `-es`, `-ed`, `-ing`, ...) and
//!   that no term of the frame matched.
//! - **One outlet only**: the over-represented candidates that a single outlet uses in the
//!   frame's sentences; a term only one outlet writes measures that outlet's vocabulary as
//!   much as the frame.
//!
//! The output depends only on the corpus and the config (sorted counts, ties broken by the
//! text), and nothing is downloaded.

use super::{each_article, one_line};
use crate::score::Engine;
use crate::stats::log_likelihood_g2;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use unicode_segmentation::UnicodeSegmentation;

/// Common English function words: never a candidate on their own, nor at a phrase's edge.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "even", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "like", "many", "may", "me",
    "might", "more", "most", "mr", "ms", "much", "must", "my", "new", "no", "nor", "not", "now",
    "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own",
    "s", "said", "same", "says", "she", "should", "since", "so", "some", "such", "t", "than",
    "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "two", "under", "until", "up", "upon", "us", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "yet", "you", "your",
];

/// Endings an inflection may add to a term (or to the term less a final `e` or `y`).
const ENDINGS: &[&str] = &[
    "s", "es", "ed", "d", "ing", "er", "ers", "ies", "ied", "ion", "ions", "ment", "ments",
];

/// How `suggest` chooses its candidates.
#[derive(Debug, Clone, Copy)]
pub struct SuggestOptions {
    /// Occurrences in the frame's sentences a candidate needs.
    pub min_count: u64,
    /// Candidates listed in each of the over-represented and one-outlet parts.
    pub top: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            min_count: 3,
            top: 25,
        }
    }
}

/// Counts of one word or phrase.
#[derive(Debug, Default, Clone)]
struct Tally {
    /// In the frame's sentences.
    inside: u64,
    /// In the other sentences.
    outside: u64,
    /// In the frame's sentences, per outlet.
    outlets: BTreeSet<String>,
    /// The first frame sentence that holds it (path, sentence with the candidate marked).
    example: Option<(String, String)>,
}

/// One candidate for the snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub text: String,
    pub g2: f64,
    pub inside: u64,
    pub outside: u64,
    pub outlets: Vec<String>,
    /// `path: sentence` with the candidate marked.
    pub example: String,
    /// The other frame that lists it as a term already, if one does.
    pub other_frame: Option<String>,
}

/// What `suggest` found.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    pub frame: String,
    pub label: String,
    /// Sentences (and their words) that hold the frame's mentions, and the others.
    pub inside_sentences: u64,
    pub inside_words: u64,
    pub outside_sentences: u64,
    pub outside_words: u64,
    pub over_represented: Vec<Candidate>,
    /// (word, the term it inflects, its count in the corpus, an example).
    pub inflections: Vec<(String, String, u64, String)>,
    pub one_outlet: Vec<Candidate>,
}

/// Lower-cased words of `text` with their byte ranges.
fn words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    text.unicode_word_indices()
        .map(|(at, w)| (at..at + w.len(), w.to_lowercase()))
        .collect()
}

fn is_stop(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok() || w.chars().all(|c| c.is_numeric())
}

/// `text` on one line, keeping one space at an edge that had white space.
fn fold_keeping_edges(text: &str) -> String {
    let mut out = one_line(text);
    if text.starts_with(char::is_whitespace) {
        out.insert(0, ' ');
    }
    if text.ends_with(char::is_whitespace) && !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// `sentence` on one line with `range` marked, cut to about 70 characters on each side.
fn example(sentence: &str, range: std::ops::Range<usize>) -> String {
    let before: Vec<char> = fold_keeping_edges(&sentence[..range.start])
        .trim_start()
        .chars()
        .collect();
    let after: Vec<char> = fold_keeping_edges(&sentence[range.end..])
        .trim_end()
        .chars()
        .collect();
    let front: String = if before.len() > 70 {
        format!(
            "…{}",
            before[before.len() - 70..].iter().collect::<String>()
        )
    } else {
        before.into_iter().collect()
    };
    let back: String = if after.len() > 70 {
        format!("{}…", after[..70].iter().collect::<String>())
    } else {
        after.into_iter().collect()
    };
    format!("{front}[[{}]]{back}", one_line(&sentence[range]))
}

/// Finds candidate terms for frame `frame_id` in the corpus.
pub fn suggest(
    engine: &Engine,
    paths: &[PathBuf],
    options: &crate::RunOptions,
    frame_id: &str,
    opts: SuggestOptions,
) -> anyhow::Result<Suggestions> {
    let frame = configured_frame(engine, frame_id)?;
    let terms: BTreeSet<String> = frame.terms.iter().map(|t| t.text.to_lowercase()).collect();
    let elsewhere = other_frames_terms(engine, frame_id);
    let mut corpus = FrameCorpus::default();
    each_article(engine, paths, options, |a| corpus.add_article(&a, frame_id));
    let mut out = Suggestions {
        frame: frame.id.clone(),
        label: frame.label.clone(),
        inside_sentences: corpus.inside_sentences,
        inside_words: corpus.inside_words,
        outside_sentences: corpus.outside_sentences,
        outside_words: corpus.outside_words,
        inflections: corpus.inflections(frame, &terms),
        ..Default::default()
    };
    let ranked = corpus.ranked(&terms, &elsewhere, opts.min_count);
    out.one_outlet = ranked
        .iter()
        .filter(|c| c.outlets.len() == 1)
        .take(opts.top)
        .cloned()
        .collect();
    out.over_represented = ranked.into_iter().take(opts.top).collect();
    Ok(out)
}

/// The config's frame `frame_id`; an error naming the frame ids when there is none.
fn configured_frame<'a>(
    engine: &'a Engine,
    frame_id: &str,
) -> anyhow::Result<&'a crate::config::Frame> {
    let Some(frame) = engine.config.frames.iter().find(|f| f.id == frame_id) else {
        let ids: Vec<&str> = engine.config.frames.iter().map(|f| f.id.as_str()).collect();
        anyhow::bail!(
            "{}: no frame `{frame_id}`; use one of the frame ids: {}",
            engine.config.path.display(),
            ids.join(", ")
        );
    };
    Ok(frame)
}

/// The terms of the frames other than `frame_id`, lower-cased, each with the first frame
/// that lists it: a candidate among them would count for two frames.
fn other_frames_terms(engine: &Engine, frame_id: &str) -> BTreeMap<String, String> {
    let mut elsewhere: BTreeMap<String, String> = BTreeMap::new();
    for f in engine.config.frames.iter().filter(|f| f.id != frame_id) {
        for t in &f.terms {
            elsewhere
                .entry(t.text.to_lowercase())
                .or_insert_with(|| f.id.clone());
        }
    }
    elsewhere
}

/// The corpus as `suggest` counts it for one frame: sentences and words inside the frame
/// (sentences that hold one of its mentions) and outside, and the candidates in each.
#[derive(Default)]
struct FrameCorpus {
    inside_sentences: u64,
    inside_words: u64,
    outside_sentences: u64,
    outside_words: u64,
    /// Every candidate word and two-word phrase, with its counts.
    tallies: BTreeMap<String, Tally>,
    /// Every word of the corpus with its count and first sentence, for inflections.
    vocabulary: BTreeMap<String, (u64, String)>,
    /// Words inside the frame's mentions: what its terms already match.
    matched: BTreeSet<String>,
}

impl FrameCorpus {
    /// Counts article `a`: the words of frame `frame_id`'s mentions as matched, then each
    /// sentence, inside the frame when it holds one of those mentions.
    fn add_article(&mut self, a: &super::ScoredArticle, frame_id: &str) {
        let body = &a.article.body;
        let mut inside = vec![false; a.sentences.len()];
        let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
        for m in a.report.mentions.iter().filter(|m| m.frame == frame_id) {
            let r = a.body_range(m);
            if let Some(i) = a.sentence_at(r.start) {
                inside[i] = true;
            }
            for (_, w) in words(&body[r.clone()]) {
                self.matched.insert(w);
            }
            spans.push(r);
        }
        for (s, &inside) in a.sentences.iter().zip(&inside) {
            self.add_sentence(a, s, inside, &spans);
        }
    }

    /// Counts the sentence at body range `s` of `a`: the sentence and its words, each word
    /// in the vocabulary, and each candidate (none within the frame's mention `spans`),
    /// inside the frame or outside.
    fn add_sentence(
        &mut self,
        a: &super::ScoredArticle,
        s: &std::ops::Range<usize>,
        inside: bool,
        spans: &[std::ops::Range<usize>],
    ) {
        let text = &a.article.body[s.clone()];
        let ws = words(text);
        if inside {
            self.inside_sentences += 1;
            self.inside_words += ws.len() as u64;
        } else {
            self.outside_sentences += 1;
            self.outside_words += ws.len() as u64;
        }
        for (r, w) in &ws {
            let v = self.vocabulary.entry(w.clone()).or_default();
            v.0 += 1;
            if v.1.is_empty() {
                v.1 = format!("{}: {}", a.report.path, example(text, r.clone()));
            }
        }
        for (r, g) in candidates(text, s.start, &ws, spans) {
            let t = self.tallies.entry(g).or_default();
            if inside {
                t.inside += 1;
                t.outlets.insert(a.report.outlet.clone());
                if t.example.is_none() {
                    t.example = Some((a.report.path.clone(), example(text, r)));
                }
            } else {
                t.outside += 1;
            }
        }
    }

    /// The over-represented candidates, highest G2 first (ties by text): those seen at least
    /// `min_count` times inside the frame, more often there than outside, that are not a term
    /// of the frame (`terms`) and that no term matched. `elsewhere` names the other frame
    /// that lists a candidate as a term.
    fn ranked(
        self,
        terms: &BTreeSet<String>,
        elsewhere: &BTreeMap<String, String>,
        min_count: u64,
    ) -> Vec<Candidate> {
        let (c, d) = (self.inside_words, self.outside_words);
        let matched = self.matched;
        let mut ranked: Vec<Candidate> = self
            .tallies
            .into_iter()
            .filter(|(text, t)| {
                t.inside >= min_count && !terms.contains(text) && !matched.contains(text)
            })
            .filter_map(|(text, t)| {
                let g2 = log_likelihood_g2(t.inside, t.outside, c, d);
                // Positive G2 only: more frequent near the frame than elsewhere (or nothing else).
                (g2 > 0.0 || (d == 0 && t.inside > 0)).then(|| Candidate {
                    example: t
                        .example
                        .map(|(p, e)| format!("{p}: {e}"))
                        .unwrap_or_default(),
                    other_frame: elsewhere.get(&text).cloned(),
                    text,
                    g2: (g2 * 100.0).round() / 100.0,
                    inside: t.inside,
                    outside: t.outside,
                    outlets: t.outlets.into_iter().collect(),
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.g2.total_cmp(&a.g2).then_with(|| a.text.cmp(&b.text)));
        ranked
    }

    /// The words of the vocabulary that a single-word term of `frame` (not a stem) becomes
    /// with a common ending, and that no term (`terms`, the frame's lower-cased) matched:
    /// (word, term, count, example), sorted.
    fn inflections(
        &self,
        frame: &crate::config::Frame,
        terms: &BTreeSet<String>,
    ) -> Vec<(String, String, u64, String)> {
        let mut found: Vec<(String, String, u64, String)> = Vec::new();
        for term in frame.terms.iter().map(|t| t.text.to_lowercase()) {
            if term.ends_with('*') || term.contains(' ') {
                continue;
            }
            let bases: Vec<&str> = [
                term.as_str(),
                term.strip_suffix('e').unwrap_or(""),
                term.strip_suffix('y').unwrap_or(""),
            ]
            .into_iter()
            .filter(|b| b.chars().count() >= 3)
            .collect();
            for (word, (count, ex)) in &self.vocabulary {
                if word == &term || terms.contains(word) || self.matched.contains(word) {
                    continue;
                }
                let inflects = bases.iter().any(|b| {
                    word.strip_prefix(b)
                        .is_some_and(|rest| ENDINGS.contains(&rest))
                });
                if inflects && !found.iter().any(|i| &i.0 == word) {
                    found.push((word.clone(), term.clone(), *count, ex.clone()));
                }
            }
        }
        found.sort();
        found
    }
}

/// The candidates of a sentence (`text`, at body offset `start`, with its words `ws`), each
/// with its range in `text`: the words outside the frame's mention `spans` that are not
/// function words, and each two such neighbouring words with only a phrase gap between them.
fn candidates(
    text: &str,
    start: usize,
    ws: &[(std::ops::Range<usize>, String)],
    spans: &[std::ops::Range<usize>],
) -> Vec<(std::ops::Range<usize>, String)> {
    let within = |r: &std::ops::Range<usize>| {
        spans
            .iter()
            .any(|m| start + r.start < m.end && m.start < start + r.end)
    };
    let mut grams: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (k, (r, w)) in ws.iter().enumerate() {
        if within(r) {
            continue;
        }
        if !is_stop(w) {
            grams.push((r.clone(), w.clone()));
        }
        if let Some((r2, w2)) = ws.get(k + 1) {
            let gap = &text[r.end..r2.start];
            if !within(r2) && !is_stop(w) && !is_stop(w2) && crate::text::is_phrase_gap(gap) {
                grams.push((r.start..r2.end, format!("{w} {w2}")));
            }
        }
    }
    grams
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A comment line: no line break can end the comment early.
fn comment(text: &str) -> String {
    format!(
        "# {}",
        one_line(&text.replace(['\r', '\n', '\u{2028}', '\u{2029}'], " "))
    )
}

/// The suggestions as a TOML snippet: a `terms` list whose every entry is commented with its
/// counts and a context line, for the frame's `terms` in the config.
pub fn to_toml(s: &Suggestions, opts: SuggestOptions) -> String {
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(comment(&format!(
        "framelens suggest {}: candidate terms for the frame \"{}\" ({})",
        s.frame, s.frame, s.label
    )));
    line(comment(&format!(
        "Sentences that hold its mentions: {} ({} words); other sentences: {} ({} words).",
        s.inside_sentences, s.inside_words, s.outside_sentences, s.outside_words
    )));
    line(
        "# Each entry is a candidate to read, not a finding: copy the ones that are the frame"
            .into(),
    );
    line(
        "# into its `terms` in the config, then check precision with `framelens validate`.".into(),
    );
    line("terms = [".into());
    line(comment(&format!(
        "Over-represented in the frame's sentences (ranked by G2; minimum count there: {}):",
        opts.min_count
    )));
    if s.over_represented.is_empty() {
        line("# (none)".into());
    }
    for c in &s.over_represented {
        let other = c
            .other_frame
            .as_ref()
            .map(|f| format!("; already a term of frame {}", one_line(f)))
            .unwrap_or_default();
        line(format!(
            "  {}, # G2 {:.2}: {} in the frame's sentences, {} elsewhere; {}{other}",
            toml_string(&c.text),
            c.g2,
            c.inside,
            c.outside,
            one_line(&c.outlets.join(", "))
        ));
        line(format!("  {}", comment(&c.example)));
    }
    line(comment(
        "Inflections of the frame's terms that no term matches:",
    ));
    if s.inflections.is_empty() {
        line("# (none)".into());
    }
    for (word, term, count, ex) in &s.inflections {
        line(format!(
            "  {}, # inflects \"{}\"; {} in the corpus",
            toml_string(word),
            one_line(term),
            count
        ));
        line(format!("  {}", comment(ex)));
    }
    line(comment(
        "Candidates that one outlet alone uses in the frame's sentences:",
    ));
    if s.one_outlet.is_empty() {
        line("# (none)".into());
    }
    for c in &s.one_outlet {
        line(format!(
            "  # {} (G2 {:.2}; only {})",
            toml_string(&c.text),
            c.g2,
            one_line(&c.outlets.join(", "))
        ));
    }
    line("]".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_the_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn comments_cannot_break_out_of_the_comment() {
        assert_eq!(comment("a\nterms = [\"x\"]\r\nb"), "# a terms = [\"x\"] b");
        for s in ["say \"hi\"\\", "l'avenir", "a'b\"c"] {
            let doc: toml::Table = toml::from_str(&format!("x = {}", toml_string(s))).unwrap();
            assert_eq!(doc["x"].as_str(), Some(s));
        }
    }

    #[test]
    fn example_marks_the_candidate_and_cuts_long_sides() {
        let s = format!("{} camp {}", "word ".repeat(30), "after ".repeat(30));
        let e = example(&s, 151..155);
        assert!(e.contains("[[camp]]"), "{e}");
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains(" [[camp]] "), "{e}");
        // No space is made up next to the mark.
        assert_eq!(
            example("a so-called\n bloc,", 5..11),
            "a so-[[called]] bloc,"
        );
        assert_eq!(example("(bloc)", 1..5), "([[bloc]])");
    }
}
