//! Web pages read as the best extractors read them (issue 24): one fixture page per way a page
//! was misread, with the text that must be counted. The pages in `tests/fixtures/web/` are
//! written for these tests (fictional outlet, invented text).

use framelens::config::Config;
use framelens::ingest::Options;
use framelens::textview::{view_file, TextView};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web")
}

fn view(name: &str) -> TextView {
    let config = Config::load(&dir().join("web.toml")).unwrap();
    let mut views = view_file(name, &dir().join(name), &config, &Options::default());
    assert_eq!(views.len(), 1);
    views.remove(0).unwrap()
}

fn headline(v: &TextView) -> &str {
    v.headline.as_ref().map_or("", |h| h.text.as_str())
}

fn paragraphs(v: &TextView) -> Vec<&str> {
    v.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

fn removed<'a>(v: &'a TextView, rule: &str) -> Vec<&'a str> {
    v.removed
        .iter()
        .filter(|r| r.rule == rule)
        .map(|r| r.text.as_str())
        .collect()
}

#[test]
fn an_article_whose_class_names_a_breadcrumb_is_kept() {
    let v = view("breadcrumb-article.html");
    assert_eq!(headline(&v), "Ferry strike ends after nine days");
    assert_eq!(v.paragraphs.len(), 3);
    assert!(v.paragraphs[0]
        .text
        .starts_with("Crews on the Marlow Sound ferries"));
    assert!(v.paragraphs[0].lead && !v.paragraphs[1].lead);
    assert!(v.paragraphs[2].text.starts_with("Shops on Vessen"));
}

/// Page builders (Elementor, Divi, WPBakery, Gutenberg) put class names such as
/// `elementor-widget-container` on every block; "widget" there names the layout, not a
/// sidebar, and the post is kept, while a real sidebar widget is still left out.
#[test]
fn a_post_laid_out_by_a_page_builder_is_kept() {
    let v = view("page-builder.html");
    assert_eq!(headline(&v), "Reservoir levels rise after a wet spring");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The Harlow reservoir stood at ninety-one percent"));
    assert!(p[2].starts_with("Farmers on the lower meadows"));
    assert!(v.paragraphs[0].lead);
    assert!(!p
        .iter()
        .any(|t| t.contains("Recent posts") || t.contains("Bridge works")));
}

/// A page saved from the Wayback Machine carries its toolbar, whose paragraphs can outscore
/// a short article; it is furniture.
#[test]
fn the_wayback_machine_toolbar_is_not_the_story() {
    let v = view("wayback.html");
    assert_eq!(headline(&v), "Fenmoor library reopens after the flood");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("Fenmoor's library opened its doors again"));
    assert!(removed(&v, "furniture class")
        .iter()
        .any(|t| t.starts_with("The Wayback Machine copy")));
}

/// An article split into sections between advertisements: every part is kept, and the
/// advertisements are not. The page may mark each section `itemprop=articleBody`
/// (split-sections.html) or only give them one class (split-blocks.html).
#[test]
fn an_article_split_into_sections_is_kept_whole() {
    for (page, title) in [
        ("split-sections.html", "The valley votes on its buses"),
        ("split-blocks.html", "The valley votes on its trams"),
    ] {
        let v = view(page);
        assert_eq!(headline(&v), title);
        let p = paragraphs(&v);
        assert_eq!(p.len(), 5, "{page}: {p:?}");
        assert!(
            p[0].starts_with("Voters in the three valley towns"),
            "{page}"
        );
        assert!(
            p[1].starts_with("The council's plan would buy twelve buses"),
            "{page}"
        );
        assert_eq!(
            p[4], "Polling stations will open at seven and close at ten.",
            "{page}"
        );
        assert!(!p.iter().any(|t| t.starts_with("Advertisement")), "{page}");
    }
}

/// A consent pop-up, a cookie notice (`id="…-cookieconsent"`) or an age check (a
/// `role="dialog"`), whose paragraphs of commas can outscore a plain article, is furniture.
#[test]
fn a_consent_popup_and_a_dialog_are_not_the_story() {
    let v = view("consent-dialog.html");
    assert_eq!(headline(&v), "The old mill reopens as a museum");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The old mill on the river at Fenmoor"));
    let furniture = removed(&v, "furniture class");
    assert!(furniture
        .iter()
        .any(|t| t.starts_with("We, and our partners")));
    assert!(furniture
        .iter()
        .any(|t| t.starts_with("Are you over sixteen?")));
}

