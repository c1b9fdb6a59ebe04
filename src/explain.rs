//! `framelens explain`: the mentions of one article in context, for the terminal.
//!
//! Per mention: byte offsets in the original file, frame label, stance, the config term that
//! matched, the actors named in the sentence (labels), its voice (`own`, or `direct`/`reported`
//! with the speaker), its scope when the frame has `about`, whether it stands in the headline,
//! and the sentence with the matched text marked. On a terminal the stance has a colour of its own
//! and the matched text is bold and underlined; otherwise (`color = false`) the output is plain
//! text with the match in `[…]`. Article text is untrusted: control characters (an ESC that
//! could drive the terminal) are shown as `\u{FFFD}`, never written through.

use crate::model::{ArticleReport, MentionReport, Report, Stance};
use std::fmt::Write;

const RESET: &str = "\x1b[0m";
/// Bold and underlined, for the matched text.
const MATCH: &str = "\x1b[1;4m";

/// The colour of a stance: endorsed ones green (own voice) and cyan (quoted), rejected ones red
/// (negated) and yellow (distanced).
fn stance_color(s: Stance) -> &'static str {
    match s {
        Stance::Asserted => "\x1b[32m",
        Stance::Quoted => "\x1b[36m",
        Stance::Negated => "\x1b[31m",
        Stance::Distanced => "\x1b[33m",
    }
}

/// Should `explain` colour its output? Not when `NO_COLOR` is set to a non-empty value
/// (<https://no-color.org>), nor when stdout is not a terminal (a pipe, a file).
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    color_wanted(
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    )
}

