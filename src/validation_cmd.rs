//! The `sample`, `validate` and `suggest` commands of the binary: arguments in, the
//! library's [`framelens::validation`] run, files and text out.

use super::{Failure, Verbosity};
use framelens::cli::{SampleArgs, SuggestArgs, ValidateArgs};
use framelens::validation::{self as lib, sheet, Validation};
use std::path::{Path, PathBuf};

/// The rows of the coding sheets `[validation] coded` names, read before any article is
/// scored: a run that would fail on a missing sheet fails at once, not after the corpus.
pub fn coded_rows(
    engine: &framelens::score::Engine,
) -> Result<Option<Vec<sheet::ReadRow>>, Failure> {
    let files = &engine.config.validation_coded;
    if files.is_empty() {
        return Ok(None);
    }
    let rows = read_sheets(files).map_err(|e| {
        anyhow::anyhow!(
            "{e}\n  (named in [validation] coded of {}: paths there are relative to the config file; fix the path or remove it)",
            engine.config.path.display()
        )
    })?;
    Ok(Some(rows))
}

/// The validation of `[validation] coded` against the rows [`coded_rows`] read.
pub fn configured(
    engine: &framelens::score::Engine,
    paths: &[PathBuf],
    options: &framelens::RunOptions,
    rows: Option<&[sheet::ReadRow]>,
) -> Option<Validation> {
    rows.map(|rows| lib::validate::validate(engine, paths, options, rows))
}

fn read_sheets(files: &[PathBuf]) -> anyhow::Result<Vec<sheet::ReadRow>> {
    let mut rows = Vec::new();
    for f in files {
        let shown = framelens::ingest::display_path(f);
        let bytes = std::fs::read(f)
            .map_err(|e| anyhow::anyhow!("cannot read coding sheet {shown}: {e}"))?;
        rows.extend(sheet::read_bytes(&shown, &bytes)?);
    }
    Ok(rows)
}

pub fn sample(a: &SampleArgs, v: Verbosity) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let html_path = a.out.with_extension("html");
    if html_path == a.out {
        return Err(anyhow::anyhow!(
            "{}: the sheet is a CSV; name it with .csv (the HTML view goes beside it)",
            a.out.display()
        )
        .into());
    }
    if !a.force {
        for p in [&a.out, &html_path] {
            if p.exists() {
                return Err(anyhow::anyhow!(
                    "{} exists and may hold a coder's work; choose another --out, or pass --force to replace it",
                    p.display()
                )
                .into());
            }
        }
    }
    let options = framelens::RunOptions::default();
    let drawn = lib::sample::sample(&engine, &a.paths, &options, a.n, a.unmatched);
    if drawn.rows.is_empty() {
        return Err(anyhow::anyhow!(
            "nothing to sample: the corpus has no mention and no sentence without one"
        )
        .into());
    }
    let csv = sheet::write_csv(&drawn.rows);
    let csv_name = a
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let html = {
        use askama::Template;
        let mut page = sheet::CodingPage::new(&engine.config.title, &csv_name, &drawn.rows)
            .render()
            .map_err(anyhow::Error::from)?;
        if !page.ends_with('\n') {
            page.push('\n');
        }
        page
    };
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    }
    write(&a.out, &csv)?;
    write(&html_path, html.as_bytes())?;
    if v > Verbosity::Quiet {
        for s in &drawn.skipped {
            eprintln!("skipped {}: {}", s.path, s.reason);
        }
        let mentions = drawn.rows.iter().filter(|r| !r.is_unmatched()).count();
        let total: u64 = drawn.strata.values().map(|s| s.0).sum();
        eprintln!(
            "wrote {} and {} ({mentions} of {total} mentions from {} outlet × frame cells; {} of {} sentences with no mention)",
            a.out.display(),
            html_path.display(),
            drawn.strata.len(),
            drawn.unmatched.1,
            drawn.unmatched.0
        );
        if v == Verbosity::Verbose {
            for ((outlet, frame), (size, take)) in &drawn.strata {
                eprintln!("  {outlet} × {frame}: {take} of {size}");
            }
        }
    }
    Ok(0)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    framelens::output::write_atomic(path, bytes)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()).into())
}

pub fn validate(a: &ValidateArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let rows = read_sheets(&a.coded)?;
    let options = framelens::RunOptions::default();
    let v = lib::validate::validate(&engine, &a.corpus, &options, &rows);
    if a.json {
        let text = serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?;
        println!("{text}");
    } else {
        print!("{}", lib::validate::to_text(&v));
    }
    Ok(0)
}

pub fn suggest(a: &SuggestArgs) -> Result<u8, Failure> {
    let engine = framelens::engine(&a.config.config)?;
    let opts = lib::suggest::SuggestOptions {
        min_count: a.min_count,
        top: a.top,
    };
    let options = framelens::RunOptions::default();
    let found = lib::suggest::suggest(&engine, &a.corpus, &options, &a.frame, opts)?;
    print!("{}", lib::suggest::to_toml(&found, opts));
    Ok(0)
}
