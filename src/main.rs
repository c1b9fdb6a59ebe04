//! The `framelens` binary: parse the command line, run the library, map the outcome to an
//! exit code. All printing happens here.

use clap::Parser;
use framelens::cli::{Cli, Command, ExplainArgs, ReportArgs, ScoreArgs, TextArgs};
use framelens::config::ConfigError;
use framelens::render::Format;
use std::process::ExitCode;

/// An error and the exit code it ends the run with.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure {
            code: 2,
            error: e.into(),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure { code: 2, error }
    }
}

/// How much to print on stderr.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// mimalloc: articles are scored on worker threads and dropped on the caller's thread, and
/// the system allocator serialises such cross-thread frees on a lock per arena (measured:
/// most of the task switches of a two-thread run); mimalloc frees them without one. Built
/// with `no_thp`: mimalloc otherwise asks for transparent huge pages, and the kernel then
/// zeroes 2 MiB for each fresh region it touches (measured: 1.7% of a `report`, and a third
/// more peak memory, 20 MB against 14 MB for `score` on 100 MB).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let v = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let outcome = match cli.command {
        Command::Report(a) => report(a, v),
        Command::Score(a) => score(a, v),
        Command::Explain(a) => explain(a),
        Command::Text(a) => text(&a),
        Command::Check(a) => check(&a),
        Command::Init(a) => framelens::init::write_starter(&a.dir)
            .map(|written| {
                for p in written {
                    eprintln!("wrote {}", p.display());
                }
                0
            })
            .map_err(Failure::from),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "framelens", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map(|_| 0)
                .map_err(|e| anyhow::Error::from(e).into())
        }
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

/// Says which inputs were skipped: each one when verbose (or under --strict), a count otherwise.
fn tell_skipped(report: &framelens::model::Report, v: Verbosity, all: bool) {
    let skipped = &report.inputs.skipped;
    if v == Verbosity::Quiet || skipped.is_empty() {
        return;
    }
    if all || v == Verbosity::Verbose || skipped.len() <= 5 {
        for s in skipped {
            eprintln!("skipped {}: {}", s.path, s.reason);
        }
    } else {
        eprintln!(
            "skipped {} inputs (the report lists each with its reason; --verbose prints them)",
            skipped.len()
        );
    }
}

fn report(a: ReportArgs, v: Verbosity) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let options = a.reading.run_options();
    let previous_json = a.out.join("report.json");
    let (report, previous) = std::thread::scope(|s| {
        // The previous report needs nothing of this run: it is read on its own thread while
        // the articles are scored (a scheduled rerun then waits for neither after the other).
        let previous = s.spawn(|| framelens::changes::read_previous(&previous_json));
        let report = if a.scores.is_empty() {
            let bar = Progress::new(v);
            let report = framelens::run_spilling(
                &engine,
                &a.paths,
                &options,
                a.reading.threads,
                &|d, t| bar.set(d, t),
                framelens::spill::SPILL_AFTER,
            );
            bar.finish();
            report.map_err(|e| Failure::from(anyhow::Error::from(e)))
        } else {
            from_scores(&engine, &a.scores)
        };
        let previous = previous
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (report, previous)
    });
    let mut report = report?;
    tell_skipped(&report, v, a.strict);
    if a.strict && !report.inputs.skipped.is_empty() {
        return Err(Failure {
            code: 3,
            error: anyhow::anyhow!(
                "{} input(s) skipped under --strict; nothing was written",
                report.inputs.skipped.len()
            ),
        });
    }
    let formats: Vec<Format> = a
        .format
        .iter()
        .map(|f| f.parse::<Format>())
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let previous = previous.unwrap_or_else(|e| {
        if v > Verbosity::Quiet {
            eprintln!("warning: {e}");
        }
        None
    });
    let json_unchanged =
        framelens::changes::apply(&mut report, previous.as_ref()).map_err(anyhow::Error::from)?;
    let mut rendered =
        framelens::output::render_all(&report, &a.out, &formats)?.threads(a.reading.threads);
    if json_unchanged {
        // The previous report.json has the very bytes this report renders to.
        rendered = rendered.current("report.json");
    }
    if a.check {
        let stale = rendered.stale()?;
        if stale.is_empty() {
            if v > Verbosity::Quiet {
                eprintln!("{} is up to date", a.out.display());
            }
            return Ok(0);
        }
        for p in &stale {
            eprintln!("out of date: {}", p.display());
        }
        return Ok(1);
    }
    rendered.write()?;
    if v == Verbosity::Quiet {
        return Ok(0);
    }
    let mentions = report.evidence.mentions as usize;
    eprintln!(
        "wrote {} ({} from {}, {}; {} skipped)",
        rendered
            .paths()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        count(report.articles.len(), "article"),
        count(report.outlets.len(), "outlet"),
        count(mentions, "mention"),
        count(report.inputs.skipped.len(), "input")
    );
    Ok(0)
}