#[test]
fn articles_that_are_reader_comments_are_not_the_story() {
    let v = view("comment-articles.html");
    assert_eq!(headline(&v), "The new bridge at Ostrel opens to traffic");
    assert_eq!(
        paragraphs(&v).iter().map(|p| &p[..20]).collect::<Vec<_>>(),
        [
            "After three years of",
            "The town council sai",
            "A ferry that had cro"
        ]
    );
    assert!(removed(&v, "comments")
        .iter()
        .any(|r| r.starts_with("Finally!")));
}

#[test]
fn an_empty_first_main_gives_way_to_the_second() {
    let v = view("second-main.html");
    assert_eq!(headline(&v), "A late frost halves the apple harvest");
    assert_eq!(
        paragraphs(&v),
        [
            "Growers in the Tamber valley expect to pick half as many apples as last year, after a frost in the last week of April killed most of the blossom.",
            "The growers' cooperative said prices at the farm gate would rise, but not enough to make up for the smaller crop."
        ]
    );
}

#[test]
fn a_longer_teaser_in_an_aside_is_not_the_story() {
    let v = view("teaser-aside.html");
    assert_eq!(headline(&v), "The town library reopens with longer hours");
    assert_eq!(
        paragraphs(&v),
        [
            "The library on Quay Street reopened on Monday after a year of repairs to its roof, and it will now stay open until eight in the evening.",
            "Its reading room has new lamps and a ramp at the side door."
        ]
    );
}

#[test]
fn a_page_without_article_or_main_loses_its_ticker_menus_and_footer() {
    let v = view("no-container.html");
    assert_eq!(headline(&v), "The old market hall will become a food court");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The market hall on Linden Square"));
    assert!(p[2].starts_with("Neighbours asked"));
    for furniture in [
        "Storm warning",
        "Other stories",
        "Harbour dredging",
        "About us",
    ] {
        assert!(
            v.removed.iter().any(|r| r.text.contains(furniture)),
            "{furniture} in {:?}",
            v.removed
        );
    }
    assert!(removed(&v, "outside the main content")
        .iter()
        .any(|r| r.contains("Storm warning")));
}

#[test]
fn furniture_inside_the_article_is_left_out_and_the_lead_is_the_first_body_paragraph() {
    let v = view("inside-article.html");
    assert_eq!(headline(&v), "The Pellin glassworks closes after a century");
    assert_eq!(
        paragraphs(&v),
        [
            "The glassworks at Pellin put out its last furnace on Friday, a hundred and four years after the first bottles left its gates.",
            "The owners blamed the price of gas, which has doubled in two years, and the loss of a contract with a brewery in the north.",
            // A subheading with a deck's class, after the body has begun, is the story's.
            "What the workers will do",
            "The town council said it would help the workers find new jobs at the port."
        ]
    );
    assert!(v.paragraphs[0].lead);
    assert_eq!(
        removed(&v, "deck"),
        ["Two hundred jobs go as the last furnace is put out."]
    );
    assert_eq!(
        removed(&v, "byline"),
        ["By", "Odile Varga", "Business reporter"]
    );
    assert_eq!(removed(&v, "date line"), ["May 14, 2031"]);
    assert_eq!(
        removed(&v, "url line"),
        ["https://lantern-courier.test/2031/05/glassworks-closes"]
    );
    assert_eq!(
        removed(&v, "caption"),
        ["The last furnace in the main hall."]
    );
    assert_eq!(removed(&v, "credit"), ["© Lantern Courier / Ines Marr"]);
    assert_eq!(removed(&v, "heading without text"), ["Most Popular"]);
    assert_eq!(removed(&v, "link list").len(), 3);
    assert_eq!(removed(&v, "prompt").len(), 2);
    assert_eq!(
        removed(&v, "disclosure"),
        ["This article contains affiliate links: we may earn a commission when you buy through them."]
    );
}

