//! The roles of a web page's paragraphs around the article text: byline, date line, deck,
//! caption, credits, prompts, affiliate and advertising disclosures, the page's own URL, and
//! headings left without text. Such paragraphs are left out of the counted text (with the
//! rule that left them out), so that the lead is the first paragraph of the body.
//!
//! Two kinds of evidence: the markup's (class, id or `itemprop` words such as `byline`,
//! `date`, `standfirst`, `caption`, and `<time>`, on the paragraph or an element around it of
//! under 400 characters), and the text's (a short line starting `By` followed by a name; a
//! short line that is a date; a line that is the page's URL).

use super::block::{hint, Block, Kind, OUTSIDE};
use super::clean::SUPPORT_APPEALS;

/// Byline starts, followed by a capitalised name.
const BY: &[&str] = &[
    "By ",
    "BY ",
    "Von ",
    "VON ",
    "Par ",
    "Por ",
    "Door ",
    "Di ",
    "Av ",
    "Af ",
    "Written by ",
    "Posted by ",
    "Text: ",
    "Text von ",
    "Autor: ",
    "Author: ",
];

/// Prompt starts (compared in lowercase): lines that address the reader, not the story; the
/// appeals for support of [`SUPPORT_APPEALS`] too.
const PROMPTS: &[&str] = &[
    "chat with us",
    "follow us",
    "like us on",
    "join us on",
    "find us on",
    "read more:",
    "read also:",
    "see also:",
    "related:",
    "advertisement",
    "story continues below",
    "article continues below",
    "we rely on readers",
    "make your contribution",
    "donate today",
    "donate now",
    "support local journalism",
    "we want to hear what you think",
    "anzeige",
    "werbung",
    "lesen sie auch",
    "mehr zum thema",
    "weiterlesen",
    "click here",
    "also read",
    "see more",
    "recommended:",
    "das könnte sie auch interessieren",
    "zum newsletter",
    "le puede interesar",
    "te puede interesar",
    "puedes ver:",
    "mira:",
    "lee también",
    "lea también",
    "leer más",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "читайте также",
];

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "okt",
    "dez",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Rules for furniture (not for text that is the article's but not its body).
const FURNITURE_RULES: &[&str] = &[
    "link list",
    "teaser",
    "furniture class",
    super::extract::HIDDEN,
    "furniture element",
    "comments",
    OUTSIDE,
];

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A short line that says when: a year and a month, a numeric date, or a time of day.
pub fn is_date_line(s: &str) -> bool {
    if words(s) > 10 || s.len() > 90 {
        return false;
    }
    let mut year = false;
    let mut month = false;
    let mut numeric = false;
    // Words of over three letters that are no part of a date nor a date's label: a line
    // that holds more than one is a sentence with a date in it ("ab 1. Januar 2022 für
    // Zigaretten und Feinschnitt"), not a date line.
    let mut other = 0;
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '(' || c == ')') {
        let w = w.trim_matches(|c: char| c == '.' || c == ':' || c == '-');
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        let is_month = MONTHS
            .iter()
            .any(|m| lower.starts_with(m) && lower.len() <= m.len() + 6);
        if w.chars().count() > 3
            && !is_month
            && !w.bytes().any(|b| b.is_ascii_digit())
            && !DATE_WORDS.iter().any(|d| lower.starts_with(d))
        {
            other += 1;
        }
        let digits = w.bytes().filter(u8::is_ascii_digit).count();
        if w.len() == 4 && digits == 4 && (w.starts_with("19") || w.starts_with("20")) {
            year = true;
        }
        if digits >= 4 && w.len() >= 8 && w.bytes().any(|b| matches!(b, b'.' | b'-' | b'/')) {
            let seps = w
                .bytes()
                .filter(|b| matches!(b, b'.' | b'-' | b'/'))
                .count();
            if seps >= 2 && digits + seps == w.len() {
                numeric = true;
            }
        }
        if digits >= 3 && w.contains(':') && digits + 1 == w.len() && w.len() <= 5 {
            numeric = true;
        }
        month |= is_month;
    }
    other <= 1 && (numeric || (year && month))
}

/// Words (starts, in lower case) that stand around a date on a date line: weekdays and the
/// labels of publication.
const DATE_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "date",
    "datum",
    "stand",
    "veröffentlicht",
    "aktualisiert",
    "erstellt",
    "publié",
    "publicado",
    "actualizado",
];