fn score(a: ScoreArgs, v: Verbosity) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let options = a.reading.run_options();
    let stdout = std::io::stdout();
    // Lines run to several KB: they are written many at a time, as they are.
    let mut out = Lines::new(stdout.lock());
    let mut error = None;
    let mut skipped = 0usize;
    let bar = Progress::new(v);
    // Articles are serialised on the scoring threads; this thread only writes.
    let run = framelens::for_each_outcome_with(
        &engine,
        &a.paths,
        &options,
        a.reading.threads,
        &|d, t| bar.set(d, t),
        &|a| {
            let mut line = framelens::Outcome::article_line(a);
            line.push('\n');
            // The line holds the article now, and the in-order step needs only its path and
            // SHA-256 (to name it as the original of a later copy, or a copy of an earlier
            // one). The rest is dropped here, on the thread that made it: freed on the writing
            // thread, each block would wait in mimalloc's list of frees from another thread.
            let kept = framelens::model::ArticleReport {
                path: std::mem::take(&mut a.path),
                sha256: std::mem::take(&mut a.sha256),
                ..Default::default()
            };
            drop(std::mem::replace(a, kept));
            line
        },
        |o, line| {
            if let framelens::Outcome::Skipped(s) = &o {
                skipped += 1;
                if v == Verbosity::Verbose {
                    bar.println(&format!("skipped {}: {}", s.path, s.reason));
                }
            }
            if error.is_none() {
                let line = line.unwrap_or_else(|| o.to_score_line() + "\n");
                if let Err(e) = out.push(line) {
                    error = Some(e);
                }
            }
        },
    );
    bar.finish();
    if let Err(e) = run {
        // The lines written so far are right, but the rest were not scored.
        let _ = out.flush();
        return Err(anyhow::anyhow!("cannot finish scoring: {e}").into());
    }
    if let Some(e) = error.or_else(|| out.flush().err()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(anyhow::anyhow!("cannot write the scores: {e}").into());
        }
    }
    if skipped > 0 && v == Verbosity::Normal {
        eprintln!(
            "skipped {}: each has a {{\"skipped\": ...}} line with its reason",
            count(skipped, "input")
        );
    }
    Ok(0)
}

/// Score lines on their way out: kept until about 256 KB are waiting, then written in one
/// vectored write, each from its own buffer (a buffered writer would copy every line once
/// more, and the lines are most of what `score` writes).
struct Lines<W: std::io::Write> {
    out: W,
    waiting: Vec<String>,
    bytes: usize,
}

impl<W: std::io::Write> Lines<W> {
    const BATCH: usize = 1 << 18;

    fn new(out: W) -> Self {
        Lines {
            out,
            waiting: Vec::new(),
            bytes: 0,
        }
    }

    fn push(&mut self, line: String) -> std::io::Result<()> {
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

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_waiting()?;
        self.out.flush()
    }
}

fn explain(a: ExplainArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    if a.file.is_dir() {
        return Err(anyhow::anyhow!(
            "{} is a folder: explain takes one article file (`framelens score` reads folders)",
            a.file.display()
        )
        .into());
    }
    let report = framelens::run(&engine, std::slice::from_ref(&a.file));
    // A file that yields no article at all is an error; skipped rows of an export are told.
    if report.articles.is_empty() {
        let why = report.inputs.skipped.first().map_or_else(
            || "no article".to_string(),
            |s| format!("{}: {}", s.path, s.reason),
        );
        return Err(anyhow::anyhow!("{why}").into());
    }
    for s in &report.inputs.skipped {
        eprintln!("skipped {}: {}", s.path, s.reason);
    }
    let color = framelens::explain::use_color();
    let texts: Vec<String> = report
        .articles
        .iter()
        .map(|article| framelens::explain::explain(&report, article, color))
        .collect();
    print!("{}", texts.join("\n"));
    Ok(0)
}

