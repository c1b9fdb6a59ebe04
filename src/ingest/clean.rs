//! Generic cleaning: the page furniture every site has, beyond each outlet's own markers.
//! Each rule is switched by a `[cleaning]` key and counted in [`Removed`]:
//!
//! - `prompts`: a short line (at most 20 words) that starts like a subscription, sharing or
//!   comment prompt ("Subscribe to", "Sign up for", "Please select digest", "Leave a Reply",
//!   "Back to top", ...). See [`PROMPTS`].
//! - `captions`: a photo caption paragraph: it starts with `FILE PHOTO`, `Photo:`, `Image:`,
//!   ...; or (at most 80 words) holds an agency credit such as `REUTERS/Name`, `(AP Photo/...)`,
//!   `AFP via Getty Images`, or ends with `Photo: Name`.
//! - `trailing_short_lines`: the run of short lines that are not sentences (at most 10 words
//!   and 80 characters, not ending in `.`, `!`, `?` or a closing quote), or prompts, at the END
//!   of the article ("Related Posts", "Latest News", share buttons). The run stops at a
//!   sentence, at the headline, at a last `Author:` line (metadata, read elsewhere) and at
//!   a kept item of a web page's list or table (the article's own data); when
//!   no sentence stands before it, nothing is cut (the text is then all short lines, such as
//!   a list, not a page with furniture). Notices of up to 320 bytes (about 50 words) count
//!   in the run though they are sentences: a copyright line ("© 2024 The Courier", "All
//!   rights reserved"), an advertising or reprint notice ([`NOTICES`]), the outlet's
//!   promotion of its app, channels and newsletter ([`PROMOTIONS`]). And a paywall's first
//!   line ("To view the full story, please subscribe", "Cet article est réservé aux
//!   abonnés", [`PAYWALLS`]) after the article's first paragraph cuts the article there:
//!   what follows it is the subscription pitch.

use super::{header, Para};
use crate::config::Cleaning;
use crate::model::Removed;

/// Line starts that mark a prompt (compared case-insensitively).
pub const PROMPTS: &[&str] = &[
    "subscribe to",
    "subscribe now",
    "subscribe for",
    "sign up for",
    "sign up to",
    "sign up now",
    "please select digest",
    "join our newsletter",
    "join our whatsapp",
    "join our telegram",
    "join our mailing list",
    "become a patron",
    "support us",
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "back to top",
    "share this",
    "share on",
    "share via",
    "follow us on",
    "click here to subscribe",
    "download our app",
    "get our newsletter",
];

/// Phrases (compared in lowercase) that make a line of at most 320 bytes a notice, not part
/// of the article, when it stands in the run at the article's end.
const NOTICES: &[&str] = &[
    "©",
    "all rights reserved",
    "copyright 1",
    "copyright 2",
    "copyright ©",
    "copyrighted property",
    "may not be published, broadcast",
    "may not be reproduced",
    "written permission",
    "advertise with",
    "already a subscriber",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
];

/// Line starts (compared case-insensitively) of a paywall: the article's text stops there.
const PAYWALLS: &[&str] = &[
    "to view the full story",
    "to read the full story",
    "to read the full article",
    "to continue reading",
    "continue reading with",
    "this content is for subscribers",
    "this article is for subscribers",
    "subscribe to continue reading",
    "subscribe to read",
    "already a subscriber?",
    "um den ganzen artikel zu lesen",
    "lesen sie jetzt weiter",
    "pour lire la suite",
    "cet article est réservé aux abonnés",
    "réservé aux abonnés",
    "bereits abonnent?",
    "dieser artikel ist nur für abonnenten",
    "exklusiv für abonnenten",
    "el contenido al que quiere acceder es exclusivo",
    "la nota a la que intentas acceder es exclusiva",
    "este contenido es exclusivo para suscriptores",
    "contenido exclusivo para suscriptores",
    "this article is exclusive to subscribers",
    "you have reached your limit of free articles",
];

/// Caption starts (compared case-insensitively).
const CAPTION_STARTS: &[&str] = &[
    "file photo",
    "file picture",
    "photo:",
    "photo credit",
    "photograph:",
    "image:",
    "picture:",
    "pictured:",
    "caption:",
    "(photo",
];

/// Agency credits that make a short paragraph a caption.
const CAPTION_CREDITS: &[&str] = &[
    "(AP Photo",
    "AP Photo/",
    "AFP via Getty Images",
    "/Getty Images",
    "/AFP/",
    "(Xinhua/",
];

