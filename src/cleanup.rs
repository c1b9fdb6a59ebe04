//! What a run leaves in the output folder, whatever happens to it: temporary files created
//! only by this module (exclusively, under names nobody can guess), removed on SIGINT and
//! SIGTERM; the lock that keeps two runs out of one folder; and the sweep of what a killed
//! run (`kill -9`, a power cut) left behind.
//!
//! Every temporary file the report is staged in is named `.framelens-tmp.` and sixteen
//! random characters, created with `O_CREAT | O_EXCL` (the `tempfile` crate): a file or a
//! symbolic link planted under that name makes the creation fail and another name is drawn,
//! so no planted link is ever followed. The names are registered while the file is created,
//! so a signal that arrives at any point finds every one of them.
//!
//! The folder lock is an advisory `flock` on `.framelens.lock` in the folder, held for the
//! whole run (a run that writes takes it exclusively, `--check` takes it shared). The kernel
//! drops it when the process ends, however it ends, so a lock is never stale. The holder
//! writes its process id into the file, for the message a second run prints.
//!
//! The spill files of a large report are anonymous (unlinked when created, see
//! [`crate::spill`]): they vanish with the process, even after `kill -9`, so `$TMPDIR` needs
//! no sweeping.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// How every temporary file of the output folder is named: this, then random characters.
pub const TEMP_PREFIX: &str = ".framelens-tmp.";

/// The lock file in the output folder.
pub const LOCK_FILE: &str = ".framelens.lock";

/// The temporary files that exist now (some may already be renamed or removed: removing
/// those again does nothing).
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry of temporary files, held: while it is held, a signal waits before it
/// removes anything, so a set of renames made under it is never cut in the middle.
pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates a new temporary file in `dir` (see the module documentation), registered for
/// removal on a signal. It is removed when dropped unless it is persisted.
pub fn create_temp(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut registry = hold();
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).rand_bytes(16);
    // The mode `File::create` gives (0o666 less the umask), not the temporary file's 0o600:
    // a report published under a web server's folder must stay readable by it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let file = builder.tempfile_in(dir)?;
    registry.push(file.path().to_path_buf());
    Ok(file)
}

/// Takes `path` off the registry (it was renamed or removed).
pub fn forget(path: &Path) {
    hold().retain(|p| p != path);
}

/// Removes every registered temporary file and returns with the registry held, so that no
/// new one is created before the process exits.
fn remove_all() -> MutexGuard<'static, Vec<PathBuf>> {
    let registry = hold();
    for p in registry.iter() {
        let _ = std::fs::remove_file(p);
    }
    registry
}

/// Installs the handler of SIGINT and SIGTERM: a thread that, once a signal comes, waits for
/// any publication under way to end, removes every temporary file and exits with 128 + the
/// signal's number (130, 143), as a shell reports a process killed by it.
#[cfg(unix)]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _held = remove_all();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Signals are left to the platform's defaults.
#[cfg(not(unix))]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    Ok(())
}

/// Opens `path` for reading only if it is a regular file: the open does not block (a FIFO
/// named `report.json` opens at once and is then refused) and the file's type is checked on
/// the open file, not on the name. `Ok(None)` when there is no such file.
pub fn open_regular(path: &Path) -> std::io::Result<Option<File>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a FIFO, device or socket is never read)",
        ));
    }
    Ok(Some(file))
}

/// Creates `dir` (and its parents) for the report, with an error that says what to do when
/// something that is not a folder stands there.
pub fn create_out_dir(dir: &Path) -> anyhow::Result<()> {
    if let Ok(m) = std::fs::metadata(dir) {
        if !m.is_dir() {
            anyhow::bail!(
                "--out {}: this is a file, not a folder; pass a folder (it is created if missing)",
                dir.display()
            );
        }
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "--out {}: cannot create the folder: {e}; pass a folder you can write to",
            dir.display()
        )
    })
}

/// How a run locks the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// A run that writes: alone in the folder.
    Write,
    /// `--check`: reads, beside other readers, never while a run writes.
    Read,
}

/// The output folder's lock, held until dropped.
#[derive(Debug)]
pub struct OutLock {
    file: File,
    mode: LockMode,
}

