//! Dictionaries researchers already have, in and out of framelens.
//!
//! `framelens import FILE` reads a dictionary in one of the formats content-analysis tools
//! use and writes framelens `[[frame]]` tables (TOML) for a config; `framelens export --yaml`
//! writes a config's frames as a quanteda YAML dictionary.
//!
//! | format | files | read by |
//! |---|---|---|
//! | quanteda YAML | `.yml`, `.yaml` | [`formats::yaml`] |
//! | LIWC | `.dic` | [`formats::liwc`] |
//! | Lexicoder | `.lcd`, `.lc3` | [`formats::lexicoder`] |
//! | WordStat | `.cat` | [`formats::wordstat`] |
//!
//! Every format is read into one [`Dictionary`]: categories (a path of names, since YAML and
//! WordStat nest them) with their entries, and the entries or rules that have no framelens
//! equivalent, each with its line and the reason. An entry becomes a term only when it is one
//! framelens can match as the dictionary means it: a word or phrase, with `*` only at its end
//! (framelens stems). Everything else is listed, never dropped silently: `?` and inner or
//! leading wildcards, regular expressions, LIWC's conditional categories, WordStat's weights
//! and proximity rules, entries with no letters or digits (emoticons).

pub mod formats;

use crate::config::Config;
use crate::lexicon::{parse_term, TermSpec};
use std::fmt::Write as _;
use std::path::Path;

/// A dictionary format framelens can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// quanteda's YAML dictionaries: nested keys, lists of glob patterns.
    Yaml,
    /// LIWC `.dic`: numbered categories between `%` lines, then `word<TAB>numbers`.
    Liwc,
    /// Lexicoder `.lcd` / `.lc3`: `+category` lines, then one entry a line.
    Lexicoder,
    /// WordStat `.cat`: categories and `ENTRY (weight)` lines, nested by indentation.
    Wordstat,
}

impl Format {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yml" | "yaml" => Some(Format::Yaml),
            "dic" => Some(Format::Liwc),
            "lcd" | "lc3" => Some(Format::Lexicoder),
            "cat" => Some(Format::Wordstat),
            _ => None,
        }
    }

    /// How the format is named in messages and in the TOML header.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "quanteda YAML",
            Format::Liwc => "LIWC .dic",
            Format::Lexicoder => "Lexicoder",
            Format::Wordstat => "WordStat .cat",
        }
    }
}

/// A dictionary as read: its categories in file order, and what could not be converted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dictionary {
    pub categories: Vec<Category>,
    pub skipped: Vec<Skipped>,
}

/// One category: its names from the outermost down, and its own entries (not its children's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub path: Vec<String>,
    pub terms: Vec<String>,
}

/// An entry or rule with no framelens equivalent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line in the dictionary file (0 when the format gives none).
    pub line: usize,
    pub text: String,
    pub why: String,
}

impl Dictionary {
    /// Adds `entry` (already in framelens's spelling) to the category `path`, or lists it as
    /// skipped when framelens cannot match it as written.
    pub(crate) fn add(&mut self, path: &[String], entry: &str, line: usize) {
        let entry = entry.trim();
        if let Some(why) = unconvertible(entry) {
            self.skip(line, entry, why);
            return;
        }
        let cat = self.category(path);
        if !cat
            .terms
            .iter()
            .any(|t| t.eq_ignore_ascii_case(entry) || t == entry)
        {
            cat.terms.push(entry.to_string());
        }
    }

    /// The category `path`, created (empty) in file order if it is new.
    pub(crate) fn category(&mut self, path: &[String]) -> &mut Category {
        let i = match self.categories.iter().position(|c| c.path == path) {
            Some(i) => i,
            None => {
                self.categories.push(Category {
                    path: path.to_vec(),
                    terms: Vec::new(),
                });
                self.categories.len() - 1
            }
        };
        &mut self.categories[i]
    }

    pub(crate) fn skip(&mut self, line: usize, text: &str, why: impl Into<String>) {
        self.skipped.push(Skipped {
            line,
            text: text.trim().to_string(),
            why: why.into(),
        });
    }
}

/// Why framelens cannot match `entry` as a dictionary means it, or `None` when it can.
fn unconvertible(entry: &str) -> Option<String> {
    if entry.is_empty() {
        return Some("an empty entry".into());
    }
    if entry.contains('?') {
        return Some("`?` (any one character) has no framelens equivalent".into());
    }
    let body = entry.strip_suffix('*').unwrap_or(entry);
    if body.contains('*') {
        return Some("a `*` that does not end the entry: framelens stems only at the end".into());
    }
    if entry.starts_with('^') || entry.ends_with('$') || entry.contains('\\') {
        return Some("a regular expression: framelens terms are words and phrases".into());
    }
    parse_term(&TermSpec::new(entry)).err()
}

