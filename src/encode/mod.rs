//! Encodings of one article, shared by the spill file and the renderers: its JSON
//! ([`article_json`]: a `score` line, and its place in `report.json`) and its rows of
//! `report.csv` ([`csv_rows`]). They depend on the model only, so that storage
//! ([`crate::spill`]) and the renderers can both use them.

pub mod article_json;
pub mod csv_rows;
