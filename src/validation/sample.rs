//! `framelens sample`: a coding sheet of mentions for human coders.
//!
//! Mentions are stratified by outlet × frame. Each cell with a mention gets one row (when
//! `n` allows), and the rest of `n` goes to the cells in proportion to their mentions, one
//! row at a time to the cell furthest below its proportional share; so the sheet is close to
//! self-weighting (a frame's precision is the plain proportion of its rows) while no outlet ×
//! frame goes unchecked. Within a cell the rows are the mentions with the smallest evidence
//! sample key ([`crate::aggregate::sample_key`] of path, offsets and frame): the same sheet
//! for the same corpus, whatever the order of the files, and the mentions that the report's
//! evidence shows first.
//!
//! `unmatched` adds sentences with no mention of any frame, the ones with the smallest key
//! of (path, offsets, no frame) over the whole corpus: a uniform sample, from which coders'
//! frames estimate recall. The sheet is blind: it never shows the tool's stance. Rows are
//! listed in key order, so outlets and frames come mixed.

use super::sheet::SheetRow;
use super::{each_article, one_line, ScoredArticle};
use crate::aggregate::sample_key;
use crate::model::Skipped;
use crate::score::Engine;
use std::collections::{BTreeMap, BinaryHeap};
use std::path::PathBuf;

/// A drawn sheet and what it was drawn from.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub rows: Vec<SheetRow>,
    /// Per (outlet, frame): the mentions in the corpus and the rows taken.
    pub strata: BTreeMap<(String, String), (u64, u64)>,
    /// Sentences with no mention in the corpus, and the rows taken from them.
    pub unmatched: (u64, u64),
    pub skipped: Vec<Skipped>,
}

/// A candidate row, ordered by its sample key (ties by place).
#[derive(Debug, Clone)]
struct Keyed {
    key: u64,
    path: String,
    start: usize,
    end: usize,
    frame: String,
    row: SheetRow,
}

impl Keyed {
    fn rank(&self) -> (u64, &str, usize, usize, &str) {
        (self.key, &self.path, self.start, self.end, &self.frame)
    }
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.rank() == other.rank()
    }
}

impl Eq for Keyed {}

impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// Keeps the `cap` smallest keys offered.
fn offer(heap: &mut BinaryHeap<Keyed>, cap: usize, k: Keyed) {
    if cap == 0 {
        return;
    }
    if heap.len() < cap {
        heap.push(k);
    } else if heap.peek().is_some_and(|top| k < *top) {
        heap.pop();
        heap.push(k);
    }
}

/// Rows per cell: one for each cell while `n` lasts (the largest cells first), then the rest
/// one at a time to the cell furthest below its share `n * size / total`, never more than
/// its size. Ties go to the earlier cell.
pub fn allocate(sizes: &[u64], n: u64) -> Vec<u64> {
    let total: u64 = sizes.iter().sum();
    let mut take = vec![0u64; sizes.len()];
    if n >= total {
        return sizes.to_vec();
    }
    let mut order: Vec<usize> = (0..sizes.len()).filter(|&i| sizes[i] > 0).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let mut left = n;
    for &i in &order {
        if left == 0 {
            break;
        }
        take[i] = 1;
        left -= 1;
    }
    while left > 0 {
        let best = (0..sizes.len())
            .filter(|&i| take[i] < sizes[i])
            .max_by(|&a, &b| {
                let gap = |i: usize| n as f64 * sizes[i] as f64 / total as f64 - take[i] as f64;
                gap(a).total_cmp(&gap(b)).then(b.cmp(&a))
            });
        let Some(i) = best else { break };
        take[i] += 1;
        left -= 1;
    }
    take
}

/// The context of a row: the sentence before (if any) and the sentence, with `mark` (a
/// body range inside the sentence) between `[[` and `]]`, whitespace folded.
fn context(a: &ScoredArticle, sentence: usize, mark: std::ops::Range<usize>) -> String {
    let body = &a.article.body;
    let s = a.sentences[sentence].clone();
    let (ms, me) = (
        mark.start.clamp(s.start, s.end),
        mark.end.clamp(s.start, s.end),
    );
    let mut text = String::new();
    if let Some(prev) = sentence.checked_sub(1).map(|p| a.sentences[p].clone()) {
        text.push_str(&one_line(&body[prev]));
        text.push(' ');
    }
    let keep = |r: std::ops::Range<usize>| -> String {
        // Keep one space where the original had any at the edge, then fold.
        let t = &body[r];
        let mut out = one_line(t);
        if !out.is_empty() {
            if t.starts_with(char::is_whitespace) {
                out.insert(0, ' ');
            }
            if t.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        }
        out
    };
    text.push_str(keep(s.start..ms).trim_start());
    text.push_str("[[");
    text.push_str(&one_line(&body[ms..me]));
    text.push_str("]]");
    text.push_str(keep(me..s.end).trim_end());
    text
}

/// Draws a coding sheet of `n` mentions and `unmatched` sentences with no mention from the
/// corpus (`paths`, or the config's).
pub fn sample(
    engine: &Engine,
    paths: &[PathBuf],
    options: &crate::RunOptions,
    n: usize,
    unmatched: usize,
) -> Sample {
    let mut draw = Draw::new(&engine.config.frames, n, unmatched);
    let skipped = each_article(engine, paths, options, |a| {
        draw.offer_mentions(&a);
        draw.offer_unmatched(&a);
    });
    draw.sheet(skipped)
}

