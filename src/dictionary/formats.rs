//! One reader per dictionary format, each from the file's text into a [`Dictionary`].

use super::Dictionary;
use yaml_rust2::{Yaml, YamlLoader};

/// quanteda YAML: a mapping of keys to lists of patterns, or to mappings nested the same way
/// (`politics: {domestic: [election]}`). A list may also hold nested mappings. Patterns are
/// globs: a trailing `*` is a framelens stem; `?` and other `*`s are listed as skipped.
pub fn yaml(text: &str) -> Result<Dictionary, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let mut dict = Dictionary::default();
    match docs.first() {
        Some(Yaml::Hash(h)) => {
            for (k, v) in h {
                yaml_node(&mut dict, &mut vec![yaml_key(k)], v);
            }
            Ok(dict)
        }
        Some(_) => Err("the top level is not a mapping of keys to patterns".into()),
        None => Err("the file is empty".into()),
    }
}

fn yaml_key(k: &Yaml) -> String {
    match k {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Real(r) => r.clone(),
        Yaml::Boolean(b) => b.to_string(),
        _ => "?".into(),
    }
}

fn yaml_node(dict: &mut Dictionary, path: &mut Vec<String>, node: &Yaml) {
    match node {
        Yaml::Array(items) => {
            for item in items {
                yaml_node(dict, path, item);
            }
        }
        Yaml::Hash(h) => {
            for (k, v) in h {
                path.push(yaml_key(k));
                yaml_node(dict, path, v);
                path.pop();
            }
        }
        Yaml::Null => {
            dict.category(path);
        }
        scalar => {
            let entry = yaml_key(scalar);
            dict.add(path, &entry, 0);
        }
    }
}

/// LIWC `.dic`: a `%` line, `number<TAB>name` lines for the categories, a `%` line, then one
/// entry a line: the word (LIWC-22 allows phrases), then the numbers of its categories.
/// LIWC 2007's conditional categories (`(02 134)125/464`) are listed as skipped; the entry's
/// plain numbers still count.
pub fn liwc(text: &str) -> Result<Dictionary, String> {
    let mut dict = Dictionary::default();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let first = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or("the file is empty")?;
    if first.1.trim() != "%" {
        return Err(format!(
            "line {}: a LIWC dictionary starts with a `%` line before its categories",
            first.0
        ));
    }
    let mut names: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_header = true;
    for (n, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if in_header {
            if line == "%" {
                in_header = false;
                continue;
            }
            let mut parts = line.split_whitespace();
            let num = parts.next().unwrap_or_default();
            let name = parts.next();
            match (num.parse::<u32>(), name) {
                (Ok(_), Some(name)) => {
                    let path = vec![name.to_string()];
                    dict.category(&path);
                    names.push((num.trim_start_matches('0').to_string(), path));
                }
                _ => {
                    return Err(format!(
                        "line {n}: expected `number<TAB>category`, not `{line}`"
                    ))
                }
            }
            continue;
        }
        liwc_entry(&mut dict, &names, n, line);
    }
    if in_header {
        return Err("no second `%` line: the categories never end".into());
    }
    Ok(dict)
}

