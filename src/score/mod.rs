//! Scoring one article: match every term, classify every mention, and keep the evidence.
//!
//! [`Engine`] is built once per run from the config (one compiled lexicon for frames,
//! exclusions and actors, one stance analyzer) and is shared by reference; scoring an
//! article touches nothing else, so articles can be scored in any order or in parallel.

pub mod cjk;
pub mod languages;

use crate::attribution::{AttributionBuffers, Attributor, Speaker, Speech};
use crate::config::Config;
use crate::dedup::twins::Sketch;
use crate::ingest::Article;
use crate::lang::Language;
use crate::lexicon::{self, Lexicon, Match, Owner};
use crate::model::{ActorIds, ArticleReport, Excerpt, FrameCounts, MentionReport, Name};
use crate::model::{Attribution, Stance};
use crate::scope::ScopeBuffers;
use crate::stance::QuoteKind;
use crate::stance::{ArticleStance, StanceAnalyzer, StanceBuffers};
use crate::text::{fold_tokens_into, Folded, Token};
use crate::words::Word;
use cjk::{cjk_stance, cjk_voice, CjkMention};
use languages::LanguageRules;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// The longest snippet kept whole; longer sentences are cut around the mention.
const SNIPPET_MAX: usize = 480;

/// What scoring needs from the config, compiled.
pub struct Engine {
    pub config: Config,
    pub lexicon: Lexicon,
    pub stance: StanceAnalyzer,
    /// Per-language stance analyzers and the CJK segmenter ([`crate::lang`]).
    pub languages: LanguageRules,
    /// The lexicon flags every speech verb's token, so a sentence without one is skipped.
    speech_flagged: bool,
    /// Which of the cue tokens the lexicon flags are the stance rules' and which the speech
    /// verbs'.
    cue_kinds: CueKinds,
    /// Per frame index: the actor indices of its `about` (empty: no scope).
    about: Vec<Vec<u16>>,
    /// The config's names as mentions carry them ([`crate::model::intern`]).
    names: InternedNames,
}

/// The cue tokens flagged in the lexicon's pass, by what asked for them. The lexicon's flags are
/// a superset of the tokens asked for, of every kind at once; sorting them here by the token
/// each flag stands on gives the stance rules only their own (most clauses then hold none, and
/// skip the look at the words before a mention) and attribution only the speech verbs'.
#[derive(Default)]
struct CueKinds {
    /// By [`CueKinds::key`].
    kinds: rustc_hash::FxHashMap<u64, u8>,
    /// Tokens of more than eight bytes.
    long: rustc_hash::FxHashMap<Box<[u8]>, u8>,
}

impl CueKinds {
    const STANCE: u8 = 1;
    const SPEECH: u8 = 2;
    const NEGATOR: u8 = 4;
    const ALL: u8 = 7;

    fn add(&mut self, token: &str, kind: u8) {
        let t = token.as_bytes();
        match Self::key(t) {
            Some(k) => *self.kinds.entry(k).or_default() |= kind,
            None => *self.long.entry(t.into()).or_default() |= kind,
        }
    }

    /// A token of at most eight bytes (none of them zero) as one little-endian word.
    fn key(token: &[u8]) -> Option<u64> {
        let mut b = [0u8; 8];
        b.get_mut(..token.len())?.copy_from_slice(token);
        Some(u64::from_le_bytes(b))
    }

    /// The kinds of the token that starts `folded` (folded text, lower case): its run of ASCII
    /// letters and digits looked up. A run that goes on in a character outside ASCII may be
    /// part of a token the lexicon read another way: it counts as every kind.
    fn of(&self, folded: &[u8]) -> u8 {
        let n = folded
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(folded.len());
        if folded.get(n).is_some_and(|&b| b >= 0x80) {
            return Self::ALL;
        }
        let found = match Self::key(&folded[..n]) {
            Some(k) => self.kinds.get(&k),
            None => self.long.get(&folded[..n]),
        };
        found.copied().unwrap_or(0)
    }
}

/// What an article shows of other people's words, for [`Engine::voice`].
#[derive(Clone, Copy)]
struct ArticleSpeech<'a> {
    /// Blocks in someone else's words, with their sources ([`Attributor::blocks`]).
    blocks: &'a [(Range<usize>, Range<usize>)],
    /// The attribution rules of the article's language.
    attributor: &'a Attributor,
    /// Where the lexicon flagged a speech verb's token, in order; `None` when the language's
    /// speech verbs are not the ones flagged (then any word may be one).
    hits: Option<&'a [usize]>,
    /// Where the lexicon flagged a late negator's token ([`CueKinds::NEGATOR`]), in order.
    negators: &'a [usize],
}

/// Frame ids, actor ids and each lexicon pattern's term, by index.
struct InternedNames {
    frames: Vec<&'static str>,
    actors: Vec<&'static str>,
    terms: Vec<&'static str>,
}

