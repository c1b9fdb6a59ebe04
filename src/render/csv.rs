//! `report.csv`: tidy data, one row per article × frame × stance.
//!
//! Columns `path,outlet,date,words,frame,stance,count,title` (`outlet` and `frame` are ids; `date`
//! is empty when unknown; `title` last, being free text). Only frames an article mentions get
//! rows, and such a frame gets all four stances (zeros included) so sums need no fill-in. Rows
//! follow the article order of the report, frames in config order, stances in
//! [`crate::model::Stance::ALL`] order. RFC 4180 quoting, `\n` line ends, header first.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-`, `@` (or a tab or CR) as a formula, and
//! titles and paths come from the articles: such text fields get a leading `'`. Numbers never do.

use crate::encode::csv_rows::{encode_rows, push_text_field, write_rows};
use crate::model::Report;

/// The header row, without its line end.
pub const HEADER: &str = "path,outlet,date,words,frame,stance,count,title";

/// Renders the report as CSV.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    write(report, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("CSV of UTF-8 fields")
}

/// Writes the report as CSV, a row at a time.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let frames: Vec<&str> = report.frames.iter().map(|f| f.id.as_str()).collect();
    let mut out = Vec::with_capacity(1 << 17);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(b'\n');
    // A spilled report's rows were encoded for the config's frames when they were scored.
    let spill = crate::spill::of(&report.articles).filter(|s| {
        s.frame_ids()
            .iter()
            .map(String::as_str)
            .eq(frames.iter().copied())
    });
    if let Some(spill) = spill {
        spill.for_each_csv(&mut |rows| {
            write_rows(rows, &mut out);
            if out.len() >= 1 << 16 {
                w.write_all(&out)?;
                out.clear();
            }
            Ok(())
        })?;
        return w.write_all(&out);
    }
    let mut encoded = Vec::new();
    for article in report.articles.each() {
        encoded.clear();
        encode_rows(&*article?, &frames, &mut encoded);
        write_rows(&encoded, &mut out);
        if out.len() >= 1 << 16 {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)
}

pub use crate::format::MANIFEST_FILE;

/// The header of `report.manifest.csv`.
pub const MANIFEST_HEADER: &str = "role,name,sha256";

/// `report.manifest.csv`: what produced the report, kept out of `report.csv` so that stays
/// tidy. One row per thing: `framelens,<version>,`; `config,<path>,<sha256>`; then every input
/// as `used` or `skipped`, by path, with its SHA-256 (empty when unknown).
pub fn render_manifest(report: &Report) -> String {
    let mut out = Vec::new();
    write_manifest(report, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("CSV of UTF-8 fields")
}

/// Writes `report.manifest.csv`, a block of rows at a time.
pub fn write_manifest(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let m = &report.manifest;
    let mut out = format!("{MANIFEST_HEADER}\n");
    let row = |out: &mut String, fields: [&str; 3]| {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_text_field(out, f);
        }
        out.push('\n');
    };
    row(&mut out, ["framelens", &m.framelens_version, ""]);
    row(&mut out, ["config", &m.config_path, &m.config_sha256]);
    for input in m.inputs.each() {
        let input = input?;
        row(&mut out, [&input.status, &input.path, &input.sha256]);
        if out.len() >= 1 << 16 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
}

/// A text field: neutralized against formula injection, then quoted.
#[cfg(test)]
fn text_field(text: &str) -> String {
    let mut out = String::new();
    push_text_field(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_report;

    #[test]
    fn tiny_report_exact_text() {
        let mut report = sample_report();
        report.articles.in_memory_mut().truncate(2);
        report.articles[0].title = "=HYPERLINK(\"x\"), \"quoted\"\nline".into();
        report.articles[1].path = "-rf/two.txt".into();
        report.articles[1].date = None;
        let expected = "\
path,outlet,date,words,frame,stance,count,title
corpus/ledger/one.txt,ledger,2021-12-15,600,alliance,asserted,1,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,alliance,quoted,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,alliance,negated,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,alliance,distanced,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,partnership,asserted,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,partnership,quoted,1,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,partnership,negated,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
corpus/ledger/one.txt,ledger,2021-12-15,600,partnership,distanced,0,\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\"
'-rf/two.txt,ledger,,500,alliance,asserted,0,Talks go on
'-rf/two.txt,ledger,,500,alliance,quoted,0,Talks go on
'-rf/two.txt,ledger,,500,alliance,negated,1,Talks go on
'-rf/two.txt,ledger,,500,alliance,distanced,0,Talks go on
";
        assert_eq!(render(&report), expected);
    }

    #[test]
    fn articles_without_mentions_have_no_rows_and_hostile_title_is_one_field() {
        let csv = render(&sample_report());
        assert!(!csv.contains("three.txt"));
        let hostile: Vec<&str> = csv
            .lines()
            .filter(|l| l.contains("courier/x.txt"))
            .collect();
        assert_eq!(hostile.len(), 8);
        assert!(
            hostile[0].ends_with(r#","<script>alert(""x"")</script> | # pipe""#),
            "{}",
            hostile[0]
        );
    }

    #[test]
    fn numbers_are_not_prefixed_and_quoting_is_minimal() {
        assert_eq!(text_field("+44 news"), "'+44 news");
        assert_eq!(text_field("@home"), "'@home");
        assert_eq!(text_field("plain"), "plain");
        assert_eq!(text_field("a,b"), "\"a,b\"");
        assert_eq!(text_field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(text_field("=a,\"b\""), "\"'=a,\"\"b\"\"\"");
        let csv = render(&sample_report());
        assert!(csv
            .lines()
            .all(|l| !l.contains(",'0") && !l.contains(",'1")));
    }

    #[test]
    fn manifest_is_its_own_tidy_file() {
        let mut report = sample_report();
        report.manifest = crate::model::Manifest {
            framelens_version: "9.9.9".into(),
            config_path: "config/x.toml".into(),
            config_sha256: "ab".into(),
            inputs: vec![crate::model::InputHash {
                path: "a, b.txt".into(),
                sha256: "cd".into(),
                status: "used".into(),
            }]
            .into(),
        };
        assert_eq!(
            render_manifest(&report),
            "role,name,sha256\nframelens,9.9.9,\nconfig,config/x.toml,ab\nused,\"a, b.txt\",cd\n"
        );
    }

    #[test]
    fn is_deterministic() {
        let report = sample_report();
        assert_eq!(render(&report), render(&report));
    }
}
