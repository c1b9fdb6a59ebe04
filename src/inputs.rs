//! Finding the input files: the paths given (files and folders, walked in sorted order),
//! minus `[corpus].exclude`. Everything found is either read or reported as skipped.

use crate::config::Config;
use crate::ingest::{absolute_in, display_path, display_path_in, working_dir, Format, EXTENSIONS};
use crate::model::Skipped;
use std::collections::BTreeMap;
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

/// The files a run reads, in path order, held compactly: a corpus is mostly many files in
/// few folders, so each file keeps its name and the index of its folder (about 20 bytes for
/// a typical article's name), not its whole path; a million files list in about 20 MB.
/// [`InputFiles::get`] puts the path back together.
#[derive(Debug, Default)]
pub struct InputFiles {
    cwd: PathBuf,
    /// The folders files are in: one is added when a file's folder is not the previous
    /// file's, so a folder is listed once per run of its files (mostly once).
    dirs: Vec<PathBuf>,
    /// Every file's name, one after the other.
    names: String,
    /// Per file: where its name ends in `names`.
    ends: Vec<usize>,
    /// Per file: its folder in `dirs`.
    dir_of: Vec<u32>,
    /// Sizes the walk asked for (paths given, symbolic links), by file index; a file found in
    /// a folder listing has none ([`read`] reads it without asking).
    sizes: BTreeMap<usize, u64>,
    /// Files whose name is not valid UTF-8, or whose path is not its folder joined with its
    /// name (a path given as `file.txt/`, say): rare, and kept whole, by file index.
    odd: BTreeMap<usize, PathBuf>,
}