impl Engine {
    pub fn new(config: Config) -> Engine {
        let mut lexicon = Lexicon::new();
        // The config was validated, so every term parses.
        for (fi, f) in config.frames.iter().enumerate() {
            let stemmer = f.stem.as_deref().and_then(crate::lang::stemmer);
            for (ti, t) in f.terms.iter().enumerate() {
                lexicon
                    .add_stemmed(Owner::Frame(fi as u16), ti, t, |w| {
                        stemmer.as_ref().and_then(|s| crate::lang::stem_word(s, w))
                    })
                    .expect("validated term");
            }
            for (ti, t) in f.exclude.iter().enumerate() {
                lexicon
                    .add(Owner::Exclude(fi as u16), ti, t)
                    .expect("validated term");
            }
        }
        for (ai, a) in config.actors.iter().enumerate() {
            for (ti, t) in a.terms.iter().enumerate() {
                lexicon
                    .add(Owner::Actor(ai as u16), ti, t)
                    .expect("validated term");
            }
        }
        let stance = StanceAnalyzer::new(&config.stance);
        // The one pass over the tokens that finds the terms also flags the stance cues, so
        // most mentions skip the stance rules' look at the words before them.
        let mut cue_kinds = CueKinds::default();
        for t in stance.cue_tokens().unwrap_or_default() {
            lexicon.add_cue_token(t);
            cue_kinds.add(t, CueKinds::STANCE);
        }
        let languages = LanguageRules::new(&config, &lexicon);
        for t in languages.cue_tokens() {
            lexicon.add_cue_token(&t);
            cue_kinds.add(&t, CueKinds::STANCE);
        }
        // And the negators the negation rules beyond the window read, so that most mentions,
        // with none near, skip those rules.
        for t in languages.late_negator_tokens() {
            lexicon.add_cue_token(t);
            cue_kinds.add(t, CueKinds::NEGATOR);
        }
        // The same pass flags the speech verbs, so that most sentences skip attribution.
        let speech_tokens = languages.speech_tokens();
        let speech_flagged = speech_tokens.is_some();
        for t in speech_tokens.as_deref().unwrap_or_default() {
            lexicon.add_cue_token(t);
            cue_kinds.add(t, CueKinds::SPEECH);
        }
        let about = config
            .frames
            .iter()
            .map(|f| f.about.iter().map(|&a| a as u16).collect())
            .collect();
        let intern = crate::model::intern;
        let names = InternedNames {
            frames: config.frames.iter().map(|f| intern(&f.id)).collect(),
            actors: config.actors.iter().map(|a| intern(&a.id)).collect(),
            terms: lexicon
                .patterns()
                .iter()
                .map(|p| intern(&p.spec.text))
                .collect(),
        };
        Engine {
            config,
            lexicon,
            stance,
            languages,
            speech_flagged,
            cue_kinds,
            about,
            names,
        }
    }

    /// Scores one cleaned article.
    ///
    /// The working buffers (folded text, tokens, matches, the stance pass's records) live in a
    /// per-thread [`ScoreBuffers`] and are reused from one article to the next; inside the loop over
    /// matches everything is an index or a range, and strings are made only for the report.
    pub fn score(&self, article: &Article) -> ArticleReport {
        self.score_maybe_sketched(article, None)
    }

    /// [`Engine::score`], and the article's duplicate sketch
    /// ([`crate::dedup::twins::sketch`]) made from the words scoring folded and split, so
    /// the text is read once for both.
    pub fn score_sketched(&self, article: &Article) -> (ArticleReport, Sketch) {
        let mut sketch = Sketch::default();
        let report = self.score_maybe_sketched(article, Some(&mut sketch));
        (report, sketch)
    }

    fn score_maybe_sketched(
        &self,
        article: &Article,
        sketch: Option<&mut Sketch>,
    ) -> ArticleReport {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.score_with(article, &mut scratch, sketch),
            // Only reachable if scoring re-entered itself on this thread; stay correct.
            Err(_) => self.score_with(article, &mut ScoreBuffers::default(), sketch),
        })
    }

    fn score_with(
        &self,
        article: &Article,
        scratch: &mut ScoreBuffers,
        sketch: Option<&mut Sketch>,
    ) -> ArticleReport {
        let body = article.body.as_str();
        let language = self.languages.language_of(body);
        let words = self.tokens_and_matches(body, language, scratch, sketch);
        let s = &mut *scratch;
        // Ignored by the analyzer when its rules have no cue tokens (then none were flagged).
        let ctx = self.languages.analyzer(language).analyze_with(
            body,
            &article.paragraphs,
            Some(&s.cue_hits),
            &mut s.stance,
        );
        actor_hits_of(&s.matches, &s.folded, &mut s.actor_hits);
        let (sections, lead) = sections_and_lead(article, words);
        let b = &mut s.mention;
        b.new_article(self.config.frames.len());
        s.exclusions.clear();
        // Sized once: a report's mentions are large, and growing the list copies them.
        let frame_matches = s
            .matches
            .iter()
            .filter(|m| matches!(m.owner, Owner::Frame(_)))
            .count();
        let mut mentions = Vec::with_capacity(frame_matches);
        // Blocks in someone else's words (a reproduced report, commentary under a name line),
        // read with the speech verbs of the article's language.
        let (attributor, flagged) = self.languages.attributor(language);
        let blocks = if frame_matches > 0 {
            attributor.blocks(body, &ctx, &article.paragraphs, &mut b.attribution)
        } else {
            Vec::new()
        };
        let mut at = MentionsAt {
            article,
            ctx: &ctx,
            folded: &s.folded,
            toks: &s.toks,
            actor_hits: &s.actor_hits,
            language,
            lead,
            speech: ArticleSpeech {
                attributor,
                blocks: &blocks,
                hits: (self.speech_flagged && flagged).then_some(s.speech_hits.as_slice()),
                negators: &s.negator_hits,
            },
            near: 0,
            actors_of: None,
        };
        for m in s.matches.iter() {
            match m.owner {
                Owner::Exclude(_) => s.exclusions.push(m.pattern),
                Owner::Frame(fi) => mentions.push(self.mention(&mut at, m, fi, b)),
                Owner::Actor(_) => {}
            }
        }
        b.attach_excerpts(&mut mentions);
        mentions.sort_by(|a, b| (a.start, a.end, &a.frame).cmp(&(b.start, b.end, &b.frame)));
        let (frames, exclusions_fired) = self.counts_by_name(&b.frame_counts, &s.exclusions);
        ArticleReport {
            path: article.path.clone(),
            outlet: article.outlet.clone(),
            title: article.title.clone(),
            date: article.meta.date.clone(),
            author: article.meta.author.clone(),
            url: article.meta.url.clone(),
            words,
            language: language.code().to_string(),
            sections: Some(sections),
            removed: article.removed.clone(),
            frames,
            mentions,
            // The file's hash is set by the caller, which holds the bytes as read.
            sha256: String::new(),
            exclusions_fired,
            warnings: article.warnings.clone(),
            twins: Vec::new(),
        }
    }

    /// The first steps of [`Engine::score_with`]: folds `body` and splits it into tokens
    /// (segmenting Chinese and Japanese), makes the duplicate sketch, matches the lexicon and
    /// sorts the flagged cue tokens by kind, into `s`. Returns the article's word count.
    #[inline]
    fn tokens_and_matches(
        &self,
        body: &str,
        language: Language,
        s: &mut ScoreBuffers,
        sketch: Option<&mut Sketch>,
    ) -> u64 {
        let mut words = fold_tokens_into(body, &mut s.folded, &mut s.toks);
        if let Some(sketch) = sketch {
            *sketch = crate::dedup::twins::sketch_tokens(&s.folded.text, &s.toks);
        }
        if language.is_cjk() {
            let added =
                self.languages
                    .segmenter
                    .split(&s.folded.text, &mut s.toks, &mut s.spare_toks);
            words = words.saturating_add_signed(added);
        }
        self.lexicon
            .find(body, &s.folded, &s.toks, &mut s.lexicon, &mut s.matches);
        self.sort_cue_hits(
            &s.lexicon,
            &s.folded,
            [&mut s.cue_hits, &mut s.speech_hits, &mut s.negator_hits],
        );
        words
    }

    /// One mention of frame `fi` (the lexicon's match `m`): its stance and voice, its
    /// speaker, whether it is in scope, its sentence's actors and its snippet, with its texts
    /// put in `b` (they go onto the mention in [`MentionBuffers::attach_excerpts`]) and its
    /// frame's counts in `b` too.
    #[inline]
    fn mention(
        &self,
        at: &mut MentionsAt,
        m: &Match,
        fi: u16,
        b: &mut MentionBuffers,
    ) -> MentionReport {
        let (article, ctx) = (at.article, at.ctx);
        let body = article.body.as_str();
        // Matches come in text order, so each offset is found from where the last one was.
        let range = at.folded.source_offset_near(&mut at.near, m.start)
            ..at.folded.source_offset_near(&mut at.near, m.end);
        let sentence = ctx.sentence(range.start);
        let (stance, attribution, source) = if at.language.is_cjk() {
            let mention = CjkMention {
                ctx,
                folded: at.folded,
                toks: at.toks,
                first: m.first_token,
                range: range.clone(),
            };
            cjk_mention_voice(&mention, self.languages.cjk_cues(at.language))
        } else {
            let (r, s) = (range.clone(), sentence.clone());
            self.voice(ctx, r, s, &at.speech, &mut b.attribution, &mut b.words)
        };
        let speaker = source.and_then(|src| {
            let attributor = at.speech.attributor;
            let place = (&range, &sentence);
            let bufs = &mut b.attribution;
            self.speaker(article, ctx, attributor, src, place, at.actor_hits, bufs)
        });
        let about = &self.about[fi as usize];
        let in_scope = (!about.is_empty())
            .then(|| in_scope(ctx, &range, &sentence, at.actor_hits, about, &mut b.scope));
        // A sentence's actors are gathered once, for its first mention: mentions come in
        // text order, so the next ones of the same sentence reuse them (gathered for each
        // mention, a long sentence with many mentions took time quadratic in its length).
        if at.actors_of != Some(sentence.clone()) {
            actors_in(at.actor_hits, &sentence, &mut b.actor_ids);
            at.actors_of = Some(sentence.clone());
        }
        let highlight = b.push_texts(body, &range, sentence, &self.names.actors);
        b.frame_counts[fi as usize].count(stance, in_scope);
        let within = |r: &Option<Range<usize>>| {
            r.as_ref()
                .is_some_and(|r| r.start <= range.start && range.end <= r.end)
        };
        MentionReport {
            frame: Cow::Borrowed(self.names.frames[fi as usize]),
            term: Cow::Borrowed(self.names.terms[m.pattern as usize]),
            text: Excerpt::default(),
            stance,
            actors: ActorIds::default(),
            start: article.source_offset(range.start),
            end: article.source_end(range.end),
            snippet: Excerpt::default(),
            highlight,
            headline: within(&article.headline),
            lead: within(&at.lead),
            attribution,
            speaker,
            in_scope,
        }
    }
}

