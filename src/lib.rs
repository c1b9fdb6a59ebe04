//! framelens: compare how news outlets frame the same story.
//!
//! The pipeline, one module a stage (the CLI in `main.rs` is one user of this library):
//!
//! ```text
//! config ─┐
//!         ├─> ingest ─> text (fold) ─> lexicon (match) ─> stance ─> score ─> aggregate ─> render
//! files ──┘   Article    Folded         Match              Stance    ArticleReport  Report   html/md/json/csv
//! ```
//!
//! The library never prints; it returns values and errors, and the binary decides what to
//! show.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod aggregate;
pub mod attribution;
pub mod audit;
mod bytes;
pub mod changes;
pub mod cli;
pub mod config;
pub mod explain;
pub mod ingest;
pub mod init;
pub mod inputs;
pub mod json;
pub mod lexicon;
pub mod model;
pub mod negation;
pub mod output;
pub mod render;
pub mod scope;
pub mod score;
pub mod scratch;
pub mod spill;
pub mod stance;
pub mod stats;
pub mod text;

use config::Config;
use model::{Report, Skipped};
use score::Engine;
use std::path::PathBuf;

/// Runs the pipeline over `paths` (or the config's `[corpus].paths` when empty).
pub fn run(engine: &Engine, paths: &[PathBuf]) -> Report {
    run_with(engine, paths, &RunOptions::default())
}

/// How a run reads its inputs: `--input-format` and `--keep-boilerplate`.
pub type RunOptions = ingest::Options;

/// Runs the pipeline with options on every core. Every input ends up either as an article or
/// in `inputs.skipped` with its reason; an article that repeats an earlier one (in path
/// order) is skipped as its duplicate and listed among the earlier one's twins.
pub fn run_with(engine: &Engine, paths: &[PathBuf], options: &RunOptions) -> Report {
    run_threads(engine, paths, options, 0, &|_, _| {})
}

/// [`run_with`] on `threads` threads (0: one per core), calling `progress(done, total)` as
/// files are finished. The report is the same, byte for byte, whatever the thread count.
pub fn run_threads(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Report {
    run_spilling(engine, paths, options, threads, progress, usize::MAX)
        .expect("a report kept in memory does no I/O")
}

/// [`run_threads`] with the article rows moved to a temporary file once there are more than
/// `spill_after` (see [`spill`]): what `framelens report` runs, so that memory does not grow
/// with the corpus. Fails only if that file cannot be written or read back.
pub fn run_spilling(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    spill_after: usize,
) -> std::io::Result<Report> {
    let mut acc = aggregate::Accumulator::spilling(&engine.config, spill_after);
    // Rows are made for the spill files on the scoring threads, from about the article at
    // which the spill starts (not at all when the rows stay in memory); a row that comes
    // without is made on this thread.
    let scored = std::sync::atomic::AtomicUsize::new(0);
    let row_line = |a: &mut model::ArticleReport| {
        let n = scored.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (n >= spill_after).then(|| aggregate::Accumulator::row_line(&engine.config, a))
    };
    // A report held in memory keeps its duplicate index there too; a spilled one, on disk.
    let index = match spill_after {
        usize::MAX => Index::Memory,
        _ => Index::Disk,
    };
    outcomes_in_order(
        engine,
        paths,
        options,
        threads,
        progress,
        &row_line,
        |o, line| acc.add_outcome_with_line(o, line.flatten()),
        index,
    )?;
    acc.finish()
}

/// Builds the report from scored articles and skipped inputs in any order (one run, or the
/// score files of many shards): twins are linked from the duplicates' `duplicate_of`.
pub fn report_from(
    config: &Config,
    articles: Vec<model::ArticleReport>,
    skipped: Vec<Skipped>,
) -> Report {
    let inputs = model::Inputs {
        skipped,
        ..Default::default()
    };
    aggregate::build_report(config, articles, inputs)
}

/// What became of one input (a file, or a row of an export).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `{"skipped": {...}}` in a score file.
    Skipped(Skipped),
    /// A scored article: one line of a score file.
    Article(Box<model::ArticleReport>),
}

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
    pub fn article_line(a: &model::ArticleReport) -> String {
        json::article_line(a)
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
        serde_json::from_str::<model::ArticleReport>(line)
            .map(|a| Outcome::Article(Box::new(a)))
            .map_err(|e| format!("not a framelens score line: {e}"))
    }
}

