//! The `framelens` binary: parse the command line, run the library, map the outcome to an
//! exit code. All printing happens here.

use clap::Parser;
use framelens::cli::{Cli, Command, ExplainArgs, ReportArgs, ScoreArgs, TextArgs};
use framelens::config::ConfigError;
use framelens::render::Format;
use std::process::ExitCode;

mod validation_cmd;
use validation_cmd as validation;

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
/// the system allocator serialises such cross-thread frees on a lock per arena; mimalloc
/// frees them without one. Built with `no_thp`: mimalloc otherwise asks for transparent huge
/// pages, and the kernel then zeroes 2 MiB for each fresh region it touches, which costs more
/// time and memory than it saves (see docs/performance.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // SIGINT and SIGTERM remove the run's temporary files on the way out.
    if let Err(e) = framelens::cleanup::clean_up_on_signals() {
        eprintln!("warning: cannot handle SIGINT and SIGTERM: {e}");
    }
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
        Command::Sample(a) => validation::sample(&a, v),
        Command::Validate(a) => validation::validate(&a),
        Command::Suggest(a) => validation::suggest(&a),
        Command::Init(a) => framelens::init::write_starter(&a.dir)
            .map(|written| {
                for p in written {
                    eprintln!("wrote {}", p.display());
                }
                0
            })
            .map_err(Failure::from),
        Command::Import(a) => import(&a),
        Command::Export(a) => framelens::config::Config::load(&a.config.config)
            .map(|config| {
                print!("{}", framelens::dictionary::to_yaml(&config));
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
            eprintln!("skipped {}: {}", shown(&s.path), shown(&s.reason));
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
    let mut options = a.reading.run_options();
    // The output folder is never read as input, even when it lies in the corpus.
    options.output = Some(a.out.clone());
    if a.scores.is_empty() && v > Verbosity::Quiet {
        tell_output_not_read(&engine, &a);
    }
    let coded = validation::coded_rows(&engine)?;
    let _lock = lock_out(&a, v)?;
    let previous_json = a.out.join("report.json");
    let (report, previous) = std::thread::scope(|s| {
        // The previous report needs nothing of this run: it is read on its own thread while
        // the articles are scored (a scheduled rerun then waits for neither after the other).
        let previous = s.spawn(|| framelens::since_last::read_previous(&previous_json));
        let report = build_report(&engine, &a, &options, v);
        let previous = previous
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (report, previous)
    });
    let mut report = report?;
    report.validation = validation::configured(&engine, &a.paths, &options, coded.as_deref());
    framelens::audit::flag_low_precision(&mut report.audit, report.validation.as_ref());
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
    let formats = parse_formats(&a.format)?;
    let previous = previous.unwrap_or_else(|e| {
        if v > Verbosity::Quiet {
            eprintln!("warning: {e}");
        }
        None
    });
    let json_unchanged = framelens::since_last::apply(&mut report, previous.as_ref())
        .map_err(anyhow::Error::from)?;
    let mut rendered =
        framelens::output::render_all(&report, &a.out, &formats)?.threads(a.reading.threads);
    if json_unchanged {
        // The previous report.json has the very bytes this report renders to.
        rendered = rendered.current("report.json");
    }
    if a.check {
        return check_up_to_date(&rendered, &a.out, v);
    }
    rendered.write()?;
    if v > Verbosity::Quiet {
        tell_written(&report, &rendered);
    }
    Ok(0)
}

/// Says which of the report's own files are not read as input, when the output folder lies
/// in the corpus.
fn tell_output_not_read(engine: &framelens::score::Engine, a: &ReportArgs) {
    match framelens::inputs::output_inside(&engine.config, &a.paths, &a.out) {
        Some(true) => eprintln!(
            "not reading {} in {}: they are this report's output",
            framelens::inputs::output_files()
                .collect::<Vec<_>>()
                .join(", "),
            a.out.display()
        ),
        Some(false) => eprintln!("not reading {}: it is the output folder", a.out.display()),
        None => {}
    }
}

/// The report: the corpus scored (with a progress bar), or read from the `--scores` files.
fn build_report(
    engine: &framelens::score::Engine,
    a: &ReportArgs,
    options: &framelens::RunOptions,
    v: Verbosity,
) -> Result<framelens::model::Report, Failure> {
    if !a.scores.is_empty() {
        return framelens::run::scores::report_from_scores(engine, &a.scores)
            .map_err(Failure::from);
    }
    let bar = Progress::new(v);
    let report = framelens::Run::new(engine)
        .options(options.clone())
        .threads(a.reading.threads)
        .spill_after(framelens::spill::SPILL_AFTER)
        .progress(&|d, t| bar.set(d, t))
        .report(&a.paths);
    bar.finish();
    report.map_err(|e| Failure::from(anyhow::Error::from(e)))
}

/// The `--format` names as formats; an unknown name is an error.
fn parse_formats(names: &[String]) -> Result<Vec<Format>, Failure> {
    let formats = names
        .iter()
        .map(|f| f.parse::<Format>())
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(formats)
}

/// `--check`: exit code 0 when every output file is up to date, 1 (naming each one out of
/// date) when one is not. Nothing is written.
fn check_up_to_date(
    rendered: &framelens::output::Rendered,
    out: &std::path::Path,
    v: Verbosity,
) -> Result<u8, Failure> {
    let stale = rendered.stale()?;
    if stale.is_empty() {
        if v > Verbosity::Quiet {
            eprintln!("{} is up to date", out.display());
        }
        return Ok(0);
    }
    for p in &stale {
        eprintln!("out of date: {}", p.display());
    }
    Ok(1)
}

/// Says which files were written, and what the report counted.
fn tell_written(report: &framelens::model::Report, rendered: &framelens::output::Rendered) {
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
}

/// Takes the lock of the output folder for the run (see `framelens::cleanup`), waiting for
/// another run with `--wait`, and, for a run that writes, finishes what a killed run left.
fn lock_out(a: &ReportArgs, v: Verbosity) -> Result<Option<framelens::cleanup::OutLock>, Failure> {
    use framelens::cleanup::{Busy, LockMode, OutLock};
    let mode = if a.check {
        LockMode::Read
    } else {
        framelens::cleanup::create_out_dir(&a.out)?;
        LockMode::Write
    };
    let lock = match OutLock::take(&a.out, mode, false) {
        Err(Busy::Held(holder)) if a.wait => {
            if v > Verbosity::Quiet {
                eprintln!(
                    "waiting for the framelens run ({}) writing to {}",
                    holder_or_unknown(&holder),
                    a.out.display()
                );
            }
            OutLock::take(&a.out, mode, true)
        }
        other => other,
    };
    let lock = match lock {
        Ok(lock) => lock,
        Err(Busy::Held(holder)) => {
            return Err(anyhow::anyhow!(
                "{} is in use by another framelens run ({}); nothing was done. Run again when it \
                 ends, or pass --wait to wait for it",
                a.out.display(),
                holder_or_unknown(&holder)
            )
            .into())
        }
        Err(Busy::Error(e)) => return Err(e.into()),
    };
    if mode == LockMode::Write {
        let recovered = framelens::output::recover(&a.out).map_err(|e| {
            anyhow::anyhow!("cannot tidy {} after an earlier run: {e}", a.out.display())
        })?;
        if v > Verbosity::Quiet && !recovered.published.is_empty() {
            eprintln!(
                "finished publishing {} that an interrupted run left half done in {}",
                recovered.published.join(", "),
                a.out.display()
            );
        }
        if v > Verbosity::Quiet && recovered.swept > 0 {
            eprintln!(
                "removed {} left in {} by an interrupted run",
                count(recovered.swept, "temporary file"),
                a.out.display()
            );
        }
    }
    Ok(lock)
}

/// A path or reason as the terminal shows it: its control characters (an ESC in a file name)
/// made visible, never obeyed.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    framelens::render::escape::visible_controls(text)
}