fn is_byline(s: &str) -> bool {
    words(s) <= 12
        && BY.iter().any(|b| {
            s.strip_prefix(b)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
        })
}

/// A line of at most 20 words that starts like a prompt ([`PROMPTS`]), or of at most 30 that
/// points to another article ([`POINTERS`]: "Lire aussi" with its authors, title and issue).
fn is_prompt(s: &str) -> bool {
    let n = words(s);
    if n > 30 {
        return false;
    }
    // Set between dashes or brackets ("- Advertisement -", "[Anzeige]"); not between
    // quotation marks, which open a quote ("“Click here,” she said").
    let lower = s
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '-' | '–' | '—' | '[' | ']' | '(' | ')' | '*' | '|' | '•' | '_' | '='
                )
        })
        .to_lowercase();
    if AD_LABELS.contains(&lower.as_str()) {
        return true;
    }
    let starts = |p: &&str| lower.starts_with(p);
    if n > 20 {
        POINTERS.iter().any(starts)
    } else {
        PROMPTS.iter().chain(SUPPORT_APPEALS).any(starts)
    }
}

/// Whole lines that mark an advertisement's place (compared in lowercase).
const AD_LABELS: &[&str] = &[
    "ad",
    "ads",
    "advertising",
    "sponsored",
    "publicité",
    "publicidad",
    "pubblicità",
    "reklama",
    "annonce",
];

/// The prompts of [`PROMPTS`] that point to another article, whose title and authors may
/// follow them.
const POINTERS: &[&str] = &[
    "read also",
    "also read",
    "see also",
    "lesen sie auch",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "lee también",
    "lea también",
    "читайте также",
];

/// A credit printed as a paragraph of its own: at most 30 words holding a `©`, a picture's
/// ("Marco Odermatt in Beijing. © AFP / Marco Bertorello") or the page's ("© 2031 The
/// Courier"). Never a sentence of the story.
fn is_credit(s: &str, words: usize) -> bool {
    words <= 30 && s.contains('\u{a9}')
}

/// Starts of a note on the author printed under the article ("Die Autorin ist
/// Achtsamkeitslehrerin und ...", "The author is a historian ...").
const AUTHOR_NOTES: &[&str] = &[
    "Der Autor ist ",
    "Die Autorin ist ",
    "Die Autoren sind ",
    "Die Autorinnen sind ",
    "The author is ",
    "The authors are ",
    "The writer is ",
    "L'auteur est ",
    "L\u{2019}auteur est ",
    "L'autrice est ",
    "L\u{2019}autrice est ",
    "El autor es ",
    "La autora es ",
];

/// A paragraph that says who wrote the article ([`AUTHOR_NOTES`]).
fn is_author_note(s: &str) -> bool {
    AUTHOR_NOTES.iter().any(|p| s.starts_with(p))
}

/// Labels (in lowercase) of a picture's credit: "(Foto: dpa)", "Photo: Name", "Bild: Agentur".
const PICTURE_CREDITS: &[&str] = &[
    "foto:",
    "foto :",
    "fotos:",
    "bild:",
    "bilder:",
    "photo:",
    "photo :",
    "photos:",
    "image:",
    "picture:",
    "credit:",
    "imagen:",
    "fotografía:",
];