/// Files in flight per scoring thread: a worker does not start a file this far ahead of the
/// oldest file not yet handed on, so memory holds a window of articles, not the corpus.
const WINDOW_PER_THREAD: usize = 64;

/// Files a worker takes at once (see [`for_each_outcome_with`]).
const CHUNK: usize = 32;

/// Streams every input's outcome to `sink`, in path order, scoring on `threads` threads
/// (0: one per core). Duplicates are found in path order, so the first copy is kept.
pub fn for_each_outcome(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    mut sink: impl FnMut(Outcome),
) -> std::io::Result<()> {
    for_each_outcome_with(
        engine,
        paths,
        options,
        threads,
        progress,
        &|_| (),
        |o, _| sink(o),
    )
}

/// [`for_each_outcome`] with a step that runs on the scoring threads: `work` is applied to
/// every scored article before the in-order steps (it may take parts of the article out to
/// serialise them without a copy, and must put them back), and its result reaches `sink` beside the
/// outcome (`None` when the article turned out to be a duplicate or the input was skipped).
/// `framelens score` serialises its lines there, so that the in-order step only writes.
///
/// With one thread everything runs on the caller's thread. With more, `threads - 1` workers
/// and the caller's thread take files in path order; the caller's thread also puts the
/// outcomes back in order, finds duplicates and calls `sink` (so `sink` need not be `Send`);
/// no barrier stops the workers while it does.
pub fn for_each_outcome_with<T: Send>(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    work: &(dyn Fn(&mut model::ArticleReport) -> T + Sync),
    sink: impl FnMut(Outcome, Option<T>),
) -> std::io::Result<()> {
    outcomes_in_order(
        engine,
        paths,
        options,
        threads,
        progress,
        work,
        sink,
        Index::Disk,
    )
}

/// Where a run keeps its duplicate index (see [`ingest::twins::TwinIndex`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    /// In memory: a run whose report is held in memory anyway.
    Memory,
    /// In temporary files, so that memory does not grow with the corpus (in memory when no
    /// temporary file can be made).
    Disk,
}

