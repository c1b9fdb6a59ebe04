//! Chinese and Japanese: words where the text has no spaces, and stance read on those words.
//!
//! The tokenizer ([`crate::text`]) makes a run of Han characters one token, which finds no
//! term inside "伙伴而非同盟" and counts characters as words. [`Segmenter::split`] splits
//! every token that holds Han or kana into words, in two steps: first the lexicon's own
//! terms are cut out of the run, leftmost-longest, so that a term is never split and is found
//! inside any longer word (as "interference" is found in "non-interference"); then what is
//! left between them is segmented by jieba with its dictionary. Word counts follow the
//! segmented words, so that rates per 1,000 words compare with other languages.
//!
//! The stance rules of [`crate::stance`] read words as runs of letters, which in Chinese are
//! whole clauses; [`cjk_stance`] applies the same rules to the segmented words instead:
//! a negator within the negation window before the mention, in the same clause, which here
//! also ends at a comma (不, 非, 不是, 而非 …: in "伙伴而非同盟" 同盟 is negated, and in "不结盟"
//! 结盟 too, as `non-` negates in English); else a
//! distancer before the noun phrase, with 的 and quote marks allowed between ("所谓的“同盟”"),
//! or a scare quote of at most `scare_quote_max_words` words; else a longer quotation
//! (quoted); else asserted. Quotations are the ones [`crate::stance`] found: “…”, 「…」, 『…』,
//! not 《…》, which marks titles.

use crate::lang::is_cjk;
use crate::model::Stance;
use crate::stance::ArticleStance;
use crate::text::{Folded, Token};
use aho_corasick::{AhoCorasick, MatchKind};
use jieba_rs::Jieba;
use std::ops::Range;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// jieba with its built-in dictionary, loaded once per process on the first article that
/// needs it (loading takes a while; English-only runs never pay it).
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Splits CJK tokens into words; built once per run from the lexicon's terms.
#[derive(Debug, Default)]
pub struct Segmenter {
    /// The lexicon's CJK tokens, cut out of a run before jieba sees it.
    forced: Option<AhoCorasick>,
}

impl Segmenter {
    /// A segmenter that never splits any of `words` (folded tokens of the lexicon's terms;
    /// those without CJK characters are left out).
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Segmenter {
        let mut w: Vec<String> = words
            .into_iter()
            .map(|s| s.as_ref().to_string())
            .filter(|s| s.chars().any(is_cjk))
            .collect();
        w.sort();
        w.dedup();
        let forced = (!w.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&w)
                .expect("a few thousand short words build")
        });
        Segmenter { forced }
    }

    /// Splits every token of `text` that holds Han or kana into words, rewriting `toks` (with
    /// `spare` as the buffer it is built in), and returns how many words that adds to the
    /// text's UAX #29 count, which counts each Han character as a word.
    pub fn split(&self, text: &str, toks: &mut Vec<Token>, spare: &mut Vec<Token>) -> i64 {
        spare.clear();
        let mut delta = 0i64;
        for &t in toks.iter() {
            let word = &text[t.start..t.end];
            // Han and kana are three or four bytes, led by 0xE3 or above.
            if !word.bytes().any(|b| b >= 0xE3) || !word.chars().any(is_cjk) {
                spare.push(t);
                continue;
            }
            let before = spare.len();
            let mut run_start = t.start;
            let mut in_cjk = None;
            for (k, c) in word.char_indices() {
                let at = t.start + k;
                let cjk = is_cjk(c);
                if in_cjk.is_some_and(|was| was != cjk) {
                    self.piece(text, run_start..at, in_cjk == Some(true), spare);
                    run_start = at;
                }
                in_cjk = Some(cjk);
            }
            self.piece(text, run_start..t.end, in_cjk == Some(true), spare);
            delta += (spare.len() - before) as i64 - word.unicode_words().count() as i64;
        }
        std::mem::swap(toks, spare);
        delta
    }

    /// One part of a token: as it is when it is not CJK, else cut into words.
    fn piece(&self, text: &str, r: Range<usize>, cjk: bool, out: &mut Vec<Token>) {
        if !cjk {
            out.push(Token {
                start: r.start,
                end: r.end,
            });
            return;
        }
        let run = &text[r.clone()];
        let mut pos = 0;
        if let Some(ac) = &self.forced {
            for m in ac.find_iter(run) {
                cut(run, r.start, pos..m.start(), out);
                out.push(Token {
                    start: r.start + m.start(),
                    end: r.start + m.end(),
                });
                pos = m.end();
            }
        }
        cut(run, r.start, pos..run.len(), out);
    }
}