fn color_wanted(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Every mention of `article` with its frame, stance, term, actors, offsets and sentence;
/// coloured for a terminal when `color` is true, plain text otherwise.
pub fn explain(report: &Report, article: &ArticleReport, color: bool) -> String {
    let mut out = String::new();
    let outlet = report
        .outlets
        .iter()
        .find(|o| o.id == article.outlet)
        .map_or(article.outlet.as_str(), |o| o.name.as_str());
    let _ = writeln!(
        out,
        "{} — {} ({}, {} words, {} mentions)",
        clean(&article.path),
        clean(&article.title),
        clean(outlet),
        article.words,
        article.mentions.len()
    );
    for m in &article.mentions {
        let _ = writeln!(out, "\n{}", mention_line(report, m, color));
        let _ = writeln!(out, "  {}", marked_sentence(m, color));
    }
    out
}

/// The line that says what mention `m` is: its offsets, frame label, stance (coloured when
/// `color` is true), term, actors (labels, or `–`), voice, scope and whether it stands in
/// the headline.
fn mention_line(report: &Report, m: &MentionReport, color: bool) -> String {
    let label = report
        .frames
        .iter()
        .find(|f| f.id == m.frame)
        .map_or(&*m.frame, |f| f.label.as_str());
    let stance = format!("[{}]", m.stance.as_str());
    let stance = if color {
        format!("{}{stance}{RESET}", stance_color(m.stance))
    } else {
        stance
    };
    let headline = if m.headline { "  headline" } else { "" };
    let scope = match m.in_scope {
        None => "",
        Some(true) => "  in scope",
        Some(false) => "  out of scope (not counted)",
    };
    format!(
        "{}-{}  {}  {}  term: {}  actors: {}  voice: {}{}{}",
        m.start,
        m.end,
        label,
        stance,
        m.term,
        actor_labels(report, m),
        voice(m),
        scope,
        headline
    )
}

/// The labels of the actors named with mention `m`, comma-separated, or `–` for none.
fn actor_labels(report: &Report, m: &MentionReport) -> String {
    let actors: Vec<&str> = m
        .actors
        .iter()
        .map(|id| {
            report
                .actors
                .iter()
                .find(|a| &a.id == id)
                .map_or(&**id, |a| a.label.as_str())
        })
        .collect();
    if actors.is_empty() {
        "–".to_string()
    } else {
        actors.join(", ")
    }
}

/// Whose words mention `m` stands in: `own`, or its attribution with the speaker.
fn voice(m: &MentionReport) -> String {
    match (m.attribution, &m.speaker) {
        (None, _) => "own".to_string(),
        (Some(a), Some(s)) => format!("{} from {}", a.as_str(), clean(s)),
        (Some(a), None) => format!("{} from an unknown source", a.as_str()),
    }
}

/// The sentence of mention `m` with the matched text marked: bold, underlined and in the
/// stance's colour when `color` is true, in `[…]` otherwise. A malformed highlight (a
/// hand-edited report) shows the sentence unmarked, never panics.
fn marked_sentence(m: &MentionReport, color: bool) -> String {
    let (a, b) = (m.highlight[0], m.highlight[1]);
    let parts = m
        .snippet
        .get(..a)
        .zip(m.snippet.get(a..b))
        .zip(m.snippet.get(b..));
    match parts {
        Some(((before, hit), after)) => {
            let hit = if color {
                format!("{MATCH}{}{}{RESET}", stance_color(m.stance), clean(hit))
            } else {
                format!("[{}]", clean(hit))
            };
            format!("{}{}{}", clean(before), hit, clean(after))
        }
        None => clean(&m.snippet),
    }
}

/// Untrusted text for the terminal: control characters become U+FFFD.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorInfo, FrameInfo, Inputs, MentionReport, Removed};
    use std::ffi::OsStr;

    fn mention(stance: Stance, snippet: &str, hit: &str, start: usize) -> MentionReport {
        let at = snippet.find(hit).unwrap();
        MentionReport {
            frame: "alliance".into(),
            term: "alliance*".into(),
            text: hit.into(),
            stance,
            actors: Default::default(),
            start,
            end: start + hit.len(),
            snippet: snippet.into(),
            highlight: [at, at + hit.len()],
            headline: false,
            lead: false,
            attribution: None,
            speaker: None,
            in_scope: None,
        }
    }

    fn report() -> (Report, ArticleReport) {
        let mut first = mention(Stance::Asserted, "The Alliance grows", "Alliance", 4);
        first.headline = true;
        first.actors = vec!["west".into(), "nobody".into()].into();
        let article = ArticleReport {
            path: "corpus/x.txt".into(),
            outlet: "unassigned".into(),
            title: "The Alliance grows".into(),
            date: None,
            author: None,
            url: None,
            words: 12,
            removed: Removed::default(),
            frames: Default::default(),
            mentions: vec![
                first,
                mention(Stance::Negated, "It is not an alliance.", "alliance", 40),
                mention(Stance::Quoted, "“An alliance,” he said.", "alliance", 70),
                mention(Stance::Distanced, "a “alliances” \x1b[2J", "alliances", 99),
            ],
            ..Default::default()
        };
        let report = Report {
            schema: crate::model::SCHEMA.into(),
            title: "t".into(),
            description: None,
            frames: vec![FrameInfo {
                id: "alliance".into(),
                label: "Alliance / bloc".into(),
                description: None,
                terms: vec![],
            }],
            contrasts: vec![],
            actors: vec![ActorInfo {
                id: "west".into(),
                label: "US / West".into(),
            }],
            outlets: vec![],
            articles: Default::default(),
            inputs: Inputs::default(),
            changes: None,
            ..Default::default()
        };
        (report, article)
    }

    #[test]
    fn plain_output_is_exact() {
        let (r, mut a) = report();
        a.mentions[1].in_scope = Some(false);
        a.mentions[2].attribution = Some(crate::model::Attribution::Direct);
        a.mentions[2].speaker = Some("a senior senator".into());
        a.mentions[3].in_scope = Some(true);
        assert_eq!(
            explain(&r, &a, false),
            "corpus/x.txt — The Alliance grows (unassigned, 12 words, 4 mentions)

4-12  Alliance / bloc  [asserted]  term: alliance*  actors: US / West, nobody  voice: own  headline
  The [Alliance] grows

40-48  Alliance / bloc  [negated]  term: alliance*  actors: –  voice: own  out of scope (not counted)
  It is not an [alliance].

70-78  Alliance / bloc  [quoted]  term: alliance*  actors: –  voice: direct from a senior senator
  “An [alliance],” he said.

99-108  Alliance / bloc  [distanced]  term: alliance*  actors: –  voice: own  in scope
  a “[alliances]” \u{FFFD}[2J
"
        );
    }

    #[test]
    fn colour_marks_stance_and_match() {
        let (r, a) = report();
        let out = explain(&r, &a, true);
        assert!(out.contains("\x1b[32m[asserted]\x1b[0m"), "{out}");
        assert!(out.contains("\x1b[31m[negated]\x1b[0m"));
        assert!(out.contains("\x1b[36m[quoted]\x1b[0m"));
        assert!(out.contains("\x1b[33m[distanced]\x1b[0m"));
        assert!(out.contains("The \x1b[1;4m\x1b[32mAlliance\x1b[0m grows"));
        // The article's own ESC never reaches the terminal.
        assert!(!out.contains("\x1b[2J"));
    }

    #[test]
    fn no_escape_codes_without_colour() {
        let (r, a) = report();
        assert!(!explain(&r, &a, false).contains('\x1b'));
    }

    #[test]
    fn bad_highlight_shows_the_snippet_unmarked() {
        let (r, mut a) = report();
        a.mentions[0].highlight = [3, 99];
        let out = explain(&r, &a, false);
        assert!(out.contains("\n  The Alliance grows\n"), "{out}");
    }

    #[test]
    fn no_color_and_terminal_decide() {
        assert!(color_wanted(None, true));
        assert!(color_wanted(Some(OsStr::new("")), true));
        assert!(!color_wanted(Some(OsStr::new("1")), true));
        assert!(!color_wanted(None, false));
    }
}
