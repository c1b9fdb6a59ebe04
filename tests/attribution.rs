//! Attribution, speaker, subject scope and the negation beyond the window, one pattern per
//! case, each with the sentence it comes from (sentences written for the project, about
//! fictional events), scored end to end under tests/fixtures/attribution.toml. The second test
//! reads a labelled development set of invented news paragraphs
//! (tests/fixtures/attribution-dev.txt) and checks the agreement that the acceptance asks of
//! the held-out set.

use framelens::model::{MentionReport, Stance};
use framelens::score::Engine;
use std::path::Path;

fn engine() -> Engine {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attribution.toml");
    framelens::engine(&path).unwrap()
}

/// The mention marked `[…]` in `text` (a paragraph; several paragraphs split by blank lines).
fn mention_in(engine: &Engine, text: &str) -> MentionReport {
    let open = text.find('[').expect("a [mention]");
    let close = text.find(']').expect("a [mention]");
    let plain = format!(
        "Test article\n\n{}{}{}",
        &text[..open],
        &text[open + 1..close],
        &text[close + 1..]
    );
    let start = "Test article\n\n".len() + open;
    let article = framelens::ingest::ingest(
        "x.txt",
        Path::new("x.txt"),
        plain.as_bytes(),
        &engine.config,
    )
    .unwrap_or_else(|e| panic!("{text}: {}", e.0));
    let report = engine.score(&article);
    report
        .mentions
        .iter()
        .find(|m| m.start == start)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no mention at [{}] in {text:?}: {:?}",
                &text[open + 1..close],
                report.mentions
            )
        })
}

/// What a reader says of a mention.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    stance: Stance,
    attribution: Option<String>,
    speaker: Option<String>,
    in_scope: Option<bool>,
}

fn reading(m: &MentionReport) -> Reading {
    Reading {
        stance: m.stance,
        attribution: m.attribution.map(|a| a.as_str().to_string()),
        speaker: m.speaker.as_deref().map(str::to_string),
        in_scope: m.in_scope,
    }
}

fn parse_stance(s: &str) -> Stance {
    match s {
        "asserted" => Stance::Asserted,
        "quoted" => Stance::Quoted,
        "negated" => Stance::Negated,
        "distanced" => Stance::Distanced,
        _ => panic!("unknown stance {s}"),
    }
}

/// `stance attribution speaker scope`, as the fixture writes them: `-` for none, speaker
/// words joined by `_`, scope `in`/`out`/`-`.
fn parse_label(label: &str) -> Reading {
    let f: Vec<&str> = label.split_whitespace().collect();
    assert_eq!(f.len(), 4, "label {label:?}");
    let opt = |s: &str| (s != "-").then(|| s.replace('_', " "));
    Reading {
        stance: parse_stance(f[0]),
        attribution: opt(f[1]),
        speaker: opt(f[2]),
        in_scope: match f[3] {
            "in" => Some(true),
            "out" => Some(false),
            _ => None,
        },
    }
}

