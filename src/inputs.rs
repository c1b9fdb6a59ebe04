//! Finding the input files: the paths given (files and folders, walked in sorted order),
//! minus `[corpus].exclude`. Everything found is either read or reported as skipped.

use crate::config::Config;
use crate::ingest::{
    absolute_in, display_path_from, display_path_in, working_dir, Format, EXTENSIONS,
};
use crate::model::Skipped;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// As shown in reports.
    pub display: String,
    /// As opened.
    pub full: PathBuf,
    /// Its size in bytes when the walk asked for it (a path given, a symbolic link); `None`
    /// for a file found in a folder listing, which [`read`] asks on the open file.
    pub size: Option<u64>,
    /// What the reader should know about how the walk reached it (a symbolic link leading
    /// outside the corpus, followed under `[corpus] follow_outside = true`).
    pub note: Option<String>,
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
    discover_apart(config, paths, forced, None, &Shown::new(config))
}

/// [`discover`], leaving out the output folder `output` (see [`Walk::apart_from`]).
fn discover_apart(
    config: &Config,
    paths: &[PathBuf],
    forced: Option<Format>,
    output: Option<&Path>,
    shown: &Shown,
) -> (Vec<InputFile>, Vec<Skipped>) {
    let roots = roots_of(config, paths);
    let cwd = working_dir();
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    let several = roots.len() > 1;
    // One walk of every root: a file or folder reached from two of them is read once.
    for found in Walk::of(config, roots, forced, shown.clone()).apart_from(output) {
        match found.into_input(shown) {
            Ok(f) => files.push(f),
            Err(s) => skipped.push(s),
        }
    }
    if several {
        // Two spellings of one path (`a/../a/x` and `a/x`) are one file, read once.
        files.sort_by_cached_key(|f| (absolute_in(&f.full, &cwd), f.full.clone()));
        files.dedup_by(|a, b| absolute_in(&a.full, &cwd) == absolute_in(&b.full, &cwd));
    }
    (files, skipped)
}

/// The paths to walk: those given, else the config's; each written without `.` parts (so
/// that `x` and `./x` are one path), sorted, each once.
fn roots_of(config: &Config, paths: &[PathBuf]) -> Vec<PathBuf> {
    let given = if paths.is_empty() {
        &config.corpus_paths
    } else {
        paths
    };
    let mut roots: Vec<PathBuf> = given.iter().map(|p| without_dots(p)).collect();
    roots.sort();
    roots.dedup();
    roots
}