#[test]
fn list_lines_shared_by_two_lists_are_all_kept() {
    let v = view("list-lines.html");
    assert_eq!(
        paragraphs(&v),
        [
            "Both walks start at the lighthouse car park and take about three hours at an easy pace.",
            "The north loop",
            "Bring water",
            "Wear boots",
            "Check the tides",
            "The north loop follows the cliff edge to the old signal station and back through the heath.",
            "The south loop",
            "Bring water",
            "Wear boots",
            "Mind the cattle",
            "The south loop drops down to the cove, where seals rest on the rocks at low tide."
        ]
    );
}

#[test]
fn offsets_point_at_the_text_in_the_file() {
    for name in [
        "inside-article.html",
        "no-container.html",
        "comment-articles.html",
    ] {
        let src = std::fs::read_to_string(dir().join(name)).unwrap();
        let v = view(name);
        let h = v.headline.as_ref().unwrap();
        assert_eq!(&src[h.start..h.end], h.text, "{name}");
        for p in &v.paragraphs {
            assert_eq!(&src[p.start..p.end], p.text, "{name}");
        }
        for r in &v.removed {
            assert!(src[r.start..r.end].starts_with(r.text.split_whitespace().next().unwrap()));
        }
    }
}

fn date_of(name: &str) -> Option<String> {
    let engine = framelens::engine(&dir().join("web.toml")).unwrap();
    let r = framelens::Run::new(&engine)
        .report(&[dir().join(name)])
        .unwrap();
    r.articles[0].date.clone()
}

#[test]
fn dates_from_article_published_and_a_time_outside_the_article_not_placeholders() {
    assert_eq!(date_of("metadata.html").as_deref(), Some("2031-06-03"));
    assert_eq!(date_of("time-outside.html").as_deref(), Some("2031-07-21"));
}

/// A page whose only copy of the story sits in a block that the class rules take for
/// furniture (a listing "teaser" block, as some site builders print a single story) is read
/// again with only menus, comments and dialogs barred, and gives its story, not nothing.
#[test]
fn a_story_left_empty_by_the_furniture_rules_is_read_again_with_fewer() {
    let v = view("story-in-a-teaser-block.html");
    assert_eq!(headline(&v), "The tide gauge moves to the north pier");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("The tide gauge that has stood at the end of the old jetty"));
    assert!(p[1].starts_with("Fishermen, who read the gauge"));
    assert!(v.paragraphs[0].lead);
    // The menu is still barred in the second reading.
    assert!(!p.iter().any(|t| t.contains("Letters to the editor")));
}

/// A blog page whose post scripts render (the post's HTML in a `<script type="text/template">`,
/// a copy in `<noscript>`) is read as a browser without scripts reads it; its `<h3>` post
/// title, named by the page title, is the headline, and the lead is the post's first paragraph.
#[test]
fn a_story_that_scripts_render_is_read_from_its_noscript_copy() {
    let v = view("noscript-story.html");
    assert_eq!(headline(&v), "Lighthouse keepers return to Vessen Point");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("After thirty years of automatic lamps"));
    assert!(p[1].starts_with("The keepers' cottage"));
    assert!(v.paragraphs[0].lead);
    // Offsets still point at the text in the file.
    let src = std::fs::read_to_string(dir().join("noscript-story.html")).unwrap();
    let first = &v.paragraphs[0];
    assert_eq!(&src[first.start..first.end], first.text);
}

/// A live page's commentary sits in blocks whose class names comments
/// (`live-match-comment`): it is the outlet's own running story and is kept, while the
/// readers' comments below it are still left out.
#[test]
fn live_commentary_is_the_story_and_reader_comments_are_not() {
    let v = view("live-commentary.html");
    assert_eq!(headline(&v), "Live: Vessen Rovers v Pellin Town");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("Full time at the Quay Ground"));
    assert!(p[2].starts_with("Pellin score first"));
    assert!(removed(&v, "comments")
        .iter()
        .any(|t| t.starts_with("What a header from Oyelaran")));
}

/// A long list of other stories' teasers beside the page's one `<article>` outscores the
/// story's three paragraphs: the story is still the one the page marks as its article, and
/// no teaser joins it.
#[test]
fn teasers_that_outscore_the_article_beside_it_are_not_the_story() {
    let v = view("teasers-beside-article.html");
    assert_eq!(headline(&v), "The Vessen bridge reopens");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The bridge between Vessen and the mainland"));
    assert!(p[2].starts_with("Buses, which had been running around the bay"));
    assert!(!p.iter().any(|t| t.contains("Earlier this week")));
}