/// One case per pattern: each must hold exactly.
#[test]
fn every_pattern_with_its_sentence() {
    let e = engine();
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        // Direct: inside a quotation, its speaker after it.
        ("“Our [partnership] with Beijing has never been stronger,” Lavrov said on Tuesday.",
         "quoted direct russia in"),
        // Reported, verb before: "X said (that) …".
        ("Wang Yi said the two countries would deepen their [partnership] next year.",
         "quoted reported china in"),
        // Reported, attribution after the clause, set off by a comma.
        ("Moscow is fuelling [interference] in the vote, a senior senator said on Sunday.",
         "quoted reported a_senior_senator in"),
        // Reported, inverted: ", said the spokesman".
        ("The Kremlin poses no direct risk to the region, and its [pact] with Beijing is defensive, said the spokesman.",
         "quoted reported the_spokesman in"),
        // According to.
        ("According to the ministry, the [pact] between Moscow and Beijing covers grain and gas.",
         "quoted reported the_ministry in"),
        ("The [pact] between Moscow and Beijing covers grain and gas, according to the Harbor Post.",
         "quoted reported the_Harbor_Post in"),
        // A document as source.
        ("The strategy paper says Moscow is the main [threat] to the northern ports.",
         "quoted reported The_strategy_paper in"),
        ("The joint declaration states that the Russia-China [partnership] has no limits.",
         "quoted reported The_joint_declaration in"),
        // A parenthetical attribution.
        ("The [alliance] between Russia and China, he told the press, is only a matter of time.",
         "quoted reported - in"),
        // Passive "was quoted as saying".
        ("Lavrov was quoted as saying that the [partnership] with China would outlast any sanctions.",
         "quoted reported russia in"),
        // "told reporters", with an adverb between subject and verb.
        ("A Chinese envoy privately told reporters the Moscow [partnership] was a priority.",
         "quoted reported china in"),
        // A relative clause: "X, who said …".
        ("The minister, who said the Russian [threat] was growing, left early.",
         "quoted reported The_minister in"),
        // A pronoun takes the nearest named source before it in the paragraph.
        ("Senator Maria Ostrova spoke after the vote. Russia, she said, was a growing [threat] to the ports.",
         "quoted reported Senator_Maria_Ostrova in"),
        // A quotation that goes on from a sentence ending in a colon.
        ("The Kremlin spokesman said:\n\n“The [partnership] between Russia and China is a fact of life.”",
         "quoted direct russia in"),
        // A short quotation inside reported speech: a partial quotation.
        ("Lavrov said the talks would address the “Chinese [threat]” narrative.",
         "quoted direct russia in"),
        // A scare quote in the outlet's own voice: distanced, no attribution.
        ("Moscow keeps praising its “[partnership]” with Beijing.",
         "distanced - - in"),
        // A "verb" after a determiner is a noun: own voice.
        ("The claims of Russian [interference] were repeated by the ministry.",
         "asserted - - in"),
        // "states" as a noun is no speech verb.
        ("Both states have signed a [partnership] with Moscow.",
         "asserted - - in"),
        // "sees … as": a view reported; about the base's owner, not the perceiver.
        ("Moscow sees the new base in Norway as a [threat].",
         "quoted reported russia out"),
        // "sees that" is the outlet's own claim.
        ("Everyone clearly sees that the Russia-China [partnership] is deepening.",
         "asserted - - in"),
        // The speaker's noun phrase holds the mention: the outlet's own voice.
        ("NATO [allies] said on Monday that the drills would go ahead.",
         "asserted - - out"),
        // Negation readers see: "not yet", "no longer", "far from", "hardly".
        ("Moscow and Beijing have not yet formed an [alliance].", "negated - - in"),
        ("The Russia-China [partnership] is no longer a secret.", "asserted - - in"),
        ("Russia and China are no longer an [alliance].", "negated - - in"),
        ("Ties between Moscow and Beijing are far from an [alliance].", "negated - - in"),
        ("Russia and China are hardly an [alliance].", "negated - - in"),
        // A negated verb whose object holds the mention, beyond four words.
        ("Such a front between Moscow and Beijing has not yet turned into a military [bloc].",
         "negated - - -"),
        // A negated verb that denies something else: not negated.
        ("Cooperation between Moscow and Beijing is not necessarily tied to rising [threats].",
         "asserted - - in"),
        // Negation after the mention that governs it.
        ("The Russia-China [pact] was never signed.", "negated - - in"),
        ("Such a Russian-Chinese [bloc] does not exist.", "negated - - -"),
        // A negated description of something that exists is not negated.
        ("The Russia-China [partnership] is not new.", "asserted - - in"),
        // Scope: parties of a relationship in the noun phrase and after it.
        ("The Russia-China [alliance] dominated the summit.", "asserted - - in"),
        ("Talks on an [alliance] between Moscow and Beijing resumed.", "asserted - - in"),
        ("Moscow and Beijing are forming an [alliance].", "asserted - - in"),
        // Another party named in the noun phrase: out of scope.
        ("Russia criticised the NATO [alliance] on Friday.", "quoted reported russia out"),
        ("Canberra joined the AUKUS [partnership] in 2021.", "asserted - - out"),
        // A charge's target is not what it is about.
        ("Officials warned of a growing [threat] to Russia from the north.",
         "quoted reported Officials out"),
        ("Beijing condemned US [interference] in China's affairs.", "quoted reported china out"),
        // A proper name that holds the word is about nobody in scope.
        ("China joined the Asia Infrastructure [Alliance] last year.", "asserted - - out"),
        // A reference back: "the two countries", "their".
        ("Xi Jinping met Vladimir Putin in Moscow. The two countries signed a new [partnership].",
         "asserted - - in"),
        // Named only in the sentence before, with no reference back: out of scope.
        ("Russia moved troops to the border. Officials were slow to see the [threat].",
         "asserted - - out"),
        // A frame without `about` has no scope.
        ("The eastern [bloc] met in June.", "asserted - - -"),
    ];
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|(text, label)| {
            let got = reading(&mention_in(&e, text));
            let want = parse_label(label);
            (got != want).then(|| format!("{text}\n  got  {got:?}\n  want {want:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

/// The development set: invented news paragraphs in several styles, each with one marked
/// mention and a reader's label. The rules were written against the patterns, not these
/// sentences; agreement is checked against the acceptance levels of the held-out set
/// (stance 95%, attribution and scope 90%, speaker 80% of attributed mentions with an actor
/// as source) and printed.
#[test]
fn development_set_agreement() {
    let e = engine();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attribution-dev.txt");
    let src = std::fs::read_to_string(path).unwrap();
    let (mut n, mut stance, mut attribution, mut scope_n, mut scope) = (0, 0, 0, 0, 0);
    let (mut speaker_n, mut speaker) = (0, 0);
    let mut misses = Vec::new();
    for case in src.split("\n---\n") {
        let case = case.trim();
        if case.is_empty() || case.starts_with('#') {
            continue;
        }
        let (label, text) = case.split_once('\n').unwrap();
        let want = parse_label(label);
        let got = reading(&mention_in(&e, &text.replace("\\n", "\n")));
        n += 1;
        stance += usize::from(got.stance == want.stance);
        attribution += usize::from(got.attribution == want.attribution);
        if want.in_scope.is_some() {
            scope_n += 1;
            scope += usize::from(got.in_scope == want.in_scope);
        }
        let actor_source = want
            .speaker
            .as_deref()
            .is_some_and(|s| ["russia", "china", "west"].contains(&s));
        if actor_source {
            speaker_n += 1;
            speaker += usize::from(got.speaker == want.speaker);
        }
        if got != want {
            misses.push(format!("{text}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "development set: {n} mentions; stance {stance}/{n} ({:.0}%), attribution \
         {attribution}/{n} ({:.0}%), scope {scope}/{scope_n} ({:.0}%), speaker \
         {speaker}/{speaker_n} ({:.0}%)\nmisses:\n{}",
        pct(stance, n),
        pct(attribution, n),
        pct(scope, scope_n),
        pct(speaker, speaker_n),
        misses.join("\n")
    );
    assert!(n >= 40, "{n} cases");
    assert!(pct(stance, n) >= 95.0, "stance {stance}/{n}");
    assert!(pct(attribution, n) >= 90.0, "attribution {attribution}/{n}");
    assert!(pct(scope, scope_n) >= 90.0, "scope {scope}/{scope_n}");
    assert!(
        pct(speaker, speaker_n) >= 80.0,
        "speaker {speaker}/{speaker_n}"
    );
}