impl Drop for OutLock {
    /// Empties the lock file before the lock goes (with the file), so that a run leaves the
    /// folder as it found it: a holder's id is only there while it runs.
    fn drop(&mut self) {
        if self.mode == LockMode::Write {
            let _ = self.file.set_len(0);
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum Busy {
    /// Another run holds it; what it wrote into the lock file ("pid 1234"), if anything.
    Held(String),
    /// The lock file cannot be opened or locked.
    Error(anyhow::Error),
}

impl OutLock {
    /// Takes the lock of `dir` (which exists, for [`LockMode::Write`]). With `wait`, waits for
    /// another run to end; without, returns [`Busy::Held`] at once. A `--check` of a folder
    /// that has no lock file yet (no run ever wrote there) takes none.
    pub fn take(dir: &Path, mode: LockMode, wait: bool) -> Result<Option<OutLock>, Busy> {
        let path = dir.join(LOCK_FILE);
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        if mode == LockMode::Write {
            options.write(true).create(true).truncate(false);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A planted link is not followed, a FIFO does not block the open.
            let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
            options.custom_flags(flags.bits() as i32);
        }
        let cannot = |e: std::io::Error| {
            Busy::Error(anyhow::anyhow!(
                "cannot lock {}: {e}; remove it if it is not a regular file",
                path.display()
            ))
        };
        let mut file = match options.open(&path) {
            Ok(f) => f,
            Err(e) if mode == LockMode::Read && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None)
            }
            Err(e) => return Err(cannot(e)),
        };
        if !file.metadata().map_err(cannot)?.is_file() {
            return Err(cannot(std::io::Error::other("not a regular file")));
        }
        match lock(&file, mode, wait) {
            Ok(true) => {}
            Ok(false) => {
                let mut holder = String::new();
                let _ = (&file).take(200).read_to_string(&mut holder);
                // Shown on a terminal: printable characters only.
                let holder = holder.trim().chars();
                return Err(Busy::Held(
                    holder
                        .filter(|c| c.is_ascii_graphic() || *c == ' ')
                        .collect(),
                ));
            }
            Err(e) => return Err(cannot(e)),
        }
        if mode == LockMode::Write {
            // Who holds it, for a second run's message.
            let _ = file
                .set_len(0)
                .and_then(|()| write!(file, "pid {}", std::process::id()));
        }
        Ok(Some(OutLock { file, mode }))
    }
}

/// Locks `file`; `Ok(false)` when another process holds it and `wait` is not set.
#[cfg(unix)]
fn lock(file: &File, mode: LockMode, wait: bool) -> std::io::Result<bool> {
    use rustix::fs::FlockOperation as Op;
    let op = match (mode, wait) {
        (LockMode::Write, true) => Op::LockExclusive,
        (LockMode::Write, false) => Op::NonBlockingLockExclusive,
        (LockMode::Read, true) => Op::LockShared,
        (LockMode::Read, false) => Op::NonBlockingLockShared,
    };
    match rustix::fs::flock(file, op) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// No advisory locks here: every run proceeds.
#[cfg(not(unix))]
fn lock(_file: &File, _mode: LockMode, _wait: bool) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_are_new_files_under_unguessable_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = create_temp(dir.path()).unwrap();
        let b = create_temp(dir.path()).unwrap();
        let name = |f: &tempfile::NamedTempFile| f.path().file_name().unwrap().to_owned();
        let (na, nb) = (name(&a), name(&b));
        assert_ne!(na, nb);
        for n in [&na, &nb] {
            let n = n.to_str().unwrap();
            assert!(n.starts_with(TEMP_PREFIX), "{n}");
            assert_eq!(n.len(), TEMP_PREFIX.len() + 16, "{n}");
        }
        assert!(hold().contains(&a.path().to_path_buf()));
        let path = a.path().to_path_buf();
        drop(a);
        forget(&path);
        assert!(!hold().contains(&path));
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_get_the_mode_a_created_file_gets() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let created = dir.path().join("created");
        File::create(&created).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let temp = create_temp(dir.path()).unwrap();
        assert_eq!(mode(temp.path()), mode(&created));
    }

    #[cfg(unix)]
    #[test]
    fn a_second_writer_is_refused_and_told_who_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::take(dir.path(), LockMode::Write, false).unwrap();
        assert!(first.is_some());
        // flock locks belong to the open file: a second open in this process is refused
        // like another process would be.
        match OutLock::take(dir.path(), LockMode::Write, false) {
            Err(Busy::Held(holder)) => {
                assert_eq!(holder, format!("pid {}", std::process::id()))
            }
            other => panic!("second writer not refused: {other:?}"),
        }
        assert!(matches!(
            OutLock::take(dir.path(), LockMode::Read, false),
            Err(Busy::Held(_))
        ));
        drop(first);
        assert!(OutLock::take(dir.path(), LockMode::Read, false)
            .unwrap()
            .is_some());
    }

    #[test]
    fn a_check_of_a_folder_never_written_takes_no_lock_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(OutLock::take(dir.path(), LockMode::Read, false)
            .unwrap()
            .is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("report.json");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let err = open_regular(&fifo).unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
        assert!(open_regular(&dir.path().join("none")).unwrap().is_none());
    }

    #[test]
    fn an_out_folder_that_is_a_file_gets_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reports");
        std::fs::write(&file, "x").unwrap();
        let err = create_out_dir(&file).unwrap_err().to_string();
        assert!(err.contains("is a file, not a folder"), "{err}");
        assert!(!err.contains("os error"), "{err}");
        create_out_dir(&dir.path().join("new/reports")).unwrap();
        assert!(dir.path().join("new/reports").is_dir());
    }
}
