//! Finding the input files: the paths given (files and folders, walked in sorted order),
//! minus `[corpus].exclude`. Everything found is either read or reported as skipped.

use crate::config::Config;
use crate::ingest::{absolute_in, display_path_in, working_dir, Format, EXTENSIONS};
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

/// Files larger than this are skipped: no news article is this long, and reading one would
/// hold the whole file in memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Walks `paths` (the config's corpus paths when empty) and lists what it finds. Folders are
/// walked recursively in name order; hidden files and folders (starting with `.`) are not
/// walked into. Files of a format framelens does not read are listed as skipped, so nothing
/// vanishes unseen. With `forced` (`--input-format`), every file is read as that format.
/// Files from several paths given are put in path order, and a file found twice is read
/// once. A run streams the same with [`Walk`] instead of holding the list.
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
    let cwd = working_dir();
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for root in &roots {
        for found in Walk::of(config, vec![root.clone()], forced) {
            match found.into_input(&cwd) {
                Ok(f) => files.push(f),
                Err(s) => skipped.push(s),
            }
        }
    }
    if roots.len() > 1 {
        files.sort_by(|a, b| a.full.cmp(&b.full));
        files.dedup_by(|a, b| a.full == b.full);
    }
    (files, skipped)
}

/// An input as the streaming walk ([`Walk`]) finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to read: its path as opened, and its size when the walk asked for it.
    File(PathBuf, Option<u64>),
    /// A path that is not read, and why.
    Skipped(Skipped),
}

impl Found {
    /// The file, with the path that reports show (made here, on the thread that reads it,
    /// rather than on the walk's).
    pub fn into_input(self, cwd: &Path) -> Result<InputFile, Skipped> {
        match self {
            Found::File(full, size) => Ok(InputFile {
                display: display_path_in(&full, cwd),
                full,
                size,
            }),
            Found::Skipped(s) => Err(s),
        }
    }
}

/// The inputs of a run in path order, found as they are asked for: memory holds the sorted
/// listings of the folders being walked (the largest folder's names, at most), not a list of
/// the corpus. The same files, skipped paths and order as [`discover`], with each skipped
/// path in its place in path order instead of first.
///
/// Several paths given are walked one after another, sorted, which is path order when none
/// is inside another (the usual case: several folders, or files in several folders). When
/// one is inside another (or the same path is given twice), the walk lists everything first
/// with [`discover`], which puts the files in order and reads a file found twice once.
pub struct Walk<'c> {
    config: &'c Config,
    forced: Option<Format>,
    cwd: PathBuf,
    roots: std::vec::IntoIter<PathBuf>,
    /// The folders being walked, innermost last.
    open: Vec<Folder>,
    /// Everything, listed by [`discover`] (the paths given overlap).
    listed: Option<std::vec::IntoIter<Found>>,
}

/// A folder being walked: its path, its entries sorted by name, and the next to visit.
struct Folder {
    path: PathBuf,
    entries: Vec<(std::ffi::OsString, Listed)>,
    next: usize,
}