/// [`for_each_outcome_with`], the duplicate index kept in `index`. Fails only when the index
/// cannot read or write its temporary files: every outcome handed on before is right, but
/// the run cannot go on finding copies.
#[allow(clippy::too_many_arguments)]
fn outcomes_in_order<T: Send>(
    engine: &Engine,
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    work: &(dyn Fn(&mut model::ArticleReport) -> T + Sync),
    mut sink: impl FnMut(Outcome, Option<T>),
    index: Index,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // The walk is made twice: once to count the files for the progress bar (folder listings
    // only, no file is opened), then as the run goes, so that no list of the corpus is held.
    // On one thread the count comes first; beside several, it is made on a thread of its
    // own while the scoring starts (about 0.1 s a GB of articles that no core would wait
    // for), and progress counts the files done as the total until it is known.
    let count = || inputs::Walk::new(&engine.config, paths, options.format).count_files();
    let total = AtomicUsize::new(if threads <= 1 { count() } else { 0 });
    let mut walk = inputs::Walk::new(&engine.config, paths, options.format);
    let done = AtomicUsize::new(0);
    let mut order = InOrder::default();
    if index == Index::Disk {
        // Sized for one article a file, when the count is known; it grows as needed.
        if let Ok(twins) = ingest::twins::TwinIndex::on_disk(total.load(Ordering::Relaxed)) {
            order.twins = twins;
        }
    }
    let cwd = ingest::working_dir();
    let prepare_one = |found: inputs::Found| -> Vec<(Prepared, Option<T>)> {
        let f = match found.into_input(&cwd) {
            Ok(f) => f,
            Err(skipped) => return vec![(Prepared::Skipped(skipped), None)],
        };
        let prepared = prepare(engine, &f, options)
            .into_iter()
            .map(|mut p| {
                let t = match &mut p {
                    Prepared::Article(a, ..) => Some(work(a)),
                    Prepared::Skipped(_) => None,
                };
                (p, t)
            })
            .collect();
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(done, total.load(Ordering::Relaxed).max(done));
        prepared
    };
    if threads <= 1 {
        for found in walk {
            for p in prepare_one(found) {
                order.hand_on(p, &mut sink);
            }
        }
        return order.result();
    }

    // The caller's thread scores too: `threads - 1` workers take inputs from the walk a chunk
    // at a time and hand each chunk on whole (one message and one look at the window per
    // chunk, not per file); the caller's thread puts the chunks back in order, hands them on,
    // and between times scores chunks of its own. So `threads` threads run, not one more that
    // would wake for every chunk and take its core from a worker.
    let window = (WINDOW_PER_THREAD * threads).div_ceil(CHUNK);
    // The walk, and the number of the next chunk taken from it.
    let source = std::sync::Mutex::new((&mut walk, 0usize));
    // Set when a thread panics: the walk gives no more chunks (see [`StopOnPanic`]).
    let stop = std::sync::atomic::AtomicBool::new(false);
    // The next chunk from the walk, if `allowed` says its number may start.
    let take = |allowed: &dyn Fn(usize) -> bool| {
        let mut source = source.lock().unwrap_or_else(|e| e.into_inner());
        if stop.load(Ordering::Relaxed) {
            return Take::Walked;
        }
        if !allowed(source.1) {
            return Take::NotYet;
        }
        let inputs: Vec<inputs::Found> = source.0.by_ref().take(CHUNK).collect();
        if inputs.is_empty() {
            return Take::Walked;
        }
        source.1 += 1;
        Take::Chunk(source.1 - 1, inputs)
    };
    // The index of the oldest chunk not yet handed on; workers wait for it to come near.
    let handed = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    let (tx, rx) = std::sync::mpsc::sync_channel(window);
    std::thread::scope(|scope| {
        scope.spawn(|| total.store(count(), Ordering::Relaxed));
        for _ in 1..threads {
            let tx = tx.clone();
            let (take, handed, prepare_one, stop) = (&take, &handed, &prepare_one, &stop);
            scope.spawn(move || {
                let _stop = StopOnPanic(stop, handed);
                while let Take::Chunk(c, inputs) = take(&|_| true) {
                    {
                        let (lock, cv) = handed;
                        let mut oldest = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while c >= *oldest + window {
                            oldest = cv.wait(oldest).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let chunk: Vec<_> = inputs.into_iter().map(prepare_one).collect();
                    if tx.send((c, chunk)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Should this thread panic (in its scoring or in `sink`), the receiver is dropped on
        // the way out, so that no worker waits for ever to send.
        let rx = rx;
        let _stop = StopOnPanic(&stop, &handed);
        // Takes in a scored chunk, if one is given, and every chunk the workers have sent,
        // and hands on each that is next in path order; gives the next one's number.
        let mut pending = std::collections::BTreeMap::new();
        let mut want = 0usize;
        let mut settle = |scored: Option<(usize, _)>| {
            pending.extend(scored.into_iter().chain(rx.try_iter()));
            let before = want;
            while let Some(chunk) = pending.remove(&want) {
                for prepared in chunk {
                    for p in prepared {
                        order.hand_on(p, &mut sink);
                    }
                }
                want += 1;
            }
            if want != before {
                let (lock, cv) = &handed;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = want;
                cv.notify_all();
            }
            want
        };
        let (mut walked, mut workers_done) = (false, false);
        loop {
            let want = settle(None);
            // A chunk of its own, if the window has room. When it has none, the oldest chunk
            // not handed on is a worker's, which the worker is scoring or has sent.
            if !walked {
                match take(&|c| c < want + window) {
                    Take::Chunk(c, inputs) => {
                        let mut chunk = Vec::with_capacity(inputs.len());
                        for found in inputs {
                            chunk.push(prepare_one(found));
                            // The workers' older chunks are handed on between this chunk's
                            // files, so that the window moves on while it is scored.
                            settle(None);
                        }
                        settle(Some((c, chunk)));
                        continue;
                    }
                    Take::Walked => walked = true,
                    Take::NotYet => {}
                }
            }
            // Every worker has finished: the walk is done and every chunk handed on (or a
            // worker panicked, and the scope passes its panic on).
            if workers_done {
                break;
            }
            match rx.recv() {
                Ok(sent) => {
                    settle(Some(sent));
                }
                Err(_) => workers_done = true,
            }
        }
    });
    order.result()
}

/// Stops a run when a thread of it panics: dropped while the thread unwinds, it tells the
/// walk to give no more chunks and opens the window, so that no thread waits for ever on one
/// that is gone; the others finish the chunk they have, and the scope passes the panic on.
struct StopOnPanic<'a>(
    &'a std::sync::atomic::AtomicBool,
    &'a (std::sync::Mutex<usize>, std::sync::Condvar),
);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
            let (lock, cv) = self.1;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX / 2;
            cv.notify_all();
        }
    }
}

/// What a thread gets when it asks the walk for its next chunk of inputs.
enum Take {
    /// The chunk's number (its place in path order) and its inputs.
    Chunk(usize, Vec<inputs::Found>),
    /// Nothing yet: the chunk would start too far ahead of the oldest not handed on.
    NotYet,
    /// Nothing more: every input has been taken, or a thread panicked and the run stops.
    Walked,
}

/// The in-order step: duplicates are found against the articles kept so far.
#[derive(Default)]
struct InOrder {
    /// The kept articles' sketches and paths (a duplicate names the article it repeats).
    twins: ingest::twins::TwinIndex,
}

impl InOrder {
    /// Hands on an article or a skipped input, unless the duplicate index has failed: then
    /// nothing more is handed on (a copy could not be told from an original), and
    /// [`InOrder::result`] says why. The workers still finish, so the run ends in order.
    fn hand_on<T>(
        &mut self,
        (p, t): (Prepared, Option<T>),
        sink: &mut impl FnMut(Outcome, Option<T>),
    ) {
        if self.twins.error().is_some() {
            return;
        }
        match p {
            Prepared::Skipped(s) => sink(Outcome::Skipped(s), None),
            Prepared::Article(a, sketch) => {
                let twin = self.twins.find(&sketch);
                if self.twins.error().is_some() {
                    return;
                }
                if let Some(twin) = twin {
                    sink(
                        Outcome::Skipped(Skipped {
                            reason: format!(
                                "duplicate of {} ({:.0}% of its text)",
                                twin.of,
                                (twin.share * 100.0).floor()
                            ),
                            path: a.path,
                            sha256: a.sha256,
                            duplicate_of: Some(twin.of),
                        }),
                        None,
                    );
                } else {
                    self.twins.insert(&a.path, sketch);
                    sink(Outcome::Article(a), t);
                }
            }
        }
    }
}

impl InOrder {
    /// The index's failure, if it failed.
    fn result(&self) -> std::io::Result<()> {
        match self.twins.error() {
            None => Ok(()),
            Some(e) => Err(std::io::Error::new(
                e.kind(),
                format!("the duplicate index's temporary file (in $TMPDIR) failed: {e}"),
            )),
        }
    }
}

/// One input's work before the in-order steps: read once, hashed, ingested, scored.
enum Prepared {
    /// The scored article, and its sketch.
    Article(Box<model::ArticleReport>, ingest::twins::Sketch),
    Skipped(Skipped),
}

fn prepare(engine: &Engine, f: &inputs::InputFile, options: &RunOptions) -> Vec<Prepared> {
    let bytes = match inputs::read(f) {
        Ok(b) => b,
        Err(reason) => {
            return vec![Prepared::Skipped(Skipped {
                path: f.display.clone(),
                reason,
                ..Default::default()
            })]
        }
    };
    let hash = score::sha256_hex(&bytes);
    ingest::ingest_file(&f.display, &f.full, bytes, &engine.config, options)
        .into_iter()
        .map(|outcome| match outcome {
            Ok(article) => {
                let (mut scored, sketch) = engine.score_sketched(&article);
                scored.sha256 = hash.clone();
                Prepared::Article(Box::new(scored), sketch)
            }
            Err(mut s) => {
                s.sha256 = hash.clone();
                Prepared::Skipped(s)
            }
        })
        .collect()
}

/// Loads a config and compiles it.
#[allow(clippy::result_large_err)] // see config.rs
pub fn engine(config_path: &std::path::Path) -> Result<Engine, config::ConfigError> {
    Ok(Engine::new(Config::load(config_path)?))
}
