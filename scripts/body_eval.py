#!/usr/bin/env python3
"""Scores the text framelens counts on web pages against whole article bodies marked by hand.

The metric is the one of the public article-extraction benchmark that issue 24 cites:
both texts are cut into word tokens (runs of letters, digits and `_`), the tokens into
shingles of four, and each page's shingles are matched as multisets. Per page, the true
positives, false positives and false negatives are divided by their sum, so that a long page
weighs no more than a short one; precision is the mean over the pages where the extractor
gave some text, recall the mean over all pages, and F1 their harmonic mean. A page is
*missed* when its recall is under one half.

The bodies are a JSON file mapping a page's id to `{"articleBody": "..."}` (the benchmark's
`ground-truth.json`), the pages a folder holding `<id>.html` or `<id>.html.gz`:

    scripts/body_eval.py ground-truth.json html/                  # framelens (target/release)
    scripts/body_eval.py ground-truth.json html/ --tool trafilatura
    scripts/body_eval.py ground-truth.json html/ --worst 10       # the pages that lose most

`--agreed DATA OUT.json` writes such a file for the development pages in DATA (the
`../shared/web-eval` set unpacked): the text trafilatura extracts, for each page where
trafilatura and readability-lxml agree (F1 0.9 or more between them, 500 characters or
more). It is no hand-marked body, only a check of the reader on whole texts between runs
(`pip install trafilatura lxml_html_clean readability-lxml`).

Nothing is fetched: the pages are read from disk.
"""

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import web_eval  # noqa: E402  (the same run of `framelens text` as the passage scores)

TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def match(true, pred):
    """(tp, fp, fn) of one page, divided by their sum."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def recall(tp, fp, fn):
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def read_page(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        return fh.read()


def page_files(folder, ids):
    files = {}
    for i in ids:
        for ext in (".html", ".html.gz", ".htm"):
            path = os.path.join(folder, i + ext)
            if os.path.exists(path):
                files[i] = path
                break
    return files


def framelens_texts(binary, config, files, headline, tmp):
    """The counted text of each page: headline (with `headline`) and paragraphs."""
    # framelens reads .html files: a gzipped page is unpacked under `tmp` first.
    by_name = {}
    for i, path in files.items():
        if path.endswith(".gz"):
            os.makedirs(tmp, exist_ok=True)
            plain = os.path.join(tmp, i + ".html")
            with open(plain, "wb") as out:
                out.write(read_page(path))
            path = plain
        by_name[os.path.basename(path)] = (i, path)
    paths = [path for _, path in by_name.values()]
    texts = web_eval.framelens_texts(binary, config, paths, headline)
    return {by_name[name][0]: text for name, text in texts.items() if name in by_name}


def trafilatura_texts(files):
    import trafilatura  # only for the comparison; not a dependency of framelens

    return {i: trafilatura.extract(read_page(p)) or "" for i, p in files.items()}


def agreed(data, out_path):
    """Writes the bodies two other readers agree on, for the development pages in `data`."""
    import lxml.html
    import trafilatura
    from readability import Document

    with open(os.path.join(data, "evaldata.json"), encoding="utf-8") as fh:
        entries = json.load(fh)
    bodies = {}
    for entry in entries.values():
        name = entry["file"]
        path = os.path.join(data, "eval", name)
        if not os.path.exists(path) or name in bodies:
            continue
        html = read_page(path)
        traf = trafilatura.extract(html) or ""
        try:
            summary = Document(html).summary()
            read = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        except Exception:  # readability gives up on some pages: no agreement there
            read = ""
        tp, fp, fn = match(read, traf)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 >= 0.9 and len(traf) >= 500:
            bodies[name[: -len(".html")] if name.endswith(".html") else name] = {"articleBody": traf}
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(bodies, fh, ensure_ascii=False, indent=0, sort_keys=True)
    print(f"{len(bodies)} pages where trafilatura and readability agree -> {out_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bodies", nargs="?", help="JSON: page id -> {articleBody}")
    ap.add_argument("pages", nargs="?", help="folder of <id>.html or <id>.html.gz")
    ap.add_argument("--tool", default="framelens", choices=["framelens", "trafilatura"])
    ap.add_argument("--bin", default="target/release/framelens")
    ap.add_argument("--config", default="config/framing.toml")
    ap.add_argument("--no-headline", action="store_true", help="score the paragraphs only")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with lowest F1")
    ap.add_argument("--agreed", nargs=2, metavar=("DATA", "OUT"), help="write agreed bodies")
    args = ap.parse_args()
    if args.agreed:
        agreed(*args.agreed)
        return 0
    if not args.bodies or not args.pages:
        ap.error("give the bodies file and the pages folder (or --agreed DATA OUT)")

    with open(args.bodies, encoding="utf-8") as fh:
        bodies = json.load(fh)
    files = page_files(args.pages, sorted(bodies))
    if len(files) < len(bodies):
        print(f"warning: {len(bodies) - len(files)} pages not found in {args.pages}", file=sys.stderr)
    if args.tool == "framelens":
        tmp = os.path.join("target", "body-eval-pages")
        texts = framelens_texts(args.bin, args.config, files, not args.no_headline, tmp)
    else:
        texts = trafilatura_texts(files)

    scores = []
    for i in sorted(files):
        tp, fp, fn = match(bodies[i].get("articleBody", ""), texts.get(i, ""))
        scores.append((i, tp, fp, fn))
    given = [precision(tp, fp, fn) for _, tp, fp, fn in scores if tp + fp > 0]
    recalls = [recall(tp, fp, fn) for _, tp, fp, fn in scores if tp + fn > 0]
    p = sum(given) / len(given) if given else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    missed = sum(1 for _, tp, fp, fn in scores if tp + fn > 0 and recall(tp, fp, fn) < 0.5)
    print(
        f"{args.tool}: {len(scores)} pages, F1 {f1:.3f}, precision {p:.3f}, recall {r:.3f}, "
        f"missed {missed} ({100 * missed / max(len(scores), 1):.1f}%)"
    )
    page_f1 = []
    for i, tp, fp, fn in scores:
        pp, rr = (precision(tp, fp, fn) if tp + fp > 0 else 0.0), recall(tp, fp, fn)
        page_f1.append((2 * pp * rr / (pp + rr) if pp + rr else 0.0, pp, rr, i))
    for f, pp, rr, i in sorted(page_f1)[: args.worst]:
        print(f"  {i}: F1 {f:.2f}, precision {pp:.2f}, recall {rr:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
