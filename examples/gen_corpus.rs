//! Generates a synthetic benchmark corpus and a 240-term lexicon, for `scripts/bench.sh`.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- target/bench/corpus-100 100
//! ```
//!
//! writes about 100 MB of `.txt` articles (3,300 bytes on average, like real news articles,
//! so ~30,000 files for 100 MB) into the folder, sharded in sub-folders of 1,000, plus
//! `framelens.toml` beside them: 8 frames of 30 terms each (words, phrases, stems and a few
//! case-sensitive acronyms), 4 actors, 8 outlets and the default stance rules. The text is
//! random English-like prose from a fixed vocabulary, with frame terms, actors, quotations,
//! negations and distancers at densities like those of the reference articles (about one
//! mention per 60 words); each outlet reaches for one frame more often than the others. A fixed
//! seed makes it the same corpus every time.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "it",
    "at",
    "from",
    "said",
    "his",
    "have",
    "has",
    "are",
    "be",
    "its",
    "an",
    "their",
    "which",
    "this",
    "were",
    "had",
    "after",
    "two",
    "who",
    "also",
    "more",
    "been",
    "will",
    "new",
    "than",
    "would",
    "year",
    "other",
    "over",
    "into",
    "about",
    "leaders",
    "talks",
    "summit",
    "ministry",
    "trade",
    "energy",
    "government",
    "officials",
    "meeting",
    "week",
    "region",
    "border",
    "economic",
    "security",
    "policy",
    "president",
    "minister",
    "foreign",
    "countries",
    "relations",
    "state",
    "capital",
    "agreement",
    "visit",
    "statement",
    "spokesman",
    "analysts",
    "market",
    "growth",
    "exports",
    "pipeline",
    "gas",
    "oil",
    "investment",
    "bank",
    "currency",
    "military",
    "exercise",
    "troops",
    "sanctions",
    "council",
    "delegation",
    "conference",
    "reporters",
    "interview",
    "Thursday",
    "Wednesday",
    "December",
    "percent",
    "billion",
    "million",
    "further",
    "recent",
];