/// Previews kept per article, so a page of a thousand menu lines stays a short report.
const MAX_PREVIEWS: usize = 20;

/// Words of each removed block shown in the report.
const PREVIEW_WORDS: usize = 8;

fn starts_with_ci(line: &str, prefix: &str) -> bool {
    line.len() >= prefix.len()
        && line.is_char_boundary(prefix.len())
        && line[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A short line that starts like a prompt.
pub fn is_prompt(line: &str) -> bool {
    let l = line.trim_start();
    // Every prompt starts with a letter of these; most lines are rejected on their first byte.
    if !l
        .as_bytes()
        .first()
        .is_some_and(|b| b"sSpPjJbBlLyYfFcCdDgG".contains(b))
    {
        return false;
    }
    let first = l.as_bytes()[0].to_ascii_lowercase();
    PROMPTS
        .iter()
        .any(|p| p.as_bytes()[0] == first && starts_with_ci(l, p))
        && l.split_whitespace().nth(20).is_none()
}

/// A photo caption paragraph.
pub fn is_caption(text: &str) -> bool {
    let t = text.trim();
    // Every caption start begins with one of these; most paragraphs are rejected on their
    // first byte.
    let may_start = t
        .as_bytes()
        .first()
        .is_some_and(|b| b"fFpPiIcC(".contains(b));
    if may_start && CAPTION_STARTS.iter().any(|p| starts_with_ci(t, p)) {
        return true;
    }
    // Every credit holds one of these; most paragraphs are rejected by one vector scan for
    // their first bytes.
    let b = t.as_bytes();
    let maybe = memchr::memchr3_iter(b'/', b'P', b'G', b).any(|i| {
        let rest = &b[i..];
        rest[0] == b'/' || rest.starts_with(b"Photo") || rest.starts_with(b"Getty")
    });
    if !maybe || t.split_whitespace().nth(80).is_some() {
        return false;
    }
    let reuters = t.match_indices("REUTERS/").any(|(i, m)| {
        t[i + m.len()..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    });
    let mut from = t.len().saturating_sub(60);
    while !t.is_char_boundary(from) {
        from -= 1;
    }
    let tail = &t[from..];
    let photo_tail = tail.contains("Photo: ") || tail.contains("Photo by ");
    reuters || photo_tail || CAPTION_CREDITS.iter().any(|c| t.contains(c))
}

/// A short line that does not end like a sentence. A closing quotation mark ends one, in
/// each language's style: `”` and `’`, German `“` and `‘`, French `»`, Danish `«`.
fn is_short_non_sentence(line: &str) -> bool {
    let l = line.trim();
    l.chars().count() <= 80
        && l.split_whitespace().count() <= 10
        && !l.ends_with([
            '.', '!', '?', '"', '”', '’', '“', '‘', '»', '«', '…', '。', '！', '？', '」', '』',
            '｡',
        ])
}

/// Phrases (compared in lowercase) of the outlet's own promotion that closes many articles:
/// its apps, channels, newsletter and appeals for support ([`SUPPORT_APPEALS`] too), in the
/// languages of the cue sets.
const PROMOTIONS: &[&str] = &[
    "newsletter",
    "canal de telegram",
    "canal de youtube",
    "nuestro canal",
    "apóyanos",
    "únete a nuestr",
    "suscríbete",
    "le puede interesar",
    "te puede interesar",
    "lust auf mehr?",
    "schon gelesen?",
    "jetzt abonnieren",
    "soutenez-nous",
    "abonnez-vous",
];

/// Appeals for the reader's support (compared in lowercase): a promotion at the article's
/// end, and a prompt wherever a line starts with one (`roles`).
pub(crate) const SUPPORT_APPEALS: &[&str] = &[
    "we rely on your support",
    "support our journalism",
    "support independent journalism",
    "become a member",
];

/// Social networks and messengers: with "follow" or "join" in the line, a promotion.
const CHANNELS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
];

/// The longest notice or paywall line looked at, in bytes: about 50 words. The line that
/// ends every article's trailing run is looked at, so a long paragraph is settled by its
/// length alone.
const MAX_NOTICE_BYTES: usize = 320;

/// The phrases of a notice line, found in one pass over it (no two of them overlap in a
/// notice): [`NOTICES`], [`PROMOTIONS`], [`SUPPORT_APPEALS`], then [`CHANNELS`], then
/// "follow", "join", "download" and " app", told apart by index.
static NOTICE_PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        let words = ["follow", "join", "download", " app"];
        let all = NOTICES
            .iter()
            .chain(PROMOTIONS)
            .chain(SUPPORT_APPEALS)
            .chain(CHANNELS)
            .chain(&words);
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(all)
            .expect("the notice phrases build an automaton")
    });

