//! Coding sheets: the CSV that `framelens sample` writes and coders fill in, read back as
//! spreadsheets save it, and the HTML view of the same rows for coders to read.
//!
//! Reading accepts what spreadsheet programs write: a UTF-8 byte-order mark, CRLF line ends,
//! quoted fields with embedded line breaks and quotes, columns in any order (matched by
//! header name, case-insensitively), trailing empty columns left out, and `;` or tab
//! separators (European Excel saves "CSV" with `;`). The separator is the one of `,`, `;`
//! and tab whose split of the header line names the `path`, `start`, `end` and `frame`
//! columns. Blank rows are ignored; a value that is not understood stops the reading with
//! the file, the line and the fix.

use crate::model::Stance;
use std::path::Path;

/// The columns of a coding sheet, in order (docs/validation.md, "The coding sheet").
pub const COLUMNS: [&str; 12] = [
    "id", "outlet", "path", "start", "end", "frame", "term", "context", "in_frame", "stance",
    "coder", "note",
];

/// One row of a coding sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub id: String,
    pub outlet: String,
    /// The article's path, as the report writes it.
    pub path: String,
    /// Byte offsets in the original file: of the mention, or of the sentence for a row
    /// with no mention (empty `term`).
    pub start: usize,
    pub end: usize,
    /// The mention's frame id; on a row with no mention, the frame ids the coder saw
    /// (separated by spaces, commas or semicolons), or empty.
    pub frame: String,
    /// The term that matched; empty on a row with no mention.
    pub term: String,
    /// The previous sentence and the sentence, the mention marked `[[...]]`.
    pub context: String,
    /// The coder's answer: is this a real use of the frame, in scope?
    pub in_frame: Option<bool>,
    /// The coder's stance.
    pub stance: Option<Stance>,
    pub coder: String,
    pub note: String,
}

impl SheetRow {
    /// A row sampled from sentences with no mention, for recall.
    pub fn is_unmatched(&self) -> bool {
        self.term.is_empty()
    }
}

/// A row as read, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    /// The file, as given.
    pub file: String,
    /// The line the row starts on (1-based; the header is line 1).
    pub line: u64,
    pub row: SheetRow,
}

/// Writes rows as a CSV sheet (header first, fields quoted where needed, `\n` line ends).
pub fn write_csv(rows: &[SheetRow]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(COLUMNS);
    for r in rows {
        let (start, end) = (r.start.to_string(), r.end.to_string());
        let in_frame = match r.in_frame {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        let stance = r.stance.map_or("", Stance::as_str);
        let _ = w.write_record([
            r.id.as_str(),
            &r.outlet,
            &r.path,
            &start,
            &end,
            &r.frame,
            &r.term,
            &r.context,
            in_frame,
            stance,
            &r.coder,
            &r.note,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// Reads a coding sheet from a file.
pub fn read_file(path: &Path) -> anyhow::Result<Vec<ReadRow>> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("cannot read coding sheet {}: {e}", path.display()))?;
    read_bytes(&path.display().to_string(), &bytes)
}

/// Reads a coding sheet's bytes; `file` names it in errors.
pub fn read_bytes(file: &str, bytes: &[u8]) -> anyhow::Result<Vec<ReadRow>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let OpenSheet { mut reader, at } = open_sheet(file, bytes)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
        let line = record_line(&record, bytes);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push(ReadRow {
            file: file.to_string(),
            line,
            row: sheet_row(file, line, &record, &at)?,
        });
    }
    Ok(rows)
}

/// A coding sheet opened for reading.
struct OpenSheet<'b> {
    /// The sheet's records past its header line.
    reader: csv::Reader<&'b [u8]>,
    /// Where each of [`COLUMNS`] stands in a record: `None` for a column the sheet does not
    /// have.
    at: Vec<Option<usize>>,
}