const FRAMES: &[(&str, &[&str])] = &[
    (
        "alliance",
        &[
            "alliance",
            "alliances",
            "military bloc",
            "axis",
            "united front",
            "pact",
            "pacts",
            "bloc",
            "coalition",
            "allied*",
            "military alliance",
            "defence pact",
            "axis of upheaval",
            "joint front",
            "treaty ally",
            "allies",
            "ally",
            "security bloc",
            "entente",
            "mutual defence",
            "anti-western bloc",
            "strategic axis",
            "camp",
            "alignment",
            "aligned",
            "blocs",
            "coalitions",
            "war alliance",
            "axis powers",
            "formal alliance",
        ],
    ),
    (
        "partnership",
        &[
            "partnership",
            "strategic partnership",
            "cooperation",
            "partners",
            "partner",
            "cooperat*",
            "collaborat*",
            "joint projects",
            "mutual benefit",
            "win-win",
            "friendship",
            "good neighbours",
            "comprehensive partnership",
            "strategic coordination",
            "coordination",
            "dialogue",
            "mutual trust",
            "shared interests",
            "common development",
            "economic ties",
            "close ties",
            "trade ties",
            "bilateral ties",
            "people-to-people",
            "exchange*",
            "consultation*",
            "joint statement",
            "partnerships",
            "cooperative",
            "strategic trust",
        ],
    ),
    (
        "aggressive_rhetoric",
        &[
            "aggressive rhetoric",
            "aggressive",
            "hostile rhetoric",
            "provocat*",
            "belligeren*",
            "saber-rattling",
            "sabre-rattling",
            "bellicose",
            "warmonger*",
            "inflammatory",
            "threatening",
            "threats",
            "hostility",
            "escalat*",
            "intimidat*",
            "confrontational",
            "militaris*",
            "hawkish",
            "blackmail",
            "bullying",
            "coercion",
            "coercive",
            "hostile",
            "aggression",
            "aggressor",
            "offensive",
            "incitement",
            "demoniz*",
            "smear",
            "propaganda",
        ],
    ),
    (
        "interference",
        &[
            "interfer*",
            "meddling",
            "meddle",
            "internal affairs",
            "intervention",
            "intervene",
            "interven*",
            "regime change",
            "colour revolution",
            "color revolution",
            "subversion",
            "subvert*",
            "destabiliz*",
            "destabilis*",
            "undermin*",
            "infiltrat*",
            "foreign agents",
            "hybrid war",
            "disinformation",
            "influence operation*",
            "election interference",
            "puppet",
            "proxy",
            "proxies",
            "covert",
            "espionage",
            "spying",
            "spies",
            "sabotage",
            "encroach*",
        ],
    ),
    (
        "western_pressure",
        &[
            "western pressure",
            "external pressure",
            "pressure",
            "pressur*",
            "unilateral sanctions",
            "sanctions pressure",
            "punitive measures",
            "export controls",
            "blacklist*",
            "isolation",
            "isolat*",
            "ultimatum",
            "demands",
            "long-arm jurisdiction",
            "hegemon*",
            "dominance",
            "dictat*",
            "impose",
            "imposed",
            "imposition",
            "bully",
            "extraterritorial",
            "secondary sanctions",
            "price cap",
            "embargo",
            "restrictions",
            "penalties",
            "decoupl*",
            "de-risking",
            "containment",
        ],
    ),
    (
        "threat",
        &[
            "threat*",
            "menace",
            "danger",
            "dangerous",
            "risk",
            "risks",
            "peril",
            "challenge to",
            "systemic rival",
            "systemic challenge",
            "adversary",
            "adversaries",
            "rival",
            "rivals",
            "enemy",
            "enemies",
            "foe",
            "revisionist",
            "expansionis*",
            "assertive",
            "authoritarian*",
            "autocra*",
            "axis of evil",
            "security risk",
            "strategic competitor",
            "competitor",
            "menacing",
            "alarming",
            "worrying",
            "ominous",
        ],
    ),
    (
        "stability",
        &[
            "stability",
            "stable",
            "stabilis*",
            "stabiliz*",
            "peace",
            "peaceful",
            "multipolar*",
            "balance",
            "harmony",
            "order",
            "world order",
            "predictab*",
            "security architecture",
            "global governance",
            "rules-based",
            "international law",
            "sovereignty",
            "sovereign",
            "equality",
            "equal",
            "fairness",
            "just",
            "non-alignment",
            "neutrality",
            "de-escalation",
            "ceasefire",
            "settlement",
            "negotiat*",
            "diplomacy",
            "diplomatic",
        ],
    ),
    (
        "cold_war",
        &[
            "cold war",
            "cold-war",
            "bloc mentality",
            "zero-sum",
            "iron curtain",
            "arms race",
            "new cold war",
            "bloc confrontation",
            "camp confrontation",
            "containment policy",
            "deterrence",
            "spheres of influence",
            "sphere of influence",
            "proxy war",
            "great power",
            "great-power competition",
            "rivalry",
            "superpower",
            "superpowers",
            "geopolitic*",
            "arms control",
            "nuclear",
            "missile*",
            "warhead*",
            "détente",
            "standoff",
            "showdown",
            "brinkmanship",
            "bipolar",
            "polarisation",
        ],
    ),
];

const ACTORS: &[(&str, &[&str])] = &[
    (
        "west",
        &[
            "United States",
            "Washington",
            "the West",
            "Western",
            "NATO",
            "Europe*",
            "American*",
        ],
    ),
    (
        "russia",
        &["Russia", "Moscow", "Kremlin", "Putin", "Russian*"],
    ),
    ("china", &["China", "Beijing", "Xi", "Chinese"]),
    ("ukraine", &["Ukraine", "Kyiv", "Ukrainian*"]),
];

const ACTOR_WORDS: &[&str] = &[
    "Washington",
    "Moscow",
    "Beijing",
    "NATO",
    "the West",
    "Kremlin",
    "Chinese",
    "Russian",
    "American",
    "Europe",
    "Kyiv",
    "US",
];
const SPEAKERS: &[&str] = &[
    "the minister said",
    "an official told reporters",
    "the spokesman added",
    "a senior diplomat said",
    "the analyst wrote",
];
const OUTLETS: &[&str] = &[
    "Northern Courier",
    "Eastern Review",
    "Pacific Ledger",
    "Atlantic Monitor",
    "Central Wire",
    "River Post",
    "Harbour Gazette",
    "Summit Observer",
];

fn surface(term: &str, rng: &mut Rng) -> String {
    match term.strip_suffix('*') {
        Some(stem) => format!("{stem}{}", rng.pick(&["", "ed", "ing", "ion", "s"])),
        None => term.to_string(),
    }
}

