//! The brief stays short at any corpus size: on a generated corpus of over 3,000 articles from
//! 8 outlets (`examples/gen_corpus.rs`), `report.md` is under GitHub's 65,536 characters for an
//! issue or a comment, the full tables go to `report-tables.md`, and `report.html` leaves the
//! articles and passages to `report-appendix.html`.

use framelens::render::{render_files, Format};

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

#[test]
fn the_brief_stays_short_on_3000_articles() {
    let corpus = tempfile::tempdir().unwrap();
    let (articles, _) = gen_corpus::generate(corpus.path(), 12).unwrap();
    assert!(articles >= 3_000, "{articles} articles");
    let engine = framelens::engine(&corpus.path().join("framelens.toml")).unwrap();
    let report = framelens::Run::new(&engine).report(&[]).unwrap();
    assert_eq!(report.articles.len(), articles);
    assert_eq!(report.outlets.len(), 8);

    let md = render_files(&report, Format::Markdown).unwrap();
    let names: Vec<&str> = md.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["report.md", "report-tables.md"]);
    let (brief, tables) = (&md[0].1, &md[1].1);
    let chars = brief.chars().count();
    assert!(chars < 65_536, "report.md has {chars} characters");
    // The brief states findings and links each to its passages in the second file, which
    // holds them; the articles and the evidence are not in the brief.
    assert!(brief.contains("## Findings\n\n- "), "{brief}");
    for anchor in brief.split("(report-tables.md#").skip(1) {
        let anchor = &anchor[..anchor.find(')').unwrap()];
        assert!(
            tables.contains(&format!("<a id=\"{anchor}\"></a>")),
            "{anchor}"
        );
    }
    assert!(!brief.contains("## Evidence") && !brief.contains("## Articles"));
    assert!(tables.contains("## Evidence") && tables.contains("## Articles"));
    assert!(tables.chars().count() > chars);

    let html = render_files(&report, Format::Html).unwrap();
    let (brief, appendix) = (&html[0].1, &html[1].1);
    assert_eq!(html[1].0, "report-appendix.html");
    assert!(
        !brief.contains("<section id=\"evidence\"")
            && appendix.contains("<section id=\"evidence\"")
    );
    assert!(
        brief.len() < 200_000,
        "report.html is {} bytes",
        brief.len()
    );
}
