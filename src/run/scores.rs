//! `framelens score` lines: one JSON line per input, written as the run hands them on, and
//! read back to build a report from the score files of one or more shards.
//!
//! A line is one [`ArticleReport`] (every mention with its passage) or `{"skipped": {...}}`
//! (see [`Outcome::to_score_line`] and [`Outcome::from_score_line`]).

use super::Outcome;
use crate::aggregate::Accumulator;
use crate::model::{ArticleReport, Report, Skipped};
use crate::score::Engine;
use std::path::PathBuf;

impl Outcome {
    /// One line of `framelens score` output (without the line end).
    pub fn to_score_line(&self) -> String {
        match self {
            Outcome::Article(a) => Outcome::article_line(a),
            Outcome::Skipped(s) => {
                serde_json::to_string(&serde_json::json!({ "skipped": s })).unwrap_or_default()
            }
        }
    }

    /// The score line of a scored article (without the line end).
    pub fn article_line(a: &ArticleReport) -> String {
        crate::encode::article_json::article_line(a)
    }

    /// Parses one line of a score file.
    pub fn from_score_line(line: &str) -> Result<Outcome, String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct SkippedLine {
            skipped: Skipped,
        }
        if let Ok(s) = serde_json::from_str::<SkippedLine>(line) {
            return Ok(Outcome::Skipped(s.skipped));
        }
        serde_json::from_str::<ArticleReport>(line)
            .map(|a| Outcome::Article(Box::new(a)))
            .map_err(|e| format!("not a framelens score line: {e}"))
    }
}

/// The score line of a scored article with its line end, made on the scoring thread (see
/// [`super::Run::for_each_with`]). The line holds the article now, and the in-order step
/// needs only its path and SHA-256 (to name it as the original of a later copy, or a copy of
/// an earlier one): the rest is dropped here, on the thread that made it. Freed on the
/// writing thread, each block would wait in the allocator's list of frees from another
/// thread.
pub fn take_line(a: &mut ArticleReport) -> String {
    let mut line = Outcome::article_line(a);
    line.push('\n');
    let kept = ArticleReport {
        path: std::mem::take(&mut a.path),
        sha256: std::mem::take(&mut a.sha256),
        ..Default::default()
    };
    drop(std::mem::replace(a, kept));
    line
}

/// Reads score files (`framelens score` output of one or more shards) into a report, line by
/// line: a report over many shards holds the tallies and the evidence sample, not every
/// mention of every shard. The error names the file, and the line when it is not a score line.
pub fn report_from_scores(engine: &Engine, files: &[PathBuf]) -> anyhow::Result<Report> {
    use std::io::BufRead;
    let mut acc = Accumulator::spilling(&engine.config, crate::spill::SPILL_AFTER);
    let ours = crate::shard::Header::of(&engine.config);
    for f in files {
        let cannot =
            |e: std::io::Error| anyhow::anyhow!("cannot read score file {}: {e}", f.display());
        let reader = std::io::BufReader::new(std::fs::File::open(f).map_err(cannot)?);
        // Each shard starts with its header; a concatenation of shards holds several.
        let mut headed = false;
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(cannot)?;
            if line.trim().is_empty() {
                continue;
            }
            if let Some(header) = crate::shard::Header::from_line(&line) {
                let header =
                    header.map_err(|e| anyhow::anyhow!("{}:{}: {e}", f.display(), n + 1))?;
                if let Some(why) = header.mismatch(&ours) {
                    anyhow::bail!(
                        "{}:{}: {why}\n  hint: score the articles again with this config \
                         (`framelens score --config {}`), or report with the config the shard \
                         was scored with",
                        f.display(),
                        n + 1,
                        ours.config
                    );
                }
                headed = true;
                continue;
            }
            if !headed {
                anyhow::bail!(
                    "{}:{}: no header line naming the config it was scored with (a score file \
                     from an older framelens, or not one written by `framelens score`)\n  \
                     hint: score the articles again (`framelens score --config {} > {}`)",
                    f.display(),
                    n + 1,
                    ours.config,
                    f.display()
                );
            }
            match Outcome::from_score_line(&line) {
                Ok(o) => acc.add_outcome(o),
                Err(e) => anyhow::bail!("{}:{}: {e}", f.display(), n + 1),
            }
        }
    }
    Ok(acc.finish()?)
}

/// Score lines on their way out: kept until about 256 KB are waiting, then written in one
/// vectored write, each from its own buffer (a buffered writer would copy every line once
/// more, and the lines are most of what `score` writes).
pub struct Lines<W: std::io::Write> {
    out: W,
    waiting: Vec<String>,
    bytes: usize,
}

impl<W: std::io::Write> Lines<W> {
    /// Bytes waiting before they are written.
    pub const BATCH: usize = 1 << 18;

    /// Lines to be written to `out`.
    pub fn new(out: W) -> Self {
        Lines {
            out,
            waiting: Vec::new(),
            bytes: 0,
        }
    }

    /// Adds a line (with its line end); writes the waiting lines once there are enough.
    pub fn push(&mut self, line: String) -> std::io::Result<()> {
        self.bytes += line.len();
        self.waiting.push(line);
        if self.bytes >= Self::BATCH {
            self.write_waiting()?;
        }
        Ok(())
    }

    fn write_waiting(&mut self) -> std::io::Result<()> {
        use std::io::{ErrorKind, IoSlice};
        let mut slices: Vec<IoSlice> = self
            .waiting
            .iter()
            .map(|l| IoSlice::new(l.as_bytes()))
            .collect();
        let mut left = &mut slices[..];
        while !left.is_empty() {
            match self.out.write_vectored(left) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut left, n),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.waiting.clear();
        self.bytes = 0;
        Ok(())
    }

    /// Writes every waiting line and flushes `out`.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.write_waiting()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// A writer that takes at most a few bytes of each write, and is interrupted now and
    /// then, as a pipe or a slow terminal may be.
    struct Trickle {
        got: Vec<u8>,
        calls: usize,
    }

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[std::io::IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls % 5 == 0 {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut room = 1 + self.calls % 7;
            let mut n = 0;
            for b in bufs {
                let take = b.len().min(room);
                self.got.extend_from_slice(&b[..take]);
                (n, room) = (n + take, room - take);
                if room == 0 {
                    break;
                }
            }
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_come_out_whole_and_in_order_through_short_writes() {
        let mut out = Lines::new(Trickle {
            got: Vec::new(),
            calls: 0,
        });
        let mut want = String::new();
        // Past the batch size once, so that both the batch and the final flush write.
        for k in 0..20_000 {
            let line = format!("{{\"n\":{k},\"pad\":\"{}\"}}\n", "x".repeat(k % 23));
            want.push_str(&line);
            out.push(line).unwrap();
        }
        out.flush().unwrap();
        assert!(want.len() > Lines::<Trickle>::BATCH);
        assert_eq!(String::from_utf8(out.out.got).unwrap(), want);
    }
}
