//! Writing the report: every file atomically (a temporary file in the same folder, then a
//! rename), and `--check`, which compares what would be written with what is on disk.
//!
//! Each file is rendered straight into its temporary file (or, for `--check`, into a
//! comparison with the file on disk), so memory never holds a whole `report.csv` or
//! `report.json`. Every temporary file is written and synced before the first rename, so a
//! rendering or writing error leaves every existing file untouched.
//!
//! The files are published as one set. The run holds the output folder's lock
//! ([`crate::cleanup::OutLock`]), so no other run writes there meanwhile and `--check` (which
//! takes the lock shared) never reads a half-published set. Before the first rename, a
//! journal ([`JOURNAL`]) names every staged file and its final name; it is removed after the
//! last rename. A signal waits for the renames to end; a run killed outright between two
//! renames leaves the journal, and the next run finishes those renames before anything else
//! ([`recover`]), then sweeps any other temporary file a killed run left.

use crate::model::Report;
use crate::render::{write_part, Format, Source};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The files of one report, ready to be written or checked.
pub struct Rendered<'a> {
    source: Source<'a>,
    /// Files rendered at once (`--threads`; 0: all).
    threads: usize,
    /// (where the file goes, its format, its file name).
    parts: Vec<(PathBuf, Format, &'static str)>,
    /// Files known to hold already what would be written: left as they are.
    current: Vec<&'static str>,
}

/// Plans every file of every requested format under `out_dir`.
pub fn render_all<'a>(
    report: &'a Report,
    out_dir: &Path,
    formats: &[Format],
) -> anyhow::Result<Rendered<'a>> {
    let parts = formats
        .iter()
        .flat_map(|&f| f.file_names().iter().map(move |&name| (f, name)))
        .map(|(f, name)| (out_dir.join(name), f, name))
        .collect();
    Ok(Rendered {
        source: Source::new(report),
        threads: 0,
        parts,
        current: Vec::new(),
    })
}

/// The order in which the files of a large report take longest to render, slowest last:
/// `report.json` and `report.csv` hold a row per article, HTML and Markdown read back the
/// articles they show, the manifest lists paths.
fn size_rank(name: &str) -> u8 {
    match name {
        "report.json" => 4,
        "report.csv" => 3,
        "report.html" => 2,
        "report.md" => 1,
        _ => 0,
    }
}

/// Writes one file atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = stage(path, &mut |w| w.write_all(contents)).and_then(synced)?;
    match std::fs::rename(&tmp, path) {
        Ok(()) => {
            crate::cleanup::forget(&tmp);
            Ok(())
        }
        Err(e) => {
            remove_temp(&tmp);
            Err(e)
        }
    }
}

/// Waits until a staged file is on disk, with its metadata; returns its name. The file is
/// removed if that fails.
fn synced((tmp, file): (PathBuf, std::fs::File)) -> std::io::Result<PathBuf> {
    match file.sync_all() {
        Ok(()) => Ok(tmp),
        Err(e) => {
            remove_temp(&tmp);
            Err(e)
        }
    }
}

