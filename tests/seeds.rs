//! The reference articles in `../shared/seeds/` (not ours, so not in the repo). Every test
//! here skips, saying so, when that folder is absent.

use std::path::Path;

mod common;
use common::{article, run_seeds as run, seeds_dir, AJ, CC, GT, NEO, SEED_FRAMES, TNB};

#[test]
fn five_articles_five_outlets_titles_and_dates() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    assert_eq!(r.inputs.read, 5);
    assert_eq!(r.inputs.used, 5);
    assert!(r.inputs.skipped.is_empty());
    let got: Vec<(&str, &str, Option<&str>)> = [NEO, GT, CC, AJ, TNB]
        .iter()
        .map(|f| {
            let a = article(&r, f);
            (a.outlet.as_str(), a.title.as_str(), a.date.as_deref())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("new-eastern-outlook", "Beijing and Moscow Strengthen Cooperation in Response to the West’s Incitement of Hatred Against Russia and China", Some("2021-12-20")),
            ("global-times", "China-Russia entente is motivated by larger issues than rivalry with the West", Some("2021-12-16")),
            ("countercurrents", "Russia-China Should Stand Firm In Rejecting Western Interference: Putin And Xi Agree", None),
            ("al-jazeera", "Russia and China hail ties amid tensions with West", None),
            ("trending-news-buzzer", "Russia and China agreed to cure the world of \"western disease\"", None),
        ]
    );
    assert_eq!(article(&r, NEO).author.as_deref(), Some("Vladimir Danilov"));
    assert_eq!(
        article(&r, TNB).author.as_deref(),
        Some("Zhao Jiandong (赵建东)")
    );
    let ids: Vec<&str> = r.outlets.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "new-eastern-outlook",
            "global-times",
            "countercurrents",
            "al-jazeera",
            "trending-news-buzzer"
        ]
    );
}

/// Mentions per frame, counted by hand in the cleaned text of each article (the Global Times
/// body once; boilerplate cut; "alliance of democracies" excluded; "aggressive rhetoric" is
/// one mention, not two).
#[test]
fn exact_mention_counts_per_article_and_frame() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    let frames = SEED_FRAMES;
    let expected: [(&str, [u64; 5]); 5] = [
        (NEO, [3, 4, 0, 1, 4]),
        (GT, [2, 4, 0, 0, 4]),
        (CC, [2, 6, 7, 0, 2]),
        (AJ, [0, 2, 1, 2, 0]),
        (TNB, [5, 6, 0, 0, 2]),
    ];
    for (file, counts) in expected {
        let a = article(&r, file);
        let got: Vec<u64> = frames
            .iter()
            .map(|f| a.frames.get(*f).map_or(0, |c| c.mentions))
            .collect();
        assert_eq!(got, counts, "{file}");
        assert_eq!(
            a.mentions.len() as u64,
            counts.iter().sum::<u64>(),
            "{file}"
        );
    }
}

#[test]
fn every_mention_points_at_its_text_in_the_original_file() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    let dir = seeds_dir().unwrap();
    for a in r.articles.iter() {
        let name = Path::new(&a.path).file_name().unwrap();
        let src = std::fs::read_to_string(dir.join(name)).unwrap();
        for m in &a.mentions {
            assert_eq!(&src[m.start..m.end], m.text, "{} at {}", a.path, m.start);
            assert_eq!(&m.snippet[m.highlight[0]..m.highlight[1]], m.text);
        }
    }
}

#[test]
fn body_stored_twice_counts_once() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    let gt = article(&r, GT);
    assert_eq!(gt.removed.duplicate_paragraphs, 41);
    // The same article with its body once gives the same words and mentions.
    let dir = seeds_dir().unwrap();
    let src = std::fs::read_to_string(dir.join(GT)).unwrap();
    let once: String = src.lines().take(48).map(|l| format!("{l}\n")).collect();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("global-times-once.txt");
    std::fs::write(&path, once).unwrap();
    let engine =
        framelens::engine(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds.toml"))
            .unwrap();
    let single = framelens::Run::new(&engine).report(&[path]).unwrap();
    let one = &single.articles[0];
    assert_eq!(one.removed.duplicate_paragraphs, 0);
    assert_eq!(one.words, gt.words);
    assert_eq!(one.frames, gt.frames);
}

#[test]
fn no_site_boilerplate_reaches_counts_or_evidence() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    let dir = seeds_dir().unwrap();
    for (file, marker, lines) in [
        (NEO, "Please select digest to download", 1),
        (CC, "Support Countercurrents", 11),
        (TNB, "Leave a Reply", 3),
    ] {
        let a = article(&r, file);
        assert_eq!(a.removed.boilerplate_lines, lines, "{file}");
        let src = std::fs::read_to_string(dir.join(file)).unwrap();
        let cut = src.find(marker).unwrap();
        assert!(a.mentions.iter().all(|m| m.end <= cut), "{file}");
    }
    for a in r.articles.iter() {
        for m in &a.mentions {
            for junk in [
                "Patreon",
                "Newsletter",
                "Leave a Reply",
                "digest",
                "Back to top",
            ] {
                assert!(!m.snippet.contains(junk), "{}: {}", a.path, m.snippet);
            }
        }
    }
}
