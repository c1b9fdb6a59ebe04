//! Languages: which one an article is written in, and what follows from it.
//!
//! framelens reads news in several languages side by side. This module owns what differs
//! between them:
//!
//! - **Identification** ([`detect`]): an article's language decides its stance cues. The
//!   characters of the first [`SAMPLE_BYTES`] are counted by script, ASCII skipped eight bytes
//!   at a time (an English article with a few curly quotes costs a few hundred steps). Han and
//!   kana make it Chinese or Japanese; Cyrillic Russian when ы or э and none of its
//!   neighbours' own letters are there, else `whatlang` tells the Cyrillic languages apart;
//!   Latin (and ASCII) English unless one character in 200 is accented, when `whatlang` picks
//!   among the Latin-script languages it is allowed. `[corpus] language` skips all of it.
//! - **Stance cues** ([`cues`]): built-in negators, distancers, speech verbs and quotation
//!   marks for English, Russian, Chinese, Japanese, German, French and Spanish. A list given
//!   in `[stance]` replaces the built-in list of that kind for every language.
//! - **Chinese and Japanese words** ([`crate::score::cjk`], which uses [`is_cjk`] here): text
//!   without spaces between words is split into words (jieba), with the lexicon's own terms
//!   cut out first so that a term is never split, and so that words are counted as words,
//!   not characters.

pub mod cues;

pub use cues::CueSet;

/// How much of an article [`detect`] reads: the first 4 KiB hold a thousand words or so, far
/// more than identification needs, and a long article costs no more than a short one.
pub const SAMPLE_BYTES: usize = 4096;

/// A language, by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(&'static str);

impl Language {
    pub const EN: Language = Language("en");
    pub const RU: Language = Language("ru");
    pub const ZH: Language = Language("zh");
    pub const JA: Language = Language("ja");
    pub const DE: Language = Language("de");
    pub const FR: Language = Language("fr");
    pub const ES: Language = Language("es");

    /// The languages with built-in cues, which `[corpus] language` may name.
    pub const BUILT_IN: [Language; 7] = [
        Language::EN,
        Language::RU,
        Language::ZH,
        Language::JA,
        Language::DE,
        Language::FR,
        Language::ES,
    ];

    /// The ISO 639-1 code ("en", "zh").
    pub fn code(self) -> &'static str {
        self.0
    }

    /// A language with built-in cues, by its code.
    pub fn from_code(code: &str) -> Option<Language> {
        Language::BUILT_IN.into_iter().find(|l| l.0 == code)
    }

    /// Written without spaces between words: segmented into words ([`crate::score::cjk`]).
    pub fn is_cjk(self) -> bool {
        self == Language::ZH || self == Language::JA
    }

    /// The built-in cues; English for a language without a set of its own.
    pub fn cues(self) -> &'static CueSet {
        cues::ALL
            .iter()
            .find(|s| s.language == self.0)
            .unwrap_or(&cues::ALL[0])
    }

    /// The index of [`cues`](Self::cues) in [`cues::ALL`].
    pub fn cue_index(self) -> usize {
        cues::ALL
            .iter()
            .position(|s| s.language == self.0)
            .unwrap_or(0)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The languages `stem = "…"` on a frame may name (Snowball stemmers).
pub const STEM_LANGUAGES: [&str; 10] = ["ru", "en", "de", "fr", "es", "it", "pt", "nl", "sv", "fi"];

/// The Snowball stemmer for `code` (one of [`STEM_LANGUAGES`]).
pub fn stemmer(code: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let algorithm = match code {
        "ru" => Russian,
        "en" => English,
        "de" => German,
        "fr" => French,
        "es" => Spanish,
        "it" => Italian,
        "pt" => Portuguese,
        "nl" => Dutch,
        "sv" => Swedish,
        "fi" => Finnish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(algorithm))
}

/// The shortest stem (in characters) a term's word is cut to: a shorter one would match
/// too many unrelated words, and the word is then matched as written.
pub const MIN_STEM_CHARS: usize = 4;

/// The stem a term's folded word `word` is matched by (any word that starts with it), or
/// `None` to match the word as written: when the stem is shorter than [`MIN_STEM_CHARS`] or
/// the word is not letters.
pub fn stem_word(stemmer: &rust_stemmers::Stemmer, word: &str) -> Option<String> {
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let stem = stemmer.stem(word);
    (stem.chars().count() >= MIN_STEM_CHARS && word.starts_with(stem.as_ref()))
        .then(|| stem.into_owned())
}

/// The script of a term, by its first letter: "Latin", "Cyrillic", "Han", "Kana", "Greek",
/// "Arabic", "Hebrew", "Hangul", or "other" (for the lexicon audit's terms per language).
pub fn script_of(term: &str) -> &'static str {
    let Some(c) = term.chars().find(|c| c.is_alphabetic()) else {
        return "other";
    };
    match c as u32 {
        _ if c.is_ascii() => "Latin",
        0x00C0..=0x024F | 0x1E00..=0x1EFF => "Latin",
        0x0370..=0x03FF => "Greek",
        0x0400..=0x052F => "Cyrillic",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF => "Arabic",
        0x3040..=0x30FF => "Kana",
        0xAC00..=0xD7AF => "Hangul",
        _ if is_han(c) => "Han",
        _ => "other",
    }
}