impl MentionBuffers {
    /// Empties the buffers for an article of a config with `frames` frames.
    fn new_article(&mut self, frames: usize) {
        self.evidence.clear();
        self.actor_names.clear();
        self.texts.clear();
        self.frame_counts.clear();
        self.frame_counts.resize(frames, FrameCounts::default());
        self.attribution.new_article();
    }

    /// Appends a mention's text (at `range`), its snippet (its `sentence`) and its actors'
    /// names (of [`MentionBuffers::actor_ids`]) to the buffers, and where they are to
    /// `texts`; returns the mention's place in its snippet.
    #[inline]
    fn push_texts(
        &mut self,
        body: &str,
        range: &Range<usize>,
        sentence: Range<usize>,
        actor_names: &[&'static str],
    ) -> [usize; 2] {
        let text_at = self.evidence.len();
        self.evidence.push_str(&body[range.clone()]);
        let snippet_at = self.evidence.len();
        let highlight = snippet_into(body, sentence, range.clone(), &mut self.evidence);
        let actors_at = self.actor_names.len();
        let names = self.actor_ids.iter().map(|&a| actor_names[a as usize]);
        self.actor_names.extend(names.map(Cow::Borrowed));
        self.texts.push([
            text_at,
            snippet_at,
            self.evidence.len(),
            actors_at,
            self.actor_names.len(),
        ]);
        highlight
    }

    /// Puts each mention's text, snippet and actors (pushed by
    /// [`MentionBuffers::push_texts`], in the same order) onto it, as parts of two buffers
    /// the article's mentions share.
    fn attach_excerpts(&self, mentions: &mut [MentionReport]) {
        if mentions.is_empty() {
            return;
        }
        let buf: Arc<str> = Arc::from(self.evidence.as_str());
        let names: Option<Arc<[Name]>> =
            (!self.actor_names.is_empty()).then(|| Arc::from(self.actor_names.as_slice()));
        for (m, &[text, snippet, end, first, last]) in mentions.iter_mut().zip(self.texts.iter()) {
            m.text = Excerpt::part(&buf, text..snippet);
            m.snippet = Excerpt::part(&buf, snippet..end);
            if let Some(names) = names.as_ref().filter(|_| last > first) {
                m.actors = ActorIds::part(names, first..last);
            }
        }
    }
}

/// (body offset, actor index) of each actor match, in text order (so that a sentence's
/// actors are found by a binary search), into `hits`.
fn actor_hits_of(matches: &[Match], folded: &Folded, hits: &mut Vec<(usize, u16)>) {
    hits.clear();
    let mut near = 0;
    hits.extend(matches.iter().filter_map(|m| match m.owner {
        Owner::Actor(a) => Some((folded.source_offset_near(&mut near, m.start), a)),
        _ => None,
    }));
    hits.sort_unstable();
}

impl Engine {
    /// Sorts the cue tokens the lexicon's pass flagged (`cue_starts`, in the folded text) by
    /// kind, as offsets in the body: into `stance` the stance rules', `speech` the speech
    /// verbs', `negators` the late negators' ([`CueKinds`]).
    fn sort_cue_hits(
        &self,
        lexicon: &lexicon::Scratch,
        folded: &Folded,
        [stance, speech, negators]: [&mut Vec<usize>; 3],
    ) {
        stance.clear();
        speech.clear();
        negators.clear();
        let mut near = 0;
        for &at in lexicon.cue_starts() {
            let kind = self.cue_kinds.of(&folded.text.as_bytes()[at..]);
            if kind == 0 {
                continue;
            }
            let at = folded.source_offset_near(&mut near, at);
            if kind & CueKinds::STANCE != 0 {
                stance.push(at);
            }
            if kind & CueKinds::SPEECH != 0 {
                speech.push(at);
            }
            if kind & CueKinds::NEGATOR != 0 {
                negators.push(at);
            }
        }
    }

