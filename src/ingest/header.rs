//! Article metadata: a leading `Key: value` block, a `20.12.2021 Author: Name` first line,
//! a trailing `Author:` line, and dates in the forms news sites write them.

use std::ops::Range;

/// What an article says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub author: Option<String>,
    /// A `Source:`/`Outlet:` value.
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// A date as written when [`parse_date`] could not read it (`12/15/2021`): read again
    /// with the configured `[corpus].date_order`.
    pub date_raw: Option<String>,
    /// Byte range of the title's text in the source, when the title came from a header line.
    pub title_span: Option<Range<usize>>,
}

/// Header keys that make a leading `Key: value` block a header (lower-case).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "headline",
    "published time",
    "published",
    "published date",
    "publish date",
    "date",
    "author",
    "authors",
    "byline",
    "source",
    "outlet",
    "publication",
    "url",
    "link",
    "note",
    "text",
];

/// Splits `Key: value` when the line looks like a header line: a key of at most four words
/// of letters, digits and spaces, then a colon, then a space or the end of the line.
pub fn key_value(line: &str) -> Option<(&str, &str)> {
    // Most lines are paragraphs with no colon: memchr settles them a vector at a time.
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let key = key.trim();
    let ok = !key.is_empty()
        && key.len() <= 40
        && if key.is_ascii() {
            // The same tests on bytes, for the common case; words start after a space, the
            // only whitespace the key may hold.
            let b = key.as_bytes();
            let word_char = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
            let starts = b
                .windows(2)
                .filter(|w| w[0] == b' ' && w[1] != b' ')
                .count();
            b[0].is_ascii_alphabetic() && b.iter().all(|&c| word_char(c) || c == b' ') && starts < 4
        } else {
            key.split_whitespace().count() <= 4
                && key.starts_with(|c: char| c.is_alphabetic())
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-')
        };
    if !ok || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, rest.trim()))
}

fn is_known_key(key: &str) -> bool {
    if key.is_ascii() {
        return KNOWN_KEYS.iter().any(|k| key.eq_ignore_ascii_case(k))
            || key
                .get(..8)
                .is_some_and(|k| k.eq_ignore_ascii_case("category"));
    }
    // Lower-casing may make ASCII of other characters (the Kelvin sign is a `k`).
    let k = key.to_lowercase();
    KNOWN_KEYS.contains(&k.as_str()) || k.starts_with("category")
}

/// A line of the source: its byte range (without the line break).
pub type Line = Range<usize>;

