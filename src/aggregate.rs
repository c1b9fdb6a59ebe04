//! From scored articles to the report: per-outlet sums, rates, intervals and contrasts.
//!
//! Everything here is a pure function of the scored articles and the config, in a fixed
//! order (articles by path, outlets in config order, maps sorted by key), so the same inputs
//! always give the same report whatever order the files were read in.

use crate::config::{Config, UNASSIGNED};
use crate::model::{
    ActorInfo, ArticleReport, ContrastInfo, FrameInfo, Inputs, OutletFrameStats, OutletSummary,
    Report, StanceCounts, SCHEMA,
};
use crate::stats;
use std::collections::BTreeMap;

/// Rounds to two decimals, as the report shows numbers.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The contrast index `(left - right) / (left + right)`, undefined when both are 0.
pub fn contrast_index(left: u64, right: u64) -> Option<f64> {
    let total = left + right;
    (total > 0).then(|| (left as f64 - right as f64) / total as f64)
}

/// Builds the report. `articles` may come in any order.
pub fn build_report(
    config: &Config,
    mut articles: Vec<ArticleReport>,
    mut inputs: Inputs,
) -> Report {
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.skipped.sort_by(|a, b| a.path.cmp(&b.path));

    let mut outlet_order: Vec<(String, String)> = config
        .outlets
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    outlet_order.push((UNASSIGNED.to_string(), "Unassigned".to_string()));

    let outlets = outlet_order
        .into_iter()
        .filter_map(|(id, name)| {
            let mine: Vec<&ArticleReport> = articles.iter().filter(|a| a.outlet == id).collect();
            (!mine.is_empty()).then(|| summarize(config, id, name, &mine))
        })
        .collect();

    Report {
        schema: SCHEMA.to_string(),
        title: config.title.clone(),
        description: config.description.clone(),
        frames: config
            .frames
            .iter()
            .map(|f| FrameInfo {
                id: f.id.clone(),
                label: f.label.clone(),
                description: f.description.clone(),
                terms: f.terms.iter().map(|t| t.text.clone()).collect(),
            })
            .collect(),
        contrasts: config
            .contrasts
            .iter()
            .map(|c| ContrastInfo {
                id: c.id.clone(),
                left: config.frames[c.left].id.clone(),
                right: config.frames[c.right].id.clone(),
            })
            .collect(),
        actors: config
            .actors
            .iter()
            .map(|a| ActorInfo {
                id: a.id.clone(),
                label: a.label.clone(),
            })
            .collect(),
        outlets,
        articles,
        inputs,
        changes: None,
    }
}

fn summarize(
    config: &Config,
    id: String,
    name: String,
    articles: &[&ArticleReport],
) -> OutletSummary {
    let words: u64 = articles.iter().map(|a| a.words).sum();
    let mut frames = BTreeMap::new();
    for f in &config.frames {
        let mut stance = StanceCounts::default();
        let mut actors: BTreeMap<String, u64> =
            config.actors.iter().map(|a| (a.id.clone(), 0)).collect();
        for a in articles {
            if let Some(c) = a.frames.get(&f.id) {
                stance.merge(&c.stance);
            }
            for m in a
                .mentions
                .iter()
                .filter(|m| m.frame == f.id && m.stance.is_endorsed())
            {
                for actor in &m.actors {
                    *actors.entry(actor.clone()).or_default() += 1;
                }
            }
        }
        let mentions = stance.total();
        let endorsed = stance.endorsed();
        let (rate, lo, hi) = stats::rate_per_1k_ci95(mentions, words).unwrap_or((0.0, 0.0, 0.0));
        let endorsed_rate = stats::rate_per_1k_ci95(endorsed, words).map_or(0.0, |r| r.0);
        frames.insert(
            f.id.clone(),
            OutletFrameStats {
                mentions,
                endorsed,
                rate_per_1k: round2(rate),
                rate_ci95: [round2(lo), round2(hi)],
                endorsed_rate_per_1k: round2(endorsed_rate),
                stance,
                actors,
            },
        );
    }
    let contrasts = config
        .contrasts
        .iter()
        .map(|c| {
            let left = frames[&config.frames[c.left].id].endorsed;
            let right = frames[&config.frames[c.right].id].endorsed;
            (c.id.clone(), contrast_index(left, right).map(round2))
        })
        .collect();
    OutletSummary {
        id,
        name,
        articles: articles.len() as u64,
        words,
        frames,
        contrasts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_index_is_signed_and_undefined_at_zero() {
        assert_eq!(contrast_index(3, 1), Some(0.5));
        assert_eq!(contrast_index(0, 2), Some(-1.0));
        assert_eq!(contrast_index(0, 0), None);
    }

    #[test]
    fn rounding_to_two_decimals() {
        assert_eq!(round2(2.514_9), 2.51);
        assert_eq!(round2(7.306), 7.31);
    }
}