    /// The speaker of a mention (at `range` in `sentence`) whose words come from `source`: an
    /// actor's id, or the source as written ([`Attributor::speaker`]), read in the mention's
    /// paragraph (its sentence when it crosses paragraphs).
    #[allow(clippy::too_many_arguments)]
    fn speaker(
        &self,
        article: &Article,
        ctx: &crate::stance::ArticleStance,
        attributor: &Attributor,
        source: Range<usize>,
        (range, sentence): (&Range<usize>, &Range<usize>),
        actor_hits: &[(usize, u16)],
        bufs: &mut AttributionBuffers,
    ) -> Option<Name> {
        let k = article
            .paragraphs
            .partition_point(|p| p.start <= range.start);
        let para = match k.checked_sub(1).map(|k| &article.paragraphs[k]) {
            Some(p) if p.end >= range.end => p.clone(),
            _ => sentence.clone(),
        };
        let body = article.body.as_str();
        match attributor.speaker(body, ctx, &source, para, actor_hits, bufs)? {
            Speaker::Actor(a) => Some(Cow::Borrowed(self.names.actors[a as usize])),
            Speaker::Source(s) => Some(Cow::Owned(s)),
        }
    }

    /// The per-frame counts keyed by frame id (frames with no mention left out), and how
    /// often each exclusion phrase fired, keyed `frame/term`.
    fn counts_by_name(
        &self,
        frame_counts: &[FrameCounts],
        exclusions: &[u32],
    ) -> (BTreeMap<String, FrameCounts>, BTreeMap<String, u64>) {
        // Frame ids are distinct (the config checks): each frame's counts go in as they are.
        let frames: BTreeMap<String, FrameCounts> = self
            .config
            .frames
            .iter()
            .zip(frame_counts)
            .filter(|(_, c)| c.mentions > 0 || c.out_of_scope > 0)
            .map(|(f, c)| (f.id.clone(), c.clone()))
            .collect();
        let mut exclusions_fired: BTreeMap<String, u64> = BTreeMap::new();
        for &p in exclusions {
            let pattern = &self.lexicon.patterns()[p as usize];
            if let Owner::Exclude(fi) = pattern.owner {
                let key = format!(
                    "{}/{}",
                    self.config.frames[fi as usize].id, pattern.spec.text
                );
                *exclusions_fired.entry(key).or_default() += 1;
            }
        }
        (frames, exclusions_fired)
    }