/// The dictionary in `path`, in `format` (or the one its extension names).
pub fn read(path: &Path, format: Option<Format>) -> anyhow::Result<(Format, Dictionary)> {
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        None => anyhow::bail!(
            "{}: cannot tell the dictionary format from its extension; \
             name it with --from (yaml, liwc, lexicoder, wordstat)",
            path.display()
        ),
    };
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let text = decode(&bytes);
    let dict = match format {
        Format::Yaml => formats::yaml(&text),
        Format::Liwc => formats::liwc(&text),
        Format::Lexicoder => Ok(formats::lexicoder(&text)),
        Format::Wordstat => Ok(formats::wordstat(&text)),
    }
    .map_err(|e| {
        anyhow::anyhow!(
            "{}: not a {} dictionary: {e}",
            path.display(),
            format.name()
        )
    })?;
    if dict.categories.iter().all(|c| c.terms.is_empty()) {
        anyhow::bail!(
            "{}: no entry could be converted ({} skipped); is it a {} dictionary? \
             Name another format with --from",
            path.display(),
            dict.skipped.len(),
            format.name()
        );
    }
    Ok((format, dict))
}

/// UTF-8 (a BOM dropped), else Windows-1252, the encoding older LIWC and WordStat files use.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The dictionary as `[[frame]]` tables, with a header that names the source and lists, as
/// comments, everything that was not converted. Frame ids are the category path made into
/// an id (`economy-tax`), made unique; labels keep the dictionary's names.
pub fn to_toml(dict: &Dictionary, source: &str, format: Format) -> String {
    let mut out = String::new();
    let frames: Vec<&Category> = dict
        .categories
        .iter()
        .filter(|c| !c.terms.is_empty())
        .collect();
    let _ = writeln!(
        out,
        "# {} frames imported by `framelens import` from {} ({}).",
        frames.len(),
        comment(source),
        format.name()
    );
    let _ = writeln!(
        out,
        "# Check each frame's terms, then paste these tables into a framelens config."
    );
    if dict.skipped.is_empty() {
        let _ = writeln!(out, "# Every entry was converted.");
    } else {
        let _ = writeln!(out, "# Not converted as written ({}):", dict.skipped.len());
        for s in &dict.skipped {
            let at = if s.line > 0 {
                format!("line {}: ", s.line)
            } else {
                String::new()
            };
            let _ = writeln!(out, "#   {at}`{}`: {}", comment(&s.text), comment(&s.why));
        }
    }
    let mut ids: Vec<String> = Vec::new();
    for cat in frames {
        let id = unique_id(&cat.path, &ids);
        let _ = writeln!(out, "\n[[frame]]");
        let _ = writeln!(out, "id = {}", toml_str(&id));
        let _ = writeln!(out, "label = {}", toml_str(&cat.path.join(" > ")));
        let _ = writeln!(out, "terms = [");
        for t in &cat.terms {
            let _ = writeln!(out, "  {},", toml_str(t));
        }
        let _ = writeln!(out, "]");
        ids.push(id);
    }
    out
}

