//! `framelens explain`: the mentions of one article in context, for the terminal.

use crate::model::{ArticleReport, Report};
use std::fmt::Write;

/// Plain text listing of every mention with its frame, stance and actors.
pub fn explain(report: &Report, article: &ArticleReport) -> String {
    let mut out = String::new();
    let outlet = report
        .outlets
        .iter()
        .find(|o| o.id == article.outlet)
        .map_or(article.outlet.as_str(), |o| o.name.as_str());
    let _ = writeln!(
        out,
        "{} — {} ({}, {} words, {} mentions)",
        article.path,
        article.title,
        outlet,
        article.words,
        article.mentions.len()
    );
    for m in &article.mentions {
        let label = report
            .frames
            .iter()
            .find(|f| f.id == m.frame)
            .map_or(m.frame.as_str(), |f| f.label.as_str());
        let actors = if m.actors.is_empty() {
            String::new()
        } else {
            format!("  actors: {}", m.actors.join(", "))
        };
        let (a, b) = (m.highlight[0], m.highlight[1]);
        let _ = writeln!(
            out,
            "\n{}-{}  {}  [{}]{}\n  {}[{}]{}",
            m.start,
            m.end,
            label,
            m.stance.as_str(),
            actors,
            &m.snippet[..a],
            &m.snippet[a..b],
            &m.snippet[b..]
        );
    }
    out
}
