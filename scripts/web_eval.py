#!/usr/bin/env python3
"""Scores the text framelens counts on saved web pages against passages marked by hand.

The data set is a folder holding `evaldata.json` (for each page, by URL: `file`, the page in
`eval/`; `with`, passages of the article a good extraction keeps; `without`, passages of page
furniture it drops), such as the one in ../shared/web-eval/ unpacked under target/.

A passage counts as found when it appears in the extracted text, both in Unicode NFC,
without the invisible characters framelens drops when it counts (soft hyphens, zero-width
spaces), and with runs of whitespace read as one space (passages may start or end inside a
word, so the match is on characters, as in the benchmark's own scoring). Recall is the
share of `with` passages found, precision the share of found passages that are `with` ones
(found `without` passages are the false positives), F1 their harmonic mean, over all
passages. A page is *missed* when under half of its `with` passages are found.

    scripts/web_eval.py target/web-eval                  # framelens (target/release)
    scripts/web_eval.py target/web-eval --split dev      # four pages in five
    scripts/web_eval.py target/web-eval --split holdout  # the fifth page (by name hash)
    scripts/web_eval.py target/web-eval --tool trafilatura   # the comparison (pip install)
    scripts/web_eval.py target/web-eval --worst 10       # the pages that lose most

Nothing is fetched: the pages are read from disk.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import unicodedata



# Invisible characters that framelens drops when it counts (soft hyphen, zero-width space and
# joiners, word joiner, BOM): the hand-marked passages hold none of them.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def words(text):
    # NFC on both sides: the hand-marked passages are normalized (Bengali U+09DF is stored
    # as U+09AF U+09BC) where pages often are not, and a reader that keeps the page's
    # characters as they are must not lose the passage for it.
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return " ".join(text.split())


def split_of(name):
    h = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return "holdout" if h % 5 == 0 else "dev"


def framelens_texts(binary, config, files, headline):
    out = {}
    for i in range(0, len(files), 200):
        batch = files[i : i + 200]
        run = subprocess.run(
            [binary, "text", "--json", "--config", config, "--", *batch],
            capture_output=True,
        )
        stream = run.stdout.decode("utf-8")
        decoder = json.JSONDecoder()
        at = 0
        while True:
            while at < len(stream) and stream[at].isspace():
                at += 1
            if at >= len(stream):
                break
            v, at = decoder.raw_decode(stream, at)
            parts = []
            if headline and v["headline"]:
                parts.append(v["headline"]["text"])
            parts += [p["text"] for p in v["paragraphs"]]
            out[os.path.basename(v["path"])] = "\n".join(parts)
    return out


def trafilatura_texts(files):
    import trafilatura  # only for the comparison; not a dependency of framelens

    out = {}
    for f in files:
        with open(f, "rb") as fh:
            html = fh.read()
        out[os.path.basename(f)] = trafilatura.extract(html) or ""
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", help="folder with evaldata.json and eval/")
    ap.add_argument("--tool", default="framelens", choices=["framelens", "trafilatura"])
    ap.add_argument("--bin", default="target/release/framelens")
    ap.add_argument("--config", default="config/framing.toml")
    ap.add_argument("--split", default="all", choices=["all", "dev", "holdout"])
    ap.add_argument("--no-headline", action="store_true", help="score the paragraphs only")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with most errors")
    args = ap.parse_args()

    with open(os.path.join(args.data, "evaldata.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    pages = {}
    for entry in data.values():
        name = entry["file"]
        path = os.path.join(args.data, "eval", name)
        if not os.path.exists(path) or name in pages:
            continue
        if args.split != "all" and split_of(name) != args.split:
            continue
        pages[name] = (path, entry.get("with") or [], entry.get("without") or [])
    files = [p for p, _, _ in pages.values()]
    if args.tool == "framelens":
        texts = framelens_texts(args.bin, args.config, files, not args.no_headline)
    else:
        texts = trafilatura_texts(files)

    tp = fn = fp = tn = 0
    missed = 0
    errors = []
    for name, (_, keep, drop) in sorted(pages.items()):
        got = words(texts.get(name, ""))
        found = [words(w) in got for w in keep if words(w).strip()]
        leaked = [words(w) in got for w in drop if words(w).strip()]
        tp += sum(found)
        fn += len(found) - sum(found)
        fp += sum(leaked)
        tn += len(leaked) - sum(leaked)
        if found and sum(found) * 2 < len(found):
            missed += 1
        errors.append((len(found) - sum(found) + sum(leaked), name, sum(found), len(found), sum(leaked), len(leaked)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{args.tool} {args.split}: {len(pages)} pages, F1 {f1:.3f}, precision {precision:.3f}, "
        f"recall {recall:.3f}, missed {missed} ({100 * missed / max(len(pages), 1):.1f}%)"
    )
    for e in sorted(errors, reverse=True)[: args.worst]:
        print(f"  {e[1]}: kept {e[2]}/{e[3]}, leaked {e[4]}/{e[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
