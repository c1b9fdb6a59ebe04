//! Stance and actors on the reference articles in `../shared/seeds/`, checked by hand.
//!
//! Every mention below was read in its article, as a careful reader would, and given the stance
//! that reader would give it. Where the tool agrees, the test pins the agreement. Where it does
//! not and no sound, general rule fixes it, the test pins the tool's current (wrong) answer under
//! a `// known error:` comment (also listed in docs/method.md, "Where the rules still err"), so a
//! future fix shows up here as a failing assertion to update.
//!
//! A mention is named by file, frame, ordinal among that frame's mentions in the article
//! (1 = first), the matched text and its byte offset in the original file; the articles' text is
//! not ours, so no sentence is quoted here. Every test skips, saying so, when the folder is absent.

use framelens::model::{MentionReport, Report, Stance, StanceCounts};
use Stance::{Asserted, Distanced, Negated, Quoted};

mod common;
use common::{article, run_seeds as run, AJ, CC, GT, NEO, SEED_FRAMES, TNB};

/// The `nth` (1-based) mention of `frame` in `file`, checked to be `text` at byte `start`.
fn mention<'a>(
    r: &'a Report,
    file: &str,
    frame: &str,
    nth: usize,
    text: &str,
    start: usize,
) -> &'a MentionReport {
    let m = article(r, file)
        .mentions
        .iter()
        .filter(|m| m.frame == frame)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("{file}: no mention {nth} of {frame}"));
    assert_eq!(
        (m.text.as_str(), m.start),
        (text, start),
        "{file}: mention {nth} of {frame}"
    );
    m
}

/// One hand-checked mention: file, frame, ordinal, matched text, byte offset, stance.
type Case = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    usize,
    Stance,
);