/// One sentence; `favourite` is the frame this outlet reaches for more often than the others
/// (a third of its frame mentions), so that outlets differ as real ones do.
fn sentence(rng: &mut Rng, favourite: usize, out: &mut String) {
    let words = 12 + rng.below(18);
    let mut first = true;
    let frame_at = if rng.below(3) > 0 {
        rng.below(words)
    } else {
        usize::MAX
    };
    let actor_at = if rng.below(2) == 0 {
        rng.below(words)
    } else {
        usize::MAX
    };
    let quote = rng.below(8) == 0;
    if quote {
        out.push('“');
    }
    for i in 0..words {
        if !first {
            out.push(' ');
        }
        let w: String = if i == frame_at {
            let frame = if rng.below(3) == 0 {
                favourite
            } else {
                rng.below(FRAMES.len())
            };
            let (_, terms) = FRAMES[frame];
            let mut t = surface(rng.pick(terms), rng);
            match rng.below(12) {
                0 => t = format!("not a {t}"),
                1 => t = format!("so-called {t}"),
                2 => t = format!("‘{t}’"),
                _ => {}
            }
            t
        } else if i == actor_at {
            rng.pick(ACTOR_WORDS).to_string()
        } else {
            rng.pick(COMMON).to_string()
        };
        if first {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push_str(&w);
        }
        first = false;
    }
    if quote {
        let _ = write!(out, ",” {}.", rng.pick(SPEAKERS));
    } else {
        out.push('.');
    }
}

fn article(n: usize, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(4096);
    let outlet = OUTLETS[n % OUTLETS.len()];
    let _ = write!(
        s,
        "Title: Synthetic article {n} about the summit\nSource: {outlet}\nDate: 2031-{:02}-{:02}\nNote: generated for framelens benchmarks; the outlet is fictional.\nText:\n",
        1 + n % 12,
        1 + n % 28
    );
    // Lengths spread like news articles: 2,000 to 4,600 bytes, ~3,300 on average.
    let target = 2000 + rng.below(2600);
    let start = s.len();
    while s.len() - start < target {
        let sentences = 2 + rng.below(4);
        for i in 0..sentences {
            if i > 0 {
                s.push(' ');
            }
            sentence(rng, (n % OUTLETS.len()) % FRAMES.len(), &mut s);
        }
        s.push('\n');
    }
    s
}

fn config() -> String {
    let mut c = String::from("# Generated by examples/gen_corpus.rs: 8 frames x 30 terms, 4 actors.\n[report]\ntitle = \"Benchmark corpus\"\n\n[corpus]\npaths = [\"articles/\"]\n\n");
    for (i, o) in OUTLETS.iter().enumerate() {
        let _ = writeln!(c, "[[outlet]]\nid = \"outlet-{i}\"\nname = \"{o}\"\n");
    }
    for (id, terms) in FRAMES {
        let list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
        let _ = writeln!(
            c,
            "[[frame]]\nid = \"{id}\"\nlabel = \"{id}\"\nterms = [{}]\n",
            list.join(", ")
        );
    }
    c.push_str("[[contrast]]\nid = \"alliance-vs-partnership\"\nleft = \"alliance\"\nright = \"partnership\"\n\n");
    c.push_str(
        "[[contrast]]\nid = \"threat-vs-stability\"\nleft = \"threat\"\nright = \"stability\"\n\n",
    );
    for (id, terms) in ACTORS {
        let mut list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
        if *id == "west" {
            list.push("{ term = \"US\", case_sensitive = true }".into());
        }
        let _ = writeln!(
            c,
            "[[actor]]\nid = \"{id}\"\nlabel = \"{id}\"\nterms = [{}]\n",
            list.join(", ")
        );
    }
    c
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(mb)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u64>().ok()))
    else {
        eprintln!("usage: gen_corpus OUT_DIR SIZE_MB");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let (n, total) = generate(dir, mb)?;
    eprintln!("wrote {n} articles, {total} bytes, into {}", dir.display());
    Ok(())
}

/// Writes about `mb` MB of articles and the config into `dir`; returns (articles, bytes).
/// `tests/browser.rs` uses it for a corpus of over 3,000 articles (`mb = 10`).
pub fn generate(dir: &Path, mb: u64) -> std::io::Result<(usize, u64)> {
    std::fs::create_dir_all(dir.join("articles"))?;
    std::fs::write(dir.join("framelens.toml"), config())?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut total, mut n) = (0u64, 0usize);
    while total < mb * 1_000_000 {
        let shard = dir.join("articles").join(format!("{:04}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&shard)?;
        }
        let text = article(n, &mut rng);
        total += text.len() as u64;
        std::fs::File::create(shard.join(format!("a{n:07}.txt")))?.write_all(text.as_bytes())?;
        n += 1;
    }
    Ok((n, total))
}
