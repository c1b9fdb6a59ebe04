//! The "Since the last report" section, shared by the HTML and Markdown reports: what a
//! scheduled run changed against the previous report in the output folder.

use super::wording::{decimal, interval};
use crate::model::Report;

/// Paths listed as added or removed on a page: past these, "and N more" (`report.json` lists
/// every one). A run against the report of another corpus would otherwise list every path
/// twice.
pub const LISTED: usize = 50;

/// The section, with names resolved and numbers formatted; text is NOT escaped here (but
/// control characters in paths are made visible).
pub struct ChangesView {
    pub previous_articles: u64,
    /// The first [`LISTED`] paths added, and how many more there are.
    pub added: Vec<String>,
    pub added_more: usize,
    /// The first [`LISTED`] paths removed, and how many more there are.
    pub removed: Vec<String>,
    pub removed_more: usize,
    pub moved: Vec<MovedRate>,
}

/// One outlet × frame rate that left its previous interval.
pub struct MovedRate {
    pub outlet: String,
    pub frame: String,
    /// `2.51 (0.50–7.30)`
    pub old: String,
    pub new: String,
    /// "up" or "down".
    pub direction: &'static str,
}

impl ChangesView {
    /// `None` when the report has no previous report to compare with.
    pub fn new(report: &Report) -> Option<ChangesView> {
        let c = report.changes.as_ref()?;
        let outlet = |id: &str| {
            report
                .outlets
                .iter()
                .find(|o| o.id == id)
                .map_or(id.to_owned(), |o| o.name.clone())
        };
        let frame = |id: &str| {
            report
                .frames
                .iter()
                .find(|f| f.id == id)
                .map_or(id.to_owned(), |f| f.label.clone())
        };
        let listed = |paths: &[String]| -> Vec<String> {
            paths
                .iter()
                .take(LISTED)
                .map(|p| super::escape::visible_controls(p).into_owned())
                .collect()
        };
        Some(ChangesView {
            previous_articles: c.previous_articles,
            added: listed(&c.added),
            added_more: c.added.len().saturating_sub(LISTED),
            removed: listed(&c.removed),
            removed_more: c.removed.len().saturating_sub(LISTED),
            moved: c
                .moved
                .iter()
                .map(|m| MovedRate {
                    outlet: outlet(&m.outlet),
                    frame: frame(&m.frame),
                    old: format!(
                        "{} ({})",
                        decimal(m.old_rate_per_1k),
                        interval(m.old_rate_ci95)
                    ),
                    new: format!(
                        "{} ({})",
                        decimal(m.new_rate_per_1k),
                        interval(m.new_rate_ci95)
                    ),
                    direction: if m.new_rate_per_1k > m.old_rate_per_1k {
                        "up"
                    } else {
                        "down"
                    },
                })
                .collect(),
        })
    }

    /// The paths added and the paths removed, each with its label ("Added", "Removed") and
    /// how many more there are than are listed.
    pub fn lists(&self) -> [(&'static str, &[String], usize); 2] {
        [
            ("Added", &self.added, self.added_more),
            ("Removed", &self.removed, self.removed_more),
        ]
    }

    /// One line: "Against the previous report (5 articles): 2 added, 1 removed, 3 rates moved."
    pub fn summary(&self) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "Against the previous report ({}): {} added, {} removed, {} outside {} previous 95% interval.",
            n(self.previous_articles as usize, "article", "articles"),
            self.added.len() + self.added_more,
            self.removed.len() + self.removed_more,
            n(self.moved.len(), "rate", "rates"),
            if self.moved.len() == 1 { "its" } else { "their" }
        )
    }
}
