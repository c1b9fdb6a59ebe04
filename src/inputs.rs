//! Finding the input files: the paths given (files and folders, walked in sorted order),
//! minus `[corpus].exclude`. Everything found is either read or reported as skipped.

use crate::config::Config;
use crate::ingest::{absolute, display_path, Format, EXTENSIONS};
use crate::model::Skipped;
use std::path::{Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// As shown in reports.
    pub display: String,
    /// As opened.
    pub full: PathBuf,
}

/// Files larger than this are skipped: no news article is this long, and reading one would
/// hold the whole file in memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Walks `paths` (the config's corpus paths when empty). Folders are walked recursively in
/// name order; hidden files and folders (starting with `.`) are not walked into. Files of a
/// format framelens does not read are listed as skipped, so nothing vanishes unseen. With
/// `forced` (`--input-format`), every file is read as that format.
pub fn discover(
    config: &Config,
    paths: &[PathBuf],
    forced: Option<Format>,
) -> (Vec<InputFile>, Vec<Skipped>) {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        config.corpus_paths.clone()
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in &roots {
        walk(root, true, &mut files, &mut skipped);
    }
    files.sort();
    files.dedup();
    let mut out = Vec::new();
    for full in files {
        let display = display_path(&full);
        let excluded = config
            .corpus_exclude
            .as_ref()
            .is_some_and(|g| g.is_match(&display) || g.is_match(absolute(&full)));
        if excluded {
            skipped.push(Skipped {
                path: display,
                reason: "excluded by [corpus].exclude".into(),
                sha256: String::new(),
                duplicate_of: None,
            });
        } else if forced.is_none() && Format::of(&full).is_none() {
            let ext = full
                .extension()
                .map(|e| format!(" `.{}`", e.to_string_lossy()))
                .unwrap_or_default();
            skipped.push(Skipped {
                path: display,
                reason: format!(
                    "unsupported file type{ext} (framelens reads {EXTENSIONS}; --input-format forces one)"
                ),
                sha256: String::new(),
                duplicate_of: None,
            });
        } else {
            out.push(InputFile { display, full });
        }
    }
    (out, skipped)
}

fn walk(path: &Path, explicit: bool, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden && !explicit {
        return;
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for c in children {
                    walk(&c, false, files, skipped);
                }
            }
            Err(e) => skipped.push(Skipped {
                path: display_path(path),
                reason: format!("cannot read folder: {e}"),
                sha256: String::new(),
                duplicate_of: None,
            }),
        },
        Ok(_) => files.push(path.to_path_buf()),
        Err(e) => skipped.push(Skipped {
            path: display_path(path),
            reason: if e.kind() == std::io::ErrorKind::NotFound {
                "does not exist".into()
            } else {
                format!("cannot read: {e}")
            },
            sha256: String::new(),
            duplicate_of: None,
        }),
    }
}

/// Reads a file once, refusing files too large to be an article.
pub fn read(file: &InputFile) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(&file.full).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large ({} bytes; the limit is {MAX_FILE_BYTES})",
            meta.len()
        ));
    }
    std::fs::read(&file.full).map_err(|e| format!("cannot read: {e}"))
}
