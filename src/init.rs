//! `framelens init` (a starter config and one sample article) and `framelens check`'s lexicon lint.

use crate::lexicon::Owner;
use crate::score::Engine;
use std::path::{Path, PathBuf};

const STARTER_CONFIG: &str = r#"# framelens starter config: edit the frames, then run `framelens report --config framelens.toml`.

[report]
title = "Framing report"                       # shown at the top of every report
description = "Frames in the sample article."  # Markdown, optional

[corpus]
paths = ["articles/"]                          # files and folders, relative to this file

[[outlet]]
id = "sample-outlet"                           # a-z, 0-9, _ and -
name = "Sample Outlet"                         # shown in the report
signatures = ["Sample Outlet"]                 # text that identifies the outlet in an article

[[frame]]
id = "alliance"
label = "Alliance / bloc"
terms = ["alliance", "military bloc", "pact", "pacts"]   # words or phrases; `stem*` for prefixes

[[frame]]
id = "partnership"
label = "Partnership"
terms = ["partnership", "cooperation", "partners"]

[[contrast]]
id = "alliance-vs-partnership"                 # (left - right) / (left + right) of endorsed mentions
left = "alliance"
right = "partnership"

[[actor]]
id = "west"
label = "US / West"
terms = [{ term = "US", case_sensitive = true }, "Washington", "NATO"]
"#;

const STARTER_ARTICLE: &str = "Title: Leaders praise their partnership\nSource: Sample Outlet\nDate: 2031-03-15\nNote: a sample written by framelens init; the outlet is fictional.\nText:\nThe two leaders called their ties a partnership, not an alliance.\nCritics in Washington spoke of a so-called pact aimed at NATO.\n";

/// Writes `framelens.toml` and `articles/sample.txt` into `dir`, never overwriting a file.
pub fn write_starter(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let files = [
        (dir.join("framelens.toml"), STARTER_CONFIG),
        (dir.join("articles").join("sample.txt"), STARTER_ARTICLE),
    ];
    for (p, _) in &files {
        if p.exists() {
            anyhow::bail!(
                "{} exists already; init never overwrites a file",
                p.display()
            );
        }
    }
    for (p, text) in &files {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Lexicon warnings: a term in two frames, a term listed twice, stems too short to be safe.
pub fn lint(engine: &Engine) -> Vec<String> {
    let mut out = Vec::new();
    let pats = engine.lexicon.patterns();
    let frames = &engine.config.frames;
    for (i, a) in pats.iter().enumerate() {
        let Owner::Frame(fa) = a.owner else { continue };
        if a.parsed.stem && a.parsed.tokens.len() == 1 && a.parsed.tokens[0].chars().count() < 4 {
            out.push(format!(
                "frame `{}`: stem `{}` is shorter than 4 letters and will match many unrelated words",
                frames[fa as usize].id, a.spec.text
            ));
        }
        for b in &pats[i + 1..] {
            let Owner::Frame(fb) = b.owner else { continue };
            if a.parsed.tokens == b.parsed.tokens && a.parsed.stem == b.parsed.stem {
                if fa == fb {
                    out.push(format!(
                        "frame `{}`: `{}` and `{}` are the same term",
                        frames[fa as usize].id, a.spec.text, b.spec.text
                    ));
                } else {
                    out.push(format!(
                        "`{}` is a term of both `{}` and `{}`: each mention counts for both",
                        a.spec.text, frames[fa as usize].id, frames[fb as usize].id
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn starter_config_is_valid_and_init_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_starter(dir.path()).unwrap();
        assert_eq!(written.len(), 2);
        Config::load(&written[0]).unwrap();
        let err = write_starter(dir.path()).unwrap_err().to_string();
        assert!(err.contains("exists already"), "{err}");
    }
}