/// Whether a report needs to say its outlets' languages: some article is in a language
/// other than English. (An English-only report stays as it was.)
pub fn multilingual(outlets: &[crate::model::OutletSummary]) -> bool {
    outlets
        .iter()
        .flat_map(|o| o.languages.keys())
        .any(|l| l != "en")
}

/// An outlet's articles per language, most first (ties by code): `zh 3, en 1`.
pub fn languages_text(languages: &std::collections::BTreeMap<String, u64>) -> String {
    let mut list: Vec<(&String, &u64)> = languages.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    list.iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Letters of a sample counted by script.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ScriptCounts {
    /// ASCII bytes: stands in for the Latin letters among them, without a look at each.
    ascii: usize,
    /// Latin letters outside ASCII (é, ß, ñ).
    latin_ext: usize,
    cyrillic: usize,
    /// ы and э: Russian, not its Cyrillic neighbours.
    russian: usize,
    /// Letters of the neighbours that Russian lacks (і, ў, ј …).
    other_cyrillic: usize,
    han: usize,
    kana: usize,
}

/// Counts the non-ASCII letters of `sample` by script, stepping over ASCII eight bytes at a
/// time: an English article with a few curly quotes costs a few hundred steps.
fn count_scripts(sample: &str) -> ScriptCounts {
    let mut n = ScriptCounts::default();
    let b = sample.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let Some(k) = crate::text::first_non_ascii(&b[i..]) else {
            n.ascii += b.len() - i;
            break;
        };
        n.ascii += k;
        i += k;
        // Enough letters outside ASCII to tell the script: the rest of the sample would not
        // change the answer, and a Russian or Chinese article need not be read to 4 KiB.
        if n.latin_ext + n.cyrillic + n.han + n.kana >= DECIDED {
            break;
        }
        let c = sample[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        match c as u32 {
            0x00C0..=0x024F if c.is_alphabetic() => n.latin_ext += 1,
            0x0400..=0x04FF => {
                n.cyrillic += usize::from(c.is_alphabetic());
                match c {
                    'ы' | 'Ы' | 'э' | 'Э' => n.russian += 1,
                    'і' | 'І' | 'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' | 'ў' | 'Ў' | 'ђ' | 'Ђ' | 'ј'
                    | 'Ј' | 'љ' | 'Љ' | 'њ' | 'Њ' | 'ћ' | 'Ћ' | 'џ' | 'Џ' | 'ѓ' | 'Ѓ' | 'ќ'
                    | 'Ќ' | 'ѕ' | 'Ѕ' => n.other_cyrillic += 1,
                    _ => {}
                }
            }
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => n.kana += 1,
            _ if is_han(c) => n.han += 1,
            _ => {}
        }
    }
    n
}

/// Letters outside ASCII after which [`count_scripts`] stops.
const DECIDED: usize = 200;

/// How much of the sample `whatlang` reads: enough to tell its few candidates apart.
const WHATLANG_BYTES: usize = 512;

/// The first `max` bytes of `text`, cut at a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The language `body` is written in (see the module docs for how it is told).
pub fn detect(body: &str) -> Language {
    let sample = prefix(body, SAMPLE_BYTES);
    let n = count_scripts(sample);
    // A Han character is about a third of a word, a Latin or Cyrillic letter (or an ASCII
    // byte) a sixth or so: weigh them so that the script most words are in wins.
    let cjk = (n.han + n.kana) * 3;
    let cyrillic = n.cyrillic;
    let latin = n.ascii * 3 / 4 + n.latin_ext;
    if cjk > 0 && cjk >= cyrillic && cjk >= latin {
        // Kana is Japanese only; Japanese text holds much of it.
        return if n.kana * 10 >= n.han + n.kana {
            Language::JA
        } else {
            Language::ZH
        };
    }
    if cyrillic > latin {
        // Russian has ы and э, its Cyrillic neighbours letters of their own (Ukrainian і ї є
        // ґ, Belarusian ў, Serbian and Macedonian ђ ј љ њ ћ џ ѓ ќ ѕ): text with the first and
        // none of the second is Russian, with no need of the much slower `whatlang`.
        if n.russian > 0 && n.other_cyrillic == 0 {
            return Language::RU;
        }
        use whatlang::Lang::*;
        let sample = prefix(sample, WHATLANG_BYTES);
        return whatlang_detect(sample, vec![Rus, Ukr, Bel, Bul, Srp, Mkd]).unwrap_or(Language::RU);
    }
    let sample = prefix(sample, WHATLANG_BYTES);
    // German, French and Spanish text has an accented letter in every hundred or so; an
    // English text with a name ("Müller") or a loan word ("détente") has far fewer.
    if n.latin_ext == 0 || n.latin_ext * 200 < n.ascii {
        return Language::EN;
    }
    use whatlang::Lang::*;
    whatlang_detect(sample, vec![Eng, Deu, Fra, Spa, Ita, Por, Nld]).unwrap_or(Language::EN)
}

fn whatlang_detect(sample: &str, allow: Vec<whatlang::Lang>) -> Option<Language> {
    let lang = whatlang::Detector::with_allowlist(allow).detect_lang(sample)?;
    use whatlang::Lang::*;
    Some(Language(match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Bel => "be",
        Bul => "bg",
        Srp => "sr",
        Mkd => "mk",
        _ => return None,
    }))
}