/// Whether a paragraph ends with a picture's credit: one of [`PICTURE_CREDITS`], not inside
/// a word, in its last 80 bytes and followed by at most eight words ("Wetterbild (Foto:
/// Agentur/Name)", "The new pier. Photo: Name"): a caption set as a paragraph.
fn ends_with_picture_credit(s: &str) -> bool {
    let t = s.trim_end();
    let mut from = t.len().saturating_sub(80);
    while !t.is_char_boundary(from) {
        from -= 1;
    }
    // Every label ends with a colon: most paragraphs have none near their end.
    if !t.as_bytes()[from..].contains(&b':') {
        return false;
    }
    let tail = t[from..].to_lowercase();
    PICTURE_CREDITS.iter().any(|label| {
        tail.rmatch_indices(label).next().is_some_and(|(i, m)| {
            let free = tail[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            free && words(&tail[i + m.len()..]) <= 8
        })
    })
}

/// Phrases (compared in lowercase) of an affiliate or advertising disclosure, the outlet's
/// note that it earns from links or that a piece is paid for, or of a disclaimer, its note
/// that a contributor's views are not its own: not the story.
const DISCLOSURES: &[&str] = &[
    "affiliate link",
    "affiliate-link",
    "we may earn",
    "earn a commission",
    "may receive compensation",
    "independent review process",
    "eine provision",
    "provision vom",
    "enthält werbung",
    "werbung für",
    "partnerlinks",
    "liens affiliés",
    "enlaces de afiliado",
    "disclaimer:",
    "advertising disclaimer",
    "not responsible for the opinions",
    "views expressed in this",
    "opinions expressed in this",
    "die meinung des autors wieder",
    "die meinung der autorin wieder",
    "nicht notwendigerweise die der redaktion",
    "n'engagent que",
];

/// The phrases of [`DISCLOSURES`], found in one pass with ASCII case folded.
static DISCLOSURE: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(DISCLOSURES)
            .expect("the disclosure phrases build an automaton")
    });

/// A paragraph that discloses affiliate links or advertising ([`DISCLOSURES`]).
fn is_disclosure(s: &str) -> bool {
    DISCLOSURE.is_match(s)
}

fn bare_url(s: &str) -> &str {
    let s = s.trim().trim_end_matches('/');
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    s.strip_prefix("www.").unwrap_or(s)
}

/// Marks the kept paragraphs that are not body text with the rule that leaves them out.
pub(crate) fn assign(blocks: &mut [Block], page_url: Option<&str>, captions_are_text: bool) {
    let mut i = 0;
    // A paragraph of the body was kept: a deck stands before the body, so an element with a
    // deck's class after it is a subheading of the story ("subtitle", "subheading").
    let mut body_seen = false;
    while i < blocks.len() {
        let b = &blocks[i];
        if b.rule.is_some() || b.kind == Kind::Headline {
            i += 1;
            continue;
        }
        let text = b.para.text.as_str();
        let n = words(text);
        // A caption by its markup, or by the picture's credit it ends with.
        let caption = (b.hints & hint::CAPTION != 0 && n <= 80)
            || (n <= 40 && ends_with_picture_credit(text));
        let rule = if caption && !captions_are_text {
            Some("caption")
        } else if is_credit(text, n) {
            Some("credit")
        } else if (b.hints & hint::AUTHOR_NOTE != 0 && n <= 120)
            || (n <= 60 && is_author_note(text))
        {
            Some("author note")
        } else if (b.hints & hint::BYLINE != 0 && n <= 25) || is_byline(text) {
            Some("byline")
        } else if (b.hints & hint::DATE != 0 && n <= 15) || is_date_line(text) {
            Some("date line")
        } else if b.hints & hint::DECK != 0 && n <= 80 && !body_seen {
            Some("deck")
        } else if is_prompt(text) {
            Some("prompt")
        } else if n <= 60 && is_disclosure(text) {
            Some("disclosure")
        } else if n == 1 && page_url.is_some_and(|u| !u.is_empty() && bare_url(u) == bare_url(text))
        {
            Some("url line")
        } else {
            None
        };
        body_seen |= rule.is_none() && b.kind == Kind::Text && n > 12;
        if let Some(r) = rule {
            blocks[i].rule = Some(r);
        } else if matches!(text, "By" | "BY" | "Von" | "Par" | "Por") {
            // A byline split over lines: "By", the name, the role.
            blocks[i].rule = Some("byline");
            let mut j = i + 1;
            let mut taken = 0;
            while j < blocks.len() && taken < 2 {
                let t = blocks[j].para.text.as_str();
                if blocks[j].rule.is_none() {
                    if words(t) > 5 || t.ends_with(['.', '!', '?']) {
                        break;
                    }
                    blocks[j].rule = Some("byline");
                    taken += 1;
                }
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    author_box(blocks);
    label_lines(blocks);
    // A heading right before furniture that was left out, or with no text of its own after
    // it (before the next heading or the end): the title of that furniture ("Most Popular").
    for i in 0..blocks.len() {
        if blocks[i].rule.is_none()
            && blocks[i].kind == Kind::Heading
            && !is_set_as_heading(&blocks[i])
        {
            let next = blocks.get(i + 1).and_then(|b| b.rule);
            if next.is_some_and(|r| FURNITURE_RULES.contains(&r)) {
                blocks[i].rule = Some("heading without text");
            }
        }
    }
    let kept: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].rule.is_none())
        .collect();
    for (k, &i) in kept.iter().enumerate() {
        if blocks[i].kind != Kind::Heading || is_set_as_heading(&blocks[i]) {
            continue;
        }
        let next = kept.get(k + 1).map(|&j| blocks[j].kind);
        if next.is_none_or(|kind| !matches!(kind, Kind::Text | Kind::Item)) {
            blocks[i].rule = Some("heading without text");
        }
    }
}

/// Leaves out an author's box at the end of the article: a name on a line of its own (two
/// to four capitalised words), then, as the last paragraph kept, a note that starts with
/// that name and says who the person is ("Jörg Staff ist Mitglied des Vorstands ...", "Mara
/// Quill is a reporter ...").
fn author_box(blocks: &mut [Block]) {
    let mut kept = (0..blocks.len()).rev().filter(|&i| {
        blocks[i].rule.is_none()
            && blocks[i].kind != Kind::Headline
            && !blocks[i].para.text.trim().is_empty()
    });
    let (Some(note), Some(name)) = (kept.next(), kept.next()) else {
        return;
    };
    let who = blocks[name].para.text.trim();
    let n = words(who);
    let is_name = (2..=4).contains(&n)
        && who
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !who.ends_with(['.', '!', '?', ':']);
    let text = blocks[note].para.text.trim_start();
    let about = is_name
        && words(text) <= 200
        && text.strip_prefix(who).is_some_and(|rest| {
            BIO_VERBS.iter().any(|v| {
                rest.strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(v) && r[v.len()..].starts_with(' '))
            })
        });
    if about {
        blocks[name].rule = Some("author note");
        blocks[note].rule = Some("author note");
    }
}

