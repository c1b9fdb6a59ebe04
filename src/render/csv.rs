//! `report.csv`: tidy data, one row per article × frame × stance.
//!
//! Columns `path,outlet,date,words,frame,stance,count,title` (`outlet` and `frame` are ids; `date`
//! is empty when unknown; `title` last, being free text). Only frames an article mentions get
//! rows, and such a frame gets all four stances (zeros included) so sums need no fill-in. Rows
//! follow the article order of the report, frames in config order, stances in
//! [`Stance::ALL`] order. RFC 4180 quoting, `\n` line ends, header first.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-`, `@` (or a tab or CR) as a formula, and
//! titles and paths come from the articles: such text fields get a leading `'`. Numbers never do.

use crate::model::{ArticleReport, Report, Stance};

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
    let spill = report.articles.spill().filter(|s| {
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

/// Appends an article's rows in a compact form that [`write_rows`] turns into the rows:
/// the fields every row shares (quoted once), then each frame with rows (`frames`, the
/// report's frame ids, in order first; a frame id the config does not list still gets its
/// rows, last) with its count per stance. A spilled report keeps this, made on a scoring
/// thread, instead of the rows themselves (a few hundred bytes instead of a few KB).
pub fn encode_rows(article: &ArticleReport, frames: &[&str], out: &mut Vec<u8>) {
    let mut field = String::new();
    let put = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    push_text_field(&mut field, &article.path);
    field.push(',');
    push_text_field(&mut field, &article.outlet);
    field.push(',');
    push_text_field(&mut field, article.date.as_deref().unwrap_or(""));
    field.push(',');
    field.push_str(&article.words.to_string());
    field.push(',');
    put(out, field.as_bytes());
    field.clear();
    field.push(',');
    push_text_field(&mut field, &article.title);
    field.push('\n');
    put(out, field.as_bytes());
    let unknown = article
        .frames
        .keys()
        .map(String::as_str)
        .filter(|id| !frames.contains(id));
    for frame_id in frames.iter().copied().chain(unknown) {
        let Some(counts) = article.frames.get(frame_id) else {
            continue;
        };
        if counts.mentions == 0 && counts.stance.total() == 0 {
            continue;
        }
        field.clear();
        push_text_field(&mut field, frame_id);
        field.push(',');
        put(out, field.as_bytes());
        for stance in Stance::ALL {
            out.extend_from_slice(&counts.stance.get(stance).to_le_bytes());
        }
    }
}

/// Appends the rows of one article from its [`encode_rows`] form: for each frame, one row
/// per stance in [`Stance::ALL`] order.
pub fn write_rows(encoded: &[u8], out: &mut Vec<u8>) {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
        let (head, rest) = bytes.split_at(n.min(bytes.len()));
        *bytes = rest;
        head
    }
    fn field<'a>(bytes: &mut &'a [u8]) -> &'a [u8] {
        let len = take(bytes, 4);
        let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
        take(bytes, len)
    }
    let mut rest = encoded;
    let lead = field(&mut rest);
    let title = field(&mut rest);
    while !rest.is_empty() {
        let frame = field(&mut rest);
        for stance in Stance::ALL {
            let count = take(&mut rest, 8);
            let count = u64::from_le_bytes(count.try_into().unwrap_or_default());
            out.extend_from_slice(lead);
            out.extend_from_slice(frame);
            out.extend_from_slice(stance.as_str().as_bytes());
            out.push(b',');
            push_count(out, count);
            out.extend_from_slice(title);
        }
    }
}

/// Appends `n` in decimal.
fn push_count(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The file the CSV manifest is written to, beside `report.csv`.
pub const MANIFEST_FILE: &str = "report.manifest.csv";

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

/// [`text_field`], appended to `out`. RFC 4180: a field holding a comma, quote, CR or LF is
/// quoted, inner quotes doubled.
fn push_text_field(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        if formula {
            out.push('\'');
        }
        out.push_str(text);
    }
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