impl<'c> Walk<'c> {
    /// A walk of `paths` (the config's corpus paths when empty); see [`discover`] for what is
    /// read and what is skipped.
    pub fn new(config: &'c Config, paths: &[PathBuf], forced: Option<Format>) -> Walk<'c> {
        let mut roots: Vec<PathBuf> = if paths.is_empty() {
            config.corpus_paths.clone()
        } else {
            paths.to_vec()
        };
        roots.sort();
        if roots.windows(2).any(|w| w[1].starts_with(&w[0])) {
            let (files, skipped) = discover(config, &roots, forced);
            let files = files.into_iter().map(|f| Found::File(f.full, f.size));
            let all: Vec<Found> = skipped
                .into_iter()
                .map(Found::Skipped)
                .chain(files)
                .collect();
            return Walk {
                listed: Some(all.into_iter()),
                ..Walk::of(config, Vec::new(), forced)
            };
        }
        Walk::of(config, roots, forced)
    }

    /// A walk of `roots`, one after the other.
    fn of(config: &'c Config, roots: Vec<PathBuf>, forced: Option<Format>) -> Walk<'c> {
        Walk {
            config,
            forced,
            cwd: working_dir(),
            roots: roots.into_iter(),
            open: Vec::new(),
            listed: None,
        }
    }

    /// Visits a path: a file is returned (or why it is skipped), a folder is opened.
    fn visit(&mut self, path: PathBuf, explicit: bool, listed: Listed) -> Option<Found> {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden && !explicit {
            return None;
        }
        // A plain file or folder named in a listing needs no metadata call; a symbolic link
        // (it is followed), anything else and the paths given are looked up.
        match listed {
            Some(t) if t.is_dir() => {}
            Some(t) if t.is_file() => return Some(self.admit(path, None)),
            _ => match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {}
                Ok(m) => return Some(self.admit(path, Some(m.len()))),
                Err(e) => {
                    return Some(Found::Skipped(skip(
                        display_path_in(&path, &self.cwd),
                        if e.kind() == std::io::ErrorKind::NotFound {
                            "does not exist".into()
                        } else {
                            format!("cannot read: {e}")
                        },
                    )))
                }
            },
        }
        match std::fs::read_dir(&path) {
            Ok(entries) => {
                // Sorted by name alone: all share this folder, so that is their path order.
                let mut entries: Vec<(std::ffi::OsString, Listed)> = entries
                    .filter_map(|e| e.ok().map(|e| (e.file_name(), e.file_type().ok())))
                    .collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                self.open.push(Folder {
                    path,
                    entries,
                    next: 0,
                });
                None
            }
            Err(e) => Some(Found::Skipped(skip(
                display_path_in(&path, &self.cwd),
                format!("cannot read folder: {e}"),
            ))),
        }
    }

    /// A file found: read, unless `[corpus].exclude` or its type rules it out.
    fn admit(&self, full: PathBuf, size: Option<u64>) -> Found {
        match refusal(self.config, self.forced, &full, &self.cwd) {
            Some(reason) => Found::Skipped(skip(display_path_in(&full, &self.cwd), reason)),
            None => Found::File(full, size),
        }
    }

    /// Counts the files a walk finds (for a progress bar's length), without keeping them.
    pub fn count_files(self) -> usize {
        self.filter(|f| matches!(f, Found::File(..))).count()
    }
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        if let Some(listed) = &mut self.listed {
            return listed.next();
        }
        loop {
            let found = match self.open.last_mut() {
                Some(folder) => {
                    let Some((name, listed)) = folder.entries.get_mut(folder.next) else {
                        self.open.pop();
                        continue;
                    };
                    folder.next += 1;
                    let (name, listed) = (std::mem::take(name), *listed);
                    let path = folder.path.join(name);
                    self.visit(path, false, listed)
                }
                None => {
                    let root = self.roots.next()?;
                    self.visit(root, true, None)
                }
            };
            if found.is_some() {
                return found;
            }
        }
    }
}

fn skip(path: String, reason: String) -> Skipped {
    Skipped {
        path,
        reason,
        sha256: String::new(),
        duplicate_of: None,
    }
}

/// Why a file found is not read: excluded by `[corpus].exclude`, or of a type framelens does
/// not read (unless `--input-format` forces one).
fn refusal(config: &Config, forced: Option<Format>, full: &Path, cwd: &Path) -> Option<String> {
    let excluded = config.corpus_exclude.as_ref().is_some_and(|g| {
        g.is_match(display_path_in(full, cwd)) || g.is_match(absolute_in(full, cwd))
    });
    if excluded {
        return Some("excluded by [corpus].exclude".into());
    }
    if forced.is_none() && Format::of(full).is_none() {
        let ext = full
            .extension()
            .map(|e| format!(" `.{}`", e.to_string_lossy()))
            .unwrap_or_default();
        return Some(format!(
            "unsupported file type{ext} (framelens reads {EXTENSIONS}; --input-format forces one)"
        ));
    }
    None
}

