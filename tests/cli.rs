//! CLI tests as data: each `tests/cmd/*.toml` runs the binary in a sandboxed copy of
//! `tests/cmd/base/` and compares the exit code, stdout and stderr with the files beside it.
//! Regenerate the expected files after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