/// A slideshow tells its story in its captions: when they hold several times the body's
/// text, they are read as the story; on an article page they are still left out
/// (`inside-article.html`).
#[test]
fn a_slideshow_s_captions_are_its_story() {
    let v = view("slideshow.html");
    assert_eq!(headline(&v), "Ten years of the Vessen regatta, in pictures");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(p[1].starts_with("The first regatta, in 2021"));
    assert!(p[3].starts_with("This year's winners"));
    assert!(removed(&v, "caption").is_empty());
}

/// A page that gives no text to count is skipped with its reason, and `framelens text` still
/// shows what its reader left out and by which rule, so the user sees why it is empty.
#[test]
fn a_page_with_no_text_shows_what_left_it_empty() {
    let config = Config::load(&dir().join("web.toml")).unwrap();
    let name = "nothing-but-menus.html";
    let mut views = view_file(name, &dir().join(name), &config, &Options::default());
    assert_eq!(views.len(), 1);
    let none = views.remove(0).unwrap_err();
    assert!(none.why.contains("no article text"), "{}", none.why);
    let v = none.removed.expect("the reader's leftovers");
    assert!(v.paragraphs.is_empty() && v.headline.is_none());
    assert_eq!(removed(&v, "furniture element"), ["Home Harbour Town"]);
    assert_eq!(removed(&v, "link list"), ["About the Courier · Contact"]);
}

/// Short lines above the story that are no sentence (a section name, a sharing or
/// advertising label, a dateline set apart, a line of punctuation) are labels, not the
/// lead: the lead is the story's first paragraph. A short line after the body begins is the
/// story's and is kept.
#[test]
fn labels_above_the_story_are_not_its_lead() {
    let v = view("labels-before-body.html");
    assert_eq!(
        headline(&v),
        "Harbour dues rise for the first time in a decade"
    );
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The harbour board raised mooring dues"));
    assert!(v.paragraphs[0].lead);
    assert_eq!(p[1], "Not everyone objects");
    assert_eq!(
        removed(&v, "label"),
        ["Harbour", "Social Share", "Marlow -", ","]
    );
    // An advertisement's label is left out wherever it stands.
    assert_eq!(removed(&v, "prompt"), ["Ad"]);
}

/// A page of short lines with no paragraph of prose (a poem) keeps every line: without a
/// body after them, short lines are not labels.
#[test]
fn a_page_of_short_lines_keeps_them_all() {
    let v = view("short-lines-only.html");
    let p = paragraphs(&v);
    assert_eq!(
        p,
        [
            "Liebe Leserinnen und Leser,",
            "The tide comes in",
            "the tide goes out",
            "the boats lie still",
            "and wait for light"
        ]
    );
    assert!(v.paragraphs[0].lead);
    assert!(removed(&v, "label").is_empty());
}

/// A WordPress post names its categories and tags in its classes (`category-kommentare`):
/// they say what the post is about, not that it is reader comments, so the post is kept.
/// The readers' comments under it (`kommentare`, comments in German) are left out, and so is
/// a caption that ends with its picture's credit.
#[test]
fn a_post_s_categories_are_not_its_role_and_comments_in_german_are_left_out() {
    let v = view("post-categories.html");
    assert_eq!(headline(&v), "Fährpreise steigen im Frühjahr");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("Die Fähre zwischen Vessen"));
    assert!(p[2].starts_with("Pendler sollen"));
    assert_eq!(
        removed(&v, "caption"),
        ["Die Fähre im Hafen von Vessen (Foto: Hafenamt/Archiv)"]
    );
    assert!(!p.iter().any(|t| t.contains("Schon wieder teurer")));
}

/// `<a name="...">` without an address only marks a place; old pages wrap whole sections in
/// one. Their text is not link text, so the sections are not read as a list of links.
#[test]
fn sections_wrapped_in_named_anchors_are_text_not_links() {
    let v = view("named-anchors.html");
    assert_eq!(headline(&v), "Setting up the harbour radio");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 10, "{p:?}");
    assert_eq!(p[0], "Parts");
    assert!(p[1].starts_with("You need the receiver"));
    assert_eq!(p[5], "The antenna");
    assert!(p[9].starts_with("Tune to the harbour channel"));
    assert!(removed(&v, "link list").is_empty(), "{:?}", v.removed);
}

