#!/usr/bin/env bash
# Peak memory of `framelens score` and `framelens report` on hostile inputs (issue 20, item
# 5): one export of 1,000,000 CSV rows (each its own text, and a quarter of them
# duplicates), one of 250,000 JSON lines, one CSV row whose text
# field is 50 MB, one 60 MB article, and one article just under the size limit
# (`MAX_ARTICLE_BYTES`, 8 MiB), plain and dense with mentions. Each is measured with
# `/usr/bin/time -v` and must stay within LIMIT_MB (default 200) of peak RSS; the script exits
# 1 when one does not. Inputs are generated under target/memory (invented text, made here),
# never committed.
#
#   scripts/memory.sh
#   CASES="rows field" scripts/memory.sh   # some of: rows dups jsonl field article limit dense
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${LIMIT_MB:-200}
cargo build --release -q
bin=$PWD/target/release/framelens
dir=$PWD/target/memory
mkdir -p "$dir"

python3 - "$dir" <<'PY'
import os, random, sys
d = sys.argv[1]
rnd = random.Random(20)
words = ("the minister harbor council spoke quietly about trade fishing routes weather ports "
         "ferries budget schools rain village market bridge station river season").split()
terms = ["alliance", "partnership", "military bloc", "strategic partnership", "pressure"]
def sentence(dense=False):
    n = rnd.randint(8, 20)
    ws = [rnd.choice(words) for _ in range(n)]
    if dense or rnd.random() < 0.3:
        ws.insert(rnd.randrange(len(ws)), rnd.choice(terms))
    return " ".join(ws).capitalize() + "."
def text(size, dense=False):
    out, total = [], 0
    while total < size:
        p = " ".join(sentence(dense) for _ in range(5))
        out.append(p); total += len(p) + 2
    return "\n\n".join(out)
# The sample config without its corpus and its coding sheet (neither is beside the copies).
cfg = (open("config/framing.toml").read().replace('paths = ["../corpus/"]', 'paths = []')
       .replace('coded = ["../coding/sample-coded.csv"]', 'coded = []'))
def write(name, body):
    with open(os.path.join(d, name), "w") as f:
        f.write(body)
for case in ["rows", "dups", "jsonl", "field", "article", "limit", "dense"]:
    os.makedirs(os.path.join(d, case), exist_ok=True)
    write(f"{case}/framing.toml", cfg)
def short():
    ws = [rnd.choice(words) for _ in range(rnd.randint(3, 6))]
    if rnd.random() < 0.3:
        ws.insert(rnd.randrange(len(ws)), rnd.choice(terms))
    return " ".join(ws).capitalize() + "."
def once(name, make):
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path + ".part", "w") as f:
            make(f)
        os.rename(path + ".part", path)
# About 50 bytes a row (the issue's had 23), each row's text its own (no duplicates).
once("rows/rows.csv", lambda f: [f.write("title,text\n")] + [
    f.write(f"R{i},\"{short()} Item {i}.\"\n") for i in range(1_000_000)])
# The same number of rows, a quarter of them copies of an earlier row's text: each copy is
# skipped as a duplicate, and the report lists it with its path, reason and hash.
def dups(f):
    f.write("title,text\n")
    texts = []
    for i in range(1_000_000):
        if texts and rnd.random() < 0.25:
            t = rnd.choice(texts)
        else:
            t = f"{short()} Item {i}."
            texts.append(t)
        f.write(f"R{i},\"{t}\"\n")
once("dups/rows.csv", dups)
once("jsonl/rows.jsonl", lambda f: [
    f.write('{"title": "Line %d", "text": "%s %s"}\n' % (i, sentence(), sentence()))
    for i in range(250_000)])
once("field/field.csv", lambda f: f.write(
    "title,text\nSmall,\"" + sentence() + "\"\nHuge,\"" + text(50_000_000) + "\"\n"))
once("article/article.txt", lambda f: f.write("A long one\n\n" + text(60_000_000)))
once("limit/limit.txt", lambda f: f.write("Just under\n\n" + text(8 * 1024 * 1024 - 100_000)))
once("dense/dense.txt", lambda f: f.write(
    "Dense\n\n" + text(8 * 1024 * 1024 - 100_000, dense=True)))
PY

status=0
printf '| input | command | seconds | peak RSS (MB) |\n|---|---|---:|---:|\n'
for case in ${CASES:-rows dups jsonl field article limit dense}; do
  for cmd in score report; do
    args=("$cmd" --config "$dir/$case/framing.toml")
    [ "$cmd" = report ] && args+=(--out "$dir/$case-out" --format json)
    args+=("$dir/$case")
    /usr/bin/time -v "$bin" "${args[@]}" >/dev/null 2>"$dir/$case-$cmd.time" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$dir/$case-$cmd.time")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/$case-$cmd.time")
    mark=""
    if [ "$rss" -gt "$limit" ]; then mark=" (over $limit)"; status=1; fi
    printf '| %s | %s | %s | %s%s |\n' "$case" "$cmd" "$secs" "$rss" "$mark"
  done
done
exit $status
