//! Exports with one article per row: CSV, TSV (the `csv` crate, so quoted commas, quotes and
//! line breaks inside a field are read right) and JSON Lines (one JSON object a line).
//!
//! `[corpus.columns]` names the column of each field; a field not named there is looked for
//! among the common names (see [`Columns::candidates`]), case-insensitively. A row is an
//! article with the path `file.csv#row-N` (N = 1-based data row, the header not counted) or
//! `file.jsonl#line-N` (N = 1-based line of the file). A row that cannot be read is skipped
//! with its number and the reason; the other rows are used.

use crate::config::{Columns, Field};
use serde_json::Value;

/// One row's fields, as decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// A row read, or why not: `(suffix, outcome)` with the suffix `row-12` or `line-3`.
pub type RowResult = (String, Result<Row, String>);

const FIELDS: [Field; 6] = [
    Field::Text,
    Field::Title,
    Field::Date,
    Field::Url,
    Field::Outlet,
    Field::Author,
];

fn set(row: &mut Row, field: Field, value: String) {
    let value = value.trim().to_string();
    if value.is_empty() {
        return;
    }
    match field {
        Field::Text => row.text = value,
        Field::Title => row.title = Some(value),
        Field::Date => row.date = Some(value),
        Field::Url => row.url = Some(value),
        Field::Outlet => row.outlet = Some(value),
        Field::Author => row.author = Some(value),
    }
}

fn no_text_column(columns: &Columns) -> String {
    format!(
        "no text column (looked for {}; name it with [corpus.columns] text = \"...\")",
        columns.candidates(Field::Text).join(", ")
    )
}

/// A row's text field longer than this is not read: no article is this long, and scoring
/// one takes several times its size in memory. The row is skipped with its size.
pub const MAX_FIELD_BYTES: usize = crate::ingest::MAX_ARTICLE_BYTES;

/// A JSON line longer than this is not parsed: the article's text and 1 MiB of other fields.
pub const MAX_LINE_BYTES: usize = MAX_FIELD_BYTES + (1 << 20);

/// The name of a field in messages.
fn field_name(f: Field) -> &'static str {
    match f {
        Field::Text => "text",
        Field::Title => "title",
        Field::Date => "date",
        Field::Url => "url",
        Field::Outlet => "outlet",
        Field::Author => "author",
    }
}

/// Why a field is refused, if it is longer than [`MAX_FIELD_BYTES`].
fn too_long(field: &str, len: usize) -> Option<String> {
    (len > MAX_FIELD_BYTES).then(|| {
        format!(
            "its {field} field is too large ({len} bytes; an article may be at most \
             {MAX_FIELD_BYTES})"
        )
    })
}

/// Reads a CSV (`delimiter` b',') or TSV (b'\t') export. `Err` when the file as a whole
/// cannot be used (no header, no text column).
pub fn read_delimited(
    text: &str,
    delimiter: u8,
    columns: &Columns,
) -> Result<Vec<RowResult>, String> {
    let mut out = Vec::new();
    for_each_delimited(text, delimiter, columns, |r| out.push(r))?;
    Ok(out)
}