/// Summaries of other stories, each a few lines in a block whose class says `content`,
/// score nearly as much as the story's long body: they are not parts of a split article, and
/// none is counted.
#[test]
fn teaser_summaries_are_not_parts_of_the_story() {
    let v = view("teaser-summaries.html");
    assert_eq!(headline(&v), "El puerto amplía su muelle");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("El puerto de Vessen comenzó este martes"));
    assert!(p[0].ends_with("que estará cortada a ratos."));
    assert_eq!(removed(&v, "outside the main content").len(), 10);
}

/// A CMS that puts a class saying "text" on every small box (`ce_text`: contact lines,
/// opening hours) gives each the bonus of a block that holds the article. On a small block
/// that bonus is weak evidence and counts in proportion to its text, so the story, in a
/// container with no such class, is chosen.
#[test]
fn small_boxes_whose_class_says_text_do_not_outweigh_the_story() {
    let v = view("small-text-blocks.html");
    assert_eq!(headline(&v), "New sails for the harbour school");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].starts_with("The harbour school's six dinghies"));
    assert!(v.paragraphs[0].lead);
    assert!(!p.iter().any(|t| t.contains("Have any questions")));
}

/// SPIP, a CMS common on French sites, calls reader comments a forum (`divforum`, `forum`);
/// they are comments. A "Lire aussi" box that names another article with its authors and
/// title is a prompt, not the lead.
#[test]
fn a_spip_forum_is_comments_and_a_read_also_box_is_not_the_lead() {
    let v = view("spip-forum.html");
    assert_eq!(headline(&v), "Le phare rouvre ses portes");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].starts_with("Le phare de Vessen rouvre"));
    assert!(v.paragraphs[0].lead);
    assert_eq!(removed(&v, "prompt").len(), 1);
    assert!(removed(&v, "comments")
        .iter()
        .any(|t| t.starts_with("Enfin !")));
}

/// A page built from blocks whose text sits in each block's `<header>` (a CSS-module design
/// system): a `<header>` that holds hundreds of characters of text, few of them in links, is
/// the page's text, while the site's header of menu links stays furniture.
#[test]
fn text_in_block_headers_is_the_story() {
    let v = view("text-in-headers.html");
    assert_eq!(headline(&v), "Regatta champions ready for Vessen");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 6, "{p:?}");
    assert!(p[0].starts_with("The reigning dinghy champion"));
    assert!(p[5].starts_with("Tickets for the regatta days"));
    assert!(!p.iter().any(|t| t.contains("Volunteers")));
}

/// Cards for other stories inside the chosen article ("Read next": an `<article>`, a block
/// with `role="article"` or a list item whose heading, or element with a title's class, is a link, with a line of summary)
/// are teasers, left out with their
/// section's heading; a page whose text is such items (reviews) keeps them. A list whose
/// class names similar posts is furniture, though its cards' links hold no text, and so are
/// a box whose class names a donation appeal and one whose class name says "article" and
/// "share" at once (`article-share`).
#[test]
fn teaser_cards_after_the_story_are_left_out_and_a_list_of_reviews_is_kept() {
    let v = view("teaser-cards.html");
    assert_eq!(headline(&v), "Night ferry returns for the summer");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[2].ends_with("told the Lamp."));
    assert_eq!(
        removed(&v, "teaser"),
        [
            "Lighthouse closes for repairs",
            "The lighthouse will be closed for two weeks in June while the tower is painted.",
            "Market opens on Sundays",
            "From May the harbour market will also open on Sunday mornings, with fish and flowers.",
            "New dinghies for the sailing school",
            "Six new dinghies arrived at the harbour school on Friday.",
            "Ferry fares stay the same",
            "The ferry company will not raise its fares this year.",
            "Regatta adds a class for wooden boats",
            "This year's summer regatta has three classes, one of them for boats built of wood.",
        ]
    );
    assert_eq!(removed(&v, "heading without text"), ["Read next"]);
    assert_eq!(
        removed(&v, "furniture class"),
        [
            "Share this story with your neighbours on the island board",
            "The Lamp is free to read because readers give what they can: please consider a gift \
             this month.",
            "Spring tides reach the quay",
            "The highest tides in ten years reached the quay on Thursday night, without damage to the boats."
        ]
    );

    let v = view("review-list.html");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 6, "{p:?}");
    assert_eq!(p[0], "Best chowder on the island");
    assert!(removed(&v, "teaser").is_empty());
}