/// jieba's words of `run[gap]`, as tokens of the text `run` starts at `base` of.
fn cut(run: &str, base: usize, gap: Range<usize>, out: &mut Vec<Token>) {
    if gap.is_empty() {
        return;
    }
    let at = base + gap.start;
    for w in jieba().cut(&run[gap], true) {
        out.push(Token {
            start: at + w.byte_start,
            end: at + w.byte_end,
        });
    }
}

/// Negators and distancers in folded form, for [`cjk_stance`].
#[derive(Debug, Clone, Default)]
pub struct CjkCues {
    negators: Vec<String>,
    distancers: Vec<String>,
    /// Speech verbs ("说", "表示", "指出").
    speech: Vec<String>,
    window: usize,
    scare_max: usize,
    /// Negators that follow the noun they negate (Japanese).
    after: &'static [&'static str],
}

impl CjkCues {
    /// The cues of `rules`, with `after` the negators that follow a noun
    /// ([`crate::lang::CueSet::after_negators`]).
    pub fn new(rules: &crate::stance::StanceRules, after: &'static [&'static str]) -> CjkCues {
        let fold = |l: &[String]| -> Vec<String> {
            l.iter()
                .map(|s| crate::text::fold(s.trim()).text)
                .filter(|s| !s.is_empty())
                .collect()
        };
        CjkCues {
            negators: fold(&rules.negators),
            distancers: fold(&rules.distancers),
            speech: fold(&rules.speech_verbs),
            window: rules.negation_window.min(32),
            scare_max: rules.scare_quote_max_words,
            after,
        }
    }
}

/// The most characters read after a mention for a negation that follows it.
const AFTER_MAX_CHARS: usize = 16;

/// Is the mention negated by what follows it, in a language whose negation follows (only
/// when `after` is not empty)? Read on the text from the mention's end to its clause's end,
/// at most [`AFTER_MAX_CHARS`]: a negator of `after` right after it ("同盟ではない", "同盟じゃ
/// なく"), or a particle and then a negated predicate ("同盟を結ばない", "同盟は存在しなかった",
/// "同盟を結ぶことはありません"); not an obligation, whose form holds a negation ("同盟を強化
/// しなければならない": must strengthen).
fn negated_after(after_text: &str, after: &[&str]) -> bool {
    if after.is_empty() {
        return false;
    }
    let mut end = after_text.len();
    for (k, (i, c)) in after_text.char_indices().enumerate() {
        if k == AFTER_MAX_CHARS || clause_break(c.encode_utf8(&mut [0; 4])) {
            end = i;
            break;
        }
    }
    let clause = &after_text[..end];
    if after.iter().any(|n| clause.starts_with(n)) {
        return true;
    }
    const PARTICLES: [&str; 6] = ["を", "は", "が", "も", "とは", "には"];
    const NEGATED: [&str; 4] = ["ない", "なかった", "ません", "ず"];
    const OBLIGATION: [&str; 4] = ["なければ", "なくては", "ないと", "ざるを"];
    PARTICLES.iter().any(|p| clause.starts_with(p))
        && NEGATED.iter().any(|n| clause.contains(n))
        && !OBLIGATION.iter().any(|o| clause.contains(o))
}