/// [`read_delimited`], handing on each row as it is read: memory holds one row at a time.
pub fn for_each_delimited(
    text: &str,
    delimiter: u8,
    columns: &Columns,
    mut each: impl FnMut(RowResult),
) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .clone();
    let index = |field: Field| {
        columns.candidates(field).iter().find_map(|name| {
            headers.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        })
    };
    let at: Vec<(Field, usize)> = FIELDS
        .iter()
        .filter_map(|&f| index(f).map(|i| (f, i)))
        .collect();
    if !at.iter().any(|(f, _)| *f == Field::Text) {
        return Err(no_text_column(columns));
    }
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    loop {
        n += 1;
        let label = format!("row-{n}");
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut row = Row::default();
                let mut refused = None;
                for &(f, i) in &at {
                    if let Some(v) = record.get(i) {
                        match too_long(field_name(f), v.len()) {
                            Some(why) => refused = refused.or(Some(why)),
                            None => set(&mut row, f, v.to_string()),
                        }
                    }
                }
                match refused {
                    Some(why) => each((label, Err(why))),
                    None => each((label, Ok(row))),
                }
            }
            Err(e) => {
                let fatal = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. });
                each((label, Err(format!("cannot read this row: {e}"))));
                if fatal {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Reads a JSON Lines export: every non-blank line is an object.
pub fn read_json_lines(text: &str, columns: &Columns) -> Vec<RowResult> {
    let mut out = Vec::new();
    for_each_json_line(text, columns, |r| out.push(r));
    out
}

/// [`read_json_lines`], handing on each row as it is read: memory holds one row at a time.
pub fn for_each_json_line(text: &str, columns: &Columns, mut each: impl FnMut(RowResult)) {
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let label = format!("line-{}", i + 1);
        if line.len() > MAX_LINE_BYTES {
            // Not parsed: its text field would be too large, and parsing holds it twice.
            each((
                label,
                Err(format!(
                    "this line is too large ({} bytes; a line may be at most {MAX_LINE_BYTES}, \
                     an article's text at most {MAX_FIELD_BYTES})",
                    line.len()
                )),
            ));
            continue;
        }
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                each((label, Err(format!("invalid JSON: {e}"))));
                continue;
            }
        };
        let Value::Object(map) = value else {
            each((label, Err("not a JSON object".into())));
            continue;
        };
        let mut row = Row::default();
        for f in FIELDS {
            let found = columns.candidates(f).iter().find_map(|name| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| json_text(v))
            });
            if let Some(v) = found {
                set(&mut row, f, v);
            }
        }
        if row.text.is_empty() && !has_text_field(&map, columns) {
            each((label, Err(no_text_column(columns))));
            continue;
        }
        each((label, Ok(row)));
    }
}

/// Whether a text field exists at all (it may be empty).
fn has_text_field(map: &serde_json::Map<String, Value>, columns: &Columns) -> bool {
    columns
        .candidates(Field::Text)
        .iter()
        .any(|name| map.keys().any(|k| k.eq_ignore_ascii_case(name)))
}

/// A field value as text: a string, a number, or a list of strings joined by blank lines
/// (a body given as a list of paragraphs).
fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        Value::Object(m) => m.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quoted_commas_and_line_breaks() {
        let src = "id,Headline,body,media_name\n1,\"A, B\",\"One, two.\n\nThree.\",Wire\n2,C,,X\n";
        let rows = read_delimited(src, b',', &Columns::default()).unwrap();
        assert_eq!(rows.len(), 2);
        let (label, row) = &rows[0];
        assert_eq!(label, "row-1");
        let row = row.as_ref().unwrap();
        assert_eq!(row.text, "One, two.\n\nThree.");
        assert_eq!(row.title.as_deref(), Some("A, B"));
        assert_eq!(row.outlet.as_deref(), Some("Wire"));
        assert_eq!(rows[1].1.as_ref().unwrap().text, "");
    }

    #[test]
    fn configured_columns_win_and_a_missing_text_column_is_an_error() {
        let cols = Columns {
            text: Some("story".into()),
            ..Columns::default()
        };
        let rows = read_delimited("text\tstory\nno\tyes\n", b'\t', &cols).unwrap();
        assert_eq!(rows[0].1.as_ref().unwrap().text, "yes");
        let e = read_delimited("a,b\n1,2\n", b',', &Columns::default()).unwrap_err();
        assert!(e.starts_with("no text column"), "{e}");
    }

    #[test]
    fn json_lines_bad_line_is_reported_and_the_rest_used() {
        let src = "{\"text\": \"First.\", \"title\": \"T\"}\n\n{oops\n[1]\n{\"content\": [\"P1\", \"P2\"], \"published_at\": \"2021-12-16\"}\n";
        let rows = read_json_lines(src, &Columns::default());
        let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["line-1", "line-3", "line-4", "line-5"]);
        assert!(rows[1].1.as_ref().unwrap_err().starts_with("invalid JSON"));
        assert_eq!(rows[2].1.as_ref().unwrap_err(), "not a JSON object");
        let last = rows[3].1.as_ref().unwrap();
        assert_eq!(last.text, "P1\n\nP2");
        assert_eq!(last.date.as_deref(), Some("2021-12-16"));
    }
}