/// `path` without its `.` parts (`./a/./b` is `a/b`; `.` stays `.`). `..` parts stay: past
/// a symbolic link, `a/..` need not be where `a` is.
fn without_dots(path: &Path) -> PathBuf {
    let out: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// How reports show the path of an input (docs/guide.md, "Output"): relative to the
/// config file's folder when the input lies under it or under one of the config's
/// `[corpus] paths` (`..` where needed, as the config gives them: `../corpus/a.txt`), so
/// that a file of the corpus has one name however the run named it; any other input as given
/// on the command line (relative to the working directory, or absolute when given
/// absolute). Never made absolute: the same config and corpus give the same paths from
/// whatever folder the run starts in, and a coding sheet joins the report it came from.
#[derive(Debug, Clone)]
pub struct Shown {
    cwd: PathBuf,
    /// The config file's folder, absolute.
    config_dir: PathBuf,
    /// The config's corpus paths, absolute.
    corpus: Vec<PathBuf>,
    /// Which [`Shown`] this is, for the cache of [`Shown::path`].
    id: u64,
}

impl Shown {
    pub fn new(config: &Config) -> Shown {
        let cwd = working_dir();
        let dir = config.path.parent().unwrap_or(Path::new(""));
        Shown {
            config_dir: absolute_in(dir, &cwd),
            corpus: config
                .corpus_paths
                .iter()
                .map(|p| absolute_in(p, &cwd))
                .collect(),
            cwd,
            id: SHOWN_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The path of `full` (as opened) as reports show it.
    pub fn path(&self, full: &Path) -> String {
        // A walk gives the files of a folder one after another: the folder's part is made once
        // and the name added to it, when the folder is named by the same rule as its files.
        let (Some(parent), Some(name)) = (full.parent(), full.file_name()) else {
            return self.path_of(full).0;
        };
        LAST_FOLDER.with(|last| {
            let mut last = last.borrow_mut();
            let hit = last
                .as_ref()
                .filter(|(id, p, _)| *id == self.id && p.as_os_str() == parent.as_os_str());
            let shown = match hit {
                Some((_, _, shown)) => shown.clone(),
                None => {
                    let (shown, strictly_ours) = self.path_of(parent);
                    if !strictly_ours {
                        return self.path_of(full).0;
                    }
                    *last = Some((self.id, parent.to_path_buf(), shown.clone()));
                    shown
                }
            };
            let name = crate::ingest::shown_name(name);
            match shown.as_str() {
                "" | "." => name,
                _ => format!("{shown}/{name}"),
            }
        })
    }

    /// [`Shown::path`] made whole, and whether `full` lies strictly inside the config's folder
    /// or one of its corpus paths (then every path under it is shown by the same rule).
    fn path_of(&self, full: &Path) -> (String, bool) {
        let abs = absolute_in(full, &self.cwd);
        let inside = |root: &Path| abs.starts_with(root) && abs != root;
        if abs.starts_with(&self.config_dir) || self.corpus.iter().any(|c| abs.starts_with(c)) {
            let strictly = inside(&self.config_dir) || self.corpus.iter().any(|c| inside(c));
            (display_path_from(&abs, &self.config_dir), strictly)
        } else {
            (display_path_in(full, &self.cwd), false)
        }
    }
}

thread_local! {
    /// The folder [`Shown::path`] named last on this thread: the [`Shown`] it was named by,
    /// the folder as given, and its name in reports.
    static LAST_FOLDER: std::cell::RefCell<Option<(u64, PathBuf, String)>> =
        const { std::cell::RefCell::new(None) };
}

/// Tells [`Shown`]s apart (clones share their number).
static SHOWN_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// An input as the streaming walk ([`Walk`]) finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to read: its path as opened, its size when the walk asked for it, and a note
    /// on how it was reached (see [`InputFile::note`]).
    File(PathBuf, Option<u64>, Option<String>),
    /// A path that is not read, and why.
    Skipped(Skipped),
}

impl Found {
    /// The file, with the path that reports show (made here, on the thread that reads it,
    /// rather than on the walk's).
    pub fn into_input(self, shown: &Shown) -> Result<InputFile, Skipped> {
        match self {
            Found::File(full, size, note) => Ok(InputFile {
                display: shown.path(&full),
                full,
                size,
                note,
            }),
            Found::Skipped(s) => Err(s),
        }
    }
}

/// What identifies a file or folder however it is reached: its device and inode number on
/// Unix (elsewhere, a hash of its canonical path).
type Identity = (u64, u64);

/// The identity of the file or folder at `path`, whose metadata (symbolic links followed)
/// is `meta`.
#[cfg(unix)]
fn identity(_path: &Path, meta: &std::fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path, _meta: &std::fs::Metadata) -> Option<Identity> {
    use std::hash::{Hash, Hasher};
    let real = std::fs::canonicalize(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    real.hash(&mut h);
    Some((0, h.finish()))
}

/// What a file that is neither a regular file nor a folder is ("a FIFO"), for skip reasons.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    "a special file"
}

/// The inputs of a run in path order, found as they are asked for: memory holds the sorted
/// listings of the folders being walked (the largest folder's names, at most) and the
/// identities of the files and folders reached (16 bytes each), not a list of the corpus.
/// The same files, skipped paths and order as [`discover`], with each skipped path in its
/// place in path order instead of first.
///
/// Only regular files and folders are walked: a FIFO, socket or device is skipped with what
/// it is, so that no run waits on one. Symbolic links are followed with a record of the real
/// files and folders reached (their identities), so that a link back to a folder being
/// walked (a loop) or to a file or folder already read is listed with its reason and not
/// followed, and no file is read twice. A link whose target lies outside the real paths of
/// the roots is not followed unless `[corpus] follow_outside = true`, and then every file
/// read through it carries a note saying so.
///
/// Several paths given are walked one after another, sorted, which is path order when none
/// is inside another (the usual case: several folders, or files in several folders). When
/// one is inside another (or the same path is given twice), the walk lists everything first
/// with [`discover`], which puts the files in order and reads a file found twice once.
pub struct Walk<'c> {
    config: &'c Config,
    forced: Option<Format>,
    cwd: PathBuf,
    /// How the paths it names are shown.
    shown: Shown,
    roots: std::vec::IntoIter<PathBuf>,
    /// The real (canonical) paths of the roots: a link that leads elsewhere leads outside.
    real_roots: Vec<PathBuf>,
    /// The folders being walked, innermost last.
    open: Vec<Folder>,
    /// Everything, listed by [`discover`] (the paths given overlap).
    listed: Option<std::vec::IntoIter<Found>>,
    /// Every folder and file reached so far.
    reached: std::collections::HashSet<Identity>,
    /// The files reached through a symbolic link, with the link's path (to name it when the
    /// file is met again under its own name).
    through_link: std::collections::HashMap<Identity, PathBuf>,
    /// The output folder (`--out`), when it exists: never read as input.
    output: Option<Identity>,
}

/// A folder being walked: its path, its entries sorted by name, and the next to visit.
struct Folder {
    path: PathBuf,
    /// Its identity; its device is that of the files listed in it.
    id: Option<Identity>,
    /// The name, type and inode number of each entry.
    entries: Vec<(std::ffi::OsString, Listed, u64)>,
    next: usize,
    /// Reached through a link leading outside the corpus: the note its files carry.
    note: Option<String>,
    /// The output folder, walked because it is a path given: the report files in it are
    /// not read.
    output: bool,
}

/// The files a report writes into its output folder (every format's): not read as input
/// when that folder is a path given.
pub fn output_files() -> impl Iterator<Item = &'static str> {
    crate::format::Format::ALL
        .iter()
        .flat_map(|f| f.file_names().iter().copied())
}

