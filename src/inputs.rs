//! Finding the input files: the paths given (files and folders, walked in sorted order),
//! minus `[corpus].exclude`. Everything found is either read or reported as skipped.

use crate::config::Config;
use crate::ingest::{absolute_in, display_path, display_path_in, working_dir, Format, EXTENSIONS};
use crate::model::Skipped;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// As shown in reports.
    pub display: String,
    /// As opened.
    pub full: PathBuf,
    /// Its size in bytes when the walk asked for it (a path given, a symbolic link); `None`
    /// for a file found in a folder listing, which [`read`] reads without asking.
    pub size: Option<u64>,
}

/// The files a run reads, in path order: a path and a size each, not the `InputFile` (two
/// strings) each is handed on as, so a corpus of a million files lists in about 90 MB less.
#[derive(Debug, Default)]
pub struct InputFiles {
    cwd: PathBuf,
    /// Each file as opened, with its size when known ([`NO_SIZE`] when not).
    files: Vec<(Box<Path>, u64)>,
}

/// The size of a file whose size the walk did not ask for.
const NO_SIZE: u64 = u64::MAX;

impl InputFiles {
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The `i`th file, in path order.
    pub fn get(&self, i: usize) -> Option<InputFile> {
        let (full, size) = self.files.get(i)?;
        Some(InputFile {
            display: display_path_in(full, &self.cwd),
            full: full.to_path_buf(),
            size: (*size != NO_SIZE).then_some(*size),
        })
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = InputFile> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
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
) -> (InputFiles, Vec<Skipped>) {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        config.corpus_paths.clone()
    } else {
        paths.to_vec()
    };
    let mut files: Vec<(Box<Path>, u64)> = Vec::new();
    let mut skipped = Vec::new();
    for root in &roots {
        walk(root, true, None, &mut files, &mut skipped);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let cwd = working_dir();
    // Filtered in place: a second list of a million paths would double the peak.
    // The display path is made only for a file that is skipped or when exclude globs need it:
    // for most files it is made later, on a scoring thread.
    files.retain(|(full, _)| {
        let excluded = config.corpus_exclude.as_ref().is_some_and(|g| {
            g.is_match(display_path_in(full, &cwd)) || g.is_match(absolute_in(full, &cwd))
        });
        if excluded {
            skipped.push(Skipped {
                path: display_path_in(full, &cwd),
                reason: "excluded by [corpus].exclude".into(),
                sha256: String::new(),
                duplicate_of: None,
            });
            false
        } else if forced.is_none() && Format::of(full).is_none() {
            let ext = full
                .extension()
                .map(|e| format!(" `.{}`", e.to_string_lossy()))
                .unwrap_or_default();
            skipped.push(Skipped {
                path: display_path_in(full, &cwd),
                reason: format!(
                    "unsupported file type{ext} (framelens reads {EXTENSIONS}; --input-format forces one)"
                ),
                sha256: String::new(),
                duplicate_of: None,
            });
            false
        } else {
            true
        }
    });
    files.shrink_to_fit();
    (InputFiles { cwd, files }, skipped)
}

/// What the walk knows of a path before asking for its metadata: the type a folder listing
/// gives with each name (no system call on most file systems).
type Listed = Option<std::fs::FileType>;

fn walk(
    path: &Path,
    explicit: bool,
    listed: Listed,
    files: &mut Vec<(Box<Path>, u64)>,
    skipped: &mut Vec<Skipped>,
) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden && !explicit {
        return;
    }
    // A plain file or folder named in a listing needs no metadata call; a symbolic link (it
    // is followed), anything else and the paths given are looked up.
    match listed {
        Some(t) if t.is_dir() => {}
        Some(t) if t.is_file() => {
            files.push((path.into(), NO_SIZE));
            return;
        }
        _ => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                files.push((path.into(), m.len()));
                return;
            }
            Err(e) => {
                skipped.push(Skipped {
                    path: display_path(path),
                    reason: if e.kind() == std::io::ErrorKind::NotFound {
                        "does not exist".into()
                    } else {
                        format!("cannot read: {e}")
                    },
                    sha256: String::new(),
                    duplicate_of: None,
                });
                return;
            }
        },
    }
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut children: Vec<(PathBuf, Listed)> = entries
                .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
                .collect();
            children.sort_by(|a, b| a.0.cmp(&b.0));
            for (c, t) in children {
                walk(&c, false, t, files, skipped);
            }
        }
        Err(e) => skipped.push(Skipped {
            path: display_path(path),
            reason: format!("cannot read folder: {e}"),
            sha256: String::new(),
            duplicate_of: None,
        }),
    }
}

/// Bytes read before asking a file of unknown size for its size: most articles are smaller,
/// and are read with no metadata call at all.
const FIRST_READ: usize = 16 * 1024;

/// Reads a file once, refusing files too large to be an article. A file found in a folder
/// listing is read without a metadata call; only one that fills `FIRST_READ` (16 KiB) is
/// asked its size (on the open file), to refuse it before reading more and to size the
/// buffer.
pub fn read(file: &InputFile) -> Result<Vec<u8>, String> {
    let too_large = |len: u64| format!("too large ({len} bytes; the limit is {MAX_FILE_BYTES})");
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    if let Some(size) = file.size.filter(|&s| s > MAX_FILE_BYTES) {
        return Err(too_large(size));
    }
    let mut f = std::fs::File::open(&file.full).map_err(cannot)?;
    let mut bytes = Vec::new();
    let size = match file.size {
        Some(size) => size,
        None => {
            bytes.reserve_exact(FIRST_READ);
            (&mut f)
                .take(FIRST_READ as u64)
                .read_to_end(&mut bytes)
                .map_err(cannot)?;
            if bytes.len() < FIRST_READ {
                return Ok(bytes);
            }
            let size = f.metadata().map_err(cannot)?.len();
            if size > MAX_FILE_BYTES {
                return Err(too_large(size));
            }
            size
        }
    };
    // One byte more than the size, so the read that finds the end needs no new room.
    bytes.reserve_exact((size as usize + 1).saturating_sub(bytes.len()));
    let left = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
    f.take(left).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // The file grew past the limit since it was found: say how large it is now.
        let len = std::fs::metadata(&file.full).map_or(bytes.len() as u64, |m| m.len());
        return Err(too_large(len));
    }
    Ok(bytes)
}