fn liwc_entry(dict: &mut Dictionary, names: &[(String, Vec<String>)], n: usize, line: &str) {
    // The word ends at the first tab when there is one (LIWC-22 phrases hold spaces), else
    // at the first field that is a category number or a conditional rule.
    let (word, cats): (String, Vec<&str>) = match line.split_once('\t') {
        Some((w, rest)) => (w.trim().to_string(), rest.split_whitespace().collect()),
        None => {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = fields
                .iter()
                .position(|f| f.parse::<u32>().is_ok() || f.starts_with('('))
                .unwrap_or(fields.len())
                .max(1);
            (fields[..at].join(" "), fields[at..].to_vec())
        }
    };
    if cats.is_empty() {
        dict.skip(n, &word, "no category number after the word");
        return;
    }
    let mut rest = cats.iter().peekable();
    while let Some(c) = rest.next() {
        if c.starts_with('(') {
            // A conditional rule: `(02 134)125/464` may be split over fields by its space.
            let mut rule = c.to_string();
            while !rule.contains(')') {
                match rest.next() {
                    Some(more) => {
                        rule.push(' ');
                        rule.push_str(more);
                    }
                    None => break,
                }
            }
            dict.skip(
                n,
                &format!("{word} {rule}"),
                "a LIWC conditional category (it depends on the word before): no framelens equivalent",
            );
            continue;
        }
        let key = c.trim_start_matches('0');
        match names.iter().find(|(num, _)| num == key) {
            Some((_, path)) => dict.add(path, &word, n),
            None => dict.skip(
                n,
                &format!("{word} {c}"),
                format!("category {c} is not declared"),
            ),
        }
    }
}

/// Lexicoder (`.lc3`, `.lcd`): a `+name` line opens a category; every other line is one
/// entry of it (a word or phrase, `*` for a stem). Lines before the first category are
/// listed as skipped.
pub fn lexicoder(text: &str) -> Dictionary {
    let mut dict = Dictionary::default();
    let mut current: Option<Vec<String>> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('+') {
            let path = vec![name.trim().to_string()];
            dict.category(&path);
            current = Some(path);
            continue;
        }
        match &current {
            Some(path) => {
                let path = path.clone();
                dict.add(&path, line, i + 1);
            }
            None => dict.skip(i + 1, line, "an entry before the first `+category` line"),
        }
    }
    dict
}

/// WordStat `.cat`: each line is a category or an entry; indentation (tabs, or spaces) nests
/// it under the line above with less. Entries end in a weight, `ENTRY (1)`; `_` joins the
/// words of a phrase. A weight other than 1 is listed (framelens counts every match once)
/// and the entry kept; rules (`@CATEGORY`, `NEAR`, `BEFORE`, `AFTER`, `NOT`) are skipped.
pub fn wordstat(text: &str) -> Dictionary {
    let mut dict = Dictionary::default();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let indent: usize = raw
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let line = raw.trim();
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        let Some((entry, weight)) = wordstat_entry(line) else {
            stack.push((indent, line.to_string()));
            let path: Vec<String> = stack.iter().map(|(_, s)| s.clone()).collect();
            dict.category(&path);
            continue;
        };
        let path: Vec<String> = stack.iter().map(|(_, s)| s.clone()).collect();
        if path.is_empty() {
            dict.skip(n, line, "an entry outside any category");
            continue;
        }
        if is_wordstat_rule(&entry) {
            dict.skip(
                n,
                line,
                "a WordStat rule (proximity or category reference): no framelens equivalent",
            );
            continue;
        }
        if weight != "1" {
            dict.skip(n, line, format!("weight {weight} dropped: framelens counts every match once (the entry is kept)"));
        }
        dict.add(&path, &entry.replace('_', " ").to_lowercase(), n);
    }
    dict
}

/// A proximity rule (`A NEAR/5 B`, `BEFORE`, `AFTER`) or a category reference (`@NAME`).
fn is_wordstat_rule(entry: &str) -> bool {
    entry.split_whitespace().any(|w| {
        let op = w.split('/').next().unwrap_or(w).to_ascii_uppercase();
        w.starts_with('@')
            || (w.contains('/') && ["NEAR", "BEFORE", "AFTER"].contains(&op.as_str()))
    })
}