/// A notice line of at most [`MAX_NOTICE_BYTES`]: a copyright, reprint or advertising notice
/// ([`NOTICES`]), or the outlet's promotion ([`PROMOTIONS`]; "Follow us on Twitter",
/// "download the ... app").
fn is_notice(line: &str) -> bool {
    let l = line.trim();
    if l.len() > MAX_NOTICE_BYTES {
        return false;
    }
    let plain = NOTICES.len() + PROMOTIONS.len() + SUPPORT_APPEALS.len();
    let channels = CHANNELS.len();
    // Bits: 1 a channel, 2 "follow" or "join", 4 "download", 8 " app".
    let mut seen = 0u8;
    for m in NOTICE_PHRASES.find_iter(l) {
        let i = m.pattern().as_usize();
        if i < plain {
            return true;
        }
        seen |= match i - plain {
            k if k < channels => 1,
            k if k < channels + 2 => 2,
            k if k == channels + 2 => 4,
            _ => 8,
        };
    }
    seen & 3 == 3 || seen & 12 == 12
}

/// Phrases (in lowercase) of the line that closes a paywall's pitch, for readers who
/// subscribe already.
const PAYWALL_ENDS: &[&str] = &[
    "already a subscriber",
    "already subscribed",
    "si ya sos suscriptor",
    "si ya eres suscriptor",
    "bereits abonnent",
    "déjà abonné",
];

/// The words after a paywall's pitch that make them the story, saved under the box.
const PAYWALL_STORY_WORDS: usize = 80;

/// The first line of a paywall ([`PAYWALLS`]), at most 320 bytes and 40 words.
fn is_paywall(line: &str) -> bool {
    let l = line.trim_start();
    // A paywall line is short, and only the phrases that start with its first letter are
    // compared: most paragraphs are settled on their length or first byte.
    let Some(first) = l.as_bytes().first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    l.len() <= MAX_NOTICE_BYTES
        && PAYWALLS
            .iter()
            .any(|p| p.as_bytes()[0] == first && starts_with_ci(l, p))
        && l.split_whitespace().nth(40).is_none()
}

fn is_author_line(line: &str) -> bool {
    header::key_value(line.trim()).is_some_and(|(k, v)| {
        ["author", "by", "byline"].contains(&k.to_lowercase().as_str()) && !v.is_empty()
    })
}

fn preview(text: &str) -> String {
    text.split_whitespace()
        .take(PREVIEW_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

fn note(removed: &mut Removed, text: &str) {
    if removed.removed_preview.len() < MAX_PREVIEWS {
        let p = preview(text);
        if !p.is_empty() {
            removed.removed_preview.push(p);
        }
    }
}

/// The lines of a paragraph with their byte ranges.
fn line_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        out.push(start..start + line.len());
        start += line.len() + 1;
    }
    out
}

/// Applies the switched-on rules in order: prompts, captions, then the trailing run.
pub fn clean(paras: &mut Vec<Para>, rules: &Cleaning, removed: &mut Removed) {
    if rules.prompts {
        remove_prompts(paras, removed);
    }
    if rules.captions {
        paras.retain(|p| {
            if !p.headline && is_caption(&p.text) {
                removed.captions += 1;
                note(removed, &p.text);
                false
            } else {
                true
            }
        });
    }
    if rules.trailing_short_lines {
        remove_trailing_lines(paras, removed);
    }
}

