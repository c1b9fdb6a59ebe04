//! Built-in stance cues per language, as data.
//!
//! Each list is what [`crate::stance::StanceRules`] takes: words or phrases, matched on whole
//! words after folding (case, curly quotes). The lists hold the common forms a news text
//! uses; inflected languages list the forms themselves (Russian "так называемый" in its
//! cases, German "sogenannte", "sogenannten", …), since cues are not stemmed. Chinese and
//! Japanese cues are matched on segmented words ([`crate::score::cjk`]).
//!
//! `speech_verbs` are the verbs and phrases that introduce reported speech ("said",
//! "заявил", "表示"), for attribution; `quotes` are the quotation marks the language's press
//! uses, opening and closing. Both are data for the attribution rules and the documentation:
//! the quotation scanner ([`crate::stance`]) reads every mark listed there in any language.

/// The stance cues of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueSet {
    /// ISO 639-1 code.
    pub language: &'static str,
    /// Negate a mention that follows within the negation window, same clause.
    pub negators: &'static [&'static str],
    /// Distance the writer from the noun phrase that follows.
    pub distancers: &'static [&'static str],
    /// Introduce someone else's words.
    pub speech_verbs: &'static [&'static str],
    /// Quotation marks, as (opening, closing).
    pub quotes: &'static [(char, char)],
    /// Negate the noun phrase they follow directly (Japanese, where negation follows:
    /// "同盟ではない"); empty in languages whose negators come first.
    pub after_negators: &'static [&'static str],
}

/// English: the defaults framelens has always had.
pub const EN: CueSet = CueSet {
    language: "en",
    negators: &[
        "not",
        "n't",
        "no",
        "never",
        "cannot",
        "without",
        "neither",
        "nor",
        "rather than",
        "instead of",
        "hardly",
        "far from",
    ],
    distancers: &["so-called", "alleged", "allegedly", "supposed", "purported"],
    speech_verbs: &[
        "said",
        "says",
        "told",
        "stated",
        "added",
        "noted",
        "stressed",
        "warned",
        "claimed",
        "declared",
        "according to",
    ],
    quotes: &[('“', '”'), ('"', '"'), ('‘', '’')],
    after_negators: &[],
};

/// Russian.
pub const RU: CueSet = CueSet {
    language: "ru",
    negators: &[
        "не",
        "нет",
        "ни",
        "никогда",
        "без",
        "вместо",
        "отнюдь",
        "никакой",
        "никакого",
        "никаких",
        "никакие",
    ],
    distancers: &[
        "так называемый",
        "так называемая",
        "так называемое",
        "так называемые",
        "так называемого",
        "так называемой",
        "так называемому",
        "так называемом",
        "так называемым",
        "так называемых",
        "так называемую",
        "так называемыми",
        "якобы",
        "мнимый",
        "мнимая",
        "мнимого",
        "мнимой",
        "пресловутый",
        "пресловутая",
        "пресловутого",
        "пресловутой",
    ],
    speech_verbs: &[
        "сказал",
        "сказала",
        "заявил",
        "заявила",
        "заявили",
        "отметил",
        "отметила",
        "подчеркнул",
        "подчеркнула",
        "сообщил",
        "сообщила",
        "сообщили",
        "сказали",
        "заявляет",
        "заявляют",
        "отмечает",
        "отмечают",
        "отметили",
        "подчеркнули",
        "подчеркивает",
        "подчёркивает",
        "добавил",
        "добавила",
        "добавили",
        "считает",
        "считают",
        "говорит",
        "говорят",
        "пишет",
        "пишут",
        "написал",
        "по словам",
        "по данным",
    ],
    quotes: &[('«', '»'), ('„', '“')],
    after_negators: &[],
};

/// Chinese (simplified and traditional forms where they differ).
pub const ZH: CueSet = CueSet {
    language: "zh",
    negators: &[
        "不",
        "非",
        "没",
        "没有",
        "無",
        "无",
        "未",
        "并非",
        "並非",
        "而非",
        "不是",
        "并不",
        "並不",
        "绝非",
        "絕非",
        "决不",
        "決不",
        "从不",
        "從不",
        "而不是",
        "无意",
        "無意",
        "不会",
        "不會",
    ],
    distancers: &[
        "所谓", "所謂", "号称", "號稱", "自称", "自稱", "据称", "據稱",
    ],
    speech_verbs: &[
        "说", "說", "表示", "称", "稱", "指出", "强调", "強調", "宣布", "认为", "認為", "据", "據",
    ],
    quotes: &[('“', '”'), ('「', '」'), ('『', '』')],
    after_negators: &[],
};