    /// The stance of the mention at `range` (in `sentence`), whose words it stands in
    /// (attribution) and the source's byte range when one was found: the stance rules, the
    /// negation beyond their window ([`crate::negation`]) and attribution together. Quoted
    /// means someone else's words: a mention with an attribution and no negation or
    /// distancing; a short quotation that is part of reported speech is a partial quotation
    /// (quoted), not a scare quote.
    fn voice(
        &self,
        ctx: &crate::stance::ArticleStance,
        range: Range<usize>,
        sentence: Range<usize>,
        speech: &ArticleSpeech,
        bufs: &mut AttributionBuffers,
        words: &mut Vec<Word>,
    ) -> (Stance, Option<Attribution>, Option<Range<usize>>) {
        let ArticleSpeech {
            attributor,
            blocks,
            hits: speech_hits,
            negators,
        } = *speech;
        let body = ctx.body();
        let base = ctx.stance(range.clone());
        let quote = ctx.quote_kind(range.clone());
        // A quotation's speaker may be named in the sentence before ("Peskov said:").
        let look = match quote {
            Some(_) => ctx
                .sentence(sentence.start.saturating_sub(1))
                .start
                .min(sentence.start),
            None => sentence.start,
        }..sentence.end;
        // The speech verbs' tokens flagged in `look`, and in the sentence, when all are known.
        use crate::stance::offsets_in;
        let look_hits = speech_hits.map(|hits| offsets_in(hits, &look));
        let sentence_hits = look_hits.map(|h| offsets_in(h, &sentence));
        let maybe_speech = look.len() <= crate::attribution::MAX_SPEECH_BYTES
            && look_hits.is_none_or(|h| !h.is_empty());
        let mut voice = attributor.voice(
            body,
            ctx,
            range.clone(),
            quote.clone(),
            match maybe_speech {
                true => Speech::Maybe {
                    sentence: sentence.clone(),
                    hits: sentence_hits,
                },
                false => Speech::None,
            },
            bufs,
        );
        if voice.attribution.is_none() && !matches!(quote, Some(QuoteKind::Scare(_))) {
            let k = blocks.partition_point(|b| b.0.start <= range.start);
            if let Some(b) = blocks[..k].iter().rev().find(|b| range.end <= b.0.end) {
                voice.attribution = Some(Attribution::Reported);
                voice.source = Some(b.1.clone());
            }
        }
        // The negation rules beyond the window read at most MAX_BACK bytes either side, and
        // need a negator there.
        let near = range.start.saturating_sub(crate::stance::MAX_BACK)
            ..range.end.saturating_add(crate::stance::MAX_BACK);
        let stance = if base != Stance::Negated
            && !offsets_in(negators, &near).is_empty()
            && ctx.negated_beyond(range.clone(), words)
        {
            Stance::Negated
        } else {
            match (base, voice.attribution, &quote) {
                (Stance::Negated, ..) => Stance::Negated,
                (Stance::Distanced, Some(Attribution::Direct), Some(QuoteKind::Scare(_)))
                    if !ctx.distancer_before(range.clone()) =>
                {
                    Stance::Quoted
                }
                (Stance::Distanced, ..) => Stance::Distanced,
                (_, Some(_), _) => Stance::Quoted,
                (_, None, _) => Stance::Asserted,
            }
        };
        // A scare quote is the outlet's own (ironic) voice.
        let attribution = match (&quote, stance, voice.attribution) {
            (Some(QuoteKind::Scare(_)), Stance::Distanced, Some(Attribution::Direct)) => None,
            (_, _, a) => a,
        };
        let source = voice.source.filter(|_| attribution.is_some());
        (stance, attribution, source)
    }
}

/// The stance of a Chinese or Japanese mention, whose words it stands in and the source's
/// range, on segmented words ([`cjk_stance`], [`cjk_voice`]).
fn cjk_mention_voice(
    mention: &CjkMention,
    cues: &cjk::CjkCues,
) -> (Stance, Option<Attribution>, Option<Range<usize>>) {
    let stance = cjk_stance(mention, cues);
    let (attribution, source) = cjk_voice(mention, cues);
    match (stance, attribution) {
        // A distanced quotation is the outlet's own (ironic) voice.
        (Stance::Distanced, Some(Attribution::Direct)) => (stance, None, None),
        (Stance::Asserted, Some(a)) => (Stance::Quoted, Some(a), source),
        (_, a) => (stance, a, source),
    }
}

/// Is the mention at `range` (in `sentence`) about one of the actors `about` names
/// ([`crate::scope::about`])? A "sentence" of more than 16 KiB is no prose, and reading it
/// for each of its mentions would take time quadratic in its length: what its mentions are
/// about is not judged, and they count as out of scope (kept in the JSON).
fn in_scope(
    ctx: &crate::stance::ArticleStance,
    range: &Range<usize>,
    sentence: &Range<usize>,
    actor_hits: &[(usize, u16)],
    about: &[u16],
    scope: &mut crate::scope::ScopeBuffers,
) -> bool {
    if sentence.len() > crate::attribution::MAX_SPEECH_BYTES {
        return false;
    }
    let who = crate::scope::about(ctx.body(), ctx, range.clone(), actor_hits, scope);
    who.actors.iter().any(|a| about.contains(a))
}

/// The distinct actors named in `sentence` (`hits` in text order), into `ids`, sorted.
fn actors_in(hits: &[(usize, u16)], sentence: &Range<usize>, ids: &mut Vec<u16>) {
    ids.clear();
    let first = hits.partition_point(|&(at, _)| at < sentence.start);
    ids.extend(
        hits[first..]
            .iter()
            .take_while(|(at, _)| *at < sentence.end)
            .map(|&(_, a)| a),
    );
    ids.sort_unstable();
    ids.dedup();
}

/// What of its structure an article's text shows, and its lead: the first paragraph that is
/// not the headline. A long text without paragraph breaks has none: its one paragraph is the
/// whole body, not a lead.
fn sections_and_lead(
    article: &Article,
    words: u64,
) -> (crate::model::Sections, Option<Range<usize>>) {
    let mut body_paragraphs = article
        .paragraphs
        .iter()
        .filter(|p| article.headline.as_ref() != Some(*p));
    let lead = body_paragraphs.next().cloned();
    let paragraphs = u64::from(lead.is_some()) + body_paragraphs.count() as u64;
    let sections = crate::model::Sections {
        headline: article.headline.is_some(),
        paragraphs,
        lead: paragraphs >= 2 || (paragraphs == 1 && words <= LEAD_MAX_WORDS),
    };
    (sections, lead.filter(|_| sections.lead))
}

/// The most words a text of one paragraph may have and still be all lead (a brief); a longer
/// one is a text whose paragraph breaks were lost, and has no lead.
pub const LEAD_MAX_WORDS: u64 = 100;

/// Per-thread buffers for [`Engine::score`], kept between articles so that scoring one
/// allocates only what goes into its report.
#[derive(Default)]
struct ScoreBuffers {
    folded: Folded,
    toks: Vec<Token>,
    matches: Vec<Match>,
    lexicon: lexicon::Scratch,
    stance: StanceBuffers,
    /// (body offset, actor index) of each actor match.
    actor_hits: Vec<(usize, u16)>,
    /// The pattern of each exclusion match.
    exclusions: Vec<u32>,
    /// Where each token the lexicon flagged as a stance cue starts in the body.
    cue_hits: Vec<usize>,
    /// Where each token the lexicon flagged as a speech verb's starts in the body.
    speech_hits: Vec<usize>,
    /// Where each token the lexicon flagged as a late negator's starts in the body.
    negator_hits: Vec<usize>,
    /// The buffer segmented tokens are built in ([`cjk::Segmenter::split`]).
    spare_toks: Vec<Token>,
    mention: MentionBuffers,
}

/// What an article's mentions are built in ([`Engine::mention`]).
#[derive(Default)]
struct MentionBuffers {
    /// The actor ids of the sentence [`MentionsAt::actors_of`].
    actor_ids: Vec<u16>,
    /// Per frame index.
    frame_counts: Vec<FrameCounts>,
    /// The texts and snippets of an article's mentions, one after another, and their actor
    /// ids, copied into the buffers the mentions share; per mention, where its text, snippet
    /// and actor ids are (text, snippet, end; first actor, end).
    evidence: String,
    actor_names: Vec<Name>,
    texts: Vec<[usize; 5]>,
    attribution: AttributionBuffers,
    scope: ScopeBuffers,
    /// The words read by the negation rules beyond the window.
    words: Vec<Word>,
}

/// What [`Engine::mention`] reads of the article, and where it is in it: mentions come in
/// text order.
struct MentionsAt<'a> {
    article: &'a Article,
    ctx: &'a ArticleStance<'a>,
    folded: &'a Folded,
    toks: &'a [Token],
    actor_hits: &'a [(usize, u16)],
    language: Language,
    lead: Option<Range<usize>>,
    speech: ArticleSpeech<'a>,
    /// Where the last folded offset was found in the body.
    near: usize,
    /// The sentence whose actors [`MentionBuffers::actor_ids`] holds.
    actors_of: Option<Range<usize>>,
}