impl<'c> Walk<'c> {
    /// A walk of `paths` (the config's corpus paths when empty); see [`discover`] for what is
    /// read and what is skipped.
    pub fn new(config: &'c Config, paths: &[PathBuf], forced: Option<Format>) -> Walk<'c> {
        Walk::new_apart(config, paths, forced, None)
    }

    /// [`Walk::new`], never reading the output folder `output` (`--out`): a folder inside
    /// the corpus with its identity is not walked, and when it is itself a path given, the
    /// report files in it ([`output_files`]) are not read. See [`output_inside`] for telling
    /// the user.
    pub fn new_apart(
        config: &'c Config,
        paths: &[PathBuf],
        forced: Option<Format>,
        output: Option<&Path>,
    ) -> Walk<'c> {
        let roots = roots_of(config, paths);
        let shown = Shown::new(config);
        let cwd = working_dir();
        let absolute: Vec<PathBuf> = roots.iter().map(|r| absolute_in(r, &cwd)).collect();
        let overlap = absolute.iter().enumerate().any(|(i, a)| {
            absolute
                .iter()
                .skip(i + 1)
                .any(|b| a.starts_with(b) || b.starts_with(a))
        });
        if overlap {
            let (files, skipped) = discover_apart(config, &roots, forced, output, &shown);
            let files = files
                .into_iter()
                .map(|f| Found::File(f.full, f.size, f.note));
            let all: Vec<Found> = skipped
                .into_iter()
                .map(Found::Skipped)
                .chain(files)
                .collect();
            return Walk {
                listed: Some(all.into_iter()),
                ..Walk::of(config, Vec::new(), forced, shown)
            };
        }
        Walk::of(config, roots, forced, shown).apart_from(output)
    }

    /// How the paths of the files it finds are shown ([`Found::into_input`]).
    pub fn shown(&self) -> &Shown {
        &self.shown
    }