/// The lock holder as its lock file names it.
fn holder_or_unknown(holder: &str) -> &str {
    if holder.is_empty() {
        "process unknown"
    } else {
        holder
    }
}

fn score(a: ScoreArgs, v: Verbosity) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let options = a.reading.run_options();
    let stdout = std::io::stdout();
    // Lines run to several KB: they are written many at a time, as they are.
    let mut out = framelens::run::scores::Lines::new(stdout.lock());
    // The shard's header: what it is scored under, checked by `report --scores`.
    let mut error = out
        .push(framelens::shard::Header::of(&engine.config).to_line() + "\n")
        .err();
    let mut skipped = 0usize;
    let bar = Progress::new(v);
    // Articles are serialised on the scoring threads; this thread only writes.
    let progress = |d, t| bar.set(d, t);
    let run = framelens::Run::new(&engine)
        .options(options)
        .threads(a.reading.threads)
        .progress(&progress)
        .for_each_with(&a.paths, &framelens::run::scores::take_line, |o, line| {
            if let framelens::Outcome::Skipped(s) = &o {
                skipped += 1;
                if v == Verbosity::Verbose {
                    bar.println(&format!("skipped {}: {}", shown(&s.path), shown(&s.reason)));
                }
            }
            if error.is_none() {
                let line = line.unwrap_or_else(|| o.to_score_line() + "\n");
                if let Err(e) = out.push(line) {
                    error = Some(e);
                }
            }
        });
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