/// Ends the phrase a negator reaches over: sentence and clause punctuation, and also the
/// comma (，folds to `,`) and the enumeration comma 、, which in Chinese separate clauses
/// far more often than an English comma does ("不是同盟，而是伙伴" negates only 同盟).
fn clause_break(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '。' | '.' | '!' | '?' | ';' | ':' | '\n' | '…' | '—' | '｡' | ',' | '、'
        )
    })
}

/// May stand between a distancer and its noun phrase: nothing, spaces, quote marks.
fn quote_gap(gap: &str) -> bool {
    gap.chars().all(|c| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '「' | '」' | '『' | '』' | '‘' | '’')
    })
}

/// Does one of `cues` end where token `j` ends, starting at a token's start?
fn cue_ends_at(text: &str, toks: &[Token], j: usize, cues: &[String]) -> bool {
    let end = toks[j].end;
    cues.iter().any(|c| {
        end >= c.len()
            && text.is_char_boundary(end - c.len())
            && text[end - c.len()..end] == **c
            && toks[..=j]
                .binary_search_by_key(&(end - c.len()), |t| t.start)
                .is_ok()
    })
}

/// A mention in a Chinese or Japanese article, with what the rules read around it.
pub struct CjkMention<'a> {
    pub ctx: &'a ArticleStance<'a>,
    pub folded: &'a Folded,
    /// The segmented tokens of `folded`.
    pub toks: &'a [Token],
    /// The mention's first token.
    pub first: usize,
    /// The mention's span in the body.
    pub range: Range<usize>,
}

/// The stance of a mention, by the rules in the module docs.
pub fn cjk_stance(m: &CjkMention, cues: &CjkCues) -> Stance {
    let (ctx, folded, toks, first, range) = (m.ctx, m.folded, m.toks, m.first, m.range.clone());
    let text = folded.text.as_str();
    // Negated: a negator among the words before, back to the clause's start.
    let mut j = first;
    for _ in 0..cues.window {
        if j == 0 || clause_break(&text[toks[j - 1].end..toks[j].start]) {
            break;
        }
        j -= 1;
        if cue_ends_at(text, toks, j, &cues.negators) {
            return Stance::Negated;
        }
    }
    // Negated by what follows (Japanese).
    if negated_after(&ctx.body()[range.end.min(ctx.body().len())..], cues.after) {
        return Stance::Negated;
    }
    // Distanced: a distancer before the noun phrase (at most three words, 的 among them).
    let mut j = first;
    for _ in 0..4 {
        if j == 0 || !quote_gap(&text[toks[j - 1].end..toks[j].start]) {
            break;
        }
        j -= 1;
        if cue_ends_at(text, toks, j, &cues.distancers) {
            return Stance::Distanced;
        }
    }
    let Some(q) = ctx.quotation(range) else {
        return Stance::Asserted;
    };
    // The words of the quotation, and whether it reads as an utterance (clause punctuation
    // with words after it) rather than a label.
    let lo = toks.partition_point(|t| folded.source_offset(t.start) < q.start);
    let hi = toks.partition_point(|t| folded.source_offset(t.start) < q.end);
    let words = hi - lo;
    let utterance = (lo + 1..hi).any(|k| clause_break(&text[toks[k - 1].end..toks[k].start]));
    if words <= cues.scare_max && !utterance {
        Stance::Distanced
    } else {
        Stance::Quoted
    }
}

