//! The `framelens` binary: parse the command line, run the library, map the outcome to an
//! exit code. All printing happens here.

use clap::Parser;
use framelens::cli::{Cli, Command, ExplainArgs, ReportArgs, ScoreArgs};
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Report(a) => report(a),
        Command::Score(a) => score(a),
        Command::Explain(a) => explain(a),
        Command::Check(a) => check(&a.config),
        Command::Init(a) => framelens::init::write_starter(&a.dir)
            .map(|written| {
                for p in written {
                    eprintln!("wrote {}", p.display());
                }
                0
            })
            .map_err(Failure::from),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

fn report(a: ReportArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let options = framelens::cli::run_options(a.input_format, a.keep_boilerplate);
    let report = framelens::run_with(&engine, &a.paths, &options);
    for s in &report.inputs.skipped {
        eprintln!("skipped {}: {}", s.path, s.reason);
    }
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
    let rendered = framelens::output::render_all(&report, &a.out, &formats)?;
    if a.check {
        let stale = rendered.stale();
        if stale.is_empty() {
            eprintln!("{} is up to date", a.out.display());
            return Ok(0);
        }
        for p in &stale {
            eprintln!("out of date: {}", p.display());
        }
        return Ok(1);
    }
    rendered.write()?;
    let mentions: usize = report.articles.iter().map(|x| x.mentions.len()).sum();
    eprintln!(
        "wrote {} ({} articles from {} outlets, {} mentions; {} inputs skipped)",
        rendered
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        report.articles.len(),
        report.outlets.len(),
        mentions,
        report.inputs.skipped.len()
    );
    Ok(0)
}

fn score(a: ScoreArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let options = framelens::cli::run_options(a.input_format, a.keep_boilerplate);
    let report = framelens::run_with(&engine, &a.paths, &options);
    for s in &report.inputs.skipped {
        eprintln!("skipped {}: {}", s.path, s.reason);
    }
    let mut out = String::new();
    for article in &report.articles {
        out.push_str(&serde_json::to_string(article).map_err(anyhow::Error::from)?);
        out.push('\n');
    }
    print!("{out}");
    Ok(0)
}

fn explain(a: ExplainArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let report = framelens::run(&engine, std::slice::from_ref(&a.file));
    if let Some(s) = report.inputs.skipped.first() {
        return Err(Failure {
            code: 3,
            error: anyhow::anyhow!("{}: {}", s.path, s.reason),
        });
    }
    let Some(article) = report.articles.first() else {
        return Err(anyhow::anyhow!("{}: no article", a.file.display()).into());
    };
    print!("{}", framelens::explain::explain(&report, article));
    Ok(0)
}

fn check(config: &std::path::Path) -> Result<u8, Failure> {
    let engine = framelens::engine(config)?;
    let lint = framelens::init::lint(&engine);
    println!(
        "{}: ok ({} frames, {} contrasts, {} actors, {} outlets, {} terms)",
        config.display(),
        engine.config.frames.len(),
        engine.config.contrasts.len(),
        engine.config.actors.len(),
        engine.config.outlets.len(),
        engine.lexicon.patterns().len()
    );
    for w in &lint {
        println!("warning: {w}");
    }
    Ok(0)
}