/// The verbs with which a note on a person starts after the name.
const BIO_VERBS: &[&str] = &[
    "is", "was", "ist", "war", "est", "es", "leitet", "works", "arbeitet",
];

/// A paragraph that a page sets as a heading (`<h2>` around a first paragraph of 30
/// words): more than [`HEADING_WORDS`] words ending with a sentence mark. It is text, not a
/// title of what follows.
fn is_set_as_heading(b: &Block) -> bool {
    let t = b.para.text.trim_end();
    words(t) > HEADING_WORDS && t.ends_with(['.', '!', '?', '\u{3002}'])
}

/// The most words a heading has.
const HEADING_WORDS: usize = 15;

/// Leaves out the short lines that stand before the first paragraph of the body and are no
/// sentence: a section name over the headline ("Politik"), a kicker, a dateline set apart
/// ("Düsseldorf -"), a sharing label ("Social Share"), a link to skip
/// the menus. They are not the lead, nor any part of the story. Only lines of running text
/// (not list items nor headings) of at most [`LABEL_WORDS`] words and [`LABEL_CHARS`]
/// characters that do not end a sentence, and only when a paragraph of the body (over 12
/// words) follows: a page of short lines (a poem, a list set as paragraphs) keeps them all.
fn label_lines(blocks: &mut [Block]) {
    let Some(body) = blocks
        .iter()
        .position(|b| b.rule.is_none() && b.kind == Kind::Text && words(&b.para.text) > 12)
    else {
        return;
    };
    for b in &mut blocks[..body] {
        if b.rule.is_none() && b.kind == Kind::Text && is_label(&b.para.text) {
            b.rule = Some("label");
        }
    }
}

/// Words and characters (of scripts without spaces) a label line has at most.
const LABEL_WORDS: usize = 6;
const LABEL_CHARS: usize = 60;

