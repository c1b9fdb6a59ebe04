//! The TOML config: raw serde structs (`Raw*`) parsed with spans, validated into [`Config`].
//!
//! Parsing is strict (`deny_unknown_fields`) because a misspelt key that is silently ignored
//! gives a report that looks right and is not. Every error carries the file, line and column
//! of the offending text and a sentence saying what to do.

// A config error happens once per run at most; its size does not matter, its detail does.
#![allow(clippy::result_large_err)]

use crate::lexicon::{parse_term, TermSpec};
use crate::stance::StanceRules;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The id of the outlet that holds articles no rule claims.
pub const UNASSIGNED: &str = "unassigned";

// ---------------------------------------------------------------------------------------------
// Raw, as written

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    report: RawReport,
    #[serde(default)]
    corpus: RawCorpus,
    #[serde(default, rename = "outlet")]
    outlets: Vec<RawOutlet>,
    #[serde(default, rename = "frame")]
    frames: Vec<RawFrame>,
    #[serde(default, rename = "contrast")]
    contrasts: Vec<RawContrast>,
    #[serde(default, rename = "actor")]
    actors: Vec<RawActor>,
    #[serde(default)]
    stance: RawStance,
    #[serde(default)]
    cleaning: RawCleaning,
    #[serde(default)]
    validation: RawValidation,
}