/// What the page hides from its readers (`display: none`, the `hidden` attribute: a
/// copyright box, a subscription prompt) is not counted, though `<body>` is hidden until
/// scripts run; but when the hidden elements hold the story (slides a script shows one at a
/// time), they are read.
#[test]
fn hidden_elements_are_left_out_unless_they_hold_the_story() {
    let v = view("hidden-elements.html");
    assert_eq!(headline(&v), "Fish plant adds a night shift");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[2].starts_with("Workers on the night shift"));
    assert_eq!(
        removed(&v, "hidden element"),
        [
            "Reproduction of this article in any form is forbidden without the written consent \
             of the publisher.",
            "Subscribe to read the whole story and the rest of this week's paper.",
        ]
    );

    let v = view("hidden-slides.html");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(p[3].starts_with("The beach walk"));
    assert!(removed(&v, "hidden element").is_empty());
}

/// The headline set apart from the story's block, in an `<h1>` whose text sits in inner
/// elements, is read whole; an `<h1>` over a box below the story ("Useful numbers") is not
/// the headline, nor a site's name in an `<h1>` that links home. Without another `<h1>`,
/// a lower heading that holds the title's story part is the headline.
#[test]
fn the_headline_is_the_story_s_title_not_a_box_s_or_the_site_s() {
    let v = view("headline-outside.html");
    assert_eq!(headline(&v), "Harbour Harbour dues to rise by a tenth");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 6, "{p:?}");
    assert!(v.paragraphs[0].lead && p[0].starts_with("Boat owners will pay"));
    assert_eq!(p[4], "Useful numbers");

    let v = view("site-name-h1.html");
    assert_eq!(headline(&v), "Ferry timetable for the winter");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(v.paragraphs[0].lead && p[0].starts_with("The winter timetable"));
}

/// A first paragraph that the page sets as an `<h2>` (a sentence of 28 words) is text and
/// the lead, though furniture follows it; a real heading before furniture ("What changes")
/// is still the title of what was left out.
#[test]
fn a_paragraph_set_as_a_heading_is_text() {
    let v = view("paragraph-as-heading.html");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(v.paragraphs[0].lead);
    assert!(p[0].starts_with("The island's hunting association has voted"));
    assert_eq!(removed(&v, "heading without text"), ["What changes"]);
}

/// WPBakery puts `wpb_content_element` on every block of text: the word "content" there
/// names the layout, so the block with the most text is not taken for the whole article,
/// and the rows before and after it, inside `entry-content`, are read too.
#[test]
fn a_page_builder_s_text_blocks_do_not_each_claim_the_article() {
    let v = view("builder-rows.html");
    assert_eq!(headline(&v), "Dienstwagen: kaufen oder leasen?");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 11, "{p:?}");
    assert!(v.paragraphs[0].lead && p[0].starts_with("Ein Dienstwagen kostet"));
    assert!(p[10].starts_with("Dafür bindet der Kauf Geld"));
    assert!(removed(&v, "outside the main content").is_empty());
}

/// A live blog whose entries each say `entry-content`: the longest entry is not taken for
/// the whole story (another of the best blocks has its class), so the introduction above
/// the entries is read with them.
#[test]
fn a_live_blog_s_introduction_is_read_with_its_entries() {
    let v = view("live-blog.html");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 11, "{p:?}");
    assert!(v.paragraphs[0].lead && p[0].starts_with("A storm from the north-west"));
    assert!(p[10].starts_with("Power was cut"));
    assert_eq!(
        removed(&v, "date line"),
        ["21:40", "18:05", "15:30", "12:10"]
    );
}

/// An author's box after the story, a name on its own line and then a note that starts
/// with the name and says who the person is, is an author note, not the story's last
/// paragraph; the story's own mention of the same person stays.
#[test]
fn an_author_s_box_after_the_story_is_not_its_text() {
    let v = view("author-box.html");
    let p = paragraphs(&v);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[2].starts_with("The council will discuss the idea"));
    assert_eq!(
        removed(&v, "author note"),
        [
            "Mara Quill",
            "Mara Quill is a former harbour master of Vessen and writes on the island's economy \
             for the Lamp.",
        ]
    );
}
