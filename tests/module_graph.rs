//! No import cycles between modules: read from the `crate::` and `super::` paths of the
//! sources, so that a cycle shows as a failing test, not as a tangle found later.
//!
//! Two levels are checked. Between the crate's top-level modules (a folder such as `ingest/`
//! is one module), and, inside each folder, between its files (`mod.rs`, which declares
//! them and whose types they use, aside). Unit tests (`mod tests`) may use anything and are
//! not read. The data model (`model`) and the output formats (`format`) are leaves: they use
//! no other module of the crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a source file: `src/ingest/html.rs` is `["ingest", "html"]`,
/// `src/ingest/mod.rs` is `["ingest"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// The text of a file without its `#[cfg(test)] mod tests { ... }` block and without
/// comments (a doc link names modules without using them).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts with `crate::` or `super::` in `code`, as its segments, with the
/// groups of a `use a::{b, c::d}` expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut end = at;
            let mut depth = 0;
            while end < bytes.len() {
                match bytes[end] {
                    b'{' => depth += 1,
                    b'}' if depth > 0 => depth -= 1,
                    b'}' => break,
                    c if depth == 0 && !(c.is_ascii_alphanumeric() || c == b'_' || c == b':') => {
                        break
                    }
                    _ => {}
                }
                end += 1;
            }
            expand(&code[at..end], &mut out);
        }
    }
    out
}

/// `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str, out: &mut Vec<Vec<String>>) {
    let path: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    match path.find('{') {
        None => out.push(
            path.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Some(open) => {
            let head = &path[..open];
            let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
            let mut depth = 0;
            let mut piece = String::new();
            for c in inner.chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !piece.is_empty() {
                            expand(&format!("{head}{piece}"), out);
                        }
                        piece.clear();
                        continue;
                    }
                    _ => {}
                }
                piece.push(c);
            }
        }
    }
}

/// The module a path names: the longest prefix of it that is a module, after `super::`
/// and `crate::` are resolved from `from`.
fn target(path: &[String], from: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<String> {
    let mut base: Vec<String> = Vec::new();
    let mut rest = path;
    if rest.first().is_some_and(|s| s == "crate") {
        rest = &rest[1..];
    } else {
        base = from.to_vec();
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
    }
    let mut best = base.clone();
    let mut cur = base;
    for seg in rest {
        cur.push(seg.clone());
        if modules.contains(&cur) {
            best = cur.clone();
        }
    }
    best
}

/// The cycles of a graph, each as its sorted nodes (one per strongly connected component
/// of more than one node).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = edges.keys().collect();
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for m in edges.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    todo.push(m.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for n in &nodes {
        let mut scc: Vec<String> = nodes
            .iter()
            .filter(|m| m != &n && reached[*n].contains(**m) && reached[**m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if scc.is_empty() {
            continue;
        }
        scc.push((*n).clone());
        scc.sort();
        if !out.contains(&scc) {
            out.push(scc);
        }
    }
    out
}

/// Top level: module -> modules it uses. In a folder: folder -> file -> sibling files it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The crate's import graph, at the top level and inside each folder.
fn graph() -> (Graph, BTreeMap<String, Graph>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    // Top level: module -> modules it uses. In a folder: file -> sibling files it uses.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for f in &files {
        let from = module_of(&src, f);
        let Some(first) = from.first().cloned() else {
            continue; // lib.rs only declares the modules
        };
        top.entry(first.clone()).or_default();
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        for path in paths_in(&code) {
            let to = target(&path, &from, &modules);
            let Some(to_first) = to.first() else { continue };
            if *to_first != first {
                top.entry(first.clone())
                    .or_default()
                    .insert(to_first.clone());
            } else if from.len() == 2 && to.len() == 2 && to != from {
                let folder = inner.entry(first.clone()).or_default();
                folder
                    .entry(from[1].clone())
                    .or_default()
                    .insert(to[1].clone());
            }
        }
    }
    (top, inner)
}

#[test]
fn no_import_cycles_between_modules() {
    let (top, inner) = graph();
    let mut found: Vec<Vec<String>> = cycles(&top);
    for (folder, edges) in &inner {
        for c in cycles(edges) {
            found.push(c.iter().map(|m| format!("{folder}::{m}")).collect());
        }
    }
    found.sort();
    assert_eq!(
        found,
        Vec::<Vec<String>>::new(),
        "import cycles between modules (a list of each cycle's modules)"
    );
}

#[test]
fn the_model_and_the_formats_are_leaves() {
    let (top, _) = graph();
    for leaf in ["model", "format"] {
        assert_eq!(
            top[leaf],
            BTreeSet::new(),
            "`{leaf}` uses other modules of the crate"
        );
    }
}