/// Writes what `fill` produces to a new temporary file beside `path` (created exclusively,
/// see [`crate::cleanup::create_temp`]) and returns its name and the open file, written but
/// not yet synced ([`synced`]).
fn stage(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<(PathBuf, std::fs::File)> {
    if path.is_dir() {
        return Err(std::io::Error::other(
            "a folder stands where the file should go",
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let (file, tmp) = crate::cleanup::create_temp(dir)?.into_parts();
    // Kept from here on by name: removed below on an error, or by the caller.
    let tmp = tmp.keep().map_err(|e| e.error)?;
    let result = (|| {
        let mut f = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut f)?;
        f.into_inner().map_err(|e| e.into_error())
    })();
    match result {
        Ok(file) => Ok((tmp, file)),
        Err(e) => {
            remove_temp(&tmp);
            Err(e)
        }
    }
}

/// Removes a temporary file (and takes it off the registry of files to remove on a signal).
fn remove_temp(tmp: &Path) {
    let _ = std::fs::remove_file(tmp);
    crate::cleanup::forget(tmp);
}

/// Removes the staged temporary files (each paired with the path it was to be renamed to).
fn remove_staged(staged: &[(PathBuf, &PathBuf)]) {
    for (tmp, _) in staged {
        remove_temp(tmp);
    }
}

/// The journal of a publication under way: the temporary files and the names they are
/// renamed to, one `temporary<TAB>final` line each (file names in the output folder). It is
/// written and synced before the first rename and removed after the last, so a run killed
/// between the renames leaves it, and the next run finishes the renames ([`recover`]).
pub const JOURNAL: &str = ".framelens.publish";

/// The names a journal may rename to: the report's files, nothing else.
fn is_output_name(name: &str) -> bool {
    Format::ALL.iter().any(|f| f.file_names().contains(&name))
}

/// What [`recover`] found in the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Files whose interrupted publication was finished.
    pub published: Vec<String>,
    /// Temporary files of killed runs that were removed.
    pub swept: usize,
}

/// Puts the output folder `dir` in order before a run writes to it, under the folder's lock
/// (so no live run is writing there): finishes a publication a killed run left half done
/// (every file it had staged was whole and synced before its first rename), then removes the
/// temporary files such runs left. Only names of ours are touched: the journal's lines must
/// name a `.framelens-tmp.*` file and one of the report's file names.
pub fn recover(dir: &Path) -> std::io::Result<Recovered> {
    let mut recovered = Recovered::default();
    let journal = dir.join(JOURNAL);
    if let Some(file) = crate::cleanup::open_regular(&journal)? {
        let mut text = String::new();
        file.take(1 << 16).read_to_string(&mut text)?;
        for line in text.lines() {
            let Some((tmp, name)) = line.split_once('\t') else {
                continue;
            };
            let ours = tmp.starts_with(crate::cleanup::TEMP_PREFIX)
                && !tmp.contains('/')
                && is_output_name(name);
            let staged = dir.join(tmp);
            if ours && std::fs::symlink_metadata(&staged).is_ok_and(|m| m.is_file()) {
                std::fs::rename(&staged, dir.join(name))?;
                recovered.published.push(name.to_string());
            }
        }
        sync_dir(dir);
        std::fs::remove_file(&journal)?;
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name
            .to_str()
            .is_some_and(|n| n.starts_with(crate::cleanup::TEMP_PREFIX))
        {
            // A link under our name is removed itself, never followed.
            std::fs::remove_file(entry.path())?;
            recovered.swept += 1;
        }
    }
    Ok(recovered)
}

/// Makes renames in `dir` durable (where the platform can sync a folder).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

impl Rendered<'_> {
    /// Renders at most `threads` files at once (0, the default: all of them).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Marks the file `name` (`report.json`, say) as known to hold on disk the very bytes this
    /// report renders to (the previous report's digest matched), so it is neither rendered
    /// nor rewritten, and not stale.
    pub fn current(mut self, name: &'static str) -> Self {
        self.current.push(name);
        self
    }

    /// Once `name` is written, releases the spilled rows that only it reads (see
    /// [`crate::spill::Spill::release`]). The JSON rows are also read for the copy the
    /// pages list: that copy is made first, if a page is still to be rendered.
    fn release_rows_of(&self, name: &str) {
        use crate::spill::Part;
        let Some(spill) = crate::spill::of(&self.source.report.articles) else {
            return;
        };
        let part = match name {
            "report.json" => Part::Json,
            "report.csv" => Part::Csv,
            _ => return,
        };
        let pages = self
            .to_render()
            .iter()
            .any(|(_, f, _)| matches!(f, Format::Html | Format::Markdown));
        if part == Part::Json && pages && self.source.shown().is_err() {
            // The page will fail with the same error; the rows stay, as no file is written.
            return;
        }
        // A file that cannot be cut only keeps its pages longer.
        let _ = spill.release(part);
    }

    /// The parts to render: all but those known to be current.
    fn to_render(&self) -> Vec<&(PathBuf, Format, &'static str)> {
        let current = |name: &&str| self.current.contains(name);
        self.parts.iter().filter(|(_, _, n)| !current(n)).collect()
    }

    /// The paths this report writes, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.parts.iter().map(|(p, _, _)| p.as_path())
    }

    /// Writes every file (but those marked [`current`](Self::current)), all or nothing as far
    /// as the file system allows: every temporary file is written and synced first, and only
    /// then are they renamed into place. A failure before the renames leaves every previous
    /// file untouched; the error names the file. A spilled report's rows are released as
    /// the files that read them are written ([`crate::spill::Spill::release`]): such a
    /// report is written once.
    pub fn write(&self) -> anyhow::Result<()> {
        let parts = self.to_render();
        let results = self.stage_all(&parts);
        let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
        let mut first_error = None;
        for ((path, _, _), result) in parts.into_iter().zip(results) {
            match result {
                Ok(tmp) => staged.push((tmp, path)),
                Err(e) => {
                    first_error.get_or_insert((path, e));
                }
            }
        }
        if let Some((path, e)) = first_error {
            remove_staged(&staged);
            anyhow::bail!(
                "cannot write {}: {e}; the previous report is unchanged",
                path.display()
            );
        }
        match self.publish(&staged) {
            Ok(()) => {
                for (tmp, _) in &staged {
                    crate::cleanup::forget(tmp);
                }
                Ok(())
            }
            Err(e) => {
                remove_staged(&staged);
                Err(e)
            }
        }
    }

    /// Renders each of `parts` to a temporary file beside its path and syncs it; returns,
    /// in the order of `parts`, each one's temporary file or why it could not be written.
    ///
    /// The files are rendered on up to `threads` threads at once (each reads the report,
    /// and a spilled report's rows, on its own). A thread that finishes one file takes the
    /// next not yet started, the slowest first ([`size_rank`]), so no thread waits for
    /// another at a batch's end.
    ///
    /// A rendered file is synced on a thread of its own, which only waits for the disk, so
    /// the next file renders meanwhile: on one thread, a large report.json would otherwise
    /// wait for the disk before report.csv starts.
    fn stage_all(
        &self,
        parts: &[&(PathBuf, Format, &'static str)],
    ) -> Vec<std::io::Result<PathBuf>> {
        let workers = match self.threads {
            0 => parts.len(),
            n => n.min(parts.len()),
        };
        let mut queue: Vec<usize> = (0..parts.len()).collect();
        queue.sort_by_key(|&i| std::cmp::Reverse(size_rank(parts[i].2)));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<Option<std::io::Result<PathBuf>>> =
            parts.iter().map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&i) = queue.get(k) else { break };
                            let (path, format, name) = parts[i];
                            let staged =
                                stage(path, &mut |w| write_part(&self.source, *format, name, w));
                            if staged.is_ok() {
                                self.release_rows_of(name);
                            }
                            done.push((i, staged.map(|file| scope.spawn(move || synced(file)))));
                        }
                        done
                    })
                })
                .collect();
            for h in handles {
                let done = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                for (i, staged) in done {
                    let synced = staged.and_then(|sync| {
                        sync.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
                    });
                    results[i] = Some(synced);
                }
            }
        });
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(std::io::Error::other("not rendered"))))
            .collect()
    }

    /// Renames the staged files into place as one set: the journal ([`JOURNAL`]) is written
    /// first, and a signal waits until the last rename is made (the registry of temporary
    /// files is held), so a run stopped by SIGINT or SIGTERM leaves the old set or the new
    /// one, and a run killed outright leaves a journal the next run finishes.
    fn publish(&self, staged: &[(PathBuf, &PathBuf)]) -> anyhow::Result<()> {
        let Some((_, first)) = staged.first() else {
            return Ok(());
        };
        let dir = first
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file_name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let journal: String = staged
            .iter()
            .map(|(tmp, path)| format!("{}\t{}\n", file_name(tmp), file_name(path)))
            .collect();
        let journal_path = dir.join(JOURNAL);
        let cannot = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", dir.display());
        let several = staged.len() > 1;
        if several {
            write_atomic(&journal_path, journal.as_bytes()).map_err(cannot)?;
        }
        let _held = crate::cleanup::hold();
        for (tmp, path) in staged {
            std::fs::rename(tmp, path)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        }
        sync_dir(dir);
        if several {
            std::fs::remove_file(&journal_path).map_err(cannot)?;
        }
        Ok(())
    }

    /// The files whose content on disk differs from what would be written (or that are
    /// missing). Nothing is written.
    pub fn stale(&self) -> anyhow::Result<Vec<PathBuf>> {
        let mut stale = Vec::new();
        for (path, format, name) in self.to_render() {
            // A FIFO, device or socket under the file's name is never opened for reading
            // (it could block for ever): it is out of date, and the next run replaces it.
            let Ok(Some(file)) = crate::cleanup::open_regular(path) else {
                stale.push(path.clone());
                continue;
            };
            let mut cmp = Compare {
                disk: std::io::BufReader::with_capacity(1 << 16, file),
                same: true,
                buf: Vec::new(),
            };
            match write_part(&self.source, *format, name, &mut cmp) {
                Ok(()) => {}
                // A difference stops the rendering early; anything else is a real error.
                Err(_) if !cmp.same => {}
                Err(e) => anyhow::bail!("cannot render {}: {e}", path.display()),
            }
            if !cmp.same || cmp.disk.read(&mut [0u8; 1]).map_or(true, |n| n > 0) {
                stale.push(path.clone());
            }
        }
        Ok(stale)
    }
}