thread_local! {
    static SCRATCH: RefCell<ScoreBuffers> = RefCell::new(ScoreBuffers::default());
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 15)] as char);
    }
    hex
}

/// Appends the sentence around a mention to `out`, with runs of whitespace folded to one
/// space, and returns the mention's byte range inside it (from where the snippet starts).
/// Sentences longer than [`SNIPPET_MAX`] are cut around the mention at word boundaries, with
/// an ellipsis. A run appends all of an article's snippets to one buffer.
pub fn snippet_into(
    body: &str,
    sentence: Range<usize>,
    mention: Range<usize>,
    out: &mut String,
) -> [usize; 2] {
    let (s, e, lead, tail) = snippet_window(body, &sentence, &mention);
    let base = out.len();
    out.reserve(e - s + 8);
    out.push_str(lead);
    let mut hl = [0, 0];
    // Text is copied in bulk up to each whitespace character that changes: a single space
    // after a non-space stays as it is, every other run of whitespace becomes one space (none
    // at the start). `mark` places the highlight where the mention's bounds fall.
    let bytes = body.as_bytes();
    let mark = |hl: &mut [usize; 2], from: usize, to: usize, out_at: usize| {
        for (k, at) in [mention.start, mention.end].into_iter().enumerate() {
            if (from..to).contains(&at) && body.is_char_boundary(at) {
                hl[k] = out_at + (at - from);
            }
        }
    };
    let mut in_space = true;
    let mut copy = s;
    let mut i = s;
    while i < e {
        let b = bytes[i];
        if SNIPPET_PLAIN[usize::from(b)] {
            i = plain_run_end(bytes, i + 1, e);
            in_space = false;
            continue;
        }
        let (space, len) = match b {
            _ if b < 0x80 => (is_ascii_space(b), 1),
            // Only these lead bytes start a non-ASCII whitespace character.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = body[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if !space {
            in_space = false;
        } else if b == b' ' && !in_space {
            in_space = true;
        } else {
            mark(&mut hl, copy, i, out.len() - base);
            out.push_str(&body[copy..i]);
            mark(&mut hl, i, i + 1, out.len() - base);
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            copy = i + len;
        }
        i += len;
    }
    mark(&mut hl, copy, e, out.len() - base);
    out.push_str(&body[copy..e]);
    if mention.end >= e {
        hl[1] = out.len() - base;
    }
    let trimmed = out[base..].trim_end().len();
    out.truncate(base + trimmed.max(hl[1]));
    out.push_str(tail);
    hl
}

/// The part of the body a mention's snippet shows: its sentence, or, for a sentence longer
/// than [`SNIPPET_MAX`], the words around the mention, with the ellipses that say so
/// (start, end, text before, text after).
#[inline]
fn snippet_window(
    body: &str,
    sentence: &Range<usize>,
    mention: &Range<usize>,
) -> (usize, usize, &'static str, &'static str) {
    let mut s = sentence.start.min(mention.start);
    let mut e = sentence.end.max(mention.end);
    let (mut lead, mut tail) = ("", "");
    if e - s > SNIPPET_MAX {
        let half = SNIPPET_MAX / 2;
        if mention.start > s + half {
            s = floor_word(body, mention.start - half);
            lead = "… ";
        }
        if e > mention.end + half {
            e = ceil_word(body, mention.end + half);
            tail = " …";
        }
    }
    (s, e, lead, tail)
}

