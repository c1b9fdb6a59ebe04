//! The per-language rules a run uses, compiled once from the config.

use super::cjk::{CjkCues, Segmenter};
use crate::attribution::Attributor;
use crate::config::Config;
use crate::lang::{cues, detect, Language};
use crate::lexicon::Lexicon;
use crate::stance::{StanceAnalyzer, StanceRules};

/// One stance analyzer per built-in cue set, the segmenter, and the config's language.
pub struct LanguageRules {
    /// `[corpus] language`.
    forced: Option<Language>,
    /// By the index of the cue set in [`cues::ALL`].
    analyzers: Vec<StanceAnalyzer>,
    /// The speech verbs of each cue set, and whether they are the config's list (the list
    /// whose tokens the lexicon's pass flags).
    attributors: Vec<(Attributor, bool)>,
    cjk: Vec<CjkCues>,
    pub segmenter: Segmenter,
}

impl LanguageRules {
    /// The rules of `config`; `lexicon` holds every term (their CJK words are never split).
    pub fn new(config: &Config, lexicon: &Lexicon) -> LanguageRules {
        let (mut analyzers, mut cjk, mut attributors) = (Vec::new(), Vec::new(), Vec::new());
        for set in cues::ALL {
            let rules = rules_for(config, &set);
            analyzers.push(StanceAnalyzer::new(&rules));
            cjk.push(CjkCues::new(&rules, set.after_negators));
            let flagged = rules.speech_verbs == config.stance.speech_verbs;
            attributors.push((Attributor::new(&rules), flagged));
        }
        let segmenter = Segmenter::new(
            lexicon
                .patterns()
                .iter()
                .flat_map(|p| p.parsed.tokens.iter()),
        );
        LanguageRules {
            forced: config.language,
            analyzers,
            attributors,
            cjk,
            segmenter,
        }
    }

    /// The language an article is read in: `[corpus] language`, else detected.
    pub fn language_of(&self, body: &str) -> Language {
        self.forced.unwrap_or_else(|| detect(body))
    }

    /// The stance analyzer for articles in `lang`.
    pub fn analyzer(&self, lang: Language) -> &StanceAnalyzer {
        &self.analyzers[lang.cue_index()]
    }

    /// The attribution rules for articles in `lang`, and whether their speech verbs are the
    /// config's (whose tokens the lexicon's pass flags, so that the flags say where they may
    /// be); else every sentence with a mention is read for them.
    pub fn attributor(&self, lang: Language) -> (&Attributor, bool) {
        let (a, flagged) = &self.attributors[lang.cue_index()];
        (a, *flagged)
    }

    /// The lexicon tokens of the config's speech verbs, to flag in the lexicon's pass
    /// ([`Attributor::cue_tokens`]); `None` when some verb cannot be flagged.
    pub fn speech_tokens(&self) -> Option<Vec<Box<str>>> {
        let (english, _) = self.attributor(Language::EN);
        english.cue_tokens().map(<[Box<str>]>::to_vec)
    }

    /// The stance cues for segmented (Chinese, Japanese) articles in `lang`.
    pub fn cjk_cues(&self, lang: Language) -> &CjkCues {
        &self.cjk[lang.cue_index()]
    }

    /// The lexicon tokens of every analyzer's negators that the negation rules beyond the
    /// window read ([`StanceAnalyzer::late_negators`]): `not`, `never`, `cannot`, and `t` for
    /// `n't`.
    pub fn late_negator_tokens(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = self
            .analyzers
            .iter()
            .flat_map(|a| a.late_negators())
            .map(|&w| if w == "n't" { "t" } else { w })
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Every analyzer's cue tokens, for the lexicon to flag ([`Lexicon::add_cue_token`]).
    pub fn cue_tokens(&self) -> Vec<Box<str>> {
        let mut all: Vec<Box<str>> = self
            .analyzers
            .iter()
            .flat_map(|a| a.cue_tokens().unwrap_or_default().iter().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// The stance rules for articles in the language of `set`: the config's, with the built-in
/// lists of `set` where the config gave none.
pub fn rules_for(config: &Config, set: &cues::CueSet) -> StanceRules {
    let mut rules = config.stance.clone();
    let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    if !config.negators_given {
        rules.negators = list(set.negators);
    }
    if !config.distancers_given {
        rules.distancers = list(set.distancers);
    }
    // English keeps the config's list (the long default one); another language reads its own
    // speech verbs unless the config gave a list.
    if !config.speech_verbs_given && set.language != cues::EN.language {
        rules.speech_verbs = list(set.speech_verbs);
    }
    rules
}