/// Han ideographs (the unified blocks, their extensions and compatibility forms) and the
/// iteration marks 々 and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F)
}

/// Han, hiragana or katakana: the characters written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_told_from_a_few_sentences() {
        let cases = [
            ("The ministers met on Tuesday and agreed to meet again in the spring.", "en"),
            ("The minister’s “partnership” — not an alliance — was discussed.", "en"),
            ("Müller said the ministers met on Tuesday and agreed to talk again soon.", "en"),
            ("Министры встретились во вторник и договорились снова встретиться весной.", "ru"),
            ("Міністри зустрілися у вівторок і домовилися знову зустрітися навесні.", "uk"),
            ("两国外长周二会晤，同意明年春天再次举行会谈。", "zh"),
            ("両国の外相は火曜日に会談し、春に再び会うことで合意した。", "ja"),
            ("Die Minister trafen sich am Dienstag und vereinbarten ein weiteres Gespräch für das Frühjahr.", "de"),
            ("Les ministres se sont réunis mardi et ont convenu de se revoir au printemps prochain.", "fr"),
            ("Los ministros se reunieron el martes y acordaron volver a reunirse en la próxima primavera.", "es"),
        ];
        for (text, code) in cases {
            assert_eq!(detect(text).code(), code, "{text}");
        }
    }

    #[test]
    fn a_chinese_article_with_latin_names_is_chinese() {
        let t = "新华社北京电 据Reuters和TASS报道，两国外长周二在北京会晤，同意加强合作。";
        assert_eq!(detect(t), Language::ZH);
    }

    #[test]
    fn an_english_article_with_a_few_accents_stays_english_without_whatlang() {
        let t = "The ministers met on Tuesday in the capital and agreed to talk again in the \
                 spring, officials said after a long day of meetings on energy, trade and the \
                 “plan” for the region’s ports. A spokesman spoke of a new détente. "
            .repeat(20);
        let n = count_scripts(&t);
        assert_eq!((n.latin_ext, n.cyrillic, n.han), (20, 0, 0));
        assert!(n.latin_ext * 200 < n.ascii);
        assert_eq!(detect(&t), Language::EN);
    }

    #[test]
    fn only_the_sample_is_read() {
        let mut t = "The ministers met again. ".repeat(200);
        t.push_str(&"两国外长周二会晤。".repeat(100));
        assert_eq!(detect(&t), Language::EN);
    }

    #[test]
    fn russian_words_stem_to_what_their_forms_start_with() {
        let ru = stemmer("ru").expect("russian");
        assert_eq!(stem_word(&ru, "союзом").as_deref(), Some("союз"));
        assert_eq!(stem_word(&ru, "союза").as_deref(), Some("союз"));
        assert_eq!(stem_word(&ru, "партнёрство").as_deref(), Some("партнёрств"));
        // Too short a stem: matched as written.
        assert_eq!(stem_word(&ru, "оси"), None);
        assert!(stemmer("xx").is_none());
    }

    #[test]
    fn languages_are_listed_most_articles_first() {
        let l = [
            ("en".to_string(), 1),
            ("zh".to_string(), 3),
            ("ru".to_string(), 1),
        ]
        .into();
        assert_eq!(languages_text(&l), "zh 3, en 1, ru 1");
    }

    #[test]
    fn scripts_of_terms() {
        assert_eq!(script_of("alliance"), "Latin");
        assert_eq!(script_of("Élysée"), "Latin");
        assert_eq!(script_of("союз*"), "Cyrillic");
        assert_eq!(script_of("同盟"), "Han");
        assert_eq!(script_of("いわゆる"), "Kana");
        assert_eq!(script_of("123"), "other");
    }

    #[test]
    fn codes_and_cue_sets() {
        assert_eq!(Language::from_code("zh"), Some(Language::ZH));
        assert_eq!(Language::from_code("xx"), None);
        assert_eq!(Language::RU.cues().negators[0], "не");
        assert_eq!(Language("it").cues().language, "en");
        assert!(Language::ZH.is_cjk() && !Language::RU.is_cjk());
    }
}