fn check_all(r: &Report, cases: &[Case]) {
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|&(file, frame, nth, text, start, want)| {
            let got = mention(r, file, frame, nth, text, start).stance;
            (got != want)
                .then(|| format!("{file} {frame} #{nth} at {start}: {got:?}, want {want:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

/// Mentions where the tool and a careful reader agree (frames of tests/fixtures/seeds.toml).
#[test]
fn hand_checked_stances_agree() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    check_all(
        &r,
        &[
            // The outlet's own opening sentence: pressure, in its own voice.
            (NEO, "pressure", 1, "pressure", 222, Asserted),
            // After "but" a new clause starts, so the "not yet" of the first clause (about a
            // military bloc) does not reach the partnership.
            (NEO, "partnership", 2, "partnership", 2252, Asserted),
            // The outlet's own description of AUKUS.
            (NEO, "alliance", 2, "alliance", 4465, Asserted),
            // The editor's note: the outlet's own voice.
            (GT, "pressure", 1, "Western pressure", 466, Asserted),
            // "do not seek an alliance": negated (it is an expert's text, but negated wins).
            (GT, "alliance", 1, "alliance", 2166, Negated),
            // Inside Xi's long quotation, with one-word scare quotes nested in it: quoted.
            (CC, "interference", 3, "interfering", 678, Quoted),
            // "non-interference" inside a long quotation of Putin: negated wins over quoted.
            (CC, "interference", 4, "interference", 2116, Negated),
            (CC, "interference", 5, "interference", 4047, Negated),
            // The same Xi quotation in its CCTV version: quoted.
            (CC, "interference", 7, "interfering", 7424, Quoted),
            // The outlet's own sentence, "U.S." and "partners" of the U.S.
            (CC, "partnership", 3, "partners", 3436, Asserted),
            // Donfried's two-sentence quotation: quoted.
            (CC, "partnership", 6, "partners", 9365, Quoted),
            // "not interfering" inside Putin's long quotation: negated.
            (AJ, "interference", 1, "interfering", 568, Negated),
            // "aggressive" alone in quotation marks, the word Peskov used: the outlet holds the
            // accusation at a distance (scare quotes). Compare NEO's case in the known errors.
            (AJ, "aggressive", 1, "aggressive", 1723, Distanced),
            // Peskov's own sentence in quotation marks: quoted.
            (AJ, "aggressive", 2, "aggressive rhetoric", 2002, Quoted),
            (AJ, "partnership", 1, "partnership", 2878, Asserted),
            // A double negative (a negator six words before, on the verb "ceased"): the pressure
            // is asserted.
            (TNB, "pressure", 1, "pressure", 1859, Asserted),
            // The "Western idea of" a two-word scare-quoted alliance: distanced.
            (TNB, "alliance", 2, "alliance", 3298, Distanced),
            // The slogan "partnership, not alliance." in quotation marks: an utterance (a comma
            // inside), so the partnership is quoted (endorsed) and the alliance negated.
            (TNB, "partnership", 4, "partnership", 3696, Quoted),
            (TNB, "alliance", 3, "alliance", 3713, Negated),
            // Five Eyes, in the outlet's voice, and the translator's note that explains it.
            (TNB, "alliance", 4, "alliance", 4138, Asserted),
            (TNB, "alliance", 5, "Alliance", 4165, Asserted),
            // The names of US initiatives in scare quotes, in a piece that mocks them.
            (TNB, "partnership", 5, "partnership", 4362, Distanced),
            (TNB, "partnership", 6, "Partnership", 4422, Distanced),
        ],
    );
}

/// Frames beyond seeds.toml (tests/fixtures/seeds-stance.toml): more hard cases that agree.
#[test]
fn hand_checked_stances_agree_on_more_frames() {
    let Some(r) = run("tests/fixtures/seeds-stance.toml") else {
        return;
    };
    check_all(
        &r,
        &[
            // "no" right before "threat": negated.
            (GT, "threat", 1, "threat", 2105, Negated),
            // "so-called" before a three-word noun phrase ending in "threats": distanced.
            (GT, "threat", 2, "threats", 2551, Distanced),
            // "non-confrontation" inside a quoted list of principles: negated wins.
            (TNB, "confrontation", 1, "confrontation", 1728, Negated),
            // "no" two words before "confrontation": negated.
            (TNB, "confrontation", 2, "confrontation", 2839, Negated),
            // A six-word quotation attributed to a correspondent: quoted, not a scare quote.
            (AJ, "threat", 1, "threat", 3340, Quoted),
        ],
    );
}

/// Where the tool and a careful reader disagree and no sound general rule fixes it: each case
/// pins the tool's current answer. When a fix lands, update the case and docs/method.md.
#[test]
fn known_errors_on_the_seeds() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    check_all(
        &r,
        &[
            // known error: should be Negated (they deny planning a so-called alliance): the
            // negator is six words before the mention, beyond the window of four; the distancer
            // catches it, so it is still not endorsed.
            (TNB, "alliance", 1, "alliance", 3010, Distanced),
            // known error: should be Quoted. The leaders' phrase "aggressive rhetoric", in
            // quotation marks, in an outlet that says much the same in its own voice in its first
            // sentence: a partial quotation it relays, not a scare quote.
            // Surface rules cannot tell attribution from irony in a short quotation.
            (NEO, "aggressive", 1, "aggressive rhetoric", 1520, Distanced),
            // known error: should be Quoted. Reported speech without quotation marks (a
            // newspaper's view, attributed at the end of the sentence): counted as the outlet's.
            (NEO, "pressure", 4, "pressure", 4784, Asserted),
            // known error: should be Quoted. Reported speech (what a TV channel emphasizes that
            // the two countries call themselves).
            (NEO, "partnership", 3, "partners", 5843, Asserted),
            // known error: should be Quoted. An expert's commentary under a name line, with no
            // quotation marks (the Global Times format): Tavrovsky's words, read as the outlet's.
            (GT, "partnership", 3, "partnership", 4782, Asserted),
            // known error: should be Quoted. A reported view (China condemns Washington's ties
            // to Taipei as interference): China's charge, not the outlet's.
            (CC, "interference", 6, "interference", 5588, Asserted),
            // known error: should be Quoted. A Reuters report reproduced after "said:" as a
            // paragraph without quotation marks, itself reporting what the U.S. said.
            (CC, "partnership", 5, "partners", 8137, Asserted),
        ],
    );
    let Some(r) = run("tests/fixtures/seeds-stance.toml") else {
        return;
    };
    check_all(
        &r,
        &[
            // known error: should be Negated (the expert calls a confrontation unlikely, with
            // "not" after the mention): the rules look only before a mention.
            (GT, "confrontation", 1, "confrontation", 3131, Asserted),
            // known error: should be Quoted. Xi's warm two-word description of Putin in
            // quotation marks (closed by a misprinted opening mark): a partial quotation the
            // outlet relays without irony, counted as a scare quote.
            (AJ, "friendship", 2, "friend", 3710, Distanced),
        ],
    );
}

/// Per seed and frame of seeds.toml: [asserted, quoted, negated, distanced], every mention read
/// by hand. The counts are the tool's; a `*` in a comment marks a mention the careful reader
/// would put elsewhere (a known error), with where.
#[test]
fn stance_counts_per_seed_and_frame() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    let frames = SEED_FRAMES;
    #[rustfmt::skip]
    let expected: [(&str, [[u64; 4]; 5]); 5] = [
        (NEO, [
            // alliance 3: 3 asserted (709* a view the outlet attributes to Westerners,
            // reader: quoted; 4465 AUKUS; 5406 an economic "ideal alliance").
            [3, 0, 0, 0],
            // partnership 4: 4 asserted (325, 2252, 6192; 5843* reported speech, reader: quoted).
            [4, 0, 0, 0],
            [0, 0, 0, 0],
            // aggressive 1: 1 distanced (1520 in quotation marks*, reader: quoted).
            [0, 0, 0, 1],
            // pressure 4: 4 asserted (222, 1712, 2109; 4784* "… noted", reader: quoted).
            [4, 0, 0, 0],
        ]),
        (GT, [
            // alliance 2: 1 asserted (2631*, the first expert's words, reader: quoted),
            // 1 negated (2166 "do not seek an alliance").
            [1, 0, 1, 0],
            // partnership 4: 4 asserted, all in the two experts' commentary* (1927, 2645,
            // 4782, 5913), reader: quoted.
            [4, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
            // pressure 4: 4 asserted (466 the editor's note; 1348*, 3376*, 4118* the experts,
            // reader: quoted; in 3376 the "not" five words before denies a link to the
            // pressure, not the pressure itself, so it is not negated).
            [4, 0, 0, 0],
        ]),
        (CC, [
            // alliance 2: 2 asserted (1310* reported speech of a Kremlin aide; 8608* in the
            // reproduced Reuters report; reader: quoted).
            [2, 0, 0, 0],
            // partnership 6: 5 asserted (1338* reported speech, 2722, 3436, 4364, 8137* Reuters
            // report), 1 quoted (9365 Donfried).
            [5, 1, 0, 0],
            // interference 7: 3 asserted (52 headline* and 221* lede, what the two presidents
            // agreed, reported; 5588* China's charge; reader: quoted), 2 quoted (678, 7424 Xi),
            // 2 negated (2116, 4047 "non-interference" inside Putin's quotations).
            [3, 2, 2, 0],
            [0, 0, 0, 0],
            // pressure 2: 2 asserted (1649, 3405).
            [2, 0, 0, 0],
        ]),
        (AJ, [
            [0, 0, 0, 0],
            // partnership 2: 2 asserted (2878, 3184).
            [2, 0, 0, 0],
            // interference 1: 1 negated (568 "not interfering" in Putin's quotation).
            [0, 0, 1, 0],
            // aggressive 2: 1 quoted (2002 Peskov's sentence), 1 distanced (1723 one word in
            // quotation marks).
            [0, 1, 0, 1],
            [0, 0, 0, 0],
        ]),
        (TNB, [
            // alliance 5: 2 asserted (4138 Five Eyes, 4165 the translator's note on it),
            // 1 negated (3713 "partnership, not alliance"), 2 distanced (3010 so-called*, reader:
            // negated as well, negated first; 3298 scare quotes).
            [2, 0, 1, 2],
            // partnership 6: 3 asserted (1324, 1664, 2274), 1 quoted (3696 the slogan),
            // 2 distanced (4362, 4422 scare-quoted names of US initiatives).
            [3, 1, 0, 2],
            [0, 0, 0, 0],
            [0, 0, 0, 0],
            // pressure 2: 2 asserted (1859 and 2398: each has a "not" far before it that
            // negates a verb and presupposes the pressure).
            [2, 0, 0, 0],
        ]),
    ];
    for (file, per_frame) in expected {
        let a = article(&r, file);
        for (frame, want) in frames.iter().zip(per_frame) {
            let s = a
                .frames
                .get(*frame)
                .map_or(StanceCounts::default(), |c| c.stance);
            assert_eq!(
                [s.asserted, s.quoted, s.negated, s.distanced],
                want,
                "{file} {frame}"
            );
        }
    }
}

/// Actors are the actors named in the mention's sentence; tests/fixtures/seeds-stance.toml has
/// one actor per surface form so that each form can be seen.
#[test]
fn actors_in_the_same_sentence() {
    let Some(r) = run("tests/fixtures/seeds-stance.toml") else {
        return;
    };
    let actors = |file, frame, nth, text, start| -> Vec<String> {
        mention(&r, file, frame, nth, text, start)
            .actors
            .iter()
            .map(|a| a.to_string())
            .collect()
    };
    // Peskov's sentence has both "US" and the pronoun "us": each case-sensitive term finds
    // only its own form.
    assert_eq!(
        actors(AJ, "aggressive", 2, "aggressive rhetoric", 2002),
        ["us", "first-person-us", "nato"]
    );
    // "US influence": the upper-case form only (and "the West" earlier in the sentence).
    assert_eq!(
        actors(AJ, "partnership", 1, "partnership", 2878),
        ["us", "the-west", "putin"]
    );
    // "Washington’s" (curly apostrophe) is found by `Washington`.
    assert_eq!(
        actors(CC, "interference", 6, "interference", 5588),
        ["washington"]
    );
    // The mention follows "U.S. President": Putin, named before it, is in the same sentence,
    // so the sentence was not split at "U.S." before a capitalised word.
    assert_eq!(
        actors(CC, "hostility", 1, "hostility", 426),
        ["us", "putin"]
    );
    // The mention precedes "U.S. Assistant Secretary …"; Donfried, named after it, is in the
    // same sentence.
    assert_eq!(
        actors(CC, "partnership", 5, "partners", 8137),
        ["us", "donfried"]
    );
    // A quotation of two sentences is one sentence for actors: "Washington" inside it, and
    // Donfried and "U.S." after it.
    assert_eq!(
        actors(CC, "partnership", 6, "partners", 9365),
        ["us", "washington", "donfried"]
    );
    // The Global Times text lost some paragraph breaks ("…Russia.The US …"): a `.` glued to a
    // capitalised word ends the sentence, so "the West" of the sentence before (here) or after
    // (next) does not leak into the mention's actors.
    assert_eq!(actors(GT, "threat", 2, "threats", 2551), ["us"]);
    assert!(actors(GT, "cold_war", 3, "cold war", 5331).is_empty());
    // Nobody named in the sentence: no actors.
    assert!(actors(TNB, "partnership", 1, "partnership", 1324).is_empty());
}

/// The headline flag: the Countercurrents headline holds the first mention of interference.
#[test]
fn headline_mentions_are_flagged() {
    let Some(r) = run("tests/fixtures/seeds.toml") else {
        return;
    };
    assert!(mention(&r, CC, "interference", 1, "Interference", 52).headline);
    assert!(!mention(&r, CC, "interference", 2, "interference", 221).headline);
    let flagged: usize = r
        .articles
        .iter()
        .map(|a| a.mentions.iter().filter(|m| m.headline).count())
        .sum();
    assert_eq!(flagged, 1);
}