fn remove_prompts(paras: &mut Vec<Para>, removed: &mut Removed) {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras.drain(..) {
        // Most paragraphs are one line: settled without `lines`, whose search for a line
        // break scans a word at a time.
        let prompt = match memchr::memchr(b'\n', p.text.as_bytes()) {
            None => is_prompt(&p.text),
            Some(_) => p.text.lines().any(is_prompt),
        };
        if p.headline || !prompt {
            out.push(p);
            continue;
        }
        // Keep each run of lines between prompt lines as its own paragraph.
        let mut run_start: Option<usize> = None;
        let mut run_end = 0;
        for r in line_ranges(&p.text) {
            let line = &p.text[r.clone()];
            if is_prompt(line) {
                removed.prompts += 1;
                note(removed, line);
                if let Some(s) = run_start.take() {
                    out.push(p.slice(s..run_end));
                }
            } else if !line.trim().is_empty() {
                run_start.get_or_insert(r.start);
                run_end = r.end;
            }
        }
        if let Some(s) = run_start {
            out.push(p.slice(s..run_end));
        }
    }
    *paras = out;
}

fn remove_trailing_lines(paras: &mut Vec<Para>, removed: &mut Removed) {
    remove_paywall(paras, removed);
    // Walk back from the end to the first line that is not furniture.
    let mut cut: Option<(usize, usize)> = None;
    let mut lines_cut: Vec<&str> = Vec::new();
    let mut stopped = false;
    'paras: for (pi, p) in paras.iter().enumerate().rev() {
        if p.headline {
            break;
        }
        // An item of a web page's list or table that the reader kept (not a list of links):
        // the article's own data ("Top speed in km/h", "187"), which ends the run.
        if p.list_item {
            stopped = true;
            break;
        }
        for r in line_ranges(&p.text).into_iter().rev() {
            let line = &p.text[r.clone()];
            if line.trim().is_empty() {
                continue;
            }
            let furniture = is_short_non_sentence(line) || is_prompt(line) || is_notice(line);
            if is_author_line(line) || !furniture {
                stopped = true;
                break 'paras;
            }
            cut = Some((pi, r.start));
            lines_cut.push(line);
        }
    }
    let Some((pi, at)) = cut.filter(|_| stopped) else {
        return;
    };
    removed.trailing_lines += lines_cut.len() as u64;
    lines_cut.reverse();
    let joined = lines_cut.join(" ");
    note(removed, &joined);
    paras.truncate(pi + 1);
    if at == 0 {
        paras.pop();
    } else {
        let p = &paras[pi];
        let keep = p.text[..at].trim_end().len();
        paras[pi] = p.slice(0..keep);
    }
}

