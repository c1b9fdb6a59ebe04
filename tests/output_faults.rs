//! Issue 20, the output side, through the binary: a FIFO where a report file goes, two runs
//! into one folder, a signal in the middle of a run, an `--out` that is a file.
#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_framelens"));
    c.args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits for `child` at most `secs` seconds: a run that blocks fails the test instead of
/// hanging it.
fn finish(mut child: Child, secs: u64) -> Output {
    let until = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > until {
            child.kill().unwrap();
            panic!("still running after {secs} s: blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    finish(command(dir, args).spawn().unwrap(), 120)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A sandbox with the CLI test config and its two articles.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/base");
    std::fs::copy(
        base.join("framelens.toml"),
        dir.path().join("framelens.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    for f in ["a.txt", "b.md"] {
        std::fs::copy(
            base.join("articles").join(f),
            dir.path().join("articles").join(f),
        )
        .unwrap();
    }
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Issue 20, item 1: a FIFO named `report.json` in `--out` blocked `report` for ever (in the
/// read of the previous report, and in `--check`).
#[test]
fn a_fifo_named_report_json_in_out_never_blocks() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).unwrap();
    mkfifo(&d.join("reports/report.json"));
    let check = run(d, &["report", "--check", "-c", "framelens.toml"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("out of date: reports/report.json"),
        "{}",
        stderr(&check)
    );
    let write = run(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    assert!(
        stderr(&write).contains("reports/report.json: not a regular file"),
        "{}",
        stderr(&write)
    );
    assert!(std::fs::symlink_metadata(d.join("reports/report.json"))
        .unwrap()
        .is_file());
    let check = run(d, &["report", "--check", "-c", "framelens.toml"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// Issue 20, item 8: two runs into one folder at once both wrote, leaving a mixed set.
#[test]
fn a_second_run_into_a_locked_folder_exits_2_naming_the_folder_and_the_holder() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).unwrap();
    let lock = framelens::cleanup::OutLock::take(
        &d.join("reports"),
        framelens::cleanup::LockMode::Write,
        false,
    )
    .unwrap();
    let second = run(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert_eq!(
        stderr(&second),
        format!(
            "error: reports is in use by another framelens run (pid {}); nothing was done. \
             Run again when it ends, or pass --wait to wait for it\n",
            std::process::id()
        )
    );
    assert_eq!(
        names(&d.join("reports")),
        [".framelens.lock"],
        "nothing written"
    );
    // `--check` does not read a folder while a run writes to it either.
    let check = run(d, &["report", "--check", "-c", "framelens.toml"]);
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));

    // With --wait, the second run waits for the first to end, then writes.
    let waiting = command(d, &["report", "--wait", "-c", "framelens.toml"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        names(&d.join("reports")),
        [".framelens.lock"],
        "still waiting"
    );
    drop(lock);
    let waited = finish(waiting, 120);
    assert_eq!(waited.status.code(), Some(0), "{}", stderr(&waited));
    assert!(stderr(&waited).starts_with(&format!(
        "waiting for the framelens run (pid {}) writing to reports\n",
        std::process::id()
    )));
    assert!(d.join("reports/report.json").is_file());
    // The lock file is left empty between runs.
    assert_eq!(
        std::fs::read(d.join("reports/.framelens.lock")).unwrap(),
        b""
    );
}

/// Issue 20, item 9: SIGTERM left `.report.*.tmp` in `--out` and spill files in `$TMPDIR`.
#[test]
fn sigterm_leaves_no_temporary_file_in_out_or_tmpdir() {
    let dir = sandbox();
    let d = dir.path();
    // Enough articles for the report to spill and take a while to write.
    for i in 0..3000 {
        std::fs::write(
            d.join(format!("articles/n{i:04}.txt")),
            format!("Note {i}\n\nThe North Star Daily saw an alliance, number {i}, and a partnership.\n"),
        )
        .unwrap();
    }
    let tmpdir = tempfile::tempdir().unwrap();
    let mut caught = false;
    for _ in 0..5 {
        let child = command(d, &["report", "--threads", "1", "-c", "framelens.toml"])
            .env("TMPDIR", tmpdir.path())
            .spawn()
            .unwrap();
        let out = d.join("reports");
        // Wait for the first temporary file of the report, then stop the run.
        let until = Instant::now() + Duration::from_secs(120);
        let mut seen = false;
        while Instant::now() < until {
            if out.is_dir() && names(&out).iter().any(|n| n.starts_with(".framelens-tmp.")) {
                seen = true;
                break;
            }
            if out.is_dir() && names(&out).contains(&"report.md".into()) {
                break; // finished before we saw one: try again
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if seen {
            let killed = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status()
                .unwrap();
            assert!(killed.success());
        }
        let output = finish(child, 120);
        if seen && output.status.code() == Some(143) {
            let left: Vec<String> = names(&out)
                .into_iter()
                .filter(|n| n.starts_with(".framelens-tmp.") || n == ".framelens.publish")
                .collect();
            assert!(left.is_empty(), "left behind: {left:?}");
            caught = true;
            break;
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
    assert!(caught, "the run never stopped while it was writing");
    assert!(
        names(tmpdir.path()).is_empty(),
        "spill files left in $TMPDIR"
    );
}

/// Issue 20, low: "File exists (os error 17)" for an `--out` that is a file.
#[test]
fn an_out_that_is_a_file_gets_a_clear_error() {
    let dir = sandbox();
    let d = dir.path();
    std::fs::write(d.join("reports"), "not a folder").unwrap();
    let o = run(d, &["report", "-c", "framelens.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --out reports: this is a file, not a folder; pass a folder (it is created if missing)\n"
    );
}