    /// A walk of `roots`, one after the other.
    fn of(
        config: &'c Config,
        roots: Vec<PathBuf>,
        forced: Option<Format>,
        shown: Shown,
    ) -> Walk<'c> {
        let real_roots = roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .collect();
        Walk {
            config,
            forced,
            cwd: working_dir(),
            shown,
            roots: roots.into_iter(),
            real_roots,
            open: Vec::new(),
            listed: None,
            reached: Default::default(),
            through_link: Default::default(),
            output: None,
        }
    }

    /// Leaves out the output folder (see [`Walk::new_apart`]).
    fn apart_from(mut self, output: Option<&Path>) -> Self {
        self.output = output.and_then(|o| {
            let meta = std::fs::metadata(o).ok().filter(|m| m.is_dir())?;
            identity(o, &meta)
        });
        self
    }

    fn skipped(&self, path: &Path, reason: String) -> Option<Found> {
        Some(Found::Skipped(skip(self.shown.path(path), reason)))
    }

    /// Visits a path: a file is returned (or why it is skipped), a folder is opened.
    /// `explicit` for a path given; `listed` is the type its folder's listing gave, `ino` the
    /// inode number it gave (0 when unknown).
    fn visit(
        &mut self,
        path: PathBuf,
        explicit: bool,
        listed: Listed,
        ino: u64,
        note: Option<String>,
    ) -> Option<Found> {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden && !explicit {
            return None;
        }
        match listed {
            Some(t) if t.is_file() => self.visit_listed_file(path, ino, note),
            Some(t) if t.is_symlink() && !explicit => self.follow(path, note),
            Some(t) if !t.is_dir() => {
                self.skipped(&path, format!("{}, not a regular file", kind_of(t)))
            }
            _ => self.visit_looked_up(path, explicit, listed, note),
        }
    }

    /// A plain file named in a listing, admitted with no metadata call: its identity is its
    /// folder's device and the inode number `ino` the listing gives (none when `ino` is 0).
    /// A file reached before is met again instead.
    fn visit_listed_file(
        &mut self,
        path: PathBuf,
        ino: u64,
        note: Option<String>,
    ) -> Option<Found> {
        let id = self
            .open
            .last()
            .and_then(|f| f.id)
            .map(|(dev, _)| (dev, ino));
        if let Some(id) = id.filter(|_| ino != 0) {
            if !self.reached.insert(id) {
                return self.met_again(&path, id);
            }
        }
        Some(self.admit(path, None, note))
    }

    /// A folder, a path given (symbolic links followed), or a path whose type the listing
    /// did not give: looked up, then opened as a folder, admitted as a file, or skipped with
    /// why. A path the listing gave no type for is visited again once its type is known, as
    /// a listing would have; a file given that a folder given holds is read once, silently.
    fn visit_looked_up(
        &mut self,
        path: PathBuf,
        explicit: bool,
        listed: Listed,
        note: Option<String>,
    ) -> Option<Found> {
        let meta = match listed {
            None if !explicit => std::fs::symlink_metadata(&path),
            _ => std::fs::metadata(&path),
        };
        let meta = match meta {
            Ok(m) => m,
            Err(e) => {
                let reason = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".into()
                } else {
                    format!("cannot read: {e}")
                };
                return self.skipped(&path, reason);
            }
        };
        if listed.is_none() && !explicit {
            return self.visit(
                path,
                explicit,
                Some(meta.file_type()),
                meta_ino(&meta),
                note,
            );
        }
        let id = identity(&path, &meta);
        if meta.is_dir() {
            return self.open_folder(path, id, explicit, note);
        }
        if !meta.is_file() {
            return self.skipped(
                &path,
                format!("{}, not a regular file", kind_of(meta.file_type())),
            );
        }
        if let Some(id) = id {
            if !self.reached.insert(id) {
                return if explicit {
                    None
                } else {
                    self.met_again(&path, id)
                };
            }
        }
        Some(self.admit(path, Some(meta.len()), note))
    }

    /// A file or folder met a second time under its own name: first read through a link, or
    /// under another name (a hard link, a bind mount).
    fn met_again(&self, path: &Path, id: Identity) -> Option<Found> {
        let reason = match self.through_link.get(&id) {
            Some(link) => format!(
                "already read through the symbolic link {}",
                self.shown.path(link)
            ),
            None => "already read under another name".into(),
        };
        self.skipped(path, reason)
    }

    /// Follows a symbolic link found in a folder, unless it loops, leads to what was already
    /// read, or leads outside the corpus.
    fn follow(&mut self, path: PathBuf, note: Option<String>) -> Option<Found> {
        let not_followed = |why: String| format!("symbolic link not followed: {why}");
        let real = match std::fs::canonicalize(&path) {
            Ok(r) => r,
            Err(e) => return self.skipped(&path, not_followed(format!("it leads nowhere ({e})"))),
        };
        let target = self.shown.path(&real);
        let mut note = note;
        if !self.real_roots.iter().any(|r| real.starts_with(r)) {
            if !self.config.follow_outside {
                return self.skipped(
                    &path,
                    not_followed(format!(
                        "it leads outside the corpus, to {target} (set [corpus] follow_outside \
                         = true to follow such links)"
                    )),
                );
            }
            note = Some(format!(
                "read through the symbolic link {}, which leads outside the corpus (to {target})",
                self.shown.path(&path)
            ));
        }
        let meta = match std::fs::metadata(&real) {
            Ok(m) => m,
            Err(e) => return self.skipped(&path, format!("cannot read: {e}")),
        };
        let id = identity(&real, &meta);
        if meta.is_dir() {
            if let Some(id) = id {
                if self.open.iter().any(|f| f.id == Some(id)) {
                    return self.skipped(
                        &path,
                        not_followed(format!(
                            "a loop (it leads back to {target}, which holds it)"
                        )),
                    );
                }
                if self.reached.contains(&id) {
                    return self.skipped(&path, not_followed(format!("{target} is already read")));
                }
            }
            if let Some(id) = id {
                self.through_link.insert(id, path.clone());
            }
            return self.open_folder(path, id, false, note);
        }
        if !meta.is_file() {
            return self.skipped(
                &path,
                format!(
                    "a symbolic link to {}, not a regular file",
                    kind_of(meta.file_type())
                ),
            );
        }
        if let Some(id) = id {
            if !self.reached.insert(id) {
                return self.skipped(&path, not_followed(format!("{target} is already read")));
            }
            self.through_link.insert(id, path.clone());
        }
        Some(self.admit(path, Some(meta.len()), note))
    }

    /// Opens a folder to walk, unless it was reached before or is the output folder.
    fn open_folder(
        &mut self,
        path: PathBuf,
        id: Option<Identity>,
        explicit: bool,
        note: Option<String>,
    ) -> Option<Found> {
        let output = id.is_some() && id == self.output;
        if output && !explicit {
            // Never read as input; the caller says so once (see [`output_inside`]).
            return None;
        }
        if let Some(id) = id {
            if !self.reached.insert(id) {
                if explicit {
                    // A path given inside another path given: read once, from the other.
                    return None;
                }
                // Read before, through a link that came first in path order, or under another
                // name (a bind mount).
                return self.met_again(&path, id);
            }
        }
        match std::fs::read_dir(&path) {
            Ok(entries) => {
                // Sorted by name alone: all share this folder, so that is their path order.
                let mut entries: Vec<(std::ffi::OsString, Listed, u64)> = entries
                    .filter_map(|e| {
                        e.ok()
                            .map(|e| (e.file_name(), e.file_type().ok(), entry_ino(&e)))
                    })
                    .collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                self.open.push(Folder {
                    path,
                    id,
                    entries,
                    next: 0,
                    note,
                    output,
                });
                None
            }
            Err(e) => self.skipped(&path, format!("cannot read folder: {e}")),
        }
    }

    /// A file found: read, unless `[corpus].exclude` or its type rules it out.
    fn admit(&self, full: PathBuf, size: Option<u64>, note: Option<String>) -> Found {
        match refusal(self.config, self.forced, &full, &self.cwd) {
            Some(reason) => Found::Skipped(skip(self.shown.path(&full), reason)),
            None => Found::File(full, size, note),
        }
    }

    /// Counts the files a walk finds (for a progress bar's length), without keeping them.
    pub fn count_files(self) -> usize {
        self.filter(|f| matches!(f, Found::File(..))).count()
    }
}