/// Whose words a Chinese or Japanese mention stands in, read on the segmented words: the
/// attribution and the source's byte range in the body.
///
/// - In a quotation: `direct`, its speaker the source of the speech verb nearest before the
///   quotation in its sentence ("外交部发言人林晓说：“…”"), else of one after it ("“…”，他说").
/// - Else `reported` when a speech verb stands before the mention in its sentence with a
///   source before it in its clause ("双方表示，两国是伙伴"); a mention in the source, before
///   the verb, is the outlet's own words ("《同盟与伙伴》一书的作者认为").
///
/// A source is the words from its clause's start to the verb, cut before a place or time
/// adjunct that starts with 在 ("另一位官员在记者会上称" names 另一位官员).
pub fn cjk_voice(
    m: &CjkMention,
    cues: &CjkCues,
) -> (Option<crate::model::Attribution>, Option<Range<usize>>) {
    use crate::model::Attribution;
    let quotation = m.ctx.quotation(m.range.clone());
    let (lo, hi) = voice_tokens(m, quotation.is_some());
    let verbs = speech_verbs(m, &cues.speech, lo, hi);
    if let Some(q) = quotation {
        return (Some(Attribution::Direct), direct_source(m, &verbs, lo, q));
    }
    let reported = verbs
        .iter()
        .rfind(|&&(j, _)| j < m.first)
        .and_then(|&v| verb_source(m, lo, v).filter(|s| s.end <= m.range.start));
    match reported {
        Some(source) => (Some(Attribution::Reported), Some(source)),
        None => (None, None),
    }
}

/// The first token that starts at or after byte `at` of the body.
fn token_at(m: &CjkMention, at: usize) -> usize {
    m.toks
        .partition_point(|t| m.folded.source_offset(t.start) < at)
}

/// The byte range in the body of the folded text from `a` to `b`.
fn body_range(m: &CjkMention, a: usize, b: usize) -> Range<usize> {
    m.folded.source_offset(a)..m.folded.source_offset(b)
}

/// The tokens whose speech verbs may attribute the mention, as a range: in a quotation, its
/// sentence as the stance pass reads it (a quotation may hold sentence ends of its own);
/// else the words back to the sentence's end before the mention, up to the mention (a verb
/// after the mention does not report it).
fn voice_tokens(m: &CjkMention, quoted: bool) -> (usize, usize) {
    if quoted {
        let sentence = m.ctx.sentence(m.range.start);
        return (token_at(m, sentence.start), token_at(m, sentence.end));
    }
    let (text, toks) = (m.folded.text.as_str(), m.toks);
    let ends = |gap: &str| gap.contains(['.', '!', '?', '\n', '。', '｡']);
    let mut lo = m.first;
    while lo > 0 && !ends(&text[toks[lo - 1].end..toks[lo].start]) {
        lo -= 1;
    }
    (lo, m.first)
}

/// The speech verbs among tokens `lo..hi`, as (the token the verb ends in, where the verb
/// starts in the folded text).
fn speech_verbs(m: &CjkMention, speech: &[String], lo: usize, hi: usize) -> Vec<(usize, usize)> {
    (lo..hi)
        .filter_map(|j| speech_verb_at(m.folded.text.as_str(), m.toks, j, speech))
        .collect()
}

/// The speech verb that ends where token `j` ends, if any, as (`j`, where the verb starts
/// in `text`): one that starts where a token starts; else one the segmenter glued to a word
/// before it ("林晓说", "上称"), which counts when a colon, comma or quotation mark follows
/// the token.
fn speech_verb_at(
    text: &str,
    toks: &[Token],
    j: usize,
    speech: &[String],
) -> Option<(usize, usize)> {
    let end = toks[j].end;
    let tail = &text[..end];
    let last = tail.as_bytes().last();
    let ends = speech
        .iter()
        .filter(|c| c.as_bytes().last() == last && tail.ends_with(c.as_str()));
    let mut glued = None;
    for c in ends {
        let at = end - c.len();
        if at >= toks[j].start && toks[..=j].binary_search_by_key(&at, |t| t.start).is_ok() {
            return Some((j, at));
        }
        glued = Some(at);
    }
    let glued = glued?;
    let next = toks.get(j + 1).map_or(text.len(), |t| t.start);
    let introduces = text[end..next]
        .chars()
        .any(|c| matches!(c, ':' | ',' | '"' | '「' | '『' | '“'));
    (introduces && glued > toks[j].start).then_some((j, glued))
}

