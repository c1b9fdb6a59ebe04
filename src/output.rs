//! Writing the report: every file atomically (a temporary file in the same folder, then a
//! rename), and `--check`, which compares what would be written with what is on disk.
//!
//! All formats are rendered to memory first, so a rendering error leaves every existing
//! file untouched; a failure while writing one file leaves that file's previous version whole.

use crate::model::Report;
use crate::render::{render_files, Format};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The rendered files of one report.
pub struct Rendered {
    pub files: Vec<(PathBuf, String)>,
}

/// Renders every requested format.
pub fn render_all(report: &Report, out_dir: &Path, formats: &[Format]) -> anyhow::Result<Rendered> {
    let mut files = Vec::new();
    for &f in formats {
        for (name, text) in render_files(report, f)? {
            files.push((out_dir.join(name), text));
        }
    }
    Ok(Rendered { files })
}

/// Writes one file atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = stage(path, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Writes `contents` to a synced temporary file beside `path` and returns its name.
fn stage(path: &Path, contents: &[u8]) -> std::io::Result<PathBuf> {
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

impl Rendered {
    /// Writes every file, all or nothing as far as the file system allows: every temporary
    /// file is written and synced first, and only then are they renamed into place. A failure
    /// before the renames leaves every previous file untouched; the error names the file.
    pub fn write(&self) -> anyhow::Result<()> {
        let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
        let cleanup = |staged: &[(PathBuf, &PathBuf)]| {
            for (tmp, _) in staged {
                let _ = std::fs::remove_file(tmp);
            }
        };
        for (path, text) in &self.files {
            match stage(path, text.as_bytes()) {
                Ok(tmp) => staged.push((tmp, path)),
                Err(e) => {
                    cleanup(&staged);
                    anyhow::bail!(
                        "cannot write {}: {e}; the previous report is unchanged",
                        path.display()
                    );
                }
            }
        }
        for (i, (tmp, path)) in staged.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, path) {
                cleanup(&staged[i..]);
                anyhow::bail!("cannot write {}: {e}", path.display());
            }
        }
        Ok(())
    }

    /// The files whose content on disk differs from what would be written.
    pub fn stale(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(p, text)| std::fs::read(p).map_or(true, |on_disk| on_disk != text.as_bytes()))
            .map(|(p, _)| p.clone())
            .collect()
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

    #[test]
    fn a_failed_write_leaves_every_previous_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("report.html");
        let md = dir.path().join("report.md");
        std::fs::write(&html, "old html").unwrap();
        std::fs::create_dir(&md).unwrap(); // writing report.md must fail
        let rendered = Rendered {
            files: vec![
                (html.clone(), "new html".into()),
                (md.clone(), "new md".into()),
            ],
        };
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
}
