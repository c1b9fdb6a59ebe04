//! The run: every input read, ingested and scored on `--threads` threads, and each outcome
//! handed on in path order, with duplicates found on the way.
//!
//! [`Run`] is the one entry point: a builder that says how to run (threads, reading options,
//! the spill threshold, a progress callback) and then what to make of the outcomes (a
//! [`Report`], or each [`Outcome`] to a sink). `framelens score` lines are read and written
//! in [`scores`]. The library never prints.

pub mod scores;

pub use crate::model::Outcome;
use crate::model::{self, Report, Skipped};
use crate::score::{self, Engine};
use crate::{aggregate, ingest, inputs};
use std::path::PathBuf;

/// How a run reads its inputs: `--input-format` and `--keep-boilerplate`.
pub type RunOptions = ingest::Options;

/// A run over the inputs, set up step by step:
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = framelens::engine(std::path::Path::new("config/framing.toml"))?;
/// let report = framelens::Run::new(&engine).threads(2).report(&[])?;
/// # Ok(()) }
/// ```
///
/// Every input ends up either as an article or in `inputs.skipped` with its reason; an
/// article that repeats an earlier one (in path order) is skipped as its duplicate and listed
/// among the earlier one's twins. The outcome is the same, byte for byte, whatever the
/// thread count.
#[derive(Clone)]
pub struct Run<'a> {
    engine: &'a Engine,
    options: RunOptions,
    threads: usize,
    spill_after: usize,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// The progress callback of a run that reports none.
fn no_progress(_done: usize, _total: usize) {}

impl<'a> Run<'a> {
    /// A run with `engine`'s config: default reading options, one thread per core, the report
    /// held in memory, no progress callback.
    pub fn new(engine: &'a Engine) -> Self {
        Run {
            engine,
            options: RunOptions::default(),
            threads: 0,
            spill_after: usize::MAX,
            progress: &no_progress,
        }
    }

    /// How to read the inputs (`--input-format`, `--keep-boilerplate`).
    pub fn options(self, options: RunOptions) -> Self {
        Run { options, ..self }
    }

    /// Scores on `threads` threads (0, the default: one per core).
    pub fn threads(self, threads: usize) -> Self {
        Run { threads, ..self }
    }

    /// Moves the article rows of [`Run::report`] to temporary files once there are more than
    /// `spill_after` (see [`crate::spill`]), so that memory does not grow with the corpus, and
    /// keeps the duplicate index on disk too. Unset, everything stays in memory.
    pub fn spill_after(self, spill_after: usize) -> Self {
        Run {
            spill_after,
            ..self
        }
    }

    /// Calls `progress(done, total)` as files are finished.
    pub fn progress(self, progress: &'a (dyn Fn(usize, usize) + Sync)) -> Self {
        Run { progress, ..self }
    }

    /// Runs over `paths` (or the config's `[corpus].paths` when empty) and builds the report.
    /// Fails only if a temporary file (spilled rows, the duplicate index on disk) cannot be
    /// written or read back: a run held in memory does no such I/O.
    pub fn report(&self, paths: &[PathBuf]) -> std::io::Result<Report> {
        let (engine, spill_after) = (self.engine, self.spill_after);
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
            self,
            paths,
            &row_line,
            |o, line| acc.add_outcome_with_line(o, line.flatten()),
            index,
        )?;
        acc.finish()
    }

    /// Streams every input's outcome to `sink`, in path order. Duplicates are found in path
    /// order, so the first copy is kept.
    pub fn for_each(
        &self,
        paths: &[PathBuf],
        mut sink: impl FnMut(Outcome),
    ) -> std::io::Result<()> {
        self.for_each_with(paths, &|_| (), |o, _| sink(o))
    }

    /// [`Run::for_each`] with a step that runs on the scoring threads: `work` is applied to
    /// every scored article before the in-order steps (it may take parts of the article out to
    /// serialise them without a copy, and must put them back), and its result reaches `sink`
    /// beside the outcome (`None` when the article turned out to be a duplicate or the input
    /// was skipped). `framelens score` serialises its lines there, so that the in-order step
    /// only writes.
    ///
    /// With one thread everything runs on the caller's thread. With more, `threads - 1`
    /// workers and the caller's thread take files in path order; the caller's thread also puts
    /// the outcomes back in order, finds duplicates and calls `sink` (so `sink` need not be
    /// `Send`); no barrier stops the workers while it does.
    pub fn for_each_with<T: Send>(
        &self,
        paths: &[PathBuf],
        work: &(dyn Fn(&mut model::ArticleReport) -> T + Sync),
        sink: impl FnMut(Outcome, Option<T>),
    ) -> std::io::Result<()> {
        outcomes_in_order(self, paths, work, sink, Index::Disk)
    }
}