/// The end (at most `e`) of the run from `i` that [`snippet_into`] copies as it is: bytes
/// that are no whitespace and start none ([`SNIPPET_PLAIN`]), with single spaces between
/// them.
#[inline]
fn plain_run_end(bytes: &[u8], mut i: usize, e: usize) -> usize {
    while i < e {
        i = printable_ascii_end(bytes, i, e);
        if i == e {
            break;
        }
        let c = bytes[i];
        if SNIPPET_PLAIN[usize::from(c)] {
            i += 1;
        } else if c == b' ' && i + 1 < e && SNIPPET_PLAIN[usize::from(bytes[i + 1])] {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Bytes that [`snippet_into`] copies as they are: ASCII other than whitespace, and every other
/// byte except the lead bytes of non-ASCII whitespace characters (0xC2, 0xE1, 0xE2, 0xE3).
static SNIPPET_PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b < 0x80 {
            !is_ascii_space(b as u8)
        } else {
            !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
        };
        b += 1;
    }
    t
};

/// The first index at or after `i` (up to `e`) whose byte is not printable ASCII (a space, a
/// control character or a non-ASCII byte), except that a single space with printable ASCII
/// after it in the same sixteen bytes is passed over too; sixteen bytes per step
/// ([`crate::bytes::printable16`]). Words and the single spaces between them, the bulk of a
/// sentence, are skipped this way, and only what else lies between words gets a look of its
/// own.
#[inline]
fn printable_ascii_end(bytes: &[u8], mut i: usize, e: usize) -> usize {
    while i + 16 <= e {
        let m = crate::bytes::printable16(bytes[i..i + 16].try_into().expect("16 bytes"));
        // A space whose next byte (one bit up) is printable is passed over.
        let other = !(m.printable | (m.space & (m.printable >> 1)));
        if other != 0 {
            return i + other.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < e && (0x21..0x80).contains(&bytes[i]) {
        i += 1;
    }
    i
}

/// The ASCII characters for which `char::is_whitespace` holds.
#[inline]
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn floor_word(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    // Past the whitespace character, which may be longer than one byte (a no-break space).
    match s[..i].char_indices().rfind(|(_, c)| c.is_whitespace()) {
        Some((w, c)) => w + c.len_utf8(),
        None => i,
    }
}

fn ceil_word(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    match s[i..].find(char::is_whitespace) {
        Some(w) => i + w,
        None => s.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = r#"
[report]
title = "t"
[[frame]]
id = "bloc"
label = "Bloc"
terms = ["alliance"]
[[actor]]
id = "nato"
label = "NATO"
terms = ["NATO"]
[[actor]]
id = "russia"
label = "Russia"
terms = ["Russia"]
"#;

    /// A sentence of `blocks` blocks with no sentence end, each naming an actor 100 times and
    /// holding one mention; the last block names NATO too.
    fn long_sentence(blocks: usize) -> String {
        let block = format!(
            "{}the alliance grows, ",
            "Russia met and talked, ".repeat(100)
        );
        format!("{}NATO too\n", block.repeat(blocks))
    }

    #[test]
    fn every_mention_of_a_long_sentence_has_the_sentence_s_actors() {
        let config = || Config::parse(std::path::Path::new("t.toml"), ACTORS).unwrap();
        let text = format!("{}Russia sees an alliance. An alliance.", long_sentence(50));
        let article =
            crate::ingest::ingest("a.txt", "a.txt".as_ref(), text.as_bytes(), &config()).unwrap();
        let report = Engine::new(config()).score(&article);
        let actors: Vec<Vec<String>> = report
            .mentions
            .iter()
            .map(|m| m.actors.iter().map(|a| a.to_string()).collect())
            .collect();
        assert_eq!(actors.len(), 52);
        let both = vec!["nato".to_string(), "russia".to_string()];
        assert!(
            actors[..50].iter().all(|a| *a == both),
            "{:?}",
            &actors[..2]
        );
        assert_eq!(actors[50], ["russia"]);
        assert!(actors[51].is_empty());
    }

    /// Issue 20, item 6: a 2 MB sentence took 9-16 s, a 60 MB one never ended. Run with
    /// `cargo test --release --lib -- --ignored a_60_mb_sentence`: prints the time. A file
    /// that large is refused before it is read (`MAX_ARTICLE_BYTES`), so the article is made
    /// here as ingest would make it without that limit: one paragraph, each byte its own.
    #[test]
    #[ignore]
    #[allow(clippy::print_stderr)] // prints the time it measures
    fn a_60_mb_sentence_is_scored_in_time_proportional_to_it() {
        let config = || Config::parse(std::path::Path::new("t.toml"), ACTORS).unwrap();
        let blocks = (60 << 20) / 2320;
        let text = long_sentence(blocks);
        let small = long_sentence(1);
        let small =
            crate::ingest::ingest("a.txt", "a.txt".as_ref(), small.as_bytes(), &config()).unwrap();
        let body = text.trim_end().to_string();
        let article = Article {
            paragraphs: std::iter::once(0..body.len()).collect(),
            origin: crate::ingest::origin::Origin::copy(0),
            body,
            ..small
        };
        let engine = Engine::new(config());
        let started = std::time::Instant::now();
        let report = engine.score(&article);
        eprintln!(
            "{} MB in one sentence, {} mentions: scored in {:?}",
            text.len() >> 20,
            report.mentions.len(),
            started.elapsed()
        );
        assert_eq!(report.mentions.len(), blocks);
    }

    #[test]
    fn a_run_s_mentions_allocate_nothing_of_their_own() {
        let src = r#"
[report]
title = "t"
[[frame]]
id = "bloc"
label = "Bloc"
terms = ["alliance", "interfer*"]
[[actor]]
id = "nato"
label = "NATO"
terms = ["NATO"]
"#;
        let config = || Config::parse(std::path::Path::new("t.toml"), src).unwrap();
        let text = "NATO spoke of an alliance. NATO denied interfering.";
        let article =
            crate::ingest::ingest("a.txt", "a.txt".as_ref(), text.as_bytes(), &config()).unwrap();
        let (first, second) = (Engine::new(config()), Engine::new(config()));
        let (a, b) = (first.score(&article), second.score(&article));
        assert_eq!(a.mentions.len(), 2);
        for (m, n) in a.mentions.iter().zip(&b.mentions) {
            for (x, y) in [
                (&m.frame, &n.frame),
                (&m.term, &n.term),
                (&m.actors[0], &n.actors[0]),
            ] {
                // Borrowed, so making the mention allocated nothing for its names, and the
                // same copy for both engines, so loading a config again adds none.
                assert!(
                    matches!((x, y), (Cow::Borrowed(_), Cow::Borrowed(_))),
                    "{x:?}"
                );
                assert!(std::ptr::eq(x.as_ptr(), y.as_ptr()));
            }
        }
        let names =
            |m: &MentionReport| (m.frame.to_string(), m.term.to_string(), m.actors.to_vec());
        assert_eq!(
            a.mentions.iter().map(names).collect::<Vec<_>>(),
            [
                ("bloc".into(), "alliance".into(), vec![Cow::from("nato")]),
                ("bloc".into(), "interfer*".into(), vec![Cow::from("nato")]),
            ]
        );
        // Both mentions' texts and snippets are one buffer, their actor ids another, and what
        // they say is right.
        let (m, n) = (&a.mentions[0], &a.mentions[1]);
        assert!(m.text.same_buffer(&m.snippet) && m.text.same_buffer(&n.snippet));
        assert!(m.actors.same_buffer(&n.actors));
        assert_eq!(
            (&*m.text, &*m.snippet, &*n.text, &*n.snippet),
            (
                "alliance",
                "NATO spoke of an alliance.",
                "interfering",
                "NATO denied interfering."
            )
        );
        assert_eq!(&n.snippet[n.highlight[0]..n.highlight[1]], "interfering");
        // The evidence sample keeps its mentions for the whole run: with texts of their own,
        // so that a kept mention does not keep its article's buffer.
        let report = crate::aggregate::build_report(&config(), vec![a.clone()], Default::default());
        let kept = &report.articles.iter().next().unwrap().mentions;
        assert_eq!(*kept, a.mentions);
        assert!(kept
            .iter()
            .all(|m| !m.text.is_shared() && !m.snippet.is_shared() && !m.actors.is_shared()));
        // Read back from its JSON, a mention owns its names and is equal all the same.
        let back: ArticleReport =
            serde_json::from_str(&crate::encode::article_json::article_line(&a)).unwrap();
        assert!(matches!(back.mentions[0].frame, Cow::Owned(_)));
        assert_eq!(back.mentions, a.mentions);
    }

    #[test]
    fn sha256_of_abc_is_the_published_digest() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// [`snippet_into`] on its own: the snippet and its highlight.
    fn snippet(body: &str, sentence: Range<usize>, mention: Range<usize>) -> (String, [usize; 2]) {
        let mut out = String::new();
        let hl = snippet_into(body, sentence, mention, &mut out);
        (out, hl)
    }

    /// The byte loop [`snippet`] had before it skipped plain runs, kept to compare against (the
    /// window of a long sentence is [`snippet_window`]'s in both).
    fn reference_snippet(
        body: &str,
        sentence: Range<usize>,
        mention: Range<usize>,
    ) -> (String, [usize; 2]) {
        let (s, e, lead, tail) = snippet_window(body, &sentence, &mention);
        let mut out = String::from(lead);
        let mut hl = [0, 0];
        let mark = |hl: &mut [usize; 2], from: usize, to: usize, out_at: usize| {
            for (k, at) in [mention.start, mention.end].into_iter().enumerate() {
                if (from..to).contains(&at) && body.is_char_boundary(at) {
                    hl[k] = out_at + (at - from);
                }
            }
        };
        let (mut in_space, mut copy, mut i) = (true, s, s);
        while i < e {
            let c = body[i..].chars().next().unwrap_or(' ');
            let (space, len) = (c.is_whitespace(), c.len_utf8());
            if !space {
                in_space = false;
            } else if c == ' ' && !in_space {
                in_space = true;
            } else {
                mark(&mut hl, copy, i, out.len());
                out.push_str(&body[copy..i]);
                mark(&mut hl, i, i + 1, out.len());
                if !in_space {
                    out.push(' ');
                }
                in_space = true;
                copy = i + len;
            }
            i += len;
        }
        mark(&mut hl, copy, e, out.len());
        out.push_str(&body[copy..e]);
        if mention.end >= e {
            hl[1] = out.len();
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed.max(hl[1]));
        out.push_str(tail);
        (out, hl)
    }

    #[test]
    fn snippet_matches_the_char_loop() {
        let pieces = [
            "a", "Bc", " ", "  ", "\n", "\t", "\r\n", "\u{a0}", "\u{2009}", "\u{3000}", "\u{1680}",
            "\u{85}", "é", "“", "—", "北", "x y", ".", "alliance", "\u{202f}",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        for round in 0..4000 {
            let n = next(if round % 10 == 0 { 400 } else { 40 });
            let body: String = (0..n).map(|_| pieces[next(pieces.len())]).collect();
            let bounds: Vec<usize> = (0..=body.len())
                .filter(|&i| body.is_char_boundary(i))
                .collect();
            let pick = |k: usize| bounds[k % bounds.len()];
            let (a, b) = (pick(next(1000)), pick(next(1000)));
            let (ms, me) = (a.min(b), a.max(b));
            let (c, d) = (pick(next(1000)), pick(next(1000)));
            let sentence = c.min(d)..c.max(d);
            let expected = reference_snippet(&body, sentence.clone(), ms..me);
            assert_eq!(
                snippet(&body, sentence.clone(), ms..me),
                expected,
                "{body:?}"
            );
            // Appended after other text (as a run puts an article's snippets one after
            // another), it is the same, and what was there before is left alone.
            let mut out = String::from("before  \n");
            let hl = snippet_into(&body, sentence, ms..me, &mut out);
            assert_eq!(
                (&out[..9], &out[9..], hl),
                ("before  \n", &*expected.0, expected.1)
            );
        }
    }

    #[test]
    fn printable_runs_end_where_the_byte_loop_ends_them() {
        // The byte loop: printable ASCII, or a space with printable ASCII after it in the same
        // sixteen-byte step (the steps start at `i` and every sixteenth byte after).
        let printable = |b: u8| (0x21..0x80).contains(&b);
        let reference = |bytes: &[u8], from: usize, e: usize| {
            let mut i = from;
            while i < e {
                let step_end = from + (i - from) / 16 * 16 + 16;
                let whole = step_end <= e;
                let b = bytes[i];
                // Past the last whole step only printable bytes pass.
                let pass = printable(b)
                    || (whole && b == b' ' && i + 1 < step_end && printable(bytes[i + 1]));
                if !pass {
                    break;
                }
                i += 1;
            }
            i
        };
        let pieces: [&[u8]; 9] = [
            b"a",
            b"Z",
            b" ",
            b"  ",
            b"\t",
            b"\n",
            b".",
            b"\xc3\xa9",
            b"\x7f",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 48) as usize;
            let bytes: Vec<u8> = (0..n)
                .flat_map(|k| pieces[((x >> (k * 2 % 60)) % 9) as usize].iter().copied())
                .collect();
            for i in 0..=bytes.len() {
                assert_eq!(
                    printable_ascii_end(&bytes, i, bytes.len()),
                    reference(&bytes, i, bytes.len()),
                    "{bytes:?} from {i}"
                );
            }
        }
    }

    #[test]
    fn snippet_folds_whitespace_and_highlights() {
        let body = "One.  The  big\nalliance grew.";
        let m = body.find("alliance").unwrap();
        let (s, hl) = snippet(body, 6..body.len(), m..m + 8);
        assert_eq!(s, "The big alliance grew.");
        assert_eq!(&s[hl[0]..hl[1]], "alliance");
    }

    #[test]
    fn a_long_sentence_cut_at_a_no_break_space_does_not_panic() {
        // Found by the fuzzer: the cut fell inside a two-byte no-break space.
        let body = format!("{} alliance", "word\u{a0}".repeat(100));
        let m = body.find("alliance").unwrap();
        let (s, hl) = snippet(&body, 0..body.len(), m..m + 8);
        assert_eq!(&s[hl[0]..hl[1]], "alliance");
    }

    #[test]
    fn long_sentences_are_cut_around_the_mention() {
        let body = format!("{} alliance {}", "word ".repeat(200), "more ".repeat(200));
        let m = body.find("alliance").unwrap();
        let (s, hl) = snippet(&body, 0..body.len(), m..m + 8);
        assert!(s.starts_with("… word") && s.ends_with("more …"), "{s}");
        assert!(s.len() < SNIPPET_MAX + 20);
        assert_eq!(&s[hl[0]..hl[1]], "alliance");
    }
}