/// Cuts the article at a paywall's first line (a paragraph of its own, after a paragraph of
/// the body): that paragraph and all after it go, counted as trailing lines. But a page saved
/// with the whole story under the paywall's box (a paywall drawn over the text) loses only
/// the box: when one of the next eight paragraphs closes the pitch ("Already a subscriber?
/// Log in", [`PAYWALL_ENDS`]) and over [`PAYWALL_STORY_WORDS`] words follow it, the story
/// goes on after that line.
fn remove_paywall(paras: &mut Vec<Para>, removed: &mut Removed) {
    let first_body = paras.iter().position(|p| !p.headline);
    let Some(at) = first_body.and_then(|f| {
        paras
            .iter()
            .skip(f + 1)
            .position(|p| !p.headline && is_paywall(&p.text))
            .map(|k| f + 1 + k)
    }) else {
        return;
    };
    let closes = |p: &Para| {
        p.text.len() <= MAX_NOTICE_BYTES && {
            let l = p.text.to_lowercase();
            PAYWALL_ENDS.iter().any(|e| l.contains(e))
        }
    };
    let end = (at..paras.len().min(at + 9))
        .rev()
        .find(|&k| closes(&paras[k]))
        .map(|k| k + 1)
        .filter(|&k| {
            let after: usize = paras[k..]
                .iter()
                .map(|p| p.text.split_whitespace().count())
                .sum();
            after > PAYWALL_STORY_WORDS
        })
        .unwrap_or(paras.len());
    let cut: Vec<Para> = paras.drain(at..end).collect();
    removed.trailing_lines += cut
        .iter()
        .map(|p| p.text.lines().count() as u64)
        .sum::<u64>();
    let joined: Vec<&str> = cut.iter().map(|p| p.text.as_str()).collect();
    note(removed, &joined.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Para> {
        let src = texts.join("\n\n");
        let mut at = 0;
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let p = Para::verbatim(&src, at..at + t.len(), i == 0);
                at += t.len() + 2;
                p
            })
            .collect()
    }

    fn texts(ps: &[Para]) -> Vec<&str> {
        ps.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn trailing_furniture_goes_and_the_last_sentence_stays() {
        let mut ps = paras(&[
            "Headline",
            "A real paragraph ends here.",
            "A short subheading",
            "The real last paragraph.\nMore Stories",
            "Related Posts\nLatest News",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(
            texts(&ps),
            [
                "Headline",
                "A real paragraph ends here.",
                "A short subheading",
                "The real last paragraph."
            ]
        );
        assert_eq!(r.trailing_lines, 3);
        assert_eq!(
            r.removed_preview,
            ["More Stories Related Posts Latest News"]
        );
    }

    #[test]
    fn copyright_and_reprint_notices_at_the_end_go_with_the_trailing_run() {
        let mut ps = paras(&[
            "Headline",
            "The council approved the new harbour wall on Monday.",
            "Councillors who voted against it said the copyright of the design was unclear.",
            "\u{a9} 2031, The Lantern Courier. This article is the copyrighted property of the \
             Courier. Written permission must be obtained before reprint in online or print media.",
            "Related Posts",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        // A sentence that only mentions copyright is the article's; the notice is not.
        assert_eq!(
            texts(&ps),
            [
                "Headline",
                "The council approved the new harbour wall on Monday.",
                "Councillors who voted against it said the copyright of the design was unclear."
            ]
        );
        assert_eq!(r.trailing_lines, 2);
    }

    #[test]
    fn the_outlet_s_closing_promotion_goes_and_a_last_sentence_about_twitter_stays() {
        let mut ps = paras(&[
            "Headline",
            "The talks will resume in May.",
            "The minister said on Twitter that the talks would go on.",
            "For the latest stories, download the Lantern Courier app for your phone.",
            "Follow The Lantern Courier on Twitter and Facebook.",
            "Sign up for our weekly newsletter and never miss a tide table!",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(
            texts(&ps),
            [
                "Headline",
                "The talks will resume in May.",
                "The minister said on Twitter that the talks would go on."
            ]
        );
        // The sign-up line is a prompt wherever it stands; the other two go with the run.
        assert_eq!((r.prompts, r.trailing_lines), (1, 2));
    }

    #[test]
    fn a_web_page_s_table_at_the_end_is_the_article_s_data() {
        let mut ps = paras(&[
            "Headline",
            "The new hybrid is quicker than the old one and uses less fuel.",
            "Top speed in km/h",
            "187",
            "Fuel in litres per 100 km",
            "1,6",
            "More Stories",
        ]);
        for p in &mut ps[2..6] {
            p.list_item = true;
        }
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        // The table's cells stay; the line after them goes.
        assert_eq!(ps.len(), 6);
        assert_eq!(ps[5].text, "1,6");
        assert_eq!(r.trailing_lines, 1);
    }

    #[test]
    fn paywall_phrases_start_with_a_lowercase_letter() {
        // `is_paywall` compares a line's first letter, folded, with each phrase's first byte.
        for p in PAYWALLS {
            assert!(p.as_bytes()[0].is_ascii_lowercase(), "{p}");
        }
    }

    #[test]
    fn a_paywall_cuts_the_article_where_it_starts() {
        let mut ps = paras(&[
            "Headline",
            "The ferry will run twice a day from June.",
            "Its owners bought a second boat in the spring.",
            "To view the full story, please subscribe to The Lantern Courier.",
            "When you join, you get every story and the archive, and our newsletter each week.",
            "First-time subscribers also receive a printed map of the island.",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(
            texts(&ps),
            [
                "Headline",
                "The ferry will run twice a day from June.",
                "Its owners bought a second boat in the spring."
            ]
        );
        assert_eq!(r.trailing_lines, 3);
        assert_eq!(
            r.removed_preview,
            ["To view the full story, please subscribe to"]
        );
        // In other languages too.
        for pitch in [
            "El contenido al que quiere acceder es exclusivo para suscriptores.",
            "Cet article est réservé aux abonnés.",
            "Bereits Abonnent? Hier anmelden.",
        ] {
            let mut ps = paras(&[
                "Headline",
                "The ferry will run twice a day.",
                pitch,
                "Log in",
            ]);
            clean(&mut ps, &Cleaning::default(), &mut Removed::default());
            assert_eq!(
                texts(&ps),
                ["Headline", "The ferry will run twice a day."],
                "{pitch}"
            );
        }
        // A page saved with the story under the paywall's box loses the box only.
        let story = "The new boat, built in the yards of the north coast over two winters, \
                     carries two hundred passengers and forty cars, and it will make the \
                     crossing in under an hour when the weather allows and the sea is calm, \
                     the owners said on Monday, and the old boat will be kept in reserve for \
                     the busy summer weeks, when the island fills with walkers, and for the \
                     winter storms, when one of the two is always in the yard for repairs.";
        let mut ps = paras(&[
            "Headline",
            "The ferry will run twice a day.",
            "To continue reading, subscribe.",
            "Already a subscriber? Log in.",
            story,
        ]);
        clean(&mut ps, &Cleaning::default(), &mut Removed::default());
        assert_eq!(
            texts(&ps),
            ["Headline", "The ferry will run twice a day.", story]
        );
        // Not before the first paragraph of the body: a page that is only the pitch keeps it.
        let mut ps = paras(&["Headline", "To continue reading, log in.", "Then read on."]);
        clean(&mut ps, &Cleaning::default(), &mut Removed::default());
        assert_eq!(ps.len(), 3);
    }

    #[test]
    fn chinese_sentences_are_sentences_though_they_hold_no_space() {
        let mut ps = paras(&[
            "标题",
            "两国外长周二举行会谈。",
            "双方同意继续合作！",
            "他说「会谈很成功」",
            "相关新闻",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(
            texts(&ps),
            [
                "标题",
                "两国外长周二举行会谈。",
                "双方同意继续合作！",
                "他说「会谈很成功」"
            ]
        );
        assert_eq!(r.trailing_lines, 1);
    }

    #[test]
    fn all_short_lines_are_left_alone_and_author_line_stops_the_run() {
        let mut ps = paras(&["Headline", "one item", "two item"]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(ps.len(), 3);
        let mut ps = paras(&[
            "Headline",
            "Text here.",
            "Author: A. Writer",
            "Leave a Reply",
            "Your email address will not be published.",
            "Back to top button",
        ]);
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(texts(&ps), ["Headline", "Text here.", "Author: A. Writer"]);
    }

    #[test]
    fn a_closing_quotation_mark_in_any_style_ends_a_sentence() {
        let mut ps = paras(&[
            "Sie sah aus dem Fenster, lange, und sagte dann nichts mehr.",
            "– „Dann sag es nicht“",
            "– „Ok.“",
            "Mehr von uns",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(ps.len(), 3);
        assert_eq!(r.trailing_lines, 1);
    }

    #[test]
    fn captions_and_prompts_anywhere() {
        let mut ps = paras(&[
            "Headline",
            "FILE PHOTO: Two leaders shake hands in a city, June 1, 2031. REUTERS/Some Name",
            "Text one.\nSubscribe to our daily digest\nText two.",
            "Leaders met on Monday. (AP Photo/Some Name)",
            "The talks went on into the night.",
        ]);
        let mut r = Removed::default();
        clean(&mut ps, &Cleaning::default(), &mut r);
        assert_eq!(
            texts(&ps),
            [
                "Headline",
                "Text one.",
                "Text two.",
                "The talks went on into the night."
            ]
        );
        assert_eq!((r.captions, r.prompts), (2, 1));
        let off = Cleaning::off();
        let mut ps = paras(&["Headline", "FILE PHOTO: x", "Related Posts"]);
        clean(&mut ps, &off, &mut r);
        assert_eq!(ps.len(), 3);
    }

    #[test]
    fn prompts_start_with_a_listed_letter() {
        for p in PROMPTS {
            // Lower case: `is_prompt` compares a line's first letter, lowered, with it.
            assert!(b"spjblyfcdg".contains(&p.as_bytes()[0]), "{p}");
        }
        assert!(is_prompt("  SUBSCRIBE TO our newsletter"));
        assert!(is_prompt("Leave a Reply"));
        assert!(!is_prompt("Subscribers to the service said so."));
    }

    #[test]
    fn caption_starts_start_with_a_listed_byte() {
        for p in CAPTION_STARTS {
            assert!(b"fFpPiIcC(".contains(&p.as_bytes()[0]), "{p}");
        }
    }

    #[test]
    fn a_sentence_with_reuters_in_it_is_not_a_caption() {
        assert!(!is_caption("The talks, REUTERS/reports said, went on."));
        assert!(is_caption("Two men. Photo: Some Agency"));
        assert!(!is_caption(
            "A long paragraph that mentions (AP Photo/X) somewhere in the middle of a great many words. "
                .repeat(10)
                .as_str()
        ));
    }
}