/// A writer that compares what is written with a file on disk, byte for byte.
struct Compare<R> {
    disk: R,
    same: bool,
    buf: Vec<u8>,
}

impl<R: Read> Write for Compare<R> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.resize(data.len(), 0);
        let same = self.disk.read_exact(&mut self.buf).is_ok() && self.buf == data;
        if !same {
            self.same = false;
            return Err(std::io::Error::other("differs from the file on disk"));
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.md")]);
    }

    /// Issue 20, item 7: the temporary files were named `.report.json.PID.tmp` and opened
    /// following links, so a link planted under that name made the run overwrite its target.
    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("reports");
        std::fs::create_dir(&out).unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let report = crate::render::tests::sample_report();
        let rendered = render_all(&report, &out, &Format::ALL).unwrap();
        for name in ["report.html", "report.md", "report.json", "report.csv"] {
            let planted = out.join(format!(".{name}.{}.tmp", std::process::id()));
            std::os::unix::fs::symlink(&victim, &planted).unwrap();
        }
        rendered.write().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(rendered.stale().unwrap().is_empty());
        assert!(!out.join(JOURNAL).exists());
    }

    /// Issue 20, item 1: a FIFO where a report file goes is replaced, never opened.
    #[cfg(unix)]
    #[test]
    fn a_fifo_where_a_file_goes_is_out_of_date_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("report.json");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &json,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let report = crate::render::tests::sample_report();
        let rendered = render_all(&report, dir.path(), &[Format::Json]).unwrap();
        assert_eq!(rendered.stale().unwrap(), std::slice::from_ref(&json));
        rendered.write().unwrap();
        assert!(std::fs::symlink_metadata(&json).unwrap().is_file());
        assert!(rendered.stale().unwrap().is_empty());
    }

    /// Issue 20, item 9: a run killed between two renames left a new report.html beside the
    /// old files; its temporary files were never swept.
    #[test]
    fn a_publication_cut_short_is_finished_and_leftovers_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let report = crate::render::tests::sample_report();
        let rendered = render_all(&report, out, &Format::ALL).unwrap();
        rendered.write().unwrap();
        let new_json = std::fs::read(out.join("report.json")).unwrap();
        // What a killed run leaves: report.html renamed already, report.json staged, the
        // journal, and a temporary file it had not finished.
        std::fs::write(out.join("report.json"), "old").unwrap();
        let staged = format!("{}AAAAAAAAAAAAAAAA", crate::cleanup::TEMP_PREFIX);
        std::fs::write(out.join(&staged), &new_json).unwrap();
        let half = format!("{}BBBBBBBBBBBBBBBB", crate::cleanup::TEMP_PREFIX);
        std::fs::write(out.join(&half), "half").unwrap();
        let renamed = format!("{}CCCCCCCCCCCCCCCC", crate::cleanup::TEMP_PREFIX);
        let outside = format!("{}DDDDDDDDDDDDDDDD", crate::cleanup::TEMP_PREFIX);
        std::fs::write(
            out.join(JOURNAL),
            format!("{renamed}\treport.html\n{staged}\treport.json\n{outside}\t../evil\n"),
        )
        .unwrap();
        std::fs::write(out.join(&outside), "x").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let recovered = recover(out).unwrap();
        assert_eq!(
            recovered,
            Recovered {
                published: vec!["report.json".into()],
                swept: 2,
            }
        );
        assert_eq!(std::fs::read(out.join("report.json")).unwrap(), new_json);
        assert!(rendered.stale().unwrap().is_empty());
        let mut names: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "notes.txt",
                "report-appendix.html",
                "report-tables.md",
                "report.csv",
                "report.html",
                "report.json",
                "report.manifest.csv",
                "report.md"
            ]
        );
    }

    #[test]
    fn a_staged_file_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.csv");
        // 20 MB in pieces of odd sizes.
        let data: Vec<u8> = (0..20_000_000).map(|i| (i % 251) as u8).collect();
        let (tmp, file) = stage(&p, &mut |w| {
            data.chunks(100_003).try_for_each(|c| w.write_all(c))
        })
        .unwrap();
        synced((tmp.clone(), file)).unwrap();
        assert_eq!(std::fs::read(&tmp).unwrap(), data);
    }

    #[test]
    fn a_failed_write_leaves_every_previous_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("report.html");
        let md = dir.path().join("report.md");
        std::fs::write(&html, "old html").unwrap();
        std::fs::create_dir(&md).unwrap(); // writing report.md must fail
        let report = crate::render::tests::sample_report();
        let rendered = render_all(&report, dir.path(), &[Format::Html, Format::Markdown]).unwrap();
        let err = rendered.write().unwrap_err().to_string();
        assert!(err.starts_with("cannot write"), "{err}");
        assert!(err.contains("report.md"), "{err}");
        assert_eq!(std::fs::read_to_string(&html).unwrap(), "old html");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["report.html", "report.md"]);
    }

    #[test]
    fn check_finds_changed_missing_and_longer_files_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let report = crate::render::tests::sample_report();
        let rendered = render_all(&report, dir.path(), &Format::ALL).unwrap();
        assert_eq!(rendered.stale().unwrap().len(), 7, "nothing written yet");
        rendered.write().unwrap();
        assert!(rendered.stale().unwrap().is_empty());
        let json = dir.path().join("report.json");
        let mut text = std::fs::read(&json).unwrap();
        text.push(b' ');
        std::fs::write(&json, &text).unwrap();
        let csv = dir.path().join("report.csv");
        let mut text = std::fs::read(&csv).unwrap();
        text[10] ^= 1;
        std::fs::write(&csv, &text).unwrap();
        std::fs::remove_file(dir.path().join("report.md")).unwrap();
        let mut stale: Vec<_> = rendered
            .stale()
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        stale.sort();
        assert_eq!(stale, ["report.csv", "report.json", "report.md"]);
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 6, "--check wrote nothing");
    }
}
