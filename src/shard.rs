//! Score files as shards: what they were scored under, and whether a report may merge them.
//!
//! `framelens score` starts its output with one header line naming the config it scored
//! under (its path, the SHA-256 of its bytes, and its lexicon: every frame's id, label, terms
//! and exclusions). `report --scores` reads the header of each shard (a concatenation of
//! shards holds several, each checked) and refuses a shard scored under a config other than
//! its own, saying what differs, so that shards of two configs are never summed into one
//! report. The digest covers the whole file: a changed stance rule, outlet or actor changes
//! scores as surely as a changed term. A score file with no header (written before headers
//! existed) is refused too, with the advice to score it again.

use crate::config::{Config, Frame};
use crate::lexicon::TermSpec;
use serde::{Deserialize, Serialize};

/// The key of a header line: the line is `{"framelens_scores": {...}}`.
pub const HEADER_KEY: &str = "framelens_scores";

/// What a shard was scored under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The config file, as given on the command line.
    pub config: String,
    /// SHA-256 of the config file's bytes, lower-case hex (as in the report's manifest).
    pub config_sha256: String,
    /// The lexicon, frame by frame in config order.
    pub frames: Vec<FrameTerms>,
}

/// One frame of a header's lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameTerms {
    pub id: String,
    pub label: String,
    /// Terms as written; a case-sensitive one carries ` (case-sensitive)`.
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderLine {
    framelens_scores: Header,
}

fn term_text(t: &TermSpec) -> String {
    if t.case_sensitive {
        format!("{} (case-sensitive)", t.text)
    } else {
        t.text.clone()
    }
}

fn frame_terms(f: &Frame) -> FrameTerms {
    FrameTerms {
        id: f.id.clone(),
        label: f.label.clone(),
        terms: f.terms.iter().map(term_text).collect(),
        exclude: f.exclude.iter().map(term_text).collect(),
    }
}

impl Header {
    /// The header of shards scored under `config`.
    pub fn of(config: &Config) -> Header {
        Header {
            config: config.path.display().to_string(),
            config_sha256: crate::score::sha256_hex(config.source.as_bytes()),
            frames: config.frames.iter().map(frame_terms).collect(),
        }
    }

    /// The header line (without the line end).
    pub fn to_line(&self) -> String {
        serde_json::to_string(&HeaderLine {
            framelens_scores: self.clone(),
        })
        .unwrap_or_default()
    }

    /// The header in `line`, if it is a header line; an error when it looks like one but
    /// does not parse.
    pub fn from_line(line: &str) -> Option<Result<Header, String>> {
        let head = line.trim_start().strip_prefix('{')?.trim_start();
        if !head.starts_with(&format!("\"{HEADER_KEY}\"")) {
            return None;
        }
        Some(
            serde_json::from_str::<HeaderLine>(line)
                .map(|h| h.framelens_scores)
                .map_err(|e| format!("not a framelens score header: {e}")),
        )
    }