/// Japanese. Negation follows in Japanese: the window rule finds 非 and 不 before a noun, and
/// `after_negators` the copula's negation after it ("同盟ではない"); a negated verb whose
/// object or subject the mention is ("同盟を結ばない") is read in [`crate::score::cjk`].
pub const JA: CueSet = CueSet {
    language: "ja",
    negators: &["非", "不", "無", "未"],
    distancers: &["いわゆる", "所謂", "自称"],
    speech_verbs: &["述べた", "語った", "強調した", "によると", "発表した"],
    quotes: &[('「', '」'), ('『', '』')],
    after_negators: &[
        "ではない",
        "ではなく",
        "ではありません",
        "じゃない",
        "じゃなく",
        "でない",
        "でなく",
        "とは言えない",
        "とはいえない",
        "には当たらない",
    ],
};

/// German.
pub const DE: CueSet = CueSet {
    language: "de",
    negators: &[
        "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "ohne",
        "weder", "noch", "statt", "anstatt",
    ],
    distancers: &[
        "sogenannt",
        "sogenannte",
        "sogenannten",
        "sogenannter",
        "sogenanntes",
        "so genannte",
        "so genannten",
        "angeblich",
        "angebliche",
        "angeblichen",
        "angeblicher",
        "vermeintlich",
        "vermeintliche",
        "vermeintlichen",
        "vermeintlicher",
    ],
    speech_verbs: &[
        "sagte",
        "sagten",
        "sagt",
        "erklärte",
        "erklärten",
        "betonte",
        "betonten",
        "schrieb",
        "teilte mit",
        "laut",
        "zufolge",
    ],
    quotes: &[('„', '“'), ('»', '«'), ('‚', '‘')],
    after_negators: &[],
};

/// French.
pub const FR: CueSet = CueSet {
    language: "fr",
    negators: &[
        "ne",
        "pas",
        "non",
        "jamais",
        "sans",
        "ni",
        "aucun",
        "aucune",
        "plutôt que",
        "au lieu de",
    ],
    distancers: &[
        "soi-disant",
        "prétendu",
        "prétendue",
        "prétendus",
        "prétendues",
        "supposé",
        "supposée",
        "présumé",
        "présumée",
    ],
    speech_verbs: &[
        "a déclaré",
        "a dit",
        "a affirmé",
        "a souligné",
        "a indiqué",
        "a ajouté",
        "ont déclaré",
        "ont affirmé",
        "selon",
        "d'après",
    ],
    quotes: &[('«', '»'), ('“', '”')],
    after_negators: &[],
};

/// Spanish.
pub const ES: CueSet = CueSet {
    language: "es",
    negators: &[
        "no",
        "nunca",
        "jamás",
        "sin",
        "ni",
        "ningún",
        "ninguna",
        "en lugar de",
        "en vez de",
    ],
    distancers: &[
        "supuesto",
        "supuesta",
        "supuestos",
        "supuestas",
        "supuestamente",
        "presunto",
        "presunta",
        "pretendido",
        "pretendida",
        "así llamado",
        "así llamada",
        "mal llamado",
        "mal llamada",
    ],
    speech_verbs: &[
        "dijo",
        "dijeron",
        "afirmó",
        "declaró",
        "señaló",
        "subrayó",
        "añadió",
        "según",
        "de acuerdo con",
    ],
    quotes: &[('«', '»'), ('“', '”')],
    after_negators: &[],
};

/// Words other than English "but" and "however" after which a clause ends (so that "не
/// союз, а партнёрство" negates only "союз"), lower case. Only words that start with a
/// non-ASCII letter are read here.
pub const CLAUSE_WORDS: [&str; 3] = ["а", "но", "однако"];

/// Is the word `w` (as written) one of [`CLAUSE_WORDS`]?
pub fn is_clause_word(w: &[u8]) -> bool {
    w.len() <= 12
        && std::str::from_utf8(w).is_ok_and(|w| CLAUSE_WORDS.iter().any(|c| w.to_lowercase() == *c))
}

/// Every built-in set.
pub const ALL: [CueSet; 7] = [EN, RU, ZH, JA, DE, FR, ES];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stance::StanceRules;

    #[test]
    fn english_cues_are_the_stance_defaults() {
        let d = StanceRules::default();
        assert_eq!(EN.negators, d.negators.as_slice());
        assert_eq!(EN.distancers, d.distancers.as_slice());
    }

    #[test]
    fn every_set_is_complete_and_its_terms_parse() {
        for set in ALL {
            assert!(!set.negators.is_empty(), "{}", set.language);
            assert!(!set.distancers.is_empty(), "{}", set.language);
            assert!(!set.speech_verbs.is_empty(), "{}", set.language);
            assert!(!set.quotes.is_empty(), "{}", set.language);
            for w in set
                .negators
                .iter()
                .chain(set.distancers)
                .chain(set.speech_verbs)
            {
                assert_eq!(w.trim(), *w, "{}: {w:?}", set.language);
                assert!(!w.is_empty());
            }
        }
    }
}
