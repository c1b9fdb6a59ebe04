//! A GitHub-flavoured Markdown table, and the small pieces of Markdown the report's tables
//! share. A leaf of [`crate::render`], used by the Markdown page and its parts.

use super::escape::markdown_table_cell as cell;
use std::fmt;

/// A GitHub-flavoured Markdown table. Cells are Markdown: escape text with
/// [`markdown_table_cell`](super::escape::markdown_table_cell) before pushing it; numbers we
/// format ourselves go in as they are.
pub struct MarkdownTable {
    header: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl MarkdownTable {
    /// Columns as (escaped header, right-aligned).
    pub fn new(columns: Vec<(String, bool)>) -> MarkdownTable {
        let (header, right_aligned) = columns.into_iter().unzip();
        MarkdownTable {
            header,
            right_aligned,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        assert_eq!(
            row.len(),
            self.header.len(),
            "a Markdown row must fill every column"
        );
        self.rows.push(row);
    }
}

impl fmt::Display for MarkdownTable {
    /// The table's lines, joined by `\n` (no line end after the last).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            write!(f, "| {} |", cells.join(" | "))
        };
        line(f, &self.header)?;
        let rule: Vec<String> = self
            .right_aligned
            .iter()
            .map(|&r| if r { "---:" } else { "---" }.to_owned())
            .collect();
        f.write_str("\n")?;
        line(f, &rule)?;
        for row in &self.rows {
            f.write_str("\n")?;
            line(f, row)?;
        }
        Ok(())
    }
}

/// Text and right-alignment of a column whose header is our own words.
pub fn column(header: &str, right: bool) -> (String, bool) {
    (cell(header), right)
}

/// ` †` after a thin outlet's name.
pub fn thin(is_thin: bool) -> &'static str {
    if is_thin {
        " †"
    } else {
        ""
    }
}