/// Splits `src` into lines, keeping each line's byte range.
pub fn lines(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    // The line breaks found by memchr: a vector's width of bytes a step.
    for i in memchr::memchr_iter(b'\n', bytes) {
        let end = if i > start && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    if start < src.len() {
        out.push(start..src.len());
    }
    out
}

/// Reads the leading metadata of `src` (from line `from`). Returns what it found and the index
/// of the first line that is article text.
pub fn read_header(src: &str, lines: &[Line], from: usize) -> (Meta, usize) {
    let mut meta = Meta::default();
    let mut i = from;
    while i < lines.len() && src[lines[i].clone()].trim().is_empty() {
        i += 1;
    }
    let Some(first) = lines.get(i) else {
        return (meta, i);
    };
    let first_text = &src[first.clone()];

    // A `Key: value` block, recognised by a known key on its first line.
    if let Some((k, _)) = key_value(first_text) {
        if is_known_key(k) && !k.eq_ignore_ascii_case("text") {
            while i < lines.len() {
                let line = &src[lines[i].clone()];
                if line.trim().is_empty() {
                    i += 1;
                    break;
                }
                let Some((key, value)) = key_value(line) else {
                    break;
                };
                if key.eq_ignore_ascii_case("text") {
                    // The body starts here; a value on the same line is its first words.
                    if value.is_empty() {
                        i += 1;
                    }
                    break;
                }
                let value_at = lines[i].start + first_find(line, value);
                apply(&mut meta, key, value, value_at..value_at + value.len());
                i += 1;
            }
            return (meta, i);
        }
    }

    // A first line such as `20.12.2021 Author: Name`, or a date alone.
    if let Some(pos) = first_text.find("Author:") {
        if let Some(d) = parse_date(first_text[..pos].trim()) {
            meta.date = Some(d);
            let name = first_text[pos + "Author:".len()..].trim();
            if !name.is_empty() {
                meta.author = Some(name.to_string());
            }
            return (meta, i + 1);
        }
    } else if first_text.trim().len() <= 40 {
        if let Some(d) = parse_date(first_text.trim()) {
            meta.date = Some(d);
            return (meta, i + 1);
        }
    }
    (meta, i)
}

/// Where `value`, a part of `line` as [`key_value`] returns it, is first found in `line`:
/// what `line.find(value).unwrap_or(0)` gives (an earlier match, in the key, wins), without
/// building a substring searcher for every header line. No match starts after the value's
/// own place, and one starts with the value's first byte, which is not whitespace: only the
/// few bytes of the key and colon before it are tried.
fn first_find(line: &str, value: &str) -> usize {
    let own = (value.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    if value.is_empty() || own > line.len() - value.len().min(line.len()) {
        return line.find(value).unwrap_or(0);
    }
    let (l, v) = (line.as_bytes(), value.as_bytes());
    (0..own).find(|&j| l[j..].starts_with(v)).unwrap_or(own)
}

fn apply(meta: &mut Meta, key: &str, value: &str, span: Range<usize>) {
    if value.is_empty() {
        return;
    }
    let key = key.to_lowercase();
    let set = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(value.to_string());
        }
    };
    match key.as_str() {
        "title" | "headline" if meta.title.is_none() => {
            meta.title = Some(value.to_string());
            meta.title_span = Some(span);
        }
        "published time" | "published" | "published date" | "publish date" | "date"
            if meta.date.is_none() =>
        {
            meta.date = parse_date(value);
            if meta.date.is_none() {
                meta.date_raw = Some(value.to_string());
            }
        }
        "author" | "authors" | "byline" => set(&mut meta.author),
        "source" | "outlet" | "publication" => set(&mut meta.outlet),
        "url" | "link" => set(&mut meta.url),
        _ => {}
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(w.as_str()) && w.len() <= 4))
        .map(|i| i as u32 + 1)
        .or_else(|| (w == "sept").then_some(9))
}

fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    ((1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1])
        .then(|| {
            // Written digit by digit: every article with a date comes through here, and
            // `format!` costs more than the rest of the header.
            let digit = |n: u32| char::from(b'0' + n as u8);
            let mut iso = String::with_capacity(10);
            iso.extend([y / 1000, y / 100 % 10, y / 10 % 10, y % 10].map(digit));
            iso.push('-');
            iso.extend([m / 10, m % 10].map(digit));
            iso.push('-');
            iso.extend([d / 10, d % 10].map(digit));
            iso
        })
}

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Parses a date as news sites write it and returns it as ISO `YYYY-MM-DD`:
/// `2021-12-16`, `2021-12-16T08:00:00Z`, `2021/12/16`, `20.12.2021`, `December 15, 2021`,
/// `Dec. 15, 2021`, `15 Dec 2021`, `Wednesday, December 15, 2021`, year first with one-digit
/// parts (`2017/2/7`, `2017-2-7 10:30`). Ambiguous forms such as
/// `12/15/2021` are not guessed.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    // ISO, possibly with a time after it.
    if s.len() >= 10 && s.is_char_boundary(10) {
        let (head, tail) = s.split_at(10);
        let b = head.as_bytes();
        if (b[4] == b'-' || b[4] == b'/')
            && b[7] == b[4]
            && (tail.is_empty() || tail.starts_with(['T', ' ', 't']))
        {
            if let (Some(y), Some(m), Some(d)) =
                (num(&head[..4]), num(&head[5..7]), num(&head[8..10]))
            {
                return iso(y, m, d);
            }
        }
    }
    // Year first with a one-digit month or day, `2017/2/7` or `2017-2-7 10:30`: a four-digit
    // year first is read year, month, day everywhere, so this is no guess.
    if let Some(first) = s.split([' ', 'T']).next() {
        let parts: Vec<&str> = first.split(['/', '-']).collect();
        let sep_ok = first.contains('/') != first.contains('-');
        if sep_ok
            && parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() <= 2
            && parts[2].len() <= 2
        {
            if let (Some(y), Some(m), Some(d)) = (num(parts[0]), num(parts[1]), num(parts[2])) {
                return iso(y, m, d);
            }
        }
    }
    // Day.Month.Year
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() == 3 && parts[2].len() == 4 {
        if let (Some(d), Some(m), Some(y)) = (num(parts[0]), num(parts[1]), num(parts[2])) {
            return iso(y, m, d);
        }
    }
    // Words: [Weekday,] Month D, YYYY | D Month YYYY
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let weekday = |w: &str| {
        let w = w.trim_end_matches('.').to_lowercase();
        (w.len() > 4 && w.ends_with("day"))
            || [
                "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            ]
            .contains(&w.as_str())
    };
    let words: &[&str] = match words.first() {
        Some(w) if weekday(w) => &words[1..],
        _ => &words,
    };
    if words.len() >= 3 {
        let day = |w: &str| num(w.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
        if let (Some(m), Some(d), Some(y)) = (month_number(words[0]), day(words[1]), num(words[2]))
        {
            return iso(y, m, d);
        }
        if let (Some(d), Some(m), Some(y)) = (day(words[0]), month_number(words[1]), num(words[2]))
        {
            return iso(y, m, d);
        }
    }
    None
}

/// [`parse_date`], and with a configured order also the numeric `12/15/2021` (`mdy`) or
/// `15/12/2021` (`dmy`) forms, with `/` or `-` between the numbers and perhaps a time after.
pub fn parse_date_ordered(s: &str, order: Option<crate::config::DateOrder>) -> Option<String> {
    use crate::config::DateOrder;
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let order = order?;
    let first = s.split_whitespace().next()?;
    let parts: Vec<&str> = first.split(['/', '-']).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let (a, b, y) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    match order {
        DateOrder::Mdy => iso(y, a, b),
        DateOrder::Dmy => iso(y, b, a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_news_forms() {
        for (s, want) in [
            ("2021-12-16", Some("2021-12-16")),
            ("2021-12-16T08:00:00Z", Some("2021-12-16")),
            ("2021/12/16", Some("2021-12-16")),
            ("2017/2/7", Some("2017-02-07")),
            ("2017/12/7 10:30", Some("2017-12-07")),
            ("2017-2-17", Some("2017-02-17")),
            ("2017/2/30", None),
            ("2017/2-7", None),
            ("17/2/7", None),
            ("20.12.2021", Some("2021-12-20")),
            ("5.1.2022", Some("2022-01-05")),
            ("December 15, 2021", Some("2021-12-15")),
            ("Dec. 15, 2021", Some("2021-12-15")),
            ("Sept 3, 2022", Some("2022-09-03")),
            ("15 Dec 2021", Some("2021-12-15")),
            ("Wednesday, December 15, 2021", Some("2021-12-15")),
            ("March 1st, 2031", Some("2031-03-01")),
            ("2021-12-16T08:00:00+03:00", Some("2021-12-16")),
            ("2021-12-16 08:00:00", Some("2021-12-16")),
            ("Dec 16, 2021 08:00 GMT", Some("2021-12-16")),
            ("December 16, 2021, 8:00 AM", Some("2021-12-16")),
            ("16 December 2021 08:00", Some("2021-12-16")),
            ("Thu, 16 Dec 2021 08:00:00 +0000", Some("2021-12-16")),
            ("Thursday 16 December 2021", Some("2021-12-16")),
            ("12/15/2021", None),
            ("31.02.2021", None),
            ("2021-13-01", None),
            ("yesterday", None),
            ("", None),
        ] {
            assert_eq!(parse_date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn numeric_dates_need_a_configured_order() {
        use crate::config::DateOrder;
        assert_eq!(parse_date_ordered("12/15/2021", None), None);
        assert_eq!(
            parse_date_ordered("12/15/2021", Some(DateOrder::Mdy)).as_deref(),
            Some("2021-12-15")
        );
        assert_eq!(
            parse_date_ordered("15/12/2021 08:00", Some(DateOrder::Dmy)).as_deref(),
            Some("2021-12-15")
        );
        assert_eq!(parse_date_ordered("15/12/2021", Some(DateOrder::Mdy)), None);
        assert_eq!(
            parse_date_ordered("05-01-2022", Some(DateOrder::Dmy)).as_deref(),
            Some("2022-01-05")
        );
        // Unambiguous forms do not depend on the order.
        assert_eq!(
            parse_date_ordered("2021-12-16", Some(DateOrder::Dmy)).as_deref(),
            Some("2021-12-16")
        );
    }

    #[test]
    fn first_find_is_find() {
        for line in [
            "Title: The Pact",
            "Title: T",
            "Date: Date",
            "Note:   note the notes",
            "  Source:\tSource Wire",
            "URL: https://x.test/a: b",
            "Caf\u{e9} key: \u{e9}t\u{e9}",
            "Key:",
            "Tit: Ti",
        ] {
            let (_, value) = key_value(line).unwrap();
            assert_eq!(
                first_find(line, value),
                line.find(value).unwrap_or(0),
                "{line:?}"
            );
        }
        assert_eq!(first_find("a: b", "zz"), 0);
    }

    /// The byte tests of an ASCII key agree with the character tests every key goes through
    /// otherwise, on keys of every shape: spaces anywhere and doubled, tabs, punctuation,
    /// digits first, up to five words and past 40 bytes.
    #[test]
    fn ascii_keys_are_judged_as_any_key_is() {
        let by_chars = |key: &str| {
            let key = key.trim();
            !key.is_empty()
                && key.len() <= 40
                && key.split_whitespace().count() <= 4
                && key.starts_with(|c: char| c.is_alphabetic())
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-')
        };
        let pieces = [
            "a", "Zed", "b", "Date", "9", " ", " ", "  ", "_", "-", "\t", ".", "x y", "Category",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut judged = [0; 2];
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let mut key = String::new();
            for k in 0..next() % 9 {
                let x = next();
                // Mostly the pieces of a valid key; now and then any piece.
                let any = (x >> 60) < 2;
                let of = if any { pieces.len() } else { 9 };
                key.push_str(pieces[((x >> 32) as usize + k as usize) % of]);
            }
            let line = format!("{key}: value");
            let ok = key_value(&line).is_some();
            assert_eq!(ok, by_chars(&key), "{key:?}");
            judged[usize::from(ok)] += 1;
        }
        assert!(judged[0] > 1000 && judged[1] > 1000, "{judged:?}");
        for key in [
            "Title",
            "TITLE",
            "category 2",
            "Categor",
            "Kategory",
            "Text",
        ] {
            assert_eq!(
                is_known_key(key),
                KNOWN_KEYS.contains(&key.to_lowercase().as_str())
                    || key.to_lowercase().starts_with("category"),
                "{key}"
            );
        }
        // A Kelvin sign lower-cases to `k`: a non-ASCII key is lower-cased, not compared
        // byte by byte.
        assert!(is_known_key("Lin\u{212A}"));
    }

    #[test]
    fn key_value_block_until_text() {
        let src = "Published Time: 2021-12-16\nTitle: A title: with colon\nCategory 1: OPINION\nAuthor: Someone\nText: \nBody line: not a header.\n";
        let ls = lines(src);
        let (m, body) = read_header(src, &ls, 0);
        assert_eq!(m.title.as_deref(), Some("A title: with colon"));
        assert_eq!(&src[m.title_span.clone().unwrap()], "A title: with colon");
        assert_eq!(m.date.as_deref(), Some("2021-12-16"));
        assert_eq!(m.author.as_deref(), Some("Someone"));
        assert_eq!(body, 5);
    }

    #[test]
    fn key_value_block_until_blank_line() {
        let src = "Source: Meridian Wire\nDate: March 15, 2031\nURL: https://example.org/a\n\nTitle line\n";
        let ls = lines(src);
        let (m, body) = read_header(src, &ls, 0);
        assert_eq!(m.outlet.as_deref(), Some("Meridian Wire"));
        assert_eq!(m.date.as_deref(), Some("2031-03-15"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(body, 4);
    }

    #[test]
    fn date_and_author_first_line() {
        let src = "20.12.2021 Author: Jane Roe\n\nThe title\n";
        let (m, body) = read_header(src, &lines(src), 0);
        assert_eq!(m.date.as_deref(), Some("2021-12-20"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
        assert_eq!(body, 1);
    }

    #[test]
    fn ordinary_first_lines_are_not_headers() {
        for src in [
            "Russia and China: a new era\n\nText",
            "Editor's Note: something\n",
        ] {
            let (m, body) = read_header(src, &lines(src), 0);
            assert_eq!(m, Meta::default(), "{src}");
            assert_eq!(body, 0);
        }
    }
}