/// Whether the output folder `out` lies in (or is) one of the paths a run walks, by real
/// path: the run then leaves it out (see [`Walk::new_apart`]) and should say so once.
/// `Some(true)` when it is one of the paths given (its report files are left out), `Some(false)`
/// when it is inside one (the whole folder is left out).
pub fn output_inside(config: &Config, paths: &[PathBuf], out: &Path) -> Option<bool> {
    let out = std::fs::canonicalize(out).ok()?;
    let mut inside = None;
    for root in roots_of(config, paths) {
        let Ok(root) = std::fs::canonicalize(root) else {
            continue;
        };
        if root == out {
            return Some(true);
        }
        if out.starts_with(&root) {
            inside = Some(false);
        }
    }
    inside
}

/// The inode number of an entry of a folder listing (0 where there is none).
fn entry_ino(e: &std::fs::DirEntry) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirEntryExt;
        e.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        0
    }
}

/// The inode number in metadata (0 where there is none).
fn meta_ino(m: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        m.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        0
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
                    let Some((name, listed, ino)) = folder.entries.get_mut(folder.next) else {
                        self.open.pop();
                        continue;
                    };
                    folder.next += 1;
                    let (name, listed, ino) = (std::mem::take(name), *listed, *ino);
                    if folder.output && output_files().any(|f| name == f) {
                        // This run's own report files, in a folder given as input.
                        continue;
                    }
                    let path = folder.path.join(name);
                    let note = folder.note.clone();
                    self.visit(path, false, listed, ino, note)
                }
                None => {
                    let root = self.roots.next()?;
                    self.visit(root, true, None, 0, None)
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

/// Opens a file for reading only if it is a regular file, and gives its metadata. It is
/// opened non-blocking (on Unix), so that a FIFO or device put in its place since the walk
/// looked at it cannot make the open wait, then asked its type on the open file: what is
/// read is what was checked. Reads stay non-blocking, which changes nothing for a regular
/// file and makes a file that would block (as `/proc/kmsg` does) fail to read rather than
/// wait.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), String> {
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let f = options.open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(format!("{}, not a regular file", kind_of(meta.file_type())));
    }
    Ok((f, meta))
}