/// A line with no letter or digit, or a short line that is no sentence nor part of one: it
/// neither ends with a sentence's mark (nor an ellipsis, a colon), nor holds a comma ("Liebe
/// Schwestern und Brüder,", a verse reference), nor starts with a quotation mark (a quoted
/// line that opens the story).
fn is_label(s: &str) -> bool {
    let t = s.trim();
    // A line without a letter or digit (",", "|", "•") is never the story.
    if !t.chars().any(char::is_alphanumeric) {
        return true;
    }
    words(t) <= LABEL_WORDS
        && t.chars().count() <= LABEL_CHARS
        && !t.contains([',', ';', '\u{3001}', '\u{FF0C}'])
        && !t.starts_with(['"', '\u{201C}', '\u{201E}', '\u{00AB}', '\u{2018}', '\''])
        && !t.ends_with([
            '.', '!', '?', ':', '\u{2026}', '\u{3002}', '\u{FF01}', '\u{FF1F}', '"', '\u{201D}',
            '\u{00BB}',
        ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines() {
        for s in [
            "March 3, 2031",
            "Published 12.05.2031, 14:05",
            "3. März 2031",
            "Updated: 2031-03-03",
            "14:05 | 3 Mar 2031",
            "Last updated: Monday, 3 March 2031 at 14:05",
            "Datum: 18.10.2031",
        ] {
            assert!(is_date_line(s), "{s}");
        }
        for s in [
            "The pact was signed in March 2031 by the two leaders after long talks in the capital.",
            "Harbor trade",
            "Chapter 2031",
            // A list item with a date in it is the article's.
            "ab 1. Januar 2032 für Zigaretten und Feinschnitt,",
            "from 1 May 2031 for ferries and cargo boats",
        ] {
            assert!(!is_date_line(s), "{s}");
        }
    }

    #[test]
    fn bylines_and_prompts() {
        assert!(is_prompt("- Advertisement -"));
        assert!(is_prompt("[ PUBLICITÉ ]"));
        assert!(is_prompt("Story continues below advertisement"));
        assert!(is_prompt(
            "We rely on your support to keep local news free for all"
        ));
        assert!(!is_prompt(
            "“Click here,” she said, “and the ferry times open.”"
        ));
        assert!(!is_prompt("Advertising on the ferry will end in May."));
        assert!(is_byline("By Mara Quill, Staff Writer"));
        assert!(is_byline("Von Jan Ostwald"));
        assert!(!is_byline("By the end of the week the talks had stalled."));
        assert!(!is_byline("Bystanders watched."));
        assert!(is_prompt("Chat with us in Facebook Messenger."));
        assert!(is_disclosure(
            "This post contains affiliate links: we may earn a commission if you buy."
        ));
        assert!(is_disclosure(
            "*Werbung. Dieser Beitrag enthält Werbung für eine Strickmarke."
        ));
        assert!(!is_disclosure(
            "The minister said the agency would review the commission's report."
        ));
        assert!(is_disclosure(
            "The Lamp is not responsible for the opinions of contributors to this blog."
        ));
        assert!(is_disclosure(
            "Dieser Beitrag gibt die Meinung der Autorin wieder, nicht die der Redaktion."
        ));
        assert!(ends_with_picture_credit("Wetterbild (Foto: Agentur/Name)"));
        assert!(ends_with_picture_credit(
            "The new pier at dawn. Photo: Mara Quill"
        ));
        assert!(ends_with_picture_credit("Crédit photo : KB / Harbour Blog"));
        assert!(!ends_with_picture_credit(
            "The agency sent a photo: the pier, the crane and the two ferries that the storm had \
             pushed onto the beach near the old lighthouse, which is closed."
        ));
        assert!(!ends_with_picture_credit("Ein Fotobild: Hafen"));
        assert!(is_prompt(
            "Lire aussi Jeanne Morel et Paul Aubry, « Les phares de la côte nord, une \
             histoire de gardiens », Le Courrier du Phare, juin 2030."
        ));
        // A sentence of the story that starts like a prompt is one only when short.
        assert!(!is_prompt(
            "Werbung für Zigaretten ist an Haltestellen seit dem Frühjahr verboten, und die \
             Stadt will das Verbot im nächsten Jahr auf alle Plakatwände am Hafen ausweiten."
        ));
        assert!(is_author_note(
            "Die Autorin ist Hafenmeisterin in Vessen und schreibt über Schifffahrt."
        ));
        assert!(!is_author_note(
            "Der Autor Jan Ostwald las am Abend am Hafen."
        ));
        assert!(is_prompt("Le puede interesar: la nueva ley de puertos"));
        assert!(is_prompt("Das könnte Sie auch interessieren"));
        assert!(!is_prompt("Mirando al mar, el ministro habló del puerto."));
        assert!(!is_prompt("Chatting with reporters, the minister smiled."));
    }
}