/// A category path as a config id (a-z, 0-9, `_`, `-`), different from every id in `taken`.
fn unique_id(path: &[String], taken: &[String]) -> String {
    let mut id = String::new();
    for part in path {
        for c in part.chars().flat_map(char::to_lowercase) {
            let c = if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            };
            if !(c == '-' && (id.is_empty() || id.ends_with('-'))) {
                id.push(c);
            }
        }
        if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    let id = if id.is_empty() { "frame" } else { id };
    let mut candidate = id.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// `s` as a TOML basic string (quoted and escaped by the toml crate).
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `s` made safe inside a one-line comment: control characters (line breaks among them)
/// shown as escapes, so that text from a file cannot end the comment and become TOML or YAML.
fn comment(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The config's frames as a quanteda YAML dictionary: one key a frame (its id), its terms as
/// glob patterns. What quanteda cannot hold (exclusions, case-sensitive terms) is named in
/// comments at the top; the terms themselves are kept.
pub fn to_yaml(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# quanteda dictionary written by `framelens export --yaml` from {}.",
        comment(&config.path.display().to_string())
    );
    let mut notes = Vec::new();
    for f in &config.frames {
        for x in &f.exclude {
            notes.push(format!(
                "frame `{}`: exclusion `{}` (quanteda has no exclusions)",
                f.id, x.text
            ));
        }
        for t in f.terms.iter().filter(|t| t.case_sensitive) {
            notes.push(format!(
                "frame `{}`: `{}` is case-sensitive in framelens; quanteda matches it in any case",
                f.id, t.text
            ));
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "# Not carried over ({}):", notes.len());
        for n in &notes {
            let _ = writeln!(out, "#   {}", comment(n));
        }
    }
    for f in &config.frames {
        let _ = writeln!(out, "{}:", yaml_str(&f.id));
        for t in &f.terms {
            let _ = writeln!(out, "  - {}", yaml_str(&t.text));
        }
    }
    out
}

/// `s` as a YAML double-quoted scalar.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(cats: &[(&[&str], &[&str])]) -> Dictionary {
        Dictionary {
            categories: cats
                .iter()
                .map(|(p, t)| Category {
                    path: p.iter().map(|s| s.to_string()).collect(),
                    terms: t.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            skipped: Vec::new(),
        }
    }

    #[test]
    fn ids_come_from_the_path_and_stay_unique() {
        assert_eq!(
            unique_id(&["Economy".into(), "Tax & Spend".into()], &[]),
            "economy-tax-spend"
        );
        assert_eq!(
            unique_id(&["posemo".into()], &["posemo".into()]),
            "posemo-2"
        );
        assert_eq!(unique_id(&["***".into()], &[]), "frame");
    }

    #[test]
    fn entries_framelens_cannot_match_are_listed_with_the_reason() {
        let mut d = Dictionary::default();
        let p = vec!["c".to_string()];
        for e in [
            "tax*", "*tax", "t?x", "ta*x", ":)", "^tax$", "tax cut*", "TAX",
        ] {
            d.add(&p, e, 1);
        }
        assert_eq!(d.categories[0].terms, vec!["tax*", "tax cut*", "TAX"]);
        let skipped: Vec<&str> = d.skipped.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(skipped, vec!["*tax", "t?x", "ta*x", ":)", "^tax$"]);
        assert!(
            d.skipped[3].why.contains("no letters or digits"),
            "{:?}",
            d.skipped[3]
        );
    }

    #[test]
    fn the_toml_is_a_config_framelens_accepts() {
        let mut d = dict(&[(
            &["Alliance \"bloc\""],
            &["alliance", "military bloc", "pact*"],
        )]);
        d.skip(4, "line\nbreak", "why");
        let toml = to_toml(&d, "x.dic", Format::Liwc);
        assert!(toml.contains("#   line 4: `line\\nbreak`: why\n"), "{toml}");
        let src = format!("[report]\ntitle = \"t\"\n{toml}");
        let config = Config::parse(Path::new("imported.toml"), &src).expect("a valid config");
        assert_eq!(config.frames.len(), 1);
        assert_eq!(config.frames[0].id, "alliance-bloc");
        assert_eq!(config.frames[0].label, "Alliance \"bloc\"");
        let terms: Vec<&str> = config.frames[0]
            .terms
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(terms, vec!["alliance", "military bloc", "pact*"]);
    }

    #[test]
    fn export_writes_yaml_that_import_reads_back() {
        let src = "[report]\ntitle = \"t\"\n\
            [[frame]]\nid = \"alliance\"\nlabel = \"A\"\n\
            terms = [\"alliance\", \"pact*\", \"say \\\"bloc\\\"\", { term = \"AUKUS\", case_sensitive = true }]\n\
            exclude = [\"alliance of democracies\"]\n";
        let config = Config::parse(Path::new("c.toml"), src).unwrap();
        let yaml = to_yaml(&config);
        assert!(
            yaml.contains("#   frame `alliance`: exclusion `alliance of democracies`"),
            "{yaml}"
        );
        assert!(
            yaml.contains("#   frame `alliance`: `AUKUS` is case-sensitive"),
            "{yaml}"
        );
        let back = formats::yaml(&yaml).unwrap();
        assert_eq!(back.skipped, vec![]);
        assert_eq!(
            back.categories,
            vec![Category {
                path: vec!["alliance".into()],
                terms: vec![
                    "alliance".into(),
                    "pact*".into(),
                    "say \"bloc\"".into(),
                    "AUKUS".into()
                ],
            }]
        );
    }
}