/// Reads a file once, refusing files too large to be an article (over [`MAX_FILE_BYTES`]).
/// The file is asked its type and size on the open file ([`open_regular`]): a file too
/// large is refused before any of it is read, and the buffer is sized once.
pub fn read(file: &InputFile) -> Result<Vec<u8>, String> {
    read_at_most(file, MAX_FILE_BYTES)
}

/// [`read`] with another limit: a document (one article a file) is read with
/// [`crate::ingest::MAX_ARTICLE_BYTES`].
pub fn read_at_most(file: &InputFile, limit: u64) -> Result<Vec<u8>, String> {
    let too_large = |len: u64| format!("too large ({len} bytes; the limit is {limit})");
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    if let Some(size) = file.size.filter(|&s| s > limit) {
        return Err(too_large(size));
    }
    let (f, meta) = open_regular(&file.full)?;
    let size = meta.len();
    if size > limit {
        return Err(too_large(size));
    }
    // The file is read as it was when asked its size: `size` bytes, in one read for a file
    // in the page cache, and no second read to find the end. A file that reports no size
    // (some kernel files do) is read to its end, up to the limit.
    let wanted = if size == 0 { limit + 1 } else { size };
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(wanted).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        // A file that reported no size ran past the limit: say how large it is now.
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
                Found::File(full, _, _) => {
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

    /// Issue 20, item 1: a file swapped for a FIFO between the walk and the read is refused
    /// with what it is, not waited on (an open without O_NONBLOCK waits for a writer for
    /// ever). Run on a thread, so that a regression fails here instead of hanging.
    #[cfg(unix)]
    #[test]
    fn a_fifo_swapped_in_after_the_walk_is_refused_not_waited_on() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.txt");
        std::fs::write(&path, "An article.").unwrap();
        let (files, _) = discover(&config(), &[tmp.path().to_path_buf()], None);
        let given = discover(&config(), std::slice::from_ref(&path), None).0;
        std::fs::remove_file(&path).unwrap();
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        for file in [files[0].clone(), given[0].clone()] {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || tx.send(read(&file)).unwrap());
            let got = rx
                .recv_timeout(std::time::Duration::from_secs(20))
                .expect("reading a FIFO blocked");
            assert_eq!(got, Err("a FIFO, not a regular file".to_string()));
        }
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
        want.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        assert_eq!(names, want);
        let shown = |f: &str| display_path(&root.join(f));
        let mut want_skipped = vec![
            format!(
                "{}: unsupported file type `.png` (framelens reads {EXTENSIONS}; \
                 --input-format forces one)",
                shown("a/b/two.png")
            ),
            format!("{}: excluded by [corpus].exclude", shown("b/skip-me.txt")),
        ];
        if cfg!(unix) {
            // The link leads to a file read before it, in path order: not read twice.
            let real = std::fs::canonicalize(root.join("b/four.txt")).unwrap();
            want_skipped.push(format!(
                "{}: symbolic link not followed: {} is already read",
                shown("c/link.txt"),
                display_path(&real)
            ));
        }
        assert_eq!(skipped, want_skipped);
    }
}