/// The sheet `bytes` opened: its separator found and its header read (names trimmed and
/// compared in lower case). Fails when the sheet is not UTF-8 or its first line is not a
/// coding sheet header.
fn open_sheet<'b>(file: &str, bytes: &'b [u8]) -> anyhow::Result<OpenSheet<'b>> {
    if std::str::from_utf8(bytes).is_err() {
        anyhow::bail!(
            "{file}: not UTF-8; save the sheet as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)"
        );
    }
    let delimiter = detect_delimiter(bytes).ok_or_else(|| {
        anyhow::anyhow!(
            "{file}: the first line is not a coding sheet header; it needs at least the columns \
             path, start, end and frame (as `framelens sample` writes them), separated by \
             commas or semicolons"
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let at = COLUMNS.iter().map(|c| col(c)).collect();
    Ok(OpenSheet { reader, at })
}

/// The line of the sheet (`bytes`) that `record` starts on, counted from its byte offset;
/// 0 when the reader gives no position.
fn record_line(record: &csv::StringRecord, bytes: &[u8]) -> u64 {
    record.position().map_or(0, |p| {
        // With CRLF line ends the offset may stand on the previous line's end.
        let mut at = (p.byte() as usize).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64
    })
}

/// The row that `record`, on line `line` of sheet `file`, holds in the columns at `at`
/// (see [`OpenSheet`]): fields trimmed but the context and the note, kept as written. Fails,
/// naming the line, the column and its value, on an `in_frame`, `stance` or offset that
/// cannot be read.
fn sheet_row(
    file: &str,
    line: u64,
    record: &csv::StringRecord,
    at: &[Option<usize>],
) -> anyhow::Result<SheetRow> {
    let get = |i: usize| -> &str { at[i].and_then(|c| record.get(c)).unwrap_or("").trim() };
    let bad = |column: &str, value: &str, fix: &str| {
        anyhow::anyhow!("{file}, line {line}: column {column} holds `{value}`; {fix}")
    };
    let offset = |i: usize| -> anyhow::Result<usize> {
        get(i).parse().map_err(|_| {
            bad(
                COLUMNS[i],
                get(i),
                "offsets are byte offsets as `framelens sample` wrote them: restore the \
                 sampled value",
            )
        })
    };
    let in_frame = in_frame_cell(get(8))
        .ok_or_else(|| bad("in_frame", get(8), "write yes, no, or leave it empty"))?;
    let stance = stance_cell(get(9)).ok_or_else(|| {
        bad(
            "stance",
            get(9),
            "write asserted, quoted, negated or distanced, or leave it empty",
        )
    })?;
    Ok(SheetRow {
        id: get(0).to_string(),
        outlet: get(1).to_string(),
        path: get(2).to_string(),
        start: offset(3)?,
        end: offset(4)?,
        frame: get(5).to_string(),
        term: get(6).to_string(),
        // The context is the one field whose inner line breaks are kept as written.
        context: at[7].and_then(|c| record.get(c)).unwrap_or("").to_string(),
        in_frame,
        stance,
        coder: get(10).to_string(),
        note: at[11].and_then(|c| record.get(c)).unwrap_or("").to_string(),
    })
}

/// An `in_frame` cell read: `Some(None)` when empty, `Some(Some(true))` for yes (`yes`, `y`,
/// `1`, `true`), `Some(Some(false))` for no (`no`, `n`, `0`, `false`), in any case; `None`
/// for anything else.
fn in_frame_cell(cell: &str) -> Option<Option<bool>> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Some(None),
        "yes" | "y" | "1" | "true" => Some(Some(true)),
        "no" | "n" | "0" | "false" => Some(Some(false)),
        _ => None,
    }
}

/// A `stance` cell read: `Some(None)` when empty, `Some(Some(stance))` for a stance's name
/// in any case; `None` for anything else.
fn stance_cell(cell: &str) -> Option<Option<Stance>> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Some(None),
        s => Stance::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .map(Some),
    }
}

/// The separator whose split of the header line names the columns that a join needs.
fn detect_delimiter(bytes: &[u8]) -> Option<u8> {
    [b',', b';', b'\t'].into_iter().find(|&d| {
        let mut r = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .from_reader(bytes);
        let Some(Ok(header)) = r.records().next() else {
            return false;
        };
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        ["path", "start", "end", "frame"]
            .iter()
            .all(|c| names.iter().any(|n| n == c))
    })
}

/// The HTML view of a coding sheet: one self-contained page (inline CSS, no script, nothing
/// loaded), every value escaped by askama, the marked mention shown highlighted.
#[derive(askama::Template)]
#[template(path = "coding.html")]
pub struct CodingPage<'a> {
    pub title: &'a str,
    pub csv_name: &'a str,
    pub rows: Vec<CodingRow<'a>>,
}

/// One row of the HTML view; the context split around the `[[...]]` mark.
pub struct CodingRow<'a> {
    pub row: &'a SheetRow,
    pub before: &'a str,
    pub marked: &'a str,
    pub after: &'a str,
}