impl InputFiles {
    fn new(cwd: PathBuf) -> InputFiles {
        InputFiles {
            cwd,
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Adds a file after those listed so far.
    fn push(&mut self, full: &Path, size: Option<u64>) {
        let i = self.len();
        let (dir, name) = match (full.parent(), full.file_name().and_then(|n| n.to_str())) {
            (Some(dir), Some(name)) if dir.join(name) == full => (dir, name),
            _ => {
                self.odd.insert(i, full.to_path_buf());
                (Path::new(""), "")
            }
        };
        if self.dirs.last().is_none_or(|d| d != dir) {
            self.dirs.push(dir.to_path_buf());
        }
        self.dir_of.push((self.dirs.len() - 1) as u32);
        self.names.push_str(name);
        self.ends.push(self.names.len());
        if let Some(size) = size {
            self.sizes.insert(i, size);
        }
    }

    /// Adds the file `name` of the folder `dir` (a plain name, no separator), found in its
    /// listing. `listed_as` remembers where `dir` is among the folders, so that it is added
    /// once for each run of its files with no path compared.
    fn push_in(&mut self, dir: &Path, listed_as: &mut Option<u32>, name: &str) {
        let current = self.dirs.len().checked_sub(1).map(|d| d as u32);
        if listed_as.is_none() || *listed_as != current {
            self.dirs.push(dir.to_path_buf());
            *listed_as = Some((self.dirs.len() - 1) as u32);
        }
        self.dir_of.push((self.dirs.len() - 1) as u32);
        self.names.push_str(name);
        self.ends.push(self.names.len());
    }

    /// The path of the `i`th file, as opened.
    fn full(&self, i: usize) -> PathBuf {
        if let Some(p) = self.odd.get(&i) {
            return p.clone();
        }
        let start = i.checked_sub(1).map_or(0, |k| self.ends[k]);
        self.dirs[self.dir_of[i] as usize].join(&self.names[start..self.ends[i]])
    }

    /// The `i`th file, in path order.
    pub fn get(&self, i: usize) -> Option<InputFile> {
        if i >= self.len() {
            return None;
        }
        let full = self.full(i);
        Some(InputFile {
            display: display_path_in(&full, &self.cwd),
            full,
            size: self.sizes.get(&i).copied(),
        })
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = InputFile> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn shrink_to_fit(&mut self) {
        self.dirs.shrink_to_fit();
        self.names.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.dir_of.shrink_to_fit();
    }

    /// Keeps the files for which `keep` holds (given the path as opened), in their order, in
    /// place: no second list is built beside the first.
    fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        let mut names = std::mem::take(&mut self.names).into_bytes();
        let (old_sizes, old_odd) = (
            std::mem::take(&mut self.sizes),
            std::mem::take(&mut self.odd),
        );
        // File `i`'s name is at `start..ends[i]`; kept names are moved down to `written`.
        let (mut kept, mut start, mut written) = (0, 0, 0);
        for i in 0..self.len() {
            let end = self.ends[i];
            let full = match old_odd.get(&i) {
                Some(p) => p.clone(),
                None => {
                    let name = std::str::from_utf8(&names[start..end]).unwrap_or_default();
                    self.dirs[self.dir_of[i] as usize].join(name)
                }
            };
            if keep(&full) {
                names.copy_within(start..end, written);
                written += end - start;
                self.ends[kept] = written;
                self.dir_of[kept] = self.dir_of[i];
                if let Some(&size) = old_sizes.get(&i) {
                    self.sizes.insert(kept, size);
                }
                if old_odd.contains_key(&i) {
                    self.odd.insert(kept, full);
                }
                kept += 1;
            }
            start = end;
        }
        names.truncate(written);
        self.ends.truncate(kept);
        self.dir_of.truncate(kept);
        // Whole names were moved, so the bytes are still UTF-8.
        self.names = String::from_utf8(names).unwrap_or_default();
    }

    /// The files for which `keep` holds, in the order of `order` (indices into `self`).
    fn select(
        &self,
        order: impl Iterator<Item = usize>,
        mut keep: impl FnMut(&Path) -> bool,
    ) -> InputFiles {
        let mut out = InputFiles::new(self.cwd.clone());
        for i in order {
            let full = self.full(i);
            if keep(&full) {
                out.push(&full, self.sizes.get(&i).copied());
            }
        }
        out
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
    let cwd = working_dir();
    let mut files = InputFiles::new(cwd.clone());
    let mut skipped = Vec::new();
    for root in &roots {
        walk(root, true, None, &mut files, &mut skipped);
    }
    // One folder walked in name order, depth first, is already in path order; files from
    // several paths given are put in order, and a file found twice is read once.
    let order: Vec<usize> = if roots.len() > 1 {
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_cached_key(|&i| files.full(i));
        order.dedup_by(|a, b| files.full(*a) == files.full(*b));
        order
    } else {
        Vec::new()
    };
    // The display path is made only for a file that is skipped or when exclude globs need it:
    // for most files it is made later, on a scoring thread.
    let keep = |full: &Path| {
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
    };
    let mut files = if roots.len() > 1 {
        files.select(order.into_iter(), keep)
    } else {
        files.retain(keep);
        files
    };
    files.shrink_to_fit();
    (files, skipped)
}

/// What the walk knows of a path before asking for its metadata: the type a folder listing
/// gives with each name (no system call on most file systems).
type Listed = Option<std::fs::FileType>;

fn walk(
    path: &Path,
    explicit: bool,
    listed: Listed,
    files: &mut InputFiles,
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
            files.push(path, None);
            return;
        }
        _ => match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                files.push(path, Some(m.len()));
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
            // Sorted by name alone: all share this folder, so that is their path order, and
            // comparing names is cheaper than comparing paths component by component.
            let mut children: Vec<(std::ffi::OsString, Listed)> = entries
                .filter_map(|e| e.ok().map(|e| (e.file_name(), e.file_type().ok())))
                .collect();
            children.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            // Where this folder is in the file list's folders, while no other was added.
            let mut listed_as = None;
            for (name, t) in children {
                let plain = name.to_str().filter(|n| !n.starts_with('.'));
                match (t, plain) {
                    // A plain file with a UTF-8 name goes in without building its path.
                    (Some(t), Some(name)) if t.is_file() => {
                        files.push_in(path, &mut listed_as, name)
                    }
                    _ => walk(&path.join(&name), false, t, files, skipped),
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Filtering in place keeps the files chosen, in order, with their sizes and whole paths,
    /// whatever runs of them are dropped.
    #[test]
    fn retain_keeps_the_chosen_files_in_order() {
        let mut paths: Vec<PathBuf> = [
            "a/one.txt",
            "a/two.md",
            "a/ünï.txt",
            "b/three.png",
            "b/four.txt",
            "c/d/five.csv",
            "c/d/six.txt",
        ]
        .map(PathBuf::from)
        .into();
        // A name that is not UTF-8 is kept whole, apart from the names.
        #[cfg(unix)]
        paths.insert(5, {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(std::ffi::OsStr::from_bytes(b"c/bad\xff.txt"))
        });
        for mask in 0u32..(1 << paths.len()) {
            let mut files = InputFiles::new(PathBuf::from("/work"));
            for (i, p) in paths.iter().enumerate() {
                files.push(p, (i % 3 == 0).then_some(i as u64 * 10));
            }
            #[cfg(unix)]
            assert_eq!(files.odd.len(), 1);
            let before: Vec<InputFile> = files.iter().collect();
            files.retain(|p| {
                let i = before.iter().position(|f| f.full == p).unwrap();
                mask & (1 << i) != 0
            });
            let want: Vec<InputFile> = before
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, f)| f)
                .collect();
            assert_eq!(files.iter().collect::<Vec<_>>(), want, "mask {mask:08b}");
        }
    }
}