/// Files in flight per scoring thread: a worker does not start a file this far ahead of the
/// oldest file not yet handed on, so memory holds a window of articles, not the corpus.
const WINDOW_PER_THREAD: usize = 64;

/// Files a worker takes at once (see [`Run::for_each_with`]).
const CHUNK: usize = 32;

/// Where a run keeps its duplicate index (see [`crate::dedup::twins::TwinIndex`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    /// In memory: a run whose report is held in memory anyway.
    Memory,
    /// In temporary files, so that memory does not grow with the corpus (in memory when no
    /// temporary file can be made).
    Disk,
}

/// [`Run::for_each_with`], the duplicate index kept in `index`. Fails only when the index
/// cannot read or write its temporary files: every outcome handed on before is right, but
/// the run cannot go on finding copies.
fn outcomes_in_order<T: Send>(
    run: &Run,
    paths: &[PathBuf],
    work: &(dyn Fn(&mut model::ArticleReport) -> T + Sync),
    mut sink: impl FnMut(Outcome, Option<T>),
    index: Index,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (engine, options, progress) = (run.engine, &run.options, run.progress);
    let threads = match run.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    // The walk is made twice: once to count the files for the progress bar (folder listings
    // only, no file is opened), then as the run goes, so that no list of the corpus is held.
    // On one thread the count comes first; beside several, it is made on a thread of its
    // own while the scoring starts (so that no core waits for it), and progress counts the
    // files done as the total until it is known.
    let output = options.output.as_deref();
    let walk = || inputs::Walk::new_apart(&engine.config, paths, options.format, output);
    let count = || walk().count_files();
    let total = AtomicUsize::new(if threads <= 1 { count() } else { 0 });
    let mut walk = walk();
    let done = AtomicUsize::new(0);
    let mut order = InOrder::default();
    if index == Index::Disk {
        // Sized for one article a file, when the count is known; it grows as needed.
        if let Ok(twins) = crate::dedup::twins::TwinIndex::on_disk(total.load(Ordering::Relaxed)) {
            order.twins = twins;
        }
    }
    let shown = walk.shown().clone();
    let rows = |f: &inputs::InputFile, emit: &mut dyn FnMut(Prepared, Option<T>)| {
        table_rows(engine, options, work, f, emit)
    };
    let prepare_one = |found: inputs::Found| -> PreparedInput<T> {
        let f = match found.into_input(&shown) {
            Ok(f) => f,
            Err(skipped) => return vec![(Prepared::Skipped(skipped), None)],
        };
        let prepared = prepare(engine, &f, options)
            .into_iter()
            .map(|mut p| {
                let t = match &mut p {
                    Prepared::Article(a, ..) => Some(work(a)),
                    Prepared::Skipped(_) | Prepared::Table(_) => None,
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
                order.hand_on(p, &mut sink, &rows);
            }
        }
    } else {
        let count_total = || total.store(count(), Ordering::Relaxed);
        on_threads(
            threads,
            &mut walk,
            &prepare_one,
            &count_total,
            &mut order,
            &mut sink,
            &rows,
        );
    }
    order.result()
}

/// Each input prepared ([`prepare`]), with what the run's work made of each article.
type PreparedInput<T> = Vec<(Prepared, Option<T>)>;

/// What the threads of a run share: the walk (`W`), and the window of chunks in flight.
struct Shared<W> {
    /// The walk, and the number of the next chunk taken from it.
    source: std::sync::Mutex<(W, usize)>,
    /// Set when a thread panics: the walk gives no more chunks (see [`StopOnPanic`]).
    stop: std::sync::atomic::AtomicBool,
    /// The index of the oldest chunk not yet handed on; workers wait for it to come near.
    handed: (std::sync::Mutex<usize>, std::sync::Condvar),
    /// Chunks that may be in flight: none starts this far ahead of the oldest not handed on.
    window: usize,
}

impl<W: Iterator<Item = inputs::Found>> Shared<W> {
    /// The next chunk from the walk, if `allowed` says its number may start.
    fn take(&self, allowed: &dyn Fn(usize) -> bool) -> Take {
        let mut source = self.source.lock().unwrap_or_else(|e| e.into_inner());
        if self.stop.load(std::sync::atomic::Ordering::Relaxed) {
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
    }

    /// Waits until chunk `c` is inside the window.
    fn wait_for_room(&self, c: usize) {
        let (lock, cv) = &self.handed;
        let mut oldest = lock.lock().unwrap_or_else(|e| e.into_inner());
        while c >= *oldest + self.window {
            oldest = cv.wait(oldest).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Moves the window on: `oldest` is the oldest chunk not yet handed on.
    fn handed_on(&self, oldest: usize) {
        let (lock, cv) = &self.handed;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = oldest;
        cv.notify_all();
    }
}

/// The run on `threads` threads (two or more). The caller's thread scores too: `threads - 1`
/// workers take inputs from the walk a chunk at a time and hand each chunk on whole (one
/// message and one look at the window per chunk, not per file); the caller's thread puts the
/// chunks back in order, hands them on, and between times scores chunks of its own. So
/// `threads` threads run, not one more that would wake for every chunk and take its core
/// from a worker. `count_total` runs on a thread of its own beside them.
fn on_threads<T: Send>(
    threads: usize,
    walk: &mut (impl Iterator<Item = inputs::Found> + Send),
    prepare_one: &(dyn Fn(inputs::Found) -> PreparedInput<T> + Sync),
    count_total: &(dyn Fn() + Sync),
    order: &mut InOrder,
    sink: &mut impl FnMut(Outcome, Option<T>),
    rows: &Rows<T>,
) {
    let window = (WINDOW_PER_THREAD * threads).div_ceil(CHUNK);
    let shared = Shared {
        source: std::sync::Mutex::new((walk, 0usize)),
        stop: std::sync::atomic::AtomicBool::new(false),
        handed: (std::sync::Mutex::new(0usize), std::sync::Condvar::new()),
        window,
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(window);
    std::thread::scope(|scope| {
        scope.spawn(count_total);
        for _ in 1..threads {
            let tx = tx.clone();
            let shared = &shared;
            scope.spawn(move || worker(shared, prepare_one, tx));
        }
        drop(tx);
        hand_on_in_order(&shared, prepare_one, rx, order, sink, rows);
    });
}

/// A worker: scores chunks from the walk as the window allows, and sends each on whole.
fn worker<T: Send, W: Iterator<Item = inputs::Found>>(
    shared: &Shared<W>,
    prepare_one: &(dyn Fn(inputs::Found) -> PreparedInput<T> + Sync),
    tx: std::sync::mpsc::SyncSender<(usize, Vec<PreparedInput<T>>)>,
) {
    let _stop = StopOnPanic(shared);
    while let Take::Chunk(c, inputs) = shared.take(&|_| true) {
        shared.wait_for_room(c);
        let chunk: Vec<_> = inputs.into_iter().map(prepare_one).collect();
        if tx.send((c, chunk)).is_err() {
            break;
        }
    }
}

/// The caller's thread of a run on several threads: puts the workers' chunks back in path
/// order and hands them on, and between times scores chunks of its own.
fn hand_on_in_order<T: Send, W: Iterator<Item = inputs::Found>>(
    shared: &Shared<W>,
    prepare_one: &(dyn Fn(inputs::Found) -> PreparedInput<T> + Sync),
    rx: std::sync::mpsc::Receiver<(usize, Vec<PreparedInput<T>>)>,
    order: &mut InOrder,
    sink: &mut impl FnMut(Outcome, Option<T>),
    rows: &Rows<T>,
) {
    // Should this thread panic (in its scoring or in `sink`), the receiver is dropped on
    // the way out, so that no worker waits for ever to send.
    let _stop = StopOnPanic(shared);
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
                    order.hand_on(p, sink, rows);
                }
            }
            want += 1;
        }
        if want != before {
            shared.handed_on(want);
        }
        want
    };
    let (mut walked, mut workers_done) = (false, false);
    loop {
        let want = settle(None);
        // A chunk of its own, if the window has room. When it has none, the oldest chunk
        // not handed on is a worker's, which the worker is scoring or has sent.
        if !walked {
            match shared.take(&|c| c < want + shared.window) {
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
}

/// Stops a run when a thread of it panics: dropped while the thread unwinds, it tells the
/// walk to give no more chunks and opens the window, so that no thread waits for ever on one
/// that is gone; the others finish the chunk they have, and the scope passes the panic on.
struct StopOnPanic<'a, W: Iterator<Item = inputs::Found>>(&'a Shared<W>);

impl<W: Iterator<Item = inputs::Found>> Drop for StopOnPanic<'_, W> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0
                .stop
                .store(true, std::sync::atomic::Ordering::Relaxed);
            self.0.handed_on(usize::MAX / 2);
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

/// Reads an export's rows and hands each on (see [`table_rows`]).
type Rows<'a, T> = dyn Fn(&inputs::InputFile, &mut dyn FnMut(Prepared, Option<T>)) + 'a;

/// The in-order step: duplicates are found against the articles kept so far.
#[derive(Default)]
struct InOrder {
    /// The kept articles' sketches and paths (a duplicate names the article it repeats).
    twins: crate::dedup::twins::TwinIndex,
}

impl InOrder {
    /// Hands on an article or a skipped input, unless the duplicate index has failed: then
    /// nothing more is handed on (a copy could not be told from an original), and
    /// [`InOrder::result`] says why. The workers still finish, so the run ends in order.
    fn hand_on<T>(
        &mut self,
        (p, t): (Prepared, Option<T>),
        sink: &mut impl FnMut(Outcome, Option<T>),
        rows: &Rows<T>,
    ) {
        if self.twins.error().is_some() {
            return;
        }
        match p {
            Prepared::Table(f) => rows(&f, &mut |p, t| self.hand_on((p, t), sink, rows)),
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
    Article(Box<model::ArticleReport>, crate::dedup::twins::Sketch),
    Skipped(Skipped),
    /// An export, read row by row on the in-order step ([`table_rows`]).
    Table(inputs::InputFile),
}

fn prepare(engine: &Engine, f: &inputs::InputFile, options: &RunOptions) -> Vec<Prepared> {
    if ingest::is_table(&f.full, options) {
        // Read row by row when its turn comes, so that memory holds a row, not the file's.
        return vec![Prepared::Table(f.clone())];
    }
    let bytes = match inputs::read_at_most(f, ingest::MAX_ARTICLE_BYTES as u64) {
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
        .map(|outcome| prepared(engine, outcome, &hash, f))
        .collect()
}

/// An ingested article scored (or why not), with its file's hash and note.
fn prepared(
    engine: &Engine,
    outcome: Result<ingest::Article, Skipped>,
    hash: &str,
    f: &inputs::InputFile,
) -> Prepared {
    match outcome {
        Ok(article) => {
            let (mut scored, sketch) = engine.score_sketched(&article);
            scored.sha256 = hash.to_string();
            scored.warnings.extend(f.note.clone());
            Prepared::Article(Box::new(scored), sketch)
        }
        Err(mut s) => {
            s.sha256 = hash.to_string();
            Prepared::Skipped(s)
        }
    }
}

/// Reads an export row by row, scoring each row and handing it on (with `work` applied)
/// before the next is read: what [`Prepared::Table`] becomes on the in-order step.
fn table_rows<T>(
    engine: &Engine,
    options: &RunOptions,
    work: &(dyn Fn(&mut model::ArticleReport) -> T + Sync),
    f: &inputs::InputFile,
    emit: &mut dyn FnMut(Prepared, Option<T>),
) {
    let bytes = match inputs::read(f) {
        Ok(b) => b,
        Err(reason) => {
            let skipped = Skipped {
                path: f.display.clone(),
                reason,
                ..Default::default()
            };
            return emit(Prepared::Skipped(skipped), None);
        }
    };
    let hash = score::sha256_hex(&bytes);
    let mut each = |outcome| {
        let mut p = prepared(engine, outcome, &hash, f);
        let t = match &mut p {
            Prepared::Article(a, ..) => Some(work(a)),
            _ => None,
        };
        emit(p, t);
    };
    match ingest::decode_file(&f.display, &f.full, bytes, &engine.config, options) {
        Ok(table) => table.for_each_row(&engine.config, options, each),
        Err(outcomes) => outcomes.into_iter().for_each(&mut each),
    }
}

/// Feeds `bytes` through every format's ingest, then matching, stance and scoring, and
/// checks that every mention's offsets lie inside its source. The fuzz target
/// (`fuzz/fuzz_targets/ingest.rs`) and the hostile-input test (`tests/hostile.rs`) call
/// this, so both exercise exactly the path a run takes.
#[doc(hidden)]
pub fn exercise(engine: &Engine, bytes: &[u8]) {
    use crate::dedup::twins;
    use ingest::{ingest_file, Format};
    for format in Format::ALL {
        let options = RunOptions {
            format: Some(format),
            keep_boilerplate: bytes.first().is_some_and(|b| b & 1 == 1),
            output: None,
        };
        let mut twins = twins::TwinIndex::default();
        let outcomes = ingest_file(
            "fuzz",
            std::path::Path::new("fuzz"),
            bytes.to_vec(),
            &engine.config,
            &options,
        );
        for (i, article) in outcomes.into_iter().flatten().enumerate() {
            let report = engine.score(&article);
            for m in &report.mentions {
                assert!(
                    m.start <= m.end && m.end <= article.source.len(),
                    "{format:?}: mention {}..{} outside a source of {} bytes",
                    m.start,
                    m.end,
                    article.source.len()
                );
            }
            let sketch = twins::sketch(&article.body);
            // A run takes the sketch from scoring's own words: the same one.
            let (again, from_scoring) = engine.score_sketched(&article);
            assert_eq!(again, report, "{format:?}");
            assert_eq!(from_scoring.hashes(), sketch.hashes(), "{format:?}");
            let _ = twins.find(&sketch);
            twins.insert(&i.to_string(), sketch);
        }
    }
}
