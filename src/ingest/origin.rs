//! Where each byte of a cleaned text came from in its source.
//!
//! A text built from a file (a paragraph, an article's body) is mostly the file's bytes
//! copied in order, with a few places where one source position stands for several text
//! bytes: an entity such as `&amp;`, a line break a parser made, the blank line that joins
//! two paragraphs. [`Origin`] keeps that as *runs* rather than as an offset per byte, so the
//! map costs a few entries per paragraph instead of four bytes per byte of text, and cutting
//! or joining texts touches runs, not bytes.

use std::ops::Range;

/// A map from every offset of a text, up to and including its length (one past the end:
/// where the text ends in the source), to a source offset.
///
/// Runs are sorted by the text offset they start at; a run lasts until the next one starts
/// (the last one to the end of the text and one past it). Offsets are `u32`: files larger
/// than 64 MiB are never read (`inputs::MAX_FILE_BYTES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The text offset the run starts at.
    at: u32,
    /// The source offset of the run's first byte.
    src: u32,
    /// A copy (the source offset rises with the text offset), or a point (every byte of the
    /// run maps to `src`).
    copy: bool,
}

impl Run {
    fn value(&self, at: usize) -> u32 {
        if self.copy {
            self.src + (at as u32 - self.at)
        } else {
            self.src
        }
    }
}

impl Origin {
    /// The map of a text copied verbatim from the source starting at `src`.
    pub fn copy(src: usize) -> Origin {
        Origin {
            runs: vec![Run {
                at: 0,
                src: src as u32,
                copy: true,
            }],
        }
    }

    /// The source offset of text offset `at` (0 for a map with no runs).
    pub fn get(&self, at: usize) -> usize {
        let i = self.runs.partition_point(|r| r.at as usize <= at);
        match i.checked_sub(1) {
            Some(i) => self.runs[i].value(at) as usize,
            None => 0,
        }
    }

    /// From text offset `at` on, the text copies the source from `src`.
    pub fn push_copy(&mut self, at: usize, src: usize) {
        self.push(Run {
            at: at as u32,
            src: src as u32,
            copy: true,
        });
    }

    /// From text offset `at` on, every byte maps to the source offset `src`.
    pub fn push_point(&mut self, at: usize, src: usize) {
        self.push(Run {
            at: at as u32,
            src: src as u32,
            copy: false,
        });
    }

    /// Starts a run. A run starting where the last one starts replaces it (the later map
    /// wins, as when a paragraph's end is overwritten by what follows it); a run that the last
    /// one already describes is not added, so a text copied piece by piece stays one run.
    fn push(&mut self, run: Run) {
        if self.runs.last().is_some_and(|l| l.at == run.at) {
            self.runs.pop();
        }
        let continues = |l: &Run| l.copy == run.copy && l.value(run.at as usize) == run.src;
        if !self.runs.last().is_some_and(continues) {
            self.runs.push(run);
        }
    }

    /// Sets where the text ends: the source offset of text offset `len` (one past its last
    /// byte). Only needed when it is not what the last run already says.
    pub fn set_end(&mut self, len: usize, src: usize) {
        if self.runs.is_empty() || self.get(len) != src {
            self.push_copy(len, src);
        }
    }

    /// Keeps the map of the text's first `len` bytes (and of offset `len`).
    pub fn truncate(&mut self, len: usize) {
        let keep = self.runs.partition_point(|r| r.at as usize <= len);
        self.runs.truncate(keep);
    }

    /// Drops offsets before `start`: the map of the text from `start` on.
    pub fn drop_front(&mut self, start: usize) {
        if start == 0 {
            return;
        }
        let first = self.runs.partition_point(|r| r.at as usize <= start);
        let Some(i) = first.checked_sub(1) else {
            return;
        };
        let head = Run {
            at: 0,
            src: self.runs[i].value(start),
            copy: self.runs[i].copy,
        };
        self.runs.drain(..i);
        self.runs[0] = head;
        for r in &mut self.runs[1..] {
            r.at -= start as u32;
        }
    }

    /// The map of the text's bytes in `range` (and of `range.end`).
    pub fn slice(&self, range: Range<usize>) -> Origin {
        let first = self
            .runs
            .partition_point(|r| r.at as usize <= range.start)
            .saturating_sub(1);
        let last = self.runs.partition_point(|r| r.at as usize <= range.end);
        let mut out = Origin {
            runs: self.runs[first..last.max(first)].to_vec(),
        };
        // The first run kept holds `range.start`; rebase it and the rest to start at 0.
        if let Some(head) = out.runs.first_mut() {
            head.src = head.value(range.start);
            head.at = range.start as u32;
        }
        for r in &mut out.runs {
            r.at -= range.start as u32;
        }
        out
    }

    /// Appends the map of a text appended at text offset `at`.
    pub fn append(&mut self, other: &Origin, at: usize) {
        for r in &other.runs {
            self.push(Run {
                at: r.at + at as u32,
                ..*r
            });
        }
    }

    /// Removes the runs starting at or after text offset `at` (undoing pushes made from
    /// there).
    pub fn rewind(&mut self, at: usize) {
        let keep = self.runs.partition_point(|r| (r.at as usize) < at);
        self.runs.truncate(keep);
    }

    /// Runs in the map, for tests of its size.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-byte map the runs stand for, offsets `0..=len`.
    fn bytes(o: &Origin, len: usize) -> Vec<usize> {
        (0..=len).map(|i| o.get(i)).collect()
    }

    #[test]
    fn a_copy_is_one_run_however_it_is_pushed() {
        let mut o = Origin::default();
        for i in 0..10 {
            o.push_copy(i, 100 + i);
        }
        assert_eq!(o.runs(), 1);
        assert_eq!(bytes(&o, 10), (100..=110).collect::<Vec<_>>());
    }

    #[test]
    fn points_slices_truncation_and_joins_match_a_per_byte_map() {
        // "ab&c" from source "ab&amp;c" at 10: a b at 10, 11; & at 12; c at 17; end 18.
        let mut o = Origin::copy(10);
        o.push_point(2, 12);
        o.push_copy(3, 17);
        assert_eq!(bytes(&o, 4), [10, 11, 12, 17, 18]);
        assert_eq!(bytes(&o.slice(1..3), 2), [11, 12, 17]);
        assert_eq!(bytes(&o.slice(2..4), 2), [12, 17, 18]);
        assert_eq!(bytes(&o.slice(4..4), 0), [18]);
        let mut t = o.clone();
        t.truncate(2);
        assert_eq!(bytes(&t, 2), [10, 11, 12]);
        let mut d = o.clone();
        d.drop_front(3);
        assert_eq!(bytes(&d, 1), [17, 18]);
        let mut j = o.clone();
        j.push_point(4, 18);
        j.append(&Origin::copy(30), 6);
        assert_eq!(bytes(&j, 8), [10, 11, 12, 17, 18, 18, 30, 31, 32]);
        j.rewind(6);
        j.set_end(6, 19);
        assert_eq!(bytes(&j, 6), [10, 11, 12, 17, 18, 18, 19]);
        assert_eq!(Origin::default().get(3), 0);
    }
}