/// What the walk knows of a path before asking for its metadata: the type a folder listing
/// gives with each name (no system call on most file systems).
type Listed = Option<std::fs::FileType>;

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
    use crate::ingest::display_path;

    /// A config that excludes `**/skip-*`.
    fn config() -> Config {
        let toml = "[report]\ntitle = \"Walk\"\n\n[corpus]\nexclude = [\"**/skip-*\"]\n\n\
                    [[frame]]\nid = \"a\"\nlabel = \"A\"\nterms = [\"a\"]\n";
        Config::parse(Path::new("walk.toml"), toml).unwrap()
    }

    /// A tree with nested folders (walked between files of their parent), hidden entries,
    /// excluded and unsupported files, names that sort differently as bytes and as paths
    /// (`a` and `a.txt`), and a symbolic link.
    fn tree() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "a.txt",
            "a/z.txt",
            "a/b/one.md",
            "a/b/two.png",
            "a-b/three.txt",
            "b/.hidden.txt",
            ".git/config.txt",
            "b/skip-me.txt",
            "b/four.txt",
            "c/d/e/five.txt",
            "c/six.csv",
            "c/Upper.txt",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f).unwrap();
        }
        std::fs::create_dir_all(root.join("empty")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("b/four.txt"), root.join("c/link.txt")).unwrap();
        tmp
    }

    fn walk(config: &Config, paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>, Vec<String>) {
        let (mut files, mut skipped, mut all) = (Vec::new(), Vec::new(), Vec::new());
        for found in Walk::new(config, paths, None) {
            match found {
                Found::File(full, _) => {
                    all.push(display_path(&full));
                    files.push(full);
                }
                Found::Skipped(s) => {
                    all.push(s.path.clone());
                    skipped.push(format!("{}: {}", s.path, s.reason));
                }
            }
        }
        (files, skipped, all)
    }

    /// The streaming walk finds what the listing finds, in path order, with every skipped
    /// path in its place: for one folder, for several disjoint paths (walked one after the
    /// other), and for paths inside one another (listed, sorted, and read once).
    #[test]
    fn the_walk_finds_what_the_listing_finds_in_path_order() {
        let tmp = tree();
        let root = tmp.path();
        let config = config();
        let cases: Vec<Vec<PathBuf>> = vec![
            vec![root.to_path_buf()],
            vec![root.join("c"), root.join("a"), root.join("b/four.txt")],
            vec![
                root.join("a"),
                root.join("a/b"),
                root.join("a/z.txt"),
                root.join("c"),
            ],
            vec![root.join("missing"), root.join("b")],
            vec![root.join("b"), root.join("b")],
        ];
        for paths in cases {
            let (files, skipped, all) = walk(&config, &paths);
            let (listed, mut listed_skipped) = discover(&config, &paths, None);
            assert_eq!(
                files,
                listed.iter().map(|f| f.full.clone()).collect::<Vec<_>>(),
                "{paths:?}"
            );
            let mut skipped_sorted = skipped.clone();
            skipped_sorted.sort();
            listed_skipped.sort_by(|a, b| a.path.cmp(&b.path));
            let listed_skipped: Vec<String> = listed_skipped
                .iter()
                .map(|s| format!("{}: {}", s.path, s.reason))
                .collect();
            assert_eq!(skipped_sorted, listed_skipped, "{paths:?}");
            assert!(
                files.windows(2).all(|w| w[0] < w[1]),
                "{paths:?}: {files:?}"
            );
            let overlapping =
                paths.len() > 1 && (paths[0] == paths[1] || paths[1].starts_with(&paths[0]));
            if !overlapping {
                let mut sorted = all.clone();
                sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
                assert_eq!(all, sorted, "{paths:?}");
            }
            assert_eq!(
                Walk::new(&config, &paths, None).count_files(),
                files.len(),
                "{paths:?}"
            );
        }
        // What the first case finds, exactly.
        let (files, skipped, _) = walk(&config, &[root.to_path_buf()]);
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let mut want = vec![
            "a.txt",
            "a/b/one.md",
            "a/z.txt",
            "a-b/three.txt",
            "b/four.txt",
            "c/Upper.txt",
            "c/d/e/five.txt",
            "c/six.csv",
        ];
        if cfg!(unix) {
            want.push("c/link.txt");
        }
        want.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        assert_eq!(names, want);
        let shown = |f: &str| display_path(&root.join(f));
        assert_eq!(
            skipped,
            [
                format!(
                    "{}: unsupported file type `.png` (framelens reads {EXTENSIONS}; \
                     --input-format forces one)",
                    shown("a/b/two.png")
                ),
                format!("{}: excluded by [corpus].exclude", shown("b/skip-me.txt")),
            ]
        );
    }
}