fn explain(a: ExplainArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    if a.file.is_dir() {
        return Err(anyhow::anyhow!(
            "{} is a folder: explain takes one article file (`framelens score` reads folders)",
            a.file.display()
        )
        .into());
    }
    let report = framelens::Run::new(&engine)
        .report(std::slice::from_ref(&a.file))
        .map_err(anyhow::Error::from)?;
    // A file that yields no article at all is an error; skipped rows of an export are told.
    if report.articles.is_empty() {
        let why = report.inputs.skipped.first().map_or_else(
            || "no article".to_string(),
            |s| format!("{}: {}", s.path, s.reason),
        );
        return Err(anyhow::anyhow!("{why}").into());
    }
    for s in &report.inputs.skipped {
        eprintln!("skipped {}: {}", shown(&s.path), shown(&s.reason));
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
        ..Default::default()
    };
    let (files, skipped) = framelens::inputs::discover(&config, &a.paths, format);
    for s in &skipped {
        eprintln!("skipped {}: {}", shown(&s.path), shown(&s.reason));
    }
    let mut shown = 0;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut write = |v: &framelens::textview::TextView| {
        let s = if a.json {
            framelens::textview::to_json(v) + "\n"
        } else {
            framelens::textview::render(v)
        };
        std::io::Write::write_all(&mut out, s.as_bytes()).map_err(anyhow::Error::from)
    };
    for f in &files {
        for v in framelens::textview::view_file(&f.display, &f.full, &config, &options) {
            match v {
                Ok(v) => {
                    shown += 1;
                    write(&v)?;
                }
                Err(none) => {
                    eprintln!("skipped {}", none.why);
                    // What left the page empty, so the user sees which rules did it.
                    if let Some(v) = none.removed {
                        write(&v)?;
                    }
                }
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
        let coded = validation::coded_rows(&engine)?;
        let mut report = framelens::Run::new(&engine)
            .report(&a.paths)
            .map_err(anyhow::Error::from)?;
        let options = framelens::RunOptions::default();
        let checked = validation::configured(&engine, &a.paths, &options, coded.as_deref());
        framelens::audit::flag_low_precision(&mut report.audit, checked.as_ref());
        println!();
        print!("{}", framelens::audit::audit_text(&report.audit));
    }
    Ok(0)
}

fn import(a: &framelens::cli::ImportArgs) -> Result<u8, Failure> {
    use framelens::cli::DictionaryFormat as F;
    use framelens::dictionary::{self, Format};
    let from = a.from.map(|f| match f {
        F::Yaml => Format::Yaml,
        F::Liwc => Format::Liwc,
        F::Lexicoder => Format::Lexicoder,
        F::Wordstat => Format::Wordstat,
    });
    let (format, dict) = dictionary::read(&a.file, from)?;
    let source = a.file.display().to_string();
    print!("{}", dictionary::to_toml(&dict, &source, format));
    let frames = dict
        .categories
        .iter()
        .filter(|c| !c.terms.is_empty())
        .count();
    let skipped = match dict.skipped.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    eprintln!(
        "{source}: {} from {}; {skipped} not converted (listed as comments at the top)",
        count(frames, "frame"),
        format.name(),
    );
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