/// The source of the speech verb at `(j, at)`: its words back to its clause's start (not
/// before token `lo`), cut before 在; `None` when no word is left.
fn verb_source(m: &CjkMention, lo: usize, (j, at): (usize, usize)) -> Option<Range<usize>> {
    let (text, toks) = (m.folded.text.as_str(), m.toks);
    let mut s = j;
    while s > lo && !clause_break(&text[toks[s - 1].end..toks[s].start]) {
        s -= 1;
    }
    let cut = (s..=j).find(|&k| &text[toks[k].start..toks[k].end] == "在");
    let end = cut.map_or(at, |k| toks[k].start.min(at));
    (end > toks[s].start).then(|| body_range(m, toks[s].start, end))
}

/// The speaker of quotation `q`: the source of the last verb that ends before it, else the
/// words from the quotation's end to the first verb after it.
fn direct_source(
    m: &CjkMention,
    verbs: &[(usize, usize)],
    lo: usize,
    q: Range<usize>,
) -> Option<Range<usize>> {
    let toks = m.toks;
    let before = verbs
        .iter()
        .rfind(|&&(j, _)| m.folded.source_offset(toks[j].end) <= q.start)
        .and_then(|&v| verb_source(m, lo, v));
    let after = || {
        let from = token_at(m, q.end);
        verbs
            .iter()
            .find(|&&(j, _)| j >= from)
            .and_then(|&(_, at)| {
                (at > toks.get(from)?.start).then(|| body_range(m, toks[from].start, at))
            })
    };
    before.or_else(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(seg: &Segmenter, s: &str) -> (Vec<String>, i64) {
        let f = crate::text::fold(s);
        let mut toks = crate::text::tokens(&f.text);
        let d = seg.split(&f.text, &mut toks, &mut Vec::new());
        (
            toks.iter()
                .map(|t| f.text[t.start..t.end].to_string())
                .collect(),
            d,
        )
    }

    #[test]
    fn a_term_inside_an_unspaced_run_is_its_own_word() {
        let seg = Segmenter::new(["同盟", "结盟"]);
        let (w, _) = words(&seg, "中俄是伙伴而非同盟");
        assert!(w.contains(&"同盟".to_string()), "{w:?}");
        assert!(
            w.contains(&"而非".to_string()) || w.contains(&"非".to_string()),
            "{w:?}"
        );
        let (w, _) = words(&seg, "两国坚持不结盟");
        assert_eq!(
            w[w.len() - 2..],
            ["不".to_string(), "结盟".to_string()],
            "{w:?}"
        );
    }

    #[test]
    fn words_are_counted_as_words_not_characters() {
        let seg = Segmenter::new(Vec::<String>::new());
        let s = "两国外长周二会晤";
        assert_eq!(crate::text::count_words(s), 8);
        let (w, d) = words(&seg, s);
        assert_eq!(8 + d, w.len() as i64);
        assert!(w.len() < 8 && w.len() >= 3, "{w:?}");
    }

    #[test]
    fn latin_parts_of_a_mixed_token_stay_whole() {
        let seg = Segmenter::new(["峰会"]);
        let (w, d) = words(&seg, "G20峰会");
        assert_eq!(w, ["g20", "峰会"]);
        // UAX #29: "G20", "峰", "会".
        assert_eq!(d, -1);
    }

    #[test]
    fn chinese_full_stops_end_sentences_without_a_space() {
        let an = crate::stance::StanceAnalyzer::new(&crate::stance::StanceRules::default());
        let body = "两国外长周二会晤。双方同意加强合作！记者问：“会谈如何？”他说很好。";
        let a = an.analyze(body, &[]);
        let s: Vec<&str> = a.sentences().iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(
            s,
            [
                "两国外长周二会晤。",
                "双方同意加强合作！",
                // The question mark inside the quotation ends no sentence.
                "记者问：“会谈如何？”他说很好。",
            ]
        );
    }

    #[test]
    fn text_without_cjk_is_left_as_it_is() {
        let seg = Segmenter::new(["同盟"]);
        let (w, d) = words(&seg, "Не союз, а партнёрство");
        assert_eq!(w, ["не", "союз", "а", "партнёрство"]);
        assert_eq!(d, 0);
    }
}