/// `ENTRY (weight)` split into the entry and its weight; `None` for a category line.
fn wordstat_entry(line: &str) -> Option<(String, String)> {
    let open = line.rfind('(')?;
    let weight = line[open + 1..].strip_suffix(')')?.trim();
    if weight.is_empty()
        || !weight
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    Some((line[..open].trim().to_string(), weight.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Category;

    fn cats(d: &Dictionary) -> Vec<(String, Vec<&str>)> {
        d.categories
            .iter()
            .map(|c| {
                (
                    c.path.join("/"),
                    c.terms.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    fn skipped(d: &Dictionary) -> Vec<(usize, &str)> {
        d.skipped
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect()
    }

    #[test]
    fn yaml_nested_keys_flow_lists_and_lists_of_mappings() {
        let d = yaml(
            "# a quanteda dictionary\n\
             economy:\n  - tax*\n  - jobs\n  - \"?ob\"\n\
             politics:\n  domestic: [election, vote*]\n  foreign:\n    - treaty\n    - summits: [summit*]\n\
             empty:\n",
        )
        .unwrap();
        assert_eq!(
            cats(&d),
            vec![
                ("economy".into(), vec!["tax*", "jobs"]),
                ("politics/domestic".into(), vec!["election", "vote*"]),
                ("politics/foreign".into(), vec!["treaty"]),
                ("politics/foreign/summits".into(), vec!["summit*"]),
                ("empty".into(), vec![]),
            ]
        );
        assert_eq!(skipped(&d), vec![(0, "?ob")]);
        assert!(yaml("- just\n- a list\n")
            .unwrap_err()
            .contains("not a mapping"));
    }

    #[test]
    fn liwc_numbered_categories_percent_sections_phrases_and_conditionals() {
        let d = liwc(
            "%\n1\tposemo\n02\tnegemo\n3\tsocial\n%\n\
             happy*\t1\n\
             hate\t2 03\n\
             kind of\t1\n\
             like\t(02 134)125/464\t3\n\
             nice 1\n\
             :)\t1\n\
             orphan\t9\n",
        )
        .unwrap();
        assert_eq!(
            cats(&d),
            vec![
                ("posemo".into(), vec!["happy*", "kind of", "nice"]),
                ("negemo".into(), vec!["hate"]),
                ("social".into(), vec!["hate", "like"]),
            ]
        );
        assert_eq!(
            skipped(&d),
            vec![(9, "like (02 134)125/464"), (11, ":)"), (12, "orphan 9")]
        );
        assert!(liwc("1\tposemo\n")
            .unwrap_err()
            .contains("starts with a `%`"));
        assert!(liwc("%\n1\tposemo\nhappy 1\n")
            .unwrap_err()
            .contains("line 3"));
    }

    #[test]
    fn lexicoder_categories_and_entries() {
        let d = lexicoder("stray\n+negative\nabandon*\nat a loss\n\n+ positive\nable\nab?e\n");
        assert_eq!(
            cats(&d),
            vec![
                ("negative".into(), vec!["abandon*", "at a loss"]),
                ("positive".into(), vec!["able"]),
            ]
        );
        assert_eq!(skipped(&d), vec![(1, "stray"), (8, "ab?e")]);
    }

    #[test]
    fn wordstat_indented_levels_weights_phrases_and_rules() {
        let d = wordstat(
            "ECONOMY\n\tTAX* (1)\n\tJOB_CREATION (1)\n\tLAW AND ORDER (1)\n\tSPENDING\n\t\tBUDGET (2)\n\
             POLITICS\n    ELECTION (1)\n    @ECONOMY NEAR/5 VOTE (1)\n\
             STRAY (1)\n",
        );
        assert_eq!(
            d.categories,
            vec![
                Category {
                    path: vec!["ECONOMY".into()],
                    terms: vec!["tax*".into(), "job creation".into(), "law and order".into()]
                },
                Category {
                    path: vec!["ECONOMY".into(), "SPENDING".into()],
                    terms: vec!["budget".into()]
                },
                Category {
                    path: vec!["POLITICS".into()],
                    terms: vec!["election".into()]
                },
            ]
        );
        assert_eq!(
            skipped(&d),
            vec![
                (6, "BUDGET (2)"),
                (9, "@ECONOMY NEAR/5 VOTE (1)"),
                (10, "STRAY (1)")
            ]
        );
    }
}