/// `[validation]`: coded sheets whose agreement with the tool the report shows.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValidation {
    /// Coding sheets (CSV), relative to the config file.
    #[serde(default)]
    coded: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    evidence_per_frame: Option<usize>,
    /// Actor ids every frame without an `about` of its own is about.
    #[serde(default)]
    about: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorpus {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// Column names of CSV/TSV/JSONL exports.
    #[serde(default)]
    columns: Columns,
    /// How to read `12/15/2021`: "mdy" or "dmy"; unset, such dates are not guessed.
    #[serde(default)]
    date_order: Option<Spanned<String>>,
    /// Follow symbolic links that lead outside the corpus's paths (default: no).
    #[serde(default)]
    follow_outside: bool,
    /// The language of every article ("zh", "ru", …); unset, each article's is detected.
    #[serde(default)]
    language: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlet {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    signatures: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    boilerplate: Vec<Spanned<String>>,
    #[serde(default)]
    urls: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    description: Option<String>,
    terms: Spanned<Vec<Spanned<RawTerm>>>,
    #[serde(default)]
    exclude: Vec<Spanned<RawTerm>>,
    /// Snowball-stem the frame's terms in this language ("ru").
    #[serde(default)]
    stem: Option<Spanned<String>>,
    /// Actor ids the frame is about.
    #[serde(default)]
    about: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContrast {
    id: Spanned<String>,
    left: Spanned<String>,
    right: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    label: String,
    terms: Spanned<Vec<Spanned<RawTerm>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStance {
    negators: Option<Vec<String>>,
    negation_window: Option<usize>,
    distancers: Option<Vec<String>>,
    scare_quote_max_words: Option<usize>,
    speech_verbs: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCleaning {
    trailing_short_lines: Option<bool>,
    captions: Option<bool>,
    prompts: Option<bool>,
    #[serde(default)]
    extra_markers: Vec<Spanned<String>>,
}

/// `[corpus.columns]`: which column of a CSV/TSV/JSONL export holds what. A name left out
/// is looked for among the common names ([`Columns::candidates`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub text: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// The fields an export row can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Text,
    Title,
    Date,
    Url,
    Outlet,
    Author,
}

impl Columns {
    /// The column names tried for `field`: the configured one only, or the common names.
    pub fn candidates(&self, field: Field) -> Vec<&str> {
        let (set, common): (&Option<String>, &[&'static str]) = match field {
            Field::Text => (&self.text, &["text", "body", "content", "article"]),
            Field::Title => (&self.title, &["title", "headline"]),
            Field::Date => (
                &self.date,
                &["date", "publish_date", "published", "published_at"],
            ),
            Field::Url => (&self.url, &["url", "link"]),
            Field::Outlet => (&self.outlet, &["outlet", "source", "media_name", "media"]),
            Field::Author => (&self.author, &["author", "byline"]),
        };
        match set {
            Some(name) => vec![name.as_str()],
            None => common.to_vec(),
        }
    }
}

/// How a numeric `12/15/2021` date is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Month first (US): `12/15/2021`.
    Mdy,
    /// Day first: `15/12/2021`.
    Dmy,
}

/// `[cleaning]`: the generic boilerplate rules, each switchable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaning {
    /// Drop the run of short, non-sentence lines at the end of a page (menus, "Related Posts").
    pub trailing_short_lines: bool,
    /// Drop photo captions (`FILE PHOTO:`, `REUTERS/Name`, `(AP Photo/...)`, `Photo: ...`).
    pub captions: bool,
    /// Drop subscription and sharing prompts ("Subscribe to", "Sign up for", ...).
    pub prompts: bool,
    /// Markers for every outlet: a line starting with one, and all after it, is cut.
    pub extra_markers: Vec<String>,
}

impl Default for Cleaning {
    fn default() -> Self {
        Cleaning {
            trailing_short_lines: true,
            captions: true,
            prompts: true,
            extra_markers: Vec::new(),
        }
    }
}

impl Cleaning {
    /// No cleaning at all (`--keep-boilerplate`).
    pub fn off() -> Cleaning {
        Cleaning {
            trailing_short_lines: false,
            captions: false,
            prompts: false,
            extra_markers: Vec::new(),
        }
    }
}

/// A term: a string, or `{ term = "US", case_sensitive = true }`.
#[derive(Debug)]
struct RawTerm(TermSpec);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTermTable {
    term: String,
    #[serde(default)]
    case_sensitive: bool,
}

impl<'de> Deserialize<'de> for RawTerm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTerm;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a term: a string, or a table `{ term = \"US\", case_sensitive = true }`",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawTerm, E> {
                Ok(RawTerm(TermSpec::new(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTerm, A::Error> {
                let t = RawTermTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawTerm(TermSpec {
                    text: t.term,
                    case_sensitive: t.case_sensitive,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Validated

/// A validated config, paths resolved against the config file's folder.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file as given.
    pub path: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub corpus_paths: Vec<PathBuf>,
    pub corpus_exclude: Option<GlobSet>,
    /// `[corpus] follow_outside`: follow symbolic links that lead outside the corpus's paths
    /// (each file read through one says so). Off by default.
    pub follow_outside: bool,
    pub outlets: Vec<Outlet>,
    pub frames: Vec<Frame>,
    pub contrasts: Vec<Contrast>,
    pub actors: Vec<Actor>,
    pub stance: StanceRules,
    /// Whether `[stance]` gave `negators` and `distancers` (then they replace the built-in
    /// lists of every language, [`crate::lang`]).
    pub negators_given: bool,
    pub distancers_given: bool,
    /// Whether `[stance]` gave `speech_verbs` (then they replace the built-in lists of every
    /// language).
    pub speech_verbs_given: bool,
    /// `[corpus].language`: every article is in it; `None` detects each article's.
    pub language: Option<crate::lang::Language>,
    /// `[corpus.columns]`.
    pub columns: Columns,
    /// `[corpus].date_order`.
    pub date_order: Option<DateOrder>,
    /// `[cleaning]`.
    pub cleaning: Cleaning,
    /// `[report].evidence_per_frame`: passages kept in the report per outlet and frame
    /// ([`DEFAULT_EVIDENCE_PER_FRAME`] when unset; 0 keeps every passage).
    pub evidence_per_frame: usize,
    /// The config's bytes, for the report manifest.
    pub source: String,
    /// `[validation] coded`: coding sheets, resolved against the config file's folder.
    pub validation_coded: Vec<PathBuf>,
}

/// Passages kept per outlet and frame when `[report].evidence_per_frame` is unset.
pub const DEFAULT_EVIDENCE_PER_FRAME: usize = 100;

#[derive(Debug, Clone)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub signatures: Vec<String>,
    pub paths: Option<GlobSet>,
    pub boilerplate: Vec<String>,
    /// URL globs, matched case-insensitively against an article's URL.
    pub urls: Option<GlobSet>,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
    pub terms: Vec<TermSpec>,
    pub exclude: Vec<TermSpec>,
    /// `stem`: the Snowball language its terms are stemmed in ([`crate::lang::stemmer`]).
    pub stem: Option<String>,
    /// Indices into `Config::actors` of the actors the frame is about (its own `about`, else
    /// `[report] about`); empty: every mention counts.
    pub about: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Contrast {
    pub id: String,
    /// Indices into `Config::frames`.
    pub left: usize,
    pub right: usize,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub label: String,
    pub terms: Vec<TermSpec>,
}

/// A config error: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when the error points at text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The offending line of the file.
    pub excerpt: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The file could not be read at all (rather than read and found invalid).
    pub unreadable: bool,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unreadable {
            write!(
                f,
                "cannot read configuration file {}: {}",
                self.path.display(),
                self.message
            )?;
            if let Some(h) = &self.hint {
                write!(f, "\n  hint: {h}")?;
            }
            return Ok(());
        }
        write!(f, "invalid configuration file {}", self.path.display())?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, "\n  {}", self.message)?;
        if let (Some(l), Some(ex)) = (self.line, &self.excerpt) {
            write!(f, "\n  {l:>4} | {ex}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

struct Ctx<'a> {
    path: &'a Path,
    src: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: Option<Range<usize>>,
        message: String,
        hint: Option<String>,
    ) -> ConfigError {
        let (line, column, excerpt) = match span {
            Some(r) => {
                let at = r.start.min(self.src.len());
                let before = &self.src[..at];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = self.src[line_start..at].chars().count() + 1;
                let excerpt = excerpt_around(
                    self.src[line_start..].lines().next().unwrap_or(""),
                    column - 1,
                );
                (Some(line), Some(column), Some(excerpt))
            }
            None => (None, None, None),
        };
        ConfigError {
            path: self.path.to_path_buf(),
            line,
            column,
            excerpt,
            message,
            hint,
            unreadable: false,
        }
    }
}

/// Characters of a config line echoed on each side of an error's column: a long line (a
/// 200 KB list of terms on one line) is cut around the error, not echoed whole.
const EXCERPT_CHARS: usize = 60;

/// `line` cut to [`EXCERPT_CHARS`] characters on each side of character `at`, with `…` where
/// it was cut.
fn excerpt_around(line: &str, at: usize) -> String {
    let count = line.chars().count();
    if count <= 2 * EXCERPT_CHARS + 20 {
        return line.to_string();
    }
    let from = at.saturating_sub(EXCERPT_CHARS);
    let to = (at + EXCERPT_CHARS).min(count);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(from).take(to - from));
    if to < count {
        out.push('…');
    }
    out
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let src = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            excerpt: None,
            message: e.to_string(),
            unreadable: true,
            hint: Some(
                "pass an existing file with --config, or run `framelens init` to write one".into(),
            ),
        })?;
        Config::parse(path, &src)
    }

    /// Validates config text; `path` is used for messages and to resolve relative paths.
    pub fn parse(path: &Path, src: &str) -> Result<Config, ConfigError> {
        let cx = Ctx { path, src };
        let raw: RawConfig = toml::from_str(src).map_err(|e| {
            let (message, hint) = explain_toml_error(e.message());
            cx.err(e.span(), message, hint)
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();

        let title = raw.report.title.trim().to_string();
        if title.is_empty() {
            return Err(cx.err(
                None,
                "[report].title is empty".into(),
                Some("give the report a title, e.g. title = \"Framing of the summit\"".into()),
            ));
        }

        let corpus_paths = raw
            .corpus
            .paths
            .iter()
            .map(|p| base.join(p.get_ref()))
            .collect();
        let corpus_exclude = globs(&cx, &raw.corpus.exclude)?;

        let outlets = parse_outlets(&cx, raw.outlets)?;
        let (mut frames, abouts) = parse_frames(&cx, raw.frames)?;
        let contrasts = parse_contrasts(&cx, raw.contrasts, &frames)?;
        let actors = parse_actors(&cx, raw.actors)?;
        let language = parse_language(&cx, &raw.corpus.language)?;
        let (negators_given, distancers_given, speech_verbs_given) = (
            raw.stance.negators.is_some(),
            raw.stance.distancers.is_some(),
            raw.stance.speech_verbs.is_some(),
        );
        for (f, about) in frames.iter_mut().zip(abouts) {
            if let Some(list) = about.as_ref().or(raw.report.about.as_ref()) {
                f.about = about_actors(&cx, list, &actors)?;
            }
        }

        let stance = parse_stance(&cx, raw.stance)?;
        let date_order = parse_date_order(&cx, &raw.corpus.date_order)?;
        let cleaning = parse_cleaning(&cx, raw.cleaning)?;
        Ok(Config {
            path: path.to_path_buf(),
            title,
            description: raw.report.description,
            corpus_paths,
            corpus_exclude,
            follow_outside: raw.corpus.follow_outside,
            outlets,
            frames,
            contrasts,
            actors,
            stance,
            negators_given,
            distancers_given,
            speech_verbs_given,
            language,
            columns: raw.corpus.columns,
            date_order,
            cleaning,
            evidence_per_frame: raw
                .report
                .evidence_per_frame
                .unwrap_or(DEFAULT_EVIDENCE_PER_FRAME),
            source: src.to_string(),
            validation_coded: raw
                .validation
                .coded
                .iter()
                .map(|p| base.join(p.get_ref()))
                .collect(),
        })
    }
}

/// The `[[outlet]]` tables, checked.
fn parse_outlets(cx: &Ctx, raw: Vec<RawOutlet>) -> Result<Vec<Outlet>, ConfigError> {
    let mut outlets = Vec::new();
    let mut seen = Vec::new();
    for o in raw {
        check_id(cx, &o.id, "outlet", &mut seen)?;
        if o.id.get_ref() == UNASSIGNED {
            return Err(cx.err(
                Some(o.id.span()),
                format!("outlet id `{UNASSIGNED}` is reserved for articles no rule claims"),
                Some("choose another id".into()),
            ));
        }
        for s in o.signatures.iter().chain(&o.boilerplate) {
            if s.get_ref().trim().is_empty() {
                return Err(cx.err(
                    Some(s.span()),
                    "an empty signature or boilerplate marker would match every article".into(),
                    Some("remove the empty string".into()),
                ));
            }
        }
        outlets.push(Outlet {
            id: o.id.into_inner(),
            name: o.name,
            signatures: o.signatures.into_iter().map(Spanned::into_inner).collect(),
            paths: globs(cx, &o.paths)?,
            urls: url_globs(cx, &o.urls)?,
            boilerplate: o
                .boilerplate
                .into_iter()
                .map(|s| s.into_inner().trim().to_string())
                .collect(),
        });
    }
    Ok(outlets)
}

/// The `[[frame]]` tables, checked, each with its own `about` list (not yet resolved).
#[allow(clippy::type_complexity)]
fn parse_frames(
    cx: &Ctx,
    raw: Vec<RawFrame>,
) -> Result<(Vec<Frame>, Vec<Option<Vec<Spanned<String>>>>), ConfigError> {
    let mut frames = Vec::new();
    let mut seen = Vec::new();
    let mut abouts = Vec::new();
    for f in raw {
        abouts.push(f.about);
        check_id(cx, &f.id, "frame", &mut seen)?;
        let terms = terms(cx, &f.terms, "frame", f.id.get_ref())?;
        let exclude = f
            .exclude
            .iter()
            .map(|t| checked_term(cx, t))
            .collect::<Result<_, _>>()?;
        let stem = match &f.stem {
            None => None,
            Some(s) if crate::lang::stemmer(s.get_ref()).is_some() => Some(s.get_ref().clone()),
            Some(s) => {
                return Err(cx.err(
                    Some(s.span()),
                    format!(
                        "frame `{}`: no stemmer for `{}`",
                        f.id.get_ref(),
                        s.get_ref()
                    ),
                    Some(format!(
                        "write one of {} (or remove `stem`)",
                        crate::lang::STEM_LANGUAGES.join(", ")
                    )),
                ))
            }
        };
        frames.push(Frame {
            id: f.id.into_inner(),
            label: f.label,
            description: f.description,
            terms,
            exclude,
            stem,
            about: Vec::new(),
        });
    }
    if frames.is_empty() {
        return Err(cx.err(
            None,
            "the config defines no [[frame]]".into(),
            Some("add at least one [[frame]] with an id, a label and terms".into()),
        ));
    }
    Ok((frames, abouts))
}

/// The `[[contrast]]` tables, their frames named by index into `frames`.
fn parse_contrasts(
    cx: &Ctx,
    raw: Vec<RawContrast>,
    frames: &[Frame],
) -> Result<Vec<Contrast>, ConfigError> {
    let frame_index = |s: &Spanned<String>| -> Result<usize, ConfigError> {
        frames
            .iter()
            .position(|f| f.id == *s.get_ref())
            .ok_or_else(|| {
                let ids: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
                cx.err(
                    Some(s.span()),
                    format!("the contrast names an unknown frame `{}`", s.get_ref()),
                    Some(did_you_mean(s.get_ref(), &ids).unwrap_or_else(|| {
                        format!("use one of the frame ids: {}", ids.join(", "))
                    })),
                )
            })
    };
    let mut contrasts = Vec::new();
    let mut seen = Vec::new();
    for c in raw {
        check_id(cx, &c.id, "contrast", &mut seen)?;
        let left = frame_index(&c.left)?;
        let right = frame_index(&c.right)?;
        if left == right {
            return Err(cx.err(
                Some(c.right.span()),
                "a contrast compares a frame with itself".into(),
                Some("name two different frames in `left` and `right`".into()),
            ));
        }
        contrasts.push(Contrast {
            id: c.id.into_inner(),
            left,
            right,
        });
    }
    Ok(contrasts)
}

/// The `[[actor]]` tables, checked.
fn parse_actors(cx: &Ctx, raw: Vec<RawActor>) -> Result<Vec<Actor>, ConfigError> {
    let mut actors = Vec::new();
    let mut seen = Vec::new();
    for a in raw {
        check_id(cx, &a.id, "actor", &mut seen)?;
        let terms = terms(cx, &a.terms, "actor", a.id.get_ref())?;
        actors.push(Actor {
            id: a.id.into_inner(),
            label: a.label,
            terms,
        });
    }
    Ok(actors)
}

/// `[corpus] language`, when given: one of the built-in languages.
fn parse_language(
    cx: &Ctx,
    raw: &Option<Spanned<String>>,
) -> Result<Option<crate::lang::Language>, ConfigError> {
    let language = match raw {
        None => None,
        Some(l) => match crate::lang::Language::from_code(l.get_ref()) {
            Some(l) => Some(l),
            None => {
                let codes: Vec<&str> = crate::lang::Language::BUILT_IN
                    .iter()
                    .map(|l| l.code())
                    .collect();
                return Err(cx.err(
                    Some(l.span()),
                    format!("unknown language `{}`", l.get_ref()),
                    Some(format!(
                        "write one of {}, or remove `language` to detect each article's",
                        codes.join(", ")
                    )),
                ));
            }
        },
    };
    Ok(language)
}

/// `[stance]`, the built-in defaults for what it does not give.
fn parse_stance(cx: &Ctx, raw: RawStance) -> Result<StanceRules, ConfigError> {
    let defaults = StanceRules::default();
    let stance = StanceRules {
        negators: raw.negators.unwrap_or(defaults.negators),
        negation_window: raw.negation_window.unwrap_or(defaults.negation_window),
        distancers: raw.distancers.unwrap_or(defaults.distancers),
        scare_quote_max_words: raw
            .scare_quote_max_words
            .unwrap_or(defaults.scare_quote_max_words),
        speech_verbs: raw.speech_verbs.unwrap_or(defaults.speech_verbs),
    };
    if let Some(v) = stance.speech_verbs.iter().find(|v| !speech_verb_ok(v)) {
        return Err(cx.err(
            None,
            format!("[stance] speech_verbs holds {v:?}, which is not one or more words"),
            Some(
                "write each speech verb as words of letters, e.g. \"said\" or \"according to\""
                    .into(),
            ),
        ));
    }
    Ok(stance)
}

/// `[corpus] date_order`, when given.
fn parse_date_order(
    cx: &Ctx,
    raw: &Option<Spanned<String>>,
) -> Result<Option<DateOrder>, ConfigError> {
    let date_order = match raw {
        None => None,
        Some(o) => match o.get_ref().as_str() {
            "mdy" => Some(DateOrder::Mdy),
            "dmy" => Some(DateOrder::Dmy),
            other => {
                return Err(cx.err(
                    Some(o.span()),
                    format!("unknown date_order `{other}`"),
                    Some("write \"mdy\" (12/15/2021) or \"dmy\" (15/12/2021)".into()),
                ))
            }
        },
    };
    Ok(date_order)
}

/// `[cleaning]`, the defaults for what it does not give.
fn parse_cleaning(cx: &Ctx, raw: RawCleaning) -> Result<Cleaning, ConfigError> {
    let defaults = Cleaning::default();
    for m in &raw.extra_markers {
        if m.get_ref().trim().is_empty() {
            return Err(cx.err(
                Some(m.span()),
                "an empty marker would cut every article".into(),
                Some("remove the empty string".into()),
            ));
        }
    }
    let cleaning = Cleaning {
        trailing_short_lines: raw
            .trailing_short_lines
            .unwrap_or(defaults.trailing_short_lines),
        captions: raw.captions.unwrap_or(defaults.captions),
        prompts: raw.prompts.unwrap_or(defaults.prompts),
        extra_markers: raw
            .extra_markers
            .into_iter()
            .map(|s| s.into_inner().trim().to_string())
            .collect(),
    };
    Ok(cleaning)
}

/// A speech verb is one or more words of letters (with ' or - inside a word).
fn speech_verb_ok(v: &str) -> bool {
    !v.trim().is_empty()
        && v.split_whitespace().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                && w.chars().next().is_some_and(char::is_alphabetic)
        })
}

/// The actor indices of an `about` list; an unknown id is an error that names the ids.
fn about_actors(
    cx: &Ctx,
    list: &[Spanned<String>],
    actors: &[Actor],
) -> Result<Vec<usize>, ConfigError> {
    let mut out = Vec::new();
    for id in list {
        let Some(k) = actors.iter().position(|a| a.id == *id.get_ref()) else {
            let known: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
            return Err(cx.err(
                Some(id.span()),
                format!("`about` names `{}`, which is no [[actor]] id", id.get_ref()),
                Some(if known.is_empty() {
                    "define the actor as an [[actor]] with an id, a label and terms".into()
                } else {
                    format!("use one of the actor ids: {}", known.join(", "))
                }),
            ));
        };
        if !out.contains(&k) {
            out.push(k);
        }
    }
    Ok(out)
}

fn check_id(
    cx: &Ctx,
    id: &Spanned<String>,
    kind: &str,
    seen: &mut Vec<String>,
) -> Result<(), ConfigError> {
    let v = id.get_ref();
    let valid = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !valid {
        let suggestion: String = v
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        return Err(cx.err(
            Some(id.span()),
            format!("{kind} id `{v}` may hold only a-z, 0-9, `_` and `-`"),
            Some(format!("write id = \"{suggestion}\"")),
        ));
    }
    if seen.iter().any(|s| s == v) {
        return Err(cx.err(
            Some(id.span()),
            format!("duplicate {kind} id `{v}`"),
            Some(format!(
                "every [[{kind}]] needs its own id: rename or merge one of them"
            )),
        ));
    }
    seen.push(v.clone());
    Ok(())
}

fn checked_term(cx: &Ctx, t: &Spanned<RawTerm>) -> Result<TermSpec, ConfigError> {
    parse_term(&t.get_ref().0)
        .map_err(|why| cx.err(Some(t.span()), format!("invalid term: {why}"), None))?;
    Ok(t.get_ref().0.clone())
}

fn terms(
    cx: &Ctx,
    list: &Spanned<Vec<Spanned<RawTerm>>>,
    kind: &str,
    id: &str,
) -> Result<Vec<TermSpec>, ConfigError> {
    if list.get_ref().is_empty() {
        return Err(cx.err(
            Some(list.span()),
            format!("{kind} `{id}` has no terms"),
            Some("list at least one word or phrase in `terms`".into()),
        ));
    }
    list.get_ref().iter().map(|t| checked_term(cx, t)).collect()
}

fn globs(cx: &Ctx, pats: &[Spanned<String>]) -> Result<Option<GlobSet>, ConfigError> {
    if pats.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in pats {
        let g = Glob::new(p.get_ref()).map_err(|e| {
            cx.err(
                Some(p.span()),
                format!("invalid glob `{}`: {}", p.get_ref(), e.kind()),
                Some("globs use `*`, `**`, `?` and `[...]`, e.g. \"**/drafts/**\"".into()),
            )
        })?;
        b.add(g);
    }
    b.build()
        .map(Some)
        .map_err(|e| cx.err(None, e.to_string(), None))
}

/// URL globs: case-insensitive (hosts are), `*` crosses `/`.
fn url_globs(cx: &Ctx, pats: &[Spanned<String>]) -> Result<Option<GlobSet>, ConfigError> {
    if pats.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in pats {
        let g = globset::GlobBuilder::new(p.get_ref())
            .case_insensitive(true)
            .build()
            .map_err(|e| {
                cx.err(
                    Some(p.span()),
                    format!("invalid URL glob `{}`: {}", p.get_ref(), e.kind()),
                    Some("URL globs use `*`, e.g. \"*aljazeera.com/*\"".into()),
                )
            })?;
        b.add(g);
    }
    b.build()
        .map(Some)
        .map_err(|e| cx.err(None, e.to_string(), None))
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a message and a hint.
fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, tail)) = rest.split_once('`') {
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let hint = did_you_mean(field, &expected).or_else(|| {
                (!expected.is_empty()).then(|| {
                    format!(
                        "remove it; the keys allowed here are {}",
                        expected
                            .iter()
                            .map(|e| format!("`{e}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            });
            return (format!("unknown key `{field}`"), hint);
        }
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return (
            format!("missing key `{field}`"),
            Some(format!("add `{field} = ...` to this table")),
        );
    }
    (message, None)
}

/// "did you mean `terms`?" when a close name exists.
fn did_you_mean(got: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(got, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[report]
title = "T"

[[frame]]
id = "alliance"
label = "Alliance"
terms = ["alliance", { term = "AUKUS", case_sensitive = true }, "pact*"]
exclude = ["alliance of democracies"]

[[frame]]
id = "partnership"
label = "Partnership"
terms = ["partnership"]

[[contrast]]
id = "a-vs-p"
left = "alliance"
right = "partnership"
"#;

    fn parse(src: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("config/test.toml"), src)
    }

    #[test]
    fn minimal_config_parses_with_stance_defaults() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.frames.len(), 2);
        assert!(c.frames[0].terms[1].case_sensitive);
        assert_eq!(c.contrasts[0].left, 0);
        assert_eq!(c.contrasts[0].right, 1);
        assert_eq!(c.stance, StanceRules::default());
    }

    /// Issue 20 (low): a 200 KB line was echoed whole in the error.
    #[test]
    fn a_long_line_is_cut_around_the_error_in_the_echo() {
        // A number among 20,000 terms, halfway along the line.
        let mut terms: Vec<String> = (0..20_000).map(|i| format!("\"term{i}\"")).collect();
        terms[10_000] = "7".into();
        let src = format!(
            "[report]\ntitle = \"T\"\n[[frame]]\nid = \"f\"\nlabel = \"F\"\nterms = [{}]\n",
            terms.join(", ")
        );
        assert!(src.len() > 200_000);
        let e = parse(&src).unwrap_err();
        let (line, column) = (e.line.unwrap(), e.column.unwrap());
        assert_eq!(line, 6);
        let echoed = e.excerpt.clone().unwrap();
        assert_eq!(echoed.chars().count(), 2 * EXCERPT_CHARS + 2, "{echoed}");
        assert!(echoed.starts_with('…') && echoed.ends_with('…'), "{echoed}");
        // The error's column is inside what is echoed.
        let at: String = src
            .lines()
            .nth(5)
            .unwrap()
            .chars()
            .skip(column - 1)
            .take(5)
            .collect();
        assert!(echoed.contains(&at), "{at:?} in {echoed}");
        assert!(e.to_string().len() < 1000, "{e}");
        // A short line is echoed whole.
        assert_eq!(excerpt_around("terms = [7]", 9), "terms = [7]");
    }

    #[test]
    fn unknown_key_names_line_column_and_suggests() {
        let src = MINIMAL.replace(
            "terms = [\"partnership\"]",
            "terms_list = [\"partnership\"]",
        );
        let e = parse(&src).unwrap_err();
        assert_eq!(e.message, "unknown key `terms_list`");
        assert_eq!(e.line, Some(14));
        assert_eq!(e.column, Some(1));
        assert_eq!(e.hint.as_deref(), Some("did you mean `terms`?"));
        let shown = e.to_string();
        assert!(shown.starts_with("invalid configuration file config/test.toml:14:1\n"));
    }

    #[test]
    fn corpus_language_and_frame_stem_are_checked() {
        let c = parse(&format!("{MINIMAL}\n[corpus]\nlanguage = \"zh\"\n")).unwrap();
        assert_eq!(c.language, Some(crate::lang::Language::ZH));
        assert!(!c.negators_given && !c.distancers_given);
        let e = parse(&format!("{MINIMAL}\n[corpus]\nlanguage = \"chinese\"\n")).unwrap_err();
        assert_eq!(e.message, "unknown language `chinese`");
        assert_eq!(
            e.hint.as_deref(),
            Some("write one of en, ru, zh, ja, de, fr, es, or remove `language` to detect each article's")
        );
        assert_eq!(e.line, Some(22));
        let src = MINIMAL.replace(
            "label = \"Partnership\"",
            "label = \"Partnership\"\nstem = \"ru\"",
        );
        assert_eq!(parse(&src).unwrap().frames[1].stem.as_deref(), Some("ru"));
        let e = parse(&src.replace("\"ru\"", "\"klingon\"")).unwrap_err();
        assert_eq!(e.message, "frame `partnership`: no stemmer for `klingon`");
        assert!(e
            .hint
            .as_deref()
            .unwrap_or("")
            .starts_with("write one of ru, en, de"));
        assert_eq!((e.line, e.column), (Some(14), Some(8)));
    }

    #[test]
    fn duplicate_frame_id_is_an_error_at_the_second_id() {
        let src = MINIMAL.replace("id = \"partnership\"", "id = \"alliance\"");
        let e = parse(&src).unwrap_err();
        assert_eq!(e.message, "duplicate frame id `alliance`");
        assert_eq!((e.line, e.column), (Some(12), Some(6)));
    }

    #[test]
    fn contrast_with_unknown_frame_suggests_the_close_one() {
        let src = MINIMAL.replace("right = \"partnership\"", "right = \"partnershp\"");
        let e = parse(&src).unwrap_err();
        assert_eq!(
            e.message,
            "the contrast names an unknown frame `partnershp`"
        );
        assert_eq!(e.hint.as_deref(), Some("did you mean `partnership`?"));
        assert_eq!(e.line, Some(19));
    }

    #[test]
    fn empty_and_invalid_terms_are_errors() {
        let e = parse(&MINIMAL.replace("\"pact*\"", "\"\"")).unwrap_err();
        assert!(
            e.message.starts_with("invalid term: the term is empty"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (Some(8), Some(65)));
        let e = parse(&MINIMAL.replace("\"pact*\"", "\"pa*ct\"")).unwrap_err();
        assert!(e.message.contains("may only end a term"));
        let e = parse(&MINIMAL.replace("terms = [\"partnership\"]", "terms = []")).unwrap_err();
        assert_eq!(e.message, "frame `partnership` has no terms");
    }

    #[test]
    fn bad_ids_and_term_tables() {
        let e = parse(&MINIMAL.replace("id = \"a-vs-p\"", "id = \"A vs P\"")).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("write id = \"a-vs-p\""));
        let e = parse(&MINIMAL.replace("case_sensitive = true", "case = true")).unwrap_err();
        assert_eq!(e.message, "unknown key `case`");
    }

    #[test]
    fn stance_and_actor_sections_validate() {
        let src = format!(
            "{MINIMAL}\n[[actor]]\nid = \"west\"\nlabel = \"West\"\nterms = [\"NATO\"]\n\n[stance]\nnegation_window = 6\nnegators = [\"not\"]\n"
        );
        let c = parse(&src).unwrap();
        assert_eq!(c.actors[0].id, "west");
        assert_eq!(c.stance.negation_window, 6);
        assert_eq!(c.stance.negators, vec!["not".to_string()]);
        let e = parse(&format!("{src}bogus = 1\n")).unwrap_err();
        assert_eq!(e.message, "unknown key `bogus`");
    }

    #[test]
    fn input_keys_parse_and_validate() {
        let src = format!(
            "{}\n[cleaning]\ncaptions = false\nextra_markers = [\"Read more:\"]\n",
            MINIMAL.replace(
                "title = \"T\"\n",
                "title = \"T\"\n[corpus]\ndate_order = \"dmy\"\n[corpus.columns]\ntext = \"story\"\n[[outlet]]\nid = \"aj\"\nname = \"AJ\"\nurls = [\"*aljazeera.com/*\"]\n"
            )
        );
        let c = parse(&src).unwrap();
        assert_eq!(c.date_order, Some(DateOrder::Dmy));
        assert_eq!(c.columns.candidates(Field::Text), ["story"]);
        assert_eq!(c.columns.candidates(Field::Author), ["author", "byline"]);
        assert!(!c.cleaning.captions && c.cleaning.prompts && c.cleaning.trailing_short_lines);
        assert_eq!(c.cleaning.extra_markers, ["Read more:"]);
        let urls = c.outlets[0].urls.as_ref().unwrap();
        assert!(urls.is_match("https://www.AlJazeera.com/news/2021/12/15/x"));
        assert!(!urls.is_match("https://example.org/"));
        let e = parse(&src.replace("\"dmy\"", "\"ymd\"")).unwrap_err();
        assert_eq!(e.message, "unknown date_order `ymd`");
        let e = parse(&src.replace("captions", "caption")).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `captions`?"));
    }

    #[test]
    fn missing_title_is_reported() {
        let e = parse(&MINIMAL.replace("title = \"T\"", "")).unwrap_err();
        assert_eq!(e.message, "missing key `title`");
    }
}