/// The candidates of a draw as the articles are read: the mentions with the smallest keys
/// per outlet × frame cell, and the unmatched sentences with the smallest keys overall.
struct Draw<'a> {
    /// The config's frames: a cell's frame is ordered by its place among them.
    frames: &'a [crate::config::Frame],
    /// Mentions wanted.
    n: usize,
    /// Sentences with no mention wanted.
    unmatched: usize,
    /// Per cell (outlet id, frame rank and id): its mentions, and the candidates kept.
    cells: BTreeMap<(String, String), (u64, BinaryHeap<Keyed>)>,
    /// The sentences with no mention kept.
    blank: BinaryHeap<Keyed>,
    /// Sentences with no mention seen.
    blank_total: u64,
}

impl<'a> Draw<'a> {
    /// An empty draw of `n` mentions and `unmatched` sentences.
    fn new(frames: &'a [crate::config::Frame], n: usize, unmatched: usize) -> Draw<'a> {
        Draw {
            frames,
            n,
            unmatched,
            cells: BTreeMap::new(),
            blank: BinaryHeap::new(),
            blank_total: 0,
        }
    }

    /// The place of frame `id` in the config (`usize::MAX` when it has none).
    fn frame_rank(&self, id: &str) -> usize {
        self.frames
            .iter()
            .position(|f| f.id == id)
            .unwrap_or(usize::MAX)
    }

    /// Counts each mention of `a` in its cell and offers it as a row there.
    fn offer_mentions(&mut self, a: &ScoredArticle) {
        let path = &a.report.path;
        for m in &a.report.mentions {
            let range = a.body_range(m);
            let Some(sentence) = a.sentence_at(range.start) else {
                continue;
            };
            let key = sample_key(path, m.start, m.end, &m.frame);
            let cell_key = (
                a.report.outlet.clone(),
                format!("{:05}\u{0}{}", self.frame_rank(&m.frame), m.frame),
            );
            let cell = self.cells.entry(cell_key).or_default();
            cell.0 += 1;
            let row = SheetRow {
                outlet: a.report.outlet.clone(),
                path: path.clone(),
                start: m.start,
                end: m.end,
                frame: m.frame.to_string(),
                term: m.term.to_string(),
                context: context(a, sentence, range),
                ..Default::default()
            };
            offer(
                &mut cell.1,
                self.n,
                Keyed {
                    key,
                    path: path.clone(),
                    start: m.start,
                    end: m.end,
                    frame: m.frame.to_string(),
                    row,
                },
            );
        }
    }

    /// Counts each sentence of `a` with no mention and offers it as a row.
    fn offer_unmatched(&mut self, a: &ScoredArticle) {
        let path = &a.report.path;
        for i in a.unmatched_sentences() {
            self.blank_total += 1;
            let s = a.sentences[i].clone();
            let src = a.source_range(&s);
            let key = sample_key(path, src.start, src.end, "");
            let row = SheetRow {
                outlet: a.report.outlet.clone(),
                path: path.clone(),
                start: src.start,
                end: src.end,
                context: context(a, i, s),
                ..Default::default()
            };
            offer(
                &mut self.blank,
                self.unmatched,
                Keyed {
                    key,
                    path: path.clone(),
                    start: src.start,
                    end: src.end,
                    frame: String::new(),
                    row,
                },
            );
        }
    }

    /// The sheet: each cell's allocated rows with the smallest keys, and the sentences kept,
    /// all in key order and numbered.
    fn sheet(self, skipped: Vec<Skipped>) -> Sample {
        let sizes: Vec<u64> = self.cells.values().map(|c| c.0).collect();
        let takes = allocate(&sizes, self.n as u64);
        let mut chosen: Vec<Keyed> = Vec::new();
        let mut strata = BTreeMap::new();
        for (((outlet, frame), (size, heap)), take) in self.cells.into_iter().zip(takes) {
            let frame = frame.split('\u{0}').nth(1).unwrap_or_default().to_string();
            strata.insert((outlet, frame), (size, take));
            chosen.extend(heap.into_sorted_vec().into_iter().take(take as usize));
        }
        let blank_taken = self.blank.len() as u64;
        chosen.extend(self.blank.into_sorted_vec());
        chosen.sort();
        Sample {
            rows: numbered(chosen),
            strata,
            unmatched: (self.blank_total, blank_taken),
            skipped,
        }
    }
}

/// The rows in the order given, each with its id: its place, from 1, zero-padded to the
/// width of the count (at least 3 digits).
fn numbered(chosen: Vec<Keyed>) -> Vec<SheetRow> {
    let width = chosen.len().to_string().len().max(3);
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, k)| SheetRow {
            id: format!("{:0width$}", i + 1),
            ..k.row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_gives_every_cell_one_then_follows_the_sizes() {
        // 10 rows over cells of 50, 30, 15, 5 mentions (100): shares 5, 3, 1.5, 0.5.
        assert_eq!(allocate(&[50, 30, 15, 5], 10), vec![5, 3, 1, 1]);
        // Fewer rows than cells: the largest cells first.
        assert_eq!(allocate(&[2, 9, 4], 2), vec![0, 1, 1]);
        // A cell never gives more than it has; enough rows take everything.
        assert_eq!(allocate(&[1, 100], 20), vec![1, 19]);
        assert_eq!(allocate(&[3, 4], 50), vec![3, 4]);
        assert_eq!(allocate(&[0, 4], 2), vec![0, 2]);
        let t = allocate(&[7, 13, 21, 2, 40], 33);
        assert_eq!(t.iter().sum::<u64>(), 33);
    }
}
