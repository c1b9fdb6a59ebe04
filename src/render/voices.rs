//! The "Voices" section and the scope note: per outlet, whose words it relays (the speakers
//! of its attributed mentions, their share with a Wilson 95% interval, and the frames their
//! words carry) against the frames of its own voice; per scoped frame, how many mentions
//! `about` left out, with examples from the evidence kept. HTML through askama's escaper
//! (`templates/partials/voices.html`); Markdown through the template's escaping filters
//! (`templates/partials/voices.md`).

use super::wording::{decimal, interval};
use crate::model::Report;
use std::collections::BTreeMap;

/// How many out-of-scope examples the report shows per frame.
const SCOPE_EXAMPLES: usize = 3;

pub struct VoicesView<'a> {
    pub outlets: Vec<OutletVoices<'a>>,
    /// Scoped frames with mentions left out.
    pub scope: Vec<ScopeNote<'a>>,
}

pub struct OutletVoices<'a> {
    pub name: &'a str,
    pub attributed: u64,
    pub unknown: u64,
    pub other_sources: u64,
    pub rows: Vec<VoiceRow>,
    /// The frames of the outlet's own voice, "Alliance 3, Partnership 1".
    pub own: String,
}

pub struct VoiceRow {
    pub speaker: String,
    pub mentions: u64,
    pub share: String,
    pub interval: String,
    pub frames: String,
}

pub struct ScopeNote<'a> {
    pub frame: &'a str,
    pub left_out: u64,
    pub examples: Vec<&'a str>,
}

impl<'a> VoicesView<'a> {
    /// The section for `report`, its examples of mentions left out by scope taken from the
    /// articles the pages list (`shown`, in memory: see [`super::displayable`]).
    pub fn new(report: &'a Report, shown: &'a Report) -> VoicesView<'a> {
        let frame_label = |id: &str| -> String {
            report
                .frames
                .iter()
                .find(|f| f.id == id)
                .map_or(id.to_string(), |f| f.label.clone())
        };
        let frames_text = |m: &BTreeMap<String, u64>| -> String {
            let parts: Vec<String> = m
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(f, n)| format!("{} {n}", frame_label(f)))
                .collect();
            if parts.is_empty() {
                "–".into()
            } else {
                parts.join(", ")
            }
        };
        let outlets = report
            .outlets
            .iter()
            .map(|o| {
                let v = &o.voices;
                let rows = v
                    .speakers
                    .iter()
                    .map(|s| VoiceRow {
                        speaker: if s.actor {
                            report
                                .actors
                                .iter()
                                .find(|a| a.id == s.speaker)
                                .map_or(s.speaker.clone(), |a| a.label.clone())
                        } else {
                            s.speaker.clone()
                        },
                        mentions: s.mentions,
                        share: decimal(s.share),
                        interval: interval(s.share_ci95),
                        frames: frames_text(&s.frames),
                    })
                    .collect();
                OutletVoices {
                    name: &o.name,
                    attributed: v.attributed,
                    unknown: v.unknown_speaker,
                    other_sources: v.other_sources,
                    rows,
                    own: frames_text(&v.own),
                }
            })
            .collect();
        let scope = report
            .frames
            .iter()
            .filter_map(|f| {
                let left_out: u64 = report
                    .outlets
                    .iter()
                    .filter_map(|o| o.frames.get(&f.id))
                    .map(|s| s.out_of_scope)
                    .sum();
                (left_out > 0).then(|| ScopeNote {
                    frame: &f.label,
                    left_out,
                    examples: shown
                        .articles
                        .iter()
                        .flat_map(|a| a.mentions.iter())
                        .filter(|m| m.frame == f.id && m.in_scope == Some(false))
                        .take(SCOPE_EXAMPLES)
                        .map(|m| &*m.snippet)
                        .collect(),
                })
            })
            .collect();
        VoicesView { outlets, scope }
    }
}