    /// Why a shard with this header may not be merged into a report under `current`
    /// (`None` when it may): every difference of the lexicon, or, when the lexicon is the
    /// same, that other settings differ.
    pub fn mismatch(&self, current: &Header) -> Option<String> {
        if self.config_sha256 == current.config_sha256 {
            return None;
        }
        let mut diffs = Vec::new();
        let find = |frames: &[FrameTerms], id: &str| frames.iter().position(|f| f.id == id);
        let removed: Vec<&FrameTerms> = self
            .frames
            .iter()
            .filter(|f| find(&current.frames, &f.id).is_none())
            .collect();
        let added: Vec<&FrameTerms> = current
            .frames
            .iter()
            .filter(|f| find(&self.frames, &f.id).is_none())
            .collect();
        let mut added_left: Vec<&FrameTerms> = added.clone();
        for old in &removed {
            // The same terms under a new id: a renamed frame.
            match added_left.iter().position(|new| new.terms == old.terms) {
                Some(i) => {
                    let new = added_left.remove(i);
                    diffs.push(format!("frame `{}` renamed to `{}`", old.id, new.id));
                }
                None => diffs.push(format!("frame `{}` removed", old.id)),
            }
        }
        for new in added_left {
            diffs.push(format!("frame `{}` added", new.id));
        }
        for old in &self.frames {
            let Some(i) = find(&current.frames, &old.id) else {
                continue;
            };
            let new = &current.frames[i];
            if old.label != new.label {
                diffs.push(format!(
                    "frame `{}` relabelled from \"{}\" to \"{}\"",
                    old.id, old.label, new.label
                ));
            }
            for (what, was, now) in [
                ("term", &old.terms, &new.terms),
                ("exclusion", &old.exclude, &new.exclude),
            ] {
                let gone: Vec<&String> = was.iter().filter(|t| !now.contains(t)).collect();
                let came: Vec<&String> = now.iter().filter(|t| !was.contains(t)).collect();
                if !came.is_empty() {
                    diffs.push(format!(
                        "frame `{}` has new {what}{} {}",
                        old.id,
                        plural(came.len()),
                        quoted(&came)
                    ));
                }
                if !gone.is_empty() {
                    diffs.push(format!(
                        "frame `{}` lost {what}{} {}",
                        old.id,
                        plural(gone.len()),
                        quoted(&gone)
                    ));
                }
            }
        }
        if diffs.is_empty() {
            diffs.push(
                "the frames and terms are the same, but other settings differ (stance rules, \
                 outlets, actors or cleaning score differently)"
                    .into(),
            );
        }
        Some(format!(
            "scored under another config ({}, SHA-256 {}; this one is {}, SHA-256 {}): {}",
            self.config,
            short(&self.config_sha256),
            current.config,
            short(&current.config_sha256),
            diffs.join("; ")
        ))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn quoted(terms: &[&String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first 12 hex digits of a digest, enough to tell two apart in a message.
fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(frames: &str) -> Config {
        let src = format!("[report]\ntitle = \"Shards\"\n{frames}");
        Config::parse(Path::new("shard.toml"), &src).unwrap()
    }

    const TWO: &str = "[[frame]]\nid = \"alliance\"\nlabel = \"Alliance\"\n\
                       terms = [\"alliance\", \"bloc\"]\n\
                       [[frame]]\nid = \"partnership\"\nlabel = \"Partnership\"\n\
                       terms = [\"partnership\", { term = \"PAX\", case_sensitive = true }]\n";

    #[test]
    fn a_header_line_reads_back_as_written() {
        let h = Header::of(&config(TWO));
        let line = h.to_line();
        assert!(line.starts_with("{\"framelens_scores\":{\"config\":\"shard.toml\""));
        assert!(line.contains(r#""terms":["partnership","PAX (case-sensitive)"]"#));
        assert_eq!(Header::from_line(&line), Some(Ok(h)));
        assert_eq!(Header::from_line(r#"{"path":"a.txt"}"#), None);
        assert!(matches!(
            Header::from_line(r#"{"framelens_scores": 3}"#),
            Some(Err(_))
        ));
    }

    #[test]
    fn a_mismatch_names_each_frame_and_term_that_differs() {
        let old = Header::of(&config(TWO));
        assert_eq!(old.mismatch(&old), None);
        let renamed = TWO
            .replace("id = \"alliance\"", "id = \"bloc\"")
            .replace("\"partnership\", {", "\"partnership\", \"accord\", {");
        let now = Header::of(&config(&format!(
            "{renamed}[[frame]]\nid = \"threat\"\nlabel = \"Threat\"\nterms = [\"threat\"]\n"
        )));
        let why = old.mismatch(&now).unwrap();
        assert!(
            why.ends_with(
                ": frame `alliance` renamed to `bloc`; frame `threat` added; \
                 frame `partnership` has new term \"accord\""
            ),
            "{why}"
        );
        let relabelled = Header::of(&config(&TWO.replace("\"Alliance\"", "\"Bloc\"")));
        assert!(old
            .mismatch(&relabelled)
            .unwrap()
            .ends_with(": frame `alliance` relabelled from \"Alliance\" to \"Bloc\""));
        let fewer = Header::of(&config(&TWO.replace(", \"bloc\"", "")));
        assert!(old
            .mismatch(&fewer)
            .unwrap()
            .ends_with(": frame `alliance` lost term \"bloc\""));
        let stance = Header::of(&config(&format!("{TWO}[stance]\nnegation_window = 2\n")));
        assert!(old.mismatch(&stance).unwrap().ends_with(
            "other settings differ (stance rules, outlets, actors or cleaning score differently)"
        ));
    }
}