impl<'a> CodingPage<'a> {
    pub fn new(title: &'a str, csv_name: &'a str, rows: &'a [SheetRow]) -> Self {
        let rows = rows
            .iter()
            .map(|row| {
                let c = row.context.as_str();
                let (before, marked, after) = match (c.find("[["), c.rfind("]]")) {
                    (Some(s), Some(e)) if s + 2 <= e => (&c[..s], &c[s + 2..e], &c[e + 2..]),
                    _ => (c, "", ""),
                };
                CodingRow {
                    row,
                    before,
                    marked,
                    after,
                }
            })
            .collect();
        CodingPage {
            title,
            csv_name,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, context: &str) -> SheetRow {
        SheetRow {
            id: id.into(),
            outlet: "harbor-ledger".into(),
            path: "corpus/a.txt".into(),
            start: 120,
            end: 128,
            frame: "alliance".into(),
            term: "alliance".into(),
            context: context.into(),
            ..Default::default()
        }
    }

    /// A sheet written by `sample`, filled in and saved by a spreadsheet (BOM, CRLF, fields
    /// quoted, a line break and quotes inside a note), reads back to the same rows.
    #[test]
    fn sheet_round_trips_through_a_spreadsheet_save() {
        let mut rows = vec![
            row(
                "m1",
                "The mayor spoke. She called it an [[alliance]], \"firmly\"; twice.",
            ),
            row("m2", "First line.\nSecond, with a comma [[alliance]]"),
        ];
        let written = String::from_utf8(write_csv(&rows)).unwrap();
        assert!(written.starts_with(
            "id,outlet,path,start,end,frame,term,context,in_frame,stance,coder,note\n"
        ));
        // The coder fills in the columns; the spreadsheet saves with a BOM and CRLF.
        rows[0].in_frame = Some(true);
        rows[0].stance = Some(Stance::Asserted);
        rows[0].coder = "ana".into();
        rows[0].note = "clear, \"own voice\"\nsecond thought: yes".into();
        rows[1].in_frame = Some(false);
        rows[1].coder = "ana".into();
        let filled = String::from_utf8(write_csv(&rows)).unwrap();
        let mut saved = b"\xEF\xBB\xBF".to_vec();
        saved.extend_from_slice(filled.replace('\n', "\r\n").as_bytes());
        let back = read_bytes("coded.csv", &saved).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].line, 2);
        // The embedded line breaks were saved as CRLF, and are read back as written.
        let mut want0 = rows[0].clone();
        want0.note = want0.note.replace('\n', "\r\n");
        assert_eq!(back[0].row, want0);
        let mut want1 = rows[1].clone();
        want1.context = want1.context.replace('\n', "\r\n");
        assert_eq!(back[1].row, want1);
        // The second row starts on line 4: the note of the first spans two lines.
        assert_eq!(back[1].line, 4);
    }

    #[test]
    fn semicolon_sheets_from_european_excel_are_read() {
        let text = "\u{feff}ID;Outlet;Path;Start;End;Frame;Term;Context;In_frame;Stance;Coder;Note\r\n\
                    m1;o;corpus/a.txt;10;18;alliance;alliance;\"a; b [[alliance]]\";Yes;Quoted;ana;\r\n\
                    ;;;;;;;;;;;\r\n";
        let back = read_bytes("x.csv", text.as_bytes()).unwrap();
        assert_eq!(back.len(), 1, "the blank row is not a row");
        let r = &back[0].row;
        assert_eq!(
            (r.start, r.end, r.in_frame, r.stance),
            (10, 18, Some(true), Some(Stance::Quoted))
        );
        assert_eq!(r.context, "a; b [[alliance]]");
    }

    #[test]
    fn columns_in_another_order_and_missing_trailing_fields() {
        let text = "frame,path,end,start,stance\nalliance,corpus/a.txt,18,10\n";
        let back = read_bytes("x.csv", text.as_bytes()).unwrap();
        assert_eq!((back[0].row.start, back[0].row.end), (10, 18));
        assert_eq!(back[0].row.stance, None);
    }

    #[test]
    fn bad_values_name_the_file_line_and_fix() {
        let text = "path,start,end,frame,in_frame\ncorpus/a.txt,10,18,alliance,maybe\n";
        let e = read_bytes("coded.csv", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "coded.csv, line 2: column in_frame holds `maybe`; write yes, no, or leave it empty"
        );
        let text = "path,start,end,frame,stance\ncorpus/a.txt,10,18,alliance,ironic\n";
        let e = read_bytes("coded.csv", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("coded.csv, line 2: column stance holds `ironic`; write asserted"),
            "{e}"
        );
        let text = "path,start,end,frame\ncorpus/a.txt,1O,18,alliance\n";
        let e = read_bytes("coded.csv", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("coded.csv, line 2: column start holds `1O`"),
            "{e}"
        );
        let e = read_bytes("notes.csv", b"a,b\n1,2\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("notes.csv: the first line is not a coding sheet header"),
            "{e}"
        );
        let e = read_bytes("latin.csv", b"path,start,end,frame\n\xe9,1,2,x\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not UTF-8"), "{e}");
    }

    #[test]
    fn html_view_escapes_and_marks_the_mention() {
        use askama::Template;
        let rows = vec![row("m1", "<b>x</b> said [[alliance]] & \"more\"")];
        let html = CodingPage::new("<title>", "coding.csv", &rows)
            .render()
            .unwrap();
        assert!(!html.contains("<b>x</b>"), "{html}");
        assert!(
            html.contains(
                "&#60;b&#62;x&#60;/b&#62; said <mark>alliance</mark> &#38; &#34;more&#34;"
            ),
            "{html}"
        );
        assert!(!html.contains("<script"));
    }
}