/// `framelens text`: each article's text as counted; skipped inputs on stderr with their reason.
fn text(a: &TextArgs) -> Result<u8, Failure> {
    let config = framelens::config::Config::load(&a.config.config)?;
    let format = a.input_format.map(Into::into);
    let options = framelens::ingest::Options {
        format,
        keep_boilerplate: false,
    };
    let (files, skipped) = framelens::inputs::discover(&config, &a.paths, format);
    for s in &skipped {
        eprintln!("skipped {}: {}", s.path, s.reason);
    }
    let mut shown = 0;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in &files {
        for v in framelens::textview::view_file(&f.display, &f.full, &config, &options) {
            match v {
                Ok(v) => {
                    shown += 1;
                    let s = if a.json {
                        framelens::textview::to_json(&v) + "\n"
                    } else {
                        framelens::textview::render(&v)
                    };
                    std::io::Write::write_all(&mut out, s.as_bytes())
                        .map_err(anyhow::Error::from)?;
                }
                Err(why) => eprintln!("skipped {why}"),
            }
        }
    }
    std::io::Write::flush(&mut out).map_err(anyhow::Error::from)?;
    if shown == 0 {
        return Err(anyhow::anyhow!("no article in the inputs given").into());
    }
    Ok(0)
}

fn check(a: &framelens::cli::CheckArgs) -> Result<u8, Failure> {
    let config = &a.config.config;
    let engine = framelens::engine(config)?;
    let lint = framelens::init::lint(&engine);
    println!(
        "{}: ok ({}, {}, {}, {}, {})",
        config.display(),
        count(engine.config.frames.len(), "frame"),
        count(engine.config.contrasts.len(), "contrast"),
        count(engine.config.actors.len(), "actor"),
        count(engine.config.outlets.len(), "outlet"),
        count(engine.lexicon.patterns().len(), "term")
    );
    for w in &lint {
        println!("warning: {w}");
    }
    if a.corpus {
        let report = framelens::run(&engine, &a.paths);
        println!();
        print!("{}", framelens::audit::audit_text(&report.audit));
    }
    Ok(0)
}

/// "1 article", "2 articles".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Reads score files (`framelens score` output of one or more shards) into a report.
fn from_scores(
    engine: &framelens::score::Engine,
    files: &[std::path::PathBuf],
) -> Result<framelens::model::Report, Failure> {
    use std::io::BufRead;
    // Line by line: a report over many shards holds the tallies and the evidence sample, not
    // every mention of every shard.
    let mut acc =
        framelens::aggregate::Accumulator::spilling(&engine.config, framelens::spill::SPILL_AFTER);
    for f in files {
        let cannot =
            |e: std::io::Error| anyhow::anyhow!("cannot read score file {}: {e}", f.display());
        let reader = std::io::BufReader::new(std::fs::File::open(f).map_err(cannot)?);
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(cannot)?;
            if line.trim().is_empty() {
                continue;
            }
            match framelens::Outcome::from_score_line(&line) {
                Ok(o) => acc.add_outcome(o),
                Err(e) => {
                    return Err(anyhow::anyhow!("{}:{}: {e}", f.display(), n + 1).into());
                }
            }
        }
    }
    Ok(acc.finish().map_err(anyhow::Error::from)?)
}

/// A progress bar on stderr for long runs, only when stderr is a terminal and not --quiet.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(v: Verbosity) -> Progress {
        use std::io::IsTerminal;
        let on = v > Verbosity::Quiet && std::io::stderr().is_terminal();
        Progress(on.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} files  {per_sec}  {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    fn set(&self, done: usize, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    }

    fn println(&self, line: &str) {
        match &self.0 {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
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
